//! The arranged [`Site`] → HTML pages, through the theme's templates.
//!
//! One job per output page: the home page, each article, each page of each
//! section, the issue archive, each issue, each standalone page, the contributors
//! index, each page of each contributor and tag ([`archive`]), and the 404 page.
//! Jobs render in parallel; every template error is collected. [`files`] adds
//! what is not a template: feeds, sitemap, robots.txt and redirect pages.

pub mod absolute;
mod archive;
pub mod context;
pub mod feeds;
pub mod filters;
pub mod jsonld;
mod pool;
pub mod redirects;
mod reuse;
pub mod sitemap;
pub mod templates;

pub use reuse::{pages_reusing, PageMemo};

use chrono::{DateTime, FixedOffset};

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use crate::content::permalink::output_file;
use crate::diagnostics::Diagnostic;
use crate::output::{Data, OutputFile};
use crate::site::{listings, Site};
use context::Views;
use templates::Templates;

/// How many latest articles the home page lists.
pub const HOME_LATEST: usize = 10;
/// How many featured articles the home page lists.
pub const HOME_FEATURED: usize = 6;

/// Builds a page's template-specific variables (only when the page is rendered).
type Vars<'a> = Box<dyn Fn() -> Map<String, Value> + Send + Sync + 'a>;

/// One page to render.
struct Job<'a> {
    template: &'static str,
    /// Site path without the base path (`/personages/`).
    path: String,
    kind: &'static str,
    /// Template-specific variables, built on demand.
    vars: Vars<'a>,
    /// What is being rendered, for error messages.
    item: String,
}

fn lazy<'a>(f: impl Fn() -> Map<String, Value> + Send + Sync + 'a) -> Vars<'a> {
    Box::new(f)
}

/// Renders every page of `site`. Returns the output files.
///
/// Errors: every template error, each naming the template and the content item.
pub fn pages(site: &Site, templates: &Templates) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    pages_into(site, templates, &|file| Ok(Some(file))).map(|(files, _)| files)
}

/// Hands a rendered page on; returns the file when it is to be kept in memory,
/// `None` when it was written away.
pub type Emit<'a> = dyn Fn(OutputFile) -> Result<Option<OutputFile>, Diagnostic> + Sync + 'a;

/// Renders every page of `site` in parallel, handing each to `emit` as soon as it
/// is rendered (`mag build` writes it to the staging folder there and then, so a
/// page's HTML is freed at once). Returns the files `emit` kept and the number of
/// pages rendered.
///
/// Errors: every template error, each naming the template and the content item,
/// or the first error of `emit` (after which no more pages are rendered).
pub fn pages_into(
    site: &Site,
    templates: &Templates,
    emit: &Emit<'_>,
) -> Result<(Vec<OutputFile>, usize), Vec<Diagnostic>> {
    let views = Views::new(site);
    let jobs = jobs(site, &views);
    let count = jobs.len();
    let stopped = std::sync::atomic::AtomicBool::new(false);
    let results: Vec<Result<Option<OutputFile>, Diagnostic>> = jobs
        .into_par_iter()
        .map_init(
            || base_context(&views),
            |base, job| {
                if stopped.load(std::sync::atomic::Ordering::Relaxed) {
                    return Ok(None);
                }
                let path = output_file(&job.path);
                let html = render_job(site, &views, templates, &job, (job.vars)(), base)?;
                let file = OutputFile {
                    path,
                    data: Data::Bytes(html.into_bytes()),
                };
                emit(file)
                    .inspect_err(|_| stopped.store(true, std::sync::atomic::Ordering::Relaxed))
            },
        )
        .collect();
    pool::clear_all();
    let mut files = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(Some(f)) => files.push(f),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok((files, count))
    } else {
        errors.dedup_by(|a, b| a.message == b.message);
        Err(errors)
    }
}

/// The context every page starts from: `site`, built once per worker (rayon's
/// `map_init`) instead of once per page, since it can be large (every issue and
/// section). Page variables are moved in for one render and taken out after.
fn base_context(views: &Views) -> tera::Context {
    let mut context = tera::Context::new();
    context.insert("site", &views.site);
    context
}

