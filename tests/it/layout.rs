//! The layout the architecture promises, checked on the sources: no import
//! circle between the modules of a crate, and no file a reader cannot hold
//! in mind (over 1,000 lines).
//!
//! A module is a file (`foo.rs` or `foo/mod.rs`; `lib.rs` and `main.rs` are
//! the crate's root). `a -> b` when a's file names an item of b by path
//! (`crate::b::...`, `super::b::...`, or a `use` of them). A module using
//! its own children is the tree's normal direction and is not an edge; a
//! child using an ancestor is. Test modules inside a file are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn source_roots() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut roots = vec![root.join("src")];
    for entry in std::fs::read_dir(root.join("crates")).expect("crates") {
        roots.push(entry.expect("crate").path().join("src"));
    }
    roots.sort();
    roots
}

fn module_of(src: &Path, file: &Path) -> (Module, bool) {
    let relative = file.strip_prefix(src).expect("inside src");
    let mut parts: Module = relative
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let is_root = matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    );
    if is_root {
        parts.pop();
    }
    (parts, is_root)
}

/// Every path written from `crate::` or `super::`, `use` groups expanded.
fn written_paths(text: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for (at, _) in text
        .match_indices("crate::")
        .chain(text.match_indices("super::"))
    {
        let path: String = text[at..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        paths.push(path.trim_end_matches(':').to_string());
        // `use super::{a, b::c}`: each name in the group is a path too.
        let rest = &text[at + path.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            for name in inner.split(',') {
                let name: String = name
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                if !name.is_empty() && name != "self" {
                    paths.push(format!("{path}{name}"));
                }
            }
        }
    }
    paths
}

fn resolve(module: &Module, written: &str) -> Module {
    let mut parts = written.split("::").filter(|p| !p.is_empty());
    let mut target: Module = match parts.next() {
        Some("crate") => Vec::new(),
        Some("super") => module[..module.len().saturating_sub(1)].to_vec(),
        _ => return Vec::new(),
    };
    for part in parts {
        if part == "super" {
            target.pop();
        } else {
            target.push(part.to_string());
        }
    }
    target
}

fn edges(src: &Path) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeMap<Module, PathBuf> = files
        .iter()
        .map(|file| (module_of(src, file).0, file.clone()))
        .collect();
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).expect("readable source");
        let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
        // Comments name paths without using them.
        let text: String = text
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let targets = edges.entry(module.clone()).or_default();
        for written in written_paths(&text) {
            let target = resolve(module, &written);
            // The longest known module the path reaches into.
            let reached = (0..=target.len())
                .rev()
                .map(|n| target[..n].to_vec())
                .find(|m| modules.contains_key(m))
                .unwrap_or_default();
            let own_child = reached.len() > module.len() && reached.starts_with(module);
            if reached != *module && !own_child {
                targets.insert(reached);
            }
        }
    }
    edges
}

/// Modules in a circle: strongly connected components of more than one.
fn circles(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    // Reachability is enough at this size: a and b share a circle when each
    // reaches the other.
    let reach = |from: &Module| {
        let mut seen: BTreeSet<Module> = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(module) = stack.pop() {
            for next in edges.get(&module).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&Module, BTreeSet<Module>> =
        edges.keys().map(|m| (m, reach(m))).collect();
    let mut found: Vec<Vec<Module>> = Vec::new();
    for (module, from_it) in &reached {
        if !from_it.contains(*module) || found.iter().any(|c| c.contains(module)) {
            continue;
        }
        let circle: Vec<Module> = from_it
            .iter()
            .filter(|other| reached.get(other).is_some_and(|r| r.contains(*module)))
            .cloned()
            .collect();
        found.push(circle);
    }
    found
}

#[test]
fn no_module_imports_another_that_imports_it_back() {
    let mut found = Vec::new();
    for src in source_roots() {
        for circle in circles(&edges(&src)) {
            let names: Vec<String> = circle.iter().map(|m| m.join("::")).collect();
            found.push(format!("{}: {}", src.display(), names.join(" <-> ")));
        }
    }
    assert!(found.is_empty(), "import circles:\n{}", found.join("\n"));
}

#[test]
fn the_checker_sees_a_circle() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path();
    std::fs::write(src.join("lib.rs"), "mod a;\nmod b;\n").unwrap();
    std::fs::write(src.join("a.rs"), "use crate::b::B;\npub struct A;\n").unwrap();
    std::fs::write(src.join("b.rs"), "use super::{a::A, c};\npub struct B;\n").unwrap();
    let found = circles(&edges(src));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0], vec![vec!["a".to_string()], vec!["b".to_string()]]);
}

#[test]
fn no_source_file_is_over_a_thousand_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for src in source_roots() {
        rust_files(&src, &mut files);
    }
    rust_files(&root.join("tests"), &mut files);
    rust_files(&root.join("benches"), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let lines = std::fs::read_to_string(file).ok()?.lines().count();
            (lines > 1_000).then(|| format!("{}: {lines} lines", file.display()))
        })
        .collect();
    assert!(long.is_empty(), "{}", long.join("\n"));
}
