//! `mag check`: checks over a site rendered in memory, before anything is written.
//!
//! Steps:
//! 1. Read every HTML page of the output in parallel with a streaming HTML reader
//!    (lol_html, entities decoded by htmlize), keeping only its facts: ids, link
//!    targets, images, `<title>`. No tree is built: a tree builder checks the
//!    elements still open at every new one, so a page of 100,000 unclosed `<div>`s
//!    took minutes; this reading takes time in proportion to the page.
//! 2. For each page: an id used twice (footnote ids included) is an error; each
//!    `a`/`link` `href` and `img`/`script`/`source` `src` is classified by
//!    [`links::classify`]; an internal target must be a file of the output, and its
//!    `#fragment` an id on that page; an external one must be a valid URL (no
//!    network). A missing image is an error, an image without alt text a warning,
//!    an empty `<title>` an error.
//! 3. Over the content: two articles or pages with the same title is a warning.
//!
//! A problem is placed in the content file the page was made from, at the first
//! place where its target is written in that file. When the target is not written
//! there it comes from a template: it is reported once, with the number of pages.

pub(crate) mod links;

use std::collections::{BTreeMap, HashMap, HashSet};

use std::cell::RefCell;

use lol_html::{element, text, HtmlRewriter, Settings};
use rayon::prelude::*;

use crate::content::Source;
use crate::diagnostics::{Diagnostic, LineIndex, Severity};
use crate::output::{Data, OutputFile};
use crate::plan::{Origin, Plan};
use crate::site::Site;
use links::{Base, Target};

/// What a page holds that the checks need.
#[derive(Debug, Default)]
struct Facts {
    ids: HashSet<String>,
    duplicate_ids: Vec<String>,
    /// (target, is an image or script source).
    links: Vec<(String, Kind)>,
    /// Image sources without alt text.
    no_alt: Vec<String>,
    title: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Link,
    Image,
    Resource,
}

/// A problem before it is placed: page URL, the target as written, what is wrong.
struct Finding {
    page: String,
    target: String,
    severity: Severity,
    message: String,
    help: &'static str,
    /// An image without alt text (reported only when the body holds it).
    no_alt: bool,
}

/// Runs the checks over `files` (the outputs of `plan`, made from `site`), adding
/// diagnostics to `diags`.
pub(crate) fn run(site: &Site, plan: &Plan<'_>, files: &[OutputFile], diags: &mut Vec<Diagnostic>) {
    let base = Base {
        url: site.config.base_url.clone(),
        path: site.config.base_path.as_str().to_string(),
    };
    let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let facts: HashMap<&str, Facts> = files
        .par_iter()
        .filter(|f| f.path.ends_with(".html"))
        .filter_map(|f| match &f.data {
            Data::Bytes(b) => Some((f.path.as_str(), facts_of(&String::from_utf8_lossy(b)))),
            _ => None,
        })
        .collect();
    let mut findings = Vec::new();
    let mut pages: Vec<&&str> = facts.keys().collect();
    pages.sort();
    for page in pages {
        let page_facts = &facts[*page];
        let page_url = site
            .config
            .base_path
            .url(page.trim_end_matches("index.html"));
        check_page(&page_url, page_facts, &base, &paths, &facts, &mut findings);
    }
    place_all(site, plan, findings, diags);
    duplicate_titles(site, diags);
    missing_alt_in_front_matter(site, diags);
}

/// Lead art and covers without alt text: a warning naming the key to add.
fn missing_alt_in_front_matter(site: &Site, diags: &mut Vec<Diagnostic>) {
    let empty = |alt: &Option<String>| alt.as_deref().is_none_or(|a| a.trim().is_empty());
    for a in &site.articles {
        if a.article.image.is_some() && empty(&a.article.image_alt) {
            diags.push(
                Diagnostic::warning(
                    a.article.source.display().to_string(),
                    "the lead image has no alt text",
                )
                .with_help("add image_alt = \"A description of the picture\" to the front matter"),
            );
        }
    }
    for i in &site.issues {
        if i.issue.cover.is_some() && empty(&i.issue.cover_alt) {
            diags.push(
                Diagnostic::warning(
                    i.issue.source.display().to_string(),
                    "the cover image has no alt text",
                )
                .with_help("add cover_alt = \"A description of the cover\" to the front matter"),
            );
        }
    }
}

