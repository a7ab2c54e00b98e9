//! Spellings of one foreign name, learned from the archive: `ترامب` and
//! `ترمب`, `نتنياهو` and `نتانياهو`, `كاميرون` and `كامرون`, `جوجل` and
//! `غوغل`. Arabic writes a foreign name's short vowels as long ones or not
//! at all, and its g as ج, غ, ق or ك, so one name has several spellings, and
//! a reader types whichever they are used to. The index writes each set as
//! a spelling cluster (see [`super::lists`]), which a query expands to as it
//! does an alias.
//!
//! A vowel-skeleton rule alone would merge Arabic words that differ by a
//! long vowel: `سلمان`/`سليمان`, `المملكة`/`المملوكة`, `مقطع`/`مقاطع`,
//! `أطلق`/`إطلاق`. Two spellings are one name only when the archive says so:
//! by rules 1 and 2, and by rule 3 or rule 4 below.
//!
//! 1. **Shape**: the bases (words without their prefix) differ by one long
//!    vowel (ا و ي) inside the word, or by letters that write g (ج غ ق ك)
//!    or t (ت ط), or both; each has four letters or more, and they are not
//!    already one word to the index (`جونغ`, `جونج`). Neither is an
//!    accusative or dual of a word of the archive (a final ا: `جهدا`,
//!    `أعطتا`), carries an attached pronoun (`مشاركاته`, `هويتيهما`) or is
//!    a verb (`أطلق` beside `يطلق` and `تطلق`, against `إطلاق`).
//! 2. **A name**: names are written without the article (`أوباما`, not
//!    `الأوباما`); common nouns take it. The rarer spelling has the article
//!    in at most [`RARE_ARTICLE`] of its uses, the commoner in at most
//!    [`COMMON_ARTICLE`] (`كاميرون` is also Cameroon, `الكاميرون`). Only
//!    uses without the article count for the cluster's documents, so
//!    `كامرون` finds David Cameron and not Cameroon.
//! 3. **The same neighbours**: a name keeps company (`دونالد ترامب`,
//!    `بنيامين نتنياهو`, `ديفيد كاميرون`). A word is *bound* to a spelling
//!    when at least [`MIN_BOUND`] of its uses and [`BOUND`] of all its uses
//!    are next to it (on one side). At least [`SHARE`] of one spelling's
//!    uses must be next to a word bound to the other. `سليمان` shares `بن`
//!    with `سلمان`, but `بن` is next to hundreds of names and is bound to
//!    none; `الملك` is bound to `سلمان` but almost never precedes `سليمان`.
//! 4. **A g written three ways**: Egypt writes g as ج, the Levant as غ
//!    (the index already reads the two as one word: `جوجل`, `غوغل`), the
//!    Gulf as ق (`قوقل`, `قوميز`). The Gulf spelling is a minority one that
//!    rule 3 rarely sees: few uses, in other company, next to words bound to
//!    neither other spelling alone. The archive vouches for it another way.
//!    When two spellings of at least [`MIN_BOUND`] uses each keep the same
//!    company (rule 3 between them) and differ only where one writes ج and
//!    the other غ, those letters are a g of one name; a spelling that writes
//!    ق at exactly those letters and matches both everywhere else is that
//!    name (rule 2 still holds for it). Arabic words that differ by these
//!    letters (`قلبت`, `جلبت`, `غلبت`; `أقرت`, `أجرت`, `أغرت`) are three
//!    words whose ج and غ forms keep different company, and a pair as loose
//!    as `جازان`/`كازان` (a Saudi region, a Russian city) has no such
//!    witness. Only ق: ك writes a k as often as a g (`كيكو`, Kiko, beside
//!    `جيجو` and `غيغو`, which the index already reads as one word).
//!
//! Spellings linked pairwise are one cluster (connected components, at most
//! [`MAX_CLUSTER`] spellings). Everything is computed from the index's own
//! vocabulary and token streams, in a fixed order: the same archive gives
//! the same clusters.

mod neighbours;

pub use neighbours::{count, neighbours_of, Contexts, Triple};

use super::analyze::Analysis;
use super::encode::Posting;
use super::postings::{FxHasher, FxMap, GAP};
use super::spec::{has_article, is_arabic, len, same_word_key};
use super::tokens::Chunk;
use rayon::prelude::*;

