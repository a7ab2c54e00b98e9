//! Integration tests of `warraq build`, `init` and `new` on fixture sites.

use crate::common;

use common::warraq;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh copy of the fixture site in a temp dir.
fn fixture_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    common::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site"), &site);
    (dir, site)
}

fn build_ok(site: &Path, args: &[&str]) -> String {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let out = warraq(site, &all);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "build failed: {stderr}\n{}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn read(site: &Path, rel: &str) -> String {
    fs::read_to_string(site.join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every file of a directory: relative path -> bytes; but an output's
/// seal, which records its own folders' times.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && !e.path().ends_with(".warraq/seal/v1"))
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().to_string(), fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn renders_every_page_kind() {
    let (_tmp, site) = fixture_site();
    let stdout = build_ok(&site, &[]);
    assert!(stdout.contains("8 articles"), "{stdout}");
    for rel in [
        "index.html",
        "page/2/index.html",
        "page/3/index.html",
        "2023/09/دعوة/index.html",
        "about/index.html",
        "tags/index.html",
        "tags/روسيا/index.html",
        "tags/روسيا/atom.xml",
        "2023/index.html",
        "2023/09/index.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "style.css",
    ] {
        assert!(site.join("public").join(rel).is_file(), "missing {rel}");
    }
    assert!(!site.join("public/page/4/index.html").exists(), "8 articles at 3 per page make 3 pages");
    // Every HTML page is Arabic, right to left.
    for (rel, bytes) in snapshot(&site.join("public")) {
        if rel.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            assert!(html.contains("<html lang=\"ar\" dir=\"rtl\""), "{rel} is not lang=ar dir=rtl");
        }
    }
    let article = read(&site, "2023/09/دعوة/index.html");
    assert!(article.contains("بوتين يقبل دعوة من كيم لزيارة كوريا الشمالية"));
    assert!(article.contains("14 سبتمبر 2023"), "Arabic date with Latin digits by default");
    assert!(article.contains("<bdi>Reuters</bdi>"), "Latin fragments are isolated");
    assert!(article.contains("العربي الجديد"), "source shown");
    assert!(article.contains("href=\"/news/2023/09/قمة/\""), "previous (older) article linked");
    assert!(article.contains("href=\"/news/2023/10/الكرة/\""), "next (newer) article linked");
    assert!(article.contains("href=\"/news/tags/روسيا/\""), "tag linked under the base path, its letters as they are");
    // Links are IRIs; the URLs that leave the page (canonical, JSON-LD,
    // feeds, sitemaps) are URIs, percent-encoded.
    assert!(!article.contains("href=\"/news/2023/09/%D9%82"), "no link percent-encoded");
    assert!(
        article.contains(
            "<link rel=\"canonical\" href=\"https://archive.example.org/news/2023/09/%D8%AF%D8%B9%D9%88%D8%A9/\">"
        ),
        "canonical percent-encoded"
    );
    let month = read(&site, "2023/09/index.html");
    assert!(month.contains("قمة بين بوتين وكيم") && month.contains("بوتين يقبل دعوة"));
    assert!(!month.contains("الأهلي يفوز"), "October article is not on the September page");
    let year = read(&site, "2023/index.html");
    assert!(year.contains("/news/2023/10/") && year.contains("/news/2023/01/"), "year page links its months");
    let robots = read(&site, "robots.txt");
    assert!(robots.contains("Sitemap: https://archive.example.org/news/sitemap.xml"));
}

#[test]
fn home_is_newest_first_and_paginated() {
    let (_tmp, site) = fixture_site();
    build_ok(&site, &[]);
    let home = read(&site, "index.html");
    let newest = home.find("موجة حر غير مسبوقة").expect("newest on page 1");
    let second = home.find("نص فيه وسوم").expect("second on page 1");
    assert!(newest < second);
    assert!(!home.contains("حصاد عام 2022"), "oldest is on the last page");
    assert!(home.contains("/news/page/2/"), "link to page 2");
    let last = read(&site, "page/3/index.html");
    assert!(last.contains("حصاد عام"), "oldest article on page 3");
    assert!(last.contains("/news/page/2/"), "link back to page 2");
}

#[test]
fn one_tag_page_per_tag_with_counts() {
    let (_tmp, site) = fixture_site();
    build_ok(&site, &[]);
    // The nine tags of the front matter, and two automatic ones (names that
    // recur in titles across articles: two are enough here, see the
    // fixture's `[topics] min_articles`); none for a draft's tags only.
    let tags =
        ["حصاد", "الذهب", "الاقتصاد", "مصر", "روسيا", "كوريا-الشمالية", "كرة-القدم", "اختبار", "المناخ", "بوتين", "كيم"];
    for t in tags {
        assert!(site.join("public/tags").join(t).join("index.html").is_file(), "tag page {t}");
    }
    let dirs = fs::read_dir(site.join("public/tags")).unwrap().filter(|e| e.as_ref().unwrap().path().is_dir()).count();
    assert_eq!(dirs, tags.len(), "one page per tag, none twice");
    let index = read(&site, "tags/index.html");
    for t in ["الاقتصاد", "كوريا الشمالية", "كرة القدم"] {
        assert!(index.contains(t), "tag index lists {t}");
    }
    let russia = read(&site, "tags/روسيا/index.html");
    assert!(russia.contains("قمة بين بوتين وكيم") && russia.contains("بوتين يقبل دعوة"));
    assert!(!russia.contains("الأهلي يفوز"));
}

#[test]
fn arabic_indic_digits_and_levantine_months() {
    let (_tmp, site) = fixture_site();
    let mut config = fs::read_to_string(site.join("site.toml")).unwrap();
    config.push_str("\n[dates]\ndigits = \"arabic-indic\"\nmonths = \"levantine\"\n");
    fs::write(site.join("site.toml"), config).unwrap();
    build_ok(&site, &[]);
    let article = read(&site, "2023/09/دعوة/index.html");
    assert!(article.contains("١٤ أيلول ٢٠٢٣"), "Arabic-Indic digits, Levantine month");
    assert!(article.contains("datetime=\"2023-09-14T09:15:00+03:00\""), "machine-readable dates stay ASCII");
    let home = read(&site, "index.html");
    assert!(home.contains("٢٠ شباط ٢٠٢٤"));
    let month = read(&site, "2023/09/index.html");
    assert!(month.contains("أيلول ٢٠٢٣"));
}

#[test]
fn feeds_parse_with_feed_rs() {
    let (_tmp, site) = fixture_site();
    build_ok(&site, &[]);
    let xml = read(&site, "atom.xml");
    let feed = feed_rs::parser::parse(xml.as_bytes()).expect("valid Atom");
    assert_eq!(feed.title.unwrap().content, "أرشيف الاختبار");
    assert_eq!(feed.entries.len(), 5, "feed_size = 5");
    let first = &feed.entries[0];
    assert_eq!(first.title.as_ref().unwrap().content, "موجة حر غير مسبوقة في الخليج");
    assert_eq!(first.links[0].href, "https://archive.example.org/news/2024/02/%D8%A7%D9%84%D9%85%D9%86%D8%A7%D8%AE/");
    assert_eq!(first.published.unwrap().to_rfc3339(), "2024-02-20T00:00:00+00:00");
    assert_eq!(feed.updated.unwrap().to_rfc3339(), "2024-02-20T00:00:00+00:00", "updated is the newest entry's date");
    assert!(first.content.as_ref().unwrap().body.as_ref().unwrap().contains("سجلت درجات الحرارة"));
    let timed = feed.entries.iter().find(|e| e.title.as_ref().unwrap().content.starts_with("بوتين يقبل")).unwrap();
    assert_eq!(timed.published.unwrap().to_rfc3339(), "2023-09-14T06:15:00+00:00", "offset kept");
    assert!(xml.contains("xml:lang=\"ar\""));

    let tag = read(&site, "tags/روسيا/atom.xml");
    let tag_feed = feed_rs::parser::parse(tag.as_bytes()).expect("valid tag Atom");
    assert_eq!(tag_feed.entries.len(), 2);
    assert_eq!(tag_feed.updated.unwrap().to_rfc3339(), "2023-09-14T06:15:00+00:00");
}

#[test]
fn sitemap_lists_every_page() {
    let (_tmp, site) = fixture_site();
    build_ok(&site, &[]);
    let sitemap = read(&site, "sitemap.xml");
    let locs: Vec<&str> = sitemap.split("<loc>").skip(1).map(|s| s.split("</loc>").next().unwrap()).collect();
    let pages: Vec<String> = snapshot(&site.join("public"))
        .into_keys()
        .filter(|k| k.ends_with("index.html"))
        .map(|k| k.trim_end_matches("index.html").to_string())
        .collect();
    assert_eq!(locs.len(), pages.len(), "one <loc> per HTML page");
    for page in pages {
        let url = format!("https://archive.example.org/news/{}", warraq::slug::encode_path(&page));
        assert!(locs.contains(&url.as_str()), "sitemap misses {url}");
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let (_tmp, site) = fixture_site();
    build_ok(&site, &["--output", site.join("out1").to_str().unwrap()]);
    build_ok(&site, &["--output", site.join("out2").to_str().unwrap()]);
    let a = snapshot(&site.join("out1"));
    assert!(a.len() > 20);
    assert_eq!(a, snapshot(&site.join("out2")));
}

/// A large archive keeps its bodies out of memory
/// (`WARRAQ_BODIES_IN_MEMORY` articles at most stay in memory): read back
/// from their own files, what else it keeps out of memory in a temporary
/// file. The site is the same, and the temporary file leaves nothing
/// behind.
#[test]
fn bodies_kept_out_of_memory_give_the_same_site() {
    let (_tmp, site) = fixture_site();
    // One body holds a character pages leave out: it goes to the temporary
    // file, the others are read back from their own files.
    let dir = site.join("content/articles/2023/05");
    fs::create_dir_all(&dir).unwrap();
    let odd = "+++\ntitle = \"خبر برمز\"\ndate = 2023-05-20\n+++\nنص فيه\u{1} رمز.\n\nفقرة ثانية.\n";
    fs::write(dir.join("20-رمز.md"), odd).unwrap();
    build_ok(&site, &["--output", site.join("held").to_str().unwrap()]);
    let build = |out: &str, tmpdir: &Path| {
        Command::new(env!("CARGO_BIN_EXE_warraq"))
            .arg("--site")
            .arg(&site)
            .args(["build", "--output", site.join(out).to_str().unwrap()])
            .env("WARRAQ_BODIES_IN_MEMORY", "0")
            .env("TMPDIR", tmpdir)
            .env("NO_COLOR", "1")
            .env_remove("CI")
            .output()
            .unwrap()
    };
    let tmpdir = tempfile::tempdir().unwrap();
    let stored = build("stored", tmpdir.path());
    assert!(stored.status.success(), "{}", String::from_utf8_lossy(&stored.stderr));
    let held = snapshot(&site.join("held"));
    assert!(held.len() > 20);
    assert_eq!(held, snapshot(&site.join("stored")));
    assert_eq!(fs::read_dir(tmpdir.path()).unwrap().count(), 0, "the body file is gone");

    // The build did use the temporary file: without a temporary folder to
    // hold it the build stops, says why, and publishes nothing.
    let missing = tmpdir.path().join("missing");
    let failed = build("failed", &missing);
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("cannot create the temporary file of article bodies"), "{stderr}");
    assert!(stderr.contains("TMPDIR"), "{stderr}");
    assert!(!site.join("failed").exists());
}

#[test]
fn unchanged_files_are_not_rewritten() {
    use std::os::unix::fs::MetadataExt;
    let (_tmp, site) = fixture_site();
    build_ok(&site, &[]);
    let ino = |rel: &str| fs::metadata(site.join("public").join(rel)).unwrap().ino();
    let before: BTreeMap<String, u64> =
        snapshot(&site.join("public")).into_keys().map(|k| (k.clone(), ino(&k))).collect();
    let stdout = build_ok(&site, &[]);
    assert!(stdout.contains(" 0 written"), "{stdout}");
    for (rel, inode) in &before {
        assert_eq!(ino(rel), *inode, "{rel} was rewritten");
    }
    // Editing one article's body rewrites its page and the pages showing its summary or content.
    let path = site.join("content/articles/2023/01/05-بداية-العام.md");
    let text = fs::read_to_string(&path).unwrap().replace("الطلب قوي", "الطلب ضعيف");
    fs::write(&path, text).unwrap();
    build_ok(&site, &[]);
    assert_ne!(ino("2023/01/بداية-العام/index.html"), before["2023/01/بداية-العام/index.html"]);
    assert_eq!(ino("2024/02/المناخ/index.html"), before["2024/02/المناخ/index.html"]);
    assert_eq!(ino("tags/المناخ/index.html"), before["tags/المناخ/index.html"]);
}

#[test]
fn broken_front_matter_fails_with_file_and_line_and_keeps_public() {
    let (_tmp, site) = fixture_site();
    build_ok(&site, &[]);
    let before = snapshot(&site.join("public"));
    fs::write(
        site.join("content/articles/2023/09/15-bad.md"),
        "+++\ntitle = \"خبر\"\ndate = 2023-09-15\ntags = [\"a\"\n+++\nنص\n",
    )
    .unwrap();
    let out = warraq(&site, &["build"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("content/articles/2023/09/15-bad.md:4:"), "{stderr}");
    assert_eq!(snapshot(&site.join("public")), before, "previous output untouched");
    assert!(!site.join(".public.staging").exists());
}

#[test]
fn broken_template_fails_with_file_and_line_and_keeps_public() {
    let (_tmp, site) = fixture_site();
    build_ok(&site, &[]);
    let before = snapshot(&site.join("public"));
    fs::create_dir_all(site.join("templates")).unwrap();
    let cases: [(&str, &str, &[&str]); 3] = [
        // A syntax error.
        ("{{ page.title }\n", "templates/page.html:3:", &[]),
        // A runtime error (unknown filter) is reported with file and line too.
        ("\n{{ page.title|nosuchfilter }}\n", "templates/page.html:4", &[]),
        // A misspelt variable is an error too, not an empty string on every page.
        ("{{ page.titel }}\n", "templates/page.html:3", &["undefined"]),
    ];
    for (block, place, also) in cases {
        let template = format!("{{% extends \"base.html\" %}}\n{{% block content %}}\n{block}{{% endblock %}}\n");
        fs::write(site.join("templates/page.html"), template).unwrap();
        let out = warraq(&site, &["build"]);
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(place) && also.iter().all(|a| stderr.contains(a)), "{stderr}");
        assert_eq!(snapshot(&site.join("public")), before, "the last good output stays");
    }
}

#[test]
fn raw_html_in_markdown_is_escaped_unless_allowed() {
    let (_tmp, site) = fixture_site();
    build_ok(&site, &[]);
    let page = read(&site, "2023/10/html/index.html");
    assert!(!page.contains("<script>alert"), "script passed through");
    assert!(page.contains("&lt;script&gt;"));
    assert!(!page.contains("<div class=\"evil\">"));
    assert!(page.contains("<table>") && page.contains("<del>"), "tables and strikethrough render");
    let mut config = fs::read_to_string(site.join("site.toml")).unwrap();
    config = config.replace("per_page = 3", "per_page = 3\nallow_raw_html = true");
    fs::write(site.join("site.toml"), config).unwrap();
    build_ok(&site, &[]);
    assert!(read(&site, "2023/10/html/index.html").contains("<div class=\"evil\">"));
}

#[test]
fn drafts_only_with_flag() {
    let (_tmp, site) = fixture_site();
    build_ok(&site, &[]);
    assert!(!site.join("public/2024/03/مسودة").exists());
    assert!(!read(&site, "index.html").contains("مقال لم يكتمل"));
    let stdout = build_ok(&site, &["--drafts"]);
    assert!(stdout.contains("10 articles"), "{stdout}");
    let draft = read(&site, "2024/03/مسودة/index.html");
    assert!(draft.contains("مسودة"), "drafts are marked");
    assert!(site.join("public/undated/بلا-تاريخ/index.html").is_file());
}

#[test]
fn unknown_config_key_names_key_and_line() {
    let (_tmp, site) = fixture_site();
    fs::write(site.join("site.toml"), "title = \"x\"\nper_pgae = 3\n").unwrap();
    let out = warraq(&site, &["build"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("site.toml:2:") && stderr.contains("per_pgae"), "{stderr}");
}

#[test]
fn init_then_build_and_new() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("mysite");
    let out = Command::new(env!("CARGO_BIN_EXE_warraq")).arg("init").arg(&site).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(site.join("content/inbox").is_dir() && site.join("templates/base.html").is_file());
    build_ok(&site, &[]);
    assert!(site.join("public/index.html").is_file());
    // init refuses a non-empty directory.
    let again = Command::new(env!("CARGO_BIN_EXE_warraq")).arg("init").arg(&site).output().unwrap();
    assert!(!again.status.success());

    let out = warraq(&site, &["new", "زيارة رسمية إلى القاهرة", "--date", "2024-05-02", "--tags", "مصر,سياسة"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let file = site.join("content/articles/2024/05/02-زيارة-رسمية-إلى-القاهرة.md");
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.contains("title = \"زيارة رسمية إلى القاهرة\"") && text.contains("date = 2024-05-02"));
    assert!(text.contains("draft = true"));
    build_ok(&site, &["--drafts"]);
    assert!(site.join("public/2024/05/زيارة-رسمية-إلى-القاهرة/index.html").is_file());
}

/// The sample site: the five real seeds in the inbox become five Markdown
/// files, and the subjects they share are one tag each, with the same name
/// and URL whether drafts are shown (preview) or not (production).
#[test]
fn sample_seeds_ingest_and_group_into_stable_tags() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("sample");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::create_dir_all(site.join("content")).unwrap();
    fs::copy(root.join("site.toml"), site.join("site.toml")).unwrap();
    common::copy_dir(&root.join("content/inbox"), &site.join("content/inbox"));

    let stdout = build_ok(&site, &[]);
    assert!(stdout.contains("ingested 5"), "{stdout}");
    let md: Vec<_> = walkdir::WalkDir::new(site.join("content/articles"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .collect();
    assert_eq!(md.len(), 5, "one Markdown file per seed");
    let count = |tag: &str| {
        let page = read(&site, &format!("tags/{tag}/index.html"));
        page.matches("<article").count()
    };
    // Published: the three dated seeds; the two undated ones are drafts.
    for tag in ["كوريا-الشمالية", "بوتين", "كيم-جونج-أون"] {
        assert_eq!(count(tag), 3, "{tag} without drafts");
    }
    build_ok(&site, &["--drafts"]);
    for tag in ["كوريا-الشمالية", "بوتين", "كيم-جونج-أون"] {
        assert_eq!(count(tag), 5, "{tag} with drafts");
    }
}

#[test]
fn unknown_front_matter_keys_are_warned_about_and_inbox_notes_are_not_articles() {
    let (_tmp, site) = fixture_site();
    let path = site.join("content/articles/2023/01/05-بداية-العام.md");
    let text = fs::read_to_string(&path).unwrap().replacen("+++\n\n", "darft = true\n+++\n\n", 1);
    fs::write(&path, text).unwrap();
    fs::create_dir_all(site.join("content/inbox")).unwrap();
    fs::write(site.join("content/inbox/notes.md"), "ملاحظات المحرر، ليست مقالا.\n").unwrap();
    let out = warraq(&site, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("content/articles/2023/01/05-بداية-العام.md:6: unknown front matter key `darft`"),
        "{stderr}"
    );
    assert!(!stderr.contains("notes.md"), "{stderr}");
}

#[test]
fn a_failing_inbox_file_is_reported_once_and_the_rest_is_built() {
    let (_tmp, site) = fixture_site();
    fs::create_dir_all(site.join("content/inbox")).unwrap();
    fs::write(site.join("content/inbox/empty.txt"), "").unwrap();
    let out = warraq(&site, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("content/inbox/empty.txt").count(), 1, "{stderr}");
    assert!(stderr.contains("1 inbox file failed to ingest"), "{stderr}");
    assert!(site.join("public/index.html").is_file(), "the rest is built");
}

#[test]
fn feed_content_is_the_article_html_in_cdata() {
    let (_tmp, site) = fixture_site();
    build_ok(&site, &[]);
    let xml = read(&site, "atom.xml");
    assert!(xml.contains("<content type=\"html\" xml:base=\"https://archive.example.org/news/2024/02/"));
    assert!(xml.contains("><![CDATA[<p>"), "entry HTML is carried as-is in a CDATA section");
    let feed = feed_rs::parser::parse(xml.as_bytes()).expect("valid Atom");
    let body = feed.entries[0].content.as_ref().unwrap().body.clone().unwrap();
    assert!(body.starts_with("<p>") && body.contains("سجلت درجات الحرارة"), "{body}");
    assert!(!body.contains("CDATA"), "a reader sees the HTML, not the section markers: {body}");
}

#[test]
fn a_body_closing_cdata_is_whole_on_its_page_and_split_in_the_site_feed() {
    let (_tmp, site) = fixture_site();
    let toml = fs::read_to_string(site.join("site.toml")).unwrap();
    fs::write(site.join("site.toml"), format!("{toml}allow_raw_html = true\n")).unwrap();
    let article = site.join("content/articles/2024/02/20-المناخ.md");
    let text = fs::read_to_string(&article).unwrap();
    fs::write(&article, format!("{text}\n<div class=\"raw\">قبل ]]> بعد</div>\n")).unwrap();
    build_ok(&site, &[]);
    // One rendering of the body serves the page and the site feed.
    let page = read(&site, "2024/02/المناخ/index.html");
    assert!(page.contains("<div class=\"raw\">قبل ]]> بعد</div>"), "{page}");
    // Only the site feed carries bodies (tag feeds carry summaries).
    let xml = read(&site, "atom.xml");
    assert!(xml.contains("قبل ]]]]><![CDATA[> بعد"), "the section is split around `]]>`");
    let parsed = feed_rs::parser::parse(xml.as_bytes()).expect("valid Atom");
    let body = parsed.entries[0].content.as_ref().unwrap().body.clone().unwrap();
    assert!(body.contains("<div class=\"raw\">قبل ]]> بعد</div>"), "a reader gets the HTML back: {body}");
    assert!(!read(&site, "tags/المناخ/atom.xml").contains("CDATA"), "a tag feed carries the summary");
}

#[test]
fn article_fragments_are_rendered_once_and_spliced_into_every_list() {
    let (_tmp, site) = fixture_site();
    // A site's own card.html and item.html change every list that shows them.
    fs::create_dir_all(site.join("templates")).unwrap();
    fs::write(site.join("templates/card.html"), "<article class=\"my-card\">{{ a.title }}|{{ a.meta }}</article>")
        .unwrap();
    fs::write(site.join("templates/item.html"), "<li class=\"my-item\"><a href=\"{{ a.url }}\">{{ a.title }}</a></li>")
        .unwrap();
    build_ok(&site, &[]);
    let home = read(&site, "index.html");
    assert_eq!(home.matches("class=\"my-card\"").count(), 3, "per_page = 3 cards on the home page");
    assert!(home.contains("<p class=\"meta\"><time datetime=\"2024-02-20\">"), "the card shows the meta fragment");
    let tag = read(&site, "tags/روسيا/index.html");
    assert_eq!(tag.matches("class=\"my-card\"").count(), 2, "tag pages splice the same cards");
    let month = read(&site, "2023/09/index.html");
    assert_eq!(month.matches("class=\"my-item\"").count(), 2, "archives list items");
    let article = read(&site, "2023/09/دعوة/index.html");
    assert!(article.contains("class=\"my-item\""), "related articles are items");
    assert!(article.contains("<ul class=\"tags\">"), "the article page shows the tag_list fragment");

    // A broken fragment names its file and line and leaves public/ as it was.
    let before = snapshot(&site.join("public"));
    fs::write(site.join("templates/card.html"), "<article>\n{{ a.titel }}</article>").unwrap();
    let out = warraq(&site, &["build"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("templates/card.html:2"), "{stderr}");
    assert_eq!(snapshot(&site.join("public")), before);
}

/// The year navigation of a page, from its `<nav>` to its end.
fn year_nav(html: &str) -> String {
    let start = html.find("<nav class=\"year-nav\"").expect("year nav");
    html[start..start + html[start..].find("</nav>").unwrap()].to_string()
}

#[test]
fn the_year_navigation_shows_the_newest_ten_years_and_links_every_year() {
    let site = common::Site::with_config("title = \"أرشيف\"\nbase_url = \"https://example.org/\"\n");
    for year in 2012..2024 {
        site.write(
            &format!("content/articles/{year}/06/01-a.md"),
            format!("+++\ntitle = \"خبر عام {year}\"\ndate = {year}-06-01\n+++\n\nنص.\n"),
        );
    }
    site.run(&["build"]).expect_code(0);
    let nav = year_nav(&site.read("public/index.html"));
    for year in 2014..2024 {
        assert!(nav.contains(&format!("<a href=\"/{year}/\">{year}</a>")), "{year} in {nav}");
    }
    assert!(!nav.contains("/2013/") && !nav.contains("/2012/"), "ten years: {nav}");
    assert!(nav.contains("<li><a href=\"/archive/\">كل السنوات</a></li>"), "{nav}");
    let archive = site.read("public/archive/index.html");
    assert!(year_nav(&archive).contains("<a href=\"/archive/\" aria-current=\"page\">كل السنوات</a>"));
    assert!(archive.contains("href=\"/2012/\""), "the archive index lists every year");
    assert!(site.read("public/2012/index.html").contains("خبر عام 2012"));
}

#[test]
fn cached_chrome_is_shared_but_a_year_page_marks_its_year() {
    let (_tmp, site) = fixture_site();
    build_ok(&site, &[]);
    let year = read(&site, "2023/index.html");
    assert!(year_nav(&year).contains("<a href=\"/news/2023/\" aria-current=\"page\">2023</a>"), "{}", year_nav(&year));
    let home = read(&site, "index.html");
    let article = read(&site, "2023/09/دعوة/index.html");
    assert!(!year_nav(&home).contains("aria-current"));
    assert_eq!(year_nav(&home), year_nav(&article), "one rendering of the year nav serves every page");
    assert!(!home.contains("footer-years") && !article.contains("footer-years"), "the years are not repeated below");

    let site_nav = |html: &str| {
        let start = html.find("<nav class=\"site-nav\"").expect("site nav");
        html[start..start + html[start..].find("</nav>").unwrap()].to_string()
    };
    assert!(site_nav(&home).contains("aria-current"), "the home page marks itself in the main navigation");
    assert!(site_nav(&read(&site, "tags/index.html")).contains("aria-current"));
    assert!(!site_nav(&article).contains("aria-current"), "an article page shares the cached header");
    assert!(!site_nav(&read(&site, "page/2/index.html")).contains("aria-current"));

    // A site's own footer.html shows on every page.
    fs::create_dir_all(site.join("templates")).unwrap();
    fs::write(site.join("templates/footer.html"), "<p class=\"mine\">{{ nav_years|length }}</p>").unwrap();
    build_ok(&site, &[]);
    for rel in ["index.html", "2023/09/دعوة/index.html", "tags/index.html", "2023/index.html"] {
        assert!(read(&site, rel).contains("<p class=\"mine\">3</p>"), "{rel}");
    }
}

/// Each element of an XML text named `name`, as its text; panics unless the
/// text parses as well-formed XML.
fn xml_texts(xml: &str, name: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut out, mut inside) = (Vec::new(), false);
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("not well-formed: {e}\n{xml}")) {
            quick_xml::events::Event::Start(e) => inside = e.name().as_ref() == name.as_bytes(),
            quick_xml::events::Event::Text(t) if inside => out.push(t.decode().unwrap().into_owned()),
            quick_xml::events::Event::End(_) => inside = false,
            quick_xml::events::Event::Eof => return out,
            _ => {}
        }
    }
}

#[test]
fn sitemaps_give_every_page_a_date_and_the_news_sitemap_the_last_two_days() {
    let (_tmp, site) = fixture_site();
    let out = Command::new(env!("CARGO_BIN_EXE_warraq"))
        .args(["--site", site.to_str().unwrap(), "build"])
        .env("SOURCE_DATE_EPOCH", "1696291200") // 2023-10-03
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let sitemap = read(&site, "sitemap.xml");
    let locs = xml_texts(&sitemap, "loc");
    assert_eq!(locs.len(), xml_texts(&sitemap, "lastmod").len() + 1, "every page but the about page has a date");
    assert!(locs.iter().any(|l| l.ends_with("/search/")), "the search page is a page: {sitemap}");
    assert!(
        sitemap.contains("/tags/%D8%B1%D9%88%D8%B3%D9%8A%D8%A7/</loc><lastmod>2023-09-14T09:15:00+03:00</lastmod>"),
        "{sitemap}"
    );
    let news = read(&site, "news-sitemap.xml");
    assert_eq!(xml_texts(&news, "news:title"), ["نص فيه وسوم HTML", "الأهلي يفوز بالدوري للمرة الثالثة"]);
    assert_eq!(xml_texts(&news, "news:publication_date"), ["2023-10-02", "2023-10-01"]);
    assert_eq!(xml_texts(&news, "news:language"), ["ar", "ar"]);
    let robots = read(&site, "robots.txt");
    assert!(robots.contains("/sitemap.xml\n") && robots.contains("/news-sitemap.xml\n"), "{robots}");
}

/// A site of `n` short articles, one a day from 2023-01-01, `per_page` on
/// lists and `archive` on archive pages.
fn daily_site(n: usize, per_page: usize, archive: usize) -> common::Site {
    // The whole archive on the home list (`home_pages = 0`): the tests of
    // long lists page through it.
    let site = common::Site::with_config(&format!(
        "title = \"أرشيف\"\nbase_url = \"https://example.org/\"\nper_page = {per_page}\nhome_pages = 0\n\
         archive_per_page = {archive}\n"
    ));
    let start = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    for i in 0..n {
        let day = start + chrono::Days::new((i / 3) as u64);
        let path = format!("content/articles/{}/{i:04}.md", day.format("%Y/%m"));
        site.write(&path, format!("+++\ntitle = \"خبر رقم {i}\"\ndate = {day}\n+++\n\nنص الخبر {i}.\n"));
    }
    site
}

#[test]
fn archives_are_paginated_by_year_month_and_day_with_an_index_of_all() {
    // 3 articles a day for 400 days: 2023 and 2024.
    let site = daily_site(1200, 10, 50);
    site.run(&["build"]).expect_code(0);
    // A year of 1,095 articles, 50 a page counted from the oldest: pages 1
    // to 20 and the front page with the newest 95; the front links its
    // months and the newest numbered page.
    let year = site.read("public/2023/index.html");
    assert!(year.contains("عدد المقالات: 1095"), "{year}");
    assert!(site.exists("public/2023/page/20/index.html") && !site.exists("public/2023/page/21/index.html"));
    assert!(year.contains("href=\"/2023/09/\"") && year.contains("href=\"/2023/page/20/\""), "months and page links");
    assert!(year.contains("href=\"/archive/\""), "the year page leads back to the archive index");
    // (Three a day: 31 December back to 4 December, and two of the 3rd.)
    assert!(year.contains(">خبر رقم 1094<") && year.contains(">خبر رقم 1002<"), "the newest 95");
    assert!(!year.contains(">خبر رقم 998<"), "{year}");
    // Page 1 holds the oldest fifty (1 to 16 January, and two of the 17th),
    // and nothing that changes as articles are added: no count, no months.
    let oldest = site.read("public/2023/page/1/index.html");
    assert!(oldest.contains(">خبر رقم 0<") && oldest.contains(">خبر رقم 47<") && !oldest.contains(">خبر رقم 51<"));
    assert!(!oldest.contains("عدد المقالات") && !oldest.contains("href=\"/2023/09/\""), "{oldest}");
    assert!(oldest.contains("الصفحة 1 · من 1 يناير 2023 إلى 17 يناير 2023"), "{oldest}");
    // A month: its days; says which year it is.
    let month = site.read("public/2023/09/index.html");
    assert!(month.contains("href=\"/2023/\">أرشيف 2023</a>"), "{month}");
    assert!(month.contains("href=\"/2023/09/14/\""), "{month}");
    assert!(!site.exists("public/2023/09/page/1/index.html"), "90 articles: one page of 50 to 99");
    // A day lists its three articles and names its month.
    let day = site.read("public/2023/09/14/index.html");
    assert!(day.contains("<h1 class=\"page-heading\">14 سبتمبر 2023</h1>"), "{day}");
    assert!(day.contains("href=\"/2023/09/\">أرشيف سبتمبر 2023</a>"));
    assert!(day.contains("عدد المقالات: 3"));
    assert!(!site.exists("public/2023/09/31"), "only days with articles");
    // The index: every year and month with counts, linked from the header.
    let index = site.read("public/archive/index.html");
    assert!(index.contains("<a href=\"/2024/\">2024</a> <span class=\"count\">(105)</span>"), "{index}");
    assert!(
        index.contains("href=\"/2024/02/\" aria-label=\"فبراير 2024\">فبراير</a> <span class=\"count\">(12)</span>"),
        "{index}"
    );
    assert!(index.contains("href=\"/archive/\" aria-current=\"page\""), "the header marks the archive index");
    assert!(site.read("public/index.html").contains("href=\"/archive/\">الأرشيف</a>"));
    // Every archive page is in the sitemap with the date of its newest article.
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/2023/09/14/</loc><lastmod>2023-09-14</lastmod>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://example.org/2023/page/1/</loc><lastmod>2023-01-17</lastmod>"), "{sitemap}");
}

#[test]
fn the_home_list_stops_at_home_pages_and_leads_on_to_the_month_archive() {
    // One article a day from 1 January 2023: 40 of them, 5 a page, the
    // home list bounded to 3 pages (the newest 15: 9 February back to 26
    // January).
    let site = common::Site::with_config(
        "title = \"أرشيف\"\nbase_url = \"https://example.org/\"\nper_page = 5\nhome_pages = 3\narchive_per_page = 5\n",
    );
    let start = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    for i in 0..40 {
        let day = start + chrono::Days::new(i);
        let path = format!("content/articles/{}/a{i:02}.md", day.format("%Y/%m"));
        site.write(&path, format!("+++\ntitle = \"خبر رقم {i}\"\ndate = {day}\n+++\n\nنص الخبر {i}.\n"));
    }
    site.run(&["build"]).expect_code(0);
    assert!(site.exists("public/page/3/index.html") && !site.exists("public/page/4"), "three pages");
    let last = site.read("public/page/3/index.html");
    assert!(last.contains("خبر رقم 25<") && !last.contains("خبر رقم 24<"), "the fifteenth newest is the last");
    assert!(last.contains("الصفحة 3 من 3"), "{last}");
    // The first article left out (24: 25 January) is the seventh newest of
    // January's 31, five a page counted from the oldest: page 5 (21 to 25
    // January; the front page keeps the newest six).
    let older = "المقالات الأقدم في <a href=\"/2023/01/page/5/\">أرشيف يناير 2023</a>، وكل السنوات في <a href=\"/archive/\">الأرشيف</a>.";
    assert!(last.contains(older), "{last}");
    assert!(last.contains("<a href=\"/2023/01/page/5/\" rel=\"next\""), "the older-page arrow goes on too: {last}");
    let page5 = site.read("public/2023/01/page/5/index.html");
    assert!(page5.contains("خبر رقم 24<") && page5.contains("خبر رقم 20<") && !page5.contains("خبر رقم 25<"));
    for page in ["public/index.html", "public/page/2/index.html"] {
        assert!(!site.read(page).contains("list-older"), "{page}: only the last page leads on");
    }
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains("https://example.org/page/3/") && !sitemap.contains("https://example.org/page/4/"),
        "{sitemap}"
    );
    // Unbounded, the home list pages through the whole archive, and a page
    // written before by warraq goes away when the bound comes back.
    site.write("site.toml", "title = \"أرشيف\"\nbase_url = \"https://example.org/\"\nper_page = 5\nhome_pages = 0\n");
    site.run(&["build"]).expect_code(0);
    assert!(site.exists("public/page/8/index.html") && !site.exists("public/page/9"));
    assert!(site.read("public/page/8/index.html").contains("خبر رقم 0<"));
    assert!(!site.read("public/page/8/index.html").contains("list-older"));
    site.write("site.toml", "title = \"أرشيف\"\nbase_url = \"https://example.org/\"\nper_page = 5\nhome_pages = 1\n");
    site.run(&["build"]).expect_code(0);
    assert!(!site.exists("public/page/2"), "pages past the bound are gone from the output");
    let home = site.read("public/index.html");
    assert!(home.contains("<a href=\"/2023/02/\">أرشيف فبراير 2023</a>"), "one page: the link alone, {home}");
}