/// Reads one page and keeps its facts: every element's `id`, the `href` of `a`
/// and `link`, the `src` of `img`, `script` and `source`, images without alt
/// text, and the text of the last `<title>`. Attribute values and the title have
/// their character references decoded (htmlize, after the WHATWG rules).
fn facts_of(html: &str) -> Facts {
    let facts = RefCell::new(Facts::default());
    // The raw text of the last <title>, decoded at the end (a reference may be
    // split between two chunks).
    let title: RefCell<Option<String>> = RefCell::new(None);
    let attr = |el: &lol_html::html_content::Element<'_, '_>, name: &str| {
        el.get_attribute(name)
            .map(|v| htmlize::unescape_attribute(v).into_owned())
    };
    let settings = Settings::new()
        .append_element_content_handler(element!("*", |el| {
            let mut facts = facts.borrow_mut();
            if let Some(id) = attr(el, "id") {
                if !facts.ids.contains(&id) {
                    facts.ids.insert(id);
                } else {
                    facts.duplicate_ids.push(id);
                }
            }
            match el.tag_name().as_str() {
                "a" | "link" => {
                    if let Some(href) = attr(el, "href") {
                        facts.links.push((href, Kind::Link));
                    }
                }
                "img" => {
                    let src = attr(el, "src").unwrap_or_default();
                    if attr(el, "alt").is_none_or(|a| a.trim().is_empty()) {
                        facts.no_alt.push(src.clone());
                    }
                    facts.links.push((src, Kind::Image));
                }
                "script" | "source" => {
                    if let Some(src) = attr(el, "src") {
                        facts.links.push((src, Kind::Resource));
                    }
                }
                "title" => *title.borrow_mut() = Some(String::new()),
                _ => {}
            }
            Ok(())
        }))
        .append_element_content_handler(text!("title", |chunk| {
            if let Some(t) = title.borrow_mut().as_mut() {
                t.push_str(chunk.as_str());
            }
            Ok(())
        }));
    let mut reader = HtmlRewriter::new(settings, |_: &[u8]| {});
    // Reading a string in memory fails only on a memory limit, and none is set:
    // whatever was read before a failure is kept.
    let _ = reader.write(html.as_bytes()).and_then(|()| reader.end());
    let mut facts = facts.into_inner();
    facts.title = title
        .into_inner()
        .map(|t| htmlize::unescape(t).into_owned());
    facts
}

/// The findings of one page, as they are made.
struct Findings<'a> {
    page: &'a str,
    out: &'a mut Vec<Finding>,
}

impl Findings<'_> {
    fn add(&mut self, target: &str, severity: Severity, message: String, help: &'static str) {
        self.out.push(Finding {
            page: self.page.to_string(),
            target: target.to_string(),
            severity,
            message,
            help,
            no_alt: false,
        });
    }
}

fn check_page(
    page: &str,
    facts: &Facts,
    base: &Base,
    paths: &HashSet<&str>,
    all: &HashMap<&str, Facts>,
    out: &mut Vec<Finding>,
) {
    for src in &facts.no_alt {
        out.push(Finding {
            page: page.to_string(),
            target: src.clone(),
            severity: Severity::Warning,
            message: format!("the image `{src}` has no alt text"),
            help: "describe the image for readers who cannot see it, between the brackets: ![A description](image.jpg)",
            no_alt: true,
        });
    }
    let mut found = Findings { page, out };
    for id in &facts.duplicate_ids {
        found.add(
            &format!("id=\"{id}\""),
            Severity::Error,
            format!("the id `{id}` is used more than once on one page"),
            "give each heading, footnote and anchor its own id: links to it can only reach the first",
        );
    }
    if facts.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        found.add(
            "title",
            Severity::Error,
            "the page has an empty <title>".to_string(),
            "give the content a title = \"…\" in its front matter",
        );
    }
    for (target, kind) in &facts.links {
        match links::classify(target, page, base) {
            Target::Skip | Target::External => {}
            Target::Invalid(why) => found.add(
                target,
                Severity::Error,
                format!("broken link: {why}"),
                "write a full address (https://example.org/page), a path on this site (/about/), or a content file (@/section/essay.md)",
            ),
            Target::Internal { file, fragment } => {
                check_internal(target, *kind, (&file, fragment), (paths, all), &mut found)
            }
        }
    }
}

