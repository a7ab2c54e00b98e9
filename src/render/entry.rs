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
use minijinja::value::Value;

/// Per-article fragments: (field name, template), in rendering order. Each
/// template sees `a` with the fragments before it (card.html shows `a.meta`).
pub const FRAGMENTS: [(&str, &str); 4] =
    [("meta", "meta.html"), ("tag_list", "tag-list.html"), ("card", "card.html"), ("item", "item.html")];

/// An article's own fields (those of its `ArticleSummary`); the renderer
/// adds the fragments as they are rendered.
pub fn article_fields(a: ArticleSummary) -> Fields {
    Fields::new()
        .with("url", a.url)
        .with("title", a.title)
        .with("draft", a.draft)
        .with("date", a.date)
        .with("date_iso", a.date_iso)
        .with("date_hijri", a.date_hijri)
        .with("updated", a.updated)
        .with("updated_iso", a.updated_iso)
        .with("source", a.source)
        .with("author", a.author)
        .with("dateline", a.dateline)
        .with("author_url", a.author_url)
        .with("source_url", a.source_url)
        .with("summary", a.summary)
        .with("tags", Value::from_serialize(&a.tags))
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
            date_hijri: None,
            updated: None,
            updated_iso: None,
            source: Some("رويترز".into()),
            author: Some("رنيم حنوش".into()),
            dateline: None,
            author_url: None,
            source_url: None,
            tags: vec![],
            summary: String::new(),
            draft: false,
        };
        let mut entry = article_fields(summary);
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
}
