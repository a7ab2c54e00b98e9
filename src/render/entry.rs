//! An article as templates see it: the fields of its `ArticleSummary` plus
//! HTML fragments rendered once per article.
//!
//! An article is shown in many places: its own page, the home page, the
//! pages of each of its tags, its month and year archives, the related lists
//! of other articles. Its date line, tag list, card and list item look the
//! same everywhere, so each is rendered once (from the theme's fragment
//! templates) and spliced into every page as ready HTML.

use super::context::ArticleSummary;
use super::fields::Fields;
use crate::content::body::{Body, Store};
use crate::site::Link;
use minijinja::value::{Enumerator, Object, Value};
use std::sync::Arc;

/// Per-article fragments: (field name, template), in rendering order. Each
/// template sees `a` with the fragments before it (card.html shows `a.meta`).
pub const FRAGMENTS: [(&str, &str); 4] =
    [("meta", "meta.html"), ("tag_list", "tag-list.html"), ("card", "card.html"), ("item", "item.html")];

/// The names of an article's own fields (those of its [`ArticleSummary`]),
/// in the order templates enumerate them.
const OWN: [&str; 15] = [
    "url",
    "title",
    "draft",
    "date",
    "date_iso",
    "date_hijri",
    "updated",
    "updated_iso",
    "source",
    "author",
    "dateline",
    "author_url",
    "source_url",
    "summary",
    "tags",
];

/// An article as templates see it: its own fields, then what the renderer
/// adds (its fragments; on its own page, the content and the rest).
///
/// Every article's entry is kept until the last page is written, so a
/// large archive holds hundreds of thousands of them (at 300,000 articles
/// they were 1.2 GiB, the largest part of the peak). The own fields are
/// therefore kept packed, their texts in one string, and made into values
/// only when a template asks for one: the fragments, the only fields the
/// default theme's lists show, are rendered once, early.
#[derive(Debug, Clone)]
pub struct Entry {
    own: Arc<Own>,
    added: Fields,
    /// The fragments, when they were moved to the body file ([`Entry::spill`]).
    spilled: Option<Arc<Spilled>>,
}

/// The [`FRAGMENTS`] of an entry, one after another in the body file.
#[derive(Debug)]
struct Spilled {
    html: Body,
    /// Where each fragment ends in `html`.
    ends: [u32; FRAGMENTS.len()],
}

impl Entry {
    /// The entry of an article with nothing added yet.
    pub fn new(a: ArticleSummary) -> Entry {
        Entry { own: Arc::new(Own::new(a)), added: Fields::new(), spilled: None }
    }

    /// The entry with its fragments and its own fields' texts moved to
    /// `store`, the file of a large archive's bodies, and read back each
    /// time a template shows one. The fragments were the largest part of
    /// what the entries hold (some 2 KB of an article's 2.7 KB), the
    /// texts most of the rest (0.6 KB: the summary, title, URLs), and
    /// every entry is kept until the last page is written: 2.6 GiB at a
    /// million articles. An entry holding anything else, or one that the
    /// store cannot take, stays as it is.
    pub fn spill(self, store: &Arc<Store>) -> Entry {
        if self.spilled.is_some() || self.added.names().ne(FRAGMENTS.iter().map(|(name, _)| *name)) {
            return self;
        }
        let mut html = String::new();
        let mut ends = [0u32; FRAGMENTS.len()];
        for ((name, _), end) in FRAGMENTS.iter().zip(&mut ends) {
            match self.added.get(name).as_ref().and_then(Value::as_str) {
                Some(fragment) => html.push_str(fragment),
                None => return self,
            }
            *end = html.len() as u32;
        }
        let (Ok(html), Ok(text)) = (store.keep(&html), store.keep(&self.own.text.text())) else { return self };
        let own = Own { text, ends: self.own.ends.clone(), present: self.own.present, draft: self.own.draft };
        Entry { own: Arc::new(own), added: Fields::new(), spilled: Some(Arc::new(Spilled { html, ends })) }
    }

    /// The entry with what [`Entry::spill`] moved to the body file read
    /// back into memory, for a page that shows many of its fields (the
    /// article's own page): two reads, not one a field.
    pub fn held(self) -> Entry {
        let Some(spilled) = &self.spilled else { return self };
        let html = spilled.html.text();
        let mut added = Fields::new();
        let mut start = 0;
        for ((name, _), &end) in FRAGMENTS.iter().zip(&spilled.ends) {
            added.push(name, Value::from_safe_string(html.get(start..end as usize).unwrap_or_default().to_string()));
            start = end as usize;
        }
        for name in self.added.names() {
            added.push(name, self.added.get(name).unwrap_or_default());
        }
        let own = Own { text: Body::Held(self.own.text.text().into_owned()), ..Own::clone(&self.own) };
        Entry { own: Arc::new(own), added, spilled: None }
    }

