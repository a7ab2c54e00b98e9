//! Running a query on a built index, exactly as the search page does
//! (`static/search/search.js` mirrors this file function by function; a
//! test runs both on the same queries).
//!
//! A query is words and quoted phrases (`"..."`, `«...»`, `“...”`); an
//! article matches when it has every one. A word matches its own forms (any
//! prefix, any spelling the folding joins: *exact*, 8 points) and its family
//! (*stemmed*, 4 points); a spelling cluster the query names (`[topics]
//! aliases`, a tag's spellings with and without spaces) matches too (7
//! points). Each match adds its weight: 2 in the title, 1 when repeated.
//! Best first is by points, then newest; all arithmetic is on integers, so
//! both implementations rank alike.
//!
//! The searcher reads files through a [`Source`] and counts what it read:
//! `requests` and `bytes` are what the browser fetches for the query after
//! the page's first load (the script and `meta.json`).

mod files;
mod parse;

pub use files::{Folder, Source};
use files::{List, Positions, Word};
use parse::{joined_pairs, part_words};
pub use parse::{parse, Part};

use super::encode::Posting;
use super::index::{Doc, Meta};
use super::snippet::{self, Matcher};
use super::spec::{family_key, has_article, index_key, len, same_word_key, splits, tag_key, NOT_ARTICLE, PREFIXES};
use crate::error::{Error, Result};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

/// Points for a word's own forms (any prefix, any folded spelling), and for a phrase.
pub const EXACT: u32 = 8;
/// Points for a spelling cluster the query names (`[topics] aliases`, a tag with and without spaces).
pub const VARIANT: u32 = 7;
/// Points for a word of the query word's family.
pub const STEMMED: u32 = 4;
/// Most words and phrases of a query that are used.
pub const MAX_PARTS: usize = 8;

/// Order of the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Most points first, then newest.
    #[default]
    Best,
    /// Newest first.
    Newest,
}

/// What to return.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Order of the results.
    pub sort: Sort,
    /// Only articles of this year.
    pub year: Option<i32>,
    /// Only articles with the tag of this slug.
    pub tag: Option<String>,
    /// Results skipped, then how many are returned (0: all).
    pub offset: usize,
    /// How many results are returned after `offset` (0: all).
    pub limit: usize,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Hit {
    /// The article's page (with the site's base path).
    pub url: String,
    /// The article's title.
    pub title: String,
    /// `YYYY-MM-DD`, or none for an undated article.
    pub date: Option<String>,
    /// Points (see the module's description): what `Sort::Best` orders by.
    pub score: u32,
    /// HTML: the text around the best match, matched words in `<mark>`.
    pub snippet: String,
    /// The article as the fragment file holds it.
    #[serde(skip)]
    pub doc: Doc,
    /// The title as HTML with the matched words marked.
    #[serde(skip)]
    pub title_html: String,
}

/// What a query found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Outcome {
    /// The query as typed.
    pub query: String,
    /// The page of results asked for (`Options::offset`, `Options::limit`).
    pub results: Vec<Hit>,
    /// How many articles match (after the year and tag filters); `results` is a page of them.
    pub total: usize,
    /// Files read for the query: what the browser fetches after the page loads.
    pub requests: usize,
    /// Bytes of those files.
    pub bytes: usize,
    /// Matches per year (for the year filter), before the filters.
    #[serde(skip)]
    pub years: Vec<(i32, usize)>,
}

/// Reads an index and answers queries.
pub struct Searcher<S: Source> {
    source: S,
    /// `meta.json`, read when the searcher opens the index.
    pub meta: Meta,
    lists: RefCell<HashMap<usize, Rc<List>>>,
    positions: RefCell<HashMap<usize, Rc<Positions>>>,
    fragments: RefCell<HashMap<usize, Rc<Vec<Doc>>>>,
    /// Files read since the last `search`, with their sizes.
    read: RefCell<BTreeMap<String, usize>>,
}

/// A resolved query word: the list it is in and its members.
#[derive(Debug, Clone)]
struct Resolved {
    list: usize,
    /// (word, exact) for each member of the family.
    members: Vec<(Word, bool)>,
}

