//! `warraq serve`: build with drafts into a private directory, serve it with
//! tower-http's `ServeDir`, rebuild on change and reload open pages.
//!
//! - `mod.rs`: the HTTP side (router, path checks, content types, 404,
//!   HTML injection).
//! - `watch.rs`: the file watcher and the rebuild loop (full or incremental).
//! - `incremental.rs`: which jobs an edit touches (pure, unit-tested).
//! - `cache.rs`: content loading cached by (path, mtime, size).
//! - `reload.rs`: Server-Sent Events, the injected script, the error overlay.
//!
//! The served directory lives in the system temp directory, never in the
//! site (so `public/` of a real build is untouched, and the watcher never
//! sees our own writes).

pub mod cache;
pub mod incremental;
pub mod reload;
pub mod settle;
pub mod watch;

use crate::error::{Error, Result};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use reload::Notice;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_http::services::ServeDir;

/// Options of `warraq serve`.
#[derive(Debug, Clone)]
pub struct Options {
    /// The first port tried; when it is taken, the next free one (of up to 10).
    pub port: u16,
    /// The address listened on (loopback unless asked: drafts are served).
    pub bind: IpAddr,
    /// Open the site in a web browser once it is served.
    pub open: bool,
    /// Host names answered besides localhost and IP addresses.
    pub allow_hosts: Vec<String>,
}

/// How long a client may take to send its request headers before the
/// connection is closed (a slow client must not hold connections open).
pub const HEADER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// State shared by the HTTP handlers and the rebuild loop.
pub struct Shared {
    /// The served directory (the build output).
    pub root: PathBuf,
    serve_dir: ServeDir,
    /// Held for reading while a request opens its file, for writing while a
    /// rebuild renames its staged files in.
    pub swap: tokio::sync::RwLock<()>,
    /// The overlay of the last failed rebuild; `None` once one succeeds.
    error: std::sync::RwLock<Option<String>>,
    /// The banner listing inbox files that failed to ingest (the site
    /// still builds without them); `None` when there are none.
    banner: std::sync::RwLock<Option<String>>,
    /// Tells every open page's event stream to reload or show an error.
    pub notices: tokio::sync::broadcast::Sender<Notice>,
}

impl Shared {
    /// State for serving `root`: no error overlay, no banner, no open pages.
    pub fn new(root: PathBuf) -> Shared {
        let serve_dir = ServeDir::new(&root).append_index_html_on_directories(true);
        let (notices, _) = tokio::sync::broadcast::channel(16);
        Shared {
            root,
            serve_dir,
            swap: Default::default(),
            error: Default::default(),
            banner: Default::default(),
            notices,
        }
    }

    /// What every served HTML page gets before the live-reload script:
    /// the error overlay and/or the inbox banner.
    pub fn overlay(&self) -> Option<String> {
        let error = self.error.read().map(|e| e.clone()).unwrap_or(None);
        let banner = self.banner.read().map(|e| e.clone()).unwrap_or(None);
        match (error, banner) {
            (Some(e), Some(b)) => Some(e + &b),
            (e, b) => e.or(b),
        }
    }

    /// Records the outcome of a rebuild and tells open pages. `inbox` are
    /// the raw files that failed to ingest (shown in a banner: the site
    /// built without them).
    pub fn report(&self, errors: Option<&[Error]>, inbox: &[Error]) {
        let overlay = errors.map(reload::overlay);
        if let Ok(mut e) = self.error.write() {
            e.clone_from(&overlay);
        }
        if let Ok(mut b) = self.banner.write() {
            *b = (!inbox.is_empty()).then(|| reload::banner(inbox));
        }
        let _ = self.notices.send(match overlay {
            Some(o) => Notice::Error(o),
            None => Notice::Reload,
        });
    }
}

/// Runs the preview server until interrupted. Content errors never stop it.
pub fn run(site_dir: &Path, opts: Options) -> Result<i32> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::new(format!("cannot start the server runtime: {e}")))?;
    runtime.block_on(serve(site_dir, opts))
}