/// A link to a file of the site: the file must be in the output, and its
/// `#fragment` an id on that page.
fn check_internal(
    target: &str,
    kind: Kind,
    (file, fragment): (&str, Option<String>),
    (paths, all): (&HashSet<&str>, &HashMap<&str, Facts>),
    found: &mut Findings<'_>,
) {
    if !paths.contains(file) {
        let (what, help) = match kind {
            Kind::Image => (
                "missing image",
                "put the image beside the Markdown file (in a page bundle) or under static/, and check the spelling",
            ),
            Kind::Resource => ("missing file", "add the file under static/, or fix the path"),
            Kind::Link => (
                "broken link",
                "link to content as @/section/essay.md so that mag finds the URL, or fix the path",
            ),
        };
        found.add(
            target,
            Severity::Error,
            format!("{what}: `{target}` is not part of the site (no {file} in the output)"),
            help,
        );
        return;
    }
    let Some(fragment) = fragment else { return };
    let Some(target_facts) = all.get(file) else {
        return;
    };
    if !target_facts.ids.contains(&fragment) {
        let note = if fragment.starts_with("fn") {
            " (a footnote anchor)"
        } else {
            ""
        };
        found.add(
            target,
            Severity::Error,
            format!(
                "broken anchor: `{target}` points at #{fragment}{note}, which is not an id on {file}"
            ),
            "link to a heading by its id (shown in the table of contents), or remove the #part",
        );
    }
}

/// Places findings in their content files; findings whose target is not written in
/// the page's file come from templates and are reported once each, with the number
/// of pages (images without alt text from templates are left to
/// [`missing_alt_in_front_matter`], which names the front-matter key).
fn place_all(site: &Site, plan: &Plan<'_>, findings: Vec<Finding>, diags: &mut Vec<Diagnostic>) {
    let sources = sources_by_page(site, plan);
    let mut from_templates: BTreeMap<(String, Severity), (Finding, usize)> = BTreeMap::new();
    for f in findings {
        let source = sources.get(f.page.as_str()).copied();
        match source.and_then(|s| locate(s, &f.target, site.config.base_path.as_str())) {
            Some((source, span)) => {
                let index = LineIndex::new(&source.text);
                diags.push(
                    new(f.severity, Some(source.display().to_string()), f.message)
                        .at_span(&index, span)
                        .with_help(f.help),
                );
            }
            None if f.no_alt => {}
            None => {
                let key = (f.message.clone(), f.severity);
                from_templates.entry(key).or_insert((f, 0)).1 += 1;
            }
        }
    }
    for ((_, severity), (f, pages)) in from_templates {
        let on = if pages > 1 {
            format!("{} and {} more pages", f.page, pages - 1)
        } else {
            f.page.clone()
        };
        let message = format!("{} (on {on}; it comes from a template)", f.message);
        diags.push(new(severity, None, message).with_help(f.help));
    }
}

fn new(severity: Severity, file: Option<String>, message: String) -> Diagnostic {
    match severity {
        Severity::Error => Diagnostic::error(file, message),
        Severity::Warning => Diagnostic::warning(file, message),
    }
}

/// The content file each page URL path was made from.
fn sources_by_page<'s>(site: &'s Site, plan: &Plan<'_>) -> HashMap<String, &'s Source> {
    let mut by_display: HashMap<&str, &Source> = HashMap::new();
    for a in &site.articles {
        by_display.insert(a.article.source.display(), &a.article.source);
    }
    for i in &site.issues {
        by_display.insert(i.issue.source.display(), &i.issue.source);
    }
    for p in &site.pages {
        by_display.insert(p.page.source.display(), &p.page.source);
    }
    plan.pages()
        .filter_map(|(output, _)| {
            let Origin::Content(file) = &output.origin else {
                return None;
            };
            let source = by_display.get(file.as_str())?;
            let url = site
                .config
                .base_path
                .url(output.file.trim_end_matches("index.html"));
            Some((url, *source))
        })
        .collect()
}

/// Where `target` is written in `source`: as is, without the base path, as a
/// shorter relative path (an image beside the file), or (for an `@/` link rewritten
/// to a URL) by its fragment.
fn locate<'s>(
    source: &'s Source,
    target: &str,
    base_path: &str,
) -> Option<(&'s Source, std::ops::Range<usize>)> {
    let mut candidates = vec![target.to_string()];
    if let Some(rest) = target.strip_prefix(base_path) {
        candidates.push(format!("/{rest}"));
    }
    let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
    // A relative image source is written shorter than the URL it becomes.
    let mut rest = path.trim_start_matches('/');
    while let Some((_, tail)) = rest.split_once('/') {
        if !tail.is_empty() {
            candidates.push(tail.to_string());
        }
        rest = tail;
    }
    if !fragment.is_empty() {
        candidates.push(format!("#{fragment}"));
    }
    let text = &source.text;
    candidates
        .iter()
        .filter(|c| !c.is_empty() && c.as_str() != "/")
        .find_map(|c| {
            let at = text[source.body_offset..]
                .find(c.as_str())
                .map(|i| i + source.body_offset)
                .or_else(|| text.find(c.as_str()))?;
            Some((source, at..at + c.len()))
        })
}

