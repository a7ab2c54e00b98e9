//! From documents to word ids: each document as the ids of its words, and
//! the archive's vocabulary, read in parallel by chunks of documents.
//!
//! Reading is looking up: an archive of 100,000 articles has 31 million
//! runs of text (what lies between spaces and punctuation), 2.9 million
//! distinct ones in its 16 chunks. A chunk remembers each
//! run's word ids and folds a run only the first time it sees it, in a
//! [`Table`] of runs whose slots are fetched some runs ahead of their
//! lookup (most are not in the cache).

use super::postings::GAP;
use super::spec::{one_word, words_with, MAX_WORD};
use super::table::{Key, Table};
use crate::content::body::{Blob, Store};
use std::borrow::Cow;
use std::sync::Arc;

/// The fields of one document to index: title, body text, and the tags an
/// editor gave it (automatic tags are phrases of the text already).
pub struct Fields<'a> {
    /// The title, whose words weigh more.
    pub title: &'a str,
    /// The body as plain text.
    pub text: &'a str,
    /// The tags an editor gave it.
    pub tags: Vec<&'a str>,
}

/// The words of a run of documents: per document its word ids in order
/// (`GAP` between fields), with the chunk's own vocabulary.
pub struct Chunk {
    /// Number of the chunk's first document (the others follow in order).
    pub first: u32,
    /// The documents' word ids (local to the chunk), packed (see
    /// [`Ids::tokens_of`]); in the body file of a large archive
    /// ([`Chunk::keep_in`]).
    pub(super) tokens: Blob,
    /// Where each document's ids end in `tokens`.
    pub(super) ends: Vec<usize>,
    /// Words of each document's title (its first positions).
    pub title_len: Vec<u32>,
    /// The chunk's words, by local id, in order of first use.
    pub(super) words: Arena,
    /// How often each word occurs in the chunk.
    pub(super) counts: Vec<u32>,
}

/// Documents per chunk, on average, for an archive of `docs`: large
/// chunks, since each chunk folds its distinct runs anew (one of 256
/// documents folds 30 % of its runs, one of 3,000 12 %; reading 10,000
/// articles in chunks of 1,024 costs a tenth less than in chunks of 312),
/// and 8 to 16 of them from 16,384 documents on, so that two to a few
/// cores share them evenly. A power of two, so that it changes only when
/// the archive doubles: the chunks' bounds then stay where they were
/// (`kept::runs`) and the build cache keeps them. Chunking changes no id:
/// global ids are in order of first use in the archive.
pub fn chunk_size(docs: usize) -> usize {
    (docs / 16).next_power_of_two().clamp(1024, 8192)
}

/// Tokenizes documents into a chunk whose first document is number `first`.
pub fn tokenize<'a>(first: usize, docs: impl ExactSizeIterator<Item = Fields<'a>>) -> Chunk {
    let n = docs.len();
    let mut t = Tokenizer {
        runs: Table::with_capacity(n * 32),
        long_runs: Vec::new(),
        run_ids: Vec::new(),
        many: Vec::new(),
        words: Arena::default(),
        ids: Table::with_capacity(n * 24),
        pending: Vec::new(),
        fold: String::new(),
        folded: String::new(),
        folded_words: Vec::new(),
    };
    let mut packed = Vec::new();
    let mut ends = Vec::with_capacity(n);
    let mut title_len = Vec::with_capacity(n);
    let mut tokens = Vec::new();
    let mut counts: Vec<u32> = Vec::new();
    for f in docs {
        tokens.clear();
        t.push(f.title, &mut tokens);
        title_len.push(tokens.len() as u32);
        tokens.push(GAP);
        t.push(f.text, &mut tokens);
        // An editor's tags are words of the article too (they need not be
        // in the text), each apart so no phrase spans two.
        for tag in f.tags {
            tokens.push(GAP);
            t.push(tag, &mut tokens);
        }
        // Counted while they are in the cache.
        counts.resize(t.words.len(), 0);
        for &id in tokens.iter().filter(|&&id| id != GAP) {
            counts[id as usize] += 1;
        }
        pack(&tokens, &mut packed);
        ends.push(packed.len());
    }
    let packed = crate::memory::fit(packed);
    Chunk { first: first as u32, tokens: Blob::Held(packed), ends, title_len, words: t.words, counts }
}

