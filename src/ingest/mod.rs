//! Raw article ingest: `content/inbox/*.txt` to dated Markdown under
//! `content/articles/`.
//!
//! `decode` turns bytes into text, `parse` (pure) turns text into an article,
//! `store` knows what is already converted and writes files. `run` ties them
//! together: read and parse in parallel, decide in input order (so suffixes
//! and duplicate reports are deterministic), then write.

pub mod decode;
pub mod parse;
pub mod store;

use crate::config::{Config, UndatedPolicy};
use crate::content::frontmatter::{self, FrontMatter, IngestRecord};
use crate::content::{relative, ARTICLES_DIR, INBOX_DIR};
use crate::date::PubDate;
use crate::slug::slugify;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use store::{Existing, Index};

/// How to run ingest.
#[derive(Debug, Clone)]
pub struct Options {
    /// Decide everything, write nothing.
    pub dry_run: bool,
    /// Re-convert raw files that were converted before, overwriting the
    /// Markdown (and the edits made to it).
    pub force: bool,
    /// The day of ingest (stamped on undated articles with
    /// `undated = "ingest-date"`).
    pub today: NaiveDate,
}

/// What happened to one input file: the `ingest --format json` record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileReport {
    /// The raw file, relative to the site directory (as given when outside).
    pub file: String,
    pub status: Status,
    /// The Markdown file holding the article, relative to the site directory.
    pub output: Option<String>,
    pub title: Option<String>,
    /// `YYYY-MM-DD` or RFC 3339; `None` when undated.
    pub date: Option<String>,
    pub draft: bool,
    pub source: Option<String>,
    /// The byline's name and place.
    pub author: Option<String>,
    pub dateline: Option<String>,
    /// Every copy's source in the article `output` (`source` first).
    pub sources: Vec<String>,
    pub tags: Vec<String>,
    /// The Markdown body as written.
    pub body: Option<String>,
    /// Each starts with the path it is about (`content/inbox/x.txt: …`).
    pub warnings: Vec<String>,
    /// Why the file was not converted (a sentence; the file is `file`).
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Converted,
    Unchanged,
    Error,
}

impl FileReport {
    fn new(file: &str, status: Status) -> FileReport {
        FileReport {
            file: file.to_string(),
            status,
            output: None,
            title: None,
            date: None,
            draft: false,
            source: None,
            author: None,
            dateline: None,
            sources: Vec::new(),
            tags: Vec::new(),
            body: None,
            warnings: Vec::new(),
            error: None,
        }
    }

    fn error(file: &str, message: impl Into<String>) -> FileReport {
        FileReport { error: Some(message.into()), ..FileReport::new(file, Status::Error) }
    }

    /// `unchanged`, described by the Markdown file that already holds it.
    fn unchanged(file: &str, existing: &Existing) -> FileReport {
        let mut r = FileReport::new(file, Status::Unchanged);
        r.output = Some(existing.path.clone());
        if let Some(broken) = &existing.broken {
            r.warnings.push(format!(
                "{}:{broken}; ingest leaves this file alone: fix its front matter (see `warraq check`)",
                existing.path
            ));
        }
        if let Some((fm, body)) = &existing.article {
            r.fill(fm, body);
        }
        r
    }

    fn fill(&mut self, fm: &FrontMatter, body: &str) {
        self.title = Some(fm.title.clone());
        self.date = fm.date.as_ref().and_then(|d| PubDate::from_toml(d).ok()).map(|d| d.to_design_string());
        self.draft = fm.draft;
        self.source = fm.source.clone();
        self.author = fm.author.clone();
        self.dateline = fm.dateline.clone();
        self.sources = if fm.sources.is_empty() { fm.source.iter().cloned().collect() } else { fm.sources.clone() };
        self.tags = fm.tags.clone();
        self.body = Some(body.to_string());
    }
}

/// One input file after reading, decoding and parsing.
struct Raw {
    rel: String,
    /// SHA-256 of the bytes; `None` when the file could not be read.
    sha: Option<String>,
    text: Result<String, String>,
    parsed: Option<Result<parse::Parsed, String>>,
}

