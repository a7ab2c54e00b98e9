// Drives the search page in headless Chromium for tests/search.rs, over the
// DevTools protocol on a pipe (no npm package, no network): serves a built
// site, then per colour scheme and width types a query, waits for results,
// takes a screenshot and follows the first result; also loads the page with
// scripts disabled. Prints a JSON report.
//
// node browser.js CHROMIUM ROOT SCREENSHOT_DIR QUERY [BASE_PATH]
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const http = require("http");
const os = require("os");
const path = require("path");

const [chrome, root, shots, query, base = "/"] = process.argv.slice(2);
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".bin": "application/octet-stream", ".woff2": "font/woff2", ".xml": "application/xml" };

function serve() {
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!p.startsWith(base)) return res.writeHead(404).end();
    p = path.join(root, p.slice(base.length));
    if (p.endsWith("/") || p === root) p = path.join(p, "index.html");
    fs.readFile(p, (err, body) => {
      if (err) return res.writeHead(404).end();
      res.writeHead(200, { "content-type": TYPES[path.extname(p)] || "application/octet-stream" });
      res.end(body);
    });
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

function devtools() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "warraq-chromium-"));
  const proc = spawn(
    chrome,
    ["--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe", "--disable-background-networking",
      "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions", "--mute-audio",
      `--user-data-dir=${profile}`, "about:blank"],
    { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] }
  );
  let id = 0;
  let buffer = "";
  const waiting = new Map();
  const listeners = [];
  proc.stdio[4].setEncoding("utf8");
  proc.stdio[4].on("data", (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf("\0")) >= 0) {
      const msg = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      if (msg.id && waiting.has(msg.id)) {
        const { ok, fail } = waiting.get(msg.id);
        waiting.delete(msg.id);
        msg.error ? fail(new Error(JSON.stringify(msg.error))) : ok(msg.result);
      } else {
        for (const l of listeners) l(msg);
      }
    }
  });
  const send = (method, params = {}, sessionId) =>
    new Promise((ok, fail) => {
      const m = { id: ++id, method, params };
      if (sessionId) m.sessionId = sessionId;
      waiting.set(m.id, { ok, fail });
      proc.stdio[3].write(JSON.stringify(m) + "\0");
    });
  const exited = new Promise((ok) => proc.on("exit", ok));
  const close = async () => {
    proc.kill();
    await exited;
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  };
  return { send, on: (f) => listeners.push(f), close };
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

async function main() {
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const cdp = devtools();
  const report = { runs: [], noscript: null };
  try {
    const { targetId } = await cdp.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await cdp.send("Target.attachToTarget", { targetId, flatten: true });
    const s = (m, p) => cdp.send(m, p, sessionId);
    await s("Page.enable");
    await s("Runtime.enable");
    const evaluate = async (expr) => (await s("Runtime.evaluate", { expression: expr, awaitPromise: true, returnByValue: true })).result.value;
    const until = async (expr, ms = 15000) => {
      for (let t = 0; t < ms; t += 100) {
        if (await evaluate(expr)) return true;
        await sleep(100);
      }
      return false;
    };
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
        const landed = await evaluate("location.href");
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
