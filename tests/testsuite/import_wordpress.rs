//! `mag import wordpress`: a hand-written WXR export into a new site.

use crate::support::*;

fn imported() -> (SiteTest, Run) {
    let work = SiteTest::minimal();
    work.mag(&["new", "site", "review"]).ok();
    let export = repo_path("tests/testsuite/fixtures/wordpress/export.xml");
    let run = work
        .mag(&[
            "import",
            "wordpress",
            export.to_str().unwrap(),
            "--into",
            "review",
        ])
        .ok();
    let site = SiteTest::copy_of(&work.root.join("review"));
    (site, run)
}

fn front_matter(site: &SiteTest, rel: &str) -> toml::Table {
    let text = std::fs::read_to_string(site.root.join(rel)).unwrap();
    let fm = text.split("+++").nth(1).unwrap();
    toml::from_str(fm).unwrap()
}

#[test]
fn summary_counts_posts_pages_drafts_and_skipped() {
    let (_, run) = imported();
    assert!(
        run.stdout()
            .contains("Imported 4 posts and 1 page (2 drafts); skipped 2 items."),
        "{}",
        run.stdout()
    );
    assert!(run.stderr().contains("“Private Note” (private)"));
}

#[test]
fn posts_keep_their_metadata() {
    let (site, _) = imported();
    let fm = front_matter(&site, "content/arts-letters/why-we-sing.md");
    assert_eq!(fm["title"].as_str(), Some("Why We Sing – Together"));
    assert_eq!(
        fm["dek"].as_str(),
        Some("Why people have always sung in groups.")
    );
    assert_eq!(fm["authors"][0].as_str(), Some("Jane Doe"));
    assert_eq!(fm["date"].to_string(), "2021-06-01T10:00:00Z");
    assert_eq!(fm["updated"].to_string(), "2021-07-02T08:30:00Z");
    assert_eq!(fm["tags"].as_array().unwrap().len(), 2);
    assert_eq!(fm["image"].as_str(), Some("/media/2021/06/lead.jpg"));
    assert_eq!(fm["aliases"][0].as_str(), Some("/2021/06/why-we-sing/"));
    // The section was declared with its decoded name.
    let config = std::fs::read_to_string(site.root.join("mag.toml")).unwrap();
    let config: toml::Table = toml::from_str(&config).unwrap();
    let sections = config["sections"].as_array().unwrap();
    assert!(sections
        .iter()
        .any(|s| s["slug"].as_str() == Some("arts-letters")
            && s["name"].as_str() == Some("Arts & Letters")));
    // Undated draft: no date, draft = true.
    let draft = front_matter(&site, "content/essays/unfinished-thoughts.md");
    assert!(draft.get("date").is_none());
    assert_eq!(draft["draft"].as_bool(), Some(true));
    let pending = front_matter(&site, "content/essays/pending-piece.md");
    assert_eq!(pending["draft"].as_bool(), Some(true));
    assert!(site.root.join("content/about-us.md").exists());
    let media = std::fs::read_to_string(site.root.join("imported-media.txt")).unwrap();
    assert_eq!(media.lines().count(), 4, "{media}");
    assert!(media.lines().all(|l| l.contains("/wp-content/uploads/")));
    assert!(media.lines().any(|l| l
        == "https://old.example.org/wp-content/uploads/2021/06/lead.jpg static/media/2021/06/lead.jpg"));
}

#[test]
fn imported_site_builds_with_footnotes_quotes_and_figures() {
    let (site, _) = imported();
    site.build(&["--drafts"]).ok().no_warnings();
    let doc = site.html("arts-letters/why-we-sing/index.html");
    assert_eq!(all(&doc, "section.footnotes li").len(), 2);
    assert_eq!(text(one(&doc, "aside.pullquote cite")), "A choirmaster");
    assert!(text(one(&doc, ".article-body > blockquote")).contains("— Leo Tolstoy"));
    assert!(!text(one(&doc, ".article-body")).contains("Lovely piece"));
    let figure = one(&doc, ".article-body figure:has(.credit)");
    assert_eq!(text(one(&doc, "figure .credit")), "Photo: Ann Lee");
    assert!(text(figure).starts_with("The Cantores at rehearsal."));
    assert_eq!(text(one(&doc, "figure em")), "Cantores");
    let classic = site.html("essays/a-classic-essay/index.html");
    assert_eq!(all(&classic, "section.footnotes li").len(), 1);
    assert_eq!(
        text(one(&classic, ".article-body figure figcaption")),
        "The bridge in winter"
    );
    assert!(site.out("about-us/index.html").exists());
    // A link to another imported post follows it to its new address.
    let link = one(
        &classic,
        ".article-body a[href='/arts-letters/why-we-sing/']",
    );
    assert_eq!(text(link), "why we sing");
    assert_eq!(
        all(
            &classic,
            ".article-body a[href='https://elsewhere.example.com/x/']"
        )
        .len(),
        1
    );
}

