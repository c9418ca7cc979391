//! Print issues: `content/issues/N.md` → [`Issue`].
//!
//! The number is required and unique; the title defaults to "Issue N"; the Markdown
//! body is the blurb shown on the issue page and in the home page's promo. The
//! permalink comes from `[permalinks] issue` (default `/issues/:number/`).

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, FixedOffset};
use serde::Deserialize;
use toml::Spanned;

use super::validate::{DateExample, Validator};
use super::{keys, parse_front_matter, permalink, Source};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::discover::SourceFile;

/// The keys an issue's front matter may hold, for "did you mean" hints and the
/// list in help: the fields of the raw front matter.
pub(crate) static KEYS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| keys::suggested::<RawIssueMeta>(&[]));

/// The date shown in help for a bad `date`.
const DATE_EXAMPLE: DateExample = DateExample {
    date: "2023-01-01",
    or: None,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIssueMeta {
    number: Option<Spanned<u32>>,
    title: Option<String>,
    date: Option<Spanned<toml::Value>>,
    cover: Option<String>,
    cover_alt: Option<String>,
    cover_credit: Option<String>,
    #[serde(default)]
    extra: toml::Table,
}

/// A validated print issue.
#[derive(Debug, Clone)]
pub(crate) struct Issue {
    /// The file and its text (the body is the blurb).
    pub source: Source,
    /// The issue's number, unique in the site.
    pub number: u32,
    /// Its title (inline Markdown), "Issue N" unless given.
    pub title: String,
    /// Its cover date.
    pub date: Option<DateTime<FixedOffset>>,
    /// Cover image: `/static` path, content-relative path or URL.
    pub cover: Option<String>,
    /// The cover's alternative text.
    pub cover_alt: Option<String>,
    /// The cover's credit (inline Markdown).
    pub cover_credit: Option<String>,
    /// `[extra]`.
    pub extra: toml::Table,
    /// The site path (`/issues/50/`), without the base path.
    pub path: String,
}

/// Parses and validates the issue in `file`.
///
/// Errors (all collected): bad front matter, a missing number, a bad date.
pub(crate) fn parse(file: &SourceFile, config: &Config) -> Result<Issue, Vec<Diagnostic>> {
    let (raw, source, fm) = parse_front_matter::<RawIssueMeta>(file, &KEYS).map_err(|d| vec![d])?;
    let mut check = Validator::new(&source, fm);
    let number = match &raw.number {
        Some(n) => *n.get_ref(),
        None => {
            let hint = file.default_slug_source().parse::<u32>().unwrap_or(1);
            let help = format!(
                "add {} to the front matter",
                check.key_line("number", &hint.to_string())
            );
            let d = check.error("the issue has no number").at(check.start());
            check.push(d.with_help(help));
            0
        }
    };
    let date = check.date("date", raw.date.as_ref(), config.timezone, DATE_EXAMPLE);
    check.finish()?;
    let path = permalink::expand(
        &config.permalinks.issue,
        &[
            (":number", number.to_string()),
            (
                ":year",
                date.map_or_else(String::new, |d| format!("{:04}", d.year())),
            ),
        ],
    );
    Ok(Issue {
        source,
        number,
        title: raw
            .title
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| format!("Issue {number}")),
        date,
        cover: raw.cover.filter(|c| !c.trim().is_empty()),
        cover_alt: raw.cover_alt,
        cover_credit: raw.cover_credit.filter(|c| !c.trim().is_empty()),
        extra: raw.extra,
        path,
    })
}
