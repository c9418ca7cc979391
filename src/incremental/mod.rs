//! What the dev server keeps between rebuilds, so that a save re-does only what it
//! touched. The pipeline asks a [`Session`] before each costly step when it has
//! one: only `mag serve` does; `mag build` and `mag check` run every step.
//!
//! Every kept result sits under a key that hashes everything it was made from:
//! 1. parsed content items: the file's size, modification time and kind (a
//!    bundle's asset list);
//! 2. rendered article bodies: the file's key, its URL, a fingerprint of the site
//!    index (every content path → URL, so links stay right) and the shortcode
//!    templates;
//! 3. style sheets: every CSS source and the browsers query;
//! 4. templates: every template source, the base path and the asset names;
//! 5. pages: the templates' key, the site's shape and the articles each page
//!    shows, so a page is rendered again when something it shows changed
//!    ([`pages`]).
//!
//! What a key cannot see is cleared by the caller: a mag.toml change clears
//! everything ([`Session::clear`]); a changed image or other non-Markdown file
//! clears the rendered bodies, whose image sizes it may change
//! ([`Session::forget_bodies`]).

pub(crate) mod keys;
mod pages;

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::assets::css::BuiltCss;
use crate::content::Item;
use crate::diagnostics::Diagnostic;
use crate::discover::SourceFile;
use crate::plan::Plan;
use crate::render::{templates::Templates, Views};
use crate::site::{RenderedArticle, Site};
use crate::util::hash::hash_of;
pub(crate) use pages::{PageMemo, PageReuse};

/// What one rebuild did, for the line the dev server prints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Work {
    /// Content files parsed (the others came from the session).
    pub parsed: usize,
    /// Article bodies rendered from Markdown.
    pub bodies: usize,
    /// Whether the style sheets were processed again.
    pub css: bool,
    /// Whether the templates were loaded again.
    pub templates: bool,
    /// Pages rendered through the templates.
    pub pages: usize,
}

/// Results kept between rebuilds of one site (see the module docs).
#[derive(Debug, Default)]
pub(crate) struct Session {
    /// Style sheets keep their plain names (`css/main.css`), so that a CSS change
    /// leaves every page as it was (the dev server sends no-cache headers instead).
    pub(crate) stable_asset_names: bool,
    items: HashMap<String, (u64, Item)>,
    bodies: HashMap<String, (u64, RenderedArticle, Vec<Diagnostic>)>,
    css: Option<(u64, Vec<BuiltCss>)>,
    templates: Option<(u64, Arc<Templates>)>,
    pages: PageMemo,
    /// What the last run did.
    pub work: Work,
}

impl Session {
    /// A session for the dev server: keeps every result, and gives style sheets
    /// stable names.
    pub(crate) fn for_serve() -> Session {
        Session {
            stable_asset_names: true,
            ..Session::default()
        }
    }

    /// Forgets everything (after a mag.toml change).
    pub(crate) fn clear(&mut self) {
        let keep = self.stable_asset_names;
        *self = Session::default();
        self.stable_asset_names = keep;
    }

    /// Forgets the rendered bodies and pages (after a change to an image or another
    /// file that bodies may measure).
    pub(crate) fn forget_bodies(&mut self) {
        self.bodies.clear();
        self.pages = PageMemo::default();
    }

    /// Parses `sources` with `parse`, reusing the items of unchanged files.
    pub(crate) fn parse<F>(
        &mut self,
        sources: &[SourceFile],
        parse: F,
    ) -> Vec<Result<Item, Vec<Diagnostic>>>
    where
        F: Fn(&SourceFile) -> Result<Item, Vec<Diagnostic>> + Sync + Send,
    {
        let mut old = std::mem::take(&mut self.items);
        let keys: Vec<u64> = sources.par_iter().map(source_key).collect();
        // Unchanged files move their item out of the old map: cloned once, for the
        // caller, while the kept copy moves on.
        let reused: Vec<Option<Item>> = sources
            .iter()
            .zip(&keys)
            .map(|(file, key)| match old.remove(&file.content_path) {
                Some((k, item)) if k == *key => Some(item),
                _ => None,
            })
            .collect();
        let results: Vec<Result<Item, Vec<Diagnostic>>> = sources
            .par_iter()
            .zip(reused.par_iter())
            .map(|(file, kept)| match kept {
                Some(item) => Ok(clone_item(item)),
                None => parse(file),
            })
            .collect();
        self.work.parsed = reused.iter().filter(|r| r.is_none()).count();
        let mut kept = HashMap::with_capacity(results.len());
        for ((file, key), (result, old_item)) in
            sources.iter().zip(keys).zip(results.iter().zip(reused))
        {
            let item = match (old_item, result) {
                (Some(item), _) => item,
                (None, Ok(item)) => clone_item(item),
                (None, Err(_)) => continue,
            };
            kept.insert(file.content_path.clone(), (key, item));
        }
        self.items = kept;
        results
    }

