//! `mag import wordpress EXPORT.xml --into SITE`: a WordPress export → articles,
//! pages, sections and aliases in an existing mag site.
//!
//! Rules (the manual's "Migrating from WordPress" page says the same):
//! - published and scheduled posts become articles, published pages become pages;
//!   drafts and pending posts become `draft = true`; private, trashed and
//!   auto-draft items, revisions, menu items and other post types are skipped;
//! - the section is the post's first category (declared in mag.toml with its name
//!   when missing), the tags are its tags, the authors their display names (trimmed;
//!   a tag without a letter or digit is left out, with a note);
//! - the date is the GMT date (none for an undated draft), `updated` the GMT
//!   modification date when later; the slug is the post name;
//! - the dek is the excerpt, the lead art the featured image (`_thumbnail_id`);
//! - the old permalink (of posts and pages, child pages included) becomes an alias
//!   when it differs from the new URL and does not fall on a section;
//! - a page whose slug is a section's (or `authors`, `tags`, `issues`, `media`) gets
//!   the slug `NAME-page`, and the summary says so;
//! - every `wp-content/uploads/…` URL of the old site becomes a local `/media/…`
//!   path, listed in `imported-media.txt` with the URL to download it from
//!   (`URL static/media/…` a line; `imported-media-2.txt`… when the list exists
//!   from an earlier import); nothing is downloaded; an upload whose file would not
//!   be a plain path inside `static/media/` keeps its URL, with a warning
//!   ([`super::media`]);
//! - a post's elements nested deeper than [`super::html::depth::MAX_DEPTH`] are kept
//!   as their text, with a warning naming the export's line;
//! - a classic `[gallery]` shortcode becomes the images it names (its `ids`, else
//!   the images attached to the post), each a figure with its caption.
//!
//! Nothing is written unless the whole export was read and every file's place was
//! checked; an existing file is never overwritten (the item is skipped and named in
//! the report), and nothing is written through a symbolic link ([`super::files`]).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Serialize;

use super::files::{self, Place};
use super::html::depth::{MAX_DEPTH, TOKEN_DEPTH};
use super::items::{
    label, old_path, one_line, plan_article, plan_page, section_of, usable_tags, Planned,
};
use super::media::Media;
use super::shortcodes::{galleries, Attachment};
use super::wxr::{self, Item};
use crate::config::{self, Config};
use crate::diagnostics::{Diagnostic, LineIndex};

/// The file listing media URLs to download, at the site's root: `NAME.txt`, or
/// `NAME-2.txt`… when it exists.
pub(crate) const MEDIA_LIST: &str = "imported-media";

/// What an import did.
#[derive(Debug, Default, Clone)]
pub(crate) struct Report {
    /// Articles written (drafts included).
    pub posts: usize,
    /// Pages written (drafts included).
    pub pages: usize,
    /// Of those, drafts.
    pub drafts: usize,
    /// Items not imported, with the reason, as `"TITLE (reason)"`.
    pub skipped: Vec<String>,
    /// Sections added to mag.toml, by slug.
    pub sections_added: Vec<String>,
    /// Media URLs listed in [`Report::media_list`].
    pub media: usize,
    /// The media list written (`imported-media.txt`, or `imported-media-2.txt`…
    /// when an earlier import left one), relative to the site.
    pub media_list: Option<String>,
    /// What was imported differently because the export asked for something mag
    /// does not do (elements nested too deep, uploads that would be saved outside
    /// the media folder), at the item's line in the export.
    pub warnings: Vec<Diagnostic>,
    /// Files written, relative to the site.
    pub written: Vec<String>,
    /// What the user should know about items that were imported differently
    /// (a page renamed, a gallery without images).
    pub notes: Vec<String>,
}

