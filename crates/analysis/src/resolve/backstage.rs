//! A Backstage software catalog read as a team map: `kind: Group` entities
//! are teams (`spec.parent` and `spec.children` give the hierarchy,
//! `spec.members` the members), `kind: User` entities are people (name,
//! address, GitHub login annotation, `spec.memberOf`), and components,
//! systems, APIs and resources owned by a group give it the repository (or
//! the folder of it) their source annotation names. Entity references are
//! read in every form the catalog allows (`team-a`, `group:team-a`,
//! `group:default/team-a`). Parsing only.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::files::{MemberSpec, PersonSpec, TeamMapParts, TeamSpec, TeamsFile};
use model::{Diagnostic, LineIndex};

#[derive(Deserialize)]
struct RawEntity {
    kind: Option<String>,
    #[serde(default)]
    metadata: RawMetadata,
    #[serde(default)]
    spec: RawSpec,
}

#[derive(Deserialize, Default)]
struct RawMetadata {
    #[serde(default)]
    name: String,
    #[serde(default)]
    annotations: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
struct RawSpec {
    parent: Option<String>,
    #[serde(default)]
    children: Vec<String>,
    #[serde(default)]
    members: Vec<String>,
    #[serde(default, rename = "memberOf")]
    member_of: Vec<String>,
    owner: Option<String>,
    #[serde(default)]
    profile: RawProfile,
}

#[derive(Deserialize, Default)]
struct RawProfile {
    #[serde(rename = "displayName")]
    display_name: Option<String>,
    email: Option<String>,
}

/// Whether a YAML file is a Backstage catalog.
pub fn is_catalog(content: &str) -> bool {
    content.contains("apiVersion: backstage.io/")
}

/// The name an entity reference points at: `group:default/team-a` -> `team-a`.
fn ref_name(reference: &str) -> &str {
    let without_kind = reference.split_once(':').map_or(reference, |(_, r)| r);
    without_kind
        .rsplit_once('/')
        .map_or(without_kind, |(_, name)| name)
        .trim()
}

/// Whether a reference names a user rather than a group.
fn is_user_ref(reference: &str) -> bool {
    reference.to_ascii_lowercase().starts_with("user:")
}

/// Reads every catalog file: `(path, content)`. `repositories` are the
/// collected repositories' names, the only ones a group can own here.
pub fn parse_catalog(files: &[(&str, &str)], repositories: &[String]) -> TeamMapParts {
    let mut catalog = TeamMapParts::default();
    let mut users: Vec<(RawEntity, usize)> = Vec::new();
    let mut groups: Vec<(RawEntity, String, usize)> = Vec::new();
    let mut owned: Vec<(String, String, String)> = Vec::new();
    for (file, content) in files {
        for (entity, line) in documents(file, content, &mut catalog.problems) {
            match entity
                .kind
                .as_deref()
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("group") => groups.push((entity, file.to_string(), line)),
                Some("user") => users.push((entity, line)),
                Some("component" | "system" | "api" | "resource") => {
                    if let Some((owner, repository, folder)) = source_of(&entity, repositories) {
                        owned.push((owner, repository, folder));
                    }
                }
                _ => {}
            }
        }
    }
    for (group, _, line) in &groups {
        catalog.teams.teams.push(TeamSpec {
            name: group.metadata.name.clone(),
            codeowners: Vec::new(),
            members: Vec::new(),
            owns: BTreeMap::new(),
            parent: group
                .spec
                .parent
                .as_deref()
                .map(|p| ref_name(p).to_string()),
            line: *line,
        });
    }
    // A child named by its parent, where it names no parent itself.
    for (group, _, _) in &groups {
        for child in &group.spec.children {
            let child = ref_name(child);
            if let Some(spec) = team_mut(&mut catalog.teams, child)
                && spec.parent.is_none()
            {
                spec.parent = Some(group.metadata.name.clone());
            }
        }
    }
    for (group, _, line) in &groups {
        for member in &group.spec.members {
            add_member(
                &mut catalog.teams,
                &group.metadata.name,
                ref_name(member),
                *line,
            );
        }
    }
    for (user, line) in &users {
        catalog.identities.people.push(person(user, *line));
        for group in &user.spec.member_of {
            add_member(
                &mut catalog.teams,
                ref_name(group),
                &user.metadata.name,
                *line,
            );
        }
    }
    for (owner, repository, folder) in owned {
        if let Some(spec) = team_mut(&mut catalog.teams, &owner) {
            let folders = spec.owns.entry(repository).or_default();
            if !folders.contains(&folder) {
                folders.push(folder);
            }
        }
    }
    catalog
}

