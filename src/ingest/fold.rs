//! Copies of one article: the same wire story printed by several papers,
//! or one page scraped twice.
//!
//! A raw file whose text is that of an article already converted (in this
//! run or an earlier one) does not become a second article: it is folded
//! into the first. The article records the copy, so nothing a user ingested
//! is silently dropped: its source joins `sources = [...]` (`source` stays
//! the first copy's) and the raw file joins `[[ingest.folded]]` (with its
//! SHA-256, so a rerun knows it is unchanged and `warraq check` can say
//! which files were folded into which article).
//!
//! A copy that arrives in a later run finds the article on disk, where an
//! editor may have changed it. Ingest then rewrites the article only when
//! writing back what it read gives the file byte for byte (the front matter
//! as ingest writes it: no comments, no keys warraq does not know, no other
//! layout), so nothing an editor wrote can be lost; edited values, a fixed
//! title or tags, are kept as they are. Otherwise the file is left alone
//! and the report says which source to add by hand.

use crate::content::frontmatter::{self, Folded, FrontMatter};
use std::path::Path;

/// Every copy's source, for reports: `sources` when copies were folded,
/// else the one `source`.
pub(super) fn sources_of(fm: &FrontMatter) -> Vec<String> {
    if fm.sources.is_empty() {
        fm.source.iter().cloned().collect()
    } else {
        fm.sources.clone()
    }
}

/// Records a copy in the article's front matter: its source in `sources`
/// (once; the article's own source first) and its raw file in
/// `[[ingest.folded]]` (replacing an earlier record of the same file).
pub(super) fn add_copy(fm: &mut FrontMatter, source: Option<&str>, copy: Folded) {
    add_source(fm, source);
    if let Some(record) = &mut fm.ingest {
        record.folded.retain(|f| f.file != copy.file);
        record.folded.push(copy);
    }
}

/// Records in `to` the copies `from` records: the same article before it
/// was re-converted (`--force`), with the copies folded into it since.
pub(super) fn merge(from: &FrontMatter, to: &mut FrontMatter) {
    for s in &from.sources {
        add_source(to, Some(s));
    }
    for copy in from.ingest.iter().flat_map(|i| &i.folded) {
        add_copy(to, None, copy.clone());
    }
}

fn add_source(fm: &mut FrontMatter, source: Option<&str>) {
    if fm.sources.is_empty() {
        fm.sources = fm.source.iter().cloned().collect();
    }
    if let Some(s) = source.map(str::trim).filter(|s| !s.is_empty()) {
        if !fm.sources.iter().any(|x| x == s) {
            fm.sources.push(s.to_string());
        }
    }
}

/// The front matter and body of the article at `rel` when ingest may
/// rewrite it to record a copy: its text is exactly what ingest writes for
/// what it holds. `Err` says why it is left alone.
pub(super) fn rewritable(
    site_dir: &Path,
    rel: &str,
    article: Option<&(FrontMatter, String)>,
) -> Result<(FrontMatter, String, String), String> {
    let Some((fm, body)) = article else {
        return Err("its front matter cannot be read".into());
    };
    let old = std::fs::read_to_string(site_dir.join(rel)).map_err(|e| format!("it cannot be read ({e})"))?;
    if frontmatter::render(fm, body) != old {
        return Err("it was edited by hand (comments, other keys or layout in its front matter)".into());
    }
    Ok((fm.clone(), body.clone(), old))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::frontmatter::IngestRecord;

    fn article() -> FrontMatter {
        FrontMatter {
            title: "خبر".into(),
            source: Some("الرياض".into()),
            ingest: Some(IngestRecord {
                file: "content/inbox/a.txt".into(),
                sha256: "aa".into(),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn copy(file: &str, sha: &str) -> Folded {
        Folded { file: file.into(), sha256: sha.into() }
    }

    #[test]
    fn copies_add_their_source_once_and_their_file() {
        let mut fm = article();
        assert_eq!(sources_of(&fm), ["الرياض"]);
        add_copy(&mut fm, Some("عكاظ"), copy("content/inbox/b.txt", "bb"));
        add_copy(&mut fm, Some("الرياض"), copy("content/inbox/c.txt", "cc"));
        add_copy(&mut fm, None, copy("content/inbox/d.txt", "dd"));
        add_copy(&mut fm, Some("عكاظ"), copy("content/inbox/b.txt", "b2"));
        assert_eq!(fm.source.as_deref(), Some("الرياض"), "the first copy's source stays the source");
        assert_eq!(fm.sources, ["الرياض", "عكاظ"]);
        let files: Vec<(&str, &str)> =
            fm.ingest.as_ref().unwrap().folded.iter().map(|f| (f.file.as_str(), f.sha256.as_str())).collect();
        assert_eq!(
            files,
            [("content/inbox/c.txt", "cc"), ("content/inbox/d.txt", "dd"), ("content/inbox/b.txt", "b2")]
        );
        // Re-converted: its own new fields, the copies carried over.
        let mut again = article();
        again.source = Some("الرياض الإلكتروني".into());
        merge(&fm, &mut again);
        assert_eq!(again.sources, ["الرياض الإلكتروني", "الرياض", "عكاظ"]);
        assert_eq!(again.ingest.unwrap().folded.len(), 3);
    }

    #[test]
    fn only_files_as_ingest_wrote_them_are_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let fm = article();
        let body = "نص الخبر.\n".to_string();
        let text = frontmatter::render(&fm, &body);
        std::fs::write(dir.path().join("a.md"), &text).unwrap();
        let (_, _, old) = rewritable(dir.path(), "a.md", Some(&(fm.clone(), body.clone()))).unwrap();
        assert_eq!(old, text);
        // A comment added by an editor would be lost: left alone.
        std::fs::write(dir.path().join("b.md"), text.replacen("+++\n", "+++\n# راجعه المحرر\n", 1)).unwrap();
        let why = rewritable(dir.path(), "b.md", Some(&(fm, body))).unwrap_err();
        assert!(why.contains("edited by hand"), "{why}");
        assert!(rewritable(dir.path(), "c.md", None).is_err());
    }
}
