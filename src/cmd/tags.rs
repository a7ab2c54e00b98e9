//! `warraq tags`: an editor's view of the merged tags, the spellings merged
//! into each and the articles they hold (drafts and undated articles included
//! and marked, and the counts say so).

use crate::cli::Format;
use crate::config::Config;
use crate::content::{self, Article};
use crate::site::{root_url, tag_path};
use crate::topics::{self, Reason, Topics};
use serde::Serialize;
use std::path::Path;

/// `warraq tags`'s options.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Runs `warraq tags`: every merged tag with its spellings and articles, as text or JSON.
pub fn run(site: &Path, args: Args) -> crate::error::Result<i32> {
    let config = Config::load(site)?;
    let content = match content::load(site) {
        Ok(c) => c,
        Err(errors) => {
            for e in &errors {
                crate::messages::error(e);
            }
            return Ok(1);
        }
    };
    let mut topics = topics::group(&content.articles, &config.topics);
    // The URLs a build gives these tags: published tags keep theirs.
    crate::site::tag_urls::stabilize(&mut topics, &content.published.tags);
    let out = match args.format {
        Format::Json => serde_json::to_string_pretty(&to_json(&config, &content.articles, &topics))
            .map_err(|e| crate::error::Error::new(e.to_string()))?,
        Format::Text => to_text(&content.articles, &topics),
    };
    if !out.is_empty() {
        crate::outln!("{}", out.trim_end_matches('\n'));
    }
    Ok(0)
}

/// One tag of `tags --format json`, fields in the documented order (README).
#[derive(Debug, Serialize)]
pub struct JsonTag<'a> {
    /// The name shown on the site.
    pub name: &'a str,
    /// The URL segment (`/tags/SLUG/`); a published tag keeps its slug.
    pub slug: &'a str,
    /// Root-relative, percent-encoded URL of the tag's first page.
    pub url: String,
    /// Member articles, drafts and undated ones included.
    pub count: usize,
    /// Every spelling merged into this tag, most frequent first.
    pub spellings: &'a [String],
    /// The members, newest first (undated last).
    pub articles: Vec<JsonArticle<'a>>,
}

/// One member article; `draft` and `why` are additions to the documented
/// fields.
#[derive(Debug, Serialize)]
pub struct JsonArticle<'a> {
    /// Source file, relative to the site (`content/articles/...md`).
    pub path: &'a str,
    /// The article's title.
    pub title: &'a str,
    /// ISO date (or date and time), absent for undated articles.
    pub date: Option<String>,
    /// The raw inbox file it was ingested from, if it was.
    pub source_file: Option<&'a str>,
    /// A draft: in the tag here, but not published by a production build.
    pub draft: bool,
    /// Why the article is in the tag.
    pub why: JsonWhy,
}

/// Why an article is in a tag: on its keyword line, and how many times its
/// title and body name the tag's subject (an article joins an automatic
/// tag when its title names it once or its body three times).
#[derive(Debug, Serialize)]
pub struct JsonWhy {
    /// Its keyword line (front matter `tags`) names the tag.
    pub keyword: bool,
    /// Times the title names the subject.
    pub title: u32,
    /// Times the body names the subject.
    pub body: u32,
}

/// Why article `a` is in tag `t`.
fn reason(topics: &Topics, a: usize, t: usize) -> Reason {
    let pos = topics.article_tags[a].iter().position(|&x| x == t);
    pos.and_then(|p| topics.reasons[a].get(p).copied()).unwrap_or_default()
}

/// The documented `tags --format json` array, plus `draft` and `why` per
/// article.
pub fn to_json<'a>(config: &Config, articles: &'a [Article], topics: &'a Topics) -> Vec<JsonTag<'a>> {
    let base = config.base_path();
    topics
        .tags
        .iter()
        .enumerate()
        .map(|(ti, t)| JsonTag {
            name: &t.name,
            slug: &t.slug,
            url: root_url(&base, &tag_path(&t.slug)),
            count: t.members.len(),
            spellings: &t.spellings,
            articles: t
                .members
                .iter()
                .map(|&i| {
                    let a = &articles[i];
                    let r = reason(topics, i, ti);
                    JsonArticle {
                        path: &a.path,
                        title: &a.title,
                        date: a.date.map(|d| d.to_iso_string()),
                        source_file: a.ingest.as_ref().map(|r| r.file.as_str()),
                        draft: a.draft,
                        why: JsonWhy { keyword: r.keyword, title: r.title, body: r.body },
                    }
                })
                .collect(),
        })
        .collect()
}

/// A first line that says what the counts count, then one block per tag:
/// `name (count) — spellings: a، b`, then its articles with why each is in
/// it. Counts include drafts and undated articles, which the site does not
/// publish, so an editor sees what they will add.
pub fn to_text(articles: &[Article], topics: &Topics) -> String {
    let mut s = String::new();
    if topics.tags.is_empty() {
        s.push_str("no tags\n");
        return s;
    }
    let unpublished = |a: &Article| a.draft || a.date.is_none();
    let held: std::collections::BTreeSet<usize> = topics.tags.iter().flat_map(|t| t.members.iter().copied()).collect();
    let waiting = held.iter().filter(|&&i| unpublished(&articles[i])).count();
    s.push_str(&format!(
        "{} tags over {} articles; the counts include {waiting} not published yet (drafts, marked [مسودة], and \
         undated articles)\n\n",
        topics.tags.len(),
        held.len(),
    ));
    for (ti, t) in topics.tags.iter().enumerate() {
        let not_yet = t.members.iter().filter(|&&i| unpublished(&articles[i])).count();
        let count = match not_yet {
            0 => t.members.len().to_string(),
            n => format!("{}, {n} not published", t.members.len()),
        };
        s.push_str(&format!("{} ({count}) — spellings: {}\n", t.name, t.spellings.join("، ")));
        for &i in &t.members {
            let a = &articles[i];
            let date = a.date.map_or_else(|| "undated".to_string(), |d| d.to_iso_string());
            let draft = if a.draft { " [مسودة]" } else { "" };
            let r = reason(topics, i, ti);
            let why =
                if r.keyword { "keyword line".to_string() } else { format!("title {}, body {}", r.title, r.body) };
            s.push_str(&format!("    {date}  {}{draft}  ({})  [{why}]\n", a.title, a.path));
        }
        s.push('\n');
    }
    s
}
