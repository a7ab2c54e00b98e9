//! From articles to posting lists: the documents' words, the archive's
//! vocabulary, and per base (a word without its prefix) the documents it is
//! in, with weights and positions, in flat arrays (an archive of 100,000
//! articles has some 20 million of them: one allocation each would be most
//! of the work).

use super::analyze::Analysis;
use super::encode::Posting;
use super::index::Doc;
use super::spec::{words, MAX_WORD};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A position that is not a word: between title, body and tags, or a run
/// too long to be one.
pub const GAP: u32 = u32::MAX;

/// Documents tokenized per parallel task.
pub const CHUNK: usize = 256;

/// FxHash's mixing, eight bytes a step: the vocabulary is hashed millions
/// of times and its hashes never leave the process.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in chunks.by_ref() {
            let w = u64::from_le_bytes(c.try_into().expect("eight bytes"));
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
}

pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The words of a run of documents: per document its word ids in order
/// (`GAP` between fields), with the chunk's own vocabulary.
pub struct Chunk {
    pub tokens: Vec<Vec<u32>>,
    /// Words of each document's title (its first positions).
    pub title_len: Vec<u32>,
    /// The chunk's words, by local id, with their counts.
    pub vocab: Vec<Box<str>>,
    pub counts: Vec<u32>,
}

/// The fields of one document to index: title, body text, and the tags an
/// editor gave it (automatic tags are phrases of the text already).
pub struct Fields<'a> {
    pub title: &'a str,
    pub text: &'a str,
    pub tags: Vec<&'a str>,
}

/// Tokenizes documents into a chunk.
pub fn tokenize<'a>(docs: impl Iterator<Item = Fields<'a>>) -> Chunk {
    let mut local: FxMap<Box<str>, u32> = FxMap::default();
    let mut chunk = Chunk { tokens: Vec::new(), title_len: Vec::new(), vocab: Vec::new(), counts: Vec::new() };
    for f in docs {
        let mut tokens = Vec::with_capacity(f.text.len() / 8);
        let mut push = |w: &str, tokens: &mut Vec<u32>| {
            if w.len() > MAX_WORD && w.chars().count() > MAX_WORD {
                tokens.push(GAP);
                return;
            }
            let id = match local.get(w) {
                Some(&id) => id,
                None => {
                    let id = chunk.vocab.len() as u32;
                    chunk.vocab.push(w.into());
                    chunk.counts.push(0);
                    local.insert(w.into(), id);
                    id
                }
            };
            chunk.counts[id as usize] += 1;
            tokens.push(id);
        };
        words(f.title, |w, _, _| push(w, &mut tokens));
        chunk.title_len.push(tokens.len() as u32);
        tokens.push(GAP);
        words(f.text, |w, _, _| push(w, &mut tokens));
        // Tag names are words of the article too (an editor's tag need not
        // be in the text), each apart so no phrase spans two.
        for t in f.tags {
            tokens.push(GAP);
            words(t, |w, _, _| push(w, &mut tokens));
        }
        chunk.tokens.push(tokens);
    }
    chunk
}

/// The archive's vocabulary: every distinct word and its count, and per
/// chunk its local ids as global ids.
pub struct Vocabulary<'c> {
    pub words: Vec<&'c str>,
    pub counts: Vec<u32>,
    pub ids: FxMap<&'c str, u32>,
    pub remaps: Vec<Vec<u32>>,
}

pub fn vocabulary(chunks: &[Chunk]) -> Vocabulary<'_> {
    let mut v = Vocabulary { words: Vec::new(), counts: Vec::new(), ids: FxMap::default(), remaps: Vec::new() };
    for c in chunks {
        let mut remap = Vec::with_capacity(c.vocab.len());
        for (w, &count) in c.vocab.iter().zip(&c.counts) {
            let id = *v.ids.entry(w).or_insert_with(|| {
                v.words.push(w);
                v.counts.push(0);
                (v.words.len() - 1) as u32
            });
            v.counts[id as usize] += count;
            remap.push(id);
        }
        v.remaps.push(remap);
    }
    v
}

/// Per base, its postings (documents ascending) and their positions.
pub struct Postings {
    /// Where each base's postings start (one more entry: the end).
    off: Vec<u32>,
    docs: Vec<u32>,
    weights: Vec<u8>,
    /// Where each posting's positions start (one more entry: the end).
    pos_off: Vec<u32>,
    pos: Vec<u32>,
}

impl Postings {
    /// The postings of base `b`.
    pub fn of(&self, b: u32) -> impl Iterator<Item = Posting> + '_ {
        let r = self.off[b as usize] as usize..self.off[b as usize + 1] as usize;
        self.docs[r.clone()].iter().copied().zip(self.weights[r].iter().copied())
    }

    pub fn count(&self, b: u32) -> usize {
        (self.off[b as usize + 1] - self.off[b as usize]) as usize
    }

    /// The positions of the `k`-th posting of base `b`.
    pub fn positions(&self, b: u32, k: usize) -> &[u32] {
        let i = self.off[b as usize] as usize + k;
        &self.pos[self.pos_off[i] as usize..self.pos_off[i + 1] as usize]
    }

    /// Index of document `d` among base `b`'s postings.
    pub fn find(&self, b: u32, d: u32) -> Option<usize> {
        let r = self.off[b as usize] as usize..self.off[b as usize + 1] as usize;
        self.docs[r].binary_search(&d).ok()
    }
}