#[test]
fn long_lists_link_their_ends_and_neighbours_with_gaps_between() {
    let site = daily_site(300, 1, 100);
    site.run(&["build"]).expect_code(0);
    let page = site.read("public/page/150/index.html");
    let nav = page.split("<nav class=\"pagination\"").nth(1).unwrap().split("</nav>").next().unwrap();
    assert_eq!(nav.matches("<li class=\"pagination-gap\" aria-hidden=\"true\">…</li>").count(), 2, "{nav}");
    for near in [
        "<li><a href=\"/\">1</a></li>",
        "<li><a href=\"/page/149/\">149</a></li>",
        "<li><a href=\"/page/300/\">300</a></li>",
    ] {
        assert!(nav.contains(near), "{near} in {nav}");
    }
    assert!(nav.contains("<li><a href=\"/page/150/\" aria-current=\"page\">150</a></li>"));
    for far in [147, 148, 152, 153] {
        assert!(
            nav.contains(&format!("<li class=\"pagination-far\"><a href=\"/page/{far}/\">{far}</a></li>")),
            "{far}"
        );
    }
    assert!(!nav.contains("/page/146/") && !nav.contains("/page/154/"));
    // The first page: no gap before 2, one before the last.
    let first = site.read("public/index.html");
    let nav = first.split("<nav class=\"pagination\"").nth(1).unwrap().split("</nav>").next().unwrap();
    assert_eq!(nav.matches("pagination-gap").count(), 1, "{nav}");
}

