//! Standalone pages: `content/NAME.md` → [`Page`] at `/NAME/`.

use std::sync::LazyLock;

use serde::Deserialize;
use toml::Spanned;

use super::values::Text;
use super::{keys, parse_front_matter, slug, span_position, Source};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::discover::SourceFile;

/// The keys a page's front matter may hold, for "did you mean" hints and the list
/// in help: the fields of the raw front matter, less `FROM_OTHER_GENERATORS`.
pub static KEYS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| keys::suggested::<RawPageMeta>(FROM_OTHER_GENERATORS));

/// Hugo's and Jekyll's `description`, read as `dek` but not suggested.
pub(super) const FROM_OTHER_GENERATORS: &[&str] = &["description"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPageMeta {
    title: Option<Spanned<Text>>,
    #[serde(alias = "description")]
    dek: Option<Text>,
    slug: Option<Text>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    extra: toml::Table,
}

/// A validated standalone page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file and its text.
    pub source: Source,
    /// The heading (inline Markdown).
    pub title: String,
    /// A line under the heading (inline Markdown).
    pub dek: Option<String>,
    /// Built only with `--drafts`.
    pub draft: bool,
    /// `[extra]`.
    pub extra: toml::Table,
    /// The site path (`/about/`), without the base path.
    pub path: String,
    /// Old site paths that redirect to this page.
    pub aliases: Vec<String>,
}

/// Parses and validates the page in `file`.
///
/// Errors: bad front matter, a missing title, a name that slugs to nothing.
pub fn parse(file: &SourceFile, _config: &Config) -> Result<Page, Vec<Diagnostic>> {
    let (raw, source, fm) = parse_front_matter::<RawPageMeta>(file, &KEYS).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let title = match raw.title {
        Some(t) if !t.get_ref().0.trim().is_empty() => t.into_inner().0,
        _ => {
            errors.push(
                Diagnostic::error(file.display.clone(), "the page has no title")
                    .at(span_position(&source, fm, 0..0))
                    .with_help(format!(
                        "add {} to the front matter",
                        source.key_line("title", "\"…\"")
                    )),
            );
            String::new()
        }
    };
    let slug_source = raw
        .slug
        .as_ref()
        .map_or(file.default_slug_source(), |s| s.0.as_str());
    let slug = slug::slugify(slug_source);
    if slug.is_empty() {
        errors.push(
            Diagnostic::error(
                file.display.clone(),
                format!("`{slug_source}` gives an empty slug"),
            )
            .with_help(format!(
                "set {} in the front matter, or rename the file",
                source.key_line("slug", "\"some-words\"")
            )),
        );
    }
    let mut aliases = Vec::with_capacity(raw.aliases.len());
    for alias in &raw.aliases {
        match super::permalink::normalize_alias(alias.get_ref()) {
            Ok(a) if !aliases.contains(&a) => aliases.push(a),
            Ok(_) => {}
            Err(msg) => errors.push(
                Diagnostic::error(file.display.clone(), msg)
                    .at(span_position(&source, fm, alias.span()))
                    .with_help(source.key_line("aliases", "[\"/old-page/\"]")),
            ),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Page {
        source,
        title,
        dek: raw.dek.map(|d| d.0).filter(|d| !d.trim().is_empty()),
        draft: raw.draft,
        extra: raw.extra,
        path: format!("/{slug}/"),
        aliases,
    })
}
