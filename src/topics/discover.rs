//! Subjects found by statistics over the whole archive.
//!
//! A phrase is a candidate when enough articles are *about* it (it is in
//! their title, or three times or more in their body: the rule an article
//! joins a tag by), at least one of them names it in its title (what the
//! archive headlines is what a reader follows), and it passes the rules of
//! [`super::shape`]. Then where it begins and ends is checked against the
//! archive: a phrase that is most often part of one longer phrase
//! (`الحرمين الشريفين` in `خادم الحرمين الشريفين`, `الأمم` in `الأمم
//! المتحدة`), or of several together (`المتحدة`), is a piece of those, not a
//! subject. A title in front does not make a longer phrase (`الأمير خالد
//! الفيصل` does not swallow `خالد الفيصل`).
//!
//! Phrases are counted up to [`MAX_WORDS`] words, one more than a subject
//! may have, for the test of where they end.

use super::lexicon::{class, extend_hash, Lexicon, Text, Texts, BREAK, HASH_SEED};
use super::shape;
use super::text::HashMapU64;
use rayon::prelude::*;

/// Longest phrase counted, in words.
pub(super) const MAX_WORDS: usize = 5;
/// Longest subject found by statistics, in words.
pub(super) const MAX_SUBJECT_WORDS: usize = 4;
/// Body mentions that make an article about a subject (the title needs one).
pub(super) const BODY_MENTIONS: u32 = 3;

/// A phrase found to be a subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Found {
    /// Its words' matching keys.
    pub keys: Vec<u32>,
    /// Articles about it.
    pub about: u32,
}

/// What the archive says of one phrase.
#[derive(Debug, Clone, Copy)]
struct Tally {
    /// Articles about it.
    about: u32,
    /// Of those, the ones that name it in their title.
    titles: u32,
    /// Where it first occurs: (article, position, words).
    at: (u32, u32, u8),
}

/// An occurrence in one article: (hash, in the title, position, words).
type Occurrence = (u64, bool, u32, u8);

/// Buffers of one worker, reused from article to article.
#[derive(Default)]
struct Scratch {
    /// Uses of each key in the body being read (reset after each article).
    uses: Vec<u32>,
    touched: Vec<u32>,
    occurrences: Vec<Occurrence>,
    found: Vec<Occurrence>,
}

/// What statistics found in an archive.
#[derive(Default)]
pub(super) struct Discovery {
    /// Subjects of at least `min_articles` articles, most articles first.
    pub found: Vec<Found>,
    tallies: HashMapU64<Tally>,
}

impl Discovery {
    /// Articles about a phrase (0 when none is, or when it is longer than
    /// [`MAX_WORDS`]).
    pub(super) fn about(&self, keys: &[u32]) -> u32 {
        self.tallies.get(&hash(keys)).map_or(0, |t| t.about)
    }
}

