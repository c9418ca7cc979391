//! What an image file is, from its header alone: its format, its size as shown
//! (EXIF orientation applied) and whether mag can process it. Nothing is decoded.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use image::{ImageDecoder, ImageFormat, ImageReader};

use super::{svg, Format};

/// What an image file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Probe {
    /// A JPEG, PNG or still WebP mag resizes: its format and its size in pixels
    /// as shown (a photograph turned by its EXIF orientation has width and
    /// height swapped).
    Raster {
        format: Format,
        width: u32,
        height: u32,
    },
    /// An image published as it is (GIF, SVG, animated PNG or WebP, AVIF…), with
    /// its size when known.
    AsIs(Option<(u32, u32)>),
    /// Not an image mag can read: why.
    Unreadable(String),
    /// More pixels than `[images] max_pixels`: its claimed size.
    TooLarge { width: u32, height: u32 },
}

/// Reads the header of `file`; `max_pixels` bounds the size mag accepts.
pub(crate) fn probe(file: &Path, max_pixels: u64) -> Probe {
    let name = file.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".svg") {
        return Probe::AsIs(svg::size(file));
    }
    if !super::is_raster(&name) {
        return Probe::AsIs(
            imagesize::size(file)
                .ok()
                .map(|s| (s.width as u32, s.height as u32)),
        );
    }
    match raster(file, max_pixels) {
        Ok(probe) => probe,
        Err(why) => Probe::Unreadable(why),
    }
}

fn raster(file: &Path, max_pixels: u64) -> Result<Probe, String> {
    let reader = ImageReader::open(file)
        .map_err(|e| e.to_string())?
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = match reader.format() {
        Some(ImageFormat::Jpeg) => Format::Jpeg,
        Some(ImageFormat::Png) => Format::Png,
        Some(ImageFormat::WebP) => Format::Webp,
        Some(ImageFormat::Gif) => {
            return Ok(Probe::AsIs(size_only(file)));
        }
        Some(other) => {
            return Err(format!(
                "it is a {} file with a JPEG, PNG or WebP name",
                other
                    .extensions_str()
                    .first()
                    .copied()
                    .unwrap_or("different")
                    .to_uppercase()
            ))
        }
        None => return Err("it is not a JPEG, PNG or WebP image".into()),
    };
    // The claimed size is checked before the decoder allocates anything for it.
    if let Some((w, h)) = size_only(file) {
        if u64::from(w) * u64::from(h) > max_pixels {
            return Ok(Probe::TooLarge {
                width: w,
                height: h,
            });
        }
    }
    if animated(file, format) {
        return Ok(Probe::AsIs(size_only(file)));
    }
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > max_pixels {
        return Ok(Probe::TooLarge {
            width: w,
            height: h,
        });
    }
    if w == 0 || h == 0 {
        return Err("it has no pixels".into());
    }
    let turned = matches!(
        decoder.orientation(),
        Ok(image::metadata::Orientation::Rotate90
            | image::metadata::Orientation::Rotate270
            | image::metadata::Orientation::Rotate90FlipH
            | image::metadata::Orientation::Rotate270FlipH)
    );
    let (width, height) = if turned { (h, w) } else { (w, h) };
    Ok(Probe::Raster {
        format,
        width,
        height,
    })
}

/// The size in the header, without the decoder.
fn size_only(file: &Path) -> Option<(u32, u32)> {
    imagesize::size(file)
        .ok()
        .map(|s| (s.width as u32, s.height as u32))
}

/// True for an animated PNG or WebP, which is published as it is (resizing
/// would keep only its first frame).
fn animated(file: &Path, format: Format) -> bool {
    let Ok(f) = File::open(file) else {
        return false;
    };
    let reader = BufReader::new(f);
    match format {
        Format::Png => image::codecs::png::PngDecoder::new(reader)
            .and_then(|d| d.is_apng())
            .unwrap_or(false),
        Format::Webp => image::codecs::webp::WebPDecoder::new(reader)
            .map(|d| d.has_animation())
            .unwrap_or(false),
        Format::Jpeg => false,
    }
}
