//! Making the files of one source image: the original without its metadata,
//! and resized copies (decoded once, turned upright by EXIF orientation, scaled
//! with a Lanczos3 filter, encoded as WebP with libwebp, or as JPEG or PNG).
//!
//! Metadata: EXIF, XMP, IPTC and comments are dropped from every file written
//! (they carry GPS coordinates, camera serial numbers, names); the ICC colour
//! profile is kept, so colours stay as the photographer saw them.

use std::io::Cursor;
use std::path::Path;

use fast_image_resize::images::Image as ResizeImage;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader, Limits};
use img_parts::{Bytes, DynImage, ImageICC};

use super::{Format, Job};

/// JPEG quality of JPEG copies (cards for social sites, `keep_originals =
/// false`): high enough that a re-encoded photograph shows no blocking.
const JPEG_QUALITY: u8 = 85;

/// A source decoded once, upright, as 8-bit RGB or RGBA.
struct Decoded {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
    alpha: bool,
    icc: Option<Vec<u8>>,
    /// A drawing (a PNG with a palette): its WebP copies are lossless, which
    /// keeps flat colours and edges clean and is smaller than lossy WebP there.
    drawing: bool,
}

/// True for a PNG whose header says it has a palette (colour type 3, PNG §11.2.2).
fn is_indexed_png(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        && bytes.get(12..16) == Some(&b"IHDR"[..])
        && bytes.get(25) == Some(&3)
}

/// The bytes of each of `jobs`, all from `source` (its file bytes), in order.
/// `quality` is the WebP quality; `max_pixels` bounds what is decoded.
///
/// Errors: a sentence saying why the image cannot be decoded or encoded.
pub(crate) fn make(
    source: &[u8],
    jobs: &[&Job],
    quality: u8,
    max_pixels: u64,
) -> Result<Vec<Vec<u8>>, String> {
    let mut decoded: Option<Decoded> = None;
    let mut out = Vec::with_capacity(jobs.len());
    for job in jobs {
        if job.width.is_none() {
            if let Some(bytes) = stripped(source)? {
                out.push(bytes);
                continue;
            }
        }
        if decoded.is_none() {
            decoded = Some(decode(source, max_pixels)?);
        }
        let image = decoded.as_ref().ok_or("internal error: no decoded image")?;
        out.push(encode(image, job, quality)?);
    }
    Ok(out)
}

/// The file without its metadata, when nothing else needs to change (its EXIF
/// orientation, if any, is "upright"); `None` when it must be re-encoded.
fn stripped(source: &[u8]) -> Result<Option<Vec<u8>>, String> {
    if source.starts_with(&[0xFF, 0xD8]) {
        let clean = super::jpeg::strip(source)?;
        if orientation(source) != Orientation::NoTransforms {
            return Ok(None);
        }
        return Ok(Some(clean));
    }
    if orientation(source) != Orientation::NoTransforms {
        return Ok(None);
    }
    let Ok(Some(image)) = DynImage::from_bytes(Bytes::copy_from_slice(source)) else {
        return Err("its file structure cannot be read".into());
    };
    let image = match image {
        // Handled above, by `jpeg::strip`.
        DynImage::Jpeg(jpeg) => DynImage::Jpeg(jpeg),
        DynImage::Png(mut png) => {
            for kind in [*b"eXIf", *b"tEXt", *b"zTXt", *b"iTXt", *b"tIME"] {
                png.remove_chunks_by_type(kind);
            }
            DynImage::Png(png)
        }
        DynImage::WebP(mut webp) => {
            img_parts::ImageEXIF::set_exif(&mut webp, None);
            webp.remove_chunks_by_id(*b"XMP ");
            DynImage::WebP(webp)
        }
    };
    let mut bytes = Vec::new();
    image
        .encoder()
        .write_to(&mut bytes)
        .map_err(|e| e.to_string())?;
    Ok(Some(bytes))
}

/// The EXIF orientation of an encoded image (upright when it has none).
fn orientation(source: &[u8]) -> Orientation {
    ImageReader::new(Cursor::new(source))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_decoder().ok())
        .and_then(|mut d| d.orientation().ok())
        .unwrap_or(Orientation::NoTransforms)
}

