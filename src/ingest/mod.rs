//! Raw article ingest: `content/inbox/*.txt` to dated Markdown under
//! `content/articles/`.
//!
//! `decode` turns bytes into text, `parse` (pure) turns text into an article,
//! `store` knows what is already converted and writes files, `fold` records
//! copies of one article. `run` ties them together: read and parse in
//! parallel (each file on its own), decide in input order (so suffixes and
//! duplicate reports are deterministic), then write.

mod decide;
pub mod decode;
mod fold;
pub mod parse;
pub mod store;

#[cfg(test)]
mod tests;

use crate::config::Config;
use crate::content::frontmatter::{self, FrontMatter};
use crate::content::relative;
use crate::date::PubDate;
use crate::error::Error;
use crate::layout::{ARTICLES_DIR, INBOX_DIR};
use chrono::NaiveDate;
use decide::{decide, Decision, Duplicate, Inputs, Seen, Target};
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
///
/// For a copy folded into another article (status `unchanged`, a warning
/// saying so), the fields describe what the file itself converts to, so a
/// file reads the same alone as in a batch; `output` and `sources` are the
/// article it went into.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileReport {
    /// The raw file, relative to the site directory (as given when outside).
    pub file: String,
    /// Converted, left unchanged, or failed.
    pub status: Status,
    /// The Markdown file holding the article, relative to the site directory.
    pub output: Option<String>,
    /// The headline the parser found.
    pub title: Option<String>,
    /// `YYYY-MM-DD` or RFC 3339; `None` when undated.
    pub date: Option<String>,
    /// Written as a draft (undated, with `undated = "draft"`).
    pub draft: bool,
    /// The paper that printed it, when a source line or credit names one.
    pub source: Option<String>,
    /// The byline's name.
    pub author: Option<String>,
    /// The byline's place.
    pub dateline: Option<String>,
    /// Every copy's source in the article `output` (`source` first).
    pub sources: Vec<String>,
    /// Keyword phrases from the raw file's keyword lines, as written.
    pub tags: Vec<String>,
    /// The Markdown body as written.
    pub body: Option<String>,
    /// Each names the file it is about: the raw file, or the Markdown one.
    #[serde(serialize_with = "crate::error::serialize_lines")]
    pub warnings: Vec<Error>,
    /// Why the file was not converted (a sentence; the file is `file`).
    pub error: Option<String>,
}

/// The outcome of one raw file (`status` in `ingest --format json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Its Markdown was written (or would be, in a dry run).
    Converted,
    /// Nothing written: converted before with the same bytes, changed
    /// since (with a warning), or folded into another article as a copy.
    Unchanged,
    /// Not converted; `error` says why.
    Error,
}

impl FileReport {
    pub(crate) fn new(file: &str, status: Status) -> FileReport {
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
            let mut why = broken.clone();
            why.message =
                format!("{}; ingest leaves this file alone: fix its front matter (see `warraq check`)", why.message);
            r.warnings.push(why);
        }
        if let Some((fm, body)) = &existing.article {
            r.fill(fm, body);
        }
        r
    }

    fn fill(&mut self, fm: &FrontMatter, body: &str) {
        self.title = Some(fm.title.clone());
        self.date = fm.date.as_ref().and_then(|d| PubDate::from_toml(d).ok()).map(|d| d.to_iso_string());
        self.draft = fm.draft;
        self.source = fm.source.clone();
        self.author = fm.author.clone();
        self.dateline = fm.dateline.clone();
        self.sources = fold::sources_of(fm);
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
    /// What decoding the bytes found worth a warning.
    decode_warnings: Vec<String>,
    parsed: Option<Result<parse::Parsed, String>>,
}

/// An article to write once every decision is made (copies folded in later
/// in the run change its front matter).
struct Plan {
    /// The reports about this article: the file it was converted from (or,
    /// for an article of an earlier run, none), then the copies folded in.
    reports: Vec<usize>,
    path: String,
    fm: FrontMatter,
    body: String,
    /// The file's text before this run, when it exists: an article that
    /// comes out the same is not written again.
    old: Option<String>,
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
    if !opts.dry_run {
        for tmp in std::mem::take(&mut index.leftovers) {
            // A killed ingest's temporary file, never renamed into place.
            let _ = std::fs::remove_file(tmp);
        }
    }

    let mut raws: Vec<Raw> = inputs
        .par_iter()
        .map(|(rel, abs)| match std::fs::read(abs) {
            Ok(bytes) => {
                let (text, decode_warnings) = match decode::decode(&bytes) {
                    Ok(d) => (Ok(d.text), d.warnings),
                    Err(e) => (Err(e), Vec::new()),
                };
                Raw { rel: rel.clone(), sha: Some(store::sha256_hex(&bytes)), text, decode_warnings, parsed: None }
            }
            Err(e) => Raw {
                rel: rel.clone(),
                sha: None,
                text: Err(format!("cannot be read: {}", crate::error::Error::io("", e).message)),
                decode_warnings: Vec::new(),
                parsed: None,
            },
        })
        .collect();