async fn serve(site_dir: &Path, opts: Options) -> Result<i32> {
    if !site_dir.join(crate::layout::CONFIG_FILE).is_file() {
        return Err(Error::at(
            site_dir.join(crate::layout::CONFIG_FILE),
            "not found: run `warraq serve` in a site directory, or pass --site DIR",
        ));
    }
    let site_dir = &std::fs::canonicalize(site_dir).map_err(|e| Error::io(site_dir, e))?;
    let listener = bind(opts.bind, opts.port).await?;
    let addr = listener.local_addr().map_err(|e| Error::new(format!("cannot read the bound address: {e}")))?;
    let (url, all_interfaces) = local_url(addr);

    // A fresh folder with an unguessable name, readable by this user only
    // (drafts are private), removed on exit: a predictable, reused name let
    // another local user plant a symlink that the server then wrote and
    // served through.
    let mut folder = tempfile::Builder::new();
    folder.prefix("warraq-serve-");
    #[cfg(unix)]
    folder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let work = folder.tempdir().map_err(|e| Error::new(format!("cannot make a private temporary folder: {e}")))?;
    let root = work.path().join("site");
    let shared = Arc::new(Shared::new(root.clone()));

    let mut engine = watch::Engine::new(site_dir, &root, &url, shared.clone());
    let first = tokio::task::block_in_place(|| engine.initial());
    watch::spawn(site_dir, engine)?;

    let hosts = Arc::new(opts.allow_hosts.clone());
    let app = Router::new()
        .route(reload::EVENTS_PATH, get(reload::events))
        .fallback(serve_file)
        .with_state(shared.clone())
        .layer(axum::middleware::from_fn_with_state(hosts, check_host));
    crate::outln!("serving {} at {url} (Ctrl-C to stop)", site_dir.display());
    if let Some(note) = all_interfaces {
        crate::outln!("{note}");
    }
    if !first {
        crate::outln!("the site has errors (above): the browser shows them until they are fixed");
    }
    if opts.open {
        open_browser(&url);
    }
    tokio::select! {
        () = accept(listener, app) => {}
        () = shutdown() => { crate::outln!("stopping"); }
    }
    drop(work);
    Ok(0)
}

/// Serves connections until the process stops, each on its own task, with
/// a timeout on the request headers.
async fn accept(listener: tokio::net::TcpListener, app: Router) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors, say: wait for connections to close.
                crate::messages::warning(format_args!("cannot accept a connection: {e}"));
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Refuses requests for host names other than localhost, IP addresses and
/// `--allow-host` ones. A page on another site can point its own host name
/// at 127.0.0.1 (DNS rebinding) and read the preview, drafts included; its
/// requests carry that name in `Host`.
async fn check_host(State(allowed): State<Arc<Vec<String>>>, req: Request, next: axum::middleware::Next) -> Response {
    let host = req.headers().get(header::HOST).map(|h| h.to_str().unwrap_or("\u{fffd}"));
    if host.is_none_or(|h| host_allowed(h, &allowed)) {
        return next.run(req).await;
    }
    let host = host.unwrap_or_default();
    let name = host_name(host);
    let message = format!(
        "warraq serve answers requests for localhost and IP addresses only, not for {host:?}: this keeps the \
         preview (drafts included) away from other web sites. To open it by this name, restart it with \
         --allow-host {name}\n"
    );
    (StatusCode::FORBIDDEN, message).into_response()
}

