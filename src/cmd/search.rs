//! `warraq search`: the search page's query, from the terminal, on the
//! index a build wrote (for editors, scripts and tests). Same matching,
//! ranking and snippets as the page (`crate::search::query`).

use crate::cli::Format;
use crate::error::{Error, Result};
use crate::search::query::{Folder, Options, Outcome, Searcher, Sort};
use std::io::Write;
use std::path::{Path, PathBuf};

/// `warraq search`'s options.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to look for: words, and phrases in quotes ("..." or «...»).
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// Output format: `text`, or `json` (one object).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// How many results to show; 0 shows every match.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,
    /// Order: `best` (most relevant first) or `newest`.
    #[arg(long, value_enum, default_value_t = SortArg::Best)]
    pub sort: SortArg,
    /// Only articles of this year.
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// Only articles with this tag (its slug, as in /tags/SLUG/).
    #[arg(long, value_name = "SLUG")]
    pub tag: Option<String>,
    /// The built site to search (default: public/ in the site).
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

/// `--sort`: the search page's two orders (`search::query::Sort`), as a
/// command-line value. The variants' help is reset to none so `--help`
/// keeps its one line of possible values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortArg {
    /// Most relevant first.
    #[value(help = None)]
    Best,
    /// Newest first.
    #[value(help = None)]
    Newest,
}

/// Runs `warraq search` on the index a build wrote: 0 whether or not anything matched.
pub fn run(site: &Path, args: Args) -> Result<i32> {
    let out_dir = args.output.clone().unwrap_or_else(|| crate::build::default_output(site));
    let dir = out_dir.join(crate::search::DIR);
    if !dir.join("meta.json").is_file() {
        if crate::config::Config::load(site).is_ok_and(|c| !c.search.enabled) {
            return Err(Error::at(
                site.join(crate::layout::CONFIG_FILE),
                "turns search off (`[search] enabled = false`), so builds write no search index: remove the \
                 line and build the site to search it",
            ));
        }
        return Err(Error::at(
            &dir,
            "holds no search index: build the site first (`warraq build`), or pass --output DIR of a built site",
        ));
    }
    let searcher = Searcher::open(Folder(dir))?;
    let query = args.query.join(" ");
    let opts = Options {
        sort: match args.sort {
            SortArg::Best => Sort::Best,
            SortArg::Newest => Sort::Newest,
        },
        year: args.year,
        tag: args.tag.clone(),
        offset: 0,
        limit: args.limit,
    };
    let outcome = searcher.search(&query, &opts)?;
    // A closed pipe (`warraq search x | head`) is not a failure.
    let _ = print(&outcome, args.format);
    Ok(0)
}

fn print(o: &Outcome, format: Format) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => writeln!(out, "{}", serde_json::to_string(o).map_err(std::io::Error::other)?)?,
        Format::Text => {
            let colour = crate::messages::colour_on_stdout();
            for (i, h) in o.results.iter().enumerate() {
                writeln!(out, "{}. {}", i + 1, h.title)?;
                writeln!(out, "   {} · {} · {}", h.date.as_deref().unwrap_or("undated"), h.url, h.score)?;
                if !h.snippet.is_empty() {
                    writeln!(out, "   {}", plain(&h.snippet, colour))?;
                }
            }
            let shown = o.results.len();
            let more = if shown < o.total { format!(" ({shown} shown; --limit 0 shows all)") } else { String::new() };
            writeln!(
                out,
                "{} match{} for «{}»{more}; the page would fetch {} file{} ({:.1} KB)",
                o.total,
                if o.total == 1 { "" } else { "es" },
                o.query,
                o.requests,
                crate::messages::plural(o.requests),
                o.bytes as f64 / 1000.0
            )?;
        }
    }
    out.flush()
}

/// A snippet's HTML as terminal text: entities decoded, marks in bold
/// (or left out without colour).
fn plain(html: &str, colour: bool) -> String {
    let (on, off) = if colour { ("\x1b[1m", "\x1b[0m") } else { ("", "") };
    html.replace("<mark>", on)
        .replace("</mark>", off)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
