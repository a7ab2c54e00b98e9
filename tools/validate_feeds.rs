//! CI gate: parses every Atom feed under the given output directories with
//! the independent `feed-rs` parser, parses the sitemaps (the sitemap or the
//! sitemap index and its parts, and the news sitemap) with `quick-xml`,
//! checks that no sitemap file holds more than 50,000 URLs and that every
//! sitemap URL points at a page that exists. Exit status 1 on any problem.
//!
//! `validate_feeds [--sitemaps-only] DIR...`

use std::path::Path;

/// The text of every element named `name` in `xml`, or why it does not parse.
fn texts(xml: &str, name: &str) -> Result<Vec<String>, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut out, mut inside) = (Vec::new(), false);
    loop {
        match reader.read_event().map_err(|e| format!("not well-formed XML: {e}"))? {
            quick_xml::events::Event::Start(e) => inside = e.name().as_ref() == name.as_bytes(),
            quick_xml::events::Event::Text(t) if inside => {
                out.push(t.decode().map_err(|e| e.to_string())?.into_owned())
            }
            quick_xml::events::Event::End(_) => inside = false,
            quick_xml::events::Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Whether the site in `dir` has a page at the absolute URL `loc`.
fn has_page(dir: &Path, loc: &str) -> bool {
    let path = loc.splitn(4, '/').nth(3).unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy().to_string();
    // The site may live under a base path: try the path with leading segments removed.
    let segments: Vec<&str> = decoded.split('/').collect();
    (0..segments.len()).any(|k| dir.join(segments[k..].join("/")).join("index.html").is_file())
}

/// Checks the sitemaps of `dir`; returns (URLs listed, problems).
fn check_sitemaps(dir: &Path) -> (usize, usize) {
    let (mut urls, mut problems) = (0, 0);
    let mut report = |what: String| {
        eprintln!("{}: {what}", dir.display());
        problems += 1;
    };
    let read = |name: &str| std::fs::read_to_string(dir.join(name));
    let Ok(sitemap) = read("sitemap.xml") else {
        report("no sitemap.xml".into());
        return (0, problems);
    };
    // A sitemap index names its parts; a plain sitemap is its own only part.
    let mut files = vec![("sitemap.xml".to_string(), sitemap.clone())];
    if sitemap.contains("<sitemapindex") {
        files.clear();
        match texts(&sitemap, "loc") {
            Ok(parts) => {
                for loc in parts {
                    let name = loc.rsplit('/').next().unwrap_or("").to_string();
                    match read(&name) {
                        Ok(text) => files.push((name, text)),
                        Err(e) => report(format!("sitemap index names {loc}, which cannot be read: {e}")),
                    }
                }
            }
            Err(e) => report(format!("sitemap.xml: {e}")),
        }
    }
    for (name, text) in &files {
        match texts(text, "loc") {
            Ok(locs) => {
                if locs.len() > 50_000 {
                    report(format!("{name} lists {} URLs (at most 50,000 are allowed)", locs.len()));
                }
                for loc in &locs {
                    if !has_page(dir, loc) {
                        report(format!("{name}: URL {loc} has no page"));
                    }
                }
                urls += locs.len();
            }
            Err(e) => report(format!("{name}: {e}")),
        }
    }
    match read("news-sitemap.xml").map(|t| texts(&t, "news:title")) {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => report(format!("news-sitemap.xml: {e}")),
        Err(e) => report(format!("news-sitemap.xml: {e}")),
    }
    println!("{}: {urls} URLs in {} sitemap file(s)", dir.display(), files.len());
    (urls, problems)
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let sitemaps_only = args.first().is_some_and(|a| a == "--sitemaps-only");
    if sitemaps_only {
        args.remove(0);
    }
    let mut feeds = 0;
    let mut failures = 0;
    for dir in &args {
        let dir = Path::new(dir);
        if !sitemaps_only {
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
        }
        failures += check_sitemaps(dir).1;
    }
    println!("{feeds} feeds parsed, {failures} problems");
    if failures > 0 || (feeds == 0 && !sitemaps_only) {
        std::process::exit(1);
    }
}
