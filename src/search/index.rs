//! Building the search index from a site: the site in, the index's files
//! (as bytes, or ready to write) out. No I/O.
//!
//! Documents are numbered oldest first (the site's order reversed), so a new
//! article takes the next number and the files of the older ones keep their
//! bytes. A document's words are its title's, its body's and its tags'. Words are read by [`super::analyze`] over the whole archive, then
//! each word of the vocabulary (a base: the word without its prefix) gets a
//! posting list (documents, with a weight: in the title, repeated) and its
//! positions (for phrases).
//!
//! The steps: [`super::postings`] (words and posting lists),
//! [`super::analyze`] (readings and families), [`super::lists`] (entries
//! sorted by key and cut into files).

use super::analyze::analyze;
use super::docs::{path_of, PackedDocs};
use super::fragments::{self, GROUP};
use super::kept;
use super::lists;
use super::postings::postings;
use super::tokens::{chunk_size, tokenize, vocabulary, Chunk, Fields};
use crate::cache::memo::Memo;
use crate::content::body::Blob;
use crate::render::Site;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Characters of an article's text a fragment keeps for snippets (97 % of
/// the real corpus's articles are shorter). The index holds every word.
pub const MAX_TEXT: usize = 6000;

/// One document as a search result shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Doc {
    /// Output path of the article's page, not encoded (`2015/07/slug/`).
    #[serde(rename = "u")]
    pub path: String,
    /// The article's title, the result's link text.
    #[serde(rename = "t")]
    pub title: String,
    /// `YYYY-MM-DD`, or none for an undated article.
    #[serde(rename = "d")]
    pub date: Option<String>,
    /// The date as the site prints it (month names, digits).
    #[serde(rename = "dd")]
    pub date_shown: Option<String>,
    /// The article's paper, shown under the result.
    #[serde(rename = "s")]
    pub source: Option<String>,
    /// (name, slug) of each tag.
    #[serde(rename = "g")]
    pub tags: Vec<(String, String)>,
    /// The body's plain text, cut at `MAX_TEXT` characters (empty in
    /// `Index::docs`: a fragment file takes it from the article).
    #[serde(rename = "x")]
    pub text: String,
}

/// The built index: what `search/` of the output holds (empty by default:
/// a site with search turned off).
#[derive(Default)]
pub struct Index {
    /// By document number (oldest first), without their texts: a
    /// fragment file takes each text from its article when it is written
    /// ([`Index::write_fragments`]). Held here, the texts were a second copy
    /// of the archive's bodies for the whole build (without it, a
    /// 100,000-article build peaks 16 % lower).
    docs: PackedDocs,
    /// Per document, the length and hash of its text (what its fragment
    /// holds): fragment files are compared by them.
    pub texts: Vec<(usize, u64)>,
    /// Word lists (`t/N.bin`), in key order. A large archive's (its bodies
    /// in a file) are in the body file until they are written.
    pub lists: Vec<Blob>,
    /// Positions (`p/N.bin`), one per word list, held as the lists are.
    pub positions: Vec<Blob>,
    /// `meta.json`.
    pub meta: Vec<u8>,
    /// A digest of every file: the page and the script fetch with `?v=` it,
    /// so a browser never mixes files of two builds.
    pub version: String,
}

/// What `meta.json` holds: everything the page needs before a query.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Meta {
    /// The files' format (`FORMAT`): `warraq search` refuses an index of another.
    pub format: u32,
    /// The digest of the build's index files (`Index::version`).
    pub version: String,
    /// How many documents the index holds.
    pub docs: usize,
    /// Documents per fragment file (`GROUP`).
    pub group: usize,
    /// The site's base path (`/` or `/archive/`): result URLs start with it.
    pub base: String,
    /// The first key of each word list: the list holding a key is the last
    /// whose first key is not after it.
    pub lists: Vec<String>,
    /// Per year, oldest first: (year, first document, last document).
    pub years: Vec<(i32, usize, usize)>,
    /// The site's digit style (`latin` or `arabic-indic`), for numbers the
    /// page shows.
    pub digits: String,
    /// The text analysis (`spec::spec_json`): the script folds and splits words with these tables.
    pub spec: serde_json::Value,
}

