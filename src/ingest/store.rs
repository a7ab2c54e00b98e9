//! The file side of ingest: what is already in `content/articles/`, where a
//! new article goes, and writing it atomically.
//!
//! Existing Markdown is indexed by its `[ingest]` record (raw file and
//! SHA-256 of its bytes) so a second run changes nothing, a raw file dropped
//! twice is recognised, and an editor's fixes are never silently overwritten.

use crate::arabic;
use crate::content::frontmatter::{self, FrontMatter, IngestRecord};
use crate::content::relative;
use crate::error::{Error, Result};
use crate::layout::ARTICLES_DIR;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// Bodies shorter than this (in key characters) are never called duplicates:
/// two short stubs sharing a sentence are not the same article.
pub const MIN_DUPLICATE_BODY: usize = 120;

/// One Markdown file under `content/articles/`.
#[derive(Debug, Clone)]
pub struct Existing {
    /// Relative to the site directory, `/` separators.
    pub path: String,
    /// The `[ingest]` record (salvaged line by line when the front matter
    /// does not parse, so a broken file still counts as converted).
    pub record: Option<IngestRecord>,
    /// Why the front matter does not parse (or the file cannot be read).
    pub broken: Option<Error>,
    /// Hash of the Arabic key of the body (ingested, readable files only).
    pub body_hash: Option<u64>,
    /// Front matter and body (after the blank line), when readable.
    pub article: Option<(FrontMatter, String)>,
}

/// What `content/articles/` holds, for the decisions of one ingest run.
#[derive(Debug, Default)]
pub struct Index {
    /// Every Markdown file read, sorted by path; the maps below index into it.
    pub entries: Vec<Existing>,
    /// Recorded raw file -> entries (sorted by path).
    by_file: HashMap<String, Vec<usize>>,
    /// Recorded raw SHA-256 -> first entry.
    by_sha: HashMap<String, usize>,
    /// (raw file, SHA-256) of a copy folded into an entry -> that entry.
    by_folded: HashMap<(String, String), usize>,
    /// Body hash -> first entry.
    by_body: HashMap<u64, usize>,
    /// Temporary files of a `write_atomic` that a killed ingest never
    /// renamed (`.warraq-PID-N.tmp`): warraq's own, removed by the next
    /// ingest that writes.
    pub leftovers: Vec<PathBuf>,
    /// (directory, slug) pairs taken; see `slot_key`.
    taken: HashSet<(String, String)>,
    /// (directory, slug) -> the last suffix number claimed for it in this run,
    /// so many articles with one title do not rescan every suffix.
    last_suffix: HashMap<(String, String), usize>,
}

impl Index {
    /// Reads every `.md` under `content/articles/` (front matter and body;
    /// files are never written here). A missing directory is an empty index.
    pub fn load(site_dir: &Path) -> Result<Index> {
        let root = site_dir.join(ARTICLES_DIR);
        let mut files = Vec::new();
        let mut leftovers = Vec::new();
        if root.is_dir() {
            let visible = |e: &walkdir::DirEntry| {
                let name = e.file_name().to_string_lossy();
                e.depth() == 0 || !name.starts_with('.') || crate::atomic::is_temporary(&name)
            };
            let walk = walkdir::WalkDir::new(&root).follow_links(true).sort_by_file_name();
            for entry in walk.into_iter().filter_entry(visible) {
                let entry = entry.map_err(|e| crate::content::walk_error(site_dir, &e))?;
                let name = entry.file_name().to_string_lossy();
                if entry.file_type().is_file() && crate::atomic::is_temporary(&name) {
                    leftovers.push(entry.into_path());
                } else if entry.file_type().is_file() && name.ends_with(".md") {
                    files.push(entry.into_path());
                }
            }
        }
        let entries: Vec<Existing> = files
            .par_iter()
            .map(|file| {
                let rel = relative(site_dir, file);
                match std::fs::read(file) {
                    Ok(bytes) => read_existing(rel, &String::from_utf8_lossy(&bytes)),
                    Err(e) => Existing {
                        broken: Some(Error::io(&rel, e)),
                        path: rel,
                        record: None,
                        body_hash: None,
                        article: None,
                    },
                }
            })
            .collect();
        Ok(Index { leftovers, ..Index::from_entries(entries) })
    }

    /// The index of `entries` (sorted by path), as `load` builds it from
    /// the files; tests build one without any.
    pub fn from_entries(entries: Vec<Existing>) -> Index {
        let mut index = Index { entries, ..Default::default() };
        for (i, e) in index.entries.iter().enumerate() {
            index.taken.insert(slot_key(&e.path));
            if let Some(r) = &e.record {
                index.by_file.entry(r.file.clone()).or_default().push(i);
                index.by_sha.entry(r.sha256.clone()).or_insert(i);
                for f in &r.folded {
                    index.by_folded.entry((f.file.clone(), f.sha256.clone())).or_insert(i);
                }
            }
            if let Some(h) = e.body_hash {
                index.by_body.entry(h).or_insert(i);
            }
        }
        index
    }

