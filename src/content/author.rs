//! Contributor bios: `content/authors/SLUG.md` → [`Author`].
//!
//! The slug is the file name (transliterated); it must match the slug of the name
//! used in articles' `authors`, `illustrators` or `photographers` (`Jane Doe` →
//! `jane-doe.md`). Every key is optional: `name` defaults to the name articles use
//! (or the slug), the Markdown body is the bio. Links are `{ name, url }` tables.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{keys, parse_front_matter, slug, span_position, Source};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::discover::SourceFile;

/// The keys a contributor file's front matter may hold, for "did you mean" hints
/// and the list in help: the fields of the raw front matter.
pub(crate) static KEYS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| keys::suggested::<RawAuthorMeta>(&[]));

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAuthorMeta {
    name: Option<String>,
    image: Option<String>,
    image_alt: Option<String>,
    #[serde(default)]
    links: Vec<Spanned<AuthorLink>>,
    #[serde(default)]
    extra: toml::Table,
}

/// One link of a contributor (`{ name = "Website", url = "https://…" }`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AuthorLink {
    /// What the link is (`Website`, `Mastodon`).
    pub name: String,
    /// Where it goes: an absolute URL (or a `mailto:` address).
    pub url: String,
}

/// A validated contributor file.
#[derive(Debug, Clone)]
pub(crate) struct Author {
    /// The file and its text (the body is the bio).
    pub source: Source,
    /// The URL-safe name: the file's stem, transliterated.
    pub slug: String,
    /// The display name, when the file gives one.
    pub name: Option<String>,
    /// A portrait: `/static` path, content-relative path or URL.
    pub image: Option<String>,
    /// The portrait's alternative text.
    pub image_alt: Option<String>,
    /// Links elsewhere.
    pub links: Vec<AuthorLink>,
    /// `[extra]`.
    pub extra: toml::Table,
}

/// Parses and validates the contributor file `file`.
///
/// Errors: bad front matter, a file name that slugs to nothing, a link whose URL is
/// not absolute.
pub(crate) fn parse(file: &SourceFile, _config: &Config) -> Result<Author, Vec<Diagnostic>> {
    let (raw, source, fm) =
        parse_front_matter::<RawAuthorMeta>(file, &KEYS).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let slug = slug::slugify(file.default_slug_source());
    if slug.is_empty() {
        errors.push(
            Diagnostic::error(
                file.display.clone(),
                format!("`{}` gives an empty slug", file.default_slug_source()),
            )
            .with_help("name the file after the contributor: content/authors/jane-doe.md"),
        );
    }
    let mut links = Vec::with_capacity(raw.links.len());
    for link in raw.links {
        let span = link.span();
        let link = link.into_inner();
        if !crate::util::url::is_absolute_link(&link.url) {
            errors.push(
                Diagnostic::error(
                    file.display.clone(),
                    format!(
                        "link `{}`: `{}` is not an absolute URL (http, https or mailto)",
                        link.name, link.url
                    ),
                )
                .at(span_position(&source, fm, span))
                .with_help(format!(
                    "write the whole address: {}",
                    source.key_line("url", "\"https://example.org/\"")
                )),
            );
        }
        links.push(link);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Author {
        source,
        slug,
        name: raw.name.filter(|n| !n.trim().is_empty()),
        image: raw.image.filter(|i| !i.trim().is_empty()),
        image_alt: raw.image_alt,
        links,
        extra: raw.extra,
    })
}
