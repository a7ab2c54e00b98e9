//! Article bodies, held in memory or read back from a file when needed.
//!
//! Bodies are most of what a build holds for its whole length: 4.4 KB of an
//! article's 13.8 KB at 300,000 real articles, 1.3 GB in all. A large
//! archive (more articles than [`held_up_to`]) keeps only each body's
//! place: in the article's own file, where the body is the file's bytes
//! as they are (nearly always), else in one temporary file written as the
//! article is loaded. Every stage that reads a body (topics, the search
//! index, the pages) reads it back with one positioned read, and drops it
//! when done.
//!
//! A body read back from its own file is checked against the digest made
//! when it was loaded: a file edited during the build fails the build
//! (nothing is published, the message says to build again) rather than
//! make one page disagree with another. The temporary file is for the rest
//! (a body whose file held characters that were left out, or what else a
//! large build keeps out of memory: the search index's files, list
//! fragments). Copying every body there wrote over 3 GB at a million articles,
//! on a slow disk the larger part of loading's time. It has no name once
//! opened (on Unix), so nothing is left behind even when the build is
//! killed.

use std::borrow::Cow;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// Default of [`held_up_to`].
pub const HELD_UP_TO: usize = 100_000;

/// Up to how many articles bodies stay in memory: `WARRAQ_BODIES_IN_MEMORY`
/// when set to a number, else [`HELD_UP_TO`] (0 keeps no body in memory).
pub fn held_up_to() -> usize {
    std::env::var("WARRAQ_BODIES_IN_MEMORY").ok().and_then(|v| v.trim().parse().ok()).unwrap_or(HELD_UP_TO)
}

/// Up to how many articles the rendered fragments of every article's list
/// entry stay in memory for the whole rendering (`render::entry::Entry::
/// spill`): three times [`held_up_to`]. Reading a fragment back costs a
/// read per list that shows it (a quarter more rendering time at 100,000
/// articles), which pays only where the fragments would be the build's
/// peak: at a million articles they were 2 GiB of it.
pub fn fragments_held_up_to() -> usize {
    held_up_to().saturating_mul(3)
}

/// An article's Markdown body.
#[derive(Clone)]
pub enum Body {
    /// In memory.
    Held(String),
    /// In the build's body file.
    Stored(Stored),
    /// In the article's own file, `at` bytes from its start: read it with
    /// `Article::body_text`, which knows the file (`text` cannot).
    InSource(Stored),
}

/// Where a body is in its [`Store`] (or in its own file, read through the
/// store, which records a failed read).
#[derive(Clone)]
pub struct Stored {
    store: Arc<Store>,
    at: u64,
    len: usize,
    /// `Body::digest` of the text, made while it was in memory.
    digest: (u64, bool),
}

impl Body {
    /// The Markdown. A stored body is read back from its file; should that
    /// fail, the text is empty and the store records the error, which
    /// fails the build before anything is published (`Store::failure`).
    /// A body in its own file needs the file's name (`text_in`): here it
    /// is empty and recorded the same way.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Body::Held(text) => Cow::Borrowed(text),
            Body::Stored(s) => Cow::Owned(s.store.read(s.at, s.len)),
            Body::InSource(s) => Cow::Owned(s.store.without_file()),
        }
    }

    /// The Markdown of a body that may be in its own file, `source` (a path
    /// relative to the site folder): what `Article::body_text` reads.
    pub fn text_in(&self, source: &str) -> Cow<'_, str> {
        match self {
            Body::InSource(s) => Cow::Owned(s.store.read_source(source, s.at, s.len, s.digest.0)),
            _ => self.text(),
        }
    }

    /// Bytes `start..end` of the text (a range that starts and ends
    /// between characters); a stored body reads only those bytes back.
    pub fn slice(&self, start: usize, end: usize) -> Cow<'_, str> {
        match self {
            Body::Held(text) => Cow::Borrowed(text.get(start..end).unwrap_or_default()),
            Body::Stored(s) if start <= end && end <= s.len => {
                Cow::Owned(s.store.read(s.at + start as u64, end - start))
            }
            Body::Stored(_) => Cow::Borrowed(""),
            Body::InSource(s) => Cow::Owned(s.store.without_file()),
        }
    }

    /// Where a body left in its own file is: bytes from the file's start,
    /// length, and digest (`None` for a body held or in the body file).
    /// What the build cache keeps of it (`content::kept`).
    pub fn in_source_place(&self) -> Option<(u64, usize, (u64, bool))> {
        match self {
            Body::InSource(s) => Some((s.at, s.len, s.digest)),
            _ => None,
        }
    }

    /// Length in bytes, without reading a stored body.
    pub fn len(&self) -> usize {
        match self {
            Body::Held(text) => text.len(),
            Body::Stored(s) | Body::InSource(s) => s.len,
        }
    }

    /// Whether the body is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A digest of the Markdown, and whether it mentions `.md` (a link to
    /// a source file, whose URL its HTML holds): what decides the body's
    /// HTML, for the build cache (`render::digest`). A stored body's was
    /// made when it was loaded, so a build with nothing to render does not
    /// read a million bodies back.
    pub fn digest(&self) -> (u64, bool) {
        match self {
            Body::Held(text) => digest_of(text),
            Body::Stored(s) | Body::InSource(s) => s.digest,
        }
    }

    /// The store a stored body is in.
    pub fn store(&self) -> Option<&Arc<Store>> {
        match self {
            Body::Held(_) => None,
            Body::Stored(s) | Body::InSource(s) => Some(&s.store),
        }
    }
}

