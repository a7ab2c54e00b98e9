//! The normalisation spec of search: how text becomes words and words
//! become index keys, written once here and sent to the browser as data
//! ([`spec_json`]), so the index, `warraq search` and the search page fold,
//! split and analyse text by the same tables.
//!
//! Folding starts from the matching key of [`crate::arabic::key`] (harakat,
//! tatweel, joiners and bidi controls dropped, alef forms, Persian letters,
//! ى/ي, ة/ه and both digit sets unified, Latin lowercased) and adds what a
//! reader's query needs on top of it:
//! - the hamza seats meet: ؤ and ئ (also written as و or ي with a combining
//!   hamza) become ء, and a final يء becomes ء, so `مسئول` finds `مسؤول`
//!   and `شئ` finds `شيء`;
//! - presentation forms are decomposed (as the key does), with the hamza rule
//!   applied inside the decomposition.
//!
//! A word is a run of letters and digits (Unicode `Alphabetic` or `N*`)
//! after folding; dropped characters do not split a word. Characters outside
//! the Basic Multilingual Plane are separators (both sides agree on that
//! without tables).
//!
//! What is *not* in the browser's tables: which prefix an index word carries
//! and which words are one family. The index decides those from the archive
//! (`analyze`) and writes the answer next to each word, so the browser only
//! reads it.

mod folding;

use folding::{folding, seat_hamza, Class};
use std::sync::OnceLock;

/// Longest word indexed, in characters; longer runs (URLs, base64, digit
/// strings) take a position but are not words.
pub const MAX_WORD: usize = 64;

/// Prefixes a word may carry: conjunction, preposition and article, alone
/// or together (`لل` is ل + ال). The position in this list is the bit of a
/// word's accepted-prefix mask in the index.
pub const PREFIXES: [&str; 24] = [
    "", "و", "ف", "ب", "ك", "ل", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وب", "وك", "ول", "فب", "فك",
    "فل", "وبال", "وكال", "فبال", "فكال",
];

/// Words that start with the letters of the article but are not ال + a word
/// (keys): an initial hamza that folding removed (ألمانيا, آلاف, آلية), or
/// the name of God. The article is never split off these.
pub const NOT_ARTICLE: &[&str] = &[
    "الله",
    "اللهم",
    "الان",
    "الاف",
    "الالاف",
    "المانيا",
    "الماني",
    "المانيه",
    "البانيا",
    "الباني",
    "اليه",
    "اليات",
    "الاسكا",
    "الفيه",
    "الفين",
    "الفا",
];

/// Letters that become ج in transliterated names (جونغ, جونج; گ and ڨ of
/// Persian and Maghrebi spelling).
const TRANSLIT_J: [char; 3] = ['غ', 'گ', 'ڨ'];

/// Shortest word whose transliteration is folded when words are compared
/// (`الغرب` and `الجرب` stay apart); the index key folds every word.
pub const TRANSLIT_MIN: usize = 4;

/// Calls `f(word, start, end)` for every word of `text`: the folded word and
/// the byte range it spans in `text`. Words longer than [`MAX_WORD`] are
/// passed too (callers count them as a position and do not index them).
pub fn words(text: &str, f: impl FnMut(&str, usize, usize)) {
    words_with(text, &mut String::new(), f);
}

/// [`words`], folding each word in `word` (its allocation is reused: the
/// index folds millions of runs of text).
pub fn words_with(text: &str, word: &mut String, mut f: impl FnMut(&str, usize, usize)) {
    let folding = folding();
    word.clear();
    let mut start = None::<usize>;
    let mut end = 0;
    let mut emit = |word: &mut String, start: &mut Option<usize>, end: usize| {
        if let Some(s) = start.take() {
            if !word.is_empty() {
                finish_word(word);
                f(word, s, end);
            }
            word.clear();
        }
    };
    for (i, c) in text.char_indices() {
        // ASCII fast path: most separators and all Latin words.
        let class = if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                if start.is_none() {
                    start = Some(i);
                }
                word.push(c.to_ascii_lowercase());
                end = i + 1;
                continue;
            }
            Class::Separator
        } else {
            folding.class(c)
        };
        match class {
            Class::Separator => emit(word, &mut start, end),
            Class::Word => {
                if start.is_none() {
                    start = Some(i);
                }
                word.push(c);
                end = i + c.len_utf8();
            }
            Class::Dropped => {
                if start.is_some() {
                    end = i + c.len_utf8();
                }
            }
            Class::HamzaMark => {
                if start.is_some() {
                    seat_hamza(word);
                    end = i + c.len_utf8();
                }
            }
            Class::Replace(r) if folding.whole[r as usize] => {
                if start.is_none() {
                    start = Some(i);
                }
                word.push_str(&folding.reps[r as usize]);
                end = i + c.len_utf8();
            }
            Class::Replace(r) => {
                for d in folding.reps[r as usize].chars() {
                    if d.is_alphanumeric() {
                        if start.is_none() {
                            start = Some(i);
                        }
                        word.push(d);
                        end = i + c.len_utf8();
                    } else {
                        emit(word, &mut start, end);
                    }
                }
            }
        }
    }
    emit(word, &mut start, end);
}