/// The name part of a `Host` header value (`[::1]:1111` -> `::1`).
fn host_name(host: &str) -> &str {
    let host = host.trim();
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// Whether the server answers requests whose `Host` header is `host`.
pub fn host_allowed(host: &str, allowed: &[String]) -> bool {
    let name = host_name(host).trim_end_matches('.').to_ascii_lowercase();
    name.parse::<IpAddr>().is_ok()
        || name == "localhost"
        || name.ends_with(".localhost")
        || allowed.iter().any(|a| a.trim_end_matches('.').eq_ignore_ascii_case(&name))
}

/// Ctrl-C, or SIGTERM on Unix: either way the temp directory is removed.
async fn shutdown() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Binds `port`, or the next free one of up to 10 when it is taken.
async fn bind(ip: IpAddr, port: u16) -> Result<tokio::net::TcpListener> {
    let tries = if port == 0 { 1 } else { 10 };
    let mut last = None;
    for p in (0..tries).filter_map(|k| port.checked_add(k)) {
        match tokio::net::TcpListener::bind(SocketAddr::new(ip, p)).await {
            Ok(l) => {
                if p != port {
                    crate::outln!("port {port} is in use: using {p} instead");
                }
                return Ok(l);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                if p == port {
                    crate::errln!("port {port} is in use; trying the next ones");
                }
                last = Some(e);
            }
            Err(e) => return Err(Error::new(format!("cannot listen on {ip}:{p}: {e}"))),
        }
    }
    Err(Error::new(format!(
        "ports {port}-{} are all in use ({}): pass --port N",
        port.saturating_add(tries - 1),
        last.map(|e| e.to_string()).unwrap_or_default()
    )))
}

/// The command that opens `url` in the default browser on `os` (as in
/// `std::env::consts::OS`): program and arguments.
pub fn opener(os: &str, url: &str) -> (&'static str, Vec<String>) {
    match os {
        "macos" => ("open", vec![url.to_string()]),
        // `start` takes its first quoted argument as a window title.
        "windows" => ("cmd", vec!["/c".into(), "start".into(), String::new(), url.to_string()]),
        _ => ("xdg-open", vec![url.to_string()]),
    }
}

/// Opens `url` without blocking the server; a missing or failing opener
/// is a message, never an error.
fn open_browser(url: &str) {
    let (program, args) = opener(std::env::consts::OS, url);
    let spawned = std::process::Command::new(program)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match spawned {
        // Reaped on its own thread (xdg-open may wait for the browser).
        Ok(mut child) => {
            let url = url.to_string();
            let _ = std::thread::Builder::new().name("warraq-open".into()).spawn(move || {
                if let Ok(status) = child.wait() {
                    if !status.success() {
                        crate::errln!("note: {program} could not open a browser ({status}): open {url} yourself");
                    }
                }
            });
        }
        Err(e) => crate::errln!("note: cannot open a browser ({program}: {e}): open {url} yourself"),
    }
}

/// The URL to print and to use as the site's `base_url` for the address
/// the server listens on, and a note when that is every interface (the
/// unspecified address is no place a browser can go: loopback is used).
pub fn local_url(addr: SocketAddr) -> (String, Option<String>) {
    let ip = addr.ip();
    if !ip.is_unspecified() {
        return (format!("http://{addr}/"), None);
    }
    let local = match ip {
        IpAddr::V4(_) => SocketAddr::new(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), addr.port()),
        IpAddr::V6(_) => SocketAddr::new(IpAddr::V6(std::net::Ipv6Addr::LOCALHOST), addr.port()),
    };
    let note = format!(
        "listening on all interfaces ({ip}): other devices on the network can open http://THIS-MACHINE'S-ADDRESS:{}/",
        addr.port()
    );
    (format!("http://{local}/"), Some(note))
}

/// Refuses any path that could leave the served directory, whatever its
/// encoding: `..` or `.` segments (plain or `%2e`), encoded slashes and
/// backslashes, raw backslashes, NUL, and encoded `%` (double encoding such
/// as `%252e%252e`). Site URLs never contain any of these.
pub fn safe_path(raw: &str) -> bool {
    let lower = raw.to_ascii_lowercase();
    if raw.contains('\\') || ["%5c", "%2f", "%00", "%25"].iter().any(|bad| lower.contains(bad)) {
        return false;
    }
    let Ok(decoded) = percent_encoding::percent_decode_str(raw).decode_utf8() else { return false };
    !decoded.contains(['\0', '\\']) && !decoded.split('/').any(|seg| seg == ".." || seg == ".")
}

/// Whether `raw` (a checked request path) could name a file at all: no
/// file system takes a name of more than 255 bytes, and asking for one is
/// an error of the server's, not a missing page.
fn could_be_a_file(raw: &str) -> bool {
    percent_encoding::percent_decode_str(raw).decode_utf8().is_ok_and(|p| p.split('/').all(|seg| seg.len() <= 255))
}

/// Every path but the event stream: a file of the built site.
async fn serve_file(State(st): State<Arc<Shared>>, req: Request) -> Response {
    let raw = req.uri().path().to_string();
    if !safe_path(&raw) {
        return (StatusCode::BAD_REQUEST, "bad request path\n").into_response();
    }
    let head = req.method() == Method::HEAD;
    if !could_be_a_file(&raw) {
        return not_found(&st, head).await;
    }
    if raw.starts_with("/__warraq/") {
        return not_found(&st, head).await;
    }
    // Pages change under the same mtime's second and the overlay comes and
    // goes without any file changing: no conditional or partial responses.
    let (mut parts, _) = req.into_parts();
    for h in [
        header::IF_MODIFIED_SINCE,
        header::IF_NONE_MATCH,
        header::IF_UNMODIFIED_SINCE,
        header::IF_MATCH,
        header::IF_RANGE,
        header::RANGE,
        header::ACCEPT_ENCODING,
    ] {
        parts.headers.remove(h);
    }
    let req = Request::from_parts(parts, Body::empty());
    let res = {
        let _open = st.swap.read().await;
        st.serve_dir.clone().try_call(req).await
    };
    let res = match res {
        Ok(r) => r.map(Body::new),
        Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, format!("{e}\n")).into_response(),
    };
    if res.status() == StatusCode::NOT_FOUND {
        return not_found(&st, head).await;
    }
    finish(&st, &raw, res, head).await
}

