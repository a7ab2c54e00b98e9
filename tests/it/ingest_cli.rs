//! `warraq ingest` end to end: the built binary on temporary sites.
//!
//! Most fixtures rely only on a title line and a body; a few need the
//! parser's date detection and its refusal of text that is not Arabic news.

use crate::common;

use common::Site;
use serde_json::Value;

const KEYS: [&str; 14] = [
    "file", "status", "output", "title", "date", "draft", "source", "author", "dateline", "sources", "tags", "body",
    "warnings", "error",
];

/// A raw article: a title line, then paragraphs unique to `n` (long enough to
/// be compared as duplicates).
fn article(title: &str, n: usize) -> String {
    format!(
        "{title}\n\nأعلنت الوزارة في بيانها رقم {n} أن الاجتماع الذي عقد اليوم في العاصمة ناقش ملفات التعاون الاقتصادي \
         والتجاري بين البلدين، وأكد الطرفان رغبتهما في توسيع الشراكة.\n\nوأضاف البيان رقم {n} أن اللجنة المشتركة \
         ستجتمع مرة أخرى خلال الأشهر المقبلة لمتابعة تنفيذ الاتفاقات الموقعة.\n"
    )
}

fn report<'a>(lines: &'a [Value], file: &str) -> &'a Value {
    lines.iter().find(|l| l["file"] == file).unwrap_or_else(|| panic!("no report for {file}: {lines:#?}"))
}

fn ingest_json(site: &Site, args: &[&str]) -> (i32, Vec<Value>, String) {
    let mut all = vec!["ingest", "--format", "json"];
    all.extend_from_slice(args);
    let out = site.run(&all);
    (out.code, out.json_lines(), out.stderr)
}

#[test]
fn converts_then_second_run_changes_nothing() {
    let site = Site::new();
    site.write("content/inbox/a.txt", article("الخبر الأول عن الاقتصاد", 1));
    site.write("content/inbox/b.txt", article("الخبر الثاني عن السياسة", 2));
    let raw_before = site.snapshot("content/inbox");

    let out = site.run(&["ingest"]);
    out.expect_code(0);
    assert!(out.stdout.contains("converted content/inbox/a.txt -> content/articles/"), "{}", out.stdout);
    assert!(out.stdout.contains("ingest: 2 converted, 0 unchanged, 0 errors"), "{}", out.stdout);
    let md = site.files("content/articles");
    assert_eq!(md.len(), 2, "{md:?}");
    let text = site.read(&md[0]);
    assert!(text.starts_with("+++\ntitle = "), "{text}");
    assert!(text.contains("[ingest]\nfile = \"content/inbox/"), "{text}");
    assert!(text.contains("sha256 = \""), "{text}");

    let articles_before = site.snapshot("content/articles");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = site.run(&["ingest"]);
    out.expect_code(0);
    assert!(out.stdout.contains("unchanged content/inbox/a.txt -> content/articles/"), "{}", out.stdout);
    assert!(out.stdout.contains("ingest: 0 converted, 2 unchanged, 0 errors"), "{}", out.stdout);
    assert_eq!(site.snapshot("content/articles"), articles_before, "bytes and mtimes unchanged");
    assert_eq!(site.snapshot("content/inbox"), raw_before, "raw files are never modified");
}

