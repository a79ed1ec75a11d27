//! The pipeline end to end, for the binary: configuration and hand-written
//! files in, then collect -> resolve -> measure, ready to assess and report.
//! This is the edge where files are read; the stages it calls are pure or own
//! their one kind of I/O (git, SQL).

use std::path::{Path, PathBuf};

use analysis::assess::{DEFAULT_RUBRIC, Rubric, parse_rubric};
use analysis::resolve::files::parse_identities_file;
use analysis::resolve::{Inputs, Org, resolve};
use collect::{CollectOptions, Progress, RepoOutcome, RepoStatus};
use model::Diagnostic;
use report::pseudonym::Pseudonyms;
use store::{ForgetReport, Identities, Store, StoreError};

pub use fingerprint::{Fingerprint, fingerprint};
pub use report::Analysis;

use crate::config::Config;
use crate::team_map::{TeamMap, read_team_map, unknown_levels};

pub mod config;
mod fingerprint;
mod team_map;

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("{path}: {message}")]
    Read { path: PathBuf, message: String },
    #[error(
        "{path}: no configuration here\nhint: run `staffscope init` in the folder that holds your repositories, or pass --config"
    )]
    NoConfig { path: PathBuf },
    #[error(transparent)]
    File(#[from] Diagnostic),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Lookup(#[from] report::LookupError),
    #[error(
        "the configuration lists no repositories\nhint: add paths or globs to `repositories` in staffscope.toml"
    )]
    NoRepositories,
}

/// Every file in `root` and its folders, hidden ones (`.git`) left out,
/// sorted; a folder that cannot be read is handed to `unreadable`.
fn files_under(root: &Path, mut unreadable: impl FnMut(&Path)) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            unreadable(&folder);
            continue;
        };
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn read(path: &Path) -> Result<String, PipelineError> {
    std::fs::read_to_string(path).map_err(|error| PipelineError::Read {
        path: path.to_path_buf(),
        message: error.to_string(),
    })
}

