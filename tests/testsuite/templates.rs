//! Templates: every field documented in content/templates.md renders; filters;
//! template errors name the template, its line, the variable and the content file.

use crate::figures::png;
use crate::support::*;

const SITE: &[&str] = &[
    "site.title",
    "site.description",
    "site.language",
    "site.base_url",
    "site.base_path",
    "site.url",
    "site.sections",
    "site.issues",
    "site.newest_issue",
    "site.extra",
    "site.generator",
    "page_url",
    "page_permalink",
    "page_kind",
    "site.sections[0].slug",
    "site.sections[0].name",
    "site.sections[0].description",
    "site.sections[0].url",
    "site.sections[0].article_count",
    "site.issues[0].number",
    "site.issues[0].title",
    "site.issues[0].title_text",
    "site.issues[0].date",
    "site.issues[0].date_display",
    "site.issues[0].url",
    "site.issues[0].cover",
    "site.issues[0].cover_credit",
    "site.issues[0].blurb",
    "site.issues[0].article_count",
    "site.issues[0].cover.url",
    "site.issues[0].cover.permalink",
    "site.issues[0].cover.alt",
    "site.issues[0].cover.width",
    "site.issues[0].cover.height",
    "site.issues[0].cover.srcset",
    "site.issues[0].cover.srcset_type",
    "site.issues[0].cover.card_permalink",
    "site.issues[0].cover.card_width",
    "site.issues[0].cover.card_height",
];

const SUMMARY: &[&str] = &[
    "title",
    "title_text",
    "dek",
    "dek_text",
    "summary",
    "url",
    "permalink",
    "date",
    "date_display",
    "updated",
    "updated_display",
    "section",
    "issue",
    "authors",
    "illustrators",
    "photographers",
    "tags",
    "image",
    "word_count",
    "reading_time",
    "featured",
    "datetime",
    "updated_datetime",
    "authors[0].name",
    "authors[0].slug",
    "authors[0].url",
    "authors[0].permalink",
    "tags[0].name",
    "tags[0].slug",
    "tags[0].url",
    "tags[0].permalink",
];

const ARTICLE: &[&str] = &[
    "article.body",
    "article.toc",
    "article.toc[0].level",
    "article.toc[0].id",
    "article.toc[0].title",
    "article.toc[0].children",
    "article.image_caption",
    "article.art_credit",
    "article.more_in_section",
    "article.latest",
    "article.issue_articles",
    "article.previous_in_issue",
    "article.next_in_issue",
    "article.footnote_count",
    "article.extra",
    "article.jsonld",
];

const INDEX: &[&str] = &[
    "newest_issue",
    "newest_issue_articles",
    "featured",
    "latest",
];
const SECTION: &[&str] = &[
    "section",
    "paginator.items",
    "paginator.current_page",
    "paginator.total_pages",
    "paginator.previous_url",
    "paginator.next_url",
    "paginator.first_url",
    "paginator.last_url",
];
const CONTRIBUTOR: &[&str] = &[
    "name",
    "slug",
    "url",
    "permalink",
    "bio",
    "bio_text",
    "image",
    "links",
    "links[0].name",
    "links[0].url",
    "article_count",
    "writing_count",
    "art_count",
    "photography_count",
    "roles",
    "extra",
];
const AUTHOR: &[&str] = &[
    "paginator.items",
    "paginator.current_page",
    "roles",
    "roles[0].role",
    "roles[0].key",
    "roles[0].articles",
];
const TAG: &[&str] = &[
    "tag.name",
    "tag.slug",
    "tag.url",
    "tag.permalink",
    "tag.article_count",
    "paginator.items",
];
const ISSUES: &[&str] = &["issues"];
const ISSUE: &[&str] = &[
    "issue.sections",
    "issue.sections[0].section",
    "issue.sections[0].articles",
    "issue.previous_issue",
    "issue.next_issue",
    "issue.previous_issue",
];
const PAGE: &[&str] = &[
    "page.title",
    "page.title_text",
    "page.dek",
    "page.dek_text",
    "page.body",
    "page.url",
    "page.permalink",
    "page.extra",
];
/// Null in this fixture, by design (first page of a section; the newest issue).
const MAY_BE_NULL: &[&str] = &[
    "paginator.previous_url",
    "paginator.next_url",
    "issue.next_issue",
    "issue.previous_issue",
];

