//! The values templates see. Plain serializable structs so the template
//! contract is visible in one place (and documented in the README, "Themes").

use super::dates::{digits, format_date};
use crate::site::pages::{ListPages, FRONT};
use crate::site::{Link, Site};
use serde::Serialize;

/// The site's `[site]` settings, as every template sees them (`site`).
#[derive(Debug, Serialize)]
pub struct SiteCtx<'a> {
    /// The site's name: the header, the footer, page titles.
    pub title: &'a str,
    /// A sentence about the site: under its name, and the `<meta name="description">` of pages without their own.
    pub description: &'a str,
    /// Where the site is published (`https://…/`), for absolute links.
    pub base_url: &'a str,
    /// The path part of `base_url` (`/archive/`), the root of the site's own links.
    pub base_path: String,
    /// The `lang` of every page (`ar`).
    pub language: &'a str,
    /// Who publishes the archive: `<meta name="author">` and the footer.
    pub author: &'a str,
}

/// A link to another article (`article.prev`, `article.next`).
#[derive(Debug, Serialize, Clone)]
pub struct TitleLink {
    /// The article's title, the link's text.
    pub title: String,
    /// The article's page.
    pub url: String,
}

/// An article in a list (home, tag, archive, related).
#[derive(Debug, Serialize, Clone)]
pub struct ArticleSummary {
    /// The article's title.
    pub title: String,
    /// The article's page.
    pub url: String,
    /// The date as readers see it (month names and digits as configured).
    pub date: Option<String>,
    /// The date for machines (`<time datetime>`).
    pub date_iso: Option<String>,
    /// The date in the Hijri calendar, when `[dates] hijri = true`.
    pub date_hijri: Option<String>,
    /// Front matter `updated`, when later than the date.
    pub updated: Option<String>,
    /// `updated` for machines (`<time datetime>`).
    pub updated_iso: Option<String>,
    /// The paper the article came from, as the front matter names it.
    pub source: Option<String>,
    /// The byline's name and place.
    pub author: Option<String>,
    /// Where the article was filed from (`القاهرة`), shown before its text.
    pub dateline: Option<String>,
    /// The pages of the writer and of the paper (`source`).
    pub author_url: Option<String>,
    /// The paper's page (`/sources/…/`).
    pub source_url: Option<String>,
    /// The article's tags, each `name` and `url`.
    pub tags: Vec<Link>,
    /// Plain text for cards and `<meta name="description">` (`summary_text`).
    pub summary: String,
    /// A draft (rendered only with `--drafts`), so the theme can mark it.
    pub draft: bool,
}

/// A year in the navigation (`nav_years`), newest first. Every page has
/// the navigation, so it holds nothing that a new article changes (such as
/// the year's count, which `/archive/` shows): with it, each new article
/// would change every page, and the build cache would render them all.
#[derive(Debug, Serialize)]
pub struct YearLink {
    /// The year, in the site's digits: the link's text.
    pub year: String,
    /// The year's archive page.
    pub url: String,
}

/// A page link of a `paginator`.
#[derive(Debug, Serialize)]
pub struct PageLink {
    /// The page's number, in the site's digits; `الأحدث` (the newest) for
    /// the front page of a list numbered from its oldest end (a number would
    /// change with every page added, and `الأولى`, the first, read as page 1,
    /// its oldest).
    pub number_display: String,
    /// The page's URL.
    pub url: String,
    /// This is the page shown (`aria-current`).
    pub current: bool,
    /// Pages are left out between this one and the one before (`…`).
    pub gap_before: bool,
    /// More than one page away from the current one, and not the first or
    /// last: hidden on narrow screens so the links fit one line.
    pub far: bool,
}

/// Links between the pages of a list (`paginator`), for `index.html`,
/// `tag.html`, `group.html` and `archive.html`.
///
/// The home list's pages are numbered from the newest, 1 to `total`. The
/// other lists' are numbered from their oldest end (`site::pages`): their
/// paginator holds nothing that changes when articles are added to the
/// list's front (no total, no count), so neither do their numbered pages.
#[derive(Debug, Serialize)]
pub struct Paginator {
    /// The page shown: on the home list 1-based from the newest; on the
    /// other lists 0 for the front page and `n` for `page/n/`, counted from
    /// the oldest.
    pub current: usize,
    /// This is the list's first page: the one at its own URL.
    pub front: bool,
    /// How many pages the home list has; none on the other lists.
    pub total: Option<usize>,
    /// `current` in the site's digits.
    pub current_display: String,
    /// `total` in the site's digits.
    pub total_display: Option<String>,
    /// The page of newer articles, none on the first.
    pub prev_url: Option<String>,
    /// The page of older articles, none on the last.
    pub next_url: Option<String>,
    /// The pages to link (`page_window`), newest first.
    pub pages: Vec<PageLink>,
    /// On the lists numbered from their oldest end: the dates of the page's
    /// newest and oldest articles, as shown, which the page's status line
    /// gives instead of a page count.
    pub newest_display: Option<String>,
    /// See `newest_display`.
    pub oldest_display: Option<String>,
}

