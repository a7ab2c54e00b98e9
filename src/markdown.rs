//! Markdown to HTML with pulldown-cmark, made safe for scraped content and
//! readable in right-to-left pages.
//!
//! Two things differ from a plain pulldown-cmark render:
//! - unless the site allows raw HTML, nothing in the Markdown can run script
//!   or inject markup, because article text comes from scraped pages: raw
//!   HTML is escaped, links and images keep only safe addresses
//!   ([`is_safe_url`]: a `javascript:` link becomes its plain text), and
//!   headings take an id and classes but no other attributes;
//! - runs of Latin script inside Arabic text are wrapped in `<bdi>` so a
//!   fragment like `Hwasong-20` or `(Getty)` keeps its order in an RTL line
//!   (not inside an image's alt text, which is an attribute).

use crate::slug::slugify;
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::HashMap;

/// The rendered body. (Summaries come from `first_paragraph_text`, and
/// `check` reads links with their lines in its own pass.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Safe HTML for a page (nothing from the Markdown can run script).
    pub html: String,
}

/// The Markdown extensions every reading of a body uses (rendering, and
/// `check`'s link pass). No smart punctuation: scraped text must render
/// exactly as written.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders Markdown to HTML.
pub fn render(markdown: &str, allow_raw_html: bool) -> Rendered {
    render_with(markdown, allow_raw_html, &|_| None)
}

