//! From posting lists to the index's files: entries (words, spelling
//! clusters, tags) sorted by key and cut into word lists.
//!
//! A list is cut where the key changes (every entry of a key in one file:
//! the page reads the one list that holds a query word's key), at points
//! drawn by a hash of the key, so that an edit changes the files its words
//! are in and not every file after them. A word's family is written in full
//! into every list holding one of its forms (a form whose key falls into
//! another list is copied in as a guest), so one list answers a query word
//! with its whole family.

use super::encode::{put_postings, put_str, put_varint, Posting, KIND_CLUSTER, KIND_TAG, KIND_WORD};
use super::postings::{FxMap, Postings};
use super::spec::{index_key, is_arabic, same_word_key, splits, tag_key, translit, word_list, PREFIXES};
use super::variants::Variant;
use crate::render::Site;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// Size of a word list file: cut points are drawn at random (by key) so
/// that files average about `TARGET` bytes; none is cut before `MIN` bytes
/// or grows past `MAX` where a cut is allowed.
pub const MIN: usize = 8 * 1024;
/// The average a word list's size aims at.
pub const TARGET: usize = 24 * 1024;
/// The size past which a list is cut at the next allowed point.
pub const MAX: usize = 48 * 1024;

/// One entry of the index before it is written into a list.
pub struct Entry<'a> {
    /// The index key, which the lists are sorted and cut by.
    pub key: String,
    /// `KIND_WORD`, `KIND_CLUSTER` or `KIND_TAG`.
    pub kind: u8,
    /// The base of a word; the spellings of a cluster (for the sort order).
    pub text: Cow<'a, str>,
    /// Family key of a word.
    pub family: Cow<'a, str>,
    /// Prefixes the word's documents use it with (bit `p`: `PREFIXES[p]`).
    pub mask: u32,
    /// The spellings of a cluster, each as its words.
    pub spellings: Vec<Vec<String>>,
    /// Where the entry's encoded posting list is.
    pub postings: Encoded,
}

/// An entry's encoded posting list.
pub enum Encoded {
    /// A word's, with its positions block: in the [`Postings`], by base
    /// (encoded there, copied once into the files).
    Stored(u32),
    /// A cluster's or a tag's, made for the entry (no positions).
    Own(Vec<u8>),
}

impl Entry<'_> {
    /// The entry's encoded posting list.
    fn postings<'s>(&'s self, p: &'s Postings) -> &'s [u8] {
        match &self.postings {
            Encoded::Stored(b) => p.list(*b),
            Encoded::Own(list) => list,
        }
    }

    /// The entry's positions block (empty but for words).
    fn positions<'s>(&'s self, p: &'s Postings) -> &'s [u8] {
        match &self.postings {
            Encoded::Stored(b) => p.positions(*b),
            Encoded::Own(_) => &[],
        }
    }
}

/// The entry of each base, its lists in the [`Postings`]. Entries own
/// their strings, so that the index can free them on another thread when
/// it is done.
pub fn word_entries(bases: &[String], family: &[String], masks: &[u32]) -> Vec<Entry<'static>> {
    (0..bases.len())
        .into_par_iter()
        .map(|b| Entry {
            key: index_key(&bases[b]),
            kind: KIND_WORD,
            text: Cow::Owned(bases[b].clone()),
            family: Cow::Owned(family[b].clone()),
            mask: masks[b],
            spellings: Vec::new(),
            postings: Encoded::Stored(b as u32),
        })
        .collect()
}

/// A spelling cluster (see [`cluster_entries`]) read against the archive.
pub struct ClusterBases {
    /// The spellings, each as its words' bases.
    spellings: Vec<Vec<String>>,
    /// Per spelling, per word, the bases it matches (ascending).
    matches: Vec<Vec<Vec<u32>>>,
}

