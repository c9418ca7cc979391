//! Rendering again only the pages that show something that changed (`mag serve`).
//!
//! Steps ([`PageReuse::new`]):
//! 1. fingerprint the site's **shape**: the templates' key, the list of pages
//!    (path, template), the `site`, issue and section values, the order of the
//!    articles and every listing (sections, issues, featured, contributors and
//!    tags, with their names), the text of the standalone pages, issues and
//!    contributor bios. A different shape renders every page;
//! 2. otherwise fingerprint each **article**: its summary value and its source
//!    text; the articles whose fingerprint changed (or that are new) are dirty;
//! 3. during the render ([`PageCache`]), a page rendered last time whose
//!    variables showed no dirty article (no article URL of it appears among the
//!    variables' strings) is taken as it was, without even building its
//!    variables; every other page is rendered, and the article URLs its variables
//!    show are recorded for next time.
//!
//! The rule behind step 3: with the shape unchanged, a page's variables are made
//! only of the values of the articles it shows (each summary carries its URL) and
//! of shape values; so a page that shows no changed article has not changed.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::plan::{Make, Output, Plan};
use crate::render::{PageCache, Views};
use crate::site::Site;
use crate::util::hash::{hash_json, hash_of};

/// What one render leaves for the next (see the module docs).
#[derive(Debug, Default, Clone)]
pub(crate) struct PageMemo {
    shape: u64,
    articles: HashMap<String, u64>,
    pages: HashMap<String, Kept>,
}

#[derive(Debug, Clone)]
struct Kept {
    template: &'static str,
    /// URLs of the articles the page's variables showed.
    shows: Arc<Vec<String>>,
    html: Arc<Vec<u8>>,
}

/// The page cache of one render: last time's pages, what changed since, and the
/// pages of this render as they are made.
#[derive(Debug)]
pub(crate) struct PageReuse {
    old: PageMemo,
    /// The dirty article URLs; `None` when the shape changed (nothing is reused).
    dirty: Option<HashSet<String>>,
    shape: u64,
    articles: HashMap<String, u64>,
    /// How many keys an ArticleSummary value has (see [`shown`]).
    summary_len: usize,
    next: Mutex<HashMap<String, Kept>>,
}

fn shape(site: &Site, views: &Views, plan: &Plan<'_>, salt: u64) -> u64 {
    let pages: Vec<(&str, &str)> = plan
        .pages()
        .map(|(o, kind)| (o.path.as_str(), kind.template()))
        .collect();
    let order: Vec<&str> = site.articles.iter().map(|a| a.url.as_str()).collect();
    let sections: Vec<&[usize]> = site
        .sections
        .iter()
        .map(|s| s.articles.as_slice())
        .collect();
    let mut issues: Vec<(&u32, &Vec<usize>)> = site.issue_contents.iter().collect();
    issues.sort();
    let values: Vec<u64> = std::iter::once(&views.site)
        .chain(&views.issues)
        .chain(&views.sections)
        .map(|v| hash_json(v, 0))
        .collect();
    // Standalone pages and issues show no article URL of their own: their text is
    // part of the shape.
    let texts: Vec<&str> = site
        .pages
        .iter()
        .map(|p| p.page.source.text.as_str())
        .chain(site.issues.iter().map(|i| i.issue.source.text.as_str()))
        .chain(
            site.contributors
                .iter()
                .filter_map(|c| c.bio.as_ref())
                .map(|b| b.author.source.text.as_str()),
        )
        .collect();
    // Contributor and tag listings, like sections, with the names their pages
    // show (a contributor without a bio is named as an article first writes it).
    type Person<'a> = (&'a str, &'a str, &'a [usize], &'a [Vec<usize>; 3]);
    let people: Vec<Person<'_>> = site
        .contributors
        .iter()
        .map(|c| {
            (
                c.url.as_str(),
                c.name.as_str(),
                c.articles.as_slice(),
                &c.roles,
            )
        })
        .collect();
    let tags: Vec<(&str, &str, &[usize])> = site
        .tags
        .iter()
        .map(|t| (t.url.as_str(), t.name.as_str(), t.articles.as_slice()))
        .collect();
    let lists = (sections, issues, &site.featured, people, tags);
    hash_of((salt, pages, order, lists, values, texts))
}

