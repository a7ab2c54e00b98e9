//! Which articles each page of a list holds: a tag's, a writer's or a
//! paper's, a year's, a month's or a day's.
//!
//! These lists show the newest article first, but their pages are counted
//! from the oldest end: page 1 (`page/1/`) holds the oldest `per` articles,
//! page 2 the next `per`, and the front page (the list's own URL) the rest,
//! the newest `per` to `2 × per − 1`. A new article then changes the front
//! page only, and once the front holds `2 × per` articles its oldest `per`
//! become the next numbered page. Counted from the newest end, as the home
//! page is, every page of a list changes with each article added to it: at
//! a million articles ten new ones rewrote some 18,000 pages of tags and
//! papers, which a static host then uploads again. A numbered page keeps its
//! address and its articles for good (until an older article is added to
//! the list, or one is deleted or re-dated), so a link to it, a search
//! engine's copy and a CDN's cache stay right; its bytes too, once four
//! pages are above it (`render::context::list_window`), unless something
//! every page or every card shows changes.

use std::ops::Range;

/// The pages of a list of `count` articles, newest first, `per` a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListPages {
    count: usize,
    per: usize,
}

/// The front page's number in [`ListPages`]: the list's own URL.
pub const FRONT: usize = 0;

impl ListPages {
    /// The pages of `count` articles, `per` (at least one) a page.
    pub fn new(count: usize, per: usize) -> ListPages {
        ListPages { count, per: per.max(1) }
    }

    /// How many numbered pages there are besides the front page: the front
    /// keeps between `per` and `2 × per − 1` articles (all of them when
    /// there are fewer than `per`).
    pub fn numbered(&self) -> usize {
        (self.count / self.per).saturating_sub(1)
    }

    /// Every page: the front ([`FRONT`]), then the numbered ones, newest
    /// first.
    pub fn all(&self) -> impl Iterator<Item = usize> {
        std::iter::once(FRONT).chain((1..=self.numbered()).rev())
    }

    /// The positions in the newest-first list of the articles page `n`
    /// holds (empty for a page that does not exist).
    pub fn range(&self, n: usize) -> Range<usize> {
        let numbered = self.numbered();
        if n == FRONT {
            0..self.count - numbered * self.per
        } else if n <= numbered {
            self.count - n * self.per..self.count - (n - 1) * self.per
        } else {
            0..0
        }
    }

    /// The page that holds the article at position `k` (newest first).
    pub fn page_of(&self, k: usize) -> usize {
        let from_oldest = self.count.saturating_sub(k + 1);
        match from_oldest / self.per + 1 {
            n if n <= self.numbered() => n,
            _ => FRONT,
        }
    }
}

/// The page of a list of `members` (newest first), `per` a page, that
/// holds article `i`; none when `i` is not on the list.
pub fn page_listing(members: &[usize], per: usize, i: usize) -> Option<usize> {
    let position = members.iter().position(|&m| m == i)?;
    Some(ListPages::new(members.len(), per).page_of(position))
}

#[cfg(test)]
mod tests {
    use super::{ListPages, FRONT};

    /// The pages, each as the positions it holds.
    fn layout(count: usize, per: usize) -> Vec<(usize, Vec<usize>)> {
        let pages = ListPages::new(count, per);
        pages.all().map(|n| (n, pages.range(n).collect())).collect()
    }

    #[test]
    fn the_front_page_takes_what_the_numbered_pages_leave() {
        assert_eq!(layout(0, 3), vec![(FRONT, vec![])]);
        assert_eq!(layout(2, 3), vec![(FRONT, vec![0, 1])]);
        assert_eq!(layout(5, 3), vec![(FRONT, vec![0, 1, 2, 3, 4])]);
        assert_eq!(layout(6, 3), vec![(FRONT, vec![0, 1, 2]), (1, vec![3, 4, 5])]);
        assert_eq!(layout(8, 3), vec![(FRONT, vec![0, 1, 2, 3, 4]), (1, vec![5, 6, 7])]);
        assert_eq!(layout(9, 3), vec![(FRONT, vec![0, 1, 2]), (2, vec![3, 4, 5]), (1, vec![6, 7, 8])]);
    }

    #[test]
    fn a_new_article_changes_the_front_page_only() {
        for per in [1, 2, 3, 10] {
            for count in 0..60 {
                let (old, new) = (ListPages::new(count, per), ListPages::new(count + 1, per));
                // The new article is position 0: every old position moves one on.
                for n in 1..=old.numbered() {
                    let moved: Vec<usize> = old.range(n).map(|k| k + 1).collect();
                    assert_eq!(new.range(n).collect::<Vec<_>>(), moved, "page {n} of {count} at {per} a page");
                }
                assert!(new.numbered() <= old.numbered() + 1);
                let front = new.range(FRONT).len();
                assert!(count + 1 < per || (per..2 * per).contains(&front), "{count} {per}: {front}");
            }
        }
    }

    #[test]
    fn each_position_is_on_the_page_that_holds_it() {
        for per in [1, 3, 10] {
            for count in 0..45 {
                let pages = ListPages::new(count, per);
                let mut seen = 0;
                for n in pages.all() {
                    for k in pages.range(n) {
                        assert_eq!(pages.page_of(k), n, "{k} of {count} at {per} a page");
                        assert_eq!(k, seen, "pages in order, newest first");
                        seen += 1;
                    }
                }
                assert_eq!(seen, count);
                assert!(pages.range(pages.numbered() + 1).is_empty());
            }
        }
    }
}
