//! Redirect pages for old URLs (`aliases = [...]` in front matter).
//!
//! Each alias gets a small HTML page that a static host can serve at the old
//! address: a `<meta http-equiv="refresh">` to the new URL, a canonical link (so
//! search engines move their index), `noindex`, and a plain link for people whose
//! browsers do not follow the refresh. Values are escaped with the Markdown
//! renderer's HTML escaper.

use pulldown_cmark_escape::escape_html;

use crate::plan::Redirect;
use crate::site::Site;

fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = escape_html(&mut out, text);
    out
}

/// The redirect page of `r`.
pub(crate) fn page(site: &Site, r: &Redirect) -> String {
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
