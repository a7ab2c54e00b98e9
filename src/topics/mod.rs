//! Topics: Arabic-aware grouping of articles by keyword.
//!
//! One subject is spelled many ways in scraped Arabic news (`كيم جونج أون`,
//! `كيم جونغ أون`, `الزعيم الكوري الشمالي كيم جونج أون`; `کوریا الشمالیة`
//! with Persian letters). [`group`] merges the spellings of each subject into
//! one [`Tag`]:
//!
//! 1. each explicit tag is reduced to the name it is about (role words and
//!    nisba adjectives in front are stripped, and a reduced phrase whose last
//!    words are another tag joins it: [`names`]);
//! 2. tags merge when their phrase hashes are equal: key, light stem and
//!    transliteration folding of each word, spaces and hyphens ignored
//!    ([`text`]); `[topics] aliases` merge more;
//! 3. articles join existing tags their text names, and articles with few
//!    tags get new keyword phrases scored across the archive ([`auto`]);
//! 4. related articles come from shared tags weighted by rarity ([`related`]).
//!
//! Pure and deterministic: no I/O, and no hash-map order reaches the output.

mod auto;
mod collate;
pub mod names;
mod related;
pub mod text;

pub use collate::{by_count, by_name, collation_key};

use crate::arabic::key;
use crate::config::TopicsConfig;
use crate::content::Article;
use crate::slug::slugify;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use text::{phrase_hash, tokenize, HashMapU64, HashSetU64};

/// One merged tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Matching key of the shown name.
    pub key: String,
    /// Shown name: the most frequent spelling (or the alias / rename).
    pub name: String,
    /// Unique URL slug: `slugify(name)`, with `-2`, `-3`… on a clash.
    pub slug: String,
    /// Every distinct spelling merged in, most frequent first (names before
    /// the role-and-name phrases they were taken from).
    pub spellings: Vec<String>,
    /// Article indices, newest first (undated last, then in input order).
    pub members: Vec<usize>,
}

/// Tags of an archive and what each article is linked to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Topics {
    /// Sorted by member count (most first), then alphabetically.
    pub tags: Vec<Tag>,
    /// Per article, indices into `tags`: its own tags first, in its order,
    /// then automatic ones.
    pub article_tags: Vec<Vec<usize>>,
    /// Per article, up to `config.related` other article indices.
    pub related: Vec<Vec<usize>>,
}

/// An explicit tag of one article, reduced to the name it is about.
struct Entry<'a> {
    name: &'a str,
    original: &'a str,
    hash: u64,
    role_only: bool,
}

/// What a tag spelling reduces to (see [`TagTable`]).
struct Reduced {
    name: String,
    hash: u64,
    role_only: bool,
}

/// Union-find over phrase hashes; the smaller node index is the root, so
/// groups are numbered in order of first appearance.
#[derive(Default)]
struct UnionFind {
    ids: HashMapU64<usize>,
    parent: Vec<usize>,
}

impl UnionFind {
    fn node(&mut self, h: u64) -> usize {
        let next = self.parent.len();
        let id = *self.ids.entry(h).or_insert(next);
        if id == next {
            self.parent.push(next);
        }
        id
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[hi] = lo;
    }
}

/// Spelling statistics of one group.
#[derive(Default)]
struct Group {
    /// spelling → (articles using it, is a name rather than a role phrase,
    /// archive rank of the newest article using it)
    spellings: BTreeMap<String, (usize, bool, usize)>,
    members: Vec<usize>,
    role_only: bool,
    support: usize,
    alias: Option<String>,
}

impl Group {
    fn spell(&mut self, s: &str, direct: bool, rank: usize) {
        // Most calls count a spelling already seen: no key to allocate.
        let e = match self.spellings.get_mut(s) {
            Some(e) => e,
            None => self.spellings.entry(s.to_string()).or_insert((0, direct, rank)),
        };
        e.0 += 1;
        e.1 |= direct;
        e.2 = e.2.min(rank);
    }
}

