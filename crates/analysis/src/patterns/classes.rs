//! Classes: a cluster becomes a [`Pattern`] when it recurs enough across
//! teams. This is where a class gets its name (its characteristic terms), its
//! documents, its fixers, whether anyone owns it, and its rank.
//!
//! Clustering only groups texts; everything a reader sees about a class is
//! decided here, from the cluster's members and the [`Org`].

use std::collections::{BTreeMap, BTreeSet};

use super::weights::{Candidate, Corpus, Origin};
use super::{Fixer, Naming, Occurrence, OccurrenceKind, Options, Pattern};
use crate::measure::Evidence;
use crate::resolve::{Org, PersonId, ResolvedDocument, TeamId};
use model::Window;

/// A cluster's centroid (the sum of its members' vectors) and, per term, how
/// many members have it.
type Centroid = (BTreeMap<u32, f64>, BTreeMap<u32, usize>);

impl Corpus {
    fn evidence(&self, org: &Org, candidate: &Candidate) -> Evidence {
        match candidate.origin {
            Origin::Commit(index) => {
                let commit = &org.commits[index];
                Evidence {
                    repo: org.repos.get(commit.repo).cloned().unwrap_or_default(),
                    reference: model::Reference::commit(commit.short_id()),
                    time: commit.time,
                    summary: commit.summary.clone(),
                    detail: candidate.kind.label().into(),
                }
            }
            Origin::Document(index) => {
                document_evidence(org, &org.documents[index], "incident review")
            }
        }
    }