impl Default for Body {
    fn default() -> Body {
        Body::Held(String::new())
    }
}

impl From<String> for Body {
    fn from(text: String) -> Body {
        Body::Held(text)
    }
}

impl From<&str> for Body {
    fn from(text: &str) -> Body {
        Body::Held(text.to_string())
    }
}

impl PartialEq for Body {
    fn eq(&self, other: &Body) -> bool {
        match (self, other) {
            (Body::Stored(a), Body::Stored(b)) if Arc::ptr_eq(&a.store, &b.store) && a.at == b.at => a.len == b.len,
            // Without its file's name a body in its file has only its
            // digest to compare (a 64-bit hash of the text, with its length).
            (Body::InSource(_), _) | (_, Body::InSource(_)) => {
                self.len() == other.len() && self.digest() == other.digest()
            }
            _ => self.len() == other.len() && self.text() == other.text(),
        }
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Body::InSource(s) => write!(f, "Body::InSource({} bytes at {})", s.len, s.at),
            _ => std::fmt::Debug::fmt(&*self.text(), f),
        }
    }
}

/// `Body::digest` of `text`.
fn digest_of(text: &str) -> (u64, bool) {
    (crate::hash::wide_hash(text.as_bytes()), text.contains(".md"))
}

/// Bytes that are not a body (the search index's files, 0.9 GB at a
/// million articles), in memory or kept in the body file with the bodies,
/// read back when they are written out.
#[derive(Clone)]
pub enum Blob {
    /// In memory.
    Held(Vec<u8>),
    /// In a [`Store`].
    Stored {
        /// The file.
        store: Arc<Store>,
        /// Where the bytes begin in it.
        at: u64,
        /// How many there are.
        len: usize,
    },
}

impl Blob {
    /// Length in bytes, without reading stored bytes.
    pub fn len(&self) -> usize {
        match self {
            Blob::Held(bytes) => bytes.len(),
            Blob::Stored { len, .. } => *len,
        }
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends the bytes to `out`. A failed read appends nothing and is
    /// recorded in the store, which fails the build before anything is
    /// published (`failure`), as a body's does.
    pub fn append_to(&self, out: &mut Vec<u8>) {
        match self {
            Blob::Held(bytes) => out.extend_from_slice(bytes),
            Blob::Stored { store, at, len } => store.read_into(*at, *len, out),
        }
    }

    /// The bytes moved to `store`; held bytes stay held when the store
    /// cannot take them (the build then only holds more).
    pub fn keep_in(self, store: &Arc<Store>) -> Blob {
        let Blob::Held(bytes) = self else { return self };
        match store.put(&bytes) {
            Ok(at) => Blob::Stored { store: Arc::clone(store), at, len: bytes.len() },
            Err(_) => Blob::Held(bytes),
        }
    }
}

impl PartialEq for Blob {
    fn eq(&self, other: &Blob) -> bool {
        if self.len() != other.len() {
            return false;
        }
        let (mut a, mut b) = (Vec::new(), Vec::new());
        self.append_to(&mut a);
        other.append_to(&mut b);
        a == b
    }
}

impl std::fmt::Debug for Blob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Blob::Held(bytes) => write!(f, "Blob::Held({} bytes)", bytes.len()),
            Blob::Stored { at, len, .. } => write!(f, "Blob::Stored({len} bytes at {at})"),
        }
    }
}

