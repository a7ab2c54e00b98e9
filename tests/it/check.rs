//! Integration tests of `warraq check` and of repeated scheduled runs
//! (ingest + build twice changes nothing), on sites made in temp dirs.

use crate::common;

use common::warraq;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn all_output(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// A minimal theme, written into the site: the binary's embedded theme may be
/// empty in this branch and tests must not depend on its markup anyway.
fn write_theme(site: &Path) {
    let t = site.join("templates");
    fs::create_dir_all(&t).unwrap();
    fs::write(
        t.join("base.html"),
        "<!doctype html>\n<html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>{{ site.title }}</title>\
         <link rel=\"stylesheet\" href=\"{{ css_url }}\"></head><body>{% block content %}{% endblock %}</body></html>\n",
    )
    .unwrap();
    for name in ["index", "tags", "tag", "archive", "page", "404"] {
        fs::write(
            t.join(format!("{name}.html")),
            format!("{{% extends \"base.html\" %}}{{% block content %}}{name}{{% endblock %}}\n"),
        )
        .unwrap();
    }
    fs::write(
        t.join("article.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>{{ article.title }}</h1>{{ article.content }}{% endblock %}\n",
    )
    .unwrap();
    fs::create_dir_all(site.join("static")).unwrap();
    fs::write(site.join("static/style.css"), "body { margin: 0 }\n").unwrap();
}

/// A clean site: two dated articles sharing both tags, linking each other in
/// every supported way, and a page.
fn clean_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    fs::create_dir_all(site.join("content/inbox")).unwrap();
    fs::write(site.join("site.toml"), "title = \"أرشيف\"\nbase_url = \"https://archive.example.org/news/\"\n").unwrap();
    write_theme(&site);
    article(
        &site,
        "2023/09/13-قمة.md",
        "title = \"قمة بين بوتين وكيم\"\ndate = 2023-09-13\ntags = [\"روسيا\", \"كوريا الشمالية\"]",
        "عقدت القمة في الشرق الأقصى.\n\nانظر [الدعوة](/news/2023/09/%D8%AF%D8%B9%D9%88%D8%A9/) \
         و[الدعوة مرة أخرى](/2023/09/دعوة/) و[نسبيا](../دعوة/) و[الأرشيف](/news/2023/09/) و[الرئيسية](/news/) \
         و[الموسوعة](https://ar.wikipedia.org/) و[فقرة](#x) و[الصفحة](/news/about/).\n",
    );
    article(
        &site,
        "2023/09/14-دعوة.md",
        "title = \"بوتين يقبل دعوة من كيم\"\ndate = 2023-09-14T09:15:00+03:00\ntags = [\"روسيا\", \"كوريا الشمالية\"]",
        "أعلنت بيونغ يانغ أن بوتين قبل الدعوة. [القمة](https://archive.example.org/news/2023/09/قمة/) \
         [الوسم](/news/tags/روسيا/) [الخلاصة](/news/atom.xml) [الأنماط](/news/style.css)\n",
    );
    fs::write(site.join("content/about.md"), "+++\ntitle = \"من نحن\"\n+++\n\nأرشيف [الأخبار](/news/2023/).\n").unwrap();
    (dir, site)
}

fn article(site: &Path, rel: &str, front: &str, body: &str) -> PathBuf {
    let path = site.join("content/articles").join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, format!("+++\n{front}\n+++\n\n{body}")).unwrap();
    path
}

fn check(site: &Path) -> (i32, String) {
    let out = warraq(site, &["check"]);
    (out.status.code().unwrap(), all_output(&out))
}

fn check_json(site: &Path) -> (i32, serde_json::Value) {
    let out = warraq(site, &["check", "--format", "json"]);
    let text = stdout(&out);
    let json: serde_json::Value =
        serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {text}{}", all_output(&out)));
    (out.status.code().unwrap(), json)
}

/// Every file under `dir`: relative path -> (bytes, mtime).
fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    if !dir.exists() {
        return BTreeMap::new();
    }
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().to_string();
            (rel, (fs::read(e.path()).unwrap(), e.metadata().unwrap().modified().unwrap()))
        })
        .collect()
}

/// Whether `warraq ingest` is implemented in this build (it is provisional
/// until the ingest branch is merged).
fn ingest_available(site: &Path) -> bool {
    let out = warraq(site, &["ingest", "--help"]);
    stdout(&out).contains("--dry-run")
}