    /// The teams an occurrence happened in, and who fixed it.
    fn teams(&self, org: &Org, candidate: &Candidate) -> (Vec<TeamId>, Option<PersonId>) {
        match candidate.origin {
            Origin::Commit(index) => {
                let commit = &org.commits[index];
                let mut owners: BTreeMap<TeamId, usize> = BTreeMap::new();
                for file in commit.files.iter().filter(|f| !f.generated) {
                    if let Some(team) = file.team {
                        *owners.entry(team).or_default() += 1;
                    }
                }
                let team = owners
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(team, _)| *team)
                    .or_else(|| org.home_at(commit.author, commit.time).map(|h| h.team));
                (team.into_iter().collect(), Some(commit.author))
            }
            Origin::Document(index) => {
                let document = &org.documents[index];
                let mut teams: Vec<TeamId> = document
                    .teams_affected
                    .iter()
                    .filter_map(|name| org.team_by_name(name))
                    .collect();
                if teams.is_empty() {
                    teams.extend(
                        document
                            .authors
                            .iter()
                            .filter_map(|a| org.home_at(*a, document.date))
                            .map(|h| h.team),
                    );
                }
                teams.sort();
                teams.dedup();
                (teams, None)
            }
        }
    }

    /// The class the cluster `members` describes, if it has enough
    /// occurrences in enough teams and at least two terms people wrote.
    pub(super) fn pattern(
        &self,
        org: &Org,
        window: Window,
        members: &[usize],
        options: &Options,
    ) -> Option<Pattern> {
        if members.len() < options.min_occurrences {
            return None;
        }
        let mut occurrences = self.occurrences(org, members);
        let teams: BTreeSet<TeamId> = occurrences.iter().flat_map(|o| o.teams.clone()).collect();
        if teams.len() < options.min_teams {
            return None;
        }
        let (centroid, counts) = self.centroid(members);
        let norm = centroid.values().map(|w| w * w).sum::<f64>().sqrt();
        let core = self.core_terms(&counts, members.len())?;
        let terms = self.names_of(&core);
        let typical = self.typical(members, &centroid);
        let named_by = self.named_by(org, members, &centroid, norm, options);
        let fixers = fixers(org, &occurrences);
        let owned = !named_by.is_empty() || fixers.iter().any(|f| f.teams.len() >= 2);

        occurrences.sort_by(|a, b| {
            a.evidence
                .time
                .cmp(&b.evidence.time)
                .then_with(|| a.evidence.id().cmp(&b.evidence.id()))
        });
        let first_seen = occurrences.first().map_or(0, |o| o.evidence.time);
        let last_seen = occurrences.last().map_or(0, |o| o.evidence.time);
        let recurring = last_seen >= window.until - options.recurring_days * 86_400;
        let span = (window.until - window.since).max(1) as f64;
        let recency = 0.5 + 0.5 * ((last_seen - window.since) as f64 / span).clamp(0.0, 1.0);
        let strength = teams.len() as f64 * occurrences.len() as f64 * recency;
        let repos: BTreeSet<String> = occurrences
            .iter()
            .map(|o| o.evidence.repo.to_string())
            .collect();
        let team_names: Vec<String> = teams.iter().map(|t| org.team(*t).name.clone()).collect();
        let typical_evidence = self.evidence(org, &self.candidates[typical]);
        let shown_terms = terms
            .iter()
            .map(|t| shown_term(t))
            .collect::<Vec<_>>()
            .join(", ");
        let description = format!(
            "{} in {} teams ({}) share the terms {}; most typical: \"{}\" ({})",
            kinds_text(&occurrences),
            teams.len(),
            team_names.join(", "),
            shown_terms,
            typical_evidence.summary,
            typical_evidence.id()
        );
        Some(Pattern {
            name: shown_terms,
            terms,
            description,
            teams: teams.into_iter().collect(),
            repos: repos.into_iter().collect(),
            occurrences,
            first_seen,
            last_seen,
            recurring,
            named_by,
            fixers,
            owned,
            strength,
        })
    }

    /// Each member as an occurrence: its evidence, its teams and its fixer.
    fn occurrences(&self, org: &Org, members: &[usize]) -> Vec<Occurrence> {
        members
            .iter()
            .map(|&m| {
                let candidate = &self.candidates[m];
                let (teams, fixer) = self.teams(org, candidate);
                Occurrence {
                    kind: candidate.kind,
                    evidence: self.evidence(org, candidate),
                    teams,
                    fixer,
                }
            })
            .collect()
    }

    /// The centroid, and the terms most members share.
    fn centroid(&self, members: &[usize]) -> Centroid {
        let mut centroid: BTreeMap<u32, f64> = BTreeMap::new();
        let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
        for &m in members {
            for &(term, weight) in &self.candidates[m].vector {
                *centroid.entry(term).or_default() += weight;
                *counts.entry(term).or_default() += 1;
            }
        }
        (centroid, counts)
    }

    /// The terms half the members or more share (two at least), weighed by
    /// how many share them and how rare they are, heaviest first.
    fn core_terms(&self, counts: &BTreeMap<u32, usize>, members: usize) -> Option<Vec<(u32, f64)>> {
        let mut core: Vec<(u32, f64)> = counts
            .iter()
            .filter(|(_, n)| **n * 2 >= members && **n >= 2)
            .map(|(&term, &n)| (term, n as f64 * self.idf[term as usize]))
            .collect();
        // One shared word is a topic, not a class of problem; and a kind of
        // file changed together is a class only with words people wrote.
        if core.len() < 2
            || core
                .iter()
                .filter(|(t, _)| !self.names[*t as usize].starts_with("file:"))
                .count()
                < 2
        {
            return None;
        }
        core.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Some(core)
    }

    /// Up to four core terms, as people wrote them, for the class's name.
    fn names_of(&self, core: &[(u32, f64)]) -> Vec<String> {
        // Compounds first (they sort first, being rarer); their parts add nothing.
        let mut terms: Vec<String> = Vec::new();
        for (term, _) in core {
            let form = self.form(*term);
            let covered = terms.iter().any(|chosen| {
                chosen.split(['_', '-', '.', '/']).any(|part| {
                    part != chosen && part.starts_with(self.names[*term as usize].as_str())
                })
            });
            if !covered {
                terms.push(form);
            }
            if terms.len() == 4 {
                break;
            }
        }
        terms
    }

    /// The most typical member: the closest to the centroid.
    fn typical(&self, members: &[usize], centroid: &BTreeMap<u32, f64>) -> usize {
        members
            .iter()
            .map(|&m| {
                let similarity: f64 = self.candidates[m]
                    .vector
                    .iter()
                    .map(|(t, w)| w * centroid.get(t).copied().unwrap_or(0.0))
                    .sum();
                (m, similarity)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map(|(m, _)| m)
            .expect("a cluster has members")
    }

    /// Documents naming the class: cited by its fixes, or a title that says the same.
    fn named_by(
        &self,
        org: &Org,
        members: &[usize],
        centroid: &BTreeMap<u32, f64>,
        norm: f64,
        options: &Options,
    ) -> Vec<Naming> {
        let member_commits: BTreeSet<usize> = members
            .iter()
            .filter_map(|&m| match self.candidates[m].origin {
                Origin::Commit(i) => Some(i),
                Origin::Document(_) => None,
            })
            .collect();
        let member_documents: BTreeSet<usize> = members
            .iter()
            .filter_map(|&m| match self.candidates[m].origin {
                Origin::Document(i) => Some(i),
                Origin::Commit(_) => None,
            })
            .collect();
        let mut named_by = Vec::new();
        for (index, document) in org.documents.iter().enumerate() {
            let cited = document
                .citations
                .iter()
                .any(|c| member_commits.contains(&c.commit));
            // A member document names the class only when the class's fixes
            // cite it (an incident review whose remediation landed citing it);
            // otherwise it is one more occurrence.
            if member_documents.contains(&index) && !cited {
                continue;
            }
            let similarity: f64 = if norm > 0.0 {
                self.document_vectors[index]
                    .iter()
                    .map(|(t, w)| w * centroid.get(t).copied().unwrap_or(0.0))
                    .sum::<f64>()
                    / norm
            } else {
                0.0
            };
            let how = if cited {
                "cited by its fixes"
            } else if similarity >= options.naming_similarity {
                "its title describes the class"
            } else {
                continue;
            };
            named_by.push(Naming {
                document: index,
                evidence: document_evidence(org, document, document.kind.label()),
                authors: document.authors.clone(),
                how: how.to_string(),
            });
        }
        named_by
    }
}

/// Who fixed the class where: people (not bots) with the teams whose code
/// they fixed it in, most teams first.
fn fixers(org: &Org, occurrences: &[Occurrence]) -> Vec<Fixer> {
    let mut by_fixer: BTreeMap<PersonId, (BTreeSet<TeamId>, Vec<Evidence>)> = BTreeMap::new();
    for occurrence in occurrences {
        if let Some(person) = occurrence.fixer
            && !org.people.get(person).bot
        {
            let entry = by_fixer.entry(person).or_default();
            entry.0.extend(occurrence.teams.iter().copied());
            entry.1.push(occurrence.evidence.clone());
        }
    }
    let mut fixers: Vec<Fixer> = by_fixer
        .into_iter()
        .map(|(person, (teams, evidence))| Fixer {
            person,
            teams: teams.into_iter().collect(),
            evidence,
        })
        .collect();
    fixers.sort_by(|a, b| {
        b.teams
            .len()
            .cmp(&a.teams.len())
            .then_with(|| b.evidence.len().cmp(&a.evidence.len()))
            .then_with(|| a.person.cmp(&b.person))
    });
    fixers
}

fn shown_term(term: &str) -> String {
    match term.strip_prefix("file:") {
        Some(file) => format!("{file} files"),
        None => term.to_string(),
    }
}

/// "4 fixes, 1 revert and 2 incident reviews".
fn kinds_text(occurrences: &[Occurrence]) -> String {
    let mut counts: BTreeMap<OccurrenceKind, usize> = BTreeMap::new();
    for occurrence in occurrences {
        *counts.entry(occurrence.kind).or_default() += 1;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(kind, n)| {
            let label = kind.label();
            match (n, *kind) {
                (1, _) => format!("1 {label}"),
                (_, OccurrenceKind::Fix) => format!("{n} fixes"),
                (_, OccurrenceKind::Remediation) => format!("{n} remediations"),
                _ => format!("{n} {label}s"),
            }
        })
        .collect();
    match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn document_evidence(org: &Org, document: &ResolvedDocument, detail: &str) -> Evidence {
    Evidence {
        repo: org.repos.get(document.repo).cloned().unwrap_or_default(),
        reference: model::Reference::path(&document.path),
        time: document.date,
        summary: document.title.as_str().into(),
        detail: detail.into(),
    }
}
