//! Untrusted mode's check of the files copied from `content/` (bundle assets and
//! loose files). A file a browser would run when opened from the site's own
//! address could read readers' cookies and storage, and a file at the site's root
//! could be the host's configuration (`_redirects`, `_headers`, `robots.txt`).
//! So in untrusted mode:
//! - a file is copied only when its type is on an allow-list of what a magazine
//!   publishes (pictures, sound, video, PDF, plain text, fonts, e-books): an
//!   allow-list, because browsers run more types than anyone lists (`.xml`,
//!   `.xht`, `.svgz`);
//! - nothing is copied to the root of the site;
//! - an SVG is read with quick-xml and refused when it has a DOCTYPE (its
//!   entities can hide markup), a processing instruction (an XSLT style sheet),
//!   an element of a namespace browsers run (XHTML, MathML), a `<script>`,
//!   `<foreignObject>`, `<handler>`, `<iframe>` or animation of a link, an
//!   event-handler attribute, or a link whose scheme is not http, https or
//!   mailto.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use quick_xml::XmlVersion;

use super::{Make, Origin, Plan};
use crate::diagnostics::Diagnostic;

/// File types untrusted copy may publish, by extension (lowercase).
const PUBLISHABLE: &[&str] = &[
    // pictures
    "jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "ico", "bmp", "tif", "tiff",
    // sound and video
    "mp3", "m4a", "aac", "ogg", "oga", "opus", "wav", "flac", "mp4", "m4v", "webm", "ogv", "mov",
    // documents, subtitles, fonts, e-books
    "pdf", "txt", "csv", "vtt", "woff", "woff2", "ttf", "otf", "epub", "zip",
];

/// Namespaces whose elements a browser renders as active markup inside an SVG.
const ACTIVE_NAMESPACES: &[&str] = &[
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/1998/Math/MathML",
];

/// SVG elements that run code, hold HTML, or set attributes (an `<animate>` or
/// `<set>` can turn a link into `javascript:`, so their targets are checked).
const ACTIVE_ELEMENTS: &[&str] = &[
    "script",
    "foreignobject",
    "handler",
    "listener",
    "iframe",
    "embed",
    "object",
];

/// Attributes whose value is an address (or, on animations, may become one).
const URL_ATTRIBUTES: &[&str] = &["href", "src", "to", "from", "by", "values"];

/// The help of every refusal.
const HELP: &str = "untrusted builds publish pictures, sound, video, PDF, text and fonts from \
content/, never at the site's root: remove the file, or ask the site's editors to add it to \
static/ (see the manual's Security page)";

/// An error for each file copied from `content/` that untrusted mode does not
/// publish (see the module documentation).
pub(crate) fn refuse_active_files(plan: &Plan<'_>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for o in &plan.outputs {
        // A resized copy is judged with the image it comes from.
        if matches!(&o.make, Make::Image(m) if m.copy) {
            continue;
        }
        let (Some(from), Origin::Copied(shown)) = (o.source_file(), &o.origin) else {
            continue;
        };
        let Some(under_content) = shown.strip_prefix("content/") else {
            continue;
        };
        let ext = from
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let why = if !under_content.contains('/') || !o.file.contains('/') {
            Some("a file at the root of the site can configure the host (_redirects, _headers, robots.txt)".to_string())
        } else if !PUBLISHABLE.contains(&ext.as_str()) {
            Some(match ext.as_str() {
                "" => "a file without an extension is not a picture, sound, video or document"
                    .to_string(),
                _ => format!(
                    "a .{ext} file is not a picture, sound, video or document a page can show"
                ),
            })
        } else if ext == "svg" {
            match std::fs::read_to_string(from) {
                Ok(text) => svg_activity(&text),
                Err(_) => Some("the SVG is not UTF-8 text".into()),
            }
        } else {
            None
        };
        if let Some(why) = why {
            diags.push(Diagnostic::error(shown.clone(), format!("{shown}: {why}")).with_help(HELP));
        }
    }
    diags
}

