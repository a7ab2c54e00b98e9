use super::*;
use std::os::unix::fs::MetadataExt;

/// Every file under `dir` (relative, sorted), warraq's own folder left out.
fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| e.file_name() != crate::layout::OUTPUT_BOOK_DIR)
        .map(|e| e.unwrap())
        .filter(|e| !e.file_type().is_dir())
        .map(|e| crate::content::relative(dir, e.path()))
        .collect();
    out.sort();
    out
}

/// A full build of `files` into `out`; the status of each.
fn build(out: &Path, files: &[(&str, &[u8])]) -> Result<Vec<Written>> {
    let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
    let paths = paths.into();
    let s = Staging::begin(out, Plan::Exactly(paths))?;
    let statuses = files.iter().map(|(p, b)| s.write(p, b)).collect::<Result<Vec<_>>>()?;
    s.commit()?;
    Ok(statuses)
}

#[test]
fn unchanged_files_are_not_touched_and_what_the_site_lost_is_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let first = build(&out, &[("a/index.html", b"one"), ("b.txt", b"two"), ("gone/x.txt", b"x")]).unwrap();
    assert_eq!(first, vec![Written::New; 3]);
    let meta = fs::metadata(out.join("a/index.html")).unwrap();

    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = build(&out, &[("a/index.html", b"one"), ("b.txt", b"TWO"), ("c/d/e.txt", b"new")]).unwrap();
    assert_eq!(second, vec![Written::Unchanged, Written::Changed, Written::New]);
    let after = fs::metadata(out.join("a/index.html")).unwrap();
    assert_eq!((after.ino(), after.modified().unwrap()), (meta.ino(), meta.modified().unwrap()));
    assert_eq!(fs::read(out.join("b.txt")).unwrap(), b"TWO");
    assert_eq!(files(&out), ["a/index.html", "b.txt", "c/d/e.txt"]);
    assert!(!out.join("gone").exists(), "the folder the lost file left empty goes too");
    assert!(!out.join(crate::layout::OUTPUT_BOOK_DIR).join(STAGING).exists(), "no staging files are left");
    let manifest = fs::read_to_string(out.join(crate::layout::OUTPUT_BOOK_DIR).join(MANIFEST)).unwrap();
    assert_eq!(manifest, format!("{MANIFEST_HEADER}\na/index.html\nb.txt\nc/d/e.txt\n"));
}

#[test]
fn a_failed_build_leaves_the_output_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&out, &[("a.txt", b"one"), ("b.txt", b"two")]).unwrap();
    let s = Staging::begin(&out, Plan::Exactly(vec!["a.txt".into(), "c.txt".into()].into())).unwrap();
    s.write("a.txt", b"ONE").unwrap();
    s.write("c.txt", b"three").unwrap();
    drop(s); // the build failed before its commit
    assert_eq!(files(&out), ["a.txt", "b.txt"]);
    assert_eq!(fs::read(out.join("a.txt")).unwrap(), b"one");
    assert!(
        !out.join(crate::layout::OUTPUT_BOOK_DIR).join(STAGING).exists(),
        "a failed build's staging files are deleted"
    );

    // A failed first build leaves no folder behind, or an empty one as it was.
    let fresh = dir.path().join("fresh");
    let s = Staging::begin(&fresh, Plan::Exactly(vec!["x/y.txt".into(), "x/z/w.txt".into()].into())).unwrap();
    s.write("x/y.txt", b"y").unwrap();
    drop(s); // before it wrote x/z/w.txt
    assert!(!fresh.exists());
    let s = Staging::begin(&fresh, Plan::Adding).unwrap();
    s.write("x/y.txt", b"y").unwrap();
    drop(s);
    assert!(!fresh.exists());
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let s = Staging::begin(&empty, Plan::Exactly(vec!["x/y.txt".into()].into())).unwrap();
    s.write("x/y.txt", b"y").unwrap();
    drop(s);
    assert_eq!(fs::read_dir(&empty).unwrap().count(), 0);
}

#[test]
fn a_folder_warraq_did_not_write_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    fs::create_dir_all(&docs).unwrap();
    fs::write(docs.join("CNAME"), b"example.org").unwrap();
    let err = build(&docs, &[("index.html", b"x")]).unwrap_err().to_string();
    assert!(err.contains("not written by warraq") && err.contains("nothing was changed"), "{err}");
    assert_eq!(files(&docs), ["CNAME"]);
    assert!(!docs.join(crate::layout::OUTPUT_BOOK_DIR).exists());
    assert!(dir.path().read_dir().unwrap().count() == 1, "nothing beside it either");

    // An output of an earlier warraq is recognised and named as such.
    let old = dir.path().join("public");
    fs::create_dir_all(&old).unwrap();
    fs::write(old.join("atom.xml"), "<feed><generator version=\"0.1.0\">warraq</generator></feed>").unwrap();
    let err = build(&old, &[("index.html", b"x")]).unwrap_err().to_string();
    assert!(err.contains("earlier warraq"), "{err}");
}

