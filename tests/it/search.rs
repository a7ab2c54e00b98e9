//! Search: the index a build writes, `warraq search`, and the search page's
//! engine (static/search/search.js) run under Node on the same queries.
//!
//! The Node tests need `node` on the PATH, the browser test also Chromium
//! (`CHROME_PATH`, or `chromium`, `chromium-browser`, `google-chrome`).
//! Without them they say so and pass, unless `WARRAQ_REQUIRE_NODE` or
//! `WARRAQ_REQUIRE_BROWSER` is set (CI sets both: .ci/run).

use crate::common;

use common::Site;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};

/// Articles written for what search must get right: spellings (hamza,
/// ة/ه, ى/ي, Persian letters, diacritics, presentation forms, both digit
/// sets), prefixes, families, words that only share letters (وزارة/زار,
/// طالبان/طالب, البحرين/البحر, بوتين/بوت), transliterations, an alias,
/// phrases, Latin words, tags and years.
const ARTICLES: &[(&str, &str, &str, &[&str], &str)] = &[
    ("2023-09-14", "a1", "بوتين يقبل دعوة من كيم لزيارة كوريا الشمالية", &["كوريا الشمالية", "بوتين", "بيونغ يانغ"], "قال الرئيس الروسي فلاديمير بوتين إنه يقبل دعوة الزعيم كيم جونغ أون لزيارة بيونغ يانغ.\n\nوكانت وكالة Reuters قد نقلت الخبر."),
    ("2023-09-13", "a2", "كيم جونج أون يصل إلى روسيا", &["كوريا الشمالية", "بيونجيانج"], "وصل كيم جونج أون إلى روسیا في قطار مصفح، والتقى وبوتين في قاعدة فوستوشني.\n\nوقالت بيونجيانج إن الزيارة تاريخية."),
    ("2023-09-10", "a3", "وزارة الصحة تطلق حملة جديدة", &["الصحة"], "أعلنت وزارة الصحة في القاهرة حملة لتطعيم الأطفال، وقال مسئول في الوزارة إن الحملة تشمل المدارس.\n\nوتعمل الوزارات الأخرى مع الوزارة."),
    ("2023-08-02", "a4", "الرئيس زار المدرسة", &[], "زار الرئيس مدرسة في الريف وتحدث مع طالب متفوق ومع الطلاب.\n\nوقد زاره المعلمون في المساء، ونشروا الصور على فيسبوك."),
    ("2022-12-01", "a5", "طالبان تسيطر على مدينة جديدة", &["أفغانستان"], "أعلنت حركة طالبان سيطرتها على المدينة، وقال مسؤول إن القتال مستمر في أفغانستان."),
    ("2022-11-20", "a6", "البحرين تستضيف مؤتمرا", &["البحرين"], "تستضيف مملكة البحرين مؤتمرا اقتصاديا بحضور وفود بحرينية وخليجية."),
    ("2022-10-05", "a7", "رحلة في البحر الأحمر", &[], "أبحرت السفينة في البحر الأحمر لثلاثة أيام، وكان البحر هادئا."),
    ("2022-09-09", "a8", "بوت محادثة جديد", &["تقنية"], "أطلقت الشركة بوت محادثة يجيب عن الأسئلة، ويعمل على iPhone وأجهزة أخرى."),
    ("2022-06-30", "a9", "الفلسطينيون يحيون ذكرى النكبة", &["فلسطين"], "أحيا الفلسطينيون في فلسطين والشتات الذكرى، وشاركت عائلات فلسطينية في مسيرات بالقاهرة والقاهره."),
    ("2021-05-05", "a10", "مُحَمَّد يفوز بالجائزة", &[], "فاز مُحَمَّد بالجائزة عام ٢٠٢١، بعد أن فاز بها في 2019 كذلك. وتسلمها في المستشفى الكبير من مسؤول."),
    ("2021-04-04", "a11", "ترمب يعلن ترشحه", &["الانتخابات الأمريكية"], "أعلن دونالد ترمب ترشحه للانتخابات، في حين قالت حملة ترامب إن ﺍﻟﺤﻤﻠﺔ بدأت."),
    ("2023-01-01", "a13", "وفد يزور آسيا", &[], "زار الوفد بيونغيانغ ثم سيول."),
    ("2021-03-03", "a12", "كوريا الجنوبية تحتج", &["كوريا الجنوبية"], "احتجت كوريا الجنوبية على التجارب الصاروخية، وطالبت كوريا الشمالية بالتوقف.\n\nشيء غريب حدث، وقال مسئول آخر إن الشئ تكرر."),
];

