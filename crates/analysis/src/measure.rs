//! Measure: from resolved events to per-person metrics, each with the evidence
//! that produced it. Pure: reads an [`Org`], returns values.
//!
//! The catalogue ([`CATALOGUE`]) names every metric a rubric may use and the
//! data source it needs. Metrics whose source is not collected are absent from
//! a person's measures, so the rubric engine can say "not measured" instead of
//! inventing a zero.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use crate::resolve::{Exclusion, Home, Org, PersonId, ResolvedCommit, ResolvedReview, TeamId};
use model::{Source, Timestamp, Window};

/// A metric a rubric can name.
#[derive(Clone, Copy, Debug)]
pub struct MetricInfo {
    pub name: &'static str,
    pub source: Source,
    pub description: &'static str,
    /// Set for metrics that stand in for something the data cannot see directly.
    pub proxy: Option<&'static str>,
}

macro_rules! metric {
    ($name:literal, $source:ident, $description:literal) => {
        MetricInfo {
            name: $name,
            source: Source::$source,
            description: $description,
            proxy: None,
        }
    };
    ($name:literal, $source:ident, $description:literal, proxy: $proxy:literal) => {
        MetricInfo {
            name: $name,
            source: Source::$source,
            description: $description,
            proxy: Some($proxy),
        }
    };
}

pub const CATALOGUE: &[MetricInfo] = &[
    metric!(
        "teams_reached",
        Git,
        "other teams materially reached: code changed in their areas, reviews given to their authors, changes co-authored with them"
    ),
    metric!(
        "code_teams_reached",
        Git,
        "other teams whose code areas the person changed materially"
    ),
    metric!(
        "commits",
        Git,
        "commits authored or co-authored, without bots, mass changes and merges"
    ),
    metric!(
        "lines_changed",
        Git,
        "lines added plus removed in those commits, without generated or vendored files"
    ),
    metric!("reviews_given", Git, "changes by others the person reviewed, acked or tested (commit trailers)", proxy: "trailers record reviews that were credited in the commit message, not every review"),
    metric!("reviews_given_other_teams", Git, "reviews given to authors in other teams (commit trailers)", proxy: "trailers record reviews that were credited in the commit message, not every review"),
    metric!(
        "review_people_other_teams",
        Git,
        "distinct authors in other teams whose changes the person reviewed"
    ),
    metric!("review_teams", Git, "distinct other teams whose authors the person reviewed (commit trailers)", proxy: "reviewing authors of several teams stands in for being sought for review until review-request data is collected"),
    metric!(
        "reviews_received",
        Git,
        "reviews the person's own changes received (commit trailers)"
    ),
    metric!(
        "people_other_teams",
        Git,
        "distinct people in other teams worked with: reviews either way, co-authored changes"
    ),
    metric!(
        "components",
        Git,
        "distinct components (repository and top-level area) changed materially"
    ),
    metric!("repositories", Git, "distinct repositories with commits"),
    metric!("layers", Git, "distinct layers of the stack changed (frontend, backend, data, infrastructure, mobile, docs)", proxy: "layers are inferred from file types"),
    metric!(
        "home_concentration",
        Git,
        "share of changed lines in owned code that falls in the home team's area"
    ),
    metric!("coding_share", Git, "coding as a share of the person's work: in hours where a calendar gives meeting time, otherwise as a share of artifacts (weights in the rubric)", proxy: "without a calendar this is the mix of artifacts (commits against reviews, documents and incidents), not of hours; with one, meetings come from the calendar and the rest of the week is split as the artifacts are"),
    metric!(
        "reviews_per_commit",
        Git,
        "reviews given per commit authored"
    ),
    metric!(
        "output_vs_org_median",
        Git,
        "commits relative to the organization's median among people with commits"
    ),
    metric!(
        "documents_authored",
        Documents,
        "proposals, RFCs, design documents, ADRs, strategy documents and post-incident reviews authored"
    ),
    metric!(
        "documents_cited_by_other_teams",
        Documents,
        "other teams that reviewed or cited the person's documents"
    ),
    metric!(
        "initiatives",
        Documents,
        "documents authored that were followed by adopting work in 3+ teams"
    ),
    metric!(
        "systemic_problems",
        Documents,
        "documents the person wrote that were followed by fixes in two or more other teams citing them, and recurring classes of problems (staffscope patterns) the person fixed in three or more teams",
        proxy: "fixes citing a document, or the same class fixed in three teams, stand in for a class of problem solved at the root"
    ),
    metric!(
        "originated_work",
        Documents,
        "documents the person wrote that other people's commits then cite",
        proxy: "citations of the person's documents stand in for work they originated; issues opened are not read yet"
    ),
    metric!(
        "decisions_documented",
        Documents,
        "decisions recorded with the options weighed and the reasoning"
    ),
    metric!(
        "incidents_led",
        Incidents,
        "cross-team incidents where the person diagnosed the root cause and owned the remediation"
    ),
    metric!(
        "review_requests_from_other_teams",
        CodeReview,
        "review requests received from people in other teams (code-review exports)"
    ),
    metric!(
        "review_request_teams",
        CodeReview,
        "distinct other teams whose people asked for the person's review"
    ),
    metric!("review_comments_per_review", CodeReview, "inline comments per review given, in code-review exports", proxy: "comment counts stand in for the depth of a review"),
    metric!("changes_requested", CodeReview, "reviews given that asked for changes, in code-review exports", proxy: "asking for changes stands in for reviews that changed the outcome"),
    metric!(
        "trusted_judgment_entries",
        EvidenceLog,
        "evidence-log entries recording recommendations accepted without re-litigation"
    ),
    metric!(
        "meeting_hours_per_week",
        Calendars,
        "hours a week in meetings with others (calendars)"
    ),
    metric!(
        "cross_team_meeting_hours_per_week",
        Calendars,
        "hours a week in meetings with people from other teams (calendars)"
    ),
    metric!(
        "meeting_share",
        Calendars,
        "share of working time in meetings with other teams"
    ),
];

pub fn metric_info(name: &str) -> Option<&'static MetricInfo> {
    CATALOGUE.iter().find(|info| info.name == name)
}

/// Parameters the rubric sets for the measures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeasureParams {
    /// Lines a person must change in an area for the code to count.
    pub material_lines: u64,
    /// Commits a person must make in a component for it to count towards breadth.
    pub material_commits: usize,
    /// Interactions (commits in its code, reviews of its authors, changes
    /// co-authored) that make another team reached.
    pub material_interactions: usize,
    /// Weights of artifacts in the operating mix.
    pub commit_weight: f64,
    pub review_weight: f64,
    pub document_weight: f64,
    pub incident_weight: f64,
    /// The working week that calendar hours are shares of.
    pub working_hours_per_week: f64,
}

