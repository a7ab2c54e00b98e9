//! The archive's words, read once: every article as a list of word ids,
//! and for every distinct word how it reads.
//!
//! A written word (`وبالرياض`) has a *matching key*: its proclitics split
//! off where the archive confirms them ([`strip_proclitics`]), then folded
//! to its spelling cluster ([`variant_key`]): `الرياض`. Words with one key
//! are one word for matching; a phrase is a list of keys. Each key has the
//! *classes* that decide whether a phrase can be a subject ([`class`]) and
//! two counts: how often it is used, and how often it ends a segment (a
//! word that never ends one is the head of a longer phrase: `إعادة`,
//! `مكافحة`).
//!
//! A word can also be read another way at the start of a phrase (`بعيد` is
//! "far" more often than ب + `عيد`, yet `بعيد الفطر` is "on Eid al-Fitr"):
//! [`Word::alt`].
//!
//! The words themselves are read by `words`; the lexicon borrows them.

pub use super::classes::bits as class;
use super::classes::classify;
use super::knowledge::Classes;
use super::text::{scan, WordBuild};
pub use super::words::{read, read_with, Text, Texts, Vocabulary, BREAK};
use super::words::{shard_of_hash, word_hash, Interner};
use crate::arabic::clitics::{proclitic_splits, strip_proclitics, Split};
use crate::arabic::{is_stop_key, key, strip_diacritics, variant_key};
use rayon::prelude::*;
use std::collections::HashMap;

/// No other reading.
pub const NO_KEY: u32 = u32::MAX;

/// One distinct written word.
#[derive(Debug, Clone)]
pub struct Word<'a> {
    /// As written in the text.
    pub text: &'a str,
    /// Letters of proclitics before the word itself (`بجدة`: 1).
    pub prefix_chars: u8,
    /// Its matching key.
    pub key: u32,
    /// Another reading at the start of a phrase, or [`NO_KEY`].
    pub alt: u32,
    /// Carries a conjunction or a preposition: a phrase found by statistics
    /// does not run through it (`السياحة والآثار`, `زلزال بقوة`).
    pub inner_break: bool,
    /// Written with ل before the article (`للمناصحة`).
    pub lam_article: bool,
}

/// One matching key.
#[derive(Debug, Clone)]
pub struct Key {
    /// The key itself (`الرياض`).
    pub text: Box<str>,
    /// Uses in the archive (all its written words).
    pub count: u32,
    /// Uses at the end of a segment.
    pub seg_end: u32,
    /// Its [`class`] bits.
    pub class: u32,
}

impl Key {
    /// Whether it has any of the [`class`] bits in `c`.
    pub fn is(&self, c: u32) -> bool {
        self.class & c != 0
    }

    /// Share of its uses that end a segment.
    pub fn end_ratio(&self) -> f64 {
        f64::from(self.seg_end) / f64::from(self.count.max(1))
    }
}

/// The archive's vocabulary.
pub struct Lexicon<'a> {
    /// Every distinct written word, by id.
    pub words: Vec<Word<'a>>,
    /// Every matching key, by id (what `Word::key` holds).
    pub keys: Vec<Key>,
    /// Written word → id, in tables by the word's hash, and the
    /// first id of each table's words.
    ids: &'a [(Interner, u32)],
}

