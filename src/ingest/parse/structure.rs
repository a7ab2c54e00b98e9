//! Line classification: which line is the title, which are metadata, which
//! are debris, and which are the article's text.
//!
//! The rule is that a line goes only when it has a known shape of page
//! furniture or metadata; everything else is the article. Passes, in order
//! (each sees only what the previous ones left):
//! 1. position-free kinds: cut markers (at the first one that follows
//!    article text or a source or keyword line, the rest of the file goes: a
//!    second article or a list of headlines follows; a marker above all of
//!    them is only dropped, so page navigation printed first cannot swallow
//!    the article), debris markers,
//!    source/keyword lines, photo captions, date lines;
//! 2. the title: the first line left; when it reads like a lead sentence the
//!    file had no title line, so one is made from the first sentence and the
//!    line stays in the body;
//! 3. the title printed again right under itself; the byline slot,
//!    between the title and the first paragraph: the first
//!    byline there gives the author and the place ([`super::byline`]); a
//!    single stray line between the title and the date line or byline
//!    (a headline of another article, a section name) goes with them;
//! 4. position-dependent kinds: closing credits,
//!    captions (kept when an Arabic credit ends a line inside the text:
//!    that is a sentence quoting a source);
//! 5. what is left is the text, assembled by [`super::blocks`]:
//!    paragraphs, subheadings and verse.

use super::blocks::{self, Block};
use super::byline::{byline, Byline};
use super::dates::{date_line, DateLine};
use super::debris::{caption_credit, Markers};
use super::keywords::keywords;
use super::source::{closing_credit, meta_line, Meta};
use super::text::{ends_sentence, is_paragraph_like, is_short_nonsentence, Line};
use super::Parsed;
use crate::config::IngestConfig;
use crate::date::PubDate;
use crate::error::Error;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Unset,
    /// Page furniture or metadata.
    Drop,
    /// A source or keyword line.
    Meta,
    /// A publication date line.
    Date,
    /// The byline.
    Byline,
    Caption(bool),
    Title,
    /// Article text (a paragraph, a subheading or a line of verse).
    Text,
}

/// Words of a made-up title.
const TITLE_WORDS: usize = 12;
/// A first line longer than this is a lead sentence, not a headline
/// (the longest headlines of the real archives have some 25 words).
const LEAD_WORDS: usize = 30;

/// Classifies `raw` (non-empty, trimmed lines) and assembles the article.
pub(super) fn assemble(raw: &[&str], config: &IngestConfig) -> Result<Parsed, Error> {
    let Keyed { lines, mut kinds, metas, dates } = key_lines(raw, &Markers::new(config));
    let (t, title, warnings) = take_title(&lines, &mut kinds)?;
    let (found, first_text) = header(&lines, &mut kinds, t, &super::text::loose(&title));
    let closing = settle(&lines, &mut kinds, first_text);
    let found = name_alone_as_text(&lines, &mut kinds, found);

    // 5. The text.
    let text_lines: Vec<&str> =
        lines.iter().zip(&kinds).filter(|(_, k)| **k == Kind::Text).map(|(l, _)| l.text).collect();
    let short: Vec<bool> =
        lines.iter().zip(&kinds).filter(|(_, k)| **k == Kind::Text).map(|(l, _)| is_short_nonsentence(l)).collect();
    if text_lines.is_empty() {
        return Err(Error::new(
            "no article text: after the title there is only page furniture and metadata (dates, source and \
             keyword lines, bylines, captions); check that the file holds the article, or remove it from the inbox",
        ));
    }
    let body_blocks: Vec<Block> = blocks::arrange(&text_lines, &short);
    let body = blocks::markdown(&body_blocks);
    let mut texts: Vec<&str> = vec![&title];
    texts.extend(text_lines.iter().map(|t| super::debris::strip_trailing_advert(t)));

    let date = publication_date(&dates);
    let byline = found.map(|(_, b)| b).unwrap_or_default();
    let source = source(&metas, closing, byline.credit);
    let fields: Vec<String> = metas.into_iter().flat_map(|m| m.keywords).collect();
    let keywords = keywords(&fields, &texts);

    Ok(Parsed { title, date, source, author: byline.author, dateline: byline.place, keywords, body, warnings })
}

/// The lines pass 1 reached, with their kinds so far, and the metadata and
/// date lines found on the way.
struct Keyed<'a> {
    lines: Vec<Line<'a>>,
    kinds: Vec<Kind>,
    metas: Vec<Meta>,
    dates: Vec<DateLine>,
}

