//! The site's answers to the Markdown renderer's questions ([`markdown::Resolver`]):
//! where does `@/path.md` live, and where and how big is an image.
//!
//! Filled in from the content model before any body is rendered, then only read.
//!
//! Image sources resolve as follows: a URL with a scheme (or `//host`) is left
//! alone; `/path` is a file under the site's `static/`, served at the base path;
//! a relative path is a file beside the content file: in a page bundle it is one
//! of the bundle's assets, served next to the article's page, otherwise it is a
//! file under `content/`, copied to the same path in the output.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{BasePath, Config};
use crate::content::ContentSet;
use crate::discover::CONTENT_DIR;
use crate::images::{Catalogue, Probe, Variant};
use crate::markdown::{self, ImageCandidate, ResolvedImage};
use crate::util::links::SiteRoot;

/// Every content file's URL, by its path under `content/`.
#[derive(Debug)]
pub(crate) struct SiteIndex {
    urls: HashMap<String, String>,
    unpublished: HashSet<String>,
    base_path: BasePath,
    site_dir: PathBuf,
    root: SiteRoot,
    images: Arc<Catalogue>,
}

impl SiteIndex {
    /// Indexes the URLs of `content`'s articles, issues, pages and contributors. `unpublished`
    /// lists content paths that exist but are left out of this build (drafts,
    /// scheduled articles).
    pub(crate) fn new(
        config: &Config,
        site_dir: &Path,
        content: &ContentSet,
        unpublished: HashSet<String>,
        images: Arc<Catalogue>,
    ) -> Self {
        let mut urls = HashMap::new();
        let entries = content
            .articles
            .iter()
            .map(|a| (&a.source, &a.path))
            .chain(content.issues.iter().map(|i| (&i.source, &i.path)))
            .chain(content.pages.iter().map(|p| (&p.source, &p.path)));
        for (source, path) in entries {
            urls.insert(source.file.content_path.clone(), config.url_path(path));
        }
        for author in &content.authors {
            let path = crate::content::permalink::author_path(&author.slug);
            urls.insert(
                author.source.file.content_path.clone(),
                config.url_path(&path),
            );
        }
        SiteIndex {
            urls,
            unpublished,
            base_path: config.base_path.clone(),
            site_dir: site_dir.to_path_buf(),
            root: SiteRoot::new(site_dir),
            images,
        }
    }

    /// A resolver for one content file: `content_path` is its path under
    /// `content/`, `bundle_path` the site path of its page (`/essays/a/`, no
    /// base path) when it is a page bundle.
    pub(crate) fn for_item<'a>(
        &'a self,
        content_path: &'a str,
        bundle_path: Option<&'a str>,
    ) -> ItemResolver<'a> {
        ItemResolver {
            index: self,
            content_path,
            bundle_path,
        }
    }

    fn root(&self, path: &str) -> String {
        self.base_path.url(path)
    }
}

/// Resolves links and images for one content file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ItemResolver<'a> {
    index: &'a SiteIndex,
    content_path: &'a str,
    bundle_path: Option<&'a str>,
}

impl ItemResolver<'_> {
    fn folder(&self) -> &str {
        self.content_path
            .rsplit_once('/')
            .map_or("", |(dir, _)| dir)
    }

    /// The file on disk and the site path (no base path) of a relative or
    /// root-relative image source.
    fn locate(&self, src: &str) -> (PathBuf, String) {
        let site = &self.index.site_dir;
        let src = &crate::util::url::decode_path(src);
        if let Some(rest) = src.strip_prefix('/') {
            return (site.join("static").join(rest), src.to_string());
        }
        let folder = self.folder();
        let file = site.join(CONTENT_DIR).join(folder).join(src);
        let path = match self.bundle_path {
            Some(page) => {
                let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
                format!("{dir}/{src}")
            }
            None if folder.is_empty() => format!("/{src}"),
            None => format!("/{folder}/{src}"),
        };
        (file, path)
    }

    /// Lead art, a cover or a portrait: as [`markdown::Resolver::image`], with the
    /// copy for social cards.
    pub(crate) fn lead_image(&self, src: &str) -> ResolvedImage {
        let mut image = markdown::Resolver::image(self, src);
        if !image.srcset.is_empty() {
            let (file, path) = self.locate(src);
            image.card = (self.index.images.published(&file, &path))
                .and_then(|p| p.card())
                .map(|v| self.candidate(&v));
        }
        image
    }

    fn candidate(&self, v: &Variant) -> ImageCandidate {
        ImageCandidate {
            url: self.index.root(&crate::util::url::encode_path(&v.path)),
            width: v.width,
            height: v.height,
            mime: v.job.format.mime(),
        }
    }
}

/// True for sources that name another host or are inline data.
fn is_remote(src: &str) -> bool {
    src.contains("://") || src.starts_with("//") || src.starts_with("data:")
}

impl markdown::Resolver for ItemResolver<'_> {
    fn link(&self, content_path: &str) -> Result<String, String> {
        let path = content_path.trim_start_matches('/');
        if let Some(url) = self.index.urls.get(path) {
            return Ok(url.clone());
        }
        if self.index.unpublished.contains(path) {
            return Err(format!(
                "@/{path} is a draft or scheduled article left out of this build"
            ));
        }
        Err(format!(
            "@/{path} does not exist: there is no content/{path}"
        ))
    }

    fn image(&self, src: &str) -> ResolvedImage {
        if is_remote(src) || src.is_empty() {
            return ResolvedImage {
                url: src.to_string(),
                ..Default::default()
            };
        }
        let (file, path) = self.locate(src);
        let url = self.index.root(&crate::util::url::encode_path(&path));
        // Only files inside the site are read: `../../../etc/x.png` gets no size.
        if !self.index.root.contains(&file) {
            return ResolvedImage {
                url,
                ..Default::default()
            };
        }
        let images = &self.index.images;
        images.used_by(&file, &format!("{CONTENT_DIR}/{}", self.content_path));
        if let Some(published) = images.published(&file, &path) {
            let fallback = &published.fallback;
            return ResolvedImage {
                url,
                width: Some(fallback.width),
                height: Some(fallback.height),
                srcset: published.srcset.iter().map(|v| self.candidate(v)).collect(),
                card: None,
            };
        }
        let size = match images.probe(&file) {
            Probe::Raster { width, height, .. } => Some((width, height)),
            Probe::AsIs(size) => size,
            Probe::Unreadable(_) | Probe::TooLarge { .. } => None,
        };
        ResolvedImage {
            url,
            width: size.map(|s| s.0),
            height: size.map(|s| s.1),
            ..Default::default()
        }
    }

    fn root(&self, path: &str) -> String {
        self.index.root(path)
    }
}
