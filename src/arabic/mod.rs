//! Arabic text handling shared by every stage: the matching key of DESIGN.md,
//! light stemming and stop words for topic extraction.

mod normalize;
mod stem;
mod stopwords;

pub use normalize::{fold_digits, is_arabic_letter, is_diacritic, key, strip_diacritics};
pub use stem::{stem, stem_key, stem_range};
pub use stopwords::{is_stop_key, is_stopword, STOPWORDS};
