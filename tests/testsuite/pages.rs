//! The pages of a magazine: home, article, section, issues, issue, standalone page.

use crate::support::*;

fn magazine() -> SiteTest {
    let site = SiteTest::minimal()
        .file(
            "content/issues/2.md",
            "+++\nnumber = 2\ntitle = \"Second *Thoughts*\"\ndate = 2024-06-01\ncover = \"/images/c2.png\"\ncover_alt = \"A cover\"\ncover_credit = \"Cover by C\"\n+++\nThe blurb of issue two.\n",
        )
        .file("content/about.md", "+++\ntitle = \"About us\"\n+++\nWe are a magazine.\n");
    site.write("static/images/c2.png", &crate::figures::png(60, 80));
    let mut site = site;
    let articles = [
        ("essays/e1", "E1", 2, "2024-06-02", false),
        ("essays/e2", "E2", 2, "2024-06-05", true),
        ("personages/p1", "P1", 2, "2024-06-03", false),
        ("personages/p2", "P2", 1, "2024-01-05", false),
        ("essays/e3", "E3", 0, "2024-07-01", false),
    ];
    for (path, title, issue, date, featured) in articles {
        let issue = if issue > 0 {
            format!("\nissue = {issue}")
        } else {
            String::new()
        };
        site = site.article(
            &format!("content/{path}.md"),
            &format!("title = \"{title}\"\ndek = \"Dek of {title}\"\nauthors = [\"Ann Author\", \"Bo Writer\"]\ndate = {date}{issue}\nfeatured = {featured}\ntags = [\"history\"]"),
            &format!("Body of {title}.\n"),
        );
    }
    site.build(&[]).ok().no_warnings();
    site
}

fn titles(doc: &scraper::Html, selector: &str) -> Vec<String> {
    all(doc, selector).into_iter().map(text).collect()
}

#[test]
fn home_shows_newest_issue_promo_and_latest() {
    let site = magazine();
    let doc = site.html("index.html");
    let promo = one(&doc, "section.issue-promo");
    assert!(text(promo).contains("Second Thoughts"));
    assert!(text(promo).contains("The blurb of issue two."));
    assert_eq!(
        attr(one(&doc, "section.issue-promo img"), "src"),
        "/images/c2.png"
    );
    // The issue's articles in table-of-contents order: sections in declared order.
    assert_eq!(
        titles(&doc, "section.issue-promo ul.featuring li > a"),
        ["E1", "E2", "P1"]
    );
    assert_eq!(
        titles(&doc, "section.latest article.teaser .teaser-title a"),
        ["E3", "E2", "P1", "E1", "P2"]
    );
    assert_eq!(
        titles(&doc, "section.featured article.teaser .teaser-title a"),
        ["E2"]
    );
}

#[test]
fn article_page_has_its_parts_and_neighbours() {
    let site = magazine();
    let doc = site.html("essays/e2/index.html");
    assert_eq!(text(one(&doc, "article.article h1.headline")), "E2");
    assert_eq!(text(one(&doc, "article.article p.dek")), "Dek of E2");
    let byline = text(one(&doc, "p.byline"));
    assert!(
        byline.contains("Ann Author") && byline.contains("Bo Writer"),
        "{byline}"
    );
    assert_eq!(
        attr(one(&doc, "article.article time"), "datetime"),
        "2024-06-05"
    );
    assert_eq!(text(one(&doc, "p.kicker a")), "Essays");
    assert_eq!(
        titles(&doc, "nav.more-in-section a[href^='/essays/']"),
        ["E3", "E1"]
    );
    assert!(titles(&doc, "nav.latest li > a").starts_with(&["E3".to_string(), "P1".to_string()]));
    assert!(!titles(&doc, "nav.latest li > a").contains(&"E2".to_string()));
    assert_eq!(
        attr(one(&doc, "aside.issue-context a.previous-in-issue"), "href"),
        "/essays/e1/"
    );
    assert_eq!(
        attr(one(&doc, "aside.issue-context a.next-in-issue"), "href"),
        "/personages/p1/"
    );
    assert_eq!(titles(&doc, "ul.tags li"), ["history"]);
}