const QUERIES: &[&str] = &[
    "بوتين",
    "وبوتين",
    "بوت",
    "وزارة",
    "وزاره",
    "زار",
    "طالبان",
    "طالب",
    "البحرين",
    "البحر",
    "بحر",
    "مسؤول",
    "مسئول",
    "روسيا",
    "روسیا",
    "القاهرة",
    "قاهره",
    "بالقاهرة",
    "جونغ",
    "كيم جونج",
    "\"كوريا الشمالية\"",
    "«كوريا الجنوبية»",
    "كوريا",
    "بيونغ يانغ",
    "ترامب",
    "ترمب",
    "فلسطين",
    "الفلسطينيين",
    "محمد",
    "2021",
    "٢٠١٩",
    "reuters",
    "فيس بوك",
    "\"فيس بوك\"",
    "IPHONE",
    "شيء",
    "الصحة الوزارة",
    "لا شيء يطابق هذا أبدا",
    "",
];

fn write_site() -> Site {
    let site = Site::with_config(
        "title = \"أرشيف الاختبار\"\nbase_url = \"https://example.org/news/\"\n[topics]\nauto_tags = 0\n[topics.aliases]\n\"ترامب\" = [\"ترمب\"]\n",
    );
    for (date, slug, title, tags, body) in ARTICLES {
        // JSON strings are TOML strings (Rust's `{:?}` escapes harakat).
        let q = |s: &str| serde_json::to_string(s).unwrap();
        let tags: Vec<String> = tags.iter().map(|t| q(t)).collect();
        site.write(
            &format!("content/articles/{}/{}-{slug}.md", &date[..7].replace('-', "/"), &date[8..]),
            format!(
                "+++\ntitle = {}\ndate = {date}\nsource = \"وكالة\"\nslug = {}\ntags = [{}]\n+++\n\n{body}\n",
                q(title),
                q(slug),
                tags.join(", ")
            ),
        );
    }
    site.run(&["build", "--no-ingest"]).expect_code(0);
    site
}

fn search(site: &Site, args: &[&str]) -> Value {
    let mut all = vec!["search", "--format", "json"];
    all.extend_from_slice(args);
    let out = site.run(&all);
    out.expect_code(0);
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

fn slugs(v: &Value) -> Vec<String> {
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["url"].as_str().unwrap().trim_end_matches('/').rsplit('/').next().unwrap().to_string())
        .collect()
}

fn found(site: &Site, q: &str) -> Vec<String> {
    let mut s = slugs(&search(site, &["--limit", "0", q]));
    s.sort();
    s
}

