//! Reviews: what reviews (commit trailers and code-review exports) and review
//! requests add to the reviewer's and the author's tallies, which
//! repositories record reviews at all, and the review metrics. A repository
//! that does not record reviews must give "no data" rather than zero, so the
//! coverage lives beside the counting.

use std::collections::{BTreeMap, BTreeSet};

use super::catalogue::names;
use super::evidence::{
    Evidence, Item, Metric, PersonMeasures, count, counted, people_items, review_evidence,
    team_name,
};
use super::tally::{Collector, Tally, is_bot};
use super::tally::{PersonMetrics, mark_no_data};
use crate::resolve::{Change, Home, Org, ResolvedReview, TeamId};
use model::Window;

/// The share of a repository's changes with a recorded review below which
/// the history is taken not to record reviews at all.
const MIN_REVIEW_COVERAGE: f64 = 0.05;

/// Metrics that count reviews, and those computed from them.
const REVIEW_METRICS: &[&str] = &[
    names::REVIEWS_GIVEN,
    names::REVIEW_PEOPLE_OTHER_TEAMS,
    names::REVIEWS_GIVEN_OTHER_TEAMS,
    names::REVIEW_TEAMS,
    names::REVIEWS_RECEIVED,
    names::REVIEWS_PER_COMMIT,
    names::CODING_SHARE,
];

/// Metrics only code-review exports feed.
pub(super) const EXPORT_METRICS: &[&str] = &[
    names::REVIEW_REQUESTS_FROM_OTHER_TEAMS,
    names::REVIEW_REQUEST_TEAMS,
    names::REVIEW_COMMENTS_PER_REVIEW,
    names::CHANGES_REQUESTED,
];