/// Renders Markdown to HTML, passing every link and image destination through
/// `rewrite`: `Some(url)` replaces it, `None` keeps it.
pub fn render_with(markdown: &str, allow_raw_html: bool, rewrite: &dyn Fn(&str) -> Option<String>) -> Rendered {
    let mut events: Vec<Event> = Vec::new();
    let mut in_code = false;
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    let mut heading_start: Option<usize> = None;
    // For each open link or image: whether its tags are left out (an
    // unsafe address), so its text shows as plain text.
    let mut open_links: Vec<bool> = Vec::new();
    let mut in_image = 0usize;
    // The file's own forbidden characters were left out when it was loaded;
    // only a numeric entity (`&#x1a;`) can bring one back.
    let has_entities = markdown.contains("&#");

    for event in Parser::new_ext(markdown, options()) {
        let event = match event {
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dropped = !allow_raw_html && !is_safe_url(&dest_url);
                open_links.push(dropped);
                if dropped {
                    continue;
                }
                let dest_url = rewrite(&dest_url).map(CowStr::from).unwrap_or(dest_url);
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dropped = !allow_raw_html && !is_safe_url(&dest_url);
                open_links.push(dropped);
                if dropped {
                    continue;
                }
                in_image += 1;
                let dest_url = rewrite(&dest_url).map(CowStr::from).unwrap_or(dest_url);
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                if open_links.pop().unwrap_or(false) {
                    continue;
                }
                if end == TagEnd::Image {
                    in_image -= 1;
                }
                Event::End(end)
            }
            // An entity such as `&#x1a;` decodes to a character HTML and
            // XML forbid (the file's own are left out when it is loaded).
            Event::Text(t) if has_entities => Event::Text(without_forbidden(t)),
            Event::Code(t) if has_entities => Event::Code(without_forbidden(t)),
            Event::Start(Tag::Heading { level, id, classes, attrs }) if !allow_raw_html && !attrs.is_empty() => {
                // `{onclick=...}` would become an attribute of the heading.
                Event::Start(Tag::Heading { level, id, classes, attrs: Vec::new() })
            }
            other => other,
        };
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Heading { .. }) => heading_start = Some(events.len()),
            _ => {}
        }
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) if !allow_raw_html => events.push(Event::Text(raw)),
            Event::Text(text) if !in_code && in_image == 0 && has_latin(&text) => {
                events.push(Event::InlineHtml(isolate_latin(&text).into()))
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = heading_start.take() {
                    assign_heading_id(&mut events, start, level, &mut used_ids);
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    Rendered { html: out }
}

fn without_forbidden(text: CowStr<'_>) -> CowStr<'_> {
    match crate::sanitize::text(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(clean) => clean.into(),
    }
}

/// Whether a link or image address is safe to publish from untrusted text:
/// a relative address (a path, `#fragment`, `?query`), or one whose scheme
/// is http, https or mailto. `javascript:`, `vbscript:`, `data:` and every
/// other scheme are not. The scheme is read as a browser reads it: spaces
/// and control characters around it and tabs or line breaks inside it are
/// ignored, letters in any case.
pub fn is_safe_url(dest: &str) -> bool {
    let cleaned: String =
        dest.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let Some(colon) = cleaned.find(':') else { return true };
    let scheme = &cleaned[..colon];
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // Anything else before the colon (a `/`, `?`, `#` or other character)
    // makes it a relative address.
    !is_scheme || ["http", "https", "mailto"].iter().any(|s| scheme.eq_ignore_ascii_case(s))
}

/// The source file a link destination names, when it names one: Zola-style
/// `@/articles/2023/09/14-x.md` (relative to `content/`), or a path ending in
/// `.md`, relative to the linking file `from` (site-relative, `/`-separated)
/// or, with a leading `/`, to the site directory. Returns the site-relative
/// path (percent-decoded, `.`/`..` resolved) and the `?query#fragment` rest.
pub fn source_link(dest: &str, from: &str) -> Option<(String, String)> {
    let dest = dest.trim();
    let split = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, rest) = dest.split_at(split);
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let joined = if let Some(inner) = path.strip_prefix("@/") {
        format!("{}/{inner}", crate::layout::CONTENT_DIR)
    } else if path.ends_with(".md") && !path.contains("://") && !path.starts_with("//") {
        match path.strip_prefix('/') {
            Some(inner) => inner.to_string(),
            None => format!("{}{path}", from.rfind('/').map_or("", |i| &from[..=i])),
        }
    } else {
        return None;
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some((parts.join("/"), rest.to_string()))
}

/// Gives a heading without an explicit `{#id}` an id from its text, unique
/// within the page, so sections can be linked.
fn assign_heading_id(events: &mut [Event], start: usize, _level: HeadingLevel, used: &mut HashMap<String, usize>) {
    let text: String = events[start..]
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.to_string()),
            Event::InlineHtml(h) => Some(strip_tags(h)),
            _ => None,
        })
        .collect();
    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
        let base = match id {
            Some(existing) => existing.to_string(),
            None => {
                let s = slugify(&text);
                if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                }
            }
        };
        let n = used.entry(base.clone()).or_insert(0);
        *n += 1;
        let unique = if *n == 1 { base } else { format!("{base}-{n}") };
        *id = Some(CowStr::from(unique));
    }
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) && c != '\u{00D7}' && c != '\u{00F7}'
}

fn has_latin(text: &str) -> bool {
    // Bytes first: a Latin letter is an ASCII letter or starts with one of
    // the lead bytes C3–C9 (U+00C0–U+024F), so Arabic text (lead bytes
    // D8–DB) is passed over without decoding a single character (and in
    // vectorised chunks, `any_byte`).
    let may_be_latin = |b: u8| ((b | 0x20).wrapping_sub(b'a') < 26) | (b.wrapping_sub(0xC3) < 7);
    any_byte(text.as_bytes(), may_be_latin) && text.chars().any(is_latin_letter)
}

/// Characters that may sit inside a Latin run (between Latin letters/digits).
fn is_latin_joiner(c: char) -> bool {
    matches!(c, ' ' | '.' | ',' | '\'' | '-' | '&' | '/' | ':' | '+' | '_' | '’')
}

/// True at digits that lead straight into Latin words (`38 North`): the run
/// must start at the digits, or an RTL line shows `North 38`.
fn starts_numbered_latin(chars: &[char]) -> bool {
    if !chars.first().is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    let rest = chars.iter().skip_while(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | ','));
    rest.take(1).any(|&c| is_latin_letter(c))
}