    // Each file is parsed on its own, with the site's configuration only:
    // what a file converts to never depends on the other files of the run.
    let parse_config = &config.ingest;
    raws.par_iter_mut().for_each(|raw| {
        let Ok(text) = &raw.text else { return };
        let recorded = |e: &&Existing| e.record.as_ref().is_some_and(|r| Some(&r.sha256) == raw.sha.as_ref());
        let converted = index.for_file(&raw.rel).iter().any(recorded)
            || raw.sha.as_deref().is_some_and(|sha| index.for_folded(&raw.rel, sha).is_some());
        if opts.force || !converted {
            raw.parsed = Some(parse::parse(text, parse_config).map_err(|e| e.message));
        }
    });

    let mut reports = early;
    let mut plans: Vec<Plan> = Vec::new();
    let mut run = RunSeen::default();
    for raw in raws {
        let inputs = Inputs { site_dir, config, opts, run: &run, plans: &plans };
        let decision = decide(&inputs, &mut index, raw);
        // The index the file's report gets: its article lists it, to give
        // it the article's final `sources` once the run is decided.
        let at = reports.len();
        let report = match decision {
            Decision::Report(r) => r,
            Decision::Write(r, plan, seen) => {
                add_plan(&mut plans, &mut run, plan, seen, at);
                r
            }
            Decision::Fold(r, copy) => fold_copy(site_dir, &mut plans, &mut run, r, copy, at),
        };
        reports.push(report);
    }

    // Every decision made: the final text of each article, and what its
    // reports say about its sources.
    let mut writes: Vec<(usize, String, String, Option<String>)> = Vec::new();
    for plan in plans {
        let sources = fold::sources_of(&plan.fm);
        let text = frontmatter::render(&plan.fm, &plan.body);
        let same = plan.old.as_deref() == Some(text.as_str()) && plan.remove.is_none();
        for &i in &plan.reports {
            reports[i].sources.clone_from(&sources);
            if same && reports[i].status == Status::Converted {
                reports[i].status = Status::Unchanged;
            }
        }
        if !same {
            writes.push((plan.reports.first().copied().unwrap_or(usize::MAX), plan.path, text, plan.remove));
        }
    }

    if !opts.dry_run {
        let results: Vec<(usize, crate::error::Result<()>)> = writes
            .par_iter()
            .map(|(report, path, text, remove)| {
                let r = store::write_atomic(site_dir, path, text).and_then(|()| match remove {
                    Some(old) => std::fs::remove_file(site_dir.join(old)).map_err(|e| crate::error::Error::io(old, e)),
                    None => Ok(()),
                });
                (*report, r)
            })
            .collect();
        for (i, r) in results {
            if let (Err(e), Some(report)) = (r, reports.get_mut(i)) {
                let file = report.file.clone();
                *report = FileReport::error(&file, format!("could not write {e}"));
            }
        }
    }
    reports
}

/// Adds a converted article to the plans, as the article of report `at`.
/// A file re-converted (`--force`) after copies were folded into its
/// previous version earlier in the run replaces that plan: the copies stay.
fn add_plan(plans: &mut Vec<Plan>, run: &mut RunSeen, mut plan: Plan, seen: Seen, at: usize) {
    plan.reports.push(at);
    let previous = plan.remove.clone().unwrap_or_else(|| plan.path.clone());
    let p = match run.updated.remove(&previous) {
        Some(u) => {
            let earlier = std::mem::replace(&mut plans[u], plan);
            fold::merge(&earlier.fm, &mut plans[u].fm);
            plans[u].reports.extend(earlier.reports);
            u
        }
        None => {
            plans.push(plan);
            plans.len() - 1
        }
    };
    run.by_sha.insert(seen.sha, p);
    if let Some(h) = seen.body {
        run.by_body.entry(h).or_insert(p);
    }
}

/// Records a copy in the article holding its text, as report `at`, and
/// returns that report saying where it went (or, when the article is left
/// alone, why the copy could not be recorded).
fn fold_copy(
    site_dir: &Path,
    plans: &mut Vec<Plan>,
    run: &mut RunSeen,
    mut r: FileReport,
    copy: Duplicate,
    at: usize,
) -> FileReport {
    // The article holding the text, whether or not the copy can be recorded there.
    let target = match copy.into {
        Target::Planned(p) => Ok(p),
        Target::Existing(e) => {
            r.output = Some(e.path.clone());
            plan_for_existing(site_dir, plans, run, &e)
        }
    };
    match target {
        Ok(p) => {
            let plan = &mut plans[p];
            let first = plan.fm.ingest.as_ref().map_or("?", |i| i.file.as_str());
            r.warnings.push(Error::at(
                &r.file,
                format!(
                    "the same article text as {first}: folded into {} as a copy (its source is recorded \
                     in `sources`), not written as an article of its own",
                    plan.path
                ),
            ));
            r.output = Some(plan.path.clone());
            fold::add_copy(&mut plan.fm, copy.source.as_deref(), copy.record);
            plan.reports.push(at);
        }
        Err(why) => r.warnings.push(Error::at(&r.file, why)),
    }
    r
}