/// The YAML documents of one file with the line each starts on; a
/// document that cannot be read is a problem naming its line, and the
/// others are still read.
fn documents(file: &str, content: &str, problems: &mut Vec<Diagnostic>) -> Vec<(RawEntity, usize)> {
    let lines = LineIndex::new(content);
    let mut found = Vec::new();
    let mut start = 0;
    let mut offsets: Vec<usize> = content
        .match_indices("\n---")
        .map(|(at, _)| at + 1)
        .filter(|&at| content[at + 3..].starts_with(['\n', '\r', ' ']) || at + 3 == content.len())
        .collect();
    offsets.push(content.len());
    for end in offsets {
        let text = &content[start..end];
        let first_line = lines.line(start);
        start = end;
        let body = text.strip_prefix("---").unwrap_or(text);
        if body.trim().is_empty() || !body.contains("kind") {
            continue;
        }
        // The entity starts on the line after its `---`.
        let entity_line = first_line + usize::from(body.len() < text.len());
        if let Some(problem) = super::yaml_depth::check(file, body, first_line) {
            problems.push(problem);
            continue;
        }
        match serde_yaml_ng::from_str::<RawEntity>(body) {
            Ok(entity) if !entity.metadata.name.trim().is_empty() => {
                found.push((entity, entity_line))
            }
            Ok(_) => problems.push(Diagnostic::at(
                file,
                entity_line,
                "an entity needs `metadata.name`",
            )),
            Err(error) => {
                let mut problem = super::owners::yaml_error(file, body, &error);
                problem.line = Some(problem.line.unwrap_or(1) + first_line - 1);
                problems.push(problem);
            }
        }
    }
    found
}

fn team_mut<'t>(teams: &'t mut TeamsFile, name: &str) -> Option<&'t mut TeamSpec> {
    teams
        .teams
        .iter_mut()
        .find(|t| t.name.eq_ignore_ascii_case(name))
}

fn add_member(teams: &mut TeamsFile, group: &str, user: &str, line: usize) {
    if let Some(spec) = team_mut(teams, group)
        && !spec
            .members
            .iter()
            .any(|m| m.who.eq_ignore_ascii_case(user))
    {
        spec.members.push(MemberSpec {
            who: user.to_string(),
            from: None,
            until: None,
            primary: false,
            line,
        });
    }
}

/// A user as an identity: their entity name is the handle; the GitHub
/// login annotation links their reviews; the address their commits.
fn person(user: &RawEntity, line: usize) -> PersonSpec {
    let annotations = &user.metadata.annotations;
    PersonSpec {
        handle: user.metadata.name.clone(),
        name: user.spec.profile.display_name.clone(),
        emails: user.spec.profile.email.iter().cloned().collect(),
        names: user.spec.profile.display_name.iter().cloned().collect(),
        github: annotations
            .get("github.com/user-login")
            .or_else(|| annotations.get("gitlab.com/user-login"))
            .cloned(),
        line,
    }
}

/// The group owning an entity, and the collected repository and folder
/// its source annotation names: `(owner, repository, pattern)`.
fn source_of(entity: &RawEntity, repositories: &[String]) -> Option<(String, String, String)> {
    let owner = entity.spec.owner.as_deref().filter(|o| !is_user_ref(o))?;
    let annotations = &entity.metadata.annotations;
    let (repository, folder) =
        if let Some(location) = annotations.get("backstage.io/source-location") {
            repository_folder(location)?
        } else {
            let slug = annotations
                .get("github.com/project-slug")
                .or_else(|| annotations.get("gitlab.com/project-slug"))?;
            (slug.rsplit('/').next()?.to_string(), String::new())
        };
    if !repositories.contains(&repository) {
        return None;
    }
    let pattern = if folder.is_empty() {
        "*".to_string()
    } else {
        format!("/{folder}/")
    };
    Some((ref_name(owner).to_string(), repository, pattern))
}

