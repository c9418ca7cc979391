//! Tera, loaded with the merged theme layers and mag's template functions.
//!
//! Functions: `url_for(path=…)` gives the root-relative URL of a site path with
//! the base path; a content path (`@/essays/a.md`) is an error that says to use the
//! item's `url` (templates are loaded before content is arranged, so it cannot be
//! resolved here). `asset_url(path=…)` gives the URL of a static file: style sheets
//! (the only files fingerprinted) get their hashed name `css/main.HASH.css`; every
//! other static file of the theme layers its plain URL; a path that is no static
//! file is an error. Filters: see [`super::filters`].
//!
//! [`Templates`] is also the [`ShortcodeHost`] of article bodies: a call
//! `{{ name(…) }}` renders `templates/shortcodes/NAME.html` with the arguments as
//! variables, `body` (a block's rendered Markdown, else null), `body_inline` (the
//! body without its `<p>` when it is one paragraph) and `image` (for a `src`
//! argument: `{url, width, height}`).
//!
//! Render errors are rewritten to name the template file, the line where the
//! missing variable, filter or function is used (found in the template's source,
//! as Tera 1 reports no line at render time) and the content file being rendered.

use std::collections::HashMap;
use std::path::Path;

use tera::{Context, Tera, Value};

use crate::config::BasePath;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::markdown::shortcodes::{HostError, Invocation, ShortcodeHost};
use crate::theme::{FileSource, Layers};

/// A ready template engine.
pub(crate) struct Templates {
    tera: Tera,
    displays: HashMap<String, String>,
    sources: HashMap<String, String>,
    /// What the `image` function answers from: this build's images.
    images: super::image_fn::ImageSlot,
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
    /// Parses every `.html` template of `layers` and registers the functions and
    /// filters, which take the base path, language and smart punctuation from
    /// `settings`.
    ///
    /// `assets` maps logical asset paths (`css/main.css`) to output paths
    /// (`css/main.3f9a1c2e4b.css`). Errors name the template and, for syntax errors,
    /// the line and column Tera reports.
    pub(crate) fn load(
        layers: &Layers,
        site_dir: &Path,
        settings: &super::filters::Settings,
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
        // pulldown-cmark's SIMD escaper (& < > " ') instead of Tera's, which also
        // writes every `/` of a URL as `&#x2F;`: the same safety in quoted
        // attributes and text, readable markup, smaller pages.
        tera.set_escape_fn(crate::markdown::escape);
        // Each template is parsed alone first so that a syntax error names its file;
        // then all are added together, which also resolves inheritance.
        for (name, text) in &sources {
            if let Err(e) = tera::Template::new(name, None, text) {
                let message = chain(&e);
                let d = match syntax_error(&message) {
                    Some((at, what)) => Diagnostic::error(
                        displays[name].clone(),
                        format!("template syntax: {what}"),
                    )
                    .at(at),
                    None => Diagnostic::error(displays[name].clone(), message),
                };
                errors.push(d.with_help("fix the Tera syntax at the line and column shown"));
            }
        }
        let texts: HashMap<String, String> = sources.iter().cloned().collect();
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
        register_functions(&mut tera, &settings.base_path, assets, layers);
        if settings.untrusted {
            // Tera's `get_env` would publish the build's secrets (CI tokens).
            tera.register_function("get_env", |_: &HashMap<String, Value>| {
                Err(tera::Error::msg(
                    "get_env is off in untrusted builds (--untrusted or [security] untrusted = true)",
                ))
            });
        }
        super::filters::register(&mut tera, settings);
        let images = super::image_fn::ImageSlot::default();
        super::image_fn::register(&mut tera, &images);
        Ok(Templates {
            tera,
            displays,
            sources: texts,
            images,
        })
    }

    /// Gives the `image` function this build's images (before pages render).
    pub(crate) fn set_images(&self, table: super::image_fn::ImageTable) {
        if let Ok(mut slot) = self.images.write() {
            *slot = std::sync::Arc::new(table);
        }
    }

    /// Renders template `name` with `context`.
    ///
    /// Errors name the template file (with the line of the missing variable,
    /// filter or function when it can be found) and the content item being
    /// rendered (`for_item`), with Tera's explanation.
    pub(crate) fn render(
        &self,
        name: &str,
        context: &Context,
        for_item: &str,
    ) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| {
            let found = self.explain(&e, name);
            let mut d = Diagnostic::error(
                found.file,
                format!("{} (rendering {for_item})", found.message),
            )
            .with_help(found.help);
            if let Some(at) = found.at {
                d = d.at(at);
            }
            d
        })
    }

    /// The template file, position, message and hint for a render error.
    fn explain(&self, err: &tera::Error, name: &str) -> Explained {
        let message = chain(err);
        let display = |n: &str| {
            self.displays
                .get(n)
                .cloned()
                .unwrap_or_else(|| n.to_string())
        };
        // The template the error happened in: Tera names it in its messages.
        let mut template = between(&message, "(error happened in '", "')")
            .unwrap_or(name)
            .to_string();
        let (what, needles): (String, Vec<String>) =
            if let Some(var) = between(&message, "Variable `", "` not found") {
                if let Some(t) = between(&message, "while rendering '", "'") {
                    template = t.to_string();
                }
                (
                    format!("variable `{var}` is not defined"),
                    vec![var.to_string()],
                )
            } else if let Some(f) = between(&message, "Filter '", "' not found") {
                (
                    format!("unknown filter `{f}`"),
                    vec![format!("| {f}"), format!("|{f}")],
                )
            } else if let Some(f) = between(&message, "Function '", "' not found") {
                (format!("unknown function `{f}`"), vec![format!("{f}(")])
            } else {
                return Explained {
                    file: display(&template),
                    at: None,
                    message,
                    help: HELP_VARIABLE.into(),
                };
            };
        let at = self.sources.get(&template).and_then(|text| {
            let offset = needles.iter().filter_map(|n| text.find(n.as_str())).min()?;
            Some(LineIndex::new(text).line_col(offset))
        });
        let help = if what.starts_with("variable") {
            HELP_VARIABLE
        } else {
            "the filters and functions are Tera's built-ins and mag's: localdate, reading_time, smartypants, markdown_inline, url_for, asset_url"
        };
        Explained {
            file: display(&template),
            at,
            message: format!("{what} in template `{template}`"),
            help: help.into(),
        }
    }

    /// The names of the shortcodes the layers define (`figure`, `sidebar`).
    pub(crate) fn shortcode_names(&self) -> Vec<String> {
        self.displays
            .keys()
            .filter_map(|n| n.strip_prefix("shortcodes/")?.strip_suffix(".html"))
            .map(str::to_string)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    /// True when the theme layers have a template of this name.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.displays.contains_key(name)
    }
}

