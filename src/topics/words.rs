//! Reading the archive's words: every article as a list of word ids, and
//! every distinct written word once, with its uses (what the lexicon
//! reads; see `lexicon`).
//!
//! Reading is parallel by chunks of articles, each with its own table of
//! written words; the tables are merged side by side in shards (a word's
//! shard is fixed by its hash), each in chunk order: ids are the same
//! whatever the number of threads.

use super::text::scan;
use crate::cache::memo::Memo;
use crate::content::Article;
use crate::hash::same_bytes;
use rayon::prelude::*;

/// Between two segments in an article's word list (and between its title
/// and body).
pub const BREAK: u32 = u32::MAX;

/// An article as word ids: the title's segments, [`BREAK`], the body's
/// (read from [`Texts`]).
#[derive(Debug, Clone, Copy)]
pub struct Text<'t> {
    /// Word ids (into `Lexicon::words`), segments separated by [`BREAK`].
    pub ids: &'t [u32],
    /// `ids[..title_len]` is the title.
    pub title_len: usize,
}

/// Every article's [`Text`], the articles of a chunk in one run of ids.
///
/// The texts are held until the grouping has found every mention, and
/// they are its largest part (some 0.7 KB an article). A list of ids per
/// article took a 24-byte header and a length besides the ids, and an
/// allocation of its own; a run per chunk takes 16 bytes an article (15
/// MiB less live, 21 MiB less resident at a million articles).
#[derive(Debug, Default)]
pub struct Texts {
    /// The chunks in the articles' order, counted from the end
    /// ([`from_the_end`]): every chunk full but the first.
    chunks: Vec<TextChunk>,
    /// How many articles there are.
    n: usize,
}

/// The texts of one chunk of articles.
#[derive(Debug, Default)]
pub(super) struct TextChunk {
    /// Every article's ids, one after another.
    pub(super) ids: Vec<u32>,
    /// Where each article's ids end in `ids`.
    pub(super) ends: Vec<usize>,
    /// Each article's `title_len`.
    pub(super) title_lens: Vec<usize>,
}

impl Texts {
    /// How many articles there are.
    fn len(&self) -> usize {
        self.n
    }

    /// Article `a`'s text.
    pub fn get(&self, a: usize) -> Text<'_> {
        // Chunk `c` from the end holds the articles `c * CHUNK ..` from the
        // last, the first in order the one furthest from it.
        let from_end = self.n - 1 - a;
        let c = from_end / CHUNK;
        let chunk = &self.chunks[self.chunks.len() - 1 - c];
        let k = ((c + 1) * CHUNK).min(self.n) - 1 - from_end;
        let start = if k == 0 { 0 } else { chunk.ends[k - 1] };
        Text { ids: &chunk.ids[start..chunk.ends[k]], title_len: chunk.title_lens[k] }
    }

    /// Every article's text in order, in parallel.
    pub fn par_iter(&self) -> impl IndexedParallelIterator<Item = Text<'_>> + '_ {
        (0..self.len()).into_par_iter().map(|a| self.get(a))
    }

    /// Every article's text in order.
    #[cfg(test)]
    pub fn iter(&self) -> impl Iterator<Item = Text<'_>> + '_ {
        (0..self.len()).map(|a| self.get(a))
    }
}

/// Articles per chunk read by one task (and per run of [`Texts`]).
pub(super) const CHUNK: usize = 256;

/// `0..n` cut into ranges of `size` counted from the end (the first range
/// the short one): the articles come newest first, so articles added to
/// an archive leave every range of the older ones as it was, and the
/// build cache keeps their reading (`kept`).
pub(super) fn from_the_end(n: usize, size: usize) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::with_capacity(n / size.max(1) + 1);
    let (mut start, mut end) = (
        0,
        match n % size.max(1) {
            0 => size.min(n),
            short => short,
        },
    );
    while start < n {
        ranges.push(start..end);
        (start, end) = (end, end.saturating_add(size).min(n));
    }
    ranges
}

/// Tables the written words are merged into side by side: a word's table
/// is fixed by its hash, so ids do not depend on threads.
const SHARDS: usize = 16;

