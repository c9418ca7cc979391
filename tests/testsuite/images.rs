//! Images (issue 14): every JPEG, PNG and WebP image mag places gets WebP copies
//! at the configured widths, offered with `srcset` and `sizes`, with its metadata
//! stripped and its EXIF orientation honoured; the copies are made once into a
//! cache; bad images give clear messages.

use std::io::Cursor;

use img_parts::{Bytes, ImageEXIF};

use crate::figures::png;
use crate::support::*;

/// A JPEG photograph-like file of `width` × `height`: a smooth gradient with noise.
fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        let n = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) % 23;
        image::Rgb([
            ((x * 255 / width.max(1)) as u8).saturating_add(n as u8),
            (y * 255 / height.max(1)) as u8,
            128,
        ])
    });
    let mut bytes = Vec::new();
    img.write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Jpeg)
        .unwrap();
    bytes
}

/// A little-endian TIFF block (EXIF without its `Exif\0\0` prefix) with a camera
/// make, an orientation and GPS coordinates, as a phone writes them.
fn exif(orientation: u16) -> Vec<u8> {
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend_from_slice(&8u32.to_le_bytes());
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&kind.to_le_bytes());
        t.extend_from_slice(&count.to_le_bytes());
        t.extend_from_slice(&value.to_le_bytes());
    };
    // IFD0 at 8: 3 entries (2 + 36 + 4 bytes) = ends at 50; make at 50, GPS IFD at 62.
    t.extend_from_slice(&3u16.to_le_bytes());
    entry(&mut t, 0x010F, 2, 12, 50);
    entry(&mut t, 0x0112, 3, 1, u32::from(orientation));
    entry(&mut t, 0x8825, 4, 1, 62);
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(b"MAGTESTCAM1\0");
    // GPS IFD at 62: latitude ref "N", latitude 3 rationals at 92.
    t.extend_from_slice(&2u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0"));
    entry(&mut t, 0x0002, 5, 3, 92);
    t.extend_from_slice(&0u32.to_le_bytes());
    for (num, den) in [(52u32, 1u32), (13, 1), (4012, 100)] {
        t.extend_from_slice(&num.to_le_bytes());
        t.extend_from_slice(&den.to_le_bytes());
    }
    t
}

/// `jpeg` with the EXIF block of [`exif`].
fn jpeg_with_exif(width: u32, height: u32, orientation: u16) -> Vec<u8> {
    let mut file = img_parts::jpeg::Jpeg::from_bytes(Bytes::from(jpeg(width, height))).unwrap();
    file.set_exif(Some(Bytes::from(exif(orientation))));
    let mut out = Vec::new();
    file.encoder().write_to(&mut out).unwrap();
    out
}

