//! The build, stage by stage. This is the only module that knows the order:
//!
//! config → discover → content (parse, in parallel) → assets (CSS) and templates
//! (which render shortcodes) → markdown (render, in parallel) → site (arrange) →
//! render (pages, in parallel) → output (staging folder, then swap).
//!
//! Each stage adds its diagnostics to one list. A stage whose input is broken stops
//! the build after reporting everything it found; an error anywhere means nothing
//! is written.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::assets::css;
use crate::config::{self, Config};
use crate::content::{self, ContentSet, Item, Selection, Source};
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::discover::{self, CONTENT_DIR};
use crate::markdown::{self, Inline, Note, Options, Resolver};
use crate::output::{self, Data, OutputFile};
use crate::render::{self, templates::Templates};
use crate::resolve::SiteIndex;
use crate::session::{self, Session};
use crate::site::{self, RenderedArticle, RenderedAuthor, RenderedIssue, RenderedPage, Site};
use crate::theme;

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding mag.toml).
    pub site_dir: PathBuf,
    /// Where to write; default `SITE/public`.
    pub output_dir: Option<PathBuf>,
    /// Overrides `base_url` of mag.toml.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Include articles dated in the future.
    pub future: bool,
    /// Write the output (false: check only).
    pub write: bool,
    /// Fail (and write nothing) when there are warnings.
    pub strict: bool,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// HTML pages written.
    pub pages: usize,
    /// Articles published.
    pub articles: usize,
    /// Issues.
    pub issues: usize,
    /// Declared sections.
    pub sections: usize,
    /// Wall time of the build.
    pub elapsed: Duration,
    /// Where the site was written.
    pub output_dir: PathBuf,
    /// Warnings (the build still succeeded).
    pub warnings: Vec<Diagnostic>,
}

impl BuildReport {
    /// `Built 1,204 pages — 812 articles, 24 issues, 10 sections — in 0.84 s`.
    pub fn summary_line(&self) -> String {
        format!(
            "Built {} — {}, {}, {} — in {:.2} s",
            counted(self.pages, "page"),
            counted(self.articles, "article"),
            counted(self.issues, "issue"),
            counted(self.sections, "section"),
            self.elapsed.as_secs_f64()
        )
    }
}

/// `1 page`, `1,204 pages`.
fn counted(n: usize, noun: &str) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let plural = if n == 1 { "" } else { "s" };
    format!("{grouped} {noun}{plural}")
}

/// A failed build: every diagnostic found, errors and warnings.
#[derive(Debug, Clone)]
pub struct BuildFailure {
    /// What went wrong.
    pub diagnostics: Vec<Diagnostic>,
}

fn fail(diagnostics: Vec<Diagnostic>) -> BuildFailure {
    BuildFailure { diagnostics }
}

fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}

/// Prints how long each stage took and the peak memory so far, to stderr, when the
/// environment variable `MAG_TIMINGS` is set (for profiling; see the manual's
/// performance page).
struct StageTimer {
    enabled: bool,
    last: Instant,
}

impl StageTimer {
    fn new() -> Self {
        StageTimer {
            enabled: std::env::var_os("MAG_TIMINGS").is_some(),
            last: Instant::now(),
        }
    }

    fn lap(&mut self, stage: &str) {
        if self.enabled {
            let peak = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find(|l| l.starts_with("VmHWM:"))
                        .map(|l| l[6..].trim().to_string())
                })
                .unwrap_or_default();
            eprintln!(
                "timing: {stage:<10} {:>8.1} ms  peak {peak}",
                self.last.elapsed().as_secs_f64() * 1000.0
            );
        }
        self.last = Instant::now();
    }
}

/// Builds the site described by `options`.
///
/// Errors: a [`BuildFailure`] with every diagnostic when the site has an error (or,
/// with `strict`, a warning); the previous output is then left exactly as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let mut result = run(options, &mut Session::off()).map(|(report, _, _)| report);
    attach_excerpts(&mut result, &options.site_dir);
    result
}

