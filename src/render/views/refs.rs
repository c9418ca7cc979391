//! The views every page shares: `site`, and the values lists are made of
//! (**SectionRef**, **IssueRef**, **Image**, **ContributorRef**, **TagRef**,
//! **ArticleSummary**). Each field is documented in the manual's "Templates and
//! their context" page (`content/templates.md`); a test compares the two.

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use super::value::{view, IntoValue};
use crate::config::Config;
use crate::content::dates;
use crate::markdown::{stats::reading_time, Inline, ResolvedImage};
use crate::render::{absolute, filters};
use crate::site::{RenderedArticle, RenderedIssue, Role, Section, Site};

view! {
    /// `site`, which every template gets.
    pub(crate) struct SiteView {
        /// The magazine's name.
        title: String,
        /// One line about it.
        description: String,
        /// Its BCP 47 language tag.
        language: String,
        /// The absolute URL it is served at, ending with `/`.
        base_url: String,
        /// The path of `base_url`, starting and ending with `/`.
        base_path: String,
        /// The home page's URL.
        url: String,
        /// Every **SectionRef**, in declared order.
        sections: Vec<Value>,
        /// Every **IssueRef**, newest first.
        issues: Vec<Value>,
        /// The newest **IssueRef**, or null.
        newest_issue: Value,
        /// mag.toml's `[extra]` over the theme's defaults.
        extra: toml::Table,
        /// `mag VERSION`.
        generator: &'static str,
    }
}

view! {
    /// A section as lists show it.
    pub(crate) struct SectionRef {
        /// The URL-safe name.
        slug: String,
        /// The display name.
        name: String,
        /// One sentence (may be empty).
        description: String,
        /// The section page's URL.
        url: String,
        /// How many articles it holds.
        article_count: usize,
    }
}

view! {
    /// An issue as lists show it.
    pub(crate) struct IssueRef {
        /// Its number.
        number: u32,
        /// Its title (HTML).
        title: String,
        /// Its title as plain text.
        title_text: String,
        /// Its cover date, ISO, or null.
        date: Option<String>,
        /// The same written out in the site's language, or null.
        date_display: Option<String>,
        /// The issue page's URL.
        url: String,
        /// Its cover **Image**, or null.
        cover: Option<ImageView>,
        /// The cover's credit (HTML), or null.
        cover_credit: Option<String>,
        /// The issue file's body (HTML).
        blurb: String,
        /// How many articles it holds.
        article_count: usize,
        /// Its `[extra]`.
        extra: toml::Table,
    }
}

view! {
    /// An image placed by mag (lead art, cover, portrait).
    pub(crate) struct ImageView {
        /// Its URL.
        url: String,
        /// Its absolute URL, for meta tags.
        permalink: String,
        /// Its alternative text.
        alt: String,
        /// Its width in pixels, or null when the file could not be read.
        width: Option<u32>,
        /// Its height in pixels, or null.
        height: Option<u32>,
        /// Its resized copies as a `srcset` value (`a-480w.webp 480w, …`), or "" when it has none.
        srcset: String,
        /// The MIME type of those copies (`image/webp`), or "".
        srcset_type: String,
        /// The absolute URL of the copy for `og:image` (about 1,200 pixels wide; the image itself when it is not wider).
        card_permalink: String,
        /// That copy's width in pixels, or null.
        card_width: Option<u32>,
        /// That copy's height in pixels, or null.
        card_height: Option<u32>,
    }
}

view! {
    /// A contributor as an article credits them.
    pub(crate) struct ContributorRef {
        /// The name as the article writes it.
        name: String,
        /// The URL-safe name.
        slug: String,
        /// The contributor page's URL.
        url: String,
        /// The same, absolute.
        permalink: String,
    }
}

view! {
    /// A tag as an article writes it.
    pub(crate) struct TagRef {
        /// The tag as written.
        name: String,
        /// The URL-safe name.
        slug: String,
        /// The tag page's URL.
        url: String,
        /// The same, absolute.
        permalink: String,
    }
}

view! {
    /// What lists show of an article.
    pub(crate) struct ArticleSummary {
        /// The headline (HTML).
        title: String,
        /// The headline as plain text.
        title_text: String,
        /// The dek (HTML), or null.
        dek: Option<String>,
        /// The dek as plain text, or null.
        dek_text: Option<String>,
        /// Plain text: `summary`, else the dek, else the body's summary.
        summary: String,
        /// The article's URL.
        url: String,
        /// The same, absolute.
        permalink: String,
        /// The publication date, ISO (null only for undated drafts).
        date: Option<String>,
        /// The same written out in the site's language.
        date_display: Option<String>,
        /// The last revision's date, ISO, or null.
        updated: Option<String>,
        /// The same written out, or null.
        updated_display: Option<String>,
        /// The publication date, RFC 3339 with offset.
        datetime: Option<String>,
        /// The last revision, RFC 3339 with offset, or null.
        updated_datetime: Option<String>,
        /// Its **SectionRef**.
        section: Value,
        /// Its **IssueRef** (without `blurb`), or null.
        issue: Value,
        /// Its writers (**ContributorRef**).
        authors: Vec<ContributorRef>,
        /// Its illustrators.
        illustrators: Vec<ContributorRef>,
        /// Its photographers.
        photographers: Vec<ContributorRef>,
        /// Its tags (**TagRef**).
        tags: Vec<TagRef>,
        /// Its lead art (**Image**), or null.
        image: Option<ImageView>,
        /// Words in its body (without pull quotes and notes).
        word_count: usize,
        /// Minutes at 230 words a minute, at least 1.
        reading_time: usize,
        /// Shown among featured articles.
        featured: bool,
    }
}

