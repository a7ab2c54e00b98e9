//! A wave of the grouping's reading (`words`: each chunk's words, uses and
//! segment ends, and its articles as ids) as the build cache keeps it
//! (`cache::memo`), so that a build reads again only the waves whose
//! articles changed.

use super::words::{from_the_end, Chunk, Interner, Tables, TextChunk, BREAK, CHUNK};
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

/// A wave's reading as the cache keeps it: one table of words for the
/// whole wave (the chunks' words in order of first use across them, their
/// uses and segment ends summed, which merges into the vocabulary as the
/// chunks one after another do; each chunk's table repeats the common
/// words, a third of an archive's size when kept chunk by chunk) and the
/// chunks of articles as ids into it. Little-endian, lengths u64: the
/// length and text of the words, the number of words and where each ends
/// (u32), their uses and segment ends (u32 each); the number of chunks,
/// and per chunk the length and bytes of its articles' ids packed as the
/// search index packs them, the number of articles, where each one's ids
/// end in those bytes (u64) and its title's length (u64).
pub(super) fn encode(tables: &Tables) -> Vec<u8> {
    let mut table = Interner::new();
    let (mut counts, mut ends) = (Vec::<u32>::new(), Vec::<u32>::new());
    let mut chunks: Vec<&TextChunk> = Vec::new();
    let mut remapped: Vec<Vec<u32>> = Vec::new();
    for (chunk, texts) in tables {
        let to_wave: Vec<u32> = (0..chunk.table.len())
            .map(|i| {
                let id = table.id(chunk.table.get(i));
                if id as usize == counts.len() {
                    counts.push(0);
                    ends.push(0);
                }
                counts[id as usize] += chunk.counts[i];
                ends[id as usize] += chunk.ends[i];
                id
            })
            .collect();
        for text in texts {
            // (An id beyond its table, which reading never makes, stays
            // beyond the wave's: `decode` refuses it.)
            let wave_id = |id: u32| to_wave.get(id as usize).copied().unwrap_or(BREAK - 1);
            remapped.push(text.ids.iter().map(|&id| if id == BREAK { BREAK } else { wave_id(id) }).collect());
            chunks.push(text);
        }
    }
    let mut out = Vec::new();
    let raw32 = |out: &mut Vec<u8>, values: &[u32]| values.iter().for_each(|v| out.extend(v.to_le_bytes()));
    let (words, word_ends) = table.words();
    out.extend((words.len() as u64).to_le_bytes());
    out.extend_from_slice(words.as_bytes());
    out.extend((word_ends.len() as u64).to_le_bytes());
    raw32(&mut out, word_ends);
    raw32(&mut out, &counts);
    raw32(&mut out, &ends);
    out.extend((chunks.len() as u64).to_le_bytes());
    let mut packed = Vec::new();
    for (text, ids) in chunks.iter().zip(&remapped) {
        // Ids packed: at the end of an article's the number of bytes so far.
        packed.clear();
        let mut byte_ends = Vec::with_capacity(text.ends.len());
        let mut start = 0;
        for &end in &text.ends {
            pack(&ids[start..end], &mut packed);
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

/// A wave of `articles` articles from what [`encode`] made of it: its
/// table and its chunks; `None` unless it is one, whole and consistent
/// (the chunks those of `articles` articles, every id a word of the table,
/// every length within what is there).
pub(super) fn decode(bytes: &[u8], articles: usize) -> Option<(Chunk, Vec<TextChunk>)> {
    let mut r = Reader(bytes);
    let len = r.len()?;
    let words = String::from_utf8(r.take(len)?.to_vec()).ok()?;
    let n = r.len()?;
    let word_ends = r.u32s(n)?;
    let rising = word_ends.windows(2).all(|w| w[0] <= w[1]) && word_ends.iter().all(|&e| (e as usize) <= words.len());
    if !rising || !word_ends.iter().all(|&e| words.is_char_boundary(e as usize)) {
        return None;
    }
    let counts = r.u32s(n)?;
    let ends = r.u32s(n)?;
    let sizes: Vec<usize> = from_the_end(articles, CHUNK).iter().map(|c| c.len()).collect();
    if r.len()? != sizes.len() {
        return None;
    }
    let mut texts = Vec::with_capacity(sizes.len());
    for &size in &sizes {
        let len = r.len()?;
        let packed = r.take(len)?;
        if r.len()? != size {
            return None;
        }
        let byte_ends = r.u64s(size)?;
        let title_lens: Vec<usize> = r.u64s(size)?.into_iter().map(|t| t as usize).collect();
        if byte_ends.last().is_some_and(|&e| e as usize != packed.len()) {
            return None;
        }
        let mut text = TextChunk { ids: Vec::new(), ends: Vec::with_capacity(size), title_lens };
        let mut start = 0;
        for (&end, &title_len) in byte_ends.iter().zip(&text.title_lens) {
            let end = usize::try_from(end).ok().filter(|&e| e >= start && e <= packed.len())?;
            let before = text.ids.len();
            unpack(&packed[start..end], &mut text.ids);
            if title_len > text.ids.len() - before {
                return None;
            }
            text.ends.push(text.ids.len());
            start = end;
        }
        if text.ids.iter().any(|&id| id != BREAK && id as usize >= n) {
            return None;
        }
        text.ids = crate::memory::fit(text.ids);
        texts.push(text);
    }
    let table = Interner::from_words(words, word_ends);
    r.is_empty().then(|| (Chunk::new(table, counts, ends), texts))
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
        let read = |part: &[Article]| {
            let (words, text) = read_chunk(part);
            (words, vec![text])
        };
        let one = vec![read(&articles)];
        let bytes = encode(&one);
        let (chunk, texts) = decode(&bytes, 3).expect("whole");
        assert_eq!(chunk.table.words(), one[0].0.table.words());
        assert_eq!((&chunk.counts, &chunk.ends), (&one[0].0.counts, &one[0].0.ends));
        let t = &one[0].1[0];
        assert_eq!((&texts[0].ids, &texts[0].ends, &texts[0].title_lens), (&t.ids, &t.ends, &t.title_lens));
        assert!(decode(&bytes, 2).is_none(), "another number of articles");
        for len in 0..bytes.len() {
            assert!(decode(&bytes[..len], 3).is_none(), "cut to {len}");
        }
        // Chunks other than those of a wave of 3 (a chunk of 2, one of 1).
        assert!(decode(&encode(&vec![read(&articles[..2]), read(&articles[2..])]), 3).is_none());
        // An id beyond the table's words; a title longer than its article.
        let (c, mut t) = read_chunk(&articles[..1]);
        t.ids[0] = c.table.len() as u32;
        assert!(decode(&encode(&vec![(c, vec![t])]), 1).is_none());
        let (c, mut t) = read_chunk(&articles[..1]);
        t.title_lens[0] = t.ids.len() + 1;
        assert!(decode(&encode(&vec![(c, vec![t])]), 1).is_none());
    }
}
