//! Which commits are not someone's work: bots, revisions the repository asks
//! blame to ignore, and mass changes (vendoring, reformatting, generated code).
//!
//! The rules are configuration that the pipeline reads from `staffscope.toml`,
//! so they live apart from the phases that apply them.

use std::fmt;

use foldhash::{HashMap, HashSet, HashSetExt};
use globset::{Glob, GlobSet, GlobSetBuilder};

use super::ResolvedFile;
use super::people;
use model::{Diagnostic, RepoFile};

/// Which accounts are bots. Their commits stay in the store but are left out
/// of people's measures.
#[derive(Clone, Debug)]
pub struct BotRules {
    /// Wildcard patterns (`*` only, case-insensitive) matched against names and emails.
    pub patterns: Vec<String>,
    /// Patterns naming accounts that are people whatever `patterns` says: a
    /// person called `Jenkins`, a `*-bot` address a human commits from.
    pub people: Vec<String>,
}

impl Default for BotRules {
    fn default() -> Self {
        BotRules {
            patterns: [
                "*[bot]*",
                "dependabot*",
                "renovate*",
                "github-actions*",
                "*-bot",
                "*-bot@*",
                "*-robot",
                "*-robot@*",
                "* robot",
                "bot@*",
                "*@renovateapp.com",
                "jenkins*",
                "buildbot*",
                "prombot*",
                "prometheusbot*",
                "mergify*",
                "greenkeeper*",
                "pre-commit-ci*",
                "allcontributors*",
                "ci",
                // Merge robots: bors and homu merge what reviewers approved.
                "bors",
                "bors@*",
                // AI coding agents commit and co-author under their own
                // accounts; their work is not a person's.
                "copilot-swe-agent*",
                "*+copilot@users.noreply.github.com",
                "copilot@github.com",
                "noreply@anthropic.com",
                "cursoragent@cursor.com",
                "devin-ai-integration*",
                "openhands@all-hands.dev",
            ]
            .map(String::from)
            .to_vec(),
            people: Vec::new(),
        }
    }
}

impl BotRules {
    pub fn is_bot(&self, text: &str) -> bool {
        self.patterns
            .iter()
            .any(|pattern| people::wildcard_match(pattern, text))
    }

    /// Whether an account known by these names and emails is a bot: one of
    /// them matches a bot pattern and none is declared a person.
    pub fn is_bot_account(&self, identities: &[&str]) -> bool {
        let declared_person = identities.iter().any(|text| {
            self.people
                .iter()
                .any(|pattern| people::wildcard_match(pattern, text))
        });
        !declared_person && identities.iter().any(|text| self.is_bot(text))
    }
}

/// When a commit is a mass change (vendoring, reformatting, generated code)
/// rather than someone's coding.
#[derive(Clone, Debug)]
pub struct MassChangeRules {
    pub max_files: usize,
    pub max_lines: u64,
    /// Globs of generated or vendored paths; their lines never count as coding.
    pub generated: Vec<String>,
}

impl Default for MassChangeRules {
    fn default() -> Self {
        MassChangeRules {
            max_files: 150,
            max_lines: 8_000,
            generated: [
                "vendor/**",
                "**/vendor/**",
                "third_party/**",
                "**/third_party/**",
                "**/node_modules/**",
                "*.lock",
                "**/package-lock.json",
                "**/pnpm-lock.yaml",
                "**/go.sum",
                "*.min.js",
                "*.min.css",
                "*.pb.go",
                "*_pb2.py",
                "*_generated.*",
                "**/generated/**",
                "*.snap",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}

/// Why a commit is not counted as someone's work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Exclusion {
    Bot,
    /// Listed in the repository's `.git-blame-ignore-revs`.
    IgnoreRevs,
    MassChange(String),
}

impl fmt::Display for Exclusion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exclusion::Bot => f.write_str("bot commit"),
            Exclusion::IgnoreRevs => f.write_str("listed in .git-blame-ignore-revs"),
            Exclusion::MassChange(why) => write!(f, "mass change ({why})"),
        }
    }
}

/// What decides a commit's exclusion, read once for the whole history.
pub(super) struct Exclusions<'a> {
    rules: &'a MassChangeRules,
    /// Generated or vendored paths, from `rules.generated`.
    generated: GlobSet,
    /// Per repository, the paths its `.gitattributes` files mark generated
    /// or vendored.
    marked: HashMap<usize, GlobSet>,
    /// (repository, lowercase commit id) from each `.git-blame-ignore-revs` at HEAD.
    ignore_revs: HashSet<(usize, String)>,
}

