//! From documents to word ids: each document as the ids of its words, and
//! the archive's vocabulary, read in parallel by chunks of documents.
//!
//! Reading is looking up: an archive of 100,000 articles has 30 million
//! runs of text (what lies between spaces and punctuation), 4 million
//! distinct ones in its chunks of 3,000 articles. A chunk remembers each
//! run's word ids and folds a run only the first time it sees it, in a
//! [`Table`] of runs whose slots are fetched some runs ahead of their
//! lookup (most are not in the cache).

use super::postings::GAP;
use super::spec::{words_with, MAX_WORD};
use super::table::{Key, Table};

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
    /// Per document, its word ids (local to the chunk) in order.
    pub tokens: Vec<Vec<u32>>,
    /// Words of each document's title (its first positions).
    pub title_len: Vec<u32>,
    /// The chunk's words, by local id, in order of first use.
    words: Arena,
    /// How often each word occurs in the chunk.
    counts: Vec<u32>,
}

/// Documents per chunk for an archive of `docs`: about 32 chunks, so two
/// to a few cores share them evenly, and large ones, since each chunk
/// folds its distinct runs anew (a chunk of 256 documents folds 30 % of
/// its runs, one of 3,000 12 %). Chunking changes no id: global ids are
/// in order of first use in the archive.
pub fn chunk_size(docs: usize) -> usize {
    (docs / 32).clamp(256, 4096)
}

/// Tokenizes documents into a chunk whose first document is number `first`.
pub fn tokenize<'a>(first: usize, docs: impl ExactSizeIterator<Item = Fields<'a>>) -> Chunk {
    let n = docs.len();
    let mut t = Tokenizer {
        runs: Table::with_capacity(n * 32),
        long_runs: Vec::new(),
        run_ids: Vec::new(),
        words: Arena::default(),
        ids: Table::with_capacity(n * 16),
        counts: Vec::new(),
        fold: String::new(),
        pending: Vec::new(),
    };
    let mut tokens_of = Vec::with_capacity(n);
    let mut title_len = Vec::with_capacity(n);
    let mut tokens = Vec::new();
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
        // Copied at its length (a buffer grown for it would be up to
        // twice as long, and a guess from the text's length is as wrong).
        tokens_of.push(tokens.as_slice().to_vec());
    }
    Chunk { first: first as u32, tokens: tokens_of, title_len, words: t.words, counts: t.counts }
}

/// Words end to end in one string: one allocation per chunk, not one per
/// word.
#[derive(Default)]
struct Arena {
    text: String,
    /// Where word `i` ends (`ends[i - 1]` is where it starts).
    ends: Vec<u32>,
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

/// How far ahead of its lookup a slot is fetched into the cache: enough
/// lookups to overlap the waits, few enough that a slot is still there.
const AHEAD: usize = 8;

/// Tokenizes text into a chunk's words. Words repeat (Zipf), so each run of
/// text between ASCII spaces and punctuation (which always end a word) is
/// folded once per chunk and its word ids remembered.
struct Tokenizer<'a> {
    /// Run of text -> its word ids.
    runs: Table<RunIds>,
    /// The runs too long to be their own key, by number.
    long_runs: Vec<&'a str>,
    /// Word ids of the runs of more than one word.
    run_ids: Vec<u32>,
    /// Folded words by local id.
    words: Arena,
    /// Folded word -> local id.
    ids: Table<u32>,
    counts: Vec<u32>,
    /// The word being folded.
    fold: String,
    /// The runs of the text being read, with their keys and hashes.
    pending: Vec<(Key, u64, u32, u32)>,
}

/// The word ids of a run: most runs are one word, whose id is kept in the
/// run's slot (`len` 1, `at` the id); others' are `run_ids[at..at + len]`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct RunIds {
    at: u32,
    len: u32,
}

