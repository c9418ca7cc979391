//! Rendering again only the pages that show something that changed (`mag serve`).
//!
//! Steps:
//! 1. fingerprint the site's **shape**: the templates' key, the list of pages
//!    (path, template), the `site`, issue and section values, the order of the
//!    articles and every listing (sections, issues, featured, contributors,
//!    tags), the text of the standalone pages, issues and contributor bios. A
//!    different shape renders every page;
//! 2. otherwise fingerprint each **article**: its summary value and its source
//!    text; the articles whose fingerprint changed (or that are new) are dirty;
//! 3. a page rendered last time whose context showed no dirty article (no
//!    article URL of it appears among the context's strings) is taken as it was,
//!    without even building its context; every other page is rendered, and the
//!    article URLs its context shows are recorded for next time.
//!
//! The rule behind step 3: with the shape unchanged, a page's context is made
//! only of the values of the articles it shows (each summary carries its URL) and
//! of shape values; so a page that shows no changed article has not changed.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value;

use super::{base_context, jobs, render_job, Job};
use crate::content::permalink::output_file;
use crate::diagnostics::Diagnostic;
use crate::output::{Data, OutputFile};
use crate::render::context::Views;
use crate::render::templates::Templates;
use crate::session::{hash_json, hash_of};
use crate::site::Site;

/// What one render leaves for the next (see the module docs).
#[derive(Debug, Default, Clone)]
pub struct PageMemo {
    shape: u64,
    articles: HashMap<String, u64>,
    pages: HashMap<String, Kept>,
}

#[derive(Debug, Clone)]
struct Kept {
    template: &'static str,
    /// URLs of the articles the page's context showed.
    shows: Arc<Vec<String>>,
    html: Arc<Vec<u8>>,
}

fn shape(site: &Site, views: &Views, jobs: &[Job<'_>], salt: u64) -> u64 {
    let pages: Vec<(&str, &str)> = jobs.iter().map(|j| (j.path.as_str(), j.template)).collect();
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
    // Contributor and tag listings, like sections.
    type Person<'a> = (&'a str, &'a [usize], &'a [Vec<usize>; 3]);
    let people: Vec<Person<'_>> = site
        .contributors
        .iter()
        .map(|c| (c.url.as_str(), c.articles.as_slice(), &c.roles))
        .collect();
    let tags: Vec<(&str, &[usize])> = site
        .tags
        .iter()
        .map(|t| (t.url.as_str(), t.articles.as_slice()))
        .collect();
    let lists = (sections, issues, &site.featured, people, tags);
    hash_of((salt, pages, order, lists, values, texts))
}

/// Every string of `value` that is an article URL.
fn shown(value: &Value, urls: &HashMap<String, u64>, out: &mut HashSet<String>) {
    match value {
        Value::String(s) if urls.contains_key(s) => {
            out.insert(s.clone());
        }
        Value::Array(items) => items.iter().for_each(|v| shown(v, urls, out)),
        Value::Object(map) => map.values().for_each(|v| shown(v, urls, out)),
        _ => {}
    }
}

/// Like [`super::pages`], reusing from `memo` every page that shows nothing that
/// changed (see the module docs); `salt` is the templates' key. Returns the files,
/// the memo for next time and how many pages were rendered.
///
/// Errors: every template error, as [`super::pages`].
pub fn pages_reusing(
    site: &Site,
    templates: &Templates,
    memo: Option<(&PageMemo, u64)>,
) -> Result<(Vec<OutputFile>, PageMemo, usize), Vec<Diagnostic>> {
    let Some((old, salt)) = memo else {
        let files = super::pages(site, templates)?;
        let rendered = files.len();
        return Ok((files, PageMemo::default(), rendered));
    };
    let views = Views::new(site);
    let jobs = jobs(site, &views);
    let articles: HashMap<String, u64> = site
        .articles
        .par_iter()
        .zip(views.summaries.par_iter())
        .map(|(a, summary)| {
            let key = hash_of((hash_json(summary, 0), &a.article.source.text));
            (a.url.clone(), key)
        })
        .collect();
    let shape = shape(site, &views, &jobs, salt);
    let dirty: Option<HashSet<&str>> = (shape == old.shape).then(|| {
        articles
            .iter()
            .filter(|(url, key)| old.articles.get(*url) != Some(*key))
            .map(|(url, _)| url.as_str())
            .collect()
    });
    let results: Vec<Result<(String, Kept, bool), Diagnostic>> = jobs
        .par_iter()
        .map_init(
            || base_context(&views),
            |base, job| {
                let path = output_file(&job.path);
                if let (Some(dirty), Some(kept)) = (&dirty, old.pages.get(&path)) {
                    let unchanged = kept.template == job.template
                        && !kept.shows.iter().any(|u| dirty.contains(u.as_str()));
                    if unchanged {
                        return Ok((path, kept.clone(), false));
                    }
                }
                let vars = (job.vars)();
                let mut shows = HashSet::new();
                vars.values().for_each(|v| shown(v, &articles, &mut shows));
                let html = render_job(site, &views, templates, job, vars, base)?;
                let kept = Kept {
                    template: job.template,
                    shows: Arc::new(shows.into_iter().collect()),
                    html: Arc::new(html.into_bytes()),
                };
                Ok((path, kept, true))
            },
        )
        .collect();
    super::pool::clear_all();
    let mut files = Vec::with_capacity(results.len());
    let mut next = PageMemo {
        shape,
        articles,
        pages: HashMap::with_capacity(results.len()),
    };
    let mut rendered = 0;
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok((path, kept, fresh)) => {
                rendered += usize::from(fresh);
                files.push(OutputFile {
                    path: path.clone(),
                    data: Data::Bytes(kept.html.as_ref().clone()),
                });
                next.pages.insert(path, kept);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok((files, next, rendered))
    } else {
        errors.dedup_by(|a, b| a.message == b.message);
        Err(errors)
    }
}
