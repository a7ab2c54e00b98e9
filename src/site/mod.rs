//! The site model: the selected articles in order, their URLs, the archive
//! by year and month, the topics, authors and sources. Every decision about
//! what is published where is made here once per build; the renderer,
//! `check`, `serve` and `warraq tags` all read it, so none of them carries
//! its own URL formula.

pub mod groups;
pub mod pages;
mod placed;
pub mod tag_urls;
mod warnings;

use crate::config::Config;
use crate::content::published::{Record, TagRecord};
use crate::content::{Article, Content, Page};
use crate::error::Error;
use crate::flat::FlatLists;
use crate::slug::link_path;
use crate::topics::{self, Topics};
use chrono::Datelike;
pub use groups::{Group, Kind};
use placed::Placed;
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything needed to render, computed once per build.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site's `site.toml`, with `--base-url` applied.
    pub config: Config,
    /// Articles to render, newest first; undated ones (only with drafts) last.
    pub articles: Vec<Article>,
    /// Output path of each article's page, relative, not encoded (`2023/09/slug/`).
    pub article_paths: Vec<String>,
    /// Standalone pages to render (drafts only with `include_drafts`).
    pub pages: Vec<Page>,
    /// Output path of each page (`about/`), relative, not encoded.
    pub page_paths: Vec<String>,
    /// Tags and related articles of the rendered articles; tags keep their
    /// published slugs.
    pub topics: Topics,
    /// The warnings about articles moved aside because another took their
    /// URL (`-2`), among the warnings the site gives: `check` reports these
    /// clashes itself, with more to say.
    pub slug_clashes: Vec<Warning>,
    /// The path of the site under its host (`/`, `/news/`), from `base_url`.
    pub base_path: String,
    /// Root-relative link of each tag's first page (an IRI, [`link_url`]):
    /// every article page links its tags, so they are made once. (An
    /// article's link is made when asked, [`Site::article_url`]: held for
    /// each article it was 0.1 GB at a million.)
    pub tag_urls: Vec<String>,
    /// Year -> month -> article indices, newest first. Dated articles only.
    pub archive: BTreeMap<i32, BTreeMap<u32, Vec<usize>>>,
    /// The site menu (root-relative or absolute URLs).
    pub menu: Vec<Link>,
    /// Pages that send readers on to an article: its `aliases`, and the
    /// URLs it had before (`published`).
    pub redirects: Vec<Redirect>,
    /// The URL record's old places of articles as this build leaves them
    /// (old output path → article file; see [`Site::url_record`]).
    pub moved: BTreeMap<String, String>,
    /// The URL record's tags as this build leaves them (slug → spellings).
    pub tag_record: BTreeMap<String, TagRecord>,
    /// The URL record's tags as the last production build left them. (Its
    /// articles' places are not kept: `check` reads the record again.)
    pub tags_before: BTreeMap<String, TagRecord>,
    /// Writers (bylines) and papers, each with its articles, and each
    /// article's (indices into them); their pages' URLs, encoded once.
    pub authors: Vec<Group>,
    /// Per article, its authors (indices into `authors`).
    pub article_authors: FlatLists<usize>,
    /// Per author, its page's URL.
    pub author_urls: Vec<String>,
    /// Papers, as `authors` are writers.
    pub sources: Vec<Group>,
    /// Per article, its sources (indices into `sources`).
    pub article_sources: FlatLists<usize>,
    /// Per source, its page's URL.
    pub source_urls: Vec<String>,
    /// A preview (`--drafts`, `serve`): drafts and undated articles are
    /// rendered too.
    pub include_drafts: bool,
}

/// A menu entry: a name and where it goes (root-relative or absolute).
#[derive(Debug, Serialize, Clone, PartialEq, Eq)]
pub struct Link {
    /// The link text.
    pub name: String,
    /// A root-relative link ([`link_url`]) for the site's own pages, else as written.
    pub url: String,
}

