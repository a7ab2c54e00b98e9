//! Writing the output folder, never touching what warraq did not write.
//!
//! An output folder warraq owns holds `.warraq/manifest`, the list of the
//! files warraq wrote there. That list is all warraq ever replaces or
//! deletes: anything else in the folder (a `CNAME` someone put there, the
//! other files of a web root) is left alone, and a folder that is neither
//! empty nor marked is refused. Nothing is ever moved or renamed away, so a
//! symlinked output is written through and stays a symlink.
//!
//! A build renders every file before it changes the output:
//! - into an empty folder (a first build), files are written in place and
//!   removed again if the build fails;
//! - otherwise a file whose bytes changed is written into `.warraq/staging/`
//!   and, once every file rendered, renamed over the old one (a reader never
//!   sees half a file); an unchanged file is not touched at all (bytes, inode
//!   and mtime stay, so rsync moves only what changed); then the files of the
//!   last build that this one no longer has are deleted.
//!
//! A failed build leaves the output as it was and deletes its staging files,
//! so a full disk is never filled further by a build that did not finish.
//! The manifest is rewritten before any file moves in, listing the old and
//! the new files, so a build killed at any instant leaves only files the next
//! build knows as its own, and that build finishes the job: there is a
//! complete site in the folder at every instant, each file whole.

use crate::error::{Error, Result};
use rayon::prelude::*;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

pub mod seal;

const MANIFEST: &str = "manifest";
const STAGING: &str = "staging";
const MANIFEST_HEADER: &str =
    "# warraq output v1: the files warraq wrote in this folder, the only ones it replaces or deletes";
/// Staging files per staging subfolder (a flat folder of a million files
/// slows common tools down).
const PER_STAGING_DIR: usize = 4096;

/// What the output holds of warraq's once a build commits.
#[derive(Debug, Clone)]
pub enum Plan {
    /// Exactly these files (output paths): the last build's other files go.
    /// Shared with the build, which keeps the list (at a million articles
    /// a copy of it is some 200 MB).
    Exactly(Arc<[String]>),
    /// The last build's files and whatever this one writes (the preview
    /// server re-rendering only the pages an edit touched).
    Adding,
}

/// One build's changes to an output folder, applied by [`Staging::commit`].
pub struct Staging {
    out_dir: PathBuf,
    book: PathBuf,
    /// The files warraq wrote into the output before (its manifest).
    owned: Listed,
    /// The output held nothing: files are written straight into it.
    direct: bool,
    /// The output folder did not exist before this build.
    created: bool,
    plan: Plan,
    /// Direct: the files written so far, unless the plan lists them (a
    /// first build writes only files of its plan). Otherwise: the staged
    /// files, as (output path, staging file, whether a regular file is at
    /// the path).
    staged: Mutex<Vec<(String, PathBuf, bool)>>,
    next: AtomicUsize,
    /// Output paths held by files warraq did not write.
    foreign: Mutex<Vec<String>>,
    committed: bool,
    /// The output's lock, handed to the [`Committed`] output.
    lock: Option<crate::lock::Lock>,
}

/// An output a build has committed, still locked: its seal is written
/// (`Committed::seal`) once the build cache that describes it is saved,
/// and no other build may change it meanwhile.
#[derive(Debug)]
pub struct Committed {
    out_dir: PathBuf,
    _lock: Option<crate::lock::Lock>,
}

impl Committed {
    /// Seals the output as left with the build cache of checksum `cache`
    /// (see [`seal`]).
    pub fn seal(self, cache: u64) -> Result<()> {
        seal::write(&self.out_dir, cache)
    }
}

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// No file was there: it is added on commit.
    New,
    /// A file warraq wrote before held other bytes: replaced on commit.
    Changed,
    /// Nothing to do: the file holds these bytes already (or is one warraq
    /// did not write, which makes the commit fail instead of overwriting it).
    Unchanged,
}

