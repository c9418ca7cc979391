//! A base_url with a path: every internal link and asset carries it.

use crate::support::*;

fn check_prefixed(site: &SiteTest, page: &str, prefix: &str) {
    let doc = site.html(page);
    let mut checked = 0;
    for el in all(&doc, "a[href], link[href], img[src]") {
        let url = el.value().attr("href").or(el.value().attr("src")).unwrap();
        if url.starts_with('/') {
            assert!(url.starts_with(prefix), "{page}: {url} lacks {prefix}");
            checked += 1;
        }
    }
    assert!(checked > 3, "{page}: too few internal links checked");
}

#[test]
fn every_internal_link_and_asset_carries_the_path() {
    let site = SiteTest::minimal()
        .article(
            "content/essays/one.md",
            "title = \"One\"\nissue = 1\nimage = \"/images/lead.png\"",
            "See [two](@/essays/two.md), [about](/about/) and ![pic](/images/lead.png \"Cap\").\n",
        )
        .article(
            "content/essays/two.md",
            "title = \"Two\"\nissue = 1",
            "Two.\n",
        )
        .file(
            "content/about.md",
            "+++\ntitle = \"About\"\n+++\nAbout us.\n",
        );
    site.write("static/images/lead.png", &crate::figures::png(4, 3));
    site.build(&[]).ok();
    let home = std::fs::read_to_string(site.out("index.html")).unwrap();
    site.build(&["--base-url", "https://user.github.io/review/"])
        .ok();
    let home_with_path = std::fs::read_to_string(site.out("index.html")).unwrap();
    assert_ne!(home, home_with_path);
    for page in [
        "index.html",
        "essays/one/index.html",
        "essays/index.html",
        "issues/1/index.html",
        "issues/index.html",
        "about/index.html",
        "404.html",
    ] {
        check_prefixed(&site, page, "/review/");
    }
    let doc = site.html("essays/one/index.html");
    let hrefs: Vec<&str> = all(&doc, ".article-body a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(hrefs, ["/review/essays/two/", "/review/about/"]);
    assert_eq!(
        attr(one(&doc, ".article-body img"), "src"),
        "/review/images/lead.png"
    );
    let css = attr(one(&doc, "link[rel=stylesheet]"), "href");
    assert!(
        css.starts_with("/review/css/main.") && css.ends_with(".css"),
        "{css}"
    );
    assert!(site.out(css.trim_start_matches("/review/")).is_file());
}

#[test]
fn base_url_in_mag_toml_with_a_path() {
    let site = SiteTest::minimal().article("content/essays/one.md", "title = \"One\"", "x\n");
    let config = std::fs::read_to_string(site.root.join("mag.toml")).unwrap();
    let site = site.file(
        "mag.toml",
        &config.replace("https://example.org/", "https://example.org/sub/path/"),
    );
    site.build(&[]).ok();
    check_prefixed(&site, "essays/one/index.html", "/sub/path/");
}

#[test]
fn broken_internal_link_is_an_error_at_the_link() {
    let site = SiteTest::minimal().article(
        "content/essays/one.md",
        "title = \"One\"",
        "Intro.\n\nSee [x](@/essays/nothing.md).\n",
    );
    site.build(&[]).fails().reports(&[
        "content/essays/one.md:7:5",
        "@/essays/nothing.md does not exist",
    ]);
}