/// Letters shortest of the two spellings.
pub const MIN_LETTERS: usize = 4;
/// Uses of a neighbour next to a spelling, at least, to bind it.
pub const MIN_BOUND: u32 = 3;
/// Share of a neighbour's uses next to a spelling, at least, to bind it.
pub const BOUND: f64 = 0.25;
/// Share of one spelling's uses next to a word bound to the other.
pub const SHARE: f64 = 0.05;
/// Article share of the rarer spelling, at most.
pub const RARE_ARTICLE: f64 = 0.1;
/// Article share of the commoner spelling, at most.
pub const COMMON_ARTICLE: f64 = 0.5;
/// Spellings in one cluster, at most (a larger component is left alone:
/// chains of one-letter steps drift into other words).
pub const MAX_CLUSTER: usize = 6;

/// Long vowels a transliteration writes or leaves out.
const VOWELS: [char; 3] = ['ا', 'و', 'ي'];
/// Pronouns attached at the end (`مشاركاته`): a word that ends with one is
/// an inflection, not a name.
const PRONOUN_ENDINGS: [&str; 5] = ["ته", "تها", "هما", "هم", "ها"];

/// One learned cluster: the spellings (bases) and the documents that use
/// any of them without the article, with the weight of the best use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The spellings (bases), one name.
    pub spellings: Vec<String>,
    /// The documents using any of them without the article, with the best use's weight.
    pub postings: Vec<Posting>,
}

/// A letter as transliterations exchange it: the g letters as one, ط as ت.
fn letter_class(c: char) -> char {
    match c {
        'ج' | 'غ' | 'ق' | 'ك' | 'گ' | 'ڨ' => 'ج',
        'ط' => 'ت',
        c => c,
    }
}

fn skeleton(chars: impl Iterator<Item = char>) -> String {
    chars.map(letter_class).collect()
}

/// Whether a base may be a name's spelling by its shape (rule 1, per word):
/// `known` tells which bases the archive has.
fn name_shaped(base: &str, known: &dyn Fn(&str) -> bool) -> bool {
    if !is_arabic(base) || len(base) < MIN_LETTERS {
        return false;
    }
    if PRONOUN_ENDINGS.iter().any(|e| base.ends_with(e)) {
        return false;
    }
    if matches!(base.strip_suffix('ا'), Some(stem) if known(stem)) {
        return false;
    }
    !verb_like(base, known)
}

/// A verb: the archive has its present forms with both ي and ت (`أطلق`:
/// `يطلق`, `تطلق`; `رفض`: `يرفض`, `ترفض`). A name has none.
fn verb_like(base: &str, known: &dyn Fn(&str) -> bool) -> bool {
    let stem = match base.strip_prefix(['ا', 'ي', 'ت']) {
        Some(rest) => rest,
        None => base,
    };
    let both = |s: &str| known(&format!("ي{s}")) && known(&format!("ت{s}"));
    both(stem) || both(base)
}

/// A hash of a word's skeleton (letters as [`letter_class`]), leaving out
/// the `skip`-th letter: words are placed by it without a string each.
fn skeleton_hash(word: &str, skip: Option<usize>) -> u64 {
    use std::hash::Hasher;
    let mut h = FxHasher::default();
    for (i, c) in word.chars().enumerate() {
        if Some(i) != skip {
            h.write_u32(letter_class(c) as u32);
        }
    }
    h.finish()
}

/// Whether `long` is `short` with one long vowel inside it, or the same
/// letters up to g and t (the exact test behind the hashes).
fn shape_related(a: &str, b: &str) -> bool {
    let (sa, sb) = (skeleton(a.chars()), skeleton(b.chars()));
    if sa == sb {
        return true;
    }
    let (short, long) = if sa.chars().count() < sb.chars().count() { (&sa, &sb) } else { (&sb, &sa) };
    let long: Vec<char> = long.chars().collect();
    long.len() == short.chars().count() + 1
        && (1..long.len() - 1).any(|i| {
            // Letters of the original word at `i`: a vowel is its own class.
            VOWELS.contains(&long[i]) && long[..i].iter().chain(&long[i + 1..]).copied().eq(short.chars())
        })
}

