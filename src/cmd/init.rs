//! `warraq init`.

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> crate::error::Result<i32> {
    Err(crate::error::Error::new("not yet implemented"))
}
