//! One warraq at a time: exclusive locks on a site and on an output folder.
//!
//! Two builds writing one output at once used to leave it missing hundreds of
//! pages while both said they succeeded. Every command that writes takes the
//! site's lock (`build`, `ingest`, each rebuild of `serve`) and every build
//! takes its output folder's lock; a second one waits for the first, saying
//! so. The locks are advisory `flock`s on the directories themselves, so no
//! lock file is left behind, and the kernel releases them when a process
//! dies, so a killed build never leaves a stale lock.

use crate::error::{Error, Result};
use std::fs::{File, TryLockError};
use std::path::Path;

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct Lock {
    file: Option<File>,
}

impl Lock {
    /// Whether the lock is held: `false` on a file system that cannot lock.
    pub fn held(&self) -> bool {
        self.file.is_some()
    }
}

/// Locks the site directory `site_dir` for a command that writes to it.
pub fn site(site_dir: &Path) -> Result<Lock> {
    exclusive(site_dir, "another warraq (build, ingest or serve) is working on this site")
}

/// Locks the output directory `dir` (which must exist) for a build.
pub fn output(dir: &Path) -> Result<Lock> {
    exclusive(dir, "another warraq build is writing this output folder")
}

/// Takes an exclusive lock on directory `dir`, waiting (with a message on
/// standard error) while another process holds it. A file system that
/// cannot lock (some network mounts) gets a warning, not a failure.
fn exclusive(dir: &Path, holder: &str) -> Result<Lock> {
    let file = File::open(dir).map_err(|e| Error::io(dir, e))?;
    match file.try_lock() {
        Ok(()) => Ok(Lock { file: Some(file) }),
        Err(TryLockError::WouldBlock) => {
            crate::errln!("waiting: {holder} ({}); it will go on when that one ends", dir.display());
            file.lock().map_err(|e| Error::at(dir, format!("cannot lock: {e}")))?;
            Ok(Lock { file: Some(file) })
        }
        Err(TryLockError::Error(e)) => {
            crate::messages::warning(Error::at(
                dir,
                format!("cannot lock ({e}): make sure no other warraq writes here at the same time"),
            ));
            Ok(Lock { file: None })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = output(dir.path()).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let path = dir.path().to_path_buf();
        let waiter = std::thread::spawn(move || {
            let _second = output(&path).unwrap();
            tx.send(()).unwrap();
        });
        // The second lock is not granted while the first is held...
        assert!(rx.recv_timeout(std::time::Duration::from_millis(200)).is_err());
        drop(first);
        // ...and is granted once it is released.
        rx.recv_timeout(std::time::Duration::from_secs(10)).expect("the waiting lock is granted");
        waiter.join().unwrap();
    }
}
