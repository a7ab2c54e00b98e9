//! A dependency-free fuzz loop for the raw-article parser, for machines
//! without cargo-fuzz: feeds mutated seeds and fixtures (and random
//! Arabic-ish text) to `parse`, checks it neither panics nor slows down.
//!
//! cargo run --release --example fuzz_parse -- [ITERATIONS] [SEED]

use std::time::{Duration, Instant};
use warraq::config::IngestConfig;
use warraq::ingest::parse::parse;

#[path = "gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;
use gen_corpus::Rng;

/// Fragments that exercise every pass: markers, dates, credits, punctuation.
const PIECES: &[&str] = &[
    "\n",
    "\n\n",
    " ",
    "إقرأ أيضاً:",
    "المصدر:",
    "المصدر",
    "الوسوم",
    "كلمات دلالية:",
    "(",
    ")",
    " - Reuters",
    "(Getty)",
    "14 سبتمبر 2023",
    "٣ تموز ٢٠٢٢",
    "2 شوال 1444 هـ",
    "الموافق",
    "05/10/2023",
    "2023-10-05T09:15:00+03:00",
    "09:15 م",
    "GMT+3",
    "+ الخط -",
    "المساهمون",
    "تصنيفات",
    "Related",
    "اعلان",
    "سول -رويترز",
    "(فرانس برس، رويترز)",
    "*",
    "_",
    "#",
    "1.",
    "-",
    "<",
    "[",
    "\\",
    "&",
    "`",
    "کوریا الشمالیة",
    "كوريا الشمالية",
    "بوتين",
    ".",
    "،",
    "؟",
    "…",
    "\u{a0}",
    "\u{200f}",
    "\u{64b}",
    "ـ",
    "المناطق_ متابعات",
    "أول زيارة منذ 24 عاماً",
    "\t",
    "99999999999",
    ":",
    "/",
    "ذو الحجة",
];

fn mutate(rng: &mut Rng, base: &str) -> String {
    let mut chars: Vec<char> = base.chars().collect();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(chars.len() + 1);
        match rng.below(6) {
            0 => {
                let piece = PIECES[rng.below(PIECES.len())];
                chars.splice(at..at, piece.chars());
            }
            1 if !chars.is_empty() => {
                let end = (at + rng.below(200)).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            2 if !chars.is_empty() => {
                let i = rng.below(chars.len());
                chars[i] = char::from_u32(rng.below(0x700) as u32).unwrap_or('ا');
            }
            3 => {
                // Duplicate a stretch (repeated lines, repeated captions).
                let start = rng.below(chars.len() + 1);
                let end = (start + rng.below(300)).min(chars.len());
                let copy: Vec<char> = chars[start..end].to_vec();
                chars.splice(at..at, copy);
            }
            4 => {
                let c = ['\n', ' ', '.', ':', '-', '(', ')', '\u{0}', '\u{1}', '\u{fffd}'][rng.below(10)];
                chars.insert(at, c);
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

fn random_text(rng: &mut Rng) -> String {
    (0..rng.below(60)).map(|_| PIECES[rng.below(PIECES.len())]).collect::<Vec<_>>().join(" ")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let iterations: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(0x9e37_79b9_7f4a_7c15);
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/raw");
    let mut corpus: Vec<String> = Vec::new();
    for dir in [root.to_string(), format!("{root}/seeds")] {
        for e in std::fs::read_dir(&dir).expect("fixtures").flatten() {
            if e.path().extension().is_some_and(|x| x == "txt") {
                corpus.push(std::fs::read_to_string(e.path()).unwrap_or_default());
            }
        }
    }
    let config = IngestConfig {
        debris: vec!["حمل التطبيق".into()],
        cut_markers: vec!["الأكثر قراءة".into()],
        ..Default::default()
    };
    let mut rng = Rng(seed | 1);
    let start = Instant::now();
    let (mut ok, mut err, mut slowest) = (0u64, 0u64, Duration::ZERO);
    for i in 0..iterations {
        let text = if i % 10 == 0 {
            random_text(&mut rng)
        } else {
            let base = rng.below(corpus.len());
            mutate(&mut rng, &corpus[base])
        };
        let t = Instant::now();
        match parse(&text, &config) {
            Ok(p) => {
                assert!(!p.body.trim().is_empty(), "empty body for input {text:?}");
                ok += 1;
            }
            Err(_) => err += 1,
        }
        let took = t.elapsed();
        if took > slowest {
            slowest = took;
        }
        assert!(took < Duration::from_millis(500), "slow input ({took:?}): {text:?}");
    }
    // Throughput on the unmodified seeds and fixtures.
    let t = Instant::now();
    let mut n = 0;
    while t.elapsed() < Duration::from_secs(2) {
        for text in &corpus {
            let _ = parse(text, &config);
            n += 1;
        }
    }
    let rate = n as f64 / t.elapsed().as_secs_f64();
    // Linear time on a 10 MB single line, with keyword lines to segment.
    let big = format!(
        "عنوان\n{}\nكلمات دلالية: كوريا الشمالية روسيا بوتين\n",
        "زار بوتين كوريا الشمالية، وقال إن روسيا *ستدعم* [حليفتها]. ".repeat(10 << 20 >> 7)
    );
    let t = Instant::now();
    let parsed = parse(&big, &config).expect("the big article parses");
    println!("{} MB single line: {:?} ({} keywords)", big.len() >> 20, t.elapsed(), parsed.keywords.len());
    println!(
        "{iterations} inputs in {:?}: {ok} parsed, {err} rejected, slowest {slowest:?}; {rate:.0} corpus files/s",
        start.elapsed()
    );
}
