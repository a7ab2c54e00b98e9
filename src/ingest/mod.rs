//! Raw article ingest (in progress).

pub mod parse;

// Provisional API surface until the store branch lands.
use crate::config::Config;
use std::path::{Path, PathBuf};

pub struct Options {
    pub dry_run: bool,
    pub force: bool,
    pub today: chrono::NaiveDate,
}

#[derive(Debug, serde::Serialize)]
pub struct FileReport {
    pub file: String,
    pub output: Option<String>,
    pub error: Option<String>,
}

impl FileReport {
    pub fn is_converted(&self) -> bool {
        false
    }
}

pub fn run(_site_dir: &Path, _config: &Config, _paths: &[PathBuf], _opts: &Options) -> Vec<FileReport> {
    Vec::new()
}