/// Appends word ids to `out` packed: each id plus one (`GAP` as 0) in
/// seven-bit groups, low first, the high bit set on all but the last. Ids
/// are local to a chunk and given in order of first use, so the common
/// words, most of a text, take one byte, and a text two on average,
/// where four a word held the archive's words for the whole index build
/// (1.75 KB an article: 1.7 GB at a million).
pub(crate) fn pack(ids: &[u32], out: &mut Vec<u8>) {
    for &id in ids {
        let mut v = id.wrapping_add(1);
        while v >= 0x80 {
            out.push(v as u8 | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }
}

impl Chunk {
    /// The number of documents in the chunk.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Frees the chunk's words and their counts, once the vocabulary
    /// has taken them: only the ids are read after that.
    pub fn forget_words(&mut self) {
        self.words = Arena::default();
        self.counts = Vec::new();
    }

    /// Whether the chunk has no document.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Moves the packed ids to `store`, the build's body file: each pass
    /// over the chunk reads them back with one read. Held, a million
    /// articles' ids were 0.6 GB through the whole index build.
    pub fn keep_in(&mut self, store: &Arc<Store>) {
        self.tokens = std::mem::replace(&mut self.tokens, Blob::Held(Vec::new())).keep_in(store);
    }

    /// The documents' word ids, read back from the body file when kept
    /// there (once for all the chunk's documents).
    pub fn ids(&self) -> Ids<'_> {
        let bytes = match &self.tokens {
            Blob::Held(bytes) => Cow::Borrowed(bytes.as_slice()),
            stored => {
                let mut bytes = Vec::with_capacity(stored.len());
                stored.append_to(&mut bytes);
                Cow::Owned(bytes)
            }
        };
        Ids { ends: &self.ends, bytes }
    }
}

/// A chunk's packed word ids, read ([`Chunk::ids`]).
pub struct Ids<'a> {
    ends: &'a [usize],
    bytes: Cow<'a, [u8]>,
}

impl Ids<'_> {
    /// Document `j`'s word ids (`GAP` between fields), into `out`, which
    /// is cleared first: one buffer serves a whole chunk. After a failed
    /// read of the body file (which fails the build before anything is
    /// published) a document has none.
    pub fn tokens_of(&self, j: usize, out: &mut Vec<u32>) {
        out.clear();
        let start = if j == 0 { 0 } else { self.ends[j - 1] };
        unpack(self.bytes.get(start..self.ends[j]).unwrap_or_default(), out);
    }
}

/// Appends the ids [`pack`] made `bytes` of to `out` (an unfinished last
/// id is left out).
pub(crate) fn unpack(bytes: &[u8], out: &mut Vec<u32>) {
    let mut v = 0u32;
    let mut shift = 0;
    for &b in bytes {
        v |= u32::from(b & 0x7f).wrapping_shl(shift);
        if b < 0x80 {
            out.push(v.wrapping_sub(1));
            (v, shift) = (0, 0);
        } else {
            shift += 7;
        }
    }
}

/// Words end to end in one string: one allocation per chunk, not one per
/// word.
#[derive(Default)]
pub(super) struct Arena {
    pub(super) text: String,
    /// Where word `i` ends (`ends[i - 1]` is where it starts).
    pub(super) ends: Vec<u32>,
}