#[test]
fn never_overwrites_and_refuses_a_non_site() {
    let (site, _) = imported();
    let export = repo_path("tests/testsuite/fixtures/wordpress/export.xml");
    let run = site
        .mag(&["import", "wordpress", export.to_str().unwrap()])
        .ok();
    assert!(
        run.stdout().contains("Imported 0 posts and 0 pages"),
        "{}",
        run.stdout()
    );
    assert!(run.stderr().contains("already exists"));
    let run = site.mag(&[
        "import",
        "wordpress",
        export.to_str().unwrap(),
        "--into",
        "content",
    ]);
    assert_eq!(run.code(), 1);
    assert!(run.stderr().contains("not a mag site"), "{}", run.stderr());
}

/// A hand-written export: the channel, then `items` (each a whole `<item>`).
pub(crate) fn wxr(items: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Old Review</title><link>https://oldreview.example</link>
<wp:base_site_url>https://oldreview.example</wp:base_site_url>
{items}
</channel></rss>
"#
    )
}

/// One published `<item>`.
pub(crate) fn item(
    id: u32,
    kind: &str,
    name: &str,
    link: &str,
    extra: &str,
    content: &str,
) -> String {
    format!(
        r#"<item><title>{name}</title><link>https://oldreview.example{link}</link>
<content:encoded><![CDATA[{content}]]></content:encoded>
<wp:post_id>{id}</wp:post_id><wp:post_date_gmt>2020-01-05 10:00:00</wp:post_date_gmt>
<wp:post_name>{name}</wp:post_name><wp:status>publish</wp:status><wp:post_type>{kind}</wp:post_type>
{extra}</item>"#
    )
}

/// `mag import wordpress` of `xml` into a new site; the site and the run.
pub(crate) fn import_text(xml: &str) -> (SiteTest, Run) {
    let work = SiteTest::minimal();
    work.mag(&["new", "site", "review"]).ok();
    let export = work.root.join("export.xml");
    std::fs::write(&export, xml).unwrap();
    let run = work.mag(&[
        "import",
        "wordpress",
        export.to_str().unwrap(),
        "--into",
        "review",
    ]);
    let site = SiteTest::copy_of(&work.root.join("review"));
    (site, run)
}

pub(crate) const ESSAYS: &str =
    r#"<category domain="category" nicename="essays"><![CDATA[Essays]]></category>"#;