/// Why an SVG document could run code, if it could; a document that is not
/// well-formed XML is refused too (how a browser reads it cannot be foreseen).
fn svg_activity(text: &str) -> Option<String> {
    let mut reader = NsReader::from_str(text);
    loop {
        let (ns, event) = match reader.read_resolved_event() {
            Ok(found) => found,
            Err(e) => return Some(format!("the SVG cannot be read as XML ({e})")),
        };
        match event {
            Event::Start(e) | Event::Empty(e) => {
                if let ResolveResult::Bound(ns) = ns {
                    if ACTIVE_NAMESPACES.contains(&ns.as_ref()) {
                        return Some(format!("the SVG holds markup of {}", ns.as_ref()));
                    }
                }
                if let Some(why) = element_activity(&e) {
                    return Some(why);
                }
            }
            Event::DocType(_) => {
                return Some("the SVG has a DOCTYPE (its entities can hide markup)".into())
            }
            Event::PI(_) => {
                return Some(
                    "the SVG has a processing instruction (a style sheet can run code)".into(),
                )
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Why one SVG element could run code, if it could.
fn element_activity(e: &BytesStart<'_>) -> Option<String> {
    let name = e.local_name().as_ref().to_ascii_lowercase();
    if ACTIVE_ELEMENTS.contains(&name.as_str()) {
        return Some(format!("the SVG holds a <{name}> element"));
    }
    for attribute in e.attributes() {
        let Ok(attribute) = attribute else {
            return Some("the SVG has a malformed attribute".into());
        };
        let key = attribute.key.local_name().as_ref().to_ascii_lowercase();
        if key.starts_with("on") {
            return Some(format!("the SVG has an event handler ({key}=) on <{name}>"));
        }
        let is_link_target = key == "attributename";
        if !(URL_ATTRIBUTES.contains(&key.as_str()) || is_link_target) {
            continue;
        }
        let Ok(value) = attribute.normalized_value(XmlVersion::Implicit1_0) else {
            return Some(format!("the SVG has an unreadable {key}= on <{name}>"));
        };
        if is_link_target {
            // <set attributeName="href" to="javascript:…">: the addresses it
            // sets are checked as links above; refusing is simpler than tracking.
            let target = value.trim().to_ascii_lowercase();
            if target.ends_with("href") || target == "src" {
                return Some(format!(
                    "the SVG animates a link (<{name} attributeName=\"{value}\">)"
                ));
            }
            continue;
        }
        if value
            .split(';')
            .any(|v| !crate::util::url::is_safe_link(v.trim()))
        {
            return Some(format!("the SVG links to `{value}` on <{name}>"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::svg_activity;

    #[test]
    fn svgs() {
        let clean = r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 4 3"><inkscape:grid/><a xlink:href="https://example.org/"><rect width="4" height="3" style="fill:red"/></a></svg>"#;
        assert_eq!(svg_activity(clean), None);
        for bad in [
            r#"<svg><script>alert(1)</script></svg>"#,
            r#"<svg onload="alert(1)"/>"#,
            r#"<svg><a xlink:href="javascript:alert(1)"><rect/></a></svg>"#,
            r#"<svg><foreignObject><div>x</div></foreignObject></svg>"#,
            r#"<svg><SCRIPT>alert(1)</SCRIPT></svg>"#,
            r#"<svg><rect/"#,
            r#"<!DOCTYPE svg [<!ENTITY x "<script>alert(1)</script>">]><svg>&x;</svg>"#,
            r#"<?xml-stylesheet type="text/xsl" href="s.xslt"?><svg/>"#,
            r#"<svg xmlns:h="http://www.w3.org/1999/xhtml"><h:iframe srcdoc="x"/></svg>"#,
            r#"<svg><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>"#,
            r#"<svg><a href="&#106;avascript:x"/></svg>"#,
        ] {
            assert!(svg_activity(bad).is_some(), "{bad}");
        }
    }
}
