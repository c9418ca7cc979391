//! The dev server's cache never serves a stale page: a scripted series of edits
//! to a copy of the sample site, each followed by an incremental rebuild (the
//! session kept, invalidated as the server does) and a fresh rebuild (a new
//! session); the two must be equal, file by file and byte for byte.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::watch::Changes;
use crate::incremental::Session;
use crate::output::{Data, OutputFile};
use crate::pipeline::{self, BuildOptions};

/// What diagnostics say, in order: file, line and message.
fn messages(diags: &[crate::diagnostics::Diagnostic]) -> Vec<String> {
    let mut out: Vec<String> = diags
        .iter()
        .map(|d| format!("{:?}:{:?}: {}", d.file, d.line, d.message))
        .collect();
    out.sort();
    out
}

/// A site's files as the server would send them: path → bytes.
fn bytes(files: Vec<OutputFile>) -> BTreeMap<String, Vec<u8>> {
    files
        .into_iter()
        .map(|f| {
            let data = match f.data {
                Data::Bytes(b) => b,
                Data::Static(b) => b.to_vec(),
                Data::Copy(p) | Data::Cached(p) => std::fs::read(&p).unwrap_or_default(),
            };
            (f.path, data)
        })
        .collect()
}

struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
    options: BuildOptions,
    session: Session,
    /// Incremental rebuilds that rendered fewer pages than the site has.
    reused: usize,
}

fn copy(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl Site {
    fn sample() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-site"),
            &root,
        );
        let _ = std::fs::remove_dir_all(root.join("public"));
        let options = BuildOptions {
            site_dir: root.clone(),
            base_url: Some("http://127.0.0.1:1111/".into()),
            ..BuildOptions::default()
        };
        let mut site = Site {
            _dir: dir,
            root,
            options,
            session: Session::for_serve(),
            reused: 0,
        };
        site.compare("the first build");
        site
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Applies `edit` to the file `rel` (its text in, its new text out; `None`
    /// deletes it), then rebuilds both ways and compares.
    fn edit(&mut self, rel: &str, edit: impl FnOnce(String) -> Option<String>) {
        let path = self.path(rel);
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        match edit(old) {
            Some(text) => {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, text).unwrap();
            }
            None => std::fs::remove_file(&path).unwrap(),
        }
        let mut changes = Changes::default();
        changes.add(rel.to_string());
        super::forget(&mut self.session, &changes);
        self.compare(rel);
    }

    /// Copies the file `from` over the file `to` (an image replaced).
    fn copy_over(&mut self, from: &str, to: &str) {
        std::fs::copy(self.path(from), self.path(to)).unwrap();
        let mut changes = Changes::default();
        changes.add(to.to_string());
        super::forget(&mut self.session, &changes);
        self.compare(to);
    }

    fn replace(&mut self, rel: &str, from: &str, to: &str) {
        self.edit(rel, |text| {
            assert!(text.contains(from), "{rel} has no {from:?}");
            Some(text.replacen(from, to, 1))
        });
    }

    /// An incremental and a fresh rebuild give the same site.
    fn compare(&mut self, after: &str) {
        let incremental = pipeline::rebuild(&self.options, &mut self.session);
        let fresh = pipeline::rebuild(&self.options, &mut Session::for_serve());
        match (incremental, fresh) {
            (Ok((report, a)), Ok((_, b))) => {
                if self.session.work.pages < report.pages {
                    self.reused += 1;
                }
                let (a, b) = (bytes(a), bytes(b));
                let keys: Vec<&String> = a.keys().collect();
                assert_eq!(keys, b.keys().collect::<Vec<_>>(), "files after {after}");
                for (path, bytes) in &a {
                    assert!(bytes == &b[path], "{path} differs after {after}");
                }
            }
            (Err(x), Err(y)) => assert_eq!(
                messages(&x.diagnostics),
                messages(&y.diagnostics),
                "errors after {after}"
            ),
            (x, y) => panic!(
                "after {after}: incremental ok {}, fresh ok {}",
                x.is_ok(),
                y.is_ok()
            ),
        }
    }
}

const ESSAY: &str = "content/personages/the-keeper-of-the-returns.md";
const BUNDLE: &str = "content/personages/jozef-mrowka-painter-of-heat/index.md";

