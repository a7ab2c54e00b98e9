//! warraq: a static archive site generator for Arabic news.
//!
//! The pipeline is a chain of stages, each a module with plain data in and out:
//!
//! ```text
//! content/inbox/*.txt --ingest--> content/articles/**.md
//! content/**/*.md     --content--> Vec<Article>
//! articles            --topics-->  tags and related articles
//! articles + tags     --render-->  in-memory pages
//! site                --search-->  the search index (part of the render jobs)
//! pages               --output-->  public/ (changed files staged, then renamed in)
//! ```
//!
//! I/O lives at the edges (`content::load`, `ingest::store`, `output`); the
//! stages in between are pure so they can be tested and benchmarked alone.

pub mod arabic;
pub mod atomic;
pub mod background;
pub mod build;
pub mod cache;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod date;
pub mod disk;
pub mod error;
pub mod flat;
pub mod hash;
pub mod ingest;
pub mod layout;
pub mod lock;
pub mod markdown;
pub mod memory;
pub mod messages;
pub mod output;
pub mod render;
pub mod sanitize;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod theme;
pub mod timings;
pub mod topics;
