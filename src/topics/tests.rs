//! Unit tests of [`super::group`].

use super::*;
use crate::date::PubDate;
use chrono::NaiveDate;

fn art(i: usize, day: Option<u32>, title: &str, tags: &[&str], body: &str) -> Article {
    Article {
        path: format!("content/articles/{i}.md"),
        title: title.into(),
        date: day.map(|d| PubDate::Day(NaiveDate::from_ymd_opt(2024, 1, d).unwrap())),
        tags: tags.iter().map(|s| s.to_string()).collect(),
        slug: format!("a{i}"),
        body: body.into(),
        body_line: 1,
        ..Default::default()
    }
}

fn no_auto() -> TopicsConfig {
    TopicsConfig { auto_tags: 0, ..TopicsConfig::default() }
}

fn names(t: &Topics) -> Vec<(&str, usize)> {
    t.tags.iter().map(|t| (t.name.as_str(), t.members.len())).collect()
}

fn tag<'a>(t: &'a Topics, name: &str) -> &'a Tag {
    t.tags.iter().find(|x| x.name == name).unwrap_or_else(|| panic!("no tag {name}: {:?}", names(t)))
}

#[test]
fn transliteration_variants_merge_into_one_tag() {
    let a = vec![
        art(0, Some(1), "أ", &["كيم جونغ أون", "بيونغ يانغ", "کوریا الشمالیة", "الرئيس الروسى"], ""),
        art(1, Some(2), "ب", &["كيم جونج أون", "بيونج يانج", "كوريا الشمالية", "كوريه"], ""),
        art(2, Some(3), "ج", &["كيم جونغ-أون", "بيونجيانج", "كوريا الشمالية", "كورية"], ""),
        art(3, Some(4), "د", &["شويغو", "الغرب"], ""),
        art(4, Some(5), "ه", &["شويجو", "الجرب"], ""),
    ];
    let t = group(&a, &no_auto());
    assert_eq!(tag(&t, "كوريا الشمالية").members, vec![2, 1, 0]);
    assert_eq!(tag(&t, "كوريا الشمالية").spellings, vec!["كوريا الشمالية", "کوریا الشمالیة"]);
    assert_eq!(tag(&t, "بيونجيانج").members.len(), 3, "equal counts: the newest spelling");
    assert_eq!(tag(&t, "بيونجيانج").spellings, vec!["بيونجيانج", "بيونج يانج", "بيونغ يانغ"]);
    assert_eq!(tag(&t, "كيم جونغ-أون").spellings, vec!["كيم جونغ-أون", "كيم جونج أون", "كيم جونغ أون"]);
    assert_eq!(tag(&t, "كورية").members.len(), 2, "ة / ه");
    assert_eq!(tag(&t, "شويجو").members, vec![4, 3]);
    assert_eq!(tag(&t, "الغرب").members, vec![3], "short words keep غ and ج apart");
    assert_eq!(tag(&t, "الجرب").members, vec![4]);
    assert_eq!(tag(&t, "الرئيس الروسى").members, vec![0]);
}

#[test]
fn role_and_name_phrases_count_for_the_name() {
    let a = vec![
        art(0, Some(1), "أ", &["بوتين"], ""),
        art(1, Some(2), "ب", &["الرئيس الروسي فلاديمير بوتين", "الزعيم الكوري الشمالي كيم جونج أون"], ""),
        art(2, Some(3), "ج", &["الروسي فلاديمير بوتين", "كيم جونغ أون"], ""),
        art(3, Some(4), "د", &["الزعيم الكوري الشمالي", "قطاع غزة"], ""),
        art(4, Some(5), "ه", &["غزة"], ""),
    ];
    let t = group(&a, &no_auto());
    let putin = tag(&t, "بوتين");
    assert_eq!(putin.members, vec![2, 1, 0]);
    assert_eq!(putin.spellings, vec!["بوتين", "الروسي فلاديمير بوتين", "الرئيس الروسي فلاديمير بوتين"]);
    assert_eq!(tag(&t, "كيم جونغ أون").members, vec![2, 1]);
    assert_eq!(tag(&t, "غزة").members, vec![4, 3]);
    assert_eq!(tag(&t, "الزعيم الكوري الشمالي").members, vec![3], "a title without a name stays a tag");
    assert!(!t.tags.iter().any(|x| x.name.contains("فلاديمير")));
}