const HELP_VARIABLE: &str = "a variable that may be missing can be tested with {% if x %} or given a default with x | default(value=\"\"); content/templates.md lists what each template receives";

struct Explained {
    file: String,
    at: Option<(usize, usize)>,
    message: String,
    help: String,
}

/// Registers `url_for` and `asset_url` (see the module documentation).
fn register_functions(
    tera: &mut Tera,
    base_path: &BasePath,
    assets: HashMap<String, String>,
    layers: &Layers,
) {
    let base = base_path.clone();
    tera.register_function("url_for", move |args: &HashMap<String, Value>| {
        let path = string_arg(args, "url_for")?;
        if path.starts_with("@/") {
            return Err(tera::Error::msg(format!(
                "url_for(path=\"{path}\"): url_for takes a path of the site (\"issues/\"), not a content file; use the item's url (article.url, page.url), or link with [text]({path}) in Markdown"
            )));
        }
        Ok(Value::String(base.url(&path)))
    });
    let base = base_path.clone();
    let statics: std::collections::HashSet<String> = layers.statics.keys().cloned().collect();
    tera.register_function("asset_url", move |args: &HashMap<String, Value>| {
        let path = string_arg(args, "asset_url")?;
        let logical = path.trim_start_matches('/');
        let out = match assets.get(logical) {
            Some(hashed) => hashed.as_str(),
            // A CSS partial (`_x.css`) is bundled into its entry points, not published.
            None if statics.contains(logical) && !logical.ends_with(".css") => logical,
            None => {
                return Err(tera::Error::msg(format!(
                    "asset_url(path=\"{path}\"): there is no such file in static/ (of the site or its theme), or it is a CSS partial (`_name.css`), which is bundled, not published"
                )))
            }
        };
        Ok(Value::String(base.url(out)))
    });
}

/// The position and explanation of a Tera syntax error, from the parser's report
/// (`  --> 3:23`, the source line with a caret, `  = expected …`).
fn syntax_error(message: &str) -> Option<((usize, usize), String)> {
    let at = message.split("--> ").nth(1)?;
    let at = at.split_whitespace().next()?;
    let (line, col) = at.split_once(':')?;
    let at = (line.parse().ok()?, col.parse().ok()?);
    let what = message
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("= "))
        .collect::<Vec<_>>()
        .join("; ");
    let what = if what.is_empty() {
        "invalid syntax".to_string()
    } else {
        what
    };
    Some((at, what))
}

/// The text between the first `start` and the next `end` after it.
fn between<'m>(message: &'m str, start: &str, end: &str) -> Option<&'m str> {
    let from = message.find(start)? + start.len();
    let len = message[from..].find(end)?;
    Some(&message[from..from + len])
}

impl ShortcodeHost for Templates {
    fn is_builtin(&self, name: &str) -> bool {
        self.displays
            .get(&format!("shortcodes/{name}.html"))
            .is_some_and(|d| d.starts_with("(default theme)/"))
    }
    fn render(&self, call: &Invocation<'_>) -> Result<String, HostError> {
        let name = format!("shortcodes/{}.html", call.name);
        if !self.has(&name) {
            return Err(HostError::Unknown(self.shortcode_names()));
        }
        let mut context = Context::new();
        for (key, value) in call.args {
            context.insert(key.as_str(), value);
        }
        context.insert("args", call.args);
        context.insert("body", &call.body);
        context.insert("body_inline", &call.body.map(unwrap_paragraph));
        let image = call.image.as_ref().map(|i| {
            serde_json::json!({
                "url": i.url, "width": i.width, "height": i.height,
                "srcset": i.srcset_attr(), "srcset_type": i.srcset_type(),
            })
        });
        context.insert("image", &image);
        self.tera.render(&name, &context).map_err(|e| {
            let found = self.explain(&e, &name);
            let place = match found.at {
                Some((line, col)) => format!("{}:{line}:{col}", found.file),
                None => found.file,
            };
            HostError::Failed(format!("{} ({place})", found.message))
        })
    }
}

/// `<p>text</p>` → `text` when the HTML is exactly one paragraph.
fn unwrap_paragraph(html: &str) -> String {
    let t = html.trim();
    match t.strip_prefix("<p>").and_then(|r| r.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => t.to_string(),
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

#[cfg(test)]
mod tests {
    #[test]
    fn tera_syntax_errors_become_position_and_message() {
        let e = tera::Template::new("a.html", None, "x\n<p>{{ t | }}</p>").unwrap_err();
        let (at, what) = super::syntax_error(&super::chain(&e)).unwrap();
        assert_eq!(at, (2, 11));
        assert!(what.starts_with("expected"), "{what}");
    }
}