impl Default for MeasureParams {
    fn default() -> Self {
        MeasureParams {
            material_lines: 20,
            material_commits: 2,
            material_interactions: 3,
            commit_weight: 1.0,
            review_weight: 0.5,
            document_weight: 4.0,
            incident_weight: 2.0,
            working_hours_per_week: 40.0,
        }
    }
}

/// One piece of evidence: something in the data a reader can look up.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    pub repo: Arc<str>,
    /// A commit's first twelve hex digits, or `#N` for a pull request.
    pub reference: Arc<str>,
    pub time: Timestamp,
    pub summary: Arc<str>,
    /// What this commit shows for this metric.
    pub detail: Arc<str>,
}

impl Evidence {
    /// `repository@commit`, `repository#N` or `repository:path`, the id reports print.
    pub fn id(&self) -> String {
        if self.reference.starts_with('#') {
            format!("{}{}", self.repo, self.reference)
        } else if self.reference.len() == 12
            && self.reference.chars().all(|c| c.is_ascii_hexdigit())
        {
            format!("{}@{}", self.repo, self.reference)
        } else {
            format!("{}:{}", self.repo, self.reference)
        }
    }
}

/// One line of a metric's breakdown, such as one team reached.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Item {
    pub label: String,
    pub detail: String,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
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

/// The share of a repository's changes with a recorded review below which
/// the history is taken not to record reviews at all.
const MIN_REVIEW_COVERAGE: f64 = 0.05;

/// Lines, commits and sample evidence in one component.
type ComponentTally = (u64, usize, Vec<Evidence>);

#[derive(Default)]
struct Tally {
    commits: Vec<Evidence>,
    lines: u64,
    reviews_given: Vec<(TeamId, bool, Evidence)>,
    /// Authors in other teams whose changes the person reviewed.
    reviewed_across: BTreeMap<PersonId, (TeamId, Vec<Evidence>)>,
    reviews_received: Vec<Evidence>,
    /// Review requests from other teams: (asking team, evidence).
    requests_from_other_teams: Vec<(TeamId, Evidence)>,
    /// Meetings from the person's calendar: (hours, with other teams, evidence).
    meetings: Vec<(f64, bool, Evidence)>,
    /// Weeks the calendar covers inside the window.
    calendar_weeks: f64,
    /// Evidence-log entries in the window: (dimension or signal id, evidence).
    self_reported: Vec<(String, Evidence)>,
    /// Documents the person authored (index into `Org::documents`), dated in the window.
    documents: Vec<usize>,
    /// Post-incident reviews of cross-team incidents the person diagnosed or wrote.
    incidents: Vec<usize>,
    /// Reviews from code-review exports: (comments, asked for changes, evidence).
    detailed_reviews: Vec<(u32, bool, Evidence)>,
    /// Lines and commits per owning team (`None`: unowned), only where the
    /// area is not the person's home at the time.
    code_by_team: BTreeMap<TeamId, (u64, Vec<Evidence>)>,
    home_lines: u64,
    owned_lines: u64,
    coauthor_teams: BTreeMap<TeamId, Vec<Evidence>>,
    people: BTreeMap<PersonId, (TeamId, Vec<Evidence>)>,
    /// Lines, commits and sample evidence per component.
    components: BTreeMap<String, ComponentTally>,
    layers: BTreeMap<&'static str, (u64, Vec<Evidence>)>,
    repos: BTreeSet<String>,
    excluded: Vec<(Evidence, String)>,
    interactions: BTreeMap<TeamId, Interaction>,
}

fn review_evidence(org: &Org, review: &ResolvedReview, detail: String) -> Evidence {
    let reference = if review.change.starts_with('#') {
        review.change.as_str()
    } else {
        model::short_id(&review.change)
    };
    Evidence {
        repo: org.repos.get(review.repo).cloned().unwrap_or_default(),
        reference: reference.into(),
        time: review.time,
        summary: review.summary.clone(),
        detail: format!("{detail}, from the {}", review.origin).into(),
    }
}

