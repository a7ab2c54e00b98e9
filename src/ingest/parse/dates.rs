//! Publication-date lines.
//!
//! Scraped news prints a date in dozens of shapes:
//! English ordinals, Egyptian/Gulf, Levantine and Maghrebi month names, both
//! at once (`أيلول/سبتمبر`), three digit systems, numeric orders, ISO 8601,
//! Hijri next to Gregorian. Rather than one pattern per shape, a line's key
//! (digits already ASCII, alef forms unified, lowercase Latin) is cut into
//! number / word / punctuation tokens and small recognizers consume tokens.
//!
//! A line is a *date line* only when nothing but a date, a time, weekday
//! names and known labels (`تاريخ النشر`, `آخر تحديث`, `Published`, `GMT`,
//! `م`, `هـ` …) is on it. That is what keeps dates inside sentences, photo
//! captions (`… 13 سبتمبر 2023 - Reuters`) and headlines from being taken as
//! the publication date.

use super::hijri::{self, HIJRI_MONTHS};
use super::text::Line;
use crate::date::PubDate;
use chrono::{FixedOffset, NaiveDate, TimeZone};

/// A date line: the date it gives and whether it is labelled as an update.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct DateLine {
    pub date: PubDate,
    pub update: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    /// Value (saturated) and number of digits.
    Num(u32, usize),
    Word(&'a str),
    Punct(char),
}