impl Staging {
    /// Opens `out_dir` for a build: creates it when missing, adopts an empty
    /// folder, refuses a folder warraq did not write, and waits for any other
    /// build writing it.
    pub fn begin(out_dir: &Path, plan: Plan) -> Result<Staging> {
        let created = match fs::metadata(out_dir) {
            Ok(m) if m.is_dir() => false,
            Ok(_) => return Err(Error::at(out_dir, "the output path exists and is not a folder: choose another --output")),
            Err(_) if out_dir.symlink_metadata().is_ok() => {
                return Err(Error::at(
                    out_dir,
                    "the output is a symlink to a folder that does not exist: create the folder it points to, or remove the link",
                ))
            }
            Err(_) => {
                fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, e))?;
                true
            }
        };
        let lock = crate::lock::output(out_dir)?;
        let book = out_dir.join(crate::layout::OUTPUT_BOOK_DIR);
        let manifest = read_manifest(&book.join(MANIFEST))?;
        let empty = holds_nothing(out_dir)?;
        if manifest.is_none() && !empty {
            return Err(not_ours(out_dir));
        }
        let owned = manifest.unwrap_or_default();
        let staging_dir = book.join(STAGING);
        if staging_dir.exists() {
            // A killed build's staging files: warraq's own, never moved in.
            fs::remove_dir_all(&staging_dir).map_err(|e| Error::io(&staging_dir, e))?;
        }
        let direct = owned.is_empty() && empty;
        if direct {
            // Written into straight away.
            seal::breach(&book)?;
        }
        let staging = Staging {
            out_dir: out_dir.to_path_buf(),
            book,
            owned,
            direct,
            created,
            plan,
            staged: Mutex::new(Vec::new()),
            next: AtomicUsize::new(0),
            foreign: Mutex::new(Vec::new()),
            committed: false,
            lock: Some(lock),
        };
        if let (true, Plan::Exactly(paths)) = (direct, &staging.plan) {
            // Listed before the first file is written: whatever a killed
            // build leaves behind is known to the next one as warraq's.
            staging.write_manifest(paths.iter().map(String::as_str))?;
        }
        Ok(staging)
    }

    /// Stages `bytes` at output path `rel`; a file already holding them is
    /// left alone.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<Written> {
        self.write_seen(rel, bytes).map(|(written, _)| written)
    }

    /// [`Staging::write`], with the metadata of the file that stands at
    /// `rel` once the build is committed (a rename keeps it), read from the
    /// open file as it was written or found to hold the bytes already: a
    /// build cache records it without walking each path again (at a
    /// million articles, looking 1.76 million files up after the commit
    /// was 40 s of a first build). `None` for a file warraq did not write,
    /// which the commit refuses.
    pub fn write_seen(&self, rel: &str, bytes: &[u8]) -> Result<(Written, Option<fs::Metadata>)> {
        if rel.contains(['\n', '\r']) || rel.split('/').next() == Some(crate::layout::OUTPUT_BOOK_DIR) {
            return Err(Error::new(format!(
                "{rel:?}: an output file name cannot hold a line break or start with {}",
                crate::layout::OUTPUT_BOOK_DIR
            )));
        }
        let target = self.out_dir.join(rel);
        if self.direct {
            let meta = write_creating_dirs(&target, bytes)?;
            if matches!(self.plan, Plan::Adding) {
                self.staged.lock().unwrap_or_else(|e| e.into_inner()).push((rel.to_string(), PathBuf::new(), false));
            }
            return Ok((Written::New, Some(meta)));
        }
        let old = same_bytes(&target, bytes);
        if old.is_some() && !self.owned.contains(rel) {
            self.foreign.lock().unwrap_or_else(|e| e.into_inner()).push(rel.to_string());
            return Ok((Written::Unchanged, None));
        }
        if let Some((true, meta)) = old {
            return Ok((Written::Unchanged, Some(meta)));
        }
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let file = self.book.join(STAGING).join((n / PER_STAGING_DIR).to_string()).join(n.to_string());
        let meta = write_creating_dirs(&file, bytes)?;
        self.staged.lock().unwrap_or_else(|e| e.into_inner()).push((rel.to_string(), file, old.is_some()));
        Ok((if old.is_some() { Written::Changed } else { Written::New }, Some(meta)))
    }

    /// The output folder.
    pub fn out_dir(&self) -> &Path {
        &self.out_dir
    }

    /// Whether the output is locked (not on a file system that cannot
    /// lock): only then is what a build reads of it still so when it
    /// commits.
    pub fn locked(&self) -> bool {
        self.lock.as_ref().is_some_and(crate::lock::Lock::held)
    }

    /// Stages a copy of the file at `src` (site static files).
    pub fn copy(&self, rel: &str, src: &Path) -> Result<Written> {
        let bytes = fs::read(src).map_err(|e| Error::io(src, e))?;
        self.write(rel, &bytes)
    }

    /// Applies the build to the output: moves the staged files in, deletes
    /// the last build's files that this one no longer has, records the new
    /// manifest. Refuses (changing nothing) when a file warraq did not write
    /// stands where the site now has one. A commit that changes anything
    /// breaks the output's seal first ([`seal`]).
    pub fn commit(mut self) -> Result<Committed> {
        let mut foreign = std::mem::take(&mut *self.foreign.lock().unwrap_or_else(|e| e.into_inner()));
        let staged = std::mem::take(&mut *self.staged.lock().unwrap_or_else(|e| e.into_inner()));
        if self.direct {
            // The manifest of a plan was written before the first file.
            if matches!(self.plan, Plan::Adding) {
                self.write_manifest(staged.iter().map(|(rel, ..)| rel.as_str()))?;
            }
            return Ok(self.committed());
        }
        // Borrowed: at a million articles the output's paths are 1.9
        // million, and copies of them were 0.3 GB.
        let target = Sorted::new(match &self.plan {
            Plan::Exactly(paths) => paths.iter().map(String::as_str).collect(),
            Plan::Adding => self.owned.iter().chain(staged.iter().map(|(rel, ..)| rel.as_str())).collect(),
        });
        let within_owned = missing_from(target.iter(), self.owned.iter()).is_empty();
        // What stands where a new file goes: the last build's files that
        // this one no longer has are cleared; anything else is refused.
        let mut obstacles = Vec::new();
        for (rel, _, was_file) in &staged {
            if !was_file {
                self.obstacles(rel, &target, &mut obstacles, &mut foreign);
            }
        }
        if !foreign.is_empty() {
            return Err(self.foreign_error(foreign));
        }
        let stale: Vec<&str> = match self.plan {
            Plan::Exactly(_) => missing_from(self.owned.iter(), target.iter()),
            Plan::Adding => Vec::new(),
        };
        if !staged.is_empty() || !stale.is_empty() || !within_owned {
            seal::breach(&self.book)?;
        }
        if !within_owned {
            self.write_manifest(self.owned.iter().chain(target.iter()))?;
        }
        for path in &obstacles {
            let full = self.out_dir.join(path);
            let removed = if full.is_dir() { fs::remove_dir_all(&full) } else { fs::remove_file(&full) };
            removed.map_err(|e| Error::io(&full, e))?;
        }
        // In parallel: a rename that replaces a file also frees the old
        // one's inode, which takes the file system a while; folders are
        // locked one by one, so both cores keep busy.
        staged.par_iter().try_for_each(|(rel, file, _)| {
            let dest = self.out_dir.join(rel);
            let moved = fs::rename(file, &dest).or_else(|e| match dest.parent() {
                Some(dir) if e.kind() == std::io::ErrorKind::NotFound => {
                    fs::create_dir_all(dir).and_then(|()| fs::rename(file, &dest))
                }
                _ => Err(e),
            });
            moved.map_err(|e| partly(&dest, e))
        })?;
        self.delete_stale(&stale)?;
        if !within_owned || target.len() != self.owned.len() {
            self.write_manifest(target.iter())?;
        }
        let _ = fs::remove_dir_all(self.book.join(STAGING));
        Ok(self.committed())
    }

    fn committed(&mut self) -> Committed {
        self.committed = true;
        Committed { out_dir: self.out_dir.clone(), _lock: self.lock.take() }
    }

    /// Adds to `clear` what must go before `rel` can be written: a file of
    /// the last build where a folder now goes, or a folder holding only the
    /// last build's files where a file now goes. Anything else there was not
    /// written by warraq and is added to `foreign`.
    fn obstacles(&self, rel: &str, target: &Sorted<'_>, clear: &mut Vec<String>, foreign: &mut Vec<String>) {
        let stale = |p: &str| self.owned.contains(p) && !target.contains(p);
        let mut prefix = String::new();
        for part in rel.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            let Ok(meta) = fs::metadata(self.out_dir.join(&prefix)) else { return };
            let is_last = prefix.len() == rel.len();
            match (meta.is_dir(), is_last) {
                (true, false) => continue,
                // Its own file, unreadable a moment ago: the rename replaces it.
                (false, true) if self.owned.contains(&prefix) => {}
                (false, _) if stale(&prefix) => clear.push(prefix.clone()),
                (true, true) if self.only_stale_under(&prefix, &stale) => clear.push(prefix.clone()),
                _ => foreign.push(prefix.clone()),
            }
            return;
        }
    }

    /// Whether every file under output folder `dir` is one `stale` accepts.
    fn only_stale_under(&self, dir: &str, stale: &dyn Fn(&str) -> bool) -> bool {
        walkdir::WalkDir::new(self.out_dir.join(dir)).into_iter().all(|e| {
            e.is_ok_and(|e| e.file_type().is_dir() || stale(&crate::content::relative(&self.out_dir, e.path())))
        })
    }

    /// Deletes `stale` files and then the folders they leave empty.
    fn delete_stale(&self, stale: &[&str]) -> Result<()> {
        let mut dirs: Vec<&str> = Vec::new();
        for rel in stale {
            let full = self.out_dir.join(rel);
            match fs::symlink_metadata(&full) {
                Ok(m) if !m.is_dir() => fs::remove_file(&full).map_err(|e| partly(&full, e))?,
                _ => {}
            }
            let mut dir = Path::new(rel).parent();
            while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
                dirs.push(d.to_str().unwrap_or_default());
                dir = d.parent();
            }
        }
        // Deepest first; a folder that still holds something stays.
        dirs.sort_by_key(|d| std::cmp::Reverse((d.matches('/').count(), *d)));
        dirs.dedup();
        for d in dirs {
            let _ = fs::remove_dir(self.out_dir.join(d));
        }
        Ok(())
    }

    fn write_manifest<'p>(&self, paths: impl Iterator<Item = &'p str>) -> Result<()> {
        let mut sorted: Vec<&str> = paths.collect();
        sorted.par_sort_unstable();
        // A file staged twice (the preview server's `Adding`) is listed once.
        sorted.dedup();
        let path = self.book.join(MANIFEST);
        // Written as it is made: 0.2 GB at a million articles.
        crate::atomic::write_with(&path, |file| {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
            writeln!(out, "{MANIFEST_HEADER}")?;
            for p in sorted {
                writeln!(out, "{p}")?;
            }
            out.flush()
        })
        .map_err(|e| Error::io(&path, e))
    }

    fn foreign_error(&self, mut paths: Vec<String>) -> Error {
        paths.sort();
        paths.dedup();
        let shown: Vec<String> = paths.iter().take(5).map(|p| self.out_dir.join(p).display().to_string()).collect();
        let more = if paths.len() > 5 { format!(" and {} more", paths.len() - 5) } else { String::new() };
        Error::new(format!(
            "{}{more}: not written by warraq, and the site now has a file there; warraq never replaces or deletes \
             what it did not write: move it out of {} (to publish a file of your own, put it in static/), then \
             build again; nothing was changed",
            shown.join(", "),
            self.out_dir.display()
        ))
    }
}

