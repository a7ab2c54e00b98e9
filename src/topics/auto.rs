//! Automatic keywords: existing tags found in an article's text, and new
//! phrases scored across the whole archive for articles with few tags.

use super::text::{article_doc_into, Doc, HashMapU64, HashSetU64, Phrases, Prefilter, Token, MAX_WORDS};
use crate::arabic::strip_diacritics;
use crate::content::Article;
use rayon::prelude::*;

/// An article with fewer own tags than this gets automatic keywords from its
/// body; others only take existing tags named in their title.
pub const THIN: usize = 3;

/// What the archive's explicit tags look like, for matching text.
pub struct Index<'a> {
    /// Phrase hash → group, for every spelling of every non-role group.
    pub patterns: &'a HashMapU64<u32>,
    /// One word of a multi-word name (`كيم` of `كيم جونغ أون`) → groups:
    /// counts as a mention once the full name occurs in the same article.
    pub partials: &'a HashMapU64<Vec<u32>>,
    /// Articles that carry each group explicitly.
    pub support: &'a [usize],
    pub ban: &'a HashSetU64,
}

/// Automatic keywords per article.
#[derive(Debug, Default)]
pub struct Auto {
    /// Existing groups joined, best first.
    pub existing: Vec<Vec<u32>>,
    /// New phrases: (phrase hash, spelling as written), best first.
    pub new: Vec<Vec<(u64, String)>>,
}

#[derive(Default, Clone, Copy)]
struct Hits {
    title: usize,
    body: usize,
    partial_title: usize,
    partial_body: usize,
    first: usize,
    /// Matched as a phrase of two words or more: one mention is enough.
    multi: bool,
}

/// Buffers of one worker thread, reused from article to article.
#[derive(Default)]
struct Scratch {
    doc: Doc,
    phrases: Phrases,
    covered: Vec<bool>,
    /// Candidate phrase hash → index in the candidate list.
    seen: HashMapU64<usize>,
}

/// Existing groups mentioned in a document; marks the words they cover.
fn match_existing(
    doc: &Doc,
    phrases: &Phrases,
    idx: &Index,
    known: &Prefilter,
    covered: &mut Vec<bool>,
) -> Vec<(u32, Hits)> {
    covered.clear();
    covered.resize(doc.tokens.len(), false);
    // A handful of groups per article: a list, sorted at the end.
    let mut hits: Vec<(u32, Hits)> = Vec::new();
    let mut singles: Vec<(usize, u64)> = Vec::new();
    phrases.for_each(|i, j, h| {
        if !known.may_contain(h) {
            return;
        }
        if let Some(&g) = idx.patterns.get(&h) {
            let e = match hits.iter().position(|x| x.0 == g) {
                Some(k) => &mut hits[k].1,
                None => {
                    hits.push((g, Hits { first: i, ..Hits::default() }));
                    &mut hits.last_mut().expect("just pushed").1
                }
            };
            e.multi |= j - i >= 2;
            if i < doc.title_end {
                e.title += 1;
            } else {
                e.body += 1;
            }
            covered[i..j].iter_mut().for_each(|c| *c = true);
        } else if j == i + 1 && idx.partials.contains_key(&h) {
            singles.push((i, h));
        }
    });
    for (i, h) in singles {
        if covered[i] {
            continue;
        }
        for g in &idx.partials[&h] {
            if let Some((_, e)) = hits.iter_mut().find(|x| x.0 == *g) {
                if i < doc.title_end {
                    e.partial_title += 1;
                } else {
                    e.partial_body += 1;
                }
            }
        }
    }
    hits.sort_by_key(|x| x.0);
    hits
}

/// A new keyword candidate in one article. Its words and spelling are read
/// from the article's document when needed: only a few candidates are
/// chosen, so they are not copied out for all.
/// (Indices are `u32`: an archive holds a hundred thousand candidates.)
struct Cand {
    hash: u64,
    /// Hash of the first word.
    start: u64,
    tf: u32,
    /// Token range of the first occurrence.
    first: (u32, u32),
    /// Index among the article's phrases, for [`Candidates::repeats`].
    id: u32,
    title: bool,
    /// Every word starts without the article: looks like a name.
    name_like: bool,
}

