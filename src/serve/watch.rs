//! Watching the site's sources: debounced notify events → one [`Changes`] per burst.
//!
//! Watched: `mag.toml` (through a non-recursive watch of the site folder, which
//! also sees source folders appear) and, recursively, `content/`, `static/`,
//! `templates/` and `themes/`. Nothing else under the site folder is looked at, so
//! the output folder and `.git` never trigger a rebuild. Editor files are ignored:
//! names starting with `.` or `#` (temp files, `.#` locks, Emacs autosaves), ending
//! with `~` (backups) or `.swp`/`.swo`/`.swx`/`.tmp`, and Vim's `4913` probe. An
//! editor's write-to-temp-then-rename arrives as a rename whose target is the real
//! file, and counts as a change of that file.
//!
//! Bursts become one rebuild: the debouncer gathers events until the files have
//! been quiet for [`DEBOUNCE`], and [`Watcher::next_burst`] then also waits out
//! [`SETTLE`] of further quiet, merging every batch that arrives meanwhile.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::config::CONFIG_FILE;
use crate::diagnostics::Diagnostic;

/// How long a file must be quiet before its events are handed over.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(25);
/// How long no further batch may arrive before a burst is considered over.
pub(crate) const SETTLE: Duration = Duration::from_millis(15);

/// The source folders watched recursively.
pub(crate) const WATCHED_DIRS: &[&str] = &["content", "static", "templates", "themes"];

/// What a changed path means for the rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ChangeKind {
    /// `mag.toml` or a theme's `theme.toml`: everything is rebuilt.
    Config,
    /// A Markdown file (or a folder) under `content/`.
    Content,
    /// Another file under `content/` or `static/` (images: bodies measure them).
    Asset,
    /// A style sheet.
    Css,
    /// A template.
    Template,
}

/// The changes of one burst.
#[derive(Debug, Default, Clone)]
pub(crate) struct Changes {
    /// Site-relative paths with `/` separators, sorted.
    pub paths: BTreeSet<String>,
    /// What kinds of files changed.
    pub kinds: BTreeSet<ChangeKind>,
}

impl Changes {
    /// True when no source changed.
    pub(crate) fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    pub(crate) fn add(&mut self, rel: String) {
        if let Some(kind) = classify(&rel) {
            self.kinds.insert(kind);
            self.paths.insert(rel);
        }
    }
}

/// True for editor swap, backup, lock and temp files.
pub(crate) fn is_editor_file(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swo", ".swx", ".tmp"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// What a site-relative path means, or `None` when it is not a source (the output
/// folder, `.git`, editor files).
pub(crate) fn classify(rel: &str) -> Option<ChangeKind> {
    if rel.split('/').any(is_editor_file) {
        return None;
    }
    if rel == CONFIG_FILE {
        return Some(ChangeKind::Config);
    }
    let (top, rest) = rel.split_once('/').unwrap_or((rel, ""));
    let ext = rel.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let name = rel.rsplit('/').next().unwrap_or(rel);
    match top {
        "content" if ext == "md" || !name.contains('.') => Some(ChangeKind::Content),
        "content" => Some(ChangeKind::Asset),
        "static" if ext == "css" => Some(ChangeKind::Css),
        "static" => Some(ChangeKind::Asset),
        "templates" => Some(ChangeKind::Template),
        "themes" => {
            let inner = rest.split_once('/').map_or("", |(_, r)| r);
            if inner == "theme.toml" || rest.is_empty() || inner.is_empty() {
                Some(ChangeKind::Config)
            } else if inner.starts_with("templates") {
                Some(ChangeKind::Template)
            } else if ext == "css" {
                Some(ChangeKind::Css)
            } else {
                Some(ChangeKind::Asset)
            }
        }
        _ => None,
    }
}

/// A running watch over one site.
pub(crate) struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    site_dir: PathBuf,
    watched: BTreeSet<String>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher")
            .field("site_dir", &self.site_dir)
            .field("watched", &self.watched)
            .finish()
    }
}

