//! A folder of articles as the build cache keeps it (`cache::memo`): what
//! loading made of each of its files (title, date, tags, where the body
//! is and its digest), so that a build reads and parses again only the
//! folders whose files changed. At a million articles loading read 5 GB of
//! Markdown and parsed a million front matters per build, for the ten
//! files that were new.
//!
//! A folder's part is named by a digest of what tells its files from
//! changed ones without reading them: each file's path, size, modification
//! and status-change times, inode and device. The status-change time is
//! set by the kernel on every write and cannot be set back by hand, unlike
//! the modification time (`touch -d`, an archive unpacked with its times),
//! on the local file systems [`stamps_tell_changes`] names; elsewhere (FAT
//! and exFAT copy the modification time into it, a network file system
//! takes it from a server's clock, other systems than Linux are not
//! checked) nothing is kept and every file is read, as without a cache. A
//! file stamped less than [`SETTLE`] before the load began could still
//! change within the same tick of the clock: its folder is kept only once
//! a later build finds it settled. A body read back is checked against its
//! digest as well (`body::Store::in_source_at`): a changed body that is
//! read fails the build rather than be published.
//!
//! Only a large archive's articles are kept (those whose bodies stay in
//! their own files, `body`); standalone pages, a body copied to the body
//! file and a file that fails to load are read every time.

use super::body::Store;
use super::frontmatter::{Folded, IngestRecord};
use super::{relative, Article, Extras, Loaded};
use crate::cache::memo::{Memo, Reader};
use crate::date::PubDate;
use crate::error::Result;
use crate::sanitize::Forbidden;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The kind of the loading's parts in the build cache.
const KIND: &str = "content";

/// How long before the build began a file must have been written for its
/// folder to be kept (two seconds: FAT's clock tick).
const SETTLE: Duration = Duration::from_secs(2);

/// What tells a file from a changed one without reading it: size,
/// modification time, status-change time (seconds, nanoseconds), inode,
/// device.
type FileStamp = [i64; 7];

/// The stamp of the file `meta` describes; `None` for anything but a
/// regular file, and where the platform gives no status-change time or
/// inode (then nothing is kept).
#[cfg(unix)]
fn file_stamp(meta: &std::fs::Metadata) -> Option<FileStamp> {
    use std::os::unix::fs::MetadataExt;
    // Inode and device numbers are kept as their bits.
    let (ino, dev) = (meta.ino() as i64, meta.dev() as i64);
    meta.is_file()
        .then(|| [meta.size() as i64, meta.mtime(), meta.mtime_nsec(), meta.ctime(), meta.ctime_nsec(), ino, dev])
}

#[cfg(not(unix))]
fn file_stamp(_: &std::fs::Metadata) -> Option<FileStamp> {
    None
}

/// Whether the file system holding `folder` sets a file's status-change
/// time on every change and lets no one set it: the common local file
/// systems of Linux (ext2/3/4, XFS, Btrfs, tmpfs, ZFS, F2FS, overlayfs).
#[cfg(target_os = "linux")]
pub(super) fn stamps_tell_changes(folder: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    const KNOWN: [u32; 7] = [0xEF53, 0x5846_5342, 0x9123_683E, 0x0102_1994, 0x2FC1_2FC1, 0xF2F5_2010, 0x794C_7630];
    let Ok(path) = std::ffi::CString::new(folder.as_os_str().as_bytes()) else { return false };
    // SAFETY: `statfs` writes into the zeroed struct it is given and reads
    // the NUL-terminated path; both outlive the call.
    let mut fs: libc::statfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statfs(path.as_ptr(), &mut fs) } != 0 {
        return false;
    }
    // The magic number, whatever the width of the field on this target.
    KNOWN.contains(&(fs.f_type as u32))
}

#[cfg(not(target_os = "linux"))]
pub(super) fn stamps_tell_changes(_: &Path) -> bool {
    false
}

/// Whether both of a file's times are at least [`SETTLE`] before `began`.
fn settled(stamp: &FileStamp, began: SystemTime) -> bool {
    let Ok(limit) = began.checked_sub(SETTLE).unwrap_or(UNIX_EPOCH).duration_since(UNIX_EPOCH) else { return false };
    let limit = (limit.as_secs() as i64, i64::from(limit.subsec_nanos()));
    (stamp[1], stamp[2]) < limit && (stamp[3], stamp[4]) < limit
}

