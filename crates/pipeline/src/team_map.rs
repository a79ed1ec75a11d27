//! The team map the configuration names, in whichever form the
//! organization keeps it: a `teams.toml`, a CSV of people (an HR export),
//! Kubernetes' `sigs.yaml`, a Backstage catalog (a YAML file or a folder of
//! them), a GitHub teams export, or the Rust project's team repository.
//! Reading files only; the formats are parsed in `analysis::resolve`.

use std::path::{Path, PathBuf};

use analysis::assess::Rubric;
use analysis::resolve::Org;
use analysis::resolve::files::{TeamMapParts, parse_teams_file};
use model::Diagnostic;

use crate::config::Config;
use crate::{PipelineError, read, shown};

/// What the configuration's team map says: teams, and for a team
/// repository the identities of its people, with what could not be read.
#[derive(Default)]
pub(crate) struct TeamMap {
    pub(crate) teams: Option<analysis::resolve::TeamsFile>,
    pub(crate) identities: Option<analysis::resolve::files::IdentitiesFile>,
    pub(crate) problems: Vec<Diagnostic>,
}

/// The team map the configuration names, read by its form: a folder is a
/// team repository (with `teams/` and `people/`), a GitHub teams export
/// (with `teams.json`) or a Backstage catalog; a file is a CSV of people,
/// a `sigs.yaml`, a Backstage catalog (YAML naming `backstage.io`) or a
/// `teams.toml`. `repositories` are the collected ones, the only ones a
/// team can own here.
pub(crate) fn read_team_map(
    config: &Config,
    repositories: &[String],
) -> Result<TeamMap, PipelineError> {
    use analysis::resolve::{backstage, people_csv, sigs_yaml};
    let Some(path) = &config.teams_file else {
        return Ok(TeamMap::default());
    };
    let name = shown(config, path);
    if is_team_repository(path) {
        return read_rust_team(path, &name, repositories);
    }
    if path.is_dir() {
        let parts = if path.join(GITHUB_TEAMS).is_file() {
            read_github_teams(path, &name, repositories)?
        } else {
            read_catalog_folder(config, path, &name, repositories)?
        };
        return Ok(TeamMap::from(parts));
    }
    let content = read(path)?;
    if people_csv::is_people_csv(&name) {
        let (teams, identities) = people_csv::parse_people_csv(&name, &content)?;
        return Ok(TeamMap {
            teams: Some(teams),
            identities: Some(identities),
            ..TeamMap::default()
        });
    }
    let teams = if sigs_yaml::is_sigs_yaml(&name) {
        sigs_yaml::parse_sigs_yaml(&name, &content, repositories)?
    } else if is_yaml(path) && backstage::is_catalog(&content) {
        let parts = backstage::parse_catalog(&[(&name, &content)], repositories);
        return Ok(TeamMap::from(parts));
    } else {
        parse_teams_file(&name, &content)?
    };
    Ok(TeamMap {
        teams: Some(teams),
        ..TeamMap::default()
    })
}

