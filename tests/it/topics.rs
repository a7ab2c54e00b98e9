//! Topics on fixture archives: the five seeds (as ingest writes them) and an
//! eighteen-article archive on six subjects.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use warraq::config::Config;
use warraq::content::{self, Article};
use warraq::topics::{self, Topics};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/topics").join(name)
}

fn load(name: &str) -> (Config, Vec<Article>, Topics) {
    let site = fixture(name);
    let config = Config::load(&site).unwrap();
    let articles = content::load(&site).unwrap().articles;
    let topics = topics::group(&articles, &config.topics);
    (config, articles, topics)
}

/// Paths of the members of the tag with this (shown) name.
fn members(articles: &[Article], t: &Topics, name: &str) -> Vec<String> {
    let tag = t
        .tags
        .iter()
        .find(|x| x.name == name)
        .unwrap_or_else(|| panic!("no tag {name}; tags: {:?}", t.tags.iter().map(|x| &x.name).collect::<Vec<_>>()));
    tag.members.iter().map(|&i| articles[i].path.clone()).collect()
}

fn tag_names(t: &Topics, article: usize) -> BTreeSet<String> {
    t.article_tags[article].iter().map(|&k| t.tags[k].name.clone()).collect()
}

fn index_of(articles: &[Article], file: &str) -> usize {
    articles.iter().position(|a| a.path.ends_with(file)).unwrap_or_else(|| panic!("no article {file}"))
}

#[test]
fn seeds_north_korea_putin_and_kim_hold_all_five() {
    let (_, articles, t) = load("seeds");
    assert_eq!(articles.len(), 5);
    for name in ["كوريا الشمالية", "بوتين", "كيم جونج أون", "روسيا"] {
        assert_eq!(members(&articles, &t, name).len(), 5, "{name}");
    }
    let korea = t.tags.iter().find(|x| x.name == "كوريا الشمالية").unwrap();
    assert_eq!(korea.spellings, vec!["كوريا الشمالية"]);
    let kim = t.tags.iter().find(|x| x.name == "كيم جونج أون").unwrap();
    assert!(kim.spellings.contains(&"الزعيم الكوري الشمالي كيم جونج أون".to_string()));
    // No subject twice under two spellings.
    for (i, a) in t.tags.iter().enumerate() {
        for b in &t.tags[i + 1..] {
            assert_ne!(topics::text::phrase_hash(&a.name), topics::text::phrase_hash(&b.name));
            let (x, y) = (&a.name, &b.name);
            assert!(!(x.contains("كيم") && y.contains("كيم")), "{x} / {y}");
            assert!(!(x.contains("بوتين") && y.contains("بوتين")), "{x} / {y}");
            assert!(!(x.contains("كوريا") && y.contains("كوريا")), "{x} / {y}");
        }
    }
    // The four subjects come first; members newest first, undated last.
    let top: BTreeSet<&str> = t.tags[..4].iter().map(|x| x.name.as_str()).collect();
    assert_eq!(top, BTreeSet::from(["كوريا الشمالية", "بوتين", "كيم جونج أون", "روسيا"]));
    let m = members(&articles, &t, "بوتين");
    assert!(m[0].contains("2023/09/14") && m[3].contains("undated") && m[4].contains("undated"), "{m:?}");
}

