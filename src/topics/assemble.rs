//! Tags in their final form: names, spellings, slugs, order, and each
//! article's list.

use super::related;
use super::text::phrase_hash;
use super::{collate::collation_key, groups::Group, Reason, Tag, Topics};
use crate::arabic::key;
use crate::config::TopicsConfig;
use crate::content::Article;
use crate::flat::FlatLists;
use std::collections::{BTreeMap, HashSet};

/// Builds the sorted tags and the per-article lists.
///
/// `written[g]`: for an automatic tag, each spelling its articles use →
/// (articles, archive rank of the newest). `lists[a]`: article `a`'s groups
/// and reasons, keyword line first.
pub(super) fn assemble(
    articles: &[Article],
    config: &TopicsConfig,
    groups: Vec<Group>,
    keep: &[bool],
    written: Vec<BTreeMap<String, (usize, usize)>>,
    lists: &FlatLists<(u32, Reason)>,
    rank: &[usize],
) -> Topics {
    let n = articles.len();
    let renames: Vec<(u64, &String)> =
        config.rename.iter().filter_map(|(from, to)| phrase_hash(from).map(|h| (h, to))).collect();

    let mut tags: Vec<(usize, Tag)> = Vec::new();
    for ((g, grp), written) in groups.into_iter().enumerate().zip(written) {
        if !keep[g] || grp.members.is_empty() {
            continue;
        }
        let mut members = grp.members;
        members.sort_by_key(|&a| rank[a]);
        members.dedup();
        // Names before role phrases, then most used, then without Persian
        // letters, then used most recently.
        let mut spellings: Vec<(String, (usize, bool, usize))> = grp.spellings.into_iter().collect();
        spellings.sort_by(|(a, x), (b, y)| {
            y.1.cmp(&x.1).then(y.0.cmp(&x.0)).then(persian_letters(a).cmp(&persian_letters(b))).then(x.2.cmp(&y.2))
        });
        let mut spellings: Vec<String> = spellings.into_iter().map(|s| s.0).collect();
        if spellings.is_empty() {
            // An automatic tag: as its articles write it, most used first.
            let mut w: Vec<(String, (usize, usize))> = written.into_iter().collect();
            w.sort_by(|(a, x), (b, y)| {
                y.0.cmp(&x.0).then(persian_letters(a).cmp(&persian_letters(b))).then(x.1.cmp(&y.1))
            });
            spellings = w.into_iter().map(|s| s.0).collect();
        }
        drop_clitic_forms(&mut spellings);
        let renamed = spellings
            .iter()
            .chain(grp.alias.iter())
            .find_map(|s| phrase_hash(s).and_then(|h| renames.iter().find(|r| r.0 == h)).map(|r| r.1.clone()));
        let Some(name) = renamed.or(grp.alias).or_else(|| spellings.first().cloned()) else { continue };
        tags.push((g, Tag { key: key(&name), name, slug: String::new(), spellings, members }));
    }
    let ckeys: Vec<Vec<u32>> = tags.iter().map(|t| collation_key(&t.1.name)).collect();
    let mut idx: Vec<usize> = (0..tags.len()).collect();
    idx.sort_by(|&a, &b| {
        let (ta, tb) = (&tags[a].1, &tags[b].1);
        tb.members
            .len()
            .cmp(&ta.members.len())
            .then_with(|| ckeys[a].cmp(&ckeys[b]))
            .then_with(|| ta.name.cmp(&tb.name))
            .then(tags[a].0.cmp(&tags[b].0))
    });
    let mut slot: Vec<Option<usize>> = vec![None; keep.len()];
    let mut used: HashSet<String> = HashSet::new();
    let mut sorted: Vec<Tag> = Vec::with_capacity(tags.len());
    let mut tags: Vec<Option<(usize, Tag)>> = tags.into_iter().map(Some).collect();
    for i in idx {
        let (g, mut tag) = tags[i].take().expect("each index once");
        let slug = crate::slug::first_free(&crate::slug::tag_slug(&tag.name), 1, "", |c| used.contains(c));
        used.insert(slug.clone());
        tag.slug = slug;
        slot[g] = Some(sorted.len());
        sorted.push(tag);
    }
    let mut article_tags: FlatLists<usize> = FlatLists::with_capacity(n, 0);
    let mut reasons: FlatLists<Reason> = FlatLists::with_capacity(n, 0);
    for list in lists {
        let mut tags: Vec<usize> = Vec::with_capacity(list.len());
        let mut why: Vec<Reason> = Vec::with_capacity(list.len());
        for &(g, reason) in list {
            if let Some(t) = slot[g as usize] {
                if !tags.contains(&t) {
                    tags.push(t);
                    why.push(reason);
                }
            }
        }
        article_tags.push(tags);
        reasons.push(why);
    }
    let members: Vec<&[usize]> = sorted.iter().map(|t| t.members.as_slice()).collect();
    article_tags.shrink_to_fit();
    reasons.shrink_to_fit();
    let related = related::related(&members, &article_tags, rank, config.related);
    Topics { tags: sorted, article_tags, reasons, related }
}

/// Removes spellings that are another spelling with a one-letter proclitic
/// glued on (`وكيم` beside `كيم`): text matches bring such forms in, but they
/// are the same word, not another way to write the name.
pub(super) fn drop_clitic_forms(spellings: &mut Vec<String>) {
    let keys: std::collections::HashSet<String> = spellings.iter().map(|s| key(s)).collect();
    spellings.retain(|s| {
        let k = key(s);
        let mut chars = k.chars();
        let stripped = match chars.next() {
            Some('و' | 'ف' | 'ب' | 'ل' | 'ك') => chars.as_str(),
            _ => return true,
        };
        stripped.chars().count() < 2 || !keys.contains(stripped)
    });
}

/// Letters of Persian keyboards in an Arabic text: a spelling without them
/// is preferred on a tie.
fn persian_letters(s: &str) -> usize {
    s.chars().filter(|c| matches!(c, 'ک' | 'ی' | 'ۀ' | 'ۃ' | 'ھ')).count()
}
