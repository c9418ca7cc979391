//! Writing the site: everything to a staging folder, then one swap.
//!
//! Steps: put right what an interrupted build left ([`recover_interrupted`],
//! before anything else of a build can fail); refuse an output folder that is,
//! contains or lies inside the site's sources; take a lock (`.NAME.mag-lock`,
//! kept) beside the output so that two builds cannot interleave, the second one
//! being refused; write every file into `.NAME.staging-PID` beside the output;
//! rename the old output aside, rename the staging folder into place, then
//! delete the old one. On any failure the staging folder is removed and the old
//! output is untouched.
//!
//! An output folder that is a mount point cannot be renamed: it is replaced
//! entry by entry from a staging folder inside it ([`in_place`]), never holding
//! old and new files together.

mod in_place;

use std::path::{Path, PathBuf};

use fs4::fs_std::FileExt;

use crate::diagnostics::Diagnostic;

/// Where an output file's bytes come from.
#[derive(Debug, Clone)]
pub(crate) enum Data {
    /// Bytes made by the build.
    Bytes(Vec<u8>),
    /// Bytes embedded in the binary.
    Static(&'static [u8]),
    /// A file copied from disk.
    Copy(PathBuf),
    /// A file of mag's image cache: hard-linked into the output where the file
    /// system allows (no bytes copied), else copied.
    Cached(PathBuf),
}

/// One file of the output.
#[derive(Debug, Clone)]
pub(crate) struct OutputFile {
    /// Path relative to the output folder, with `/` separators.
    pub path: String,
    /// Its content.
    pub data: Data,
}

/// The folders of a site that an output folder must stay out of.
pub(crate) const SOURCE_DIRS: &[&str] = &["content", "static", "templates", "themes"];

/// Checks that `output` is safe to replace: not the site folder, not one of its
/// source folders or inside one, and not a folder that contains the site.
///
/// Errors with a sentence naming the problem.
pub(crate) fn check_output_dir(site_dir: &Path, output: &Path) -> Result<(), Diagnostic> {
    let site = absolute(site_dir);
    let out = absolute(output);
    let refuse = |why: String| {
        Err(Diagnostic::error(
            None,
            format!(
                "refusing to write the site into {}: {why}",
                output.display()
            ),
        )
        .with_help("choose an output folder of its own, such as SITE/public (the default)"))
    };
    if out == site {
        return refuse("it is the site folder itself".into());
    }
    if site.starts_with(&out) {
        return refuse("it contains the site folder".into());
    }
    for dir in SOURCE_DIRS {
        if out.starts_with(site.join(dir)) {
            return refuse(format!("it is inside the site's {dir}/ folder"));
        }
    }
    if out.parent().is_none() {
        return refuse("it is a root folder".into());
    }
    if output.exists() && !output.is_dir() {
        return refuse("it is a file, not a folder".into());
    }
    if output.join(crate::config::CONFIG_FILE).exists() {
        return refuse("it holds another site (it has a mag.toml)".into());
    }
    if !is_replaceable(output) {
        return Err(Diagnostic::error(
            None,
            format!(
                "refusing to replace {}: it holds files that mag did not write",
                output.display()
            ),
        )
        .with_help(format!(
            "mag replaces its output folder whole; move those files away, delete the folder, \
             or choose another one (a folder mag wrote has a {MARKER} file)"
        )));
    }
    Ok(())
}

/// The file mag writes at the top of every output folder, so that a later build
/// knows the folder is its own to replace.
pub(crate) const MARKER: &str = ".mag-output";

/// True when `output` does not exist, is empty, or was written by mag.
fn is_replaceable(output: &Path) -> bool {
    match std::fs::read_dir(output) {
        Err(_) => true,
        Ok(mut entries) => entries.next().is_none() || output.join(MARKER).is_file(),
    }
}

/// An absolute, `..`-free form of `path`, resolving symbolic links where the path
/// exists.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let base = std::env::current_dir().unwrap_or_default().join(path);
    let mut out = PathBuf::new();
    for c in base.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Canonicalize the longest existing ancestor so symlinked parents compare equal.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return out,
        }
    }
    let mut result = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        result.push(name);
    }
    result
}

/// A build's output being written: the lock beside the output folder, held until
/// the staging folder is swapped into place ([`Staging::commit`]) or dropped.
/// Dropping a staging that was not committed removes its folder and leaves the
/// previous output as it was. Files may be written from several threads at once.
#[derive(Debug)]
pub(crate) struct Staging {
    output: PathBuf,
    staging: PathBuf,
    swap: Swap,
    lock: Option<std::fs::File>,
}

