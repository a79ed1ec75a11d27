//! A CSV of people, as an HR system or an identity provider exports it: one
//! row per person and team (several rows for someone in several teams, or
//! who moved), read as a team map and as identities. Columns are found by
//! their header, in any order and under the usual names; other columns are
//! left alone. Parsing only.
//!
//! | column | also read as | meaning |
//! |---|---|---|
//! | `name` | `full_name`, `display_name` | the person's name |
//! | `email` | `mail`, `work_email` | an address they commit with |
//! | `login` | `github`, `username`, `handle` | their code-review login |
//! | `team` | `team_name`, `squad` | the team of this row |
//! | `parent_team` | `tribe`, `group` | the team `team` is part of |
//! | `manager` | `manager_login`, `manager_email` | who they report to |
//! | `level` | `job_level`, `grade` | the level to assess them against |
//! | `job_family` | `family`, `track` | which rubric applies to them |
//! | `from`, `to` | `start_date`, `end_date` | the membership's dates |
//! | `primary` | | `yes` on the row of their main team |

use std::collections::BTreeMap;

use super::files::{
    IdentitiesFile, MemberSpec, PersonFacts, PersonSpec, TeamSpec, TeamsFile, membership_dates,
};
use model::Diagnostic;

/// What a column means, whatever the export calls it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Name,
    Email,
    Login,
    Team,
    ParentTeam,
    Manager,
    Level,
    JobFamily,
    From,
    To,
    Primary,
}

fn column_of(header: &str) -> Option<Column> {
    let key: String = header
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect();
    Some(match key.as_str() {
        "name" | "full_name" | "display_name" => Column::Name,
        "email" | "mail" | "work_email" => Column::Email,
        "login" | "github" | "username" | "handle" => Column::Login,
        "team" | "team_name" | "squad" => Column::Team,
        "parent_team" | "tribe" | "group" => Column::ParentTeam,
        "manager" | "manager_login" | "manager_email" => Column::Manager,
        "level" | "job_level" | "grade" => Column::Level,
        "job_family" | "family" | "track" => Column::JobFamily,
        "from" | "start" | "start_date" | "since" => Column::From,
        "to" | "end" | "end_date" | "until" => Column::To,
        "primary" => Column::Primary,
        _ => return None,
    })
}

/// Whether a team map file is a CSV of people.
pub fn is_people_csv(path: &str) -> bool {
    path.to_lowercase().ends_with(".csv")
}

/// One row's cells by meaning.
struct Row<'r> {
    cells: &'r csv::StringRecord,
    columns: &'r [(usize, Column)],
}

impl Row<'_> {
    fn get(&self, column: Column) -> Option<&str> {
        self.columns
            .iter()
            .find(|(_, c)| *c == column)
            .and_then(|(index, _)| self.cells.get(*index))
            .map(str::trim)
            .filter(|value| !value.is_empty())
    }
}

/// The teams and people `content` names. A broken row is an error naming
/// its line, as in `teams.toml`: a team map read in part would misplace
/// people silently.
pub fn parse_people_csv(
    file: &str,
    content: &str,
) -> Result<(TeamsFile, IdentitiesFile), Diagnostic> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(content.as_bytes());
    let headers = reader
        .headers()
        .map_err(|error| csv_error(file, &error))?
        .clone();
    let columns: Vec<(usize, Column)> = headers
        .iter()
        .enumerate()
        .filter_map(|(index, header)| column_of(header).map(|c| (index, c)))
        .collect();
    let has = |column| columns.iter().any(|(_, c)| *c == column);
    if !has(Column::Team)
        || ![Column::Name, Column::Email, Column::Login]
            .into_iter()
            .any(has)
    {
        return Err(Diagnostic::at(
            file,
            1,
            "a CSV of people needs a `team` column and at least one of `name`, `email` and `login` in its first line",
        ));
    }
    let mut out = (TeamsFile::default(), IdentitiesFile::default());
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|error| csv_error(file, &error))?
    {
        let line = record.position().map_or(1, |p| p.line() as usize);
        let row = Row {
            cells: &record,
            columns: &columns,
        };
        read_row(file, line, &row, &mut out)?;
    }
    add_parent_teams(&mut out.0);
    Ok(out)
}

