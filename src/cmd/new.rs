//! `warraq new`.

use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_site: &Path, _args: Args) -> crate::error::Result<i32> {
    Err(crate::error::Error::new("not yet implemented"))
}