fn evidence(org: &Org, commit: &ResolvedCommit, detail: String) -> Evidence {
    Evidence {
        repo: org.repos.get(commit.repo).cloned().unwrap_or_default(),
        reference: commit.short_id().into(),
        time: commit.time,
        summary: commit.summary.clone(),
        detail: detail.into(),
    }
}

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
    let mut tallies: BTreeMap<PersonId, Tally> = BTreeMap::new();
    // Everyone's commits in the window, for the median.
    let mut commit_counts: BTreeMap<PersonId, usize> = BTreeMap::new();
    let mut team_matrix: BTreeMap<(TeamId, TeamId), u64> = BTreeMap::new();
    let mut excluded_commits: BTreeMap<String, u64> = BTreeMap::new();
    let is_bot = |person: PersonId| org.people.get(person).bot;

    for commit in org
        .commits
        .iter()
        .filter(|c| window.contains(c.time) && !c.is_merge)
    {
        if let Some(exclusion) = &commit.exclusion {
            let key = match exclusion {
                Exclusion::Bot => "bot commits",
                Exclusion::IgnoreRevs => "listed in .git-blame-ignore-revs",
                Exclusion::MassChange(_) => "mass changes",
            };
            *excluded_commits.entry(key.to_string()).or_default() += 1;
            if !is_bot(commit.author) && focus.wants(commit.author) {
                tallies.entry(commit.author).or_default().excluded.push((
                    evidence(org, commit, format!("{} files", commit.files.len())),
                    exclusion.to_string(),
                ));
            }
            continue;
        }
        let authors: Vec<PersonId> = std::iter::once(commit.author)
            .chain(commit.coauthors.iter().copied())
            .filter(|p| !is_bot(*p))
            .collect();

        for &author in &authors {
            *commit_counts.entry(author).or_default() += 1;
            if !focus.wants(author) {
                continue;
            }
            let home = org.home_at(author, commit.time);
            let tally = tallies.entry(author).or_default();
            let counted_lines: u64 = commit
                .files
                .iter()
                .filter(|f| !f.generated)
                .map(|f| f.lines())
                .sum();
            tally.commits.push(evidence(
                org,
                commit,
                format!(
                    "{}, +{} -{}",
                    counted(commit.files.len(), "file"),
                    added(commit),
                    removed(commit)
                ),
            ));
            tally.lines += counted_lines;
            tally.repos.insert(
                org.repos
                    .get(commit.repo)
                    .map(|r| r.to_string())
                    .unwrap_or_default(),
            );
            let mut per_team: BTreeMap<TeamId, (u64, Vec<&str>)> = BTreeMap::new();
            let mut touched_components: Vec<String> = Vec::new();
            for file in commit.files.iter().filter(|f| !f.generated) {
                let lines = file.lines();
                if let Some(team) = file.team {
                    tally.owned_lines += lines;
                    if home.is_some_and(|h| h.team == team) {
                        tally.home_lines += lines;
                    }
                    let entry = per_team.entry(team).or_default();
                    entry.0 += lines;
                    entry.1.push(&file.path);
                }
                let component = component_of(&org.repos[commit.repo], &file.path);
                let first_touch = !touched_components.contains(&component);
                if first_touch {
                    touched_components.push(component.clone());
                }
                let entry = tally.components.entry(component).or_default();
                entry.0 += lines;
                if first_touch {
                    entry.1 += 1;
                    if entry.2.len() < 3 {
                        entry
                            .2
                            .push(evidence(org, commit, format!("changed {}", file.path)));
                    }
                }
                if let Some(layer) = layer_of(&file.path) {
                    let entry = tally.layers.entry(layer).or_default();
                    entry.0 += lines;
                    if entry.1.len() < 3
                        && entry
                            .1
                            .last()
                            .is_none_or(|e: &Evidence| *e.reference != *commit.short_id())
                    {
                        entry
                            .1
                            .push(evidence(org, commit, format!("changed {}", file.path)));
                    }
                }
            }
            for (team, (lines, paths)) in per_team {
                if home.is_some_and(|h| h.team == team) {
                    continue;
                }
                let entry = tally.code_by_team.entry(team).or_default();
                entry.0 += lines;
                let shown: Vec<&str> = paths.iter().take(2).copied().collect();
                let more = if paths.len() > 2 {
                    format!(" and {} more", paths.len() - 2)
                } else {
                    String::new()
                };
                entry.1.push(evidence(
                    org,
                    commit,
                    format!(
                        "changed {}{more} ({} lines, owned by {})",
                        shown.join(", "),
                        lines,
                        org.team(team).name
                    ),
                ));
                let interaction = tally.interactions.entry(team).or_default();
                interaction.code_commits += 1;
                interaction.code_lines += lines;
                if let Some(home) = home {
                    *team_matrix.entry((home.team, team)).or_default() += 1;
                }
            }
        }

        // Co-authoring across teams.
        for &a in authors.iter().filter(|a| focus.wants(**a)) {
            for &b in &authors {
                if a == b {
                    continue;
                }
                let (Some(home_a), Some(home_b)) =
                    (org.home_at(a, commit.time), org.home_at(b, commit.time))
                else {
                    continue;
                };
                if home_a.team == home_b.team {
                    continue;
                }
                let other = org.people.get(b);
                let detail = format!(
                    "co-authored with {} ({})",
                    other.name,
                    org.team(home_b.team).name
                );
                let tally = tallies.entry(a).or_default();
                tally
                    .coauthor_teams
                    .entry(home_b.team)
                    .or_default()
                    .push(evidence(org, commit, detail.clone()));
                tally
                    .people
                    .entry(b)
                    .or_insert((home_b.team, Vec::new()))
                    .1
                    .push(evidence(org, commit, detail));
                let interaction = tally.interactions.entry(home_b.team).or_default();
                interaction.coauthored += 1;
                interaction.people.insert(b);
            }
        }
    }

    for review in org
        .reviews
        .iter()
        .filter(|r| window.contains(r.time) && !is_bot(r.reviewer) && !is_bot(r.author))
        .filter(|r| focus.wants(r.reviewer) || focus.wants(r.author))
    {
        let author_home = org.home_at(review.author, review.time);
        let reviewer_home = org.home_at(review.reviewer, review.time);
        let author = org.people.get(review.author);
        let cross: Option<(TeamId, Home)> = match (reviewer_home, author_home) {
            (Some(r), Some(a)) if r.team != a.team => Some((a.team, r)),
            _ => None,
        };
        let team_note = author_home
            .map(|h| format!(" ({})", org.team(h.team).name))
            .unwrap_or_default();
        let detail = format!("{} of {}'s change{team_note}", review.verb, author.name);
        if focus.wants(review.reviewer) {
            let item = review_evidence(org, review, detail);
            let tally = tallies.entry(review.reviewer).or_default();
            if review.detailed {
                tally.detailed_reviews.push((
                    review.comments,
                    review.state == model::ReviewState::ChangesRequested,
                    item.clone(),
                ));
            }
            tally.reviews_given.push((
                author_home.map_or(TeamId(u32::MAX), |h| h.team),
                cross.is_some(),
                item.clone(),
            ));
            if let Some((author_team, reviewer_home)) = cross {
                tally
                    .reviewed_across
                    .entry(review.author)
                    .or_insert((author_team, Vec::new()))
                    .1
                    .push(item.clone());
                tally
                    .people
                    .entry(review.author)
                    .or_insert((author_team, Vec::new()))
                    .1
                    .push(item.clone());
                let interaction = tally.interactions.entry(author_team).or_default();
                interaction.reviews_given += 1;
                interaction.people.insert(review.author);
                *team_matrix
                    .entry((reviewer_home.team, author_team))
                    .or_default() += 1;
            }
        }
        if !focus.wants(review.author) {
            continue;
        }
        let reviewer_person = org.people.get(review.reviewer);
        let received = review_evidence(
            org,
            review,
            format!("{} from {}", review.verb, reviewer_person.name),
        );
        let author_tally = tallies.entry(review.author).or_default();
        author_tally.reviews_received.push(received.clone());
        if let Some((_, reviewer_home)) = cross {
            author_tally
                .people
                .entry(review.reviewer)
                .or_insert((reviewer_home.team, Vec::new()))
                .1
                .push(received);
            let interaction = author_tally
                .interactions
                .entry(reviewer_home.team)
                .or_default();
            interaction.reviews_received += 1;
            interaction.people.insert(review.reviewer);
        }
    }

    for request in org
        .review_requests
        .iter()
        .filter(|r| window.contains(r.time) && !is_bot(r.reviewer) && !is_bot(r.asked_by))
        .filter(|r| focus.wants(r.reviewer))
    {
        let (Some(reviewer_home), Some(asker_home)) = (
            org.home_at(request.reviewer, request.time),
            org.home_at(request.asked_by, request.time),
        ) else {
            continue;
        };
        if reviewer_home.team == asker_home.team {
            continue;
        }
        let asker = org.people.get(request.asked_by);
        tallies
            .entry(request.reviewer)
            .or_default()
            .requests_from_other_teams
            .push((
                asker_home.team,
                Evidence {
                    repo: org.repos.get(request.repo).cloned().unwrap_or_default(),
                    reference: request.change.as_str().into(),
                    time: request.time,
                    summary: request.summary.as_str().into(),
                    detail: format!(
                        "{} ({}) asked for a review, in the code-review export",
                        asker.name,
                        org.team(asker_home.team).name
                    )
                    .into(),
                },
            ));
    }

    for (owner, file, meetings) in org.calendars.iter().filter(|(o, _, _)| focus.wants(*o)) {
        let owner_home = |time| org.home_at(*owner, time);
        let with_others: Vec<_> = meetings
            .iter()
            .filter(|(m, _)| m.attendees.len() >= 2 && window.contains(m.start))
            .collect();
        let (Some(first), Some(last)) = (with_others.first(), with_others.last()) else {
            continue;
        };
        let weeks = ((last.0.end - first.0.start) as f64 / (7.0 * 86_400.0)).max(1.0);
        let tally = tallies.entry(*owner).or_default();
        tally.calendar_weeks = weeks;
        for (meeting, attendees) in with_others {
            let home = owner_home(meeting.start);
            let other_teams: Vec<(PersonId, TeamId)> = attendees
                .iter()
                .filter_map(|p| org.home_at(*p, meeting.start).map(|h| (*p, h.team)))
                .filter(|(_, team)| home.is_some_and(|h| h.team != *team))
                .collect();
            let item = Evidence {
                repo: file.as_str().into(),
                reference: meeting.line.to_string().into(),
                time: meeting.start,
                summary: meeting.summary.as_str().into(),
                detail: format!(
                    "meeting of {:.1} h with {} others",
                    (meeting.end - meeting.start) as f64 / 3_600.0,
                    meeting.attendees.len() - 1
                )
                .into(),
            };
            for (person, team) in &other_teams {
                tally
                    .people
                    .entry(*person)
                    .or_insert((*team, Vec::new()))
                    .1
                    .push(item.clone());
                let interaction = tally.interactions.entry(*team).or_default();
                interaction.people.insert(*person);
            }
            tally.meetings.push((
                (meeting.end - meeting.start) as f64 / 3_600.0,
                !other_teams.is_empty(),
                item,
            ));
        }
    }

    for (person, file, entry) in org
        .evidence_log
        .iter()
        .filter(|(person, _, e)| window.contains(e.date) && focus.wants(*person))
    {
        let mut detail = format!("self-reported: {}", entry.what);
        if !entry.confirm.is_empty() {
            detail.push_str(&format!(" (can confirm: {})", entry.confirm.join(", ")));
        }
        if !entry.links.is_empty() {
            detail.push_str(&format!(" ({})", entry.links.join(", ")));
        }
        tallies.entry(*person).or_default().self_reported.push((
            entry.dimension.clone(),
            Evidence {
                repo: file.as_str().into(),
                reference: entry.line.to_string().into(),
                time: entry.date,
                summary: format!("evidence log, {}", entry.dimension).into(),
                detail: detail.into(),
            },
        ));
    }

    for (index, document) in org
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| window.contains(d.date))
    {
        for author in &document.authors {
            if !is_bot(*author) && focus.wants(*author) {
                tallies.entry(*author).or_default().documents.push(index);
            }
        }
        if document.kind == crate::resolve::documents::DocumentKind::Pir
            && document.teams_affected.len() >= 2
        {
            let leads: &[PersonId] = if document.diagnosed_by.is_empty() {
                &document.authors
            } else {
                &document.diagnosed_by
            };
            for lead in leads.iter().filter(|lead| focus.wants(**lead)) {
                tallies.entry(*lead).or_default().incidents.push(index);
            }
        }
    }

    // A repository whose history records reviews for almost none of its
    // changes (no trailers, and merges done by a bot) records its reviews
    // elsewhere; zero reviews for the people working there would be a false
    // number. A code-review export always records them.
    let mut changes: BTreeMap<usize, usize> = BTreeMap::new();
    for commit in org
        .commits
        .iter()
        .filter(|c| window.contains(c.time) && c.exclusion.is_none() && !c.is_merge)
    {
        *changes.entry(commit.repo).or_default() += 1;
    }
    let active_repos: BTreeSet<usize> = changes.keys().copied().collect();
    let mut reviewed: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    let mut exported: BTreeSet<usize> = BTreeSet::new();
    for review in org
        .reviews
        .iter()
        .filter(|r| window.contains(r.time) && !is_bot(r.reviewer))
    {
        reviewed
            .entry(review.repo)
            .or_default()
            .insert(review.change.as_str());
        if review.detailed {
            exported.insert(review.repo);
        }
    }
    let repos_recording_reviews: BTreeSet<usize> = reviewed
        .iter()
        .filter(|(repo, changes_reviewed)| {
            let total = changes.get(repo).copied().unwrap_or(0).max(1);
            exported.contains(repo)
                || changes_reviewed.len() as f64 / total as f64 >= MIN_REVIEW_COVERAGE
        })
        .map(|(repo, _)| *repo)
        .collect();
    let export_repos: BTreeSet<&str> = org
        .reviews
        .iter()
        .filter(|r| r.detailed)
        .map(|r| &*org.repos[r.repo])
        .chain(org.review_requests.iter().map(|r| &*org.repos[r.repo]))
        .collect();
    let recording_names: BTreeSet<&str> = repos_recording_reviews
        .iter()
        .map(|i| &*org.repos[*i])
        .collect();
    let repos_without_review_trailers: Vec<String> = active_repos
        .difference(&repos_recording_reviews)
        .map(|repo| org.repos[*repo].to_string())
        .collect();

    // The organization's median, for the "impressive, not multiplying" flag.
    let mut commit_counts: Vec<usize> = commit_counts.into_values().collect();
    commit_counts.sort_unstable();
    let median_commits = median(&commit_counts);
    let people = tallies
        .into_iter()
        .filter(|(id, _)| !is_bot(*id))
        .map(|(id, tally)| {
            // Reviews found are evidence wherever they were found; no reviews
            // at all, from someone who works only where reviews are not
            // recorded in trailers, is no data rather than zero.
            let no_reviews = tally.reviews_given.is_empty() && tally.reviews_received.is_empty();
            let works_where_recorded = tally
                .repos
                .iter()
                .any(|repo| recording_names.contains(repo.as_str()));
            let covered_by_export = tally
                .repos
                .iter()
                .any(|repo| export_repos.contains(repo.as_str()));
            let mut measures = person_measures(org, id, tally, window, params, median_commits);
            if no_reviews && !works_where_recorded {
                mark_reviews_unrecorded(&mut measures);
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
        })
        .collect();

    OrgMeasures {
        window,
        sources: {
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
        },
        people,
        team_matrix,
        excluded_commits,
        median_commits,
        repos_without_review_trailers,
    }
}

