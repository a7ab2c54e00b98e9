#!/usr/bin/env python3
"""Scores `warraq ingest` on raw files made by scripts/corpus_raw.py.

    scripts/eval_ingest.py RAW_DIR [--warraq BIN] [--alone all|N] [--jobs J] [--show KIND]

RAW_DIR is the output directory of corpus_raw.py (`inbox/` and
`answers.jsonl`). Every raw file is converted in ONE batch
(`warraq ingest --dry-run --format json RAW_DIR/inbox` on a new empty site),
then each file alone (a run with only that file: all of them, or a seeded
sample of N with `--alone N`), and the figures are printed:

* rejected: files ingest refused; those with article text are failures
  (a file whose article has no text, only a title, should be refused);
* titles right: the title is the corpus title, its HTML character references
  (`&quot;`) decoded (files whose article has one);
* sources kept: `source` is the value of the file's `المصدر` line;
* bylines: the byline's words are all in `author` + `dateline`, `author` is
  set, and the byline is not left in the body;
* paragraphs kept: each line of the article's text is a line of the body
  (Markdown escapes, `## ` and hard-break markers removed, spaces folded);
* articles whole: every paragraph of the article kept;
* furniture left: a line of page furniture or of the appended second
  article is a line of the body;
* dates right: the day of the date line (undated when the file has none);
* alone = batch: converting the file alone gives the same record (title,
  date, draft, source, author, dateline, tags, body, error) as in the batch.

`--show KIND` prints the failing files of one figure (rejected, title, source,
byline, paragraph, leak, date, alone) with what was expected and found.
"""

import argparse
import concurrent.futures as cf
import html
import json
import random
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

FIELDS = ("title", "date", "draft", "source", "author", "dateline", "tags", "body", "error")


def clean(s):
    """Text as compared: control and format characters out, spaces folded."""
    if s is None:
        return None
    s = "".join(" " if c in "\t\u00a0" else c for c in s
                if unicodedata.category(c) not in ("Cc", "Cf") or c in "\n\t")
    return " ".join(s.split())


def body_lines(md):
    """The body's lines as a reader sees them: one per paragraph, verse line or heading."""
    out = []
    for line in (md or "").split("\n"):
        line = line.rstrip()
        if line.endswith("\\") and not line.endswith("\\\\"):
            line = line[:-1]
        line = re.sub(r"^#{1,6} ", "", line)
        line = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", line)
        line = clean(line)
        if line:
            out.append(line)
    return out


ROLE_WORDS = {"إعداد", "اعداد", "وترجمة", "ترجمة", "بقلم", "كتب", "كتبت", "متابعات", "متابعة", "تقرير", "حوار",
              "حاوره", "حاورها", "حاورته", "تحقيق", "رصد", "تغطية", "عرض", "استطلاع", "من", "كلمة", "خاص", "Next",
              "Previous"}
PHOTO_WORDS = {"تصوير", "وتصوير", "عدسة"}
# Papers and agencies: a byline that names a person may leave them out of
# `author` (`أحمد علي- سبق- القاهرة:` has the author أحمد علي).
ORGS = {"الشرق الأوسط", "الشرق الأوسط أونلاين", "الاقتصادية", "الاقتصادية الإلكترونية", "الجزيرة", "مكتب الجزيرة",
        "المدينة", "الرياض", "الوطن", "الوئام", "اليوم", "الرياضي", "الرياضية", "عكاظ", "سبق", "عين اليوم", "واس",
        "رويترز", "أ ف ب", "ا ف ب", "ا. ف. ب", "أ. ف. ب", "د ب أ", "د ب ا", "يو بي آي", "يو بي اي", "وكالات",
        "الوكالات", "الفرنسية", "الألمانية", "الأناضول", "وام", "كونا", "قنا", "بنا", "سانا", "الرياض الإلكتروني",
        # Desks that sign.
        "المحليات", "الفن", "فن", "ثقافة اليوم", "الرياضة", "الاقتصاد", "rt", "sky", "RT", "SKY", "Sky"}
ENTITIES = {"&ndash;": "–", "&mdash;": "—", "&quot;": '"', "&nbsp;": " ", "&amp;": "&", "&rlm;": "", "&lrm;": ""}


def unentity(s):
    for e, c in ENTITIES.items():
        s = s.replace(e, c)
    return s


