//! Rendering: the site model in, output files out.
//!
//! The work is split into independent jobs (one output file each) so the
//! build renders them in parallel and streams each file to disk as soon as
//! it is done, and the preview server can re-render only the jobs an edit
//! touches.

pub mod archive;
pub mod claims;
pub mod context;
pub mod dates;
pub mod digest;
pub mod entry;
pub mod feeds;
pub mod fields;
pub mod groups;
pub mod meta;
pub mod sitemaps;
pub mod summaries;
pub mod templates;

use crate::error::{Error, Result};
use crate::site::groups::{group_path, Kind};
use crate::site::pages::{ListPages, FRONT};
pub use crate::site::Site;
use crate::theme::{StaticSource, Theme};
use context::{TagCount, TitleLink};
use digest::Mode;
use entry::{Entry, FRAGMENTS};
use fields::Fields;
use minijinja::{Environment, Value};
use rayon::prelude::*;
use std::sync::OnceLock;
use summaries::Summaries;

/// One output file to produce.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    /// Page `n` (1-based) of the home page's list of articles.
    Home(usize),
    /// The page of article `i`.
    Article(usize),
    /// Standalone page `i` (a Markdown file directly in `content/`).
    Page(usize),
    /// `/tags/`: every tag, by count and by name.
    TagIndex,
    /// Page `n` of tag `t`'s articles: `site::pages::FRONT` (the tag's own
    /// URL) or a number counted from the oldest (`page/n/`).
    Tag(usize, usize),
    /// The Atom feed of tag `t`.
    TagFeed(usize),
    /// Page `n` of a writer's or paper's articles (numbered as `Tag`'s).
    Group(Kind, usize, usize),
    /// The Atom feed of a writer or paper.
    GroupFeed(Kind, usize),
    /// `/authors/`, `/sources/`: every writer or paper, with counts.
    GroupIndex(Kind),
    /// Page `n` of the archive of a year, month or day (numbered as `Tag`'s).
    Archive(crate::site::Period, usize),
    /// `/archive/`: every year and month, with counts.
    ArchiveIndex,
    /// The site's Atom feed (`atom.xml`), full text.
    SiteFeed,
    /// `sitemap.xml`: every page, or the index of the parts past 50,000.
    Sitemap,
    /// `sitemap-N.xml` (1-based), when the site has more than 50,000 pages.
    SitemapPart(usize),
    /// `news-sitemap.xml`: the articles of the last two days, for news search engines.
    NewsSitemap,
    /// `robots.txt`, pointing crawlers at the sitemaps.
    Robots,
    /// `404.html`, what a web server sends for a URL the site does not have.
    NotFound,
    /// A page at an old URL leading to an article (`Site::redirects[n]`).
    Redirect(usize),
    /// A file of the theme's or the site's `static/`, by output path.
    Static(String),
    /// The search page (`search/index.html`).
    SearchPage,
    /// The search index: `meta.json`, word list `n`, its positions, and
    /// fragment file `n` (see `crate::search`).
    SearchMeta,
    /// Word list `n` of the search index (`search/t/N.bin`).
    SearchList(usize),
    /// The positions of word list `n` (`search/p/N.bin`).
    SearchPositions(usize),
    /// Fragment file `n` (`search/f/…/N.json`): what results show, two articles a file.
    SearchFragments(usize),
}

impl Job {
    /// The few jobs that take far longer than a page: the sitemap lists
    /// every page, a year's archive every article of the year, the tag index
    /// every tag (twice), the site feed the full text of its entries.
    pub fn is_large(&self) -> bool {
        matches!(self, Job::Sitemap | Job::SitemapPart(_) | Job::SiteFeed | Job::TagIndex | Job::GroupIndex(_))
    }

    /// Whether the job writes an HTML page of the site (what sitemaps list;
    /// the 404 page is none).
    pub fn is_page(&self) -> bool {
        matches!(
            self,
            Job::Home(_)
                | Job::Article(_)
                | Job::Page(_)
                | Job::TagIndex
                | Job::Tag(..)
                | Job::Archive(..)
                | Job::ArchiveIndex
                | Job::Group(..)
                | Job::GroupIndex(_)
                | Job::SearchPage
        )
    }
}

/// What a job produces.
pub enum Body {
    /// Rendered in memory.
    Bytes(Vec<u8>),
    /// A site static file, copied without loading it into memory.
    File(std::path::PathBuf),
}