/// Documents of one clause with their points.
type Scores = BTreeMap<u32, u32>;

impl<S: Source> Searcher<S> {
    /// Runs `query`.
    pub fn search(&self, query: &str, opts: &Options) -> Result<Outcome> {
        self.read.borrow_mut().clear();
        let parts = parse(query);
        // Every list a word of the query may be in, fetched in list order.
        let mut wanted: BTreeSet<usize> = BTreeSet::new();
        for w in parts.iter().flat_map(part_words).chain(joined_pairs(&parts).iter()) {
            wanted.insert(self.list_of(&index_key(w)));
        }
        for &k in &wanted {
            self.list(k)?;
        }
        let clauses = self.clauses(&parts)?;
        let mut matched: Option<Scores> = None;
        for c in &clauses {
            let docs = self.clause_docs(c)?;
            matched = Some(match matched {
                None => docs,
                Some(m) => m.into_iter().filter_map(|(d, s)| docs.get(&d).map(|t| (d, s + t))).collect(),
            });
        }
        let matched = matched.unwrap_or_default();
        let years = self.years_of(&matched);
        let mut found: Vec<(u32, u32)> = matched.into_iter().collect();
        if let Some(y) = opts.year {
            let range = self.meta.years.iter().find(|r| r.0 == y).map(|r| (r.1 as u32, r.2 as u32));
            found.retain(|&(d, _)| range.is_some_and(|(a, b)| d >= a && d <= b));
        }
        if let Some(slug) = &opts.tag {
            let key = tag_key(slug);
            let list = self.list(self.list_of(&key))?;
            let members: BTreeSet<u32> =
                list.tags.iter().find(|t| t.0 == key).map(|t| t.1.iter().map(|p| p.0).collect()).unwrap_or_default();
            found.retain(|(d, _)| members.contains(d));
        }
        match opts.sort {
            Sort::Best => found.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0))),
            Sort::Newest => found.sort_by_key(|&(d, _)| std::cmp::Reverse(d)),
        }
        let total = found.len();
        let end = if opts.limit == 0 { total } else { (opts.offset + opts.limit).min(total) };
        let page = &found[opts.offset.min(total)..end];
        let groups: BTreeSet<usize> = page.iter().map(|&(d, _)| d as usize / self.meta.group).collect();
        for &g in &groups {
            self.fragments(g)?;
        }
        let matchers = self.matchers(&clauses);
        let mut results = Vec::with_capacity(page.len());
        for &(d, score) in page {
            let g = d as usize / self.meta.group;
            let doc = self.fragments(g)?[d as usize % self.meta.group].clone();
            results.push(Hit {
                url: crate::slug::encode_path(&format!("{}{}", self.meta.base, doc.path)),
                title: doc.title.clone(),
                date: doc.date.clone(),
                score,
                snippet: snippet::snippet(&doc.text, &matchers),
                title_html: snippet::mark_all(&doc.title, &matchers),
                doc,
            });
        }
        let read = self.read.borrow();
        Ok(Outcome {
            query: query.to_string(),
            results,
            total,
            requests: read.len(),
            bytes: read.values().sum(),
            years,
        })
    }

    /// Matches per year, newest year first.
    fn years_of(&self, matched: &Scores) -> Vec<(i32, usize)> {
        let mut out: Vec<(i32, usize)> = self
            .meta
            .years
            .iter()
            .map(|&(y, a, b)| (y, matched.range(a as u32..=b as u32).count()))
            .filter(|&(_, n)| n > 0)
            .collect();
        out.reverse();
        out
    }

    /// A query word read in its list: the entry the index gave this
    /// spelling; else (a form the archive never had) the likeliest reading
    /// that is a word of the archive; else the family its likeliest reading
    /// belongs to (`الفلسطينيين` when the archive only has `الفلسطينيون`),
    /// all of whose forms are then stemmed matches.
    fn resolve(&self, word: &str) -> Result<Option<Resolved>> {
        let key = index_key(word);
        let k = self.list_of(&key);
        let list = self.list(k)?;
        let here: Vec<&Word> = list.words.iter().filter(|(kk, _)| *kk == key).map(|(_, w)| w).collect();
        let readings = splits(word);
        let known =
            readings.iter().find_map(|&(p, rest)| here.iter().find(|w| w.base == rest && w.mask & (1 << p) != 0));
        let chosen = match known {
            Some(w) => Some(*w),
            None => {
                let mut best: Option<(&Word, usize, usize)> = None;
                for &(p, rest) in &readings {
                    if !article_ok(p, rest) {
                        continue;
                    }
                    if let Some(w) = here.iter().find(|w| w.base == rest) {
                        let rank = (w.postings.len(), len(PREFIXES[p]));
                        if best.is_none_or(|(_, df, pl)| rank > (df, pl)) {
                            best = Some((w, rank.0, rank.1));
                        }
                    }
                }
                best.map(|b| b.0)
            }
        };
        let Some(chosen) = chosen else { return Ok(self.family_of_unknown(k, &list, &readings)) };
        let exact_key = same_word_key(&chosen.base);
        let mut members: Vec<(Word, bool)> = list
            .words
            .iter()
            .filter(|(_, w)| w.family == chosen.family)
            .map(|(_, w)| (w.clone(), same_word_key(&w.base) == exact_key))
            .collect();
        // The word itself where the archive has it only after a prefix and
        // reads it alone otherwise: `بيونغ` is ب + `يونغ`, but `لبيونغ` is
        // ل + `بيونغ`.
        if chosen.base != word {
            if let Some(w) = here.iter().find(|w| w.base == word && w.family != chosen.family) {
                members.push(((*w).clone(), true));
            }
        }
        Ok(Some(Resolved { list: k, members }))
    }

    /// The family of the likeliest reading of a word the archive lacks:
    /// readings with the longest prefix first.
    fn family_of_unknown(&self, k: usize, list: &List, readings: &[(usize, &str)]) -> Option<Resolved> {
        let mut readings: Vec<(usize, &str)> =
            readings.iter().copied().filter(|&(p, rest)| article_ok(p, rest)).collect();
        readings.sort_by_key(|&(p, _)| std::cmp::Reverse(len(PREFIXES[p])));
        let attested = |b: &str| list.words.iter().any(|(_, w)| w.base == b);
        readings.iter().find_map(|&(_, rest)| {
            let key = family_key(rest, &attested);
            let f = list.families.iter().position(|k| *k == key)? as u32;
            let members = list.words.iter().filter(|(_, w)| w.family == f).map(|(_, w)| (w.clone(), false)).collect();
            Some(Resolved { list: k, members })
        })
    }

    /// The clauses of a query: its words and phrases, with the spelling
    /// clusters they name.
    fn clauses(&self, parts: &[Part]) -> Result<Vec<Clause>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < parts.len() {
            match &parts[i] {
                Part::Phrase(ws) => {
                    let mut resolved = Vec::new();
                    for w in ws {
                        resolved.push(self.resolve(w)?);
                    }
                    let cluster = self.cluster_for(ws, &resolved)?;
                    let joined = match ws.len() {
                        2 => self.joined(&ws[0], &ws[1])?,
                        _ => None,
                    };
                    out.push(Clause { primary: Primary::Phrase(resolved), cluster, joined, words: ws.clone() });
                    i += 1;
                }
                Part::Word(_) => {
                    // The longest run of words from here that a cluster spells.
                    let run: Vec<String> = parts[i..]
                        .iter()
                        .map_while(|p| match p {
                            Part::Word(w) => Some(w.clone()),
                            Part::Phrase(_) => None,
                        })
                        .collect();
                    let mut resolved = Vec::new();
                    for w in &run {
                        resolved.push(self.resolve(w)?);
                    }
                    let mut taken = 1;
                    let mut cluster = None;
                    for l in (1..=run.len()).rev() {
                        if let Some(c) = self.cluster_for(&run[..l], &resolved[..l])? {
                            taken = l;
                            cluster = Some(c);
                            break;
                        }
                    }
                    // Two words the archive also writes as one (فيس بوك,
                    // واتس اب, عبد الله): either spelling matches.
                    let mut joined = None;
                    if taken == 1 && run.len() >= 2 {
                        if let Some(j) = self.joined(&run[0], &run[1])? {
                            joined = Some(j);
                            taken = 2;
                            cluster = None;
                        }
                    }
                    // Words that a cluster spells, or two words the archive
                    // also writes as one, are a name: next to each other (or
                    // in another of its spellings), not anywhere.
                    let primary = match taken {
                        1 => Primary::Word(resolved[0].clone()),
                        _ => Primary::Phrase(resolved[..taken].to_vec()),
                    };
                    out.push(Clause { primary, cluster, joined, words: run[..taken].to_vec() });
                    i += taken;
                }
            }
        }
        Ok(out)
    }

    /// Two query words written as one word of the archive, if it has it.
    fn joined(&self, a: &str, b: &str) -> Result<Option<Joined>> {
        let word = format!("{a}{b}");
        Ok(self.resolve(&word)?.map(|resolved| Joined { word, resolved }))
    }

    /// The cluster whose spelling is exactly the words `ws`, if any: its
    /// spellings and documents.
    fn cluster_for(&self, ws: &[String], resolved: &[Option<Resolved>]) -> Result<Option<Cluster>> {
        let key = index_key(&ws[0]);
        let list = self.list(self.list_of(&key))?;
        for (k, spellings, postings) in &list.clusters {
            if *k != key {
                continue;
            }
            let hit = spellings.iter().any(|s| {
                s.len() == ws.len()
                    && s.iter().zip(ws.iter().zip(resolved)).all(|(sw, (w, r))| word_is(w, r.as_ref(), sw))
            });
            if hit {
                return Ok(Some(Cluster { spellings: spellings.clone(), postings: postings.clone() }));
            }
        }
        Ok(None)
    }

    fn clause_docs(&self, c: &Clause) -> Result<Scores> {
        let mut docs = match &c.primary {
            Primary::Word(r) => word_docs(r.as_ref()),
            Primary::Phrase(rs) => self.phrase_docs(rs)?,
        };
        if let Some(cl) = &c.cluster {
            for &(d, w) in &cl.postings {
                let s = VARIANT + u32::from(w);
                let e = docs.entry(d).or_insert(0);
                *e = (*e).max(s);
            }
        }
        if let Some(j) = &c.joined {
            // The one-word spelling counts as a variant.
            for (d, s) in word_docs(Some(&j.resolved)) {
                let s = if s >= EXACT { s - (EXACT - VARIANT) } else { s };
                let e = docs.entry(d).or_insert(0);
                *e = (*e).max(s);
            }
        }
        Ok(docs)
    }

    /// Documents where the words follow one another (each in an exact form).
    fn phrase_docs(&self, rs: &[Option<Resolved>]) -> Result<Scores> {
        let mut per_word: Vec<BTreeMap<u32, (Vec<u32>, u8)>> = Vec::new();
        for r in rs {
            let Some(r) = r else { return Ok(Scores::new()) };
            let positions = self.positions(r.list)?;
            let mut docs: BTreeMap<u32, (Vec<u32>, u8)> = BTreeMap::new();
            for (w, exact) in &r.members {
                if !exact {
                    continue;
                }
                let per_doc = positions.get(w.slot).ok_or_else(|| Error::new("the search index is damaged"))?;
                for (k, &(d, weight)) in w.postings.iter().enumerate() {
                    let e = docs.entry(d).or_default();
                    e.0.extend(per_doc.get(k).into_iter().flatten());
                    e.1 |= weight;
                }
            }
            for v in docs.values_mut() {
                v.0.sort_unstable();
                v.0.dedup();
            }
            per_word.push(docs);
        }
        let mut out = Scores::new();
        let Some((first, rest)) = per_word.split_first() else { return Ok(out) };
        for (&d, (starts, w0)) in first {
            let mut title = w0 & 2 != 0;
            let mut others = Vec::new();
            for m in rest {
                match m.get(&d) {
                    Some((ps, w)) => {
                        title &= w & 2 != 0;
                        others.push(ps);
                    }
                    None => break,
                }
            }
            if others.len() != rest.len() {
                continue;
            }
            let count = starts
                .iter()
                .filter(|&&p| others.iter().enumerate().all(|(o, ps)| ps.binary_search(&(p + 1 + o as u32)).is_ok()))
                .count();
            if count > 0 {
                out.insert(d, EXACT + 2 * u32::from(title) + u32::from(count >= 2));
            }
        }
        Ok(out)
    }

    /// What snippets mark: each clause's words (and cluster spellings).
    fn matchers(&self, clauses: &[Clause]) -> Vec<Matcher> {
        let mut out = Vec::new();
        for (i, c) in clauses.iter().enumerate() {
            match &c.primary {
                Primary::Word(r) => {
                    out.push(Matcher::Sequence { clause: i, words: vec![word_forms(&c.words[0], r.as_ref(), false)] });
                }
                Primary::Phrase(rs) => {
                    let words = c.words.iter().zip(rs).map(|(w, r)| word_forms(w, r.as_ref(), true)).collect();
                    out.push(Matcher::Sequence { clause: i, words });
                }
            }
            if let Some(cl) = &c.cluster {
                for s in &cl.spellings {
                    let words = s.iter().map(|w| snippet::Forms::Spelling(w.clone())).collect();
                    out.push(Matcher::Sequence { clause: i, words });
                }
            }
            if let Some(j) = &c.joined {
                out.push(Matcher::Sequence { clause: i, words: vec![word_forms(&j.word, Some(&j.resolved), false)] });
            }
        }
        out
    }
}