#[test]
fn archive_tags_by_subject() {
    let (_, articles, t) = load("archive");
    assert_eq!(articles.len(), 18);
    // An article is in a tag when its keyword line has it, its title names
    // it, or its body names it three times: the match report that names
    // محمد صلاح once is not about him, the IMF article that names the
    // central bank once is not about it, the heat wave named twice a sign
    // of تغير المناخ is not about it.
    let expect: &[(&str, &[&str])] = &[
        ("البنك المركزي المصري", &["المركزي-يرفع-الفائدة", "التضخم-يتراجع"]),
        ("الجنيه المصري", &["المركزي-يرفع-الفائدة"]),
        ("غزة", &["غزة-الأمم-المتحدة", "وقف-إطلاق-النار", "معبر-رفح"]),
        ("المساعدات الإنسانية", &["غزة-الأمم-المتحدة", "معبر-رفح"]),
        ("قوات الدعم السريع", &["الحرب-في-السودان", "الفاشر", "البرهان"]),
        ("الجيش السوداني", &["الحرب-في-السودان", "البرهان"]),
        ("محمد صلاح", &["صلاح-يسجل", "صلاح-إصابة"]),
        ("ليفربول", &["صلاح-يسجل", "صلاح-إصابة", "ليفربول-مانشستر-يونايتد"]),
        ("تغير المناخ", &["مؤتمر-المناخ", "الطاقة-المتجددة"]),
        ("كوريا الشمالية", &["صاروخ-باليستي", "بيونج-يانج"]),
        ("بيونج يانج", &["صاروخ-باليستي", "بيونج-يانج"]),
    ];
    for (name, files) in expect {
        let got = members(&articles, &t, name);
        assert_eq!(got.len(), files.len(), "{name}: {got:?}");
        for f in *files {
            assert!(got.iter().any(|p| p.contains(f)), "{name} lacks {f}: {got:?}");
        }
    }
    // Merged spellings.
    let korea = t.tags.iter().find(|x| x.name == "كوريا الشمالية").unwrap();
    assert_eq!(korea.spellings, vec!["كوريا الشمالية", "کوریا الشمالیة"]);
    let gaza = t.tags.iter().find(|x| x.name == "غزة").unwrap();
    assert_eq!(gaza.spellings, vec!["غزة", "قطاع غزة"]);
    let salah = t.tags.iter().find(|x| x.name == "محمد صلاح").unwrap();
    assert_eq!(salah.spellings, vec!["محمد صلاح", "النجم المصري محمد صلاح"]);
    // Banned in site.toml.
    assert!(!t.tags.iter().any(|x| x.name.contains("عاجلة")));
    // Articles on unrelated subjects share no tag.
    let subjects: [&[&str]; 6] = [
        &["المركزي-يرفع-الفائدة", "التضخم-يتراجع", "قرض-صندوق-النقد"],
        &["غزة-الأمم-المتحدة", "وقف-إطلاق-النار", "معبر-رفح"],
        &["الحرب-في-السودان", "الفاشر", "البرهان"],
        &["صلاح-يسجل", "صلاح-إصابة", "ليفربول-مانشستر-يونايتد"],
        &["مؤتمر-المناخ", "الطاقة-المتجددة", "موجات-الحر"],
        &["صاروخ-باليستي", "بيونج-يانج", "مناورات"],
    ];
    for (i, a) in subjects.iter().enumerate() {
        for b in &subjects[i + 1..] {
            for fa in *a {
                for fb in *b {
                    let ta = tag_names(&t, index_of(&articles, &format!("{fa}.md")));
                    let tb = tag_names(&t, index_of(&articles, &format!("{fb}.md")));
                    let shared: Vec<_> = ta.intersection(&tb).collect();
                    assert!(shared.is_empty(), "{fa} and {fb} share {shared:?}");
                }
            }
        }
    }
    // Related articles stay within the subject.
    let salah_goal = index_of(&articles, "صلاح-يسجل.md");
    let rel: Vec<&str> = t.related[salah_goal].iter().map(|&i| articles[i].path.as_str()).collect();
    assert_eq!(rel.len(), 2, "{rel:?}");
    assert!(rel.iter().all(|p| p.contains("صلاح") || p.contains("ليفربول")), "{rel:?}");
    // Every tag's slug is unique; indices agree both ways.
    let slugs: BTreeSet<&str> = t.tags.iter().map(|x| x.slug.as_str()).collect();
    assert_eq!(slugs.len(), t.tags.len());
    for (i, tags) in t.article_tags.iter().enumerate() {
        for &k in tags {
            assert!(t.tags[k].members.contains(&i));
        }
    }
    // Alphabetical index: Arabic letter order.
    let alpha: Vec<&str> = topics::by_name(&t).into_iter().map(|i| t.tags[i].name.as_str()).collect();
    let pos = |n: &str| alpha.iter().position(|x| *x == n).unwrap();
    assert!(pos("البنك المركزي المصري") < pos("بيونج يانج"));
    assert!(pos("بيونج يانج") < pos("غزة"));
    assert!(pos("غزة") < pos("محمد صلاح"));
}