impl Arena {
    fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    fn push(&mut self, w: &str) {
        self.text.push_str(w);
        self.ends.push(self.text.len() as u32);
    }

    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// How many runs ahead of its use a run is looked up, and twice that its
/// slot fetched into the cache: a chunk's tables are megabytes, and most
/// runs and words are rare enough not to be in the cache. Looking up a
/// run, and the words of a new one, while the ones before are used
/// overlaps the waits.
const AHEAD: usize = 8;

/// Tokenizes text into a chunk's words. Words repeat (Zipf), so each run of
/// text between ASCII spaces and punctuation (which always end a word) is
/// folded once per chunk and its word ids remembered.
struct Tokenizer<'a> {
    /// Run of text -> its word ids (see [`MANY`]).
    runs: Table<u32>,
    /// The runs too long to be their own key, by number.
    long_runs: Vec<&'a str>,
    /// Word ids of the runs not of one word, and where each run's are.
    run_ids: Vec<u32>,
    many: Vec<(u32, u32)>,
    /// Folded words by local id.
    words: Arena,
    /// Folded word -> local id.
    ids: Table<u32>,
    /// The runs of the text being read.
    pending: Vec<Pending>,
    /// The word being folded.
    fold: String,
    /// The words of the new runs of the text being read, end to end, and
    /// each word's range in it, key and hash.
    folded: String,
    folded_words: Vec<(u32, u32, Key, u64)>,
}

/// A run's value in `Tokenizer::runs`: most runs are one word, and the
/// value is its id; for the others (of no word, of several, or of one too
/// long to be a word), `MANY` and the number of their (start, length) in
/// `Tokenizer::many`, the range of their ids in `Tokenizer::run_ids`.
const MANY: u32 = 1 << 31;

/// The bytes of eight (`w`, little-endian) that end a run, as the high
/// bit of each: ASCII bytes that are not letters or digits. Every byte of
/// a character beyond ASCII is 0x80 or more, so runs are found without
/// decoding a character, and eight bytes at a time, without a branch.
#[inline]
fn run_ends(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // Of seven-bit bytes, those from `a` to `b`: `v + 0x80 - a` has its
    // high bit set from `a` on, `v + 0x7F - b` after `b` (no carry leaves
    // a byte).
    let between = |v: u64, a: u8, b: u8| (v + ONES * u64::from(0x80 - a)) & !(v + ONES * u64::from(0x7f - b)) & HIGH;
    let v = w & !HIGH;
    let digit = between(v, b'0', b'9');
    let letter = between(v | (ONES * 0x20), b'a', b'z');
    !w & HIGH & !digit & !letter
}

/// A run of the text being read: its key, hash, range in the text, and
/// what looking it up ahead found.
struct Pending {
    key: Key,
    h: u64,
    start: u32,
    end: u32,
    found: Found,
}

enum Found {
    /// In this slot, unless the table has grown since (how many times
    /// it had then).
    At(usize, u32),
    /// Not there: its words are `folded_words[from..to]`.
    New(u32, u32),
}

impl<'a> Tokenizer<'a> {
    /// Appends the word ids of `text`.
    fn push(&mut self, text: &'a str, tokens: &mut Vec<u32>) {
        // All the text's runs are found first, so that they can be looked
        // up ahead.
        let bytes = text.as_bytes();
        let mut pending = std::mem::take(&mut self.pending);
        pending.clear();
        let mut start = 0;
        let mut add = |end: usize| {
            if start < end {
                let (key, h) = Key::of(&bytes[start..end]);
                pending.push(Pending { key, h, start: start as u32, end: end as u32, found: Found::New(0, 0) });
            }
            start = end + 1;
        };
        let mut words = bytes.chunks_exact(8);
        let mut at = 0;
        for w in words.by_ref() {
            let mut ends = run_ends(u64::from_le_bytes(w.try_into().expect("eight bytes")));
            while ends != 0 {
                add(at + ends.trailing_zeros() as usize / 8);
                ends &= ends - 1;
            }
            at += 8;
        }
        // The last bytes, after letters that end nothing.
        let mut last = [b'a'; 8];
        last[..words.remainder().len()].copy_from_slice(words.remainder());
        let mut ends = run_ends(u64::from_le_bytes(last));
        while ends != 0 {
            add(at + ends.trailing_zeros() as usize / 8);
            ends &= ends - 1;
        }
        add(bytes.len());
        self.folded.clear();
        self.folded_words.clear();
        let n = pending.len();
        for p in pending.iter().take(2 * AHEAD) {
            self.runs.prefetch(p.h);
        }
        for p in pending.iter_mut().take(AHEAD) {
            self.look_up(text, p);
        }
        for i in 0..n {
            if let Some(p) = pending.get(i + 2 * AHEAD) {
                self.runs.prefetch(p.h);
            }
            if let Some(p) = pending.get_mut(i + AHEAD) {
                self.look_up(text, p);
            }
            self.use_run(text, &pending[i], tokens);
        }
        self.pending = pending;
    }