impl Cand {
    fn words<'d>(&self, doc: &'d Doc) -> &'d [Token] {
        &doc.tokens[self.first.0 as usize..self.first.1 as usize]
    }

    fn len(&self) -> usize {
        (self.first.1 - self.first.0) as usize
    }
}

/// The new keyword candidates of one thin article.
#[derive(Default)]
struct Candidates {
    /// In order of first occurrence.
    list: Vec<Cand>,
    /// Every later occurrence, in text order: (candidate id, token range).
    /// One list per article, not one per candidate.
    repeats: Vec<(u32, (u32, u32))>,
}

impl Candidates {
    /// Token ranges where `c` occurs, in text order.
    fn occurrences(&self, c: &Cand) -> Vec<(usize, usize)> {
        let later = self.repeats.iter().filter(|r| r.0 == c.id).map(|r| r.1);
        std::iter::once(c.first).chain(later).map(|(i, j)| (i as usize, j as usize)).collect()
    }
}

/// Phrases of a thin article that could become new tags.
fn candidates(doc: &Doc, phrases: &Phrases, idx: &Index, covered: &[bool], seen: &mut HashMapU64<usize>) -> Candidates {
    seen.clear();
    let mut out = Candidates::default();
    phrases.for_each(|i, j, h| {
        let t = &doc.tokens;
        if t[i].stop || t[j - 1].stop || covered[i..j].iter().any(|&c| c) {
            return;
        }
        if j == i + 1 && doc.match_key(&t[i]).chars().count() < 3 {
            return;
        }
        // (A phrase that is a pattern was covered by `match_existing`.)
        if !idx.ban.is_empty() && idx.ban.contains(&h) {
            return;
        }
        let list = &mut out.list;
        let range = (i as u32, j as u32);
        let k = *seen.entry(h).or_insert_with(|| {
            let (start, name_like) = (t[i].h, t[i..j].iter().all(|t| t.bare));
            let id = list.len() as u32;
            list.push(Cand { hash: h, start, tf: 0, first: range, id, title: false, name_like });
            list.len() - 1
        });
        let e = &mut list[k];
        e.tf += 1;
        e.title |= i < doc.title_end;
        if e.tf > 1 {
            out.repeats.push((k as u32, range));
        }
    });
    out.list.retain(|c| c.tf >= 2 || c.title);
    // Kept until the last pass: no spare capacity.
    out.list.shrink_to_fit();
    out.repeats.shrink_to_fit();
    out
}

/// The most frequent way a phrase is written in the article (diacritics
/// removed, spaces folded); ties go to the shorter, then the first.
fn best_spelling(a: &Article, doc: &Doc, occ: &[(usize, usize)]) -> String {
    // Occurrences are mostly written alike: count each text as written,
    // then clean each distinct one once. (Written texts come in order of
    // first occurrence, so each spelling keeps its first occurrence.)
    let mut written: Vec<(&str, usize, usize)> = Vec::new();
    for (n, &(i, j)) in occ.iter().enumerate() {
        let text = if i < doc.title_end { a.title.as_str() } else { a.body.as_str() };
        let raw = &text[doc.tokens[i].start as usize..doc.tokens[j - 1].end as usize];
        match written.iter_mut().find(|w| w.0 == raw) {
            Some(w) => w.1 += 1,
            None => written.push((raw, 1, n)),
        }
    }
    let mut counts: Vec<(String, usize, usize)> = Vec::new();
    for (raw, k, n) in written {
        let s = strip_diacritics(&raw.split_whitespace().collect::<Vec<_>>().join(" "));
        match counts.iter_mut().find(|c| c.0 == s) {
            Some(c) => c.1 += k,
            None => counts.push((s, k, n)),
        }
    }
    counts.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.chars().count().cmp(&y.0.chars().count())).then(x.2.cmp(&y.2)));
    counts.swap_remove(0).0
}