#[test]
fn files_someone_else_put_in_the_output_are_kept_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&out, &[("index.html", b"home"), ("old/index.html", b"old")]).unwrap();
    fs::write(out.join("CNAME"), b"example.org").unwrap();
    fs::write(out.join("old/notes.txt"), b"mine").unwrap();
    // The site no longer has old/: warraq's file goes, the other stays.
    build(&out, &[("index.html", b"home 2")]).unwrap();
    assert_eq!(files(&out), ["CNAME", "index.html", "old/notes.txt"]);

    // The site now has a page where someone else's file is: refused whole.
    fs::write(out.join("about.html"), b"hand-made").unwrap();
    let err = build(&out, &[("index.html", b"home 3"), ("about.html", b"generated")]).unwrap_err().to_string();
    assert!(err.contains("about.html") && err.contains("not written by warraq"), "{err}");
    assert_eq!(fs::read(out.join("about.html")).unwrap(), b"hand-made");
    assert_eq!(fs::read(out.join("index.html")).unwrap(), b"home 2", "nothing was changed");
    // Also when it stands where a folder of the site goes.
    let err = build(&out, &[("CNAME/index.html", b"x")]).unwrap_err().to_string();
    assert!(err.contains("CNAME"), "{err}");
    assert_eq!(fs::read(out.join("CNAME")).unwrap(), b"example.org");
}

#[test]
fn a_symlinked_output_is_written_through_and_stays_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let www = dir.path().join("www");
    fs::create_dir_all(&www).unwrap();
    let public = dir.path().join("public");
    std::os::unix::fs::symlink(&www, &public).unwrap();
    build(&public, &[("index.html", b"one"), ("a/b.html", b"b")]).unwrap();
    fs::write(www.join("other.txt"), b"not warraq's").unwrap();
    build(&public, &[("index.html", b"two")]).unwrap();
    assert!(public.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(files(&www), ["index.html", "other.txt"]);
    assert_eq!(fs::read(www.join("index.html")).unwrap(), b"two");

    let dangling = dir.path().join("dangling");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
    let err = build(&dangling, &[("index.html", b"x")]).unwrap_err().to_string();
    assert!(err.contains("symlink"), "{err}");
}

#[test]
fn own_files_give_way_to_folders_and_folders_to_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&out, &[("f", b"file"), ("d/index.html", b"in a folder")]).unwrap();
    build(&out, &[("f/index.html", b"now a folder"), ("d", b"now a file")]).unwrap();
    assert_eq!(files(&out), ["d", "f/index.html"]);
    assert_eq!(fs::read(out.join("d")).unwrap(), b"now a file");
}

#[test]
fn a_build_killed_while_moving_files_in_is_finished_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&out, &[("a.txt", b"a"), ("b.txt", b"b")]).unwrap();
    // What a build killed mid-commit leaves: the manifest lists old and new
    // files, some new ones are in, staging files remain.
    let book = out.join(crate::layout::OUTPUT_BOOK_DIR);
    fs::write(book.join(MANIFEST), format!("{MANIFEST_HEADER}\na.txt\nb.txt\nc.txt\n")).unwrap();
    fs::write(out.join("c.txt"), b"c").unwrap();
    fs::create_dir_all(book.join(STAGING).join("0")).unwrap();
    fs::write(book.join(STAGING).join("0").join("0"), b"half").unwrap();
    assert_eq!(build(&out, &[("a.txt", b"A"), ("c.txt", b"c")]).unwrap(), [Written::Changed, Written::Unchanged]);
    assert_eq!(files(&out), ["a.txt", "c.txt"]);
    assert!(!book.join(STAGING).exists());
}

#[test]
fn a_manifest_warraq_did_not_write_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    fs::create_dir_all(out.join(crate::layout::OUTPUT_BOOK_DIR)).unwrap();
    fs::write(out.join(crate::layout::OUTPUT_BOOK_DIR).join(MANIFEST), "something else\n").unwrap();
    let err = build(&out, &[("index.html", b"x")]).unwrap_err().to_string();
    assert!(err.contains("not a warraq output manifest"), "{err}");
}

#[test]
fn the_preview_server_adds_to_what_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&out, &[("a.txt", b"a"), ("b.txt", b"b")]).unwrap();
    let s = Staging::begin(&out, Plan::Adding).unwrap();
    assert_eq!(s.write("a.txt", b"A").unwrap(), Written::Changed);
    s.commit().unwrap();
    assert_eq!(files(&out), ["a.txt", "b.txt"]);
    assert_eq!(fs::read(out.join("a.txt")).unwrap(), b"A");
    // Into an empty folder, what it wrote is listed as warraq's.
    let first = dir.path().join("first");
    let s = Staging::begin(&first, Plan::Adding).unwrap();
    s.write("x/y.txt", b"y").unwrap();
    s.commit().unwrap();
    let s = Staging::begin(&first, Plan::Exactly(vec!["z.txt".into()].into())).unwrap();
    s.write("z.txt", b"z").unwrap();
    s.commit().unwrap();
    assert_eq!(files(&first), ["z.txt"], "x/y.txt was in the manifest, so the next build removed it");
}

