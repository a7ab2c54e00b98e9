//! Where articles name the subjects: every spelling of every subject looked
//! up in every title and body, with any attached prefix.
//!
//! Words are compared on their matching keys ([`super::lexicon`]), so
//! `وبالرياض` names `الرياض` and `جونج` names `جونغ`; the first word of a
//! spelling may also match a word's other reading (`بعيد الفطر`). Then:
//! - a subject is not named inside a longer subject that *starts* with it
//!   (`الاتحاد` in `الاتحاد الأوروبي`, `الهلال` in `الهلال الأحمر`), nor
//!   anywhere inside a known or keyword-line subject (`مدريد` in `ريال
//!   مدريد`, `السودان` in `جنوب السودان`); it is inside a phrase found by
//!   statistics that ends with it (`عدن` in `مطار عدن`, `الإرهاب` in
//!   `مكافحة الإرهاب`);
//! - a person is not named inside the name of an institution or place
//!   named after them (`الملك فهد` in `مستشفى الملك فهد`, after a word
//!   such as `جامعة` or `مؤسسة`, with a title between or not);
//! - a name after `بن` is a father's name, not a mention of its bearer
//!   (`سلمان بن عبدالعزيز` in `محمد بن سلمان بن عبدالعزيز`);
//! - overlapping spellings of one subject count once (`الملك سلمان بن
//!   عبدالعزيز`);
//! - the family name of a multi-word name counts when the full name is in
//!   the same article (`الجبير` after `عادل الجبير`).

use super::lexicon::{class, extend_hash, keys_hash, Lexicon, Text, Texts, BREAK, HASH_SEED, NO_KEY};
use super::text::{HashMapU64, IdBuild, Prefilter};
use rayon::prelude::*;
use std::collections::HashMap;

/// What a subject is, for the rules on subjects inside others.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Kind {
    /// Known or from a keyword line: a unit that hides every subject
    /// inside it.
    pub curated: bool,
    /// A person (a spelling with a given name or a title).
    pub person: bool,
    /// An institution or place named by its head word (`مستشفى`).
    pub institution: bool,
}

/// Every spelling of every subject, ready to be looked up.
pub(super) struct Patterns {
    groups: HashMapU64<u32>,
    /// Every spelling's first words (one word, two, …): a phrase that is
    /// none of them is not extended further.
    starts: Prefilter,
    /// What each group is, for the rules on subjects inside others.
    kinds: Vec<Kind>,
    filter: Prefilter,
    max_words: usize,
    /// One word of a multi-word name (its family name, a foreign first
    /// name) → the subjects it names when their full name is in the
    /// article.
    partials: HashMap<u32, Vec<u32>, IdBuild>,
}

impl Patterns {
    /// `spellings`: (subject, its words' keys). `partials`: (subject, key
    /// of a word that names it after its full name). `kinds[g]`: what
    /// subject `g` is.
    pub(super) fn new(spellings: &[(u32, Vec<u32>)], partials: &[(u32, u32)], kinds: Vec<Kind>) -> Patterns {
        let mut groups = HashMapU64::default();
        for (g, keys) in spellings {
            if !keys.is_empty() {
                groups.entry(keys_hash(keys)).or_insert(*g);
            }
        }
        let max_words = spellings.iter().map(|s| s.1.len()).max().unwrap_or(0);
        let single: HashMapU64<()> =
            spellings.iter().filter(|s| s.1.len() == 1).map(|s| (keys_hash(&s.1), ())).collect();
        let mut by_key: HashMap<u32, Vec<u32>, IdBuild> = HashMap::default();
        for &(g, k) in partials {
            if !single.contains_key(&keys_hash(&[k])) {
                let v = by_key.entry(k).or_default();
                if !v.contains(&g) {
                    v.push(g);
                }
            }
        }
        let filter = Prefilter::new(groups.keys().copied());
        let mut starts: Vec<u64> =
            spellings.iter().flat_map(|(_, keys)| (1..keys.len()).map(move |n| keys_hash(&keys[..n]))).collect();
        starts.sort_unstable();
        starts.dedup();
        let starts = Prefilter::new(starts.iter().copied());
        Patterns { groups, starts, kinds, filter, max_words, partials: by_key }
    }

