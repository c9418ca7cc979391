//! Symbolic links in a site's folders: one under `content/`, `static/`,
//! `templates/` or `themes/` may point anywhere inside the site, never outside
//! it. A link to `/etc/passwd`, `/proc/self/environ` or a home folder would
//! otherwise publish that file (or a whole folder) with the site: a
//! contribution is untrusted input (see the manual's Security page).

use std::path::{Path, PathBuf};

/// The site folder, resolved once, that linked files must stay in.
#[derive(Debug, Clone)]
pub(crate) struct SiteRoot {
    real: PathBuf,
}

impl SiteRoot {
    /// `site_dir` with every link in it resolved; the folder as given when it
    /// cannot be resolved (then every link that resolves counts as outside).
    pub(crate) fn new(site_dir: &Path) -> SiteRoot {
        SiteRoot {
            real: site_dir
                .canonicalize()
                .unwrap_or_else(|_| site_dir.to_path_buf()),
        }
    }

    /// True when `path` exists and, every link resolved, lies inside the site
    /// (an image a page names by `../../..` must not be read from elsewhere).
    pub(crate) fn contains(&self, path: &Path) -> bool {
        path.canonicalize().is_ok_and(|p| p.starts_with(&self.real))
    }

    /// True for a path inside the site under a hidden name (`.git/config`,
    /// `.env`): such files hold a repository's credentials and a build's secrets,
    /// and a link must not publish them either.
    fn hidden(&self, real: &Path) -> bool {
        real.strip_prefix(&self.real).is_ok_and(|rel| {
            rel.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
    }

    /// For a walked entry that is a symbolic link (`is_link`: walkdir's
    /// `path_is_symlink`), where it leads when that is outside the site or to a
    /// hidden file in it (`.git/`, `.env`), or `"(a missing file)"` when it leads
    /// nowhere; `None` for anything else.
    pub(crate) fn escape(&self, path: &Path, is_link: bool) -> Option<String> {
        if !is_link {
            return None;
        }
        match path.canonicalize() {
            Ok(target) if self.hidden(&target) => {
                Some(format!("{} (a hidden file of the site)", target.display()))
            }
            Ok(target) if target.starts_with(&self.real) => None,
            Ok(target) => Some(target.display().to_string()),
            Err(_) => Some("(a missing file)".to_string()),
        }
    }
}

/// The help of every "link leads outside the site" error.
pub(crate) const ESCAPE_HELP: &str = "copy the file into the site and remove the link: \
mag publishes nothing from outside the site folder (see the manual's Security page)";

#[cfg(test)]
mod tests {
    use super::SiteRoot;

    #[cfg(unix)]
    #[test]
    fn links_inside_stay_links_outside_escape() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("static")).unwrap();
        std::fs::write(site.join("a.txt"), "a").unwrap();
        std::fs::write(dir.path().join("secret"), "s").unwrap();
        let inside = site.join("static/in.txt");
        let outside = site.join("static/out.txt");
        let dangling = site.join("static/gone.txt");
        std::os::unix::fs::symlink(site.join("a.txt"), &inside).unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), &outside).unwrap();
        std::os::unix::fs::symlink(dir.path().join("nothing"), &dangling).unwrap();
        let root = SiteRoot::new(&site);
        assert_eq!(root.escape(&inside, true), None);
        assert!(root.escape(&outside, true).unwrap().ends_with("secret"));
        assert_eq!(root.escape(&dangling, true).unwrap(), "(a missing file)");
        assert_eq!(root.escape(&outside, false), None);
        std::fs::create_dir_all(site.join(".git")).unwrap();
        std::fs::write(site.join(".git/config"), "token").unwrap();
        let git = site.join("static/config.txt");
        std::os::unix::fs::symlink(site.join(".git/config"), &git).unwrap();
        assert!(root.escape(&git, true).unwrap().contains("hidden"));
    }
}
