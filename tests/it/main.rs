//! The integration tests, one binary (one link of the crate and its
//! dependencies instead of one per file): each module runs the built
//! `warraq` on fixture sites under `tests/fixtures/`, or the library on them.

mod archives;
mod build;
mod cache;
mod check;
mod common;
mod golden;
mod ingest_cli;
mod lean;
mod pages;
mod parse_fixtures;
mod safety;
mod search;
mod serve;
mod topics;
