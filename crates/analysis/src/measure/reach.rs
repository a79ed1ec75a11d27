//! Reach: the other teams and people a person works with, counted across
//! sources (code changed in a team's area, reviews of its authors, changes
//! co-authored with its members, meetings). It is its own module because no
//! single source owns it.

use std::collections::{BTreeMap, BTreeSet};

use super::catalogue::names;
use super::evidence::{Evidence, Item, Metric, count, counted, people_items, team_name};
use super::tally::PersonMetrics;
use crate::resolve::TeamId;
use model::Window;

impl PersonMetrics<'_> {
    /// Teams reached through code, reviews, co-authoring and documents
    /// naming the team (written, reviewed or approved), and teams
    /// reached through code alone. Code counts once its lines are material;
    /// a team is reached once the interactions with it are (one stray commit
    /// or review is not impact). `review_teams` are the reviews given to
    /// authors in other teams, by team.
    pub(super) fn teams_reached(
        &mut self,
        review_teams: &BTreeMap<TeamId, Vec<Evidence>>,
        window: Window,
    ) {
        let (org, tally, params) = (self.org, self.tally, self.params);
        let code_teams: BTreeMap<TeamId, (u64, Vec<Evidence>)> = tally
            .code_by_team
            .iter()
            .filter(|(_, (lines, _))| *lines >= params.material_lines)
            .map(|(team, value)| (*team, value.clone()))
            .collect();
        let mut candidates: BTreeSet<TeamId> = code_teams.keys().copied().collect();
        candidates.extend(review_teams.keys().copied());
        candidates.extend(tally.coauthor_teams.keys().copied());
        candidates.extend(tally.document_teams.keys().copied());
        let reached: BTreeSet<TeamId> = candidates
            .into_iter()
            .filter(|team| {
                let interactions = code_teams.get(team).map_or(0, |(_, e)| e.len())
                    + review_teams.get(team).map_or(0, Vec::len)
                    + tally.coauthor_teams.get(team).map_or(0, Vec::len)
                    + tally.document_teams.get(team).map_or(0, Vec::len);
                interactions >= params.material_interactions
            })
            .collect();
        let reached_items: Vec<Item> = reached
            .iter()
            .map(|team| {
                let code = code_teams.get(team);
                let reviews = review_teams.get(team);
                let coauthored = tally.coauthor_teams.get(team);
                let documents = tally.document_teams.get(team);
                let mut parts = Vec::new();
                if let Some((lines, evidence)) = code {
                    parts.push(format!(
                        "{} changing its code ({lines} lines)",
                        counted(evidence.len(), "commit")
                    ));
                }
                if let Some(reviews) = reviews {
                    parts.push(format!(
                        "{} of its authors",
                        counted(reviews.len(), "review")
                    ));
                }
                if let Some(changes) = coauthored {
                    parts.push(format!(
                        "{} co-authored with its members",
                        counted(changes.len(), "change")
                    ));
                }
                if let Some(documents) = documents {
                    parts.push(format!(
                        "{} naming it among the teams involved",
                        counted(documents.len(), "document")
                    ));
                }
                let mut evidence: Vec<Evidence> = Vec::new();
                evidence.extend(code.map(|(_, e)| e.clone()).unwrap_or_default());
                evidence.extend(reviews.cloned().unwrap_or_default());
                evidence.extend(coauthored.cloned().unwrap_or_default());
                evidence.extend(documents.cloned().unwrap_or_default());
                Item {
                    label: team_name(org, *team),
                    detail: parts.join(", "),
                    evidence,
                }
            })
            .collect();
        let groups = self.groups_reached(reached.iter().copied().zip(&reached_items), window);
        self.metrics.insert(names::GROUPS_REACHED, groups);
        self.metrics.insert(
            names::TEAMS_REACHED,
            Metric {
                value: count(reached.len()),
                items: reached_items,
            },
        );
        self.metrics.insert(
            names::CODE_TEAMS_REACHED,
            Metric {
                value: count(code_teams.len()),
                items: code_teams
                    .iter()
                    .map(|(team, (lines, evidence))| Item {
                        label: team_name(org, *team),
                        detail: format!("{}, {lines} lines", counted(evidence.len(), "commit")),
                        evidence: evidence.clone(),
                    })
                    .collect(),
            },
        );
    }

    /// The top-level teams (tribes, areas, divisions) the reached teams are
    /// part of, other than the person's own: reaching a sibling squad counts
    /// here not at all. Without any parent in the team map there is nothing
    /// to group by, which is said rather than counted as zero.
    fn groups_reached<'i>(
        &self,
        reached: impl Iterator<Item = (TeamId, &'i Item)>,
        window: Window,
    ) -> Metric {
        let org = self.org;
        if !org.has_hierarchy() {
            return Metric {
                value: None,
                items: vec![Item {
                    label: "no data".into(),
                    detail: "the team map gives no team a parent, so teams are not grouped; teams_reached counts each team".into(),
                    evidence: Vec::new(),
                }],
            };
        }
        let own: BTreeSet<TeamId> = org
            .homes_during(self.person, window.since, window.until)
            .iter()
            .map(|home| org.top_of(home.team))
            .collect();
        let mut groups: BTreeMap<TeamId, (Vec<String>, Vec<Evidence>)> = BTreeMap::new();
        for (team, item) in reached {
            let top = org.top_of(team);
            if own.contains(&top) {
                continue;
            }
            let (teams, evidence) = groups.entry(top).or_default();
            teams.push(item.label.clone());
            evidence.extend(item.evidence.iter().cloned());
        }
        Metric {
            value: count(groups.len()),
            items: groups
                .into_iter()
                .map(|(top, (teams, evidence))| Item {
                    label: team_name(org, top),
                    detail: format!("through {}", teams.join(", ")),
                    evidence,
                })
                .collect(),
        }
    }

    /// Relationships: everyone in another team worked with, from any source.
    pub(super) fn relationships(&mut self) {
        self.metrics.insert(
            names::PEOPLE_OTHER_TEAMS,
            Metric {
                value: count(self.tally.people.len()),
                items: people_items(self.org, &self.tally.people, "interaction"),
            },
        );
    }
}
