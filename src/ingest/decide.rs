//! What happens to one raw file: left alone, refused, folded into an article
//! as a copy, or converted to an article of its own. Decided in input order
//! (see [`super::run`]), so suffixes and copy reports are deterministic.

use super::store::{self, Existing, Index};
use super::{fold, parse, FileReport, Options, Plan, Raw, RunSeen, Status};
use crate::config::{Config, UndatedPolicy};
use crate::content::frontmatter::{Folded, FrontMatter, IngestRecord};
use crate::date::PubDate;
use crate::error::Error;
use crate::layout::ARTICLES_DIR;
use crate::slug::slugify;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::path::Path;

/// What a decision reads besides the file. The run's settings and what the
/// run converted so far travel together because copies are recognised
/// against the articles planned earlier in this run as well as on disk.
pub(super) struct Inputs<'a> {
    pub site_dir: &'a Path,
    pub config: &'a Config,
    pub opts: &'a Options,
    pub run: &'a RunSeen,
    pub plans: &'a [Plan],
}

/// What happens to one raw file. (Returned once per file and consumed at
/// once: not worth a box.)
#[allow(clippy::large_enum_variant)]
pub(super) enum Decision {
    /// Nothing to write (unchanged, an error, or a copy that could not be
    /// recorded).
    Report(FileReport),
    /// Write an article converted from the file.
    Write(FileReport, Plan, Seen),
    /// The file holds the text of an article: record it there as a copy.
    Fold(FileReport, Duplicate),
}

/// A copy to record in the article holding its text.
pub(super) struct Duplicate {
    pub into: Target,
    /// The copy's own source, added to the article's `sources`.
    pub source: Option<String>,
    pub record: Folded,
}

/// The article a copy is folded into.
pub(super) enum Target {
    /// Converted earlier in this run (index into the plans).
    Planned(usize),
    /// Converted in an earlier run.
    Existing(Box<Existing>),
}

/// How a converted file is recognised when a copy of it comes later.
pub(super) struct Seen {
    pub sha: String,
    pub body: Option<u64>,
}

/// Decides what happens to one raw file, in input order. Only the path
/// claimed for a new article changes `index`: the plans and the run's record
/// of what it converted are the caller's to update with the decision.
pub(super) fn decide(inputs: &Inputs, index: &mut Index, raw: Raw) -> Decision {
    let Raw { rel, sha, text, decode_warnings, parsed } = raw;
    let rel = rel.as_str();
    let Some(sha) = sha else {
        return Decision::Report(FileReport::error(rel, text.err().unwrap_or_default()));
    };
    let previous = match earlier_runs(index, inputs.opts.force, rel, &sha) {
        Ok(previous) => previous,
        Err(report) => return Decision::Report(report),
    };
    let (parsed, title) = match article_of(rel, text, parsed) {
        Ok(found) => found,
        Err(report) => return Decision::Report(report),
    };

    let (policy, today) = (inputs.config.ingest.undated, inputs.opts.today);
    let dating = dating(parsed.date, policy, today);
    let fm = front_matter(&parsed, title, &dating, rel, &sha);
    let body = format!("{}\n", parsed.body.trim_end());

    // A copy of an article converted before: folded into it.
    let body_hash = store::body_hash(&body);
    if previous.is_none() {
        if let Some(into) = copy_of(inputs, index, rel, &sha, body_hash) {
            let mut r = FileReport::new(rel, Status::Unchanged);
            r.fill(&fm, &body);
            let record = Folded { file: rel.to_string(), sha256: sha };
            return Decision::Fold(r, Duplicate { into, source: fm.source.clone(), record });
        }
    }

    let path = article_path(index, inputs.site_dir, rel, dating.date, &fm.title, previous.as_ref());
    let mut report = FileReport::new(rel, Status::Converted);
    report.output = Some(path.clone());
    report.fill(&fm, &body);
    report.warnings.extend(decode_warnings.iter().chain(&parsed.warnings).map(|w| Error::at(rel, w)));
    report.warnings.extend(date_warning(rel, &path, parsed.date, policy, today));
    let (plan, replaced) = plan(inputs.site_dir, rel, previous.as_ref(), path, fm, body);
    report.warnings.extend(replaced);
    Decision::Write(report, plan, Seen { sha, body: body_hash })
}

