//! Contributor pages, tags, bylines and pagination of their lists.

use crate::support::*;

fn titles(doc: &scraper::Html, selector: &str) -> Vec<String> {
    all(doc, selector).into_iter().map(text).collect()
}

fn magazine() -> SiteTest {
    SiteTest::minimal()
        .article(
            "content/essays/one.md",
            "title = \"One\"\ndek = \"Dek one\"\nauthors = [\"Ann Author\"]\nillustrators = [\"Ivy Drawer\"]\ntags = [\"History\", \"local government\"]\ndate = 2024-02-01\nissue = 1",
            "One.\n",
        )
        .article(
            "content/essays/two.md",
            "title = \"Two\"\ndek = \"Dek two\"\nauthors = [\"Ann Author\", \"Bo Writer\"]\nphotographers = [\"Ann Author\"]\ntags = [\"history\"]\ndate = 2024-02-03\nissue = 1",
            "Two.\n",
        )
        .article(
            "content/personages/three.md",
            "title = \"Three\"\ndek = \"Dek three\"\nillustrators = [\"Ann Author\"]\ndate = 2024-02-02\nissue = 1",
            "Three.\n",
        )
        .file(
            "content/authors/ann-author.md",
            "+++\nname = \"Ann Q. Author\"\nimage = \"/images/ann.png\"\nimage_alt = \"Ann\"\nlinks = [{ name = \"Website\", url = \"https://ann.example/\" }]\n+++\nAnn writes about *history*.\n",
        )
        .file(
            "content/authors/silent-partner.md",
            "+++\nname = \"Silent Partner\"\n+++\nHas not published yet.\n",
        )
}

#[test]
fn bylines_link_to_contributor_pages() {
    let site = magazine();
    site.write("static/images/ann.png", &crate::figures::png(10, 10));
    site.build(&[]).ok().no_warnings();
    let doc = site.html("essays/two/index.html");
    let byline = one(&doc, "article.article p.byline");
    let links: Vec<(&str, String)> = byline
        .select(&sel("a"))
        .map(|a| (attr(a, "href"), text(a)))
        .collect();
    assert_eq!(
        links,
        [
            ("/authors/ann-author/", "Ann Author".to_string()),
            ("/authors/bo-writer/", "Bo Writer".to_string()),
            ("/authors/ann-author/", "Ann Author".to_string()),
        ]
    );
    let doc = site.html("essays/one/index.html");
    assert_eq!(
        text(one(&doc, "article.article p.byline"))
            .split(" January")
            .next()
            .unwrap()
            .split(" February")
            .next()
            .unwrap(),
        "By Ann Author · Art by Ivy Drawer"
    );
    // Tags link to their pages; names are slugged ("local government").
    let tags: Vec<&str> = all(&doc, "ul.tags a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(tags, ["/tags/history/", "/tags/local-government/"]);
}

#[test]
fn contributor_page_shows_bio_links_and_work_by_role() {
    let site = magazine();
    site.write("static/images/ann.png", &crate::figures::png(10, 10));
    site.build(&[]).ok();
    let doc = site.html("authors/ann-author/index.html");
    assert_eq!(text(one(&doc, "h1")), "Ann Q. Author");
    assert_eq!(
        text(one(&doc, ".contributor-bio")),
        "Ann writes about history."
    );
    assert_eq!(
        attr(one(&doc, ".contributor-links a"), "href"),
        "https://ann.example/"
    );
    assert_eq!(
        attr(one(&doc, ".contributor-portrait img"), "src"),
        "/images/ann.png"
    );
    assert_eq!(
        titles(&doc, "section.contributor-role > h2"),
        ["Writing", "Art", "Photography"]
    );
    assert_eq!(
        titles(&doc, "section.role-writing .teaser-title a"),
        ["Two", "One"]
    );
    assert_eq!(titles(&doc, "section.role-art .teaser-title a"), ["Three"]);
    assert_eq!(
        titles(&doc, "section.role-photography .teaser-title a"),
        ["Two"]
    );
}

#[test]
fn every_contributor_gets_a_page_even_without_a_bio() {
    let site = magazine();
    site.write("static/images/ann.png", &crate::figures::png(10, 10));
    site.build(&[]).ok();
    let doc = site.html("authors/ivy-drawer/index.html");
    assert_eq!(text(one(&doc, "h1")), "Ivy Drawer");
    assert_eq!(titles(&doc, "section.role-art .teaser-title a"), ["One"]);
    let doc = site.html("authors/silent-partner/index.html");
    assert_eq!(text(one(&doc, "h1")), "Silent Partner");
    // The index lists everyone by surname, with article counts.
    let doc = site.html("authors/index.html");
    assert_eq!(
        titles(&doc, ".contributor-name a"),
        ["Ann Q. Author", "Ivy Drawer", "Silent Partner", "Bo Writer"]
    );
    let ann = all(&doc, "li.contributor-card")[0];
    assert_eq!(text(one_in(ann, ".contributor-count")), "3 articles");
    assert_eq!(
        text(one_in(ann, ".contributor-roles")),
        "Writing, Art, Photography"
    );
}

#[test]
fn tag_pages_list_their_articles_newest_first() {
    let site = magazine();
    site.write("static/images/ann.png", &crate::figures::png(10, 10));
    site.build(&[]).ok();
    let doc = site.html("tags/history/index.html");
    // The name as written in the newest article.
    assert_eq!(text(one(&doc, "h1")), "history");
    assert_eq!(titles(&doc, ".teaser-title a"), ["Two", "One"]);
    assert!(site.out("tags/local-government/index.html").is_file());
}

#[test]
fn also_in_this_issue_lists_the_rest_of_the_issue_in_order() {
    let site = magazine();
    site.write("static/images/ann.png", &crate::figures::png(10, 10));
    site.build(&[]).ok();
    let doc = site.html("essays/one/index.html");
    assert_eq!(
        titles(&doc, ".issue-context-also ul.also-in-issue > li > a"),
        ["Two", "Three"]
    );
}

fn one_in<'a>(el: scraper::ElementRef<'a>, s: &str) -> scraper::ElementRef<'a> {
    let found: Vec<_> = el.select(&sel(s)).collect();
    assert_eq!(found.len(), 1, "{s}");
    found[0]
}