/// `url:https://github.com/org/repo/tree/main/packages/x/` -> (`repo`, `packages/x`).
fn repository_folder(location: &str) -> Option<(String, String)> {
    let url = location.strip_prefix("url:").unwrap_or(location);
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let mut parts = path.trim_end_matches('/').split('/');
    let (_host, _org, repository) = (parts.next()?, parts.next()?, parts.next()?);
    let repository = repository.trim_end_matches(".git").to_string();
    let rest: Vec<&str> = parts.collect();
    // `tree/<branch>/…` or `blob/<branch>/…` (GitHub), `-/tree/<branch>/…` (GitLab).
    let folder = match rest.as_slice() {
        ["-", "tree" | "blob", _branch, folder @ ..] | ["tree" | "blob", _branch, folder @ ..] => {
            folder.join("/")
        }
        _ => String::new(),
    };
    Some((repository, folder))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORG: &str = "\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: acme-corp
spec:
  type: root
  children: [infrastructure]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: infrastructure
spec:
  type: department
  children: [team-a, group:default/team-b]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-a
spec:
  type: team
  parent: infrastructure
  members: [user:default/breanna.davison]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-b
spec:
  type: team
";

    const USERS: &str = "\
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: breanna.davison
  annotations:
    github.com/user-login: bdavison
spec:
  profile:
    displayName: Breanna Davison
    email: breanna-davison@example.com
  memberOf: [team-a]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: guest
spec:
  memberOf: [group:team-b, nowhere]
";

    const COMPONENTS: &str = "\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: artist-web
  annotations:
    backstage.io/source-location: url:https://github.com/acme/web/tree/main/packages/artist/
spec:
  type: website
  owner: team-a
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: playback
  annotations:
    github.com/project-slug: acme/playback
spec:
  owner: group:default/team-b
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: someone-s
  annotations:
    github.com/project-slug: acme/playback
spec:
  owner: user:guest
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: elsewhere
  annotations:
    github.com/project-slug: acme/not-collected
spec:
  owner: team-a
";

    fn catalog() -> TeamMapParts {
        parse_catalog(
            &[
                ("org.yaml", ORG),
                ("users.yaml", USERS),
                ("components.yaml", COMPONENTS),
            ],
            &["web".to_string(), "playback".to_string()],
        )
    }

    fn team<'c>(catalog: &'c TeamMapParts, name: &str) -> &'c TeamSpec {
        catalog.teams.teams.iter().find(|t| t.name == name).unwrap()
    }

    #[test]
    fn groups_are_teams_with_their_parents_from_either_side() {
        let catalog = catalog();
        assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
        let parents: Vec<(&str, Option<&str>)> = catalog
            .teams
            .teams
            .iter()
            .map(|t| (t.name.as_str(), t.parent.as_deref()))
            .collect();
        assert_eq!(
            parents,
            [
                ("acme-corp", None),
                ("infrastructure", Some("acme-corp")),
                ("team-a", Some("infrastructure")),
                ("team-b", Some("infrastructure")),
            ]
        );
        assert_eq!(team(&catalog, "team-a").line, 17);
    }

    #[test]
    fn users_are_people_and_members_from_either_side() {
        let catalog = catalog();
        let who = |name: &str| -> Vec<String> {
            team(&catalog, name)
                .members
                .iter()
                .map(|m| m.who.clone())
                .collect()
        };
        assert_eq!(who("team-a"), ["breanna.davison"]);
        assert_eq!(who("team-b"), ["guest"]);
        let breanna = &catalog.identities.people[0];
        assert_eq!(breanna.handle, "breanna.davison");
        assert_eq!(breanna.name.as_deref(), Some("Breanna Davison"));
        assert_eq!(breanna.github.as_deref(), Some("bdavison"));
        assert_eq!(breanna.emails, ["breanna-davison@example.com"]);
    }

    #[test]
    fn components_give_their_group_the_repository_or_folder() {
        let catalog = catalog();
        let owns = |name: &str| {
            team(&catalog, name)
                .owns
                .clone()
                .into_iter()
                .collect::<Vec<_>>()
        };
        assert_eq!(
            owns("team-a"),
            [("web".to_string(), vec!["/packages/artist/".to_string()])]
        );
        // A user owns nothing as a team; a repository not collected is left out.
        assert_eq!(
            owns("team-b"),
            [("playback".to_string(), vec!["*".to_string()])]
        );
    }

    #[test]
    fn a_broken_document_is_named_and_the_others_are_read() {
        let text =
            format!("{ORG}---\nkind: Group\nmetadata: [unclosed\n---\nkind: Group\nspec: {{}}\n");
        let catalog = parse_catalog(&[("org.yaml", &text)], &[]);
        assert_eq!(catalog.teams.teams.len(), 4);
        let problems: Vec<String> = catalog.problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].starts_with("org.yaml:34: metadata:"),
            "{problems:?}"
        );
        assert_eq!(problems[1], "org.yaml:36: an entity needs `metadata.name`");
    }

    #[test]
    fn references_and_locations_in_every_form() {
        assert_eq!(ref_name("group:default/team-a"), "team-a");
        assert_eq!(ref_name("group:team-a"), "team-a");
        assert_eq!(ref_name("team-a"), "team-a");
        assert_eq!(
            repository_folder("url:https://gitlab.com/acme/api/-/tree/main/svc/x"),
            Some(("api".to_string(), "svc/x".to_string()))
        );
        assert_eq!(
            repository_folder("url:https://github.com/acme/api.git"),
            Some(("api".to_string(), String::new()))
        );
        assert_eq!(repository_folder("nonsense"), None);
    }
}
