//! Teams and memberships: the teams the teams file declares, who is in them
//! when, the paths they own, and the home team of everyone it does not place.
//!
//! Teams that only CODEOWNERS, OWNERS or MAINTAINERS name are added later, by
//! the ownership phase, through [`team_named`], so that one name is one team
//! whichever file names it.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt};

use super::org::{Facts, HomeChoice, Membership};
use super::{People, PersonId, ResolvedCommit, TeamsFile, codeowners};
use model::{Diagnostic, Signature};

/// A team, by its place in `Org::teams`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TeamId(pub u32);

#[derive(Clone, Debug)]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    /// Declared in the teams file, as opposed to discovered in CODEOWNERS.
    pub declared: bool,
    /// The team this one is part of, where the team map says so.
    pub parent: Option<TeamId>,
    /// An area inferred from the repositories' structure where there is no
    /// team map at all: nobody belongs to it by declaration.
    pub inferred: bool,
}

/// What the teams file declares, resolved to people and repositories.
pub(super) struct DeclaredTeams {
    /// The declared teams, in the file's order; ownership appends the teams
    /// only other files name.
    pub(super) teams: Vec<Team>,
    pub(super) memberships: HashMap<PersonId, Vec<Membership>>,
    /// The teams file's own names for its teams in owner files (lowercase).
    pub(super) team_by_owner: HashMap<String, TeamId>,
    /// Per repository, the `owns` patterns with their team, in the file's order.
    pub(super) owned_paths: HashMap<usize, Vec<(codeowners::Matcher, TeamId)>>,
}

/// Members no commit or identity matches, each named while they are few
/// (a typo is worth a look); one line with examples when they are many,
/// as in a project's team map that keeps everyone who ever served.
const UNKNOWN_NAMED: usize = 5;

fn warn_unknown(
    unknown: &[(String, String, usize)],
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let kept = "kept as a member who has not committed here";
    if unknown.len() <= UNKNOWN_NAMED {
        for (who, team, line) in unknown {
            diagnostics.push(Diagnostic::at(
                file,
                *line,
                format!(
                    "unknown person `{who}` in team `{team}`: no commit or identity matches this handle, name or email; {kept}"
                ),
            ));
        }
        return;
    }
    let examples: Vec<String> = unknown
        .iter()
        .take(3)
        .map(|(who, team, _)| format!("`{who}` in `{team}`"))
        .collect();
    diagnostics.push(Diagnostic::in_file(
        file,
        format!(
            "{} members match no commit or identity (for example {}); each is {kept}. Check the spelling of any you expected to match",
            unknown.len(),
            examples.join(", ")
        ),
    ));
}