#[test]
fn a_gallery_imports_every_image_with_its_caption() {
    let block = r#"<!-- wp:gallery {"linkTo":"none"} -->
<figure class="wp-block-gallery has-nested-images columns-default"><!-- wp:image {"id":6} -->
<figure class="wp-block-image"><img src="https://oldreview.example/wp-content/uploads/2021/01/g1.jpg" alt="G1"/><figcaption>First cap</figcaption></figure>
<!-- /wp:image --><!-- wp:image {"id":7} -->
<figure class="wp-block-image"><img src="https://oldreview.example/wp-content/uploads/2021/01/g2.jpg" alt="G2"/><figcaption>Second cap</figcaption></figure>
<!-- /wp:image --><figcaption class="blocks-gallery-caption wp-element-caption">Gallery caption</figcaption></figure>
<!-- /wp:gallery -->
<p>Classic:</p>
[gallery ids="31,32"]
<p>Missing:</p>
[gallery ids="99"]"#;
    let attachment = |id: u32, file: &str, caption: &str| {
        format!(
            r#"<item><title>{file}</title><excerpt:encoded><![CDATA[{caption}]]></excerpt:encoded><wp:post_id>{id}</wp:post_id><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>
<wp:attachment_url>https://oldreview.example/wp-content/uploads/2019/05/{file}</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>Alt {file}</wp:meta_value></wp:postmeta></item>"#
        )
    };
    let xml = wxr(&format!(
        "{}{}{}",
        attachment(31, "c1.jpg", "Classic one"),
        attachment(32, "c2.jpg", "Classic two"),
        item(1, "post", "shots", "/2020/01/shots/", ESSAYS, block)
    ));
    let (site, run) = import_text(&xml);
    let run = run.ok();
    assert!(run.stdout().contains("names no image"), "{}", run.stdout());
    site.build(&[]).ok().no_warnings();
    let doc = site.html("essays/shots/index.html");
    let images: Vec<&str> = all(&doc, ".article-body img")
        .into_iter()
        .map(|i| attr(i, "src"))
        .collect();
    assert_eq!(
        images,
        [
            "/media/2021/01/g1.jpg",
            "/media/2021/01/g2.jpg",
            "/media/2019/05/c1.jpg",
            "/media/2019/05/c2.jpg"
        ]
    );
    let captions: Vec<String> = all(&doc, ".article-body figcaption")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(
        captions,
        ["First cap", "Second cap", "Classic one", "Classic two"]
    );
    assert!(text(one(&doc, ".article-body")).contains("Gallery caption"));
    assert!(!text(one(&doc, ".article-body")).contains("[gallery"));
    let media = std::fs::read_to_string(site.root.join("imported-media.txt")).unwrap();
    assert!(media.contains(
        "https://oldreview.example/wp-content/uploads/2019/05/c1.jpg static/media/2019/05/c1.jpg"
    ));
}

#[test]
fn a_non_ascii_slug_redirects_from_its_decoded_folder() {
    let xml = wxr(&item(
        1,
        "post",
        "%c3%bcber-den-staat",
        "/2020/01/%c3%bcber-den-staat/",
        ESSAYS,
        "<p>Text.</p>",
    ));
    let (site, run) = import_text(&xml);
    run.ok();
    let fm = front_matter(&site, "content/essays/uber-den-staat.md");
    assert_eq!(fm["aliases"][0].as_str(), Some("/2020/01/über-den-staat/"));
    site.build(&[]).ok().no_warnings();
    let doc = site.html("2020/01/über-den-staat/index.html");
    assert_eq!(attr(one(&doc, "body a"), "href"), "/essays/uber-den-staat/");
}

#[test]
fn a_page_named_like_a_section_is_renamed_and_the_site_builds() {
    let xml = wxr(&format!(
        "{}{}",
        item(1, "page", "politics", "/politics/", "", "<p>The page.</p>"),
        item(
            2,
            "post",
            "vote",
            "/2020/01/vote/",
            r#"<category domain="category" nicename="politics"><![CDATA[Politics]]></category>"#,
            "<p>Vote.</p>"
        )
    ));
    let (site, run) = import_text(&xml);
    let run = run.ok();
    assert!(run.stdout().contains("politics-page"), "{}", run.stdout());
    site.build(&[]).ok().no_warnings();
    assert!(site.out("politics/index.html").exists());
    let page = site.html("politics-page/index.html");
    assert!(text(one(&page, "body")).contains("The page."));
}

#[test]
fn mag_shortcode_syntax_in_post_text_stays_text() {
    let content = r#"<p>Templates say {{ user(name="x") }} and {% if y %}.</p>
<pre class="wp-block-code"><code>[efn_note]not a note[/efn_note] {{ z }}</code></pre>"#;
    let xml = wxr(&item(
        1,
        "post",
        "braces",
        "/2020/01/braces/",
        ESSAYS,
        content,
    ));
    let (site, run) = import_text(&xml);
    run.ok();
    site.build(&[]).ok().no_warnings();
    let doc = site.html("essays/braces/index.html");
    // Shown as written (smart punctuation curls the quotes).
    let para = text(one(&doc, ".article-body p"));
    assert!(para.contains("Templates say {{ user(name="), "{para}");
    assert!(para.contains(") }} and {% if y %}."), "{para}");
    assert_eq!(
        text(one(&doc, ".article-body pre code")),
        "[efn_note]not a note[/efn_note] {{ z }}"
    );
    assert!(all(&doc, "section.footnotes").is_empty());
}