/// `mag check`: the whole build without writing, then the checks of
/// [`crate::check`] over the rendered pages (links, anchors, images, titles).
///
/// Errors: a [`BuildFailure`] when the build or a check found an error (or, with
/// `strict`, a warning). The report's `warnings` hold the warnings otherwise.
pub fn check(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let build_only = BuildOptions {
        write: false,
        strict: false,
        ..options.clone()
    };
    let mut result = run(&build_only, &mut Session::off()).and_then(|(mut report, files, site)| {
        crate::check::run(&site, &files, &mut report.warnings);
        let warnings_fail = options.strict && !report.warnings.is_empty();
        if has_errors(&report.warnings) || warnings_fail {
            return Err(fail(std::mem::take(&mut report.warnings)));
        }
        Ok(report)
    });
    attach_excerpts(&mut result, &options.site_dir);
    result
}

/// Adds the source lines to every diagnostic of a run, for rendering.
fn attach_excerpts(result: &mut Result<BuildReport, BuildFailure>, site_dir: &Path) {
    let diags = match result {
        Ok(report) => &mut report.warnings,
        Err(failure) => &mut failure.diagnostics,
    };
    crate::diagnostics::attach_excerpts(diags, site_dir);
}

/// The dev server's rebuild: the same stages as [`build`], reusing from `session`
/// every result whose inputs did not change (see [`crate::session`]). Returns the
/// report and the site's files; writes them only when `options.write` is set.
///
/// Errors: as [`build`]; the session keeps what it had.
pub fn rebuild(
    options: &BuildOptions,
    session: &mut Session,
) -> Result<(BuildReport, Vec<OutputFile>), BuildFailure> {
    match run(options, session) {
        Ok((mut report, files, _)) => {
            crate::diagnostics::attach_excerpts(&mut report.warnings, &options.site_dir);
            Ok((report, files))
        }
        Err(mut failure) => {
            crate::diagnostics::attach_excerpts(&mut failure.diagnostics, &options.site_dir);
            Err(failure)
        }
    }
}