#[test]
fn aliases_rename_and_ban() {
    let a = vec![
        art(0, Some(1), "أ", &["الإمارات", "عاجل جدا", "مصر"], ""),
        art(1, Some(2), "ب", &["دولة الإمارات العربية المتحدة", "أم الدنيا"], ""),
        art(2, Some(3), "ج", &["الامارات"], "الإمارات الإمارات"),
    ];
    let mut config = no_auto();
    config.aliases.insert("الإمارات".into(), vec!["دولة الإمارات العربية المتحدة".into()]);
    config.rename.insert("أم الدنيا".into(), "جمهورية مصر".into());
    config.aliases.insert("مصر".into(), vec!["أم الدنيا".into()]);
    config.ban = vec!["عاجل  جدا".into()];
    let t = group(&a, &config);
    assert_eq!(tag(&t, "الإمارات").members, vec![2, 1, 0]);
    assert_eq!(tag(&t, "جمهورية مصر").members, vec![1, 0], "rename wins over the alias name");
    assert!(!t.tags.iter().any(|x| x.spellings.iter().any(|s| s.contains("عاجل"))));
    assert_eq!(t.tags.len(), 2);

    // Banned phrases are not automatic keywords either.
    let b = vec![
        art(0, Some(1), "التغير المناخي يهدد السواحل", &[], "التغير المناخي"),
        art(1, Some(2), "التغير المناخي والزراعة", &[], "التغير المناخي"),
        art(2, Some(3), "التغير المناخي وحرائق الغابات", &[], "نص"),
    ];
    let t = group(&b, &TopicsConfig::default());
    assert!(t.tags.iter().any(|x| x.name == "التغير المناخي"), "{:?}", names(&t));
    let t = group(&b, &TopicsConfig { ban: vec!["التغير المناخى".into()], ..TopicsConfig::default() });
    assert!(!t.tags.iter().any(|x| x.name == "التغير المناخي"), "{:?}", names(&t));
}

#[test]
fn automatic_keywords_reuse_existing_tags() {
    let a = vec![
        art(0, Some(1), "بوتين في بكين", &["فلاديمير بوتين", "الصين", "روسيا"], "زار فلاديمير بوتين بكين."),
        art(1, Some(2), "زيارة إلى الصين", &[], "قال فلاديمير بوتين إن الصين شريك. وأكد بوتين ذلك. الصين الصين"),
        art(2, Some(3), "كرة القدم", &[], "فاز الأهلي على الزمالك. الأهلي بطل. مبروك للأهلي."),
        art(3, Some(4), "الأهلي بطلا", &["كرة القدم"], "توج الأهلي بالدوري بعد فوزه على الزمالك."),
        art(4, Some(5), "حوار", &[], "روسيا وروسيا، ثم بروسيا. وأكد بوتين أن فلاديمير بوتين… وبوتين"),
        art(5, Some(6), "الأهلي يفوز", &[], "نص"),
    ];
    let t = group(&a, &TopicsConfig::default());
    assert_eq!(tag(&t, "الصين").members, vec![1, 0], "three mentions in a body");
    assert_eq!(tag(&t, "روسيا").members, vec![4, 0], "three with their prefixes");
    assert_eq!(tag(&t, "فلاديمير بوتين").members, vec![4, 0], "بوتين counts after the full name; 1 has two mentions");
    assert_eq!(tag(&t, "كرة القدم").members, vec![3, 2], "a title naming a tag joins it");
    assert_eq!(tag(&t, "الأهلي").members, vec![5, 3, 2], "a known subject of three articles");
    let t = group(&a, &TopicsConfig { min_articles: 4, ..TopicsConfig::default() });
    assert!(!t.tags.iter().any(|x| x.name == "الأهلي"), "an automatic tag needs min_articles: {:?}", names(&t));
    assert_eq!(tag(&t, "كرة القدم").members, vec![3, 2], "a keyword line is always kept");
    assert_eq!(
        t.article_tags[0][..3],
        [tag_index(&t, "فلاديمير بوتين"), tag_index(&t, "الصين"), tag_index(&t, "روسيا")]
    );
    let t = group(&a, &TopicsConfig::default());
    let why = |name: &str, a: usize| {
        let k = tag_index(&t, name);
        t.reasons[a][t.article_tags[a].iter().position(|&x| x == k).unwrap()]
    };
    assert_eq!(why("روسيا", 0), Reason { keyword: true, title: 0, body: 0 });
    assert_eq!(why("روسيا", 4), Reason { keyword: false, title: 0, body: 3 });
    assert_eq!(why("كرة القدم", 2), Reason { keyword: false, title: 1, body: 0 });
    for (i, tags) in t.article_tags.iter().enumerate() {
        assert_eq!(tags.len(), t.reasons[i].len());
        for &k in tags {
            assert!(t.tags[k].members.contains(&i));
        }
    }
}

