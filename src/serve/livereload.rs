//! Live reload: what the server tells open tabs, and the script that listens.
//!
//! Every served HTML page gets one `<script>` tag ([`inject`]) that loads
//! [`SCRIPT`] from [`SCRIPT_PATH`]. The script opens a Server-Sent Events stream
//! at [`EVENTS_PATH`] and acts on each [`LiveEvent`]:
//! - `reload` (changed pages): a tab showing one of them, or an error or 404 page,
//!   saves its scroll position and reloads, then scrolls back;
//! - `css`: every same-origin style sheet is fetched again, without a reload;
//! - `error`: an overlay lists each error with file, line and message; the next
//!   good rebuild sends `reload`, which clears it.
//!
//! On connecting, a tab is told the current state (`ready` or `error`), so a tab
//! opened while the site is broken shows the overlay too. The script is added only
//! when serving; `mag build` output never contains it.

use serde::Serialize;

use crate::diagnostics::Diagnostic;

/// Where the script is served.
pub(crate) const SCRIPT_PATH: &str = "/__mag/live.js";
/// Where the event stream is served.
pub(crate) const EVENTS_PATH: &str = "/__mag/events";

/// One message to every open tab.
#[derive(Debug, Clone)]
pub(crate) enum LiveEvent {
    /// Sent on connecting when the site is good.
    Ready,
    /// These pages (URL paths, `/essays/x/`) changed; `None` means all.
    Reload(Option<Vec<String>>),
    /// Only style sheets changed.
    Css(Vec<String>),
    /// The last rebuild failed; the last good site is still served.
    Error(Vec<Diagnostic>),
}

#[derive(Serialize)]
struct Paths<'a> {
    paths: &'a Option<Vec<String>>,
}

#[derive(Serialize)]
struct Errors<'a> {
    errors: &'a [Diagnostic],
}

impl LiveEvent {
    /// The SSE event name and its JSON data.
    pub(crate) fn encode(&self) -> (&'static str, String) {
        let json = |r: serde_json::Result<String>| r.unwrap_or_else(|_| "{}".into());
        match self {
            LiveEvent::Ready => ("ready", "{}".into()),
            LiveEvent::Reload(paths) => ("reload", json(serde_json::to_string(&Paths { paths }))),
            LiveEvent::Css(paths) => (
                "css",
                json(serde_json::to_string(&Paths {
                    paths: &Some(paths.clone()),
                })),
            ),
            LiveEvent::Error(errors) => ("error", json(serde_json::to_string(&Errors { errors }))),
        }
    }
}

/// `html` with the live-reload script tag before its last `</body>` (or at the
/// end when there is none). `error_page` marks a 404 or "no site yet" page, which
/// reloads after any rebuild.
pub(crate) fn inject(html: &[u8], error_page: bool) -> Vec<u8> {
    let mark = if error_page {
        " data-mag-error-page"
    } else {
        ""
    };
    let tag = format!("<script src=\"{SCRIPT_PATH}\"{mark} defer></script>");
    let lower = html.to_ascii_lowercase();
    let at = lower
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The script every served page loads.
pub(crate) const SCRIPT: &str = r#"(() => {
  "use strict";
  const key = "mag-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const y = Number(saved);
    const restore = () => window.scrollTo(0, y);
    if (document.readyState === "complete") restore();
    else window.addEventListener("load", restore);
  }
  const here = () => {
    let p = decodeURI(location.pathname);
    if (p.endsWith("/")) p += "index.html";
    return p;
  };
  const me = document.currentScript;
  const errorPage = !!(me && me.hasAttribute("data-mag-error-page"));
  const isErrorPage = () => errorPage;
  const reload = () => {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  };
  const overlay = (errors) => {
    let box = document.getElementById("mag-error-overlay");
    if (!box) {
      box = document.createElement("div");
      box.id = "mag-error-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;" +
        "padding:2rem;background:rgba(20,20,20,.94);color:#fff;" +
        "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";
      document.body.appendChild(box);
    }
    box.textContent = "";
    const h = document.createElement("h2");
    h.textContent = "mag: the site has errors — showing the last good version";
    h.style.cssText = "color:#ff8080;font-size:1.2rem;margin:0 0 1rem";
    box.appendChild(h);
    for (const e of errors) {
      const item = document.createElement("pre");
      item.className = "mag-error";
      item.style.cssText = "white-space:pre-wrap;margin:0 0 1rem";
      let where = e.file || "";
      if (e.line) where += ":" + e.line + (e.column ? ":" + e.column : "");
      item.textContent =
        (where ? where + ": " : "") + e.severity + ": " + e.message +
        (e.help ? "\n  help: " + e.help : "");
      box.appendChild(item);
    }
  };
  const clear = () => {
    const box = document.getElementById("mag-error-overlay");
    if (box) box.remove();
  };
  const swapCss = () => {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("mag-reload", String(Date.now()));
      link.href = url.toString();
    }
  };
  let broken = false;
  const source = new EventSource("/__mag/events");
  source.addEventListener("ready", () => {
    if (broken) reload();
  });
  source.addEventListener("reload", (ev) => {
    const paths = JSON.parse(ev.data).paths;
    if (broken || isErrorPage() || paths === null || paths.includes(here())) reload();
    clear();
    broken = false;
  });
  source.addEventListener("css", () => {
    swapCss();
  });
  source.addEventListener("error", (ev) => {
    if (!ev.data) return; // the connection itself; EventSource reconnects
    broken = true;
    overlay(JSON.parse(ev.data).errors);
  });
  window.__magLive = { source };
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_end() {
        let out = inject(b"<html><BODY>x</BODY></html>", false);
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("<html><BODY>x<script"));
        assert!(text.ends_with("</script></BODY></html>"));
    }

    #[test]
    fn appends_without_a_body() {
        let text = String::from_utf8(inject(b"plain", true)).unwrap();
        assert!(text.starts_with("plain<script"));
    }
}
