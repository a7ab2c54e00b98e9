//! What warraq writes and deletes, and what it refuses: the binary run on
//! small sites as a careful user, and a careless one, would run it.

use crate::common;

use common::Site;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

/// A dated article at `content/articles/YYYY/MM/DD-slug.md`.
fn article(site: &Site, date: &str, slug: &str, title: &str, tags: &[&str], body: &str) {
    let (y, rest) = date.split_at(4);
    let (m, d) = (&rest[1..3], &rest[4..6]);
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let tags: Vec<String> = tags.iter().map(|t| quote(t)).collect();
    site.write(
        &format!("content/articles/{y}/{m}/{d}-{slug}.md"),
        format!("+++\ntitle = {}\ndate = {date}\ntags = [{}]\n+++\n\n{body}\n", quote(title), tags.join(", ")),
    );
}

/// A small site: three articles, two sharing a tag.
fn small_site() -> Site {
    let site = Site::with_config("title = \"أرشيف\"\nbase_url = \"https://example.org/\"\n");
    article(&site, "2023-09-14", "a", "بوتين يلتقي كيم", &["روسيا"], "زار الرئيس الروسي كوريا الشمالية.");
    article(&site, "2023-09-15", "b", "قمة في موسكو", &["روسيا"], "عقدت قمة في موسكو.");
    article(&site, "2024-01-02", "c", "خبر من عمّان", &["الأردن"], "خبر قصير من عمّان.");
    site
}

/// The findings of `check --format json`.
fn findings(stdout: &str) -> Vec<serde_json::Value> {
    let json: serde_json::Value = serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    json["findings"].as_array().unwrap().clone()
}

/// Every file under `dir` (symlinks followed): relative path -> bytes;
/// but an output's seal, which records its own folders' times.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && !e.path().ends_with(".warraq/seal/v1"))
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), fs::read(e.path()).unwrap()))
        .collect()
}

/// The site's files other than warraq's bookkeeping.
fn published(dir: &Path) -> Vec<String> {
    snapshot(dir).into_keys().filter(|k| !k.starts_with(".warraq/")).collect()
}

#[test]
fn an_output_folder_with_other_files_is_refused_and_left_alone() {
    let site = small_site();
    site.write("docs/CNAME", "news.example.org\n");
    site.write("docs/notes/plan.md", "# خطة\n");
    let before = snapshot(&site.join("docs"));
    for _ in 0..2 {
        let out = site.run(&["build", "--output", &site.join("docs").to_string_lossy()]);
        out.expect_code(1);
        assert!(out.stderr.contains("not written by warraq"), "{}", out.stderr);
        assert!(out.stderr.contains("docs"), "names the folder: {}", out.stderr);
        assert_eq!(snapshot(&site.join("docs")), before);
    }
    assert!(!site.exists(".docs.spare") && !site.exists(".docs.staging"));

    // The site's own folders are never an output, empty or not.
    let content_before = snapshot(&site.join("content"));
    for output in ["content", "content/new", ".", "static/site", "templates/x"] {
        let out = site.run(&["build", "--output", &site.join(output).to_string_lossy()]);
        out.expect_code(1);
        assert!(
            out.stderr.contains("cannot be the output") || out.stderr.contains("not written by warraq"),
            "{output}: {}",
            out.stderr
        );
    }
    assert_eq!(snapshot(&site.join("content")), content_before);
    assert!(!site.exists("static") && !site.exists("templates") && !site.exists("content/new"));
    assert!(site.exists("site.toml"));

    // An empty folder becomes the output; a file someone adds there later
    // is kept by every build.
    fs::create_dir_all(site.join("www")).unwrap();
    site.run(&["build", "--output", &site.join("www").to_string_lossy()]).expect_code(0);
    site.write("www/CNAME", "news.example.org\n");
    article(&site, "2024-01-03", "d", "خبر جديد", &[], "نص جديد.");
    site.run(&["build", "--output", &site.join("www").to_string_lossy()]).expect_code(0);
    site.run(&["build", "--output", &site.join("www").to_string_lossy()]).expect_code(0);
    assert_eq!(site.read("www/CNAME"), "news.example.org\n");
    assert!(site.exists("www/2024/01/d/index.html"));
}