/// A tag with how many articles carry it (`tags.html`'s `tags_by_count`, `tags_by_name`).
#[derive(Debug, Serialize)]
pub struct TagCount {
    /// The tag's name.
    pub name: String,
    /// The tag's first page.
    pub url: String,
    /// How many articles carry it: what `tags.html` sizes the tag by.
    pub count: usize,
    /// `count` in the site's digits, to show.
    pub count_display: String,
}

/// A year, month or day of the archive, with how many articles it holds.
#[derive(Debug, Serialize)]
pub struct PeriodLink {
    /// `2023`, `سبتمبر 2023`, `14 سبتمبر 2023`.
    pub title: String,
    /// The name within its parent: `2023`, `سبتمبر`, `14`.
    pub short: String,
    /// The period's archive page.
    pub url: String,
    /// How many articles it holds, in the site's digits.
    pub count_display: String,
}

/// Where a bounded home list goes on (`older` on its last page).
#[derive(Debug, Serialize)]
pub struct OlderLink {
    /// The archive page that lists the first article the home list leaves out.
    pub url: String,
    /// That page's month (`سبتمبر 2014`); none when it is the archive index.
    pub month: Option<String>,
}

/// A year of the archive index (`/archive/`) with its months.
#[derive(Debug, Serialize)]
pub struct YearArchive {
    /// The year, in the site's digits.
    pub title: String,
    /// The year's archive page.
    pub url: String,
    /// How many articles the year holds, in the site's digits.
    pub count_display: String,
    /// The year's months that hold articles.
    pub months: Vec<PeriodLink>,
}

/// Plain text summary: the article's description, else the first paragraph,
/// cut at a word boundary.
pub fn summary_text(site: &Site, i: usize) -> String {
    let a = &site.articles[i];
    let text = match &a.description {
        Some(d) => d.clone(),
        None => crate::markdown::first_paragraph_text(&a.body_text()),
    };
    cut_words(&text, 40)
}

fn cut_words(text: &str, max_words: usize) -> String {
    let mut words = text.split_whitespace();
    // An Arabic word is ~5 letters of 2 bytes plus a space.
    let mut out = String::with_capacity(text.len().min(max_words * 12));
    for word in words.by_ref().take(max_words) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if words.next().is_some() {
        out.push('…');
    }
    out
}

