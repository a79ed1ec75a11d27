//! The Rust project's team repository read as a team map, as the project
//! keeps it: `teams/*.toml` (a team's `name`, its `leads`, `members` and
//! `alumni` by GitHub login, `subteam-of`) and `people/*.toml` (a person's
//! `name`, `github` login and `email`).
//!
//! Members are the leads and members; alumni are past members. When the
//! folder's git history is given, each login's membership runs from the
//! commit that added it to the commit that removed it, so alumni are
//! members for the years they served and no longer; members already in a
//! file's first version joined before the history says, so their start is
//! left open. Without history, alumni are left out. Marker teams (the
//! `all`, `leads` and `alumni` lists the project generates) are no teams.
//!
//! People become identities: a login with its name and address, which finds
//! the commits a person wrote. Parsing only: the pipeline reads the files.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::files::{IdentitiesFile, MemberSpec, PersonSpec, TeamSpec, TeamsFile};
use model::{Diagnostic, Timestamp};

#[derive(Deserialize)]
struct RawTeam {
    name: String,
    #[serde(default, rename = "subteam-of")]
    subteam_of: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    people: RawPeople,
}

#[derive(Deserialize, Default)]
struct RawPeople {
    #[serde(default)]
    leads: Vec<String>,
    /// Alumni are past members: the history says when they left.
    #[serde(default)]
    members: Vec<RawMember>,
}

/// `"login"` or `{ github = "login", roles = [...] }`.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawMember {
    Login(String),
    Table { github: String },
}

impl RawMember {
    fn login(&self) -> &str {
        match self {
            RawMember::Login(login) | RawMember::Table { github: login } => login,
        }
    }
}

#[derive(Deserialize)]
struct RawPerson {
    github: String,
    #[serde(default)]
    name: Option<String>,
    /// An address, or `false` where the person gave none.
    #[serde(default)]
    email: Option<toml::Value>,
}

/// A team file of the repository: its path and content.
pub type TeamFileText<'a> = (&'a str, &'a str);

/// One version of a team file in history: when, its path, its content
/// (`None`: deleted).
pub type TeamFileVersion<'a> = (Timestamp, &'a str, Option<&'a str>);

/// What the team repository says.
#[derive(Debug, Default)]
pub struct RustTeam {
    pub teams: TeamsFile,
    pub identities: IdentitiesFile,
    pub problems: Vec<Diagnostic>,
}

