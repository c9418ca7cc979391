//! The output plan: every file a build writes, listed before any is made.
//!
//! [`Plan::new`] walks the arranged [`Site`] once and lists, in this order:
//! 1. the **pages** rendered through templates ([`PageKind`]): the home page, each
//!    article, the issue archive, each issue, each standalone page, the
//!    contributors page, every page of every section, contributor and tag list,
//!    and the 404 page — each with its origin, its last change and whether the
//!    sitemap lists it;
//! 2. the **generated files** ([`generated`]): the Atom feeds, `sitemap.xml`,
//!    `robots.txt` (unless the site has its own) and the redirect pages of aliases;
//! 3. the processed **style sheets**;
//! 4. the **copied files** ([`copies`]): the theme layers' static files, page
//!    bundles' assets and loose files under `content/`; JPEG, PNG and WebP
//!    images among them become their processed file and resized copies
//!    ([`images`]).
//!
//! Everything that writes or lists the output reads this one list: the render
//! loop of `mag build`, `mag check` and `mag serve`, the sitemap, and the
//! [`checks`] that prove, before anything is rendered or written, that every path
//! stays inside the output folder and that no two outputs share a path.
//!
//! To add a page kind: a [`PageKind`] variant (its template and `page_kind`
//! name below), its entries in [`pages`], its variables in `render::views`, and
//! its template in the default theme.

pub(crate) mod active;
pub(crate) mod checks;
mod copies;
pub(crate) mod generated;
pub(crate) mod images;

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use crate::assets::css::BuiltCss;
use crate::content::permalink::output_file;
use crate::diagnostics::Diagnostic;
use crate::site::listings::{self, Pager};
use crate::site::Site;
use crate::theme::Layers;
pub(crate) use generated::{Feed, Redirect};

/// Every output of one build, in a fixed order (see the module docs).
#[derive(Debug)]
pub(crate) struct Plan<'s> {
    /// Pages first, then generated files, style sheets and copies.
    pub(crate) outputs: Vec<Output<'s>>,
}

/// One file of the output and how it is made.
#[derive(Debug)]
pub(crate) struct Output<'s> {
    /// The site path, without the base path: `/essays/a/`, `/atom.xml`.
    pub(crate) path: String,
    /// The file, relative to the output folder, with `/` separators:
    /// `essays/a/index.html`.
    pub(crate) file: String,
    /// How its bytes are made.
    pub(crate) make: Make<'s>,
    /// What it is made from, for messages.
    pub(crate) origin: Origin,
    /// When what it shows last changed, where that is known (pages only).
    pub(crate) lastmod: Option<DateTime<FixedOffset>>,
    /// Listed in the sitemap: every page but the 404 page.
    pub(crate) in_sitemap: bool,
}

/// How an output's bytes are made.
#[derive(Debug)]
pub(crate) enum Make<'s> {
    /// A page rendered through a template.
    Page(PageKind<'s>),
    /// An Atom feed (RFC 4287).
    Feed(Feed),
    /// `sitemap.xml`, from the pages of the plan (sitemaps.org 0.9).
    Sitemap,
    /// `robots.txt`, naming the sitemap.
    Robots,
    /// The redirect page of an old URL.
    Redirect(Redirect),
    /// A processed style sheet: its minified CSS.
    Css(String),
    /// A static file of the embedded default theme.
    Embedded(&'static [u8]),
    /// A file copied from disk.
    Copy(PathBuf),
    /// An image made into the image cache, then copied from there.
    Image(Box<images::ImageMake>),
}

/// What a page shows; each kind has one template.
#[derive(Debug, Clone)]
pub(crate) enum PageKind<'s> {
    /// `/`.
    Home,
    /// An article, by index in [`Site::articles`].
    Article(usize),
    /// `/issues/`.
    IssueArchive,
    /// An issue, by index in [`Site::issues`].
    Issue(usize),
    /// A standalone page, by index in [`Site::pages`].
    Page(usize),
    /// `/authors/`.
    Contributors,
    /// One page of a section's list, by index in [`Site::sections`].
    Section(usize, Pager<'s>),
    /// One page of a contributor's list, by index in [`Site::contributors`].
    Contributor(usize, Pager<'s>),
    /// One page of a tag's list, by index in [`Site::tags`].
    Tag(usize, Pager<'s>),
    /// `/404.html`.
    NotFound,
}

impl PageKind<'_> {
    /// The template that renders it.
    pub(crate) fn template(&self) -> &'static str {
        match self {
            PageKind::Home => "index.html",
            PageKind::Article(_) => "article.html",
            PageKind::IssueArchive => "issues.html",
            PageKind::Issue(_) => "issue.html",
            PageKind::Page(_) => "page.html",
            PageKind::Contributors => "authors.html",
            PageKind::Section(..) => "section.html",
            PageKind::Contributor(..) => "author.html",
            PageKind::Tag(..) => "tag.html",
            PageKind::NotFound => "404.html",
        }
    }

    /// Its `page_kind` template variable (`content/templates.md`).
    pub(crate) fn name(&self) -> &'static str {
        match self {
            PageKind::Home => "index",
            PageKind::Article(_) => "article",
            PageKind::IssueArchive => "issues",
            PageKind::Issue(_) => "issue",
            PageKind::Page(_) => "page",
            PageKind::Contributors => "authors",
            PageKind::Section(..) => "section",
            PageKind::Contributor(..) => "author",
            PageKind::Tag(..) => "tag",
            PageKind::NotFound => "404",
        }
    }
}