/// The DOM of `url` after its scripts ran, from headless Chromium.
fn chromium_dom(browser: &Path, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
            "--window-size=1280,900",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", url])
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn pagination_fits_one_line_at_400_px() {
    let _one = common::one_browser();
    let Some(browser) = common::chromium().map(PathBuf::from) else { return };
    // The issue's example: `1 … 497 … 500 … 503 … 1000`.
    let site = daily_site(1000, 1, 100);
    // A page that shows a list page 400 px wide and reports how many lines
    // its page links take and whether they overflow.
    site.write(
        "static/measure.html",
        r#"<!doctype html><html lang="ar" dir="rtl"><meta charset="utf-8"><title>m</title>
<iframe id="f" src="/page/500/" style="width:400px;height:900px;border:0"></iframe>
<script>
document.getElementById("f").addEventListener("load", function () {
  var doc = this.contentDocument, ul = doc.querySelector(".pagination ul");
  // Items of one line overlap vertically (they are centred, so their tops differ).
  var lines = 0, shown = 0, line = null;
  doc.querySelectorAll(".pagination li").forEach(function (li) {
    if (!li.offsetParent) return;
    shown++;
    var r = li.getBoundingClientRect();
    if (!line || r.top >= line.bottom || r.bottom <= line.top) { lines++; line = r; }
  });
  var result = document.createElement("p");
  result.id = "result";
  result.textContent = "lines=" + lines + " shown=" + shown +
    " overflow=" + (ul.scrollWidth > ul.clientWidth) + " body=" + (doc.documentElement.scrollWidth > 400);
  document.body.appendChild(result);
});
</script>"#,
    );
    site.run(&["build"]).expect_code(0);
    // A plain static server (the preview server's live-reload connection
    // would keep the page loading forever).
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut server = Command::new("python3")
        .args(["-m", "http.server", "--bind", "127.0.0.1", &port.to_string()])
        .current_dir(site.join("public"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("python3 -m http.server");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(std::time::Instant::now() < deadline, "the static server did not start");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let dom = chromium_dom(&browser, &format!("http://127.0.0.1:{port}/measure.html"));
    let _ = server.kill();
    let _ = server.wait();
    let result =
        dom.split("id=\"result\">").nth(1).and_then(|r| r.split('<').next()).unwrap_or_else(|| panic!("{dom}"));
    // → 1 … 499 500 501 … 1000 ←: seven links and two gaps, one line.
    assert_eq!(result, "lines=1 shown=9 overflow=false body=false", "{result}");
}

#[test]
fn standalone_pages_are_in_the_menu_that_site_toml_controls() {
    let site = common::Site::with_config("title = \"أرشيف\"\n");
    site.write("content/articles/2024/01/01-a.md", "+++\ntitle = \"خبر\"\ndate = 2024-01-01\n+++\n\nنص.\n");
    site.write("content/about.md", "+++\ntitle = \"من نحن\"\n+++\n\nنحن أرشيف.\n");
    site.write("content/contact.md", "+++\ntitle = \"اتصل بنا\"\n+++\n\nالبريد.\n");
    site.run(&["build"]).expect_code(0);
    // Without [[menu]]: every standalone page, in the header of every page.
    let home = site.read("public/index.html");
    assert!(
        home.contains("<a href=\"/about/\">من نحن</a>") && home.contains("<a href=\"/contact/\">اتصل بنا</a>"),
        "{home}"
    );
    assert!(site.read("public/about/index.html").contains("<a href=\"/about/\" aria-current=\"page\">من نحن</a>"));
    // With [[menu]]: what it lists, in its order; a page that does not exist is left out with a warning.
    site.write(
        "site.toml",
        "title = \"أرشيف\"\nbase_url = \"https://example.org/news/\"\n\n[[menu]]\nname = \"عن الأرشيف\"\npage = \"about\"\n\n\
         [[menu]]\nname = \"كل الوسوم\"\nurl = \"/tags/\"\n\n[[menu]]\nname = \"غائب\"\npage = \"missing\"\n",
    );
    let out = site.run(&["build"]);
    out.expect_code(0);
    assert!(out.stderr.contains("site.toml: [[menu]] page = \"missing\""), "{}", out.stderr);
    let home = site.read("public/index.html");
    let about = home.find("<a href=\"/news/about/\">عن الأرشيف</a>").expect("the configured name and the base path");
    let tags = home.find("<a href=\"/news/tags/\">كل الوسوم</a>").expect("a site path under the base path");
    assert!(about < tags, "in the menu's order");
    assert!(!home.contains("اتصل بنا") && !home.contains("غائب"));
}

#[test]
fn hijri_dates_stand_beside_the_gregorian_ones_when_asked() {
    let site = common::Site::with_config("title = \"أرشيف\"\n[dates]\nhijri = true\ndigits = \"arabic-indic\"\n");
    site.write("content/articles/2015/07/21-a.md", "+++\ntitle = \"خبر\"\ndate = 2015-07-21\n+++\n\nنص.\n");
    site.run(&["build"]).expect_code(0);
    let page = site.read("public/2015/07/a/index.html");
    assert!(page.contains("<time datetime=\"2015-07-21\">٢١ يوليو ٢٠١٥</time>"), "{page}");
    assert!(page.contains("<span class=\"hijri\" data-calendar=\"islamic-umalqura\" title=\"التقويم الهجري، أم القرى\">٥ شوال ١٤٣٦ هـ</span>"), "{page}");
    assert!(site.read("public/index.html").contains("٥ شوال ١٤٣٦ هـ"), "in lists too");
    // Off by default.
    site.write("site.toml", "title = \"أرشيف\"\n");
    site.run(&["build"]).expect_code(0);
    assert!(!site.read("public/2015/07/a/index.html").contains("hijri"));
}

#[test]
fn latin_names_and_digits_use_the_arabic_face_and_the_arabic_faces_are_preloaded() {
    let site = common::Site::with_config("title = \"أرشيف\"\n");
    site.write(
        "content/articles/2023/09/13-a.md",
        "+++\ntitle = \"لقاء Kim Jong Un وVladimir Putin\"\ndate = 2023-09-13\n+++\n\nنص.\n",
    );
    site.run(&["build"]).expect_code(0);
    let css = site.read("public/style.css");
    for weight in ["400", "700"] {
        let latin = format!("fonts/noto-naskh-arabic-latin-{weight}-normal.woff2");
        assert!(site.exists(&format!("public/{latin}")), "{latin}");
        let face = css.split("@font-face").find(|f| f.contains(&latin)).expect("a face for the Latin subset");
        assert!(face.contains("font-family: \"Noto Naskh Arabic\"") && face.contains("U+0000-00FF"), "{face}");
    }
    let page = site.read("public/2023/09/a/index.html");
    assert!(page.contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">"));
    assert!(site.read_bytes("public/favicon.ico").starts_with(&[0, 0, 1, 0]), "an ICO file");
    for weight in ["400", "700"] {
        assert!(page.contains(&format!(
            "<link rel=\"preload\" href=\"/fonts/noto-naskh-arabic-arabic-{weight}-normal.woff2\" as=\"font\" type=\"font/woff2\" crossorigin>"
        )));
    }
}

/// The JSON-LD objects of a page, parsed.
fn json_ld(html: &str) -> Vec<serde_json::Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|s| s.split("</script>").next().unwrap())
        .map(|s| serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}")))
        .collect()
}

