//! The outputs of processed images: each JPEG, PNG or WebP file copied from
//! `content/` or `static/` becomes the file at its own path (metadata stripped)
//! and its WebP copies for `srcset`, each made into the image cache first
//! ([`crate::images::Cache::prepare`]) and then copied from there. Lead art,
//! covers and portraits also get the copy social sites show (`og:image`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{file_output, Make, Origin, Output, Plan};
use crate::config::BasePath;
use crate::diagnostics::Diagnostic;
use crate::images::{Cache, Catalogue, Job, Probe, Published, Variant};
use crate::markdown::ResolvedImage;
use crate::site::Site;

/// How one image output is made.
#[derive(Debug)]
pub(crate) struct ImageMake {
    /// What to make.
    pub(crate) job: Job,
    /// Where the cache keeps it.
    pub(crate) cached: PathBuf,
    /// A resized copy (`srcset`, social card), not the file at the image's own path.
    pub(crate) copy: bool,
}

/// The images of a build: what to make them with and which sources were seen.
pub(crate) struct Images<'a> {
    pub(crate) catalogue: &'a Catalogue,
    pub(crate) cache: &'a Cache,
    /// The processed images (for the cards and the `image` function).
    pub(crate) sources: Vec<Published>,
    /// Paths already listed (a card can be one of the `srcset` copies).
    pub(super) listed: HashSet<String>,
}

impl<'a> Images<'a> {
    /// Nothing listed yet.
    pub(crate) fn new(catalogue: &'a Catalogue, cache: &'a Cache) -> Self {
        Images {
            catalogue,
            cache,
            sources: Vec::new(),
            listed: HashSet::new(),
        }
    }

    /// The outputs of the file `from`, published at site path `path` (`/a/b.jpg`)
    /// and named `origin`; `None` when it is copied as it is.
    pub(super) fn outputs<'s>(
        &mut self,
        path: &str,
        from: &Path,
        origin: &Origin,
    ) -> Option<Vec<Output<'s>>> {
        let published = self.catalogue.published(from, path)?;
        let fallback = self.output(&published.fallback, origin, false)?;
        let mut out = vec![fallback];
        for v in &published.srcset {
            out.push(self.output(v, origin, true)?);
        }
        self.sources.push(published);
        Some(out)
    }

    fn output<'s>(&mut self, v: &Variant, origin: &Origin, copy: bool) -> Option<Output<'s>> {
        let cached = self.cache.file_for(&v.job)?;
        self.listed.insert(v.path.clone());
        let make = Make::Image(Box::new(ImageMake {
            job: v.job.clone(),
            cached,
            copy,
        }));
        Some(file_output(v.path.clone(), make, origin.clone()))
    }

    /// The social-card copies of the site's lead art, covers and portraits.
    pub(super) fn cards<'s>(&mut self, site: &Site) -> Vec<Output<'s>> {
        let base = &site.config.base_path;
        let fronts = site
            .articles
            .iter()
            .map(|a| &a.image)
            .chain(site.issues.iter().map(|i| &i.cover))
            .chain(
                site.contributors
                    .iter()
                    .filter_map(|c| c.bio.as_ref().map(|b| &b.image)),
            );
        let mut wanted: Vec<String> = fronts
            .flatten()
            .filter(|i| i.card.is_some())
            .filter_map(|i| site_path(i, base))
            .map(crate::util::url::decode_path)
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut out = Vec::new();
        for path in &wanted {
            let found = self.sources.iter().find(|p| p.fallback.path == *path);
            let Some(card) = found.and_then(Published::card) else {
                continue;
            };
            if self.listed.contains(&card.path) {
                continue;
            }
            let origin = Origin::Copied(format!("the social-card copy of {path}"));
            if let Some(o) = self.output(&card, &origin, true) {
                out.push(o);
            }
        }
        out
    }
}

/// The site path of a resolved local image (its URL without the base path).
fn site_path<'i>(image: &'i ResolvedImage, base: &BasePath) -> Option<&'i str> {
    let rest = image.url.strip_prefix(base.as_str())?;
    let start = image.url.len() - rest.len() - 1;
    Some(&image.url[start..])
}

/// A warning for each JPEG, PNG or WebP file copied as it is because mag cannot
/// read it, and an error for each that claims more pixels than `[images]
/// max_pixels`, naming the content files that place it.
pub(crate) fn problems(plan: &Plan<'_>, catalogue: &Catalogue, site_dir: &Path) -> Vec<Diagnostic> {
    if !catalogue.settings().resize {
        return Vec::new();
    }
    let mut diags = Vec::new();
    for o in &plan.outputs {
        let Make::Copy(from) = &o.make else { continue };
        if !crate::images::is_raster(&o.path) {
            continue;
        }
        let file = crate::util::site_relative(from, site_dir);
        let used = catalogue.placed_by(from);
        match catalogue.probe(from) {
            Probe::Unreadable(why) => diags.push(
                Diagnostic::warning(file, format!("mag cannot read this image: {why}{used}; it is published as it is, without width, height or resized copies"))
                    .with_help("it may be damaged or cut short: save it again as JPEG, PNG or WebP; or, if it is another format, give it that format's extension"),
            ),
            Probe::TooLarge { width, height } => diags.push(
                Diagnostic::error(
                    file,
                    format!(
                        "the image claims {width} × {height} pixels ({} megapixels), more than the {} megapixels mag decodes{used}",
                        u64::from(width) * u64::from(height) / 1_000_000,
                        catalogue.settings().max_pixels / 1_000_000
                    ),
                )
                .with_help("scale it down before publishing it, or, if it is a real image this large, raise [images] max_pixels in mag.toml"),
            ),
            Probe::Raster { .. } | Probe::AsIs(_) => {}
        }
    }
    diags
}

impl Plan<'_> {
    /// Every image output with its cache file, for [`Cache::prepare`].
    pub(crate) fn image_jobs(&self) -> Vec<(&Job, &Path)> {
        self.outputs
            .iter()
            .filter_map(|o| match &o.make {
                Make::Image(m) => Some((&m.job, m.cached.as_path())),
                _ => None,
            })
            .collect()
    }
}