const GREGORIAN_MONTHS: &[(&str, u32)] = &[
    ("كانون الثاني", 1),
    ("كانون الاول", 12),
    ("تشرين الاول", 10),
    ("تشرين الثاني", 11),
    ("تشرين اول", 10),
    ("تشرين ثاني", 11),
    ("كانون ثاني", 1),
    ("كانون اول", 12),
    ("يناير", 1),
    ("جانفي", 1),
    ("فبراير", 2),
    ("شباط", 2),
    ("فيفري", 2),
    ("مارس", 3),
    ("اذار", 3),
    ("ابريل", 4),
    ("نيسان", 4),
    ("افريل", 4),
    ("مايو", 5),
    ("ايار", 5),
    ("ماي", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("حزيران", 6),
    ("جوان", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("تموز", 7),
    ("جويليه", 7),
    ("اغسطس", 8),
    ("اب", 8),
    ("اوت", 8),
    ("غشت", 8),
    ("سبتمبر", 9),
    ("ايلول", 9),
    ("شتنبر", 9),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("نونبر", 11),
    ("ديسمبر", 12),
    ("دجنبر", 12),
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

/// Words allowed on a date line besides the date itself (keys).
const LABELS: &[&str] = &[
    "تاريخ",
    "النشر",
    "نشر",
    "نشرت",
    "نشره",
    "في",
    "بتاريخ",
    "التاريخ",
    "اخر",
    "تحديث",
    "التحديث",
    "تم",
    "محدث",
    "يوم",
    "الموافق",
    "م",
    "ه",
    "published",
    "updated",
    "update",
    "last",
    "on",
    "posted",
    "date",
    "gmt",
    "utc",
    "ص",
    "صباحا",
    "مساء",
    "مساءا",
    "am",
    "pm",
    "بتوقيت",
    "غرينتش",
    "جرينتش",
    "الساعه",
    "t",
    "z",
    "st",
    "nd",
    "rd",
    "th",
    "of",
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
    "السبت",
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sun",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
];

const UPDATE_WORDS: &[&str] = &["تحديث", "التحديث", "محدث", "updated", "update"];

fn tokenize(k: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut it = k.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_ascii_digit() {
            let (mut v, mut n) = (c.to_digit(10).unwrap_or(0), 1usize);
            while let Some(&(_, d)) = it.peek() {
                let Some(dv) = d.to_digit(10).filter(|_| d.is_ascii_digit()) else { break };
                v = v.saturating_mul(10).saturating_add(dv);
                n += 1;
                it.next();
            }
            out.push(Tok::Num(v, n));
        } else if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            out.push(Tok::Word(&k[i..end]));
        } else if !c.is_whitespace() {
            out.push(Tok::Punct(c));
        }
    }
    out
}

/// A month name starting at token `i`: (month, tokens used). Two-word names first.
fn month_at(toks: &[Tok], i: usize, table: &[(&str, u32)]) -> Option<(u32, usize)> {
    let Some(Tok::Word(w)) = toks.get(i) else { return None };
    if let Some(Tok::Word(w2)) = toks.get(i + 1) {
        for (name, m) in table {
            if let Some((a, b)) = name.split_once(' ') {
                if a == *w && b == *w2 {
                    return Some((*m, 2));
                }
            }
        }
    }
    table.iter().find(|(name, _)| name == w).map(|(_, m)| (*m, 1))
}

/// A Gregorian month at `i`, with any further names of the same month
/// (`أيلول/سبتمبر`, `أغسطس آب`, `حزيران/ يونيو`). Conflicting names: `None`.
fn month_seq(toks: &[Tok], i: usize) -> Option<(u32, usize)> {
    let (m, n) = month_at(toks, i, GREGORIAN_MONTHS)?;
    let mut j = i + n;
    loop {
        let mut k = j;
        while matches!(toks.get(k), Some(Tok::Punct('/' | '(' | ')'))) {
            k += 1;
        }
        match month_at(toks, k, GREGORIAN_MONTHS) {
            Some((m2, n2)) if m2 == m => j = k + n2,
            Some(_) => return None,
            None => break,
        }
    }
    // A closing bracket of `(سبتمبر)` belongs to the month.
    if matches!(toks.get(j), Some(Tok::Punct(')'))) {
        j += 1;
    }
    Some((m, j - i))
}

fn year_ok(y: u32) -> bool {
    (1900..=2100).contains(&y)
}

fn skip(toks: &[Tok], mut j: usize, what: &[&str], punct: &[char]) -> usize {
    loop {
        match toks.get(j) {
            Some(Tok::Word(w)) if what.contains(w) => j += 1,
            Some(Tok::Punct(p)) if punct.contains(p) => j += 1,
            _ => return j,
        }
    }
}

/// A date found in tokens: the day, whether it is Hijri, and the token range.
#[derive(Debug, Clone, Copy)]
struct Found {
    day: NaiveDate,
    hijri: bool,
    start: usize,
    end: usize,
}

fn date_at(toks: &[Tok], i: usize) -> Option<Found> {
    let greg = |y: u32, m: u32, d: u32, end: usize| {
        if !year_ok(y) {
            return None;
        }
        NaiveDate::from_ymd_opt(y as i32, m, d).map(|day| Found { day, hijri: false, start: i, end })
    };
    match toks.get(i)? {
        Tok::Num(a, alen) => {
            // Numeric: d/m/y, y/m/d, d-m-y, d.m.y (and y-m-dTtime).
            if let (Some(Tok::Punct(s1)), Some(Tok::Num(b, blen)), Some(Tok::Punct(s2)), Some(Tok::Num(c, clen))) =
                (toks.get(i + 1), toks.get(i + 2), toks.get(i + 3), toks.get(i + 4))
            {
                if s1 == s2 && matches!(s1, '/' | '-' | '.') && *blen <= 2 {
                    if *alen == 4 && *clen <= 2 {
                        return greg(*a, *b, *c, i + 5);
                    }
                    if *alen <= 2 && *clen == 4 {
                        // Arabic sites write day first; a second field above
                        // 12 can only be a US-style month/day.
                        let (d, m) = if *b > 12 && *a <= 12 { (*b, *a) } else { (*a, *b) };
                        return greg(*c, m, d, i + 5);
                    }
                }
            }
            if *alen > 2 || *a == 0 || *a > 31 {
                return None;
            }
            // Day first: `15th, August 2023`, `14 سبتمبر 2023`, `2 شوال 1444 هـ`.
            let j = skip(toks, i + 1, &["st", "nd", "rd", "th", "of", "من"], &[',', '،']);
            if let Some((m, n)) = month_seq(toks, j) {
                let k = skip(toks, j + n, &[], &[',', '،']);
                if let Some(Tok::Num(y, 4)) = toks.get(k) {
                    return greg(*y, m, *a, k + 1);
                }
                return None;
            }
            let (m, n) = month_at(toks, j, HIJRI_MONTHS)?;
            let Some(Tok::Num(y, 4)) = toks.get(j + n) else { return None };
            if !(1300..=1530).contains(y) {
                return None;
            }
            let day = hijri::to_gregorian(*y, m, *a)?;
            Some(Found { day, hijri: true, start: i, end: j + n + 1 })
        }
        Tok::Word(_) => {
            // Month first: `August 15, 2023`, `سبتمبر 14، 2023`.
            let (m, n) = month_seq(toks, i)?;
            let Some(Tok::Num(d, dlen)) = toks.get(i + n) else { return None };
            if *dlen > 2 {
                return None;
            }
            let k = skip(toks, i + n + 1, &["st", "nd", "rd", "th"], &[',', '،']);
            let Some(Tok::Num(y, 4)) = toks.get(k) else { return None };
            greg(*y, m, *d, k + 1)
        }
        Tok::Punct(_) => None,
    }
}

/// A time of day `hh:mm[:ss[.fff]]` with optional am/pm and UTC offset:
/// (hour, minute, second, offset seconds, token range).
fn time_in(toks: &[Tok], from: usize) -> Option<(u32, u32, u32, Option<i32>, usize, usize)> {
    let mut i = from;
    while i + 2 < toks.len() {
        if let (Tok::Num(h, hl), Tok::Punct(':'), Tok::Num(mi, 2)) = (toks[i], toks[i + 1], toks[i + 2]) {
            if hl <= 2 && h <= 23 && mi <= 59 {
                let mut j = i + 3;
                let mut sec = 0;
                if let (Some(Tok::Punct(':')), Some(Tok::Num(s, 2))) = (toks.get(j), toks.get(j + 1)) {
                    sec = (*s).min(59);
                    j += 2;
                    if let (Some(Tok::Punct('.')), Some(Tok::Num(..))) = (toks.get(j), toks.get(j + 1)) {
                        j += 2;
                    }
                }
                let (mut hour, mut offset) = (h, None);
                for _ in 0..3 {
                    match toks.get(j) {
                        Some(Tok::Word("م" | "pm" | "مساء" | "مساءا")) => {
                            if hour < 12 {
                                hour += 12;
                            }
                            j += 1;
                        }
                        Some(Tok::Word("ص" | "am" | "صباحا")) => {
                            if hour == 12 {
                                hour = 0;
                            }
                            j += 1;
                        }
                        Some(Tok::Word("z")) => {
                            offset = Some(0);
                            j += 1;
                        }
                        Some(Tok::Word("gmt" | "utc")) => {
                            offset = Some(0);
                            j += 1;
                            if let Some((o, n)) = offset_at(toks, j) {
                                offset = Some(o);
                                j += n;
                            }
                        }
                        Some(Tok::Punct('+' | '-')) => match offset_at(toks, j) {
                            Some((o, n)) => {
                                offset = Some(o);
                                j += n;
                            }
                            None => break,
                        },
                        _ => break,
                    }
                }
                return Some((hour, mi, sec, offset, i, j));
            }
        }
        i += 1;
    }
    None
}

/// `+03:00`, `+0300`, `+3`, `-05:30` at `j`: (seconds east, tokens used).
fn offset_at(toks: &[Tok], j: usize) -> Option<(i32, usize)> {
    let sign = match toks.get(j)? {
        Tok::Punct('+') => 1,
        Tok::Punct('-') => -1,
        _ => return None,
    };
    let (h, m, n) = match (toks.get(j + 1)?, toks.get(j + 2), toks.get(j + 3)) {
        (Tok::Num(h, 1 | 2), Some(Tok::Punct(':')), Some(Tok::Num(m, 2))) => (*h, *m, 4),
        (Tok::Num(hm, 4), _, _) => (hm / 100, hm % 100, 2),
        (Tok::Num(h, 1 | 2), _, _) => (*h, 0, 2),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some((sign * (h as i32 * 3600 + m as i32 * 60), n))
}

/// Every date in `toks`, with a combined time if any; Gregorian wins over
/// Hijri (`2 شوال 1444 هـ الموافق 22 أبريل 2023 م`), else the first.
/// Also returns a mask of the tokens the date and time used.
fn find(toks: &[Tok]) -> Option<(PubDate, Vec<bool>)> {
    let mut used = vec![false; toks.len()];
    let mut best: Option<Found> = None;
    let mut i = 0;
    while i < toks.len() {
        if let Some(f) = date_at(toks, i) {
            used[f.start..f.end].iter_mut().for_each(|u| *u = true);
            if best.is_none_or(|b| b.hijri && !f.hijri) {
                best = Some(f);
            }
            i = f.end;
        } else {
            i += 1;
        }
    }
    let best = best?;
    let mut date = PubDate::Day(best.day);
    if let Some((h, m, s, off, a, b)) = time_in(toks, 0) {
        used[a..b].iter_mut().for_each(|u| *u = true);
        if let (Some(off), Some(t)) = (off, best.day.and_hms_opt(h, m, s)) {
            // With a known offset the time is an instant; without one we keep
            // the day rather than invent a time zone.
            if let Some(tz) = FixedOffset::east_opt(off) {
                if let Some(dt) = tz.from_local_datetime(&t).single() {
                    date = PubDate::Instant(dt);
                }
            }
        }
    }
    Some((date, used))
}

/// The date written in `s` (any shape), ignoring whatever else is there.
pub fn parse_date(s: &str) -> Option<PubDate> {
    let k = crate::arabic::key(s);
    find(&tokenize(&k)).map(|(d, _)| d)
}

/// The date of a *date line*: a short line holding only a date, a time,
/// weekdays and labels. `None` for anything else (captions, sentences).
pub(super) fn date_line(line: &Line) -> Option<DateLine> {
    if line.words > 16 || !line.key.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let toks = tokenize(&line.key);
    if toks.len() > 40 {
        return None;
    }
    let (date, used) = find(&toks)?;
    let mut update = false;
    for (t, u) in toks.iter().zip(&used) {
        match t {
            _ if *u => {}
            Tok::Punct(_) => {}
            Tok::Word(w) if LABELS.contains(w) => update |= UPDATE_WORDS.contains(w),
            _ => return None,
        }
    }
    Some(DateLine { date, update })
}

#[cfg(test)]
#[path = "dates_tests.rs"]
mod tests;
