//! schema.org `NewsArticle` JSON-LD for article pages, built with serde_json.
//!
//! The result is given to templates as one ready string (`article.jsonld`) to print
//! inside `<script type="application/ld+json">` with `| safe`. serde_json escapes
//! for JSON; [`script_safe`] then writes `<`, `>` and `&` as `\u003c`, `\u003e`,
//! `\u0026` (and U+2028/U+2029 as escapes), so no value, not even a title holding
//! `</script>`, can end the element (the HTML standard's "restrictions for contents
//! of script elements").
//!
//! Writers are `author`; illustrators and photographers are `contributor`s
//! (schema.org defines `illustrator` for books only). Every person links to their
//! contributor page.

use serde_json::{json, Map, Value};

use super::absolute;
use crate::site::{Role, Site};

/// The JSON-LD of article `index`, safe to print inside a `<script>` element.
pub(crate) fn article(site: &Site, index: usize) -> String {
    script_safe(&article_value(site, index))
}

fn people(site: &Site, index: usize, role: Role) -> Vec<Value> {
    site.credited(index, role)
        .map(|(name, person)| {
            let url = site.config.absolute(&person.url);
            json!({ "@type": "Person", "name": name, "url": url })
        })
        .collect()
}

fn article_value(site: &Site, index: usize) -> Value {
    let a = &site.articles[index];
    let c = &site.config;
    let permalink = c.absolute(&a.url);
    let mut map = Map::new();
    let mut put = |k: &str, v: Value| {
        map.insert(k.to_string(), v);
    };
    put("@context", json!("https://schema.org"));
    put("@type", json!("NewsArticle"));
    put("headline", json!(a.title.text));
    if let Some(dek) = &a.dek {
        put("alternativeHeadline", json!(dek.text));
    }
    put("description", json!(a.summary));
    put("url", json!(permalink));
    put(
        "mainEntityOfPage",
        json!({ "@type": "WebPage", "@id": permalink }),
    );
    if let Some(d) = a.article.date {
        put("datePublished", json!(absolute::datetime(&d)));
    }
    if let Some(d) = a.article.updated.or(a.article.date) {
        put("dateModified", json!(absolute::datetime(&d)));
    }
    if let Some(s) = site.section_index(&a.article.section) {
        put("articleSection", json!(site.sections[s].config.name));
    }
    if !a.article.tags.is_empty() {
        put("keywords", json!(a.article.tags));
    }
    put("wordCount", json!(a.body.word_count));
    put("inLanguage", json!(c.language));
    if let Some(img) = &a.image {
        let mut image = json!({ "@type": "ImageObject", "url": absolute::url(c, &img.url) });
        if let (Some(w), Some(h)) = (img.width, img.height) {
            image["width"] = json!(w);
            image["height"] = json!(h);
        }
        put("image", json!([image]));
    }
    let authors = people(site, index, Role::Writing);
    if !authors.is_empty() {
        put("author", Value::Array(authors));
    }
    let mut contributors = people(site, index, Role::Art);
    contributors.extend(people(site, index, Role::Photography));
    if !contributors.is_empty() {
        put("contributor", Value::Array(contributors));
    }
    put(
        "publisher",
        json!({ "@type": "Organization", "name": c.title, "url": c.base_url }),
    );
    if let Some(issue) = a.article.issue.and_then(|n| site.issue_index(n)) {
        let issue = &site.issues[issue];
        let mut part = json!({
            "@type": "PublicationIssue",
            "issueNumber": issue.issue.number.to_string(),
            "name": issue.title.text,
            "url": c.absolute(&issue.url),
            "isPartOf": { "@type": "Periodical", "name": c.title, "url": c.base_url },
        });
        if let Some(d) = issue.issue.date {
            part["datePublished"] = json!(absolute::datetime(&d));
        }
        put("isPartOf", part);
    }
    Value::Object(map)
}

/// Serializes `value` as JSON that can sit inside an HTML `<script>` element.
pub(crate) fn script_safe(value: &Value) -> String {
    // These characters can only occur inside JSON strings, where the escapes
    // mean the same characters.
    let json = value.to_string();
    let mut out = String::with_capacity(json.len());
    for ch in json.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_escapes_markup_but_keeps_the_value() {
        let v = json!({ "headline": "</script><b>&amp;" });
        let s = script_safe(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
