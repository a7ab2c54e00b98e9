//! Writing a file of the user's site atomically.
//!
//! A file warraq writes inside the site (an ingested article, the record of
//! published URLs) is written as a hidden temporary file beside it and
//! renamed over it, so a reader, an editor or a killed process sees the old
//! file or the new one, never half of one. The temporary files are named
//! `.warraq-PID-N.tmp` so the next run can recognise and remove one left by
//! a run that was killed.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to `path`: a temporary file in the same folder (created
/// when missing), renamed over the target.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_with(path, |f| f.write_all(bytes))
}

/// As [`write`], with the bytes written by `fill` as they are made (a file
/// too large to hold twice: the URL record of a million articles).
pub fn write_with(path: &Path, fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>) -> std::io::Result<()> {
    static PID: OnceLock<u32> = OnceLock::new();
    let dir = path.parent().unwrap_or(Path::new("."));
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    // Short: Arabic file names are long in bytes, and names are limited to 255.
    let tmp = dir.join(format!(".warraq-{}-{n}.tmp", PID.get_or_init(std::process::id)));
    let write = || {
        let mut f = match std::fs::File::create(&tmp) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(dir)?;
                std::fs::File::create(&tmp)?
            }
            r => r?,
        };
        fill(&mut f)?;
        drop(f);
        std::fs::rename(&tmp, path)
    };
    let written = write();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Whether a file name is one of [`write`]'s temporary files.
pub fn is_temporary(name: &str) -> bool {
    let Some(middle) = name.strip_prefix(".warraq-").and_then(|n| n.strip_suffix(".tmp")) else { return false };
    middle.split_once('-').is_some_and(|(pid, n)| {
        [pid, n].iter().all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/c.md");
        write(&path, b"one").unwrap();
        write(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path().join("a/b")).unwrap().count(), 1);
        assert!(is_temporary(".warraq-123-4.tmp"));
        assert!(!is_temporary(".warraq-x-4.tmp") && !is_temporary(".notes.tmp") && !is_temporary("warraq-1-2.tmp"));
    }
}
