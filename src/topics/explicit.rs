//! Keyword lines: the tags an article's front matter gives it, reduced to
//! the names they are about (`الرئيس الروسي فلاديمير بوتين` → `فلاديمير
//! بوتين` → `بوتين` when that is a tag elsewhere).

use super::names;
use super::text::{phrase_hash, HashSetU64};
use crate::content::Article;
use rayon::prelude::*;
use std::collections::HashMap;

/// An explicit tag of one article, reduced to the name it is about.
pub(super) struct Entry<'a> {
    pub name: &'a str,
    pub original: &'a str,
    pub hash: u64,
    pub role_only: bool,
}

/// What a tag spelling reduces to (see [`TagTable`]).
pub(super) struct Reduced {
    pub name: String,
    pub hash: u64,
    /// Only a title or office (`الزعيم الكوري الشمالي`): kept as a tag,
    /// never looked for in text.
    pub role_only: bool,
}

/// The archive's distinct explicit tag spellings, each reduced to its name.
///
/// Tags repeat across an archive (300 spellings on 10,000 articles), so each
/// distinct spelling is reduced and joined once, and [`Entry`]s borrow the
/// results instead of owning copies.
pub(super) struct TagTable {
    /// Per distinct spelling, in order of first use: what it reduces to
    /// (`None`: banned or empty).
    pub reduced: Vec<Option<Reduced>>,
    /// Every article's tags in order, as indices into `reduced`.
    ids: Vec<u32>,
}

impl TagTable {
    pub(super) fn new(articles: &[Article], ban: &HashSetU64) -> TagTable {
        // Looking up 40,000 tags waits on memory more than it computes, so
        // chunks of the archive are indexed in parallel, then merged in
        // order (which keeps the order of first use).
        let chunks: Vec<(Vec<&str>, Vec<u32>)> = articles
            .par_chunks(1024)
            .map(|chunk| {
                let mut distinct = Vec::new();
                let ids = index_spellings(chunk.iter().flat_map(|a| &a.tags).map(String::as_str), &mut distinct);
                (distinct, ids)
            })
            .collect();
        let mut distinct: Vec<&str> = Vec::new();
        let mut ids = Vec::with_capacity(chunks.iter().map(|c| c.1.len()).sum());
        for (local, local_ids) in &chunks {
            let global = index_spellings(local.iter().copied(), &mut distinct);
            ids.extend(local_ids.iter().map(|&i| global[i as usize]));
        }
        let mut reduced: Vec<Option<Reduced>> = distinct.iter().map(|t| reduce(t, ban)).collect();
        // A reduced name whose last words are a tag elsewhere joins that tag
        // (`فلاديمير بوتين` → `بوتين`).
        let direct: HashSetU64 = reduced.iter().flatten().filter(|r| !r.role_only).map(|r| r.hash).collect();
        let mut joined: HashMap<String, Option<(String, u64)>> = HashMap::new();
        for (r, t) in reduced.iter_mut().zip(&distinct) {
            let Some(r) = r.as_mut().filter(|r| r.name != *t) else { continue };
            let j = joined.entry(r.name.clone()).or_insert_with(|| {
                let words: Vec<&str> = r.name.split_whitespace().collect();
                (1..words.len()).find_map(|k| {
                    let suffix = words[k..].join(" ");
                    if !names::is_name_like(&suffix) {
                        return None;
                    }
                    phrase_hash(&suffix).filter(|h| direct.contains(h) && !ban.contains(h)).map(|h| (suffix, h))
                })
            });
            if let Some((name, h)) = j {
                r.name = name.clone();
                r.hash = *h;
                r.role_only = false;
            }
        }
        TagTable { reduced, ids }
    }

    /// Explicit tags per article, banned ones removed, each reduced to its
    /// name.
    pub(super) fn entries<'a>(&'a self, articles: &'a [Article]) -> Vec<Vec<Entry<'a>>> {
        let mut ids = self.ids.iter();
        articles
            .iter()
            .map(|a| {
                a.tags
                    .iter()
                    .zip(ids.by_ref())
                    .filter_map(|(t, &id)| {
                        let r = self.reduced[id as usize].as_ref()?;
                        Some(Entry { name: &r.name, original: t, hash: r.hash, role_only: r.role_only })
                    })
                    .collect()
            })
            .collect()
    }
}

/// Each spelling's index in `distinct`, which gets the new ones.
fn index_spellings<'a>(spellings: impl Iterator<Item = &'a str>, distinct: &mut Vec<&'a str>) -> Vec<u32> {
    let mut index: HashMap<&str, u32> = distinct.iter().enumerate().map(|(i, &s)| (s, i as u32)).collect();
    spellings
        .map(|s| {
            *index.entry(s).or_insert_with(|| {
                distinct.push(s);
                (distinct.len() - 1) as u32
            })
        })
        .collect()
}

/// One tag spelling reduced to its name, or `None` when banned or empty.
fn reduce(t: &str, ban: &HashSetU64) -> Option<Reduced> {
    let oh = phrase_hash(t)?;
    if ban.contains(&oh) {
        return None;
    }
    let name = names::strip_role(t).unwrap_or_else(|| t.to_string());
    let hash = phrase_hash(&name).filter(|h| !ban.contains(h))?;
    let role_only = names::is_role_only(&name);
    Some(Reduced { name, hash, role_only })
}
