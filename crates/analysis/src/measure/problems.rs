//! Problem finding, systemic problems and incidents: metrics read from what
//! other people did after a person's documents, and from the post-incident
//! reviews that name the person. They sit apart from `documents` because
//! they judge the documents by their consequences, not by their content.

use std::collections::{BTreeMap, BTreeSet};

use super::catalogue::names;
use super::documents::author_teams;
use super::evidence::{Evidence, Item, Metric, count, counted, document_evidence, evidence};
use super::tally::PersonMetrics;
use crate::resolve::{Org, PersonId, ResolvedCommit, ResolvedDocument, TeamId};

/// Words in a commit message that mark it as a fix.
const FIX_WORDS: &[&str] = &[
    "fix", "bug", "revert", "hotfix", "remediat", "jitter", "cap ",
];

impl PersonMetrics<'_> {
    /// Problem finding and systemic problems, from who acted on the
    /// person's documents.
    pub(super) fn problems(&mut self) {
        let org = self.org;
        let mut originated = Vec::new();
        let mut systemic = Vec::new();
        for &index in &self.tally.documents {
            let document = &org.documents[index];
            let others: Vec<&ResolvedCommit> = document
                .citations
                .iter()
                .map(|c| &org.commits[c.commit])
                .filter(|commit| !document.authors.contains(&commit.author))
                .collect();
            if others.is_empty() {
                continue;
            }
            let label = format!("{}: {}", document.kind.label(), document.title);
            originated.push(originated_item(org, document, &others, label.clone()));
            systemic.extend(systemic_item(org, document, &others, label));
        }
        self.metrics.insert(
            names::ORIGINATED_WORK,
            Metric {
                value: count(originated.len()),
                items: originated,
            },
        );
        self.metrics.insert(
            names::SYSTEMIC_PROBLEMS,
            Metric {
                value: count(systemic.len()),
                items: systemic,
            },
        );
    }

    /// Cross-team incidents the person diagnosed, from post-incident reviews.
    pub(super) fn incidents(&mut self) {
        let org = self.org;
        let incidents: Vec<Item> = self
            .tally
            .incidents
            .iter()
            .map(|&index| {
                let document = &org.documents[index];
                Item {
                    label: document.title.clone(),
                    detail: format!(
                        "teams affected: {}; remediation owners: {}",
                        document.teams_affected.join(", "),
                        document
                            .remediation_owners
                            .iter()
                            .map(|p| org.people.get(*p).name.clone())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    evidence: vec![document_evidence(
                        org,
                        document,
                        "post-incident review naming this person as diagnosing the root cause"
                            .into(),
                    )],
                }
            })
            .collect();
        self.metrics.insert(
            names::INCIDENTS_LED,
            Metric {
                value: count(incidents.len()),
                items: incidents,
            },
        );
    }
}

/// Work the person originated: a document that `others`, commits by people
/// other than its authors, cite.
fn originated_item(
    org: &Org,
    document: &ResolvedDocument,
    others: &[&ResolvedCommit],
    label: String,
) -> Item {
    let people: BTreeSet<PersonId> = others.iter().map(|c| c.author).collect();
    Item {
        label,
        detail: format!(
            "{} by {} other people",
            counted(others.len(), "citing commit"),
            people.len()
        ),
        evidence: std::iter::once(document_evidence(org, document, "the document".into()))
            .chain(others.iter().map(|c| evidence(org, c, "cites it".into())))
            .collect(),
    }
}

/// A systemic problem: a document followed by fixes citing it in two or
/// more teams other than its authors'.
fn systemic_item(
    org: &Org,
    document: &ResolvedDocument,
    others: &[&ResolvedCommit],
    label: String,
) -> Option<Item> {
    let author_teams = author_teams(org, document);
    let mut fixes_by_team: BTreeMap<TeamId, Vec<Evidence>> = BTreeMap::new();
    for commit in others {
        let text = commit.message.to_lowercase();
        let is_fix = FIX_WORDS.iter().any(|w| text.contains(w));
        if let Some(home) = org.home_at(commit.author, commit.time)
            && is_fix
            && !author_teams.contains(&home.team)
        {
            fixes_by_team.entry(home.team).or_default().push(evidence(
                org,
                commit,
                "a fix citing it".into(),
            ));
        }
    }
    if fixes_by_team.len() < 2 {
        return None;
    }
    let teams: Vec<String> = fixes_by_team
        .keys()
        .map(|t| org.team(*t).name.clone())
        .collect();
    Some(Item {
        label,
        detail: format!("named in the document, then fixed in {}", teams.join(", ")),
        evidence: std::iter::once(document_evidence(org, document, "the document".into()))
            .chain(fixes_by_team.into_values().flatten())
            .collect(),
    })
}
