//! Archive pages: every year, month and day that has articles, paginated,
//! and `/archive/`, the index of all of them.
//!
//! A year of a daily paper is thousands of articles: one page for it was
//! 210 KB at 10,000 articles and would be megabytes at a million. Each
//! period is paginated like the tag pages, its pages counted from the oldest
//! (`/2023/page/2/`, `/2023/09/page/2/`, `/2023/09/14/page/2/`: see
//! `site::pages`), `archive_per_page` articles a page; a year's front page
//! links its months, a month's its days.

use super::context::{OlderLink, PeriodLink, YearArchive};
use super::dates::{digits, format_date, format_month};
use super::fields::Fields;
use super::Renderer;
use crate::error::Result;
use crate::site::pages::{page_listing, ListPages, FRONT};
use crate::site::{list_page, Period};
use minijinja::Value;

impl Renderer<'_> {
    /// Fills `ctx` for page `page` of the archive of `period`.
    pub(super) fn archive_page(
        &self,
        period: Period,
        page: usize,
        ctx: &mut Fields,
        mode: super::digest::Mode,
    ) -> Result<()> {
        let s = self.site;
        let per = s.config.archive_per_page;
        let count = s.period_count(period);
        let range = ListPages::new(count, per).range(page);
        let shown = s.period_page(period, range.start, range.len());
        let url = s.url(&period.path());
        let (items, paginator) = self.paginate_list(per, count, |k| shown[k - range.start], &url, page, mode)?;
        // What changes as articles are added to the period (its count, its
        // months' and days' counts, the days themselves) is on the front
        // page only: a numbered page keeps its bytes (`site::pages`).
        let front = page == FRONT;
        let (kind, title, parent) = match (period.month, period.day) {
            (None, _) => ("year", digits(&period.year.to_string(), s.config.dates.digits), None),
            (Some(m), None) => {
                let year = Period::year(period.year);
                ("month", format_month(period.year, m, &s.config.dates), Some((year, self.period_title(year))))
            }
            (Some(m), Some(_)) => {
                let month = Period::month(period.year, m);
                ("day", self.period_title(period), Some((month, self.period_title(month))))
            }
        };
        let (parent_url, parent_title) = match parent {
            Some((p, t)) => (s.url(&p.path()), format!("أرشيف {t}")),
            None => (s.url("archive/"), "الأرشيف".to_string()),
        };
        let months: Vec<PeriodLink> = match period.month {
            None if front => s.archive[&period.year]
                .iter()
                .rev()
                .map(|(&m, of_month)| self.period_link(Period::month(period.year, m), of_month.len()))
                .collect(),
            _ => Vec::new(),
        };
        let days: Vec<PeriodLink> = match (period.month, period.day) {
            (Some(m), None) if front => s
                .days_of(period.year, m)
                .into_iter()
                .map(|(d, of_day)| self.period_link(Period::day(period.year, m, d), of_day.len()))
                .collect(),
            _ => Vec::new(),
        };
        let archive = Fields::new()
            .with("kind", kind)
            .with("title", title)
            .with("url", url)
            .with("count_display", front.then(|| s.display_number(count)))
            .with("parent_url", parent_url)
            .with("parent_title", parent_title);
        ctx.push("archive", archive.into_value());
        ctx.push("months", Value::from_serialize(months));
        ctx.push("days", Value::from_serialize(days));
        ctx.push("articles", items);
        ctx.push("paginator", Value::from_serialize(paginator));
        Ok(())
    }

    /// Every year, newest first, with its months (newest first).
    pub(super) fn archive_years(&self) -> Value {
        let s = self.site;
        let years: Vec<YearArchive> = s
            .archive
            .iter()
            .rev()
            .map(|(&y, months)| {
                let count: usize = months.values().map(Vec::len).sum();
                let link = self.period_link(Period::year(y), count);
                YearArchive {
                    title: link.title,
                    url: link.url,
                    count_display: link.count_display,
                    months: months
                        .iter()
                        .rev()
                        .map(|(&m, of_month)| self.period_link(Period::month(y, m), of_month.len()))
                        .collect(),
                }
            })
            .collect();
        Value::from_serialize(years)
    }

    /// Where the home list goes on when `home_pages` leaves older articles
    /// out: the page of the month's archive that lists the first of them
    /// (the archive index when that one is an undated draft). `None` when
    /// the home list shows every article.
    pub(super) fn home_older(&self) -> Option<OlderLink> {
        use chrono::Datelike;
        let s = self.site;
        let first_left_out = s.home_listed();
        let Some(date) = s.articles.get(first_left_out)?.date else {
            return Some(OlderLink { url: s.url("archive/"), month: None });
        };
        let month = Period::month(date.day().year(), date.day().month());
        let page = page_of(s, month, first_left_out).unwrap_or(FRONT);
        Some(OlderLink { url: list_page(&s.url(&month.path()), page), month: Some(self.period_title(month)) })
    }

    /// `2023`, `سبتمبر 2023`, `14 سبتمبر 2023`.
    fn period_title(&self, period: Period) -> String {
        let dates = &self.site.config.dates;
        match (period.month, period.day) {
            (None, _) => digits(&period.year.to_string(), dates.digits),
            (Some(m), None) => format_month(period.year, m, dates),
            (Some(m), Some(d)) => match chrono::NaiveDate::from_ymd_opt(period.year, m, d) {
                Some(day) => format_date(&crate::date::PubDate::Day(day), dates),
                None => format_month(period.year, m, dates),
            },
        }
    }

    fn period_link(&self, period: Period, count: usize) -> PeriodLink {
        let dates = &self.site.config.dates;
        let short = match (period.month, period.day) {
            (None, _) => digits(&period.year.to_string(), dates.digits),
            (Some(m), None) => super::dates::month_name(m, dates.months),
            (Some(_), Some(d)) => digits(&d.to_string(), dates.digits),
        };
        PeriodLink {
            title: self.period_title(period),
            short,
            url: self.site.url(&period.path()),
            count_display: self.site.display_number(count),
        }
    }
}

/// Output path of page `n` of `period`'s archive.
pub fn page_path(period: Period, n: usize) -> String {
    format!("{}index.html", list_page(&period.path(), n))
}

/// The archive pages that list article `i` (its year's, month's and day's,
/// each at the page it falls on).
pub fn pages_listing(site: &super::Site, i: usize) -> Vec<super::Job> {
    use chrono::Datelike;
    let Some(date) = site.articles[i].date else { return Vec::new() };
    let day = date.day();
    [Period::year(day.year()), Period::month(day.year(), day.month()), Period::day(day.year(), day.month(), day.day())]
        .into_iter()
        .filter_map(|period| Some(super::Job::Archive(period, page_of(site, period, i)?)))
        .collect()
}

/// The page of `period`'s archive that lists article `i`.
fn page_of(site: &super::Site, period: Period, i: usize) -> Option<usize> {
    page_listing(&site.period_members(period), site.config.archive_per_page, i)
}