pub(super) fn shard_of_hash(h: u64) -> usize {
    (h >> 60) as usize % SHARDS
}

/// FxHash's mixing over a word's bytes, eight at a time.
pub(super) fn word_hash(w: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let bytes = w.as_bytes();
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in chunks.by_ref() {
        h = (h.rotate_left(5) ^ u64::from_le_bytes(c.try_into().expect("eight bytes"))).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(last)).wrapping_mul(K);
    }
    h
}

/// Distinct written words, each once, in order of first use: an
/// open-addressing table of ids that keeps each word's hash, so no word is
/// hashed twice (reading a word is mostly looking it up). The words are
/// copied one after another into one string: a chunk's table may not borrow
/// from its articles' texts, which a large archive reads from its body file
/// and drops (`content::body`).
pub(super) struct Interner {
    /// id + 1 per slot, 0 when empty; a power of two long.
    slots: Vec<u32>,
    text: String,
    /// Where each word ends in `text`.
    ends: Vec<u32>,
    hashes: Vec<u64>,
}

impl Interner {
    pub(super) fn new() -> Self {
        Interner { slots: vec![0; 1 << 13], text: String::new(), ends: Vec::new(), hashes: Vec::new() }
    }

    /// The table of the words `text` holds end to end, word `i` ending at
    /// `ends[i]` (as [`Interner::words`] gives them), distinct.
    pub(super) fn from_words(text: String, ends: Vec<u32>) -> Self {
        let mut table = Interner { slots: Vec::new(), text, ends, hashes: Vec::new() };
        table.hashes = (0..table.len()).map(|i| word_hash(table.get(i))).collect();
        // Half the slots a table of these words has: `grow` doubles them
        // and places every word.
        table.slots = vec![0; (table.len() * 2).next_power_of_two().max(1 << 13) / 2];
        table.grow();
        table
    }

    /// The words end to end, and where each ends.
    pub(super) fn words(&self) -> (&str, &[u32]) {
        (&self.text, &self.ends)
    }

    /// Word `id`.
    pub(super) fn get(&self, id: usize) -> &str {
        let start = if id == 0 { 0 } else { self.ends[id - 1] as usize };
        &self.text[start..self.ends[id] as usize]
    }

    pub(super) fn id(&mut self, w: &str) -> u32 {
        self.id_hashed(w, word_hash(w))
    }

    /// [`Interner::id`] of a word whose [`word_hash`] is `h`.
    fn id_hashed(&mut self, w: &str, h: u64) -> u32 {
        self.find(w, h).unwrap_or_else(|slot| self.insert(w, h, slot))
    }

    /// The word's id, or the empty slot where it goes.
    pub(super) fn find(&self, w: &str, h: u64) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut i = (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask;
        loop {
            match self.slots[i] {
                0 => return Err(i),
                s => {
                    let id = (s - 1) as usize;
                    if self.hashes[id] == h && same_bytes(self.get(id).as_bytes(), w.as_bytes()) {
                        return Ok(id as u32);
                    }
                }
            }
            i = (i + 1) & mask;
        }
    }

