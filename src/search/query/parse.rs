//! A query's syntax: words and quoted phrases.

use super::MAX_PARTS;
use crate::search::spec::word_list;

/// A word or a quoted phrase of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// A word, folded.
    Word(String),
    /// A quoted phrase: words that must follow one another.
    Phrase(Vec<String>),
}

/// Splits a query into words and quoted phrases (folded words).
pub fn parse(query: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut quoted = false;
    for piece in query.split(['"', '«', '»', '“', '”']) {
        let words = word_list(piece);
        if quoted && words.len() > 1 {
            parts.push(Part::Phrase(words));
        } else {
            parts.extend(words.into_iter().map(Part::Word));
        }
        quoted = !quoted;
    }
    parts.truncate(MAX_PARTS);
    parts
}

/// The pairs of query words that may be one word of the archive: each two
/// neighbouring unquoted words, and a quoted phrase of two words.
pub(super) fn joined_pairs(parts: &[Part]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        match (p, parts.get(i + 1)) {
            (Part::Word(a), Some(Part::Word(b))) => out.push(format!("{a}{b}")),
            (Part::Phrase(ws), _) if ws.len() == 2 => out.push(format!("{}{}", ws[0], ws[1])),
            _ => {}
        }
    }
    out
}

pub(super) fn part_words(p: &Part) -> Vec<&String> {
    match p {
        Part::Word(w) => vec![w],
        Part::Phrase(ws) => ws.iter().collect(),
    }
}
