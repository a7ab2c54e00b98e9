//! Which spellings are one subject: keyword-line tags, known subjects and
//! discovered phrases merged into groups.
//!
//! Spellings merge when their [`phrase_hash`]es are equal (the same words in
//! any spelling, spaces and hyphens ignored) or an alias or known subject
//! lists them together. Discovered phrases also merge with the subject they
//! name another way:
//! - a descriptor in front (`منطقة عسير` is `عسير`, `ميليشيات الحوثي` is
//!   `الحوثي`), an adjective or honorific after a known subject (`الهلال
//!   الأحمر السعودي` is `الهلال الأحمر`);
//! - a first name in front of a name most articles use alone (`باراك
//!   أوباما` is `أوباما`);
//! - one word of a longer name, found alone (`كيم` is `كيم جونغ أون`,
//!   `الجبير` is `عادل الجبير`);
//! - a foreign name with and without a long vowel (`نتانياهو`, `نتنياهو`);
//! - a king's title and given name, and his full name, when the archive
//!   joins them (`الملك سلمان` and `سلمان بن عبدالعزيز` in `الملك سلمان بن
//!   عبدالعزيز`).

use super::discover::{Discovery, Found};
use super::explicit::{Entry, TagTable};
use super::knowledge::Knowledge;
use super::lexicon::{class, keys_hash, Lexicon};
use super::mentions::Kind;
use super::text::{phrase_hash, HashMapU64, HashSetU64, PhraseHasher};
use std::collections::BTreeMap;

/// Union-find over phrase hashes; the smaller node index is the root, so
/// groups are numbered in order of first appearance.
#[derive(Default)]
pub(super) struct UnionFind {
    pub ids: HashMapU64<usize>,
    pub parent: Vec<usize>,
}

impl UnionFind {
    pub(super) fn node(&mut self, h: u64) -> usize {
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
    pub(super) fn same(&mut self, a: usize, b: usize) -> bool {
        self.find(a) == self.find(b)
    }
    pub(super) fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[hi] = lo;
    }

    /// Group number of every node, groups numbered by first node.
    fn numbering(&mut self) -> (Vec<u32>, usize) {
        let n = self.parent.len();
        let mut of_root: Vec<Option<u32>> = vec![None; n];
        let mut out = Vec::with_capacity(n);
        let mut groups = 0u32;
        for x in 0..n {
            let r = self.find(x);
            let g = *of_root[r].get_or_insert_with(|| {
                groups += 1;
                groups - 1
            });
            out.push(g);
        }
        (out, groups as usize)
    }
}

/// One subject.
#[derive(Default)]
pub(super) struct Group {
    /// Keyword-line spelling → (articles using it, is a name rather than a
    /// role phrase, archive rank of the newest article using it).
    pub spellings: BTreeMap<String, (usize, bool, usize)>,
    pub members: Vec<usize>,
    /// Only titles or offices: kept from keyword lines, never looked for.
    pub role_only: bool,
    /// Articles that carry it on their keyword line.
    pub support: usize,
    /// The name an alias or known subject gives it.
    pub alias: Option<String>,
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

/// The subjects of an archive and what to look for in its text.
pub(super) struct Subjects {
    pub groups: Vec<Group>,
    /// Per article, the groups of its keyword line, in its order.
    pub own: Vec<Vec<u32>>,
    /// Spellings to look for: (group, its words' keys).
    pub spellings: Vec<(u32, Vec<u32>)>,
    /// Words that name a multi-word subject after its full name: (group, key).
    pub partials: Vec<(u32, u32)>,
    /// Per group: what it is, for the rules on subjects inside others.
    pub kinds: Vec<Kind>,
}

/// Inputs the groups are made of.
pub(super) struct Sources<'a> {
    pub table: &'a TagTable,
    pub entries: &'a [Vec<Entry<'a>>],
    pub knowledge: &'a Knowledge,
    pub discovery: &'a Discovery,
    pub lexicon: &'a Lexicon<'a>,
    pub ban: &'a HashSetU64,
    /// Each article's archive rank (newest first).
    pub rank: &'a [usize],
}

