//! Characters that must not reach a page or a feed.
//!
//! Scraped and hand-written text can hold characters that XML forbids and
//! HTML reports as errors: C0 control characters other than tab and line
//! ends (U+001A is common in text copied from old publishing systems), C1
//! controls, and noncharacters such as U+FFFE/U+FFFF. One of them in a
//! title makes the whole Atom feed unreadable to feed parsers. They carry
//! no text, so they are left out of everything rendered (and ingest leaves
//! them out of the Markdown it writes); `check` and `build` say which file
//! holds them.
//!
//! Titles, tags and other one-line fields also lose bidirectional control
//! characters (U+200E/F, U+061C, U+202A–E, U+2066–9): invisible, they make
//! one spelling of a tag differ from another and an unbalanced embedding
//! can reorder the line it is shown in.

use std::borrow::Cow;

/// Whether XML 1.0 and HTML forbid `c` in text.
pub fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fdd0}'..='\u{fdef}')
        || (c as u32) & 0xfffe == 0xfffe
}

/// Whether `c` is a bidirectional formatting character.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` without the characters XML forbids (borrowed when it has none).
pub fn text(text: &str) -> Cow<'_, str> {
    if !holds_forbidden(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().filter(|&c| !is_forbidden(c)).collect())
}

/// Whether `text` holds a character XML forbids. Most text has none, and
/// every one is a byte below 0x20 (tab and line ends aside), or starts with
/// 0x7F, 0xC2, 0xEF or 0xF0..0xF4 in UTF-8: blocks of 32 bytes without such
/// a byte are passed over in a vectorised test, and in the others only the
/// characters starting at those bytes are read (a third of Arabic articles
/// have « and », which start with 0xC2).
fn holds_forbidden(text: &str) -> bool {
    let may_hold = may_start_forbidden;
    let mut start = 0;
    for block in text.as_bytes().chunks(32) {
        if crate::markdown::any_byte(block, may_hold) {
            // Such a byte is not inside a character (none is 0x80..0xBF).
            let at = |j: usize| text[start + j..].chars().next().is_some_and(is_forbidden);
            if (0..block.len()).any(|j| may_hold(block[j]) && at(j)) {
                return true;
            }
        }
        start += block.len();
    }
    false
}

/// Whether `b` may start a character XML forbids (see [`holds_forbidden`]):
/// no byte of a text without such a byte needs reading again. Written
/// without branches, so a loop over bytes is vectorised.
#[inline(always)]
pub(crate) fn may_start_forbidden(b: u8) -> bool {
    ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0x7f) | (b == 0xc2) | (b == 0xef) | (b >= 0xf0)
}

/// A one-line field (title, tag, source): without forbidden characters,
/// bidirectional controls and surrounding whitespace.
pub fn line(text: &str) -> String {
    text.chars().filter(|&c| !is_forbidden(c) && !is_bidi_control(c)).collect::<String>().trim().to_string()
}

/// The forbidden characters of `text`: how many, and the first one with its
/// 1-based line.
pub fn forbidden_in(text: &str) -> Option<Forbidden> {
    let mut found: Option<Forbidden> = None;
    for (offset, c) in text.char_indices().filter(|&(_, c)| is_forbidden(c)) {
        match &mut found {
            Some(f) => f.count += 1,
            None => found = Some(Forbidden { first: c, line: crate::error::line_of_offset(text, offset), count: 1 }),
        }
    }
    found
}

/// Characters XML forbids, found in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forbidden {
    /// The first one, named by code point in the message.
    pub first: char,
    /// 1-based line of the first one.
    pub line: usize,
    /// How many there are in the file.
    pub count: usize,
}

impl Forbidden {
    /// What to tell the editor.
    pub fn message(&self) -> String {
        format!(
            "holds {} character{} that HTML and XML do not allow (the first, U+{:04X}, on this line): {} left out \
             of pages and feeds; delete {} from the file",
            self.count,
            crate::messages::plural(self.count),
            self.first as u32,
            if self.count == 1 { "it is" } else { "they are" },
            if self.count == 1 { "it" } else { "them" },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_are_left_out_and_found() {
        assert!(matches!(text("نص عادي «مقتبس» ﻻ\ttab\n"), Cow::Borrowed(_)));
        let dirty = "عنوان\u{1a} فيه\u{fffe} رموز\u{ffff}\u{85}\u{1fffe}";
        assert_eq!(text(dirty), "عنوان فيه رموز");
        let f = forbidden_in("سطر\nسطر \u{1a}\u{0}").unwrap();
        assert_eq!((f.first, f.line, f.count), ('\u{1a}', 2, 2));
        assert!(f.message().contains("U+001A"));
        assert_eq!(forbidden_in("\t\r\n نص"), None);
    }

    #[test]
    fn one_line_fields_lose_bidi_controls() {
        assert_eq!(line(" \u{200f}روسيا\u{202c}\u{200e} "), "روسيا");
        assert_eq!(line("كيم\u{2067} جونغ\u{2069}"), "كيم جونغ");
    }

    #[test]
    fn the_prefilter_misses_nothing() {
        // Every forbidden character, alone and inside Arabic text.
        for c in (0..=0x10ffffu32).filter_map(char::from_u32).filter(|&c| is_forbidden(c)) {
            let s = format!("خبر{c}خبر");
            assert_eq!(text(&s), "خبرخبر", "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn only_forbidden_characters_are_found_wherever_they_are() {
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            assert_eq!(holds_forbidden(&format!("خبر{c}خبر")), is_forbidden(c), "U+{:04X}", c as u32);
        }
        // Either side of a block's end, after a character that may start one.
        for pad in 25..40 {
            for c in ['«', '\u{85}', '\u{fdd0}', '\u{fffe}', '\u{1fffe}', '\u{1f600}', '\u{1a}'] {
                let s = format!("{}«{c}", "a".repeat(pad));
                assert_eq!(holds_forbidden(&s), is_forbidden(c), "{pad} U+{:04X}", c as u32);
            }
        }
    }
}