/// Metrics that count reviews, and those computed from them.
const REVIEW_METRICS: &[&str] = &[
    "reviews_given",
    "review_people_other_teams",
    "reviews_given_other_teams",
    "review_teams",
    "reviews_received",
    "reviews_per_commit",
    "coding_share",
];

fn document_evidence(
    org: &Org,
    document: &crate::resolve::ResolvedDocument,
    detail: String,
) -> Evidence {
    Evidence {
        repo: org.repos.get(document.repo).cloned().unwrap_or_default(),
        reference: document.path.as_str().into(),
        time: document.date,
        summary: document.title.as_str().into(),
        detail: detail.into(),
    }
}

/// Writing, initiatives, decisions and incidents, from documents.
fn document_metrics(org: &Org, tally: &Tally, metrics: &mut BTreeMap<&'static str, Metric>) {
    let mut authored = Vec::new();
    let mut cited_by_team: BTreeMap<TeamId, Vec<Evidence>> = BTreeMap::new();
    let mut initiatives = Vec::new();
    let mut decisions = Vec::new();
    for &index in &tally.documents {
        let document = &org.documents[index];
        let authorship = if document.authors_inferred {
            "author inferred from the file's history"
        } else {
            "author named in the document"
        };
        let detail = format!(
            "{} (kind from {}; {authorship})",
            document.kind.label(),
            document.kind_rule
        );
        authored.push(Item {
            label: format!("{}: {}", document.kind.label(), document.title),
            detail: document.path.clone(),
            evidence: vec![document_evidence(org, document, detail)],
        });
        // Teams other than the authors' whose commits cite the document.
        let author_teams: BTreeSet<TeamId> = document
            .authors
            .iter()
            .filter_map(|a| org.home_at(*a, document.date))
            .map(|h| h.team)
            .collect();
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
            teams_citing
                .entry(home.team)
                .or_default()
                .push(item.clone());
            cited_by_team.entry(home.team).or_default().push(item);
        }
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
                // Read by another team, though not adopted in its code: writing reach, not an initiative.
                cited_by_team.entry(home.team).or_default().push(item);
            }
        }
        if teams_citing.len() >= 3 {
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
            initiatives.push(Item {
                label: format!("{}: {}", document.kind.label(), document.title),
                detail: format!(
                    "adopted by work in {} ({} citing commits, {} to {})",
                    team_names.join(", "),
                    all.len(),
                    model::date(first),
                    model::date(last)
                ),
                evidence: evidence_list,
            });
        }
        if document.kind == crate::resolve::documents::DocumentKind::Adr
            && document.options_and_decision
        {
            // Held up later: work and documents that rely on the decision
            // after it was made, unless it was superseded.
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
            let status = document.status.as_deref().unwrap_or("").to_lowercase();
            let later = if ["superseded", "deprecated", "rejected", "replaced"]
                .iter()
                .any(|s| status.contains(s))
            {
                format!("; later {status}")
            } else if relied_on.is_empty() && cited_by_documents == 0 {
                "; nothing cites it later yet".to_string()
            } else {
                format!(
                    "; held up later: {} and {} rely on it",
                    counted(relied_on.len(), "change"),
                    counted(cited_by_documents, "other document")
                )
            };
            let mut evidence_list =
                vec![document_evidence(org, document, "decision record".into())];
            evidence_list.extend(relied_on);
            decisions.push(Item {
                label: document.title.clone(),
                detail: format!("options considered and a decision recorded{later}"),
                evidence: evidence_list,
            });
        }
    }
    metrics.insert(
        "documents_authored",
        Metric {
            value: count(authored.len()),
            items: authored,
        },
    );
    metrics.insert(
        "documents_cited_by_other_teams",
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
    metrics.insert(
        "initiatives",
        Metric {
            value: count(initiatives.len()),
            items: initiatives,
        },
    );
    metrics.insert(
        "decisions_documented",
        Metric {
            value: count(decisions.len()),
            items: decisions,
        },
    );

    // Problem finding and systemic problems, from who acted on the documents.
    let mut originated = Vec::new();
    let mut systemic = Vec::new();
    for &index in &tally.documents {
        let document = &org.documents[index];
        let others: Vec<&crate::resolve::ResolvedCommit> = document
            .citations
            .iter()
            .map(|c| &org.commits[c.commit])
            .filter(|commit| !document.authors.contains(&commit.author))
            .collect();
        if others.is_empty() {
            continue;
        }
        let label = format!("{}: {}", document.kind.label(), document.title);
        let people: BTreeSet<PersonId> = others.iter().map(|c| c.author).collect();
        originated.push(Item {
            label: label.clone(),
            detail: format!(
                "{} by {} other people",
                counted(others.len(), "citing commit"),
                people.len()
            ),
            evidence: std::iter::once(document_evidence(org, document, "the document".into()))
                .chain(others.iter().map(|c| evidence(org, c, "cites it".into())))
                .collect(),
        });
        let author_teams: BTreeSet<TeamId> = document
            .authors
            .iter()
            .filter_map(|a| org.home_at(*a, document.date))
            .map(|h| h.team)
            .collect();
        let mut fixes_by_team: BTreeMap<TeamId, Vec<Evidence>> = BTreeMap::new();
        for commit in &others {
            let text = commit.message.to_lowercase();
            let is_fix = [
                "fix", "bug", "revert", "hotfix", "remediat", "jitter", "cap ",
            ]
            .iter()
            .any(|w| text.contains(w));
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
        if fixes_by_team.len() >= 2 {
            let teams: Vec<String> = fixes_by_team
                .keys()
                .map(|t| org.team(*t).name.clone())
                .collect();
            systemic.push(Item {
                label,
                detail: format!("named in the document, then fixed in {}", teams.join(", ")),
                evidence: std::iter::once(document_evidence(org, document, "the document".into()))
                    .chain(fixes_by_team.into_values().flatten())
                    .collect(),
            });
        }
    }
    metrics.insert(
        "originated_work",
        Metric {
            value: count(originated.len()),
            items: originated,
        },
    );
    metrics.insert(
        "systemic_problems",
        Metric {
            value: count(systemic.len()),
            items: systemic,
        },
    );
    let incidents: Vec<Item> = tally
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
                    "post-incident review naming this person as diagnosing the root cause".into(),
                )],
            }
        })
        .collect();
    metrics.insert(
        "incidents_led",
        Metric {
            value: count(incidents.len()),
            items: incidents,
        },
    );
}

