//! Bylines: who wrote an article and where it was filed.
//!
//! Newspapers print the byline between the title and the text in many
//! shapes, the writer and the place in either order:
//! `لندن: رنيم حنوش`, `الرياض - محمد الحيدر`, `حامد القرشي – مكة المكرمة`,
//! `عكاظ (جدة)`, `«الاقتصادية» من الرياض`, `د ب أ - بوينس آيرس`,
//! `أحمد علي- سبق- القاهرة:`, `إعداد وترجمة - بندر الحربي`,
//! `المناطق_ متابعات`, or a columnist's name alone. [`byline`] splits such
//! a line at its separators, drops role words (`إعداد`, `متابعات`) and
//! photo credits (`تصوير - …`), and tells places, agencies, papers and
//! people apart:
//! * by the lists of [`super::names`] (places, countries, agencies,
//!   papers, given names);
//! * by position: what comes before a colon is the place (`لندن: …`), a
//!   country in brackets makes the name before it a town
//!   (`بولي علم (أفغانستان)`), a town in brackets makes it the writer
//!   (`منيف الكويكبي (القريات)`);
//! * by shape, for names in no list: one word beside a person or an agency
//!   is the place, people are named with two words or more (`بن`, `عبد…`).
//!
//! Only the parser's byline slot (after the title, above the first
//! paragraph) is read this way: a line such as `مصر - السودان` further down
//! is text, a match heading or a quote.

use super::names::{is_agency, is_country, is_given_name, is_honorific, is_paper, is_photo_credit, is_place, is_role};
use super::text::{ends_sentence, loose, Line};

/// What a byline says.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Byline {
    /// The writer: the people named, else the agency or paper desk that signs.
    pub author: Option<String>,
    /// Where the story was filed from.
    pub place: Option<String>,
    /// The agency or paper named, which is the article's source when the
    /// file has no source line (`سول -رويترز`, `المناطق_ متابعات`).
    pub credit: Option<String>,
}

/// Longest byline, in words (separators counted).
const MAX_WORDS: usize = 14;
/// Longest part of a byline, in words.
const MAX_PART_WORDS: usize = 9;

#[derive(Debug, Clone, Copy, PartialEq)]
enum What {
    Place,
    Agency,
    Paper,
    /// A paper named like a place (`الرياض`, `مكة`): decided by the other parts.
    PlaceOrPaper,
    Person,
    Unknown,
}

#[derive(Debug)]
struct Part<'a> {
    text: &'a str,
    key: String,
    words: usize,
    what: What,
    /// Written in brackets (`عكاظ (جدة)`).
    bracketed: bool,
    /// Followed by a colon (`لندن: …`).
    before_colon: bool,
    /// Right after a colon (`لندن: رنيم حنوش`): the writer, when a name.
    after_colon: bool,
}

/// One piece of the line between separators, with what surrounds it.
struct Piece<'a> {
    text: &'a str,
    bracketed: bool,
    before_colon: bool,
    after_colon: bool,
}

/// The byline a line holds, or `None` when it is not one.
pub(super) fn byline(line: &Line) -> Option<Byline> {
    if line.words > MAX_WORDS || line.text.chars().any(|c| c.is_numeric()) {
        return None;
    }
    if line.text.contains('&') {
        read(&decode_entities(line.text))
    } else {
        read(line.text)
    }
}

/// HTML entities scrapers leave in bylines (`سبق &ndash; الرياض:`).
fn decode_entities(text: &str) -> String {
    let mut out = text.to_string();
    let entities = [
        ("&ndash;", "–"),
        ("&mdash;", "—"),
        ("&quot;", "\""),
        ("&nbsp;", " "),
        ("&amp;", "&"),
        ("&rlm;", ""),
        ("&lrm;", ""),
    ];
    for (entity, c) in entities {
        out = out.replace(entity, c);
    }
    out
}

