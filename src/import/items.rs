//! One WordPress item → one mag content file: its front matter (title, dek,
//! authors, dates, tags, slug, lead art, aliases) and its body as Markdown,
//! following the rules listed in [`super::wordpress`].

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDateTime, TimeZone, Utc};
use serde::Serialize;

use super::html;
use super::wxr::Item;
use crate::config::Config;
use crate::content::{article, permalink, slug};

/// A content file to write.
pub(super) struct Planned {
    pub(super) rel: String,
    pub(super) text: String,
    pub(super) draft: bool,
    pub(super) page: bool,
    /// Shown in a default build (neither a draft nor dated in the future), so
    /// that links to it may become `@/` links.
    pub(super) published: bool,
    /// The old permalink.
    pub(super) link: String,
    /// The post's elements nested deeper than [`html::depth::MAX_DEPTH`]; the
    /// deeper ones were kept as text.
    pub(super) flattened: bool,
}

#[derive(Serialize)]
struct ArticleMeta {
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    dek: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<toml::value::Datetime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<toml::value::Datetime>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    slug: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(super) draft: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
}

#[derive(Serialize)]
struct PageMeta {
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    dek: Option<String>,
    slug: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(super) draft: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
}

/// The item's tags, decoded and trimmed; a tag without a letter or digit (mag could
/// give it no address) is dropped and named in `notes`.
pub(super) fn usable_tags(item: &Item, notes: &mut Vec<String>) -> Vec<String> {
    let mut tags = Vec::new();
    for tag in &item.tags {
        let tag = one_line(&decode(tag));
        if slug::slugify(&tag).is_empty() {
            notes.push(format!(
                "{}: the tag `{tag}` has no letter or digit for its address; it was left out",
                label(item)
            ));
        } else if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

/// The item's title for messages (`“Title”`, or `item 12` when it has none).
pub(super) fn label(item: &Item) -> String {
    let t = one_line(&decode(&item.title));
    if t.is_empty() {
        format!("item {}", one_line(&item.post_id))
    } else {
        format!("“{t}”")
    }
}

/// The item's slug: the post name (percent-decoded), else the title, made unique.
fn unique_slug(item: &Item, prefix: &str, taken: &mut HashSet<String>) -> String {
    let name = percent_encoding::percent_decode_str(&item.post_name).decode_utf8_lossy();
    let mut base = slug::slugify(&name);
    if base.is_empty() {
        base = slug::slugify(&decode(&item.title));
    }
    if base.is_empty() {
        // The id is the export's text too: slugged, it cannot hold `/` or `..`.
        base = slug::slugify(&format!("post-{}", item.post_id));
    }
    let mut candidate = base.clone();
    let mut n = 2;
    while !taken.insert(format!("{prefix}/{candidate}")) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

/// A page at `/SLUG/`; a slug in `reserved` (a section's, `authors`…) becomes
/// `SLUG-page`, noted. The old permalink is an alias unless it is the new path or
/// falls on a reserved path.
pub(super) fn plan_page(
    item: &Item,
    draft: bool,
    taken: &mut HashSet<String>,
    reserved: &HashSet<&str>,
    notes: &mut Vec<String>,
) -> Planned {
    let mut slug = unique_slug(item, "", taken);
    if reserved.contains(slug.as_str()) {
        let wanted = std::mem::take(&mut slug);
        let mut candidate = format!("{wanted}-page");
        let mut n = 2;
        while reserved.contains(candidate.as_str()) || !taken.insert(format!("/{candidate}")) {
            candidate = format!("{wanted}-page-{n}");
            n += 1;
        }
        slug = candidate;
        notes.push(format!(
            "page {} would be at /{wanted}/, which is a section or a list of mag's; it is content/{slug}.md at /{slug}/",
            label(item)
        ));
    }
    let new_path = format!("/{slug}/");
    let aliases = alias(item, notes)
        .filter(|p| *p != new_path && !draft)
        .filter(|p| !reserved.contains(p.trim_matches('/')))
        .into_iter()
        .collect();
    let meta = PageMeta {
        title: title_of(item),
        dek: dek_of(item),
        slug: slug.clone(),
        draft,
        aliases,
    };
    let (text, flattened) = file_text(&meta, item);
    Planned {
        rel: format!("content/{slug}.md"),
        text,
        flattened,
        draft,
        page: true,
        published: !draft,
        link: item.link.clone(),
    }
}

/// An article in `content/SECTION/SLUG.md`; the old permalink is an alias unless
/// it is the new path.
#[allow(clippy::too_many_arguments)]
pub(super) fn plan_article(
    item: &Item,
    draft: bool,
    section: &str,
    image: Option<String>,
    authors: &HashMap<String, String>,
    config: &Config,
    taken: &mut HashSet<String>,
    notes: &mut Vec<String>,
) -> Planned {
    let slug = unique_slug(item, section, taken);
    let date = if draft {
        gmt(&item.date_gmt)
    } else {
        published_date(item)
    };
    // mag builds no published article without a date.
    let draft = draft || date.is_none();
    if date.is_none() && !draft_in_export(item) {
        notes.push(format!(
            "{}: the export gives it no date; it was imported as a draft",
            label(item)
        ));
    }
    let updated = gmt(&item.modified_gmt).filter(|u| date.is_some_and(|d| *u > d));
    let new_path = article::article_path(
        config,
        section,
        &slug,
        date.map(|d| d.fixed_offset()).as_ref(),
        None,
    );
    let aliases = alias(item, notes)
        .filter(|p| *p != new_path && !draft)
        .into_iter()
        .collect();
    let author = authors
        .get(&item.creator)
        .cloned()
        .unwrap_or_else(|| item.creator.clone());
    let meta = ArticleMeta {
        title: title_of(item),
        dek: dek_of(item),
        authors: [one_line(&decode(&author))]
            .into_iter()
            .filter(|a| !slug::slugify(a).is_empty())
            .collect(),
        date: date.and_then(datetime),
        updated: updated.and_then(datetime),
        tags: item.tags.clone(),
        slug: slug.clone(),
        draft,
        image,
        aliases,
    };
    let (text, flattened) = file_text(&meta, item);
    Planned {
        rel: format!("content/{section}/{slug}.md"),
        text,
        flattened,
        draft,
        page: false,
        published: !draft && date.is_none_or(|d| d <= Utc::now()),
        link: item.link.clone(),
    }
}

/// The file: front matter written by the `toml` crate between `+++` lines, then the
/// body; and whether the body's elements nested too deep. Every string of the front
/// matter is on one line ([`one_line`]), so the serializer writes no multi-line
/// string and no line of the front matter can be `+++`.
fn file_text<T: Serialize>(meta: &T, item: &Item) -> (String, bool) {
    let fm = toml::to_string(meta).unwrap_or_default();
    debug_assert!(fm.lines().all(|l| l.trim_end() != "+++"), "{fm}");
    let body = html::to_markdown(&item.content, item.meta("footnotes"));
    (format!("+++\n{fm}+++\n\n{}", body.markdown), body.flattened)
}

/// Text on one line: runs of white space, line breaks and control characters
/// become one space; trimmed. Titles, deks, names and tags are single lines in mag.
pub(super) fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The old permalink's path as an alias, decoded and checked by mag's own rule
/// ([`permalink::normalize_alias`]), repeated slashes made one (`//greek/x/` →
/// `/greek/x/`); `None` when the old link has no path to keep, or when the path is
/// not one mag accepts (a `.` or `..` segment, a backslash, a control character: a
/// crafted export), which `notes` then names.
fn alias(item: &Item, notes: &mut Vec<String>) -> Option<String> {
    let path = old_path(&item.link)?;
    let mut single = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && single.ends_with('/')) {
            single.push(c);
        }
    }
    match permalink::normalize_alias(&single) {
        Ok(alias) => Some(alias),
        Err(why) => {
            notes.push(format!(
                "{}: the old address is not kept as an alias: {}",
                label(item),
                why.escape_debug()
            ));
            None
        }
    }
}

fn title_of(item: &Item) -> String {
    let t = one_line(&decode(&item.title));
    if t.is_empty() {
        "Untitled".into()
    } else {
        t
    }
}

fn dek_of(item: &Item) -> Option<String> {
    Some(one_line(&html::to_text(&item.excerpt))).filter(|d| !d.is_empty())
}

/// The section for a post: its first category (declared when missing), else
/// `uncategorized` (also for a category with no letter or digit in its slug and
/// name). A category whose slug is one of mag's folders or lists (`reserved`:
/// `authors`, `issues`, `tags`, `media`) becomes `SLUG-section`, noted once.
pub(super) fn section_of(
    item: &Item,
    names: &HashMap<String, String>,
    config: &Config,
    added: &mut Vec<(String, String)>,
    reserved: &[&str],
    notes: &mut Vec<String>,
) -> String {
    let (nicename, text) = item
        .categories
        .first()
        .cloned()
        .unwrap_or_else(|| ("uncategorized".into(), "Uncategorized".into()));
    let nicename = percent_encoding::percent_decode_str(&nicename)
        .decode_utf8_lossy()
        .into_owned();
    let slug = [slug::slugify(&nicename), slug::slugify(&decode(&text))]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "uncategorized".into());
    let wanted = slug;
    let slug = if reserved.contains(&wanted.as_str()) {
        format!("{wanted}-section")
    } else {
        wanted.clone()
    };
    if config.section(&slug).is_none() && !added.iter().any(|(s, _)| *s == slug) {
        if slug != wanted {
            notes.push(format!(
                "the category `{wanted}` would be at /{wanted}/, which is one of mag's folders or lists; it is the section `{slug}`"
            ));
        }
        let name = names.get(&nicename).cloned().unwrap_or(text);
        added.push((slug.clone(), one_line(&decode(&name))));
    }
    slug
}

