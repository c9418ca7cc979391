//! `/sitemap.xml` (the sitemaps.org 0.9 protocol) and `/robots.txt`.
//!
//! The sitemap lists every HTML page the build writes except the 404 page and
//! redirects, each with its absolute `loc` and, where the page has a date, its
//! `lastmod` (W3C datetime, here RFC 3339). It is written by quick-xml, which
//! escapes every value. robots.txt allows everything and names the sitemap.

use std::io;

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::{absolute, PlannedPage};
use crate::config::Config;
use crate::output::{Data, OutputFile};

/// The sitemap's file name at the site root.
pub const SITEMAP_FILE: &str = "sitemap.xml";
/// The robots file's name at the site root.
pub const ROBOTS_FILE: &str = "robots.txt";

/// `sitemap.xml` and `robots.txt` for the pages in `pages`.
pub fn files(config: &Config, pages: &[PlannedPage]) -> Vec<OutputFile> {
    let sitemap = write(config, pages).unwrap_or_default();
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        config.absolute(&config.url_path(SITEMAP_FILE))
    );
    vec![
        OutputFile {
            path: SITEMAP_FILE.into(),
            data: Data::Bytes(sitemap),
        },
        OutputFile {
            path: ROBOTS_FILE.into(),
            data: Data::Bytes(robots.into_bytes()),
        },
    ]
}

fn write(config: &Config, pages: &[PlannedPage]) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("urlset")
        .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
        .write_inner_content(|w| {
            for page in pages.iter().filter(|p| p.in_sitemap) {
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