/// Something about the content that does not stop the build.
pub type Warning = Error;

impl Site {
    /// Selects and orders what will be rendered. Drafts are left out unless
    /// `include_drafts`; undated articles cannot be placed in the dated URL
    /// scheme, so they are published only in preview builds, under
    /// `/undated/`.
    pub fn new(config: Config, content: Content, include_drafts: bool) -> (Site, Vec<Warning>) {
        Site::with_topics(config, content, include_drafts, topics::group)
    }

    /// As `new`, with the grouping step given: `group(articles, config)`
    /// gets every article (drafts included) in site order. The preview server passes
    /// one that reuses the previous grouping when its inputs did not change.
    pub fn with_topics(
        config: Config,
        content: Content,
        include_drafts: bool,
        group: impl FnOnce(&[Article], &crate::config::TopicsConfig) -> Topics + Send,
    ) -> (Site, Vec<Warning>) {
        let mut warnings = Vec::new();
        // Newest first; ties broken by path so output never depends on the
        // order files were read in. (Indices are sorted, then the articles
        // moved once, in place: sorting the articles themselves moved each
        // several times through a scratch copy.)
        let mut all = content.articles;
        let mut order: Vec<usize> = (0..all.len()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&all[a], &all[b]);
            match (&a.date, &b.date) {
                (Some(x), Some(y)) => y.cmp(x).then_with(|| a.path.cmp(&b.path)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.path.cmp(&b.path),
            }
        });
        permute(&mut all, &order);
        let keep: Vec<bool> = all.iter().map(|a| include_drafts || (!a.draft && a.date.is_some())).collect();
        for a in all.iter().filter(|a| !a.draft && a.date.is_none() && !include_drafts) {
            warnings.push(Error::at(
                &a.path,
                "has no date, so it is not published: add `date = YYYY-MM-DD` to its front matter",
            ));
        }
        // Topics are grouped over every article, drafts included, and only
        // then narrowed to what is published: a tag's name and URL must not
        // change when an editor dates a draft, and preview and production
        // must show the same tags. When every article is published (the
        // usual production build), the grouping and the rest of the model
        // are made at once, on two cores: the rest does not need the topics.
        let pages: Vec<Page> = content.pages.into_iter().filter(|p| include_drafts || !p.draft).collect();
        let record_before = content.published;
        let placed = |articles: &[Article]| Placed::new(articles, &pages, &config, record_before);
        let grouped = |all: &[Article]| group(all, &config.topics).restrict(&keep);
        let (mut topics, articles, placed) = if keep.iter().all(|&k| k) {
            let (topics, placed) = rayon::join(|| grouped(&all), || placed(&all));
            (topics, all, placed)
        } else {
            let topics = grouped(&all);
            let articles: Vec<Article> = all.into_iter().zip(&keep).filter(|(_, &k)| k).map(|(a, _)| a).collect();
            let placed = placed(&articles);
            (topics, articles, placed)
        };
        let Placed {
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
            warnings: placing_warnings,
        } = placed;
        warnings.extend(placing_warnings);
        let (tag_record, merged_tags) = tag_urls::stabilize(&mut topics, &tags_before);
        let mut redirects = alias_redirects;
        redirects.extend(merged_tags.into_iter().map(|(slug, t)| Redirect {
            from: tag_path(&slug),
            to: Target::Tag(t),
            alias: false,
        }));
        redirects.extend(moved_redirects);
        let base_path = config.base_path();
        let group_urls = |kind: Kind, gs: &[Group]| -> Vec<String> {
            gs.iter().map(|g| link_url(&base_path, &groups::group_path(kind, &g.slug))).collect()
        };
        let author_urls = group_urls(Kind::Author, &authors);
        let source_urls = group_urls(Kind::Source, &sources);
        let tag_urls = topics.tags.iter().map(|t| link_url(&base_path, &tag_path(&t.slug))).collect();
        let site = Site {
            config,
            articles,
            article_paths,
            pages,
            page_paths,
            topics,
            slug_clashes,
            base_path,
            tag_urls,
            archive,
            menu,
            redirects,
            moved,
            tag_record,
            tags_before,
            authors,
            article_authors,
            author_urls,
            sources,
            article_sources,
            source_urls,
            include_drafts,
        };
        (site, warnings)
    }

    /// The record of published URLs as this build leaves it (written by a
    /// production build that succeeds; `check` compares it with the last):
    /// where each article lives, borrowed, not copied.
    pub fn url_record(&self) -> Record<'_> {
        let mut articles: Vec<(&str, &str)> = self.places().collect();
        articles.sort_unstable();
        Record { articles, moved: &self.moved, tags: &self.tag_record }
    }

    /// Each article's file and the output path of its page, in site order.
    pub fn places(&self) -> impl Iterator<Item = (&str, &str)> {
        self.articles.iter().zip(&self.article_paths).map(|(a, p)| (a.path.as_str(), p.as_str()))
    }

    /// Root-relative link of an output path (`2023/09/x/`; see [`link_url`]).
    pub fn url(&self, path: &str) -> String {
        link_url(&self.base_path, path)
    }

    /// Absolute URL of an output path.
    pub fn permalink(&self, path: &str) -> String {
        self.config.absolute_url(&self.url(path))
    }

    /// Root-relative URL of article `i`'s page.
    pub fn article_url(&self, i: usize) -> String {
        self.url(&self.article_paths[i])
    }

    /// Root-relative URL of tag `t`'s first page.
    pub fn tag_url(&self, t: usize) -> &str {
        &self.tag_urls[t]
    }

    /// Output path of tag `t`'s first page (`tags/slug/`), not encoded.
    pub fn tag_path(&self, t: usize) -> String {
        tag_path(&self.topics.tags[t].slug)
    }

    /// The groups of a kind (authors or sources), and their URLs.
    pub fn groups(&self, kind: Kind) -> (&[Group], &[String]) {
        match kind {
            Kind::Author => (&self.authors, &self.author_urls),
            Kind::Source => (&self.sources, &self.source_urls),
        }
    }

    /// How many articles the home list shows, newest first: every one
    /// with `home_pages = 0`, else at most `per_page × home_pages`.
    pub fn home_listed(&self) -> usize {
        match self.config.home_pages {
            0 => self.articles.len(),
            pages => self.articles.len().min(pages.saturating_mul(self.config.per_page)),
        }
    }

    /// Pages of the home list (one, even with no article).
    pub fn home_pages(&self) -> usize {
        self.home_listed().div_ceil(self.config.per_page).max(1)
    }

    /// The page of the home list (1-based) that shows article `i`, if any.
    pub fn home_page_of(&self, i: usize) -> Option<usize> {
        (i < self.home_listed()).then(|| i / self.config.per_page + 1)
    }

    /// Dated articles, newest first (what feeds and the home page list).
    pub fn dated(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.articles.len()).filter(|&i| self.articles[i].date.is_some())
    }

    /// The articles of an archive page's period, newest first: a year, a
    /// month of it, or a day of that month.
    pub fn period_members(&self, period: Period) -> Vec<usize> {
        self.period_articles(period).collect()
    }

    /// Article `k` (0-based, newest first) of `period`'s archive, without
    /// listing the others: a sitemap asks for the first of every page.
    pub fn period_member(&self, period: Period, k: usize) -> Option<usize> {
        self.period_articles(period).nth(k)
    }

    /// At most `take` of the articles of `period`'s archive from the
    /// `skip`-th on (a page of it), without copying the rest: at a million
    /// articles a year is some 15,000 articles, and each of its 150 pages
    /// copied them all.
    pub fn period_page(&self, period: Period, skip: usize, take: usize) -> Vec<usize> {
        self.period_articles(period).skip(skip).take(take).collect()
    }

    /// How many articles `period`'s archive lists (a year's and a month's
    /// from their lists' lengths: every page of a year asks).
    pub fn period_count(&self, period: Period) -> usize {
        let Some(months) = self.archive.get(&period.year) else { return 0 };
        match (period.month, period.day) {
            (None, _) => months.values().map(Vec::len).sum(),
            (Some(m), None) => months.get(&m).map_or(0, Vec::len),
            (Some(_), Some(_)) => self.period_articles(period).count(),
        }
    }

    /// The articles of `period`'s archive, newest first, one at a time.
    fn period_articles(&self, period: Period) -> Box<dyn Iterator<Item = usize> + '_> {
        let Some(months) = self.archive.get(&period.year) else { return Box::new(std::iter::empty()) };
        let Some(m) = period.month else { return Box::new(months.values().rev().flatten().copied()) };
        let members = months.get(&m).map(Vec::as_slice).unwrap_or_default().iter().copied();
        match period.day {
            None => Box::new(members),
            Some(d) => Box::new(members.filter(move |&i| self.articles[i].date.is_some_and(|x| x.day().day() == d))),
        }
    }

    /// The days of a month that have articles, with their articles (newest
    /// first), latest day first. A day is the one written in the article's
    /// date, while the month's order is by instant: an article at 01:00+03:00
    /// on the 22nd comes before one at 23:00Z on the 21st, so one day's
    /// articles need not be next to each other (grouping neighbours made two
    /// pages for one day, and the build refused both).
    pub fn days_of(&self, year: i32, month: u32) -> Vec<(u32, Vec<usize>)> {
        let mut days: std::collections::BTreeMap<u32, Vec<usize>> = std::collections::BTreeMap::new();
        for &i in self.archive.get(&year).and_then(|m| m.get(&month)).map(Vec::as_slice).unwrap_or_default() {
            days.entry(self.articles[i].date.map_or(0, |d| d.day().day())).or_default().push(i);
        }
        days.into_iter().rev().collect()
    }
}