/// Escapes text for HTML and wraps each run of Latin script (letters, with the
/// digits, spaces and punctuation between them) in `<bdi>`.
pub fn isolate_latin(text: &str) -> String {
    // A run always holds a Latin letter: text without one is only escaped
    // (most Arabic titles, summaries and tag names).
    if !has_latin(text) {
        return escape_html(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        if is_latin_letter(chars[i]) || starts_numbered_latin(&chars[i..]) {
            // Extend the run while letters, digits or joiners continue, and
            // end it on the last letter or digit.
            let mut end = i + 1;
            let mut j = i + 1;
            while j < chars.len() {
                let c = chars[j];
                if is_latin_letter(c) || c.is_ascii_digit() {
                    end = j + 1;
                } else if !is_latin_joiner(c) {
                    break;
                }
                j += 1;
            }
            out.push_str("<bdi>");
            escape_into(&mut out, chars[i..end].iter().copied());
            out.push_str("</bdi>");
            i = end;
        } else {
            escape_into(&mut out, std::iter::once(chars[i]));
            i += 1;
        }
    }
    out
}

/// HTML-escapes `text` (for text content and attribute values).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_str_into(&mut out, text);
    out
}

/// Whether a byte of `bytes` passes `test`. Whole 32-byte chunks are
/// tested without a branch per byte, which the compiler vectorises (about
/// ten times faster than `Iterator::any` on Arabic text, where nothing is
/// found and every byte is looked at). `test` should be branch-free too.
#[inline(always)]
pub(crate) fn any_byte(bytes: &[u8], test: impl Fn(u8) -> bool) -> bool {
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        let mut found = 0u8;
        for &b in chunk {
            found |= test(b) as u8;
        }
        if found != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| test(b))
}

/// True for the five bytes HTML escaping rewrites.
fn is_escaped_byte(b: u8) -> bool {
    (b == b'&') | (b == b'<') | (b == b'>') | (b == b'"') | (b == b'\'')
}

/// Whether `text` holds anything HTML escaping would rewrite (most text on
/// these pages is Arabic and holds nothing).
pub fn needs_escaping(text: &str) -> bool {
    any_byte(text.as_bytes(), is_escaped_byte)
}

/// As `escape_into`, for a whole string: copies the runs between the five
/// special characters (all ASCII, so byte positions are char boundaries),
/// looking byte by byte only inside 32-byte chunks that hold one.
pub fn escape_str_into(out: &mut String, text: &str) {
    let mut copied = 0;
    for (n, chunk) in text.as_bytes().chunks(32).enumerate() {
        if !any_byte(chunk, is_escaped_byte) {
            continue;
        }
        for (k, &b) in chunk.iter().enumerate() {
            let entity = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            let i = n * 32 + k;
            out.push_str(&text[copied..i]);
            out.push_str(entity);
            copied = i + 1;
        }
    }
    out.push_str(&text[copied..]);
}

fn escape_into(out: &mut String, chars: impl Iterator<Item = char>) {
    for c in chars {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// The text a reader sees in a Markdown body, for the search index: each
/// block (paragraph, heading, list item, table cell, code block) on a line
/// of its own, line breaks inside a block as spaces, no markup and no raw
/// HTML (tags are not words; escaped HTML shows as code a reader would not
/// search for).
pub fn plain_text(markdown: &str) -> String {
    if let Some(text) = plain_paragraphs(markdown) {
        return text;
    }
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&without_forbidden(t)),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) if !out.ends_with('\n') && !out.is_empty() => out.push('\n'),
            _ => {}
        }
    }
    while out.ends_with('\n') {
        out.pop();
    }
    out
}

