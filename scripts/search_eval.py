#!/usr/bin/env python3
"""Recall and precision of search on a site built by scripts/search_corpus_site.py.

    scripts/search_eval.py SITE [--warraq BIN] [--output DIR] [--pagefind RESULTS.json]
                                [--markdown] [--json OUT]

For every query of scripts/search_queries.py, judges each article of SITE
(title and body, as the Markdown files hold them) with the query's
hand-written regular expressions, runs `warraq search --limit 0` on the built
site (SITE/public, or --output DIR), and, with --pagefind, reads Pagefind's
results for the same queries (as scripts/pagefind_run.js --all writes them:
query -> {"urls": [...], ...}, or query -> list of result URLs). Prints per query and per class: the
articles that use the word (strict), what each engine returned, recall
(returned and strict / strict) and precision (returned and loose / returned),
and the articles missed or wrongly returned (a few of each) to look at.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tomllib
import unicodedata
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from search_queries import P, QUERIES  # noqa: E402

# What the judge ignores: harakat, tatweel, joiners and bidi controls.
IGNORED = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


def judge_text(title, body):
    text = f"{title}\n{body}"
    text = re.sub(r"\\([#>*+\-\d])", r"\1", text)  # search_corpus_site.py's escapes
    return IGNORED.sub("", unicodedata.normalize("NFKC", text))


def load_articles(site):
    out = {}
    for path in glob.glob(os.path.join(site, "content", "articles", "**", "*.md"), recursive=True):
        raw = open(path, encoding="utf-8").read()
        _, front, body = raw.split("+++", 2)
        fm = tomllib.loads(front)
        out[int(fm["slug"].rsplit("-", 1)[1])] = judge_text(fm["title"], body)
    return out


def word_re(core):
    return re.compile(rf"(?<!\w){P}(?:{core})(?!\w)")


def judged(articles, strict, loose, exclude):
    s_re, l_re = word_re(strict), word_re(loose or strict)
    x_re = re.compile(exclude) if exclude else None
    s_ids, l_ids = set(), set()
    for i, text in articles.items():
        if x_re:
            text = x_re.sub(" ", text)
        if s_re.search(text):
            s_ids.add(i)
        if l_re.search(text):
            l_ids.add(i)
    return s_ids, l_ids | s_ids


def url_id(url):
    slug = urllib.parse.unquote(url).rstrip("/").rsplit("/", 1)[-1]
    return int(slug.rsplit("-", 1)[1])


def warraq_results(binary, site, output, query):
    cmd = [binary, "search", "--site", site, "--format", "json", "--limit", "0"]
    if output:
        cmd += ["--output", output]
    out = subprocess.run(cmd + [query], capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    return [url_id(r["url"]) for r in data["results"]]


def score(found, strict, loose):
    found = set(found)
    recall = len(found & strict) / len(strict) if strict else 1.0
    precision = len(found & loose) / len(found) if found else 1.0
    return recall, precision


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("site")
    ap.add_argument("--warraq", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "warraq"))
    ap.add_argument("--output")
    ap.add_argument("--pagefind")
    ap.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    ap.add_argument("--json", help="write every figure to this file")
    args = ap.parse_args()
    articles = load_articles(args.site)
    pagefind = json.load(open(args.pagefind)) if args.pagefind else None
    rows = []
    for cls, query, strict, loose, exclude in QUERIES:
        s_ids, l_ids = judged(articles, strict, loose, exclude)
        w = warraq_results(args.warraq, args.site, args.output, query)
        row = {"class": cls, "query": query, "strict": len(s_ids), "warraq": score(w, s_ids, l_ids), "warraq_n": len(w),
               "missed": sorted(s_ids - set(w))[:5], "wrong": [i for i in w if i not in l_ids][:5]}
        if pagefind is not None:
            got = pagefind.get(query, [])
            p = [url_id(u) for u in (got["urls"] if isinstance(got, dict) else got)]
            row["pagefind"] = score(p, s_ids, l_ids)
            row["pagefind_n"] = len(p)
        rows.append(row)
    report(rows, pagefind is not None, args.markdown)
    if args.json:
        json.dump(rows, open(args.json, "w"), ensure_ascii=False, indent=1)


def pct(x):
    return f"{100 * x:.1f}"


def report(rows, with_pagefind, markdown):
    head = ["class", "query", "use the word", "warraq found", "recall", "precision"]
    if with_pagefind:
        head += ["Pagefind found", "recall", "precision"]
    lines = []
    for r in rows:
        cells = [r["class"], r["query"], str(r["strict"]), str(r["warraq_n"]), pct(r["warraq"][0]), pct(r["warraq"][1])]
        if with_pagefind:
            cells += [str(r["pagefind_n"]), pct(r["pagefind"][0]), pct(r["pagefind"][1])]
        lines.append(cells)
    classes = []
    for r in rows:
        if r["class"] not in classes:
            classes.append(r["class"])
    summary = []
    for cls in classes + ["all"]:
        rs = [r for r in rows if cls in ("all", r["class"])]
        cells = [cls, f"{len(rs)} queries", "", ""]
        for engine in ["warraq"] + (["pagefind"] if with_pagefind else []):
            rec = sum(r[engine][0] for r in rs) / len(rs)
            prec = sum(r[engine][1] for r in rs) / len(rs)
            cells += [pct(rec), pct(prec)] if engine == "warraq" else ["", pct(rec), pct(prec)]
        summary.append(cells)
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for c in lines + summary:
            print("| " + " | ".join(c) + " |")
    else:
        for c in lines + summary:
            print("  ".join(c))
    failing = [r for r in rows if r["warraq"][0] < 0.95 or r["warraq"][1] < 0.98]
    print(f"\nqueries under 95 % recall or 98 % precision for warraq: {len(failing)}")
    for r in failing:
        print(f"  {r['query']}: recall {pct(r['warraq'][0])}, precision {pct(r['warraq'][1])}; "
              f"missed {r['missed']}, wrongly returned {r['wrong']}")


if __name__ == "__main__":
    main()
