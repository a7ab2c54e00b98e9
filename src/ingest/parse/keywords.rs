//! Keyword phrases from `كلمات دلالية:` / `الوسوم` lines.
//!
//! Sites print the tags of an article one after another with nothing between
//! them (`روسيا كوريا الشمالية الزعيم الكوري الشمالي`), so word boundaries
//! are known but phrase boundaries are not. The article itself tells them:
//! a tag is a phrase the article uses. We segment greedily, taking at each
//! position the longest run of up to [`MAX_WORDS`] keyword words that occurs
//! in the article's title or body (compared on the key, so Persian-letter
//! tags such as `کوریا الشمالیة` match the Arabic text); an unmatched word
//! becomes a one-word phrase unless it is a stop word.
//!
//! In the text a phrase may carry a proclitic on its first word
//! (`بالرئيس الروسي فلاديمير بوتين` for the tag `الرئيس الروسي …`), so body
//! runs are also indexed with one proclitic removed from their first word.
//!
//! Only runs made entirely of keyword words are indexed, which keeps the
//! index small however long the article is.

use crate::arabic::key;
use std::collections::{HashMap, HashSet};

/// Longest phrase tried (`الزعيم الكوري الشمالي كيم جونج أون` has six words).
pub(super) const MAX_WORDS: usize = 6;

const STOP: &[&str] = &[
    "في", "من", "علي", "عن", "الي", "مع", "و", "او", "ثم", "قد", "لا", "ما", "هذا", "هذه", "التي", "الذي", "كل", "بعد",
    "قبل", "ان", "الا", "عند", "هو", "هي", "ال", "بين", "ذلك", "تلك", "كان", "يا", "the", "and", "of", "a", "in",
];

/// Letters that mark a Persian-keyboard spelling.
fn has_persian(s: &str) -> bool {
    s.chars().any(|c| matches!(c, 'ک' | 'ی' | 'ۀ' | 'ہ' | 'ھ' | 'ے' | 'ۃ' | 'ڪ' | 'ې'))
}

fn arabize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ک' | 'ڪ' => 'ك',
            'ی' | 'ې' | 'ے' => 'ي',
            'ۀ' | 'ہ' | 'ھ' => 'ه',
            'ۃ' => 'ة',
            _ => c,
        })
        .collect()
}

/// Trims punctuation and quotes around a word, keeping inner marks.
fn trim_word(w: &str) -> &str {
    w.trim_matches(|c: char| !super::text::is_word_char(c) && !crate::arabic::is_diacritic(c))
}

/// Whether a written word ends a phrase run (clause or sentence punctuation).
fn breaks_run(w: &str) -> bool {
    w.ends_with(['.', '،', ',', '؛', ';', ':', '!', '?', '؟', '…'])
}

/// The first word's key without one proclitic (و ف ب ل ك, or لل → ال).
fn strip_clitic(k: &str) -> Option<String> {
    let mut chars = k.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    if first == 'ل' && rest.starts_with('ل') && rest.chars().count() >= 4 {
        return Some(format!("ا{rest}"));
    }
    (matches!(first, 'و' | 'ف' | 'ب' | 'ل' | 'ك') && rest.chars().count() >= 3).then(|| rest.to_string())
}

/// The phrases of the article text that keyword words can form: phrase key
/// -> the spelling in the text (`None` when matched through a proclitic).
pub(super) struct Index {
    grams: HashMap<String, Option<String>>,
}

impl Index {
    /// Indexes `texts` (title and body lines) for the words in `fields`.
    pub(super) fn build(texts: &[&str], fields: &[String]) -> Index {
        let kw: HashSet<String> = fields.iter().flat_map(|f| f.split_whitespace()).map(|w| key(trim_word(w))).collect();
        let mut grams: HashMap<String, Option<String>> = HashMap::new();
        for text in texts {
            let words: Vec<&str> = text.split_whitespace().collect();
            let keys: Vec<String> = words.iter().map(|w| key(trim_word(w))).collect();
            for i in 0..words.len() {
                let first_variants = [Some(keys[i].clone()), strip_clitic(&keys[i])];
                for (v, first) in first_variants.into_iter().enumerate() {
                    let Some(first) = first.filter(|f| kw.contains(f)) else { continue };
                    let mut gk = first;
                    let mut spelled = trim_word(words[i]).to_string();
                    let mut n = 1;
                    loop {
                        let spelling = (v == 0).then(|| spelled.clone());
                        grams.entry(gk.clone()).or_insert(spelling);
                        if n == MAX_WORDS || breaks_run(words[i + n - 1]) || i + n >= words.len() {
                            break;
                        }
                        let next = &keys[i + n];
                        if !kw.contains(next) {
                            break;
                        }
                        gk.push(' ');
                        gk.push_str(next);
                        spelled.push(' ');
                        spelled.push_str(trim_word(words[i + n]));
                        n += 1;
                    }
                }
            }
        }
        Index { grams }
    }
}

