//! `mag import wordpress` of crafted exports (issue 13): nothing crashes, nothing
//! is written outside the site or over a file, text stays text, and what was
//! imported builds.

use crate::import_wordpress::{import_text, item, wxr, ESSAYS};
use crate::support::*;

/// Whether one diagnostic on `stderr` holds every one of `parts`.
#[track_caller]
fn assert_reported(stderr: &str, parts: &[&str]) {
    assert!(
        blocks(stderr)
            .iter()
            .any(|b| parts.iter().all(|p| b.contains(p))),
        "no diagnostic on stderr contains all of {parts:?}:\n{stderr}"
    );
}

/// An `<item>` like [`item`], with a title of its own (in CDATA) and more XML.
fn titled(id: u32, name: &str, title: &str, extra: &str, content: &str) -> String {
    item(
        id,
        "post",
        name,
        &format!("/2020/01/{name}/"),
        extra,
        content,
    )
    .replacen(
        &format!("<title>{name}</title>"),
        &format!("<title><![CDATA[{title}]]></title>"),
        1,
    )
}

#[test]
fn deeply_nested_html_is_imported_as_text_with_a_warning() {
    // Each of these overflowed the importer's stack (SIGABRT) before.
    let cases = [
        ("bold", "<b><i>", "</i></b>", 4_000),
        ("divs", "<div>", "</div>", 10_000),
        ("quotes", "<blockquote>", "</blockquote>", 10_000),
        ("lists", "<ul><li>", "</li></ul>", 10_000),
        ("shallow", "<div>", "</div>", 150),
    ];
    let items: String = cases
        .iter()
        .enumerate()
        .map(|(i, (name, open, close, n))| {
            let body = format!(
                "<p>Before {name}.</p>\n{}Deep {name}.{}\n<p>After {name}.</p>",
                open.repeat(*n),
                close.repeat(*n)
            );
            format!(
                "\n{}",
                item(
                    i as u32 + 1,
                    "post",
                    name,
                    &format!("/2020/01/{name}/"),
                    ESSAYS,
                    &body
                )
            )
        })
        .collect();
    let xml = wxr(&items);
    let (site, run) = import_text(&xml);
    let run = run.ok();
    for (name, ..) in cases {
        // Named by the export's file and the line of the post's content.
        let line = xml
            .lines()
            .position(|l| l.contains(&format!("<p>Before {name}.</p>")))
            .unwrap()
            + 1;
        assert_reported(
            &run.stderr(),
            &[
                "warning:",
                &format!("“{name}”: its HTML nests elements more than 100 deep"),
                &format!("export.xml:{line}:"),
            ],
        );
    }
    site.mag_process(&["build"]).ok().no_warnings();
    for (name, ..) in cases {
        let doc = site.html(&format!("essays/{name}/index.html"));
        let body = text(one(&doc, ".article-body"));
        for part in ["Before", "Deep", "After"] {
            assert!(body.contains(&format!("{part} {name}.")), "{name}: {body}");
        }
    }
}

#[test]
fn escaped_code_stays_code() {
    let content = "<p>An example:</p>\n<pre>&lt;script&gt;alert(\"hi\")&lt;/script&gt;</pre>\n<p>A feed item:</p>\n<pre>&lt;item&gt;&lt;title&gt;x&lt;/title&gt;&lt;/item&gt;</pre>\n<p>Inline <code>&lt;item&gt;&lt;title&gt;x&lt;/title&gt;&lt;/item&gt;</code> too.</p>";
    let xml = wxr(&item(1, "post", "code", "/2020/01/code/", ESSAYS, content));
    let (site, run) = import_text(&xml);
    run.ok();
    site.mag_process(&["build"]).ok().no_warnings();
    let doc = site.html("essays/code/index.html");
    assert!(all(&doc, ".article-body script").is_empty());
    assert!(all(&doc, ".article-body item, .article-body title").is_empty());
    let blocks: Vec<String> = all(&doc, ".article-body pre code")
        .into_iter()
        .map(|c| text(c).trim_end().to_string())
        .collect();
    assert_eq!(
        blocks,
        [
            "<script>alert(\"hi\")</script>",
            "<item><title>x</title></item>"
        ]
    );
    assert_eq!(
        text(one(&doc, ".article-body p code")),
        "<item><title>x</title></item>"
    );
}

