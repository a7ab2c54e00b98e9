//! From the documents' words ([`super::tokens`]) to posting lists: per
//! base (a word without its prefix) the documents it is in, with weights,
//! and its positions (for phrases), encoded as the word lists and
//! positions files hold them ([`super::encode`]). An archive of 100,000
//! articles has some 20 million postings: they are written straight into
//! their bytes, in a few large buffers, never held as arrays of numbers
//! (nor one allocation per list), and the lists step copies the bytes.

use super::analyze::Analysis;
use super::encode::{list_body, put_varint, put_varint_at, varint_len, Posting, Reader};
use super::tokens::Chunk;
use crate::memory::prefetch;
use rayon::prelude::*;

/// A position that is not a word: between title, body and tags, or a run
/// too long to be one.
pub const GAP: u32 = u32::MAX;

pub use crate::hash::{FxHasher, FxMap};

/// Per base, its posting list and positions block, encoded.
///
/// Bases are dealt into [`PARTS`] parts (base `b` into part `b % PARTS`),
/// each laid out on its own: the lists of 20 million postings are then
/// gathered in parallel, and a part's bases are spread over the frequent
/// and the rare alike, so the parts are of a size.
pub struct Postings {
    parts: Vec<Part>,
    /// Documents of the index (a bitmap list has a bit for each).
    docs: usize,
}

/// Parts of [`Postings`]: enough for two cores to share the work evenly
/// whatever the few largest lists weigh.
const PARTS: usize = 64;

/// The encoded lists of the bases of one part, by their number in the part.
struct Part {
    /// Where each base's posting list starts in `lists` (one more: the end).
    list_at: Vec<usize>,
    /// Posting lists end to end, each as `encode::put_postings` writes it.
    lists: Vec<u8>,
    /// Where each base's positions block starts in `positions` (one more:
    /// the end).
    positions_at: Vec<usize>,
    /// Positions blocks end to end, each as `encode::put_positions` writes it.
    positions: Vec<u8>,
}

impl Postings {
    /// The part holding base `b`, and the base's number in it.
    fn locate(&self, b: u32) -> (&Part, usize) {
        (&self.parts[b as usize % PARTS], b as usize / PARTS)
    }

    /// Base `b`'s posting list, encoded (`encode::put_postings`).
    pub fn list(&self, b: u32) -> &[u8] {
        let (part, i) = self.locate(b);
        &part.lists[part.list_at[i]..part.list_at[i + 1]]
    }

    /// Base `b`'s positions block, encoded (`encode::put_positions`).
    pub fn positions(&self, b: u32) -> &[u8] {
        let (part, i) = self.locate(b);
        &part.positions[part.positions_at[i]..part.positions_at[i + 1]]
    }

    /// Base `b`'s postings and each one's positions, decoded (for the few
    /// bases of the spelling clusters).
    pub fn decoded(&self, b: u32) -> Vec<(Posting, Vec<u32>)> {
        let postings = Reader::over(self.list(b)).postings(self.docs).expect("a list encoded here");
        let positions = Reader::over(self.positions(b)).positions_block().expect("positions encoded here");
        postings.into_iter().zip(positions).collect()
    }
}

/// Weight of a word in a document: bit 1 when it is in the title, bit 0 when
/// it occurs twice or more.
fn weight(positions: &[u32], title_len: u32) -> u8 {
    let title = positions.first().is_some_and(|&p| p < title_len);
    (u8::from(title) << 1) | u8::from(positions.len() >= 2)
}

/// One occurrence of a base in a document: the base's number in its part,
/// and the document shifted left by two with the weight below. Its
/// positions (count and differences, as the positions file has them) are
/// next in [`Dealt::positions`], measured again when they are read
/// ([`block_len`]): a third less to hold than with their length beside
/// them, where every occurrence of the archive is held at once (some 200
/// million at a million articles).
type Occurrence = [u32; 2];

