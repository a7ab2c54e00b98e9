//! Sitemaps for search engines: the sitemap protocol's 50,000 URLs per
//! file, and the Google News sitemap of the last two days.
//!
//! Up to 50,000 pages, `sitemap.xml` lists them all. Past that (an archive of
//! about 45,000 articles with its lists), `sitemap.xml` becomes a sitemap
//! index of `sitemap-1.xml`, `sitemap-2.xml`… of at most 50,000 URLs each:
//! search engines reject a larger file. Every page has a `lastmod`: an
//! article its date, a list the date of the newest article it shows.

use super::{Job, Renderer};
use crate::date::PubDate;
use crate::markdown::escape_html as escape_xml;
use crate::site::list_page;
use crate::site::pages::ListPages;
use std::fmt::Write as _;

/// URLs per sitemap file (the protocol's limit).
pub const MAX_URLS: usize = 50_000;
/// Articles in the news sitemap: those of the last this many days...
pub const NEWS_DAYS: u64 = 2;
/// ...and at most this many (Google's limit).
pub const NEWS_MAX: usize = 1_000;

const URLSET: &str = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
const HEADER: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

/// Output path of sitemap part `n` (1-based).
pub fn part_path(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

impl Renderer<'_> {
    /// Every HTML page of the site, in the sitemaps' order: listed once a
    /// build and shared by `sitemap.xml` and its parts (each part listing
    /// every page to cut out its own made the sitemaps of a million
    /// articles a quarter of a no-change build).
    fn sitemap_jobs(&self) -> &[Job] {
        self.sitemap_jobs.get_or_init(|| self.jobs().into_iter().filter(Job::is_page).collect())
    }

    /// The `lastmod` of a page: an article's date, a list's newest article's.
    fn lastmod(&self, job: &Job) -> Option<PubDate> {
        let s = self.site;
        let per = s.config.per_page;
        let date_of = |i: usize| s.articles.get(i).and_then(|a| a.date);
        match job {
            Job::Article(i) => s.articles[*i].modified(),
            Job::Home(n) => date_of((n - 1) * per),
            Job::TagIndex => date_of(0),
            Job::Tag(t, n) => {
                let members = &s.topics.tags[*t].members;
                members.get(ListPages::new(members.len(), per).range(*n).start).and_then(|&i| date_of(i))
            }
            Job::Archive(period, n) => {
                let pages = ListPages::new(s.period_count(*period), s.config.archive_per_page);
                s.period_member(*period, pages.range(*n).start).and_then(date_of)
            }
            // The search index changes with the newest article.
            Job::ArchiveIndex | Job::GroupIndex(_) | Job::SearchPage => date_of(0),
            Job::Group(kind, g, n) => {
                let members = &s.groups(*kind).0[*g].members;
                let first = ListPages::new(members.len(), super::groups::per_page(s)).range(*n).start;
                members.get(first).and_then(|&i| date_of(i))
            }
            _ => None,
        }
    }

    /// The root-relative URL of a page.
    fn sitemap_url(&self, job: &Job) -> String {
        let s = self.site;
        match job {
            Job::Article(i) => s.article_url(*i),
            Job::Tag(t, n) => list_page(s.tag_url(*t), *n),
            Job::Group(kind, g, n) => list_page(&s.groups(*kind).1[*g], *n),
            _ => {
                let path = self.path_of(job);
                s.url(path.strip_suffix("index.html").unwrap_or(&path))
            }
        }
    }

    /// `jobs` as a sitemap lists them: root-relative URL and `lastmod`.
    fn sitemap_pages(&self, jobs: &[Job]) -> Vec<(String, Option<PubDate>)> {
        jobs.iter().map(|job| (self.sitemap_url(job), self.lastmod(job))).collect()
    }

    /// How many sitemap parts the site needs besides `sitemap.xml` (0 when
    /// `sitemap.xml` lists every page itself), for `pages` HTML pages.
    pub(super) fn sitemap_parts(pages: usize) -> usize {
        if pages <= MAX_URLS {
            0
        } else {
            pages.div_ceil(MAX_URLS)
        }
    }

    /// `sitemap.xml`: every page, or the index of the parts.
    pub(super) fn sitemap(&self) -> String {
        let jobs = self.sitemap_jobs();
        match Self::sitemap_parts(jobs.len()) {
            0 => urlset(&self.sitemap_pages(jobs), &|path| self.site.config.absolute_url(path)),
            _ => {
                let lastmods: Vec<Option<PubDate>> = jobs.iter().map(|job| self.lastmod(job)).collect();
                index(&lastmods, &|n| self.site.permalink(&part_path(n)))
            }
        }
    }

    /// `sitemap-N.xml` (1-based): the N-th run of 50,000 pages.
    pub(super) fn sitemap_part(&self, n: usize) -> String {
        let chunk = self.sitemap_jobs().chunks(MAX_URLS).nth(n - 1).unwrap_or_default();
        urlset(&self.sitemap_pages(chunk), &|path| self.site.config.absolute_url(path))
    }

    /// `news-sitemap.xml`: the published articles of the last two days
    /// (counted back from `date::today()`, so `SOURCE_DATE_EPOCH` makes it
    /// reproducible), newest first, as Google News asks.
    pub(super) fn news_sitemap(&self) -> String {
        let s = self.site;
        let mut out = String::from(HEADER);
        out.push_str(
            "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
             xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
        );
        for i in news_articles(s, crate::date::today()) {
            let a = &s.articles[i];
            let Some(date) = a.date else { continue };
            let _ = writeln!(
                out,
                "  <url><loc>{}</loc><news:news><news:publication><news:name>{}</news:name>\
                 <news:language>{}</news:language></news:publication>\
                 <news:publication_date>{}</news:publication_date><news:title>{}</news:title></news:news></url>",
                escape_xml(&s.config.absolute_url(&s.article_url(i))),
                escape_xml(&s.config.title),
                escape_xml(&s.config.language),
                date.to_iso_string(),
                escape_xml(&a.title),
            );
        }
        out.push_str("</urlset>\n");
        out
    }
}

