#!/usr/bin/env python3
"""Raw inbox files from a real news corpus, plus the answer key to score ingest.

    scripts/corpus_raw.py CORPUS_DIR OUT_DIR [--limit N] [--seed S]

CORPUS_DIR holds SaudiNewsNet-style zips (each one JSON array of articles with
`source`, `date_extracted`, `title`, `author`, `content`); see
docs/ingest-evaluation.md. The corpus is read where it lies and nothing of it
goes into the repository: OUT_DIR (outside the repository) receives

    OUT_DIR/inbox/NNNNN_<hash>.txt   one raw file per article
    OUT_DIR/answers.jsonl            one answer record per raw file

Each article is wrapped in the page furniture the five seed files show
(content/inbox/): a title line (printed twice on some sites), a publication
date in one of many shapes, above the text or at its end, or none; the
byline; photo captions with their credits, above the text (sometimes printed
twice) or between paragraphs; font-size and share widgets, advert labels;
the source line (`المصدر: …`, or glued to an agency credit and the keyword
line as in seed 000); a keyword line (with Persian-letter spellings); and a
"read also" tail holding a second article (another article of the corpus),
headline lists, category and "stories that may interest you" labels.

Each newspaper gets one house style (the furniture of one seed), as a real
archive has, so the same source line, byline shapes and widgets repeat in
every file of a paper; per article the style varies (which widgets, which
date shape, whether a caption or a tail is there) with a seeded generator,
so the files are the same on every run.

The answer record says what a correct conversion gives:
`title` (the corpus title; `null` when it has none), `day` (YYYY-MM-DD of the
date line, `null` when the file has none), `source` (the value printed on the
`المصدر` line, `null` when the file has none), `byline` (the byline printed
above the text, `null` when none; an `author` field of more than eight
words, ending like a sentence, holding digits (a date) or only a photo
credit is a scraper's error, not printed), `paragraphs` (every line of the article's
text, in order), `leaks` (strings of furniture and of the second article
that must not be in the body).

One judgement about the corpus itself: Ain Alyoum (`3alyoum`) prints the
byline as the first line of the article text (`عين اليوم – جدة`,
`داليا أبوالعيش – عين اليوم`, a columnist's name alone, sometimes after or
glued to a photo gallery's `Next Previous`) and leaves the `author` field
empty. That first line (of at most eight words, not a sentence) is the
byline in the answer key, not a paragraph.
"""

import argparse
import datetime as dt
import hashlib
import json
import random
import sys
import zipfile
from pathlib import Path

PAPERS = {
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

# House style of each paper: the seed whose furniture it wears.
#   kuwait  (seed 000): no blank lines, `تاريخ النشر: 15th, August 2023 GMT`,
#           glued source/keyword footer, Persian keywords, read-also tail
#           with a glued `Related…` line, navigation line at the very end.
#   manatiq (seed 001): no blank lines, `SITE_ متابعات` desk byline,
#           `المصدر: صحيفة … السعودية`, keywords, read-also tail.
#   balad   (seed 002): blank lines, a no-break-space line, `المصدر: …`,
#           keywords, read-also tail with an app advert, headline list.
#   asharq  (seed 003): blank lines, a caption printed twice above the
#           text, `تصنيفات` / `قصص قد تهمك` labels at the end.
#   araby   (seed 004): title printed twice, caption with a Latin credit,
#           `+ الخط -`, closing credit in brackets, `المساهمون`.
HOUSE = {
    "aawsat": "kuwait",
    "okaz": "kuwait",
    "sabq": "kuwait",
    "alweeam": "manatiq",
    "3alyoum": "manatiq",
    "almadina": "manatiq",
    "alyaum": "balad",
    "aleqtisadiya": "balad",
    "arreyadi": "balad",
    "aljazirah": "asharq",
    "alwatan": "asharq",
    "alriyadh": "araby",
    "arriyadiyah": "araby",
    "was": "araby",
}

EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
EG_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
             "نوفمبر", "ديسمبر"]
LEV_MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
              "تشرين الأول", "تشرين الثاني", "كانون الأول"]
