//! Arabic text handling shared by every stage: the matching key of DESIGN.md,
//! light stemming and stop words for topic extraction.

mod normalize;

pub use normalize::{fold_digits, is_arabic_letter, is_diacritic, key, strip_diacritics};