/// Whether reading a word as prefix `p` + `rest` respects the article: no
/// article split off a word in `NOT_ARTICLE`, and a rest starting with ال
/// only when that ال is not an article.
fn article_ok(p: usize, rest: &str) -> bool {
    if has_article(p) {
        !NOT_ARTICLE.contains(&format!("ال{rest}").as_str())
    } else {
        !rest.starts_with("ال") || NOT_ARTICLE.contains(&rest)
    }
}

/// Documents of a resolved word with their points.
fn word_docs(r: Option<&Resolved>) -> Scores {
    let mut out = Scores::new();
    let Some(r) = r else { return out };
    for (w, exact) in &r.members {
        let base = if *exact { EXACT } else { STEMMED };
        for &(d, weight) in &w.postings {
            let s = base + u32::from(weight);
            let e = out.entry(d).or_insert(0);
            *e = (*e).max(s);
        }
    }
    out
}

/// The forms of a query word a snippet marks: its members (or, for a word
/// the index does not hold, the word itself).
fn word_forms(word: &str, r: Option<&Resolved>, exact_only: bool) -> snippet::Forms {
    match r {
        Some(r) => snippet::Forms::Bases(
            r.members.iter().filter(|(_, e)| *e || !exact_only).map(|(w, _)| (w.base.clone(), w.mask)).collect(),
        ),
        None => snippet::Forms::Spelling(word.to_string()),
    }
}

/// Whether query word `w` (resolved to `r`) is the cluster spelling word `s`.
fn word_is(w: &str, r: Option<&Resolved>, s: &str) -> bool {
    let target = same_word_key(s);
    match r {
        Some(r) => r.members.iter().any(|(m, exact)| *exact && same_word_key(&m.base) == target),
        None => splits(w).iter().any(|(_, rest)| same_word_key(rest) == target),
    }
}

#[derive(Debug, Clone)]
struct Cluster {
    spellings: Vec<Vec<String>>,
    postings: Vec<Posting>,
}

#[derive(Debug, Clone)]
enum Primary {
    Word(Option<Resolved>),
    /// Words one after the other (quoted, or a name: see `clauses`).
    Phrase(Vec<Option<Resolved>>),
}

/// Two query words as one word of the archive.
#[derive(Debug, Clone)]
struct Joined {
    word: String,
    resolved: Resolved,
}

#[derive(Debug, Clone)]
struct Clause {
    primary: Primary,
    cluster: Option<Cluster>,
    joined: Option<Joined>,
    words: Vec<String>,
}
