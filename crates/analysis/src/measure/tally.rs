//! The tally: what one pass over the organization's events gathers for each
//! person before any metric is computed. Each source's pass (in `code`,
//! `reviews`, `calendars`, `evidence_log` and `documents`) adds to it through
//! a [`Collector`], which carries the state the passes share so that none of
//! them needs a long list of parameters; [`PersonMetrics`] does the same for
//! the metrics computed from one person's tally.

use std::collections::{BTreeMap, BTreeSet};

use super::evidence::{Evidence, Interaction, Item, Metric, PersonMeasures};
use super::{Focus, MeasureParams};
use crate::resolve::{Org, PersonId, TeamId};
use model::Window;

/// Lines, commits and sample evidence in one component.
pub(super) type ComponentTally = (u64, usize, Vec<Evidence>);

/// What one person did in the window, gathered from every source, before
/// any metric is computed from it.
#[derive(Default)]
pub(super) struct Tally {
    pub(super) commits: Vec<Evidence>,
    pub(super) lines: u64,
    pub(super) reviews_given: Vec<(TeamId, bool, Evidence)>,
    /// Authors in other teams whose changes the person reviewed.
    pub(super) reviewed_across: BTreeMap<PersonId, (TeamId, Vec<Evidence>)>,
    pub(super) reviews_received: Vec<Evidence>,
    /// Review requests from other teams: (asking team, evidence).
    pub(super) requests_from_other_teams: Vec<(TeamId, Evidence)>,
    /// Meetings from the person's calendar: (hours, with other teams, evidence).
    pub(super) meetings: Vec<(f64, bool, Evidence)>,
    /// Weeks the calendar covers inside the window.
    pub(super) calendar_weeks: f64,
    /// Evidence-log entries in the window: (dimension or signal id, evidence).
    pub(super) self_reported: Vec<(String, Evidence)>,
    /// Entries someone they name as able to confirm has confirmed.
    pub(super) confirmed: Vec<(String, Evidence)>,
    /// Documents the person authored (index into `Org::documents`), dated in the window.
    pub(super) documents: Vec<usize>,
    /// Post-incident reviews of cross-team incidents the person diagnosed or wrote.
    pub(super) incidents: Vec<usize>,
    /// Reviews from code-review exports: (comments, asked for changes, evidence).
    pub(super) detailed_reviews: Vec<(u32, bool, Evidence)>,
    /// Lines and commits per owning team (`None`: unowned), only where the
    /// area is not the person's home at the time.
    pub(super) code_by_team: BTreeMap<TeamId, (u64, Vec<Evidence>)>,
    pub(super) home_lines: u64,
    pub(super) owned_lines: u64,
    pub(super) coauthor_teams: BTreeMap<TeamId, Vec<Evidence>>,
    /// Teams other than the person's own that documents they wrote,
    /// reviewed or approved name as owning or taking part.
    pub(super) document_teams: BTreeMap<TeamId, Vec<Evidence>>,
    pub(super) people: BTreeMap<PersonId, (TeamId, Vec<Evidence>)>,
    /// Lines, commits and sample evidence per component.
    pub(super) components: BTreeMap<String, ComponentTally>,
    pub(super) layers: BTreeMap<&'static str, (u64, Vec<Evidence>)>,
    pub(super) repos: BTreeSet<String>,
    /// Commits counted as work, by repository.
    pub(super) repo_commits: BTreeMap<String, usize>,
    pub(super) excluded: Vec<(Evidence, String)>,
    pub(super) interactions: BTreeMap<TeamId, Interaction>,
}

/// The state every source's pass shares: what is measured, and everything
/// gathered so far.
pub(super) struct Collector<'a> {
    pub(super) org: &'a Org,
    pub(super) window: Window,
    pub(super) focus: Focus,
    pub(super) tallies: BTreeMap<PersonId, Tally>,
    /// Everyone's commits in the window, for the median.
    pub(super) commit_counts: BTreeMap<PersonId, usize>,
    pub(super) team_matrix: BTreeMap<(TeamId, TeamId), u64>,
    pub(super) excluded_commits: BTreeMap<String, u64>,
}

impl<'a> Collector<'a> {
    /// Runs every source's pass over the events in `window`. The order is
    /// fixed because several passes add to the same lists (people worked
    /// with, interactions per team), and their order shows in the evidence.
    pub(super) fn collect(org: &'a Org, window: Window, focus: Focus) -> Self {
        let mut collector = Collector {
            org,
            window,
            focus,
            tallies: BTreeMap::new(),
            commit_counts: BTreeMap::new(),
            team_matrix: BTreeMap::new(),
            excluded_commits: BTreeMap::new(),
        };
        collector.add_commits();
        collector.add_reviews();
        collector.add_review_requests();
        collector.add_calendars();
        collector.add_evidence_log();
        collector.add_documents();
        collector
    }
}

/// Bots are left out of everyone's numbers.
pub(super) fn is_bot(org: &Org, person: PersonId) -> bool {
    org.people.get(person).bot
}

/// The state each source's metrics share while one person is measured:
/// what they read, and the metrics computed so far.
pub(super) struct PersonMetrics<'a> {
    pub(super) org: &'a Org,
    /// Whose metrics these are.
    pub(super) person: PersonId,
    pub(super) params: &'a MeasureParams,
    pub(super) tally: &'a Tally,
    pub(super) metrics: BTreeMap<&'static str, Metric>,
}

/// Turns the metrics `names` into "no data", with `why` as their only item.
pub(super) fn mark_no_data(measures: &mut PersonMeasures, names: &[&'static str], why: &str) {
    for name in names {
        if let Some(metric) = measures.metrics.get_mut(name) {
            metric.value = None;
            metric.items = vec![Item {
                label: "no data".into(),
                detail: why.to_string(),
                evidence: Vec::new(),
            }];
        }
    }
}
