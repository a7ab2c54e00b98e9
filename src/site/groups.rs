//! Authors and sources: every byline's writer and every paper gets a page
//! listing its articles (paginated, with an Atom feed), like a tag, and an
//! index of all of them.
//!
//! A name is grouped by its matching key, so spellings that differ only in
//! hamza, diacritics or letter forms are one writer; the page shows the most
//! frequent spelling. An article belongs to the source of each paper that
//! printed it (`source` and `sources`).

use crate::arabic::key;
use crate::content::Article;
use crate::flat::FlatLists;
use crate::slug::slugify;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Which kind of name a group is: the URL's first part, and the words pages use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A byline's writer (`/authors/`).
    Author,
    /// A paper that printed the article (`/sources/`).
    Source,
}

impl Kind {
    /// The URL folder of the kind's pages: `authors`, `sources`.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Author => "authors",
            Kind::Source => "sources",
        }
    }

    /// What templates see as `kind`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Author => "author",
            Kind::Source => "source",
        }
    }
}

/// One writer or paper and the articles under its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Shown name: the most frequent spelling among the members.
    pub name: String,
    /// Unique among its kind: `slugify(name)`, `-2`… on a clash.
    pub slug: String,
    /// Article indices, in site order (newest first).
    pub members: Vec<usize>,
}

/// The groups of `kind` over `articles` (in site order), most articles
/// first, then by name; and each article's groups.
pub fn group(articles: &[Article], kind: Kind) -> (Vec<Group>, FlatLists<usize>) {
    let names_of = |a: &Article| -> Vec<String> {
        match kind {
            Kind::Author => a.author.iter().cloned().collect(),
            Kind::Source => sources_of(a).into_iter().map(str::to_string).collect(),
        }
    };
    // key -> (members, spelling -> count)
    let mut by_key: HashMap<String, (Vec<usize>, BTreeMap<String, usize>)> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        let mut seen = HashSet::new();
        for name in names_of(a) {
            let k = key(&name);
            if k.is_empty() || !seen.insert(k.clone()) {
                continue;
            }
            let entry = by_key.entry(k).or_default();
            entry.0.push(i);
            *entry.1.entry(name).or_default() += 1;
        }
    }
    let mut groups: Vec<(String, Vec<usize>)> = by_key
        .into_values()
        .map(|(members, spellings)| {
            // Most frequent spelling; the first in order on a tie.
            let name = spellings.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(s, _)| s.clone());
            (name.unwrap_or_default(), members)
        })
        .collect();
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    let mut taken: HashSet<String> = HashSet::new();
    let groups: Vec<Group> = groups
        .into_iter()
        .map(|(name, members)| {
            let base = match slugify(&name) {
                s if s.is_empty() => "x".to_string(),
                s => s,
            };
            let mut slug = base.clone();
            let mut n = 2;
            while !taken.insert(slug.clone()) {
                slug = format!("{base}-{n}");
                n += 1;
            }
            Group { name, slug, members }
        })
        .collect();
    let mut of_article = vec![Vec::new(); articles.len()];
    for (g, group) in groups.iter().enumerate() {
        for &i in &group.members {
            of_article[i].push(g);
        }
    }
    (groups, of_article.into())
}

/// Output path of a group's first page: `authors/slug/`.
pub fn group_path(kind: Kind, slug: &str) -> String {
    format!("{}/{slug}/", kind.folder())
}

/// Every paper that printed the article: `source`, then `sources`, once each.
pub fn sources_of(a: &Article) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for name in a.source.iter().chain(a.sources()) {
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(author: Option<&str>, source: Option<&str>, sources: &[&str]) -> Article {
        Article {
            author: author.map(str::to_string),
            source: source.map(str::to_string),
            extras: crate::content::Extras {
                sources: sources.iter().map(|s| s.to_string()).collect(),
                ..Default::default()
            }
            .boxed(),
            ..Default::default()
        }
    }

    #[test]
    fn spellings_of_one_name_are_one_group_shown_as_the_most_frequent() {
        let articles = [
            article(Some("محمد الحيدر"), Some("الرياض"), &[]),
            article(Some("مُحمّد الحيدر"), Some("عكاظ"), &["عكاظ", "الرياض"]),
            article(Some("محمد الحيدر"), None, &[]),
            article(None, Some("سبق"), &[]),
        ];
        let (authors, of) = group(&articles, Kind::Author);
        assert_eq!(authors.len(), 1);
        assert_eq!(authors[0].name, "محمد الحيدر");
        assert_eq!(authors[0].members, [0, 1, 2]);
        assert_eq!(of[3], Vec::<usize>::new());
        let (sources, of) = group(&articles, Kind::Source);
        let names: Vec<(&str, usize)> = sources.iter().map(|g| (g.name.as_str(), g.members.len())).collect();
        assert_eq!(names, [("الرياض", 2), ("سبق", 1), ("عكاظ", 1)]);
        assert_eq!(of[1], [0, 2], "an article printed by two papers is under both");
    }

    #[test]
    fn slugs_are_unique() {
        let articles = [article(Some("أ ب"), None, &[]), article(Some("أ-ب"), None, &[])];
        let (authors, _) = group(&articles, Kind::Author);
        let slugs: Vec<&str> = authors.iter().map(|g| g.slug.as_str()).collect();
        assert_eq!(slugs, ["أ-ب", "أ-ب-2"]);
    }
}