/// Reads `teams` and `people` as they are now, dating memberships from
/// `history` when given (oldest first). `folder` names the repository's
/// folder in diagnostics.
pub fn parse_rust_team(
    folder: &str,
    teams: &[TeamFileText<'_>],
    people: &[TeamFileText<'_>],
    history: &[TeamFileVersion<'_>],
) -> RustTeam {
    let mut out = RustTeam::default();
    let dated = dated_members(history);
    for (path, content) in teams {
        let file = format!("{folder}/{path}");
        let raw: RawTeam = match toml::from_str(content) {
            Ok(raw) => raw,
            Err(error) => {
                out.problems.push(model::toml_error(&file, content, &error));
                continue;
            }
        };
        if raw.kind.as_deref() == Some("marker-team") {
            continue;
        }
        let members = match dated.get(*path) {
            Some(spans) => spans
                .iter()
                .map(|(login, from, until)| MemberSpec {
                    who: login.clone(),
                    from: *from,
                    until: *until,
                    primary: false,
                    line: 1,
                })
                .collect(),
            None => current(&raw.people)
                .into_iter()
                .map(|login| MemberSpec {
                    who: login,
                    from: None,
                    until: None,
                    primary: false,
                    line: 1,
                })
                .collect(),
        };
        out.teams.teams.push(TeamSpec {
            name: raw.name,
            codeowners: Vec::new(),
            members,
            owns: BTreeMap::new(),
            parent: raw.subteam_of,
            line: 1,
        });
    }
    out.identities = identities(folder, people, &mut out.problems);
    out
}

/// `repos/<org>/<name>.toml`: a repository and the teams with access to it.
#[derive(Deserialize)]
struct RawRepository {
    name: String,
    #[serde(default)]
    access: RawAccess,
}

#[derive(Deserialize, Default)]
struct RawAccess {
    #[serde(default)]
    teams: BTreeMap<String, String>,
}

/// Gives each collected repository that `repos/*/*.toml` describes to the
/// team alone at its highest access (`cargo = "write"` in `cargo.toml`):
/// the whole repository is that team's, unless CODEOWNERS or an `owns`
/// says otherwise for a path. A repository many teams may write to (the
/// compiler's) has no owner from its access.
pub fn add_repository_owners(
    team: &mut RustTeam,
    folder: &str,
    repos: &[TeamFileText<'_>],
    collected: &[String],
) {
    for (path, content) in repos {
        let raw: RawRepository = match toml::from_str(content) {
            Ok(raw) => raw,
            Err(error) => {
                let file = format!("{folder}/{path}");
                team.problems
                    .push(model::toml_error(&file, content, &error));
                continue;
            }
        };
        if !collected.contains(&raw.name) {
            continue;
        }
        let access = raw
            .access
            .teams
            .iter()
            .map(|(t, p)| (t.as_str(), p.as_str()));
        let Some(owner) = super::files::sole_owner(access) else {
            continue;
        };
        if let Some(spec) = team.teams.teams.iter_mut().find(|t| t.name == owner) {
            spec.owns
                .entry(raw.name.clone())
                .or_default()
                .push("*".into());
        }
    }
}

/// The leads and members of a version, without duplicates.
fn current(people: &RawPeople) -> Vec<String> {
    let mut logins: Vec<String> = Vec::new();
    let all = people
        .leads
        .iter()
        .map(String::as_str)
        .chain(people.members.iter().map(RawMember::login));
    for login in all {
        if !logins.iter().any(|l| l.eq_ignore_ascii_case(login)) {
            logins.push(login.to_string());
        }
    }
    logins
}

/// A login's span of membership: (login, from, until).
type Span = (String, Option<Timestamp>, Option<Timestamp>);

/// Per team file, each login's spans of membership. A login in a file's
/// first version has no start: it joined before.
fn dated_members(history: &[TeamFileVersion<'_>]) -> BTreeMap<String, Vec<Span>> {
    let mut spans: BTreeMap<String, Vec<Span>> = BTreeMap::new();
    let mut open: BTreeMap<String, BTreeMap<String, Option<Timestamp>>> = BTreeMap::new();
    for (time, path, content) in history {
        let now: BTreeSet<String> = content
            .and_then(|c| toml::from_str::<RawTeam>(c).ok())
            .map(|raw| current(&raw.people).into_iter().collect())
            .unwrap_or_default();
        let first = !open.contains_key(*path);
        let members = open.entry(path.to_string()).or_default();
        let left: Vec<String> = members
            .keys()
            .filter(|l| !now.contains(*l))
            .cloned()
            .collect();
        for login in left {
            let from = members.remove(&login).flatten();
            spans
                .entry(path.to_string())
                .or_default()
                .push((login, from, Some(*time)));
        }
        for login in now {
            members
                .entry(login)
                .or_insert(if first { None } else { Some(*time) });
        }
    }
    for (path, members) in open {
        let list = spans.entry(path).or_default();
        list.extend(members.into_iter().map(|(login, from)| (login, from, None)));
    }
    spans
}

/// People as identities: the login is the handle. An address another
/// person already has is left out, with a warning.
fn identities(
    folder: &str,
    people: &[TeamFileText<'_>],
    problems: &mut Vec<Diagnostic>,
) -> IdentitiesFile {
    let mut file = IdentitiesFile::default();
    let mut claimed: BTreeMap<String, String> = BTreeMap::new();
    for (path, content) in people {
        let raw: RawPerson = match toml::from_str(content) {
            Ok(raw) => raw,
            Err(error) => {
                problems.push(model::toml_error(
                    &format!("{folder}/{path}"),
                    content,
                    &error,
                ));
                continue;
            }
        };
        let mut emails = Vec::new();
        if let Some(toml::Value::String(email)) = &raw.email {
            let key = email.to_lowercase();
            match claimed.get(&key) {
                Some(other) => problems.push(Diagnostic::in_file(
                    &format!("{folder}/{path}"),
                    format!("its address is already {other}'s, so it is not read as this person's"),
                )),
                None => {
                    claimed.insert(key, raw.github.clone());
                    emails.push(email.clone());
                }
            }
        }
        file.people.push(PersonSpec {
            handle: raw.github.clone(),
            name: raw.name.clone(),
            emails,
            names: raw.name.into_iter().collect(),
            github: Some(raw.github),
            line: 1,
        });
    }
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARGO_2020: &str = "name = \"cargo\"\nsubteam-of = \"devtools\"\n[people]\nleads = [\"ehuss\"]\nmembers = [\"ehuss\", \"alexcrichton\"]\nalumni = []\n";
    const CARGO_2022: &str = "name = \"cargo\"\nsubteam-of = \"devtools\"\n[people]\nleads = [\"ehuss\"]\nmembers = [\"ehuss\", { github = \"epage\", roles = [] }]\nalumni = [\"alexcrichton\"]\n";

    #[test]
    fn a_repository_is_the_team_s_that_alone_may_write_to_it() {
        let lang = "name = \"lang\"\n[people]\nleads = []\nmembers = []\n";
        let mut team = parse_rust_team(
            "team",
            &[("teams/cargo.toml", CARGO_2022), ("teams/lang.toml", lang)],
            &[],
            &[],
        );
        let repos = [
            (
                "repos/rust-lang/cargo.toml",
                "org = \"rust-lang\"\nname = \"cargo\"\n[access.teams]\ncargo = \"write\"\ntriage = \"triage\"\n",
            ),
            (
                "repos/rust-lang/rust.toml",
                "org = \"rust-lang\"\nname = \"rust\"\n[access.teams]\ncargo = \"write\"\nlang = \"write\"\n",
            ),
            (
                "repos/rust-lang/book.toml",
                "org = \"rust-lang\"\nname = \"book\"\n[access.teams]\nlang = \"write\"\n",
            ),
            ("repos/rust-lang/broken.toml", "name = ["),
        ];
        let collected = ["cargo".to_string(), "rust".to_string()];
        add_repository_owners(&mut team, "team", &repos, &collected);
        let owns = |name: &str| {
            let spec = team.teams.teams.iter().find(|t| t.name == name).unwrap();
            spec.owns.clone().into_iter().collect::<Vec<_>>()
        };
        assert_eq!(
            owns("cargo"),
            [("cargo".to_string(), vec!["*".to_string()])]
        );
        // Many teams may write to the compiler; the book is not collected.
        assert!(owns("lang").is_empty());
        assert_eq!(team.problems.len(), 1);
        assert!(
            team.problems[0]
                .to_string()
                .starts_with("team/repos/rust-lang/broken.toml:1:")
        );
    }

    #[test]
    fn memberships_run_from_the_commit_that_added_a_login_to_the_one_that_removed_it() {
        let history = [
            (100, "teams/cargo.toml", Some(CARGO_2020)),
            (200, "teams/cargo.toml", Some(CARGO_2022)),
        ];
        let team = parse_rust_team("team", &[("teams/cargo.toml", CARGO_2022)], &[], &history);
        let cargo = &team.teams.teams[0];
        let span = |who: &str| {
            cargo
                .members
                .iter()
                .find(|m| m.who == who)
                .map(|m| (m.from, m.until))
        };
        assert_eq!(span("ehuss"), Some((None, None)), "there from the start");
        assert_eq!(span("alexcrichton"), Some((None, Some(200))), "an alumnus");
        assert_eq!(span("epage"), Some((Some(200), None)), "joined later");
        assert_eq!(team.teams.teams[0].parent.as_deref(), Some("devtools"));
    }

    #[test]
    fn without_history_alumni_are_left_out_and_marker_teams_are_no_teams() {
        let marker = "name = \"all\"\nkind = \"marker-team\"\n[people]\nleads = []\nmembers = []\n";
        let team = parse_rust_team(
            "team",
            &[("teams/cargo.toml", CARGO_2022), ("teams/all.toml", marker)],
            &[],
            &[],
        );
        assert_eq!(team.teams.teams.len(), 1);
        let who: Vec<&str> = team.teams.teams[0]
            .members
            .iter()
            .map(|m| m.who.as_str())
            .collect();
        assert_eq!(who, ["ehuss", "epage"]);
    }

    #[test]
    fn people_are_identities_and_a_shared_address_goes_to_the_first() {
        let people = [
            (
                "people/ehuss.toml",
                "name = \"Eric Huss\"\ngithub = \"ehuss\"\ngithub-id = 43198\nemail = \"eric@huss.example\"\n",
            ),
            (
                "people/nomail.toml",
                "name = \"No Mail\"\ngithub = \"nomail\"\nemail = false\n",
            ),
            (
                "people/twin.toml",
                "name = \"Twin\"\ngithub = \"twin\"\nemail = \"ERIC@huss.example\"\n",
            ),
            ("people/broken.toml", "github = \n"),
        ];
        let team = parse_rust_team("team", &[], &people, &[]);
        let handles: Vec<&str> = team
            .identities
            .people
            .iter()
            .map(|p| p.handle.as_str())
            .collect();
        assert_eq!(handles, ["ehuss", "nomail", "twin"]);
        assert_eq!(team.identities.people[0].emails, ["eric@huss.example"]);
        assert!(team.identities.people[2].emails.is_empty());
        assert_eq!(team.problems.len(), 2, "{:?}", team.problems);
        assert!(
            team.problems
                .iter()
                .all(|p| p.file.starts_with("team/people/"))
        );
    }
}
