//! Loading the site's Markdown: articles under `content/` and standalone
//! pages directly in `content/`.

pub mod body;
pub mod frontmatter;
mod kept;
pub mod published;
mod simple;
mod walk;

use crate::date::PubDate;
use crate::error::{Error, Result};
use crate::sanitize::{self, Forbidden};
use crate::slug::slugify;
pub use body::Body;
use frontmatter::IngestRecord;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
pub use walk::{is_skipped, markdown_files, walk_error};

/// One article, as loaded from its Markdown file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Article {
    /// Path relative to the site directory, with `/` separators.
    pub path: String,
    /// The headline: never empty, on one line, forbidden characters removed.
    pub title: String,
    /// Publication date (front matter `date`); `None` keeps the article out
    /// of a production build.
    pub date: Option<PubDate>,
    /// Topic names as written (empty ones dropped); topics merges spellings.
    pub tags: Vec<String>,
    /// The paper that printed it.
    pub source: Option<String>,
    /// The byline's name.
    pub author: Option<String>,
    /// Kept out of a production build (`draft = true`).
    pub draft: bool,
    /// The URL's last part: front matter `slug`, else the file name without
    /// its day prefix, else the title. Never empty.
    pub slug: String,
    /// Summary for lists and feeds, as written; the first paragraph when absent.
    pub description: Option<String>,
    /// Markdown body: in memory, or for a large archive in its own file or
    /// a temporary one (read it with `body_text`).
    pub body: Body,
    /// 1-based line of the file where the body starts (for `check`).
    pub body_line: usize,
    /// Where ingest took it from, when it was ingested (boxed: 8 bytes
    /// held for every article instead of 96, for what few readers use).
    pub ingest: Option<Box<IngestRecord>>,
    /// What few articles have, boxed (`None` when the article has none of
    /// it): every article holds 8 bytes for these instead of 144, which is
    /// 130 MB of a million-article build's memory.
    pub extras: Option<Box<Extras>>,
}

/// The fields of an [`Article`] that few articles set (read them through
/// the article's methods of the same names).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extras {
    /// Last substantial change (front matter `updated`).
    pub updated: Option<PubDate>,
    /// Earlier URLs that redirect to the article.
    pub aliases: Vec<String>,
    /// Every paper that printed the same text (empty unless copies were folded).
    pub sources: Vec<String>,
    /// The byline's place.
    pub dateline: Option<String>,
    /// Front matter keys warraq does not know, with their line.
    pub unknown_keys: Vec<(String, usize)>,
    /// Characters of the file that HTML and XML forbid (left out of what
    /// was loaded; see `sanitize`).
    pub forbidden: Option<Forbidden>,
}

impl Extras {
    /// Boxed, or `None` when nothing is set (what most articles hold).
    pub fn boxed(self) -> Option<Box<Extras>> {
        (self != Extras::default()).then(|| Box::new(self))
    }
}

/// A standalone page (`content/about.md` → `/about/`).
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Path relative to the site directory (`content/about.md`).
    pub path: String,
    /// Shown on the page and in the menu; never empty.
    pub title: String,
    /// The URL (`/SLUG/`): front matter `slug`, else the file name.
    pub slug: String,
    /// Markdown body.
    pub body: String,
    /// 1-based line of the file where the body starts (for `check`).
    pub body_line: usize,
    /// Kept out of a production build (`draft = true`).
    pub draft: bool,
    /// Characters of the file that HTML and XML forbid (see `Article`).
    pub forbidden: Option<Forbidden>,
}

/// Everything loaded from `content/`.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Every article, drafts and undated ones included, in path order.
    pub articles: Vec<Article>,
    /// Standalone pages, drafts included, in path order.
    pub pages: Vec<Page>,
    /// Where the last production build published each article.
    pub published: published::Published,
}

/// Reads every `.md` file under `content/` (the inbox excluded). All broken
/// files are reported, not only the first, so one build shows every problem.
pub fn load(site_dir: &Path) -> std::result::Result<Content, Vec<Error>> {
    load_with(site_dir, None)
}

