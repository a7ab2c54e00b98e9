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
        if let Some(record) = read_written(&text) {
            return Ok(record);
        }
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

    /// Writes the record into the site when it is not the one there (read
    /// again: a build does not keep the record it read, a million entries
    /// at a million articles, to the end); atomically, so a killed build
    /// leaves the old one or the new one.
    pub fn write_if_changed(&self, site_dir: &Path) -> Result<()> {
        if Published::read(site_dir).is_ok_and(|there| there == *self) {
            return Ok(());
        }
        let text = format!("{HEADER}{}", toml::to_string(self).expect("the record always serializes"));
        crate::atomic::write(&site_dir.join(crate::layout::URL_RECORD), text.as_bytes())
            .map_err(|e| Error::io(crate::layout::URL_RECORD, e))
    }
}

/// The record in the shape `write_if_changed` writes it (`"file" = "path"`
/// lines under `[articles]` and `[moved]`, a `[tags.slug]` table per tag),
/// read without the TOML parser, which took 11 ms of a core at 10,000
/// articles and would take a second at a million. `None` for anything else
/// (escapes, comments after a value, repeated keys or tables, other keys):
/// the TOML parser then reads it, so its errors stay the only ones.
fn read_written(text: &str) -> Option<Published> {
    use super::simple::{is_ws, Value};
    enum Section {
        Start,
        Files(bool),
        Tags,
        Tag(String, Option<Vec<String>>, Option<bool>),
    }
    fn close(record: &mut Published, section: Section) -> Option<()> {
        if let Section::Tag(slug, spellings, live) = section {
            let tag = TagRecord { spellings: spellings?, live: live.unwrap_or(false) };
            if record.tags.insert(slug, tag).is_some() {
                return None;
            }
        }
        Some(())
    }
    let mut record = Published::default();
    let mut section = Section::Start;
    let (mut articles, mut moved, mut tags) = (false, false, false);
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line).trim_matches(is_ws);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(header) = line.strip_prefix('[') {
            close(&mut record, std::mem::replace(&mut section, Section::Start))?;
            section = match header {
                "articles]" if !std::mem::replace(&mut articles, true) => Section::Files(true),
                "moved]" if !std::mem::replace(&mut moved, true) => Section::Files(false),
                "tags]" if !std::mem::replace(&mut tags, true) => Section::Tags,
                _ => {
                    let key = header.strip_prefix("tags.")?.strip_suffix(']')?;
                    let slug = if key.starts_with('"') {
                        let mut v = Value(key);
                        let slug = v.string()?;
                        v.at_end().then_some(slug)?
                    } else {
                        let bare =
                            !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
                        bare.then(|| key.to_string())?
                    };
                    Section::Tag(slug, None, None)
                }
            };
            continue;
        }
        match &mut section {
            Section::Files(is_articles) => {
                let mut v = Value(line);
                let key = v.string()?;
                v.skip_ws();
                if !v.eat("=") {
                    return None;
                }
                v.skip_ws();
                let value = v.string()?;
                if !v.at_end() {
                    return None;
                }
                let map = if *is_articles { &mut record.articles } else { &mut record.moved };
                if map.insert(key, value).is_some() {
                    return None;
                }
            }
            Section::Tag(_, spellings, live) => {
                let (key, value) = line.split_once('=')?;
                let mut v = Value(value);
                v.skip_ws();
                match key.trim_matches(is_ws) {
                    "spellings" if spellings.is_none() => *spellings = Some(v.strings()?),
                    "live" if live.is_none() => *live = Some(v.boolean()?),
                    _ => return None,
                }
                if !v.at_end() {
                    return None;
                }
            }
            Section::Start | Section::Tags => return None,
        }
    }
    close(&mut record, section)?;
    Some(record)
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
    fn the_record_as_written_is_read_without_the_toml_parser_and_alike() {
        let tags = [
            ("mbc".to_string(), TagRecord { spellings: vec!["mbc".into()], live: true }),
            ("روسيا".to_string(), TagRecord { spellings: vec!["روسيا".into(), "روسيه".into()], live: true }),
            ("كيم-جونج-أون".to_string(), TagRecord { spellings: vec!["كيم جونج اون".into()], live: false }),
            ("قديم".to_string(), TagRecord { spellings: Vec::new(), live: false }),
        ]
        .into();
        let record = Published {
            articles: map(&[("content/articles/x.md", "2023/09/خبر/"), ("content/articles/y z.md", "2023/09/y z/")]),
            moved: map(&[("2023/08/خبر/", "content/articles/x.md")]),
            tags,
        };
        let text = format!("{HEADER}{}", toml::to_string(&record).unwrap());
        assert_eq!(read_written(&text), Some(record.clone()));
        assert_eq!(read_written(&text.replace('\n', "\r\n")), Some(record.clone()));
        assert_eq!(read_written(""), Some(Published::default()));
        // Shapes it leaves to the TOML parser, which reads or refuses them.
        for other in [
            "[articles]\n\"a\\\"b.md\" = \"x/\"\n",
            "[articles]\n\"a.md\" = \"x/\" # comment\n",
            "[articles]\n\"a.md\" = \"x/\"\n\"a.md\" = \"y/\"\n",
            "[articles]\n[articles]\n",
            "[tags.x]\nlive = true\n",
            "[tags.x]\nspellings = [\"x\"]\nspellings = [\"y\"]\n",
            "[tags]\nx = { spellings = [\"x\"] }\n",
            "articles = {}\n",
            "[articles]\na = \"x/\"\n",
        ] {
            assert_eq!(read_written(other), None, "{other}");
        }
        assert_eq!(
            toml::from_str::<Published>("[articles]\n\"a\\\"b.md\" = \"x/\"\n").unwrap().articles,
            map(&[("a\"b.md", "x/")])
        );
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
        record.write_if_changed(dir.path()).unwrap();
        assert_eq!(Published::read(dir.path()).unwrap(), record);
        let file = dir.path().join(crate::layout::URL_RECORD);
        // The same record, written by hand in another shape: left alone.
        let by_hand = std::fs::read_to_string(&file).unwrap().replace(" = ", "=");
        std::fs::write(&file, &by_hand).unwrap();
        record.write_if_changed(dir.path()).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), by_hand, "an equal record is not written");
        let changed = Published { moved: BTreeMap::new(), ..record.clone() };
        changed.write_if_changed(dir.path()).unwrap();
        assert_eq!(Published::read(dir.path()).unwrap(), changed, "a changed record is written");
        std::fs::write(dir.path().join(crate::layout::URL_RECORD), "[articles]\nx = 1\n").unwrap();
        let err = Published::read(dir.path()).unwrap_err().to_string();
        assert!(err.starts_with("content/.warraq/urls.toml:2:"), "{err}");
    }
}