def words(s):
    s = unentity(s or "")
    s = re.sub(r"[-–—ـ:()«»\"“”،,/_{}*]", " ", s)
    return [w for w in clean(s).split() if w not in ROLE_WORDS]


def words_raw(s):
    return re.sub(r"[-–—ـ:()«»\"“”،,/_{}*]", " ", unentity(s or "")).split()


def byline_words(b):
    """The words of a byline that author + dateline must hold: photo credits
    (`تصوير - …`) left out, and the names of papers and agencies optional."""
    b = unentity(b)
    segments = [clean(x).strip(" «»\"“”{}*") for x in re.split(r"[-–—:()/_|،,]|ـ+\s|\sـ+|^ـ|ـ$", b)]
    out, skip = [], False
    for seg in segments:
        if not seg:
            continue
        first = seg.split()[0]
        if skip or first in PHOTO_WORDS:
            skip = first in PHOTO_WORDS and len(seg.split()) == 1
            continue
        if " ".join(w for w in seg.split() if w not in ROLE_WORDS) in ORGS:
            continue
        out += words(seg)
    return out


def run_batch(warraq, site, inbox):
    t = time.time()
    p = subprocess.run([warraq, "--site", site, "ingest", "--dry-run", "--format", "json", inbox],
                       capture_output=True, text=True)
    took = time.time() - t
    recs = {}
    for line in p.stdout.splitlines():
        r = json.loads(line)
        recs[Path(r["file"]).name] = r
    return recs, took


def run_alone(warraq, site, path):
    p = subprocess.run([warraq, "--site", site, "ingest", "--dry-run", "--format", "json", str(path)],
                       capture_output=True, text=True)
    lines = p.stdout.splitlines()
    return json.loads(lines[0]) if lines else {"error": p.stderr.strip() or "no output"}