/// The spelling clusters: each `[topics] aliases` entry (the name and its
/// spellings), and the spellings of a tag that are one name written with
/// and without spaces (`بيونج يانج`, `بيونجيانج`), each word with the bases
/// it matches. Read while the vocabulary (`lookup`: a word's base) is at
/// hand, before the postings.
pub fn cluster_bases(site: &Site, lookup: &dyn Fn(&str) -> Option<u32>, bases: &[String]) -> Vec<ClusterBases> {
    let spelled = clusters(site, lookup, bases);
    // A cluster's word matches every base that is the same word (جونغ,
    // جونج), and the bases of the word with a prefix: `لبيونغ` may be read
    // as ل + `بيونغ` where `بيونغ` alone is ب + `يونغ`. The bases of the
    // few keys the clusters have are found in one parallel pass.
    let mut same: FxMap<String, Vec<u32>> =
        spelled.iter().flatten().flatten().map(|(b, _)| (same_word_key(b), Vec::new())).collect();
    if !same.is_empty() {
        let found: Vec<(u32, String)> = bases
            .par_iter()
            .enumerate()
            .filter_map(|(i, b)| Some(same_word_key(b)).filter(|k| same.contains_key(k)).map(|k| (i as u32, k)))
            .collect();
        for (i, k) in found {
            same.get_mut(&k).expect("a wanted key").push(i);
        }
    }
    // The bases one word of a spelling (its base `b`, as written `w`) matches.
    let matched = |b: &str, w: &str| -> Vec<u32> {
        let mut ids: Vec<u32> = same.get(&same_word_key(b)).cloned().unwrap_or_default();
        if is_arabic(w) {
            ids.extend(
                PREFIXES[1..].iter().filter_map(|p| lookup(&format!("{p}{w}"))).filter(|&b| bases[b as usize] == *w),
            );
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    spelled
        .into_iter()
        .map(|c| {
            let matches = c.iter().map(|s| s.iter().map(|(b, w)| matched(b, w)).collect()).collect();
            let spellings = c.into_iter().map(|s| s.into_iter().map(|(b, _)| b).collect()).collect();
            ClusterBases { spellings, matches }
        })
        .collect()
}

/// The entries of the spelling clusters ([`cluster_bases`]): a cluster is
/// written under the key of each spelling's first word, with the documents
/// that have any spelling.
pub fn cluster_entries(clusters: &[ClusterBases], p: &Postings, docs: usize) -> Vec<Entry<'static>> {
    let mut out = Vec::new();
    for c in clusters {
        let mut docs_of: BTreeMap<u32, u8> = BTreeMap::new();
        for seq in &c.matches {
            let seq: Vec<&[u32]> = seq.iter().map(Vec::as_slice).collect();
            for (d, w) in sequence_postings(&seq, p) {
                let e = docs_of.entry(d).or_insert(0);
                *e = (*e).max(w);
            }
        }
        let list: Vec<Posting> = docs_of.into_iter().collect();
        let mut body = Vec::new();
        put_postings(&mut body, &list, docs);
        let cluster = &c.spellings;
        let keys: BTreeSet<String> = cluster.iter().map(|s| index_key(&s[0])).collect();
        for key in keys {
            out.push(Entry {
                key,
                kind: KIND_CLUSTER,
                text: Cow::Owned(cluster.iter().map(|s| s.join(" ")).collect::<Vec<_>>().join("|")),
                family: Cow::Borrowed(""),
                mask: 0,
                spellings: cluster.clone(),
                postings: Encoded::Own(body.clone()),
            });
        }
    }
    out
}

/// The entries of the learned spelling clusters ([`super::variants`]):
/// each under the key of each of its spellings, with its documents.
pub fn variant_entries(variants: &[Variant], docs: usize) -> Vec<Entry<'static>> {
    let mut out = Vec::new();
    for v in variants {
        let mut body = Vec::new();
        put_postings(&mut body, &v.postings, docs);
        let spellings: Vec<Vec<String>> = v.spellings.iter().map(|s| vec![s.clone()]).collect();
        let keys: BTreeSet<String> = v.spellings.iter().map(|s| index_key(s)).collect();
        for key in keys {
            out.push(Entry {
                key,
                kind: KIND_CLUSTER,
                text: Cow::Owned(v.spellings.join("|")),
                family: Cow::Borrowed(""),
                mask: 0,
                spellings: spellings.clone(),
                postings: Encoded::Own(body.clone()),
            });
        }
    }
    out
}

/// The entry of each tag: its articles, under `spec::tag_key(slug)`.
pub fn tag_entries(site: &Site) -> Vec<Entry<'static>> {
    let n = site.articles.len();
    site.topics
        .tags
        .iter()
        .map(|tag| {
            let mut list: Vec<Posting> = tag.members.iter().map(|&i| ((n - 1 - i) as u32, 0)).collect();
            list.sort_unstable();
            let mut body = Vec::new();
            put_postings(&mut body, &list, n);
            Entry {
                key: tag_key(&tag.slug),
                kind: KIND_TAG,
                text: Cow::Borrowed(""),
                family: Cow::Borrowed(""),
                mask: 0,
                spellings: Vec::new(),
                postings: Encoded::Own(body),
            }
        })
        .collect()
}