    /// Looks a run up; when it is new, folds it and fetches its words'
    /// slots.
    fn look_up(&mut self, text: &str, p: &mut Pending) {
        let run = &text[p.start as usize..p.end as usize];
        let long_runs = &self.long_runs;
        p.found = match self.runs.find(&p.key, p.h, |n| long_runs[n as usize] == run) {
            Ok(slot) => Found::At(slot, self.runs.grown()),
            Err(_) => {
                let from = self.folded_words.len() as u32;
                let (folded, words) = (&mut self.folded, &mut self.folded_words);
                let mut add = |w: &str| {
                    let start = folded.len() as u32;
                    folded.push_str(w);
                    let (key, h) = Key::of(w.as_bytes());
                    words.push((start, folded.len() as u32, key, h));
                };
                match one_word(run, &mut self.fold) {
                    Some(w) => add(w),
                    None => words_with(run, &mut self.fold, |w, _, _| add(w)),
                }
                for &(_, _, _, h) in &self.folded_words[from as usize..] {
                    self.ids.prefetch(h);
                }
                Found::New(from, self.folded_words.len() as u32)
            }
        };
    }

    /// Appends the word ids of a run looked up before, counting its use.
    #[inline]
    fn use_run(&mut self, text: &'a str, p: &Pending, tokens: &mut Vec<u32>) {
        let slot = match p.found {
            Found::At(slot, grown) if grown == self.runs.grown() => slot,
            _ => {
                let run = &text[p.start as usize..p.end as usize];
                let long_runs = &self.long_runs;
                match self.runs.find(&p.key, p.h, |n| long_runs[n as usize] == run) {
                    Ok(slot) => slot,
                    Err(slot) => self.add_run(run, p, slot),
                }
            }
        };
        let ids = self.runs.value(slot);
        if ids & MANY == 0 {
            tokens.push(ids);
        } else {
            let (start, len) = self.many[(ids & !MANY) as usize];
            tokens.extend_from_slice(&self.run_ids[start as usize..(start + len) as usize]);
        }
    }

    /// Puts a new run in the table at `slot`, giving its words their ids.
    #[cold]
    fn add_run(&mut self, run: &'a str, p: &Pending, slot: usize) -> usize {
        let Found::New(from, to) = p.found else { unreachable!("a run not found is folded") };
        let start = self.run_ids.len();
        for k in from as usize..to as usize {
            let (s, e, key, h) = self.folded_words[k];
            let id = self.id(s as usize..e as usize, &key, h);
            self.run_ids.push(id);
        }
        let ids = match self.run_ids.len() - start {
            1 if self.run_ids[start] & MANY == 0 => self.run_ids.pop().expect("one id"),
            n => {
                self.many.push((start as u32, n as u32));
                MANY | (self.many.len() - 1) as u32
            }
        };
        let slot = self.runs.insert(slot, p.key, self.long_runs.len() as u64, ids);
        if !p.key.is_short() {
            self.long_runs.push(run);
        }
        slot
    }