#[test]
fn clean_site_passes_with_zero_errors() {
    let (_tmp, site) = clean_site();
    let (code, out) = check(&site);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("check: 0 errors, 0 warnings, 0 notes"), "{out}");
    assert_eq!(out.lines().count(), 1, "only the summary line: {out}");
    let (code, json) = check_json(&site);
    assert_eq!(code, 0);
    assert_eq!(json["errors"], 0);
    assert_eq!(json["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn broken_internal_links_fail_with_file_and_line() {
    let (_tmp, site) = clean_site();
    article(
        &site,
        "2023/10/01-كسر.md",
        "title = \"روابط مكسورة\"\ndate = 2023-10-01\ntags = [\"روسيا\", \"كوريا الشمالية\"]",
        "سطر أول.\n\n[مفقود](/news/2023/09/%D9%84%D8%A7-%D9%8A%D9%88%D8%AC%D8%AF/)\n\n\
         نص [نسبي](../../09/غائب/) و[بلا مسار الموقع](/2023/08/غائب/)\n\n[ملف](@/articles/2023/09/99-غائب.md)\n",
    );
    let (code, out) = check(&site);
    assert_eq!(code, 1, "{out}");
    let file = "content/articles/2023/10/01-كسر.md";
    // Front matter: +++, 3 keys, +++, blank line; the body starts on line 7.
    assert!(out.contains(&format!("{file}:9: error: links to /news/2023/09/%D9%84")), "{out}");
    assert!(out.contains(&format!("{file}:11: error: links to ../../09/غائب/")), "{out}");
    assert!(out.contains(&format!("{file}:11: error: links to /2023/08/غائب/")), "{out}");
    assert!(out.contains(&format!("{file}:13: error: links to @/articles/2023/09/99-غائب.md")), "{out}");
    assert!(out.contains("check: 4 errors, 0 warnings, 0 notes"), "{out}");

    let (code, json) = check_json(&site);
    assert_eq!(code, 1);
    assert_eq!(json["errors"], 4);
    let f = &json["findings"][0];
    assert_eq!(f["severity"], "error");
    assert_eq!(f["file"], file);
    assert!(f["kind"] == "broken-link" || f["kind"] == "source-link", "{f}");
    assert!(f["line"].as_u64().unwrap() >= 9);
}

#[test]
fn links_to_source_files_are_checked_and_rewritten() {
    let (_tmp, site) = clean_site();
    article(
        &site,
        "2023/10/02-مصدر.md",
        "title = \"رابط إلى ملف\"\ndate = 2023-10-02\ntags = [\"روسيا\", \"كوريا الشمالية\"]",
        "[القمة](@/articles/2023/09/13-قمة.md) [نسبي](../09/14-دعوة.md#x) [الصفحة](@/about.md)\n",
    );
    let (code, out) = check(&site);
    assert_eq!(code, 0, "links to existing source files are fine: {out}");
    let out = warraq(&site, &["build"]);
    assert!(out.status.success(), "{}", all_output(&out));
    let html = fs::read_to_string(site.join("public/2023/10/مصدر/index.html")).unwrap();
    assert!(html.contains("href=\"/news/2023/09/%D9%82%D9%85%D8%A9/\""), "{html}");
    assert!(html.contains("href=\"/news/2023/09/%D8%AF%D8%B9%D9%88%D8%A9/#x\""), "{html}");
    assert!(html.contains("href=\"/news/about/\""), "{html}");

    article(
        &site,
        "2023/10/03-غائب.md",
        "title = \"غائب\"\ndate = 2023-10-03\ntags = [\"روسيا\", \"كوريا الشمالية\"]",
        "[x](../09/20-لا.md)\n",
    );
    let (code, out) = check(&site);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("content/articles/2023/10/03-غائب.md:7: error: links to ../09/20-لا.md, but there is no article file content/articles/2023/09/20-لا.md"),
        "{out}"
    );
}