/// The version of the index files' format (`Meta::format`), raised when it changes.
pub const FORMAT: u32 = 2;

impl Index {
    /// Number of fragment files.
    pub fn groups(&self) -> usize {
        self.docs.len().div_ceil(GROUP)
    }

    /// The number of documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether the index has no document.
    pub fn is_empty(&self) -> bool {
        self.docs.len() == 0
    }

    /// Document `d` (oldest first), without its text.
    pub fn doc(&self, d: usize) -> Doc {
        self.docs.docs(d..d + 1).remove(0)
    }

    /// The documents of fragment file `g` ([`fragments::path`]), without
    /// their texts, as JSON end to end, and their texts' lengths and
    /// hashes.
    pub fn fragment_docs(&self, g: usize) -> (&[u8], &[(usize, u64)]) {
        let range = g * GROUP..((g + 1) * GROUP).min(self.docs.len());
        (self.docs.json(range.clone()), &self.texts[range])
    }

    /// Whether document `d`'s article is at its place in `site`: the
    /// article `d` was made of still has its path ([`Index::write_fragments`]).
    fn placed(&self, d: usize, site: &Site) -> bool {
        let n = site.articles.len();
        let Some(i) = n.checked_sub(d + 1) else { return false };
        path_of(self.docs.json(d..d + 1)).is_some_and(|p| site.article_paths[i] == p)
    }

    /// What fragment file `g` is made of, hashed after `seed` (for the
    /// build cache, `render::digest`): its documents as the index holds
    /// them, each one's text length and hash, and whether its article is
    /// at its place ([`Index::write_fragments`]). No body is read: at a
    /// million articles the 500,000 fragment files were most of what a
    /// build with nothing changed still rendered.
    pub fn fragments_digest(&self, g: usize, site: &Site, seed: u64) -> u64 {
        let (_, texts) = self.fragment_docs(g);
        let mut bytes = seed.to_le_bytes().to_vec();
        for (j, &(len, hash)) in texts.iter().enumerate() {
            let d = g * GROUP + j;
            bytes.extend_from_slice(self.docs.json(d..d + 1));
            bytes.push(u8::from(self.placed(d, site)));
            bytes.extend_from_slice(&(len as u64).to_le_bytes());
            bytes.extend_from_slice(&hash.to_le_bytes());
        }
        crate::hash::wide_hash(&bytes)
    }

    /// Appends fragment file `g` (see [`fragments`]), each document's text
    /// taken from its article in `site`. A document whose article is not
    /// at its place (the preview server may pair an index with a site edited
    /// since) gets no text until the index is built again.
    pub fn write_fragments(&self, g: usize, site: &Site, out: &mut Vec<u8>) {
        let range = g * GROUP..((g + 1) * GROUP).min(self.docs.len());
        let n = site.articles.len();
        let mut docs = self.docs.docs(range.clone());
        for (d, doc) in range.zip(&mut docs) {
            if let Some(i) = n.checked_sub(d + 1).filter(|&i| site.article_paths[i] == doc.path) {
                doc.text = document_text(&site.articles[i].body_text()).0;
            }
        }
        fragments::write(&docs, out);
    }
}

/// Output path (under `search/`) of word list `k`.
pub fn list_path(k: usize) -> String {
    format!("t/{k}.bin")
}
/// The positions file of word list `k`.
pub fn positions_path(k: usize) -> String {
    format!("p/{k}.bin")
}

/// Builds the index of `site`'s articles (and tags), with spelling clusters
/// from the topics' tags and `[topics] aliases`. A site whose search is
/// turned off (`[search] enabled = false`) gets an empty one at no cost,
/// which no job writes.
pub fn build(site: &Site) -> Index {
    build_with(site, None)
}

/// [`build`], taking each run of documents' words from `memo` when a build
/// read the same texts before, and keeping there the runs it reads.
pub fn build_with(site: &Site, memo: Option<&Memo>) -> Index {
    build_in_runs(site, memo, chunk_size(site.articles.len()))
}

