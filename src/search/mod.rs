//! Search: a static index of the archive that the search page (`/search/`)
//! and `warraq search` query the same way.
//!
//! - [`spec`]: how text becomes words and keys (one spec; the browser gets
//!   its tables in `meta.json`);
//! - [`analyze`]: which prefix each word of the archive carries and which
//!   words are one family, decided from the archive;
//! - [`variants`]: which spellings are one foreign name (`ترامب`, `ترمب`),
//!   learned from the archive;
//! - [`index`]: the index built from a site (pure), split into files so a
//!   query reads only what it needs ([`postings`], then [`lists`]); its
//!   documents held as their JSON (`docs`);
//! - [`encode`]: the binary files' format;
//! - [`query`] and [`snippet`]: answering a query on the built files, as
//!   `static/search/search.js` does in the browser.
//!
//! The output holds, under `search/`: `index.html` (the page), `search.js`
//! (a theme static file), `meta.json` (loaded with the page), word lists
//! `t/N.bin` and their positions `p/N.bin`, and fragments `f/N/M.json` (what a
//! result shows, two articles a file; see [`fragments`]).

pub mod analyze;
mod docs;
pub mod encode;
pub mod fragments;
pub mod index;
mod kept;
pub mod lists;
pub mod postings;
pub mod query;
pub mod snippet;
pub mod spec;
mod table;
pub mod tokens;
pub mod variants;

pub use index::{build, build_with, Index};

/// The folder of the index in the output.
pub const DIR: &str = "search";
