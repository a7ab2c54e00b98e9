//! Tag URLs that stay: a published tag keeps its URL.
//!
//! A tag's URL comes from its shown name, the most frequent spelling, and a
//! `-2` on a clash, so it could change as articles arrive (`كيم جونج أون`
//! becoming `كيم جونغ أون`) and break every link to it. The record of
//! published URLs (`content/.warraq/urls.toml`) remembers each tag's slug
//! with the keys of its spellings: a tag of today that holds one of them
//! keeps that slug. A new tag never takes the slug of a tag that went. Two
//! published tags merged into one keep one URL, and the other leads to it.

use crate::arabic::key;
use crate::content::published::TagRecord;
use crate::topics::Topics;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Gives `topics`' tags their published slugs (and new tags slugs no tag
/// ever had). Returns the tag record as this build leaves it, and each
/// published slug that now leads to another tag's page (slug → tag index).
pub fn stabilize(
    topics: &mut Topics,
    record: &BTreeMap<String, TagRecord>,
) -> (BTreeMap<String, TagRecord>, Vec<(String, usize)>) {
    let spellings_of = |t: &crate::topics::Tag| -> Vec<String> {
        let mut keys: Vec<String> =
            std::iter::once(&t.name).chain(&t.spellings).map(|s| key(s)).filter(|k| !k.is_empty()).collect();
        keys.sort();
        keys.dedup();
        keys
    };
    let keys: Vec<Vec<String>> = topics.tags.iter().map(spellings_of).collect();
    // Which recorded slugs each tag of today holds a spelling of.
    let mut owner_of_key: HashMap<&str, Vec<&str>> = HashMap::new();
    for (slug, r) in record {
        for k in &r.spellings {
            owner_of_key.entry(k.as_str()).or_default().push(slug.as_str());
        }
    }
    let mut taken: HashSet<String> = HashSet::new();
    let mut slugs: Vec<Option<String>> = vec![None; topics.tags.len()];
    let mut merged_into: Vec<(String, usize)> = Vec::new();
    // Tags in index order (most articles first) choose first: the largest
    // of two that claim one old slug keeps it.
    for (t, tag_keys) in keys.iter().enumerate() {
        let mut candidates: Vec<&str> =
            tag_keys.iter().flat_map(|k| owner_of_key.get(k.as_str()).into_iter().flatten().copied()).collect();
        candidates.sort();
        candidates.dedup();
        // Its own slug of today first when it is one of them, then the rest.
        let own = topics.tags[t].slug.as_str();
        candidates.sort_by_key(|c| *c != own);
        let free: Vec<&str> = candidates.into_iter().filter(|c| !taken.contains(*c)).collect();
        if let Some((first, others)) = free.split_first() {
            taken.insert(first.to_string());
            slugs[t] = Some(first.to_string());
            for other in others {
                // Another published tag now inside this one: its URL leads here.
                taken.insert(other.to_string());
                merged_into.push((other.to_string(), t));
            }
        }
    }
    let recorded: HashSet<&str> = record.keys().map(String::as_str).collect();
    for (t, slug) in slugs.iter_mut().enumerate() {
        if slug.is_some() {
            continue;
        }
        let base = crate::slug::tag_slug(&topics.tags[t].name);
        let candidate = crate::slug::first_free(&base, 1, "", |c| taken.contains(c) || recorded.contains(c));
        taken.insert(candidate.clone());
        *slug = Some(candidate);
    }
    let mut next: BTreeMap<String, TagRecord> =
        record.iter().map(|(slug, r)| (slug.clone(), TagRecord { live: false, ..r.clone() })).collect();
    for (t, slug) in slugs.into_iter().enumerate() {
        let slug = slug.expect("every tag has a slug now");
        let entry = next.entry(slug.clone()).or_default();
        let mut spellings: Vec<String> = entry.spellings.iter().chain(&keys[t]).cloned().collect();
        spellings.sort();
        spellings.dedup();
        *entry = TagRecord { spellings, live: true };
        topics.tags[t].slug = slug;
    }
    merged_into.sort();
    (next, merged_into)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topics::Tag;

    fn topics(tags: &[(&str, &[&str])]) -> Topics {
        Topics {
            tags: tags
                .iter()
                .map(|(name, spellings)| Tag {
                    key: key(name),
                    name: name.to_string(),
                    slug: crate::slug::slugify(name),
                    spellings: spellings.iter().map(|s| s.to_string()).collect(),
                    members: vec![0],
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn a_tag_keeps_its_url_when_its_name_changes() {
        let mut first = topics(&[("كيم جونج أون", &["كيم جونج أون"]), ("روسيا", &["روسيا"])]);
        let (record, moved) = stabilize(&mut first, &BTreeMap::new());
        assert!(moved.is_empty());
        assert_eq!(first.tags[0].slug, "كيم-جونج-أون");
        // More articles now spell it جونغ: the name changes, the URL stays.
        let mut second = topics(&[("كيم جونغ أون", &["كيم جونغ أون", "كيم جونج أون"]), ("روسيا", &["روسيا"])]);
        let (record, _) = stabilize(&mut second, &record);
        assert_eq!(second.tags[0].slug, "كيم-جونج-أون");
        assert!(record["كيم-جونج-أون"].spellings.contains(&key("كيم جونغ أون")));
        // روسيا goes; a new tag whose name would give its slug does not take it.
        let mut third = topics(&[("كيم جونغ أون", &["كيم جونغ أون"]), ("روسيا!", &["روسيا!"])]);
        let (record, _) = stabilize(&mut third, &record);
        assert_eq!(third.tags[1].slug, "روسيا-2");
        assert!(!record["روسيا"].live && record["روسيا-2"].live);
    }

    #[test]
    fn two_published_tags_merged_keep_one_url_and_the_other_leads_to_it() {
        let mut first = topics(&[("نتنياهو", &["نتنياهو"]), ("نتانياهو", &["نتانياهو"])]);
        let (record, _) = stabilize(&mut first, &BTreeMap::new());
        let mut merged = topics(&[("نتنياهو", &["نتنياهو", "نتانياهو"])]);
        let (_, moved) = stabilize(&mut merged, &record);
        assert_eq!(merged.tags[0].slug, "نتنياهو");
        assert_eq!(moved, [("نتانياهو".to_string(), 0)]);
    }
}