/// What an output is made from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A content file, by its site-relative path (`content/essays/a.md`).
    Content(String),
    /// The redirect page of an alias declared in a content file: its path, and
    /// the line and column of the alias in it.
    Alias { file: String, at: (usize, usize) },
    /// Something mag makes from the whole site, described (`the home page`).
    Site(String),
    /// A copied file: its site-relative path (`static/robots.txt`), or
    /// `the theme's static/PATH` for a file of the embedded theme.
    Copied(String),
}

impl Origin {
    /// The content file it comes from, if any.
    pub(crate) fn content_file(&self) -> Option<&str> {
        match self {
            Origin::Content(file) | Origin::Alias { file, .. } => Some(file),
            Origin::Site(_) | Origin::Copied(_) => None,
        }
    }

    /// Where in its content file it is declared (line, column), if known.
    pub(crate) fn at(&self) -> Option<(usize, usize)> {
        match self {
            Origin::Alias { at, .. } => Some(*at),
            _ => None,
        }
    }

    /// A diagnostic about it: the error `message`, in its content file (if any),
    /// at the line it is declared on (if known).
    pub(crate) fn error(&self, message: String) -> Diagnostic {
        Diagnostic::error(self.content_file().map(str::to_string), message).at_known(self.at())
    }
}

impl Output<'_> {
    /// The file on disk it is copied or made from, for copies and images.
    pub(crate) fn source_file(&self) -> Option<&Path> {
        match &self.make {
            Make::Copy(from) => Some(from),
            Make::Image(m) => Some(&m.job.source),
            _ => None,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Content(text) | Origin::Site(text) | Origin::Copied(text) => f.write_str(text),
            Origin::Alias { file, at } => write!(f, "the alias on line {} of {file}", at.0),
        }
    }
}

impl<'s> Plan<'s> {
    /// The plan of `site`: its pages, generated files, the style sheets in `css`,
    /// and the files copied from `layers` and `content/` (images through
    /// `images`); `site_dir` makes the copies' origins site-relative. A site's
    /// own `robots.txt` replaces the generated one.
    pub(crate) fn new(
        site: &'s Site,
        layers: &Layers,
        css: Vec<BuiltCss>,
        site_dir: &Path,
        images: &mut images::Images<'_>,
    ) -> Plan<'s> {
        let mut outputs = pages(site);
        let mut copied = copies::list(site, layers, site_dir, images);
        copied.extend(images.cards(site));
        let own_robots = copied.iter().any(|o| o.file == generated::ROBOTS_FILE);
        outputs.extend(
            generated::list(site)
                .into_iter()
                .filter(|o| !(own_robots && matches!(o.make, Make::Robots))),
        );
        outputs.extend(css.into_iter().map(|c| {
            let origin = Origin::Site(format!("the style sheet {}", c.logical));
            file_output(format!("/{}", c.output), Make::Css(c.code), origin)
        }));
        outputs.extend(copied);
        Plan { outputs }
    }

    /// The pages, in plan order.
    pub(crate) fn pages(&self) -> impl Iterator<Item = (&Output<'s>, &PageKind<'s>)> {
        self.outputs.iter().filter_map(|o| match &o.make {
            Make::Page(kind) => Some((o, kind)),
            _ => None,
        })
    }

    /// How many pages are rendered through templates.
    pub(crate) fn page_count(&self) -> usize {
        self.pages().count()
    }
}

