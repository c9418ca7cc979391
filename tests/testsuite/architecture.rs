//! The module boundaries of ARCHITECTURE.md hold: no import cycle between the
//! top-level modules of `src/`, and the Markdown renderer imports nothing of the
//! site.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::repo_path;

/// Each top-level module of `src/` and the top-level modules its code names as
/// `crate::NAME` (comments left out).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = repo_path("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let module = rel.split(['/', '.']).next().unwrap().to_string();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let uses = graph.entry(module.clone()).or_default();
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (at, _) in line.match_indices("crate::") {
                let name: String = line[at + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !name.is_empty() && name != module {
                    uses.insert(name);
                }
            }
        }
    }
    graph
}

/// A cycle through `from`, if there is one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Option<Vec<String>> {
    let mut stack = vec![(from.to_string(), vec![from.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in graph.get(&node).into_iter().flatten() {
            if next == from {
                let mut found = path.clone();
                found.push(next.clone());
                return Some(found);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = imports();
    assert!(graph.len() > 10, "only {} modules found", graph.len());
    for module in graph.keys() {
        if let Some(found) = cycle(&graph, module) {
            panic!("import cycle: {}", found.join(" → "));
        }
    }
}

#[test]
fn the_markdown_renderer_imports_nothing_of_the_site() {
    let graph = imports();
    let allowed: BTreeSet<String> = ["diagnostics", "util"].map(String::from).into();
    let uses = &graph["markdown"];
    assert!(uses.is_subset(&allowed), "markdown imports {uses:?}");
}