    /// Fragment `name`, when the entry's fragments were spilled. A failed
    /// read gives an empty fragment and fails the build before anything is
    /// published (`content::body::failure`), as a body's does.
    fn spilled_fragment(&self, name: &str) -> Option<Value> {
        let spilled = self.spilled.as_ref()?;
        let k = FRAGMENTS.iter().position(|(n, _)| *n == name)?;
        let start = if k == 0 { 0 } else { spilled.ends[k - 1] as usize };
        Some(Value::from_safe_string(spilled.html.slice(start, spilled.ends[k] as usize).into_owned()))
    }

    /// Adds `name` (not one of the own fields, nor added before).
    pub fn push(&mut self, name: &'static str, value: impl Into<Value>) {
        debug_assert!(!OWN.contains(&name), "`{name}` is an article's own field");
        self.added.push(name, value);
    }

    /// The entry inside `value`, when it is one.
    pub fn of(value: &Value) -> Option<&Entry> {
        value.downcast_object_ref::<Entry>()
    }

    /// The entry as a MiniJinja value.
    pub fn into_value(self) -> Value {
        Value::from_object(self)
    }
}

impl Object for Entry {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        self.added.get(key).or_else(|| self.spilled_fragment(key)).or_else(|| self.own.get(key))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let spilled = self.spilled.iter().flat_map(|_| FRAGMENTS.iter().map(|(name, _)| *name));
        Enumerator::Values(OWN.iter().copied().chain(spilled).chain(self.added.names()).map(Value::from).collect())
    }
}

/// Texts of the own fields that are strings, in this order in `Own::text`.
const TEXTS: [&str; 13] = [
    "url",
    "title",
    "date",
    "date_iso",
    "date_hijri",
    "updated",
    "updated_iso",
    "source",
    "author",
    "dateline",
    "author_url",
    "source_url",
    "summary",
];

/// An [`ArticleSummary`] packed: every text one after another in `text`
/// (in the body file once the entry is spilled).
#[derive(Debug, Clone)]
struct Own {
    text: Body,
    /// Where each of [`TEXTS`] ends in `text`, then where each tag's name
    /// and URL end.
    ends: Box<[u32]>,
    /// Bit `k`: text `k` is there (`None` fields are not).
    present: u16,
    draft: bool,
}

impl Own {
    fn new(a: ArticleSummary) -> Own {
        let texts: [Option<&str>; 13] = [
            Some(&a.url),
            Some(&a.title),
            a.date.as_deref(),
            a.date_iso.as_deref(),
            a.date_hijri.as_deref(),
            a.updated.as_deref(),
            a.updated_iso.as_deref(),
            a.source.as_deref(),
            a.author.as_deref(),
            a.dateline.as_deref(),
            a.author_url.as_deref(),
            a.source_url.as_deref(),
            Some(&a.summary),
        ];
        let tags = a.tags.iter().flat_map(|t| [t.name.as_str(), t.url.as_str()]);
        let mut text = String::with_capacity(texts.iter().flatten().copied().chain(tags.clone()).map(str::len).sum());
        let mut ends = Vec::with_capacity(TEXTS.len() + 2 * a.tags.len());
        let mut present = 0u16;
        for (k, t) in texts.iter().enumerate() {
            if let Some(t) = t {
                present |= 1 << k;
                text.push_str(t);
            }
            ends.push(text.len() as u32);
        }
        for t in tags {
            text.push_str(t);
            ends.push(text.len() as u32);
        }
        Own { text: Body::Held(text), ends: ends.into_boxed_slice(), present, draft: a.draft }
    }

