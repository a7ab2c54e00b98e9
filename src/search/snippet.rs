//! Snippets: the words of a result's text around its best match, the
//! matched words in `<mark>` (mirrored in `search.js`).
//!
//! The text is split into words by the index's own rules and each word is
//! compared with the query's words as the index read them: a word of the
//! text is marked when one of its readings (prefix + base) is a base the
//! query matched with a prefix the index saw on it, so the snippet marks
//! exactly the forms that made the article match.

use super::spec::{same_word_key, splits, words};
use crate::markdown::escape_html;

/// Words a snippet shows.
pub const WORDS: usize = 30;
/// Words of context shown before the first match of the window.
const LEAD: usize = 8;

/// The forms of one query word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Forms {
    /// Bases the query matched, each with its accepted-prefix mask.
    Bases(Vec<(String, u32)>),
    /// A spelling (a cluster's word, or a word the index does not hold):
    /// any reading of a text word that is the same word.
    Spelling(String),
}

/// Words that mark a text when they occur one after the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matcher {
    /// Words one after the other (one word, or a phrase).
    Sequence {
        /// The query part (word or phrase) they stand for: a snippet shows
        /// as many distinct parts as it can.
        clause: usize,
        /// The forms each word of the sequence may take.
        words: Vec<Forms>,
    },
}

fn is(word: &str, forms: &Forms) -> bool {
    match forms {
        Forms::Bases(bases) => {
            splits(word).iter().any(|&(p, rest)| bases.iter().any(|(b, mask)| b == rest && mask & (1 << p) != 0))
        }
        Forms::Spelling(s) => {
            let k = same_word_key(s);
            splits(word).iter().any(|&(_, rest)| same_word_key(rest) == k)
        }
    }
}

/// The words of `text` (byte ranges) and, per word, the clauses it matches.
fn marks(text: &str, matchers: &[Matcher]) -> (Vec<(usize, usize)>, Vec<Vec<usize>>) {
    let mut folded = Vec::new();
    let mut spans = Vec::new();
    words(text, |w, s, e| {
        folded.push(w.to_string());
        spans.push((s, e));
    });
    let mut clauses: Vec<Vec<usize>> = vec![Vec::new(); folded.len()];
    for Matcher::Sequence { clause, words } in matchers {
        if words.is_empty() || words.len() > folded.len() {
            continue;
        }
        for i in 0..=folded.len() - words.len() {
            if words.iter().enumerate().all(|(o, f)| is(&folded[i + o], f)) {
                for c in &mut clauses[i..i + words.len()] {
                    if !c.contains(clause) {
                        c.push(*clause);
                    }
                }
            }
        }
    }
    (spans, clauses)
}

/// Appends `text` escaped, its line breaks as spaces.
fn push_text(out: &mut String, text: &str) {
    out.push_str(&escape_html(&text.replace('\n', " ")));
}

fn push_word(out: &mut String, word: &str, marked: bool) {
    if marked {
        out.push_str("<mark>");
    }
    push_text(out, word);
    if marked {
        out.push_str("</mark>");
    }
}

/// The snippet of `text`: the window of [`WORDS`] words with the most
/// distinct clauses matched (then the most matched words, then the
/// earliest), as HTML, with `…` where text is left out.
pub fn snippet(text: &str, matchers: &[Matcher]) -> String {
    let (spans, clauses) = marks(text, matchers);
    let n = spans.len();
    if n == 0 {
        return String::new();
    }
    let mut starts: Vec<usize> = vec![0];
    starts.extend(clauses.iter().enumerate().filter(|(_, c)| !c.is_empty()).map(|(i, _)| i.saturating_sub(LEAD)));
    let score = |s: usize| {
        let window = &clauses[s..(s + WORDS).min(n)];
        let mut distinct: Vec<usize> = window.iter().flatten().copied().collect();
        distinct.sort_unstable();
        distinct.dedup();
        (distinct.len(), window.iter().filter(|c| !c.is_empty()).count())
    };
    let mut best = 0;
    let mut best_score = score(0);
    for &s in &starts {
        let sc = score(s);
        if sc > best_score || (sc == best_score && s < best) {
            best = s;
            best_score = sc;
        }
    }
    let start = best.min(n.saturating_sub(WORDS));
    let end = (start + WORDS).min(n);
    let mut out = String::new();
    if start > 0 {
        out.push_str("… ");
    }
    for k in start..end {
        if k > start {
            push_text(&mut out, &text[spans[k - 1].1..spans[k].0]);
        }
        push_word(&mut out, &text[spans[k].0..spans[k].1], !clauses[k].is_empty());
    }
    if end < n {
        out.push_str(" …");
    }
    out
}

/// All of `text` as HTML with every matched word marked (titles).
pub fn mark_all(text: &str, matchers: &[Matcher]) -> String {
    let (spans, clauses) = marks(text, matchers);
    let mut out = String::new();
    let mut at = 0;
    for (k, &(s, e)) in spans.iter().enumerate() {
        push_text(&mut out, &text[at..s]);
        push_word(&mut out, &text[s..e], !clauses[k].is_empty());
        at = e;
    }
    push_text(&mut out, &text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bases(bs: &[(&str, &[&str])]) -> Forms {
        let p = |s: &str| super::super::spec::PREFIXES.iter().position(|x| *x == s).unwrap();
        Forms::Bases(bs.iter().map(|(b, ps)| (b.to_string(), ps.iter().fold(0, |m, x| m | (1 << p(x))))).collect())
    }

    #[test]
    fn marks_the_forms_the_index_accepted() {
        let m = vec![Matcher::Sequence { clause: 0, words: vec![bases(&[("قاهره", &["ال", "بال"])])] }];
        let html = mark_all("زار القاهرة ثم عاد بالقاهرة وقاهرة <b>", &m);
        assert_eq!(html, "زار <mark>القاهرة</mark> ثم عاد <mark>بالقاهرة</mark> وقاهرة &lt;b&gt;");
    }

    #[test]
    fn the_window_holds_the_most_clauses() {
        let filler = "كلمة ".repeat(50);
        let text = format!("{filler}بوتين هنا {filler}بوتين وكيم معا {filler}");
        let m = vec![
            Matcher::Sequence { clause: 0, words: vec![bases(&[("بوتين", &[""])])] },
            Matcher::Sequence { clause: 1, words: vec![bases(&[("كيم", &["و"])])] },
        ];
        let s = snippet(&text, &m);
        assert!(s.starts_with("… ") && s.ends_with(" …"), "{s}");
        assert!(s.contains("<mark>بوتين</mark> <mark>وكيم</mark> معا"), "{s}");
        assert_eq!(s.matches("<mark>").count(), 2);
        assert_eq!(snippet("", &m), "");
        let short = snippet("نص قصير بلا تطابق", &m);
        assert_eq!(short, "نص قصير بلا تطابق");
    }

    #[test]
    fn phrases_mark_only_whole_runs() {
        let m = vec![Matcher::Sequence {
            clause: 0,
            words: vec![bases(&[("كوريا", &[""])]), bases(&[("شماليه", &["ال"])])],
        }];
        assert_eq!(mark_all("كوريا الجنوبية وكوريا الشمالية", &m), "كوريا الجنوبية وكوريا الشمالية");
        assert_eq!(mark_all("كوريا الشمالية", &m), "<mark>كوريا</mark> <mark>الشمالية</mark>");
    }
}