/// Groups `articles` into merged tags, automatic keywords and related
/// articles.
pub fn group(articles: &[Article], config: &TopicsConfig) -> Topics {
    let rank = archive_rank(articles);
    let ban: HashSetU64 = config.ban.iter().filter_map(|b| phrase_hash(b)).collect();
    let table = TagTable::new(articles, &ban);
    let entries = table.entries(articles);

    // Merge: equal hashes are one node; aliases join nodes.
    let mut uf = UnionFind::default();
    for e in entries.iter().flatten() {
        uf.node(e.hash);
    }
    let mut alias_nodes: Vec<(usize, &String)> = Vec::new();
    for (name, spellings) in &config.aliases {
        let Some(h) = phrase_hash(name).filter(|h| !ban.contains(h)) else { continue };
        let a = uf.node(h);
        alias_nodes.push((a, name));
        for s in spellings {
            if let Some(hs) = phrase_hash(s).filter(|h| !ban.contains(h)) {
                let b = uf.node(hs);
                uf.union(a, b);
            }
        }
    }
    let n_nodes = uf.parent.len();
    let mut gid_of_root: Vec<Option<u32>> = vec![None; n_nodes];
    let mut node_gid: Vec<u32> = Vec::with_capacity(n_nodes);
    let mut n_groups = 0u32;
    for x in 0..n_nodes {
        let r = uf.find(x);
        let g = *gid_of_root[r].get_or_insert_with(|| {
            n_groups += 1;
            n_groups - 1
        });
        node_gid.push(g);
    }
    let gid = |uf: &UnionFind, h: u64| node_gid[uf.ids[&h]];

    let mut groups: Vec<Group> = (0..n_groups).map(|_| Group { role_only: true, ..Group::default() }).collect();
    for (a, name) in alias_nodes {
        let g = &mut groups[node_gid[a] as usize];
        g.alias.get_or_insert_with(|| name.clone());
        g.role_only = false;
    }
    let mut own: Vec<Vec<u32>> = vec![Vec::new(); articles.len()];
    let mut seen: Vec<(u32, &str)> = Vec::new();
    for (a, es) in entries.iter().enumerate() {
        // (group, spelling) pairs counted for this article: a handful, so
        // a list beats a hash set.
        seen.clear();
        for e in es {
            let g = gid(&uf, e.hash);
            if !own[a].contains(&g) {
                own[a].push(g);
                groups[g as usize].support += 1;
                groups[g as usize].members.push(a);
            }
            let grp = &mut groups[g as usize];
            grp.role_only &= e.role_only;
            if insert_new(&mut seen, (g, e.name)) {
                grp.spell(e.name, true, rank[a]);
            }
            if e.original != e.name && insert_new(&mut seen, (g, e.original)) {
                grp.spell(e.original, false, rank[a]);
            }
        }
    }

    // What text can match: every name spelling of groups that are subjects.
    let mut patterns: HashMapU64<u32> = HashMapU64::default();
    let mut partials: HashMapU64<Vec<u32>> = HashMapU64::default();
    let mut name_spellings: Vec<(u32, &str)> = Vec::new();
    for r in table.reduced.iter().flatten() {
        let g = gid(&uf, r.hash);
        if !groups[g as usize].role_only {
            patterns.insert(r.hash, g);
            name_spellings.push((g, &r.name));
        }
    }
    for (name, spellings) in &config.aliases {
        for s in spellings.iter().chain([name]) {
            if let Some(h) = phrase_hash(s).filter(|h| uf.ids.contains_key(h)) {
                patterns.insert(h, gid(&uf, h));
            }
        }
    }
    for (g, s) in name_spellings {
        if !names::is_name_like(s) {
            continue;
        }
        let d = tokenize(s);
        let n = d.tokens.len();
        if n < 2 {
            continue;
        }
        for i in [0, n - 1] {
            let h = d.hash(i, i + 1);
            if d.match_key(&d.tokens[i]).chars().count() >= 3 && !patterns.contains_key(&h) && !ban.contains(&h) {
                let v = partials.entry(h).or_default();
                if !v.contains(&g) {
                    v.push(g);
                }
            }
        }
    }
    for v in partials.values_mut() {
        v.sort_unstable();
    }

    let support: Vec<usize> = groups.iter().map(|g| g.support).collect();
    let idx = auto::Index { patterns: &patterns, partials: &partials, support: &support, ban: &ban };
    let found = auto::assign(articles, &own, &idx, config.auto_tags);

    // Automatic keywords join their groups; new phrases make new groups.
    let mut new_groups: HashMapU64<u32> = HashMapU64::default();
    let mut auto_of: Vec<Vec<u32>> = vec![Vec::new(); articles.len()];
    for a in 0..articles.len() {
        for &g in &found.existing[a] {
            groups[g as usize].members.push(a);
            auto_of[a].push(g);
        }
        for (h, spelling) in &found.new[a] {
            let g = *new_groups.entry(*h).or_insert_with(|| {
                groups.push(Group::default());
                (groups.len() - 1) as u32
            });
            let grp = &mut groups[g as usize];
            grp.members.push(a);
            grp.spell(spelling, true, rank[a]);
            auto_of[a].push(g);
        }
    }
    // A new phrase only one article chose groups nothing.
    let keep: Vec<bool> =
        groups.iter().enumerate().map(|(g, grp)| g < n_groups as usize || grp.members.len() >= 2).collect();

    assemble(articles, config, groups, &keep, &own, &auto_of, &rank)
}

