//! Line classification: which line is the title, which are metadata, which
//! are debris, which are paragraphs and subheadings.
//!
//! Passes, in order (each sees only what the previous ones left):
//! 1. cut at the first cut marker that follows article text (a second
//!    article or a headline list follows it; a marker above all text is only
//!    dropped, so page navigation printed first cannot swallow the article);
//! 2. position-free kinds: debris markers, source/keyword lines, photo
//!    captions, date lines;
//! 3. the title: the first line left; when it reads like a lead sentence the
//!    file had no title line, so one is made from the first sentence and the
//!    line stays in the body;
//! 4. position-dependent kinds: the title printed again, closing credits,
//!    datelines above the text, and short non-sentence lines (a subheading
//!    when article text follows and precedes it, debris otherwise).

use super::dates::{date_line, DateLine};
use super::debris::{byline, caption_credit, strip_trailing_advert, Markers};
use super::escape::escape_line;
use super::keywords::keywords;
use super::source::{closing_credit, dateline, meta_line, Meta};
use super::text::{ends_sentence, is_paragraph_like, is_short_nonsentence, Line};
use super::{ParseError, Parsed};
use crate::config::IngestConfig;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Unset,
    Drop,
    Caption(bool),
    Title,
    Body,
    Heading,
}

/// Words of a made-up title.
const TITLE_WORDS: usize = 12;

/// Classifies `lines` (non-empty, trimmed) and assembles the article.
pub fn assemble(mut lines: Vec<Line>, config: &IngestConfig) -> Result<Parsed, ParseError> {
    let markers = Markers::new(config);
    let mut kinds = vec![Kind::Unset; lines.len()];

    // 1. Cut.
    let mut seen_text = false;
    for (i, l) in lines.iter().enumerate() {
        if markers.is_cut(l) {
            if seen_text {
                kinds.truncate(i);
                break;
            }
            kinds[i] = Kind::Drop;
        } else if i > 0 && is_paragraph_like(l) {
            seen_text = true;
        }
    }
    lines.truncate(kinds.len());

    // 2. Position-free kinds.
    let mut metas: Vec<Meta> = Vec::new();
    let mut dates: Vec<DateLine> = Vec::new();
    let mut byline_hint: Option<String> = None;
    for (l, kind) in lines.iter().zip(kinds.iter_mut()) {
        if *kind != Kind::Unset {
            continue;
        }
        if markers.is_debris(l) {
            if let Some(Some(hint)) = byline(l) {
                byline_hint.get_or_insert(hint);
            }
            *kind = Kind::Drop;
        } else if let Some(m) = meta_line(l) {
            metas.push(m);
            *kind = Kind::Drop;
        } else if let Some(strong) = caption_credit(l) {
            *kind = Kind::Caption(strong);
        } else if let Some(d) = date_line(l) {
            dates.push(d);
            *kind = Kind::Drop;
        }
    }

    // 3. Title.
    let mut warnings = Vec::new();
    let Some(t) = kinds.iter().position(|k| *k == Kind::Unset) else {
        return Err(ParseError(
            "nothing is left of the text once page debris, captions and metadata are removed: \
             check that the file holds an article"
                .into(),
        ));
    };
    let title = if looks_like_lead(&lines[t]) {
        warnings.push(
            "the file has no title line: the title was made from the first sentence; check it in the front matter"
                .to_string(),
        );
        kinds[t] = Kind::Body;
        title_from_sentence(lines[t].text)
    } else {
        kinds[t] = Kind::Title;
        lines[t].text.to_string()
    };
    let title_loose = super::text::loose(&title);

    // 4. Position-dependent kinds.
    let first_text = (t..lines.len()).find(|&i| {
        matches!(kinds[i], Kind::Unset | Kind::Body) && is_paragraph_like(&lines[i]) && lines[i].loose != title_loose
    });
    let first_text = first_text.unwrap_or(lines.len());
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in &lines {
        *counts.entry(l.loose.as_str()).or_default() += 1;
    }
    let (mut closing, mut datelined) = (None, None);
    for i in 0..lines.len() {
        let l = &lines[i];
        kinds[i] = match kinds[i] {
            Kind::Caption(strong) => {
                if strong || counts[l.loose.as_str()] > 1 || i < first_text {
                    Kind::Drop
                } else {
                    Kind::Body
                }
            }
            Kind::Unset if i > t && l.loose == title_loose => Kind::Drop,
            Kind::Unset => {
                if let Some(c) = closing_credit(l) {
                    closing.get_or_insert(c);
                    Kind::Drop
                } else if let Some(d) = dateline(l).filter(|_| i < first_text) {
                    datelined.get_or_insert(d);
                    Kind::Drop
                } else if is_short_nonsentence(l) {
                    Kind::Heading // decided below, once what follows is known
                } else {
                    Kind::Body
                }
            }
            k => k,
        };
    }
    // A short line is a subheading only inside the text: article text before
    // it and right after it. Above the text or at the end it is debris.
    // Inside the text, a list item or a line introducing a quote (`وأضاف:`)
    // is text, not a heading.
    let mut next_is_text = false;
    for i in (0..lines.len()).rev() {
        match kinds[i] {
            Kind::Heading => {
                if !(next_is_text && i > first_text) {
                    kinds[i] = Kind::Drop;
                    next_is_text = false;
                } else if introduces_or_lists(lines[i].text) {
                    kinds[i] = Kind::Body;
                } else {
                    next_is_text = false;
                }
            }
            Kind::Body => next_is_text = true,
            _ => {}
        }
    }

    // Body.
    let mut body = String::new();
    let mut texts: Vec<&str> = vec![&title];
    for (l, k) in lines.iter().zip(&kinds) {
        let prefix = match k {
            Kind::Body => "",
            Kind::Heading => "## ",
            _ => continue,
        };
        let text = strip_trailing_advert(l.text);
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        body.push_str(prefix);
        body.push_str(&escape_line(text));
        texts.push(text);
    }
    if !kinds.contains(&Kind::Body) {
        return Err(ParseError(
            "no article text is left once page debris, captions and metadata are removed: \
             check that the file holds an article"
                .into(),
        ));
    }
    body.push('\n');

    // Date: a publication date before an update date, else the first.
    // No date is not warned about here: what happens to an undated article
    // is the caller's policy (`[ingest] undated`), and its warning says so.
    let date = dates.iter().find(|d| !d.update).or(dates.first()).map(|d| d.date);

    // Source: an explicit `المصدر:` wins, then the first `المصدر …`, then a
    // closing credit, a dateline, and last the byline's site name.
    let sources: Vec<&(String, bool)> = metas.iter().flat_map(|m| &m.sources).collect();
    let source = sources
        .iter()
        .find(|(_, colon)| *colon)
        .or(sources.first())
        .map(|(s, _)| s.clone())
        .or(closing)
        .or(datelined)
        .or(byline_hint);

    let fields: Vec<String> = metas.into_iter().flat_map(|m| m.keywords).collect();
    let keywords = keywords(&fields, &texts);

    Ok(Parsed { title, date, source, keywords, body, warnings })
}