impl Report {
    /// `Imported 12 posts and 2 pages (3 drafts); skipped 4 items.`
    pub(crate) fn summary(&self) -> String {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        format!(
            "Imported {} and {} ({}); skipped {}.",
            plural(self.posts, "post"),
            plural(self.pages, "page"),
            plural(self.drafts, "draft"),
            plural(self.skipped.len(), "item"),
        )
    }
}

/// Imports the export at `export` into the site at `site`.
///
/// Errors: the site has no valid mag.toml, the export cannot be read or is not a
/// WordPress export, a file would be written through a symbolic link (nothing is
/// written then), or a file cannot be written.
pub(crate) fn import(export: &Path, site: &Path) -> Result<Report, String> {
    let config = config::load(site, config::Overrides::default()).map_err(|d| {
        let first = d.first().map(ToString::to_string).unwrap_or_default();
        format!(
            "{} is not a mag site ({first}); create one with mag new site",
            site.display()
        )
    })?;
    let xml = std::fs::read_to_string(export)
        .map_err(|e| format!("cannot read {}: {e}", export.display()))?;
    let wxr = wxr::parse(&xml).map_err(|e| format!("{}: {e}", export.display()))?;

    let Plan {
        planned,
        sections,
        media,
        skipped,
        notes,
        warnings,
        errors,
    } = plan(&wxr, &config, site);
    let mut errors = errors;
    if !sections.is_empty() {
        if let Err(e) = files::place(site, config::CONFIG_FILE) {
            errors.push(e);
        }
    }
    if !errors.is_empty() {
        return Err(format!("nothing was imported:\n{}", errors.join("\n")));
    }
    let index = LineIndex::new(&xml);
    let name = export.display().to_string();
    let mut report = Report {
        skipped,
        notes,
        warnings: warnings
            .into_iter()
            .map(|w| {
                Diagnostic::warning(name.clone(), w.message)
                    .at(index.line_col(w.at))
                    .with_help(w.help)
            })
            .collect(),
        ..Report::default()
    };
    for p in &planned {
        files::create(site, &p.rel, &p.text)?;
        report.written.push(p.rel.clone());
        if p.page {
            report.pages += 1;
        } else {
            report.posts += 1;
        }
        report.drafts += usize::from(p.draft);
    }
    if !sections.is_empty() {
        append_sections(site, &sections)?;
        report.sections_added = sections.into_iter().map(|(s, _)| s).collect();
    }
    if !media.files.is_empty() {
        let text = format!("{}\n", media.lines().join("\n"));
        report.media_list = Some(files::create_numbered(site, MEDIA_LIST, "txt", &text)?);
        report.media = media.files.len();
    }
    Ok(report)
}

/// What an import will write, decided before anything is written.
struct Plan {
    planned: Vec<Planned>,
    sections: Vec<(String, String)>,
    media: Media,
    skipped: Vec<String>,
    notes: Vec<String>,
    warnings: Vec<Warning>,
    /// Files that cannot be written where they belong (a symbolic link on the way).
    errors: Vec<String>,
}

/// A warning about an item, at a byte offset of the export.
struct Warning {
    at: usize,
    message: String,
    help: String,
}

/// Warnings for the upload URLs of `item` that `media` left as they were.
fn rejected(item: &Item, media: &mut Media, warnings: &mut Vec<Warning>) {
    for (url, why) in media.take_rejected() {
        warnings.push(Warning {
            at: item.at,
            message: format!(
                "{}: the upload {} would not be saved inside static/media/ ({why}); it keeps its old address and is not in the media list",
                label(item),
                one_line(&url).escape_debug()
            ),
            help: "download it by hand if it is needed, or correct the address in WordPress and export again".into(),
        });
    }
}

/// Top-level paths a page or a new section may not take besides the sections':
/// mag's own folders of `content/` and lists, and the media folder.
const RESERVED: &[&str] = &["authors", "tags", "issues", "media"];