/// A file's name as errors show it: relative to the configuration's folder when inside it.
fn shown(config: &Config, path: &Path) -> String {
    path.strip_prefix(&config.root)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

pub fn load_config(path: &Path, now: i64) -> Result<Config, PipelineError> {
    if !path.exists() {
        return Err(PipelineError::NoConfig {
            path: path.to_path_buf(),
        });
    }
    let content = read(path)?;
    let root = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    let name = path.file_name().map_or_else(
        || config::FILE_NAME.to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(Config::parse(&name, &content, &root, now)?)
}

/// The configured rubric, or the built-in one; also says which, for reports.
pub fn load_rubric(config: &Config) -> Result<(Rubric, String), PipelineError> {
    match &config.rubric {
        Some(path) => {
            let content = read(path)?;
            let rubric = parse_rubric(&shown(config, path), &content)?;
            Ok((rubric, format!("file {}", shown(config, path))))
        }
        None => Ok((
            parse_rubric("built-in rubric", DEFAULT_RUBRIC)?,
            "built in; `staffscope rubric` prints it".to_string(),
        )),
    }
}

/// How reading one code-review export went.
#[derive(Debug)]
pub struct ExportOutcome {
    pub repository: String,
    pub pulls: usize,
    pub reviews: usize,
    pub requests: usize,
    pub problems: Vec<Diagnostic>,
    /// The export could not be read whole (broken off, empty, missing).
    pub incomplete: bool,
    /// ... and the store kept what it held from the last complete read.
    pub kept_previous: bool,
}

/// Collects the repositories, then the code-review exports.
pub fn collect(
    config: &Config,
    options: &CollectOptions,
    progress: &dyn Progress,
    now: i64,
) -> Result<(Vec<RepoOutcome>, Vec<ExportOutcome>), PipelineError> {
    let config::RepositorySources { sources, unmatched } = config.repository_sources()?;
    if sources.is_empty() {
        return Err(PipelineError::NoRepositories);
    }
    let mut store = Store::open(&config.store, true)?;
    let mut outcomes = collect::collect(&mut store, &sources, options, progress, now)?;
    for pattern in unmatched {
        let outcome = RepoOutcome {
            name: pattern,
            status: RepoStatus::Failed(
                "matches no repository\nhint: check the pattern in `repositories`, or remove it"
                    .to_string(),
            ),
        };
        progress.finished(&outcome);
        outcomes.push(outcome);
    }
    let mut exports = Vec::new();
    for source in &config.code_review {
        let mut outcome = ExportOutcome {
            repository: source.repository.clone(),
            pulls: 0,
            reviews: 0,
            requests: 0,
            problems: Vec::new(),
            incomplete: false,
            kept_previous: false,
        };
        let Some(cursor) = store.cursor(&source.repository)? else {
            outcome.problems.push(Diagnostic::in_file(
                config::FILE_NAME,
                format!(
                    "[[code_review]] names repository `{}`, which is not among the collected repositories",
                    source.repository
                ),
            ));
            exports.push(outcome);
            continue;
        };
        let mut export = model::ReviewExport::default();
        let mut problems = Vec::new();
        let mut complete = true;
        if let Some(path) = &source.github {
            let (github, github_problems, whole) =
                collect::github::read_export(&source.repository, path);
            export = github;
            problems.extend(github_problems);
            complete &= whole;
        }
        if let Some(path) = &source.gerrit {
            match std::fs::read_to_string(path) {
                Ok(content) => {
                    let (gerrit, gerrit_problems, whole) = collect::gerrit::parse(
                        &source.repository,
                        &path.to_string_lossy(),
                        &content,
                    );
                    export.pulls.extend(gerrit.pulls);
                    export.reviews.extend(gerrit.reviews);
                    export.requests.extend(gerrit.requests);
                    problems.extend(gerrit_problems);
                    complete &= whole;
                }
                Err(error) => {
                    complete = false;
                    problems.push(Diagnostic::in_file(
                        &path.to_string_lossy(),
                        format!("cannot read: {error}"),
                    ));
                }
            }
        }
        outcome.problems = problems
            .into_iter()
            .map(|mut problem| {
                problem.file = shown(config, Path::new(&problem.file));
                problem
            })
            .collect();
        // A broken, empty or missing export never replaces what the store
        // holds from the last complete read; with nothing stored yet, what
        // could be read is better than nothing. Either way the run fails.
        outcome.incomplete = !complete;
        if !complete && store.stored_pulls(cursor.repo_id)? > 0 {
            outcome.kept_previous = true;
            exports.push(outcome);
            continue;
        }
        store.replace_review_export(cursor.repo_id, &export)?;
        outcome.pulls = export.pulls.len();
        outcome.reviews = export.reviews.len();
        outcome.requests = export.requests.len();
        exports.push(outcome);
    }
    Ok((outcomes, exports))
}

pub fn analyze(config: &Config, now: i64) -> Result<Analysis, PipelineError> {
    let window = config.window.resolve(now);
    let scope = store::Scope {
        window: Some(window),
        files: true,
        document_folders: config.document_folders.clone(),
    };
    let (org, rubric, rubric_origin, pseudonyms) = resolve_window(config, scope)?;
    let family_rubrics = load_family_rubrics(config)?;
    let mut analysis = Analysis::new(org, window, (rubric, rubric_origin), pseudonyms);
    analysis.family_rubrics = family_rubrics;
    // A rubric asking for sustained performance reads every quarter, in
    // every command, so that all of them judge alike.
    let persists = |r: &Rubric| r.dimensions.iter().any(|d| d.persist.is_some());
    if persists(&analysis.rubric) || analysis.family_rubrics.iter().any(|(_, r)| persists(r)) {
        analysis.measure_quarters();
    }
    Ok(analysis)
}

/// The rubrics `[rubrics]` names by job family, family names lowercased.
pub fn load_family_rubrics(config: &Config) -> Result<Vec<(String, Rubric)>, PipelineError> {
    let mut rubrics = Vec::new();
    for (family, path) in &config.rubrics {
        let rubric = parse_rubric(&shown(config, path), &read(path)?)?;
        rubrics.push((family.to_lowercase(), rubric));
    }
    Ok(rubrics)
}

/// Everything collected, resolved, whatever the window: for managing
/// identities. Commits come without their file changes, which who is who
/// never reads, so this costs no more than a report on one window.
pub fn resolve_everything(config: &Config) -> Result<Org, PipelineError> {
    let scope = store::Scope::default();
    Ok(resolve_window(config, scope)?.0)
}

fn resolve_window(
    config: &Config,
    scope: store::Scope,
) -> Result<(Org, Rubric, String, Pseudonyms), PipelineError> {
    let window = scope.window;
    let mut store = Store::open(&config.store, false)?;
    let pseudonyms = Pseudonyms::new(&store.pseudonym_key()?);
    let (rubric, rubric_origin) = load_rubric(config)?;

    let mut identities = match &config.identities_file {
        Some(path) => Some(parse_identities_file(&shown(config, path), &read(path)?)?),
        None => None,
    };
    let mailmap = match &config.mailmap {
        Some(path) => Some((shown(config, path), read(path)?)),
        None => None,
    };
    let citations = scope.files;
    let mut snapshot = store.snapshot_of(scope)?;
    let TeamMap {
        teams,
        identities: team_people,
        problems: team_problems,
    } = read_team_map(config, &snapshot.repos)?;
    // The identities file, where there is one, speaks first.
    if let Some(people) = team_people {
        let mut merged = identities.take().unwrap_or_default();
        for person in people.people {
            if !merged
                .people
                .iter()
                .any(|q| q.handle.eq_ignore_ascii_case(&person.handle))
            {
                merged.people.push(person);
            }
        }
        identities = Some(merged);
    }
    let (evidence_logs, mut log_problems) = read_evidence_logs(config);
    log_problems.extend(team_problems);
    let document_folders = read_document_folders(
        config,
        &snapshot.repos,
        &mut snapshot.repo_files,
        &mut log_problems,
    );
    let calendars = read_calendars(config, window, &mut log_problems);
    let teams_file_name = config
        .teams_file
        .as_ref()
        .map(|p| shown(config, p))
        .unwrap_or_default();
    let org = resolve(Inputs {
        commits: snapshot
            .commits
            .into_iter()
            .map(|c| (c.repo.clone(), c))
            .collect(),
        history: snapshot.history,
        repo_files: &snapshot.repo_files,
        reviews: &snapshot.reviews,
        repos: snapshot.repos,
        teams: teams.as_ref(),
        teams_file_name: &teams_file_name,
        identities: identities.as_ref(),
        mailmap: mailmap
            .as_ref()
            .map(|(name, content)| (name.as_str(), content.as_str())),
        bots: &config.bots,
        mass_changes: &config.mass_changes,
        evidence_logs: &evidence_logs,
        calendars: &calendars,
        document_folders,
        document_skip: &config.document_skip,
        forgotten: &|text| store.is_forgotten(text),
        citations,
    });
    let mut org = org;
    org.diagnostics.extend(log_problems);
    if let Some(problem) = unknown_levels(&org, &rubric, &teams_file_name) {
        org.diagnostics.push(problem);
    }
    Ok((org, rubric, rubric_origin, pseudonyms))
}

/// Every `<person>.ics` in the calendar folder, meetings limited to the window
/// (all time when there is none); problems are warnings.
fn read_calendars(
    config: &Config,
    window: Option<model::Window>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, String, Vec<analysis::resolve::calendar::Meeting>)> {
    let window = window.unwrap_or(model::Window {
        since: i64::MIN / 2,
        until: i64::MAX / 2,
    });
    let Ok(entries) = std::fs::read_dir(&config.calendar_dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ics")))
        .collect();
    paths.sort();
    let mut calendars = Vec::new();
    for path in paths {
        let name = shown(config, &path);
        let whose = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match std::fs::read_to_string(&path) {
            Ok(content) => {
                let (meetings, calendar_problems) =
                    analysis::resolve::calendar::parse(&name, &content, window);
                problems.extend(calendar_problems);
                calendars.push((name, whose, meetings));
            }
            Err(error) => {
                problems.push(Diagnostic::in_file(&name, format!("cannot read: {error}")))
            }
        }
    }
    calendars
}

/// Documents in the plain folders `[documents] paths` names, as files at HEAD
/// of a "repository" named for the folder; returns those names. Problems are
/// warnings: a missing folder, an unreadable or oversized file.
fn read_document_folders(
    config: &Config,
    repos: &[String],
    files: &mut Vec<model::RepoFile>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut names = Vec::new();
    for folder in &config.document_paths {
        let name = shown(config, folder).replace('\\', "/");
        if repos.contains(&name) || names.contains(&name) {
            problems.push(Diagnostic::in_file(
                &name,
                "a collected repository has this name too; the folder is not read\nhint: name the folder by another path in [documents] paths",
            ));
            continue;
        }
        if !folder.is_dir() {
            problems.push(Diagnostic::in_file(
                &name,
                "not a folder; [documents] paths in staffscope.toml names it",
            ));
            continue;
        }
        let unreadable = |dir: &Path| {
            problems.push(Diagnostic::in_file(
                &shown(config, dir),
                "cannot read this folder",
            ))
        };
        let found = files_under(folder, unreadable)
            .into_iter()
            .filter_map(|path| {
                let relative = path.strip_prefix(folder).ok()?;
                let relative = relative.to_string_lossy().replace('\\', "/");
                // Every folder named here is a document folder, whatever its name.
                model::paths::is_document_path(&format!("docs/{relative}"))
                    .then(|| (path.clone(), relative))
            });
        for (path, relative) in found {
            let metadata = std::fs::metadata(&path).ok();
            let time = metadata
                .as_ref()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_secs() as i64);
            let content = if metadata.is_some_and(|m| m.len() > collect::git::MAX_HEAD_FILE_BYTES) {
                None
            } else {
                match std::fs::read(&path) {
                    Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
                    Err(error) => {
                        problems.push(Diagnostic::in_file(
                            &shown(config, &path),
                            format!("cannot read: {error}"),
                        ));
                        continue;
                    }
                }
            };
            files.push(model::RepoFile {
                repo: name.clone(),
                path: relative,
                commit: None,
                time,
                content,
            });
        }
        names.push(name);
    }
    names
}

/// Every `*.yaml` in the evidence-log folder; problems are warnings, never fatal.
fn read_evidence_logs(
    config: &Config,
) -> (
    Vec<(String, analysis::resolve::evidence_log::EvidenceLog)>,
    Vec<Diagnostic>,
) {
    let mut logs = Vec::new();
    let mut problems = Vec::new();
    let Ok(entries) = std::fs::read_dir(&config.evidence_log_dir) else {
        return (logs, problems);
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "md")
        })
        .collect();
    paths.sort();
    for path in paths {
        let name = shown(config, &path);
        match std::fs::read_to_string(&path) {
            Ok(content) => match analysis::resolve::evidence_log::parse(&name, &content) {
                Ok((log, entry_problems)) => {
                    problems.extend(entry_problems);
                    logs.push((name, log));
                }
                Err(problem) => problems.push(problem),
            },
            Err(error) => {
                problems.push(Diagnostic::in_file(&name, format!("cannot read: {error}")))
            }
        }
    }
    (logs, problems)
}