/// A site whose tag, author and section each have `n` articles, paginated by 2.
fn paginated(n: usize) -> SiteTest {
    let mut site = SiteTest::minimal();
    for i in 1..=n {
        site = site.article(
            &format!("content/essays/a{i}.md"),
            &format!(
                "title = \"A{i}\"\nauthors = [\"Ann Author\"]\ntags = [\"t\"]\ndate = 2024-01-0{i}"
            ),
            "x\n",
        );
    }
    let config = std::fs::read_to_string(site.root.join("mag.toml")).unwrap();
    let site = site.file("mag.toml", &format!("paginate_by = 2\n{config}"));
    site.build(&[]).ok();
    site
}

#[test]
fn exactly_paginate_by_articles_make_one_page() {
    let site = paginated(2);
    for first in ["essays/", "tags/t/", "authors/ann-author/"] {
        let doc = site.html(&format!("{first}index.html"));
        assert!(
            all(&doc, "link[rel=next], link[rel=prev], nav.pagination").is_empty(),
            "{first}"
        );
        assert!(
            !site.out(&format!("{first}page/2/index.html")).exists(),
            "{first}"
        );
    }
}

#[test]
fn one_more_article_makes_a_second_page_with_prev_and_next() {
    let site = paginated(3);
    for (first, item) in [
        ("essays/", ".teaser-title a"),
        ("tags/t/", ".teaser-title a"),
        ("authors/ann-author/", ".teaser-title a"),
    ] {
        let doc = site.html(&format!("{first}index.html"));
        assert_eq!(titles(&doc, item), ["A3", "A2"], "{first}");
        let next = format!("/{first}page/2/");
        assert_eq!(attr(one(&doc, "head link[rel=next]"), "href"), next);
        assert_eq!(attr(one(&doc, "nav.pagination a[rel=next]"), "href"), next);
        assert!(all(&doc, "link[rel=prev]").is_empty());
        let doc = site.html(&format!("{first}page/2/index.html"));
        assert_eq!(titles(&doc, item), ["A1"], "{first}");
        assert_eq!(
            attr(one(&doc, "head link[rel=prev]"), "href"),
            format!("/{first}")
        );
        assert!(all(&doc, "link[rel=next]").is_empty());
        assert_eq!(text(one(&doc, ".pagination-status")), "Page 2 of 2");
        assert!(!site.out(&format!("{first}page/1/index.html")).exists());
        assert!(!site.out(&format!("{first}page/3/index.html")).exists());
    }
}

#[test]
fn two_bio_files_for_one_contributor_name_both_files() {
    let site = SiteTest::minimal()
        .file(
            "content/authors/jane-doe.md",
            "+++\nname = \"Jane Doe\"\n+++\nOne.\n",
        )
        .file(
            "content/authors/Jane Doe.md",
            "+++\nname = \"Jane Doe\"\n+++\nTwo.\n",
        );
    site.build(&[]).fails().reports(&[
        "content/authors/Jane Doe.md",
        "content/authors/jane-doe.md",
        "/authors/jane-doe/",
    ]);
}

