//! Parts of the build cache that are not pages: what a pass over every
//! article's text made of a run of articles, kept by a digest of what it
//! was made from.
//!
//! The search index reads every article's text into word ids, a run of
//! articles at a time; at a million articles that is 3.6 GB of text and a
//! fifth of a build with nothing to render. A run's words depend on its
//! articles' texts alone (and on the binary that read them), so a run whose
//! articles are as they were need not be read again. Each run's result is a
//! file of its own in the cache's `parts-v1` folder, named by that digest:
//! a build with ten new articles reads one run anew and writes one file,
//! and takes the rest from their files. Loading keeps a large archive's
//! folders of articles the same way, named by their files' stamps rather
//! than by their text, which is what it spares reading (`content::kept`).
//!
//! As with the pages, the cache can only make a build faster, never
//! different: a part is taken only when its file names the digest asked
//! for and its checksum holds; anything else is read again and the file
//! made anew. A successful build removes the parts it did not use (of
//! articles since edited or deleted, of another binary), so the folder
//! stays the size of one build's parts; it removes nothing else. A file,
//! the format little-endian:
//!
//! ```text
//! "warraq cache part\n"  magic
//! u32                    format version (1)
//! u64                    the part's key (its name's digits)
//! ...                    the part (its kind's own format)
//! u64                    checksum of everything before it
//! ```

use crate::error::Error;
use crate::hash::{wide_hash, FxBuild};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The parts' folder in the cache folder.
pub const FOLDER: &str = "parts-v1";
const MAGIC: &[u8] = b"warraq cache part\n";
const VERSION: u32 = 1;
const HEADER: usize = MAGIC.len() + 4 + 8;

/// The parts of one build's cache: those of the last builds to take, and
/// this build's to keep.
pub struct Memo {
    dir: PathBuf,
    binary: u64,
    /// Names of the files this build took or wrote: the ones to keep.
    used: Mutex<HashSet<String, FxBuild>>,
    /// The first failure to write a part, for the build's summary.
    failure: Mutex<Option<Error>>,
    /// Parts taken and parts written by this build.
    taken: AtomicUsize,
    made: AtomicUsize,
}

impl Memo {
    /// The parts kept in `cache_dir` for the binary of key `binary`
    /// (another binary's parts are never taken: its code may read the
    /// same text otherwise).
    pub fn new(cache_dir: &Path, binary: u64) -> Memo {
        let (taken, made) = (AtomicUsize::new(0), AtomicUsize::new(0));
        Memo { dir: cache_dir.join(FOLDER), binary, used: Mutex::default(), failure: Mutex::default(), taken, made }
    }

    /// The key of the part of kind `kind` (a short ASCII word naming the
    /// pass) made from inputs of digest `inputs`.
    fn key(&self, kind: &str, inputs: u64) -> u64 {
        let mut bytes = Vec::with_capacity(16 + kind.len());
        bytes.extend_from_slice(&self.binary.to_le_bytes());
        bytes.extend_from_slice(&inputs.to_le_bytes());
        bytes.extend_from_slice(kind.as_bytes());
        wide_hash(&bytes)
    }

    fn name(kind: &str, key: u64) -> String {
        format!("{kind}-{key:016x}")
    }

    /// The part of kind `kind` made from inputs of digest `inputs`, as
    /// `put` was given it, when a build of this binary kept it and its
    /// file is whole.
    pub fn get(&self, kind: &str, inputs: u64) -> Option<Vec<u8>> {
        let key = self.key(kind, inputs);
        let name = Memo::name(kind, key);
        let bytes = std::fs::read(self.dir.join(&name)).ok()?;
        let part = open(bytes, key)?;
        self.used.lock().expect("not poisoned").insert(name);
        self.taken.fetch_add(1, Ordering::Relaxed);
        Some(part)
    }

