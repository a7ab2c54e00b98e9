//! A wave of the grouping's reading (`words`: each chunk's words, uses and
//! segment ends, and its articles as ids) as the build cache keeps it
//! (`cache::memo`), so that a build reads again only the waves whose
//! articles changed.

use super::words::{Chunk, Interner, TextChunk};
use crate::cache::memo::Reader;
use crate::content::Article;
use crate::hash::wide_hash;
use crate::search::tokens::{pack, unpack};

/// The kind of the grouping's parts in the build cache.
pub(super) const KIND: &str = "topics";

/// A digest of everything reading `articles` depends on, in their order:
/// each one's title and body (its digest and length, made when it was
/// loaded).
pub(super) fn inputs(articles: &[Article]) -> u64 {
    let mut bytes = Vec::with_capacity(articles.len() * 64);
    for a in articles {
        bytes.extend_from_slice(&(a.title.len() as u64).to_le_bytes());
        bytes.extend_from_slice(a.title.as_bytes());
        bytes.extend_from_slice(&a.body.digest().0.to_le_bytes());
        bytes.extend_from_slice(&(a.body.len() as u64).to_le_bytes());
    }
    wide_hash(&bytes)
}

/// A wave's chunks as the cache keeps them. Little-endian, lengths u64:
/// the number of chunks; per chunk the length and text of its words, the
/// number of words and where each ends (u32), their uses and segment ends
/// (u32 each); the length and bytes of its articles' ids packed as the
/// search index packs them; the number of articles, where each one's ids
/// end in those bytes (u64) and its title's length (u64).
pub(super) fn encode(chunks: &[Chunk], texts: &[TextChunk]) -> Vec<u8> {
    let mut out = Vec::new();
    let raw32 = |out: &mut Vec<u8>, values: &[u32]| values.iter().for_each(|v| out.extend(v.to_le_bytes()));
    let u32s = |out: &mut Vec<u8>, values: &[u32]| {
        out.extend((values.len() as u64).to_le_bytes());
        raw32(out, values);
    };
    out.extend((chunks.len() as u64).to_le_bytes());
    let mut packed = Vec::new();
    for (chunk, text) in chunks.iter().zip(texts) {
        let (words, ends) = chunk.table.words();
        out.extend((words.len() as u64).to_le_bytes());
        out.extend_from_slice(words.as_bytes());
        u32s(&mut out, ends);
        raw32(&mut out, &chunk.counts);
        raw32(&mut out, &chunk.ends);
        // Ids packed: at the end of an article's the number of bytes so far.
        packed.clear();
        let mut byte_ends = Vec::with_capacity(text.ends.len());
        let mut start = 0;
        for &end in &text.ends {
            pack(&text.ids[start..end], &mut packed);
            byte_ends.push(packed.len() as u64);
            start = end;
        }
        out.extend((packed.len() as u64).to_le_bytes());
        out.extend_from_slice(&packed);
        out.extend((byte_ends.len() as u64).to_le_bytes());
        byte_ends.iter().for_each(|v| out.extend(v.to_le_bytes()));
        text.title_lens.iter().for_each(|&t| out.extend((t as u64).to_le_bytes()));
    }
    out
}

/// The chunks of a wave of `articles` articles from what [`encode`] made
/// of them; `None` unless it is one, whole and consistent (every id a
/// word of its chunk, every length within what is there).
pub(super) fn decode(bytes: &[u8], articles: usize) -> Option<(Vec<Chunk>, Vec<TextChunk>)> {
    let mut r = Reader(bytes);
    let n = r.len()?;
    let (mut chunks, mut texts) = (Vec::new(), Vec::new());
    for _ in 0..n {
        let len = r.len()?;
        let words = String::from_utf8(r.take(len)?.to_vec()).ok()?;
        let n = r.len()?;
        let word_ends = r.u32s(n)?;
        let rising =
            word_ends.windows(2).all(|w| w[0] <= w[1]) && word_ends.iter().all(|&e| (e as usize) <= words.len());
        if !rising || !word_ends.iter().all(|&e| words.is_char_boundary(e as usize)) {
            return None;
        }
        let counts = r.u32s(word_ends.len())?;
        let ends = r.u32s(word_ends.len())?;
        let len = r.len()?;
        let packed = r.take(len)?;
        let n = r.len()?;
        let byte_ends = r.u64s(n)?;
        let title_lens: Vec<usize> = r.u64s(n)?.into_iter().map(|t| t as usize).collect();
        if byte_ends.last().is_some_and(|&e| e as usize != packed.len()) {
            return None;
        }
        let mut text = TextChunk { ids: Vec::new(), ends: Vec::with_capacity(byte_ends.len()), title_lens };
        let mut start = 0;
        for &end in &byte_ends {
            let end = usize::try_from(end).ok().filter(|&e| e >= start)?;
            unpack(&packed[start..end], &mut text.ids);
            text.ends.push(text.ids.len());
            start = end;
        }
        let words_n = word_ends.len() as u32;
        if text.ids.iter().any(|&id| id != super::words::BREAK && id >= words_n) {
            return None;
        }
        text.ids = crate::memory::fit(text.ids);
        chunks.push(Chunk::new(Interner::from_words(words, word_ends), counts, ends));
        texts.push(text);
    }
    let whole = texts.iter().map(|t| t.ends.len()).sum::<usize>() == articles;
    (r.is_empty() && whole).then_some((chunks, texts))
}

#[cfg(test)]
mod tests {
    use super::super::words::read_chunk;
    use super::*;

    fn articles() -> Vec<Article> {
        ["نص الخبر الأول عن جدة. ثم مكة", "", "Latin و العربية 2023"]
            .iter()
            .map(|body| {
                crate::content::parse_article("content/articles/a.md", &format!("+++\ntitle = \"عنوان\"\n+++\n{body}"))
                    .unwrap()
            })
            .collect()
    }

    #[test]
    fn a_kept_wave_reads_back_as_it_was_read_and_nothing_else_does() {
        let articles = articles();
        let (c1, t1) = read_chunk(&articles[..2]);
        let (c2, t2) = read_chunk(&articles[2..]);
        let bytes = encode(&[c1, c2], &[t1, t2]);
        let (chunks, texts) = decode(&bytes, 3).expect("whole");
        let (r1, s1) = read_chunk(&articles[..2]);
        assert_eq!(chunks[0].table.words(), r1.table.words());
        assert_eq!((&chunks[0].counts, &chunks[0].ends), (&r1.counts, &r1.ends));
        assert_eq!((&texts[0].ids, &texts[0].ends, &texts[0].title_lens), (&s1.ids, &s1.ends, &s1.title_lens));
        assert_eq!(texts[1].ends.len(), 1);
        assert!(decode(&bytes, 2).is_none(), "another number of articles");
        for len in 0..bytes.len() {
            assert!(decode(&bytes[..len], 3).is_none(), "cut to {len}");
        }
        // An id beyond the chunk's words.
        let (c, mut t) = read_chunk(&articles[..1]);
        let words = c.table.words().1.len() as u32;
        t.ids[0] = words;
        assert!(decode(&encode(&[c], &[t]), 1).is_none());
    }
}
