//! From the documents' words ([`super::tokens`]) to posting lists: per
//! base (a word without its prefix) the documents it is in, with weights
//! and positions, in flat arrays (an archive of 100,000 articles has some
//! 20 million of them: one allocation each would be most of the work).

use super::analyze::Analysis;
use super::encode::Posting;
use super::tokens::Chunk;
use rayon::prelude::*;

/// A position that is not a word: between title, body and tags, or a run
/// too long to be one.
pub const GAP: u32 = u32::MAX;

pub use crate::hash::{FxHasher, FxMap};

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
    /// The documents and weights of base `b`'s postings.
    pub fn slices(&self, b: u32) -> (&[u32], &[u8]) {
        let r = self.off[b as usize] as usize..self.off[b as usize + 1] as usize;
        (&self.docs[r.clone()], &self.weights[r])
    }

    /// The postings of base `b`.
    pub fn of(&self, b: u32) -> impl Iterator<Item = Posting> + '_ {
        let r = self.off[b as usize] as usize..self.off[b as usize + 1] as usize;
        self.docs[r.clone()].iter().copied().zip(self.weights[r].iter().copied())
    }

    /// How many documents base `b` is in.
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
    let bases = analysis.bases.len();
    let occurrences: Vec<Occurrences> = chunks
        .into_par_iter()
        .zip(remaps)
        .map_init(
            // Per base: the document it was last seen in, and its number
            // among that document's occurrences (arrays, not a hash map:
            // this runs for every word of the archive).
            || (vec![u32::MAX; bases], vec![0u32; bases]),
            |(stamp, slot_of), (c, remap)| {
                let mut occ: Vec<(u32, u32, u8, u32)> = Vec::new();
                let mut pos: Vec<u32> = Vec::new();
                let mut doc_bases: Vec<u32> = Vec::new();
                let mut next: Vec<u32> = Vec::new();
                for (j, tokens) in c.tokens.iter().enumerate() {
                    let doc = c.first + j as u32;
                    doc_bases.clear();
                    let first = occ.len();
                    for &t in tokens {
                        let b = if t == GAP { GAP } else { analysis.base_of[remap[t as usize] as usize] };
                        doc_bases.push(b);
                        if b == GAP {
                            continue;
                        }
                        if stamp[b as usize] != doc {
                            stamp[b as usize] = doc;
                            slot_of[b as usize] = (occ.len() - first) as u32;
                            occ.push((b, doc, 0, 0));
                        }
                        occ[first + slot_of[b as usize] as usize].3 += 1;
                    }
                    // Positions laid out occurrence by occurrence, then
                    // filled in order: two passes, no sort.
                    let doc_start = pos.len();
                    next.clear();
                    let mut at = doc_start as u32;
                    for o in &occ[first..] {
                        next.push(at);
                        at += o.3;
                    }
                    pos.resize(at as usize, 0);
                    for (p, &b) in doc_bases.iter().enumerate() {
                        if b != GAP {
                            let slot = slot_of[b as usize] as usize;
                            pos[next[slot] as usize] = p as u32;
                            next[slot] += 1;
                        }
                    }
                    let mut s = doc_start;
                    for o in &mut occ[first..] {
                        o.2 = weight(&pos[s..s + o.3 as usize], c.title_len[j]);
                        s += o.3 as usize;
                    }
                }
                (occ, pos)
            },
        )
        .collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tokens::{tokenize, vocabulary, Fields};

    #[test]
    fn postings_are_per_base_in_document_order_with_positions() {
        let docs = [
            Fields { title: "كوريا", text: "زار كوريا ثم كوريا", tags: vec![] },
            Fields { title: "روسيا", text: "كوريا", tags: vec!["كوريا"] },
        ];
        let chunks = vec![tokenize(0, docs.into_iter())];
        let v = vocabulary(&chunks);
        let words: Vec<&str> = v.words.clone();
        let a = super::super::analyze::analyze(&words, &v.counts);
        let remaps = v.remaps.clone();
        let korea = a.base_of[v.id("كوريا").unwrap() as usize];
        let p = postings(chunks, &remaps, &a);
        assert_eq!(p.of(korea).collect::<Vec<_>>(), [(0, 3), (1, 1)], "title and repeated; repeated in text and tag");
        assert_eq!(p.positions(korea, 0), [0, 3, 5]);
        assert_eq!(p.positions(korea, 1), [2, 4], "after the title's gap, and after the tag's");
        assert_eq!(p.find(korea, 1), Some(1));
        assert_eq!(p.count(korea), 2);
    }
}