#[test]
fn a_fence_line_in_any_field_cannot_close_the_front_matter() {
    let extra = format!(
        "{ESSAYS}<dc:creator>ann</dc:creator>\
         <excerpt:encoded><![CDATA[Dek\n+++\nmore]]></excerpt:encoded>\
         <category domain=\"post_tag\" nicename=\"t\"><![CDATA[Tag\n+++\nend]]></category>"
    );
    let xml = wxr(&format!(
        "<wp:author><wp:author_login>ann</wp:author_login><wp:author_display_name><![CDATA[Ann\n+++\nLee]]></wp:author_display_name></wp:author>{}",
        titled(1, "fence", "Before\n+++\nAfter \"\"\" '''", &extra, "<p>Body.</p>")
    ));
    let (site, run) = import_text(&xml);
    run.ok();
    site.mag_process(&["build"]).ok().no_warnings();
    let doc = site.html("essays/fence/index.html");
    // Smart punctuation curls the quotes on the page; the file has them as written.
    assert!(text(one(&doc, "h1")).starts_with("Before +++ After "));
    let file = std::fs::read_to_string(site.root.join("content/essays/fence.md")).unwrap();
    let fm: toml::Table = toml::from_str(file.split("+++\n").nth(1).unwrap()).unwrap();
    assert_eq!(fm["title"].as_str(), Some("Before +++ After \"\"\" '''"));
    assert!(text(one(&doc, "body")).contains("Dek +++ more"));
    assert!(text(one(&doc, "body")).contains("Ann +++ Lee"));
    assert!(site.out("tags/tag-end/index.html").exists());
}

#[test]
fn crafted_upload_addresses_stay_in_the_media_folder() {
    let content = r#"<p><img src="https://oldreview.example/wp-content/uploads/..%2f..%2f.bashrc" alt="a"></p>
<p><img src="https://oldreview.example/wp-content/uploads/a.jpg%0ahttps://evil.example/payload%20../../.bashrc" alt="b"></p>
<p><img src="https://oldreview.example/wp-content/uploads/2020/01/fine%20one.jpg" alt="c"></p>
<p><img src="//evil.example/wp-content/uploads/x.jpg" alt="d"></p>"#;
    let xml = wxr(&item(1, "post", "pics", "/2020/01/pics/", ESSAYS, content));
    let (site, run) = import_text(&xml);
    let run = run.ok();
    assert_reported(
        &run.stderr(),
        &["warning:", "“pics”", "..%2f..%2f.bashrc", "`..`"],
    );
    assert_reported(
        &run.stderr(),
        &[
            "warning:",
            "“pics”",
            "a.jpg%0ahttps://evil.example",
            "control character",
        ],
    );
    let media = std::fs::read_to_string(site.root.join("imported-media.txt")).unwrap();
    assert_eq!(
        media,
        "https://oldreview.example/wp-content/uploads/2020/01/fine%20one.jpg static/media/2020/01/fine one.jpg\n"
    );
    site.mag_process(&["build"]).ok();
    let doc = site.html("essays/pics/index.html");
    let srcs: Vec<&str> = all(&doc, ".article-body img")
        .into_iter()
        .map(|i| attr(i, "src"))
        .collect();
    assert_eq!(
        srcs,
        [
            "https://oldreview.example/wp-content/uploads/..%2f..%2f.bashrc",
            "https://oldreview.example/wp-content/uploads/a.jpg%0ahttps://evil.example/payload%20../../.bashrc",
            "/media/2020/01/fine%20one.jpg",
            "//evil.example/wp-content/uploads/x.jpg",
        ]
    );
}

#[test]
fn a_second_import_keeps_the_first_media_list() {
    let upload = |n: u32| {
        format!(
            "<p><img src=\"https://oldreview.example/wp-content/uploads/{n}.jpg\" alt=\"x\"></p>"
        )
    };
    let (site, run) = import_text(&wxr(&item(1, "post", "one", "/one/", ESSAYS, &upload(1))));
    run.ok();
    let first = std::fs::read_to_string(site.root.join("imported-media.txt")).unwrap();
    let export = site.root.join("second.xml");
    std::fs::write(
        &export,
        wxr(&item(2, "post", "two", "/two/", ESSAYS, &upload(2))),
    )
    .unwrap();
    let run = site
        .mag_process(&["import", "wordpress", export.to_str().unwrap()])
        .ok();
    assert!(
        run.stdout().contains("imported-media-2.txt"),
        "{}",
        run.stdout()
    );
    assert_eq!(
        std::fs::read_to_string(site.root.join("imported-media.txt")).unwrap(),
        first
    );
    assert_eq!(
        std::fs::read_to_string(site.root.join("imported-media-2.txt")).unwrap(),
        "https://oldreview.example/wp-content/uploads/2.jpg static/media/2.jpg\n"
    );
}