fn template(exprs: &[String]) -> String {
    let mut t = String::from("<!DOCTYPE html><html lang=\"en\"><title>t</title><ul>\n");
    for e in exprs {
        t.push_str(&format!(
            "<li data-expr=\"{e}\">{{{{ {e} | json_encode() }}}}</li>\n"
        ));
    }
    t.push_str("</ul></html>\n");
    t
}

/// `specific` and each CONTRIBUTOR field under `prefix`.
fn contributor_exprs(specific: &[&str], prefix: &str) -> Vec<String> {
    let mut all = exprs(specific, None);
    all.extend(CONTRIBUTOR.iter().map(|f| format!("{prefix}.{f}")));
    all
}

fn exprs(specific: &[&str], summary_prefix: Option<&str>) -> Vec<String> {
    let mut all: Vec<String> = SITE.iter().chain(specific).map(|s| s.to_string()).collect();
    if let Some(p) = summary_prefix {
        all.extend(SUMMARY.iter().map(|f| format!("{p}.{f}")));
    }
    all
}

fn documented_site() -> SiteTest {
    let mut site = SiteTest::minimal()
        .file(
            "content/issues/1.md",
            "+++\nnumber = 1\ntitle = \"The First Issue\"\ndate = 2024-01-01\ncover = \"/cover.png\"\ncover_alt = \"A cover\"\ncover_credit = \"Cover by *C*\"\n+++\nOur first issue.\n",
        )
        .file(
            "content/issues/2.md",
            "+++\nnumber = 2\ndate = 2024-03-01\ncover = \"/cover.png\"\ncover_alt = \"A cover\"\ncover_credit = \"Cover by C\"\n+++\nThe second.\n",
        )
        .file(
            "content/about.md",
            "+++\ntitle = \"About\"\ndek = \"Who we are\"\n[extra]\nk = 1\n+++\nHi.\n",
        )
        .file("mag.toml", &format!("{}\n[extra]\nx = 1\n", std::fs::read_to_string(repo_path("tests/testsuite/fixtures/minimal/mag.toml")).unwrap()));
    site.write("static/cover.png", &png(600, 800));
    // Every contributor has a bio, so that every Contributor field has a value.
    for (slug, name) in [
        ("jane-doe", "Jane Doe"),
        ("john-biggs", "John Biggs"),
        ("p-hotog", "P. Hotog"),
    ] {
        site = site.file(
            &format!("content/authors/{slug}.md"),
            &format!("+++\nname = \"{name}\"\nimage = \"/cover.png\"\nimage_alt = \"{name}\"\nlinks = [{{ name = \"Site\", url = \"https://people.example/{slug}\" }}]\n[extra]\nk = 1\n+++\n{name} writes.\n"),
        );
    }
    for (slug, day) in [("a", "10"), ("b", "11"), ("c", "12")] {
        site = site.article(
            &format!("content/essays/{slug}/index.md"),
            &format!(
                "title = \"Essay {slug}\"\ndek = \"A *dek*\"\nauthors = [\"Jane Doe\"]\nillustrators = [\"John Biggs\"]\nphotographers = [\"P. Hotog\"]\ndate = 2024-02-{day}\nupdated = 2024-02-20\nissue = 2\ntags = [\"history\"]\nimage = \"lead.png\"\nimage_alt = \"Lead\"\nimage_caption = \"A *caption*\"\nart_credit = \"Art by John Biggs\"\nfeatured = true\n[extra]\nmood = \"calm\""
            ),
            "## One\n\n### One A\n\nText with a note.[^n]\n\n[^n]: The note.\n",
        );
        site.write(&format!("content/essays/{slug}/lead.png"), &png(1200, 800));
    }
    site = site.article(
        "content/personages/d.md",
        "title = \"D\"\nauthors = [\"Jane Doe\"]\ntags = [\"x\"]\nissue = 1\ndate = 2024-01-05\nimage = \"/cover.png\"",
        "## One\n\nText.\n",
    );
    site.file(
        "templates/index.html",
        &template(&exprs(INDEX, Some("latest[0]"))),
    )
    .file(
        "templates/article.html",
        &template(&exprs(ARTICLE, Some("article"))),
    )
    .file(
        "templates/section.html",
        &template(&exprs(SECTION, Some("paginator.items[0]"))),
    )
    .file("templates/issues.html", &template(&exprs(ISSUES, None)))
    .file("templates/issue.html", &template(&exprs(ISSUE, None)))
    .file("templates/page.html", &template(&exprs(PAGE, None)))
    .file("templates/404.html", &template(&exprs(&[], None)))
    .file(
        "templates/authors.html",
        &template(&contributor_exprs(&["authors"], "authors[0]")),
    )
    .file(
        "templates/author.html",
        &template(&contributor_exprs(AUTHOR, "author")),
    )
    .file(
        "templates/tag.html",
        &template(&exprs(TAG, Some("paginator.items[0]"))),
    )
}

