//! Redirect pages for old URLs (`aliases = [...]` in front matter).
//!
//! Each alias gets a small HTML page that a static host can serve at the old
//! address: a `<meta http-equiv="refresh">` to the new URL, a canonical link (so
//! search engines move their index), `noindex`, and a plain link for people whose
//! browsers do not follow the refresh. Values are escaped with the Markdown
//! renderer's HTML escaper.

use pulldown_cmark_escape::escape_html;

use crate::content::permalink::output_file;
use crate::output::{Data, OutputFile};
use crate::site::Site;

/// One old path and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The old site path, without the base path (`/2019/03/old-slug/`).
    pub from: String,
    /// The new root-relative URL, with the base path.
    pub to: String,
    /// The plain-text title of the content it goes to.
    pub title: String,
    /// The content file that declared it, for messages.
    pub origin: String,
}

/// Every alias of every article and page.
pub fn redirects(site: &Site) -> Vec<Redirect> {
    let articles = site.articles.iter().flat_map(|a| {
        a.article.aliases.iter().map(|from| Redirect {
            from: from.clone(),
            to: a.url.clone(),
            title: a.title.text.clone(),
            origin: a.article.source.display().to_string(),
        })
    });
    let pages = site.pages.iter().flat_map(|p| {
        p.page.aliases.iter().map(|from| Redirect {
            from: from.clone(),
            to: p.url.clone(),
            title: p.title.text.clone(),
            origin: p.page.source.display().to_string(),
        })
    });
    articles.chain(pages).collect()
}

/// The redirect pages of `site`.
pub fn files(site: &Site) -> Vec<OutputFile> {
    redirects(site)
        .into_iter()
        .map(|r| OutputFile {
            path: output_file(&r.from),
            data: Data::Bytes(page(site, &r).into_bytes()),
        })
        .collect()
}

fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = escape_html(&mut out, text);
    out
}

fn page(site: &Site, r: &Redirect) -> String {
    let to = escaped(&r.to);
    let canonical = escaped(&site.config.absolute(&r.to));
    let title = escaped(&r.title);
    let lang = escaped(&site.config.language);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={to}\">\n</head>\n<body>\n\
         <p>This page has moved to <a href=\"{to}\">{title}</a>.</p>\n</body>\n</html>\n"
    )
}
