//! The values measures are made of: evidence a reader can look up, the items
//! a metric breaks down into, and the per-person and organization results.
//! They are what other crates consume, so they are kept together and apart
//! from the code that computes them; the helpers at the end build evidence
//! and items the same way for every source.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::resolve::{Org, PersonId, ResolvedCommit, ResolvedDocument, ResolvedReview, TeamId};
use model::{EvidenceId, Reference, Source, Timestamp, Window};

/// One piece of evidence: something in the data a reader can look up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub repo: Arc<str>,
    /// What in `repo` it is: a commit, a pull request, a file, a line.
    pub reference: Reference,
    pub time: Timestamp,
    pub summary: Arc<str>,
    /// What this commit shows for this metric.
    pub detail: Arc<str>,
}

impl Evidence {
    /// `repository@commit`, `repository#N` or `repository:path`, the id reports print.
    pub fn id(&self) -> String {
        EvidenceId {
            repo: self.repo.clone(),
            reference: self.reference.clone(),
        }
        .to_string()
    }
}

/// One line of a metric's breakdown, such as one team reached.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub label: String,
    pub detail: String,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    /// `None` when the source is collected but holds nothing to compute from: "no data".
    pub value: Option<f64>,
    pub items: Vec<Item>,
}

impl Metric {
    pub fn evidence_count(&self) -> usize {
        self.items.iter().map(|item| item.evidence.len()).sum()
    }
}

#[derive(Clone, Debug)]
pub struct PersonMeasures {
    pub person: PersonId,
    /// Home teams during the window (more than one when the person moved).
    pub homes: Vec<(TeamId, bool)>,
    pub metrics: BTreeMap<&'static str, Metric>,
    /// Commits left out of the measures, with why.
    pub excluded: Vec<(Evidence, String)>,
    /// Per other team: how the person interacted with it.
    pub interactions: BTreeMap<TeamId, Interaction>,
    pub repositories: BTreeSet<String>,
    /// Evidence-log entries by the dimension or signal they name.
    pub self_reported: BTreeMap<String, Vec<Evidence>>,
    /// The entries among them confirmed by someone they name, by dimension.
    pub confirmed: BTreeMap<String, Vec<Evidence>>,
    /// The documents the person authored, with their kind and status, for
    /// rubrics that count only some (`filter` on `documents_authored`).
    pub documents: Vec<AuthoredDocument>,
}

/// One authored document as a rubric's filter reads it.
#[derive(Clone, Debug)]
pub struct AuthoredDocument {
    /// `DocumentKind::key`.
    pub kind: &'static str,
    /// The status's state (`Status::label`), if the document gives one.
    pub status: Option<&'static str>,
    pub evidence: Evidence,
}

#[derive(Clone, Debug, Default)]
pub struct Interaction {
    pub code_commits: u64,
    pub code_lines: u64,
    pub reviews_given: u64,
    pub reviews_received: u64,
    pub coauthored: u64,
    pub people: BTreeSet<PersonId>,
}

impl Interaction {
    pub fn total(&self) -> u64 {
        self.code_commits + self.reviews_given + self.reviews_received + self.coauthored
    }
}

#[derive(Clone, Debug)]
pub struct OrgMeasures {
    pub window: Window,
    pub sources: Vec<Source>,
    pub people: Vec<PersonMeasures>,
    /// Interactions between teams (code changes in the other's area, reviews,
    /// co-authoring), by the pair (from, to).
    pub team_matrix: BTreeMap<(TeamId, TeamId), u64>,
    pub excluded_commits: BTreeMap<String, u64>,
    pub median_commits: f64,
    /// Repositories with commits in the window but no review trailers.
    pub repos_without_review_trailers: Vec<String>,
}

impl OrgMeasures {
    pub fn person(&self, id: PersonId) -> Option<&PersonMeasures> {
        self.people.iter().find(|p| p.person == id)
    }
}

/// Evidence for a review, pointing at the reviewed change.
pub(super) fn review_evidence(org: &Org, review: &ResolvedReview, detail: String) -> Evidence {
    Evidence {
        repo: org.repos.get(review.repo).cloned().unwrap_or_default(),
        reference: review.change.reference(),
        time: review.time,
        summary: review.summary.clone(),
        detail: format!("{detail}, from the {}", review.origin).into(),
    }
}

/// Evidence for a commit.
pub(super) fn evidence(org: &Org, commit: &ResolvedCommit, detail: String) -> Evidence {
    Evidence {
        repo: org.repos.get(commit.repo).cloned().unwrap_or_default(),
        reference: Reference::commit(commit.short_id()),
        time: commit.time,
        summary: commit.summary.clone(),
        detail: detail.into(),
    }
}

/// Evidence for a document, pointing at its file.
pub(super) fn document_evidence(
    org: &Org,
    document: &ResolvedDocument,
    detail: String,
) -> Evidence {
    Evidence {
        repo: org.repos.get(document.repo).cloned().unwrap_or_default(),
        reference: Reference::path(&document.path),
        time: document.date,
        summary: document.title.as_str().into(),
        detail: detail.into(),
    }
}

/// One line per person in another team: who, which team, how many `noun`s.
pub(super) fn people_items(
    org: &Org,
    people: &BTreeMap<PersonId, (TeamId, Vec<Evidence>)>,
    noun: &str,
) -> Vec<Item> {
    people
        .iter()
        .map(|(person, (team, evidence))| Item {
            label: format!(
                "{} ({})",
                org.people.get(*person).name,
                org.team(*team).name
            ),
            detail: counted(evidence.len(), noun),
            evidence: evidence.clone(),
        })
        .collect()
}

/// `1 commit`, `2 commits`.
pub(super) fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else if let Some(stem) = noun.strip_suffix('y') {
        format!("{n} {stem}ies")
    } else {
        format!("{n} {noun}s")
    }
}

/// A count as a metric's value.
pub(super) fn count(value: usize) -> Option<f64> {
    Some(value as f64)
}

/// A team's name for an item's label; reviews of authors without a home
/// team are filed under `TeamId(u32::MAX)`, which reads as "no team".
pub(super) fn team_name(org: &Org, team: TeamId) -> String {
    if team.0 == u32::MAX {
        "no team".to_string()
    } else {
        org.team(team).name.clone()
    }
}