/// Checks `ld` against what schema.org and Google's article rich results
/// ask of a type: panics naming the first field that is missing or wrong.
fn check_schema(ld: &serde_json::Value, kind: &str) {
    use serde_json::Value;
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], kind);
    let text = |v: &Value, field: &str| {
        let s = v[field].as_str().unwrap_or_else(|| panic!("{kind}.{field} must be text: {v}"));
        assert!(!s.trim().is_empty(), "{kind}.{field} is empty");
    };
    let url = |v: &Value, field: &str| {
        let s = v[field].as_str().unwrap_or_else(|| panic!("{kind}.{field} must be a URL: {v}"));
        assert!(s.starts_with("https://") || s.starts_with("http://"), "{kind}.{field}: {s}");
    };
    let organization = |v: &Value| {
        assert!(matches!(v["@type"].as_str(), Some("Organization" | "NewsMediaOrganization")), "{v}");
        text(v, "name");
    };
    match kind {
        "NewsArticle" => {
            text(ld, "headline");
            for field in ["datePublished", "dateModified"] {
                let d = ld[field].as_str().unwrap_or_else(|| panic!("{field}"));
                chrono::DateTime::parse_from_rfc3339(d).unwrap_or_else(|e| panic!("{field} {d}: {e}"));
            }
            let authors = ld["author"].as_array().expect("author is a list");
            assert!(!authors.is_empty());
            for a in authors {
                assert!(matches!(a["@type"].as_str(), Some("Person" | "Organization")), "{a}");
                text(a, "name");
            }
            organization(&ld["publisher"]);
            url(ld, "url");
            assert!(ld.get("mainEntityOfPage").is_none(), "`url` names the page once: {ld}");
            text(ld, "inLanguage");
            for s in ld["sourceOrganization"].as_array().into_iter().flatten() {
                organization(s);
            }
            for k in ld["keywords"].as_array().expect("keywords is a list") {
                assert!(k.is_string());
            }
        }
        "WebSite" => {
            text(ld, "name");
            url(ld, "url");
            organization(&ld["publisher"]);
        }
        other => panic!("no schema check for {other}"),
    }
}

