//! `warraq check` as a library: what is wrong with a site, each finding tied
//! to a file and (where there is one) a line.
//!
//! The site is loaded with drafts included (so drafts are checked too) and the
//! inbox is ingested as a dry run, so a check never writes a file. Findings
//! come from plain data: a [`Prepared`] site and ingest reports; the only
//! extra input is a way to read an article's source text, used to point a
//! finding at the front matter line it is about.
//!
//! Severities: an **error** is something that should stop a deploy (a link
//! that leads nowhere in the published site, two articles fighting over one
//! URL, a file the build or ingest cannot read); a **warning** is something an
//! editor should look at but that publishes fine (drafts, undated articles,
//! unknown front matter keys); a **note** is information (tags with a single
//! article, often a misspelling of another tag; raw files folded into an
//! article as copies of its text).

use crate::build::{prepare, BuildOptions, Prepared};
use crate::config::Config;
use crate::content::{frontmatter, Content};
use crate::error::{line_of_offset, Error};
use crate::ingest::FileReport;
use crate::render::{Renderer, Site};
use percent_encoding::percent_decode_str;
use pulldown_cmark::{Event, Parser, Tag};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// How much a finding matters (see the module doc); ordered most serious
/// first, so sorting findings puts errors on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Should stop a deploy: `check` exits non-zero.
    Error,
    /// Publishes fine, but an editor should look.
    Warning,
    /// Information only.
    Note,
}

impl Severity {
    /// The word printed before the message (`error`, `warning`, `note`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// What a finding is about (the `kind` field of `check --format json`).
pub mod kind {
    /// A Markdown link or image between pages of the site that leads nowhere.
    pub const BROKEN_LINK: &str = "broken-link";
    /// A link to a source `.md` file (`@/articles/...md` or a relative path)
    /// that names no published article or page.
    pub const SOURCE_LINK: &str = "source-link";
    /// Two articles would have the same URL; one got a `-2` suffix.
    pub const DUPLICATE_SLUG: &str = "duplicate-slug";
    /// Two articles converted from one raw file.
    pub const DUPLICATE_SOURCE: &str = "duplicate-source";
    /// Front matter the build cannot read (the build would fail).
    pub const FRONT_MATTER: &str = "front-matter";
    /// site.toml cannot be read.
    pub const CONFIG: &str = "config";
    /// A template fails to compile or render.
    pub const TEMPLATE: &str = "template";
    /// Any other failure of the build.
    pub const BUILD: &str = "build";
    /// A raw inbox file that ingest cannot convert.
    pub const INGEST: &str = "ingest";
    /// An article without a publication date: never published.
    pub const UNDATED: &str = "undated";
    /// A dated article with `draft = true`.
    pub const DRAFT: &str = "draft";
    /// A front matter key warraq does not know (ignored by the build).
    pub const UNKNOWN_KEY: &str = "unknown-key";
    /// A tag only one article carries.
    pub const SINGLE_ARTICLE_TAG: &str = "single-article-tag";
    /// Two things (pages, static files, generated pages) would be written
    /// at one output path.
    pub const PATH_CLASH: &str = "path-clash";
    /// A link or image address with a scheme that is not published
    /// (`javascript:`, `data:`…): it shows as plain text.
    pub const UNSAFE_LINK: &str = "unsafe-link";
    /// Characters HTML and XML forbid (left out of pages and feeds).
    pub const FORBIDDEN_CHARACTER: &str = "forbidden-character";
    /// A publication date in the future or implausibly long ago.
    pub const SUSPICIOUS_DATE: &str = "suspicious-date";
    /// The search index in the built output (`public/search/`) is not the
    /// one the site gives: the search page would find what the site no
    /// longer says, or miss what it says now.
    pub const SEARCH_INDEX: &str = "search-index";
    /// A rendered page links to one of the site's own files with `//` in
    /// front (`//style.css`): browsers read that as another host.
    pub const PROTOCOL_RELATIVE_LINK: &str = "protocol-relative-link";
    /// An article the last build published moves to another URL (a page at
    /// the old one will send readers on).
    pub const MOVED_URL: &str = "moved-url";
    /// An article the last build published is no longer published.
    pub const VANISHED_URL: &str = "vanished-url";
    /// Raw files folded into an article as copies of its text.
    pub const FOLDED_COPIES: &str = "folded-copies";
}

/// One problem found, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Whether it should stop a deploy.
    pub severity: Severity,
    /// One of the [`kind`] constants, stable for scripts reading the JSON.
    pub kind: &'static str,
    /// Path relative to the site directory (`content/articles/2023/09/14-x.md`).
    pub file: String,
    /// 1-based line, when the finding is about one line.
    pub line: Option<usize>,
    /// What is wrong and, where it helps, what to do about it.
    pub message: String,
}

