//! The assets stage: the style sheets (lightningcss) and the templates (Tera),
//! each from the dev server's cache when its sources did not change. Templates
//! come before the Markdown stage: they render the bodies' shortcodes.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use lightningcss::targets::Targets;

use crate::assets::css::{self, BuiltCss};
use crate::config::{self, Config};
use crate::diagnostics::Diagnostic;
use crate::incremental::{keys, Session};
use crate::render::filters;
use crate::render::templates::Templates;
use crate::theme::Layers;

/// The processed style sheets and the loaded templates.
pub(crate) struct Assets {
    /// Every style sheet to write.
    pub(crate) css: Vec<BuiltCss>,
    /// The template engine.
    pub(crate) templates: Arc<Templates>,
    /// The templates' cache key (0 without a cache).
    pub(crate) templates_key: u64,
}

/// The browsers the style sheets are made for, from mag.toml's `browsers`.
///
/// Errors when the query is not valid browserslist syntax.
pub(crate) fn targets(config: &Config) -> Result<Targets, Diagnostic> {
    css::targets(&config.browsers)
        .map_err(|m| Diagnostic::error(config::CONFIG_FILE.to_string(), m))
}

/// Builds the style sheets for `targets` and loads the templates.
///
/// Errors: CSS errors, template syntax errors.
pub(crate) fn build(
    site_dir: &Path,
    (config, targets): (&Config, Targets),
    layers: &Layers,
    mut cache: Option<&mut Session>,
) -> Result<Assets, Vec<Diagnostic>> {
    let build_css = || css::build(&layers.statics, targets, site_dir);
    let mut built = match cache.as_deref_mut() {
        Some(cache) => cache.css(keys::css(layers, config), build_css)?,
        None => build_css()?,
    };
    if cache.as_deref().is_some_and(|c| c.stable_asset_names) {
        // Only the plain copy (`css/main.css`): pages then stay the same when a
        // style sheet changes.
        built.retain(|c| c.output == c.logical);
    }
    let assets: HashMap<String, String> = built
        .iter()
        .map(|c| (c.logical.clone(), c.output.clone()))
        .collect();
    let settings = filters::Settings {
        language: config.language.clone(),
        base_path: config.base_path.clone(),
        smart_punctuation: config.smart_punctuation,
        untrusted: config.security.untrusted,
    };
    let (templates, templates_key) = match cache {
        Some(cache) => {
            let key = keys::templates(layers, config, &assets);
            let load = || Templates::load(layers, site_dir, &settings, assets);
            (cache.templates(key, load)?, key)
        }
        None => (
            Arc::new(Templates::load(layers, site_dir, &settings, assets)?),
            0,
        ),
    };
    Ok(Assets {
        css: built,
        templates,
        templates_key,
    })
}