/// Bytes of the positions block at the start of `bytes`: a varint count,
/// then that many varints (each ends with a byte below 0x80).
fn block_len(bytes: &[u8]) -> usize {
    let mut count = 0u64;
    let mut at = 0;
    for (shift, &b) in bytes.iter().enumerate() {
        count |= u64::from(b & 0x7f) << (7 * shift);
        if b < 0x80 {
            at = shift + 1;
            break;
        }
    }
    let mut ends = 0;
    for (i, &b) in bytes[at..].iter().enumerate() {
        if b < 0x80 {
            ends += 1;
            if ends == count {
                return at + i + 1;
            }
        }
    }
    at
}

/// One chunk's occurrences of the bases of one part, in document order,
/// and their positions, encoded, end to end in the same order.
#[derive(Default)]
struct Dealt {
    occurrences: Vec<Occurrence>,
    positions: Vec<u8>,
}

/// How many words ahead of its use a word's entries are fetched (see
/// [`occurrences`]).
const AHEAD: usize = 8;

/// The posting lists of every base of an index of `docs` documents
/// (numbered by chunk order).
///
/// Two passes over the chunks, a wave of them at a time: the first
/// measures every list, the second writes it in its place. Each wave's
/// occurrences are made (in parallel), taken by the parts (in chunk order,
/// so each base's documents ascend), and dropped; the second pass frees
/// each wave's chunks too. Held at once, every occurrence of a million
/// articles (some 200 million, with their positions) was the index's
/// peak: 1.7 GB above the words it was made from. Making them twice costs
/// the occurrences' time again (a few seconds at a million).
pub fn postings(chunks: Vec<Chunk>, remaps: &[Vec<u32>], analysis: &Analysis, docs: usize) -> Postings {
    postings_in_waves(chunks, remaps, analysis, docs, (2 * rayon::current_num_threads()).max(4))
}

/// `postings`, `wave` chunks at a time.
fn postings_in_waves(
    chunks: Vec<Chunk>,
    remaps: &[Vec<u32>],
    analysis: &Analysis,
    docs: usize,
    wave: usize,
) -> Postings {
    assert!(docs < 1 << 30, "a document number and its weight fit 32 bits");
    let bases = analysis.bases.len();
    let mut measures: Vec<Measure> =
        (0..PARTS).map(|r| Measure::new(bases.saturating_sub(r).div_ceil(PARTS))).collect();
    for (k, first) in chunks.chunks(wave).enumerate() {
        let dealt = deal(first, &remaps[k * wave..], analysis);
        measures.par_iter_mut().zip(dealt).for_each(|(m, dealt)| dealt.iter().for_each(|d| m.add(d)));
    }
    let mut parts: Vec<Filling> = measures.into_par_iter().map(|m| m.lay_out(docs)).collect();
    let (mut chunks, mut done) = (chunks.into_iter(), 0);
    loop {
        let wave: Vec<Chunk> = chunks.by_ref().take(wave).collect();
        if wave.is_empty() {
            break;
        }
        let dealt = deal(&wave, &remaps[done..], analysis);
        done += wave.len();
        drop(wave);
        parts.par_iter_mut().zip(dealt).for_each(|(p, dealt)| dealt.iter().for_each(|d| p.fill(d)));
    }
    Postings { parts: parts.into_iter().map(Filling::finish).collect(), docs }
}

/// The occurrences of `chunks` (`remaps` starting with theirs), by part:
/// each part's share of each chunk, in chunk order.
fn deal(chunks: &[Chunk], remaps: &[Vec<u32>], analysis: &Analysis) -> Vec<Vec<Dealt>> {
    let bases = analysis.bases.len();
    let dealt: Vec<Vec<Dealt>> = chunks
        .par_iter()
        .zip(remaps)
        .map_init(|| vec![u32::MAX; bases], |dense, (c, remap)| occurrences(c, remap, analysis, dense))
        .collect();
    let mut by_part: Vec<Vec<Dealt>> = (0..PARTS).map(|_| Vec::with_capacity(dealt.len())).collect();
    for chunk in dealt {
        for (part, d) in by_part.iter_mut().zip(chunk) {
            part.push(d);
        }
    }
    by_part
}