fn read_row(
    file: &str,
    line: usize,
    row: &Row<'_>,
    (teams, identities): &mut (TeamsFile, IdentitiesFile),
) -> Result<(), Diagnostic> {
    let at = |message: String| Diagnostic::at(file, line, message);
    let (name, email, login) = (
        row.get(Column::Name),
        row.get(Column::Email),
        row.get(Column::Login),
    );
    let Some(who) = login.or(name).or(email) else {
        return Err(at("a row needs a name, an email or a login".into()));
    };
    let handle = handle_of(login, name, email);
    add_identity(identities, &handle, (name, email, login), line);
    let (from, until) =
        membership_dates(&handle, row.get(Column::From), row.get(Column::To)).map_err(at)?;
    let primary = row
        .get(Column::Primary)
        .is_some_and(|v| matches!(v.to_lowercase().as_str(), "yes" | "true" | "1" | "x" | "y"));
    if let Some(team) = row.get(Column::Team) {
        let parent = row.get(Column::ParentTeam).map(str::to_string);
        let spec = team_spec(teams, team, line);
        if spec.parent.is_none() {
            spec.parent = parent;
        }
        spec.members.push(MemberSpec {
            who: who.to_string(),
            from,
            until,
            primary,
            line,
        });
    }
    let facts = PersonFacts {
        who: who.to_string(),
        level: row.get(Column::Level).map(str::to_string),
        job_family: row.get(Column::JobFamily).map(str::to_string),
        manager: row.get(Column::Manager).map(str::to_string),
        line,
    };
    if facts.level.is_some() || facts.job_family.is_some() || facts.manager.is_some() {
        // A later row (a move, a promotion) says what holds now.
        teams.people.retain(|f| !f.who.eq_ignore_ascii_case(who));
        teams.people.push(facts);
    }
    Ok(())
}

/// Parents named only in the parent column (a tribe nobody is in
/// directly) are teams too, without members.
fn add_parent_teams(teams: &mut TeamsFile) {
    let parents: Vec<(String, usize)> = teams
        .teams
        .iter()
        .filter_map(|t| t.parent.clone().map(|p| (p, t.line)))
        .collect();
    for (parent, line) in parents {
        team_spec(teams, &parent, line);
    }
}

/// The team named `name`, added at `line` when it is new.
fn team_spec<'t>(teams: &'t mut TeamsFile, name: &str, line: usize) -> &'t mut TeamSpec {
    let index = match teams.teams.iter().position(|t| t.name == name) {
        Some(index) => index,
        None => {
            teams.teams.push(TeamSpec {
                name: name.to_string(),
                codeowners: Vec::new(),
                members: Vec::new(),
                owns: BTreeMap::new(),
                parent: None,
                line,
            });
            teams.teams.len() - 1
        }
    };
    &mut teams.teams[index]
}

/// A handle for the person: their login, else their name written as one
/// word, else the part of their address before the `@`.
fn handle_of(login: Option<&str>, name: Option<&str>, email: Option<&str>) -> String {
    if let Some(login) = login {
        return login.trim_start_matches('@').to_lowercase();
    }
    if let Some(name) = name {
        let words: Vec<String> = name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        return words.join("-");
    }
    email
        .and_then(|e| e.split('@').next())
        .unwrap_or_default()
        .to_lowercase()
}

/// Adds the row's aliases to the person with `handle`, or a new person.
fn add_identity(
    identities: &mut IdentitiesFile,
    handle: &str,
    (name, email, login): (Option<&str>, Option<&str>, Option<&str>),
    line: usize,
) {
    let index = match identities.people.iter().position(|p| p.handle == handle) {
        Some(index) => index,
        None => {
            identities.people.push(PersonSpec {
                handle: handle.to_string(),
                name: name.map(str::to_string),
                emails: Vec::new(),
                names: Vec::new(),
                github: login.map(|l| l.trim_start_matches('@').to_string()),
                line,
            });
            identities.people.len() - 1
        }
    };
    let person = &mut identities.people[index];
    if let Some(email) = email
        && !person.emails.iter().any(|e| e.eq_ignore_ascii_case(email))
    {
        person.emails.push(email.to_string());
    }
    if let Some(name) = name
        && !person.names.iter().any(|n| n == name)
    {
        person.names.push(name.to_string());
    }
}

