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
        items.push_str("<li style=\"margin:0 0 .8em\">");
        if !place.is_empty() {
            items.push_str(&format!("<code style=\"color:#ffb4b4\">{}</code><br>", escape_html(&place)));
        }
        items.push_str(&format!("<span style=\"white-space:pre-wrap\">{}</span></li>", escape_html(&e.message)));
    }
    format!(
        "<div id=\"__warraq-error\" dir=\"ltr\" lang=\"en\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#eee;font:15px/1.5 ui-monospace,monospace;padding:2em;text-align:left\"><h1 style=\"font-size:18px;color:#ff6b6b;margin:0 0 1em\">warraq: the site did not build</h1><ul style=\"list-style:none;padding:0;margin:0\">{items}</ul><p style=\"color:#aaa\">This page shows the last good build. Fix the file and save: the page reloads by itself.</p></div>"
    )
}

/// The banner for inbox files that failed to ingest: a strip at the
/// bottom of the page (the site itself built, so nothing is hidden).
pub fn banner(errors: &[Error]) -> String {
    let mut items = String::new();
    for e in errors {
        items.push_str(&format!("<li>{}</li>", escape_html(&e.to_string())));
    }
    format!(
        "<div id=\"__warraq-inbox\" dir=\"ltr\" lang=\"en\" role=\"status\" style=\"position:fixed;left:0;right:0;bottom:0;z-index:2147483646;max-height:40vh;overflow:auto;background:#3a2a00;color:#ffe9a8;font:14px/1.5 ui-monospace,monospace;padding:.6em 1em;text-align:left\"><strong>warraq: not ingested</strong> (the site is built without these; fix or remove the file):<ul style=\"margin:.3em 0 0;padding-left:1.2em\">{items}</ul></div>"
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
                Ok(Notice::Reload) => return Some((Ok(Event::default().event("reload").data("")), (rx, None))),
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
