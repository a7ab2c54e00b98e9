//! Writing the output directory safely.
//!
//! A build writes into a staging directory beside the output and swaps it in
//! only when every file was written, so a failed or interrupted build leaves
//! the previous site intact. A file whose bytes did not change is hard-linked
//! from the previous output instead of rewritten, so its mtime stays and
//! deploys by rsync move only what changed.
//!
//! The superseded output is not deleted: it is kept as `.NAME.spare` and
//! becomes the next build's staging directory. Its directories are reused and
//! its unchanged files are already links to the live ones, so a rebuild
//! creates (and later frees) inodes only for what changed. Creating thousands
//! of inodes right after deleting thousands is slow on ext4 (it skips
//! recently freed inodes one by one), and a rebuild that changed nothing now
//! does neither. What the new site no longer has is pruned from the staging
//! directory before it is swapped in. The spare costs no disk beyond the
//! files that changed in the last build (everything else is a hard link).

use crate::error::{Error, Result};
use std::fs;
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct Staging {
    out_dir: PathBuf,
    staging: PathBuf,
    previous: PathBuf,
    spare: PathBuf,
    /// The staging directory is a reused spare: it may hold stale entries.
    reused: bool,
    /// There is a previous output to compare with; a first build into a new
    /// directory skips looking for an old copy of each of its files.
    had_output: bool,
    /// Paths staged by this build (only tracked when `reused`).
    staged: Mutex<Vec<String>>,
    committed: bool,
}

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    New,
    Changed,
    Unchanged,
}

impl Staging {
    /// Prepares a fresh staging directory for `out_dir`, first recovering an
    /// output left half-swapped by an interrupted build.
    pub fn begin(out_dir: &Path) -> Result<Staging> {
        let name = out_dir.file_name().and_then(|n| n.to_str()).unwrap_or("public").to_string();
        let parent = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let staging = parent.join(format!(".{name}.staging"));
        let previous = parent.join(format!(".{name}.previous"));
        let spare = parent.join(format!(".{name}.spare"));
        if !out_dir.exists() && previous.is_dir() {
            fs::rename(&previous, out_dir).map_err(|e| Error::io(&previous, e))?;
        }
        if previous.is_dir() && !spare.exists() {
            // Interrupted after the swap: what was superseded is a spare.
            fs::rename(&previous, &spare).map_err(|e| Error::io(&previous, e))?;
        }
        for stale in [&staging, &previous] {
            if stale.exists() {
                fs::remove_dir_all(stale).map_err(|e| Error::io(stale, e))?;
            }
        }
        if out_dir.exists() && !out_dir.is_dir() {
            return Err(Error::at(out_dir, "the output path exists and is not a directory"));
        }
        let reused = spare.is_dir() && fs::rename(&spare, &staging).is_ok();
        if !reused {
            if spare.exists() {
                let _ = fs::remove_dir_all(&spare);
            }
            fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        }
        Ok(Staging {
            had_output: out_dir.is_dir(),
            out_dir: out_dir.to_path_buf(),
            staging,
            previous,
            spare,
            reused,
            staged: Mutex::new(Vec::new()),
            committed: false,
        })
    }