#[test]
fn finds_every_spelling_and_never_a_word_that_only_shares_letters() {
    let site = write_site();
    let f = |q: &str| found(&site, q);
    assert_eq!(f("بوتين"), ["a1", "a2"]);
    assert_eq!(f("وبوتين"), ["a1", "a2"], "a prefix typed in the query");
    assert_eq!(f("بوت"), ["a8"], "بوت is not بوتين");
    assert_eq!(f("وزارة"), ["a3"]);
    assert_eq!(f("وزاره"), ["a3"], "ه for ة");
    assert_eq!(f("زار"), ["a13", "a4"], "زار (visited) is not وزارة");
    assert_eq!(f("طالبان"), ["a5"]);
    assert_eq!(f("طالب"), ["a4"], "طالب is not طالبان");
    assert_eq!(f("البحرين"), ["a6"]);
    assert_eq!(f("البحر"), ["a7"], "البحر is not البحرين");
    assert_eq!(f("مسؤول"), ["a10", "a12", "a3", "a5"], "hamza seats: مسؤول and مسئول");
    assert_eq!(f("مسئول"), f("مسؤول"));
    assert_eq!(f("روسيا"), ["a1", "a2"], "Persian ی in the text; الروسي is of the family");
    assert_eq!(slugs(&search(&site, &["روسیا"]))[0], "a2", "Persian ی in the query; the exact form first");
    assert_eq!(f("قاهره"), ["a3", "a9"], "القاهرة, بالقاهرة, والقاهره");
    assert_eq!(f("جونغ"), ["a1", "a2"], "جونغ and جونج");
    assert_eq!(f("بيونغ يانغ"), ["a1", "a13", "a2"], "a tag's spellings with and without a space");
    assert_eq!(f("بيونجيانج"), ["a1", "a13", "a2"]);
    assert_eq!(f("ترمب"), ["a11"]);
    assert_eq!(f("\"كوريا الشمالية\""), ["a1", "a12", "a2"], "a phrase, in the title, the text or a tag");
    assert_eq!(f("«كوريا الجنوبية»"), ["a12"]);
    assert_eq!(f("محمد"), ["a10"], "diacritics");
    assert_eq!(f("٢٠١٩"), ["a10"], "Arabic-Indic digits in the query");
    assert_eq!(f("2021"), ["a10"], "Arabic-Indic digits in the text");
    assert_eq!(f("IPHONE"), ["a8"], "Latin case");
    assert_eq!(f("فيس بوك"), ["a4"], "two words the archive writes as one");
    assert_eq!(f("\"فيس بوك\""), ["a4"]);
    assert_eq!(f("الحملة"), ["a11", "a3"], "presentation forms in the text");
    assert_eq!(f("الشيء"), ["a12"], "شيء and الشئ");
    assert_eq!(f("الصحة الوزارة"), ["a3"], "all words of a query");
    assert!(f("لا شيء يطابق هذا أبدا").is_empty());
}

#[test]
fn exact_forms_rank_first_then_newest_and_filters_narrow() {
    let site = write_site();
    // فلسطين (exact) before الفلسطينيون, فلسطينية (stemmed: same family).
    let v = search(&site, &["--limit", "0", "فلسطين"]);
    assert_eq!(slugs(&v), ["a9"]);
    assert!(v["results"][0]["snippet"].as_str().unwrap().contains("<mark>فلسطين</mark>"));
    assert!(v["results"][0]["snippet"].as_str().unwrap().contains("<mark>الفلسطينيون</mark>"));
    let v = search(&site, &["--limit", "0", "الفلسطينيين"]);
    assert_eq!(slugs(&v), ["a9"], "a form the archive does not have finds its family");
    // Best first: the title match (a1, a2) before text-only matches; newest
    // first: by date.
    // Best first: title matches (a1, a12: 11 points) before a tag-only
    // match (a2: 8), ties newest first; newest first: by date.
    let best = slugs(&search(&site, &["--limit", "0", "كوريا"]));
    let newest = slugs(&search(&site, &["--limit", "0", "--sort", "newest", "كوريا"]));
    assert_eq!(best, ["a1", "a12", "a2"]);
    assert_eq!(newest, ["a1", "a2", "a12"]);
    let scores: Vec<u64> = search(&site, &["--limit", "0", "كوريا"])["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["score"].as_u64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert_eq!(slugs(&search(&site, &["--limit", "0", "--year", "2021", "كوريا"])), ["a12"]);
    assert_eq!(slugs(&search(&site, &["--limit", "0", "--tag", "كوريا-الجنوبية", "كوريا"])), ["a12"]);
    let limited = search(&site, &["--limit", "1", "كوريا"]);
    assert_eq!(limited["results"].as_array().unwrap().len(), 1);
    assert_eq!(limited["total"], 3);
    assert!(limited["requests"].as_u64().unwrap() >= 2 && limited["bytes"].as_u64().unwrap() > 100);
}

#[test]
fn search_without_a_built_site_says_what_to_do() {
    let site = Site::new();
    let out = site.run(&["search", "كلمة"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("warraq build"), "{}", out.stderr);
}

#[test]
fn check_reports_an_index_that_does_not_match_the_site() {
    let site = write_site();
    let kinds = |site: &Site| -> Vec<String> {
        let out = site.run(&["check", "--format", "json"]);
        let v: Value = serde_json::from_str(&out.stdout).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["kind"] == "search-index")
            .map(|f| format!("{}: {}", f["file"].as_str().unwrap(), f["message"].as_str().unwrap()))
            .collect()
    };
    assert!(kinds(&site).is_empty(), "{:?}", kinds(&site));
    // An edit after the build: the index no longer says what the site says.
    let path = "content/articles/2022/10/05-a7.md";
    let text = site.read(path).replace("كان البحر هادئا", "كان البحر هائجا");
    site.write(path, text);
    let found = kinds(&site);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("public/search/: the search index does not match the site"), "{found:?}");
    assert!(found[0].contains("warraq build"), "{found:?}");
    site.run(&["build", "--no-ingest"]).expect_code(0);
    assert!(kinds(&site).is_empty());
    // A damaged upload: one list missing.
    std::fs::remove_file(site.join("public/search/t/0.bin")).unwrap();
    let found = kinds(&site);
    assert!(found.len() == 1 && found[0].contains("0 differ and 1 are absent"), "{found:?}");
    // A site never built: nothing to compare.
    assert!(kinds(&Site::new()).is_empty());
}

