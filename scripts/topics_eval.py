#!/usr/bin/env python3
"""Evaluates `warraq tags --format json` on a site written by
scripts/corpus_site.py, against the corpus itself as the answer key.

Matching here is written independently of warraq's (plain Python, no code
shared): a word counts when it is the form as listed, in any hamza or alef
form, with ة/ه, ى/ي, Persian letters, diacritics and tatweel ignored, and
with any attached proclitic (و ف ب ك ل, their pairs, ال written لل after ل).
No stemming: `اليمني` is not `اليمن`.

An article is *about* a subject when its title names it once, or its body
three times or more (any of the subject's forms; occurrences inside one of
its exceptions, such as `الهلال الأحمر` for the club `الهلال`, do not count;
overlapping forms are one mention).

Usage:
  scripts/topics_eval.py about [--subjects FILE]
      articles about each subject (no tags needed)
  scripts/topics_eval.py score TAGS.json [--subjects FILE]
      tags per 1,000 articles and, per subject, how many of the articles
      about it are in its tag (the tag named by one of its forms)
  scripts/topics_eval.py sample TAGS.json [--n 100] [--seed 2015]
      a sample of tags drawn with probability proportional to their
      article count, without replacement, as a table to judge
  scripts/topics_eval.py judged FILE [--section HEADING]
      tallies the verdicts (good / weak / junk) of a judged table (the
      rows under that heading, up to the next one, when given)

FILE defaults to docs/topics-evaluation.md; subjects are the rows of the
table under its heading `## Subjects`: `| n | subject | forms | except |`,
forms and exceptions separated by ` / `.
"""
import argparse
import json
import pathlib
import random
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import corpus_site  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_SUBJECTS = ROOT / "docs" / "topics-evaluation.md"

FOLD = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
        "ى": "ي", "ی": "ي", "ئ": "ي",
        "ة": "ه", "ۀ": "ه", "ھ": "ه",
        "ؤ": "و", "ک": "ك",
    }
)
IGNORED = re.compile("[\u064b-\u065f\u0670\u0640\u200c-\u200f\u202a-\u202e]")
WORD = re.compile(r"\w+")
PROCLITICS = ["", "و", "ف", "ب", "ك", "ل", "وب", "ول", "وك", "فب", "فل", "فك"]


def norm(s):
    return IGNORED.sub("", s).translate(FOLD).lower()


def words(s):
    return WORD.findall(norm(s))


def first_word_forms(w):
    """Every way the first word of a form can be written with proclitics."""
    out = {p + w for p in PROCLITICS}
    if w.startswith("ال"):
        out |= {p + "لل" + w[2:] for p in ["", "و", "ف"]}
    return out


class Form:
    def __init__(self, text):
        self.words = words(text)
        self.first = first_word_forms(self.words[0])

    def positions(self, doc):
        """Where this form starts in an indexed document."""
        for w in self.first:
            for i in doc.at.get(w, ()):
                if doc.toks[i + 1 : i + len(self.words)] == self.words[1:]:
                    yield i


class Doc:
    """Words of a text and where each occurs."""

    def __init__(self, text):
        self.toks = words(text)
        self.at = {}
        for i, w in enumerate(self.toks):
            self.at.setdefault(w, []).append(i)


class Subject:
    def __init__(self, name, forms, exceptions):
        self.name = name
        self.forms = [Form(f) for f in forms]
        self.exceptions = [Form(f) for f in exceptions]

    def count(self, doc):
        """Mentions: places in the text where a form occurs, outside the
        exceptions; overlapping forms (`الملك سلمان بن عبدالعزيز` holds two)
        are one mention."""
        covered = set()
        for e in self.exceptions:
            for i in e.positions(doc):
                covered.update(range(i, i + len(e.words)))
        spans = sorted((i, i + len(f.words)) for f in self.forms for i in f.positions(doc) if i not in covered)
        n, end = 0, -1
        for i, j in spans:
            if i >= end:
                n += 1
            end = max(end, j)
        return n

    def about(self, title, body):
        return self.count(title) >= 1 or self.count(body) >= 3

    def names(self, tag_name):
        """Whether a tag name is one of this subject's forms (proclitics allowed)."""
        doc = Doc(tag_name)
        return any(len(doc.toks) == len(f.words) and 0 in f.positions(doc) for f in self.forms)


def load_subjects(path):
    text = path.read_text(encoding="utf-8")
    section = text.split("## Subjects", 1)[1].split("\n## ", 1)[0]
    subjects = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].isdigit():
            continue
        forms = [f.strip() for f in cells[2].split(" / ") if f.strip()]
        exceptions = [f.strip() for f in cells[3].split(" / ") if f.strip()] if len(cells) > 3 else []
        subjects.append(Subject(cells[1], forms, exceptions))
    return subjects


