//! Every article's plain-text summary ([`super::context::summary_text`]),
//! which lists, cards and feeds show: made once per build, kept until the
//! last page is written.
//!
//! Forty words of Arabic are some 450 bytes: as a `String` each, a million
//! articles' summaries were 0.5 GB through the whole rendering. They are
//! kept end to end, a run of articles per string, and in a large archive
//! (as its list entries' fragments, above
//! `content::body::fragments_held_up_to`) those strings go to the body
//! file, each summary read back with one read when a page shows it.

use crate::content::body::{Body, Store};
use crate::site::Site;
use rayon::prelude::*;
use std::borrow::Cow;
use std::sync::Arc;

/// Summaries per run: one string (or one place in the body file) each.
const RUN: usize = 4096;

/// The summaries of a site's articles, by article index.
#[derive(Clone, Default)]
pub struct Summaries {
    /// Runs of [`RUN`] summaries end to end (the last run shorter).
    runs: Vec<Body>,
    /// Where each article's summary ends in its run.
    ends: Vec<usize>,
}

impl Summaries {
    /// The summaries of `site`'s articles, made a run at a time in
    /// parallel; each run goes to `store` as it is made, when given.
    pub fn of_site(site: &Site, store: Option<&Arc<Store>>) -> Summaries {
        let runs: Vec<(Body, Vec<usize>)> = (0..site.articles.len().div_ceil(RUN))
            .into_par_iter()
            .map(|r| {
                let run =
                    (r * RUN..site.articles.len().min((r + 1) * RUN)).map(|i| super::context::summary_text(site, i));
                let (text, ends) = end_to_end(run);
                (keep(text, store), ends)
            })
            .collect();
        Summaries::from_runs(runs)
    }

    /// Summaries made already (the preview server keeps them from one
    /// rebuild to the next), held.
    pub fn from_texts(texts: &[String]) -> Summaries {
        Summaries::from_runs(
            texts
                .chunks(RUN)
                .map(|run| {
                    let (text, ends) = end_to_end(run.iter().map(String::as_str));
                    (Body::Held(text), ends)
                })
                .collect(),
        )
    }

    fn from_runs(runs: Vec<(Body, Vec<usize>)>) -> Summaries {
        let mut summaries = Summaries { runs: Vec::with_capacity(runs.len()), ends: Vec::new() };
        for (body, ends) in runs {
            summaries.runs.push(body);
            summaries.ends.extend(ends);
        }
        summaries
    }

    /// Article `i`'s summary (read back from the body file when kept there;
    /// a failed read gives an empty one and fails the build before anything
    /// is published, as a body's does).
    pub fn get(&self, i: usize) -> Cow<'_, str> {
        let start = if i.is_multiple_of(RUN) { 0 } else { self.ends[i - 1] };
        self.runs[i / RUN].slice(start, self.ends[i])
    }

    /// How many articles there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Texts end to end, and where each ends.
fn end_to_end<S: AsRef<str>>(texts: impl Iterator<Item = S>) -> (String, Vec<usize>) {
    let mut text = String::new();
    let mut ends = Vec::new();
    for t in texts {
        text.push_str(t.as_ref());
        ends.push(text.len());
    }
    text.shrink_to_fit();
    (text, ends)
}

/// `text` moved to `store` when there is one and it takes it.
fn keep(text: String, store: Option<&Arc<Store>>) -> Body {
    match store.map(|store| store.keep(&text)) {
        Some(Ok(kept)) => kept,
        _ => Body::Held(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_summary_reads_back_held_or_stored() {
        let texts: Vec<String> =
            (0..RUN * 2 + 7).map(|i| if i % 5 == 0 { String::new() } else { format!("ملخص {i} …") }).collect();
        let held = Summaries::from_texts(&texts);
        let store = Arc::new(Store::create_in(&std::env::temp_dir()).unwrap());
        let runs = texts
            .chunks(RUN)
            .map(|run| {
                let (text, ends) = end_to_end(run.iter());
                (keep(text, Some(&store)), ends)
            })
            .collect();
        let stored = Summaries::from_runs(runs);
        assert!(matches!(stored.runs[0], Body::Stored(_)));
        assert_eq!((held.len(), stored.len()), (texts.len(), texts.len()));
        for (i, t) in texts.iter().enumerate() {
            assert_eq!(held.get(i), t.as_str(), "held {i}");
            assert_eq!(stored.get(i), t.as_str(), "stored {i}");
        }
        assert!(Summaries::from_texts(&[]).is_empty());
    }
}
