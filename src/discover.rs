//! `content/` → a list of [`SourceFile`]s, each classified by what it is.
//!
//! Rules, in order, for a Markdown file at `content/REL`:
//! 1. `issues/*.md` is an issue; `authors/*.md` a contributor's bio.
//! 2. A Markdown file directly in `content/` is a standalone page (`about.md`).
//! 3. `X/…/index.md` is a page bundle: an article whose other files in that folder
//!    (and below) are its assets, copied beside its page.
//! 4. Any other `X/….md` is an article of section `X` (unless its front matter says).
//!
//! Files and folders whose names start with `.` or end with `~` are skipped. Other
//! non-Markdown files outside bundles are copied to the same path in the output.
//! Symlink loops and unreadable folders become diagnostics, never a crash.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::util::links::{SiteRoot, ESCAPE_HELP};

use crate::diagnostics::Diagnostic;

/// The content folder's name inside a site.
pub(crate) const CONTENT_DIR: &str = "content";

/// What a source file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SourceKind {
    /// An article in `content/SECTION/NAME.md`.
    Article,
    /// An article in `content/SECTION/NAME/index.md`, with its assets.
    Bundle {
        /// Absolute paths of the other files in the bundle's folder.
        assets: Vec<PathBuf>,
    },
    /// A print issue in `content/issues/N.md`.
    Issue,
    /// A contributor's bio in `content/authors/SLUG.md`.
    Author,
    /// A standalone page in `content/NAME.md`.
    Page,
}

/// One Markdown file found under `content/`.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    /// The absolute (or site-joined) path, for reading.
    pub path: PathBuf,
    /// The path relative to `content/`, with `/` separators (`personages/x.md`).
    pub content_path: String,
    /// The path relative to the site, for messages (`content/personages/x.md`).
    pub display: String,
    /// What the file is.
    pub kind: SourceKind,
}

impl SourceFile {
    /// The folder under `content/` the file sits in (its default section), if any.
    pub(crate) fn top_folder(&self) -> Option<&str> {
        self.content_path.split_once('/').map(|(first, _)| first)
    }

    /// The name the slug defaults to: the file stem, or a bundle's folder name.
    pub(crate) fn default_slug_source(&self) -> &str {
        let mut parts = self.content_path.rsplit('/');
        let file = parts.next().unwrap_or_default();
        match self.kind {
            SourceKind::Bundle { .. } => parts.next().unwrap_or(file),
            _ => file.strip_suffix(".md").unwrap_or(file),
        }
    }
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub(crate) struct Discovery {
    /// Markdown sources, sorted by path.
    pub sources: Vec<SourceFile>,
    /// Non-Markdown files outside bundles: (absolute path, path relative to content/).
    pub loose_files: Vec<(PathBuf, String)>,
    /// Problems met while walking (unreadable folders, symlink loops).
    pub diagnostics: Vec<Diagnostic>,
}

fn skipped(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
}

fn rel_string(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Walks `SITE/content` and classifies every file. A missing content folder gives an
/// empty discovery (a site may have only pages added later).
pub(crate) fn scan(site_dir: &Path) -> Discovery {
    let content = site_dir.join(CONTENT_DIR);
    let mut found = Discovery::default();
    if !content.is_dir() {
        return found;
    }
    let files = walk(&content, &SiteRoot::new(site_dir), &mut found.diagnostics);
    let bundle_dirs: HashSet<PathBuf> = files
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "index.md"))
        .filter(|p| p.parent().is_some_and(|d| d != content))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .filter(|d| !is_reserved_dir(d, &content))
        .collect();
    let bundle_of = |path: &Path| {
        path.ancestors()
            .skip(1)
            .find(|a| bundle_dirs.contains(*a))
            .map(Path::to_path_buf)
    };
    let mut assets: std::collections::HashMap<PathBuf, Vec<PathBuf>> = Default::default();
    for path in &files {
        let content_path = rel_string(path, &content);
        if path.extension().is_none_or(|e| e != "md") {
            match bundle_of(path) {
                Some(dir) => assets.entry(dir).or_default().push(path.clone()),
                None => found.loose_files.push((path.clone(), content_path)),
            }
            continue;
        }
        found.sources.push(SourceFile {
            path: path.clone(),
            display: format!("{CONTENT_DIR}/{content_path}"),
            kind: classify(path, &content_path, &bundle_dirs),
            content_path,
        });
    }
    for source in &mut found.sources {
        if let SourceKind::Bundle { assets: list } = &mut source.kind {
            if let Some(dir) = source.path.parent() {
                *list = assets.remove(dir).unwrap_or_default();
            }
        }
    }
    found
}

