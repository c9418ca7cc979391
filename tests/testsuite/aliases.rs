//! Old URLs (aliases) and two things at one URL.

use crate::support::*;

#[test]
fn an_alias_writes_a_redirect_page() {
    let site = SiteTest::minimal()
        .article(
            "content/essays/one.md",
            "title = \"One & only\"\naliases = [\"/2019/03/old-slug/\", \"/old.html\", \"/no-slash\"]",
            "x\n",
        )
        .file("content/about.md", "+++\ntitle = \"About\"\naliases = [\"/about-us/\"]\n+++\nA.\n");
    site.build(&["--base-url", "https://example.org/review/"])
        .ok()
        .no_warnings();
    for page in [
        "2019/03/old-slug/index.html",
        "old.html",
        "no-slash/index.html",
    ] {
        let doc = site.html(page);
        assert_eq!(
            attr(one(&doc, "link[rel=canonical]"), "href"),
            "https://example.org/review/essays/one/",
            "{page}"
        );
        assert_eq!(
            attr(one(&doc, "meta[http-equiv=refresh]"), "content"),
            "0; url=/review/essays/one/"
        );
        let link = one(&doc, "body a");
        assert_eq!(attr(link, "href"), "/review/essays/one/");
        assert_eq!(text(link), "One & only");
        assert_eq!(attr(one(&doc, "meta[name=robots]"), "content"), "noindex");
    }
    let doc = site.html("about-us/index.html");
    assert_eq!(attr(one(&doc, "body a"), "href"), "/review/about/");
}

#[test]
fn a_bad_alias_is_an_error_at_its_line() {
    let site = SiteTest::minimal().article(
        "content/essays/one.md",
        "title = \"One\"\naliases = [\"2019/old/\"]",
        "x\n",
    );
    site.build(&[]).fails().reports(&[
        "content/essays/one.md:3:",
        "alias `2019/old/` is not a path",
    ]);
}

#[test]
fn an_alias_on_top_of_an_article_names_both_files() {
    let site = SiteTest::minimal()
        .article("content/essays/one.md", "title = \"One\"", "x\n")
        .article(
            "content/essays/two.md",
            "title = \"Two\"\naliases = [\"/essays/one/\"]",
            "x\n",
        );
    site.build(&[]).fails().reports(&[
        "content/essays/two.md",
        "content/essays/one.md",
        "/essays/one/",
    ]);
    assert!(!site.out("index.html").exists());
}

#[test]
fn two_articles_with_one_slug_name_both_files() {
    let site = SiteTest::minimal()
        .article("content/essays/one.md", "title = \"One\"", "x\n")
        .article("content/essays/deep/one.md", "title = \"Also one\"", "x\n");
    site.build(&[]).fails().reports(&[
        "content/essays/deep/one.md",
        "content/essays/one.md",
        "/essays/one/",
    ]);
}

#[test]
fn two_aliases_in_different_files_collide() {
    let site = SiteTest::minimal()
        .article(
            "content/essays/one.md",
            "title = \"One\"\naliases = [\"/old/\"]",
            "x\n",
        )
        .article(
            "content/essays/two.md",
            "title = \"Two\"\naliases = [\"/old\"]",
            "x\n",
        );
    site.build(&[])
        .fails()
        .reports(&["content/essays/one.md", "content/essays/two.md", "/old/"]);
}

#[test]
fn an_article_at_a_tag_page_names_the_file() {
    let site = SiteTest::minimal()
        .file(
            "mag.toml",
            "title = \"T\"\nbase_url = \"https://example.org/\"\n[permalinks]\narticle = \"/:section/:slug/\"\n[[sections]]\nslug = \"tags\"\nname = \"Tags\"\n",
        )
        .article("content/tags/history.md", "title = \"History\"\ntags = [\"history\"]", "x\n");
    site.build(&[])
        .fails()
        .reports(&["content/tags/history.md", "/tags/history/"]);
}

#[test]
fn issue_permalinks_are_configurable() {
    let site =
        SiteTest::minimal().article("content/essays/one.md", "title = \"One\"\nissue = 1", "x\n");
    let config = std::fs::read_to_string(site.root.join("mag.toml")).unwrap();
    let site = site.file(
        "mag.toml",
        &config.replace(
            "description = \"A magazine for tests\"",
            "description = \"A magazine for tests\"\n[permalinks]\nissue = \"/archive/:year/no-:number/\"",
        ),
    );
    site.build(&[]).ok();
    assert!(site.out("archive/2024/no-1/index.html").is_file());
    let doc = site.html("essays/one/index.html");
    assert_eq!(
        attr(one(&doc, "a.issue-link"), "href"),
        "/archive/2024/no-1/"
    );
    let ld: serde_json::Value = serde_json::from_str(
        &one(&doc, "script[type='application/ld+json']")
            .text()
            .collect::<String>(),
    )
    .unwrap();
    assert_eq!(
        ld["isPartOf"]["url"],
        "https://example.org/archive/2024/no-1/"
    );
}

#[test]
fn a_percent_encoded_alias_is_written_decoded() {
    // WordPress stores non-ASCII slugs percent-encoded; servers decode the request
    // path before they look for the folder, so the folder must be decoded too.
    let site = SiteTest::minimal().article(
        "content/essays/one.md",
        "title = \"One\"\naliases = [\"/2020/01/%c3%bcber-den-staat/\", \"/caf%C3%A9/\"]",
        "x\n",
    );
    site.build(&[]).ok().no_warnings();
    for page in ["2020/01/über-den-staat/index.html", "café/index.html"] {
        let doc = site.html(page);
        assert_eq!(attr(one(&doc, "body a"), "href"), "/essays/one/", "{page}");
    }
    assert!(!site.out("2020/01/%c3%bcber-den-staat").exists());
}
