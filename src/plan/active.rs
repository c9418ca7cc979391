//! Untrusted mode's check of the files copied from `content/` (bundle assets and
//! loose files): a file a browser would run when opened from the site's own
//! address, where it could read readers' cookies and storage, is refused. HTML
//! and script files are refused by name; an SVG is read with quick-xml and
//! refused when it holds a `<script>`, a `<foreignObject>` (HTML inside the
//! picture), an event-handler attribute (`onload=`) or a link whose address is
//! not http, https, mailto or relative.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::{Make, Origin, Plan};
use crate::diagnostics::Diagnostic;

/// Extensions of files a browser runs as a page or a script.
const ACTIVE_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "shtml", "js", "mjs", "wasm"];

/// The help of every refusal.
const HELP: &str = "untrusted builds publish no scripts from content/: remove the file, or \
ask the site's editors to add it to static/ (see the manual's Security page)";

/// An error for each file copied from `content/` that could run in a reader's
/// browser (see the module documentation).
pub(crate) fn refuse_active_files(plan: &Plan<'_>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for o in &plan.outputs {
        let (Make::Copy(from), Origin::Copied(shown)) = (&o.make, &o.origin) else {
            continue;
        };
        if !shown.starts_with("content/") {
            continue;
        }
        let ext = from
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let why = if ACTIVE_EXTENSIONS.contains(&ext.as_str()) {
            Some(format!("a .{ext} file runs in the reader's browser"))
        } else if ext == "svg" {
            std::fs::read(from)
                .ok()
                .and_then(|bytes| svg_activity(&bytes))
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
/// well-formed XML is refused too (a browser's reading of it cannot be foreseen).
fn svg_activity(bytes: &[u8]) -> Option<String> {
    let mut reader = Reader::from_reader(bytes);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                if let Some(why) = element_activity(&e) {
                    return Some(why);
                }
            }
            Ok(Event::Eof) => return None,
            Ok(_) => {}
            Err(e) => return Some(format!("the SVG cannot be read as XML ({e})")),
        }
        buf.clear();
    }
}

/// Why one SVG element could run code, if it could.
fn element_activity(e: &BytesStart<'_>) -> Option<String> {
    let name = e.local_name().as_ref().to_ascii_lowercase();
    if name == "script" || name == "foreignobject" {
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
        if key == "href" {
            let value = attribute
                .normalized_value(XmlVersion::Implicit1_0)
                .unwrap_or_default();
            if !crate::util::url::is_safe_link(&value) {
                return Some(format!("the SVG links to `{value}` on <{name}>"));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::svg_activity;

    #[test]
    fn svgs() {
        let clean = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 4 3"><a xlink:href="https://example.org/"><rect width="4" height="3"/></a></svg>"#;
        assert_eq!(svg_activity(clean), None);
        for bad in [
            &br#"<svg><script>alert(1)</script></svg>"#[..],
            br#"<svg onload="alert(1)"/>"#,
            br#"<svg><a xlink:href="javascript:alert(1)"><rect/></a></svg>"#,
            br#"<svg><foreignObject><div>x</div></foreignObject></svg>"#,
            br#"<svg><SCRIPT>alert(1)</SCRIPT></svg>"#,
            br#"<svg><rect/"#,
        ] {
            assert!(
                svg_activity(bad).is_some(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
