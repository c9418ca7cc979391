//! `SiteTest`: a tiny site in a temporary folder, built with mag's command line:
//! `mag build`, `mag check` and `mag completions` run inside the test process
//! through `mag::cli::execute` (the same code as the binary, printing into
//! buffers); every other command, and anything a test asks to run as a process
//! ([`SiteTest::mag_process`]), runs the real `mag` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{ElementRef, Html, Selector};

/// A site under test.
pub struct SiteTest {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

/// What one `mag` run printed and returned.
pub struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl Run {
    /// The exit code and streams of a finished process.
    pub fn of(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: output.stdout,
            stderr: output.stderr,
        }
    }
    pub fn code(&self) -> i32 {
        self.code
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
    /// Asserts success and returns self.
    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(
            self.code(),
            0,
            "mag failed:\nstdout: {}\nstderr: {}",
            self.stdout(),
            self.stderr()
        );
        self
    }
    /// Asserts exit code 1 (site errors) and returns self.
    #[track_caller]
    pub fn fails(self) -> Self {
        assert_eq!(
            self.code(),
            1,
            "expected exit 1:\nstdout: {}\nstderr: {}",
            self.stdout(),
            self.stderr()
        );
        self
    }
    /// Asserts that one diagnostic on stderr (its title line `error: …` or
    /// `warning: …` and the lines under it: place, source line, help) contains every
    /// one of `parts`.
    #[track_caller]
    pub fn reports(self, parts: &[&str]) -> Self {
        let err = self.stderr();
        assert!(
            blocks(&err)
                .iter()
                .any(|b| parts.iter().all(|p| b.contains(p))),
            "no diagnostic on stderr contains all of {parts:?}:\n{err}"
        );
        self
    }
    /// Asserts that there are no warnings.
    #[track_caller]
    pub fn no_warnings(self) -> Self {
        assert!(
            !self.stderr().contains("warning:"),
            "unexpected warnings:\n{}",
            self.stderr()
        );
        self
    }
}

/// Stderr cut into diagnostics: a block starts at each line that starts with a
/// letter (`error: …`, `warning: …`, the closing count line); the place (`-->`),
/// source lines (`|`) and help (`=`) belong to the block above.
pub fn blocks(stderr: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in stderr.lines() {
        let starts_block = line.starts_with(|c: char| c.is_alphabetic());
        match out.last_mut() {
            Some(block) if !starts_block => {
                block.push('\n');
                block.push_str(line);
            }
            _ => out.push(line.to_string()),
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The path of a fixture or other file of the repository.
pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

impl SiteTest {
    /// A copy of `tests/testsuite/fixtures/NAME/`.
    pub fn fixture(name: &str) -> SiteTest {
        Self::copy_of(&repo_path(&format!("tests/testsuite/fixtures/{name}")))
    }

    /// A copy of any folder (the sample site, for instance).
    pub fn copy_of(dir: &Path) -> SiteTest {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_dir(dir, &root);
        let _ = std::fs::remove_dir_all(root.join("public"));
        SiteTest { _dir: tmp, root }
    }

    /// The minimal fixture: two sections (essays, personages) and issue 1.
    pub fn minimal() -> SiteTest {
        Self::fixture("minimal")
    }

    /// Writes a file (creating folders), relative to the site.
    pub fn file(self, rel: &str, text: &str) -> SiteTest {
        self.write(rel, text.as_bytes());
        self
    }

    /// Writes bytes to a file (creating folders), relative to the site.
    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    /// An article file with the given extra front matter and body.
    pub fn article(self, rel: &str, front_matter: &str, body: &str) -> SiteTest {
        let fm = if front_matter.contains("date") {
            front_matter.to_string()
        } else {
            format!("{front_matter}\ndate = 2024-02-01")
        };
        self.file(rel, &format!("+++\n{fm}\n+++\n{body}"))
    }

    /// Runs `mag ARGS` in the site's folder: in this process for `build`,
    /// `check` and `completions`, else as the `mag` binary.
    pub fn mag(&self, args: &[&str]) -> Run {
        if !matches!(args.first(), Some(&("build" | "check" | "completions"))) {
            return self.mag_process(args);
        }
        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        let code = mag::cli::execute(args, &self.root, &mut stdout, &mut stderr);
        Run {
            code: i32::from(code),
            stdout,
            stderr,
        }
    }

    /// Runs the `mag` binary with `ARGS` in the site's folder (for what only a
    /// process shows: signals, memory, the terminal, the environment).
    pub fn mag_process(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_mag"))
            .args(args)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        Run::of(output)
    }

    /// Runs `mag build` with extra arguments.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        self.mag(&all)
    }

    /// The parsed HTML of an output file (relative to `public/`).
    pub fn html(&self, rel: &str) -> Html {
        let path = self.root.join("public").join(rel);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        Html::parse_document(&text)
    }

    /// The path of an output file.
    pub fn out(&self, rel: &str) -> PathBuf {
        self.root.join("public").join(rel)
    }
}

/// A CSS selector, panicking on a typo.
pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s}: {e:?}"))
}

/// Every element matching `s`.
pub fn all<'a>(doc: &'a Html, s: &str) -> Vec<ElementRef<'a>> {
    doc.select(&sel(s)).collect()
}

/// The one element matching `s`.
#[track_caller]
pub fn one<'a>(doc: &'a Html, s: &str) -> ElementRef<'a> {
    let found = all(doc, s);
    assert_eq!(found.len(), 1, "expected one `{s}`, found {}", found.len());
    found[0]
}

/// The one element matching `s` inside `el`.
#[track_caller]
pub fn one_in<'a>(el: ElementRef<'a>, s: &str) -> ElementRef<'a> {
    let found: Vec<_> = el.select(&sel(s)).collect();
    assert_eq!(found.len(), 1, "expected one `{s}`, found {}", found.len());
    found[0]
}

/// The text of an element, white space collapsed.
pub fn text(el: ElementRef<'_>) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// An attribute of an element.
#[track_caller]
pub fn attr<'a>(el: ElementRef<'a>, name: &str) -> &'a str {
    el.value()
        .attr(name)
        .unwrap_or_else(|| panic!("no attribute {name} on {}", el.html()))
}
