//! `mag import wordpress`: a hand-written WXR export into a new site.

use crate::support::*;

fn imported() -> (SiteTest, Run) {
    let work = SiteTest::minimal();
    work.mag(&["new", "site", "review"]).ok();
    let export = repo_path("tests/testsuite/fixtures/wordpress/export.xml");
    let run = work
        .mag(&[
            "import",
            "wordpress",
            export.to_str().unwrap(),
            "--into",
            "review",
        ])
        .ok();
    let site = SiteTest::copy_of(&work.root.join("review"));
    (site, run)
}

fn front_matter(site: &SiteTest, rel: &str) -> toml::Table {
    let text = std::fs::read_to_string(site.root.join(rel)).unwrap();
    let fm = text.split("+++").nth(1).unwrap();
    toml::from_str(fm).unwrap()
}

#[test]
fn summary_counts_posts_pages_drafts_and_skipped() {
    let (_, run) = imported();
    assert!(
        run.stdout()
            .contains("Imported 4 posts and 1 page (2 drafts); skipped 2 items."),
        "{}",
        run.stdout()
    );
    assert!(run.stderr().contains("“Private Note” (private)"));
}

#[test]
fn posts_keep_their_metadata() {
    let (site, _) = imported();
    let fm = front_matter(&site, "content/arts-letters/why-we-sing.md");
    assert_eq!(fm["title"].as_str(), Some("Why We Sing – Together"));
    assert_eq!(
        fm["dek"].as_str(),
        Some("Why people have always sung in groups.")
    );
    assert_eq!(fm["authors"][0].as_str(), Some("Jane Doe"));
    assert_eq!(fm["date"].to_string(), "2021-06-01T10:00:00Z");
    assert_eq!(fm["updated"].to_string(), "2021-07-02T08:30:00Z");
    assert_eq!(fm["tags"].as_array().unwrap().len(), 2);
    assert_eq!(
        fm["image"].as_str(),
        Some("https://old.example.org/wp-content/uploads/2021/06/lead.jpg")
    );
    assert_eq!(fm["aliases"][0].as_str(), Some("/2021/06/why-we-sing/"));
    // The section was declared with its decoded name.
    let config = std::fs::read_to_string(site.root.join("mag.toml")).unwrap();
    let config: toml::Table = toml::from_str(&config).unwrap();
    let sections = config["sections"].as_array().unwrap();
    assert!(sections
        .iter()
        .any(|s| s["slug"].as_str() == Some("arts-letters")
            && s["name"].as_str() == Some("Arts & Letters")));
    // Undated draft: no date, draft = true.
    let draft = front_matter(&site, "content/essays/unfinished-thoughts.md");
    assert!(draft.get("date").is_none());
    assert_eq!(draft["draft"].as_bool(), Some(true));
    let pending = front_matter(&site, "content/essays/pending-piece.md");
    assert_eq!(pending["draft"].as_bool(), Some(true));
    assert!(site.root.join("content/about-us.md").exists());
    let media = std::fs::read_to_string(site.root.join("imported-media.txt")).unwrap();
    assert_eq!(media.lines().count(), 4, "{media}");
    assert!(media.lines().all(|l| l.contains("/wp-content/uploads/")));
}

#[test]
fn imported_site_builds_with_footnotes_quotes_and_figures() {
    let (site, _) = imported();
    site.build(&["--drafts"]).ok().no_warnings();
    let doc = site.html("arts-letters/why-we-sing/index.html");
    assert_eq!(all(&doc, "section.footnotes li").len(), 2);
    assert_eq!(text(one(&doc, "aside.pullquote cite")), "A choirmaster");
    assert!(text(one(&doc, ".article-body > blockquote")).contains("— Leo Tolstoy"));
    assert!(!text(one(&doc, ".article-body")).contains("Lovely piece"));
    let figure = one(&doc, ".article-body figure:has(.credit)");
    assert_eq!(text(one(&doc, "figure .credit")), "Photo: Ann Lee");
    assert!(text(figure).starts_with("The Cantores at rehearsal."));
    assert_eq!(text(one(&doc, "figure em")), "Cantores");
    let classic = site.html("essays/a-classic-essay/index.html");
    assert_eq!(all(&classic, "section.footnotes li").len(), 1);
    assert_eq!(
        text(one(&classic, ".article-body figure figcaption")),
        "The bridge in winter"
    );
    assert!(site.out("about-us/index.html").exists());
    // A link to another imported post follows it to its new address.
    let link = one(
        &classic,
        ".article-body a[href='/arts-letters/why-we-sing/']",
    );
    assert_eq!(text(link), "why we sing");
    assert_eq!(
        all(
            &classic,
            ".article-body a[href='https://elsewhere.example.com/x/']"
        )
        .len(),
        1
    );
}

#[test]
fn never_overwrites_and_refuses_a_non_site() {
    let (site, _) = imported();
    let export = repo_path("tests/testsuite/fixtures/wordpress/export.xml");
    let run = site
        .mag(&["import", "wordpress", export.to_str().unwrap()])
        .ok();
    assert!(
        run.stdout().contains("Imported 0 posts and 0 pages"),
        "{}",
        run.stdout()
    );
    assert!(run.stderr().contains("already exists"));
    let run = site.mag(&[
        "import",
        "wordpress",
        export.to_str().unwrap(),
        "--into",
        "content",
    ]);
    assert_eq!(run.code(), 1);
    assert!(run.stderr().contains("not a mag site"), "{}", run.stderr());
}
