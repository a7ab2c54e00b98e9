//! Dates and numbers as Arabic readers expect them.

use crate::config::{DatesConfig, Digits, MonthNames};
use crate::date::PubDate;
use chrono::Datelike;

/// يناير … ديسمبر: the month names of Egypt, the Gulf and the Maghreb (`[dates] months`).
pub const EGYPTIAN_MONTHS: [&str; 12] =
    ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"];
/// كانون الثاني … كانون الأول: the month names of the Levant and Iraq (`[dates] months`).
pub const LEVANTINE_MONTHS: [&str; 12] = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
];

/// Month name (1-based month) in the configured style.
pub fn month_name(month: u32, style: MonthNames) -> String {
    let i = (month.clamp(1, 12) - 1) as usize;
    match style {
        MonthNames::Egyptian => EGYPTIAN_MONTHS[i].to_string(),
        MonthNames::Levantine => LEVANTINE_MONTHS[i].to_string(),
        MonthNames::Both => format!("{}/{}", LEVANTINE_MONTHS[i], EGYPTIAN_MONTHS[i]),
    }
}

/// Converts ASCII digits to the configured digit style.
pub fn digits(text: &str, style: Digits) -> String {
    match style {
        Digits::Latin => text.to_string(),
        Digits::ArabicIndic => text
            .chars()
            .map(|c| if c.is_ascii_digit() { char::from_u32(0x0660 + (c as u32 - '0' as u32)).unwrap() } else { c })
            .collect(),
    }
}

/// `14 سبتمبر 2023` / `١٤ أيلول/سبتمبر ٢٠٢٣`.
pub fn format_date(date: &PubDate, config: &DatesConfig) -> String {
    let d = date.day();
    digits(&format!("{} {} {}", d.day(), month_name(d.month(), config.months), d.year()), config.digits)
}

/// Hijri month names as Arabic newspapers print them.
pub const HIJRI_MONTHS: [&str; 12] = [
    "محرم",
    "صفر",
    "ربيع الأول",
    "ربيع الآخر",
    "جمادى الأولى",
    "جمادى الآخرة",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذو الحجة",
];

/// `29 صفر 1445 هـ`: the day of `date` in the Umm al-Qura calendar (the
/// official calendar of Saudi Arabia, from KACST's tables). The default
/// theme marks it `data-calendar="islamic-umalqura"` (the CLDR name of the
/// calendar; the Nu HTML checker does not accept the `-u-ca-` extension of
/// a `lang` tag).
pub fn format_hijri(date: &PubDate, config: &DatesConfig) -> String {
    let d = date.day();
    let Ok(iso) = icu_calendar::Date::try_new_iso(d.year(), d.month() as u8, d.day() as u8) else {
        return String::new();
    };
    let hijri = iso.to_calendar(icu_calendar::cal::Hijri::new_umm_al_qura());
    let month = HIJRI_MONTHS[usize::from(hijri.month().ordinal.clamp(1, 12)) - 1];
    let text = format!("{} {month} {} هـ", hijri.day_of_month().0, hijri.era_year().year);
    digits(&text, config.digits)
}

/// `سبتمبر 2023`, for month archive titles.
pub fn format_month(year: i32, month: u32, config: &DatesConfig) -> String {
    digits(&format!("{} {}", month_name(month, config.months), year), config.digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn hijri_dates_follow_umm_al_qura() {
        let config = DatesConfig { hijri: true, ..Default::default() };
        let day = |y, m, d| PubDate::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        // Dates printed by Saudi papers on those days.
        assert_eq!(format_hijri(&day(2015, 7, 21), &config), "5 شوال 1436 هـ");
        assert_eq!(format_hijri(&day(2023, 9, 14), &config), "29 صفر 1445 هـ");
        // 1 Ramadan 1446 was 1 March 2025 by Umm al-Qura.
        assert_eq!(format_hijri(&day(2025, 3, 1), &config), "1 رمضان 1446 هـ");
        let indic = DatesConfig { digits: Digits::ArabicIndic, ..config };
        assert_eq!(format_hijri(&day(2015, 7, 21), &indic), "٥ شوال ١٤٣٦ هـ");
    }

    fn day(y: i32, m: u32, d: u32) -> PubDate {
        PubDate::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn latin_digits_egyptian_months() {
        let c = DatesConfig::default();
        assert_eq!(format_date(&day(2023, 9, 14), &c), "14 سبتمبر 2023");
    }

    #[test]
    fn arabic_indic_digits_levantine_and_both() {
        let c = DatesConfig { digits: Digits::ArabicIndic, months: MonthNames::Levantine, hijri: false };
        assert_eq!(format_date(&day(2022, 7, 3), &c), "٣ تموز ٢٠٢٢");
        let c = DatesConfig { digits: Digits::Latin, months: MonthNames::Both, hijri: false };
        assert_eq!(format_date(&day(2023, 9, 14), &c), "14 أيلول/سبتمبر 2023");
        assert_eq!(format_month(2024, 1, &c), "كانون الثاني/يناير 2024");
    }
}