/// `node`, or `None` after saying why the test cannot run.
fn node() -> Option<String> {
    let found = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if found {
        return Some("node".into());
    }
    if std::env::var_os("WARRAQ_REQUIRE_NODE").is_some() {
        panic!("node is not installed, and WARRAQ_REQUIRE_NODE is set: install Node.js (apt-get install nodejs)");
    }
    eprintln!("SKIPPED: node is not on the PATH, so the search page's engine cannot be compared with `warraq search`");
    None
}

fn run_node(node: &str, request: &Value) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/harness.js");
    let mut child = Command::new(node)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run node");
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(request.to_string().as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_page_and_the_command_line_find_and_rank_alike() {
    let Some(node) = node() else { return };
    let site = write_site();
    let mut searches = Vec::new();
    let mut expected = Vec::new();
    let options: &[&[&str]] =
        &[&[], &["--sort", "newest"], &["--year", "2022"], &["--tag", "كوريا-الشمالية"], &["--limit", "1"]];
    for q in QUERIES {
        for opts in options {
            let mut args: Vec<&str> = opts.to_vec();
            if !args.contains(&"--limit") {
                args.extend(["--limit", "0"]);
            }
            args.push(q);
            expected.push(search(&site, &args));
            let get = |k: &str| opts.iter().position(|a| *a == k).map(|i| opts[i + 1]);
            searches.push(serde_json::json!({
                "q": q,
                "sort": if get("--sort") == Some("newest") { "new" } else { "best" },
                "year": get("--year"),
                "tag": get("--tag"),
                "limit": get("--limit").map(|l| l.parse::<u64>().unwrap()).unwrap_or(0),
            }));
        }
    }
    let request = serde_json::json!({
        "script": Path::new(env!("CARGO_MANIFEST_DIR")).join("static/search/search.js"),
        "index": site.join("public/search"),
        "searches": searches,
    });
    let got = run_node(&node, &request);
    let got = got["searches"].as_array().unwrap();
    assert_eq!(got.len(), expected.len());
    let mut nonempty = 0;
    for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
        assert_eq!(g, e, "search {i}: {}", searches[i]);
        nonempty += usize::from(e["total"].as_u64().unwrap() > 0);
    }
    assert!(nonempty > QUERIES.len(), "the queries must find things to compare");
}

#[test]
fn the_page_folds_and_splits_every_character_as_the_index_does() {
    let Some(node) = node() else { return };
    let site = write_site();
    // Every character of the Basic Multilingual Plane between two letters,
    // then texts that mix the rules.
    let mut texts: Vec<String> = (0x80..0x10000u32).filter_map(char::from_u32).map(|c| format!("ب{c}ب ك{c}")).collect();
    texts.extend(
        [
            "مُسْؤُول مسو\u{0654}ول شيء شئ ﻣﺴﺆﻭﻝ ﷺ كيم\u{2068} جونغ\u{2069} Straße İstanbul ΣΊΣΥΦΟΣ 𝔸b ١٢٣ ۴۵",
            "«بيونغ-يانغ» (Reuters) iPhone's 15 ـــ الـقـاهـرة\u{200c}",
        ]
        .map(String::from),
    );
    let request = serde_json::json!({
        "script": Path::new(env!("CARGO_MANIFEST_DIR")).join("static/search/search.js"),
        "index": site.join("public/search"),
        "texts": texts,
    });
    let got = run_node(&node, &request);
    let got = got["words"].as_array().unwrap();
    let mut differ = Vec::new();
    for (t, g) in texts.iter().zip(got) {
        let expected: Vec<Value> = warraq::search::spec::word_list(t).into_iter().map(Value::from).collect();
        if g.as_array().unwrap() != &expected {
            differ.push(format!("{t:?}: page {g} / index {expected:?}"));
        }
    }
    assert!(differ.is_empty(), "{} texts differ:\n{}", differ.len(), differ[..differ.len().min(20)].join("\n"));
}

