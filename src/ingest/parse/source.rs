//! Source and keyword lines, and closing credits. (Datelines such as
//! `سول -رويترز` are bylines: see `byline`.)
//!
//! Sites print the source as `المصدر: صدى البلد` or `المصدر رويترز`, and
//! scrapers glue whole footers into one line:
//! `المصدر رويترز الوسومروسيا كوريا الشماليةالمصدر: كويت نيوز`. Such a line
//! is split at every source/keyword marker found in its key (a marker counts
//! at the line start, after a space, or glued to a word when a colon follows
//! it), and each field is cut out of the original text through a key→text
//! offset map so the words keep their spelling.

use super::names::{is_agency, is_paper};
use super::text::{ends_sentence, keyed, loose, prefix_at_boundary, Line};

/// What a metadata line holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Meta {
    /// Source names, and whether each was written `المصدر:` with a colon.
    pub sources: Vec<(String, bool)>,
    /// Raw keyword fields (to be segmented by `keywords`).
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Field {
    Source,
    Keywords,
}

/// Markers (keys), their field, and whether a word may be glued after them
/// (`الوسومروسيا`).
const MARKERS: &[(&str, Field, bool)] = &[
    ("المصدر", Field::Source, false),
    ("مصدر الخبر", Field::Source, false),
    ("source", Field::Source, false),
    ("الوسوم", Field::Keywords, true),
    ("وسوم", Field::Keywords, false),
    ("كلمات دلاليه", Field::Keywords, false),
    ("الكلمات الدلاليه", Field::Keywords, false),
    ("كلمات مفتاحيه", Field::Keywords, false),
    ("الكلمات المفتاحيه", Field::Keywords, false),
    ("tags", Field::Keywords, false),
    ("keywords", Field::Keywords, false),
];

fn starts_marker(k: &str, marker: &str, glued: bool) -> bool {
    if glued {
        k.starts_with(marker)
    } else {
        prefix_at_boundary(k, marker)
    }
}

/// The source and keyword fields of a metadata line, or `None` when the line
/// does not start with a marker. A sentence that happens to start with
/// `المصدر` (`المصدر نفسه أكد أن …`) is long and ends with a full stop: kept.
pub(super) fn meta_line(line: &Line) -> Option<Meta> {
    let (_, field, _) = MARKERS.iter().find(|(m, _, g)| starts_marker(&line.key, m, *g))?;
    if *field == Field::Source && line.words > 10 && ends_sentence(line.text) {
        return None;
    }
    if line.words > 60 {
        return None;
    }
    let (k, map) = keyed(line.text);
    // Every valid marker occurrence: (start, end, field).
    let mut found: Vec<(usize, usize, Field)> = Vec::new();
    for (m, f, glued) in MARKERS {
        for (pos, _) in k.match_indices(m) {
            let rest = &k[pos..];
            let after = rest[m.len()..].trim_start();
            let left_ok = pos == 0 || k[..pos].ends_with(' ') || after.starts_with(':');
            if left_ok && starts_marker(rest, m, *glued) {
                found.push((pos, pos + m.len(), *f));
            }
        }
    }
    found.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    let mut kept: Vec<(usize, usize, Field)> = Vec::new();
    for f in found {
        if kept.last().is_none_or(|l| f.0 >= l.1) {
            kept.push(f);
        }
    }
    let mut meta = Meta::default();
    for (i, &(_, end, field)) in kept.iter().enumerate() {
        let next = kept.get(i + 1).map_or(k.len(), |n| n.0);
        let colon = k[end..next].trim_start().starts_with(':');
        let raw = &line.text[map[end]..map[next]];
        let value = raw.trim().trim_matches(|c: char| matches!(c, ':' | '-' | '،' | ',' | '|') || c.is_whitespace());
        if value.is_empty() {
            continue;
        }
        match field {
            Field::Source => {
                let v = value.trim_end_matches('.').trim();
                if v.split_whitespace().count() <= 8 {
                    meta.sources.push((v.to_string(), colon));
                }
            }
            Field::Keywords => meta.keywords.push(value.to_string()),
        }
    }
    Some(meta)
}

