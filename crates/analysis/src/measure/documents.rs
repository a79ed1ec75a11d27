//! Documents: which documents and cross-team incidents count for a person,
//! and the metrics read from them (writing, initiatives, decisions). What
//! other people did after a document (problem finding, systemic problems)
//! and incidents led are in `problems`.

use std::collections::{BTreeMap, BTreeSet};

use super::catalogue::names;
use super::evidence::{Evidence, Item, Metric, count, counted, document_evidence, evidence};
use super::tally::PersonMetrics;
use super::tally::{Collector, is_bot};
use crate::resolve::documents::{DocumentKind, Status};
use crate::resolve::{Org, PersonId, ResolvedDocument, TeamId};

impl Collector<'_> {
    /// Documents dated in the window, for their authors; post-incident
    /// reviews of incidents that affected two or more teams, also for whoever
    /// diagnosed them (the authors when the review names no one).
    pub(super) fn add_documents(&mut self) {
        let (org, window, focus) = (self.org, self.window, self.focus);
        for (index, document) in org
            .documents
            .iter()
            .enumerate()
            .filter(|(_, d)| window.contains(d.date))
        {
            for author in &document.authors {
                if !is_bot(org, *author) && focus.wants(*author) {
                    self.tallies
                        .entry(*author)
                        .or_default()
                        .documents
                        .push(index);
                }
            }
            self.add_document_teams(document);
            if document.kind == DocumentKind::Pir && document.teams_affected.len() >= 2 {
                let leads: &[PersonId] = if document.diagnosed_by.is_empty() {
                    &document.authors
                } else {
                    &document.diagnosed_by
                };
                for lead in leads.iter().filter(|lead| focus.wants(**lead)) {
                    self.tallies.entry(*lead).or_default().incidents.push(index);
                }
            }
        }
    }

    /// The teams a document names (owning and participating), for each
    /// author and each reviewer or approver whose own team is another:
    /// taking part in a team's proposals is working with that team.
    /// Incident reviews name the teams an incident hit, not teams worked
    /// with, so they are left out.
    fn add_document_teams(&mut self, document: &ResolvedDocument) {
        let (org, focus) = (self.org, self.focus);
        if document.teams.is_empty() || document.kind == DocumentKind::Pir {
            return;
        }
        let roles = (document.authors.iter().map(|p| (*p, "wrote"))).chain(
            document
                .reviewers
                .iter()
                .map(|p| (*p, "reviewed or approved")),
        );
        for (person, role) in roles {
            if is_bot(org, person) || !focus.wants(person) {
                continue;
            }
            let own = |team| org.is_own_team(person, team, document.date);
            for &team in document.teams.iter().filter(|t| !own(**t)) {
                let detail = format!(
                    "{role} {}, which names {} among the teams it involves",
                    document.id.as_deref().unwrap_or(&document.title),
                    org.team(team).name
                );
                let item = document_evidence(org, document, detail);
                let tally = self.tallies.entry(person).or_default();
                tally.document_teams.entry(team).or_default().push(item);
            }
        }
    }
}

impl PersonMetrics<'_> {
    /// Writing, initiatives and decisions, from the documents the person
    /// authored.
    pub(super) fn writing(&mut self) {
        let org = self.org;
        let mut authored = Vec::new();
        let mut cited_by_team: BTreeMap<TeamId, Vec<Evidence>> = BTreeMap::new();
        let mut initiatives = Vec::new();
        let mut decisions = Vec::new();
        for &index in &self.tally.documents {
            let document = &org.documents[index];
            authored.push(authored_item(org, document, self.person));
            let author_teams = author_teams(org, document);
            let teams_citing = commits_citing(org, document, &author_teams);
            for (team, items) in &teams_citing {
                cited_by_team
                    .entry(*team)
                    .or_default()
                    .extend(items.iter().cloned());
            }
            // Read by another team, though not adopted in its code: writing
            // reach, not an initiative.
            for (team, item) in documents_citing(org, document, &author_teams) {
                cited_by_team.entry(team).or_default().push(item);
            }
            initiatives.extend(
                initiative(org, document, &teams_citing)
                    .or_else(|| accepted_across_teams(org, document, &author_teams)),
            );
            decisions.extend(decision(org, document));
        }
        self.metrics.insert(
            names::DOCUMENTS_AUTHORED,
            Metric {
                value: count(authored.len()),
                items: authored,
            },
        );
        self.metrics.insert(
            names::DOCUMENTS_CITED_BY_OTHER_TEAMS,
            Metric {
                value: count(cited_by_team.len()),
                items: cited_by_team
                    .into_iter()
                    .map(|(team, evidence)| Item {
                        label: org.team(team).name.clone(),
                        detail: counted(evidence.len(), "citing commit"),
                        evidence,
                    })
                    .collect(),
            },
        );
        self.metrics.insert(
            names::INITIATIVES,
            Metric {
                value: count(initiatives.len()),
                items: initiatives,
            },
        );
        self.metrics.insert(
            names::DECISIONS_DOCUMENTED,
            Metric {
                value: count(decisions.len()),
                items: decisions,
            },
        );
    }
}