/// The format and size of an output image.
fn probe(site: &SiteTest, rel: &str) -> (image::ImageFormat, u32, u32) {
    let bytes = std::fs::read(site.out(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let format = image::guess_format(&bytes).unwrap();
    let img = image::load_from_memory(&bytes).unwrap();
    (format, img.width(), img.height())
}

/// An article bundle with lead art `lead.jpg` and a body photograph `body.jpg`.
fn photo_site(mag_toml_extra: &str) -> SiteTest {
    let site = SiteTest::minimal().article(
        "content/essays/photo/index.md",
        "title = \"Photo\"\nimage = \"lead.jpg\"\nimage_alt = \"A harbour\"",
        "Text.\n\n![A crane at dusk](body.jpg)\n",
    );
    site.write("content/essays/photo/lead.jpg", &jpeg(2400, 1600));
    site.write("content/essays/photo/body.jpg", &jpeg(900, 600));
    if !mag_toml_extra.is_empty() {
        let toml = std::fs::read_to_string(site.root.join("mag.toml")).unwrap();
        std::fs::write(
            site.root.join("mag.toml"),
            format!("{toml}\n{mag_toml_extra}\n"),
        )
        .unwrap();
    }
    site
}

/// The `srcset` of the `<source>` in `picture` as (url, width) pairs.
fn candidates(source: scraper::ElementRef<'_>) -> Vec<(String, u32)> {
    attr(source, "srcset")
        .split(", ")
        .map(|c| {
            let (url, w) = c.rsplit_once(' ').unwrap();
            (url.to_string(), w.trim_end_matches('w').parse().unwrap())
        })
        .collect()
}

/// The widths of the `srcset` of the one `<source>` matching `selector`.
fn widths_of(doc: &scraper::Html, selector: &str) -> Vec<u32> {
    candidates(one(doc, selector))
        .into_iter()
        .map(|c| c.1)
        .collect()
}

#[test]
fn lead_art_and_body_images_get_webp_copies_with_srcset_sizes_and_size() {
    let site = photo_site("");
    site.build(&[]).ok().no_warnings();
    let doc = site.html("essays/photo/index.html");

    let lead = one(&doc, ".lead-art picture");
    let source = one_in(lead, "source");
    assert_eq!(attr(source, "type"), "image/webp");
    assert!(
        attr(source, "sizes").contains("66rem"),
        "lead art sizes: {}",
        attr(source, "sizes")
    );
    let widths: Vec<u32> = candidates(source).into_iter().map(|c| c.1).collect();
    assert_eq!(
        widths,
        [480, 800, 1200, 1600, 2000],
        "never wider than the widths asked"
    );
    let img = one_in(lead, "img");
    assert_eq!(attr(img, "src"), "/essays/photo/lead.jpg");
    assert_eq!((attr(img, "width"), attr(img, "height")), ("2400", "1600"));
    assert_eq!(attr(img, "fetchpriority"), "high");
    for (url, w) in candidates(source) {
        let (format, width, height) = probe(&site, url.trim_start_matches('/'));
        assert_eq!(format, image::ImageFormat::WebP, "{url}");
        assert_eq!(
            (width, height),
            (w, (w * 2 + 1) / 3),
            "{url}: rounded to the nearest pixel"
        );
    }
    // The original stays the fallback, a JPEG at full size.
    assert_eq!(
        probe(&site, "essays/photo/lead.jpg"),
        (image::ImageFormat::Jpeg, 2400, 1600)
    );

    // A body image is never enlarged: its own width is the widest copy.
    let body = one(&doc, ".prose figure picture");
    let source = one_in(body, "source");
    let widths: Vec<u32> = candidates(source).into_iter().map(|c| c.1).collect();
    assert_eq!(widths, [480, 800, 900]);
    assert!(
        attr(source, "sizes").contains("42.5rem"),
        "the theme's body sizes"
    );
    let img = one_in(body, "img");
    assert_eq!((attr(img, "width"), attr(img, "height")), ("900", "600"));
    assert_eq!(attr(img, "loading"), "lazy");

    // og:image is the copy about 1200 pixels wide, in the original's format.
    let og = one(&doc, "meta[property='og:image']");
    assert_eq!(
        attr(og, "content"),
        "https://example.org/essays/photo/lead-1200w.jpg"
    );
    assert_eq!(
        attr(one(&doc, "meta[property='og:image:width']"), "content"),
        "1200"
    );
    assert_eq!(
        probe(&site, "essays/photo/lead-1200w.jpg"),
        (image::ImageFormat::Jpeg, 1200, 800)
    );
}

#[test]
fn widths_quality_and_originals_come_from_mag_toml() {
    let site = photo_site("[images]\nwidths = [300, 1000]\nquality = 60\nkeep_originals = false");
    site.build(&[]).ok();
    let doc = site.html("essays/photo/index.html");
    let widths = widths_of(&doc, ".lead-art source");
    assert_eq!(widths, [300, 1000]);
    let body = widths_of(&doc, ".prose source");
    assert_eq!(body, [300, 900]);
    // Without originals the file at the image's URL is the widest width.
    assert_eq!(
        probe(&site, "essays/photo/lead.jpg"),
        (image::ImageFormat::Jpeg, 1000, 667)
    );
    let img = one(&doc, ".lead-art img");
    assert_eq!((attr(img, "width"), attr(img, "height")), ("1000", "667"));
}

#[test]
fn resizing_can_be_turned_off() {
    let site = photo_site("[images]\nresize = false");
    site.build(&[]).ok();
    let doc = site.html("essays/photo/index.html");
    assert!(all(&doc, "picture").is_empty());
    assert_eq!(
        std::fs::read(site.out("essays/photo/lead.jpg")).unwrap(),
        std::fs::read(site.root.join("content/essays/photo/lead.jpg")).unwrap(),
        "copied as it is"
    );
    assert!(!site.out("essays/photo/lead-480w.webp").exists());
}

#[test]
fn bad_images_settings_are_errors_at_their_line() {
    let site = photo_site("[images]\nwidths = [0, 800]\nquality = 101");
    site.build(&[])
        .fails()
        .reports(&["mag.toml:", "widths: 0 is not a width"])
        .reports(&["quality = 101 is outside 1–100"]);
}

#[test]
fn metadata_is_stripped_and_exif_orientation_honoured() {
    let site = SiteTest::minimal().article(
        "content/essays/phone/index.md",
        "title = \"Phone\"",
        "![Upright](upright.jpg)\n\n![Turned](turned.jpg)\n",
    );
    site.write(
        "content/essays/phone/upright.jpg",
        &jpeg_with_exif(600, 400, 1),
    );
    // Orientation 6: the camera was held upright; shown 400 wide and 600 high.
    site.write(
        "content/essays/phone/turned.jpg",
        &jpeg_with_exif(600, 400, 6),
    );
    site.build(&[]).ok();
    for name in [
        "upright.jpg",
        "turned.jpg",
        "upright-480w.webp",
        "turned-400w.webp",
    ] {
        let bytes = std::fs::read(site.out(&format!("essays/phone/{name}"))).unwrap();
        let needle = b"MAGTESTCAM1";
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{name} still carries the camera's EXIF"
        );
        let parsed = img_parts::DynImage::from_bytes(Bytes::from(bytes))
            .unwrap()
            .unwrap();
        assert!(parsed.exif().is_none(), "{name} has EXIF");
    }
    let doc = site.html("essays/phone/index.html");
    let imgs = all(&doc, "figure img");
    assert_eq!(
        (attr(imgs[0], "width"), attr(imgs[0], "height")),
        ("600", "400")
    );
    assert_eq!(
        (attr(imgs[1], "width"), attr(imgs[1], "height")),
        ("400", "600")
    );
    assert_eq!(
        probe(&site, "essays/phone/turned.jpg"),
        (image::ImageFormat::Jpeg, 400, 600)
    );
    assert_eq!(probe(&site, "essays/phone/turned-400w.webp").1, 400);
    // The upright original keeps its exact pixels: only metadata segments went.
    let kept =
        image::load_from_memory(&std::fs::read(site.out("essays/phone/upright.jpg")).unwrap())
            .unwrap();
    let source = image::load_from_memory(&jpeg_with_exif(600, 400, 1)).unwrap();
    assert_eq!(kept.to_rgb8(), source.to_rgb8());
}

/// Every file of the cache folder with its inode and modification time.
fn cache_files(site: &SiteTest) -> Vec<(String, u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    let mut files: Vec<_> = walkdir::WalkDir::new(site.root.join(".mag-cache/images"))
        .min_depth(2)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            (
                e.path().display().to_string(),
                m.ino(),
                m.modified().unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_second_build_processes_nothing_and_unused_copies_are_pruned() {
    let site = photo_site("");
    site.build(&[]).ok();
    let first = cache_files(&site);
    // lead: 5 widths + original + card; body: 3 widths + original.
    assert_eq!(first.len(), 11, "{first:#?}");
    site.build(&[]).ok();
    assert_eq!(
        cache_files(&site),
        first,
        "the second build made no file again"
    );
    assert!(site.out("essays/photo/lead-800w.webp").is_file());

    // A changed photograph is made again; the old copies are pruned.
    site.write("content/essays/photo/body.jpg", &jpeg(700, 500));
    site.build(&[]).ok();
    let third = cache_files(&site);
    assert_eq!(third.len(), 10, "{third:#?}");
    let doc = site.html("essays/photo/index.html");
    let widths = widths_of(&doc, ".prose source");
    assert_eq!(widths, [480, 700]);

    // The cache folder is configurable.
    let toml = std::fs::read_to_string(site.root.join("mag.toml")).unwrap();
    std::fs::write(
        site.root.join("mag.toml"),
        format!("{toml}\n[images]\ncache = \"../shared-cache\"\n"),
    )
    .unwrap();
    site.build(&[]).ok();
    assert!(site.root.parent().unwrap().join("shared-cache").is_dir());
}

#[test]
fn svg_gets_its_size_and_gifs_and_animations_are_copied_as_they_are() {
    let site = SiteTest::minimal().article(
        "content/essays/art/index.md",
        "title = \"Art\"\nimage = \"lead.svg\"\nimage_alt = \"A diagram\"",
        "![Moving](moving.gif)\n\n![Sized](sized.svg)\n",
    );
    site.write(
        "content/essays/art/lead.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1200 800\"><rect width=\"10\" height=\"10\"/></svg>",
    );
    site.write(
        "content/essays/art/sized.svg",
        b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300px\" viewBox=\"0 0 600 200\"/>",
    );
    let gif = animated_gif();
    site.write("content/essays/art/moving.gif", &gif);
    site.build(&[]).ok().no_warnings();
    let doc = site.html("essays/art/index.html");
    let lead = one(&doc, ".lead-art img");
    assert_eq!((attr(lead, "width"), attr(lead, "height")), ("1200", "800"));
    let imgs = all(&doc, ".prose img");
    assert_eq!(attr(imgs[0], "src"), "/essays/art/moving.gif");
    assert_eq!(
        (attr(imgs[1], "width"), attr(imgs[1], "height")),
        ("300", "100")
    );
    assert!(all(&doc, "picture").is_empty());
    assert_eq!(
        std::fs::read(site.out("essays/art/moving.gif")).unwrap(),
        gif
    );
}

/// A two-frame animated GIF.
fn animated_gif() -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut encoder = image::codecs::gif::GifEncoder::new(&mut bytes);
        encoder
            .set_repeat(image::codecs::gif::Repeat::Infinite)
            .unwrap();
        for shade in [0u8, 255] {
            let frame = image::RgbaImage::from_pixel(8, 8, image::Rgba([shade, 0, 0, 255]));
            encoder.encode_frame(image::Frame::new(frame)).unwrap();
        }
    }
    bytes
}

#[test]
fn a_text_file_named_jpg_is_a_warning_naming_the_file_and_its_article() {
    let site = SiteTest::minimal()
        .article(
            "content/essays/a/index.md",
            "title = \"A\"\nimage = \"lead.jpg\"\nimage_alt = \"x\"",
            "Text.\n",
        )
        .file("content/essays/a/lead.jpg", "this is not a photograph\n");
    site.build(&[]).ok().reports(&[
        "warning:",
        "content/essays/a/lead.jpg",
        "mag cannot read this image",
        "content/essays/a/index.md",
    ]);
    assert!(
        site.out("essays/a/lead.jpg").is_file(),
        "published as it is"
    );
    site.mag(&["check"])
        .reports(&["content/essays/a/lead.jpg", "mag cannot read this image"]);
    // Another format under a JPEG name is named.
    site.write("content/essays/a/lead.jpg", &animated_gif()[..]);
    let bmp = {
        let mut b = Vec::new();
        image::RgbImage::new(4, 4)
            .write_to(&mut Cursor::new(&mut b), image::ImageFormat::Bmp)
            .ok();
        b
    };
    if !bmp.is_empty() {
        site.write("content/essays/a/lead.jpg", &bmp);
        site.build(&[])
            .ok()
            .reports(&["a BMP file with a JPEG, PNG or WebP name"]);
    }
}

#[test]
fn a_truncated_photograph_is_an_error_and_the_previous_site_stays() {
    let site = photo_site("");
    site.build(&[]).ok();
    let before = std::fs::read(site.out("essays/photo/index.html")).unwrap();
    let whole = jpeg(1000, 700);
    site.write("content/essays/photo/body.jpg", &whole[..whole.len() / 3]);
    site.build(&[]).fails().reports(&[
        "error:",
        "content/essays/photo/body.jpg",
        "cannot be resized",
        "placed by content/essays/photo/index.md",
    ]);
    assert_eq!(
        std::fs::read(site.out("essays/photo/index.html")).unwrap(),
        before
    );
}

#[test]
fn a_decompression_bomb_is_refused_before_it_is_decoded() {
    // A 50,000 × 50,000 PNG header in a few bytes.
    let mut bomb = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    bomb.extend_from_slice(b"IHDR");
    bomb.extend_from_slice(&50_000u32.to_be_bytes());
    bomb.extend_from_slice(&50_000u32.to_be_bytes());
    bomb.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    let site = SiteTest::minimal().article(
        "content/essays/a/index.md",
        "title = \"A\"",
        "![Bomb](bomb.png)\n",
    );
    site.write("content/essays/a/bomb.png", &bomb);
    let run = site.mag_process(&["build"]);
    let run = run.fails().reports(&[
        "content/essays/a/bomb.png",
        "claims 50000 × 50000 pixels",
        "max_pixels",
    ]);
    drop(run);
    assert!(!site.root.join("public").exists());
}

#[test]
fn png_with_transparency_keeps_it_in_webp() {
    let site = SiteTest::minimal().article(
        "content/essays/a/index.md",
        "title = \"A\"",
        "![Logo](logo.png)\n",
    );
    let img = image::RgbaImage::from_fn(600, 300, |x, _| {
        image::Rgba([200, 30, 30, if x < 300 { 0 } else { 255 }])
    });
    let mut bytes = Vec::new();
    img.write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .unwrap();
    site.write("content/essays/a/logo.png", &bytes);
    site.build(&[]).ok();
    let copy =
        image::load_from_memory(&std::fs::read(site.out("essays/a/logo-480w.webp")).unwrap())
            .unwrap();
    assert!(copy.color().has_alpha());
    assert_eq!(
        copy.to_rgba8().get_pixel(10, 10)[3],
        0,
        "transparent stays transparent"
    );
}

#[test]
fn static_images_the_figure_shortcode_and_the_image_function() {
    let site = SiteTest::minimal()
        .article(
            "content/essays/a.md",
            "title = \"A\"",
            "{% figure(src=\"/img/plate.png\", alt=\"Plate\", class=\"wide\") %}A plate.{% end %}\n",
        )
        .file(
            "templates/partials/site_footer.html",
            "{% set i = image(path=\"/img/plate.png\", width=700) %}<p id=\"fn\" data-url=\"{{ i.url }}\" data-w=\"{{ i.width }}\" data-srcset=\"{{ i.srcset }}\"></p>",
        );
    site.write("static/img/plate.png", &png(1300, 650));
    site.build(&[]).ok();
    let doc = site.html("essays/a/index.html");
    let source = one(&doc, "figure.wide picture source");
    assert!(attr(source, "sizes").contains("62.5rem"));
    let widths: Vec<u32> = candidates(source).into_iter().map(|c| c.1).collect();
    assert_eq!(widths, [480, 800, 1200, 1300]);
    assert!(site.out("img/plate-1300w.webp").is_file());
    let p = one(&doc, "#fn");
    assert_eq!(attr(p, "data-url"), "/img/plate-800w.webp");
    assert_eq!(attr(p, "data-w"), "800");
    assert!(attr(p, "data-srcset").starts_with("/img/plate-480w.webp 480w"));

    let bad = site.file(
        "templates/partials/site_footer.html",
        "{% set i = image(path=\"/img/plate.png\", width=-5) %}{{ i.url }}",
    );
    bad.build(&[]).fails().reports(&[
        "image(path=\"/img/plate.png\", width=-5)",
        "whole number of pixels",
    ]);
    // An image mag does not resize comes back as it is.
    let svg = bad.file(
        "templates/partials/site_footer.html",
        "{% set i = image(path=\"/img/logo.svg\") %}<p id=\"svg\" data-url=\"{{ i.url }}\" data-srcset=\"{{ i.srcset }}\"></p>",
    );
    svg.build(&[]).ok();
    let doc = svg.html("essays/a/index.html");
    assert_eq!(attr(one(&doc, "#svg"), "data-url"), "/img/logo.svg");
    assert_eq!(attr(one(&doc, "#svg"), "data-srcset"), "");
}

#[test]
fn names_with_spaces_are_percent_encoded_and_gps_after_the_image_goes() {
    let site = SiteTest::minimal().article(
        "content/essays/a/index.md",
        "title = \"A\"",
        "![Spaced](<my photo.jpg>)\n\n![Escaped](other%20one.jpg)\n\n![Motion](motion.jpg)\n",
    );
    site.write("content/essays/a/my photo.jpg", &jpeg(600, 400));
    site.write("content/essays/a/other one.jpg", &jpeg(600, 400));
    // A phone's second image, with its own EXIF, after the end of the first.
    let mut motion = jpeg(600, 400);
    motion.extend_from_slice(&jpeg_with_exif(60, 40, 1));
    site.write("content/essays/a/motion.jpg", &motion);
    site.build(&[]).ok();
    let doc = site.html("essays/a/index.html");
    let sources = all(&doc, ".prose source");
    assert!(attr(sources[0], "srcset").starts_with("/essays/a/my%20photo-480w.webp 480w, "));
    assert!(attr(sources[1], "srcset").starts_with("/essays/a/other%20one-480w.webp 480w, "));
    assert!(site.out("essays/a/my photo-480w.webp").is_file());
    let published = std::fs::read(site.out("essays/a/motion.jpg")).unwrap();
    assert!(
        !published.windows(11).any(|w| w == b"MAGTESTCAM1"),
        "the appended EXIF is gone"
    );
    assert!(published.len() < motion.len() - 100);
}

#[test]
fn two_images_of_one_name_keep_their_copies_apart() {
    let site = SiteTest::minimal().article(
        "content/essays/a/index.md",
        "title = \"A\"",
        "![Photo](map.jpg)\n\n![Drawing](map.png)\n",
    );
    site.write("content/essays/a/map.jpg", &jpeg(600, 400));
    site.write("content/essays/a/map.png", &png(500, 400));
    site.build(&[]).ok();
    let doc = site.html("essays/a/index.html");
    let sources = all(&doc, ".prose source");
    assert!(attr(sources[0], "srcset").starts_with("/essays/a/map.jpg-480w.webp 480w"));
    assert!(attr(sources[1], "srcset").starts_with("/essays/a/map.png-480w.webp 480w"));
    assert!(site.out("essays/a/map.png-500w.webp").is_file());
}
