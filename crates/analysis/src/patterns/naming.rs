//! Names: what a reader sees a class called. A class is named by a short
//! phrase its occurrences share, in the words people wrote ("hung
//! connections", "memory leak"), or else by its characteristic terms.

use std::collections::BTreeMap;

use super::occurrences::written_subject;
use super::text::term_forms;
use super::weights::{Corpus, Origin};
use crate::resolve::Org;

/// In a member's sequence of core terms, a word that is not one.
const GAP: u32 = u32::MAX;

/// Words too general to tell one problem from another in a name.
const GENERIC: &[&str] = &["test", "tests", "code", "case", "error", "issue", "problem"];

impl Corpus {
    /// Up to four core terms, as people wrote them, for the class's name.
    pub(super) fn names_of(&self, core: &[(u32, f64)]) -> Vec<String> {
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

    /// The phrase of two or three core terms, adjacent in what people
    /// wrote, that the most members share (a third of them, two at least).
    pub(super) fn phrase(
        &self,
        org: &Org,
        members: &[usize],
        core: &[(u32, f64)],
    ) -> Option<String> {
        let by_name: BTreeMap<&str, u32> = core
            .iter()
            .map(|(term, _)| (self.names[*term as usize].as_str(), *term))
            .collect();
        let sequences: Vec<Vec<u32>> = members
            .iter()
            .map(|&m| {
                let text = self.text(org, m);
                let mut sequence: Vec<u32> = Vec::new();
                let mut compound: Option<String> = None;
                for (term, _) in term_forms(&text) {
                    // A compound comes before its parts: `max_connections`, not `max connection`.
                    if let Some(whole) = &compound
                        && whole.split('_').any(|part| part.starts_with(term.as_str()))
                    {
                        continue;
                    }
                    compound = term.contains('_').then(|| term.clone());
                    // Another word between two terms breaks the phrase.
                    let id = by_name.get(term.as_str()).copied().unwrap_or(GAP);
                    if sequence.last() != Some(&id) {
                        sequence.push(id);
                    }
                }
                sequence
            })
            .collect();
        let needed = members.len().div_ceil(3).max(2);
        // A name says what went wrong: a phrase of places alone ("fast-import
        // tests") is no name, and a third word must not be a place either.
        let telling = |term: &u32| {
            !self.places[*term as usize] && !GENERIC.contains(&self.names[*term as usize].as_str())
        };
        let best = most_shared(&sequences, 2, needed, |run| run.iter().any(telling))?;
        let phrase = most_shared(&sequences, 3, needed, |run| {
            run.windows(2)
                .position(|pair| pair == best.as_slice())
                .is_some_and(|at| telling(&run[if at == 0 { 2 } else { 0 }]))
        })
        .unwrap_or(best);
        Some(
            phrase
                .iter()
                .map(|term| self.form(*term))
                .collect::<Vec<_>>()
                .join(" "),
        )
    }

    /// What a member's people wrote: a commit's subject (what a revert
    /// reverted), or a review's title.
    fn text(&self, org: &Org, member: usize) -> String {
        let candidate = &self.candidates[member];
        match candidate.origin {
            Origin::Commit(i) => {
                written_subject(&org.commits[i].summary, Some(candidate.kind)).to_string()
            }
            Origin::Document(i) => org.documents[i].title.to_string(),
        }
    }
}

/// The run of `length` terms found in the most sequences (`needed` at
/// least), counted once per sequence; ties go to the run met first.
fn most_shared(
    sequences: &[Vec<u32>],
    length: usize,
    needed: usize,
    keep: impl Fn(&[u32]) -> bool,
) -> Option<Vec<u32>> {
    let mut counts: BTreeMap<&[u32], (usize, usize)> = BTreeMap::new();
    let mut order = 0;
    for sequence in sequences {
        let mut seen: Vec<&[u32]> = sequence.windows(length).collect();
        seen.sort();
        seen.dedup();
        for run in seen {
            let distinct = run.iter().collect::<std::collections::BTreeSet<_>>().len() == run.len();
            if distinct && !run.contains(&GAP) && keep(run) {
                order += 1;
                counts.entry(run).or_insert((0, order)).0 += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter(|(_, (n, _))| *n >= needed)
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then_with(|| b.1.1.cmp(&a.1.1)))
        .map(|(run, _)| run.to_vec())
}

/// A term as a name shows it: a kind of file changed as "`go.mod` files".
pub(super) fn shown_term(term: &str) -> String {
    match term.strip_prefix("file:") {
        Some(file) => format!("{file} files"),
        None => term.to_string(),
    }
}