/// The [`phrase_hash`] of a phrase given as keys.
fn squash_hash(lexicon: &Lexicon, keys: &[u32]) -> u64 {
    let mut h = PhraseHasher::new();
    for &k in keys {
        h.feed(lexicon.key(k).text.as_bytes());
    }
    h.finish()
}

/// Groups the subjects of `s`.
pub(super) fn subjects(s: &Sources) -> Subjects {
    let lexicon = s.lexicon;
    let banned = |h: &u64| s.ban.contains(h);
    let mut uf = UnionFind::default();
    for e in s.entries.iter().flatten() {
        uf.node(e.hash);
    }
    // Known subjects and aliases: the name, and each spelling joined to it.
    let mut named: Vec<(usize, &str)> = Vec::new();
    for k in &s.knowledge.subjects {
        let Some(h) = phrase_hash(&k.name).filter(|h| !banned(h)) else { continue };
        let a = uf.node(h);
        named.push((a, &k.name));
        for sp in &k.spellings {
            if let Some(hs) = phrase_hash(sp).filter(|h| !banned(h)) {
                let b = uf.node(hs);
                uf.union(a, b);
            }
        }
    }
    // Nodes so far are keyword lines and known subjects.
    let curated_nodes = uf.parent.len();
    let found: Vec<(usize, &Found)> = s
        .discovery
        .found
        .iter()
        .filter_map(|f| {
            let h = squash_hash(lexicon, &f.keys);
            (!banned(&h)).then(|| (uf.node(h), f))
        })
        .collect();
    merge_found(s, &mut uf, &found, curated_nodes);

    let (gid_of, n_groups) = uf.numbering();
    let gid = |uf: &UnionFind, h: u64| gid_of[uf.ids[&h]];
    let mut groups: Vec<Group> = (0..n_groups).map(|_| Group { role_only: true, ..Group::default() }).collect();
    for &(node, name) in &named {
        let g = &mut groups[gid_of[node] as usize];
        g.alias.get_or_insert_with(|| name.to_string());
        g.role_only = false;
    }
    for &(node, _) in &found {
        groups[gid_of[node] as usize].role_only = false;
    }
    let mut own: Vec<Vec<u32>> = vec![Vec::new(); s.entries.len()];
    let mut seen: Vec<(u32, &str)> = Vec::new();
    for (a, es) in s.entries.iter().enumerate() {
        // (group, spelling) pairs counted for this article: a handful, so
        // a list beats a hash set.
        seen.clear();
        for e in es {
            let g = gid(&uf, e.hash);
            let grp = &mut groups[g as usize];
            if !own[a].contains(&g) {
                own[a].push(g);
                grp.support += 1;
                grp.members.push(a);
            }
            grp.role_only &= e.role_only;
            if insert_new(&mut seen, (g, e.name)) {
                grp.spell(e.name, true, s.rank[a]);
            }
            if e.original != e.name && insert_new(&mut seen, (g, e.original)) {
                grp.spell(e.original, false, s.rank[a]);
            }
        }
    }

    // What text can match: every spelling of every group that is a subject.
    let mut spellings: Vec<(u32, Vec<u32>)> = Vec::new();
    for r in s.table.reduced.iter().flatten() {
        let g = gid(&uf, r.hash);
        if !groups[g as usize].role_only {
            if let Some(keys) = lexicon.phrase(&r.name) {
                spellings.push((g, keys));
            }
        }
    }
    for k in &s.knowledge.subjects {
        for sp in std::iter::once(&k.name).chain(&k.spellings) {
            let (Some(h), Some(keys)) = (phrase_hash(sp), lexicon.phrase(sp)) else { continue };
            if let Some(&node) = uf.ids.get(&h) {
                spellings.push((gid_of[node], keys));
            }
        }
    }
    for &(node, f) in &found {
        spellings.push((gid_of[node], f.keys.clone()));
    }
    let partials = partial_words(lexicon, &spellings);
    let mut kinds: Vec<Kind> =
        groups.iter().map(|g| Kind { curated: g.support > 0 || g.alias.is_some(), ..Kind::default() }).collect();
    for (g, keys) in &spellings {
        let k = &mut kinds[*g as usize];
        let first = lexicon.key(keys[0]);
        k.person |= first.is(class::PERSON_TITLE) || keys.iter().any(|&w| lexicon.key(w).is(class::GIVEN_NAME));
        k.institution |= keys.len() > 1 && first.is(class::INSTITUTION);
    }
    Subjects { groups, own, spellings, partials, kinds }
}

