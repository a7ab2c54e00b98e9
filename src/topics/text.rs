//! Tokens and phrase hashes: the matching form of titles, bodies and tags.
//!
//! A word's match key is its [`key`], light-stemmed, and for stems of four
//! letters or more folded for transliteration (غ / گ / ڨ → ج, doubled
//! letters single): `جونغ` and `جونج` meet, `الغرب` and `الجرب` do not. A
//! phrase's hash is the FNV-1a hash of its words' match keys written one
//! after the other *without* a separator, so `بيونجيانج`, `بيونج يانج` and
//! `بيونغ-يانغ` have one hash: hyphen or space inside a foreign name never
//! splits a tag.

use crate::arabic::{is_arabic_letter, is_diacritic, is_stop_key, key, stem_range};

/// Longest phrase matched in text, in words.
pub const MAX_WORDS: usize = 4;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Incremental FNV-1a.
#[derive(Clone, Copy)]
pub struct PhraseHasher(u64);

impl PhraseHasher {
    pub fn new() -> Self {
        PhraseHasher(FNV_OFFSET)
    }
    pub fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
    }
    pub fn finish(self) -> u64 {
        self.0
    }
}

impl Default for PhraseHasher {
    fn default() -> Self {
        Self::new()
    }
}

/// One word of a text. (Offsets are `u32`, like the arena's: 32 bytes a
/// word instead of 40, and automatic keywords keep the words of every thin
/// article between passes.)
#[derive(Debug, Clone)]
pub struct Token {
    /// Byte range of the word in the source text.
    pub start: u32,
    pub end: u32,
    /// Byte range of its match key in [`Doc::arena`].
    pub mk: (u32, u32),
    /// Stop word (or number): never at the edge of a phrase.
    pub stop: bool,
    /// Words are in one phrase only within one segment (punctuation, quotes
    /// and line breaks end a segment; spaces and hyphens do not).
    pub seg: u32,
    /// Starts without the article ال: a hint that it is a name.
    pub bare: bool,
    /// Hash of this word alone (`Doc::hash(i, i + 1)`).
    pub h: u64,
}

/// A tokenized text: its words and their match keys.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub tokens: Vec<Token>,
    pub arena: String,
    /// Tokens before this index come from the title.
    pub title_end: usize,
}

impl Doc {
    pub fn match_key(&self, t: &Token) -> &str {
        &self.arena[t.mk.0 as usize..t.mk.1 as usize]
    }

    /// Hash of tokens `i..j` (see the module comment).
    pub fn hash(&self, i: usize, j: usize) -> u64 {
        let mut h = PhraseHasher::new();
        for t in &self.tokens[i..j] {
            h.feed(self.match_key(t).as_bytes());
        }
        h.finish()
    }

    /// Calls `f(i, j, hash)` for every phrase of 1..=`MAX_WORDS` words inside
    /// one segment.
    pub fn for_each_phrase(&self, f: impl FnMut(usize, usize, u64)) {
        self.for_each_phrase_from(|_| true, f)
    }

    /// [`Doc::for_each_phrase`] for the phrases whose first word's hash
    /// passes `start`.
    pub fn for_each_phrase_from(&self, start: impl Fn(u64) -> bool, mut f: impl FnMut(usize, usize, u64)) {
        let n = self.tokens.len();
        for i in 0..n {
            if !start(self.tokens[i].h) {
                continue;
            }
            let seg = self.tokens[i].seg;
            let mut h = PhraseHasher::new();
            for j in i..(i + MAX_WORDS).min(n) {
                let t = &self.tokens[j];
                if t.seg != seg {
                    break;
                }
                h.feed(self.match_key(t).as_bytes());
                f(i, j + 1, h.finish());
            }
        }
    }
}

/// The hash of every phrase of a [`Doc`], computed once for the several
/// passes that look phrases up (hashing is most of their work).
#[derive(Debug, Clone, Default)]
pub struct Phrases {
    /// `hashes[i * MAX_WORDS + k]`: the phrase of `k + 1` words from token `i`.
    hashes: Vec<u64>,
    /// How many words the phrases from token `i` can have (up to the end
    /// of its segment).
    lens: Vec<u8>,
}