#[test]
fn a_child_page_keeps_its_old_url_as_an_alias() {
    let xml = wxr(&format!(
        "{}{}",
        item(1, "page", "about", "/about/", "", "<p>About.</p>"),
        item(
            2,
            "page",
            "team",
            "/about/team/",
            "<wp:post_parent>1</wp:post_parent>",
            "<p>Team.</p>"
        )
    ));
    let (site, run) = import_text(&xml);
    run.ok();
    site.build(&[]).ok().no_warnings();
    let doc = site.html("about/team/index.html");
    assert_eq!(attr(one(&doc, "body a"), "href"), "/team/");
}

#[test]
fn uploads_on_the_old_site_become_local_media() {
    let content = r#"<p><img src="https://oldreview.example/wp-content/uploads/2021/02/a.jpg" alt="A"></p>
<p><img src="/wp-content/uploads/2021/02/b.jpg" alt="B"></p>"#;
    let xml = wxr(&format!(
        "{}{}",
        r#"<item><title>lead</title><wp:post_id>9</wp:post_id><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status><wp:attachment_url>https://oldreview.example/wp-content/uploads/2021/02/lead.jpg</wp:attachment_url></item>"#,
        item(
            1,
            "post",
            "pics",
            "/2021/02/pics/",
            &format!("{ESSAYS}<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>9</wp:meta_value></wp:postmeta>"),
            content
        )
    ));
    let (site, run) = import_text(&xml);
    run.ok();
    let fm = front_matter(&site, "content/essays/pics.md");
    assert_eq!(fm["image"].as_str(), Some("/media/2021/02/lead.jpg"));
    site.build(&[]).ok().no_warnings();
    let doc = site.html("essays/pics/index.html");
    let srcs: Vec<&str> = all(&doc, ".article-body img")
        .into_iter()
        .map(|i| attr(i, "src"))
        .collect();
    assert_eq!(srcs, ["/media/2021/02/a.jpg", "/media/2021/02/b.jpg"]);
    let media = std::fs::read_to_string(site.root.join("imported-media.txt")).unwrap();
    assert_eq!(
        media.lines().collect::<Vec<_>>(),
        [
            "https://oldreview.example/wp-content/uploads/2021/02/a.jpg static/media/2021/02/a.jpg",
            "https://oldreview.example/wp-content/uploads/2021/02/b.jpg static/media/2021/02/b.jpg",
            "https://oldreview.example/wp-content/uploads/2021/02/lead.jpg static/media/2021/02/lead.jpg",
        ]
    );
}

#[test]
fn a_truncated_export_is_an_error_with_line_and_column() {
    let (site, run) = import_text("<rss><channel><item>\n<title>x");
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("line 2, column 9"),
        "{}",
        run.stderr()
    );
    assert!(!site.root.join("content/essays").join("x.md").exists());
}

#[test]
fn imported_names_and_tags_are_trimmed_and_tags_without_letters_left_out() {
    let terms = format!(
        "{ESSAYS}<dc:creator>jm</dc:creator>\
         <category domain=\"post_tag\" nicename=\"h\"><![CDATA[ History ]]></category>\
         <category domain=\"post_tag\" nicename=\"%e2%98%85\"><![CDATA[★]]></category>"
    );
    let xml = wxr(&format!(
        "<wp:author><wp:author_login>jm</wp:author_login><wp:author_display_name><![CDATA[  José Martí ]]></wp:author_display_name></wp:author>{}",
        item(1, "post", "t", "/2020/01/t/", &terms, "<p>x</p>")
    ));
    let (site, run) = import_text(&xml);
    let run = run.ok();
    assert!(run.stdout().contains("the tag `★`"), "{}", run.stdout());
    let fm = front_matter(&site, "content/essays/t.md");
    assert_eq!(fm["authors"][0].as_str(), Some("José Martí"));
    assert_eq!(fm["tags"].as_array().unwrap().len(), 1);
    assert_eq!(fm["tags"][0].as_str(), Some("History"));
    site.build(&[]).ok().no_warnings();
}