/// Decides every file of the import, the sections to declare, the media to list and
/// the items to skip.
fn plan(wxr: &wxr::Export, config: &Config, site: &Path) -> Plan {
    let attachments = attachments(wxr);
    let mut out = Plan {
        planned: Vec::new(),
        sections: Vec::new(),
        media: Media::new(&wxr.site_url),
        skipped: Vec::new(),
        notes: Vec::new(),
        warnings: Vec::new(),
        errors: Vec::new(),
    };
    for item in wxr.items.iter().filter(|i| i.post_type == "attachment") {
        out.media.localize(&item.attachment_url);
        rejected(item, &mut out.media, &mut out.warnings);
    }
    // The first attachment of an id wins, as a search in export order would find it.
    let by_id: HashMap<&str, &Attachment> = attachments.iter().rev().map(|a| (a.id, a)).collect();
    let mut taken: HashSet<String> = HashSet::new();
    // Pages last, so that every section is known when a page's slug is chosen.
    let posts = wxr.items.iter().filter(|i| i.post_type != "page");
    let pages = wxr.items.iter().filter(|i| i.post_type == "page");
    for original in posts.chain(pages) {
        if original.post_type == "attachment" {
            continue;
        }
        let draft = match is_draft(original) {
            Ok(draft) => draft,
            Err(why) => {
                out.skipped.push(format!("{} ({why})", label(original)));
                continue;
            }
        };
        let mut item = original.clone();
        item.tags = usable_tags(original, &mut out.notes);
        let html = galleries(original, &attachments, &mut out.notes);
        item.content = out.media.localize(&html);
        let plan = if item.post_type == "page" {
            let mut reserved: HashSet<&str> = RESERVED.iter().copied().collect();
            reserved.extend(config.sections.iter().map(|s| s.slug.as_str()));
            reserved.extend(out.sections.iter().map(|(s, _)| s.as_str()));
            plan_page(&item, draft, &mut taken, &reserved, &mut out.notes)
        } else {
            let (sections, notes) = (&mut out.sections, &mut out.notes);
            let section = section_of(&item, &wxr.categories, config, sections, RESERVED, notes);
            let image = item
                .meta("_thumbnail_id")
                .and_then(|id| by_id.get(id))
                .and_then(|a| lead_art(&out.media.localize(a.url)));
            let authors = &wxr.authors;
            plan_article(
                &item,
                draft,
                &section,
                image,
                authors,
                config,
                &mut taken,
                &mut out.notes,
            )
        };
        rejected(&item, &mut out.media, &mut out.warnings);
        out.keep(site, &item, plan);
    }
    link_between(&mut out.planned);
    out
}

/// The export's attachments (uploaded files).
fn attachments(wxr: &wxr::Export) -> Vec<Attachment<'_>> {
    wxr.items
        .iter()
        .filter(|i| i.post_type == "attachment")
        .map(|i| Attachment {
            id: &i.post_id,
            url: &i.attachment_url,
            alt: i.meta("_wp_attachment_image_alt").unwrap_or_default(),
            caption: &i.excerpt,
            parent: &i.post_parent,
        })
        .collect()
}

impl Plan {
    /// Keeps `plan` (of `item`) for writing when its place in `site` is free; skips
    /// it when a file is there; an error when a symbolic link is on the way. A
    /// post whose elements nested too deep gets its warning.
    fn keep(&mut self, site: &Path, item: &Item, plan: Planned) {
        match files::place(site, &plan.rel) {
            Ok(Place::Free) => {}
            Ok(Place::Taken) => {
                self.skipped
                    .push(format!("{} ({} already exists)", label(item), plan.rel));
                return;
            }
            Err(e) => {
                self.errors.push(format!("{}: {e}", label(item)));
                return;
            }
        }
        if plan.flattened {
            self.warnings.push(Warning {
                at: item.at,
                message: format!(
                    "{}: its HTML nests elements more than {MAX_DEPTH} deep; the deeper ones were kept as plain text (past {TOKEN_DEPTH}, the whole post)",
                    label(item)
                ),
                help: format!("look over {} after the import", plan.rel),
            });
        }
        self.planned.push(plan);
    }
}

