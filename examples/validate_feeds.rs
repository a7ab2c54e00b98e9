//! CI gate: parses every Atom feed under the given output directories with
//! the independent `feed-rs` parser, and checks every sitemap URL points at
//! a page that exists. Exit status 1 on the first problem.

use std::path::Path;

fn main() {
    let mut feeds = 0;
    let mut failures = 0;
    for dir in std::env::args().skip(1) {
        let dir = Path::new(&dir);
        for entry in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
            if entry.file_name() != "atom.xml" {
                continue;
            }
            let bytes = std::fs::read(entry.path()).expect("read feed");
            match feed_rs::parser::parse(&bytes[..]) {
                Ok(feed) => {
                    feeds += 1;
                    for e in &feed.entries {
                        if e.links.is_empty() || e.published.is_none() || e.title.is_none() {
                            eprintln!("{}: entry {} lacks a link, date or title", entry.path().display(), e.id);
                            failures += 1;
                        }
                    }
                }
                Err(err) => {
                    eprintln!("{}: {err}", entry.path().display());
                    failures += 1;
                }
            }
        }
        let sitemap = std::fs::read_to_string(dir.join("sitemap.xml")).expect("sitemap.xml");
        for loc in sitemap.split("<loc>").skip(1).filter_map(|s| s.split("</loc>").next()) {
            let path = loc.splitn(4, '/').nth(3).unwrap_or("");
            let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy().to_string();
            // The site may live under a base path: try the path with leading segments removed.
            let segments: Vec<&str> = decoded.split('/').collect();
            let found = (0..segments.len()).any(|k| dir.join(segments[k..].join("/")).join("index.html").is_file());
            if !found {
                eprintln!("{}: sitemap URL {loc} has no page", dir.display());
                failures += 1;
            }
        }
    }
    println!("{feeds} feeds parsed, {failures} problems");
    if failures > 0 || feeds == 0 {
        std::process::exit(1);
    }
}
