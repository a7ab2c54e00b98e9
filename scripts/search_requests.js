// What the search page fetches per query, from a built site (for
// docs/benchmarks.md): runs the page's engine (static/search/search.js)
// under Node with a fresh engine per query, as a page opened for that query,
// and records every file it reads.
//
//   node scripts/search_requests.js SITE_OUTPUT QUERIES.json [LIMIT]
//
// Prints JSON: the first load (search.js and meta.json: bytes and gzip
// bytes), and per query the total, the index files (word lists t/ and
// positions p/) and the fragment files (f/) read to show the first LIMIT
// results (default 10), each as requests, bytes and gzip bytes.
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const [out, queriesFile, limitArg] = process.argv.slice(2);
const limit = Number(limitArg || 10);
const dir = path.join(out, "search");
const engineFile = path.join(dir, "search.js");
const search = require(path.resolve(engineFile));
const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8"));
const gz = (b) => zlib.gzipSync(b, { level: 6 }).length;
const size = (f) => {
  const b = fs.readFileSync(f);
  return { bytes: b.length, gzip: gz(b) };
};

async function main() {
  const report = { first: { script: size(engineFile), meta: size(path.join(dir, "meta.json")) }, queries: {} };
  for (const q of JSON.parse(fs.readFileSync(queriesFile, "utf8"))) {
    const files = new Map();
    const read = async (p) => {
      const b = new Uint8Array(fs.readFileSync(path.join(dir, p)));
      files.set(p, { bytes: b.length, gzip: gz(b) });
      return b;
    };
    const engine = new search.Engine(meta, read);
    const o = await engine.search(q, { limit });
    const part = (prefixes) => {
      const fs_ = [...files].filter(([p]) => prefixes.some((x) => p.startsWith(x)));
      return {
        requests: fs_.length,
        bytes: fs_.reduce((n, [, v]) => n + v.bytes, 0),
        gzip: fs_.reduce((n, [, v]) => n + v.gzip, 0),
      };
    };
    report.queries[q] = { total: o.total, words: search.parse(engine.spec, q).length, index: part(["t/", "p/"]), fragments: part(["f/"]), requests: o.requests, bytes: o.bytes };
  }
  process.stdout.write(JSON.stringify(report));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
