//! The pages of tags, writers, papers and archives are counted from the
//! oldest end: an article added at the front of a list changes its front
//! page, and its numbered pages keep their bytes (and are not written).

use crate::common;
use std::collections::BTreeMap;
use std::time::SystemTime;

/// The lists every article below is on: a tag, a paper, a writer, a year, a month.
const LISTS: [&str; 5] = ["tags/الاقتصاد/", "sources/الرياض/", "authors/محمد-الحيدر/", "2023/", "2023/09/"];

fn add_article(site: &common::Site, day: u32) {
    site.write(
        &format!("content/articles/2023/09/{day:02}-a{day}.md"),
        format!(
            "+++\ntitle = \"خبر اليوم {day}\"\ndate = 2023-09-{day:02}\ntags = [\"الاقتصاد\"]\nsource = \"الرياض\"\n\
             author = \"محمد الحيدر\"\n+++\n\nنص خبر اليوم {day}.\n"
        ),
    );
}

/// Path -> bytes and modification time.
type Pages = BTreeMap<String, (Vec<u8>, SystemTime)>;

/// Every numbered page of the lists.
fn numbered_pages(site: &common::Site) -> Pages {
    site.snapshot("public")
        .into_iter()
        .filter(|(path, _, _)| LISTS.iter().any(|list| path.starts_with(&format!("public/{list}page/"))))
        .map(|(path, bytes, time)| (path, (bytes, time)))
        .collect()
}

/// Whether a page shows a list's count of articles (front pages only).
fn shows_count(page: &str) -> bool {
    page.contains("عدد المقالات")
}

/// The paths of `before` that `after` does not hold with the same bytes and time.
fn changed(before: &Pages, after: &Pages, paths: impl Fn(&str) -> bool) -> Vec<String> {
    before.iter().filter(|(p, v)| paths(p) && after.get(*p) != Some(v)).map(|(p, _)| p.clone()).collect()
}

#[test]
fn a_new_article_changes_the_front_pages_of_its_lists_and_no_numbered_page() {
    // Two a page on every list; the home page (newest first) is one page.
    let site = common::Site::with_config(
        "title = \"أرشيف\"\nbase_url = \"https://example.org/\"\nper_page = 2\narchive_per_page = 2\nhome_pages = 1\n",
    );
    for day in 1..=20 {
        add_article(&site, day);
    }
    site.run(&["build"]).expect_code(0);
    // Twenty: pages 1 to 9 (the oldest 18, two a page) and the front page.
    let before = numbered_pages(&site);
    assert_eq!(before.len(), 9 * LISTS.len());
    for list in LISTS {
        assert!(before.contains_key(&format!("public/{list}page/9/index.html")), "{list}");
        let page1 = site.read(&format!("public/{list}page/1/index.html"));
        assert!(page1.contains("خبر اليوم 1<") && page1.contains("خبر اليوم 2<"), "{list}: the oldest two");
        // Its title says which page and which days: a search result shows it.
        let title = page1.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap();
        assert!(title.contains(" — الصفحة 1 · من 1 سبتمبر 2023 إلى 2 سبتمبر 2023 — أرشيف"), "{list}: {title}");
        assert!(!page1.contains("خبر اليوم 3<"), "{list}");
        let front = site.read(&format!("public/{list}index.html"));
        assert!(front.contains("خبر اليوم 20<") && front.contains("خبر اليوم 19<"), "{list}");
        assert!(front.contains(&format!("href=\"/{list}page/9/\" rel=\"next\"")), "{list}: older is page 9: {front}");
        let page9 = site.read(&format!("public/{list}page/9/index.html"));
        assert!(page9.contains(&format!("href=\"/{list}\" rel=\"prev\"")), "{list}: newer is the front page");
        assert!(page9.contains(&format!("href=\"/{list}page/8/\" rel=\"next\"")), "{list}: older is page 8");
        assert!(!shows_count(&page9), "{list}: no count on a numbered page");
    }
    // A 21st: the front pages take it (three each), nothing else moves.
    add_article(&site, 21);
    site.run(&["build"]).expect_code(0);
    let after = numbered_pages(&site);
    assert_eq!(changed(&before, &after, |_| true), Vec::<String>::new(), "numbered pages changed or written");
    assert_eq!(after.len(), before.len());
    for list in LISTS {
        let front = site.read(&format!("public/{list}index.html"));
        for day in [21, 20, 19] {
            assert!(front.contains(&format!("خبر اليوم {day}<")), "{list}: {day} on the front page");
        }
        assert!(!front.contains("خبر اليوم 18<"), "{list}: page 9 keeps 18 and 17");
    }
    assert!(site.read("public/tags/الاقتصاد/index.html").contains("عدد المقالات: 21"));
    // A 22nd: the front page's oldest two become page 10. Page 9 now leads
    // to page 10, not the front page, and pages 6 to 8 link page 10 (or a
    // gap before their links); pages 1 to 5 are untouched.
    add_article(&site, 22);
    site.run(&["build"]).expect_code(0);
    let after = numbered_pages(&site);
    let near: Vec<String> =
        LISTS.iter().flat_map(|list| (6..=9).map(move |n| format!("public/{list}page/{n}/index.html"))).collect();
    let mut changed = changed(&before, &after, |_| true);
    changed.sort();
    let mut expected = near.clone();
    expected.sort();
    assert_eq!(changed, expected);
    assert_eq!(after.len(), 10 * LISTS.len());
    for list in LISTS {
        let page10 = site.read(&format!("public/{list}page/10/index.html"));
        assert!(page10.contains("خبر اليوم 20<") && page10.contains("خبر اليوم 19<"), "{list}: {page10}");
        assert!(page10.contains(&format!("href=\"/{list}\" rel=\"prev\"")), "{list}: newer is the front page");
        let page9 = site.read(&format!("public/{list}page/9/index.html"));
        assert!(page9.contains(&format!("href=\"/{list}page/10/\" rel=\"prev\"")), "{list}: {page9}");
        let front = site.read(&format!("public/{list}index.html"));
        assert!(front.contains("خبر اليوم 22<") && !front.contains("خبر اليوم 20<"), "{list}");
    }
}

#[test]
fn a_site_template_that_pages_lists_from_the_newest_is_warned_about() {
    let site = common::Site::with_config("title = \"أرشيف\"\nper_page = 2\n");
    for day in 1..=5 {
        add_article(&site, day);
    }
    // As `warraq init` wrote them before lists were counted from the oldest.
    site.write("templates/pagination.html", "{% if paginator and paginator.total > 1 %}<nav>…</nav>{% endif %}\n");
    site.write(
        "templates/tag.html",
        "{% extends \"base.html\" %}\n{% block title %}{% if paginator.current > 1 %}x{% endif %}{% endblock %}\n",
    );
    let out = site.run(&["build"]);
    out.expect_code(0);
    assert!(
        out.stderr.contains("templates/pagination.html:1: `paginator.total` is given on the home list only"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("templates/tag.html:2: on the lists of tags"), "{}", out.stderr);
    let check = site.run(&["check"]);
    assert!(
        check.stdout.contains("templates/pagination.html:1") || check.stderr.contains("templates/pagination.html:1")
    );
    // The default templates are not warned about.
    std::fs::remove_dir_all(site.join("templates")).unwrap();
    let out = site.run(&["build"]);
    assert!(!out.stderr.contains("paginator"), "{}", out.stderr);
}
