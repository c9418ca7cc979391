//! The variables of each kind of page, and the views only one kind of page
//! shows (`content/templates.md`, "Template by template").

use serde_json::Value;

use super::refs::{self, ImageView};
use super::value::view;
use super::Views;
use crate::content::author::AuthorLink;
use crate::markdown::TocEntry;
use crate::site::{listings, listings::Pager, Contributor, Role, Site};

/// How many latest articles the home page lists.
pub(crate) const HOME_LATEST: usize = 10;
/// How many featured articles the home page lists.
pub(crate) const HOME_FEATURED: usize = 6;

view! {
    /// The variables every page gets besides `site`.
    pub(crate) struct PageCommon {
        /// The page's URL, root-relative.
        page_url: String,
        /// The same, absolute: for the canonical link and `og:url`.
        page_permalink: String,
        /// What the page is: `index`, `article`, `section`, `issue`, `issues`,
        /// `page`, `authors`, `author`, `tag` or `404`.
        page_kind: &'static str,
    }
}

view! {
    /// The variables of `index.html`.
    pub(crate) struct HomeVars {
        /// **IssueRef** or null (same as `site.newest_issue`).
        newest_issue: Value,
        /// The newest issue's **ArticleSummary** values, in its table-of-contents order.
        newest_issue_articles: Vec<Value>,
        /// Featured articles, newest first, at most 6.
        featured: Vec<Value>,
        /// The newest articles, at most 10.
        latest: Vec<Value>,
    }
}

view! {
    /// `article` of `article.html`: every field of **ArticleSummary**, and these.
    pub(crate) struct ArticleView {
        @flatten summary: Value;
        /// The rendered body (HTML), footnotes at its end.
        body: String,
        /// Level-2 headings with their level-3 children.
        toc: Vec<TocEntry>,
        /// The lead art's caption (HTML), or null.
        image_caption: Option<String>,
        /// The lead art's credit (HTML), or null.
        art_credit: Option<String>,
        /// Up to 5 other articles of the section, newest first.
        more_in_section: Vec<Value>,
        /// Up to 5 newest articles other than this one.
        latest: Vec<Value>,
        /// The other articles of its issue, in table-of-contents order.
        issue_articles: Vec<Value>,
        /// The article before it in its issue, or null.
        previous_in_issue: Value,
        /// The article after it in its issue, or null.
        next_in_issue: Value,
        /// How many numbered notes it has.
        footnote_count: usize,
        /// Its `[extra]`.
        extra: toml::Table,
        /// Its schema.org `NewsArticle`, as script-safe JSON.
        jsonld: String,
    }
}

view! {
    /// `issue` of `issue.html`: every field of **IssueRef**, and these.
    pub(crate) struct IssueView {
        @flatten issue: Value;
        /// Its articles grouped by section, in declared order.
        sections: Vec<IssueSection>,
        /// The issue before it (**IssueRef** without `blurb`), or null.
        previous_issue: Value,
        /// The issue after it, or null.
        next_issue: Value,
    }
}

view! {
    /// One section's articles in an issue.
    pub(crate) struct IssueSection {
        /// Its **SectionRef**.
        section: Value,
        /// Its **ArticleSummary** values.
        articles: Vec<Value>,
    }
}

view! {
    /// `page` of `page.html`.
    pub(crate) struct PageView {
        /// The heading (HTML).
        title: String,
        /// The heading as plain text.
        title_text: String,
        /// A line under the heading (HTML), or null.
        dek: Option<String>,
        /// The same as plain text, or null.
        dek_text: Option<String>,
        /// The body (HTML).
        body: String,
        /// The page's URL.
        url: String,
        /// The same, absolute.
        permalink: String,
        /// Its `[extra]`.
        extra: toml::Table,
    }
}

view! {
    /// `paginator` of section, contributor and tag pages.
    pub(crate) struct Paginator {
        /// The **ArticleSummary** values on this page, newest first.
        items: Vec<Value>,
        /// This page's number, from 1.
        current_page: usize,
        /// How many pages the list has.
        total_pages: usize,
        /// The previous page's URL, or null.
        previous_url: Option<String>,
        /// The next page's URL, or null.
        next_url: Option<String>,
        /// The first page's URL.
        first_url: String,
        /// The last page's URL.
        last_url: String,
    }
}