impl Finding {
    fn new(severity: Severity, kind: &'static str, file: &str, line: Option<usize>, message: String) -> Finding {
        Finding { severity, kind, file: file.to_string(), line, message }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}: {}", self.file, l, self.severity.as_str(), self.message),
            None if self.file.is_empty() => write!(f, "{}: {}", self.severity.as_str(), self.message),
            None => write!(f, "{}: {}: {}", self.file, self.severity.as_str(), self.message),
        }
    }
}

/// Counts by severity: (errors, warnings, notes).
pub fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    let n = |s| findings.iter().filter(|f| f.severity == s).count();
    (n(Severity::Error), n(Severity::Warning), n(Severity::Note))
}

/// Checks the site in `site_dir`: loads it with drafts, dry-runs ingest,
/// renders the published site in memory. Writes nothing.
pub fn check(site_dir: &Path, base_url: Option<String>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let opts = BuildOptions { output: None, base_url, drafts: true, ingest: false, cache: None, trust_output: false };
    let ingest = match Config::load(site_dir) {
        Ok(config) => {
            let today = crate::date::today();
            let dry = crate::ingest::Options { dry_run: true, force: false, today };
            crate::ingest::run(site_dir, &config, &[], &dry)
        }
        // Reported below: `prepare` loads the config again and fails the same way.
        Err(_) => Vec::new(),
    };
    match prepare(site_dir, &opts) {
        Ok(prepared) => {
            let read = |rel: &str| std::fs::read_to_string(site_dir.join(rel)).ok();
            let output = crate::build::default_output(site_dir);
            let built = |rel: &str| std::fs::read(output.join(rel)).ok();
            findings.extend(findings_of(&prepared, &ingest, &read, &built));
        }
        Err(errors) => {
            findings.extend(errors.iter().map(build_error));
            findings.extend(ingest_findings(&ingest));
        }
    }
    sort(&mut findings);
    findings
}

/// Errors first, then by file and line, so CI logs are stable.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.severity, &a.file, a.line, a.kind, &a.message).cmp(&(b.severity, &b.file, b.line, b.kind, &b.message))
    });
}

/// A failure of `prepare` (config, content or theme) as a finding.
pub fn build_error(e: &Error) -> Finding {
    let file = e.path.as_ref().map(|p| crate::content::relative(Path::new(""), p)).unwrap_or_default();
    let kind = if file.starts_with("content/") {
        kind::FRONT_MATTER
    } else if file.starts_with("templates/") {
        kind::TEMPLATE
    } else if file == crate::layout::CONFIG_FILE {
        kind::CONFIG
    } else {
        kind::BUILD
    };
    Finding::new(Severity::Error, kind, &file, e.line, e.message.clone())
}

/// Raw inbox files that failed to ingest (errors), and what ingest would
/// warn about them (a changed raw file, a duplicate, no date found).
pub fn ingest_findings(reports: &[FileReport]) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in reports {
        for w in &r.warnings {
            let file = w.path.as_deref().map_or_else(|| r.file.clone(), |p| p.to_string_lossy().into_owned());
            out.push(Finding::new(Severity::Warning, kind::INGEST, &file, w.line, w.message.clone()));
        }
        if let Some(e) = &r.error {
            out.push(Finding::new(
                Severity::Error,
                kind::INGEST,
                &r.file,
                None,
                format!("cannot be ingested: {e}; fix or remove the raw file"),
            ));
        }
    }
    out
}

