//! Absolute URLs, for everything that leaves the site: feeds, sitemaps, meta tags,
//! JSON-LD.
//!
//! [`url`] turns one URL as it appears in the site (root-relative with the base
//! path, protocol-relative, or already absolute) into an absolute one;
//! [`html`] rewrites every `href`, `src`, `srcset` and `poster` of an HTML fragment
//! against the page's own absolute URL, with an HTML rewriter (lol_html), never a
//! regular expression.

use chrono::{DateTime, FixedOffset, SecondsFormat};
use lol_html::{element, html_content::Element, rewrite_str, HandlerResult, RewriteStrSettings};

use crate::config::Config;

/// The absolute form of `link` as written in the site: `/review/a/` →
/// `https://example.org/review/a/`; `//cdn.org/x.png` → `https://cdn.org/x.png`; an
/// absolute URL is returned unchanged, and so is anything else (a bare relative path
/// has no page to be relative to here).
pub(crate) fn url(config: &Config, link: &str) -> String {
    if let Some(rest) = link.strip_prefix("//") {
        let scheme = config.base_url.split_once(':').map_or("https", |(s, _)| s);
        format!("{scheme}://{rest}")
    } else if link.starts_with('/') {
        config.absolute(link)
    } else {
        link.to_string()
    }
}

/// RFC 3339 with seconds and an explicit offset (`2023-01-10T00:00:00+00:00`), as
/// Atom (RFC 4287 §3.3), sitemaps and schema.org expect.
pub(crate) fn datetime(date: &DateTime<FixedOffset>) -> String {
    date.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// Rewrites the links and media sources of an HTML fragment against `page` (the
/// absolute URL of the page the fragment belongs to): `#fn-1`, `figure.png`,
/// `/review/about/` all become absolute. Values that do not parse as URL
/// references are left alone. Returns the fragment unchanged if it cannot be parsed.
pub(crate) fn html(fragment: &str, page: &str) -> String {
    let Ok(base) = url::Url::parse(page) else {
        return fragment.to_string();
    };
    let fix = |el: &mut Element<'_, '_>, attr: &str| -> HandlerResult {
        if let Some(value) = el.get_attribute(attr) {
            let new = if attr == "srcset" {
                srcset(&base, &value)
            } else {
                base.join(value.trim())
                    .map_or(value.clone(), |u| u.to_string())
            };
            el.set_attribute(attr, &new)?;
        }
        Ok(())
    };
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("[href]", |el| fix(el, "href")))
        .append_element_content_handler(element!("[src]", |el| fix(el, "src")))
        .append_element_content_handler(element!("[srcset]", |el| fix(el, "srcset")))
        .append_element_content_handler(element!("[poster]", |el| fix(el, "poster")));
    rewrite_str(fragment, settings).unwrap_or_else(|_| fragment.to_string())
}

/// `a.png 1x, b.png 2x` with each URL made absolute.
fn srcset(base: &url::Url, value: &str) -> String {
    value
        .split(',')
        .map(|candidate| {
            let candidate = candidate.trim();
            let (link, descriptor) = candidate
                .split_once(char::is_whitespace)
                .unwrap_or((candidate, ""));
            let link = base.join(link).map_or(link.to_string(), |u| u.to_string());
            if descriptor.is_empty() {
                link
            } else {
                format!("{link} {}", descriptor.trim())
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_every_kind_of_reference() {
        let page = "https://example.org/sub/essays/one/";
        let out = html(
            r##"<p><a href="#fn-1">1</a> <a href="/sub/about/?a=1&amp;b=2">x</a> <img src="fig.png" alt="a &amp; b"> <a href="https://other.org/">o</a> <a href="mailto:a@b.org">m</a></p>"##,
            page,
        );
        assert!(
            out.contains(r#"href="https://example.org/sub/essays/one/#fn-1""#),
            "{out}"
        );
        assert!(
            out.contains(r#"href="https://example.org/sub/about/?a=1&amp;b=2""#),
            "{out}"
        );
        assert!(
            out.contains(r#"src="https://example.org/sub/essays/one/fig.png""#),
            "{out}"
        );
        assert!(out.contains(r#"alt="a &amp; b""#), "{out}");
        assert!(out.contains(r#"href="https://other.org/""#), "{out}");
        assert!(out.contains(r#"href="mailto:a@b.org""#), "{out}");
    }

    #[test]
    fn srcset_candidates() {
        let base = url::Url::parse("https://e.org/a/").unwrap();
        assert_eq!(
            srcset(&base, "x.png 1x, /y.png 2x"),
            "https://e.org/a/x.png 1x, https://e.org/y.png 2x"
        );
    }
}
