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
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Read, Write};
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
        match std::fs::read_to_string(&path) {
            Ok(text) => Published::parse(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Published::default()),
            Err(e) => Err(Error::io(crate::layout::URL_RECORD, e)),
        }
    }

    /// The record in `text`, the file's contents.
    pub fn parse(text: &str) -> Result<Published> {
        if let Some(record) = read_written(text) {
            return Ok(record);
        }
        toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| crate::error::line_of_offset(text, s.start)).unwrap_or(1);
            Error::at_line(
                crate::layout::URL_RECORD,
                line,
                format!("{}: fix it, or delete the file (old URLs of moved articles are then forgotten)", e.message()),
            )
        })
    }

    /// The places articles had before and no longer have, after a build
    /// that published them at `now` (file → output path): each keeps a page
    /// that leads to the article (a place another article now holds is
    /// given up). `now` borrows the site model's strings: at a million
    /// articles a map of copies was 0.3 GB.
    pub fn moved_after(&self, now: &HashMap<&str, &str>) -> BTreeMap<String, String> {
        let taken: HashSet<&str> = now.values().copied().collect();
        let mut moved: BTreeMap<String, String> = self
            .moved
            .iter()
            .filter(|(old, file)| {
                now.get(file.as_str()).is_some_and(|p| *p != old.as_str()) && !taken.contains(old.as_str())
            })
            .map(|(old, file)| (old.clone(), file.clone()))
            .collect();
        for (file, old) in &self.articles {
            match now.get(file.as_str()) {
                Some(path) if *path != old.as_str() && !taken.contains(old.as_str()) => {
                    moved.insert(old.clone(), file.clone());
                }
                _ => {}
            }
        }
        moved
    }
}

/// The record a build leaves, borrowed from the site model: every
/// article's place is a pair of strings the site already holds (a map of
/// copies would be 0.3 GB at a million articles, and the TOML writer's
/// document of it more than that again).
#[derive(Debug, Clone)]
pub struct Record<'a> {
    /// (article file, output path of its page), sorted by file, no file twice.
    pub articles: Vec<(&'a str, &'a str)>,
    /// As [`Published::moved`].
    pub moved: &'a BTreeMap<String, String>,
    /// As [`Published::tags`].
    pub tags: &'a BTreeMap<String, TagRecord>,
}

impl Record<'_> {
    /// The record as an owned [`Published`] (`check`, tests).
    pub fn to_published(&self) -> Published {
        Published {
            articles: self.articles.iter().map(|&(f, p)| (f.to_string(), p.to_string())).collect(),
            moved: self.moved.clone(),
            tags: self.tags.clone(),
        }
    }

    /// Whether `record` holds the same places and tags.
    fn same_as(&self, record: &Published) -> bool {
        record.articles.len() == self.articles.len()
            && record.articles.iter().zip(&self.articles).all(|((f, p), &(g, q))| f == g && p == q)
            && record.moved == *self.moved
            && record.tags == *self.tags
    }

    /// Writes the record file's text as `toml` writes a [`Published`] (a
    /// test holds them equal), a line at a time.
    fn write_text(&self, out: &mut impl Write) -> std::io::Result<()> {
        out.write_all(HEADER.as_bytes())?;
        out.write_all(b"[articles]\n")?;
        for &(file, path) in &self.articles {
            write_pair(out, file, path)?;
        }
        out.write_all(b"\n[moved]\n")?;
        for (old, file) in self.moved {
            write_pair(out, old, file)?;
        }
        #[derive(Serialize)]
        struct Tags<'a> {
            tags: &'a BTreeMap<String, TagRecord>,
        }
        let tags = toml::to_string(&Tags { tags: self.tags }).expect("the tags always serialize");
        if !tags.is_empty() {
            out.write_all(b"\n")?;
            out.write_all(tags.as_bytes())?;
        }
        Ok(())
    }

    /// Writes the record into the site when it is not the one there;
    /// atomically, so a killed build leaves the old one or the new one. The
    /// file is compared as it is read, a block at a time; one whose bytes
    /// differ is read whole only to see whether it holds the same record in
    /// another shape (one written by hand is then left alone).
    pub fn write_if_changed(&self, site_dir: &Path) -> Result<()> {
        let path = site_dir.join(crate::layout::URL_RECORD);
        if let Ok(file) = std::fs::File::open(&path) {
            let mut same = SameBytes { file: std::io::BufReader::new(file), same: true, block: Vec::new() };
            let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut same);
            let compared = self.write_text(&mut buffered).and_then(|()| buffered.flush());
            drop(buffered);
            if compared.is_ok() && same.same && same.at_end() {
                return Ok(());
            }
            if Published::read(site_dir).is_ok_and(|there| self.same_as(&there)) {
                return Ok(());
            }
        }
        crate::atomic::write_with(&path, |out| {
            let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
            self.write_text(&mut buffered)?;
            buffered.flush()
        })
        .map_err(|e| Error::io(crate::layout::URL_RECORD, e))
    }
}

