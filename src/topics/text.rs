//! Words and hashes: how titles, bodies and tags are cut into words, and the
//! hash maps and filters the grouping looks phrases up in.
//!
//! A text is cut into words and *segments*: punctuation, quotes and line
//! breaks end a segment, spaces and hyphens do not, and a phrase never runs
//! across two segments (`روسيا، كوريا الشمالية` holds no phrase
//! `روسيا كوريا`).
//!
//! [`phrase_hash`] is the hash under which spellings of one tag meet when
//! tags are merged: the variant keys ([`variant_key`]) of its words written
//! one after the other *without* a separator, so `بيونجيانج`, `بيونج يانج`
//! and `بيونغ-يانغ` have one hash: a hyphen or space inside a foreign name
//! never splits a tag. Text is matched word by word instead (see
//! [`super::lexicon`]).

use crate::arabic::{is_arabic_letter, is_diacritic, key, variant_key};

pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
pub(crate) const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Incremental FNV-1a.
#[derive(Clone, Copy)]
pub struct PhraseHasher(u64);

impl PhraseHasher {
    /// A hasher that has read nothing.
    pub fn new() -> Self {
        PhraseHasher(FNV_OFFSET)
    }
    /// Reads `bytes` (a word's variant key: no separator between words).
    pub fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
    }
    /// The hash of everything fed.
    pub fn finish(self) -> u64 {
        self.0
    }
}

impl Default for PhraseHasher {
    fn default() -> Self {
        Self::new()
    }
}

/// Calls `word(w, starts_segment)` for every word of `text`, in order.
/// Diacritics, tatweel and joiners inside a word stay in it (they are
/// dropped by [`key`]).
///
/// Reads bytes, not characters: Arabic letters and ASCII are decided from
/// one or two bytes without decoding (reading words is most of reading an
/// archive); other characters go through the same tests decoded.
pub fn scan<'t>(text: &'t str, mut word: impl FnMut(&'t str, bool)) {
    let bytes = text.as_bytes();
    let mut word_start: Option<usize> = None;
    let mut pending_break = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (class, len) = if b < 0x80 {
            (ascii_class(b), 1)
        } else if (0xC2..0xE0).contains(&b) {
            let c = (u32::from(b & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
            let class = match c {
                0x0621..=0x063A | 0x0641..=0x064A => Class::Word,
                _ => char_class(char::from_u32(c).expect("two-byte UTF-8 is a char")),
            };
            (class, 2)
        } else {
            let c = text[i..].chars().next().expect("a char starts here");
            (char_class(c), c.len_utf8())
        };
        match class {
            Class::Word => {
                if word_start.is_none() {
                    word_start = Some(i);
                }
            }
            // Inside a word a mark stays; outside it is nothing.
            Class::Ignorable => {}
            Class::Soft | Class::Hard => {
                if let Some(s) = word_start.take() {
                    word(&text[s..i], std::mem::take(&mut pending_break));
                }
                if class == Class::Hard {
                    pending_break = true;
                }
            }
        }
        i += len;
    }
    if let Some(s) = word_start {
        word(&text[s..], pending_break);
    }
}

/// What a character does to words and segments.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Part of a word.
    Word,
    /// Dropped: a diacritic, tatweel, joiner or direction mark.
    Ignorable,
    /// Ends a word, not the segment (space, hyphen).
    Soft,
    /// Ends the segment (punctuation, quotes, line break).
    Hard,
}

fn ascii_class(b: u8) -> Class {
    match b {
        b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => Class::Word,
        b'\n' => Class::Hard,
        b' ' | b'\t' | b'\r' | 0x0B | 0x0C | b'-' | b'_' => Class::Soft,
        _ => Class::Hard,
    }
}

fn char_class(c: char) -> Class {
    if is_word_char(c) {
        Class::Word
    } else if is_ignorable(c) {
        Class::Ignorable
    } else if is_soft_separator(c) {
        Class::Soft
    } else {
        Class::Hard
    }
}

