//! A GitHub organization's teams as `gh api --paginate` exports them: the
//! teams (`orgs/ORG/teams`, with `parent`), each team's members
//! (`orgs/ORG/teams/SLUG/members`) and repositories
//! (`orgs/ORG/teams/SLUG/repos`, with the team's permission). A team is
//! named by its slug, as CODEOWNERS writes it (`@org/slug`); members are
//! GitHub logins; a repository belongs to the one team alone at its
//! highest permission. Pages that `--paginate` writes back to back
//! (`[...][...]`) are read as one list. Parsing only.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::files::{MemberSpec, TeamMapParts, TeamSpec, sole_owner};
use model::{Diagnostic, LineIndex};

#[derive(Deserialize)]
struct RawTeam {
    slug: String,
    #[serde(default)]
    parent: Option<RawParent>,
}

#[derive(Deserialize)]
struct RawParent {
    slug: String,
}

#[derive(Deserialize)]
struct RawMember {
    login: String,
}

#[derive(Deserialize)]
struct RawRepository {
    name: String,
    #[serde(default)]
    role_name: Option<String>,
    #[serde(default)]
    permissions: BTreeMap<String, bool>,
}

impl RawRepository {
    /// The team's permission: `role_name` where the export has it, else
    /// the highest of the `permissions` flags.
    fn permission(&self) -> &str {
        if let Some(role) = &self.role_name {
            return role;
        }
        ["admin", "maintain", "push", "triage", "pull"]
            .into_iter()
            .find(|p| self.permissions.get(*p).copied().unwrap_or(false))
            .unwrap_or("pull")
    }
}

/// One exported file: its name, as diagnostics show it, and content.
pub type ExportFile<'a> = (&'a str, &'a str);

/// Reads the teams file and, per team slug, its members and repositories
/// files. `repositories` are the collected repositories' names.
pub fn parse_github_teams(
    teams: ExportFile<'_>,
    members: &[(&str, ExportFile<'_>)],
    repos: &[(&str, ExportFile<'_>)],
    repositories: &[String],
) -> TeamMapParts {
    let mut out = TeamMapParts::default();
    for team in pages::<RawTeam>(teams, &mut out.problems) {
        out.teams.teams.push(TeamSpec {
            name: team.slug,
            codeowners: Vec::new(),
            members: Vec::new(),
            owns: BTreeMap::new(),
            parent: team.parent.map(|p| p.slug),
            line: 1,
        });
    }
    for (slug, file) in members {
        let logins = pages::<RawMember>(*file, &mut out.problems);
        let Some(spec) = out.teams.teams.iter_mut().find(|t| t.name == *slug) else {
            continue;
        };
        for member in logins {
            spec.members.push(MemberSpec {
                who: member.login,
                from: None,
                until: None,
                primary: false,
                line: 1,
            });
        }
    }
    let mut access: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (slug, file) in repos {
        for repository in pages::<RawRepository>(*file, &mut out.problems) {
            let permission = repository.permission().to_string();
            access
                .entry(repository.name)
                .or_default()
                .push((slug.to_string(), permission));
        }
    }
    for (repository, teams) in access {
        if !repositories.contains(&repository) {
            continue;
        }
        let owner = sole_owner(teams.iter().map(|(t, p)| (t.as_str(), p.as_str())));
        if let Some(spec) = owner.and_then(|o| out.teams.teams.iter_mut().find(|t| t.name == o)) {
            spec.owns.insert(repository, vec!["*".into()]);
        }
    }
    out
}

/// Every entry of the arrays in `content`, written back to back as
/// `--paginate` does. What cannot be read is a problem naming its line;
/// the entries before it are kept.
fn pages<T: serde::de::DeserializeOwned>(
    (file, content): ExportFile<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<T> {
    let mut entries = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(content).into_iter::<Vec<T>>();
    loop {
        match stream.next() {
            None => break,
            Some(Ok(page)) => entries.extend(page),
            Some(Err(error)) => {
                let line = if error.line() > 0 {
                    error.line()
                } else {
                    LineIndex::new(content).line(stream.byte_offset())
                };
                let message = error.to_string();
                let message = message.split(" at line ").next().unwrap_or(&message);
                problems.push(Diagnostic::at(
                    file,
                    line,
                    format!("not a `gh api --paginate` export of GitHub teams: {message}"),
                ));
                break;
            }
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEAMS: &str = r#"[{"name":"Platform","slug":"platform","parent":null},
{"name":"Payments","slug":"payments","parent":{"slug":"commerce"}}]
[{"name":"Commerce","slug":"commerce","parent":null}]"#;

    fn parse(members: &[(&str, &str)], repos: &[(&str, &str)]) -> TeamMapParts {
        let members: Vec<(&str, ExportFile<'_>)> = members
            .iter()
            .map(|(slug, text)| (*slug, ("members.json", *text)))
            .collect();
        let repos: Vec<(&str, ExportFile<'_>)> = repos
            .iter()
            .map(|(slug, text)| (*slug, ("repos.json", *text)))
            .collect();
        parse_github_teams(
            ("teams.json", TEAMS),
            &members,
            &repos,
            &["payments-api".to_string(), "monorepo".to_string()],
        )
    }

    #[test]
    fn teams_members_parents_and_repositories() {
        let parts = parse(
            &[
                ("payments", r#"[{"login":"ana"}][{"login":"leo"}]"#),
                ("platform", "[]"),
            ],
            &[
                (
                    "payments",
                    r#"[{"name":"payments-api","role_name":"maintain"},{"name":"monorepo","permissions":{"push":true,"pull":true}}]"#,
                ),
                (
                    "platform",
                    r#"[{"name":"payments-api","permissions":{"push":true}},{"name":"monorepo","role_name":"write"}]"#,
                ),
            ],
        );
        assert!(parts.problems.is_empty(), "{:?}", parts.problems);
        let shape: Vec<(&str, Option<&str>, Vec<&str>)> = parts
            .teams
            .teams
            .iter()
            .map(|t| {
                (
                    t.name.as_str(),
                    t.parent.as_deref(),
                    t.members.iter().map(|m| m.who.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("platform", None, vec![]),
                ("payments", Some("commerce"), vec!["ana", "leo"]),
                ("commerce", None, vec![]),
            ]
        );
        // Payments maintains its repository; both may write to the monorepo.
        let owns: Vec<(&str, Vec<&String>)> = parts
            .teams
            .teams
            .iter()
            .map(|t| (t.name.as_str(), t.owns.keys().collect()))
            .collect();
        assert_eq!(owns[1], ("payments", vec![&"payments-api".to_string()]));
        assert!(owns[0].1.is_empty() && owns[2].1.is_empty());
    }

    #[test]
    fn a_broken_page_is_named_and_what_came_before_is_kept() {
        let parts = parse(&[("payments", "[{\"login\":\"ana\"}]\n[{\"login\":")], &[]);
        assert_eq!(parts.teams.teams[1].members.len(), 1);
        let problem = parts.problems[0].to_string();
        assert!(
            problem.starts_with("members.json:2: not a `gh api --paginate` export of GitHub teams"),
            "{problem}"
        );
    }
}
