//! `mag.toml` → [`Config`].
//!
//! Steps: read the file, parse it into [`RawConfig`] (serde, unknown keys refused),
//! then validate into [`Config`]: `base_url` must be an absolute http(s) URL (its
//! path becomes [`Config::base_path`]), permalink patterns may only use known tokens,
//! section slugs must be unique, and the time zone must be an IANA name.

mod images;
mod locate;

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{self, Diagnostic, LineIndex};
use locate::{Key, Locator};

pub(crate) use images::Images;

/// The configuration file's name, at the root of a site.
pub(crate) const CONFIG_FILE: &str = "mag.toml";

/// Keys allowed at the top level of mag.toml (for "did you mean" hints).
const KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "language",
    "theme",
    "smart_punctuation",
    "timezone",
    "paginate_by",
    "browsers",
    "permalinks",
    "sections",
    "security",
    "images",
    "extra",
];

/// mag.toml as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_true")]
    smart_punctuation: bool,
    #[serde(default = "default_timezone")]
    timezone: String,
    #[serde(default = "default_paginate_by")]
    paginate_by: usize,
    #[serde(default = "default_browsers")]
    browsers: String,
    #[serde(default)]
    permalinks: RawPermalinks,
    #[serde(default)]
    sections: Vec<SectionConfig>,
    #[serde(default)]
    security: RawSecurity,
    #[serde(default)]
    images: images::RawImages,
    #[serde(default)]
    extra: toml::Table,
}

/// `[security]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSecurity {
    #[serde(default)]
    untrusted: bool,
    #[serde(default)]
    embed_hosts: Vec<String>,
}

/// How much the site trusts its content (`[security]`; the manual's Security
/// page says what each mode guarantees).
#[derive(Debug, Clone, Default)]
pub(crate) struct Security {
    /// Untrusted mode: raw HTML in bodies sanitised, no `get_env` in templates,
    /// no HTML or script files among content files (`[security] untrusted` or
    /// `--untrusted`, which a mag.toml cannot turn off).
    pub untrusted: bool,
    /// Hosts whose `<iframe>` embeds untrusted copy may use: the defaults
    /// ([`crate::markdown::DEFAULT_EMBED_HOSTS`]) and `embed_hosts`.
    pub embed_hosts: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPermalinks {
    article: Option<String>,
    issue: Option<String>,
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_true() -> bool {
    true
}
fn default_timezone() -> String {
    "UTC".into()
}
fn default_paginate_by() -> usize {
    20
}
fn default_browsers() -> String {
    DEFAULT_BROWSERS.into()
}

/// The browserslist query used when mag.toml sets no `browsers`.
pub(crate) const DEFAULT_BROWSERS: &str = "> 0.5%, last 2 versions, not dead";

/// One `[[sections]]` entry: a department of the magazine, in display order.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SectionConfig {
    /// The folder name under `content/` and the URL segment (`personages`).
    pub slug: String,
    /// The display name (`Personages`).
    pub name: String,
    /// One sentence shown on the section page; may be empty.
    #[serde(default)]
    pub description: String,
}

/// Permalink patterns, validated. Tokens: `:section :slug :year :month :day :issue`
/// for articles, `:number :year` for issues.
#[derive(Debug, Clone)]
pub(crate) struct Permalinks {
    /// The article pattern, default `/:section/:slug/`.
    pub article: String,
    /// The issue pattern, default `/issues/:number/`.
    pub issue: String,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// The magazine's name.
    pub title: String,
    /// The absolute URL the site is served at, ending with `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/` or `/review/`), which every root-relative
    /// URL of the site starts with.
    pub base_path: BasePath,
    /// One line about the magazine.
    pub description: String,
    /// The BCP 47 language tag of the content (`en`).
    pub language: String,
    /// The theme's name: `themes/NAME/` if it exists, else the embedded one.
    pub theme: String,
    /// Where `theme = "…"` is written in mag.toml (line, column), if it is.
    pub theme_at: Option<(usize, usize)>,
    /// Whether straight quotes and dashes are turned typographic.
    pub smart_punctuation: bool,
    /// The zone in which a date without a time is midnight.
    pub timezone: chrono_tz::Tz,
    /// Articles per listing page (at least 1).
    pub paginate_by: usize,
    /// The browserslist query for CSS lowering and prefixes.
    pub browsers: String,
    /// Permalink patterns.
    pub permalinks: Permalinks,
    /// The declared sections, in display order.
    pub sections: Vec<SectionConfig>,
    /// `[security]`: the untrusted mode and its embed hosts.
    pub security: Security,
    /// `[images]`: resized copies, their widths, quality and cache.
    pub images: Images,
    /// `[extra]`: the site's own data for templates.
    pub extra: toml::Table,
}

impl Config {
    /// The declared section with this slug.
    pub(crate) fn section(&self, slug: &str) -> Option<&SectionConfig> {
        self.sections.iter().find(|s| s.slug == slug)
    }