/// [`build_with`], reading runs of about `size` documents.
fn build_in_runs(site: &Site, memo: Option<&Memo>, size: usize) -> Index {
    if !site.config.search.enabled {
        return Index::default();
    }
    let mut clock = crate::timings::Clock::new();
    let n = site.articles.len();
    // Documents are made a run at a time, read, hashed and packed; their
    // texts are read, hashed for the digest, and dropped: fragments make
    // them again from the articles.
    let store = crate::content::body::store_of(&site.articles);
    let runs = kept::runs(n, size, |d| crate::hash::wide_hash(site.article_paths[n - 1 - d].as_bytes()));
    let read: Vec<ReadChunk> = runs
        .into_par_iter()
        .map(|range| {
            let first = range.start;
            let docs: Vec<Doc> = range.clone().map(|d| document(site, n - 1 - d)).collect();
            // The run's articles in the site's order (newest first).
            let articles = &site.articles[n - range.end..n - range.start];
            let (mut chunk, texts) = read_words(first, &docs, articles, memo);
            if let Some(store) = store {
                chunk.keep_in(store);
            }
            let hashes = docs.iter().zip(&texts).map(|(doc, &text)| doc_hash(doc, text)).collect();
            let mut years: BTreeMap<i32, (usize, usize)> = BTreeMap::new();
            for (d, doc) in (first..).zip(&docs) {
                if let Some(y) = doc.date.as_ref().and_then(|s| s[..4].parse::<i32>().ok()) {
                    let e = years.entry(y).or_insert((d, d));
                    e.0 = e.0.min(d);
                    e.1 = e.1.max(d);
                }
            }
            let mut packed = PackedDocs::default();
            packed.extend(&docs);
            ReadChunk { chunk, texts, hashes, years, docs: packed }
        })
        .collect();
    let (mut chunks, mut texts, mut doc_hashes) = (Vec::new(), Vec::new(), Vec::new());
    let mut docs = PackedDocs::default();
    let mut years: BTreeMap<i32, (usize, usize)> = BTreeMap::new();
    for r in read {
        chunks.push(r.chunk);
        texts.extend(r.texts);
        doc_hashes.extend(r.hashes);
        docs.append(r.docs);
        for (y, (a, b)) in r.years {
            let e = years.entry(y).or_insert((a, b));
            e.0 = e.0.min(a);
            e.1 = e.1.max(b);
        }
    }
    // The chunks' tables of runs were the index's largest transient.
    crate::memory::give_back_freed();
    clock.lap("words");
    let mut vocab = vocabulary(&chunks);
    clock.lap("vocabulary");
    let analysis = analyze(&vocab.words, &vocab.counts);
    let mut masks = vec![0u32; analysis.bases.len()];
    for (w, &b) in analysis.base_of.iter().enumerate() {
        masks[b as usize] |= 1 << analysis.prefix_of[w];
    }
    let lookup = |w: &str| vocab.id(w).map(|id| analysis.base_of[id as usize]);
    let clusters = lists::cluster_bases(site, &lookup, &analysis.bases);
    let remaps = std::mem::take(&mut vocab.remaps);
    let counts = std::mem::take(&mut vocab.counts);
    // The chunks' own words were the vocabulary's: from here on words are
    // their ids (0.4 GB at a million articles).
    drop(vocab);
    chunks.iter_mut().for_each(Chunk::forget_words);
    clock.lap("readings");
    let learned = super::variants::learn(&chunks, &remaps, &counts, &analysis);
    clock.lap("variants");
    let postings = postings(chunks, &remaps, &analysis, n);
    clock.lap("postings");

    let mut entries = lists::word_entries(&analysis.bases, &analysis.family, &masks);
    entries.extend(lists::cluster_entries(&clusters, &postings, n));
    entries.extend(lists::variant_entries(&learned, n));
    entries.extend(lists::tag_entries(site));
    entries.par_sort_unstable_by(|a, b| (&a.key, a.kind, &a.text).cmp(&(&b.key, b.kind, &b.text)));
    clock.lap("entries");
    let cuts = lists::cut_points(&entries, &postings);
    // Written at the end of the build: in the meantime, a large archive's
    // lists wait in its body file (0.9 GB at a million articles).
    let blob = |bytes: Vec<u8>| -> (u64, Blob) {
        let hash = crate::hash::wide_hash(&bytes);
        match store {
            Some(store) => (hash, Blob::Held(bytes).keep_in(store)),
            None => (hash, Blob::Held(bytes)),
        }
    };
    let files = lists::encode(&entries, &cuts, &postings, |list, positions| (blob(list), blob(positions)));
    let (mut list_hashes, mut positions_hashes) = (Vec::new(), Vec::new());
    let (lists, positions): (Vec<Blob>, Vec<Blob>) = files
        .into_iter()
        .map(|((list_hash, list), (positions_hash, positions))| {
            list_hashes.push(list_hash);
            positions_hashes.push(positions_hash);
            (list, positions)
        })
        .unzip();
    let firsts: Vec<String> = cuts[..cuts.len() - 1]
        .iter()
        .enumerate()
        .map(|(k, &i)| if k == 0 { String::new() } else { entries[i].key.clone() })
        .collect();
    // Millions of small allocations: freed while the build goes on.
    crate::background::drop_in_background((entries, analysis, postings));

    let mut meta = Meta {
        format: FORMAT,
        version: String::new(),
        docs: n,
        group: GROUP,
        base: site.config.base_path(),
        lists: firsts,
        years: years.into_iter().map(|(y, (a, b))| (y, a, b)).collect(),
        digits: match site.config.dates.digits {
            crate::config::Digits::Latin => "latin".into(),
            crate::config::Digits::ArabicIndic => "arabic-indic".into(),
        },
        spec: super::spec::spec_json(),
    };
    clock.lap("lists");
    let version = digest(&meta, &list_hashes, &positions_hashes, &doc_hashes);
    meta.version = version.clone();
    let meta = serde_json::to_vec(&meta).expect("meta serializes");
    clock.lap("digest");
    clock.report();
    Index { docs, texts, lists, positions, meta, version }
}

