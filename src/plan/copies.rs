//! Files copied as they are: the theme layers' static files (minus style sheets,
//! which are processed), page bundles' assets (beside their article's page) and
//! loose files under `content/` (at the same path in the output).

use std::path::{Path, PathBuf};

use super::images::Images;
use super::{file_output, Make, Origin, Output};
use crate::content::permalink::output_file;
use crate::site::Site;
use crate::theme::{FileSource, Layers};

/// The copied files of `site` and `layers`, in that order: static files, bundle
/// assets, loose content files. Origins are relative to `site_dir`. JPEG, PNG
/// and WebP files become their processed outputs ([`Images`]) instead of copies.
pub(super) fn list<'s>(
    site: &Site,
    layers: &Layers,
    site_dir: &Path,
    images: &mut Images<'_>,
) -> Vec<Output<'s>> {
    let mut files = Vec::new();
    let mut copied = |path: String, from: &PathBuf, files: &mut Vec<Output<'s>>| {
        let origin = Origin::Copied(crate::util::site_relative(from, site_dir));
        let path = format!("/{path}");
        match images.outputs(&path, from, &origin) {
            Some(outputs) => files.extend(outputs),
            None => files.push(file_output(path, Make::Copy(from.clone()), origin)),
        }
    };
    for (rel, source) in &layers.statics {
        if rel.ends_with(".css") {
            continue;
        }
        match source {
            FileSource::Embedded(bytes) => {
                let origin = Origin::Copied(format!("the theme's static/{rel}"));
                files.push(file_output(
                    format!("/{rel}"),
                    Make::Embedded(bytes),
                    origin,
                ));
            }
            FileSource::Disk(p) => copied(rel.clone(), p, &mut files),
        }
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
                copied(path, asset, &mut files);
            }
        }
    }
    for (abs, rel) in &site.loose_files {
        copied(rel.clone(), abs, &mut files);
    }
    files
}
