//! Rendered content → the arranged, immutable [`Site`].
//!
//! Steps: sort articles newest first; sort issues by number, newest first; give
//! each declared section its articles; order each issue's articles as its table of
//! contents (sections in declared order, then by date and title); pick the
//! featured articles; gather contributors and tags ([`taxonomy`]). Later stages
//! only read the result.

pub(crate) mod listings;
pub(crate) mod taxonomy;

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};

use crate::config::{Config, SectionConfig};
use crate::content::{Article, Issue, Page};
use crate::markdown::{Inline, RenderedBody, ResolvedImage};
pub(crate) use taxonomy::{Contributor, Credits, RenderedAuthor, Role, Tag};

/// An article with its Markdown rendered.
#[derive(Debug, Clone)]
pub(crate) struct RenderedArticle {
    /// The validated front matter and source.
    pub article: Article,
    /// The body.
    pub body: RenderedBody,
    /// The headline.
    pub title: Inline,
    /// The dek.
    pub dek: Option<Inline>,
    /// The lead art's caption.
    pub caption: Option<Inline>,
    /// The lead art's credit.
    pub credit: Option<Inline>,
    /// The lead art, resolved.
    pub image: Option<ResolvedImage>,
    /// Plain-text summary: `summary`, else the dek, else the body's summary.
    pub summary: String,
    /// The root-relative URL, with the base path.
    pub url: String,
}

/// An issue with its Markdown rendered.
#[derive(Debug, Clone)]
pub(crate) struct RenderedIssue {
    /// The validated front matter and source.
    pub issue: Issue,
    /// The title.
    pub title: Inline,
    /// The blurb (the file's body).
    pub blurb: RenderedBody,
    /// The cover, resolved.
    pub cover: Option<ResolvedImage>,
    /// The cover credit.
    pub cover_credit: Option<Inline>,
    /// The root-relative URL, with the base path.
    pub url: String,
}

/// A standalone page with its Markdown rendered.
#[derive(Debug, Clone)]
pub(crate) struct RenderedPage {
    /// The validated front matter and source.
    pub page: Page,
    /// The title.
    pub title: Inline,
    /// The dek.
    pub dek: Option<Inline>,
    /// The body.
    pub body: RenderedBody,
    /// The root-relative URL, with the base path.
    pub url: String,
}

/// A declared section and its articles.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    /// As declared in mag.toml.
    pub config: SectionConfig,
    /// The root-relative URL (`/personages/`), with the base path.
    pub url: String,
    /// Indexes into [`Site::articles`], newest first.
    pub articles: Vec<usize>,
}

/// The whole magazine, arranged for rendering.
#[derive(Debug)]
pub(crate) struct Site {
    /// The configuration.
    pub config: Config,
    /// Articles, newest first.
    pub articles: Vec<RenderedArticle>,
    /// Issues, highest number first.
    pub issues: Vec<RenderedIssue>,
    /// Standalone pages.
    pub pages: Vec<RenderedPage>,
    /// Sections in declared order.
    pub sections: Vec<Section>,
    /// For each issue number, its articles in table-of-contents order.
    pub issue_contents: HashMap<u32, Vec<usize>>,
    /// Featured articles, newest first.
    pub featured: Vec<usize>,
    /// Contributors, by surname.
    pub contributors: Vec<Contributor>,
    /// Tags, by slug.
    pub tags: Vec<Tag>,
    /// Each article's contributors and tags, by index in [`Site::articles`].
    pub credits: Vec<Credits>,
    /// Non-Markdown files under content/ outside bundles: (path on disk, path under content/).
    pub loose_files: Vec<(std::path::PathBuf, String)>,
    /// The site's `[extra]` laid over the theme's defaults (`site.extra` in
    /// templates; see `theme::merge_extra`).
    pub extra: toml::Table,
}

impl Site {
    /// The index in [`Site::issues`] of the issue with this number.
    pub(crate) fn issue_index(&self, number: u32) -> Option<usize> {
        self.issues.iter().position(|i| i.issue.number == number)
    }

    /// The contributors of article `index` in `role`, each with the name as the
    /// article writes it, in front-matter order.
    pub(crate) fn credited(
        &self,
        index: usize,
        role: Role,
    ) -> impl Iterator<Item = (&str, &Contributor)> {
        let names = role.names(&self.articles[index]);
        self.credits[index].people[role as usize]
            .iter()
            .map(move |&(pos, c)| (names[pos].as_str(), &self.contributors[c]))
    }

    /// The tags of article `index`, each with its name as the article writes it.
    pub(crate) fn tagged(&self, index: usize) -> impl Iterator<Item = (&str, &Tag)> {
        let names = &self.articles[index].article.tags;
        self.credits[index]
            .tags
            .iter()
            .map(move |&(pos, t)| (names[pos].as_str(), &self.tags[t]))
    }

    /// The index in [`Site::sections`] of the section with this slug.
    pub(crate) fn section_index(&self, slug: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.config.slug == slug)
    }
}

fn newest_first(
    a: Option<&DateTime<FixedOffset>>,
    b: Option<&DateTime<FixedOffset>>,
) -> std::cmp::Ordering {
    // Undated drafts sort after everything else.
    match (a, b) {
        (Some(a), Some(b)) => b.cmp(a),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// Arranges rendered content into a [`Site`].
pub(crate) fn arrange(
    config: Config,
    mut articles: Vec<RenderedArticle>,
    mut issues: Vec<RenderedIssue>,
    pages: Vec<RenderedPage>,
    authors: Vec<RenderedAuthor>,
) -> Site {
    articles.sort_by(|a, b| {
        newest_first(a.article.date.as_ref(), b.article.date.as_ref())
            .then_with(|| a.title.text.cmp(&b.title.text))
            .then_with(|| a.url.cmp(&b.url))
    });
    issues.sort_by_key(|i| std::cmp::Reverse(i.issue.number));

    let mut sections: Vec<Section> = config
        .sections
        .iter()
        .map(|s| Section {
            config: s.clone(),
            url: config.url_path(&format!("{}/", s.slug)),
            articles: Vec::new(),
        })
        .collect();
    let section_pos: HashMap<&str, usize> = config
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.slug.as_str(), i))
        .collect();
    let mut issue_contents: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        if let Some(&s) = section_pos.get(a.article.section.as_str()) {
            sections[s].articles.push(i);
        }
        if let Some(n) = a.article.issue {
            issue_contents.entry(n).or_default().push(i);
        }
    }
    for list in issue_contents.values_mut() {
        list.sort_by(|&x, &y| {
            let (a, b) = (&articles[x], &articles[y]);
            let sa = section_pos.get(a.article.section.as_str());
            let sb = section_pos.get(b.article.section.as_str());
            sa.cmp(&sb)
                .then_with(|| newest_first(b.article.date.as_ref(), a.article.date.as_ref()))
                .then_with(|| a.title.text.cmp(&b.title.text))
        });
    }
    let featured = (0..articles.len())
        .filter(|&i| articles[i].article.featured)
        .collect();
    let contributors = taxonomy::contributors(&config, &articles, authors);
    let tags = taxonomy::tags(&config, &articles);
    let credits = taxonomy::credits(&articles, &contributors, &tags);
    Site {
        config,
        articles,
        issues,
        pages,
        sections,
        issue_contents,
        featured,
        contributors,
        tags,
        credits,
        loose_files: Vec::new(),
        extra: toml::Table::new(),
    }
}