impl Phrases {
    /// Hashes the phrases of `doc`, reusing this buffer.
    ///
    /// The hashes are [`Doc::hash`]'s, computed in one sweep over the words:
    /// the phrases still open at a word (those starting at most
    /// `MAX_WORDS - 1` words before it, in its segment) take its bytes
    /// together. FNV's multiply chain makes one hash wait on every byte, but
    /// the open phrases' chains are independent, so the processor runs them
    /// side by side.
    pub fn of(&mut self, doc: &Doc) {
        let n = doc.tokens.len();
        self.hashes.clear();
        self.hashes.resize(n * MAX_WORDS, 0);
        self.lens.clear();
        self.lens.resize(n, 0);
        // `lanes[i % MAX_WORDS]`: the hash so far of the phrase from word i.
        let mut lanes = [FNV_OFFSET; MAX_WORDS];
        let mut seg_start = 0;
        for (j, t) in doc.tokens.iter().enumerate() {
            if j > 0 && t.seg != doc.tokens[j - 1].seg {
                seg_start = j;
            }
            lanes[j % MAX_WORDS] = FNV_OFFSET;
            for &b in doc.match_key(t).as_bytes() {
                for lane in &mut lanes {
                    *lane = (*lane ^ u64::from(b)).wrapping_mul(FNV_PRIME);
                }
            }
            for i in seg_start.max((j + 1).saturating_sub(MAX_WORDS))..=j {
                self.hashes[i * MAX_WORDS + (j - i)] = lanes[i % MAX_WORDS];
                self.lens[i] = (j - i + 1) as u8;
            }
        }
    }

    /// Calls `f(i, j, hash)` for every phrase, in [`Doc::for_each_phrase`]'s
    /// order.
    pub fn for_each(&self, f: impl FnMut(usize, usize, u64)) {
        self.for_each_from(|_| true, f)
    }

    /// [`Phrases::for_each`] for the phrases whose first word `i` passes
    /// `start(i)`.
    pub fn for_each_from(&self, start: impl Fn(usize) -> bool, mut f: impl FnMut(usize, usize, u64)) {
        for (i, &len) in self.lens.iter().enumerate() {
            if !start(i) {
                continue;
            }
            for k in 0..len as usize {
                f(i, i + k + 1, self.hashes[i * MAX_WORDS + k]);
            }
        }
    }
}

/// A one-hash Bloom filter over phrase hashes. Most phrases of a text are
/// in none of the sets they are looked up in; this says "certainly not" for
/// almost all of them in a few instructions, before a hash map is asked.
/// (It never says no to a member, so results are the map's.)
pub struct Prefilter {
    bits: Vec<u64>,
    shift: u32,
}

impl Prefilter {
    pub fn new(hashes: impl Iterator<Item = u64> + Clone) -> Prefilter {
        // About 32 bits per member: one member in 32 answers "maybe".
        let len = (hashes.clone().count() * 32).next_power_of_two().max(1024);
        let mut f = Prefilter { bits: vec![0; len / 64], shift: 64 - len.trailing_zeros() };
        for h in hashes {
            let i = f.index(h);
            f.bits[i / 64] |= 1 << (i % 64);
        }
        f
    }