impl Drop for Staging {
    /// A build that did not commit leaves the output as it was: its staging
    /// files are deleted; in a first build, so is what it wrote.
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        if !self.direct {
            let _ = fs::remove_dir_all(self.book.join(STAGING));
            return;
        }
        // The folder held nothing of anyone's: every file at a path of the
        // plan is this build's.
        let staged = std::mem::take(&mut *self.staged.lock().unwrap_or_else(|e| e.into_inner()));
        let written: Vec<&str> = match &self.plan {
            Plan::Exactly(paths) => paths.iter().map(String::as_str).collect(),
            Plan::Adding => staged.iter().map(|(rel, ..)| rel.as_str()).collect(),
        };
        let _ = self.delete_stale(&written);
        let _ = fs::remove_dir_all(&self.book);
        if self.created {
            let _ = fs::remove_dir(&self.out_dir);
        }
    }
}

/// The list in a manifest file; `None` when there is none.
fn read_manifest(path: &Path) -> Result<Option<Listed>> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut lines = text.lines();
    if lines.next() != Some(MANIFEST_HEADER) {
        return Err(Error::at(
            path,
            "is not a warraq output manifest: warraq will not write into this folder; choose another --output",
        ));
    }
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        // `lines` gives slices of `text`: where each begins is its offset.
        spans.push((line.as_ptr() as usize - text.as_ptr() as usize, line.len()));
    }
    Ok(Some(Listed::new(text, spans)))
}

