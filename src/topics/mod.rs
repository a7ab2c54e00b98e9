//! Topics: the subjects an archive is about, as tags a reader can browse.
//!
//! A tag is a subject a reader follows: a named person, a place, a country,
//! an organisation, a team, a company, an event or a clear subject. They
//! come from three sources, merged when they are one subject:
//!
//! 1. keyword lines (front matter `tags`): authoritative, always kept. Each
//!    is reduced to the name it is about (role words and nisba adjectives in
//!    front are stripped: [`names`]) and spellings merge by
//!    [`text::phrase_hash`];
//! 2. what warraq knows ([`knowledge`]: countries, cities, bodies, clubs,
//!    events, and the site's `[topics] aliases`);
//! 3. phrases the archive's statistics find to be subjects ([`discover`],
//!    judged by the rules of [`shape`]).
//!
//! An article belongs to a subject when it has it on its keyword line, or
//! its title names it, or its body names it three times or more, in any
//! spelling and with any attached prefix ([`lexicon`], [`mentions`]). An
//! automatic tag exists once `[topics] min_articles` articles have it. Each
//! membership keeps its reason ([`Reason`]); related articles come from
//! shared tags weighted by rarity ([`related`]).
//!
//! Pure and deterministic: no I/O, and no hash-map order reaches the output.

mod assemble;
mod classes;
mod collate;
mod discover;
mod explicit;
mod groups;
mod kept;
pub mod knowledge;
pub mod lexicon;
mod mentions;
pub mod names;
mod related;
pub mod shape;
pub mod text;
mod words;

pub use collate::{by_count, by_name, collation_key};

use crate::cache::memo::Memo;
use crate::config::TopicsConfig;
use crate::content::Article;
use crate::flat::FlatLists;
use discover::{discover, Discovery, BODY_MENTIONS};
use explicit::TagTable;
use knowledge::Knowledge;
use lexicon::{Lexicon, Texts};
use mentions::{mentions, Mention, Patterns};
use std::collections::{BTreeMap, HashSet};
use text::{phrase_hash, HashSetU64};

/// One merged tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Matching key of the shown name.
    pub key: String,
    /// Shown name: the most frequent spelling (or the alias, known name or
    /// rename).
    pub name: String,
    /// Unique URL slug: `slugify(name)`, with `-2`, `-3`… on a clash.
    pub slug: String,
    /// Every distinct spelling merged in, most frequent first (names before
    /// the role-and-name phrases they were taken from): keyword-line
    /// spellings, or for an automatic tag the spellings its articles use.
    pub spellings: Vec<String>,
    /// Article indices, newest first (undated last, then in input order).
    pub members: Vec<usize>,
}

/// Why an article is in a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reason {
    /// The tag is on the article's keyword line (front matter `tags`).
    pub keyword: bool,
    /// Times the title names the tag's subject.
    pub title: u32,
    /// Times the body names it.
    pub body: u32,
}

/// Tags of an archive and what each article is linked to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Topics {
    /// Sorted by member count (most first), then alphabetically.
    pub tags: Vec<Tag>,
    /// Per article, indices into `tags`: its own tags first, in its order,
    /// then automatic ones, most named first.
    pub article_tags: FlatLists<usize>,
    /// Per article, why it is in each of `article_tags` (same order).
    pub reasons: FlatLists<Reason>,
    /// Per article, up to `config.related` other article indices.
    pub related: FlatLists<usize>,
}

/// Groups `articles` into tags, and finds each article's related articles.
pub fn group(articles: &[Article], config: &TopicsConfig) -> Topics {
    group_with(articles, config, None)
}