/// A file to write once every decision is made.
struct Plan {
    report: usize,
    path: String,
    text: String,
    /// The article's previous Markdown, removed after a `--force` moved it.
    remove: Option<String>,
}

/// Ingests `paths` (empty: every `.txt` in the inbox), one report per file,
/// in input order. Never fails as a whole: problems are per-file reports.
pub fn run(site_dir: &Path, config: &Config, paths: &[PathBuf], opts: &Options) -> Vec<FileReport> {
    let (inputs, mut early) = collect_inputs(site_dir, paths);
    if inputs.is_empty() {
        return early;
    }
    let mut index = match Index::load(site_dir) {
        Ok(i) => i,
        Err(e) => {
            early.push(FileReport::error(ARTICLES_DIR, e.to_string()));
            return early;
        }
    };

    let mut raws: Vec<Raw> = inputs
        .par_iter()
        .map(|(rel, abs)| match std::fs::read(abs) {
            Ok(bytes) => Raw {
                rel: rel.clone(),
                sha: Some(store::sha256_hex(&bytes)),
                text: decode::decode(&bytes),
                parsed: None,
            },
            Err(e) => Raw {
                rel: rel.clone(),
                sha: None,
                text: Err(format!("cannot be read: {}", crate::error::Error::io("", e).message)),
                parsed: None,
            },
        })
        .collect();

    // Each file is parsed on its own, with the site's configuration only:
    // what a file converts to never depends on the other files of the run.
    let parse_config = &config.ingest;
    raws.par_iter_mut().for_each(|raw| {
        let Ok(text) = &raw.text else { return };
        let converted = index
            .for_file(&raw.rel)
            .iter()
            .any(|e| e.record.as_ref().is_some_and(|r| Some(&r.sha256) == raw.sha.as_ref()));
        if opts.force || !converted {
            raw.parsed = Some(parse::parse(text, parse_config).map_err(|e| e.0));
        }
    });

    let mut reports = early;
    let mut plans = Vec::new();
    let mut run = RunSeen::default();
    for raw in raws {
        let (report, plan) = decide(site_dir, config, opts, &mut index, &mut run, &reports, raw);
        if let Some(mut p) = plan {
            p.report = reports.len();
            plans.push(p);
        }
        reports.push(report);
    }

    if !opts.dry_run {
        let results: Vec<(usize, crate::error::Result<()>)> = plans
            .par_iter()
            .map(|p| {
                let r = store::write_atomic(site_dir, &p.path, &p.text).and_then(|()| match &p.remove {
                    Some(old) => std::fs::remove_file(site_dir.join(old)).map_err(|e| crate::error::Error::io(old, e)),
                    None => Ok(()),
                });
                (p.report, r)
            })
            .collect();
        for (i, r) in results {
            if let Err(e) = r {
                let file = reports[i].file.clone();
                reports[i] = FileReport::error(&file, format!("could not write {e}"));
            }
        }
    }
    reports
}

