//! Day archives on archives whose articles carry times with offsets.

use crate::common;

#[test]
fn a_day_whose_articles_are_not_next_to_each_other_in_time_has_one_page() {
    let site = common::Site::with_config("title = \"أرشيف\"\nbase_url = \"https://example.org/\"\n");
    // Newest first by instant: b (21st, 23:00Z), a (22nd at 01:00+03:00 =
    // 21st 22:00Z), c (21st, 10:00Z): the 21st's articles are split by the
    // 22nd's, as in a real archive of papers in several time zones.
    for (name, title, date) in [
        ("a", "ألف", "2015-07-22T01:00:00+03:00"),
        ("b", "باء", "2015-07-21T23:00:00Z"),
        ("c", "جيم", "2015-07-21T10:00:00Z"),
    ] {
        site.write(
            &format!("content/articles/2015/07/{}-{name}.md", &date[8..10]),
            format!("+++\ntitle = \"خبر {title}\"\ndate = {date}\n+++\n\nنص.\n"),
        );
    }
    site.run(&["build"]).expect_code(0);
    let day21 = site.read("public/2015/07/21/index.html");
    assert!(day21.contains("خبر باء") && day21.contains("خبر جيم") && !day21.contains("خبر ألف"), "{day21}");
    assert!(day21.find("خبر باء").unwrap() < day21.find("خبر جيم").unwrap(), "newest first");
    let day22 = site.read("public/2015/07/22/index.html");
    assert!(day22.contains("خبر ألف") && !day22.contains("خبر باء"), "{day22}");
    let month = site.read("public/2015/07/index.html");
    assert!(
        month.find("href=\"/2015/07/22/\"").unwrap() < month.find("href=\"/2015/07/21/\"").unwrap(),
        "latest day first"
    );
}
