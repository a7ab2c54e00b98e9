//! Topics (provisional exact-key grouping; replaced by the topics branch).

use crate::arabic::key;
use crate::config::TopicsConfig;
use crate::content::Article;
use crate::slug::slugify;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub key: String,
    pub name: String,
    pub slug: String,
    pub spellings: Vec<String>,
    pub members: Vec<usize>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Topics {
    pub tags: Vec<Tag>,
    pub article_tags: Vec<Vec<usize>>,
    pub related: Vec<Vec<usize>>,
}

pub fn group(articles: &[Article], _config: &TopicsConfig) -> Topics {
    let mut by_key: BTreeMap<String, Tag> = BTreeMap::new();
    for (i, a) in articles.iter().enumerate() {
        for t in &a.tags {
            let k = key(t);
            let tag = by_key.entry(k.clone()).or_insert_with(|| Tag {
                key: k,
                name: t.clone(),
                slug: slugify(t),
                spellings: vec![],
                members: vec![],
            });
            if !tag.members.contains(&i) {
                tag.members.push(i);
            }
        }
    }
    let tags: Vec<Tag> = by_key.into_values().collect();
    let mut article_tags = vec![Vec::new(); articles.len()];
    for (ti, t) in tags.iter().enumerate() {
        for &m in &t.members {
            article_tags[m].push(ti);
        }
    }
    Topics { tags, article_tags, related: vec![Vec::new(); articles.len()] }
}

pub fn by_count(topics: &Topics) -> Vec<usize> {
    let mut v: Vec<usize> = (0..topics.tags.len()).collect();
    v.sort_by(|&a, &b| topics.tags[b].members.len().cmp(&topics.tags[a].members.len()).then(a.cmp(&b)));
    v
}

pub fn by_name(topics: &Topics) -> Vec<usize> {
    let mut v: Vec<usize> = (0..topics.tags.len()).collect();
    v.sort_by(|&a, &b| topics.tags[a].key.cmp(&topics.tags[b].key));
    v
}
