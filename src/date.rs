//! Publication dates: a calendar day, or an instant with its UTC offset.
//!
//! Scraped articles mostly give a day; some give a time with an offset. Both
//! must round-trip through TOML front matter unchanged, sort together, and
//! produce RFC 3339 timestamps for feeds without inventing a time zone.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use std::cmp::Ordering;
use std::fmt;

/// When an article was published, as precisely as its source says and no
/// more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PubDate {
    /// A calendar day, no time (`2023-09-14`): what most sources give.
    Day(NaiveDate),
    /// A moment with the publisher's UTC offset, kept as written.
    Instant(DateTime<FixedOffset>),
}

impl PubDate {
    /// The calendar day as the publisher saw it (local to the given offset).
    pub fn day(&self) -> NaiveDate {
        match self {
            PubDate::Day(d) => *d,
            PubDate::Instant(t) => t.date_naive(),
        }
    }

    /// The year of [`day`](Self::day) (archive pages, URLs).
    pub fn year(&self) -> i32 {
        self.day().year()
    }

    /// The month of [`day`](Self::day), 1 to 12.
    pub fn month(&self) -> u32 {
        self.day().month()
    }

    /// A full timestamp; a bare day counts as midnight UTC, which is what
    /// Atom readers assume for date-only entries.
    pub fn instant(&self) -> DateTime<FixedOffset> {
        match self {
            PubDate::Day(d) => {
                let utc = FixedOffset::east_opt(0).expect("zero offset");
                utc.from_utc_datetime(&d.and_time(NaiveTime::MIN))
            }
            PubDate::Instant(t) => *t,
        }
    }

    /// [`instant`](Self::instant) in RFC 3339 to the second (`Z` for UTC),
    /// as Atom feeds and sitemaps want it.
    pub fn to_rfc3339(&self) -> String {
        self.instant().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }

    /// `YYYY-MM-DD` for a day, RFC 3339 for an instant (the form of every JSON output).
    pub fn to_iso_string(&self) -> String {
        match self {
            PubDate::Day(d) => d.format("%Y-%m-%d").to_string(),
            PubDate::Instant(_) => self.to_rfc3339(),
        }
    }

    /// Parses the TOML front matter value (`2023-09-14` or an offset date-time).
    pub fn from_toml(dt: &toml::value::Datetime) -> Result<PubDate, String> {
        let Some(date) = dt.date else {
            return Err("a date needs a day (YYYY-MM-DD), not only a time".into());
        };
        let day = NaiveDate::from_ymd_opt(date.year as i32, date.month as u32, date.day as u32)
            .ok_or_else(|| format!("{dt} is not a real calendar day"))?;
        match (dt.time, dt.offset) {
            (None, _) => Ok(PubDate::Day(day)),
            (Some(_), None) => {
                // A local time without offset: keep the day, since inventing an
                // offset would move articles between days for some readers.
                Ok(PubDate::Day(day))
            }
            (Some(_), Some(_)) => {
                DateTime::parse_from_rfc3339(&dt.to_string()).map(PubDate::Instant).map_err(|e| format!("{dt}: {e}"))
            }
        }
    }

    /// The TOML literal written into front matter.
    pub fn to_toml_literal(&self) -> String {
        self.to_iso_string()
    }
}

/// Today's calendar day: `SOURCE_DATE_EPOCH` (reproducible builds, tests)
/// when set, else the local day. Every command that needs "today" (the day
/// of ingest, a new article's date, what `check` calls the future) asks here.
pub fn today() -> NaiveDate {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|t| t.date_naive())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Earliest year taken as a plausible publication date (the oldest Arabic
/// newspapers of the 19th century are later).
pub const EARLIEST_PLAUSIBLE_YEAR: i32 = 1800;

/// Why `date` deserves a second look, when it does: a day after `today`
/// (one day of slack for time zones), or before
/// [`EARLIEST_PLAUSIBLE_YEAR`]. Such dates are published as they are.
pub fn implausible(date: PubDate, today: NaiveDate) -> Option<String> {
    let day = date.day();
    if day > today.succ_opt().unwrap_or(today) {
        Some(format!("date {date} is in the future: is it right? (the article is published with it, and sorted first)"))
    } else if day.year() < EARLIEST_PLAUSIBLE_YEAR {
        Some(format!(
            "date {date} is before {EARLIEST_PLAUSIBLE_YEAR}: is it right? (the article is published with it)"
        ))
    } else {
        None
    }
}

impl fmt::Display for PubDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_iso_string())
    }
}

impl Ord for PubDate {
    /// By instant, then by the written form (so equal instants in other
    /// offsets still sort one way). Two days compare as days: same order,
    /// without formatting two strings on every tie (sorting an archive
    /// meets many).
    fn cmp(&self, other: &Self) -> Ordering {
        if let (PubDate::Day(a), PubDate::Day(b)) = (self, other) {
            return a.cmp(b);
        }
        self.instant().cmp(&other.instant()).then_with(|| self.to_iso_string().cmp(&other.to_iso_string()))
    }
}

impl PartialOrd for PubDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_day_and_instant_round_trip() {
        let d: toml::value::Datetime = "2023-09-14".parse().unwrap();
        let p = PubDate::from_toml(&d).unwrap();
        assert_eq!(p, PubDate::Day(NaiveDate::from_ymd_opt(2023, 9, 14).unwrap()));
        assert_eq!(p.to_toml_literal(), "2023-09-14");
        assert_eq!(p.to_rfc3339(), "2023-09-14T00:00:00Z");

        let t: toml::value::Datetime = "2023-10-05T09:15:00+03:00".parse().unwrap();
        let p = PubDate::from_toml(&t).unwrap();
        assert_eq!(p.to_rfc3339(), "2023-10-05T09:15:00+03:00");
        assert_eq!(p.day(), NaiveDate::from_ymd_opt(2023, 10, 5).unwrap());
    }

    #[test]
    fn days_and_instants_sort_together() {
        let p = |s: &str| PubDate::from_toml(&s.parse().unwrap()).unwrap();
        let mut v = [
            p("2023-09-14T00:00:00+00:00"),
            p("2023-09-14"),
            p("2023-09-13T19:00:00-05:00"),
            p("2023-09-15"),
            p("2023-09-13"),
            p("2023-09-14T03:00:00+03:00"),
        ];
        v.sort();
        let shown: Vec<String> = v.iter().map(|d| d.to_iso_string()).collect();
        assert_eq!(
            shown,
            [
                "2023-09-13",
                "2023-09-13T19:00:00-05:00",
                "2023-09-14",
                "2023-09-14T00:00:00Z",
                "2023-09-14T03:00:00+03:00",
                "2023-09-15"
            ]
        );
    }

    #[test]
    fn dates_far_ahead_or_far_back_are_flagged() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let day = |y, m, d| PubDate::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert!(implausible(day(9999, 12, 31), today).unwrap().contains("future"));
        assert!(implausible(day(0, 1, 1), today).unwrap().contains("before 1800"));
        assert_eq!(implausible(day(2026, 11, 30), today), None, "tomorrow somewhere already");
        assert_eq!(implausible(day(1875, 8, 5), today), None);
        assert!(implausible(day(2026, 12, 1), today).is_some());
    }

    #[test]
    fn impossible_day_is_an_error() {
        // toml accepts day 30 in any month; the calendar check is ours.
        if let Ok(d) = "2023-02-30".parse::<toml::value::Datetime>() {
            assert!(PubDate::from_toml(&d).is_err());
        }
    }
}
