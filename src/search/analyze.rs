//! Which prefix a word carries and which words are one family, decided
//! from the archive itself.
//!
//! Arabic glues conjunctions, prepositions and the article to the word
//! (`وبالقاهرة` = و + ب + ال + قاهرة), but the same letters also start words
//! (`وزارة`, `بريطانيا`, `لبنان`, `فلسطين`). A split is taken when the
//! archive supports it: the rest is a word of its own, and the prefixed form
//! is not more frequent than that prefix makes plausible. `وزارة` (2,979
//! times in the real corpus) is not و + `زارة` (5 times); `وبوتين` (30) is
//! و + `بوتين` (186); `ولي` (ولي العهد, 2,133) is not و + `لي` (889). The
//! article is split off everything but [`NOT_ARTICLE`].
//!
//! Families are the inflections a reader means by one word, by suffix
//! paradigms that never cross into another word:
//! - nisba: `سعودي`, `سعودية`, `سعوديين`, `سعوديون`, `سعوديات`, `رسميا`;
//! - feminine: `وزارة` and `وزارات` (never `وزار` or `زار`);
//! - sound masculine plural: `مواطن`, `مواطنون`, `مواطنين`, only when both
//!   plurals occur in the archive (so `البحرين` is not a plural of `بحر`, nor
//!   `بوتين` of `بوت`);
//! - a country and its nisba ([`super::spec::DEMONYMS`]: `فلسطين` and
//!   `فلسطيني`).
//!
//! (The paradigms are in [`super::spec::family_key`]: the search page reads
//! an inflection the archive lacks by them.)
//!
//! Nothing else is stemmed: `طالبان` is not `طالب`, `رياضة` is not `الرياض`.

use super::postings::FxMap;
use super::spec::{family_key, has_article, is_arabic, splits, NOT_ARTICLE, PREFIXES};
use rayon::prelude::*;
#[cfg(test)]
use std::collections::HashMap;

/// How often a word carries a prefix, at most, as a share of its uses
/// without one (read from the corpus: و 0.05–0.15, ب 0.01–0.1 for frequent
/// words; ل up to 0.5 for nouns that head a construct, لشؤون beside شؤون;
/// ف rarely). With [`SLACK`], a prefixed form more frequent than this is a
/// word of its own (`وزارة`, `ولي`, `بلدية`).
fn rate(prefix: &str) -> f64 {
    // The conjunction in front counts as a factor (وب = و then ب).
    let (conj, rest) = match prefix.strip_prefix('و') {
        Some(r) => (0.25, r),
        None => match prefix.strip_prefix('ف') {
            Some(r) => (0.04, r),
            None => (1.0, prefix),
        },
    };
    conj * match rest {
        "" => 1.0,
        "ب" | "بال" => 0.10,
        "ك" | "كال" => 0.02,
        "ل" | "لل" => 0.25,
        "ال" => 1.0,
        _ => 0.0,
    }
}

const SLACK: f64 = 4.0;
/// Added to the plausible count, so a word seen once with a prefix and
/// twice without is read as prefixed.
const SMOOTH: f64 = 0.5;

/// How the archive's words are read.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Per word of the vocabulary: its base (index into `bases`).
    pub base_of: Vec<u32>,
    /// Per word: the prefix it carries (index into `PREFIXES`).
    pub prefix_of: Vec<u8>,
    /// The distinct bases: words without their prefix.
    pub bases: Vec<String>,
    /// Per base: its family key (equal keys: one family).
    pub family: Vec<String>,
}

