//! Neighbour counts of the candidate spellings (rule 3 of [`super`]): each
//! token of the archive is read once, and only the few tokens whose
//! neighbours are wanted are counted.

use crate::search::postings::GAP;
use rayon::prelude::*;

/// Neighbour counts of the candidate spellings: per base, its neighbours
/// (side 0 the word before, 1 the word after) and how many times each is
/// there, sorted, so that a count is a binary search in one base's few.
#[derive(Debug, Default)]
pub struct Contexts {
    /// Where each base's neighbours start in `near` (one more: the end).
    start: Vec<u32>,
    /// (side << 32 | neighbour, uses), each base's ascending.
    near: Vec<(u64, u32)>,
}

impl Contexts {
    /// Base `b`'s neighbours: (side << 32 | neighbour, uses).
    pub(super) fn of(&self, b: u32) -> &[(u64, u32)] {
        match self.start.get(b as usize + 1) {
            Some(&end) => &self.near[self.start[b as usize] as usize..end as usize],
            None => &[],
        }
    }

    /// How many times `neighbour` is on `side` of base `b`.
    pub fn get(&self, b: u32, side: u8, neighbour: u32) -> u32 {
        let of = self.of(b);
        of.binary_search_by_key(&near_key(side, neighbour), |e| e.0).map_or(0, |i| of[i].1)
    }
}

impl Contexts {
    /// The counts of `self` and `other` together (of the same bases): each
    /// base's two sorted lists merged, the uses of a neighbour in both
    /// added. The archive's triples are counted a wave of chunks at a time
    /// and merged: held until counted, they were 0.9 GB at a million
    /// articles, where the counts are a fraction of that.
    pub fn merge(self, other: Contexts) -> Contexts {
        if self.start.is_empty() {
            return other;
        }
        let bases = self.start.len().max(other.start.len()) - 1;
        let mut start = Vec::with_capacity(bases + 1);
        let mut near = Vec::with_capacity(self.near.len().max(other.near.len()));
        start.push(0);
        for b in 0..bases as u32 {
            let (mut x, mut y) = (self.of(b).iter().peekable(), other.of(b).iter().peekable());
            loop {
                let next = match (x.peek(), y.peek()) {
                    (Some(a), Some(c)) if a.0 == c.0 => (a.0, a.1 + c.1),
                    (Some(a), Some(c)) if a.0 < c.0 => **a,
                    (Some(_), Some(c)) => **c,
                    (Some(a), None) => **a,
                    (None, Some(c)) => **c,
                    (None, None) => break,
                };
                if x.peek().is_some_and(|a| a.0 == next.0) {
                    x.next();
                }
                if y.peek().is_some_and(|c| c.0 == next.0) {
                    y.next();
                }
                near.push(next);
            }
            start.push(near.len() as u32);
        }
        Contexts { start, near }
    }
}

fn near_key(side: u8, neighbour: u32) -> u64 {
    u64::from(side) << 32 | u64::from(neighbour)
}

/// A base, the side of its neighbour (bit 31) and the neighbour: one
/// neighbour of a wanted base, in 8 bytes (there are tens of millions of
/// them at a million articles, all held until [`count`] has them).
pub type Triple = [u32; 2];

/// Bit 31 of a triple's first half: the neighbour is after the base.
const AFTER: u32 = 1 << 31;

/// Appends a [`Triple`] for each neighbour of the bases marked in `wanted`
/// in a document given as its tokens (`GAP` between fields), whose bases
/// are `local[token]`, `wanted[token]` marking the tokens whose neighbours
/// are wanted; [`count`] turns them into [`Contexts`]. (Few tokens are
/// wanted: only their neighbours are read.)
pub fn neighbours_of(tokens: &[u32], local: &[u32], wanted: &[bool], out: &mut Vec<Triple>) {
    let base = |t: u32| (t != GAP).then(|| local[t as usize]);
    for (i, &t) in tokens.iter().enumerate() {
        if t == GAP || !wanted[t as usize] {
            continue;
        }
        let b = local[t as usize];
        debug_assert!(b < AFTER, "bases are numbered below 2^31");
        if let Some(n) = i.checked_sub(1).and_then(|j| base(tokens[j])) {
            out.push([b, n]);
        }
        if let Some(n) = tokens.get(i + 1).and_then(|&t| base(t)) {
            out.push([b | AFTER, n]);
        }
    }
}

