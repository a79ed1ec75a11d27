//! Kubernetes-style `OWNERS` and `OWNERS_ALIASES` files, and the Linux
//! `MAINTAINERS` file: two more ways organizations say who owns what.
//!
//! `OWNERS` applies to its folder and everything below, inherited downward
//! unless a deeper file sets `options: no_parent_owners: true`; the nearest
//! file wins. Entries in `approvers` and `reviewers` are GitHub logins or
//! aliases from `OWNERS_ALIASES`. `MAINTAINERS` sections name an area with
//! `F:` patterns (a trailing `/` takes everything below; `*` stays within a
//! folder) and `X:` exclusions; the most specific matching pattern wins.
//! `N:` (regular expressions on file names) is not read.

use std::collections::BTreeMap;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use model::Diagnostic;
use model::Signature;
use model::line_of;

/// One `OWNERS` file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwnersFile {
    /// The folder it applies to, `/`-separated, empty for the root.
    pub dir: String,
    pub approvers: Vec<String>,
    pub reviewers: Vec<String>,
    pub labels: Vec<String>,
    pub no_parent_owners: bool,
}

#[derive(Deserialize)]
struct RawOwners {
    #[serde(default)]
    approvers: Vec<String>,
    #[serde(default)]
    reviewers: Vec<String>,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default)]
    options: RawOptions,
    /// Per-file-pattern owners; only `.*` (everything) is read.
    #[serde(default)]
    filters: BTreeMap<String, RawFilter>,
}

#[derive(Deserialize, Default)]
struct RawOptions {
    #[serde(default)]
    no_parent_owners: bool,
}

#[derive(Deserialize)]
struct RawFilter {
    #[serde(default)]
    approvers: Vec<String>,
    #[serde(default)]
    reviewers: Vec<String>,
    #[serde(default)]
    labels: Vec<String>,
}

#[derive(Deserialize)]
struct RawAliases {
    #[serde(default)]
    aliases: BTreeMap<String, Option<Vec<String>>>,
}

/// A YAML error as a diagnostic naming the file and line.
pub(crate) fn yaml_error(file: &str, content: &str, error: &serde_yaml_ng::Error) -> Diagnostic {
    let line = error
        .location()
        .map(|location| location.line())
        .or_else(|| error.location().map(|l| line_of(content, l.index())));
    let message = error.to_string();
    // The library appends " at line N column M"; the diagnostic already says where.
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    Diagnostic {
        file: file.to_string(),
        line,
        message,
    }
}

/// Parses an `OWNERS` file found at `path` (`app/login/OWNERS`).
pub fn parse_owners(path: &str, content: &str) -> Result<OwnersFile, Diagnostic> {
    let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
    if content.trim().is_empty() {
        return Ok(OwnersFile {
            dir,
            ..OwnersFile::default()
        });
    }
    if let Some(problem) = super::yaml_depth::check(path, content, 1) {
        return Err(problem);
    }
    let raw: RawOwners =
        serde_yaml_ng::from_str(content).map_err(|error| yaml_error(path, content, &error))?;
    let mut owners = OwnersFile {
        dir,
        approvers: raw.approvers,
        reviewers: raw.reviewers,
        labels: raw.labels,
        no_parent_owners: raw.options.no_parent_owners,
    };
    for (pattern, filter) in raw.filters {
        if pattern == ".*" {
            owners.approvers.extend(filter.approvers);
            owners.reviewers.extend(filter.reviewers);
            owners.labels.extend(filter.labels);
        } else {
            return Err(Diagnostic::in_file(
                path,
                format!(
                    "filter `{pattern}`: only `.*` filters are read; the file's other owners still apply"
                ),
            ));
        }
    }
    Ok(owners)
}

/// Parses `OWNERS_ALIASES`: alias name -> logins.
pub fn parse_aliases(
    path: &str,
    content: &str,
) -> Result<BTreeMap<String, Vec<String>>, Diagnostic> {
    if content.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    if let Some(problem) = super::yaml_depth::check(path, content, 1) {
        return Err(problem);
    }
    let raw: RawAliases =
        serde_yaml_ng::from_str(content).map_err(|error| yaml_error(path, content, &error))?;
    Ok(raw
        .aliases
        .into_iter()
        .map(|(name, logins)| (name, logins.unwrap_or_default()))
        .collect())
}

/// The `OWNERS` files of one repository.
#[derive(Debug, Default)]
pub struct OwnersTree {
    by_dir: BTreeMap<String, OwnersFile>,
    pub aliases: BTreeMap<String, Vec<String>>,
}

impl OwnersTree {
    pub fn add(&mut self, file: OwnersFile) {
        self.by_dir.insert(file.dir.clone(), file);
    }

    pub fn is_empty(&self) -> bool {
        self.by_dir.is_empty()
    }