/// Picks the automatic keywords of every article. `own[a]`: the groups
/// article `a` carries explicitly.
pub fn assign(articles: &[Article], own: &[Vec<u32>], idx: &Index, auto_tags: usize) -> Auto {
    let n = articles.len();
    if auto_tags == 0 {
        return Auto { existing: vec![Vec::new(); n], new: vec![Vec::new(); n] };
    }
    // Pass 1: thin articles read whole; the others by their title.
    let known = Prefilter::new(idx.patterns.keys().chain(idx.partials.keys()).copied());
    let pass1: Vec<(Vec<u32>, Candidates, Option<Doc>)> = articles
        .par_iter()
        .zip(own.par_iter())
        .map_init(Scratch::default, |scratch, (a, own)| {
            let thin = own.len() < THIN;
            let Scratch { doc, phrases, covered, seen } = scratch;
            article_doc_into(doc, &a.title, thin.then_some(a.body.as_str()));
            phrases.of(doc);
            let hits = match_existing(doc, phrases, idx, &known, covered);
            let mut picks: Vec<(u32, usize, usize, usize)> = hits
                .iter()
                .filter(|(g, _)| !own.contains(g))
                .filter_map(|&(g, h)| {
                    let full = h.title + h.body;
                    let title = h.title + if full > 0 { h.partial_title } else { 0 };
                    let body = h.body + if full > 0 { h.partial_body } else { 0 };
                    let enough = if h.multi { 1 } else { 2 };
                    if title > 0 || (thin && body >= enough) {
                        Some((g, 3 * title + body.min(8), idx.support[g as usize], h.first))
                    } else {
                        None
                    }
                })
                .collect();
            picks.sort_by(|x, y| y.1.cmp(&x.1).then(y.2.cmp(&x.2)).then(x.3.cmp(&y.3)).then(x.0.cmp(&y.0)));
            picks.truncate(auto_tags);
            let existing: Vec<u32> = picks.into_iter().map(|p| p.0).collect();
            let cands = if thin && existing.len() < auto_tags {
                candidates(doc, phrases, idx, covered, seen)
            } else {
                Candidates::default()
            };
            // Later passes read thin articles again: keep an exact-size copy.
            (existing, cands, thin.then(|| doc.clone()))
        })
        .collect();
    let mut existing = Vec::with_capacity(n);
    let mut cands = Vec::with_capacity(n);
    let mut docs = Vec::with_capacity(n);
    for (e, c, d) in pass1 {
        existing.push(e);
        cands.push(c);
        docs.push(d);
    }

    // Pass 2: in how many thin articles does each candidate occur? Only
    // thin articles can join a new phrase's tag, so they are the archive
    // that counts for it (and a sample of the whole for rarity).
    let wanted: HashSetU64 = cands.iter().flat_map(|c| &c.list).map(|c| c.hash).collect();
    let starts: HashSetU64 = cands.iter().flat_map(|c| &c.list).map(|c| c.start).collect();
    let thin_count = docs.iter().flatten().count();
    let df: HashMapU64<usize> = if wanted.is_empty() {
        HashMapU64::default()
    } else {
        let maybe_wanted = Prefilter::new(wanted.iter().copied());
        // Each worker counts into its own map: phrase → (articles it occurs
        // in, the last article that counted it); the maps are then summed.
        docs.par_iter()
            .enumerate()
            .filter_map(|(a, doc)| Some((a, doc.as_ref()?)))
            .fold(
                || (Phrases::default(), HashMapU64::<(usize, usize)>::default()),
                |(mut phrases, mut counts), (a, doc)| {
                    phrases.of(doc);
                    phrases.for_each_from(
                        |i| starts.contains(&doc.tokens[i].h),
                        |_, _, h| {
                            if maybe_wanted.may_contain(h) && wanted.contains(&h) {
                                let e = counts.entry(h).or_insert((0, usize::MAX));
                                if e.1 != a {
                                    *e = (e.0 + 1, a);
                                }
                            }
                        },
                    );
                    (phrases, counts)
                },
            )
            .map(|(_, counts)| counts.into_iter().map(|(h, (n, _))| (h, n)).collect::<HashMapU64<usize>>())
            .reduce(HashMapU64::default, |mut total, part| {
                for (h, n) in part {
                    *total.entry(h).or_insert(0) += n;
                }
                total
            })
    };
    // Pass 3: score and pick.
    let new = (cands, &existing, &docs, articles)
        .into_par_iter()
        .map(|(cands, existing, doc, a)| match doc {
            Some(doc) if !cands.list.is_empty() => pick_new(cands, auto_tags - existing.len(), &df, thin_count, a, doc),
            _ => Vec::new(),
        })
        .collect();
    Auto { existing, new }
}