#[test]
fn pages_carry_opengraph_and_schema_org_news_article_metadata() {
    let site = common::Site::with_config(
        "title = \"أرشيف الأخبار\"\ndescription = \"أخبار من الصحف\"\nbase_url = \"https://example.org/\"\nimage = \"/logo.png\"\n",
    );
    site.write(
        "content/articles/2023/09/14-a.md",
        "+++\ntitle = \"بوتين يقبل دعوة كيم </script><script>alert(1)</script>\"\ndate = 2023-09-14\nupdated = 2023-09-15T10:00:00+03:00\n\
         tags = [\"روسيا\"]\nsource = \"الرياض\"\nsources = [\"الرياض\", \"عكاظ\"]\nauthor = \"محمد الحيدر\"\ndateline = \"الرياض\"\n+++\n\nقبل الرئيس الدعوة.\n",
    );
    site.write(
        "content/articles/2023/09/13-b.md",
        "+++\ntitle = \"خبر بلا كاتب\"\ndate = 2023-09-13\nsource = \"عكاظ\"\n+++\n\nنص.\n",
    );
    site.run(&["build"]).expect_code(0);
    let page = site.read("public/2023/09/a/index.html");
    for meta in [
        "<meta property=\"og:locale\" content=\"ar_AR\">",
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:image\" content=\"https://example.org/logo.png\">",
        "<meta name=\"twitter:card\" content=\"summary_large_image\">",
        "<meta property=\"article:published_time\" content=\"2023-09-14T00:00:00Z\">",
        "<meta property=\"article:modified_time\" content=\"2023-09-15T10:00:00+03:00\">",
        "<meta property=\"article:author\" content=\"محمد الحيدر\">",
        "<meta property=\"article:tag\" content=\"روسيا\">",
        "<meta property=\"og:url\" content=\"https://example.org/2023/09/a/\">",
    ] {
        assert!(page.contains(meta), "{meta}\n{page}");
    }
    assert!(page.contains("آخر تحديث: <time datetime=\"2023-09-15T10:00:00+03:00\">15 سبتمبر 2023</time>"), "{page}");
    assert!(!page.contains("</script><script>alert"), "the title cannot close the script element");
    let ld = json_ld(&page);
    assert_eq!(ld.len(), 1);
    check_schema(&ld[0], "NewsArticle");
    assert_eq!(ld[0]["author"][0]["name"], "محمد الحيدر");
    assert_eq!(ld[0]["sourceOrganization"].as_array().unwrap().len(), 2);
    assert_eq!(ld[0]["locationCreated"]["name"], "الرياض");
    assert_eq!(ld[0]["dateModified"], "2023-09-15T10:00:00+03:00");
    assert!(ld[0]["headline"].as_str().unwrap().contains("</script>"), "the headline is whole once parsed");
    // Without a byline, the paper is the author.
    let other = json_ld(&site.read("public/2023/09/b/index.html"));
    check_schema(&other[0], "NewsArticle");
    assert_eq!(other[0]["author"][0], serde_json::json!({"@type": "Organization", "name": "عكاظ"}));
    // The home page describes the site.
    let home = json_ld(&site.read("public/index.html"));
    check_schema(&home[0], "WebSite");
    assert_eq!(home[0]["name"], "أرشيف الأخبار");
    // The feed entry says when it was updated.
    let feed = site.read("public/atom.xml");
    assert!(feed.contains("<updated>2023-09-15T10:00:00+03:00</updated>"), "{feed}");
}