    /// The local id of the folded word `folded[range]` (`GAP` when it is
    /// too long to be one).
    fn id(&mut self, range: std::ops::Range<usize>, key: &Key, h: u64) -> u32 {
        let w = &self.folded[range];
        if w.len() > MAX_WORD && w.chars().count() > MAX_WORD {
            return GAP;
        }
        let words = &self.words;
        match self.ids.find(key, h, |id| words.get(id as u32) == w) {
            Ok(slot) => self.ids.value(slot),
            Err(slot) => {
                let id = self.words.len() as u32;
                self.ids.insert(slot, *key, u64::from(id), id);
                self.words.push(w);
                id
            }
        }
    }
}

/// The archive's vocabulary: every distinct word and its count, and per
/// chunk its local ids as global ids.
pub struct Vocabulary<'c> {
    /// Every distinct word, by global id (in order of first use).
    pub words: Vec<&'c str>,
    /// How often each word occurs in the archive.
    pub counts: Vec<u32>,
    /// Per chunk, the global id of each local id.
    pub remaps: Vec<Vec<u32>>,
    ids: Table<u32>,
}

impl Vocabulary<'_> {
    /// The global id of a word.
    pub fn id(&self, w: &str) -> Option<u32> {
        let (key, h) = Key::of(w.as_bytes());
        self.ids.get(&key, h, |id| self.words[id as usize] == w)
    }
}

