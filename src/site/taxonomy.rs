//! Contributors and tags: who made what, and what is filed under which word.
//!
//! Steps: every name in an article's `authors`, `illustrators` and `photographers`
//! is slugged (`Jane Doe` → `jane-doe`); names with the same slug are one person.
//! Each bio file joins the contributor of its slug, or makes one with no articles.
//! Contributors are sorted by surname (the last word of the name), then by the
//! whole name. Tags are slugged the same way and sorted by slug. Article lists keep
//! the site's order: newest first.

use std::collections::{BTreeMap, HashMap};

use super::RenderedArticle;
use crate::config::Config;
use crate::content::permalink::{author_path, tag_path};
use crate::content::Author;
use crate::markdown::{RenderedBody, ResolvedImage};
use crate::util::slug::slugify;

/// A contributor's bio file with its Markdown rendered.
#[derive(Debug, Clone)]
pub(crate) struct RenderedAuthor {
    /// The validated front matter and source.
    pub author: Author,
    /// The bio (the file's body).
    pub bio: RenderedBody,
    /// The portrait, resolved.
    pub image: Option<ResolvedImage>,
}

/// The roles a contributor can have on an article, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// `authors`.
    Writing,
    /// `illustrators`.
    Art,
    /// `photographers`.
    Photography,
}

impl Role {
    /// Every role, in display order.
    pub(crate) const ALL: [Role; 3] = [Role::Writing, Role::Art, Role::Photography];

    /// "Writing", "Art", "Photography".
    pub(crate) fn label(self) -> &'static str {
        match self {
            Role::Writing => "Writing",
            Role::Art => "Art",
            Role::Photography => "Photography",
        }
    }

    /// "writing", "art", "photography".
    pub(crate) fn key(self) -> &'static str {
        match self {
            Role::Writing => "writing",
            Role::Art => "art",
            Role::Photography => "photography",
        }
    }

    /// The names of an article's contributors in this role.
    pub(crate) fn names(self, article: &RenderedArticle) -> &[String] {
        match self {
            Role::Writing => &article.article.authors,
            Role::Art => &article.article.illustrators,
            Role::Photography => &article.article.photographers,
        }
    }
}

/// One contributor: a name used in front matter, a bio file, or both.
#[derive(Debug, Clone)]
pub(crate) struct Contributor {
    /// The URL-safe name (`jane-doe`).
    pub slug: String,
    /// The display name: the bio's `name`, else the first name written in front matter.
    pub name: String,
    /// The bio file, when there is one.
    pub bio: Option<RenderedAuthor>,
    /// Indexes into `Site::articles`, newest first, by role (in [`Role::ALL`] order).
    pub roles: [Vec<usize>; 3],
    /// Every article of the contributor, in any role, newest first.
    pub articles: Vec<usize>,
    /// The site path, without the base path (`/authors/jane-doe/`).
    pub path: String,
    /// The root-relative URL, with the base path.
    pub url: String,
}

impl Contributor {
    /// The articles in `role`.
    pub(crate) fn in_role(&self, role: Role) -> &[usize] {
        &self.roles[role as usize]
    }
}

/// One tag and its articles.
#[derive(Debug, Clone)]
pub(crate) struct Tag {
    /// The URL-safe name (`local-government`).
    pub slug: String,
    /// The name as first written (`local government`).
    pub name: String,
    /// Indexes into `Site::articles`, newest first.
    pub articles: Vec<usize>,
    /// The site path, without the base path (`/tags/local-government/`).
    pub path: String,
    /// The root-relative URL, with the base path.
    pub url: String,
}

/// Who made an article and what it is filed under, resolved to the site's
/// contributors and tags: later stages take slugs and URLs from there instead of
/// making them again from the names.
#[derive(Debug, Clone, Default)]
pub(crate) struct Credits {
    /// For each role (in [`Role::ALL`] order), each name of the article in that
    /// role as (its position in the front-matter list, the index of its
    /// contributor in `Site::contributors`).
    pub people: [Vec<(usize, usize)>; 3],
    /// Each tag as (its position in the article's `tags`, the index of the tag in
    /// `Site::tags`).
    pub tags: Vec<(usize, usize)>,
}