/// Documents where words occur one after the other, each word any of its
/// bases, with the weight of the match as the query side computes it
/// (`query::phrase_docs`): in the title when every word is, repeated when
/// it occurs twice or more. One word: its documents with their weights.
fn sequence_postings(seq: &[&[u32]], p: &Postings) -> Vec<Posting> {
    let per_word: Vec<BTreeMap<u32, (Vec<u32>, u8)>> = seq
        .iter()
        .map(|bases| {
            let mut docs: BTreeMap<u32, (Vec<u32>, u8)> = BTreeMap::new();
            for &b in bases.iter() {
                for ((d, w), positions) in p.decoded(b) {
                    let e = docs.entry(d).or_default();
                    e.0.extend(positions);
                    e.1 |= w;
                }
            }
            for v in docs.values_mut() {
                v.0.sort_unstable();
                v.0.dedup();
            }
            docs
        })
        .collect();
    let Some((first, rest)) = per_word.split_first() else { return Vec::new() };
    if rest.is_empty() {
        return first.iter().map(|(&d, (_, w))| (d, *w)).collect();
    }
    let mut out = Vec::new();
    for (&d, (starts, w0)) in first {
        let others: Option<Vec<&(Vec<u32>, u8)>> = rest.iter().map(|m| m.get(&d)).collect();
        let Some(others) = others else { continue };
        let title = w0 & 2 != 0 && others.iter().all(|(_, w)| w & 2 != 0);
        let count = starts
            .iter()
            .filter(|&&s| others.iter().enumerate().all(|(o, (ps, _))| ps.binary_search(&(s + 1 + o as u32)).is_ok()))
            .count();
        if count > 0 {
            out.push((d, (u8::from(title) << 1) | u8::from(count >= 2)));
        }
    }
    out
}

/// The clusters (see [`cluster_entries`]), each spelling a list of bases.
fn clusters(site: &Site, lookup: &dyn Fn(&str) -> Option<u32>, bases: &[String]) -> Vec<Vec<Spelling>> {
    let read = |spelling: &str| -> Spelling {
        word_list(spelling)
            .into_iter()
            .map(|w| match lookup(&w) {
                Some(b) => (bases[b as usize].clone(), w),
                None => (unknown_base(&w, lookup, bases), w),
            })
            .collect()
    };
    let mut out: Vec<Vec<Spelling>> = Vec::new();
    for (name, spellings) in &site.config.topics.aliases {
        let mut c: Vec<Spelling> =
            std::iter::once(name).chain(spellings).map(|s| read(s)).filter(|s| !s.is_empty()).collect();
        c.sort();
        c.dedup_by(|a, b| same_bases(a, b));
        if c.len() >= 2 {
            out.push(c);
        }
    }
    for tag in &site.topics.tags {
        if tag.spellings.len() < 2 {
            continue;
        }
        let mut by_skeleton: BTreeMap<String, Vec<Spelling>> = BTreeMap::new();
        for s in &tag.spellings {
            let seq = read(s);
            if !seq.is_empty() {
                by_skeleton.entry(seq.iter().map(|(b, _)| translit(b)).collect()).or_default().push(seq);
            }
        }
        for (_, mut c) in by_skeleton {
            c.sort();
            c.dedup_by(|a, b| same_bases(a, b));
            let segmentations: BTreeSet<usize> = c.iter().map(Vec::len).collect();
            if c.len() >= 2 && segmentations.len() >= 2 {
                out.push(c);
            }
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| same_bases(x, y)));
    out
}

/// A cluster's spelling: per word, its base as the archive reads it and
/// the word as written (folded).
type Spelling = Vec<(String, String)>;

fn same_bases(a: &Spelling, b: &Spelling) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.0 == y.0)
}

/// A word the archive does not hold, read as the query side reads one:
/// the longest prefix whose rest is a word of the archive, or the word.
fn unknown_base(word: &str, lookup: &dyn Fn(&str) -> Option<u32>, bases: &[String]) -> String {
    let mut readings = splits(word);
    readings.sort_by_key(|&(p, _)| std::cmp::Reverse(super::spec::len(super::spec::PREFIXES[p])));
    readings
        .into_iter()
        .find_map(|(_, rest)| lookup(rest).map(|b| bases[b as usize].clone()))
        .unwrap_or_else(|| word.to_string())
}

