//! Light stemming for matching, after Larkey, Ballesteros and Connell's
//! "light10" (the algorithm of Lucene's `ArabicStemmer`).
//!
//! Chosen over the Snowball Arabic stemmer of `rust-stemmers`: topics only
//! needs two spellings of one word to meet (`للتعاون` / `التعاون`,
//! `الشمالية` / `الشمالي`), not a root; light10 removes one article prefix
//! and a few suffixes with length guards, keeps names mostly readable,
//! allocates nothing on the hot path and adds no dependency.
//!
//! The input is a matching key (see [`crate::arabic::key`]), so taa marbuta
//! is already `ه` and alef maqsura `ي`: the suffix list below is light10's
//! folded the same way.

use super::key;

/// Prefixes, tried in order; the first that fits is removed.
const PREFIXES: [&[char]; 7] =
    [&['ا', 'ل'], &['و', 'ا', 'ل'], &['ب', 'ا', 'ل'], &['ك', 'ا', 'ل'], &['ف', 'ا', 'ل'], &['ل', 'ل'], &['و']];

/// Suffixes, each removed in turn when it fits (light10's list with ة → ه).
const SUFFIXES: [&[char]; 8] =
    [&['ه', 'ا'], &['ا', 'ن'], &['ا', 'ت'], &['و', 'ن'], &['ي', 'ن'], &['ي', 'ه'], &['ه'], &['ي']];

/// The stem of one word given as key characters: the `start..end` range of
/// `w` that remains. Works on a slice so callers can stem without allocating.
pub fn stem_range(w: &[char]) -> (usize, usize) {
    let mut start = 0;
    let mut end = w.len();
    for p in PREFIXES {
        let len = end - start;
        let fits = if p.len() == 1 { len > 3 } else { len >= p.len() + 2 };
        if fits && w[start..].starts_with(p) {
            start += p.len();
            break;
        }
    }
    for s in SUFFIXES {
        let len = end - start;
        if len >= s.len() + 2 && w[start..end].ends_with(s) {
            end -= s.len();
        }
    }
    (start, end)
}

/// Light stem of an already normalized word (a [`key`] without spaces).
pub fn stem_key(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let (s, e) = stem_range(&chars);
    chars[s..e].iter().collect()
}

/// Light stem of a word as written: normalized with [`key`], then stemmed.
pub fn stem(word: &str) -> String {
    stem_key(&key(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_article_and_conjunction_prefixes() {
        assert_eq!(stem("الاقتصاد"), "اقتصاد");
        assert_eq!(stem("والاقتصاد"), "اقتصاد");
        assert_eq!(stem("بالاقتصاد"), "اقتصاد");
        assert_eq!(stem("للتعاون"), stem("التعاون"));
        assert_eq!(stem("وبوتين"), stem("بوتين"));
        assert_eq!(stem("فالحرب"), "حرب");
        assert_eq!(stem("كالبرق"), "برق");
    }

    #[test]
    fn strips_suffixes() {
        assert_eq!(stem("الشمالية"), "شمال");
        assert_eq!(stem("الشمالي"), stem("الشمالية"));
        assert_eq!(stem("الشمالى"), stem("الشمالية"));
        assert_eq!(stem("المصريين"), "مصر");
        assert_eq!(stem("مفاوضات"), "مفاوض");
        assert_eq!(stem("علاقاتها"), "علاق");
        assert_eq!(stem("اللاعبون"), "لاعب");
    }

    #[test]
    fn length_guards_keep_short_words() {
        assert_eq!(stem("ولد"), "ولد", "و is not removed from a three-letter word");
        assert_eq!(stem("الصين"), "صين", "ين is not removed when only two letters would remain");
        assert_eq!(stem("غزة"), "غز");
        assert_eq!(stem("ال"), "ال");
        assert_eq!(stem("في"), "في");
        assert_eq!(stem(""), "");
    }

    #[test]
    fn normalizes_before_stemming() {
        assert_eq!(stem("الرَّئِيسُ"), stem("الرئيس"));
        assert_eq!(stem("کوریا"), stem("كوريا"));
        assert_eq!(stem("الأمم"), "امم");
    }
}