/// Starts watching `site_dir`.
///
/// Errors when the operating system refuses the watch (for example when the
/// inotify watch limit is reached).
pub(crate) fn watch(site_dir: &Path) -> Result<Watcher, Diagnostic> {
    let (tx, events) = channel();
    let debouncer = new_debouncer(DEBOUNCE, Some(DEBOUNCE / 5), tx).map_err(watch_error)?;
    let site_dir = site_dir
        .canonicalize()
        .unwrap_or_else(|_| site_dir.to_path_buf());
    let mut w = Watcher {
        debouncer,
        events,
        site_dir,
        watched: BTreeSet::new(),
    };
    w.debouncer
        .watch(&w.site_dir, RecursiveMode::NonRecursive)
        .map_err(watch_error)?;
    w.watch_new_dirs()?;
    Ok(w)
}

fn watch_error(e: notify::Error) -> Diagnostic {
    Diagnostic::error(None, format!("cannot watch the site for changes: {e}"))
        .with_help("on Linux, raise the inotify limit: sysctl fs.inotify.max_user_watches=524288")
}

impl Watcher {
    /// Adds a recursive watch on every source folder that exists and is not watched
    /// yet.
    fn watch_new_dirs(&mut self) -> Result<(), Diagnostic> {
        for dir in WATCHED_DIRS {
            let path = self.site_dir.join(dir);
            if !self.watched.contains(*dir) && path.is_dir() {
                self.debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(watch_error)?;
                self.watched.insert(dir.to_string());
            }
        }
        Ok(())
    }

    /// Blocks until sources change and returns the changes of the whole burst.
    /// Returns `None` when the watch has stopped.
    pub(crate) fn next_burst(&mut self) -> Option<Changes> {
        let mut changes = Changes::default();
        loop {
            let batch = if changes.is_empty() {
                self.events.recv().ok()?
            } else {
                match self.events.recv_timeout(SETTLE) {
                    Ok(batch) => batch,
                    Err(RecvTimeoutError::Timeout) => return Some(changes),
                    Err(RecvTimeoutError::Disconnected) => return Some(changes),
                }
            };
            match batch {
                Ok(events) => {
                    for event in events {
                        // Reads (ours included) are not changes.
                        if matches!(event.kind, EventKind::Access(_)) {
                            continue;
                        }
                        for path in &event.paths {
                            if let Some(rel) = self.relative(path) {
                                changes.add(rel);
                            }
                        }
                    }
                }
                Err(errors) => {
                    for e in errors {
                        eprintln!("warning: file watch: {e}");
                    }
                }
            }
            if changes.paths.iter().any(|p| !p.contains('/')) {
                // A source folder may have appeared (or been replaced).
                if let Err(d) = self.watch_new_dirs() {
                    eprintln!("{d}");
                }
            }
        }
    }

    fn relative(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(&self.site_dir).ok()?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        (!parts.is_empty()).then(|| parts.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_sources() {
        assert_eq!(classify("mag.toml"), Some(ChangeKind::Config));
        assert_eq!(classify("content/essays/a.md"), Some(ChangeKind::Content));
        assert_eq!(classify("content/essays"), Some(ChangeKind::Content));
        assert_eq!(
            classify("content/essays/a/lead.jpg"),
            Some(ChangeKind::Asset)
        );
        assert_eq!(classify("static/css/main.css"), Some(ChangeKind::Css));
        assert_eq!(classify("static/img/x.png"), Some(ChangeKind::Asset));
        assert_eq!(
            classify("templates/article.html"),
            Some(ChangeKind::Template)
        );
        assert_eq!(
            classify("themes/t/templates/a.html"),
            Some(ChangeKind::Template)
        );
        assert_eq!(classify("themes/t/static/css/x.css"), Some(ChangeKind::Css));
        assert_eq!(classify("themes/t/theme.toml"), Some(ChangeKind::Config));
    }

    #[test]
    fn ignores_editor_files_and_output() {
        for path in [
            "content/.a.md.swp",
            "content/a.md~",
            "content/.#a.md",
            "content/#a.md#",
            "content/4913",
            "content/a.md.tmp",
            "content/.a.md.tmp-123",
            "public/index.html",
            ".git/index",
            "README.md",
        ] {
            assert_eq!(classify(path), None, "{path}");
        }
    }
}
