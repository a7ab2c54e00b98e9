//! Integration tests of `warraq build`, `init` and `new` on fixture sites.

mod common;

use common::warraq;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A fresh copy of the fixture site in a temp dir.
fn fixture_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site"), &site);
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

/// Every file of a directory: relative path -> bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
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
    assert!(article.contains("/news/2023/09/%D9%82%D9%85%D8%A9/"), "previous (older) article linked");
    assert!(article.contains("/news/2023/10/%D8%A7%D9%84%D9%83%D8%B1%D8%A9/"), "next (newer) article linked");
    assert!(
        article.contains("/news/tags/%D8%B1%D9%88%D8%B3%D9%8A%D8%A7/"),
        "tag linked, percent-encoded under base path"
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
    fs::write(
        site.join("templates/page.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title }\n{% endblock %}\n",
    )
    .unwrap();
    let out = warraq(&site, &["build"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("templates/page.html:3:"), "{stderr}");
    assert_eq!(snapshot(&site.join("public")), before);

    // A runtime error (unknown filter) is reported with file and line too.
    fs::write(
        site.join("templates/page.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n\n{{ page.title|nosuchfilter }}\n{% endblock %}\n",
    )
    .unwrap();
    let out = warraq(&site, &["build"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("templates/page.html:4"), "{stderr}");
    assert_eq!(snapshot(&site.join("public")), before);

    // A misspelt variable is an error too, not an empty string on every page.
    fs::write(
        site.join("templates/page.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.titel }}\n{% endblock %}\n",
    )
    .unwrap();
    let out = warraq(&site, &["build"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("templates/page.html:3") && stderr.contains("undefined"), "{stderr}");
    assert_eq!(snapshot(&site.join("public")), before);
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
    copy_dir(&root.join("content/inbox"), &site.join("content/inbox"));

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
fn a_body_closing_cdata_is_whole_on_its_page_and_split_in_its_feeds() {
    let (_tmp, site) = fixture_site();
    let toml = fs::read_to_string(site.join("site.toml")).unwrap();
    fs::write(site.join("site.toml"), format!("{toml}allow_raw_html = true\n")).unwrap();
    let article = site.join("content/articles/2024/02/20-المناخ.md");
    let text = fs::read_to_string(&article).unwrap();
    fs::write(&article, format!("{text}\n<div class=\"raw\">قبل ]]> بعد</div>\n")).unwrap();
    build_ok(&site, &[]);
    // One rendering of the body serves the page and both feeds that carry it.
    let page = read(&site, "2024/02/المناخ/index.html");
    assert!(page.contains("<div class=\"raw\">قبل ]]> بعد</div>"), "{page}");
    for feed in ["atom.xml", "tags/المناخ/atom.xml"] {
        let xml = read(&site, feed);
        assert!(xml.contains("قبل ]]]]><![CDATA[> بعد"), "{feed}: the section is split around `]]>`");
        let parsed = feed_rs::parser::parse(xml.as_bytes()).expect("valid Atom");
        let body = parsed.entries[0].content.as_ref().unwrap().body.clone().unwrap();
        assert!(body.contains("<div class=\"raw\">قبل ]]> بعد</div>"), "{feed}: a reader gets the HTML back: {body}");
    }
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

#[test]
fn cached_chrome_is_shared_but_a_year_page_marks_its_year() {
    let (_tmp, site) = fixture_site();
    build_ok(&site, &[]);
    let year_nav = |html: &str| {
        let start = html.find("<nav class=\"year-nav\"").expect("year nav");
        html[start..start + html[start..].find("</nav>").unwrap()].to_string()
    };
    let year = read(&site, "2023/index.html");
    assert!(year_nav(&year).contains("<a href=\"/news/2023/\" aria-current=\"page\">2023</a>"), "{}", year_nav(&year));
    let home = read(&site, "index.html");
    let article = read(&site, "2023/09/دعوة/index.html");
    assert!(!year_nav(&home).contains("aria-current"));
    assert_eq!(year_nav(&home), year_nav(&article), "one rendering of the year nav serves every page");
    assert!(home.contains("<ul class=\"footer-years\">") && article.contains("<ul class=\"footer-years\">"));

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
