//! Word classes: what a matching key is, for deciding whether a phrase can
//! be a subject ([`super::shape`]) and how subjects name each other
//! ([`super::groups`], [`super::mentions`]).
//!
//! Two sources. The word lists of [`super::knowledge`] (given names,
//! titles, offices, honorifics, units, generic nouns, function words…),
//! compared on the key. And the archive itself: a word's forms that the
//! archive also uses tell what it is. `يعلن` is a verb because `تعلن` is
//! used; `رسميا` an adverb because `رسمي` and `الرسمي` are; `المهرجان` a
//! common noun because `مهرجان` is used too, where `الطائف` or `أوباما`
//! are names (never with and without the article). Those forms are looked
//! up on the word as read, before spellings are folded (`غيرهم` is `غير` +
//! هم, though its key reads `جيرهم`).

use super::knowledge::Classes;
use crate::arabic::clitics::proclitic_splits;
use crate::arabic::is_stop_key;

/// Classes of a matching key, as bits.
pub mod bits {
    /// A function word, a number, or a prefix and a function word.
    pub const STOP: u32 = 1;
    /// Shorter than three letters.
    pub const SHORT: u32 = 1 << 1;
    /// A given name (`محمد`).
    pub const GIVEN_NAME: u32 = 1 << 2;
    /// Office or title (`وزير`, `العهد`, `الأمير`).
    pub const OFFICE: u32 = 1 << 3;
    /// Title of a person (`الأمير`, `الرئيس`).
    pub const PERSON_TITLE: u32 = 1 << 4;
    /// An honorific or courtesy word.
    pub const HONORIFIC: u32 = 1 << 5;
    /// A unit, currency or counting word.
    pub const UNIT: u32 = 1 << 6;
    /// A noun too general to be a subject alone (`العيد`).
    pub const GENERIC: u32 = 1 << 7;
    /// A word that makes a phrase a formula (`الله`).
    pub const FORMULA: u32 = 1 << 8;
    /// `منطقة`, `تنظيم`: before a subject's name, the same subject.
    pub const DESCRIPTOR: u32 = 1 << 9;
    /// `بن`, `آل`, `عبد`, `أبو`: inside a name, never at its end.
    pub const CONNECTOR: u32 = 1 << 10;
    /// Starts with the article ال.
    pub const ARTICLE: u32 = 1 << 11;
    /// A verb: its ي/ت forms alternate (`يعلن` / `تعلن`), or it takes the
    /// past endings (`أعلن` / `أعلنت` / `أعلنوا`).
    pub const VERB: u32 = 1 << 12;
    /// An adverb or accusative: the word with a final alef that is also
    /// used without it (`رسميا`, `طنا`).
    pub const ADVERB: u32 = 1 << 13;
    /// An attached pronoun on a word the archive uses without it
    /// (`منسوبيها`, `زوجته`).
    pub const PRONOUN: u32 = 1 << 14;
    /// Nisba adjective with the article (`الإيراني`, `الشعبية`).
    pub const NISBA: u32 = 1 << 15;
    /// Nisba adjective without it (`إيراني`, `غذائية`).
    pub const BARE_NISBA: u32 = 1 << 16;
    /// Plural with the article (`المرشحين`, `الفعاليات`).
    pub const PLURAL: u32 = 1 << 17;
    /// A common noun: used both with and without the article (`المهرجان`
    /// / `مهرجان`); names are not (`أوباما`, `الطائف`).
    pub const ALTERNATES: u32 = 1 << 18;
    /// A prefix and a word the archive uses on its own, left joined because
    /// the joined form is the more frequent (`لمدة`).
    pub const CLITIC_FORM: u32 = 1 << 19;
    /// Has a digit.
    pub const DIGIT: u32 = 1 << 20;
    /// A verbal noun of the derived patterns (`إجراء`, `استقبال`, `تشكيل`,
    /// `مكافحة`): a phrase it heads is an action, not a subject.
    pub const ACTION: u32 = 1 << 21;
    /// A plural or dual without the article, of a noun the archive uses
    /// (`مقاتلين`, `امرأتين`), or its construct form (`مقاتلي`).
    pub const COUNTED: u32 = 1 << 22;
    /// Heads the name of an institution or place named after someone
    /// (`مستشفى`, `جامعة`).
    pub const INSTITUTION: u32 = 1 << 23;
}

