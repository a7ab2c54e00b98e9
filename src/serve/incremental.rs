//! Which output files an edit touches.
//!
//! The preview server keeps the last site it rendered. After a content
//! change it loads the new site and compares: when the set of articles,
//! their order, URLs, dates and tags (so every list, tag page, archive and
//! the sitemap keep their shape) are the same, only the pages that *show*
//! a changed article are rendered again. Anything else is a full rebuild.

use crate::content::Article;
use crate::render::context::summary_text;
use crate::render::{Job, Site};
use crate::site::pages::{page_listing, FRONT};
use std::collections::BTreeSet;

/// The jobs to re-render to turn the output of `old` into the output of
/// `new`, or `None` when the change reshapes the site (added, removed or
/// re-dated articles, changed slugs or tags, config) and needs a full
/// rebuild. `Some(vec![])` means nothing visible changed.
pub fn affected_jobs(old: &Site, new: &Site) -> Option<Vec<Job>> {
    if old.include_drafts != new.include_drafts
        || old.articles.len() != new.articles.len()
        || old.article_paths != new.article_paths
        || old.page_paths != new.page_paths
        || old.pages.len() != new.pages.len()
        || old.archive != new.archive
        || old.topics.tags != new.topics.tags
        || old.topics.article_tags != new.topics.article_tags
        // Every page's header shows the menu.
        || old.menu != new.menu
        || old.redirects != new.redirects
        || old.authors != new.authors
        || old.sources != new.sources
        || old.config != new.config
    {
        return None;
    }
    let mut jobs = BTreeSet::new();
    for (i, (a, b)) in old.pages.iter().zip(&new.pages).enumerate() {
        if a.path != b.path || a.slug != b.slug || a.draft != b.draft {
            return None;
        }
        if a != b {
            jobs.insert(Job::Page(i));
        }
    }
    let per_page = new.config.per_page.max(1);
    // The feeds' own rule of which articles they carry.
    let in_site_feed: BTreeSet<usize> = crate::render::site_feed_entries(new).into_iter().collect();
    let in_news_sitemap: BTreeSet<usize> =
        crate::render::sitemaps::news_articles(new, crate::date::today()).into_iter().collect();
    for (i, (a, b)) in old.articles.iter().zip(&new.articles).enumerate() {
        if !same_shape(a, b) {
            return None;
        }
        if a == b {
            continue;
        }
        jobs.insert(Job::Article(i));
        let title_changed = a.title != b.title;
        // Everything an article's fragments (card, item, date line) show.
        let summary_changed = title_changed
            || a.source != b.source
            || a.author != b.author
            || a.dateline() != b.dateline()
            || a.draft != b.draft
            || summary_text(old, i) != summary_text(new, i);
        if title_changed && in_news_sitemap.contains(&i) {
            jobs.insert(Job::NewsSitemap);
        }
        if title_changed {
            // Pages at the article's old URLs name it.
            let to = crate::site::Target::Article(i);
            jobs.extend(new.redirects.iter().enumerate().filter(|(_, r)| r.to == to).map(|(n, _)| Job::Redirect(n)));
        }
        // prev/next links on the neighbours show the title.
        if title_changed {
            if i > 0 {
                jobs.insert(Job::Article(i - 1));
            }
            if i + 1 < new.articles.len() {
                jobs.insert(Job::Article(i + 1));
            }
        }
        if summary_changed {
            for (j, related) in new.topics.related.iter().enumerate() {
                if related.contains(&i) {
                    jobs.insert(Job::Article(j));
                }
            }
            jobs.extend(new.home_page_of(i).map(Job::Home));
            for &t in &new.topics.article_tags[i] {
                let page = page_listing(&new.topics.tags[t].members, per_page, i).unwrap_or(FRONT);
                jobs.insert(Job::Tag(t, page));
            }
            jobs.extend(crate::render::archive::pages_listing(new, i));
            jobs.extend(crate::render::groups::jobs_showing(new, i, false));
        }
        // Feeds carry the whole body.
        if in_site_feed.contains(&i) {
            jobs.insert(Job::SiteFeed);
        }
        jobs.extend(crate::render::groups::jobs_showing(new, i, true));
        for &t in &new.topics.article_tags[i] {
            if crate::render::tag_feed_entries(new, t).contains(&i) {
                jobs.insert(Job::TagFeed(t));
            }
        }
    }
    // Related lists computed from the text may change with it.
    for (j, (a, b)) in old.topics.related.iter().zip(&new.topics.related).enumerate() {
        if a != b {
            jobs.insert(Job::Article(j));
        }
    }
    if old.topics.related.len() != new.topics.related.len() {
        return None;
    }
    Some(jobs.into_iter().collect())
}

