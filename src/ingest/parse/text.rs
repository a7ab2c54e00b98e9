//! Small text predicates shared by the parser's passes.
//!
//! Every pass looks at the same lines, so each line's key is computed once
//! (`Line::new`) and the predicates here work on that key or on the trimmed
//! text: re-normalizing a line in every pass would cost the throughput the
//! store side needs (thousands of articles a second).

use crate::arabic::key;

/// One non-empty input line, trimmed, with its matching key.
#[derive(Debug, Clone)]
pub(super) struct Line<'a> {
    pub text: &'a str,
    pub key: String,
    /// `key` reduced to letters, digits and single spaces (see [`loose`]).
    pub loose: String,
    pub words: usize,
}

impl<'a> Line<'a> {
    pub(super) fn new(text: &'a str) -> Line<'a> {
        let key = key(text);
        let loose = loose_of_key(&key);
        let words = text.split_whitespace().count();
        Line { text, key, loose, words }
    }
}

/// The key with punctuation dropped: `+ الخط -` and `الخط`, or a title with
/// and without its final full stop, compare equal. Used for whole-line
/// comparisons where scrapers add or lose punctuation around the same words.
pub(super) fn loose_of_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut space = false;
    for c in key.chars() {
        if is_word_char(c) {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    out
}

/// `char::is_alphabetic` with fast paths for ASCII and the Arabic block:
/// the general Unicode lookup took half the parser's time on Arabic text.
#[inline]
pub(super) fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else if crate::arabic::is_arabic_letter(c) {
        true
    } else if ('\u{0600}'..='\u{06FF}').contains(&c) {
        false
    } else {
        c.is_alphabetic()
    }
}

/// [`is_letter`] or a digit (any script).
#[inline]
pub(super) fn is_word_char(c: char) -> bool {
    c.is_ascii_digit() || is_letter(c) || (!c.is_ascii() && !crate::arabic::is_arabic_letter(c) && c.is_numeric())
}

/// `loose_of_key(key(s))`.
pub(super) fn loose(s: &str) -> String {
    loose_of_key(&key(s))
}

/// Closing quotes and brackets that may follow a sentence's final stop.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '}' | '›' | '“')
}

/// True when the line ends like a sentence (`.`, `!`, `?`, `؟`, `…`),
/// possibly followed by closing quotes or brackets.
pub(super) fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches(is_closer).trim_end();
    matches!(t.chars().last(), Some('.' | '!' | '?' | '؟' | '…' | '۔'))
}

/// The heuristic "not a sentence": at most six words and no
/// final sentence punctuation. Such a line is a subheading when article
/// text follows it, debris otherwise.
pub(super) fn is_short_nonsentence(line: &Line) -> bool {
    line.words <= 6 && !ends_sentence(line.text)
}

/// A line that reads as article text: a sentence, or longer than a heading.
pub(super) fn is_paragraph_like(line: &Line) -> bool {
    !is_short_nonsentence(line) && line.key.chars().any(crate::arabic::is_arabic_letter)
}

/// The key of `s` with, for every key byte, the byte offset in `s` of the
/// character it came from (plus one final entry `s.len()`), so a match found
/// in the key can be cut out of the original text. Mirrors `arabic::key`
/// character by character; only used on short metadata lines.
pub(super) fn keyed(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() + 1);
    let mut pending: Option<usize> = None;
    let mut buf = [0u8; 4];
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if !out.is_empty() && pending.is_none() {
                pending = Some(i);
            }
            continue;
        }
        let k = key(c.encode_utf8(&mut buf));
        if k.is_empty() {
            continue;
        }
        if let Some(p) = pending.take() {
            out.push(' ');
            map.push(p);
        }
        for _ in 0..k.len() {
            map.push(i);
        }
        out.push_str(&k);
    }
    map.push(s.len());
    (out, map)
}

/// True when `k[at..]` starts with `marker` and the match ends at a word
/// boundary (end, or a character that is not a letter of the same script).
/// `Relatedكوريا` ends `related` at a boundary; `المصدرة` does not end `المصدر`.
pub(super) fn prefix_at_boundary(k: &str, marker: &str) -> bool {
    if !k.starts_with(marker) {
        return false;
    }
    let Some(last) = marker.chars().last() else { return false };
    match k[marker.len()..].chars().next() {
        None => true,
        Some(next) => !(is_word_char(next) && same_script(last, next)),
    }
}

fn same_script(a: char, b: char) -> bool {
    crate::arabic::is_arabic_letter(a) == crate::arabic::is_arabic_letter(b)
}

/// Arabic letters / all letters, and the Arabic letter count.
pub(super) fn arabic_share(text: &str) -> (f64, usize) {
    let (mut arabic, mut letters) = (0usize, 0usize);
    for c in text.chars() {
        if is_letter(c) {
            letters += 1;
            if crate::arabic::is_arabic_letter(c) {
                arabic += 1;
            }
        }
    }
    if letters == 0 {
        (0.0, 0)
    } else {
        (arabic as f64 / letters as f64, arabic)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_drops_punctuation() {
        assert_eq!(loose("+ الخط -"), "الخط");
        assert_eq!(loose("بوتين يقبل دعوة."), loose("بوتين يقبل دعوة"));
    }

    #[test]
    fn sentence_endings() {
        assert!(ends_sentence("قال إنه \"واثق\"."));
        assert!(ends_sentence("هل يحاول قتله؟"));
        assert!(!ends_sentence("أول زيارة منذ 24 عاماً"));
        assert!(!ends_sentence(""));
    }

    #[test]
    fn keyed_maps_back_to_the_text() {
        let s = "الشماليةالمصدر:  كويت نيوز";
        let (k, map) = keyed(s);
        assert_eq!(k, crate::arabic::key(s));
        let at = k.find("المصدر").unwrap();
        assert_eq!(&s[map[at]..], "المصدر:  كويت نيوز");
        assert_eq!(map.len(), k.len() + 1);
    }

    #[test]
    fn boundaries() {
        assert!(prefix_at_boundary("relatedكوريا", "related"));
        assert!(!prefix_at_boundary("المصدره", "المصدر"));
        assert!(prefix_at_boundary("المصدر: x", "المصدر"));
    }
}