#[test]
fn every_documented_field_renders() {
    let site = documented_site();
    site.build(&[]).ok();
    for page in [
        "index.html",
        "essays/b/index.html",
        "essays/index.html",
        "issues/index.html",
        "issues/2/index.html",
        "about/index.html",
        "404.html",
        "authors/index.html",
        "authors/jane-doe/index.html",
        "tags/history/index.html",
    ] {
        let doc = site.html(page);
        let items = all(&doc, "li[data-expr]");
        assert!(items.len() >= SITE.len(), "{page}");
        for li in items {
            let expr = attr(li, "data-expr");
            let value = text(li);
            assert!(!value.is_empty(), "{page}: {expr} is empty");
            if !MAY_BE_NULL.contains(&expr) {
                assert_ne!(value, "null", "{page}: {expr} is null");
            }
        }
    }
}

/// Every field named in the first column of a table in content/templates.md is
/// rendered by [`every_documented_field_renders`].
#[test]
fn the_test_covers_every_documented_field() {
    let doc = std::fs::read_to_string(repo_path("content/templates.md")).unwrap();
    let tested: Vec<String> = [
        SITE,
        SUMMARY,
        ARTICLE,
        INDEX,
        SECTION,
        ISSUES,
        ISSUE,
        PAGE,
        CONTRIBUTOR,
        AUTHOR,
        TAG,
    ]
    .concat()
    .iter()
    .flat_map(|e| {
        e.split(['.', '[', ']'])
            .map(str::to_string)
            .collect::<Vec<_>>()
    })
    .collect();
    let mut missing = Vec::new();
    for line in doc.lines().filter(|l| l.starts_with("| `")) {
        let line = line.replace("\\|", "¦");
        let first = line.split('|').nth(1).unwrap_or("");
        for (i, part) in first.split('`').enumerate() {
            if i % 2 == 0 || part.contains(['(', '¦']) {
                continue; // outside backticks, or a function or filter
            }
            let last = part.rsplit('.').next().unwrap();
            if !tested.iter().any(|t| t == last) {
                missing.push(part.to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "documented but not rendered by the test: {missing:?}"
    );
}

#[test]
fn filters_localdate_reading_time_smartypants() {
    let site = SiteTest::minimal()
        .file(
            "mag.toml",
            &format!(
                "language = \"fr\"\n{}\n[extra]\nmotto = \"It's \\\"ours\\\" -- all of it...\"\nlink = \"*See* [this](/about/)\"\n",
                std::fs::read_to_string(repo_path("tests/testsuite/fixtures/minimal/mag.toml")).unwrap()
            ),
        )
        .article("content/essays/a.md", "title = \"A\"\ndate = 2023-01-10", &"word ".repeat(500))
        .file(
            "templates/article.html",
            "<p id=\"d\">{{ article.date | localdate }}</p><p id=\"de\">{{ article.date | localdate(lang=\"de\") }}</p><p id=\"m\">{{ article.date | localdate(format=\"month\", lang=\"en\") }}</p><p id=\"s\">{{ article.date | localdate(format=\"short\") }}</p><p id=\"dd\">{{ article.date_display }}</p><p id=\"r\">{{ article.word_count | reading_time }}</p><p id=\"rt\">{{ article.body | striptags | reading_time }}</p><p id=\"sp\">{{ site.extra.motto | smartypants }}</p><p id=\"mi\">{{ site.extra.link | markdown_inline | safe }}</p>",
        );
    site.build(&["--base-url", "https://example.org/review/"])
        .ok();
    let doc = site.html("essays/a/index.html");
    let get = |id: &str| text(one(&doc, &format!("#{id}")));
    assert_eq!(attr(one(&doc, "#mi > a"), "href"), "/review/about/");
    one(&doc, "#mi > em");
    assert_eq!(get("d"), "10 janvier 2023");
    assert_eq!(get("de"), "10. Januar 2023");
    assert_eq!(get("m"), "January 2023");
    assert_eq!(get("s"), "10 janv. 2023");
    assert_eq!(get("dd"), "10 janvier 2023");
    assert_eq!(get("r"), "3");
    assert_eq!(get("rt"), "3");
    assert_eq!(get("sp"), "It’s “ours” – all of it…");
}

#[test]
fn missing_variable_names_template_line_variable_and_content_file() {
    let site = SiteTest::minimal()
        .article("content/essays/a.md", "title = \"A\"", "Body.\n")
        .file(
            "templates/article.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ article.title }}</h1>\n<p>{{ article.subtitle }}</p>\n{% endblock content %}\n",
        );
    site.build(&[]).fails().reports(&[
        "templates/article.html:4:7",
        "variable `article.subtitle` is not defined",
        "content/essays/a.md",
    ]);
}

#[test]
fn missing_variable_in_an_included_partial_names_the_partial() {
    let site = SiteTest::minimal()
        .article("content/essays/a.md", "title = \"A\"", "Body.\n")
        .file(
            "templates/partials/byline.html",
            "<p class=\"byline\">\n  {{ item.writer }}\n</p>\n",
        );
    site.build(&[]).fails().reports(&[
        "templates/partials/byline.html:2:6",
        "variable `item.writer` is not defined",
    ]);
}

#[test]
fn unknown_filter_names_the_filter_and_line() {
    let site = SiteTest::minimal()
        .article("content/essays/a.md", "title = \"A\"", "Body.\n")
        .file(
            "templates/article.html",
            "<p>\n{{ article.title | shout }}\n</p>\n",
        );
    site.build(&[]).fails().reports(&[
        "templates/article.html:2:",
        "unknown filter `shout`",
        "content/essays/a.md",
    ]);
}

#[test]
fn template_syntax_error_names_file_and_line() {
    let site = SiteTest::minimal().file("templates/page.html", "<p>\n{% if %}\n</p>\n");
    site.build(&[])
        .fails()
        .reports(&["templates/page.html", "2:"]);
}

#[test]
fn template_syntax_error_reads_file_line_column_message() {
    let site = SiteTest::minimal().file(
        "templates/page.html",
        "<p>\n<b>{{ page.title | }}</b>\n</p>\n",
    );
    site.build(&[]).fails().reports(&[
        "error: template syntax: expected an identifier",
        "--> templates/page.html:2:20",
        "2 | <b>{{ page.title | }}</b>",
    ]);
    // Tera's own multi-line rendering (with its `-->` and `= expected`) is not repeated.
    let err = site.build(&[]).stderr();
    assert_eq!(err.matches("-->").count(), 1, "{err}");
    assert!(!err.contains("= expected"), "{err}");
}
