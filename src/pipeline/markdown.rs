//! The Markdown stage: every body and inline field rendered (article bodies in
//! parallel, or from the dev server's cache), each body's notes placed in its
//! file, then the site arranged.

use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, ContentSet, Source};
use crate::diagnostics::{Diagnostic, LineIndex, Severity};
use crate::discover::SourceKind;
use crate::incremental::Session;
use crate::markdown::{self, Inline, Note, Options, Resolver, Sanitizer, ShortcodeHost};
use crate::resolve::SiteIndex;
use crate::site::{self, RenderedArticle, RenderedAuthor, RenderedIssue, RenderedPage, Site};
use crate::util::hash::hash_of;

/// What the Markdown stage reads besides the content.
pub(crate) struct Inputs<'a> {
    /// URLs and image sizes for links and images.
    pub(crate) index: &'a SiteIndex,
    /// Renders shortcodes (the templates).
    pub(crate) shortcodes: &'a dyn ShortcodeHost,
    /// The site's `[extra]` with the theme's defaults under it.
    pub(crate) extra: toml::Table,
    /// Frees each article's source text once its body is rendered (`mag build`).
    pub(crate) release_sources: bool,
    /// What every body depends on besides its own file (the cache's salt).
    pub(crate) body_salt: u64,
    /// The theme's `sizes` for body images.
    pub(crate) image_sizes: String,
}

/// Renders every body and inline field, then arranges the site. Article bodies
/// come from `cache` when their file, URL and salt are unchanged.
pub(crate) fn render(
    config: Config,
    content: ContentSet,
    inputs: Inputs<'_>,
    cache: Option<&mut Session>,
    diags: &mut Vec<Diagnostic>,
) -> Site {
    let options = Options {
        smart_punctuation: config.smart_punctuation,
        id_prefix: String::new(),
        sanitizer: (config.security.untrusted)
            .then(|| Arc::new(Sanitizer::new(&config.security.embed_hosts))),
        image_sizes: inputs.image_sizes.clone(),
    };
    let ContentSet {
        articles,
        issues,
        pages,
        authors,
        loose_files,
    } = content;
    let one = |article: content::Article| {
        let (mut rendered, notes) = render_article(article, &config, &options, &inputs);
        if inputs.release_sources {
            rendered.article.source.release_text();
        }
        (rendered, notes)
    };
    let rendered = match cache {
        Some(cache) => cache.bodies(
            articles,
            |a| {
                let key = hash_of((&a.path, inputs.body_salt));
                (a.source.file.content_path.clone(), key)
            },
            one,
        ),
        None => articles.into_par_iter().map(one).collect(),
    };
    let mut out_articles = Vec::with_capacity(rendered.len());
    for (a, notes) in rendered {
        diags.extend(notes);
        out_articles.push(a);
    }
    let out_issues = issues
        .into_iter()
        .map(|i| render_issue(i, &config, &options, &inputs, diags))
        .collect();
    let out_pages = pages
        .into_iter()
        .map(|p| render_page(p, &config, &options, &inputs, diags))
        .collect();
    let out_authors = authors
        .into_iter()
        .map(|a| render_author(a, &options, &inputs, diags))
        .collect();
    let mut site = site::arrange(config, out_articles, out_issues, out_pages, out_authors);
    site.extra = inputs.extra;
    site.loose_files = loose_files;
    site
}

/// A body note placed in its file (`index` is the file's line index).
fn place(source: &Source, index: &LineIndex<'_>, note: Note) -> Diagnostic {
    let file = source.display().to_string();
    let d = match note.severity {
        Severity::Error => Diagnostic::error(file, note.message),
        Severity::Warning => Diagnostic::warning(file, note.message),
    };
    d.at_offset(index, source.body_offset + note.offset)
        .with_help(note.help)
}

/// Every note of one file placed in it; the file's lines are indexed once (ten
/// thousand unused footnotes once indexed the file ten thousand times).
fn placed<'a>(source: &'a Source, notes: &'a [Note]) -> impl Iterator<Item = Diagnostic> + 'a {
    let index = (!notes.is_empty()).then(|| LineIndex::new(&source.text));
    notes
        .iter()
        .cloned()
        .filter_map(move |n| index.as_ref().map(|index| place(source, index, n)))
}

fn inline(text: &Option<String>, options: &Options, resolver: &dyn Resolver) -> Option<Inline> {
    text.as_deref()
        .map(|t| markdown::render_inline(t, options, resolver))
}

/// One article's body and inline fields, with the body's notes placed in its file.
fn render_article(
    article: content::Article,
    config: &Config,
    options: &Options,
    inputs: &Inputs<'_>,
) -> (RenderedArticle, Vec<Diagnostic>) {
    let url = config.url_path(&article.path);
    let bundle = (!article.bundle_assets().is_empty() || is_bundle(&article.source))
        .then_some(article.path.as_str());
    let resolver = inputs
        .index
        .for_item(&article.source.file.content_path, bundle);
    let body = markdown::render_with(article.source.body(), options, &resolver, inputs.shortcodes);
    let notes: Vec<Diagnostic> = placed(&article.source, &body.notes).collect();
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
        image: article.image.as_deref().map(|src| resolver.lead_image(src)),
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
    matches!(source.file.kind, SourceKind::Bundle { .. })
}

fn render_issue(
    issue: content::Issue,
    config: &Config,
    options: &Options,
    inputs: &Inputs<'_>,
    diags: &mut Vec<Diagnostic>,
) -> RenderedIssue {
    let resolver = inputs.index.for_item(&issue.source.file.content_path, None);
    let blurb = markdown::render_with(issue.source.body(), options, &resolver, inputs.shortcodes);
    diags.extend(placed(&issue.source, &blurb.notes));
    RenderedIssue {
        title: markdown::render_inline(&issue.title, options, &resolver),
        cover: issue.cover.as_deref().map(|c| resolver.lead_image(c)),
        cover_credit: inline(&issue.cover_credit, options, &resolver),
        blurb,
        url: config.url_path(&issue.path),
        issue,
    }
}

fn render_page(
    page: content::Page,
    config: &Config,
    options: &Options,
    inputs: &Inputs<'_>,
    diags: &mut Vec<Diagnostic>,
) -> RenderedPage {
    let resolver = inputs.index.for_item(&page.source.file.content_path, None);
    let body = markdown::render_with(page.source.body(), options, &resolver, inputs.shortcodes);
    diags.extend(placed(&page.source, &body.notes));
    RenderedPage {
        title: markdown::render_inline(&page.title, options, &resolver),
        dek: inline(&page.dek, options, &resolver),
        body,
        url: config.url_path(&page.path),
        page,
    }
}

fn render_author(
    author: content::Author,
    options: &Options,
    inputs: &Inputs<'_>,
    diags: &mut Vec<Diagnostic>,
) -> RenderedAuthor {
    let resolver = inputs
        .index
        .for_item(&author.source.file.content_path, None);
    let bio = markdown::render(author.source.body(), options, &resolver);
    diags.extend(placed(&author.source, &bio.notes));
    RenderedAuthor {
        image: author.image.as_deref().map(|i| resolver.lead_image(i)),
        bio,
        author,
    }
}