/// How the staging folder replaces the output folder.
#[derive(Debug)]
enum Swap {
    /// Two renames of whole folders beside each other (the old one goes to
    /// `old`).
    Folders { old: PathBuf },
    /// Entry by entry, for a mount point (see [`in_place`]).
    InPlace(in_place::Names),
}

impl Staging {
    /// Takes the lock beside `output` and creates an empty staging folder (with
    /// the [`MARKER`] file) beside it, or inside it when it is a mount point.
    ///
    /// Errors when another build holds the lock or the folders cannot be made.
    pub(crate) fn open(output: &Path) -> Result<Staging, Diagnostic> {
        let (parent, name) = parent_and_name(output);
        let io_err = |what: &str, path: &Path, e: std::io::Error| {
            Diagnostic::error(None, format!("cannot {what} {}: {e}", path.display()))
                .with_help("check that the output folder's parent exists and is writable")
        };
        std::fs::create_dir_all(parent).map_err(|e| io_err("create", parent, e))?;
        let lock_path = parent.join(format!(".{name}.mag-lock"));
        let lock =
            std::fs::File::create(&lock_path).map_err(|e| io_err("create", &lock_path, e))?;
        if !matches!(lock.try_lock_exclusive(), Ok(true)) {
            return Err(Diagnostic::error(
                None,
                format!(
                    "another mag build is writing {} right now",
                    output.display()
                ),
            )
            .with_help("wait for it to finish, then build again"));
        }
        let pid = std::process::id();
        let (staging, swap) = if output.is_dir() && in_place::is_mount_point(output) {
            let names = in_place::Names::new(output, &pid.to_string());
            (names.staging.clone(), Swap::InPlace(names))
        } else {
            let old = parent.join(format!(".{name}.old-{pid}"));
            (
                parent.join(format!(".{name}.staging-{pid}")),
                Swap::Folders { old },
            )
        };
        let staging = Staging {
            output: output.to_path_buf(),
            staging,
            swap,
            lock: Some(lock),
        };
        staging.prepare()?;
        Ok(staging)
    }

    fn prepare(&self) -> Result<(), Diagnostic> {
        let staging = &self.staging;
        if staging.exists() {
            std::fs::remove_dir_all(staging).map_err(|e| {
                Diagnostic::error(None, format!("cannot clear {}: {e}", staging.display()))
            })?;
        }
        std::fs::create_dir_all(staging).map_err(|e| {
            Diagnostic::error(None, format!("cannot create {}: {e}", staging.display()))
        })?;
        let marker = staging.join(MARKER);
        std::fs::write(
            &marker,
            "Written by mag build: the next build replaces this folder whole.\n",
        )
        .map_err(|e| Diagnostic::error(None, format!("cannot write {}: {e}", marker.display())))
    }

    /// Writes one file into the staging folder, making its folders.
    ///
    /// Errors when the file or a folder cannot be written.
    pub(crate) fn write(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        let target = self.staging.join(&file.path);
        // Named by where it was going, not by the hidden staging folder.
        let err = |e: std::io::Error| {
            Diagnostic::error(
                None,
                format!(
                    "cannot write {}: {e}",
                    self.output.join(&file.path).display()
                ),
            )
            .with_help("nothing was replaced: the previous site is as it was")
        };
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
        match &file.data {
            Data::Bytes(bytes) => std::fs::write(&target, bytes),
            Data::Static(bytes) => std::fs::write(&target, bytes),
            Data::Copy(from) => std::fs::copy(from, &target).map(|_| ()),
            Data::Cached(from) => std::fs::hard_link(from, &target)
                .or_else(|_| std::fs::copy(from, &target).map(|_| ())),
        }
        .map_err(err)
    }

    /// Puts the staging folder in the output's place and deletes the old output.
    ///
    /// Errors when the folders cannot be renamed; the previous output is then
    /// put back.
    pub(crate) fn commit(mut self) -> Result<(), Diagnostic> {
        let result = match &self.swap {
            Swap::Folders { old } => swap(&self.staging, &self.output, old),
            Swap::InPlace(names) => in_place::commit(names),
        };
        if result.is_ok() {
            // Nothing left for `drop` to remove.
            self.staging = PathBuf::new();
        }
        result
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.staging.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
        // The lock file stays: deleting it would let a third build lock a new file
        // while a second one still holds the old one.
        if let Some(lock) = self.lock.take() {
            let _ = FileExt::unlock(&lock);
        }
    }
}

