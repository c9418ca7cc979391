//! `/sitemap.xml` (the sitemaps.org 0.9 protocol) and `/robots.txt`.
//!
//! The sitemap lists every HTML page the build writes except the 404 page and
//! redirects, each with its absolute `loc` and, where the page has a date, its
//! `lastmod` (W3C datetime, here RFC 3339). It is written by quick-xml, which
//! escapes every value. robots.txt allows everything and names the sitemap.

use std::io;

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::absolute;
use crate::config::Config;
use crate::plan::generated::SITEMAP_FILE;
use crate::plan::Plan;

/// `robots.txt`: everything allowed, and where the sitemap is.
pub(crate) fn robots(config: &Config) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        config.absolute(&config.url_path(SITEMAP_FILE))
    )
}

/// `sitemap.xml`: every page of `plan` that the sitemap lists.
pub(crate) fn write(config: &Config, plan: &Plan<'_>) -> Vec<u8> {
    // Writing into a Vec cannot fail.
    write_xml(config, plan).unwrap_or_default()
}

fn write_xml(config: &Config, plan: &Plan<'_>) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("urlset")
        .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
        .write_inner_content(|w| {
            for (page, _) in plan.pages().filter(|(p, _)| p.in_sitemap) {
                let loc = config.absolute(&config.url_path(&page.path));
                w.create_element("url").write_inner_content(|w| {
                    w.create_element("loc")
                        .write_text_content(BytesText::new(&loc))?;
                    if let Some(d) = &page.lastmod {
                        w.create_element("lastmod")
                            .write_text_content(BytesText::new(&absolute::datetime(d)))?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}