/// Decides what happens to one raw file, in input order.
fn decide(
    site_dir: &Path,
    config: &Config,
    opts: &Options,
    index: &mut Index,
    run: &mut RunSeen,
    reports: &[FileReport],
    raw: Raw,
) -> (FileReport, Option<Plan>) {
    let rel = raw.rel.as_str();
    let Some(sha) = raw.sha.clone() else {
        return (FileReport::error(rel, raw.text.err().unwrap_or_default()), None);
    };
    let own: Vec<Existing> = index.for_file(rel).into_iter().cloned().collect();
    let mut previous: Option<&Existing> = None;
    if !own.is_empty() {
        let same = own.iter().find(|e| e.record.as_ref().is_some_and(|r| r.sha256 == sha));
        if !opts.force {
            if let Some(e) = same {
                return (FileReport::unchanged(rel, e), None);
            }
            let e = &own[0];
            let mut r = FileReport::unchanged(rel, e);
            r.warnings.push(format!(
                "{rel}: changed since it was converted to {}; the Markdown (which an editor may have fixed) was left alone: \
                 run warraq ingest --force {rel} to re-convert (this overwrites edits made to the Markdown)",
                e.path
            ));
            return (r, None);
        }
        if let Some(e) = own.iter().find(|e| e.broken.is_some()) {
            let mut r = FileReport::unchanged(rel, e);
            r.warnings.push(format!("{rel}: not re-converted: fix or delete {} first", e.path));
            return (r, None);
        }
        previous = Some(same.unwrap_or(&own[0]));
    } else {
        if let Some(e) = index.for_sha(&sha) {
            let mut r = FileReport::unchanged(rel, e);
            let from = e.record.as_ref().map(|r| r.file.as_str()).unwrap_or("?");
            r.warnings.push(format!("{rel}: duplicate of {from} (already in {}); nothing written", e.path));
            return (r, None);
        }
        if let Some(&i) = run.by_sha.get(&sha) {
            return (in_run_duplicate(rel, &reports[i], "duplicate of"), None);
        }
    }

    if let Err(e) = raw.text {
        return (FileReport::error(rel, e), None);
    }
    let parsed = match raw.parsed {
        Some(Ok(p)) => p,
        Some(Err(e)) => return (FileReport::error(rel, e), None),
        // Every file that is not unchanged was parsed; never panic over it.
        None => return (FileReport::error(rel, "internal error: the file was not parsed (please report this)"), None),
    };
    let title = parsed.title.trim().to_string();
    if title.is_empty() {
        return (FileReport::error(rel, "no title found: the file has no line that could be a title"), None);
    }

    let body_hash = store::body_hash(&parsed.body);
    if previous.is_none() {
        if let Some(e) = body_hash.and_then(|h| index.for_body(h)) {
            let mut r = FileReport::unchanged(rel, e);
            let from = e.record.as_ref().map(|r| r.file.as_str()).unwrap_or("?");
            r.warnings.push(format!(
                "{rel}: duplicate of {from} (already in {}): the same article text; nothing written",
                e.path
            ));
            return (r, None);
        }
        if let Some(&i) = body_hash.and_then(|h| run.by_body.get(&h)) {
            return (in_run_duplicate(rel, &reports[i], "duplicate (the same article text) of"), None);
        }
    }

    let (date, draft, dated_by) = match (parsed.date, config.ingest.undated) {
        (Some(d), _) => (Some(d), false, None),
        (None, UndatedPolicy::Draft) => (None, true, None),
        (None, UndatedPolicy::IngestDate) => (Some(PubDate::Day(opts.today)), false, Some("ingest-date".to_string())),
    };
    let (dir, prefix) = match date {
        Some(d) => (format!("{ARTICLES_DIR}/{:04}/{:02}", d.year(), d.month()), format!("{}-", d.day().format("%d"))),
        None => (format!("{ARTICLES_DIR}/undated"), String::new()),
    };
    let slug = [slugify(&title), slugify(file_stem(rel))].into_iter().find(|s| !s.is_empty());
    let slug = slug.unwrap_or_else(|| "article".to_string());
    let path = index.claim(site_dir, &dir, &prefix, &slug, previous.map(|e| e.path.as_str()));

    let mut tags: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for k in &parsed.keywords {
        let k = k.trim();
        if !k.is_empty() && seen.insert(k.to_string()) {
            tags.push(k.to_string());
        }
    }
    let fm = FrontMatter {
        title,
        date: date.map(|d| d.to_toml_literal().parse().expect("PubDate literals are TOML dates")),
        tags,
        source: parsed.source.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
        author: parsed.author.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
        dateline: parsed.dateline.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
        draft,
        ingest: Some(IngestRecord { file: rel.to_string(), sha256: sha.clone(), dated_by, folded: Vec::new() }),
        ..Default::default()
    };
    let text = frontmatter::render(&fm, &parsed.body);
    let body = format!("{}\n", parsed.body.trim_end());

    let mut report = FileReport::new(rel, Status::Converted);
    report.output = Some(path.clone());
    report.fill(&fm, &body);
    report.warnings.extend(parsed.warnings.iter().map(|w| format!("{rel}: {w}")));
    match (parsed.date, config.ingest.undated) {
        (Some(_), _) => {}
        (None, UndatedPolicy::Draft) => report.warnings.push(format!(
            "{rel}: no publication date found; written as a draft: set date = YYYY-MM-DD and draft = false in {path}"
        )),
        (None, UndatedPolicy::IngestDate) => report.warnings.push(format!(
            "{rel}: no publication date found; dated with the day of ingest, {} (site.toml [ingest] undated = \
             \"ingest-date\"): correct `date` in {path} if the real date is known",
            opts.today.format("%Y-%m-%d")
        )),
    }
    // This report's index once the caller pushes it.
    run.by_sha.insert(sha, reports.len());
    if let Some(h) = body_hash {
        run.by_body.entry(h).or_insert(reports.len());
    }

    if let Some(prev) = previous {
        let old = std::fs::read_to_string(site_dir.join(&prev.path)).unwrap_or_default();
        if prev.path == path && old == text {
            return (FileReport { status: Status::Unchanged, ..report }, None);
        }
        if prev.path != path {
            report.warnings.push(format!("{rel}: re-converted to {path}, which replaces {}", prev.path));
        }
    }
    let remove = previous.filter(|p| p.path != path).map(|p| p.path.clone());
    (report, Some(Plan { report: 0, path, text, remove }))
}

