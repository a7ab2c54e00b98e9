//! TOML front matter between `+++` lines, the format Zola and Hugo read.

use crate::date::PubDate;
use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The line that opens and closes front matter (TOML, as in Zola and Hugo).
pub const FENCE: &str = "+++";

/// The front matter keys warraq reads, as messages about unknown keys list them.
pub const KNOWN_KEYS: &str =
    "title, date, updated, tags, source, sources, author, dateline, draft, slug, description, aliases, [ingest]";

/// Front matter as written in an article file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FrontMatter {
    /// The headline; required, and not empty.
    pub title: String,
    /// Publication date: a day, or a date and time with its offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<toml::value::Datetime>,
    /// When the article was last changed in substance (shown as «آخر تحديث»,
    /// the feeds' `<updated>`, `dateModified`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<toml::value::Datetime>,
    /// Topic names, as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The paper that printed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Every paper that printed the same text (`source` stays the first):
    /// written when ingest folds copies of one article into it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// The byline's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The byline's place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<String>,
    /// `true` keeps it out of the published site.
    #[serde(default)]
    pub draft: bool,
    /// Overrides the slug taken from the file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// A summary for lists and feeds; the first paragraph when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Earlier URLs of the article (`/old/path/`): each gets a page that
    /// redirects to the article.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Provenance written by ingest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingest: Option<IngestRecord>,
    /// Keys warraq does not know: kept so `check` can report them with
    /// their line instead of failing the build over a harmless extra.
    #[serde(flatten, skip_serializing)]
    pub unknown: BTreeMap<String, toml::Value>,
}

/// Where an ingested article came from, so ingest can tell an unchanged raw
/// file from a changed one without touching an editor's fixes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngestRecord {
    /// The raw file, relative to the site directory (`content/inbox/x.txt`).
    pub file: String,
    /// SHA-256 of the raw file's bytes, lowercase hex.
    pub sha256: String,
    /// `"ingest-date"` when no publication date was found and the day of
    /// ingest was stamped instead (`[ingest] undated = "ingest-date"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dated_by: Option<String>,
    /// Raw files holding the same text, folded into this article instead of
    /// becoming articles of their own (`[[ingest.folded]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub folded: Vec<Folded>,
}

/// A raw file folded into an article as a copy of its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Folded {
    /// The raw file, relative to the site directory.
    pub file: String,
    /// SHA-256 of its bytes, so a rerun knows it unchanged.
    pub sha256: String,
}

/// A file split into its front matter text and body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The TOML between the fences.
    pub front: &'a str,
    /// 1-based line of the first front matter line (after the opening fence).
    pub front_line: usize,
    /// Everything after the closing fence.
    pub body: &'a str,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

