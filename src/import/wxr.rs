//! Reading a WordPress eXtended RSS export (WXR 1.1 and 1.2) with quick-xml.
//!
//! Only what the importer needs is kept: the authors (login → display name), the
//! categories (slug → name), and each `<item>`'s fields, categories, tags and post
//! meta. Element names are matched by their qualified names (`wp:post_id`,
//! `content:encoded`), which every WordPress version writes with the same prefixes.

use std::collections::HashMap;

use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::diagnostics::LineIndex;

/// The parts of an export the importer uses.
#[derive(Debug, Default)]
pub(crate) struct Export {
    /// Author login → display name.
    pub authors: HashMap<String, String>,
    /// Category slug (nicename) → display name.
    pub categories: HashMap<String, String>,
    /// Every `<item>`: posts, pages, attachments, menu items…
    pub items: Vec<Item>,
    /// The old site's address: the channel's `<wp:base_site_url>`, else its
    /// `<link>` (empty when the export has neither).
    pub site_url: String,
    /// The channel's `<link>`.
    link: String,
}

/// One `<item>` of the export.
#[derive(Debug, Default, Clone)]
pub(crate) struct Item {
    /// `<title>`.
    pub title: String,
    /// `<link>`: the permalink on the old site.
    pub link: String,
    /// `<dc:creator>`: the author's login.
    pub creator: String,
    /// `<content:encoded>`: the body's HTML.
    pub content: String,
    /// `<excerpt:encoded>`.
    pub excerpt: String,
    /// `<wp:post_id>`.
    pub post_id: String,
    /// `<wp:post_date_gmt>` (`0000-00-00 00:00:00` for undated drafts).
    pub date_gmt: String,
    /// `<wp:post_date>`: the date in the old site's time zone.
    pub date: String,
    /// `<pubDate>`: the RSS date (RFC 2822).
    pub pub_date: String,
    /// `<wp:post_modified_gmt>`.
    pub modified_gmt: String,
    /// `<wp:post_name>`: the slug.
    pub post_name: String,
    /// `<wp:status>`: publish, draft, pending, private, future, trash…
    pub status: String,
    /// `<wp:post_type>`: post, page, attachment, nav_menu_item…
    pub post_type: String,
    /// `<wp:attachment_url>` of an attachment.
    pub attachment_url: String,
    /// `<wp:post_parent>`: the page's parent page, the attachment's post (`0`: none).
    pub post_parent: String,
    /// Categories as (slug, name), in export order.
    pub categories: Vec<(String, String)>,
    /// Tags by name.
    pub tags: Vec<String>,
    /// `<wp:postmeta>` as (key, value).
    pub meta: Vec<(String, String)>,
    /// Where the item is in the export, for messages: the byte offset of its
    /// `<content:encoded>` tag, else of its `<item>` tag.
    pub at: usize,
}

impl Item {
    /// The value of a post-meta key.
    pub(crate) fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses the text of a WXR file.
///
/// Errors: the XML is malformed or ends early, with an element still open (a
/// truncated export), as `line L, column C: …`; or the file has no `<channel>` (it
/// is not a WordPress export).
pub(crate) fn parse(xml: &str) -> Result<Export, String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let index = LineIndex::new(xml);
    let at = |offset: u64| {
        let (line, col) = index.line_col(usize::try_from(offset).unwrap_or(xml.len()));
        format!("line {line}, column {col}")
    };
    let mut state = State::default();
    let mut seen_channel = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("invalid XML at {}: {e}", at(reader.error_position())))?;
        match event {
            Event::Start(e) => {
                let name = qname(&e);
                // The tag's `<`: the reader stands after its `>`.
                let tag_at = usize::try_from(reader.buffer_position())
                    .unwrap_or(xml.len())
                    .saturating_sub(e.len() + 2);
                match name.as_str() {
                    "channel" => seen_channel = true,
                    "item" => {
                        state.item = Some(Item {
                            at: tag_at,
                            ..Item::default()
                        });
                    }
                    "content:encoded" => {
                        if let Some(item) = state.item.as_mut() {
                            item.at = tag_at;
                        }
                    }
                    "category" if state.item.is_some() => {
                        state.category = Some((attr(&e, "domain"), attr(&e, "nicename")));
                    }
                    _ => {}
                }
                state.path.push(name);
                state.text.clear();
            }
            Event::Text(t) => state.text.push_str(&t.xml10_content()),
            Event::CData(c) => state.text.push_str(&c.xml10_content()),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    state.text.push(c);
                } else {
                    let name: &str = r.as_ref();
                    match resolve_xml_entity(name) {
                        Some(s) => state.text.push_str(s),
                        None => state.text.push_str(&format!("&{name};")),
                    }
                }
            }
            Event::End(_) => state.end(),
            Event::Eof => {
                if let Some(open) = state.path.last() {
                    return Err(format!(
                        "the export ends at {} with <{open}> still open; it looks truncated (export it again)",
                        at(reader.buffer_position())
                    ));
                }
                break;
            }
            _ => {}
        }
    }
    if !seen_channel {
        return Err("this is not a WordPress export: it has no <channel>".into());
    }
    let mut export = state.export;
    if export.site_url.is_empty() {
        export.site_url = std::mem::take(&mut export.link);
    }
    Ok(export)
}

