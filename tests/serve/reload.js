// Live reload as a writer sees it, for tests/it/serve.rs: headless Chromium
// opens a page of `warraq serve`, the test edits the article's source file,
// and the open page must reload by itself and show the edit. Prints a JSON
// report: {"connected", "reloaded", "title"}.
//
// node reload.js CHROMIUM URL FILE FIND REPLACE EXPECT (EXPECT: in the new title)
"use strict";
const fs = require("fs");
const { devtools, sleep, page } = require("../search/cdp.js");

const [chrome, url, file, find, replace, expect] = process.argv.slice(2);

async function main() {
  const cdp = devtools(chrome);
  const report = { connected: false, reloaded: false, title: null };
  try {
    const { send: s, evaluate, until } = await page(cdp);
    await s("Network.enable");
    // The page's own event stream, seen from the browser's network side:
    // its response headers have arrived once the injected script connected.
    cdp.on((msg) => {
      if (msg.method === "Network.responseReceived" && msg.params.response.url.includes("/__warraq/events")) {
        report.connected = true;
      }
    });
    await s("Page.navigate", { url });
    await until("document.readyState === 'complete'");
    for (let t = 0; t < 30000 && !report.connected; t += 100) await sleep(100);
    // A mark that only this load of the page carries: gone after a reload.
    await evaluate("window.__before_edit = true");
    const text = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, text.replace(find, replace));
    report.reloaded = await until(`!window.__before_edit && document.title.includes(${JSON.stringify(expect)})`, 30000);
    report.title = await evaluate("document.title").catch(() => null);
  } finally {
    await cdp.close();
  }
  process.stdout.write(JSON.stringify(report) + "\n");
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + "\n");
  process.exit(1);
});
