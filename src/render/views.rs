//! The variables of each kind of page (see `content/templates.md`).

use serde_json::{json, Map, Value};

use super::context::{self, Views};
use crate::plan::PageKind;
use crate::site::{listings, Contributor, Role, Site, Tag};

/// How many latest articles the home page lists.
pub(crate) const HOME_LATEST: usize = 10;
/// How many featured articles the home page lists.
pub(crate) const HOME_FEATURED: usize = 6;

fn vars_of(pairs: Vec<(&str, Value)>) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// The template-specific variables of a page of `kind`.
pub(crate) fn vars(kind: &PageKind<'_>, site: &Site, views: &Views) -> Map<String, Value> {
    match kind {
        PageKind::Home => home(site, views),
        PageKind::Article(i) => vars_of(vec![("article", views.article(site, *i))]),
        PageKind::IssueArchive => vars_of(vec![("issues", Value::Array(views.issues.clone()))]),
        PageKind::Issue(i) => vars_of(vec![("issue", views.issue(site, *i))]),
        PageKind::Page(i) => vars_of(vec![("page", page(site, *i))]),
        PageKind::Contributors => {
            let authors = site.contributors.iter().map(|c| author_view(site, c));
            vars_of(vec![("authors", Value::Array(authors.collect()))])
        }
        PageKind::Section(s, pager) => {
            let mut v = vars_of(vec![("section", views.sections[*s].clone())]);
            v.insert("paginator".into(), paginator(site, views, pager));
            v
        }
        PageKind::Contributor(c, pager) => {
            let c = &site.contributors[*c];
            let mut v = vars_of(vec![("author", author_view(site, c))]);
            v.insert("paginator".into(), paginator(site, views, pager));
            v.insert("roles".into(), roles(views, c, pager.items));
            v
        }
        PageKind::Tag(t, pager) => {
            let mut v = vars_of(vec![("tag", tag_view(site, &site.tags[*t]))]);
            v.insert("paginator".into(), paginator(site, views, pager));
            v
        }
        PageKind::NotFound => Map::new(),
    }
}

fn home(site: &Site, views: &Views) -> Map<String, Value> {
    let latest: Vec<usize> = (0..site.articles.len().min(HOME_LATEST)).collect();
    let featured: Vec<usize> = site.featured.iter().copied().take(HOME_FEATURED).collect();
    let newest_issue_articles = site
        .issues
        .first()
        .and_then(|i| site.issue_contents.get(&i.issue.number))
        .map(|list| views.list(list))
        .unwrap_or(Value::Array(Vec::new()));
    vars_of(vec![
        (
            "newest_issue",
            views.issues.first().cloned().unwrap_or(Value::Null),
        ),
        ("newest_issue_articles", newest_issue_articles),
        ("featured", views.list(&featured)),
        ("latest", views.list(&latest)),
    ])
}

fn page(site: &Site, index: usize) -> Value {
    let page = &site.pages[index];
    json!({
        "title": page.title.html,
        "title_text": page.title.text,
        "dek": page.dek.as_ref().map(|d| d.html.clone()),
        "dek_text": page.dek.as_ref().map(|d| d.text.clone()),
        "body": page.body.html,
        "url": page.url,
        "permalink": site.config.absolute(&page.url),
        "extra": page.page.extra,
    })
}

/// The `paginator` value of one page.
fn paginator(site: &Site, views: &Views, pager: &listings::Pager<'_>) -> Value {
    let c = &site.config;
    let url = |p: &Option<String>| p.as_ref().map_or(Value::Null, |p| json!(c.url_path(p)));
    json!({
        "items": views.list(pager.items),
        "current_page": pager.number,
        "total_pages": pager.total,
        "previous_url": url(&pager.previous),
        "next_url": url(&pager.next),
        "first_url": c.url_path(&pager.first),
        "last_url": c.url_path(&listings::page_path(&pager.first, pager.total)),
    })
}

/// The `roles` variable of a contributor's page: the page's articles grouped by
/// the contributor's role in them.
fn roles(views: &Views, c: &Contributor, page: &[usize]) -> Value {
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
    Value::Array(groups)
}

/// The `author` value of a contributor (also each entry of `authors`).
fn author_view(site: &Site, c: &Contributor) -> Value {
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