/// The plan that rewrites an article of an earlier run to record a copy:
/// one per article however many copies arrive. `Err` is the warning when
/// the article is left alone (see [`fold`]).
fn plan_for_existing(site_dir: &Path, plans: &mut Vec<Plan>, run: &mut RunSeen, e: &Existing) -> Result<usize, String> {
    if let Some(&p) = run.updated.get(&e.path) {
        return Ok(p);
    }
    let first = e.record.as_ref().map_or("?", |r| r.file.as_str());
    match fold::rewritable(site_dir, &e.path, e.article.as_ref()) {
        Ok((fm, body, old)) => {
            plans.push(Plan { reports: Vec::new(), path: e.path.clone(), fm, body, old: Some(old), remove: None });
            run.updated.insert(e.path.clone(), plans.len() - 1);
            Ok(plans.len() - 1)
        }
        Err(why) => Err(format!(
            "the same article text as {first}, already in {path}: not written as an article of its own; {path} was \
             left alone because {why}: to record this copy, add its source to `sources` in {path}",
            path = e.path
        )),
    }
}

/// What this run converted, to recognise copies (indexes into the plans),
/// and the articles of earlier runs it updates (path -> plan).
#[derive(Default)]
struct RunSeen {
    by_sha: HashMap<String, usize>,
    by_body: HashMap<u64, usize>,
    updated: HashMap<String, usize>,
}

/// The raw files to ingest: (name relative to the site, path to read).
/// Paths that cannot be read become error reports.
fn collect_inputs(site_dir: &Path, paths: &[PathBuf]) -> (Vec<(String, PathBuf)>, Vec<FileReport>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    if paths.is_empty() {
        let inbox = site_dir.join(INBOX_DIR);
        if inbox.is_dir() {
            let (found, problems) = txt_files(&inbox);
            inputs = found.into_iter().map(|(name, p)| (format!("{INBOX_DIR}/{name}"), p)).collect();
            errors.extend(problems.into_iter().map(|(name, e)| FileReport::error(&format!("{INBOX_DIR}/{name}"), e)));
        } else if inbox.exists() || inbox.symlink_metadata().is_ok() {
            errors.push(FileReport::error(
                INBOX_DIR,
                "is not a folder (a file, or a symlink to nothing): ingest reads raw articles from the folder \
                 content/inbox/; move it away and make that folder",
            ));
        }
        return (inputs, errors);
    }
    let mut files = Vec::new();
    for p in paths {
        // A relative path is taken from the current directory, or else from
        // the site directory (`--site s ingest content/inbox/x.txt`).
        let p = if p.is_relative() && !p.exists() && site_dir.join(p).exists() { site_dir.join(p) } else { p.clone() };
        if p.is_dir() {
            let (found, problems) = txt_files(&p);
            files.extend(found.into_iter().map(|(_, p)| p));
            errors.extend(problems.into_iter().map(|(name, e)| FileReport::error(&p.join(name).to_string_lossy(), e)));
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

/// `.txt` files directly in `dir` (name, path), sorted by name, with the
/// extension in any case (`.TXT` too) and symlinks followed; hidden files
/// are skipped. Also (name, why) for what cannot be read: a file whose name
/// is not UTF-8 (its article records the name), a symlink to nothing, a
/// folder that cannot be listed (its name is empty then).
fn txt_files(dir: &Path) -> (Vec<(String, PathBuf)>, Vec<Unreadable>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return (found, vec![(String::new(), crate::error::Error::io("", e).message)]),
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let raw_name = entry.file_name();
        let lossy = raw_name.to_string_lossy().into_owned();
        if lossy.starts_with('.') || !is_txt(&lossy) {
            continue;
        }
        let path = entry.path();
        if raw_name.to_str().is_none() {
            problems.push((
                lossy,
                "the file name is not valid UTF-8: rename it (each article records the name of its raw file)".into(),
            ));
        } else if path.is_file() {
            found.push((lossy, path));
        } else if entry.file_type().is_ok_and(|t| t.is_symlink()) && path.metadata().is_err() {
            problems.push((lossy, "is a symlink to something that does not exist: remove or fix the link".into()));
        }
    }
    found.sort();
    problems.sort();
    (found, problems)
}

/// An inbox entry that cannot be ingested: (file name, why).
type Unreadable = (String, String);

/// Whether a file name ends in `.txt`, in any case.
fn is_txt(name: &str) -> bool {
    name.len() > 4 && name.is_char_boundary(name.len() - 4) && name[name.len() - 4..].eq_ignore_ascii_case(".txt")
}
