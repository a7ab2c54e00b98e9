//! The build cache: a build that reuses it writes exactly what a cold build
//! writes, after every kind of change, and renders only what changed.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The fixture site in a temporary folder, built once (which writes the
/// cache), with a second temporary folder for cold builds to compare with.
struct Cached {
    tmp: tempfile::TempDir,
    site: PathBuf,
}

/// What one build printed.
struct Built {
    stdout: String,
    stderr: String,
}

impl Built {
    /// The number before "files not rendered (build cache)"; 0 when absent.
    fn cached(&self) -> usize {
        let Some(end) = self.stdout.find(" files not rendered (build cache)") else { return 0 };
        let start = self.stdout[..end].rfind(' ').map_or(0, |s| s + 1);
        self.stdout[start..end].parse().unwrap_or_else(|_| panic!("a count: {}", self.stdout))
    }

    /// The number before " written" in the summary line.
    fn written(&self) -> usize {
        let end = self.stdout.find(" written").expect("a summary line");
        let start = self.stdout[..end].rfind(' ').map_or(0, |s| s + 1);
        self.stdout[start..end].parse().unwrap_or_else(|_| panic!("a count: {}", self.stdout))
    }

    /// The number of pages the summary line names.
    fn pages(&self) -> usize {
        let start = self.stdout.find("built ").expect("a summary line") + "built ".len();
        let end = start + self.stdout[start..].find(' ').unwrap();
        self.stdout[start..end].parse().unwrap()
    }
}

fn build(site: &Path, args: &[&str]) -> Built {
    build_with(site, args, &[])
}

/// `build` with environment variables set.
fn build_with(site: &Path, args: &[&str], env: &[(&str, &str)]) -> Built {
    build_by(Path::new(env!("CARGO_BIN_EXE_warraq")), site, args, env)
}

/// `build_with`, by the warraq binary at `exe`.
fn build_by(exe: &Path, site: &Path, args: &[&str], env: &[(&str, &str)]) -> Built {
    let out = std::process::Command::new(exe)
        .arg("--site")
        .arg(site)
        .arg("build")
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .envs(env.iter().copied())
        .output()
        .expect("run warraq");
    let built = Built {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(out.status.success(), "build failed:\n{}\n{}", built.stdout, built.stderr);
    built
}

/// Every file of an output folder but warraq's own records: path -> bytes.
fn output(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), e.into_path()))
        .filter(|(rel, _)| !rel.starts_with(".warraq/"))
        .map(|(rel, path)| (rel, fs::read(path).unwrap()))
        .collect()
}

impl Cached {
    fn new() -> Cached {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        common::copy_dir(&common::repo_root().join("tests/fixtures/site"), &site);
        let first = build(&site, &[]);
        assert_eq!(first.cached(), 0, "a first build has no cache to use");
        assert!(site.join(".warraq-cache/pages-v2").is_file(), "the first build writes the cache");
        Cached { tmp, site }
    }