/// What reading a chunk of documents gives: their words, texts' lengths and
/// hashes, documents' hashes, years (first and last document of each), and
/// the documents packed.
struct ReadChunk {
    chunk: Chunk,
    texts: Vec<(usize, u64)>,
    hashes: Vec<u64>,
    years: BTreeMap<i32, (usize, usize)>,
    docs: PackedDocs,
}

/// The words of documents `docs` (of `articles`, given in the site's
/// order: the documents' reversed), the first numbered `first`, with each
/// one's text's length and hash: from `memo` when a build kept them for
/// the same texts, else read from the articles (and kept there, unless a
/// body could not be read back: the build then fails, and a run read from
/// empty texts must not outlive it).
fn read_words(
    first: usize,
    docs: &[Doc],
    in_site_order: &[crate::content::Article],
    memo: Option<&Memo>,
) -> (Chunk, Vec<(usize, u64)>) {
    let articles = in_site_order.iter().rev();
    let memo = memo.map(|memo| (memo, kept::inputs(articles.clone())));
    let kept = memo.and_then(|(memo, inputs)| memo.get(kept::KIND, inputs));
    if let Some(found) = kept.and_then(|part| kept::decode(&part, first, docs.len())) {
        return found;
    }
    let texts: Vec<(String, Option<String>)> = articles.clone().map(|a| document_text(&a.body_text())).collect();
    let chunk = tokenize(
        first,
        docs.iter().zip(&texts).zip(articles.clone()).map(|((d, (text, whole)), a)| Fields {
            title: &d.title,
            text: whole.as_deref().unwrap_or(text),
            tags: a.tags.iter().map(String::as_str).collect(),
        }),
    );
    let texts: Vec<(usize, u64)> =
        texts.iter().map(|(text, _)| (text.len(), crate::hash::wide_hash(text.as_bytes()))).collect();
    let unread = crate::content::body::failure(in_site_order).is_some();
    if let Some((memo, inputs)) = memo.filter(|_| !unread) {
        if let Some(part) = kept::encode(&chunk, &texts) {
            memo.put(kept::KIND, inputs, &part);
        }
    }
    (chunk, texts)
}

/// The text a document's fragment keeps (the body's plain text, cut at
/// `MAX_TEXT` characters), and the whole text when that is cut (most are
/// whole: one copy of the text).
fn document_text(body: &str) -> (String, Option<String>) {
    let whole = crate::markdown::plain_text(body);
    match cut_point(&whole, MAX_TEXT) {
        None => (whole, None),
        Some(cut) => (whole[..cut].to_string(), Some(whole)),
    }
}

