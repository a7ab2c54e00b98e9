//! An article as templates see it: the fields of its `ArticleSummary` plus
//! HTML fragments rendered once per article.
//!
//! An article is shown in many places: its own page, the home page, the
//! pages of each of its tags, its month and year archives, the related lists
//! of other articles. Its date line, tag list, card and list item look the
//! same everywhere, so each is rendered once (from the theme's fragment
//! templates) and spliced into every page as ready HTML.

use minijinja::value::{Enumerator, Object, Value};
use std::sync::Arc;

/// Per-article fragments: (field name, template), in rendering order. Each
/// template sees `a` with the fragments before it (card.html shows `a.meta`).
pub const FRAGMENTS: [(&str, &str); 4] =
    [("meta", "meta.html"), ("tag_list", "tag-list.html"), ("card", "card.html"), ("item", "item.html")];

#[derive(Debug, Clone)]
pub struct ArticleEntry {
    /// The `ArticleSummary`, serialized.
    pub summary: Value,
    /// Rendered fragments, safe HTML, by field name.
    pub fragments: Vec<(&'static str, Value)>,
}

impl Object for ArticleEntry {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        match self.fragments.iter().find(|(name, _)| *name == key) {
            Some((_, html)) => Some(html.clone()),
            None => self.summary.get_attr(key).ok().filter(|v| !v.is_undefined()),
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let mut keys: Vec<Value> = self.fragments.iter().map(|(name, _)| Value::from(*name)).collect();
        if let Ok(fields) = self.summary.try_iter() {
            keys.extend(fields);
        }
        Enumerator::Values(keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_and_summary_fields_are_both_visible() {
        let summary = Value::from_serialize(std::collections::BTreeMap::from([("title", "عنوان"), ("url", "/x/")]));
        let entry = ArticleEntry { summary, fragments: vec![("card", Value::from_safe_string("<p>".into()))] };
        let env = minijinja::Environment::new();
        let out = env
            .render_str(
                "{{ a.card }}|{{ a.title }}|{{ a.url }}|{{ a|length }}",
                minijinja::context! { a => Value::from_object(entry) },
            )
            .unwrap();
        assert_eq!(out, "<p>|عنوان|/x/|3");
    }
}