#[test]
fn a_symlinked_output_is_written_through_and_others_files_stay() {
    let site = small_site();
    site.write("www/other.txt", "not warraq's");
    std::os::unix::fs::symlink(site.join("www"), site.join("public")).unwrap();
    // A web root with files of its own and no warraq mark: refused.
    let out = site.run(&["build"]);
    out.expect_code(1);
    assert!(out.stderr.contains("not written by warraq"), "{}", out.stderr);
    assert_eq!(published(&site.join("www")), ["other.txt"]);

    // Emptied, it becomes warraq's; the link stays a link, every build
    // writes through it, and files put there later are never deleted.
    fs::remove_file(site.join("www/other.txt")).unwrap();
    site.run(&["build"]).expect_code(0);
    site.write("www/other.txt", "not warraq's");
    site.write("www/blog/post.html", "<p>mine</p>");
    fs::remove_file(site.join("content/articles/2024/01/02-c.md")).unwrap();
    for _ in 0..3 {
        site.run(&["build"]).expect_code(0);
        assert!(site.join("public").symlink_metadata().unwrap().file_type().is_symlink());
    }
    assert_eq!(site.read("www/other.txt"), "not warraq's");
    assert_eq!(site.read("www/blog/post.html"), "<p>mine</p>");
    assert!(site.exists("www/2023/09/a/index.html"));
    assert!(!site.exists("www/2024/01/c/index.html"), "the deleted article's page is gone");
}

