//! Articles: raw front matter → [`Article`].
//!
//! The section is the front matter's `section`, else the folder under `content/`;
//! it must be declared in mag.toml. The slug is `slug`, else the file name (a
//! bundle's folder name), transliterated. A published article needs a date; a
//! draft may lack one. The permalink comes from `[permalinks] article`.

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, FixedOffset};
use serde::Deserialize;
use toml::Spanned;

use super::validate::{DateExample, Validator};
use super::values::{Names, Text};
use super::{keys, parse_front_matter, permalink, slug, Source};
use crate::config::Config;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::discover::{SourceFile, SourceKind};

/// The keys an article's front matter may hold, for "did you mean" hints and the
/// list in help: the fields of the raw front matter, less `FROM_OTHER_GENERATORS`.
pub(crate) static KEYS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| keys::suggested::<RawArticleMeta>(FROM_OTHER_GENERATORS));

/// Keys of Hugo and Jekyll that an article accepts so that imported files build,
/// but that hints do not suggest (`author` would shadow `authors`).
pub(super) const FROM_OTHER_GENERATORS: &[&str] = &["author", "categories", "description"];

/// The date shown in help for a bad `date` or `updated`.
const DATE_EXAMPLE: DateExample = DateExample {
    date: "2023-01-10",
    or: Some("2023-01-10T09:30:00"),
};

/// The aliases shown in help for a bad alias.
const ALIAS_EXAMPLE: &str = "[\"/2019/03/old-slug/\"]";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArticleMeta {
    title: Option<Spanned<Text>>,
    /// `description` is Hugo's and Jekyll's name for it.
    #[serde(alias = "description")]
    dek: Option<Text>,
    authors: Option<Spanned<Names>>,
    /// Jekyll's single author, added to `authors`.
    author: Option<Spanned<Text>>,
    /// Hugo's and Jekyll's categories: the first, when it names a declared section,
    /// is the section (unless `section` is given).
    #[serde(default)]
    categories: Names,
    illustrators: Option<Spanned<Names>>,
    photographers: Option<Spanned<Names>>,
    date: Option<Spanned<toml::Value>>,
    updated: Option<Spanned<toml::Value>>,
    section: Option<Spanned<String>>,
    issue: Option<Spanned<u32>>,
    tags: Option<Spanned<Names>>,
    slug: Option<Spanned<Text>>,
    #[serde(default)]
    draft: bool,
    image: Option<String>,
    image_alt: Option<String>,
    image_caption: Option<String>,
    art_credit: Option<String>,
    summary: Option<Text>,
    #[serde(default)]
    featured: bool,
    /// Old URLs of the article (site paths such as `/2021/06/old-slug/`).
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    extra: toml::Table,
}

/// Where some front-matter values sit in the file, for later cross-checks.
#[derive(Debug, Clone, Default)]
pub(crate) struct Positions {
    /// The `issue` value's (line, column).
    pub issue: Option<(usize, usize)>,
}

/// A validated article. Text fields hold inline Markdown as written.
#[derive(Debug, Clone)]
pub(crate) struct Article {
    /// The file and its text.
    pub source: Source,
    /// Headline (inline Markdown).
    pub title: String,
    /// Standfirst (inline Markdown).
    pub dek: Option<String>,
    /// Writers, by display name.
    pub authors: Vec<String>,
    /// Illustrators, by display name.
    pub illustrators: Vec<String>,
    /// Photographers, by display name.
    pub photographers: Vec<String>,
    /// Publication date; `None` only for drafts.
    pub date: Option<DateTime<FixedOffset>>,
    /// Last substantial revision.
    pub updated: Option<DateTime<FixedOffset>>,
    /// The declared section's slug.
    pub section: String,
    /// The print issue's number.
    pub issue: Option<u32>,
    /// Tags, as written.
    pub tags: Vec<String>,
    /// Built only with `--drafts`.
    pub draft: bool,
    /// Lead art: bundle-relative, content-relative or `/static` path, or a URL.
    pub image: Option<String>,
    /// Lead art's alternative text.
    pub image_alt: Option<String>,
    /// Lead art's caption (inline Markdown).
    pub image_caption: Option<String>,
    /// Lead art's credit (inline Markdown).
    pub art_credit: Option<String>,
    /// An explicit summary (plain text).
    pub summary: Option<String>,
    /// Shown among featured articles on the home page.
    pub featured: bool,
    /// `[extra]`.
    pub extra: toml::Table,
    /// The site path (`/personages/slug/`), without the base path.
    pub path: String,
    /// Old site paths (`/2019/03/old-slug/`) that redirect to this article.
    pub aliases: Vec<super::permalink::Alias>,
    /// Positions of some front-matter values.
    pub positions: Positions,
}

