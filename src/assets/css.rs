//! Style sheets through lightningcss: bundled, lowered, prefixed, minified, hashed.
//!
//! Every `.css` file of the merged static layers whose name does not start with `_`
//! is an entry point. Its `@import`s are resolved against the same layers (so a
//! site can replace one imported file of the theme), nesting and other modern
//! syntax are lowered and vendor prefixes added for the configured browserslist
//! query, and the result is minified and written as `NAME.HASH.css`, where HASH is
//! the first 10 hex digits of its SHA-256.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use lightningcss::bundler::{Bundler, ResolveResult, SourceProvider};
use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions};
use lightningcss::targets::{Browsers, Targets};
use sha2::{Digest, Sha256};

use crate::diagnostics::Diagnostic;
use crate::theme::FileSource;

/// One processed style sheet.
#[derive(Debug, Clone)]
pub struct BuiltCss {
    /// The logical path (`css/main.css`).
    pub logical: String,
    /// The output path with its hash (`css/main.3f9a1c2e4b.css`).
    pub output: String,
    /// The minified CSS.
    pub code: String,
}

/// The CSS files of the layers, read into memory and addressable by virtual path.
struct Sources {
    files: HashMap<PathBuf, String>,
    displays: HashMap<PathBuf, String>,
}

#[derive(Debug)]
struct Missing(String);

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "no such style sheet: {}", self.0)
    }
}
impl std::error::Error for Missing {}

impl SourceProvider for Sources {
    type Error = Missing;

    fn read<'a>(&'a self, file: &Path) -> Result<&'a str, Missing> {
        self.files
            .get(file)
            .map(String::as_str)
            .ok_or_else(|| Missing(file.display().to_string()))
    }

    fn resolve(&self, specifier: &str, originating_file: &Path) -> Result<ResolveResult, Missing> {
        if specifier.contains("://") || specifier.starts_with("//") {
            return Ok(ResolveResult::External(specifier.to_string()));
        }
        let joined = match specifier.strip_prefix('/') {
            Some(abs) => PathBuf::from(abs),
            None => originating_file
                .parent()
                .unwrap_or(Path::new(""))
                .join(specifier),
        };
        Ok(ResolveResult::File(normalize(&joined)))
    }
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The lightningcss targets for a browserslist query.
///
/// Errors when the query cannot be parsed.
pub fn targets(query: &str) -> Result<Targets, String> {
    let parts: Vec<&str> = query
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    Browsers::from_browserslist(parts)
        .map(Targets::from)
        .map_err(|e| format!("browsers = \"{query}\" is not a browserslist query: {e}"))
}

/// Processes every CSS entry in `statics`.
///
/// Errors (all collected): unreadable files, and syntax errors with file, line and
/// column.
pub fn build(
    statics: &BTreeMap<String, FileSource>,
    targets: Targets,
    site_dir: &Path,
) -> Result<Vec<BuiltCss>, Vec<Diagnostic>> {
    let mut sources = Sources {
        files: HashMap::new(),
        displays: HashMap::new(),
    };
    let mut errors = Vec::new();
    for (rel, source) in statics.iter().filter(|(rel, _)| rel.ends_with(".css")) {
        let display = source.display(rel, site_dir);
        match source.read().map(|b| String::from_utf8(b.into_owned())) {
            Ok(Ok(text)) => {
                sources.files.insert(PathBuf::from(rel), text);
                sources.displays.insert(PathBuf::from(rel), display);
            }
            _ => errors.push(Diagnostic::error(
                display,
                "cannot read this style sheet as UTF-8 text",
            )),
        }
    }
    let entries: Vec<&String> = statics
        .keys()
        .filter(|rel| rel.ends_with(".css") && !file_name(rel).starts_with('_'))
        .collect();
    let mut built = Vec::new();
    for rel in entries {
        match bundle_one(&sources, rel, targets) {
            Ok(code) => built.push(BuiltCss {
                logical: rel.clone(),
                output: hashed_name(rel, &code),
                code,
            }),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(built)
    } else {
        Err(errors)
    }
}

fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

fn bundle_one(sources: &Sources, rel: &str, targets: Targets) -> Result<String, Diagnostic> {
    let mut bundler = Bundler::new(sources, None, ParserOptions::default());
    let error = |message: String, loc: Option<(String, u32, u32)>| {
        let (file, line, col) = match loc {
            Some((f, l, c)) => {
                let display = sources.displays.get(Path::new(&f)).cloned().unwrap_or(f);
                (display, Some(l as usize + 1), Some(c as usize))
            }
            None => (
                sources
                    .displays
                    .get(Path::new(rel))
                    .cloned()
                    .unwrap_or(rel.to_string()),
                None,
                None,
            ),
        };
        let mut d = Diagnostic::error(file, message).with_help("fix the CSS at this place");
        if let (Some(l), Some(c)) = (line, col) {
            d = d.at((l, c));
        }
        d
    };
    let mut sheet = bundler.bundle(Path::new(rel)).map_err(|e| {
        error(
            format!("CSS: {}", e.kind),
            e.loc.map(|l| (l.filename, l.line, l.column)),
        )
    })?;
    sheet
        .minify(MinifyOptions {
            targets,
            ..Default::default()
        })
        .map_err(|e| {
            error(
                format!("CSS: {}", e.kind),
                e.loc.map(|l| (l.filename, l.line, l.column)),
            )
        })?;
    let printed = sheet
        .to_css(PrinterOptions {
            minify: true,
            targets,
            ..Default::default()
        })
        .map_err(|e| {
            error(
                format!("CSS: {}", e.kind),
                e.loc.map(|l| (l.filename, l.line, l.column)),
            )
        })?;
    Ok(printed.code)
}

/// `css/main.css` + content → `css/main.HASH.css`.
fn hashed_name(rel: &str, code: &str) -> String {
    let digest = Sha256::digest(code.as_bytes());
    let hash: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    match rel.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{rel}.{hash}"),
    }
}