/// Two articles or pages with the same title (as plain text) is a warning on the
/// later one.
fn duplicate_titles(site: &Site, diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, &str> = HashMap::new();
    let titled = site
        .articles
        .iter()
        .map(|a| (&a.title.text, &a.article.source))
        .chain(site.pages.iter().map(|p| (&p.title.text, &p.page.source)));
    let mut all: Vec<_> = titled.collect();
    all.sort_by(|a, b| a.1.display().cmp(b.1.display()));
    for (title, source) in all {
        let key = title.trim().to_lowercase();
        if key.is_empty() {
            continue;
        }
        if let Some(first) = seen.get(&key) {
            diags.push(
                Diagnostic::warning(
                    source.display().to_string(),
                    format!("the title “{}” is also the title of {first}", title.trim()),
                )
                .with_help("readers and search engines tell pages apart by their titles; make this one distinct"),
            );
        } else {
            seen.insert(key, source.display());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The facts as the tree parser mag check used before (html5ever through
    /// scraper) finds them.
    fn facts_by_tree(html: &str) -> Facts {
        let doc = scraper::Html::parse_document(html);
        let any = scraper::Selector::parse(
            "[id], a[href], link[href], img, script[src], source[src], title",
        )
        .unwrap();
        let mut facts = Facts::default();
        for el in doc.select(&any) {
            let v = el.value();
            if let Some(id) = v.id() {
                if !facts.ids.insert(id.to_string()) {
                    facts.duplicate_ids.push(id.to_string());
                }
            }
            match v.name() {
                "a" | "link" => {
                    if let Some(href) = v.attr("href") {
                        facts.links.push((href.to_string(), Kind::Link));
                    }
                }
                "img" => {
                    let src = v.attr("src").unwrap_or_default().to_string();
                    if v.attr("alt").is_none_or(|a| a.trim().is_empty()) {
                        facts.no_alt.push(src.clone());
                    }
                    facts.links.push((src, Kind::Image));
                }
                "script" | "source" => {
                    if let Some(src) = v.attr("src") {
                        facts.links.push((src.to_string(), Kind::Resource));
                    }
                }
                "title" => facts.title = Some(el.text().collect()),
                _ => {}
            }
        }
        facts
    }

    #[test]
    fn the_streaming_reader_finds_what_a_tree_parser_finds() {
        let pages = [
            r##"<!doctype html><html lang="en"><head><meta charset="utf-8">
            <title>Fish &amp; Chips &mdash; &#x2014; &lt;b&gt;</title>
            <link rel="stylesheet" href="/css/a.css?v=1&amp;w=2"><script src="/js/x.js"></script>
            <script>var s = "<a href='/in-script/'>x</a>";</script>
            <style>a[href="/in-style/"] { color: red }</style></head>
            <body><main id="main"><h2 id="caf&eacute;">Café</h2>
            <a href="#caf%C3%A9">a</a><a href="/q?a=1&b=2&copy=3">b</a><A HREF="/upper/" ID="Up">c</A>
            <a href="/first/" href="/second/">dup</a><a href=/unquoted/ id=dup>u</a><p id="dup">p</p>
            <img src="fig.png"><img src="alt.png" alt="  "><img src="ok.png" alt="A &amp; B">
            <picture><source src="/s.webp"></picture><textarea><a href="/in-textarea/"></a></textarea>
            <noscript><a href="/in-noscript/">n</a></noscript><!-- <a href="/in-comment/"> -->
            <template><a href="/in-template/" id="t">t</a></template>
            <div><div><p>unclosed <span>spans <a href="/deep/">deep</a>
            "##,
            "<p>No head at all, <a href='/x/'>one link</a> and <img src=/y.png alt=y>",
            "<title></title><title>  second  </title><svg><a href=\"/svg/\" id=\"s\"><text>t</text></a></svg>",
        ];
        for html in pages {
            let (stream, tree) = (facts_of(html), facts_by_tree(html));
            assert_eq!(stream.ids, tree.ids, "{html}");
            assert_eq!(stream.duplicate_ids, tree.duplicate_ids, "{html}");
            assert_eq!(stream.links, tree.links, "{html}");
            assert_eq!(stream.no_alt, tree.no_alt, "{html}");
            assert_eq!(stream.title, tree.title, "{html}");
        }
    }
}