/// Every finding about a prepared site (loaded with drafts) and the ingest
/// reports. `read` gives a source file's text by its site-relative path; it
/// is used only to find front matter lines (`|_| None` is fine in tests).
/// `built` gives a file of the site's built output (`public/`) by its path
/// there, to compare its search index with the site's.
pub fn findings_of(
    prepared: &Prepared,
    ingest: &[FileReport],
    read: &dyn Fn(&str) -> Option<String>,
    built: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Vec<Finding> {
    let site = &prepared.site;
    let mut out = ingest_findings(ingest);
    for w in &prepared.warnings {
        // Slug clashes are recomputed below with better context.
        if !site.slug_clashes.contains(w) {
            let mut f = build_error(w);
            f.severity = Severity::Warning;
            out.push(f);
        }
    }
    let key_line = |path: &str, key: &str| -> Option<usize> {
        let text = read(path)?;
        let split = frontmatter::split(&text).ok()?;
        Some(frontmatter::line_of_key(&split, key))
    };

    // The site a build without --drafts publishes: links must resolve there.
    let content = Content {
        articles: site.articles.clone(),
        pages: site.pages.clone(),
        published: site.url_record().to_published(),
    };
    let (published, _) = Site::new(site.config.clone(), content, false);
    let targets = match Renderer::new(&published, &prepared.theme) {
        Ok(renderer) => {
            // Render every page in memory, as the build would, and look at
            // the links the templates made.
            let jobs = renderer.jobs();
            let paths: Vec<String> = jobs.iter().map(|j| renderer.path_of(j)).collect();
            let own: BTreeSet<&str> =
                paths.iter().filter_map(|p| p.split('/').next()).filter(|s| !s.is_empty()).collect();
            let rendered: Vec<Result<Vec<String>, Error>> = jobs
                .par_iter()
                .zip(&paths)
                .map(|(job, path)| {
                    let page = renderer.render(job)?;
                    let crate::render::Body::Bytes(bytes) = page.body else { return Ok(Vec::new()) };
                    if !path.ends_with(".html") {
                        return Ok(Vec::new());
                    }
                    let html = String::from_utf8_lossy(&bytes);
                    Ok(protocol_relative_links(&html)
                        .into_iter()
                        .filter(|link| leads_into_site(link, &site.config.base_path(), &own))
                        .map(|link| format!("{path}: {link}"))
                        .collect())
                })
                .collect();
            let mut seen = BTreeSet::new();
            let mut doubled = BTreeSet::new();
            for r in rendered {
                match r {
                    Ok(links) => doubled.extend(links),
                    Err(e) => {
                        if seen.insert(e.to_string()) {
                            out.push(build_error(&e));
                        }
                    }
                }
            }
            out.extend(search_drift(&renderer, built));
            if let Some(first) = doubled.iter().next() {
                out.push(Finding::new(
                    Severity::Error,
                    kind::PROTOCOL_RELATIVE_LINK,
                    "",
                    None,
                    format!(
                        "{} link{} of the rendered site start with `//` and name one of its own files (first: \
                         {first}): browsers read `//name` as a link to another host; check base_url and the \
                         templates",
                        doubled.len(),
                        crate::messages::plural(doubled.len())
                    ),
                ));
            }
            for clash in renderer.clashes(&jobs, &paths) {
                out.push(Finding::new(
                    Severity::Error,
                    kind::PATH_CLASH,
                    clash.file().unwrap_or_default(),
                    None,
                    clash.message(),
                ));
            }
            output_paths(paths.into_iter())
        }
        Err(e) => {
            out.push(build_error(&e));
            BTreeSet::new()
        }
    };
    // Where drafts and undated articles appear in a preview (`--drafts`) build.
    let unpublished: BTreeSet<String> = site
        .articles
        .iter()
        .zip(&site.article_paths)
        .filter(|(a, _)| a.draft || a.date.is_none())
        .map(|(_, p)| p.clone())
        .collect();
    let sources: BTreeSet<&str> = site.articles.iter().map(|a| a.path.as_str()).collect();
    let page_sources: BTreeSet<&str> = site.pages.iter().map(|p| p.path.as_str()).collect();
    let published_sources: BTreeSet<&str> = published
        .articles
        .iter()
        .map(|a| a.path.as_str())
        .chain(published.pages.iter().map(|p| p.path.as_str()))
        .collect();
    let ctx = LinkContext {
        base_url: &site.config.base_url,
        base_path: site.config.base_path(),
        targets: &targets,
        unpublished: &unpublished,
    };

    // Links in articles and pages.
    // (Read one at a time: a large archive's bodies come from its body file.)
    let articles = site
        .articles
        .iter()
        .zip(&site.article_paths)
        .map(|(a, p)| (a.path.as_str(), a.body_text(), a.body_line, p.clone(), a.draft || a.date.is_none()));
    let pages = site
        .pages
        .iter()
        .zip(&site.page_paths)
        .map(|(p, out)| (p.path.as_str(), p.body.as_str().into(), p.body_line, out.clone(), p.draft));
    for (file, body, body_line, out_path, draft) in articles.chain(pages) {
        for (dest, offset) in links_with_offsets(&body) {
            let line = body_line + line_of_offset(&body, offset) - 1;
            if !site.config.allow_raw_html && !crate::markdown::is_safe_url(&dest) {
                let message = format!(
                    "links to {dest:?}: only http, https, mailto and relative addresses are published, so this \
                     shows as plain text (allow_raw_html = true in site.toml trusts every link)"
                );
                out.push(Finding::new(Severity::Warning, kind::UNSAFE_LINK, file, Some(line), message));
                continue;
            }
            let Some(target) = classify(&dest, &out_path, file, &ctx) else { continue };
            match target {
                Target::Output(path) => {
                    if ctx.targets.contains(&path) {
                        continue;
                    }
                    let wanted = format!("/{path}");
                    let message = if ctx.unpublished.contains(&path) || ctx.unpublished.contains(&format!("{path}/")) {
                        if draft {
                            continue; // a draft may link to another draft
                        }
                        format!("links to {dest}, a draft or undated article that is not published")
                    } else {
                        let decoded = percent_decode_str(&dest).decode_utf8_lossy();
                        if decoded == wanted {
                            format!("links to {dest}, which leads nowhere: the site has no such page")
                        } else {
                            format!("links to {dest}, which leads nowhere: the site has no page {wanted}")
                        }
                    };
                    out.push(Finding::new(Severity::Error, kind::BROKEN_LINK, file, Some(line), message));
                }
                Target::Source(path) => {
                    if published_sources.contains(path.as_str()) {
                        continue; // the renderer rewrites it to the article's URL
                    }
                    let message = if sources.contains(path.as_str()) || page_sources.contains(path.as_str()) {
                        if draft {
                            continue;
                        }
                        format!("links to {dest}, a draft or undated article that is not published")
                    } else {
                        format!("links to {dest}, but there is no article file {path}")
                    };
                    out.push(Finding::new(Severity::Error, kind::SOURCE_LINK, file, Some(line), message));
                }
            }
        }
    }

    // Duplicate slugs: an article whose URL is not the one its date and slug
    // give was moved aside by a clash.
    let natural: Vec<String> = site.articles.iter().map(crate::site::article_path).collect();
    for (i, a) in site.articles.iter().enumerate() {
        if site.article_paths[i] == natural[i] {
            continue;
        }
        let holder = site.article_paths.iter().position(|p| *p == natural[i]).map(|j| site.articles[j].path.as_str());
        let line = key_line(&a.path, "slug").or(Some(1));
        out.push(Finding::new(
            Severity::Error,
            kind::DUPLICATE_SLUG,
            &a.path,
            line,
            format!(
                "its URL /{} is also taken by {}: it would be published as /{}; set `slug = \"...\"` in one of them",
                natural[i],
                holder.unwrap_or("another article"),
                site.article_paths[i]
            ),
        ));
    }

    // Two articles converted from one raw file: an edit that broke the
    // first one's front matter made ingest convert the raw file again, and
    // the article would be published twice.
    let mut by_raw: BTreeMap<&str, &str> = BTreeMap::new();
    for a in &site.articles {
        let Some(record) = &a.ingest else { continue };
        if let Some(first) = by_raw.insert(record.file.as_str(), a.path.as_str()) {
            out.push(Finding::new(
                Severity::Error,
                kind::DUPLICATE_SOURCE,
                &a.path,
                key_line(&a.path, "file"),
                format!(
                    "was converted from {} like {first}: the article would be published twice; delete one of them",
                    record.file
                ),
            ));
        }
    }

    // URLs the last build published that move or vanish.
    let base = site.config.base_path();
    let places_now: HashMap<&str, &str> = published.places().collect();
    // The record as the last build left it (already read once to place
    // the articles; an unreadable one failed `prepare`).
    let record_before = read(crate::layout::URL_RECORD)
        .and_then(|text| crate::content::published::Published::parse(&text).ok())
        .unwrap_or_default();
    for (file, old) in &record_before.articles {
        let line = None;
        match places_now.get(file.as_str()) {
            Some(now) if *now == old.as_str() => {}
            Some(now) => out.push(Finding::new(
                Severity::Note,
                kind::MOVED_URL,
                file,
                line,
                format!(
                    "was published at {base}{old} and moves to {base}{now}: a page at the old URL sends readers on"
                ),
            )),
            None => out.push(Finding::new(
                Severity::Warning,
                kind::VANISHED_URL,
                file,
                line,
                format!(
                    "was published at {base}{old} and the next build no longer publishes it: links to it will lead \
                     nowhere (if it lives on in another file, add aliases = [\"/{old}\"] there)"
                ),
            )),
        }
    }

    // Tag pages the last build published that the next build drops: their
    // articles no longer carry the tag. A tag merged into another is not
    // lost (its old URL leads to the other's page).
    let redirected: BTreeSet<&str> = published.redirects.iter().map(|r| r.from.as_str()).collect();
    for (slug, before) in &site.tags_before {
        let path = crate::site::tag_path(slug);
        let now_live = published.tag_record.get(slug).is_some_and(|t| t.live);
        if before.live && !now_live && !redirected.contains(path.as_str()) {
            out.push(Finding::new(
                Severity::Warning,
                kind::VANISHED_URL,
                crate::layout::URL_RECORD,
                None,
                format!(
                    "the tag page {base}{path} was published and the next build no longer publishes it (no article \
                     carries the tag now): links to it will lead nowhere"
                ),
            ));
        }
    }

    // Characters left out of the pages; dates to look at twice.
    let forbidden = site.articles.iter().map(|a| (&a.path, a.forbidden()));
    for (path, f) in forbidden.chain(site.pages.iter().map(|p| (&p.path, p.forbidden.as_ref()))) {
        if let Some(f) = f {
            out.push(Finding::new(Severity::Warning, kind::FORBIDDEN_CHARACTER, path, Some(f.line), f.message()));
        }
    }
    let today = crate::date::today();
    for a in &site.articles {
        if let Some(why) = a.date.and_then(|d| crate::date::implausible(d, today)) {
            out.push(Finding::new(Severity::Warning, kind::SUSPICIOUS_DATE, &a.path, key_line(&a.path, "date"), why));
        }
    }

    // Front matter: undated articles, drafts, unknown keys.
    for a in &site.articles {
        if a.date.is_none() {
            out.push(Finding::new(
                Severity::Warning,
                kind::UNDATED,
                &a.path,
                key_line(&a.path, "title"),
                "has no date, so it is a draft that will not be published: add `date = YYYY-MM-DD` and set `draft = false` in its front matter"
                    .to_string(),
            ));
        } else if a.draft {
            out.push(Finding::new(
                Severity::Warning,
                kind::DRAFT,
                &a.path,
                key_line(&a.path, "draft"),
                "is a draft (draft = true), so it is not published: set `draft = false` when it is ready".to_string(),
            ));
        }
        for (key, line) in a.unknown_keys() {
            out.push(Finding::new(
                Severity::Warning,
                kind::UNKNOWN_KEY,
                &a.path,
                Some(*line),
                format!(
                    "front matter key `{key}` is not known to warraq and is ignored (known: {}); check its spelling",
                    frontmatter::KNOWN_KEYS
                ),
            ));
        }
    }

    // Copies folded into articles: which raw files, which papers.
    for a in &site.articles {
        let Some(record) = a.ingest.as_ref().filter(|r| !r.folded.is_empty()) else { continue };
        let files: Vec<&str> = record.folded.iter().map(|f| f.file.as_str()).collect();
        let sources =
            if a.sources().is_empty() { String::new() } else { format!("; sources: {}", a.sources().join("، ")) };
        out.push(Finding::new(
            Severity::Note,
            kind::FOLDED_COPIES,
            &a.path,
            key_line(&a.path, "sources").or_else(|| key_line(&a.path, "file")),
            format!(
                "converted from {}, holds {} more raw file{} with the same text, folded into it as copies: {}{sources}",
                record.file,
                files.len(),
                if files.len() == 1 { "" } else { "s" },
                files.join(", ")
            ),
        ));
    }

    // Tags with one article only.
    for tag in &site.topics.tags {
        if let [only] = tag.members[..] {
            let a = &site.articles[only];
            out.push(Finding::new(
                Severity::Note,
                kind::SINGLE_ARTICLE_TAG,
                &a.path,
                key_line(&a.path, "tags"),
                format!("tag «{}» has only this article: is it a spelling of another tag?", tag.name),
            ));
        }
    }
    sort(&mut out);
    out
}

/// Whether the built output's search index is the one the site gives: every
/// file of the index rendered in memory and compared with the output's. A
/// site never built says nothing.
fn search_drift(renderer: &Renderer<'_>, built: &dyn Fn(&str) -> Option<Vec<u8>>) -> Option<Finding> {
    let jobs = renderer.search_jobs();
    if jobs.is_empty() {
        // Search is turned off (`[search] enabled = false`): no index to compare.
        return None;
    }
    let meta = format!("{}/meta.json", crate::search::DIR);
    let shown = format!("{}/{}/", crate::layout::OUTPUT_DIR, crate::search::DIR);
    let what_to_do = "run `warraq build` (a check looks at the site without drafts and with its own \
                      base_url, as a deploy build is made)";
    if built(&meta).is_none() {
        let built_before = built(&format!("{}/manifest", crate::layout::OUTPUT_BOOK_DIR)).is_some();
        return built_before.then(|| {
            let message = format!("the built site has no search index, so its search page finds nothing: {what_to_do}");
            Finding::new(Severity::Warning, kind::SEARCH_INDEX, &shown, None, message)
        });
    }
    let (mut differ, mut missing) = (0, 0);
    for job in &jobs {
        let Ok(file) = renderer.render(job) else { continue };
        let crate::render::Body::Bytes(expected) = file.body else { continue };
        match built(&file.path) {
            None => missing += 1,
            Some(bytes) if bytes != expected => differ += 1,
            Some(_) => {}
        }
    }
    (differ + missing > 0).then(|| {
        let message = format!(
            "the search index does not match the site (of its {} files, {differ} differ and {missing} are \
             absent), so the search page finds what the site no longer says and misses what it says now: \
             {what_to_do}",
            jobs.len()
        );
        Finding::new(Severity::Warning, kind::SEARCH_INDEX, &shown, None, message)
    })
}

/// Every `href` and `src` value of `html` that starts with `//`.
fn protocol_relative_links(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attr in ["href=", "src="] {
        let mut rest = html;
        while let Some(at) = rest.find(attr) {
            rest = &rest[at + attr.len()..];
            let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else { continue };
            let value = &rest[1..];
            let end = value.find(quote).unwrap_or(value.len());
            if value[..end].starts_with("//") {
                links.push(value[..end].to_string());
            }
        }
    }
    links
}

/// Whether `link` (`//name/...`) is one of the site's own paths with a
/// slash too many: its first segment, past the base path, is a top-level
/// name of the output (`own`).
fn leads_into_site(link: &str, base_path: &str, own: &BTreeSet<&str>) -> bool {
    let one_slash = &link[1..];
    let inner = one_slash.strip_prefix(base_path.trim_end_matches('/')).unwrap_or(one_slash);
    let first = inner.trim_start_matches('/').split(['/', '?', '#']).next().unwrap_or("");
    let decoded = percent_decode_str(first).decode_utf8_lossy();
    own.contains(decoded.as_ref()) || (first.is_empty() && inner.len() <= 1)
}

/// The output path an article gets when no other article claims it.
/// Every path a link may name: files, and directories of `index.html` pages
/// with and without the trailing slash (servers redirect the latter).
fn output_paths(paths: impl Iterator<Item = String>) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    for p in paths {
        if let Some(dir) = p.strip_suffix("index.html") {
            set.insert(dir.to_string());
            set.insert(dir.trim_end_matches('/').to_string());
        }
        set.insert(p);
    }
    set
}

