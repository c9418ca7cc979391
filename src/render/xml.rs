//! Writing XML (the Atom feeds, `sitemap.xml`) with quick-xml, which escapes `<`,
//! `>`, `&`, `"` and `'`; every text and attribute value goes through [`chars`]
//! first, which drops what no escaping can carry.
//!
//! The rule is XML 1.0 §2.2 (<https://www.w3.org/TR/xml/#charsets>): a document
//! holds only `Char`s, `#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
//! [#x10000-#x10FFFF]`. A character reference cannot carry the others either
//! (`&#1;` is not well-formed), so a tag named `a\u{1}b` would make the whole feed
//! unreadable to a strict parser: it is written `ab`.

use std::borrow::Cow;
use std::io;

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::writer::ElementWriter;
use quick_xml::Writer;

/// True for a character XML 1.0 allows in a document (its `Char` production).
/// Surrogates cannot occur in a Rust `str`, so only the C0 controls other than tab,
/// line feed and carriage return, U+FFFE and U+FFFF are left out.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `text` without the characters XML 1.0 forbids (see [`is_xml_char`]); borrowed
/// when it holds none, which is nearly always.
pub(crate) fn chars(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_xml_char) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

/// A writer indenting by two spaces, the XML declaration written.
pub(crate) fn document(encoding: &str) -> io::Result<Writer<Vec<u8>>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some(encoding), None)))?;
    Ok(w)
}

/// The element `name` with `attributes` (names as given, values cleaned by
/// [`chars`] and escaped by quick-xml), for the caller to give its content.
pub(crate) fn element<'w>(
    w: &'w mut Writer<Vec<u8>>,
    name: &'w str,
    attributes: &[(&str, &str)],
) -> ElementWriter<'w, Vec<u8>> {
    attributes
        .iter()
        .fold(w.create_element(name), |e, &(key, value)| {
            e.with_attribute((key, chars(value).as_ref()))
        })
}

/// `<name attributes…>text</name>`, the text cleaned by [`chars`].
pub(crate) fn text_element(
    w: &mut Writer<Vec<u8>>,
    name: &str,
    attributes: &[(&str, &str)],
    text: &str,
) -> io::Result<()> {
    element(w, name, attributes).write_text_content(BytesText::new(&chars(text)))?;
    Ok(())
}

/// `<name attributes…/>`.
pub(crate) fn empty_element(
    w: &mut Writer<Vec<u8>>,
    name: &str,
    attributes: &[(&str, &str)],
) -> io::Result<()> {
    element(w, name, attributes).write_empty()?;
    Ok(())
}

/// The bytes written, with a final line feed.
pub(crate) fn finish(w: Writer<Vec<u8>>) -> Vec<u8> {
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_xml_chars_are_kept() {
        assert_eq!(
            chars("a\u{0}b\u{1}c\u{B}d\u{C}e\u{1F}f\tg\nh\ri\u{FFFE}j\u{FFFF}k"),
            "abcdef\tg\nh\rijk"
        );
        assert_eq!(
            chars("\u{7F}\u{D7FF}\u{E000}\u{FFFD}\u{10000}\u{10FFFF}")
                .chars()
                .count(),
            6
        );
        assert!(matches!(chars("plain & <simple>"), Cow::Borrowed(_)));
    }

    #[test]
    fn attributes_and_text_are_cleaned_and_escaped() {
        let mut w = document("utf-8").unwrap();
        element(&mut w, "feed", &[("label", "a\u{1}&\"b\u{FFFE}")])
            .write_inner_content(|w| text_element(w, "title", &[], "x\u{0}<y"))
            .unwrap();
        let xml = String::from_utf8(finish(w)).unwrap();
        assert!(xml.contains(r#"<feed label="a&amp;&quot;b">"#), "{xml}");
        assert!(xml.contains("<title>x&lt;y</title>"), "{xml}");
    }
}
