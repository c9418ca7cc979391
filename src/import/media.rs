//! Media of the old site: every `wp-content/uploads/…` URL that points at the old
//! site (absolute on its address, protocol-relative, or root-relative) becomes a
//! local `/media/…` path, and the file it must be downloaded to is recorded.
//!
//! `https://old.example/wp-content/uploads/2021/06/a.jpg` → `/media/2021/06/a.jpg`,
//! to be saved as `static/media/2021/06/a.jpg`. Query strings (`?resize=…`) and
//! fragments are dropped. Upload URLs on other hosts (a CDN) are left as they are.

use std::collections::BTreeMap;

use url::Url;

/// What every upload URL marks.
const UPLOADS: &str = "/wp-content/uploads/";

/// The old site's media found so far.
#[derive(Debug, Default)]
pub(crate) struct Media {
    site: Option<Url>,
    /// Absolute URL on the old site → the site-relative file to save it as
    /// (`static/media/2021/06/a.jpg`).
    pub files: BTreeMap<String, String>,
}

impl Media {
    /// Media of the site at `site_url` (the export's `wp:base_site_url` or `<link>`;
    /// empty when unknown: then every absolute upload URL counts as the old site's,
    /// and root-relative ones are listed by their path).
    pub(crate) fn new(site_url: &str) -> Self {
        Media {
            site: Url::parse(site_url.trim()).ok().filter(|u| u.has_host()),
            files: BTreeMap::new(),
        }
    }

    /// `text` with every upload URL of the old site replaced by its local path.
    pub(crate) fn localize(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut done = 0;
        for (at, _) in text.match_indices(UPLOADS) {
            if at < done {
                continue;
            }
            let start = text[..at]
                .rfind(|c: char| {
                    c.is_whitespace() || matches!(c, '"' | '\'' | '(' | '=' | ',' | '>' | '[')
                })
                .map_or(0, |i| i + 1)
                .max(done);
            let end = text[at..]
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, '"' | '\'' | ')' | '<' | ',' | ']' | '>')
                })
                .map_or(text.len(), |i| at + i);
            if let Some(local) = self.local(&text[start..end]) {
                out.push_str(&text[done..start]);
                out.push_str(&local);
                done = end;
            }
        }
        out.push_str(&text[done..]);
        out
    }

    /// The local URL (`/media/…`) for one upload URL, recording the download; `None`
    /// for a URL on another host or one that is not a URL.
    fn local(&mut self, found: &str) -> Option<String> {
        let absolute = if let Some(rest) = found.strip_prefix("//") {
            Url::parse(&format!("https://{rest}")).ok()?
        } else if found.starts_with('/') {
            match &self.site {
                Some(site) => site.join(found).ok()?,
                None => {
                    let rest = &found[UPLOADS.len()..];
                    return Some(self.record(found.to_string(), rest));
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
        let path = absolute.path();
        let rest = &path[path.find(UPLOADS)? + UPLOADS.len()..];
        if rest.is_empty() {
            return None;
        }
        let mut clean = absolute.clone();
        clean.set_query(None);
        clean.set_fragment(None);
        let rest = rest.to_string();
        Some(self.record(clean.to_string(), &rest))
    }

    fn record(&mut self, absolute: String, rest: &str) -> String {
        let rest = rest.split(['?', '#']).next().unwrap_or_default();
        let file = percent_encoding::percent_decode_str(rest).decode_utf8_lossy();
        self.files.insert(absolute, format!("static/media/{file}"));
        format!("/media/{rest}")
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
}