/// Adds `item` to `list` unless it is there; whether it was added.
fn insert_new<T: PartialEq>(list: &mut Vec<T>, item: T) -> bool {
    let new = !list.contains(&item);
    if new {
        list.push(item);
    }
    new
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
        let mut article_tags = vec![Vec::new(); n];
        let mut related = vec![Vec::new(); n];
        for (i, (ts, rel)) in self.article_tags.into_iter().zip(self.related).enumerate() {
            if let Some(j) = new_index[i] {
                article_tags[j] = ts.into_iter().filter_map(|t| tag_index[t]).collect();
                related[j] = rel.into_iter().filter_map(|r| new_index[r]).collect();
            }
        }
        Topics { tags, article_tags, related }
    }
}

/// Removes spellings that are another spelling with a one-letter proclitic
/// glued on (`وكيم` beside `كيم`): text matches bring such forms in, but they
/// are the same word, not another way to write the name.
fn drop_clitic_forms(spellings: &mut Vec<String>) {
    let keys: std::collections::HashSet<String> = spellings.iter().map(|s| key(s)).collect();
    spellings.retain(|s| {
        let k = key(s);
        let mut chars = k.chars();
        let stripped = match chars.next() {
            Some('و' | 'ف' | 'ب' | 'ل' | 'ك') => chars.as_str(),
            _ => return true,
        };
        stripped.chars().count() < 2 || !keys.contains(stripped)
    });
}

/// Letters of Persian keyboards in an Arabic text: a spelling without them
/// is preferred on a tie.
fn persian_letters(s: &str) -> usize {
    s.chars().filter(|c| matches!(c, 'ک' | 'ی' | 'ۀ' | 'ۃ' | 'ھ')).count()
}

/// The archive's distinct explicit tag spellings, each reduced to its name.
///
/// Tags repeat across an archive (300 spellings on 10,000 articles), so each
/// distinct spelling is reduced and joined once, and [`Entry`]s borrow the
/// results instead of owning copies.
struct TagTable {
    /// Per distinct spelling, in order of first use: what it reduces to
    /// (`None`: banned or empty).
    reduced: Vec<Option<Reduced>>,
    /// Every article's tags in order, as indices into `reduced`.
    ids: Vec<u32>,
}