/// Renders one page: its variables are moved into the worker's context for the
/// render, then taken out and given back to the summary pool.
fn render_job(
    site: &Site,
    views: &Views,
    templates: &Templates,
    job: &Job<'_>,
    mut vars: Map<String, Value>,
    base: &mut tera::Context,
) -> Result<String, Diagnostic> {
    let page_url = site.config.url_path(&job.path);
    vars.insert(
        "page_permalink".into(),
        json!(site.config.absolute(&page_url)),
    );
    vars.insert("page_url".into(), json!(page_url));
    vars.insert("page_kind".into(), json!(job.kind));
    let keys: Vec<String> = vars.keys().cloned().collect();
    let page = tera::Context::from_value(Value::Object(vars)).map_err(|e| {
        Diagnostic::error(None, format!("internal error building the context: {e}"))
    })?;
    base.extend(page);
    let html = templates.render(job.template, base, &job.item);
    let mut used = Map::new();
    for key in keys {
        if let Some(value) = base.remove(&key) {
            used.insert(key, value);
        }
    }
    views.reclaim(Value::Object(used));
    html
}

fn vars(pairs: Vec<(&str, Value)>) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn jobs<'a>(site: &'a Site, views: &'a Views) -> Vec<Job<'a>> {
    let mut jobs = Vec::new();
    let latest: Vec<usize> = (0..site.articles.len().min(HOME_LATEST)).collect();
    let featured: Vec<usize> = site.featured.iter().copied().take(HOME_FEATURED).collect();
    jobs.push(Job {
        template: "index.html",
        path: "/".into(),
        kind: "index",
        vars: lazy(move || {
            let newest_issue_articles = site
                .issues
                .first()
                .and_then(|i| site.issue_contents.get(&i.issue.number))
                .map(|list| views.list(list))
                .unwrap_or(Value::Array(Vec::new()));
            vars(vec![
                (
                    "newest_issue",
                    views.issues.first().cloned().unwrap_or(Value::Null),
                ),
                ("newest_issue_articles", newest_issue_articles),
                ("featured", views.list(&featured)),
                ("latest", views.list(&latest)),
            ])
        }),
        item: "the home page".into(),
    });
    for (i, a) in site.articles.iter().enumerate() {
        jobs.push(Job {
            template: "article.html",
            path: a.article.path.clone(),
            kind: "article",
            vars: lazy(move || vars(vec![("article", views.article(site, i))])),
            item: a.article.source.display().to_string(),
        });
    }
    for (s, section) in site.sections.iter().enumerate() {
        let list = archive::List {
            first: format!("/{}/", section.config.slug),
            items: &section.articles,
            template: "section.html",
            kind: "section",
            item: format!("section {}", section.config.slug),
            fixed: vec![("section", views.sections[s].clone())],
        };
        jobs.extend(archive::paginated(site, views, list, |_| Vec::new()));
    }
    jobs.push(Job {
        template: "issues.html",
        path: "/issues/".into(),
        kind: "issues",
        vars: lazy(move || vars(vec![("issues", Value::Array(views.issues.clone()))])),
        item: "the issue archive".into(),
    });
    for (i, issue) in site.issues.iter().enumerate() {
        jobs.push(Job {
            template: "issue.html",
            path: issue.issue.path.clone(),
            kind: "issue",
            vars: lazy(move || vars(vec![("issue", views.issue(site, i))])),
            item: issue.issue.source.display().to_string(),
        });
    }
    for page in &site.pages {
        let value = move || {
            json!({
                "title": page.title.html,
                "title_text": page.title.text,
                "dek": page.dek.as_ref().map(|d| d.html.clone()),
                "dek_text": page.dek.as_ref().map(|d| d.text.clone()),
                "body": page.body.html,
                "url": page.url,
                "permalink": site.config.absolute(&page.url),
                "extra": page.page.extra,
            })
        };
        jobs.push(Job {
            template: "page.html",
            path: page.page.path.clone(),
            kind: "page",
            vars: lazy(move || vars(vec![("page", value())])),
            item: page.page.source.display().to_string(),
        });
    }
    jobs.extend(archive::jobs(site, views));
    jobs.push(Job {
        template: "404.html",
        path: "/404.html".into(),
        kind: "404",
        vars: lazy(Map::new),
        item: "the 404 page".into(),
    });
    jobs
}