    /// Files a cached build can skip: the pages and the search index's
    /// fragment files (which have a digest of their own).
    fn skippable(&self, built: &Built) -> usize {
        built.pages() + common::snapshot_times(&self.site.join("public/search/f")).len()
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.site.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = fs::read_to_string(self.site.join(rel)).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Builds with the cache, and a copy of the site as it was before that
    /// build without one; asserts both outputs are the same bytes and
    /// returns what the cached build printed.
    fn rebuild_matches_cold(&self, what: &str) -> Built {
        self.rebuild_with_matches_cold(what, &[])
    }

    /// `rebuild_matches_cold` with environment variables set for the
    /// cached build.
    fn rebuild_with_matches_cold(&self, what: &str, env: &[(&str, &str)]) -> Built {
        self.rebuild_by_matches_cold(what, &[], env)
    }

    /// `rebuild_matches_cold` with arguments and environment variables for
    /// the cached build.
    fn rebuild_by_matches_cold(&self, what: &str, args: &[&str], env: &[(&str, &str)]) -> Built {
        let cold = self.tmp.path().join(format!("cold-{}", what.replace(' ', "-")));
        common::copy_dir(&self.site, &cold);
        fs::remove_dir_all(cold.join("public")).ok();
        fs::remove_dir_all(cold.join(".warraq-cache")).ok();
        let cached = build_with(&self.site, args, env);
        build(&cold, &["--no-cache"]);
        assert!(!cold.join(".warraq-cache").exists(), "--no-cache writes no cache");
        let (got, want) = (output(&self.site.join("public")), output(&cold.join("public")));
        assert_eq!(got.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>(), "{what}: the same files");
        for (rel, bytes) in &want {
            assert!(got[rel] == *bytes, "{what}: {rel} differs from a cold build's");
        }
        cached
    }
}

#[test]
fn a_build_with_nothing_changed_renders_no_page() {
    let site = Cached::new();
    let before = common::snapshot_times(&site.site.join("public"));
    let built = site.rebuild_matches_cold("nothing changed");
    assert!(built.pages() > 20, "{}", built.stdout);
    assert_eq!(built.cached(), site.skippable(&built), "every page came from the cache: {}", built.stdout);
    assert_eq!(before, common::snapshot_times(&site.site.join("public")), "no file was touched");
}

#[test]
fn an_edited_article_renders_its_pages_and_the_lists_that_show_it() {
    let site = Cached::new();
    let article = "content/articles/2023/03/10-التضخم.md";
    // The last paragraph: not in the summary that lists show.
    let fragments = || common::snapshot_times(&site.site.join("public/search/f"));
    let before = fragments();
    site.edit(article, "إلى تراجع العملة", "إلى تراجع العملة وارتفاع الأسعار");
    let body_only = site.rebuild_matches_cold("body edit");
    assert!(body_only.cached() > 0, "{}", body_only.stdout);
    // The search index shows the text: only the fragment file holding it
    // was written again.
    let after = fragments();
    assert!(before.len() > 2 && before.keys().eq(after.keys()));
    assert_eq!(before.iter().filter(|(file, time)| after[*file] != **time).count(), 1, "{before:?} {after:?}");
    site.edit(article, "title = \"التضخم في مصر يسجل رقما قياسيا\"", "title = \"التضخم في مصر يبلغ ذروة جديدة\"");
    let title = site.rebuild_matches_cold("title edit");
    assert!(title.cached() > 0 && title.cached() < body_only.cached(), "a title is on more pages than a body");
}

#[test]
fn bodies_kept_out_of_memory_are_known_by_their_text() {
    // A large archive's bodies are read back from their files, their
    // digests made as they were loaded: an edit must still reach the page.
    let site = Cached::new();
    let in_file = [("WARRAQ_BODIES_IN_MEMORY", "0")];
    let same = site.rebuild_with_matches_cold("nothing changed, bodies in the file", &in_file);
    assert_eq!(same.cached(), site.skippable(&same), "the same digests as with the bodies held: {}", same.stdout);
    let article = "content/articles/2023/03/10-التضخم.md";
    site.edit(article, "إلى تراجع العملة", "إلى تراجع العملة وارتفاع الأسعار");
    let edited = site.rebuild_with_matches_cold("body edit, bodies in the file", &in_file);
    assert!(edited.cached() > 0, "{}", edited.stdout);
}

/// The build cache's parts of kind `kind` (file names, sorted).
fn parts_of(cache: &Path, kind: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(cache.join("parts-v1"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(&format!("{kind}-")))
        .collect();
    names.sort();
    names
}

#[test]
fn a_large_archives_folders_are_loaded_from_the_cache_until_a_file_in_them_changes() {
    // Bodies left in their files, as a large archive's are: loading keeps
    // each folder of articles, known by its files' sizes, times and inodes.
    let site = Cached::new();
    let in_file = [("WARRAQ_BODIES_IN_MEMORY", "0")];
    let cache = site.site.join(".warraq-cache");
    let folders: std::collections::BTreeSet<PathBuf> = walkdir::WalkDir::new(site.site.join("content/articles"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| p.parent().unwrap().to_path_buf())
        .collect();
    assert!(folders.len() > 3, "{folders:?}");
    // Files written a moment ago may change again within a coarse clock's
    // tick: none is kept until they are two seconds old.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    site.rebuild_with_matches_cold("folders kept", &in_file);
    let kept = parts_of(&cache, "content");
    assert_eq!(kept.len(), folders.len(), "one part per folder of articles: {kept:?}");
    // A title edited to one of the same length, the file's modification
    // time set back: only its status-change time tells.
    let article = site.site.join("content/articles/2023/03/10-التضخم.md");
    let modified = fs::metadata(&article).unwrap().modified().unwrap();
    let len = fs::metadata(&article).unwrap().len();
    site.edit("content/articles/2023/03/10-التضخم.md", "يسجل رقما قياسيا", "يبلغ رقما قياسيا");
    fs::File::options().write(true).open(&article).unwrap().set_modified(modified).unwrap();
    assert_eq!(fs::metadata(&article).unwrap().len(), len);
    assert_eq!(fs::metadata(&article).unwrap().modified().unwrap(), modified);
    site.rebuild_with_matches_cold("a title edited in place", &in_file);
    let page = fs::read_to_string(site.site.join("public/2023/03/التضخم/index.html")).unwrap();
    assert!(page.contains("يبلغ رقما قياسيا"), "the edited title is on its page");
    // The other folders' parts stay (what is taken is counted by
    // content::kept's tests); the edited one's went. (Whether the folder
    // is kept anew depends on the time the build took to start: it is,
    // once two seconds old.)
    let after = parts_of(&cache, "content");
    let taken = kept.iter().filter(|name| after.contains(name)).count();
    assert_eq!(taken, kept.len() - 1, "{kept:?} {after:?}");
    assert!(after.len() == kept.len() - 1 || after.len() == kept.len(), "{after:?}");
}

#[test]
fn a_template_change_renders_the_pages_that_use_it() {
    let site = Cached::new();
    let template = fs::read_to_string(common::repo_root().join("templates/article.html")).unwrap();
    site.write("templates/article.html", &template.replacen("<article", "<article data-edition=\"2\"", 1));
    let built = site.rebuild_matches_cold("template change");
    assert!(fs::read_to_string(site.site.join("public/2023/03/التضخم/index.html")).unwrap().contains("data-edition"));
    assert!(built.cached() == 0, "every page shares the templates' digest: {}", built.stdout);
    let again = site.rebuild_matches_cold("template kept");
    assert_eq!(again.cached(), site.skippable(&again));
}

#[test]
fn a_config_change_renders_every_page() {
    let site = Cached::new();
    site.edit("site.toml", "title = \"أرشيف الاختبار\"", "title = \"أرشيف الأخبار\"");
    let built = site.rebuild_matches_cold("config change");
    assert_eq!(built.cached(), 0, "{}", built.stdout);
    site.edit("site.toml", "per_page = 3", "per_page = 2");
    site.rebuild_matches_cold("pagination change");
}

#[test]
fn deleted_added_and_retagged_articles_give_a_cold_builds_output() {
    let site = Cached::new();
    fs::remove_file(site.site.join("content/articles/2023/10/01-الكرة.md")).unwrap();
    let deleted = site.rebuild_matches_cold("article deleted");
    assert!(!site.site.join("public/2023/10/الكرة/index.html").exists());
    assert!(deleted.cached() > 0, "{}", deleted.stdout);
    // A tag renamed in every article that has it.
    for rel in ["content/articles/2023/03/10-التضخم.md", "content/articles/2023/01/05-بداية-العام.md"] {
        site.edit(rel, "\"الاقتصاد\"", "\"الاقتصاد العربي\"");
    }
    let renamed = site.rebuild_matches_cold("tag renamed");
    assert!(site.site.join("public/tags/الاقتصاد-العربي/index.html").is_file(), "{}", renamed.stdout);
    site.write(
        "content/articles/2024/03/05-جديد.md",
        "+++\ntitle = \"مقال جديد عن مصر\"\ndate = 2024-03-05\ntags = [\"مصر\"]\n+++\n\nنص المقال الجديد.\n",
    );
    let added = site.rebuild_matches_cold("article added");
    assert!(added.cached() > 0, "older articles far from the new one are not rendered again: {}", added.stdout);
}

#[test]
fn a_new_article_moves_a_bounded_home_list_and_its_link_to_the_archive() {
    let site = Cached::new();
    site.edit("site.toml", "per_page = 3", "per_page = 3\nhome_pages = 2");
    site.rebuild_matches_cold("home list bounded");
    assert!(!site.site.join("public/page/3").exists(), "two pages of three");
    let last = fs::read_to_string(site.site.join("public/page/2/index.html")).unwrap();
    assert!(last.contains("class=\"list-older\""), "{last}");
    // The new article pushes one more out of the home list: the last page
    // shows another article and leads to another month.
    site.write(
        "content/articles/2024/03/05-جديد.md",
        "+++\ntitle = \"مقال جديد عن مصر\"\ndate = 2024-03-05\ntags = [\"مصر\"]\n+++\n\nنص المقال الجديد.\n",
    );
    let added = site.rebuild_matches_cold("article added to a bounded home list");
    assert_ne!(fs::read_to_string(site.site.join("public/page/2/index.html")).unwrap(), last);
    assert!(added.cached() > 0, "{}", added.stdout);
}

#[test]
fn an_article_of_a_new_year_renders_every_page_with_its_year_navigation() {
    // The year navigation is on every page but is no page's own: a digest
    // holds it through the site-wide variables.
    let site = Cached::new();
    site.write(
        "content/articles/2025/01/02-عام-جديد.md",
        "+++\ntitle = \"أول مقال في العام\"\ndate = 2025-01-02\n+++\n\nنص.\n",
    );
    let built = site.rebuild_matches_cold("a new year");
    let old = fs::read_to_string(site.site.join("public/2023/03/التضخم/index.html")).unwrap();
    assert!(old.contains("href=\"/news/2025/\""), "an old article's page links the new year");
    assert_eq!(built.cached(), 0, "{}", built.stdout);
}

#[test]
fn a_damaged_missing_or_foreign_cache_is_a_cold_build() {
    let site = Cached::new();
    let file = site.site.join(".warraq-cache/pages-v2");
    let mut bytes = fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    fs::write(&file, &bytes).unwrap();
    let damaged = site.rebuild_matches_cold("damaged cache");
    assert_eq!(damaged.cached(), 0);
    assert!(damaged.stderr.contains("pages-v2") && damaged.stderr.contains("damaged"), "{}", damaged.stderr);
    fs::write(&file, b"not a cache").unwrap();
    assert_eq!(site.rebuild_matches_cold("garbage cache").cached(), 0);
    fs::remove_dir_all(site.site.join(".warraq-cache")).unwrap();
    let missing = site.rebuild_matches_cold("missing cache");
    assert_eq!(missing.cached(), 0);
    assert!(!missing.stderr.contains("cache"), "a missing cache is no warning: {}", missing.stderr);
    // A cache of builds into another folder says nothing of this one.
    let elsewhere = site.tmp.path().join("elsewhere");
    build(&site.site, &["--output", elsewhere.to_str().unwrap()]);
    assert_eq!(site.rebuild_matches_cold("another output's cache").cached(), 0);
}

#[test]
fn a_cache_of_another_warraq_knows_the_files_by_their_bytes() {
    let site = Cached::new();
    // Another warraq: the same code and one byte more (a program runs
    // with bytes after its end), so another key.
    let upgraded = site.tmp.path().join("warraq-upgraded");
    let mut exe = fs::read(env!("CARGO_BIN_EXE_warraq")).unwrap();
    exe.push(0);
    fs::write(&upgraded, exe).unwrap();
    fs::set_permissions(&upgraded, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    // A page changed by hand to bytes of the same length, its time put
    // back: the cache vouches for the file it recorded without reading it
    // (as a build of the same binary does for the pages it does not
    // render), so a warraq upgrade does not read the whole output back.
    let page = site.site.join("public/2023/03/التضخم/index.html");
    let (original, time) = (fs::read(&page).unwrap(), fs::metadata(&page).unwrap().modified().unwrap());
    let same_length = String::from_utf8(original.clone()).unwrap().replacen("<html", "<HTML", 1);
    fs::write(&page, &same_length).unwrap();
    fs::File::options().write(true).open(&page).unwrap().set_modified(time).unwrap();
    // The output's seal names the new cache: the site's files are untouched.
    let times = || {
        let mut times = common::snapshot_times(&site.site.join("public"));
        times.retain(|path, _| !path.ends_with(".warraq/seal/v1"));
        times
    };
    let before = times();
    let built = build_by(&upgraded, &site.site, &[], &[]);
    assert_eq!(built.cached(), 0, "page digests of another binary are of no use: {}", built.stdout);
    assert_eq!(built.written(), 0, "{}", built.stdout);
    assert_eq!(before, times(), "no file was touched");
    assert_eq!(fs::read_to_string(&page).unwrap(), same_length, "known by its recorded bytes, not read back");
    // The new binary's cache: its page digests now.
    let again = build_by(&upgraded, &site.site, &[], &[]);
    assert_eq!(again.cached(), site.skippable(&again), "{}", again.stdout);
    // Its time changed, the page is compared with what it holds again.
    fs::File::options().write(true).open(&page).unwrap().set_modified(std::time::SystemTime::now()).unwrap();
    let rewritten = site.rebuild_matches_cold("page edited, time changed");
    assert_eq!(rewritten.written(), 1, "{}", rewritten.stdout);
    assert_eq!(fs::read(&page).unwrap(), original);
}

#[test]
fn a_page_changed_in_the_output_is_written_again() {
    let site = Cached::new();
    let page = site.site.join("public/2023/03/التضخم/index.html");
    let original = fs::read(&page).unwrap();
    fs::write(&page, b"<p>edited by hand</p>").unwrap();
    fs::remove_file(site.site.join("public/tags/index.html")).unwrap();
    // A feed is rendered on every build and known by its bytes' digest.
    let feed = site.site.join("public/atom.xml");
    let feed_bytes = fs::read(&feed).unwrap();
    fs::write(&feed, feed_bytes.iter().map(|b| if *b == b'a' { b'b' } else { *b }).collect::<Vec<u8>>()).unwrap();
    let built = site.rebuild_matches_cold("output edited");
    assert_eq!(fs::read(&page).unwrap(), original);
    assert_eq!(fs::read(&feed).unwrap(), feed_bytes);
    assert_eq!(built.cached(), site.skippable(&built) - 2, "the two files were rendered: {}", built.stdout);
}

#[test]
fn the_cache_folder_is_chosen_with_cache_dir_and_holds_one_file() {
    let site = Cached::new();
    let elsewhere = site.tmp.path().join("ci-cache");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::write(elsewhere.join("notes.txt"), "kept").unwrap();
    let dir = elsewhere.to_str().unwrap();
    assert_eq!(build(&site.site, &["--cache-dir", dir]).cached(), 0, "a new cache folder is a cold build");
    let again = build(&site.site, &["--cache-dir", dir]);
    assert_eq!(again.cached(), site.skippable(&again));
    let mut names: Vec<String> =
        fs::read_dir(&elsewhere).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["notes.txt", "pages-v2", "parts-v1"], "the cache adds its own and leaves the rest alone");
    assert_eq!(fs::read_to_string(elsewhere.join("notes.txt")).unwrap(), "kept");
    // The grouping's and the search index's reading of the articles'
    // texts, one run of articles a file each; a run whose articles changed
    // is read and kept anew, and the part of the old run goes.
    let parts = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    };
    let before = parts(&elsewhere.join("parts-v1"));
    assert_eq!(before.len(), 2, "the fixture's articles are one run: {before:?}");
    assert!(before[0].starts_with("search-") && before[1].starts_with("topics-"), "{before:?}");
    fs::write(elsewhere.join("parts-v1/notes.txt"), "kept").unwrap();
    site.edit("content/articles/2023/10/01-الكرة.md", "واحتفل الجمهور", "واحتفل الجمهور طويلا");
    build(&site.site, &["--cache-dir", dir]);
    let after = parts(&elsewhere.join("parts-v1"));
    assert_eq!(after.len(), 3, "{after:?}");
    assert_eq!(after[0], "notes.txt");
    assert!(after[1].starts_with("search-") && after[2].starts_with("topics-"), "{after:?}");
    assert!(after[1] != before[0] && after[2] != before[1], "both read anew: {before:?} {after:?}");
}

/// A copy of folder `from` at `to` with every file's and folder's
/// modification time, as an archiver restores an output.
fn copy_keeping_times(from: &Path, to: &Path) {
    let copied = std::process::Command::new("cp").arg("-a").arg(from).arg(to).status().expect("run cp");
    assert!(copied.success());
}

const TRUST_NOTE: &str = "note: --trust-output";

#[test]
fn a_trusted_output_is_not_looked_at_while_its_seal_holds() {
    let site = Cached::new();
    let public = site.site.join("public");
    assert!(warraq::output::seal::read(&public).is_some(), "a build with a cache seals its output");
    // Edited in place, three folders down: nothing the seal lists changes.
    let page = public.join("2023/03/التضخم/index.html");
    let original = fs::read(&page).unwrap();
    fs::write(&page, b"<p>edited by hand</p>").unwrap();
    let trusted = build(&site.site, &["--trust-output"]);
    assert_eq!(trusted.cached(), site.skippable(&trusted), "{}", trusted.stdout);
    assert!(!trusted.stderr.contains(TRUST_NOTE), "{}", trusted.stderr);
    assert_eq!(fs::read(&page).unwrap(), b"<p>edited by hand</p>", "a trusted output's files are not looked at");
    let looked = site.rebuild_matches_cold("looked at after a trusted build");
    assert_eq!(fs::read(&page).unwrap(), original, "without --trust-output the file is looked at: {}", looked.stdout);
}

#[test]
fn an_output_of_another_build_or_emptied_by_hand_is_not_trusted() {
    let site = Cached::new();
    let public = site.site.join("public");
    let older = site.tmp.path().join("public-older");
    copy_keeping_times(&public, &older);
    site.write(
        "content/articles/2024/03/05-جديد.md",
        "+++\ntitle = \"مقال جديد عن مصر\"\ndate = 2024-03-05\ntags = [\"مصر\"]\n+++\n\nنص المقال الجديد.\n",
    );
    let newer = site.rebuild_by_matches_cold("new article, trusted", &["--trust-output"], &[]);
    assert!(!newer.stderr.contains(TRUST_NOTE), "the output and the cache are one build's: {}", newer.stderr);
    assert!(newer.cached() > 0, "{}", newer.stdout);
    // The older output restored whole, its seal intact but naming the
    // cache of the build before: its pages that the last build changed
    // are found stale, not trusted.
    fs::remove_dir_all(&public).unwrap();
    copy_keeping_times(&older, &public);
    let sealed_by = warraq::output::seal::read(&public);
    assert!(sealed_by.is_some(), "the restore keeps the older output's seal whole");
    let restored = site.rebuild_by_matches_cold("older output restored", &["--trust-output"], &[]);
    assert!(restored.stderr.contains(TRUST_NOTE), "{}", restored.stderr);
    assert!(restored.written() > 0, "{}", restored.stdout);
    assert_ne!(warraq::output::seal::read(&public), sealed_by, "sealed anew");
    // Everything but warraq's own folder deleted, as `rm -rf public/*` does
    // (a moment after the build: a coarse clock would give the folder its
    // recorded time again).
    std::thread::sleep(std::time::Duration::from_millis(20));
    for entry in fs::read_dir(&public).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap() != ".warraq" {
            if path.is_dir() { fs::remove_dir_all(&path) } else { fs::remove_file(&path) }.unwrap();
        }
    }
    let emptied = site.rebuild_by_matches_cold("output emptied", &["--trust-output"], &[]);
    assert!(emptied.stderr.contains(TRUST_NOTE), "{}", emptied.stderr);
    // A build without the cache that changes the output breaks the seal.
    site.edit("content/articles/2023/10/01-الكرة.md", "واحتفل الجمهور", "واحتفل الجمهور طويلا");
    build(&site.site, &["--no-cache"]);
    assert_eq!(warraq::output::seal::read(&public), None);
    let after_no_cache = site.rebuild_by_matches_cold("after a build without the cache", &["--trust-output"], &[]);
    assert!(after_no_cache.stderr.contains(TRUST_NOTE), "{}", after_no_cache.stderr);
}
