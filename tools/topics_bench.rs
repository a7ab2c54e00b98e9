//! Times `topics::group` on a synthetic archive of 10,000 articles (2–6 tags
//! each from a pool of 300, bodies of 4–9 paragraphs), or on a real site's
//! articles (`--site DIR`, such as one written by `scripts/corpus_site.py`;
//! `--limit N` keeps its first N articles).
//!
//! `cargo run --release --example topics_bench [ARTICLES]`
//! `cargo run --release --example topics_bench -- --site DIR [--limit N] [--runs N]`

use std::time::Instant;
use warraq::config::TopicsConfig;
use warraq::content::Article;
use warraq::date::PubDate;

/// Deterministic xorshift, so every run times the same archive.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SYLLABLES: &[&str] = &[
    "با", "تو", "سي", "كا", "لو", "مي", "نا", "را", "دي", "فو", "جا", "حي", "خو", "زا", "شي", "صو", "طا", "عي", "غو",
    "قا",
];
const WORDS: &[&str] = &[
    "الحكومة",
    "قال",
    "في",
    "من",
    "إلى",
    "على",
    "أن",
    "الرئيس",
    "وزير",
    "الاقتصاد",
    "الحرب",
    "السلام",
    "المفاوضات",
    "الأسعار",
    "الانتخابات",
    "البرلمان",
    "المواطنين",
    "الجيش",
    "الأمن",
    "المساعدات",
    "الطاقة",
    "النفط",
    "الغاز",
    "المياه",
    "الزراعة",
    "التعليم",
    "الصحة",
    "المستشفى",
    "الشرطة",
    "المحكمة",
    "القرار",
    "الاتفاق",
    "الأزمة",
    "اليوم",
    "أمس",
    "الأسبوع",
    "خلال",
    "بعد",
    "قبل",
    "بين",
    "مع",
    "وأضاف",
    "وأكد",
    "مصادر",
    "محلية",
    "دولية",
    "عربية",
    "جديدة",
];

fn name(rng: &mut Rng) -> String {
    let words = 1 + rng.below(3);
    (0..words)
        .map(|_| (0..2 + rng.below(3)).map(|_| SYLLABLES[rng.below(SYLLABLES.len())]).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

fn archive(n: usize) -> Vec<Article> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let pool: Vec<String> = (0..300).map(|_| name(&mut rng)).collect();
    (0..n)
        .map(|i| {
            let tags: Vec<String> = (0..2 + rng.below(5)).map(|_| pool[rng.below(pool.len())].clone()).collect();
            let mut body = String::new();
            for _ in 0..4 + rng.below(6) {
                for w in 0..30 + rng.below(30) {
                    if w % 9 == 4 {
                        body.push_str(&tags[rng.below(tags.len())]);
                    } else {
                        body.push_str(WORDS[rng.below(WORDS.len())]);
                    }
                    body.push(if w % 12 == 11 { '،' } else { ' ' });
                }
                body.push_str(".\n\n");
            }
            let day = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap() + chrono::Days::new((i % 3650) as u64);
            Article {
                path: format!("content/articles/{i:05}.md"),
                title: format!("{} {} {}", WORDS[rng.below(WORDS.len())], tags[0], WORDS[rng.below(WORDS.len())]),
                date: Some(PubDate::Day(day)),
                tags,
                slug: format!("a{i}"),
                body: body.into(),
                body_line: 1,
                ..Default::default()
            }
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1));
    let (articles, config) = match flag("--site") {
        Some(dir) => {
            let site = std::path::Path::new(dir);
            let config = warraq::config::Config::load(site).unwrap_or_else(|e| panic!("{e}"));
            let t = Instant::now();
            let mut articles = warraq::content::load(site).unwrap_or_else(|e| panic!("{:?}", e.first())).articles;
            if let Some(limit) = flag("--limit").and_then(|l| l.parse().ok()) {
                articles.truncate(limit);
            }
            println!("loaded {} articles in {:.2} s", articles.len(), t.elapsed().as_secs_f64());
            (articles, config.topics)
        }
        None => {
            let n: usize = args.first().and_then(|s| s.parse().ok()).unwrap_or(10_000);
            (archive(n), TopicsConfig::default())
        }
    };
    let n = articles.len();
    let words: usize = articles.iter().map(|a| a.body.text().split_whitespace().count()).sum();
    let thin = articles.iter().filter(|a| a.tags.len() < 3).count();
    println!("{n} articles, {words} body words, {thin} with fewer than 3 tags");
    let runs: usize = flag("--runs").and_then(|r| r.parse().ok()).unwrap_or(3);
    let mut best = f64::MAX;
    for run in 0..runs {
        let t = Instant::now();
        let topics = warraq::topics::group(&articles, &config);
        let s = t.elapsed().as_secs_f64();
        best = best.min(s);
        println!(
            "run {run}: {:.3} s — {} tags, {} related lists",
            s,
            topics.tags.len(),
            topics.related.iter().filter(|r| !r.is_empty()).count()
        );
    }
    println!("best: {best:.3} s");
}