#[test]
fn changed_raw_file_is_reported_and_left_alone_unless_forced() {
    let site = Site::new();
    site.write("content/inbox/a.txt", article("خبر سيتغير لاحقا", 1));
    site.run(&["ingest"]).expect_code(0);
    let md = site.files("content/articles").remove(0);

    // An editor fixes the Markdown; then the raw file changes.
    let edited = site.read(&md).replace("الاجتماع", "اللقاء");
    assert_ne!(edited, site.read(&md));
    site.write(&md, &edited);
    let mut raw = article("خبر سيتغير لاحقا", 1);
    raw.push_str("\nفقرة جديدة أضيفت إلى الخبر بعد تحويله.\n");
    site.write("content/inbox/a.txt", &raw);

    let out = site.run(&["ingest"]);
    out.expect_code(0);
    assert!(out.stdout.contains("unchanged content/inbox/a.txt"), "{}", out.stdout);
    assert!(out.stderr.contains("warning: content/inbox/a.txt: changed since it was converted"), "{}", out.stderr);
    assert!(out.stdout.contains("(not converted again: see the warning)"), "{}", out.stdout);
    assert!(out.stderr.contains(&md), "names the Markdown file: {}", out.stderr);
    assert!(out.stderr.contains("warraq ingest --force content/inbox/a.txt"), "{}", out.stderr);
    assert_eq!(site.read(&md), edited, "the editor's fix survives");

    let out = site.run(&["ingest", "--force", "content/inbox/a.txt"]);
    out.expect_code(0);
    assert!(out.stdout.contains("converted content/inbox/a.txt"), "{}", out.stdout);
    let text = site.read(&md);
    assert!(text.contains("فقرة جديدة"), "{text}");
    assert!(!text.contains("اللقاء"), "--force overwrites edits: {text}");
    assert_eq!(site.files("content/articles").len(), 1);
    assert_eq!(site.read_bytes("content/inbox/a.txt"), raw.as_bytes());

    // And it is stable afterwards.
    let out = site.run(&["ingest"]);
    assert!(out.stdout.contains("0 converted, 1 unchanged"), "{}", out.stdout);
}

#[test]
fn copies_of_one_article_are_folded_into_it_with_their_sources() {
    let site = Site::new();
    let text = |paper: &str| format!("{}المصدر: {paper}\n", article("خبر نشر مرتين", 7));
    site.write("content/inbox/a.txt", text("الرياض"));
    site.write("content/inbox/b.txt", text("عكاظ"));
    let (code, lines, _) = ingest_json(&site, &[]);
    assert_eq!(code, 0);
    let a = report(&lines, "content/inbox/a.txt");
    assert_eq!(a["status"], "converted");
    assert_eq!(a["sources"], serde_json::json!(["الرياض", "عكاظ"]));
    let b = report(&lines, "content/inbox/b.txt");
    assert_eq!(b["status"], "unchanged");
    assert_eq!(b["output"], a["output"]);
    assert_eq!(b["source"], "عكاظ", "the copy's record says what it holds");
    assert_eq!(b["sources"], a["sources"]);
    let w = b["warnings"][0].as_str().unwrap();
    assert!(w.contains("the same article text as content/inbox/a.txt: folded into content/articles/"), "{w}");
    let md = site.files("content/articles");
    assert_eq!(md.len(), 1);
    let written = site.read(&md[0]);
    assert!(written.contains("source = \"الرياض\"\nsources = [\"الرياض\", \"عكاظ\"]\n"), "{written}");
    assert!(written.contains("[[ingest.folded]]\nfile = \"content/inbox/b.txt\"\nsha256 = \""), "{written}");

    // In a later run: the same bytes under another name, and the same text
    // in other bytes from a third paper, folded into the article on disk.
    site.write("content/inbox/c.txt", text("عكاظ"));
    site.write("content/inbox/d.txt", text("الوطن").replace('\n', "\r\n"));
    let (code, lines, _) = ingest_json(&site, &[]);
    assert_eq!(code, 0);
    for f in ["content/inbox/c.txt", "content/inbox/d.txt"] {
        let r = report(&lines, f);
        assert_eq!(r["status"], "unchanged", "{r}");
        assert_eq!(r["output"].as_str(), Some(md[0].as_str()));
        assert!(r["warnings"][0].as_str().unwrap().contains("folded into"), "{r}");
    }
    let written = site.read(&md[0]);
    assert!(written.contains("sources = [\"الرياض\", \"عكاظ\", \"الوطن\"]\n"), "{written}");
    for f in ["b", "c", "d"] {
        assert!(written.contains(&format!("file = \"content/inbox/{f}.txt\"")), "{written}");
    }
    assert_eq!(site.files("content/articles").len(), 1);

    // `check` says which files were folded into which article.
    let out = site.run(&["check"]);
    let note = out.stdout.lines().find(|l| l.contains("folded into it")).unwrap_or_else(|| panic!("{}", out.stdout));
    assert!(note.starts_with(&md[0]), "{note}");
    assert!(note.contains("content/inbox/b.txt, content/inbox/c.txt, content/inbox/d.txt"), "{note}");

    // A third run: every copy is known, nothing is written or warned about.
    let before = site.snapshot("content/articles");
    let (_, lines, _) = ingest_json(&site, &[]);
    assert!(
        lines.iter().all(|l| l["status"] == "unchanged" && l["warnings"].as_array().unwrap().is_empty()),
        "{lines:#?}"
    );
    assert_eq!(site.snapshot("content/articles"), before);
}

