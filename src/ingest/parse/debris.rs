//! Page debris: what a scraper picks up around the article.
//!
//! Three kinds, all matched on the line key so hamza, tanween and Persian
//! letter variants of a marker match too:
//! * cut markers (`إقرأ أيضاً`, `مقالات مشابهة`, `قصص قد تهمك` …): a second
//!   article or a list of headlines follows, so everything from there on goes;
//! * debris lines (share bars, font-size widgets, `المساهمون`, app adverts,
//!   navigation labels): the line goes;
//! * photo captions: a line ending in a photo credit (`- Reuters`, `(Getty)`).
//!
//! Site-specific markers come from `site.toml` (`[ingest] debris`,
//! `cut_markers`) and are matched the same way.

use super::text::{loose_of_key, prefix_at_boundary, Line};
use crate::arabic::key;
use crate::config::IngestConfig;

/// How a marker matches a line key.
#[derive(Debug, Clone, Copy, PartialEq)]
enum How {
    /// The whole line, punctuation ignored (`+ الخط -` = `الخط`).
    Whole,
    /// The line starts with the marker, even glued to the next word
    /// (`انتقل إلى اختصارات الوصولشارك`, `Relatedكوريا`).
    Glued,
}

/// Markers after which nothing belongs to the article (keys).
const CUT: &[(&str, How)] = &[
    ("اقرا ايضا", How::Glued),
    ("اقرا كذلك", How::Glued),
    ("اقرا المزيد", How::Glued),
    ("شاهد ايضا", How::Glued),
    ("مقالات مشابهه", How::Glued),
    ("مقالات ذات صله", How::Glued),
    ("اخبار ذات صله", How::Glued),
    ("مواضيع ذات صله", How::Glued),
    ("اخبار متعلقه", How::Glued),
    ("قصص قد تهمك", How::Glued),
    ("قد يهمك ايضا", How::Glued),
    ("قد يعجبك ايضا", How::Glued),
    ("المزيد من الاخبار", How::Glued),
    ("تصنيفات", How::Whole),
];

/// Lines dropped wherever they are (keys).
const DEBRIS: &[(&str, How)] = &[
    ("انتقل الي اختصارات الوصول", How::Glued),
    ("شارك هذا المقال", How::Glued),
    ("شارك المقال", How::Glued),
    ("تابع احدث الاخبار عبر تطبيق", How::Glued),
    ("تابعوا احدث الاخبار", How::Glued),
    ("تابعونا علي", How::Glued),
    ("حمل تطبيق", How::Glued),
    ("اشترك في النشره", How::Glued),
    ("اضغط هنا", How::Glued),
    ("related", How::Glued),
    ("روابط سريعه", How::Whole),
    ("next previous", How::Whole),
    ("الخط", How::Whole),
    ("حجم الخط", How::Whole),
    ("المساهمون", How::Whole),
    ("اعلان", How::Whole),
    ("شارك", How::Whole),
    ("مشاركه", How::Whole),
    ("طباعه", How::Whole),
    ("محادثه", How::Whole),
    ("نسخ الرابط", How::Whole),
    ("التعليقات", How::Whole),
    ("advertisement", How::Whole),
];

fn matches(line: &Line, marker: &str, how: How) -> bool {
    if marker.is_empty() {
        return false;
    }
    match how {
        How::Whole => line.loose == marker,
        How::Glued => line.key.starts_with(marker),
    }
}

/// The built-in and configured markers, keyed once per parse.
pub(super) struct Markers {
    cut: Vec<String>,
    debris: Vec<String>,
}

impl Markers {
    pub(super) fn new(config: &IngestConfig) -> Markers {
        let norm = |v: &[String]| v.iter().map(|s| key(s.trim())).filter(|k| !k.is_empty()).collect();
        Markers { cut: norm(&config.cut_markers), debris: norm(&config.debris) }
    }

    /// True when the rest of the text from this line on is not the article.
    pub(super) fn is_cut(&self, line: &Line) -> bool {
        CUT.iter().any(|(m, h)| matches(line, m, *h)) || self.cut.iter().any(|m| config_match(line, m))
    }

    /// True for a line that is page furniture wherever it appears.
    pub(super) fn is_debris(&self, line: &Line) -> bool {
        DEBRIS.iter().any(|(m, h)| matches(line, m, *h)) || self.debris.iter().any(|m| config_match(line, m))
    }
}

/// Configured markers: the whole line (punctuation ignored) or a prefix at a
/// word boundary, as site.toml documents.
fn config_match(line: &Line, marker: &str) -> bool {
    line.key == *marker || line.loose == loose_of_key(marker) || prefix_at_boundary(&line.key, marker)
}

/// Photo credits that end a caption (keys), and whether the credit alone
/// proves a caption anywhere (Latin agency names never end Arabic prose).
const CREDITS: &[(&str, bool)] = &[
    ("reuters", true),
    ("getty", true),
    ("getty images", true),
    ("afp", true),
    ("ap", true),
    ("epa", true),
    ("shutterstock", true),
    ("xinhua", true),
    ("رويترز", false),
    ("ا ف ب", false),
    ("افب", false),
    ("ا.ف.ب", false),
    ("فرانس برس", false),
    ("الاناضول", false),
    ("اسوشيتد برس", false),
    ("صوره ارشيفيه", true),
    ("ارشيفيه", true),
    ("مواقع التواصل", false),
];

/// Longest caption with an Arabic credit, in words.
const CAPTION_WORDS: usize = 20;

