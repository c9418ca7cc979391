//! `mag new site`, `mag new article`, `mag new issue`.

use crate::support::*;

#[test]
fn new_site_builds_at_once_without_warnings() {
    let work = SiteTest::minimal();
    work.mag(&["new", "site", "my-review"]).ok();
    let site = work.root.join("my-review");
    assert!(std::fs::read_to_string(site.join("mag.toml"))
        .unwrap()
        .contains("title = \"My Review\""));
    let run = work.mag(&["build", "my-review"]).ok().no_warnings();
    assert!(
        run.stdout().contains("2 articles, 1 issue, 2 sections"),
        "{}",
        run.stdout()
    );
    let out = |rel: &str| {
        let text = std::fs::read_to_string(site.join("public").join(rel)).unwrap();
        scraper::Html::parse_document(&text)
    };
    let essay = out("essays/welcome-to-your-magazine/index.html");
    assert!(all(&essay, "section.footnotes li").len() >= 2);
    assert_eq!(all(&essay, "aside.pullquote cite").len(), 1);
    assert!(all(&essay, ".article-body figure figcaption").len() >= 2);
    assert_eq!(
        text(one(&essay, ".article-body figure .credit")),
        "Art by mag"
    );
    assert!(!all(&essay, "figure.lead-art .credit").is_empty());
    let issue = out("issues/1/index.html");
    assert!(attr(one(&issue, "img[src$='cover-1.svg']"), "src").ends_with("cover-1.svg"));
    assert!(site.join("public/images/cover-1.svg").exists());
    assert!(site.join("public/about/index.html").exists());
}

#[test]
fn new_site_refuses_a_folder_that_is_not_empty() {
    let work = SiteTest::minimal();
    let run = work.mag(&["new", "site", "content"]);
    assert_eq!(run.code(), 1);
    assert!(run.stderr().contains("not empty"), "{}", run.stderr());
    std::fs::create_dir(work.root.join("empty")).unwrap();
    work.mag(&["new", "site", "empty"]).ok();
}

#[test]
fn new_article_is_a_dated_draft_and_never_overwrites() {
    let site = SiteTest::minimal();
    site.mag(&[
        "new",
        "article",
        "Über den Staat",
        "--section",
        "personages",
        "--issue",
        "1",
        "--author",
        "Jane \"JD\" Doe",
    ])
    .ok();
    let path = site.root.join("content/personages/uber-den-staat.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("+++\ntitle = \"Über den Staat\"\n"),
        "{text}"
    );
    assert!(text.contains("draft = true"), "{text}");
    assert!(text.contains("issue = 1"), "{text}");
    let fm: toml::Table = toml::from_str(text.split("+++").nth(1).unwrap()).unwrap();
    assert_eq!(fm["authors"][0].as_str(), Some("Jane \"JD\" Doe"));
    let today = chrono::Utc::now().format("date = %Y-%m-%d").to_string();
    assert!(text.contains(&today), "{text}");
    // It builds as a draft.
    site.build(&["--drafts"]).ok().no_warnings();
    assert!(site.out("personages/uber-den-staat/index.html").exists());
    // A second run refuses to overwrite.
    std::fs::write(&path, "mine").unwrap();
    let run = site.mag(&["new", "article", "Über den Staat", "-s", "personages"]);
    assert_eq!(run.code(), 1);
    assert!(run.stderr().contains("already exists"), "{}", run.stderr());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
}

#[test]
fn new_article_checks_the_section_and_defaults_to_the_first() {
    let site = SiteTest::minimal();
    let run = site.mag(&["new", "article", "X", "--section", "personage"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("did you mean `personages`?"),
        "{}",
        run.stderr()
    );
    site.mag(&["new", "article", "Plain Title"]).ok();
    assert!(site.root.join("content/essays/plain-title.md").exists());
}

#[test]
fn new_issue_from_another_folder() {
    let work = SiteTest::minimal();
    work.mag(&["new", "site", "r"]).ok();
    work.mag(&[
        "new",
        "issue",
        "2",
        "--title",
        "Second Thoughts",
        "--site",
        "r",
    ])
    .ok();
    let text = std::fs::read_to_string(work.root.join("r/content/issues/2.md")).unwrap();
    assert!(
        text.contains("number = 2\ntitle = \"Second Thoughts\""),
        "{text}"
    );
    work.mag(&["build", "r"]).ok().no_warnings();
    let run = work.mag(&["new", "issue", "2", "--site", "r"]);
    assert_eq!(run.code(), 1);
}

/// Runs `mag ARGS` in `dir`.
fn mag_in(dir: &std::path::Path, args: &[&str]) -> Run {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_mag"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run::of(output)
}

#[test]
fn new_article_finds_the_site_in_a_parent_folder() {
    let site = SiteTest::minimal();
    let deep = site.root.join("content/personages");
    std::fs::create_dir_all(&deep).unwrap();
    let run = mag_in(
        &deep,
        &["new", "article", "Found Upward", "-s", "personages"],
    )
    .ok();
    assert!(site
        .root
        .join("content/personages/found-upward.md")
        .exists());
    assert!(run.stdout().contains("found-upward.md"), "{}", run.stdout());
}

#[test]
fn new_article_outside_a_site_has_one_error_prefix() {
    let work = tempfile::tempdir().unwrap();
    let run = mag_in(work.path(), &["new", "article", "Lost"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().starts_with("error: mag.toml"),
        "{}",
        run.stderr()
    );
    assert!(!run.stderr().contains("error: error:"), "{}", run.stderr());
}

#[test]
fn new_site_hint_quotes_a_folder_with_spaces() {
    let work = SiteTest::minimal();
    let run = work.mag(&["new", "site", "My Review"]).ok();
    assert!(
        run.stdout().contains("mag serve 'My Review'"),
        "{}",
        run.stdout()
    );
    assert!(
        run.stdout().contains("--site 'My Review'"),
        "{}",
        run.stdout()
    );
}