fn csv_error(file: &str, error: &csv::Error) -> Diagnostic {
    let line = error.position().map_or(1, |p| p.line() as usize);
    let message = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} fields where the first line has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".to_string(),
        _ => error.to_string(),
    };
    Diagnostic::at(file, line, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::parse_date;

    fn parse(text: &str) -> (TeamsFile, IdentitiesFile) {
        parse_people_csv("people.csv", text).unwrap()
    }

    fn error(text: &str) -> String {
        parse_people_csv("people.csv", text)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn rows_become_teams_members_and_identities() {
        let (teams, identities) = parse(
            "Full Name,Work Email,GitHub,Team,Tribe,Manager,Level,Job Family,Start Date,End Date,Primary,Office\n\
             Priya Raman,priya@acme.example,priya,payments,commerce,marcus,staff,engineering,2024-01-01,,yes,Berlin\n\
             Priya Raman,priya@acme.example,priya,platform,,,,,2024-06-01,2024-12-31,,Berlin\n\
             \"Marcus, Jr.\",marcus@acme.example,,payments,commerce,,senior,engineering,,,,Lisbon\n",
        );
        let names: Vec<&str> = teams.teams.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["payments", "platform", "commerce"]);
        assert_eq!(teams.teams[0].parent.as_deref(), Some("commerce"));
        assert_eq!(teams.teams[1].parent, None);
        let payments: Vec<(&str, bool, usize)> = teams.teams[0]
            .members
            .iter()
            .map(|m| (m.who.as_str(), m.primary, m.line))
            .collect();
        assert_eq!(payments, [("priya", true, 2), ("Marcus, Jr.", false, 4)]);
        let platform = &teams.teams[1].members[0];
        assert_eq!(platform.from, Some(parse_date("2024-06-01").unwrap()));
        assert_eq!(platform.until, Some(parse_date("2025-01-01").unwrap()));
        let handles: Vec<&str> = identities
            .people
            .iter()
            .map(|p| p.handle.as_str())
            .collect();
        assert_eq!(handles, ["priya", "marcus-jr"]);
        assert_eq!(identities.people[0].emails, ["priya@acme.example"]);
        assert_eq!(identities.people[0].github.as_deref(), Some("priya"));
        let facts: Vec<(&str, Option<&str>, Option<&str>)> = teams
            .people
            .iter()
            .map(|f| (f.who.as_str(), f.level.as_deref(), f.manager.as_deref()))
            .collect();
        assert_eq!(
            facts,
            [
                ("priya", Some("staff"), Some("marcus")),
                ("Marcus, Jr.", Some("senior"), None)
            ]
        );
    }

    #[test]
    fn a_byte_order_mark_and_crlf_lines_are_read() {
        let (teams, _) = parse("\u{feff}login,team\r\nana,search\r\n");
        assert_eq!(teams.teams[0].members[0].who, "ana");
    }

    #[test]
    fn a_later_row_says_what_holds_now() {
        let (teams, _) = parse("login,team,level\nana,search,senior\nana,search,staff\n");
        assert_eq!(teams.people.len(), 1);
        assert_eq!(teams.people[0].level.as_deref(), Some("staff"));
        assert_eq!(teams.people[0].line, 3);
    }

    #[test]
    fn a_row_without_a_team_gives_facts_but_no_membership() {
        let (teams, identities) = parse("login,team,level\nana,,staff\n");
        assert!(teams.teams.is_empty());
        assert_eq!(teams.people[0].level.as_deref(), Some("staff"));
        assert_eq!(identities.people[0].handle, "ana");
    }

    #[test]
    fn broken_files_are_errors_naming_the_line() {
        assert_eq!(
            error("name,email\nAna,ana@x.example\n"),
            "people.csv:1: a CSV of people needs a `team` column and at least one of `name`, `email` and `login` in its first line"
        );
        assert_eq!(
            error("login,team\nana,search\nben\n"),
            "people.csv:3: this row has 1 fields where the first line has 2"
        );
        assert_eq!(
            error("login,team\n,search\n"),
            "people.csv:2: a row needs a name, an email or a login"
        );
        assert!(error("login,team,from\nana,search,2025-13-45\n").starts_with("people.csv:2:"));
        assert_eq!(
            error("login,team,from,to\nana,search,2025-02-01,2025-01-01\n"),
            "people.csv:2: member `ana`: `from` is after `to`"
        );
    }

    #[test]
    fn an_empty_file_is_a_missing_header() {
        assert!(error("").starts_with("people.csv:1: a CSV of people needs"));
    }
}