    /// The `OWNERS` files that govern `path`, nearest first, up to the root
    /// or to a file that stops inheritance.
    pub fn chain(&self, path: &str) -> Vec<&OwnersFile> {
        let mut chain = Vec::new();
        let mut dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        loop {
            if let Some(file) = self.by_dir.get(dir) {
                chain.push(file);
                if file.no_parent_owners {
                    break;
                }
            }
            if dir.is_empty() {
                break;
            }
            dir = dir.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
        chain
    }
}

/// One section of a `MAINTAINERS` file.
#[derive(Debug)]
pub struct MaintainersSection {
    pub name: String,
    pub maintainers: Vec<Signature>,
    pub reviewers: Vec<Signature>,
    /// (pattern, matcher, specificity) for `F:` lines.
    files: Vec<(String, GlobSet, usize)>,
    excludes: Vec<GlobSet>,
    pub line: usize,
}

/// A `MAINTAINERS` file.
#[derive(Debug, Default)]
pub struct Maintainers {
    pub sections: Vec<MaintainersSection>,
}

impl Maintainers {
    /// Reads the file; bad lines are reported and skipped. Sections start
    /// after a blank line with a line that is not `X: value`.
    pub fn parse(file: &str, content: &str) -> (Maintainers, Vec<Diagnostic>) {
        let mut sections: Vec<MaintainersSection> = Vec::new();
        let mut diagnostics = Vec::new();
        let mut current: Option<MaintainersSection> = None;
        for (index, raw_line) in content.lines().enumerate() {
            let line_number = index + 1;
            let line = raw_line.trim_end();
            if line.trim().is_empty() {
                sections.extend(current.take());
                continue;
            }
            let tag = line
                .as_bytes()
                .get(1)
                .filter(|b| **b == b':')
                .and(line.chars().next());
            match (tag, current.as_mut()) {
                (Some(tag), Some(section)) if tag.is_ascii_uppercase() => {
                    let value = line[2..].trim();
                    match tag {
                        'M' => section
                            .maintainers
                            .push(Signature::parse_trailer_value(value)),
                        'R' => section
                            .reviewers
                            .push(Signature::parse_trailer_value(value)),
                        'F' | 'X' => match maintainers_glob(value) {
                            Ok((matcher, specificity)) => {
                                if tag == 'F' {
                                    section
                                        .files
                                        .push((value.to_string(), matcher, specificity));
                                } else {
                                    section.excludes.push(matcher);
                                }
                            }
                            Err(message) => {
                                diagnostics.push(Diagnostic::at(file, line_number, message))
                            }
                        },
                        _ => {}
                    }
                }
                (Some(tag), None) if tag.is_ascii_uppercase() => {
                    diagnostics.push(Diagnostic::at(
                        file,
                        line_number,
                        format!("`{tag}:` line outside a section (a section starts with its name after a blank line)"),
                    ));
                }
                (_, Some(_)) => {
                    // Free text inside a section (the file's preamble, mostly): not ours to judge.
                }
                (_, None) => {
                    current = Some(MaintainersSection {
                        name: line.trim().to_string(),
                        maintainers: Vec::new(),
                        reviewers: Vec::new(),
                        files: Vec::new(),
                        excludes: Vec::new(),
                        line: line_number,
                    });
                }
            }
        }
        sections.extend(current);
        // Preamble paragraphs have no F: lines and own nothing.
        sections.retain(|section| !section.files.is_empty());
        (Maintainers { sections }, diagnostics)
    }

    /// The section with the most specific pattern matching `path`.
    pub fn section_of(&self, path: &str) -> Option<&MaintainersSection> {
        self.sections
            .iter()
            .filter(|section| !section.excludes.iter().any(|x| x.is_match(path)))
            .filter_map(|section| {
                section
                    .files
                    .iter()
                    .filter(|(_, matcher, _)| matcher.is_match(path))
                    .map(|(_, _, specificity)| *specificity)
                    .max()
                    .map(|specificity| (specificity, section))
            })
            .max_by_key(|(specificity, section)| (*specificity, std::cmp::Reverse(section.line)))
            .map(|(_, section)| section)
    }
}

/// `drivers/net/` (everything below), `drivers/net/*` (files directly in),
/// `*/net/*`, `include/linux/ext4.h` (a file, or a folder and everything below).
fn maintainers_glob(pattern: &str) -> Result<(GlobSet, usize), String> {
    let trimmed = pattern.trim_start_matches('/');
    let globs = if let Some(dir) = trimmed.strip_suffix('/') {
        vec![format!("{dir}/**")]
    } else if trimmed.contains('*') || trimmed.contains('?') {
        vec![trimmed.to_string()]
    } else {
        vec![trimmed.to_string(), format!("{trimmed}/**")]
    };
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        builder.add(
            GlobBuilder::new(&glob)
                .literal_separator(true)
                .build()
                .map_err(|error| format!("pattern `{pattern}`: {}", error.kind()))?,
        );
    }
    let matcher = builder
        .build()
        .map_err(|error| format!("pattern `{pattern}`: {error}"))?;
    // Longer literal prefixes are more specific.
    let specificity = trimmed
        .chars()
        .take_while(|c| !matches!(c, '*' | '?' | '['))
        .count();
    Ok((matcher, specificity))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deeply_nested_owners_files_are_refused_before_parsing() {
        let deep = format!("approvers:\n{}ana\n", "- ".repeat(10_000));
        let problem = parse_owners("pkg/OWNERS", &deep).unwrap_err();
        assert_eq!(
            problem.to_string(),
            "pkg/OWNERS:2: YAML nested more than 64 levels deep; not read"
        );
    }

