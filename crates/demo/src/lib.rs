//! The built-in demo organization: real, bare git repositories with two years
//! of deterministic history, plus the team roster and the staffscope
//! configuration that point at them.
//!
//! The history is synthetic but shaped like a real company: six teams, forty
//! engineers, pull-request merges, review trailers, bots, a mailmap, an
//! ownership change, a mass reformat and a vendoring commit. Some behaviours
//! are planted on purpose so that an assessment has something to find: a
//! staff-mode engineer (`priya`) who reviews far more than she commits and
//! works across team boundaries, and a senior-mode engineer (`marcus`) who
//! writes a lot of code inside his own team's area and hardly ever reviews.
//!
//! Four repositories also get a GitHub code-review export in
//! `exports/<repo>/`, shaped exactly like the output of `gh api --paginate`:
//! one pull request per `Merge pull request #N` commit (with that commit's
//! id), a few open ones, and their reviews, review comments and review
//! requests. There Priya is asked for reviews by authors from four other
//! teams and answers most of them with inline comments, while Marcus is
//! asked at most three times, inside payments, and leaves at most two bare
//! approvals.
//!
//! The histories also hold design documents, each written by one commit at a
//! fixed date (see `DOCUMENTS` and `CITATIONS`): Priya's RFC-0001 in
//! platform-infra, a unified retry policy that engineers of payments,
//! checkout, search and identity adopt in their own code between March and
//! July 2025 with commits citing it; a Nygard ADR in payments-api by an
//! ordinary payments engineer, who later edits it once; a MADR decision by
//! Priya in shared-libs with deciders from two other teams; Priya's
//! post-incident review INC-2025-014 in checkout-web, whose remediation owners
//! then land the fixes; and a draft design in search-indexer that a teammate
//! of its author implements. Marcus writes no document: he never touches a
//! Markdown file.
//!
//! Every random choice comes from a small SplitMix64 generator seeded from
//! [`DemoOptions::seed`] and every date is explicit, so the same seed always
//! produces byte-identical commits. History is written by piping an in-memory
//! stream into `git fast-import`, which keeps generation fast.
//!
//! The modules follow the steps of generation: `org` lists the repositories
//! (what they are made of is in `repos`, who works on them in `people`),
//! `plan` decides every event of every history from the seed, `writer`
//! turns one repository's events into a `git fast-import` stream that `git`
//! runs, and `export` plans and writes the code-review exports from a random
//! stream of its own. `patterns` holds the planted truth that `staffscope
//! patterns` is scored against.

mod calendar;
mod code;
mod deps;
mod documents;
mod edits;
mod events;
mod export;
mod folders;
mod furniture;
mod git;
mod messages;
mod org;
mod org_files;
mod patterns;
mod people;
mod plan;
mod repos;
mod rng;
pub mod scaled;
mod words;
mod writer;

use std::path::{Path, PathBuf};

use crate::events::Event;
use crate::export::write_export;
use crate::folders::{create_dir, refuse_existing, write_new};
use crate::git::build_repository;
use crate::org::Org;
use crate::org_files::{render_config, render_teams, write_personal_files};
use crate::plan::plan;

pub use crate::patterns::{
    FoundPattern, PLANTED_PATTERNS, PlantedPattern, Score, Verdict, planted_subjects, score,
    template_phrases,
};

/// Options for [`generate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    /// Seed of the pseudo-random generator; the same seed gives the same commits.
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions { seed: 42 }
    }
}

/// What [`generate`] wrote and who the planted engineers are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOrg {
    /// The folder that was given to [`generate`].
    pub root: PathBuf,
    /// `root/staffscope.toml`.
    pub config: PathBuf,
    /// Repository names, e.g. `payments-api`; each lives at `root/repos/<name>.git`.
    pub repositories: Vec<String>,
    /// Handle of the planted staff-mode engineer.
    pub staff_engineer: String,
    /// Handle of the planted senior-mode coder.
    pub senior_mode_engineer: String,
}