/// Metrics that count across team boundaries, so need the person's team.
const TEAM_METRICS: &[&str] = &[
    "teams_reached",
    "review_people_other_teams",
    "code_teams_reached",
    "reviews_given_other_teams",
    "review_teams",
    "people_other_teams",
    "home_concentration",
    "review_requests_from_other_teams",
    "review_request_teams",
];

/// Metrics only code-review exports feed.
const EXPORT_METRICS: &[&str] = &[
    "review_requests_from_other_teams",
    "review_request_teams",
    "review_comments_per_review",
    "changes_requested",
];

/// Turns review-based metrics into "no data" with the reason as their only item.
fn mark_reviews_unrecorded(measures: &mut PersonMeasures) {
    mark_no_data(
        measures,
        REVIEW_METRICS,
        "the repositories this person works in carry no Reviewed-by, Acked-by or Tested-by trailers, so their reviews are recorded elsewhere (code-review exports would measure them)",
    );
}

fn mark_no_data(measures: &mut PersonMeasures, names: &[&'static str], why: &str) {
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

fn median(sorted: &[usize]) -> f64 {
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2] as f64,
        n => (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0,
    }
}

fn added(commit: &ResolvedCommit) -> u64 {
    commit.files.iter().map(|f| u64::from(f.added)).sum()
}

fn removed(commit: &ResolvedCommit) -> u64 {
    commit.files.iter().map(|f| u64::from(f.removed)).sum()
}

/// One line per person in another team: who, which team, how many `noun`s.
fn people_items(
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
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else if let Some(stem) = noun.strip_suffix('y') {
        format!("{n} {stem}ies")
    } else {
        format!("{n} {noun}s")
    }
}

fn count(value: usize) -> Option<f64> {
    Some(value as f64)
}

fn person_measures(
    org: &Org,
    id: PersonId,
    tally: Tally,
    window: Window,
    params: &MeasureParams,
    median_commits: f64,
) -> PersonMeasures {
    let team_name = |team: TeamId| {
        if team.0 == u32::MAX {
            "no team".to_string()
        } else {
            org.team(team).name.clone()
        }
    };
    let mut metrics: BTreeMap<&'static str, Metric> = BTreeMap::new();
    let commits = tally.commits.len();
    let reviews = tally.reviews_given.len();

    metrics.insert(
        "commits",
        Metric {
            value: count(commits),
            items: vec![Item {
                label: "commits".into(),
                detail: format!("{commits} commits authored or co-authored"),
                evidence: tally.commits.clone(),
            }],
        },
    );
    metrics.insert(
        "lines_changed",
        Metric {
            value: Some(tally.lines as f64),
            items: vec![Item {
                label: "lines".into(),
                detail: format!("{} lines added or removed", tally.lines),
                evidence: Vec::new(),
            }],
        },
    );

    // Teams reached through code, reviews and co-authoring. Code counts once
    // its lines are material; a team is reached once the interactions with it
    // are (one stray commit or review is not impact).
    let code_teams: BTreeMap<TeamId, (u64, Vec<Evidence>)> = tally
        .code_by_team
        .iter()
        .filter(|(_, (lines, _))| *lines >= params.material_lines)
        .map(|(team, value)| (*team, value.clone()))
        .collect();
    let mut review_teams: BTreeMap<TeamId, Vec<Evidence>> = BTreeMap::new();
    for (team, cross, item) in &tally.reviews_given {
        if *cross {
            review_teams.entry(*team).or_default().push(item.clone());
        }
    }
    let mut candidates: BTreeSet<TeamId> = code_teams.keys().copied().collect();
    candidates.extend(review_teams.keys().copied());
    candidates.extend(tally.coauthor_teams.keys().copied());
    let reached: BTreeSet<TeamId> = candidates
        .into_iter()
        .filter(|team| {
            let interactions = code_teams.get(team).map_or(0, |(_, e)| e.len())
                + review_teams.get(team).map_or(0, Vec::len)
                + tally.coauthor_teams.get(team).map_or(0, Vec::len);
            interactions >= params.material_interactions
        })
        .collect();
    let reached_items: Vec<Item> = reached
        .iter()
        .map(|team| {
            let code = code_teams.get(team);
            let reviews = review_teams.get(team);
            let coauthored = tally.coauthor_teams.get(team);
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
            let mut evidence: Vec<Evidence> = Vec::new();
            evidence.extend(code.map(|(_, e)| e.clone()).unwrap_or_default());
            evidence.extend(reviews.cloned().unwrap_or_default());
            evidence.extend(coauthored.cloned().unwrap_or_default());
            Item {
                label: team_name(*team),
                detail: parts.join(", "),
                evidence,
            }
        })
        .collect();
    metrics.insert(
        "teams_reached",
        Metric {
            value: count(reached.len()),
            items: reached_items,
        },
    );
    metrics.insert(
        "code_teams_reached",
        Metric {
            value: count(code_teams.len()),
            items: code_teams
                .iter()
                .map(|(team, (lines, evidence))| Item {
                    label: team_name(*team),
                    detail: format!("{}, {lines} lines", counted(evidence.len(), "commit")),
                    evidence: evidence.clone(),
                })
                .collect(),
        },
    );

    // Reviews.
    let mut reviews_by_team: BTreeMap<TeamId, Vec<Evidence>> = BTreeMap::new();
    for (team, _, item) in &tally.reviews_given {
        reviews_by_team.entry(*team).or_default().push(item.clone());
    }
    metrics.insert(
        "reviews_given",
        Metric {
            value: count(reviews),
            items: reviews_by_team
                .iter()
                .map(|(team, evidence)| Item {
                    label: format!("authors in {}", team_name(*team)),
                    detail: counted(evidence.len(), "review"),
                    evidence: evidence.clone(),
                })
                .collect(),
        },
    );
    let cross_reviews: usize = review_teams.values().map(Vec::len).sum();
    metrics.insert(
        "reviews_given_other_teams",
        Metric {
            value: count(cross_reviews),
            items: review_teams
                .iter()
                .map(|(team, evidence)| Item {
                    label: team_name(*team),
                    detail: format!("{} of its authors", counted(evidence.len(), "review")),
                    evidence: evidence.clone(),
                })
                .collect(),
        },
    );
    metrics.insert(
        "review_teams",
        Metric {
            value: count(review_teams.len()),
            items: metrics["reviews_given_other_teams"].items.clone(),
        },
    );
    metrics.insert(
        "review_people_other_teams",
        Metric {
            value: count(tally.reviewed_across.len()),
            items: people_items(org, &tally.reviewed_across, "review"),
        },
    );
    metrics.insert(
        "reviews_received",
        Metric {
            value: count(tally.reviews_received.len()),
            items: vec![Item {
                label: "reviews received".into(),
                detail: format!(
                    "{} reviews of the person's changes",
                    tally.reviews_received.len()
                ),
                evidence: tally.reviews_received.clone(),
            }],
        },
    );

    // Being sought for review, and review depth (code-review exports only).
    let mut requests_by_team: BTreeMap<TeamId, Vec<Evidence>> = BTreeMap::new();
    for (team, item) in &tally.requests_from_other_teams {
        requests_by_team
            .entry(*team)
            .or_default()
            .push(item.clone());
    }
    let request_items: Vec<Item> = requests_by_team
        .iter()
        .map(|(team, evidence)| Item {
            label: team_name(*team),
            detail: format!("{} from its people", counted(evidence.len(), "request")),
            evidence: evidence.clone(),
        })
        .collect();
    metrics.insert(
        "review_requests_from_other_teams",
        Metric {
            value: count(tally.requests_from_other_teams.len()),
            items: request_items.clone(),
        },
    );
    metrics.insert(
        "review_request_teams",
        Metric {
            value: count(requests_by_team.len()),
            items: request_items,
        },
    );
    let detailed = &tally.detailed_reviews;
    let comments: u32 = detailed.iter().map(|(c, _, _)| *c).sum();
    metrics.insert(
        "review_comments_per_review",
        Metric {
            value: (!detailed.is_empty()).then(|| f64::from(comments) / detailed.len() as f64),
            items: vec![Item {
                label: "reviews with comment counts".into(),
                detail: format!(
                    "{comments} inline comments over {}",
                    counted(detailed.len(), "review")
                ),
                evidence: detailed.iter().map(|(_, _, e)| e.clone()).collect(),
            }],
        },
    );
    let asked_for_changes: Vec<Evidence> = detailed
        .iter()
        .filter(|(_, changes, _)| *changes)
        .map(|(_, _, e)| e.clone())
        .collect();
    metrics.insert(
        "changes_requested",
        Metric {
            value: (!detailed.is_empty()).then_some(asked_for_changes.len() as f64),
            items: vec![Item {
                label: "asked for changes".into(),
                detail: counted(asked_for_changes.len(), "review"),
                evidence: asked_for_changes,
            }],
        },
    );

    document_metrics(org, &tally, &mut metrics);
    if !tally.meetings.is_empty() {
        let total: f64 = tally.meetings.iter().map(|(h, _, _)| h).sum();
        let cross: f64 = tally
            .meetings
            .iter()
            .filter(|(_, c, _)| *c)
            .map(|(h, _, _)| h)
            .sum();
        let weeks = tally.calendar_weeks;
        let all: Vec<Evidence> = tally.meetings.iter().map(|(_, _, e)| e.clone()).collect();
        let across: Vec<Evidence> = tally
            .meetings
            .iter()
            .filter(|(_, c, _)| *c)
            .map(|(_, _, e)| e.clone())
            .collect();
        let item = |label: &str, hours: f64, evidence: Vec<Evidence>| Item {
            label: label.into(),
            detail: format!("{hours:.1} h over {weeks:.1} weeks of calendar"),
            evidence,
        };
        metrics.insert(
            "meeting_hours_per_week",
            Metric {
                value: Some(total / weeks),
                items: vec![item("meetings", total, all)],
            },
        );
        metrics.insert(
            "cross_team_meeting_hours_per_week",
            Metric {
                value: Some(cross / weeks),
                items: vec![item("with other teams", cross, across.clone())],
            },
        );
        metrics.insert(
            "meeting_share",
            Metric {
                value: Some(cross / weeks / params.working_hours_per_week),
                items: vec![item(
                    &format!(
                        "with other teams, as a share of a {}-hour week",
                        params.working_hours_per_week
                    ),
                    cross,
                    across,
                )],
            },
        );
    }
    let trusted: Vec<Evidence> = tally
        .self_reported
        .iter()
        .filter(|(dimension, _)| dimension == "trusted-judgment")
        .map(|(_, e)| e.clone())
        .collect();
    metrics.insert(
        "trusted_judgment_entries",
        Metric {
            value: count(trusted.len()),
            items: vec![Item {
                label: "self-reported".into(),
                detail: format!("{} in the evidence log", counted(trusted.len(), "entry")),
                evidence: trusted,
            }],
        },
    );

    // Relationships.
    metrics.insert(
        "people_other_teams",
        Metric {
            value: count(tally.people.len()),
            items: people_items(org, &tally.people, "interaction"),
        },
    );

    // Breadth.
    let material_components: Vec<(&String, &ComponentTally)> = tally
        .components
        .iter()
        .filter(|(_, (lines, commits, _))| {
            *lines >= params.material_lines && *commits >= params.material_commits
        })
        .collect();
    metrics.insert(
        "components",
        Metric {
            value: if commits == 0 {
                None
            } else {
                count(material_components.len())
            },
            items: material_components
                .iter()
                .map(|(component, (lines, commits, evidence))| Item {
                    label: (*component).clone(),
                    detail: format!("{}, {lines} lines", counted(*commits, "commit")),
                    evidence: evidence.clone(),
                })
                .collect(),
        },
    );
    metrics.insert(
        "repositories",
        Metric {
            value: if commits == 0 {
                None
            } else {
                count(tally.repos.len())
            },
            items: tally
                .repos
                .iter()
                .map(|repo| Item {
                    label: repo.clone(),
                    detail: String::new(),
                    evidence: Vec::new(),
                })
                .collect(),
        },
    );
    metrics.insert(
        "layers",
        Metric {
            value: if commits == 0 {
                None
            } else {
                count(tally.layers.len())
            },
            items: tally
                .layers
                .iter()
                .map(|(layer, (lines, evidence))| Item {
                    label: layer.to_string(),
                    detail: format!("{lines} lines"),
                    evidence: evidence.clone(),
                })
                .collect(),
        },
    );

    // Concentration in the home team's code.
    let concentration =
        (tally.owned_lines > 0).then(|| tally.home_lines as f64 / tally.owned_lines as f64);
    metrics.insert(
        "home_concentration",
        Metric {
            value: concentration,
            items: vec![Item {
                label: "home team's area".into(),
                detail: format!(
                    "{} of {} changed lines in owned code are in the home team's area",
                    tally.home_lines, tally.owned_lines
                ),
                evidence: Vec::new(),
            }],
        },
    );

    // Operating mix, from artifacts.
    let documents = tally.documents.len();
    let incidents = tally.incidents.len();
    let coding = params.commit_weight * commits as f64;
    let leverage = params.review_weight * reviews as f64
        + params.document_weight * documents as f64
        + params.incident_weight * incidents as f64;
    let coding_share = (coding + leverage > 0.0).then(|| coding / (coding + leverage));
    let documents_as_evidence = |indices: &[usize], detail: &str| -> Vec<Evidence> {
        indices
            .iter()
            .map(|&index| document_evidence(org, &org.documents[index], detail.to_string()))
            .collect()
    };
    metrics.insert(
        "coding_share",
        Metric {
            value: coding_share,
            items: vec![
                Item {
                    label: "coding".into(),
                    detail: format!("{commits} commits x weight {}", params.commit_weight),
                    evidence: tally.commits.clone(),
                },
                Item {
                    label: "leverage: reviews".into(),
                    detail: format!("{reviews} reviews x weight {}", params.review_weight),
                    evidence: tally
                        .reviews_given
                        .iter()
                        .map(|(_, _, e)| e.clone())
                        .collect(),
                },
            ],
        },
    );
    if let Some(mix) = metrics.get_mut("coding_share") {
        // Writing and incident work appear where there is some, so that an
        // organization without documents shows no invented zero.
        if documents > 0 {
            mix.items.push(Item {
                label: "leverage: writing".into(),
                detail: format!("{documents} documents x weight {}", params.document_weight),
                evidence: documents_as_evidence(&tally.documents, "document authored"),
            });
        }
        if incidents > 0 {
            mix.items.push(Item {
                label: "leverage: incidents".into(),
                detail: format!(
                    "{incidents} cross-team incidents led x weight {}",
                    params.incident_weight
                ),
                evidence: documents_as_evidence(&tally.incidents, "incident led"),
            });
        }
    }
    metrics.insert(
        "reviews_per_commit",
        Metric {
            value: (commits > 0).then(|| reviews as f64 / commits as f64),
            items: vec![Item {
                label: "ratio".into(),
                detail: format!("{reviews} reviews given, {commits} commits"),
                evidence: Vec::new(),
            }],
        },
    );
    metrics.insert(
        "output_vs_org_median",
        Metric {
            value: (median_commits > 0.0).then(|| commits as f64 / median_commits),
            items: vec![Item {
                label: "ratio".into(),
                detail: format!("{commits} commits; the organization's median is {median_commits}"),
                evidence: Vec::new(),
            }],
        },
    );

    if let Some(hours) = metrics.get("meeting_hours_per_week").and_then(|m| m.value)
        && let Some(mix) = metrics.get_mut("coding_share")
        && let Some(artifact_share) = mix.value
    {
        // With a calendar the mix is in hours: meetings are leverage time, and
        // the rest of the working week is split as the artifacts are.
        let week = params.working_hours_per_week;
        let focus = (week - hours).max(0.0);
        let coding_hours = focus * artifact_share;
        mix.value = Some(coding_hours / week);
        mix.items.insert(
            0,
            Item {
                label: "in hours".into(),
                detail: format!(
                    "{hours:.1} h a week in meetings (calendar) out of a {week:.0}-hour week; the other {focus:.1} h split as the artifacts below ({:.0}% coding) gives {coding_hours:.1} h of coding a week",
                    artifact_share * 100.0
                ),
                evidence: Vec::new(),
            },
        );
    }
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
        self_reported: tally.self_reported.iter().fold(
            BTreeMap::new(),
            |mut map, (dimension, evidence)| {
                map.entry(dimension.clone())
                    .or_insert_with(Vec::new)
                    .push(evidence.clone());
                map
            },
        ),
        interactions: tally.interactions,
        repositories: tally.repos,
    }
}

