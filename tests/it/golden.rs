//! Golden pages: every page, feed and text file the fixture site renders,
//! compared byte for byte with `tests/golden/site/`, so a change to a
//! template, the renderer or the site model shows up as a diff to review.
//!
//! After a deliberate change, write the new pages and read the diff:
//!
//! ```sh
//! WARRAQ_BLESS=1 cargo test --test it golden
//! git diff --stat tests/golden; git diff tests/golden
//! ```

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// What is snapshotted: what templates and the renderer write. Fonts,
/// images, the stylesheet and scripts are copies of files in the
/// repository, and the search index's binary parts are checked by the
/// search tests.
fn is_snapshotted(rel: &str) -> bool {
    [".html", ".xml", ".txt", ".json"].iter().any(|ext| rel.ends_with(ext)) && !rel.starts_with(".warraq/")
}

fn text_files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            (rel, e.path().to_path_buf())
        })
        .filter(|(rel, _)| is_snapshotted(rel))
        .map(|(rel, path)| (rel, fs::read(path).unwrap()))
        .collect()
}

/// The first line where `a` and `b` differ, both sides shown.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    for (n, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n  golden: {x}\n  now:    {y}", n + 1);
        }
    }
    format!("one is longer ({} and {} lines)", a.lines().count(), b.lines().count())
}

#[test]
fn the_fixture_site_renders_as_its_golden_pages() {
    let site = common::Site::new();
    common::copy_dir(&common::repo_root().join("tests/fixtures/site"), site.path());
    // A fixed "today" (the news sitemap's last two days, dates of undated
    // pages): the pages must not depend on the day the test runs.
    let out = site.run_env(&["build", "--drafts"], &[("SOURCE_DATE_EPOCH", "1700000000")]);
    out.expect_code(0);
    let now = text_files(&site.join("public"));
    let golden_dir = common::repo_root().join("tests/golden/site");

    if std::env::var_os("WARRAQ_BLESS").is_some() {
        let _ = fs::remove_dir_all(&golden_dir);
        for (rel, bytes) in &now {
            let path = golden_dir.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
        eprintln!("wrote {} golden files into {}", now.len(), golden_dir.display());
        return;
    }

    let golden = text_files(&golden_dir);
    assert!(!golden.is_empty(), "no golden pages: run WARRAQ_BLESS=1 cargo test --test it golden");
    let mut problems = Vec::new();
    for rel in golden.keys().filter(|k| !now.contains_key(*k)) {
        problems.push(format!("{rel}: no longer written"));
    }
    for rel in now.keys().filter(|k| !golden.contains_key(*k)) {
        problems.push(format!("{rel}: new"));
    }
    for (rel, bytes) in &now {
        if let Some(g) = golden.get(rel).filter(|g| *g != bytes) {
            problems.push(format!("{rel}: differs at {}", first_difference(g, bytes)));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} files differ from tests/golden/site; if the change is meant, run \
         `WARRAQ_BLESS=1 cargo test --test it golden` and review `git diff tests/golden`:\n{}",
        problems.len(),
        now.len(),
        problems.iter().take(10).cloned().collect::<Vec<_>>().join("\n")
    );
}