/// The lead art's address: a local `/media/…` path, or an absolute `http(s)` URL
/// (one on another host, or an upload left as it was); `None` for anything else
/// (a relative path could name a file outside the site).
fn lead_art(url: &str) -> Option<String> {
    if url.starts_with("/media/") {
        return Some(url.to_string());
    }
    let parsed = url::Url::parse(url.trim()).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

/// Whether a post or page is imported as a draft; the reason it is skipped
/// (its status or its kind) when it is not imported.
fn is_draft(item: &Item) -> Result<bool, &str> {
    match (item.post_type.as_str(), item.status.as_str()) {
        ("post" | "page", "publish" | "future") => Ok(false),
        ("post" | "page", "draft" | "pending") => Ok(true),
        ("post" | "page", status) => Err(status),
        (kind, _) => Err(kind),
    }
}

/// Links from one imported post to another published one, by old permalink
/// (absolute or root-relative, with or without the final `/`), become `@/` links,
/// which mag checks at every build and which follow the new permalinks.
fn link_between(planned: &mut [Planned]) {
    let mut targets: HashMap<String, String> = HashMap::new();
    for p in planned.iter().filter(|p| p.published) {
        let target = format!("@/{}", p.rel.trim_start_matches("content/"));
        let link = p.link.trim().trim_end_matches('/');
        if link.is_empty() {
            continue;
        }
        targets.insert(link.to_string(), target.clone());
        if let Some(path) = old_path(&p.link) {
            targets.insert(path.trim_end_matches('/').to_string(), target);
        }
    }
    for p in planned.iter_mut() {
        p.text = rewrite_links(&p.text, &targets);
    }
}

/// Replaces the destination of every Markdown link `](URL…` found in `targets`,
/// outside code.
fn rewrite_links(text: &str, targets: &HashMap<String, String>) -> String {
    let code = crate::markdown::shortcodes::code_ranges(text);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("](") {
        let at = text.len() - rest.len() + i;
        out.push_str(&rest[..i + 2]);
        rest = &rest[i + 2..];
        if code.contains(at) {
            continue;
        }
        let end = rest.find([')', ' ', '\n']).unwrap_or(rest.len());
        let url = &rest[..end];
        if let Some(new) = targets.get(url.trim_end_matches('/')) {
            out.push_str(new);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

/// Appends `[[sections]]` entries to mag.toml, keeping its comments.
fn append_sections(site: &Path, sections: &[(String, String)]) -> Result<(), String> {
    #[derive(Serialize)]
    struct Sections<'a> {
        sections: Vec<Section<'a>>,
    }
    #[derive(Serialize)]
    struct Section<'a> {
        slug: &'a str,
        name: &'a str,
    }
    let table = Sections {
        sections: sections
            .iter()
            .map(|(slug, name)| Section { slug, name })
            .collect(),
    };
    let added = toml::to_string(&table).map_err(|e| e.to_string())?;
    let path = site.join(config::CONFIG_FILE);
    let mut text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("\n# Sections added by mag import wordpress.\n");
    text.push_str(&added);
    files::replace(site, config::CONFIG_FILE, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(
            old_path("https://ex.org/2021/06/slug/").as_deref(),
            Some("/2021/06/slug/")
        );
        assert_eq!(old_path("https://ex.org/?p=12"), None);
        let targets = HashMap::from([("https://ex.org/a".to_string(), "@/s/a.md".to_string())]);
        assert_eq!(
            rewrite_links(
                "[x](https://ex.org/a/) [y](https://ex.org/b \"t\") ![i](https://ex.org/a)",
                &targets
            ),
            "[x](@/s/a.md) [y](https://ex.org/b \"t\") ![i](@/s/a.md)"
        );
    }
}