#[test]
fn two_builds_at_once_take_turns_and_both_publish_the_whole_site() {
    let site = Site::with_config("title = \"أرشيف\"\nper_page = 2\n");
    for i in 0..300 {
        let body = format!("نص الخبر رقم {i} عن موضوع {}.", i % 7);
        article(
            &site,
            &format!("2023-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            &format!("n{i}"),
            &format!("خبر رقم {i}"),
            &[&format!("وسم {}", i % 9)],
            &body,
        );
    }
    let reference = Site::new();
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_warraq"))
            .arg("--site")
            .arg(site.path())
            .arg("build")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (spawn(), spawn());
    let outputs = [first.wait_with_output().unwrap(), second.wait_with_output().unwrap()];
    for out in &outputs {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let said: String = outputs.iter().map(|o| String::from_utf8_lossy(&o.stderr).into_owned()).collect();
    assert!(said.contains("waiting") || said.is_empty(), "{said}");
    // The same files as one build alone makes.
    common::copy_dir(&site.join("content"), &reference.join("content"));
    fs::copy(site.join("site.toml"), reference.join("site.toml")).unwrap();
    reference.run(&["build"]).expect_code(0);
    assert_eq!(snapshot(&site.join("public")), snapshot(&reference.join("public")));
}

#[test]
fn dangerous_link_schemes_never_become_links() {
    let site = small_site();
    article(
        &site,
        "2024-02-01",
        "links",
        "روابط",
        &["روسيا"],
        "[اضغط](javascript:alert(1)) و![صورة](javascript:alert(2)) و<vbscript:msgbox(1)> و[بيانات](data:text/html,<script>alert(3)</script>) و[موقع](https://example.org/) و[بريد](mailto:desk@example.org)",
    );
    let out = site.run(&["build"]);
    out.expect_code(0);
    let page = site.read("public/2024/02/links/index.html");
    let feed = site.read("public/atom.xml");
    for text in [&page, &feed] {
        for scheme in ["javascript:", "vbscript:", "data:"] {
            let lower = text.to_lowercase();
            assert!(
                !lower.contains(&format!("href=\"{scheme}")) && !lower.contains(&format!("src=\"{scheme}")),
                "{scheme}"
            );
            assert!(
                !lower.contains(&format!("href=&quot;{scheme}")) && !lower.contains(&format!("src=&quot;{scheme}")),
                "{scheme}"
            );
        }
    }
    assert!(
        page.contains("href=\"https://example.org/\"") && page.contains("href=\"mailto:desk@example.org\""),
        "{page}"
    );
    assert!(page.contains("اضغط") && page.contains("بيانات"), "the link text stays");
    let check = site.run(&["check", "--format", "json"]);
    let findings = findings(&check.stdout);
    let unsafe_links = findings.iter().filter(|f| f["kind"] == "unsafe-link").count();
    assert_eq!(unsafe_links, 4, "{}", check.stdout);
}

#[test]
fn characters_xml_forbids_never_reach_a_feed() {
    let site = small_site();
    site.write(
        "content/articles/2024/03/01-ctl.md",
        "+++\ntitle = \"عنوان\u{1a} فيه رمز\u{fffe}\"\ndate = 2024-03-01\ntags = [\"روسيا\u{1}\"]\n+++\n\nنص\u{1a} فيه\u{ffff} رموز &#x1a; ممنوعة.\n",
    );
    site.write(
        "content/inbox/raw.txt",
        "خبر عاجل من الرياض\u{ffff}\nأعلنت الهيئة\u{1a} اليوم عن نتائج الاجتماع السنوي للمجلس وقالت إن العمل مستمر.\nوأضافت أن التقرير\u{fffe} سيصدر الأسبوع المقبل.\n",
    );
    let out = site.run(&["build", "--drafts"]);
    assert!(
        out.stderr.contains("content/articles/2024/03/01-ctl.md:") && out.stderr.contains("U+001A"),
        "{}",
        out.stderr
    );
    let feeds: Vec<String> = walkdir::WalkDir::new(site.join("public"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.file_name().is_some_and(|n| n == "atom.xml"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert!(feeds.len() >= 3, "{feeds:?}");
    for path in feeds.iter().chain([&site.join("public/2024/03/ctl/index.html").to_string_lossy().into_owned()]) {
        let text = fs::read_to_string(path).unwrap();
        assert!(!text.chars().any(warraq::sanitize::is_forbidden), "{path}");
        if path.ends_with(".xml") {
            feed_rs::parser::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{path}: {e}"));
        }
    }
    assert!(site.read("public/2024/03/ctl/index.html").contains("عنوان فيه رمز"));
    // Ingest wrote no forbidden character either, and said so.
    let md = site.files("content/articles").into_iter().find(|f| site.read(f).contains("raw.txt")).unwrap();
    assert!(!site.read(&md).chars().any(warraq::sanitize::is_forbidden), "{md}");
    // check names the file and line.
    let check = site.run(&["check", "--format", "json"]);
    let findings = findings(&check.stdout);
    assert!(
        findings
            .iter()
            .any(|f| f["kind"] == "forbidden-character" && f["file"] == "content/articles/2024/03/01-ctl.md"),
        "{}",
        check.stdout
    );
}

#[test]
fn a_mostly_utf8_file_stays_utf8() {
    let site = small_site();
    let text = "بوتين يقبل دعوة من كيم لزيارة كوريا الشمالية\nتاريخ النشر: 14 سبتمبر 2023\n".to_string()
        + &"أعلنت وكالة الأنباء المركزية الكورية الشمالية اليوم أن الرئيس الروسي قبل الدعوة لزيارة بيونغ يانغ.\n"
            .repeat(40);
    let mut bytes = text.into_bytes();
    let spaces: Vec<usize> =
        bytes.iter().enumerate().filter(|(_, &b)| b == b' ').map(|(i, _)| i).skip(50).step_by(60).take(7).collect();
    for &i in &spaces {
        bytes[i] = 0xFF;
    }
    site.write("content/inbox/broken.txt", &bytes);
    let out = site.run(&["ingest", "--format", "json"]);
    out.expect_code(0);
    let report = out.json_lines().into_iter().find(|r| r["file"] == "content/inbox/broken.txt").unwrap();
    assert_eq!(report["title"], "بوتين يقبل دعوة من كيم لزيارة كوريا الشمالية");
    let warnings = report["warnings"].to_string();
    assert!(warnings.contains(&format!("(the first at byte {})", spaces[0])), "{warnings}");
    assert!(report["body"].as_str().unwrap().contains("وكالة الأنباء المركزية"));
}

#[test]
fn two_claims_on_one_output_path_are_an_error_naming_both() {
    let site = small_site();
    site.run(&["build"]).expect_code(0);
    let before = snapshot(&site.join("public"));
    site.write("content/tags.md", "+++\ntitle = \"الوسوم\"\n+++\n\nصفحة.\n");
    site.write("content/2024.md", "+++\ntitle = \"سنة\"\n+++\n\nصفحة.\n");
    site.write("static/index.html", "<p>home</p>");
    site.write("static/atom.xml", "<feed/>");
    site.write("static/tags/index.html", "<p>tags</p>");
    site.write("static/robots.txt", "User-agent: *\n");
    let out = site.run(&["build"]);
    out.expect_code(1);
    for (file, generated) in [
        ("content/tags.md", "the tag index"),
        ("content/2024.md", "the archive of 2024"),
        ("static/index.html", "the home page"),
        ("static/atom.xml", "the site feed"),
        ("static/robots.txt", "robots.txt"),
    ] {
        let line = out
            .stderr
            .lines()
            .find(|l| l.starts_with(&format!("error: {file}:")))
            .unwrap_or_else(|| panic!("{file}: {}", out.stderr));
        assert!(line.contains(generated), "{line}");
    }
    assert!(
        out.stderr
            .lines()
            .any(|l| l.contains("rename or remove static/tags/index.html") && l.contains("content/tags.md")),
        "{}",
        out.stderr
    );
    assert_eq!(snapshot(&site.join("public")), before, "nothing was written");
    let check = site.run(&["check", "--format", "json"]);
    let findings = findings(&check.stdout);
    let clashes = findings.iter().filter(|f| f["kind"] == "path-clash" && f["severity"] == "error").count();
    assert_eq!(clashes, 6, "{}", check.stdout);
    // A site's own robots.txt goes in templates/.
    for f in [
        "content/tags.md",
        "content/2024.md",
        "static/index.html",
        "static/atom.xml",
        "static/tags/index.html",
        "static/robots.txt",
    ] {
        fs::remove_file(site.join(f)).unwrap();
    }
    site.write("templates/robots.txt", "User-agent: *\nDisallow: /drafts/\nSitemap: {{ sitemap_url }}\n");
    site.run(&["build"]).expect_code(0);
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nDisallow: /drafts/\nSitemap: https://example.org/sitemap.xml\n"
    );
}

/// A full disk during a build: the build fails and says so, the site stays
/// as it was, no staging files are left to fill the disk, and the next
/// build that fits succeeds. Runs on a 1 MiB tmpfs in a user and mount
/// namespace where the machine allows one (skipped otherwise).
#[test]
fn a_full_disk_fails_the_build_and_the_next_one_that_fits_succeeds() {
    let probe = Command::new("unshare").args(["-rm", "true"]).stderr(Stdio::null()).status();
    if !probe.is_ok_and(|s| s.success()) {
        eprintln!("skipped: this machine cannot make a user and mount namespace (unshare -rm) for a small tmpfs");
        return;
    }
    let site = small_site();
    for i in 0..20 {
        article(
            &site,
            &format!("2022-05-{:02}", i + 1),
            &format!("p{i}"),
            &format!("خبر {i}"),
            &["وسم"],
            &"كلمة ".repeat(200),
        );
    }
    let mnt = site.join("mnt");
    fs::create_dir_all(&mnt).unwrap();
    let log = site.join("log");
    // Inside the namespace: mount, build (fits), make every page larger
    // (does not fit), build again, then shrink it back and build.
    let script = r#"
set -u
mount -t tmpfs -o size=1m tmpfs "$MNT" || exit 99
"$WARRAQ" --site "$SITE" build --output "$MNT/public" > "$LOG.1" 2>&1; echo "first=$?" >> "$LOG"
(cd "$MNT/public" && find . -type f ! -path './.warraq/*' | sort | xargs md5sum) > "$LOG.before"
mkdir -p "$SITE/templates"
printf '{%% extends "base.html" %%}{%% block content %%}%s{{ article.content }}{%% endblock %%}' "$(head -c 200000 /dev/zero | tr '\0' 'x')" > "$SITE/templates/article.html"
"$WARRAQ" --site "$SITE" build --output "$MNT/public" > "$LOG.2" 2>&1; echo "second=$?" >> "$LOG"
(cd "$MNT/public" && find . -type f ! -path './.warraq/*' | sort | xargs md5sum) > "$LOG.after"
ls -A "$MNT/public/.warraq" > "$LOG.book"
df -k "$MNT" | tail -1 | awk '{print $3}' > "$LOG.used"
rm "$SITE/templates/article.html"
"$WARRAQ" --site "$SITE" build --output "$MNT/public" > "$LOG.3" 2>&1; echo "third=$?" >> "$LOG"
"#;
    let status = Command::new("unshare")
        .args(["-rm", "sh", "-c", script])
        .env("MNT", &mnt)
        .env("SITE", site.path())
        .env("LOG", &log)
        .env("WARRAQ", env!("CARGO_BIN_EXE_warraq"))
        .status()
        .unwrap();
    if status.code() == Some(99) {
        eprintln!("skipped: cannot mount a tmpfs in the namespace");
        return;
    }
    let read = |suffix: &str| fs::read_to_string(format!("{}{suffix}", log.display())).unwrap_or_default();
    let results = read("");
    assert!(results.contains("first=0"), "{results}\n{}", read(".1"));
    assert!(results.contains("second=1"), "the build that does not fit fails: {results}\n{}", read(".2"));
    assert!(read(".2").contains("the disk is full: free some space and build again"), "{}", read(".2"));
    assert!(!read(".2").contains("panicked"));
    assert_eq!(read(".before"), read(".after"), "the published site is exactly as it was");
    let book = read(".book");
    assert_eq!(
        book.split_whitespace().collect::<Vec<_>>(),
        ["manifest", "seal"],
        "no staging files are left behind, the seal of the build before holds"
    );
    assert!(results.contains("third=0"), "the next build that fits succeeds: {results}\n{}", read(".3"));
}

#[test]
fn symlinks_are_followed_alike_and_a_broken_one_is_named() {
    let site = small_site();
    let elsewhere = site.join("shared");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::write(
        elsewhere.join("linked.md"),
        "+++\ntitle = \"مقال مرتبط\"\ndate = 2024-04-01\n+++\n\nنص المقال المرتبط.\n",
    )
    .unwrap();
    fs::write(elsewhere.join("logo.svg"), "<svg/>").unwrap();
    fs::create_dir_all(site.join("content/articles/2024/04")).unwrap();
    fs::create_dir_all(site.join("static")).unwrap();
    std::os::unix::fs::symlink(elsewhere.join("linked.md"), site.join("content/articles/2024/04/01-linked.md"))
        .unwrap();
    std::os::unix::fs::symlink(elsewhere.join("logo.svg"), site.join("static/logo.svg")).unwrap();
    site.run(&["build"]).expect_code(0);
    assert!(site.read("public/2024/04/linked/index.html").contains("مقال مرتبط"));
    assert_eq!(site.read("public/logo.svg"), "<svg/>");

    std::os::unix::fs::symlink(site.join("nowhere.md"), site.join("content/articles/2024/04/02-gone.md")).unwrap();
    let out = site.run(&["build"]);
    out.expect_code(1);
    assert!(
        out.stderr.contains("content/articles/2024/04/02-gone.md") && out.stderr.contains("symlink"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_inbox_takes_any_case_and_names_what_it_cannot_read() {
    let site = small_site();
    let raw =
        "خبر عاجل من الرياض\nأعلنت الهيئة اليوم عن نتائج الاجتماع السنوي للمجلس وقالت إن العمل مستمر حتى نهاية العام.\n";
    site.write("content/inbox/UPPER.TXT", raw);
    let bad_name = std::ffi::OsStr::from_bytes(b"bad-\xff.txt");
    fs::write(site.join("content/inbox").join(bad_name), raw.replace("الرياض", "جدة")).unwrap();
    std::os::unix::fs::symlink(site.join("missing.txt"), site.join("content/inbox/link.txt")).unwrap();
    let out = site.run(&["ingest", "--format", "json"]);
    out.expect_code(1);
    let reports = out.json_lines();
    let by_file = |f: &str| {
        reports
            .iter()
            .find(|r| r["file"].as_str().unwrap().contains(f))
            .unwrap_or_else(|| panic!("{f}: {}", out.stdout))
    };
    assert_eq!(by_file("UPPER.TXT")["status"], "converted");
    assert!(by_file("bad-")["error"].as_str().unwrap().contains("not valid UTF-8"));
    assert!(by_file("link.txt")["error"].as_str().unwrap().contains("symlink"));

    // An inbox that is a file is an error, not an empty inbox.
    let other = small_site();
    other.write("content/inbox", "not a folder");
    let out = other.run(&["ingest"]);
    out.expect_code(1);
    assert!(out.stdout.contains("content/inbox") && out.stdout.contains("not a folder"), "{}", out.stdout);
}

use std::os::unix::ffi::OsStrExt;

#[test]
fn a_killed_ingests_temporary_files_are_removed() {
    let site = small_site();
    site.write("content/articles/2023/09/.warraq-4242-0.tmp", "half an article");
    site.write("content/articles/2023/09/.notes.tmp", "someone else's");
    site.write(
        "content/inbox/x.txt",
        "خبر عاجل من الرياض\nأعلنت الهيئة اليوم عن نتائج الاجتماع السنوي للمجلس وقالت إن العمل مستمر.\n",
    );
    site.run(&["ingest", "--dry-run"]).expect_code(0);
    assert!(site.exists("content/articles/2023/09/.warraq-4242-0.tmp"), "a dry run writes and deletes nothing");
    site.run(&["ingest"]).expect_code(0);
    assert!(!site.exists("content/articles/2023/09/.warraq-4242-0.tmp"));
    assert_eq!(site.read("content/articles/2023/09/.notes.tmp"), "someone else's");
}

#[test]
fn dates_far_in_the_future_or_past_are_flagged_by_check() {
    let site = small_site();
    article(&site, "9999-12-31", "future", "من المستقبل", &[], "نص.");
    site.write("content/articles/0000/01/01-past.md", "+++\ntitle = \"قديم جدا\"\ndate = 0000-01-01\n+++\n\nنص.\n");
    let check = site.run_env(&["check", "--format", "json"], &[("SOURCE_DATE_EPOCH", "1764374400")]);
    let findings = findings(&check.stdout);
    let flagged: Vec<&str> =
        findings.iter().filter(|f| f["kind"] == "suspicious-date").map(|f| f["file"].as_str().unwrap()).collect();
    assert_eq!(
        flagged,
        ["content/articles/0000/01/01-past.md", "content/articles/9999/12/31-future.md"],
        "{}",
        check.stdout
    );

    // A raw file dated in the future is converted with a warning.
    site.write(
        "content/inbox/future.txt",
        "افتتاح المعرض الدولي للكتاب\nتاريخ النشر: 12 مارس 2099\nافتتح المعرض الدولي للكتاب أبوابه اليوم بمشاركة مئات الناشرين من الدول العربية.\n",
    );
    let out = site.run_env(&["ingest", "--format", "json"], &[("SOURCE_DATE_EPOCH", "1764374400")]);
    let report = out.json_lines().into_iter().find(|r| r["file"] == "content/inbox/future.txt").unwrap();
    assert_eq!(report["date"], "2099-03-12");
    assert!(report["warnings"].to_string().contains("in the future"), "{report}");
}

#[test]
fn titles_and_tags_lose_bidi_controls_and_presentation_forms_merge() {
    let site = small_site();
    article(&site, "2024-05-01", "bidi", "\u{202b}عنوان\u{202c}\u{200f}", &["\u{200f}روسيا\u{200e}"], "نص.");
    article(&site, "2024-05-02", "forms", "خبر آخر", &["ﺭﻭﺳﻴﺎ"], "نص.");
    site.run(&["build"]).expect_code(0);
    let page = site.read("public/2024/05/bidi/index.html");
    assert!(page.contains("<title>عنوان"), "{page}");
    assert!(!page.contains('\u{202b}') && !page.contains('\u{200f}'));
    let tags = site.run(&["tags", "--format", "json"]);
    let tags: Vec<serde_json::Value> = serde_json::from_str(&tags.stdout).unwrap();
    let russia: Vec<&serde_json::Value> = tags
        .iter()
        .filter(|t| t["spellings"].to_string().contains("روسيا") || t["spellings"].to_string().contains("ﺭﻭﺳﻴﺎ"))
        .collect();
    assert_eq!(russia.len(), 1, "one tag: {tags:?}");
    assert_eq!(russia[0]["name"], "روسيا");
    assert_eq!(russia[0]["count"], 4);
}

#[test]
fn a_closed_standard_output_ends_quietly_with_status_zero() {
    let site = small_site();
    for args in [&["tags"][..], &["build"], &["ingest"], &["check"], &["tags", "--format", "json"]] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader); // `| head -0`: nobody reads
        let out = Command::new(env!("CARGO_BIN_EXE_warraq"))
            .arg("--site")
            .arg(site.path())
            .args(args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_base_url_with_an_empty_segment_is_refused_and_check_finds_doubled_slashes() {
    let site = small_site();
    let out = site.run(&["build", "--base-url", "https://owner.github.io//"]);
    out.expect_code(1);
    assert!(out.stderr.contains("--base-url: base_url") && out.stderr.contains("empty path segment"), "{}", out.stderr);
    assert!(!site.exists("public"), "nothing was written");

    // A template that doubles the slash: check names the page and the link.
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<a href=\"/{{ home_url }}2023/\">2023</a> \
         <a href=\"//cdn.example.org/x.js\">cdn</a>{% endblock %}",
    );
    let check = site.run(&["check", "--format", "json"]);
    check.expect_code(1);
    let doubled: Vec<serde_json::Value> =
        findings(&check.stdout).into_iter().filter(|f| f["kind"] == "protocol-relative-link").collect();
    assert_eq!(doubled.len(), 1, "{}", check.stdout);
    let message = doubled[0]["message"].as_str().unwrap();
    assert!(message.contains("404.html: //2023/") && message.starts_with("1 link "), "{message}");
}

#[test]
fn keep_going_publishes_without_the_files_that_failed_and_still_names_them() {
    let site = small_site();
    site.write("content/inbox/empty.txt", "");
    site.write(
        "content/inbox/english.txt",
        "Breaking news from London\nThe council met today and agreed on the budget for next year.\n",
    );
    let ingest = site.run(&["ingest", "--keep-going"]);
    ingest.expect_code(0);
    assert!(ingest.stdout.contains("error: content/inbox/empty.txt:"), "{}", ingest.stdout);
    assert!(ingest.stdout.contains("error: content/inbox/english.txt:"), "{}", ingest.stdout);
    site.run(&["ingest"]).expect_code(1);
    let build = site.run(&["build", "--keep-going"]);
    build.expect_code(0);
    assert!(build.stderr.contains("error: content/inbox/empty.txt:"), "{}", build.stderr);
    assert!(site.exists("public/index.html"));
    site.run(&["build"]).expect_code(1);
    let check = site.run(&["check", "--keep-going", "--format", "json"]);
    check.expect_code(0);
    let ingest_findings: Vec<serde_json::Value> =
        findings(&check.stdout).into_iter().filter(|f| f["kind"] == "ingest").collect();
    assert_eq!(ingest_findings.len(), 2, "{}", check.stdout);
    assert!(ingest_findings.iter().all(|f| f["severity"] == "warning"));
    site.run(&["check"]).expect_code(1);
}