/// One chunk's occurrences, dealt into the parts: each part's in document
/// order, with its bases numbered within the part.
///
/// The chunk's bases are numbered anew, densely, so that the tables read
/// for every word of the archive are the chunk's size and stay in cache.
/// `dense` is per base of the archive, all `u32::MAX` (and left so): the
/// base's number in the chunk.
fn occurrences(c: &Chunk, remap: &[u32], analysis: &Analysis, dense: &mut [u32]) -> Vec<Dealt> {
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
    // Per base of the chunk: the document it was last seen in, its number
    // among that document's occurrences, and its number in the archive,
    // side by side (one cache line read for a rare one, not three).
    let mut seen: Vec<[u32; 3]> = bases.iter().map(|&b| [u32::MAX, 0, b]).collect();
    let mut parts: Vec<Dealt> = (0..PARTS).map(|_| Dealt::default()).collect();
    // The document's occurrences: (base, number of positions).
    let mut occ: Vec<(u32, u32)> = Vec::new();
    let mut doc_bases: Vec<u32> = Vec::new();
    let mut next: Vec<u32> = Vec::new();
    let mut positions: Vec<u32> = Vec::new();
    let mut tokens = Vec::new();
    let ids = c.ids();
    for j in 0..c.len() {
        ids.tokens_of(j, &mut tokens);
        let doc = c.first + j as u32;
        doc_bases.clear();
        occ.clear();
        for (i, &t) in tokens.iter().enumerate() {
            // A rare word's entries are not in the cache: its base is
            // fetched some words ahead, and the base's entry half as many.
            if let Some(&t) = tokens.get(i + 2 * AHEAD).filter(|&&t| t != GAP) {
                prefetch(&local[t as usize]);
            }
            if let Some(&t) = tokens.get(i + AHEAD).filter(|&&t| t != GAP) {
                prefetch(&seen[local[t as usize] as usize]);
            }
            let b = if t == GAP { GAP } else { local[t as usize] };
            doc_bases.push(b);
            if b == GAP {
                continue;
            }
            let s = &mut seen[b as usize];
            if s[0] != doc {
                *s = [doc, occ.len() as u32, s[2]];
                occ.push((s[2], 0));
            }
            occ[s[1] as usize].1 += 1;
        }
        // Each occurrence's positions get their place in the document's
        // array (in cache), then are filled in order: two passes, no sort.
        next.clear();
        let mut end = 0;
        for &(_, n) in &occ {
            next.push(end);
            end += n;
        }
        positions.resize(end as usize, 0);
        for (p, &b) in doc_bases.iter().enumerate() {
            if b != GAP {
                let slot = seen[b as usize][1] as usize;
                positions[next[slot] as usize] = p as u32;
                next[slot] += 1;
            }
        }
        for (&(b, n), &end) in occ.iter().zip(&next) {
            let ps = &positions[(end - n) as usize..end as usize];
            let part = &mut parts[b as usize % PARTS];
            // Room for the longest varints, written in place, then cut.
            let out = &mut part.positions;
            let at = out.len();
            out.resize(at + 5 * (ps.len() + 1), 0);
            let mut end = put_varint_at(out, at, u64::from(n));
            let mut prev = 0;
            for &p in ps {
                end = put_varint_at(out, end, u64::from(p - prev));
                prev = p;
            }
            out.truncate(end);
            let w = weight(ps, c.title_len[j]);
            part.occurrences.push([(b as usize / PARTS) as u32, doc << 2 | u32::from(w)]);
        }
    }
    parts
}

/// What the first pass learns of a part's lists (`len` bases), from every
/// chunk's share of it in chunk order: per base, its documents, the bytes
/// of their gaps as varints and of its positions.
struct Measure {
    df: Vec<usize>,
    gaps: Vec<usize>,
    positions_len: Vec<usize>,
    /// Per base, one more than the last document seen (the first gap is
    /// the document's number).
    after: Vec<u32>,
}

impl Measure {
    fn new(len: usize) -> Measure {
        Measure { df: vec![0; len], gaps: vec![0; len], positions_len: vec![0; len], after: vec![0; len] }
    }

    /// Counts the next chunk's share.
    fn add(&mut self, d: &Dealt) {
        let mut from = 0;
        for &[b, doc] in &d.occurrences {
            let (b, doc) = (b as usize, doc >> 2);
            self.df[b] += 1;
            self.gaps[b] += varint_len(u64::from(doc - self.after[b]) << 2);
            self.after[b] = doc + 1;
            let bytes = block_len(&d.positions[from..]);
            self.positions_len[b] += bytes;
            from += bytes;
        }
    }

