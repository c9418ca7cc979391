//! Style sheets through lightningcss: bundled, lowered, prefixed, minified, hashed.
//!
//! Every `.css` file of the merged static layers whose name does not start with `_`
//! is an entry point. Its `@import`s are resolved against the same layers (so a
//! site can replace one imported file of the theme), nesting and other modern
//! syntax are lowered and vendor prefixes added for the configured browserslist
//! query, and the result is minified and written as `NAME.HASH.css`, where HASH is
//! the first 10 hex digits of its SHA-256, and also under its plain name
//! (`NAME.css`), so that a link written by hand keeps working (SPEC §2: `static/`
//! is published as it is).

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
pub(crate) struct BuiltCss {
    /// The logical path (`css/main.css`).
    pub logical: String,
    /// The output path: with its hash (`css/main.3f9a1c2e4b.css`), or, for the
    /// plain copy, the logical path itself.
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
pub(crate) fn targets(query: &str) -> Result<Targets, String> {
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
/// Each sheet appears twice in the result: first its plain copy (`output` is the
/// logical path), then the hashed one. So a map from `logical` to `output` collected
/// from the list in order (later entries win) sends each sheet to its hashed name.
///
/// Errors (all collected): unreadable files, and syntax errors with file, line and
/// column.
pub(crate) fn build(
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
            Ok(code) => {
                built.push(BuiltCss {
                    logical: rel.clone(),
                    output: rel.clone(),
                    code: code.clone(),
                });
                built.push(BuiltCss {
                    logical: rel.clone(),
                    output: hashed_name(rel, &code),
                    code,
                });
            }
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
        let kind = e.kind.to_string();
        let loc = e.loc.map(|l| (l.filename, l.line, l.column));
        // lightningcss reports an unbalanced brace at the end of the file: find it.
        let unbalanced = loc
            .as_ref()
            .filter(|_| kind.contains("end of input"))
            .and_then(|(f, _, _)| Some((f.clone(), sources.files.get(Path::new(f))?)))
            .and_then(|(f, text)| Some((f, unbalanced_brace(text)?)));
        match unbalanced {
            Some((f, (message, line, col))) => {
                error(format!("CSS: {message}"), Some((f, line, col)))
            }
            None => error(format!("CSS: {kind}"), loc),
        }
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

/// The first `}` that closes no block, else the last `{` never closed, in CSS
/// `text` (comments and strings skipped): a message, the 0-based line and the
/// 1-based column, as lightningcss counts them.
fn unbalanced_brace(text: &str) -> Option<(&'static str, u32, u32)> {
    let mut open: Vec<(u32, u32)> = Vec::new();
    let (mut line, mut col) = (0u32, 0u32);
    let mut chars = text.chars().peekable();
    let mut quote: Option<char> = None;
    let mut comment = false;
    while let Some(c) = chars.next() {
        col += 1;
        if c == '\n' {
            line += 1;
            col = 0;
            continue;
        }
        match (comment, quote, c) {
            (true, _, '*') if chars.peek() == Some(&'/') => {
                chars.next();
                col += 1;
                comment = false;
            }
            (true, _, _) => {}
            (_, Some(_), '\\') => {
                chars.next();
                col += 1;
            }
            (_, Some(q), c) if c == q => quote = None,
            (_, Some(_), _) => {}
            (_, None, '/') if chars.peek() == Some(&'*') => {
                chars.next();
                col += 1;
                comment = true;
            }
            (_, None, '"' | '\'') => quote = Some(c),
            (_, None, '{') => open.push((line, col)),
            (_, None, '}') if open.pop().is_none() => {
                return Some(("`}` closes no block", line, col));
            }
            _ => {}
        }
    }
    open.pop()
        .map(|(line, col)| ("this `{` is never closed with `}`", line, col))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_sheet_comes_plain_then_hashed() {
        let mut statics = BTreeMap::new();
        statics.insert(
            "css/extra.css".to_string(),
            FileSource::Embedded(b".x { color: red; }"),
        );
        let targets = super::targets("defaults").unwrap();
        let built = build(&statics, targets, Path::new(".")).unwrap();
        let outputs: Vec<&str> = built.iter().map(|c| c.output.as_str()).collect();
        assert_eq!(outputs[0], "css/extra.css");
        assert!(outputs[1].starts_with("css/extra.") && outputs[1] != "css/extra.css");
        // Collected in order, the map sends the sheet to its hashed name.
        let map: HashMap<&str, &str> = built
            .iter()
            .map(|c| (c.logical.as_str(), c.output.as_str()))
            .collect();
        assert_eq!(map["css/extra.css"], outputs[1]);
    }

    #[test]
    fn stray_and_unclosed_braces_are_found_where_they_are() {
        assert_eq!(
            unbalanced_brace(".a { color: red; }}\n"),
            Some(("`}` closes no block", 0, 19))
        );
        assert_eq!(
            unbalanced_brace("/* } */ .a { content: \"}\"; }\n.b {\n"),
            Some(("this `{` is never closed with `}`", 1, 4))
        );
        assert_eq!(unbalanced_brace(".a { }"), None);
    }
}
