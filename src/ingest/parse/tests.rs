//! Whole-parser unit tests: each debris kind, title handling, dates by
//! position, sources, subheadings, rejection. The seeds and fixture files
//! are exercised by `tests/parse_fixtures.rs`.

use super::*;
use chrono::NaiveDate;

fn p(text: &str) -> Parsed {
    parse(text, &IngestConfig::default()).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn day(y: i32, m: u32, d: u32) -> Option<PubDate> {
    Some(PubDate::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap()))
}

const P1: &str = "قالت وزارة الصحة اليوم الاثنين إن عدد الإصابات ارتفع إلى مئة وعشرين حالة في ثلاث محافظات.";
const P2: &str = "وأضافت الوزارة في بيان أن الفرق الطبية تعمل على مدار الساعة لاحتواء المرض ومنع انتشاره.";
const P3: &str = "ودعت المواطنين إلى الالتزام بإرشادات الوقاية وتجنب التجمعات الكبيرة خلال الأيام المقبلة.";

#[test]
fn repeated_title_is_dropped_everywhere() {
    let t = format!("ارتفاع الإصابات بالكوليرا\n\nارتفاع الإصابات بالكوليرا\n{P1}\nارتفاع الإصابات بالكوليرا.\n{P2}");
    let a = p(&t);
    assert_eq!(a.title, "ارتفاع الإصابات بالكوليرا");
    assert!(!a.body.contains("بالكوليرا"), "{}", a.body);
    assert_eq!(a.body.matches("\n\n").count(), 1);
}

#[test]
fn missing_title_falls_back_to_the_first_sentence() {
    let a = p(&format!("{P1}\n{P2}"));
    assert_eq!(a.title, "قالت وزارة الصحة اليوم الاثنين إن عدد الإصابات ارتفع إلى مئة وعشرين…");
    assert!(a.body.starts_with("قالت وزارة الصحة"), "the lead stays in the body");
    assert!(a.warnings.iter().any(|w| w.contains("no title line")));
}

#[test]
fn date_under_title_and_at_the_end() {
    assert_eq!(p(&format!("عنوان الخبر هنا\n14 سبتمبر 2023\n{P1}")).date, day(2023, 9, 14));
    let a = p(&format!("عنوان الخبر هنا\n{P1}\n{P2}\nنشر في ٣ تموز ٢٠٢٢"));
    assert_eq!(a.date, day(2022, 7, 3));
    assert!(!a.body.contains("تموز"));
}

#[test]
fn date_inside_a_sentence_is_not_the_publication_date() {
    let a = p(&format!("عنوان الخبر هنا\n{P1}\nوكانت القمة قد عقدت في 18 أغسطس آب 2023 في كامب ديفيد.\n{P2}"));
    assert_eq!(a.date, None);
}

#[test]
fn caption_date_is_ignored_and_both_copies_dropped() {
    let cap = "وزير الصحة خلال زيارة لمستشفى في العاصمة. 13 سبتمبر 2023 - رويترز";
    let a = p(&format!("عنوان الخبر هنا\n{cap}\n{cap}\n{P1}\n{P2}"));
    assert_eq!(a.date, None);
    assert!(!a.body.contains("زيارة لمستشفى"), "{}", a.body);
    let a = p(&format!("عنوان الخبر هنا\n{P1}\nوزير الصحة يتفقد مستشفى في العاصمة (Getty)\n{P2}"));
    assert!(!a.body.contains("Getty"));
}

#[test]
fn date_in_the_appended_article_is_ignored() {
    let a = p(&format!("عنوان الخبر هنا\n{P1}\nاقرأ أيضًا\nعنوان آخر\n5 مايو 2021\n{P2}"));
    assert_eq!(a.date, None);
    assert!(!a.body.contains(P2));
}

#[test]
fn cut_markers_and_debris_lines() {
    let t = format!(
        "عنوان الخبر هنا\nانتقل إلى اختصارات الوصولشارك هذا المقالمحادثة\n+ الخط -\nالمناطق_ متابعات\n{P1}\nإعلان\n{P2}\nتابع أحدث الأخبار عبر تطبيق\nالمساهمون\nمقالات مشابهة\n  • عنوان\n{P3}"
    );
    let a = p(&t);
    assert_eq!(a.body, format!("{P1}\n\n{P2}\n"));
    assert_eq!(a.source.as_deref(), Some("المناطق"), "byline site name as last-resort source");
}

#[test]
fn configured_debris_and_cut_markers() {
    let cfg = IngestConfig {
        debris: vec!["حمّل تطبيقنا الآن".into()],
        cut_markers: vec!["الأكثر مشاهدة".into()],
        ..Default::default()
    };
    let t = format!("عنوان الخبر هنا\n{P1}\nحمل تطبيقنا الان\n{P2}\nالأكثر مشاهدة\n{P3}");
    let a = parse(&t, &cfg).unwrap();
    assert_eq!(a.body, format!("{P1}\n\n{P2}\n"));
}

#[test]
fn advert_glued_to_a_paragraph_end() {
    let a = p(&format!("عنوان الخبر هنا\n{P1} اعلان\n{P2}"));
    assert_eq!(a.body, format!("{P1}\n\n{P2}\n"));
}

