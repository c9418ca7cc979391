//! Standalone pages: `content/NAME.md` → [`Page`] at `/NAME/`.

use std::sync::LazyLock;

use serde::Deserialize;
use toml::Spanned;

use super::validate::Validator;
use super::values::Text;
use super::{keys, parse_front_matter, Source};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::discover::SourceFile;

/// The keys a page's front matter may hold, for "did you mean" hints and the list
/// in help: the fields of the raw front matter, less `FROM_OTHER_GENERATORS`.
pub(crate) static KEYS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| keys::suggested::<RawPageMeta>(FROM_OTHER_GENERATORS));

/// The aliases shown in help for a bad alias.
const ALIAS_EXAMPLE: &str = "[\"/old-page/\"]";

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
pub(crate) struct Page {
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
    pub aliases: Vec<super::permalink::Alias>,
}

/// Parses and validates the page in `file`.
///
/// Errors (all collected): bad front matter, a missing title, a name that slugs to
/// nothing, an alias that is not a plain site path.
pub(crate) fn parse(file: &SourceFile, _config: &Config) -> Result<Page, Vec<Diagnostic>> {
    let (raw, source, fm) = parse_front_matter::<RawPageMeta>(file, &KEYS).map_err(|d| vec![d])?;
    let mut check = Validator::new(&source, fm);
    let title = check.title("page", raw.title);
    // The page's slug error has no position (an article's points at its `slug`).
    let written = raw.slug.as_ref().map(|s| s.0.as_str());
    let slug = check.slug(written, file.default_slug_source(), None);
    let aliases = check.aliases(&raw.aliases, ALIAS_EXAMPLE);
    check.finish()?;
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
