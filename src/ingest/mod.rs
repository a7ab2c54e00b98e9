//! Raw article ingest (in progress).

pub mod parse;
