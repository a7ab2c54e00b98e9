//! Live reload: Server-Sent Events at `/__warraq/events` and the small
//! script (and error overlay) injected into HTML *as it is served*. Files on
//! disk, and everything `warraq build` writes, never contain either.

use super::Shared;
use crate::error::Error;
use crate::markdown::escape_html;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::Stream;
use std::convert::Infallible;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;

/// Where open pages listen for rebuilds; under `/__warraq/`, a prefix the
/// server never serves files from.
pub const EVENTS_PATH: &str = "/__warraq/events";

/// What the rebuild loop tells open pages.
#[derive(Debug, Clone)]
pub enum Notice {
    /// A rebuild succeeded: reload.
    Reload,
    /// A rebuild failed: show this overlay (HTML fragment).
    Error(String),
}

/// The script every served HTML page gets. The event is `build-error`, not
/// `error`, which EventSource uses for its own connection errors.
pub const SCRIPT: &str = r#"<script id="__warraq-live">(function(){if(!window.EventSource)return;var es=new EventSource("/__warraq/events");es.addEventListener("reload",function(){location.reload();});es.addEventListener("build-error",function(e){var old=document.getElementById("__warraq-error");if(old)old.remove();var t=document.createElement("div");t.innerHTML=JSON.parse(e.data);if(t.firstElementChild)document.body.appendChild(t.firstElementChild);});})();</script>"#;

/// The error overlay: every error as `file:line: message`.
pub fn overlay(errors: &[Error]) -> String {
    let mut items = String::new();
    for e in errors {
        let place = match (&e.path, e.line) {
            (Some(p), Some(l)) => format!("{}:{l}", p.display()),
            (Some(p), None) => p.display().to_string(),
            _ => String::new(),
        };
        // Paths and messages are Latin text: each item reads left to right
        // inside the Arabic overlay.
        items.push_str("<li dir=\"ltr\" style=\"margin:0 0 .8em;text-align:left\">");
        if !place.is_empty() {
            items.push_str(&format!("<code style=\"color:#ffb4b4\">{}</code><br>", escape_html(&place)));
        }
        items.push_str(&format!("<span style=\"white-space:pre-wrap\">{}</span></li>", escape_html(&e.message)));
    }
    format!(
        "<div id=\"__warraq-error\" dir=\"rtl\" lang=\"ar\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#eee;font:15px/1.6 system-ui,sans-serif;padding:2em;text-align:start\"><h1 style=\"font-size:20px;color:#ff6b6b;margin:0 0 1em\">تعذّر بناء الموقع <bdi style=\"font-size:14px;color:#aaa\">(warraq: the site did not build)</bdi></h1><ul style=\"list-style:none;padding:0;margin:0;font:14px/1.5 ui-monospace,monospace\">{items}</ul><p style=\"color:#aaa\">تعرض هذه الصفحة آخر بناء ناجح. أصلِح الملف واحفظه، وستُحدَّث الصفحة من تلقاء نفسها.</p></div>"
    )
}

/// The banner for inbox files that failed to ingest: a strip at the
/// bottom of the page (the site itself built, so nothing is hidden).
pub fn banner(errors: &[Error]) -> String {
    let mut items = String::new();
    for e in errors {
        items.push_str(&format!("<li dir=\"ltr\" style=\"text-align:left\">{}</li>", escape_html(&e.to_string())));
    }
    format!(
        "<div id=\"__warraq-inbox\" dir=\"rtl\" lang=\"ar\" role=\"status\" style=\"position:fixed;inset-inline:0;bottom:0;z-index:2147483646;max-height:40vh;overflow:auto;background:#3a2a00;color:#ffe9a8;font:14px/1.6 system-ui,sans-serif;padding:.6em 1em;text-align:start\"><strong>ملفات لم تُستورد</strong> (بُني الموقع بدونها؛ أصلِح الملف أو أزِله من صندوق الوارد):<ul style=\"margin:.3em 0 0;padding:0;list-style:none;font:13px/1.5 ui-monospace,monospace\">{items}</ul></div>"
    )
}

/// Inserts the live-reload script (and the overlay, if any) before the last
/// `</body>`, or at the end when there is none.
pub fn inject(html: &[u8], overlay: Option<&str>) -> Vec<u8> {
    let mut snippet = String::new();
    if let Some(o) = overlay {
        snippet.push_str(o);
    }
    snippet.push_str(SCRIPT);
    let at = rfind_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=hay.len().checked_sub(needle.len())?).rev().find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

fn error_event(html: &str) -> Event {
    Event::default().event("build-error").data(serde_json::to_string(html).unwrap_or_default())
}

/// `GET /__warraq/events`: a `build-error` event at once when the last
/// rebuild failed, then one event per rebuild.
pub async fn events(State(st): State<Arc<Shared>>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = st.notices.subscribe();
    let pending = st.overlay().map(|h| error_event(&h));
    let stream = futures_util::stream::unfold((rx, pending), |(mut rx, pending)| async move {
        if let Some(ev) = pending {
            return Some((Ok(ev), (rx, None)));
        }
        loop {
            match rx.recv().await {
                // With data: a browser drops an event whose data is empty
                // (the event stream's rules), and the page never reloaded.
                Ok(Notice::Reload) => return Some((Ok(Event::default().event("reload").data("rebuilt")), (rx, None))),
                Ok(Notice::Error(h)) => return Some((Ok(error_event(&h)), (rx, None))),
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_end() {
        let out = inject(b"<html><body><p>x</p></BODY></html>", None);
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("<html><body><p>x</p><script id=\"__warraq-live\">"));
        assert!(s.ends_with("</script></BODY></html>"));
        let s = String::from_utf8(inject(b"<p>no body</p>", Some("<div>o</div>"))).unwrap();
        assert!(s.starts_with("<p>no body</p><div>o</div><script"));
    }

    #[test]
    fn overlay_escapes_and_names_the_place() {
        let o = overlay(&[Error::at_line("templates/base.html", 3, "unexpected `}` <here>")]);
        assert!(o.contains("templates/base.html:3"));
        assert!(o.contains("unexpected `}` &lt;here&gt;"));
        let b = banner(&[Error::at("content/inbox/x.txt", "the file is empty")]);
        assert!(b.contains("content/inbox/x.txt: the file is empty"), "{b}");
        assert!(!b.contains("__warraq-error"));
    }
}
