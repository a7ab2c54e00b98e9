//! Writing the output directory safely.
//!
//! A build writes into a staging directory beside the output and swaps it in
//! only when every file was written, so a failed or interrupted build leaves
//! the previous site intact. A file whose bytes did not change is hard-linked
//! from the previous output instead of rewritten, so its mtime stays and
//! deploys by rsync move only what changed.

use crate::error::{Error, Result};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

pub struct Staging {
    out_dir: PathBuf,
    staging: PathBuf,
    previous: PathBuf,
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
        if !out_dir.exists() && previous.is_dir() {
            fs::rename(&previous, out_dir).map_err(|e| Error::io(&previous, e))?;
        }
        for stale in [&staging, &previous] {
            if stale.exists() {
                fs::remove_dir_all(stale).map_err(|e| Error::io(stale, e))?;
            }
        }
        if out_dir.exists() && !out_dir.is_dir() {
            return Err(Error::at(out_dir, "the output path exists and is not a directory"));
        }
        fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        Ok(Staging { out_dir: out_dir.to_path_buf(), staging, previous, committed: false })
    }

    /// Stages `bytes` at `rel`; reuses the previous file when identical.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<Written> {
        let target = self.prepare(rel)?;
        let old = self.out_dir.join(rel);
        let status = match same_bytes(&old, bytes) {
            Some(true) if fs::hard_link(&old, &target).is_ok() => return Ok(Written::Unchanged),
            Some(true) => Written::Unchanged,
            Some(false) => Written::Changed,
            None => Written::New,
        };
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
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        Ok(target)
    }

    /// Swaps the staged site in. Only after this returns is the old output gone.
    pub fn commit(mut self) -> Result<()> {
        if self.out_dir.exists() {
            fs::rename(&self.out_dir, &self.previous).map_err(|e| Error::io(&self.out_dir, e))?;
        }
        if let Err(e) = fs::rename(&self.staging, &self.out_dir) {
            let _ = fs::rename(&self.previous, &self.out_dir);
            return Err(Error::io(&self.out_dir, e));
        }
        self.committed = true;
        let _ = fs::remove_dir_all(&self.previous);
        Ok(())
    }
}

impl Drop for Staging {
    /// An abandoned build removes its staging directory; the output stays.
    fn drop(&mut self) {
        if !self.committed {
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
