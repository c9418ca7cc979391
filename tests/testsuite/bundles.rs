//! Page bundles: assets beside index.md are copied beside the page; slugs from folders.

use crate::support::*;

#[test]
fn bundle_assets_are_copied_and_lead_art_resolves() {
    let site = SiteTest::minimal().article(
        "content/personages/Über Steel/index.md",
        "title = \"Steel\"\nimage = \"lead.png\"\nimage_alt = \"A mill\"\nimage_caption = \"The *mill*\"\nart_credit = \"Art by B\"",
        "Body.\n",
    );
    site.write(
        "content/personages/Über Steel/lead.png",
        &crate::figures::png(120, 80),
    );
    site.write("content/personages/Über Steel/notes/extra.txt", b"data");
    site.build(&[]).ok().no_warnings();
    assert!(site.out("personages/uber-steel/lead.png").is_file());
    assert!(site.out("personages/uber-steel/notes/extra.txt").is_file());
    let doc = site.html("personages/uber-steel/index.html");
    let img = one(&doc, "figure.lead-art img");
    assert_eq!(attr(img, "src"), "/personages/uber-steel/lead.png");
    assert_eq!(attr(img, "alt"), "A mill");
    assert_eq!(attr(img, "width"), "120");
    let caption = one(&doc, "figure.lead-art figcaption");
    assert_eq!(text(one(&doc, "figure.lead-art figcaption em")), "mill");
    assert!(text(caption).contains("Art by B"));
    assert_eq!(
        text(one(&doc, "figure.lead-art figcaption .credit")),
        "Art by B"
    );
}

#[test]
fn slug_from_file_name_is_transliterated_and_front_matter_slug_wins() {
    let site = SiteTest::minimal()
        .article("content/essays/Über den Staat.md", "title = \"Ü\"", "x\n")
        .article(
            "content/essays/whatever.md",
            "title = \"W\"\nslug = \"Chosen Name\"",
            "x\n",
        );
    site.build(&[]).ok();
    assert!(site.out("essays/uber-den-staat/index.html").is_file());
    assert!(site.out("essays/chosen-name/index.html").is_file());
}

#[test]
fn name_that_slugs_to_nothing_is_an_error() {
    let site = SiteTest::minimal().article("content/essays/!!!.md", "title = \"Bang\"", "x\n");
    site.build(&[])
        .fails()
        .reports(&["content/essays/!!!.md", "empty slug"]);
}

#[test]
fn two_articles_at_one_url_is_an_error_naming_both() {
    let site = SiteTest::minimal()
        .article(
            "content/essays/a.md",
            "title = \"A\"\nslug = \"same\"",
            "x\n",
        )
        .article(
            "content/essays/b.md",
            "title = \"B\"\nslug = \"same\"",
            "x\n",
        );
    site.build(&[]).fails().reports(&[
        "content/essays/a.md",
        "content/essays/b.md",
        "/essays/same/",
    ]);
}

#[test]
fn permalink_pattern_with_date_tokens() {
    let site = SiteTest::minimal()
        .file(
            "mag.toml",
            "title = \"T\"\nbase_url = \"https://example.org/\"\n\n[permalinks]\narticle = \"/:year/:month/:slug/\"\n\n[[sections]]\nslug = \"essays\"\nname = \"Essays\"\n",
        )
        .article("content/essays/a.md", "title = \"A\"\ndate = 2019-03-07", "x\n");
    site.build(&[]).ok();
    assert!(site.out("2019/03/a/index.html").is_file());
}