    fn insert(&mut self, w: &str, h: u64, i: usize) -> u32 {
        let id = self.ends.len() as u32;
        self.text.push_str(w);
        self.ends.push(self.text.len() as u32);
        self.hashes.push(h);
        self.slots[i] = id + 1;
        if self.ends.len() * 2 > self.slots.len() {
            self.grow();
        }
        id
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    fn grow(&mut self) {
        let len = self.slots.len() * 2;
        let mut slots = vec![0u32; len];
        for (id, &h) in self.hashes.iter().enumerate() {
            let mut i = (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & (len - 1);
            while slots[i] != 0 {
                i = (i + 1) & (len - 1);
            }
            slots[i] = id as u32 + 1;
        }
        self.slots = slots;
    }
}

/// The words one task read from a chunk of articles: each once, with its
/// uses and segment ends. Made by [`read_chunk`], merged into the shards
/// and dropped by [`read`].
pub(super) struct Chunk {
    pub(super) table: Interner,
    pub(super) counts: Vec<u32>,
    pub(super) ends: Vec<u32>,
    /// Indices into `table`'s words, by shard.
    by_shard: Vec<Vec<u32>>,
}

impl Chunk {
    /// A chunk of the words in `table`, with their uses and segment ends.
    pub(super) fn new(table: Interner, counts: Vec<u32>, ends: Vec<u32>) -> Chunk {
        let mut by_shard = vec![Vec::new(); SHARDS];
        for (i, &h) in table.hashes.iter().enumerate() {
            by_shard[shard_of_hash(h)].push(i as u32);
        }
        Chunk { table, counts, ends, by_shard }
    }
}

/// Chunks read side by side before they are merged into the shards. The
/// chunks' tables repeat every common word, so holding all of them until
/// the end was the largest part of a build's peak (8 KB an article: some
/// 8 GiB at a million); a wave of them holds 8,192 articles' worth.
const WAVE: usize = 32;

/// A word's place until every wave is merged: its shard in the top bits,
/// its id in the shard below. The vocabulary's ids (shards one after
/// another) are known only when the last wave has been merged.
const LOCAL_BITS: u32 = 28;

/// Reads `articles` (titles and bodies) into the vocabulary, with the
/// words of `extra` strings (tags, aliases, known subjects), which are not
/// counted as uses, and returns each article as the vocabulary's word ids.
///
/// Chunks of articles are read in parallel, a wave at a time, and each
/// wave is merged into the shards, shard by shard, in chunk order before
/// the next is read: ids are the same whatever the number of threads or
/// the size of a wave. A body read from the body file is dropped as soon
/// as its chunk has read it.
pub fn read<'e>(articles: &[Article], extra: impl Iterator<Item = &'e str>) -> (Vocabulary, Texts) {
    read_with(articles, extra, None)
}

/// [`read`], taking each wave's reading from `memo` when a build read the
/// same articles before, and keeping there the waves it reads.
pub fn read_with<'e>(
    articles: &[Article],
    extra: impl Iterator<Item = &'e str>,
    memo: Option<&Memo>,
) -> (Vocabulary, Texts) {
    read_in_waves(articles, extra, CHUNK * WAVE, memo)
}

/// [`read`], `wave_len` articles at a time (rounded up to whole chunks;
/// waves and chunks counted from the end, [`from_the_end`]).
fn read_in_waves<'e>(
    articles: &[Article],
    extra: impl Iterator<Item = &'e str>,
    wave_len: usize,
    memo: Option<&Memo>,
) -> (Vocabulary, Texts) {
    let mut shards: Vec<Shard> = (0..SHARDS).map(|_| Shard::new()).collect();
    let n = articles.len();
    let mut texts = Texts { chunks: Vec::with_capacity(n.div_ceil(CHUNK) + 1), n };
    for wave in from_the_end(n, wave_len.div_ceil(CHUNK).max(1).saturating_mul(CHUNK)) {
        let tables = read_wave(&articles[wave], memo);
        // Per shard, per table of the wave: (index in the table's words,
        // id in the shard).
        let remaps: Vec<Vec<Vec<(u32, u32)>>> = shards
            .par_iter_mut()
            .enumerate()
            .map(|(s, shard)| tables.iter().map(|(c, _)| shard.merge(c, s)).collect())
            .collect();
        let placed: Vec<Vec<TextChunk>> = tables
            .into_par_iter()
            .enumerate()
            .map(|(ci, (c, mut chunk_texts))| {
                let mut place = vec![0u32; c.table.len()];
                for (s, shard_remaps) in remaps.iter().enumerate() {
                    for &(i, id) in &shard_remaps[ci] {
                        place[i as usize] = ((s as u32) << LOCAL_BITS) | id;
                    }
                }
                for id in chunk_texts.iter_mut().flat_map(|t| t.ids.iter_mut()) {
                    if *id != BREAK {
                        *id = place[*id as usize];
                    }
                }
                chunk_texts
            })
            .collect();
        texts.chunks.extend(placed.into_iter().flatten());
    }
    // Words of tags and known subjects are words the archive may use:
    // read, never counted as uses, but known to exist.
    let mut known_words: Vec<(usize, u32)> = Vec::new();
    for e in extra {
        scan(e, |w, _| {
            let h = word_hash(w);
            let id = shards[shard_of_hash(h)].id(w, h);
            known_words.push((shard_of_hash(h), id));
        });
    }
    let offsets: Vec<u32> =
        shards.iter().scan(0u32, |o, s| Some(std::mem::replace(o, *o + s.ids.len() as u32))).collect();
    texts.chunks.par_iter_mut().flat_map_iter(|c| c.ids.iter_mut()).for_each(|id| {
        if *id != BREAK {
            *id = offsets[(*id >> LOCAL_BITS) as usize] + (*id & ((1 << LOCAL_BITS) - 1));
        }
    });
    let (mut counts, mut ends, mut tables) = (Vec::new(), Vec::new(), Vec::with_capacity(SHARDS));
    for (shard, &offset) in shards.into_iter().zip(&offsets) {
        counts.extend(shard.counts);
        ends.extend(shard.ends);
        tables.push((shard.ids, offset));
    }
    let mut known = vec![false; counts.len()];
    for (s, id) in known_words {
        known[(offsets[s] + id) as usize] = true;
    }
    (Vocabulary { tables, counts, ends, known }, texts)
}

