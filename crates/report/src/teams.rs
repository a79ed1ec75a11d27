//! The team map as staffscope reads it (`staffscope teams`): who is in each
//! team and what it is part of, which areas each owned in the window, the
//! areas nobody owns, where the teams file and CODEOWNERS disagree, who is
//! in several teams at once and which members never committed. `--check`
//! says all of it in a few summary lines; `--details` lists every case.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use super::markdown::clean;
use super::{AreaChanges, Context};
use analysis::resolve::{Org, TeamId};

#[derive(Clone, Debug, Serialize)]
pub struct TeamMapView {
    pub name: String,
    pub declared: bool,
    /// An area inferred from the repositories, there being no team map.
    pub inferred: bool,
    /// The team this one is part of.
    pub parent: Option<String>,
    pub members: Vec<String>,
    /// Areas (`repository:area`) whose changes in the window this team owned, most changed first.
    pub areas: Vec<AreaChanges>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ConflictView {
    pub area: String,
    pub teams_file: String,
    pub codeowners: String,
    pub file_changes: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct TeamsReport {
    pub schema: &'static str,
    pub teams: Vec<TeamMapView>,
    /// Areas changed in the window that no team owns, with their file changes.
    pub unowned: Vec<AreaChanges>,
    pub conflicts: Vec<ConflictView>,
    /// Teams named in CODEOWNERS but not declared in the teams file.
    pub undeclared: Vec<String>,
    /// People in several teams at once, and how their home was chosen.
    pub several_teams: Vec<SeveralTeamsView>,
    /// Declared members with no commit in any collected repository.
    pub unlinked: Vec<String>,
    /// How many people the team maps declare as members.
    pub declared_people: usize,
    /// Problems found in the team maps (file and line).
    pub problems: Vec<String>,
    /// Set when the teams are areas inferred from the repositories.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SeveralTeamsView {
    pub person: String,
    /// Their teams, the home first.
    pub teams: Vec<String>,
    pub home_chosen: &'static str,
}

fn shown_person(org: &Org, person: analysis::resolve::PersonId) -> String {
    let person = org.people.get(person);
    format!("{} (@{})", person.name, person.handle)
}

pub fn teams_report(context: &Context<'_>) -> TeamsReport {
    let org = context.org;
    let window = context.measures.window;
    let mut areas: BTreeMap<Option<TeamId>, BTreeMap<String, u64>> = BTreeMap::new();
    for commit in org
        .commits
        .iter()
        .filter(|c| window.contains(c.time) && c.exclusion.is_none())
    {
        for file in commit.files.iter().filter(|f| !f.generated) {
            let area = analysis::measure::component_of(&org.repos[commit.repo], &file.path);
            *areas.entry(file.team).or_default().entry(area).or_default() += 1;
        }
    }
    let sorted = |map: Option<&BTreeMap<String, u64>>| -> Vec<AreaChanges> {
        let mut list: Vec<AreaChanges> = map
            .map(|m| {
                m.iter()
                    .map(|(area, changes)| AreaChanges {
                        area: area.clone(),
                        file_changes: *changes,
                    })
                    .collect()
            })
            .unwrap_or_default();
        list.sort_by(|a, b| {
            b.file_changes
                .cmp(&a.file_changes)
                .then_with(|| a.area.cmp(&b.area))
        });
        list
    };
    let mut declared_people: Vec<analysis::resolve::PersonId> = org
        .teams
        .iter()
        .flat_map(|team| org.declared_members(team.id))
        .collect();
    declared_people.sort();
    declared_people.dedup();
    TeamsReport {
        schema: "staffscope.teams/3",
        teams: org
            .teams
            .iter()
            .map(|team| TeamMapView {
                name: team.name.clone(),
                declared: team.declared,
                inferred: team.inferred,
                parent: team.parent.map(|p| context.team_name(p)),
                members: org
                    .declared_members(team.id)
                    .into_iter()
                    .map(|p| shown_person(org, p))
                    .collect(),
                areas: sorted(areas.get(&Some(team.id))),
            })
            .collect(),
        unowned: sorted(areas.get(&None)),
        conflicts: org
            .ownership_conflicts
            .iter()
            .map(|c| ConflictView {
                area: c.area.clone(),
                teams_file: context.team_name(c.teams_file),
                codeowners: context.team_name(c.codeowners),
                file_changes: c.file_changes,
            })
            .collect(),
        undeclared: org
            .teams
            .iter()
            .filter(|t| !t.declared && !t.inferred)
            .map(|t| t.name.clone())
            .collect(),
        several_teams: org
            .several_teams()
            .into_iter()
            .map(|several| SeveralTeamsView {
                person: shown_person(org, several.person),
                teams: several
                    .teams
                    .iter()
                    .map(|t| context.team_name(*t))
                    .collect(),
                home_chosen: several.choice.describe(),
            })
            .collect(),
        unlinked: declared_people
            .iter()
            .filter(|p| !org.people.get(**p).has_authored())
            .map(|p| shown_person(org, *p))
            .collect(),
        declared_people: declared_people.len(),
        problems: org.diagnostics.iter().map(|d| d.to_string()).collect(),
        proxy: context.areas_note(),
    }
}

/// How many cases each `--check` list shows without `--details`.
const SHOWN: usize = 5;

/// `staffscope teams` as Markdown: every team, or with `check` what to look
/// at in the map, summary lines first.
pub fn markdown(report: &TeamsReport, check: bool, details: bool) -> String {
    if check {
        return check_markdown(report, details);
    }
    let mut out = String::from("# Teams\n\n");
    if let Some(proxy) = &report.proxy {
        let _ = writeln!(out, "{proxy}\n");
    }
    if report.teams.is_empty() {
        out.push_str("No teams: no team map names a team (CODEOWNERS teams, OWNERS labels or aliases, MAINTAINERS sections) and no teams file is configured.\n");
    }
    for team in &report.teams {
        let origin = if team.declared {
            "teams file"
        } else if team.inferred {
            "inferred area"
        } else {
            "CODEOWNERS only"
        };
        let _ = writeln!(out, "## {} ({origin})\n", clean(&team.name));
        if let Some(parent) = &team.parent {
            let _ = writeln!(out, "- Part of: {}", clean(parent));
        }
        if !team.members.is_empty() {
            let members: Vec<String> = team.members.iter().map(|m| clean(m)).collect();
            let _ = writeln!(out, "- Members: {}", members.join(", "));
        }
        let areas: Vec<String> = team
            .areas
            .iter()
            .take(8)
            .map(|a| format!("{} ({})", clean(&a.area), a.file_changes))
            .collect();
        let _ = writeln!(
            out,
            "- Areas changed in the window (file changes): {}\n",
            if areas.is_empty() {
                "none".to_string()
            } else {
                areas.join(", ")
            }
        );
    }
    out
}

/// A list of cases: the first few, or all of them with `details`.
fn cases(out: &mut String, title: &str, items: &[String], details: bool, none: &str) {
    let _ = writeln!(out, "\n## {title}\n");
    if items.is_empty() {
        let _ = writeln!(out, "- {none}");
    }
    let shown = if details { items.len() } else { SHOWN };
    for item in items.iter().take(shown) {
        let _ = writeln!(out, "- {item}");
    }
    if items.len() > shown {
        let _ = writeln!(
            out,
            "- and {} more (`--details` lists them)",
            items.len() - shown
        );
    }
}

fn check_markdown(report: &TeamsReport, details: bool) -> String {
    let mut out = String::from("# Team map check\n\n");
    if let Some(proxy) = &report.proxy {
        let _ = writeln!(out, "{proxy}\n");
    }
    for line in summary(report) {
        let _ = writeln!(out, "- {line}");
    }
    let unowned: Vec<String> = report
        .unowned
        .iter()
        .map(|a| {
            format!(
                "{} ({} file changes in the window)",
                clean(&a.area),
                a.file_changes
            )
        })
        .collect();
    cases(
        &mut out,
        "Areas no team owns",
        &unowned,
        details,
        "None: every change in the window falls in an owned area.",
    );
    let several: Vec<String> = report
        .several_teams
        .iter()
        .map(|s| {
            format!(
                "{}: {}; home {} ({})",
                clean(&s.person),
                s.teams
                    .iter()
                    .map(|t| clean(t))
                    .collect::<Vec<_>>()
                    .join(", "),
                clean(&s.teams[0]),
                s.home_chosen
            )
        })
        .collect();
    cases(
        &mut out,
        "In several teams at once (none of their teams counts as reached)",
        &several,
        details,
        "Nobody.",
    );
    let unlinked: Vec<String> = report.unlinked.iter().map(|p| clean(p)).collect();
    cases(
        &mut out,
        "Members with no commit here (linked by reviews, documents or logs only)",
        &unlinked,
        details,
        "None: every member has commits.",
    );
    let conflicts: Vec<String> = report
        .conflicts
        .iter()
        .map(|c| {
            format!(
                "{}: teams file says {}, CODEOWNERS says {} ({} file changes)",
                clean(&c.area),
                clean(&c.teams_file),
                clean(&c.codeowners),
                c.file_changes
            )
        })
        .collect();
    cases(
        &mut out,
        "Where the teams file and CODEOWNERS disagree (the teams file wins)",
        &conflicts,
        details,
        "No disagreement.",
    );
    let undeclared: Vec<String> = report
        .undeclared
        .iter()
        .map(|t| format!("{} (add it to the teams file to give it members)", clean(t)))
        .collect();
    cases(
        &mut out,
        "Teams named only in CODEOWNERS",
        &undeclared,
        details,
        "None.",
    );
    let problems: Vec<String> = report
        .problems
        .iter()
        .map(|p| clean(p).replace('\n', " "))
        .collect();
    cases(
        &mut out,
        "Problems in the team maps and identities",
        &problems,
        true,
        "None.",
    );
    out
}

/// The check in a few lines: one per kind of thing to look at.
fn summary(report: &TeamsReport) -> Vec<String> {
    let declared = report.teams.iter().filter(|t| t.declared).count();
    let inferred = report.teams.iter().filter(|t| t.inferred).count();
    let with_parent = report.teams.iter().filter(|t| t.parent.is_some()).count();
    let unowned_changes: u64 = report.unowned.iter().map(|a| a.file_changes).sum();
    vec![
        format!(
            "Teams: {declared} in the team map ({with_parent} part of another), {} named only in CODEOWNERS or OWNERS files{}.",
            report.undeclared.len(),
            if inferred > 0 {
                format!(", {inferred} areas inferred from the repositories")
            } else {
                String::new()
            }
        ),
        format!(
            "Members: {}; {} with commits here, {} without (they still count through reviews, documents and logs that name them).",
            people(report.declared_people),
            report.declared_people - report.unlinked.len(),
            report.unlinked.len()
        ),
        format!(
            "In several teams at once: {}; each has one home (declared primary, else where their code is) and none of their teams counts as another team reached.",
            people(report.several_teams.len())
        ),
        format!(
            "Areas no team owns: {} with {unowned_changes} file changes in the window; work there counts towards no team.",
            report.unowned.len()
        ),
        format!(
            "Disagreements between the teams file and CODEOWNERS: {} areas.",
            report.conflicts.len()
        ),
    ]
}

fn people(n: usize) -> String {
    if n == 1 {
        "1 person".to_string()
    } else {
        format!("{n} people")
    }
}
