//! The record of published URLs: `content/.warraq/urls.toml`.
//!
//! A news archive's URLs are cited, linked and indexed for years, but an
//! article's URL moves when an editor corrects its date or sets its slug.
//! `warraq build` records where each article it published lives, in a small
//! file inside `content/` (so it is committed with the articles and every
//! machine that builds the site knows it). An article found at a new URL
//! keeps a page at every URL it had, sending readers on; `check` lists the
//! URLs that moved or vanished before the build changes anything.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

const HEADER: &str = "# Written by `warraq build`: where every published article lives, so an article whose URL
# changes (a corrected date, a new slug) keeps a page at its old URL, and the URL of every
# tag, so a tag keeps it when another spelling becomes its name. Commit it with the
# articles; deleting it only loses those old URLs.
";

/// The published URLs, as recorded by the last production build.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Published {
    /// Article file (`content/articles/…md`) → output path of its page
    /// (`2023/09/slug/`).
    #[serde(default)]
    pub articles: BTreeMap<String, String>,
    /// Output path an article had before → the article file: each keeps a
    /// page that leads to the article's page of today.
    #[serde(default)]
    pub moved: BTreeMap<String, String>,
    /// Tag slug → what the tag was: every tag a build published, kept when
    /// it goes (its URL is never given to another subject, and it gets it
    /// back if it returns).
    #[serde(default)]
    pub tags: BTreeMap<String, TagRecord>,
}

/// A published tag, by what it is made of.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagRecord {
    /// The matching keys of its spellings: a tag of today is this one when it
    /// holds any of them.
    pub spellings: Vec<String>,
    /// Published by the last build (else a tag that went).
    #[serde(default)]
    pub live: bool,
}

impl Published {
    /// Reads the record of the site in `site_dir`; none yet is an empty one.
    pub fn read(site_dir: &Path) -> Result<Published> {
        let path = site_dir.join(crate::layout::URL_RECORD);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Published::default()),
            Err(e) => return Err(Error::io(crate::layout::URL_RECORD, e)),
        };
        toml::from_str(&text).map_err(|e| {
            let line = e.span().map(|s| crate::error::line_of_offset(&text, s.start)).unwrap_or(1);
            Error::at_line(
                crate::layout::URL_RECORD,
                line,
                format!("{}: fix it, or delete the file (old URLs of moved articles are then forgotten)", e.message()),
            )
        })
    }

    /// The record after a build that published the articles at `now`
    /// (file → output path): today's places, and every place an article
    /// had before that it no longer has (a place another article now holds
    /// is given up).
    pub fn after(&self, now: &BTreeMap<String, String>) -> Published {
        let taken: std::collections::HashSet<&String> = now.values().collect();
        let mut moved: BTreeMap<String, String> = self
            .moved
            .iter()
            .filter(|(old, file)| now.contains_key(*file) && now[*file] != **old && !taken.contains(old))
            .map(|(old, file)| (old.clone(), file.clone()))
            .collect();
        for (file, old) in &self.articles {
            match now.get(file) {
                Some(path) if path != old && !taken.contains(old) => {
                    moved.insert(old.clone(), file.clone());
                }
                _ => {}
            }
        }
        Published { articles: now.clone(), moved, tags: self.tags.clone() }
    }

    /// Writes the record into the site when it changed; atomically, so a
    /// killed build leaves the old one or the new one.
    pub fn write_if_changed(&self, site_dir: &Path, old: &Published) -> Result<()> {
        if self == old {
            return Ok(());
        }
        let text = format!("{HEADER}{}", toml::to_string(self).expect("the record always serializes"));
        crate::atomic::write(&site_dir.join(crate::layout::URL_RECORD), text.as_bytes())
            .map_err(|e| Error::io(crate::layout::URL_RECORD, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn a_moved_article_keeps_its_old_places_until_another_takes_one() {
        let first = Published::default().after(&map(&[("a.md", "2023/09/a/"), ("b.md", "2023/09/b/")]));
        assert!(first.moved.is_empty());
        // a's date is corrected, then its slug is changed.
        let second = first.after(&map(&[("a.md", "2023/10/a/"), ("b.md", "2023/09/b/")]));
        assert_eq!(second.moved, map(&[("2023/09/a/", "a.md")]));
        let third = second.after(&map(&[("a.md", "2023/10/new/"), ("b.md", "2023/09/b/")]));
        assert_eq!(third.moved, map(&[("2023/09/a/", "a.md"), ("2023/10/a/", "a.md")]));
        // Another article now lives at one of them: that one is given up.
        let fourth = third.after(&map(&[("a.md", "2023/10/new/"), ("c.md", "2023/10/a/")]));
        assert_eq!(fourth.moved, map(&[("2023/09/a/", "a.md")]));
        // Back at an old place: that one is home again, the last one old.
        assert_eq!(fourth.after(&map(&[("a.md", "2023/09/a/")])).moved, map(&[("2023/10/new/", "a.md")]));
        // An article gone takes its old places with it.
        assert!(fourth.after(&map(&[("c.md", "2023/10/a/")])).moved.is_empty());
    }

    #[test]
    fn the_record_round_trips_through_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let tags = [("روسيا".to_string(), TagRecord { spellings: vec!["روسيا".into()], live: true })].into();
        let record = Published {
            articles: map(&[("content/articles/x.md", "2023/09/خبر/")]),
            moved: map(&[("2023/08/خبر/", "content/articles/x.md")]),
            tags,
        };
        record.write_if_changed(dir.path(), &Published::default()).unwrap();
        assert_eq!(Published::read(dir.path()).unwrap(), record);
        std::fs::write(dir.path().join(crate::layout::URL_RECORD), "[articles]\nx = 1\n").unwrap();
        let err = Published::read(dir.path()).unwrap_err().to_string();
        assert!(err.starts_with("content/.warraq/urls.toml:2:"), "{err}");
    }
}