/// Every regular file under `content`, sorted by name, skipping hidden and
/// backup files; what cannot be read, loops, special files and symbolic links
/// leading outside `root` become diagnostics (and are not followed).
fn walk(content: &Path, root: &SiteRoot, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut escapes = Vec::new();
    let walker = WalkDir::new(content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && skipped(&e.file_name().to_string_lossy()) {
                return false;
            }
            let Some(target) = root.escape(e.path(), e.path_is_symlink()) else {
                return true;
            };
            let rel = format!("{}/{}", CONTENT_DIR, rel_string(e.path(), content));
            escapes.push(
                Diagnostic::error(
                    rel.clone(),
                    format!("{rel} is a symbolic link to {target}, outside the site folder"),
                )
                .with_help(ESCAPE_HELP),
            );
            false
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
            Ok(e) if !e.file_type().is_dir() => {
                // A FIFO, socket or device: reading it could block or never end.
                let rel = format!("{}/{}", CONTENT_DIR, rel_string(e.path(), content));
                diagnostics.push(
                    Diagnostic::warning(rel, "skipped: not a regular file")
                        .with_help("content/ holds files and folders; remove this entry"),
                );
            }
            Ok(_) => {}
            Err(e) => {
                let where_ = e
                    .path()
                    .map(|p| format!("{}/{}", CONTENT_DIR, rel_string(p, content)))
                    .unwrap_or_else(|| CONTENT_DIR.to_string());
                let help = if e.loop_ancestor().is_some() {
                    "this symbolic link points at a folder that contains it; remove the link"
                } else {
                    "check the file's permissions"
                };
                diagnostics
                    .push(Diagnostic::error(where_, format!("cannot read: {e}")).with_help(help));
            }
        }
    }
    diagnostics.append(&mut escapes);
    files
}

/// What the Markdown file at `path` (`content_path` under `content/`) is (see
/// the module docs for the rules).
fn classify(path: &Path, content_path: &str, bundle_dirs: &HashSet<PathBuf>) -> SourceKind {
    let depth = content_path.matches('/').count();
    let top = content_path.split('/').next().unwrap_or_default();
    if depth == 0 {
        SourceKind::Page
    } else if depth == 1 && top == "issues" {
        SourceKind::Issue
    } else if depth == 1 && top == "authors" {
        SourceKind::Author
    } else if path.file_name().is_some_and(|n| n == "index.md")
        && path.parent().is_some_and(|d| bundle_dirs.contains(d))
    {
        SourceKind::Bundle { assets: Vec::new() }
    } else {
        SourceKind::Article
    }
}

fn is_reserved_dir(dir: &Path, content: &Path) -> bool {
    let rel = rel_string(dir, content);
    rel == "issues" || rel == "authors"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_sources() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("content");
        for f in [
            "about.md",
            "issues/1.md",
            "essays/a.md",
            "essays/b/index.md",
            "essays/b/lead.png",
            "essays/loose.png",
            "essays/.hidden.md",
        ] {
            let p = c.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let d = scan(dir.path());
        let kinds: Vec<_> = d
            .sources
            .iter()
            .map(|s| (s.content_path.as_str(), &s.kind))
            .collect();
        assert_eq!(kinds.len(), 4);
        assert_eq!(kinds[0], ("about.md", &SourceKind::Page));
        assert!(matches!(kinds[2].1, SourceKind::Bundle { assets } if assets.len() == 1));
        assert_eq!(d.sources[2].default_slug_source(), "b");
        assert_eq!(d.loose_files.len(), 1);
    }
}
