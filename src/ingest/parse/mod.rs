//! The raw-article parser: scraped text in, structured article out.
//!
//! Pure: no I/O, no clock. `ingest::store` does the file work around it.
//!
//! Each file is converted on its own: nothing learned from other files of
//! the inbox changes how a file converts, so a file gives the same article
//! alone as in a batch of thousands.
//!
//! The parser works line by line: every non-empty line is trimmed and keyed
//! once ([`text::Line`]), then classified by small passes (see
//! [`structure`]): cut markers, debris, metadata, captions, dates, the
//! title, the byline; what is left is the text, set as paragraphs,
//! subheadings and verse ([`blocks`]). Each concern lives in its own module:
//! [`dates`] (+ [`hijri`]), [`debris`], [`source`], [`byline`] (+ [`names`]),
//! [`keywords`], [`escape`]. Everything is linear in the input size; no
//! regexes.
//!
//! Judgement calls, so an editor knows what to expect:
//! * A line is dropped only when it has a known shape of page furniture or
//!   metadata (the lists of [`debris`], `site.toml` `[ingest] debris`,
//!   date, source and keyword lines, captions with a photo credit, the
//!   byline, the title printed again right under itself, a single stray line
//!   between the title and the date line). Every other line is the
//!   article's, wherever it is (a line repeating the title further down is
//!   a poem's line or a refrain).
//! * Source: an explicit `المصدر:` (with colon) wins over `المصدر X`, which
//!   wins over a closing credit `(…، …)`, then the agency or paper named by
//!   the byline (`سول -رويترز`, `المناطق_ متابعات`); a person's name or a
//!   place is never the source. The colon form is the publishing site's own
//!   field; the bare form is usually a glued agency credit (seed 000:
//!   `المصدر رويترز … المصدر: كويت نيوز` gives كويت نيوز).
//! * Author: the first byline between the title and the text
//!   (`لندن: رنيم حنوش` gives the author رنيم حنوش and the dateline لندن).
//! * Short lines: several in a row are verse (hard line breaks kept); a
//!   single one between paragraphs is a `##` subheading, unless it is a
//!   list item or ends with a colon or a comma; elsewhere a paragraph.
//! * Control characters (other than tab and newline) are removed from the
//!   text; they never make a line or a file go. HTML character references
//!   that scrapers copy from a page's source (`&quot;`, `&#8220;`) become
//!   the characters they stand for ([`entities`]).
//! * A line ending in a photo credit is a caption (dropped) when the credit
//!   is a Latin agency name, when the line is printed twice, or when it sits
//!   above the text; an Arabic credit at the end of a paragraph inside the
//!   text is left alone.
//! * Keywords keep the keyword line's spelling, except Persian-letter
//!   spellings, which take the article's own spelling.
//! * Hijri dates use the tabular calendar: within a day of the sighted date.

mod blocks;
mod byline;
mod dates;
mod debris;
mod entities;
mod escape;
mod hijri;
mod keywords;
mod names;
mod source;
mod structure;
mod text;

#[cfg(test)]
mod tests;

use crate::config::IngestConfig;
use crate::date::PubDate;
use crate::error::Error;
use std::borrow::Cow;

pub use dates::parse_date;
pub use escape::escape_line;
pub use source::credit_names;

/// What the parser found in one raw article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    /// The headline, or one made from the first sentence (with a warning);
    /// empty when no line could be one, and ingest then refuses the file.
    pub title: String,
    /// The publication date, when one was found (never a caption's or a
    /// second article's date).
    pub date: Option<PubDate>,
    /// The paper, from a source line or a closing credit (which one wins is
    /// in the module doc).
    pub source: Option<String>,
    /// The byline's name: a person, or the agency or desk that signs.
    pub author: Option<String>,
    /// The byline's place (where the story was filed).
    pub dateline: Option<String>,
    /// Keyword phrases from the keyword lines, segmented, as written.
    pub keywords: Vec<String>,
    /// The article body as Markdown (scraped text escaped, `##` subheadings).
    pub body: String,
    /// Things an editor should look at (sentences, no file name).
    pub warnings: Vec<String>,
}