/// [`load`], taking from `memo` what a build made of a folder of articles
/// whose files are as they were then, and keeping there the folders it
/// reads (a large archive's only: see `kept`).
pub fn load_with(site_dir: &Path, memo: Option<&crate::cache::memo::Memo>) -> std::result::Result<Content, Vec<Error>> {
    let files = markdown_files(site_dir)?;
    let store = match files.len() > body::held_up_to() {
        true => Some(std::sync::Arc::new(body_store()?.reading_sources_in(site_dir))),
        false => None,
    };
    let load = |file: &PathBuf| -> Result<Loaded> {
        match &store {
            Some(store) => load_file_leaving_body(site_dir, file, store),
            None => load_file(site_dir, file),
        }
    };
    // The record of published URLs (a TOML file as long as the archive) is
    // parsed while the articles load, not before or after them on one core.
    // By folder (a large archive's, through the cache) or all at once.
    let (parsed, published): (Vec<Vec<Result<Loaded>>>, _) = rayon::join(
        || {
            crate::disk::parallel(|| match (&store, memo) {
                (Some(store), Some(memo)) if kept::stamps_tell_changes(&site_dir.join(crate::layout::CONTENT_DIR)) => {
                    kept::load_folders(site_dir, &files, store, memo, std::time::SystemTime::now(), &load)
                }
                _ => vec![files.par_iter().map(load).collect()],
            })
        },
        || published::Published::read(site_dir),
    );
    // Sized up front: growing a vector of 10,000 articles by doubling
    // copies them and touches fresh memory at every step.
    let mut content =
        Content { articles: Vec::with_capacity(files.len()), pages: Vec::new(), published: Default::default() };
    let mut errors = Vec::new();
    match published {
        Ok(p) => content.published = p,
        Err(e) => errors.push(e),
    }
    for p in parsed.into_iter().flatten() {
        match p {
            Ok(Loaded::Article(a)) => content.articles.push(a),
            Ok(Loaded::Page(p)) => content.pages.push(p),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(content)
    } else {
        Err(errors)
    }
}

const TMPDIR_HINT: &str = "free space in the temporary folder, or set TMPDIR to a folder with space";

/// The temporary file that holds a large archive's bodies (see `body`).
fn body_store() -> std::result::Result<body::Store, Vec<Error>> {
    let dir = std::env::temp_dir();
    body::Store::create_in(&dir).map_err(|e| {
        vec![Error::at(&dir, format!("cannot create the temporary file of article bodies here: {e}; {TMPDIR_HINT}"))]
    })
}

/// One parsed content file.
// Loaded values are moved into `Content` as soon as they are made: boxing
// the larger variant would cost an allocation per article for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Loaded {
    /// A file below `content/` (in a subfolder).
    Article(Article),
    /// A file directly in `content/`.
    Page(Page),
}

