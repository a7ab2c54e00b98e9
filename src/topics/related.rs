//! Related articles: most shared tags, weighted by how rare each tag is,
//! then newest.
//!
//! Walks tag member lists instead of comparing all pairs. A tag with more
//! than [`WINDOW`] members contributes only the `WINDOW` members nearest in
//! time to the article, which bounds the work per article whatever the
//! archive's size.

use crate::flat::FlatLists;
use rayon::prelude::*;

/// Members of one big tag considered per article.
pub(super) const WINDOW: usize = 200;

/// `members[t]`: tag t's articles, newest first. `article_tags[a]`: a's tags.
/// `rank[a]`: a's position in the whole archive, newest first.
pub(super) fn related(
    members: &[&[usize]],
    article_tags: &FlatLists<usize>,
    rank: &[usize],
    k: usize,
) -> FlatLists<usize> {
    let n = article_tags.len();
    if k == 0 {
        return (0..n).map(|_| []).collect();
    }
    let idf: Vec<f64> = members.iter().map(|m| (1.0 + n as f64 / m.len().max(1) as f64).ln()).collect();
    let pos = Positions::new(members, n);
    (0..n)
        .into_par_iter()
        .map_init(
            || (vec![0.0f64; n], Vec::<usize>::new()),
            |(score, touched), a| {
                let window = |&(t, p): &(usize, usize)| {
                    let m = members[t];
                    if m.len() <= WINDOW {
                        m
                    } else {
                        let start = p.saturating_sub(WINDOW / 2).min(m.len() - WINDOW);
                        &m[start..start + WINDOW]
                    }
                };
                // Room for every article reached, so that noting the ones
                // reached first is a store and an add, not a branch.
                touched.resize(pos.of(a).iter().map(|x| window(x).len()).sum::<usize>(), 0);
                let mut reached = 0;
                for x in pos.of(a) {
                    let w = idf[x.0];
                    for &b in window(x) {
                        if b != a {
                            touched[reached] = b;
                            reached += usize::from(score[b] == 0.0);
                            score[b] += w;
                        }
                    }
                }
                // Tags are visited in one order for every article, so equal
                // sums are bit-identical and ties fall to the rank.
                let mut top = TopK::new(k);
                for &b in &touched[..reached] {
                    top.offer(score[b], rank[b], b);
                    score[b] = 0.0;
                }
                top.into_articles()
            },
        )
        .collect::<Vec<Vec<usize>>>()
        .into()
}

/// Each article's (tag, position in the tag's member list), tags in order:
/// one flat list with per-article offsets, not 10,000 small vectors.
struct Positions {
    start: Vec<usize>,
    entries: Vec<(usize, usize)>,
}

impl Positions {
    fn new(members: &[&[usize]], n: usize) -> Positions {
        let mut start = vec![0usize; n + 1];
        for &a in members.iter().flat_map(|m| m.iter()) {
            start[a + 1] += 1;
        }
        for a in 0..n {
            start[a + 1] += start[a];
        }
        let mut fill = start.clone();
        let mut entries = vec![(0, 0); start[n]];
        for (t, m) in members.iter().enumerate() {
            for (p, &a) in m.iter().enumerate() {
                entries[fill[a]] = (t, p);
                fill[a] += 1;
            }
        }
        Positions { start, entries }
    }

    fn of(&self, a: usize) -> &[(usize, usize)] {
        &self.entries[self.start[a]..self.start[a + 1]]
    }
}

/// The `k` best articles seen, best first: highest score, then newest
/// (lowest rank). Ranks are distinct, so the order is total and the result
/// does not depend on the order articles are offered in; keeping only `k`
/// avoids collecting and partitioning every article a tag reached.
struct TopK {
    k: usize,
    /// (score, rank, article), best first.
    best: Vec<(f64, usize, usize)>,
}

impl TopK {
    fn new(k: usize) -> TopK {
        TopK { k, best: Vec::with_capacity(k + 1) }
    }

    fn offer(&mut self, score: f64, rank: usize, article: usize) {
        let better = |x: &(f64, usize, usize)| score.total_cmp(&x.0).then_with(|| x.1.cmp(&rank)).is_gt();
        if self.best.len() == self.k {
            // Most articles offered are worse than the worst kept; `<` says
            // so at once (scores are positive and finite, where it agrees
            // with `total_cmp`). With k = 0 nothing is kept.
            let Some(worst) = self.best.last() else { return };
            if score < worst.0 || !better(worst) {
                return;
            }
        }
        let at = self.best.iter().position(better).unwrap_or(self.best.len());
        self.best.insert(at, (score, rank, article));
        self.best.truncate(self.k);
    }

    fn into_articles(self) -> Vec<usize> {
        // Not `into_iter()`: that would keep `best`'s larger buffer for
        // each of the archive's articles.
        self.best.iter().map(|x| x.2).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_shared_tags_outweigh_common_ones() {
        // Articles 0..6, newest first by index. Tag 0 is on every article,
        // tag 1 only on 0 and 5, tag 2 on 0, 1 and 2.
        let members: Vec<&[usize]> = vec![&[0, 1, 2, 3, 4, 5], &[0, 5], &[0, 1, 2]];
        let mut article_tags = vec![Vec::new(); 6];
        for (t, m) in members.iter().enumerate() {
            for &a in m.iter() {
                article_tags[a].push(t);
            }
        }
        let rank: Vec<usize> = (0..6).collect();
        let article_tags = FlatLists::from(article_tags);
        let r = related(&members, &article_tags, &rank, 3);
        assert_eq!(r[0], vec![5, 1, 2], "the rarest shared tag first, then newest among equals");
        assert_eq!(r[3], vec![0, 1, 2], "only the common tag: newest first");
        assert!(related(&members, &article_tags, &rank, 0)[0].is_empty());
    }

    #[test]
    fn top_k_matches_a_full_sort() {
        // Scores with many ties (sums of a few weights), ranks distinct.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let weights = [0.5, 1.25, 2.0];
        for round in 0..200 {
            let n = 1 + next(60) as usize;
            let mut ranks: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                ranks.swap(i, next(i as u64 + 1) as usize);
            }
            let items: Vec<(usize, f64, usize)> = (0..n)
                .map(|b| (b, (0..1 + next(3)).map(|_| weights[next(3) as usize]).sum::<f64>(), ranks[b]))
                .collect();
            for k in [1, 3, 5, 100] {
                let mut top = TopK::new(k);
                for &(b, score, rank) in &items {
                    top.offer(score, rank, b);
                }
                let mut sorted = items.clone();
                sorted.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.2.cmp(&y.2)));
                let expected: Vec<usize> = sorted.iter().take(k).map(|x| x.0).collect();
                assert_eq!(top.into_articles(), expected, "round {round}, k {k}");
            }
        }
    }

    #[test]
    fn untagged_articles_have_none() {
        let members: Vec<&[usize]> = vec![&[0, 1]];
        let article_tags = vec![vec![0], vec![0], vec![]];
        let r = related(&members, &article_tags.into(), &[0, 1, 2], 5);
        assert_eq!(r, FlatLists::from(vec![vec![1], vec![0], vec![]]));
    }
}