#[test]
fn section_page_lists_newest_first() {
    let site = magazine();
    let doc = site.html("essays/index.html");
    assert_eq!(
        titles(&doc, "article.teaser .teaser-title a"),
        ["E3", "E2", "E1"]
    );
}

#[test]
fn section_pagination_boundaries() {
    let mut site = SiteTest::minimal();
    for n in 1..=3 {
        site = site.article(
            &format!("content/essays/a{n}.md"),
            &format!("title = \"A{n}\"\ndate = 2024-01-0{n}"),
            "x\n",
        );
    }
    let config = std::fs::read_to_string(site.root.join("mag.toml")).unwrap();
    let site = site.file("mag.toml", &format!("paginate_by = 2\n{config}"));
    site.build(&[]).ok();
    assert_eq!(
        titles(
            &site.html("essays/index.html"),
            "article.teaser .teaser-title a"
        ),
        ["A3", "A2"]
    );
    assert_eq!(
        titles(
            &site.html("essays/page/2/index.html"),
            "article.teaser .teaser-title a"
        ),
        ["A1"]
    );
    assert!(!site.out("essays/page/1/index.html").exists());
    assert!(!site.out("essays/page/3/index.html").exists());
}

#[test]
fn issue_pages_group_by_section_in_declared_order() {
    let site = magazine();
    let doc = site.html("issues/2/index.html");
    assert_eq!(text(one(&doc, "h1")), "Second Thoughts");
    assert!(text(one(&doc, ".blurb")).contains("The blurb of issue two."));
    assert_eq!(attr(one(&doc, "figure.issue-cover img"), "alt"), "A cover");
    let groups: Vec<String> = all(&doc, ".issue-toc section.toc-section > h2")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(groups, ["Essays", "Personages"]);
    assert_eq!(
        titles(&doc, ".issue-toc article.teaser a[href^='/essays/']"),
        ["E1", "E2"]
    );
    let archive = site.html("issues/index.html");
    let issues: Vec<&str> = all(&archive, "article.issue-teaser a[href^='/issues/']")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(issues.first(), Some(&"/issues/2/"));
    assert!(issues.contains(&"/issues/1/"));
}

#[test]
fn standalone_page_and_404() {
    let site = magazine();
    let doc = site.html("about/index.html");
    assert_eq!(text(one(&doc, "article.page h1")), "About us");
    assert_eq!(text(one(&doc, ".page-body p")), "We are a magazine.");
    let nf = site.html("404.html");
    assert_eq!(attr(one(&nf, "html"), "lang"), "en");
}

#[test]
fn every_page_uses_the_hashed_minified_stylesheet() {
    let site = magazine();
    let doc = site.html("index.html");
    let href = attr(one(&doc, "link[rel=stylesheet]"), "href");
    let name = href.rsplit('/').next().unwrap();
    let parts: Vec<&str> = name.split('.').collect();
    assert_eq!(parts.len(), 3, "{name}");
    assert_eq!(parts[1].len(), 10);
    let css = std::fs::read_to_string(site.out(href.trim_start_matches('/'))).unwrap();
    assert!(!css.contains("\n  "), "not minified");
    assert!(!css.contains("@import"), "imports not bundled");
}

#[test]
fn raw_html_in_titles_and_deks_is_shown_as_text_everywhere() {
    let site = SiteTest::minimal()
        .article(
            "content/essays/one.md",
            "title = \"Understanding the <script>document.title='x'</script> tag\"\ndek = \"How the <style> element works\"",
            "Body.\n",
        )
        .article("content/essays/two.md", "title = \"Two\"\ndate = 2024-01-01", "Body.\n");
    site.build(&[]).ok();
    for page in [
        "essays/one/index.html",
        "essays/two/index.html",
        "index.html",
        "essays/index.html",
    ] {
        let doc = site.html(page);
        assert!(
            all(&doc, "body script:not([type]), body style").is_empty(),
            "{page}: raw HTML got through"
        );
    }
    let doc = site.html("essays/one/index.html");
    assert_eq!(
        text(one(&doc, "h1.headline")),
        "Understanding the <script>document.title=’x’</script> tag"
    );
    assert_eq!(text(one(&doc, "p.dek")), "How the <style> element works");
}