    /// Entries recording `raw` as their raw file.
    pub fn for_file(&self, raw: &str) -> Vec<&Existing> {
        self.by_file.get(raw).map(|v| v.iter().map(|&i| &self.entries[i]).collect()).unwrap_or_default()
    }

    /// The entry whose raw file had these bytes.
    pub fn for_sha(&self, sha: &str) -> Option<&Existing> {
        self.by_sha.get(sha).map(|&i| &self.entries[i])
    }

    /// The entry the raw file `raw` with these bytes was folded into as a copy.
    pub fn for_folded(&self, raw: &str, sha: &str) -> Option<&Existing> {
        self.by_folded.get(&(raw.to_string(), sha.to_string())).map(|&i| &self.entries[i])
    }

    /// The ingested entry with this normalized body.
    pub fn for_body(&self, hash: u64) -> Option<&Existing> {
        self.by_body.get(&hash).map(|&i| &self.entries[i])
    }

    /// Claims a free path for `slug`: `dir/prefix-slug.md`, else with `-2`,
    /// `-3`… `own` is a path the article may reuse (its previous file).
    pub fn claim(&mut self, site_dir: &Path, dir: &str, prefix: &str, slug: &str, own: Option<&str>) -> String {
        let base = (dir.to_string(), slug.to_string());
        // Suffixes below the last one claimed are taken (the set only grows),
        // except possibly the article's own previous file.
        let start = if own.is_some() { 1 } else { self.last_suffix.get(&base).map_or(1, |n| n + 1) };
        for n in start.. {
            let s = if n == 1 { slug.to_string() } else { format!("{slug}-{n}") };
            let path = format!("{dir}/{prefix}{s}.md");
            let key = (dir.to_string(), s);
            let mine = own == Some(path.as_str());
            if mine || (!self.taken.contains(&key) && !site_dir.join(&path).exists()) {
                self.taken.insert(key);
                if own.is_none() {
                    self.last_suffix.insert(base, n);
                }
                return path;
            }
        }
        unreachable!("the suffix loop only ends by returning")
    }
}

/// Where a Markdown path sits for URL purposes: its directory and its slug
/// (the file stem without the `DD-` day prefix), since `/YYYY/MM/slug/` is
/// the URL of every file of a month directory with that slug.
fn slot_key(path: &str) -> (String, String) {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let slug = match stem.split_once('-') {
        Some((day, rest)) if day.len() == 2 && day.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => stem,
    };
    (dir.to_string(), slug.to_lowercase())
}

/// Indexes one Markdown file's text.
pub fn read_existing(path: String, text: &str) -> Existing {
    let split = match frontmatter::split(text) {
        Ok(s) => s,
        Err(e) => {
            // Fences broken (`++` for `+++`): the provenance is still in the
            // text, and losing it would convert the raw file a second time.
            return Existing {
                broken: Some(e.in_file(&path)),
                path,
                record: salvage_record(text),
                body_hash: None,
                article: None,
            };
        }
    };
    match frontmatter::parse(&split) {
        Ok(fm) => {
            let body_hash = fm.ingest.as_ref().and_then(|_| body_hash(split.body));
            let body = split.body.trim_start_matches(['\n', '\r']).to_string();
            Existing { path, record: fm.ingest.clone(), broken: None, body_hash, article: Some((fm, body)) }
        }
        Err(e) => {
            let broken = Some(e.in_file(&path));
            Existing { path, record: salvage_record(split.front), broken, body_hash: None, article: None }
        }
    }
}

/// The `[ingest]` table of front matter that does not parse as a whole
/// (or of a whole file whose `+++` fences are broken).
fn salvage_record(front: &str) -> Option<IngestRecord> {
    let start = front.lines().position(|l| l.trim() == "[ingest]")?;
    let mut file = None;
    let mut sha = None;
    for line in front.lines().skip(start + 1) {
        let line = line.trim();
        if line.starts_with('[') {
            break;
        }
        let Some((k, v)) = line.split_once('=') else { continue };
        let v: Option<String> = toml::from_str::<toml::Table>(&format!("v = {}", v.trim()))
            .ok()
            .and_then(|t| t.get("v").and_then(|v| v.as_str()).map(str::to_string));
        match k.trim() {
            "file" => file = v,
            "sha256" => sha = v,
            _ => {}
        }
    }
    Some(IngestRecord { file: file?, sha256: sha?, ..Default::default() })
}

