//! Areas inferred from the repositories' own structure, for organizations
//! with no team map at all (no teams file, CODEOWNERS, OWNERS or
//! MAINTAINERS): so that a single large repository still has something to
//! count scope, relationships and recurring problems across.
//!
//! An area is a folder, or the source files at one level whose names start
//! with the same word (`diff.c`, `diff-lib.c`, `diff.h`: `diff*`). Each
//! repository starts from its top level; a folder holding more than a third
//! of the repository's file changes, or one that only groups others
//! (`crates/`), is split into its folders, so that one folder (`src/`) is
//! never the whole repository. The twenty areas that change most are kept.
//!
//! Some files belong to no area: tests and documentation (they follow the
//! code they describe, which the path does not say), a file whose name no
//! other shares, and files outside the kept areas. Work there reaches no
//! area. Areas are never teams people belong to: a person's area is
//! inferred from where they change code, and reports say so.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::HashMap;

use super::{ResolvedCommit, Team, TeamId};

/// A folder share above which an area is split into what it holds.
const SPLIT_SHARE: f64 = 1.0 / 3.0;
/// How deep areas go below the repository's top level.
const MAX_DEPTH: usize = 4;
/// At most this many areas per repository: about as many as the teams a
/// repository is shared by, not one per subsystem. Files in the ones that
/// change least, and files no area holds (a folder's own files that share
/// no name), belong to no area: work there reaches no area and makes no
/// one's home.
const MAX_AREAS: usize = 20;

/// A name is an area when this many files share it (`sequencer.c` and
/// `sequencer.h`); a file alone stays among its folder's own files.
const GROUP_FILES: usize = 2;

/// Gives every file of every commit its inferred area, as a team marked
/// `inferred`, for an organization no team map describes. Areas are
/// inferred per repository from all its commits' file changes.
pub(super) fn assign(commits: &mut [ResolvedCommit], teams: &mut Vec<Team>, repos: &[String]) {
    let mut changes: BTreeMap<usize, BTreeMap<&str, u64>> = BTreeMap::new();
    for commit in commits.iter().filter(|c| c.exclusion.is_none()) {
        for file in commit.files.iter().filter(|f| !f.generated) {
            *changes
                .entry(commit.repo)
                .or_default()
                .entry(file.path.as_str())
                .or_default() += 1;
        }
    }
    let areas: BTreeMap<usize, RepoAreas> = changes
        .into_iter()
        .map(|(repo, paths)| {
            let list: Vec<(&str, u64)> = paths.into_iter().collect();
            (repo, RepoAreas::infer(&list))
        })
        .collect();
    let mut ids: BTreeMap<String, TeamId> = BTreeMap::new();
    // A path's area is worked out once, however many commits change it.
    let mut known: BTreeMap<usize, HashMap<String, Option<TeamId>>> = BTreeMap::new();
    for commit in commits.iter_mut() {
        let Some(repo_areas) = areas.get(&commit.repo) else {
            continue;
        };
        let known = known.entry(commit.repo).or_default();
        for file in &mut commit.files {
            if let Some(team) = known.get(file.path.as_str()) {
                file.team = *team;
                continue;
            }
            let team = repo_areas.area_of(&file.path).map(|area| {
                let name = area.name(&repos[commit.repo]);
                *ids.entry(name.clone()).or_insert_with(|| {
                    let id = TeamId(teams.len() as u32);
                    teams.push(Team {
                        id,
                        name,
                        declared: false,
                        parent: None,
                        inferred: true,
                    });
                    id
                })
            });
            known.insert(file.path.clone(), team);
            file.team = team;
        }
    }
}

/// Folders that only group what they hold (`crates/`, `services/`): split
/// whatever their share.
const CONTAINERS: &[&str] = &[
    "src",
    "lib",
    "libs",
    "crates",
    "packages",
    "services",
    "apps",
    "cmd",
    "pkg",
    "internal",
    "components",
    "modules",
    "plugins",
];