fn tag_index(t: &Topics, name: &str) -> usize {
    t.tags.iter().position(|x| x.name == name).unwrap()
}

#[test]
fn order_slugs_and_members() {
    let a = vec![
        art(0, None, "أ", &["غزة", "Gaza!"], ""),
        art(1, Some(5), "ب", &["غزة", "gaza"], ""),
        art(2, Some(9), "ج", &["غزة", "ﻏﺰﺓ"], ""),
    ];
    let t = group(&a, &no_auto());
    assert_eq!(t.tags[0].name, "غزة");
    assert_eq!(t.tags[0].members, vec![2, 1, 0], "newest first, undated last");
    let slugs: Vec<&str> = t.tags.iter().map(|t| t.slug.as_str()).collect();
    let mut unique = slugs.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), slugs.len(), "{slugs:?}");
    assert_eq!(t.tags[0].key, "غزه");
}

#[test]
fn deterministic() {
    let mk = || {
        (0..40)
            .map(|i| {
                let tags: Vec<&str> =
                    ["مصر", "غزة", "السودان", "ليبيا", "تونس"].into_iter().skip(i % 3).take(2).collect();
                art(i, Some(1 + (i % 28) as u32), "خبر عن مصر وغزة", &tags, "الجيش الليبي في طرابلس. الجيش الليبي.")
            })
            .collect::<Vec<_>>()
    };
    let first = group(&mk(), &TopicsConfig::default());
    for _ in 0..5 {
        assert_eq!(group(&mk(), &TopicsConfig::default()), first);
    }
    assert!(first.related.iter().all(|r| r.len() <= 5));
}

#[test]
fn related_prefers_rare_shared_tags_then_newest() {
    let a = vec![
        art(0, Some(1), "أ", &["مصر", "الفيضانات"], ""),
        art(1, Some(2), "ب", &["مصر"], ""),
        art(2, Some(3), "ج", &["مصر"], ""),
        art(3, Some(4), "د", &["مصر", "الفيضانات"], ""),
        art(4, Some(5), "ه", &["السودان"], ""),
    ];
    let t = group(&a, &TopicsConfig { related: 2, ..no_auto() });
    assert_eq!(t.related[0], vec![3, 2]);
    assert_eq!(t.related[1], vec![3, 2]);
    assert!(t.related[4].is_empty());
    assert_eq!(by_count(&t)[0], tag_index(&t, "مصر"));
    let alpha: Vec<&str> = by_name(&t).into_iter().map(|i| t.tags[i].name.as_str()).collect();
    assert_eq!(alpha, vec!["السودان", "الفيضانات", "مصر"]);
}

#[test]
fn empty_archive() {
    let t = group(&[], &TopicsConfig::default());
    assert!(t.tags.is_empty() && t.article_tags.is_empty() && t.related.is_empty());
}

#[test]
fn clitic_forms_are_not_listed_as_spellings() {
    let mut s: Vec<String> = ["كيم", "وكيم", "بوتين", "لبنان", "ليبيا"].iter().map(|s| s.to_string()).collect();
    super::assemble::drop_clitic_forms(&mut s);
    assert_eq!(s, ["كيم", "بوتين", "لبنان", "ليبيا"]);
}

#[test]
fn restrict_renumbers_and_drops_empty_tags() {
    let t = Topics {
        tags: vec![
            Tag { key: "a".into(), name: "أ".into(), slug: "أ".into(), spellings: vec![], members: vec![0, 2] },
            Tag { key: "b".into(), name: "ب".into(), slug: "ب".into(), spellings: vec![], members: vec![1] },
        ],
        article_tags: vec![vec![0], vec![1], vec![0]].into(),
        reasons: vec![
            vec![Reason { keyword: true, title: 0, body: 0 }],
            vec![Reason::default()],
            vec![Reason::default()],
        ]
        .into(),
        related: vec![vec![2, 1], vec![0], vec![0]].into(),
    };
    let r = t.restrict(&[true, false, true]);
    assert_eq!(r.tags.len(), 1);
    assert_eq!(r.tags[0].members, vec![0, 1]);
    assert_eq!(r.tags[0].slug, "أ");
    assert_eq!(r.article_tags, FlatLists::from(vec![vec![0], vec![0]]));
    assert_eq!(r.reasons[0], vec![Reason { keyword: true, title: 0, body: 0 }], "reasons follow their tags");
    assert_eq!(r.related, FlatLists::from(vec![vec![1], vec![0]]));
}