    /// Keeps `part`, of kind `kind`, made from inputs of digest `inputs`
    /// (atomically: a build killed meanwhile leaves no half part). A
    /// failure is kept for [`Memo::failure`]: the site is built all the
    /// same, and the next build reads the run again.
    pub fn put(&self, kind: &str, inputs: u64, part: &[u8]) {
        let key = self.key(kind, inputs);
        let name = Memo::name(kind, key);
        let mut bytes = Vec::with_capacity(HEADER + part.len() + 8);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&VERSION.to_le_bytes());
        bytes.extend_from_slice(&key.to_le_bytes());
        bytes.extend_from_slice(part);
        let checksum = wide_hash(&bytes);
        bytes.extend_from_slice(&checksum.to_le_bytes());
        let path = self.dir.join(&name);
        match crate::atomic::write(&path, &bytes) {
            Ok(()) => {
                self.used.lock().expect("not poisoned").insert(name);
                self.made.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => {
                let mut failure = self.failure.lock().expect("not poisoned");
                if failure.is_none() {
                    let why = Error::io(&path, e).message;
                    let message = format!(
                        "could not write to the build cache ({why}); the site was built, and the next build reads \
                         the articles' texts again: check the folder, or choose another with --cache-dir"
                    );
                    *failure = Some(Error::at(&path, message));
                }
            }
        }
    }

    /// How many parts this build took from the cache, and how many it
    /// wrote.
    pub fn counts(&self) -> (usize, usize) {
        (self.taken.load(Ordering::Relaxed), self.made.load(Ordering::Relaxed))
    }

    /// The first failure to keep a part, as a warning for the build.
    pub fn failure(&self) -> Option<Error> {
        self.failure.lock().expect("not poisoned").take()
    }

    /// Removes the parts this build did not use: files of the folder named
    /// as a part is and beginning as one does. A part of an article since
    /// edited is of no use to any later build (its key names the old text).
    /// Also removes the temporary files of a part whose build was killed
    /// while writing it. Nothing else in the folder is touched.
    pub fn sweep(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return };
        let used = self.used.lock().expect("not poisoned");
        let own = format!(".warraq-{}-", std::process::id());
        for entry in entries.flatten() {
            let Ok(name) = entry.file_name().into_string() else { continue };
            let path = entry.path();
            let killed = crate::atomic::is_temporary(&name) && !name.starts_with(&own);
            if killed || (is_part_name(&name) && !used.contains(&name) && begins_as_part(&path)) {
                std::fs::remove_file(&path).ok();
            }
        }
    }
}

/// Reads a part's payload as its kind wrote it (little-endian numbers,
/// lists), failing at the first thing missing: a part is checksummed, but
/// a read is never trusted to index a slice.
pub struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (taken, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(taken)
    }

    /// A length (u64).
    pub fn len(&mut self) -> Option<usize> {
        usize::try_from(u64::from_le_bytes(self.take(8)?.try_into().ok()?)).ok()
    }

    /// `n` u64 values.
    pub fn u64s(&mut self, n: usize) -> Option<Vec<u64>> {
        let bytes = self.take(n.checked_mul(8)?)?;
        Some(bytes.chunks_exact(8).map(|b| u64::from_le_bytes(b.try_into().expect("eight bytes"))).collect())
    }

    /// `n` u32 values.
    pub fn u32s(&mut self, n: usize) -> Option<Vec<u32>> {
        let bytes = self.take(n.checked_mul(4)?)?;
        Some(bytes.chunks_exact(4).map(|b| u32::from_le_bytes(b.try_into().expect("four bytes"))).collect())
    }

    /// Whether everything was read.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A part's bytes, from its file's bytes: `None` unless the file is a
/// whole part of this format for `key`.
fn open(mut bytes: Vec<u8>, key: u64) -> Option<Vec<u8>> {
    let body = bytes.len().checked_sub(8).filter(|&n| n >= HEADER)?;
    let checksum = u64::from_le_bytes(bytes[body..].try_into().ok()?);
    if wide_hash(&bytes[..body]) != checksum || !bytes.starts_with(MAGIC) {
        return None;
    }
    let at = MAGIC.len();
    let version = u32::from_le_bytes(bytes[at..at + 4].try_into().ok()?);
    let named = u64::from_le_bytes(bytes[at + 4..at + 12].try_into().ok()?);
    if version != VERSION || named != key {
        return None;
    }
    bytes.truncate(body);
    bytes.drain(..HEADER);
    Some(bytes)
}

