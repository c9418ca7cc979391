//! Paginated lists: section, contributor and tag pages, and the contributors index.
//!
//! Every list is cut into pages of `paginate_by` by [`listings::paginate`]: page 1
//! at the list's own path, page N at `PATH/page/N/`. Each page gets a `paginator`
//! (see `content/templates.md`); contributor pages also get `roles`, the page's
//! articles grouped as "Writing", "Art" and "Photography".

use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::context::{self, Views};
use super::{vars, Job};
use crate::site::{listings, Contributor, Role, Site, Tag};

/// The `paginator` value of one page.
fn paginator(site: &Site, views: &Views, pager: &listings::Pager<'_>, first: &str) -> Value {
    let c = &site.config;
    let url = |p: &Option<String>| p.as_ref().map_or(Value::Null, |p| json!(c.url_path(p)));
    json!({
        "items": views.list(pager.items),
        "current_page": pager.number,
        "total_pages": pager.total,
        "previous_url": url(&pager.previous),
        "next_url": url(&pager.next),
        "first_url": c.url_path(first),
        "last_url": c.url_path(&listings::page_path(first, pager.total)),
    })
}

/// A list to cut into pages.
pub(super) struct List<'a> {
    /// The site path of page 1 (`/personages/`).
    pub first: String,
    /// The articles, newest first.
    pub items: &'a [usize],
    /// The template.
    pub template: &'static str,
    /// The `page_kind`.
    pub kind: &'static str,
    /// What is being rendered, for error messages.
    pub item: String,
    /// Variables every page gets.
    pub fixed: Vec<(&'static str, Value)>,
}

/// The jobs for every page of `list`; `per_page` adds variables that depend on the
/// page's items. Every variable is built only when its page is rendered: the
/// lists of a large site's archive pages would otherwise all be in memory at once.
pub(super) fn paginated<'a>(
    site: &'a Site,
    views: &'a Views,
    list: List<'a>,
    per_page: impl Fn(&[usize]) -> Vec<(&'static str, Value)> + Send + Sync + Clone + 'a,
) -> Vec<Job<'a>> {
    let first: Arc<str> = list.first.into();
    let fixed = Arc::new(list.fixed);
    listings::paginate(&first, list.items, site.config.paginate_by)
        .into_iter()
        .map(|pager| {
            let path = pager.path.clone();
            let (first, fixed, per_page) = (first.clone(), fixed.clone(), per_page.clone());
            Job {
                template: list.template,
                path,
                kind: list.kind,
                vars: super::lazy(move || {
                    let mut v = vars(fixed.iter().map(|(k, x)| (*k, x.clone())).collect());
                    v.insert("paginator".into(), paginator(site, views, &pager, &first));
                    v.extend(
                        per_page(pager.items)
                            .into_iter()
                            .map(|(k, x)| (k.to_string(), x)),
                    );
                    v
                }),
                item: list.item.clone(),
            }
        })
        .collect()
}

/// The `roles` variable of a contributor's page: the page's articles grouped by
/// the contributor's role in them.
fn roles(views: &Views, c: &Contributor, page: &[usize]) -> Vec<(&'static str, Value)> {
    let groups: Vec<Value> = Role::ALL
        .into_iter()
        .filter_map(|role| {
            let mine = c.in_role(role);
            let items: Vec<usize> = page.iter().copied().filter(|i| mine.contains(i)).collect();
            (!items.is_empty()).then(|| {
                json!({ "role": role.label(), "key": role.key(), "articles": views.list(&items) })
            })
        })
        .collect();
    vec![("roles", Value::Array(groups))]
}

/// The `author` value of a contributor (also each entry of `authors`).
pub(super) fn author_view(site: &Site, c: &Contributor) -> Value {
    let config = &site.config;
    let bio = c.bio.as_ref();
    let roles: Vec<&str> = Role::ALL
        .into_iter()
        .filter(|&r| !c.in_role(r).is_empty())
        .map(Role::label)
        .collect();
    json!({
        "slug": c.slug,
        "name": c.name,
        "url": c.url,
        "permalink": config.absolute(&c.url),
        "bio": bio.map(|b| b.bio.html.clone()).filter(|h| !h.is_empty()),
        "bio_text": bio.and_then(|b| b.bio.summary.clone()),
        "image": bio.map_or(Value::Null, |b| {
            context::image(config, &b.image, b.author.image_alt.as_deref())
        }),
        "links": bio.map_or(Value::Array(Vec::new()), |b| json!(b.author.links)),
        "article_count": c.articles.len(),
        "writing_count": c.in_role(Role::Writing).len(),
        "art_count": c.in_role(Role::Art).len(),
        "photography_count": c.in_role(Role::Photography).len(),
        "roles": roles,
        "extra": bio.map_or(Value::Object(Map::new()), |b| json!(b.author.extra)),
    })
}

/// The `tag` value of a tag.
fn tag_view(site: &Site, t: &Tag) -> Value {
    json!({
        "slug": t.slug,
        "name": t.name,
        "url": t.url,
        "permalink": site.config.absolute(&t.url),
        "article_count": t.articles.len(),
    })
}

/// `/authors/`, each contributor's pages and each tag's pages.
pub(super) fn jobs<'a>(site: &'a Site, views: &'a Views) -> Vec<Job<'a>> {
    let mut jobs = vec![Job {
        template: "authors.html",
        path: "/authors/".into(),
        kind: "authors",
        vars: super::lazy(move || {
            let authors = site.contributors.iter().map(|c| author_view(site, c));
            vars(vec![("authors", Value::Array(authors.collect()))])
        }),
        item: "the contributors page".into(),
    }];
    for c in &site.contributors {
        let item = c.bio.as_ref().map_or_else(
            || format!("the page of contributor `{}`", c.name),
            |b| b.author.source.display().to_string(),
        );
        let list = List {
            first: c.path.clone(),
            items: &c.articles,
            template: "author.html",
            kind: "author",
            item,
            fixed: vec![("author", author_view(site, c))],
        };
        jobs.extend(paginated(site, views, list, move |page| {
            roles(views, c, page)
        }));
    }
    for t in &site.tags {
        let list = List {
            first: t.path.clone(),
            items: &t.articles,
            template: "tag.html",
            kind: "tag",
            item: format!("the page of tag `{}`", t.name),
            fixed: vec![("tag", tag_view(site, t))],
        };
        jobs.extend(paginated(site, views, list, |_| Vec::new()));
    }
    jobs
}