#[test]
fn per_file_errors_do_not_stop_the_others() {
    let site = Site::new();
    site.write("content/inbox/a_good.txt", article("خبر سليم", 1));
    site.write("content/inbox/b_empty.txt", "");
    site.write("content/inbox/c_blank.txt", "  \n\r\n\t\n");
    site.write("content/inbox/d_image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10");
    site.write("content/inbox/e_nul.txt", b"abc\0\0\0def\0");
    site.write("content/inbox/f_good.txt", article("خبر سليم آخر", 2));

    let out = site.run(&["ingest"]);
    out.expect_code(1);
    assert!(out.stdout.contains("converted content/inbox/a_good.txt"), "{}", out.stdout);
    assert!(out.stdout.contains("converted content/inbox/f_good.txt"), "{}", out.stdout);
    assert!(out.stdout.contains("error: content/inbox/b_empty.txt: the file is empty"), "{}", out.stdout);
    assert!(
        out.stdout.contains("error: content/inbox/c_blank.txt: the file contains only whitespace"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("error: content/inbox/d_image.txt: looks like a binary file"), "{}", out.stdout);
    assert!(out.stdout.contains("error: content/inbox/e_nul.txt: looks like a binary file"), "{}", out.stdout);
    assert!(out.stdout.contains("ingest: 2 converted, 0 unchanged, 4 errors"), "{}", out.stdout);
    assert_eq!(site.files("content/articles").len(), 2);

    let (code, lines, _) = ingest_json(&site, &[]);
    assert_eq!(code, 1);
    let e = report(&lines, "content/inbox/b_empty.txt");
    assert_eq!(e["status"], "error");
    assert!(e["error"].as_str().unwrap().ends_with("empty"));
    assert!(e["output"].is_null() && e["title"].is_null() && e["body"].is_null());
    assert_eq!(site.files("content/inbox").len(), 6, "raw files are never deleted");
}

#[test]
fn english_text_is_not_arabic_news() {
    let site = Site::new();
    site.write("content/inbox/a.txt", article("خبر سليم", 1));
    site.write(
        "content/inbox/readme.txt",
        "Installation notes\n\nRun the installer and follow the instructions on the screen. Restart afterwards.\n",
    );
    let (code, lines, _) = ingest_json(&site, &[]);
    assert_eq!(code, 1);
    assert_eq!(report(&lines, "content/inbox/a.txt")["status"], "converted");
    assert_eq!(report(&lines, "content/inbox/readme.txt")["status"], "error");
}

#[test]
fn a_copy_never_rewrites_an_article_an_editor_changed_by_hand() {
    let site = Site::new();
    let text = |paper: &str| format!("{}المصدر: {paper}\n", article("خبر حرره المحرر", 8));
    site.write("content/inbox/a.txt", text("الرياض"));
    let (_, lines, _) = ingest_json(&site, &[]);
    let md = lines[0]["output"].as_str().unwrap().to_string();
    // An editor fixes the title (a plain value: kept when a copy is recorded)...
    let edited = site.read(&md).replace("title = \"خبر حرره المحرر\"", "title = \"خبر راجعه المحرر\"");
    site.write(&md, &edited);
    site.write("content/inbox/b.txt", text("عكاظ"));
    let (_, lines, _) = ingest_json(&site, &[]);
    assert!(report(&lines, "content/inbox/b.txt")["warnings"][0].as_str().unwrap().contains("folded into"));
    let written = site.read(&md);
    assert!(written.contains("title = \"خبر راجعه المحرر\"") && written.contains("\"عكاظ\"]"), "{written}");
    // ...then adds a comment: the next copy leaves the file alone and says what to do.
    let commented = written.replacen("+++\n", "+++\n# راجعه المحرر\n", 1);
    site.write(&md, &commented);
    site.write("content/inbox/c.txt", text("الوطن"));
    let (code, lines, _) = ingest_json(&site, &["content/inbox/c.txt"]);
    assert_eq!(code, 0);
    let c = report(&lines, "content/inbox/c.txt");
    assert_eq!(c["status"], "unchanged");
    assert_eq!(c["output"].as_str(), Some(md.as_str()), "the article holding the text");
    let w = c["warnings"][0].as_str().unwrap();
    assert!(w.contains("left alone because it was edited by hand") && w.contains("add its source to `sources`"), "{w}");
    assert_eq!(site.read(&md), commented, "not a byte changed");
    assert_eq!(site.files("content/articles").len(), 1);
}

#[test]
fn json_lines_have_every_design_key() {
    let site = Site::new();
    site.write("content/inbox/a.txt", article("عنوان الخبر", 1));
    site.write("content/inbox/b.txt", "");
    let (code, lines, stderr) = ingest_json(&site, &[]);
    assert_eq!(code, 1);
    assert_eq!(lines.len(), 2, "one object per input file");
    assert!(stderr.contains("ingest: 1 converted"), "the summary goes to stderr: {stderr}");
    for l in &lines {
        let obj = l.as_object().unwrap();
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort();
        let mut want = KEYS.to_vec();
        want.sort();
        assert_eq!(keys, want);
        assert!(l["date"].is_null() || l["date"].is_string());
        assert!(l["draft"].is_boolean() && l["tags"].is_array() && l["warnings"].is_array());
    }
    let a = report(&lines, "content/inbox/a.txt");
    assert_eq!(a["status"], "converted");
    assert_eq!(a["title"], "عنوان الخبر");
    assert!(a["error"].is_null());
    let out = a["output"].as_str().unwrap();
    assert!(out.starts_with("content/articles/") && out.ends_with(".md"), "{out}");
    let body = a["body"].as_str().unwrap();
    assert!(body.contains("ناقش ملفات التعاون"), "{body}");
    assert!(site.read(out).ends_with(body), "body is the Markdown body as written");
    if a["date"].is_null() {
        // Undated: an honest draft, and a warning naming the file and saying how to date it.
        assert_eq!(a["draft"], true);
        assert!(out.starts_with("content/articles/undated/"), "{out}");
        let w = a["warnings"].as_array().unwrap().iter().map(|w| w.as_str().unwrap()).collect::<Vec<_>>().join("\n");
        assert!(w.contains("content/inbox/a.txt: no publication date found"), "{w}");
        assert!(w.contains(&format!("set date = YYYY-MM-DD and draft = false in {out}")), "{w}");
    }
    assert_eq!(report(&lines, "content/inbox/b.txt")["status"], "error");
}

#[test]
fn encodings_give_the_same_title() {
    let title = "بوتين يقبل دعوة من كيم لزيارة كوريا الشمالية";
    let variants: Vec<(&str, Vec<u8>)> = {
        let text = |n| article(title, n);
        let mut utf16 = vec![0xFF, 0xFE];
        for u in text(3).encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text(2).as_bytes());
        let four = text(4);
        let (cp1256, _, bad) = encoding_rs::WINDOWS_1256.encode(&four);
        assert!(!bad);
        vec![
            ("a_utf8.txt", text(1).into_bytes()),
            ("b_utf8_bom.txt", bom),
            ("c_utf16le.txt", utf16),
            ("d_cp1256.txt", cp1256.into_owned()),
            ("e_crlf.txt", text(5).replace('\n', "\r\n").into_bytes()),
        ]
    };
    let site = Site::new();
    for (name, bytes) in &variants {
        site.write(&format!("content/inbox/{name}"), bytes);
    }
    let (code, lines, _) = ingest_json(&site, &[]);
    assert_eq!(code, 0, "{lines:#?}");
    let mut outputs = Vec::new();
    for (i, (name, bytes)) in variants.iter().enumerate() {
        let r = report(&lines, &format!("content/inbox/{name}"));
        assert_eq!(r["status"], "converted", "{r}");
        assert_eq!(r["title"], title, "{name}");
        let body = r["body"].as_str().unwrap();
        assert!(body.contains(&format!("بيانها رقم {}", i + 1)), "{name}: {body}");
        assert!(!body.contains('\r') && !body.contains('\u{feff}'), "{name}");
        let out = r["output"].as_str().unwrap().to_string();
        assert!(site.read(&out).contains(&format!("title = \"{title}\"")));
        outputs.push(out);
        assert_eq!(&site.read_bytes(&format!("content/inbox/{name}")), bytes, "raw file untouched");
    }
    // One title, five articles: deterministic suffixes in input order.
    let stems: Vec<&str> = outputs.iter().map(|o| o.rsplit('/').next().unwrap()).collect();
    assert!(stems[0].ends_with("الشمالية.md"), "{stems:?}");
    for (i, s) in stems.iter().enumerate().skip(1) {
        assert!(s.ends_with(&format!("الشمالية-{}.md", i + 1)), "{stems:?}");
    }
}

