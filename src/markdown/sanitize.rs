//! The HTML of a body built in untrusted mode (`mag build --untrusted`), cleaned
//! by `ammonia` (an html5ever-based allow-list sanitiser) with an allow-list
//! suited to a magazine: text, figures, tables, pull quotes, footnotes, details,
//! audio and video, and embeds (`<iframe>`) only from the hosts the site allows.
//! Scripts, styles, event handlers, forms, `javascript:` and `data:` links are
//! removed. mag's own markup (footnotes, figures, pull quotes, heading ids)
//! passes unchanged, so a clean body renders exactly as in a normal build.

use std::cell::Cell;
use std::collections::HashSet;
use std::rc::Rc;

use lol_html::{element, end_tag, rewrite_str, RewriteStrSettings};

/// Hosts whose players may be embedded in untrusted copy by default (`<iframe
/// src="https://HOST/…">`); `[security] embed_hosts` in mag.toml adds more.
pub const DEFAULT_EMBED_HOSTS: &[&str] = &[
    "www.youtube-nocookie.com",
    "www.youtube.com",
    "player.vimeo.com",
    "w.soundcloud.com",
    "open.spotify.com",
    "embed.podcasts.apple.com",
    "bandcamp.com",
    "datawrapper.dwcdn.net",
    "flo.uri.sh",
];

/// Tags allowed besides ammonia's defaults (which cover text, lists, tables,
/// headings, `figure`, `figcaption`, `aside`, `details`, `summary`, `mark`).
const EXTRA_TAGS: &[&str] = &[
    "section", "picture", "source", "audio", "video", "track", "iframe", "tfoot",
];

/// Attributes allowed on every element: mag's ids (headings, footnotes) and
/// classes (`footnote-ref`, `pullquote`, `language-rust`), ARIA roles.
const GENERIC_ATTRIBUTES: &[&str] = &["id", "class", "role", "lang", "title", "dir"];

/// Attributes allowed on some elements, beyond ammonia's defaults.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("img", &["srcset", "sizes", "loading", "decoding"]),
    ("source", &["src", "srcset", "sizes", "type", "media"]),
    ("audio", &["src", "controls", "preload"]),
    (
        "video",
        &["src", "controls", "preload", "poster", "width", "height"],
    ),
    ("track", &["src", "kind", "srclang", "label", "default"]),
    (
        "iframe",
        &[
            "src",
            "width",
            "height",
            "title",
            "allow",
            "allowfullscreen",
            "loading",
            "referrerpolicy",
        ],
    ),
    ("th", &["style", "scope"]),
    ("td", &["style"]),
    ("a", &["aria-label"]),
    ("blockquote", &["cite"]),
    ("time", &["datetime"]),
];

/// A configured sanitiser; build it once per site and share it.
pub struct Sanitizer {
    builder: ammonia::Builder<'static>,
}

impl std::fmt::Debug for Sanitizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sanitizer")
    }
}

impl Sanitizer {
    /// A sanitiser that allows embeds from `embed_hosts` (exact host names, as
    /// in [`DEFAULT_EMBED_HOSTS`]); any other `<iframe>` loses its `src`.
    pub fn new(embed_hosts: &[String]) -> Sanitizer {
        let hosts: HashSet<String> = embed_hosts.iter().map(|h| h.to_ascii_lowercase()).collect();
        let mut builder = ammonia::Builder::default();
        builder
            .add_tags(EXTRA_TAGS)
            .add_generic_attributes(GENERIC_ATTRIBUTES)
            .add_generic_attribute_prefixes(["aria-"])
            .url_schemes(crate::util::url::SAFE_SCHEMES.iter().copied().collect())
            .link_rel(None)
            // Table cells keep their alignment and nothing else of `style`.
            .filter_style_properties(["text-align"].into_iter().collect())
            .attribute_filter(move |element, attribute, value| {
                let keep = match (element, attribute) {
                    ("iframe", "src") => embed_allowed(&hosts, value),
                    // Addresses ammonia does not check as URLs.
                    (_, "srcset") => value
                        .split(',')
                        .filter_map(|candidate| candidate.split_whitespace().next())
                        .all(crate::util::url::is_safe_link),
                    (_, "cite" | "poster") => crate::util::url::is_safe_link(value),
                    _ => true,
                };
                keep.then(|| value.into())
            });
        for (tag, attributes) in TAG_ATTRIBUTES {
            builder.add_tag_attributes(tag, attributes.iter());
        }
        Sanitizer { builder }
    }

    /// `html` with everything outside the allow-list removed (a `<script>`
    /// element with its text; an `onclick` attribute; a `javascript:` href).
    ///
    /// Errors (a sentence) when elements nest deeper than [`MAX_DEPTH`]: the
    /// sanitiser builds a tree, and a tree builder's time grows with the square
    /// of the depth (100,000 unclosed `<div>`s took minutes).
    pub fn clean(&self, html: &str) -> Result<String, String> {
        if too_deep(html) {
            return Err(format!(
                "the body nests more than {MAX_DEPTH} elements deep (block quotes, lists or HTML elements); untrusted builds refuse it"
            ));
        }
        Ok(self.builder.clean(html).to_string())
    }
}

