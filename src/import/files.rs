//! Writing the import's files inside the site, and nowhere else.
//!
//! Rules: a file is created, never replaced (`create_new`, which also refuses a
//! symbolic link at the path, dangling or not); no folder on the way from the site
//! to the file may be a symbolic link (it could lead out of the site), and the
//! missing ones are created one by one; a file whose writing fails is removed, so
//! that nothing is left half-written. The site folder itself may be a link: it is
//! the user's choice of where the site lives.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Component, Path, PathBuf};

/// What is at a file's place in the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// Nothing: the file can be written.
    Free,
    /// A file or folder is there already: it is left alone.
    Taken,
}

/// Checks where `rel` (a relative path of plain names, `/`-separated) would be
/// written in `site`.
///
/// Errors, naming the path: a folder on the way is a symbolic link or a file, or
/// the path itself is a symbolic link (dangling or not); or `rel` is not a plain
/// relative path (a bug in the importer, checked all the same).
pub(super) fn place(site: &Path, rel: &str) -> Result<Place, String> {
    let parts = parts(rel)?;
    let mut path = site.to_path_buf();
    let mut shown = PathBuf::new();
    for (i, part) in parts.iter().enumerate() {
        path.push(part);
        shown.push(part);
        let last = i + 1 == parts.len();
        let meta = match fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Place::Free),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        if meta.file_type().is_symlink() {
            return Err(format!(
                "{} is a symbolic link; mag import never writes through links (replace it with a {}, or remove it)",
                shown.display(),
                if last { "file" } else { "folder" }
            ));
        }
        if last {
            return Ok(Place::Taken);
        }
        if !meta.is_dir() {
            return Err(format!(
                "{} is a file where a folder is needed for {rel}",
                shown.display()
            ));
        }
    }
    Ok(Place::Free)
}

/// Creates the file `rel` in `site` with `text`, creating the missing folders.
///
/// Errors: as [`place`], or the file exists (it is never replaced), or it cannot be
/// written (then nothing of it is left).
pub(super) fn create(site: &Path, rel: &str, text: &str) -> Result<(), String> {
    let parts = parts(rel)?;
    if place(site, rel)? == Place::Taken {
        return Err(format!("{rel} already exists; it was not replaced"));
    }
    let mut dir = site.to_path_buf();
    for part in &parts[..parts.len() - 1] {
        dir.push(part);
        match fs::create_dir(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                // Made between the check and now: check it again.
                if !fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
                    return Err(format!("{} is not a folder", dir.display()));
                }
            }
            Err(e) => return Err(format!("cannot create {}: {e}", dir.display())),
        }
    }
    let path = site.join(rel);
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            ErrorKind::AlreadyExists => format!("{rel} already exists; it was not replaced"),
            _ => format!("cannot create {}: {e}", path.display()),
        })?;
    file.write_all(text.as_bytes()).map_err(|e| {
        let _ = fs::remove_file(&path);
        format!("cannot write {}: {e}", path.display())
    })
}

/// Creates `NAME.EXT` in the site's root, or `NAME-2.EXT`, `NAME-3.EXT`… when it
/// exists (a file, a folder or a link): an earlier file is never replaced. Returns
/// the name written.
///
/// Errors: a file cannot be written (nothing of it is left).
pub(super) fn create_numbered(
    site: &Path,
    name: &str,
    ext: &str,
    text: &str,
) -> Result<String, String> {
    for n in 1.. {
        let rel = if n == 1 {
            format!("{name}.{ext}")
        } else {
            format!("{name}-{n}.{ext}")
        };
        match place(site, &rel) {
            Ok(Place::Taken) | Err(_) => continue,
            Ok(Place::Free) => {}
        }
        match create(site, &rel, text) {
            Ok(()) => return Ok(rel),
            // Taken between the check and now: the next number.
            Err(_) if site.join(&rel).symlink_metadata().is_ok() => {}
            Err(e) => return Err(e),
        }
    }
    unreachable!("an unbounded range")
}

/// Replaces the site's file `rel` by `text` through a new file renamed over it, so
/// that the file is whole at every moment.
///
/// Errors: `rel` is a symbolic link (its target would be left stale and the link
/// replaced), or a file cannot be written or renamed.
pub(super) fn replace(site: &Path, rel: &str, text: &str) -> Result<(), String> {
    let path = site.join(rel);
    if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(format!(
            "{rel} is a symbolic link; mag import never writes through links (replace it with the file)"
        ));
    }
    let temp = format!("{rel}.mag-import-{}", std::process::id());
    let _ = fs::remove_file(site.join(&temp));
    create(site, &temp, text)?;
    fs::rename(site.join(&temp), &path).map_err(|e| {
        let _ = fs::remove_file(site.join(&temp));
        format!("cannot write {}: {e}", path.display())
    })
}

/// The names of a relative path; an error for anything but plain names.
fn parts(rel: &str) -> Result<Vec<&str>, String> {
    let plain = !rel.is_empty()
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        && rel
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..");
    if !plain {
        return Err(format!("{rel:?} is not a plain path inside the site"));
    }
    Ok(rel.split('/').collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_through_links_never_over_files() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path();
        create(site, "content/essays/a.md", "A").unwrap();
        assert_eq!(
            fs::read_to_string(site.join("content/essays/a.md")).unwrap(),
            "A"
        );
        assert!(create(site, "content/essays/a.md", "B")
            .unwrap_err()
            .contains("already exists"));
        assert_eq!(place(site, "content/essays/a.md"), Ok(Place::Taken));
        assert!(parts("../x").is_err() && parts("/x").is_err() && parts("a//b").is_err());
        #[cfg(unix)]
        {
            let outside = dir.path().join("outside");
            std::os::unix::fs::symlink(&outside, site.join("content/essays/b.md")).unwrap();
            let err = create(site, "content/essays/b.md", "B").unwrap_err();
            assert!(
                err.contains("content/essays/b.md is a symbolic link"),
                "{err}"
            );
            assert!(!outside.exists());
            std::os::unix::fs::symlink(&outside, site.join("content/linked")).unwrap();
            let err = place(site, "content/linked/c.md").unwrap_err();
            assert!(err.contains("content/linked is a symbolic link"), "{err}");
        }
        assert_eq!(
            create_numbered(site, "list", "txt", "1").unwrap(),
            "list.txt"
        );
        assert_eq!(
            create_numbered(site, "list", "txt", "2").unwrap(),
            "list-2.txt"
        );
        assert_eq!(fs::read_to_string(site.join("list.txt")).unwrap(), "1");
    }
}
