//! Raw article ingest: `content/inbox/*.txt` to dated Markdown under
//! `content/articles/`.
//!
//! `decode` turns bytes into text, `parse` (pure) turns text into an article,
//! `store` knows what is already converted and writes files, `fold` records
//! copies of one article. `run` ties them together: read and parse in
//! parallel (each file on its own), decide in input order (so suffixes and
//! duplicate reports are deterministic), then write.

pub mod decode;
mod fold;
pub mod parse;
pub mod store;

#[cfg(test)]
mod tests;

use crate::config::{Config, UndatedPolicy};
use crate::content::frontmatter::{self, Folded, FrontMatter, IngestRecord};
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
///
/// For a copy folded into another article (status `unchanged`, a warning
/// saying so), the fields describe what the file itself converts to, so a
/// file reads the same alone as in a batch; `output` and `sources` are the
/// article it went into.
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

/// What happens to one raw file. (Returned once per file and consumed at
/// once: not worth a box.)
#[allow(clippy::large_enum_variant)]
enum Decision {
    /// Nothing to write (unchanged, an error, or a copy that could not be
    /// recorded).
    Report(FileReport),
    /// Write an article converted from the file.
    Write(FileReport, Plan, Seen),
    /// The file holds the text of an article: record it there as a copy.
    Fold(FileReport, Target, Option<String>, Folded),
}

/// The article a copy is folded into.
enum Target {
    /// Converted earlier in this run (index into the plans).
    Planned(usize),
    /// Converted in an earlier run.
    Existing(Box<Existing>),
}

