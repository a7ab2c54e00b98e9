//! Runs the raw-article parser over every file in `tests/fixtures/raw/`
//! (hand-written fixtures) and `tests/fixtures/raw/seeds/` (the five real
//! scraped articles), checking each against its `NAME.expected.toml`:
//!
//! ```toml
//! title = "…"                 # exact
//! date = "2023-09-14"         # YYYY-MM-DD or RFC 3339; absent = undated
//! source = "…"                # absent = none
//! author = "…"                # the byline's name; absent = none
//! dateline = "…"              # the byline's place; absent = none
//! keywords = ["…"]            # exact, in order
//! paragraphs = 12             # optional: body blocks (paragraphs + headings)
//! headings = ["…"]            # must appear as `## …` lines
//! verse = [["…", "…"]]        # each list: lines of one block, joined by hard breaks, in order
//! body_contains = ["…"]       # sentences that must be in the body (as written)
//! body_excludes = ["…"]       # strings that must not be
//! warnings_contain = ["…"]    # substrings of some warning
//! error = "…"                 # for non-articles: substring of the error
//! ```
//!
//! Set `DUMP=1` to print what the parser produced for every file.

use std::path::{Path, PathBuf};
use warraq::config::IngestConfig;
use warraq::ingest::parse::parse;

/// The body with Markdown backslash escapes removed, i.e. the text as it renders.
fn unescape(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut it = md.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\\' && it.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out
}

fn strings(v: &toml::Value, k: &str) -> Vec<String> {
    v.get(k)
        .and_then(|x| x.as_array())
        .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

fn check(raw: &Path) -> Vec<String> {
    let name = raw.display().to_string();
    let exp_path = raw.with_extension("expected.toml");
    let exp: toml::Value = match std::fs::read_to_string(&exp_path) {
        Ok(s) => toml::from_str(&s).unwrap_or_else(|e| panic!("{}: {e}", exp_path.display())),
        Err(_) => return vec![format!("{name}: no {}", exp_path.display())],
    };
    let text = std::fs::read_to_string(raw).unwrap();
    let got = parse(&text, &IngestConfig::default());
    if std::env::var_os("DUMP").is_some() {
        println!("=== {name}\n{got:#?}");
    }
    let mut errs = Vec::new();
    let mut fail = |m: String| errs.push(format!("{name}: {m}"));
    if let Some(e) = exp.get("error").and_then(|e| e.as_str()) {
        match got {
            Err(g) if g.message.contains(e) => {}
            other => fail(format!("expected an error containing {e:?}, got {other:?}")),
        }
        return errs;
    }
    let a = match got {
        Ok(a) => a,
        Err(e) => {
            fail(format!("unexpected error: {e}"));
            return errs;
        }
    };
    let want_title = exp.get("title").and_then(|t| t.as_str()).unwrap_or("");
    if a.title != want_title {
        fail(format!("title {:?}, want {want_title:?}", a.title));
    }
    let want_date = exp.get("date").map(|d| d.as_str().map(str::to_string).unwrap_or_else(|| d.to_string()));
    let got_date = a.date.map(|d| d.to_iso_string());
    if got_date != want_date {
        fail(format!("date {got_date:?}, want {want_date:?}"));
    }
    let want_source = exp.get("source").and_then(|s| s.as_str()).map(str::to_string);
    if a.source != want_source {
        fail(format!("source {:?}, want {want_source:?}", a.source));
    }
    for (key, got) in [("author", &a.author), ("dateline", &a.dateline)] {
        let want = exp.get(key).and_then(|s| s.as_str()).map(str::to_string);
        if *got != want {
            fail(format!("{key} {got:?}, want {want:?}"));
        }
    }
    if let Some(verses) = exp.get("verse").and_then(|v| v.as_array()) {
        for lines in verses {
            let lines: Vec<&str> = lines.as_array().into_iter().flatten().filter_map(|l| l.as_str()).collect();
            let block = lines.join("\\\n");
            if !a.body.split("\n\n").any(|b| b.trim_end() == block) {
                fail(format!("no verse block of {} lines starting {:?}", lines.len(), lines.first()));
            }
        }
    }
    let want_kw = strings(&exp, "keywords");
    if a.keywords != want_kw {
        fail(format!("keywords {:?}, want {want_kw:?}", a.keywords));
    }
    if let Some(n) = exp.get("paragraphs").and_then(|n| n.as_integer()) {
        let got_n = a.body.split("\n\n").filter(|b| !b.trim().is_empty()).count() as i64;
        if got_n != n {
            fail(format!("{got_n} body blocks, want {n}"));
        }
    }
    let body = unescape(&a.body);
    for h in strings(&exp, "headings") {
        if !body.lines().any(|l| l == format!("## {h}")) {
            fail(format!("no heading `## {h}`"));
        }
    }
    for s in strings(&exp, "body_contains") {
        if !body.contains(&s) {
            fail(format!("body lacks {s:?}"));
        }
    }
    for s in strings(&exp, "body_excludes") {
        if body.contains(&s) {
            fail(format!("body contains debris {s:?}"));
        }
    }
    for w in strings(&exp, "warnings_contain") {
        if !a.warnings.iter().any(|g| g.contains(&w)) {
            fail(format!("no warning containing {w:?} in {:?}", a.warnings));
        }
    }
    errs
}

fn raw_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

fn run(dir: &str, min: usize) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let files = raw_files(&dir);
    assert!(files.len() >= min, "expected at least {min} raw files in {}", dir.display());
    let errs: Vec<String> = files.iter().flat_map(|f| check(f)).collect();
    assert!(errs.is_empty(), "{} fixture failures:\n{}", errs.len(), errs.join("\n"));
}

#[test]
fn seeds() {
    run("tests/fixtures/raw/seeds", 5);
}

#[test]
fn own_fixtures() {
    run("tests/fixtures/raw", 10);
}