/// Reads every word of a vocabulary (`words[i]` occurs `counts[i]` times).
pub fn analyze(words: &[&str], counts: &[u32]) -> Analysis {
    let n: FxMap<&str, u32> = words.iter().copied().zip(counts.iter().copied()).collect();
    let count = |w: &str| n.get(w).copied().unwrap_or(0);
    let readings: Vec<(usize, &str)> =
        words.par_iter().map_init(String::new, |buf, w| reading(w, &count, buf)).collect();
    let mut base_index: FxMap<&str, u32> = FxMap::default();
    let mut bases: Vec<String> = Vec::new();
    let mut base_of = Vec::with_capacity(words.len());
    let mut prefix_of = Vec::with_capacity(words.len());
    for &(p, rest) in &readings {
        let id = *base_index.entry(rest).or_insert_with(|| {
            bases.push(rest.to_string());
            (bases.len() - 1) as u32
        });
        base_of.push(id);
        prefix_of.push(p as u8);
    }
    let base_set: std::collections::HashSet<&str> = bases.iter().map(String::as_str).collect();
    let family = bases.par_iter().map(|b| family_key(b, &|w| base_set.contains(w))).collect();
    Analysis { base_of, prefix_of, bases, family }
}

/// The reading of one word: (prefix number, base). See the module comment.
fn reading<'w>(word: &'w str, count: &dyn Fn(&str) -> u32, buf: &mut String) -> (usize, &'w str) {
    // Every prefix starts with one of these letters.
    if !is_arabic(word) || !word.starts_with(['و', 'ف', 'ب', 'ك', 'ل', 'ا']) {
        return (0, word);
    }
    let n = f64::from(count(word));
    let mut with_article = |rest: &str| {
        buf.clear();
        buf.push_str("ال");
        buf.push_str(rest);
        count(buf)
    };
    let mut best = (0, word);
    let mut best_support = count(word) + with_article(word);
    for (p, rest) in splits(word).into_iter().skip(1) {
        let rate = rate(PREFIXES[p]) * SLACK;
        let (support, plausible) = if has_article(p) {
            if NOT_ARTICLE.iter().any(|w| w.strip_prefix("ال") == Some(rest)) {
                continue;
            }
            let definite = with_article(rest);
            (count(rest) + definite, PREFIXES[p] == "ال" || n <= rate * f64::from(definite) + SMOOTH)
        } else if rest.starts_with("ال") && !NOT_ARTICLE.contains(&rest) {
            // و + ال... is read as the prefix وال.
            continue;
        } else if PREFIXES[p].ends_with('ل') && rest.starts_with('ل') {
            // ل + اللجنة is written للجنة: the article is inside.
            let support = count(rest) + with_article(rest);
            (support, n <= rate * f64::from(support) + SMOOTH)
        } else {
            // ف before a word that is nearly always definite is not the
            // conjunction (فيمن is في + من, not ف + يمن): its bare uses
            // alone count. The other prefixes come before constructs
            // (لشؤون) whose word is mostly definite elsewhere.
            let support = count(rest) + with_article(rest);
            let base = if PREFIXES[p].starts_with('ف') { count(rest) } else { support };
            (support, n <= rate * f64::from(base) + SMOOTH)
        };
        if plausible && support >= best_support {
            best = (p, rest);
            best_support = support;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts close to the real corpus's (saudinewsnet, July 2015).
    fn corpus() -> Vec<(&'static str, u32)> {
        vec![
            ("وزاره", 2979),
            ("الوزاره", 600),
            ("زاره", 5),
            ("زار", 300),
            ("بوتين", 186),
            ("وبوتين", 30),
            ("ولي", 2133),
            ("لي", 889),
            ("الي", 3671),
            ("فيمن", 16),
            ("يمن", 13),
            ("اليمن", 1894),
            ("واليمن", 192),
            ("القاهره", 553),
            ("بالقاهره", 87),
            ("قاهره", 3),
            ("المانيا", 477),
            ("بالمانيا", 16),
            ("مانيا", 2),
            ("للجنه", 300),
            ("لجنه", 400),
            ("اللجنه", 2000),
            ("الجنه", 100),
            ("بلديه", 200),
            ("لديه", 400),
            ("بيونغ", 5),
            ("يونغ", 10),
            ("لشءون", 207),
            ("شءون", 360),
            ("الشءون", 739),
            ("لبنان", 530),
            ("بنان", 3),
            ("بدمج", 7),
            ("دمج", 66),
            ("البحرين", 803),
            ("بحر", 104),
            ("البحر", 755),
            ("مواطن", 300),
            ("المواطنين", 900),
            ("مواطنين", 200),
            ("المواطنون", 80),
            ("طالبان", 315),
            ("طالب", 500),
            ("رياضه", 400),
            ("الرياضي", 300),
            ("الرياض", 2862),
        ]
    }

    fn read(words: &[(&str, u32)]) -> HashMap<String, (String, String)> {
        let w: Vec<&str> = words.iter().map(|x| x.0).collect();
        let c: Vec<u32> = words.iter().map(|x| x.1).collect();
        let a = analyze(&w, &c);
        w.iter()
            .enumerate()
            .map(|(i, word)| {
                let b = a.base_of[i] as usize;
                (word.to_string(), (a.bases[b].clone(), a.family[b].clone()))
            })
            .collect()
    }

    #[test]
    fn prefixes_split_where_the_archive_supports_it() {
        let r = read(&corpus());
        let base = |w: &str| r[w].0.as_str();
        assert_eq!(base("وزاره"), "وزاره", "و is a letter of وزارة");
        assert_eq!(base("الوزاره"), "وزاره");
        assert_eq!(base("وبوتين"), "بوتين");
        assert_eq!(base("ولي"), "ولي", "ولي العهد is not و + لي");
        assert_eq!(base("فيمن"), "فيمن", "في + من, not ف + يمن");
        assert_eq!(base("واليمن"), "يمن");
        assert_eq!(base("بالقاهره"), "قاهره");
        assert_eq!(base("القاهره"), "قاهره");
        assert_eq!(base("المانيا"), "المانيا", "ألمانيا has no article");
        assert_eq!(base("بالمانيا"), "المانيا");
        assert_eq!(base("للجنه"), "لجنه", "ل + اللجنة, the committee");
        assert_eq!(base("بلديه"), "بلديه", "not ب + لديه");
        assert_eq!(base("لبنان"), "لبنان");
        assert_eq!(base("بدمج"), "دمج");
        assert_eq!(base("بيونغ"), "بيونغ", "a name is not ب + a rarer name");
        assert_eq!(base("لشءون"), "شءون", "ل before a construct");
    }

    #[test]
    fn families_never_cross_into_another_word() {
        let r = read(&corpus());
        let fam = |w: &str| r[w].1.as_str();
        assert_ne!(fam("وزاره"), fam("زار"));
        assert_ne!(fam("وزاره"), fam("زاره"));
        assert_ne!(fam("البحرين"), fam("البحر"), "no -ون form: not a plural");
        assert_ne!(fam("طالبان"), fam("طالب"));
        assert_ne!(fam("رياضه"), fam("الرياض"));
        assert_ne!(fam("الرياضي"), fam("الرياض"));
        assert_eq!(fam("المواطنين"), fam("مواطن"));
        assert_eq!(fam("المواطنون"), fam("مواطن"));
    }

    #[test]
    fn paradigms() {
        use super::super::spec::paradigm;
        let all = |_: &str| true;
        let none = |_: &str| false;
        let p = |w: &str| paradigm(w, &all);
        assert_eq!(p("سعوديه"), "سعودي");
        assert_eq!(p("سعوديين"), "سعودي");
        assert_eq!(p("سعودي"), "سعودي");
        assert_eq!(p("روسيا"), "روسي");
        assert_eq!(p("حوثيين"), "حوثي");
        assert_eq!(p("وزارات"), "وزاره");
        assert_eq!(p("وزاره"), "وزاره");
        assert_eq!(p("عليه"), "عليه", "على + ه, not a nisba");
        assert_eq!(p("علي"), "علي");
        assert_eq!(p("مستشفيات"), p("مستشفي"));
        assert_eq!(p("عشرين"), "عشرين");
        assert_eq!(paradigm("مواطنين", &none), "مواطنين", "a plural needs its singular in the archive");
        assert_eq!(p("iphone"), "iphone");
    }
}