/// `path` relative to `site_dir`, with `/` separators.
pub fn relative(site_dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(site_dir).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn parse_file(rel: &str, text: &str, standalone: bool) -> Result<Loaded> {
    // Characters XML forbids never reach a page or a feed; the file is left
    // as it is and the build says where they are.
    let cleaned = sanitize::text(text);
    let forbidden = if cleaned.len() == text.len() { None } else { sanitize::forbidden_in(text) };
    let text = &*cleaned;
    let split = frontmatter::split(text).map_err(|e| e.in_file(rel))?;
    let fm = frontmatter::parse(&split).map_err(|e| e.in_file(rel))?;
    let unknown_keys = fm.unknown.keys().map(|k| (k.clone(), frontmatter::line_of_key(&split, k))).collect();
    let slug = match &fm.slug {
        Some(s) => slugify(s),
        None => slug_from_path(rel, &fm.title),
    };
    if slug.is_empty() {
        return Err(Error::at_line(
            rel,
            split.front_line,
            "cannot make a URL slug from the file name or title: set `slug = \"...\"`",
        ));
    }
    if standalone {
        return Ok(Loaded::Page(Page {
            path: rel.to_string(),
            title: sanitize::line(&fm.title),
            slug,
            body: split.body.to_string(),
            body_line: split.body_line,
            draft: fm.draft,
            forbidden,
        }));
    }
    let date = fm.date.as_ref().map(|d| PubDate::from_toml(d).expect("validated by frontmatter::parse"));
    let extras = Extras {
        updated: fm.updated.as_ref().map(|d| PubDate::from_toml(d).expect("validated by frontmatter::parse")),
        aliases: fm.aliases.iter().map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect(),
        sources: fm.sources.iter().map(|s| sanitize::line(s)).filter(|s| !s.is_empty()).collect(),
        dateline: fm.dateline.map(|s| sanitize::line(&s)).filter(|s| !s.is_empty()),
        unknown_keys,
        forbidden,
    };
    Ok(Loaded::Article(Article {
        path: rel.to_string(),
        title: sanitize::line(&fm.title),
        date,
        tags: fm.tags.iter().map(|t| sanitize::line(t)).filter(|t| !t.is_empty()).collect(),
        source: fm.source.map(|s| sanitize::line(&s)).filter(|s| !s.is_empty()),
        author: fm.author.map(|s| sanitize::line(&s)).filter(|s| !s.is_empty()),
        draft: fm.draft,
        slug,
        description: fm.description,
        body: Body::Held(split.body.to_string()),
        body_line: split.body_line,
        ingest: fm.ingest.map(Box::new),
        extras: extras.boxed(),
    }))
}

/// Slug from a file name such as `14-putin-visit.md` (the day prefix that
/// ingest writes is dropped); falls back to the title.
fn slug_from_path(rel: &str, title: &str) -> String {
    let stem = Path::new(rel).file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let stem = match stem.split_once('-') {
        Some((day, rest)) if day.len() == 2 && day.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => stem,
    };
    let s = slugify(stem);
    if s.is_empty() || s == "index" {
        slugify(title)
    } else {
        s
    }
}

impl Article {
    /// The Markdown body, read back from wherever loading left it (see
    /// `body`).
    pub fn body_text(&self) -> std::borrow::Cow<'_, str> {
        self.body.text_in(&self.path)
    }

    /// When the article last changed: `updated`, or its date (whichever is
    /// later; an `updated` before the date is taken as a typo).
    pub fn modified(&self) -> Option<PubDate> {
        self.date.max(self.updated()).filter(|_| self.date.is_some())
    }

    /// Last substantial change (front matter `updated`).
    pub fn updated(&self) -> Option<PubDate> {
        self.extras.as_ref().and_then(|e| e.updated)
    }

    /// Earlier URLs that redirect to the article.
    pub fn aliases(&self) -> &[String] {
        self.extras.as_ref().map_or(&[], |e| &e.aliases)
    }

    /// Every paper that printed the same text (empty unless copies were folded).
    pub fn sources(&self) -> &[String] {
        self.extras.as_ref().map_or(&[], |e| &e.sources)
    }

    /// The byline's place.
    pub fn dateline(&self) -> Option<&str> {
        self.extras.as_ref().and_then(|e| e.dateline.as_deref())
    }

    /// Front matter keys warraq does not know, with their line.
    pub fn unknown_keys(&self) -> &[(String, usize)] {
        self.extras.as_ref().map_or(&[], |e| &e.unknown_keys)
    }

    /// Characters of the file that HTML and XML forbid.
    pub fn forbidden(&self) -> Option<&Forbidden> {
        self.extras.as_ref().and_then(|e| e.forbidden.as_ref())
    }
}

/// Parses one article file's text (for tests and tools).
pub fn parse_article(rel: &str, text: &str) -> Result<Article> {
    match parse_file(rel, text, false)? {
        Loaded::Article(a) => Ok(a),
        Loaded::Page(_) => unreachable!("standalone is false"),
    }
}

/// Reads and parses one Markdown file of `content/`: `content/x.md` is a
/// standalone page, anything deeper an article. (`load` and the preview
/// server's cached loader both read files through this.)
pub fn load_file(site_dir: &Path, file: &Path) -> Result<Loaded> {
    load_file_with(site_dir, file, |_, loaded| Ok(loaded))
}