/// [`plain_text`] of a body that is only paragraphs of text (what ingest
/// writes, most bodies of an archive) without running the parser: `None`
/// when a byte or a line start could be Markdown syntax. No character that
/// starts a block or an inline element, and every line starting with a
/// letter: paragraphs are then blank-line apart and their lines joined by
/// spaces, exactly as the parser reads them.
fn plain_paragraphs(markdown: &str) -> Option<String> {
    // Written without branches (`|`, not `matches!`), so it is vectorised.
    let special = |b: u8| {
        (b == b'\\')
            | (b == b'`')
            | (b == b'*')
            | (b == b'_')
            | (b == b'[')
            | (b == b']')
            | (b == b'<')
            | (b == b'>')
            | (b == b'#')
            | (b == b'|')
            | (b == b'~')
            | (b == b'&')
    };
    // One pass for both the Markdown bytes and those that may start a
    // character XML forbids: the text keeps every character of the body
    // but line ends, spaces and tabs (none of them forbidden), so it holds
    // one only where the body does, and most texts are not read again.
    let bytes = markdown.as_bytes();
    let mut may_forbid = false;
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        let (mut markup, mut forbidden) = (0u8, 0u8);
        for &b in chunk {
            markup |= u8::from(special(b));
            forbidden |= u8::from(crate::sanitize::may_start_forbidden(b));
        }
        if markup != 0 {
            return None;
        }
        may_forbid |= forbidden != 0;
    }
    if chunks.remainder().iter().any(|&b| special(b)) {
        return None;
    }
    may_forbid |= chunks.remainder().iter().any(|&b| crate::sanitize::may_start_forbidden(b));
    let mut out = String::with_capacity(markdown.len());
    let mut in_paragraph = false;
    for line in markdown.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.bytes().all(|b| b == b' ' || b == b'\t') {
            in_paragraph = false;
            continue;
        }
        let first = line.as_bytes()[0];
        if first < 0x80 && !first.is_ascii_alphabetic() {
            return None;
        }
        if in_paragraph {
            out.push(' ');
        } else if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line.trim_end_matches([' ', '\t']));
        in_paragraph = true;
    }
    if may_forbid {
        if let Cow::Owned(clean) = crate::sanitize::text(&out) {
            return Some(clean);
        }
    }
    Some(out)
}

/// Plain text of the first paragraph (for summaries).
///
/// pulldown-cmark parses the block structure of a whole document before it
/// yields the first event, so this parses a growing prefix that ends at a
/// blank line: a paragraph cannot span a blank line, so once the prefix
/// holds a finished paragraph, its text is that of the whole document. A
/// prefix with `[` in it could use link or footnote definitions further down
/// and is not trusted: the whole document is parsed then.
pub fn first_paragraph_text(markdown: &str) -> String {
    let mut want = 0;
    loop {
        let end = blank_line_end(markdown, want.min(markdown.len()));
        let prefix = &markdown[..end];
        if end == markdown.len() || prefix.contains('[') {
            return first_paragraph_in(markdown).unwrap_or_default();
        }
        if let Some(text) = first_paragraph_in(prefix) {
            return text;
        }
        want = end * 2;
    }
}

/// Byte offset just past the first blank line at or after `from` (the end of
/// the text when there is none).
fn blank_line_end(text: &str, from: usize) -> usize {
    let mut at = from.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    while let Some(nl) = text[at..].find('\n') {
        let line_start = at + nl + 1;
        let line_end = text[line_start..].find('\n').map_or(text.len(), |n| line_start + n);
        if text[line_start..line_end].trim().is_empty() {
            return (line_end + 1).min(text.len());
        }
        at = line_start;
    }
    text.len()
}

