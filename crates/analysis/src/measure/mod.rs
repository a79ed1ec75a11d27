//! Measure: from resolved events to per-person metrics, each with the evidence
//! that produced it. Pure: reads an [`Org`], returns values.
//!
//! The catalogue ([`CATALOGUE`]) names every metric a rubric may use and the
//! data source it needs. Metrics whose source is not collected are absent from
//! a person's measures, so the rubric engine can say "not measured" instead of
//! inventing a zero.
//!
//! The work is in two passes. The first goes over each source's events once
//! and adds to a tally per person (`tally`, with one module per source:
//! `code`, `reviews`, `calendars`, `evidence_log`, `documents`). The second
//! turns each person's tally into metrics (`person`, which calls on the same
//! source modules, on `problems` for what followed a person's documents, and
//! on `reach` and `mix` for what several sources feed). The values it hands
//! out are in `evidence`, the catalogue in `catalogue`, and the path rules
//! (components, layers) in `areas`.

mod areas;
mod calendars;
mod catalogue;
mod code;
mod documents;
mod evidence;
mod evidence_log;
mod mix;
mod person;
mod problems;
mod reach;
mod reviews;
mod tally;
#[cfg(test)]
mod tests;

use crate::resolve::{Org, PersonId};
use model::{Source, Window};

pub use areas::{component_of, layer_of};
pub use catalogue::{CATALOGUE, MeasureParams, MetricInfo, metric_info, names};
pub use evidence::{
    AuthoredDocument, Evidence, Interaction, Item, Metric, OrgMeasures, PersonMeasures,
};
pub use person::TEAM_METRICS;

use person::measure_person;
use reviews::ReviewCoverage;
use tally::{Collector, is_bot};

/// Whose numbers [`measure_for`] works out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// Everyone, in shares measured side by side, one thread each.
    Everyone,
    /// One person: a report's trends need only theirs, quarter by quarter.
    Only(PersonId),
    /// The people whose id leaves `index` when divided by `of`. The shares
    /// `0..of`, merged, are everyone (`of: 1` is everyone on one thread).
    Share { index: u32, of: u32 },
}

impl Focus {
    fn wants(self, person: PersonId) -> bool {
        match self {
            Focus::Everyone => true,
            Focus::Only(only) => only == person,
            Focus::Share { index, of } => person.0 % of.max(1) == index,
        }
    }
}

/// Measures everyone active in `window`.
pub fn measure(org: &Org, window: Window, params: &MeasureParams) -> OrgMeasures {
    measure_for(org, window, params, Focus::Everyone)
}

/// How many shares everyone is measured in: the tallies are most of a
/// report's work after resolution, and people's tallies are independent.
const MEASURE_SHARES: u32 = 2;

/// Measures the people `focus` names in `window`. A focused person's
/// numbers are the same as when everyone is measured (what depends on the
/// rest of the organization, such as its median of commits, is still
/// counted over everyone); the organization's own numbers (`team_matrix`)
/// then hold only that person's part.
pub fn measure_for(org: &Org, window: Window, params: &MeasureParams, focus: Focus) -> OrgMeasures {
    if focus != Focus::Everyone {
        return measure_share(org, window, params, focus);
    }
    let mut shares: Vec<OrgMeasures> = std::thread::scope(|scope| {
        let threads: Vec<_> = (1..MEASURE_SHARES)
            .map(|index| {
                scope.spawn(move || {
                    let share = Focus::Share {
                        index,
                        of: MEASURE_SHARES,
                    };
                    measure_share(org, window, params, share)
                })
            })
            .collect();
        let first = Focus::Share {
            index: 0,
            of: MEASURE_SHARES,
        };
        let mut shares = vec![measure_share(org, window, params, first)];
        shares.extend(
            threads
                .into_iter()
                .map(|thread| thread.join().expect("measuring does not panic")),
        );
        shares
    });
    // The organization-wide numbers (median, exclusions, repositories
    // without trailers) are the same in every share; people and the
    // interactions they make up are each in exactly one.
    let mut merged = shares.remove(0);
    for share in shares {
        merged.people.extend(share.people);
        for (pair, count) in share.team_matrix {
            *merged.team_matrix.entry(pair).or_default() += count;
        }
    }
    merged.people.sort_by_key(|person| person.person);
    merged
}

/// [`measure_for`] on the calling thread.
fn measure_share(org: &Org, window: Window, params: &MeasureParams, focus: Focus) -> OrgMeasures {
    let Collector {
        tallies,
        commit_counts,
        team_matrix,
        excluded_commits,
        ..
    } = Collector::collect(org, window, focus);
    let coverage = ReviewCoverage::of(org, window);

    // The organization's median, for the "impressive, not multiplying" flag.
    let mut commit_counts: Vec<usize> = commit_counts.into_values().collect();
    commit_counts.sort_unstable();
    let median_commits = median(&commit_counts);
    let people = tallies
        .into_iter()
        .filter(|(id, _)| !is_bot(org, *id))
        .map(|(id, tally)| {
            measure_person(org, id, tally, window, params, median_commits, &coverage)
        })
        .collect();

    OrgMeasures {
        window,
        sources: sources_collected(org),
        people,
        team_matrix,
        excluded_commits,
        median_commits,
        repos_without_review_trailers: coverage.without_trailers,
    }
}

/// The sources the organization's data holds: Git always, the others when
/// they were collected.
fn sources_collected(org: &Org) -> Vec<Source> {
    let mut sources = vec![Source::Git];
    if org.has_code_review {
        sources.push(Source::CodeReview);
    }
    if !org.documents.is_empty() {
        sources.push(Source::Documents);
    }
    if org
        .documents
        .iter()
        .any(|d| d.kind == crate::resolve::documents::DocumentKind::Pir)
    {
        sources.push(Source::Incidents);
    }
    if !org.evidence_log.is_empty() {
        sources.push(Source::EvidenceLog);
    }
    if !org.calendars.is_empty() {
        sources.push(Source::Calendars);
    }
    sources
}

fn median(sorted: &[usize]) -> f64 {
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2] as f64,
        n => (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0,
    }
}
