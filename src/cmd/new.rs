//! `warraq new TITLE`: a dated article skeleton for a hand-written article.

use crate::config::Config;
use crate::content::frontmatter::{self, FrontMatter};
use crate::error::{Error, Result};
use crate::layout::ARTICLES_DIR;
use crate::slug::slugify;
use chrono::{Datelike, NaiveDate};
use std::path::Path;

/// `warraq new`'s options.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The article's title.
    pub title: String,
    /// Publication date (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
    /// Tags, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub tags: Vec<String>,
}

/// Runs `warraq new`: writes a draft article for today (or `--date`), refusing to overwrite one.
pub fn run(site: &Path, args: Args) -> Result<i32> {
    Config::load(site)?;
    let slug = slugify(&args.title);
    if slug.is_empty() {
        return Err(Error::new("the title has no letters or digits to make a URL from"));
    }
    let date = args.date.unwrap_or_else(crate::date::today);
    let rel = format!("{ARTICLES_DIR}/{:04}/{:02}/{:02}-{slug}.md", date.year(), date.month(), date.day());
    let path = site.join(&rel);
    if path.exists() {
        return Err(Error::at(&rel, "already exists: choose another title or edit that file"));
    }
    let fm = FrontMatter {
        title: args.title.trim().to_string(),
        date: Some(date.format("%Y-%m-%d").to_string().parse().expect("a formatted date is valid TOML")),
        tags: args.tags.into_iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect(),
        draft: true,
        ..Default::default()
    };
    let text = frontmatter::render(&fm, "اكتب نص المقال هنا.\n");
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    crate::content::create_new(&path, text.as_bytes()).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => Error::at(&rel, "already exists: choose another title or edit that file"),
        _ => Error::io(&rel, e),
    })?;
    crate::outln!("created {rel} (a draft: set draft = false to publish it)");
    Ok(0)
}