    fn lookup(&self, h: u64) -> Option<u32> {
        if self.filter.may_contain(h) {
            self.groups.get(&h).copied()
        } else {
            None
        }
    }
}

/// How one article names one subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Mention {
    pub group: u32,
    pub title: u32,
    pub body: u32,
    /// Its first occurrence: (position in the article's words, words).
    pub first: (u32, u8),
}

/// A match in one segment: start and end (word positions) and subject.
type Match = (usize, usize, u32);

/// The subjects each article names, by subject. Each article's are
/// copied out of one buffer per thread, so they take no room beyond them
/// (grown a push at a time they were 0.2 GB at a million articles, beside
/// every article's words). Held flat, they would be made twice over when
/// the runs made in parallel are put end to end.
pub(super) fn mentions(lexicon: &Lexicon, texts: &Texts, patterns: &Patterns) -> Vec<Vec<Mention>> {
    let is_patronym: Vec<bool> = lexicon.keys.iter().map(|k| matches!(&*k.text, "بن" | "بنت" | "ابن")).collect();
    texts
        .par_iter()
        .map_init(
            || (Vec::new(), Vec::new(), Vec::new()),
            |(matches, covered, found): &mut (Vec<Match>, Vec<bool>, Vec<Mention>), text| {
                found.clear();
                mentions_in(lexicon, text, patterns, &is_patronym, matches, covered, found);
                found.to_vec()
            },
        )
        .collect()
}

/// One text's mentions into `found` (empty before), by subject.
fn mentions_in(
    lexicon: &Lexicon,
    text: Text,
    patterns: &Patterns,
    is_patronym: &[bool],
    matches: &mut Vec<Match>,
    covered: &mut Vec<bool>,
    found: &mut Vec<Mention>,
) {
    covered.clear();
    covered.resize(text.ids.len(), false);
    let mut seg_start = 0;
    for i in 0..=text.ids.len() {
        if i < text.ids.len() && text.ids[i] != BREAK {
            continue;
        }
        let title = seg_start < text.title_len;
        segment(lexicon, text.ids, seg_start, i, patterns, is_patronym, matches);
        count(matches, title, found);
        for &(from, to, _) in matches.iter() {
            covered[from..to].iter_mut().for_each(|c| *c = true);
        }
        seg_start = i + 1;
    }
    partial_names(lexicon, text, patterns, covered, found);
    found.sort_by_key(|m| m.group);
}

/// The matches of one segment, `ids[from..to]`, after the rules of the
/// module comment, into `out`.
fn segment(
    lexicon: &Lexicon,
    ids: &[u32],
    from: usize,
    to: usize,
    patterns: &Patterns,
    is_patronym: &[bool],
    out: &mut Vec<Match>,
) {
    out.clear();
    let key = |i: usize| lexicon.words[ids[i] as usize].key;
    // Whether a person named at `i` is what a place or institution is named
    // after (`جامعة الملك سعود`, `مؤسسة الأمير محمد بن فهد`).
    let eponym = |i: usize| {
        let is = |j: usize, c: u32| lexicon.key(key(j)).is(c);
        (i > from && is(i - 1, class::INSTITUTION))
            || (i > from + 1 && is(i - 1, class::PERSON_TITLE) && is(i - 2, class::INSTITUTION))
    };
    for i in from..to {
        if i > from && is_patronym[key(i - 1) as usize] {
            continue;
        }
        let w = &lexicon.words[ids[i] as usize];
        for first in [w.key, w.alt] {
            if first == NO_KEY {
                continue;
            }
            let mut h = extend_hash(HASH_SEED, first);
            for j in i + 1..=(i + patterns.max_words).min(to) {
                if j > i + 1 {
                    h = extend_hash(h, key(j - 1));
                }
                if let Some(g) = patterns.lookup(h) {
                    let person = patterns.kinds.get(g as usize).is_some_and(|k| k.person);
                    if !(person && eponym(i)) {
                        out.push((i, j, g));
                    }
                }
                if !patterns.starts.may_contain(h) {
                    break;
                }
            }
        }
    }
    // A subject is not named at the start of a longer one, inside a
    // curated one, nor a person inside an institution.
    if out.len() > 1 {
        let all = out.clone();
        let kind = |g: u32| patterns.kinds.get(g as usize).copied().unwrap_or_default();
        out.retain(|&(i, j, g)| {
            !all.iter().any(|&(i2, j2, g2)| {
                let (inner, outer) = (kind(g), kind(g2));
                g2 != g
                    && i2 <= i
                    && j <= j2
                    && j2 - i2 > j - i
                    && (i2 == i || outer.curated || (outer.institution && inner.person))
            })
        });
    }
    out.sort_unstable_by_key(|&(i, j, g)| (g, i, j));
    out.dedup();
}