/// A table of words and the chunks of articles whose ids point into it:
/// one chunk for each table when read, the whole wave under one table
/// when taken from the build cache.
pub(super) type Tables = Vec<(Chunk, Vec<TextChunk>)>;

/// Reads a wave of articles, a chunk a task ([`from_the_end`] within it,
/// which keeps the chunks of the whole), or takes its reading from `memo`
/// when a build read the same titles and bodies. A wave read while a body
/// could not be read back is not kept (the build fails).
fn read_wave(wave: &[Article], memo: Option<&Memo>) -> Tables {
    let memo = memo.map(|memo| (memo, super::kept::inputs(wave)));
    let kept = memo.and_then(|(memo, inputs)| memo.get(super::kept::KIND, inputs));
    if let Some(found) = kept.and_then(|part| super::kept::decode(&part, wave.len())) {
        return vec![found];
    }
    let read: Tables = from_the_end(wave.len(), CHUNK)
        .into_par_iter()
        .map(|chunk| {
            let (words, text) = read_chunk(&wave[chunk]);
            (words, vec![text])
        })
        .collect();
    let unread = crate::content::body::failure(wave).is_some();
    if let Some((memo, inputs)) = memo.filter(|_| !unread) {
        memo.put(super::kept::KIND, inputs, &super::kept::encode(&read));
    }
    read
}

/// Reads one chunk of articles: its table of words, and each article as
/// ids into that table.
pub(super) fn read_chunk(part: &[Article]) -> (Chunk, TextChunk) {
    let mut table = Interner::new();
    let (mut counts, mut ends) = (Vec::new(), Vec::new());
    let mut texts =
        TextChunk { ids: Vec::new(), ends: Vec::with_capacity(part.len()), title_lens: Vec::with_capacity(part.len()) };
    for a in part {
        let body = a.body_text();
        let start = texts.ids.len();
        read_into(&a.title, &mut table, &mut counts, &mut ends, &mut texts.ids);
        texts.title_lens.push(texts.ids.len() - start);
        texts.ids.push(BREAK);
        read_into(&body, &mut table, &mut counts, &mut ends, &mut texts.ids);
        texts.ends.push(texts.ids.len());
    }
    // Every text is kept until the grouping ends: in a block of its size.
    texts.ids = crate::memory::fit(texts.ids);
    (Chunk::new(table, counts, ends), texts)
}

/// One shard of the merged vocabulary.
struct Shard {
    ids: Interner,
    counts: Vec<u32>,
    ends: Vec<u32>,
}

impl Shard {
    fn new() -> Shard {
        Shard { ids: Interner::new(), counts: Vec::new(), ends: Vec::new() }
    }

