//! Load check against a running `warraq serve`:
//! `cargo run --release --example serve_load -- PORT [REQUESTS] [CONNECTIONS] [PATH...]`
//! (defaults: 2000 requests, 64 kept-alive connections, `/`, `/atom.xml`,
//! `/tags/`). Exits non-zero on any error or unexpected status.

#[path = "support/http.rs"]
mod http;

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let port: u16 =
        args.next().and_then(|s| s.parse().ok()).expect("usage: serve_load PORT [REQUESTS] [CONNECTIONS] [PATH...]");
    let total: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(2000);
    let conns: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(64);
    let mut paths: Vec<String> = args.collect();
    if paths.is_empty() {
        paths = vec!["/".into(), "/atom.xml".into(), "/tags/".into()];
    }
    let started = Instant::now();
    let handles: Vec<_> = (0..conns)
        .map(|c| {
            let paths = paths.clone();
            std::thread::spawn(move || -> Result<(usize, usize), String> {
                let mut conn = http::Conn::open(port).map_err(|e| e.to_string())?;
                let mine = total / conns + usize::from(c < total % conns);
                let mut bytes = 0;
                for k in 0..mine {
                    let path = &paths[(c + k) % paths.len()];
                    let (status, body) = conn.get(path).map_err(|e| format!("{path}: {e}"))?;
                    if status != 200 {
                        return Err(format!("{path}: status {status}"));
                    }
                    bytes += body.len();
                }
                Ok((mine, bytes))
            })
        })
        .collect();
    let (mut done, mut bytes, mut errors) = (0, 0, Vec::new());
    for h in handles {
        match h.join().unwrap() {
            Ok((n, b)) => {
                done += n;
                bytes += b;
            }
            Err(e) => errors.push(e),
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{done} requests over {conns} connections in {secs:.2} s: {:.0} req/s, {:.1} MB/s, {} errors",
        done as f64 / secs,
        bytes as f64 / secs / 1e6,
        errors.len()
    );
    if !errors.is_empty() {
        for e in errors.iter().take(5) {
            eprintln!("error: {e}");
        }
        std::process::exit(1);
    }
}