/// Where the reader is, and what it has gathered.
#[derive(Default)]
struct State {
    export: Export,
    path: Vec<String>,
    text: String,
    item: Option<Item>,
    category: Option<(String, String)>,
    meta: (String, String),
    author: (String, String),
    term: (String, String),
}

impl State {
    /// An element closed: file its text where it belongs.
    fn end(&mut self) {
        let name = self.path.pop().unwrap_or_default();
        let value = std::mem::take(&mut self.text);
        let parent = self.path.last().map(String::as_str).unwrap_or("");
        if name == "item" {
            self.export.items.extend(self.item.take());
        } else if let Some(it) = self.item.as_mut() {
            if name == "category" {
                match self.category.take() {
                    Some((domain, nicename)) if domain == "category" => {
                        it.categories.push((nicename, value));
                    }
                    Some((domain, _)) if domain == "post_tag" => it.tags.push(value),
                    _ => {}
                }
            } else if parent == "wp:postmeta" {
                match name.as_str() {
                    "wp:meta_key" => self.meta.0 = value,
                    "wp:meta_value" => self.meta.1 = value,
                    _ => {}
                }
            } else if name == "wp:postmeta" {
                it.meta.push(std::mem::take(&mut self.meta));
            } else if parent == "item" {
                item_field(it, &name, value);
            }
        } else {
            match (parent, name.as_str()) {
                ("wp:author", "wp:author_login") => self.author.0 = value,
                ("wp:author", "wp:author_display_name") => self.author.1 = value,
                (_, "wp:author") => {
                    let (login, display) = std::mem::take(&mut self.author);
                    let display = if display.trim().is_empty() {
                        login.clone()
                    } else {
                        display
                    };
                    self.export.authors.insert(login, display);
                }
                ("channel", "link") => self.export.link = value.trim().to_string(),
                ("channel", "wp:base_site_url") => self.export.site_url = value.trim().to_string(),
                ("wp:category", "wp:category_nicename") => self.term.0 = value,
                ("wp:category", "wp:cat_name") => self.term.1 = value,
                (_, "wp:category") => {
                    let (slug, name) = std::mem::take(&mut self.term);
                    self.export.categories.insert(slug, name);
                }
                _ => {}
            }
        }
    }
}

fn item_field(it: &mut Item, name: &str, value: String) {
    let field = match name {
        "title" => &mut it.title,
        "link" => &mut it.link,
        "dc:creator" => &mut it.creator,
        "content:encoded" => &mut it.content,
        "excerpt:encoded" => &mut it.excerpt,
        "wp:post_id" => &mut it.post_id,
        "wp:post_date_gmt" => &mut it.date_gmt,
        "wp:post_date" => &mut it.date,
        "pubDate" => &mut it.pub_date,
        "wp:post_modified_gmt" => &mut it.modified_gmt,
        "wp:post_name" => &mut it.post_name,
        "wp:status" => &mut it.status,
        "wp:post_type" => &mut it.post_type,
        "wp:attachment_url" => &mut it.attachment_url,
        "wp:post_parent" => &mut it.post_parent,
        _ => return,
    };
    *field = value;
}

fn qname(e: &BytesStart<'_>) -> String {
    e.name().as_ref().to_string()
}

fn attr(e: &BytesStart<'_>, name: &str) -> String {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_items_authors_and_terms() {
        let xml = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/">
<channel>
<wp:author><wp:author_login><![CDATA[jd]]></wp:author_login><wp:author_display_name><![CDATA[Jane Doe]]></wp:author_display_name></wp:author>
<wp:category><wp:category_nicename><![CDATA[arts]]></wp:category_nicename><wp:cat_name><![CDATA[Arts &amp; Letters]]></wp:cat_name></wp:category>
<item>
<title>Caf&#233; &amp; Co</title>
<dc:creator><![CDATA[jd]]></dc:creator>
<content:encoded><![CDATA[<p>Hi</p>]]></content:encoded>
<wp:post_type><![CDATA[post]]></wp:post_type>
<category domain="category" nicename="arts"><![CDATA[Arts &amp; Letters]]></category>
<category domain="post_tag" nicename="x"><![CDATA[History]]></category>
<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[7]]></wp:meta_value></wp:postmeta>
</item>
</channel></rss>"#;
        let e = parse(xml).unwrap();
        assert_eq!(e.authors["jd"], "Jane Doe");
        assert_eq!(e.categories["arts"], "Arts &amp; Letters");
        let it = &e.items[0];
        let index = LineIndex::new(xml);
        assert_eq!(index.line_col(it.at), (9, 1));
        assert_eq!(it.title, "Café & Co");
        assert_eq!(it.content, "<p>Hi</p>");
        assert_eq!(
            it.categories,
            [("arts".into(), "Arts &amp; Letters".into())]
        );
        assert_eq!(it.tags, ["History"]);
        assert_eq!(it.meta("_thumbnail_id"), Some("7"));
        assert!(parse("<rss></rss>").is_err());
        let err = parse("<rss><channel>\n<item><title>x").unwrap_err();
        assert!(err.contains("line 2, column 15"), "{err}");
        assert!(err.contains("<title> still open"), "{err}");
        let err = parse("<rss><channel>\n<item></title></item></channel></rss>").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
    }
}