struct LinkContext<'a> {
    base_url: &'a str,
    base_path: String,
    targets: &'a BTreeSet<String>,
    unpublished: &'a BTreeSet<String>,
}

/// Where a link leads, within the site.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// An output path (relative to the output root, decoded: `2023/09/x/`).
    Output(String),
    /// A source file (relative to the site directory: `content/articles/...md`).
    Source(String),
}

/// Classifies a link destination written in the Markdown of `source` (whose
/// page is at output path `out_dir`). `None` for external links and links to
/// a fragment of the same page.
fn classify(dest: &str, out_dir: &str, source: &str, ctx: &LinkContext<'_>) -> Option<Target> {
    let dest = dest.trim();
    let own = ctx.base_url.trim_end_matches('/');
    let dest = match dest.strip_prefix(own) {
        // An absolute URL of this site counts as root-relative.
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            if rest.is_empty() {
                "/"
            } else {
                rest
            }
        }
        _ => dest,
    };
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
        return None;
    }
    let path = dest.split(['?', '#']).next().unwrap_or("");
    if path.is_empty() {
        return None;
    }
    let decoded = percent_decode_str(path).decode_utf8_lossy().to_string();
    let base_path_inner = ctx.base_path.trim_start_matches('/');
    if decoded.starts_with("@/") || decoded.ends_with(".md") {
        // A path above the site directory names no file: keep it unresolvable.
        let source = crate::markdown::source_link(path, source).map(|(p, _)| p).unwrap_or_else(|| decoded.clone());
        return Some(Target::Source(source));
    }
    let joined = match decoded.strip_prefix('/') {
        Some(rest) => match rest.strip_prefix(base_path_inner) {
            Some(inner) if !base_path_inner.is_empty() => inner.to_string(),
            _ if !base_path_inner.is_empty() && format!("{rest}/") == base_path_inner => String::new(),
            _ => rest.to_string(),
        },
        None => format!("{out_dir}{decoded}"),
    };
    Some(Target::Output(normalize(&joined)))
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) => {
            let scheme = &s[..i];
            !scheme.is_empty()
                && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Resolves `.` and `..` segments; keeps a trailing slash. A path that climbs
/// above the root keeps its leading `../` so it never matches a real page.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let mut above = 0;
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    above += 1;
                }
            }
            s => parts.push(s),
        }
    }
    let mut out = "../".repeat(above);
    out.push_str(&parts.join("/"));
    let dir_like = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    if dir_like && !parts.is_empty() {
        out.push('/');
    }
    out
}