/// The period an archive page covers: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    /// The year, always.
    pub year: i32,
    /// 1 to 12, for a month's or a day's page.
    pub month: Option<u32>,
    /// Day of the month, for a day's page (only with `month`).
    pub day: Option<u32>,
}

impl Period {
    /// A year's archive page.
    pub fn year(year: i32) -> Period {
        Period { year, month: None, day: None }
    }

    /// A month's archive page.
    pub fn month(year: i32, month: u32) -> Period {
        Period { year, month: Some(month), day: None }
    }

    /// A day's archive page.
    pub fn day(year: i32, month: u32, day: u32) -> Period {
        Period { year, month: Some(month), day: Some(day) }
    }

    /// Output path of the period's first page: `2023/`, `2023/09/`, `2023/09/14/`.
    pub fn path(&self) -> String {
        match (self.month, self.day) {
            (None, _) => format!("{:04}/", self.year),
            (Some(m), None) => format!("{:04}/{m:02}/", self.year),
            (Some(m), Some(d)) => format!("{:04}/{m:02}/{d:02}/", self.year),
        }
    }
}

/// A page at an old URL that sends readers on to an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// Output path of the old URL, under the base path (`old/path/`, `old.html`).
    pub from: String,
    /// Where it leads.
    pub to: Target,
    /// From an article's `aliases` (else a URL published before).
    pub alias: bool,
}