    /// Stages `bytes` at `rel`; reuses the previous file when identical.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<Written> {
        let target = self.prepare(rel)?;
        let old = self.out_dir.join(rel);
        // What a reused staging directory already holds at `rel`.
        let existing = if self.reused { fs::symlink_metadata(&target).ok() } else { None };
        if let Some(m) = &existing {
            if m.is_dir() {
                fs::remove_dir_all(&target).map_err(|e| Error::io(&target, e))?;
            }
        }
        let existing = existing.filter(|m| !m.is_dir());
        let previous = if self.had_output { same_bytes(&old, bytes) } else { None };
        let status = match previous {
            Some(true) => {
                if let (Some(m), Ok(o)) = (&existing, fs::metadata(&old)) {
                    if m.dev() == o.dev() && m.ino() == o.ino() {
                        return Ok(Written::Unchanged); // already the live file
                    }
                }
                if existing.is_some() {
                    fs::remove_file(&target).map_err(|e| Error::io(&target, e))?;
                }
                if fs::hard_link(&old, &target).is_ok() {
                    return Ok(Written::Unchanged);
                }
                Written::Unchanged
            }
            Some(false) => Written::Changed,
            None => Written::New,
        };
        // A stale file only the spare holds is overwritten in place (its inode
        // reused); one shared with the live output (or anything else) is
        // unlinked first so the live file is never touched.
        if let Some(m) = &existing {
            if (m.nlink() > 1 || !m.is_file()) && target.symlink_metadata().is_ok() {
                fs::remove_file(&target).map_err(|e| Error::io(&target, e))?;
            }
        }
        fs::write(&target, bytes).map_err(|e| Error::io(&target, e))?;
        if status == Written::Unchanged {
            // Hard links are not possible here: keep the old mtime by hand.
            if let Ok(mtime) = fs::metadata(&old).and_then(|m| m.modified()) {
                let _ = fs::File::options().write(true).open(&target).and_then(|f| f.set_modified(mtime));
            }
        }
        Ok(status)
    }

    /// Stages a copy of the file at `src` (site static files).
    pub fn copy(&self, rel: &str, src: &Path) -> Result<Written> {
        let bytes = fs::read(src).map_err(|e| Error::io(src, e))?;
        self.write(rel, &bytes)
    }

    fn prepare(&self, rel: &str) -> Result<PathBuf> {
        let target = self.staging.join(rel);
        if self.reused {
            self.staged.lock().unwrap_or_else(|e| e.into_inner()).push(rel.to_string());
        }
        if let Some(dir) = target.parent() {
            if let Err(e) = fs::create_dir_all(dir) {
                if !self.reused {
                    return Err(Error::io(dir, e));
                }
                // A stale file where the new site has a directory.
                for ancestor in dir.ancestors().take_while(|a| *a != self.staging) {
                    if ancestor.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
                        let _ = fs::remove_file(ancestor);
                    }
                }
                fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
        }
        Ok(target)
    }

    /// Removes from a reused staging directory everything this build did
    /// not stage.
    fn prune(&self) -> Result<()> {
        let staged = std::mem::take(&mut *self.staged.lock().unwrap_or_else(|e| e.into_inner()));
        let mut keep: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
        for rel in &staged {
            let mut p = Some(Path::new(rel.as_str()));
            while let Some(q) = p.filter(|q| !q.as_os_str().is_empty()) {
                if !keep.insert(q.to_path_buf()) {
                    break;
                }
                p = q.parent();
            }
        }
        let mut walk = walkdir::WalkDir::new(&self.staging).min_depth(1).into_iter();
        while let Some(entry) = walk.next() {
            let entry = entry.map_err(|e| Error::new(format!("{}: {e}", self.staging.display())))?;
            let rel = entry.path().strip_prefix(&self.staging).unwrap_or(entry.path());
            if keep.contains(rel) {
                continue;
            }
            let path = entry.path();
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
                fs::remove_dir_all(path).map_err(|e| Error::io(path, e))?;
            } else {
                fs::remove_file(path).map_err(|e| Error::io(path, e))?;
            }
        }
        Ok(())
    }

    /// Swaps the staged site in. Only after this returns is the old output gone.
    pub fn commit(mut self) -> Result<()> {
        if self.reused {
            self.prune()?;
        }
        if self.out_dir.exists() {
            fs::rename(&self.out_dir, &self.previous).map_err(|e| Error::io(&self.out_dir, e))?;
        }
        if let Err(e) = fs::rename(&self.staging, &self.out_dir) {
            let _ = fs::rename(&self.previous, &self.out_dir);
            return Err(Error::io(&self.out_dir, e));
        }
        self.committed = true;
        // Keep the superseded output as the next build's staging directory.
        if fs::rename(&self.previous, &self.spare).is_err() {
            let _ = fs::remove_dir_all(&self.previous);
        }
        Ok(())
    }
}