impl TagTable {
    fn new(articles: &[Article], ban: &HashSetU64) -> TagTable {
        // Looking up 40,000 tags waits on memory more than it computes, so
        // chunks of the archive are indexed in parallel, then merged in
        // order (which keeps the order of first use).
        let chunks: Vec<(Vec<&str>, Vec<u32>)> = articles
            .par_chunks(1024)
            .map(|chunk| {
                let mut distinct = Vec::new();
                let ids = index_spellings(chunk.iter().flat_map(|a| &a.tags).map(String::as_str), &mut distinct);
                (distinct, ids)
            })
            .collect();
        let mut distinct: Vec<&str> = Vec::new();
        let mut ids = Vec::with_capacity(chunks.iter().map(|c| c.1.len()).sum());
        for (local, local_ids) in &chunks {
            let global = index_spellings(local.iter().copied(), &mut distinct);
            ids.extend(local_ids.iter().map(|&i| global[i as usize]));
        }
        let mut reduced: Vec<Option<Reduced>> = distinct.iter().map(|t| reduce(t, ban)).collect();
        // A reduced name whose last words are a tag elsewhere joins that tag
        // (`فلاديمير بوتين` → `بوتين`).
        let direct: HashSetU64 = reduced.iter().flatten().filter(|r| !r.role_only).map(|r| r.hash).collect();
        let mut joined: HashMap<String, Option<(String, u64)>> = HashMap::new();
        for (r, t) in reduced.iter_mut().zip(&distinct) {
            let Some(r) = r.as_mut().filter(|r| r.name != *t) else { continue };
            let j = joined.entry(r.name.clone()).or_insert_with(|| {
                let words: Vec<&str> = r.name.split_whitespace().collect();
                (1..words.len()).find_map(|k| {
                    let suffix = words[k..].join(" ");
                    if !names::is_name_like(&suffix) {
                        return None;
                    }
                    phrase_hash(&suffix).filter(|h| direct.contains(h) && !ban.contains(h)).map(|h| (suffix, h))
                })
            });
            if let Some((name, h)) = j {
                r.name = name.clone();
                r.hash = *h;
                r.role_only = false;
            }
        }
        TagTable { reduced, ids }
    }

    /// Explicit tags per article, banned ones removed, each reduced to its
    /// name.
    fn entries<'a>(&'a self, articles: &'a [Article]) -> Vec<Vec<Entry<'a>>> {
        let mut ids = self.ids.iter();
        articles
            .iter()
            .map(|a| {
                a.tags
                    .iter()
                    .zip(ids.by_ref())
                    .filter_map(|(t, &id)| {
                        let r = self.reduced[id as usize].as_ref()?;
                        Some(Entry { name: &r.name, original: t, hash: r.hash, role_only: r.role_only })
                    })
                    .collect()
            })
            .collect()
    }
}

/// Each spelling's index in `distinct`, which gets the new ones.
fn index_spellings<'a>(spellings: impl Iterator<Item = &'a str>, distinct: &mut Vec<&'a str>) -> Vec<u32> {
    let mut index: HashMap<&str, u32> = distinct.iter().enumerate().map(|(i, &s)| (s, i as u32)).collect();
    spellings
        .map(|s| {
            *index.entry(s).or_insert_with(|| {
                distinct.push(s);
                (distinct.len() - 1) as u32
            })
        })
        .collect()
}

/// One tag spelling reduced to its name, or `None` when banned or empty.
fn reduce(t: &str, ban: &HashSetU64) -> Option<Reduced> {
    let oh = phrase_hash(t)?;
    if ban.contains(&oh) {
        return None;
    }
    let name = names::strip_role(t).unwrap_or_else(|| t.to_string());
    let hash = phrase_hash(&name).filter(|h| !ban.contains(h))?;
    let role_only = names::is_role_only(&name);
    Some(Reduced { name, hash, role_only })
}