#[test]
fn dry_run_writes_nothing() {
    let site = Site::new();
    site.write("content/inbox/a.txt", article("خبر للتجربة", 1));
    let out = site.run(&["ingest", "--dry-run"]);
    out.expect_code(0);
    assert!(out.stdout.contains("converted content/inbox/a.txt -> content/articles/"), "{}", out.stdout);
    assert!(out.stdout.contains("dry run"), "{}", out.stdout);
    assert!(!site.exists("content/articles"), "{:?}", site.files("content"));
    let (_, lines, _) = ingest_json(&site, &["--dry-run"]);
    assert_eq!(lines[0]["status"], "converted");
    assert!(lines[0]["body"].as_str().unwrap().contains("ناقش"));
    assert!(!site.exists("content/articles"));
}

#[test]
fn hand_written_and_broken_markdown_are_never_touched() {
    let site = Site::new();
    site.write("content/inbox/a.txt", article("خبر مكتوب باليد", 1));
    // What ingest would write for a.txt, taken by a hand-written article.
    let (_, lines, _) = ingest_json(&site, &["--dry-run"]);
    let target = lines[0]["output"].as_str().unwrap().to_string();
    let hand = "+++\ntitle = \"مقال كتبه محرر\"\n+++\n\nنص المحرر.\n";
    site.write(&target, hand);

    let (_, lines, _) = ingest_json(&site, &[]);
    let out = lines[0]["output"].as_str().unwrap().to_string();
    assert_eq!(out, target.replace(".md", "-2.md"), "a clash gets a suffix");
    assert_eq!(site.read(&target), hand);

    // The converted file's front matter is broken by an edit: reported, kept.
    let broken = site.read(&out).replace("draft = ", "draft = = ");
    site.write(&out, &broken);
    let (code, lines, _) = ingest_json(&site, &[]);
    assert_eq!(code, 0);
    assert_eq!(lines[0]["status"], "unchanged", "{:#?}", lines[0]);
    let w = lines[0]["warnings"][0].as_str().unwrap();
    assert!(w.starts_with(&format!("{out}:")) && w.contains("fix its front matter"), "{w}");
    let (_, lines, _) = ingest_json(&site, &["--force"]);
    assert_eq!(lines[0]["status"], "unchanged");
    assert_eq!(site.read(&out), broken);
    assert_eq!(site.read(&target), hand);

    // Even with its `+++` fences broken, the file still records its raw
    // file: ingest must not convert it a second time.
    let fences = site.read(&out).replacen("+++", "++", 1);
    site.write(&out, &fences);
    let before = site.files("content/articles");
    let (_, lines, _) = ingest_json(&site, &[]);
    assert_eq!(lines[0]["status"], "unchanged", "{:#?}", lines[0]);
    assert_eq!(site.files("content/articles"), before, "no second copy of the article");
    assert_eq!(site.read(&out), fences);
}

