//! The files mag generates besides pages: which feeds exist and what each holds,
//! the sitemap and robots.txt, and the redirect pages of aliases. Their bytes are
//! written by `render` ([`crate::render::feeds`], [`crate::render::sitemap`],
//! [`crate::render::redirects`]).

use super::{file_output, Make, Origin, Output};
use crate::site::Site;

/// How many articles a feed holds.
pub(crate) const FEED_LENGTH: usize = 20;
/// The feed file name, inside the site root and each section's folder.
pub(crate) const FEED_FILE: &str = "atom.xml";
/// The sitemap's file name at the site root.
pub(crate) const SITEMAP_FILE: &str = "sitemap.xml";
/// The robots file's name at the site root.
pub(crate) const ROBOTS_FILE: &str = "robots.txt";

/// What one Atom feed is about and holds.
#[derive(Debug, Clone)]
pub(crate) struct Feed {
    /// The feed's title.
    pub(crate) title: String,
    /// Its subtitle (may be empty).
    pub(crate) subtitle: String,
    /// Root-relative URL of the HTML page the feed mirrors.
    pub(crate) page_url: String,
    /// Root-relative URL of the feed itself.
    pub(crate) feed_url: String,
    /// Its articles, by index in [`Site::articles`], newest first.
    pub(crate) items: Vec<usize>,
}

/// One old path (`aliases = [...]` in front matter) and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Redirect {
    /// The old site path, without the base path (`/2019/03/old-slug/`).
    pub(crate) from: String,
    /// The new root-relative URL, with the base path.
    pub(crate) to: String,
    /// The plain-text title of the content it goes to.
    pub(crate) title: String,
}

/// The feeds (the whole site's, then one per declared section), the sitemap,
/// robots.txt and the redirects, in that order.
pub(super) fn list(site: &Site) -> Vec<Output<'_>> {
    let c = &site.config;
    let mut out = Vec::new();
    let feed = Feed {
        title: c.title.clone(),
        subtitle: c.description.clone(),
        page_url: c.url_path("/"),
        feed_url: c.url_path(FEED_FILE),
        items: (0..site.articles.len().min(FEED_LENGTH)).collect(),
    };
    let origin = Origin::Site("the site's feed".into());
    out.push(file_output(
        format!("/{FEED_FILE}"),
        Make::Feed(feed),
        origin,
    ));
    for section in &site.sections {
        let slug = &section.config.slug;
        let feed = Feed {
            title: format!("{} — {}", section.config.name, c.title),
            subtitle: section.config.description.clone(),
            page_url: section.url.clone(),
            feed_url: c.url_path(&format!("{slug}/{FEED_FILE}")),
            items: section.articles.iter().copied().take(FEED_LENGTH).collect(),
        };
        let origin = Origin::Site(format!("the feed of section `{slug}`"));
        out.push(file_output(
            format!("/{slug}/{FEED_FILE}"),
            Make::Feed(feed),
            origin,
        ));
    }
    let sitemap = Origin::Site("the sitemap".into());
    out.push(file_output(
        format!("/{SITEMAP_FILE}"),
        Make::Sitemap,
        sitemap,
    ));
    let robots = Origin::Site(format!("the generated {ROBOTS_FILE}"));
    out.push(file_output(format!("/{ROBOTS_FILE}"), Make::Robots, robots));
    out.extend(redirects(site));
    out
}

/// Every alias of every article and page.
fn redirects(site: &Site) -> Vec<Output<'_>> {
    let articles = site.articles.iter().flat_map(|a| {
        let origin = a.article.source.display();
        a.article
            .aliases
            .iter()
            .map(move |alias| (alias, &a.url, &a.title.text, origin))
    });
    let pages = site.pages.iter().flat_map(|p| {
        let origin = p.page.source.display();
        p.page
            .aliases
            .iter()
            .map(move |alias| (alias, &p.url, &p.title.text, origin))
    });
    articles
        .chain(pages)
        .map(|(alias, to, title, origin)| {
            let redirect = Redirect {
                from: alias.path.clone(),
                to: to.clone(),
                title: title.clone(),
            };
            let origin = Origin::Alias {
                file: origin.to_string(),
                at: alias.at,
            };
            file_output(alias.path.clone(), Make::Redirect(redirect), origin)
        })
        .collect()
}
