//! The build cache: for each page of the output, the digest of what it was
//! made of and the size and modification time its file had when written.
//!
//! A build computes every page's digest (`render::digest`); a page whose
//! digest is the recorded one, and whose file is still the one the last
//! build left (same size and modification time), is not rendered again.
//! So a scheduled run that adds a few articles to a large archive renders
//! the pages that show them and leaves the rest alone, and a build with no
//! change renders none.
//!
//! The cache can only make a build faster, never different: a page is
//! skipped only when everything its bytes depend on is as it was and the
//! file holding those bytes is untouched. A missing cache, one written by
//! another warraq binary or for another output folder, and a damaged one
//! (its checksum) are all ignored: every page is rendered, as in a cold
//! build, and the cache is written anew. It is safe to delete at any time.
//!
//! The cache folder holds one file of warraq's (`pages-v1`), replaced
//! atomically; nothing else in the folder is read, moved or removed. The
//! format, little-endian throughout:
//!
//! ```text
//! "warraq build cache\n"  magic
//! u32                     format version (1)
//! u64                     key: the binary and the output folder
//! u64                     n, the number of pages
//! n × 36 bytes            output path's hash u64, digest u64, file size u64,
//!                         mtime seconds i64, mtime nanoseconds u32
//! u64                     checksum of everything before it
//! ```
//!
//! Paths are kept as 64-bit hashes: 36 bytes a page, 40 MB for a million.

use crate::error::Error;
use crate::hash::{wide_hash, FxMap};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

const MAGIC: &[u8] = b"warraq build cache\n";
const VERSION: u32 = 1;
/// The cache's file in the cache folder (the format version in its name,
/// so an older warraq finds no file rather than one it cannot read).
pub const FILE: &str = "pages-v1";
const RECORD: usize = 36;

/// An output file as the last build left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// The page's digest (`Renderer::page_digest`).
    pub digest: u64,
    /// The file's size in bytes.
    pub len: u64,
    /// The file's modification time: seconds since 1970 and nanoseconds.
    pub secs: i64,
    /// The nanoseconds of the modification time.
    pub nanos: u32,
}

impl Stamp {
    /// The stamp of the file at `path` with `digest`, or `None` when the
    /// file cannot be read.
    pub fn of_file(path: &Path, digest: u64) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let (secs, nanos) = match meta.modified().ok()?.duration_since(UNIX_EPOCH) {
            Ok(d) => (i64::try_from(d.as_secs()).ok()?, d.subsec_nanos()),
            Err(before) => {
                let d = before.duration();
                (-i64::try_from(d.as_secs()).ok()?, d.subsec_nanos())
            }
        };
        Some(Stamp { digest, len: meta.len(), secs, nanos })
    }
}

/// The pages of the last build, by output path.
#[derive(Debug, Default)]
pub struct Pages {
    stamps: FxMap<u64, Stamp>,
}

impl Pages {
    /// The recorded stamp of output path `rel`.
    pub fn get(&self, rel: &str) -> Option<Stamp> {
        self.stamps.get(&path_key(rel)).copied()
    }

    /// Records the stamp of output path `rel`.
    pub fn insert(&mut self, rel: &str, stamp: Stamp) {
        self.stamps.insert(path_key(rel), stamp);
    }

    /// Pages recorded.
    pub fn len(&self) -> usize {
        self.stamps.len()
    }

    /// Whether no page is recorded.
    pub fn is_empty(&self) -> bool {
        self.stamps.is_empty()
    }

    /// Whether the page at output path `rel` of `out_dir`, whose digest is
    /// now `digest`, is the file the last build wrote from the same inputs.
    ///
    /// A file whose modification time has no nanoseconds matches a stamp
    /// of the same second: archivers that keep whole seconds only (GNU
    /// tar's default format; `actions/cache` keeps nanoseconds) restore an
    /// output that way, and every page would otherwise be rendered again.
    pub fn still_holds(&self, out_dir: &Path, rel: &str, digest: u64) -> bool {
        let Some(stamp) = self.get(rel).filter(|s| s.digest == digest) else { return false };
        match Stamp::of_file(&out_dir.join(rel), digest) {
            Some(now) => now == stamp || (now.nanos == 0 && now == Stamp { nanos: 0, ..stamp }),
            None => false,
        }
    }
}

