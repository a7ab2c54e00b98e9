// Runs queries on a Pagefind index in headless Chromium and reports, per
// query, what the browser fetched and what Pagefind found (for
// docs/benchmarks.md and scripts/search_eval.py --pagefind).
//
//   node scripts/pagefind_run.js CHROMIUM SITE_ROOT QUERIES.json OUT.json [--all]
//
// SITE_ROOT is a Hugo site's output with pagefind/ in it; QUERIES.json a JSON
// array of queries. Each query runs in a fresh page with the cache off:
// `pagefind.init()` (the initial load), then `search()` (index requests),
// then `data()` of the first ten results (fragment requests), as a results
// page shows them; with --all, the URL of every result too (for recall).
// Bytes are those of the files as served (Pagefind's own files are already
// gzip-compressed; nothing else is compressed here). Pagefind loads its
// entry, meta and WebAssembly files on the first search: they are in
// `index` with the query's own index chunks (each file is listed).
"use strict";
const fs = require("fs");
const path = require("path");
const { serve, devtools, sleep, page } = require("../tests/search/cdp.js");

const [chrome, root, queriesFile, outFile, flag] = process.argv.slice(2);
const all = flag === "--all";

async function main() {
  const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
  const server = await serve(root, "/");
  const origin = `http://127.0.0.1:${server.address().port}`;
  const cdp = devtools(chrome);
  const out = {};
  try {
    const { send: s } = await page(cdp);
    await s("Network.enable");
    await s("Network.setCacheDisabled", { cacheDisabled: true });
    for (const q of queries) {
      await s("Page.navigate", { url: `${origin}/` });
      for (let t = 0; t < 100; t++) {
        const r = await s("Runtime.evaluate", { expression: "document.readyState", returnByValue: true });
        if (r.result.value === "complete") break;
        await sleep(50);
      }
      const expr = `(async () => {
        performance.setResourceTimingBufferSize(1000000);
        const files = (from) => performance.getEntriesByType("resource").slice(from);
        const sum = (es) => ({ requests: es.length, bytes: es.reduce((n, e) => n + e.encodedBodySize, 0),
                              files: es.map((e) => [e.name.replace(location.origin, "").split("?")[0], e.encodedBodySize]) });
        const pf = await import("/pagefind/pagefind.js");
        // On the page's own thread, so its fetches are in the page's
        // resource timing (a worker's are not); the same files either way.
        await pf.options({ noWorker: true });
        await pf.init();
        const a = performance.getEntriesByType("resource").length;
        const r = await pf.search(${JSON.stringify(q)});
        const b = performance.getEntriesByType("resource").length;
        await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
        const c = performance.getEntriesByType("resource").length;
        const urls = ${all} ? (await Promise.all(r.results.map((x) => x.data()))).map((d) => d.url) : null;
        return { total: r.results.length, init: sum(files(0).slice(0, a)), index: sum(files(a).slice(0, b - a)),
                 fragments: sum(files(b).slice(0, c - b)), urls };
      })()`;
      const res = await s("Runtime.evaluate", { expression: expr, awaitPromise: true, returnByValue: true });
      if (res.exceptionDetails) throw new Error(JSON.stringify(res.exceptionDetails));
      out[q] = res.result.value;
      process.stderr.write(`${q}: ${out[q].total}\n`);
    }
  } finally {
    await cdp.close();
    server.close();
  }
  fs.writeFileSync(outFile, JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
