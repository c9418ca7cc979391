//! The HTTP side of `mag serve` (axum): site files, the live-reload script and
//! its event stream.
//!
//! Steps for a request: refuse any target that could leave the site
//! ([`site_key`]: `..` or `.` segments, plain or percent-encoded; encoded slashes,
//! backslashes or NUL; backslashes; `//` or drive-letter absolute paths) with 403;
//! look the path up in the in-memory site (a folder URL serves its `index.html`,
//! `/x` redirects to `/x/` when that is a folder); serve a copied file only when
//! its real path (symbolic links resolved) lies inside the site folder; else the
//! site's `404.html` with status 404. Every response says `no-store`, so a browser
//! never shows a page older than the last rebuild; HTML gets the live-reload tag.
//!
//! Pages and style sheets are answered from memory. A copied file (static files,
//! bundle files) is streamed from disk by tower-http's `ServeFile`, which honours
//! `Range` (206 with `Content-Range`, 416 when unsatisfiable) and never holds
//! more than a 64 KiB chunk of it per request; only a copied HTML file of up to
//! [`INJECT_LIMIT`] bytes is read whole, to add the live-reload tag.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream};
use percent_encoding::percent_decode_str;
use tokio::sync::broadcast::error::RecvError;
use tower_http::services::ServeFile;

use super::livereload::{self, LiveEvent, EVENTS_PATH, SCRIPT, SCRIPT_PATH};
use super::{Shared, SiteFiles};
use crate::output::Data;

const NO_STORE: &str = "no-store, must-revalidate";

/// The router of the preview server.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(SCRIPT_PATH, get(script))
        .route(EVENTS_PATH, get(events))
        .fallback(site_file)
        .with_state(shared)
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, NO_STORE),
        ],
        SCRIPT,
    )
        .into_response()
}

fn sse_event(ev: &LiveEvent) -> Event {
    let (name, data) = ev.encode();
    Event::default().event(name).data(data)
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe first, so that no rebuild between reading the state and listening
    // is missed.
    let rx = shared.events.subscribe();
    let first = shared.current_event();
    let stream = stream::unfold((Some(first), rx), |(first, mut rx)| async move {
        if let Some(ev) = first {
            return Some((Ok(sse_event(&ev)), (None, rx)));
        }
        let ev = match rx.recv().await {
            Ok(ev) => ev,
            Err(RecvError::Lagged(_)) => LiveEvent::Reload(None),
            Err(RecvError::Closed) => return None,
        };
        Some((Ok(sse_event(&ev)), (None, rx)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Why a request target was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// It tries to leave the site (403).
    Forbidden,
    /// It is not valid UTF-8 once decoded (400).
    BadRequest,
}

/// The path of a request target inside the site (`essays/x/`, `css/main.css`, ``
/// for the root), or why it is refused. `raw` is the path as sent, still
/// percent-encoded.
pub(crate) fn site_key(raw: &str) -> Result<String, Refused> {
    if !raw.starts_with('/') || raw.contains('\\') {
        return Err(Refused::Forbidden);
    }
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return Err(Refused::Forbidden);
    }
    let decoded = percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| Refused::BadRequest)?;
    let rest = &decoded[1..];
    if rest.starts_with('/') || rest.contains('\\') || rest.contains('\0') {
        return Err(Refused::Forbidden);
    }
    for (i, segment) in rest.split('/').enumerate() {
        let drive = i == 0 && segment.len() == 2 && segment.ends_with(':');
        if segment == ".." || segment == "." || drive {
            return Err(Refused::Forbidden);
        }
    }
    Ok(rest.to_string())
}

fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let essence = mime.essence_str();
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            essence,
            "application/javascript" | "application/json" | "application/xml" | "image/svg+xml"
        )
        || essence.ends_with("+xml");
    if textual {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_string()
    }
}

/// The largest copied HTML file that gets the live-reload tag: it is read whole
/// to add it. A larger one is streamed as it is.
pub(crate) const INJECT_LIMIT: u64 = 8 * 1024 * 1024;

fn is_html(content_type: &str) -> bool {
    content_type.starts_with("text/html")
}

fn respond(status: StatusCode, path: &str, body: Body) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, content_type(path)),
            (header::CACHE_CONTROL, NO_STORE.to_string()),
        ],
        body,
    )
        .into_response()
}

/// An HTML page with the live-reload tag.
fn respond_html(status: StatusCode, path: &str, html: &[u8], error_page: bool) -> Response {
    let body = Body::from(livereload::inject(html, error_page));
    respond(status, path, body)
}

fn plain(status: StatusCode, text: &str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, NO_STORE),
        ],
        text.to_string(),
    )
        .into_response()
}

/// Where a copied file really is (symbolic links resolved), or `Err(403)` when
/// that lies outside the site folder, `Err(404)` when it is gone.
fn real_path(shared: &Shared, path: &std::path::Path) -> Result<std::path::PathBuf, StatusCode> {
    let real = path.canonicalize().map_err(|_| StatusCode::NOT_FOUND)?;
    let in_cache = (shared.image_cache.as_ref()).is_some_and(|c| real.starts_with(c));
    if !real.starts_with(&shared.root) && !in_cache {
        return Err(StatusCode::FORBIDDEN);
    }
    Ok(real)
}