impl Collector<'_> {
    /// Reviews in the window between people who are not bots: given, for the
    /// reviewer, and received, for the author; across teams, both also work
    /// with each other's team.
    pub(super) fn add_reviews(&mut self) {
        let (org, window, focus) = (self.org, self.window, self.focus);
        for review in org
            .reviews
            .iter()
            .filter(|r| {
                window.contains(r.time) && !is_bot(org, r.reviewer) && !is_bot(org, r.author)
            })
            .filter(|r| focus.wants(r.reviewer) || focus.wants(r.author))
        {
            let author_home = org.home_at(review.author, review.time);
            let reviewer_home = org.home_at(review.reviewer, review.time);
            let cross: Option<(TeamId, Home)> = match (reviewer_home, author_home) {
                // Another team is none of the reviewer's (they may be in
                // several; their home is one of them).
                (Some(r), Some(a)) if !org.is_own_team(review.reviewer, a.team, review.time) => {
                    Some((a.team, r))
                }
                _ => None,
            };
            if focus.wants(review.reviewer) {
                self.add_review_given(review, author_home, cross);
            }
            if focus.wants(review.author) {
                self.add_review_received(review, cross);
            }
        }
    }

    /// A review for the reviewer's tally. `cross` is the author's team and
    /// the reviewer's home when the two teams differ.
    fn add_review_given(
        &mut self,
        review: &ResolvedReview,
        author_home: Option<Home>,
        cross: Option<(TeamId, Home)>,
    ) {
        let org = self.org;
        let author = org.people.get(review.author);
        let team_note = author_home
            .map(|h| format!(" ({})", org.team(h.team).name))
            .unwrap_or_default();
        let detail = format!("{} of {}'s change{team_note}", review.verb, author.name);
        let item = review_evidence(org, review, detail);
        let tally = self.tallies.entry(review.reviewer).or_default();
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
            *self
                .team_matrix
                .entry((reviewer_home.team, author_team))
                .or_default() += 1;
        }
    }

    /// A review for the author's tally, with the reviewer as someone worked
    /// with when `cross` says they are in another team.
    fn add_review_received(&mut self, review: &ResolvedReview, cross: Option<(TeamId, Home)>) {
        let org = self.org;
        let reviewer_person = org.people.get(review.reviewer);
        let received = review_evidence(
            org,
            review,
            format!("{} from {}", review.verb, reviewer_person.name),
        );
        let author_tally = self.tallies.entry(review.author).or_default();
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

    /// Review requests from code-review exports, counted for the reviewer
    /// when the person asking is in another team.
    pub(super) fn add_review_requests(&mut self) {
        let (org, window, focus) = (self.org, self.window, self.focus);
        for request in org
            .review_requests
            .iter()
            .filter(|r| {
                window.contains(r.time) && !is_bot(org, r.reviewer) && !is_bot(org, r.asked_by)
            })
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
            self.tallies
                .entry(request.reviewer)
                .or_default()
                .requests_from_other_teams
                .push((
                    asker_home.team,
                    Evidence {
                        repo: org.repos.get(request.repo).cloned().unwrap_or_default(),
                        reference: request.change.reference(),
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
    }
}

/// Which repositories record reviews. A repository whose history records
/// reviews for almost none of its changes (no trailers, and merges done by a
/// bot) records its reviews elsewhere; zero reviews for the people working
/// there would be a false number. A code-review export always records them.
pub(super) struct ReviewCoverage<'a> {
    /// Repositories whose reviews are recorded, by name.
    pub(super) recording: BTreeSet<&'a str>,
    /// Repositories a code-review export covers, by name.
    pub(super) exported: BTreeSet<&'a str>,
    /// Repositories with commits in the window but no review trailers.
    pub(super) without_trailers: Vec<String>,
}

impl<'a> ReviewCoverage<'a> {
    pub(super) fn of(org: &'a Org, window: Window) -> Self {
        let mut changes: BTreeMap<usize, usize> = BTreeMap::new();
        for commit in org
            .commits
            .iter()
            .filter(|c| window.contains(c.time) && c.exclusion.is_none() && !c.is_merge)
        {
            *changes.entry(commit.repo).or_default() += 1;
        }
        let active_repos: BTreeSet<usize> = changes.keys().copied().collect();
        let mut reviewed: BTreeMap<usize, BTreeSet<&Change>> = BTreeMap::new();
        let mut exported: BTreeSet<usize> = BTreeSet::new();
        // Design reviews a document names say nothing of whether the
        // repository's code review is recorded.
        for review in org.reviews.iter().filter(|r| {
            window.contains(r.time)
                && !is_bot(org, r.reviewer)
                && !matches!(r.change, Change::Document(_))
        }) {
            reviewed
                .entry(review.repo)
                .or_default()
                .insert(&review.change);
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
        ReviewCoverage {
            recording: recording_names,
            exported: export_repos,
            without_trailers: repos_without_review_trailers,
        }
    }
}

/// How much of a person's work (commits counted as work) is in
/// repositories whose history or export records reviews.
pub(super) struct RecordedShare {
    pub(super) recorded: usize,
    pub(super) total: usize,
}

impl RecordedShare {
    pub(super) fn of(tally: &Tally, coverage: &ReviewCoverage) -> RecordedShare {
        let total = tally.repo_commits.values().sum();
        let recorded = tally
            .repo_commits
            .iter()
            .filter(|(repo, _)| coverage.recording.contains(repo.as_str()))
            .map(|(_, n)| n)
            .sum();
        RecordedShare { recorded, total }
    }

    /// At least half: enough to call no review a zero.
    pub(super) fn is_most(&self) -> bool {
        self.total > 0 && self.recorded * 2 >= self.total
    }

    pub(super) fn is_all(&self) -> bool {
        self.recorded == self.total
    }
}

/// Turns review-based metrics into "no data" with the reason as their only
/// item: too little of the person's work is where reviews are recorded.
pub(super) fn mark_reviews_unrecorded(measures: &mut PersonMeasures, share: &RecordedShare) {
    let why = if share.total == 0 {
        "the person has no commits in the window, so whether their repositories record reviews cannot be told; none were found".to_string()
    } else {
        format!(
            "{} of the person's {} commits are in repositories that record reviews (Reviewed-by trailers, review-carrying merges or a code-review export); under half, too few to call no review found a zero (a code-review export of the others would measure it)",
            share.recorded, share.total
        )
    };
    mark_no_data(measures, REVIEW_METRICS, &why);
}

/// Says, on each review metric, that it counts only what the repositories
/// recording reviews show.
pub(super) fn note_review_coverage(measures: &mut PersonMeasures, share: &RecordedShare) {
    let note = format!(
        "counted where reviews are recorded: {} of the person's {} commits are in such repositories; reviews in the others are not seen",
        share.recorded, share.total
    );
    for name in REVIEW_METRICS {
        if let Some(metric) = measures.metrics.get_mut(name)
            && metric.value.is_some()
        {
            metric.items.push(Item {
                label: "coverage".into(),
                detail: note.clone(),
                evidence: Vec::new(),
            });
        }
    }
}

/// Reviews given to authors in other teams, by the authors' team.
pub(super) fn cross_reviews_by_team(tally: &Tally) -> BTreeMap<TeamId, Vec<Evidence>> {
    let mut review_teams: BTreeMap<TeamId, Vec<Evidence>> = BTreeMap::new();
    for (team, cross, item) in &tally.reviews_given {
        if *cross {
            review_teams.entry(*team).or_default().push(item.clone());
        }
    }
    review_teams
}

impl PersonMetrics<'_> {
    /// Reviews given (to everyone, and to other teams' authors) and
    /// received. `review_teams` are the reviews given across teams, by team.
    pub(super) fn reviews(&mut self, review_teams: &BTreeMap<TeamId, Vec<Evidence>>) {
        let (org, tally) = (self.org, self.tally);
        let mut reviews_by_team: BTreeMap<TeamId, Vec<Evidence>> = BTreeMap::new();
        for (team, _, item) in &tally.reviews_given {
            reviews_by_team.entry(*team).or_default().push(item.clone());
        }
        self.metrics.insert(
            names::REVIEWS_GIVEN,
            Metric {
                value: count(tally.reviews_given.len()),
                items: reviews_by_team
                    .iter()
                    .map(|(team, evidence)| Item {
                        label: format!("authors in {}", team_name(org, *team)),
                        detail: counted(evidence.len(), "review"),
                        evidence: evidence.clone(),
                    })
                    .collect(),
            },
        );
        let cross_reviews: usize = review_teams.values().map(Vec::len).sum();
        self.metrics.insert(
            names::REVIEWS_GIVEN_OTHER_TEAMS,
            Metric {
                value: count(cross_reviews),
                items: review_teams
                    .iter()
                    .map(|(team, evidence)| Item {
                        label: team_name(org, *team),
                        detail: format!("{} of its authors", counted(evidence.len(), "review")),
                        evidence: evidence.clone(),
                    })
                    .collect(),
            },
        );
        self.metrics.insert(
            names::REVIEW_TEAMS,
            Metric {
                value: count(review_teams.len()),
                items: self.metrics[names::REVIEWS_GIVEN_OTHER_TEAMS].items.clone(),
            },
        );
        self.metrics.insert(
            names::REVIEW_PEOPLE_OTHER_TEAMS,
            Metric {
                value: count(tally.reviewed_across.len()),
                items: people_items(org, &tally.reviewed_across, "review"),
            },
        );
        self.metrics.insert(
            names::REVIEWS_RECEIVED,
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
    }

    /// Being sought for review, and review depth (code-review exports only).
    pub(super) fn review_exports(&mut self) {
        let (org, tally) = (self.org, self.tally);
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
                label: team_name(org, *team),
                detail: format!("{} from its people", counted(evidence.len(), "request")),
                evidence: evidence.clone(),
            })
            .collect();
        self.metrics.insert(
            names::REVIEW_REQUESTS_FROM_OTHER_TEAMS,
            Metric {
                value: count(tally.requests_from_other_teams.len()),
                items: request_items.clone(),
            },
        );
        self.metrics.insert(
            names::REVIEW_REQUEST_TEAMS,
            Metric {
                value: count(requests_by_team.len()),
                items: request_items,
            },
        );
        let detailed = &tally.detailed_reviews;
        let comments: u32 = detailed.iter().map(|(c, _, _)| *c).sum();
        self.metrics.insert(
            names::REVIEW_COMMENTS_PER_REVIEW,
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
        self.metrics.insert(
            names::CHANGES_REQUESTED,
            Metric {
                value: (!detailed.is_empty()).then_some(asked_for_changes.len() as f64),
                items: vec![Item {
                    label: "asked for changes".into(),
                    detail: counted(asked_for_changes.len(), "review"),
                    evidence: asked_for_changes,
                }],
            },
        );
    }
}
