//! Paginated lists: section, contributor and tag pages, and the contributors index.
//!
//! Every list is cut into pages of `paginate_by` by [`listings::paginate`]: page 1
//! at the list's own path, page N at `PATH/page/N/`. Each page gets a `paginator`
//! (see `content/templates.md`); contributor pages also get `roles`, the page's
//! articles grouped as "Writing", "Art" and "Photography".

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

/// Template variables that depend on the articles of one page.
pub(super) type PerPage<'a> = &'a dyn Fn(&[usize]) -> Vec<(&'static str, Value)>;

/// A list to cut into pages.
pub(super) struct List<'a> {
    /// The site path of page 1 (`/personages/`).
    pub first: &'a str,
    /// The articles, newest first.
    pub items: &'a [usize],
    /// The template.
    pub template: &'static str,
    /// The `page_kind`.
    pub kind: &'static str,
    /// What is being rendered, for error messages.
    pub item: String,
    /// Variables every page gets.
    pub fixed: Vec<(&'a str, Value)>,
}

/// The jobs for every page of `list`; `per_page` adds variables that depend on the
/// page's items.
pub(super) fn paginated(
    site: &Site,
    views: &Views,
    list: List<'_>,
    per_page: PerPage<'_>,
) -> Vec<Job<'static>> {
    listings::paginate(list.first, list.items, site.config.paginate_by)
        .into_iter()
        .map(|pager| {
            let mut v = vars(list.fixed.clone());
            v.insert(
                "paginator".into(),
                paginator(site, views, &pager, list.first),
            );
            v.extend(
                per_page(pager.items)
                    .into_iter()
                    .map(|(k, x)| (k.to_string(), x)),
            );
            Job {
                template: list.template,
                path: pager.path.clone(),
                kind: list.kind,
                // Built here, as the per-page closures are not `Sync`; kept lazy in form.
                vars: super::lazy(move || v.clone()),
                item: list.item.clone(),
            }
        })
        .collect()
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
pub(super) fn jobs(site: &Site, views: &Views) -> Vec<Job<'static>> {
    let authors: Vec<Value> = site
        .contributors
        .iter()
        .map(|c| author_view(site, c))
        .collect();
    let mut jobs = vec![Job {
        template: "authors.html",
        path: "/authors/".into(),
        kind: "authors",
        vars: {
            let v = vars(vec![("authors", Value::Array(authors.clone()))]);
            super::lazy(move || v.clone())
        },
        item: "the contributors page".into(),
    }];
    for (c, view) in site.contributors.iter().zip(authors) {
        let roles = |page: &[usize]| {
            let groups: Vec<Value> = Role::ALL
                .into_iter()
                .filter_map(|role| {
                    let mine = c.in_role(role);
                    let items: Vec<usize> =
                        page.iter().copied().filter(|i| mine.contains(i)).collect();
                    (!items.is_empty()).then(|| {
                        json!({ "role": role.label(), "key": role.key(), "articles": views.list(&items) })
                    })
                })
                .collect();
            vec![("roles", Value::Array(groups))]
        };
        let item = c.bio.as_ref().map_or_else(
            || format!("the page of contributor `{}`", c.name),
            |b| b.author.source.display().to_string(),
        );
        let list = List {
            first: &c.path,
            items: &c.articles,
            template: "author.html",
            kind: "author",
            item,
            fixed: vec![("author", view)],
        };
        jobs.extend(paginated(site, views, list, &roles));
    }
    for t in &site.tags {
        let list = List {
            first: &t.path,
            items: &t.articles,
            template: "tag.html",
            kind: "tag",
            item: format!("the page of tag `{}`", t.name),
            fixed: vec![("tag", tag_view(site, t))],
        };
        jobs.extend(paginated(site, views, list, &|_| Vec::new()));
    }
    jobs
}
