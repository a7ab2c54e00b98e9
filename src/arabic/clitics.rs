//! Attached prefixes (proclitics): `بجدة` is `ب` + `جدة`, `للهلال` is `ل` +
//! `الهلال`, `وبالرياض` is `و` + `ب` + `الرياض`.
//!
//! Arabic writes a conjunction (و ف) and a preposition (ب ك ل) joined to the
//! next word, and ل before the article drops the article's alef (`للهلال`).
//! Whether a word *starts* with such a letter or *carries* it cannot be told
//! from the word alone: `بوتين`, `لبنان`, `فيصل` and `كيري` start with one.
//! [`strip_proclitics`] asks the archive: the prefix is split off only when
//! what remains is a word the archive uses on its own at least as often as
//! the whole form (`جدة` 2,236 times against `بجدة` 525; `وتين` 4 times
//! against `بوتين` 186), and is not a function word (`كيري` is not `ك` +
//! `يرى`).
//!
//! Works on matching keys ([`super::key`]). Used by topics. (Search splits
//! prefixes by its own rules, read from the archive: src/search/analyze.rs.)

use super::stopwords::is_stop_key;

/// The ways a key can be read as proclitics + a word, longest prefix first:
/// (characters of prefix, the word, whether the prefix holds a conjunction
/// or a preposition other than the ل of `لل`).
pub fn proclitic_splits(key: &str) -> Vec<Split> {
    let mut out = Vec::new();
    // Most words start with no proclitic letter: nothing to allocate.
    if !key.starts_with(['و', 'ف', 'ب', 'ك', 'ل']) {
        return out;
    }
    for conj in ["", "و", "ف"] {
        for prep in ["", "ب", "ك", "ل"] {
            if conj.is_empty() && prep.is_empty() {
                continue;
            }
            let Some(rest) = key.strip_prefix(conj).and_then(|r| r.strip_prefix(prep)) else { continue };
            let prefix_chars = conj.chars().count() + prep.chars().count();
            if prep == "ل" && rest.starts_with('ل') {
                // `للهلال`: ل + الهلال (the article's alef is not written).
                out.push(Split {
                    prefix_chars,
                    word: format!("ا{rest}"),
                    joins_article: true,
                    conjunction: !conj.is_empty(),
                });
            }
            out.push(Split {
                prefix_chars,
                word: rest.to_string(),
                joins_article: false,
                conjunction: !conj.is_empty(),
            });
        }
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.prefix_chars));
    out
}

/// One reading of a word as proclitics + a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Characters of the key that are proclitics.
    pub prefix_chars: usize,
    /// The word without them (with the article restored for `لل`).
    pub word: String,
    /// ل before the article: `للهلال` is `الهلال`, the only proclitic that
    /// sits inside a name (`مهرجان أبها للتسوق`).
    pub joins_article: bool,
    /// A conjunction (و ف) is part of the prefix.
    pub conjunction: bool,
}

/// The word a key carries once its proclitics are split off, when the
/// archive says they are proclitics: the remaining word has three letters
/// or more, is not a function word, and `attested(word) >= attested(key)`
/// (how often each is used on its own); twice as often behind two
/// proclitics (`فلكية` is not ف + ل + `كية`). ل before the article needs only
/// the word to exist (`للمناصحة` is `المناصحة` even where the joined form
/// is the more used). Of several readings the most used word wins
/// (`وباريس` is و + `باريس`, not و + ب + `اريس`). `None`: the key is one
/// word as it stands.
pub fn strip_proclitics(key: &str, attested: impl Fn(&str) -> u64) -> Option<Split> {
    let whole = attested(key);
    let mut best: Option<(Split, u64)> = None;
    for s in proclitic_splits(key) {
        if s.word.chars().count() < 3 || is_stop_key(&s.word) {
            continue;
        }
        let n = attested(&s.word);
        let needed = if s.joins_article {
            1
        } else if s.prefix_chars >= 2 {
            2 * whole
        } else {
            whole
        };
        if n == 0 || n < needed {
            continue;
        }
        let better = match &best {
            None => true,
            Some((b, bn)) => n > *bn || (n == *bn && s.prefix_chars > b.prefix_chars),
        };
        if better {
            best = Some((s, n));
        }
    }
    best.map(|b| b.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn counts(pairs: &[(&str, u64)]) -> impl Fn(&str) -> u64 {
        let m: HashMap<String, u64> = pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect();
        move |k: &str| m.get(k).copied().unwrap_or(0)
    }

    #[test]
    fn splits_a_prefix_the_archive_confirms() {
        let c = counts(&[("بجده", 525), ("جده", 2236), ("لحجاج", 44), ("حجاج", 105), ("الهلال", 900), ("للهلال", 40)]);
        assert_eq!(strip_proclitics("بجده", &c).unwrap().word, "جده");
        assert_eq!(strip_proclitics("لحجاج", &c).unwrap().word, "حجاج");
        let s = strip_proclitics("للهلال", &c).unwrap();
        assert_eq!((s.word.as_str(), s.joins_article), ("الهلال", true));
        assert_eq!(strip_proclitics("وبجده", &c).unwrap().word, "جده", "conjunction and preposition");
        assert!(strip_proclitics("وبجده", &c).unwrap().conjunction);
    }

    #[test]
    fn keeps_names_that_start_with_a_prefix_letter() {
        let c = counts(&[("بوتين", 186), ("وتين", 4), ("لبنان", 530), ("بنان", 4), ("فيصل", 1253), ("يصل", 639)]);
        assert_eq!(strip_proclitics("بوتين", &c), None);
        assert_eq!(strip_proclitics("لبنان", &c), None);
        assert_eq!(strip_proclitics("فيصل", &c), None);
        let c = counts(&[("كيري", 311), ("يري", 485)]);
        assert_eq!(strip_proclitics("كيري", &c), None, "يرى is a function word");
        let c = counts(&[("بدر", 344), ("در", 10)]);
        assert_eq!(strip_proclitics("بدر", &c), None, "two letters would remain");
        let c = counts(&[("فلكيه", 30), ("كيه", 40)]);
        assert_eq!(strip_proclitics("فلكيه", &c), None, "two prefixes need a word twice as used");
    }

    #[test]
    fn the_most_used_reading_wins() {
        let c = counts(&[("وباريس", 5), ("باريس", 332), ("اريس", 21)]);
        assert_eq!(strip_proclitics("وباريس", &c).unwrap().word, "باريس");
        let c = counts(&[("للمناصحه", 17), ("المناصحه", 5)]);
        assert_eq!(strip_proclitics("للمناصحه", &c).unwrap().word, "المناصحه", "ل before the article");
    }
}
