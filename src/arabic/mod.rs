//! Arabic text handling shared by every stage: the matching key (docs/architecture.md),
//! attached prefixes, spelling clusters, light stemming and stop words.

pub mod clitics;
mod normalize;
mod stem;
mod stopwords;
mod variant;

pub use normalize::{fold_digits, is_alphanumeric, is_arabic_letter, is_diacritic, key, strip_diacritics};
pub use stem::{stem, stem_key, stem_range};
pub use stopwords::{is_stop_key, is_stopword, STOPWORDS};
pub use variant::variant_key;
