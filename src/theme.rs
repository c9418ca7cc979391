//! Themes: the embedded default layered under a local theme and the site's own files.
//!
//! Lookup, file by file, the first found wins:
//! 1. the site's `templates/` and `static/`;
//! 2. `themes/NAME/templates/` and `themes/NAME/static/` when `theme = "NAME"`
//!    and that folder exists;
//! 3. the default theme embedded in the binary (`themes/default/` of mag's source).
//!
//! A theme named in mag.toml that is neither a local folder nor embedded is an
//! error listing what exists.
//!
//! The theme's `theme.toml` ([`ThemeMeta`]: name, description, author, license,
//! `min_mag_version`, `[extra]`) is read from the local theme, else the embedded
//! one: a `min_mag_version` above the running mag is an error, and its `[extra]`
//! holds defaults that the site's `[extra]` overrides key by key ([`merge_extra`]).
//! [`create`] writes a copy of the embedded theme for `mag new theme NAME`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::util::links::{SiteRoot, ESCAPE_HELP};

use crate::config::{Config, CONFIG_FILE};
use crate::diagnostics::{self, Diagnostic, LineIndex};

/// The default theme, embedded at compile time.
pub(crate) static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The name of the embedded theme.
pub(crate) const DEFAULT_THEME_NAME: &str = "default";

/// Where a theme file's bytes come from.
#[derive(Debug, Clone)]
pub(crate) enum FileSource {
    /// Inside the binary.
    Embedded(&'static [u8]),
    /// On disk.
    Disk(PathBuf),
}

impl FileSource {
    /// The bytes of the file.
    ///
    /// Errors when a file on disk cannot be read.
    pub(crate) fn read(&self) -> std::io::Result<std::borrow::Cow<'static, [u8]>> {
        match self {
            FileSource::Embedded(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            FileSource::Disk(path) => std::fs::read(path).map(std::borrow::Cow::Owned),
        }
    }

    /// A name for messages: the disk path relative to `site_dir`, or
    /// `(default theme)/REL` for embedded files.
    pub(crate) fn display(&self, rel: &str, site_dir: &Path) -> String {
        match self {
            FileSource::Embedded(_) => format!("(default theme)/{rel}"),
            FileSource::Disk(p) => p
                .strip_prefix(site_dir)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/"),
        }
    }
}

/// The merged view of templates and static files.
#[derive(Debug, Default)]
pub(crate) struct Layers {
    /// Template name (`article.html`, `partials/teaser.html`) → source.
    pub templates: BTreeMap<String, FileSource>,
    /// Static path (`css/main.css`) → source.
    pub statics: BTreeMap<String, FileSource>,
    /// The theme's `theme.toml`.
    pub meta: ThemeMeta,
}

/// The name of a theme's description file.
pub(crate) const THEME_FILE: &str = "theme.toml";

const THEME_KEYS: &[&str] = &[
    "name",
    "description",
    "author",
    "license",
    "min_mag_version",
    "homepage",
    "image_sizes",
    "extra",
];

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThemeMeta {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    license: String,
    min_mag_version: Option<String>,
    #[serde(default)]
    homepage: String,
    image_sizes: Option<String>,
    #[serde(default)]
    extra: toml::Table,
}

/// A theme's `theme.toml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ThemeMeta {
    /// The theme's name.
    pub name: String,
    /// One sentence about it.
    pub description: String,
    /// Who made it.
    pub author: String,
    /// Its licence (an SPDX identifier such as `MIT`).
    pub license: String,
    /// Where to read more (optional).
    pub homepage: String,
    /// The lowest mag version it works with (`0.1.0`), when it says.
    pub min_mag_version: Option<String>,
    /// The `sizes` attribute of Markdown images in bodies: how wide the theme
    /// shows them, for the browser's choice among resized copies (HTML's
    /// "sizes" microsyntax). Empty: `100vw`.
    pub image_sizes: String,
    /// Defaults for the site's `[extra]`.
    pub extra: toml::Table,
}

