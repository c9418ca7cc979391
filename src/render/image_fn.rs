//! The `image` template function: a published image's resized copies, for
//! themes that lay out images their own way (art direction, grids, cards).
//!
//! `image(path="/essays/a/lead.jpg")` (the image's URL, with or without the base
//! path; `article.image.url` works) returns `url`, `permalink`, `width`,
//! `height`, `srcset` and `srcset_type`; with `width=W` it returns instead the
//! narrowest WebP copy at least `W` pixels wide (the widest there is when none
//! is), and with `format="original"` the file at the image's own path. Copies
//! exist only at the widths of `[images] widths`: the function picks among them,
//! it makes none. An image mag does not resize (SVG, GIF, remote) comes back as
//! it is, with no size and an empty `srcset`.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use serde_json::json;
use tera::Value;

use crate::config::Config;
use crate::images::Published;
use crate::render::absolute;

/// Every processed image of a build, by site path; refreshed before each render.
#[derive(Debug, Default)]
pub(crate) struct ImageTable {
    images: HashMap<String, Published>,
    base_path: String,
    origin: String,
}

impl ImageTable {
    /// The table of `sources` (every processed image of the plan).
    pub(crate) fn new(sources: &[Published], config: &Config) -> ImageTable {
        let images = sources
            .iter()
            .map(|p| (p.fallback.path.clone(), p.clone()))
            .collect();
        ImageTable {
            images,
            base_path: config.base_path.as_str().to_string(),
            origin: absolute::url(config, "/").trim_end_matches('/').to_string(),
        }
    }

    fn url(&self, path: &str) -> String {
        let path = crate::util::url::encode_path(path);
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }

    /// The function's answer for `args`.
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let Some(Value::String(asked)) = args.get("path") else {
            return Err(tera::Error::msg(
                "image needs path=\"…\": the image's URL, as in image(path=article.image.url)",
            ));
        };
        let local = asked.strip_prefix(self.origin.as_str()).unwrap_or(asked);
        let path = match local.strip_prefix(self.base_path.as_str()) {
            Some(rest) if self.base_path != "/" => format!("/{rest}"),
            _ => local.to_string(),
        };
        let width = match args.get("width") {
            None => None,
            Some(w) => Some(w.as_u64().filter(|w| *w > 0).ok_or_else(|| {
                tera::Error::msg(format!("image(path=\"{asked}\", width={w}): width is a whole number of pixels, as in width=600"))
            })?),
        };
        let Some(image) = self.images.get(&crate::util::url::decode_path(&path)) else {
            // Not resized (SVG, GIF, another site's image): the image as it is.
            return Ok(json!({
                "url": asked, "permalink": asked, "width": null, "height": null,
                "srcset": "", "srcset_type": "",
            }));
        };
        let fallback = &image.fallback;
        let format = args.get("format").and_then(Value::as_str).unwrap_or("webp");
        let chosen = match (width, format) {
            (_, "original") => fallback,
            (Some(w), "webp") => image
                .srcset
                .iter()
                .find(|v| u64::from(v.width) >= w)
                .or(image.srcset.last())
                .unwrap_or(fallback),
            (None, "webp") => fallback,
            (_, other) => {
                return Err(tera::Error::msg(format!(
                    "image(path=\"{asked}\", format=\"{other}\"): format is \"webp\" (the resized copies) or \"original\""
                )))
            }
        };
        let srcset: Vec<String> = image
            .srcset
            .iter()
            .map(|v| format!("{} {}w", self.url(&v.path), v.width))
            .collect();
        let url = self.url(&chosen.path);
        Ok(json!({
            "url": url,
            "permalink": format!("{}{url}", self.origin),
            "width": chosen.width,
            "height": chosen.height,
            "srcset": srcset.join(", "),
            "srcset_type": if srcset.is_empty() { "" } else { "image/webp" },
        }))
    }
}

/// The slot the function reads: the pipeline puts each build's table in it.
pub(crate) type ImageSlot = Arc<RwLock<Arc<ImageTable>>>;

/// Registers `image` on `tera`, reading `slot`.
pub(crate) fn register(tera: &mut tera::Tera, slot: &ImageSlot) {
    let slot = Arc::clone(slot);
    tera.register_function("image", move |args: &HashMap<String, Value>| {
        let table = slot
            .read()
            .map(|t| Arc::clone(&t))
            .map_err(|_| tera::Error::msg("internal error: the image table is poisoned"))?;
        table.call(args)
    });
}
