//! The manual's template reference (`content/templates.md`) and the views agree:
//! each table lists exactly the fields of its view, and each view described in
//! prose names every field.

use std::collections::{BTreeMap, BTreeSet};

use super::pages::*;
use super::refs::*;

/// The manual page, cut into sections by `### ` headings (and `` `name`: `` lines
/// that head a table); each section's text and the first cells of its tables.
fn sections() -> BTreeMap<String, (String, BTreeSet<String>)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/content/templates.md");
    let text = std::fs::read_to_string(path).expect("the manual's templates page");
    let mut out: BTreeMap<String, (String, BTreeSet<String>)> = BTreeMap::new();
    let mut current = String::new();
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            let name = heading.split(" (").next().unwrap_or(heading);
            current = name.trim_matches('`').to_string();
        } else if line.starts_with('`') && line.ends_with("`:") && !line.contains(' ') {
            current = line.trim_end_matches(':').trim_matches('`').to_string();
        }
        let entry = out.entry(current.clone()).or_default();
        entry.0.push_str(line);
        entry.0.push('\n');
        let Some(cell) = line.strip_prefix("| ").and_then(|r| r.split(" |").next()) else {
            continue;
        };
        if cell.starts_with("---") || !cell.starts_with('`') {
            continue;
        }
        for name in cell.split(", ") {
            let name = name.trim_matches('`');
            let name = name.strip_prefix("site.").unwrap_or(name);
            entry.1.insert(name.to_string());
        }
    }
    out
}

fn set(fields: &[&str]) -> BTreeSet<String> {
    fields.iter().map(|f| f.to_string()).collect()
}

#[test]
fn every_table_of_the_manual_lists_exactly_its_views_fields() {
    let sections = sections();
    let tables: [(&str, &[&str]); 11] = [
        ("site", SiteView::FIELDS),
        ("SectionRef", SectionRef::FIELDS),
        ("IssueRef", IssueRef::FIELDS),
        ("Image", ImageView::FIELDS),
        ("ContributorRef", ContributorRef::FIELDS),
        ("TagRef", TagRef::FIELDS),
        ("Paginator", Paginator::FIELDS),
        ("Contributor", ContributorView::FIELDS),
        ("ArticleSummary", ArticleSummary::FIELDS),
        ("index.html", HomeVars::FIELDS),
        ("article.html", ArticleView::FIELDS),
    ];
    for (name, fields) in tables {
        let documented = &sections
            .get(name)
            .unwrap_or_else(|| panic!("the manual has no section `{name}`"))
            .1;
        assert_eq!(documented, &set(fields), "the manual's table of `{name}`");
    }
}

#[test]
fn every_view_described_in_prose_names_each_field() {
    let sections = sections();
    let prose: [(&str, &[&str]); 6] = [
        ("site", PageCommon::FIELDS),
        ("tag.html", TagView::FIELDS),
        ("page.html", PageView::FIELDS),
        ("issue.html", IssueView::FIELDS),
        ("author.html", RoleGroup::FIELDS),
        ("author.html", ContributorVars::FIELDS),
    ];
    for (name, fields) in prose {
        let text = &sections
            .get(name)
            .unwrap_or_else(|| panic!("the manual has no section `{name}`"))
            .0;
        let words: BTreeSet<&str> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .collect();
        for field in fields {
            assert!(
                words.contains(field),
                "`{name}` in the manual does not name `{field}`"
            );
        }
    }
}
