//! Command-line interface: argument parsing and dispatch to `cmd::*`.

use crate::cmd;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// The whole command line. (Its `about` is set explicitly, so this comment is
/// not shown in `--help`.)
#[derive(Debug, Parser)]
#[command(name = "warraq", version, about = "Static archive site generator for Arabic news", long_about = None)]
pub struct Cli {
    /// The site directory, holding site.toml (default: the current directory);
    /// before or after the command.
    #[arg(long, value_name = "DIR")]
    pub site: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// `--site` after the command, on every command that works on a site: not
/// a global option, so `init` (which makes a site in DIR) does not offer it.
#[derive(Debug, clap::Args)]
pub struct SiteDir {
    /// The site directory, holding site.toml (default: the current directory).
    #[arg(long = "site", value_name = "DIR")]
    pub site: Option<PathBuf>,
}

/// `--format` of the commands that report (`check`, `ingest`, `tags`,
/// `search`): lines for a person, or JSON for a script.
///
/// The variants' help is reset to none: a doc comment would otherwise add a
/// list of possible values to `--help`, and each option's own help already
/// says what the values mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Lines for a person to read.
    #[default]
    #[value(help = None)]
    Text,
    /// JSON for scripts (JSON Lines for `ingest`, one document otherwise).
    #[value(help = None)]
    Json,
}

/// The subcommands; each runs one `cmd::*::run`. (The variants' doc
/// comments are their `--help` text.)
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest new inbox files, then render the site into public/.
    Build {
        /// `--site` after the command.
        #[command(flatten)]
        site: SiteDir,
        /// The command's own options.
        #[command(flatten)]
        args: cmd::build::Args,
    },
    /// Build with drafts, serve the site locally and rebuild on change.
    Serve {
        /// `--site` after the command.
        #[command(flatten)]
        site: SiteDir,
        /// The command's own options.
        #[command(flatten)]
        args: cmd::serve::Args,
    },
    /// Convert raw scraped articles into dated Markdown.
    Ingest {
        /// `--site` after the command.
        #[command(flatten)]
        site: SiteDir,
        /// The command's own options.
        #[command(flatten)]
        args: cmd::ingest::Args,
    },
    /// Build in memory and report broken links, undated articles, unknown keys.
    Check {
        /// `--site` after the command.
        #[command(flatten)]
        site: SiteDir,
        /// The command's own options.
        #[command(flatten)]
        args: cmd::check::Args,
    },
    /// List tags with their counts, merged spellings and articles.
    Tags {
        /// `--site` after the command.
        #[command(flatten)]
        site: SiteDir,
        /// The command's own options.
        #[command(flatten)]
        args: cmd::tags::Args,
    },
    /// Search the built site's index, as its search page does.
    Search {
        /// `--site` after the command.
        #[command(flatten)]
        site: SiteDir,
        /// The command's own options.
        #[command(flatten)]
        args: cmd::search::Args,
    },
    /// Create a new site in DIR.
    Init(cmd::init::Args),
    /// Create a new hand-written article.
    New {
        /// `--site` after the command.
        #[command(flatten)]
        site: SiteDir,
        /// The command's own options.
        #[command(flatten)]
        args: cmd::new::Args,
    },
}

/// Parses the command line, runs the command and returns the exit status.
pub fn run() -> i32 {
    let cli = Cli::parse();
    let before = cli.site;
    // `--site` after the command wins over one before it.
    let site = |after: SiteDir| after.site.or(before.clone()).unwrap_or_else(|| PathBuf::from("."));
    let result = match cli.command {
        Command::Build { site: s, args } => cmd::build::run(&site(s), args),
        Command::Serve { site: s, args } => cmd::serve::run(&site(s), args),
        Command::Ingest { site: s, args } => cmd::ingest::run(&site(s), args),
        Command::Check { site: s, args } => cmd::check::run(&site(s), args),
        Command::Tags { site: s, args } => cmd::tags::run(&site(s), args),
        Command::Search { site: s, args } => cmd::search::run(&site(s), args),
        Command::Init(_) if before.is_some() => Err(crate::error::Error::new(
            "`init` makes the site in DIR and takes no --site: run `warraq init DIR`".to_string(),
        )),
        Command::Init(a) => cmd::init::run(a),
        Command::New { site: s, args } => cmd::new::run(&site(s), args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            crate::messages::error(e);
            1
        }
    }
}