/// Decodes `source`, turned upright, as 8-bit RGB or RGBA.
fn decode(source: &[u8], max_pixels: u64) -> Result<Decoded, String> {
    // The decoder fills a missing end with grey instead of failing, which would
    // publish a half-grey photograph.
    if source.starts_with(&[0xFF, 0xD8]) {
        super::jpeg::strip(source)?;
    }
    let mut reader = ImageReader::new(Cursor::new(source))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut limits = Limits::default();
    // Eight bytes a pixel covers 16-bit RGBA, the widest the decoders produce.
    limits.max_alloc = Some(max_pixels.saturating_mul(8));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    let alpha = image.color().has_alpha();
    let (width, height) = (image.width(), image.height());
    let pixels = if alpha {
        image.into_rgba8().into_raw()
    } else {
        image.into_rgb8().into_raw()
    };
    Ok(Decoded {
        width,
        height,
        pixels,
        alpha,
        icc,
        drawing: is_indexed_png(source),
    })
}

/// The bytes of one job from the decoded image.
fn encode(image: &Decoded, job: &Job, quality: u8) -> Result<Vec<u8>, String> {
    let resized;
    let (pixels, width, height) = match job.width {
        Some(w) if w < image.width => {
            let (w, h) = super::scaled(image.width, image.height, w);
            resized = resize(image, w, h)?;
            (resized.as_slice(), w, h)
        }
        _ => (image.pixels.as_slice(), image.width, image.height),
    };
    let color = if image.alpha {
        image::ExtendedColorType::Rgba8
    } else {
        image::ExtendedColorType::Rgb8
    };
    let icc = image.icc.clone();
    let mut out = Vec::new();
    match job.format {
        Format::Webp => {
            let encoder = if image.alpha {
                webp::Encoder::from_rgba(pixels, width, height)
            } else {
                webp::Encoder::from_rgb(pixels, width, height)
            };
            let memory = encoder
                .encode_simple(image.drawing, f32::from(quality))
                .map_err(|e| format!("WebP encoding failed: {e:?}"))?;
            out.extend_from_slice(&memory);
            if let Some(icc) = icc {
                out = with_icc(out, icc)?;
            }
        }
        Format::Jpeg => {
            let mut encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            if let Some(icc) = icc {
                let _ = encoder.set_icc_profile(icc);
            }
            // JPEG has no alpha: an RGBA source (rare for a JPEG) is flattened.
            if image.alpha {
                let rgb: Vec<u8> = pixels
                    .chunks_exact(4)
                    .flat_map(|p| [p[0], p[1], p[2]])
                    .collect();
                encoder.write_image(&rgb, width, height, image::ExtendedColorType::Rgb8)
            } else {
                encoder.write_image(pixels, width, height, color)
            }
            .map_err(|e| e.to_string())?;
        }
        Format::Png => {
            let mut encoder = image::codecs::png::PngEncoder::new(&mut out);
            if let Some(icc) = icc {
                let _ = encoder.set_icc_profile(icc);
            }
            encoder
                .write_image(pixels, width, height, color)
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(out)
}

/// A WebP file with `icc` as its colour profile.
fn with_icc(webp: Vec<u8>, icc: Vec<u8>) -> Result<Vec<u8>, String> {
    let mut file =
        img_parts::webp::WebP::from_bytes(Bytes::from(webp)).map_err(|e| e.to_string())?;
    file.set_icc_profile(Some(Bytes::from(icc)));
    let mut out = Vec::new();
    file.encoder()
        .write_to(&mut out)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// `image` scaled to `w` × `h` with a Lanczos3 filter.
fn resize(image: &Decoded, w: u32, h: u32) -> Result<Vec<u8>, String> {
    let pixel = if image.alpha {
        PixelType::U8x4
    } else {
        PixelType::U8x3
    };
    let src =
        fast_image_resize::images::ImageRef::new(image.width, image.height, &image.pixels, pixel)
            .map_err(|e| e.to_string())?;
    let mut dst = ResizeImage::new(w, h, pixel);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(|e| e.to_string())?;
    Ok(dst.into_vec())
}

/// Writes `bytes` to `target` through a temporary file beside it, so a reader
/// never sees half a file.
pub(crate) fn write_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = target.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, target).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_pngs_are_drawings() {
        let mut header = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x10\0\0\0\x10\x08\x03".to_vec();
        assert!(is_indexed_png(&header));
        header[25] = 2;
        assert!(!is_indexed_png(&header));
    }
}