/// Adds a segment's matches to the article's mentions: overlapping matches
/// of one subject count once.
fn count(matches: &[Match], title: bool, found: &mut Vec<Mention>) {
    let mut k = 0;
    while k < matches.len() {
        let g = matches[k].2;
        let (mut end, mut n) = (0, 0);
        let first = (matches[k].0 as u32, (matches[k].1 - matches[k].0) as u8);
        while k < matches.len() && matches[k].2 == g {
            let (i, j, _) = matches[k];
            if n == 0 || i >= end {
                n += 1;
            }
            end = end.max(j);
            k += 1;
        }
        let m = match found.iter_mut().find(|m| m.group == g) {
            Some(m) => m,
            None => {
                found.push(Mention { group: g, title: 0, body: 0, first });
                found.last_mut().expect("just pushed")
            }
        };
        if title {
            m.title += n;
        } else {
            m.body += n;
        }
    }
}

/// Counts the family names of multi-word names whose full name the article
/// has, where no match covers them (`covered[i]`: word `i` is in one).
fn partial_names(lexicon: &Lexicon, text: Text, patterns: &Patterns, covered: &[bool], found: &mut [Mention]) {
    if patterns.partials.is_empty() || found.is_empty() {
        return;
    }
    for (i, &w) in text.ids.iter().enumerate() {
        if w == BREAK || covered[i] {
            continue;
        }
        let Some(groups) = patterns.partials.get(&lexicon.words[w as usize].key) else { continue };
        for g in groups {
            if let Some(m) = found.iter_mut().find(|m| m.group == *g) {
                if i < text.title_len {
                    m.title += 1;
                } else {
                    m.body += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::TopicsConfig;
    use crate::content::Article;
    use crate::topics::knowledge::Knowledge;

    fn article(title: &str, body: &str) -> Article {
        crate::content::parse_article("content/articles/a.md", &format!("+++\ntitle = \"{title}\"\n+++\n{body}"))
            .unwrap()
    }

    /// (subject index, title, body) per article, for subjects spelled so.
    fn run(articles: &[Article], subjects: &[&[&str]], partial: &[(u32, &str)]) -> Vec<Vec<(u32, u32, u32)>> {
        run_curated(articles, subjects, partial, vec![false; subjects.len()])
    }

    /// [`run`] with `curated[g]` for each subject.
    fn run_curated(
        articles: &[Article],
        subjects: &[&[&str]],
        partial: &[(u32, &str)],
        curated: Vec<bool>,
    ) -> Vec<Vec<(u32, u32, u32)>> {
        run_kinds(
            articles,
            subjects,
            partial,
            curated.into_iter().map(|curated| Kind { curated, ..Kind::default() }).collect(),
        )
    }

    /// [`run`] with the kind of each subject.
    fn run_kinds(
        articles: &[Article],
        subjects: &[&[&str]],
        partial: &[(u32, &str)],
        kinds: Vec<Kind>,
    ) -> Vec<Vec<(u32, u32, u32)>> {
        let k = Knowledge::new(&TopicsConfig::default());
        let strings: Vec<&str> = subjects.iter().flat_map(|s| s.iter().copied()).collect();
        let (vocabulary, texts) = crate::topics::lexicon::read(articles, strings.into_iter());
        let lx = Lexicon::build(&vocabulary, &k.classes, 1);
        let spellings: Vec<(u32, Vec<u32>)> = subjects
            .iter()
            .enumerate()
            .flat_map(|(g, s)| s.iter().map(move |sp| (g as u32, sp)))
            .map(|(g, sp)| (g, lx.phrase(sp).unwrap()))
            .collect();
        let partials: Vec<(u32, u32)> = partial.iter().map(|&(g, w)| (g, lx.phrase(w).unwrap()[0])).collect();
        let p = Patterns::new(&spellings, &partials, kinds);
        mentions(&lx, &texts, &p).into_iter().map(|v| v.iter().map(|m| (m.group, m.title, m.body)).collect()).collect()
    }

    #[test]
    fn prefixes_and_spellings() {
        let a = vec![article("زيارة إلى جدة", "وصل بجدة، ثم لجدة وجدة. والرياض")];
        let r = run(&a, &[&["جدة"], &["الرياض"]], &[]);
        assert_eq!(r[0], vec![(0, 1, 3), (1, 0, 1)]);
    }

    #[test]
    fn longer_subjects_that_start_with_a_name_hide_it() {
        let a = vec![article("الهلال يفوز", "الهلال الأحمر ينقذ. الاتحاد الأوروبي. مطار عدن. ريال مدريد")];
        let subjects: &[&[&str]] =
            &[&["الهلال"], &["الهلال الأحمر"], &["الاتحاد"], &["الاتحاد الأوروبي"], &["عدن"], &["مطار عدن"]];
        let r = run(&a, subjects, &[]);
        assert_eq!(r[0], vec![(0, 1, 0), (1, 0, 1), (3, 0, 1), (4, 0, 1), (5, 0, 1)], "مطار عدن is not curated");
        let r = run_curated(&a, &[&["مدريد"], &["ريال مدريد"]], &[], vec![true, true]);
        assert_eq!(r[0], vec![(1, 0, 1)], "a curated subject hides the one it ends with");
    }

    #[test]
    fn a_person_is_not_named_by_what_bears_their_name() {
        let a =
            vec![article("خبر", "افتتاح قسم في مستشفى الملك فهد. مطار عدن. مؤسسة الأمير محمد بن فهد. وزار محمد بن فهد")];
        let person = Kind { person: true, ..Kind::default() };
        let institution = Kind { institution: true, ..Kind::default() };
        let kinds = vec![person, institution, Kind::default(), institution, person];
        let subjects: &[&[&str]] = &[&["الملك فهد"], &["مستشفى الملك فهد"], &["عدن"], &["مطار عدن"], &["محمد بن فهد"]];
        let r = run_kinds(&a, subjects, &[], kinds);
        assert_eq!(r[0], vec![(1, 0, 1), (2, 0, 1), (3, 0, 1), (4, 0, 1)], "a place inside one is still named");
    }

    #[test]
    fn fathers_names_and_one_person_spelled_two_ways() {
        let a = vec![article("خبر", "الأمير محمد بن سلمان بن عبدالعزيز. الملك سلمان بن عبدالعزيز. الملك سلمان")];
        let r = run(&a, &[&["الملك سلمان", "سلمان بن عبدالعزيز"], &["محمد بن سلمان"]], &[]);
        assert_eq!(r[0], vec![(0, 0, 2), (1, 0, 1)]);
    }

    #[test]
    fn a_family_name_counts_after_the_full_name() {
        let a =
            vec![article("عادل الجبير في لندن", "قال الجبير إن… وأضاف الجبير"), article("خبر", "الجبير الجبير الجبير")];
        let r = run(&a, &[&["عادل الجبير"]], &[(0, "الجبير")]);
        assert_eq!(r[0], vec![(0, 1, 2)]);
        assert!(r[1].is_empty(), "without the full name the family name alone is not counted");
    }
}