/// The merges of discovered phrases of the module comment.
fn merge_found(s: &Sources, uf: &mut UnionFind, found: &[(usize, &Found)], curated_nodes: usize) {
    let lexicon = s.lexicon;
    // Every spelling's node by its keys, to find a phrase's rest.
    let spellings = spelling_nodes(s, uf, found);
    let mut by_keys: HashMapU64<usize> = HashMapU64::default();
    for (node, keys) in &spellings {
        by_keys.entry(keys_hash(keys)).or_insert(*node);
    }
    let about = |keys: &[u32]| s.discovery.about(keys);
    // A known subject and an adjective or honorific after it (`الهلال
    // الأحمر السعودي`, `داعش الإرهابي`) is that subject; a phrase that is
    // itself known stays (`كوريا الشمالية` is not `كوريا`).
    for &(node, f) in found {
        let n = f.keys.len();
        if n < 2 || node < curated_nodes || !lexicon.key(f.keys[n - 1]).is(class::NISBA | class::HONORIFIC) {
            continue;
        }
        if let Some(&other) = by_keys.get(&keys_hash(&f.keys[..n - 1])).filter(|&&o| o < curated_nodes) {
            uf.union(node, other);
        }
    }
    for &(node, f) in found {
        if f.keys.len() < 2 {
            continue;
        }
        let head = lexicon.key(f.keys[0]);
        let rest = &f.keys[1..];
        let Some(&other) = by_keys.get(&keys_hash(rest)) else { continue };
        let descriptor = head.is(class::DESCRIPTOR);
        // A first name in front of a name the archive mostly uses alone:
        // a given name, or a foreign one before a name found alone
        // (`باراك أوباما`; not `سيستمز السعودية`, `محايل عسير`).
        let found_alone = rest.len() == 1 && other >= curated_nodes && found.iter().any(|(_, g)| g.keys == rest);
        let first_name = head.is(class::GIVEN_NAME)
            || (found_alone
                && !head.is(class::ARTICLE | class::ALTERNATES | class::GENERIC | class::OFFICE | class::DESCRIPTOR)
                && f.about * 4 <= about(rest));
        if descriptor || first_name {
            uf.union(node, other);
        }
    }
    // A word of a multi-word name found alone (`كيم` of `كيم جونج أون`,
    // `الجبير` of `عادل الجبير`) is that name, when the name is about half
    // as many articles or more and it is the word of no other name.
    let names: Vec<&(usize, Vec<u32>)> =
        spellings.iter().filter(|(_, keys)| keys.len() >= 2 && is_name(lexicon, keys)).collect();
    for &(node, f) in found {
        let [word] = f.keys[..] else { continue };
        let mut owners = names.iter().filter(|(_, keys)| keys[0] == word || keys[keys.len() - 1] == word);
        let Some((owner, keys)) = owners.next() else { continue };
        let (owner, named) = (*owner, about(keys));
        if owners.all(|(o, _)| uf.same(*o, owner)) && named * 2 >= f.about {
            uf.union(node, owner);
        }
    }
    // A foreign name written with and without a long vowel (`نتنياهو`,
    // `نتانياهو`): one-word names found by statistics, the same but for ا و
    // ي between the first and last letters, with four letters or more left.
    let mut by_skeleton: std::collections::HashMap<String, usize, super::text::WordBuild> = Default::default();
    for &(node, f) in found {
        let [word] = f.keys[..] else { continue };
        let k = lexicon.key(word);
        if k.is(class::ARTICLE) || node < curated_nodes {
            continue;
        }
        // The first and last letters stay (`هولاند` is not `هولندا`).
        let chars: Vec<char> = k.text.chars().collect();
        let inner = chars[1..chars.len().saturating_sub(1).max(1)].iter().filter(|c| !matches!(c, 'ا' | 'و' | 'ي'));
        let skeleton: String = chars[..1].iter().chain(inner).chain(chars[1..].last()).collect();
        if skeleton.chars().count() >= 4 {
            match by_skeleton.get(&skeleton) {
                Some(&other) => uf.union(node, other),
                None => {
                    by_skeleton.insert(skeleton, node);
                }
            }
        }
    }
    // A king's title and given name, and his full name.
    for &(a, king) in found {
        let [title, given] = king.keys[..] else { continue };
        if !lexicon.key(title).is(class::PERSON_TITLE) || !lexicon.key(given).is(class::GIVEN_NAME) {
            continue;
        }
        for &(b, full) in found {
            if full.keys.len() >= 3 && full.keys[0] == given {
                let joined: Vec<u32> = std::iter::once(title).chain(full.keys.iter().copied()).collect();
                if about(&joined) * 10 >= 3 * king.about.min(full.about) {
                    uf.union(a, b);
                }
            }
        }
    }
}

