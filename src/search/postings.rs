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
///
/// Bases are dealt into [`PARTS`] parts (base `b` into part `b % PARTS`),
/// each laid out on its own: the lists of 20 million postings are then
/// gathered in parallel, and a part's bases are spread over the frequent
/// and the rare alike, so the parts are of a size.
pub struct Postings {
    parts: Vec<Part>,
}

/// Parts of [`Postings`]: enough for two cores to share the work evenly
/// whatever the few largest lists weigh.
const PARTS: usize = 64;

/// The postings of the bases of one part, by their number in the part.
struct Part {
    /// Where each base's postings start (one more entry: the end).
    off: Vec<u32>,
    docs: Vec<u32>,
    weights: Vec<u8>,
    /// Where each posting's positions start (one more entry: the end).
    pos_off: Vec<u32>,
    pos: Vec<u32>,
}

impl Postings {
    /// The part holding base `b`, and the range of its postings there.
    fn locate(&self, b: u32) -> (&Part, std::ops::Range<usize>) {
        let part = &self.parts[b as usize % PARTS];
        let i = b as usize / PARTS;
        (part, part.off[i] as usize..part.off[i + 1] as usize)
    }

    /// The documents and weights of base `b`'s postings.
    pub fn slices(&self, b: u32) -> (&[u32], &[u8]) {
        let (part, r) = self.locate(b);
        (&part.docs[r.clone()], &part.weights[r])
    }

    /// The postings of base `b`.
    pub fn of(&self, b: u32) -> impl Iterator<Item = Posting> + '_ {
        let (docs, weights) = self.slices(b);
        docs.iter().copied().zip(weights.iter().copied())
    }

    /// How many documents base `b` is in.
    pub fn count(&self, b: u32) -> usize {
        self.locate(b).1.len()
    }

    /// The positions of the `k`-th posting of base `b`.
    pub fn positions(&self, b: u32, k: usize) -> &[u32] {
        let (part, r) = self.locate(b);
        let i = r.start + k;
        &part.pos[part.pos_off[i] as usize..part.pos_off[i + 1] as usize]
    }

    /// The positions of all of base `b`'s postings: where each posting's
    /// start in the slice given (one more: where the last ends), and the
    /// slice (the base is found once, not once per posting).
    pub fn all_positions(&self, b: u32) -> (&[u32], &[u32]) {
        let (part, r) = self.locate(b);
        (&part.pos_off[r.start..=r.end], &part.pos)
    }

    /// Index of document `d` among base `b`'s postings.
    pub fn find(&self, b: u32, d: u32) -> Option<usize> {
        self.slices(b).0.binary_search(&d).ok()
    }
}

/// Weight of a word in a document: bit 1 when it is in the title, bit 0 when
/// it occurs twice or more.
fn weight(positions: &[u32], title_len: u32) -> u8 {
    let title = positions.first().is_some_and(|&p| p < title_len);
    (u8::from(title) << 1) | u8::from(positions.len() >= 2)
}

/// One occurrence of a base in a document: (base, document, weight, number
/// of positions).
type Occurrence = (u32, u32, u8, u32);

/// Occurrences in document order, and their positions in the same order.
type Occurrences = (Vec<Occurrence>, Vec<u32>);

/// The posting lists of every base (documents are numbered by chunk order).
pub fn postings(chunks: Vec<Chunk>, remaps: &[Vec<u32>], analysis: &Analysis) -> Postings {
    let bases = analysis.bases.len();
    // Per chunk, its occurrences dealt into the parts (a base by its
    // number within its part).
    let dealt: Vec<Vec<Occurrences>> = chunks
        .into_par_iter()
        .zip(remaps)
        .map_init(|| vec![u32::MAX; bases], |dense, (c, remap)| occurrences(&c, remap, analysis, dense))
        .collect();
    let parts =
        (0..PARTS).into_par_iter().map(|r| gather(&dealt, r, bases.saturating_sub(r).div_ceil(PARTS))).collect();
    Postings { parts }
}