#[test]
fn grouping_is_deterministic() {
    let (config, articles, t) = load("archive");
    let mut reversed = articles.clone();
    reversed.reverse();
    let r = topics::group(&reversed, &config.topics);
    let names = |t: &Topics, arts: &[Article]| -> BTreeSet<(String, Vec<String>)> {
        t.tags
            .iter()
            .map(|x| {
                let mut m: Vec<String> = x.members.iter().map(|&i| arts[i].path.clone()).collect();
                m.sort();
                (x.name.clone(), m)
            })
            .collect()
    };
    assert_eq!(names(&t, &articles), names(&r, &reversed), "input order does not change the tags");
    assert_eq!(topics::group(&articles, &config.topics), t);
}

#[test]
fn tags_json_command() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_warraq"))
        .args(["tags", "--format", "json", "--site"])
        .arg(fixture("seeds"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tags = v.as_array().unwrap();
    let putin = tags.iter().find(|t| t["name"] == "بوتين").unwrap();
    assert_eq!(putin["slug"], "بوتين");
    assert_eq!(putin["url"], "/archive/tags/%D8%A8%D9%88%D8%AA%D9%8A%D9%86/");
    assert_eq!(putin["count"], 5);
    assert_eq!(putin["spellings"][0], "بوتين");
    let arts = putin["articles"].as_array().unwrap();
    assert_eq!(arts.len(), 5);
    assert_eq!(arts[0]["date"], "2023-09-14");
    assert_eq!(arts[0]["source_file"], "content/inbox/004_86f0fdc2a1dc9b03.txt");
    assert_eq!(arts[0]["draft"], false);
    assert!(arts[0]["path"].as_str().unwrap().starts_with("content/articles/2023/09/14-"));
    assert_eq!(arts[0]["title"], "بوتين يقبل دعوة من كيم لزيارة كوريا الشمالية");
    assert_eq!(arts[4]["date"], serde_json::Value::Null);
    assert_eq!(arts[4]["draft"], true);
    assert_eq!(arts[0]["why"]["keyword"], false, "this seed has no keyword line for بوتين");
    assert!(arts[0]["why"]["title"].as_u64().unwrap() >= 1, "{}", arts[0]["why"]);
    for a in tags.iter().flat_map(|t| t["articles"].as_array().unwrap()) {
        let why = &a["why"];
        let (k, t, b) =
            (why["keyword"].as_bool().unwrap(), why["title"].as_u64().unwrap(), why["body"].as_u64().unwrap());
        assert!(k || t >= 1 || b >= 3, "every member says why: {a}");
    }
    for t in tags {
        let keys: BTreeSet<&str> = t.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        assert_eq!(keys, BTreeSet::from(["name", "slug", "url", "count", "spellings", "articles"]));
        assert_eq!(t["count"].as_u64().unwrap() as usize, t["articles"].as_array().unwrap().len());
    }

    let text = std::process::Command::new(env!("CARGO_BIN_EXE_warraq"))
        .args(["tags", "--site"])
        .arg(fixture("seeds"))
        .output()
        .unwrap();
    assert!(text.status.success());
    let s = String::from_utf8(text.stdout).unwrap();
    assert!(s.starts_with("8 tags over 5 articles; the counts include 2 not published yet"), "{s}");
    assert!(s.contains("كوريا الشمالية (5, 2 not published) — spellings: كوريا الشمالية"), "{s}");
    assert!(s.contains("[مسودة]"));
}

#[test]
fn tags_command_reports_broken_content() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.toml"), "title = \"x\"\n").unwrap();
    std::fs::create_dir_all(dir.path().join("content/articles")).unwrap();
    std::fs::write(dir.path().join("content/articles/bad.md"), "+++\ntitle = \"x\"\ndate = \"amس\"\n+++\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_warraq"))
        .args(["tags", "--site"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.md"));
}

/// Why article `file` is in tag `name`: (keyword line, title, body).
fn why(articles: &[Article], t: &Topics, name: &str, file: &str) -> Option<(bool, u32, u32)> {
    let a = index_of(articles, file);
    let k = t.tags.iter().position(|x| x.name == name)?;
    let p = t.article_tags[a].iter().position(|&x| x == k)?;
    let r = t.reasons[a][p];
    Some((r.keyword, r.title, r.body))
}

/// An archive without keyword lines, in the shapes of real news (invented
/// wording): every tag is found in the text, and only subjects are.
#[test]
fn plain_archive_tags_are_subjects_not_fragments() {
    let (_, articles, t) = load("plain");
    let names: BTreeSet<&str> = t.tags.iter().map(|x| x.name.as_str()).collect();
    // A known place, a foreign name in three titles, a person named with
    // his title (the title is not part of the tag).
    assert_eq!(names, BTreeSet::from(["جدة", "كوستيلو", "خالد الفيصل"]), "{names:?}");
    for tag in &t.tags {
        let n = &tag.name;
        // No formula, number or unit, office without its holder, verb or
        // attached prefix at an edge.
        assert!(!n.contains("الله") && !n.chars().any(|c| c.is_ascii_digit()), "{n}");
        for w in ["برميل", "ريال", "مليون", "ولي", "العهد", "وزير", "الأمير", "يفتتح", "يستقبل", "بجدة", "لجدة"]
        {
            assert!(!n.split(' ').any(|x| x == w), "{n} holds {w}");
        }
    }
    // The spellings of جدة do not list its forms with a prefix.
    let jeddah = t.tags.iter().find(|x| x.name == "جدة").unwrap();
    assert_eq!(jeddah.spellings, ["جدة"]);
    // The person's title is cut, and his family name alone is his.
    let khalid = t.tags.iter().find(|x| x.name == "خالد الفيصل").unwrap();
    assert_eq!(khalid.members.len(), 3);
    assert_eq!(why(&articles, &t, "خالد الفيصل", "10-الفيصل-يفتتح.md"), Some((false, 1, 1)));
}

#[test]
fn plain_archive_membership_by_title_or_three_mentions() {
    let (_, articles, t) = load("plain");
    let jeddah = members(&articles, &t, "جدة");
    assert_eq!(jeddah.len(), 3, "{jeddah:?}");
    // Named in the title once.
    assert_eq!(why(&articles, &t, "جدة", "04-جدة-الشطرنج.md"), Some((false, 1, 0)));
    // Named three times in the body, each time with a prefix (بجدة، لجدة).
    assert_eq!(why(&articles, &t, "جدة", "02-مهرجان-صيفي.md"), Some((false, 0, 3)));
    // Twice is not enough.
    assert_eq!(why(&articles, &t, "جدة", "03-زحام-مروري.md"), None);
}

#[test]
fn minimum_size_for_the_index() {
    let (config, articles, t) = load("plain");
    // نيوم is in two titles: not a tag at the default minimum of three.
    assert!(!t.tags.iter().any(|x| x.name == "نيوم"));
    let two = warraq::config::TopicsConfig { min_articles: 2, ..config.topics.clone() };
    let t2 = topics::group(&articles, &two);
    assert_eq!(members(&articles, &t2, "نيوم").len(), 2);
    let four = warraq::config::TopicsConfig { min_articles: 4, ..config.topics.clone() };
    let t4 = topics::group(&articles, &four);
    assert!(
        t4.tags.is_empty(),
        "no subject of four articles: {:?}",
        t4.tags.iter().map(|x| &x.name).collect::<Vec<_>>()
    );
    // Keyword lines are kept whatever the minimum.
    let (_, seeds, _) = load("seeds");
    let t = topics::group(&seeds, &four);
    assert!(t.tags.iter().any(|x| x.name == "التعاون العسكري" && x.members.len() == 1));
}