    /// The part's bytes laid out, each list's header written and its body
    /// to be filled, for an index of `docs` documents; a list is a bitmap
    /// when that is smaller (as `encode::put_postings_parts` decides).
    fn lay_out(self, docs: usize) -> Filling {
        let Measure { df, gaps, positions_len, mut after } = self;
        let len = df.len();
        let map = docs.div_ceil(8);
        // Where each base's body starts (its header written), and whether
        // it is a bitmap.
        let mut body = vec![0usize; len];
        let mut bitmap = vec![false; len];
        let mut list_at = Vec::with_capacity(len + 1);
        let mut header: Vec<u8> = Vec::new();
        let mut headers: Vec<u8> = Vec::new();
        let mut total = 0;
        for b in 0..len {
            list_at.push(total);
            header.clear();
            put_varint(&mut header, df[b] as u64);
            let mut body_len = 0;
            if df[b] > 0 {
                (bitmap[b], body_len) = list_body(docs, df[b], || gaps[b]);
                header.push(u8::from(bitmap[b]));
                put_varint(&mut header, body_len as u64);
            }
            headers.extend_from_slice(&header);
            body[b] = total + header.len();
            total += header.len() + body_len;
        }
        list_at.push(total);
        let mut lists = vec![0u8; total];
        let mut at = 0;
        for b in 0..len {
            let n = body[b] - list_at[b];
            lists[list_at[b]..body[b]].copy_from_slice(&headers[at..at + n]);
            at += n;
        }
        let mut positions_at = Vec::with_capacity(len + 1);
        let mut pos_next = vec![0usize; len];
        let mut total = 0;
        for b in 0..len {
            positions_at.push(total);
            let header = varint_len(positions_len[b] as u64);
            pos_next[b] = total + header;
            total += header + positions_len[b];
        }
        positions_at.push(total);
        let mut positions = vec![0u8; total];
        for b in 0..len {
            put_varint_at(&mut positions, positions_at[b], positions_len[b] as u64);
        }
        after.fill(0);
        Filling { part: Part { list_at, lists, positions_at, positions }, next: body, bitmap, pos_next, after, map }
    }
}

/// A part's bytes being filled by the second pass, chunk by chunk.
struct Filling {
    part: Part,
    /// Per base, where its next posting goes in `part.lists`.
    next: Vec<usize>,
    bitmap: Vec<bool>,
    /// Per base, where its next positions go in `part.positions`.
    pos_next: Vec<usize>,
    /// Per base: for a list of gaps, one more than the last document
    /// written; for a bitmap, how many of its documents are written (the
    /// slot of the next weight).
    after: Vec<u32>,
    /// Bytes of a bitmap's bits (its weights follow).
    map: usize,
}

impl Filling {
    /// Writes the next chunk's share.
    fn fill(&mut self, d: &Dealt) {
        let (lists, positions) = (&mut self.part.lists, &mut self.part.positions);
        let mut from = 0;
        for &[b, doc] in &d.occurrences {
            let b = b as usize;
            let (w, doc) = (doc & 3, doc >> 2);
            if self.bitmap[b] {
                let bits = &mut lists[self.next[b]..];
                bits[doc as usize / 8] |= 1 << (doc % 8);
                let k = self.after[b] as usize;
                bits[self.map + k / 4] |= (w as u8) << ((k % 4) * 2);
                self.after[b] += 1;
            } else {
                self.next[b] = put_varint_at(lists, self.next[b], (u64::from(doc - self.after[b]) << 2) | u64::from(w));
                self.after[b] = doc + 1;
            }
            let bytes = block_len(&d.positions[from..]);
            let to = self.pos_next[b];
            positions[to..to + bytes].copy_from_slice(&d.positions[from..from + bytes]);
            self.pos_next[b] += bytes;
            from += bytes;
        }
    }

