//! The output's seal: what lets a build take the output to be as the last
//! build left it without looking at each of its files.
//!
//! A build with a cache vouches for a file only after looking at it (its
//! size and modification time, `cache::Pages::still_holds`): at a million
//! articles that is 1.76 million lookups, 20 to 100 s on a 2-core machine
//! as the kernel's caches hold more or fewer of them, more than anything
//! else a build with ten new articles does. A CI job that restores the
//! output and the cache together, and lets nothing else write the output,
//! can say so (`warraq build --trust-output`). The seal is what keeps that
//! safe against the mistakes such a job can make:
//! - an output and a cache of different builds (restored from different
//!   runs): the seal names the cache it was left with (the checksum of the
//!   cache's file), which a cache of another build does not have;
//! - a build that changed the output and was killed, or saved no cache
//!   (`--no-cache`, the preview server): a build breaks the seal before it
//!   changes anything in the output, and only a saved cache seals it again;
//! - files deleted, added or moved by hand (`rm -rf public/*`, an article's
//!   folder removed): the seal lists the output's folders two levels down
//!   with their modification times, which any of these changes.
//!
//! A file edited in place is not noticed: that is what `--trust-output`
//! trusts. The seal is `.warraq/seal`, text:
//!
//! ```text
//! # warraq output seal v1: …
//! cache <the cache file's checksum, 16 hex digits>
//! <mtime seconds> <nanoseconds> <folder, relative; "." for the output>
//! ```

use crate::error::{Error, Result};
use std::fs;
use std::path::Path;
#[cfg(test)]
use std::time::UNIX_EPOCH;

/// The seal's file in the output's `.warraq/` folder.
pub(super) const FILE: &str = "seal";
const HEADER: &str = "# warraq output seal v1: the build cache this output was left with, and its folders' \
                      modification times (two levels down)";
/// How deep the listed folders go: the years and months of the archive,
/// the tags' folders; not each article's (a million of them).
const DEPTH: usize = 2;

/// The checksum of the build cache the output at `out_dir` was left with,
/// when its seal is whole and no folder it lists changed since; `None`
/// otherwise (no seal, a broken one, a folder added, removed or changed).
pub fn read(out_dir: &Path) -> Option<u64> {
    let text = fs::read_to_string(out_dir.join(crate::layout::OUTPUT_BOOK_DIR).join(FILE)).ok()?;
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return None;
    }
    let cache = u64::from_str_radix(lines.next()?.strip_prefix("cache ")?, 16).ok()?;
    let listed: Vec<(i64, u32, &str)> = lines.map(folder_line).collect::<Option<_>>()?;
    // Folders are listed with the output first: none listed is no seal.
    if listed.first().map(|&(.., rel)| rel) != Some(".") {
        return None;
    }
    let unchanged = listed.iter().all(|&(secs, nanos, rel)| {
        let now = folder(out_dir, rel).ok().and_then(|m| crate::cache::modified(&m));
        // A restore that keeps whole seconds only, as for a file's stamp.
        now.is_some_and(|(s, n)| s == secs && (n == nanos || n == 0))
    });
    unchanged.then_some(cache)
}

/// Seals the output at `out_dir` as left with the build cache of checksum
/// `cache`: lists its folders as they are now.
pub(super) fn write(out_dir: &Path, cache: u64) -> Result<()> {
    let mut text = format!("{HEADER}\ncache {cache:016x}\n");
    let folders = walkdir::WalkDir::new(out_dir)
        .max_depth(DEPTH)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() != 1 || e.file_name() != crate::layout::OUTPUT_BOOK_DIR);
    for entry in folders {
        let entry = entry.map_err(|e| Error::new(format!("cannot seal the output: {e}")))?;
        if !entry.file_type().is_dir() && entry.depth() > 0 {
            continue;
        }
        let rel = match entry.depth() {
            0 => ".".to_string(),
            _ => crate::content::relative(out_dir, entry.path()),
        };
        if rel.contains(['\n', '\r']) {
            // Cannot be listed: such an output stays unsealed, and is
            // looked at file by file.
            return Ok(());
        }
        let meta = folder(out_dir, &rel).map_err(|e| Error::io(entry.path(), e))?;
        let Some((secs, nanos)) = crate::cache::modified(&meta) else { return Ok(()) };
        text.push_str(&format!("{secs} {nanos} {rel}\n"));
    }
    let path = out_dir.join(crate::layout::OUTPUT_BOOK_DIR).join(FILE);
    // A build that changed nothing leaves the output untouched.
    if fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    crate::atomic::write(&path, text.as_bytes()).map_err(|e| Error::io(&path, e))
}