/// What earlier runs made of the file: `Ok` to convert it (over its previous
/// article with `--force`), `Err` with the report when it is left alone. A
/// changed file is left alone too, since an editor may have fixed its
/// Markdown; only `--force` overwrites that. (Called once per file and the
/// report consumed at once: not worth a box.)
#[allow(clippy::result_large_err)]
fn earlier_runs(index: &Index, force: bool, rel: &str, sha: &str) -> Result<Option<Existing>, FileReport> {
    let own: Vec<&Existing> = index.for_file(rel);
    if own.is_empty() {
        // Folded into an article as a copy in an earlier run.
        return match index.for_folded(rel, sha) {
            Some(e) if !force => Err(FileReport::unchanged(rel, e)),
            _ => Ok(None),
        };
    }
    let same = own.iter().copied().find(|e| e.record.as_ref().is_some_and(|r| r.sha256 == sha));
    if !force {
        if let Some(e) = same {
            return Err(FileReport::unchanged(rel, e));
        }
        let e = own[0];
        let mut r = FileReport::unchanged(rel, e);
        r.warnings.push(Error::at(
            rel,
            format!(
                "changed since it was converted to {}; the Markdown (which an editor may have fixed) was left \
                 alone: run warraq ingest --force {rel} to re-convert (this overwrites edits made to the Markdown)",
                e.path
            ),
        ));
        return Err(r);
    }
    if let Some(e) = own.iter().find(|e| e.broken.is_some()) {
        let mut r = FileReport::unchanged(rel, e);
        r.warnings.push(Error::at(rel, format!("not re-converted: fix or delete {} first", e.path)));
        return Err(r);
    }
    Ok(Some(same.unwrap_or(own[0]).clone()))
}

/// The parsed article and its trimmed title, or the error report: reading,
/// decoding and parsing ran in parallel before, and their failures are only
/// reported here so that a file left alone never reports them.
#[allow(clippy::result_large_err)]
fn article_of(
    rel: &str,
    text: Result<String, String>,
    parsed: Option<Result<parse::Parsed, String>>,
) -> Result<(parse::Parsed, String), FileReport> {
    if let Err(e) = text {
        return Err(FileReport::error(rel, e));
    }
    let parsed = match parsed {
        Some(Ok(p)) => p,
        Some(Err(e)) => return Err(FileReport::error(rel, e)),
        // Every file that is not unchanged was parsed; never panic over it.
        None => return Err(FileReport::error(rel, "internal error: the file was not parsed (please report this)")),
    };
    let title = parsed.title.trim().to_string();
    if title.is_empty() {
        return Err(FileReport::error(rel, "no title found: the file has no line that could be a title"));
    }
    Ok((parsed, title))
}

/// How an article is dated, kept apart from the front matter because the
/// date also places the file (`YYYY/MM/DD-slug.md` or `undated/`).
struct Dating {
    date: Option<PubDate>,
    draft: bool,
    /// `ingest-date` when the day of ingest stands in for a missing date.
    dated_by: Option<String>,
}

/// An undated article follows the site's `[ingest] undated` policy: a draft,
/// or dated with the day of ingest (and recorded as such).
fn dating(found: Option<PubDate>, policy: UndatedPolicy, today: NaiveDate) -> Dating {
    match (found, policy) {
        (Some(d), _) => Dating { date: Some(d), draft: false, dated_by: None },
        (None, UndatedPolicy::Draft) => Dating { date: None, draft: true, dated_by: None },
        (None, UndatedPolicy::IngestDate) => {
            Dating { date: Some(PubDate::Day(today)), draft: false, dated_by: Some("ingest-date".to_string()) }
        }
    }
}

/// The front matter the file converts to. Made before the copy check: a
/// copy's report describes what the file itself converts to, so a file
/// reads the same alone as in a batch.
fn front_matter(parsed: &parse::Parsed, title: String, dating: &Dating, rel: &str, sha: &str) -> FrontMatter {
    let mut tags: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for k in &parsed.keywords {
        let k = k.trim();
        if !k.is_empty() && seen.insert(k.to_string()) {
            tags.push(k.to_string());
        }
    }
    let (source, sources) = credited(clean(parsed.source.clone()));
    FrontMatter {
        title,
        date: dating.date.map(|d| d.to_toml_literal().parse().expect("PubDate literals are TOML dates")),
        tags,
        source,
        sources,
        author: clean(parsed.author.clone()),
        dateline: clean(parsed.dateline.clone()),
        draft: dating.draft,
        ingest: Some(IngestRecord {
            file: rel.to_string(),
            sha256: sha.to_string(),
            dated_by: dating.dated_by.clone(),
            folded: Vec::new(),
        }),
        ..Default::default()
    }
}