    /// The id of a word (`h` its hash), new ones counted from zero uses.
    fn id(&mut self, w: &str, h: u64) -> u32 {
        let id = self.ids.id_hashed(w, h);
        if id as usize == self.counts.len() {
            // Ids are below 2^28 - 1 (BREAK must not be a placed word): a
            // shard would need 268 million distinct words to reach it.
            assert!(id < (1 << LOCAL_BITS) - 1, "more than 268 million distinct words in one shard");
            self.counts.push(0);
            self.ends.push(0);
        }
        id
    }

    /// Adds chunk `c`'s words of shard `s`, with their uses: (index in the
    /// chunk's words, id in this shard) for each.
    fn merge(&mut self, c: &Chunk, s: usize) -> Vec<(u32, u32)> {
        c.by_shard[s]
            .iter()
            .map(|&i| {
                let id = self.id(c.table.get(i as usize), c.table.hashes[i as usize]);
                self.counts[id as usize] += c.counts[i as usize];
                self.ends[id as usize] += c.ends[i as usize];
                (i, id)
            })
            .collect()
    }
}

/// Appends the words of `text` to `ids`, counting uses and segment ends.
fn read_into(text: &str, table: &mut Interner, counts: &mut Vec<u32>, ends: &mut Vec<u32>, ids: &mut Vec<u32>) {
    let mut last: Option<u32> = None;
    scan(text, |w, starts| {
        if starts {
            if let Some(l) = last {
                ends[l as usize] += 1;
                ids.push(BREAK);
            }
        }
        let id = table.id(w);
        if id as usize == counts.len() {
            counts.push(0);
            ends.push(0);
        }
        counts[id as usize] += 1;
        ids.push(id);
        last = Some(id);
    });
    if let Some(l) = last {
        ends[l as usize] += 1;
    }
}

/// Every distinct word the archive's texts and the `extra` strings use,
/// once, with its uses and segment ends: what `Lexicon::build` reads.
pub struct Vocabulary {
    /// Per shard, its table of words and the id of its first word.
    pub(super) tables: Vec<(Interner, u32)>,
    pub(super) counts: Vec<u32>,
    pub(super) ends: Vec<u32>,
    /// Used by an `extra` string.
    pub(super) known: Vec<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2,300 articles (nine chunks) whose words recur across chunks, with
    /// some words used once only, late.
    fn archive() -> Vec<Article> {
        (0..2300)
            .map(|i| {
                let title = format!("عنوان {} الخبر", ["جدة", "الرياض", "ترامب", "مكة"][i % 4]);
                let body = format!("وصل الوزير إلى مدينة{} اليوم. كلمة{} وحدها، ثم جدة", i % 37, i);
                crate::content::parse_article(
                    "content/articles/a.md",
                    &format!("+++\ntitle = \"{title}\"\n+++\n{body}"),
                )
                .unwrap()
            })
            .collect()
    }

    fn word(v: &Vocabulary, id: u32) -> &str {
        let (table, offset) = v.tables.iter().rev().find(|(_, o)| *o <= id).unwrap();
        table.get((id - offset) as usize)
    }

    /// Everything `read` gives, with words spelled out.
    #[derive(PartialEq)]
    struct Spelled {
        words: Vec<String>,
        counts: Vec<u32>,
        ends: Vec<u32>,
        known: Vec<bool>,
        texts: Vec<Vec<u32>>,
    }

    fn spelled(v: &Vocabulary, texts: &Texts) -> Spelled {
        Spelled {
            words: (0..v.counts.len() as u32).map(|id| word(v, id).to_string()).collect(),
            counts: v.counts.clone(),
            ends: v.ends.clone(),
            known: v.known.clone(),
            texts: texts.iter().map(|t| t.ids.to_vec()).collect(),
        }
    }

    #[test]
    fn waves_give_the_ids_of_one_pass() {
        let articles = archive();
        let extra = ["الهلال الأحمر", "جدة"];
        let (v, t) = read_in_waves(&articles, extra.into_iter(), usize::MAX, None);
        let whole = spelled(&v, &t);
        for wave_len in [CHUNK, 3 * CHUNK, 1000] {
            let (v, t) = read_in_waves(&articles, extra.into_iter(), wave_len, None);
            assert!(spelled(&v, &t) == whole, "waves of {wave_len} articles");
        }
        // The first word read is the first id; a word of `extra` only is
        // known but never counted.
        assert_eq!(word(&v, t.get(0).ids[0]), "عنوان");
        let hilal = (0..v.counts.len() as u32).find(|&id| word(&v, id) == "الهلال").unwrap();
        assert!(v.known[hilal as usize] && v.counts[hilal as usize] == 0);
    }

