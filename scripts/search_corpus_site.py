#!/usr/bin/env python3
"""Builds benchmark sites from the SaudiNewsNet corpus (real Arabic news).

    scripts/search_corpus_site.py N SITE_DIR [--hugo HUGO_DIR] [--corpus DIR] [--aliases]

Writes a warraq site in SITE_DIR (site.toml and one Markdown article per
corpus article: TOML front matter with title, date from `date_extracted`,
source and an explicit slug, then the body's paragraphs) and, with --hugo, a
Hugo site of the same articles at the same URLs whose article layout marks
title and body with `data-pagefind-body`, so Pagefind indexes exactly the
text warraq's search index holds.

The corpus (CORPUS/saudinewsnet-2015-07/, `--corpus`) has no licence: use it
for development and benchmarks only, never copy it into the repository.

Articles are deduplicated (same title and text), then taken in corpus order.
Past the corpus's size the articles repeat: copy k (k >= 1) is dated k years
earlier, has " (k+1)" appended to its title and its paragraphs rotated by k,
so every page has a distinct title and URL. URLs are /YYYY/MM/SLUG-ID/ where
ID is the article's number (0-based); `scripts/search_eval.py` maps results
back to articles through it.

--aliases adds the `[topics] aliases` an editor of this archive would set for
transliterations no spelling rule can join (used by the search evaluation,
which reports results with and without them).
"""
import argparse
import glob
import json
import os
import re
import sys
import zipfile

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpora", "saudinewsnet-2015-07")

SOURCES = {
    "aawsat": "الشرق الأوسط", "aleqtisadiya": "الاقتصادية", "aljazirah": "الجزيرة", "almadina": "المدينة",
    "alriyadh": "الرياض", "alwatan": "الوطن", "alweeam": "الوئام", "alyaum": "اليوم", "arreyadi": "الرياضي",
    "arriyadiyah": "الرياضية", "okaz": "عكاظ", "sabq": "سبق", "was": "واس", "3alyoum": "عين اليوم",
}

ALIASES = """
[topics.aliases]
"ترامب" = ["ترمب"]
"جوجل" = ["غوغل", "قوقل"]
"نتنياهو" = ["نتانياهو"]
"فيسبوك" = ["فيس بوك"]
"واتساب" = ["واتس اب", "واتس آب"]
"""

# Characters XML forbids (the corpus has stray U+001A): removed, as ingest does.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def load(corpus):
    seen, out = set(), []
    for path in sorted(glob.glob(os.path.join(corpus, "*.zip"))):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                for a in json.loads(z.read(name)):
                    title = FORBIDDEN.sub("", (a.get("title") or "").strip())
                    paras = [FORBIDDEN.sub("", p).strip() for p in (a.get("content") or "").split("\n")]
                    paras = [p for p in paras if p]
                    if not title or not paras:
                        continue
                    key = (title, "\n".join(paras))
                    if key in seen:
                        continue
                    seen.add(key)
                    out.append((title, a["date_extracted"][:10], SOURCES.get(a.get("source"), a.get("source")), paras))
    return out


def slug(title, i):
    s = re.sub(r"[\u064B-\u065F\u0670\u0640]", "", title)
    s = re.sub(r"[^\w]+", "-", s, flags=re.UNICODE).strip("-_").lower()
    return (s[:40].rstrip("-_") + f"-{i}").lstrip("-")


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


def escape_markdown(p):
    # A paragraph is text: keep Markdown from reading a leading "#", ">",
    # "-", "1." or "*" as structure.
    return re.sub(r"^([#>*+\-]|\d+[.)])", r"\\\1", p)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("site")
    ap.add_argument("--hugo")
    ap.add_argument("--corpus", default=CORPUS)
    ap.add_argument("--aliases", action="store_true")
    args = ap.parse_args()
    articles = load(args.corpus)
    if not articles:
        sys.exit(f"no articles in {args.corpus}")
    os.makedirs(os.path.join(args.site, "content", "articles"), exist_ok=True)
    with open(os.path.join(args.site, "site.toml"), "w") as f:
        f.write('title = "أرشيف الأخبار"\nbase_url = "https://bench.example.org/"\n')
        if args.aliases:
            f.write(ALIASES)
    if args.hugo:
        write_hugo_skeleton(args.hugo)
    for i in range(args.n):
        k, j = divmod(i, len(articles))
        title, day, source, paras = articles[j]
        year = int(day[:4]) - k
        day = f"{year:04d}{day[4:]}"
        if k:
            title = f"{title} ({k + 1})"
            r = k % len(paras)
            paras = paras[r:] + paras[:r]
        s = slug(title, i)
        body = "\n\n".join(escape_markdown(p) for p in paras) + "\n"
        front = f"title = {toml_str(title)}\ndate = {day}\nsource = {toml_str(source)}\nslug = {toml_str(s)}\n"
        rel = os.path.join("content", "articles", day[:4], day[5:7], f"{day[8:10]}-{s}.md")
        write(os.path.join(args.site, rel), f"+++\n{front}+++\n\n{body}")
        if args.hugo:
            write(os.path.join(args.hugo, "content", "posts", f"{i:06d}.md"), f"+++\n{front}+++\n\n{body}")
    print(f"wrote {args.n} articles ({len(articles)} distinct in the corpus) to {args.site}"
          + (f" and {args.hugo}" if args.hugo else ""))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def write_hugo_skeleton(h):
    os.makedirs(os.path.join(h, "content", "posts"), exist_ok=True)
    write(os.path.join(h, "hugo.toml"),
          'baseURL = "https://bench.example.org/"\nlanguageCode = "ar"\ntitle = "أرشيف الأخبار"\n'
          'disableKinds = ["section", "taxonomy", "term", "rss", "sitemap"]\n'
          '[permalinks]\nposts = "/:year/:month/:slug/"\n')
    base = '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>'
    write(os.path.join(h, "layouts", "_default", "single.html"),
          base + '<article data-pagefind-body><h1>{{ .Title }}</h1>{{ .Content }}</article>'
          '<time>{{ .Date.Format "2006-01-02" }}</time></body></html>')
    write(os.path.join(h, "layouts", "_default", "list.html"), base + "<h1>{{ .Title }}</h1></body></html>")
    write(os.path.join(h, "layouts", "index.html"), base + "<h1>{{ .Title }}</h1></body></html>")


if __name__ == "__main__":
    main()