view! {
    /// A contributor: `author` of `author.html`, each of `authors`.
    pub(crate) struct ContributorView {
        /// The URL-safe name.
        slug: String,
        /// The bio's `name`, else the name as first written.
        name: String,
        /// The contributor page's URL.
        url: String,
        /// The same, absolute.
        permalink: String,
        /// The bio (HTML), or null.
        bio: Option<String>,
        /// The bio's first paragraph as plain text, or null.
        bio_text: Option<String>,
        /// The portrait (**Image**), or null.
        image: Option<ImageView>,
        /// Links elsewhere.
        links: Vec<AuthorLink>,
        /// Articles in any role.
        article_count: usize,
        /// Articles written.
        writing_count: usize,
        /// Articles illustrated.
        art_count: usize,
        /// Articles photographed.
        photography_count: usize,
        /// The roles with work, in order.
        roles: Vec<&'static str>,
        /// The bio's `[extra]`.
        extra: toml::Table,
    }
}

view! {
    /// One role's articles on a contributor's page (`roles` of `author.html`).
    pub(crate) struct RoleGroup {
        /// `Writing`, `Art` or `Photography`.
        role: &'static str,
        /// `writing`, `art` or `photography`.
        key: &'static str,
        /// The **ArticleSummary** values of this page in that role.
        articles: Vec<Value>,
    }
}

view! {
    /// `tag` of `tag.html`.
    pub(crate) struct TagView {
        /// The URL-safe name.
        slug: String,
        /// The name as first written.
        name: String,
        /// The tag page's URL.
        url: String,
        /// The same, absolute.
        permalink: String,
        /// How many articles carry it.
        article_count: usize,
    }
}

view! {
    /// The variables of `article.html`.
    pub(crate) struct ArticleVars {
        /// The article.
        article: ArticleView,
    }
}

view! {
    /// The variables of `issues.html`.
    pub(crate) struct IssueArchiveVars {
        /// Every **IssueRef**, newest first.
        issues: Vec<Value>,
    }
}

view! {
    /// The variables of `issue.html`.
    pub(crate) struct IssueVars {
        /// The issue.
        issue: IssueView,
    }
}

view! {
    /// The variables of `page.html`.
    pub(crate) struct PageVars {
        /// The page.
        page: PageView,
    }
}

view! {
    /// The variables of `authors.html`.
    pub(crate) struct ContributorsVars {
        /// Every contributor, by surname.
        authors: Vec<ContributorView>,
    }
}

view! {
    /// The variables of `section.html`.
    pub(crate) struct SectionVars {
        /// The **SectionRef**.
        section: Value,
        /// This page of its articles.
        paginator: Paginator,
    }
}

view! {
    /// The variables of `author.html`.
    pub(crate) struct ContributorVars {
        /// The contributor.
        author: ContributorView,
        /// This page of their articles, in any role.
        paginator: Paginator,
        /// This page's articles grouped by role.
        roles: Vec<RoleGroup>,
    }
}

view! {
    /// The variables of `tag.html`.
    pub(crate) struct TagVars {
        /// The tag.
        tag: TagView,
        /// This page of its articles.
        paginator: Paginator,
    }
}

/// The variables of the home page.
pub(crate) fn home(site: &Site, views: &Views) -> HomeVars {
    let latest: Vec<usize> = (0..site.articles.len().min(HOME_LATEST)).collect();
    let featured: Vec<usize> = site.featured.iter().copied().take(HOME_FEATURED).collect();
    let newest_issue_articles = site
        .issues
        .first()
        .and_then(|i| site.issue_contents.get(&i.issue.number))
        .map(|list| views.list(list))
        .unwrap_or_default();
    HomeVars {
        newest_issue: views.issues.first().cloned().unwrap_or(Value::Null),
        newest_issue_articles,
        featured: views.list(&featured),
        latest: views.list(&latest),
    }
}

/// The `article` of article `index`.
pub(crate) fn article(site: &Site, views: &Views, index: usize) -> ArticleView {
    let a = &site.articles[index];
    let neighbours = listings::issue_neighbours(site, index);
    ArticleView {
        summary: views.own_summary(index),
        body: a.body.html.clone(),
        toc: a.body.toc.clone(),
        image_caption: a.caption.as_ref().map(|c| c.html.clone()),
        art_credit: a.credit.as_ref().map(|c| c.html.clone()),
        more_in_section: views.list(&listings::more_in_section(site, index, 5)),
        latest: views.list(&listings::latest_excluding(site, index, 5)),
        issue_articles: views.list(&neighbours.others),
        previous_in_issue: views.one(neighbours.previous),
        next_in_issue: views.one(neighbours.next),
        footnote_count: a.body.footnote_count,
        extra: a.article.extra.clone(),
        jsonld: crate::render::jsonld::article(site, index),
    }
}

