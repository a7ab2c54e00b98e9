//! Save-to-served latency of `warraq serve`:
//! `cargo run --release --example serve_latency -- [ARTICLES] [EDITS] [BIN]`
//! (defaults: 10,000 articles, 10 edits, `target/release/warraq`), or on an
//! existing site (a real archive written by `scripts/corpus_site.py`):
//! `cargo run --release --example serve_latency -- --site DIR [EDITS] [BIN]`.
//! `PAUSE_MS` is the time between edits (default 1200).
//!
//! Generates a synthetic archive (see `gen_corpus`) in a temp dir, or uses
//! the site given, starts the server on it, then edits one article (in the
//! middle of the archive, restored at the end) again and again (alternating a
//! body edit and a title edit) and times from the moment the file is
//! written to the moment the new text is served, polling every millisecond
//! on a kept-alive connection. The server's own "rebuilt" lines are shown.

#[path = "gen_corpus.rs"]
mod gen_corpus;
#[path = "support/http.rs"]
mod http;

use std::io::BufRead;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    let given = if args.peek().is_some_and(|a| a == "--site") {
        args.next();
        Some(std::path::PathBuf::from(args.next().expect("--site DIR")))
    } else {
        None
    };
    let n: usize = if given.is_some() { 0 } else { args.next().and_then(|s| s.parse().ok()).unwrap_or(10_000) };
    let edits: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    let pause_ms: u64 = std::env::var("PAUSE_MS").ok().and_then(|s| s.parse().ok()).unwrap_or(1200);
    let bin = args.next().unwrap_or_else(|| {
        let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
        format!("{target}/release/warraq")
    });
    let dir = tempfile::tempdir().unwrap();
    let (site, articles) = match given {
        Some(site) => {
            let mut articles: Vec<String> = walkdir::WalkDir::new(site.join("content/articles"))
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
                .map(|e| e.path().strip_prefix(&site).unwrap().to_string_lossy().into_owned())
                .collect();
            articles.sort();
            println!("{} articles in {}", articles.len(), site.display());
            (site, articles)
        }
        None => {
            let site = dir.path().join("site");
            let t = Instant::now();
            let articles = gen_corpus::generate(n, &site, None, None, false);
            println!("generated {n} articles in {:.1} s", t.elapsed().as_secs_f64());
            (site, articles)
        }
    };
    let n = articles.len();

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let started = Instant::now();
    let mut child = Command::new(&bin)
        .arg("--site")
        .arg(&site)
        .args(["serve", "--port", &port.to_string()])
        .env("TMPDIR", dir.path())
        .env("WARRAQ_TIMINGS", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("{bin}: {e} (build it with cargo build --release)"));
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            println!("  server: {line}");
        }
    });
    let mut conn = loop {
        if let Ok(mut c) = http::Conn::open(port) {
            if c.get("/").map(|r| r.0 == 200).unwrap_or(false) {
                break c;
            }
        }
        assert!(started.elapsed() < Duration::from_secs(300), "server did not come up");
        std::thread::sleep(Duration::from_millis(20));
    };
    println!("server up and first build served after {:.2} s", started.elapsed().as_secs_f64());

    // An article in the middle of the archive.
    let rel = &articles[n / 2];
    let file = site.join(rel);
    let parts: Vec<&str> = rel.trim_start_matches("content/articles/").split('/').collect();
    let slug = parts[2].trim_end_matches(".md").split_once('-').unwrap().1;
    let url = warraq::slug::encode_path(&format!("/{}/{}/{slug}/", parts[0], parts[1]));
    let original = std::fs::read_to_string(&file).unwrap();
    let mut times = Vec::new();
    for k in 0..edits {
        // An editor looks at the page between saves (and the server checks
        // a provisional grouping once things are quiet: `Engine::settle`).
        // PAUSE_MS sets how long (default 1200 ms).
        std::thread::sleep(Duration::from_millis(pause_ms));
        // Arabic letters only: Latin text would be wrapped in <bdi>.
        let marker: String = format!("{k}{}", std::process::id())
            .bytes()
            .map(|d| ['ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز'][(d - b'0') as usize])
            .collect();
        let marker = format!("علامة{marker}");
        let text = if k % 2 == 0 {
            format!("{original}\nفقرة جديدة {marker}.\n")
        } else {
            original.replacen("title = \"", &format!("title = \"{marker} "), 1)
        };
        std::fs::write(&file, text).unwrap();
        let saved = Instant::now();
        loop {
            let (status, body) = conn.get(&url).unwrap();
            if status == 200 && String::from_utf8_lossy(&body).contains(&marker) {
                break;
            }
            assert!(saved.elapsed() < Duration::from_secs(30), "edit {k} never served");
            std::thread::sleep(Duration::from_millis(1));
        }
        let took = saved.elapsed();
        std::thread::sleep(Duration::from_millis(50)); // let the server line print first
        println!("edit {k} ({}): served after {} ms", if k % 2 == 0 { "body" } else { "title" }, took.as_millis());
        times.push(took);
    }
    std::fs::write(&file, original).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    times.sort();
    if !times.is_empty() {
        println!(
            "save-to-served on {n} articles: median {} ms, min {} ms, max {} ms ({} edits)",
            times[times.len() / 2].as_millis(),
            times[0].as_millis(),
            times[times.len() - 1].as_millis(),
            times.len()
        );
    }
    let _ = child.kill();
    let _ = child.wait();
}