/// Whether the item is a draft in the export (not only for want of a date).
fn draft_in_export(item: &Item) -> bool {
    matches!(item.status.as_str(), "draft" | "pending")
}

/// The date of a published post: the GMT date, else (exports from other tools,
/// hand-made ones) the local date taken as UTC, else the RSS `pubDate`.
fn published_date(item: &Item) -> Option<chrono::DateTime<Utc>> {
    gmt(&item.date_gmt).or_else(|| gmt(&item.date)).or_else(|| {
        chrono::DateTime::parse_from_rfc2822(item.pub_date.trim())
            .ok()
            .map(|d| d.with_timezone(&Utc))
    })
}

/// A WordPress GMT date; `None` for `0000-00-00 00:00:00` or anything unreadable.
fn gmt(text: &str) -> Option<chrono::DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S").ok()?;
    Some(Utc.from_utc_datetime(&naive))
}

fn datetime(d: chrono::DateTime<Utc>) -> Option<toml::value::Datetime> {
    d.format("%Y-%m-%dT%H:%M:%SZ").to_string().parse().ok()
}

/// The path of an old permalink (`https://ex.org/2021/06/slug/` → `/2021/06/slug/`);
/// none for `?p=123` links and the home page.
pub(super) fn old_path(link: &str) -> Option<String> {
    let url = url::Url::parse(link.trim()).ok()?;
    if url.query().is_some() || url.path() == "/" {
        return None;
    }
    Some(url.path().to_string())
}

/// Decodes the character references WordPress leaves in titles and names
/// (`&amp;`, `&#8217;`, `&rsquo;`…). Unknown references stay as written.
pub(crate) fn decode(text: &str) -> String {
    quick_xml::escape::unescape_with(text, |name| {
        quick_xml::escape::resolve_xml_entity(name).or(match name {
            "nbsp" => Some("\u{a0}"),
            "hellip" => Some("…"),
            "ndash" => Some("–"),
            "mdash" => Some("—"),
            "lsquo" => Some("‘"),
            "rsquo" => Some("’"),
            "ldquo" => Some("“"),
            "rdquo" => Some("”"),
            _ => None,
        })
    })
    .map_or_else(|_| text.to_string(), |c| c.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_and_dates() {
        assert_eq!(decode("Arts &amp; Letters"), "Arts & Letters");
        assert_eq!(decode("Don&#8217;t"), "Don’t");
        assert_eq!(decode("A & B"), "A & B");
        assert_eq!(gmt("0000-00-00 00:00:00"), None);
        assert!(gmt("2021-06-01 10:00:00").is_some());
    }
}