/// A rendered job: where it goes and what it holds.
pub struct OutputFile {
    /// Path relative to the output directory (`2023/09/slug/index.html`).
    pub path: String,
    /// What the file holds.
    pub body: Body,
}

/// Renders jobs for one site with one compiled theme.
pub struct Renderer<'a> {
    /// The site being rendered.
    pub site: &'a Site,
    theme: &'a Theme,
    env: Environment<'static>,
    summaries: Summaries,
    /// Each article as templates see it (an `entry::Entry`: its own fields
    /// and the fragments), made on first use and then shared (an `Arc`
    /// inside) by its page and every list that shows it.
    entries: Vec<OnceLock<Result<Value>>>,
    /// The part of every HTML page's context that does not depend on the page.
    base: Fields,
    /// For the articles the site feed carries: the body HTML (safe), rendered
    /// by whichever of the article's page and its feed entry comes first
    /// and shared by both, so every body is rendered from Markdown once.
    /// Only those keep theirs (at most `feed_size`); the other feeds carry
    /// summaries (`feeds::Carries`).
    kept_bodies: Vec<Option<OnceLock<Value>>>,
    /// Articles, then pages (numbered after the articles), in the order of
    /// their source files (`content/articles/...md`), for `.md` links. A
    /// map of paths to URLs was a quarter of a kilobyte an article.
    by_source: Vec<u32>,
    /// The search index of the site, written by the `Search*` jobs.
    search: std::sync::Arc<crate::search::Index>,
    /// URL of the search script, with a digest of its bytes.
    search_js_url: String,
    /// The site as publisher, in every article's JSON-LD (`meta::publisher`).
    publisher: serde_json::Value,
    /// Whether the entries' fragments wait in the body file (`Entry::spill`,
    /// `content::body::fragments_held_up_to`).
    spill_fragments: bool,
    /// Each article's summary digest, made on first use (`digest`).
    entry_digests: Vec<OnceLock<u64>>,
    /// What every page digest starts from; `None`: pages have no digest.
    digest_seed: Option<u64>,
    /// The HTML pages in the sitemaps' order, listed on first use
    /// (`sitemaps`).
    sitemap_jobs: OnceLock<Vec<Job>>,
}

