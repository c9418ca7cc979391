//! The build, stage by stage. This is the only module that knows the order:
//!
//! config → theme → [`content`] (discover, parse in parallel) → [`assets`] (CSS,
//! then the templates, which render shortcodes) → [`markdown`] (bodies in
//! parallel, then `site::arrange`) → `plan` (every output, checked) → `render`
//! (every output in parallel, into a sink) → `output` (staging folder, then swap).
//!
//! `mag build` ([`build`]), `mag check` ([`check()`]) and `mag serve`
//! ([`rebuild`]) all run [`run`]; they differ only in where the outputs go (the
//! staging folder or memory), in the checks `mag check` adds, and in the dev
//! server's cache ([`Session`]), which the others do not use.
//!
//! Each stage adds its diagnostics to one list. A stage whose input is broken stops
//! the build after reporting everything it found; an error anywhere means nothing
//! is written.

mod assets;
mod content;
mod markdown;
mod report;
mod sinks;
mod timer;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use report::{fail, has_errors};
pub use report::{BuildFailure, BuildOptions, BuildReport};

use crate::config::{self, Config, Overrides};
use crate::diagnostics::Diagnostic;
use crate::images::{self, Catalogue};
use crate::incremental::{keys, Session};
use crate::output::{self, OutputFile};
use crate::plan::{self, Plan};
use crate::render::{self, Views};
use crate::resolve::SiteIndex;
use crate::site::Site;
use crate::theme;
use timer::StageTimer;

/// Builds the site described by `options`.
///
/// Errors: a [`BuildFailure`] with every diagnostic when the site has an error (or,
/// with `strict`, a warning); the previous output is then left exactly as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let mut result = run(options, Mode::Build).map(|done| done.report);
    report::attach_excerpts(&mut result, |r| &mut r.warnings, &options.site_dir);
    result
}

/// `mag check`: the whole build in memory, then the checks of [`crate::check`]
/// over the rendered pages (links, anchors, images, titles).
///
/// Errors: a [`BuildFailure`] when the build or a check found an error (or, with
/// `strict`, a warning). The report's `warnings` hold the warnings otherwise.
pub fn check(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let build_only = BuildOptions {
        write: false,
        strict: false,
        ..options.clone()
    };
    let mut result = run(&build_only, Mode::Check).and_then(|done| {
        let mut report = done.report;
        let warnings_fail = options.strict && !report.warnings.is_empty();
        if has_errors(&report.warnings) || warnings_fail {
            return Err(fail(std::mem::take(&mut report.warnings)));
        }
        Ok(report)
    });
    report::attach_excerpts(&mut result, |r| &mut r.warnings, &options.site_dir);
    result
}

/// The dev server's rebuild: the same stages as [`build`], reusing from `session`
/// every result whose inputs did not change (see [`crate::incremental`]). Returns
/// the report and the site's files, in memory; writes nothing.
///
/// Errors: as [`build`]; the session keeps what it had.
pub(crate) fn rebuild(
    options: &BuildOptions,
    session: &mut Session,
) -> Result<(BuildReport, Vec<OutputFile>), BuildFailure> {
    let memory = BuildOptions {
        write: false,
        ..options.clone()
    };
    let mut result = run(&memory, Mode::Serve(session)).map(|done| (done.report, done.files));
    report::attach_excerpts(&mut result, |r| &mut r.0.warnings, &options.site_dir);
    result
}

/// Who runs the stages, and so where the outputs go.
enum Mode<'a> {
    /// `mag build`: to the staging folder when `write` is set, else nowhere.
    Build,
    /// `mag check`: to memory, then the checks.
    Check,
    /// `mag serve`: to memory, through the dev server's cache.
    Serve(&'a mut Session),
}

/// What a run made.
struct Done {
    report: BuildReport,
    /// The outputs, when they were kept in memory.
    files: Vec<OutputFile>,
}

