//! The GitHub code-review export. For the repositories in [`EXPORTED`],
//! `root/exports/<repo>/` holds what `gh api --paginate` writes for
//!
//! ```text
//! repos/acme/<repo>/pulls?state=all&per_page=100  -> pulls.json
//! repos/acme/<repo>/pulls/<N>/reviews             -> reviews-<N>.json
//! repos/acme/<repo>/pulls/<N>/comments            -> comments-<N>.json
//! repos/acme/<repo>/issues/<N>/events             -> events-<N>.json
//! ```
//!
//! that is, compact JSON arrays, one per page, written back to back. Every
//! merged pull request is one of the repository's `Merge pull request #N`
//! commits; a few open ones are added at the end of the history. The
//! export is planned from its own random stream after the history is
//! written, so it never moves a commit.
//!
//! [`EXPORTED`]: crate::EXPORTED

mod json;
mod reviews;

pub(crate) use json::write_export;

use crate::DemoError;
use crate::events::Author;
use crate::git::History;
use crate::org::Org;
use crate::people::ROSTER;
use crate::repos::Bot;
use crate::rng::Rng;
use crate::writer::PullRecord;
use reviews::ReviewPlanner;

/// Page size of the pull request list (`per_page=100`).
const PULLS_PER_PAGE: usize = 100;
/// GitHub's default page size, which the other endpoints are fetched with.
const DEFAULT_PER_PAGE: usize = 30;
/// The GitHub organization of the demo.
const GITHUB_ORG: &str = "acme";

fn login(author: Author) -> &'static str {
    match author {
        Author::Person(p) => ROSTER[p].handle,
        Author::Bot(Bot::Dependabot) => "dependabot[bot]",
        Author::Bot(Bot::Renovate) => "renovate[bot]",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReviewState {
    Approved,
    ChangesRequested,
    Commented,
}

impl ReviewState {
    fn api(self) -> &'static str {
        match self {
            ReviewState::Approved => "APPROVED",
            ReviewState::ChangesRequested => "CHANGES_REQUESTED",
            ReviewState::Commented => "COMMENTED",
        }
    }
}

#[derive(Debug, Clone)]
struct PlannedReview {
    id: u64,
    reviewer: usize,
    state: ReviewState,
    time: i64,
    body: &'static str,
}

#[derive(Debug, Clone)]
struct PlannedComment {
    id: u64,
    /// Index into the pull request's reviews.
    review: usize,
    path: String,
    diff_hunk: String,
    body: &'static str,
}

#[derive(Debug, Clone)]
struct PlannedPull {
    number: u32,
    title: String,
    branch: String,
    author: Author,
    created: i64,
    merged: Option<i64>,
    /// The merge commit for a merged pull request, GitHub's test merge for an open one.
    merge_commit_sha: String,
    /// Review requests: who and when; the pull request's author asked.
    requests: Vec<(usize, i64)>,
    reviews: Vec<PlannedReview>,
    comments: Vec<PlannedComment>,
    labels: Vec<(&'static str, i64)>,
    /// Files the pull request changes, where review comments go.
    paths: Vec<String>,
}

impl PlannedPull {
    /// Requested reviewers who have not reviewed: GitHub's `requested_reviewers`.
    fn pending(&self) -> Vec<usize> {
        let mut pending = Vec::new();
        for &(reviewer, _) in &self.requests {
            if !self.reviews.iter().any(|r| r.reviewer == reviewer) && !pending.contains(&reviewer)
            {
                pending.push(reviewer);
            }
        }
        pending
    }

