//! Replacing an output folder that cannot itself be renamed: a mount point (a
//! Docker volume, a tmpfs), where renaming it fails with "Device or resource
//! busy", and where a staging folder beside it would lie on another file system.
//!
//! Steps: the staging folder is made inside the output folder
//! (`OUTPUT/.mag-staging-ID`), so that its entries can be renamed into place.
//! Once the new site is whole there, the swap moves entries one by one:
//! 1. an empty journal file `.mag-swap-out-ID` is created;
//! 2. every entry of the output (the [`MARKER`] first) is moved into
//!    `.mag-old-ID`;
//! 3. the journal is renamed `.mag-swap-in-ID`;
//! 4. every entry of the staging folder (the [`MARKER`] last) is moved into the
//!    output;
//! 5. the journal, the emptied staging folder and the old site are deleted.
//!
//! So the output folder never holds old and new files together: at any moment
//! it holds part or all of the old site, or part or all of the new one, and it
//! has its [`MARKER`] only when the site in it is whole. A build killed on the
//! way leaves its journal; the next build ([`recover`]) puts the old site back
//! when the kill came before step 4, and finishes moving the new one in after.
//! A web server reading the folder during the swap (a few renames) may see it
//! half empty, never mixed.

use std::path::{Path, PathBuf};

use super::MARKER;
use crate::diagnostics::Diagnostic;

/// The environment variable that, set to `1` or `0`, overrides the detection of
/// [`is_mount_point`]. For tests, which cannot mount a file system.
pub(crate) const FORCE_ENV: &str = "MAG_TEST_OUTPUT_IS_MOUNT";

const STAGING: &str = ".mag-staging-";
const OLD: &str = ".mag-old-";
const MOVING_OUT: &str = ".mag-swap-out-";
const MOVING_IN: &str = ".mag-swap-in-";

/// True when `output` (an existing folder) is a mount point and so must be
/// replaced in place: `statx`'s `STATX_ATTR_MOUNT_ROOT` says so (Linux 5.8+),
/// or it lies on another device than its parent. [`FORCE_ENV`] overrides both.
pub(crate) fn is_mount_point(output: &Path) -> bool {
    if let Some(forced) = std::env::var_os(FORCE_ENV) {
        return forced == "1";
    }
    mount_root(output).unwrap_or(false) || other_device(output)
}

/// `statx`'s answer, when the kernel gives one.
#[cfg(target_os = "linux")]
fn mount_root(output: &Path) -> Option<bool> {
    use rustix::fs::{statx, AtFlags, StatxAttributes, StatxFlags, CWD};
    let flags = AtFlags::NO_AUTOMOUNT | AtFlags::SYMLINK_NOFOLLOW;
    let stat = statx(CWD, output, flags, StatxFlags::empty()).ok()?;
    let known = stat
        .stx_attributes_mask
        .contains(StatxAttributes::MOUNT_ROOT);
    known.then(|| stat.stx_attributes.contains(StatxAttributes::MOUNT_ROOT))
}

#[cfg(not(target_os = "linux"))]
fn mount_root(_output: &Path) -> Option<bool> {
    None
}

