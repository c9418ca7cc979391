//! Leaf utilities shared by several stages, depending on nothing else in mag:
//! [`slug`] (URL-safe names, for content and for heading ids) and [`hash`]
//! (fingerprints for the dev server's cache), [`links`] (symbolic links must stay
//! inside the site), [`url`] (which link schemes typed text may use), [`progress`]
//! (what a long stage is doing, for the command line to show).

pub(crate) mod hash;
pub(crate) mod links;
pub(crate) mod progress;
pub(crate) mod slug;
pub(crate) mod url;

use std::path::Path;

/// `path` relative to `site_dir`, with `/` separators, for messages (`path` as
/// it is when it lies outside).
pub(crate) fn site_relative(path: &Path, site_dir: &Path) -> String {
    path.strip_prefix(site_dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}