/// The digest a folder's part is named by: its files' paths and stamps,
/// in order.
fn inputs(paths: &[String], stamps: &[FileStamp]) -> u64 {
    let mut bytes = Vec::with_capacity(paths.len() * 128);
    for (path, stamp) in paths.iter().zip(stamps) {
        bytes.extend_from_slice(&(path.len() as u64).to_le_bytes());
        bytes.extend_from_slice(path.as_bytes());
        stamp.iter().for_each(|v| bytes.extend_from_slice(&v.to_le_bytes()));
    }
    crate::hash::wide_hash(&bytes)
}

/// Loads `files` (sorted, as `markdown_files` gives them) a folder at a
/// time, taking a folder from `memo` when its files are as an earlier
/// build found them, reading it with `load` otherwise (and keeping it when
/// it can be kept; `began`: when loading began, which a file's times
/// must be [`SETTLE`] before). A folder is a run of files side by side in
/// `files` with one parent (a folder's files around a subfolder's are two
/// runs); the runs' results are in the order of `files`.
pub(super) fn load_folders(
    site_dir: &Path,
    files: &[PathBuf],
    store: &Arc<Store>,
    memo: &Memo,
    began: SystemTime,
    load: &(dyn Fn(&PathBuf) -> Result<Loaded> + Sync),
) -> Vec<Vec<Result<Loaded>>> {
    let folders = files.chunk_by(|a, b| a.parent() == b.parent()).collect::<Vec<_>>();
    let pages_folder = site_dir.join(crate::layout::CONTENT_DIR);
    folders
        .par_iter()
        .map(|folder| match folder[0].parent() == Some(pages_folder.as_path()) {
            true => folder.par_iter().map(load).collect(),
            false => load_folder(site_dir, folder, store, memo, began, load),
        })
        .collect()
}

/// One folder of articles (`paths`), from `memo` or read.
fn load_folder(
    site_dir: &Path,
    paths: &[PathBuf],
    store: &Arc<Store>,
    memo: &Memo,
    began: SystemTime,
    load: &(dyn Fn(&PathBuf) -> Result<Loaded> + Sync),
) -> Vec<Result<Loaded>> {
    let rels: Vec<String> = paths.iter().map(|p| relative(site_dir, p)).collect();
    let stamps: Option<Vec<FileStamp>> =
        paths.iter().map(|p| std::fs::metadata(p).ok().as_ref().and_then(file_stamp)).collect();
    let key = stamps.as_ref().map(|stamps| inputs(&rels, stamps));
    let sizes: Vec<u64> = stamps.iter().flatten().map(|s| s[0] as u64).collect();
    let kept = key.and_then(|key| memo.get(KIND, key)).and_then(|part| decode(&part, &rels, &sizes, store));
    if let Some(articles) = kept {
        return articles.into_iter().map(|a| Ok(Loaded::Article(a))).collect();
    }
    let loaded: Vec<Result<Loaded>> = paths.par_iter().map(load).collect();
    let settled = stamps.is_some_and(|stamps| stamps.iter().all(|s| settled(s, began)));
    if let Some(key) = key.filter(|_| settled) {
        let articles: Option<Vec<&Article>> = loaded
            .iter()
            .map(|l| match l {
                Ok(Loaded::Article(a)) => Some(a),
                _ => None,
            })
            .collect();
        if let Some(part) = articles.and_then(|articles| encode(&articles)) {
            memo.put(KIND, key, &part);
        }
    }
    loaded
}

/// Builds a part's bytes: little-endian, lengths u64, strings as their
/// length and UTF-8 bytes.
#[derive(Default)]
struct Out(Vec<u8>);

impl Out {
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn opt_str(&mut self, s: Option<&str>) {
        self.0.push(u8::from(s.is_some()));
        s.into_iter().for_each(|s| self.str(s));
    }
    fn strs(&mut self, v: &[String]) {
        self.u64(v.len() as u64);
        v.iter().for_each(|s| self.str(s));
    }
    fn date(&mut self, d: Option<PubDate>) {
        match d {
            None => self.0.push(0),
            Some(PubDate::Day(day)) => {
                self.0.push(1);
                self.u64(i64::from(day.num_days_from_ce()) as u64);
            }
            Some(PubDate::Instant(t)) => {
                self.0.push(2);
                self.u64(t.timestamp() as u64);
                self.u64(u64::from(t.timestamp_subsec_nanos()));
                self.u64(i64::from(t.offset().local_minus_utc()) as u64);
            }
        }
    }
}

/// Reads what [`Out`] wrote, `None` at the first thing missing or wrong.
struct In<'a>(Reader<'a>);

