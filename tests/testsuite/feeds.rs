//! Atom feeds, parsed with a real feed parser (feed-rs).

use chrono::{DateTime, Utc};
use feed_rs::model::Feed;

use crate::support::*;

fn feed(site: &SiteTest, rel: &str) -> Feed {
    let bytes = std::fs::read(site.out(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{rel} does not parse: {e}"))
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn magazine() -> SiteTest {
    let site = SiteTest::minimal()
        .article(
            "content/essays/tricky.md",
            "title = 'Fish & \"chips\" for 1 < 2'\nauthors = [\"Ann Author\"]\nillustrators = [\"Ivy Drawer\"]\ndate = 2024-03-01T10:00:00+02:00\nupdated = 2024-03-05\ntags = [\"Food & Drink\"]\nissue = 1",
            "First paragraph with a [link](/about/), a [note][^n] and ![art](/images/a.png).\n\n\
             > [!PULLQUOTE]\n> A quote that must not be summarised.\n\n[^n]: The note.\n",
        )
        .article(
            "content/personages/p.md",
            "title = \"A Person\"\ndek = \"Who she was\"\ndate = 2024-02-01",
            "> [!PULLQUOTE]\n> Pulled.\n\nBody of the portrait.\n",
        )
        .file("content/about.md", "+++\ntitle = \"About\"\n+++\nAbout.\n");
    site.write("static/images/a.png", &crate::figures::png(2, 2));
    site
}

#[test]
fn site_feed_has_entries_with_absolute_links_and_escaped_titles() {
    let site = magazine();
    site.build(&["--base-url", "https://example.org/sub/path/"])
        .ok();
    let f = feed(&site, "atom.xml");
    assert_eq!(f.title.unwrap().content, "The Test Review");
    assert_eq!(f.entries.len(), 2);
    let e = &f.entries[0];
    assert_eq!(
        e.title.as_ref().unwrap().content,
        "Fish & “chips” for 1 < 2"
    );
    assert_eq!(e.id, "https://example.org/sub/path/essays/tricky/");
    assert_eq!(
        e.links[0].href,
        "https://example.org/sub/path/essays/tricky/"
    );
    assert_eq!(e.published, Some(utc("2024-03-01T10:00:00+02:00")));
    assert_eq!(e.updated, Some(utc("2024-03-05T00:00:00+00:00")));
    assert_eq!(e.authors[0].name.as_deref(), Some("Ann Author"));
    assert_eq!(
        e.authors[0].uri.as_deref(),
        Some("https://example.org/sub/path/authors/ann-author/")
    );
    assert_eq!(e.contributors[0].name.as_deref(), Some("Ivy Drawer"));
    assert_eq!(e.categories[0].label.as_deref(), Some("Food & Drink"));
    // Every link and image of the content is absolute.
    let body = e.content.as_ref().unwrap().body.clone().unwrap();
    let doc = scraper::Html::parse_fragment(&body);
    let refs: Vec<String> = all(&doc, "a[href], img[src]")
        .into_iter()
        .map(|el| {
            el.value()
                .attr("href")
                .or(el.value().attr("src"))
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(refs.len() >= 4, "{refs:?}");
    for r in &refs {
        assert!(r.starts_with("https://example.org/sub/path/"), "{r}");
    }
    assert!(refs.contains(&"https://example.org/sub/path/about/".to_string()));
    assert!(refs.contains(&"https://example.org/sub/path/images/a.png".to_string()));
    assert!(refs.contains(&"https://example.org/sub/path/essays/tricky/#fn-1".to_string()));
    // The pull quote is in the content but never in the summary.
    assert!(body.contains("must not be summarised"));
    let summary = e.summary.as_ref().unwrap().content.clone();
    assert!(summary.starts_with("First paragraph"), "{summary}");
    assert!(!summary.contains("summarised"));
    assert!(!f.entries[1]
        .summary
        .as_ref()
        .unwrap()
        .content
        .contains("Pulled"));
    // The raw XML carries RFC 3339 dates with an offset.
    let xml = std::fs::read_to_string(site.out("atom.xml")).unwrap();
    assert!(xml.contains("<published>2024-03-01T10:00:00+02:00</published>"));
}

#[test]
fn section_feeds_hold_their_section_and_are_linked_from_every_head() {
    let site = magazine();
    site.build(&[]).ok();
    let essays = feed(&site, "essays/atom.xml");
    assert_eq!(essays.entries.len(), 1);
    assert_eq!(essays.entries[0].id, "https://example.org/essays/tricky/");
    let people = feed(&site, "personages/atom.xml");
    assert_eq!(people.entries.len(), 1);
    let self_link = people
        .links
        .iter()
        .find(|l| l.rel.as_deref() == Some("self"))
        .unwrap();
    assert_eq!(self_link.href, "https://example.org/personages/atom.xml");
    for page in [
        "index.html",
        "about/index.html",
        "essays/tricky/index.html",
        "authors/index.html",
        "404.html",
    ] {
        let doc = site.html(page);
        let feeds: Vec<&str> = all(
            &doc,
            "head link[rel=alternate][type='application/atom+xml']",
        )
        .into_iter()
        .map(|l| attr(l, "href"))
        .collect();
        assert!(feeds.contains(&"/atom.xml"), "{page}: {feeds:?}");
    }
    let doc = site.html("essays/tricky/index.html");
    assert!(all(&doc, "head link[rel=alternate][href='/essays/atom.xml']").len() == 1);
}

#[test]
fn site_feed_holds_the_latest_twenty() {
    let mut site = SiteTest::minimal();
    for n in 1..=21 {
        site = site.article(
            &format!("content/essays/a{n:02}.md"),
            &format!("title = \"A{n}\"\ndate = 2024-01-{n:02}"),
            "x\n",
        );
    }
    site.build(&[]).ok();
    let f = feed(&site, "atom.xml");
    assert_eq!(f.entries.len(), 20);
    assert_eq!(f.entries[0].title.as_ref().unwrap().content, "A21");
    assert_eq!(f.entries[19].title.as_ref().unwrap().content, "A2");
    assert_eq!(f.updated, Some(utc("2024-01-21T00:00:00Z")));
}

#[test]
fn an_undated_draft_still_makes_a_valid_feed() {
    let site = SiteTest::minimal()
        .file(
            "content/essays/draft.md",
            "+++\ntitle = \"Draft\"\ndraft = true\n+++\nx\n",
        )
        .article(
            "content/essays/one.md",
            "title = \"One\"\ndate = 2024-01-01",
            "x\n",
        );
    site.build(&["--drafts"]).ok();
    let f = feed(&site, "atom.xml");
    assert_eq!(f.entries.len(), 2);
    assert!(f.entries.iter().all(|e| e.updated.is_some()));
}

/// Characters XML 1.0 forbids (NUL, U+0001, U+000B, U+FFFE), typed as TOML escapes
/// into every kind of text a feed or the sitemap carries.
fn site_with_control_characters() -> SiteTest {
    SiteTest::minimal()
        .file(
            "mag.toml",
            "title = \"The Test\\u0001 Review\"\nbase_url = \"https://example.org/\"\n\
             description = \"A magazine\\u000B for tests\"\n\n\
             [[sections]]\nslug = \"essays\"\nname = \"Ess\\uFFFEays\"\n\n\
             [[sections]]\nslug = \"personages\"\nname = \"Personages\"\n",
        )
        .article(
            "content/essays/odd.md",
            "title = \"Con\\u0001trol\\u000B and\\uFFFE more\"\n\
             dek = \"A dek\\u0001 here\"\n\
             summary = \"Sum\\u0000mary\\u0001 text\"\n\
             authors = [\"Ann\\u0001 Author\"]\n\
             illustrators = [\"Ivy\\u000B Drawer\"]\n\
             photographers = [\"Pat\\uFFFE Snapper\"]\n\
             tags = [\"Tag\\u0001One\", \"tab\\u000Bbed\", \"odd\\uFFFEtag\", \"nul\\u0000tag\"]\n\
             date = 2024-02-01",
            "A body with \u{1} a control character and a\u{B} vertical tab.\n",
        )
}

/// True for the characters XML 1.0 allows (https://www.w3.org/TR/xml/#charsets).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[test]
fn control_characters_in_front_matter_never_make_a_feed_or_the_sitemap_malformed() {
    let site = site_with_control_characters();
    site.build(&[]).ok();
    for rel in [
        "atom.xml",
        "essays/atom.xml",
        "personages/atom.xml",
        "sitemap.xml",
    ] {
        let xml = std::fs::read_to_string(site.out(rel)).unwrap();
        // A strict XML 1.0 parser, which refuses any character outside `Char`.
        if let Err(e) = roxmltree::Document::parse(&xml) {
            panic!("{rel} is not well-formed XML: {e}");
        }
        assert!(xml.chars().all(is_xml_char), "{rel}");
    }
    let f = feed(&site, "atom.xml");
    assert_eq!(f.title.unwrap().content, "The Test Review");
    assert_eq!(f.description.unwrap().content, "A magazine for tests");
    let e = &f.entries[0];
    // The text as typed, less the characters XML cannot carry (the title went
    // through Markdown and smart punctuation first).
    assert_eq!(e.title.as_ref().unwrap().content, "Control and more");
    assert_eq!(e.summary.as_ref().unwrap().content, "Summary text");
    assert_eq!(e.authors[0].name.as_deref(), Some("Ann Author"));
    let contributors: Vec<_> = e.contributors.iter().map(|p| p.name.as_deref()).collect();
    assert_eq!(contributors, [Some("Ivy Drawer"), Some("Pat Snapper")]);
    let labels: Vec<_> = e
        .categories
        .iter()
        .map(|c| c.label.clone().unwrap())
        .collect();
    assert_eq!(labels.len(), 4, "{labels:?}");
    for label in ["TagOne", "tabbed", "oddtag", "nultag"] {
        assert!(labels.iter().any(|l| l == label), "{label} in {labels:?}");
    }
    let body = e.content.as_ref().unwrap().body.clone().unwrap();
    assert!(
        body.contains("A body with  a control character and a vertical tab."),
        "{body}"
    );
    let essays = feed(&site, "essays/atom.xml");
    assert_eq!(essays.title.unwrap().content, "Essays — The Test Review");
    // The sitemap lists the tag pages by their slugs.
    let sitemap = std::fs::read_to_string(site.out("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        locs.contains(&"https://example.org/tags/tag-one/"),
        "{locs:?}"
    );
}