/// Below this share of Arabic letters a text is not Arabic news...
const MIN_ARABIC_SHARE: f64 = 0.3;
/// ...unless it holds this many Arabic letters, a paragraph's worth (an
/// article with a page's scripts or styles scraped along, or an English
/// quote longer than the Arabic around it).
const ENOUGH_ARABIC_LETTERS: usize = 100;
/// Fewer Arabic letters than this cannot be an article.
const MIN_ARABIC_LETTERS: usize = 20;

/// Parses decoded raw text (already UTF-8, BOM and CRLF removed).
///
/// Errors are sentences saying what is wrong with the text and what to do;
/// the caller adds the file name.
pub fn parse(text: &str, config: &IngestConfig) -> Result<Parsed, Error> {
    let (text, removed) = without_controls(text);
    let text = entities::decoded(&text);
    check_text(&text, removed)?;
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'))
        .filter(|l| !l.is_empty())
        .collect();
    structure::assemble(&lines, config)
}

/// Whether `c` is removed from raw text: a control character other than
/// tab and newline (`U+001A` from old CMSs, stray NULs, C1 controls).
fn is_removed_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// The text without control characters other than tab and newline, and
/// how many were removed. Borrows when there are none (the common case,
/// found with a byte scan: every such character starts with a byte below
/// 0x20, 0x7F, or 0xC2 for the C1 range).
fn without_controls(text: &str) -> (Cow<'_, str>, usize) {
    let suspect = |b: &u8| (*b < 0x20 && *b != b'\n' && *b != b'\t') || *b == 0x7f || *b == 0xc2;
    if !text.as_bytes().iter().any(suspect) || !text.chars().any(is_removed_control) {
        return (Cow::Borrowed(text), 0);
    }
    let mut removed = 0;
    let cleaned = text
        .chars()
        .filter(|&c| {
            let drop = is_removed_control(c);
            removed += usize::from(drop);
            !drop
        })
        .collect();
    (Cow::Owned(cleaned), removed)
}

/// Rejects texts that are not articles: empty, binary, not Arabic. Control
/// characters were removed already (`removed` of them): they only say why
/// a text that is not Arabic news was refused.
fn check_text(text: &str, removed: usize) -> Result<(), Error> {
    let total = text.chars().count() + removed;
    let garbage = removed + text.chars().filter(|&c| c == '\u{fffd}').count();
    let binary = garbage > 3.max(total / 10);
    if text.trim().is_empty() && !binary {
        return Err(Error::new(
            "the file is empty or holds only whitespace: there is no article to convert; remove it from the inbox",
        ));
    }
    let (share, arabic) = text::arabic_share(text);
    let share = if arabic >= ENOUGH_ARABIC_LETTERS { share.max(MIN_ARABIC_SHARE) } else { share };
    if binary && (share < MIN_ARABIC_SHARE || arabic < MIN_ARABIC_LETTERS) {
        return Err(Error::new(format!(
            "the file holds binary data, not text ({garbage} of its {total} characters are control characters or \
             undecodable bytes) and no Arabic article: re-export it as text or remove it from the inbox"
        )));
    }
    if share >= MIN_ARABIC_SHARE && arabic < MIN_ARABIC_LETTERS {
        return Err(Error::new(format!(
            "the text is too short to be an article ({arabic} Arabic letters): it holds a title or a line at most; \
             complete the raw file or remove it from the inbox"
        )));
    }
    if share < MIN_ARABIC_SHARE || arabic < MIN_ARABIC_LETTERS {
        return Err(Error::new(format!(
            "the text is not Arabic news (only {:.0}% of its letters, {arabic} letters, are Arabic): \
             remove it from the inbox, or write the article by hand with `warraq new`",
            share * 100.0
        )));
    }
    Ok(())
}
