//! The output plan → bytes: one render loop for `mag build`, `mag check` and
//! `mag serve`.
//!
//! [`render`] makes every output of the [`Plan`] in parallel and hands each to a
//! [`Sink`] as soon as it is made: `mag build` writes it to the staging folder
//! there and then (so no more than a page per thread is held in memory), `mag
//! check` and `mag serve` keep it in memory. A page goes through its template
//! with the variables of its kind ([`views`]); the other outputs are written by
//! [`feeds`], [`sitemap`], [`redirects`], or copied. The dev server may pass a
//! [`PageCache`], which hands back pages that show nothing that changed.
//!
//! Every template error is collected; a sink error stops the loop.

pub(crate) mod absolute;
pub(crate) mod feeds;
pub(crate) mod filters;
pub(crate) mod image_fn;
pub(crate) mod jsonld;
mod pool;
pub(crate) mod redirects;
pub(crate) mod sitemap;
pub(crate) mod templates;
pub(crate) mod views;
pub(crate) mod xml;

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::diagnostics::Diagnostic;
use crate::output::{Data, OutputFile};
use crate::plan::{Make, Output, PageKind, Plan};
use crate::site::Site;
use templates::Templates;
pub(crate) use views::Views;

/// Where made outputs go.
pub(crate) trait Sink: Sync {
    /// Takes one output file.
    ///
    /// Errors when it cannot be kept (a write failed); the render then stops.
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;
}

/// Pages kept from an earlier render, for the dev server (see
/// [`crate::incremental`]).
pub(crate) trait PageCache: Sync {
    /// The page as rendered last time, when nothing it shows has changed.
    fn reuse(&self, page: &Output<'_>) -> Option<Vec<u8>>;
    /// What of `vars` (a page's variables, before rendering) the cache needs to
    /// know later whether the page changed.
    fn watch(&self, vars: &Map<String, Value>) -> Vec<String>;
    /// Keeps a freshly rendered page with what [`PageCache::watch`] returned.
    fn keep(&self, page: &Output<'_>, watched: Vec<String>, html: &[u8]);
}

/// What a render did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Rendered {
    /// Pages in the plan.
    pub(crate) pages: usize,
    /// Pages rendered through their template (the others came from the cache).
    pub(crate) fresh: usize,
}

/// Everything the loop reads.
struct Inputs<'a> {
    plan: &'a Plan<'a>,
    site: &'a Site,
    views: &'a Views,
    templates: &'a Templates,
    cache: Option<&'a dyn PageCache>,
}

/// Makes every output of `plan` and hands it to `sink` (see the module docs).
///
/// Errors: every template error, each naming the template and the content item,
/// or the first error of `sink` (after which nothing more is made).
pub(crate) fn render(
    plan: &Plan<'_>,
    site: &Site,
    views: &Views,
    templates: &Templates,
    sink: &dyn Sink,
    cache: Option<&dyn PageCache>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let inputs = Inputs {
        plan,
        site,
        views,
        templates,
        cache,
    };
    let stopped = AtomicBool::new(false);
    let results: Vec<Result<bool, Diagnostic>> = plan
        .outputs
        .par_iter()
        .map_init(
            || base_context(views),
            |base, output| {
                if stopped.load(Ordering::Relaxed) {
                    return Ok(false);
                }
                let (data, fresh) = make(&inputs, output, base)?;
                let file = OutputFile {
                    path: output.file.clone(),
                    data,
                };
                sink.put(file)
                    .map(|()| fresh)
                    .inspect_err(|_| stopped.store(true, Ordering::Relaxed))
            },
        )
        .collect();
    pool::clear_all();
    let mut errors = Vec::new();
    let mut fresh = 0;
    for r in results {
        match r {
            Ok(f) => fresh += usize::from(f),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(Rendered {
            pages: plan.page_count(),
            fresh,
        })
    } else {
        errors.dedup_by(|a, b| a.message == b.message);
        Err(errors)
    }
}

/// The bytes of one output, and whether it is a page rendered anew.
fn make(
    inputs: &Inputs<'_>,
    output: &Output<'_>,
    base: &mut tera::Context,
) -> Result<(Data, bool), Diagnostic> {
    let site = inputs.site;
    let bytes = match &output.make {
        Make::Page(kind) => return page(inputs, output, kind, base),
        Make::Feed(feed) => feeds::write(site, feed),
        Make::Sitemap => sitemap::write(&site.config, inputs.plan),
        Make::Robots => sitemap::robots(&site.config).into_bytes(),
        Make::Redirect(r) => redirects::page(site, r).into_bytes(),
        Make::Css(code) => code.clone().into_bytes(),
        Make::Embedded(bytes) => return Ok((Data::Static(bytes), false)),
        Make::Copy(from) => return Ok((Data::Copy(from.clone()), false)),
        Make::Image(m) => return Ok((Data::Cached(m.cached.clone()), false)),
    };
    Ok((Data::Bytes(bytes), false))
}

/// One page: from the cache when it has it, else through its template.
fn page(
    inputs: &Inputs<'_>,
    output: &Output<'_>,
    kind: &PageKind<'_>,
    base: &mut tera::Context,
) -> Result<(Data, bool), Diagnostic> {
    if let Some(html) = inputs.cache.and_then(|c| c.reuse(output)) {
        return Ok((Data::Bytes(html), false));
    }
    let vars = views::vars(kind, inputs.site, inputs.views);
    let watched = inputs.cache.map(|c| c.watch(&vars));
    let html = render_page(inputs, output, kind, vars, base)?;
    if let (Some(cache), Some(watched)) = (inputs.cache, watched) {
        cache.keep(output, watched, html.as_bytes());
    }
    Ok((Data::Bytes(html.into_bytes()), true))
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
fn render_page(
    inputs: &Inputs<'_>,
    output: &Output<'_>,
    kind: &PageKind<'_>,
    mut vars: Map<String, Value>,
    base: &mut tera::Context,
) -> Result<String, Diagnostic> {
    vars.extend(views::common(inputs.site, &output.path, kind));
    let keys: Vec<String> = vars.keys().cloned().collect();
    let page = tera::Context::from_value(Value::Object(vars)).map_err(|e| {
        Diagnostic::error(None, format!("internal error building the context: {e}"))
    })?;
    base.extend(page);
    let item = output.origin.to_string();
    let html = inputs.templates.render(kind.template(), base, &item);
    let mut used = Map::new();
    for key in keys {
        if let Some(value) = base.remove(&key) {
            used.insert(key, value);
        }
    }
    inputs.views.reclaim(Value::Object(used));
    html
}
