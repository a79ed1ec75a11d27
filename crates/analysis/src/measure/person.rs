//! One person's measures, from their tally: each source's metrics in turn
//! through a [`PersonMetrics`], which carries what they all read, then the
//! metrics that cannot be trusted for this person turned into "no data"
//! with the reason.

use std::collections::BTreeMap;

use super::MeasureParams;
use super::catalogue::names;
use super::evidence::PersonMeasures;
use super::evidence_log::by_dimension;
use super::reviews::{
    EXPORT_METRICS, RecordedShare, ReviewCoverage, cross_reviews_by_team, mark_reviews_unrecorded,
    note_review_coverage,
};
use super::tally::{PersonMetrics, Tally, mark_no_data};
use crate::resolve::{Org, PersonId};
use model::Window;

/// Metrics that count across team boundaries, so need the person's team.
/// The metrics that count across teams: without a team map they count
/// across inferred areas, and say so.
pub const TEAM_METRICS: &[&str] = &[
    names::TEAMS_REACHED,
    names::GROUPS_REACHED,
    names::REVIEW_PEOPLE_OTHER_TEAMS,
    names::CODE_TEAMS_REACHED,
    names::REVIEWS_GIVEN_OTHER_TEAMS,
    names::REVIEW_TEAMS,
    names::PEOPLE_OTHER_TEAMS,
    names::HOME_CONCENTRATION,
    names::REVIEW_REQUESTS_FROM_OTHER_TEAMS,
    names::REVIEW_REQUEST_TEAMS,
];

/// Measures one person from their tally, then marks what the data cannot
/// support for them (reviews not recorded where they work, no home team, no
/// code-review export covering their repositories) as "no data".
pub(super) fn measure_person(
    org: &Org,
    id: PersonId,
    tally: Tally,
    window: Window,
    params: &MeasureParams,
    median_commits: f64,
    coverage: &ReviewCoverage,
) -> PersonMeasures {
    // Reviews given are evidence wherever they were found. None at all is
    // a zero only when most of the person's work is where reviews are
    // recorded (trailers, merges or an export): otherwise it is no data,
    // whatever a stray commit or a review received elsewhere says.
    let recorded = RecordedShare::of(&tally, coverage);
    let gave_reviews = !tally.reviews_given.is_empty();
    let covered_by_export = tally
        .repos
        .iter()
        .any(|repo| coverage.exported.contains(repo.as_str()));
    let mut measures = person_measures(org, id, tally, window, params, median_commits);
    if !gave_reviews && !recorded.is_most() {
        mark_reviews_unrecorded(&mut measures, &recorded);
    } else if gave_reviews && !recorded.is_all() {
        note_review_coverage(&mut measures, &recorded);
    }
    if measures.homes.is_empty() {
        mark_no_data(
            &mut measures,
            TEAM_METRICS,
            "the person has no home team: the teams file does not list them and they change no code a team owns (CODEOWNERS or the teams file), so nothing can be counted across teams",
        );
    }
    if org.has_code_review && !covered_by_export {
        mark_no_data(
            &mut measures,
            EXPORT_METRICS,
            "no code-review export covers the repositories this person works in",
        );
    }
    measures
}

/// Every metric for one person, source by source. The operating mix comes
/// last of the metrics because it reads the others (meeting hours most of
/// all).
fn person_measures(
    org: &Org,
    id: PersonId,
    tally: Tally,
    window: Window,
    params: &MeasureParams,
    median_commits: f64,
) -> PersonMeasures {
    let mut person = PersonMetrics {
        org,
        person: id,
        params,
        tally: &tally,
        metrics: BTreeMap::new(),
    };
    let review_teams = cross_reviews_by_team(&tally);
    person.output();
    person.teams_reached(&review_teams, window);
    person.reviews(&review_teams);
    person.review_exports();
    person.writing();
    person.problems();
    person.incidents();
    person.meetings();
    person.trusted_judgment();
    person.relationships();
    person.breadth();
    person.home_concentration();
    person.operating_mix();
    person.ratios(median_commits);
    person.mix_in_hours();
    let metrics = person.metrics;

    let homes = org
        .homes_during(id, window.since, window.until)
        .into_iter()
        .map(|home| (home.team, home.inferred))
        .collect();
    PersonMeasures {
        person: id,
        homes,
        metrics,
        excluded: tally.excluded,
        self_reported: by_dimension(&tally.self_reported),
        confirmed: by_dimension(&tally.confirmed),
        documents: super::documents::authored_documents(org, &tally.documents, id),
        interactions: tally.interactions,
        repositories: tally.repos,
    }
}