#[test]
fn explicit_paths_directories_and_missing_files() {
    let site = Site::new();
    site.write("content/inbox/a.txt", article("خبر أول", 1));
    site.write("content/inbox/b.txt", article("خبر ثان", 2));
    site.write("elsewhere/c.txt", article("خبر ثالث", 3));
    site.write("elsewhere/notes.md", "ليس خبرا");
    let c = site.join("elsewhere").to_string_lossy().into_owned();
    let (code, lines, _) = ingest_json(&site, &["content/inbox/b.txt", &c, "content/inbox/missing.txt"]);
    assert_eq!(code, 1);
    let files: Vec<&str> = lines.iter().map(|l| l["file"].as_str().unwrap()).collect();
    assert!(files.contains(&"content/inbox/b.txt"), "{files:?}");
    assert!(files.contains(&"elsewhere/c.txt"), "inside the site: relative: {files:?}");
    assert!(!files.contains(&"content/inbox/a.txt"));
    let missing = lines.iter().find(|l| l["file"].as_str().unwrap().ends_with("missing.txt")).unwrap();
    assert_eq!(missing["error"], "not found");
    assert_eq!(site.files("content/articles").len(), 2);
}

#[test]
fn undated_policy_ingest_date_stamps_the_day() {
    let site = Site::with_config("title = \"x\"\n[ingest]\nundated = \"ingest-date\"\n");
    site.write("content/inbox/a.txt", article("خبر بلا تاريخ", 1));
    // 2024-02-29T12:00:00Z
    let out = site.run_env(&["ingest", "--format", "json"], &[("SOURCE_DATE_EPOCH", "1709208000")]);
    out.expect_code(0);
    let r = &out.json_lines()[0];
    assert_eq!(r["date"], "2024-02-29");
    assert_eq!(r["draft"], false);
    let path = r["output"].as_str().unwrap();
    assert!(path.starts_with("content/articles/2024/02/29-"), "{path}");
    let text = site.read(path);
    assert!(text.contains("date = 2024-02-29\n") && text.contains("dated_by = \"ingest-date\""), "{text}");
    assert!(r["warnings"][0].as_str().unwrap().contains("dated with the day of ingest, 2024-02-29"));
}