/// One HTML page that [`pages`] writes.
#[derive(Debug, Clone)]
pub struct PlannedPage {
    /// The site path, without the base path.
    pub path: String,
    /// The content file or a description of the page, for messages.
    pub origin: String,
    /// When its content last changed, where it has dates.
    pub lastmod: Option<DateTime<FixedOffset>>,
    /// Listed in the sitemap (every page but the 404 page).
    pub in_sitemap: bool,
}

/// The newest change among `items` (articles' `updated`, else `date`).
fn last_change(site: &Site, items: &[usize]) -> Option<DateTime<FixedOffset>> {
    items
        .iter()
        .filter_map(|&i| {
            let a = &site.articles[i].article;
            a.updated.or(a.date)
        })
        .max()
}

/// Every HTML page [`pages`] writes, with its origin and date.
pub fn planned_pages(site: &Site) -> Vec<PlannedPage> {
    let page = |path: String, origin: String, lastmod| PlannedPage {
        path,
        origin,
        lastmod,
        in_sitemap: true,
    };
    let all: Vec<usize> = (0..site.articles.len()).collect();
    let mut out = vec![page(
        "/".into(),
        "the home page".into(),
        last_change(site, &all),
    )];
    for (i, a) in site.articles.iter().enumerate() {
        let origin = a.article.source.display().to_string();
        out.push(page(
            a.article.path.clone(),
            origin,
            last_change(site, &[i]),
        ));
    }
    let mut lists: Vec<(String, &[usize], String)> = Vec::new();
    for section in &site.sections {
        let origin = format!("the page of section `{}`", section.config.slug);
        lists.push((
            format!("/{}/", section.config.slug),
            &section.articles,
            origin,
        ));
    }
    out.push(page("/issues/".into(), "the issue archive".into(), None));
    for i in &site.issues {
        let items = site
            .issue_contents
            .get(&i.issue.number)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let lastmod = last_change(site, items).or(i.issue.date);
        out.push(page(
            i.issue.path.clone(),
            i.issue.source.display().to_string(),
            lastmod,
        ));
    }
    for p in &site.pages {
        out.push(page(
            p.page.path.clone(),
            p.page.source.display().to_string(),
            None,
        ));
    }
    out.push(page(
        "/authors/".into(),
        "the contributors page".into(),
        None,
    ));
    for c in &site.contributors {
        let origin = c.bio.as_ref().map_or_else(
            || format!("the page of contributor `{}`", c.name),
            |b| b.author.source.display().to_string(),
        );
        lists.push((c.path.clone(), &c.articles, origin));
    }
    for t in &site.tags {
        lists.push((
            t.path.clone(),
            &t.articles,
            format!("the page of tag `{}`", t.name),
        ));
    }
    for (first, items, origin) in lists {
        for pager in listings::paginate(&first, items, site.config.paginate_by) {
            out.push(page(
                pager.path,
                origin.clone(),
                last_change(site, pager.items),
            ));
        }
    }
    out.push(PlannedPage {
        path: "/404.html".into(),
        origin: "the 404 page".into(),
        lastmod: None,
        in_sitemap: false,
    });
    out
}

/// The site paths (without the base path) of every file the build makes from
/// content (pages, redirects, feeds, sitemap), with the content file or
/// description each comes from; for duplicate-URL checks.
pub fn planned_paths(site: &Site) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = planned_pages(site)
        .into_iter()
        .map(|p| (p.path, p.origin))
        .collect();
    out.push((format!("/{}", feeds::FEED_FILE), "the site's feed".into()));
    for s in &site.sections {
        out.push((
            format!("/{}/{}", s.config.slug, feeds::FEED_FILE),
            format!("the feed of section `{}`", s.config.slug),
        ));
    }
    out.push((format!("/{}", sitemap::SITEMAP_FILE), "the sitemap".into()));
    out.push((format!("/{}", sitemap::ROBOTS_FILE), "robots.txt".into()));
    for r in redirects::redirects(site) {
        out.push((r.from, format!("{} (alias)", r.origin)));
    }
    out
}

/// The files that are not rendered through templates: Atom feeds, sitemap.xml,
/// robots.txt and the redirect pages of aliases.
pub fn files(site: &Site) -> Vec<OutputFile> {
    let (mut out, others) = rayon::join(
        || feeds::feeds(site),
        || {
            let mut others = sitemap::files(&site.config, &planned_pages(site));
            others.extend(redirects::files(site));
            others
        },
    );
    out.extend(others);
    out
}
