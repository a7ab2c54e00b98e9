//! Integration tests of `warraq serve`: the real binary on a free port,
//! spoken to with a minimal HTTP/1.1 client over `TcpStream` (no extra
//! dependency; the same client drives the load check).

use crate::common;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- client

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Reads one response (Content-Length or chunked) from a kept-alive stream.
fn read_response(r: &mut BufReader<TcpStream>) -> std::io::Result<Response> {
    let mut line = String::new();
    r.read_line(&mut line)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        r.read_line(&mut h)?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let get = |n: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(n)).map(|(_, v)| v.clone());
    let mut body = Vec::new();
    if get("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        loop {
            let mut size = String::new();
            r.read_line(&mut size)?;
            let n = usize::from_str_radix(size.trim(), 16).map_err(std::io::Error::other)?;
            let mut chunk = vec![0; n + 2];
            r.read_exact(&mut chunk)?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
    } else if let Some(len) = get("content-length") {
        body = vec![0; len.parse().map_err(std::io::Error::other)?];
        r.read_exact(&mut body)?;
    } else {
        r.read_to_end(&mut body)?;
    }
    Ok(Response { status, headers, body })
}

/// One request on a fresh connection; `path` is sent exactly as given.
fn get(port: u16, path: &str) -> Response {
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut w = stream.try_clone().unwrap();
    write!(w, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").unwrap();
    let mut r = BufReader::new(stream);
    match read_response(&mut r) {
        Ok(res) => res,
        // hyper may close at once on a request line it will not parse.
        Err(e) => Response { status: 0, headers: vec![], body: e.to_string().into_bytes() },
    }
}

// ---------------------------------------------------------------- server

/// Kills the server when the test ends, passed or not.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts `warraq serve` on `site`; its temp dir (the served copy) goes
/// under `tmp`, its output into `tmp/serve.log`.
fn start(site: &Path, tmp: &Path) -> Server {
    start_with(site, tmp, &tmp.join("serve.log"), &[], &[])
}

/// How long a test waits for the server to do something. Tests assert what
/// is served and in which order, not how fast: a loaded CI machine may take
/// seconds for what takes 150 ms here. Speed is measured by the benchmarks
/// (`tools/serve_latency.rs`, docs/benchmarks.md).
const PATIENCE: Duration = Duration::from_secs(30);

/// Polls `path` until its body satisfies `ok`; returns the time it took.
fn wait_for(port: u16, path: &str, limit: Duration, ok: impl Fn(&Response) -> bool) -> Duration {
    let started = Instant::now();
    loop {
        let res = get(port, path);
        if ok(&res) {
            return started.elapsed();
        }
        assert!(started.elapsed() < limit, "{path} not updated within {limit:?}:\n{}", res.text());
        std::thread::sleep(Duration::from_millis(10));
    }
}

// ---------------------------------------------------------------- fixture

const TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        "<!doctype html>\n<html lang=\"ar\" dir=\"rtl\">\n<head><meta charset=\"utf-8\"><title>{% block title %}{{ site.title }}{% endblock %}</title>\n<link rel=\"stylesheet\" href=\"{{ css_url }}\"></head>\n<body>\n{% block content %}{% endblock %}\n</body>\n</html>\n",
    ),
    (
        "index.html",
        "{% extends \"base.html\" %}{% block content %}<ul>{% for a in articles %}<li><a href=\"{{ a.url }}\">{{ a.title }}</a> {{ a.summary }}</li>{% endfor %}</ul>{% endblock %}",
    ),
    (
        "article.html",
        "{% extends \"base.html\" %}{% block title %}{{ article.title }}{% endblock %}{% block content %}<article><h1>{{ article.title }}</h1>{% if article.draft %}<p>مسودة</p>{% endif %}{{ article.content }}</article>{% if article.prev %}<a rel=\"prev\" href=\"{{ article.prev.url }}\">{{ article.prev.title }}</a>{% endif %}{% if article.next %}<a rel=\"next\" href=\"{{ article.next.url }}\">{{ article.next.title }}</a>{% endif %}{% endblock %}",
    ),
    (
        "tags.html",
        "{% extends \"base.html\" %}{% block content %}{% for t in tags_by_name %}<a href=\"{{ t.url }}\">{{ t.name }}</a>{% endfor %}{% endblock %}",
    ),
    (
        "tag.html",
        "{% extends \"base.html\" %}{% block title %}{{ tag.name }}{% endblock %}{% block content %}<h1>{{ tag.name }}</h1>{% for a in articles %}<a href=\"{{ a.url }}\">{{ a.title }}</a>{% endfor %}{% endblock %}",
    ),
    (
        "archive.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ archive.title }}</h1>{% for a in articles %}<a href=\"{{ a.url }}\">{{ a.title }}</a>{% endfor %}{% endblock %}",
    ),
    ("page.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>{{ page.content }}{% endblock %}"),
    ("404.html", "{% extends \"base.html\" %}{% block title %}غير موجود{% endblock %}{% block content %}<h1>الصفحة غير موجودة</h1>{% endblock %}"),
];