impl From<TeamMapParts> for TeamMap {
    fn from(parts: TeamMapParts) -> TeamMap {
        TeamMap {
            teams: Some(parts.teams),
            identities: Some(parts.identities),
            problems: parts.problems,
        }
    }
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// The file of a GitHub teams export that lists the teams.
const GITHUB_TEAMS: &str = "teams.json";

/// A folder written by the commands the README gives: `teams.json`, and
/// per team slug `members-<slug>.json` and `repos-<slug>.json`.
fn read_github_teams(
    path: &Path,
    name: &str,
    repositories: &[String],
) -> Result<TeamMapParts, PipelineError> {
    let teams = read(&path.join(GITHUB_TEAMS))?;
    let mut members: Vec<(String, String, String)> = Vec::new();
    let mut repos: Vec<(String, String, String)> = Vec::new();
    for file in files_in(path, "json")? {
        let file_name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let stem = file_name.trim_end_matches(".json");
        let shown = format!("{name}/{file_name}");
        if let Some(slug) = stem.strip_prefix("members-") {
            members.push((slug.to_string(), shown, read(&file)?));
        } else if let Some(slug) = stem.strip_prefix("repos-") {
            repos.push((slug.to_string(), shown, read(&file)?));
        }
    }
    let teams_name = format!("{name}/{GITHUB_TEAMS}");
    Ok(analysis::resolve::github_teams::parse_github_teams(
        (&teams_name, &teams),
        &by_slug(&members),
        &by_slug(&repos),
        repositories,
    ))
}

/// `(slug, shown name, content)` as the parser takes them.
fn by_slug(files: &[(String, String, String)]) -> Vec<(&str, (&str, &str))> {
    files
        .iter()
        .map(|(slug, shown, text)| (slug.as_str(), (shown.as_str(), text.as_str())))
        .collect()
}

/// Every YAML file under `path` that is part of a Backstage catalog.
fn read_catalog_folder(
    config: &Config,
    path: &Path,
    name: &str,
    repositories: &[String],
) -> Result<TeamMapParts, PipelineError> {
    let mut files: Vec<(String, String)> = Vec::new();
    for file in yaml_files_under(path) {
        let content = read(&file)?;
        if analysis::resolve::backstage::is_catalog(&content) {
            files.push((shown(config, &file), content));
        }
    }
    if files.is_empty() {
        return Err(PipelineError::Read {
            path: path.to_path_buf(),
            message: format!(
                "`{name}` is a folder, but neither a team repository (with `teams/` and `people/`), a GitHub teams export (with `{GITHUB_TEAMS}`) nor a Backstage catalog (YAML files with `apiVersion: backstage.io/...`)"
            ),
        });
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    Ok(analysis::resolve::backstage::parse_catalog(
        &refs,
        repositories,
    ))
}

/// The YAML files in `path` and its folders (not hidden ones), sorted.
fn yaml_files_under(path: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![path.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let entry_path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if hidden {
                continue;
            }
            if entry_path.is_dir() {
                folders.push(entry_path);
            } else if is_yaml(&entry_path) {
                found.push(entry_path);
            }
        }
    }
    found.sort();
    found
}

/// Every file the team map at `path` is made of, for `forget` to list the
/// ones naming a person.
pub(crate) fn files_of(path: &Path) -> Vec<PathBuf> {
    if is_team_repository(path) {
        return TEAM_REPOSITORY_FOLDERS
            .iter()
            .flat_map(|folder| files_in(&path.join(folder), "toml").unwrap_or_default())
            .collect();
    }
    if path.is_dir() {
        let mut files = files_in(path, "json").unwrap_or_default();
        files.extend(yaml_files_under(path));
        return files;
    }
    vec![path.to_path_buf()]
}

/// The folders of a team repository that name people.
const TEAM_REPOSITORY_FOLDERS: [&str; 2] = ["teams", "people"];

/// Whether `path` is a team repository's folder (with `teams/` and `people/`).
fn is_team_repository(path: &Path) -> bool {
    TEAM_REPOSITORY_FOLDERS
        .iter()
        .all(|folder| path.join(folder).is_dir())
}

/// The files directly in `dir` with this extension, sorted by name.
fn files_in(dir: &Path, extension: &str) -> Result<Vec<PathBuf>, PipelineError> {
    let entries = std::fs::read_dir(dir).map_err(|error| PipelineError::Read {
        path: dir.to_path_buf(),
        message: error.to_string(),
    })?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    Ok(files)
}

/// A team repository's `teams/` and `people/` as they are in the folder,
/// dated by the history of `teams/` when the folder is a git work tree.
fn read_rust_team(
    path: &Path,
    name: &str,
    repositories: &[String],
) -> Result<TeamMap, PipelineError> {
    let toml_files = |folder: &str| -> Result<Vec<(String, String)>, PipelineError> {
        let mut files = Vec::new();
        for file in files_in(&path.join(folder), "toml")? {
            let file_name = file.file_name().unwrap_or_default().to_string_lossy();
            files.push((format!("{folder}/{file_name}"), read(&file)?));
        }
        Ok(files)
    };
    let (teams, people) = (toml_files("teams")?, toml_files("people")?);
    let mut problems = Vec::new();
    let history = match collect::git::GitRepo::open(path) {
        Ok(repo) => repo.folder_history("teams").unwrap_or_else(|error| {
            problems.push(Diagnostic::in_file(
                name,
                format!("its history cannot be read, so memberships are not dated: {error}"),
            ));
            Vec::new()
        }),
        Err(_) => {
            problems.push(Diagnostic::in_file(
                name,
                "not a git work tree, so memberships are not dated and alumni are left out",
            ));
            Vec::new()
        }
    };
    fn text(files: &[(String, String)]) -> Vec<(&str, &str)> {
        files
            .iter()
            .map(|(p, c)| (p.as_str(), c.as_str()))
            .collect()
    }
    let versions: Vec<(model::Timestamp, &str, Option<&str>)> = history
        .iter()
        .map(|v| (v.time, v.path.as_str(), v.content.as_deref()))
        .collect();
    let mut parsed = analysis::resolve::rust_team::parse_rust_team(
        name,
        &text(&teams),
        &text(&people),
        &versions,
    );
    let mut repos = Vec::new();
    if let Ok(orgs) = std::fs::read_dir(path.join("repos")) {
        let mut orgs: Vec<PathBuf> = orgs
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        orgs.sort();
        for org in orgs {
            let org_name = org
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            for file in files_in(&org, "toml")? {
                let file_name = file.file_name().unwrap_or_default().to_string_lossy();
                repos.push((format!("repos/{org_name}/{file_name}"), read(&file)?));
            }
        }
    }
    analysis::resolve::rust_team::add_repository_owners(
        &mut parsed,
        name,
        &text(&repos),
        repositories,
    );
    problems.extend(parsed.problems);
    Ok(TeamMap {
        teams: Some(parsed.teams),
        identities: Some(parsed.identities),
        problems,
    })
}

/// Levels the team map gives that the rubric does not have: those people
/// are held to the rubric's target, which one line says.
pub(crate) fn unknown_levels(org: &Org, rubric: &Rubric, file: &str) -> Option<Diagnostic> {
    let mut unknown: Vec<&str> = org
        .facts
        .values()
        .filter_map(|facts| facts.level.as_deref())
        .filter(|level| rubric.level_named(level).is_none())
        .collect();
    let people = unknown.len();
    unknown.sort_unstable();
    unknown.dedup();
    let (&first, _) = unknown.split_first()?;
    Some(Diagnostic::in_file(
        file,
        format!(
            "{} a level the rubric does not know (`{first}`{}); they are held to the rubric's target `{}`. The rubric's levels are {}",
            if people == 1 {
                "1 person has".to_string()
            } else {
                format!("{people} people have")
            },
            if unknown.len() > 1 {
                format!(" and {} other levels", unknown.len() - 1)
            } else {
                String::new()
            },
            rubric.target,
            rubric.levels.join(", ")
        ),
    ))
}