/// A list item (`• …`, `- …`, `1. …`) or a line ending in a colon.
fn introduces_or_lists(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    text.ends_with([':', '：'])
        || text.starts_with(['•', '-', '–', '*', '·', '▪'])
        || (digits > 0 && matches!(text.as_bytes().get(digits), Some(b'.' | b')')))
}

/// True when the first line is the lead sentence rather than a title: it
/// ends with a full stop (a headline never does; `..` is a headline pause),
/// or is far longer than any headline.
fn looks_like_lead(line: &Line) -> bool {
    let t = line.text.trim_end_matches(['"', '”', '»', ')']);
    line.words > 20 || (ends_sentence(line.text) && t.ends_with('.') && !t.ends_with(".."))
}

/// A title made from the first sentence of `text`: the whole sentence when
/// short; else up to the last clause break (comma, colon) within the first
/// [`TITLE_WORDS`] words; else the first words and an ellipsis.
pub fn title_from_sentence(text: &str) -> String {
    let mut end = text.len();
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        let next = text[i + c.len_utf8()..].chars().next();
        if matches!(c, '.' | '!' | '?' | '؟') && prev != '.' && next.is_none_or(char::is_whitespace) {
            end = i;
            break;
        }
        prev = c;
    }
    let words: Vec<&str> = text[..end].split_whitespace().collect();
    let clean = |ws: &[&str]| ws.join(" ").trim_end_matches(['،', ',', ':', '؛', ';', '.', '-']).to_string();
    if words.len() <= TITLE_WORDS {
        return clean(&words);
    }
    let clause = (4..=TITLE_WORDS).rev().find(|&j| words[j - 1].ends_with(['،', ',', ':', '؛', ';']));
    match clause {
        Some(j) => clean(&words[..j]),
        None => format!("{}…", clean(&words[..TITLE_WORDS])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_from_the_lead_sentence() {
        let lead = "يقوم الزعيم الكوري الشمالي كيم جونج أون برحلة إلى روسيا، مواصلا رحلته بالقطار والتي استغرقت حتى الآن أسبوعًا.";
        assert_eq!(title_from_sentence(lead), "يقوم الزعيم الكوري الشمالي كيم جونج أون برحلة إلى روسيا");
        assert_eq!(title_from_sentence("ارتفعت أسعار الذهب اليوم. وقال محللون إن…"), "ارتفعت أسعار الذهب اليوم");
        let long = "واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة أحد اثنا ثلاثة عشر.";
        assert_eq!(title_from_sentence(long), "واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة أحد اثنا…");
    }

    #[test]
    fn lead_or_headline() {
        assert!(looks_like_lead(&Line::new("قالت الحكومة إنها سترفع الأجور.")));
        assert!(!looks_like_lead(&Line::new("وسط أنباء عن زيارة بوتين.. كوريا الشمالية تتباهى")));
        assert!(!looks_like_lead(&Line::new("هل يحاول زعيم كوريا الشمالية قتله؟")));
    }
}