fn read(text: &str) -> Option<Byline> {
    let text = strip_furniture(text);
    let text = text.trim_end_matches([':', '：', ' ']).trim();
    // A list item (`* إخراج: …`) is text, unless it is a name alone; a star
    // glued to a name marks the writer (`*إكرامي عبدالله من الرياض`).
    if let Some(name) = text.strip_prefix("* ") {
        return read(name)
            .filter(|b| b.place.is_none() && b.credit.is_none() && b.author.as_deref() == Some(name.trim()));
    }
    let text = text.strip_prefix('*').unwrap_or(text);
    if text.is_empty()
        || text.starts_with(['*', '•', '·', '▪'])
        || ends_sentence(text)
        || !text.chars().any(crate::arabic::is_arabic_letter)
    {
        return None;
    }
    // Whether a role word was found, and whether one stood as a part of
    // its own (`المناطق_ متابعات`).
    let (mut role, mut role_part) = (false, false);
    let mut photographer_next = false;
    let mut parts: Vec<Part> = Vec::new();
    for piece in split_parts(text) {
        // `تصوير - محمد الماجد`: the photographer is not a writer.
        if std::mem::take(&mut photographer_next) {
            continue;
        }
        let first = piece.text.split_whitespace().next().map(loose).unwrap_or_default();
        if is_photo_credit(&first) {
            photographer_next = piece.text.split_whitespace().count() == 1;
            continue;
        }
        let (rest, had_role) = strip_roles(piece.text);
        role |= had_role;
        // `خاص بالرياض`, `خاص ب«الرياض»`: exclusive to the paper.
        let paper = rest.strip_prefix('ب').map(|r| r.trim_start_matches([' ', '«', '"']));
        let exclusive =
            had_role && loose(piece.text).starts_with("خاص ب") && paper.is_some_and(|p| is_paper(&loose(p)));
        let rest = if exclusive { rest.strip_prefix('ب').unwrap_or(rest).trim_start() } else { rest };
        let rest = rest.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
        // A name in quotes (`«الشرق الأوسط»`) is a paper or a desk.
        let quoted = exclusive || (rest.starts_with(['«', '"', '“', '{']) && rest.ends_with(['»', '"', '”', '}']));
        let rest = rest.trim_matches(|c: char| matches!(c, '«' | '»' | '"' | '“' | '”' | '\'' | '{' | '}'));
        if rest.is_empty() {
            role_part |= had_role;
            continue;
        }
        let key = loose(rest);
        let words = key.split(' ').count();
        if key.is_empty() || words > MAX_PART_WORDS {
            return None;
        }
        // A part in Latin letters only names an agency (`AFP`) or nothing a
        // byline holds (`Frontera | إخراج: …`, a film's credits).
        if !key.chars().any(crate::arabic::is_arabic_letter) && !is_agency(&key) {
            return None;
        }
        let what = classify(&key, quoted);
        if parts.iter().any(|p| p.key == key && p.what == what) {
            continue;
        }
        let (bracketed, before_colon, after_colon) = (piece.bracketed, piece.before_colon, piece.after_colon);
        parts.push(Part { text: rest, key, words, what, bracketed, before_colon, after_colon });
    }
    match parts.len() {
        0 => None,
        1 => single(parts.pop()?, role, role_part),
        _ => several(parts),
    }
}

/// Zero-width and direction marks scrapers leave around names.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// A leading `&nbsp;` entity or a photo gallery's `Next Previous` glued
/// to the byline by the scraper.
fn strip_furniture(mut t: &str) -> &str {
    loop {
        let s = t.trim_start();
        if let Some(rest) = s.strip_prefix("&nbsp;") {
            t = rest;
        } else if s.len() >= 13 && s.is_char_boundary(13) && s[..13].eq_ignore_ascii_case("next previous") {
            t = &s[13..];
        } else {
            return s;
        }
    }
}