/// The `issue` of issue `index`.
pub(crate) fn issue(site: &Site, views: &Views, index: usize) -> IssueView {
    let number = site.issues[index].issue.number;
    let contents = site
        .issue_contents
        .get(&number)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let sections = site
        .sections
        .iter()
        .enumerate()
        .filter_map(|(s, section)| {
            let items: Vec<usize> = contents
                .iter()
                .copied()
                .filter(|&i| site.articles[i].article.section == section.config.slug)
                .collect();
            (!items.is_empty()).then(|| IssueSection {
                section: views.sections[s].clone(),
                articles: views.list(&items),
            })
        })
        .collect();
    // Issues are newest first: the previous (older) issue is the next index.
    let neighbour = |i: Option<usize>| {
        i.and_then(|i| views.issues.get(i))
            .map_or(Value::Null, refs::without_blurb)
    };
    IssueView {
        issue: views.issues[index].clone(),
        sections,
        previous_issue: neighbour(Some(index + 1)),
        next_issue: neighbour(index.checked_sub(1)),
    }
}

/// The `page` of standalone page `index`.
pub(crate) fn page(site: &Site, index: usize) -> PageView {
    let page = &site.pages[index];
    PageView {
        title: page.title.html.clone(),
        title_text: page.title.text.clone(),
        dek: page.dek.as_ref().map(|d| d.html.clone()),
        dek_text: page.dek.as_ref().map(|d| d.text.clone()),
        body: page.body.html.clone(),
        url: page.url.clone(),
        permalink: site.config.absolute(&page.url),
        extra: page.page.extra.clone(),
    }
}

/// The `paginator` of one page of a list.
pub(crate) fn paginator(site: &Site, views: &Views, pager: &Pager<'_>) -> Paginator {
    let c = &site.config;
    Paginator {
        items: views.list(pager.items),
        current_page: pager.number,
        total_pages: pager.total,
        previous_url: pager.previous.as_ref().map(|p| c.url_path(p)),
        next_url: pager.next.as_ref().map(|p| c.url_path(p)),
        first_url: c.url_path(&pager.first),
        last_url: c.url_path(&listings::page_path(&pager.first, pager.total)),
    }
}

/// The `roles` of a contributor's page: the page's articles grouped by the
/// contributor's role in them.
pub(crate) fn roles(views: &Views, c: &Contributor, page: &[usize]) -> Vec<RoleGroup> {
    Role::ALL
        .into_iter()
        .filter_map(|role| {
            let mine = c.in_role(role);
            let items: Vec<usize> = page.iter().copied().filter(|i| mine.contains(i)).collect();
            (!items.is_empty()).then(|| RoleGroup {
                role: role.label(),
                key: role.key(),
                articles: views.list(&items),
            })
        })
        .collect()
}

/// The view of a contributor.
pub(crate) fn contributor(site: &Site, c: &Contributor) -> ContributorView {
    let config = &site.config;
    let bio = c.bio.as_ref();
    ContributorView {
        slug: c.slug.clone(),
        name: c.name.clone(),
        url: c.url.clone(),
        permalink: config.absolute(&c.url),
        bio: bio.map(|b| b.bio.html.clone()).filter(|h| !h.is_empty()),
        bio_text: bio.and_then(|b| b.bio.summary.clone()),
        image: bio.and_then(|b| refs::image(config, &b.image, b.author.image_alt.as_deref())),
        links: bio.map(|b| b.author.links.clone()).unwrap_or_default(),
        article_count: c.articles.len(),
        writing_count: c.in_role(Role::Writing).len(),
        art_count: c.in_role(Role::Art).len(),
        photography_count: c.in_role(Role::Photography).len(),
        roles: Role::ALL
            .into_iter()
            .filter(|&r| !c.in_role(r).is_empty())
            .map(Role::label)
            .collect(),
        extra: bio.map(|b| b.author.extra.clone()).unwrap_or_default(),
    }
}

/// The view of tag `index`.
pub(crate) fn tag(site: &Site, index: usize) -> TagView {
    let t = &site.tags[index];
    TagView {
        slug: t.slug.clone(),
        name: t.name.clone(),
        url: t.url.clone(),
        permalink: site.config.absolute(&t.url),
        article_count: t.articles.len(),
    }
}