/// The fixture site with its own minimal theme, in a temp dir:
/// (temp dir, site dir, dir for the server's TMPDIR).
fn fixture() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    common::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site"), &site);
    fs::create_dir_all(site.join("templates")).unwrap();
    for (name, text) in TEMPLATES {
        fs::write(site.join("templates").join(name), text).unwrap();
    }
    fs::create_dir_all(site.join("static/fonts")).unwrap();
    fs::write(site.join("static/style.css"), "body { direction: rtl }\n").unwrap();
    fs::write(site.join("static/fonts/naskh.woff2"), b"wOF2\0\0\0\0").unwrap();
    let tmp = dir.path().join("tmp");
    fs::create_dir_all(&tmp).unwrap();
    (dir, site, tmp)
}

/// The overlay element (the script mentions its id too, unquoted).
const OVERLAY: &str = "id=\"__warraq-error\"";

const ARTICLE: &str = "content/articles/2023/09/14-دعوة.md";

use warraq::slug::encode_path as encode;

// ---------------------------------------------------------------- tests

#[test]
fn serves_the_built_site_with_types_arabic_paths_and_404() {
    let (_dir, site, tmp) = fixture();
    let server = start(&site, &tmp);
    let port = server.port;

    let home = get(port, "/");
    assert_eq!(home.status, 200, "{}", home.text());
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
    let html = home.text();
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"), "{html}");
    assert!(html.contains("new EventSource(\"/__warraq/events\")"), "live-reload script missing: {html}");
    assert!(html.find("__warraq-live").unwrap() < html.find("</body>").unwrap());

    // An Arabic tag page by its percent-encoded URL, and its directory redirect.
    let tag = encode("/tags/روسيا/");
    let res = get(port, &tag);
    assert_eq!(res.status, 200, "{tag}: {}", res.text());
    assert!(res.text().contains("<h1>روسيا</h1>"), "{}", res.text());
    let res = get(port, tag.trim_end_matches('/'));
    assert!(matches!(res.status, 301 | 302 | 307 | 308), "{}", res.status);
    assert_eq!(res.header("location"), Some(tag.as_str()));

    // Article pages: drafts are served too (marked as drafts).
    let res = get(port, &encode("/2024/03/مسودة/"));
    assert_eq!(res.status, 200);
    assert!(res.text().contains("مسودة"));

    let feed = get(port, "/atom.xml");
    assert_eq!(feed.status, 200);
    assert_eq!(feed.header("content-type"), Some("application/atom+xml; charset=utf-8"));
    assert!(!feed.text().contains("__warraq"));
    let res = get(port, &format!("{}atom.xml", encode("/tags/روسيا/")));
    assert_eq!(res.header("content-type"), Some("application/atom+xml; charset=utf-8"));
    assert_eq!(get(port, "/sitemap.xml").header("content-type"), Some("application/xml; charset=utf-8"));
    let css = get(port, "/style.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.text(), "body { direction: rtl }\n");
    assert_eq!(get(port, "/fonts/naskh.woff2").header("content-type"), Some("font/woff2"));

    let missing = get(port, "/2023/09/no-such-article/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(missing.text().contains("الصفحة غير موجودة"), "{}", missing.text());
    assert_eq!(get(port, "/__warraq/nothing").status, 404);
}

#[test]
fn refuses_paths_outside_the_served_directory() {
    let (_dir, site, tmp) = fixture();
    // Secrets next to the served directory (TMPDIR/warraq-serve-PID/site),
    // one and two levels up, and the site's own sources.
    fs::write(tmp.join("secret.txt"), "TOP-SECRET").unwrap();
    let server = start(&site, &tmp);
    let port = server.port;
    let work = fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with("warraq-serve-"))
        .expect("serve dir under TMPDIR");
    fs::write(work.join("secret.txt"), "TOP-SECRET").unwrap();
    assert_eq!(get(port, "/").status, 200);
    let attempts = [
        "/../secret.txt",
        "/../../secret.txt",
        "/../../site/site.toml",
        "/tags/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/.%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%2F..%2Fsecret.txt",
        "/..%5csecret.txt",
        "/..%5c..%5csecret.txt",
        "/..\\secret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/%2e%2e%2f%2e%2e%2fsecret.txt",
        "//../secret.txt",
        "/./../secret.txt",
    ];
    for path in attempts {
        let res = get(port, path);
        assert!(matches!(res.status, 0 | 400 | 404), "{path}: status {} (must be refused)\n{}", res.status, res.text());
        assert!(!res.text().contains("TOP-SECRET"), "{path} leaked a file outside the served dir");
        assert!(!res.text().contains("base_url"), "{path} leaked site.toml");
    }
}

#[test]
fn edits_rebuild_live_and_errors_show_then_clear() {
    let (_dir, site, tmp) = fixture();
    let server = start(&site, &tmp);
    let port = server.port;
    let page = encode("/2023/09/دعوة/");
    assert_eq!(get(port, &page).status, 200);

    // An edited body is served without a restart.
    let path = site.join(ARTICLE);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, format!("{text}\nفقرة أضيفت أثناء المعاينة.\n")).unwrap();
    let took = wait_for(port, &page, PATIENCE, |r| r.text().contains("فقرة أضيفت أثناء المعاينة"));
    eprintln!("edit served after {took:?}");

    // A title edit reaches the lists that show it (home, tag page).
    let edited = text.replacen("title = \"", "title = \"عاجل: ", 1);
    fs::write(&path, &edited).unwrap();
    wait_for(port, &encode("/tags/روسيا/"), PATIENCE, |r| r.text().contains("عاجل: "));
    // Fifth newest of the fixture (3 per page): on the second home page.
    assert!(get(port, "/page/2/").text().contains("عاجل: "));

    // A broken template: error overlay with file and line, old pages kept.
    let base = site.join("templates/article.html");
    let good = fs::read_to_string(&base).unwrap();
    fs::write(&base, "{% extends \"base.html\" %}\n{% block content %}\n{{ article.title }\n{% endblock %}\n").unwrap();
    wait_for(port, &page, PATIENCE, |r| r.text().contains(OVERLAY));
    let res = get(port, &page);
    assert_eq!(res.status, 200);
    let html = res.text();
    assert!(html.contains("templates/article.html:3"), "{html}");
    assert!(html.contains("عاجل: "), "the last good build is still served");
    assert!(get(port, "/").text().contains(OVERLAY), "every HTML page shows the error");
    // The event stream tells a page opened now about the error at once.
    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    events.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(events, "GET /__warraq/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("event: build-error") {
        let n = events.read(&mut buf).expect("event stream");
        assert!(n > 0, "event stream closed");
        seen.extend_from_slice(&buf[..n]);
    }
    assert!(String::from_utf8_lossy(&seen).contains("text/event-stream"));

    // Fixed: the overlay goes away by itself.
    fs::write(&base, good).unwrap();
    wait_for(port, &page, PATIENCE, |r| r.status == 200 && !r.text().contains(OVERLAY));
    let mut seen = Vec::new();
    // With a data line: a browser does not dispatch an event without data.
    while !String::from_utf8_lossy(&seen).contains("event: reload\ndata: rebuilt\n") {
        let n = events.read(&mut buf).expect("event stream");
        assert!(n > 0, "event stream closed");
        seen.extend_from_slice(&buf[..n]);
    }

    // Broken front matter: reported with file and line, then recovered.
    fs::write(&path, edited.replacen("date = 2023-09-14", "date = \"أمس\"", 1)).unwrap();
    wait_for(port, &page, PATIENCE, |r| r.text().contains(OVERLAY));
    assert!(get(port, &page).text().contains("14-دعوة.md:3"), "{}", get(port, &page).text());
    fs::write(&path, &text).unwrap();
    wait_for(port, &page, PATIENCE, |r| !r.text().contains(OVERLAY) && !r.text().contains("عاجل: "));
    // The server is still up and serving after all that.
    assert_eq!(get(port, "/").status, 200);
}