/// The files a manifest lists, kept as its text: a set of strings was 0.3
/// GB at a million articles' 1.9 million files, the text 0.2 GB. Lines are
/// looked up by binary search in the order of their text; each line's
/// length is kept with its start, as finding a line's end at every step
/// of every search was a second's work per build at 100,000 articles.
#[derive(Default)]
struct Listed {
    text: String,
    /// Where each listed path starts in `text` and its length, in the order
    /// of the paths, each once.
    spans: Vec<(usize, usize)>,
}

impl Listed {
    fn new(text: String, mut spans: Vec<(usize, usize)>) -> Listed {
        let line = |&(start, len): &(usize, usize)| &text[start..start + len];
        // The manifest is written sorted: sorting it again costs a pass.
        spans.sort_by(|a, b| line(a).cmp(line(b)));
        spans.dedup_by(|a, b| line(a) == line(b));
        Listed { text, spans }
    }

    fn line(&self, (start, len): (usize, usize)) -> &str {
        &self.text[start..start + len]
    }

    fn contains(&self, path: &str) -> bool {
        self.spans.binary_search_by(|&s| self.line(s).cmp(path)).is_ok()
    }

    fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.spans.iter().map(|&s| self.line(s))
    }

    fn len(&self) -> usize {
        self.spans.len()
    }

    fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

