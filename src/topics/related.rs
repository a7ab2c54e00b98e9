//! Related articles: most shared tags, weighted by how rare each tag is,
//! then newest.
//!
//! Walks tag member lists instead of comparing all pairs. A tag with more
//! than [`WINDOW`] members contributes only the `WINDOW` members nearest in
//! time to the article, which bounds the work per article whatever the
//! archive's size.

use rayon::prelude::*;

/// Members of one big tag considered per article.
pub const WINDOW: usize = 200;

/// `members[t]`: tag t's articles, newest first. `article_tags[a]`: a's tags.
/// `rank[a]`: a's position in the whole archive, newest first.
pub fn related(members: &[Vec<usize>], article_tags: &[Vec<usize>], rank: &[usize], k: usize) -> Vec<Vec<usize>> {
    let n = article_tags.len();
    if k == 0 {
        return vec![Vec::new(); n];
    }
    let idf: Vec<f64> = members.iter().map(|m| (1.0 + n as f64 / m.len().max(1) as f64).ln()).collect();
    // Position of each article in each of its tags' member lists.
    let mut pos: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (t, m) in members.iter().enumerate() {
        for (p, &a) in m.iter().enumerate() {
            pos[a].push((t, p));
        }
    }
    (0..n)
        .into_par_iter()
        .map_init(
            || (vec![0.0f64; n], Vec::<usize>::new()),
            |(score, touched), a| {
                for &(t, p) in &pos[a] {
                    let m = &members[t];
                    let range = if m.len() <= WINDOW {
                        0..m.len()
                    } else {
                        let start = p.saturating_sub(WINDOW / 2).min(m.len() - WINDOW);
                        start..start + WINDOW
                    };
                    for &b in &m[range] {
                        if b != a {
                            if score[b] == 0.0 {
                                touched.push(b);
                            }
                            score[b] += idf[t];
                        }
                    }
                }
                // Tags are visited in one order for every article, so equal
                // sums are bit-identical and ties fall to the rank.
                let mut scored: Vec<(usize, f64)> = touched.iter().map(|&b| (b, score[b])).collect();
                for &b in touched.iter() {
                    score[b] = 0.0;
                }
                touched.clear();
                let cmp =
                    |x: &(usize, f64), y: &(usize, f64)| y.1.total_cmp(&x.1).then_with(|| rank[x.0].cmp(&rank[y.0]));
                if scored.len() > k {
                    scored.select_nth_unstable_by(k, cmp);
                    scored.truncate(k);
                }
                scored.sort_by(cmp);
                // Not `into_iter().map().collect()`: that reuses `scored`'s
                // buffer (every article touched, not k), and kept for each of
                // the archive's articles those buffers cost over 1 GiB at
                // 100,000 articles.
                scored.iter().map(|x| x.0).collect()
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_shared_tags_outweigh_common_ones() {
        // Articles 0..6, newest first by index. Tag 0 is on every article,
        // tag 1 only on 0 and 5, tag 2 on 0, 1 and 2.
        let members = vec![vec![0, 1, 2, 3, 4, 5], vec![0, 5], vec![0, 1, 2]];
        let mut article_tags = vec![Vec::new(); 6];
        for (t, m) in members.iter().enumerate() {
            for &a in m {
                article_tags[a].push(t);
            }
        }
        let rank: Vec<usize> = (0..6).collect();
        let r = related(&members, &article_tags, &rank, 3);
        assert_eq!(r[0], vec![5, 1, 2], "the rarest shared tag first, then newest among equals");
        assert_eq!(r[3], vec![0, 1, 2], "only the common tag: newest first");
        assert!(related(&members, &article_tags, &rank, 0)[0].is_empty());
    }

    #[test]
    fn untagged_articles_have_none() {
        let members = vec![vec![0, 1]];
        let article_tags = vec![vec![0], vec![0], vec![]];
        let r = related(&members, &article_tags, &[0, 1, 2], 5);
        assert_eq!(r, vec![vec![1], vec![0], vec![]]);
    }
}