/// How deep elements may nest in a body built in untrusted mode.
pub(crate) const MAX_DEPTH: usize = 512;

/// Elements whose end tag may be left out (HTML Standard, "optional tags"): an
/// end-tag handler does not run when a later tag closes them, so they are not
/// counted; they cannot nest in themselves anyway.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "rt", "rp", "optgroup", "option", "thead", "tbody", "tfoot", "tr", "td",
    "th", "colgroup", "caption",
];

/// True when elements in `html` nest deeper than [`MAX_DEPTH`], read by a
/// streaming HTML reader (lol_html) in time proportional to the text.
fn too_deep(html: &str) -> bool {
    let depth = Rc::new(Cell::new(0usize));
    let deepest = Rc::new(Cell::new(0usize));
    let (d, m) = (depth.clone(), deepest.clone());
    let settings =
        RewriteStrSettings::new().append_element_content_handler(element!("*", move |el| {
            if !el.can_have_content() || OPTIONAL_END.contains(&el.tag_name().as_str()) {
                return Ok(());
            }
            d.set(d.get() + 1);
            m.set(m.get().max(d.get()));
            if d.get() > MAX_DEPTH {
                return Err("too deep".into());
            }
            let d = d.clone();
            el.on_end_tag(end_tag!(move |_| {
                d.set(d.get().saturating_sub(1));
                Ok(())
            }))
        }));
    rewrite_str(html, settings).is_err() && deepest.get() > MAX_DEPTH
}

/// True for an `https://` address on one of `hosts`.
fn embed_allowed(hosts: &HashSet<String>, src: &str) -> bool {
    url::Url::parse(src)
        .is_ok_and(|u| u.scheme() == "https" && u.host_str().is_some_and(|h| hosts.contains(h)))
}

#[cfg(test)]
mod tests {
    use super::{Sanitizer, DEFAULT_EMBED_HOSTS};

    fn clean(html: &str) -> String {
        let hosts: Vec<String> = DEFAULT_EMBED_HOSTS.iter().map(|h| h.to_string()).collect();
        Sanitizer::new(&hosts).clean(html).unwrap()
    }

    #[test]
    fn magazine_markup_passes_unchanged() {
        for html in [
            "<h2 id=\"a-b\">A b</h2>",
            "<p>A note<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" role=\"doc-noteref\">1</a></sup>.</p>",
            "<aside class=\"pullquote\"><blockquote><p>Words.</p></blockquote><cite>Who</cite></aside>",
            "<figure class=\"wide\"><img src=\"a.jpg\" alt=\"A\" loading=\"lazy\" decoding=\"async\" width=\"4\" height=\"3\"><figcaption>C <span class=\"credit\">D</span></figcaption></figure>",
            "<table><thead><tr><th style=\"text-align:center\">a</th></tr></thead></table>",
            "<pre><code class=\"language-rust\">fn main() {}</code></pre>",
            "<iframe src=\"https://player.vimeo.com/video/1\" title=\"A film\" allowfullscreen=\"\"></iframe>",
        ] {
            assert_eq!(clean(html), html);
        }
    }

    #[test]
    fn active_content_is_removed() {
        assert_eq!(clean("<p>a<script>alert(1)</script></p>"), "<p>a</p>");
        assert_eq!(clean("<p onclick=\"x()\">a</p>"), "<p>a</p>");
        assert_eq!(clean("<a href=\"javascript:alert(1)\">a</a>"), "<a>a</a>");
        assert_eq!(clean("<a href=\"data:text/html,x\">a</a>"), "<a>a</a>");
        assert_eq!(
            clean("<img src=\"x\" onerror=\"alert(1)\">"),
            "<img src=\"x\">"
        );
        assert_eq!(
            clean("<iframe src=\"https://evil.example/\"></iframe>"),
            "<iframe></iframe>"
        );
        assert_eq!(clean("<style>p{}</style><form><input></form>"), "");
        assert_eq!(
            clean("<img src=\"a.jpg\" srcset=\"a.jpg 1x, javascript:x 2x\">"),
            "<img src=\"a.jpg\">"
        );
        assert_eq!(
            clean("<blockquote cite=\"javascript:x\">q</blockquote>"),
            "<blockquote>q</blockquote>"
        );
        assert_eq!(
            clean("<table><tbody><tr><td style=\"color: red; text-align: left\">a</td></tr></tbody></table>"),
            "<table><tbody><tr><td style=\"text-align:left\">a</td></tr></tbody></table>"
        );
    }

    #[test]
    fn nesting_is_bounded() {
        let sanitizer = Sanitizer::new(&[]);
        let deep = "<div>".repeat(super::MAX_DEPTH + 1);
        assert!(sanitizer.clean(&deep).is_err());
        let closed = "<div>x</div>".repeat(10_000);
        assert!(sanitizer.clean(&closed).is_ok());
        let optional = "<div>".repeat(super::MAX_DEPTH - 1) + &"<p>x".repeat(10_000);
        assert!(sanitizer.clean(&optional).is_ok());
    }
}