#[test]
fn links_to_unpublished_drafts_are_errors() {
    let (_tmp, site) = clean_site();
    article(&site, "2023/10/03-مسودة.md", "title = \"مسودة\"\ndate = 2023-10-03\ndraft = true", "نص.\n");
    let path = site.join("content/articles/2023/09/14-دعوة.md");
    let text = fs::read_to_string(&path).unwrap() + "\n[المسودة](/news/2023/10/مسودة/)\n";
    fs::write(&path, text).unwrap();
    let (code, out) = check(&site);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("a draft or undated article that is not published"), "{out}");
}

#[test]
fn duplicate_slugs_are_errors() {
    let (_tmp, site) = clean_site();
    article(
        &site,
        "2023/09/20-نسخة.md",
        "title = \"نسخة\"\ndate = 2023-09-20\nslug = \"قمة\"\ntags = [\"روسيا\", \"كوريا الشمالية\"]",
        "نص.\n",
    );
    let (code, out) = check(&site);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("content/articles/2023/09/20-نسخة.md:4: error: its URL /2023/09/قمة/ is also taken by content/articles/2023/09/13-قمة.md"),
        "{out}"
    );
    assert!(out.contains("/2023/09/قمة-2/"), "{out}");
    let (_, json) = check_json(&site);
    assert_eq!(json["findings"][0]["kind"], "duplicate-slug");
}

#[test]
fn two_articles_from_one_raw_file_are_an_error() {
    let (_tmp, site) = clean_site();
    let record = "[ingest]\nfile = \"content/inbox/a.txt\"\nsha256 = \"ab\"";
    article(&site, "2023/10/01-أ.md", &format!("title = \"خبر أ\"\ndate = 2023-10-01\n{record}"), "نص.\n");
    article(&site, "2023/10/01-أ-2.md", &format!("title = \"خبر أ\"\ndate = 2023-10-01\n{record}"), "نص.\n");
    let (code, json) = check_json(&site);
    assert_eq!(code, 1, "{json}");
    let f = json["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "duplicate-source").expect("finding");
    assert_eq!(f["file"], "content/articles/2023/10/01-أ.md");
    assert_eq!(f["line"], 5);
    assert!(f["message"].as_str().unwrap().contains("content/inbox/a.txt"), "{f}");
}

#[test]
fn undated_draft_is_a_warning_only() {
    let (_tmp, site) = clean_site();
    article(&site, "undated/بلا-تاريخ.md", "title = \"بلا تاريخ\"\ndraft = true", "نص.\n");
    let (code, out) = check(&site);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "content/articles/undated/بلا-تاريخ.md:2: warning: has no date, so it is a draft that will not be published"
        ),
        "{out}"
    );
    assert!(out.contains("check: 0 errors, 1 warning, 0 notes"), "{out}");
}

#[test]
fn dated_draft_is_a_warning() {
    let (_tmp, site) = clean_site();
    article(&site, "2023/10/05-مسودة.md", "title = \"مسودة\"\ndate = 2023-10-05\ndraft = true", "نص.\n");
    let (code, out) = check(&site);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("content/articles/2023/10/05-مسودة.md:4: warning: is a draft"), "{out}");
}

#[test]
fn unknown_front_matter_key_names_key_and_line() {
    let (_tmp, site) = clean_site();
    let path = site.join("content/articles/2023/09/14-دعوة.md");
    let text = fs::read_to_string(&path).unwrap().replacen("tags =", "auther = \"فلان\"\ntags =", 1);
    fs::write(&path, text).unwrap();
    let (code, out) = check(&site);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("content/articles/2023/09/14-دعوة.md:4: warning: front matter key `auther`"), "{out}");
    let (_, json) = check_json(&site);
    let f = &json["findings"][0];
    assert_eq!(
        (f["kind"].as_str(), f["line"].as_u64(), f["severity"].as_str()),
        (Some("unknown-key"), Some(4), Some("warning"))
    );
}

#[test]
fn single_article_tag_is_a_note() {
    let (_tmp, site) = clean_site();
    article(
        &site,
        "2023/10/06-وسم.md",
        "title = \"وسم وحيد\"\ndate = 2023-10-06\ntags = [\"روسيا\", \"الطقس\"]",
        "نص.\n",
    );
    let (code, out) = check(&site);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("content/articles/2023/10/06-وسم.md:4: note: tag «الطقس» has only this article"), "{out}");
    assert!(out.contains("check: 0 errors, 0 warnings, 1 note"), "{out}");
    let (_, json) = check_json(&site);
    assert_eq!(json["notes"], 1);
    assert_eq!(json["findings"][0]["kind"], "single-article-tag");
}