/// The response for `file` (its site path) of `site`, made from `data`.
/// `request` is the client's, for `Range` and conditional headers.
async fn serve_data(
    shared: &Shared,
    site: &SiteFiles,
    file: &str,
    data: &Data,
    request: Request,
) -> Response {
    let html = is_html(&content_type(file));
    match data {
        Data::Bytes(b) if html => respond_html(StatusCode::OK, file, b, false),
        Data::Static(b) if html => respond_html(StatusCode::OK, file, b, false),
        Data::Bytes(b) => respond(StatusCode::OK, file, Body::from(b.clone())),
        Data::Static(b) => respond(StatusCode::OK, file, Body::from(*b)),
        Data::Copy(path) | Data::Cached(path) => {
            let real = match real_path(shared, path) {
                Ok(real) => real,
                Err(StatusCode::FORBIDDEN) => {
                    return plain(StatusCode::FORBIDDEN, "403 forbidden\n")
                }
                Err(status) => return not_found(shared, site, status),
            };
            let small = || std::fs::metadata(&real).is_ok_and(|m| m.len() <= INJECT_LIMIT);
            if html && small() {
                return match std::fs::read(&real) {
                    Ok(bytes) => respond_html(StatusCode::OK, file, &bytes, false),
                    Err(_) => not_found(shared, site, StatusCode::NOT_FOUND),
                };
            }
            stream_file(shared, site, file, &real, request).await
        }
    }
}

/// Streams a file from disk through tower-http's `ServeFile` (ranges,
/// `Last-Modified`, HEAD), with mag's content type and `no-store`.
async fn stream_file(
    shared: &Shared,
    site: &SiteFiles,
    file: &str,
    real: &std::path::Path,
    request: Request,
) -> Response {
    let mime = content_type(file)
        .parse()
        .unwrap_or(mime_guess::mime::APPLICATION_OCTET_STREAM);
    match ServeFile::new_with_mime(real, &mime)
        .try_call(request)
        .await
    {
        Ok(response) if response.status() == StatusCode::NOT_FOUND => {
            not_found(shared, site, StatusCode::NOT_FOUND)
        }
        Ok(response) => {
            let mut response = response.map(Body::new);
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_STORE));
            response
        }
        Err(_) => not_found(shared, site, StatusCode::NOT_FOUND),
    }
}

async fn site_file(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let method = request.method();
    if method != Method::GET && method != Method::HEAD {
        return plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "mag serve only answers GET and HEAD\n",
        );
    }
    let uri = request.uri().clone();
    let key = match site_key(uri.path()) {
        Ok(k) => k,
        Err(Refused::Forbidden) => return plain(StatusCode::FORBIDDEN, "403 forbidden\n"),
        Err(Refused::BadRequest) => return plain(StatusCode::BAD_REQUEST, "400 bad request\n"),
    };
    let Some(site) = shared.site() else {
        let page = b"<!doctype html><html><head><meta charset=utf-8><title>mag serve: errors</title></head><body><p>The site has errors; fix them and this page reloads.</p></body></html>";
        return respond_html(StatusCode::SERVICE_UNAVAILABLE, "x.html", page, true);
    };
    let file = if key.is_empty() || key.ends_with('/') {
        format!("{key}index.html")
    } else {
        key.clone()
    };
    if let Some(data) = site.get(&file) {
        return serve_data(&shared, &site, &file, data, request).await;
    }
    if site.contains_key(&format!("{key}/index.html")) {
        let mut target = format!("{}/", uri.path());
        if let Some(q) = uri.query() {
            target.push('?');
            target.push_str(q);
        }
        return (
            StatusCode::FOUND,
            [
                (header::LOCATION, target),
                (header::CACHE_CONTROL, NO_STORE.to_string()),
            ],
        )
            .into_response();
    }
    not_found(&shared, &site, StatusCode::NOT_FOUND)
}

/// The site's `404.html` (with the live-reload tag) under `status`, or a plain
/// "404 not found".
fn not_found(shared: &Shared, site: &SiteFiles, status: StatusCode) -> Response {
    let page = match site.get("404.html") {
        Some(Data::Bytes(b)) => Some(b.clone()),
        Some(Data::Static(b)) => Some(b.to_vec()),
        Some(Data::Copy(path) | Data::Cached(path)) => real_path(shared, path)
            .ok()
            .filter(|real| std::fs::metadata(real).is_ok_and(|m| m.len() <= INJECT_LIMIT))
            .and_then(|real| std::fs::read(real).ok()),
        None => None,
    };
    match page {
        Some(bytes) => respond_html(status, "404.html", &bytes, true),
        None => plain(status, "404 not found\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_ordinary_paths() {
        assert_eq!(site_key("/").unwrap(), "");
        assert_eq!(site_key("/essays/x/").unwrap(), "essays/x/");
        assert_eq!(site_key("/caf%C3%A9/").unwrap(), "café/");
        assert_eq!(site_key("/a..b/").unwrap(), "a..b/");
    }

    #[test]
    fn refuses_every_way_out() {
        for raw in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/.%2e/etc/passwd",
            "/..%2fetc/passwd",
            "/..%2Fetc",
            "/..%5cetc",
            "/..\\etc",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/C:/Windows/win.ini",
            "/./index.html",
            "/%00/../etc/passwd",
            "/index.html%00.txt",
            "/%2e%2e%5cetc",
            "etc/passwd",
            "http://example.org/",
        ] {
            assert_eq!(site_key(raw), Err(Refused::Forbidden), "{raw}");
        }
    }

    #[test]
    fn text_types_say_utf8() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("css/main.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("img/a.png"), "image/png");
        assert_eq!(content_type("feed.xml"), "text/xml; charset=utf-8");
    }
}
