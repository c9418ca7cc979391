//! YAML front matter between `---` lines: the same keys, the same errors (with line
//! and column in the file) as TOML, plus Hugo's and Jekyll's names.

use crate::support::*;

#[test]
fn yaml_article_builds_like_toml() {
    let site = SiteTest::minimal().file(
        "content/essays/y.md",
        "---\ntitle: \"A *Portrait* in Steel\"\ndek: One sentence\nauthors: [Jane Doe]\ndate: 2024-01-10\nissue: 1\ntags:\n  - history\nimage:\nextra:\n  mood: calm\n---\nBody *here*.\n",
    );
    site.build(&[]).ok().no_warnings();
    let doc = site.html("essays/y/index.html");
    assert_eq!(text(one(&doc, "h1.headline em")), "Portrait");
    assert_eq!(text(one(&doc, "p.dek")), "One sentence");
    assert!(text(one(&doc, "header.article-header")).contains("Jane Doe"));
    assert_eq!(text(one(&doc, ".article-body em")), "here");
}

#[test]
fn hugo_and_jekyll_names_are_accepted() {
    let site = SiteTest::minimal().file(
        "content/posts/old.md",
        "---\ntitle: Old post\ndescription: From Hugo\nauthor: John Roe\ncategories: [Personages, misc]\ndate: 2024-01-10\n---\nBody.\n",
    );
    site.build(&[]).ok().no_warnings();
    let doc = site.html("personages/old/index.html");
    assert_eq!(text(one(&doc, "p.dek")), "From Hugo");
    assert!(text(one(&doc, "header.article-header")).contains("John Roe"));
    assert_eq!(text(one(&doc, "p.kicker")), "Personages");
}

#[test]
fn yaml_errors_name_the_line_and_column_in_the_file() {
    let site = SiteTest::minimal()
        .file(
            "content/essays/k.md",
            "---\ntitle: K\ndate: 2024-01-10\nauhtors: [A]\n---\nBody\n",
        )
        .file(
            "content/essays/i.md",
            "---\ntitle: I\ndate: 2024-01-10\nissue: fifty\n---\nBody\n",
        )
        .file(
            "content/essays/d.md",
            "---\ntitle: D\ndate: last tuesday\n---\nBody\n",
        )
        .file(
            "content/essays/s.md",
            "---\ntitle: S\ndate: 2024-01-10\nsection: esays\n---\nBody\n",
        )
        .file(
            "content/essays/bad.md",
            "---\ntitle: [unclosed\ndate: 2024-01-10\n---\nBody\n",
        );
    site.build(&[])
        .fails()
        .reports(&["content/essays/k.md:4:1", "unknown key `auhtors`"])
        .reports(&["help:", "did you mean `authors`?"])
        .reports(&["content/essays/i.md:4:8", "invalid type"])
        .reports(&["content/essays/d.md:3:7", "`last tuesday` is not a date"])
        .reports(&["content/essays/s.md:4:10", "`esays`"])
        .reports(&["content/essays/bad.md:", "invalid YAML"]);
}

#[test]
fn yaml_issue_and_page() {
    let site = SiteTest::minimal()
        .file(
            "content/issues/2.md",
            "---\nnumber: 2\ntitle: The Second\ndate: 2024-06-01\n---\nBlurb.\n",
        )
        .file(
            "content/about.md",
            "---\ntitle: About us\ndescription: Who we are\n---\nText.\n",
        );
    site.build(&[]).ok().no_warnings();
    assert_eq!(
        text(one(&site.html("about/index.html"), "p.dek")),
        "Who we are"
    );
    assert!(site.out("issues/2/index.html").exists());
}

#[test]
fn a_number_title_and_a_single_category_string_are_accepted() {
    let site = SiteTest::minimal()
        .file(
            "content/posts/y2024.md",
            "---\ntitle: 2024\ncategories: Personages\ntags: history\nauthors: Jane Doe\ndate: 2024-01-10\n---\nBody.\n",
        )
        .file(
            "content/essays/t.md",
            "+++\ntitle = 1984\ntags = \"news\"\ndate = 2024-01-10\n+++\nBody.\n",
        );
    site.build(&[]).ok().no_warnings();
    let doc = site.html("personages/y2024/index.html");
    assert_eq!(text(one(&doc, "h1.headline")), "2024");
    assert!(text(one(&doc, "header.article-header")).contains("Jane Doe"));
    assert!(site.out("tags/history/index.html").exists());
    let doc = site.html("essays/t/index.html");
    assert_eq!(text(one(&doc, "h1.headline")), "1984");
    assert!(site.out("tags/news/index.html").exists());
}

#[test]
fn yaml_help_is_written_in_yaml() {
    let site = SiteTest::minimal().file(
        "content/essays/k.md",
        "---\ndek: no title\ndate: 2024-01-10\n---\nBody\n",
    );
    let run = site.build(&[]).fails();
    assert!(
        run.stderr().contains("add title: … to the front matter"),
        "{}",
        run.stderr()
    );
    assert!(!run.stderr().contains("title = "), "{}", run.stderr());
}
