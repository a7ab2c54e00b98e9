// Runs the search page's engine (static/search/search.js) under Node for
// tests/it/search.rs: reads a JSON request on stdin, writes a JSON answer.
//
// request: {"script": path to search.js, "index": the output's search/ folder,
//           "searches": [{"q", "sort", "year", "tag", "limit"}], "texts": [...]}
// answer:  {"searches": [{query, results: [{url, title, date, score, snippet}],
//           total, requests, bytes}], "words": [[folded words of each text]]}
//
// Each search gets a fresh engine, as a page loaded for that query would,
// so `requests` and `bytes` count what the browser fetches for it.
"use strict";
const fs = require("fs");
const path = require("path");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", async () => {
  const req = JSON.parse(input);
  const search = require(path.resolve(req.script));
  const meta = JSON.parse(fs.readFileSync(path.join(req.index, "meta.json"), "utf8"));
  const read = async (p) => new Uint8Array(fs.readFileSync(path.join(req.index, p)));
  const out = { searches: [], words: [] };
  for (const s of req.searches || []) {
    const engine = new search.Engine(meta, read);
    const o = await engine.search(s.q, { sort: s.sort, year: s.year, tag: s.tag, limit: s.limit || 0 });
    out.searches.push({
      query: o.query,
      results: o.results.map((r) => ({ url: r.url, title: r.title, date: r.date, score: r.score, snippet: r.snippet })),
      total: o.total,
      requests: o.requests,
      bytes: o.bytes,
    });
  }
  const spec = search.makeSpec(meta.spec);
  for (const t of req.texts || []) out.words.push(search.wordList(spec, t));
  process.stdout.write(JSON.stringify(out));
});