impl Site {
    /// The `site` every template sees.
    pub fn site_ctx(&self) -> SiteCtx<'_> {
        let c = &self.config;
        SiteCtx {
            title: &c.title,
            description: &c.description,
            base_url: &c.base_url,
            base_path: c.base_path(),
            language: &c.language,
            author: &c.author,
        }
    }

    /// `n` in the site's digit style (`[dates] digits`).
    pub fn display_number(&self, n: usize) -> String {
        digits(&n.to_string(), self.config.dates.digits)
    }

    /// The tags of article `i`, as templates see them (`article.tags`).
    pub fn tag_links(&self, i: usize) -> Vec<Link> {
        self.topics.article_tags[i]
            .iter()
            .map(|&t| Link { name: self.topics.tags[t].name.clone(), url: self.tag_url(t).to_string() })
            .collect()
    }

    /// Article `i` as lists show it, with its summary from `summaries` (`summary_text`).
    pub fn summary(&self, i: usize, summaries: &crate::render::summaries::Summaries) -> ArticleSummary {
        let a = &self.articles[i];
        ArticleSummary {
            title: a.title.clone(),
            url: self.article_url(i),
            date: a.date.as_ref().map(|d| format_date(d, &self.config.dates)),
            date_iso: a.date.as_ref().map(|d| d.to_iso_string()),
            date_hijri: a
                .date
                .as_ref()
                .filter(|_| self.config.dates.hijri)
                .map(|d| super::dates::format_hijri(d, &self.config.dates)),
            updated: a.updated().filter(|u| Some(*u) > a.date).map(|d| format_date(&d, &self.config.dates)),
            updated_iso: a.updated().filter(|u| Some(*u) > a.date).map(|d| d.to_iso_string()),
            source: a.source.clone(),
            author: a.author.clone(),
            dateline: a.dateline().map(str::to_string),
            author_url: self.article_authors[i].first().map(|&g| self.author_urls[g].clone()),
            source_url: a.source.as_ref().and_then(|source| {
                let k = crate::arabic::key(source);
                let g = self.article_sources[i].iter().find(|&&g| crate::arabic::key(&self.sources[g].name) == k)?;
                Some(self.source_urls[*g].clone())
            }),
            tags: self.tag_links(i),
            summary: summaries.get(i).into_owned(),
            draft: a.draft,
        }
    }

    /// The years of the archive, newest first, for the navigation (`nav_years`).
    pub fn nav_years(&self) -> Vec<YearLink> {
        self.archive
            .iter()
            .rev()
            .map(|(y, _)| YearLink {
                year: digits(&y.to_string(), self.config.dates.digits),
                url: self.url(&format!("{y:04}/")),
            })
            .collect()
    }

    /// Paginator for page `current` (1-based) of `total` of the home list
    /// (`first_url` its first page). `pages` links the first and last page
    /// and the pages near the current one (`page_window`), so a list of n
    /// pages costs O(n) in all, not O(n²).
    pub fn paginator(&self, first_url: &str, current: usize, total: usize) -> Paginator {
        let url_of = |n: usize| crate::site::home_page(first_url, n);
        let mut before = 0;
        let pages = page_window(current, total)
            .map(|n| {
                let link = PageLink {
                    number_display: self.display_number(n),
                    url: url_of(n),
                    current: n == current,
                    gap_before: before != 0 && n > before + 1,
                    far: n != 1 && n != total && n.abs_diff(current) > 1,
                };
                before = n;
                link
            })
            .collect();
        Paginator {
            current,
            front: current == 1,
            total: Some(total),
            current_display: self.display_number(current),
            total_display: Some(self.display_number(total)),
            prev_url: (current > 1).then(|| url_of(current - 1)),
            next_url: (current < total).then(|| url_of(current + 1)),
            pages,
            newest_display: None,
            oldest_display: None,
        }
    }

    /// Paginator for page `current` (`pages::FRONT` or a number counted
    /// from the oldest) of a list laid out as `pages`, whose front page is
    /// at `first_url` (a URL encoded once per build: the numbered pages only
    /// append `page/n/`), showing articles dated `newest` to `oldest`.
    /// `pages` links the front page, the oldest page and the pages near the
    /// current one, newest first: a page's links change only while it is
    /// among the newest few.
    pub fn list_paginator(
        &self,
        first_url: &str,
        current: usize,
        pages: ListPages,
        (newest, oldest): (Option<String>, Option<String>),
    ) -> Paginator {
        let url_of = |n: usize| crate::site::list_page(first_url, n);
        let numbered = pages.numbered();
        // Positions in the pager, the front page above the newest numbered one.
        let place = |n: usize| if n == FRONT { numbered + 1 } else { n };
        let mut before: Option<usize> = None;
        let links = list_window(current, numbered)
            .map(|n| {
                let link = PageLink {
                    number_display: if n == FRONT { "الأحدث".to_string() } else { self.display_number(n) },
                    url: url_of(n),
                    current: n == current,
                    gap_before: before.is_some_and(|b| b > place(n) + 1),
                    far: n != FRONT && n != 1 && place(n).abs_diff(place(current)) > 1,
                };
                before = Some(place(n));
                link
            })
            .collect();
        let newer = match current {
            FRONT => None,
            n if n == numbered => Some(FRONT),
            n => Some(n + 1),
        };
        let older = match current {
            FRONT => (numbered > 0).then_some(numbered),
            n => (n > 1).then(|| n - 1),
        };
        Paginator {
            current,
            front: current == FRONT,
            total: None,
            current_display: self.display_number(current),
            total_display: None,
            prev_url: newer.map(url_of),
            next_url: older.map(url_of),
            pages: links,
            newest_display: newest,
            oldest_display: oldest,
        }
    }
}

/// Pages a list's paginator links, newest first: the front page, the
/// `WINDOW` numbered pages on each side of `current`, and page 1 (the
/// oldest), of a list with `numbered` pages besides its front. A numbered
/// page's window reaches upwards only to pages that exist, so it changes
/// while pages are added above it and not after.
pub fn list_window(current: usize, numbered: usize) -> impl Iterator<Item = usize> {
    const WINDOW: usize = 3;
    let centre = if current == FRONT { numbered + 1 } else { current };
    let near = (centre.saturating_sub(WINDOW).max(1)..=(centre + WINDOW).min(numbered)).rev();
    let mut pages: Vec<usize> = vec![FRONT];
    for n in near.chain((numbered >= 1).then_some(1)) {
        if pages.last().is_none_or(|&last| last == FRONT || last > n) {
            pages.push(n);
        }
    }
    pages.into_iter()
}