/// A raw file with the same article as an earlier one of this run.
fn in_run_duplicate(rel: &str, first: &FileReport, what: &str) -> FileReport {
    let out = first.output.as_deref().unwrap_or("?");
    FileReport {
        file: rel.to_string(),
        status: Status::Unchanged,
        warnings: vec![format!("{rel}: {what} {} (converted to {out} in this run); nothing written", first.file)],
        error: None,
        ..first.clone()
    }
}

/// Articles converted earlier in this run (indexes into the reports).
#[derive(Default)]
struct RunSeen {
    by_sha: HashMap<String, usize>,
    by_body: HashMap<u64, usize>,
}

fn file_stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name)
}

/// The raw files to ingest: (name relative to the site, path to read).
/// Paths that cannot be read become error reports.
fn collect_inputs(site_dir: &Path, paths: &[PathBuf]) -> (Vec<(String, PathBuf)>, Vec<FileReport>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    if paths.is_empty() {
        let inbox = site_dir.join(INBOX_DIR);
        if inbox.is_dir() {
            match txt_files(&inbox) {
                Ok(f) => inputs = f.into_iter().map(|(name, p)| (format!("{INBOX_DIR}/{name}"), p)).collect(),
                Err(e) => errors.push(FileReport::error(INBOX_DIR, e)),
            }
        }
        return (inputs, errors);
    }
    let mut files = Vec::new();
    for p in paths {
        // A relative path is taken from the current directory, or else from
        // the site directory (`--site s ingest content/inbox/x.txt`).
        let p = if p.is_relative() && !p.exists() && site_dir.join(p).exists() { site_dir.join(p) } else { p.clone() };
        if p.is_dir() {
            match txt_files(&p) {
                Ok(f) => files.extend(f.into_iter().map(|(_, p)| p)),
                Err(e) => errors.push(FileReport::error(&p.to_string_lossy(), e)),
            }
        } else if p.is_file() {
            files.push(p);
        } else {
            errors.push(FileReport::error(&p.to_string_lossy(), "not found"));
        }
    }
    let site_abs = site_dir.canonicalize().unwrap_or_else(|_| site_dir.to_path_buf());
    let mut seen = HashSet::new();
    for f in files {
        let rel = match f.canonicalize() {
            Ok(abs) if abs.starts_with(&site_abs) => relative(&site_abs, &abs),
            _ => f.to_string_lossy().into_owned(),
        };
        if seen.insert(rel.clone()) {
            inputs.push((rel, f));
        }
    }
    (inputs, errors)
}

/// `.txt` files directly in `dir` (name, path), sorted by name; hidden
/// files skipped.
fn txt_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| crate::error::Error::io("", e).message)?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let is_file = e.file_type().ok()?.is_file() || e.path().is_file();
            (is_file && !name.starts_with('.') && name.ends_with(".txt")).then(|| (name, e.path()))
        })
        .collect();
    out.sort();
    Ok(out)
}

/// The day of ingest: `SOURCE_DATE_EPOCH` (reproducible builds) when set,
/// else the local calendar day.
pub fn today() -> chrono::NaiveDate {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|t| t.date_naive())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}