/// `load_file` for a large archive, whose bodies `store` reads back when
/// needed (see `body`): an article's body stays in its file when it is
/// the file's last bytes as they are (the file held no character that was
/// left out) and its path finds the file again, else it goes to the
/// store's temporary file.
fn load_file_leaving_body(site_dir: &Path, file: &Path, store: &std::sync::Arc<body::Store>) -> Result<Loaded> {
    load_file_with(site_dir, file, |bytes, loaded| {
        let Loaded::Article(mut a) = loaded else { return Ok(loaded) };
        let Body::Held(text) = &a.body else { return Ok(Loaded::Article(a)) };
        let at = bytes.len() - text.len().min(bytes.len());
        // The body is read back by the article's path, which is lossy for
        // a file name that is not UTF-8: such a file's body is copied.
        let found_again = site_dir.join(&a.path) == file;
        a.body = match found_again && bytes[at..] == *text.as_bytes() {
            true => store.in_source(text, at),
            false => match store.keep(text) {
                Ok(body) => body,
                Err(Some(e)) => {
                    let message = format!("cannot keep its body in the temporary file of bodies: {e}; {TMPDIR_HINT}");
                    return Err(Error::at(&a.path, message));
                }
                // Not the first failed write: that one's error stops the build.
                Err(None) => return Ok(Loaded::Article(a)),
            },
        };
        Ok(Loaded::Article(a))
    })
}

/// Reads and parses `file`, then hands its bytes and what was parsed to
/// `keep` (which decides where the body stays).
fn load_file_with(site_dir: &Path, file: &Path, keep: impl FnOnce(&[u8], Loaded) -> Result<Loaded>) -> Result<Loaded> {
    let rel = relative(site_dir, file);
    READ_BUFFER.with_borrow_mut(|buf| {
        let bytes = read_reusing(file, buf).map_err(|e| Error::io(&rel, e))?;
        // encoding_rs checks UTF-8 with SIMD, several times faster than
        // `str::from_utf8` on Arabic text (all multi-byte), and borrows.
        let text = encoding_rs::UTF_8
            .decode_without_bom_handling_and_without_replacement(bytes)
            .ok_or_else(|| Error::at(&rel, "not valid UTF-8: save the file as UTF-8"))?;
        let standalone = Path::new(&rel).parent() == Some(Path::new(crate::layout::CONTENT_DIR));
        keep(bytes, parse_file(&rel, &text, standalone)?)
    })
}

