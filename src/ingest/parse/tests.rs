//! Whole-parser unit tests: each debris kind, title handling, dates by
//! position, sources, subheadings, rejection. The seeds and fixture files
//! are exercised by `tests/it/parse_fixtures.rs`.

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
fn the_title_printed_again_under_itself_is_dropped_a_line_repeating_it_later_is_text() {
    let t = format!("ارتفاع الإصابات بالكوليرا\n\nارتفاع الإصابات بالكوليرا\n{P1}\nارتفاع الإصابات بالكوليرا.\n{P2}");
    let a = p(&t);
    assert_eq!(a.title, "ارتفاع الإصابات بالكوليرا");
    assert_eq!(a.body, format!("{P1}\n\nارتفاع الإصابات بالكوليرا.\n\n{P2}\n"));
    // A poem titled by one of its lines keeps the line.
    let poem = ["يودعها مساء الأحلام", "أبيك الورد عن لمسه", "وأبيك الغيم ظله", "يودعها مساء الأحلام"];
    let a = p(&format!("يودعها مساء الأحلام\n21 يوليو 2015\nخالد البقمي\n{}", poem.join("\n")));
    assert_eq!(a.body, format!("{}\n", poem.join("\\\n")));
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
    assert_eq!(a.body, format!("{P1}\n\nوأضاف الوزير:\n\n• خفض الضرائب\n\n• دعم الصادرات\n\n{P2}\n\n• بند أخير\n"));
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
    let err = |t: &str| parse(t, &IngestConfig::default()).unwrap_err().message;
    assert!(err("").contains("empty"));
    assert!(err("  \n\t\n \u{a0}\n").contains("empty"));
    assert!(
        err("This is an English page about the weather in London. It is raining again today.").contains("not Arabic")
    );
    assert!(err("\u{1}\u{2}\u{3}\0ELF\u{7f}\u{4}\u{5}").contains("binary"));
    assert!(err("اقرأ أيضا\nمقالات مشابهة\nالمساهمون\n+ الخط -\nتصنيفات\nإعلان\nشارك").contains("nothing"));
    assert!(err("عنوان فقط بلا أي نص تحته\nالمصدر: رويترز").contains("no article text"));
    assert!(
        err("عنوان فقط بلا أي نص تحته\n21 يوليو 2015\nالرياض - محمد الحيدر\nالمصدر: الرياض").contains("no article text")
    );
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
    // How long this takes is measured by tools/fuzz_parse.rs (a 10 MB
    // line), not asserted here: timed tests fail on loaded machines.
    let line = "كلمة عربية ".repeat(20_000);
    let a = parse(&format!("عنوان\n{line}\nكلمات دلالية: كلمة عربية كلمة"), &IngestConfig::default()).unwrap();
    assert_eq!(a.keywords, ["كلمة عربية كلمة"], "the longest run found in the text");
}

#[test]
fn a_title_alone_is_too_short_not_foreign() {
    let e = parse("خبر عاجل اليوم\n", &IngestConfig::default()).unwrap_err();
    assert!(e.message.contains("too short"), "{}", e.message);
    let e = parse("This is an English press release about markets and prices today.\n", &IngestConfig::default())
        .unwrap_err();
    assert!(e.message.contains("not Arabic news"), "{}", e.message);
}

#[test]
fn control_characters_are_removed_never_a_reason_to_reject() {
    // U+001A between paragraphs (old CMS exports), a NUL, C1 controls.
    let a = p(&format!("عنوان\u{1a}الخبر هنا\n{P1} \u{1a}\u{1a}{P2}\n\u{1a}\n{P3}\u{0}\n\u{85}وسطر\u{9c} أخير"));
    assert_eq!(a.title, "عنوانالخبر هنا");
    assert_eq!(a.body, format!("{P1} {P2}\n\n{P3}\n\nوسطر أخير\n"));
    // Many of them: still the article.
    let noisy = format!("عنوان الخبر هنا\n{}\n{P2}", P1.replace(' ', " \u{1a}"));
    assert_eq!(p(&noisy).body, format!("{P1}\n\n{P2}\n").replace(' ', "  ").replace("  ", " "));
    // Binary data with no article in it is still refused, saying why.
    let e = parse(&"\u{1}\u{2}PK\u{3}\u{4} [Content_Types].xml \u{14}\u{15}".repeat(20), &IngestConfig::default());
    assert!(e.unwrap_err().message.contains("binary data"));
}

#[test]
fn a_poem_keeps_every_line_in_order_with_hard_breaks() {
    let poem = [
        "على شاطئ الليل أمشي وحيدا",
        "أعد النجوم التي لا تعود",
        "وأسأل موج الخليج البعيد",
        "متى يستريح الغريب الشريد",
        "وتهدأ في صدره الأغنيات",
        "ويغفو على كتفيه الوجود",
    ];
    // Title, date, byline, the poem alone (no sentence at all), source, tail.
    let raw = format!(
        "قصيدة: غريب على الخليج\n22 يوليو 2015\nشعر - سالم الراوي\n{}\nالمصدر: الرياض\nاقرأ أيضا\nعنوان آخر\n{P1}",
        poem.join("\n")
    );
    let a = p(&raw);
    assert_eq!(a.title, "قصيدة: غريب على الخليج");
    assert_eq!(a.body, format!("{}\n", poem.join("\\\n")), "one verse block, every line, in order");
    assert_eq!(a.source.as_deref(), Some("الرياض"));
    // Between two paragraphs, with blank lines between the verses (how the
    // seeds' sites print every line).
    let a = p(&format!("عنوان الخبر هنا\n\n{P1}\n\n{}\n\n{P2}", poem.join("\n\n")));
    assert_eq!(a.body, format!("{P1}\n\n{}\n\n{P2}\n", poem.join("\\\n")));
}

