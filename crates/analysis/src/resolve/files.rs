//! The hand-written files an organization gives staffscope about itself: the
//! teams file and the identities file. Parsing only; no file system access.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use model::{Diagnostic, LineIndex, Timestamp, parse_date, toml_error};

/// `teams.toml`: teams, their members over time, and what they own.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TeamsFile {
    pub teams: Vec<TeamSpec>,
    /// What an HR export says about people beyond their teams.
    pub people: Vec<PersonFacts>,
}

/// A person's level, job family and manager, as an HR export gives them.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonFacts {
    /// A handle, name or email of the person.
    pub who: String,
    pub level: Option<String>,
    pub job_family: Option<String>,
    /// A handle, name or email of their manager.
    pub manager: Option<String>,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TeamSpec {
    pub name: String,
    /// CODEOWNERS owners (`@org/team`) that mean this team.
    pub codeowners: Vec<String>,
    pub members: Vec<MemberSpec>,
    /// Repository name -> CODEOWNERS-style patterns this team owns there.
    pub owns: BTreeMap<String, Vec<String>>,
    /// The team this one is part of (a squad's tribe, a subteam's team).
    pub parent: Option<String>,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MemberSpec {
    /// A handle, name or email of the person.
    pub who: String,
    pub from: Option<Timestamp>,
    /// Exclusive end: the day after the `to` date written in the file.
    pub until: Option<Timestamp>,
    /// Declared the person's primary team, for people in several at once.
    pub primary: bool,
    pub line: usize,
}

/// A team map read from several files (a catalog, an export): its teams,
/// the identities it gives, and the files or entries it could not read,
/// which never stop the rest from being read.
#[derive(Debug, Default)]
pub struct TeamMapParts {
    pub teams: TeamsFile,
    pub identities: IdentitiesFile,
    pub problems: Vec<Diagnostic>,
}

/// `identities.toml`: the aliases that make one person.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IdentitiesFile {
    pub people: Vec<PersonSpec>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PersonSpec {
    pub handle: String,
    pub name: Option<String>,
    pub emails: Vec<String>,
    pub names: Vec<String>,
    pub github: Option<String>,
    pub line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTeamsFile {
    #[serde(default)]
    team: Vec<Spanned<RawTeam>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTeam {
    name: String,
    #[serde(default)]
    codeowners: Vec<String>,
    #[serde(default)]
    members: Vec<Spanned<RawMember>>,
    #[serde(default)]
    owns: BTreeMap<String, Vec<String>>,
    parent: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawMember {
    Who(String),
    Dated {
        who: String,
        from: Option<String>,
        to: Option<String>,
        #[serde(default)]
        primary: bool,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIdentitiesFile {
    #[serde(default)]
    person: Vec<Spanned<RawPerson>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    handle: String,
    name: Option<String>,
    #[serde(default)]
    emails: Vec<String>,
    #[serde(default)]
    names: Vec<String>,
    github: Option<String>,
}

const DAY: i64 = 86_400;

pub fn parse_teams_file(file: &str, content: &str) -> Result<TeamsFile, Diagnostic> {
    let raw: RawTeamsFile =
        toml::from_str(content).map_err(|error| toml_error(file, content, &error))?;
    let lines = LineIndex::new(content);
    let mut teams: Vec<TeamSpec> = Vec::new();
    for spanned in raw.team {
        let line = lines.line(spanned.span().start);
        let team = spanned.into_inner();
        let name = team.name.trim().to_string();
        if name.is_empty() {
            return Err(Diagnostic::at(
                file,
                line,
                "a team needs a non-empty `name`",
            ));
        }
        if teams.iter().any(|other| other.name == name) {
            return Err(Diagnostic::at(
                file,
                line,
                format!("team `{name}` is defined twice"),
            ));
        }
        let mut members = Vec::new();
        for member in team.members {
            let member_line = lines.line(member.span().start);
            let at = |message: String| Diagnostic::at(file, member_line, message);
            let spec = match member.into_inner() {
                RawMember::Who(who) => MemberSpec {
                    who,
                    from: None,
                    until: None,
                    primary: false,
                    line: member_line,
                },
                RawMember::Dated {
                    who,
                    from,
                    to,
                    primary,
                } => {
                    let (from, until) =
                        membership_dates(&who, from.as_deref(), to.as_deref()).map_err(at)?;
                    MemberSpec {
                        who,
                        from,
                        until,
                        primary,
                        line: member_line,
                    }
                }
            };
            if spec.who.trim().is_empty() {
                return Err(Diagnostic::at(
                    file,
                    member_line,
                    "a member needs a non-empty name",
                ));
            }
            members.push(spec);
        }
        teams.push(TeamSpec {
            name,
            codeowners: team.codeowners,
            members,
            owns: team.owns,
            parent: team
                .parent
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty()),
            line,
        });
    }
    Ok(TeamsFile {
        teams,
        people: Vec::new(),
    })
}

/// A membership's start and exclusive end from the dates a team map
/// writes for `who` (`to` is the last day in it). The message says what is
/// wrong: a date that does not parse names itself, a start after the end
/// names the member.
pub(super) fn membership_dates(
    who: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Option<Timestamp>, Option<Timestamp>), String> {
    let from = from.map(parse_date).transpose()?;
    let until = to.map(parse_date).transpose()?.map(|to| to + DAY);
    if let (Some(from), Some(until)) = (from, until)
        && from >= until
    {
        return Err(format!("member `{who}`: `from` is after `to`"));
    }
    Ok((from, until))
}

pub fn parse_identities_file(file: &str, content: &str) -> Result<IdentitiesFile, Diagnostic> {
    let raw: RawIdentitiesFile =
        toml::from_str(content).map_err(|error| toml_error(file, content, &error))?;
    let lines = LineIndex::new(content);
    let mut people: Vec<PersonSpec> = Vec::new();
    for spanned in raw.person {
        let line = lines.line(spanned.span().start);
        let person = spanned.into_inner();
        let handle = person.handle.trim().to_string();
        if handle.is_empty() {
            return Err(Diagnostic::at(
                file,
                line,
                "a person needs a non-empty `handle`",
            ));
        }
        if people
            .iter()
            .any(|other| other.handle.eq_ignore_ascii_case(&handle))
        {
            return Err(Diagnostic::at(
                file,
                line,
                format!("handle `{handle}` is used twice"),
            ));
        }
        if let Some(bad) = person.emails.iter().find(|email| !email.contains('@')) {
            return Err(Diagnostic::at(
                file,
                line,
                format!("`{bad}` in `emails` is not an email address"),
            ));
        }
        // One address is one person: two entries sharing one would be
        // merged without anyone saying so.
        if let Some(other) = people.iter().find(|other| {
            other.emails.iter().any(|e| {
                person
                    .emails
                    .iter()
                    .any(|mine| mine.trim().eq_ignore_ascii_case(e.trim()))
            })
        }) {
            return Err(Diagnostic::at(
                file,
                line,
                format!(
                    "an address in `emails` is also listed for `{}` (line {}): an address is one person; merge the two entries or remove it from one",
                    other.handle, other.line
                ),
            ));
        }
        people.push(PersonSpec {
            handle,
            name: person.name,
            emails: person.emails,
            names: person.names,
            github: person.github,
            line,
        });
    }
    Ok(IdentitiesFile { people })
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_address_in_two_entries_is_an_error_naming_both_lines() {
        let error = super::parse_identities_file(
            "identities.toml",
            "[[person]]\nhandle = \"ana\"\nemails = [\"ana@x.example\"]\n\n[[person]]\nhandle = \"bo\"\nemails = [\"bo@x.example\", \"ANA@x.example\"]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.starts_with(
                "identities.toml:5: an address in `emails` is also listed for `ana` (line 1)"
            ),
            "{error}"
        );
        assert!(
            !error.contains("@x.example"),
            "no address in the message: {error}"
        );
    }

    use super::*;

    #[test]
    fn teams_with_dated_members_and_owned_paths() {
        let file = r#"
[[team]]
name = "payments"
codeowners = ["@acme/payments"]
members = ["ana", { who = "leo", from = "2025-07-01" }]

[team.owns]
"shared" = ["libs/money/"]

[[team]]
name = "search"
members = [{ who = "leo", to = "2025-06-30" }]
"#;
        let teams = parse_teams_file("teams.toml", file).unwrap();
        assert_eq!(teams.teams.len(), 2);
        let payments = &teams.teams[0];
        assert_eq!(payments.line, 2);
        assert_eq!(payments.members[0].who, "ana");
        assert_eq!(
            payments.members[1].from,
            Some(parse_date("2025-07-01").unwrap())
        );
        assert_eq!(payments.owns["shared"], vec!["libs/money/".to_string()]);
        let search = &teams.teams[1];
        assert_eq!(
            search.members[0].until,
            Some(parse_date("2025-07-01").unwrap())
        );
        assert_eq!(search.members[0].line, 12);
    }

    fn error_of(content: &str) -> String {
        parse_teams_file("teams.toml", content)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn broken_teams_files_name_file_and_line() {
        assert_eq!(
            error_of("[[team]]\nname = \"a\"\nmembers = [{ who = \"x\", from = \"July\" }]\n"),
            "teams.toml:3: `July` is not a date; expected YYYY-MM-DD"
        );
        assert!(
            error_of("[[team]]\nname = \"a\"\nmembrs = []\n")
                .starts_with("teams.toml:3: unknown field `membrs`")
        );
        assert!(error_of("[[team]]\nname = a\n").starts_with("teams.toml:2:"));
        assert_eq!(
            error_of("[[team]]\nname = \"a\"\n[[team]]\nname = \"a\"\n"),
            "teams.toml:3: team `a` is defined twice"
        );
        assert_eq!(
            error_of(
                "[[team]]\nname = \"a\"\nmembers = [{ who = \"x\", from = \"2025-02-01\", to = \"2025-01-01\" }]\n"
            ),
            "teams.toml:3: member `x`: `from` is after `to`"
        );
    }

    #[test]
    fn identities_file() {
        let file = "[[person]]\nhandle = \"ana\"\nname = \"Ana Lima\"\nemails = [\"ana@a.example\", \"al@b.example\"]\nnames = [\"A. Lima\"]\n";
        let identities = parse_identities_file("identities.toml", file).unwrap();
        assert_eq!(identities.people[0].emails.len(), 2);
        let error = parse_identities_file(
            "identities.toml",
            "[[person]]\nhandle = \"x\"\nemails = [\"nope\"]\n",
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "identities.toml:1: `nope` in `emails` is not an email address"
        );
    }
}

/// The team that owns a repository by its access: the one team holding the
/// highest level of access any team has (admin, then maintain, then write).
/// Where several share it (a monorepo every team may push to) the access
/// says nothing about ownership and there is none; read and triage never
/// own.
pub fn sole_owner<'a>(access: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<&'a str> {
    let rank = |permission: &str| match permission.to_ascii_lowercase().as_str() {
        "admin" => 3,
        "maintain" => 2,
        "write" | "push" => 1,
        _ => 0,
    };
    let mut best: Option<(u8, &str)> = None;
    let mut shared = false;
    for (team, permission) in access {
        let level = rank(permission);
        if level == 0 {
            continue;
        }
        match best {
            Some((top, _)) if level < top => {}
            Some((top, _)) if level == top => shared = true,
            _ => {
                best = Some((level, team));
                shared = false;
            }
        }
    }
    best.filter(|_| !shared).map(|(_, team)| team)
}

#[cfg(test)]
mod access_tests {
    use super::sole_owner;

    #[test]
    fn a_repository_belongs_to_the_one_team_with_the_most_access() {
        assert_eq!(sole_owner([("cargo", "write")]), Some("cargo"));
        assert_eq!(
            sole_owner([("infra", "write"), ("cargo", "maintain"), ("docs", "read")]),
            Some("cargo")
        );
        assert_eq!(sole_owner([("lang", "write"), ("libs", "write")]), None);
        assert_eq!(
            sole_owner([("lang", "write"), ("libs", "write"), ("release", "admin")]),
            Some("release")
        );
        assert_eq!(sole_owner([("triage", "triage"), ("all", "read")]), None);
        assert_eq!(sole_owner([]), None);
    }
}
