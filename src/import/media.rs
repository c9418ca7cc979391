//! Media of the old site: every `wp-content/uploads/…` URL that points at the old
//! site (absolute on its address, protocol-relative, or root-relative) becomes a
//! local `/media/…` path, and the file it must be downloaded to is recorded.
//!
//! `https://old.example/wp-content/uploads/2021/06/a.jpg` → `/media/2021/06/a.jpg`,
//! to be saved as `static/media/2021/06/a.jpg`. Query strings (`?resize=…`) and
//! fragments are dropped. Upload URLs on other hosts (a CDN) are left as they are.
//!
//! The export decides these paths, so they are checked (an export can be crafted):
//! the part after `uploads/`, percent-decoded, must be a plain relative path of
//! names: no `.` or `..` name, no empty one (`//`), no backslash, no control
//! character or line break, no space at either end of a name, valid UTF-8. A URL
//! that fails keeps its old address and is named in [`Media::rejected`]. So every
//! line of the media list is `URL FILE`: an `http(s)` URL (or, when the export
//! names no site, a root-relative path) without spaces or control characters, and
//! a file under `static/media/` that stays inside the site.

use std::collections::BTreeMap;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use url::Url;

/// What every upload URL marks.
const UPLOADS: &str = "/wp-content/uploads/";

/// What is percent-encoded in a name of a local media path: what would end the
/// URL in the post's HTML (quotes, spaces, `,` and `=` of a `srcset`, brackets,
/// `&`) or change its meaning (`%`, `?`, `#`, `\\`); non-ASCII is always encoded.
const NAME: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'\'')
    .add(b'<')
    .add(b'>')
    .add(b'(')
    .add(b')')
    .add(b'[')
    .add(b']')
    .add(b',')
    .add(b'=')
    .add(b'&')
    .add(b'%')
    .add(b'?')
    .add(b'#')
    .add(b'\\')
    .add(b'`');

/// The old site's media found so far.
#[derive(Debug, Default)]
pub(crate) struct Media {
    site: Option<Url>,
    /// Absolute URL on the old site → the site-relative file to save it as
    /// (`static/media/2021/06/a.jpg`).
    pub files: BTreeMap<String, String>,
    /// Upload URLs left as they were because their file would not be a plain path
    /// inside the site: `(URL, reason)`, since the last [`Media::take_rejected`].
    rejected: Vec<(String, &'static str)>,
}

impl Media {
    /// Media of the site at `site_url` (the export's `wp:base_site_url` or `<link>`;
    /// empty when unknown: then every absolute upload URL counts as the old site's,
    /// and root-relative ones are listed by their path).
    pub(crate) fn new(site_url: &str) -> Self {
        Media {
            site: Url::parse(site_url.trim()).ok().filter(|u| u.has_host()),
            files: BTreeMap::new(),
            rejected: Vec::new(),
        }
    }

    /// `text` with every upload URL of the old site replaced by its local path.
    /// Linear in the text: each byte is looked at a bounded number of times.
    pub(crate) fn localize(&mut self, text: &str) -> String {
        let starts =
            |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '(' | '=' | ',' | '>' | '[');
        let ends =
            |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ')' | '<' | ',' | ']' | '>');
        let mut out = String::with_capacity(text.len());
        let mut done = 0;
        // Where the last scan for a start stopped, and the start found so far.
        let (mut scanned, mut token_start) = (0, 0);
        // The end of the token of the last match.
        let mut token_end = 0;
        for (at, _) in text.match_indices(UPLOADS) {
            if at < done {
                continue;
            }
            if let Some(i) = text[scanned..at].rfind(starts) {
                token_start =
                    scanned + i + text[scanned + i..].chars().next().map_or(1, char::len_utf8);
            }
            scanned = at;
            if at >= token_end {
                token_end = text[at..].find(ends).map_or(text.len(), |i| at + i);
            }
            let start = token_start.max(done);
            if let Some(local) = self.local(&text[start..token_end]) {
                out.push_str(&text[done..start]);
                out.push_str(&local);
                done = token_end;
            }
        }
        out.push_str(&text[done..]);
        out
    }

    /// The local URL (`/media/…`) for one upload URL, recording the download; `None`
    /// for a URL on another host, one that is not a URL, or one whose file would not
    /// be a plain path (recorded in `rejected`).
    fn local(&mut self, found: &str) -> Option<String> {
        let absolute = if let Some(rest) = found.strip_prefix("//") {
            let url = Url::parse(&format!("https://{rest}")).ok()?;
            if !self.ours(&url) {
                return None;
            }
            url
        } else if found.starts_with('/') {
            match &self.site {
                Some(site) => site.join(found).ok()?,
                None => {
                    // No address to download from: listed by its path.
                    let url = Url::parse("https://site.invalid/").ok()?.join(found).ok()?;
                    return self.record(found, url.path().to_string(), url.path());
                }
            }
        } else if found.starts_with("http://") || found.starts_with("https://") {
            let url = Url::parse(found).ok()?;
            if !self.ours(&url) {
                return None;
            }
            url
        } else {
            return None;
        };
        let mut clean = absolute.clone();
        clean.set_query(None);
        clean.set_fragment(None);
        let path = clean.path().to_string();
        self.record(found, clean.to_string(), &path)
    }

    /// Records the download of `url` (whose path is `path`) and gives its local
    /// URL; `None` when the path has nothing after `uploads/`, or its file would not
    /// be a plain path inside the site (then recorded in `rejected`).
    fn record(&mut self, found: &str, url: String, path: &str) -> Option<String> {
        let rest = &path[path.find(UPLOADS)? + UPLOADS.len()..];
        if rest.is_empty() {
            return None;
        }
        let names = match names(rest) {
            Ok(names) => names,
            Err(why) => {
                self.rejected.push((found.to_string(), why));
                return None;
            }
        };
        if url.contains(|c: char| c.is_whitespace() || c.is_control()) {
            self.rejected
                .push((found.to_string(), "a space or control character"));
            return None;
        }
        self.files
            .insert(url, format!("static/media/{}", names.join("/")));
        let encoded: Vec<String> = names
            .iter()
            .map(|n| utf8_percent_encode(n, NAME).to_string())
            .collect();
        Some(format!("/media/{}", encoded.join("/")))
    }

    /// The upload URLs left as they were since the last call, each with the reason.
    pub(crate) fn take_rejected(&mut self) -> Vec<(String, &'static str)> {
        std::mem::take(&mut self.rejected)
    }

    /// True for a URL on the old site's host (`www.` or not, http or https).
    fn ours(&self, url: &Url) -> bool {
        let Some(site) = &self.site else {
            return true;
        };
        let bare = |u: &Url| {
            u.host_str()
                .unwrap_or_default()
                .trim_start_matches("www.")
                .to_ascii_lowercase()
        };
        bare(site) == bare(url)
    }

    /// The lines of `imported-media.txt`: `URL FILE`, one download a line.
    pub(crate) fn lines(&self) -> Vec<String> {
        self.files
            .iter()
            .map(|(url, file)| format!("{url} {file}"))
            .collect()
    }
}