/// What `forget` did: whom (to confirm), what it removed, and the user's
/// own files that still name the person (staffscope does not edit them).
pub struct Forgetting {
    pub name: String,
    pub handle: String,
    pub report: ForgetReport,
    pub files_naming: Vec<String>,
}

/// Forgets a person, found as `report` finds one, whatever the window: their
/// emails, names and logins leave the store, now and on every later collect.
pub fn forget(config: &Config, query: &str) -> Result<Forgetting, PipelineError> {
    let org = resolve_everything(config)?;
    let id = report::one_person(&org, query)?;
    let person = org.people.get(id);
    let mut logins = org.people.logins_of(id);
    // Exports name people by login, and resolution matches a login that is
    // someone's handle to them; forget it too unless it is someone else's.
    if org
        .people
        .by_login(&person.handle)
        .is_none_or(|owner| owner == id)
    {
        logins.push(person.handle.clone());
    }
    let mut names: Vec<String> = person.names.iter().cloned().collect();
    names.push(person.name.clone());
    let identities = Identities {
        emails: person.emails().map(str::to_string).collect(),
        names,
        logins,
    };
    let mut store = Store::open(&config.store, false)?;
    store.check_integrity()?;
    let report = store.forget(&identities)?;
    Ok(Forgetting {
        name: person.name.clone(),
        handle: person.handle.clone(),
        report,
        files_naming: files_naming(config, &identities, &person.handle),
    })
}