impl Article {
    /// Files beside a bundle's `index.md`, copied next to the article's page.
    pub(crate) fn bundle_assets(&self) -> &[std::path::PathBuf] {
        match &self.source.file.kind {
            SourceKind::Bundle { assets } => assets,
            _ => &[],
        }
    }
}

/// Parses and validates the article in `file`.
///
/// Errors (all collected, in this order): bad front matter (alone), a missing
/// title, a name or tag that slugs to nothing, an undeclared section (with the
/// nearest declared one), a bad `date` or `updated`, a published article without a
/// date, a slug that is empty, an alias that is not a plain site path.
pub(crate) fn parse(file: &SourceFile, config: &Config) -> Result<Article, Vec<Diagnostic>> {
    let (mut raw, source, fm) =
        parse_front_matter::<RawArticleMeta>(file, &KEYS).map_err(|d| vec![d])?;
    let mut check = Validator::new(&source, fm);
    let positions = Positions {
        issue: raw.issue.as_ref().map(|i| check.position(i.span())),
    };
    let title = check.title("article", raw.title.take());
    let people = people(&mut check, &mut raw);
    let section = section(&mut check, file, config, &raw);
    let (date, updated) = dates(&mut check, config, &raw);
    let slug_at = raw.slug.as_ref().map(|s| check.position(s.span()));
    let written = raw.slug.as_ref().map(|s| s.get_ref().0.as_str());
    let slug = check.slug(written, file.default_slug_source(), slug_at);
    let aliases = check.aliases(&raw.aliases, ALIAS_EXAMPLE);
    check.finish()?;

    let issue = raw.issue.map(Spanned::into_inner);
    let path = article_path(config, &section, &slug, date.as_ref(), issue);
    Ok(Article {
        source,
        title,
        dek: raw.dek.map(|d| d.0).filter(|d| !d.trim().is_empty()),
        authors: people.authors,
        illustrators: people.illustrators,
        photographers: people.photographers,
        date,
        updated,
        section,
        issue,
        tags: people.tags,
        draft: raw.draft,
        image: raw.image.filter(|s| !s.trim().is_empty()),
        image_alt: raw.image_alt,
        image_caption: raw.image_caption.filter(|s| !s.trim().is_empty()),
        art_credit: raw.art_credit.filter(|s| !s.trim().is_empty()),
        summary: raw.summary.map(|s| s.0).filter(|s| !s.trim().is_empty()),
        featured: raw.featured,
        extra: raw.extra,
        path,
        aliases,
        positions,
    })
}

/// The people credited in an article, and its tags: trimmed, as written.
struct People {
    authors: Vec<String>,
    illustrators: Vec<String>,
    photographers: Vec<String>,
    tags: Vec<String>,
}

/// Takes `authors` (with Jekyll's `author` first), `illustrators`,
/// `photographers` and `tags` out of `raw`.
///
/// Errors: each name or tag that slugs to nothing (see [`empty_name`]).
fn people(check: &mut Validator, raw: &mut RawArticleMeta) -> People {
    let mut authors = names(check, "authors", raw.authors.take());
    let illustrators = names(check, "illustrators", raw.illustrators.take());
    let photographers = names(check, "photographers", raw.photographers.take());
    let tags = names(check, "tags", raw.tags.take());
    if let Some(author) = raw.author.take() {
        let at = check.position(author.span());
        let name = author.into_inner().0.trim().to_string();
        if !name.is_empty() && slug::slugify(&name).is_empty() {
            check.push(empty_name(check, "author", &name, at));
        }
        authors = with_author(authors, Some(name));
    }
    People {
        authors,
        illustrators,
        photographers,
        tags,
    }
}

/// The names of the front matter's `key`, trimmed; none when absent.
///
/// Errors: each name that slugs to nothing, at the list.
fn names(check: &mut Validator, key: &str, list: Option<Spanned<Names>>) -> Vec<String> {
    let Some(list) = list else {
        return Vec::new();
    };
    let at = check.position(list.span());
    let names = trimmed(list.into_inner().0);
    for bad in names.iter().filter(|n| slug::slugify(n).is_empty()) {
        check.push(empty_name(check, key, bad, at));
    }
    names
}