    #[test]
    fn waves_kept_in_the_build_cache_give_the_reading_of_a_fresh_pass() {
        let tmp = tempfile::tempdir().unwrap();
        let memo = || crate::cache::memo::Memo::new(tmp.path(), 1);
        let mut articles = archive();
        let extra = ["الهلال الأحمر", "جدة"];
        let read = |articles: &[Article], memo: Option<&crate::cache::memo::Memo>| {
            let (v, t) = read_in_waves(articles, extra.into_iter(), 3 * CHUNK, memo);
            spelled(&v, &t)
        };
        let first = memo();
        assert!(read(&articles, Some(&first)) == read(&articles, None), "read and kept");
        let (taken, made) = first.counts();
        assert_eq!((taken, made), (0, 3), "2,300 articles: waves of 764, 768 and 768 (counted from the end)");
        first.sweep();
        let again = memo();
        assert!(read(&articles, Some(&again)) == read(&articles, None), "every wave taken");
        assert_eq!(again.counts(), (3, 0));
        // Articles come newest first: ten new ones at the front change the
        // short first wave only, and the others are taken. Here it fills
        // up (764 + 4) and a new one starts (6): 6, 768, 768, 768.
        let new: Vec<Article> = archive().into_iter().take(10).collect();
        articles.splice(0..0, new);
        let after = memo();
        assert!(read(&articles, Some(&after)) == read(&articles, None), "ten new articles");
        assert_eq!(after.counts(), (2, 2));
        // An edited body is another reading.
        articles[2000] =
            crate::content::parse_article("content/articles/a.md", "+++\ntitle = \"عنوان\"\n+++\nنص آخر").unwrap();
        let edited = memo();
        assert!(read(&articles, Some(&edited)) == read(&articles, None), "an edit");
        assert_eq!(edited.counts(), (3, 1), "the oldest wave read again");
    }

    #[test]
    fn texts_spell_their_articles_whatever_the_threads() {
        let articles = archive();
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let four = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
        let (v1, t1) = one.install(|| read(&articles, std::iter::empty()));
        let (v4, t4) = four.install(|| read(&articles, std::iter::empty()));
        assert!(spelled(&v1, &t1) == spelled(&v4, &t4));
        assert_eq!(t4.len(), 2300);
        let last = t4.get(2299);
        let title: Vec<&str> = last.ids[..last.title_len].iter().map(|&id| word(&v4, id)).collect();
        assert_eq!(title, ["عنوان", "مكة", "الخبر"]);
        let body: Vec<&str> =
            last.ids[last.title_len + 1..].iter().filter(|&&id| id != BREAK).map(|&id| word(&v4, id)).collect();
        assert_eq!(body, ["وصل", "الوزير", "إلى", "مدينة5", "اليوم", "كلمة2299", "وحدها", "ثم", "جدة"]);
        // Each article reads as its own words, on both sides of a chunk's end.
        // The first chunk is the short one (2,300 = 252 + 8 × 256).
        for a in [0, 251, 252, CHUNK - 1, CHUNK, 2 * CHUNK - 1, 2 * CHUNK, 2299] {
            let text = t4.get(a);
            let words: Vec<&str> = text.ids.iter().filter(|&&id| id != BREAK).map(|&id| word(&v4, id)).collect();
            assert_eq!(words[..3], ["عنوان", ["جدة", "الرياض", "ترامب", "مكة"][a % 4], "الخبر"], "article {a}");
            assert_eq!(words[8], format!("كلمة{a}"), "article {a}");
            assert_eq!((text.title_len, words.len()), (3, 12), "article {a}");
        }
        let once = (0..v4.counts.len() as u32).find(|&id| word(&v4, id) == "كلمة2299").unwrap();
        assert_eq!(v4.counts[once as usize], 1);
    }
}
