//! Atom feeds (RFC 4287): `/atom.xml` with the newest articles of the whole site,
//! and `/SECTION/atom.xml` for each declared section.
//!
//! Each entry carries the article's absolute URL as its `id` (stable as long as
//! the article keeps its URL), `published` from `date`, `updated` from `updated`
//! or `date`, its authors (and, as contributors, its illustrators and
//! photographers) with their contributor pages, its tags as categories,
//! the plain-text summary (never pull quotes or note references), and the full
//! body as HTML with every link and image made absolute (lead art first). The XML
//! is written through [`super::xml`]: quick-xml escapes every text and attribute
//! value, after the characters XML 1.0 forbids are dropped.

use std::io;

use super::absolute;
use super::xml::{self, element, empty_element, text_element};
use crate::plan::Feed;
use crate::site::{RenderedArticle, Role, Site};
use chrono::{DateTime, FixedOffset};
use quick_xml::Writer;

/// The bytes of `feed`.
pub(crate) fn write(site: &Site, feed: &Feed) -> Vec<u8> {
    // Writing into a Vec cannot fail.
    write_feed(site, feed).unwrap_or_default()
}

/// An article's last change: `updated`, else `date`.
fn changed(a: &RenderedArticle) -> Option<DateTime<FixedOffset>> {
    a.article.updated.or(a.article.date)
}

fn write_feed(site: &Site, info: &Feed) -> io::Result<Vec<u8>> {
    let items = &info.items;
    let c = &site.config;
    let mut w = xml::document("utf-8")?;
    // An empty feed takes the site's last change, else the Unix epoch (a fixed
    // value keeps builds reproducible).
    let updated = items
        .iter()
        .filter_map(|&i| changed(&site.articles[i]))
        .max()
        .or_else(|| site.articles.iter().filter_map(changed).max())
        .map_or_else(
            || "1970-01-01T00:00:00+00:00".to_string(),
            |d| absolute::datetime(&d),
        );
    let root = [
        ("xmlns", "http://www.w3.org/2005/Atom"),
        ("xml:lang", c.language.as_str()),
    ];
    element(&mut w, "feed", &root).write_inner_content(|w| {
        text(w, "title", &info.title)?;
        if !info.subtitle.is_empty() {
            text(w, "subtitle", &info.subtitle)?;
        }
        let page = c.absolute(&info.page_url);
        text(w, "id", &page)?;
        link(
            w,
            "self",
            "application/atom+xml",
            &c.absolute(&info.feed_url),
        )?;
        link(w, "alternate", "text/html", &page)?;
        text(w, "updated", &updated)?;
        element(w, "author", &[]).write_inner_content(|w| text(w, "name", &c.title))?;
        let version = [("version", env!("CARGO_PKG_VERSION"))];
        text_element(w, "generator", &version, "mag")?;
        for &i in items {
            entry(w, site, i, &updated)?;
        }
        Ok(())
    })?;
    Ok(xml::finish(w))
}

/// One entry; `feed_updated` stands in for an undated draft's `updated`, which
/// Atom requires.
fn entry(w: &mut Writer<Vec<u8>>, site: &Site, index: usize, feed_updated: &str) -> io::Result<()> {
    let a = &site.articles[index];
    let c = &site.config;
    let permalink = c.absolute(&a.url);
    element(w, "entry", &[]).write_inner_content(|w| {
        text(w, "title", &a.title.text)?;
        text(w, "id", &permalink)?;
        link(w, "alternate", "text/html", &permalink)?;
        if let Some(d) = a.article.date {
            text(w, "published", &absolute::datetime(&d))?;
        }
        let updated = changed(a).map(|d| absolute::datetime(&d));
        text(w, "updated", updated.as_deref().unwrap_or(feed_updated))?;
        for role in Role::ALL {
            let element = if role == Role::Writing {
                "author"
            } else {
                "contributor"
            };
            for (name, person) in site.credited(index, role) {
                let uri = c.absolute(&person.url);
                xml::element(w, element, &[]).write_inner_content(|w| {
                    text(w, "name", name)?;
                    text(w, "uri", &uri)
                })?;
            }
        }
        for (name, tag) in site.tagged(index) {
            let attributes = [("term", tag.slug.as_str()), ("label", name)];
            empty_element(w, "category", &attributes)?;
        }
        if !a.summary.is_empty() {
            text_element(w, "summary", &[("type", "text")], &a.summary)?;
        }
        let attributes = [("type", "html"), ("xml:base", permalink.as_str())];
        text_element(w, "content", &attributes, &content_html(a, &permalink))?;
        Ok(())
    })?;
    Ok(())
}

/// The body with the lead art before it, every reference made absolute.
fn content_html(a: &RenderedArticle, permalink: &str) -> String {
    let mut html = String::new();
    if let Some(img) = &a.image {
        let mut alt = String::new();
        let mut src = String::new();
        // Escaping by the same library the Markdown renderer uses.
        let _ = pulldown_cmark_escape::escape_html(
            &mut alt,
            a.article.image_alt.as_deref().unwrap_or_default(),
        );
        let _ = pulldown_cmark_escape::escape_html(&mut src, &img.url);
        html.push_str(&format!("<figure><img src=\"{src}\" alt=\"{alt}\">"));
        let parts: Vec<&str> = [&a.caption, &a.credit]
            .into_iter()
            .flatten()
            .map(|i| i.html.as_str())
            .collect();
        if !parts.is_empty() {
            html.push_str(&format!("<figcaption>{}</figcaption>", parts.join(" ")));
        }
        html.push_str("</figure>\n");
    }
    html.push_str(&a.body.html);
    absolute::html(&html, permalink)
}

fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> io::Result<()> {
    text_element(w, name, &[], value)
}

fn link(w: &mut Writer<Vec<u8>>, rel: &str, kind: &str, href: &str) -> io::Result<()> {
    empty_element(w, "link", &[("rel", rel), ("type", kind), ("href", href)])
}
