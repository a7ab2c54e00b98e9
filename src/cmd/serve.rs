//! `warraq serve`: build with drafts, serve locally, rebuild on change.

use std::net::IpAddr;
use std::path::Path;

/// `warraq serve`'s options.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Port to listen on; when it is taken, the next free one (of 10) is used.
    #[arg(long, default_value_t = 1111, value_name = "N")]
    pub port: u16,
    /// Address to listen on (loopback by default: the preview is private).
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: IpAddr,
    /// Open the site in a web browser.
    #[arg(long)]
    pub open: bool,
    /// Also answer requests for this host name (localhost and IP addresses
    /// always work; any other name is refused, which keeps drafts away from
    /// other web sites). Repeatable.
    #[arg(long = "allow-host", value_name = "HOST")]
    pub allow_hosts: Vec<String>,
}

/// Runs `warraq serve` until interrupted.
pub fn run(site: &Path, args: Args) -> crate::error::Result<i32> {
    let opts =
        crate::serve::Options { port: args.port, bind: args.bind, open: args.open, allow_hosts: args.allow_hosts };
    crate::serve::run(site, opts)
}