/// Builds the sorted tags and the per-article lists.
fn assemble(
    articles: &[Article],
    config: &TopicsConfig,
    groups: Vec<Group>,
    keep: &[bool],
    own: &[Vec<u32>],
    auto_of: &[Vec<u32>],
    rank: &[usize],
) -> Topics {
    let n = articles.len();
    let renames: Vec<(u64, &String)> =
        config.rename.iter().filter_map(|(from, to)| phrase_hash(from).map(|h| (h, to))).collect();

    let mut tags: Vec<(usize, Tag)> = Vec::new();
    for (g, grp) in groups.into_iter().enumerate() {
        if !keep[g] || grp.members.is_empty() {
            continue;
        }
        let mut members = grp.members;
        members.sort_by_key(|&a| rank[a]);
        members.dedup();
        // Names before role phrases, then most used, then without Persian
        // letters, then used most recently.
        let mut spellings: Vec<(String, (usize, bool, usize))> = grp.spellings.into_iter().collect();
        spellings.sort_by(|(a, x), (b, y)| {
            y.1.cmp(&x.1).then(y.0.cmp(&x.0)).then(persian_letters(a).cmp(&persian_letters(b))).then(x.2.cmp(&y.2))
        });
        let mut spellings: Vec<String> = spellings.into_iter().map(|s| s.0).collect();
        drop_clitic_forms(&mut spellings);
        let renamed = spellings
            .iter()
            .chain(grp.alias.iter())
            .find_map(|s| phrase_hash(s).and_then(|h| renames.iter().find(|r| r.0 == h)).map(|r| r.1.clone()));
        let Some(name) = renamed.or(grp.alias).or_else(|| spellings.first().cloned()) else { continue };
        tags.push((g, Tag { key: key(&name), name, slug: String::new(), spellings, members }));
    }
    let ckeys: Vec<Vec<u32>> = tags.iter().map(|t| collation_key(&t.1.name)).collect();
    let mut idx: Vec<usize> = (0..tags.len()).collect();
    idx.sort_by(|&a, &b| {
        let (ta, tb) = (&tags[a].1, &tags[b].1);
        tb.members
            .len()
            .cmp(&ta.members.len())
            .then_with(|| ckeys[a].cmp(&ckeys[b]))
            .then_with(|| ta.name.cmp(&tb.name))
            .then(tags[a].0.cmp(&tags[b].0))
    });
    let mut slot: Vec<Option<usize>> = vec![None; keep.len()];
    let mut used: HashSet<String> = HashSet::new();
    let mut sorted: Vec<Tag> = Vec::with_capacity(tags.len());
    let mut tags: Vec<Option<(usize, Tag)>> = tags.into_iter().map(Some).collect();
    for i in idx {
        let (g, mut tag) = tags[i].take().expect("each index once");
        let base = match slugify(&tag.name) {
            s if s.is_empty() => "tag".to_string(),
            s => s,
        };
        let mut slug = base.clone();
        let mut k = 2;
        while !used.insert(slug.clone()) {
            slug = format!("{base}-{k}");
            k += 1;
        }
        tag.slug = slug;
        slot[g] = Some(sorted.len());
        sorted.push(tag);
    }
    let article_tags: Vec<Vec<usize>> = (0..n)
        .map(|a| {
            let mut v: Vec<usize> = Vec::new();
            for g in own[a].iter().chain(&auto_of[a]) {
                if let Some(t) = slot[*g as usize] {
                    if !v.contains(&t) {
                        v.push(t);
                    }
                }
            }
            v
        })
        .collect();
    let members: Vec<&[usize]> = sorted.iter().map(|t| t.members.as_slice()).collect();
    let related = related::related(&members, &article_tags, rank, config.related);
    Topics { tags: sorted, article_tags, related }
}

#[cfg(test)]
mod tests;