/// The pieces between separators: dashes (and a tatweel standing alone),
/// colons, slashes, underscores, bars, brackets, commas (lists of people,
/// places or agencies: `بغداد، أربيل - رويترز، ا ف ب`); then `X من PLACE`.
fn split_parts(text: &str) -> Vec<Piece<'_>> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut start = 0;
    let mut prev = ' ';
    let mut depth = 0usize;
    let mut opened = false;
    let mut colon = false;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let next = it.peek().map_or(' ', |&(_, n)| n);
        let sep = matches!(c, '-' | '–' | '—' | '‐' | ':' | '：' | '/' | '|' | '_' | '(' | ')' | '[' | ']' | '،' | ',')
            || (c == 'ـ' && (prev.is_whitespace() || next.is_whitespace() || prev == 'ـ' || next == 'ـ'));
        if sep {
            let piece = &text[start..i];
            if !piece.trim().is_empty() {
                let after_colon = std::mem::take(&mut colon);
                pieces.push(Piece { text: piece, bracketed: opened && depth > 0, before_colon: false, after_colon });
            }
            if matches!(c, ':' | '：') {
                if let Some(last) = pieces.last_mut() {
                    last.before_colon = true;
                }
                colon = true;
            }
            match c {
                '(' | '[' => {
                    depth += 1;
                    opened = true;
                }
                ')' | ']' => depth = depth.saturating_sub(1),
                _ => {}
            }
            start = i + c.len_utf8();
        }
        prev = c;
    }
    let last = &text[start..];
    if !last.trim().is_empty() {
        pieces.push(Piece { text: last, bracketed: opened && depth > 0, before_colon: false, after_colon: colon });
    }
    if let [only] = &pieces[..] {
        // `«الاقتصادية» من الرياض`, `منال الأحمدي من جدة`: only before a known place.
        let p = only.text;
        if let Some(at) = p.rfind(" من ") {
            let (who, place) = (&p[..at], &p[at + " من ".len()..]);
            if !who.trim().is_empty() && is_place(&loose(place)) {
                let piece = |text| Piece { text, bracketed: false, before_colon: false, after_colon: false };
                return vec![piece(who), piece(place)];
            }
        }
    }
    pieces
}
/// The part without its leading role words, and whether it had any.
fn strip_roles(part: &str) -> (&str, bool) {
    let mut rest = part.trim();
    let mut had = false;
    while let Some(word) = rest.split_whitespace().next() {
        if !is_role(&loose(word)) {
            break;
        }
        had = true;
        rest = rest[rest.find(word).map_or(0, |i| i + word.len())..].trim_start();
    }
    (rest, had)
}

fn classify(key: &str, quoted: bool) -> What {
    let (place, paper) = (is_place(key), is_paper(key) && key.split(' ').count() <= 4);
    if is_agency(key) {
        What::Agency
    } else if quoted {
        What::Paper
    } else if place && paper {
        What::PlaceOrPaper
    } else if place {
        What::Place
    } else if paper {
        What::Paper
    } else if looks_like_name(key) {
        What::Person
    } else {
        What::Unknown
    }
}

/// The shape of a person's name: a title or a given name first (`د.`,
/// `الشيخ`, `فهد …`), or a word of a compound name (`بن`, `عبد…`, `أبو…`,
/// `آل`).
fn looks_like_name(key: &str) -> bool {
    let first = key.split(' ').next().unwrap_or("");
    key.contains(' ')
        && (has_title(key)
            || is_given_name(first)
            || key.split(' ').skip(1).any(|w| matches!(w, "بن" | "بنت" | "ابن" | "ال") || w.starts_with("ابو"))
            || key.split(' ').any(|w| w.starts_with("عبد")))
}

/// A name as a writer signs it alone: a title or a given name first
/// (`عبد الله …` too), or a given name after a first word that is not an
/// office (`ملحة عبدالله`, but not `الأمير محمد بن سلمان`, a caption's
/// subject, nor `وزير الخارجية عادل …`).
fn signs(key: &str) -> bool {
    let mut words = key.split(' ');
    let first = words.next().unwrap_or("");
    let office = first.starts_with("ال") || OFFICES.contains(&first);
    has_title(key) || is_given_name(first) || matches!(first, "عبد" | "ابو") || (!office && words.any(is_given_name))
}

/// Offices named before a name (keys): such a line is about someone.
const OFFICES: &[&str] =
    &["امير", "اميره", "ملك", "رئيس", "وزير", "وزيره", "مدير", "مديره", "سفير", "نائب", "ولي", "سمو"];