def same(a, b):
    return all(a.get(k) == b.get(k) for k in FIELDS)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("raw")
    ap.add_argument("--warraq", default="target/release/warraq")
    ap.add_argument("--alone", default="all", help="all, or the size of a seeded sample (0: skip)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--show", default="", help="print the failures of one figure")
    ap.add_argument("--max-show", type=int, default=20)
    args = ap.parse_args()

    raw = Path(args.raw)
    answers = [json.loads(l) for l in open(raw / "answers.jsonl", encoding="utf-8")]
    tmp = tempfile.mkdtemp(prefix="warraq-eval.")
    site = f"{tmp}/site"
    subprocess.run([args.warraq, "init", site], check=True, capture_output=True)
    batch, took = run_batch(args.warraq, site, str(raw / "inbox"))

    shown = {}

    def show(kind, a, msg):
        if args.show == kind and shown.get(kind, 0) < args.max_show:
            shown[kind] = shown.get(kind, 0) + 1
            print(f"--- {kind} {a['file']} ({a['paper']}): {msg}")

    n = len(answers)
    c = dict.fromkeys(["rejected_text", "rejected_empty", "accepted_empty", "titles", "titles_right", "sources",
                       "sources_right", "bylines", "bylines_right", "paras", "paras_kept", "articles",
                       "articles_whole", "leaky", "dates", "dates_right", "undated", "undated_right"], 0)
    for a in answers:
        r = batch.get(a["file"], {"status": "error", "error": "no record"})
        ok = r.get("status") != "error"
        has_text = bool(a["paragraphs"])
        if not ok:
            c["rejected_text" if has_text else "rejected_empty"] += 1
            if has_text:
                show("rejected", a, r.get("error"))
        elif not has_text:
            c["accepted_empty"] += 1
        lines = body_lines(r.get("body")) if ok else []
        if a["title"] and has_text:
            c["titles"] += 1
            # The corpus keeps some titles as their page's HTML source had
            # them (`&quot;`, `&#8220;`); a reader should see the characters.
            want = html.unescape(a["title"])
            if ok and clean(r.get("title")) == clean(want):
                c["titles_right"] += 1
            else:
                show("title", a, f"want {want!r}, got {r.get('title')!r}")
        if a["source"] and has_text:
            c["sources"] += 1
            if ok and clean(r.get("source")) == clean(a["source"]):
                c["sources_right"] += 1
            else:
                show("source", a, f"want {a['source']!r}, got {r.get('source')!r}")
        if a["byline"] and has_text:
            c["bylines"] += 1
            got = set(words(r.get("author")) + words(r.get("dateline")))
            missing = [w for w in byline_words(a["byline"]) if w not in got]
            # The byline left as a line of the body (unless the article's
            # own text holds that line too).
            left = clean(a["byline"]) in lines and clean(a["byline"]) not in map(clean, a["paragraphs"])
            # A place with a role names no writer (`القاهرة – متابعات`): the
            # place in `dateline` is all there is to keep.
            only_place = not r.get("author") and r.get("dateline") and any(w in ROLE_WORDS for w in words_raw(a["byline"]))
            if ok and (r.get("author") or only_place) and not missing and not left:
                c["bylines_right"] += 1
            else:
                show("byline", a, f"{a['byline']!r}: author {r.get('author')!r} dateline {r.get('dateline')!r}"
                                  f" source {r.get('source')!r}{' (left in the body)' if left else ''}")
        if has_text:
            c["articles"] += 1
            have = {}
            for l in lines:
                have[l] = have.get(l, 0) + 1
            lost = []
            for p in a["paragraphs"]:
                p = clean(p)
                if not p:
                    continue
                c["paras"] += 1
                if have.get(p, 0) > 0:
                    have[p] -= 1
                    c["paras_kept"] += 1
                else:
                    lost.append(p)
            if not lost and ok:
                c["articles_whole"] += 1
            elif lost:
                show("paragraph", a, "lost " + " | ".join(x[:90] for x in lost[:4]))
            leaks = [x for x in a["leaks"] if clean(x) in lines and clean(x) not in map(clean, a["paragraphs"])]
            if ok and leaks:
                c["leaky"] += 1
                show("leak", a, " | ".join(x[:90] for x in leaks[:4]))
            if a["day"]:
                c["dates"] += 1
                if ok and (r.get("date") or "")[:10] == a["day"]:
                    c["dates_right"] += 1
                else:
                    show("date", a, f"want {a['day']}, got {r.get('date')!r}")
            else:
                c["undated"] += 1
                if ok and r.get("date") is None:
                    c["undated_right"] += 1
                else:
                    show("date", a, f"want undated, got {r.get('date')!r}")

    # Alone vs batch.
    files = [a["file"] for a in answers]
    if args.alone != "all":
        k = int(args.alone)
        files = random.Random(13).sample(files, min(k, len(files))) if k else []
    t = time.time()
    with cf.ThreadPoolExecutor(args.jobs) as pool:
        alone = dict(zip(files, pool.map(lambda f: run_alone(args.warraq, site, raw / "inbox" / f), files)))
    alone_took = time.time() - t
    identical = 0
    by_file = {a["file"]: a for a in answers}
    for f in files:
        b = batch.get(f, {})
        if same(alone[f], b):
            identical += 1
        else:
            diff = [k for k in FIELDS if alone[f].get(k) != b.get(k)]
            show("alone", by_file[f], "differs in " + ", ".join(
                f"{k}: alone {str(alone[f].get(k))[:60]!r} batch {str(b.get(k))[:60]!r}" for k in diff))

    def pct(a, b):
        return f"{a:,} / {b:,} = {100.0 * a / b:.2f} %" if b else "n/a"

    folded = sum(1 for r in batch.values() if r.get("status") == "unchanged")
    print(f"warraq: {args.warraq}; raw files: {n:,} in {raw / 'inbox'}")
    print(f"batch (one run, --dry-run): {took:.2f} s; {folded:,} files folded into another article as duplicates")
    print(f"rejected with article text:   {c['rejected_text']:,}")
    print(f"rejected, no article text:    {c['rejected_empty']:,} (expected); accepted without text: "
          f"{c['accepted_empty']:,}")
    print(f"titles right:                 {pct(c['titles_right'], c['titles'])}")
    print(f"sources kept as the source:   {pct(c['sources_right'], c['sources'])}")
    print(f"bylines in author/dateline:   {pct(c['bylines_right'], c['bylines'])}")
    print(f"paragraphs kept:              {pct(c['paras_kept'], c['paras'])}")
    print(f"articles kept whole:          {pct(c['articles_whole'], c['articles'])}")
    print(f"articles with furniture left: {pct(c['leaky'], c['articles'])}")
    print(f"dates right:                  {pct(c['dates_right'], c['dates'])}; undated right: "
          f"{pct(c['undated_right'], c['undated'])}")
    what = "every file" if args.alone == "all" else f"a seeded sample of {len(files):,}"
    print(f"alone = batch ({what}):  {pct(identical, len(files))} ({alone_took:.0f} s)")
    subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    sys.exit(main())
