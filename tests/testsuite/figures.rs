//! Figures: a lone image becomes a figure; its size is read from the file.

use crate::support::*;

/// A real PNG file of the given size: a gradient, so that it compresses like an
/// illustration, not like one flat colour.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    let mut bytes = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::Png,
    )
    .unwrap();
    bytes
}

#[test]
fn lone_image_with_title_is_a_captioned_figure_with_size() {
    let site = SiteTest::minimal().article(
        "content/essays/f/index.md",
        "title = \"F\"",
        "Before.\n\n![Two \"paintings\"](plate.png \"The 'boat' -- after\")\n\nAfter.\n",
    );
    site.write("content/essays/f/plate.png", &png(900, 600));
    site.build(&[]).ok();
    let doc = site.html("essays/f/index.html");
    let img = one(&doc, ".article-body figure > picture > img");
    assert_eq!(attr(img, "src"), "/essays/f/plate.png");
    assert_eq!(attr(img, "alt"), "Two “paintings”");
    assert_eq!(attr(img, "loading"), "lazy");
    assert_eq!(attr(img, "decoding"), "async");
    assert_eq!(attr(img, "width"), "900");
    assert_eq!(attr(img, "height"), "600");
    assert_eq!(
        text(one(&doc, ".article-body figure > figcaption")),
        "The ‘boat’ – after"
    );
    assert!(all(&doc, ".article-body p > figure, .article-body p > img").is_empty());
    assert!(site.out("essays/f/plate.png").is_file());
}

#[test]
fn lone_image_without_title_has_no_figcaption_and_inline_images_stay_inline() {
    let site = SiteTest::minimal().article(
        "content/essays/g.md",
        "title = \"G\"",
        "![Alone](/images/x.png)\n\nText with ![an icon](/images/x.png) inside.\n",
    );
    site.write("static/images/x.png", &png(10, 20));
    site.build(&[]).ok();
    let doc = site.html("essays/g/index.html");
    let fig = one(&doc, ".article-body figure");
    assert!(all(&doc, ".article-body figcaption").is_empty());
    assert_eq!(attr(one(&doc, ".article-body figure img"), "width"), "10");
    let _ = fig;
    let inline = one(&doc, ".article-body p > picture > img");
    assert_eq!(attr(inline, "alt"), "an icon");
    assert_eq!(attr(inline, "src"), "/images/x.png");
}

#[test]
fn missing_image_file_builds_without_size() {
    let site = SiteTest::minimal().article(
        "content/essays/h.md",
        "title = \"H\"",
        "![Gone](/images/none.png \"Cap\")\n",
    );
    site.build(&[]).ok();
    let doc = site.html("essays/h/index.html");
    let img = one(&doc, "figure img");
    assert!(img.value().attr("width").is_none());
}