#[test]
fn aliases_are_pages_that_send_readers_on_to_the_article() {
    let site = common::Site::with_config("title = \"أرشيف\"\nbase_url = \"https://example.org/news/\"\n");
    site.write(
        "content/articles/2023/09/14-a.md",
        "+++\ntitle = \"خبر انتقل\"\ndate = 2023-09-14\naliases = [\"/2019/05/old-slug/\", \"/old/page.html\", \"/%D9%82%D8%AF%D9%8A%D9%85/\", \"https://elsewhere.example/x\"]\n+++\n\nنص.\n",
    );
    let out = site.run(&["build"]);
    out.expect_code(0);
    assert!(out.stderr.contains("alias \"https://elsewhere.example/x\" is not a path of this site"), "{}", out.stderr);
    for old in ["public/2019/05/old-slug/index.html", "public/old/page.html", "public/قديم/index.html"] {
        let page = site.read(old);
        assert!(
            page.contains("<meta http-equiv=\"refresh\" content=\"0; url=https://example.org/news/2023/09/a/\">"),
            "{old}: {page}"
        );
        assert!(page.contains("<link rel=\"canonical\" href=\"https://example.org/news/2023/09/a/\">"));
    }
    assert!(!site.read("public/sitemap.xml").contains("old-slug"), "old URLs are not in the sitemap");
    // An alias where the site has a page of its own is refused.
    site.write(
        "content/articles/2023/09/15-b.md",
        "+++\ntitle = \"ب\"\ndate = 2023-09-15\naliases = [\"/tags/\"]\n+++\n\nنص.\n",
    );
    let out = site.run(&["build"]);
    out.expect_code(1);
    assert!(out.stderr.contains("the alias /tags/ of content/articles/2023/09/15-b.md"), "{}", out.stderr);
    fs::remove_file(site.join("content/articles/2023/09/15-b.md")).unwrap();
    site.run(&["build"]).expect_code(0);

    // A browser that asks for an old URL ends on the article.
    let _one = common::one_browser();
    let Some(browser) = common::chromium().map(PathBuf::from) else { return };
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    // Served at /news/ as base_url says: the static server's root holds news -> public.
    let root = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(site.join("public"), root.path().join("news")).unwrap();
    site.write("site.toml", format!("title = \"أرشيف\"\nbase_url = \"http://127.0.0.1:{port}/news/\"\n"));
    site.run(&["build"]).expect_code(0);
    let mut server = Command::new("python3")
        .args(["-m", "http.server", "--bind", "127.0.0.1", &port.to_string()])
        .current_dir(root.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("python3 -m http.server");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(std::time::Instant::now() < deadline, "the static server did not start");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let dom = chromium_dom(&browser, &format!("http://127.0.0.1:{port}/news/2019/05/old-slug/"));
    let _ = server.kill();
    let _ = server.wait();
    assert!(dom.contains("<h1 class=\"article-title\">خبر انتقل</h1>"), "the browser ended on the article: {dom}");
}

#[test]
fn writers_and_papers_have_pages_and_feeds_like_tags() {
    let site = common::Site::with_config("title = \"أرشيف\"\nbase_url = \"https://example.org/\"\n");
    let article = |day: u32, author: &str, source: &str, sources: &str| {
        site.write(
            &format!("content/articles/2023/09/{day:02}-a{day}.md"),
            format!(
                "+++\ntitle = \"خبر {day}\"\ndate = 2023-09-{day:02}\nsource = \"{source}\"\n{sources}{author}+++\n\nنص الخبر.\n"
            ),
        );
    };
    article(1, "author = \"محمد الحيدر\"\n", "الرياض", "");
    article(2, "author = \"مُحمّد الحيدر\"\n", "عكاظ", "sources = [\"عكاظ\", \"الرياض\"]\n");
    article(3, "", "الرياض", "");
    site.run(&["build"]).expect_code(0);
    // One writer in two spellings; his page lists both articles, newest first.
    let page = site.read("public/authors/محمد-الحيدر/index.html");
    assert!(page.contains("<h1 class=\"page-heading\">محمد الحيدر</h1>") && page.contains("عدد المقالات: 2"), "{page}");
    assert!(page.find("خبر 2").unwrap() < page.find("خبر 1").unwrap());
    // A paper's page holds what it printed, also as a copy of another's text.
    let riyadh = site.read("public/sources/الرياض/index.html");
    assert!(riyadh.contains("عدد المقالات: 3"), "{riyadh}");
    let feed = feed_rs::parser::parse(site.read_bytes("public/sources/الرياض/atom.xml").as_slice()).unwrap();
    assert_eq!(feed.entries.len(), 3);
    let authors_feed =
        feed_rs::parser::parse(site.read_bytes("public/authors/محمد-الحيدر/atom.xml").as_slice()).unwrap();
    assert_eq!(authors_feed.entries[0].authors[0].name, "مُحمّد الحيدر", "each entry keeps its own byline");
    // Indexes, and links from the articles and the footer.
    assert!(site
        .read("public/sources/index.html")
        .contains("href=\"/sources/عكاظ/\">عكاظ</a> <span class=\"count\">(1)</span>"));
    assert!(site.read("public/authors/index.html").contains("محمد الحيدر</a> <span class=\"count\">(2)</span>"));
    let article_page = site.read("public/2023/09/a1/index.html");
    assert!(
        article_page.contains("<a href=\"/authors/محمد-الحيدر/\" rel=\"author\">محمد الحيدر</a>"),
        "{article_page}"
    );
    assert!(article_page.contains("<span class=\"source\"><a href=\"/sources/الرياض/\">الرياض</a></span>"));
    assert!(
        article_page.contains("<a href=\"/authors/\">الكتّاب</a>")
            && article_page.contains("<a href=\"/sources/\">المصادر</a>")
    );
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap
        .contains("https://example.org/authors/%D9%85%D8%AD%D9%85%D8%AF-%D8%A7%D9%84%D8%AD%D9%8A%D8%AF%D8%B1/</loc>"));
}