/// A document authored, with where its kind and this person's authorship
/// came from.
/// The person's authored documents with their kind and status, each with
/// the evidence `documents_authored` gives it.
pub(super) fn authored_documents(
    org: &Org,
    documents: &[usize],
    person: PersonId,
) -> Vec<super::evidence::AuthoredDocument> {
    documents
        .iter()
        .map(|&index| {
            let document = &org.documents[index];
            let item = authored_item(org, document, person);
            super::evidence::AuthoredDocument {
                kind: document.kind.key(),
                status: document.status_state.map(Status::label),
                evidence: item.evidence.into_iter().next().expect("one per document"),
            }
        })
        .collect()
}

fn authored_item(org: &Org, document: &ResolvedDocument, person: PersonId) -> Item {
    let how = document
        .authors
        .iter()
        .position(|author| *author == person)
        .and_then(|at| document.author_links.get(at));
    let authorship = match how {
        _ if document.authors_inferred => {
            "author inferred from the file's history (wrote most of its lines)".to_string()
        }
        Some(how) if how.starts_with("opened") => format!("author {how}"),
        Some(how) => format!("author named in the document; {how}"),
        None => "author named in the document".to_string(),
    };
    let detail = format!(
        "{} (kind from {}; {authorship})",
        document.kind.label(),
        document.kind_rule
    );
    // Credits inferred from history count like named ones (who wrote
    // most of a file is strong evidence) but say so beside the path, so a
    // reader sees at a glance which credits a document itself does not give.
    let path = if document.authors_inferred {
        format!("{} (author inferred from history)", document.path)
    } else {
        document.path.clone()
    };
    Item {
        label: format!("{}: {}", document.kind.label(), document.title),
        detail: path,
        evidence: vec![document_evidence(org, document, detail)],
    }
}

/// The teams of a document's authors when they wrote it (every team each
/// was in): citations from these teams are the authors' own, not reach.
pub(super) fn author_teams(org: &Org, document: &ResolvedDocument) -> BTreeSet<TeamId> {
    document
        .authors
        .iter()
        .flat_map(|a| org.homes_during(*a, document.date, document.date + 1))
        .map(|h| h.team)
        .collect()
}

/// Commits by people in teams other than the authors' that cite the
/// document, by the citing team.
fn commits_citing(
    org: &Org,
    document: &ResolvedDocument,
    author_teams: &BTreeSet<TeamId>,
) -> BTreeMap<TeamId, Vec<Evidence>> {
    let mut teams_citing: BTreeMap<TeamId, Vec<Evidence>> = BTreeMap::new();
    for citation in &document.citations {
        let commit = &org.commits[citation.commit];
        let Some(home) = org.home_at(commit.author, commit.time) else {
            continue;
        };
        if author_teams.contains(&home.team) || document.authors.contains(&commit.author) {
            continue;
        }
        let item = evidence(
            org,
            commit,
            format!(
                "cites {} ({}) from {}",
                citation.by,
                document.title,
                org.team(home.team).name
            ),
        );
        teams_citing.entry(home.team).or_default().push(item);
    }
    teams_citing
}

/// Other documents citing this one, once per author in a team other than
/// this document's authors': (that author's team, evidence).
fn documents_citing(
    org: &Org,
    document: &ResolvedDocument,
    author_teams: &BTreeSet<TeamId>,
) -> Vec<(TeamId, Evidence)> {
    let mut citing_items = Vec::new();
    for (citing, by) in &document.cited_by_documents {
        let other = &org.documents[*citing];
        for author in &other.authors {
            let Some(home) = org.home_at(*author, other.date) else {
                continue;
            };
            if author_teams.contains(&home.team) || document.authors.contains(author) {
                continue;
            }
            let item = document_evidence(
                org,
                other,
                format!(
                    "cites {by} ({}) from {}",
                    document.title,
                    org.team(home.team).name
                ),
            );
            citing_items.push((home.team, item));
        }
    }
    citing_items
}