/// Parses a `theme.toml`; `file` names it in errors.
///
/// Errors: invalid TOML and unknown keys (with line and column), a
/// `min_mag_version` that is not `X.Y.Z` or is above the running mag's version.
pub(crate) fn parse_meta(text: &str, file: &str) -> Result<ThemeMeta, Diagnostic> {
    let index = LineIndex::new(text);
    let raw: RawThemeMeta = toml::from_str(text)
        .map_err(|e| diagnostics::from_toml_error(&e, file, &index, 0, THEME_KEYS))?;
    if let Some(min) = &raw.min_mag_version {
        let running = env!("CARGO_PKG_VERSION");
        let needed = version(min).ok_or_else(|| {
            Diagnostic::error(
                file.to_string(),
                format!("min_mag_version = \"{min}\" is not a version"),
            )
            .with_help("write it as MAJOR.MINOR.PATCH, as in min_mag_version = \"0.1.0\"")
        })?;
        if version(running).is_some_and(|r| r < needed) {
            return Err(Diagnostic::error(
                file.to_string(),
                format!(
                    "theme `{}` needs mag {min} or later; this is mag {running}",
                    raw.name
                ),
            )
            .with_help("update mag, or use a version of the theme made for this one"));
        }
    }
    Ok(ThemeMeta {
        name: raw.name,
        description: raw.description,
        author: raw.author,
        license: raw.license,
        homepage: raw.homepage,
        image_sizes: raw.image_sizes.unwrap_or_default(),
        min_mag_version: raw.min_mag_version,
        extra: raw.extra,
    })
}

/// `1.2.3` (a pre-release suffix ignored) → `(1, 2, 3)`; a missing part is 0.
fn version(text: &str) -> Option<(u64, u64, u64)> {
    let core = text.trim().split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    let major = parts.next()??;
    let minor = parts.next().unwrap_or(Some(0))?;
    let patch = parts.next().unwrap_or(Some(0))?;
    parts.next().is_none().then_some((major, minor, patch))
}

/// The theme's `[extra]` with the site's laid over it: the site's value wins for
/// each key; tables are merged key by key.
pub(crate) fn merge_extra(theme: &toml::Table, site: &toml::Table) -> toml::Table {
    let mut merged = theme.clone();
    for (key, value) in site {
        match (merged.get_mut(key), value) {
            (Some(toml::Value::Table(base)), toml::Value::Table(over)) => {
                *base = merge_extra(base, over);
            }
            _ => {
                merged.insert(key.clone(), value.clone());
            }
        }
    }
    merged
}

/// Merges the embedded default theme, the local theme and the site's files.
///
/// Errors when `config.theme` names a theme that does not exist, and for each
/// symbolic link in `templates/`, `static/` or the theme's folder that leads
/// outside the site.
pub(crate) fn load(site_dir: &Path, config: &Config) -> Result<Layers, Vec<Diagnostic>> {
    let mut disk = Disk {
        site_dir,
        root: SiteRoot::new(site_dir),
        errors: Vec::new(),
    };
    let layers = load_layers(site_dir, config, &mut disk).map_err(|d| vec![d])?;
    if !disk.errors.is_empty() {
        return Err(disk.errors);
    }
    Ok(layers)
}

/// The layers of [`load`]; link errors go to `disk`.
fn load_layers(
    site_dir: &Path,
    config: &Config,
    disk: &mut Disk<'_>,
) -> Result<Layers, Diagnostic> {
    let mut layers = Layers::default();
    add_embedded(&DEFAULT_THEME, "templates", &mut layers.templates);
    add_embedded(&DEFAULT_THEME, "static", &mut layers.statics);
    let local = site_dir.join("themes").join(&config.theme);
    let embedded_meta = DEFAULT_THEME
        .get_file(THEME_FILE)
        .and_then(|f| f.contents_utf8())
        .unwrap_or("name = \"default\"");
    layers.meta = parse_meta(embedded_meta, &format!("(default theme)/{THEME_FILE}"))?;
    if local.is_dir() {
        add_disk(&local.join("templates"), disk, &mut layers.templates);
        add_disk(&local.join("static"), disk, &mut layers.statics);
        let meta_path = local.join(THEME_FILE);
        if meta_path.is_file() {
            let display = format!("themes/{}/{THEME_FILE}", config.theme);
            let text = std::fs::read_to_string(&meta_path).map_err(|e| {
                Diagnostic::error(
                    display.clone(),
                    format!("cannot read the theme's description: {e}"),
                )
            })?;
            layers.meta = parse_meta(&text, &display)?;
        }
    } else if config.theme != DEFAULT_THEME_NAME {
        let mut available = vec![format!("{DEFAULT_THEME_NAME} (embedded)")];
        if let Ok(entries) = std::fs::read_dir(site_dir.join("themes")) {
            let mut names: Vec<String> = entries
                .flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            available.extend(names);
        }
        let error = Diagnostic::error(
            CONFIG_FILE.to_string(),
            format!("theme `{}` does not exist", config.theme),
        );
        return Err(error.at_known(config.theme_at).with_help(format!(
            "themes available: {}; a local theme lives in themes/{}/",
            available.join(", "),
            config.theme
        )));
    }
    add_disk(&site_dir.join("templates"), disk, &mut layers.templates);
    add_disk(&site_dir.join("static"), disk, &mut layers.statics);
    Ok(layers)
}

