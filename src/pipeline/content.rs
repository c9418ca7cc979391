//! The content stage: discover `content/`, parse every file (in parallel, or from
//! the dev server's cache), then select and assemble the [`ContentSet`].

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use super::BuildOptions;
use crate::config::Config;
use crate::content::{self, ContentSet, Item, Selection};
use crate::diagnostics::Diagnostic;
use crate::discover;
use crate::incremental::Session;

/// The content of a site and the content paths left out of this build.
pub(crate) struct Loaded {
    /// What is published.
    pub(crate) content: ContentSet,
    /// Articles and pages left out (drafts, scheduled): links to them are errors.
    pub(crate) unpublished: HashSet<String>,
}

/// Discovers and parses `content/`, applying the draft and date selection.
pub(crate) fn load(
    site_dir: &Path,
    config: &Config,
    options: &BuildOptions,
    cache: Option<&mut Session>,
    diags: &mut Vec<Diagnostic>,
) -> Loaded {
    let found = discover::scan(site_dir);
    diags.extend(found.diagnostics);
    let parse = |file: &discover::SourceFile| content::parse_one(file, config);
    let results = match cache {
        Some(cache) => cache.parse(&found.sources, parse),
        None => found.sources.par_iter().map(parse).collect(),
    };
    let mut items = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(item) => items.push(item),
            Err(mut e) => diags.append(&mut e),
        }
    }
    let all_paths: HashSet<String> = items
        .iter()
        .filter_map(|i| match i {
            Item::Article(a) => Some(a.source.file.content_path.clone()),
            Item::Page(p) => Some(p.source.file.content_path.clone()),
            _ => None,
        })
        .collect();
    let selection = Selection {
        drafts: options.drafts,
        future: options.future,
        now: chrono::Utc::now().fixed_offset(),
    };
    let mut content = content::assemble(items, selection, diags);
    content.loose_files = found.loose_files;
    let kept: HashSet<&String> = content
        .articles
        .iter()
        .map(|a| &a.source.file.content_path)
        .chain(content.pages.iter().map(|p| &p.source.file.content_path))
        .collect();
    let unpublished = all_paths
        .iter()
        .filter(|p| !kept.contains(p))
        .cloned()
        .collect();
    Loaded {
        content,
        unpublished,
    }
}