/// The classes of one matching key `key`: from the word lists (on the key)
/// and, when `full`, from how the archive uses the forms around the word it
/// stands for, `k` (`count` of a word, 0 if never used).
pub(super) fn classify(key: &str, k: &str, full: bool, count: &impl Fn(&str) -> u32, classes: &Classes) -> u32 {
    use bits::*;
    let chars: Vec<char> = k.chars().collect();
    let n = chars.len();
    let mut c = 0;
    let article = k.starts_with("ال") && n > 2;
    if article {
        c |= ARTICLE;
    }
    if chars.iter().any(|ch| ch.is_ascii_digit()) {
        c |= DIGIT | STOP;
    }
    if n < 3 {
        c |= SHORT;
    }
    let function = |w: &str| is_stop_key(w) || classes.function_words.contains(w);
    // A function word, or a prefix and one (`بما`, `لذلك`, `بالمنطقة`).
    if function(k)
        || classes.function_words.contains(key)
        || proclitic_splits(k).iter().any(|s| s.word.chars().count() >= 2 && function(&s.word))
    {
        c |= STOP;
    }
    for (set, bit) in [
        (&classes.given_names, GIVEN_NAME),
        (&classes.offices, OFFICE),
        (&classes.person_titles, PERSON_TITLE),
        (&classes.honorifics, HONORIFIC),
        (&classes.units, UNIT),
        (&classes.generic, GENERIC),
        (&classes.formula_words, FORMULA),
        (&classes.descriptors, DESCRIPTOR),
        (&classes.institutions, INSTITUTION),
        (&classes.actions, ACTION),
    ] {
        if set.contains(key) {
            c |= bit;
        }
    }
    if matches!(key, "بن" | "بنت" | "ابن" | "ال" | "عبد" | "ابو" | "ابي" | "ام") {
        c |= CONNECTOR;
    }
    if is_action_noun(if article { &chars[2..] } else { &chars[..] }) {
        c |= ACTION;
    }
    if !full {
        return c;
    }
    // The forms looked up are written into one buffer, not allocated each.
    let mut buf = String::with_capacity(k.len() + 8);
    let mut used_form = |parts: &[&str]| {
        buf.clear();
        parts.iter().for_each(|p| buf.push_str(p));
        count(&buf)
    };
    let used = |w: &str| count(w);
    let bare = if article { &k[4..] } else { k };
    if !article && n >= 3 {
        // ي/ت/ن at the start that alternate, or the past endings.
        let first = chars[0];
        if matches!(first, 'ي' | 'ت' | 'ن') {
            let rest: String = chars[1..].iter().collect();
            let other = if first == 'ي' { 'ت' } else { 'ي' };
            if used_form(&[other.encode_utf8(&mut [0; 4]), &rest]) >= 2 {
                c |= VERB;
            }
        }
        // `يرزق`: ي and a three-letter word the archive uses (`رزق`).
        if first == 'ي' && n == 4 && used(&k['ي'.len_utf8()..]) >= 3 {
            c |= VERB;
        }
        // `تفحم`: the verbal noun تفعّل of a three-letter word used (`فحم`).
        if first == 'ت' && n == 4 && used(&k['ت'.len_utf8()..]) >= 3 {
            c |= ACTION;
        }
        if used_form(&[k, "ت"]) >= 2 && (used_form(&[k, "وا"]) >= 1 || used_form(&[k, "ا"]) >= 2) {
            c |= VERB;
        }
        // Derived forms (`يتغير`, `يستقبل`), the future (`سنعلن`) and the
        // plural (`يعايدون`).
        if n >= 5 && ["يت", "تت", "يست", "تست"].iter().any(|p| k.starts_with(p)) {
            c |= VERB;
        }
        if n >= 6 && matches!(first, 'ي' | 'ت') && (k.ends_with("ون") || k.ends_with("ين") || k.ends_with("ان"))
        {
            let stem: String = chars[1..n - 2].iter().collect();
            if used_form(&["ي", &stem]) + used_form(&["ت", &stem]) >= 2 {
                c |= VERB;
            }
        }
        // The past with its ending (`كتبت`, `أعلنت`).
        if let Some(stem) = k.strip_suffix('ت').filter(|s| s.chars().count() >= 3) {
            if used(stem) >= 2 && (used_form(&[stem, "وا"]) >= 1 || used_form(&["ي", stem]) >= 2) {
                c |= VERB;
            }
        }
        if n >= 5 && ["سي", "ست", "سن"].iter().any(|p| k.starts_with(p)) {
            let rest: String = chars[2..].iter().collect();
            if used_form(&["ي", &rest]) >= 2 || used_form(&["ت", &rest]) >= 2 {
                c |= VERB;
            }
        }
    }
    if n >= 3 && k.ends_with('ا') {
        // The accusative of a word used without it: a noun the archive
        // uses with the article (`بلاغا`, `قتيلا`), or a nisba used more
        // without it (`رسميا`; not `روسيا`, used more than `روسي`).
        let stem = &k[..k.len() - 'ا'.len_utf8()];
        let with_article = used_form(&["ال", stem]);
        let without = used(stem) + with_article;
        if without >= 2 && (without >= used(k) || (!stem.ends_with('ي') && with_article >= 3)) {
            c |= ADVERB;
        }
    }
    for suffix in ["ها", "هم", "هما", "هن", "كم", "نا", "ته", "تها", "تهم", "تك"] {
        if let Some(stem) = k.strip_suffix(suffix).filter(|s| s.chars().count() >= 3) {
            let ta = if suffix.starts_with('ت') { "ه" } else { "" };
            // A final hamza sits on ي before a suffix: `عملائها` is `عملاء`.
            let hamza = stem.strip_suffix('ي').map(|s| (s, "ء"));
            let used_stem = |s: &str, end: &str, used_form: &mut dyn FnMut(&[&str]) -> u32| {
                used_form(&[s, end]) >= 3 || used_form(&["ال", s, end]) >= 3
            };
            if used_stem(stem, ta, &mut used_form) || hamza.is_some_and(|(s, e)| used_stem(s, e, &mut used_form)) {
                c |= PRONOUN;
            }
        }
    }
    for suffix in ['ه', 'ك'] {
        if !article && n >= 4 && k.ends_with(suffix) {
            let stem = &k[..k.len() - suffix.len_utf8()];
            if used(stem) >= 3 && used_form(&["ال", stem]) >= 3 {
                c |= PRONOUN;
            }
        }
    }
    let nisba_ending = k.ends_with('ي') || k.ends_with("يه");
    if article && n >= 5 && nisba_ending {
        c |= NISBA;
    }
    // Plurals and duals of common nouns (not -ان: `سلمان`, `لبنان`).
    if !article && n >= 5 && c & GIVEN_NAME == 0 {
        for (ending, restore) in [("ين", ""), ("ون", ""), ("تين", "ه")] {
            if let Some(stem) = k.strip_suffix(ending).filter(|s| s.chars().count() >= 3) {
                if used_form(&[stem, restore]) >= 3 && used_form(&["ال", stem, restore]) >= 3 {
                    c |= COUNTED;
                }
            }
        }
    }
    // Construct forms of plurals (`مقاتلي`, `موظفو`).
    if !article && n >= 4 && (k.ends_with('ي') || k.ends_with('و')) && used_form(&[k, "ن"]) >= 3 {
        c |= COUNTED;
    }
    if !article && n >= 4 && nisba_ending && used_form(&["ال", k]) >= 2 {
        c |= BARE_NISBA;
    }
    if article && (k.ends_with("ين") || k.ends_with("ون") || k.ends_with("ات")) {
        c |= PLURAL;
    }
    let own = f64::from(used(k).max(1));
    let other = if article { used(bare) } else { used_form(&["ال", k]) };
    if f64::from(other) > if article { 0.1 } else { 0.05 } * own {
        c |= ALTERNATES;
    }
    if n >= 4 && matches!(chars[0], 'و' | 'ف' | 'ب' | 'ك' | 'ل') {
        let whole = used(k);
        if proclitic_splits(k).iter().any(|s| {
            s.word.chars().count() >= 3 && !function(&s.word) && {
                let r = used(&s.word);
                r >= 3 && f64::from(r) >= 0.1 * f64::from(whole)
            }
        }) {
            c |= CLITIC_FORM;
        }
    }
    c
}

/// Whether a word (key characters, without the article) has the shape of a
/// verbal noun of the derived verb forms: استفعال (`استقبال`), إفعال and
/// افتعال (`إجراء`, `افتتاح`), إفالة (`إقامة`), تفعيل (`تشكيل`), تفاعل
/// (`تشاور`), مفاعلة (`مكافحة`).
fn is_action_noun(w: &[char]) -> bool {
    let n = w.len();
    let at = |i: usize| w.get(i).copied();
    (n >= 6 && w.starts_with(&['ا', 'س', 'ت']) && at(n - 2) == Some('ا'))
        || (n == 5 && at(0) == Some('ا') && at(3) == Some('ا'))
        || (n == 6 && at(0) == Some('ا') && at(4) == Some('ا'))
        || (n == 5 && at(0) == Some('ت') && at(3) == Some('ي'))
        || (n == 5 && at(0) == Some('ت') && at(2) == Some('ا'))
        || (n == 6 && at(0) == Some('م') && at(2) == Some('ا') && at(5) == Some('ه'))
        || (n == 5 && at(0) == Some('ا') && at(2) == Some('ا') && at(4) == Some('ه'))
}
