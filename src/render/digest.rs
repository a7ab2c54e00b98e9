//! What a page is made of, as one number: the build cache (`crate::cache`)
//! skips rendering a page whose number is the one it had when its file was
//! written.
//!
//! The number is not kept in step with the templates by hand. A page's
//! digest hashes the very context its template would get, made by the same
//! code (`Renderer::page_context`), with the two costly parts replaced by
//! what determines them:
//! - an article in a list, and an article on its own page, is its
//!   summary's digest instead of its entry: the entry's fields and
//!   fragments are made from the summary, the site-wide context and the
//!   templates alone;
//! - an article's body is a digest of its Markdown instead of its HTML,
//!   unless it links other source files (`.md`), whose URLs the HTML holds.
//!
//! Everything else the output depends on is in the seed: the templates,
//! the configuration (with any `--base-url`), whether drafts are rendered
//! and the site-wide variables every page gets (menu, years, links: the
//! same on every page, so hashed once, not once per page). The binary
//! itself is in the cache's key. A theme whose templates call `now()`
//! renders differently on every build: its pages have no digest and are
//! always rendered.

use super::entry::Entry;
use super::fields::Fields;
use super::{Job, Renderer};
use crate::hash::wide_hash;
use minijinja::Value;

/// Why a page's context is made: to render the page, or to know whether it
/// changed since the last build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The context the template renders.
    Render,
    /// The same context with articles in lists as their summaries' digests
    /// and bodies as their Markdown's (see the module's documentation).
    Digest,
}

/// The seed of every page digest of a build: what all pages depend on
/// besides their own context, the site-wide variables (`base`) among them.
/// `None` when the templates read the clock.
pub fn seed(site: &super::Site, theme: &crate::theme::Theme, base: &super::fields::Fields) -> Option<u64> {
    let mut parts = String::new();
    for (name, template) in &theme.templates {
        if template.source.contains("now(") {
            return None;
        }
        parts.push_str(name);
        parts.push('\0');
        parts.push_str(&template.source);
        parts.push('\0');
    }
    parts.push_str(&format!("{:?}\0{}\0", site.config, site.include_drafts));
    let mut bytes = parts.into_bytes();
    serde_json::to_writer(&mut bytes, &base.clone().into_value()).ok()?;
    Some(wide_hash(&bytes))
}

impl Renderer<'_> {
    /// The digest of the page `job` writes at `path` (or of a search
    /// fragment file: `search::Index::fragments_digest`), or `None` for a
    /// file that is always rendered (feeds, sitemaps, the rest of the
    /// search index and static files: few, or cheap, or compared byte for
    /// byte anyway).
    pub fn page_digest(&self, job: &Job, path: &str) -> Option<u64> {
        let seed = self.digest_seed?;
        if let Job::SearchFragments(g) = job {
            return Some(self.search.fragments_digest(*g, self.site, seed));
        }
        if !job.is_page() && !matches!(job, Job::NotFound | Job::Redirect(_)) {
            return None;
        }
        let (ctx, template) = self.page_context(job, path, Mode::Digest).ok()?;
        with_digest_buffer(|buffer| {
            buffer.extend_from_slice(&seed.to_le_bytes());
            buffer.extend_from_slice(template.as_bytes());
            serde_json::to_writer(&mut *buffer, &ctx.into_value()).ok()?;
            Some(wide_hash(buffer))
        })
    }

    /// Article `i` as a list shows it, for a digest: its summary's digest
    /// (made once per build).
    pub(super) fn entry_digest(&self, i: usize) -> Value {
        let digest = *self.entry_digests[i].get_or_init(|| {
            with_digest_buffer(|buffer| {
                let summary = self.site.summary(i, &self.summaries);
                serde_json::to_writer(&mut *buffer, &summary).expect("a summary serializes");
                wide_hash(buffer)
            })
        });
        Value::from(digest)
    }

    /// Article `i` as its own page shows it: its entry with the page's
    /// own fields (`page`) added (`Render`), or, for a digest, the page's
    /// fields beside the summary's digest ([`Renderer::entry_digest`],
    /// made once a build): the entry's fields and fragments are made from
    /// the summary alone, and the summary made and written out again for
    /// every article page was a third of the pages' digests.
    pub(super) fn own_entry_with(&self, i: usize, page: Fields, mode: Mode) -> crate::error::Result<Value> {
        Ok(match mode {
            Mode::Render => {
                let mut entry = Entry::of(&self.entry(i)?).expect("entries are made as `Entry`").clone().held();
                for name in page.names() {
                    entry.push(name, page.get(name).unwrap_or_default());
                }
                entry.into_value()
            }
            Mode::Digest => page.with("summary_digest", self.entry_digest(i)).into_value(),
        })
    }

    /// Article `i`'s body as its page shows it (`Render`), or what decides
    /// that HTML (`Digest`): the Markdown's digest, or the HTML itself when
    /// the Markdown links source files, whose URLs may have moved.
    pub(super) fn body_for(&self, i: usize, mode: Mode) -> Value {
        if mode == Mode::Render {
            return self.body(i);
        }
        match self.site.articles[i].body.digest() {
            (_, true) => self.body(i),
            (digest, false) => Value::from(digest),
        }
    }
}

/// Runs `f` with this thread's digest buffer, empty
/// (`memory::with_kept_buffer`): digests are made for every page of a
/// build.
fn with_digest_buffer<T>(f: impl FnOnce(&mut Vec<u8>) -> T) -> T {
    thread_local! {
        static BUFFER: crate::memory::KeptBuffer = const { std::cell::RefCell::new(Vec::new()) };
    }
    crate::memory::with_kept_buffer(&BUFFER, f)
}
