//! The index's documents (what a result shows, without its text), held as
//! the JSON their fragment files hold.

use super::index::Doc;
use std::borrow::Cow;

/// Documents as the JSON a fragment file holds (without their texts), end
/// to end. Held as fields (seven strings and a list each), the documents
/// were 0.8 KB an article for the whole build, most of it the strings'
/// own overhead: 0.8 GB at a million articles.
#[derive(Default)]
pub(super) struct PackedDocs {
    json: Vec<u8>,
    /// Where each document ends in `json`.
    ends: Vec<usize>,
}

impl PackedDocs {
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The JSON of documents `range`, end to end.
    pub(super) fn json(&self, range: std::ops::Range<usize>) -> &[u8] {
        let start = if range.start == 0 { 0 } else { self.ends[range.start - 1] };
        let end = if range.end == 0 { 0 } else { self.ends[range.end - 1] };
        &self.json[start..end]
    }

    /// Documents `range`, each read back from its JSON.
    pub(super) fn docs(&self, range: std::ops::Range<usize>) -> Vec<Doc> {
        range.map(|d| serde_json::from_slice(self.json(d..d + 1)).expect("a document packed here")).collect()
    }

    /// Appends `docs` (serialized here).
    pub(super) fn extend(&mut self, docs: &[Doc]) {
        for doc in docs {
            serde_json::to_writer(&mut self.json, doc).expect("a document serializes");
            self.ends.push(self.json.len());
        }
    }

    /// Appends packed documents.
    pub(super) fn append(&mut self, other: PackedDocs) {
        let base = self.json.len();
        self.json.extend_from_slice(&other.json);
        self.ends.extend(other.ends.iter().map(|&e| base + e));
    }
}

/// A document's path, read from its JSON alone.
#[derive(serde::Deserialize)]
struct PathOf<'a> {
    #[serde(rename = "u", borrow)]
    path: Cow<'a, str>,
}

/// The path (`Doc::path`) in a document's JSON.
pub(super) fn path_of(json: &[u8]) -> Option<Cow<'_, str>> {
    serde_json::from_slice::<PathOf>(json).ok().map(|p| p.path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(path: &str, title: &str) -> Doc {
        let tags = vec![("وسم".to_string(), "wsm".to_string())];
        let (date, date_shown, source) = (Some("2015-07-01".into()), None, Some("اليوم".into()));
        Doc { path: path.into(), title: title.into(), date, date_shown, source, tags, text: String::new() }
    }

    #[test]
    fn packed_documents_read_back_by_range() {
        let (a, b, c) = (doc("2015/07/أ/", "عنوان \"أول\""), doc("2015/07/b/", "ثان"), doc("x/", ""));
        let mut first = PackedDocs::default();
        first.extend(&[a.clone(), b.clone()]);
        let mut second = PackedDocs::default();
        second.extend(std::slice::from_ref(&c));
        first.append(second);
        assert_eq!(first.len(), 3);
        assert_eq!(first.docs(0..3), [a.clone(), b.clone(), c.clone()]);
        assert_eq!(first.docs(2..3), [c], "offsets of the appended part");
        assert_eq!(first.json(0..0), b"");
        assert_eq!(first.json(0..2), [serde_json::to_vec(&a).unwrap(), serde_json::to_vec(&b).unwrap()].concat());
        assert_eq!(path_of(first.json(0..1)).as_deref(), Some("2015/07/أ/"));
        assert_eq!(path_of(b"not json"), None);
    }
}