    fn finish(self) -> Part {
        self.part
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::encode::{put_positions, put_postings};

    #[test]
    fn a_positions_block_is_measured_from_its_bytes() {
        for positions in [vec![], vec![0u32], vec![5, 200, 70_000], (0..300).map(|p| p * 3).collect()] {
            let mut block = Vec::new();
            put_varint(&mut block, positions.len() as u64);
            let mut prev = 0;
            for &p in &positions {
                put_varint(&mut block, u64::from(p - prev));
                prev = p;
            }
            let len = block.len();
            block.extend_from_slice(&[0x85, 0x01, 0x00]);
            assert_eq!(block_len(&block), len, "{positions:?}");
        }
    }
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
        let p = postings(chunks, &remaps, &a, 2);
        assert_eq!(
            p.decoded(korea),
            [((0, 3), vec![0, 3, 5]), ((1, 1), vec![2, 4])],
            "title and repeated; repeated in text and tag, after the title's gap and after the tag's"
        );
    }

    /// The lists as `encode` writes them from the postings, in both of its
    /// encodings, with long and short gaps and positions.
    #[test]
    fn lists_and_positions_are_encoded_as_encode_writes_them() {
        let texts: Vec<String> = (0..3000)
            .map(|i| {
                let mut t = format!("خبر {} عن جدة", i % 7);
                if i % 1000 == 999 {
                    t.push_str(" نادر");
                }
                for _ in 0..i % 300 {
                    t.push_str(" حشو");
                }
                t.push_str(" آخر");
                t
            })
            .collect();
        let chunks: Vec<Chunk> = texts
            .chunks(1024)
            .enumerate()
            .map(|(k, part)| {
                tokenize(k * 1024, part.iter().map(|t| Fields { title: "عنوان", text: t, tags: vec!["جدة"] }))
            })
            .collect();
        let v = vocabulary(&chunks);
        let a = super::super::analyze::analyze(&v.words, &v.counts);
        let remaps = v.remaps.clone();
        let rare = a.base_of[v.id("نادر").unwrap() as usize];
        let common = a.base_of[v.id("خبر").unwrap() as usize];
        let again = |wave: usize| {
            let chunks = texts
                .chunks(1024)
                .enumerate()
                .map(|(k, part)| {
                    tokenize(k * 1024, part.iter().map(|t| Fields { title: "عنوان", text: t, tags: vec!["جدة"] }))
                })
                .collect();
            postings_in_waves(chunks, &remaps, &a, texts.len(), wave)
        };
        let (one, two) = (again(1), again(2));
        let p = postings(chunks, &remaps, &a, texts.len());
        for b in 0..a.bases.len() as u32 {
            let decoded = p.decoded(b);
            assert!(!decoded.is_empty());
            let list: Vec<Posting> = decoded.iter().map(|x| x.0).collect();
            let per_doc: Vec<&[u32]> = decoded.iter().map(|x| x.1.as_slice()).collect();
            let (mut want_list, mut want_positions) = (Vec::new(), Vec::new());
            put_postings(&mut want_list, &list, texts.len());
            put_positions(&mut want_positions, &per_doc);
            assert_eq!(p.list(b), want_list, "{}", a.bases[b as usize]);
            assert_eq!(p.positions(b), want_positions, "{}", a.bases[b as usize]);
            for (wave, other) in [(1, &one), (2, &two)] {
                assert_eq!((other.list(b), other.positions(b)), (p.list(b), p.positions(b)), "{wave} chunks a wave");
            }
        }
        assert_eq!(p.decoded(rare).iter().map(|x| x.0).collect::<Vec<_>>(), [(999, 0), (1999, 0), (2999, 0)]);
        assert_eq!(p.list(common)[2], 1, "a bitmap (after two bytes of count)");
    }

    #[test]
    fn varints_are_measured_as_written() {
        for n in [0, 1, 0x7f, 0x80, 0x3fff, 0x4000, u64::from(u32::MAX) << 2] {
            let mut v = Vec::new();
            put_varint(&mut v, n);
            assert_eq!(varint_len(n), v.len(), "{n}");
            let mut out = vec![0; 12];
            assert_eq!(put_varint_at(&mut out, 1, n), 1 + v.len());
            assert_eq!(out[1..1 + v.len()], v);
        }
    }
}