/// A temporary file of bodies, appended to from many threads at once, and
/// the reader of the bodies left in their own files.
pub struct Store {
    file: File,
    /// The site folder, which the paths of bodies left in their files are
    /// relative to (`None`: every body is in the temporary file).
    sources: Option<PathBuf>,
    /// Where the next body goes.
    end: AtomicU64,
    /// The first failed read, if any.
    failed: OnceLock<String>,
    /// A write has failed.
    write_failed: AtomicBool,
    /// The file's path, and whether it was removed as soon as the file was
    /// open (Unix); if not, it is removed when the store is dropped.
    path: PathBuf,
    unlinked: bool,
}

impl Store {
    /// A new, empty store in `dir`.
    pub fn create_in(dir: &Path) -> std::io::Result<Store> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = format!("warraq-bodies-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let path = dir.join(name);
        let file = std::fs::OpenOptions::new().read(true).write(true).create_new(true).open(&path)?;
        let unlinked = cfg!(unix) && std::fs::remove_file(&path).is_ok();
        Ok(Store {
            file,
            sources: None,
            end: AtomicU64::new(0),
            failed: OnceLock::new(),
            write_failed: AtomicBool::new(false),
            path,
            unlinked,
        })
    }

    /// The store that also reads bodies from their files in `site_dir`.
    pub fn reading_sources_in(mut self, site_dir: &Path) -> Store {
        self.sources = Some(site_dir.to_path_buf());
        self
    }

    /// The body that is `text`, found `at` bytes into its own file (whose
    /// path the article keeps): nothing is written.
    pub fn in_source(self: &Arc<Store>, text: &str, at: usize) -> Body {
        Body::InSource(Stored { store: Arc::clone(self), at: at as u64, len: text.len(), digest: digest_of(text) })
    }

    /// The body in its own file at the place [`Body::in_source_place`]
    /// gave when the file was loaded by an earlier build: whenever it is
    /// read back it is checked against `digest`, so a body changed since
    /// that is read fails the build rather than be published.
    pub fn in_source_at(self: &Arc<Store>, at: u64, len: usize, digest: (u64, bool)) -> Body {
        Body::InSource(Stored { store: Arc::clone(self), at, len, digest })
    }

    /// Writes `text` to the store and returns the body that reads it back.
    /// The error is `Some` for the first failed write only: a full disk
    /// makes one error for the archive, not one per article.
    pub fn keep(self: &Arc<Store>, text: &str) -> Result<Body, Option<std::io::Error>> {
        match self.put(text.as_bytes()) {
            Ok(at) => {
                Ok(Body::Stored(Stored { store: Arc::clone(self), at, len: text.len(), digest: digest_of(text) }))
            }
            Err(e) => Err((!self.write_failed.swap(true, Ordering::Relaxed)).then_some(e)),
        }
    }

    /// Appends `bytes` to the file; where they begin.
    fn put(&self, bytes: &[u8]) -> std::io::Result<u64> {
        let at = self.end.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        write_at(&self.file, bytes, at).map(|()| at)
    }

    fn read(&self, at: u64, len: usize) -> String {
        let fill = |bytes: &mut [u8]| read_at(&self.file, bytes, at).map_err(|e| e.to_string());
        read_text(len, fill, |_| Ok(())).unwrap_or_else(|e| {
            self.temporary_read_failed(&e);
            String::new()
        })
    }

    /// Reads a body back from its own file, `source`, and checks it is the
    /// text loaded (`digest`): a file edited or removed since is an empty
    /// text and a recorded failure, which fails the build.
    fn read_source(&self, source: &str, at: u64, len: usize, digest: u64) -> String {
        let Some(site_dir) = &self.sources else { return self.without_file() };
        let fill = |bytes: &mut [u8]| {
            File::open(site_dir.join(source))
                .and_then(|file| read_at(&file, bytes, at))
                .map_err(|e| format!("{source} could not be read again ({e})"))
        };
        let same = |bytes: &[u8]| match crate::hash::wide_hash(bytes) == digest {
            true => Ok(()),
            false => Err(format!("{source} changed")),
        };
        read_text(len, fill, same).unwrap_or_else(|e| {
            let _ = self.failed.set(format!("{e} while the site was being built: build again"));
            String::new()
        })
    }