/// Pass 1: position-free kinds, and the cut. Lines are keyed as the pass reaches
/// them: what follows the cut (often a whole second article) is never
/// keyed, so nothing of it can leak into the later passes.
fn key_lines<'a>(raw: &[&'a str], markers: &Markers) -> Keyed<'a> {
    let mut lines: Vec<Line> = Vec::with_capacity(raw.len());
    let mut kinds: Vec<Kind> = Vec::with_capacity(raw.len());
    let mut metas: Vec<Meta> = Vec::new();
    let mut dates: Vec<DateLine> = Vec::new();
    let mut seen_text = false;
    let mut short_lines = 0;
    for (i, text) in raw.iter().enumerate() {
        let l = Line::new(text);
        let mut kind = Kind::Unset;
        if markers.is_cut(&l) {
            // After text, or after the footer's source and keyword lines
            // (an item with no text of its own, then `اقرأ أيضاً` and
            // another article): the rest goes.
            if seen_text || !metas.is_empty() {
                break;
            }
            kind = Kind::Drop;
        } else if markers.is_debris(&l) {
            kind = Kind::Drop;
        } else if let Some(m) = meta_line(&l) {
            metas.push(m);
            kind = Kind::Meta;
        } else if let Some(strong) = caption_credit(&l).filter(|&strong| strong || !is_dateline(&l)) {
            kind = Kind::Caption(strong);
        } else if let Some(d) = date_line(&l) {
            dates.push(d);
            kind = Kind::Date;
        } else if i > 0 && lines.first().is_some_and(|first: &Line| first.loose != l.loose) {
            // Article text seen: a paragraph, or two short lines (verse)
            // that are not a byline.
            if is_paragraph_like(&l) {
                seen_text = true;
            } else if byline(&l).is_none() {
                short_lines += 1;
                seen_text |= short_lines >= 2;
            }
        }
        lines.push(l);
        kinds.push(kind);
    }
    Keyed { lines, kinds, metas, dates }
}

/// Pass 2, the title: (its line, the title, warnings). The first line left is
/// the title, unless it reads like a lead sentence: then the file had no
/// title line, the line stays text and a title is made from it.
fn take_title(lines: &[Line], kinds: &mut [Kind]) -> Result<(usize, String, Vec<String>), Error> {
    let mut warnings = Vec::new();
    let Some(t) = kinds.iter().position(|k| *k == Kind::Unset) else {
        return Err(Error::new(
            "nothing is left of the text once page debris, captions and metadata are removed: \
             check that the file holds an article",
        ));
    };
    let title = if looks_like_lead(&lines[t]) {
        warnings.push(
            "the file has no title line: the title was made from the first sentence; check it in the front matter"
                .to_string(),
        );
        kinds[t] = Kind::Text;
        title_from_sentence(lines[t].text)
    } else {
        kinds[t] = Kind::Title;
        lines[t].text.to_string()
    };
    Ok((t, title, warnings))
}

/// Pass 3: the header under the title line `t`: the byline (its line and what
/// it says) and the first line of text. Where the text starts matters to
/// pass 4, which drops a caption above it and keeps one inside it.
fn header(lines: &[Line], kinds: &mut [Kind], t: usize, title_loose: &str) -> (Option<(usize, Byline)>, usize) {
    let mut found: Option<(usize, Byline)> = None;
    let mut first_text = lines.len();
    let mut stray: Option<usize> = None;
    // A stray line above a date line or byline, dropped once text follows.
    let mut header_stray: Option<usize> = None;
    // The title printed again right under itself (seed 004) goes; further
    // down, a line that repeats the title is text (a poem titled by one of
    // its lines).
    let mut under_title = true;
    for i in t + 1..lines.len() {
        let again = under_title && kinds[i] == Kind::Unset && lines[i].loose == title_loose;
        under_title &= kinds[i] == Kind::Drop || again;
        match kinds[i] {
            Kind::Unset if again => kinds[i] = Kind::Drop,
            Kind::Unset => {
                if let Some(b) = found.is_none().then(|| byline(&lines[i])).flatten() {
                    found = Some((i, b));
                    kinds[i] = Kind::Byline;
                    header_stray = stray.take().or(header_stray);
                } else if is_paragraph_like(&lines[i]) {
                    first_text = i;
                    break;
                } else if let Some(s) = stray {
                    // Two short lines: the text starts there (verse, a
                    // kicker and a subtitle …).
                    first_text = s;
                    break;
                } else {
                    stray = Some(i);
                }
            }
            Kind::Date => header_stray = stray.take().or(header_stray),
            _ => {}
        }
    }
    match stray {
        Some(s) => first_text = first_text.min(s),
        None => {
            if let Some(h) = header_stray.filter(|_| first_text < lines.len()) {
                kinds[h] = Kind::Drop;
            }
        }
    }
    (found, first_text)
}

