//! `/sitemap.xml` (the sitemaps.org 0.9 protocol) and `/robots.txt`.
//!
//! The sitemap lists every HTML page the build writes except the 404 page and
//! redirects, each with its absolute `loc` and, where the page has a date, its
//! `lastmod` (W3C datetime, here RFC 3339). It is written through [`super::xml`]
//! (quick-xml escapes every value, after the characters XML 1.0 forbids are
//! dropped). robots.txt allows everything and names the sitemap.

use std::io;

use super::absolute;
use super::xml::{self, element, text_element};
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
    let mut w = xml::document("UTF-8")?;
    let namespace = [("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9")];
    element(&mut w, "urlset", &namespace).write_inner_content(|w| {
        for (page, _) in plan.pages().filter(|(p, _)| p.in_sitemap) {
            let loc = config.absolute(&config.url_path(&page.path));
            element(w, "url", &[]).write_inner_content(|w| {
                text_element(w, "loc", &[], &loc)?;
                if let Some(d) = &page.lastmod {
                    text_element(w, "lastmod", &[], &absolute::datetime(d))?;
                }
                Ok(())
            })?;
        }
        Ok(())
    })?;
    Ok(xml::finish(w))
}