/// The page in headless Chromium, light and dark, 1280 and 400 px wide: a
/// query typed into the box finds and marks results, and a result followed
/// with the keyboard opens its article; without JavaScript the page says
/// what it needs. Screenshots are left in target/tmp/search-screenshots.
#[test]
fn the_search_page_works_in_a_browser() {
    let Some(node) = node() else { return };
    let _one = common::one_browser();
    let Some(chrome) = common::chromium() else { return };
    let site = write_site();
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("search-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/browser.js");
    let out = Command::new(node)
        .arg(script)
        .arg(chrome)
        .arg(site.join("public"))
        .arg(&shots)
        .arg("وزاره")
        .arg("/news/")
        .output()
        .expect("run node");
    assert!(out.status.success(), "browser run failed: {}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let runs = report["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 4);
    for r in runs {
        let what = format!("{} {} px: {r}", r["scheme"], r["width"]);
        assert_eq!(r["focused"], "search-q", "the / key focuses the search box: {what}");
        assert_eq!(r["shown"], true, "{what}");
        assert_eq!(r["results"], 1, "{what}");
        assert!(r["marks"].as_u64().unwrap() >= 2, "the title and snippet mark the word: {what}");
        assert!(r["status"].as_str().unwrap().starts_with("عدد النتائج: 1"), "{what}");
        assert!(r["url"].as_str().unwrap().starts_with("?q="), "the query is kept in the address: {what}");
        assert_eq!(r["dir"], "rtl", "{what}");
        assert_eq!(r["overflow"], false, "nothing wider than the window: {what}");
        assert_eq!(r["followed"], true, "{what}");
        assert_eq!(r["landed"], r["first"], "Enter on the result opens its article: {what}");
        assert!(r["first"].as_str().unwrap().ends_with("/news/2023/09/a3/"), "{what}");
        assert!(Path::new(r["screenshot"].as_str().unwrap()).is_file());
    }
    assert_eq!(report["noscript"]["says"], true, "without JavaScript the page says so");
}

#[test]
fn a_site_that_turns_search_off_has_no_search_page_index_or_link() {
    let site = write_site();
    assert!(site.exists("public/search/meta.json") && site.read("public/index.html").contains("/news/search/"));
    let config = site.read("site.toml");
    site.write("site.toml", format!("{config}[search]\nenabled = false\n"));
    site.run(&["build", "--no-ingest"]).expect_code(0);
    assert!(!site.exists("public/search"), "the index of the build before is gone: {:?}", site.files("public"));
    for page in ["index.html", "404.html", "2023/09/a1/index.html", "tags/index.html"] {
        assert!(!site.read(&format!("public/{page}")).contains("/news/search/"), "{page} links the search page");
    }
    assert!(!site.read("public/sitemap.xml").contains("/search/"), "the sitemap lists no search page");
    let out = site.run(&["search", "كوريا"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("site.toml") && out.stderr.contains("enabled = false"), "{}", out.stderr);
    let check = site.run(&["check"]);
    assert!(
        !check.stdout.contains("search") && !check.stderr.contains("search index"),
        "{}{}",
        check.stdout,
        check.stderr
    );
    // Turned on again, the next build writes it back.
    site.write("site.toml", config);
    site.run(&["build", "--no-ingest"]).expect_code(0);
    assert_eq!(found(&site, "كوريا"), ["a1", "a12", "a2"]);
}
