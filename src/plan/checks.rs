//! Checks over the plan, before anything is rendered or written:
//! 1. [`inside_output`]: every output path is relative and has no `..` segment,
//!    so nothing can be written outside the output folder;
//! 2. [`duplicate_urls`]: two pieces of content (or a content file and a page mag
//!    makes, a feed, the sitemap, an alias) written to one URL;
//! 3. [`collisions`]: a copied file (static file, bundle asset, loose content file)
//!    written to the path of a page or another file, or a file standing where the
//!    site needs a folder.
//!
//! [`urls`] runs the first two, stopping at the first that finds an error, so
//! each problem is reported once, in the words of the check that knows it best;
//! the pipeline runs [`collisions`] once the content has no error.

use std::collections::HashMap;
use std::path::{Component, Path};

use super::{Make, Origin, Output, Plan};
use crate::diagnostics::Diagnostic;

/// Runs [`inside_output`], then (when it finds nothing) [`duplicate_urls`];
/// returns the errors found.
pub(crate) fn urls(plan: &Plan<'_>) -> Vec<Diagnostic> {
    for check in [inside_output, duplicate_urls] {
        let found = check(plan);
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

/// True for a path that stays inside the folder it is joined to: relative, and
/// no `..` segment (between `/` or `\`, which Windows also reads as a separator).
/// Empty and `.` segments stay inside, and are left as they are.
fn stays_inside(file: &str) -> bool {
    !file.is_empty()
        && !file.split(['/', '\\']).any(|s| s == "..")
        && Path::new(file)
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// An output whose path could lead outside the output folder: an error naming
/// what made it (and the line of an alias).
pub(crate) fn inside_output(plan: &Plan<'_>) -> Vec<Diagnostic> {
    plan.outputs
        .iter()
        .filter(|o| !stays_inside(&o.file))
        .map(|o| {
            o.origin
                .error(format!(
                    "{} would be written to {}, outside the output folder",
                    o.origin, o.path
                ))
                .with_help(
                    "permalinks, slugs, aliases and file names must not climb out of the site with `..`",
                )
        })
        .collect()
}

/// True for outputs made from the site's content (pages, feeds, sitemap,
/// robots.txt, redirects): the ones [`duplicate_urls`] compares.
fn from_content(o: &Output<'_>) -> bool {
    !matches!(
        o.make,
        Make::Css(_) | Make::Embedded(_) | Make::Copy(_) | Make::Image(_)
    )
}

/// Of two outputs, the one an error about both is placed in: an alias (its line
/// is known), else a copied file (the likelier mistake), else one made from a
/// content file.
fn blame<'a, 'p>(a: &'a Output<'p>, b: &'a Output<'p>) -> &'a Output<'p> {
    let rank = |o: &Output<'_>| match (&o.origin, &o.make) {
        (Origin::Alias { .. }, _) => 0,
        (_, Make::Copy(_) | Make::Image(_)) => 1,
        (Origin::Content(_), _) => 2,
        _ => 3,
    };
    if rank(b) < rank(a) {
        b
    } else {
        a
    }
}

/// The diagnostic about `a` and `b`: in the file (and at the line) of the one
/// [`blame`] picks; copied files are named by their site-relative path.
fn error_about(a: &Output<'_>, b: &Output<'_>, message: String) -> Diagnostic {
    let o = blame(a, b);
    match o.make {
        Make::Copy(_) | Make::Image(_) if o.origin.content_file().is_none() => {
            Diagnostic::error(o.origin.to_string(), message)
        }
        _ => o.origin.error(message),
    }
}

/// Two pieces of content written to one URL is an error naming both.
pub(crate) fn duplicate_urls(plan: &Plan<'_>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut seen: HashMap<&str, &Output<'_>> = HashMap::new();
    for o in plan.outputs.iter().filter(|o| from_content(o)) {
        let Some(first) = seen.get(o.file.as_str()) else {
            seen.insert(&o.file, o);
            continue;
        };
        let alias = [o, *first]
            .iter()
            .any(|x| matches!(x.origin, Origin::Alias { .. }));
        let own_url = alias && o.origin.content_file() == first.origin.content_file();
        let message = if own_url {
            format!("the alias {} is the URL the page already has", o.path)
        } else {
            format!(
                "{} and {} would both be written to {}",
                o.origin, first.origin, o.path
            )
        };
        diags.push(error_about(first, o, message).with_help(if alias {
            "change or remove the alias (aliases = [...] in the front matter)"
        } else {
            "give one of them another slug (slug = \"…\" in its front matter)"
        }));
    }
    diags
}

/// A copied file written to the same path as a generated page or another copied
/// file is an error naming both; so is a file standing where the site needs a
/// folder (one error per such file, naming the first output that needs the
/// folder).
pub(crate) fn collisions(plan: &Plan<'_>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut seen: HashMap<&str, &Output<'_>> = HashMap::new();
    for o in &plan.outputs {
        if let Some(first) = seen.insert(o.file.as_str(), o) {
            let message = format!(
                "{} and {} would both be written to {}",
                o.origin, first.origin, o.file
            );
            diags.push(
                error_about(first, o, message)
                    .with_help("rename or move the static file, or give the content another slug"),
            );
        }
    }
    for (dir, first, count) in blocked_folders(plan, &seen) {
        let blocker = seen[dir];
        let others = match count {
            1 => String::new(),
            n => format!(" (and {} more files)", n - 1),
        };
        let message = format!(
            "{} would be written to {}{others}, which needs {dir} to be a folder, but {} is written there",
            first.origin, first.file, blocker.origin
        );
        diags.push(error_about(blocker, first, message).with_help(format!(
            "rename or move one of them: the site needs {dir} for a folder"
        )));
    }
    diags
}

/// Every output path that another output needs as a folder (`atom.xml` and
/// `atom.xml/index.html`): (the path, the first output under it, how many).
fn blocked_folders<'p, 's>(
    plan: &'p Plan<'s>,
    files: &HashMap<&str, &Output<'_>>,
) -> Vec<(&'p str, &'p Output<'s>, usize)> {
    let mut blocked: Vec<(&str, &Output<'s>, usize)> = Vec::new();
    for o in &plan.outputs {
        let mut parent = Path::new(&o.file).parent();
        while let Some(dir) = parent.filter(|d| !d.as_os_str().is_empty()) {
            if let Some(dir) = dir.to_str().filter(|d| files.contains_key(d)) {
                match blocked.iter_mut().find(|(d, _, _)| *d == dir) {
                    Some(entry) => entry.2 += 1,
                    None => blocked.push((dir, o, 1)),
                }
            }
            parent = dir.parent();
        }
    }
    blocked
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_that_stay_inside() {
        for good in [
            "index.html",
            "a/b/index.html",
            "a.b/c",
            "..a/b",
            "a//b",
            "./a",
            "a/./b",
        ] {
            assert!(super::stays_inside(good), "{good}");
        }
        for bad in ["", "../x", "a/../../x", "/etc/x", "a\\..\\b", "..\\x"] {
            assert!(!super::stays_inside(bad), "{bad}");
        }
    }
}