/// Every stage; the site is returned too, for [`check`].
fn run(
    options: &BuildOptions,
    session: &mut Session,
) -> Result<(BuildReport, Vec<OutputFile>, Site), BuildFailure> {
    let started = Instant::now();
    session.start();
    let mut timer = StageTimer::new();
    let site_dir = &options.site_dir;
    let mut config = config::load(site_dir).map_err(fail)?;
    if let Some(url) = &options.base_url {
        config
            .set_base_url(url)
            .map_err(|m| fail(vec![Diagnostic::error(None, format!("--base-url: {m}"))]))?;
    }
    let output_dir = output::through_link(
        options
            .output_dir
            .clone()
            .unwrap_or_else(|| site_dir.join("public")),
    );
    if options.write {
        output::recover_interrupted(&output_dir);
        output::check_output_dir(site_dir, &output_dir).map_err(|d| fail(vec![d]))?;
    }
    let layers = theme::load(site_dir, &config).map_err(|d| fail(vec![d]))?;
    config.extra = theme::merge_extra(&layers.meta.extra, &config.extra);
    let targets = css::targets(&config.browsers)
        .map_err(|m| fail(vec![Diagnostic::error(config::CONFIG_FILE.to_string(), m)]))?;

    let mut diags = Vec::new();
    timer.lap("config");
    let (content, unpublished) = load_content(site_dir, &config, options, session, &mut diags);
    timer.lap("content");
    if has_errors(&diags) {
        return Err(fail(diags));
    }
    let body_salt = index_fingerprint(&config, &content, &unpublished, &layers);
    let index = SiteIndex::new(&config, site_dir, &content, unpublished);
    // Templates come before Markdown: they render the bodies' shortcodes.
    let css_key = sources_key(&layers.statics, ".css", &config.browsers);
    let mut built_css = session
        .css(css_key, || css::build(&layers.statics, targets, site_dir))
        .map_err(|mut e| {
            e.append(&mut diags);
            fail(e)
        })?;
    if session.stable_asset_names {
        // Only the plain copy (`css/main.css`): pages then stay the same when a
        // style sheet changes.
        built_css.retain(|c| c.output == c.logical);
    }
    let asset_map: HashMap<String, String> = built_css
        .iter()
        .map(|c| (c.logical.clone(), c.output.clone()))
        .collect();
    let mut assets: Vec<_> = asset_map.iter().collect();
    assets.sort();
    let templates_key = session::hash_of((
        sources_key(&layers.templates, ".html", &config.base_path),
        assets,
        (&config.language, config.smart_punctuation),
    ));
    let templates = session
        .templates(templates_key, || {
            let mut t = Templates::load(&layers, site_dir, &config.base_path, asset_map)?;
            t.configure(&config.language, config.smart_punctuation);
            Ok(t)
        })
        .map_err(|mut e| {
            e.append(&mut diags);
            fail(e)
        })?;
    timer.lap("css+tmpl");
    // `mag build` writes pages as it renders them and keeps nothing for a next
    // run: an article's source text is not needed once its body is rendered.
    let streaming = options.write && session.page_memo().is_none();
    let site = render_markdown(
        config,
        content,
        &index,
        &*templates,
        (session, body_salt, streaming),
        &mut diags,
    );
    check_duplicate_urls(&site, &mut diags);
    if has_errors(&diags) {
        return Err(fail(diags));
    }
    timer.lap("markdown");

    // Everything but the pages first: the output's paths are then all known, and
    // checked, before a page is rendered or a file written.
    let mut others = render::files(&site);
    others.extend(built_css.into_iter().map(|c| OutputFile {
        path: c.output,
        data: Data::Bytes(c.code.into_bytes()),
    }));
    others.extend(copied_files(&site, &layers));
    // A site's own robots.txt replaces the generated one.
    if others
        .iter()
        .any(|f| f.path == "robots.txt" && !matches!(f.data, Data::Bytes(_)))
    {
        others.retain(|f| f.path != "robots.txt" || !matches!(f.data, Data::Bytes(_)));
    }
    let page_paths: Vec<String> = render::planned_pages(&site)
        .iter()
        .map(|p| content::permalink::output_file(&p.path))
        .collect();
    check_file_collisions(&page_paths, &others, site_dir, &mut diags);
    timer.lap("files");
    if has_errors(&diags) || (options.strict && !diags.is_empty()) {
        return Err(fail(diags));
    }
    let memo = session.page_memo().map(|m| (m, templates_key));
    let render_failed = |mut e: Vec<Diagnostic>| {
        e.append(&mut diags);
        fail(e)
    };
    let (files, pages) = if streaming {
        // `mag build`: each page goes to the staging folder as soon as it is
        // rendered, so no more than a page per thread is held in memory.
        let staging = output::Staging::open(&output_dir).map_err(|d| fail(vec![d]))?;
        staging.write_all(&others).map_err(|d| fail(vec![d]))?;
        let (_, pages) = render::pages_into(&site, &templates, &|file| {
            staging.write(&file).map(|()| None)
        })
        .map_err(render_failed)?;
        timer.lap("pages");
        staging.commit().map_err(|d| fail(vec![d]))?;
        (Vec::new(), pages)
    } else {
        let (mut files, memo, rendered) =
            render::pages_reusing(&site, &templates, memo).map_err(render_failed)?;
        session.keep_pages(memo, rendered);
        let pages = files.len();
        files.extend(others);
        timer.lap("pages");
        if options.write {
            output::commit(&files, &output_dir).map_err(|d| fail(vec![d]))?;
        }
        (files, pages)
    };
    timer.lap("output");
    let report = BuildReport {
        pages,
        articles: site.articles.len(),
        issues: site.issues.len(),
        sections: site.sections.len(),
        elapsed: started.elapsed(),
        output_dir,
        warnings: diags,
    };
    Ok((report, files, site))
}

/// What every rendered body depends on besides its own file: each content path's
/// URL, the unpublished paths (links to them are errors) and the shortcode
/// templates.
fn index_fingerprint(
    config: &Config,
    content: &ContentSet,
    unpublished: &HashSet<String>,
    layers: &theme::Layers,
) -> u64 {
    let urls: Vec<(&str, &str)> = content
        .articles
        .iter()
        .map(|a| (a.source.file.content_path.as_str(), a.path.as_str()))
        .chain(
            content
                .issues
                .iter()
                .map(|i| (i.source.file.content_path.as_str(), i.path.as_str())),
        )
        .chain(
            content
                .pages
                .iter()
                .map(|p| (p.source.file.content_path.as_str(), p.path.as_str())),
        )
        .collect();
    let mut hidden: Vec<&String> = unpublished.iter().collect();
    hidden.sort();
    let shortcodes: Vec<_> = layers
        .templates
        .iter()
        .filter(|(name, _)| name.starts_with("shortcodes/"))
        .map(|(name, source)| (name, source.read().ok()))
        .collect();
    session::hash_of((&config.base_path, urls, hidden, shortcodes))
}