/// Pages a paginator links: the first, the last, and the `WINDOW` pages on
/// each side of `current`, in order. All of them when there are few.
pub fn page_window(current: usize, total: usize) -> impl Iterator<Item = usize> {
    const WINDOW: usize = 3;
    let near = current.saturating_sub(WINDOW).max(1)..=(current + WINDOW).min(total);
    let mut pages: Vec<usize> = Vec::with_capacity(2 * WINDOW + 3);
    for n in std::iter::once(1).chain(near).chain(std::iter::once(total)) {
        if n >= 1 && n <= total && pages.last().is_none_or(|&last| last < n) {
            pages.push(n);
        }
    }
    pages.into_iter()
}

#[cfg(test)]
mod tests {
    use super::{cut_words, list_window, page_window};
    use crate::site::pages::{ListPages, FRONT};
    use crate::site::Site;

    fn empty_site() -> Site {
        let config = crate::config::Config::parse("title = \"t\"\n").unwrap();
        Site::new(config, crate::content::Content::default(), false).0
    }

    #[test]
    fn a_list_paginator_leads_to_newer_and_older_pages_that_exist() {
        let site = empty_site();
        let url = |n: usize| crate::site::list_page("/x/", n);
        for numbered in 0..4 {
            let pages = ListPages::new(2 * numbered + 3, 2);
            assert_eq!(pages.numbered(), numbered);
            for n in pages.all() {
                let p = site.list_paginator("/x/", n, pages, (None, None));
                let newer = match n {
                    FRONT => None,
                    n if n == numbered => Some(FRONT),
                    n => Some(n + 1),
                };
                let older = match n {
                    FRONT if numbered > 0 => Some(numbered),
                    FRONT | 1 => None,
                    n => Some(n - 1),
                };
                assert_eq!(p.prev_url, newer.map(url), "page {n} of {numbered}: newer");
                assert_eq!(p.next_url, older.map(url), "page {n} of {numbered}: older");
                assert_eq!(p.front, n == FRONT);
                assert_eq!(p.total, None);
                let current: Vec<&str> = p.pages.iter().filter(|l| l.current).map(|l| l.url.as_str()).collect();
                assert_eq!(current, [url(n).as_str()], "page {n} of {numbered}");
            }
        }
    }

    #[test]
    fn a_numbered_page_keeps_its_paginator_once_four_pages_are_above_it() {
        let site = empty_site();
        let json = |n: usize, numbered: usize| {
            let pages = ListPages::new(10 * (numbered + 1), 10);
            serde_json::to_string(&site.list_paginator("/x/", n, pages, (None, None))).unwrap()
        };
        for numbered in 1..12 {
            for n in 1..=numbered {
                let same = json(n, numbered) == json(n, numbered + 1);
                assert_eq!(same, n + 4 <= numbered, "page {n} as page {} is added", numbered + 1);
            }
        }
    }

    #[test]
    fn summaries_are_cut_after_whole_words() {
        assert_eq!(cut_words("  قال\n المتحدث   اليوم ", 3), "قال المتحدث اليوم");
        assert_eq!(cut_words("قال المتحدث اليوم إن", 3), "قال المتحدث اليوم…");
        assert_eq!(cut_words("", 3), "");
        let forty = vec!["كلمة"; 40].join(" ");
        assert_eq!(cut_words(&forty, 40), forty);
        assert_eq!(cut_words(&format!("{forty} أخرى"), 40), format!("{forty}…"));
    }

    #[test]
    fn page_window_keeps_ends_and_neighbours() {
        assert_eq!(page_window(1, 3).collect::<Vec<_>>(), vec![1, 2, 3]);
        assert_eq!(page_window(5, 9).collect::<Vec<_>>(), (1..=9).collect::<Vec<_>>());
        assert_eq!(page_window(1, 1).collect::<Vec<_>>(), vec![1]);
        assert_eq!(page_window(50, 1000).collect::<Vec<_>>(), vec![1, 47, 48, 49, 50, 51, 52, 53, 1000]);
        assert_eq!(page_window(1, 1000).collect::<Vec<_>>(), vec![1, 2, 3, 4, 1000]);
    }

    #[test]
    fn list_window_keeps_the_front_the_oldest_and_neighbours_newest_first() {
        let window = |current, numbered| list_window(current, numbered).collect::<Vec<_>>();
        assert_eq!(window(0, 0), vec![0]);
        assert_eq!(window(0, 2), vec![0, 2, 1]);
        assert_eq!(window(0, 100), vec![0, 100, 99, 98, 1]);
        assert_eq!(window(1, 100), vec![0, 4, 3, 2, 1]);
        assert_eq!(window(50, 100), vec![0, 53, 52, 51, 50, 49, 48, 47, 1]);
        assert_eq!(window(99, 100), vec![0, 100, 99, 98, 97, 96, 1]);
        // A page's window does not change once three pages are above it.
        assert_eq!(window(50, 53), window(50, 5000));
    }
}