/// Splits `+++` front matter from the body; errors carry a 1-based line.
pub fn split(text: &str) -> Result<Split<'_>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != FENCE {
        return Err(Error::on_line(
            1,
            "the file must start with a `+++` line opening TOML front matter (title = \"...\")",
        ));
    }
    let start = first.len();
    let mut offset = start;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        if line.trim_end() == FENCE {
            let body_start = offset + line.len();
            return Ok(Split {
                front: &text[start..offset],
                front_line: 2,
                body: &text[body_start..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(Error::on_line(1, "front matter opened with `+++` is never closed: add a `+++` line after it"))
}

/// Parses front matter text; errors carry the 1-based line within the file.
/// The common shape is read by [`super::simple`]; anything else by the TOML
/// parser, which also gives every error.
pub fn parse(split: &Split<'_>) -> Result<FrontMatter, Error> {
    let fm = match super::simple::parse(split.front) {
        Some(fm) => fm,
        None => toml::from_str(split.front).map_err(|e| {
            let line = e.span().map(|s| crate::error::line_of_offset(split.front, s.start)).unwrap_or(1);
            Error::on_line(split.front_line + line - 1, e.message().trim())
        })?,
    };
    if fm.title.trim().is_empty() {
        return Err(Error::on_line(split.front_line, "`title` is missing or empty: every article needs a title"));
    }
    if let Some(d) = &fm.date {
        PubDate::from_toml(d).map_err(|m| Error::on_line(line_of_key(split, "date"), format!("date: {m}")))?;
    }
    if let Some(d) = &fm.updated {
        PubDate::from_toml(d).map_err(|m| Error::on_line(line_of_key(split, "updated"), format!("updated: {m}")))?;
    }
    Ok(fm)
}

/// 1-based file line where `key = ` is set in the front matter (its first
/// line when the key is not found literally).
pub fn line_of_key(split: &Split<'_>, key: &str) -> usize {
    for (i, line) in split.front.lines().enumerate() {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                return split.front_line + i;
            }
        }
    }
    split.front_line
}

/// Writes an article file: front matter, a blank line, the body.
pub fn render(fm: &FrontMatter, body: &str) -> String {
    let toml = toml::to_string(fm).expect("front matter always serializes");
    let mut out = String::with_capacity(toml.len() + body.len() + 16);
    out.push_str(FENCE);
    out.push('\n');
    out.push_str(&toml);
    if !toml.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(FENCE);
    out.push_str("\n\n");
    out.push_str(body.trim_end());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let fm = FrontMatter {
            title: "بوتين يقبل دعوة".into(),
            date: Some("2023-09-14".parse().unwrap()),
            tags: vec!["روسيا".into(), "كوريا الشمالية".into()],
            source: Some("العربي الجديد".into()),
            ingest: Some(IngestRecord {
                file: "content/inbox/a.txt".into(),
                sha256: "ab".into(),
                ..Default::default()
            }),
            ..Default::default()
        };
        let text = render(&fm, "نص.\n");
        assert!(text.contains("date = 2023-09-14\n"), "{text}");
        assert!(text.contains("[ingest]"), "{text}");
        let s = split(&text).unwrap();
        assert_eq!(parse(&s).unwrap(), fm);
        assert_eq!(s.body.trim(), "نص.");
    }

    #[test]
    fn round_trip_with_byline_sources_and_folded_copies() {
        let fm = FrontMatter {
            title: "خبر".into(),
            source: Some("الرياض".into()),
            sources: vec!["الرياض".into(), "عكاظ".into()],
            author: Some("محمد الحيدر".into()),
            dateline: Some("الرياض".into()),
            ingest: Some(IngestRecord {
                file: "content/inbox/a.txt".into(),
                sha256: "ab".into(),
                dated_by: None,
                folded: vec![Folded { file: "content/inbox/b.txt".into(), sha256: "cd".into() }],
            }),
            ..Default::default()
        };
        let text = render(&fm, "نص.\n");
        assert!(
            text.contains("sources = [\"الرياض\", \"عكاظ\"]\nauthor = \"محمد الحيدر\"\ndateline = \"الرياض\"\n"),
            "{text}"
        );
        assert!(text.contains("[[ingest.folded]]\nfile = \"content/inbox/b.txt\"\nsha256 = \"cd\"\n"), "{text}");
        assert_eq!(parse(&split(&text).unwrap()).unwrap(), fm);
    }

    #[test]
    fn errors_carry_lines() {
        assert_eq!(split("title = 1").unwrap_err().line, Some(1));
        assert!(split("+++\ntitle = \"x\"\n").unwrap_err().message.contains("never closed"));
        let text = "+++\ntitle = \"x\"\ndate = 2023-13-01\n+++\nbody";
        let s = split(text).unwrap();
        assert_eq!(parse(&s).unwrap_err().line, Some(3));
        let text = "+++\ntitle = \"x\"\ntags = [\"a\"\n+++\n";
        let line = parse(&split(text).unwrap()).unwrap_err().line.unwrap();
        assert!(line >= 3, "{line}");
    }

    #[test]
    fn unknown_keys_are_kept_not_fatal() {
        let text = "+++\ntitle = \"x\"\nwriter = \"y\"\n+++\n";
        let s = split(text).unwrap();
        let fm = parse(&s).unwrap();
        assert!(fm.unknown.contains_key("writer"));
        assert_eq!(line_of_key(&s, "writer"), 3);
    }
}