/// Finds the subjects of at least `min_articles` articles. `known_word`:
/// whether a key is a known subject of one word.
pub(super) fn discover(
    lexicon: &Lexicon,
    texts: &Texts,
    min_articles: u32,
    known_word: impl Fn(u32) -> bool + Sync,
) -> Discovery {
    let tallies = tally(lexicon, texts);
    let words_of = |t: &Tally| -> Vec<u32> {
        let (a, p, n) = t.at;
        texts.get(a as usize).ids[p as usize..p as usize + n as usize]
            .iter()
            .map(|&w| lexicon.words[w as usize].key)
            .collect()
    };

    // Longer phrases each phrase is part of, from those about as many
    // articles: per phrase, the best single extension and the sum on each
    // side.
    let mut extended: HashMapU64<Extensions> = HashMapU64::default();
    for t in tallies.values().filter(|t| t.about >= min_articles && t.at.2 >= 2) {
        let keys = words_of(t);
        let titled = lexicon.key(keys[0]).is(class::PERSON_TITLE | class::HONORIFIC | class::OFFICE);
        if !titled {
            extended.entry(hash(&keys[1..])).or_default().add(t.about, true);
        }
        extended.entry(hash(&keys[..keys.len() - 1])).or_default().add(t.about, false);
    }

    let mut found: Vec<Found> = tallies
        .par_iter()
        .filter(|(_, t)| t.about >= min_articles && t.titles >= 2 && t.at.2 as usize <= MAX_SUBJECT_WORDS)
        .filter_map(|(h, t)| {
            let keys = words_of(t);
            let (a, p, n) = t.at;
            let last = texts.get(a as usize).ids[(p + u32::from(n) - 1) as usize];
            let phrase = shape::Phrase {
                words: keys.iter().map(|&k| lexicon.key(k)).collect(),
                known: keys.iter().map(|&k| known_word(k)).collect(),
                ends_with_lam: lexicon.words[last as usize].lam_article,
            };
            shape::judge(&phrase).ok()?;
            if keys.len() == 1 && t.titles * 5 < t.about {
                // A single word that titles rarely name is a word of the
                // articles' prose (`المسلمين`, `الحفاظ`), not their subject.
                return None;
            }
            if extended.get(h).is_some_and(|e| e.swallows(t.about)) {
                return None;
            }
            Some(Found { keys, about: t.about })
        })
        .collect();
    found.sort_by(|a, b| b.about.cmp(&a.about).then_with(|| a.keys.cmp(&b.keys)));
    Discovery { found, tallies }
}

/// Longer phrases that contain one phrase.
#[derive(Default)]
struct Extensions {
    best: u32,
    left: u32,
    right: u32,
}

impl Extensions {
    fn add(&mut self, about: u32, left: bool) {
        self.best = self.best.max(about);
        if left {
            self.left += about;
        } else {
            self.right += about;
        }
    }

    /// Whether a phrase about `about` articles is mostly a piece of longer
    /// ones: one of them about 70 % as many articles, or those on one side
    /// 80 % together.
    fn swallows(&self, about: u32) -> bool {
        let a = f64::from(about);
        f64::from(self.best) >= 0.7 * a || f64::from(self.left.max(self.right)) >= 0.8 * a
    }
}

fn hash(keys: &[u32]) -> u64 {
    keys.iter().fold(HASH_SEED, |h, &k| extend_hash(h, k))
}

/// Every phrase some article is about, with its counts.
fn tally(lexicon: &Lexicon, texts: &Texts) -> HashMapU64<Tally> {
    texts
        .par_iter()
        .enumerate()
        .fold(
            || (Scratch::default(), HashMapU64::<Tally>::default()),
            |(mut scratch, mut tallies), (a, text)| {
                about_phrases(lexicon, text, &mut scratch);
                for &(h, titled, pos, len) in &scratch.found {
                    let t = tallies.entry(h).or_insert(Tally { about: 0, titles: 0, at: (a as u32, pos, len) });
                    t.about += 1;
                    t.titles += u32::from(titled);
                    // Workers see articles in order: the first occurrence stays.
                }
                (scratch, tallies)
            },
        )
        .map(|(_, t)| t)
        .reduce(HashMapU64::default, |mut total, part| {
            for (h, t) in part {
                total
                    .entry(h)
                    .and_modify(|x| {
                        x.about += t.about;
                        x.titles += t.titles;
                        x.at = x.at.min(t.at);
                    })
                    .or_insert(t);
            }
            total
        })
}