    /// The root-relative URL of a site path: `url_path("personages/")` is
    /// `/review/personages/` when the base path is `/review/`.
    pub(crate) fn url_path(&self, path: &str) -> String {
        self.base_path.url(path)
    }

    /// The absolute URL of a root-relative URL that already carries the base path.
    pub(crate) fn absolute(&self, url: &str) -> String {
        let origin = self
            .base_url
            .strip_suffix(self.base_path.as_str())
            .unwrap_or(&self.base_url);
        format!("{origin}{url}")
    }
}

/// The path part of the site's `base_url`, starting and ending with `/` (`/`, or
/// `/review/` for a site served at `https://example.org/review/`). It does every
/// prefixing of a site path into a root-relative URL in mag: pages, links in
/// bodies and templates, assets.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub(crate) struct BasePath(String);

impl BasePath {
    /// The base path of the site's root (`/`).
    pub(crate) fn root() -> BasePath {
        BasePath("/".into())
    }

    /// The path itself: `/review/`.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The root-relative URL of a site path, with or without its leading `/`:
    /// `url("/about/")` and `url("about/")` are `/review/about/`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}", self.0, path.trim_start_matches('/'))
    }
}

/// What the command line sets over mag.toml.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Overrides<'a> {
    /// `--base-url` (or the dev server's address) instead of `base_url`.
    pub base_url: Option<&'a str>,
    /// `--untrusted`: untrusted mode whatever `[security] untrusted` says.
    pub untrusted: bool,
}

/// Reads and validates `SITE/mag.toml`, with `overrides` applied.
///
/// Errors: the file is missing or unreadable, is not valid TOML, has unknown keys or
/// wrong types (each with line and column), fails validation, or an override is
/// not valid (`--base-url: …`).
pub(crate) fn load(site_dir: &Path, overrides: Overrides<'_>) -> Result<Config, Vec<Diagnostic>> {
    let mut config = read(site_dir)?;
    if let Some(url) = overrides.base_url {
        let (base_url, base_path) = normalize_base_url(url)
            .map_err(|m| vec![Diagnostic::error(None, format!("--base-url: {m}"))])?;
        config.base_url = base_url;
        config.base_path = base_path;
    }
    config.security.untrusted |= overrides.untrusted;
    Ok(config)
}

/// Reads and validates `SITE/mag.toml` as written (see [`load`]).
fn read(site_dir: &Path) -> Result<Config, Vec<Diagnostic>> {
    let path = site_dir.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        vec![Diagnostic::error(CONFIG_FILE.to_string(), format!("cannot read the configuration: {e}"))
            .with_help(format!(
                "run mag in a site folder (one with a {CONFIG_FILE}), or name the folder: mag build path/to/site"
            ))]
    })?;
    parse(&text)
}

/// Parses and validates the text of a mag.toml (see [`load`]).
pub(crate) fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    let index = LineIndex::new(text);
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        vec![diagnostics::from_toml_error(
            &e,
            CONFIG_FILE,
            &index,
            0,
            KEYS,
        )]
    })?;
    validate(raw, &Locator::new(text))
}

