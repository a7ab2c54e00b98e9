//! A list per item (an article's tags, reasons, related articles, authors,
//! papers) held as one run of values and where each list starts.
//!
//! The site model keeps several such lists for every article for the whole
//! build. As `Vec<Vec<T>>` each list is a 24-byte header and an allocation
//! of its own, most of them a few values long; at a million articles that
//! was 0.2 GB more than the values themselves. Indexing gives a slice
//! (`lists[i]`), so code written for `Vec<Vec<T>>` reads it unchanged.

use std::ops::Index;

/// Lists of `T`, one per item, in one allocation.
#[derive(Clone, PartialEq, Eq)]
pub struct FlatLists<T> {
    /// Every list's values, one list after another.
    values: Vec<T>,
    /// Where list `i` ends in `values` (it starts where `i - 1` ends).
    ends: Vec<usize>,
}

impl<T> Default for FlatLists<T> {
    fn default() -> Self {
        FlatLists { values: Vec::new(), ends: Vec::new() }
    }
}

impl<T> FlatLists<T> {
    /// Room for `lists` lists of `values` values in all.
    pub fn with_capacity(lists: usize, values: usize) -> Self {
        FlatLists { values: Vec::with_capacity(values), ends: Vec::with_capacity(lists) }
    }

    /// Adds a list after the last.
    pub fn push(&mut self, list: impl IntoIterator<Item = T>) {
        self.values.extend(list);
        self.ends.push(self.values.len());
    }

    /// How many lists there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are no lists (not: whether every list is empty).
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The lists in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[T]> + '_ {
        (0..self.len()).map(|i| &self[i])
    }

    /// Frees the room reserved beyond what is held (`memory::fit`: a
    /// shrink in place would keep it).
    pub fn shrink_to_fit(&mut self) {
        self.values = crate::memory::fit(std::mem::take(&mut self.values));
        self.ends = crate::memory::fit(std::mem::take(&mut self.ends));
    }
}

impl<T> Index<usize> for FlatLists<T> {
    type Output = [T];

    fn index(&self, i: usize) -> &[T] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.values[start..self.ends[i]]
    }
}

impl<'a, T> IntoIterator for &'a FlatLists<T> {
    type Item = &'a [T];
    type IntoIter = Box<dyn ExactSizeIterator<Item = &'a [T]> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl<T, L: IntoIterator<Item = T>> FromIterator<L> for FlatLists<T> {
    fn from_iter<I: IntoIterator<Item = L>>(lists: I) -> Self {
        let mut flat = FlatLists::default();
        for list in lists {
            flat.push(list);
        }
        flat.shrink_to_fit();
        flat
    }
}

impl<T> From<Vec<Vec<T>>> for FlatLists<T> {
    fn from(lists: Vec<Vec<T>>) -> Self {
        let values = lists.iter().map(Vec::len).sum();
        let mut flat = FlatLists::with_capacity(lists.len(), values);
        for list in lists {
            flat.push(list);
        }
        flat
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for FlatLists<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_list_reads_back_as_it_was_pushed() {
        let lists = vec![vec![3, 1], vec![], vec![7], vec![], vec![5, 5, 5]];
        let flat = FlatLists::from(lists.clone());
        assert_eq!(flat.len(), 5);
        for (i, list) in lists.iter().enumerate() {
            assert_eq!(&flat[i], list.as_slice(), "list {i}");
        }
        assert_eq!(flat.iter().map(<[i32]>::to_vec).collect::<Vec<_>>(), lists);
        assert_eq!(lists.iter().cloned().collect::<FlatLists<i32>>(), flat);
        assert_eq!(format!("{flat:?}"), "[[3, 1], [], [7], [], [5, 5, 5]]");
        // Empty lists are lists: only no lists at all is empty.
        let empties = FlatLists::<u8>::from(vec![vec![], vec![]]);
        assert_eq!((empties.len(), empties.is_empty()), (2, false));
        assert!(FlatLists::<u8>::default().is_empty());
        // Equal lists, whatever was split where, are not equal flat.
        assert_ne!(FlatLists::from(vec![vec![1], vec![2]]), FlatLists::from(vec![vec![1, 2], vec![]]));
    }
}