    fn index(&self, h: u64) -> usize {
        // FNV's high bits are poorly mixed: multiply before taking them.
        (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    pub fn may_contain(&self, h: u64) -> bool {
        let i = self.index(h);
        self.bits[i / 64] & (1 << (i % 64)) != 0
    }
}

fn is_word_char(c: char) -> bool {
    // The basic Arabic letters (ء to ي, without tatweel) are most of any
    // text: answer them without the general checks.
    matches!(c, '\u{0621}'..='\u{063F}' | '\u{0641}'..='\u{064A}') || is_arabic_letter(c) || c.is_alphanumeric()
}

/// Characters inside a word that are dropped, not separators.
fn is_ignorable(c: char) -> bool {
    is_diacritic(c) || matches!(c, '\u{0640}' | '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}')
}

/// Separators that keep the phrase going.
fn is_soft_separator(c: char) -> bool {
    (c.is_whitespace() && c != '\n') || matches!(c, '-' | '\u{2010}' | '\u{2011}' | '_')
}

/// Appends the tokens of `text` to `doc`; a new segment starts at `text`.
pub fn tokenize_into(doc: &mut Doc, text: &str) {
    // One look at the thread's word cache per text, not per word.
    WORDS.with_borrow_mut(|cache| tokenize_with(doc, text, cache))
}

fn tokenize_with(doc: &mut Doc, text: &str, cache: &mut WordCache) {
    let mut seg = doc.tokens.last().map_or(0, |t| t.seg + 1);
    let mut word_start: Option<usize> = None;
    let mut pending_break = false;
    let mut it = text.char_indices().peekable();
    loop {
        let next = it.next();
        let in_word = matches!(next, Some((_, c)) if is_word_char(c) || (word_start.is_some() && is_ignorable(c)));
        if in_word {
            let (i, _) = next.expect("checked");
            if word_start.is_none() {
                word_start = Some(i);
                if pending_break {
                    seg += 1;
                    pending_break = false;
                }
            }
            continue;
        }
        if let Some(s) = word_start.take() {
            let e = next.map_or(text.len(), |(i, _)| i);
            push_word(doc, cache, &text[s..e], s, e, seg);
        }
        match next {
            None => break,
            Some((_, c)) if is_soft_separator(c) || is_ignorable(c) => {}
            Some(_) => pending_break = true,
        }
    }
}

/// What a word contributes to matching: its match key, stop-word flag,
/// whether it starts without the article, and the hash of its match key.
struct WordInfo {
    key: Box<str>,
    stop: bool,
    bare: bool,
    hash: u64,
}

thread_local! {
    /// Words repeat (Zipf): each thread remembers the words it has seen.
    static WORDS: std::cell::RefCell<WordCache> = std::cell::RefCell::new(WordCache::default());
}

type WordCache = std::collections::HashMap<Box<str>, WordInfo, WordBuild>;

/// A hasher for the word cache: eight bytes a step (FxHash's mixing), where
/// FNV takes one. Cache lookups are a large part of tokenizing, and the
/// cache's hashes never leave it.
#[derive(Default, Clone, Copy)]
struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
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

type WordBuild = std::hash::BuildHasherDefault<WordHasher>;

/// Most words a thread remembers before starting over.
const WORD_CACHE: usize = 1 << 18;

fn word_info(word: &str) -> WordInfo {
    let k = key(word);
    let stop = is_stop_key(&k);
    let bare = !k.starts_with("ال");
    let chars: Vec<char> = k.chars().collect();
    let (s, e) = stem_range(&chars);
    let stem = &chars[s..e];
    let mut mk = String::with_capacity(stem.len() * 2);
    if stem.len() >= 4 {
        let mut prev = None;
        for &c in stem {
            let c = match c {
                'غ' | 'گ' | 'ڨ' => 'ج',
                _ => c,
            };
            if prev != Some(c) {
                mk.push(c);
            }
            prev = Some(c);
        }
    } else {
        mk.extend(stem.iter());
    }
    let mut h = PhraseHasher::new();
    h.feed(mk.as_bytes());
    WordInfo { key: mk.into_boxed_str(), stop, bare, hash: h.finish() }
}

fn push_word(doc: &mut Doc, cache: &mut WordCache, word: &str, start: usize, end: usize, seg: u32) {
    let ks = doc.arena.len() as u32;
    let (stop, bare, h) = match cache.get(word) {
        Some(info) => {
            doc.arena.push_str(&info.key);
            (info.stop, info.bare, info.hash)
        }
        None => {
            if cache.len() >= WORD_CACHE {
                cache.clear();
            }
            let info = word_info(word);
            doc.arena.push_str(&info.key);
            let flags = (info.stop, info.bare, info.hash);
            cache.insert(word.into(), info);
            flags
        }
    };
    let ke = doc.arena.len() as u32;
    doc.tokens.push(Token { start: start as u32, end: end as u32, mk: (ks, ke), stop, seg, bare, h });
}

/// Tokenizes one text.
pub fn tokenize(text: &str) -> Doc {
    let mut d = Doc::default();
    tokenize_into(&mut d, text);
    d
}

/// Title and Markdown body of an article as one document (title first).
pub fn article_doc(title: &str, body: Option<&str>) -> Doc {
    let mut d = Doc::default();
    article_doc_into(&mut d, title, body);
    d
}

/// [`article_doc`] into `doc`, replacing what it held but keeping its
/// buffers: a worker tokenizing article after article allocates (and the
/// system maps fresh pages) only for its longest.
pub fn article_doc_into(doc: &mut Doc, title: &str, body: Option<&str>) {
    doc.tokens.clear();
    doc.arena.clear();
    tokenize_into(doc, title);
    doc.title_end = doc.tokens.len();
    if let Some(b) = body {
        tokenize_into(doc, b);
    }
}

/// Hash of a whole phrase (a tag), or `None` when it has no words.
pub fn phrase_hash(phrase: &str) -> Option<u64> {
    let d = tokenize(phrase);
    (!d.tokens.is_empty()).then(|| d.hash(0, d.tokens.len()))
}

/// A `HashMap` hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        // murmur3's fmix64: FNV leaves the high bits (which hashbrown uses
        // for its control bytes) poorly mixed.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
    fn write(&mut self, bytes: &[u8]) {
        if self.0 == 0 {
            self.0 = FNV_OFFSET;
        }
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type IdBuild = std::hash::BuildHasherDefault<IdHasher>;
pub type HashMapU64<V> = std::collections::HashMap<u64, V, IdBuild>;
pub type HashSetU64 = std::collections::HashSet<u64, IdBuild>;

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        let d = tokenize(text);
        d.tokens.iter().map(|t| d.match_key(t).to_string()).collect()
    }

    #[test]
    fn transliteration_variants_share_a_hash() {
        let h = |s| phrase_hash(s).unwrap();
        assert_eq!(h("كيم جونغ أون"), h("كيم جونج أون"));
        assert_eq!(h("كيم جونغ-أون"), h("كيم جونج أون"));
        assert_eq!(h("بيونج يانج"), h("بيونغ يانغ"));
        assert_eq!(h("بيونجيانج"), h("بيونغ يانغ"));
        assert_eq!(h("شويغو"), h("شويجو"));
        assert_eq!(h("کوریا الشمالیة"), h("كوريا الشمالية"));
        assert_eq!(h("الرئيس الروسى"), h("الرئيس الروسي"));
        assert_eq!(h("كوريا الشماليه"), h("كوريا الشمالية"));
    }

    #[test]
    fn short_words_keep_g_and_j_apart() {
        assert_ne!(phrase_hash("الغرب"), phrase_hash("الجرب"));
        assert_ne!(phrase_hash("غزة"), phrase_hash("جزة"));
    }

    #[test]
    fn doubled_letters_fold_in_long_names() {
        assert_eq!(phrase_hash("هيلاري كلينتون"), phrase_hash("هيلارى كلينتون"));
        assert_eq!(phrase_hash("ميلوني"), phrase_hash("ميللوني"));
        assert_eq!(phrase_hash("موسوليني"), phrase_hash("موسولينى"));
    }

    #[test]
    fn tokens_segments_and_stop_words() {
        let d = tokenize("قال بوتين: “كيم جونج أون” زار روسيا\nوالصين");
        assert_eq!(d.tokens.len(), 8);
        assert!(d.tokens[0].stop);
        assert!(!d.tokens[1].stop);
        assert_ne!(d.tokens[1].seg, d.tokens[2].seg, "a colon and a quote end a segment");
        assert_eq!(d.tokens[2].seg, d.tokens[4].seg);
        assert_ne!(d.tokens[6].seg, d.tokens[7].seg, "a line break ends a segment");
        assert_eq!(keys("وبوتين للتعاون")[0], keys("بوتين التعاون")[0]);
        assert_eq!(keys("وبوتين للتعاون")[1], keys("بوتين التعاون")[1]);
    }

    #[test]
    fn markdown_marks_split_words() {
        let d = tokenize("## عنوان\\_فرعي **غزة**");
        assert_eq!(keys("## عنوان\\_فرعي **غزة**").len(), 3);
        assert_eq!(&"## عنوان\\_فرعي **غزة**"[d.tokens[2].start as usize..d.tokens[2].end as usize], "غزة");
    }

    #[test]
    fn phrase_table_matches_phrase_by_phrase_hashing() {
        let d = tokenize("قال بوتين: “كيم جونج أون” زار روسيا الاتحادية اليوم\nوالصين والهند، بيونج يانج");
        let mut expected = Vec::new();
        d.for_each_phrase(|i, j, h| {
            assert_eq!(h, d.hash(i, j));
            expected.push((i, j, h));
        });
        let mut p = Phrases::default();
        p.of(&tokenize("كلمة أخرى تسبق"));
        p.of(&d);
        let mut got = Vec::new();
        p.for_each(|i, j, h| got.push((i, j, h)));
        assert_eq!(got, expected);
    }

    #[test]
    fn prefilter_never_misses_a_member() {
        let members: Vec<u64> = (0..5_000u64).map(|i| i.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ (i << 7)).collect();
        let f = Prefilter::new(members.iter().copied());
        assert!(members.iter().all(|&h| f.may_contain(h)));
        let strangers =
            (1..=10_000u64).map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x55).filter(|h| !members.contains(h));
        let maybe = strangers.filter(|&h| f.may_contain(h)).count();
        assert!(maybe < 1_000, "{maybe} of 10,000 strangers pass");
        assert!(!Prefilter::new(std::iter::empty()).may_contain(42));
    }

    #[test]
    fn phrases_stay_inside_segments() {
        let d = tokenize("روسيا، كوريا الشمالية");
        let mut n = 0;
        d.for_each_phrase(|_, _, _| n += 1);
        assert_eq!(n, 1 + 3, "روسيا alone, then كوريا, كوريا الشمالية, الشمالية");
    }
}