impl In<'_> {
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.0.take(8)?.try_into().ok()?))
    }
    fn len(&mut self) -> Option<usize> {
        self.0.len()
    }
    fn flag(&mut self) -> Option<bool> {
        match self.0.take(1)?[0] {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn str(&mut self) -> Option<String> {
        let len = self.len()?;
        String::from_utf8(self.0.take(len)?.to_vec()).ok()
    }
    fn opt_str(&mut self) -> Option<Option<String>> {
        match self.flag()? {
            true => Some(Some(self.str()?)),
            false => Some(None),
        }
    }
    fn strs(&mut self) -> Option<Vec<String>> {
        let n = self.len()?;
        (0..n).map(|_| self.str()).collect()
    }
    fn date(&mut self) -> Option<Option<PubDate>> {
        match self.0.take(1)?[0] {
            0 => Some(None),
            1 => {
                let days = i32::try_from(self.u64()? as i64).ok()?;
                Some(Some(PubDate::Day(NaiveDate::from_num_days_from_ce_opt(days)?)))
            }
            2 => {
                let (secs, nanos) = (self.u64()? as i64, u32::try_from(self.u64()?).ok()?);
                let offset = FixedOffset::east_opt(i32::try_from(self.u64()? as i64).ok()?)?;
                Some(Some(PubDate::Instant(DateTime::from_timestamp(secs, nanos)?.with_timezone(&offset))))
            }
            _ => None,
        }
    }
}

/// A folder's part: per article, every field loading made but its path
/// (the folder's file list gives it). `None` when an article's body is not
/// in its own file (it cannot be found again without reading).
fn encode(articles: &[&Article]) -> Option<Vec<u8>> {
    let mut out = Out::default();
    out.u64(articles.len() as u64);
    for a in articles {
        // Every field named: a field added to `Article` must be kept here
        // (and read back in `decode`) before this compiles.
        let Article {
            path: _,
            title,
            date,
            tags,
            source,
            author,
            draft,
            slug,
            description,
            body,
            body_line,
            ingest,
            extras,
        } = a;
        let (at, len, (digest, mentions_md)) = body.in_source_place()?;
        out.str(title);
        out.date(*date);
        out.strs(tags);
        out.opt_str(source.as_deref());
        out.opt_str(author.as_deref());
        out.0.push(u8::from(*draft));
        out.str(slug);
        out.opt_str(description.as_deref());
        out.u64(at);
        out.u64(len as u64);
        out.u64(digest);
        out.0.push(u8::from(mentions_md));
        out.u64(*body_line as u64);
        out.0.push(u8::from(ingest.is_some()));
        if let Some(ingest) = ingest {
            let IngestRecord { file, sha256, dated_by, folded } = &**ingest;
            out.str(file);
            out.str(sha256);
            out.opt_str(dated_by.as_deref());
            out.u64(folded.len() as u64);
            for Folded { file, sha256 } in folded {
                out.str(file);
                out.str(sha256);
            }
        }
        out.0.push(u8::from(extras.is_some()));
        if let Some(extras) = extras {
            let Extras { updated, aliases, sources, dateline, unknown_keys, forbidden } = &**extras;
            out.date(*updated);
            out.strs(aliases);
            out.strs(sources);
            out.opt_str(dateline.as_deref());
            out.u64(unknown_keys.len() as u64);
            for (key, line) in unknown_keys {
                out.str(key);
                out.u64(*line as u64);
            }
            out.0.push(u8::from(forbidden.is_some()));
            if let Some(Forbidden { first, line, count }) = forbidden {
                out.u64(u64::from(*first));
                out.u64(*line as u64);
                out.u64(*count as u64);
            }
        }
    }
    Some(out.0)
}

/// The articles of a part [`encode`] made, at `paths` (files of `sizes`
/// bytes), their bodies read through `store`; `None` unless the part is
/// whole, holds one article per path, and each body is its file's last
/// bytes (as `load_file_leaving_body` leaves it), titles and slugs not
/// empty.
fn decode(bytes: &[u8], paths: &[String], sizes: &[u64], store: &Arc<Store>) -> Option<Vec<Article>> {
    let mut r = In(Reader(bytes));
    if r.len()? != paths.len() || sizes.len() != paths.len() {
        return None;
    }
    let mut articles = Vec::with_capacity(paths.len());
    for (path, &size) in paths.iter().zip(sizes) {
        let title = r.str().filter(|t| !t.is_empty())?;
        let date = r.date()?;
        let tags = r.strs()?;
        let source = r.opt_str()?;
        let author = r.opt_str()?;
        let draft = r.flag()?;
        let slug = r.str().filter(|s| !s.is_empty())?;
        let description = r.opt_str()?;
        let (at, len, digest) = (r.u64()?, r.len()?, r.u64()?);
        if at.checked_add(len as u64) != Some(size) {
            return None;
        }
        let body = store.in_source_at(at, len, (digest, r.flag()?));
        let body_line = r.len()?;
        let ingest = match r.flag()? {
            false => None,
            true => {
                let (file, sha256, dated_by) = (r.str()?, r.str()?, r.opt_str()?);
                let n = r.len()?;
                let folded =
                    (0..n).map(|_| Some(Folded { file: r.str()?, sha256: r.str()? })).collect::<Option<_>>()?;
                Some(Box::new(IngestRecord { file, sha256, dated_by, folded }))
            }
        };
        let extras = match r.flag()? {
            false => None,
            true => {
                let (updated, aliases, sources, dateline) = (r.date()?, r.strs()?, r.strs()?, r.opt_str()?);
                let n = r.len()?;
                let unknown_keys = (0..n).map(|_| Some((r.str()?, r.len()?))).collect::<Option<_>>()?;
                let forbidden = match r.flag()? {
                    false => None,
                    true => {
                        let first = char::from_u32(u32::try_from(r.u64()?).ok()?)?;
                        Some(Forbidden { first, line: r.len()?, count: r.len()? })
                    }
                };
                Some(Box::new(Extras { updated, aliases, sources, dateline, unknown_keys, forbidden }))
            }
        };
        let path = path.clone();
        articles.push(Article {
            path,
            title,
            date,
            tags,
            source,
            author,
            draft,
            slug,
            description,
            body,
            body_line,
            ingest,
            extras,
        });
    }
    r.0.is_empty().then_some(articles)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full_text() -> &'static str {
        "+++\ntitle = \"عنوان\"\n+++\n\nالنص.\n"
    }

    /// An article with every field set, its body in its own file.
    fn full_article(store: &Arc<Store>) -> Article {
        let text = full_text();
        let at = text.find("النص").unwrap();
        let mut a = super::super::parse_article("content/articles/2023/09/14-x.md", text).unwrap();
        a.body = store.in_source(&text[at..], at);
        a.date = Some(PubDate::Instant(DateTime::parse_from_rfc3339("2023-09-14T08:30:05.25+03:00").unwrap()));
        a.tags = vec!["روسيا".into(), "كيم جونغ أون".into()];
        a.source = Some("الرياض".into());
        a.author = Some("كاتب".into());
        a.draft = true;
        a.slug = "x".into();
        a.description = Some("ملخص".into());
        a.body_line = 7;
        a.ingest = Some(Box::new(IngestRecord {
            file: "content/inbox/x.txt".into(),
            sha256: "ab".repeat(32),
            dated_by: Some("ingest-date".into()),
            folded: vec![Folded { file: "content/inbox/y.txt".into(), sha256: "cd".repeat(32) }],
        }));
        a.extras = Some(Box::new(Extras {
            updated: Some(PubDate::Day(NaiveDate::from_ymd_opt(2023, 9, 15).unwrap())),
            aliases: vec!["/old/".into()],
            sources: vec!["الرياض".into(), "عكاظ".into()],
            dateline: Some("جدة".into()),
            unknown_keys: vec![("colour".into(), 4)],
            forbidden: Some(Forbidden { first: '\u{0}', line: 9, count: 2 }),
        }));
        a
    }

    fn store() -> Arc<Store> {
        Arc::new(Store::create_in(&std::env::temp_dir()).unwrap())
    }

    #[test]
    fn a_folder_of_articles_comes_back_as_it_was_loaded() {
        let store = store();
        let full = full_article(&store);
        let mut plain = super::super::parse_article(
            "content/articles/2023/09/15-y.md",
            "+++\ntitle = \"ب\"\ndate = 2023-09-15\n+++\nنص\n",
        )
        .unwrap();
        plain.body = store.in_source("نص\n", 40);
        let part = encode(&[&full, &plain]).expect("both bodies are in their files");
        let paths = [full.path.clone(), plain.path.clone()];
        let sizes = [full_text().len() as u64, 45];
        let back = decode(&part, &paths, &sizes, &store).expect("a whole part");
        assert_eq!(back, [full.clone(), plain.clone()]);
        assert_eq!(back[0].body.in_source_place(), full.body.in_source_place());
        assert_eq!(back[0].date.map(|d| format!("{d:?}")), full.date.map(|d| format!("{d:?}")), "the offset is kept");
        // A part for other files, cut short or with bytes after it is not taken.
        assert!(decode(&part, &paths[..1], &sizes[..1], &store).is_none());
        assert!(decode(&part[..part.len() - 1], &paths, &sizes, &store).is_none());
        assert!(decode(&[part.as_slice(), &[0]].concat(), &paths, &sizes, &store).is_none());
        // Nor one whose body is not its file's last bytes.
        assert!(decode(&part, &paths, &[sizes[0], 46], &store).is_none());
    }

    #[test]
    fn a_body_not_in_its_own_file_keeps_its_folder_out_of_the_cache() {
        let store = store();
        let held = super::super::parse_article("content/articles/a.md", "+++\ntitle = \"ب\"\n+++\nنص\n").unwrap();
        assert!(encode(&[&full_article(&store), &held]).is_none());
    }

    /// Every Markdown file of `site`, loaded a folder at a time through
    /// `memo`, the load taken to begin at `began`: the articles' titles.
    fn load_titles(site: &Path, memo: &Memo, began: SystemTime) -> Vec<String> {
        let store = Arc::new(Store::create_in(&std::env::temp_dir()).unwrap().reading_sources_in(site));
        let files = super::super::markdown_files(site).unwrap();
        let load = |file: &PathBuf| super::super::load_file_leaving_body(site, file, &store);
        load_folders(site, &files, &store, memo, began, &load)
            .into_iter()
            .flatten()
            .map(|l| match l.unwrap() {
                Loaded::Article(a) => {
                    assert_eq!(a.body_text().trim(), "نص", "{}", a.path);
                    a.title
                }
                Loaded::Page(p) => format!("page {}", p.title),
            })
            .collect()
    }

    #[test]
    fn folders_are_taken_from_the_cache_until_a_file_changes_and_kept_once_settled() {
        let site = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        let article = |title: &str| format!("+++\ntitle = \"{title}\"\n+++\nنص\n");
        for (file, title) in [("a/1.md", "أ"), ("a/2.md", "ب"), ("b/3.md", "ج"), ("about.md", "عن")] {
            let path = site.path().join("content").join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, article(title)).unwrap();
        }
        let later = SystemTime::now() + Duration::from_secs(3);
        let memo = |key| Memo::new(cache.path(), key);
        let first = memo(1);
        let titles = load_titles(site.path(), &first, later);
        assert_eq!(titles, ["أ", "ب", "page عن", "ج"]);
        assert_eq!(first.counts(), (0, 2), "two folders of articles kept, the page never");
        let again = memo(1);
        assert_eq!(load_titles(site.path(), &again, later), titles);
        assert_eq!(again.counts(), (2, 0), "both taken");
        assert_eq!(load_titles(site.path(), &memo(2), later), titles);
        std::fs::write(site.path().join("content/b/3.md"), article("د")).unwrap();
        let edited = memo(1);
        assert_eq!(load_titles(site.path(), &edited, SystemTime::now()), ["أ", "ب", "page عن", "د"]);
        assert_eq!(edited.counts(), (1, 0), "the edited folder read, and not kept: it was written just now");
        let settled = memo(1);
        assert_eq!(load_titles(site.path(), &settled, later + Duration::from_secs(1)), ["أ", "ب", "page عن", "د"]);
        assert_eq!(settled.counts(), (1, 1), "kept once settled");
    }

    #[test]
    fn a_file_written_just_before_the_build_is_not_settled() {
        let began = UNIX_EPOCH + Duration::from_secs(1_000_000);
        let stamp = |m: i64, c: i64| [10, m, 0, c, 0, 1, 1];
        assert!(settled(&stamp(999_990, 999_990), began));
        assert!(!settled(&stamp(999_999, 999_990), began), "modified a second before");
        assert!(!settled(&stamp(999_990, 999_998), began), "its status changed two seconds before");
        assert!(!settled(&stamp(1_000_005, 999_990), began), "a time in the future");
    }

    #[test]
    fn a_folders_name_changes_with_any_files_stamp_or_path() {
        let paths = ["content/a/1.md".to_string(), "content/a/2.md".to_string()];
        let stamps = [[1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 8, 7]];
        let key = inputs(&paths, &stamps);
        for i in 0..7 {
            let mut other = stamps;
            other[1][i] += 1;
            assert_ne!(inputs(&paths, &other), key, "field {i}");
        }
        assert_ne!(inputs(&[paths[0].clone(), "content/a/3.md".into()], &stamps), key);
        assert_ne!(inputs(&paths[..1], &stamps[..1]), key);
    }
}