#[cfg(unix)]
fn other_device(output: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (
        std::fs::metadata(output),
        std::fs::metadata(output.join("..")),
    ) {
        (Ok(a), Ok(b)) => a.dev() != b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn other_device(_output: &Path) -> bool {
    false
}

/// The working entries of one build inside the output folder.
#[derive(Debug, Clone)]
pub(super) struct Names {
    output: PathBuf,
    /// Where the new site is written.
    pub(super) staging: PathBuf,
    old: PathBuf,
    moving_out: PathBuf,
    moving_in: PathBuf,
}

impl Names {
    /// The names for the build `id` (its process id) in `output`.
    pub(super) fn new(output: &Path, id: &str) -> Names {
        Names {
            output: output.to_path_buf(),
            staging: output.join(format!("{STAGING}{id}")),
            old: output.join(format!("{OLD}{id}")),
            moving_out: output.join(format!("{MOVING_OUT}{id}")),
            moving_in: output.join(format!("{MOVING_IN}{id}")),
        }
    }
}

/// True for the names of mag's working entries in an output folder.
fn is_working(name: &str) -> bool {
    [STAGING, OLD, MOVING_OUT, MOVING_IN]
        .iter()
        .any(|p| name.starts_with(p))
}

/// Moves every entry of `from` but mag's working ones into `to` (a folder on
/// the same file system), the [`MARKER`] first when leaving the output folder
/// and last when entering it.
///
/// Errors: the first rename that failed; the entries before it were moved.
fn move_entries(from: &Path, to: &Path, output: &Path) -> std::io::Result<()> {
    let mut names: Vec<String> = std::fs::read_dir(from)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()?;
    names.retain(|n| !is_working(n) && n != MARKER);
    names.sort();
    let has_marker = from.join(MARKER).symlink_metadata().is_ok();
    if has_marker && from == output {
        names.insert(0, MARKER.to_string());
    } else if has_marker {
        names.push(MARKER.to_string());
    }
    for name in names {
        std::fs::rename(from.join(&name), to.join(&name))?;
    }
    Ok(())
}

/// Swaps the whole site in `names.staging` into the output folder, entry by
/// entry (see the module's steps), then deletes the old site.
///
/// Errors when an entry cannot be moved; the previous site is then put back
/// (or, if even that fails, left for the next build to finish, as after a kill).
pub(super) fn commit(names: &Names) -> Result<(), Diagnostic> {
    let output = names.output.as_path();
    let err = |e: std::io::Error| {
        Diagnostic::error(
            None,
            format!(
                "cannot move the new site into {} (a mount point, replaced entry by entry): {e}",
                output.display()
            ),
        )
    };
    std::fs::File::create(&names.moving_out).map_err(err)?;
    let moved_out = std::fs::create_dir(&names.old)
        .and_then(|()| move_entries(output, &names.old, output))
        .and_then(|()| std::fs::rename(&names.moving_out, &names.moving_in));
    if let Err(e) = moved_out {
        roll_back(names, &names.moving_out);
        return Err(err(e).with_help("nothing was replaced: the previous site is as it was"));
    }
    if let Err(e) = move_entries(&names.staging, output, output) {
        let put_back = move_entries(output, &names.staging, output).is_ok();
        if put_back {
            roll_back(names, &names.moving_in);
        }
        let help = if put_back {
            "nothing was replaced: the previous site is as it was"
        } else {
            "the folder has no .mag-output file until the next mag build finishes the move"
        };
        return Err(err(e).with_help(help));
    }
    finish(names, &names.moving_in);
    Ok(())
}

/// Puts the old site back from `.mag-old-ID` and clears the working entries.
fn roll_back(names: &Names, journal: &Path) {
    if names.old.is_dir() && move_entries(&names.old, &names.output, &names.output).is_err() {
        return; // The journal stays; the next build tries again.
    }
    finish(names, journal);
}

/// Removes the journal, then the staging folder and the old site.
fn finish(names: &Names, journal: &Path) {
    let _ = std::fs::remove_file(journal);
    let _ = std::fs::remove_dir_all(&names.staging);
    let _ = std::fs::remove_dir_all(&names.old);
}

/// Before a build, with the lock held: completes what a build killed during an
/// in-place swap left in `output` (see the module's steps): puts the old site
/// back when its journal says it was moving the old one out, finishes moving the
/// new one in when it says so, then deletes every leftover staging folder and
/// old site. Best effort: what cannot be moved or removed stays.
pub(super) fn recover(output: &Path) {
    for name in working_names(output) {
        if let Some(id) = name.strip_prefix(MOVING_IN) {
            let build = Names::new(output, id);
            if move_entries(&build.staging, output, output).is_ok() {
                finish(&build, &build.moving_in);
            }
        } else if let Some(id) = name.strip_prefix(MOVING_OUT) {
            let build = Names::new(output, id);
            roll_back(&build, &build.moving_out);
        }
    }
    let left = working_names(output);
    if left
        .iter()
        .any(|n| n.starts_with(MOVING_IN) || n.starts_with(MOVING_OUT))
    {
        return; // An unfinished swap still needs its folders.
    }
    for name in left {
        let _ = std::fs::remove_dir_all(output.join(name));
    }
}

/// The names of mag's working entries in `output` (none when it is unreadable).
fn working_names(output: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(output) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| is_working(n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn site(dir: &Path, files: &[&str]) {
        std::fs::create_dir_all(dir).unwrap();
        for f in files {
            std::fs::write(dir.join(f), f).unwrap();
        }
    }

    #[test]
    fn a_swap_replaces_every_entry_and_leaves_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        site(&out, &[MARKER, "old.html", "both.html"]);
        let names = Names::new(&out, "7");
        site(&names.staging, &[MARKER, "new.html", "both.html"]);
        commit(&names).unwrap();
        assert_eq!(tree(&out), [MARKER, "both.html", "new.html"]);
    }

    /// Every state a kill can leave is put right by the next build: back to the
    /// old site before the first new entry moved in, forward to the new after.
    #[test]
    fn recovery_never_leaves_a_mix() {
        for moved_in in 0..3 {
            let tmp = tempfile::tempdir().unwrap();
            let out = tmp.path().join("public");
            let names = Names::new(&out, "9");
            site(&out, &["b.html"]);
            site(&names.old, &[MARKER, "a.html"]);
            site(&names.staging, &[MARKER, "new1.html", "new2.html"]);
            if moved_in == 0 {
                std::fs::File::create(&names.moving_out).unwrap();
            } else {
                std::fs::rename(out.join("b.html"), names.old.join("b.html")).unwrap();
                std::fs::File::create(&names.moving_in).unwrap();
                std::fs::rename(names.staging.join("new1.html"), out.join("new1.html")).unwrap();
                if moved_in == 2 {
                    let s = names.staging.join("new2.html");
                    std::fs::rename(s, out.join("new2.html")).unwrap();
                }
            }
            recover(&out);
            let want: &[&str] = if moved_in == 0 {
                &[MARKER, "a.html", "b.html"]
            } else {
                &[MARKER, "new1.html", "new2.html"]
            };
            assert_eq!(tree(&out), want, "moved in: {moved_in}");
        }
    }
}