/// Every spelling (keyword line, known, found) with its node, in order.
fn spelling_nodes(s: &Sources, uf: &UnionFind, found: &[(usize, &Found)]) -> Vec<(usize, Vec<u32>)> {
    let lexicon = s.lexicon;
    let mut out = Vec::new();
    for r in s.table.reduced.iter().flatten().filter(|r| !r.role_only) {
        if let (Some(keys), Some(&node)) = (lexicon.phrase(&r.name), uf.ids.get(&r.hash)) {
            out.push((node, keys));
        }
    }
    for k in &s.knowledge.subjects {
        for sp in std::iter::once(&k.name).chain(&k.spellings) {
            if let (Some(keys), Some(&node)) = (lexicon.phrase(sp), phrase_hash(sp).and_then(|h| uf.ids.get(&h))) {
                out.push((node, keys));
            }
        }
    }
    out.extend(found.iter().map(|&(node, f)| (node, f.keys.clone())));
    out
}

/// Whether a spelling is a name: no common, office, place-descriptor,
/// nisba, unit or function word in it.
fn is_name(lexicon: &Lexicon, keys: &[u32]) -> bool {
    let not_name = class::GENERIC
        | class::OFFICE
        | class::DESCRIPTOR
        | class::NISBA
        | class::UNIT
        | class::ALTERNATES
        | class::STOP
        | class::HONORIFIC;
    !keys.iter().any(|&k| lexicon.key(k).is(not_name))
}

/// The words of multi-word names that name them alone after the full name
/// (`الجبير` of `عادل الجبير`, `كيم` of `كيم جونغ أون`): the first or last
/// word of a name ([`is_name`]), when it is not a given name or title.
fn partial_words(lexicon: &Lexicon, spellings: &[(u32, Vec<u32>)]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for (g, keys) in spellings {
        if keys.len() < 2 || !is_name(lexicon, keys) {
            continue;
        }
        for &k in [keys[0], keys[keys.len() - 1]].iter() {
            let w = lexicon.key(k);
            if !w.is(class::GIVEN_NAME | class::CONNECTOR | class::SHORT | class::PERSON_TITLE) {
                out.push((*g, k));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Adds `item` to `list` unless it is there; whether it was added.
fn insert_new<T: PartialEq>(list: &mut Vec<T>, item: T) -> bool {
    let new = !list.contains(&item);
    if new {
        list.push(item);
    }
    new
}