/// Folders that only group code; the component is the folder below them.
const CONTAINERS: &[&str] = &[
    "src",
    "lib",
    "libs",
    "services",
    "packages",
    "apps",
    "app",
    "cmd",
    "pkg",
    "internal",
    "crates",
    "components",
    "modules",
    "plugins",
];

/// A component is a repository's top-level area: `repo:dir`, or
/// `repo:container/dir` for grouping folders such as `src/` or `services/`.
pub fn component_of(repo: &str, path: &str) -> String {
    let mut segments = path.split('/');
    let first = segments.next().unwrap_or("");
    let Some(second) = segments.next() else {
        return format!("{repo}:/");
    };
    if CONTAINERS.contains(&first) && segments.next().is_some() {
        format!("{repo}:{first}/{second}")
    } else {
        format!("{repo}:{first}")
    }
}

/// The layer of the stack a file belongs to, from its path; `None` when unclear.
pub fn layer_of(path: &str) -> Option<&'static str> {
    let lower = path.to_lowercase();
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    let extension = file.rsplit_once('.').map(|(_, ext)| ext).unwrap_or("");
    if lower.starts_with(".github/") || file == "dockerfile" || matches!(extension, "tf" | "hcl") {
        return Some("infrastructure");
    }
    if lower.contains("k8s/") || lower.contains("deploy/") || lower.contains("helm/") {
        return Some("infrastructure");
    }
    match extension {
        "ts" | "tsx" | "js" | "jsx" | "css" | "scss" | "html" | "vue" | "svelte" => {
            Some("frontend")
        }
        "swift" | "m" => Some("mobile"),
        "kt" if lower.starts_with("app/") || lower.contains("android") => Some("mobile"),
        "go" | "rs" | "java" | "kt" | "py" | "rb" | "cs" | "scala" | "ex" | "exs" | "c" | "cc"
        | "cpp" | "h" => Some("backend"),
        "sql" | "ipynb" => Some("data"),
        "md" | "rst" | "adoc" => Some("docs"),
        "yaml" | "yml" => Some("infrastructure"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components() {
        let cases = [
            ("README.md", "r:/"),
            ("docs/a.md", "r:docs"),
            ("src/ledger/x.go", "r:src/ledger"),
            ("src/main.rs", "r:src"),
            ("services/payments/api/x.go", "r:services/payments"),
        ];
        for (path, expected) in cases {
            assert_eq!(component_of("r", path), expected, "{path}");
        }
    }

    #[test]
    fn layers() {
        let cases = [
            ("web/src/App.tsx", Some("frontend")),
            (".github/workflows/ci.yml", Some("infrastructure")),
            ("infra/main.tf", Some("infrastructure")),
            ("src/ledger/x.go", Some("backend")),
            ("app/checkout/Cart.kt", Some("mobile")),
            ("migrations/001.sql", Some("data")),
            ("docs/adr/1.md", Some("docs")),
            ("LICENSE", None),
        ];
        for (path, expected) in cases {
            assert_eq!(layer_of(path), expected, "{path}");
        }
    }

    #[test]
    fn catalogue_names_are_unique() {
        let names: BTreeSet<&str> = CATALOGUE.iter().map(|m| m.name).collect();
        assert_eq!(names.len(), CATALOGUE.len());
    }
}
