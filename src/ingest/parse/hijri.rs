//! Hijri (Islamic) dates to Gregorian, by the tabular (arithmetical) calendar.
//!
//! Publishers date by the sighted moon or by Umm al-Qura tables, which the
//! arithmetic calendar matches to within a day or two; a day's error is
//! acceptable for an archive (and an editor can fix the front matter). We
//! use the common "type II" intercalation (leap years 2, 5, 7, 10, 13, 16,
//! 18, 21, 24, 26, 29 of each 30-year cycle) and the civil epoch
//! (1 Muharram 1 AH = 16 July 622 Julian = 19 July 622 proleptic Gregorian).

use chrono::NaiveDate;

/// Hijri month names (matching keys) to month numbers. Two-word names are
/// tried before one-word ones by the caller.
pub(super) const HIJRI_MONTHS: &[(&str, u32)] = &[
    ("محرم", 1),
    ("صفر", 2),
    ("ربيع الاول", 3),
    ("ربيع اول", 3),
    ("ربيع الثاني", 4),
    ("ربيع الاخر", 4),
    ("ربيع ثاني", 4),
    ("جمادي الاولي", 5),
    ("جمادي الاول", 5),
    ("جمادي الاخره", 6),
    ("جمادي الثانيه", 6),
    ("جمادي الاخر", 6),
    ("رجب", 7),
    ("شعبان", 8),
    ("رمضان", 9),
    ("شوال", 10),
    ("ذو القعده", 11),
    ("ذي القعده", 11),
    ("ذو الحجه", 12),
    ("ذي الحجه", 12),
];

/// Days from the civil epoch to the start of Hijri `year`, `month` (1-based),
/// plus `day - 1`.
fn days_since_epoch(year: i64, month: i64, day: i64) -> i64 {
    // ceil(29.5 * (month - 1)): months alternate 30 and 29 days.
    let month_days = (59 * (month - 1) + 1) / 2;
    (year - 1) * 354 + (3 + 11 * year).div_euclid(30) + month_days + day - 1
}

/// Converts a Hijri date to the Gregorian day (±1 day, see the module doc).
/// `None` for impossible inputs (month outside 1..=12, day outside 1..=30).
pub(super) fn to_gregorian(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    if !(1..=12).contains(&month) || !(1..=30).contains(&day) || year == 0 || year > 3000 {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(622, 7, 19)?;
    let offset = days_since_epoch(i64::from(year), i64::from(month), i64::from(day));
    epoch.checked_add_signed(chrono::Duration::days(offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(got: NaiveDate, y: i32, m: u32, d: u32) {
        let want = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let diff = (got - want).num_days().abs();
        assert!(diff <= 1, "{got} is not within a day of {want}");
    }

    #[test]
    fn known_dates() {
        // Eid al-Fitr 1444 fell on 21 April 2023 in most countries.
        near(to_gregorian(1444, 10, 2).unwrap(), 2023, 4, 22);
        // 1 Muharram 1445 = 19 July 2023 (Umm al-Qura).
        near(to_gregorian(1445, 1, 1).unwrap(), 2023, 7, 19);
        // 1 Ramadan 1445 = 11 March 2024.
        near(to_gregorian(1445, 9, 1).unwrap(), 2024, 3, 11);
        // 1 Muharram 1 AH, the epoch itself.
        assert_eq!(to_gregorian(1, 1, 1).unwrap(), NaiveDate::from_ymd_opt(622, 7, 19).unwrap());
    }

    #[test]
    fn rejects_impossible() {
        assert!(to_gregorian(1444, 13, 1).is_none());
        assert!(to_gregorian(1444, 1, 31).is_none());
        assert!(to_gregorian(1444, 0, 1).is_none());
    }
}