fn clean(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// `source` and `sources` from a credit. A credit naming several
/// (`فرانس برس، رويترز، العربي الجديد`): each is a source, the last (the
/// publishing site, after the agencies) the source.
fn credited(credit: Option<String>) -> (Option<String>, Vec<String>) {
    let credited = credit.map(|s| parse::credit_names(&s)).unwrap_or_default();
    match credited.as_slice() {
        [] => (None, Vec::new()),
        [one] => (Some(one.clone()), Vec::new()),
        [.., last] => (Some(last.clone()), credited.clone()),
    }
}

/// The article holding the same text, converted earlier in this run (by the
/// file's bytes, then its body) or in an earlier run. A file's own article
/// of this run is not its copy: the same file given twice is one input.
fn copy_of(inputs: &Inputs, index: &Index, rel: &str, sha: &str, body_hash: Option<u64>) -> Option<Target> {
    let planned = inputs.run.by_sha.get(sha).or_else(|| body_hash.and_then(|h| inputs.run.by_body.get(&h)));
    match planned {
        Some(&p) if inputs.plans[p].fm.ingest.as_ref().is_some_and(|i| i.file != rel) => Some(Target::Planned(p)),
        _ => index
            .for_sha(sha)
            .or_else(|| body_hash.and_then(|h| index.for_body(h)))
            .map(|e| Target::Existing(Box::new(e.clone()))),
    }
}

/// Where the article goes, claimed in `index` so that a later file of the
/// run with the same slug gets a suffix; a re-converted article may keep its
/// own path.
fn article_path(
    index: &mut Index,
    site_dir: &Path,
    rel: &str,
    date: Option<PubDate>,
    title: &str,
    previous: Option<&Existing>,
) -> String {
    let (dir, prefix) = match date {
        Some(d) => (format!("{ARTICLES_DIR}/{:04}/{:02}", d.year(), d.month()), format!("{}-", d.day().format("%d"))),
        None => (format!("{ARTICLES_DIR}/undated"), String::new()),
    };
    let slug = [slugify(title), slugify(file_stem(rel))].into_iter().find(|s| !s.is_empty());
    let slug = slug.unwrap_or_else(|| "article".to_string());
    index.claim(site_dir, &dir, &prefix, &slug, previous.map(|e| e.path.as_str()))
}

/// What an editor should check about the date: a found date that looks
/// wrong, or how an undated article was handled (the site's policy).
fn date_warning(
    rel: &str,
    path: &str,
    found: Option<PubDate>,
    policy: UndatedPolicy,
    today: NaiveDate,
) -> Option<Error> {
    let message = match (found, policy) {
        (Some(d), _) => {
            format!("{}: correct `date` in {path} if it is not", crate::date::implausible(d, today)?)
        }
        (None, UndatedPolicy::Draft) => {
            format!("no publication date found; written as a draft: set date = YYYY-MM-DD and draft = false in {path}")
        }
        (None, UndatedPolicy::IngestDate) => format!(
            "no publication date found; dated with the day of ingest, {} (site.toml [ingest] undated = \
             \"ingest-date\"): correct `date` in {path} if the real date is known",
            today.format("%Y-%m-%d")
        ),
    };
    Some(Error::at(rel, message))
}

/// The article to write, and the warning when it replaces its previous
/// Markdown at another path. Re-converted with `--force`, an article keeps
/// the copies folded into it; its old text is read so that an article that
/// comes out the same is not written again.
fn plan(
    site_dir: &Path,
    rel: &str,
    previous: Option<&Existing>,
    path: String,
    mut fm: FrontMatter,
    body: String,
) -> (Plan, Option<Error>) {
    let mut old = None;
    let mut replaced = None;
    if let Some(prev) = previous {
        if let Some((prev_fm, _)) = &prev.article {
            fold::merge(prev_fm, &mut fm);
        }
        if prev.path == path {
            old = std::fs::read_to_string(site_dir.join(&prev.path)).ok();
        } else {
            replaced = Some(Error::at(rel, format!("re-converted to {path}, which replaces {}", prev.path)));
        }
    }
    let remove = previous.filter(|p| p.path != path).map(|p| p.path.clone());
    (Plan { reports: Vec::new(), path, fm, body, old, remove }, replaced)
}

fn file_stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name)
}
