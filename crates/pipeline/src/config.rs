//! `staffscope.toml`: where the repositories, team maps, store and rubric are,
//! and the time window. Also finds repositories below a folder for `init`.

use std::path::{Path, PathBuf};

use globset::GlobBuilder;
use serde::Deserialize;

use analysis::resolve::{BotRules, MassChangeRules};
use collect::RepoSource;
use model::Window;
use model::{Diagnostic, parse_date, toml_error};
use store::StoreLocation;

pub const FILE_NAME: &str = "staffscope.toml";

#[derive(Clone, Debug)]
pub struct Config {
    /// The folder holding the configuration; relative paths start here.
    pub root: PathBuf,
    /// A SQLite file, or a PostgreSQL database (`postgres://...`).
    pub store: StoreLocation,
    pub repositories: Vec<String>,
    pub teams_file: Option<PathBuf>,
    pub identities_file: Option<PathBuf>,
    pub mailmap: Option<PathBuf>,
    pub rubric: Option<PathBuf>,
    /// Rubrics by job family (`[rubrics]`): a person the team map gives a
    /// job family is assessed on that family's rubric.
    pub rubrics: Vec<(String, PathBuf)>,
    /// Code-review exports, each for one collected repository.
    pub code_review: Vec<CodeReviewSource>,
    /// Folder names under which documents are read.
    pub document_folders: Vec<String>,
    /// Patterns of document paths (inside their repository) not to read:
    /// drafts, generated pages, anything the path rules do not know.
    pub document_skip: Vec<String>,
    /// Plain folders of documents beside the repositories (a wiki export, a
    /// design-docs share), read whole each time a report runs.
    pub document_paths: Vec<PathBuf>,
    /// Where evidence logs live: one `<handle>.yaml` per person.
    pub evidence_log_dir: PathBuf,
    /// Where calendars live: one `<handle>.ics` per person.
    pub calendar_dir: PathBuf,
    pub window: WindowSpec,
    pub bots: BotRules,
    pub mass_changes: MassChangeRules,
}

/// Where a repository's code-review export lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeReviewSource {
    /// The collected repository the reviews belong to (its name).
    pub repository: String,
    /// A GitHub REST API export: a file or a folder of JSON written by `gh api --paginate`.
    pub github: Option<PathBuf>,
    /// The JSON lines of `gerrit query --format=JSON --all-approvals --comments`.
    pub gerrit: Option<PathBuf>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum WindowSpec {
    /// The last N months up to now.
    Months(u32),
    Dates {
        since: i64,
        until: i64,
    },
}

const DAY: i64 = 24 * 60 * 60;

