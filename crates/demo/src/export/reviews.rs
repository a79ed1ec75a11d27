//! Review activity on pull requests: who is asked, who answers, with
//! which verdict and how many inline comments. This is where the planted
//! reviewers (Priya asked across teams, Marcus hardly at all) take shape.

use crate::calendar::{DAY, LAST_MOMENT, date};
use crate::events::Author;
use crate::export::{PlannedComment, PlannedPull, PlannedReview, ReviewState};
use crate::people::{ROSTER, Team, person_index, team_at};
use crate::repos::{Kind, Module, Repo};
use crate::rng::Rng;
use crate::words::{PURPOSES, Words, capitalize};
use crate::{SENIOR, STAFF};

const LABELS: &[&str] = &[
    "enhancement",
    "bug",
    "refactor",
    "tech-debt",
    "needs-review",
    "documentation",
    "performance",
];

const APPROVAL_BODIES: &[&str] = &["", "", "LGTM", "Looks good to me.", "Ship it"];
const CHANGES_BODIES: &[&str] = &[
    "A few things to address before this goes in.",
    "This needs a test for the failure path.",
    "Let's not change the public contract here; see inline comments.",
    "",
];
const COMMENT_BODIES: &[&str] = &[
    "Left some questions inline.",
    "Drive-by comments, not blocking.",
    "",
];
const REMARKS: &[&str] = &[
    "Can we add a test for the error path here?",
    "nit: this name is a bit misleading, maybe describe what it returns?",
    "This runs on every request; can we avoid the extra allocation?",
    "What happens if the upstream call times out halfway through?",
    "Should this be behind the feature flag until the migration is done?",
    "We already have a helper for this in the shared library.",
    "Is this idempotent if the job is retried?",
    "Please log the identifier here, it makes incidents much easier to debug.",
    "This changes the public contract; let's version it.",
    "Could you split this into its own function? It is hard to follow inline.",
    "I think this needs a lock, two workers can get here at once.",
    "Nice, much clearer than before.",
];

/// Plans the review activity of one repository's pull requests.
pub(super) struct ReviewPlanner<'a> {
    pub(super) repo: &'a Repo,
    pub(super) rng: Rng,
    /// How often Marcus has been asked for a review so far.
    pub(super) marcus_requests: u32,
}