#[test]

fn dated_article_goes_under_its_day() {
    let site = Site::new();
    site.write("content/inbox/a.txt", format!("خبر بتاريخ\n14 سبتمبر 2023\n{}", article("", 1)));
    let (code, lines, _) = ingest_json(&site, &[]);
    assert_eq!(code, 0);
    assert_eq!(lines[0]["date"], "2023-09-14");
    assert_eq!(lines[0]["draft"], false);
    assert_eq!(lines[0]["output"], "content/articles/2023/09/14-خبر-بتاريخ.md");
    assert!(site.read("content/articles/2023/09/14-خبر-بتاريخ.md").contains("date = 2023-09-14\n"));
}

#[test]
fn empty_inbox_is_fine() {
    let site = Site::new();
    let out = site.run(&["ingest"]);
    out.expect_code(0);
    assert!(out.stdout.contains("nothing to ingest"), "{}", out.stdout);
}

#[test]
fn same_text_in_other_bytes_in_one_run_is_a_duplicate() {
    let site = Site::new();
    let text = article("خبر بترميزين", 9);
    site.write("content/inbox/a.txt", &text);
    let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode(&text);
    site.write("content/inbox/b.txt", &cp1256);
    let (code, lines, _) = ingest_json(&site, &[]);
    assert_eq!(code, 0);
    let (a, b) = (report(&lines, "content/inbox/a.txt"), report(&lines, "content/inbox/b.txt"));
    assert_eq!(a["status"], "converted");
    assert_eq!(b["status"], "unchanged");
    assert_eq!(b["output"], a["output"]);
    assert_eq!(b["title"], a["title"]);
    assert!(b["warnings"][0].as_str().unwrap().contains("the same article text as content/inbox/a.txt: folded into"));
    assert_eq!(site.files("content/articles").len(), 1);
}