/// The decoded names of the path after `uploads/`; why it is not a plain relative
/// path of names when it is not.
fn names(rest: &str) -> Result<Vec<String>, &'static str> {
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .map_err(|_| "a name that is not UTF-8")?;
    let mut names = Vec::new();
    for name in decoded.split('/') {
        if name.is_empty() {
            return Err("an empty name (`//` or a final `/`)");
        }
        if name == "." || name == ".." {
            return Err("a `.` or `..` name, which would leave the media folder");
        }
        if name.contains(|c: char| c.is_control()) {
            return Err("a control character or line break");
        }
        if name.contains('\\') {
            return Err("a backslash");
        }
        if name.trim() != name {
            return Err("a space at the start or end of a name");
        }
        names.push(name.to_string());
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localizes_the_old_sites_uploads() {
        let mut m = Media::new("https://old.example/");
        let html = "<img src=\"https://old.example/wp-content/uploads/2021/06/a.jpg?resize=300\" srcset=\"https://www.old.example/wp-content/uploads/2021/06/a-300.jpg 300w, /wp-content/uploads/2021/06/b%20c.jpg 2x\"> <img src=\"https://cdn.example/wp-content/uploads/x.jpg\">";
        assert_eq!(
            m.localize(html),
            "<img src=\"/media/2021/06/a.jpg\" srcset=\"/media/2021/06/a-300.jpg 300w, /media/2021/06/b%20c.jpg 2x\"> <img src=\"https://cdn.example/wp-content/uploads/x.jpg\">"
        );
        assert_eq!(
            m.lines(),
            [
                "https://old.example/wp-content/uploads/2021/06/a.jpg static/media/2021/06/a.jpg",
                "https://old.example/wp-content/uploads/2021/06/b%20c.jpg static/media/2021/06/b c.jpg",
                "https://www.old.example/wp-content/uploads/2021/06/a-300.jpg static/media/2021/06/a-300.jpg",
            ]
        );
    }

    #[test]
    fn crafted_upload_paths_are_left_alone() {
        let mut m = Media::new("https://old.example/");
        let html = "<img src=\"https://old.example/wp-content/uploads/..%2f..%2f.bashrc\">\u{a0}https://old.example/wp-content/uploads/ok%25.jpg <img src=\"https://old.example/wp-content/uploads/a.jpg%0ahttps://evil.example/x%20../../.bashrc\"> //evil.example/wp-content/uploads/c.jpg /wp-content/uploads/a%5cb.jpg /wp-content/uploads/a//b.jpg";
        assert_eq!(
            m.localize(html),
            "<img src=\"https://old.example/wp-content/uploads/..%2f..%2f.bashrc\">\u{a0}/media/ok%25.jpg <img src=\"https://old.example/wp-content/uploads/a.jpg%0ahttps://evil.example/x%20../../.bashrc\"> //evil.example/wp-content/uploads/c.jpg /wp-content/uploads/a%5cb.jpg /wp-content/uploads/a//b.jpg"
        );
        assert_eq!(
            m.lines(),
            ["https://old.example/wp-content/uploads/ok%25.jpg static/media/ok%.jpg"]
        );
        let why: Vec<&str> = m.take_rejected().into_iter().map(|(_, why)| why).collect();
        assert_eq!(why.len(), 4, "{why:?}");
        assert!(m.take_rejected().is_empty());
        assert_eq!(
            names("a/ b.jpg"),
            Err("a space at the start or end of a name")
        );
        assert_eq!(names("%ff.jpg"), Err("a name that is not UTF-8"));
        assert_eq!(
            names("2021/%C3%BC.jpg"),
            Ok(vec!["2021".into(), "ü.jpg".into()])
        );
    }
}