/// The articles the news sitemap lists on `today`: published (not drafts),
/// dated within the last `NEWS_DAYS` days, newest first, at most `NEWS_MAX`.
pub fn news_articles(s: &super::Site, today: chrono::NaiveDate) -> Vec<usize> {
    let since = today.checked_sub_days(chrono::Days::new(NEWS_DAYS)).unwrap_or(today);
    s.dated()
        .take_while(|&i| s.articles[i].date.is_some_and(|d| d.day() >= since))
        .filter(|&i| !s.articles[i].draft && s.articles[i].date.is_some_and(|d| d.day() <= today))
        .take(NEWS_MAX)
        .collect()
}

/// A sitemap listing `pages` (root-relative URLs made absolute by `absolute`).
pub fn urlset(pages: &[(String, Option<PubDate>)], absolute: &dyn Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(HEADER.len() + URLSET.len() + pages.len() * 120);
    out.push_str(HEADER);
    out.push_str(URLSET);
    out.push('\n');
    for (url, lastmod) in pages {
        let _ = write!(out, "  <url><loc>{}</loc>", escape_xml(&absolute(url)));
        if let Some(m) = lastmod {
            let _ = write!(out, "<lastmod>{}</lastmod>", m.to_iso_string());
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// A sitemap index of the parts the pages are cut into, given each page's
/// `lastmod` (`part_url(n)` is the absolute URL of part `n`), each part
/// with the newest `lastmod` of its pages.
pub fn index(lastmods: &[Option<PubDate>], part_url: &dyn Fn(usize) -> String) -> String {
    let mut out = String::from(HEADER);
    out.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (k, chunk) in lastmods.chunks(MAX_URLS).enumerate() {
        let _ = write!(out, "  <sitemap><loc>{}</loc>", escape_xml(&part_url(k + 1)));
        if let Some(newest) = chunk.iter().flatten().max() {
            let _ = write!(out, "<lastmod>{}</lastmod>", newest.to_iso_string());
        }
        out.push_str("</sitemap>\n");
    }
    out.push_str("</sitemapindex>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// How many elements named `name` the XML text holds; panics unless it
    /// parses as well-formed XML.
    fn count(xml: &str, name: &str) -> usize {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut n = 0;
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Start(e)) if e.name().as_ref() == name.as_bytes() => n += 1,
                Ok(quick_xml::events::Event::Eof) => return n,
                Ok(_) => {}
                Err(e) => panic!("not well-formed XML at {}: {e}", reader.buffer_position()),
            }
        }
    }

    fn pages(n: usize) -> Vec<(String, Option<PubDate>)> {
        let day = |i: usize| NaiveDate::from_ymd_opt(2015, 1, 1).unwrap() + chrono::Days::new((i % 365) as u64);
        (0..n).map(|i| (format!("/2015/{:02}/n{i}/", 1 + i % 12), Some(PubDate::Day(day(i))))).collect()
    }

    #[test]
    fn past_50000_pages_the_sitemap_is_an_index_of_parts_of_at_most_50000() {
        assert_eq!(Renderer::sitemap_parts(50_000), 0);
        assert_eq!(Renderer::sitemap_parts(50_001), 2);
        assert_eq!(Renderer::sitemap_parts(120_000), 3);
        let all = pages(120_000);
        let absolute = |p: &str| format!("https://example.org{p}");
        let lastmods: Vec<Option<PubDate>> = all.iter().map(|(_, d)| *d).collect();
        let idx = index(&lastmods, &|n| format!("https://example.org/{}", part_path(n)));
        assert_eq!(count(&idx, "sitemap"), 3);
        assert!(idx.contains("<loc>https://example.org/sitemap-3.xml</loc><lastmod>2015-12-31</lastmod>"), "{idx}");
        let mut total = 0;
        for chunk in all.chunks(MAX_URLS) {
            let xml = urlset(chunk, &absolute);
            let urls = count(&xml, "url");
            assert!(urls <= MAX_URLS && xml.len() < 50 * 1024 * 1024);
            assert_eq!(count(&xml, "lastmod"), urls);
            total += urls;
        }
        assert_eq!(total, 120_000);
    }

    #[test]
    fn up_to_50000_pages_one_sitemap_lists_them_all() {
        let xml = urlset(&pages(3), &|p| format!("https://example.org{p}"));
        assert_eq!(count(&xml, "url"), 3);
        assert!(xml.contains("<url><loc>https://example.org/2015/01/n0/</loc><lastmod>2015-01-01</lastmod></url>"));
    }
}