/// Merges the chunks' vocabularies into the archive's, giving each word a
/// global id: chunk by chunk, each in order of first use, so ids do not
/// depend on how the archive was chunked.
pub fn vocabulary(chunks: &[Chunk]) -> Vocabulary<'_> {
    let most = chunks.iter().map(|c| c.words.len()).max().unwrap_or(0);
    let mut v =
        Vocabulary { words: Vec::new(), counts: Vec::new(), remaps: Vec::new(), ids: Table::with_capacity(most * 2) };
    let mut keys: Vec<(Key, u64)> = Vec::new();
    for c in chunks {
        keys.clear();
        keys.extend((0..c.words.len()).map(|i| Key::of(c.words.get(i as u32).as_bytes())));
        let mut remap = Vec::with_capacity(c.words.len());
        for (i, &(key, h)) in keys.iter().enumerate() {
            if let Some(&(_, h)) = keys.get(i + AHEAD) {
                v.ids.prefetch(h);
            }
            let w = c.words.get(i as u32);
            let words = &v.words;
            let id = match v.ids.find(&key, h, |id| words[id as usize] == w) {
                Ok(slot) => v.ids.value(slot),
                Err(slot) => {
                    let id = v.words.len() as u32;
                    v.ids.insert(slot, key, u64::from(id), id);
                    v.words.push(w);
                    v.counts.push(0);
                    id
                }
            };
            v.counts[id as usize] += c.counts[i];
            remap.push(id);
        }
        v.remaps.push(remap);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Fields<'_> {
        Fields { title: "", text, tags: vec![] }
    }

    fn ids(c: &Chunk, j: usize) -> Vec<u32> {
        let mut out = Vec::new();
        c.ids().tokens_of(j, &mut out);
        out
    }

    #[test]
    fn packed_ids_read_back_as_they_were() {
        let lists: [&[u32]; 5] =
            [&[], &[0, 1, 126, 127, 128], &[GAP], &[16_383, 16_384, 2_097_151, 2_097_152], &[u32::MAX - 1, GAP, 0]];
        let mut packed = Vec::new();
        let mut ends = Vec::new();
        for ids in lists {
            pack(ids, &mut packed);
            ends.push(packed.len());
        }
        assert_eq!(ends[1] - ends[0], 1 + 1 + 1 + 2 + 2, "an id plus one below 128 takes a byte");
        let mut c = Chunk {
            first: 0,
            tokens: Blob::Held(packed),
            ends,
            title_len: vec![],
            words: Arena::default(),
            counts: vec![],
        };
        for (j, want) in lists.iter().enumerate() {
            assert_eq!(ids(&c, j), *want, "document {j}");
        }
        // Kept in a body file, then read back: the same ids.
        let store = Arc::new(Store::create_in(&std::env::temp_dir()).unwrap());
        store.keep("a body before them").ok().unwrap();
        c.keep_in(&store);
        assert!(matches!(c.tokens, Blob::Stored { .. }));
        for (j, want) in lists.iter().enumerate() {
            assert_eq!(ids(&c, j), *want, "document {j}, stored");
        }
    }

    #[test]
    fn runs_end_at_ascii_bytes_not_letters_or_digits() {
        for b in 0..=255u8 {
            let ends = b < 0x80 && !b.is_ascii_alphanumeric();
            for at in 0..8 {
                let mut w = [b'x'; 8];
                w[at] = b;
                w[7 - at] = if at == 7 - at { b } else { 0xd8 };
                let bits = run_ends(u64::from_le_bytes(w));
                assert_eq!(bits, u64::from(ends) << (at * 8 + 7), "{b:#x} at {at}");
            }
        }
    }

    #[test]
    fn texts_read_as_their_words_whatever_their_length() {
        let pieces = ["كوريا", " ", "،", "الرئيس.", "A", "x1", "(", "إلى", "  ", "شيء", "ـ", "\n", "Ab-cd", "ؤ"];
        let texts: Vec<String> =
            (0..300).map(|i| (0..i % 23).map(|k| pieces[(i * 7 + k * 3) % pieces.len()]).collect()).collect();
        let c = tokenize(0, texts.iter().map(|t| doc(t)));
        let v = vocabulary(std::slice::from_ref(&c));
        assert_eq!(c.len(), texts.len());
        for (j, t) in texts.iter().enumerate() {
            let tokens = ids(&c, j);
            let read: Vec<&str> = tokens[1..].iter().map(|&id| v.words[v.remaps[0][id as usize] as usize]).collect();
            assert_eq!(read, super::super::spec::word_list(t), "{t:?}");
        }
    }

    #[test]
    fn runs_of_several_words_and_long_words() {
        let long = "ب".repeat(MAX_WORD + 1);
        let text = format!("كوريا،روسيا كوريا {long} كوريا والاستثمارات والاستثمارات");
        let c = tokenize(0, [doc(&text)].into_iter());
        let v = vocabulary(std::slice::from_ref(&c));
        assert_eq!(v.words, ["كوريا", "روسيا", "والاستثمارات"]);
        assert_eq!(v.counts, [3, 1, 2]);
        assert_eq!(ids(&c, 0), [GAP, 0, 1, 0, GAP, 0, 2, 2]);
        assert_eq!(v.id("روسيا"), Some(1));
        assert_eq!(v.id("والاستثمارات"), Some(2));
        assert_eq!(v.id("مصر"), None);
    }

    #[test]
    fn ids_do_not_depend_on_chunks() {
        let texts: Vec<String> =
            (0..900).map(|i| format!("خبر {} عن جدة {} و{} والاستثمارات{}", i % 7, i % 13, i, i % 5)).collect();
        let read = |size: usize| {
            let chunks: Vec<Chunk> = texts
                .chunks(size)
                .enumerate()
                .map(|(k, part)| tokenize(k * size, part.iter().map(|t| doc(t))))
                .collect();
            let v = vocabulary(&chunks);
            let tokens: Vec<Vec<u32>> = chunks
                .iter()
                .zip(&v.remaps)
                .flat_map(|(c, remap)| {
                    (0..c.len())
                        .map(|j| ids(c, j).iter().map(|&i| if i == GAP { GAP } else { remap[i as usize] }).collect())
                })
                .collect();
            assert_eq!(chunks.last().unwrap().first as usize, (texts.len() - 1) / size * size);
            (v.words.iter().map(|w| w.to_string()).collect::<Vec<_>>(), v.counts.clone(), tokens)
        };
        let whole = read(texts.len());
        assert_eq!(read(256), whole);
        assert_eq!(read(100), whole);
        assert_eq!(read(1), whole);
    }
}
