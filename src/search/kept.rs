//! The runs of documents the index reads together, and a run's reading
//! (its [`Chunk`] and its texts' lengths and hashes) as the build cache
//! keeps it (`cache::memo`), so that a build reads again only the runs
//! whose articles changed.

use super::tokens::{Arena, Chunk};
use crate::cache::memo::Reader;
use crate::content::body::Blob;
use crate::content::Article;
use crate::hash::wide_hash;
use std::ops::Range;

/// The kind of the index's parts in the build cache.
pub(super) const KIND: &str = "search";

/// The runs of `n` documents (oldest first) read together, about `size`
/// documents each, where `path_hash(d)` is a hash of document `d`'s path.
///
/// A run ends after a document whose hash says so (one in half of `size`,
/// once the run has half of it: `size` documents on average, so that runs
/// read side by side take about as long), or at four times `size`. Bounds
/// drawn from the documents rather than every `size` documents: an
/// article added, deleted or dated anew among older ones changes the run
/// it falls in (and at most the next), not every run after it, and the
/// build cache keeps the others.
pub(super) fn runs(n: usize, size: usize, path_hash: impl Fn(usize) -> u64) -> Vec<Range<usize>> {
    let size = size.max(1);
    let (least, most, one_in) = ((size / 2).max(1), size * 4, (size / 2).max(1) as u64);
    let mut runs = Vec::with_capacity(n / size + 1);
    let mut start = 0;
    for d in 0..n {
        let len = d + 1 - start;
        if (len >= least && path_hash(d).is_multiple_of(one_in)) || len >= most {
            runs.push(start..d + 1);
            start = d + 1;
        }
    }
    if start < n {
        runs.push(start..n);
    }
    runs
}