/// Pass 4: position-dependent kinds: every line is settled, and the first
/// closing credit is returned (a source when the file has no source line).
/// A caption printed twice is furniture wherever it is.
fn settle(lines: &[Line], kinds: &mut [Kind], first_text: usize) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in lines {
        *counts.entry(l.loose.as_str()).or_default() += 1;
    }
    let mut closing = None;
    for (i, l) in lines.iter().enumerate() {
        kinds[i] = match kinds[i] {
            Kind::Caption(strong) => {
                if strong || counts[l.loose.as_str()] > 1 || i < first_text {
                    Kind::Drop
                } else {
                    Kind::Text
                }
            }
            Kind::Unset => match closing_credit(l) {
                Some(c) => {
                    closing.get_or_insert(c);
                    Kind::Drop
                }
                None => Kind::Text,
            },
            k => k,
        };
    }
    closing
}

/// A name alone, taken for the byline, is the text when nothing else is (a
/// photo's subject, a one-line item): the byline is returned, or `None`
/// when its line became the text.
fn name_alone_as_text(lines: &[Line], kinds: &mut [Kind], found: Option<(usize, Byline)>) -> Option<(usize, Byline)> {
    if !kinds.contains(&Kind::Text) {
        if let Some((i, _)) = found.as_ref().filter(|(i, b)| b.credit.is_none() && is_bare_name(lines[*i].text)) {
            kinds[*i] = Kind::Text;
            return None;
        }
    }
    found
}

/// A publication date before an update date, else the first. No date is
/// not warned about here: what happens to an undated article is the
/// caller's policy (`[ingest] undated`), and its warning says so.
fn publication_date(dates: &[DateLine]) -> Option<PubDate> {
    dates.iter().find(|d| !d.update).or(dates.first()).map(|d| d.date)
}

/// An explicit `المصدر:` wins, then the first `المصدر …`, then a closing
/// credit, and last the agency or desk the byline names: the more explicit
/// the line, the surer it names the source and not a quoted one.
fn source(metas: &[Meta], closing: Option<String>, credit: Option<String>) -> Option<String> {
    let sources: Vec<&(String, bool)> = metas.iter().flat_map(|m| &m.sources).collect();
    sources.iter().find(|(_, colon)| *colon).or(sources.first()).map(|(s, _)| s.clone()).or(closing).or(credit)
}

/// A byline naming a place and an agency (`دبي، القدس المحتلة - أ ف ب`),
/// which ends in a credit like a caption and is not one.
fn is_dateline(line: &Line) -> bool {
    byline(line).is_some_and(|b| b.place.is_some() && b.credit.is_some())
}

/// A line without byline separators: a name alone.
fn is_bare_name(text: &str) -> bool {
    !text.contains(['-', '–', '—', ':', '(', '/', '_', '|', 'ـ'])
}

/// True when the first line is the lead sentence rather than a title: it
/// ends with a full stop (a headline never does; `..` and `!.` are a
/// headline's pauses), or is far longer than any headline.
fn looks_like_lead(line: &Line) -> bool {
    let t = line.text.trim_end_matches(['"', '”', '»', ')']);
    let stop = t.strip_suffix('.').is_some_and(|rest| !rest.ends_with(['.', '!', '؟', '?']));
    line.words > LEAD_WORDS || (ends_sentence(line.text) && stop)
}

/// A title made from the first sentence of `text`: the whole sentence when
/// short; else up to the last clause break (comma, colon) within the first
/// [`TITLE_WORDS`] words; else the first words and an ellipsis.
pub(super) fn title_from_sentence(text: &str) -> String {
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
        assert!(!looks_like_lead(&Line::new("كآبة عامة.. الخامنئي سوف يبتلع «الولي المنتظر»..!.")));
        let long = "شهادات منشقين عن داعش المتطرفة (3 - 4) : الاشتباكات الدامية مع عشيرة الشعيطات تتسبب في تخلي الكثير من مقاتلي «داعش» عن الحرب";
        assert!(!looks_like_lead(&Line::new(long)), "a long headline");
    }
}