/// The article's section: `section`, else the first of `categories` that names a
/// declared section, else the folder under `content/`.
///
/// Error: a section not declared in mag.toml (at `section` when it is given), with
/// the nearest declared one or how to declare it.
fn section(
    check: &mut Validator,
    file: &SourceFile,
    config: &Config,
    raw: &RawArticleMeta,
) -> String {
    let (section, section_pos) = match &raw.section {
        Some(s) => (s.get_ref().clone(), Some(check.position(s.span()))),
        None => match raw
            .categories
            .0
            .first()
            .and_then(|c| category_section(config, c))
        {
            Some(slug) => (slug, None),
            None => (file.top_folder().unwrap_or_default().to_string(), None),
        },
    };
    if config.section(&section).is_none() {
        let mut d = check.error(format!("section `{section}` is not declared in mag.toml"));
        if let Some(p) = section_pos {
            d = d.at(p);
        }
        check.push(d.with_help(undeclared_section_help(config, &section)));
    }
    section
}

/// Help for an undeclared `section`: the nearest declared section, else the
/// declared ones and how to declare it.
fn undeclared_section_help(config: &Config, section: &str) -> String {
    let declared: Vec<&str> = config.sections.iter().map(|s| s.slug.as_str()).collect();
    match did_you_mean(section, declared.iter().copied()) {
        Some(near) => format!("did you mean `{near}`? Declared sections: {}", declared.join(", ")),
        None if declared.is_empty() => {
            format!("declare it in mag.toml:\n[[sections]]\nslug = \"{section}\"\nname = \"…\"")
        }
        None => format!(
            "declared sections: {}; or declare it in mag.toml with [[sections]] slug = \"{section}\"",
            declared.join(", ")
        ),
    }
}

/// The article's `date` and `updated`, in the site's timezone.
///
/// Errors: a value that is not a date; no `date` in an article that is not a draft.
fn dates(
    check: &mut Validator,
    config: &Config,
    raw: &RawArticleMeta,
) -> (Option<DateTime<FixedOffset>>, Option<DateTime<FixedOffset>>) {
    let tz = config.timezone;
    let date = check.date("date", raw.date.as_ref(), tz, DATE_EXAMPLE);
    let updated = check.date("updated", raw.updated.as_ref(), tz, DATE_EXAMPLE);
    if raw.date.is_none() && !raw.draft {
        let help = format!(
            "add {} to the front matter (drafts may go without one)",
            check.key_line("date", "2023-01-10")
        );
        let d = check.error("the article has no date").at(check.start());
        check.push(d.with_help(help));
    }
    (date, updated)
}

/// The declared section a category names, by slug or by name (case aside).
fn category_section(config: &Config, category: &str) -> Option<String> {
    let wanted = slug::slugify(category);
    config
        .sections
        .iter()
        .find(|s| s.slug == wanted || s.name.eq_ignore_ascii_case(category.trim()))
        .map(|s| s.slug.clone())
}

/// Names with their surrounding whitespace removed.
fn trimmed(names: Vec<String>) -> Vec<String> {
    names.into_iter().map(|n| n.trim().to_string()).collect()
}

/// A name or tag that slugs to nothing would be linked at `/authors//` or
/// `/tags//` (SPEC: a name that slugs to nothing is an error): the error for
/// `name` in the front matter's `key`, at `at`.
fn empty_name(check: &Validator, key: &str, name: &str, at: (usize, usize)) -> Diagnostic {
    check
        .error(if name.is_empty() {
            format!("`{key}`: a name is empty")
        } else {
            format!("`{key}`: `{name}` has no letter or digit to make its address from")
        })
        .at(at)
        .with_help("write the name with letters or digits, or remove it")
}

/// `authors`, with Jekyll's single `author` first when it is not already listed.
fn with_author(mut authors: Vec<String>, author: Option<String>) -> Vec<String> {
    if let Some(a) = author.filter(|a| !a.trim().is_empty()) {
        if !authors.contains(&a) {
            authors.insert(0, a);
        }
    }
    authors
}

/// The site path of an article from `[permalinks] article` (also used by the
/// WordPress importer to tell whether an old URL needs an alias).
pub(crate) fn article_path(
    config: &Config,
    section: &str,
    slug: &str,
    date: Option<&DateTime<FixedOffset>>,
    issue: Option<u32>,
) -> String {
    let (year, month, day) = date.map_or((0, 0, 0), |d| (d.year(), d.month(), d.day()));
    permalink::expand(
        &config.permalinks.article,
        &[
            (":section", section.to_string()),
            (":slug", slug.to_string()),
            (":year", format!("{year:04}")),
            (":month", format!("{month:02}")),
            (":day", format!("{day:02}")),
            (
                ":issue",
                issue.map_or_else(|| "no-issue".into(), |n| n.to_string()),
            ),
        ],
    )
}