/// The one word `text` folds to when every character of it is a word
/// character or replaced by word characters (most runs of text between
/// spaces and punctuation): what [`words`] would pass, found without
/// copying the characters kept (often all of them), or `None` when `text`
/// is anything else (then [`words`] reads it).
pub fn one_word<'a>(text: &'a str, buf: &'a mut String) -> Option<&'a str> {
    let folding = folding();
    buf.clear();
    // `text[kept..]` is not yet in `buf`.
    let mut kept = 0;
    for (i, c) in text.char_indices() {
        let lower;
        let rep = if c.is_ascii() {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                continue;
            }
            if !c.is_ascii_uppercase() {
                return None;
            }
            lower = [c.to_ascii_lowercase() as u8];
            std::str::from_utf8(&lower).expect("ASCII")
        } else {
            match folding.class(c) {
                Class::Word => continue,
                Class::Replace(r) if folding.whole[r as usize] => folding.reps[r as usize].as_str(),
                _ => return None,
            }
        };
        buf.push_str(&text[kept..i]);
        buf.push_str(rep);
        kept = i + c.len_utf8();
    }
    if kept == 0 && !text.ends_with("يء") {
        return (!text.is_empty()).then_some(text);
    }
    buf.push_str(&text[kept..]);
    finish_word(buf);
    Some(buf)
}

/// The words of `text`, folded (for queries and tests).
pub fn word_list(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    words(text, |w, _, _| out.push(w.to_string()));
    out
}

/// A final يء is written ئ or ء as often (شيء, شئ): one spelling.
fn finish_word(word: &mut String) {
    if word.ends_with("يء") {
        let cut = word.len() - "يء".len();
        word.truncate(cut);
        word.push('ء');
    }
}

/// Whether a folded word is Arabic (takes prefixes, stems): it starts with
/// an Arabic letter.
pub fn is_arabic(word: &str) -> bool {
    word.chars().next().is_some_and(|c| matches!(c, '\u{0621}'..='\u{064A}' | '\u{066E}'..='\u{06D3}'))
}

/// Number of characters.
pub fn len(s: &str) -> usize {
    s.chars().count()
}

/// The ways a folded word splits into a prefix of [`PREFIXES`] and a rest
/// of two letters or more, as (prefix number, rest), the whole word first.
pub fn splits(word: &str) -> Vec<(usize, &str)> {
    let mut out = vec![(0, word)];
    if !is_arabic(word) {
        return out;
    }
    let n = len(word);
    for (i, p) in PREFIXES.iter().enumerate().skip(1) {
        if let Some(rest) = word.strip_prefix(p) {
            if n - len(p) >= 2 {
                out.push((i, rest));
            }
        }
    }
    out
}

/// Whether prefix number `p` ends with the article (ال, بال, لل, ...).
pub fn has_article(p: usize) -> bool {
    PREFIXES[p].ends_with("ال") || PREFIXES[p].ends_with("لل")
}

/// The word with every prefix letter taken off its front while two letters
/// or more remain (ال and لل first, then و ف ب ك ل), however the prefixes
/// are ordered. Every way of reading a word's prefix leaves a rest whose
/// `strip_all` is this, so all readings of a query word have one index key.
pub fn strip_all(word: &str) -> &str {
    if !is_arabic(word) {
        return word;
    }
    let mut w = word;
    loop {
        let n = len(w);
        if n >= 4 && (w.starts_with("ال") || w.starts_with("لل")) {
            w = &w["ال".len()..];
        } else if n >= 3 && w.starts_with(['و', 'ف', 'ب', 'ك', 'ل']) {
            w = &w['و'.len_utf8()..];
        } else {
            return w;
        }
    }
}