    /// Text `k` of `ends` (a field of [`TEXTS`], or a tag's name or URL).
    fn text(&self, k: usize) -> std::borrow::Cow<'_, str> {
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        self.text.slice(start, self.ends[k] as usize)
    }

    fn get(&self, key: &str) -> Option<Value> {
        match key {
            "draft" => Some(Value::from(self.draft)),
            "tags" => {
                let tags: Vec<Link> = (TEXTS.len()..self.ends.len())
                    .step_by(2)
                    .map(|k| Link { name: self.text(k).into_owned(), url: self.text(k + 1).into_owned() })
                    .collect();
                Some(Value::from_serialize(&tags))
            }
            _ => {
                let k = TEXTS.iter().position(|&t| t == key)?;
                Some(match self.present & (1 << k) {
                    0 => Value::from(()),
                    _ => Value::from(self.text(k).as_ref()),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A summary with a title and URL and nothing else.
    fn bare(title: &str, url: &str) -> ArticleSummary {
        ArticleSummary {
            title: title.into(),
            url: url.into(),
            date: None,
            date_iso: None,
            date_hijri: None,
            updated: None,
            updated_iso: None,
            source: None,
            author: None,
            dateline: None,
            author_url: None,
            source_url: None,
            tags: vec![],
            summary: String::new(),
            draft: false,
        }
    }

    #[test]
    fn fragments_and_summary_fields_are_both_visible() {
        let summary =
            ArticleSummary {
                source: Some("رويترز".into()), author: Some("رنيم حنوش".into()), ..bare("عنوان", "/x/")
            };
        let mut entry = Entry::new(summary);
        entry.push("card", Value::from_safe_string("<p>".into()));
        let env = minijinja::Environment::new();
        let out = env
            .render_str(
                "{{ a.card }}|{{ a.title }}|{{ a.url }}|{{ a.source }}|{{ a.author }}|{% if a.date is none %}undated{% endif %}|{{ a|length }}",
                minijinja::context! { a => entry.into_value() },
            )
            .unwrap();
        assert_eq!(out, "<p>|عنوان|/x/|رويترز|رنيم حنوش|undated|16");
    }

    /// Spilled fragments read back as they were written, each whole and in
    /// its place, and an entry that holds more than its fragments stays
    /// in memory.
    #[test]
    fn spilled_fragments_read_back_in_place() {
        let summary = ArticleSummary { summary: "ملخص".into(), ..bare("عنوان", "/x/") };
        let mut entry = Entry::new(summary);
        for (name, html) in
            [("meta", "<p>تاريخ</p>"), ("tag_list", ""), ("card", "<article>بطاقة</article>"), ("item", "<li>")]
        {
            entry.push(name, Value::from_safe_string(html.into()));
        }
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::create_in(dir.path()).unwrap());
        store.keep("a body before the fragments").unwrap();
        let spilled = entry.clone().spill(&store);
        assert!(spilled.spilled.is_some() && spilled.added.names().count() == 0);
        assert!(matches!(spilled.own.text, Body::Stored(_)), "the own fields' texts go too");
        let template = "{{ a.meta }}|{{ a.tag_list }}|{{ a.card }}|{{ a.item }}|{{ a.summary }}|{% for k in a %}{{ k }},{% endfor %}";
        let env = minijinja::Environment::new();
        let render = |e: Entry| env.render_str(template, minijinja::context! { a => e.into_value() }).unwrap();
        let mut page = spilled.clone();
        page.push("content", "<p>نص</p>");
        let mut held_page = entry.clone();
        held_page.push("content", "<p>نص</p>");
        assert_eq!(render(spilled.clone()), render(entry.clone()));
        assert_eq!(render(page), render(held_page.clone()));
        // Read back whole for an article's own page: the same fields.
        let back = spilled.held();
        assert!(back.spilled.is_none() && matches!(back.own.text, Body::Held(_)));
        let mut back_page = back.clone();
        back_page.push("content", "<p>نص</p>");
        assert_eq!(render(back), render(entry.clone()));
        assert_eq!(render(back_page), render(held_page.clone()));
        assert!(render(entry).starts_with("<p>تاريخ</p>||<article>بطاقة</article>|<li>|ملخص|url,"));
        assert!(held_page.spill(&store).spilled.is_none(), "more than the fragments: kept in memory");
    }

    /// The packed fields give templates what a plain map of the summary's
    /// fields gives: each value, `none` for what is missing, the tags as a
    /// list of maps, in the same order.
    #[test]
    fn packed_fields_are_the_summary_fields() {
        let summary = ArticleSummary {
            title: "قمة بين Kim Jong Un وبوتين".into(),
            url: "/2023/09/قمة/".into(),
            date: Some("14 سبتمبر 2023".into()),
            date_iso: Some("2023-09-14".into()),
            date_hijri: None,
            updated: Some("15 سبتمبر 2023".into()),
            updated_iso: Some("2023-09-15".into()),
            source: Some("رويترز".into()),
            author: None,
            dateline: Some("".into()),
            author_url: None,
            source_url: Some("/sources/رويترز/".into()),
            tags: vec![
                Link { name: "كيم جونغ أون".into(), url: "/tags/كيم-جونغ-أون/".into() },
                Link { name: "روسيا".into(), url: "/tags/روسيا/".into() },
            ],
            summary: "التقى الزعيمان في <قاعدة> فوستوتشني.".into(),
            draft: true,
        };
        let plain = minijinja::value::Value::from_serialize(&summary);
        let mut entry = Entry::new(summary);
        entry.push("card", Value::from_safe_string("<article>".into()));
        let template =
            "{% for k in a %}{{ k }}={{ a[k] }}/{{ a[k] is none }}/{{ a[k]|length if a[k] is string }};{% endfor %}\
                        {% for t in a.tags %}{{ t.name }} {{ t.url }};{% endfor %}{{ a.missing is undefined }}";
        let env = minijinja::Environment::new();
        let packed = env.render_str(template, minijinja::context! { a => entry.into_value() }).unwrap();
        let expected = env.render_str(template, minijinja::context! { a => plain }).unwrap();
        // The plain map lists its keys in the struct's order and has no card.
        let order = |out: &str| {
            let mut parts: Vec<String> = out.split(';').map(str::to_string).collect();
            parts.sort();
            parts
        };
        let mut want = order(&expected);
        want.push("card=<article>/False/9".to_string());
        want.sort();
        assert_eq!(order(&packed), want);
        assert!(packed.starts_with("url=/2023/09/قمة//False/13;title="), "own fields first, in their order: {packed}");
    }
}