#[test]
fn a_letter_to_the_editor_keeps_its_salutation_and_signature() {
    let raw = format!(
        "رسالة إلى المحرر: الطريق إلى المدرسة\n21 يوليو 2015\nسعادة رئيس التحرير المحترم،\nالسلام عليكم ورحمة الله وبركاته\n{P1}\n{P2}\nوتقبلوا فائق الاحترام،\nأخوكم\nفهد بن سالم العتيبي\nالمصدر: الوطن"
    );
    let a = p(&raw);
    assert_eq!(
        a.body,
        format!(
            "سعادة رئيس التحرير المحترم،\\\nالسلام عليكم ورحمة الله وبركاته\n\n{P1}\n\n{P2}\n\nوتقبلوا فائق الاحترام،\\\nأخوكم\\\nفهد بن سالم العتيبي\n"
        )
    );
    assert_eq!(a.source.as_deref(), Some("الوطن"));
}

#[test]
fn short_lines_above_and_below_the_text_are_kept() {
    // A kicker above the first paragraph, a closing line after the last.
    let a = p(&format!("عنوان الخبر هنا\n14 سبتمبر 2023\nخاص بالصحيفة\n{P1}\n{P2}\nوالله الموفق\nالمصدر: الرياض"));
    assert_eq!(a.body, format!("خاص بالصحيفة\n\n{P1}\n\n{P2}\n\nوالله الموفق\n"));
    // One stray line between the title and the date line is header furniture.
    let a = p(&format!("عنوان الخبر هنا\nبوتين يلتقي نظيره\n14 سبتمبر 2023\n{P1}"));
    assert_eq!(a.body, format!("{P1}\n"));
}

#[test]
fn bylines_give_author_and_dateline_never_the_source() {
    let cases = [
        ("لندن: رنيم حنوش", Some("رنيم حنوش"), Some("لندن")),
        ("الرياض - محمد الحيدر", Some("محمد الحيدر"), Some("الرياض")),
        ("د ب أ - بوينس آيرس", Some("د ب أ"), Some("بوينس آيرس")),
        ("حامد القرشي – مكة المكرمة", Some("حامد القرشي"), Some("مكة المكرمة")),
        ("إعداد وترجمة - بندر الحربي", Some("بندر الحربي"), None),
    ];
    for (line, author, place) in cases {
        let a = p(&format!("عنوان الخبر هنا\n14 سبتمبر 2023\n{line}\n{P1}\n{P2}\nالمصدر: اليوم"));
        assert_eq!((a.author.as_deref(), a.dateline.as_deref()), (author, place), "{line}");
        assert_eq!(a.source.as_deref(), Some("اليوم"), "{line}: the source line is the source");
        assert_eq!(a.body, format!("{P1}\n\n{P2}\n"), "{line}");
    }
    // Without a source line: an agency byline credits the agency, a person's never does.
    let a = p(&format!("عنوان الخبر هنا\nالرياض - واس\n{P1}"));
    assert_eq!((a.author.as_deref(), a.source.as_deref()), (Some("واس"), Some("واس")));
    let a = p(&format!("عنوان الخبر هنا\nالرياض - محمد الحيدر\n{P1}"));
    assert_eq!((a.author.as_deref(), a.source), (Some("محمد الحيدر"), None));
    // A title shaped like a byline is the title; the same shape inside the
    // text is text.
    let a = p(&format!("واشنطن: محمد علي\n{P1}\nمصر - السودان\n{P2}"));
    assert_eq!((a.title.as_str(), a.author.as_deref()), ("واشنطن: محمد علي", None));
    assert!(a.body.contains("## مصر - السودان"), "{}", a.body);
}

#[test]
fn a_read_also_tail_after_the_source_line_is_cut_even_without_text() {
    // A photo story: title, date, source line, then another article.
    let t = format!("قصة مصورة: العيد في الرياض\n21 يوليو 2015\nالمصدر: الرياض\nاقرأ أيضا\nعنوان آخر\n{P1}");
    let e = parse(&t, &IngestConfig::default()).unwrap_err();
    assert!(e.message.contains("no article text"), "{}", e.message);
    // An agency credit alone is not an article either; a name alone is.
    let e = parse("قصة مصورة: العيد في الرياض\nرويترز\n", &IngestConfig::default()).unwrap_err();
    assert!(e.message.contains("no article text"), "{}", e.message);
    let a = p("قصة مصورة: العيد في الرياض\nسعود الفيصل خالد الدوس\n");
    assert_eq!((a.body.as_str(), a.author), ("سعود الفيصل خالد الدوس\n", None));
}

#[test]
fn html_character_references_from_the_page_source_become_characters() {
    let t =
        format!("فريق &#8220;اترك أثر&#8221; ينتج مقاطع &quot;فيديو&quot;\n21 يوليو 2015\n{P1} &lt;b&gt; AT&T\n{P2}");
    let a = p(&t);
    assert_eq!(a.title, "فريق “اترك أثر” ينتج مقاطع \"فيديو\"");
    // `<` and `&` are now text, escaped so that Markdown shows them as written.
    assert_eq!(a.body, format!("{P1} \\<b\\> AT\\&T\n\n{P2}\n"));
}