/// Writes a copy of the embedded default theme into `site_dir/themes/NAME/`, with
/// `name = "NAME"` in its theme.toml. Returns the folder written.
///
/// Errors: a name that is not a simple folder name, a folder that already exists,
/// and write failures.
pub(crate) fn create(site_dir: &Path, name: &str) -> Result<PathBuf, Diagnostic> {
    let valid = !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.');
    let rel = format!("themes/{name}");
    if !valid {
        return Err(
            Diagnostic::error(None, format!("`{name}` cannot be a theme's name"))
                .with_help("use letters, digits, `-` and `_`, as in mag new theme quarterly"),
        );
    }
    let target = site_dir.join("themes").join(name);
    if target.exists() {
        return Err(
            Diagnostic::error(rel.clone(), format!("{rel} already exists"))
                .with_help("choose another name, or delete the folder first"),
        );
    }
    let write_err = |path: &Path, e: std::io::Error| {
        Diagnostic::error(rel.clone(), format!("cannot write {}: {e}", path.display()))
    };
    let mut stack = vec![&DEFAULT_THEME];
    while let Some(dir) = stack.pop() {
        for file in dir.files() {
            let path = target.join(file.path());
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| write_err(parent, e))?;
            }
            let contents = if file.path() == Path::new(THEME_FILE) {
                renamed_meta(file.contents_utf8().unwrap_or_default(), name).into_bytes()
            } else {
                file.contents().to_vec()
            };
            std::fs::write(&path, contents).map_err(|e| write_err(&path, e))?;
        }
        stack.extend(dir.dirs());
    }
    Ok(target)
}

/// The default theme's theme.toml with another name and description (line by
/// line, so that its comments and order stay).
fn renamed_meta(text: &str, name: &str) -> String {
    let quote = |v: String| toml::Value::String(v).to_string();
    text.lines()
        .map(|line| {
            if line.starts_with("name ") || line.starts_with("name=") {
                format!("name = {}", quote(name.to_string()))
            } else if line.starts_with("description ") || line.starts_with("description=") {
                format!(
                    "description = {}",
                    quote(format!("{name}: a theme started from mag's default theme"))
                )
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn add_embedded(theme: &'static Dir<'static>, sub: &str, into: &mut BTreeMap<String, FileSource>) {
    let Some(dir) = theme.get_dir(sub) else {
        return;
    };
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for file in d.files() {
            if let Ok(rel) = file.path().strip_prefix(sub) {
                into.insert(slash_path(rel), FileSource::Embedded(file.contents()));
            }
        }
        stack.extend(d.dirs());
    }
}

/// The files of `dir` (and its subfolders) by their path under it; a symbolic
/// link leading outside the site (`disk.root`) is an error and is not followed.
fn add_disk(dir: &Path, disk: &mut Disk<'_>, into: &mut BTreeMap<String, FileSource>) {
    if !dir.is_dir() {
        return;
    }
    // The folder itself (or `themes/`, `themes/NAME/` above it) may be a link.
    if !disk.root.contains(dir) {
        let shown = slash_path(dir.strip_prefix(disk.site_dir).unwrap_or(dir));
        let target = dir
            .canonicalize()
            .map_or_else(|_| "?".into(), |p| p.display().to_string());
        disk.errors.push(
            Diagnostic::error(
                shown.clone(),
                format!(
                    "{shown} leads to {target}, outside the site folder (through a symbolic link)"
                ),
            )
            .with_help(ESCAPE_HELP),
        );
        return;
    }
    let mut walker = WalkDir::new(dir).follow_links(true).into_iter();
    while let Some(entry) = walker.next() {
        let Ok(entry) = entry else { continue };
        if let Some(target) = disk.root.escape(entry.path(), entry.path_is_symlink()) {
            let shown = entry
                .path()
                .strip_prefix(disk.site_dir)
                .unwrap_or(entry.path());
            let shown = slash_path(shown);
            disk.errors.push(
                Diagnostic::error(
                    shown.clone(),
                    format!("{shown} is a symbolic link to {target}, outside the site folder"),
                )
                .with_help(ESCAPE_HELP),
            );
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(dir) {
            into.insert(
                slash_path(rel),
                FileSource::Disk(entry.path().to_path_buf()),
            );
        }
    }
}

/// What [`add_disk`] needs to confine links to the site, and the errors it finds.
struct Disk<'a> {
    site_dir: &'a Path,
    root: SiteRoot,
    errors: Vec<Diagnostic>,
}

fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
