//! Link targets: internal links by source path, and the base path.
//!
//! - `[text](@/personages/other.md)` (optionally `#fragment`) becomes the URL of
//!   that content file; a file that does not exist is an error at the link.
//! - A root-relative target (`/about/`, not `//host`) gets the site's base path, so
//!   a site built for `https://example.org/review/` links to `/review/about/`.
//! - Other targets (absolute URLs, relative paths, `#anchors`) are left alone.
//!
//! Image sources are left to [`super::figures`].

use pulldown_cmark::{CowStr, Event, Tag};

use super::{Note, Resolver, Spanned};
use crate::diagnostics::Severity;

/// Rewrites link targets in place, adding a [`Note`] for each broken internal link.
pub(crate) fn resolve(events: &mut Spanned<'_>, resolver: &dyn Resolver, notes: &mut Vec<Note>) {
    for (event, range) in events.iter_mut() {
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        if let Some(target) = dest_url.strip_prefix("@/") {
            let (path, fragment) = match target.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (target, None),
            };
            match resolver.link(path) {
                Ok(url) => {
                    let full = match fragment {
                        Some(f) => format!("{url}#{f}"),
                        None => url,
                    };
                    *dest_url = CowStr::from(full);
                }
                Err(message) => notes.push(Note {
                    offset: range.start,
                    severity: Severity::Error,
                    message,
                    help: "an internal link names a file under content/, as in [text](@/personages/essay.md)"
                        .into(),
                }),
            }
        } else if dest_url.starts_with('/') && !dest_url.starts_with("//") {
            *dest_url = CowStr::from(resolver.root(dest_url));
        }
    }
}