/// [`group`], taking the reading of the articles' words from `memo` for
/// the waves of articles a build read before (`kept`), and keeping there
/// the waves it reads.
pub fn group_with(articles: &[Article], config: &TopicsConfig, memo: Option<&Memo>) -> Topics {
    // Stage times of the grouping itself, with WARRAQ_TIMINGS.
    let mut clock = crate::timings::Clock::new();
    let rank = archive_rank(articles);
    let knowledge = Knowledge::new(config);
    let ban: HashSetU64 = config.ban.iter().filter_map(|b| phrase_hash(b)).collect();
    let table = TagTable::new(articles, &ban);
    let entries = table.entries(articles);
    let extra = table.reduced.iter().flatten().map(|r| r.name.as_str()).chain(knowledge.strings());
    let min_articles = config.min_articles.max(1);
    let automatic = config.auto_tags > 0;
    // Without automatic tags the text is never looked at: only the tags'
    // own words are read.
    let (vocabulary, texts) = lexicon::read_with(if automatic { articles } else { &[] }, extra, memo);
    let lexicon = Lexicon::build(&vocabulary, &knowledge.classes, min_articles as u32);
    // The chunks' word tables were the grouping's largest transient.
    crate::memory::give_back_freed();
    clock.lap("topics: read");
    let discovery = if automatic {
        discover_subjects(&knowledge, &lexicon, &texts, min_articles as u32)
    } else {
        Discovery::default()
    };
    clock.lap("topics: discover");
    let sources = groups::Sources {
        table: &table,
        entries: &entries,
        knowledge: &knowledge,
        discovery: &discovery,
        lexicon: &lexicon,
        ban: &ban,
        rank: &rank,
    };
    let mut subjects = groups::subjects(&sources);
    clock.lap("topics: merge");
    let named: Vec<Vec<Mention>> = if automatic {
        let patterns = Patterns::new(&subjects.spellings, &subjects.partials, std::mem::take(&mut subjects.kinds));
        mentions(&lexicon, &texts, &patterns)
    } else {
        vec![Vec::new(); articles.len()]
    };
    clock.lap("topics: mentions");

    let lists = article_lists(&named, &subjects.own, &mut subjects.groups, config.auto_tags);
    // Keyword lines are always kept; automatic tags need enough articles.
    let keep: Vec<bool> = subjects.groups.iter().map(|g| g.support > 0 || g.members.len() >= min_articles).collect();
    let written = automatic_spellings(&subjects.groups, &keep, &lists, &named, &lexicon, &texts, &rank);
    // The articles as words, and what was read of them, are not needed to
    // assemble the tags: freed before the related articles are scored (at
    // a million articles the word ids alone are 1 GB).
    drop((texts, named, discovery));
    drop(lexicon);
    drop(vocabulary);
    let groups = std::mem::take(&mut subjects.groups);
    let topics = assemble::assemble(articles, config, groups, &keep, written, &lists, &rank);
    clock.lap("topics: tags and related");
    clock.report();
    topics
}

/// Phrases the archive's statistics find to be subjects. The one-word
/// subjects warraq knows (a place, a body) go in because an office that
/// names one (`أمير عسير`) is a subject where an office alone is not
/// (see [`shape`]).
fn discover_subjects(knowledge: &Knowledge, lexicon: &Lexicon, texts: &Texts, min_articles: u32) -> Discovery {
    let known_words: HashSet<u32, text::IdBuild> = knowledge
        .subjects
        .iter()
        .filter_map(|k| lexicon.phrase(&k.name))
        .filter(|keys| keys.len() == 1)
        .map(|keys| keys[0])
        .collect();
    discover(lexicon, texts, min_articles, |k| known_words.contains(&k))
}

/// Each article's subjects, and why: its keyword line, then the subjects
/// its title names or its body names three times, most named first, at
/// most `auto_tags` of them. Each group's `members` gets the articles of
/// its automatic tag, so that the tag can be kept or dropped by their
/// number before anything is assembled.
fn article_lists(
    named: &[Vec<Mention>],
    own: &[Vec<u32>],
    groups: &mut [groups::Group],
    auto_tags: usize,
) -> FlatLists<(u32, Reason)> {
    let mut lists: FlatLists<(u32, Reason)> = FlatLists::with_capacity(named.len(), 0);
    for (a, named) in named.iter().enumerate() {
        let counts = |g: u32| named.iter().find(|m| m.group == g).map_or((0, 0), |m| (m.title, m.body));
        let own = &own[a];
        let mut list: Vec<(u32, Reason)> = own
            .iter()
            .map(|&g| {
                let (title, body) = counts(g);
                (g, Reason { keyword: true, title, body })
            })
            .collect();
        let mut auto: Vec<&Mention> = named
            .iter()
            .filter(|m| !own.contains(&m.group) && !groups[m.group as usize].role_only)
            .filter(|m| m.title >= 1 || m.body >= BODY_MENTIONS)
            .collect();
        auto.sort_by(|x, y| {
            (3 * y.title + y.body)
                .cmp(&(3 * x.title + x.body))
                .then(groups[y.group as usize].support.cmp(&groups[x.group as usize].support))
                .then(x.first.cmp(&y.first))
                .then(x.group.cmp(&y.group))
        });
        auto.truncate(auto_tags);
        for m in auto {
            groups[m.group as usize].members.push(a);
            list.push((m.group, Reason { keyword: false, title: m.title, body: m.body }));
        }
        lists.push(list);
    }
    lists.shrink_to_fit();
    lists
}