fn html(inline: &Option<Inline>) -> Option<String> {
    inline.as_ref().map(|i| i.html.clone())
}

fn text(inline: &Option<Inline>) -> Option<String> {
    inline.as_ref().map(|i| i.text.clone())
}

/// The Image view of a resolved image (none when there is none).
pub(crate) fn image(
    config: &Config,
    img: &Option<ResolvedImage>,
    alt: Option<&str>,
) -> Option<ImageView> {
    img.as_ref().map(|i| {
        let permalink = absolute::url(config, &i.url);
        let (card_permalink, card_width, card_height) = match &i.card {
            Some(c) => (absolute::url(config, &c.url), Some(c.width), Some(c.height)),
            None => (permalink.clone(), i.width, i.height),
        };
        ImageView {
            url: i.url.clone(),
            permalink,
            alt: alt.unwrap_or_default().to_string(),
            width: i.width,
            height: i.height,
            srcset: i.srcset_attr(),
            srcset_type: i.srcset_type().to_string(),
            card_permalink,
            card_width,
            card_height,
        }
    })
}

/// The ISO date and the date written out in the site's language.
fn date_pair(date: Option<&DateTime<FixedOffset>>, lang: &str) -> (Option<String>, Option<String>) {
    match date {
        Some(d) => (
            Some(dates::iso_date(d)),
            Some(filters::format_date(
                d.date_naive(),
                lang,
                filters::DateFormat::Long,
            )),
        ),
        None => (None, None),
    }
}

/// The `site` value.
pub(crate) fn site(site: &Site, sections: &[Value], issues: &[Value]) -> SiteView {
    let c = &site.config;
    SiteView {
        title: c.title.clone(),
        description: c.description.clone(),
        language: c.language.clone(),
        base_url: c.base_url.clone(),
        base_path: c.base_path.as_str().to_string(),
        url: c.base_path.as_str().to_string(),
        sections: sections.to_vec(),
        issues: issues.to_vec(),
        newest_issue: issues.first().cloned().unwrap_or(Value::Null),
        extra: site.extra.clone(),
        generator: concat!("mag ", env!("CARGO_PKG_VERSION")),
    }
}

/// The SectionRef of a section.
pub(crate) fn section(section: &Section) -> SectionRef {
    SectionRef {
        slug: section.config.slug.clone(),
        name: section.config.name.clone(),
        description: section.config.description.clone(),
        url: section.url.clone(),
        article_count: section.articles.len(),
    }
}

/// The IssueRef of an issue with `article_count` articles.
pub(crate) fn issue(config: &Config, issue: &RenderedIssue, article_count: usize) -> IssueRef {
    let (date, date_display) = date_pair(issue.issue.date.as_ref(), &config.language);
    IssueRef {
        number: issue.issue.number,
        title: issue.title.html.clone(),
        title_text: issue.title.text.clone(),
        date,
        date_display,
        url: issue.url.clone(),
        cover: image(config, &issue.cover, issue.issue.cover_alt.as_deref()),
        cover_credit: html(&issue.cover_credit),
        blurb: issue.blurb.html.clone(),
        article_count,
        extra: issue.issue.extra.clone(),
    }
}

/// An IssueRef value without its `blurb`, as summaries and issue neighbours
/// carry it.
pub(crate) fn without_blurb(issue: &Value) -> Value {
    let mut v = issue.clone();
    if let Value::Object(map) = &mut v {
        map.remove("blurb");
    }
    v
}

fn people(site: &Site, index: usize, role: Role) -> Vec<ContributorRef> {
    let c = &site.config;
    site.credited(index, role)
        .map(|(name, person)| ContributorRef {
            name: name.to_string(),
            slug: person.slug.clone(),
            permalink: c.absolute(&person.url),
            url: person.url.clone(),
        })
        .collect()
}

/// The ArticleSummary of article `index`, with its section's and issue's values.
pub(crate) fn summary(site: &Site, index: usize, section: Value, issue: Value) -> ArticleSummary {
    let a: &RenderedArticle = &site.articles[index];
    let c = &site.config;
    let lang = &c.language;
    let (date, date_display) = date_pair(a.article.date.as_ref(), lang);
    let (updated, updated_display) = date_pair(a.article.updated.as_ref(), lang);
    let rfc3339 = |d: Option<&DateTime<FixedOffset>>| d.map(absolute::datetime);
    let tags = site
        .tagged(index)
        .map(|(name, tag)| TagRef {
            name: name.to_string(),
            slug: tag.slug.clone(),
            permalink: c.absolute(&tag.url),
            url: tag.url.clone(),
        })
        .collect();
    ArticleSummary {
        title: a.title.html.clone(),
        title_text: a.title.text.clone(),
        dek: html(&a.dek),
        dek_text: text(&a.dek),
        summary: a.summary.clone(),
        url: a.url.clone(),
        permalink: c.absolute(&a.url),
        date,
        date_display,
        updated,
        updated_display,
        datetime: rfc3339(a.article.date.as_ref()),
        updated_datetime: rfc3339(a.article.updated.as_ref()),
        section,
        issue,
        authors: people(site, index, Role::Writing),
        illustrators: people(site, index, Role::Art),
        photographers: people(site, index, Role::Photography),
        tags,
        image: image(c, &a.image, a.article.image_alt.as_deref()),
        word_count: a.body.word_count,
        reading_time: reading_time(a.body.word_count),
        featured: a.article.featured,
    }
}

/// Values made once per build and shared by the pages that show them.
pub(crate) fn values<T: IntoValue>(views: impl Iterator<Item = T>) -> Vec<Value> {
    views.map(IntoValue::into_value).collect()
}
