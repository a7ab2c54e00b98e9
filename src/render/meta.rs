//! What search engines and social networks read in a page's head: schema.org
//! JSON-LD (`NewsArticle` on article pages, `WebSite` on the home page) and
//! the OpenGraph locale.
//!
//! The JSON-LD objects are built here as plain JSON and written by the
//! templates with `tojson` (which escapes `<` and `&`, so no text of an
//! article can close the script element). Fields follow schema.org and what
//! Google's article rich results ask for: `headline`, `datePublished`,
//! `dateModified`, `author` with a name, `publisher`, `image` when the site
//! has one.

use super::Site;
use crate::site::groups::sources_of;
use serde::Serialize;
use serde_json::{json, Value};

/// `value` as JSON for a `<script type="application/ld+json">` element:
/// `<`, `>` and `&` written as `\u003c`… so no text (a title holding
/// `</script>`) can end the element, as HTML-safe JSON. Written here rather
/// than with the `tojson` filter, which walked a template value built from
/// it: a third of the metadata's cost per article page.
pub fn script_json(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).expect("JSON-LD always serializes");
    if !crate::markdown::any_byte(json.as_bytes(), |b| (b == b'<') | (b == b'>') | (b == b'&')) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    let mut copied = 0;
    for (i, b) in json.bytes().enumerate() {
        let escape = match b {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            _ => continue,
        };
        // The three are ASCII: byte offsets are character boundaries.
        out.push_str(&json[copied..i]);
        out.push_str(escape);
        copied = i + 1;
    }
    out.push_str(&json[copied..]);
    out
}

/// `og:locale` for a language tag: `ar` → `ar_AR`, `ar-EG` → `ar_EG`.
pub fn og_locale(language: &str) -> String {
    match language.split_once(['-', '_']) {
        Some((lang, region)) => format!("{}_{}", lang.to_ascii_lowercase(), region.to_ascii_uppercase()),
        None => format!("{}_{}", language.to_ascii_lowercase(), language.to_ascii_uppercase()),
    }
}

/// The site's image (`image` in site.toml) as an absolute URL, if any.
pub fn site_image(site: &Site) -> Option<String> {
    let image = site.config.image.trim();
    match image {
        "" => None,
        _ if image.contains("://") => Some(image.to_string()),
        _ => Some(site.permalink(image.trim_start_matches('/'))),
    }
}

/// The site as the publisher of its articles (made once a build: the same
/// in every article's [`article_ld`]).
pub fn publisher(site: &Site) -> Value {
    let mut org = json!({ "@type": "Organization", "name": site.config.title, "url": site.config.base_url });
    if let Some(image) = site_image(site) {
        org["logo"] = json!({ "@type": "ImageObject", "url": image });
    }
    org
}

/// A schema.org thing known by its name (`Organization`, `Person`, `Place`).
#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// `NewsArticle` JSON-LD. Written from borrowed fields rather than built as
/// a `serde_json::Value` (a map per object, a string per field): that tree
/// was about 4 % of the instructions of a 10,000-article build. Fields are in
/// the order a `Value` map writes them (sorted), so the bytes are the same.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    author: Vec<Named<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<[String; 1]>,
    in_language: &'a str,
    keywords: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location_created: Option<Named<'a>>,
    publisher: &'a Value,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    source_organization: Vec<Named<'a>>,
    url: &'a str,
}

/// `NewsArticle` of article `i`, as `script_json` writes it. No
/// `description`: the page's `<meta name="description">` and
/// `og:description` already carry the summary, and a third copy was a
/// twentieth of every article page. No `mainEntityOfPage`: it named the
/// page `url` names, a second percent-encoded URL of some 250 bytes on
/// every article page. `publisher` is the site's
/// ([`publisher`]).
pub fn article_ld(site: &Site, i: usize, publisher: &Value) -> String {
    let a = &site.articles[i];
    let url = site.config.absolute_url(&site.article_url(i));
    let organization = |name| Named { kind: "Organization", name };
    let sources = sources_of(a);
    // The byline's writer; else the papers that printed it; else the site.
    let author = match &a.author {
        Some(name) => vec![Named { kind: "Person", name }],
        None if sources.is_empty() => vec![organization(&site.config.title)],
        None => sources.iter().map(|s| organization(s)).collect(),
    };
    let ld = NewsArticle {
        context: "https://schema.org",
        kind: "NewsArticle",
        author,
        date_modified: a.date.map(|date| a.modified().unwrap_or(date).to_rfc3339()),
        date_published: a.date.map(|date| date.to_rfc3339()),
        headline: &a.title,
        image: site_image(site).map(|image| [image]),
        in_language: &site.config.language,
        keywords: site.topics.article_tags[i].iter().map(|&t| site.topics.tags[t].name.as_str()).collect(),
        location_created: a.dateline().map(|name| Named { kind: "Place", name }),
        publisher,
        source_organization: sources.iter().map(|s| organization(s)).collect(),
        url: &url,
    };
    script_json(&ld)
}

/// `WebSite` for the home page.
pub fn website_ld(site: &Site) -> Value {
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site.config.title,
        "url": site.config.base_url,
        "inLanguage": site.config.language,
        "publisher": publisher(site),
    });
    if !site.config.description.is_empty() {
        ld["description"] = json!(site.config.description);
    }
    ld
}

#[cfg(test)]
mod tests {
    use super::og_locale;

    #[test]
    fn script_json_cannot_end_its_element() {
        let v = serde_json::json!({ "headline": "a </script><b> & c" });
        let text = super::script_json(&v);
        assert_eq!(text, r#"{"headline":"a \u003c/script\u003e\u003cb\u003e \u0026 c"}"#);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), v);
    }

    /// A `serde_json::Value` writes its keys sorted: the typed JSON-LD must
    /// write them in that order too, every optional field present, so its
    /// bytes are the ones pages had when it was built as a `Value`.
    #[test]
    fn news_article_fields_are_written_in_sorted_order() {
        use super::{Named, NewsArticle};
        let publisher = serde_json::json!({ "@type": "Organization", "name": "أرشيف", "url": "https://x.org/",
            "logo": { "@type": "ImageObject", "url": "https://x.org/logo.png" } });
        let place = |name| Named { kind: "Place", name };
        let ld = NewsArticle {
            context: "https://schema.org",
            kind: "NewsArticle",
            author: vec![Named { kind: "Person", name: "محمد" }],
            date_modified: Some("2023-09-15T10:00:00+03:00".into()),
            date_published: Some("2023-09-14T00:00:00Z".into()),
            headline: "خبر",
            image: Some(["https://x.org/logo.png".into()]),
            in_language: "ar",
            keywords: vec!["روسيا"],
            location_created: Some(place("الرياض")),
            publisher: &publisher,
            source_organization: vec![Named { kind: "Organization", name: "عكاظ" }],
            url: "https://x.org/a/",
        };
        let text = super::script_json(&ld);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value.as_object().unwrap().len(), 13, "{text}");
        assert_eq!(serde_json::to_string(&value).unwrap(), text);
    }

    #[test]
    fn og_locales() {
        assert_eq!(og_locale("ar"), "ar_AR");
        assert_eq!(og_locale("ar-EG"), "ar_EG");
        assert_eq!(og_locale("fa"), "fa_FA");
    }
}
