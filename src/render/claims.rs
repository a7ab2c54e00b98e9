//! Who claims each output file, and which claims collide.
//!
//! A standalone page `content/tags.md`, a static file `static/index.html` or
//! `static/atom.xml` would each replace a generated page or feed without a
//! word, whichever happened to be written last. Two things claiming one
//! output path is an error naming both, in `build` and in `check`.

use super::{Job, Renderer};
use crate::error::Error;
use crate::site::pages::FRONT;
use crate::site::Target;
use crate::theme::StaticSource;
use std::collections::HashMap;
use std::path::Path;

/// Two things that would be written at one output path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    /// The output path (`tags/index.html`).
    pub path: String,
    /// Both claimants, described for a reader: a file of the site
    /// (`content/tags.md`) or what warraq generates there.
    pub claimants: [Claimant; 2],
}

/// What claims an output path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claimant {
    /// A file of the site: an article, a standalone page or a static file.
    File(String),
    /// An article's alias: (the article's file, the alias).
    Alias(String, String),
    /// Something warraq generates (`the tag index`).
    Generated(String),
}

impl std::fmt::Display for Claimant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Claimant::File(path) => f.write_str(path),
            Claimant::Alias(path, alias) => write!(f, "the alias {alias} of {path}"),
            Claimant::Generated(what) => f.write_str(what),
        }
    }
}

impl Clash {
    /// The site file to change: the first claimant that is one.
    pub fn file(&self) -> Option<&str> {
        self.claimants.iter().find_map(|c| match c {
            Claimant::File(path) | Claimant::Alias(path, _) => Some(path.as_str()),
            Claimant::Generated(_) => None,
        })
    }

    /// A sentence: what collides and what to do.
    pub fn message(&self) -> String {
        let [a, b] = &self.claimants;
        let advice: Vec<String> = self
            .claimants
            .iter()
            .filter_map(|c| match c {
                Claimant::File(f) if f.starts_with("static/") => Some(format!("rename or remove {f}")),
                Claimant::File(f) => Some(format!("give {f} another URL with `slug = \"...\"` in its front matter")),
                Claimant::Alias(f, alias) => Some(format!("take {alias} out of the aliases of {f}")),
                Claimant::Generated(_) => None,
            })
            .collect();
        let advice = match advice.is_empty() {
            true => "report this: warraq generated two files at one path".to_string(),
            false => advice.join(", or "),
        };
        let robots = if self.path == "robots.txt" {
            " (to change the generated robots.txt, put your own in templates/robots.txt)"
        } else {
            ""
        };
        format!(
            "both {a} and {b} would be written at {}: one would silently replace the other: {advice}{robots}",
            self.path
        )
    }

    /// The clash as a build error, naming the output file.
    pub fn to_error(&self, out_dir: &Path) -> Error {
        let message = self.message();
        match self.file() {
            Some(f) => Error::at(f, message),
            None => Error::at(out_dir.join(&self.path), message),
        }
    }
}

impl Renderer<'_> {
    /// What claims the output of `job`.
    pub fn claimant(&self, job: &Job) -> Claimant {
        let s = self.site;
        let tag = |t: usize| &s.topics.tags[t].name;
        let generated = |what: String| Claimant::Generated(what);
        match job {
            Job::Article(i) => Claimant::File(s.articles[*i].path.clone()),
            Job::Page(i) => Claimant::File(s.pages[*i].path.clone()),
            Job::Static(p) => match &self.theme.static_files[p] {
                StaticSource::File(_) => Claimant::File(format!("{}/{p}", crate::layout::STATIC_DIR)),
                StaticSource::Embedded(_) => generated(format!("the built-in {p}")),
            },
            Job::Home(1) => generated("the home page".into()),
            Job::Home(n) => generated(format!("page {n} of the home page")),
            Job::TagIndex => generated("the tag index".into()),
            Job::Tag(t, FRONT) => generated(format!("the page of tag «{}»", tag(*t))),
            Job::Tag(t, n) => generated(format!("page {n} (counted from the oldest) of tag «{}»", tag(*t))),
            Job::TagFeed(t) => generated(format!("the feed of tag «{}»", tag(*t))),
            Job::Archive(period, n) => {
                let of = match (period.month, period.day) {
                    (None, _) => format!("the archive of {}", period.year),
                    (Some(m), None) => format!("the archive of {}-{m:02}", period.year),
                    (Some(m), Some(d)) => format!("the archive of {}-{m:02}-{d:02}", period.year),
                };
                generated(if *n == FRONT { of } else { format!("page {n} (counted from the oldest) of {of}") })
            }
            Job::ArchiveIndex => generated("the archive index".into()),
            Job::Group(kind, g, n) => {
                let name = &s.groups(*kind).0[*g].name;
                let what = format!("the page of {} «{name}»", kind.name());
                generated(if *n == FRONT { what } else { format!("page {n} (counted from the oldest) of {what}") })
            }
            Job::GroupFeed(kind, g) => {
                generated(format!("the feed of {} «{}»", kind.name(), s.groups(*kind).0[*g].name))
            }
            Job::GroupIndex(kind) => generated(format!("the index of {}", kind.folder())),
            Job::SiteFeed => generated("the site feed".into()),
            Job::Sitemap => generated("the sitemap".into()),
            Job::SitemapPart(n) => generated(format!("part {n} of the sitemap")),
            Job::NewsSitemap => generated("the news sitemap".into()),
            Job::Robots => generated("robots.txt".into()),
            Job::NotFound => generated("the 404 page".into()),
            Job::SearchPage => generated("the search page".into()),
            Job::SearchMeta | Job::SearchList(_) | Job::SearchPositions(_) | Job::SearchFragments(_) => {
                generated("the search index".into())
            }
            Job::Redirect(n) => {
                let r = &s.redirects[*n];
                match (r.to, r.alias) {
                    (Target::Article(i), true) => Claimant::Alias(s.articles[i].path.clone(), format!("/{}", r.from)),
                    (Target::Article(i), false) => {
                        generated(format!("the page at /{}, where {} was published before", r.from, s.articles[i].path))
                    }
                    (Target::Tag(t), _) => {
                        generated(format!("the page at /{} of a tag merged into «{}»", r.from, tag(t)))
                    }
                }
            }
        }
    }

    /// Every output path that two jobs claim (`paths[k]` is the output path
    /// of `jobs[k]`), in output order.
    pub fn clashes(&self, jobs: &[Job], paths: &[String]) -> Vec<Clash> {
        let mut first: HashMap<&str, usize> = HashMap::with_capacity(paths.len());
        let mut clashes = Vec::new();
        for (k, path) in paths.iter().enumerate() {
            if let Some(&j) = first.get(path.as_str()) {
                clashes
                    .push(Clash { path: path.clone(), claimants: [self.claimant(&jobs[j]), self.claimant(&jobs[k])] });
            } else {
                first.insert(path, k);
            }
        }
        clashes
    }
}
