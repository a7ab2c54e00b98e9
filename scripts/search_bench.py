#!/usr/bin/env python3
"""The tables of docs/benchmarks.md (Search) from the files the other scripts write.

    scripts/search_bench.py eval EVAL.json
    scripts/search_bench.py requests [--warraq NAME=REQ.json]... [--pagefind NAME=PF.json=ROOT]...
    scripts/search_bench.py index DIR...

eval: recall and precision per query class and over all queries, from
scripts/search_eval.py --json; both the mean of the per-query figures (what
search_eval.py prints) and pooled ones (every article of every query counted
once per query: found and relevant / relevant).

requests: per one-word query (no space in it), median and max of requests and
bytes after the first load, and the first load itself, from
scripts/search_requests.js (warraq) and scripts/pagefind_run.js (Pagefind;
ROOT is the site output the files are under). Pagefind serves its files
gzip-compressed: its "gzip" is the size served, "raw" the size decompressed.
Pagefind fetches its entry, meta and WebAssembly files on the first search;
they count in its first load here, not per query.

index: size (bytes of the files, and disk usage) and number of files.
"""
import argparse
import gzip
import json
import os
import statistics


def pct(x):
    return f"{100 * x:.1f} %"


def cmd_eval(path):
    rows = json.load(open(path))
    engines = [e for e in ("warraq", "pagefind") if e in rows[0]]
    classes = list(dict.fromkeys(r["class"] for r in rows)) + ["all"]
    head = ["class", "queries"]
    for e in engines:
        head += [f"{e} recall (mean)", f"{e} precision (mean)", f"{e} recall (pooled)", f"{e} precision (pooled)"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for cls in classes:
        rs = [r for r in rows if cls in ("all", r["class"])]
        cells = [cls, str(len(rs))]
        for e in engines:
            rec = sum(r[e][0] for r in rs) / len(rs)
            prec = sum(r[e][1] for r in rs) / len(rs)
            relevant = sum(r["strict"] for r in rs)
            hit = sum(round(r[e][0] * r["strict"]) for r in rs)
            found = sum(r[e + "_n"] for r in rs)
            good = sum(round(r[e][1] * r[e + "_n"]) for r in rs)
            cells += [pct(rec), pct(prec), pct(hit / relevant), pct(good / found if found else 1.0)]
        print("| " + " | ".join(cells) + " |")
    for e in engines:
        bad = [r["query"] for r in rows if r[e][0] < 0.95 or r[e][1] < 0.98]
        print(f"\n{e}: {len(bad)} of {len(rows)} queries under 95 % recall or 98 % precision: {' '.join(bad)}")


def stat(xs):
    return f"{statistics.median(xs):g} / {max(xs)}"


def kb(xs):
    return f"{statistics.median(xs) / 1000:.1f} / {max(xs) / 1000:.1f}"


def one_word(queries):
    return {q: v for q, v in queries.items() if " " not in q.strip()}


def warraq_rows(name, path):
    d = json.load(open(path))
    qs = one_word(d["queries"])
    first = d["first"]
    f_raw = first["script"]["bytes"] + first["meta"]["bytes"]
    f_gz = first["script"]["gzip"] + first["meta"]["gzip"]
    idx = lambda k: [v["index"][k] for v in qs.values()]  # noqa: E731
    tot = lambda k: [v["index"][k] + v["fragments"][k] for v in qs.values()]  # noqa: E731
    return [name, str(len(qs)), f"{f_raw / 1000:.1f} / {f_gz / 1000:.1f}",
            stat(idx("requests")), kb(idx("bytes")), kb(idx("gzip")),
            stat(tot("requests")), kb(tot("bytes")), kb(tot("gzip"))]


def pagefind_rows(name, path, root):
    d = json.load(open(path))
    qs = one_word(d)
    first_file = lambda n: n.endswith((".pf_meta", "pagefind.js", "pagefind-entry.json")) or "/wasm." in n  # noqa: E731

    def raw(n):
        b = open(os.path.join(root, n.lstrip("/")), "rb").read()
        return len(gzip.decompress(b)) if b[:2] == b"\x1f\x8b" else len(b)

    some = next(iter(qs.values()))
    first = [f for f in some["init"]["files"] + some["index"]["files"] if first_file(f[0])]
    f_gz, f_raw = sum(b for _, b in first), sum(raw(n) for n, _ in first)
    idx = [[f for f in v["index"]["files"] if not first_file(f[0])] for v in qs.values()]
    frag = [v["fragments"]["files"] for v in qs.values()]
    req = [len(x) for x in idx]
    gz_ = [sum(b for _, b in x) for x in idx]
    raw_ = [sum(raw(n) for n, _ in x) for x in idx]
    t_req = [len(x) + len(y) for x, y in zip(idx, frag)]
    t_gz = [sum(b for _, b in x + y) for x, y in zip(idx, frag)]
    t_raw = [sum(raw(n) for n, _ in x + y) for x, y in zip(idx, frag)]
    return [name, str(len(qs)), f"{f_raw / 1000:.1f} / {f_gz / 1000:.1f}",
            stat(req), kb(raw_), kb(gz_), stat(t_req), kb(t_raw), kb(t_gz)]


def cmd_requests(warraq, pagefind):
    head = ["engine, site", "one-word queries", "first load KB (raw / gzip)", "index requests (median / max)",
            "index KB raw (median / max)", "index KB gzip (median / max)",
            "with fragments of 10 results: requests (median / max)", "KB raw (median / max)", "KB gzip (median / max)"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for spec in warraq:
        print("| " + " | ".join(warraq_rows(*spec.split("=", 1))) + " |")
    for spec in pagefind:
        print("| " + " | ".join(pagefind_rows(*spec.split("=", 2))) + " |")


def cmd_index(dirs):
    print("| folder | files | bytes | disk usage (KiB blocks) |")
    print("|---|---|---|---|")
    for d in dirs:
        n = size = blocks = 0
        for base, _, files in os.walk(d):
            for f in files:
                st = os.lstat(os.path.join(base, f))
                n, size, blocks = n + 1, size + st.st_size, blocks + st.st_blocks
        print(f"| {d} | {n} | {size} | {blocks // 2} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("eval")
    e.add_argument("path")
    r = sub.add_parser("requests")
    r.add_argument("--warraq", action="append", default=[], metavar="NAME=REQ.json")
    r.add_argument("--pagefind", action="append", default=[], metavar="NAME=PF.json=ROOT")
    i = sub.add_parser("index")
    i.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    if a.cmd == "eval":
        cmd_eval(a.path)
    elif a.cmd == "requests":
        cmd_requests(a.warraq, a.pagefind)
    else:
        cmd_index(a.dirs)


if __name__ == "__main__":
    main()