/// Pairs of bases (indices into `bases`, smaller first) that differ as two
/// spellings of a name do (rule 1). `ok[b]` says whether base `b` may take
/// part at all.
pub fn shape_pairs(bases: &[String], ok: &[bool]) -> Vec<(u32, u32)> {
    let mut placed: Vec<(u64, u32)> = (0..bases.len())
        .into_par_iter()
        .filter(|&b| ok[b])
        .map(|b| (skeleton_hash(&bases[b], None), b as u32))
        .collect();
    placed.par_sort_unstable();
    let at = |h: u64| {
        let lo = placed.partition_point(|x| x.0 < h);
        placed[lo..].iter().take_while(move |x| x.0 == h).map(|x| x.1)
    };
    let mut pairs: Vec<(u32, u32)> = (0..bases.len())
        .into_par_iter()
        .filter(|&b| ok[b])
        .flat_map_iter(|b| {
            let word = &bases[b];
            let letters = len(word);
            let mut out: Vec<(u32, u32)> = Vec::new();
            // Same letters up to g and t.
            out.extend(at(skeleton_hash(word, None)).filter(|&o| (o as usize) > b).map(|o| (b as u32, o)));
            // One long vowel inside the word left out.
            if letters > MIN_LETTERS {
                for (i, c) in word.chars().enumerate() {
                    if i == 0 || i + 1 == letters || !VOWELS.contains(&c) {
                        continue;
                    }
                    out.extend(at(skeleton_hash(word, Some(i))).map(|o| ((b as u32).min(o), (b as u32).max(o))));
                }
            }
            out.retain(|&(x, y)| x != y && shape_related(&bases[x as usize], &bases[y as usize]));
            out
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// How often each base is used, and with the article.
#[derive(Debug, Clone, Default)]
pub struct Uses {
    /// Per base, how many times the archive uses it.
    pub all: Vec<u32>,
    /// Per base, how many of those uses carry the article (`ال`).
    pub article: Vec<u32>,
}

impl Uses {
    fn article_share(&self, b: u32) -> f64 {
        f64::from(self.article[b as usize]) / f64::from(self.all[b as usize].max(1))
    }
}

/// Whether a pair can be a name by its article shares (rule 2).
fn name_pair(uses: &Uses, a: u32, b: u32) -> bool {
    let (rare, common) = if uses.all[a as usize] <= uses.all[b as usize] { (a, b) } else { (b, a) };
    uses.article_share(rare) <= RARE_ARTICLE && uses.article_share(common) <= COMMON_ARTICLE
}

/// Rule 3: whether at least [`SHARE`] of `a`'s uses are next to a word
/// bound to `b`.
fn shares_company(a: u32, b: u32, ctx: &Contexts, uses: &Uses) -> bool {
    let next_to_bound: u32 = ctx
        .of(a)
        .iter()
        .filter(|&&(key, _)| {
            let (side, n) = ((key >> 32) as u8, key as u32);
            let with_b = ctx.get(b, side, n);
            with_b >= MIN_BOUND && f64::from(with_b) >= BOUND * f64::from(uses.all[n as usize])
        })
        .map(|&(_, k)| k)
        .sum();
    f64::from(next_to_bound) >= SHARE * f64::from(uses.all[a as usize].max(1))
}

/// Rule 4: the links of each spelling with ق to two of its candidate
/// partners (`pairs`) that keep the same company (`company`) and write ج
/// and غ exactly where it writes ق (and nothing else differs).
fn gulf_g(pairs: &[(u32, u32)], uses: &Uses, bases: &[String], company: &dyn Fn(u32, u32) -> bool) -> Vec<(u32, u32)> {
    let mut partners: Vec<(u32, u32)> =
        pairs.iter().flat_map(|&(a, b)| [(a, b), (b, a)]).filter(|&(a, _)| bases[a as usize].contains('ق')).collect();
    partners.sort_unstable();
    let mut out = Vec::new();
    for run in partners.chunk_by(|x, y| x.0 == y.0) {
        let a = run[0].0;
        let q: Vec<char> = bases[a as usize].chars().collect();
        // A witness: as long as `a`, and used often enough not to be a slip.
        let witness = |b: u32| -> Option<Vec<char>> {
            let w: Vec<char> = bases[b as usize].chars().collect();
            (w.len() == q.len() && uses.all[b as usize] >= MIN_BOUND).then_some(w)
        };
        for (i, &(_, b)) in run.iter().enumerate() {
            let Some(wb) = witness(b) else { continue };
            for &(_, c) in &run[i + 1..] {
                let Some(wc) = witness(c) else { continue };
                let g_of_one_name = wb != wc
                    && q.iter().zip(&wb).zip(&wc).all(|((&x, &y), &z)| match (x, y, z) {
                        ('ق', 'ج', 'غ') | ('ق', 'غ', 'ج') => true,
                        _ => x == y && y == z,
                    });
                if g_of_one_name && company(b, c) {
                    out.extend([(a.min(b), a.max(b)), (a.min(c), a.max(c))]);
                }
            }
        }
    }
    out
}

/// The clusters of spellings (base indices, each ascending, the list in
/// order) that pass the rules, from candidate `pairs`, the neighbour
/// counts, the uses and the bases' letters.
pub fn clusters(pairs: &[(u32, u32)], ctx: &Contexts, uses: &Uses, bases: &[String]) -> Vec<Vec<u32>> {
    let company = |a: u32, b: u32| shares_company(a, b, ctx, uses) || shares_company(b, a, ctx, uses);
    let mut linked: Vec<(u32, u32)> = pairs.iter().copied().filter(|&(a, b)| company(a, b)).collect();
    linked.extend(gulf_g(pairs, uses, bases, &company));
    linked.retain(|&(a, b)| name_pair(uses, a, b));
    // Connected components (union-find over the linked bases).
    let mut parent: FxMap<u32, u32> = FxMap::default();
    fn root(parent: &mut FxMap<u32, u32>, x: u32) -> u32 {
        let p = *parent.entry(x).or_insert(x);
        if p == x {
            return x;
        }
        let r = root(parent, p);
        parent.insert(x, r);
        r
    }
    for &(a, b) in &linked {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent.insert(ra.max(rb), ra.min(rb));
        }
    }
    let mut members: Vec<u32> = parent.keys().copied().collect();
    members.sort_unstable();
    let mut by_root: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
    for m in members {
        let r = root(&mut parent, m);
        by_root.entry(r).or_default().push(m);
    }
    by_root.into_values().filter(|c| c.len() >= 2 && c.len() <= MAX_CLUSTER).collect()
}

/// The learned clusters of an archive, with their documents: from the
/// chunks the index tokenized, their local-to-global word maps, the words'
/// counts and their reading.
pub fn learn(chunks: &[Chunk], remaps: &[Vec<u32>], counts: &[u32], analysis: &Analysis) -> Vec<Variant> {
    let nb = analysis.bases.len();
    let mut uses = Uses { all: vec![0; nb], article: vec![0; nb] };
    for (w, &c) in counts.iter().enumerate() {
        let b = analysis.base_of[w] as usize;
        uses.all[b] += c;
        if has_article(analysis.prefix_of[w] as usize) {
            uses.article[b] += c;
        }
    }
    // Cheap tests first; the shape of a word (a lookup per form) only for
    // the few bases that pair up.
    let ok: Vec<bool> = analysis
        .bases
        .par_iter()
        .enumerate()
        .map(|(b, s)| is_arabic(s) && len(s) >= MIN_LETTERS && uses.article_share(b as u32) <= COMMON_ARTICLE)
        .collect();
    let known_set: std::collections::HashSet<&str, std::hash::BuildHasherDefault<FxHasher>> =
        analysis.bases.iter().map(String::as_str).collect();
    let known = |s: &str| known_set.contains(s);
    let word = |b: u32| same_word_key(&analysis.bases[b as usize]);
    let shaped = |b: u32| name_shaped(&analysis.bases[b as usize], &known);
    let pairs: Vec<(u32, u32)> = shape_pairs(&analysis.bases, &ok)
        .into_par_iter()
        .filter(|&(a, b)| {
            // A bound neighbour is next to one spelling `MIN_BOUND` times.
            uses.all[a as usize].max(uses.all[b as usize]) >= MIN_BOUND
                && name_pair(&uses, a, b)
                && word(a) != word(b)
                && shaped(a)
                && shaped(b)
        })
        .collect();
    if pairs.is_empty() {
        return Vec::new();
    }
    let mut wanted = vec![false; nb];
    for &(a, b) in &pairs {
        wanted[a as usize] = true;
        wanted[b as usize] = true;
    }
    // Per chunk, its words' bases in one small table (the chunk's own
    // vocabulary), read for every token of the archive; counted a wave of
    // chunks at a time (`Contexts::merge`).
    let wave = (2 * rayon::current_num_threads()).max(4);
    let mut ctx = Contexts::default();
    for (k, chunks) in chunks.chunks(wave).enumerate() {
        let triples: Vec<Vec<Triple>> = chunks
            .par_iter()
            .zip(&remaps[k * wave..])
            .map(|(c, remap)| {
                let mut out = Vec::new();
                let local: Vec<u32> = remap.iter().map(|&w| analysis.base_of[w as usize]).collect();
                let local_wanted: Vec<bool> = local.iter().map(|&b| wanted[b as usize]).collect();
                let mut tokens = Vec::new();
                let ids = c.ids();
                for j in 0..c.len() {
                    ids.tokens_of(j, &mut tokens);
                    neighbours_of(&tokens, &local, &local_wanted, &mut out);
                }
                out
            })
            .collect();
        ctx = ctx.merge(count(triples, nb));
    }
    let clusters = clusters(&pairs, &ctx, &uses, &analysis.bases);
    postings_of(&clusters, chunks, remaps, analysis)
        .into_iter()
        .zip(&clusters)
        .map(|(postings, c)| Variant {
            spellings: c.iter().map(|&b| analysis.bases[b as usize].clone()).collect(),
            postings,
        })
        .collect()
}

/// Per cluster, the documents that use one of its spellings without the
/// article: weight bit 1 when in the title, bit 0 when used twice or more
/// (as `postings::weight`).
fn postings_of(clusters: &[Vec<u32>], chunks: &[Chunk], remaps: &[Vec<u32>], analysis: &Analysis) -> Vec<Vec<Posting>> {
    let mut cluster_of = vec![u32::MAX; analysis.bases.len()];
    for (i, c) in clusters.iter().enumerate() {
        for &b in c {
            cluster_of[b as usize] = i as u32;
        }
    }
    let per_chunk: Vec<Vec<(u32, u32, u8)>> = chunks
        .par_iter()
        .zip(remaps)
        .map(|(c, remap)| {
            let mut out = Vec::new();
            let mut seen: FxMap<u32, (u32, bool)> = FxMap::default();
            // Per word of the chunk: its cluster, when used without the article.
            let local: Vec<u32> = remap
                .iter()
                .map(|&w| match has_article(analysis.prefix_of[w as usize] as usize) {
                    true => u32::MAX,
                    false => cluster_of[analysis.base_of[w as usize] as usize],
                })
                .collect();
            let mut tokens = Vec::new();
            let ids = c.ids();
            for j in 0..c.len() {
                ids.tokens_of(j, &mut tokens);
                seen.clear();
                for (p, &t) in tokens.iter().enumerate() {
                    if t == GAP {
                        continue;
                    }
                    let ci = local[t as usize];
                    if ci != u32::MAX {
                        let e = seen.entry(ci).or_insert((0, false));
                        e.0 += 1;
                        e.1 |= (p as u32) < c.title_len[j];
                    }
                }
                let doc = c.first + j as u32;
                let mut found: Vec<(u32, (u32, bool))> = seen.iter().map(|(&c, &v)| (c, v)).collect();
                found.sort_unstable();
                for (ci, (n, title)) in found {
                    out.push((ci, doc, (u8::from(title) << 1) | u8::from(n >= 2)));
                }
            }
            out
        })
        .collect();
    let mut out = vec![Vec::new(); clusters.len()];
    for chunk in per_chunk {
        for (ci, doc, w) in chunk {
            out[ci as usize].push((doc, w));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tokens::{tokenize, vocabulary, Fields};

    /// Learns the clusters of an archive of `texts` (one document each) and
    /// returns them as spellings.
    fn learned(texts: &[String]) -> Vec<Variant> {
        let docs: Vec<Fields<'_>> = texts.iter().map(|t| Fields { title: "", text: t, tags: vec![] }).collect();
        let chunks = vec![tokenize(0, docs.into_iter())];
        let v = vocabulary(&chunks);
        let a = crate::search::analyze::analyze(&v.words, &v.counts);
        let remaps = v.remaps.clone();
        let counts = v.counts.clone();
        learn(&chunks, &remaps, &counts, &a)
    }

    fn spellings(vs: &[Variant]) -> Vec<Vec<&str>> {
        vs.iter().map(|v| v.spellings.iter().map(String::as_str).collect()).collect()
    }

    /// An archive where each phrase of `uses` occurs its count of times,
    /// each in a document of its own, among filler.
    fn archive(uses: &[(&str, usize)]) -> Vec<String> {
        let mut out = Vec::new();
        for (k, &(phrase, n)) in uses.iter().enumerate() {
            for i in 0..n {
                out.push(format!("خبر رقم {k} {i} قال {phrase} في بيان صحفي"));
            }
        }
        out
    }

    #[test]
    fn spellings_of_a_name_in_the_same_company_are_one() {
        let texts = archive(&[
            ("دونالد ترامب", 20),
            ("المرشح ترامب", 10),
            ("دونالد ترمب", 2),
            ("المرشح الجمهوري ترمب", 10),
            ("بنيامين نتنياهو", 30),
            ("بنيامين نتانياهو", 3),
            ("ديفيد كاميرون", 30),
            ("شمال الكاميرون", 20),
            ("ديفيد كامرون", 1),
        ]);
        let v = learned(&texts);
        assert_eq!(spellings(&v), [vec!["ترامب", "ترمب"], vec!["نتنياهو", "نتانياهو"], vec!["كاميرون", "كامرون"]]);
        // Cameron's documents, not Cameroon's.
        let cameron = &v[2].postings;
        assert_eq!(cameron.len(), 31);
        assert!(cameron.iter().all(|&(d, _)| texts[d as usize].contains("ديفيد")));
    }

    #[test]
    fn arabic_words_that_differ_by_a_vowel_stay_apart() {
        let texts = archive(&[
            // Two given names that share `بن` (next to hundreds of names),
            // one bound to `الملك`.
            ("الملك سلمان بن عبدالعزيز", 40),
            ("محمد بن سلمان", 20),
            ("خالد بن سليمان", 40),
            ("الملك سليمان", 1),
            ("عبدالله بن عمر", 100),
            ("فهد بن محمد", 100),
            // A common noun and its passive participle, both with the article.
            ("المملكة العربية", 40),
            ("الشركات المملوكة للدولة", 10),
            ("مملوكة للدولة", 4),
            // A verb and its verbal noun; an accusative; a pronoun.
            ("أطلق النار", 10),
            ("يطلق النار", 3),
            ("تطلق النار", 3),
            ("إطلاق النار", 10),
            ("جهدا كبيرا", 5),
            ("جهودا كبيرا", 5),
            ("جهد كبير", 5),
            ("مشاركته الأولى", 5),
            ("مشاركاته الأولى", 5),
        ]);
        assert_eq!(spellings(&learned(&texts)), Vec::<Vec<&str>>::new());
    }

    #[test]
    fn words_that_only_share_letters_are_never_candidates() {
        let bases: Vec<String> =
            ["وزاره", "زار", "طالبان", "طالب", "بحرين", "بحر", "بوتين", "بوت"].iter().map(|s| s.to_string()).collect();
        assert_eq!(shape_pairs(&bases, &[true; 8]), []);
        let bases: Vec<String> = ["جوجل", "غوغل", "قوقل", "سلمان", "سليمان"].iter().map(|s| s.to_string()).collect();
        assert_eq!(shape_pairs(&bases, &[true; 5]), [(0, 1), (0, 2), (1, 2), (3, 4)], "shape alone: candidates only");
    }

    #[test]
    fn a_gulf_spelling_of_a_name_written_with_both_other_gs_is_one() {
        // `قوقل` has no neighbour bound to `جوجل` or `غوغل`; those two keep
        // the same company and write ج and غ where it writes ق.
        let texts = archive(&[
            ("متجر جوجل بلاي", 10),
            ("خرائط غوغل بلاي", 6),
            ("متجر غوغل الرقمي", 4),
            ("أعلنت قوقل", 3),
            ("تصنيفات قوقل", 2),
        ]);
        assert_eq!(spellings(&learned(&texts)), [vec!["جوجل", "غوغل", "قوقل"]]);
    }

    #[test]
    fn a_g_that_other_spellings_do_not_vouch_for_stays_apart() {
        let texts = archive(&[
            // Three verbs, whose ج and غ forms keep different company.
            ("قلبت الطاولة", 10),
            ("جلبت معها", 10),
            ("غلبت عليه", 10),
            // A region and a city: ك, and nothing written with غ.
            ("منطقة جازان", 20),
            ("مدينة كازان", 5),
            // ك writes k as well as g: Ricky beside Reggie, written two ways.
            ("المغني ريجي واتس", 10),
            ("المغني ريغي واتس", 10),
            ("اللاعب ريكي فان", 5),
            // ق where the other two agree (`قوجل`): not the same letters.
            ("متجر جوجل بلاي", 10),
            ("متجر غوغل بلاي", 10),
            ("أعلنت قوجل", 5),
        ]);
        assert_eq!(spellings(&learned(&texts)), Vec::<Vec<&str>>::new());
    }

    #[test]
    fn the_same_archive_gives_the_same_clusters() {
        let texts = archive(&[("دونالد ترامب", 20), ("دونالد ترمب", 3), ("جوجل بلاي", 10), ("غوغل بلاي", 10)]);
        let a = learned(&texts);
        assert_eq!(a, learned(&texts));
        assert_eq!(spellings(&a), [vec!["ترامب", "ترمب"]], "جوجل and غوغل are one word already");
    }
}
