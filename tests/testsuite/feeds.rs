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