/// Folders whose files follow the code they test or describe.
const NO_AREA: &[&str] = &[
    "t",
    "test",
    "tests",
    "testdata",
    "testing",
    "spec",
    "specs",
    "fixtures",
    "doc",
    "docs",
    "documentation",
    "examples",
    "benches",
    "vendor",
    "third_party",
    "node_modules",
];

/// Whether the path is in a folder whose files belong to no area.
fn without_area(path: &str) -> bool {
    let mut segments: Vec<&str> = path.split('/').collect();
    segments.pop();
    segments
        .iter()
        .any(|s| NO_AREA.contains(&s.to_ascii_lowercase().as_str()))
}

/// Source files, whose names say what they are about (not `Makefile`).
fn is_source(file: &str) -> bool {
    let extension = file.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(
        extension.to_ascii_lowercase().as_str(),
        "c" | "h"
            | "cc"
            | "cpp"
            | "hpp"
            | "rs"
            | "go"
            | "py"
            | "rb"
            | "java"
            | "kt"
            | "scala"
            | "swift"
            | "m"
            | "js"
            | "jsx"
            | "ts"
            | "tsx"
            | "cs"
            | "ex"
            | "exs"
            | "php"
            | "pl"
            | "sh"
            | "lua"
            | "zig"
            | "hs"
            | "ml"
    )
}

/// The first word of a file's name: `diff-lib.c` -> `diff`.
fn name_word(file: &str) -> &str {
    let stem = file.split('.').next().unwrap_or(file);
    stem.split(['-', '_']).next().unwrap_or(stem)
}

/// Where a path can go at `depth` (folders below the top): the next folder,
/// or the name group of a source file, or the folder's own files.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Part {
    Folder(String),
    Named(String),
    Rest,
}

/// What the first step of `rest` (a path below some folder) is: a folder,
/// the name group of a source file, or one of the folder's own files.
fn first_part(rest: &str) -> Part {
    match rest.split_once('/') {
        Some((folder, _)) => Part::Folder(folder.to_string()),
        None if is_source(rest) => Part::Named(name_word(rest).to_ascii_lowercase()),
        None => Part::Rest,
    }
}

/// One repository's areas: the key of each, as a path prefix.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AreaKey {
    /// The folder the area is in (`src/cargo`), empty at the top.
    folder: String,
    part: Part,
}

impl AreaKey {
    /// `git:refs`, `git:diff*`, `cargo:src/cargo/core`, `git:/` (the top's own files).
    pub fn name(&self, repo: &str) -> String {
        let local = match &self.part {
            Part::Folder(folder) => join(&self.folder, folder),
            Part::Named(word) => join(&self.folder, &format!("{word}*")),
            Part::Rest if self.folder.is_empty() => "/".to_string(),
            Part::Rest => format!("{}/", self.folder),
        };
        format!("{repo}:{local}")
    }
}

/// The areas of one repository, from how often each path changed.
pub struct RepoAreas {
    /// Folders split into what they hold (the top is the empty folder).
    split: Vec<String>,
    /// Name groups large enough to be areas of their own.
    groups: BTreeSet<AreaKey>,
    /// Folder areas, so that `refs.c` joins `refs/`.
    folders: BTreeSet<AreaKey>,
    /// The areas that change most, at most `MAX_AREAS`.
    kept: BTreeSet<AreaKey>,
}