/// Article `i` of the site as a result shows it, without its text.
fn document(site: &Site, i: usize) -> Doc {
    let a = &site.articles[i];
    Doc {
        path: site.article_paths[i].clone(),
        title: a.title.clone(),
        date: a.date.as_ref().map(|d| d.day().format("%Y-%m-%d").to_string()),
        date_shown: a.date.as_ref().map(|d| crate::render::dates::format_date(d, &site.config.dates)),
        source: a.source.clone(),
        tags: site.topics.article_tags[i]
            .iter()
            .map(|&t| (site.topics.tags[t].name.clone(), site.topics.tags[t].slug.clone()))
            .collect(),
        text: String::new(),
    }
}

/// Where `text` is cut when it has more than `max` characters: after `max`
/// characters, at a space when there is one near.
fn cut_point(text: &str, max: usize) -> Option<usize> {
    // No shorter text has more characters than bytes: most are not read.
    if text.len() <= max {
        return None;
    }
    // The byte where character `max` starts (bytes 0x80..0xBF continue
    // one): blocks of 64 bytes that do not reach it are counted at once
    // (vectorised), the last one byte by byte.
    let starts = |b: u8| (b as i8) >= -0x40;
    let bytes = text.as_bytes();
    let mut chars = 0;
    let mut from = 0;
    for block in bytes.chunks_exact(64) {
        let n: u8 = block.iter().map(|&b| u8::from(starts(b))).sum();
        if chars + usize::from(n) > max {
            break;
        }
        chars += usize::from(n);
        from += 64;
    }
    let at = from
        + bytes[from..].iter().position(|&b| {
            chars += usize::from(starts(b));
            starts(b) && chars > max
        })?;
    Some(text[..at].rfind([' ', '\n']).filter(|&s| s > at / 2).unwrap_or(at))
}

/// The version of an index: a digest of every file it writes, from the
/// hashes (`wide_hash`) of its lists and positions files and of its
/// documents.
fn digest(meta: &Meta, lists: &[u64], positions: &[u64], docs: &[u64]) -> String {
    use crate::hash::wide_hash;
    use std::hash::{Hash, Hasher};
    // A version tells builds apart, nothing else: a fast hash will do, of
    // the files' own hashes and the documents' (`docs`, by [`doc_hash`]:
    // half a gigabyte of text at 100,000 articles).
    let files: Vec<u64> = lists.iter().chain(positions).chain(docs).copied().collect();
    let mut h = super::postings::FxHasher::default();
    wide_hash(&serde_json::to_vec(meta).expect("meta serializes")).hash(&mut h);
    files.hash(&mut h);
    format!("{:016x}", h.finish())
}

