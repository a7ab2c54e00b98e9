//! Folding one character: the class each character of the Basic
//! Multilingual Plane gets (separator, word character, dropped, combining
//! hamza, or replaced by a string), as a table built once from
//! [`crate::arabic::key`] and the hamza and presentation-form rules of
//! [`super`]. The tokenizer reads one table entry a character instead of
//! keying every run of text.

use crate::arabic::key;
use std::sync::OnceLock;

/// What one character becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    /// Ends a word.
    Separator,
    /// A word character, kept as it is.
    Word,
    /// Removed without ending a word (harakat, tatweel, joiners, bidi).
    Dropped,
    /// A combining hamza (U+0654, U+0655): turns a preceding و or ي into ء.
    HamzaMark,
    /// Replaced by `reps[i]` (each replacement character is then a word
    /// character or a separator by itself).
    Replace(u32),
}

/// The folding tables, built once from [`key`] and the rules of [`super`].
pub(super) struct Folding {
    /// Class of every character of the Basic Multilingual Plane.
    table: Vec<u32>,
    pub(super) reps: Vec<String>,
    /// Per replacement, whether it is all word characters (most are one
    /// letter): added to the word whole, not looked at character by
    /// character.
    pub(super) whole: Vec<bool>,
}

const SEPARATOR: u32 = 0;
const WORD: u32 = 1;
const DROPPED: u32 = 2;
const HAMZA_MARK: u32 = 3;
const FIRST_REP: u32 = 4;

impl Folding {
    pub(super) fn class(&self, c: char) -> Class {
        let cp = c as u32;
        if cp > 0xFFFF {
            return Class::Separator;
        }
        match self.table[cp as usize] {
            SEPARATOR => Class::Separator,
            WORD => Class::Word,
            DROPPED => Class::Dropped,
            HAMZA_MARK => Class::HamzaMark,
            n => Class::Replace(n - FIRST_REP),
        }
    }
}

/// The tables of this build.
pub(super) fn folding() -> &'static Folding {
    static F: OnceLock<Folding> = OnceLock::new();
    F.get_or_init(build_folding)
}

fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// A character folded on its own: the class and, for a replacement, its text.
fn fold_char(c: char) -> (Class, String) {
    if matches!(c, '\u{0654}' | '\u{0655}') {
        return (Class::HamzaMark, String::new());
    }
    if c.is_whitespace() {
        return (Class::Separator, String::new());
    }
    if c == '\u{FEFF}' {
        return (Class::Dropped, String::new());
    }
    if is_presentation_form(c) {
        let mut decomposed = String::new();
        unicode_normalization::char::decompose_compatible(c, |d| decomposed.push(d));
        if decomposed != c.to_string() {
            return (Class::Replace(0), fold_sequence(&decomposed));
        }
    }
    if matches!(c, 'ؤ' | 'ئ') {
        return (Class::Replace(0), "ء".into());
    }
    let k = key(&c.to_string());
    if k.is_empty() {
        return (Class::Dropped, String::new());
    }
    if k == c.to_string() {
        return (if c.is_alphanumeric() { Class::Word } else { Class::Separator }, String::new());
    }
    (Class::Replace(0), k)
}

/// Folds a decomposition: each character folded, a combining hamza applied
/// to the letter before it, a separator kept as a space.
fn fold_sequence(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match fold_char(c) {
            (Class::HamzaMark, _) => seat_hamza(&mut out),
            (Class::Dropped, _) => {}
            (Class::Separator, _) => out.push(' '),
            (Class::Word, _) => out.push(c),
            (Class::Replace(_), r) => out.push_str(&r),
        }
    }
    out
}

/// A combining hamza after و or ي makes the letter ء (ؤ, ئ); elsewhere it is
/// dropped like every mark.
pub(super) fn seat_hamza(word: &mut String) {
    if word.ends_with(['و', 'ي']) {
        word.pop();
        word.push('ء');
    }
}

fn build_folding() -> Folding {
    let mut table = vec![SEPARATOR; 0x10000];
    let mut reps: Vec<String> = Vec::new();
    let mut index: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for cp in 0..0x10000u32 {
        let Some(c) = char::from_u32(cp) else { continue };
        let (class, rep) = fold_char(c);
        table[cp as usize] = match class {
            Class::Separator => SEPARATOR,
            Class::Word => WORD,
            Class::Dropped => DROPPED,
            Class::HamzaMark => HAMZA_MARK,
            Class::Replace(_) => {
                let n = reps.len() as u32;
                let i = *index.entry(rep.clone()).or_insert_with(|| {
                    reps.push(rep);
                    n
                });
                FIRST_REP + i
            }
        };
    }
    let whole = reps.iter().map(|r| !r.is_empty() && r.chars().all(char::is_alphanumeric)).collect();
    Folding { table, reps, whole }
}
