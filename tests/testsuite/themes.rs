//! Themes: lookup order (site → themes/NAME → embedded), theme.toml, `mag new theme`,
//! CSS through lightningcss and its errors.

use crate::support::*;

fn with_article() -> SiteTest {
    SiteTest::minimal().article("content/essays/a.md", "title = \"A\"", "Body.\n")
}

/// The stylesheet linked from `page`, as text.
fn stylesheet(site: &SiteTest, page: &str) -> String {
    let doc = site.html(page);
    let href = attr(one(&doc, "link[rel=stylesheet]"), "href").to_string();
    std::fs::read_to_string(site.out(href.trim_start_matches('/'))).unwrap()
}

#[test]
fn site_template_overrides_one_file_and_keeps_the_rest() {
    let site = with_article().file(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"mine\">{{ article.title_text }}</p>{% endblock content %}",
    );
    site.build(&[]).ok();
    let doc = site.html("essays/a/index.html");
    assert_eq!(text(one(&doc, "p.mine")), "A");
    // base.html still comes from the embedded theme.
    one(&doc, "a.skip-link");
    one(&doc, "header.site-header");
    // Other templates are untouched.
    one(&site.html("index.html"), "section.latest");
}

#[test]
fn local_theme_is_used_and_the_site_overrides_it() {
    let site = with_article()
        .file("mag.toml", &format!("theme = \"house\"\n{}", minimal_config()))
        .file("themes/house/theme.toml", "name = \"house\"\n")
        .file(
            "themes/house/templates/article.html",
            "{% extends \"base.html\" %}{% block content %}<p class=\"house\">{{ article.title_text }}</p>{% endblock content %}",
        )
        .file(
            "themes/house/templates/page.html",
            "{% extends \"base.html\" %}{% block content %}<p class=\"house-page\"></p>{% endblock content %}",
        )
        .file("templates/page.html", "<p class=\"site-page\">{{ page.title_text }}</p>")
        .file("content/about.md", "+++\ntitle = \"About\"\n+++\nHi.\n")
        .file("themes/house/static/css/_tokens.css", ":root { --accent: #123456; }")
        .file("themes/house/static/robots.txt", "theme")
        .file("static/robots.txt", "site");
    site.build(&[]).ok();
    one(&site.html("essays/a/index.html"), "p.house");
    one(&site.html("about/index.html"), "p.site-page");
    // index.html falls through to the embedded theme.
    one(&site.html("index.html"), "section.latest");
    let css = stylesheet(&site, "index.html");
    assert!(css.contains("#123456"), "theme partial not imported");
    assert_eq!(
        std::fs::read_to_string(site.out("robots.txt")).unwrap(),
        "site"
    );
}

#[test]
fn site_css_partial_replaces_the_themes() {
    let site = with_article().file("static/css/_custom.css", ".mine { color: #abcdef }");
    site.build(&[]).ok();
    assert!(stylesheet(&site, "index.html").contains(".mine{color:#abcdef}"));
}

fn minimal_config() -> String {
    std::fs::read_to_string(repo_path("tests/testsuite/fixtures/minimal/mag.toml")).unwrap()
}

#[test]
fn unknown_theme_lists_what_exists() {
    let site = with_article()
        .file(
            "mag.toml",
            &format!("theme = \"nope\"\n{}", minimal_config()),
        )
        .file("themes/house/theme.toml", "name = \"house\"\n");
    site.build(&[])
        .fails()
        .reports(&["mag.toml", "theme `nope` does not exist"])
        .reports(&["default (embedded)", "house"]);
}

#[test]
fn theme_extra_is_a_default_the_site_overrides() {
    let config = format!(
        "theme = \"house\"\n{}\n[extra]\nkept = \"site\"\n[extra.nested]\nb = 2\n",
        minimal_config()
    );
    let site = with_article()
        .file("mag.toml", &config)
        .file(
            "themes/house/theme.toml",
            "name = \"house\"\ndescription = \"A house style\"\nauthor = \"Us\"\nlicense = \"MIT\"\nmin_mag_version = \"0.1.0\"\n[extra]\nkept = \"theme\"\ndefault_only = \"yes\"\n[extra.nested]\na = 1\nb = 1\n",
        )
        .file(
            "templates/page.html",
            "<p id=\"x\">{{ site.extra.kept }} {{ site.extra.default_only }} {{ site.extra.nested.a }} {{ site.extra.nested.b }}</p>",
        )
        .file("content/about.md", "+++\ntitle = \"About\"\n+++\nHi.\n");
    site.build(&[]).ok();
    assert_eq!(
        text(one(&site.html("about/index.html"), "#x")),
        "site yes 1 2"
    );
}

#[test]
fn theme_needing_a_newer_mag_is_an_error() {
    let site = with_article()
        .file(
            "mag.toml",
            &format!("theme = \"future\"\n{}", minimal_config()),
        )
        .file(
            "themes/future/theme.toml",
            "name = \"future\"\nmin_mag_version = \"99.0.0\"\n",
        );
    site.build(&[])
        .fails()
        .reports(&["themes/future/theme.toml", "needs mag 99.0.0 or later"]);
}

#[test]
fn theme_toml_unknown_key_has_a_position() {
    let site = with_article()
        .file("mag.toml", &format!("theme = \"t\"\n{}", minimal_config()))
        .file("themes/t/theme.toml", "name = \"t\"\nauthr = \"x\"\n");
    site.build(&[])
        .fails()
        .reports(&["themes/t/theme.toml:2:", "unknown key `authr`"]);
}

