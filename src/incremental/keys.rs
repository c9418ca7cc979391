//! The keys the dev server's cache keeps results under: each hashes everything
//! one result is made from (see [`super`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::config::Config;
use crate::content::ContentSet;
use crate::theme::{FileSource, Layers};
use crate::util::hash::hash_of;

/// What every rendered body depends on besides its own file: each content path's
/// URL (contributor bios included: `@/authors/x.md` links), the unpublished paths
/// (links to them are errors), the untrusted mode, and the shortcode templates with every template
/// they name (a partial they include).
pub(crate) fn bodies(
    config: &Config,
    content: &ContentSet,
    unpublished: &HashSet<String>,
    layers: &Layers,
) -> u64 {
    let urls: Vec<(&str, &str)> = content
        .articles
        .iter()
        .map(|a| (a.source.file.content_path.as_str(), a.path.as_str()))
        .chain(
            content
                .issues
                .iter()
                .map(|i| (i.source.file.content_path.as_str(), i.path.as_str())),
        )
        .chain(
            content
                .pages
                .iter()
                .map(|p| (p.source.file.content_path.as_str(), p.path.as_str())),
        )
        .chain(
            content
                .authors
                .iter()
                .map(|a| (a.source.file.content_path.as_str(), a.slug.as_str())),
        )
        .collect();
    let mut hidden: Vec<&String> = unpublished.iter().collect();
    hidden.sort();
    hash_of((
        config.base_path.as_str(),
        (config.security.untrusted, &config.security.embed_hosts),
        urls,
        hidden,
        shortcode_templates(layers),
    ))
}

/// The shortcode templates and every template they name in quotes (`{% include
/// "partials/x.html" %}`, an import, a parent), recursively: name and bytes of each.
fn shortcode_templates(layers: &Layers) -> Vec<(&String, Option<Vec<u8>>)> {
    let mut wanted: BTreeSet<&String> = layers
        .templates
        .keys()
        .filter(|name| name.starts_with("shortcodes/"))
        .collect();
    let mut todo: Vec<&String> = wanted.iter().copied().collect();
    let mut out = Vec::new();
    while let Some(name) = todo.pop() {
        let bytes = layers.templates[name].read().ok().map(|b| b.into_owned());
        if let Some(text) = bytes.as_deref().map(String::from_utf8_lossy) {
            for other in layers.templates.keys() {
                let quoted = [format!("\"{other}\""), format!("'{other}'")];
                if quoted.iter().any(|q| text.contains(q.as_str())) && wanted.insert(other) {
                    todo.push(other);
                }
            }
        }
        out.push((name, bytes));
    }
    out.sort();
    out
}

/// A key over every layer file whose name ends with `ext` (name and bytes), and
/// `extra`.
fn sources(files: &BTreeMap<String, FileSource>, ext: &str, extra: &str) -> u64 {
    let all: Vec<_> = files
        .iter()
        .filter(|(name, _)| name.ends_with(ext))
        .map(|(name, source)| (name, source.read().ok()))
        .collect();
    hash_of((all, extra))
}

/// The style sheets' key: every CSS source and the browsers query.
pub(crate) fn css(layers: &Layers, config: &Config) -> u64 {
    sources(&layers.statics, ".css", &config.browsers)
}

/// The templates' key: every template source, the base path, the asset names
/// (`css/main.css` → its output path), the static files `asset_url` may name, and
/// what the filters take from the site.
pub(crate) fn templates(layers: &Layers, config: &Config, assets: &HashMap<String, String>) -> u64 {
    let mut names: Vec<_> = assets.iter().collect();
    names.sort();
    let statics: Vec<&String> = layers.statics.keys().collect();
    hash_of((
        sources(&layers.templates, ".html", config.base_path.as_str()),
        (names, statics),
        (
            &config.language,
            config.smart_punctuation,
            config.security.untrusted,
        ),
    ))
}
