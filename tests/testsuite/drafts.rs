//! Drafts and scheduled articles are left out unless asked for.

use crate::support::*;

fn site() -> SiteTest {
    SiteTest::minimal()
        .article("content/essays/public.md", "title = \"Public\"", "x\n")
        .article(
            "content/essays/draft.md",
            "title = \"Draft\"\ndraft = true",
            "x\n",
        )
        .file(
            "content/essays/undated-draft.md",
            "+++\ntitle = \"Undated\"\ndraft = true\n+++\nx\n",
        )
        .article(
            "content/essays/later.md",
            "title = \"Later\"\ndate = 2999-01-01",
            "x\n",
        )
}

fn listed(site: &SiteTest) -> Vec<String> {
    let doc = site.html("essays/index.html");
    all(&doc, "article.teaser h2 a")
        .into_iter()
        .map(text)
        .collect()
}

#[test]
fn drafts_and_future_left_out_by_default() {
    let site = site();
    site.build(&[]).ok();
    assert!(site.out("essays/public/index.html").is_file());
    assert!(!site.out("essays/draft/index.html").exists());
    assert!(!site.out("essays/later/index.html").exists());
    assert_eq!(listed(&site), ["Public"]);
}

#[test]
fn flags_bring_them_in() {
    let site = site();
    site.build(&["--drafts"]).ok();
    assert!(site.out("essays/draft/index.html").is_file());
    assert!(site.out("essays/undated-draft/index.html").is_file());
    assert!(!site.out("essays/later/index.html").exists());
    site.build(&["--drafts", "--future"]).ok();
    assert_eq!(listed(&site), ["Later", "Draft", "Public", "Undated"]);
}

#[test]
fn published_article_needs_a_date() {
    let site = SiteTest::minimal().file(
        "content/essays/nodate.md",
        "+++\ntitle = \"No date\"\n+++\nx\n",
    );
    site.build(&[])
        .fails()
        .reports(&["content/essays/nodate.md", "has no date"]);
}

#[test]
fn link_to_a_draft_says_so() {
    let site = site().article(
        "content/essays/linker.md",
        "title = \"Linker\"",
        "[d](@/essays/draft.md)\n",
    );
    site.build(&[])
        .fails()
        .reports(&["content/essays/linker.md", "draft"]);
    site.build(&["--drafts"]).ok();
}