#[test]
fn a_bio_link_must_be_absolute() {
    let site = SiteTest::minimal().file(
        "content/authors/jane-doe.md",
        "+++\nname = \"Jane Doe\"\nlinks = [{ name = \"Site\", url = \"jane.example\" }]\n+++\nOne.\n",
    );
    site.build(&[]).fails().reports(&[
        "content/authors/jane-doe.md:3:",
        "`jane.example` is not an absolute URL",
    ]);
}

#[test]
fn an_internal_link_can_point_at_a_bio_file() {
    let site = magazine().article(
        "content/essays/four.md",
        "title = \"Four\"",
        "Ask [Ann](@/authors/ann-author.md).\n",
    );
    site.write("static/images/ann.png", &crate::figures::png(10, 10));
    site.build(&[]).ok();
    let doc = site.html("essays/four/index.html");
    assert_eq!(
        attr(one(&doc, ".article-body a"), "href"),
        "/authors/ann-author/"
    );
}

#[test]
fn tags_whose_slugs_collide_are_a_warning_naming_spellings_and_files() {
    let site = SiteTest::minimal()
        .article(
            "content/essays/a.md",
            "title = \"A\"\ntags = [\"c++\", \"History\"]",
            "A.\n",
        )
        .article(
            "content/essays/b.md",
            "title = \"B\"\ntags = [\"C#\", \"history\"]",
            "B.\n",
        )
        .article(
            "content/essays/c.md",
            "title = \"C\"\ntags = [\"c\"]",
            "C.\n",
        );
    let run = site.build(&[]).ok();
    let run = run.reports(&[
        "warning:",
        "`c++` (content/essays/a.md)",
        "`C#` (content/essays/b.md)",
        "`c` (content/essays/c.md)",
        "/tags/c/",
    ]);
    // `History` and `history` are one tag written two ways: no warning for them.
    assert!(!run.stderr().contains("/tags/history/"), "{}", run.stderr());
    assert_eq!(
        titles(&site.html("tags/c/index.html"), ".teaser-title a"),
        ["A", "B", "C"]
    );
}

#[test]
fn contributor_class_marks_byline_links_only_not_authors_list_items() {
    let site = magazine();
    site.write("static/images/ann.png", &crate::figures::png(10, 10));
    site.build(&[]).ok();
    // The /authors/ cards have their own class, so the card rule (a top border)
    // never reaches the byline links of article lists.
    let authors = site.html("authors/index.html");
    assert!(!all(&authors, ".contributor-list > li.contributor-card").is_empty());
    for page in ["authors/index.html", "index.html", "essays/one/index.html"] {
        let doc = site.html(page);
        for el in all(&doc, ".contributor") {
            assert_eq!(el.value().name(), "a", "{page}: {}", el.html());
        }
    }
    // In an article list, only the title link is set as a headline.
    let doc = site.html("essays/one/index.html");
    for li in all(&doc, ".article-list > li") {
        assert_eq!(
            li.select(&sel("a.article-list-title")).count(),
            1,
            "{}",
            li.html()
        );
        assert_eq!(
            li.select(&sel(".article-list-meta a.article-list-title"))
                .count(),
            0
        );
    }
    assert!(!all(&doc, ".article-list .article-list-meta a.contributor").is_empty());
}

#[test]
fn names_are_trimmed_and_a_name_without_letters_is_an_error() {
    let site = SiteTest::minimal().article(
        "content/essays/one.md",
        "title = \"One\"\nauthors = [\"  José Martí \"]\ntags = [\" history \"]",
        "x\n",
    );
    site.build(&[]).ok().no_warnings();
    let doc = site.html("authors/jose-marti/index.html");
    assert_eq!(text(one(&doc, "h1")), "José Martí");
    let site = SiteTest::minimal()
        .article(
            "content/essays/one.md",
            "title = \"One\"\nauthors = [\"!!!\"]",
            "x\n",
        )
        .article(
            "content/essays/two.md",
            "title = \"Two\"\ntags = [\"★\", \"\"]",
            "x\n",
        );
    let run = site.build(&[]).fails();
    let run = run.reports(&[
        "content/essays/one.md:3:",
        "`authors`: `!!!` has no letter or digit",
    ]);
    run.reports(&["content/essays/two.md:3:", "`tags`: `★`"])
        .reports(&["content/essays/two.md:3:", "`tags`: a name is empty"]);
}