    fn updated(&self) -> i64 {
        let mut last = self.merged.unwrap_or(self.created);
        last = last.max(self.reviews.iter().map(|r| r.time).max().unwrap_or(0));
        last.max(self.requests.iter().map(|r| r.1).max().unwrap_or(0))
    }
}

/// Plans the export of one repository: every merged pull request of its
/// history and a few open ones, with ids assigned in time order.
fn plan_export(
    org: &Org,
    index: usize,
    history: &History,
    seed: u64,
) -> Result<Vec<PlannedPull>, DemoError> {
    let mut planner = ReviewPlanner {
        repo: &org.repos[index],
        rng: Rng::derived(seed, 3000 + index as u64),
        marcus_requests: 0,
    };
    let mut pulls = Vec::new();
    for record in &history.pulls {
        pulls.push(merged_pull(&mut planner, history, record)?);
    }
    // GitHub numbers pull requests in the order they are opened, so the open
    // ones come after everything in the history.
    let earliest = pulls.iter().map(|p| p.created).max().unwrap_or(0) + 60;
    pulls.extend(open_pulls(&mut planner, history, earliest));
    assign_ids(&mut pulls, index);
    Ok(pulls)
}

/// A pull request of the history, merged by its `Merge pull request`
/// commit, with the reviews that led to it.
fn merged_pull(
    planner: &mut ReviewPlanner,
    history: &History,
    record: &PullRecord,
) -> Result<PlannedPull, DemoError> {
    let sha = history
        .merges
        .get(&record.number)
        .ok_or_else(|| DemoError::Git {
            repository: planner.repo.name.to_string(),
            command: "git log --merges --first-parent refs/heads/main".to_string(),
            status: "incomplete history".to_string(),
            stderr: format!("no merge commit for pull request #{}", record.number),
        })?;
    let mut pull = PlannedPull {
        number: record.number,
        title: record.title.clone(),
        branch: record.branch.clone(),
        author: record.author,
        created: record.opened,
        merged: Some(record.merged),
        merge_commit_sha: sha.clone(),
        requests: Vec::new(),
        reviews: Vec::new(),
        comments: Vec::new(),
        labels: Vec::new(),
        paths: record.paths.clone(),
    };
    match record.author {
        // Bots' pull requests are labelled and merged without a review.
        Author::Bot(_) => pull
            .labels
            .push(("dependencies", record.opened + planner.rng.between(1, 20))),
        Author::Person(author) => planner.merged(&mut pull, author, &record.reviewers),
    }
    Ok(pull)
}

/// Three to five pull requests still open at the end of the history,
/// opened after `earliest` and numbered after the last merged one.
fn open_pulls(planner: &mut ReviewPlanner, history: &History, earliest: i64) -> Vec<PlannedPull> {
    let mut open = Vec::new();
    for _ in 0..3 + planner.rng.below(3) {
        open.extend(planner.open(&history.paths, earliest));
    }
    open.sort_by_key(|p| p.created);
    let mut number = history.last_number;
    for pull in &mut open {
        number += 1 + planner.rng.below(2) as u32;
        pull.number = number;
    }
    open
}

/// Gives reviews and review comments their ids. Ids grow with time, as
/// GitHub's do, and never collide across repositories.
fn assign_ids(pulls: &mut [PlannedPull], index: usize) {
    let base = 1_000_000 * index as u64;
    let mut order: Vec<(i64, usize, usize)> = Vec::new();
    for (p, pull) in pulls.iter().enumerate() {
        for (r, review) in pull.reviews.iter().enumerate() {
            order.push((review.time, p, r));
        }
    }
    order.sort_unstable();
    for (k, &(_, p, r)) in order.iter().enumerate() {
        pulls[p].reviews[r].id = 2_200_000_000 + base + k as u64;
    }
    let mut order: Vec<(u64, usize, usize)> = Vec::new();
    for (p, pull) in pulls.iter().enumerate() {
        for (c, comment) in pull.comments.iter().enumerate() {
            order.push((pull.reviews[comment.review].id, p, c));
        }
    }
    order.sort_unstable();
    for (k, &(_, p, c)) in order.iter().enumerate() {
        pulls[p].comments[c].id = 1_700_000_000 + base + k as u64;
    }
}