/// A hash of every field of a document (each field's bytes hashed wide,
/// with its length and whether it is there); its text is given as its
/// length and `wide_hash`, `text`.
fn doc_hash(doc: &Doc, text: (usize, u64)) -> u64 {
    use crate::hash::wide_hash;
    use std::hash::{Hash, Hasher};
    let mut h = super::postings::FxHasher::default();
    let mut field = |s: Option<&str>| match s {
        None => h.write_u8(0),
        Some(s) => (1u8, s.len(), wide_hash(s.as_bytes())).hash(&mut h),
    };
    field(Some(&doc.path));
    field(Some(&doc.title));
    field(doc.date.as_deref());
    field(doc.date_shown.as_deref());
    field(doc.source.as_deref());
    for (name, slug) in &doc.tags {
        field(Some(name));
        field(Some(slug));
    }
    field(None);
    (1u8, text.0, text.1).hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::{cut_point, doc_hash, Doc};
    use crate::cache::memo::Memo;
    use crate::config::Config;
    use crate::content::{parse_article, Content};
    use crate::site::Site;

    /// A site of (day of September, body) articles, each titled by its day.
    fn site(items: &[(u32, &str)]) -> Site {
        let articles = items
            .iter()
            .map(|(day, body)| {
                let text = format!("+++\ntitle = \"خبر {day}\"\ndate = 2023-09-{day:02}\n+++\n\n{body}\n");
                parse_article(&format!("content/articles/2023/09/{day:02}-a{day}.md"), &text).unwrap()
            })
            .collect();
        let config = Config::parse("title = \"t\"\n").unwrap();
        Site::new(config, Content { articles, ..Default::default() }, false).0
    }

    fn fragment(index: &super::Index, g: usize, site: &Site) -> Vec<Doc> {
        let mut out = Vec::new();
        index.write_fragments(g, site, &mut out);
        super::fragments::read(&out).unwrap()
    }

    #[test]
    fn fragments_take_each_text_from_its_article_when_written() {
        let long = "كلمة ".repeat(super::MAX_TEXT);
        let s = site(&[(2, "نص **المقال** الأول"), (3, "نص الثاني"), (4, &long)]);
        let index = super::build(&s);
        assert_eq!(index.len(), 3);
        assert!((0..3).all(|d| index.doc(d).text.is_empty()), "the index holds no texts");
        assert_eq!(index.doc(2).title, "خبر 4", "oldest first");
        // Oldest first: document 0 is the first article.
        let docs = fragment(&index, 0, &s);
        assert_eq!(docs[0].text, "نص المقال الأول");
        assert_eq!(docs[1].text, "نص الثاني");
        let last = &fragment(&index, 1, &s)[0];
        assert_eq!(last.text.chars().count(), super::MAX_TEXT - 1, "cut at a space");
        assert_eq!(index.fragment_docs(1).1[0], (last.text.len(), crate::hash::wide_hash(last.text.as_bytes())));
        // A site edited since the index was built (the preview server may
        // pair them): an article at its place gives its text as it is now;
        // a document whose place another article took gets none, never
        // that article's.
        let edited = site(&[(2, "نص معدل"), (3, "نص الثاني"), (4, &long)]);
        assert_eq!(fragment(&index, 0, &edited)[0].text, "نص معدل");
        let moved = site(&[(1, "أقدم"), (2, "نص **المقال** الأول"), (3, "نص الثاني"), (4, &long)]);
        let docs = fragment(&index, 0, &moved);
        assert_eq!((docs[0].text.as_str(), docs[1].text.as_str()), ("", ""));
        assert_eq!(docs[0].title, "خبر 2", "the rest of a document is the index's");
        assert!(fragment(&index, 1, &site(&[(2, "نص")]))[0].text.is_empty(), "no article at its place at all");
    }

    /// Every file an index writes, as bytes (the fragment files as what
    /// they are made of).
    fn files(index: &super::Index) -> Vec<Vec<u8>> {
        let bytes = |blob: &crate::content::body::Blob| {
            let mut out = Vec::new();
            blob.append_to(&mut out);
            out
        };
        let mut files = vec![index.meta.clone()];
        files.extend(index.lists.iter().chain(&index.positions).map(bytes));
        for g in 0..index.groups() {
            let (json, texts) = index.fragment_docs(g);
            files.push(json.to_vec());
            files.push(texts.iter().flat_map(|&(len, hash)| [len as u64, hash]).flat_map(u64::to_le_bytes).collect());
        }
        files
    }

    #[test]
    fn runs_kept_in_the_build_cache_give_the_index_of_a_fresh_reading() {
        let tmp = tempfile::tempdir().unwrap();
        let memo = || Memo::new(tmp.path(), 1);
        let mut items: Vec<(u32, String)> =
            (1..=24).map(|d| (d, format!("نص الخبر {d} عن كوريا وروسيا {} والاستثمارات", d % 3))).collect();
        let build = |items: &[(u32, String)], memo: &Memo| {
            let s = site(&items.iter().map(|(d, b)| (*d, b.as_str())).collect::<Vec<_>>());
            (files(&super::build(&s)), files(&super::build_in_runs(&s, Some(memo), 3)))
        };
        let first = memo();
        let (cold, cached) = build(&items, &first);
        assert!(cached == cold, "runs of three, written to the cache");
        let (taken, made) = first.counts();
        assert!(taken == 0 && made >= 4, "{taken} taken, {made} made");
        first.sweep();
        let again = memo();
        let (cold, cached) = build(&items, &again);
        assert!(cached == cold, "every run taken from the cache");
        assert_eq!(again.counts(), (made, 0));
        // An article edited, one deleted, one added: the runs they are in
        // are read again, the others taken, and the index is a fresh one's.
        items[4].1 = "نص جديد تماما عن مصر".into();
        items.remove(15);
        items.push((28, "خبر أحدث عن كوريا".into()));
        let after = memo();
        let (cold, cached) = build(&items, &after);
        assert!(cached == cold, "after edits");
        let (taken, made_now) = after.counts();
        assert!(taken >= 1 && made_now >= 2 && made_now < made, "{taken} taken, {made_now} made of {made}");
    }

    #[test]
    fn a_run_whose_bodies_could_not_be_read_back_is_not_kept() {
        // Bodies left in their files (a large archive), whose files are
        // gone by the time the index reads them: the build fails, and the
        // run read from empty texts must not be taken by the next one.
        let tmp = tempfile::tempdir().unwrap();
        let store = std::sync::Arc::new(
            crate::content::body::Store::create_in(tmp.path()).unwrap().reading_sources_in(tmp.path()),
        );
        let mut s = site(&[(2, "نص الخبر الأول"), (3, "نص الثاني")]);
        for a in &mut s.articles {
            a.body = store.in_source(&a.body_text(), 0);
        }
        let memo = Memo::new(tmp.path(), 1);
        super::build_with(&s, Some(&memo));
        assert!(store.failure().is_some_and(|f| f.contains("could not be read again")), "{:?}", store.failure());
        assert_eq!(memo.counts(), (0, 0), "nothing taken, nothing kept");
    }

    #[test]
    fn every_field_of_a_document_changes_its_hash() {
        let doc = Doc {
            path: "2015/07/x/".into(),
            title: "عنوان".into(),
            date: Some("2015-07-01".into()),
            date_shown: Some("1 يوليو 2015".into()),
            source: Some("اليوم".into()),
            tags: vec![("وسم".into(), "wsm".into())],
            text: "نص المقال".into(),
        };
        let changes: [fn(&mut Doc); 11] = [
            |d| d.path.push('y'),
            |d| d.title.push('ا'),
            |d| d.date = None,
            |d| d.date_shown = Some(String::new()),
            |d| d.source = None,
            |d| d.tags.clear(),
            |d| d.tags[0].1 = "wsn".into(),
            |d| d.tags.push(("نص".into(), "المقال".into())),
            |d| d.text.truncate(d.text.len() - "ل".len()),
            // The same bytes in other fields.
            |d| std::mem::swap(&mut d.title, &mut d.text),
            |d| (d.date, d.date_shown) = (None, d.date.take()),
        ];
        let hash = |d: &Doc| doc_hash(d, (d.text.len(), crate::hash::wide_hash(d.text.as_bytes())));
        let mut seen = std::collections::HashSet::from([hash(&doc)]);
        for (k, change) in changes.iter().enumerate() {
            let mut d = doc.clone();
            change(&mut d);
            assert!(seen.insert(hash(&d)), "change {k}");
        }
    }

    /// The cut as characters count it, one by one.
    fn cut_by_chars(text: &str, max: usize) -> Option<usize> {
        let (at, _) = text.char_indices().nth(max)?;
        Some(text[..at].rfind([' ', '\n']).filter(|&s| s > at / 2).unwrap_or(at))
    }

    #[test]
    fn texts_are_cut_after_max_characters_at_a_space() {
        let texts =
            ["", "abc", "كلمة", "كلمة أخرى هنا وهناك", "ab cdefgh", "abcd efgh", "ا ب ت ث ج ح", "🙂🙂🙂🙂🙂 🙂"];
        for text in texts {
            for max in 0..=text.len() + 1 {
                assert_eq!(cut_point(text, max), cut_by_chars(text, max), "{text:?} at {max}");
            }
        }
        let long: String = (0..400).map(|i| ["كلمة ", "a", "🙂", "\n", "بب"][i % 5]).collect();
        for max in 0..=long.len() + 1 {
            assert_eq!(cut_point(&long, max), cut_by_chars(&long, max), "long text at {max}");
        }
        assert_eq!(cut_point("كلمة أخرى", 6), Some("كلمة".len()));
        assert_eq!(cut_point("كلمة", 4), None);
    }
}
