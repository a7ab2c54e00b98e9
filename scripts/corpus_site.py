#!/usr/bin/env python3
"""Writes a warraq site built from the SaudiNewsNet corpus slice, for
developing and benchmarking topics on real text. The corpus is never copied
into the repository: the site goes to a directory outside it.

One Markdown article per corpus article (the 39 with neither title nor
text are skipped; an article without a title gets its first twelve words): TOML front matter with `title`,
`date` (the crawl time `date_extracted`, at +03:00) and `source`, and no
`tags` (real scraped archives have no keyword lines, so every tag is
automatic); the body is the article's paragraphs, Markdown-escaped just
enough that no paragraph turns into a heading, list, quote or link. HTML
entities left by the crawler (`&quot;`) are decoded, as ingest would.

Usage:
  scripts/corpus_site.py OUT_DIR [--corpus DIR] [--limit N] [--copies K]

`--limit N` keeps the first N articles (in corpus order: day by day, as
crawled). `--copies K` writes the corpus K times, copy c dated c years
earlier, for benchmarks at sizes beyond the slice (100,000 articles =
15,042 x 7, cut to --limit): real lengths and vocabulary, repeated.

Then: target/release/warraq tags --format json --site OUT_DIR
"""
import argparse
import html
import json
import pathlib
import re
import sys
import zipfile

DEFAULT_CORPUS = pathlib.Path("/work/shared/corpora/saudinewsnet-2015-07")

# Newspaper ids of the corpus and the names they print.
SOURCES = {
    "aawsat": "الشرق الأوسط",
    "aleqtisadiya": "الاقتصادية",
    "aljazirah": "الجزيرة",
    "almadina": "المدينة",
    "alriyadh": "الرياض",
    "alwatan": "الوطن",
    "alweeam": "الوئام",
    "alyaum": "اليوم",
    "arreyadi": "الرياضي",
    "arriyadiyah": "الرياضية",
    "okaz": "عكاظ",
    "sabq": "سبق",
    "was": "واس",
    "3alyoum": "عين اليوم",
}

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Characters that Markdown could read as markup anywhere in a line.
INLINE = re.compile(r"([\\`*_\[\]<>|])")
# Line starts that Markdown reads as a block: heading, quote, list, rule.
BLOCK_START = re.compile(r"^(#|>|[-+*=]|\d+[.)])")


def load(corpus):
    """Every article of the slice, day by day, in the order of each file."""
    out = []
    for z in sorted(corpus.glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in sorted(zf.namelist()):
                out.extend(json.loads(zf.read(name)))
    return out


def escape_paragraph(p):
    p = INLINE.sub(r"\\\1", CONTROL.sub("", html.unescape(p)).strip())
    return "\\" + p if BLOCK_START.match(p) else p


def toml_string(s):
    return json.dumps(CONTROL.sub("", html.unescape(s)).strip(), ensure_ascii=False)


def article_text(a, years_back):
    date, time = a["date_extracted"].split(" ")
    year = int(date[:4]) - years_back
    paragraphs = [escape_paragraph(p) for p in a["content"].split("\n")]
    body = "\n\n".join(p for p in paragraphs if p)
    title = a["title"].strip() or " ".join(a["content"].split()[:12])
    return (
        "+++\n"
        f"title = {toml_string(title)}\n"
        f"date = {year}{date[4:]}T{time}+03:00\n"
        f"source = {toml_string(SOURCES.get(a['source'], a['source']))}\n"
        "+++\n\n"
        f"{body}\n"
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=pathlib.Path)
    ap.add_argument("--corpus", type=pathlib.Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--copies", type=int, default=1)
    args = ap.parse_args()
    repo = pathlib.Path(__file__).resolve().parent.parent
    if args.out.resolve().is_relative_to(repo):
        sys.exit(f"{args.out}: write the corpus site outside the repository (its text must not be committed)")
    if (args.out / "content").exists():
        sys.exit(f"{args.out}/content exists: choose a new directory")
    articles = load(args.corpus)
    articles_dir = args.out / "content" / "articles"
    articles_dir.mkdir(parents=True)
    (args.out / "site.toml").write_text('title = "أرشيف الصحف السعودية"\n', encoding="utf-8")
    n = 0
    for copy in range(args.copies):
        for i, a in enumerate(articles):
            if args.limit is not None and n >= args.limit:
                break
            if not (a["title"].strip() or a["content"].strip()):
                continue  # 39 crawled pages with neither title nor text
            date = a["date_extracted"][:10]
            year = int(date[:4]) - copy
            d = articles_dir / f"{year}" / date[5:7]
            d.mkdir(parents=True, exist_ok=True)
            (d / f"{date[8:10]}-{a['source']}-{i:05}.md").write_text(article_text(a, copy), encoding="utf-8")
            n += 1
    print(f"{n} articles in {args.out}")


if __name__ == "__main__":
    main()
