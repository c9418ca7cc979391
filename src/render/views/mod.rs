//! The template context, as typed views: what each template receives.
//!
//! Every view is a struct declared with [`value::view!`], each field documented;
//! the manual's "Templates and their context" page (`content/templates.md`)
//! documents the same fields, and a test ([`tests`]) compares the two, so they
//! cannot drift. [`refs`] holds the values lists are made of (`site`,
//! **SectionRef**, **IssueRef**, **Image**, **ContributorRef**, **TagRef**,
//! **ArticleSummary**); [`pages`] the variables of each kind of page.
//!
//! The shared values (`site`, the summaries, issue and section refs) are made
//! once per build ([`Views::new`]) and copied into the pages that show them,
//! through each render thread's pool of summaries ([`super::pool`]).

mod pages;
mod refs;
#[cfg(test)]
mod tests;
pub(crate) mod value;

use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::plan::PageKind;
use crate::site::Site;
use value::IntoValue;

/// Values shared by every page of one build.
#[derive(Debug)]
pub(crate) struct Views {
    /// `site`.
    pub(crate) site: Value,
    /// ArticleSummary for each article, by index in [`Site::articles`].
    pub(crate) summaries: Vec<Value>,
    /// IssueRef for each issue, by index in [`Site::issues`].
    pub(crate) issues: Vec<Value>,
    /// SectionRef for each section, by index in [`Site::sections`].
    pub(crate) sections: Vec<Value>,
    /// This build's number for the summary pools ([`super::pool`]).
    build: u64,
}

impl Views {
    /// Builds the shared values for `site`.
    pub(crate) fn new(site: &Site) -> Views {
        let sections = refs::values(site.sections.iter().map(refs::section));
        let issues = refs::values(site.issues.iter().map(|i| {
            let count = site.issue_contents.get(&i.issue.number).map_or(0, Vec::len);
            refs::issue(&site.config, i, count)
        }));
        let summaries = (0..site.articles.len())
            .into_par_iter()
            .map(|index| {
                let a = &site.articles[index].article;
                let section = site
                    .section_index(&a.section)
                    .map_or(Value::Null, |s| sections[s].clone());
                let issue = a
                    .issue
                    .and_then(|n| site.issue_index(n))
                    .map_or(Value::Null, |i| refs::without_blurb(&issues[i]));
                refs::summary(site, index, section, issue).into_value()
            })
            .collect();
        Views {
            site: refs::site(site, &sections, &issues).into_value(),
            summaries,
            issues,
            sections,
            build: super::pool::new_build(),
        }
    }

    /// A copy of the ArticleSummary of article `index`: a spare copy from this
    /// thread's pool when there is one, else a new copy.
    fn summary(&self, index: usize) -> Value {
        super::pool::lend(self.build, &self.summaries, index, true)
    }

    /// A copy of the ArticleSummary of article `index` that will be extended (an
    /// article page's `article`), so never goes back to the pool.
    fn own_summary(&self, index: usize) -> Value {
        super::pool::lend(self.build, &self.summaries, index, false)
    }

    /// ArticleSummary values for a list of article indexes.
    fn list(&self, items: &[usize]) -> Vec<Value> {
        items.iter().map(|&i| self.summary(i)).collect()
    }

    /// The ArticleSummary of one article, or null.
    fn one(&self, item: Option<usize>) -> Value {
        item.map_or(Value::Null, |i| self.summary(i))
    }

    /// Gives a rendered page's variables back: the summaries in them go to this
    /// thread's pool for the next page (see [`super::pool`]).
    pub(crate) fn reclaim(&self, vars: Value) {
        super::pool::give_back(self.build, &self.summaries, vars);
    }
}

/// The variables of a page that every template gets (`page_url`,
/// `page_permalink`, `page_kind`), for the page at site path `path`.
pub(crate) fn common(site: &Site, path: &str, kind: &PageKind<'_>) -> Map<String, Value> {
    let page_url = site.config.url_path(path);
    let common = pages::PageCommon {
        page_permalink: site.config.absolute(&page_url),
        page_url,
        page_kind: kind.name(),
    };
    value::object(common.into_value())
}

/// The template-specific variables of a page of `kind`.
pub(crate) fn vars(kind: &PageKind<'_>, site: &Site, views: &Views) -> Map<String, Value> {
    let value = match kind {
        PageKind::Home => pages::home(site, views).into_value(),
        PageKind::Article(i) => pages::ArticleVars {
            article: pages::article(site, views, *i),
        }
        .into_value(),
        PageKind::IssueArchive => pages::IssueArchiveVars {
            issues: views.issues.clone(),
        }
        .into_value(),
        PageKind::Issue(i) => pages::IssueVars {
            issue: pages::issue(site, views, *i),
        }
        .into_value(),
        PageKind::Page(i) => pages::PageVars {
            page: pages::page(site, *i),
        }
        .into_value(),
        PageKind::Contributors => pages::ContributorsVars {
            authors: site
                .contributors
                .iter()
                .map(|c| pages::contributor(site, c))
                .collect(),
        }
        .into_value(),
        PageKind::Section(s, pager) => pages::SectionVars {
            section: views.sections[*s].clone(),
            paginator: pages::paginator(site, views, pager),
        }
        .into_value(),
        PageKind::Contributor(c, pager) => {
            let c = &site.contributors[*c];
            pages::ContributorVars {
                author: pages::contributor(site, c),
                paginator: pages::paginator(site, views, pager),
                roles: pages::roles(views, c, pager.items),
            }
            .into_value()
        }
        PageKind::Tag(t, pager) => pages::TagVars {
            tag: pages::tag(site, *t),
            paginator: pages::paginator(site, views, pager),
        }
        .into_value(),
        PageKind::NotFound => Value::Null,
    };
    value::object(value)
}