/// A key over every layer file whose name ends with `ext` (name and bytes), and
/// `extra`.
fn sources_key(
    files: &std::collections::BTreeMap<String, theme::FileSource>,
    ext: &str,
    extra: &str,
) -> u64 {
    let all: Vec<_> = files
        .iter()
        .filter(|(name, _)| name.ends_with(ext))
        .map(|(name, source)| (name, source.read().ok()))
        .collect();
    session::hash_of((all, extra))
}

/// Discovers and parses `content/`, applying the draft and date selection.
/// Returns the content and the content paths left out (drafts, scheduled).
fn load_content(
    site_dir: &Path,
    config: &Config,
    options: &BuildOptions,
    session: &mut Session,
    diags: &mut Vec<Diagnostic>,
) -> (ContentSet, HashSet<String>) {
    let found = discover::scan(site_dir);
    diags.extend(found.diagnostics);
    let results = session.parse(&found.sources, |file| content::parse_one(file, config));
    let mut items = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(item) => items.push(item),
            Err(mut e) => diags.append(&mut e),
        }
    }
    let all_paths: HashSet<String> = items
        .iter()
        .filter_map(|i| match i {
            Item::Article(a) => Some(a.source.file.content_path.clone()),
            Item::Page(p) => Some(p.source.file.content_path.clone()),
            _ => None,
        })
        .collect();
    let selection = Selection {
        drafts: options.drafts,
        future: options.future,
        now: chrono::Utc::now().fixed_offset(),
    };
    let mut content = content::assemble(items, selection, diags);
    content.loose_files = found.loose_files;
    let kept: HashSet<&String> = content
        .articles
        .iter()
        .map(|a| &a.source.file.content_path)
        .chain(content.pages.iter().map(|p| &p.source.file.content_path))
        .collect();
    let unpublished = all_paths
        .iter()
        .filter(|p| !kept.contains(p))
        .cloned()
        .collect();
    (content, unpublished)
}

/// A body note placed in its file.
fn place(source: &Source, note: Note) -> Diagnostic {
    let index = LineIndex::new(&source.text);
    let d = match note.severity {
        crate::diagnostics::Severity::Error => {
            Diagnostic::error(source.display().to_string(), note.message)
        }
        crate::diagnostics::Severity::Warning => {
            Diagnostic::warning(source.display().to_string(), note.message)
        }
    };
    d.at_offset(&index, source.body_offset + note.offset)
        .with_help(note.help)
}

fn inline(text: &Option<String>, options: &Options, resolver: &dyn Resolver) -> Option<Inline> {
    text.as_deref()
        .map(|t| markdown::render_inline(t, options, resolver))
}