/// How the articles of each kept automatic tag spell it: per spelling, the
/// articles using it and the newest one's rank. An automatic tag has no
/// keyword line to take its name from; the archive's own usage names it.
fn automatic_spellings(
    groups: &[groups::Group],
    keep: &[bool],
    lists: &FlatLists<(u32, Reason)>,
    named: &[Vec<Mention>],
    lexicon: &Lexicon,
    texts: &Texts,
    rank: &[usize],
) -> Vec<BTreeMap<String, (usize, usize)>> {
    let mut written: Vec<BTreeMap<String, (usize, usize)>> = vec![BTreeMap::new(); groups.len()];
    for (a, list) in lists.iter().enumerate() {
        for &(g, reason) in list {
            if reason.keyword || !keep[g as usize] || groups[g as usize].support > 0 {
                continue;
            }
            let Some(m) = named[a].iter().find(|m| m.group == g) else { continue };
            let (p, n) = (m.first.0 as usize, m.first.1 as usize);
            let s = lexicon.shown(&texts.get(a).ids[p..p + n]);
            let e = written[g as usize].entry(s).or_insert((0, rank[a]));
            e.0 += 1;
            e.1 = e.1.min(rank[a]);
        }
    }
    written
}

/// Each article's position in the archive, newest first, undated last.
fn archive_rank(articles: &[Article]) -> Vec<usize> {
    let n = articles.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| match (&articles[a].date, &articles[b].date) {
        (Some(x), Some(y)) => y.cmp(x).then_with(|| articles[a].path.cmp(&articles[b].path)).then(a.cmp(&b)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => articles[a].path.cmp(&articles[b].path).then(a.cmp(&b)),
    });
    let mut rank = vec![0; n];
    for (r, &a) in order.iter().enumerate() {
        rank[a] = r;
    }
    rank
}

impl Topics {
    /// The topics of a subset of the grouped articles (`keep[i]` for each),
    /// with article indices renumbered to the subset. Tags keep their names
    /// and slugs; a tag left without articles is dropped.
    pub fn restrict(self, keep: &[bool]) -> Topics {
        let mut new_index = vec![None; keep.len()];
        let mut n = 0;
        for (i, &k) in keep.iter().enumerate() {
            if k {
                new_index[i] = Some(n);
                n += 1;
            }
        }
        let mut tag_index = vec![None; self.tags.len()];
        let mut tags = Vec::new();
        for (t, mut tag) in self.tags.into_iter().enumerate() {
            tag.members = tag.members.iter().filter_map(|&a| new_index[a]).collect();
            if !tag.members.is_empty() {
                tag_index[t] = Some(tags.len());
                tags.push(tag);
            }
        }
        // Kept articles stay in their order, so each list is pushed in turn.
        let mut article_tags = FlatLists::with_capacity(n, 0);
        let mut reasons = FlatLists::with_capacity(n, 0);
        let mut related = FlatLists::with_capacity(n, 0);
        let lists = self.article_tags.iter().zip(&self.reasons).zip(&self.related);
        for (i, ((ts, why), rel)) in lists.enumerate() {
            if new_index[i].is_some() {
                let kept = || ts.iter().zip(why).filter_map(|(&t, &r)| Some((tag_index[t]?, r)));
                article_tags.push(kept().map(|(t, _)| t));
                reasons.push(kept().map(|(_, r)| r));
                related.push(rel.iter().filter_map(|&r| new_index[r]));
            }
        }
        for lists in [&mut article_tags, &mut related] {
            lists.shrink_to_fit();
        }
        reasons.shrink_to_fit();
        Topics { tags, article_tags, reasons, related }
    }
}

#[cfg(test)]
mod tests;
