//! The files a query reads: where they come from ([`Source`]), each read
//! once and counted (`requests` and `bytes` of an outcome), and decoded.

use super::Searcher;
use crate::error::{Error, Result};
use crate::search::encode::{read_list, read_positions, Entry, Posting};
use crate::search::fragments;
use crate::search::index::{list_path, positions_path, Doc, Meta};
use std::cell::RefCell;
use std::rc::Rc;

/// Where the index files come from (a folder, or memory in tests).
pub trait Source {
    /// The bytes of `path`, relative to the index folder (`t/0.bin`).
    fn read(&self, path: &str) -> Result<Vec<u8>>;
}

/// The index in a folder of the output.
pub struct Folder(pub std::path::PathBuf);

impl Source for Folder {
    fn read(&self, path: &str) -> Result<Vec<u8>> {
        let full = self.0.join(path);
        std::fs::read(&full).map_err(|e| Error::io(&full, e))
    }
}

/// A word entry of a list, decoded.
#[derive(Debug, Clone)]
pub(super) struct Word {
    pub(super) base: String,
    pub(super) family: u32,
    pub(super) mask: u32,
    pub(super) postings: Vec<Posting>,
    /// Its number among the list's word entries (for positions).
    pub(super) slot: usize,
}

/// A decoded list: entries by key.
pub(super) struct List {
    /// Family keys (a word's `family` is an index into them).
    pub(super) families: Vec<String>,
    pub(super) words: Vec<(String, Word)>,
    pub(super) clusters: Vec<(String, Vec<Vec<String>>, Vec<Posting>)>,
    pub(super) tags: Vec<(String, Vec<Posting>)>,
}

/// A positions file: per word entry, per posting, the positions.
pub(super) type Positions = Vec<Vec<Vec<u32>>>;

impl<S: Source> Searcher<S> {
    /// Opens the index: reads `meta.json` (not counted as a request).
    pub fn open(source: S) -> Result<Searcher<S>> {
        let bytes = source.read("meta.json")?;
        let meta: Meta = serde_json::from_slice(&bytes)
            .map_err(|e| Error::new(format!("search/meta.json cannot be read ({e}): build the site again")))?;
        if meta.format != crate::search::index::FORMAT {
            return Err(Error::new("the search index is from another warraq version: build the site again"));
        }
        Ok(Searcher {
            source,
            meta,
            lists: RefCell::default(),
            positions: RefCell::default(),
            fragments: RefCell::default(),
            read: RefCell::default(),
        })
    }

    fn fetch(&self, path: &str) -> Result<Vec<u8>> {
        let bytes = self.source.read(path)?;
        self.read.borrow_mut().insert(path.to_string(), bytes.len());
        Ok(bytes)
    }

    /// The number of the list holding `key`.
    pub fn list_of(&self, key: &str) -> usize {
        self.meta.lists.partition_point(|first| first.as_str() <= key).saturating_sub(1)
    }

    pub(super) fn list(&self, k: usize) -> Result<Rc<List>> {
        if let Some(l) = self.lists.borrow().get(&k) {
            return Ok(l.clone());
        }
        let (families, entries) = read_list(&self.fetch(&list_path(k))?, self.meta.docs)?;
        let mut list = List { families, words: Vec::new(), clusters: Vec::new(), tags: Vec::new() };
        for e in entries {
            match e {
                Entry::Word { key, base, family, mask, postings } => {
                    let slot = list.words.len();
                    list.words.push((key, Word { base, family, mask, postings, slot }));
                }
                Entry::Cluster { key, spellings, postings } => list.clusters.push((key, spellings, postings)),
                Entry::Tag { key, postings } => list.tags.push((key, postings)),
            }
        }
        let list = Rc::new(list);
        self.lists.borrow_mut().insert(k, list.clone());
        Ok(list)
    }

    pub(super) fn positions(&self, k: usize) -> Result<Rc<Positions>> {
        if let Some(p) = self.positions.borrow().get(&k) {
            return Ok(p.clone());
        }
        let p = Rc::new(read_positions(&self.fetch(&positions_path(k))?)?);
        self.positions.borrow_mut().insert(k, p.clone());
        Ok(p)
    }

    pub(super) fn fragments(&self, g: usize) -> Result<Rc<Vec<Doc>>> {
        if let Some(f) = self.fragments.borrow().get(&g) {
            return Ok(f.clone());
        }
        let docs = fragments::read(&self.fetch(&fragments::path(g))?)
            .ok_or_else(|| Error::new("the search index is damaged: build the site again"))?;
        let docs = Rc::new(docs);
        self.fragments.borrow_mut().insert(g, docs.clone());
        Ok(docs)
    }
}