/// Counts the triples of bases below `bases`, each chunk's freed as soon
/// as it is dealt: dealt by base first (few bases have neighbours wanted,
/// and each a few thousand at most), then each base's sorted and counted,
/// rather than millions of them sorted or put in a map.
pub fn count(triples: Vec<Vec<Triple>>, bases: usize) -> Contexts {
    let mut start = vec![0u32; bases + 1];
    for &[b, _] in triples.iter().flatten() {
        start[(b & !AFTER) as usize + 1] += 1;
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let mut next = start.clone();
    let mut keys = vec![0u64; start[bases] as usize];
    for chunk in triples {
        for [b, n] in chunk {
            let side = u8::from(b & AFTER != 0);
            let b = (b & !AFTER) as usize;
            keys[next[b] as usize] = near_key(side, n);
            next[b] += 1;
        }
    }
    // Each base's keys sorted (in parallel), then counted.
    let mut of_base: Vec<&mut [u64]> = Vec::new();
    let mut rest = keys.as_mut_slice();
    for w in start.windows(2).filter(|w| w[0] < w[1]) {
        let (own, after) = std::mem::take(&mut rest).split_at_mut((w[1] - w[0]) as usize);
        of_base.push(own);
        rest = after;
    }
    of_base.par_iter_mut().for_each(|k| k.sort_unstable());
    let mut near: Vec<(u64, u32)> = Vec::new();
    let mut counted = vec![0u32; bases + 1];
    for b in 0..bases {
        for run in keys[start[b] as usize..start[b + 1] as usize].chunk_by(|x, y| x == y) {
            near.push((run[0], run.len() as u32));
        }
        counted[b + 1] = near.len() as u32;
    }
    Contexts { start: counted, near }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_side_of_a_wanted_word_is_its_own_neighbour() {
        // Tokens 0..4 with bases 10..14; token 2 wanted, token 3 too (at a
        // field's end: no neighbour after it).
        let (local, wanted) = ([10, 11, 12, 13], [false, false, true, true]);
        let mut out = Vec::new();
        neighbours_of(&[0, 2, 1, GAP, 2, 3], &local, &wanted, &mut out);
        assert_eq!(out, [[12, 10], [12 | AFTER, 11], [12 | AFTER, 13], [13, 12]]);
        let ctx = count(vec![out], 14);
        assert_eq!((ctx.get(12, 0, 10), ctx.get(12, 1, 11), ctx.get(12, 1, 13), ctx.get(13, 0, 12)), (1, 1, 1, 1));
        assert_eq!((ctx.get(12, 1, 10), ctx.get(12, 0, 11), ctx.get(13, 1, 12)), (0, 0, 0));
    }

    #[test]
    fn contexts_count_every_triple() {
        // Triples in three chunks, some bases with none, repeats across chunks.
        let triples: Vec<Vec<(u32, u8, u32)>> = (0..3u32)
            .map(|c| (0..500u32).map(|i| ((i * 7 + c) % 13 * 2, (i % 2) as u8, (i * 31 + c * 5) % 17)).collect())
            .collect();
        let mut naive: std::collections::HashMap<(u32, u8, u32), u32> = Default::default();
        for &t in triples.iter().flatten() {
            *naive.entry(t).or_default() += 1;
        }
        let packed = triples
            .iter()
            .map(|c| c.iter().map(|&(b, side, n)| [if side == 1 { b | AFTER } else { b }, n]).collect())
            .collect();
        let ctx = count(packed, 30);
        // Counted a chunk at a time and merged: the same counts.
        let merged = triples.iter().fold(Contexts::default(), |acc, c| {
            let packed = c.iter().map(|&(b, side, n)| [if side == 1 { b | AFTER } else { b }, n]).collect();
            acc.merge(count(vec![packed], 30))
        });
        assert_eq!((&merged.start, &merged.near), (&ctx.start, &ctx.near));
        for b in 0..32 {
            for side in 0..2 {
                for n in 0..18 {
                    assert_eq!(ctx.get(b, side, n), naive.get(&(b, side, n)).copied().unwrap_or(0), "{b} {side} {n}");
                }
            }
            let listed: u32 = ctx.of(b).iter().map(|e| e.1).sum();
            assert_eq!(listed as usize, triples.iter().flatten().filter(|t| t.0 == b).count());
        }
    }
}