/// Weight of a word in a document: bit 1 when it is in the title, bit 0 when
/// it occurs twice or more.
fn weight(positions: &[u32], title_len: u32) -> u8 {
    let title = positions.first().is_some_and(|&p| p < title_len);
    (u8::from(title) << 1) | u8::from(positions.len() >= 2)
}

/// One chunk's (base, document, weight, number of positions), in document
/// order, and the positions, in the same order.
type Occurrences = (Vec<(u32, u32, u8, u32)>, Vec<u32>);

/// The posting lists of every base (documents are numbered by chunk order).
pub fn postings(chunks: Vec<Chunk>, remaps: &[Vec<u32>], analysis: &Analysis) -> Postings {
    let occurrences: Vec<Occurrences> = chunks
        .into_par_iter()
        .zip(remaps)
        .enumerate()
        .map(|(k, (c, remap))| {
            let mut occ = Vec::new();
            let mut pos = Vec::new();
            let mut pairs: Vec<(u32, u32)> = Vec::new();
            for (j, tokens) in c.tokens.iter().enumerate() {
                let doc = (k * CHUNK + j) as u32;
                pairs.clear();
                pairs.extend(
                    tokens
                        .iter()
                        .enumerate()
                        .filter(|(_, &t)| t != GAP)
                        .map(|(p, &t)| (analysis.base_of[remap[t as usize] as usize], p as u32)),
                );
                pairs.sort_unstable();
                for run in pairs.chunk_by(|a, b| a.0 == b.0) {
                    let start = pos.len();
                    pos.extend(run.iter().map(|p| p.1));
                    occ.push((run[0].0, doc, weight(&pos[start..], c.title_len[j]), run.len() as u32));
                }
            }
            (occ, pos)
        })
        .collect();
    let bases = analysis.bases.len();
    let mut df = vec![0u32; bases + 1];
    let mut npos = vec![0u32; bases + 1];
    for (occ, _) in &occurrences {
        for &(b, _, _, n) in occ {
            df[b as usize] += 1;
            npos[b as usize] += n;
        }
    }
    let prefix = |v: &mut Vec<u32>| {
        let mut sum = 0;
        for x in v.iter_mut() {
            let n = *x;
            *x = sum;
            sum += n;
        }
    };
    prefix(&mut df);
    prefix(&mut npos);
    let total = df[bases] as usize;
    let mut p = Postings {
        off: df.clone(),
        docs: vec![0; total],
        weights: vec![0; total],
        pos_off: vec![0; total + 1],
        pos: vec![0; npos[bases] as usize],
    };
    let mut next = df;
    let mut next_pos = npos;
    for (occ, pos) in occurrences {
        let mut at = 0usize;
        for (b, d, w, n) in occ {
            let k = next[b as usize] as usize;
            next[b as usize] += 1;
            p.docs[k] = d;
            p.weights[k] = w;
            let s = next_pos[b as usize] as usize;
            p.pos_off[k] = s as u32;
            p.pos[s..s + n as usize].copy_from_slice(&pos[at..at + n as usize]);
            next_pos[b as usize] += n;
            at += n as usize;
        }
    }
    p.pos_off[total] = p.pos.len() as u32;
    p
}

/// The fields of a document: its title and text, and `tags`.
pub fn fields<'a>(doc: &'a Doc, tags: &'a [String]) -> Fields<'a> {
    Fields { title: &doc.title, text: &doc.text, tags: tags.iter().map(String::as_str).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_are_per_base_in_document_order_with_positions() {
        let docs = [
            Fields { title: "كوريا", text: "زار كوريا ثم كوريا", tags: vec![] },
            Fields { title: "روسيا", text: "كوريا", tags: vec!["كوريا"] },
        ];
        let chunks = vec![tokenize(docs.into_iter())];
        let v = vocabulary(&chunks);
        let words: Vec<&str> = v.words.clone();
        let a = super::super::analyze::analyze(&words, &v.counts);
        let remaps = v.remaps.clone();
        let korea = a.base_of[v.ids["كوريا"] as usize];
        let p = postings(chunks, &remaps, &a);
        assert_eq!(p.of(korea).collect::<Vec<_>>(), [(0, 3), (1, 1)], "title and repeated; repeated in text and tag");
        assert_eq!(p.positions(korea, 0), [0, 3, 5]);
        assert_eq!(p.positions(korea, 1), [2, 4], "after the title's gap, and after the tag's");
        assert_eq!(p.find(korea, 1), Some(1));
        assert_eq!(p.count(korea), 2);
    }
}