#[test]
fn broken_front_matter_is_an_error_with_line() {
    let (_tmp, site) = clean_site();
    article(&site, "2023/10/07-خطأ.md", "title = \"خبر\"\ndate = 2023-10-07\ntags = [\"a\"", "نص.\n");
    let (code, out) = check(&site);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("content/articles/2023/10/07-خطأ.md:4: error:"), "{out}");
    let (_, json) = check_json(&site);
    assert_eq!(json["findings"][0]["kind"], "front-matter");
}

#[test]
fn failing_raw_inbox_file_is_an_error() {
    let (_tmp, site) = clean_site();
    if !ingest_available(&site) {
        eprintln!("skipped: `warraq ingest` is provisional in this build");
        return;
    }
    fs::write(site.join("content/inbox/empty.txt"), "").unwrap();
    let before = snapshot(&site.join("content"));
    let (code, out) = check(&site);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("content/inbox/empty.txt: error: cannot be ingested"), "{out}");
    assert_eq!(snapshot(&site.join("content")), before, "check ingests as a dry run");
}

#[test]
fn check_never_writes() {
    let (_tmp, site) = clean_site();
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inbox/004_86f0fdc2a1dc9b03.txt"),
        site.join("content/inbox/004_86f0fdc2a1dc9b03.txt"),
    )
    .unwrap();
    let before = snapshot(&site);
    check(&site);
    check_json(&site);
    assert_eq!(snapshot(&site), before, "check changed a file");
    assert!(!site.join("public").exists());
}

#[test]
fn text_output_has_no_colour_without_a_terminal() {
    let (_tmp, site) = clean_site();
    article(&site, "2023/10/08-x.md", "title = \"x\"\ndate = 2023-10-08\ntags = [\"وحيد\"]", "[x](/y/)\n");
    let out = Command::new(env!("CARGO_BIN_EXE_warraq")).arg("--site").arg(&site).arg("check").output().unwrap();
    let text = all_output(&out);
    assert!(!text.contains('\x1b'), "{text:?}");
    assert_eq!(text.lines().last(), Some("check: 1 error, 0 warnings, 1 note"), "{text}");
}

/// A scheduled run (ingest, then build) repeated with nothing new changes no
/// file in `content/` or `public/`, neither bytes nor mtimes, and says so.
#[test]
fn second_scheduled_run_changes_nothing() {
    let (_tmp, site) = clean_site();
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inbox/004_86f0fdc2a1dc9b03.txt"),
        site.join("content/inbox/004_86f0fdc2a1dc9b03.txt"),
    )
    .unwrap();
    let ingest = ingest_available(&site);
    let run = |site: &Path| -> String {
        if ingest {
            let out = warraq(site, &["ingest"]);
            assert!(out.status.success(), "{}", all_output(&out));
        }
        let out = warraq(site, &["build", "--base-url", "https://owner.github.io/repo/"]);
        assert!(out.status.success(), "{}", all_output(&out));
        stdout(&out)
    };
    let first = run(&site);
    assert!(first.contains("written"), "{first}");
    let content = snapshot(&site.join("content"));
    let public = snapshot(&site.join("public"));
    assert!(public.len() > 10, "{first}");
    // Coarse file systems keep mtimes in seconds: make a rewrite visible.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = run(&site);
    assert!(second.contains(" 0 written,"), "the second run says nothing was written: {second}");
    assert!(!second.contains("ingested"), "{second}");
    let content2 = snapshot(&site.join("content"));
    let public2 = snapshot(&site.join("public"));
    for (rel, (bytes, mtime)) in &public {
        let (bytes2, mtime2) = public2.get(rel).unwrap_or_else(|| panic!("public/{rel} disappeared"));
        assert!(bytes == bytes2, "public/{rel} changed");
        assert_eq!(mtime, mtime2, "public/{rel} was rewritten");
    }
    assert_eq!(public.len(), public2.len(), "no file added to public/");
    assert_eq!(content, content2, "content/ changed");
    // And `check` after such a run finds nothing to stop a deploy.
    let out = warraq(&site, &["check"]);
    assert!(out.status.success() || !ingest, "{}", all_output(&out));
}
