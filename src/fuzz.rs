//! Entry points of the fuzz targets in `fuzz/`, which reach parts of mag that are
//! not its public API. Compiled only under cargo-fuzz, which builds every crate
//! with `--cfg fuzzing`; each function does what its target is named after and
//! panics only on a bug.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::config::{self, Config};
use crate::content::{self, front_matter};
use crate::diagnostics::{self, LineIndex};
use crate::discover::{SourceFile, SourceKind};

struct Site {
    dir: PathBuf,
    config: Config,
}

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("mag-fuzz-fm-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("content/essays")).expect("a temporary folder");
        std::fs::create_dir_all(dir.join("content/issues")).expect("a temporary folder");
        std::fs::write(
            dir.join("mag.toml"),
            "title = \"Fuzz\"\nbase_url = \"https://example.org/\"\n[[sections]]\nslug = \"essays\"\nname = \"Essays\"\n",
        )
        .expect("a temporary mag.toml");
        let config = config::load(&dir, config::Overrides::default())
            .expect("the fuzz site's mag.toml is valid");
        Site { dir, config }
    })
}

/// Any bytes as a content file: split, its TOML parsed, errors positioned in the
/// file and rendered with their source line (the path a user's mistake takes),
/// then the whole file parsed as an article, an issue and a page of a small
/// site, as `mag build` does.
pub fn front_matter(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        match front_matter::split(text, "content/essays/f.md") {
            Ok(split) => {
                if let Err(e) = toml::from_str::<toml::Table>(split.front_matter) {
                    let index = LineIndex::new(text);
                    let d = diagnostics::from_toml_error(
                        &e,
                        "content/essays/f.md",
                        &index,
                        split.front_matter_offset,
                        &["title", "date"],
                    );
                    let _ = diagnostics::render(&d, true);
                }
            }
            Err(d) => {
                let _ = diagnostics::render(&d, false);
            }
        }
    }
    let site = site();
    let cases = [
        ("essays/f.md", SourceKind::Article),
        ("issues/1.md", SourceKind::Issue),
        ("about.md", SourceKind::Page),
    ];
    for (rel, kind) in cases {
        let path = site.dir.join("content").join(rel);
        std::fs::write(&path, data).expect("a temporary content file");
        let file = SourceFile {
            path,
            content_path: rel.to_string(),
            display: format!("content/{rel}"),
            kind,
        };
        if let Err(mut diags) = content::parse_one(&file, &site.config) {
            diagnostics::attach_excerpts(&mut diags, &site.dir);
            let _ = diagnostics::render_all(&mut diags, false);
        }
    }
}

/// Any text gives a URL-safe slug or nothing, and slugging is idempotent.
pub fn slug(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let slug = crate::util::slug::slugify(text);
    assert!(
        slug.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "slug {slug:?} has a character that is not a-z, 0-9 or -"
    );
    assert!(!slug.starts_with('-') && !slug.ends_with('-'), "{slug:?}");
    assert!(!slug.contains("--"), "{slug:?}");
    assert_eq!(
        crate::util::slug::slugify(&slug),
        slug,
        "slugify is not idempotent"
    );
}

/// Any text as a WordPress post's HTML, as `mag import wordpress` converts it: the
/// body (with the text as a block-editor footnote too), and the excerpt. Nothing
/// may panic or overflow the stack, however deep the elements nest; the Markdown
/// holds no raw HTML but the `<!-- more -->` line and the arguments of the
/// importer's own `figure` calls (text stays text), and renders in mag without an
/// error; the excerpt is one line. The same text as a page of the
/// old site's upload URLs: every line of the media list is `URL FILE`, the URL
/// without spaces or control characters, the file a plain path under
/// `static/media/`.
pub fn import_html(data: &[u8]) {
    use crate::import::html;
    use pulldown_cmark::{Event, Parser};

    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let notes = serde_json::json!([{ "id": "n1", "content": text }]).to_string();
    let converted = html::to_markdown(text, Some(&notes));
    let md = &converted.markdown;
    for (event, range) in Parser::new_ext(md, crate::markdown::cmark_options()).into_offset_iter() {
        if let Event::Html(h) | Event::InlineHtml(h) = event {
            // The importer's own `figure` calls (the post's `{%` are all escaped) are
            // taken out by mag before the Markdown is read, and must render (below).
            let line_start = md[..range.start].rfind('\n').map_or(0, |i| i + 1);
            let line = md[line_start..].trim_start_matches(['>', ' ']);
            assert!(
                h.trim() == "<!-- more -->" || line.starts_with("{% figure("),
                "raw HTML in the Markdown: {h:?}\n{md}"
            );
        }
    }
    let body = crate::markdown::render_with(
        md,
        &crate::markdown::Options::default(),
        &crate::markdown::NoSite,
        &crate::import::html::FigureHost,
    );
    for note in &body.notes {
        assert!(
            note.severity != diagnostics::Severity::Error,
            "the converted Markdown does not render: {} ({})\n{md}",
            note.message,
            note.help
        );
    }
    let excerpt = html::to_text(text);
    assert!(!excerpt.contains('\n'), "{excerpt:?}");

    let mut media = crate::import::media::Media::new("https://old.example/");
    let _ = media.localize(text);
    for line in media.lines() {
        let (url, file) = line.split_once(' ').expect("URL FILE");
        assert!(
            !url.contains(|c: char| c.is_whitespace() || c.is_control()),
            "{line:?}"
        );
        assert!(url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/'));
        let rest = file
            .strip_prefix("static/media/")
            .expect("under static/media/");
        assert!(
            rest.split('/').all(|n| !n.is_empty()
                && n != "."
                && n != ".."
                && n.trim() == n
                && !n.contains('\\')),
            "{line:?}"
        );
        assert!(!file.contains(char::is_control), "{line:?}");
    }
}