/// Checks the values serde cannot; each error is placed at its key's value.
fn validate(raw: RawConfig, at: &Locator<'_>) -> Result<Config, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let err =
        |key: &str, msg: String, help: &str| config_error(at.at(&[Key::Name(key)]), msg, help);

    let (base_url, base_path) = normalize_base_url(&raw.base_url).unwrap_or_else(|msg| {
        errors.push(err(
            "base_url",
            msg,
            "write it like base_url = \"https://example.org/\"",
        ));
        ("https://example.org/".into(), BasePath::root())
    });
    let timezone = raw.timezone.parse::<chrono_tz::Tz>().unwrap_or_else(|_| {
        errors.push(err(
            "timezone",
            format!("unknown time zone `{}`", raw.timezone),
            "use an IANA name such as \"UTC\", \"Europe/London\" or \"America/New_York\"",
        ));
        chrono_tz::UTC
    });
    if raw.paginate_by == 0 {
        errors.push(err(
            "paginate_by",
            "paginate_by must be at least 1".into(),
            "the default is 20",
        ));
    }
    let permalinks = permalinks(raw.permalinks, at, &mut errors);
    check_sections(&raw.sections, at, &mut errors);
    let security = security(raw.security, at, &mut errors);
    let images = images::images(raw.images, at, &mut errors);
    if raw.theme.is_empty() || raw.theme.contains(['/', '\\']) || raw.theme.starts_with('.') {
        errors.push(err(
            "theme",
            format!("theme `{}` is not a folder name", raw.theme),
            "name a folder of themes/ (theme = \"quarterly\"), or \"default\" for the embedded theme",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Config {
        title: raw.title,
        base_url,
        base_path,
        description: raw.description,
        language: raw.language,
        theme: raw.theme,
        theme_at: at.at(&[Key::Name("theme")]),
        smart_punctuation: raw.smart_punctuation,
        timezone,
        paginate_by: raw.paginate_by.max(1),
        browsers: raw.browsers,
        permalinks,
        sections: raw.sections,
        security,
        images,
        extra: raw.extra,
    })
}

/// An error in mag.toml, at `at` (line, column) when known.
fn config_error(at: Option<(usize, usize)>, msg: String, help: &str) -> Diagnostic {
    Diagnostic::error(CONFIG_FILE.to_string(), msg)
        .at_known(at)
        .with_help(help)
}

/// The permalink patterns, defaults filled in; a pattern with an unknown token,
/// or one that could lead outside the output folder, is an error.
fn permalinks(raw: RawPermalinks, at: &Locator<'_>, errors: &mut Vec<Diagnostic>) -> Permalinks {
    let article = raw.article.unwrap_or_else(|| "/:section/:slug/".into());
    let issue = raw.issue.unwrap_or_else(|| "/issues/:number/".into());
    for (key, pattern, tokens) in [
        ("article", &article, ARTICLE_TOKENS),
        ("issue", &issue, ISSUE_TOKENS),
    ] {
        if let Err(msg) = check_pattern(pattern, tokens) {
            errors.push(config_error(
                at.at(&[Key::Name("permalinks"), Key::Name(key)]),
                format!("[permalinks] {key} = \"{pattern}\": {msg}"),
                &format!(
                    "write a path such as \"{}\"; allowed tokens: {}",
                    if key == "article" {
                        "/:section/:slug/"
                    } else {
                        "/issues/:number/"
                    },
                    tokens.join(" ")
                ),
            ));
        }
    }
    Permalinks { article, issue }
}

/// `[security]`, with the default embed hosts; a host must be a bare host name.
fn security(raw: RawSecurity, at: &Locator<'_>, errors: &mut Vec<Diagnostic>) -> Security {
    let mut embed_hosts: Vec<String> = crate::markdown::DEFAULT_EMBED_HOSTS
        .iter()
        .map(|h| h.to_string())
        .collect();
    for (i, host) in raw.embed_hosts.into_iter().enumerate() {
        let bare = url::Host::parse(&host).is_ok() && !host.contains(['/', ':', '*']);
        if !bare {
            errors.push(config_error(
                at.at(&[
                    Key::Name("security"),
                    Key::Name("embed_hosts"),
                    Key::Index(i),
                ]),
                format!("embed host `{host}` is not a host name"),
                "write the host alone, as in embed_hosts = [\"www.youtube-nocookie.com\"]",
            ));
        }
        embed_hosts.push(host.to_ascii_lowercase());
    }
    Security {
        untrusted: raw.untrusted,
        embed_hosts,
    }
}

/// Section slugs must be folder names, each declared once.
fn check_sections(sections: &[SectionConfig], at: &Locator<'_>, errors: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    for (i, section) in sections.iter().enumerate() {
        let slug_at = at.at(&[Key::Name("sections"), Key::Index(i), Key::Name("slug")]);
        if section.slug.is_empty()
            || section.slug.contains(['/', '\\'])
            || section.slug.starts_with('.')
        {
            errors.push(config_error(
                slug_at,
                format!("section slug `{}` is not a folder name", section.slug),
                "use a lowercase word such as \"personages\"",
            ));
        }
        if !seen.insert(section.slug.as_str()) {
            errors.push(config_error(
                slug_at,
                format!("section `{}` is declared twice", section.slug),
                "remove one of the [[sections]] entries",
            ));
        }
    }
}

/// Tokens allowed in `[permalinks] article`.
pub(crate) const ARTICLE_TOKENS: &[&str] =
    &[":section", ":slug", ":year", ":month", ":day", ":issue"];
/// Tokens allowed in `[permalinks] issue`.
pub(crate) const ISSUE_TOKENS: &[&str] = &[":number", ":year"];

fn check_pattern(pattern: &str, tokens: &[&str]) -> Result<(), String> {
    if !pattern.starts_with('/') {
        return Err("a permalink starts with /".into());
    }
    if !pattern.ends_with('/') && !pattern.ends_with(".html") {
        return Err("a permalink ends with / (or .html)".into());
    }
    if pattern.split(['/', '\\']).any(|s| s == "..") {
        return Err(
            "a permalink cannot have `..` segments: pages would be written outside the site".into(),
        );
    }
    for (i, _) in pattern.match_indices(':') {
        let rest = &pattern[i..];
        let token_len = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .map_or(rest.len(), |n| n + 1);
        let token = &rest[..token_len];
        if !tokens.contains(&token) {
            return Err(format!("unknown token `{token}`"));
        }
    }
    Ok(())
}

/// Splits a base URL into (absolute URL ending in `/`, its path).
fn normalize_base_url(input: &str) -> Result<(String, BasePath), String> {
    let parsed = url::Url::parse(input.trim())
        .map_err(|e| format!("base_url `{input}` is not an absolute URL ({e})"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(format!(
            "base_url `{input}` must start with http:// or https://"
        ));
    }
    let mut path = parsed.path().to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    let mut origin = parsed.origin().ascii_serialization();
    origin.push_str(&path);
    Ok((origin, BasePath(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_from_url() {
        let c = parse("title = \"T\"\nbase_url = \"https://user.github.io/review\"").unwrap();
        assert_eq!(c.base_url, "https://user.github.io/review/");
        assert_eq!(c.base_path.as_str(), "/review/");
        assert_eq!(c.url_path("/about/"), "/review/about/");
        assert_eq!(
            c.absolute("/review/about/"),
            "https://user.github.io/review/about/"
        );
    }

    #[test]
    fn unknown_key_is_located() {
        let errs = parse("title = \"T\"\nbase_url = \"https://e.org/\"\ntitel = 1\n").unwrap_err();
        assert_eq!(errs[0].line, Some(3));
        assert!(errs[0].message.contains("titel"));
    }

    #[test]
    fn bad_token() {
        let errs = parse("title = \"T\"\nbase_url = \"https://e.org/\"\n[permalinks]\narticle = \"/:sektion/:slug/\"\n")
            .unwrap_err();
        assert!(errs[0].message.contains(":sektion"));
        assert_eq!(errs[0].line, Some(4));
    }

    #[test]
    fn semantic_errors_are_located() {
        let text = "title = \"T\"\nbase_url = \"ftp://e.org/\"\n[permalinks]\narticle = \"/../:slug/\"\n[[sections]]\nslug = \"a/b\"\nname = \"A\"\n";
        let errs = parse(text).unwrap_err();
        let lines: Vec<_> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, [Some(2), Some(4), Some(6)]);
        assert!(
            errs[1].message.contains("outside the site"),
            "{}",
            errs[1].message
        );
    }
}