/// An output that is not a page: not in the sitemap, no date.
pub(crate) fn file_output(path: String, make: Make<'_>, origin: Origin) -> Output<'_> {
    Output {
        file: output_file(&path),
        path,
        make,
        origin,
        lastmod: None,
        in_sitemap: false,
    }
}

fn page<'s>(
    path: String,
    kind: PageKind<'s>,
    origin: Origin,
    lastmod: Option<DateTime<FixedOffset>>,
) -> Output<'s> {
    Output {
        file: output_file(&path),
        in_sitemap: !matches!(kind, PageKind::NotFound),
        path,
        make: Make::Page(kind),
        origin,
        lastmod,
    }
}

/// The newest change among `items` (articles' `updated`, else `date`).
fn last_change(site: &Site, items: &[usize]) -> Option<DateTime<FixedOffset>> {
    items
        .iter()
        .filter_map(|&i| {
            let a = &site.articles[i].article;
            a.updated.or(a.date)
        })
        .max()
}

fn described(text: &str) -> Origin {
    Origin::Site(text.to_string())
}

/// Every page, in the order the sitemap lists them: home, articles, the issue
/// archive, issues, standalone pages, the contributors page, then the lists
/// (sections, contributors, tags) page by page, and the 404 page.
fn pages(site: &Site) -> Vec<Output<'_>> {
    let all: Vec<usize> = (0..site.articles.len()).collect();
    let mut out = vec![page(
        "/".into(),
        PageKind::Home,
        described("the home page"),
        last_change(site, &all),
    )];
    for (i, a) in site.articles.iter().enumerate() {
        let origin = Origin::Content(a.article.source.display().to_string());
        let lastmod = last_change(site, &[i]);
        out.push(page(
            a.article.path.clone(),
            PageKind::Article(i),
            origin,
            lastmod,
        ));
    }
    out.push(page(
        "/issues/".into(),
        PageKind::IssueArchive,
        described("the issue archive"),
        None,
    ));
    for (i, issue) in site.issues.iter().enumerate() {
        let items = site
            .issue_contents
            .get(&issue.issue.number)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let lastmod = last_change(site, items).or(issue.issue.date);
        let origin = Origin::Content(issue.issue.source.display().to_string());
        out.push(page(
            issue.issue.path.clone(),
            PageKind::Issue(i),
            origin,
            lastmod,
        ));
    }
    for (i, p) in site.pages.iter().enumerate() {
        let origin = Origin::Content(p.page.source.display().to_string());
        out.push(page(p.page.path.clone(), PageKind::Page(i), origin, None));
    }
    out.push(page(
        "/authors/".into(),
        PageKind::Contributors,
        described("the contributors page"),
        None,
    ));
    lists(site, &mut out);
    out.push(page(
        "/404.html".into(),
        PageKind::NotFound,
        described("the 404 page"),
        None,
    ));
    out
}

/// The pages of every paginated list: sections, contributors, tags.
fn lists<'s>(site: &'s Site, out: &mut Vec<Output<'s>>) {
    type Kind<'s> = fn(usize, Pager<'s>) -> PageKind<'s>;
    let mut all: Vec<(String, &'s [usize], Origin, usize, Kind<'s>)> = Vec::new();
    for (i, s) in site.sections.iter().enumerate() {
        let origin = Origin::Site(format!("the page of section `{}`", s.config.slug));
        all.push((
            format!("/{}/", s.config.slug),
            &s.articles,
            origin,
            i,
            PageKind::Section,
        ));
    }
    for (i, c) in site.contributors.iter().enumerate() {
        let origin = c.bio.as_ref().map_or_else(
            || Origin::Site(format!("the page of contributor `{}`", c.name)),
            |b| Origin::Content(b.author.source.display().to_string()),
        );
        all.push((
            c.path.clone(),
            &c.articles,
            origin,
            i,
            PageKind::Contributor,
        ));
    }
    for (i, t) in site.tags.iter().enumerate() {
        let origin = Origin::Site(format!("the page of tag `{}`", t.name));
        all.push((t.path.clone(), &t.articles, origin, i, PageKind::Tag));
    }
    for (first, items, origin, index, kind) in all {
        for pager in listings::paginate(&first, items, site.config.paginate_by) {
            let lastmod = last_change(site, pager.items);
            out.push(page(
                pager.path.clone(),
                kind(index, pager),
                origin.clone(),
                lastmod,
            ));
        }
    }
}
