//! Spelling clusters: the key under which the spellings of one word meet.
//!
//! Beyond [`super::key`] (hamza, alef, ة/ه, ى/ي, Persian letters), scraped
//! news spells one name several ways: transliterations (`جونغ` / `جونج`,
//! `ميللوني` / `ميلوني`) and the forms of a group's name (`الحوثيين`,
//! `الحوثيون`, `الحوثية`, `الحوثي`). [`variant_key`] folds those and nothing
//! more: unlike a stemmer it keeps the article (`الأهلي` is not `أهل`) and
//! the endings that change the word (`اليمن` is not `اليمني`, `القانون` not
//! `القانين`).

/// The variant key of one word's matching key (after proclitics are split
/// off, see [`super::clitics`]):
/// - nisba plurals and feminines fold to the nisba: `الحوثيين`, `الحوثيون`,
///   `الحوثيه` → `الحوثي` (five letters or more);
/// - in words of four letters or more (the article not counted), غ گ ڨ
///   become ج and doubled consonants one: `جونغ` → `جونج`, `ميللوني` →
///   `ميلوني`; short words keep them apart (`الغرب` / `الجرب`), and
///   doubled vowel letters stay (`كييف` is not `كيف`, `النووية` not
///   `النوية`).
pub fn variant_key(key: &str) -> String {
    let n = key.chars().count();
    let ends = |s: &str| key.ends_with(s);
    // Bytes to keep: the folded endings are two-byte letters.
    let end = if n >= 5 && (ends("يين") || ends("يون")) {
        key.len() - 4
    } else if n >= 5 && ends("يه") {
        key.len() - 2
    } else {
        key.len()
    };
    let word = &key[..end];
    let (article, base) = match word.strip_prefix("ال") {
        Some(rest) if !rest.is_empty() => ("ال", rest),
        _ => ("", word),
    };
    let mut out = String::with_capacity(key.len());
    out.push_str(article);
    if base.chars().nth(3).is_none() {
        out.push_str(base);
        return out;
    }
    let mut prev = None;
    for c in base.chars() {
        let c = match c {
            'غ' | 'گ' | 'ڨ' => 'ج',
            _ => c,
        };
        if prev != Some(c) || matches!(c, 'ا' | 'و' | 'ي') {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::key;

    fn v(s: &str) -> String {
        variant_key(&key(s))
    }

    #[test]
    fn group_names_meet() {
        for s in ["الحوثيين", "الحوثيون", "الحوثية", "الحوثى"] {
            assert_eq!(v(s), v("الحوثي"), "{s}");
        }
        assert_eq!(v("كوريا الشمالية".split(' ').nth(1).unwrap()), v("الشمالي"));
    }

    #[test]
    fn transliterations_meet() {
        assert_eq!(v("جونغ"), v("جونج"));
        assert_eq!(v("ميللوني"), v("ميلوني"));
        assert_eq!(v("شويغو"), v("شويجو"));
    }

    #[test]
    fn different_words_stay_apart() {
        assert_ne!(v("الغرب"), v("الجرب"), "short words keep غ and ج");
        assert_ne!(v("اليمن"), v("اليمني"));
        assert_ne!(v("الأهلي"), v("أهل"));
        assert_ne!(v("الهلال"), v("هلال"));
        assert_eq!(v("القانون"), "القانون");
        assert_ne!(v("كييف"), v("كيف"));
        assert_ne!(v("النووية"), v("النوية"));
    }
}