/// Transliteration folding for placing words (index keys) and for a tag's
/// spellings with and without spaces: غ گ ڨ as ج, doubled letters once
/// (بيونغ and بيونج, ميللوني and ميلوني). Words are not *matched* by it
/// (see [`same_word_key`]).
pub fn translit(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut prev = None;
    for c in word.chars() {
        let c = if TRANSLIT_J.contains(&c) { 'ج' } else { c };
        if prev != Some(c) {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

/// How two words are compared for "the same word": غ گ ڨ as ج in words of
/// [`TRANSLIT_MIN`] letters or more (جونغ, جونج). Doubled letters stay:
/// they tell Arabic words apart (مملكة and ملكة, ممثل and مثل), so a
/// transliteration that doubles a letter (ميللوني) needs an alias.
pub fn same_word_key(word: &str) -> String {
    if is_arabic(word) && len(word) >= TRANSLIT_MIN {
        word.chars().map(|c| if TRANSLIT_J.contains(&c) { 'ج' } else { c }).collect()
    } else {
        word.to_string()
    }
}

/// Endings taken off the index key, longest first, again and again while
/// two letters or more remain: a family's forms differ by these
/// (سعودي، سعودية، سعوديات; وزارة، وزارات), so they share a key.
pub const KEY_ENDINGS: [&str; 11] = ["يين", "يون", "يات", "يه", "يا", "ات", "ون", "ين", "ي", "ه", "ا"];

fn cut_endings(word: &str) -> &str {
    let mut w = word;
    loop {
        let n = len(w);
        match KEY_ENDINGS.iter().find(|e| w.ends_with(**e) && n - len(e) >= 2) {
            Some(e) => w = &w[..w.len() - e.len()],
            None => return w,
        }
    }
}

/// The index key of a word: prefix letters stripped ([`strip_all`]), then
/// endings ([`KEY_ENDINGS`]), transliteration folded. Every reading of a
/// word has its key, and so do the forms of its family, so the one file
/// holding a query word's key holds all of them. (Many words share a key:
/// it only places them; the index says which word each entry is.)
pub fn index_key(word: &str) -> String {
    if !is_arabic(word) {
        return word.to_string();
    }
    translit(cut_endings(strip_all(word)))
}

/// Countries and regions and the stem of their nisba (keys without the
/// article): a reader looking for `فلسطين` means `الفلسطينيين` too. Names
/// ending in يا/ية (روسيا, سوريا, السعودية) need no entry: their nisba is
/// their own paradigm.
pub const DEMONYMS: &[(&str, &str)] = &[
    ("فلسطين", "فلسطيني"),
    ("مصر", "مصري"),
    ("عراق", "عراقي"),
    ("يمن", "يمني"),
    ("لبنان", "لبناني"),
    ("ايران", "ايراني"),
    ("بحرين", "بحريني"),
    ("اسرائيل", "اسرائيلي"),
    ("افغانستان", "افغاني"),
    ("سودان", "سوداني"),
    ("اردن", "اردني"),
    ("قطر", "قطري"),
    ("كويت", "كويتي"),
    ("مغرب", "مغربي"),
    ("تونس", "تونسي"),
    ("جزاءر", "جزاءري"),
    ("عمان", "عماني"),
    ("امريكا", "امريكي"),
    ("اوروبا", "اوروبي"),
    ("اسيا", "اسيوي"),
    ("باكستان", "باكستاني"),
    ("هند", "هندي"),
    ("صين", "صيني"),
    ("يابان", "ياباني"),
    ("فرنسا", "فرنسي"),
    ("كندا", "كندي"),
    ("يونان", "يوناني"),
    ("سنغال", "سنغالي"),
    ("نيجر", "نيجري"),
    ("ارجنتين", "ارجنتيني"),
    ("فلبين", "فلبيني"),
    ("بنغلاديش", "بنغلاديشي"),
];

/// Nisba endings (the adjective, its feminine, plurals and adverb:
/// سعودي، سعودية، سعوديين، سعوديون، سعوديات، رسميا): the family is the stem
/// and ي. Tried in this order, on a stem of three letters or more.
pub const NISBA: [&str; 6] = ["يين", "يون", "يات", "يه", "يا", "ي"];

/// The sound masculine plural's two endings, each with the other.
pub const PLURAL: [(&str, &str); 2] = [("ون", "ين"), ("ين", "ون")];

/// Words ending in ون/ين that are not plurals of the word before the
/// ending even when both plural forms occur (the tens are not plurals of
/// the units).
pub const NOT_PLURAL: &[&str] = &[
    "عشرين",
    "عشرون",
    "ثلاثين",
    "ثلاثون",
    "اربعين",
    "اربعون",
    "خمسين",
    "خمسون",
    "ستين",
    "ستون",
    "سبعين",
    "سبعون",
    "ثمانين",
    "ثمانون",
    "تسعين",
    "تسعون",
];

/// The family key of a base by its suffix paradigm (before transliteration
/// folding and the country links): a nisba's stem and ي; a feminine plural
/// in ات as its singular in ة (folded ه), a word in ة as itself (never the
/// word without it: `وزارة` is not `وزار`, `رياضة` not `رياض`); a sound
/// masculine plural as its singular when the archive has the singular and
/// both plurals (`attested` tells which bases exist).
pub fn paradigm(base: &str, attested: &dyn Fn(&str) -> bool) -> String {
    if !is_arabic(base) {
        return base.to_string();
    }
    let n = len(base);
    let stem = |suffix: &str| &base[..base.len() - suffix.len()];
    for suffix in NISBA {
        if base.ends_with(suffix) && n - len(suffix) >= 3 {
            return format!("{}ي", stem(suffix));
        }
    }
    if base.ends_with("ات") && n >= 4 {
        return format!("{}ه", stem("ات"));
    }
    if base.ends_with('ه') {
        return base.to_string();
    }
    for (suffix, other) in PLURAL {
        if base.ends_with(suffix) && n - 2 >= 3 && !NOT_PLURAL.contains(&base) {
            let singular = stem(suffix);
            if attested(singular) && attested(&format!("{singular}{other}")) {
                return singular.to_string();
            }
        }
    }
    base.to_string()
}

/// The family key of a base: its paradigm, transliteration folded, a
/// country's nisba joined to the country. Bases with one key are one family.
pub fn family_key(base: &str, attested: &dyn Fn(&str) -> bool) -> String {
    static LINKS: OnceLock<std::collections::HashMap<String, String>> = OnceLock::new();
    let links = LINKS.get_or_init(|| {
        DEMONYMS.iter().map(|(country, nisba)| (same_word_key(nisba), same_word_key(country))).collect()
    });
    let k = same_word_key(&paradigm(base, attested));
    links.get(&k).cloned().unwrap_or(k)
}

/// The key of a tag's article list in the index: it sorts before every word.
pub fn tag_key(slug: &str) -> String {
    format!("\u{1}{slug}")
}

/// The spec as the browser reads it (part of `search/meta.json`).
pub fn spec_json() -> serde_json::Value {
    let f = folding();
    let mut drop = String::new();
    let mut from = String::new();
    let mut to: Vec<&str> = Vec::new();
    for cp in 0x80..0x10000u32 {
        let Some(c) = char::from_u32(cp) else { continue };
        match f.class(c) {
            Class::Dropped => drop.push(c),
            Class::Replace(r) => {
                let rep = f.reps[r as usize].as_str();
                // The browser lowercases by itself.
                if rep != c.to_lowercase().to_string() {
                    from.push(c);
                    to.push(rep);
                }
            }
            _ => {}
        }
    }
    serde_json::json!({
        "drop": drop,
        "from": from,
        "to": to.join("|"),
        "hamza": "\u{0654}\u{0655}",
        "prefixes": PREFIXES,
        "notArticle": NOT_ARTICLE,
        "nisba": NISBA,
        "plural": PLURAL,
        "notPlural": NOT_PLURAL,
        "demonyms": DEMONYMS,
        "keyEndings": KEY_ENDINGS,
        "translitJ": TRANSLIT_J.iter().collect::<String>(),
        "translitMin": TRANSLIT_MIN,
        "maxWord": MAX_WORD,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_is_what_words_gives() {
        let mut buf = String::new();
        let mut check = |text: &str| {
            let all = word_list(text);
            if let Some(w) = one_word(text, &mut buf) {
                assert_eq!(all, [w], "{text:?}");
            }
        };
        for c in (0..0x10000u32).filter_map(char::from_u32) {
            for text in [format!("{c}"), format!("ب{c}"), format!("{c}ب"), format!("شي{c}"), format!("A{c}b")] {
                check(&text);
            }
        }
        for text in ["", "شيء", "شيئ", "الرئيس", "المصرية", "أحمد", "إلى", "مستشفى", "HeLLo", "x1", "ﻻ", "ـال"]
        {
            check(text);
        }
        let kept = "الملك";
        assert!(std::ptr::eq(one_word(kept, &mut buf).unwrap(), kept), "not copied");
        assert_eq!(one_word("الرئيس", &mut buf), Some("الرءيس"));
        assert_eq!(one_word("شيء", &mut buf), Some("شء"));
        assert_eq!(one_word("HeLLo", &mut buf), Some("hello"));
        assert_eq!(one_word("", &mut buf), None);
    }

    fn one(text: &str) -> String {
        let w = word_list(text);
        assert_eq!(w.len(), 1, "{text:?} -> {w:?}");
        w[0].clone()
    }

    #[test]
    fn folds_what_the_matching_key_folds() {
        assert_eq!(one("إسرائيل"), one("اسرائيل"));
        assert_eq!(one("القاهرة"), one("القاهره"));
        assert_eq!(one("مصطفى"), one("مصطفي"));
        assert_eq!(one("روسیا"), one("روسيا"));
        assert_eq!(one("مُحَمَّدٌ"), "محمد");
        assert_eq!(one("الســلام"), "السلام");
        assert_eq!(one("٢٠١٥"), "2015");
        assert_eq!(one("۱۴۰۲"), "1402");
        assert_eq!(one("Reuters"), "reuters");
        assert_eq!(one("\u{202b}روسيا\u{202c}"), "روسيا");
        assert_eq!(one("كيم\u{200d}جونغ"), "كيمجونغ");
    }

    #[test]
    fn hamza_seats_meet() {
        assert_eq!(one("مسئول"), one("مسؤول"));
        assert_eq!(one("شئون"), one("شؤون"));
        assert_eq!(one("شيء"), one("شئ"));
        assert_eq!(one("الشيء"), one("الشئ"));
        assert_eq!(one("مسو\u{0654}ول"), one("مسؤول"), "a combining hamza on its seat");
        assert_eq!(one("ﻣﺴﺆﻭﻝ"), one("مسؤول"), "presentation forms");
        assert_ne!(one("سؤال"), one("سوال"), "a seat is not dropped");
    }

    #[test]
    fn splits_words_at_separators_only() {
        assert_eq!(word_list("بيونغ-يانغ، (كوريا) 2015م"), ["بيونغ", "يانغ", "كوريا", "2015م"]);
        assert_eq!(word_list("ﷺ"), ["صلي", "الله", "عليه", "وسلم"]);
        assert_eq!(word_list("a\u{1F600}b"), ["a", "b"], "astral characters separate");
        let text = "قال «بوتين»";
        let mut spans = Vec::new();
        words(text, |w, s, e| spans.push((w.to_string(), &text[s..e])));
        assert_eq!(spans, [("قال".to_string(), "قال"), ("بوتين".to_string(), "بوتين")]);
    }

    #[test]
    fn prefixes_and_keys() {
        assert_eq!(strip_all("وبالقاهره"), "قاهره");
        assert_eq!(strip_all("للجنه"), "جنه");
        assert_eq!(strip_all("وزاره"), "زاره");
        assert_eq!(strip_all("ولد"), "لد");
        assert_eq!(strip_all("بها"), "ها");
        assert_eq!(strip_all("في"), "في");
        assert_eq!(strip_all("iphone"), "iphone");
        // Every reading of a word has the key of the word.
        for w in ["وبالقاهره", "للجنه", "والمانيا", "فيمن", "وزاره", "كالبرق", "وللعراق"]
        {
            for (_, rest) in splits(w) {
                assert_eq!(index_key(rest), index_key(w), "{w} / {rest}");
            }
        }
        assert_eq!(index_key("جونغ"), index_key("جونج"));
        for family in
            [["سعودي", "سعوديه", "سعوديات"], ["وزاره", "وزارات", "الوزارات"], ["فلسطين", "فلسطيني", "الفلسطينيين"]]
        {
            assert!(family.iter().all(|w| index_key(w) == index_key(family[0])), "{family:?}");
        }
        assert_ne!(same_word_key("مملكه"), same_word_key("ملكه"), "a doubled letter is another word");
        assert_ne!(same_word_key("غرب"), same_word_key("جرب"), "bases are compared without the article");
        let p: Vec<&str> = splits("بالرياض").iter().map(|(p, _)| PREFIXES[*p]).collect();
        assert_eq!(p, ["", "ب", "بال"]);
    }

    #[test]
    fn the_browser_gets_every_fold() {
        let spec = spec_json();
        let from = spec["from"].as_str().unwrap();
        assert!(from.contains('أ') && from.contains('ؤ') && from.contains('٣') && from.contains('ﻻ'));
        assert!(spec["drop"].as_str().unwrap().contains('\u{064E}'));
        assert!(!from.contains('A'), "plain lowercasing is the browser's own");
    }
}
