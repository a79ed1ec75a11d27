//! The team map as staffscope reads it (`staffscope teams`): who is in each
//! team, which areas each owned in the window, the areas nobody owns, and
//! where the teams file and CODEOWNERS disagree.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{AreaChanges, Context};
use analysis::resolve::TeamId;

#[derive(Clone, Debug, Serialize)]
pub struct TeamMapView {
    pub name: String,
    pub declared: bool,
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
    /// Problems found in the team maps (file and line).
    pub problems: Vec<String>,
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
    TeamsReport {
        schema: "staffscope.teams/2",
        teams: org
            .teams
            .iter()
            .map(|team| TeamMapView {
                name: team.name.clone(),
                declared: team.declared,
                members: org
                    .declared_members(team.id)
                    .into_iter()
                    .map(|p| {
                        let person = org.people.get(p);
                        format!("{} (@{})", person.name, person.handle)
                    })
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
            .filter(|t| !t.declared)
            .map(|t| t.name.clone())
            .collect(),
        problems: org.diagnostics.iter().map(|d| d.to_string()).collect(),
    }
}