impl<'a> Tokenizer<'a> {
    /// Appends the word ids of `text`.
    fn push(&mut self, text: &'a str, tokens: &mut Vec<u32>) {
        // Runs end at ASCII bytes that are not letters or digits (every
        // other byte of UTF-8 is 0x80 or more), so no character is decoded.
        // All the text's runs are found first, so that their slots can be
        // fetched ahead.
        let bytes = text.as_bytes();
        let mut pending = std::mem::take(&mut self.pending);
        pending.clear();
        let mut add = |start: usize, end: usize| {
            let (key, h) = Key::of(&bytes[start..end]);
            pending.push((key, h, start as u32, end as u32));
        };
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if b < 0x80 && !b.is_ascii_alphanumeric() {
                if start < i {
                    add(start, i);
                }
                start = i + 1;
            }
        }
        if start < text.len() {
            add(start, text.len());
        }
        for &(_, h, _, _) in pending.iter().take(AHEAD) {
            self.runs.prefetch(h);
        }
        for i in 0..pending.len() {
            if let Some(&(_, h, _, _)) = pending.get(i + AHEAD) {
                self.runs.prefetch(h);
            }
            let (key, h, start, end) = pending[i];
            self.run(&text[start as usize..end as usize], &key, h, tokens);
        }
        self.pending = pending;
    }

    /// Appends the word ids of one run of text.
    #[inline]
    fn run(&mut self, run: &'a str, key: &Key, h: u64, tokens: &mut Vec<u32>) {
        let long_runs = &self.long_runs;
        let ids = match self.runs.find(key, h, |n| long_runs[n as usize] == run) {
            Ok(ids) => ids,
            Err(slot) => {
                let ids = self.fold(run);
                self.runs.insert(slot, *key, self.long_runs.len() as u64, ids);
                if run.len() > 16 {
                    self.long_runs.push(run);
                }
                ids
            }
        };
        if ids.len == 1 {
            if ids.at != GAP {
                self.counts[ids.at as usize] += 1;
            }
            tokens.push(ids.at);
        } else {
            for &id in &self.run_ids[ids.at as usize..(ids.at + ids.len) as usize] {
                if id != GAP {
                    self.counts[id as usize] += 1;
                }
                tokens.push(id);
            }
        }
    }

    /// The word ids of a run not seen before in the chunk.
    #[cold]
    fn fold(&mut self, run: &str) -> RunIds {
        let start = self.run_ids.len();
        let mut fold = std::mem::take(&mut self.fold);
        let mut found = std::mem::take(&mut self.run_ids);
        words_with(run, &mut fold, |w, _, _| found.push(self.id(w)));
        self.run_ids = found;
        self.fold = fold;
        match self.run_ids.len() - start {
            1 => RunIds { at: self.run_ids.pop().expect("one id"), len: 1 },
            n => RunIds { at: start as u32, len: n as u32 },
        }
    }

    /// The local id of a folded word (`GAP` when it is too long to be one).
    fn id(&mut self, w: &str) -> u32 {
        if w.len() > MAX_WORD && w.chars().count() > MAX_WORD {
            return GAP;
        }
        let (key, h) = Key::of(w.as_bytes());
        let words = &self.words;
        match self.ids.find(&key, h, |id| words.get(id as u32) == w) {
            Ok(id) => id,
            Err(slot) => {
                let id = self.words.len() as u32;
                self.ids.insert(slot, key, u64::from(id), id);
                self.words.push(w);
                self.counts.push(0);
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
        self.ids.find(&key, h, |id| self.words[id as usize] == w).ok()
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
                Ok(id) => id,
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

    #[test]
    fn runs_of_several_words_and_long_words() {
        let long = "ب".repeat(MAX_WORD + 1);
        let text = format!("كوريا،روسيا كوريا {long} كوريا والاستثمارات والاستثمارات");
        let c = tokenize(0, [doc(&text)].into_iter());
        let v = vocabulary(std::slice::from_ref(&c));
        assert_eq!(v.words, ["كوريا", "روسيا", "والاستثمارات"]);
        assert_eq!(v.counts, [3, 1, 2]);
        assert_eq!(c.tokens[0], [GAP, 0, 1, 0, GAP, 0, 2, 2]);
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
                    c.tokens.iter().map(|t| t.iter().map(|&i| if i == GAP { GAP } else { remap[i as usize] }).collect())
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
