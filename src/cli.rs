//! Command-line interface: argument parsing and dispatch to `cmd::*`.

use crate::cmd;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "warraq", version, about = "Static archive site generator for Arabic news", long_about = None)]
pub struct Cli {
    /// The site directory (holds site.toml).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub site: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest new inbox files, then render the site into public/.
    Build(cmd::build::Args),
    /// Build with drafts, serve the site locally and rebuild on change.
    Serve(cmd::serve::Args),
    /// Convert raw scraped articles into dated Markdown.
    Ingest(cmd::ingest::Args),
    /// Build in memory and report broken links, undated articles, unknown keys.
    Check(cmd::check::Args),
    /// List tags with their counts, merged spellings and articles.
    Tags(cmd::tags::Args),
    /// Search the built site's index, as its search page does.
    Search(cmd::search::Args),
    /// Create a new site in DIR.
    Init(cmd::init::Args),
    /// Create a new hand-written article.
    New(cmd::new::Args),
}

/// Parses the command line, runs the command and returns the exit status.
pub fn run() -> i32 {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(a) => cmd::build::run(&cli.site, a),
        Command::Serve(a) => cmd::serve::run(&cli.site, a),
        Command::Ingest(a) => cmd::ingest::run(&cli.site, a),
        Command::Check(a) => cmd::check::run(&cli.site, a),
        Command::Tags(a) => cmd::tags::run(&cli.site, a),
        Command::Search(a) => cmd::search::run(&cli.site, a),
        Command::Init(a) => cmd::init::run(a),
        Command::New(a) => cmd::new::run(&cli.site, a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            crate::errln!("error: {e}");
            1
        }
    }
}
