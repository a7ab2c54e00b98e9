//! The binary files of the index: word lists (`t/N.bin`) and word
//! positions (`p/N.bin`), read by the browser (`search.js`) and by
//! `warraq search` alike.
//!
//! Numbers are unsigned LEB128 varints. A word list is `WQS1`, the family
//! keys of its words (a count, then each as varint length + UTF-8), the
//! entry count, then the entries in key order:
//!
//! ```text
//! key          varint bytes shared with the previous key, varint length, UTF-8 rest
//! kind         u8: 0 word, 1 spelling cluster, 2 tag
//! word         varint length + UTF-8 base, varint family (index into the keys), varint prefix mask, postings
//! cluster      varint spellings, each: varint words, each: varint length + UTF-8 base; postings
//! tag          postings
//! postings     varint df, then (df > 0) u8 encoding and varint byte length:
//!              0: df varints ((doc - previous doc - 1) << 2 | weight), docs ascending
//!              1: a bitmap of every doc (bit d of byte d / 8), then df weights of 2 bits
//! ```
//!
//! A positions file is `WQP1`, then for each word entry of the list, in
//! order: varint byte length, and per posting a varint count and the word
//! positions (the first as is, then differences).

use crate::error::{Error, Result};

/// First bytes of a word list file (`t/N.bin`), with the format's version.
pub const LIST_MAGIC: &[u8; 4] = b"WQS1";
/// First bytes of a positions file (`p/N.bin`), with the format's version.
pub const POSITIONS_MAGIC: &[u8; 4] = b"WQP1";

/// Entry kind: a word, with its base, family and prefixes.
pub const KIND_WORD: u8 = 0;
/// Entry kind: a spelling cluster (one foreign name's spellings).
pub const KIND_CLUSTER: u8 = 1;
/// Entry kind: a tag's articles, keyed by its slug (`tag_key`), for the tag filter.
pub const KIND_TAG: u8 = 2;

/// Appends `n` as an unsigned LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Bytes of `n` as a varint.
pub fn varint_len(n: u64) -> usize {
    (64 - (n | 1).leading_zeros() as usize).div_ceil(7)
}

/// Writes `n` as a varint at `at` of `out` (room made before); returns
/// where it ends.
#[inline]
pub fn put_varint_at(out: &mut [u8], mut at: usize, mut n: u64) -> usize {
    while n >= 0x80 {
        out[at] = (n as u8) | 0x80;
        n >>= 7;
        at += 1;
    }
    out[at] = n as u8;
    at + 1
}

/// The body of a posting list of `df` documents in an index of `docs`:
/// whether it is a bitmap, and its length. `gaps_len` measures the list
/// as gaps; it is not asked when a bitmap is smaller than a byte a
/// document, since every gap takes a byte or more.
pub fn list_body(docs: usize, df: usize, gaps_len: impl FnOnce() -> usize) -> (bool, usize) {
    let bitmap_len = docs.div_ceil(8) + df.div_ceil(4);
    let gaps_len = if bitmap_len >= df { gaps_len() } else { usize::MAX };
    if bitmap_len < gaps_len {
        (true, bitmap_len)
    } else {
        (false, gaps_len)
    }
}

/// Appends `s` as its varint byte length and its UTF-8.
pub fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// One document of a posting list: its id and weight (bit 1: the word is in
/// the title; bit 0: it occurs twice or more).
pub type Posting = (u32, u8);

/// Encodes a posting list (docs ascending) for an index of `docs` documents,
/// as a bitmap when that is smaller.
pub fn put_postings(out: &mut Vec<u8>, postings: &[Posting], docs: usize) {
    let ds: Vec<u32> = postings.iter().map(|p| p.0).collect();
    let ws: Vec<u8> = postings.iter().map(|p| p.1).collect();
    put_postings_parts(out, &ds, &ws, docs);
}

