//! `mag new`: a new magazine, article or issue, written from templates embedded in
//! the binary (`scaffold/site/`, with include_dir).
//!
//! Nothing is ever overwritten: a new site needs an empty or missing folder, and a
//! new article or issue needs a free file name. Placeholders in the scaffold are
//! `{{TITLE}}` (the magazine's name, from the folder name) and `{{DATE}}` (today).

use std::path::Path;

use include_dir::{include_dir, Dir};

use crate::config::Config;
use crate::content::slug;
use crate::diagnostics::did_you_mean;

/// The files of a new site.
static SITE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/scaffold/site");

/// Writes a new magazine into `dir` and returns the files written (relative to it).
///
/// The magazine's name comes from the folder's name (`my-review` → "My Review"),
/// `today` dates the issue and the articles, and the issue's cover is drawn as an
/// SVG with that name on it.
///
/// Errors: `dir` exists and is not an empty folder, or a file cannot be written.
pub(crate) fn new_site(dir: &Path, today: chrono::NaiveDate) -> Result<Vec<String>, String> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| format!("{} is not a folder mag can use: {e}", dir.display()))?
            .next()
            .is_none();
        if !empty {
            return Err(format!(
                "{} already exists and is not empty; mag new site only writes into a new or empty folder",
                dir.display()
            ));
        }
    }
    let title = title_from_folder(dir);
    let date = today.format("%Y-%m-%d").to_string();
    let mut written = Vec::new();
    for file in all_files(&SITE) {
        let rel = file.path().to_string_lossy().replace('\\', "/");
        let target = dir.join(file.path());
        let bytes = match file.contents_utf8() {
            Some(text) if !rel.ends_with(".svg") => text
                .replace("{{TITLE}}", &title)
                .replace("{{DATE}}", &date)
                .into_bytes(),
            _ => file.contents().to_vec(),
        };
        write_new(&target, &bytes)?;
        written.push(rel);
    }
    let cover = "static/images/cover-1.svg";
    write_new(&dir.join(cover), cover_svg(&title, 1).as_bytes())?;
    written.push(cover.to_string());
    written.sort();
    Ok(written)
}

fn all_files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut out: Vec<&include_dir::File> = dir.files().collect();
    for sub in dir.dirs() {
        out.extend(all_files(sub));
    }
    out
}

