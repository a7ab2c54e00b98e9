//! `warraq check`: build in memory and report what would break or should be
//! looked at. Exit status 1 when there is any error (a deploy should stop),
//! 0 with warnings and notes only.

use crate::check::{check, counts, Finding, Severity};
use crate::cli::Format;
use crate::error::Result;
use std::io::Write;
use std::path::Path;

/// `warraq check`'s options.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format: `text` (one `file:line: severity: message` line each,
    /// then a summary) or `json` (one object).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Absolute URL the site will be served from (overrides site.toml), as
    /// given to `build`: links written with its path are recognised.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Report raw inbox files that cannot be converted as warnings, not
    /// errors (as `build --keep-going` publishes without them).
    #[arg(long)]
    pub keep_going: bool,
}

/// Runs `warraq check` and prints its findings: 1 when any is an error, else 0.
pub fn run(site: &Path, args: Args) -> Result<i32> {
    let mut findings = check(site, args.base_url);
    if args.keep_going {
        for f in findings.iter_mut().filter(|f| f.kind == crate::check::kind::INGEST) {
            f.severity = Severity::Warning;
        }
        crate::check::sort(&mut findings);
    }
    let (errors, warnings, notes) = counts(&findings);
    // A closed pipe (`warraq check | head`) is not a failure of the check:
    // the exit status still tells whether there were errors.
    let _ = print(&findings, args.format, (errors, warnings, notes));
    Ok(if errors > 0 { 1 } else { 0 })
}

fn print(
    findings: &[Finding],
    format: Format,
    (errors, warnings, notes): (usize, usize, usize),
) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let json = serde_json::json!({
                "errors": errors,
                "warnings": warnings,
                "notes": notes,
                "findings": findings,
            });
            writeln!(out, "{json}")?;
        }
        Format::Text => {
            let colour = crate::messages::colour_on_stdout();
            for f in findings {
                writeln!(out, "{}", text_line(f, colour))?;
            }
            writeln!(out, "{}", summary(errors, warnings, notes))?;
        }
    }
    out.flush()
}

/// `path:line: severity: message`, the severity coloured when asked.
pub fn text_line(f: &Finding, colour: bool) -> String {
    let plain = f.to_string();
    if !colour {
        return plain;
    }
    let (word, code) = match f.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
        Severity::Note => ("note", "1;36"),
    };
    let needle = format!("{word}: ");
    match plain.find(&needle) {
        Some(i) => format!("{}\x1b[{code}m{word}\x1b[0m: {}", &plain[..i], &plain[i + needle.len()..]),
        None => plain,
    }
}

/// `check: 2 errors, 3 warnings, 5 notes`.
pub fn summary(errors: usize, warnings: usize, notes: usize) -> String {
    let n = |k: usize, one: &str| format!("{k} {one}{}", crate::messages::plural(k));
    format!("check: {}, {}, {}", n(errors, "error"), n(warnings, "warning"), n(notes, "note"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_line() {
        assert_eq!(summary(2, 3, 5), "check: 2 errors, 3 warnings, 5 notes");
        assert_eq!(summary(1, 0, 1), "check: 1 error, 0 warnings, 1 note");
    }
}
