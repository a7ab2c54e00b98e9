//! The pages of authors and sources (see `site::groups` for who they are):
//! each group's paginated list, the index of all of them, and their feeds.

use crate::site::groups::{group_path, Kind};
use crate::site::pages::{page_listing, FRONT};

/// Articles a page of a writer's or paper's list: as many as an archive
/// page, shown as compact items like the archives, not cards. A paper's
/// list is most of the archive (one paper: all of it), so at `per_page`
/// cards a page it added a second copy of the home page's thousands of
/// pages; at `archive_per_page` items it is a tenth of the files and bytes.
pub fn per_page(site: &super::Site) -> usize {
    site.config.archive_per_page
}

impl super::Renderer<'_> {
    /// Fills `ctx` for page `page` of group `g` of `kind`.
    pub(super) fn group_page(
        &self,
        kind: Kind,
        g: usize,
        page: usize,
        ctx: &mut super::fields::Fields,
        mode: super::digest::Mode,
    ) -> crate::error::Result<()> {
        let s = self.site;
        let (list, urls) = s.groups(kind);
        let group = &list[g];
        let count = group.members.len();
        let (items, paginator) = self.paginate_list(per_page(s), count, |k| group.members[k], &urls[g], page, mode)?;
        // The count only on the front page (see `site::pages`).
        let count = (page == FRONT).then_some(count);
        let fields = super::fields::Fields::new()
            .with("kind", kind.name())
            .with("name", group.name.as_str())
            .with("url", urls[g].as_str())
            .with("count", count)
            .with("count_display", count.map(|c| s.display_number(c)))
            .with("feed_url", format!("{}atom.xml", urls[g]))
            .with("index_url", s.url(&format!("{}/", kind.folder())));
        ctx.push("group", fields.into_value());
        ctx.push("articles", items);
        ctx.push("paginator", minijinja::Value::from_serialize(paginator));
        Ok(())
    }

    /// Fills `ctx` for the index of every group of `kind`.
    pub(super) fn group_index(&self, kind: Kind, ctx: &mut super::fields::Fields) {
        let s = self.site;
        let (list, urls) = s.groups(kind);
        let entries: Vec<super::context::TagCount> = list
            .iter()
            .zip(urls)
            .map(|(g, url)| super::context::TagCount {
                name: g.name.clone(),
                url: url.clone(),
                count: g.members.len(),
                count_display: s.display_number(g.members.len()),
            })
            .collect();
        ctx.push("kind", kind.name());
        ctx.push("groups", minijinja::Value::from_serialize(entries));
    }

    /// The Atom feed of group `g` of `kind`.
    pub(super) fn group_feed(&self, kind: Kind, g: usize) -> String {
        let s = self.site;
        let group = &s.groups(kind).0[g];
        let entries = super::list_feed_entries(s, &group.members);
        let first = group_path(kind, &group.slug);
        let spec = super::feeds::FeedSpec {
            title: format!("{} — {}", group.name, s.config.title),
            carries: super::feeds::Carries::Summary(&self.summaries),
            path: format!("{first}atom.xml"),
            alternate: first,
            entries: &entries,
        };
        super::feeds::atom(s, &spec)
    }
}

/// The writers' and papers' pages that list article `i` (`feeds: false`),
/// or their feeds that carry it (`feeds: true`).
pub fn jobs_showing(site: &super::Site, i: usize, feeds: bool) -> Vec<super::Job> {
    let per = per_page(site);
    let mut jobs = Vec::new();
    for kind in [Kind::Author, Kind::Source] {
        let of_article = match kind {
            Kind::Author => &site.article_authors[i],
            Kind::Source => &site.article_sources[i],
        };
        for &g in of_article {
            let members = &site.groups(kind).0[g].members;
            if feeds {
                if super::list_feed_entries(site, members).contains(&i) {
                    jobs.push(super::Job::GroupFeed(kind, g));
                }
            } else if let Some(page) = page_listing(members, per, i) {
                jobs.push(super::Job::Group(kind, g, page));
            }
        }
    }
    jobs
}