#[test]
fn forced_reconversion_follows_a_new_title() {
    let site = Site::new();
    site.write("content/inbox/a.txt", article("عنوان قديم", 1));
    let (_, lines, _) = ingest_json(&site, &[]);
    let old = lines[0]["output"].as_str().unwrap().to_string();
    site.write("content/inbox/a.txt", article("عنوان جديد", 1));
    let (code, lines, _) = ingest_json(&site, &["--force"]);
    assert_eq!(code, 0);
    let new = lines[0]["output"].as_str().unwrap().to_string();
    assert_eq!(lines[0]["status"], "converted");
    assert_ne!(new, old);
    assert!(new.contains("عنوان-جديد"), "{new}");
    assert_eq!(site.files("content/articles"), vec![new.clone()], "the old Markdown of this raw file is replaced");
    // Forcing again with nothing changed rewrites nothing.
    let before = site.snapshot("content/articles");
    let (_, lines, _) = ingest_json(&site, &["--force"]);
    assert_eq!(lines[0]["status"], "unchanged");
    assert_eq!(site.snapshot("content/articles"), before);
}

#[test]
fn lines_repeated_across_the_inbox_are_kept_in_every_file() {
    let site = Site::new();
    // One paper's files: the same source line, byline and subheading in
    // every file, and a wire title printed by several papers.
    let raw = |i: usize, title: &str| {
        article(title, i).replacen("\n\nوأضاف", "\n\nملف خاص عن الاقتصاد\n\nوأضاف", 1).replacen(
            "\n\nأعلنت",
            "\n\nالرياض - محمد الحيدر\n\nأعلنت",
            1,
        ) + "المصدر: الرياض\n"
    };
    for i in 0..6 {
        let title = if i < 3 {
            "القمة الخليجية تبدأ أعمالها".to_string()
        } else {
            format!("خبر رقم {i} عن الاقتصاد")
        };
        site.write(&format!("content/inbox/{i}.txt"), raw(i, &title));
    }
    let (code, batch, _) = ingest_json(&site, &["--dry-run"]);
    assert_eq!(code, 0);
    for i in 0..6 {
        let r = report(&batch, &format!("content/inbox/{i}.txt"));
        assert_eq!(r["source"], "الرياض", "{r}");
        assert_eq!((r["author"].as_str(), r["dateline"].as_str()), (Some("محمد الحيدر"), Some("الرياض")), "{r}");
        assert!(r["body"].as_str().unwrap().contains("## ملف خاص عن الاقتصاد"), "{r}");
        assert_eq!(r["title"].as_str().unwrap().starts_with("القمة"), i < 3, "{r}");
        // The same record for the file alone.
        let (_, alone, _) = ingest_json(&site, &["--dry-run", &format!("content/inbox/{i}.txt")]);
        for k in ["title", "date", "source", "author", "dateline", "tags", "body", "error"] {
            assert_eq!(alone[0][k], r[k], "{i}.txt: {k} alone vs in the batch");
        }
    }
}

#[test]
fn fixture_files_convert_alone_as_in_one_batch() {
    let site = Site::new();
    let raw = common::repo_root().join("tests/fixtures/raw");
    site.copy_files(&raw, "content/inbox");
    site.copy_files(&raw.join("seeds"), "content/inbox");
    // Drop the expectations: only the raw files are the inbox.
    for f in site.files("content/inbox") {
        if f.ends_with(".toml") {
            std::fs::remove_file(site.join(&f)).unwrap();
        }
    }
    let (_, batch, _) = ingest_json(&site, &["--dry-run"]);
    assert!(batch.len() >= 25, "{}", batch.len());
    for r in &batch {
        let file = r["file"].as_str().unwrap();
        let (_, alone, _) = ingest_json(&site, &["--dry-run", file]);
        for k in ["status", "title", "date", "source", "author", "dateline", "tags", "body", "error"] {
            assert_eq!(alone[0][k], r[k], "{file}: {k} alone vs in the batch");
        }
    }
    // What the fixtures hold, as the JSON records say it.
    let by = |name: &str| report(&batch, &format!("content/inbox/{name}.txt"));
    for (name, author, dateline) in [
        ("byline_place_colon_name", "رنيم حنوش", Some("لندن")),
        ("byline_place_dash_name", "محمد الحيدر", Some("الرياض")),
        ("byline_agency_dash_place", "د ب أ", Some("بوينس آيرس")),
        ("byline_name_dash_place", "حامد القرشي", Some("مكة المكرمة")),
        ("byline_role_dash_name", "بندر الحربي", None),
    ] {
        let r = by(name);
        assert_eq!((r["author"].as_str(), r["dateline"].as_str()), (Some(author), dateline), "{r}");
        assert_ne!(r["source"].as_str(), Some(author), "a byline is never the source");
    }
    let poem = by("poem_free_verse")["body"].as_str().unwrap().to_string();
    assert_eq!(poem.matches("\\\n").count(), 7, "eight lines of verse, seven hard breaks: {poem}");
    let letter = by("letter_to_the_editor")["body"].as_str().unwrap().to_string();
    assert!(letter.starts_with("سعادة رئيس التحرير المحترم،\\\n"), "{letter}");
    assert!(letter.contains("أخوكم\\\nفهد بن سالم العتيبي"), "{letter}");
    let control = by("control_characters");
    assert_eq!(control["status"], "converted", "{control}");
    assert!(!control["body"].as_str().unwrap().contains(['\u{1a}', '\u{7}', '\u{85}']), "{control}");
}

