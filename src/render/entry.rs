//! An article as templates see it: the fields of its `ArticleSummary` plus
//! HTML fragments rendered once per article.
//!
//! An article is shown in many places: its own page, the home page, the
//! pages of each of its tags, its month and year archives, the related lists
//! of other articles. Its date line, tag list, card and list item look the
//! same everywhere, so each is rendered once (from the theme's fragment
//! templates) and spliced into every page as ready HTML.

use super::context::ArticleSummary;
use minijinja::value::{Enumerator, Object, Value};
use std::sync::Arc;

/// Per-article fragments: (field name, template), in rendering order. Each
/// template sees `a` with the fragments before it (card.html shows `a.meta`).
pub const FRAGMENTS: [(&str, &str); 4] =
    [("meta", "meta.html"), ("tag_list", "tag-list.html"), ("card", "card.html"), ("item", "item.html")];

#[derive(Debug, Clone)]
pub struct ArticleEntry {
    /// Field name -> value: the summary's fields, then the fragments (safe
    /// HTML) as they are rendered. A short list searched in order is faster
    /// than a map for a dozen keys, and one lookup serves every field.
    fields: Vec<(&'static str, Value)>,
}

impl ArticleEntry {
    pub fn new(a: ArticleSummary) -> ArticleEntry {
        let fields = vec![
            ("url", Value::from(a.url)),
            ("title", Value::from(a.title)),
            ("draft", Value::from(a.draft)),
            ("date", Value::from(a.date)),
            ("date_iso", Value::from(a.date_iso)),
            ("source", Value::from(a.source)),
            ("summary", Value::from(a.summary)),
            ("tags", Value::from_serialize(&a.tags)),
        ];
        ArticleEntry { fields }
    }

    /// Adds a rendered fragment under `name`.
    pub fn push_fragment(&mut self, name: &'static str, html: Value) {
        self.fields.push((name, html));
    }
}

impl Object for ArticleEntry {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        self.fields.iter().find(|(name, _)| *name == key).map(|(_, value)| value.clone())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.fields.iter().map(|(name, _)| Value::from(*name)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_and_summary_fields_are_both_visible() {
        let summary = ArticleSummary {
            title: "عنوان".into(),
            url: "/x/".into(),
            date: None,
            date_iso: None,
            source: Some("رويترز".into()),
            tags: vec![],
            summary: String::new(),
            draft: false,
        };
        let mut entry = ArticleEntry::new(summary);
        entry.push_fragment("card", Value::from_safe_string("<p>".into()));
        let env = minijinja::Environment::new();
        let out = env
            .render_str(
                "{{ a.card }}|{{ a.title }}|{{ a.url }}|{{ a.source }}|{% if a.date is none %}undated{% endif %}|{{ a|length }}",
                minijinja::context! { a => Value::from_object(entry) },
            )
            .unwrap();
        assert_eq!(out, "<p>|عنوان|/x/|رويترز|undated|9");
    }
}
