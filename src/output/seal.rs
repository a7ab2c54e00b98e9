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
//! - a build by a warraq that knows no seal (an older one): any build that
//!   changes the output stages files in, or rewrites the manifest of,
//!   warraq's folder `.warraq/`, whose time the seal lists (the seal itself
//!   lives one folder further down, so writing it leaves that time alone);
//! - files added, deleted or moved by hand in the output's folders two
//!   levels down (`rm -rf public/*`, an article's folder removed, a tag's
//!   page added): the seal lists those folders with their modification
//!   times, which any of these changes.
//!
//! What `--trust-output` trusts, then, is that no file was edited in place
//! by hand, anywhere, and that no file was added, deleted or moved by hand
//! inside a folder three or more levels down (an article's own folder,
//! `2023/09/slug/`). The seal is `.warraq/seal/v1`, text:
//!
//! ```text
//! # warraq output seal v1: …
//! cache <the cache file's checksum, 16 hex digits>
//! <mtime seconds> <nanoseconds> <folder, relative; "." for the output>
//! ```

use crate::error::{Error, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// The seal's folder in the output's `.warraq/`, and its file there.
const DIR: &str = "seal";
const FILE: &str = "v1";
const HEADER: &str = "# warraq output seal v1: the build cache this output was left with, and its folders' \
                      modification times (two levels down, and warraq's own)";
/// How deep the listed folders go: the years and months of the archive,
/// the tags' folders; not each article's (a million of them).
const DEPTH: usize = 2;

/// The checksum of the build cache the output at `out_dir` was left with,
/// when its seal is whole and no folder it lists changed since; `None`
/// otherwise (no seal, a broken one, a folder added, removed or changed).
pub fn read(out_dir: &Path) -> Option<u64> {
    let text = fs::read_to_string(seal_file(out_dir)).ok()?;
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return None;
    }
    let cache = u64::from_str_radix(lines.next()?.strip_prefix("cache ")?, 16).ok()?;
    let listed: Vec<(i64, u32, &str)> = lines.map(folder_line).collect::<Option<_>>()?;
    // The output and warraq's folder are always listed: without them, no seal.
    let names: Vec<&str> = listed.iter().take(2).map(|&(.., rel)| rel).collect();
    if names != [".", crate::layout::OUTPUT_BOOK_DIR] {
        return None;
    }
    let unchanged = listed.iter().all(|&(secs, nanos, rel)| {
        let now = folder(&out_dir.join(rel)).ok().and_then(|m| crate::cache::modified(&m));
        // A restore that keeps whole seconds only, as for a file's stamp.
        now.is_some_and(|(s, n)| s == secs && (n == nanos || n == 0))
    });
    unchanged.then_some(cache)
}

/// Seals the output at `out_dir` as left with the build cache of checksum
/// `cache`: lists its folders as they are now.
pub(super) fn write(out_dir: &Path, cache: u64) -> Result<()> {
    let book = out_dir.join(crate::layout::OUTPUT_BOOK_DIR);
    let dir = book.join(DIR);
    if fs::symlink_metadata(&dir).is_ok_and(|m| !m.is_dir()) {
        // Not a folder warraq made: left alone, and the output unsealed.
        return Err(Error::at(&dir, "is not warraq's seal folder: remove it to let builds seal the output"));
    }
    // Made before warraq's folder's time is taken: that time is listed.
    fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut text = format!("{HEADER}\ncache {cache:016x}\n");
    let mut listed = vec![(".".to_string(), out_dir.to_path_buf())];
    listed.push((crate::layout::OUTPUT_BOOK_DIR.to_string(), book.clone()));
    let folders = walkdir::WalkDir::new(out_dir)
        .min_depth(1)
        .max_depth(DEPTH)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() != 1 || e.file_name() != crate::layout::OUTPUT_BOOK_DIR);
    for entry in folders {
        let entry = entry.map_err(|e| Error::new(format!("cannot list the output's folders: {e}")))?;
        let rel = entry.path().strip_prefix(out_dir).ok().and_then(Path::to_str).map(str::to_string);
        match rel {
            // A name warraq never writes (not UTF-8, or with a line break)
            // is not listed; the time of the folder holding it still is.
            Some(rel) if entry.file_type().is_dir() && !rel.contains(['\n', '\r']) => {
                listed.push((rel, entry.into_path()))
            }
            _ => {}
        }
    }
    for (rel, path) in listed {
        let meta = folder(&path).map_err(|e| Error::io(&path, e))?;
        let Some((secs, nanos)) = crate::cache::modified(&meta) else { return breach(&book) };
        text.push_str(&format!("{secs} {nanos} {rel}\n"));
    }
    let path = dir.join(FILE);
    // A build that changed nothing leaves the output untouched.
    if fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    crate::atomic::write(&path, text.as_bytes()).map_err(|e| Error::io(&path, e))
}

/// Breaks the seal of the output whose warraq folder is `book`, before a
/// build changes anything in it.
pub(super) fn breach(book: &Path) -> Result<()> {
    let path = book.join(DIR).join(FILE);
    match fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound && e.kind() != std::io::ErrorKind::NotADirectory => {
            Err(Error::io(&path, e))
        }
        _ => Ok(()),
    }
}

fn seal_file(out_dir: &Path) -> PathBuf {
    out_dir.join(crate::layout::OUTPUT_BOOK_DIR).join(DIR).join(FILE)
}

