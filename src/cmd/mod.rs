//! One module per command, as mdBook lays them out. Each takes the site
//! directory and its parsed arguments and returns the exit status.

pub mod build;
pub mod check;
pub mod ingest;
pub mod init;
pub mod new;
pub mod search;
pub mod serve;
pub mod tags;