/// Words a person's name never holds (prepositions, negations …), keyed:
/// a part with one is a phrase, and the line is not a byline. (Not the
/// general stop words: `علي` is the key of `على` and a common name.)
const NOT_IN_NAMES: &[&str] = &[
    "في", "من", "الي", "عن", "مع", "لا", "لن", "لم", "ما", "هل", "قد", "ان", "او", "ثم", "بعد", "قبل", "منذ", "حتي",
    "عند", "هذا", "هذه", "ذلك", "تلك", "التي", "الذي", "كيف", "متي", "اين", "ليس", "كل", "يا", "و",
];

/// Two to five words (six with a title; the particles of a compound name,
/// `بن`, `عبد`, `آل` …, not counted), none of [`NOT_IN_NAMES`].
fn is_name(p: &Part) -> bool {
    let titled = has_title(&p.key);
    let core = p.key.split(' ').filter(|w| !matches!(*w, "بن" | "بنت" | "ابن" | "ال" | "عبد" | "ابو")).count();
    p.words >= 2 && core <= 5 + usize::from(titled) && p.key.split(' ').all(|w| !NOT_IN_NAMES.contains(&w))
}

/// Starts with a title written before a name (`د.`, `أ.د`, `الشيخ`).
fn has_title(key: &str) -> bool {
    let mut words = key.splitn(3, ' ');
    let first = words.next().unwrap_or("");
    let second = words.next();
    second.is_some() && (is_honorific(first) || second.is_some_and(|s| is_honorific(&format!("{first} {s}"))))
}

/// Whether a phrase names a place by ending with one or starting with a
/// direction (`شمال بيروت`, `جنوب السعودية`).
fn holds_place(p: &Part) -> bool {
    let first = p.key.split(' ').next().unwrap_or("");
    let last = p.key.rsplit(' ').next().unwrap_or("");
    let direction = matches!(first, "شمال" | "جنوب" | "شرق" | "غرب" | "وسط" | "شمالي" | "جنوبي");
    p.words > 1 && (is_place(last) || direction || (is_place(first) && !is_given_name(first) && !is_paper(first)))
}

/// A short phrase that can name a place found by elimination (one to three
/// words, none that a name never holds): not a sentence of a caption.
fn can_be_place(p: &Part) -> bool {
    p.words <= 3 && p.key.split(' ').all(|w| !NOT_IN_NAMES.contains(&w))
}

/// A byline of one part: an agency or paper alone, a name after a role
/// (`بقلم: …`), a titled name (`د. …`), a name starting with a given name
/// (a columnist's), the editor (`المحرر الاقتصادي`), the desk of a site
/// named before its role (`المناطق_ متابعات`), or a place after a role
/// (`القاهرة - متابعات`).
fn single(p: Part, role: bool, role_part: bool) -> Option<Byline> {
    if let Some(b) = glued(&p) {
        return Some(b);
    }
    let text = p.text.to_string();
    match p.what {
        What::Agency | What::Paper => Some(Byline { author: Some(text.clone()), place: None, credit: Some(text) }),
        What::Place | What::PlaceOrPaper if role_part => Some(Byline { place: Some(text), ..Default::default() }),
        What::Place | What::PlaceOrPaper => None,
        What::Person | What::Unknown if is_name(&p) && (role || signs(&p.key)) => {
            Some(Byline { author: Some(text), ..Default::default() })
        }
        What::Unknown if p.key.starts_with("المحرر") && p.words <= 3 => {
            Some(Byline { author: Some(text), ..Default::default() })
        }
        What::Unknown if role_part && p.words == 1 => {
            Some(Byline { author: Some(text.clone()), place: None, credit: Some(text) })
        }
        _ => None,
    }
}

/// An agency or paper and a place with no separator between them
/// (`سبق ابها`, `واس الرياض`).
fn glued(p: &Part) -> Option<Byline> {
    if p.what != What::Unknown || !(2..=4).contains(&p.words) {
        return None;
    }
    let words: Vec<&str> = p.text.split_whitespace().collect();
    (1..words.len()).find_map(|at| {
        let (a, b) = (words[..at].join(" "), words[at..].join(" "));
        let org = |s: &str| is_agency(&loose(s)) || is_paper(&loose(s));
        let (org, place) = if org(&a) && is_place(&loose(&b)) {
            (a, b)
        } else if org(&b) && is_place(&loose(&a)) {
            (b, a)
        } else {
            return None;
        };
        Some(Byline { author: Some(org.clone()), place: Some(place), credit: Some(org) })
    })
}