impl<'a> Renderer<'a> {
    /// Builds the site's search index and compiles the theme's templates.
    pub fn new(site: &'a Site, theme: &'a Theme) -> Result<Renderer<'a>> {
        let index = std::sync::Arc::new(crate::search::build(site));
        Renderer::with_index(site, theme, index)
    }

    /// As `new`, with the site's search index already built.
    pub fn with_index(
        site: &'a Site,
        theme: &'a Theme,
        index: std::sync::Arc<crate::search::Index>,
    ) -> Result<Renderer<'a>> {
        // In the body file where the entries' fragments go (a large
        // archive's: 0.5 GB at a million articles).
        let store = crate::content::body::store_of(&site.articles)
            .filter(|_| site.articles.len() > crate::content::body::fragments_held_up_to());
        let summaries = Summaries::of_site(site, store);
        Renderer::with_parts(site, theme, summaries, index)
    }

    /// As `with_index`, with each article's `context::summary_text` already
    /// known (the preview server keeps them from one rebuild to the next).
    pub fn with_parts(
        site: &'a Site,
        theme: &'a Theme,
        summaries: Summaries,
        search: std::sync::Arc<crate::search::Index>,
    ) -> Result<Renderer<'a>> {
        debug_assert_eq!(summaries.len(), site.articles.len());
        let mut env = templates::environment(theme, site.config.dates.digits)?;
        let css_url = static_url(site, theme, "style.css")?;
        let search_js_url = static_url(site, theme, SEARCH_JS)?;
        let mut by_source: Vec<u32> = (0..(site.articles.len() + site.pages.len()) as u32).collect();
        by_source.par_sort_unstable_by(|&a, &b| source_path(site, a).cmp(source_path(site, b)));
        let base = Fields::new()
            .with("site", Value::from_serialize(site.site_ctx()))
            .with("feed_url", site.url("atom.xml"))
            .with("home_url", site.url(""))
            .with("tags_url", site.url("tags/"))
            .with("search_url", site.config.search.enabled.then(|| site.url("search/")))
            .with("archive_url", site.url("archive/"))
            .with("authors_url", (!site.authors.is_empty()).then(|| site.url("authors/")))
            .with("sources_url", (!site.sources.is_empty()).then(|| site.url("sources/")))
            .with("og_locale", meta::og_locale(&site.config.language))
            .with("site_image", meta::site_image(site))
            .with("menu", Value::from_serialize(&site.menu))
            .with("css_url", css_url)
            .with("nav_years", Value::from_serialize(site.nav_years()))
            .with("include_drafts", site.include_drafts);
        templates::add_cached(&mut env, base.clone().into_value());
        let entries = (0..site.articles.len()).map(|_| OnceLock::new()).collect();
        let mut kept_bodies: Vec<Option<OnceLock<Value>>> = (0..site.articles.len()).map(|_| None).collect();
        for i in site_feed_entries(site) {
            kept_bodies[i] = Some(OnceLock::new());
        }
        let publisher = meta::publisher(site);
        let entry_digests = (0..site.articles.len()).map(|_| OnceLock::new()).collect();
        let digest_seed = digest::seed(site, theme, &base);
        Ok(Renderer {
            site,
            theme,
            env,
            summaries,
            entries,
            base,
            kept_bodies,
            by_source,
            search,
            search_js_url,
            publisher,
            spill_fragments: site.articles.len() > crate::content::body::fragments_held_up_to(),
            entry_digests,
            digest_seed,
            sitemap_jobs: OnceLock::new(),
        })
    }

    /// The search index this renderer writes.
    pub fn search_index(&self) -> &std::sync::Arc<crate::search::Index> {
        &self.search
    }

    /// Frees the renderer's per-article values on another thread
    /// (`crate::background::drop_in_background`).
    pub fn drop_in_background(self) {
        let Renderer { env, summaries, entries, base, kept_bodies, by_source, search, entry_digests, .. } = self;
        let values = (env, summaries, entries, base, kept_bodies, by_source, search, entry_digests);
        crate::background::drop_in_background(values);
    }

    /// Article `i` as templates see it, its fragments rendered (see `entries`).
    fn entry(&self, i: usize) -> Result<Value> {
        self.entries[i]
            .get_or_init(|| {
                let mut entry = Entry::new(self.site.summary(i, &self.summaries));
                for (name, template) in FRAGMENTS {
                    let html = self.render_fragment(template, entry.clone().into_value())?;
                    entry.push(name, html);
                }
                // A large archive's fragments wait in its body file.
                let entry = match self.site.articles[i].body.store().filter(|_| self.spill_fragments) {
                    Some(store) => entry.spill(store),
                    None => entry,
                };
                Ok(entry.into_value())
            })
            .clone()
    }

    /// Renders every article's entry ([`Renderer::entry`]), in parallel, each
    /// article once. A full build needs them all (every article page shows
    /// its own), and made on demand they were made in lockstep: two pages
    /// listing the same articles (a year and its newest month, the home page
    /// and a tag) asked for them in the same order at once, and one thread
    /// waited on the other's every entry (some 3,000 waits at 10,000
    /// articles). An entry that fails is reported by the page that uses it.
    pub fn make_entries(&self) {
        (0..self.entries.len()).into_par_iter().for_each(|i| {
            let _ = self.entry(i);
        });
    }

    /// Renders a per-article fragment template with `a` and the site-wide context.
    fn render_fragment(&self, template: &str, a: Value) -> Result<Value> {
        let tmpl = self.env.get_template(template).map_err(|e| templates::template_error(self.theme, &e))?;
        let html = tmpl
            .render(self.base.clone().with("a", a).into_value())
            .map_err(|e| templates::template_error(self.theme, &e))?;
        Ok(Value::from_safe_string(html))
    }

    /// The articles `members` as a list shows them (see `digest::Mode`).
    fn listed(&self, members: impl Iterator<Item = usize>, mode: Mode) -> Result<Vec<Value>> {
        match mode {
            Mode::Render => members.map(|i| self.entry(i)).collect(),
            Mode::Digest => Ok(members.map(|i| self.entry_digest(i)).collect()),
        }
    }

    /// Every job of a full build, in a stable order.
    pub fn jobs(&self) -> Vec<Job> {
        let s = self.site;
        let per_page = s.config.per_page;
        let mut jobs = Vec::new();
        jobs.extend((1..=s.home_pages()).map(Job::Home));
        jobs.extend((0..s.articles.len()).map(Job::Article));
        jobs.extend((0..s.pages.len()).map(Job::Page));
        jobs.push(Job::TagIndex);
        if !s.archive.is_empty() {
            jobs.push(Job::ArchiveIndex);
        }
        for kind in [Kind::Author, Kind::Source] {
            let (list, _) = s.groups(kind);
            if list.is_empty() {
                continue;
            }
            jobs.push(Job::GroupIndex(kind));
            for (g, group) in list.iter().enumerate() {
                let pages = ListPages::new(group.members.len(), groups::per_page(s));
                jobs.extend(pages.all().map(|n| Job::Group(kind, g, n)));
                jobs.push(Job::GroupFeed(kind, g));
            }
        }
        for (t, tag) in s.topics.tags.iter().enumerate() {
            jobs.extend(ListPages::new(tag.members.len(), per_page).all().map(|n| Job::Tag(t, n)));
            jobs.push(Job::TagFeed(t));
        }
        for (&y, months) in &s.archive {
            let pages = |count: usize| ListPages::new(count, s.config.archive_per_page).all();
            let in_year = months.values().map(Vec::len).sum();
            jobs.extend(pages(in_year).map(|n| Job::Archive(crate::site::Period::year(y), n)));
            for (&m, members) in months {
                jobs.extend(pages(members.len()).map(|n| Job::Archive(crate::site::Period::month(y, m), n)));
                for (d, of_day) in s.days_of(y, m) {
                    jobs.extend(pages(of_day.len()).map(|n| Job::Archive(crate::site::Period::day(y, m, d), n)));
                }
            }
        }
        jobs.extend([Job::SiteFeed, Job::Sitemap, Job::NewsSitemap, Job::Robots, Job::NotFound]);
        jobs.extend((0..s.redirects.len()).map(Job::Redirect));
        let search = s.config.search.enabled;
        // The search script goes with the search page.
        let statics = self.theme.static_files.keys().filter(|k| search || k.as_str() != SEARCH_JS);
        jobs.extend(statics.map(|k| Job::Static(k.clone())));
        jobs.extend(self.search_jobs());
        // Counted last, so the search page is among the pages the parts list.
        let parts = Self::sitemap_parts(jobs.iter().filter(|j| j.is_page()).count());
        jobs.extend((1..=parts).map(Job::SitemapPart));
        jobs
    }

    /// The search jobs whose files differ from those of the index `old` (all
    /// of them without one). Files of `old` that this index no longer has
    /// (fewer lists) are left to the next full build: nothing links them.
    pub fn search_jobs_changed(&self, old: Option<&crate::search::Index>) -> Vec<Job> {
        let new = &self.search;
        let Some(old) = old.filter(|_| self.site.config.search.enabled) else { return self.search_jobs() };
        if old.version == new.version {
            return Vec::new();
        }
        let mut jobs = vec![Job::SearchPage, Job::SearchMeta];
        for k in 0..new.lists.len() {
            if old.lists.get(k) != Some(&new.lists[k]) {
                jobs.push(Job::SearchList(k));
            }
            if old.positions.get(k) != Some(&new.positions[k]) {
                jobs.push(Job::SearchPositions(k));
            }
        }
        for g in 0..new.groups() {
            if g >= old.groups() || old.fragment_docs(g) != new.fragment_docs(g) {
                jobs.push(Job::SearchFragments(g));
            }
        }
        jobs
    }

    /// The jobs that write the search page and index.
    pub fn search_jobs(&self) -> Vec<Job> {
        if !self.site.config.search.enabled {
            return Vec::new();
        }
        let index = &self.search;
        let mut jobs = vec![Job::SearchPage, Job::SearchMeta];
        jobs.extend((0..index.lists.len()).flat_map(|k| [Job::SearchList(k), Job::SearchPositions(k)]));
        jobs.extend((0..index.groups()).map(Job::SearchFragments));
        jobs
    }

    /// Output path of a job.
    pub fn path_of(&self, job: &Job) -> String {
        let s = self.site;
        match job {
            Job::Home(n) => format!("{}index.html", crate::site::home_page("", *n)),
            Job::Article(i) => format!("{}index.html", s.article_paths[*i]),
            Job::Page(i) => format!("{}index.html", s.page_paths[*i]),
            Job::TagIndex => "tags/index.html".into(),
            Job::Tag(t, n) => format!("{}index.html", crate::site::list_page(&s.tag_path(*t), *n)),
            Job::TagFeed(t) => format!("{}atom.xml", s.tag_path(*t)),
            Job::Archive(period, n) => archive::page_path(*period, *n),
            Job::ArchiveIndex => "archive/index.html".into(),
            Job::Group(kind, g, n) => {
                let first = group_path(*kind, &s.groups(*kind).0[*g].slug);
                format!("{}index.html", crate::site::list_page(&first, *n))
            }
            Job::GroupFeed(kind, g) => format!("{}atom.xml", group_path(*kind, &s.groups(*kind).0[*g].slug)),
            Job::GroupIndex(kind) => format!("{}/index.html", kind.folder()),
            Job::SiteFeed => "atom.xml".into(),
            Job::Sitemap => "sitemap.xml".into(),
            Job::SitemapPart(n) => sitemaps::part_path(*n),
            Job::NewsSitemap => "news-sitemap.xml".into(),
            Job::Robots => "robots.txt".into(),
            Job::NotFound => "404.html".into(),
            Job::Redirect(n) => s.redirects[*n].file(),
            Job::Static(p) => p.clone(),
            Job::SearchPage => format!("{}/index.html", crate::search::DIR),
            Job::SearchMeta => format!("{}/meta.json", crate::search::DIR),
            Job::SearchList(k) => format!("{}/{}", crate::search::DIR, crate::search::index::list_path(*k)),
            Job::SearchPositions(k) => format!("{}/{}", crate::search::DIR, crate::search::index::positions_path(*k)),
            Job::SearchFragments(g) => format!("{}/{}", crate::search::DIR, crate::search::fragments::path(*g)),
        }
    }

    /// Renders `job` into its output file.
    pub fn render(&self, job: &Job) -> Result<OutputFile> {
        let path = self.path_of(job);
        let mut bytes = Vec::new();
        let body = match self.render_into(job, &path, &mut bytes)? {
            Some(src) => Body::File(src),
            None => Body::Bytes(bytes),
        };
        Ok(OutputFile { path, body })
    }

    /// Renders `job`, whose output path is `path` (`path_of`), appending its
    /// bytes to `out`, or returns the file to copy (a site's own static file). Lets a build reuse one buffer per
    /// thread: a fresh buffer per page made the allocator grow and shrink
    /// its heap (a system call each time) thousands of times per build.
    pub fn render_into(&self, job: &Job, path: &str, out: &mut Vec<u8>) -> Result<Option<std::path::PathBuf>> {
        match job {
            Job::Static(p) => match &self.theme.static_files[p] {
                StaticSource::Embedded(b) => out.extend_from_slice(b),
                StaticSource::File(f) => return Ok(Some(f.clone())),
            },
            Job::SiteFeed => out.extend_from_slice(self.site_feed().as_bytes()),
            Job::SearchMeta => out.extend_from_slice(&self.search.meta),
            Job::SearchList(k) => self.search.lists[*k].append_to(out),
            Job::SearchPositions(k) => self.search.positions[*k].append_to(out),
            Job::SearchFragments(g) => self.search.write_fragments(*g, self.site, out),
            Job::TagFeed(t) => out.extend_from_slice(self.tag_feed(*t).as_bytes()),
            Job::GroupFeed(kind, g) => out.extend_from_slice(self.group_feed(*kind, *g).as_bytes()),
            Job::Sitemap => out.extend_from_slice(self.sitemap().as_bytes()),
            Job::SitemapPart(n) => out.extend_from_slice(self.sitemap_part(*n).as_bytes()),
            Job::NewsSitemap => out.extend_from_slice(self.news_sitemap().as_bytes()),
            Job::Robots => {
                let ctx = self
                    .base
                    .clone()
                    .with("sitemap_url", self.site.permalink("sitemap.xml"))
                    .with("news_sitemap_url", self.site.permalink("news-sitemap.xml"));
                let tmpl =
                    self.env.get_template("robots.txt").map_err(|e| templates::template_error(self.theme, &e))?;
                tmpl.render_captured_to(ctx.into_value(), &mut *out)
                    .map_err(|e| templates::template_error(self.theme, &e))?;
                // Templates lose their last line break; a text file keeps it.
                if !out.ends_with(b"\n") {
                    out.push(b'\n');
                }
            }
            _ => self.render_html(job, path, out)?,
        }
        Ok(None)
    }

    /// Root-relative URL of the page a job writes at `path` (its output
    /// path): from the URLs encoded once per build where there is one.
    fn url_of_job(&self, job: &Job, path: &str) -> String {
        let s = self.site;
        match job {
            Job::Article(i) => s.article_url(*i),
            Job::Tag(t, n) => crate::site::list_page(s.tag_url(*t), *n),
            _ => s.url(path.strip_suffix("index.html").unwrap_or(path)),
        }
    }

    fn render_html(&self, job: &Job, path: &str, out: &mut Vec<u8>) -> Result<()> {
        let (ctx, template) = self.page_context(job, path, Mode::Render)?;
        let tmpl = self.env.get_template(template).map_err(|e| templates::template_error(self.theme, &e))?;
        tmpl.render_captured_to(ctx.into_value(), out).map_err(|e| templates::template_error(self.theme, &e))?;
        Ok(())
    }

    /// The context of the HTML page `job` writes at `path`, and its
    /// template: to render it, or to digest it (`digest::Mode`).
    fn page_context(&self, job: &Job, path: &str, mode: Mode) -> Result<(Fields, &'static str)> {
        let s = self.site;
        let page_url = self.url_of_job(job, path);
        // The page's own variables first, then the site-wide ones.
        let mut ctx = Fields::new();
        let template = match job {
            Job::Home(n) => {
                let (items, mut paginator) = self.paginate(s.home_listed(), |k| k, &s.url(""), *n, mode)?;
                let older = if Some(*n) == paginator.total { self.home_older() } else { None };
                if let Some(older) = &older {
                    paginator.next_url = Some(older.url.clone());
                }
                ctx.push("articles", items);
                ctx.push("paginator", Value::from_serialize(paginator));
                ctx.push("older", Value::from_serialize(older));
                ctx.push("site_ld", Value::from_safe_string(meta::script_json(&meta::website_ld(s))));
                "index.html"
            }
            Job::Article(i) => {
                ctx.push("article", self.article_ctx(*i, mode)?);
                "article.html"
            }
            Job::Page(i) => {
                let p = &s.pages[*i];
                let html = self.body_html(&p.body, &p.path);
                let page = Fields::new().with("title", p.title.as_str()).with("content", Value::from_safe_string(html));
                ctx.push("page", page.into_value());
                "page.html"
            }
            Job::TagIndex => {
                let to_ctx = |t: usize| {
                    let tag = &s.topics.tags[t];
                    TagCount {
                        name: tag.name.clone(),
                        url: s.tag_url(t).to_string(),
                        count: tag.members.len(),
                        count_display: s.display_number(tag.members.len()),
                    }
                };
                let by_count: Vec<TagCount> = crate::topics::by_count(&s.topics).into_iter().map(to_ctx).collect();
                let by_name: Vec<TagCount> = crate::topics::by_name(&s.topics).into_iter().map(to_ctx).collect();
                ctx.push("tags_by_count", Value::from_serialize(by_count));
                ctx.push("tags_by_name", Value::from_serialize(by_name));
                "tags.html"
            }
            Job::Tag(t, n) => {
                let tag = &s.topics.tags[*t];
                let count = tag.members.len();
                let (items, paginator) =
                    self.paginate_list(s.config.per_page, count, |k| tag.members[k], s.tag_url(*t), *n, mode)?;
                let spellings: Vec<&String> = tag.spellings.iter().filter(|sp| **sp != tag.name).collect();
                // The count only on the front page: a numbered page keeps
                // its bytes as articles are added (`site::pages`).
                let count = (*n == FRONT).then_some(count);
                let tag_ctx = Fields::new()
                    .with("name", tag.name.as_str())
                    .with("url", s.tag_url(*t))
                    .with("count", count)
                    .with("count_display", count.map(|c| s.display_number(c)))
                    .with("feed_url", s.url(&format!("{}atom.xml", s.tag_path(*t))))
                    .with("spellings", Value::from_serialize(spellings));
                ctx.push("tag", tag_ctx.into_value());
                ctx.push("articles", items);
                ctx.push("paginator", Value::from_serialize(paginator));
                "tag.html"
            }
            Job::Archive(period, n) => {
                self.archive_page(*period, *n, &mut ctx, mode)?;
                "archive.html"
            }
            Job::ArchiveIndex => {
                ctx.push("years", self.archive_years());
                "archive-index.html"
            }
            Job::Group(kind, g, n) => {
                self.group_page(*kind, *g, *n, &mut ctx, mode)?;
                "group.html"
            }
            Job::GroupIndex(kind) => {
                self.group_index(*kind, &mut ctx);
                "groups.html"
            }
            Job::NotFound => "404.html",
            Job::SearchPage => {
                let search = Fields::new()
                    .with("meta_url", format!("{}?v={}", s.url("search/meta.json"), self.search.version))
                    .with("script_url", self.search_js_url.as_str())
                    .with("articles", s.display_number(s.articles.len()));
                ctx.push("search", search.into_value());
                "search.html"
            }
            Job::Redirect(n) => {
                let (url, title) = match s.redirects[*n].to {
                    crate::site::Target::Article(i) => (s.article_url(i), s.articles[i].title.as_str()),
                    crate::site::Target::Tag(t) => (s.tag_url(t).to_string(), s.topics.tags[t].name.as_str()),
                };
                ctx.push("target", s.config.absolute_url(&url));
                ctx.push("target_title", title);
                "redirect.html"
            }
            _ => unreachable!("not an HTML job: {job:?}"),
        };
        ctx.push("canonical", s.config.absolute_url(&page_url));
        ctx.push("page_url", page_url);
        // The site-wide variables are the same on every page: a digest
        // has them in its seed (`digest::seed`), not once per page.
        if mode == Mode::Render {
            ctx.extend(&self.base);
        }
        Ok((ctx, template))
    }

    /// Page `page` (1-based) of the home list of `count` articles, whose
    /// k-th is `nth(k)` and whose first page is at `first_url`.
    fn paginate(
        &self,
        count: usize,
        nth: impl Fn(usize) -> usize,
        first_url: &str,
        page: usize,
        mode: Mode,
    ) -> Result<(Vec<Value>, context::Paginator)> {
        let per = self.site.config.per_page;
        let total = count.div_ceil(per).max(1);
        let start = ((page - 1) * per).min(count);
        let items = self.listed((start..(start + per).min(count)).map(nth), mode)?;
        Ok((items, self.site.paginator(first_url, page, total)))
    }

    /// Page `page` (`site::pages::FRONT`, or a number counted from the
    /// oldest) of a list of `count` articles, newest first, `per` a page,
    /// whose k-th is `nth(k)` (asked only for the page's own) and whose
    /// front page is at `first_url`.
    fn paginate_list(
        &self,
        per: usize,
        count: usize,
        nth: impl Fn(usize) -> usize,
        first_url: &str,
        page: usize,
        mode: Mode,
    ) -> Result<(Vec<Value>, context::Paginator)> {
        let pages = ListPages::new(count, per);
        let shown: Vec<usize> = pages.range(page).map(nth).collect();
        let date = |i: Option<&usize>| {
            let date = self.site.articles[*i?].date.as_ref()?;
            Some(dates::format_date(date, &self.site.config.dates))
        };
        let span = (date(shown.first()), date(shown.last()));
        let items = self.listed(shown.into_iter(), mode)?;
        Ok((items, self.site.list_paginator(first_url, page, pages, span)))
    }

    fn article_ctx(&self, i: usize, mode: Mode) -> Result<Value> {
        let s = self.site;
        let a = &s.articles[i];
        let content = self.body_for(i, mode);
        // Neighbours in time among dated articles: prev is older, next newer.
        let neighbour = |j: usize| TitleLink { title: s.articles[j].title.clone(), url: s.article_url(j) };
        let dated = a.date.is_some();
        let prev = (dated && i + 1 < s.articles.len() && s.articles[i + 1].date.is_some()).then(|| neighbour(i + 1));
        let next = (dated && i > 0).then(|| neighbour(i - 1));
        let related = self.listed(s.topics.related[i].iter().copied(), mode)?;
        let page = Fields::new()
            .with("content", content)
            .with("permalink", s.config.absolute_url(&s.article_url(i)))
            .with("ld", Value::from_safe_string(meta::article_ld(s, i, &self.publisher)))
            .with("published_iso", a.date.map(|d| d.to_rfc3339()))
            .with("modified_iso", a.modified().map(|d| d.to_rfc3339()))
            .with("prev", Value::from_serialize(prev))
            .with("next", Value::from_serialize(next))
            .with("related", related);
        self.own_entry_with(i, page, mode)
    }

    /// Appends the HTML a site feed entry carries, the article body (`feeds::push_cdata_safe`).
    fn entry_html(&self, i: usize, out: &mut String) {
        feeds::push_cdata_safe(out, self.body(i).as_str().unwrap_or_default());
    }

    /// Article `i`'s body as safe HTML: the kept one for feed articles
    /// (`kept_bodies`), else rendered now.
    fn body(&self, i: usize) -> Value {
        let a = &self.site.articles[i];
        let render = || Value::from_safe_string(self.body_html(&a.body_text(), &a.path));
        match &self.kept_bodies[i] {
            Some(kept) => kept.get_or_init(render).clone(),
            None => render(),
        }
    }

    /// A Markdown body as HTML, with links to source files (`@/articles/...md`,
    /// `../09/14-x.md`) rewritten to the URL of the article or page they name.
    /// A link to a file that is not published is left as written (`check`
    /// reports it).
    fn body_html(&self, markdown: &str, from: &str) -> String {
        let rewrite = |dest: &str| {
            let (source, rest) = crate::markdown::source_link(dest, from)?;
            let site = self.site;
            let k = self.by_source.binary_search_by(|&k| source_path(site, k).cmp(&source)).ok()?;
            let url = match self.by_source[k] as usize {
                i if i < site.articles.len() => site.article_url(i),
                i => site.url(&site.page_paths[i - site.articles.len()]),
            };
            Some(format!("{url}{rest}"))
        };
        crate::markdown::render_with(markdown, self.site.config.allow_raw_html, &rewrite).html
    }

    fn site_feed(&self) -> String {
        let s = self.site;
        let entries = site_feed_entries(s);
        let content = |i, out: &mut String| self.entry_html(i, out);
        let spec = feeds::FeedSpec {
            title: s.config.title.clone(),
            carries: feeds::Carries::Content(&content),
            path: "atom.xml".into(),
            alternate: String::new(),
            entries: &entries,
        };
        feeds::atom(s, &spec)
    }

    fn tag_feed(&self, t: usize) -> String {
        let s = self.site;
        let tag = &s.topics.tags[t];
        let entries = tag_feed_entries(s, t);
        let spec = feeds::FeedSpec {
            title: format!("{} — {}", tag.name, s.config.title),
            carries: feeds::Carries::Summary(&self.summaries),
            path: format!("{}atom.xml", s.tag_path(t)),
            alternate: s.tag_path(t),
            entries: &entries,
        };
        feeds::atom(s, &spec)
    }
}