#[test]
fn incremental_rebuilds_equal_fresh_builds() {
    let mut site = Site::sample();
    // Bodies and front matter.
    site.replace(
        ESSAY,
        "The shoeboxes are stacked",
        "The shoe boxes are stacked",
    );
    site.replace(
        ESSAY,
        "title = \"The Keeper of the Returns\"",
        "title = \"The Keeper\"",
    );
    site.replace(ESSAY, "date = 2025-09-22", "date = 2026-11-30");
    site.replace(
        ESSAY,
        "tags = [\"elections\",",
        "tags = [\"ballots\", \"elections\",",
    );
    site.replace(ESSAY, "issue = 1\n", "issue = 2\nfeatured = true\n");
    site.replace(
        ESSAY,
        "authors = [\"Kasper Lindqvist\"]",
        "authors = [\"Ines Calder\"]\naliases = [\"/old/keeper/\"]",
    );
    site.replace(BUNDLE, "+++\n", "+++\nsummary = \"A painter of heat.\"\n");
    // Issues, contributors, pages.
    site.replace(
        "content/issues/2.md",
        "title = \"Heat\"",
        "title = \"Fire\"",
    );
    site.replace(
        "content/authors/ines-calder.md",
        "is a critic",
        "is a critic and poet",
    );
    site.replace(
        "content/about.md",
        "independent magazine",
        "independent review",
    );
    // Files added and deleted.
    site.edit("content/politics/new.md", |_| {
        Some("+++\ntitle = \"New\"\ndate = 2026-12-01\ntags = [\"archives\"]\n+++\nSee [the keeper](@/personages/the-keeper-of-the-returns.md).\n".into())
    });
    site.edit("content/colophon.md", |_| {
        Some("+++\ntitle = \"Colophon\"\n+++\nSet in Charter.\n".into())
    });
    site.edit("content/politics/new.md", |_| None);
    // An error, then its fix: the session keeps what it had.
    site.replace(ESSAY, "title = \"The Keeper\"", "title = ");
    site.replace(ESSAY, "title = \n", "title = \"Keeper again\"\n");
    // Templates, style sheets, images, configuration.
    site.edit("templates/partials/site_footer.html", |_| {
        Some("<footer class=\"site-footer\"><p>{{ site.title }} — edited</p></footer>\n".into())
    });
    site.edit("static/css/_custom.css", |_| {
        Some(".x { color: red }\n".into())
    });
    site.copy_over(
        "content/personages/jozef-mrowka-painter-of-heat/figure-1.png",
        "content/personages/jozef-mrowka-painter-of-heat/lead.png",
    );
    site.replace("mag.toml", "title = \"", "title = \"The New ");
    site.edit("templates/partials/site_footer.html", |_| None);
    assert!(
        site.reused >= 5,
        "only {} rebuilds reused pages",
        site.reused
    );
}

/// Edits whose effect reaches pages through something other than the edited
/// article: a partial a shortcode includes, a name spelled anew, a bio an article
/// links to, a static file a template names, a tag on a later page of a list.
#[test]
fn edits_seen_through_other_files_are_seen() {
    let mut site = Site::sample();
    // A shortcode that includes a partial; the partial changes.
    site.edit("templates/shortcodes/tally.html", |_| {
        Some(
            "<span class=\"tally\">{{ n }}{% include \"partials/tally_suffix.html\" %}</span>\n"
                .into(),
        )
    });
    site.edit("templates/partials/tally_suffix.html", |_| {
        Some(" marks\n".into())
    });
    site.replace(
        ESSAY,
        "## An accidental archive",
        "{{ tally(n=3) }}\n\n## An accidental archive",
    );
    site.edit("templates/partials/tally_suffix.html", |_| {
        Some(" strokes\n".into())
    });
    // A contributor without a bio, named anew.
    site.edit("content/politics/zed.md", |_| {
        Some("+++\ntitle = \"Zed\"\ndate = 2026-12-01\nauthors = [\"Zed Newman\"]\ntags = [\"elections\"]\n+++\nBody.\n".into())
    });
    site.replace("content/politics/zed.md", "Zed Newman", "ZED NEWMAN");
    // A tag spelled anew, on a list cut into pages of one.
    site.replace("mag.toml", "paginate_by = 20", "paginate_by = 1");
    site.replace("content/politics/zed.md", "\"elections\"", "\"Elections\"");
    // A link to a bio that is added, then deleted.
    site.replace(
        ESSAY,
        "## An accidental archive",
        "See [Kim](@/authors/kim.md).\n\n## An accidental archive",
    );
    site.edit("content/authors/kim.md", |_| {
        Some("+++\nname = \"Kim\"\n+++\nBio.\n".into())
    });
    site.edit("content/authors/kim.md", |_| None);
    // A static file a template names, added and deleted.
    site.edit("templates/partials/site_footer.html", |_| {
        Some("<footer class=\"site-footer\"><a href=\"{{ asset_url(path='files/press.txt') }}\">press</a></footer>\n".into())
    });
    site.edit("static/files/press.txt", |_| Some("press kit\n".into()));
    site.edit("static/files/press.txt", |_| None);
}
