// Drives the search page in headless Chromium for tests/it/search.rs, over the
// DevTools protocol on a pipe (no npm package, no network): serves a built
// site, then per colour scheme and width types a query, waits for results,
// takes a screenshot and follows the first result; also loads the page with
// scripts disabled. Prints a JSON report.
//
// node browser.js CHROMIUM ROOT SCREENSHOT_DIR QUERY [BASE_PATH]
"use strict";
const fs = require("fs");
const path = require("path");
const { serve, devtools, sleep, page } = require("./cdp.js");

const [chrome, root, shots, query, base = "/"] = process.argv.slice(2);

async function main() {
  const server = await serve(root, base);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const cdp = devtools(chrome);
  const report = { runs: [], noscript: null };
  try {
    const { send: s, evaluate, until } = await page(cdp);
    const key = async (k, code, text) => {
      await s("Input.dispatchKeyEvent", { type: "keyDown", key: k, code, text, windowsVirtualKeyCode: k === "Enter" ? 13 : k === "Tab" ? 9 : 191 });
      await s("Input.dispatchKeyEvent", { type: "keyUp", key: k, code, windowsVirtualKeyCode: k === "Enter" ? 13 : k === "Tab" ? 9 : 191 });
    };
    for (const scheme of ["light", "dark"]) {
      for (const width of [1280, 400]) {
        await s("Emulation.setDeviceMetricsOverride", { width, height: 900, deviceScaleFactor: 1, mobile: width < 600 });
        await s("Emulation.setEmulatedMedia", { features: [{ name: "prefers-color-scheme", value: scheme }] });
        await s("Page.navigate", { url: `${origin}${base}search/` });
        await until("document.readyState === 'complete' && !!document.querySelector('.search-status').textContent");
        // The "/" key focuses the box from anywhere on the page.
        await evaluate("document.activeElement.blur(), true");
        await key("/", "Slash", "/");
        const focused = await evaluate("document.activeElement && document.activeElement.id");
        await s("Input.insertText", { text: query });
        await key("Enter", "Enter", "\r");
        const shown = await until("document.querySelectorAll('.search-result').length > 0");
        await sleep(300);
        const state = await evaluate(`({
          results: document.querySelectorAll('.search-result').length,
          marks: document.querySelectorAll('.search-result mark').length,
          status: document.querySelector('.search-status').textContent,
          url: location.search,
          first: document.querySelector('.search-result a') && document.querySelector('.search-result a').href,
          dir: getComputedStyle(document.querySelector('.search-results')).direction,
          overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth,
          years: Array.from(document.querySelectorAll('select[name=year] option')).map(o => o.textContent),
        })`);
        const png = await s("Page.captureScreenshot", { format: "png" });
        const file = path.join(shots, `search-${scheme}-${width}.png`);
        fs.writeFileSync(file, Buffer.from(png.data, "base64"));
        // Follow the first result with the keyboard: Tab from the box
        // reaches the filters, then the results; Enter on a link opens it.
        await evaluate("document.querySelector('.search-result a').focus(), true");
        await key("Enter", "Enter", "\r");
        const followed = await until(`location.pathname !== ${JSON.stringify(base + "search/")}`);
        const landed = await evaluate("location.href").catch(() => null);
        report.runs.push({ scheme, width, focused, shown, ...state, screenshot: file, followed, landed });
      }
    }
    await s("Emulation.setScriptExecutionDisabled", { value: true });
    await s("Page.navigate", { url: `${origin}${base}search/?q=x` });
    await sleep(1500);
    // With scripting off, <noscript> content is parsed as elements (with it
    // on, it is text): the message is shown exactly when it should be.
    const { root: doc } = await s("DOM.getDocument", { depth: -1 });
    const { nodeId } = await s("DOM.querySelector", { nodeId: doc.nodeId, selector: "p.search-noscript" });
    const text = nodeId ? (await s("DOM.getOuterHTML", { nodeId })).outerHTML : "";
    report.noscript = { says: nodeId > 0 && /جافاسكربت/.test(text) };
  } finally {
    await cdp.close();
    server.close();
  }
  process.stdout.write(JSON.stringify(report));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
