//! Files copied as they are: the theme layers' static files (minus style sheets,
//! which are processed), page bundles' assets (beside their article's page) and
//! loose files under `content/` (at the same path in the output).

use std::path::{Path, PathBuf};

use super::{file_output, Make, Origin, Output};
use crate::content::permalink::output_file;
use crate::site::Site;
use crate::theme::{FileSource, Layers};

/// The copied files of `site` and `layers`, in that order: static files, bundle
/// assets, loose content files. Origins are relative to `site_dir`.
pub(super) fn list<'s>(site: &Site, layers: &Layers, site_dir: &Path) -> Vec<Output<'s>> {
    let copied = |path: String, from: &PathBuf| {
        let origin = Origin::Copied(relative(from, site_dir));
        file_output(format!("/{path}"), Make::Copy(from.clone()), origin)
    };
    let mut files = Vec::new();
    for (rel, source) in &layers.statics {
        if rel.ends_with(".css") {
            continue;
        }
        files.push(match source {
            FileSource::Embedded(bytes) => {
                let origin = Origin::Copied(format!("the theme's static/{rel}"));
                file_output(format!("/{rel}"), Make::Embedded(bytes), origin)
            }
            FileSource::Disk(p) => copied(rel.clone(), p),
        });
    }
    for a in &site.articles {
        let Some(dir) = a.article.source.file.path.parent() else {
            continue;
        };
        let page = output_file(&a.article.path);
        let folder = page.rsplit_once('/').map_or("", |(d, _)| d);
        for asset in a.article.bundle_assets() {
            if let Ok(rel) = asset.strip_prefix(dir) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                let path = if folder.is_empty() {
                    rel
                } else {
                    format!("{folder}/{rel}")
                };
                files.push(copied(path, asset));
            }
        }
    }
    for (abs, rel) in &site.loose_files {
        files.push(copied(rel.clone(), abs));
    }
    files
}

/// `path` relative to `site_dir`, with `/` separators, for messages.
fn relative(path: &Path, site_dir: &Path) -> String {
    path.strip_prefix(site_dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}