/// Hash of a whole phrase (a tag) for merging spellings, or `None` when it
/// has no words (see the module comment).
pub fn phrase_hash(phrase: &str) -> Option<u64> {
    let mut h = PhraseHasher::new();
    let mut any = false;
    scan(phrase, |w, _| {
        h.feed(variant_key(&key(w)).as_bytes());
        any = true;
    });
    any.then(|| h.finish())
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
    /// A filter holding `hashes` (iterated twice: to size it, then to fill it).
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
        // Multiply first: the high bits are taken.
        (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// False when `h` is certainly not a member; true when it may be.
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
    is_diacritic(c)
        || matches!(c, '\u{0640}' | '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}')
}

/// Separators that keep the phrase going.
fn is_soft_separator(c: char) -> bool {
    (c.is_whitespace() && c != '\n') || matches!(c, '-' | '\u{2010}' | '\u{2011}' | '_')
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
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n);
    }
}

/// Builds [`IdHasher`]s.
pub type IdBuild = std::hash::BuildHasherDefault<IdHasher>;
/// A map keyed by phrase hashes (or ids), which are not hashed again.
pub type HashMapU64<V> = std::collections::HashMap<u64, V, IdBuild>;
/// A set of phrase hashes (or ids), which are not hashed again.
pub type HashSetU64 = std::collections::HashSet<u64, IdBuild>;

/// The hasher of the word maps (see [`crate::hash::FxHasher`]).
pub type WordBuild = crate::hash::FxBuild;

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, bool)> {
        let mut v = Vec::new();
        scan(text, |w, s| v.push((w.to_string(), s)));
        v
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
        assert_eq!(h("الحوثيين"), h("الحوثيون"));
        assert_ne!(h("الأهلية"), h("الأهلي"));
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
    fn words_and_segments() {
        let w = words("قال بوتين: “كيم جونج أون” زار روسيا\nوالصين");
        let texts: Vec<&str> = w.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(texts, ["قال", "بوتين", "كيم", "جونج", "أون", "زار", "روسيا", "والصين"]);
        let starts: Vec<bool> = w.iter().map(|x| x.1).collect();
        assert_eq!(starts, [true, false, true, false, false, true, false, true], "colon, quotes and line breaks");
        assert!(!words("كيم جونغ-أون")[2].1, "a hyphen keeps the segment");
    }

    #[test]
    fn marks_inside_words_stay_and_markdown_marks_split() {
        let w = words("مُحَمَّد الســلام \u{200F}غزة");
        assert_eq!(w.len(), 3);
        assert_eq!(key(&w[0].0), "محمد");
        let w = words("## عنوان\\_فرعي **غزة**");
        assert_eq!(w.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(), ["عنوان", "فرعي", "غزة"]);
    }

    /// The character-by-character reading `scan` does on bytes.
    fn scan_by_chars(text: &str) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        let (mut start, mut pending) = (None, true);
        for (i, c) in text.char_indices().chain(std::iter::once((text.len(), '\n'))) {
            if is_word_char(c) && i < text.len() {
                start.get_or_insert(i);
            } else if is_ignorable(c) && i < text.len() {
            } else {
                if let Some(s) = start.take() {
                    out.push((text[s..i].to_string(), std::mem::take(&mut pending)));
                }
                pending |= !is_soft_separator(c);
            }
        }
        out
    }

    #[test]
    fn byte_reading_matches_character_reading() {
        let pieces = [
            "بوتين",
            "، ",
            " ",
            "-",
            "\n",
            "كيمُ",
            "ـ",
            "\u{200F}",
            "Reuters",
            "٢٠٢٣",
            "2023",
            "“",
            "”",
            "«",
            "»",
            "\u{a0}",
            "ک",
            "ی",
            "\u{FEFB}",
            "!",
            "?",
            "؟",
            "؛",
            ".",
            "é",
            "日本",
            "🙂",
            "\t",
            "_",
            "\u{0670}",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..12 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            assert_eq!(words(&text), scan_by_chars(&text), "{text:?}");
        }
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
}
