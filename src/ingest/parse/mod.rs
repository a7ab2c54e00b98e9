//! The raw-article parser: scraped text in, structured article out.
//!
//! Pure: no I/O, no clock. `ingest::store` does the file work around it.
//! (Provisional minimal version: the real parser replaces this file.)

use crate::config::IngestConfig;
use crate::date::PubDate;

/// What the parser found in one raw article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    pub title: String,
    /// The publication date, when one was found (never a caption's or a
    /// second article's date).
    pub date: Option<PubDate>,
    pub source: Option<String>,
    /// Keyword phrases from the keyword lines, segmented, as written.
    pub keywords: Vec<String>,
    /// The article body as Markdown (scraped text escaped, `##` subheadings).
    pub body: String,
    /// Things an editor should look at (sentences, no file name).
    pub warnings: Vec<String>,
}

/// Why a raw text is not an article (a sentence, no file name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(pub String);

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses decoded raw text (already UTF-8, BOM and CRLF removed).
pub fn parse(text: &str, _config: &IngestConfig) -> Result<Parsed, ParseError> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let title = lines.next().ok_or_else(|| ParseError("the file has no text".into()))?.to_string();
    let body = lines.collect::<Vec<_>>().join("\n\n");
    Ok(Parsed { title, body, ..Default::default() })
}
