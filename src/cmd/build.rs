//! `warraq build`: ingest what is new in the inbox, render the site.

use crate::build::{build, BuildOptions, BuildSummary};
use crate::error::Result;
use crate::messages::plural;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// `warraq build`'s options.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output directory (default: public/ in the site).
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Absolute URL the site will be served from (overrides site.toml).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Render drafts and undated articles too.
    #[arg(long)]
    pub drafts: bool,
    /// Do not ingest new inbox files first.
    #[arg(long)]
    pub no_ingest: bool,
    /// Exit with status 0 when the site was built even though some raw
    /// inbox files could not be converted (they are still reported).
    #[arg(long)]
    pub keep_going: bool,
    /// The build cache's folder (default: .warraq-cache/ in the site). A
    /// page whose inputs did not change since the last build is not
    /// rendered again; the output is the same with or without the cache.
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    pub cache_dir: Option<PathBuf>,
    /// Render every page, without reading or writing the build cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Take the output to be as the last build with this cache left it:
    /// its files are not looked at one by one (at a million articles, 1.76
    /// million lookups). For a job that restores the output and the cache
    /// together and lets nothing else write the output. Applied only when
    /// the output's seal names this cache and none of its folders two
    /// levels down changed; not noticed: a file edited in place by hand,
    /// or added, deleted or moved by hand inside a folder three or more
    /// levels down (an article's own folder).
    #[arg(long, conflicts_with = "no_cache")]
    pub trust_output: bool,
}

/// Runs `warraq build`: 0 when the site was built and every inbox file converted (or `--keep-going`), 1 otherwise.
pub fn run(site: &Path, args: Args) -> Result<i32> {
    let cache = match (args.no_cache, args.cache_dir) {
        (true, _) => None,
        (false, Some(dir)) => Some(dir),
        (false, None) => Some(site.join(crate::layout::CACHE_DIR)),
    };
    let opts = BuildOptions {
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        ingest: !args.no_ingest,
        cache,
        trust_output: args.trust_output,
    };
    let bar = progress_bar();
    let tick = |done: usize, total: usize| {
        if let Some(b) = &bar {
            b.set_length(total as u64);
            b.set_position(done as u64);
        }
    };
    let result = build(site, &opts, Some(&tick));
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    match result {
        Ok(summary) => {
            report(site, &summary);
            let failed = summary.ingest.iter().filter(|r| r.error.is_some()).count();
            if failed > 0 {
                crate::errln!(
                    "{failed} inbox file{} failed to ingest (see the errors above); the rest of the site was built{}",
                    plural(failed),
                    if args.keep_going { " (--keep-going: exit status 0)" } else { "" }
                );
                return Ok(if args.keep_going { 0 } else { 1 });
            }
            Ok(0)
        }
        Err(errors) => {
            for e in &errors {
                crate::messages::error(e);
            }
            crate::errln!(
                "build failed: {} error{}; the previous output was left as it was",
                errors.len(),
                plural(errors.len())
            );
            Ok(1)
        }
    }
}

/// A progress bar on an interactive terminal only: CI logs get one line.
pub(crate) fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || std::env::var_os("NO_COLOR").is_some() || std::env::var_os("CI").is_some() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(10));
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    Some(bar)
}

fn report(site: &Path, s: &BuildSummary) {
    for r in &s.ingest {
        for w in &r.warnings {
            crate::messages::warning(w);
        }
        if let Some(e) = &r.error {
            crate::messages::error(format_args!("{}: {e}", r.file));
        }
    }
    for w in &s.warnings {
        crate::messages::warning(w);
    }
    if s.output_trusted == Some(false) {
        crate::errln!(
            "note: --trust-output: the output was not as the build cache's last build left it (a first build, or \
             another build, a restore or a hand changed it since): each file was looked at"
        );
    }
    let converted = s.ingest.iter().filter(|r| r.status == crate::ingest::Status::Converted).count();
    let ingested = if converted > 0 { format!("ingested {converted}, ") } else { String::new() };
    crate::outln!(
        "{ingested}built {} page{} ({} article{}, {} tag{}, {} draft{}) in {:.2} s: {} written, {} unchanged{} -> {}",
        s.pages,
        plural(s.pages),
        s.articles,
        plural(s.articles),
        s.tags,
        plural(s.tags),
        s.drafts,
        plural(s.drafts),
        s.elapsed.as_secs_f64(),
        s.written,
        s.unchanged,
        if s.cached > 0 { format!(", {} files not rendered (build cache)", s.cached) } else { String::new() },
        crate::messages::shown(site, &s.output)
    );
}
