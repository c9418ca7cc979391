//! Link targets as written in a page → what they point at.
//!
//! Rules for an `href` or `src` found on the page at URL path `page`:
//! - `#frag`: an anchor on the same page.
//! - `scheme:…` (`https:`, `mailto:`…) or `//host/…`: another site, unless the URL
//!   starts with the site's own `base_url`; it must parse as a URL (url crate, WHATWG
//!   rules), nothing is fetched.
//! - anything else is resolved against the page's URL (as a browser does), must stay
//!   under the site's base path, and names an output file: a path ending in `/`
//!   means its `index.html`.

use percent_encoding::percent_decode_str;
use url::Url;

/// What a link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A file of the output: its path relative to the output folder (`a/index.html`)
    /// and the decoded fragment, if any.
    Internal {
        /// Output-relative path.
        file: String,
        /// The fragment without `#`, percent-decoded.
        fragment: Option<String>,
    },
    /// Another site, with a URL that parses.
    External,
    /// Not something to check (`javascript:`, `data:`, an empty target).
    Skip,
    /// A link that cannot work, with the reason.
    Invalid(String),
}

/// The site's address, to tell internal from external links.
#[derive(Debug, Clone)]
pub(crate) struct Base {
    /// `https://example.org/review/`.
    pub url: String,
    /// `/review/`.
    pub path: String,
}

/// A host that cannot exist, to resolve relative links with the url crate.
const LOCAL: &str = "http://mag.invalid";

/// Classifies `target`, found on the page whose URL path is `page` (`/review/a/`).
pub(crate) fn classify(target: &str, page: &str, base: &Base) -> Target {
    let target = target.trim();
    if target.is_empty() {
        return Target::Skip;
    }
    if let Some(rest) = target.strip_prefix(base.url.as_str()) {
        return internal(&format!("{}{rest}", base.path), page, base);
    }
    if let Some(scheme) = scheme_of(target) {
        if matches!(scheme.as_str(), "javascript" | "data" | "blob") {
            return Target::Skip;
        }
        return match Url::parse(target) {
            Ok(url) if url.cannot_be_a_base() || url.host().is_some() => Target::External,
            Ok(_) => Target::Invalid(format!("`{target}` has no host name")),
            Err(e) => Target::Invalid(format!("`{target}` is not a valid URL: {e}")),
        };
    }
    if target.starts_with("//") {
        return match Url::parse(&format!("https:{target}")) {
            Ok(_) => Target::External,
            Err(e) => Target::Invalid(format!("`{target}` is not a valid URL: {e}")),
        };
    }
    internal(target, page, base)
}

/// The scheme of `target` when it starts with one (`mailto`, `https`), lowercased.
fn scheme_of(target: &str) -> Option<String> {
    let (scheme, _) = target.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| scheme.to_ascii_lowercase())
}

fn internal(target: &str, page: &str, base: &Base) -> Target {
    let page_url = match Url::parse(LOCAL).and_then(|b| b.join(page)) {
        Ok(u) => u,
        Err(e) => return Target::Invalid(format!("the page URL `{page}` is not valid: {e}")),
    };
    let url = match page_url.join(target) {
        Ok(u) => u,
        Err(e) => return Target::Invalid(format!("`{target}` is not a valid link: {e}")),
    };
    let path = percent_decode_str(url.path()).decode_utf8_lossy();
    let Some(rel) = path.strip_prefix(base.path.as_str()).or_else(|| {
        // `/review` for base path `/review/`.
        (format!("{path}/") == base.path).then_some("")
    }) else {
        return Target::Invalid(format!(
            "`{target}` points outside the site, whose pages all start with {}",
            base.path
        ));
    };
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    let fragment = url
        .fragment()
        .filter(|f| !f.is_empty())
        .map(|f| percent_decode_str(f).decode_utf8_lossy().into_owned());
    Target::Internal { file, fragment }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Base {
        Base {
            url: "https://example.org/review/".into(),
            path: "/review/".into(),
        }
    }

    fn file(f: &str, frag: Option<&str>) -> Target {
        Target::Internal {
            file: f.into(),
            fragment: frag.map(String::from),
        }
    }

    #[test]
    fn resolves_like_a_browser() {
        let b = base();
        let page = "/review/essays/a/";
        assert_eq!(
            classify("#fn-1", page, &b),
            file("essays/a/index.html", Some("fn-1"))
        );
        assert_eq!(
            classify("lead.jpg", page, &b),
            file("essays/a/lead.jpg", None)
        );
        assert_eq!(
            classify("../b/", page, &b),
            file("essays/b/index.html", None)
        );
        assert_eq!(classify("/review/", page, &b), file("index.html", None));
        assert_eq!(classify("/review", page, &b), file("index.html", None));
        assert_eq!(
            classify("https://example.org/review/x/#y", page, &b),
            file("x/index.html", Some("y"))
        );
        assert_eq!(
            classify("caf%C3%A9.png", page, &b),
            file("essays/a/café.png", None)
        );
        assert!(matches!(classify("/about/", page, &b), Target::Invalid(_)));
    }

    #[test]
    fn external_links_must_parse() {
        let b = base();
        assert_eq!(
            classify("https://other.org/x", "/review/", &b),
            Target::External
        );
        assert_eq!(
            classify("mailto:ed@example.org", "/review/", &b),
            Target::External
        );
        assert_eq!(classify("javascript:void(0)", "/review/", &b), Target::Skip);
        assert!(matches!(
            classify("https://exa mple.org/", "/review/", &b),
            Target::Invalid(_)
        ));
        assert!(matches!(
            classify("http://", "/review/", &b),
            Target::Invalid(_)
        ));
        assert!(matches!(
            classify("//bad host/", "/review/", &b),
            Target::Invalid(_)
        ));
    }
}