fn folder_line(line: &str) -> Option<(i64, u32, &str)> {
    let mut parts = line.splitn(3, ' ');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?))
}

/// The metadata of a listed folder: followed through a symlink (an output
/// may be one; a link further down is not a folder warraq made and is not
/// listed, so it is found changed if one stands there now).
fn folder(path: &Path) -> std::io::Result<fs::Metadata> {
    fs::metadata(path).and_then(|m| if m.is_dir() { Ok(m) } else { Err(std::io::ErrorKind::NotADirectory.into()) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Committed, Plan, Staging};
    use std::time::{Duration, UNIX_EPOCH};

    /// A build of exactly `files` into `out`, committed.
    fn commit(out: &Path, files: &[(&str, &str)]) -> Committed {
        let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
        let staging = Staging::begin(out, Plan::Exactly(paths.into())).unwrap();
        for (path, text) in files {
            staging.write(path, text.as_bytes()).unwrap();
        }
        staging.commit().unwrap()
    }

    /// Seals `out` with its folders' times set a day back, so that any
    /// change after it gives a folder another time even where the clock
    /// ticks coarsely.
    fn seal_aged(out: &Path, cache: u64) {
        let day_back = std::time::SystemTime::now() - Duration::from_secs(86_400);
        let folders = walkdir::WalkDir::new(out).max_depth(DEPTH).into_iter().map(|e| e.unwrap());
        for entry in folders.filter(|e| e.file_type().is_dir()) {
            fs::File::open(entry.path()).unwrap().set_modified(day_back).unwrap();
        }
        write(out, cache).unwrap();
        fs::File::open(out.join(crate::layout::OUTPUT_BOOK_DIR)).unwrap().set_modified(day_back).unwrap();
        write(out, cache).unwrap();
        assert_eq!(read(out), Some(cache));
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

        seal_aged(&out, 8);
        fs::write(out.join("2023/09/a/index.html"), "edited in place").unwrap();
        fs::remove_file(out.join("2023/09/a/index.html")).unwrap();
        assert_eq!(read(&out), Some(8), "inside an article's folder: what --trust-output trusts");
        fs::write(out.join("2023/09/a/index.html"), "A").unwrap();
        fs::write(out.join("tags/x/notes.txt"), "added").unwrap();
        assert_eq!(read(&out), None, "a file added two folders down");
        seal_aged(&out, 9);
        fs::remove_dir_all(out.join("2023/09/a")).unwrap();
        assert_eq!(read(&out), None, "an article's folder removed");
        seal_aged(&out, 10);
        fs::remove_file(out.join("index.html")).unwrap();
        assert_eq!(read(&out), None, "a file of the output's own folder removed");
        seal_aged(&out, 11);
        // What any build that changes the output does, warraq with or
        // without a seal: stage files in warraq's folder.
        fs::create_dir(out.join(".warraq/staging")).unwrap();
        fs::remove_dir(out.join(".warraq/staging")).unwrap();
        assert_eq!(read(&out), None, "a build by a warraq that knows no seal");
        seal_aged(&out, 12);

        // Restored by an archiver that keeps whole seconds: still whole;
        // another second is another folder.
        let month = fs::File::open(out.join("2023/09")).unwrap();
        let (secs, _) = crate::cache::modified(&month.metadata().unwrap()).unwrap();
        let second = UNIX_EPOCH + Duration::from_secs(secs as u64);
        month.set_modified(second).unwrap();
        assert_eq!(read(&out), Some(12), "whole seconds");
        month.set_modified(second + Duration::from_secs(1)).unwrap();
        assert_eq!(read(&out), None, "another second");

        write(&out, 13).unwrap();
        let text = fs::read_to_string(seal_file(&out)).unwrap();
        assert!(text.lines().any(|l| l.ends_with(" tags/x")) && !text.contains(" 2023/09/a\n"), "{text}");
        assert!(text.lines().any(|l| l.ends_with(" .warraq")) && !text.contains(".warraq/"), "{text}");
        fs::write(seal_file(&out), text.replacen("cache ", "cache z", 1)).unwrap();
        assert_eq!(read(&out), None, "a damaged seal");
    }

    #[test]
    fn a_commit_that_fails_partway_leaves_the_output_unsealed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        commit(&out, &[("a/b/c/index.html", "one")]).seal(7).unwrap();
        let staging = Staging::begin(&out, Plan::Exactly(vec!["a/b/c/index.html".to_string()].into())).unwrap();
        staging.write("a/b/c/index.html", b"two").unwrap();
        // Sealed again as the output now stands (staging changed warraq's
        // folder), then the staged file taken away, which no listed folder
        // shows: the commit fails at its rename. Both the seal broken
        // before it and the staging folder removed after it tell.
        write(&out, 7).unwrap();
        fs::remove_file(out.join(".warraq/staging/0/0")).unwrap();
        assert_eq!(read(&out), Some(7));
        assert!(staging.commit().is_err());
        assert_eq!(read(&out), None);
    }

    #[test]
    fn a_file_where_the_seal_folder_goes_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        drop(commit(&out, &[("index.html", "i")]));
        fs::write(out.join(".warraq/seal"), "not warraq's").unwrap();
        assert!(write(&out, 5).is_err());
        assert_eq!(read(&out), None, "unsealed: looked at file by file");
        assert_eq!(fs::read_to_string(out.join(".warraq/seal")).unwrap(), "not warraq's");
    }
}