/// The cache of builds into `out_dir` by this binary, kept in `dir`.
pub struct Cache {
    file: PathBuf,
    key: u64,
}

/// What opening the cache found.
pub struct Opened {
    /// The cache, to save this build's pages into.
    pub cache: Cache,
    /// The last build's pages (none when the cache was missing or stale).
    pub pages: Pages,
    /// Why the cache was not used, when it was there and could not be:
    /// a warning for the build's summary.
    pub warning: Option<Error>,
}

impl Cache {
    /// Opens the cache in `dir` for builds into `out_dir`. Never fails: a
    /// cache that cannot be used is a build without one.
    pub fn open(dir: &Path, out_dir: &Path) -> Opened {
        let file = dir.join(FILE);
        let cache = Cache { key: key(out_dir), file };
        let (pages, warning) = match std::fs::read(&cache.file) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Pages::default(), None),
            Err(e) => {
                let why = Error::io(&cache.file, e).message;
                let message = format!("the build cache could not be read ({why}); every page was rendered");
                (Pages::default(), Some(Error::at(&cache.file, message)))
            }
            Ok(bytes) => match decode(&bytes) {
                Some((key, pages)) if key == cache.key => (pages, None),
                // Another binary or output folder: silently stale.
                Some(_) => (Pages::default(), None),
                None => (
                    Pages::default(),
                    Some(Error::at(
                        &cache.file,
                        "the build cache is damaged and was not used; every page was rendered, and the cache was \
                         written anew",
                    )),
                ),
            },
        };
        Opened { cache, pages, warning }
    }

    /// Replaces the cache's file with `pages` (atomically: a build killed
    /// meanwhile leaves the old cache, still true of the files it names).
    /// A failure is a warning: the site was built, and the next build
    /// renders every page again.
    pub fn save(&self, pages: &Pages) -> Result<(), Error> {
        crate::atomic::write(&self.file, &encode(self.key, pages)).map_err(|e| {
            let why = Error::io(&self.file, e).message;
            let message = format!(
                "could not write the build cache ({why}); the site was built, and the next build renders every \
                 page again: check the folder, or choose another with --cache-dir"
            );
            Error::at(&self.file, message)
        })
    }
}

/// What a cache is valid for: the running binary (its code decides every
/// byte of output) and the output folder its stamps describe.
fn key(out_dir: &Path) -> u64 {
    let binary = std::env::current_exe().ok().and_then(|exe| std::fs::read(exe).ok()).unwrap_or_default();
    let out = std::path::absolute(out_dir).unwrap_or_else(|_| out_dir.to_path_buf());
    let mut parts = Vec::with_capacity(256);
    parts.extend_from_slice(&wide_hash(&binary).to_le_bytes());
    parts.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
    parts.push(0);
    parts.extend_from_slice(out.as_os_str().as_encoded_bytes());
    wide_hash(&parts)
}

fn path_key(rel: &str) -> u64 {
    wide_hash(rel.as_bytes())
}

fn encode(key: u64, pages: &Pages) -> Vec<u8> {
    let mut out = Vec::with_capacity(MAGIC.len() + 28 + pages.len() * RECORD);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&key.to_le_bytes());
    out.extend_from_slice(&(pages.len() as u64).to_le_bytes());
    for (path, s) in &pages.stamps {
        out.extend_from_slice(&path.to_le_bytes());
        out.extend_from_slice(&s.digest.to_le_bytes());
        out.extend_from_slice(&s.len.to_le_bytes());
        out.extend_from_slice(&s.secs.to_le_bytes());
        out.extend_from_slice(&s.nanos.to_le_bytes());
    }
    let checksum = wide_hash(&out);
    out.extend_from_slice(&checksum.to_le_bytes());
    out
}