/// Segments keyword fields into phrases (see the module doc), de-duplicated
/// on the key, first spelling kept; Persian-letter spellings are replaced by
/// the article's own spelling, or mapped to Arabic letters.
pub(super) fn segment(fields: &[String], index: &Index) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut push = |phrase: String| {
        let k = key(&phrase);
        let letters = k.chars().filter(|c| c.is_alphabetic()).count();
        if letters >= 2 && !STOP.contains(&k.as_str()) && seen.insert(k) {
            out.push(phrase);
        }
    };
    for field in fields {
        if field.contains(['،', ',', '|', ';', '؛', '#']) {
            // Separated lists need no segmentation.
            for p in field.split(['،', ',', '|', ';', '؛', '#']) {
                let p = p.split_whitespace().map(trim_word).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
                push(respell(&p, index));
            }
            continue;
        }
        let words: Vec<&str> = field.split_whitespace().map(trim_word).filter(|w| !w.is_empty()).collect();
        let keys: Vec<String> = words.iter().map(|w| key(w)).collect();
        let longest = |i: usize| {
            let mut n = (words.len() - i).min(MAX_WORDS);
            while n > 1 && !index.grams.contains_key(&keys[i..i + n].join(" ")) {
                n -= 1;
            }
            n
        };
        let mut i = 0;
        while i < words.len() {
            let mut n = longest(i);
            // A word the text does not confirm keeps the nisba adjective
            // after it (`الجنيه المصري`, `الأسواق المصرية`): split apart they
            // would be two tags that mean nothing alone.
            if n == 1 && i + 1 < words.len() && is_nisba_adjective(&keys[i + 1]) && longest(i + 1) == 1 {
                n = 2;
            }
            push(respell(&words[i..i + n].join(" "), index));
            i += n;
        }
    }
    out
}

/// A definite relational adjective (`المصري`, `الروسية`), matched on the key
/// (where `ة` is `ه` and `ى` is `ي`).
fn is_nisba_adjective(k: &str) -> bool {
    k.starts_with("ال") && k.chars().count() >= 5 && (k.ends_with('ي') || k.ends_with("يه"))
}

/// The phrase as written, unless written with Persian letters: then the
/// article's spelling when it has one, else the letters mapped to Arabic.
fn respell(phrase: &str, index: &Index) -> String {
    if !has_persian(phrase) {
        return phrase.to_string();
    }
    match index.grams.get(&key(phrase)) {
        Some(Some(spelling)) => spelling.clone(),
        _ => arabize(phrase),
    }
}

/// Convenience: index `texts` and segment `fields`.
pub(super) fn keywords(fields: &[String], texts: &[&str]) -> Vec<String> {
    if fields.is_empty() {
        return Vec::new();
    }
    segment(fields, &Index::build(texts, fields))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kw(field: &str, text: &str) -> Vec<String> {
        keywords(&[field.to_string()], &[text])
    }

    #[test]
    fn longest_match_in_the_text() {
        let text = "التقى الزعيم الكوري الشمالي كيم جونج أون بالرئيس الروسي فلاديمير بوتين في كوريا الشمالية.";
        assert_eq!(
            kw("بوتين الزعيم الكوري الشمالي كيم جونج أون الرئيس الروسي فلاديمير بوتين", text),
            ["بوتين", "الزعيم الكوري الشمالي كيم جونج أون", "الرئيس الروسي فلاديمير بوتين"]
        );
    }

    #[test]
    fn persian_letters_take_the_article_spelling_and_deduplicate() {
        let text = "زعيم كوريا الشمالية يلتقي الزعيم الكوري الشمالي السابق.";
        assert_eq!(
            kw("روسيا كوريا الشمالية کوریا الشمالیة الزعیم الکوری الشمالی", text),
            ["روسيا", "كوريا الشمالية", "الزعيم الكوري الشمالي"]
        );
        // Not in the text at all: Persian letters are still mapped.
        assert_eq!(kw("کیم", "نص آخر تماما"), ["كيم"]);
    }

    #[test]
    fn runs_do_not_cross_punctuation() {
        let text = "زار روسيا، كوريا الشمالية.";
        assert_eq!(kw("روسيا كوريا الشمالية", text), ["روسيا", "كوريا الشمالية"]);
    }

    #[test]
    fn unmatched_words_stand_alone_and_stop_words_go() {
        assert_eq!(kw("غزة في مصر", "لا شيء هنا"), ["غزة", "مصر"]);
    }

    #[test]
    fn an_unmatched_noun_keeps_its_nisba_adjective() {
        let text = "ارتفعت أسعار الذهب في الأسواق اليوم";
        assert_eq!(kw("أسعار الذهب الجنيه المصري", text), ["أسعار الذهب", "الجنيه المصري"]);
        assert_eq!(kw("روسيا الأسواق المصرية", text), ["روسيا", "الأسواق المصرية"]);
    }

    #[test]
    fn separated_lists_split_on_separators() {
        assert_eq!(kw("الاقتصاد المصري، البنك المركزي", "نص"), ["الاقتصاد المصري", "البنك المركزي"]);
    }
}