/// The names a source credit lists, in order: `فرانس برس، رويترز` gives
/// two; a single name gives itself.
pub fn credit_names(credit: &str) -> Vec<String> {
    credit.split(['،', ',', '/']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// A closing credit line in brackets, `(فرانس برس، رويترز، العربي الجديد)`:
/// returns the list inside. One of its names must be a known agency or
/// paper: `(بين قوسين)`, a column's name, is text, and a photo credit
/// `(تصوير: …)` is not a source.
pub(super) fn closing_credit(line: &Line) -> Option<String> {
    let inner = line.text.strip_prefix('(')?.strip_suffix(')')?.trim();
    if inner.is_empty() || inner.contains(['(', ')']) || ends_sentence(inner) || line.words > 12 {
        return None;
    }
    let parts: Vec<&str> = inner.split(['،', ',', '/']).collect();
    let parts_ok = parts.iter().all(|p| {
        let n = p.split_whitespace().count();
        (1..=4).contains(&n) && p.chars().any(char::is_alphabetic)
    });
    let credits = parts.iter().any(|p| {
        let k = loose(p);
        is_agency(&k) || is_paper(&k)
    });
    (parts_ok && credits).then(|| inner.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(s: &str) -> Meta {
        meta_line(&Line::new(s)).expect(s)
    }

    #[test]
    fn a_credit_lists_its_names_in_order() {
        assert_eq!(credit_names("فرانس برس، رويترز، العربي الجديد"), ["فرانس برس", "رويترز", "العربي الجديد"]);
        assert_eq!(credit_names("صدى البلد"), ["صدى البلد"]);
        assert_eq!(credit_names("د ب أ / رويترز"), ["د ب أ", "رويترز"]);
    }

    #[test]
    fn glued_footer_line_is_split() {
        let m = meta("المصدر رويترز الوسومروسيا كوريا الشماليةالمصدر: كويت نيوز");
        assert_eq!(m.sources, vec![("رويترز".to_string(), false), ("كويت نيوز".to_string(), true)]);
        assert_eq!(m.keywords, vec!["روسيا كوريا الشمالية".to_string()]);
    }

    #[test]
    fn source_shapes() {
        assert_eq!(meta("المصدر: صدى البلد").sources, vec![("صدى البلد".into(), true)]);
        assert_eq!(meta("المصدر رويترز").sources, vec![("رويترز".into(), false)]);
        assert_eq!(meta("المصدر: صحيفة المناطق السعودية").sources, vec![("صحيفة المناطق السعودية".into(), true)]);
        assert!(meta_line(&Line::new(
            "المصدر نفسه أكد أن المحادثات ستستأنف الأسبوع المقبل في العاصمة القطرية الدوحة بحضور الوسطاء."
        ))
        .is_none());
        assert!(meta_line(&Line::new("المصدرة للنفط تجتمع")).is_none());
    }

    #[test]
    fn keyword_lines() {
        assert_eq!(meta("كلمات دلالية: روسيا كوريا الشمالية").keywords, vec!["روسيا كوريا الشمالية".to_string()]);
        assert_eq!(meta("الكلمات الدلالية : مصر، الاقتصاد").keywords, vec!["مصر، الاقتصاد".to_string()]);
        assert_eq!(meta("الوسوم روسيا").keywords, vec!["روسيا".to_string()]);
    }

    #[test]
    fn closing_credits() {
        let l = Line::new("(فرانس برس، رويترز، العربي الجديد)");
        assert_eq!(closing_credit(&l), Some("فرانس برس، رويترز، العربي الجديد".into()));
        assert_eq!(closing_credit(&Line::new("(رويترز)")), Some("رويترز".into()));
        assert_eq!(closing_credit(&Line::new("(قال المتحدث إن الاجتماع انتهى.)")), None);
        assert_eq!(closing_credit(&Line::new("(أ. ف. ب)")), Some("أ. ف. ب".into()));
        assert_eq!(closing_credit(&Line::new("(بين قوسين)")), None);
        assert_eq!(closing_credit(&Line::new("(تصوير: سامي الغامدي)")), None);
    }
}