/// A byline of several parts: places, organisations and people told apart.
fn several(mut parts: Vec<Part>) -> Option<Byline> {
    let has = |parts: &[Part], w: What| parts.iter().any(|p| p.what == w);
    // What the lists say.
    let listed_place = has(&parts, What::Place) || has(&parts, What::PlaceOrPaper);
    let listed_person = has(&parts, What::Person);
    // Then position: before a colon is the place (`لندن: …`), a country in
    // brackets makes the name before it a town; right after a colon, a name
    // is the writer (`صنعاء: عرفات مدابش`) when the line names a known place
    // or person.
    for i in 0..parts.len() {
        let p = &parts[i];
        let town = parts.get(i + 1).is_some_and(|n| n.bracketed && is_country(&n.key));
        if p.what == What::Unknown && p.after_colon && (listed_place || listed_person) && is_name(p) {
            parts[i].what = What::Person;
        } else if matches!(p.what, What::Unknown | What::PlaceOrPaper)
            && (p.before_colon || town || holds_place(p))
            && can_be_place(p)
        {
            parts[i].what = What::Place;
        }
    }
    // A paper named like a place (`الرياض`) is the place, unless another
    // part is one and no other part can sign (`كاليفورنيا - الرياض`).
    let has_place = has(&parts, What::Place);
    let named = has(&parts, What::Person);
    let org = has(&parts, What::Agency) || has(&parts, What::Paper);
    for p in parts.iter_mut().filter(|p| p.what == What::PlaceOrPaper) {
        p.what = if has_place && !named && !org { What::Paper } else { What::Place };
    }
    // The rest by shape: beside a person, unknown parts are places; beside
    // an agency, so are they unless they sign like a writer (agencies name
    // no reporter: `بنما سيتي ـ د.ب.أ`); beside a paper's desk, one unknown
    // word is the place and several words are a person when they read as a
    // name (`الجزيرة - سلطان المواش`); beside a known place, a person.
    let agency = has(&parts, What::Agency);
    let org = agency || has(&parts, What::Paper);
    for p in parts.iter_mut().filter(|p| p.what == What::Unknown) {
        let place = if can_be_place(p) { What::Place } else { What::Unknown };
        p.what = if named {
            place
        } else if org {
            if p.words == 1 || !is_name(p) || (agency && !signs(&p.key)) {
                place
            } else {
                What::Person
            }
        } else if listed_place {
            What::Person
        } else {
            What::Unknown
        };
    }
    if parts.iter().any(|p| p.what == What::Unknown || (p.what == What::Person && !is_name(p))) {
        return None;
    }
    let join = |what: What, sep: &str| {
        let v: Vec<&str> = parts.iter().filter(|p| p.what == what).map(|p| p.text).collect();
        (!v.is_empty()).then(|| v.join(sep))
    };
    let people = join(What::Person, "، ");
    let credit = join(What::Agency, "، ").or_else(|| join(What::Paper, "، "));
    let place = join(What::Place, "، ");
    if people.is_none() && credit.is_none() {
        return None;
    }
    Some(Byline { author: people.or_else(|| credit.clone()), place, credit })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(s: &str) -> Option<(Option<String>, Option<String>, Option<String>)> {
        byline(&Line::new(s)).map(|b| (b.author, b.place, b.credit))
    }

    fn who_where(s: &str) -> (Option<String>, Option<String>) {
        let b = byline(&Line::new(s)).unwrap_or_else(|| panic!("not a byline: {s}"));
        (b.author, b.place)
    }

    fn some(a: &str, p: &str) -> (Option<String>, Option<String>) {
        (Some(a.to_string()).filter(|s| !s.is_empty()), Some(p.to_string()).filter(|s| !s.is_empty()))
    }

    #[test]
    fn the_shapes_real_papers_print() {
        assert_eq!(who_where("لندن: رنيم حنوش"), some("رنيم حنوش", "لندن"));
        assert_eq!(who_where("الرياض - محمد الحيدر"), some("محمد الحيدر", "الرياض"));
        assert_eq!(who_where("د ب أ - بوينس آيرس"), some("د ب أ", "بوينس آيرس"));
        assert_eq!(who_where("حامد القرشي – مكة المكرمة"), some("حامد القرشي", "مكة المكرمة"));
        assert_eq!(who_where("إعداد وترجمة - بندر الحربي"), some("بندر الحربي", ""));
    }

    #[test]
    fn places_papers_and_agencies_in_either_order() {
        assert_eq!(who_where("واس - الرياض"), some("واس", "الرياض"));
        assert_eq!(who_where("الرياض - واس"), some("واس", "الرياض"));
        assert_eq!(who_where("الرياض - الوئام :"), some("الوئام", "الرياض"));
        assert_eq!(who_where("اليوم ـ الدمام"), some("اليوم", "الدمام"));
        assert_eq!(who_where("المدينة - جدة"), some("المدينة", "جدة"));
        assert_eq!(who_where("كاليفورنيا - الرياض"), some("الرياض", "كاليفورنيا"));
        assert_eq!(who_where("\u{a0}عكاظ (جدة)"), some("عكاظ", "جدة"));
        assert_eq!(who_where("&nbsp;صباح مبارك (مكة المكرمة)"), some("صباح مبارك", "مكة المكرمة"));
        assert_eq!(who_where("«الاقتصادية» من الرياض"), some("الاقتصادية", "الرياض"));
        assert_eq!(who_where("منال الأحمدي من جدة"), some("منال الأحمدي", "جدة"));
        assert_eq!(who_where("لندن: «الشرق الأوسط»"), some("الشرق الأوسط", "لندن"));
        assert_eq!(who_where("سنغافورة:رويترز"), some("رويترز", "سنغافورة"));
        assert_eq!(who_where("عبدالرحمن إدريـس ـ جدة"), some("عبدالرحمن إدريـس", "جدة"));
        assert_eq!(who_where("سول -رويترز"), some("رويترز", "سول"));
        assert_eq!(who_where("بيروت (رويترز)"), some("رويترز", "بيروت"));
    }

    #[test]
    fn people_desks_and_places_together() {
        assert_eq!(
            b("أحمد علي- سبق- القاهرة:"),
            Some((Some("أحمد علي".into()), Some("القاهرة".into()), Some("سبق".into())))
        );
        assert_eq!(who_where("القاهرة - مكتب الجزيرة - طارق محيي:"), some("طارق محيي", "القاهرة"));
        assert_eq!(who_where("محمد المواسي، عمر عريبي- سبق- جازان:"), some("محمد المواسي، عمر عريبي", "جازان"));
        assert_eq!(who_where("داليا أبوالعيش – عين اليوم"), some("داليا أبوالعيش", ""));
        assert_eq!(who_where("Next Previous عين اليوم – جدة"), some("عين اليوم", "جدة"));
        assert_eq!(who_where("الباحة - عبدالرحمن الغامدي"), some("عبدالرحمن الغامدي", "الباحة"));
        // Places not in the lists: one word beside a name is the place.
        assert_eq!(who_where("الحناكية - فهد الحربي"), some("فهد الحربي", "الحناكية"));
        assert_eq!(who_where("فادي الجمل - بقيق"), some("فادي الجمل", "بقيق"));
        assert_eq!(who_where("واس - الحناكية"), some("واس", "الحناكية"));
    }

    #[test]
    fn scrapers_debris_in_bylines() {
        assert_eq!(who_where("سبق &ndash; الرياض:"), some("سبق", "الرياض"));
        assert_eq!(who_where("ماجد الرفاعي&ndash; سبق&ndash; ينبع :"), some("ماجد الرفاعي", "ينبع"));
        assert_eq!(who_where("سبق ابها :"), some("سبق", "ابها"));
        assert_eq!(who_where("* عبدالله الصيخان"), some("عبدالله الصيخان", ""));
        assert_eq!(who_where("د. عبد الوهاب بن عبد الله الخميس"), some("د. عبد الوهاب بن عبد الله الخميس", ""));
        assert_eq!(who_where("دبي - الفن:"), some("الفن", "دبي"));
        assert_eq!(b("* إخراج: آلان تايلور"), None);
        assert_eq!(who_where("\u{200b}سبق &ndash; الرياض :"), some("سبق", "الرياض"));
        assert_eq!(b("&quot;سبق&quot; تقول للمسؤول:"), None, "a column's name");
        assert_eq!(who_where("دبي، القدس المحتلة - أ ف ب"), some("أ ف ب", "دبي، القدس المحتلة"));
        assert_eq!(who_where("زيوريخ ـــ رويترز:"), some("رويترز", "زيوريخ"));
        assert_eq!(who_where("صنعاء - خاص بالرياض"), some("الرياض", "صنعاء"));
        assert_eq!(who_where("الرياض - «الرياض»:"), some("الرياض", "الرياض"));
        assert_eq!(who_where("بقلم هارون ي. زيلين - مركز دراسات التطرف"), some("هارون ي. زيلين", ""));
        assert_eq!(who_where("نصير المغامسي (هاتفيا - عدن)"), some("نصير المغامسي", "عدن"));
        assert_eq!(who_where("محمد مهاب - جازان"), some("محمد مهاب", "جازان"));
        assert_eq!(who_where("اف ب - بورت جنتيل"), some("اف ب", "بورت جنتيل"));
        assert_eq!(who_where("سان بطرسبرج ـ د.ب.أ:"), some("د.ب.أ", "سان بطرسبرج"));
        assert_eq!(who_where("قناة السويس (مصر): عبد الستار حتيتة"), some("عبد الستار حتيتة", "قناة السويس، مصر"));
    }

    #[test]
    fn lists_of_places_agencies_and_people() {
        assert_eq!(who_where("بغداد، أربيل - رويترز، ا ف ب"), some("رويترز، ا ف ب", "بغداد، أربيل"));
        assert_eq!(who_where("الرياض، عرعر - واس، جاسر الصقري"), some("جاسر الصقري", "الرياض، عرعر"));
        assert_eq!(who_where("الأمم المتحدة، بروكسل - رويترز"), some("رويترز", "الأمم المتحدة، بروكسل"));
        assert_eq!(who_where("&nbsp;أحمد الشميري (صنعاء), وكالات (عدن)"), some("أحمد الشميري", "صنعاء، عدن"));
    }

    #[test]
    fn roles_and_desks() {
        assert_eq!(b("المناطق_ متابعات"), Some((Some("المناطق".into()), None, Some("المناطق".into()))));
        assert_eq!(b("القاهرة - متابعات"), Some((None, Some("القاهرة".into()), None)));
        assert_eq!(who_where("متابعة - الرياض الإلكتروني"), some("الرياض الإلكتروني", ""));
        assert_eq!(who_where("بقلم: سلوى سعد"), some("سلوى سعد", ""));
        assert_eq!(who_where("حوار ـ محمد المرحبي"), some("محمد المرحبي", ""));
        assert_eq!(who_where("المحرر الاقتصادي"), some("المحرر الاقتصادي", ""));
        assert_eq!(who_where("د. محمد بن يحيى أبوملحة"), some("د. محمد بن يحيى أبوملحة", ""));
        assert_eq!(who_where("القاهرة: د. هاني رمزي عوض"), some("د. هاني رمزي عوض", "القاهرة"));
        assert_eq!(who_where("كتبت - عايدة بنت صالح:"), some("عايدة بنت صالح", ""));
        assert_eq!(who_where("كلمة الاقتصادية"), some("الاقتصادية", ""));
        assert_eq!(who_where("لندن ـ الفرنسية:"), some("الفرنسية", "لندن"));
        // A photographer is not a writer.
        assert_eq!(who_where("السليل - خلود الجبر / تصوير - مسفر الجبر:"), some("خلود الجبر", "السليل"));
        assert_eq!(who_where("الجزيرة - تصوير - عبدالملك القميزي:"), some("الجزيرة", ""));
    }

    #[test]
    fn a_columnist_signs_with_a_name_alone() {
        assert_eq!(who_where("عبدالله المغلوث"), some("عبدالله المغلوث", ""));
        assert_eq!(who_where("سلوى العضيدان"), some("سلوى العضيدان", ""));
        assert_eq!(who_where("فهد بن جليد"), some("فهد بن جليد", ""));
        assert_eq!(who_where("عبد الله منور الجميلي"), some("عبد الله منور الجميلي", ""));
        assert_eq!(who_where("ملحة عبدالله"), some("ملحة عبدالله", ""));
        assert_eq!(who_where("د . الربيع بن محمد الشريف"), some("د . الربيع بن محمد الشريف", ""));
        assert_eq!(who_where("د. محمد بن عبدالله آل عبداللطيف"), some("د. محمد بن عبدالله آل عبداللطيف", ""));
        assert_eq!(who_where("*إكرامي عبدالله من الرياض"), some("إكرامي عبدالله", "الرياض"));
        assert_eq!(b("وزير الخارجية عادل الجبير"), None);
        assert_eq!(who_where("رويترز"), some("رويترز", ""));
        // Not a name: no given name, a preposition, a verb after a name.
        assert_eq!(b("أسهل طريقة لعمل الكنافة"), None);
        assert_eq!(b("محمد في الملعب"), None);
        assert_eq!(b("الرياض"), None, "a place alone is a kicker, not a byline");
    }

    #[test]
    fn position_tells_towns_from_writers() {
        // Before a colon: the place, even when it could be a name.
        assert_eq!(who_where("مكسيكو سيتي: «الشرق الأوسط»"), some("الشرق الأوسط", "مكسيكو سيتي"));
        assert_eq!(
            who_where("صنعاء: عرفات مدابش - الرياض: ناصر الحقباني"),
            some("عرفات مدابش، ناصر الحقباني", "صنعاء، الرياض")
        );
        // A country in brackets after a town; a town in brackets after a writer.
        assert_eq!(who_where("بولي علم (أفغانستان): «الشرق الأوسط»"), some("الشرق الأوسط", "بولي علم، أفغانستان"));
        assert_eq!(who_where("غولوفينكا (روسيا): أندرو إي. كريمر"), some("أندرو إي. كريمر", "غولوفينكا، روسيا"));
        assert_eq!(who_where("منيف الكويكبي (القريات)"), some("منيف الكويكبي", "القريات"));
        assert_eq!(who_where("عرعر (شمال السعودية): «الشرق الأوسط»"), some("الشرق الأوسط", "عرعر، شمال السعودية"));
        // Beside a person, another unknown name is a place.
        assert_eq!(who_where("ام الدوم - الوئام - عبدالله العازمي :"), some("عبدالله العازمي", "ام الدوم"));
        assert_eq!(who_where("هاريسبورغ (بنسلفانيا) - رويترز"), some("رويترز", "هاريسبورغ، بنسلفانيا"));
    }

    #[test]
    fn not_bylines() {
        for s in [
            "روسيا لأميركا: لا تعطونا دروساً",
            "أول زيارة منذ 24 عاماً",
            "مصر - السودان",
            "فيلمان من بعيد",
            "وليد",
            "وأضاف الوزير:",
            "قال الوزير إن المحادثات ستستأنف - رويترز.",
            "(22 - أين تقع جنة عدن؟)",
            "- مركز الأبحاث الواعدة في البحوث الاجتماعية ودراسات المرأة",
            "الخط الأحمر - ما بعد الاتفاق",
            "نعم - لا",
            "آل باتشينو: أفضل عشرة",
            "* إخراج: آلان تايلور",
            "الأمير محمد بن سلمان",
            "مزارعون يتفقدون أرضاً جافة في ضواحي مراكش - أ ف ب",
            "Frontera | إخراج: مايكل بيري",
        ] {
            assert_eq!(b(s), None, "{s}");
        }
    }
}
