//! Automatic keywords: existing tags found in an article's text, and new
//! phrases scored across the whole archive for articles with few tags.

use super::text::{article_doc, Doc, HashMapU64, HashSetU64, MAX_WORDS};
use crate::arabic::strip_diacritics;
use crate::content::Article;
use rayon::prelude::*;
use std::collections::HashMap;

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

/// Existing groups mentioned in a document; marks the words they cover.
fn match_existing(doc: &Doc, idx: &Index, covered: &mut Vec<bool>) -> Vec<(u32, Hits)> {
    covered.clear();
    covered.resize(doc.tokens.len(), false);
    let mut hits: HashMap<u32, Hits> = HashMap::new();
    let mut singles: Vec<(usize, u64)> = Vec::new();
    doc.for_each_phrase(|i, j, h| {
        if let Some(&g) = idx.patterns.get(&h) {
            let e = hits.entry(g).or_insert(Hits { first: i, ..Hits::default() });
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
            if let Some(e) = hits.get_mut(g) {
                if i < doc.title_end {
                    e.partial_title += 1;
                } else {
                    e.partial_body += 1;
                }
            }
        }
    }
    let mut v: Vec<(u32, Hits)> = hits.into_iter().collect();
    v.sort_by_key(|x| x.0);
    v
}

/// A new keyword candidate in one article.
struct Cand {
    hash: u64,
    tf: usize,
    title: bool,
    words: usize,
    name_like: bool,
    bare_single: bool,
    token_hashes: Vec<u64>,
    spelling: String,
}

/// Phrases of a thin article that could become new tags.
fn candidates(a: &Article, doc: &Doc, idx: &Index, covered: &[bool]) -> Vec<Cand> {
    struct Acc {
        tf: usize,
        title: bool,
        /// Where it occurs; allocated from the second occurrence on.
        first: (usize, usize),
        more: Vec<(usize, usize)>,
    }
    let mut acc: HashMapU64<Acc> = HashMapU64::default();
    let mut order: Vec<u64> = Vec::new();
    doc.for_each_phrase(|i, j, h| {
        let t = &doc.tokens;
        if t[i].stop || t[j - 1].stop || covered[i..j].iter().any(|&c| c) {
            return;
        }
        if j == i + 1 && doc.match_key(&t[i]).chars().count() < 3 {
            return;
        }
        if idx.patterns.contains_key(&h) || idx.ban.contains(&h) {
            return;
        }
        let e = acc.entry(h).or_insert_with(|| {
            order.push(h);
            Acc { tf: 0, title: false, first: (i, j), more: Vec::new() }
        });
        e.tf += 1;
        e.title |= i < doc.title_end;
        if e.tf > 1 {
            e.more.push((i, j));
        }
    });
    let mut out = Vec::new();
    for h in order {
        let e = &acc[&h];
        if e.tf < 2 && !e.title {
            continue;
        }
        let (i, j) = e.first;
        let mut occurrences = vec![e.first];
        occurrences.extend_from_slice(&e.more);
        let toks = &doc.tokens[i..j];
        out.push(Cand {
            hash: h,
            tf: e.tf,
            title: e.title,
            words: j - i,
            name_like: toks.iter().all(|t| t.bare),
            bare_single: j == i + 1 && toks[0].bare,
            token_hashes: toks.iter().map(|t| t.h).collect(),
            spelling: best_spelling(a, doc, &occurrences),
        });
    }
    out
}

/// The most frequent way a phrase is written in the article (diacritics
/// removed, spaces folded); ties go to the shorter, then the first.
fn best_spelling(a: &Article, doc: &Doc, occ: &[(usize, usize)]) -> String {
    let mut counts: Vec<(String, usize, usize)> = Vec::new();
    for (n, &(i, j)) in occ.iter().enumerate() {
        let text = if i < doc.title_end { a.title.as_str() } else { a.body.as_str() };
        let raw = &text[doc.tokens[i].start..doc.tokens[j - 1].end];
        let s = strip_diacritics(&raw.split_whitespace().collect::<Vec<_>>().join(" "));
        match counts.iter_mut().find(|c| c.0 == s) {
            Some(c) => c.1 += 1,
            None => counts.push((s, 1, n)),
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
    let pass1: Vec<(Vec<u32>, Vec<Cand>, Option<Doc>)> = articles
        .par_iter()
        .zip(own.par_iter())
        .map(|(a, own)| {
            let thin = own.len() < THIN;
            let doc = article_doc(&a.title, thin.then_some(a.body.as_str()));
            let mut covered = Vec::new();
            let hits = match_existing(&doc, idx, &mut covered);
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
            let cands =
                if thin && existing.len() < auto_tags { candidates(a, &doc, idx, &covered) } else { Vec::new() };
            (existing, cands, thin.then_some(doc))
        })
        .collect();
    let mut existing = Vec::with_capacity(n);
    let mut cands = Vec::with_capacity(n);
    let mut docs = Vec::new();
    for (e, c, d) in pass1 {
        existing.push(e);
        cands.push(c);
        docs.extend(d);
    }

    // Pass 2: in how many thin articles does each candidate occur? Only
    // thin articles can join a new phrase's tag, so they are the archive
    // that counts for it (and a sample of the whole for rarity).
    let wanted: HashSetU64 = cands.iter().flatten().map(|c| c.hash).collect();
    let starts: HashSetU64 = cands.iter().flatten().map(|c| c.token_hashes[0]).collect();
    let thin_count = docs.len();
    let df: HashMapU64<usize> = if wanted.is_empty() {
        HashMapU64::default()
    } else {
        let per_article: Vec<Vec<u64>> = docs
            .par_iter()
            .map(|doc| {
                let mut found = Vec::new();
                doc.for_each_phrase_from(
                    |h1| starts.contains(&h1),
                    |_, _, h| {
                        if wanted.contains(&h) {
                            found.push(h);
                        }
                    },
                );
                found.sort_unstable();
                found.dedup();
                found
            })
            .collect();
        let mut df = HashMapU64::default();
        for h in per_article.into_iter().flatten() {
            *df.entry(h).or_insert(0) += 1;
        }
        df
    };

    // Pass 3: score and pick.
    let new = cands
        .into_iter()
        .zip(&existing)
        .map(|(cands, existing)| pick_new(cands, auto_tags - existing.len(), &df, thin_count))
        .collect();
    Auto { existing, new }
}

fn pick_new(cands: Vec<Cand>, slots: usize, df: &HashMapU64<usize>, n: usize) -> Vec<(u64, String)> {
    let mut scored: Vec<(f64, Cand)> = cands
        .into_iter()
        .filter_map(|c| {
            let d = df.get(&c.hash).copied().unwrap_or(1);
            if d < 2 {
                return None; // a phrase of one article does not group anything
            }
            let idf = (1.0 + n as f64 / d as f64).ln();
            let tf = c.tf.min(5) as f64 + if c.title { 3.0 } else { 0.0 };
            let length = 1.0 + 0.5 * (c.words.min(MAX_WORDS) - 1) as f64;
            let name = if c.words >= 2 && c.name_like {
                1.5
            } else if c.words == 1 && !c.bare_single {
                0.6
            } else {
                1.0
            };
            Some((tf * idf * length * name, c))
        })
        .collect();
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.hash.cmp(&y.1.hash)));
    let mut chosen: Vec<Cand> = Vec::new();
    for (_, c) in scored {
        if chosen.len() >= slots {
            break;
        }
        if chosen.iter().any(|k| k.token_hashes.iter().any(|t| c.token_hashes.contains(t))) {
            continue;
        }
        chosen.push(c);
    }
    chosen.into_iter().map(|c| (c.hash, c.spelling)).collect()
}
