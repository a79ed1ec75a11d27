//! Classes: a cluster becomes a [`Pattern`] when it recurs enough across
//! teams. This is where a class gets its name (its characteristic terms), its
//! documents, its fixers, whether anyone owns it, and its rank.
//!
//! Clustering only groups texts; everything a reader sees about a class is
//! decided here, from the cluster's members and the [`Org`].

use std::collections::{BTreeMap, BTreeSet};

use super::episodes::{EpisodeKey, Member, episodes};
use super::naming::shown_term;
use super::occurrences::{is_class_word, is_symptom};
use super::text::is_reference;
use super::weights::{Candidate, Corpus, Origin, is_test_path};
use super::{Fixer, Naming, Occurrence, OccurrenceKind, Options, Pattern};
use crate::measure::Evidence;
use crate::resolve::documents::DocumentKind;
use crate::resolve::{Org, PersonId, ResolvedDocument, ResolvedFile, TeamId};
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
                // Where most of the fix's lines are; tests that come with a
                // fix go where the fix went, unless the fix is all tests.
                let commit = &org.commits[index];
                let owned = |f: &&ResolvedFile| !f.generated && f.team.is_some();
                let code = commit
                    .files
                    .iter()
                    .filter(owned)
                    .any(|f| !is_test_path(&f.path));
                let mut owners: BTreeMap<TeamId, u64> = BTreeMap::new();
                for file in commit.files.iter().filter(owned) {
                    if code && is_test_path(&file.path) {
                        continue;
                    }
                    if let Some(team) = file.team {
                        *owners.entry(team).or_default() += file.lines().max(1);
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

    /// The class the cluster `members` describes, if it recurs: enough
    /// independent episodes, in enough teams, fixed by more than one person,
    /// sharing two words people wrote (or one symptom), one that names no
    /// place, and one that says what went wrong, unless an id or an incident
    /// review ties them.
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
        let episodes = occurrences
            .iter()
            .map(|o| o.episode)
            .max()
            .map_or(0, |e| e + 1);
        if episodes < options.min_occurrences {
            return None;
        }
        let teams = episode_teams(&occurrences);
        if teams.len() < options.min_teams || people(org, &occurrences) < options.min_people {
            return None;
        }
        let (centroid, counts) = self.centroid(members);
        let norm = centroid.values().map(|w| w * w).sum::<f64>().sqrt();
        let core = self.core_terms(&counts, members.len())?;
        // A class is about a problem: its shared words say what went wrong or
        // where, an id links its occurrences, or an incident review is among them.
        let reviewed = occurrences
            .iter()
            .any(|o| o.kind == OccurrenceKind::IncidentReview);
        let about_a_problem = core.iter().any(|(t, _)| {
            let name = &self.names[*t as usize];
            is_class_word(name) || is_reference(name)
        });
        if !about_a_problem && !reviewed {
            return None;
        }
        let terms = self.names_of(&core);
        let typical = self.typical(members, &centroid);
        let named_by = self.named_by(org, members, &centroid, norm, options);
        let fixers = fixers(org, &occurrences, &teams);
        let ownership = ownership(org, &named_by, &fixers, teams.len());

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
        let strength = teams.len() as f64 * episodes as f64 * recency;
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
            "{} ({} independent) in {} teams ({}) share the words {}; most typical: \"{}\" ({})",
            kinds_text(&occurrences),
            episodes,
            teams.len(),
            team_names.join(", "),
            shown_terms,
            typical_evidence.summary,
            typical_evidence.id()
        );
        let name = self.phrase(org, members, &core).unwrap_or(shown_terms);
        Some(Pattern {
            name,
            terms,
            description,
            teams: teams.into_iter().collect(),
            repos: repos.into_iter().collect(),
            occurrences,
            episodes,
            first_seen,
            last_seen,
            recurring,
            named_by,
            fixers,
            owned: ownership.is_ok(),
            ownership: ownership.unwrap_or_else(|why| why),
            strength,
        })
    }

    /// Each member as an occurrence: its evidence, its teams, its fixer and
    /// its episode (numbered from 0 in order of first appearance).
    fn occurrences(&self, org: &Org, members: &[usize]) -> Vec<Occurrence> {
        let places: Vec<Member> = members
            .iter()
            .map(|&m| match self.candidates[m].origin {
                Origin::Commit(i) => {
                    let commit = &org.commits[i];
                    Member::Commit {
                        merge: self.merges[i],
                        author: commit.author,
                        repo: commit.repo,
                        time: commit.time,
                    }
                }
                Origin::Document(i) => Member::Document(i),
            })
            .collect();
        let keys = episodes(&places);
        let mut first: BTreeMap<EpisodeKey, i64> = BTreeMap::new();
        for (key, &m) in keys.iter().zip(members) {
            let time = self.candidates[m].time;
            first
                .entry(*key)
                .and_modify(|t| *t = (*t).min(time))
                .or_insert(time);
        }
        let mut by_time: Vec<(i64, EpisodeKey)> = first.into_iter().map(|(k, t)| (t, k)).collect();
        by_time.sort();
        let order: BTreeMap<EpisodeKey, usize> = by_time
            .into_iter()
            .enumerate()
            .map(|(n, (_, key))| (key, n))
            .collect();
        members
            .iter()
            .zip(&keys)
            .map(|(&m, key)| {
                let candidate = &self.candidates[m];
                let (teams, fixer) = self.teams(org, candidate);
                Occurrence {
                    kind: candidate.kind,
                    evidence: self.evidence(org, candidate),
                    teams,
                    fixer,
                    episode: order[key],
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
        // One shared word is a topic, not a class of problem; a kind of
        // file changed together is a class only with words people wrote; and
        // words that all name places (a subsystem, a folder, a repository)
        // say where work happened, not what went wrong.
        // One word that names a symptom ("leak", "race") is a class on its own.
        let written = |t: &u32| !self.names[*t as usize].starts_with("file:");
        let symptom = core
            .iter()
            .any(|(t, _)| is_symptom(&self.names[*t as usize]));
        if (core.iter().filter(|(t, _)| written(t)).count() < 2 && !symptom)
            || !core
                .iter()
                .any(|(t, _)| written(t) && !self.places[*t as usize])
        {
            return None;
        }
        core.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Some(core)
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
                cited,
            });
        }
        // The documents that own the class first, those proposing a fix
        // (an RFC, a design) before the incident reviews that describe it.
        named_by.sort_by_key(|naming| {
            let review = org.documents[naming.document].kind == DocumentKind::Pir;
            (!naming.cited, review)
        });
        named_by
    }
}

