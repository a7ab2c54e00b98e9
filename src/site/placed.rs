//! The part of the site model that does not need the topics: each
//! article's output path, the archive, the menu, redirects, the record of
//! published URLs, writers and papers. It is made beside the grouping
//! (`Site::with_topics`), on another core.

use super::{article_path, groups, link_url, Group, Kind, Link, Redirect, Target, Warning};
use crate::config::Config;
use crate::content::published::{Published, TagRecord};
use crate::content::{Article, Page};
use crate::error::Error;
use crate::flat::FlatLists;
use std::collections::{BTreeMap, HashMap};

/// What the site model places without the topics: each article's path,
/// the archive, the menu, redirects, the URL record, writers and papers.
pub(super) struct Placed {
    pub(super) article_paths: Vec<String>,
    pub(super) slug_clashes: Vec<Warning>,
    pub(super) page_paths: Vec<String>,
    pub(super) archive: BTreeMap<i32, BTreeMap<u32, Vec<usize>>>,
    pub(super) menu: Vec<Link>,
    pub(super) alias_redirects: Vec<Redirect>,
    /// From the URLs articles had before (`published.moved`).
    pub(super) moved_redirects: Vec<Redirect>,
    /// The URL record's places moved (`Published::moved_after`).
    pub(super) moved: BTreeMap<String, String>,
    /// The URL record's tags as the last build left them.
    pub(super) tags_before: BTreeMap<String, TagRecord>,
    pub(super) authors: Vec<Group>,
    pub(super) article_authors: FlatLists<usize>,
    pub(super) sources: Vec<Group>,
    pub(super) article_sources: FlatLists<usize>,
    /// Slug clashes, then the menu's and the aliases' warnings.
    pub(super) warnings: Vec<Warning>,
}

impl Placed {
    /// `record_before` is the URL record as the last build left it: its
    /// articles' places are dropped once the moves are known (0.3 GB at a
    /// million articles, while the grouping beside it runs on).
    pub(super) fn new(articles: &[Article], pages: &[Page], config: &Config, record_before: Published) -> Placed {
        let mut slug_clashes = Vec::new();
        let article_paths = unique_paths(
            articles.iter().map(article_path),
            &articles.iter().map(|a| a.path.as_str()).collect::<Vec<_>>(),
            &mut slug_clashes,
        );
        let mut warnings = slug_clashes.clone();
        let page_paths: Vec<String> = pages.iter().map(|p| format!("{}/", p.slug)).collect();
        let mut archive: BTreeMap<i32, BTreeMap<u32, Vec<usize>>> = BTreeMap::new();
        for (i, a) in articles.iter().enumerate() {
            if let Some(d) = &a.date {
                archive.entry(d.year()).or_default().entry(d.month()).or_default().push(i);
            }
        }
        let menu = menu_links(config, pages, &page_paths, &mut warnings);
        let alias_redirects = alias_redirects(articles, &mut warnings);
        let now: HashMap<&str, &str> =
            articles.iter().zip(&article_paths).map(|(a, p)| (a.path.as_str(), p.as_str())).collect();
        let moved = record_before.moved_after(&now);
        drop(now);
        let Published { tags: tags_before, .. } = record_before;
        let index_of: HashMap<&str, usize> = articles.iter().enumerate().map(|(i, a)| (a.path.as_str(), i)).collect();
        let own: std::collections::HashSet<&str> = page_paths.iter().map(String::as_str).collect();
        let moved_redirects = moved
            .iter()
            .filter(|(old, _)| !own.contains(old.as_str()))
            .filter_map(|(old, file)| {
                let to = Target::Article(*index_of.get(file.as_str())?);
                Some(Redirect { from: old.clone(), to, alias: false })
            })
            .collect();
        let (authors, article_authors) = groups::group(articles, Kind::Author);
        let (sources, article_sources) = groups::group(articles, Kind::Source);
        Placed {
            article_paths,
            slug_clashes,
            page_paths,
            archive,
            menu,
            alias_redirects,
            moved_redirects,
            moved,
            tags_before,
            authors,
            article_authors,
            sources,
            article_sources,
            warnings,
        }
    }
}

/// Redirect pages for the articles' `aliases`: site paths (`/old/path/`,
/// under the base path, percent-encoded or not). Anything else is left out
/// with a warning naming the file.
fn alias_redirects(articles: &[Article], warnings: &mut Vec<Warning>) -> Vec<Redirect> {
    let mut redirects = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        for alias in a.aliases() {
            let decoded = percent_encoding::percent_decode_str(alias).decode_utf8_lossy();
            let path = decoded.strip_prefix('/').filter(|p| {
                !p.starts_with('/')
                    && !p.contains("://")
                    && !p.contains(['?', '#', '\\'])
                    && !p.split('/').any(|seg| seg == ".." || seg == ".")
            });
            match path {
                Some(p) if !p.is_empty() && !p.split('/').next().is_some_and(|s| s.starts_with('.')) => {
                    redirects.push(Redirect { from: p.to_string(), to: Target::Article(i), alias: true })
                }
                _ => warnings.push(Error::at(
                    &a.path,
                    format!("alias {alias:?} is not a path of this site such as \"/2019/05/old-slug/\": left out"),
                )),
            }
        }
    }
    redirects
}

