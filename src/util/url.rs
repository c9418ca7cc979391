//! Which link addresses mag writes as links from text a contributor types
//! (titles, deks, captions, credits, contributors' links).

/// Schemes a typed link may use; anything else (`javascript:`, `data:`,
/// `vbscript:`) would run or hide code behind a reader's click.
pub(crate) const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// True for a relative address (`/about/`, `../x/`, `#fn1`, `page.html`) or an
/// absolute one whose scheme is http, https or mailto.
///
/// The scheme is read as browsers read it (WHATWG URL Standard, "basic URL
/// parser", via the `url` crate): leading and trailing spaces and control
/// characters are dropped and tabs and newlines inside removed, so
/// `java\tscript:` and ` javascript:` count as `javascript:`.
pub(crate) fn is_safe_link(href: &str) -> bool {
    match url::Url::parse(href) {
        Ok(u) => SAFE_SCHEMES.contains(&u.scheme()),
        Err(url::ParseError::RelativeUrlWithoutBase) => true,
        Err(_) => false,
    }
}

/// True for an absolute address a reader can follow: http(s) with a host, or
/// mailto (a contributor's `links`).
pub(crate) fn is_absolute_link(href: &str) -> bool {
    url::Url::parse(href).is_ok_and(|u| match u.scheme() {
        "http" | "https" => u.has_host(),
        "mailto" => true,
        _ => false,
    })
}

/// What [`encode_path`] escapes: controls, non-ASCII, and what would end or
/// split a URL path or a `srcset` candidate (RFC 3986 §3.3; HTML's srcset).
const PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b',')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// A site path (a file's name as it is on disk) as a URL path: `/a/my photo.jpg`
/// is `/a/my%20photo.jpg`.
pub(crate) fn encode_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, PATH).to_string()
}

/// A URL path as the file name it names: `my%20photo.jpg` is `my photo.jpg`
/// (invalid escapes stay as written).
pub(crate) fn decode_path(path: &str) -> String {
    percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::{is_absolute_link, is_safe_link};

    #[test]
    fn schemes() {
        for good in [
            "/about/",
            "../x/",
            "#fn1",
            "page.html",
            "https://example.org/a?b#c",
            "http://example.org",
            "mailto:ed@example.org",
            "HTTPS://EXAMPLE.ORG/",
        ] {
            assert!(is_safe_link(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "javascript://x%0aalert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
        ] {
            assert!(!is_safe_link(bad), "{bad:?}");
        }
        assert!(is_absolute_link("https://example.org/"));
        assert!(is_absolute_link("mailto:a@b.org"));
        assert!(!is_absolute_link("javascript://x%0aalert(1)"));
        assert!(!is_absolute_link("/relative/"));
        assert!(!is_absolute_link("ftp://example.org/"));
    }
}