#[test]
fn an_article_that_moves_keeps_a_page_at_every_url_it_had() {
    let site = common::Site::with_config("title = \"أرشيف\"\nbase_url = \"https://example.org/\"\n");
    let file = "content/articles/2023/09/14-a.md";
    site.write(file, "+++\ntitle = \"خبر\"\ndate = 2023-09-14\n+++\n\nنص.\n");
    site.write("content/articles/2023/09/15-b.md", "+++\ntitle = \"آخر\"\ndate = 2023-09-15\n+++\n\nنص.\n");
    site.run(&["build"]).expect_code(0);
    let record = site.read("content/.warraq/urls.toml");
    assert!(record.contains("\"content/articles/2023/09/14-a.md\" = \"2023/09/a/\""), "{record}");
    // Previews never write the record.
    site.run(&["build", "--drafts", "--output", &site.join("preview").to_string_lossy()]).expect_code(0);
    assert_eq!(site.read("content/.warraq/urls.toml"), record);

    // The date is corrected: the URL moves.
    site.write(file, "+++\ntitle = \"خبر\"\ndate = 2023-10-02\n+++\n\nنص.\n");
    let check = site.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let moved: Vec<&serde_json::Value> =
        json["findings"].as_array().unwrap().iter().filter(|f| f["kind"] == "moved-url").collect();
    assert_eq!(moved.len(), 1, "{}", check.stdout);
    assert!(moved[0]["message"].as_str().unwrap().contains("/2023/09/a/ and moves to /2023/10/a/"));
    site.run(&["build"]).expect_code(0);
    let old = site.read("public/2023/09/a/index.html");
    assert!(old.contains("url=https://example.org/2023/10/a/"), "{old}");
    // And again: every old URL leads to today's.
    site.write(file, "+++\ntitle = \"خبر\"\ndate = 2023-10-02\nslug = \"new\"\n+++\n\nنص.\n");
    site.run(&["build"]).expect_code(0);
    for old in ["public/2023/09/a/index.html", "public/2023/10/a/index.html"] {
        assert!(site.read(old).contains("url=https://example.org/2023/10/new/"), "{old}");
    }
    let record = site.read("content/.warraq/urls.toml");
    assert!(
        record.contains("[moved]") && record.contains("\"2023/09/a/\" = \"content/articles/2023/09/14-a.md\""),
        "{record}"
    );

    // An article that goes away: check warns before the build drops it.
    fs::remove_file(site.join("content/articles/2023/09/15-b.md")).unwrap();
    let check = site.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let gone: Vec<&serde_json::Value> =
        json["findings"].as_array().unwrap().iter().filter(|f| f["kind"] == "vanished-url").collect();
    assert_eq!(gone.len(), 1, "{}", check.stdout);
    assert_eq!(gone[0]["file"], "content/articles/2023/09/15-b.md");
    assert!(gone[0]["message"].as_str().unwrap().contains("aliases = [\"/2023/09/b/\"]"));
}