impl WindowSpec {
    pub fn resolve(&self, now: i64) -> Window {
        match self {
            WindowSpec::Dates { since, until } => Window {
                since: *since,
                until: *until,
            },
            // Whole days, as reports print the window: up to the end of
            // today (UTC), so results kept in the store hold all day rather
            // than for one second.
            WindowSpec::Months(months) => {
                let until = (now.div_euclid(DAY) + 1) * DAY;
                let end =
                    jiff::Timestamp::from_second(until).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
                let since = end
                    .to_zoned(jiff::tz::TimeZone::UTC)
                    .checked_sub(jiff::Span::new().months(i64::from(*months)))
                    .map(|z| z.timestamp().as_second())
                    .unwrap_or(0);
                Window { since, until }
            }
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    store: Option<String>,
    #[serde(default)]
    repositories: Vec<String>,
    teams_file: Option<String>,
    identities_file: Option<String>,
    mailmap: Option<String>,
    rubric: Option<String>,
    #[serde(default)]
    rubrics: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    code_review: Vec<RawCodeReview>,
    documents: Option<RawDocuments>,
    evidence_log_dir: Option<String>,
    calendar_dir: Option<String>,
    window: Option<RawWindow>,
    bots: Option<RawBots>,
    mass_changes: Option<RawMassChanges>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocuments {
    folders: Option<Vec<String>>,
    #[serde(default)]
    extra_folders: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    skip: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCodeReview {
    repository: String,
    github: Option<String>,
    gerrit: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWindow {
    since: Option<String>,
    until: Option<String>,
    months: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBots {
    patterns: Option<Vec<String>>,
    #[serde(default)]
    extra_patterns: Vec<String>,
    #[serde(default)]
    people: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMassChanges {
    max_files: Option<usize>,
    max_lines: Option<u64>,
    generated: Option<Vec<String>>,
    #[serde(default)]
    extra_generated: Vec<String>,
}

impl Config {
    /// Parses the configuration; `file` names it in errors and `root` anchors relative paths.
    pub fn parse(file: &str, content: &str, root: &Path, now: i64) -> Result<Config, Diagnostic> {
        let raw: RawConfig =
            toml::from_str(content).map_err(|error| toml_error(file, content, &error))?;
        let path = |value: &str| root.join(value);
        let window = match raw.window {
            None => WindowSpec::Months(12),
            Some(RawWindow {
                months: Some(months),
                since: None,
                until: None,
            }) => WindowSpec::Months(months),
            Some(RawWindow {
                months: None,
                since: Some(since),
                until,
            }) => {
                let since = parse_date(&since)
                    .map_err(|m| Diagnostic::in_file(file, format!("[window] since: {m}")))?;
                let until = match until {
                    Some(until) => parse_date(&until)
                        .map_err(|m| Diagnostic::in_file(file, format!("[window] until: {m}")))?,
                    None => now + 1,
                };
                if since >= until {
                    return Err(Diagnostic::in_file(
                        file,
                        "[window] `since` must be before `until`",
                    ));
                }
                WindowSpec::Dates { since, until }
            }
            Some(_) => {
                return Err(Diagnostic::in_file(
                    file,
                    "[window] takes either `months = N`, or `since` (and optionally `until`) as YYYY-MM-DD",
                ));
            }
        };
        let mut bots = BotRules::default();
        if let Some(raw_bots) = raw.bots {
            if let Some(patterns) = raw_bots.patterns {
                bots.patterns = patterns;
            }
            bots.patterns.extend(raw_bots.extra_patterns);
            bots.people = raw_bots.people;
        }
        let mut mass_changes = MassChangeRules::default();
        if let Some(raw_mass) = raw.mass_changes {
            if let Some(max_files) = raw_mass.max_files {
                mass_changes.max_files = max_files;
            }
            if let Some(max_lines) = raw_mass.max_lines {
                mass_changes.max_lines = max_lines;
            }
            if let Some(generated) = raw_mass.generated {
                mass_changes.generated = generated;
            }
            mass_changes.generated.extend(raw_mass.extra_generated);
        }
        Ok(Config {
            root: root.to_path_buf(),
            store: StoreLocation::parse(
                raw.store.as_deref().unwrap_or(".staffscope/store.sqlite"),
                root,
            ),
            repositories: raw.repositories,
            teams_file: raw.teams_file.as_deref().map(path),
            identities_file: raw.identities_file.as_deref().map(path),
            mailmap: raw.mailmap.as_deref().map(path),
            rubric: raw.rubric.as_deref().map(path),
            rubrics: raw
                .rubrics
                .iter()
                .map(|(family, file)| (family.clone(), path(file)))
                .collect(),
            code_review: raw
                .code_review
                .into_iter()
                .map(|source| {
                    if source.github.is_none() && source.gerrit.is_none() {
                        return Err(Diagnostic::in_file(
                            file,
                            format!(
                                "[[code_review]] for `{}` needs `github` (a gh api export) or `gerrit` (gerrit query JSON lines)",
                                source.repository
                            ),
                        ));
                    }
                    Ok(CodeReviewSource {
                        repository: source.repository,
                        github: source.github.as_deref().map(path),
                        gerrit: source.gerrit.as_deref().map(path),
                    })
                })
                .collect::<Result<_, _>>()?,
            evidence_log_dir: path(raw.evidence_log_dir.as_deref().unwrap_or("evidence")),
            calendar_dir: path(raw.calendar_dir.as_deref().unwrap_or("calendars")),
            document_paths: raw
                .documents
                .as_ref()
                .map(|d| d.paths.iter().map(|p| path(p)).collect())
                .unwrap_or_default(),
            document_skip: raw
                .documents
                .as_ref()
                .map(|d| d.skip.clone())
                .unwrap_or_default(),
            document_folders: {
                let mut folders: Vec<String> = model::paths::FOLDERS.iter().map(|f| f.to_string()).collect();
                if let Some(documents) = raw.documents {
                    if let Some(replace) = documents.folders {
                        folders = replace;
                    }
                    folders.extend(documents.extra_folders);
                }
                folders
            },
            window,
            bots,
            mass_changes,
        })
    }

    /// The repositories the configuration names, globs expanded. A path that
    /// does not exist is kept, so that collecting it reports a clear error;
    /// so is a folder a glob matches that looks like a repository but is not
    /// one (named `*.git`, or with some of a bare repository's parts). A glob
    /// that matches nothing is named in `unmatched`.
    pub fn repository_sources(&self) -> Result<RepositorySources, Diagnostic> {
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut unmatched = Vec::new();
        for entry in &self.repositories {
            if entry.contains(['*', '?', '[', '{']) {
                let found = self.expand(entry)?;
                if found.is_empty() {
                    unmatched.push(entry.clone());
                }
                paths.extend(found);
            } else {
                paths.push(self.root.join(entry));
            }
        }
        paths.dedup();
        Ok(RepositorySources {
            sources: name_repositories(&self.root, paths),
            unmatched,
        })
    }

    /// The folders glob `entry` matches: repositories, and folders that look
    /// like one without being one.
    fn expand(&self, entry: &str) -> Result<Vec<PathBuf>, Diagnostic> {
        let glob = GlobBuilder::new(entry.trim_end_matches('/'))
            .literal_separator(true)
            .build()
            .map_err(|error| {
                Diagnostic::in_file(
                    FILE_NAME,
                    format!("repositories: `{entry}`: {}", error.kind()),
                )
            })?
            .compile_matcher();
        let base: PathBuf = entry
            .split('/')
            .take_while(|segment| !segment.contains(['*', '?', '[', '{']))
            .collect();
        let depth = entry.split('/').count().max(1) + usize::from(entry.contains("**")) * 4;
        let discovered = discover(&self.root.join(&base), depth);
        let mut found: Vec<PathBuf> = discovered
            .repositories
            .into_iter()
            .chain(discovered.lookalikes)
            .filter(|path| {
                path.strip_prefix(&self.root)
                    .map(|relative| glob.is_match(relative))
                    .unwrap_or(false)
            })
            .collect();
        found.sort();
        Ok(found)
    }
}

/// What the configuration's `repositories` name.
pub struct RepositorySources {
    pub sources: Vec<RepoSource>,
    /// Globs that match no folder that is or looks like a repository.
    pub unmatched: Vec<String>,
}

/// Names repositories by folder (without `.git`); names that clash use the relative path.
fn name_repositories(root: &Path, paths: Vec<PathBuf>) -> Vec<RepoSource> {
    let base_name = |path: &Path| -> String {
        let path = if path.file_name().is_some_and(|n| n == ".git") {
            path.parent().unwrap_or(path)
        } else {
            path
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        name.strip_suffix(".git")
            .map(str::to_string)
            .unwrap_or(name)
    };
    let names: Vec<String> = paths.iter().map(|p| base_name(p)).collect();
    paths
        .iter()
        .zip(&names)
        .map(|(path, name)| {
            let clashes = names.iter().filter(|other| *other == name).count() > 1;
            let name = if clashes {
                let relative = path
                    .strip_prefix(root)
                    .unwrap_or(path)
                    .to_string_lossy()
                    .replace('\\', "/");
                relative
                    .trim_end_matches(".git")
                    .trim_end_matches('/')
                    .to_string()
            } else {
                name.clone()
            };
            RepoSource {
                name,
                path: path.clone(),
            }
        })
        .collect()
}

/// Whether `path` is a git repository: a work tree with `.git`, or a bare repository.
pub fn is_repository(path: &Path) -> bool {
    path.join(".git").exists()
        || (path.join("HEAD").is_file()
            && path.join("objects").is_dir()
            && path.join("refs").is_dir())
}

/// Repositories at or below `root`, at most `max_depth` folders down; does
/// not look inside repositories or hidden, build and dependency folders.
pub fn discover_repositories(root: &Path, max_depth: usize) -> Vec<PathBuf> {
    discover(root, max_depth).repositories
}

/// Folders found by [`discover`].
struct Discovered {
    repositories: Vec<PathBuf>,
    /// Folders that look meant to be repositories and are not: named
    /// `*.git`, or holding some but not all of a bare repository's `HEAD`,
    /// `objects` and `refs` (a copy broken off, a damaged mirror).
    lookalikes: Vec<PathBuf>,
}

fn discover(root: &Path, max_depth: usize) -> Discovered {
    let mut found = Discovered {
        repositories: Vec::new(),
        lookalikes: Vec::new(),
    };
    let mut stack = vec![(root.to_path_buf(), 0usize)];
    while let Some((dir, depth)) = stack.pop() {
        if is_repository(&dir) {
            found.repositories.push(dir);
            continue;
        }
        if looks_like_repository(&dir) {
            found.lookalikes.push(dir);
            continue;
        }
        if depth >= max_depth {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let skip = (name.starts_with('.') && !name.ends_with(".git"))
                || matches!(name.as_str(), "node_modules" | "target" | "vendor");
            // `Path::is_dir` follows symbolic links: a folder of links to repositories is common.
            if !skip && entry.path().is_dir() {
                stack.push((entry.path(), depth + 1));
            }
        }
    }
    found.repositories.sort();
    found.lookalikes.sort();
    found
}

/// A folder that is not a repository but looks meant to be one.
fn looks_like_repository(path: &Path) -> bool {
    path.extension().is_some_and(|extension| extension == "git")
        || path.join("HEAD").is_file()
        || (path.join("objects").is_dir() && path.join("refs").is_dir())
}

/// What `init` found, and the commented configuration it writes.
pub struct InitPlan {
    pub repositories: Vec<String>,
    pub teams_file: Option<String>,
    pub identities_file: Option<String>,
    pub mailmap: Option<String>,
    pub codeowners_found: usize,
    /// Folders of documents outside any repository (relative paths).
    pub document_paths: Vec<String>,
    /// Work trees above with a document folder at their top level.
    pub repositories_with_documents: usize,
    /// Folders with other names at the top of a work tree that hold
    /// numbered documents (`text/0001-x.md`, as the Rust RFCs keep them):
    /// proposed as `extra_folders`.
    pub extra_folders: Vec<String>,
}

pub fn plan_init(root: &Path) -> InitPlan {
    let repos = discover_repositories(root, 4);
    let relative = |path: &Path| {
        path.strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let codeowners_found = repos
        .iter()
        .filter(|repo| {
            model::paths::CODEOWNERS_LOCATIONS
                .iter()
                .any(|location| repo.join(location).is_file())
        })
        .count();
    let existing = |names: &[&str]| {
        names
            .iter()
            .find(|name| root.join(name).is_file())
            .map(|n| n.to_string())
    };
    InitPlan {
        repositories: repos
            .iter()
            .map(|path| {
                let relative = relative(path);
                if relative.is_empty() {
                    ".".to_string()
                } else {
                    relative
                }
            })
            .collect(),
        teams_file: existing(&["teams.toml", "staffscope-teams.toml"]),
        identities_file: existing(&["identities.toml"]),
        mailmap: existing(&[".mailmap", "mailmap"]),
        codeowners_found,
        document_paths: discover_document_folders(root, 3)
            .iter()
            .map(|path| relative(path))
            .collect(),
        repositories_with_documents: repos
            .iter()
            .filter(|repo| {
                model::paths::FOLDERS
                    .iter()
                    .any(|folder| repo.join(folder).is_dir())
            })
            .count(),
        extra_folders: numbered_document_folders(&repos),
    }
}

/// Documents a folder needs, numbered as processes number them, before
/// `init` proposes it.
const NUMBERED_DOCUMENTS: usize = 3;

/// Top-level folders of the work trees, not named like a document folder,
/// that hold at least [`NUMBERED_DOCUMENTS`] numbered Markdown,
/// reStructuredText or AsciiDoc files (`0001-name.md`, `pep-0008.rst`).
fn numbered_document_folders(repos: &[PathBuf]) -> Vec<String> {
    let is_numbered = |name: &str| {
        let lower = name.to_lowercase();
        let stem = lower.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '-');
        let digits = stem.chars().take_while(char::is_ascii_digit).count();
        digits >= 3
            && [".md", ".rst", ".adoc", ".txt"]
                .iter()
                .any(|extension| lower.ends_with(extension))
    };
    let mut folders = std::collections::BTreeSet::new();
    for repo in repos {
        let Ok(entries) = std::fs::read_dir(repo) else {
            continue;
        };
        for entry in entries.flatten().filter(|e| e.path().is_dir()) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.')
                || model::paths::FOLDERS
                    .iter()
                    .any(|f| f.eq_ignore_ascii_case(&name))
            {
                continue;
            }
            let numbered = std::fs::read_dir(entry.path())
                .into_iter()
                .flatten()
                .flatten()
                .filter(|file| is_numbered(&file.file_name().to_string_lossy()))
                .take(NUMBERED_DOCUMENTS)
                .count();
            if numbered >= NUMBERED_DOCUMENTS {
                folders.insert(name);
            }
        }
    }
    folders.into_iter().collect()
}

/// Folders with a document folder's name (`docs`, `rfcs`, `adr`, ...) at or
/// below `root` but outside every repository: documents kept beside the code.
pub fn discover_document_folders(root: &Path, max_depth: usize) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![(root.to_path_buf(), 0usize)];
    while let Some((dir, depth)) = stack.pop() {
        if is_repository(&dir) || depth >= max_depth {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if name.starts_with('.') || !path.is_dir() || is_repository(&path) {
                continue;
            }
            if model::paths::FOLDERS
                .iter()
                .any(|folder| folder.eq_ignore_ascii_case(&name))
            {
                found.push(path);
            } else if !matches!(name.as_str(), "node_modules" | "target" | "vendor") {
                stack.push((path, depth + 1));
            }
        }
    }
    found.sort();
    found
}

pub fn render_init(plan: &InitPlan) -> String {
    let mut out = String::new();
    out.push_str("# staffscope configuration, written by `staffscope init`.\n");
    out.push_str("# Relative paths start at the folder holding this file.\n\n");
    out.push_str("# Where collected data lives: a SQLite file (nothing leaves this machine), or a\n# PostgreSQL database shared by several collectors: \"postgres://USER:PASSWORD@HOST/DATABASE\".\n");
    out.push_str("store = \".staffscope/store.sqlite\"\n\n");
    out.push_str(
        "# Repositories to collect: paths or globs such as \"services/*\" or \"mirrors/*.git\",\n",
    );
    out.push_str("# bare or with a work tree. Each is read from its HEAD (the default branch).\n");
    out.push_str("repositories = [\n");
    if plan.repositories.is_empty() {
        out.push_str("    # none found below this folder; add paths here\n");
    }
    for repo in &plan.repositories {
        out.push_str(&format!("    {},\n", toml_string(repo)));
    }
    out.push_str("]\n\n");
    out.push_str(&format!(
        "# Team maps. CODEOWNERS files (.github/, root or docs/) are read from every\n# repository automatically, with their history; {} of the work trees above\n# have one (bare repositories are read at collect).\n",
        plan.codeowners_found
    ));
    out.push_str("# A teams file names teams, their members (with optional from/to dates) and\n# paths they own without CODEOWNERS; see the README for its format.\n");
    match &plan.teams_file {
        Some(file) => out.push_str(&format!("teams_file = {}\n", toml_string(file))),
        None => out.push_str("# teams_file = \"teams.toml\"\n"),
    }
    out.push_str("\n# People with several emails or names: an identities file, and an\n# organization-wide .mailmap besides each repository's own.\n");
    match &plan.identities_file {
        Some(file) => out.push_str(&format!("identities_file = {}\n", toml_string(file))),
        None => out.push_str("# identities_file = \"identities.toml\"\n"),
    }
    match &plan.mailmap {
        Some(file) => out.push_str(&format!("mailmap = {}\n", toml_string(file))),
        None => out.push_str("# mailmap = \".mailmap\"\n"),
    }
    out.push_str("\n# Code review: GitHub pull requests and reviews exported with `gh api --paginate`\n# (the README gives the commands), one table per repository.\n# [[code_review]]\n# repository = \"payments-api\"\n# github = \"exports/payments-api\"\n");
    out.push_str("\n# Evidence logs: what no tool sees, written by each engineer, one\n# <handle>.yaml per person (`staffscope log add` appends to it). Always shown\n# as self-reported.\nevidence_log_dir = \"evidence\"\n");
    out.push_str("\n# Calendars: one <handle>.ics per person (an iCalendar export), for meeting\n# time and meetings with other teams.\ncalendar_dir = \"calendars\"\n");
    out.push_str("\n# The rubric assessments use; the built-in one when unset\n# (`staffscope rubric > rubric.toml` writes it out for editing).\n# rubric = \"rubric.toml\"\n");
    out.push_str("\n# The time window measured: the last N months, or fixed dates.\n[window]\nmonths = 12\n# since = \"2025-01-01\"\n# until = \"2026-01-01\"\n");
    out.push_str("\n# Bot accounts: their commits are stored but left out of people's measures.\n# Patterns match names or emails; `*` is the only wildcard.\n[bots]\nextra_patterns = []\n# Accounts that are people whatever the patterns say.\npeople = []\n");
    out.push_str("\n# Mass changes (vendoring, reformatting, generated code) are marked, not\n# counted as anyone's coding.\n[mass_changes]\nmax_files = 150\nmax_lines = 8000\nextra_generated = []\n");
    out.push_str(&format!("\n# Documents (RFCs, ADRs, design docs, post-incident reviews) are read in\n# every repository under folders with the usual names (docs, rfcs, adr,\n# decisions, design, postmortems, incidents, proposals, enhancements, keps,\n# peps, strategy); {} of the work trees above have one at the top. Add other\n# folder names in `extra_folders` (those below hold numbered documents).\n# Folders of documents outside the repositories go in `paths` (read whole on\n# every report; their documents must name their authors, as there is no\n# history to infer them from). Paths matching a pattern in `skip` are not\n# read; `staffscope documents --check` lists what was read and skipped.\n[documents]\nextra_folders = [{}]\nskip = []\npaths = [\n", plan.repositories_with_documents, plan.extra_folders.iter().map(|f| format!("{f:?}")).collect::<Vec<_>>().join(", ")));
    for path in &plan.document_paths {
        out.push_str(&format!("    {},\n", toml_string(path)));
    }
    out.push_str("]\n");
    out
}

fn toml_string(value: &str) -> String {
    toml::Value::String(value.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_defaults() {
        let config = Config::parse(
            "staffscope.toml",
            "repositories = [\"a\"]\n[window]\nsince = \"2025-01-01\"\nuntil = \"2026-01-01\"\n[bots]\nextra_patterns = [\"robot*\"]\npeople = [\"robot.rob@acme.example\"]\n",
            Path::new("/org"),
            0,
        )
        .unwrap();
        assert_eq!(
            config.store,
            StoreLocation::Sqlite(PathBuf::from("/org/.staffscope/store.sqlite"))
        );
        assert!(config.bots.is_bot("Robot Rob"));
        assert!(config.bots.is_bot("dependabot[bot]"));
        assert!(
            config
                .bots
                .is_bot_account(&["Robot Bob", "bob@acme.example"])
        );
        assert!(
            !config
                .bots
                .is_bot_account(&["Robot Rob", "robot.rob@acme.example"])
        );
        let window = config.window.resolve(0);
        assert_eq!(window.until - window.since, 365 * 86_400);
    }

    #[test]
    fn document_folders_extend_or_replace_the_defaults() {
        let parse = |text: &str| {
            Config::parse("staffscope.toml", text, Path::new("/o"), 0)
                .unwrap()
                .document_folders
        };
        let extended = parse("[documents]\nextra_folders = [\"text\"]\n");
        assert!(extended.contains(&"text".to_string()) && extended.contains(&"rfcs".to_string()));
        assert_eq!(
            parse("[documents]\nfolders = [\"specs\"]\n"),
            vec!["specs".to_string()]
        );
        assert!(model::paths::is_document_path_in(
            "text/0001-x.md",
            &extended
        ));
        assert!(!model::paths::is_document_path("text/0001-x.md"));
    }

    #[test]
    fn months_window_is_relative_to_now_in_whole_days() {
        let morning = parse_date("2026-11-26").unwrap();
        let window = WindowSpec::Months(12).resolve(morning);
        assert_eq!(window.since, parse_date("2025-11-27").unwrap());
        assert_eq!(window.until, parse_date("2026-11-27").unwrap());
        assert!(window.contains(morning));
        let evening = morning + 86_399;
        assert_eq!(WindowSpec::Months(12).resolve(evening), window);
        assert!(window.contains(evening));
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let error = Config::parse(
            "staffscope.toml",
            "repositories = [\"a\"]\nteams = \"x\"\n",
            Path::new("."),
            0,
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("staffscope.toml:2: unknown field `teams`"),
            "{error}"
        );
        let error = Config::parse(
            "staffscope.toml",
            "[window]\nmonths = 3\nsince = \"2025-01-01\"\n",
            Path::new("."),
            0,
        )
        .unwrap_err();
        assert!(error.to_string().contains("either `months = N`"));
    }

    #[test]
    fn init_output_parses_back() {
        let plan = InitPlan {
            repositories: vec!["a".into(), "mirrors/b \"quoted\".git".into()],
            teams_file: Some("teams.toml".into()),
            identities_file: None,
            mailmap: None,
            codeowners_found: 1,
            document_paths: vec!["wiki/design".into()],
            repositories_with_documents: 1,
            extra_folders: vec!["text".into()],
        };
        let text = render_init(&plan);
        let config = Config::parse("staffscope.toml", &text, Path::new("/o"), 0).unwrap();
        assert_eq!(config.repositories, plan.repositories);
        assert!(config.document_folders.contains(&"text".to_string()));
        assert_eq!(config.document_paths, vec![PathBuf::from("/o/wiki/design")]);
        assert_eq!(config.teams_file, Some(PathBuf::from("/o/teams.toml")));
        assert_eq!(config.window, WindowSpec::Months(12));
    }

    #[test]
    fn clashing_names_use_relative_paths() {
        let sources = name_repositories(
            Path::new("/o"),
            vec![
                PathBuf::from("/o/a/api"),
                PathBuf::from("/o/b/api.git"),
                PathBuf::from("/o/web/.git"),
            ],
        );
        let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, vec!["a/api", "b/api", "web"]);
    }
}