#[test]
fn the_byline_is_shown_under_the_title_and_is_the_feed_entry_author() {
    let site = Site::new();
    let raw = common::repo_root().join("tests/fixtures/raw/byline_place_colon_name.txt");
    site.write("content/inbox/a.txt", std::fs::read(raw).unwrap());
    site.run(&["build"]).expect_code(0);
    let md = site.files("content/articles");
    let text = site.read(&md[0]);
    assert!(text.contains("author = \"رنيم حنوش\"\ndateline = \"لندن\"\n"), "{text}");
    let pages = site.files("public");
    let page = pages.iter().find(|f| f.contains("بريطانيا") && f.ends_with("index.html"));
    let page = page.unwrap_or_else(|| panic!("{pages:?}"));
    let html = site.read(page);
    let title_at = html.find("article-title").unwrap();
    let byline_at = html.find("<p class=\"byline\">").unwrap_or_else(|| panic!("{html}"));
    assert!(byline_at > title_at, "under the title");
    assert!(html[byline_at..].contains("رنيم حنوش") && html[byline_at..].contains("لندن"));
    let feed = site.read("public/atom.xml");
    assert!(feed.contains("<author><name>رنيم حنوش</name></author>"), "{feed}");
}

#[test]
fn a_credit_naming_several_papers_gives_each_as_a_source() {
    let site = Site::new();
    site.copy_files(&common::repo_root().join("tests/fixtures/inbox"), "content/inbox");
    let (code, lines, _) = ingest_json(&site, &[]);
    assert_eq!(code, 0);
    let r = report(&lines, "content/inbox/004_86f0fdc2a1dc9b03.txt");
    // `(فرانس برس، رويترز، العربي الجديد)`: the site that published it is the source.
    assert_eq!(r["source"], "العربي الجديد");
    assert_eq!(r["sources"], serde_json::json!(["فرانس برس", "رويترز", "العربي الجديد"]));
}

#[test]
fn html_character_references_in_a_scraped_title_reach_the_page_as_characters() {
    let site = Site::new();
    let raw =
        article("فريق &#8220;اترك أثر&#8221; ينتج مقاطع &quot;فيديو&quot;", 3).replacen('\n', "\n21 يوليو 2015\n", 1);
    site.write("content/inbox/a.txt", &raw);
    let (code, lines, _) = ingest_json(&site, &[]);
    assert_eq!(code, 0);
    let a = report(&lines, "content/inbox/a.txt");
    assert_eq!(a["title"], "فريق “اترك أثر” ينتج مقاطع \"فيديو\"");
    let output = a["output"].as_str().unwrap();
    assert!(!output.contains("8220") && !output.contains("quot"), "the URL has no reference debris: {output}");
    site.run(&["build", "--no-ingest"]).expect_code(0);
    let pages: Vec<String> = site.files("public").into_iter().filter(|p| p.contains("اترك")).collect();
    assert_eq!(pages.len(), 1, "{pages:?}");
    let html = site.read(&pages[0]);
    assert!(html.contains("<h1 class=\"article-title\">فريق “اترك أثر” ينتج مقاطع &quot;فيديو&quot;</h1>"), "{html}");
    assert!(!html.contains("&amp;#8220;") && !html.contains("&amp;quot;"), "{html}");
}
