//! The one normalization function: the matching key every stage compares
//! Arabic text by (docs/architecture.md).
//!
//! Scraped Arabic text spells one word many ways: with or without harakat,
//! with any of four alef forms, with Persian keyboard letters (ک ی ۀ), with
//! Arabic-Indic digits. `key` folds all of those so two spellings of one word
//! compare equal. Keys are for matching only: pages show the text as written.

/// True for harakat, tanwin, shadda, sukun, superscript alef, Quranic marks.
pub fn is_diacritic(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08D3}'..='\u{08E1}'
        | '\u{08E3}'..='\u{08FF}')
}

/// `char::is_alphanumeric`, answering the basic Arabic letters (ؠ to ي,
/// without tatweel: most characters of any Arabic text) without the
/// general Unicode lookup, which took 2–5 % of a build making links and
/// slugs. The same answer for every character.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}') || c.is_alphanumeric()
}

/// True for letters of the Arabic script (including Persian/Urdu additions).
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
        && !is_diacritic(c)
        && c != '\u{0640}'
        && !('\u{06F0}'..='\u{06F9}').contains(&c)
}

/// Removes diacritics and tatweel, keeping every letter as written.
pub fn strip_diacritics(s: &str) -> String {
    s.chars().filter(|&c| !is_diacritic(c) && c != '\u{0640}').collect()
}

/// Maps Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII digits.
pub fn fold_digits(s: &str) -> String {
    s.chars().map(fold_digit).collect()
}

fn fold_digit(c: char) -> char {
    match c {
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        _ => c,
    }
}

/// Arabic presentation forms: legacy codes for the shapes a letter takes
/// in a word (ﺭ ﻭ ﺳ ﻴ ﺎ), ligatures (ﻻ, ﷲ), hamza-carrying shapes (ﺃ). Text
/// from old systems and PDFs still carries them.
fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Folds one character for matching; `None` drops it.
fn fold_letter(c: char) -> Option<char> {
    if is_diacritic(c) || c == '\u{0640}' || c == '\u{200C}' || c == '\u{200D}' || crate::sanitize::is_bidi_control(c) {
        return None;
    }
    Some(match c {
        // Alef forms: hamza above/below, madda, wasla.
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        // Persian and Urdu letters to their Arabic counterparts.
        'ک' | 'ڪ' => 'ك',
        'ی' | 'ې' | 'ێ' | 'ۍ' | 'ے' => 'ي',
        'ۀ' | 'ہ' | 'ە' | 'ھ' => 'ه',
        'ۃ' => 'ة',
        // Alef maqsura and final yeh are written interchangeably (الروسى / الروسي).
        'ى' => 'ي',
        // Taa marbuta is written as heh often enough (كوريه) to match them.
        'ة' => 'ه',
        // Waw and yeh with hamza carry the same word.
        'ؤ' => 'و',
        'ئ' => 'ي',
        _ => fold_digit(c),
    })
}

/// The matching key of an Arabic string: presentation forms decomposed into
/// the letters they show (compatibility decomposition, as NFKC does),
/// diacritics, tatweel and bidi controls removed, alef forms unified, Persian
/// letters mapped, alef maqsura and taa marbuta folded, digits made ASCII,
/// Latin lowercased, whitespace folded to single spaces.
pub fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            return;
        }
        let Some(f) = fold_letter(c) else { return };
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        // Arabic letters have no case: the case table lookup of
        // `to_lowercase` was half the time of this function on Arabic text.
        if f.is_ascii() {
            out.push(f.to_ascii_lowercase());
        } else if ('\u{0600}'..='\u{08FF}').contains(&f) {
            out.push(f);
        } else {
            out.extend(f.to_lowercase());
        }
    };
    for c in s.chars() {
        if is_presentation_form(c) {
            // ﺃ decomposes to ا and a combining hamza, which is dropped like
            // every diacritic: the same key as أ.
            unicode_normalization::char::decompose_compatible(c, |d| push(d, &mut out));
        } else {
            push(c, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_alphanumeric_answers_as_the_standard_one() {
        for c in ('\0'..='\u{2FFF}').chain(['\u{FB50}', '\u{FEFB}', '\u{FF10}', '\u{1F600}']) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn presentation_forms_match_the_letters_they_show() {
        assert_eq!(key("ﺭﻭﺳﻴﺎ"), key("روسيا"));
        assert_eq!(key("ﻛﻮﺭﻳﺎ ﺍﻟﺸﻤﺎﻟﻴﺔ"), key("كوريا الشمالية"));
        assert_eq!(key("ﻻ"), key("لا"));
        assert_eq!(key("ﺃﻭﻛﺮﺍﻧﻴﺎ"), key("أوكرانيا"));
        assert_eq!(key("ﷲ"), key("الله"));
    }

    #[test]
    fn bidi_controls_do_not_count() {
        assert_eq!(key("\u{202b}روسيا\u{202c}\u{200f}"), key("روسيا"));
        assert_eq!(key("كيم\u{2068} جونغ\u{2069}"), key("كيم جونغ"));
    }

    #[test]
    fn strips_harakat_superscript_alef_and_tatweel() {
        assert_eq!(key("مُحَمَّدٌ"), key("محمد"));
        assert_eq!(key("هٰذا"), "هذا");
        assert_eq!(key("الســلام"), "السلام");
    }

    #[test]
    fn unifies_alef_forms() {
        assert_eq!(key("أإآٱ"), "اااا");
        assert_eq!(key("إسرائيل"), key("اسرائيل"));
    }

    #[test]
    fn maps_persian_letters() {
        assert_eq!(key("کوریا الشمالیة"), key("كوريا الشمالية"));
        assert_eq!(key("الزعیم الکوری الشمالی"), key("الزعيم الكوري الشمالي"));
        assert_eq!(key("ۀ"), "ه");
    }

    #[test]
    fn folds_alef_maqsura_and_taa_marbuta() {
        assert_eq!(key("الروسى"), key("الروسي"));
        assert_eq!(key("كوريه"), key("كورية"));
    }

    #[test]
    fn folds_digits() {
        assert_eq!(key("٣ تموز ٢٠٢٢"), "3 تموز 2022");
        assert_eq!(key("۱۴۰۲"), "1402");
        assert_eq!(fold_digits("٢٠٢٣-٠٩"), "2023-09");
    }

    #[test]
    fn folds_whitespace_and_latin_case() {
        assert_eq!(key("  كيم\u{a0}\t جونغ\nأون  "), "كيم جونغ اون");
        assert_eq!(key("Reuters"), "reuters");
    }

    #[test]
    fn keeps_letters_distinct_that_differ() {
        assert_ne!(key("جونج"), key("جونغ"), "transliteration variants are merged by topics, not by the key");
        assert_ne!(key("علم"), key("عالم"));
    }
}
