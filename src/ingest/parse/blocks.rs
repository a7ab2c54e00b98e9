//! The article's text lines as Markdown blocks: paragraphs, subheadings and
//! verse.
//!
//! Every line of the text is kept, in order; only how it is set differs:
//! * consecutive short lines (at most six words, no final full stop, not
//!   list items) are verse, a table's rows, a letter's closing and
//!   signature: one block whose lines are joined by Markdown hard breaks
//!   (`\` at the end of a line), so they keep their line breaks;
//! * a single short line with text before it and a line after it is a
//!   `##` subheading (the seeds' rule), unless it introduces what follows
//!   (`وأضاف:`), is a list item, or ends with a comma (a salutation);
//! * every other line is a paragraph.

use super::debris::strip_trailing_advert;
use super::escape::escape_line;

/// One block of the body.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Block<'a> {
    Paragraph(&'a str),
    Heading(&'a str),
    /// Lines set with hard breaks between them.
    Verse(Vec<&'a str>),
}

/// Arranges the text `lines` (trimmed, in order) into blocks; `short[i]`
/// says whether line `i` is a short non-sentence (`text::is_short_nonsentence`).
pub(super) fn arrange<'a>(lines: &[&'a str], short: &[bool]) -> Vec<Block<'a>> {
    let verse = |i: usize| short[i] && !is_list_item(lines[i]);
    let mut out = Vec::with_capacity(lines.len());
    let mut text_before = false;
    let mut i = 0;
    while i < lines.len() {
        if !verse(i) {
            out.push(Block::Paragraph(lines[i]));
            text_before |= !short[i];
            i += 1;
            continue;
        }
        let end = (i..lines.len()).find(|&j| !verse(j)).unwrap_or(lines.len());
        if end - i >= 2 {
            out.push(Block::Verse(lines[i..end].to_vec()));
        } else if text_before && end < lines.len() && !introduces(lines[i]) {
            out.push(Block::Heading(lines[i]));
        } else {
            out.push(Block::Paragraph(lines[i]));
        }
        i = end;
    }
    out
}

/// The body as Markdown: blocks separated by a blank line, escaped so the
/// text renders as written, ending in a newline.
pub(super) fn markdown(blocks: &[Block]) -> String {
    let mut body = String::new();
    for block in blocks {
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        match block {
            Block::Paragraph(t) => body.push_str(&escape_line(strip_trailing_advert(t))),
            Block::Heading(t) => {
                body.push_str("## ");
                body.push_str(&escape_line(t));
            }
            Block::Verse(lines) => {
                for (n, t) in lines.iter().enumerate() {
                    if n > 0 {
                        body.push_str("\\\n");
                    }
                    body.push_str(&escape_line(t));
                }
            }
        }
    }
    body.push('\n');
    body
}

/// A list item: `• …`, `- …`, `* …`, `1. …`, `1) …`.
fn is_list_item(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    text.starts_with(['•', '-', '–', '*', '·', '▪'])
        || (digits > 0 && matches!(text.as_bytes().get(digits), Some(b'.' | b')')))
}

/// A line that leads into the next one rather than heading it: it ends
/// with a colon (`وأضاف الوزير:`) or a comma (`عزيزي رئيس التحرير،`).
fn introduces(text: &str) -> bool {
    text.ends_with([':', '：', '،', ','])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks<'a>(lines: &[&'a str]) -> Vec<Block<'a>> {
        let short: Vec<bool> =
            lines.iter().map(|l| super::super::text::is_short_nonsentence(&super::super::text::Line::new(l))).collect();
        arrange(lines, &short)
    }

    const P: &str = "قالت وزارة الصحة اليوم الاثنين إن عدد الإصابات ارتفع إلى مئة وعشرين حالة.";

    #[test]
    fn verse_keeps_its_lines_in_order() {
        let poem = ["يا دارُ عبلةَ بالجواءِ تكلمي", "وعِمي صباحاً دارَ عبلةَ واسلمي", "فوقفتُ فيها ناقتي وكأنها"];
        let b = blocks(&poem);
        assert_eq!(b, vec![Block::Verse(poem.to_vec())]);
        assert_eq!(markdown(&b), format!("{}\\\n{}\\\n{}\n", poem[0], poem[1], poem[2]));
        let mut with_text = vec![P];
        with_text.extend(poem);
        with_text.push(P);
        assert_eq!(blocks(&with_text), vec![Block::Paragraph(P), Block::Verse(poem.to_vec()), Block::Paragraph(P)]);
    }

    #[test]
    fn one_short_line_between_paragraphs_is_a_subheading() {
        assert_eq!(
            blocks(&[P, "أول زيارة منذ 24 عاماً", P]),
            vec![Block::Paragraph(P), Block::Heading("أول زيارة منذ 24 عاماً"), Block::Paragraph(P)]
        );
        // Above the text, at its end, introducing a quote, a list item, a
        // salutation: a paragraph.
        for lines in [
            vec!["عزيزي رئيس التحرير", P],
            vec![P, "والسلام"],
            vec![P, "وأضاف الوزير:", P],
            vec![P, "• خفض الضرائب", P],
            vec![P, "سعادة رئيس التحرير المحترم،", P],
        ] {
            assert!(blocks(&lines).iter().all(|b| matches!(b, Block::Paragraph(_))), "{lines:?}");
        }
    }

    #[test]
    fn list_items_are_paragraphs_not_verse() {
        let b = blocks(&[P, "• خفض الضرائب", "• دعم الصادرات"]);
        assert_eq!(b.len(), 3);
        assert!(b.iter().all(|b| matches!(b, Block::Paragraph(_))));
    }

    #[test]
    fn verse_lines_are_escaped_each() {
        let md = markdown(&[Block::Verse(vec!["- سطر أول", "# سطر ثان", "1. سطر ثالث"])]);
        assert_eq!(md, "\\- سطر أول\\\n\\# سطر ثان\\\n1\\. سطر ثالث\n");
    }
}