    /// Renders `articles` with `render`, reusing the body of every article whose
    /// key (from `key`, combined with its file's key from [`Session::parse`]) is
    /// unchanged.
    pub(crate) fn bodies<A, K, R>(
        &mut self,
        articles: Vec<A>,
        key: K,
        render: R,
    ) -> Vec<(RenderedArticle, Vec<Diagnostic>)>
    where
        A: Send + Sync,
        K: Fn(&A) -> (String, u64) + Sync + Send,
        R: Fn(A) -> (RenderedArticle, Vec<Diagnostic>) + Sync + Send,
    {
        let mut old = std::mem::take(&mut self.bodies);
        // The file's own key (from `parse`) stands for its text.
        let items = &self.items;
        let keyed: Vec<(String, u64)> = articles
            .par_iter()
            .map(|a| {
                let (path, k) = key(a);
                let file = items.get(&path).map(|(f, _)| *f);
                let k = hash_of((k, file));
                (path, k)
            })
            .collect();
        let reused: Vec<Option<(RenderedArticle, Vec<Diagnostic>)>> = keyed
            .iter()
            .map(|(path, k)| match old.remove(path) {
                Some((old_key, r, notes)) if old_key == *k => Some((r, notes)),
                _ => None,
            })
            .collect();
        let results: Vec<(RenderedArticle, Vec<Diagnostic>)> = articles
            .into_par_iter()
            .zip(reused.par_iter())
            .map(|(a, kept)| match kept {
                Some((r, notes)) => (r.clone(), notes.clone()),
                None => render(a),
            })
            .collect();
        self.work.bodies = reused.iter().filter(|r| r.is_none()).count();
        let mut map = HashMap::with_capacity(results.len());
        for ((path, k), (result, kept)) in keyed.into_iter().zip(results.iter().zip(reused)) {
            let (r, notes) = kept.unwrap_or_else(|| result.clone());
            map.insert(path, (k, r, notes));
        }
        self.bodies = map;
        results
    }

    /// The style sheets for `key`, built with `build` when the key changed.
    pub(crate) fn css<F>(&mut self, key: u64, build: F) -> Result<Vec<BuiltCss>, Vec<Diagnostic>>
    where
        F: FnOnce() -> Result<Vec<BuiltCss>, Vec<Diagnostic>>,
    {
        if let Some((k, built)) = &self.css {
            if *k == key {
                self.work.css = false;
                return Ok(built.clone());
            }
        }
        self.work.css = true;
        let built = build()?;
        self.css = Some((key, built.clone()));
        Ok(built)
    }

    /// The templates for `key`, loaded with `load` when the key changed.
    pub(crate) fn templates<F>(
        &mut self,
        key: u64,
        load: F,
    ) -> Result<Arc<Templates>, Vec<Diagnostic>>
    where
        F: FnOnce() -> Result<Templates, Vec<Diagnostic>>,
    {
        if let Some((k, t)) = &self.templates {
            if *k == key {
                self.work.templates = false;
                return Ok(Arc::clone(t));
            }
        }
        self.work.templates = true;
        let loaded = Arc::new(load()?);
        self.templates = Some((key, Arc::clone(&loaded)));
        Ok(loaded)
    }

    /// The page cache of a render of `site` with templates of key `salt`, from
    /// the pages kept last time (give it back with [`Session::keep_pages`]).
    pub(crate) fn page_cache(
        &mut self,
        salt: u64,
        site: &Site,
        views: &Views,
        plan: &Plan<'_>,
    ) -> PageReuse {
        PageReuse::new(std::mem::take(&mut self.pages), salt, site, views, plan)
    }

    /// Keeps the pages of a render for the next one (`fresh`: how many were
    /// rendered anew), or last time's pages when the render failed (`None`).
    pub(crate) fn keep_pages(&mut self, cache: PageReuse, fresh: Option<usize>) {
        match fresh {
            Some(fresh) => {
                self.work.pages = fresh;
                self.pages = cache.finish();
            }
            None => self.pages = cache.abandon(),
        }
    }

    /// Starts a run: resets [`Session::work`].
    pub(crate) fn start(&mut self) {
        self.work = Work::default();
    }
}

/// The key of a source file: its size and modification time (nanoseconds where
/// the file system keeps them; every save changes them, without reading 30 MB of
/// unchanged articles on each rebuild) and its kind. A file whose metadata cannot
/// be read gets a fresh key, so it is parsed and reports its error.
fn source_key(file: &SourceFile) -> u64 {
    let Ok(meta) = std::fs::metadata(&file.path) else {
        return u64::MAX;
    };
    let mut h = DefaultHasher::new();
    (meta.len(), meta.modified().ok()).hash(&mut h);
    #[cfg(unix)]
    std::os::unix::fs::MetadataExt::ino(&meta).hash(&mut h);
    format!("{:?}", file.kind).hash(&mut h);
    h.finish()
}

fn clone_item(item: &Item) -> Item {
    match item {
        Item::Article(a) => Item::Article(a.clone()),
        Item::Issue(i) => Item::Issue(i.clone()),
        Item::Page(p) => Item::Page(p.clone()),
        Item::Author(f) => Item::Author(f.clone()),
    }
}