#[test]
fn a_tag_keeps_its_url_once_published_and_a_merged_tag_leads_to_the_one_it_joined() {
    let config = "title = \"أرشيف\"\nbase_url = \"https://example.org/\"\n[topics]\nauto_tags = 0\n";
    let site = common::Site::with_config(config);
    let article = |n: u32, tags: &str| {
        let file = format!("content/articles/2023/09/{n:02}-a{n}.md");
        site.write(&file, format!("+++\ntitle = \"خبر {n}\"\ndate = 2023-09-{n:02}\ntags = [{tags}]\n+++\n\nنص.\n"));
    };
    article(1, "\"كيم جونج أون\", \"مهرجان الورد\"");
    article(2, "\"ورود الطائف\"");
    site.run(&["build"]).expect_code(0);
    assert!(site.read("public/tags/كيم-جونج-أون/index.html").contains("كيم جونج أون"));
    assert!(site.exists("public/tags/ورود-الطائف/index.html"));
    let record = site.read("content/.warraq/urls.toml");
    assert!(record.contains("[tags.\"كيم-جونج-أون\"]"), "{record}");

    // Most articles now spell the name جونغ: the tag shows that spelling and keeps its URL.
    article(3, "\"كيم جونغ أون\"");
    article(4, "\"كيم جونغ أون\"");
    // And an editor makes the two names of one organisation one tag.
    site.write("site.toml", format!("{config}aliases = {{ \"مهرجان الورد\" = [\"ورود الطائف\"] }}\n"));
    site.run(&["build"]).expect_code(0);
    let page = site.read("public/tags/كيم-جونج-أون/index.html");
    assert!(page.contains(">كيم جونغ أون</h1>"), "the name shown follows the spelling most use: {page}");
    assert!(page.contains("خبر 4") && page.contains("خبر 1"), "{page}");
    assert!(!site.exists("public/tags/كيم-جونغ-أون/index.html"), "no second URL for the same tag");
    let joined = site.read("public/tags/ورود-الطائف/index.html");
    assert!(
        joined.contains(
            "url=https://example.org/tags/%D9%85%D9%87%D8%B1%D8%AC%D8%A7%D9%86-%D8%A7%D9%84%D9%88%D8%B1%D8%AF/"
        ),
        "{joined}"
    );
    assert!(site.read("public/tags/مهرجان-الورد/index.html").contains("خبر 2"));

    // A tag no article carries any more: check says its page will go.
    site.write("content/articles/2023/09/01-a1.md", "+++\ntitle = \"خبر 1\"\ndate = 2023-09-01\n+++\n\nنص.\n");
    site.write("content/articles/2023/09/02-a2.md", "+++\ntitle = \"خبر 2\"\ndate = 2023-09-02\n+++\n\nنص.\n");
    let check = site.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let gone: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "vanished-url")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(gone.len(), 1, "{}", check.stdout);
    assert!(gone[0].contains("/tags/مهرجان-الورد/"), "{gone:?}");
}

#[test]
fn site_goes_before_or_after_the_command_and_init_does_not_offer_it() {
    let bin = env!("CARGO_BIN_EXE_warraq");
    let help = std::process::Command::new(bin).args(["init", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(help.contains("--title") && !help.contains("--site"), "{help}");
    let (_tmp, site) = fixture_site();
    let before = std::process::Command::new(bin).arg("--site").arg(&site).args(["build"]).output().unwrap();
    let after = std::process::Command::new(bin).args(["build", "--site"]).arg(&site).output().unwrap();
    for out in [before, after] {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.trim_end().ends_with("-> public"), "named from the site, like every file: {stdout}");
    }
    let init = std::process::Command::new(bin).arg("--site").arg(&site).args(["init", "x"]).output().unwrap();
    assert_eq!(init.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&init.stderr).contains("takes no --site"));
}