/// Where the lists start (entry indices of sorted `entries`), then the
/// number of entries.
pub fn cut_points(entries: &[Entry<'_>], p: &Postings) -> Vec<usize> {
    let n = entries.len();
    let size = |e: &Entry<'_>| e.key.len() + e.text.len() + e.postings(p).len() + 4;
    let total: usize = entries.iter().map(size).sum();
    let every = ((n * TARGET) / total.max(1)).max(1) as u64;
    let mut cuts = vec![0];
    let mut acc = 0usize;
    for i in 0..n {
        acc += size(&entries[i]);
        let allowed = i + 1 < n && entries[i].key != entries[i + 1].key;
        if allowed && acc >= MIN && (fnv(entries[i].key.as_bytes()).is_multiple_of(every) || acc >= MAX) {
            cuts.push(i + 1);
            acc = 0;
        }
    }
    cuts.push(n);
    cuts
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Encodes every list (`cuts` from [`cut_points`]) and its positions file,
/// with the guests each list needs (words' lists from `p`).
/// Each list and its positions file goes through `keep` as soon as it is
/// encoded: a large archive's are moved to its body file at once, and the
/// files of a million articles (0.9 GB) are never all in memory beside the
/// postings they were made from.
pub fn encode<T: Send>(
    entries: &[Entry<'_>],
    cuts: &[usize],
    p: &Postings,
    keep: impl Fn(Vec<u8>, Vec<u8>) -> T + Sync,
) -> Vec<T> {
    // Word entries by family, to find a family's members in one slice.
    let mut by_family: Vec<(&str, usize)> =
        entries.iter().enumerate().filter(|(_, e)| e.kind == KIND_WORD).map(|(i, e)| (e.family.as_ref(), i)).collect();
    by_family.par_sort_unstable();
    let members = |f: &str| {
        let lo = by_family.partition_point(|x| x.0 < f);
        let hi = by_family.partition_point(|x| x.0 <= f);
        by_family[lo..hi].iter().map(|x| x.1)
    };
    cuts.par_windows(2)
        .map(|w| {
            let (a, b) = (w[0], w[1]);
            let families: BTreeSet<&str> =
                entries[a..b].iter().filter(|e| e.kind == KIND_WORD).map(|e| e.family.as_ref()).collect();
            let guests: Vec<usize> = families.iter().flat_map(|f| members(f)).filter(|&i| i < a || i >= b).collect();
            let all: Vec<&Entry<'_>> = entries[a..b].iter().chain(guests.iter().map(|&i| &entries[i])).collect();
            let (list, positions) = encode_list(&all, p);
            keep(list, positions)
        })
        .collect()
}

/// Encodes one word list and its positions file.
fn encode_list(entries: &[&Entry<'_>], p: &Postings) -> (Vec<u8>, Vec<u8>) {
    let mut list = super::encode::LIST_MAGIC.to_vec();
    let mut pos = super::encode::POSITIONS_MAGIC.to_vec();
    let mut families: FxMap<&str, u32> = FxMap::default();
    let mut keys: Vec<&str> = Vec::new();
    for e in entries.iter().filter(|e| e.kind == KIND_WORD) {
        families.entry(e.family.as_ref()).or_insert_with(|| {
            keys.push(e.family.as_ref());
            (keys.len() - 1) as u32
        });
    }
    put_varint(&mut list, keys.len() as u64);
    for k in &keys {
        put_str(&mut list, k);
    }
    put_varint(&mut list, entries.len() as u64);
    let mut prev: &str = "";
    for e in entries {
        let common = prev.bytes().zip(e.key.bytes()).take_while(|(a, b)| a == b).count();
        let shared = (0..=common).rev().find(|&s| e.key.is_char_boundary(s)).unwrap_or(0);
        put_varint(&mut list, shared as u64);
        put_str(&mut list, &e.key[shared..]);
        list.push(e.kind);
        match e.kind {
            KIND_WORD => {
                put_str(&mut list, &e.text);
                put_varint(&mut list, u64::from(families[e.family.as_ref()]));
                put_varint(&mut list, u64::from(e.mask));
                pos.extend_from_slice(e.positions(p));
            }
            KIND_CLUSTER => {
                put_varint(&mut list, e.spellings.len() as u64);
                for s in &e.spellings {
                    put_varint(&mut list, s.len() as u64);
                    for w in s {
                        put_str(&mut list, w);
                    }
                }
            }
            _ => {}
        }
        list.extend_from_slice(e.postings(p));
        prev = &e.key;
    }
    (list, pos)
}
