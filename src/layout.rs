//! The names of a site's folders and files, in one place.
//!
//! A site is a folder laid out as below; every command finds its parts
//! through these names, so renaming one is a change to this file alone.
//! Paths are relative to the site folder and use `/`.
//!
//! ```text
//! site.toml                  CONFIG_FILE
//! content/                   CONTENT_DIR: articles (Markdown) and standalone pages
//! content/inbox/             INBOX_DIR: raw scraped .txt files waiting for ingest
//! content/articles/YYYY/MM/  ARTICLES_DIR: what ingest and `warraq new` write
//! content/.warraq/urls.toml  URL_RECORD: every URL published, committed with the content
//! templates/, static/        TEMPLATES_DIR, STATIC_DIR: overrides of the built-in theme
//! public/                    OUTPUT_DIR: the built site (unless --output says otherwise)
//! .warraq-cache/             CACHE_DIR: the build cache (unless --cache-dir says otherwise)
//! ```

/// The site's configuration; its presence is what makes a folder a site.
pub const CONFIG_FILE: &str = "site.toml";
/// Everything a user writes: articles, pages, the inbox and the URL record.
pub const CONTENT_DIR: &str = "content";
/// Raw articles for ingest. Skipped by the content walk: a stray `notes.md`
/// there is not an article.
pub const INBOX_DIR: &str = "content/inbox";
/// The name of the inbox inside `CONTENT_DIR`.
pub const INBOX_NAME: &str = "inbox";
/// Where ingest and `warraq new` put dated articles (`YYYY/MM/DD-slug.md`).
pub const ARTICLES_DIR: &str = "content/articles";
/// The record of published URLs, kept with the content so it is committed
/// and restored with it.
pub const URL_RECORD: &str = "content/.warraq/urls.toml";
/// Template overrides, file by file over the built-in theme.
pub const TEMPLATES_DIR: &str = "templates";
/// Static-file overrides and additions (copied to the output as they are).
pub const STATIC_DIR: &str = "static";
/// The default output folder.
pub const OUTPUT_DIR: &str = "public";
/// The default build cache folder (`crate::cache`): not content, never
/// committed, safe to delete.
pub const CACHE_DIR: &str = ".warraq-cache";
/// warraq's own folder inside an output: the manifest of the files warraq
/// wrote there, and staging.
pub const OUTPUT_BOOK_DIR: &str = ".warraq";
