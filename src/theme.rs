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

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::config::{Config, CONFIG_FILE};
use crate::diagnostics::Diagnostic;

/// The default theme, embedded at compile time.
pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The name of the embedded theme.
pub const DEFAULT_THEME_NAME: &str = "default";

/// Where a theme file's bytes come from.
#[derive(Debug, Clone)]
pub enum FileSource {
    /// Inside the binary.
    Embedded(&'static [u8]),
    /// On disk.
    Disk(PathBuf),
}

impl FileSource {
    /// The bytes of the file.
    ///
    /// Errors when a file on disk cannot be read.
    pub fn read(&self) -> std::io::Result<std::borrow::Cow<'static, [u8]>> {
        match self {
            FileSource::Embedded(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            FileSource::Disk(path) => std::fs::read(path).map(std::borrow::Cow::Owned),
        }
    }

    /// A name for messages: the disk path relative to `site_dir`, or
    /// `(default theme)/REL` for embedded files.
    pub fn display(&self, rel: &str, site_dir: &Path) -> String {
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
pub struct Layers {
    /// Template name (`article.html`, `partials/teaser.html`) → source.
    pub templates: BTreeMap<String, FileSource>,
    /// Static path (`css/main.css`) → source.
    pub statics: BTreeMap<String, FileSource>,
}

/// Merges the embedded default theme, the local theme and the site's files.
///
/// Errors when `config.theme` names a theme that does not exist.
pub fn load(site_dir: &Path, config: &Config) -> Result<Layers, Diagnostic> {
    let mut layers = Layers::default();
    add_embedded(&DEFAULT_THEME, "templates", &mut layers.templates);
    add_embedded(&DEFAULT_THEME, "static", &mut layers.statics);
    let local = site_dir.join("themes").join(&config.theme);
    if local.is_dir() {
        add_disk(&local.join("templates"), &mut layers.templates);
        add_disk(&local.join("static"), &mut layers.statics);
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
        return Err(Diagnostic::error(
            CONFIG_FILE.to_string(),
            format!("theme `{}` does not exist", config.theme),
        )
        .with_help(format!(
            "themes available: {}; a local theme lives in themes/{}/",
            available.join(", "),
            config.theme
        )));
    }
    add_disk(&site_dir.join("templates"), &mut layers.templates);
    add_disk(&site_dir.join("static"), &mut layers.statics);
    Ok(layers)
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

fn add_disk(dir: &Path, into: &mut BTreeMap<String, FileSource>) {
    if !dir.is_dir() {
        return;
    }
    for entry in WalkDir::new(dir).follow_links(true).into_iter().flatten() {
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

fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