    /// A body in its own file asked for without the file's name: warraq's
    /// own mistake, which fails the build rather than publish an empty page.
    fn without_file(&self) -> String {
        let _ = self.failed.set("an article body was read without its file's name (a bug in warraq)".to_string());
        String::new()
    }

    /// Appends `len` bytes from `at` to `out`; a failed read appends
    /// nothing and is recorded.
    fn read_into(&self, at: u64, len: usize, out: &mut Vec<u8>) {
        let start = out.len();
        out.resize(start + len, 0);
        if let Err(e) = read_at(&self.file, &mut out[start..], at) {
            out.truncate(start);
            self.temporary_read_failed(&e.to_string());
        }
    }

    fn temporary_read_failed(&self, e: &str) {
        let _ = self.failed.set(format!(
            "could not read the temporary file of bodies back ({e}): check the disk of the temporary folder \
             (TMPDIR) and build again"
        ));
    }

    /// The first read that failed, as a message for the build's error
    /// (which file, and what to do).
    pub fn failure(&self) -> Option<&str> {
        self.failed.get().map(String::as_str)
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if !self.unlinked {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

thread_local! {
    /// Each thread reads bodies back into one buffer.
    static READ_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `len` bytes put by `fill` into this thread's read buffer, as text once
/// `check` accepts them; the buffer is kept for the next read unless it
/// grew large.
fn read_text(
    len: usize,
    fill: impl FnOnce(&mut [u8]) -> Result<(), String>,
    check: impl FnOnce(&[u8]) -> Result<(), String>,
) -> Result<String, String> {
    READ_BUFFER.with_borrow_mut(|bytes| {
        bytes.resize(len, 0);
        // encoding_rs checks UTF-8 several times faster than
        // `String::from_utf8` on Arabic text (see `content::load_file`).
        let text = fill(bytes).and_then(|()| check(bytes)).and_then(|()| {
            encoding_rs::UTF_8
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|text| text.into_owned())
                .ok_or_else(|| "a body came back as something other than UTF-8".to_string())
        });
        if bytes.capacity() > super::MAX_KEPT_BUFFER {
            *bytes = Vec::new();
        }
        text
    })
}

/// The body file of `articles` (they share one), when their bodies are in
/// one: what else a large archive keeps out of memory goes there too.
pub fn store_of(articles: &[crate::content::Article]) -> Option<&Arc<Store>> {
    articles.iter().find_map(|a| a.body.store())
}

/// The first failed read of the bodies of `articles`, if any (they share
/// one store).
pub fn failure(articles: &[crate::content::Article]) -> Option<String> {
    store_of(articles).and_then(|s| s.failure()).map(str::to_string)
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
fn read_at(file: &File, bytes: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

#[cfg(windows)]
fn write_at(file: &File, mut bytes: &[u8], mut at: u64) -> std::io::Result<()> {
    while !bytes.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_write(file, bytes, at)?;
        if n == 0 {
            return Err(std::io::ErrorKind::WriteZero.into());
        }
        bytes = &bytes[n..];
        at += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(file: &File, mut bytes: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !bytes.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(file, bytes, at)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        bytes = &mut bytes[n..];
        at += n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_bodies_read_back_as_written_from_many_threads() {
        let store = Arc::new(Store::create_in(&std::env::temp_dir()).unwrap());
        let texts: Vec<String> = (0..200).map(|i| format!("فقرة {i}\n\n{}", "نص ".repeat(i))).collect();
        let bodies: Vec<Body> = {
            use rayon::prelude::*;
            texts.par_iter().map(|t| store.keep(t).ok().unwrap()).collect()
        };
        for (t, b) in texts.iter().zip(&bodies) {
            assert!(matches!(b, Body::Stored(_)));
            assert_eq!(b.len(), t.len());
            assert_eq!(b.text(), t.as_str());
            assert_eq!(*b, Body::from(t.as_str()));
            assert_eq!(b.digest(), Body::from(t.as_str()).digest(), "a stored body's digest is its text's");
            let start = t.find('\n').unwrap();
            assert_eq!(b.slice(start, t.len()), &t[start..]);
            assert_eq!(b.slice(0, start), Body::from(t.as_str()).slice(0, start));
            assert_eq!(b.slice(0, t.len() + 1), "", "a range past the end is empty");
        }
        assert_ne!(bodies[3], bodies[4]);
        assert!(store.failure().is_none());
        if cfg!(unix) {
            assert!(store.unlinked && !store.path.exists(), "the store's file keeps no name");
        }
    }

    #[test]
    fn a_body_left_in_its_file_reads_back_until_the_file_changes() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("content")).unwrap();
        let file = site.path().join("content/a.md");
        let (head, text) = ("+++\ntitle = \"عنوان\"\n+++\n", "فقرة أولى.\n\nفقرة ثانية.\n");
        std::fs::write(&file, format!("{head}{text}")).unwrap();
        let store = Arc::new(Store::create_in(&std::env::temp_dir()).unwrap().reading_sources_in(site.path()));
        let body = store.in_source(text, head.len());
        assert_eq!(body.text_in("content/a.md"), text);
        assert_eq!((body.len(), body.digest()), (text.len(), Body::from(text).digest()));
        assert_eq!(body, Body::from(text), "compared by length and digest");
        assert_ne!(body, Body::from("فقرة أولى.\n\nفقرة ثالثة.\n"));
        assert!(store.failure().is_none(), "nothing was written to the temporary file either");

        // Edited during the build, even to the same length: not the text
        // loaded, so the build fails rather than mix two versions.
        std::fs::write(&file, format!("{head}{}", text.replace("أولى", "ثانٍ"))).unwrap();
        assert_eq!(body.text_in("content/a.md"), "");
        let failure = store.failure().unwrap();
        assert!(failure.contains("content/a.md changed while the site was being built: build again"), "{failure}");

        let gone = Arc::new(Store::create_in(&std::env::temp_dir()).unwrap().reading_sources_in(site.path()));
        std::fs::remove_file(&file).unwrap();
        assert_eq!(gone.in_source(text, head.len()).text_in("content/a.md"), "");
        let failure = gone.failure().unwrap();
        assert!(failure.starts_with("content/a.md could not be read again ("), "{failure}");
        assert!(failure.ends_with("while the site was being built: build again"), "{failure}");

        let nameless = Arc::new(Store::create_in(&std::env::temp_dir()).unwrap());
        assert_eq!(nameless.in_source(text, 0).text(), "", "read without the file's name");
        assert!(nameless.failure().unwrap().contains("a bug in warraq"));
    }

    #[test]
    fn only_the_first_failed_write_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("read-only");
        std::fs::write(&path, "").unwrap();
        let store = Arc::new(Store {
            file: File::open(&path).unwrap(),
            sources: None,
            end: AtomicU64::new(0),
            failed: OnceLock::new(),
            write_failed: AtomicBool::new(false),
            path: path.clone(),
            unlinked: true,
        });
        assert!(matches!(store.keep("نص"), Err(Some(_))));
        assert!(matches!(store.keep("نص آخر"), Err(None)));
        drop(store);
        assert!(path.exists(), "a store that unlinked its file removes nothing when dropped");
    }

    #[test]
    fn blobs_read_back_as_they_were_held() {
        let store = Arc::new(Store::create_in(&std::env::temp_dir()).unwrap());
        let texts = store.keep("نص قبل").ok().unwrap();
        let bytes: Vec<u8> = (0..=255).chain([0, 0xff]).collect();
        let held = Blob::Held(bytes.clone());
        let stored = held.clone().keep_in(&store);
        assert!(matches!(stored, Blob::Stored { .. }));
        assert_eq!((stored.len(), &stored), (bytes.len(), &held));
        let mut out = b"head".to_vec();
        stored.append_to(&mut out);
        assert_eq!(out, [b"head".as_slice(), &bytes].concat());
        assert_ne!(Blob::Held(bytes[1..].to_vec()).keep_in(&store), held);
        assert_eq!(texts.text(), "نص قبل", "bodies and blobs share the file");
        let beyond = Blob::Stored { store: Arc::clone(&store), at: 10_000, len: 4 };
        let mut out = b"head".to_vec();
        beyond.append_to(&mut out);
        assert_eq!(out, b"head", "a failed read appends nothing");
        assert!(store.failure().is_some(), "and is recorded");
    }

    #[test]
    fn a_failed_read_gives_an_empty_text_and_is_recorded() {
        let store = Arc::new(Store::create_in(&std::env::temp_dir()).unwrap());
        let body = store.keep("نص").ok().unwrap();
        let Body::Stored(s) = &body else { panic!("stored") };
        let beyond = Body::Stored(Stored { store: Arc::clone(&store), at: s.at + 100, len: 4, digest: (0, false) });
        assert_eq!(beyond.text(), "");
        assert!(store.failure().is_some());
        assert_eq!(body.text(), "نص");
    }
}
