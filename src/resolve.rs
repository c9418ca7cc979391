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

use crate::config::{BasePath, Config};
use crate::content::ContentSet;
use crate::discover::CONTENT_DIR;
use crate::markdown::{self, ResolvedImage};
use crate::util::links::SiteRoot;

/// Every content file's URL, by its path under `content/`.
#[derive(Debug)]
pub(crate) struct SiteIndex {
    urls: HashMap<String, String>,
    unpublished: HashSet<String>,
    base_path: BasePath,
    site_dir: PathBuf,
    root: SiteRoot,
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
        }
    }

    /// A resolver for one content file: `content_path` is its path under
    /// `content/`, `bundle_url` the URL of its page when it is a page bundle.
    pub(crate) fn for_item<'a>(
        &'a self,
        content_path: &'a str,
        bundle_url: Option<&'a str>,
    ) -> ItemResolver<'a> {
        ItemResolver {
            index: self,
            content_path,
            bundle_url,
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
    bundle_url: Option<&'a str>,
}

impl ItemResolver<'_> {
    fn folder(&self) -> &str {
        self.content_path
            .rsplit_once('/')
            .map_or("", |(dir, _)| dir)
    }

    /// The file on disk and the URL of a relative or root-relative image source.
    fn locate(&self, src: &str) -> (PathBuf, String) {
        let site = &self.index.site_dir;
        if let Some(rest) = src.strip_prefix('/') {
            return (site.join("static").join(rest), self.index.root(src));
        }
        let folder = self.folder();
        let file = site.join(CONTENT_DIR).join(folder).join(src);
        let url = match self.bundle_url {
            Some(page_url) => format!("{page_url}{src}"),
            None if folder.is_empty() => self.index.root(src),
            None => self.index.root(&format!("{folder}/{src}")),
        };
        (file, url)
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
        let (file, url) = self.locate(src);
        // Only files inside the site are read: `../../../etc/x.png` gets no size.
        let size = (self.index.root.contains(&file))
            .then(|| imagesize::size(&file).ok())
            .flatten();
        ResolvedImage {
            url,
            width: size.map(|s| s.width as u32),
            height: size.map(|s| s.height as u32),
        }
    }

    fn root(&self, path: &str) -> String {
        self.index.root(path)
    }
}