/// Breaks the seal of the output whose warraq folder is `book`, before a
/// build changes anything in it.
pub(super) fn breach(book: &Path) -> Result<()> {
    let path = book.join(FILE);
    match fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(&path, e)),
        _ => Ok(()),
    }
}

fn folder_line(line: &str) -> Option<(i64, u32, &str)> {
    let mut parts = line.splitn(3, ' ');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?))
}

/// The metadata of listed folder `rel` of `out_dir`: the output itself
/// through a symlink (an output may be one), any other not (a link is not
/// one of warraq's folders, and is not listed).
fn folder(out_dir: &Path, rel: &str) -> std::io::Result<fs::Metadata> {
    match rel {
        "." => fs::metadata(out_dir),
        _ => fs::symlink_metadata(out_dir.join(rel)).and_then(|m| {
            if m.is_dir() {
                Ok(m)
            } else {
                Err(std::io::ErrorKind::NotADirectory.into())
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Committed, Plan, Staging};

    /// A build of exactly `files` into `out`, committed.
    fn commit(out: &Path, files: &[(&str, &str)]) -> Committed {
        let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
        let staging = Staging::begin(out, Plan::Exactly(paths.into())).unwrap();
        for (path, text) in files {
            staging.write(path, text.as_bytes()).unwrap();
        }
        staging.commit().unwrap()
    }

    #[test]
    fn a_seal_holds_until_a_build_or_a_hand_changes_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut files = [("index.html", "i"), ("2023/09/a/index.html", "a"), ("tags/x/index.html", "x")];
        assert_eq!(read(&out), None, "no output");
        commit(&out, &files).seal(7).unwrap();
        assert_eq!(read(&out), Some(7));
        drop(commit(&out, &files));
        assert_eq!(read(&out), Some(7), "a build that changed nothing keeps the seal");
        // Three folders down: only the build's breaking the seal shows it.
        files[1].1 = "A";
        drop(commit(&out, &files));
        assert_eq!(read(&out), None, "a build that changed a file breaks the seal");
        commit(&out, &files).seal(8).unwrap();
        assert_eq!(read(&out), Some(8));

        fs::write(out.join("2023/09/a/index.html"), "edited in place").unwrap();
        assert_eq!(read(&out), Some(8), "a file edited in place is what --trust-output trusts");
        fs::write(out.join("tags/x/notes.txt"), "added").unwrap();
        assert_eq!(read(&out), None, "a file added two folders down");
        write(&out, 9).unwrap();
        fs::remove_dir_all(out.join("2023/09/a")).unwrap();
        assert_eq!(read(&out), None, "an article's folder removed");
        write(&out, 10).unwrap();
        fs::remove_file(out.join("index.html")).unwrap();
        assert_eq!(read(&out), None, "a file of the output's own folder removed");
        write(&out, 11).unwrap();
        assert_eq!(read(&out), Some(11));

        // Restored by an archiver that keeps whole seconds: still whole;
        // another second is another folder.
        let month = fs::File::open(out.join("2023/09")).unwrap();
        let (secs, _) = crate::cache::modified(&month.metadata().unwrap()).unwrap();
        let second = UNIX_EPOCH + std::time::Duration::from_secs(secs as u64);
        month.set_modified(second).unwrap();
        assert_eq!(read(&out), Some(11), "whole seconds");
        month.set_modified(second + std::time::Duration::from_secs(1)).unwrap();
        assert_eq!(read(&out), None, "another second");

        write(&out, 12).unwrap();
        let seal = out.join(crate::layout::OUTPUT_BOOK_DIR).join(FILE);
        let text = fs::read_to_string(&seal).unwrap();
        assert!(text.lines().any(|l| l.ends_with(" tags/x")) && !text.contains(" 2023/09/a\n"), "{text}");
        assert!(!text.contains(".warraq"), "warraq's own folder changes with every build: {text}");
        fs::write(&seal, text.replacen("cache ", "cache z", 1)).unwrap();
        assert_eq!(read(&out), None, "a damaged seal");
    }
}