impl RepoAreas {
    /// Infers the areas from each path's file changes.
    pub fn infer(changes: &[(&str, u64)]) -> RepoAreas {
        let changes: Vec<(&str, u64)> = changes
            .iter()
            .copied()
            .filter(|(path, _)| !without_area(path))
            .collect();
        let total: u64 = changes.iter().map(|(_, n)| n).sum();
        let mut areas = RepoAreas {
            split: vec![String::new()],
            groups: BTreeSet::new(),
            folders: BTreeSet::new(),
            kept: BTreeSet::new(),
        };
        let mut frontier = vec![String::new()];
        while let Some(folder) = frontier.pop() {
            let depth = if folder.is_empty() {
                0
            } else {
                folder.matches('/').count() + 1
            };
            if depth >= MAX_DEPTH {
                continue;
            }
            let mut parts: BTreeMap<Part, (u64, BTreeSet<Part>)> = BTreeMap::new();
            for (path, n) in &changes {
                if let Some(rest) = below(path, &folder) {
                    let part = first_part(rest);
                    let entry = parts.entry(part.clone()).or_default();
                    entry.0 += n;
                    if let Part::Folder(name) = &part {
                        entry.1.insert(first_part(&rest[name.len() + 1..]));
                    }
                }
            }
            for (part, (n, inside)) in parts {
                let Part::Folder(name) = part else {
                    continue;
                };
                let large = (n as f64) > SPLIT_SHARE * total as f64;
                let container = CONTAINERS.contains(&name.to_ascii_lowercase().as_str());
                let subfolders = inside
                    .iter()
                    .filter(|p| matches!(p, Part::Folder(_)))
                    .count();
                if (large || container) && subfolders >= 2 {
                    let child = join(&folder, &name);
                    areas.split.push(child.clone());
                    frontier.push(child);
                }
            }
        }
        let mut files: BTreeMap<AreaKey, usize> = BTreeMap::new();
        for (path, _) in &changes {
            let key = areas.key(path);
            if matches!(key.part, Part::Folder(_)) {
                areas.folders.insert(key.clone());
            }
            *files.entry(key).or_default() += 1;
        }
        areas.groups = files
            .into_iter()
            .filter(|(key, files)| matches!(key.part, Part::Named(_)) && *files >= GROUP_FILES)
            .map(|(key, _)| key)
            .collect();
        let mut sizes: BTreeMap<AreaKey, u64> = BTreeMap::new();
        for (path, n) in &changes {
            if let Some(key) = areas.unbounded_area_of(path)
                && key.part != Part::Rest
            {
                *sizes.entry(key).or_default() += n;
            }
        }
        let mut ranked: Vec<(AreaKey, u64)> = sizes.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        areas.kept = ranked
            .into_iter()
            .take(MAX_AREAS)
            .map(|(key, _)| key)
            .collect();
        areas
    }

    /// The deepest split folder holding `path`, and the part below it.
    fn key(&self, path: &str) -> AreaKey {
        let folder = self
            .split
            .iter()
            .filter(|f| below(path, f).is_some())
            .max_by_key(|f| f.len())
            .cloned()
            .unwrap_or_default();
        let part = first_part(below(path, &folder).unwrap_or(path));
        AreaKey { folder, part }
    }

    /// The area of `path`, or `None` for tests and documentation.
    pub fn area_of(&self, path: &str) -> Option<AreaKey> {
        self.unbounded_area_of(path)
            .filter(|key| self.kept.contains(key))
    }

    /// The area of `path` before the smallest areas are folded.
    fn unbounded_area_of(&self, path: &str) -> Option<AreaKey> {
        if without_area(path) {
            return None;
        }
        let key = self.key(path);
        if let Part::Named(word) = &key.part {
            let folder = AreaKey {
                folder: key.folder.clone(),
                part: Part::Folder(word.clone()),
            };
            if self.folders.contains(&folder) {
                return Some(folder);
            }
        }
        // A small name group stays among its folder's own files.
        if matches!(key.part, Part::Named(_)) && !self.groups.contains(&key) {
            return Some(AreaKey {
                folder: key.folder,
                part: Part::Rest,
            });
        }
        Some(key)
    }
}

/// `path` below `folder` (the empty folder is the top), if it is there.
fn below<'p>(path: &'p str, folder: &str) -> Option<&'p str> {
    if folder.is_empty() {
        return Some(path);
    }
    path.strip_prefix(folder)?.strip_prefix('/')
}

fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{folder}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn areas_of(changes: &[(&str, u64)], repo: &str) -> Vec<(String, Option<String>)> {
        let areas = RepoAreas::infer(changes);
        changes
            .iter()
            .map(|(path, _)| (path.to_string(), areas.area_of(path).map(|a| a.name(repo))))
            .collect()
    }

    fn area<'a>(found: &'a [(String, Option<String>)], path: &str) -> Option<&'a str> {
        found.iter().find(|(p, _)| p == path).unwrap().1.as_deref()
    }

    #[test]
    fn a_flat_repository_is_split_by_file_name_and_folder() {
        // Git's shape: most code at the top, named by subsystem.
        let changes = [
            ("diff.c", 40),
            ("diff-lib.c", 20),
            ("diff.h", 10),
            ("refs.c", 30),
            ("refs/files-backend.c", 30),
            ("builtin/commit.c", 40),
            ("builtin/log.c", 40),
            ("tiny.c", 1),
            ("Makefile", 20),
            ("t/t4000-diff.sh", 50),
            ("Documentation/git-diff.txt", 20),
        ];
        let found = areas_of(&changes, "git");
        assert_eq!(area(&found, "diff-lib.c"), Some("git:diff*"));
        assert_eq!(area(&found, "diff.h"), Some("git:diff*"));
        // A file named as a folder is that folder's area.
        assert_eq!(area(&found, "refs.c"), Some("git:refs"));
        assert_eq!(area(&found, "refs/files-backend.c"), Some("git:refs"));
        assert_eq!(area(&found, "builtin/log.c"), Some("git:builtin"));
        // A name no other file shares, and the top's own files: no area.
        assert_eq!(area(&found, "tiny.c"), None);
        assert_eq!(area(&found, "Makefile"), None);
        assert_eq!(area(&found, "t/t4000-diff.sh"), None);
        assert_eq!(area(&found, "Documentation/git-diff.txt"), None);
    }

    #[test]
    fn a_folder_holding_most_of_the_repository_is_split() {
        // Cargo's shape: nearly everything under src/cargo.
        let changes = [
            ("src/cargo/core/resolver.rs", 100),
            ("src/cargo/core/package.rs", 50),
            ("src/cargo/ops/install.rs", 60),
            ("src/cargo/util/toml.rs", 80),
            ("src/bin/cargo/main.rs", 20),
            ("crates/home/src/lib.rs", 10),
            ("crates/xtask/src/main.rs", 5),
            ("tests/testsuite/build.rs", 200),
            ("build.rs", 3),
        ];
        let found = areas_of(&changes, "cargo");
        assert_eq!(
            area(&found, "src/cargo/core/package.rs"),
            Some("cargo:src/cargo/core")
        );
        assert_eq!(
            area(&found, "src/cargo/ops/install.rs"),
            Some("cargo:src/cargo/ops")
        );
        assert_eq!(area(&found, "src/bin/cargo/main.rs"), Some("cargo:src/bin"));
        // A container is split whatever its share.
        assert_eq!(
            area(&found, "crates/home/src/lib.rs"),
            Some("cargo:crates/home")
        );
        assert_eq!(area(&found, "tests/testsuite/build.rs"), None);
        assert_eq!(area(&found, "build.rs"), None);
    }

    #[test]
    fn only_the_areas_that_change_most_are_kept() {
        // Thirty folders, the later ones changing less.
        let names: Vec<String> = (0..30).map(|i| format!("m{i:02}/x.c")).collect();
        let changes: Vec<(&str, u64)> = names
            .iter()
            .enumerate()
            .map(|(i, path)| (path.as_str(), 100 - i as u64))
            .collect();
        let found = areas_of(&changes, "r");
        let kept: std::collections::BTreeSet<&str> =
            found.iter().filter_map(|(_, a)| a.as_deref()).collect();
        assert_eq!(kept.len(), MAX_AREAS, "{kept:?}");
        assert_eq!(area(&found, "m00/x.c"), Some("r:m00"));
        assert_eq!(area(&found, "m29/x.c"), None);
    }

    #[test]
    fn depth_is_bounded_and_single_folders_are_not_split() {
        let changes = [
            ("a/b/c/d/e/f/g.rs", 10),
            ("a/b/c/d/e/f/h.rs", 10),
            ("x/only.rs", 1),
        ];
        let found = areas_of(&changes, "r");
        // `a` holds one folder only at each level: nothing to split into.
        assert_eq!(area(&found, "a/b/c/d/e/f/g.rs"), Some("r:a"));
        assert_eq!(area(&found, "x/only.rs"), Some("r:x"));
    }
}