/// Hash of the Arabic key of a body; `None` for bodies too short to compare.
pub fn body_hash(body: &str) -> Option<u64> {
    let key = arabic::key(body);
    if key.chars().count() < MIN_DUPLICATE_BODY {
        return None;
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    Some(h.finish())
}

pub use crate::hash::sha256_hex;

/// Writes `text` to `site_dir/rel` atomically (`crate::atomic::write`).
pub fn write_atomic(site_dir: &Path, rel: &str, text: &str) -> Result<()> {
    crate::atomic::write(&site_dir.join(rel), text.as_bytes()).map_err(|e| Error::io(rel, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(file: &str, sha: &str, body: &str) -> String {
        format!("+++\ntitle = \"t\"\n[ingest]\nfile = \"{file}\"\nsha256 = \"{sha}\"\n+++\n\n{body}\n")
    }

    #[test]
    fn indexes_records_and_bodies() {
        let long = "أعلنت بيونغ يانغ اليوم الخميس أن الرئيس الروسي قبل دعوة لزيارة كوريا الشمالية. ".repeat(3);
        let a = read_existing("content/articles/2023/09/14-a.md".into(), &md("content/inbox/a.txt", "aa", &long));
        let b = read_existing("content/articles/undated/b.md".into(), "+++\ntitle = \"hand\"\n+++\nشيء\n");
        assert!(a.body_hash.is_some());
        assert!(b.record.is_none() && b.body_hash.is_none());
        let idx = Index::from_entries(vec![a, b]);
        assert_eq!(idx.for_file("content/inbox/a.txt")[0].path, "content/articles/2023/09/14-a.md");
        assert!(idx.for_file("content/inbox/b.txt").is_empty());
        assert_eq!(idx.for_sha("aa").unwrap().path, "content/articles/2023/09/14-a.md");
        // The same body with other harakat and alef forms is the same key.
        let h = body_hash(&long.replace("أعلنت", "اعلنت")).unwrap();
        assert_eq!(idx.for_body(h).unwrap().path, "content/articles/2023/09/14-a.md");
        assert!(body_hash("نص قصير").is_none());
    }

    #[test]
    fn broken_front_matter_is_salvaged_not_lost() {
        let text = "+++\ntitle = \"x\"\ndate = \"yesterday\"\n[ingest]\nfile = \"content/inbox/a.txt\"\nsha256 = \"ab\"\n+++\nbody\n";
        let e = read_existing("content/articles/a.md".into(), text);
        assert_eq!(e.broken.as_ref().unwrap().line, Some(3), "{:?}", e.broken);
        let r = e.record.unwrap();
        assert_eq!((r.file.as_str(), r.sha256.as_str()), ("content/inbox/a.txt", "ab"));
        let e = read_existing("content/articles/b.md".into(), "no front matter");
        assert!(e.broken.is_some() && e.record.is_none());
    }

    #[test]
    fn slug_clash_gets_deterministic_suffixes() {
        let dir = tempfile::tempdir().unwrap();
        let existing = vec![
            read_existing("content/articles/2023/09/14-x.md".into(), "+++\ntitle = \"x\"\n+++\n"),
            read_existing("content/articles/2023/09/x-3.md".into(), "+++\ntitle = \"x\"\n+++\n"),
        ];
        let mut idx = Index::from_entries(existing);
        let d = "content/articles/2023/09";
        // Another day of the same month shares the URL /2023/09/x/.
        assert_eq!(idx.claim(dir.path(), d, "15-", "x", None), "content/articles/2023/09/15-x-2.md");
        assert_eq!(idx.claim(dir.path(), d, "15-", "x", None), "content/articles/2023/09/15-x-4.md");
        assert_eq!(
            idx.claim(dir.path(), "content/articles/2023/10", "01-", "x", None),
            "content/articles/2023/10/01-x.md"
        );
        // An article may keep its own previous file.
        let own = "content/articles/2023/09/14-x.md";
        assert_eq!(idx.claim(dir.path(), d, "14-", "x", Some(own)), own);
    }

    #[test]
    fn slot_keys() {
        assert_eq!(slot_key("content/articles/2023/09/14-a-b.md"), ("content/articles/2023/09".into(), "a-b".into()));
        assert_eq!(slot_key("content/articles/undated/a.md"), ("content/articles/undated".into(), "a".into()));
        assert_eq!(slot_key("content/articles/2023/x-1.md"), ("content/articles/2023".into(), "x-1".into()));
    }

    #[test]
    fn sha_and_atomic_write() {
        let dir = tempfile::tempdir().unwrap();
        write_atomic(dir.path(), "content/articles/undated/a.md", "x\n").unwrap();
        write_atomic(dir.path(), "content/articles/undated/a.md", "y\n").unwrap();
        let p = dir.path().join("content/articles/undated");
        assert_eq!(std::fs::read_to_string(p.join("a.md")).unwrap(), "y\n");
        assert_eq!(std::fs::read_dir(&p).unwrap().count(), 1, "no temporary file left");
    }
}
