//! One cell of the team matrix: what the people of one team did towards
//! another, person by person, with the evidence. The dashboard's page behind
//! each cell of the org view's matrix. Pure.

use serde::Serialize;

use super::Context;
use analysis::measure::{Evidence, names};
use analysis::resolve::TeamId;

#[derive(Clone, Debug, Serialize)]
pub struct PairView {
    pub from: String,
    pub to: String,
    /// The interactions the matrix counts for the pair.
    pub count: u64,
    /// Interactions the other way, so a reader sees both directions.
    pub back: u64,
    /// The people of `from` who worked towards `to`, most interactions first.
    pub people: Vec<PairPerson>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PairPerson {
    pub name: String,
    pub handle: String,
    pub commits: u64,
    pub lines: u64,
    pub reviews_given: u64,
    pub coauthored: u64,
    /// Enough interactions for the rubric to count the team as reached.
    pub material: bool,
    /// The evidence of the reach when it counts; the counts alone otherwise.
    pub evidence: Vec<Evidence>,
}

impl PairPerson {
    pub fn interactions(&self) -> u64 {
        self.commits + self.reviews_given + self.coauthored
    }
}

pub fn pair(context: &Context<'_>, from: TeamId, to: TeamId) -> PairView {
    let count = |a: TeamId, b: TeamId| {
        context
            .measures
            .team_matrix
            .get(&(a, b))
            .copied()
            .unwrap_or(0)
    };
    let to_name = context.team_name(to);
    let mut people: Vec<PairPerson> = context
        .measures
        .people
        .iter()
        .filter(|person| person.homes.iter().any(|(team, _)| *team == from))
        .filter_map(|person| {
            let interaction = person.interactions.get(&to)?;
            let who = context.org.people.get(person.person);
            let evidence: Vec<Evidence> = person
                .metrics
                .get(names::TEAMS_REACHED)
                .and_then(|m| m.items.iter().find(|item| item.label == to_name))
                .map(|item| item.evidence.clone())
                .unwrap_or_default();
            let row = PairPerson {
                name: who.name.clone(),
                handle: who.handle.clone(),
                commits: interaction.code_commits,
                lines: interaction.code_lines,
                reviews_given: interaction.reviews_given,
                coauthored: interaction.coauthored,
                material: !evidence.is_empty(),
                evidence,
            };
            (row.interactions() > 0).then_some(row)
        })
        .collect();
    people.sort_by(|a, b| {
        b.interactions()
            .cmp(&a.interactions())
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    PairView {
        from: context.team_name(from),
        to: to_name,
        count: count(from, to),
        back: count(to, from),
        people,
    }
}
