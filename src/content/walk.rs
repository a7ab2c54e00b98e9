//! The walk of `content/`: every Markdown file, in the order of one walk
//! sorted by name, found by walking the folders two levels down (a year of
//! `articles/YYYY/MM/`) in parallel.

use super::relative;
use crate::error::Error;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Every Markdown file under `content/` (the inbox, hidden files and hidden
/// folders left out), sorted by path. Symlinks are followed, here as in the
/// inbox, `templates/` and `static/`; one that leads nowhere or into a loop
/// is an error naming it.
pub fn markdown_files(site_dir: &Path) -> std::result::Result<Vec<PathBuf>, Vec<Error>> {
    let root = site_dir.join(crate::layout::CONTENT_DIR);
    if !root.is_dir() {
        return Ok(Vec::new());
    }
    let found = walk_in_parallel(&root).unwrap_or_else(|| walk(&root, &root, None).unwrap_or_default());
    let (mut files, mut errors) = (Vec::new(), Vec::new());
    for entry in found {
        match entry {
            Found::File(file) => files.push(file),
            Found::Folder(_) => unreachable!("every folder is walked"),
            Found::Error(e) => errors.push(walk_error(site_dir, &e)),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// What a walk of `content/` finds, in the order of a sorted walk.
enum Found {
    File(PathBuf),
    /// A folder at the depth the walk stops at, to walk on its own.
    Folder(PathBuf),
    /// Boxed: a million found files would each hold an error's room.
    Error(Box<walkdir::Error>),
}

/// The walk of `content/` (`root`), its folders two levels down (a year,
/// a month) each walked on its own, in parallel: a million files' folders
/// read on one core took 3.4 s. (The first walk lists those folders too,
/// as walkdir reads a folder before it stops at the depth: cheap for a
/// year's folders of months.) `None` when a folder is a symlink: a walk
/// that starts at or below a link knows the folders above the link's
/// target, not those above the link, so where links are, the one walk of
/// the whole tree decides what is a loop, as it always has.
fn walk_in_parallel(root: &Path) -> Option<Vec<Found>> {
    let top = walk(root, root, Some(2))?;
    let below: Vec<Option<Vec<Found>>> = top
        .par_iter()
        .map(|found| match found {
            Found::Folder(folder) => walk(root, folder, None),
            _ => Some(Vec::new()),
        })
        .collect();
    let mut all = Vec::with_capacity(below.iter().flatten().map(Vec::len).sum::<usize>() + top.len());
    for (found, below) in top.into_iter().zip(below) {
        match found {
            Found::Folder(_) => all.extend(below?),
            other => all.push(other),
        }
    }
    Some(all)
}

/// The Markdown files under `start` (sorted, symlinks followed, hidden
/// entries and the inbox left out), and folders `depth` levels down, not
/// entered, when a depth is given. `None` when a folder below `start` is
/// a symlink and the walk does not start at `root`, or stops at a depth.
fn walk(root: &Path, start: &Path, depth: Option<usize>) -> Option<Vec<Found>> {
    let whole = start == root && depth.is_none();
    let mut walker = walkdir::WalkDir::new(start).follow_links(true).sort_by_file_name().min_depth(1);
    if let Some(depth) = depth {
        walker = walker.max_depth(depth);
    }
    let mut found = Vec::new();
    for entry in walker.into_iter().filter_entry(|e| !is_skipped(e, root)) {
        match entry {
            Ok(e) if e.file_type().is_dir() => {
                if e.path_is_symlink() && !whole {
                    return None;
                }
                if Some(e.depth()) == depth {
                    found.push(Found::Folder(e.into_path()));
                }
            }
            Ok(e) if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md") => {
                found.push(Found::File(e.into_path()))
            }
            Ok(_) => {}
            Err(e) => found.push(Found::Error(Box::new(e))),
        }
    }
    Some(found)
}

/// A failure of a folder walk, naming the path relative to `site_dir`.
pub fn walk_error(site_dir: &Path, e: &walkdir::Error) -> Error {
    let Some(path) = e.path() else { return Error::new(e.to_string()) };
    let shown = relative(site_dir, path);
    let message = if e.loop_ancestor().is_some() {
        "is a symlink that leads back into a folder that holds it (a loop): remove or fix the link".to_string()
    } else if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) && path.metadata().is_err() {
        "is a symlink to something that does not exist: remove or fix the link".to_string()
    } else {
        match e.io_error() {
            Some(io) => Error::io(&shown, std::io::Error::new(io.kind(), io.to_string())).message,
            None => e.to_string(),
        }
    };
    Error::at(shown, message)
}

/// Whether the walk of `content/` skips this entry: hidden files, and the
/// inbox, which holds raw files (a stray `notes.md` there is not an article).
pub fn is_skipped(entry: &walkdir::DirEntry, content_root: &Path) -> bool {
    is_hidden(entry.file_name())
        || (entry.file_type().is_dir() && entry.path() == content_root.join(crate::layout::INBOX_NAME))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|s| s.starts_with('.') && s.len() > 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walked(found: Vec<Found>) -> Vec<String> {
        found
            .into_iter()
            .map(|f| match f {
                Found::File(p) => p.to_string_lossy().into_owned(),
                Found::Folder(p) => format!("folder {}", p.display()),
                Found::Error(e) => format!("error {e}"),
            })
            .collect()
    }

    #[test]
    fn the_walk_in_parallel_finds_what_one_walk_finds_in_its_order() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path().join("content");
        for file in [
            "about.md",
            "articles/a.md",
            "articles/2023/01.md",
            "articles/2023/09/14-x.md",
            "articles/2023/09/02-y.md",
            "articles/2023/10/deep/er/z.md",
            "articles/2023/zz.md",
            "articles/2024/01/notes.txt",
            "articles/2024/.hidden/h.md",
            "opinion/2023/k.md",
            "inbox/raw.md",
            "b.md",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let one = walked(walk(&root, &root, None).unwrap());
        let rel: Vec<&str> = one.iter().map(|p| p.strip_prefix(root.to_str().unwrap()).unwrap()).collect();
        assert_eq!(
            rel,
            [
                "/about.md",
                "/articles/2023/01.md",
                "/articles/2023/09/02-y.md",
                "/articles/2023/09/14-x.md",
                "/articles/2023/10/deep/er/z.md",
                "/articles/2023/zz.md",
                "/articles/a.md",
                "/b.md",
                "/opinion/2023/k.md",
            ]
        );
        assert_eq!(walked(walk_in_parallel(&root).unwrap()), one);
        // A folder that is a symlink: the one walk decides (it tells loops).
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("articles/2023/09"), root.join("articles/2023/11")).unwrap();
            assert!(walk_in_parallel(&root).is_none());
            std::fs::remove_file(root.join("articles/2023/11")).unwrap();
            std::os::unix::fs::symlink(root.join("opinion"), root.join("articles/2024/01/link")).unwrap();
            assert!(walk_in_parallel(&root).is_none(), "below a folder walked on its own too");
            let files = markdown_files(site.path()).unwrap();
            assert!(files.contains(&root.join("articles/2024/01/link/2023/k.md")), "{files:?}");
        }
    }
}
