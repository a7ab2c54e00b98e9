//! Stage benchmarks: `cargo bench --bench stages` (criterion).
//!
//! One synthetic corpus (tools/gen_corpus.rs, 2,000 articles) measured
//! stage by stage: parsing one article file, rendering one article's
//! Markdown, grouping all articles by topic, loading the whole content
//! directory (parallel), and rendering pages (an article, a tag page, a home
//! page, a tag feed). Whole builds are measured by scripts/bench.sh.

#[path = "../tools/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

use criterion::{criterion_main, BatchSize, Criterion};
use std::hint::black_box;
use warraq::build::{prepare, BuildOptions};
use warraq::render::{Job, Renderer};

const ARTICLES: usize = 2_000;

fn stages(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let site_dir = dir.path().join("site");
    let paths = gen_corpus::generate(ARTICLES, &site_dir, None, None, false);
    let sample = &paths[ARTICLES / 2];
    let text = std::fs::read_to_string(site_dir.join(sample)).unwrap();

    c.bench_function("content parse (one article)", |b| {
        b.iter(|| warraq::content::parse_article(black_box(sample), black_box(&text)).unwrap())
    });
    c.bench_function(&format!("content load ({ARTICLES} files, parallel)"), |b| {
        b.iter(|| warraq::content::load(&site_dir).unwrap())
    });

    let content = warraq::content::load(&site_dir).unwrap();
    let body = &*content.articles[0].body.text();
    c.bench_function("markdown render (one article)", |b| b.iter(|| warraq::markdown::render(black_box(body), false)));

    let config = warraq::config::Config::load(&site_dir).unwrap();
    c.bench_function(&format!("topics group ({ARTICLES} articles)"), |b| {
        b.iter(|| warraq::topics::group(black_box(&content.articles), &config.topics))
    });

    let prepared = prepare(&site_dir, &BuildOptions::default()).unwrap();
    c.bench_function(&format!("renderer setup ({ARTICLES} articles)"), |b| {
        b.iter_batched(|| (), |_| Renderer::new(&prepared.site, &prepared.theme).unwrap(), BatchSize::LargeInput)
    });
    let renderer = Renderer::new(&prepared.site, &prepared.theme).unwrap();
    let biggest_tag =
        (0..prepared.site.topics.tags.len()).max_by_key(|&t| prepared.site.topics.tags[t].members.len()).unwrap();
    for (name, job) in [
        ("page render: article", Job::Article(ARTICLES / 2)),
        ("page render: home page 2", Job::Home(2)),
        ("page render: tag page 2 (largest tag)", Job::Tag(biggest_tag, 2)),
        ("page render: tag feed (largest tag)", Job::TagFeed(biggest_tag)),
        ("page render: site feed", Job::SiteFeed),
    ] {
        c.bench_function(name, |b| b.iter(|| renderer.render(black_box(&job)).unwrap()));
    }
}

/// The benchmark group, with fewer and shorter samples than criterion's
/// defaults. Written out rather than with `criterion_group!`, whose
/// `pub fn` cannot carry a doc comment (the crate has `missing_docs`).
fn benches() {
    let mut criterion =
        Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3)).configure_from_args();
    stages(&mut criterion);
}
criterion_main!(benches);
