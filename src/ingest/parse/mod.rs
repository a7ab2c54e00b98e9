//! The raw-article parser: scraped text in, structured article out.
//!
//! Pure: no I/O, no clock. `ingest::store` does the file work around it.
//!
//! The parser works line by line: every non-empty line is trimmed and keyed
//! once ([`text::Line`]), then classified by small passes (see
//! [`structure`]): cut markers, debris, metadata, captions, dates, the
//! title, subheadings. Each concern lives in its own module:
//! [`dates`] (+ [`hijri`]), [`debris`], [`source`], [`keywords`],
//! [`escape`]. Everything is linear in the input size; no regexes.
//!
//! Judgement calls, so an editor knows what to expect:
//! * Source: an explicit `المصدر:` (with colon) wins over `المصدر X`, which
//!   wins over a closing credit `(…، …)`, then a dateline (`سول -رويترز`),
//!   then the site name of a `SITE_ متابعات` byline. The colon form is the
//!   publishing site's own field; the bare form is usually a glued agency
//!   credit (seed 000: `المصدر رويترز … المصدر: كويت نيوز` gives كويت نيوز).
//! * A short non-sentence line above the first paragraph, or after the last
//!   one, is dropped as page furniture; between paragraphs it becomes a
//!   `##` subheading, unless it is a list item or ends with a colon.
//! * A line ending in a photo credit is a caption (dropped) when the credit
//!   is a Latin agency name, when the line is printed twice, or when it sits
//!   above the text; an Arabic credit at the end of a paragraph inside the
//!   text is left alone.
//! * Keywords keep the keyword line's spelling, except Persian-letter
//!   spellings, which take the article's own spelling.
//! * Hijri dates use the tabular calendar: within a day of the sighted date.

mod dates;
mod debris;
mod escape;
mod hijri;
mod keywords;
mod source;
mod structure;
mod text;

#[cfg(test)]
mod tests;

use crate::config::IngestConfig;
use crate::date::PubDate;
use std::collections::{HashMap, HashSet};

pub use dates::parse_date;
pub use escape::escape_line;

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

impl std::error::Error for ParseError {}

/// Below this share of Arabic letters a text is not Arabic news.
const MIN_ARABIC_SHARE: f64 = 0.3;
/// Fewer Arabic letters than this cannot be an article.
const MIN_ARABIC_LETTERS: usize = 20;

/// Parses decoded raw text (already UTF-8, BOM and CRLF removed).
///
/// Errors are sentences saying what is wrong with the text and what to do;
/// the caller adds the file name.
pub fn parse(text: &str, config: &IngestConfig) -> Result<Parsed, ParseError> {
    check_text(text)?;
    let lines: Vec<text::Line> = text
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c.is_control() || c == '\u{feff}'))
        .filter(|l| !l.is_empty())
        .map(text::Line::new)
        .collect();
    structure::assemble(lines, config)
}

/// Rejects texts that are not articles: empty, binary, not Arabic.
fn check_text(text: &str) -> Result<(), ParseError> {
    if text.trim().is_empty() {
        return Err(ParseError(
            "the file is empty or holds only whitespace: there is no article to convert; remove it from the inbox"
                .into(),
        ));
    }
    let total = text.chars().count();
    let garbage =
        text.chars().filter(|&c| c == '\u{fffd}' || (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))).count();
    if text.contains('\0') || garbage > 3.max(total / 100) {
        return Err(ParseError(format!(
            "the file holds binary data or control characters ({garbage} of {total} characters): \
             it is not a text article; re-export it as text or remove it from the inbox"
        )));
    }
    let (share, arabic) = text::arabic_share(text);
    if share >= MIN_ARABIC_SHARE && arabic < MIN_ARABIC_LETTERS {
        return Err(ParseError(format!(
            "the text is too short to be an article ({arabic} Arabic letters): it holds a title or a line at most; \
             complete the raw file or remove it from the inbox"
        )));
    }
    if share < MIN_ARABIC_SHARE || arabic < MIN_ARABIC_LETTERS {
        return Err(ParseError(format!(
            "the text is not Arabic news (only {:.0}% of its letters, {arabic} letters, are Arabic): \
             remove it from the inbox, or write the article by hand with `warraq new`",
            share * 100.0
        )));
    }
    Ok(())
}

/// Keys of short non-sentence lines (at most six words, no final sentence
/// punctuation, not a date) that occur in at least three of `texts`: the
/// page furniture of a site, which the store side can pass back in as
/// `config.debris`. A line counts once per text. Sorted for determinism.
///
/// Note: `config.debris` entries also match as a line *prefix*; callers should
/// feed back only lines that cannot start a real sentence (multi-word ones).
pub fn common_short_lines(texts: &[&str]) -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for t in texts {
        let mut seen: HashSet<String> = HashSet::new();
        for raw in t.lines() {
            let raw = raw.trim();
            if raw.is_empty() {
                continue;
            }
            let line = text::Line::new(raw);
            if text::is_short_nonsentence(&line)
                && line.key.chars().any(crate::arabic::is_arabic_letter)
                && dates::date_line(&line).is_none()
            {
                seen.insert(line.key);
            }
        }
        for k in seen {
            *counts.entry(k).or_default() += 1;
        }
    }
    let mut out: Vec<String> = counts.into_iter().filter(|(_, n)| *n >= 3).map(|(k, _)| k).collect();
    out.sort();
    out
}