/// Link and image destinations of a Markdown body with the byte offset where
/// each link starts, read with the extensions bodies are rendered with.
pub fn links_with_offsets(markdown: &str) -> Vec<(String, usize)> {
    Parser::new_ext(markdown, crate::markdown::options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
                Some((dest_url.to_string(), range.start))
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ingest_warnings_keep_the_file_and_line_they_are_about() {
        let mut report = FileReport::new("content/inbox/a.txt", crate::ingest::Status::Unchanged);
        report.warnings.push(Error::at("content/inbox/a.txt", "no publication date found"));
        report.warnings.push(Error::at_line("content/articles/2023/09/14-a.md", 3, "date: not a date"));
        let found = ingest_findings(&[report.clone()]);
        let places: Vec<(&str, Option<usize>, &str)> =
            found.iter().map(|f| (f.file.as_str(), f.line, f.message.as_str())).collect();
        assert_eq!(
            places,
            [
                ("content/inbox/a.txt", None, "no publication date found"),
                ("content/articles/2023/09/14-a.md", Some(3), "date: not a date"),
            ]
        );
        // The JSON report keeps the lines a user reads.
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["warnings"][1], "content/articles/2023/09/14-a.md:3: date: not a date");
    }

    fn ctx<'a>(targets: &'a BTreeSet<String>, none: &'a BTreeSet<String>) -> LinkContext<'a> {
        LinkContext { base_url: "https://x.org/news/", base_path: "/news/".into(), targets, unpublished: none }
    }

    #[test]
    fn classifies_links() {
        let t = BTreeSet::new();
        let c = ctx(&t, &t);
        let src = "content/articles/2023/09/14-a.md";
        let out = "2023/09/a/";
        let o = |s: &str| Some(Target::Output(s.to_string()));
        assert_eq!(classify("https://example.org/", out, src, &c), None);
        assert_eq!(classify("mailto:a@b.c", out, src, &c), None);
        assert_eq!(classify("#section", out, src, &c), None);
        assert_eq!(classify("/news/2023/09/b/", out, src, &c), o("2023/09/b/"));
        assert_eq!(classify("/2023/09/b/", out, src, &c), o("2023/09/b/"));
        assert_eq!(classify("/news/2023/09/%D9%82%D9%85%D8%A9/#x", out, src, &c), o("2023/09/قمة/"));
        assert_eq!(classify("https://x.org/news/2023/09/b/", out, src, &c), o("2023/09/b/"));
        assert_eq!(classify("../b/", out, src, &c), o("2023/09/b/"));
        assert_eq!(classify("../../../../x/", out, src, &c), o("../x/"));
        assert_eq!(classify("/news/", out, src, &c), o(""));
        assert_eq!(
            classify("@/articles/2023/09/13-b.md", out, src, &c),
            Some(Target::Source("content/articles/2023/09/13-b.md".into()))
        );
        assert_eq!(
            classify("../08/01-c.md", out, src, &c),
            Some(Target::Source("content/articles/2023/08/01-c.md".into()))
        );
    }

    #[test]
    fn link_lines_come_from_offsets() {
        let body = "فقرة أولى.\n\nنص [رابط](/x/) و\n![صورة](/y.png)\n";
        let links = links_with_offsets(body);
        assert_eq!(links.len(), 2);
        assert_eq!(line_of_offset(body, links[0].1), 3);
        assert_eq!(line_of_offset(body, links[1].1), 4);
    }

    #[test]
    fn display_is_compiler_style() {
        let f = Finding::new(Severity::Error, kind::BROKEN_LINK, "content/a.md", Some(7), "links to /x/".into());
        assert_eq!(f.to_string(), "content/a.md:7: error: links to /x/");
    }
}