/// How a converted file is recognised when a copy of it comes later.
struct Seen {
    sha: String,
    body: Option<u64>,
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
            raw.parsed = Some(parse::parse(text, parse_config).map_err(|e| e.0));
        }
    });

    let mut reports = early;
    let mut plans: Vec<Plan> = Vec::new();
    let mut run = RunSeen::default();
    for raw in raws {
        let at = reports.len();
        match decide(site_dir, config, opts, &mut index, &run, &plans, raw) {
            Decision::Report(r) => reports.push(r),
            Decision::Write(r, mut plan, seen) => {
                plan.reports.push(at);
                let previous = plan.remove.clone().unwrap_or_else(|| plan.path.clone());
                let p = match run.updated.remove(&previous) {
                    // Re-converted (`--force`) after copies were folded into
                    // its previous version earlier in the run: they stay.
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
                reports.push(r);
            }
            Decision::Fold(mut r, into, source, copy) => {
                // The article holding the text, whether or not the copy can be recorded there.
                let target = match into {
                    Target::Planned(p) => Ok(p),
                    Target::Existing(e) => {
                        r.output = Some(e.path.clone());
                        plan_for_existing(site_dir, &mut plans, &mut run, &e)
                    }
                };
                match target {
                    Ok(p) => {
                        let plan = &mut plans[p];
                        let first = plan.fm.ingest.as_ref().map_or("?", |i| i.file.as_str());
                        r.warnings.push(format!(
                            "{}: the same article text as {first}: folded into {} as a copy (its source is recorded \
                             in `sources`), not written as an article of its own",
                            r.file, plan.path
                        ));
                        r.output = Some(plan.path.clone());
                        fold::add_copy(&mut plan.fm, source.as_deref(), copy);
                        plan.reports.push(at);
                    }
                    Err(why) => r.warnings.push(why),
                }
                reports.push(r);
            }
        }
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

/// Decides what happens to one raw file, in input order.
fn decide(
    site_dir: &Path,
    config: &Config,
    opts: &Options,
    index: &mut Index,
    run: &RunSeen,
    plans: &[Plan],
    raw: Raw,
) -> Decision {
    let rel = raw.rel.as_str();
    let Some(sha) = raw.sha.clone() else {
        return Decision::Report(FileReport::error(rel, raw.text.err().unwrap_or_default()));
    };
    let own: Vec<Existing> = index.for_file(rel).into_iter().cloned().collect();
    let mut previous: Option<&Existing> = None;
    if !own.is_empty() {
        let same = own.iter().find(|e| e.record.as_ref().is_some_and(|r| r.sha256 == sha));
        if !opts.force {
            if let Some(e) = same {
                return Decision::Report(FileReport::unchanged(rel, e));
            }
            let e = &own[0];
            let mut r = FileReport::unchanged(rel, e);
            r.warnings.push(format!(
                "{rel}: changed since it was converted to {}; the Markdown (which an editor may have fixed) was left alone: \
                 run warraq ingest --force {rel} to re-convert (this overwrites edits made to the Markdown)",
                e.path
            ));
            return Decision::Report(r);
        }
        if let Some(e) = own.iter().find(|e| e.broken.is_some()) {
            let mut r = FileReport::unchanged(rel, e);
            r.warnings.push(format!("{rel}: not re-converted: fix or delete {} first", e.path));
            return Decision::Report(r);
        }
        previous = Some(same.unwrap_or(&own[0]));
    } else if let Some(e) = index.for_folded(rel, &sha) {
        // Folded into an article as a copy in an earlier run.
        if !opts.force {
            return Decision::Report(FileReport::unchanged(rel, e));
        }
    }

    if let Err(e) = raw.text {
        return Decision::Report(FileReport::error(rel, e));
    }
    let parsed = match raw.parsed {
        Some(Ok(p)) => p,
        Some(Err(e)) => return Decision::Report(FileReport::error(rel, e)),
        // Every file that is not unchanged was parsed; never panic over it.
        None => {
            return Decision::Report(FileReport::error(
                rel,
                "internal error: the file was not parsed (please report this)",
            ))
        }
    };
    let title = parsed.title.trim().to_string();
    if title.is_empty() {
        return Decision::Report(FileReport::error(rel, "no title found: the file has no line that could be a title"));
    }

    let (date, draft, dated_by) = match (parsed.date, config.ingest.undated) {
        (Some(d), _) => (Some(d), false, None),
        (None, UndatedPolicy::Draft) => (None, true, None),
        (None, UndatedPolicy::IngestDate) => (Some(PubDate::Day(opts.today)), false, Some("ingest-date".to_string())),
    };
    let mut tags: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for k in &parsed.keywords {
        let k = k.trim();
        if !k.is_empty() && seen.insert(k.to_string()) {
            tags.push(k.to_string());
        }
    }
    let clean = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    // A credit naming several (`فرانس برس، رويترز، العربي الجديد`): each is a
    // source, the last (the publishing site, after the agencies) the source.
    let credited = clean(parsed.source).map(|s| parse::credit_names(&s)).unwrap_or_default();
    let (source, sources) = match credited.as_slice() {
        [] => (None, Vec::new()),
        [one] => (Some(one.clone()), Vec::new()),
        [.., last] => (Some(last.clone()), credited.clone()),
    };
    let fm = FrontMatter {
        title,
        date: date.map(|d| d.to_toml_literal().parse().expect("PubDate literals are TOML dates")),
        tags,
        source,
        sources,
        author: clean(parsed.author),
        dateline: clean(parsed.dateline),
        draft,
        ingest: Some(IngestRecord { file: rel.to_string(), sha256: sha.clone(), dated_by, folded: Vec::new() }),
        ..Default::default()
    };
    let body = format!("{}\n", parsed.body.trim_end());

    // A copy of an article converted before: folded into it.
    let body_hash = store::body_hash(&body);
    if previous.is_none() {
        let planned = run.by_sha.get(&sha).or_else(|| body_hash.and_then(|h| run.by_body.get(&h)));
        let into = match planned {
            Some(&p) if plans[p].fm.ingest.as_ref().is_some_and(|i| i.file != rel) => Some(Target::Planned(p)),
            _ => index
                .for_sha(&sha)
                .or_else(|| body_hash.and_then(|h| index.for_body(h)))
                .map(|e| Target::Existing(Box::new(e.clone()))),
        };
        if let Some(into) = into {
            let mut r = FileReport::new(rel, Status::Unchanged);
            r.fill(&fm, &body);
            let copy = Folded { file: rel.to_string(), sha256: sha };
            return Decision::Fold(r, into, fm.source.clone(), copy);
        }
    }

    let (dir, prefix) = match date {
        Some(d) => (format!("{ARTICLES_DIR}/{:04}/{:02}", d.year(), d.month()), format!("{}-", d.day().format("%d"))),
        None => (format!("{ARTICLES_DIR}/undated"), String::new()),
    };
    let slug = [slugify(&fm.title), slugify(file_stem(rel))].into_iter().find(|s| !s.is_empty());
    let slug = slug.unwrap_or_else(|| "article".to_string());
    let path = index.claim(site_dir, &dir, &prefix, &slug, previous.map(|e| e.path.as_str()));

    let mut report = FileReport::new(rel, Status::Converted);
    report.output = Some(path.clone());
    report.fill(&fm, &body);
    report.warnings.extend(raw.decode_warnings.iter().chain(&parsed.warnings).map(|w| format!("{rel}: {w}")));
    match (parsed.date, config.ingest.undated) {
        (Some(d), _) => {
            if let Some(why) = crate::date::implausible(d, opts.today) {
                report.warnings.push(format!("{rel}: {why}: correct `date` in {path} if it is not"));
            }
        }
        (None, UndatedPolicy::Draft) => report.warnings.push(format!(
            "{rel}: no publication date found; written as a draft: set date = YYYY-MM-DD and draft = false in {path}"
        )),
        (None, UndatedPolicy::IngestDate) => report.warnings.push(format!(
            "{rel}: no publication date found; dated with the day of ingest, {} (site.toml [ingest] undated = \
             \"ingest-date\"): correct `date` in {path} if the real date is known",
            opts.today.format("%Y-%m-%d")
        )),
    }

    let mut old = None;
    let mut fm = fm;
    if let Some(prev) = previous {
        // Re-converted with --force: the copies folded into the article stay.
        if let Some((prev_fm, _)) = &prev.article {
            fold::merge(prev_fm, &mut fm);
        }
        if prev.path == path {
            old = std::fs::read_to_string(site_dir.join(&prev.path)).ok();
        } else {
            report.warnings.push(format!("{rel}: re-converted to {path}, which replaces {}", prev.path));
        }
    }
    let remove = previous.filter(|p| p.path != path).map(|p| p.path.clone());
    let plan = Plan { reports: Vec::new(), path, fm, body, old, remove };
    Decision::Write(report, plan, Seen { sha, body: body_hash })
}

/// What this run converted, to recognise copies (indexes into the plans),
/// and the articles of earlier runs it updates (path -> plan).
#[derive(Default)]
struct RunSeen {
    by_sha: HashMap<String, usize>,
    by_body: HashMap<u64, usize>,
    updated: HashMap<String, usize>,
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
