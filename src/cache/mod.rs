//! The build cache: for each page of the output, the digest of what it was
//! made of, the digest of the bytes its file holds, and the size and
//! modification time that file had when written.
//!
//! A build computes every page's digest (`render::digest`); a page whose
//! digest is the recorded one, and whose file is still the one the last
//! build left (same size and modification time), is not rendered again.
//! So a scheduled run that adds a few articles to a large archive renders
//! the pages that show them and leaves the rest alone, and a build with no
//! change renders none. A page that is rendered is compared with its file
//! by the bytes' digest when the file is still the one recorded, not by
//! reading the file back.
//!
//! The cache can only make a build faster, never different: a page is
//! skipped only when everything its bytes depend on is as it was and the
//! file holding those bytes is untouched. A missing cache, one for another
//! output folder, and a damaged one (its checksum) are all ignored: every
//! page is rendered, as in a cold build, and the cache is written anew. A
//! cache written by another warraq binary keeps its bytes' digests (a file
//! is the bytes it holds, whatever wrote it) but not its page digests (the
//! binary decides what a page's inputs render to): every page is rendered,
//! and only the files whose bytes differ are written, none read back. At a
//! million articles this took the first build after an upgrade from reading
//! 30 GB back to hashing what it renders. It is safe to delete at any time.
//!
//! The cache folder holds one file of warraq's (`pages-v2`), replaced
//! atomically, and one folder (`parts-v1`: what reading the articles'
//! texts made of each run of articles, see [`memo`]); nothing else in the
//! folder is read, moved or removed, but for the file of the format before
//! (`pages-v1`, when it begins as a cache does). The pages' format,
//! little-endian throughout:
//!
//! ```text
//! "warraq build cache\n"  magic
//! u32                     format version (2)
//! u64                     the binary's key (`binary_key`)
//! u64                     the output folder's key
//! u64                     n, the number of pages
//! n × 44 bytes            output path's hash u64, page digest u64, bytes'
//!                         digest u64, file size u64, mtime seconds i64,
//!                         mtime nanoseconds u32
//! u64                     checksum of everything before it
//! ```
//!
//! Paths are kept as 64-bit hashes: 44 bytes a page, 80 MB for the 1.86
//! million files of a million articles.

pub mod memo;

use crate::error::Error;
use crate::hash::{wide_hash, FxMap};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

const MAGIC: &[u8] = b"warraq build cache\n";
const VERSION: u32 = 2;
/// The cache's file in the cache folder (the format version in its name,
/// so an older warraq finds no file rather than one it cannot read).
pub const FILE: &str = "pages-v2";
/// The file of the format before, removed when the cache is saved.
const FORMER_FILE: &str = "pages-v1";
const RECORD: usize = 44;

/// An output file as the last build left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// The page's digest (`Renderer::page_digest`); for a file without
    /// one (feeds, the search index's lists), its bytes' digest.
    pub digest: u64,
    /// The digest of the bytes the file holds (`hash::wide_hash`).
    pub bytes: u64,
    /// The file's size in bytes.
    pub len: u64,
    /// The file's modification time: seconds since 1970 and nanoseconds.
    pub secs: i64,
    /// The nanoseconds of the modification time.
    pub nanos: u32,
}

impl Stamp {
    /// The stamp of the file at `path`, made with `digest` and holding
    /// bytes of digest `bytes`, or `None` when the file cannot be read.
    pub fn of_file(path: &Path, digest: u64, bytes: u64) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp::new(digest, bytes, Seen::of(&meta)?))
    }

    /// The stamp of a file the file system described as `seen`.
    pub fn new(digest: u64, bytes: u64, seen: Seen) -> Stamp {
        Stamp { digest, bytes, len: seen.len, secs: seen.secs, nanos: seen.nanos }
    }

    /// Whether `now`, the file as it is, is the file this stamp recorded:
    /// the same size and modification time. A file whose modification time
    /// has no nanoseconds matches a stamp of the same second: archivers
    /// that keep whole seconds only (GNU tar's default format;
    /// `actions/cache` keeps nanoseconds) restore an output that way, and
    /// every page would otherwise be rendered again.
    fn same_file(&self, now: &Stamp) -> bool {
        let (len, secs) = (now.len == self.len, now.secs == self.secs);
        len && secs && (now.nanos == self.nanos || now.nanos == 0)
    }
}

