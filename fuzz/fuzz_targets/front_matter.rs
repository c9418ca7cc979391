//! The front-matter splitter and parser: any bytes as a content file.
//!
//! Each input is split, its TOML parsed, errors positioned in the file and rendered
//! with their source line (the path a user's mistake takes), then the whole file is
//! parsed as an article, an issue and a page of a small site through the library's
//! entry point, as `mag build` does. Nothing may panic.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mag::config::Config;
use mag::content::{self, front_matter};
use mag::diagnostics::{self, LineIndex};
use mag::discover::{SourceFile, SourceKind};

struct Site {
    dir: PathBuf,
    config: Config,
}

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("mag-fuzz-fm-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("content/essays")).unwrap();
        std::fs::create_dir_all(dir.join("content/issues")).unwrap();
        std::fs::write(
            dir.join("mag.toml"),
            "title = \"Fuzz\"\nbase_url = \"https://example.org/\"\n[[sections]]\nslug = \"essays\"\nname = \"Essays\"\n",
        )
        .unwrap();
        let config = mag::config::load(&dir).expect("the fuzz site's mag.toml is valid");
        Site { dir, config }
    })
}

fuzz_target!(|data: &[u8]| {
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
        std::fs::write(&path, data).unwrap();
        let file = SourceFile {
            path,
            content_path: rel.to_string(),
            display: format!("content/{rel}"),
            kind,
        };
        if let Err(diags) = content::parse_one(&file, &site.config) {
            let mut diags = diags;
            diagnostics::attach_excerpts(&mut diags, &site.dir);
            let _ = diagnostics::render_all(&mut diags, false);
        }
    }
});