/// A digest of everything reading `articles` into a run depends on, in
/// their order: each one's title, body (its digest and length, made when
/// it was loaded) and editor's tags (`tokens::Fields`).
pub(super) fn inputs<'a>(articles: impl Iterator<Item = &'a Article>) -> u64 {
    let mut bytes = Vec::new();
    let text = |bytes: &mut Vec<u8>, s: &str| {
        bytes.extend_from_slice(&(s.len() as u64).to_le_bytes());
        bytes.extend_from_slice(s.as_bytes());
    };
    for a in articles {
        text(&mut bytes, &a.title);
        bytes.extend_from_slice(&a.body.digest().0.to_le_bytes());
        bytes.extend_from_slice(&(a.body.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&(a.tags.len() as u64).to_le_bytes());
        for tag in &a.tags {
            text(&mut bytes, tag);
        }
    }
    wide_hash(&bytes)
}

/// A run's reading as the cache keeps it; `None` once its ids went to the
/// body file (`Chunk::keep_in`). Little-endian: the number of documents
/// n; n ends of their ids (u64); n title lengths (u32); n texts' (length,
/// hash) (u64, u64); the packed ids; the words' ends (u32) and text; the
/// words' counts (u32): each list after its length (u64).
pub(super) fn encode(chunk: &Chunk, texts: &[(usize, u64)]) -> Option<Vec<u8>> {
    let Blob::Held(ids) = &chunk.tokens else { return None };
    let words = &chunk.words;
    let n = chunk.ends.len();
    let mut out = Vec::with_capacity(8 * 6 + n * 28 + ids.len() + words.text.len() + words.ends.len() * 8);
    let u64s =
        |out: &mut Vec<u8>, values: &mut dyn Iterator<Item = u64>| values.for_each(|v| out.extend(v.to_le_bytes()));
    let u32s = |out: &mut Vec<u8>, values: &[u32]| values.iter().for_each(|v| out.extend(v.to_le_bytes()));
    out.extend((n as u64).to_le_bytes());
    u64s(&mut out, &mut chunk.ends.iter().map(|&e| e as u64));
    u32s(&mut out, &chunk.title_len);
    u64s(&mut out, &mut texts.iter().flat_map(|&(len, hash)| [len as u64, hash]));
    out.extend((ids.len() as u64).to_le_bytes());
    out.extend_from_slice(ids);
    out.extend((words.ends.len() as u64).to_le_bytes());
    u32s(&mut out, &words.ends);
    out.extend((words.text.len() as u64).to_le_bytes());
    out.extend_from_slice(words.text.as_bytes());
    out.extend((chunk.counts.len() as u64).to_le_bytes());
    u32s(&mut out, &chunk.counts);
    Some(out)
}

/// A run of `docs` documents, the first numbered `first`, from what
/// [`encode`] made of it; `None` unless it is one, whole and consistent
/// (a part is checksummed, but a read is never trusted to index a slice).
pub(super) fn decode(bytes: &[u8], first: usize, docs: usize) -> Option<(Chunk, Vec<(usize, u64)>)> {
    let mut r = Reader(bytes);
    if r.len()? != docs {
        return None;
    }
    let ends: Vec<usize> = r.u64s(docs)?.into_iter().map(|e| e as usize).collect();
    let title_len = r.u32s(docs)?;
    let texts = r.u64s(2 * docs)?.chunks_exact(2).map(|p| (p[0] as usize, p[1])).collect();
    let n = r.len()?;
    let ids = r.take(n)?.to_vec();
    let rising =
        |ends: &[usize], end: usize| ends.windows(2).all(|w| w[0] <= w[1]) && ends.last().is_none_or(|&e| e == end);
    if !rising(&ends, ids.len()) {
        return None;
    }
    let n = r.len()?;
    let word_ends = r.u32s(n)?;
    let n = r.len()?;
    let text = String::from_utf8(r.take(n)?.to_vec()).ok()?;
    let word_ends_at: Vec<usize> = word_ends.iter().map(|&e| e as usize).collect();
    if !rising(&word_ends_at, text.len()) || !word_ends_at.iter().all(|&e| text.is_char_boundary(e)) {
        return None;
    }
    let n = r.len()?;
    let counts = r.u32s(n)?;
    if !r.is_empty() || counts.len() != word_ends.len() {
        return None;
    }
    let chunk = Chunk {
        first: u32::try_from(first).ok()?,
        tokens: Blob::Held(ids),
        ends,
        title_len,
        words: Arena { text, ends: word_ends },
        counts,
    };
    Some((chunk, texts))
}

#[cfg(test)]
mod tests {
    use super::super::tokens::{tokenize, Fields};
    use super::*;

    fn chunk(first: usize, texts: &[&str]) -> Chunk {
        let fields = texts.iter().map(|t| Fields { title: "عنوان الخبر", text: t, tags: vec!["وسم"] });
        tokenize(first, fields)
    }

    /// Everything a chunk holds, as plain values.
    #[derive(Debug, PartialEq)]
    struct Parts {
        first: u32,
        ids: Vec<u8>,
        ends: Vec<usize>,
        title_len: Vec<u32>,
        words: String,
        word_ends: Vec<u32>,
        counts: Vec<u32>,
    }

    fn parts(c: &Chunk) -> Parts {
        let Blob::Held(ids) = &c.tokens else { panic!("held") };
        Parts {
            first: c.first,
            ids: ids.clone(),
            ends: c.ends.clone(),
            title_len: c.title_len.clone(),
            words: c.words.text.clone(),
            word_ends: c.words.ends.clone(),
            counts: c.counts.clone(),
        }
    }

    #[test]
    fn a_kept_run_reads_back_as_it_was_read() {
        let texts = ["كوريا وروسيا والاستثمارات", "", "Latin and العربية 2023 🙂", "كوريا"];
        let c = chunk(40, &texts);
        let lengths = vec![(3, 1), (0, 2), (7, u64::MAX), (9, 4)];
        let bytes = encode(&c, &lengths).unwrap();
        let (back, texts_back) = decode(&bytes, 40, 4).unwrap();
        assert_eq!(parts(&back), parts(&c));
        assert_eq!(texts_back, lengths);
        assert_eq!(parts(&decode(&bytes, 7, 4).unwrap().0).first, 7, "numbered as asked");
        assert!(decode(&bytes, 40, 3).is_none(), "another number of documents");
        let empty = chunk(0, &[]);
        assert_eq!(parts(&decode(&encode(&empty, &[]).unwrap(), 0, 0).unwrap().0), parts(&empty));
    }

    #[test]
    fn a_run_that_does_not_add_up_is_not_taken() {
        let c = chunk(0, &["كوريا وروسيا والاستثمارات", "نص ثان"]);
        let bytes = encode(&c, &[(1, 1), (2, 2)]).unwrap();
        for len in 0..bytes.len() {
            assert!(decode(&bytes[..len], 0, 2).is_none(), "cut to {len}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer, 0, 2).is_none(), "a byte too many");
        // The first document's ids said to end beyond the ids.
        let mut wrong = bytes.clone();
        wrong[8] = 0xff;
        assert!(decode(&wrong, 0, 2).is_none());
    }

    #[test]
    fn every_input_of_a_reading_changes_its_digest() {
        let article = |title: &str, body: &str, tags: &str| {
            let text = format!("+++\ntitle = \"{title}\"\ndate = 2023-09-01\ntags = [{tags}]\n+++\n{body}");
            crate::content::parse_article("content/articles/2023/09/01-a.md", &text).unwrap()
        };
        let base = [article("خبر", "نص", "\"وسم\""), article("آخر", "نص آخر", "")];
        let digest = |articles: &[Article]| inputs(articles.iter());
        let mut seen = std::collections::HashSet::from([digest(&base)]);
        let changes = [
            [article("خبر!", "نص", "\"وسم\""), article("آخر", "نص آخر", "")],
            [article("خبر", "نص.", "\"وسم\""), article("آخر", "نص آخر", "")],
            [article("خبر", "نص", "\"وسم\", \"ثان\""), article("آخر", "نص آخر", "")],
            [article("خبر", "نص", "\"وسم ثان\""), article("آخر", "نص آخر", "")],
            [article("خبر", "نص", ""), article("آخر", "نص آخر", "\"وسم\"")],
            [article("آخر", "نص آخر", ""), article("خبر", "نص", "\"وسم\"")],
        ];
        for (k, changed) in changes.iter().enumerate() {
            assert!(seen.insert(digest(changed)), "change {k}");
        }
        assert!(!seen.insert(digest(&[article("خبر", "نص", "\"وسم\""), article("آخر", "نص آخر", "")])));
    }

    #[test]
    fn runs_cover_every_document_and_move_only_where_documents_changed() {
        let hash = |key: usize| wide_hash(&key.to_le_bytes());
        let keys: Vec<usize> = (0..5000).collect();
        let before = runs(keys.len(), 64, |d| hash(keys[d]));
        let sizes: Vec<usize> = before.iter().map(|r| r.len()).collect();
        assert_eq!(before.first().unwrap().start, 0);
        assert!(before.windows(2).all(|w| w[0].end == w[1].start), "one after another");
        assert_eq!(before.last().unwrap().end, keys.len());
        assert!(sizes[..sizes.len() - 1].iter().all(|&s| (32..=256).contains(&s)), "{sizes:?}");
        let mean = keys.len() / before.len();
        assert!((40..=100).contains(&mean), "about 64 on average: {mean}");
        // One document inserted and one deleted among older ones: the runs
        // of the same documents before and after are the same runs.
        let mut edited = keys.clone();
        edited.insert(1000, 99_999);
        edited.remove(3000);
        let after = runs(edited.len(), 64, |d| hash(edited[d]));
        let members = |keys: &[usize], rs: &[Range<usize>]| -> Vec<Vec<usize>> {
            rs.iter().map(|r| keys[r.clone()].to_vec()).collect()
        };
        let (old, new) = (members(&keys, &before), members(&edited, &after));
        let changed = new.iter().filter(|run| !old.contains(run)).count();
        assert!(changed <= 4, "{changed} runs changed of {}", new.len());
        assert_eq!(runs(0, 64, hash), Vec::<Range<usize>>::new());
        assert_eq!(runs(3, 1, hash), vec![0..1, 1..2, 2..3], "runs of one");
    }
}