/// Whether `old`'s grouping can stand for `articles` (the new site's, in
/// site order) under `config`: `None` when what the tags are made of
/// changed (topics config, the set or order of articles, a path, date or
/// tag list); `Some(true)` when nothing the grouping reads changed;
/// `Some(false)` when only titles or bodies changed. Those feed automatic
/// keywords (titles always, bodies of articles with few tags of their own)
/// and rarely change them: the reused grouping is served at once as
/// provisional, and checked when the watcher is quiet (`Engine::settle`).
pub fn reusable_topics(old: &Site, articles: &[Article], config: &crate::config::TopicsConfig) -> Option<bool> {
    if old.config.topics != *config || old.articles.len() != articles.len() {
        return None;
    }
    let mut exact = true;
    for (a, b) in old.articles.iter().zip(articles) {
        if a.path != b.path || a.date != b.date || a.tags != b.tags {
            return None;
        }
        exact &= a.title == b.title && a.body == b.body;
    }
    Some(exact)
}

/// Same place in the site: file, URL, date, tags and draft state.
fn same_shape(a: &Article, b: &Article) -> bool {
    a.path == b.path && a.slug == b.slug && a.date == b.date && a.tags == b.tags && a.draft == b.draft
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::content::{parse_article, Content};
    use crate::site::Period;

    fn article(n: usize, day: u32, tags: &[&str], title: &str, body: &str) -> Article {
        let tags: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
        let text =
            format!("+++\ntitle = \"{title}\"\ndate = 2023-09-{day:02}\ntags = [{}]\n+++\n\n{body}\n", tags.join(", "));
        parse_article(&format!("content/articles/2023/09/{day:02}-a{n}.md"), &text).unwrap()
    }

    fn site(articles: Vec<Article>) -> Site {
        site_with("per_page = 2\nfeed_size = 2\n", articles)
    }

    /// The site of `articles` under a site.toml of a title and `config`.
    fn site_with(config: &str, articles: Vec<Article>) -> Site {
        let config = Config::parse(&format!("title = \"t\"\n{config}")).unwrap();
        Site::new(config, Content { articles, ..Default::default() }, true).0
    }

    /// Five articles on days 1..=5; newest first means index 0 is day 5.
    fn articles() -> Vec<Article> {
        vec![
            article(1, 1, &["روسيا"], "واحد", "نص واحد"),
            article(2, 2, &["روسيا", "بوتين"], "اثنان", "نص اثنان"),
            article(3, 3, &["كوريا"], "ثلاثة", "نص ثلاثة"),
            article(4, 4, &["روسيا"], "أربعة", "نص أربعة"),
            article(5, 5, &["بوتين"], "خمسة", "نص خمسة"),
        ]
    }

    fn tag(s: &Site, name: &str) -> usize {
        s.topics.tags.iter().position(|t| t.name == name).unwrap()
    }

    #[test]
    fn same_site_needs_nothing() {
        assert_eq!(affected_jobs(&site(articles()), &site(articles())), Some(vec![]));
    }

    #[test]
    fn body_edit_below_the_summary_touches_the_page_and_feeds_only() {
        let old = site(articles());
        let mut edited = articles();
        edited[3].body = "نص أربعة\n\nفقرة ثانية جديدة".into(); // day 4: index 1
        let new = site(edited);
        let jobs = affected_jobs(&old, &new).unwrap();
        let russia = tag(&new, "روسيا");
        // Day 4 is second newest: in the site feed (size 2) and the first
        // two dated members of روسيا.
        assert_eq!(jobs, vec![Job::Article(1), Job::TagFeed(russia), Job::SiteFeed]);
    }

    #[test]
    fn title_edit_touches_neighbours_lists_tags_archives_and_feeds() {
        let old = site(articles());
        let mut edited = articles();
        edited[2].title = "ثلاثة معدل".into(); // day 3: index 2
        let new = site(edited);
        let jobs = affected_jobs(&old, &new).unwrap();
        let korea = tag(&new, "كوريا");
        let expected = vec![
            Job::Home(2),
            Job::Article(1),
            Job::Article(2),
            Job::Article(3),
            Job::Tag(korea, FRONT),
            Job::TagFeed(korea),
            Job::Archive(Period::year(2023), FRONT),
            Job::Archive(Period::month(2023, 9), FRONT),
            Job::Archive(Period::day(2023, 9, 3), FRONT),
        ];
        assert_eq!(jobs, expected);
        // Old enough to be out of the site feed (size 2).
        assert!(!jobs.contains(&Job::SiteFeed));
    }

    #[test]
    fn tag_page_is_the_one_that_lists_the_article() {
        // روسيا on days 6, 4, 2 and 1: two a page, counted from the oldest,
        // page 1 holds days 2 and 1 and the front page days 6 and 4.
        let six = || {
            let mut articles = articles();
            articles.push(article(6, 6, &["روسيا"], "ستة", "نص ستة"));
            articles
        };
        let old = site(six());
        let mut edited = six();
        edited[0].title = "واحد معدل".into(); // day 1: the oldest member of روسيا
        let new = site(edited);
        let jobs = affected_jobs(&old, &new).unwrap();
        let russia = tag(&new, "روسيا");
        assert!(jobs.contains(&Job::Tag(russia, 1)), "{jobs:?}");
        assert!(!jobs.contains(&Job::Tag(russia, FRONT)));
        assert!(!jobs.contains(&Job::TagFeed(russia)), "fourth of روسيا is past feed_size 2");
        assert!(jobs.contains(&Job::Home(3)));
        let mut edited = six();
        edited[3].title = "أربعة معدل".into(); // day 4: on the front page
        let jobs = affected_jobs(&old, &site(edited)).unwrap();
        assert!(jobs.contains(&Job::Tag(russia, FRONT)), "{jobs:?}");
        assert!(!jobs.contains(&Job::Tag(russia, 1)));
    }

    #[test]
    fn archive_page_is_the_one_that_lists_the_article() {
        // September's five articles two a page, counted from the oldest:
        // page 1 holds days 2 and 1, the front page days 5, 4 and 3.
        let two_a_page = |articles| site_with("per_page = 2\narchive_per_page = 2\n", articles);
        let old = two_a_page(articles());
        let mut edited = articles();
        edited[0].title = "واحد معدل".into(); // day 1
        let jobs = affected_jobs(&old, &two_a_page(edited)).unwrap();
        for period in [Period::year(2023), Period::month(2023, 9)] {
            assert!(jobs.contains(&Job::Archive(period, 1)), "{jobs:?}");
            assert!(!jobs.contains(&Job::Archive(period, FRONT)), "{jobs:?}");
        }
        assert!(jobs.contains(&Job::Archive(Period::day(2023, 9, 1), FRONT)), "a day's one page");
        let mut edited = articles();
        edited[2].title = "ثلاثة معدل".into(); // day 3: on the front page
        let jobs = affected_jobs(&old, &two_a_page(edited)).unwrap();
        assert!(jobs.contains(&Job::Archive(Period::month(2023, 9), FRONT)), "{jobs:?}");
        assert!(!jobs.contains(&Job::Archive(Period::month(2023, 9), 1)), "{jobs:?}");
    }

    #[test]
    fn an_article_past_a_bounded_home_list_touches_no_home_page() {
        let bounded = |articles| site_with("per_page = 2\nhome_pages = 1\n", articles);
        let old = bounded(articles());
        let mut edited = articles();
        edited[0].title = "واحد معدل".into(); // day 1: the oldest, past the newest two
        let jobs = affected_jobs(&old, &bounded(edited)).unwrap();
        assert!(!jobs.iter().any(|j| matches!(j, Job::Home(_))), "{jobs:?}");
        let mut edited = articles();
        edited[4].title = "خمسة معدل".into(); // day 5: the newest
        assert!(affected_jobs(&old, &bounded(edited)).unwrap().contains(&Job::Home(1)));
    }

    #[test]
    fn grouping_is_reused_unless_its_inputs_change() {
        let old = site(articles());
        let cfg = old.config.topics.clone();
        let same = site(articles());
        assert_eq!(reusable_topics(&old, &same.articles, &cfg), Some(true));
        let mut edited = articles();
        edited[3].body = format!("{}\n\nفقرة جديدة", edited[3].body_text()).into();
        edited[2].source = Some("مصدر".into());
        let new = site(edited);
        assert_eq!(reusable_topics(&old, &new.articles, &cfg), Some(false), "bodies changed: provisional");
        let mut retitled = articles();
        retitled[0].title = "عنوان آخر".into();
        assert_eq!(reusable_topics(&old, &site(retitled).articles, &cfg), Some(false));
        let mut redated = articles();
        redated[1] = article(2, 6, &["روسيا", "بوتين"], "اثنان", "نص اثنان");
        assert_eq!(reusable_topics(&old, &site(redated).articles, &cfg), None);
        let mut retagged = articles();
        retagged[0].tags.push("جديد".into());
        assert_eq!(reusable_topics(&old, &site(retagged).articles, &cfg), None);
        let mut fewer = articles();
        fewer.pop();
        assert_eq!(reusable_topics(&old, &site(fewer).articles, &cfg), None);
        let mut banned = cfg.clone();
        banned.ban.push("روسيا".into());
        assert_eq!(reusable_topics(&old, &same.articles, &banned), None);
    }

    #[test]
    fn reshaping_changes_need_a_full_rebuild() {
        let old = site(articles());
        let mut retagged = articles();
        retagged[1].tags.push("جديد".into());
        assert_eq!(affected_jobs(&old, &site(retagged)), None);
        let mut redated = articles();
        redated[1] = article(2, 6, &["روسيا", "بوتين"], "اثنان", "نص اثنان");
        assert_eq!(affected_jobs(&old, &site(redated)), None);
        let mut fewer = articles();
        fewer.pop();
        assert_eq!(affected_jobs(&old, &site(fewer)), None);
        let mut drafted = articles();
        drafted[1].draft = true;
        assert_eq!(affected_jobs(&old, &site(drafted)), None);
        let mut reslugged = articles();
        reslugged[1].slug = "x".into();
        assert_eq!(affected_jobs(&old, &site(reslugged)), None);
    }
}