/// The key and pages of an encoded cache; `None` when it is not one whole
/// cache of this format.
fn decode(bytes: &[u8]) -> Option<(u64, Pages)> {
    let (body, checksum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    if wide_hash(body) != u64::from_le_bytes(checksum.try_into().ok()?) {
        return None;
    }
    let rest = body.strip_prefix(MAGIC)?;
    let u64_at = |b: &[u8], at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("eight bytes"));
    if rest.len() < 20 || u32::from_le_bytes(rest[..4].try_into().ok()?) != VERSION {
        return None;
    }
    let key = u64_at(rest, 4);
    let n = usize::try_from(u64_at(rest, 12)).ok()?;
    let records = &rest[20..];
    if records.len() != n.checked_mul(RECORD)? {
        return None;
    }
    let mut stamps = FxMap::default();
    stamps.reserve(n);
    for r in records.chunks_exact(RECORD) {
        let stamp = Stamp {
            digest: u64_at(r, 8),
            len: u64_at(r, 16),
            secs: u64_at(r, 24) as i64,
            nanos: u32::from_le_bytes(r[32..36].try_into().expect("four bytes")),
        };
        stamps.insert(u64_at(r, 0), stamp);
    }
    Some((key, Pages { stamps }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Pages {
        let mut pages = Pages::default();
        pages.insert("index.html", Stamp { digest: 1, len: 2, secs: 3, nanos: 4 });
        pages.insert("2023/09/أ/index.html", Stamp { digest: u64::MAX, len: 0, secs: -5, nanos: 999_999_999 });
        pages
    }

    #[test]
    fn a_cache_reads_back_what_was_written() {
        let (key, pages) = decode(&encode(7, &sample())).expect("a whole cache");
        assert_eq!(key, 7);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages.get("index.html"), Some(Stamp { digest: 1, len: 2, secs: 3, nanos: 4 }));
        assert_eq!(pages.get("2023/09/أ/index.html").map(|s| (s.digest, s.secs)), Some((u64::MAX, -5)));
        assert_eq!(pages.get("tags/index.html"), None);
    }

    #[test]
    fn a_damaged_cache_is_not_read() {
        let bytes = encode(7, &sample());
        for cut in [0, 1, MAGIC.len(), bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        for at in [0, MAGIC.len(), MAGIC.len() + 4, bytes.len() - 20, bytes.len() - 1] {
            let mut flipped = bytes.clone();
            flipped[at] ^= 1;
            assert!(decode(&flipped).is_none(), "byte {at} flipped");
        }
        let mut other_version = bytes[..bytes.len() - 8].to_vec();
        other_version[MAGIC.len()] = 2;
        let checksum = wide_hash(&other_version);
        other_version.extend_from_slice(&checksum.to_le_bytes());
        assert!(decode(&other_version).is_none(), "another format version");
    }

    #[test]
    fn a_page_is_held_only_by_the_file_it_was_written_as() {
        let dir = std::env::temp_dir().join(format!("warraq-cache-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.html"), "<p>أ</p>").unwrap();
        let mut pages = Pages::default();
        pages.insert("a.html", Stamp::of_file(&dir.join("a.html"), 42).unwrap());
        assert!(pages.still_holds(&dir, "a.html", 42));
        assert!(!pages.still_holds(&dir, "a.html", 43), "another digest");
        assert!(!pages.still_holds(&dir, "b.html", 42), "another page");
        let written = std::fs::File::options().write(true).open(dir.join("a.html")).unwrap();
        let second = std::time::UNIX_EPOCH + std::time::Duration::from_secs(pages.get("a.html").unwrap().secs as u64);
        written.set_modified(second).unwrap();
        assert!(pages.still_holds(&dir, "a.html", 42), "restored by an archiver that keeps whole seconds");
        written.set_modified(second + std::time::Duration::from_secs(1)).unwrap();
        assert!(!pages.still_holds(&dir, "a.html", 42), "another second");
        std::fs::write(dir.join("a.html"), "<p>أب</p>").unwrap();
        assert!(!pages.still_holds(&dir, "a.html", 42), "the file was changed");
        std::fs::remove_file(dir.join("a.html")).unwrap();
        assert!(!pages.still_holds(&dir, "a.html", 42), "the file is gone");
        std::fs::remove_dir(&dir).unwrap();
    }
}
