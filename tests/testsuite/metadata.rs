//! Canonical links, Open Graph, Twitter cards and JSON-LD on every page.

use serde_json::Value;

use crate::support::*;

fn meta<'a>(doc: &'a scraper::Html, key: &str) -> Vec<&'a str> {
    all(doc, &format!("meta[property='{key}'], meta[name='{key}']"))
        .into_iter()
        .map(|m| attr(m, "content"))
        .collect()
}

fn jsonld(doc: &scraper::Html) -> Value {
    let script = one(doc, "script[type='application/ld+json']");
    let text: String = script.text().collect();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{text}"))
}

fn magazine() -> SiteTest {
    let site = SiteTest::minimal()
        .article(
            "content/essays/one.md",
            "title = 'Essay \\</script><b>bold</b> & more'\ndek = \"A dek with \\\"quotes\\\"\"\nauthors = [\"Ann Author\", \"Bo Writer\"]\nillustrators = [\"Ivy Drawer\"]\nphotographers = [\"Pat Lens\"]\ntags = [\"history\", \"Big Ideas\"]\nissue = 1\nimage = \"/images/lead.png\"\nimage_alt = \"A lead\"\ndate = 2024-02-01\nupdated = 2024-02-09",
            "Body.\n",
        )
        .article("content/essays/two.md", "title = \"Two\"\nissue = 1", "Two.\n");
    site.write("static/images/lead.png", &crate::figures::png(40, 20));
    site.build(&["--base-url", "https://example.org/sub/"]).ok();
    site
}

#[test]
fn article_json_ld_is_a_news_article_that_cannot_break_the_page() {
    let site = magazine();
    let doc = site.html("essays/one/index.html");
    // The page is intact: one script, the headline after it still parsed as HTML.
    assert_eq!(all(&doc, "script").len(), 1);
    assert_eq!(all(&doc, "h1.headline").len(), 1);
    let ld = jsonld(&doc);
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], "Essay </script><b>bold</b> & more");
    assert_eq!(ld["alternativeHeadline"], "A dek with “quotes”");
    assert_eq!(ld["url"], "https://example.org/sub/essays/one/");
    assert_eq!(ld["datePublished"], "2024-02-01T00:00:00+00:00");
    assert_eq!(ld["dateModified"], "2024-02-09T00:00:00+00:00");
    assert_eq!(
        ld["image"][0]["url"],
        "https://example.org/sub/images/lead.png"
    );
    assert_eq!(ld["author"][0]["@type"], "Person");
    assert_eq!(ld["author"][1]["name"], "Bo Writer");
    assert_eq!(
        ld["author"][0]["url"],
        "https://example.org/sub/authors/ann-author/"
    );
    let contributors: Vec<&str> = ld["contributor"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(contributors, ["Ivy Drawer", "Pat Lens"]);
    assert_eq!(ld["publisher"]["name"], "The Test Review");
    assert_eq!(ld["isPartOf"]["@type"], "PublicationIssue");
    assert_eq!(ld["isPartOf"]["issueNumber"], "1");
    assert_eq!(ld["keywords"][1], "Big Ideas");
    // The raw text never holds markup characters.
    let raw = std::fs::read_to_string(site.out("essays/one/index.html")).unwrap();
    let start = raw.find("application/ld+json\">").unwrap();
    let end = start + raw[start..].find("</script>").unwrap();
    assert!(!raw[start + 21..end].contains(['<', '>', '&']));
}

#[test]
fn article_pages_carry_open_graph_and_twitter_cards() {
    let site = magazine();
    let doc = site.html("essays/one/index.html");
    let url = "https://example.org/sub/essays/one/";
    assert_eq!(attr(one(&doc, "link[rel=canonical]"), "href"), url);
    assert_eq!(meta(&doc, "og:url"), [url]);
    assert_eq!(meta(&doc, "og:type"), ["article"]);
    assert_eq!(
        meta(&doc, "og:title"),
        ["Essay </script><b>bold</b> & more"]
    );
    assert_eq!(meta(&doc, "og:description"), ["A dek with “quotes”"]);
    assert_eq!(
        meta(&doc, "og:image"),
        ["https://example.org/sub/images/lead.png"]
    );
    assert_eq!(meta(&doc, "twitter:card"), ["summary_large_image"]);
    assert_eq!(
        meta(&doc, "article:published_time"),
        ["2024-02-01T00:00:00+00:00"]
    );
    assert_eq!(
        meta(&doc, "article:modified_time"),
        ["2024-02-09T00:00:00+00:00"]
    );
    assert_eq!(
        meta(&doc, "article:author"),
        [
            "https://example.org/sub/authors/ann-author/",
            "https://example.org/sub/authors/bo-writer/"
        ]
    );
    assert_eq!(meta(&doc, "article:section"), ["Essays"]);
    assert_eq!(meta(&doc, "article:tag"), ["history", "Big Ideas"]);
    // Without lead art: a plain summary card.
    let doc = site.html("essays/two/index.html");
    assert_eq!(meta(&doc, "twitter:card"), ["summary"]);
    assert!(meta(&doc, "og:image").is_empty());
}

#[test]
fn every_page_has_a_canonical_link_and_open_graph() {
    let site = magazine();
    for (page, url, kind) in [
        ("index.html", "", "website"),
        ("essays/index.html", "essays/", "website"),
        ("issues/1/index.html", "issues/1/", "website"),
        ("issues/index.html", "issues/", "website"),
        ("authors/index.html", "authors/", "website"),
        (
            "authors/ann-author/index.html",
            "authors/ann-author/",
            "profile",
        ),
        ("tags/big-ideas/index.html", "tags/big-ideas/", "website"),
    ] {
        let doc = site.html(page);
        let abs = format!("https://example.org/sub/{url}");
        assert_eq!(
            attr(one(&doc, "link[rel=canonical]"), "href"),
            abs,
            "{page}"
        );
        assert_eq!(meta(&doc, "og:url"), [abs.as_str()], "{page}");
        assert_eq!(meta(&doc, "og:type"), [kind], "{page}");
        assert_eq!(meta(&doc, "og:title").len(), 1, "{page}");
        assert_eq!(meta(&doc, "twitter:card").len(), 1, "{page}");
        assert!(
            all(&doc, "script[type='application/ld+json']").is_empty(),
            "{page}"
        );
    }
}