fn pick_new(
    cands: Candidates,
    slots: usize,
    df: &HashMapU64<usize>,
    n: usize,
    a: &Article,
    doc: &Doc,
) -> Vec<(u64, String)> {
    let mut scored: Vec<(f64, &Cand)> = cands
        .list
        .iter()
        .filter_map(|c| {
            let d = df.get(&c.hash).copied().unwrap_or(1);
            if d < 2 {
                return None; // a phrase of one article does not group anything
            }
            let idf = (1.0 + n as f64 / d as f64).ln();
            let tf = c.tf.min(5) as f64 + if c.title { 3.0 } else { 0.0 };
            let words = c.len();
            let length = 1.0 + 0.5 * (words.min(MAX_WORDS) - 1) as f64;
            let name = if words >= 2 && c.name_like {
                1.5
            } else if words == 1 && !c.name_like {
                0.6
            } else {
                1.0
            };
            Some((tf * idf * length * name, c))
        })
        .collect();
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.hash.cmp(&y.1.hash)));
    let mut chosen: Vec<&Cand> = Vec::new();
    for (_, c) in scored {
        if chosen.len() >= slots {
            break;
        }
        let overlaps = |k: &&Cand| k.words(doc).iter().any(|t| c.words(doc).iter().any(|u| u.h == t.h));
        if chosen.iter().any(overlaps) {
            continue;
        }
        chosen.push(c);
    }
    chosen.into_iter().map(|c| (c.hash, best_spelling(a, doc, &cands.occurrences(c)))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topics::text::{article_doc, phrase_hash};

    fn article(title: &str, body: &str) -> Article {
        crate::content::parse_article("content/articles/a.md", &format!("+++\ntitle = \"{title}\"\n+++\n{body}"))
            .unwrap()
    }

    /// The spelling choice as it was written first: each occurrence
    /// cleaned and counted on its own.
    fn best_spelling_one_by_one(a: &Article, doc: &Doc, occ: &[(usize, usize)]) -> String {
        let mut counts: Vec<(String, usize, usize)> = Vec::new();
        for (n, &(i, j)) in occ.iter().enumerate() {
            let text = if i < doc.title_end { a.title.as_str() } else { a.body.as_str() };
            let raw = &text[doc.tokens[i].start as usize..doc.tokens[j - 1].end as usize];
            let s = strip_diacritics(&raw.split_whitespace().collect::<Vec<_>>().join(" "));
            match counts.iter_mut().find(|c| c.0 == s) {
                Some(c) => c.1 += 1,
                None => counts.push((s, 1, n)),
            }
        }
        counts.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.chars().count().cmp(&y.0.chars().count())).then(x.2.cmp(&y.2)));
        counts.swap_remove(0).0
    }

    #[test]
    fn spelling_counts_texts_written_differently_as_one() {
        let cases = [
            ("كيم جونج أون", "زار كيم جونغ أون روسيا. قال كيمُ جونغ أون. التقى كيم  جونغ أون و كيم جونج أون."),
            ("خبر", "كيم جونغ-أون وصل. كيم جونج أون غادر. كيم جونج-أون عاد. كيمٌ جونغ-أون."),
            ("خبر", "كيم جونج أون. كيم جونغ أون."),
        ];
        let target = phrase_hash("كيم جونج أون").unwrap();
        for (title, body) in cases {
            let a = article(title, body);
            let doc = article_doc(&a.title, Some(&a.body));
            let mut occ = Vec::new();
            doc.for_each_phrase(|i, j, h| {
                if h == target {
                    occ.push((i, j));
                }
            });
            assert!(occ.len() >= 2, "{body}");
            assert_eq!(best_spelling(&a, &doc, &occ), best_spelling_one_by_one(&a, &doc, &occ), "{body}");
        }
    }
}
