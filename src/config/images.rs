//! `[images]` in mag.toml: how mag resizes the images it places (the manual's
//! Images page).

use std::path::PathBuf;

use serde::Deserialize;

use super::config_error;
use super::locate::{Key, Locator};
use crate::diagnostics::Diagnostic;

/// The widths, in CSS pixels, of the resized copies when mag.toml names none:
/// a phone at 1× and 2×, a laptop's column, and wide figures on large screens.
pub(crate) const DEFAULT_WIDTHS: &[u32] = &[480, 800, 1200, 1600, 2000];
/// WebP quality (libwebp's 0–100 scale) when mag.toml names none: the lowest
/// with the SSIM of a JPEG at 85 and a SSIMULACRA2 of 75 over real photographs
/// (`scripts/image_quality.py`; the manual's Images page has the figures).
pub(crate) const DEFAULT_QUALITY: u8 = 85;
/// Images larger than this many pixels are refused before they are decoded.
pub(crate) const DEFAULT_MAX_PIXELS: u64 = 100_000_000;
/// The cache folder, relative to the site folder.
pub(crate) const DEFAULT_CACHE: &str = ".mag-cache/images";

/// `[images]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawImages {
    #[serde(default = "yes")]
    resize: bool,
    widths: Option<Vec<i64>>,
    quality: Option<i64>,
    #[serde(default = "yes")]
    keep_originals: bool,
    max_pixels: Option<i64>,
    cache: Option<String>,
}

impl Default for RawImages {
    fn default() -> Self {
        RawImages {
            resize: true,
            widths: None,
            quality: None,
            keep_originals: true,
            max_pixels: None,
            cache: None,
        }
    }
}

fn yes() -> bool {
    true
}

/// How mag treats the images it places (`[images]`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Images {
    /// Write resized copies and `srcset` (`resize = false` copies images as they are).
    pub resize: bool,
    /// The widths of the resized copies, in pixels, narrowest first, no repeats.
    pub widths: Vec<u32>,
    /// Lossy WebP quality, 1–100.
    pub quality: u8,
    /// Publish JPEG and PNG originals (metadata stripped) as the `<img>` fallback;
    /// when false the file at the original's URL is the largest width instead.
    pub keep_originals: bool,
    /// The largest image, in pixels (width × height), mag decodes.
    pub max_pixels: u64,
    /// The cache folder, relative to the site folder unless absolute.
    pub cache: PathBuf,
}

impl Default for Images {
    fn default() -> Self {
        Images {
            resize: true,
            widths: DEFAULT_WIDTHS.to_vec(),
            quality: DEFAULT_QUALITY,
            keep_originals: true,
            max_pixels: DEFAULT_MAX_PIXELS,
            cache: PathBuf::from(DEFAULT_CACHE),
        }
    }
}

/// `[images]`, defaults filled in; each value out of range is an error at its key.
pub(super) fn images(raw: RawImages, at: &Locator<'_>, errors: &mut Vec<Diagnostic>) -> Images {
    let key = |path: &[Key<'_>]| {
        let mut full = vec![Key::Name("images")];
        full.extend_from_slice(path);
        at.at(&full)
    };
    let mut widths = Vec::new();
    for (i, w) in raw
        .widths
        .unwrap_or_else(|| DEFAULT_WIDTHS.iter().map(|&w| i64::from(w)).collect())
        .into_iter()
        .enumerate()
    {
        match u32::try_from(w) {
            Ok(w) if (16..=10_000).contains(&w) => widths.push(w),
            _ => errors.push(config_error(
                key(&[Key::Name("widths"), Key::Index(i)]),
                format!("[images] widths: {w} is not a width mag can make"),
                "give widths in pixels between 16 and 10000, as in widths = [480, 800, 1200, 1600, 2000]",
            )),
        }
    }
    widths.sort_unstable();
    widths.dedup();
    let quality = raw.quality.unwrap_or(i64::from(DEFAULT_QUALITY));
    let quality = u8::try_from(quality).ok().filter(|q| (1..=100).contains(q)).unwrap_or_else(|| {
        errors.push(config_error(
            key(&[Key::Name("quality")]),
            format!("[images] quality = {quality} is outside 1–100"),
            &format!("WebP quality runs from 1 (smallest) to 100 (best); the default is {DEFAULT_QUALITY}"),
        ));
        DEFAULT_QUALITY
    });
    let max_pixels = raw.max_pixels.unwrap_or(DEFAULT_MAX_PIXELS as i64);
    let max_pixels = u64::try_from(max_pixels)
        .ok()
        .filter(|&p| p > 0)
        .unwrap_or_else(|| {
            errors.push(config_error(
                key(&[Key::Name("max_pixels")]),
                format!("[images] max_pixels = {max_pixels} must be a positive number of pixels"),
                "the default, 100_000_000, allows a 12,000 × 8,000 photograph",
            ));
            DEFAULT_MAX_PIXELS
        });
    let cache = raw.cache.unwrap_or_else(|| DEFAULT_CACHE.to_string());
    if let Some(why) = misplaced_cache(&cache) {
        errors.push(config_error(
            key(&[Key::Name("cache")]),
            format!("[images] cache = \"{cache}\" {why}"),
            &format!("name a folder of its own, as in cache = \"{DEFAULT_CACHE}\" (relative to the site folder) or an absolute path"),
        ));
    }
    Images {
        resize: raw.resize,
        widths,
        quality,
        keep_originals: raw.keep_originals,
        max_pixels,
        cache: PathBuf::from(cache),
    }
}

/// Why a cache folder cannot be used: empty, the site folder or above it, or
/// inside a folder mag reads or writes (its files would be published, read as
/// content, or wiped with the output).
fn misplaced_cache(cache: &str) -> Option<&'static str> {
    use std::path::Component;
    let path = std::path::Path::new(cache);
    let mut normal = path.components().filter_map(|c| match c {
        Component::Normal(n) => Some(n.to_string_lossy()),
        _ => None,
    });
    let climbs = path.components().any(|c| c == Component::ParentDir);
    let inside = ["content", "static", "templates", "themes", "public"];
    match normal.next() {
        None if cache.trim().is_empty() => Some("is empty"),
        None => Some("is the site folder or a folder above it"),
        Some(_) if path.is_absolute() || climbs => None,
        Some(first) if inside.contains(&first.as_ref()) => Some(
            "is inside a folder mag reads or writes (content, static, templates, themes, public)",
        ),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::misplaced_cache;

    #[test]
    fn the_cache_has_a_folder_of_its_own() {
        assert_eq!(misplaced_cache(".mag-cache/images"), None);
        assert_eq!(misplaced_cache("/var/cache/mag"), None);
        assert_eq!(misplaced_cache("../shared-cache"), None);
        assert!(misplaced_cache(".").is_some());
        assert!(misplaced_cache("").is_some());
        assert!(misplaced_cache("static/cache").is_some());
        assert!(misplaced_cache("public/x").is_some());
        assert!(misplaced_cache("./content").is_some());
    }
}