#[test]
fn a_file_name_that_would_break_the_manifest_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = Staging::begin(&dir.path().join("p"), Plan::Adding).unwrap();
    assert!(s.write("a\nb.txt", b"x").is_err());
    assert!(s.write(".warraq/manifest", b"x").is_err());
}

#[test]
fn a_manifest_is_looked_up_in_its_own_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("manifest");
    fs::write(&path, format!("{MANIFEST_HEADER}\nb/x.html\r\n\na/y.html\nb/x.html\nc\nb/x.html.gz")).unwrap();
    let listed = read_manifest(&path).unwrap().unwrap();
    assert_eq!(listed.iter().collect::<Vec<_>>(), ["a/y.html", "b/x.html", "b/x.html.gz", "c"]);
    assert_eq!(listed.len(), 4);
    for (path, listed_there) in [
        ("c", true),
        ("b/x.html", true),
        ("a/y.html", true),
        ("b", false),
        ("a/y.htm", false),
        ("", false),
        ("d", false),
    ] {
        assert_eq!(listed.contains(path), listed_there, "{path}");
    }
    fs::write(&path, format!("{MANIFEST_HEADER}\n")).unwrap();
    assert!(read_manifest(&path).unwrap().unwrap().is_empty());
    fs::write(&path, "some other file\nb/x.html\n").unwrap();
    assert!(read_manifest(&path).is_err());
}

/// The build's paths and the manifest's are compared in one pass over
/// both: what a set difference gives, whatever the order they came in.
#[test]
fn the_paths_one_list_lacks_are_found_in_one_pass() {
    let target = Sorted::new(vec!["b/x.html", "a/y.html", "b/x.html", "d", "b/x.html.gz", "a"]);
    assert_eq!(target.iter().collect::<Vec<_>>(), ["a", "a/y.html", "b/x.html", "b/x.html.gz", "d"]);
    assert_eq!(target.len(), 5);
    assert!(target.contains("b/x.html.gz") && !target.contains("b") && !target.contains("e"));
    let listed = Sorted::new(vec!["a/y.html", "b", "b/x.html.gz", "c", "e", "f"]);
    assert_eq!(missing_from(target.iter(), listed.iter()), ["a", "b/x.html", "d"]);
    assert_eq!(missing_from(listed.iter(), target.iter()), ["b", "c", "e", "f"]);
    assert_eq!(missing_from(target.iter(), target.iter()), Vec::<&str>::new());
    assert_eq!(missing_from(target.iter(), std::iter::empty()), target.iter().collect::<Vec<_>>());
    assert_eq!(missing_from(std::iter::empty(), target.iter()), Vec::<&str>::new());
}

#[test]
fn a_write_describes_its_file_as_the_commit_leaves_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    type Described = (u64, std::time::SystemTime, u64);
    let describe = |m: &fs::Metadata| -> Described { (m.len(), m.modified().unwrap(), m.ino()) };
    let write = |s: &Staging, rel: &str, bytes: &[u8]| -> (Written, Option<Described>) {
        let (written, meta) = s.write_seen(rel, bytes).unwrap();
        (written, meta.as_ref().map(describe))
    };
    let now = |rel: &str| Some(describe(&fs::metadata(out.join(rel)).unwrap()));
    let plan = |paths: &[&str]| Plan::Exactly(paths.iter().map(|p| p.to_string()).collect::<Vec<_>>().into());

    // Into an empty folder: written in place.
    let s = Staging::begin(&out, plan(&["a.txt", "b/c.txt"])).unwrap();
    let first = [write(&s, "a.txt", b"one"), write(&s, "b/c.txt", b"two")];
    s.commit().unwrap();
    assert_eq!(first, [(Written::New, now("a.txt")), (Written::New, now("b/c.txt"))]);

    // Beside the live files, staged and moved in on commit.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let s = Staging::begin(&out, plan(&["a.txt", "b/c.txt", "d/e.txt"])).unwrap();
    let second = [write(&s, "a.txt", b"one"), write(&s, "b/c.txt", b"TWO!"), write(&s, "d/e.txt", b"new")];
    s.commit().unwrap();
    assert_eq!(
        second,
        [(Written::Unchanged, now("a.txt")), (Written::Changed, now("b/c.txt")), (Written::New, now("d/e.txt"))]
    );

    // A file warraq did not write is not described: the commit refuses it.
    fs::write(out.join("f.txt"), b"mine").unwrap();
    let s = Staging::begin(&out, plan(&["a.txt", "b/c.txt", "d/e.txt", "f.txt"])).unwrap();
    assert_eq!(write(&s, "f.txt", b"mine"), (Written::Unchanged, None));
    assert!(s.commit().is_err());
}