/// A `"key" = "value"` line of an `[articles]` or `[moved]` table. Strings
/// with nothing to escape (every file and output path warraq makes, in
/// practice) are written directly; any other line is `toml`'s own, so the
/// file is the same either way.
fn write_pair(out: &mut impl Write, key: &str, value: &str) -> std::io::Result<()> {
    let plain = |s: &str| !s.chars().any(|c| matches!(c, '"' | '\\' | '\'') || c.is_control());
    if plain(key) && plain(value) && !is_bare_key(key) {
        writeln!(out, "\"{key}\" = \"{value}\"")
    } else {
        let line = toml::to_string(&BTreeMap::from([(key, value)])).expect("a pair of strings always serializes");
        out.write_all(line.as_bytes())
    }
}

/// Whether TOML writes `key` without quotes.
fn is_bare_key(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A writer that compares what is written with a reader's next bytes.
struct SameBytes<R> {
    file: R,
    same: bool,
    block: Vec<u8>,
}

impl<R: Read> SameBytes<R> {
    /// Whether the reader has nothing after what was compared.
    fn at_end(&mut self) -> bool {
        matches!(self.file.read(&mut [0u8; 1]), Ok(0))
    }
}

impl<R: Read> Write for SameBytes<R> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.same {
            self.block.resize(bytes.len(), 0);
            self.same = self.file.read_exact(&mut self.block).is_ok() && self.block == bytes;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
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
    // The lines of `[articles]` and `[moved]`, parsed together once every
    // line is found: a million articles' lines in parallel, then the map
    // built from them at once (they are written in order, which its sort
    // finds in one pass), not by a million inserts.
    let (mut article_lines, mut moved_lines): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
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
            Section::Files(true) => article_lines.push(line),
            Section::Files(false) => moved_lines.push(line),
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
    record.articles = file_map(&article_lines)?;
    record.moved = file_map(&moved_lines)?;
    Some(record)
}

/// The map of `"file" = "path"` lines; `None` when a line is not one, or a
/// file is named twice.
fn file_map(lines: &[&str]) -> Option<BTreeMap<String, String>> {
    use super::simple::Value;
    use rayon::prelude::*;
    let pairs: Vec<(String, String)> = lines
        .par_iter()
        .map(|line| {
            let mut v = Value(line);
            let key = v.string()?;
            v.skip_ws();
            if !v.eat("=") {
                return None;
            }
            v.skip_ws();
            let value = v.string()?;
            v.at_end().then_some((key, value))
        })
        .collect::<Option<_>>()?;
    if pairs.windows(2).all(|w| w[0].0 < w[1].0) {
        // In order, each once (what a build writes): built at once.
        return Some(pairs.into_iter().collect());
    }
    let mut map = BTreeMap::new();
    for (key, value) in pairs {
        if map.insert(key, value).is_some() {
            return None;
        }
    }
    Some(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    /// The record after a build that published the articles at `now`.
    fn after(before: &Published, now: &[(&str, &str)]) -> Published {
        let moved = before.moved_after(&now.iter().copied().collect());
        Published { articles: map(now), moved, tags: before.tags.clone() }
    }

    #[test]
    fn a_moved_article_keeps_its_old_places_until_another_takes_one() {
        let first = after(&Published::default(), &[("a.md", "2023/09/a/"), ("b.md", "2023/09/b/")]);
        assert!(first.moved.is_empty());
        // a's date is corrected, then its slug is changed.
        let second = after(&first, &[("a.md", "2023/10/a/"), ("b.md", "2023/09/b/")]);
        assert_eq!(second.moved, map(&[("2023/09/a/", "a.md")]));
        let third = after(&second, &[("a.md", "2023/10/new/"), ("b.md", "2023/09/b/")]);
        assert_eq!(third.moved, map(&[("2023/09/a/", "a.md"), ("2023/10/a/", "a.md")]));
        // Another article now lives at one of them: that one is given up.
        let fourth = after(&third, &[("a.md", "2023/10/new/"), ("c.md", "2023/10/a/")]);
        assert_eq!(fourth.moved, map(&[("2023/09/a/", "a.md")]));
        // Back at an old place: that one is home again, the last one old.
        assert_eq!(after(&fourth, &[("a.md", "2023/09/a/")]).moved, map(&[("2023/10/new/", "a.md")]));
        // An article gone takes its old places with it.
        assert!(after(&fourth, &[("c.md", "2023/10/a/")]).moved.is_empty());
    }

    /// A borrowed record of an owned one.
    fn record_of(p: &Published) -> Record<'_> {
        let articles = p.articles.iter().map(|(f, o)| (f.as_str(), o.as_str())).collect();
        Record { articles, moved: &p.moved, tags: &p.tags }
    }

    fn text_of(record: &Record) -> String {
        let mut out = Vec::new();
        record.write_text(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_record_is_written_as_toml_writes_it() {
        let tags: BTreeMap<String, TagRecord> = [
            ("mbc".to_string(), TagRecord { spellings: vec!["mbc".into()], live: true }),
            ("كيم-جونج-أون".to_string(), TagRecord { spellings: vec!["كيم \"جونج\" اون".into()], live: false }),
            ("قديم".to_string(), TagRecord { spellings: Vec::new(), live: false }),
        ]
        .into();
        let odd = ["a\"b.md", "it's.md", "back\\slash.md", "tab\t.md", "bare-key_1", "", "line\nbreak.md"];
        let articles: Vec<(String, String)> = odd
            .iter()
            .map(|f| (format!("content/articles/{f}"), format!("2023/09/{f}/")))
            .chain(odd.iter().map(|f| (f.to_string(), "x/".to_string())))
            .chain([("content/articles/خبر.md".to_string(), "2023/09/خبر/".to_string())])
            .collect();
        let records = [
            Published::default(),
            Published { tags: tags.clone(), ..Default::default() },
            Published {
                articles: articles.iter().cloned().collect(),
                moved: articles.iter().map(|(f, p)| (p.clone(), f.clone())).collect(),
                tags,
            },
        ];
        for record in &records {
            let text = text_of(&record_of(record));
            assert_eq!(text, format!("{HEADER}{}", toml::to_string(record).unwrap()));
            let read = read_written(&text).unwrap_or_else(|| toml::from_str(&text).unwrap());
            assert_eq!(read, *record);
        }
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
        // Lines out of order (an editor's) are read all the same; a file
        // named twice, even far apart, is left to the TOML parser.
        let shuffled = "[articles]\n\"b.md\" = \"y/\"\n\"a.md\" = \"x/\"\n";
        assert_eq!(read_written(shuffled).unwrap().articles, map(&[("a.md", "x/"), ("b.md", "y/")]));
        assert_eq!(read_written(&format!("{shuffled}\"b.md\" = \"z/\"\n")), None);
        assert_eq!(read_written("[moved]\n\"b/\" = \"x.md\"\n\"a/\" = \"x.md\"\n\"b/\" = \"y.md\"\n"), None);
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
        record_of(&record).write_if_changed(dir.path()).unwrap();
        assert_eq!(Published::read(dir.path()).unwrap(), record);
        let file = dir.path().join(crate::layout::URL_RECORD);
        let inode = || std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&file).unwrap());
        let first = inode();
        record_of(&record).write_if_changed(dir.path()).unwrap();
        assert_eq!(inode(), first, "the same bytes are not written again");
        // The file with more after the record, or cut short: written again.
        let written = std::fs::read_to_string(&file).unwrap();
        for other in [format!("{written}\n[articles]\n"), written[..written.len() - 2].to_string()] {
            std::fs::write(&file, &other).unwrap();
            record_of(&record).write_if_changed(dir.path()).unwrap();
            assert_eq!(std::fs::read_to_string(&file).unwrap(), written);
        }
        // The same record, written by hand in another shape: left alone.
        let by_hand = written.replace(" = ", "=");
        std::fs::write(&file, &by_hand).unwrap();
        record_of(&record).write_if_changed(dir.path()).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), by_hand, "an equal record is not written");
        let changed = Published { moved: BTreeMap::new(), ..record.clone() };
        record_of(&changed).write_if_changed(dir.path()).unwrap();
        assert_eq!(Published::read(dir.path()).unwrap(), changed, "a changed record is written");
        std::fs::write(dir.path().join(crate::layout::URL_RECORD), "[articles]\nx = 1\n").unwrap();
        let err = Published::read(dir.path()).unwrap_err().to_string();
        assert!(err.starts_with("content/.warraq/urls.toml:2:"), "{err}");
    }
}