/// What a redirect page leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// An article, by index into `Site::articles`.
    Article(usize),
    /// A tag that another published tag was merged into.
    Tag(usize),
}

impl Redirect {
    /// The output file that answers at `from`.
    pub fn file(&self) -> String {
        let last = self.from.rsplit('/').next().unwrap_or("");
        if self.from.is_empty() || self.from.ends_with('/') {
            format!("{}index.html", self.from)
        } else if last.contains('.') {
            self.from.clone()
        } else {
            format!("{}/index.html", self.from)
        }
    }
}

/// Root-relative, percent-encoded URL of output path `path` under
/// `base_path` (what `warraq tags` prints; pages link with [`link_url`]).
pub fn root_url(base_path: &str, path: &str) -> String {
    // The link made a URI: a base path written percent-encoded in site.toml
    // (`/%D8%A3/`) keeps its escapes instead of getting `%25` ones.
    crate::slug::encode_iri(&link_url(base_path, path)).into_owned()
}

/// Root-relative link of output path `path` under `base_path`, as the
/// site's pages write it: Arabic letters as they are (`slug::link_path`).
/// `Config::absolute_url` makes a URI of it.
pub fn link_url(base_path: &str, path: &str) -> String {
    link_path(&format!("{base_path}{path}"))
}

/// Path (or URL) of page `n` of a list whose front page is at `first` (a
/// directory path or URL ending in `/`): `first` itself for the front page
/// (`pages::FRONT`), else `first` + `page/n/`. Lists are numbered from their
/// oldest end (`pages::ListPages`), the home page from its newest
/// ([`home_page`]).
pub fn list_page(first: &str, n: usize) -> String {
    if n == pages::FRONT {
        first.to_string()
    } else {
        format!("{first}page/{n}/")
    }
}