/// What tells the file a build left from one changed since: its size and
/// modification time, as the file system gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    len: u64,
    secs: i64,
    nanos: u32,
}

impl Seen {
    /// The file `meta` describes; `None` for anything but a regular file,
    /// or a time the platform cannot give.
    pub fn of(meta: &std::fs::Metadata) -> Option<Seen> {
        if !meta.is_file() {
            return None;
        }
        let (secs, nanos) = modified(meta)?;
        Some(Seen { len: meta.len(), secs, nanos })
    }
}

/// The modification time `meta` gives, as seconds since 1970 and
/// nanoseconds; `None` when the platform cannot give it.
pub fn modified(meta: &std::fs::Metadata) -> Option<(i64, u32)> {
    match meta.modified().ok()?.duration_since(UNIX_EPOCH) {
        Ok(d) => Some((i64::try_from(d.as_secs()).ok()?, d.subsec_nanos())),
        Err(before) => {
            let d = before.duration();
            Some((-i64::try_from(d.as_secs()).ok()?, d.subsec_nanos()))
        }
    }
}

/// The pages of the last build, by output path.
#[derive(Debug, Default)]
pub struct Pages {
    stamps: FxMap<u64, Stamp>,
    /// Whether the page digests were made by this binary: when not, only
    /// the bytes' digests are of use (`holds_bytes`).
    digests_current: bool,
    /// The checksum of the cache's file these were read from: the seal of
    /// an output left as they describe it (`output::seal`).
    checksum: Option<u64>,
    /// Whether the output is taken to be as they describe it, its files
    /// not looked at (`trust_output`).
    trusted: bool,
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

    /// Whether the page digests are of this binary (`still_holds` can
    /// vouch for a page).
    pub fn digests_current(&self) -> bool {
        self.digests_current && !self.is_empty()
    }

    /// Whether the page at output path `rel` of `out_dir`, whose digest is
    /// now `digest`, is the file the last build wrote from the same inputs
    /// (by this binary).
    pub fn still_holds(&self, out_dir: &Path, rel: &str, digest: u64) -> bool {
        self.digests_current && self.file_holds(out_dir, rel, |s| s.digest == digest)
    }

    /// Whether the file at output path `rel` of `out_dir` holds bytes of
    /// digest `bytes`: it is the file the last build left, and those were
    /// its bytes. True of a cache of another binary too.
    pub fn holds_bytes(&self, out_dir: &Path, rel: &str, bytes: u64) -> bool {
        self.file_holds(out_dir, rel, |s| s.bytes == bytes)
    }

    /// Takes the output to be as these pages describe it, without looking
    /// at its files, when `seal` (the output's, `output::seal::read`) is
    /// the checksum of the cache they were read from; returns whether it
    /// is.
    pub fn trust_output(&mut self, seal: Option<u64>) -> bool {
        self.trusted = seal.is_some() && seal == self.checksum;
        self.trusted
    }

    fn file_holds(&self, out_dir: &Path, rel: &str, recorded: impl Fn(&Stamp) -> bool) -> bool {
        let Some(stamp) = self.get(rel).filter(|s| recorded(s)) else { return false };
        self.trusted
            || Stamp::of_file(&out_dir.join(rel), stamp.digest, stamp.bytes).is_some_and(|now| stamp.same_file(&now))
    }
}