/// Every string of `value` that is an article URL. An ArticleSummary (an object
/// of `summary_len` keys whose `url` is an article's) counts for its URL alone and
/// is not walked: the rest of it is the article's own (its fingerprint covers it)
/// or shape values, and an article's tags can be thousands long, which every one
/// of their pages would walk again.
fn shown(
    value: &Value,
    urls: &HashMap<String, u64>,
    summary_len: usize,
    out: &mut HashSet<String>,
) {
    match value {
        Value::String(s) if urls.contains_key(s) => {
            out.insert(s.clone());
        }
        Value::Array(items) => items.iter().for_each(|v| shown(v, urls, summary_len, out)),
        Value::Object(map) => match map.get("url") {
            Some(Value::String(url)) if map.len() == summary_len && urls.contains_key(url) => {
                out.insert(url.clone());
            }
            _ => map.values().for_each(|v| shown(v, urls, summary_len, out)),
        },
        _ => {}
    }
}

impl PageReuse {
    /// Compares `site` (with its `views` and `plan`) with what `old` was made
    /// from; `salt` is the templates' key (see the module docs).
    pub(crate) fn new(
        old: PageMemo,
        salt: u64,
        site: &Site,
        views: &Views,
        plan: &Plan<'_>,
    ) -> PageReuse {
        let articles: HashMap<String, u64> = site
            .articles
            .par_iter()
            .zip(views.summaries.par_iter())
            .map(|(a, summary)| {
                let key = hash_of((hash_json(summary, 0), &a.article.source.text));
                (a.url.clone(), key)
            })
            .collect();
        let shape = shape(site, views, plan, salt);
        let dirty = (shape == old.shape).then(|| {
            articles
                .iter()
                .filter(|(url, key)| old.articles.get(*url) != Some(*key))
                .map(|(url, _)| url.clone())
                .collect()
        });
        PageReuse {
            old,
            dirty,
            shape,
            articles,
            summary_len: views
                .summaries
                .first()
                .and_then(Value::as_object)
                .map_or(usize::MAX, Map::len),
            next: Mutex::new(HashMap::new()),
        }
    }

    /// The memo for the next render: this render's pages.
    pub(crate) fn finish(self) -> PageMemo {
        PageMemo {
            shape: self.shape,
            articles: self.articles,
            pages: self.next.into_inner().unwrap_or_default(),
        }
    }

    /// Last time's memo, unchanged (after a failed render).
    pub(crate) fn abandon(self) -> PageMemo {
        self.old
    }

    fn put(&self, file: &str, kept: Kept) {
        if let Ok(mut next) = self.next.lock() {
            next.insert(file.to_string(), kept);
        }
    }
}

fn template(page: &Output<'_>) -> &'static str {
    match &page.make {
        Make::Page(kind) => kind.template(),
        _ => "",
    }
}

impl PageCache for PageReuse {
    fn reuse(&self, page: &Output<'_>) -> Option<Vec<u8>> {
        let dirty = self.dirty.as_ref()?;
        let kept = self.old.pages.get(&page.file)?;
        let unchanged =
            kept.template == template(page) && !kept.shows.iter().any(|u| dirty.contains(u));
        if !unchanged {
            return None;
        }
        self.put(&page.file, kept.clone());
        Some(kept.html.as_ref().clone())
    }

    fn watch(&self, vars: &Map<String, Value>) -> Vec<String> {
        let mut shows = HashSet::new();
        vars.values()
            .for_each(|v| shown(v, &self.articles, self.summary_len, &mut shows));
        shows.into_iter().collect()
    }

    fn keep(&self, page: &Output<'_>, watched: Vec<String>, html: &[u8]) {
        let kept = Kept {
            template: template(page),
            shows: Arc::new(watched),
            html: Arc::new(html.to_vec()),
        };
        self.put(&page.file, kept);
    }
}
