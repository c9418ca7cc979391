//! The template context: the values each template receives.
//!
//! Every field here is documented, with its type and an example, in the manual's
//! "Templates and their context" page (`content/templates.md`); a test renders
//! every documented field. Summaries of articles and issues are built once per
//! build and cloned into the pages that list them.

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use crate::config::Config;
use crate::content::{dates, permalink};
use crate::markdown::{stats::reading_time, Inline, ResolvedImage};
use crate::site::{listings, RenderedArticle, RenderedIssue, Section, Site};

/// Values shared by every page of one build.
#[derive(Debug)]
pub struct Views {
    /// `site`.
    pub site: Value,
    /// ArticleSummary for each article, by index in [`Site::articles`].
    pub summaries: Vec<Value>,
    /// IssueRef for each issue, by index in [`Site::issues`].
    pub issues: Vec<Value>,
    /// SectionRef for each section, by index in [`Site::sections`].
    pub sections: Vec<Value>,
    /// This build's number for the summary pools ([`super::pool`]).
    build: u64,
}

fn html(inline: &Option<Inline>) -> Value {
    inline
        .as_ref()
        .map_or(Value::Null, |i| Value::String(i.html.clone()))
}

fn text(inline: &Option<Inline>) -> Value {
    inline
        .as_ref()
        .map_or(Value::Null, |i| Value::String(i.text.clone()))
}

/// The Image value of a resolved image (null when there is none).
pub(super) fn image(config: &Config, img: &Option<ResolvedImage>, alt: Option<&str>) -> Value {
    match img {
        None => Value::Null,
        Some(i) => json!({
            "url": i.url,
            "permalink": super::absolute::url(config, &i.url),
            "alt": alt.unwrap_or_default(),
            "width": i.width,
            "height": i.height,
        }),
    }
}

/// The ISO date and the date written out in the site's language.
fn date_pair(date: Option<&chrono::DateTime<chrono::FixedOffset>>, lang: &str) -> (Value, Value) {
    match date {
        Some(d) => (
            json!(dates::iso_date(d)),
            json!(super::filters::format_date(
                d.date_naive(),
                lang,
                super::filters::DateFormat::Long
            )),
        ),
        None => (Value::Null, Value::Null),
    }
}

/// A ContributorRef or TagRef: the name as written, its slug, and the URLs of its page.
fn named_ref(config: &Config, name: &str, path: fn(&str) -> String) -> Value {
    let slug = crate::util::slug::slugify(name);
    let url = config.url_path(&path(&slug));
    json!({ "name": name, "slug": slug, "permalink": config.absolute(&url), "url": url })
}

fn contributors(config: &Config, names: &[String]) -> Value {
    Value::Array(
        names
            .iter()
            .map(|n| named_ref(config, n, permalink::author_path))
            .collect(),
    )
}

impl Views {
    /// Builds the shared values for `site`.
    pub fn new(site: &Site) -> Views {
        let sections: Vec<Value> = site.sections.iter().map(section_ref).collect();
        let issues: Vec<Value> = site
            .issues
            .iter()
            .map(|i| {
                issue_ref(
                    &site.config,
                    i,
                    site.issue_contents.get(&i.issue.number).map_or(0, Vec::len),
                )
            })
            .collect();
        let summaries = site
            .articles
            .par_iter()
            .map(|a| {
                let section = site
                    .section_index(&a.article.section)
                    .map_or(Value::Null, |s| sections[s].clone());
                let issue = a
                    .article
                    .issue
                    .and_then(|n| site.issue_index(n))
                    .map_or(Value::Null, |i| without_blurb(&issues[i]));
                article_summary(site, a, section, issue)
            })
            .collect();
        let c = &site.config;
        let site_value = json!({
            "title": c.title,
            "description": c.description,
            "language": c.language,
            "base_url": c.base_url,
            "base_path": c.base_path,
            "url": c.base_path,
            "sections": sections,
            "issues": issues,
            "newest_issue": issues.first().cloned().unwrap_or(Value::Null),
            "extra": site.extra,
            "generator": concat!("mag ", env!("CARGO_PKG_VERSION")),
        });
        Views {
            site: site_value,
            summaries,
            issues,
            sections,
            build: super::pool::new_build(),
        }
    }

    /// The ArticleSummary of article `index`: a spare copy from this thread's
    /// pool when there is one, else a new copy.
    fn summary(&self, index: usize) -> Value {
        super::pool::lend(self.build, &self.summaries, index, true)
    }

    /// ArticleSummary values for a list of article indexes.
    pub fn list(&self, items: &[usize]) -> Value {
        Value::Array(items.iter().map(|&i| self.summary(i)).collect())
    }

    fn one(&self, item: Option<usize>) -> Value {
        item.map_or(Value::Null, |i| self.summary(i))
    }

    /// Gives a rendered page's variables back: the summaries in them go to this
    /// thread's pool for the next page (see [`super::pool`]).
    pub fn reclaim(&self, vars: Value) {
        super::pool::give_back(self.build, &self.summaries, vars);
    }