/// The site's `404.html` with status 404 (a plain page when the site has
/// none yet, e.g. the first build failed).
async fn not_found(st: &Shared, head: bool) -> Response {
    let body = match tokio::fs::read(st.root.join("404.html")).await {
        Ok(b) => b,
        Err(_) => b"<!doctype html><html lang=\"ar\" dir=\"rtl\"><meta charset=\"utf-8\"><title>404</title><body><h1>404</h1></body></html>".to_vec(),
    };
    let mut res = Response::new(Body::empty());
    *res.status_mut() = StatusCode::NOT_FOUND;
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if !head {
        *res.body_mut() = Body::from(reload::inject(&body, st.overlay().as_deref()));
    }
    res
}

/// Content type with charset for text, Atom for feeds.
fn content_type(raw_path: &str, guessed: Option<&HeaderValue>) -> Option<&'static str> {
    let guessed = guessed.and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = guessed.split(';').next().unwrap_or("").trim();
    Some(match essence {
        "text/html" => "text/html; charset=utf-8",
        "text/xml" | "application/xml" if raw_path.ends_with("atom.xml") => "application/atom+xml; charset=utf-8",
        "text/xml" | "application/xml" => "application/xml; charset=utf-8",
        "text/css" => "text/css; charset=utf-8",
        "text/plain" => "text/plain; charset=utf-8",
        "text/javascript" | "application/javascript" => "text/javascript; charset=utf-8",
        "application/json" => "application/json; charset=utf-8",
        _ => return None,
    })
}

async fn finish(st: &Shared, raw: &str, mut res: Response, head: bool) -> Response {
    let ct = content_type(raw, res.headers().get(header::CONTENT_TYPE));
    if let Some(ct) = ct {
        res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let is_html = ct.is_some_and(|c| c.starts_with("text/html"));
    if !is_html || head || res.status() != StatusCode::OK {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, format!("{e}\n")).into_response(),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(reload::inject(&bytes, st.overlay().as_deref())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_traversal_in_any_encoding() {
        for bad in [
            "/../secret",
            "/a/../../secret",
            "/%2e%2e/secret",
            "/%2E%2E/secret",
            "/.%2e/secret",
            "/..%2fsecret",
            "/..%2Fsecret",
            "/..%5csecret",
            "/..\\secret",
            "/%252e%252e/secret",
            "/%c0%ae%c0%ae/secret",
            "/a/%00",
            "/./index.html",
        ] {
            assert!(!safe_path(bad), "{bad}");
        }
        for good in ["/", "/index.html", "/tags/%D8%B1%D9%88%D8%B3%D9%8A%D8%A7/", "/2023/09/x-y/", "/a..b/"] {
            assert!(safe_path(good), "{good}");
        }
    }

    #[test]
    fn opener_per_platform() {
        let url = "http://127.0.0.1:1111/";
        assert_eq!(opener("linux", url), ("xdg-open", vec![url.to_string()]));
        assert_eq!(opener("freebsd", url), ("xdg-open", vec![url.to_string()]));
        assert_eq!(opener("macos", url), ("open", vec![url.to_string()]));
        let (program, args) = opener("windows", url);
        assert_eq!(program, "cmd");
        assert_eq!(args, ["/c", "start", "", url]);
    }

    #[test]
    fn all_interfaces_print_a_loopback_url() {
        let (url, note) = local_url("0.0.0.0:1111".parse().unwrap());
        assert_eq!(url, "http://127.0.0.1:1111/");
        assert!(note.unwrap().contains("all interfaces"));
        let (url, note) = local_url("[::]:8080".parse().unwrap());
        assert_eq!(url, "http://[::1]:8080/");
        assert!(note.is_some());
        assert_eq!(local_url("127.0.0.1:1111".parse().unwrap()), ("http://127.0.0.1:1111/".into(), None));
        assert_eq!(local_url("192.168.1.5:1111".parse().unwrap()), ("http://192.168.1.5:1111/".into(), None));
    }

    #[test]
    fn feeds_and_text_get_their_types() {
        let xml = HeaderValue::from_static("text/xml");
        assert_eq!(content_type("/atom.xml", Some(&xml)), Some("application/atom+xml; charset=utf-8"));
        assert_eq!(content_type("/sitemap.xml", Some(&xml)), Some("application/xml; charset=utf-8"));
        assert_eq!(content_type("/", Some(&HeaderValue::from_static("text/html"))), Some("text/html; charset=utf-8"));
        assert_eq!(content_type("/f.woff2", Some(&HeaderValue::from_static("font/woff2"))), None);
    }
}