/// [`put_postings`] from the documents and their weights apart (what the
/// index builder holds), writing straight into `out`.
pub fn put_postings_parts(out: &mut Vec<u8>, ds: &[u32], ws: &[u8], docs: usize) {
    put_varint(out, ds.len() as u64);
    if ds.is_empty() {
        return;
    }
    // The gaps are written first and measured: one pass, and the header
    // slipped in before them (or the bitmap written instead, when smaller).
    let at = out.len();
    let map = docs.div_ceil(8);
    let (bitmap, len) = list_body(docs, ds.len(), || {
        let mut prev: i64 = -1;
        for (&d, &w) in ds.iter().zip(ws) {
            put_varint(out, (((i64::from(d) - prev - 1) as u64) << 2) | u64::from(w & 3));
            prev = i64::from(d);
        }
        out.len() - at
    });
    if bitmap {
        out.truncate(at);
        out.push(1);
        put_varint(out, len as u64);
        let at = out.len();
        out.resize(at + len, 0);
        let bits = &mut out[at..];
        for (k, (&d, &w)) in ds.iter().zip(ws).enumerate() {
            bits[d as usize / 8] |= 1 << (d % 8);
            bits[map + k / 4] |= (w & 3) << ((k % 4) * 2);
        }
    } else {
        insert_header(out, at, Some(0), len);
    }
}

/// Inserts `kind` (when given) and the varint `len` at `at` of `out`: the
/// bytes after `at` are moved up in place (millions of lists are written,
/// most of them a few bytes long: no header of its own allocated, nor
/// `Vec::splice`'s machinery).
fn insert_header(out: &mut Vec<u8>, at: usize, kind: Option<u8>, len: usize) {
    let mut header = [0u8; 11];
    let mut n = 0;
    if let Some(kind) = kind {
        header[0] = kind;
        n = 1;
    }
    let mut v = len as u64;
    while v >= 0x80 {
        header[n] = (v as u8) | 0x80;
        v >>= 7;
        n += 1;
    }
    header[n] = v as u8;
    n += 1;
    let end = out.len();
    out.resize(end + n, 0);
    out.copy_within(at..end, at + n);
    out[at..at + n].copy_from_slice(&header[..n]);
}

/// Encodes the positions of one word: per posting, ascending positions.
pub fn put_positions(out: &mut Vec<u8>, per_doc: &[&[u32]]) {
    put_positions_with(out, per_doc.len(), |k| per_doc[k]);
}

/// [`put_positions`] with posting `k`'s positions given by `positions(k)`,
/// written straight into `out` (the block's length slipped in before it).
pub fn put_positions_with<'p>(out: &mut Vec<u8>, postings: usize, positions: impl Fn(usize) -> &'p [u32]) {
    let at = out.len();
    for k in 0..postings {
        let ps = positions(k);
        put_varint(out, ps.len() as u64);
        let mut prev = 0;
        for &p in ps {
            put_varint(out, u64::from(p - prev));
            prev = p;
        }
    }
    let len = out.len() - at;
    insert_header(out, at, None, len);
}

/// A cursor over an index file.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// A reader past `magic`; an error when the file does not start with it.
    pub fn new(bytes: &'a [u8], magic: &[u8; 4]) -> Result<Reader<'a>> {
        if bytes.len() < 4 || &bytes[..4] != magic {
            return Err(corrupt());
        }
        Ok(Reader { bytes, at: 4 })
    }

    /// A reader of `bytes` from the first (a list or block inside a file).
    pub fn over(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    /// The next varint (`put_varint`).
    pub fn varint(&mut self) -> Result<u64> {
        let mut n = 0u64;
        let mut shift = 0;
        loop {
            let b = *self.bytes.get(self.at).ok_or_else(corrupt)?;
            self.at += 1;
            if shift > 63 {
                return Err(corrupt());
            }
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(n);
            }
            shift += 7;
        }
    }

    /// The next byte.
    pub fn byte(&mut self) -> Result<u8> {
        let b = *self.bytes.get(self.at).ok_or_else(corrupt)?;
        self.at += 1;
        Ok(b)
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or_else(corrupt)?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    /// The next string (`put_str`).
    pub fn str(&mut self) -> Result<&'a str> {
        let n = self.varint()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| corrupt())
    }

    /// Whether the whole file has been read.
    pub fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    /// A posting list for an index of `docs` documents.
    pub fn postings(&mut self, docs: usize) -> Result<Vec<Posting>> {
        let df = self.varint()? as usize;
        if df == 0 {
            return Ok(Vec::new());
        }
        let encoding = self.byte()?;
        let len = self.varint()? as usize;
        let body = self.take(len)?;
        let mut out = Vec::with_capacity(df);
        match encoding {
            0 => {
                let mut r = Reader { bytes: body, at: 0 };
                let mut prev: i64 = -1;
                for _ in 0..df {
                    let v = r.varint()?;
                    let d = prev + 1 + (v >> 2) as i64;
                    out.push((u32::try_from(d).map_err(|_| corrupt())?, (v & 3) as u8));
                    prev = d;
                }
            }
            1 => {
                let map = docs.div_ceil(8);
                if body.len() < map + df.div_ceil(4) {
                    return Err(corrupt());
                }
                for d in 0..docs {
                    if body[d / 8] & (1 << (d % 8)) != 0 {
                        let k = out.len();
                        let w = (body[map + k / 4] >> ((k % 4) * 2)) & 3;
                        out.push((d as u32, w));
                    }
                }
            }
            _ => return Err(corrupt()),
        }
        if out.len() != df {
            return Err(corrupt());
        }
        Ok(out)
    }
}

