//! Unit tests for `dates`: one per date shape scraped news prints.

use super::*;

fn day(y: i32, m: u32, d: u32) -> PubDate {
    PubDate::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

fn line_date(s: &str) -> Option<PubDate> {
    date_line(&Line::new(s)).map(|d| d.date)
}

#[test]
fn english_ordinal_with_label_and_gmt() {
    assert_eq!(line_date("تاريخ النشر: 15th, August 2023 GMT"), Some(day(2023, 8, 15)));
    assert_eq!(line_date("تاريخ النشر: 13th, September 2023 GMT"), Some(day(2023, 9, 13)));
    assert_eq!(line_date("Published: August 15, 2023"), Some(day(2023, 8, 15)));
}

#[test]
fn arabic_month_alone_on_a_line() {
    assert_eq!(line_date("14 سبتمبر 2023"), Some(day(2023, 9, 14)));
}

#[test]
fn every_egyptian_and_levantine_month() {
    // The parser reads every month name the renderer writes.
    use crate::render::dates::{EGYPTIAN_MONTHS as egyptian, LEVANTINE_MONTHS as levantine};
    for (i, (e, l)) in egyptian.iter().zip(levantine).enumerate() {
        let m = i as u32 + 1;
        assert_eq!(line_date(&format!("3 {e} 2022")), Some(day(2022, m, 3)), "{e}");
        assert_eq!(line_date(&format!("3 {l} 2022")), Some(day(2022, m, 3)), "{l}");
        assert_eq!(line_date(&format!("3 {l}/{e} 2022")), Some(day(2022, m, 3)), "{l}/{e}");
    }
    for (s, m) in [("ابريل", 4), ("يونيه", 6), ("يوليه", 7), ("اغسطس", 8), ("اكتوبر", 10)] {
        assert_eq!(line_date(&format!("1 {s} 2020")), Some(day(2020, m, 1)), "{s}");
    }
}

#[test]
fn combined_month_forms() {
    assert_eq!(line_date("الأحد 18 أغسطس آب 2024"), Some(day(2024, 8, 18)));
    assert_eq!(line_date("5 أيلول/سبتمبر 2021"), Some(day(2021, 9, 5)));
    assert_eq!(line_date("25 نيسان/ أبريل 2023"), Some(day(2023, 4, 25)));
    // Two different months are not one date.
    assert_eq!(line_date("5 أيلول/أكتوبر 2021"), None);
}

#[test]
fn arabic_indic_and_persian_digits() {
    assert_eq!(line_date("٣ تموز ٢٠٢٢"), Some(day(2022, 7, 3)));
    assert_eq!(line_date("۱۴ سبتمبر ۲۰۲۳"), Some(day(2023, 9, 14)));
    assert_eq!(line_date("٠٥/١٠/٢٠٢٣"), Some(day(2023, 10, 5)));
}

#[test]
fn weekday_and_time_without_offset_is_a_day() {
    assert_eq!(line_date("الخميس 5 أكتوبر 2023 - 09:15 م"), Some(day(2023, 10, 5)));
    assert_eq!(line_date("نشر في: الأربعاء، 13 سبتمبر 2023 | 10:30 ص"), Some(day(2023, 9, 13)));
}

#[test]
fn time_with_offset_is_an_instant() {
    let got = line_date("الخميس 5 أكتوبر 2023 - 09:15 م GMT+3").unwrap();
    assert_eq!(got.to_iso_string(), "2023-10-05T21:15:00+03:00");
    let got = line_date("آخر تحديث: 2023-10-05 09:15 UTC").unwrap();
    assert_eq!(got.to_iso_string(), "2023-10-05T09:15:00Z");
}

#[test]
fn numeric_orders() {
    assert_eq!(line_date("05/10/2023"), Some(day(2023, 10, 5)));
    assert_eq!(line_date("2023/10/05"), Some(day(2023, 10, 5)));
    assert_eq!(line_date("05-10-2023"), Some(day(2023, 10, 5)));
    assert_eq!(line_date("05.10.2023"), Some(day(2023, 10, 5)));
    // Second field above 12: US month/day order.
    assert_eq!(line_date("10/25/2023"), Some(day(2023, 10, 25)));
}

#[test]
fn iso_8601() {
    let got = line_date("2023-10-05T09:15:00+03:00").unwrap();
    assert_eq!(got.to_iso_string(), "2023-10-05T09:15:00+03:00");
    let got = line_date("Published 2023-10-05T06:15:00Z").unwrap();
    assert_eq!(got.to_iso_string(), "2023-10-05T06:15:00Z");
    assert_eq!(line_date("2023-10-05"), Some(day(2023, 10, 5)));
}

#[test]
fn hijri_with_gregorian_prefers_gregorian() {
    assert_eq!(line_date("2 شوال 1444 هـ الموافق 22 أبريل 2023 م"), Some(day(2023, 4, 22)));
    assert_eq!(line_date("22 أبريل 2023 م الموافق 2 شوال 1444 هـ"), Some(day(2023, 4, 22)));
}

#[test]
fn hijri_alone_is_converted() {
    let got = line_date("الجمعة 2 شوال 1444 هـ").unwrap().day();
    let want = NaiveDate::from_ymd_opt(2023, 4, 22).unwrap();
    assert!((got - want).num_days().abs() <= 1, "{got}");
    let got = line_date("١ رمضان ١٤٤٥ هـ").unwrap().day();
    let want = NaiveDate::from_ymd_opt(2024, 3, 11).unwrap();
    assert!((got - want).num_days().abs() <= 1, "{got}");
    assert!(line_date("15 ذو الحجة 1444").is_some());
}

#[test]
fn impossible_days_and_years_are_rejected() {
    assert_eq!(line_date("31 فبراير 2023"), None);
    assert_eq!(line_date("30/02/2023"), None);
    assert_eq!(line_date("5 مايو 1850"), None);
    assert_eq!(line_date("5 مايو 2150"), None);
    assert_eq!(line_date("0 مايو 2020"), None);
    assert_eq!(line_date("2023-13-01"), None);
}

#[test]
fn caption_and_sentences_are_not_date_lines() {
    assert_eq!(
        line_date(
            "الرئيس الروسي فلاديمير بوتين خلال جولة مع الزعيم الكوري الشمالي كيم جونج أون في روسيا. 13 سبتمبر 2023 - Reuters"
        ),
        None
    );
    assert_eq!(line_date("قمة ثلاثية يوم 18 أغسطس آب 2023 في كامب ديفيد."), None);
    assert_eq!(line_date("مظاهرات 14 سبتمبر 2023"), None);
    // ...but the date inside can still be read when asked for directly.
    assert_eq!(parse_date("قمة يوم 18 أغسطس آب 2023 في كامب ديفيد"), Some(day(2023, 8, 18)));
}

#[test]
fn update_label_is_reported() {
    assert!(date_line(&Line::new("آخر تحديث: 14 سبتمبر 2023")).unwrap().update);
    assert!(!date_line(&Line::new("تاريخ النشر: 14 سبتمبر 2023")).unwrap().update);
}

#[test]
fn garbage_does_not_panic() {
    for s in ["99999999999/99/99", "1:", "+", "5 مايو", "GMT+99:99", "2023-10-05T25:99:00+99:00", ":::::", "٣/٣/"]
    {
        let _ = line_date(s);
        let _ = parse_date(s);
    }
}
