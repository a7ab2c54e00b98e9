//! Escaping scraped text for Markdown.
//!
//! The body must render exactly as the site printed it: a `*` in a quote, a
//! `_` in a byline, `<` in a comparison or a line starting `1.` or `-` must
//! not become emphasis, HTML or a list. CommonMark lets any ASCII
//! punctuation be backslash-escaped, so we escape every character that can
//! start an inline construct anywhere, and the block markers at line start.
//! Over-escaping is harmless (`\!` renders `!`); under-escaping is not.

/// Characters escaped wherever they appear.
fn always(c: char) -> bool {
    matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' | '|' | '~' | '&' | '$')
}

/// Escapes one paragraph line (already trimmed, no newlines).
pub fn escape_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // Block markers only matter at the start of the line.
    let mut rest = text;
    if let Some(c) = rest.chars().next() {
        if matches!(c, '-' | '+' | '=') {
            out.push('\\');
            out.push(c);
            rest = &rest[1..];
        } else if c.is_ascii_digit() {
            // `1.` / `1)` ordered-list markers: escape the delimiter.
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if matches!(rest.as_bytes().get(digits), Some(b'.' | b')')) {
                out.push_str(&rest[..digits]);
                out.push('\\');
                out.push(rest.as_bytes()[digits] as char);
                rest = &rest[digits + 1..];
            }
        }
    }
    for c in rest.chars() {
        match c {
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c if always(c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};

    /// Renders `md` and returns the plain text, failing on anything but
    /// paragraphs of text (no emphasis, links, lists, headings, HTML, code).
    fn rendered_text(md: &str) -> String {
        let mut out = String::new();
        for ev in Parser::new_ext(md, pulldown_cmark::Options::all()) {
            match ev {
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
                Event::Text(t) => out.push_str(&t),
                other => panic!("{md:?} rendered {other:?}"),
            }
        }
        out
    }

    #[test]
    fn round_trips_through_pulldown_cmark() {
        let samples = [
            "قال إن *الوضع* خطير _جدا_ و**جدا**",
            "- بند أول",
            "+ الخط -",
            "1. البند الأول",
            "2023) عام صعب",
            "# ليس عنواناً",
            "> ليس اقتباساً",
            "=== ليس خطاً",
            "رابط [هنا](http://example.com) و![صورة](x.png)",
            "أقل من <b>عشرة</b> & أكثر من 5 &amp; شيء",
            "كود `inline` و ~~شطب~~ و | جدول |",
            "شرطة \\ مائلة عكسية في النهاية\\",
            "سعر 5$ و$10",
            "<http://example.com>",
            "***",
            "    مسافة بادئة",
            "المناطق_ متابعات",
            "كيم “بعلاقة استراتيجية ممتدة”.",
        ];
        for s in samples {
            let want = s.trim();
            assert_eq!(rendered_text(&escape_line(want)), want, "{s}");
        }
    }

    #[test]
    fn leaves_arabic_and_ordinary_punctuation_alone() {
        let s = "قالت الوكالة، اليوم: \"نصراً كبيراً\" (رويترز).";
        assert_eq!(escape_line(s), s);
    }
}