/// The cache of builds into `out_dir` by this binary, kept in `dir`.
pub struct Cache {
    file: PathBuf,
    binary: u64,
    output: u64,
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
        let cache = Cache { binary: binary_key(), output: output_key(out_dir), file };
        let (pages, warning) = match std::fs::read(&cache.file) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Pages::default(), None),
            Err(e) => {
                let why = Error::io(&cache.file, e).message;
                let message = format!("the build cache could not be read ({why}); every page was rendered");
                (Pages::default(), Some(Error::at(&cache.file, message)))
            }
            Ok(bytes) => match decode(&bytes) {
                Some((keys, mut pages)) if keys.output == cache.output => {
                    // Another binary: its bytes' digests only.
                    pages.digests_current = keys.binary == cache.binary;
                    (pages, None)
                }
                // Another output folder: silently of no use.
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
    /// meanwhile leaves the old cache, still true of the files it names);
    /// returns the file's checksum, the output's seal. A failure is a
    /// warning: the site was built, and the next build renders every page
    /// again.
    pub fn save(&self, pages: &Pages) -> Result<u64, Error> {
        let keys = Keys { binary: self.binary, output: self.output };
        let (bytes, checksum) = encode(keys, pages);
        crate::atomic::write(&self.file, &bytes).map_err(|e| {
            let why = Error::io(&self.file, e).message;
            let message = format!(
                "could not write the build cache ({why}); the site was built, and the next build renders every \
                 page again: check the folder, or choose another with --cache-dir"
            );
            Error::at(&self.file, message)
        })?;
        remove_former(&self.file.with_file_name(FORMER_FILE));
        Ok(checksum)
    }
}

/// Removes the cache file of the format before, which no warraq of this
/// version reads, when it is one (it begins as a cache does): 40 MB at a
/// million articles would otherwise stay in every saved CI cache.
fn remove_former(path: &Path) {
    let mut start = [0u8; MAGIC.len()];
    let is_cache = std::fs::File::open(path).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut start));
    if is_cache.is_ok() && start == MAGIC {
        std::fs::remove_file(path).ok();
    }
}

/// What a cache was written by and for: its page digests are of use only
/// to the binary that made them (its code decides every byte of output),
/// and its stamps describe one output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Keys {
    binary: u64,
    output: u64,
}

/// The running binary's key: a digest of its file, read a block at a time
/// (a release binary with debug information is tens of megabytes), and of
/// warraq's version. A binary that cannot be read gets a key of this run
/// alone (the clock and the process), which no cache holds: its page
/// digests are never taken for another binary's.
pub fn binary_key() -> u64 {
    static KEY: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *KEY.get_or_init(read_binary_key)
}

/// [`binary_key`], read.
fn read_binary_key() -> u64 {
    let file = std::env::current_exe().and_then(std::fs::File::open);
    let binary = file.and_then(crate::hash::wide_hash_reader).unwrap_or_else(|_| {
        let now = std::time::SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        wide_hash(format!("unreadable {} {}", now.as_nanos(), std::process::id()).as_bytes())
    });
    let mut parts = binary.to_le_bytes().to_vec();
    parts.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
    wide_hash(&parts)
}

/// The output folder's key: its absolute path.
fn output_key(out_dir: &Path) -> u64 {
    let out = std::path::absolute(out_dir).unwrap_or_else(|_| out_dir.to_path_buf());
    wide_hash(out.as_os_str().as_encoded_bytes())
}

fn path_key(rel: &str) -> u64 {
    wide_hash(rel.as_bytes())
}

/// The cache's file for `pages`, and its checksum.
fn encode(keys: Keys, pages: &Pages) -> (Vec<u8>, u64) {
    let mut out = Vec::with_capacity(MAGIC.len() + 36 + pages.len() * RECORD);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&keys.binary.to_le_bytes());
    out.extend_from_slice(&keys.output.to_le_bytes());
    out.extend_from_slice(&(pages.len() as u64).to_le_bytes());
    for (path, s) in &pages.stamps {
        out.extend_from_slice(&path.to_le_bytes());
        out.extend_from_slice(&s.digest.to_le_bytes());
        out.extend_from_slice(&s.bytes.to_le_bytes());
        out.extend_from_slice(&s.len.to_le_bytes());
        out.extend_from_slice(&s.secs.to_le_bytes());
        out.extend_from_slice(&s.nanos.to_le_bytes());
    }
    let checksum = wide_hash(&out);
    out.extend_from_slice(&checksum.to_le_bytes());
    (out, checksum)
}

