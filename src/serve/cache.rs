//! Content loading with a cache keyed by (path, mtime, size).
//!
//! On a 10,000-article archive, reading and parsing every Markdown file is
//! most of a rebuild; between two saves usually one file changed. The cache
//! walks `content/` like `content::load` (same files, same order, same
//! errors) but parses only files that are new or whose mtime or size moved.

use crate::content::{self, Content, Loaded};
use crate::error::Error;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A file with its modification time and size.
type Stamped = (PathBuf, Option<SystemTime>, u64);

/// The files of the last load, each with its stamp and what it parsed to;
/// empty at first, so the first load reads everything.
#[derive(Default)]
pub struct ContentCache {
    entries: HashMap<PathBuf, (Option<SystemTime>, u64, Loaded)>,
    /// The `.md` files of the last complete load, in load order.
    order: Vec<PathBuf>,
    /// The record of published URLs as the last complete load read it (an
    /// edit of an article leaves it as it was; a change to the record
    /// itself is not a Markdown edit, so it is read again).
    published: content::published::Published,
}

impl ContentCache {
    /// Forgets one file (a watcher event named it), whatever its stamp says.
    pub fn invalidate(&mut self, path: &Path) {
        self.entries.remove(path);
    }

    /// Like `load`, told which paths the watcher saw change: when they are
    /// all Markdown files already known and still there (an edit, the usual
    /// case), the directory walk is skipped and only they are re-read.
    pub fn load_after(&mut self, site_dir: &Path, changed: &[PathBuf]) -> Result<Content, Vec<Error>> {
        let edits_only = !changed.is_empty()
            && !self.order.is_empty()
            && changed.iter().all(|p| {
                p.extension().is_some_and(|x| x == "md")
                    && self.order.binary_search(p).is_ok()
                    && std::fs::metadata(p).is_ok_and(|m| m.is_file())
            });
        if !edits_only {
            return self.load(site_dir);
        }
        let mut errors = Vec::new();
        for p in changed {
            let meta = std::fs::metadata(p).ok();
            let mtime = meta.as_ref().and_then(|m| m.modified().ok());
            self.store(p, mtime, meta.map_or(0, |m| m.len()), content::load_file(site_dir, p), &mut errors);
        }
        if !errors.is_empty() {
            self.order.clear();
            return Err(errors);
        }
        let mut out = self.assemble();
        out.published = self.published.clone();
        Ok(out)
    }

    /// Caches a freshly parsed file, or forgets it and keeps its error.
    fn store(
        &mut self,
        path: &PathBuf,
        mtime: Option<std::time::SystemTime>,
        len: u64,
        parsed: Result<Loaded, Error>,
        errors: &mut Vec<Error>,
    ) {
        match parsed {
            Ok(loaded) => {
                self.entries.insert(path.clone(), (mtime, len, loaded));
            }
            Err(e) => {
                self.entries.remove(path);
                errors.push(e);
            }
        }
    }

    fn assemble(&self) -> Content {
        let mut out = Content::default();
        for p in &self.order {
            match &self.entries[p].2 {
                Loaded::Article(a) => out.articles.push(a.clone()),
                Loaded::Page(pg) => out.pages.push(pg.clone()),
            }
        }
        out
    }

    /// Loads `content/` of `site_dir`, parsing only what changed.
    pub fn load(&mut self, site_dir: &Path) -> Result<Content, Vec<Error>> {
        let files: Vec<Stamped> = content::markdown_files(site_dir)?
            .into_iter()
            .map(|path| {
                let meta = std::fs::metadata(&path).ok();
                let mtime = meta.as_ref().and_then(|m| m.modified().ok());
                let len = meta.map_or(0, |m| m.len());
                (path, mtime, len)
            })
            .collect();
        let stale: Vec<&Stamped> = files
            .iter()
            .filter(|(p, t, n)| !matches!(self.entries.get(p), Some((ct, cn, _)) if ct == t && cn == n && t.is_some()))
            .collect();
        let parsed: Vec<(&Stamped, Result<Loaded, Error>)> =
            stale.par_iter().map(|&f| (f, content::load_file(site_dir, &f.0))).collect();
        let mut errors = Vec::new();
        for ((p, t, n), r) in parsed {
            self.store(p, *t, *n, r, &mut errors);
        }
        if !errors.is_empty() {
            // Walk again next time: the failed files are not in the cache.
            self.order.clear();
            return Err(errors);
        }
        let seen: std::collections::HashSet<&PathBuf> = files.iter().map(|(p, _, _)| p).collect();
        self.entries.retain(|p, _| seen.contains(p));
        self.order = files.into_iter().map(|(p, _, _)| p).collect();
        self.order.sort();
        let mut out = self.assemble();
        // `load` order (walk order) for pages; articles are sorted by Site.
        out.pages.sort_by(|a, b| a.path.cmp(&b.path));
        self.published = content::published::Published::read(site_dir)?;
        out.published = self.published.clone();
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_content_load_and_sees_edits() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path();
        let arts = site.join("content/articles/2023/09");
        std::fs::create_dir_all(&arts).unwrap();
        std::fs::write(site.join("content/about.md"), "+++\ntitle = \"عن\"\n+++\nنص\n").unwrap();
        for d in 1..=3 {
            std::fs::write(
                arts.join(format!("{d:02}-a.md")),
                format!("+++\ntitle = \"{d}\"\ndate = 2023-09-0{d}\n+++\nx\n"),
            )
            .unwrap();
        }
        let mut cache = ContentCache::default();
        let a = cache.load(site).unwrap();
        let b = content::load(site).unwrap();
        assert_eq!(a.articles, b.articles);
        assert_eq!(a.pages, b.pages);
        std::fs::write(arts.join("02-a.md"), "+++\ntitle = \"two, longer\"\ndate = 2023-09-02\n+++\nx\n").unwrap();
        let c = cache.load_after(site, &[arts.join("02-a.md")]).unwrap();
        assert_eq!(c.articles, content::load(site).unwrap().articles);
        std::fs::write(arts.join("02-a.md"), "+++\ntitle = \"broken\ndate = 2023-09-02\n+++\nx\n").unwrap();
        let errors = cache.load(site).unwrap_err();
        assert!(errors[0].to_string().contains("02-a.md:"), "{errors:?}");
        std::fs::remove_file(arts.join("02-a.md")).unwrap();
        assert_eq!(cache.load(site).unwrap().articles.len(), 2);
    }
}