    #[test]
    fn owners_inherit_down_until_stopped() {
        let mut tree = OwnersTree::default();
        tree.add(
            parse_owners(
                "OWNERS",
                "approvers:\n  - root-approvers\nlabels:\n  - team/checkout\n",
            )
            .unwrap(),
        );
        tree.add(
            parse_owners(
                "app/login/OWNERS",
                "options:\n  no_parent_owners: true\napprovers: [alice]\n",
            )
            .unwrap(),
        );
        tree.add(
            parse_owners(
                "app/core/OWNERS",
                "reviewers: [bob]\nfilters:\n  \".*\":\n    approvers: [carol]\n",
            )
            .unwrap(),
        );
        let dirs = |path: &str| {
            tree.chain(path)
                .iter()
                .map(|f| f.dir.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(dirs("app/login/x/y.kt"), vec!["app/login"]);
        assert_eq!(dirs("app/core/a.kt"), vec!["app/core", ""]);
        assert_eq!(dirs("README.md"), vec![""]);
        assert_eq!(tree.chain("app/core/a.kt")[0].approvers, vec!["carol"]);
    }

    #[test]
    fn owners_errors_name_file_and_line() {
        let error =
            parse_owners("app/OWNERS", "approvers:\n  - a\nreviewers: {oops\n").unwrap_err();
        assert_eq!(error.file, "app/OWNERS");
        assert_eq!(error.line, Some(3), "{error}");
        let error =
            parse_owners("OWNERS", "filters:\n  \"\\\\.go$\":\n    approvers: [a]\n").unwrap_err();
        assert!(
            error.to_string().contains("only `.*` filters are read"),
            "{error}"
        );
        let aliases = parse_aliases(
            "OWNERS_ALIASES",
            "aliases:\n  sig-node-approvers:\n    - a\n    - b\n  empty:\n",
        )
        .unwrap();
        assert_eq!(aliases["sig-node-approvers"], vec!["a", "b"]);
        assert!(aliases["empty"].is_empty());
    }

    const MAINTAINERS: &str = "\
List of maintainers

Descriptions of section entries:
\tM: Mail patches to: FullName <address@domain>

NETWORKING DRIVERS
M:\tAna Lima <ana@x.example>
R:\tBo <bo@x.example>
S:\tMaintained
F:\tdrivers/net/
X:\tdrivers/net/wireless/

WIRELESS
M:\tCy <cy@x.example>
F:\tdrivers/net/wireless/
F:\t*/wireless/*

NET CORE FILES
M:\tDi <di@x.example>
F:\tnet/core/*
F:\tinclude/linux/skbuff.h
";

    #[test]
    fn maintainers_sections_most_specific_wins() {
        let (maintainers, problems) = Maintainers::parse("MAINTAINERS", MAINTAINERS);
        assert!(problems.is_empty(), "{problems:?}");
        let section = |path: &str| maintainers.section_of(path).map(|s| s.name.as_str());
        assert_eq!(
            section("drivers/net/e1000/main.c"),
            Some("NETWORKING DRIVERS")
        );
        assert_eq!(section("drivers/net/wireless/ath/a.c"), Some("WIRELESS"));
        assert_eq!(section("net/core/dev.c"), Some("NET CORE FILES"));
        assert_eq!(section("net/core/sub/dev.c"), None);
        assert_eq!(section("include/linux/skbuff.h"), Some("NET CORE FILES"));
        assert_eq!(section("fs/ext4/inode.c"), None);
        let networking = &maintainers.sections[0];
        assert_eq!(
            (networking.maintainers[0].name.as_str(), networking.line),
            ("Ana Lima", 6)
        );
    }

    #[test]
    fn maintainers_bad_lines_are_named() {
        let (maintainers, problems) =
            Maintainers::parse("MAINTAINERS", "F:\torphan/\n\nAREA\nF:\ta/[\nF:\tb/\n");
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![Some(1), Some(4)], "{problems:?}");
        assert_eq!(
            maintainers.section_of("b/x").map(|s| s.name.as_str()),
            Some("AREA")
        );
    }
}