/// An initiative: a document followed by adopting work (commits citing it)
/// in three or more other teams.
fn initiative(
    org: &Org,
    document: &ResolvedDocument,
    teams_citing: &BTreeMap<TeamId, Vec<Evidence>>,
) -> Option<Item> {
    if teams_citing.len() < 3 {
        return None;
    }
    let team_names: Vec<String> = teams_citing
        .keys()
        .map(|t| org.team(*t).name.clone())
        .collect();
    let all: Vec<Evidence> = teams_citing.values().flatten().cloned().collect();
    let (first, last) = (
        all.iter().map(|e| e.time).min().unwrap_or(0),
        all.iter().map(|e| e.time).max().unwrap_or(0),
    );
    let mut evidence_list = vec![document_evidence(org, document, "the document".into())];
    evidence_list.extend(all.iter().cloned());
    Some(Item {
        label: format!("{}: {}", document.kind.label(), document.title),
        detail: format!(
            "adopted by work in {} ({} citing commits, {} to {})",
            team_names.join(", "),
            all.len(),
            model::date(first),
            model::date(last)
        ),
        evidence: evidence_list,
    })
}

/// An initiative the document itself records: a proposal that names three
/// or more teams besides its authors' own as owning or taking part, and
/// that was accepted or implemented. Work citing it is not needed: many
/// processes (KEPs) track adoption elsewhere.
fn accepted_across_teams(
    org: &Org,
    document: &ResolvedDocument,
    author_teams: &BTreeSet<TeamId>,
) -> Option<Item> {
    let accepted = matches!(
        document.status_state,
        Some(Status::Accepted | Status::Implemented | Status::Active)
    );
    if !accepted || matches!(document.kind, DocumentKind::Pir | DocumentKind::Other) {
        return None;
    }
    let others: Vec<&str> = document
        .teams
        .iter()
        .filter(|t| !author_teams.contains(t))
        .map(|t| org.team(*t).name.as_str())
        .collect();
    if others.len() < 3 {
        return None;
    }
    let status = document.status.as_deref().unwrap_or_default();
    Some(Item {
        label: format!("{}: {}", document.kind.label(), document.title),
        detail: format!(
            "names {} teams besides its authors' own as owning or taking part ({}); status `{status}`",
            others.len(),
            others.join(", ")
        ),
        evidence: vec![document_evidence(
            org,
            document,
            "the document, naming the teams".into(),
        )],
    })
}

/// A document that weighs options and records a decision (an ADR, or a
/// proposal with its alternatives and a decided status), and whether the
/// decision held up later.
fn decision(org: &Org, document: &ResolvedDocument) -> Option<Item> {
    if matches!(document.kind, DocumentKind::Pir | DocumentKind::Other) {
        return None;
    }
    let judgment = document.judgment.as_ref()?;
    // Held up later: work and documents that rely on the decision after it
    // was made, unless it was superseded.
    let relied_on: Vec<Evidence> = document
        .citations
        .iter()
        .map(|c| &org.commits[c.commit])
        .filter(|commit| commit.time > document.date)
        .map(|commit| evidence(org, commit, "relies on the decision".into()))
        .collect();
    let cited_by_documents = document
        .cited_by_documents
        .iter()
        .filter(|(citing, _)| org.documents[*citing].date > document.date)
        .count();
    let later = match document.status_state {
        Some(Status::Superseded) => "; later superseded".to_string(),
        Some(Status::Rejected) => "; decided against".to_string(),
        _ if relied_on.is_empty() && cited_by_documents == 0 => {
            "; nothing cites it later yet".to_string()
        }
        _ => format!(
            "; held up later: {} and {} rely on it",
            counted(relied_on.len(), "change"),
            counted(cited_by_documents, "other document")
        ),
    };
    let what = format!("{} with a decision", document.kind.label());
    let mut evidence_list = vec![document_evidence(org, document, what)];
    evidence_list.extend(relied_on);
    Some(Item {
        label: document.title.clone(),
        detail: format!("{judgment}{later}"),
        evidence: evidence_list,
    })
}