/// The site menu: `[[menu]]` of site.toml, or every
/// standalone page (by file name) when it has none. A `page` that is not
/// published (missing, or a draft) is left out with a warning.
fn menu_links(config: &Config, pages: &[Page], page_paths: &[String], warnings: &mut Vec<Warning>) -> Vec<Link> {
    let base_path = config.base_path();
    let page_url = |i: usize| link_url(&base_path, &page_paths[i]);
    let Some(entries) = &config.menu else {
        return pages.iter().enumerate().map(|(i, p)| Link { name: p.title.clone(), url: page_url(i) }).collect();
    };
    let stem = |p: &Page| p.path.rsplit('/').next().unwrap_or("").trim_end_matches(".md").to_string();
    entries
        .iter()
        .filter_map(|entry| match (&entry.page, &entry.url) {
            (Some(name), _) => match pages.iter().position(|p| stem(p) == *name || p.slug == *name) {
                Some(i) => Some(Link { name: entry.name.clone(), url: page_url(i) }),
                None => {
                    warnings.push(Error::at(
                        crate::layout::CONFIG_FILE,
                        format!(
                            "[[menu]] page = {name:?}: there is no published standalone page \
                             content/{name}.md, so the menu leaves it out"
                        ),
                    ));
                    None
                }
            },
            (None, Some(url)) => Some(Link {
                name: entry.name.clone(),
                url: match url.strip_prefix('/') {
                    Some(path) if !url.starts_with("//") => menu_url(&base_path, path),
                    _ => url.clone(),
                },
            }),
            (None, None) => None,
        })
        .collect()
}

/// A menu's root-relative `url` (without its `/`) under `base_path`: the
/// path as a link, and a query (`?q=روسيا`) or fragment as written.
fn menu_url(base_path: &str, url: &str) -> String {
    let (path, rest) = url.split_at(url.find(['?', '#']).unwrap_or(url.len()));
    format!("{}{rest}", link_url(base_path, path))
}

/// Makes output paths unique: the second article that would take a path gets
/// `-2`, the third `-3`, in path order of their source files, so the result
/// does not depend on dates or load order. Each clash is reported.
fn unique_paths(paths: impl Iterator<Item = String>, sources: &[&str], warnings: &mut Vec<Warning>) -> Vec<String> {
    let mut paths: Vec<String> = paths.collect();
    // Clashes are rare: find them without copying every path.
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(paths.len());
    let mut by_path: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in paths.iter().enumerate() {
        if let Some(&f) = first.get(p.as_str()) {
            by_path.entry(p).or_insert_with(|| vec![f]).push(i);
        } else {
            first.insert(p, i);
        }
    }
    if by_path.is_empty() {
        return paths;
    }
    let mut clashes: Vec<(String, Vec<usize>)> = by_path.into_iter().map(|(p, v)| (p.to_string(), v)).collect();
    let mut taken: std::collections::HashSet<String> = paths.iter().cloned().collect();
    clashes.sort();
    for (path, mut members) in clashes {
        members.sort_by_key(|&i| sources[i]);
        for (n, &i) in members.iter().enumerate().skip(1) {
            let stem = path.trim_end_matches('/');
            let candidate = crate::slug::first_free(stem, n + 1, "/", |c| taken.contains(c));
            taken.insert(candidate.clone());
            warnings.push(Error::at(
                sources[i],
                format!(
                    "its URL /{path} is also taken by {}: published as /{candidate}; set `slug = \"...\"` to choose",
                    sources[members[0]]
                ),
            ));
            paths[i] = candidate;
        }
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_menu_url_keeps_its_query_fragment_and_escapes() {
        assert_eq!(menu_url("/news/", "search/?q=روسيا"), "/news/search/?q=روسيا");
        assert_eq!(menu_url("/", "about/#فريق"), "/about/#فريق");
        assert_eq!(menu_url("/", "tags/كيم/"), "/tags/كيم/");
        assert_eq!(menu_url("/", "%D8%AF%D8%B9%D9%88%D8%A9/"), "/%D8%AF%D8%B9%D9%88%D8%A9/");
        assert_eq!(menu_url("/", "a b/"), "/a%20b/");
    }

    #[test]
    fn clashing_paths_get_deterministic_suffixes() {
        let mut w = Vec::new();
        let out = unique_paths(
            vec!["2023/09/a/".to_string(), "2023/09/a/".to_string(), "2023/09/a/".to_string()].into_iter(),
            &["c.md", "a.md", "b.md"],
            &mut w,
        );
        assert_eq!(out, vec!["2023/09/a-3/", "2023/09/a/", "2023/09/a-2/"]);
        assert_eq!(w.len(), 2);
    }
}