/// The first paragraph's text, when `markdown` has a finished one.
fn first_paragraph_in(markdown: &str) -> Option<String> {
    let mut out = String::new();
    let mut inside = false;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Paragraph) => inside = true,
            Event::End(TagEnd::Paragraph) if inside => return Some(out.trim().to_string()),
            Event::Text(t) | Event::Code(t) if inside => out.push_str(&without_forbidden(t)),
            Event::SoftBreak | Event::HardBreak if inside => out.push(' '),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paragraphs_read_as_the_parser_reads_them() {
        let samples = [
            "فقرة أولى.\nتكملتها  \nوسطر ثالث\t\n\n\n   \nفقرة ثانية (مع أقواس) و«علامات» 2015.\r\nآخر سطر",
            "Latin words, 12 digits, a comma; and: colons. ثم عربية!",
            "\u{a0}سطر يبدأ بمسافة غير منقسمة",
            "سطر\n\n\n",
            "",
        ];
        for md in samples {
            let fast = plain_paragraphs(md).expect("plain paragraphs");
            let mut parsed = String::new();
            for event in Parser::new_ext(md, options()) {
                match event {
                    Event::Text(t) => parsed.push_str(&t),
                    Event::SoftBreak | Event::HardBreak => parsed.push(' '),
                    Event::End(TagEnd::Paragraph) => parsed.push('\n'),
                    _ => {}
                }
            }
            assert_eq!(fast, parsed.trim_end_matches('\n'), "{md:?}");
        }
        for md in
            ["- بند", "1. بند", "> اقتباس", "نص *مائل*", "    كود", "سطر\n===", "[رابط](x)", "a &amp; b", "# عنوان"]
        {
            assert!(plain_paragraphs(md).is_none(), "{md:?}");
        }
    }

    #[test]
    fn plain_paragraphs_leave_out_forbidden_characters() {
        // In a whole block of 32 bytes and in the last bytes; next to
        // characters that start like one (« and » start with 0xC2).
        let long = "كلمة ".repeat(20);
        for (md, want) in [
            (format!("{long}\u{1a}آخر"), format!("{long}آخر")),
            ("نص\u{1a}".to_string(), "نص".to_string()),
            (format!("{long}«قول»\u{85}"), format!("{long}«قول»")),
            (format!("{long}«قول»"), format!("{long}«قول»")),
        ] {
            assert_eq!(plain_paragraphs(&md).as_deref(), Some(want.as_str()), "{md:?}");
        }
    }

    #[test]
    fn plain_text_is_what_a_reader_sees() {
        let md = "## عنوان\n\nفقرة **أولى**\nتكملتها [رابط](https://x.org/a-b).\n\n- بند\n- بند آخر\n\n<b>وسم</b>\n";
        assert_eq!(plain_text(md), "عنوان\nفقرة أولى تكملتها رابط.\nبند\nبند آخر\nوسم");
        assert_eq!(plain_text(""), "");
    }

    #[test]
    fn first_paragraph_from_a_prefix_matches_the_whole_document() {
        let filler = "## عنوان فرعي\n\n".repeat(120);
        let code = format!("```\nسطر\n\nسطر بعد فراغ\n```\n\n{}", "كلمة ".repeat(400));
        let samples = [
            "فقرة أولى.\n\nفقرة ثانية.".to_string(),
            format!("{filler}الفقرة بعد العناوين\nتكملتها.\n\nأخرى."),
            "- بند\n- بند آخر\n\nفقرة بعد القائمة.".to_string(),
            code,
            format!(
                "{}نص مع حاشية[^1] ورابط [هنا][r].\n\n{filler}[^1]: حاشية\n[r]: https://example.org\n",
                "x ".repeat(600)
            ),
            "عنوان\n=====\n\nفقرة.".to_string(),
            "| أ | ب |\n|---|---|\n| 1 | 2 |\n\nفقرة.".to_string(),
            "> اقتباس\n\nفقرة".to_string(),
            String::new(),
            "## فقط عنوان".to_string(),
        ];
        for md in &samples {
            assert_eq!(first_paragraph_text(md), first_paragraph_in(md).unwrap_or_default(), "{md}");
        }
        assert_eq!(first_paragraph_text(&samples[1]), "الفقرة بعد العناوين تكملتها.");
        let with_refs = first_paragraph_text(&samples[4]);
        assert!(with_refs.contains("نص مع حاشية ورابط") && !with_refs.contains("[^1]"), "{with_refs}");
    }

    #[test]
    fn only_safe_addresses_become_links_or_images() {
        for safe in [
            "https://example.org/a?b#c",
            "HTTP://example.org",
            "mailto:desk@example.org",
            "/2023/09/x/",
            "../09/14-x.md",
            "@/articles/2023/09/14-x.md",
            "#section",
            "?page=2",
            "صفحة:1",
            "a/b:c",
        ] {
            assert!(is_safe_url(safe), "{safe}");
        }
        for unsafe_ in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:x",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
        ] {
            assert!(!is_safe_url(unsafe_), "{unsafe_:?}");
        }
        let md = "[اضغط](javascript:alert(1)) ![صورة](javascript:x) <vbscript:x> [x](&#106;avascript:alert(1)) \
                  [بيانات](data:text/html,x) [موقع](https://example.org)";
        let html = render(md, false).html;
        assert_eq!(html.matches("<a ").count(), 1, "one link is left: {html}");
        assert!(!html.contains("<img"), "{html}");
        for bad in ["javascript:", "vbscript:", "data:"] {
            assert!(!html.contains(&format!("=\"{bad}")), "{bad} in an attribute: {html}");
        }
        assert!(html.contains("اضغط") && html.contains("صورة") && html.contains("بيانات"), "the text stays: {html}");
        assert!(html.contains("<a href=\"https://example.org\">موقع</a>"), "{html}");
        // A site that allows raw HTML trusts its Markdown.
        assert!(render("[x](javascript:void(0))", true).html.contains("href=\"javascript:void(0)\""));
    }

    #[test]
    fn headings_take_no_attributes_that_could_run_script() {
        let html = render("## عنوان {#sec .wide onclick=alert(1)}\n", false).html;
        assert!(!html.contains("onclick"), "{html}");
        assert!(html.contains("id=\"sec\"") && html.contains("class=\"wide\""), "{html}");
    }

    #[test]
    fn entities_of_forbidden_characters_are_left_out() {
        let html = render("نص&#x1a; و&#xFFFE;كلمة `رمز&#x1a;`", false).html;
        assert_eq!(html, "<p>نص وكلمة <code>رمز&amp;#x1a;</code></p>\n");
    }

    #[test]
    fn latin_alt_text_is_plain_text() {
        let html = render("![Reuters photo](/a.jpg) صورة Reuters", false).html;
        assert!(html.contains("alt=\"Reuters photo\""), "{html}");
        assert!(html.contains("<bdi>Reuters</bdi>"), "text outside the image is still isolated: {html}");
    }

    #[test]
    fn renders_tables_footnotes_strikethrough() {
        let r = render("| أ | ب |\n|---|---|\n| 1 | 2 |\n\nنص[^1] ~~محذوف~~\n\n[^1]: حاشية\n", false);
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("<del>محذوف</del>"), "{}", r.html);
        assert!(r.html.contains("footnote-definition"), "{}", r.html);
    }

    #[test]
    fn escapes_raw_html_unless_allowed() {
        let md = "نص <script>alert(1)</script>\n\n<div onclick=\"x\">كتلة</div>\n";
        let r = render(md, false);
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert!(!r.html.contains("<div"), "{}", r.html);
        let r = render(md, true);
        assert!(r.html.contains("<script>"), "{}", r.html);
    }

    #[test]
    fn headings_get_unique_arabic_ids() {
        let r = render("## أول زيارة منذ 24 عاماً\n\nنص\n\n## أول زيارة منذ 24 عاماً\n\n## قسم {#custom}\n", false);
        assert!(r.html.contains("<h2 id=\"أول-زيارة-منذ-24-عاما\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"أول-زيارة-منذ-24-عاما-2\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"custom\">"), "{}", r.html);
    }

    /// 5,000 strings of up to `max_pieces` random `pieces` (a fixed
    /// pseudo-random sequence from `seed`): long enough to cross the 32-byte
    /// chunks of `any_byte` at every offset.
    fn random_texts(pieces: &[&str], max_pieces: u64, seed: u64) -> Vec<String> {
        let mut seed = seed;
        let mut next = move || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            seed >> 33
        };
        (0..5_000).map(|_| (0..next() % max_pieces).map(|_| pieces[next() as usize % pieces.len()]).collect()).collect()
    }

    #[test]
    fn escaping_by_chunks_matches_escaping_every_character() {
        let pieces = ["كوريا", " ", "&", "<", ">", "\"", "'", "a", "é", "&amp;", "٣"];
        for text in random_texts(&pieces, 60, 11) {
            let mut expected = String::new();
            escape_into(&mut expected, text.chars());
            assert_eq!(escape_html(&text), expected, "{text:?}");
            assert_eq!(needs_escaping(&text), expected != text, "{text:?}");
        }
    }

    #[test]
    fn latin_prefilter_agrees_with_decoding_every_character() {
        let pieces =
            ["كوريا", " ", "Kim", "é", "ß", "×", "÷", "Ω", "٣", "1", "-", "Ä", "ɏ", "Ȁ", "z", "@", "[", "`", "{"];
        for text in random_texts(&pieces, 40, 7) {
            assert_eq!(has_latin(&text), text.chars().any(is_latin_letter), "{text:?}");
        }
    }

    #[test]
    fn isolates_latin_runs() {
        assert_eq!(isolate_latin("صورة (Getty) اليوم"), "صورة (<bdi>Getty</bdi>) اليوم");
        assert_eq!(isolate_latin("صاروخ Hwasong-20 الجديد"), "صاروخ <bdi>Hwasong-20</bdi> الجديد");
        assert_eq!(isolate_latin("موقع 38 North, Inc. هنا"), "موقع <bdi>38 North, Inc</bdi>. هنا");
        assert_eq!(isolate_latin("عام 2023 وReuters"), "عام 2023 و<bdi>Reuters</bdi>");
        assert_eq!(isolate_latin("<ب> & \"x\""), "&lt;ب&gt; &amp; &quot;<bdi>x</bdi>&quot;");
        let r = render("قالت Reuters إن", false);
        assert!(r.html.contains("<bdi>Reuters</bdi>"), "{}", r.html);
    }

    #[test]
    fn code_is_not_isolated() {
        let r = render("```\nlet x = 1;\n```\n", false);
        assert!(!r.html.contains("<bdi>"), "{}", r.html);
    }

    #[test]
    fn source_links_resolve_to_site_paths() {
        let from = "content/articles/2023/09/14-a.md";
        let got = |d: &str| source_link(d, from);
        assert_eq!(got("@/articles/2023/09/13-b.md"), Some(("content/articles/2023/09/13-b.md".into(), String::new())));
        assert_eq!(got("../08/01-c.md#x"), Some(("content/articles/2023/08/01-c.md".into(), "#x".into())));
        assert_eq!(got("13-%D9%82.md"), Some(("content/articles/2023/09/13-ق.md".into(), String::new())));
        assert_eq!(got("/content/about.md"), Some(("content/about.md".into(), String::new())));
        assert_eq!(got("../../../../../x.md"), None);
        assert_eq!(got("https://example.org/readme.md"), None);
        assert_eq!(got("/2023/09/b/"), None);
    }

    #[test]
    fn links_can_be_rewritten() {
        let md = "[أ](@/articles/x.md#s) [ب](/y/) ![ج](img.png)\n";
        let r = render_with(md, false, &|d| d.starts_with('@').then(|| "/2023/09/x/#s".to_string()));
        assert!(r.html.contains("href=\"/2023/09/x/#s\""), "{}", r.html);
        assert!(r.html.contains("href=\"/y/\""), "{}", r.html);
        assert!(r.html.contains("src=\"img.png\""), "{}", r.html);
    }
}