thread_local! {
    /// Each loading thread reads every file into one buffer: the parsed
    /// article copies out what it keeps, so the file's bytes need no
    /// allocation of their own.
    static READ_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Reads `file` into `buf` (grown as needed, shrunk back after a huge file)
/// and returns its bytes. Unlike `fs::read`, asks for no size first.
fn read_reusing<'b>(file: &Path, buf: &'b mut Vec<u8>) -> std::io::Result<&'b [u8]> {
    use std::io::Read;
    let mut f = std::fs::File::open(file)?;
    let mut len = 0;
    loop {
        if len == buf.len() {
            buf.resize((2 * buf.len()).max(64 * 1024), 0);
        }
        match f.read(&mut buf[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    // One huge file must not keep its buffer's size for the process's life
    // (the preview server loads files for hours).
    if buf.len() > MAX_KEPT_BUFFER && len <= MAX_KEPT_BUFFER {
        buf.truncate(MAX_KEPT_BUFFER);
        buf.shrink_to_fit();
    }
    Ok(&buf[..len])
}

/// Writes a new file at `path`; fails when one exists (even one created a
/// moment ago by another process), so nothing is ever overwritten.
pub fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::OpenOptions::new().write(true).create_new(true).open(path)?.write_all(bytes)
}

/// Largest reusable buffer a thread keeps between files (reading content
/// here, rendering pages in `build::stage_jobs`).
pub const MAX_KEPT_BUFFER: usize = 1 << 20;

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn slug_from_dated_file_name() {
        assert_eq!(slug_from_path("content/articles/2023/09/14-بوتين-يقبل.md", "x"), "بوتين-يقبل");
        assert_eq!(slug_from_path("content/articles/undated/خبر.md", "x"), "خبر");
        assert_eq!(slug_from_path("content/articles/index.md", "عنوان الخبر"), "عنوان-الخبر");
    }

    #[test]
    fn parses_article() {
        let a = parse_article(
            "content/articles/2023/09/14-x.md",
            "+++\ntitle = \" عنوان \"\ndate = 2023-09-14\ntags = [\"روسيا\", \" \"]\nfoo = 1\n+++\n\nنص\n",
        )
        .unwrap();
        assert_eq!(a.title, "عنوان");
        assert_eq!(a.tags, vec!["روسيا"]);
        assert_eq!(a.date.unwrap().to_string(), "2023-09-14");
        assert_eq!(a.unknown_keys(), [("foo".to_string(), 5)]);
        assert_eq!(a.body_line, 7);
    }

    #[test]
    fn fields_few_articles_set_are_boxed_only_when_set() {
        let plain = parse_article("content/articles/a.md", "+++\ntitle = \"x\"\nsource = \"عكاظ\"\n+++\nنص\n").unwrap();
        assert!(plain.extras.is_none(), "an article without them holds no box");
        assert_eq!(
            (plain.updated(), plain.aliases(), plain.sources(), plain.dateline()),
            (None, &[][..], &[][..], None)
        );
        let rich = parse_article(
            "content/articles/b.md",
            "+++\ntitle = \"x\"\ndate = 2024-01-02\nupdated = 2024-01-05\naliases = [\"/old/\"]\n\
             sources = [\"عكاظ\", \"الرياض\"]\ndateline = \"جدة\"\n+++\nنص\u{1}\n",
        )
        .unwrap();
        assert_eq!(rich.updated().unwrap().to_string(), "2024-01-05");
        assert_eq!(rich.modified(), rich.updated());
        assert_eq!(rich.aliases(), ["/old/"]);
        assert_eq!(rich.sources(), ["عكاظ", "الرياض"]);
        assert_eq!(rich.dateline(), Some("جدة"));
        assert_eq!(rich.forbidden().map(|f| f.line), Some(9));
        assert!(rich.unknown_keys().is_empty());
    }

    #[test]
    fn a_large_archive_leaves_bodies_in_their_files_unless_characters_were_left_out() {
        let site = tempfile::tempdir().unwrap();
        let dir = site.path().join("content/articles");
        std::fs::create_dir_all(&dir).unwrap();
        let files = [
            ("plain.md", "+++\ntitle = \"عنوان\"\n+++\nنص الخبر.\n"),
            // A control character in the body is left out of what is read.
            ("control.md", "+++\ntitle = \"عنوان\"\n+++\nنص\u{1} الخبر.\n"),
            // One in the front matter only: the body is the file's bytes.
            ("title.md", "+++\ntitle = \"عنوان\u{1}\"\n+++\nنص الخبر.\n"),
        ];
        let store = Arc::new(body::Store::create_in(&std::env::temp_dir()).unwrap().reading_sources_in(site.path()));
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
            let Loaded::Article(held) = load_file(site.path(), &dir.join(name)).unwrap() else { panic!("article") };
            let Loaded::Article(left) = load_file_leaving_body(site.path(), &dir.join(name), &store).unwrap() else {
                panic!("article")
            };
            let in_source = matches!(left.body, Body::InSource(_));
            assert_eq!(in_source, name != "control.md", "{name}: {:?}", left.body);
            assert!(in_source || matches!(left.body, Body::Stored(_)), "{name}");
            assert_eq!(left.body_text(), held.body_text(), "{name}");
            assert_eq!(left, held, "{name}: the same article");
        }
        assert!(store.failure().is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_body_whose_file_name_is_not_utf8_is_copied() {
        use std::os::unix::ffi::OsStrExt;
        let site = tempfile::tempdir().unwrap();
        let dir = site.path().join("content/articles");
        std::fs::create_dir_all(&dir).unwrap();
        // "خبر" in Windows-1256, as an old archive's file names may be.
        let file = dir.join(std::ffi::OsStr::from_bytes(b"\xce\xc8\xd1.md"));
        std::fs::write(&file, "+++\ntitle = \"عنوان\"\n+++\nنص الخبر.\n").unwrap();
        let store = Arc::new(body::Store::create_in(&std::env::temp_dir()).unwrap().reading_sources_in(site.path()));
        let Loaded::Article(a) = load_file_leaving_body(site.path(), &file, &store).unwrap() else { panic!("article") };
        assert!(matches!(a.body, Body::Stored(_)), "{:?} for {}", a.body, a.path);
        assert_eq!(a.body_text(), "نص الخبر.\n");
        assert!(store.failure().is_none());
    }

    #[test]
    fn bad_front_matter_names_file_and_line() {
        let e = parse_article("content/articles/a.md", "+++\ntitle = \"x\"\ndate = \"yesterday\"\n+++\n").unwrap_err();
        assert_eq!(e.path.as_deref(), Some(Path::new("content/articles/a.md")));
        assert_eq!(e.line, Some(3));
    }
}