#[test]
fn subheadings_and_trailing_short_lines() {
    let a = p(&format!("عنوان الخبر هنا\n{P1}\nأول زيارة منذ 24 عاماً\n{P2}\nروابط سريعة"));
    assert_eq!(a.body, format!("{P1}\n\n## أول زيارة منذ 24 عاماً\n\n{P2}\n"));
}

#[test]
fn list_items_and_quote_introductions_are_not_headings() {
    let a = p(&format!("عنوان الخبر هنا\n{P1}\nوأضاف الوزير:\n• خفض الضرائب\n• دعم الصادرات\n{P2}\n• بند أخير"));
    assert_eq!(a.body, format!("{P1}\n\nوأضاف الوزير:\n\n• خفض الضرائب\n\n• دعم الصادرات\n\n{P2}\n"));
}

#[test]
fn source_shapes() {
    let s = |t: &str| p(t).source;
    assert_eq!(s(&format!("عنوان الخبر هنا\n{P1}\nالمصدر: صدى البلد")).as_deref(), Some("صدى البلد"));
    assert_eq!(s(&format!("عنوان الخبر هنا\n{P1}\nالمصدر رويترز")).as_deref(), Some("رويترز"));
    assert_eq!(s(&format!("عنوان الخبر هنا\nسول -رويترز\n{P1}")).as_deref(), Some("رويترز"));
    let a = p(&format!("عنوان الخبر هنا\n{P1}\n(فرانس برس، رويترز، العربي الجديد)"));
    assert_eq!(a.source.as_deref(), Some("فرانس برس، رويترز، العربي الجديد"));
    assert!(!a.body.contains("فرانس"));
    let a = p(&format!("عنوان الخبر هنا\n{P1}\nالمصدر رويترز الوسومروسيا مصرالمصدر: كويت نيوز"));
    assert_eq!(a.source.as_deref(), Some("كويت نيوز"), "the explicit `المصدر:` wins");
    assert_eq!(a.keywords, ["روسيا", "مصر"]);
}

#[test]
fn escaped_body_renders_as_written() {
    let a = p(&format!("عنوان الخبر هنا\n{P1}\n1. أولا: *لا* تقترب من <السور> [هنا] #عاجل."));
    assert!(a.body.contains("1\\. أولا: \\*لا\\* تقترب من \\<السور\\> \\[هنا\\] \\#عاجل."), "{}", a.body);
}

#[test]
fn rejects_non_articles() {
    let err = |t: &str| parse(t, &IngestConfig::default()).unwrap_err().0;
    assert!(err("").contains("empty"));
    assert!(err("  \n\t\n \u{a0}\n").contains("empty"));
    assert!(
        err("This is an English page about the weather in London. It is raining again today.").contains("not Arabic")
    );
    assert!(err("\u{1}\u{2}\u{3}\0ELF\u{7f}\u{4}\u{5}").contains("binary"));
    assert!(err(&format!("عنوان{}\0", P1)).contains("binary"));
    assert!(err("اقرأ أيضا\nمقالات مشابهة\nالمساهمون\n+ الخط -\nتصنيفات\nإعلان\nشارك").contains("nothing"));
    assert!(err("عنوان فقط بلا أي نص تحته\nالمصدر: رويترز").contains("no article text"));
}

#[test]
fn never_panics_on_odd_input() {
    for t in [
        "(",
        "ا\n)",
        "المصدر:",
        "الوسوم",
        "كلمات دلالية:",
        "١.",
        "- - -\n# #\n",
        "عنوان عربي طويل بما يكفي لتجاوز الحد الأدنى للحروف\n(",
        "عنوان عربي طويل بما يكفي لتجاوز الحد الأدنى للحروف\nالمصدر: \nالوسوم\n:",
    ] {
        let _ = parse(t, &IngestConfig::default());
    }
}

#[test]
fn keywords_on_a_huge_line() {
    // How long this takes is measured by examples/fuzz_parse.rs (a 10 MB
    // line), not asserted here: timed tests fail on loaded machines.
    let line = "كلمة عربية ".repeat(20_000);
    let a = parse(&format!("عنوان\n{line}\nكلمات دلالية: كلمة عربية كلمة"), &IngestConfig::default()).unwrap();
    assert_eq!(a.keywords, ["كلمة عربية كلمة"], "the longest run found in the text");
}

#[test]
fn common_short_lines_across_texts() {
    let a = format!("عنوان أ\n{P1}\nحمل تطبيقنا\n14 سبتمبر 2023");
    let b = format!("عنوان ب\n{P2}\nحمل تطبيقنا\n14 سبتمبر 2023");
    let c = format!("عنوان ج\n{P3}\nحمّل تطبيقنا\n14 سبتمبر 2023\nحمل تطبيقنا");
    assert_eq!(common_short_lines(&[&a, &b]), Vec::<String>::new());
    assert_eq!(common_short_lines(&[&a, &b, &c]), ["حمل تطبيقنا"]);
}

#[test]
fn a_title_alone_is_too_short_not_foreign() {
    let e = parse("خبر عاجل اليوم\n", &IngestConfig::default()).unwrap_err();
    assert!(e.0.contains("too short"), "{}", e.0);
    let e = parse("This is an English press release about markets and prices today.\n", &IngestConfig::default())
        .unwrap_err();
    assert!(e.0.contains("not Arabic news"), "{}", e.0);
}