/// If the line ends with a photo credit set off by a dash, slash, bar or
/// brackets after some text, whether that credit is a strong (Latin) one.
pub(super) fn caption_credit(line: &Line) -> Option<bool> {
    let k = line.key.trim_end();
    let k = k.strip_suffix(')').map_or(k, |s| s.trim_end());
    for (credit, strong) in CREDITS {
        let Some(before) = k.strip_suffix(credit) else { continue };
        let before = before.trim_end();
        let Some(sep) = before.chars().last() else { continue };
        if !matches!(sep, '-' | '–' | '—' | '(' | '/' | '|' | ':' | '©') {
            continue;
        }
        let text = before[..before.len() - sep.len_utf8()].trim_end();
        // A caption describes the photo; two words and a credit are a
        // dateline (`سان فرانسيسكو: رويترز`).
        let words = text.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count();
        // An Arabic agency credit after a paragraph's worth of words, or
        // after a sentence's full stop (not a headline's `..`), ends a
        // paragraph that quotes the agency, not a caption.
        let stop = text.trim_end().strip_suffix('.').is_some_and(|t| !t.ends_with('.'));
        if !*strong && (words > CAPTION_WORDS || stop) {
            return None;
        }
        if text.chars().filter(|c| c.is_alphabetic()).count() >= 8 && words >= 3 {
            return Some(*strong);
        }
    }
    None
}

/// Strips an advert label glued to the end of a paragraph (`… "عمل إجرامي". اعلان`).
pub(super) fn strip_trailing_advert(text: &str) -> &str {
    for word in ["اعلان", "إعلان", "Advertisement"] {
        if let Some(rest) = text.strip_suffix(word) {
            let rest = rest.trim_end();
            if rest.len() < text.len() - word.len() && super::text::ends_sentence(rest) {
                return rest;
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> Markers {
        Markers::new(&IngestConfig::default())
    }

    #[test]
    fn read_also_in_every_spelling_cuts() {
        for s in
            ["إقرأ أيضاً:", "اقرأ أيضا", "اقرأ أيضًا: عنوان آخر", "إقرأ ايضا", "مقالات مشابهة", "قصص قد تهمك", "تصنيفات"]
        {
            assert!(m().is_cut(&Line::new(s)), "{s}");
        }
        assert!(!m().is_cut(&Line::new("وقال إن القراءة أيضا مهمة.")));
    }

    #[test]
    fn navigation_and_widgets_are_debris() {
        for s in [
            "انتقل إلى اختصارات الوصولشارك هذا المقالمحادثة",
            "+ الخط -",
            "المساهمون",
            "تابع أحدث الأخبار عبر تطبيق",
            "Relatedكوريا الشمالية ترسل 3000 جندي",
            "روابط سريعة",
            "Next Previous",
            "اعلان",
            "إعلان",
        ] {
            assert!(m().is_debris(&Line::new(s)), "{s}");
        }
        assert!(!m().is_debris(&Line::new("الخط الأحمر الذي رسمته واشنطن")));
        assert!(!m().is_debris(&Line::new("وقال إن الإعلان سيصدر غدا.")));
    }

    #[test]
    fn configured_markers() {
        let cfg = IngestConfig {
            debris: vec!["اشترك الآن".into()],
            cut_markers: vec!["الأكثر قراءة".into()],
            ..Default::default()
        };
        let m = Markers::new(&cfg);
        assert!(m.is_debris(&Line::new("إشترك الان")));
        assert!(m.is_debris(&Line::new("اشترك الآن: مجانا")));
        assert!(m.is_cut(&Line::new("الاكثر قراءة")));
        assert!(!m.is_debris(&Line::new("اشتركت الآن في النقاش.")));
    }

    #[test]
    fn captions() {
        let c = "الرئيس الروسي فلاديمير بوتين خلال جولة مع الزعيم الكوري الشمالي كيم جونج أون في روسيا. 13 سبتمبر 2023 - Reuters";
        assert_eq!(caption_credit(&Line::new(c)), Some(true));
        let g = "قال كيم لبوتين إنه واثق من أن موسكو ستحقق \"نصراً كبيراً\" على أعدائها (Getty)";
        assert_eq!(caption_credit(&Line::new(g)), Some(true));
        assert_eq!(caption_credit(&Line::new("محتجون أمام البرلمان في بيروت - أ ف ب")), Some(false));
        assert_eq!(caption_credit(&Line::new("(رويترز)")), None);
        assert_eq!(caption_credit(&Line::new("سول -رويترز")), None);
        assert_eq!(caption_credit(&Line::new("سان فرانسيسكو: رويترز")), None);
        assert_eq!(caption_credit(&Line::new("هاريسبورغ (بنسلفانيا) - رويترز")), None);
        assert_eq!(caption_credit(&Line::new("سان بطرسبورغ : (أ ف ب)")), None);
        let paragraph = format!("{} (أ ف ب)", "حققت شركة التوصيل السريع في بكين رقما قياسيا في الأسواق. ".repeat(3));
        assert_eq!(caption_credit(&Line::new(&paragraph)), None, "a paragraph quoting the agency");
        let sentence = "حققت الشركة رقما قياسيا في الأسواق العالمية على الإنترنت . (أ ف ب)";
        assert_eq!(caption_credit(&Line::new(sentence)), None, "a sentence quoting the agency");
        assert_eq!(caption_credit(&Line::new("صورة من إعلان أرقام المقبولين بالقوات الجوية.. - أ ف ب")), Some(false));
        assert_eq!(caption_credit(&Line::new("جانب من كيف يغرر بشبابنا؟!! - رويترز")), Some(false));
    }

    #[test]
    fn advert_glued_at_paragraph_end() {
        assert_eq!(
            strip_trailing_advert("واصفًا ما حدث بأنه \"عمل إجرامي\". اعلان"),
            "واصفًا ما حدث بأنه \"عمل إجرامي\"."
        );
        assert_eq!(strip_trailing_advert("أعلنت الوزارة عن إعلان"), "أعلنت الوزارة عن إعلان");
    }
}