impl<'a> Exclusions<'a> {
    /// Reads the ignore lists and compiles the generated-path globs; a glob
    /// that does not parse is reported and left out.
    pub(super) fn new(
        rules: &'a MassChangeRules,
        repo_files: &[RepoFile],
        repo_index: &HashMap<&str, usize>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Self {
        Exclusions {
            rules,
            generated: build_globset(&rules.generated, "generated-path", diagnostics),
            marked: marked_generated(repo_files, repo_index, diagnostics),
            ignore_revs: ignore_revs(repo_files, repo_index),
        }
    }

    /// Whether the path is generated or vendored, so its lines never count
    /// as coding: by the configured globs, or its repository's
    /// `.gitattributes`.
    pub(super) fn is_generated(&self, repo: usize, path: &str) -> bool {
        self.generated.is_match(path)
            || self.marked.get(&repo).is_some_and(|set| set.is_match(path))
    }

    /// Why the commit is not counted as its author's work, if it is not:
    /// a bot's commit first, then one blame ignores, then a mass change.
    pub(super) fn of(
        &self,
        bot: bool,
        repo: usize,
        id: &str,
        files: &[ResolvedFile],
    ) -> Option<Exclusion> {
        if bot {
            Some(Exclusion::Bot)
        } else if self.ignore_revs.contains(&(repo, id.to_lowercase())) {
            Some(Exclusion::IgnoreRevs)
        } else {
            mass_change(files, self.rules).map(Exclusion::MassChange)
        }
    }
}

/// Per repository, what its `.gitattributes` files at HEAD mark generated.
fn marked_generated(
    repo_files: &[RepoFile],
    repo_index: &HashMap<&str, usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<usize, GlobSet> {
    // Per repository: its name, then each `.gitattributes` path and content.
    type Files<'f> = (&'f str, Vec<(&'f str, &'f str)>);
    let mut files: std::collections::BTreeMap<usize, Files<'_>> = Default::default();
    for file in repo_files.iter().filter(|f| f.commit.is_none()) {
        let is_attributes = file.path.rsplit('/').next() == Some(".gitattributes");
        if let (true, Some(&repo), Some(content)) = (
            is_attributes,
            repo_index.get(file.repo.as_str()),
            &file.content,
        ) {
            let entry = files
                .entry(repo)
                .or_insert((file.repo.as_str(), Vec::new()));
            entry.1.push((file.path.as_str(), content.as_str()));
        }
    }
    files
        .into_iter()
        .map(|(repo, (name, list))| {
            let set = super::gitattributes::generated_set(name, &list, diagnostics);
            (repo, set)
        })
        .collect()
}

/// The revisions each repository's `.git-blame-ignore-revs` lists at HEAD,
/// comments and blank lines skipped.
fn ignore_revs(
    repo_files: &[RepoFile],
    repo_index: &HashMap<&str, usize>,
) -> HashSet<(usize, String)> {
    let mut ignore_revs: HashSet<(usize, String)> = HashSet::new();
    for file in repo_files {
        let Some(&repo) = repo_index.get(file.repo.as_str()) else {
            continue;
        };
        if file.path == ".git-blame-ignore-revs" && file.commit.is_none() {
            for line in file.content.as_deref().unwrap_or("").lines() {
                let line = line.trim();
                if !line.is_empty() && !line.starts_with('#') {
                    ignore_revs.insert((repo, line.to_lowercase()));
                }
            }
        }
    }
    ignore_revs
}

/// The patterns compiled; one that does not compile is named in a
/// diagnostic (`what` says which list it is in) and left out.
pub(super) fn build_globset(
    patterns: &[String],
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        match Glob::new(pattern) {
            Ok(glob) => {
                builder.add(glob);
            }
            Err(error) => diagnostics.push(Diagnostic::in_file(
                "staffscope.toml",
                format!("{what} pattern `{pattern}`: {}", error.kind()),
            )),
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

fn mass_change(files: &[ResolvedFile], rules: &MassChangeRules) -> Option<String> {
    if files.is_empty() {
        return None;
    }
    let lines: u64 = files.iter().map(ResolvedFile::lines).sum();
    if files.len() > rules.max_files {
        return Some(format!(
            "{} files, over the limit of {}",
            files.len(),
            rules.max_files
        ));
    }
    if lines > rules.max_lines {
        return Some(format!(
            "{lines} lines, over the limit of {}",
            rules.max_lines
        ));
    }
    if files.iter().all(|file| file.generated) {
        return Some("only generated or vendored files".to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_robots_are_bots_and_people_are_not() {
        let bots = BotRules::default();
        for bot in [
            "Kubernetes Prow Robot",
            "k8s-ci-robot@users.noreply.github.com",
            "renovate[bot]",
            "release-bot",
        ] {
            assert!(bots.is_bot(bot), "{bot}");
        }
        for person in ["Roberta Robotham", "robot.lover@acme.example", "Ana Souza"] {
            assert!(!bots.is_bot(person), "{person}");
        }
    }

    #[test]
    fn ai_coding_agents_are_bots_and_people_named_like_them_are_not() {
        let bots = BotRules::default();
        for agent in [
            &["Copilot", "198982749+Copilot@users.noreply.github.com"][..],
            &["copilot-swe-agent[bot]"],
            &["Claude", "noreply@anthropic.com"],
            &["Cursor Agent", "cursoragent@cursor.com"],
            &["devin-ai-integration[bot]"],
            &["openhands", "openhands@all-hands.dev"],
        ] {
            assert!(bots.is_bot_account(agent), "{agent:?}");
        }
        for person in [
            &["Claude Shannon", "claude@bell-labs.example"][..],
            &["Claude", "claude.monet@acme.example"],
            &["Ana Souza", "copilot-fan@acme.example"],
        ] {
            assert!(!bots.is_bot_account(person), "{person:?}");
        }
    }

    #[test]
    fn an_account_declared_a_person_is_not_a_bot() {
        let bots = BotRules {
            people: vec!["jenkins@acme.example".into()],
            ..BotRules::default()
        };
        assert!(!bots.is_bot_account(&["Jenkins", "jenkins@acme.example"]));
        assert!(bots.is_bot_account(&["Jenkins", "ci@acme.example"]));
    }

    #[test]
    fn mass_change_rules() {
        let rules = MassChangeRules::default();
        let file = |path: &str, lines: u32, generated: bool| ResolvedFile {
            path: path.into(),
            added: lines,
            removed: 0,
            binary: false,
            team: None,
            generated,
        };
        assert_eq!(mass_change(&[file("a.rs", 10, false)], &rules), None);
        assert!(mass_change(&[file("a.rs", 9_000, false)], &rules).is_some());
        assert!(mass_change(&[file("vendor/x.go", 10, true)], &rules).is_some());
        let many: Vec<_> = (0..151).map(|i| file(&format!("f{i}"), 1, false)).collect();
        assert!(mass_change(&many, &rules).unwrap().starts_with("151 files"));
    }
}