/// The class's teams: each episode's own team (where most of its commits
/// were, or the teams an incident review names), so that one series
/// touching three teams' code counts where it mostly happened.
fn episode_teams(occurrences: &[Occurrence]) -> BTreeSet<TeamId> {
    let mut per_episode: BTreeMap<usize, BTreeMap<TeamId, usize>> = BTreeMap::new();
    let mut teams = BTreeSet::new();
    for occurrence in occurrences {
        if occurrence.kind == OccurrenceKind::IncidentReview {
            teams.extend(occurrence.teams.iter().copied());
            continue;
        }
        let counts = per_episode.entry(occurrence.episode).or_default();
        for team in &occurrence.teams {
            *counts.entry(*team).or_default() += 1;
        }
    }
    for counts in per_episode.values() {
        if let Some((team, _)) = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        {
            teams.insert(*team);
        }
    }
    teams
}

/// How many people (not bots) fixed or wrote up the class.
fn people(org: &Org, occurrences: &[Occurrence]) -> usize {
    let mut people: BTreeSet<PersonId> = BTreeSet::new();
    for occurrence in occurrences {
        people.extend(occurrence.fixer.filter(|p| !org.people.get(*p).bot));
    }
    // An incident review with no fixer is someone's occurrence too.
    let reviews = occurrences
        .iter()
        .filter(|o| o.kind == OccurrenceKind::IncidentReview)
        .count();
    people.len() + reviews.min(1)
}

/// Who owns the class and why (`Ok`), or why no one does (`Err`): a
/// document its fixes cite, or one person whose fixes cover most of its
/// teams. A document titled alike is related, not an owner.
fn ownership(
    org: &Org,
    named_by: &[Naming],
    fixers: &[Fixer],
    teams: usize,
) -> Result<String, String> {
    if let Some(naming) = named_by.iter().find(|n| n.cited) {
        return Ok(format!(
            "{} names it, and its fixes cite it",
            naming.evidence.id()
        ));
    }
    if let Some(fixer) = fixers
        .iter()
        .find(|f| f.teams.len() >= 2 && f.teams.len() * 2 > teams)
    {
        return Ok(format!(
            "{} fixed it in {} of its {teams} teams",
            org.people.get(fixer.person).name,
            fixer.teams.len()
        ));
    }
    Err(match fixers.first() {
        Some(fixer) if fixer.teams.len() >= 2 => format!(
            "unowned: no document its fixes cite names it, and no one fixed it in most of its teams ({} at most: {} of {teams})",
            org.people.get(fixer.person).name,
            fixer.teams.len()
        ),
        _ => "unowned: no document its fixes cite names it, and no one fixed it in more than one team"
            .to_string(),
    })
}

/// Who fixed the class where: people (not bots) with the class's teams
/// whose code they fixed it in, most teams first.
fn fixers(org: &Org, occurrences: &[Occurrence], teams: &BTreeSet<TeamId>) -> Vec<Fixer> {
    let mut by_fixer: BTreeMap<PersonId, (BTreeSet<TeamId>, Vec<Evidence>)> = BTreeMap::new();
    for occurrence in occurrences {
        if let Some(person) = occurrence.fixer
            && !org.people.get(person).bot
        {
            let entry = by_fixer.entry(person).or_default();
            // Only the class's teams: an episode counts where it mostly was.
            entry.0.extend(
                occurrence
                    .teams
                    .iter()
                    .filter(|t| teams.contains(t))
                    .copied(),
            );
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
