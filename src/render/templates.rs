//! Tera, loaded with the merged theme layers and mag's template functions.
//!
//! Functions: `url_for(path=…)` gives the root-relative URL of a site path with
//! the base path; `asset_url(path=…)` gives the URL of a processed asset, with its
//! content hash when it has one (style sheets), else the plain static URL.

use std::collections::HashMap;
use std::path::Path;

use tera::{Context, Tera, Value};

use crate::diagnostics::Diagnostic;
use crate::theme::{FileSource, Layers};

/// A ready template engine.
pub struct Templates {
    tera: Tera,
    displays: HashMap<String, String>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("names", &self.displays.keys())
            .finish()
    }
}

/// The error's message with every cause after it.
fn chain(err: &tera::Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

impl Templates {
    /// Parses every `.html` template of `layers` and registers the functions.
    ///
    /// `assets` maps logical asset paths (`css/main.css`) to output paths
    /// (`css/main.3f9a1c2e4b.css`). Errors name the template and, for syntax errors,
    /// the line and column Tera reports.
    pub fn load(
        layers: &Layers,
        site_dir: &Path,
        base_path: &str,
        assets: HashMap<String, String>,
    ) -> Result<Templates, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut sources = Vec::new();
        let mut displays = HashMap::new();
        for (name, source) in layers
            .templates
            .iter()
            .filter(|(n, _)| n.ends_with(".html"))
        {
            let display = source.display(&format!("templates/{name}"), site_dir);
            match read_text(source) {
                Some(text) => sources.push((name.clone(), text)),
                None => errors.push(Diagnostic::error(
                    display.clone(),
                    "cannot read this template as UTF-8 text",
                )),
            }
            displays.insert(name.clone(), display);
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Each template is parsed alone first so that a syntax error names its file;
        // then all are added together, which also resolves inheritance.
        for (name, text) in &sources {
            if let Err(e) = tera::Template::new(name, None, text) {
                errors.push(
                    Diagnostic::error(displays[name].clone(), chain(&e))
                        .with_help("fix the Tera syntax at the line and column shown"),
                );
            }
        }
        if errors.is_empty() {
            if let Err(e) = tera.add_raw_templates(sources) {
                errors.push(Diagnostic::error(None, chain(&e)).with_help(
                    "check the template names in {% extends %}, {% include %} and {% import %}",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let base = base_path.to_string();
        tera.register_function("url_for", move |args: &HashMap<String, Value>| {
            let path = string_arg(args, "url_for")?;
            Ok(Value::String(format!(
                "{base}{}",
                path.trim_start_matches('/')
            )))
        });
        let base = base_path.to_string();
        tera.register_function("asset_url", move |args: &HashMap<String, Value>| {
            let path = string_arg(args, "asset_url")?;
            let logical = path.trim_start_matches('/');
            let out = assets.get(logical).map_or(logical, String::as_str);
            Ok(Value::String(format!("{base}{out}")))
        });
        Ok(Templates { tera, displays })
    }

    /// Renders template `name` with `context`.
    ///
    /// Errors name the template and the content item being rendered (`for_item`),
    /// with Tera's explanation (a missing variable, an unknown filter).
    pub fn render(
        &self,
        name: &str,
        context: &Context,
        for_item: &str,
    ) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| {
            let display = self.displays.get(name).cloned().unwrap_or_else(|| name.to_string());
            Diagnostic::error(display, format!("{} (rendering {for_item})", chain(&e))).with_help(
                "a variable that may be missing can be tested with {% if x %} or given a default with x | default(value=\"\")",
            )
        })
    }

    /// True when the theme layers have a template of this name.
    pub fn has(&self, name: &str) -> bool {
        self.displays.contains_key(name)
    }
}

fn read_text(source: &FileSource) -> Option<String> {
    source
        .read()
        .ok()
        .and_then(|b| String::from_utf8(b.into_owned()).ok())
}

fn string_arg(args: &HashMap<String, Value>, function: &str) -> tera::Result<String> {
    match args.get("path") {
        Some(Value::String(s)) => Ok(s.clone()),
        _ => Err(tera::Error::msg(format!(
            "{function} needs a path: {function}(path=\"css/main.css\")"
        ))),
    }
}