/// `node`, or `None` after saying why the browser test cannot run.
fn node() -> Option<String> {
    if Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success()) {
        return Some("node".into());
    }
    if std::env::var_os("WARRAQ_REQUIRE_NODE").is_some() {
        panic!("node is not installed, and WARRAQ_REQUIRE_NODE is set: install Node.js (apt-get install nodejs)");
    }
    eprintln!("SKIPPED: node is not on the PATH, so live reload cannot be tried in a browser");
    None
}

#[test]
fn an_open_page_reloads_by_itself_after_an_edit() {
    let Some(node) = node() else { return };
    let _one = common::one_browser();
    let Some(chrome) = common::chromium() else { return };
    let (_dir, site, tmp) = fixture();
    let server = start(&site, &tmp);
    let url = format!("http://127.0.0.1:{}{}", server.port, encode("/2023/09/دعوة/"));
    assert_eq!(get(server.port, &encode("/2023/09/دعوة/")).status, 200);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/serve/reload.js");
    let out = Command::new(node)
        .arg(script)
        .arg(chrome)
        .arg(&url)
        .arg(site.join(ARTICLE))
        .arg("title = \"")
        .arg("title = \"عاجل: ")
        .arg("عاجل: ")
        .output()
        .expect("run node");
    assert!(out.status.success(), "browser run failed: {}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["connected"], true, "the page opens the event stream: {report}");
    assert_eq!(report["reloaded"], true, "the page reloads itself and shows the edit: {report}");
    assert!(report["title"].as_str().unwrap().contains("عاجل: "), "{report}");
}

#[test]
fn build_output_has_no_live_reload_script() {
    let (_dir, site, _tmp) = fixture();
    let out = Command::new(env!("CARGO_BIN_EXE_warraq"))
        .arg("--site")
        .arg(&site)
        .args(["build", "--drafts"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(site.join("public")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = fs::read_to_string(entry.path()).unwrap_or_default();
            assert!(!text.contains("__warraq") && !text.contains("EventSource"), "{}", entry.path().display());
            pages += 1;
        }
    }
    assert!(pages > 10);
}

/// 2,000 requests over 64 kept-alive connections, no errors allowed.
#[test]
fn load_check_2000_requests_64_connections() {
    let (_dir, site, tmp) = fixture();
    let server = start(&site, &tmp);
    let port = server.port;
    let paths: Vec<String> = vec![
        "/".into(),
        encode("/tags/روسيا/"),
        encode("/2023/09/دعوة/"),
        "/atom.xml".into(),
        "/style.css".into(),
        "/2023/".into(),
        "/missing/".into(),
    ];
    let (total, conns) = (2000usize, 64usize);
    let started = Instant::now();
    let handles: Vec<_> = (0..conns)
        .map(|c| {
            let paths = paths.clone();
            std::thread::spawn(move || -> Result<usize, String> {
                let stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
                stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
                let mut w = stream.try_clone().unwrap();
                let mut r = BufReader::new(stream);
                let mine = total / conns + usize::from(c < total % conns);
                for k in 0..mine {
                    let path = &paths[(c + k) % paths.len()];
                    write!(w, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").map_err(|e| e.to_string())?;
                    let res = read_response(&mut r).map_err(|e| format!("{path}: {e}"))?;
                    let want = if path == "/missing/" { 404 } else { 200 };
                    if res.status != want {
                        return Err(format!("{path}: status {}", res.status));
                    }
                }
                Ok(mine)
            })
        })
        .collect();
    let mut done = 0;
    let mut errors = Vec::new();
    for h in handles {
        match h.join().unwrap() {
            Ok(n) => done += n,
            Err(e) => errors.push(e),
        }
    }
    let secs = started.elapsed().as_secs_f64();
    assert!(errors.is_empty(), "{} errors: {:?}", errors.len(), &errors[..errors.len().min(5)]);
    assert_eq!(done, total);
    eprintln!("load check: {total} requests, {conns} connections, {secs:.2} s, {:.0} req/s", total as f64 / secs);
}

// ---------------------------------------------------------------- inbox

/// A raw scraped article as delivered to the inbox: title (twice, as the
/// scraper leaves it), a date line, a photo caption, the body, a "read
/// also" tail. Adapted from `/work/shared/seeds/004_86f0fdc2a1dc9b03.txt`.
const RAW_ARTICLE: &str = "اليابان تحذر من أي صفقة أسلحة بين موسكو وبيونغ يانغ

اليابان تحذر من أي صفقة أسلحة بين موسكو وبيونغ يانغ

14 سبتمبر 2023
وزيرة الخارجية اليابانية يوكو كاميكاوا في طوكيو (Getty)
+ الخط -

حذّرت اليابان، اليوم الخميس، غداة القمّة بين الرئيس الروسي والزعيم الكوري الشمالي من أيّ \"انتهاك\" للعقوبات المفروضة من مجلس الأمن الدولي على بيونغ يانغ والتي تمنعها من إبرام صفقات أسلحة.

وقالت وزيرة الخارجية اليابانية يوكو كاميكاوا للصحافيين إنّ طوكيو \"تتابع بقلق\" المحادثات بين موسكو وبيونغ يانغ، ولا سيّما على ضوء \"احتمال أن تؤدّي إلى انتهاك للحظر المفروض من قبل مجلس الأمن الدولي\".

وأكدت كاميكاوا، التي عيّنت في منصبها الأربعاء، في سياق تعديل حكومي واسع النطاق، أن الغزو الروسي لأوكرانيا \"غير مقبول\"، مشددة على أن اليابان طلبت من الدول الثالثة عدم تقديم أي دعم للقوات الروسية.

وعبّرت الولايات المتّحدة عن \"قلقها\" إزاء هذا التعاون، مؤكّدة أنّ روسيا مهتمّة بشراء ذخائر كورية شمالية لكي تستخدمها قواتها في أوكرانيا.
";

/// Starts `warraq serve` with its stdout and stderr in `log`.
fn start_logged(site: &Path, tmp: &Path, log: &Path) -> Server {
    start_with(site, tmp, log, &[], &[])
}

/// Like `start_logged`, with more arguments of `serve` and environment.
fn start_with(site: &Path, tmp: &Path, log: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
    let port = free_port();
    let out = fs::File::create(log).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_warraq"))
        .arg("--site")
        .arg(site)
        .args(["serve", "--port", &port.to_string()])
        .args(args)
        .envs(env.iter().copied())
        .env("TMPDIR", tmp)
        .env("NO_COLOR", "1")
        .stdout(Stdio::from(out.try_clone().unwrap()))
        .stderr(Stdio::from(out))
        .spawn()
        .expect("start warraq serve");
    let mut server = Server { child, port };
    // The port the server says it serves on: when another test's server took
    // `port` first, it moves to the next free one, and connecting to `port`
    // would reach the other server.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let printed = fs::read_to_string(log).unwrap_or_default();
        let announced = printed
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse::<u16>().ok());
        if let Some(p) = announced {
            if TcpStream::connect(("127.0.0.1", p)).is_ok() {
                server.port = p;
                return server;
            }
        }
        assert!(Instant::now() < deadline, "server did not start: {printed}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The Markdown file ingest wrote for inbox file `name`, if any yet.
fn ingested(site: &Path, name: &str) -> Option<PathBuf> {
    let record = format!("file = \"content/inbox/{name}\"");
    walkdir::WalkDir::new(site.join("content/articles"))
        .into_iter()
        .filter_map(Result::ok)
        // Articles only: not the hidden temporary file ingest writes first
        // and renames into place.
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .find(|p| fs::read_to_string(p).is_ok_and(|t| t.contains(&record)))
}

/// `content/articles/YYYY/MM/DD-slug.md` → `/YYYY/MM/slug/`, encoded.
fn url_of(site: &Path, md: &Path) -> String {
    let rel = md.strip_prefix(site.join("content/articles")).unwrap();
    let parts: Vec<&str> = rel.iter().map(|s| s.to_str().unwrap()).collect();
    let slug = parts[2].trim_end_matches(".md").split_once('-').unwrap().1;
    encode(&format!("/{}/{}/{slug}/", parts[0], parts[1]))
}

#[test]
fn raw_article_dropped_into_the_inbox_is_ingested_and_served() {
    let (_dir, site, tmp) = fixture();
    fs::create_dir_all(site.join("content/inbox")).unwrap();
    let log = tmp.join("serve.log");
    let server = start_logged(&site, &tmp, &log);
    let port = server.port;
    assert_eq!(get(port, "/").status, 200);

    // Written elsewhere and moved in, as a scraper delivers it.
    let raw = site.join("content/inbox/005_japan.txt");
    let part = tmp.join("005_japan.txt");
    fs::write(&part, RAW_ARTICLE).unwrap();
    fs::rename(&part, &raw).unwrap();
    let dropped = Instant::now();
    let md = loop {
        if let Some(md) = ingested(&site, "005_japan.txt") {
            break md;
        }
        assert!(dropped.elapsed() < PATIENCE, "not ingested:\n{}", fs::read_to_string(&log).unwrap());
        std::thread::sleep(Duration::from_millis(10));
    };
    let rel = md.strip_prefix(&site).unwrap().to_str().unwrap().to_string();
    assert!(rel.starts_with("content/articles/2023/09/14-"), "{rel}");
    let text = fs::read_to_string(&md).unwrap();
    assert!(text.contains("date = 2023-09-14"), "{text}");
    let url = url_of(&site, &md);
    wait_for(port, &url, PATIENCE, |r| r.status == 200 && r.text().contains("طلبت من الدول الثالثة"));
    eprintln!("inbox file served after {:?}", dropped.elapsed());
    let page = get(port, &url).text();
    assert!(page.contains("<h1>اليابان تحذر من أي صفقة أسلحة بين موسكو وبيونغ يانغ</h1>"), "{page}");
    assert!(!page.contains("(Getty)"), "photo caption kept as text: {page}");
    // Listed in its month's archive.
    wait_for(port, "/2023/09/", PATIENCE, |r| r.text().contains("اليابان تحذر"));
    assert_eq!(fs::read(&raw).unwrap(), RAW_ARTICLE.as_bytes(), "the raw file is never modified");

    // A raw file that cannot be ingested: reported, the server keeps going,
    // and a good file dropped with it is served.
    fs::write(site.join("content/inbox/006_empty.txt"), b"").unwrap();
    let second = RAW_ARTICLE
        .replace("اليابان تحذر من أي صفقة أسلحة", "كوريا الجنوبية تحذر من أي صفقة أسلحة")
        .replace("طلبت من الدول الثالثة", "دعت الدول الثالثة");
    fs::write(site.join("content/inbox/007_seoul.txt"), &second).unwrap();
    let dropped = Instant::now();
    let md = loop {
        if let Some(md) = ingested(&site, "007_seoul.txt") {
            break md;
        }
        assert!(dropped.elapsed() < PATIENCE, "not ingested:\n{}", fs::read_to_string(&log).unwrap());
        std::thread::sleep(Duration::from_millis(10));
    };
    wait_for(port, &url_of(&site, &md), PATIENCE, |r| r.status == 200 && r.text().contains("دعت الدول الثالثة"));
    assert!(ingested(&site, "006_empty.txt").is_none());
    assert_eq!(fs::read(site.join("content/inbox/006_empty.txt")).unwrap(), b"");
    let deadline = Instant::now() + PATIENCE;
    while !fs::read_to_string(&log).unwrap().contains("006_empty.txt") {
        assert!(Instant::now() < deadline, "the ingest error was not printed:\n{}", fs::read_to_string(&log).unwrap());
        std::thread::sleep(Duration::from_millis(10));
    }
    let printed = fs::read_to_string(&log).unwrap();
    let line = printed.lines().find(|l| l.contains("006_empty.txt")).unwrap();
    assert!(line.starts_with("error: content/inbox/006_empty.txt"), "{printed}");
    // Shown in the browser too (once the rebuild that printed it is done),
    // without hiding the site.
    wait_for(port, "/", PATIENCE, |r| r.text().contains("content/inbox/006_empty.txt"));
    let home = get(port, "/");
    assert_eq!(home.status, 200);
    let html = home.text();
    assert!(html.contains("content/inbox/006_empty.txt"), "{html}");
    assert!(!html.contains(OVERLAY), "an inbox file that fails is no broken build: {html}");
    assert!(get(port, "/2023/09/").text().contains("كوريا الجنوبية تحذر"));

    // Deleting the bad file clears the notice.
    fs::remove_file(site.join("content/inbox/006_empty.txt")).unwrap();
    wait_for(port, "/", PATIENCE, |r| !r.text().contains("006_empty.txt"));
    assert_eq!(fs::read(&raw).unwrap(), RAW_ARTICLE.as_bytes());
}

// ---------------------------------------------------------------- --bind, --open

#[test]
fn bind_all_interfaces_prints_a_usable_url_and_links_work() {
    let (_dir, site, tmp) = fixture();
    let log = tmp.join("serve.log");
    let server = start_with(&site, &tmp, &log, &["--bind", "0.0.0.0"], &[]);
    let port = server.port;
    let home = get(port, "/");
    assert_eq!(home.status, 200);
    let printed = fs::read_to_string(&log).unwrap();
    assert!(printed.contains(&format!("at http://127.0.0.1:{port}/ ")), "{printed}");
    assert!(printed.contains("all interfaces"), "{printed}");
    assert!(!printed.contains("0.0.0.0:"), "{printed}");
    // Links are root-relative and lead to pages; absolute URLs (feeds) use
    // the printed address, never 0.0.0.0.
    let html = home.text();
    let href = html.split("href=\"").nth(2).and_then(|s| s.split('"').next()).unwrap();
    assert!(href.starts_with('/'), "{href}");
    assert_eq!(get(port, href).status, 200, "{href}");
    let feed = get(port, "/atom.xml").text();
    assert!(feed.contains(&format!("http://127.0.0.1:{port}/")), "{feed}");
    assert!(!feed.contains("0.0.0.0"), "{feed}");
}

#[cfg(unix)]
#[test]
fn open_runs_the_platform_opener_and_survives_without_one() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, site, tmp) = fixture();
    // A stand-in `xdg-open` (and `open`, for macOS) that records its
    // argument and then hangs, as a browser launcher may: serving goes on.
    let bin = tmp.join("bin");
    fs::create_dir_all(&bin).unwrap();
    let called = tmp.join("opened.txt");
    for name in ["xdg-open", "open"] {
        let script = bin.join(name);
        fs::write(&script, format!("#!/bin/sh\necho \"$@\" > '{}'\nsleep 3\n", called.display())).unwrap();
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let log = tmp.join("serve.log");
    let server = start_with(&site, &tmp, &log, &["--open"], &[("PATH", bin.to_str().unwrap())]);
    let deadline = Instant::now() + PATIENCE;
    while !fs::read_to_string(&called).is_ok_and(|s| s.ends_with('\n')) {
        assert!(Instant::now() < deadline, "opener not run: {}", fs::read_to_string(&log).unwrap());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(fs::read_to_string(&called).unwrap().trim(), format!("http://127.0.0.1:{}/", server.port));
    assert_eq!(get(server.port, "/").status, 200);
    drop(server);

    // No opener at all: a note, and the server serves.
    let empty = tmp.join("empty-bin");
    fs::create_dir_all(&empty).unwrap();
    let server = start_with(&site, &tmp, &log, &["--open"], &[("PATH", empty.to_str().unwrap())]);
    assert_eq!(get(server.port, "/").status, 200);
    let deadline = Instant::now() + PATIENCE;
    while !fs::read_to_string(&log).unwrap().contains("cannot open a browser") {
        assert!(Instant::now() < deadline, "{}", fs::read_to_string(&log).unwrap());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(get(server.port, "/").status, 200);
}

// ---------------------------------------------------------------- safety

/// Another local user can create `TMPDIR/warraq-serve-PID` before the
/// server starts (the PID is easy to guess) and plant a symlink in it. The
/// server must not use it: its folder has an unguessable name, is readable
/// by its user only, and is removed when it stops.
#[test]
fn a_planted_working_folder_is_never_used() {
    let (_dir, site, tmp) = fixture();
    let secret = tmp.join("victim-home");
    fs::create_dir_all(&secret).unwrap();
    fs::write(secret.join("id_rsa"), "PRIVATE KEY").unwrap();
    let log = tmp.join("serve.log");
    let port = free_port();
    // `exec` keeps the shell's PID: the planted folder has the server's PID.
    let script = r#"mkdir -p "$TMPDIR/warraq-serve-$$/site" && ln -s "$SECRET" "$TMPDIR/warraq-serve-$$/site/2023" && echo "$$" > "$TMPDIR/planted" && exec "$WARRAQ" --site "$SITE" serve --port "$PORT""#;
    let child = Command::new("sh")
        .args(["-c", script])
        .env("TMPDIR", &tmp)
        .env("SECRET", &secret)
        .env("WARRAQ", env!("CARGO_BIN_EXE_warraq"))
        .env("SITE", &site)
        .env("PORT", port.to_string())
        .stdout(Stdio::from(fs::File::create(&log).unwrap()))
        .stderr(Stdio::from(fs::File::create(tmp.join("serve.err")).unwrap()))
        .spawn()
        .unwrap();
    let pid = child.id();
    let server = Server { child, port };
    let deadline = Instant::now() + Duration::from_secs(30);
    while !fs::read_to_string(&log).unwrap_or_default().contains("serving") {
        assert!(
            Instant::now() < deadline,
            "server did not start: {}",
            fs::read_to_string(tmp.join("serve.err")).unwrap()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let planted = tmp.join(format!("warraq-serve-{pid}"));
    assert_eq!(fs::read_to_string(tmp.join("planted")).unwrap().trim(), pid.to_string());

    let res = get(port, "/2023/id_rsa");
    assert_eq!(res.status, 404);
    assert!(!res.text().contains("PRIVATE KEY"));
    assert_eq!(get(port, "/2023/").status, 200, "the site's own 2023 archive is served");
    let secret_files: Vec<_> = fs::read_dir(&secret).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(secret_files, ["id_rsa"], "nothing was written through the planted link");
    assert!(planted.join("site/2023").symlink_metadata().unwrap().file_type().is_symlink());

    // The folder actually used: another name, mode 0700.
    let used: Vec<PathBuf> = fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with("warraq-serve-") && *p != planted)
        .collect();
    assert_eq!(used.len(), 1, "{used:?}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(fs::metadata(&used[0]).unwrap().permissions().mode() & 0o777, 0o700);

    // Stopped, it removes its folder (and leaves the planted one alone).
    assert!(Command::new("kill").args(["-TERM", &pid.to_string()]).status().unwrap().success());
    let deadline = Instant::now() + PATIENCE;
    while used[0].exists() {
        assert!(Instant::now() < deadline, "the working folder was not removed");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(planted.exists());
    drop(server);
}

/// A page on another site can point its own name at 127.0.0.1 and read the
/// preview (DNS rebinding): requests for a name that is not localhost, an IP
/// address or an --allow-host one are refused.
#[test]
fn requests_for_other_host_names_are_refused() {
    let (_dir, site, tmp) = fixture();
    let server = start_with(&site, &tmp, &tmp.join("serve.log"), &["--allow-host", "preview.lan"], &[]);
    let port = server.port;
    let with_host = |host: &str| {
        let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut w = stream.try_clone().unwrap();
        write!(w, "GET /2024/03/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
        read_response(&mut BufReader::new(stream)).unwrap()
    };
    for host in ["evil.example", "evil.example:1111", "127.0.0.1.evil.example", "localhost.evil.example"] {
        let res = with_host(host);
        assert_eq!(res.status, 403, "{host}");
        assert!(res.text().contains("--allow-host"), "{}", res.text());
        assert!(!res.text().contains("مسودة"), "no page content for {host}");
    }
    for host in
        ["localhost", &format!("localhost:{port}"), "127.0.0.1", "[::1]:80", "app.localhost", "PREVIEW.lan:8080"]
    {
        assert_eq!(with_host(host).status, 200, "{host}");
    }
}

#[test]
fn over_long_names_are_not_found_and_slow_headers_time_out() {
    let (_dir, site, tmp) = fixture();
    let server = start(&site, &tmp);
    let port = server.port;
    let long = format!("/{}/", "a".repeat(300));
    assert_eq!(get(port, &long).status, 404);
    let arabic = format!("/tags/{}/", warraq::slug::encode_path(&"ر".repeat(200)));
    assert_eq!(get(port, &arabic).status, 404);

    // Headers that never end: the server closes the connection.
    let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    slow.set_read_timeout(Some(warraq::serve::HEADER_TIMEOUT * 4)).unwrap();
    write!(slow, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").unwrap();
    let started = Instant::now();
    let mut buf = Vec::new();
    let closed = slow.read_to_end(&mut buf);
    assert!(closed.is_ok(), "the server closed the connection: {closed:?}");
    assert!(started.elapsed() < warraq::serve::HEADER_TIMEOUT * 3, "{:?}", started.elapsed());
    // Other clients were served meanwhile.
    assert_eq!(get(port, "/").status, 200);
}