/// Path (or URL) of page `n` (1-based, newest first) of the home list,
/// under `home` (`""` for the output path): `home` itself for the first.
pub fn home_page(home: &str, n: usize) -> String {
    list_page(home, if n == 1 { pages::FRONT } else { n })
}

/// Output path of the first page of the tag with slug `slug`.
pub fn tag_path(slug: &str) -> String {
    format!("tags/{slug}/")
}

/// Puts `v[order[k]]` at position `k` for every `k`, in place: each cycle of
/// the permutation is followed with swaps.
fn permute<T>(v: &mut [T], order: &[usize]) {
    let mut placed = vec![false; v.len()];
    for start in 0..v.len() {
        let mut k = start;
        while !placed[k] {
            placed[k] = true;
            let from = order[k];
            if from == start {
                break;
            }
            v.swap(k, from);
            k = from;
        }
    }
}

/// The output path an article's date and slug give it (`2023/09/slug/`,
/// `undated/slug/`), before a clash moves one aside (`slug-2/`).
pub fn article_path(a: &Article) -> String {
    match &a.date {
        Some(d) => format!("{:04}/{:02}/{}/", d.year(), d.month(), a.slug),
        None => format!("undated/{}/", a.slug),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_root_url_is_a_uri_whatever_the_base_path_was_written_as() {
        assert_eq!(root_url("/", "tags/كيم/"), "/tags/%D9%83%D9%8A%D9%85/");
        assert_eq!(root_url("/أ/", "tags/x/"), "/%D8%A3/tags/x/");
        assert_eq!(root_url("/%D8%A3/", "tags/x/"), "/%D8%A3/tags/x/", "no %25 escapes");
    }

    #[test]
    fn permute_places_each_item_once() {
        for order in [vec![], vec![0], vec![2, 0, 1], vec![1, 0, 3, 2, 4], vec![4, 3, 2, 1, 0], vec![3, 0, 4, 1, 2]] {
            let mut v: Vec<String> = (0..order.len()).map(|i| format!("a{i}")).collect();
            permute(&mut v, &order);
            let expected: Vec<String> = order.iter().map(|i| format!("a{i}")).collect();
            assert_eq!(v, expected, "{order:?}");
        }
    }

    /// The sitemap asks for one member of a period, an archive page for a
    /// page of them, without listing them all: the answers are the
    /// listing's, for every period and place, past the end included.
    #[test]
    fn a_period_member_or_page_is_what_its_listing_has_at_that_place() {
        let dates = ["2022-12-31", "2023-01-05", "2023-01-05", "2023-01-07", "2023-09-14", "2023-09-14", "2023-09-03"];
        let articles = dates
            .iter()
            .enumerate()
            .map(|(n, date)| {
                let text = format!("+++\ntitle = \"عنوان {n}\"\ndate = {date}\nslug = \"خبر-{n}\"\n+++\n\nنص.\n");
                crate::content::parse_article(&format!("content/articles/a{n}.md"), &text).unwrap()
            })
            .collect();
        let config = Config::parse("title = \"t\"\n").unwrap();
        let (site, _) = Site::new(config, Content { articles, ..Default::default() }, false);
        let mut periods = vec![Period::year(2021)];
        for (&year, months) in &site.archive {
            periods.push(Period::year(year));
            for &month in months.keys() {
                periods.push(Period::month(year, month));
                periods.extend(site.days_of(year, month).into_iter().map(|(d, _)| Period::day(year, month, d)));
            }
            periods.push(Period::month(year, 6));
            periods.push(Period::day(year, 1, 6));
        }
        assert_eq!(periods.len(), 15);
        for period in periods {
            let listed = site.period_members(period);
            assert_eq!(site.period_count(period), listed.len(), "{period:?}");
            for k in 0..=listed.len() + 1 {
                assert_eq!(site.period_member(period, k), listed.get(k).copied(), "{period:?} at {k}");
                for take in [0, 1, 2, 5] {
                    let page: Vec<usize> = listed.iter().skip(k).take(take).copied().collect();
                    assert_eq!(site.period_page(period, k, take), page, "{period:?} at {k}, {take}");
                }
            }
        }
    }

    /// With every article published the model is placed beside the
    /// grouping; with a draft left out, after it. Both give the same
    /// places, redirects, record and warnings for the same published set.
    #[test]
    fn a_left_out_draft_changes_nothing_that_is_placed() {
        let article = |name: &str, day: u32, extra: &str| {
            let text = format!(
                "+++\ntitle = \"عنوان\"\ndate = 2023-09-{day:02}\nslug = \"خبر\"\nsource = \"سبق\"\n{extra}+++\n\nنص.\n"
            );
            crate::content::parse_article(&format!("content/articles/2023/09/{name}.md"), &text).unwrap()
        };
        let published = || {
            vec![
                article("a", 3, "author = \"رنيم حنوش\"\n"),
                article("b", 3, "aliases = [\"/old/b/\", \"https://elsewhere.example/\"]\n"),
                article("c", 1, ""),
            ]
        };
        let config = Config::parse("title = \"t\"\n[[menu]]\nname = \"عن\"\npage = \"about\"\n").unwrap();
        let mut record = crate::content::published::Published::default();
        record.articles.insert("content/articles/2023/09/c.md".into(), "2023/09/old-c/".into());
        let content = |articles| Content { articles, published: record.clone(), ..Default::default() };
        let (all, all_warnings) = Site::new(config.clone(), content(published()), false);
        let mut with_draft = published();
        with_draft.push(article("d", 9, "draft = true\n"));
        let (some, some_warnings) = Site::new(config, content(with_draft), false);
        assert_eq!(all.articles.len(), 3);
        assert_eq!(some.articles.len(), 3, "the draft is left out");
        assert_eq!(all.article_paths, ["2023/09/خبر/", "2023/09/خبر-2/", "2023/09/خبر-3/"]);
        assert_eq!(all.article_paths, some.article_paths);
        assert_eq!(all.archive, some.archive);
        assert_eq!(all.redirects.len(), 2, "an alias and a moved article");
        assert_eq!(all.redirects, some.redirects);
        assert_eq!(all.url_record().to_published(), some.url_record().to_published());
        assert_eq!((&all.authors, &all.article_authors), (&some.authors, &some.article_authors));
        assert_eq!((&all.sources, &all.article_sources), (&some.sources, &some.article_sources));
        assert_eq!(all.menu, some.menu);
        let text = |w: &[Warning]| w.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert_eq!(all_warnings.len(), 4, "two clashes, the menu's page, the alias elsewhere: {all_warnings:?}");
        assert_eq!(text(&all_warnings), text(&some_warnings));
    }
}