HIJRI_MONTHS = ["محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب", "شعبان",
                "رمضان", "شوال", "ذو القعدة", "ذو الحجة"]
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans({"ك": "ک", "ي": "ی", "ى": "ی", "ة": "ۀ"})

AGENCIES = ["رويترز", "واس", "أ ف ب", "د ب أ", "الأناضول"]
STOP = {"في", "من", "على", "عن", "إلى", "مع", "و", "أو", "ثم", "قد", "لا", "ما", "هذا", "هذه", "التي", "الذي",
        "بعد", "قبل", "أن", "إن", "بين", "خلال", "حول", "منذ", ".."}


def hijri(day):
    """Tabular Islamic (civil) date of a Gregorian day: (year, month, day)."""
    jd = day.toordinal() + 1721424.5 + 0.5  # Julian day number at noon
    jd = int(jd)
    l = jd - 1948440 + 10632
    n = (l - 1) // 10631
    l = l - 10631 * n + 354
    j = ((10985 - l) // 5316) * ((50 * l) // 17719) + (l // 5670) * ((43 * l) // 15238)
    l = l - ((30 - j) // 15) * ((17719 * j) // 50) - (j // 16) * ((15238 * j) // 43) + 29
    month = (24 * l) // 709
    d = l - (709 * month) // 24
    year = 30 * n + j - 30
    return year, month, d


def ordinal(n):
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def date_line(rng, stamp):
    """A publication date line for `stamp` (a datetime), and the day it gives."""
    d = stamp.date()
    wd = WEEKDAYS[d.weekday()]
    shapes = [
        lambda: f"تاريخ النشر: {ordinal(d.day)}, {EN_MONTHS[d.month - 1]} {d.year} GMT",
        lambda: f"{d.day} {EG_MONTHS[d.month - 1]} {d.year}",
        lambda: f"نشر في {d.day} {LEV_MONTHS[d.month - 1]} {d.year}".translate(INDIC),
        lambda: f"{wd} {d.day} {EG_MONTHS[d.month - 1]} {d.year} - {stamp:%I:%M} {'ص' if stamp.hour < 12 else 'م'}",
        lambda: stamp.strftime("%Y-%m-%dT%H:%M:%S") + "+03:00",
        lambda: f"{d:%d/%m/%Y}",
        lambda: "{} {} {} هـ الموافق {} {} {} م".format(
            hijri(d)[2], HIJRI_MONTHS[hijri(d)[1] - 1], hijri(d)[0], d.day, EG_MONTHS[d.month - 1], d.year),
        lambda: f"{d.day} {LEV_MONTHS[d.month - 1]}/{EG_MONTHS[d.month - 1]} {d.year}",
        lambda: f"نشر في: {wd}، {d.day} {EG_MONTHS[d.month - 1]} {d.year} | {stamp:%H:%M}",
        lambda: f"آخر تحديث: {d:%Y-%m-%d} {stamp:%H:%M} UTC",
    ]
    line = rng.choice(shapes)()
    # Times are Riyadh time (+03:00) except the UTC shape: the same day here
    # (the crawl ran between 03:00 and 23:00).
    return line, d.isoformat()


def text_lines(content):
    """The article's lines as a scraper delivers them (untrimmed), empty ones dropped."""
    return [l for l in content.split("\n") if l.strip()]


def norm(s):
    return " ".join(s.split())


def content_byline(paper, lines):
    """Ain Alyoum's byline printed at the top of the article text: (the
    lines it takes, the byline), or None. The byline is the first line, or
    the second after a photo gallery's `Next Previous` line; a gallery's
    `Next Previous` may also be glued before it."""
    if paper != "3alyoum" or not lines:
        return None
    taken = 1
    t = norm(lines[0])
    if t == "Next Previous" and len(lines) > 1:
        taken, t = 2, norm(lines[1])
    t = t[len("Next Previous"):].strip(" |") if t.startswith("Next Previous") else t
    if t and len(t.split()) <= 8 and not t.endswith((".", "!", "؟", "?", "،")):
        return taken, t
    return None


def keywords(rng, title):
    words = [w.strip("«»\"“”.,:؛،()") for w in title.split()]
    words = [w for w in words if len(w) > 2 and w not in STOP]
    rng.shuffle(words)
    return words[: rng.randint(2, 4)]


def caption(rng, title, stamp, strong):
    """A photo caption about the article (invented wording around its title words)."""
    words = title.split()[: rng.randint(4, 8)]
    lead = rng.choice(["جانب من", "صورة من", "لقطة تظهر", "من أجواء"])
    text = f"{lead} {' '.join(words)}"
    if rng.random() < 0.3:
        text += f". {stamp.day} {EG_MONTHS[stamp.month - 1]} {stamp.year}"
    if strong:
        return text + rng.choice([" - Reuters", " (Getty)", " - AFP", " (EPA)"])
    return text + rng.choice([" - رويترز", " - أ ف ب", " - الأناضول"])


def read_also(rng, house, other, titles):
    """The tail: a second article after a "read also" marker, headline lists."""
    paras = [norm(l) for l in text_lines(other["content"])][: rng.randint(1, 4)]
    tail = []
    if house == "kuwait":
        tail += ["إقرأ أيضاً:", norm(other["title"])]
        for i, p in enumerate(paras):
            tail.append(p)
            if i == 0:
                tail.append("Related" + "".join(norm(t) for t in rng.sample(titles, 2)))
        tail.append("انتقل إلى اختصارات الوصولشارك هذا المقالمحادثة")
    elif house == "manatiq":
        tail += [rng.choice(["إقرأ أيضاً:", "اقرأ أيضا", "اقرأ أيضًا:"]), norm(other["title"])] + paras
    elif house == "balad":
        tail += ["إقرأ أيضاً:", norm(other["title"]), "تابع أحدث الأخبار عبر تطبيق"] + paras
        tail += ["مقالات مشابهة"] + ["  • " + norm(t) for t in rng.sample(titles, rng.randint(3, 8))]
    elif house == "asharq":
        tail += ["تصنيفات", "قصص قد تهمك"]
        if rng.random() < 0.5:
            tail += [norm(other["title"])] + paras[:1]
    else:
        tail += ["المساهمون"]
    return tail, paras + [norm(other["title"])]


def wrap(rng, art, paper_id, other, titles):
    """The raw text of one article and its answer record."""
    house = HOUSE[paper_id]
    paper = PAPERS[paper_id]
    stamp = dt.datetime.strptime(art["date_extracted"], "%Y-%m-%d %H:%M:%S")
    title = norm(art["title"])
    body = text_lines(art["content"])
    # The author field is printed as the byline when it is one: some hold a
    # sentence of the text or a photo credit alone (scraper errors).
    byline = norm(art["author"]) or None
    if byline and (len(byline.split()) > 8 or byline.endswith((".", "!", "؟", "?", "،", ":\"")) or
                   any(c.isdigit() for c in byline) or
                   byline.replace("&nbsp;", "").strip(" :").split(" ")[0] in ("تصوير", "عدسة")):
        byline = None
    in_text = []  # the byline printed as the first line of the text
    found = content_byline(paper_id, body)
    if found:
        taken, byline = found
        in_text, body = body[:taken], body[taken:]
        printed_byline = None
    else:
        printed_byline = byline
    if house == "manatiq" and printed_byline is None and byline is None and rng.random() < 0.5:
        byline = printed_byline = f"{paper}_ متابعات"
    leaks = []
    top, end = [], []

    # Title.
    if title:
        top.append(title)
        if house == "araby" and rng.random() < 0.6:
            top.append(title)

    # Date: under the title, at the end, or none.
    day = None
    r = rng.random()
    if r < 0.85:
        line, day = date_line(rng, stamp)
        (top if r < 0.7 else end).append(line)

    # Captions above the text.
    if house == "asharq" and rng.random() < 0.6:
        c = caption(rng, title, stamp, strong=rng.random() < 0.5)
        top += [c, c]
        leaks.append(c)
    if house == "araby" and rng.random() < 0.6:
        c = caption(rng, title, stamp, strong=True)
        top.append(c)
        leaks.append(c)

    if printed_byline:
        top.append(printed_byline)
    if house == "araby" and rng.random() < 0.7:
        top.append("+ الخط -")

    # The text, with captions and widgets between paragraphs.
    text = list(in_text)
    for i, p in enumerate(body):
        text.append(p)
        if i + 1 < len(body):
            r = rng.random()
            if r < 0.04:
                c = caption(rng, title, stamp, strong=True)
                text.append(c)
                leaks.append(c)
            elif r < 0.06:
                c = caption(rng, title, stamp, strong=False)
                text += [c, c]
                leaks.append(c)
            elif r < 0.08 and house in ("araby", "balad"):
                w = rng.choice(["إعلان", "اعلان", "Advertisement"])
                text.append(w)
                leaks.append(w)

    # Source and keywords.
    source = None
    kw = keywords(rng, title)
    if house == "kuwait":
        if rng.random() < 0.5:
            source = paper
            end.append(f"المصدر {rng.choice(AGENCIES)} الوسوم{' '.join(kw)}المصدر: {paper}")
        else:
            source = paper
            end.append(f"المصدر: {paper}")
        if kw:
            end.append("كلمات دلالية: " + " ".join(kw + [w.translate(PERSIAN) for w in kw[:2]]))
    elif house == "manatiq":
        source = f"صحيفة {paper} السعودية"
        end.append(f"المصدر: {source}")
        if kw:
            end.append("كلمات دلالية: " + " ".join(kw))
    elif house == "balad":
        end.append("\u00a0")
        source = paper
        end.append(f"المصدر: {paper}")
        if kw:
            end.append("كلمات دلالية: " + " ".join(kw))
    elif house == "asharq":
        if rng.random() < 0.9:
            source = paper
            end.append(f"المصدر: {paper}")
    else:
        r = rng.random()
        if r < 0.5:
            end.append(f"(واس، {paper})")
        if r > 0.1:
            source = paper
            end.append(f"المصدر: {paper}")

    # The tail: a second article, headline lists, labels.
    tail, tail_text = read_also(rng, house, other, titles) if rng.random() < 0.8 else ([], [])
    leaks += tail_text

    # Every line of furniture must be gone from the body: the title's second
    # copy, date, captions, byline, widgets, source and keyword lines.
    leaks += top[1:] + in_text + end + tail
    lines = top + text + end + tail
    blank = house in ("balad", "asharq", "araby")
    raw = ("\n\n" if blank else "\n").join(lines) + "\n"
    answer = {
        "title": title or None,
        "day": day,
        "source": source,
        "byline": byline,
        "paper": paper_id,
        "paragraphs": [norm(p) for p in body if norm(p)],
        "leaks": [norm(x) for x in leaks if norm(x)],
    }
    return raw, answer


def load(corpus):
    arts = []
    for z in sorted(Path(corpus).glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in sorted(zf.namelist()):
                if name.endswith(".json"):
                    arts += json.loads(zf.read(name))
    return arts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (0: all)")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    arts = load(args.corpus)
    if args.limit:
        arts = arts[: args.limit]
    out = Path(args.out)
    inbox = out / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    if any(inbox.iterdir()):
        sys.exit(f"{inbox} is not empty: give a new directory")
    rng = random.Random(args.seed)
    titles = [norm(a["title"]) for a in arts if a["title"].strip()]
    with_text = [a for a in arts if a["content"].strip() and a["title"].strip()]
    with open(out / "answers.jsonl", "w", encoding="utf-8") as answers:
        for n, art in enumerate(arts):
            other = rng.choice(with_text)
            while norm(other["content"]) == norm(art["content"]):
                other = rng.choice(with_text)
            raw, answer = wrap(rng, art, art["source"], other, titles)
            digest = hashlib.sha256(raw.encode()).hexdigest()[:16]
            name = f"{n:05d}_{digest}.txt"
            (inbox / name).write_text(raw, encoding="utf-8")
            answer["file"] = name
            answers.write(json.dumps(answer, ensure_ascii=False) + "\n")
    print(f"{len(arts)} raw files in {inbox}, answers in {out / 'answers.jsonl'}")


if __name__ == "__main__":
    main()