/// Whether `name` is a part's: a kind (lowercase ASCII letters), a dash
/// and 16 lowercase hexadecimal digits.
fn is_part_name(name: &str) -> bool {
    let Some((kind, key)) = name.rsplit_once('-') else { return false };
    !kind.is_empty()
        && kind.bytes().all(|b| b.is_ascii_lowercase())
        && key.len() == 16
        && key.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn begins_as_part(path: &Path) -> bool {
    let mut start = [0u8; MAGIC.len()];
    let read = std::fs::File::open(path).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut start));
    read.is_ok() && start == MAGIC
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_part_is_taken_back_by_its_inputs_and_binary_only() {
        let tmp = tempfile::tempdir().unwrap();
        let memo = Memo::new(tmp.path(), 7);
        assert_eq!(memo.get("search", 1), None, "nothing kept yet");
        memo.put("search", 1, b"words of run one");
        memo.put("search", 2, b"");
        assert_eq!(memo.get("search", 1).as_deref(), Some(&b"words of run one"[..]));
        assert_eq!(memo.get("search", 2).as_deref(), Some(&b""[..]), "an empty part is a part");
        assert_eq!(memo.get("search", 3), None, "other inputs");
        assert_eq!(memo.get("topics", 1), None, "another kind");
        assert_eq!(Memo::new(tmp.path(), 8).get("search", 1), None, "another binary");
        assert_eq!(memo.counts(), (2, 2));
        assert!(memo.failure().is_none());
    }

    #[test]
    fn a_damaged_or_misnamed_part_is_not_taken() {
        let tmp = tempfile::tempdir().unwrap();
        let memo = Memo::new(tmp.path(), 7);
        memo.put("search", 1, b"words of run one");
        let name = Memo::name("search", memo.key("search", 1));
        let path = tmp.path().join(FOLDER).join(&name);
        let whole = std::fs::read(&path).unwrap();
        for at in [0, HEADER - 1, HEADER + 3, whole.len() - 1] {
            let mut damaged = whole.clone();
            damaged[at] ^= 1;
            std::fs::write(&path, &damaged).unwrap();
            assert_eq!(memo.get("search", 1), None, "a byte changed at {at}");
        }
        for len in [0, 8, HEADER + 7, whole.len() - 1] {
            std::fs::write(&path, &whole[..len]).unwrap();
            assert_eq!(memo.get("search", 1), None, "cut to {len} bytes");
        }
        // A whole part under another part's name (a copied file).
        std::fs::write(&path, &whole).unwrap();
        std::fs::rename(&path, tmp.path().join(FOLDER).join(Memo::name("search", memo.key("search", 2)))).unwrap();
        assert_eq!(memo.get("search", 2), None, "its header names other inputs");
    }

    #[test]
    fn a_sweep_removes_the_parts_not_used_and_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let last = Memo::new(tmp.path(), 7);
        for inputs in 1..=3 {
            last.put("search", inputs, b"part");
        }
        let dir = tmp.path().join(FOLDER);
        let foreign = ["notes.txt", "search-0123456789abcdef", "search-12", ".warraq-x-1.tmp"];
        for name in foreign {
            std::fs::write(dir.join(name), "not a part").unwrap();
        }
        std::fs::write(dir.join(".warraq-1-2.tmp"), "a killed build's").unwrap();
        let this = Memo::new(tmp.path(), 7);
        assert!(this.get("search", 1).is_some());
        this.put("search", 4, b"part");
        this.sweep();
        let mut kept: Vec<String> = [1, 4].iter().map(|&i| Memo::name("search", this.key("search", i))).collect();
        kept.extend(foreign.iter().map(|n| n.to_string()));
        kept.sort();
        assert_eq!(names(&dir), kept, "parts 2 and 3 and the killed build's file removed");
        // Another binary's build uses none of them.
        Memo::new(tmp.path(), 8).sweep();
        let mut foreign: Vec<String> = foreign.iter().map(|n| n.to_string()).collect();
        foreign.sort();
        assert_eq!(names(&dir), foreign);
    }

    #[test]
    fn a_part_that_cannot_be_written_is_a_warning() {
        let tmp = tempfile::tempdir().unwrap();
        // The parts' folder is a file: nothing can be written in it.
        std::fs::write(tmp.path().join(FOLDER), "a file").unwrap();
        let memo = Memo::new(tmp.path(), 7);
        memo.put("search", 1, b"part");
        memo.put("search", 2, b"part");
        let failure = memo.failure().expect("a failure");
        assert!(failure.message.contains("could not write to the build cache"), "{}", failure.message);
        assert!(memo.failure().is_none(), "reported once");
        assert_eq!(memo.get("search", 1), None);
        memo.sweep();
    }
}