/// The hand-written files that still name someone: the team maps (each
/// file of a team repository), the identities file, their evidence log and
/// calendar.
fn files_naming(config: &Config, identities: &Identities, handle: &str) -> Vec<String> {
    let mut found = Vec::new();
    let needles: Vec<String> = identities
        .emails
        .iter()
        .chain(&identities.names)
        .map(|n| n.to_lowercase())
        .filter(|n| !n.trim().is_empty())
        .collect();
    let mut files: Vec<PathBuf> = Vec::new();
    for path in [&config.teams_file, &config.identities_file, &config.mailmap]
        .into_iter()
        .flatten()
    {
        files.extend(team_map::files_of(path));
    }
    for path in &files {
        if let Ok(text) = std::fs::read_to_string(path) {
            let text = text.to_lowercase();
            let names_handle = text
                .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '.'))
                .any(|word| word == handle.to_lowercase());
            if names_handle || needles.iter().any(|n| text.contains(n.as_str())) {
                found.push(shown(config, path));
            }
        }
    }
    for (dir, extensions) in [
        (&config.evidence_log_dir, &["yaml", "yml", "md"][..]),
        (&config.calendar_dir, &["ics"][..]),
    ] {
        for extension in extensions {
            let path = dir.join(format!("{handle}.{extension}"));
            if path.exists() {
                found.push(shown(config, &path));
            }
        }
    }
    found
}
