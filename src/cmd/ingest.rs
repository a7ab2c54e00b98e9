//! `warraq ingest`: convert raw scraped articles into dated Markdown.

use crate::cli::Format;
use crate::config::Config;
use crate::ingest::{self, FileReport, Options, Status};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// `warraq ingest`'s options.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Decide everything and report it, but write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Output format: one line per file (text) or JSON Lines (json).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Re-convert raw files converted before, overwriting their Markdown
    /// (and any edits made to it).
    #[arg(long)]
    pub force: bool,
    /// Exit with status 0 even when some raw files cannot be converted
    /// (they are still reported): a scheduled job keeps publishing.
    #[arg(long)]
    pub keep_going: bool,
    /// Raw files or directories of .txt files (default: content/inbox/).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// Runs `warraq ingest` and prints a line (or JSON object) per raw file: 1 when a file failed (unless `--keep-going`), else 0.
pub fn run(site: &Path, args: Args) -> crate::error::Result<i32> {
    let config = Config::load(site)?;
    let opts = Options { dry_run: args.dry_run, force: args.force, today: crate::date::today() };
    let _lock = if opts.dry_run { None } else { Some(crate::lock::site(site)?) };
    let start = Instant::now();
    let reports = ingest::run(site, &config, &args.paths, &opts);
    let elapsed = start.elapsed().as_secs_f64();

    for r in &reports {
        match args.format {
            Format::Json => crate::outln!("{}", serde_json::to_string(r).expect("reports always serialize")),
            Format::Text => {
                crate::outln!("{}", text_line(r));
                // Each file's warnings next to its line on a terminal.
                for w in &r.warnings {
                    crate::messages::warning(w);
                }
            }
        }
    }
    let summary = summary(&reports, opts.dry_run, elapsed);
    match args.format {
        Format::Text => crate::outln!("{summary}"),
        Format::Json => crate::errln!("{summary}"),
    }
    let failed = reports.iter().any(|r| r.status == Status::Error);
    Ok(if failed && !args.keep_going { 1 } else { 0 })
}

/// `converted a.txt -> x.md`, `unchanged a.txt -> x.md`, `error a.txt: why`.
pub fn text_line(r: &FileReport) -> String {
    match (r.status, &r.output, &r.error) {
        (Status::Error, _, e) => format!("error: {}: {}", r.file, e.as_deref().unwrap_or("failed")),
        (Status::Converted, Some(o), _) => format!("converted {} -> {o}", r.file),
        // Unchanged with a warning: a changed raw file whose Markdown was
        // kept, or a duplicate; say so on the line itself, not only on stderr.
        (Status::Unchanged, Some(o), _) if !r.warnings.is_empty() => {
            format!("unchanged {} -> {o} (not converted again: see the warning)", r.file)
        }
        (Status::Unchanged, Some(o), _) => format!("unchanged {} -> {o}", r.file),
        (s, None, _) => format!("{} {}", if s == Status::Converted { "converted" } else { "unchanged" }, r.file),
    }
}

/// `ingest: 3 converted, 2 unchanged, 1 error (0.01 s)`.
pub fn summary(reports: &[FileReport], dry_run: bool, seconds: f64) -> String {
    let count = |s: Status| reports.iter().filter(|r| r.status == s).count();
    let errors = count(Status::Error);
    if reports.is_empty() {
        return format!("ingest: nothing to ingest (no .txt files in {})", crate::layout::INBOX_DIR);
    }
    format!(
        "ingest{}: {} {}, {} unchanged, {} error{} ({seconds:.2} s)",
        if dry_run { " (dry run, nothing written)" } else { "" },
        count(Status::Converted),
        if dry_run { "would be converted" } else { "converted" },
        count(Status::Unchanged),
        errors,
        crate::messages::plural(errors),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(file: &str, status: Status) -> FileReport {
        FileReport {
            file: file.into(),
            status,
            output: Some("content/articles/undated/x.md".into()),
            title: None,
            date: None,
            draft: false,
            source: None,
            author: None,
            dateline: None,
            sources: vec![],
            tags: vec![],
            body: None,
            warnings: vec![],
            error: None,
        }
    }

    #[test]
    fn lines_and_summary() {
        let a = report("content/inbox/a.txt", Status::Converted);
        assert_eq!(text_line(&a), "converted content/inbox/a.txt -> content/articles/undated/x.md");
        let mut b = report("content/inbox/b.txt", Status::Error);
        b.error = Some("the file is empty".into());
        assert_eq!(text_line(&b), "error: content/inbox/b.txt: the file is empty");
        let c = report("content/inbox/c.txt", Status::Unchanged);
        let all = [a, b, c];
        assert_eq!(summary(&all, false, 0.011), "ingest: 1 converted, 1 unchanged, 1 error (0.01 s)");
        assert!(summary(&all[..1], true, 0.0).contains("dry run"));
        assert!(summary(&all[..1], false, 0.0).ends_with("0 errors (0.00 s)"));
    }
}
