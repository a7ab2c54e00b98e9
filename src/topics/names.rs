//! Role-and-name phrases: `الرئيس الروسي فلاديمير بوتين` is about `بوتين`.
//!
//! Keyword lines often name a person with a title and nisba adjectives in
//! front. Those leading words are stripped so the phrase counts for the name
//! alone; what remains joins an existing tag when its last words are one
//! (`فلاديمير بوتين` → `بوتين`).

use crate::arabic::{is_stop_key, key};
use std::collections::HashSet;
use std::sync::OnceLock;

/// Titles and offices, compared on keys.
const TITLES: &[&str] = &[
    "الرئيس",
    "رئيس",
    "الرئيسة",
    "رئيسة",
    "الزعيم",
    "زعيم",
    "الملك",
    "ملك",
    "الملكة",
    "الأمير",
    "أمير",
    "ولي",
    "الشيخ",
    "شيخ",
    "الوزير",
    "وزير",
    "الوزيرة",
    "وزيرة",
    "نائب",
    "النائب",
    "المستشار",
    "المستشارة",
    "السفير",
    "سفير",
    "المتحدث",
    "متحدث",
    "الجنرال",
    "اللواء",
    "العقيد",
    "العميد",
    "الفريق",
    "المشير",
    "القائد",
    "قائد",
    "السيد",
    "السيدة",
    "الدكتور",
    "المرشد",
    "البابا",
    "الأمين",
    "المبعوث",
    "مبعوث",
    "الحاكم",
    "حاكم",
    "المحافظ",
    "محافظ",
    "العمدة",
    "عمدة",
    "النجم",
    "نجم",
    "اللاعب",
    "لاعب",
    "المدرب",
    "مدرب",
    "الفنان",
    "الفنانة",
    "المطرب",
    "المطربة",
    "الكاتب",
    "الكاتبة",
    "الصحفي",
    "الصحفية",
    "الناشط",
    "الناشطة",
    "السابق",
    "السابقة",
    "الأسبق",
    "الحالي",
    "المنتخب",
    "المنتخبة",
    "الراحل",
    "الراحلة",
    // Place descriptors: `قطاع غزة` is about غزة, `مدينة الفاشر` about الفاشر.
    "قطاع",
    "مدينة",
    "محافظة",
    "ولاية",
    "إقليم",
    "العاصمة",
];

/// Words that complete a title (`وزير الدفاع`, `ولي العهد`, `الأمين العام`):
/// stripped only after one.
const COMPLEMENTS: &[&str] = &[
    "العهد",
    "الوزراء",
    "باسم",
    "الأعلى",
    "العام",
    "الخاص",
    "الدفاع",
    "الخارجية",
    "الداخلية",
    "المالية",
    "الاقتصاد",
    "الإعلام",
    "الصحة",
    "التعليم",
    "العدل",
    "الطاقة",
    "البيئة",
    "الحكومة",
    "حكومة",
    "الجيش",
    "الأركان",
    "هيئة",
    "الدولة",
    "البيت",
    "الأبيض",
    "الكرملين",
    "الأمن",
];

fn titles() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| TITLES.iter().map(|w| key(w)).collect())
}

fn complements() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| COMPLEMENTS.iter().map(|w| key(w)).collect())
}

/// A nisba adjective with the article (`الروسي`, `الكورية`, `الأمريكى`):
/// the key starts with ال and ends with ي or يه.
fn is_nisba_key(k: &str) -> bool {
    k.starts_with("ال") && k.chars().count() >= 5 && (k.ends_with('ي') || k.ends_with("يه"))
}

/// How many leading words of `words` are a title with its complements and
/// nisba adjectives.
fn role_prefix(words: &[&str]) -> usize {
    let mut titled = false;
    let mut n = 0;
    for w in words {
        let k = key(w);
        if titles().contains(&k) {
            titled = true;
        } else if !(is_nisba_key(&k) || (titled && complements().contains(&k))) {
            break;
        }
        n += 1;
    }
    n
}

/// Whether a phrase has only role words, one of them a title or office
/// (`الزعيم الكوري الشمالي`, `الرئيس الروسى`): a description of someone,
/// not a subject of its own. `السعودية` alone is not one.
pub fn is_role_only(phrase: &str) -> bool {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    !words.is_empty() && role_prefix(&words) == words.len() && words.iter().any(|w| titles().contains(&key(w)))
}

/// The name in a role-and-name phrase: the words after the leading titles
/// and nisba adjectives, or `None` when there are none to strip or nothing
/// (but stop words) would remain.
pub fn strip_role(phrase: &str) -> Option<String> {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let n = role_prefix(&words);
    if n == 0 || n == words.len() {
        return None;
    }
    let rest = &words[n..];
    if is_stop_key(&key(rest[0])) || rest.iter().all(|w| is_stop_key(&key(w))) {
        return None;
    }
    Some(rest.join(" "))
}

/// Whether a phrase looks like a personal or foreign name: every word
/// without the article and none a stop word (`كيم جونغ أون`, `بوتين`).
pub fn is_name_like(phrase: &str) -> bool {
    let mut words = phrase.split_whitespace().peekable();
    words.peek().is_some()
        && words.all(|w| {
            let k = key(w);
            !k.starts_with("ال") && !is_stop_key(&k) && !titles().contains(&k)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_titles_and_nisba() {
        assert_eq!(strip_role("الرئيس الروسي فلاديمير بوتين").as_deref(), Some("فلاديمير بوتين"));
        assert_eq!(strip_role("الروسي فلاديمير بوتين").as_deref(), Some("فلاديمير بوتين"));
        assert_eq!(strip_role("الزعيم الكوري الشمالي كيم جونج أون").as_deref(), Some("كيم جونج أون"));
        assert_eq!(strip_role("الزعیم الکوری الشمالی کیم جونغ أون").as_deref(), Some("کیم جونغ أون"));
        assert_eq!(strip_role("وزير الدفاع الروسي سيرجي شويجو").as_deref(), Some("سيرجي شويجو"));
        assert_eq!(strip_role("رئيس الوزراء الإسرائيلي بنيامين نتنياهو").as_deref(), Some("بنيامين نتنياهو"));
        assert_eq!(strip_role("قطاع غزة").as_deref(), Some("غزة"));
        assert_eq!(strip_role("النجم المصري محمد صلاح").as_deref(), Some("محمد صلاح"));
    }

    #[test]
    fn keeps_phrases_without_a_name() {
        assert_eq!(strip_role("الزعيم الكوري الشمالي"), None);
        assert_eq!(strip_role("الرئيس الروسى"), None);
        assert_eq!(strip_role("الدفاع الروسي"), None);
        assert_eq!(strip_role("الطاقة المتجددة"), None, "a complement strips only after a title");
        assert_eq!(strip_role("كوريا الشمالية"), None);
        assert_eq!(strip_role("التعاون العسكري"), None);
        assert_eq!(strip_role("السعودية"), None);
        assert!(is_role_only("الزعيم الكوري الشمالي"));
        assert!(is_role_only("الرئيس الروسى"));
        assert!(is_role_only("وزير الدفاع الروسي"));
        assert!(!is_role_only("الطاقة المتجددة"));
        assert!(!is_role_only("كوريا الشمالية"));
        assert!(!is_role_only(""));
        assert!(!is_role_only("السعودية"));
    }

    #[test]
    fn name_like_phrases() {
        assert!(is_name_like("كيم جونغ أون"));
        assert!(is_name_like("بوتين"));
        assert!(!is_name_like("كوريا الشمالية"));
        assert!(!is_name_like("الرئيس بوتين"));
    }
}