/// One chunk's occurrences, dealt into the parts: each part's in document
/// order, with its bases numbered within the part.
///
/// The chunk's bases are numbered anew, densely, so that the tables read
/// for every word of the archive are the chunk's size and stay in cache.
/// `dense` is per base of the archive, all `u32::MAX` (and left so): the
/// base's number in the chunk.
fn occurrences(c: &Chunk, remap: &[u32], analysis: &Analysis, dense: &mut [u32]) -> Vec<Occurrences> {
    let mut bases: Vec<u32> = Vec::new();
    let local: Vec<u32> = remap
        .iter()
        .map(|&w| {
            let b = analysis.base_of[w as usize] as usize;
            if dense[b] == u32::MAX {
                dense[b] = bases.len() as u32;
                bases.push(b as u32);
            }
            dense[b]
        })
        .collect();
    for &b in &bases {
        dense[b as usize] = u32::MAX;
    }
    // Per base of the chunk: the document it was last seen in, and its
    // number among that document's occurrences.
    let mut stamp = vec![u32::MAX; bases.len()];
    let mut slot_of = vec![0u32; bases.len()];
    let mut parts: Vec<Occurrences> = vec![(Vec::new(), Vec::new()); PARTS];
    let mut occ: Vec<(u32, u32)> = Vec::new();
    let mut doc_bases: Vec<u32> = Vec::new();
    let mut next: Vec<usize> = Vec::new();
    for (j, tokens) in c.tokens.iter().enumerate() {
        let doc = c.first + j as u32;
        doc_bases.clear();
        occ.clear();
        for &t in tokens {
            let b = if t == GAP { GAP } else { local[t as usize] };
            doc_bases.push(b);
            if b == GAP {
                continue;
            }
            if stamp[b as usize] != doc {
                stamp[b as usize] = doc;
                slot_of[b as usize] = occ.len() as u32;
                occ.push((bases[b as usize], 0));
            }
            occ[slot_of[b as usize] as usize].1 += 1;
        }
        // Each occurrence's positions get their place in its part, then
        // are filled in order: two passes, no sort.
        next.clear();
        for &(b, n) in &occ {
            let pos = &mut parts[b as usize % PARTS].1;
            next.push(pos.len());
            pos.resize(pos.len() + n as usize, 0);
        }
        for (p, &b) in doc_bases.iter().enumerate() {
            if b != GAP {
                let slot = slot_of[b as usize] as usize;
                let global = bases[b as usize] as usize;
                parts[global % PARTS].1[next[slot]] = p as u32;
                next[slot] += 1;
            }
        }
        for (&(b, n), &end) in occ.iter().zip(&next) {
            let part = &mut parts[b as usize % PARTS];
            let w = weight(&part.1[end - n as usize..end], c.title_len[j]);
            part.0.push(((b as usize / PARTS) as u32, doc, w, n));
        }
    }
    parts
}

/// Part `r` of the postings (`len` bases) from every chunk's share of it,
/// in chunk order.
fn gather(dealt: &[Vec<Occurrences>], r: usize, len: usize) -> Part {
    let mut df = vec![0u32; len + 1];
    let mut npos = vec![0u32; len + 1];
    for (occ, _) in dealt.iter().map(|c| &c[r]) {
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
    let total = df[len] as usize;
    let mut p = Part {
        off: df.clone(),
        docs: vec![0; total],
        weights: vec![0; total],
        pos_off: vec![0; total + 1],
        pos: vec![0; npos[len] as usize],
    };
    let mut next = df;
    let mut next_pos = npos;
    for (occ, pos) in dealt.iter().map(|c| &c[r]) {
        let mut at = 0usize;
        for &(b, d, w, n) in occ {
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
        let (starts, all) = p.all_positions(korea);
        let each: Vec<&[u32]> = starts.windows(2).map(|w| &all[w[0] as usize..w[1] as usize]).collect();
        assert_eq!(each, [p.positions(korea, 0), p.positions(korea, 1)]);
        assert_eq!(p.find(korea, 1), Some(1));
        assert_eq!(p.count(korea), 2);
    }
}