fn corrupt() -> Error {
    Error::new("the search index is damaged or from another warraq version: build the site again")
}

/// One entry of a word list, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A word (`KIND_WORD`) and the documents it is in.
    Word {
        /// The index key.
        key: String,
        /// The word without its prefix.
        base: String,
        /// Its family: an index into the list's family keys.
        family: u32,
        /// Prefixes its documents use it with (bit `p`: `PREFIXES[p]`).
        mask: u32,
        /// The documents it is in, with weights.
        postings: Vec<Posting>,
    },
    /// A spelling cluster (`KIND_CLUSTER`): one name's spellings.
    Cluster {
        /// The index key.
        key: String,
        /// The spellings, each as its words.
        spellings: Vec<Vec<String>>,
        /// The documents using any spelling, with weights.
        postings: Vec<Posting>,
    },
    /// A tag (`KIND_TAG`), for the tag filter.
    Tag {
        /// The tag's key (`tag_key` of its slug).
        key: String,
        /// The tag's articles.
        postings: Vec<Posting>,
    },
}

impl Entry {
    /// The entry's key, what a query word is looked up by.
    pub fn key(&self) -> &str {
        match self {
            Entry::Word { key, .. } | Entry::Cluster { key, .. } | Entry::Tag { key, .. } => key,
        }
    }
}

/// Decodes a word list: its family keys and entries.
pub fn read_list(bytes: &[u8], docs: usize) -> Result<(Vec<String>, Vec<Entry>)> {
    let mut r = Reader::new(bytes, LIST_MAGIC)?;
    let families = r.varint()? as usize;
    let mut keys = Vec::with_capacity(families.min(1 << 20));
    for _ in 0..families {
        keys.push(r.str()?.to_string());
    }
    let n = r.varint()? as usize;
    let mut out = Vec::with_capacity(n.min(1 << 20));
    let mut prev = String::new();
    for _ in 0..n {
        let shared = r.varint()? as usize;
        let rest = r.str()?;
        if shared > prev.len() || !prev.is_char_boundary(shared) {
            return Err(corrupt());
        }
        let key = format!("{}{rest}", &prev[..shared]);
        let entry = match r.byte()? {
            KIND_WORD => {
                let base = r.str()?.to_string();
                let family = r.varint()? as u32;
                if family as usize >= keys.len() {
                    return Err(corrupt());
                }
                let mask = r.varint()? as u32;
                Entry::Word { key: key.clone(), base, family, mask, postings: r.postings(docs)? }
            }
            KIND_CLUSTER => {
                let count = r.varint()? as usize;
                let mut spellings = Vec::with_capacity(count.min(64));
                for _ in 0..count {
                    let words = r.varint()? as usize;
                    let mut s = Vec::with_capacity(words.min(64));
                    for _ in 0..words {
                        s.push(r.str()?.to_string());
                    }
                    spellings.push(s);
                }
                Entry::Cluster { key: key.clone(), spellings, postings: r.postings(docs)? }
            }
            KIND_TAG => Entry::Tag { key: key.clone(), postings: r.postings(docs)? },
            _ => return Err(corrupt()),
        };
        prev = key;
        out.push(entry);
    }
    Ok((keys, out))
}