def corpus_docs():
    """Corpus index -> (title, body) documents, for the articles the site has."""
    docs = {}
    for i, a in enumerate(corpus_site.load(corpus_site.DEFAULT_CORPUS)):
        if a["title"].strip() or a["content"].strip():
            docs[i] = (Doc(a["title"]), Doc(a["content"]))
    return docs


def corpus_index(path):
    """The corpus index in a file name written by corpus_site.py (`DD-source-NNNNN.md`)."""
    return int(pathlib.Path(path).stem.rsplit("-", 1)[1])


def about_sets(subjects, docs):
    return {s.name: {i for i, (t, b) in docs.items() if s.about(t, b)} for s in subjects}


def cmd_about(args):
    subjects = load_subjects(args.subjects)
    docs = corpus_docs()
    about = about_sets(subjects, docs)
    for s in subjects:
        print(f"{len(about[s.name]):5}  {s.name}")


def cmd_score(args):
    subjects = load_subjects(args.subjects)
    tags = json.loads(pathlib.Path(args.tags).read_text(encoding="utf-8"))
    docs = corpus_docs()
    about = about_sets(subjects, docs)
    n = len(docs)
    print(f"{len(tags)} tags for {n} articles: {1000 * len(tags) / n:.1f} per 1,000")
    sizes = sorted((t["count"] for t in tags), reverse=True)
    print(f"largest tag {sizes[0] if sizes else 0}; tags with >= 3 articles: {sum(1 for c in sizes if c >= 3)}")
    print()
    print("| subject | articles about it | in its tag | recall | tag |")
    print("|---|---:|---:|---:|---|")
    total_about = total_in = 0
    passed = 0
    for s in subjects:
        want = about[s.name]
        best = (0, None)
        for t in tags:
            if s.names(t["name"]) or any(s.names(x) for x in t["spellings"]):
                members = {corpus_index(a["path"]) for a in t["articles"]}
                best = max(best, (len(want & members), t["name"]), key=lambda x: x[0])
        got, name = best
        recall = got / len(want) if want else 1.0
        passed += recall >= 0.85
        total_about += len(want)
        total_in += got
        print(f"| {s.name} | {len(want)} | {got} | {100 * recall:.0f} % | {name or '—'} |")
    print()
    print(f"{passed} of {len(subjects)} subjects at >= 85 %; all subjects pooled: {total_in}/{total_about}"
          f" = {100 * total_in / max(total_about, 1):.1f} %")


def cmd_sample(args):
    tags = json.loads(pathlib.Path(args.tags).read_text(encoding="utf-8"))
    rng = random.Random(args.seed)
    # Efraimidis–Spirakis: key u^(1/w), the n largest keys.
    keyed = sorted(((rng.random() ** (1 / t["count"]), t) for t in tags if t["count"] > 0), key=lambda x: -x[0])
    sample = [t for _, t in keyed[: args.n]]
    sample.sort(key=lambda t: -t["count"])
    print("| # | tag | articles | verdict | why |")
    print("|---:|---|---:|---|---|")
    for k, t in enumerate(sample, 1):
        print(f"| {k} | {t['name']} | {t['count']} |  |  |")


def cmd_judged(args):
    text = pathlib.Path(args.file).read_text(encoding="utf-8")
    if args.section:
        heading = re.search(r"^#+ " + re.escape(args.section) + r"\s*$", text, flags=re.M)
        if heading is None:
            sys.exit(f"no heading {args.section!r} in {args.file}")
        text = re.split(r"\n#+ ", text[heading.end():], maxsplit=1)[0]
    verdicts = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[0].isdigit() and cells[3] in ("good", "weak", "junk"):
            verdicts.append(cells[3])
    n = len(verdicts)
    for v in ("good", "weak", "junk"):
        k = verdicts.count(v)
        print(f"{v}: {k} of {n} ({100 * k / max(n, 1):.0f} %)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("about")
    a.add_argument("--subjects", type=pathlib.Path, default=DEFAULT_SUBJECTS)
    a.set_defaults(run=cmd_about)
    s = sub.add_parser("score")
    s.add_argument("tags")
    s.add_argument("--subjects", type=pathlib.Path, default=DEFAULT_SUBJECTS)
    s.set_defaults(run=cmd_score)
    m = sub.add_parser("sample")
    m.add_argument("tags")
    m.add_argument("--n", type=int, default=100)
    m.add_argument("--seed", type=int, default=2015)
    m.set_defaults(run=cmd_sample)
    j = sub.add_parser("judged")
    j.add_argument("file")
    j.add_argument("--section", default=None)
    j.set_defaults(run=cmd_judged)
    args = ap.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