/// The theme's search script (a static file, so a site can replace it).
pub const SEARCH_JS: &str = "search/search.js";

/// The source file of article `k`, or of page `k - articles` (see
/// `Renderer::by_source`).
fn source_path(site: &Site, k: u32) -> &str {
    match k as usize {
        i if i < site.articles.len() => &site.articles[i].path,
        i => &site.pages[i - site.articles.len()].path,
    }
}

/// Root-relative URL of the theme's static file `rel`, with a digest of its
/// bytes so a browser never keeps an old copy (`style.css?h=...`).
fn static_url(site: &Site, theme: &Theme, rel: &str) -> Result<String> {
    Ok(match theme.static_files.get(rel) {
        Some(src) => {
            let bytes = match src {
                StaticSource::Embedded(b) => b.to_vec(),
                StaticSource::File(p) => std::fs::read(p).map_err(|e| Error::io(p, e))?,
            };
            format!("{}?h={}", site.url(rel), &crate::hash::sha256_hex(&bytes)[..10])
        }
        None => site.url(rel),
    })
}

/// The articles the site feed carries, newest first.
pub fn site_feed_entries(s: &Site) -> Vec<usize> {
    s.dated().filter(|&i| !s.articles[i].draft || s.include_drafts).take(s.config.feed_size).collect()
}

/// The articles the feed of tag `t` carries, newest first.
pub fn tag_feed_entries(s: &Site, t: usize) -> Vec<usize> {
    list_feed_entries(s, &s.topics.tags[t].members)
}

/// The articles the feed of a list (a tag's, a writer's, a paper's)
/// carries: its first `feed_size` dated members.
pub fn list_feed_entries(s: &Site, members: &[usize]) -> Vec<usize> {
    members.iter().copied().filter(|&i| s.articles[i].date.is_some()).take(s.config.feed_size).collect()
}
