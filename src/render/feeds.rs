//! Atom feeds (RFC 4287), written directly:
//! their formats are small and fixed, and building them by hand keeps the
//! output byte-for-byte deterministic.

use crate::markdown::escape_html;
use crate::site::Site;
use std::fmt::Write as _;

/// `updated` of an empty feed: a fixed instant, never the clock.
const EPOCH: &str = "1970-01-01T00:00:00Z";

/// One Atom feed to write: its title, entries and where it goes.
pub struct FeedSpec<'a> {
    /// The feed's `<title>`.
    pub title: String,
    /// What each entry carries.
    pub carries: Carries<'a>,
    /// Output path of the feed (`atom.xml`, `tags/x/atom.xml`).
    pub path: String,
    /// Output path of the HTML page the feed mirrors.
    pub alternate: String,
    /// The feed's articles (indexes into `site.articles`), newest first.
    pub entries: &'a [usize],
}

/// What a feed's entries carry besides the title and link.
pub enum Carries<'a> {
    /// The whole article, as HTML appended by the function (made safe for
    /// a CDATA section by `push_cdata_safe`). The site feed carries this.
    Content(&'a dyn Fn(usize, &mut String)),
    /// Article `i`'s plain-text summary, `summaries[i]` (as in lists), and
    /// no body: the feeds of tags, writers and papers. A feed reader shows
    /// the summary and opens the article at the entry's link; carrying every
    /// body in every list's feed was a tenth of the output's bytes (each
    /// article sits in three to eight such feeds at once).
    Summary(&'a super::summaries::Summaries),
}

/// Renders one Atom feed.
pub fn atom(site: &Site, spec: &FeedSpec<'_>) -> String {
    let c = &site.config;
    let self_url = site.permalink(&spec.path);
    let updated = spec
        .entries
        .iter()
        .filter_map(|&i| site.articles[i].modified())
        .max()
        .map(|d| d.to_rfc3339())
        .unwrap_or_else(|| EPOCH.to_string());
    let per_entry = match spec.carries {
        Carries::Content(_) => 16 * 1024,
        Carries::Summary(_) => 2 * 1024,
    };
    let mut out = String::with_capacity(1024 + spec.entries.len() * per_entry);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(out, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", escape_html(&c.language));
    let _ = writeln!(out, "  <title>{}</title>", escape_html(&spec.title));
    if !c.description.is_empty() {
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", escape_html(&c.description));
    }
    let _ = writeln!(out, "  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>", escape_html(&self_url));
    let _ = writeln!(
        out,
        "  <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>",
        escape_html(&site.permalink(&spec.alternate))
    );
    let _ = writeln!(out, "  <id>{}</id>", escape_html(&self_url));
    let _ = writeln!(out, "  <updated>{updated}</updated>");
    let author = if c.author.is_empty() { &c.title } else { &c.author };
    let _ = writeln!(out, "  <author><name>{}</name></author>", escape_html(author));
    let _ = writeln!(out, "  <generator version=\"{}\">warraq</generator>", env!("CARGO_PKG_VERSION"));
    for &i in spec.entries {
        let a = &site.articles[i];
        let Some(date) = a.date else { continue };
        let link = site.config.absolute_url(&site.article_url(i));
        let stamp = date.to_rfc3339();
        let modified = a.modified().unwrap_or(date).to_rfc3339();
        out.push_str("  <entry>\n");
        let _ = writeln!(out, "    <title>{}</title>", escape_html(&a.title));
        let _ = writeln!(out, "    <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>", escape_html(&link));
        let _ = writeln!(out, "    <id>{}</id>", escape_html(&link));
        let _ = writeln!(out, "    <published>{stamp}</published>");
        let _ = writeln!(out, "    <updated>{modified}</updated>");
        // The byline's name; else the paper that printed it.
        if let Some(author) = a.author.as_ref().or(a.source.as_ref()) {
            let _ = writeln!(out, "    <author><name>{}</name></author>", escape_html(author));
        }
        for &t in &site.topics.article_tags[i] {
            let tag = &site.topics.tags[t];
            let _ = writeln!(
                out,
                "    <category term=\"{}\" label=\"{}\"/>",
                escape_html(&tag.slug),
                escape_html(&tag.name)
            );
        }
        match spec.carries {
            Carries::Content(content) => {
                let _ = write!(out, "    <content type=\"html\" xml:base=\"{}\"><![CDATA[", escape_html(&link));
                content(i, &mut out);
                out.push_str("]]></content>\n");
            }
            // An entry without content has its alternate link (RFC 4287,
            // 4.1.2); an empty summary is left out.
            Carries::Summary(summaries) => {
                let summary = summaries.get(i);
                if !summary.is_empty() {
                    let _ = writeln!(out, "    <summary type=\"text\">{}</summary>", escape_html(&summary));
                }
            }
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// Appends HTML ready for a CDATA section: the one sequence a CDATA section
/// cannot hold, `]]>`, is split across two sections. Feeds carry each
/// entry's HTML this way rather than escaped: it is a plain copy instead of a
/// rewrite of every `<` and `&`, and the feed is smaller.
pub fn push_cdata_safe(out: &mut String, html: &str) {
    // Bodies almost never hold a `]`: one vectorised pass finds out. When
    // one does, each `>` is checked for the two bytes before it (a general
    // substring search costs several times more on Arabic text, and feeds
    // repeat each body many times).
    if !crate::markdown::any_byte(html.as_bytes(), |b| b == b']') {
        out.push_str(html);
        return;
    }
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = html[from..].find('>') {
        let gt = from + found;
        if html[..gt].ends_with("]]") {
            out.push_str(&html[copied..gt]);
            out.push_str("]]><![CDATA[>");
            copied = gt + 1;
        }
        from = gt + 1;
    }
    out.push_str(&html[copied..]);
}

#[cfg(test)]
mod tests {
    use super::push_cdata_safe;

    fn wrapped(html: &str) -> String {
        let mut out = String::from("<![CDATA[");
        push_cdata_safe(&mut out, html);
        out.push_str("]]>");
        out
    }

    #[test]
    fn cdata_sections_survive_a_closing_sequence_in_the_html() {
        let html = "<p>a]]>b</p>";
        assert_eq!(wrapped(html), "<![CDATA[<p>a]]]]><![CDATA[>b</p>]]>");
        for html in [html, "]]>", "]]>]]>x", "]]]>", "x]]", ">]]>>", "", "<p>عادي</p>"] {
            assert_eq!(wrapped(html), format!("<![CDATA[{}]]>", html.replace("]]>", "]]]]><![CDATA[>")));
            // Reading the sections back gives the HTML unchanged.
            let text: String = wrapped(html).split("<![CDATA[").map(|s| s.strip_suffix("]]>").unwrap_or(s)).collect();
            assert_eq!(text, html);
        }
    }
}
