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
use crate::slug::slugify;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Which kind of name a group is: the URL's first part, and the words pages use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Author,
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
    pub name: String,
    /// Unique among its kind: `slugify(name)`, `-2`… on a clash.
    pub slug: String,
    /// Article indices, in site order (newest first).
    pub members: Vec<usize>,
}

/// The groups of `kind` over `articles` (in site order), most articles
/// first, then by name; and each article's groups.
pub fn group(articles: &[Article], kind: Kind) -> (Vec<Group>, Vec<Vec<usize>>) {
    let names_of = |a: &Article| -> Vec<String> {
        match kind {
            Kind::Author => a.author.iter().cloned().collect(),
            Kind::Source => super::meta::sources_of(a).into_iter().map(str::to_string).collect(),
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
    (groups, of_article)
}

/// Output path of a group's first page: `authors/slug/`.
pub fn group_path(kind: Kind, slug: &str) -> String {
    format!("{}/{slug}/", kind.folder())
}

impl super::Renderer<'_> {
    /// Fills `ctx` for page `page` of group `g` of `kind`.
    pub(super) fn group_page(
        &self,
        kind: Kind,
        g: usize,
        page: usize,
        ctx: &mut super::fields::Fields,
    ) -> crate::error::Result<()> {
        let s = self.site;
        let (list, urls) = s.groups(kind);
        let group = &list[g];
        let (items, paginator) = self.paginate(group.members.len(), |k| group.members[k], &urls[g], page)?;
        let fields = super::fields::Fields::new()
            .with("kind", kind.name())
            .with("name", group.name.as_str())
            .with("url", urls[g].as_str())
            .with("count", group.members.len())
            .with("count_display", s.display_number(group.members.len()))
            .with("feed_url", format!("{}atom.xml", urls[g]))
            .with("index_url", s.url(&format!("{}/", kind.folder())));
        ctx.push("group", fields.into_value());
        ctx.push("articles", items);
        ctx.push("paginator", minijinja::Value::from_serialize(paginator));
        Ok(())
    }

    /// Fills `ctx` for the index of every group of `kind`.
    pub(super) fn group_index(&self, kind: Kind, ctx: &mut super::fields::Fields) {
        let s = self.site;
        let (list, urls) = s.groups(kind);
        let entries: Vec<super::context::TagCount> = list
            .iter()
            .zip(urls)
            .map(|(g, url)| super::context::TagCount {
                name: g.name.clone(),
                url: url.clone(),
                count: g.members.len(),
                count_display: s.display_number(g.members.len()),
            })
            .collect();
        ctx.push("kind", kind.name());
        ctx.push("groups", minijinja::Value::from_serialize(entries));
    }

    /// The Atom feed of group `g` of `kind`.
    pub(super) fn group_feed(&self, kind: Kind, g: usize) -> String {
        let s = self.site;
        let group = &s.groups(kind).0[g];
        let entries = super::list_feed_entries(s, &group.members);
        let first = group_path(kind, &group.slug);
        let spec = super::feeds::FeedSpec {
            title: format!("{} — {}", group.name, s.config.title),
            path: format!("{first}atom.xml"),
            alternate: first,
            entries: &entries,
        };
        super::feeds::atom(s, &spec, &|i, out| self.entry_html(i, out))
    }
}

/// The writers' and papers' pages that list article `i` (`feeds: false`),
/// or their feeds that carry it (`feeds: true`).
pub fn jobs_showing(site: &super::Site, i: usize, feeds: bool) -> Vec<super::Job> {
    let per = site.config.per_page;
    let mut jobs = Vec::new();
    for kind in [Kind::Author, Kind::Source] {
        let of_article = match kind {
            Kind::Author => &site.article_authors[i],
            Kind::Source => &site.article_sources[i],
        };
        for &g in of_article {
            let members = &site.groups(kind).0[g].members;
            if feeds {
                if super::list_feed_entries(site, members).contains(&i) {
                    jobs.push(super::Job::GroupFeed(kind, g));
                }
            } else if let Some(position) = members.iter().position(|&m| m == i) {
                jobs.push(super::Job::Group(kind, g, position / per + 1));
            }
        }
    }
    jobs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(author: Option<&str>, source: Option<&str>, sources: &[&str]) -> Article {
        Article {
            author: author.map(str::to_string),
            source: source.map(str::to_string),
            sources: sources.iter().map(|s| s.to_string()).collect(),
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
