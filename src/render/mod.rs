//! The arranged [`Site`] → HTML pages, through the theme's templates.
//!
//! One job per output page: the home page, each article, each page of each
//! section, the issue archive, each issue, each standalone page, and the 404 page.
//! Jobs render in parallel; every template error is collected.

pub mod context;
pub mod filters;
pub mod templates;

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

/// One page to render.
struct Job {
    template: &'static str,
    /// Site path without the base path (`/personages/`).
    path: String,
    kind: &'static str,
    /// Template-specific variables.
    vars: Map<String, Value>,
    /// What is being rendered, for error messages.
    item: String,
}

/// Renders every page of `site`. Returns the output files.
///
/// Errors: every template error, each naming the template and the content item.
pub fn pages(site: &Site, templates: &Templates) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let views = Views::new(site);
    let jobs = jobs(site, &views);
    let results: Vec<Result<OutputFile, Diagnostic>> = jobs
        .into_par_iter()
        .map(|job| render_job(site, &views, templates, job))
        .collect();
    let mut files = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        errors.dedup_by(|a, b| a.message == b.message);
        Err(errors)
    }
}

fn render_job(
    site: &Site,
    views: &Views,
    templates: &Templates,
    job: Job,
) -> Result<OutputFile, Diagnostic> {
    let mut vars = job.vars;
    vars.insert("site".into(), views.site.clone());
    vars.insert("page_url".into(), json!(site.config.url_path(&job.path)));
    vars.insert("page_kind".into(), json!(job.kind));
    let context = tera::Context::from_value(Value::Object(vars)).map_err(|e| {
        Diagnostic::error(None, format!("internal error building the context: {e}"))
    })?;
    let html = templates.render(job.template, &context, &job.item)?;
    Ok(OutputFile {
        path: output_file(&job.path),
        data: Data::Bytes(html.into_bytes()),
    })
}

fn vars(pairs: Vec<(&str, Value)>) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn jobs(site: &Site, views: &Views) -> Vec<Job> {
    let mut jobs = Vec::new();
    let latest: Vec<usize> = (0..site.articles.len().min(HOME_LATEST)).collect();
    let featured: Vec<usize> = site.featured.iter().copied().take(HOME_FEATURED).collect();
    let newest_issue_articles = site
        .issues
        .first()
        .and_then(|i| site.issue_contents.get(&i.issue.number))
        .map(|list| views.list(list))
        .unwrap_or(Value::Array(Vec::new()));
    jobs.push(Job {
        template: "index.html",
        path: "/".into(),
        kind: "index",
        vars: vars(vec![
            (
                "newest_issue",
                views.issues.first().cloned().unwrap_or(Value::Null),
            ),
            ("newest_issue_articles", newest_issue_articles),
            ("featured", views.list(&featured)),
            ("latest", views.list(&latest)),
        ]),
        item: "the home page".into(),
    });
    for (i, a) in site.articles.iter().enumerate() {
        jobs.push(Job {
            template: "article.html",
            path: a.article.path.clone(),
            kind: "article",
            vars: vars(vec![("article", views.article(site, i))]),
            item: a.article.source.display().to_string(),
        });
    }
    for (s, section) in site.sections.iter().enumerate() {
        let first = format!("/{}/", section.config.slug);
        for pager in listings::paginate(&first, &section.articles, site.config.paginate_by) {
            let url = |p: &Option<String>| {
                p.as_ref()
                    .map_or(Value::Null, |p| json!(site.config.url_path(p)))
            };
            let paginator = json!({
                "items": views.list(pager.items),
                "current_page": pager.number,
                "total_pages": pager.total,
                "previous_url": url(&pager.previous),
                "next_url": url(&pager.next),
            });
            jobs.push(Job {
                template: "section.html",
                path: pager.path.clone(),
                kind: "section",
                vars: vars(vec![
                    ("section", views.sections[s].clone()),
                    ("paginator", paginator),
                ]),
                item: format!("section {}", section.config.slug),
            });
        }
    }
    jobs.push(Job {
        template: "issues.html",
        path: "/issues/".into(),
        kind: "issues",
        vars: vars(vec![("issues", Value::Array(views.issues.clone()))]),
        item: "the issue archive".into(),
    });
    for (i, issue) in site.issues.iter().enumerate() {
        jobs.push(Job {
            template: "issue.html",
            path: issue.issue.path.clone(),
            kind: "issue",
            vars: vars(vec![("issue", views.issue(site, i))]),
            item: issue.issue.source.display().to_string(),
        });
    }
    for page in &site.pages {
        let value = json!({
            "title": page.title.html,
            "title_text": page.title.text,
            "dek": page.dek.as_ref().map(|d| d.html.clone()),
            "dek_text": page.dek.as_ref().map(|d| d.text.clone()),
            "body": page.body.html,
            "url": page.url,
            "permalink": site.config.absolute(&page.url),
            "extra": page.page.extra,
        });
        jobs.push(Job {
            template: "page.html",
            path: page.page.path.clone(),
            kind: "page",
            vars: vars(vec![("page", value)]),
            item: page.page.source.display().to_string(),
        });
    }
    jobs.push(Job {
        template: "404.html",
        path: "/404.html".into(),
        kind: "404",
        vars: Map::new(),
        item: "the 404 page".into(),
    });
    jobs
}

/// The site paths (without the base path) of every page [`pages`] writes, with the
/// content file or description each comes from; for duplicate-URL checks.
pub fn planned_paths(site: &Site) -> Vec<(String, String)> {
    let mut out = vec![("/".to_string(), "the home page".to_string())];
    for a in &site.articles {
        out.push((
            a.article.path.clone(),
            a.article.source.display().to_string(),
        ));
    }
    for section in &site.sections {
        let first = format!("/{}/", section.config.slug);
        for pager in listings::paginate(&first, &section.articles, site.config.paginate_by) {
            out.push((
                pager.path,
                format!("the page of section `{}`", section.config.slug),
            ));
        }
    }
    out.push(("/issues/".into(), "the issue archive".into()));
    for i in &site.issues {
        out.push((i.issue.path.clone(), i.issue.source.display().to_string()));
    }
    for p in &site.pages {
        out.push((p.page.path.clone(), p.page.source.display().to_string()));
    }
    out
}