/// Renders every body and inline field, then arranges the site. Article bodies
/// come from the session when their file, URL and `body_salt` are unchanged.
fn render_markdown(
    config: Config,
    content: ContentSet,
    index: &SiteIndex,
    shortcodes: &dyn markdown::ShortcodeHost,
    (session, body_salt, release_sources): (&mut Session, u64, bool),
    diags: &mut Vec<Diagnostic>,
) -> Site {
    let options = Options {
        smart_punctuation: config.smart_punctuation,
        id_prefix: String::new(),
    };
    let ContentSet {
        articles,
        issues,
        pages,
        authors,
        loose_files,
    } = content;
    let rendered = session.bodies(
        articles,
        |a| {
            let key = (&a.path, body_salt);
            (a.source.file.content_path.clone(), session::hash_of(key))
        },
        |article| {
            let (mut rendered, notes) =
                render_article(article, &config, &options, index, shortcodes);
            if release_sources {
                rendered.article.source.release_text();
            }
            (rendered, notes)
        },
    );
    let mut out_articles = Vec::with_capacity(rendered.len());
    for (a, notes) in rendered {
        diags.extend(notes);
        out_articles.push(a);
    }
    let out_issues: Vec<RenderedIssue> = issues
        .into_iter()
        .map(|issue| {
            let resolver = index.for_item(&issue.source.file.content_path, None);
            let blurb = markdown::render_with(issue.source.body(), &options, &resolver, shortcodes);
            diags.extend(blurb.notes.iter().cloned().map(|n| place(&issue.source, n)));
            RenderedIssue {
                title: markdown::render_inline(&issue.title, &options, &resolver),
                cover: issue.cover.as_deref().map(|c| resolver.image(c)),
                cover_credit: inline(&issue.cover_credit, &options, &resolver),
                blurb,
                url: config.url_path(&issue.path),
                issue,
            }
        })
        .collect();
    let out_pages: Vec<RenderedPage> = pages
        .into_iter()
        .map(|page| {
            let resolver = index.for_item(&page.source.file.content_path, None);
            let body = markdown::render_with(page.source.body(), &options, &resolver, shortcodes);
            diags.extend(body.notes.iter().cloned().map(|n| place(&page.source, n)));
            RenderedPage {
                title: markdown::render_inline(&page.title, &options, &resolver),
                dek: inline(&page.dek, &options, &resolver),
                body,
                url: config.url_path(&page.path),
                page,
            }
        })
        .collect();
    let out_authors: Vec<RenderedAuthor> = authors
        .into_iter()
        .map(|author| {
            let resolver = index.for_item(&author.source.file.content_path, None);
            let bio = markdown::render(author.source.body(), &options, &resolver);
            diags.extend(bio.notes.iter().cloned().map(|n| place(&author.source, n)));
            RenderedAuthor {
                image: author.image.as_deref().map(|i| resolver.image(i)),
                bio,
                author,
            }
        })
        .collect();
    let mut site = site::arrange(config, out_articles, out_issues, out_pages, out_authors);
    site.loose_files = loose_files;
    site
}

/// One article's body and inline fields, with the body's notes placed in its file.
fn render_article(
    article: content::Article,
    config: &Config,
    options: &Options,
    index: &SiteIndex,
    shortcodes: &dyn markdown::ShortcodeHost,
) -> (RenderedArticle, Vec<Diagnostic>) {
    let url = config.url_path(&article.path);
    let bundle =
        (!article.bundle_assets().is_empty() || is_bundle(&article.source)).then_some(url.as_str());
    let resolver = index.for_item(&article.source.file.content_path, bundle);
    let body = markdown::render_with(article.source.body(), options, &resolver, shortcodes);
    let notes: Vec<Diagnostic> = body
        .notes
        .iter()
        .cloned()
        .map(|n| place(&article.source, n))
        .collect();
    let title = markdown::render_inline(&article.title, options, &resolver);
    let dek = inline(&article.dek, options, &resolver);
    let summary = article
        .summary
        .clone()
        .or_else(|| dek.as_ref().map(|d| d.text.clone()))
        .or_else(|| body.summary.clone())
        .unwrap_or_default();
    let rendered = RenderedArticle {
        caption: inline(&article.image_caption, options, &resolver),
        credit: inline(&article.art_credit, options, &resolver),
        image: article.image.as_deref().map(|src| resolver.image(src)),
        title,
        dek,
        summary,
        body,
        url: url.clone(),
        article,
    };
    (rendered, notes)
}

fn is_bundle(source: &Source) -> bool {
    matches!(source.file.kind, discover::SourceKind::Bundle { .. })
}

/// Two pieces of content written to one URL is an error naming both.
fn check_duplicate_urls(site: &Site, diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, String> = HashMap::new();
    for (path, origin) in render::planned_paths(site) {
        let file = content::permalink::output_file(&path);
        if let Some(first) = seen.get(&file) {
            // The diagnostic's file is a content file of the two, if any.
            let origin_file = [&origin, first]
                .into_iter()
                .find(|o| o.starts_with(CONTENT_DIR))
                .map(|o| o.trim_end_matches(" (alias)").to_string());
            diags.push(
                Diagnostic::error(
                    origin_file,
                    format!("{origin} and {first} would both be written to {path}"),
                )
                .with_help(
                    if origin.ends_with("(alias)") || first.ends_with("(alias)") {
                        "change or remove the alias (aliases = [...] in the front matter)"
                    } else {
                        "give one of them another slug (slug = \"…\" in its front matter)"
                    },
                ),
            );
        } else {
            seen.insert(file, origin);
        }
    }
}

