//! Front-matter errors: each names the file, the line and column in the file, and a fix.

use crate::support::*;

#[test]
fn invalid_toml_points_at_the_line_in_the_file() {
    let site = SiteTest::minimal().file(
        "content/essays/bad.md",
        "+++\ntitle = \"Fine\"\ndate = 2024-01-01\ndek = \"unclosed\n+++\nBody\n",
    );
    site.build(&[])
        .fails()
        .reports(&["error:", "content/essays/bad.md:4:", "invalid TOML"]);
    assert!(!site.out("index.html").exists());
}

#[test]
fn unknown_key_names_the_key_and_suggests() {
    let site = SiteTest::minimal().article(
        "content/essays/k.md",
        "title = \"K\"\nauhtors = [\"A\"]",
        "Body\n",
    );
    site.build(&[])
        .fails()
        .reports(&["error:", "content/essays/k.md:3:1", "unknown key `auhtors`"])
        .reports(&["help:", "did you mean `authors`?"]);
}

#[test]
fn wrong_types_are_errors_at_the_value() {
    let site = SiteTest::minimal()
        .file(
            "content/essays/d.md",
            "+++\ntitle = \"D\"\ndate = \"last tuesday\"\n+++\nBody\n",
        )
        .article(
            "content/essays/i.md",
            "title = \"I\"\nissue = \"fifty\"",
            "Body\n",
        );
    site.build(&[])
        .fails()
        .reports(&["content/essays/d.md:3:8", "`last tuesday` is not a date"])
        .reports(&["content/essays/i.md:3:9", "invalid type"]);
}

#[test]
fn undeclared_section_suggests_the_nearest() {
    let site = SiteTest::minimal().article("content/personage/x.md", "title = \"X\"", "Body\n");
    site.build(&[])
        .fails()
        .reports(&[
            "content/personage/x.md",
            "section `personage` is not declared",
        ])
        .reports(&["help:", "did you mean `personages`?"]);
    let site = SiteTest::minimal().article(
        "content/essays/y.md",
        "title = \"Y\"\nsection = \"esays\"",
        "Body\n",
    );
    site.build(&[])
        .fails()
        .reports(&["content/essays/y.md:3:11", "`esays`"])
        .reports(&["did you mean `essays`?"]);
}

#[test]
fn missing_issue_is_an_error_at_the_number() {
    let site =
        SiteTest::minimal().article("content/essays/m.md", "title = \"M\"\nissue = 7", "Body\n");
    site.build(&[])
        .fails()
        .reports(&["content/essays/m.md:3:9", "issue 7 does not exist"])
        .reports(&["help:", "content/issues/7.md"]);
}

#[test]
fn every_error_of_every_file_is_reported_together() {
    let site = SiteTest::minimal()
        .article("content/essays/a.md", "title = \"A\"\ncolour = 1", "x")
        .article("content/essays/b.md", "title = \"B\"\nissue = 9", "x")
        .file("content/essays/c.md", "no front matter here\n");
    let run = site
        .build(&[])
        .fails()
        .reports(&["content/essays/a.md:3:1", "unknown key `colour`"])
        .reports(&["content/essays/b.md:3:9", "issue 9 does not exist"])
        .reports(&[
            "error: the file has no front matter",
            "--> content/essays/c.md:1:1",
            "1 | no front matter here",
            "^",
        ]);
    let err = run.stderr();
    assert!(
        err.lines()
            .last()
            .unwrap()
            .starts_with("Build failed: 3 errors"),
        "{err}"
    );
}

#[test]
fn extra_holds_custom_data_and_crlf_and_bom_work() {
    let site = SiteTest::minimal().file(
        "content/essays/e.md",
        "\u{feff}+++\r\ntitle = \"E\"\r\ndate = 2024-01-01\r\n[extra]\r\nmood = \"calm\"\r\n+++\r\nBody *here*.\r\n",
    );
    site.build(&[]).ok().no_warnings();
    let doc = site.html("essays/e/index.html");
    assert_eq!(text(one(&doc, ".article-body em")), "here");
}
