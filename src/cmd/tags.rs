//! `warraq tags`: an editor's view of the merged tags, the spellings merged
//! into each and the articles they hold (drafts included and marked).

use crate::cli::Format;
use crate::config::Config;
use crate::content::{self, Article};
use crate::render::model::{root_url, tag_path};
use crate::topics::{self, Topics};
use serde::Serialize;
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(site: &Path, args: Args) -> crate::error::Result<i32> {
    let config = Config::load(site)?;
    let content = match content::load(site) {
        Ok(c) => c,
        Err(errors) => {
            for e in &errors {
                crate::errln!("error: {e}");
            }
            return Ok(1);
        }
    };
    let topics = topics::group(&content.articles, &config.topics);
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

/// One tag of `tags --format json`, fields in DESIGN.md order.
#[derive(Debug, Serialize)]
pub struct JsonTag<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub count: usize,
    pub spellings: &'a [String],
    pub articles: Vec<JsonArticle<'a>>,
}

/// One member article; `draft` is an addition to DESIGN.md's fields.
#[derive(Debug, Serialize)]
pub struct JsonArticle<'a> {
    pub path: &'a str,
    pub title: &'a str,
    pub date: Option<String>,
    pub source_file: Option<&'a str>,
    pub draft: bool,
}

/// The DESIGN.md `tags --format json` array, plus `draft` per article.
pub fn to_json<'a>(config: &Config, articles: &'a [Article], topics: &'a Topics) -> Vec<JsonTag<'a>> {
    let base = config.base_path();
    topics
        .tags
        .iter()
        .map(|t| JsonTag {
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
                    JsonArticle {
                        path: &a.path,
                        title: &a.title,
                        date: a.date.map(|d| d.to_design_string()),
                        source_file: a.ingest.as_ref().map(|r| r.file.as_str()),
                        draft: a.draft,
                    }
                })
                .collect(),
        })
        .collect()
}

/// One block per tag: `name (count) — spellings: a، b`, then its articles.
pub fn to_text(articles: &[Article], topics: &Topics) -> String {
    let mut s = String::new();
    for t in &topics.tags {
        s.push_str(&format!("{} ({}) — spellings: {}\n", t.name, t.members.len(), t.spellings.join("، ")));
        for &i in &t.members {
            let a = &articles[i];
            let date = a.date.map_or_else(|| "undated".to_string(), |d| d.to_design_string());
            let draft = if a.draft { " [مسودة]" } else { "" };
            s.push_str(&format!("    {date}  {}{draft}  ({})\n", a.title, a.path));
        }
        s.push('\n');
    }
    if topics.tags.is_empty() {
        s.push_str("no tags\n");
    }
    s
}