impl Drop for Staging {
    /// An abandoned build keeps its staging directory as the spare for the
    /// next build (or removes it); the output stays.
    fn drop(&mut self) {
        if !self.committed && fs::rename(&self.staging, &self.spare).is_err() {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// `Some(true)` when the file at `path` holds exactly `bytes`, `None` when
/// there is no such file. Compares sizes first so most changes cost no read;
/// then reads in chunks into a small per-thread buffer, stopping at the first
/// difference, so no copy of the file is kept.
fn same_bytes(path: &Path, bytes: &[u8]) -> Option<bool> {
    let mut f = fs::File::open(path).ok()?;
    let meta = f.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    if meta.len() != bytes.len() as u64 {
        return Some(false);
    }
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0; 64 * 1024]);
    }
    BUF.with_borrow_mut(|buf| {
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_files_keep_their_inode_and_failed_builds_keep_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = Staging::begin(&out).unwrap();
        assert_eq!(s.write("a/index.html", b"one").unwrap(), Written::New);
        assert_eq!(s.write("b.txt", b"two").unwrap(), Written::New);
        s.commit().unwrap();
        let mtime = fs::metadata(out.join("a/index.html")).unwrap().modified().unwrap();

        std::thread::sleep(std::time::Duration::from_millis(20));
        let s = Staging::begin(&out).unwrap();
        assert_eq!(s.write("a/index.html", b"one").unwrap(), Written::Unchanged);
        assert_eq!(s.write("b.txt", b"TWO").unwrap(), Written::Changed);
        s.commit().unwrap();
        assert_eq!(fs::metadata(out.join("a/index.html")).unwrap().modified().unwrap(), mtime);
        assert_eq!(fs::read(out.join("b.txt")).unwrap(), b"TWO");

        let s = Staging::begin(&out).unwrap();
        s.write("c.txt", b"three").unwrap();
        drop(s); // a failed build
        assert!(!out.join("c.txt").exists());
        assert_eq!(fs::read(out.join("b.txt")).unwrap(), b"TWO");
        assert!(!dir.path().join(".public.staging").exists());
    }

    #[test]
    fn the_superseded_output_is_reused_and_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let build = |files: &[(&str, &[u8])]| {
            let s = Staging::begin(&out).unwrap();
            let statuses: Vec<Written> = files.iter().map(|(p, b)| s.write(p, b).unwrap()).collect();
            s.commit().unwrap();
            statuses
        };
        build(&[("a/index.html", b"one"), ("b/index.html", b"two"), ("gone/x.txt", b"x"), ("f", b"file")]);
        build(&[("a/index.html", b"one"), ("b/index.html", b"TWO"), ("gone/x.txt", b"x"), ("f", b"file")]);
        assert!(dir.path().join(".public.spare").is_dir(), "the superseded output is kept");
        let ino = fs::metadata(out.join("a/index.html")).unwrap().ino();
        // The third build stages into the first one's tree.
        let statuses = build(&[("a/index.html", b"one"), ("b/index.html", b"two"), ("f/index.html", b"dir now")]);
        assert_eq!(statuses, vec![Written::Unchanged, Written::Changed, Written::New]);
        assert_eq!(fs::metadata(out.join("a/index.html")).unwrap().ino(), ino, "unchanged file kept its inode");
        assert_eq!(fs::read(out.join("b/index.html")).unwrap(), b"two");
        assert_eq!(fs::read(out.join("f/index.html")).unwrap(), b"dir now");
        assert!(!out.join("gone").exists(), "what the site no longer has is pruned");
        let mut names: Vec<String> = walkdir::WalkDir::new(&out)
            .min_depth(1)
            .into_iter()
            .map(|e| e.unwrap().path().strip_prefix(&out).unwrap().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, vec!["a", "a/index.html", "b", "b/index.html", "f", "f/index.html"]);
        // The spare (second build's tree) still has its own files; the live
        // output is unaffected by staging over it.
        let statuses = build(&[("a/index.html", b"one"), ("b/index.html", b"two"), ("f", b"file again")]);
        assert_eq!(statuses, vec![Written::Unchanged, Written::Unchanged, Written::New]);
        assert_eq!(fs::read(out.join("f")).unwrap(), b"file again");
        assert_eq!(fs::read(dir.path().join(".public.spare/f/index.html")).unwrap(), b"dir now");
    }

    #[test]
    fn a_directory_that_cannot_be_made_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = Staging::begin(&out).unwrap();
        s.write("f", b"a file").unwrap();
        let err = s.write("f/index.html", b"needs f to be a directory").unwrap_err().to_string();
        assert!(err.contains(".public.staging/f"), "{err}");
        drop(s);
        assert!(!out.exists(), "nothing was swapped in");
    }

    #[test]
    fn recovers_an_interrupted_swap() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let prev = dir.path().join(".public.previous");
        fs::create_dir_all(&prev).unwrap();
        fs::write(prev.join("x"), b"old").unwrap();
        let s = Staging::begin(&out).unwrap();
        assert_eq!(s.write("x", b"old").unwrap(), Written::Unchanged);
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("x")).unwrap(), b"old");
    }
}