/// The folder a build replaces: `output` itself, or, when `output` is a symbolic
/// link to a folder (`public -> /var/www/review`), the folder it points to, so that
/// the link stays a link and the site lands where it leads.
pub(crate) fn through_link(output: PathBuf) -> PathBuf {
    if output.is_symlink() && output.is_dir() {
        std::fs::canonicalize(&output).unwrap_or(output)
    } else {
        output
    }
}

/// Before a build, first of all (before `mag.toml` is read, so that even a
/// build that then fails on it does this): clears what an interrupted build left
/// beside `output` (see [`sweep_leftovers`]) and inside it (see
/// [`in_place::recover`]), if no other build holds the lock; so that an output
/// folder a half-done swap had moved aside, or half replaced, is whole again.
pub(crate) fn recover_interrupted(output: &Path) {
    let (parent, name) = parent_and_name(output);
    let Ok(lock) = std::fs::File::open(parent.join(format!(".{name}.mag-lock"))) else {
        return; // No build ever wrote here.
    };
    if matches!(lock.try_lock_exclusive(), Ok(true)) {
        sweep_leftovers(parent, &name, output);
        in_place::recover(output);
        let _ = FileExt::unlock(&lock);
    }
}

/// The folder that holds `output`, and `output`'s name.
fn parent_and_name(output: &Path) -> (&Path, String) {
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    (parent, name)
}

/// Clears what an interrupted build left beside `output` (killed, or aborted by a
/// crash, while it rendered into its staging folder or swapped folders): every
/// `.NAME.staging-PID` folder, and every `.NAME.old-PID` folder — put back as the
/// output if the output is missing (a swap stopped half-way), deleted otherwise.
/// Called by [`recover_interrupted`] with the lock held, so no other build is
/// using them. Best effort: a folder that cannot be removed stays, as before.
fn sweep_leftovers(parent: &Path, name: &str, output: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let staging_prefix = format!(".{name}.staging-");
    let old_prefix = format!(".{name}.old-");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let path = entry.path();
        if !path.is_dir() || path.is_symlink() {
            continue;
        }
        if file_name.starts_with(&staging_prefix) {
            let _ = std::fs::remove_dir_all(&path);
        } else if file_name.starts_with(&old_prefix) {
            if !output.exists() {
                let _ = std::fs::rename(&path, output);
            } else {
                let _ = std::fs::remove_dir_all(&path);
            }
        }
    }
}

fn swap(staging: &Path, output: &Path, old: &Path) -> Result<(), Diagnostic> {
    let err = |e: std::io::Error| {
        let busy = matches!(
            e.kind(),
            std::io::ErrorKind::ResourceBusy | std::io::ErrorKind::CrossesDevices
        );
        let d = Diagnostic::error(
            None,
            format!("cannot move the new site into {}: {e}", output.display()),
        );
        if busy {
            d.with_help(format!(
                "nothing was replaced: the previous site is as it was. {} seems to be a mount \
                 point that mag did not recognise; please report it",
                output.display()
            ))
        } else {
            d.with_help("nothing was replaced: the previous site is as it was")
        }
    };
    if output.exists() {
        if old.exists() {
            std::fs::remove_dir_all(old).map_err(err)?;
        }
        std::fs::rename(output, old).map_err(err)?;
        if let Err(e) = std::fs::rename(staging, output) {
            let _ = std::fs::rename(old, output);
            return Err(err(e));
        }
        let _ = std::fs::remove_dir_all(old);
    } else {
        std::fs::rename(staging, output).map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_sources() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path();
        assert!(check_output_dir(site, site).is_err());
        assert!(check_output_dir(site, &site.join("content")).is_err());
        assert!(check_output_dir(site, &site.join("content/x")).is_err());
        assert!(check_output_dir(site, dir.path().parent().unwrap()).is_err());
        assert!(check_output_dir(site, &site.join("public")).is_ok());
        let foreign = dir.path().join("theirs");
        std::fs::create_dir_all(&foreign).unwrap();
        assert!(
            check_output_dir(site, &foreign).is_ok(),
            "an empty folder is fine"
        );
        std::fs::write(foreign.join("thesis.txt"), "precious").unwrap();
        assert!(
            check_output_dir(site, &foreign).is_err(),
            "a folder of other files is refused"
        );
        std::fs::write(foreign.join(MARKER), "").unwrap();
        assert!(
            check_output_dir(site, &foreign).is_ok(),
            "mag's own output may be replaced"
        );
    }
}
