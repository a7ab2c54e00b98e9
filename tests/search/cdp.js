// A DevTools-protocol client over a pipe and a small static file server:
// enough to drive headless Chromium from Node without any npm package or
// network (used by tests/search/browser.js and scripts/pagefind_run.js).
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const http = require("http");
const os = require("os");
const path = require("path");

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".bin": "application/octet-stream", ".woff2": "font/woff2", ".xml": "application/xml" };

/** Serves `root` at `base` on a free port of 127.0.0.1. */
function serve(root, base = "/") {
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

/** Starts Chromium; `send(method, params, session)` speaks to it. */
function devtools(chrome) {
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
    // Chromium's helper processes can outlive the browser for a moment and
    // still write into the profile: retry, and a profile left in the temp
    // folder is not a failure of the page under test.
    try {
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (e) {
      process.stderr.write(`note: could not remove ${profile}: ${e.code}\n`);
    }
  };
  return { send, on: (f) => listeners.push(f), close };
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** Opens a blank page with the Page and Runtime domains on: `send` speaks
 * to it, `evaluate` returns an expression's value, `until` waits for one
 * to be true (false after `ms`). */
async function page(cdp) {
  const { targetId } = await cdp.send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await cdp.send("Target.attachToTarget", { targetId, flatten: true });
  const send = (m, p) => cdp.send(m, p, sessionId);
  await send("Page.enable");
  await send("Runtime.enable");
  const evaluate = async (expr) =>
    (await send("Runtime.evaluate", { expression: expr, awaitPromise: true, returnByValue: true })).result.value;
  // While a page loads or reloads, its context can vanish under an
  // evaluation: that is "not yet", not a failure.
  const until = async (expr, ms = 20000) => {
    for (let t = 0; t < ms; t += 100) {
      if (await evaluate(expr).catch(() => false)) return true;
      await sleep(100);
    }
    return false;
  };
  return { send, evaluate, until };
}

module.exports = { serve, devtools, sleep, page };
