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
use serde_json::{json, Value};

/// `value` as JSON for a `<script type="application/ld+json">` element:
/// `<`, `>` and `&` written as `\u003c`… so no text (a title holding
/// `</script>`) can end the element, as HTML-safe JSON. Written here rather
/// than with the `tojson` filter, which walked a template value built from
/// it: a third of the metadata's cost per article page.
pub fn script_json(value: &Value) -> String {
    let json = serde_json::to_string(value).expect("JSON values always serialize");
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

fn organization(name: &str) -> Value {
    json!({ "@type": "Organization", "name": name })
}

/// The site as the publisher of its articles.
fn publisher(site: &Site) -> Value {
    let mut org = json!({ "@type": "Organization", "name": site.config.title, "url": site.config.base_url });
    if let Some(image) = site_image(site) {
        org["logo"] = json!({ "@type": "ImageObject", "url": image });
    }
    org
}

/// `NewsArticle` of article `i`. No `description`: the page's
/// `<meta name="description">` and `og:description` already carry the
/// summary, and a third copy was a twentieth of every article page.
pub fn article_ld(site: &Site, i: usize) -> Value {
    let a = &site.articles[i];
    let url = site.config.absolute_url(site.article_url(i));
    // The byline's writer; else the papers that printed it; else the site.
    let author = match &a.author {
        Some(name) => vec![json!({ "@type": "Person", "name": name })],
        None => {
            let papers: Vec<Value> = sources_of(a).into_iter().map(organization).collect();
            if papers.is_empty() {
                vec![organization(&site.config.title)]
            } else {
                papers
            }
        }
    };
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": site.config.language,
        "author": author,
        "publisher": publisher(site),
        "keywords": site.topics.article_tags[i].iter().map(|&t| site.topics.tags[t].name.as_str()).collect::<Vec<_>>(),
    });
    if let Some(date) = a.date {
        ld["datePublished"] = json!(date.to_rfc3339());
        ld["dateModified"] = json!(a.modified().unwrap_or(date).to_rfc3339());
    }
    let sources = sources_of(a);
    if !sources.is_empty() {
        ld["sourceOrganization"] = Value::Array(sources.into_iter().map(organization).collect());
    }
    if let Some(place) = &a.dateline {
        ld["locationCreated"] = json!({ "@type": "Place", "name": place });
    }
    if let Some(image) = site_image(site) {
        ld["image"] = json!([image]);
    }
    ld
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

    #[test]
    fn og_locales() {
        assert_eq!(og_locale("ar"), "ar_AR");
        assert_eq!(og_locale("ar-EG"), "ar_EG");
        assert_eq!(og_locale("fa"), "fa_FA");
    }
}