impl<'a> Lexicon<'a> {
    /// The lexicon of `vocabulary`'s words. Words used fewer than
    /// `min_uses` times get only the classes that need no counts: they
    /// cannot be in a phrase of `min_uses` articles.
    pub fn build(vocabulary: &'a Vocabulary, classes: &Classes, min_uses: u32) -> Lexicon<'a> {
        let written: Vec<&'a str> =
            vocabulary.tables.iter().flat_map(|(table, _)| (0..table.len()).map(|i| table.get(i))).collect();
        let v = vocabulary;
        let mut lexicon = Lexicon::from_words(&written, &v.counts, &v.ends, &v.known, classes, min_uses);
        lexicon.ids = &v.tables;
        lexicon
    }

    fn from_words(
        written: &[&'a str],
        counts: &[u32],
        ends: &[u32],
        known: &[bool],
        classes: &Classes,
        min_uses: u32,
    ) -> Lexicon<'a> {
        // Written words → normalized keys, with their uses.
        let norm_of: Vec<String> = written.par_iter().map(|w| key(w)).collect();
        let mut norm_ids: HashMap<&str, u32, WordBuild> = HashMap::default();
        let mut norms: Vec<&str> = Vec::new();
        let mut norm_counts: Vec<u64> = Vec::new();
        let word_norm: Vec<u32> = norm_of
            .iter()
            .zip(counts.iter().zip(known))
            .map(|(k, (&n, &known))| {
                let id = *norm_ids.entry(k.as_str()).or_insert_with(|| {
                    norms.push(k.as_str());
                    norm_counts.push(0);
                    (norms.len() - 1) as u32
                });
                // A word of a tag or known subject exists, used or not.
                norm_counts[id as usize] += u64::from(n) + u64::from(known);
                id
            })
            .collect();
        let attested = |k: &str| norm_ids.get(k).map_or(0, |&i| norm_counts[i as usize]);

        // Each normalized key's reading and other reading.
        let readings: Vec<(Option<Split>, Option<String>)> = norms
            .par_iter()
            .map(|k| {
                let split = strip_proclitics(k, attested);
                let other = match &split {
                    Some(_) => Some(k.to_string()),
                    None => proclitic_splits(k)
                        .into_iter()
                        .find(|s| s.word.chars().count() >= 3 && !is_stop_key(&s.word) && attested(&s.word) > 0)
                        .map(|s| s.word),
                };
                (split, other)
            })
            .collect();
        // Each normalized key's word once its proclitics are off, and the
        // uses of each such word.
        let reading_of: Vec<&str> =
            norms.iter().zip(&readings).map(|(k, (split, _))| split.as_ref().map_or(*k, |s| s.word.as_str())).collect();
        let mut reading_counts: HashMap<&str, u64, WordBuild> = HashMap::default();
        for (r, &n) in reading_of.iter().zip(&norm_counts) {
            *reading_counts.entry(r).or_insert(0) += n;
        }
        let matching: Vec<(String, Option<String>)> = reading_of
            .par_iter()
            .zip(&readings)
            .map(|(word, (_, other))| (variant_key(word), other.as_deref().map(variant_key)))
            .collect();

        // Matching keys, with their uses, and the word each is most used as
        // (its classes are found on that word, before spellings are folded:
        // `غيرهم` is `غير` + هم, though its key is `جيرهم`).
        let mut key_ids: HashMap<String, u32, WordBuild> = HashMap::default();
        let mut keys: Vec<Key> = Vec::new();
        let mut intern = |text: &str, keys: &mut Vec<Key>| -> u32 {
            if let Some(&id) = key_ids.get(text) {
                return id;
            }
            keys.push(Key { text: text.into(), count: 0, seg_end: 0, class: 0 });
            key_ids.insert(text.to_string(), (keys.len() - 1) as u32);
            (keys.len() - 1) as u32
        };
        let mut word_of_key: Vec<(u64, &str)> = Vec::new();
        let norm_key: Vec<(u32, u32)> = matching
            .iter()
            .zip(&reading_of)
            .map(|((k, alt), &reading)| {
                let id = intern(k, &mut keys);
                let alt = alt.as_deref().map_or(NO_KEY, |a| intern(a, &mut keys));
                word_of_key.resize(keys.len(), (0, ""));
                let n = reading_counts[reading];
                let best = &mut word_of_key[id as usize];
                if best.1.is_empty() || n > best.0 || (n == best.0 && reading < best.1) {
                    *best = (n, reading);
                }
                (id, if alt == id { NO_KEY } else { alt })
            })
            .collect();
        for (w, &n) in word_norm.iter().enumerate() {
            let k = &mut keys[norm_key[n as usize].0 as usize];
            k.count += counts[w];
            k.seg_end += ends[w];
        }
        word_of_key.resize(keys.len(), (0, ""));
        let count = |t: &str| reading_counts.get(t).map_or(0, |&n| n.min(u64::from(u32::MAX)) as u32);
        let class: Vec<u32> = keys
            .par_iter()
            .zip(&word_of_key)
            .map(|(k, &(_, word))| {
                let word = if word.is_empty() { &*k.text } else { word };
                classify(&k.text, word, k.count >= min_uses, &count, classes)
            })
            .collect();
        for (k, c) in keys.iter_mut().zip(class) {
            k.class = c;
        }

        let words: Vec<Word<'a>> = written
            .par_iter()
            .zip(&word_norm)
            .map(|(&w, &n)| {
                let (key, alt) = norm_key[n as usize];
                let split = readings[n as usize].0.as_ref();
                let inner_break = match split {
                    // Not split, yet it reads as a conjunction and a used
                    // word (`والطالبات` where that is the usual form).
                    None => alt != NO_KEY && w.starts_with(['و', 'ف']),
                    Some(s) => s.conjunction || !s.joins_article,
                };
                Word {
                    text: w,
                    prefix_chars: split.map_or(0, |s| s.prefix_chars as u8),
                    key,
                    alt,
                    inner_break,
                    lam_article: split.is_some_and(|s| s.joins_article),
                }
            })
            .collect();
        Lexicon { words, keys, ids: &[] }
    }

    /// The word id of a written word the lexicon has read.
    pub fn word(&self, written: &str) -> Option<u32> {
        let h = word_hash(written);
        let (table, offset) = &self.ids[shard_of_hash(h)];
        table.find(written, h).ok().map(|id| offset + id)
    }

    /// The matching keys of a phrase's words (`None` if it has a word the
    /// lexicon has not read, or none).
    pub fn phrase(&self, phrase: &str) -> Option<Vec<u32>> {
        let mut out = Vec::new();
        let mut ok = true;
        scan(phrase, |w, _| match self.word(w) {
            Some(id) => out.push(self.words[id as usize].key),
            None => ok = false,
        });
        (ok && !out.is_empty()).then_some(out)
    }

    /// The matching key with id `id`.
    pub fn key(&self, id: u32) -> &Key {
        &self.keys[id as usize]
    }

    /// How a phrase of word ids is shown: as written, diacritics removed,
    /// and the first word without its proclitics (`بجدة` → `جدة`,
    /// `للهلال` → `الهلال`).
    pub fn shown(&self, ids: &[u32]) -> String {
        let mut out = String::new();
        for (i, &id) in ids.iter().enumerate() {
            let w = &self.words[id as usize];
            let written = strip_diacritics(w.text);
            if i > 0 {
                out.push(' ');
                out.push_str(&written);
            } else {
                if w.lam_article {
                    out.push('ا');
                }
                // Proclitic letters are single letters; marks between them
                // are gone with the diacritics.
                out.extend(written.chars().skip(w.prefix_chars as usize));
            }
        }
        out
    }
}

/// Hash of a phrase given as matching keys, for looking it up in text.
pub fn keys_hash(keys: &[u32]) -> u64 {
    keys.iter().fold(HASH_SEED, |h, &k| extend_hash(h, k))
}

/// [`keys_hash`] of a phrase one key longer.
#[inline]
pub fn extend_hash(h: u64, key: u32) -> u64 {
    (h.rotate_left(5) ^ u64::from(key)).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// The hash a phrase starts from before its first key.
pub const HASH_SEED: u64 = 0x243f_6a88_85a3_08d3;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::TopicsConfig;
    use crate::content::Article;
    use crate::topics::knowledge::Knowledge;

    fn article(title: &str, body: &str) -> Article {
        crate::content::parse_article("content/articles/a.md", &format!("+++\ntitle = \"{title}\"\n+++\n{body}"))
            .unwrap()
    }

    fn build(articles: &[Article]) -> (Lexicon<'static>, Texts) {
        let k = Box::leak(Box::new(Knowledge::new(&TopicsConfig::default())));
        let (vocabulary, texts) = read(articles, std::iter::empty());
        (Lexicon::build(Box::leak(Box::new(vocabulary)), &k.classes, 1), texts)
    }

    #[test]
    fn words_read_with_their_prefixes_split_off() {
        let a = vec![
            article("جدة تستقبل", "وصل إلى جدة. في جدة وجدة بجدة. جدة"),
            article("الهلال", "للهلال والهلال الهلال الهلال. بوتين بوتين وبوتين"),
        ];
        let (lx, texts) = build(&a);
        let key_of = |w: &str| lx.words[lx.word(w).unwrap() as usize].key;
        assert_eq!(key_of("بجدة"), key_of("جدة"));
        assert_eq!(key_of("للهلال"), key_of("الهلال"));
        assert_eq!(key_of("وبوتين"), key_of("بوتين"));
        assert_eq!(lx.shown(&[lx.word("للهلال").unwrap()]), "الهلال");
        assert_eq!(lx.shown(&[lx.word("بجدة").unwrap(), lx.word("وجدة").unwrap()]), "جدة وجدة");
        assert!(lx.words[lx.word("بجدة").unwrap() as usize].inner_break);
        assert!(!lx.words[lx.word("للهلال").unwrap() as usize].inner_break, "ل before the article stays in names");
        assert_eq!(texts.get(0).title_len, 2);
        assert_eq!(texts.get(0).ids[2], BREAK);
        assert_eq!(lx.key(key_of("جدة")).count, 6);
    }

    #[test]
    fn ids_do_not_depend_on_chunks() {
        let a: Vec<Article> = (0..600).map(|i| article(&format!("خبر {}", i % 7), "نص آخر عن جدة")).collect();
        let (lx, texts) = build(&a);
        let (lx2, texts2) = build(&a[..300]);
        assert_eq!(lx.word("جدة"), lx2.word("جدة"));
        assert_eq!(texts.get(5).ids, texts2.get(5).ids);
    }

    #[test]
    fn classes_from_word_lists_and_usage() {
        let a = vec![article(
            "يعلن تعلن تعلن أعلن أعلنت أعلنت أعلنوا",
            "رسميا رسمي رسمي. المهرجان مهرجان مهرجان. أوباما أوباما. منسوبيها منسوبي منسوبي منسوبي في",
        )];
        let (lx, _) = build(&a);
        let is = |w: &str, c: u32| lx.key(lx.words[lx.word(w).unwrap() as usize].key).is(c);
        assert!(is("يعلن", class::VERB) && is("أعلن", class::VERB));
        assert!(is("رسميا", class::ADVERB));
        assert!(is("المهرجان", class::ALTERNATES) && is("مهرجان", class::ALTERNATES));
        assert!(!is("أوباما", class::ALTERNATES) && !is("أوباما", class::VERB));
        assert!(is("منسوبيها", class::PRONOUN));
        assert!(is("في", class::STOP));
    }
}