/// "my-review" → "My Review"; quotes, backslashes and control characters are
/// dropped so that the name can sit in TOML strings and Markdown as is.
pub(crate) fn title_from_folder(dir: &Path) -> String {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let words: Vec<String> = name
        .split(['-', '_', ' ', '.'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or(String::new(), |c| {
                c.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect();
    let title: String = words
        .join(" ")
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\\' | '{' | '}'))
        .collect();
    if title.trim().is_empty() {
        "The Review".into()
    } else {
        title
    }
}

/// A simple cover: the magazine's name and the issue number over a rising sun.
pub(crate) fn cover_svg(title: &str, number: u32) -> String {
    let name = quick_xml::escape::escape(title);
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="800" height="1040" viewBox="0 0 800 1040">
  <rect width="800" height="1040" fill="#1d3557"/>
  <circle cx="400" cy="760" r="260" fill="#e76f51"/>
  <rect y="760" width="800" height="280" fill="#264653"/>
  <text x="400" y="190" fill="#f1faee" font-family="Georgia, serif" font-size="76" text-anchor="middle">{name}</text>
  <text x="400" y="270" fill="#f1faee" font-family="Georgia, serif" font-size="36" font-style="italic" text-anchor="middle">No. {number}</text>
</svg>
"##
    )
}

/// What `mag new article` needs to know.
#[derive(Debug, Clone, Default)]
pub(crate) struct ArticleSpec {
    /// The headline.
    pub title: String,
    /// The section's slug; default: the first declared section.
    pub section: Option<String>,
    /// The print issue.
    pub issue: Option<u32>,
    /// The writer.
    pub author: Option<String>,
}

/// Writes `content/SECTION/SLUG.md` in `site` as a draft dated `today`, and returns
/// its path relative to the site.
///
/// Errors: no section declared, an undeclared section (with the nearest declared
/// one), a title that gives an empty slug, or a file (or bundle) already there.
pub(crate) fn new_article(
    site: &Path,
    config: &Config,
    spec: &ArticleSpec,
    today: chrono::NaiveDate,
) -> Result<String, String> {
    let declared: Vec<&str> = config.sections.iter().map(|s| s.slug.as_str()).collect();
    let section = match &spec.section {
        Some(s) if config.section(s).is_some() => s.clone(),
        Some(s) => {
            let near = did_you_mean(s, declared.iter().copied())
                .map(|n| format!("did you mean `{n}`? "))
                .unwrap_or_default();
            return Err(format!(
                "section `{s}` is not declared in mag.toml; {near}declared sections: {}",
                declared.join(", ")
            ));
        }
        None => declared.first().map(|s| s.to_string()).ok_or_else(|| {
            "mag.toml declares no section: add a [[sections]] entry first".to_string()
        })?,
    };
    let slug = slug::slugify(&spec.title);
    if slug.is_empty() {
        return Err(format!(
            "the title `{}` gives an empty slug: use some letters or digits",
            spec.title
        ));
    }
    let rel = format!("content/{section}/{slug}.md");
    let bundle = site.join(format!("content/{section}/{slug}/index.md"));
    if bundle.exists() {
        return Err(format!(
            "content/{section}/{slug}/index.md already exists; choose another title"
        ));
    }
    let mut fm = String::from("+++\n");
    fm.push_str(&format!("title = {}\n", toml_str(&spec.title)));
    fm.push_str("dek = \"\"\n");
    let authors: Vec<String> = spec.author.iter().map(|a| toml_str(a)).collect();
    fm.push_str(&format!("authors = [{}]\n", authors.join(", ")));
    fm.push_str(&format!("date = {}\n", today.format("%Y-%m-%d")));
    if let Some(n) = spec.issue {
        fm.push_str(&format!("issue = {n}\n"));
    }
    fm.push_str("tags = []\ndraft = true\n+++\n\n");
    fm.push_str("Write here. Build with `mag build --drafts` (or `mag serve --drafts`) to see\n");
    fm.push_str("the draft; remove `draft = true` to publish it.\n");
    write_new(&site.join(&rel), fm.as_bytes())?;
    Ok(rel)
}

/// Writes `content/issues/N.md` in `site`, dated `today`, and returns its path
/// relative to the site.
///
/// Errors: the file already exists, or cannot be written.
pub(crate) fn new_issue(
    site: &Path,
    number: u32,
    title: Option<&str>,
    today: chrono::NaiveDate,
) -> Result<String, String> {
    let rel = format!("content/issues/{number}.md");
    let title = title.map_or_else(|| format!("Issue {number}"), str::to_string);
    let text = format!(
        "+++\nnumber = {number}\ntitle = {}\ndate = {}\n# cover = \"/images/cover-{number}.jpg\"\n# cover_alt = \"…\"\n# cover_credit = \"Cover by …\"\n+++\nA few sentences about this issue, shown on its page and in the home page's promo.\n",
        toml_str(&title),
        today.format("%Y-%m-%d")
    );
    write_new(&site.join(&rel), text.as_bytes())?;
    Ok(rel)
}

/// A TOML basic string, escaped by the toml crate.
fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Creates `path` (and its folders); refuses to overwrite.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!(
                    "{} already exists; mag never overwrites a file",
                    path.display()
                )
            }
            _ => format!("cannot write {}: {e}", path.display()),
        })?;
    std::io::Write::write_all(&mut file, bytes)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_folders() {
        assert_eq!(title_from_folder(Path::new("/tmp/my-review")), "My Review");
        assert_eq!(title_from_folder(Path::new("über_blatt")), "Über Blatt");
        assert_eq!(title_from_folder(Path::new("\"")), "The Review");
    }

    #[test]
    fn cover_escapes_the_name() {
        assert!(cover_svg("A & B <c>", 3).contains("A &amp; B &lt;c&gt;"));
    }
}