impl DeclaredTeams {
    /// Reads the teams file, if any: members are looked up among the people
    /// the commits name, and `owns` must name a collected repository.
    pub(super) fn read(
        teams_file: Option<&TeamsFile>,
        (teams_file_name, forgotten): (&str, &dyn Fn(&str) -> bool),
        people: &mut People,
        repo_index: &HashMap<&str, usize>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> DeclaredTeams {
        let mut teams: Vec<Team> = Vec::new();
        let mut memberships: HashMap<PersonId, Vec<Membership>> = HashMap::new();
        let mut team_by_owner: HashMap<String, TeamId> = HashMap::new();
        let mut owned_paths: HashMap<usize, Vec<(codeowners::Matcher, TeamId)>> = HashMap::new();
        let mut unknown: Vec<(String, String, usize)> = Vec::new();
        if let Some(teams_file) = teams_file {
            for spec in &teams_file.teams {
                let id = TeamId(teams.len() as u32);
                teams.push(Team {
                    id,
                    name: spec.name.clone(),
                    declared: true,
                    parent: None,
                    inferred: false,
                });
                for owner in &spec.codeowners {
                    team_by_owner.insert(owner.to_lowercase(), id);
                }
                for member in &spec.members {
                    let membership = Membership {
                        team: id,
                        from: member.from,
                        until: member.until,
                        primary: member.primary,
                    };
                    if forgotten(member.who.trim_start_matches('@')) {
                        diagnostics.push(Diagnostic::at(
                            teams_file_name,
                            member.line,
                            format!(
                                "a member of team `{}` was forgotten (`staffscope forget`); remove the entry",
                                spec.name
                            ),
                        ));
                        continue;
                    }
                    let found = people.lookup(&member.who);
                    match found.as_slice() {
                        [person] => memberships.entry(*person).or_default().push(membership),
                        [] => {
                            // Someone who leads without committing here (a
                            // chair named by login): a person of their own,
                            // whom documents and reviews naming them find.
                            let person = people.intern(
                                &Signature {
                                    name: member.who.trim_start_matches('@').to_string(),
                                    email: String::new(),
                                },
                                0,
                            );
                            memberships.entry(person).or_default().push(membership);
                            unknown.push((member.who.clone(), spec.name.clone(), member.line));
                        }
                        several => diagnostics.push(Diagnostic::at(
                            teams_file_name,
                            member.line,
                            format!(
                                "`{}` in team `{}` matches {} people; use a handle or add them to the identities file",
                                member.who,
                                spec.name,
                                several.len()
                            ),
                        )),
                    }
                }
                for (repo, patterns) in &spec.owns {
                    let Some(&repo_id) = repo_index.get(repo.as_str()) else {
                        diagnostics.push(Diagnostic::at(
                            teams_file_name,
                            spec.line,
                            format!(
                                "team `{}` owns paths in `{repo}`, which is not a collected repository",
                                spec.name
                            ),
                        ));
                        continue;
                    };
                    for pattern in patterns {
                        match owned_path_matcher(pattern) {
                            Ok(matcher) => {
                                owned_paths.entry(repo_id).or_default().push((matcher, id))
                            }
                            Err(message) => diagnostics.push(Diagnostic::at(
                                teams_file_name,
                                spec.line,
                                format!("team `{}`: {message}", spec.name),
                            )),
                        }
                    }
                }
            }
        }
        warn_unknown(&unknown, teams_file_name, diagnostics);
        if let Some(teams_file) = teams_file {
            link_parents(&mut teams, teams_file, teams_file_name, diagnostics);
        }
        DeclaredTeams {
            teams,
            memberships,
            team_by_owner,
            owned_paths,
        }
    }

    /// One team at a time: overlapping memberships make the home team
    /// ambiguous, so each overlap is reported (measures use the first).
    pub(super) fn warn_overlapping(
        &self,
        people: &People,
        teams_file_name: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let (memberships, teams) = (&self.memberships, &self.teams);
        let mut overlapping: Vec<(PersonId, TeamId, TeamId)> = Vec::new();
        for (person, list) in memberships {
            let pairs = super::org::overlapping_teams(list);
            overlapping.extend(pairs.into_iter().map(|(a, b)| (*person, a, b)));
        }
        overlapping.sort();
        // People really are in several teams at once (a chair on a
        // committee): one line says how that is read, not one per pair.
        let mut people_in_several: Vec<PersonId> = overlapping.iter().map(|(p, _, _)| *p).collect();
        people_in_several.dedup();
        let Some(&(first, a, b)) = overlapping.first() else {
            return;
        };
        diagnostics.push(Diagnostic::in_file(
            teams_file_name,
            format!(
                "{} in several teams at once (for example {} in `{}` and `{}`); each is measured from the one marked primary, else the one whose code they change most, and none of their teams counts as another team reached; `staffscope teams --check --details` lists them\nhint: if a membership ended, give it a `to` date",
                match people_in_several.len() {
                    1 => "1 person is".to_string(),
                    n => format!("{n} people are"),
                },
                people.get(first).name,
                teams[a.0 as usize].name,
                teams[b.0 as usize].name,
            ),
        ));
    }
}

/// Sets each declared team's parent from the file. A parent the file does
/// not declare, or one that would make a team its own ancestor, is reported
/// and left out: the team then stands at the top.
fn link_parents(
    teams: &mut [Team],
    teams_file: &TeamsFile,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (index, spec) in teams_file.teams.iter().enumerate() {
        let Some(parent) = &spec.parent else {
            continue;
        };
        let found = teams
            .iter()
            .find(|team| team.name.eq_ignore_ascii_case(parent))
            .map(|team| team.id);
        let Some(parent_id) = found else {
            diagnostics.push(Diagnostic::at(
                file,
                spec.line,
                format!(
                    "team `{}`: its parent `{parent}` is not a team in this file; it is read as a top-level team",
                    spec.name
                ),
            ));
            continue;
        };
        if is_ancestor_or_self(teams, TeamId(index as u32), parent_id) {
            diagnostics.push(Diagnostic::at(
                file,
                spec.line,
                format!(
                    "team `{}`: parent `{parent}` would make it part of itself; it is read as a top-level team",
                    spec.name
                ),
            ));
            continue;
        }
        teams[index].parent = Some(parent_id);
    }
}

/// Whether `team` is `of` or one of its ancestors. Parents are only ever
/// set where this is false, so the walk ends.
fn is_ancestor_or_self(teams: &[Team], team: TeamId, of: TeamId) -> bool {
    let mut current = Some(of);
    while let Some(id) = current {
        if id == team {
            return true;
        }
        current = teams[id.0 as usize].parent;
    }
    false
}

/// The team with this name (case-insensitive), made from the name when no
/// team has it yet (as CODEOWNERS teams are).
pub(super) fn team_named(name: &str, teams: &mut Vec<Team>) -> TeamId {
    match teams
        .iter()
        .find(|team| team.name.eq_ignore_ascii_case(name))
    {
        Some(team) => team.id,
        None => {
            let id = TeamId(teams.len() as u32);
            teams.push(Team {
                id,
                name: name.to_string(),
                declared: false,
                parent: None,
                inferred: false,
            });
            id
        }
    }
}

/// The teams file's `owns` patterns read exactly like CODEOWNERS patterns.
fn owned_path_matcher(pattern: &str) -> Result<codeowners::Matcher, String> {
    codeowners::translate(pattern)
}

/// Lines each person changed in each team's code.
pub(super) type LinesByTeam = HashMap<PersonId, BTreeMap<TeamId, u64>>;

/// How many lines each person changed in each team's code.
pub(super) fn lines_by_team(commits: &[ResolvedCommit]) -> LinesByTeam {
    let mut lines: LinesByTeam = HashMap::new();
    for commit in commits.iter().filter(|c| c.exclusion.is_none()) {
        for file in commit.files.iter().filter(|f| !f.generated) {
            if let Some(team) = file.team {
                *lines
                    .entry(commit.author)
                    .or_default()
                    .entry(team)
                    .or_default() += file.lines().max(1);
            }
        }
    }
    lines
}

/// The team whose code each person changed most, for people the teams file does not place.
pub(super) fn infer_homes(lines: &LinesByTeam) -> HashMap<PersonId, TeamId> {
    lines
        .iter()
        .filter_map(|(person, by_team)| {
            by_team
                .iter()
                .max_by_key(|(team, lines)| (**lines, std::cmp::Reverse(**team)))
                .map(|(team, _)| (*person, *team))
        })
        .collect()
}

/// Orders each person's memberships so that, of the teams they are in at
/// once, the one declared primary comes first, then the one whose code
/// they changed most: it is their home. Where neither says anything (no
/// code in any of their teams), the file's order stands. Returns how each
/// home was chosen, for people in more than one team.
pub(super) fn order_homes(
    memberships: &mut HashMap<PersonId, Vec<super::org::Membership>>,
    lines: &LinesByTeam,
) -> HashMap<PersonId, HomeChoice> {
    let mut choices = HashMap::new();
    for (person, list) in memberships.iter_mut() {
        let by_team = lines.get(person);
        let lines_in = |team: &TeamId| by_team.and_then(|b| b.get(team)).copied().unwrap_or(0);
        list.sort_by_key(|m| (!m.primary, std::cmp::Reverse(lines_in(&m.team))));
        if list.iter().all(|m| m.team == list[0].team) {
            continue;
        }
        let choice = if list[0].primary {
            HomeChoice::Declared
        } else if lines_in(&list[0].team) > 0 {
            HomeChoice::FromTheirCode
        } else {
            HomeChoice::FirstInTheMap
        };
        choices.insert(*person, choice);
    }
    choices
}

/// What an HR export says about each person it names: their level, job
/// family and manager. Someone it names who matches nobody here is left
/// out; managers who match nobody are counted in one line.
pub(super) fn person_facts(
    teams_file: Option<&TeamsFile>,
    people: &People,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<PersonId, Facts> {
    let mut facts = HashMap::new();
    let mut unknown_managers = 0;
    for spec in teams_file.into_iter().flat_map(|t| &t.people) {
        let [person] = people.lookup(&spec.who)[..] else {
            continue;
        };
        let manager = spec
            .manager
            .as_deref()
            .and_then(|who| match people.lookup(who)[..] {
                [manager] => Some(manager),
                _ => {
                    unknown_managers += 1;
                    None
                }
            });
        facts.insert(
            person,
            Facts {
                level: spec.level.clone(),
                job_family: spec.job_family.clone(),
                manager,
            },
        );
    }
    if unknown_managers > 0 {
        diagnostics.push(Diagnostic::in_file(
            file,
            format!(
                "{unknown_managers} managers match nobody who commits or is named in the file; their reports show no manager"
            ),
        ));
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_unknown_members_are_named_and_many_are_one_line() {
        let member = |n: usize| (format!("ghost{n}"), "infra".to_string(), n + 1);
        let few: Vec<_> = (0..2).map(member).collect();
        let mut diagnostics = Vec::new();
        warn_unknown(&few, "teams.toml", &mut diagnostics);
        assert_eq!(diagnostics.len(), 2);
        assert_eq!(diagnostics[1].line, Some(2));
        let many: Vec<_> = (0..30).map(member).collect();
        let mut diagnostics = Vec::new();
        warn_unknown(&many, "team", &mut diagnostics);
        assert_eq!(diagnostics.len(), 1);
        assert!(
            diagnostics[0]
                .message
                .starts_with("30 members match no commit")
        );
        assert!(diagnostics[0].message.contains("`ghost0` in `infra`"));
    }
}