/// The credits of each article of `articles` (see [`Credits`]). Names and tags
/// that make no slug (refused when the front matter is read) are left out.
pub(crate) fn credits(
    articles: &[RenderedArticle],
    contributors: &[Contributor],
    tags: &[Tag],
) -> Vec<Credits> {
    let people: HashMap<&str, usize> = contributors
        .iter()
        .enumerate()
        .map(|(i, c)| (c.slug.as_str(), i))
        .collect();
    let tag_index: HashMap<&str, usize> = tags
        .iter()
        .enumerate()
        .map(|(i, t)| (t.slug.as_str(), i))
        .collect();
    let resolve = |names: &[String], index: &HashMap<&str, usize>| -> Vec<(usize, usize)> {
        names
            .iter()
            .enumerate()
            .filter_map(|(pos, name)| Some((pos, *index.get(slugify(name).as_str())?)))
            .collect()
    };
    articles
        .iter()
        .map(|a| Credits {
            people: Role::ALL.map(|role| resolve(role.names(a), &people)),
            tags: resolve(&a.article.tags, &tag_index),
        })
        .collect()
}

/// Gathers the contributors of `articles` (in site order) and the bio files.
pub(crate) fn contributors(
    config: &Config,
    articles: &[RenderedArticle],
    bios: Vec<RenderedAuthor>,
) -> Vec<Contributor> {
    let mut by_slug: BTreeMap<String, Contributor> = BTreeMap::new();
    let blank = |slug: &str, name: &str| Contributor {
        slug: slug.to_string(),
        name: name.to_string(),
        bio: None,
        roles: Default::default(),
        articles: Vec::new(),
        path: author_path(slug),
        url: config.url_path(&author_path(slug)),
    };
    for (i, a) in articles.iter().enumerate() {
        for role in Role::ALL {
            for name in role.names(a) {
                let slug = slugify(name);
                if slug.is_empty() {
                    continue;
                }
                let c = by_slug
                    .entry(slug.clone())
                    .or_insert_with(|| blank(&slug, name.trim()));
                let list = &mut c.roles[role as usize];
                if list.last() != Some(&i) {
                    list.push(i);
                }
                if c.articles.last() != Some(&i) {
                    c.articles.push(i);
                }
            }
        }
    }
    for bio in bios {
        let slug = bio.author.slug.clone();
        let c = by_slug
            .entry(slug.clone())
            .or_insert_with(|| blank(&slug, &slug));
        if let Some(name) = &bio.author.name {
            c.name = name.clone();
        }
        c.bio = Some(bio);
    }
    let mut list: Vec<Contributor> = by_slug.into_values().collect();
    list.sort_by_cached_key(|c| {
        let name = c.name.to_lowercase();
        let surname = name
            .split_whitespace()
            .last()
            .unwrap_or_default()
            .to_string();
        (surname, name, c.slug.clone())
    });
    list
}

/// Gathers the tags of `articles` (in site order), sorted by slug.
pub(crate) fn tags(config: &Config, articles: &[RenderedArticle]) -> Vec<Tag> {
    let mut by_slug: BTreeMap<String, Tag> = BTreeMap::new();
    for (i, a) in articles.iter().enumerate() {
        for name in &a.article.tags {
            let slug = slugify(name);
            if slug.is_empty() {
                continue;
            }
            let tag = by_slug.entry(slug.clone()).or_insert_with(|| Tag {
                path: tag_path(&slug),
                url: config.url_path(&tag_path(&slug)),
                slug,
                name: name.trim().to_string(),
                articles: Vec::new(),
            });
            if tag.articles.last() != Some(&i) {
                tag.articles.push(i);
            }
        }
    }
    by_slug.into_values().collect()
}