/// Why the demo organization could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The repositories or exports folder holds something already; the demo never overwrites data.
    #[error("{} already exists and is not empty; refusing to overwrite it", .path.display())]
    NotEmpty { path: PathBuf },
    /// A configuration file exists already; the demo never overwrites data.
    #[error("{} already exists; refusing to overwrite it", .path.display())]
    FileExists { path: PathBuf },
    /// A folder could not be created or inspected.
    #[error("cannot create or read folder {}", .path.display())]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A configuration file could not be written.
    #[error("cannot write {}", .path.display())]
    WriteFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Git could not be started (is it installed?).
    #[error("cannot run `{command}` for demo repository {repository}")]
    Spawn {
        repository: String,
        command: String,
        #[source]
        source: std::io::Error,
    },
    /// The history stream could not be fed to `git fast-import`.
    #[error("cannot feed `{command}` for demo repository {repository}")]
    Feed {
        repository: String,
        command: String,
        #[source]
        source: std::io::Error,
    },
    /// Git ran but failed.
    #[error("`{command}` failed for demo repository {repository} ({status}): {stderr}")]
    Git {
        repository: String,
        command: String,
        status: String,
        stderr: String,
    },
}

/// Handle of the planted staff-mode engineer.
const STAFF: &str = "priya";
/// Handle of the planted senior-mode coder.
const SENIOR: &str = "marcus";
/// Handle of the engineer who moves from search to data.
const MOVER: &str = "leo";
/// Handle of the engineer who also commits with an old address.
const TWO_EMAILS: &str = "dana";

/// Generates the demo organization into `root`.
///
/// Creates `root` if needed and refuses to touch a non-empty `root/repos` or
/// `root/exports` or existing `teams.toml` / `staffscope.toml`, so user data
/// is never overwritten.
///
/// Besides the repositories, `root/exports/<repo>/` receives a GitHub
/// code-review export (pull requests, reviews, review comments and issue
/// events, as `gh api --paginate` writes them) for each of [`EXPORTED`].
pub fn generate(root: &Path, options: &DemoOptions) -> Result<DemoOrg, DemoError> {
    let repos_dir = root.join("repos");
    let exports_dir = root.join("exports");
    let teams_path = root.join("teams.toml");
    let config_path = root.join("staffscope.toml");
    refuse_existing(&[&repos_dir, &exports_dir], &[&teams_path, &config_path])?;
    create_dir(root)?;
    create_dir(&repos_dir)?;
    for name in EXPORTED {
        create_dir(&exports_dir.join(name))?;
    }

    let org = Org::new();
    let plans = plan(&org, options.seed);
    write_repositories(&org, plans, &repos_dir, &exports_dir, options.seed)?;
    write_new(&teams_path, &render_teams())?;
    write_new(&config_path, &render_config())?;
    write_personal_files(root)?;
    Ok(DemoOrg {
        root: root.to_path_buf(),
        config: config_path,
        repositories: org.repos.iter().map(|r| r.name.to_string()).collect(),
        staff_engineer: STAFF.to_string(),
        senior_mode_engineer: SENIOR.to_string(),
    })
}

/// Writes every repository's history from its plan, and the code-review
/// export of those in [`EXPORTED`].
fn write_repositories(
    org: &Org,
    plans: Vec<Vec<Event>>,
    repos_dir: &Path,
    exports_dir: &Path,
    seed: u64,
) -> Result<(), DemoError> {
    // Each repository is independent once planned, so they are written in
    // parallel; the plans are fixed beforehand, so scheduling cannot change
    // the output.
    let results: Vec<Result<(), DemoError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = plans
            .into_iter()
            .enumerate()
            .map(|(index, events)| {
                let name = org.repos[index].name;
                let dir = repos_dir.join(format!("{name}.git"));
                let export = EXPORTED.contains(&name).then(|| exports_dir.join(name));
                scope.spawn(move || {
                    let history = build_repository(org, index, &dir, &events, seed)?;
                    match export {
                        Some(folder) => write_export(org, index, &history, seed, &folder),
                        None => Ok(()),
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    results.into_iter().collect()
}

/// Repositories that get a GitHub code-review export in `root/exports/<name>/`.
pub const EXPORTED: [&str; 4] = [
    "payments-api",
    "checkout-web",
    "search-indexer",
    "identity-service",
];

#[cfg(test)]
mod tests;