impl ReviewPlanner<'_> {
    /// Someone from `team` at `time` who is not in `exclude`.
    fn someone(&mut self, team: Team, time: i64, exclude: &[usize]) -> Option<usize> {
        let pool: Vec<usize> = (0..ROSTER.len())
            .filter(|&p| team_at(p, time) == team && !exclude.contains(&p))
            .collect();
        (!pool.is_empty()).then(|| self.rng.pick(&pool))
    }

    fn labels(&mut self, pull: &mut PlannedPull) {
        let count = match self.rng.below(100) {
            0..=39 => 0,
            40..=84 => 1,
            _ => 2,
        };
        for _ in 0..count {
            let label = self.rng.pick(LABELS);
            if !pull.labels.iter().any(|(l, _)| *l == label) {
                let time = pull.created + self.rng.between(5, 90);
                pull.labels.push((label, time));
            }
        }
    }

    fn comment_count(&mut self, reviewer: usize, state: ReviewState) -> u64 {
        if ROSTER[reviewer].handle == SENIOR {
            0
        } else if ROSTER[reviewer].handle == STAFF {
            match state {
                ReviewState::ChangesRequested => 3 + self.rng.below(2),
                ReviewState::Approved => 1 + self.rng.below(3),
                ReviewState::Commented => 2 + self.rng.below(3),
            }
        } else {
            match state {
                ReviewState::ChangesRequested => 1 + self.rng.below(4),
                ReviewState::Approved => u64::from(self.rng.chance(0.3)),
                ReviewState::Commented => 1 + self.rng.below(3),
            }
        }
    }

    /// Adds one review with its inline comments.
    fn review(&mut self, pull: &mut PlannedPull, reviewer: usize, state: ReviewState, time: i64) {
        let body = match state {
            ReviewState::Approved => self.rng.pick(APPROVAL_BODIES),
            ReviewState::ChangesRequested => self.rng.pick(CHANGES_BODIES),
            ReviewState::Commented => self.rng.pick(COMMENT_BODIES),
        };
        let index = pull.reviews.len();
        pull.reviews.push(PlannedReview {
            id: 0,
            reviewer,
            state,
            time,
            body,
        });
        for _ in 0..self.comment_count(reviewer, state) {
            let path = if pull.paths.is_empty() {
                "README.md".to_string()
            } else {
                pull.paths[self.rng.index(pull.paths.len())].clone()
            };
            let start = self.rng.between(1, 320);
            let old = self.rng.between(3, 12);
            let new = old + self.rng.between(0, 6);
            pull.comments.push(PlannedComment {
                id: 0,
                review: index,
                path,
                diff_hunk: format!("@@ -{start},{old} +{start},{new} @@"),
                body: self.rng.pick(REMARKS),
            });
        }
    }

    /// Requests, reviews and labels of a pull request merged by a person.
    pub(super) fn merged(&mut self, pull: &mut PlannedPull, author: usize, trailer: &[usize]) {
        let marcus = person_index(SENIOR);
        let priya = person_index(STAFF);
        let start = pull.created;
        let span = pull.merged.unwrap_or(start + 3600) - start;
        // The owning team reviews: the author's own team, unless they work
        // in another team's repository.
        let team = self.repo.owner;
        self.labels(pull);
        let (requested, marcus_answers) = self.requested(author, start, trailer);
        let window = (span / 10).max(2);
        for &reviewer in &requested {
            let time = start + self.rng.between(1, window);
            pull.requests.push((reviewer, time));
        }
        for &reviewer in &requested {
            for &state in self.answers(reviewer, trailer, marcus_answers) {
                let (lo, hi) = match state {
                    ReviewState::ChangesRequested => (2, 4),
                    _ => (5, 9),
                };
                let time = start + self.rng.between(span * lo / 10, span * hi / 10);
                self.review(pull, reviewer, state, time);
            }
        }
        // Now and then a teammate comments without being asked.
        if self.rng.chance(0.05) {
            let mut exclude = vec![author, marcus, priya];
            exclude.extend(&requested);
            if let Some(reviewer) = self.someone(team, start, &exclude) {
                let time = start + self.rng.between(span * 3 / 10, span * 9 / 10);
                self.review(pull, reviewer, ReviewState::Commented, time);
            }
        }
    }

    /// Who the author of a merged pull request opened at `start` asks for a
    /// review: the people its trailers name, teammates if they name nobody
    /// else, now and then Marcus, and often Priya. Also whether Marcus,
    /// if asked, answers.
    fn requested(&mut self, author: usize, start: i64, trailer: &[usize]) -> (Vec<usize>, bool) {
        let marcus = person_index(SENIOR);
        let priya = person_index(STAFF);
        let home = team_at(author, start);
        let team = self.repo.owner;
        let mut requested: Vec<usize> = trailer.iter().copied().filter(|&r| r != author).collect();
        let others = requested.iter().filter(|&&r| r != priya).count();
        let extra = if others == 0 {
            if self.rng.chance(0.3) { 2 } else { 1 }
        } else {
            usize::from(self.rng.chance(0.12))
        };
        for _ in 0..extra {
            let mut exclude = vec![author, marcus, priya];
            exclude.extend(&requested);
            if let Some(reviewer) = self.someone(team, start, &exclude) {
                requested.push(reviewer);
            }
        }
        // Marcus is asked three times in his own team and answers twice,
        // with a bare approval.
        let mut marcus_answers = false;
        if team == Team::Payments
            && home == Team::Payments
            && author != marcus
            && trailer.is_empty()
            && self.marcus_requests < 3
            && start >= date(2025, 3, 1)
            && self.rng.chance(0.15)
        {
            self.marcus_requests += 1;
            marcus_answers = self.marcus_requests <= 2;
            requested.push(marcus);
        }
        // Priya is the organization's reviewer of choice outside platform.
        if author != priya
            && author != marcus
            && home != Team::Platform
            && !requested.contains(&priya)
            && self.rng.chance(0.17)
        {
            requested.push(priya);
        }
        (requested, marcus_answers)
    }

    /// The reviews a requested reviewer leaves, in order. Whoever the
    /// trailers name approves in the end; Priya answers most requests and
    /// often asks for changes first; Marcus approves at most, without a word.
    fn answers(
        &mut self,
        reviewer: usize,
        trailer: &[usize],
        marcus_answers: bool,
    ) -> &'static [ReviewState] {
        use ReviewState::{Approved, ChangesRequested, Commented};
        let marcus = person_index(SENIOR);
        let priya = person_index(STAFF);
        if reviewer == marcus {
            if marcus_answers { &[Approved] } else { &[] }
        } else if trailer.contains(&reviewer) {
            let first_rejects = self.rng.chance(if reviewer == priya { 0.35 } else { 0.15 });
            if first_rejects {
                &[ChangesRequested, Approved]
            } else {
                &[Approved]
            }
        } else if reviewer == priya {
            if !self.rng.chance(0.85) {
                &[]
            } else if !trailer.is_empty() {
                // Someone else's approval is what the trailers record.
                if self.rng.chance(0.6) {
                    &[ChangesRequested]
                } else {
                    &[Commented]
                }
            } else if self.rng.chance(0.4) {
                &[ChangesRequested, Approved]
            } else {
                &[Approved]
            }
        } else if !trailer.is_empty() {
            if self.rng.chance(0.5) {
                &[Commented]
            } else {
                &[]
            }
        } else {
            match self.rng.below(100) {
                0..=14 => &[],
                15..=68 => &[Approved],
                69..=82 => &[ChangesRequested, Approved],
                _ => &[Commented],
            }
        }
    }

    /// A pull request that is still open at the end of the history, opened
    /// after `earliest`; its number is set by the caller.
    pub(super) fn open(&mut self, paths: &[String], earliest: i64) -> Option<PlannedPull> {
        let priya = person_index(STAFF);
        let author = self.someone(self.repo.owner, LAST_MOMENT, &[priya])?;
        let module_dirs: Vec<&Module> = self
            .repo
            .modules
            .iter()
            .filter(|m| m.kind == Kind::Code && paths.iter().any(|p| p.starts_with(m.dir)))
            .collect();
        if module_dirs.is_empty() {
            return None;
        }
        let module = module_dirs[self.rng.index(module_dirs.len())];
        let words = Words::pick(&mut self.rng, module.nouns);
        let candidates: Vec<&String> = paths.iter().filter(|p| p.starts_with(module.dir)).collect();
        let mut changed = Vec::new();
        for _ in 0..1 + self.rng.below(3) {
            let path = candidates[self.rng.index(candidates.len())].clone();
            if !changed.contains(&path) {
                changed.push(path);
            }
        }
        let latest = LAST_MOMENT - 12 * 3600;
        let created = self.rng.between(
            earliest.max(LAST_MOMENT - 20 * DAY).min(latest - 3600),
            latest,
        );
        let handle = ROSTER[author].handle.split('.').next().unwrap_or("dev");
        let sha = self.test_merge_sha();
        let mut pull = PlannedPull {
            number: 0,
            title: format!(
                "{} {} {} {}",
                capitalize(words.verb.base),
                words.noun,
                words.noun2,
                self.rng.pick(PURPOSES)
            ),
            branch: format!(
                "{handle}/{}-{}-{}",
                module.scope, words.verb.base, words.noun
            ),
            author: Author::Person(author),
            created,
            merged: None,
            merge_commit_sha: sha,
            requests: Vec::new(),
            reviews: Vec::new(),
            comments: Vec::new(),
            labels: Vec::new(),
            paths: changed,
        };
        self.labels(&mut pull);
        self.open_reviews(&mut pull, author);
        Some(pull)
    }

    /// The id of GitHub's test merge of an open pull request: random, as
    /// no such commit is written.
    fn test_merge_sha(&mut self) -> String {
        let mut sha = String::with_capacity(40);
        while sha.len() < 40 {
            sha.push_str(&format!("{:016x}", self.rng.next_u64()));
        }
        sha.truncate(40);
        sha
    }

    /// The review requests of an open pull request, and perhaps a first
    /// review.
    fn open_reviews(&mut self, pull: &mut PlannedPull, author: usize) {
        let marcus = person_index(SENIOR);
        let priya = person_index(STAFF);
        let created = pull.created;
        let mut requested = Vec::new();
        for _ in 0..1 + self.rng.below(2) {
            let mut exclude = vec![author, marcus, priya];
            exclude.extend(&requested);
            if let Some(reviewer) = self.someone(self.repo.owner, created, &exclude) {
                requested.push(reviewer);
            }
        }
        if author != marcus && self.rng.chance(0.4) {
            requested.push(priya);
        }
        for &reviewer in &requested {
            let time = created + self.rng.between(60, 3600);
            pull.requests.push((reviewer, time));
        }
        // One of several reviewers may have looked already; the others are
        // still pending, so `requested_reviewers` is never empty.
        if requested.len() >= 2 && self.rng.chance(0.5) {
            let state = if self.rng.chance(0.5) {
                ReviewState::Commented
            } else {
                ReviewState::ChangesRequested
            };
            let time = (created + self.rng.between(2 * 3600, 2 * DAY)).min(LAST_MOMENT);
            self.review(pull, requested[0], state, time);
        }
    }
}