/// The phrases one article is about, into `scratch.found`: each once, with
/// whether the title names it and its first occurrence.
fn about_phrases(lexicon: &Lexicon, text: Text, scratch: &mut Scratch) {
    let Scratch { uses, touched, occurrences, found } = scratch;
    if uses.len() < lexicon.keys.len() {
        uses.resize(lexicon.keys.len(), 0);
    }
    let key = |w: u32| lexicon.words[w as usize].key;
    let body = &text.ids[text.title_len + 1..];
    for &w in body.iter().filter(|&&w| w != BREAK) {
        let k = key(w);
        if uses[k as usize] == 0 {
            touched.push(k);
        }
        uses[k as usize] += 1;
    }
    occurrences.clear();
    // Every phrase of the title; in the body, those whose first word is
    // used three times (a phrase is used at most as often as its words).
    phrases(lexicon, &text.ids[..text.title_len], 0, |_| true, |h, p, n| occurrences.push((h, true, p, n)));
    let offset = (text.title_len + 1) as u32;
    phrases(lexicon, body, offset, |k| uses[k as usize] >= BODY_MENTIONS, |h, p, n| occurrences.push((h, false, p, n)));
    for &k in touched.iter() {
        uses[k as usize] = 0;
    }
    touched.clear();
    occurrences.sort_unstable_by_key(|o| (o.0, !o.1, o.2));
    found.clear();
    for run in occurrences.chunk_by(|x, y| x.0 == y.0) {
        let titled = run[0].1;
        let body_uses = run.iter().filter(|o| !o.1).count() as u32;
        if titled || body_uses >= BODY_MENTIONS {
            found.push((run[0].0, titled, run[0].2, run[0].3));
        }
    }
}

/// Calls `f(hash, position, words)` for every phrase of up to
/// [`MAX_WORDS`] words in `ids` (positions from `offset`) that could be a
/// subject's: it starts at a word `start` accepts, no function word or
/// number is in it, no word after the first carries a conjunction or
/// preposition, and it does not end with a word of one or two letters.
fn phrases(lexicon: &Lexicon, ids: &[u32], offset: u32, start: impl Fn(u32) -> bool, mut f: impl FnMut(u64, u32, u8)) {
    let cut = class::STOP | class::DIGIT;
    for i in 0..ids.len() {
        let Some(first) = ids.get(i).filter(|&&w| w != BREAK) else { continue };
        let w0 = &lexicon.words[*first as usize];
        let k0 = lexicon.key(w0.key);
        if k0.is(cut | class::SHORT) || !start(w0.key) {
            continue;
        }
        let mut h = HASH_SEED;
        for (j, &w) in ids[i..].iter().take(MAX_WORDS).enumerate() {
            if w == BREAK {
                break;
            }
            let word = &lexicon.words[w as usize];
            let k = lexicon.key(word.key);
            if j > 0 && (word.inner_break || k.is(cut)) {
                break;
            }
            h = extend_hash(h, word.key);
            if !k.is(class::SHORT) {
                f(h, offset + i as u32, (j + 1) as u8);
            }
        }
    }
}

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

    fn found(articles: &[Article]) -> Vec<String> {
        let k = Knowledge::new(&TopicsConfig::default());
        let (vocabulary, texts) = crate::topics::lexicon::read(articles, std::iter::empty());
        let lx = Lexicon::build(&vocabulary, &k.classes, 1);
        discover(&lx, &texts, 3, |_| false)
            .found
            .into_iter()
            .map(|f| f.keys.iter().map(|&k| &*lx.key(k).text).collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[test]
    fn a_phrase_in_titles_and_repeated_in_bodies() {
        let a = vec![
            article("افتتاح قناة السويس", "حفل قناة السويس."),
            article("سفن في قناة السويس", "عبرت السفن."),
            article("تقرير اقتصادي", "قناة السويس. بقناة السويس، ولقناة السويس."),
            article("خبر آخر", "قناة السويس مرة واحدة."),
        ];
        let f = found(&a);
        assert!(f.contains(&"قناه السويس".to_string()), "{f:?}");
        assert!(!f.contains(&"قناه".to_string()), "a piece of the longer phrase: {f:?}");
    }

    #[test]
    fn body_mentions_need_three() {
        let a = vec![
            article("عنوان", "مدينة تبوك الجديدة. تبوك"),
            article("عنوان آخر", "نيوم نيوم"),
            article("نيوم", "نص"),
            article("نيوم مرة أخرى", "نص"),
        ];
        let f = found(&a);
        assert!(!f.contains(&"نيوم".to_string()), "two titles and a body with two mentions: {f:?}");
    }
}
