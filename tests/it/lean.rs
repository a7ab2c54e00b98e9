//! The output stays lean: what every page or every list feed would repeat is
//! carried once (the stylesheet, the article's own page) while a reader still
//! sees the same things. Bytes per article decide which hosts can take a
//! large archive (docs/deploy.md).

use crate::common;

/// Three articles of one writer and one paper, two tags; a long first
/// paragraph so summaries are cut.
fn three_articles(extra_config: &str) -> common::Site {
    let site = common::Site::with_config(&format!(
        "title = \"أرشيف\"\nbase_url = \"https://example.org/\"\nper_page = 1\nfeed_size = 5\n{extra_config}"
    ));
    let long: String = (1..=60).map(|n| format!("كلمة{n} ")).collect();
    for day in 1..=3 {
        site.write(
            &format!("content/articles/2023/09/{day:02}-a{day}.md"),
            format!(
                "+++\ntitle = \"خبر {day}\"\ndate = 2023-09-{day:02}\ntags = [\"الاقتصاد\", \"مصر\"]\nsource = \"الرياض\"\nauthor = \"محمد الحيدر\"\n+++\n\n{long}\n\nفقرة ثانية خاصة بالخبر {day}.\n"
            ),
        );
    }
    site.run(&["build"]).expect_code(0);
    site
}

#[test]
fn list_feeds_carry_summaries_linking_to_the_article_and_the_site_feed_the_whole_text() {
    let site = three_articles("");
    for feed in ["tags/الاقتصاد/atom.xml", "authors/محمد-الحيدر/atom.xml", "sources/الرياض/atom.xml"]
    {
        let xml = site.read(&format!("public/{feed}"));
        let parsed = feed_rs::parser::parse(xml.as_bytes()).unwrap_or_else(|e| panic!("{feed}: {e}"));
        assert_eq!(parsed.entries.len(), 3, "{feed}");
        let newest = &parsed.entries[0];
        assert!(newest.content.is_none(), "{feed}: no body in a list's feed: {xml}");
        let summary = newest.summary.as_ref().expect("a summary").content.clone();
        assert!(summary.starts_with("كلمة1 كلمة2") && summary.ends_with('…'), "{feed}: the list's summary: {summary}");
        assert!(!xml.contains("فقرة ثانية"), "{feed}: nothing past the summary");
        assert_eq!(newest.links[0].href, "https://example.org/2023/09/a3/", "{feed}: the entry leads to the article");
        assert_eq!(newest.links[0].rel.as_deref(), Some("alternate"));
    }
    let site_feed = feed_rs::parser::parse(site.read_bytes("public/atom.xml").as_slice()).unwrap();
    let body = site_feed.entries[0].content.as_ref().and_then(|c| c.body.clone()).expect("the site feed's body");
    assert!(body.contains("<p>فقرة ثانية خاصة بالخبر 3.</p>"), "the site feed carries the whole article: {body}");
}

#[test]
fn a_writers_and_a_papers_page_is_a_compact_list_paginated_like_the_archives() {
    // Two a page (`archive_per_page`, not `per_page`, which is 1): the front
    // page keeps two to three, so all three are on it.
    let site = three_articles("archive_per_page = 2\n");
    for first in ["public/sources/الرياض/", "public/authors/محمد-الحيدر/"] {
        let page = site.read(&format!("{first}index.html"));
        assert_eq!(page.matches("<li><a href=\"/2023/09/").count(), 3, "{first}: archive_per_page items: {page}");
        assert!(page.contains("<ol class=\"compact-list\">") && !page.contains("class=\"card"), "{first}");
        assert!(!site.exists(&format!("{first}page/1/index.html")), "{first}: not per_page (1) pages");
    }
    // One a page: the front has the newest, the numbered pages count from the oldest.
    let site = three_articles("archive_per_page = 1\n");
    for first in ["public/sources/الرياض/", "public/authors/محمد-الحيدر/"] {
        let page = site.read(&format!("{first}index.html"));
        assert!(page.contains("خبر 3") && !page.contains("خبر 2<"), "{first}: the newest on the front: {page}");
        assert!(page.contains("عدد المقالات: ٣") || page.contains("عدد المقالات: 3"), "{first}: {page}");
        for (n, title) in [(1, "خبر 1"), (2, "خبر 2")] {
            let numbered = site.read(&format!("{first}page/{n}/index.html"));
            assert!(numbered.contains(title) && !numbered.contains("خبر 3"), "{first}: {title} on page {n}");
            assert!(!numbered.contains("عدد المقالات"), "{first}: no count on a numbered page: {numbered}");
        }
        assert!(!site.exists(&format!("{first}page/3/index.html")), "{first}");
    }
}

#[test]
fn page_chrome_is_carried_by_the_stylesheet_and_said_once() {
    let site = three_articles("");
    let article = site.read("public/2023/09/a2/index.html");
    // Date and source, separated by the stylesheet, not a span per item.
    assert!(!article.contains("class=\"sep\" aria-hidden=\"true\"> · <"), "{article}");
    assert!(article.contains("<p class=\"meta\"><time datetime=\"2023-09-02\">"), "{article}");
    assert!(site.read("public/style.css").contains(".meta > :not(.sep) + :not(.sep)::before"));
    // Tag links without a class each; the list styles them.
    assert!(article.contains("<ul class=\"tags\">\n<li><a href=\"/tags/"), "{article}");
    // The years once: in the header's navigation, not again in the footer.
    assert_eq!(article.matches("href=\"/2023/\"").count(), 1, "{article}");
    let footer = &article[article.find("<footer class=\"site-footer\">").expect("footer")..];
    assert!(footer.contains("<a href=\"/archive/\">الأرشيف</a>"), "the footer links the archive: {footer}");
    // The summary is the page's description; JSON-LD does not repeat it.
    let ld_start = article.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let ld: serde_json::Value =
        serde_json::from_str(&article[ld_start..ld_start + article[ld_start..].find("</script>").unwrap()]).unwrap();
    assert_eq!(ld["@type"], "NewsArticle");
    assert!(ld.get("description").is_none(), "{ld}");
    assert!(article.contains("<meta name=\"description\" content=\"كلمة1 كلمة2"), "{article}");
}