impl Reader<'_> {
    /// The next positions block (`put_positions`): per posting, its positions.
    pub fn positions_block(&mut self) -> Result<Vec<Vec<u32>>> {
        let len = self.varint()? as usize;
        let mut b = Reader::over(self.take(len)?);
        let mut per_doc = Vec::new();
        while !b.done() {
            let count = b.varint()? as usize;
            let mut ps = Vec::with_capacity(count.min(1 << 16));
            let mut prev = 0u32;
            for i in 0..count {
                let v = b.varint()? as u32;
                let p = if i == 0 { v } else { prev.checked_add(v).ok_or_else(corrupt)? };
                ps.push(p);
                prev = p;
            }
            per_doc.push(ps);
        }
        Ok(per_doc)
    }
}

/// Decodes a positions file: per word entry, per posting, the positions.
pub fn read_positions(bytes: &[u8]) -> Result<Vec<Vec<Vec<u32>>>> {
    let mut r = Reader::new(bytes, POSITIONS_MAGIC)?;
    let mut out = Vec::new();
    while !r.done() {
        out.push(r.positions_block()?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip_in_both_encodings() {
        let sparse: Vec<Posting> = vec![(0, 1), (7, 0), (300, 3), (70_000, 2)];
        let dense: Vec<Posting> = (0..1000).filter(|d| d % 3 != 0).map(|d| (d, (d % 4) as u8)).collect();
        for (postings, docs, encoding) in [(&sparse, 80_000, 0), (&dense, 1000, 1)] {
            let mut out = b"WQS1".to_vec();
            put_postings(&mut out, postings, docs);
            let mut r = Reader::new(&out, LIST_MAGIC).unwrap();
            assert_eq!(r.varint().unwrap(), postings.len() as u64);
            assert_eq!(r.byte().unwrap(), encoding);
            let mut r = Reader::new(&out, LIST_MAGIC).unwrap();
            assert_eq!(&r.postings(docs).unwrap(), postings);
            assert!(r.done());
        }
    }

    #[test]
    fn long_lists_keep_their_length_headers() {
        // Over 127 bytes of gaps and of positions: the lengths written in
        // front of them take two varint bytes.
        let postings: Vec<Posting> = (0..200).map(|d| (d * 1000, (d % 4) as u8)).collect();
        let mut out = b"WQS1".to_vec();
        put_postings(&mut out, &postings, 200_000);
        let mut r = Reader::new(&out, LIST_MAGIC).unwrap();
        assert_eq!(r.varint().unwrap(), 200);
        assert_eq!(r.byte().unwrap(), 0, "delta encoded");
        assert_eq!(r.varint().unwrap() as usize, out.len() - r.at, "the length counts every gap byte");
        let mut r = Reader::new(&out, LIST_MAGIC).unwrap();
        assert_eq!(r.postings(200_000).unwrap(), postings);

        let per_doc: Vec<Vec<u32>> = (0..50).map(|d| vec![d, d + 200, d + 70_000]).collect();
        let slices: Vec<&[u32]> = per_doc.iter().map(Vec::as_slice).collect();
        let mut block = Vec::new();
        put_positions(&mut block, &slices);
        let mut r = Reader { bytes: &block, at: 0 };
        assert_eq!(r.varint().unwrap() as usize, block.len() - r.at);
        for ps in &per_doc {
            assert_eq!(r.varint().unwrap(), 3);
            let deltas = [ps[0], ps[1] - ps[0], ps[2] - ps[1]];
            for d in deltas {
                assert_eq!(r.varint().unwrap(), u64::from(d));
            }
        }
        assert!(r.done());
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        assert!(read_list(b"WQS1\x00\x05\x00", 10).is_err());
        assert!(read_list(b"WQS1\x00\x01\x00\x01a\x00\x01b\x07\x00\x00", 10).is_err(), "family out of range");
        assert!(read_list(b"XXXX", 10).is_err());
        assert!(read_positions(b"WQP1\x09\x01").is_err());
        let mut r = Reader::new(b"WQS1\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", LIST_MAGIC).unwrap();
        assert!(r.varint().is_err());
    }
}