    /// The `article` value of `article.html` for article `index`.
    pub fn article(&self, site: &Site, index: usize) -> Value {
        let a = &site.articles[index];
        // Not lent: it becomes the article value, which never goes back.
        let mut value = super::pool::lend(self.build, &self.summaries, index, false);
        let neighbours = listings::issue_neighbours(site, index);
        if let Value::Object(map) = &mut value {
            map.insert("body".into(), json!(a.body.html));
            map.insert("toc".into(), json!(a.body.toc));
            map.insert("image_caption".into(), html(&a.caption));
            map.insert("art_credit".into(), html(&a.credit));
            map.insert(
                "more_in_section".into(),
                self.list(&listings::more_in_section(site, index, 5)),
            );
            map.insert(
                "latest".into(),
                self.list(&listings::latest_excluding(site, index, 5)),
            );
            map.insert("issue_articles".into(), self.list(&neighbours.others));
            map.insert("previous_in_issue".into(), self.one(neighbours.previous));
            map.insert("next_in_issue".into(), self.one(neighbours.next));
            map.insert("footnote_count".into(), json!(a.body.footnote_count));
            map.insert("extra".into(), json!(a.article.extra));
            map.insert("jsonld".into(), json!(super::jsonld::article(site, index)));
        }
        value
    }

    /// The `issue` value of `issue.html` for issue `index`.
    pub fn issue(&self, site: &Site, index: usize) -> Value {
        let number = site.issues[index].issue.number;
        let contents = site
            .issue_contents
            .get(&number)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let groups: Vec<Value> = site
            .sections
            .iter()
            .enumerate()
            .filter_map(|(s, section)| {
                let items: Vec<usize> = contents
                    .iter()
                    .copied()
                    .filter(|&i| site.articles[i].article.section == section.config.slug)
                    .collect();
                (!items.is_empty())
                    .then(|| json!({ "section": self.sections[s], "articles": self.list(&items) }))
            })
            .collect();
        let mut value = self.issues[index].clone();
        if let Value::Object(map) = &mut value {
            map.insert("sections".into(), Value::Array(groups));
            // Issues are newest first: the previous (older) issue is the next index.
            let previous = self
                .issues
                .get(index + 1)
                .map_or(Value::Null, without_blurb);
            let next = index
                .checked_sub(1)
                .and_then(|i| self.issues.get(i))
                .map_or(Value::Null, without_blurb);
            map.insert("previous_issue".into(), previous);
            map.insert("next_issue".into(), next);
        }
        value
    }
}

fn without_blurb(issue: &Value) -> Value {
    let mut v = issue.clone();
    if let Value::Object(map) = &mut v {
        map.remove("blurb");
    }
    v
}

fn section_ref(section: &Section) -> Value {
    json!({
        "slug": section.config.slug,
        "name": section.config.name,
        "description": section.config.description,
        "url": section.url,
        "article_count": section.articles.len(),
    })
}

fn issue_ref(config: &Config, issue: &RenderedIssue, article_count: usize) -> Value {
    let (date, date_display) = date_pair(issue.issue.date.as_ref(), &config.language);
    json!({
        "number": issue.issue.number,
        "title": issue.title.html,
        "title_text": issue.title.text,
        "date": date,
        "date_display": date_display,
        "url": issue.url,
        "cover": image(config, &issue.cover, issue.issue.cover_alt.as_deref()),
        "cover_credit": html(&issue.cover_credit),
        "blurb": issue.blurb.html,
        "article_count": article_count,
    })
}

fn article_summary(site: &Site, a: &RenderedArticle, section: Value, issue: Value) -> Value {
    let lang = &site.config.language;
    let (date, date_display) = date_pair(a.article.date.as_ref(), lang);
    let (updated, updated_display) = date_pair(a.article.updated.as_ref(), lang);
    let c = &site.config;
    let tags: Vec<Value> = a
        .article
        .tags
        .iter()
        .map(|t| named_ref(c, t, permalink::tag_path))
        .collect();
    let rfc3339 = |d: Option<&chrono::DateTime<chrono::FixedOffset>>| {
        d.map_or(Value::Null, |d| json!(super::absolute::datetime(d)))
    };
    let mut map = Map::new();
    map.insert("title".into(), json!(a.title.html));
    map.insert("title_text".into(), json!(a.title.text));
    map.insert("dek".into(), html(&a.dek));
    map.insert("dek_text".into(), text(&a.dek));
    map.insert("summary".into(), json!(a.summary));
    map.insert("url".into(), json!(a.url));
    map.insert("permalink".into(), json!(site.config.absolute(&a.url)));
    map.insert("date".into(), date);
    map.insert("date_display".into(), date_display);
    map.insert("updated".into(), updated);
    map.insert("updated_display".into(), updated_display);
    map.insert("datetime".into(), rfc3339(a.article.date.as_ref()));
    map.insert(
        "updated_datetime".into(),
        rfc3339(a.article.updated.as_ref()),
    );
    map.insert("section".into(), section);
    map.insert("issue".into(), issue);
    map.insert("authors".into(), contributors(c, &a.article.authors));
    map.insert(
        "illustrators".into(),
        contributors(c, &a.article.illustrators),
    );
    map.insert(
        "photographers".into(),
        contributors(c, &a.article.photographers),
    );
    map.insert("tags".into(), Value::Array(tags));
    map.insert(
        "image".into(),
        image(c, &a.image, a.article.image_alt.as_deref()),
    );
    map.insert("word_count".into(), json!(a.body.word_count));
    map.insert(
        "reading_time".into(),
        json!(reading_time(a.body.word_count)),
    );
    map.insert("featured".into(), json!(a.article.featured));
    Value::Object(map)
}