/// The paths a build leaves in its output, sorted and each once: compared
/// with the manifest's (sorted too) in one pass. Looking 1.9 million paths
/// up in the manifest one by one, and its 1.9 million in a set of these,
/// was 7.7 s of a build with nothing to write at a million articles.
struct Sorted<'p>(Vec<&'p str>);

impl<'p> Sorted<'p> {
    fn new(mut paths: Vec<&'p str>) -> Sorted<'p> {
        paths.par_sort_unstable();
        paths.dedup();
        Sorted(paths)
    }

    fn contains(&self, path: &str) -> bool {
        self.0.binary_search(&path).is_ok()
    }

    fn iter(&self) -> impl Iterator<Item = &'p str> + '_ {
        self.0.iter().copied()
    }

    fn len(&self) -> usize {
        self.0.len()
    }
}

/// The paths of `these` that `those` lacks, both sorted (`str` order) with
/// no repeats, in one pass over both.
fn missing_from<'a, 'b>(these: impl Iterator<Item = &'a str>, those: impl Iterator<Item = &'b str>) -> Vec<&'a str> {
    let mut those = those.peekable();
    these
        .filter(|p| {
            while those.next_if(|q| q < p).is_some() {}
            those.next_if(|q| q == p).is_none()
        })
        .collect()
}

/// Whether `dir` holds nothing but warraq's own folder.
fn holds_nothing(dir: &Path) -> Result<bool> {
    let mut entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    Ok(entries.all(|e| e.is_ok_and(|e| e.file_name() == crate::layout::OUTPUT_BOOK_DIR)))
}

/// The refusal of a folder warraq did not write, with what to do.
fn not_ours(dir: &Path) -> Error {
    let by_old_warraq = fs::read_to_string(dir.join("atom.xml")).is_ok_and(|feed| feed.contains(">warraq</generator>"));
    let why = if by_old_warraq {
        "was written by an earlier warraq, which did not mark the folders it owns: delete it (and any \
         .NAME.spare, .NAME.staging or .NAME.previous folder beside it) and build again"
    } else {
        "is not empty and was not written by warraq (it has no .warraq/manifest); warraq replaces and deletes \
         files in its output, so it will not write here: choose an empty or new folder with --output, or empty \
         this one"
    };
    Error::at(dir, format!("{why}; nothing was changed"))
}

/// An error after some files already moved in.
fn partly(path: &Path, e: std::io::Error) -> Error {
    let mut err = Error::io(path, e);
    err.message.push_str(": the output is partly updated (every file in it is whole): build again to finish");
    err
}

fn write_creating_dirs(path: &Path, bytes: &[u8]) -> Result<fs::Metadata> {
    let write = || -> std::io::Result<fs::Metadata> {
        let mut file = fs::File::create(path)?;
        file.write_all(bytes)?;
        file.metadata()
    };
    match write() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let dir = path.parent().unwrap_or(Path::new("."));
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            write().map_err(|e| Error::io(path, e))
        }
        r => r.map_err(|e| Error::io(path, e)),
    }
}

/// Whether the file at `path` holds exactly `bytes`, with its metadata;
/// `None` when there is no regular file there. Compares sizes first so most
/// changes cost no read; then reads in chunks into a small per-thread
/// buffer, stopping at the first difference, so no copy of the file is kept.
fn same_bytes(path: &Path, bytes: &[u8]) -> Option<(bool, fs::Metadata)> {
    let mut f = fs::File::open(path).ok()?;
    let meta = f.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    if meta.len() != bytes.len() as u64 {
        return Some((false, meta));
    }
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0; 64 * 1024]);
    }
    let same = BUF.with_borrow_mut(|buf| {
        let mut rest = bytes;
        loop {
            let n = match f.read(buf) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => return None,
            };
            if n == 0 {
                return Some(rest.is_empty());
            }
            if n > rest.len() || buf[..n] != rest[..n] {
                return Some(false);
            }
            rest = &rest[n..];
        }
    })?;
    Some((same, meta))
}

#[cfg(test)]
mod tests;