/// A copied file (static, bundle asset, loose content file) written to the same
/// path as a generated page or another copied file is an error naming both; so is
/// a file standing where the site needs a folder (one error per such file).
/// `pages` are the output paths of the pages; `others` every other output file.
fn check_file_collisions(
    pages: &[String],
    others: &[OutputFile],
    site_dir: &Path,
    diags: &mut Vec<Diagnostic>,
) {
    let origin = |f: &OutputFile| match &f.data {
        Data::Copy(p) => p
            .strip_prefix(site_dir)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/"),
        Data::Static(_) => format!("the theme's static/{}", f.path),
        Data::Bytes(_) => "a page mag generates".to_string(),
    };
    // Pages stand in as generated files with no bytes: only paths are compared.
    let page_files: Vec<OutputFile> = pages
        .iter()
        .map(|path| OutputFile {
            path: path.clone(),
            data: Data::Bytes(Vec::new()),
        })
        .collect();
    let files: Vec<&OutputFile> = page_files.iter().chain(others).collect();
    let mut seen: HashMap<&str, &OutputFile> = HashMap::new();
    for &file in &files {
        if let Some(first) = seen.insert(file.path.as_str(), file) {
            let (a, b) = (origin(first), origin(file));
            let copied = [first, file]
                .into_iter()
                .find(|f| matches!(f.data, Data::Copy(_)));
            diags.push(
                Diagnostic::error(
                    copied.map(origin),
                    format!("{b} and {a} would both be written to {}", file.path),
                )
                .with_help("rename or move the static file, or give the content another slug"),
            );
        }
    }
    // A file where another needs a folder (`atom.xml` and `atom.xml/index.html`):
    // one error per such file, naming the first file that needs the folder.
    let mut blocked: Vec<(&str, &str, usize)> = Vec::new(); // (folder, first file, count)
    for file in &files {
        let mut parent = Path::new(&file.path).parent();
        while let Some(dir) = parent.filter(|d| !d.as_os_str().is_empty()) {
            if let Some(dir) = dir.to_str().filter(|d| seen.contains_key(d)) {
                match blocked.iter_mut().find(|(d, _, _)| *d == dir) {
                    Some(entry) => entry.2 += 1,
                    None => blocked.push((dir, file.path.as_str(), 1)),
                }
            }
            parent = dir.parent();
        }
    }
    for (dir, first, count) in blocked {
        let blocker = seen[dir];
        let others = match count {
            1 => String::new(),
            n => format!(" (and {} more files)", n - 1),
        };
        let copied = matches!(blocker.data, Data::Copy(_));
        diags.push(
            Diagnostic::error(
                copied.then(|| origin(blocker)),
                format!(
                    "{first}{others} needs {dir} to be a folder, but {} is written there",
                    origin(blocker)
                ),
            )
            .with_help(format!(
                "rename or move what is written to {dir}: the site needs that name for a folder"
            )),
        );
    }
}

/// Static files (minus style sheets, which are processed), bundle assets and loose
/// content files.
fn copied_files(site: &Site, layers: &theme::Layers) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for (rel, source) in &layers.statics {
        if rel.ends_with(".css") {
            continue;
        }
        files.push(OutputFile {
            path: rel.clone(),
            data: match source {
                theme::FileSource::Embedded(bytes) => Data::Static(bytes),
                theme::FileSource::Disk(p) => Data::Copy(p.clone()),
            },
        });
    }
    for a in &site.articles {
        let Some(dir) = a.article.source.file.path.parent() else {
            continue;
        };
        let folder = content::permalink::output_file(&a.article.path);
        let folder = folder.rsplit_once('/').map_or("", |(d, _)| d);
        for asset in a.article.bundle_assets() {
            if let Ok(rel) = asset.strip_prefix(dir) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                let path = if folder.is_empty() {
                    rel
                } else {
                    format!("{folder}/{rel}")
                };
                files.push(OutputFile {
                    path,
                    data: Data::Copy(asset.clone()),
                });
            }
        }
    }
    for (abs, rel) in &site.loose_files {
        files.push(OutputFile {
            path: rel.clone(),
            data: Data::Copy(abs.clone()),
        });
    }
    files
}