/// Every stage, in order.
fn run(options: &BuildOptions, mut mode: Mode<'_>) -> Result<Done, BuildFailure> {
    let started = Instant::now();
    let mut timer = StageTimer::new();
    let site_dir = options.site_dir.as_path();
    if let Mode::Serve(session) = &mut mode {
        session.start();
    }
    // Before anything can fail: an interrupted build's swap is put right even
    // when this build then stops on a broken mag.toml.
    let output_dir = output_dir_of(options);
    if options.write {
        output::recover_interrupted(&output_dir);
    }
    let overrides = Overrides {
        base_url: options.base_url.as_deref(),
        untrusted: options.untrusted,
    };
    let config = config::load(site_dir, overrides).map_err(fail)?;
    if options.write {
        output::check_output_dir(site_dir, &output_dir).map_err(|d| fail(vec![d]))?;
    }
    let layers = theme::load(site_dir, &config).map_err(fail)?;
    let targets = assets::targets(&config).map_err(|d| fail(vec![d]))?;
    timer.lap("config");
    let mut diags = Vec::new();
    let loaded = content::load(site_dir, &config, options, mode.cache(), &mut diags);
    timer.lap("content");
    stop_on_errors(&mut diags, false)?;
    let assets = assets::build(site_dir, (&config, targets), &layers, mode.cache())
        .map_err(|e| with(e, &mut diags))?;
    timer.lap("css+tmpl");
    let cache = images::Cache::open(site_dir, &config.images);
    let catalogue = Arc::new(Catalogue::new(
        config.images.clone(),
        cache.remembered_probes(),
    ));
    let site = arrange(
        site_dir,
        config,
        loaded,
        (&layers, &assets, &catalogue),
        &mut mode,
        &mut diags,
    );
    timer.lap("markdown");
    let mut listed = plan::images::Images::new(&catalogue, &cache);
    let plan = Plan::new(&site, &layers, assets.css, site_dir, &mut listed);
    diags.extend(plan::images::problems(&plan, &catalogue, site_dir));
    diags.extend(plan::checks::urls(&plan));
    stop_on_errors(&mut diags, false)?;
    diags.extend(plan::checks::collisions(&plan));
    if site.config.security.untrusted {
        diags.extend(plan::active::refuse_active_files(&plan));
    }
    timer.lap("files");
    stop_on_errors(&mut diags, options.strict)?;
    let jobs = plan.image_jobs();
    diags.extend(cache.prepare(&jobs, &catalogue));
    stop_on_errors(&mut diags, false)?;
    timer.lap("images");
    let table = render::image_fn::ImageTable::new(&listed.sources, &site.config);
    assets.templates.set_images(table);
    let views = Views::new(&site);
    let templates = (&*assets.templates, assets.templates_key);
    let (rendered, files) = make(
        options,
        &output_dir,
        (&site, &plan, &views),
        templates,
        &mut mode,
    )
    .map_err(|e| with(e, &mut diags))?;
    cache.finish(
        &jobs,
        matches!(mode, Mode::Build) && options.write,
        &catalogue,
    );
    timer.lap("output");
    if matches!(mode, Mode::Check) {
        crate::check::run(&site, &plan, &files, &mut diags);
    }
    let report = BuildReport {
        pages: rendered.pages,
        articles: site.articles.len(),
        issues: site.issues.len(),
        sections: site.sections.len(),
        elapsed: started.elapsed(),
        output_dir,
        warnings: diags,
    };
    Ok(Done { report, files })
}

impl Mode<'_> {
    /// The dev server's cache, when this run has one.
    fn cache(&mut self) -> Option<&mut Session> {
        match self {
            Mode::Serve(session) => Some(&mut **session),
            Mode::Build | Mode::Check => None,
        }
    }
}

/// `errors` followed by the diagnostics found before them, as a failure.
fn with(mut errors: Vec<Diagnostic>, diags: &mut Vec<Diagnostic>) -> BuildFailure {
    errors.append(diags);
    fail(errors)
}

/// Fails with every diagnostic so far when there is an error (or, with `strict`,
/// any diagnostic).
fn stop_on_errors(diags: &mut Vec<Diagnostic>, strict: bool) -> Result<(), BuildFailure> {
    if has_errors(diags) || (strict && !diags.is_empty()) {
        return Err(fail(std::mem::take(diags)));
    }
    Ok(())
}

/// The folder the site goes to: `--output`, else `SITE/public` (`mag.toml` does
/// not name it, so it is known before the configuration is read), through a
/// symbolic link (see [`output::through_link`]).
fn output_dir_of(options: &BuildOptions) -> PathBuf {
    output::through_link(
        options
            .output_dir
            .clone()
            .unwrap_or_else(|| options.site_dir.join("public")),
    )
}

/// The Markdown stage: the site index, then every body (see [`markdown`]).
fn arrange(
    site_dir: &Path,
    config: Config,
    loaded: content::Loaded,
    (layers, assets, images): (&theme::Layers, &assets::Assets, &Arc<Catalogue>),
    mode: &mut Mode<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Site {
    let content::Loaded {
        content,
        unpublished,
    } = loaded;
    let body_salt = match mode {
        Mode::Serve(_) => keys::bodies(&config, &content, &unpublished, layers),
        Mode::Build | Mode::Check => 0,
    };
    let index = SiteIndex::new(&config, site_dir, &content, unpublished, Arc::clone(images));
    let inputs = markdown::Inputs {
        index: &index,
        shortcodes: &*assets.templates,
        extra: theme::merge_extra(&layers.meta.extra, &config.extra),
        // `mag build` writes pages as it renders them and keeps nothing for a
        // next run: an article's source text is not needed once its body is
        // rendered.
        release_sources: matches!(mode, Mode::Build),
        body_salt,
        image_sizes: layers.meta.image_sizes.clone(),
    };
    markdown::render(config, content, inputs, mode.cache(), diags)
}

/// The render stage: every output of the plan into its sink (see
/// [`render::render`]), then, for `mag build`, the swap into place.
fn make(
    options: &BuildOptions,
    output_dir: &Path,
    (site, plan, views): (&Site, &Plan<'_>, &Views),
    (templates, templates_key): (&render::templates::Templates, u64),
    mode: &mut Mode<'_>,
) -> Result<(render::Rendered, Vec<OutputFile>), Vec<Diagnostic>> {
    match mode {
        Mode::Build if options.write => {
            let staging = output::Staging::open(output_dir).map_err(|d| vec![d])?;
            let sink = sinks::ToStaging(&staging);
            let rendered = render::render(plan, site, views, templates, &sink, None)?;
            staging.commit().map_err(|d| vec![d])?;
            Ok((rendered, Vec::new()))
        }
        Mode::Build | Mode::Check => {
            let sink = sinks::InMemory::default();
            let rendered = render::render(plan, site, views, templates, &sink, None)?;
            Ok((rendered, sink.into_files()))
        }
        Mode::Serve(session) => {
            let cache = session.page_cache(templates_key, site, views, plan);
            let sink = sinks::InMemory::default();
            let result = render::render(plan, site, views, templates, &sink, Some(&cache));
            session.keep_pages(cache, result.as_ref().ok().map(|r| r.fresh));
            Ok((result?, sink.into_files()))
        }
    }
}