#[cfg(unix)]
#[test]
fn nothing_is_written_through_a_symbolic_link() {
    use std::os::unix::fs::symlink;
    let work = SiteTest::minimal();
    work.mag(&["new", "site", "review"]).ok();
    let site = work.root.join("review");
    let outside = work.root.join("outside");
    std::fs::create_dir(&outside).unwrap();
    let export = work.root.join("export.xml");
    std::fs::write(
        &export,
        wxr(&format!(
            "{}{}",
            item(1, "post", "one", "/one/", ESSAYS, "<p>One.</p>"),
            item(2, "post", "two", "/two/", "", "<p>Two.</p>")
        )),
    )
    .unwrap();
    let import = || {
        work.mag(&[
            "import",
            "wordpress",
            export.to_str().unwrap(),
            "--into",
            "review",
        ])
    };
    // A dangling link where a post goes.
    std::fs::create_dir_all(site.join("content/essays")).unwrap();
    symlink(outside.join("one.md"), site.join("content/essays/one.md")).unwrap();
    let run = import().fails();
    assert!(
        run.stderr()
            .contains("content/essays/one.md is a symbolic link"),
        "{}",
        run.stderr()
    );
    assert!(!outside.join("one.md").exists());
    // Nothing else was written either.
    assert!(!site.join("content/uncategorized").exists());
    assert!(!std::fs::read_to_string(site.join("mag.toml"))
        .unwrap()
        .contains("uncategorized"));
    // A folder on the way that is a link out of the site.
    std::fs::remove_file(site.join("content/essays/one.md")).unwrap();
    symlink(&outside, site.join("content/uncategorized")).unwrap();
    let run = import().fails();
    assert!(
        run.stderr()
            .contains("content/uncategorized is a symbolic link"),
        "{}",
        run.stderr()
    );
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    assert!(!site.join("content/essays/one.md").exists());
}

#[test]
fn crafted_addresses_and_names_stay_in_the_site() {
    let items = [
        // A post name and a category with dots and slashes.
        item(
            1,
            "post",
            "..%2f..%2f..%2fescape",
            "/2020/01/a%2f..%2f..%2fx/",
            r#"<category domain="category" nicename="..%2f..%2fetc"><![CDATA[../../etc]]></category>"#,
            "<p>One.</p>",
        ),
        // A page whose name and title are all punctuation, and whose id is a path.
        item(2, "page", "..", "/../", "", "<p>Two.</p>").replace(
            "<wp:post_id>2</wp:post_id>",
            "<wp:post_id>/../../../evil</wp:post_id>",
        ),
        // A category without letters.
        item(
            3,
            "post",
            "three",
            "/2020/01/three%0a+++%0a/",
            r#"<category domain="category" nicename="%e2%98%85"><![CDATA[★]]></category>"#,
            "<p>Three.</p>",
        ),
    ];
    let items = [
        items.concat(),
        // A category named like mag's own folders.
        item(
            4,
            "post",
            "four",
            "/2020/01/four/",
            r#"<category domain="category" nicename="issues"><![CDATA[Issues]]></category>"#,
            "<p>Four.</p>",
        ),
    ];
    let (site, run) = import_text(&wxr(&items.concat()));
    let run = run.ok();
    for note in [
        "the old address is not kept as an alias: alias `/2020/01/a/../../x/` has a `.` or `..` segment",
        "“three”: the old address is not kept as an alias",
        "it is the section `issues-section`",
    ] {
        assert!(run.stdout().contains(note), "{note}\n{}", run.stdout());
    }
    let written: Vec<String> = walkdir::WalkDir::new(site.root.join("content"))
        .into_iter()
        .map(|e| {
            e.unwrap()
                .path()
                .strip_prefix(&site.root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|p| p.ends_with(".md"))
        .collect();
    for file in [
        "content/etc/escape.md",
        "content/post-evil.md",
        "content/uncategorized/three.md",
        "content/issues-section/four.md",
    ] {
        assert!(
            written.iter().any(|w| w == file),
            "{file} not in {written:?}"
        );
    }
    site.mag_process(&["build"]).ok();
}

#[test]
fn posts_without_a_gmt_date_and_odd_old_addresses_still_build() {
    let undated = |id: u32, name: &str, extra: &str| {
        item(
            id,
            "post",
            name,
            &format!("//{name}/"),
            extra,
            "<p>Text.</p>",
        )
        .replace(
            "<wp:post_date_gmt>2020-01-05 10:00:00</wp:post_date_gmt>",
            "<wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>",
        )
    };
    let xml = wxr(&format!(
        "{}{}{}",
        undated(
            1,
            "local",
            &format!("{ESSAYS}<wp:post_date>2019-03-04 05:06:07</wp:post_date>")
        ),
        undated(
            2,
            "rss",
            &format!("{ESSAYS}<pubDate>Fri, 05 Sep 2008 19:39:12 +0000</pubDate>")
        ),
        undated(3, "none", ESSAYS),
    ));
    let (site, run) = import_text(&xml);
    let run = run.ok();
    assert!(
        run.stdout()
            .contains("“none”: the export gives it no date; it was imported as a draft"),
        "{}",
        run.stdout()
    );
    site.mag_process(&["build"]).ok().no_warnings();
    let local = site.html("essays/local/index.html");
    assert_eq!(
        attr(
            one(&local, "meta[property='article:published_time']"),
            "content"
        ),
        "2019-03-04T05:06:07+00:00"
    );
    // `//rss/` was the old address: its redirect is at /rss/.
    let redirect = site.html("rss/index.html");
    assert_eq!(attr(one(&redirect, "body a"), "href"), "/essays/rss/");
    assert!(!site.out("essays/none/index.html").exists());
}