/// The keys and pages of an encoded cache (its digests taken as current);
/// `None` when it is not one whole cache of this format.
fn decode(bytes: &[u8]) -> Option<(Keys, Pages)> {
    let (body, checksum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    let checksum = u64::from_le_bytes(checksum.try_into().ok()?);
    if wide_hash(body) != checksum {
        return None;
    }
    let rest = body.strip_prefix(MAGIC)?;
    let u64_at = |b: &[u8], at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("eight bytes"));
    if rest.len() < 28 || u32::from_le_bytes(rest[..4].try_into().ok()?) != VERSION {
        return None;
    }
    let keys = Keys { binary: u64_at(rest, 4), output: u64_at(rest, 12) };
    let n = usize::try_from(u64_at(rest, 20)).ok()?;
    let records = &rest[28..];
    if records.len() != n.checked_mul(RECORD)? {
        return None;
    }
    let mut stamps = FxMap::default();
    stamps.reserve(n);
    for r in records.chunks_exact(RECORD) {
        let stamp = Stamp {
            digest: u64_at(r, 8),
            bytes: u64_at(r, 16),
            len: u64_at(r, 24),
            secs: u64_at(r, 32) as i64,
            nanos: u32::from_le_bytes(r[40..44].try_into().expect("four bytes")),
        };
        stamps.insert(u64_at(r, 0), stamp);
    }
    Some((keys, Pages { stamps, digests_current: true, checksum: Some(checksum), trusted: false }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: Keys = Keys { binary: 7, output: 8 };

    fn sample() -> Pages {
        let mut pages = Pages::default();
        pages.insert("index.html", Stamp { digest: 1, bytes: 6, len: 2, secs: 3, nanos: 4 });
        let stamp = Stamp { digest: u64::MAX, bytes: 0, len: 0, secs: -5, nanos: 999_999_999 };
        pages.insert("2023/09/أ/index.html", stamp);
        pages
    }

    #[test]
    fn a_cache_reads_back_what_was_written() {
        let (keys, pages) = decode(&encode(KEYS, &sample()).0).expect("a whole cache");
        assert_eq!(keys, KEYS);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages.get("index.html"), Some(Stamp { digest: 1, bytes: 6, len: 2, secs: 3, nanos: 4 }));
        assert_eq!(pages.get("2023/09/أ/index.html").map(|s| (s.digest, s.secs)), Some((u64::MAX, -5)));
        assert_eq!(pages.get("tags/index.html"), None);
    }

    #[test]
    fn a_damaged_cache_is_not_read() {
        let (bytes, _) = encode(KEYS, &sample());
        for cut in [0, 1, MAGIC.len(), bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        for at in [0, MAGIC.len(), MAGIC.len() + 4, bytes.len() - 20, bytes.len() - 1] {
            let mut flipped = bytes.clone();
            flipped[at] ^= 1;
            assert!(decode(&flipped).is_none(), "byte {at} flipped");
        }
        let mut other_version = bytes[..bytes.len() - 8].to_vec();
        other_version[MAGIC.len()] = 3;
        let checksum = wide_hash(&other_version);
        other_version.extend_from_slice(&checksum.to_le_bytes());
        assert!(decode(&other_version).is_none(), "another format version");
    }

    #[test]
    fn a_page_is_held_only_by_the_file_it_was_written_as() {
        let dir = std::env::temp_dir().join(format!("warraq-cache-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.html"), "<p>أ</p>").unwrap();
        let mut pages = Pages { digests_current: true, ..Pages::default() };
        pages.insert("a.html", Stamp::of_file(&dir.join("a.html"), 42, 7).unwrap());
        assert!(pages.still_holds(&dir, "a.html", 42));
        assert!(pages.holds_bytes(&dir, "a.html", 7));
        assert!(!pages.still_holds(&dir, "a.html", 43), "another digest");
        assert!(!pages.holds_bytes(&dir, "a.html", 42), "other bytes");
        assert!(!pages.still_holds(&dir, "b.html", 42), "another page");
        let written = std::fs::File::options().write(true).open(dir.join("a.html")).unwrap();
        let second = std::time::UNIX_EPOCH + std::time::Duration::from_secs(pages.get("a.html").unwrap().secs as u64);
        written.set_modified(second).unwrap();
        assert!(pages.still_holds(&dir, "a.html", 42), "restored by an archiver that keeps whole seconds");
        written.set_modified(second + std::time::Duration::from_secs(1)).unwrap();
        assert!(!pages.still_holds(&dir, "a.html", 42), "another second");
        assert!(!pages.holds_bytes(&dir, "a.html", 7), "another second");
        written.set_modified(second).unwrap();
        pages.digests_current = false;
        assert!(!pages.still_holds(&dir, "a.html", 42), "a digest of another binary");
        assert!(pages.holds_bytes(&dir, "a.html", 7), "bytes are bytes, whatever wrote them");
        std::fs::write(dir.join("a.html"), "<p>أب</p>").unwrap();
        assert!(!pages.holds_bytes(&dir, "a.html", 7), "the file was changed");
        std::fs::remove_file(dir.join("a.html")).unwrap();
        assert!(!pages.holds_bytes(&dir, "a.html", 7), "the file is gone");
        std::fs::remove_dir(&dir).unwrap();
    }

    #[test]
    fn a_cache_trusts_the_output_only_under_its_own_seal() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache { file: dir.path().join(FILE), binary: 1, output: 2 };
        let checksum = cache.save(&sample()).unwrap();
        let (_, mut pages) = decode(&std::fs::read(dir.path().join(FILE)).unwrap()).unwrap();
        // No file is there: only trust vouches for it.
        assert!(!pages.holds_bytes(dir.path(), "index.html", 6));
        assert!(!pages.trust_output(None), "an output without a seal");
        assert!(!pages.trust_output(Some(checksum ^ 1)), "the seal of another cache");
        assert!(!pages.holds_bytes(dir.path(), "index.html", 6));
        assert!(pages.trust_output(Some(checksum)));
        assert!(pages.holds_bytes(dir.path(), "index.html", 6), "trusted: the file is not looked at");
        assert!(pages.still_holds(dir.path(), "index.html", 1));
        assert!(!pages.holds_bytes(dir.path(), "index.html", 5), "other bytes than recorded");
        assert!(!pages.still_holds(dir.path(), "index.html", 2), "another page digest than recorded");
        assert!(!pages.holds_bytes(dir.path(), "about.html", 6), "a file not recorded");
        assert!(!Pages::default().trust_output(Some(checksum)), "no cache");
    }

    #[test]
    fn saving_removes_the_former_formats_cache_and_nothing_else() {
        let dir = std::env::temp_dir().join(format!("warraq-cache-former-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let cache = Cache { file: dir.join(FILE), binary: 1, output: 2 };
        std::fs::write(dir.join(FORMER_FILE), [MAGIC, b"\x01\0\0\0"].concat()).unwrap();
        cache.save(&sample()).unwrap();
        assert!(!dir.join(FORMER_FILE).exists(), "the old format's cache is removed");
        std::fs::write(dir.join(FORMER_FILE), "someone's notes").unwrap();
        cache.save(&sample()).unwrap();
        assert!(dir.join(FORMER_FILE).exists(), "a file that is not a cache stays");
        let (keys, pages) = decode(&std::fs::read(dir.join(FILE)).unwrap()).unwrap();
        assert_eq!((keys, pages.len()), (Keys { binary: 1, output: 2 }, 2));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