#[test]
fn mag_new_theme_copies_the_default_to_edit() {
    let site = with_article();
    let run = site.mag(&["new", "theme", "quarterly"]).ok();
    assert!(run.stdout().contains("theme = \"quarterly\""));
    let dir = site.root.join("themes/quarterly");
    for f in [
        "theme.toml",
        "templates/base.html",
        "templates/article.html",
        "templates/shortcodes/figure.html",
        "static/css/main.css",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    let meta = std::fs::read_to_string(dir.join("theme.toml")).unwrap();
    assert!(meta.starts_with("name = \"quarterly\"\n"), "{meta}");
    // Used as the site's theme, an edit to the copy shows.
    let article = dir.join("templates/article.html");
    let edited = std::fs::read_to_string(&article)
        .unwrap()
        .replace("<h1 class=\"headline\">", "<h1 class=\"headline edited\">");
    std::fs::write(&article, edited).unwrap();
    let site = site.file(
        "mag.toml",
        &format!("theme = \"quarterly\"\n{}", minimal_config()),
    );
    site.build(&[]).ok();
    one(&site.html("essays/a/index.html"), "h1.headline.edited");
    // A second time, the folder exists.
    site.mag(&["new", "theme", "quarterly"])
        .fails()
        .reports(&["themes/quarterly already exists"]);
    site.mag(&["new", "theme", "../x"])
        .fails()
        .reports(&["cannot be a theme's name"]);
}

#[test]
fn css_is_bundled_lowered_prefixed_and_hashed() {
    let site = with_article()
        .file(
            "mag.toml",
            &format!("browsers = \"safari 12\"\n{}", minimal_config()),
        )
        .file(
            "static/css/_custom.css",
            ".card { & .title { user-select: none; } }",
        );
    site.build(&[]).ok();
    let doc = site.html("index.html");
    let href = attr(one(&doc, "link[rel=stylesheet]"), "href");
    assert!(
        href.starts_with("/css/main.") && href.ends_with(".css"),
        "{href}"
    );
    let css = stylesheet(&site, "index.html");
    assert!(
        css.contains(".card .title{-webkit-user-select:none"),
        "not lowered/prefixed"
    );
    assert!(!css.contains("@import") && !css.contains("\n  "));
}

#[test]
fn css_syntax_error_names_file_line_and_column() {
    let site = with_article().file(
        "static/css/_custom.css",
        "/* ok */\n.a { color: red; }\n.b { color: red; @@ }\n",
    );
    site.build(&[])
        .fails()
        .reports(&["static/css/_custom.css:3:21", "CSS"]);
    assert!(!site.out("index.html").exists(), "nothing is written");
}

#[test]
fn bad_browsers_query_is_an_error() {
    let site = with_article().file(
        "mag.toml",
        &format!("browsers = \"not a browser 12\"\n{}", minimal_config()),
    );
    site.build(&[])
        .fails()
        .reports(&["mag.toml", "browserslist"]);
}

#[test]
fn css_is_also_published_under_its_plain_name() {
    let site = with_article().file("static/css/extra.css", ".x { color: red; }\n");
    site.build(&[]).ok();
    let plain = std::fs::read_to_string(site.out("css/extra.css")).unwrap();
    assert!(plain.contains(".x{color:red}"), "{plain}");
    assert!(site.out("css/main.css").is_file());
    // Pages still link the hashed name.
    let href = attr(
        one(&site.html("index.html"), "link[rel=stylesheet]"),
        "href",
    )
    .to_string();
    assert!(
        href.starts_with("/css/main.") && href != "/css/main.css",
        "{href}"
    );
}

#[test]
fn asset_url_of_non_css_is_plain_and_of_a_missing_file_an_error() {
    let site = with_article().file(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<a id=\"js\" href=\"{{ asset_url(path='js/sidenotes.js') }}\">x</a>{% endblock content %}",
    );
    let site = site.file("content/about.md", "+++\ntitle = \"About\"\n+++\nHi.\n");
    site.build(&[]).ok();
    assert_eq!(
        attr(one(&site.html("about/index.html"), "#js"), "href"),
        "/js/sidenotes.js"
    );
    let bad = with_article().file(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}{{ asset_url(path='js/nope.js') }}{% endblock content %}",
    );
    bad.build(&[])
        .fails()
        .reports(&["asset_url(path=\"js/nope.js\")", "no such file in static/"]);
    let partial = with_article().file(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}{{ asset_url(path='css/_base.css') }}{% endblock content %}",
    );
    partial
        .build(&[])
        .fails()
        .reports(&["asset_url(path=\"css/_base.css\")"]);
}

#[test]
fn url_for_a_content_path_is_an_error_not_a_broken_url() {
    let site = with_article().file(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}{{ url_for(path='@/essays/other.md') }}{% endblock content %}",
    );
    site.build(&[])
        .fails()
        .reports(&["url_for(path=\"@/essays/other.md\")", "article.url"]);
}

#[test]
fn stray_closing_brace_in_css_is_reported_where_it_is() {
    let site = with_article().file("static/css/_custom.css", ".a { color: red; }}\n");
    site.build(&[])
        .fails()
        .reports(&["static/css/_custom.css:1:19", "`}` closes no block"]);
}
