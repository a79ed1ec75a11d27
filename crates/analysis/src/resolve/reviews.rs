//! The review model: who reviewed whose change, from commit trailers, merge
//! messages and code-review exports, as one [`ResolvedReview`] per reviewer
//! and change.
//!
//! The three sources overlap (a pull request's review may also be a trailer
//! on each of its commits and a line in its merge message), so they are
//! gathered here together and deduplicated in one place.

use std::collections::BTreeMap;
use std::sync::Arc;

use foldhash::{HashMap, HashSet, HashSetExt};

mod history;

use super::identities::person_for_login;
use super::{Context, People, PersonId};
use model::{Diagnostic, Reference, ReviewExport, ReviewState, Timestamp};

/// What was reviewed: a commit (its full id), a pull request, or a
/// document (its path: a design review named in the document itself).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    Commit(String),
    PullRequest(u32),
    Document(Arc<str>),
}

impl Change {
    /// The change as evidence points at it: a commit by its short id.
    pub fn reference(&self) -> Reference {
        match self {
            Change::Commit(id) => Reference::commit(model::short_id(id)),
            Change::PullRequest(number) => Reference::PullRequest(*number),
            Change::Document(path) => Reference::Path(path.clone()),
        }
    }
}

/// Changes order as their text (`#N`, a commit id, a path) always has, so
/// that reviews sorted by change keep their order: a pull request before
/// any commit or document (`#` sorts before digits and letters), pull
/// requests by the decimal text of their numbers (`#10` before `#9`).
impl Ord for Change {
    fn cmp(&self, other: &Change) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (self, other) {
            (Change::Commit(a), Change::Commit(b)) => a.cmp(b),
            (Change::Document(a), Change::Document(b)) => a.cmp(b),
            (Change::Commit(a), Change::Document(b)) => (**a).cmp(&**b).then(Ordering::Less),
            (Change::Document(a), Change::Commit(b)) => (**a).cmp(&**b).then(Ordering::Greater),
            (Change::PullRequest(a), Change::PullRequest(b)) => {
                let (mut left, mut right) = ([0u8; 10], [0u8; 10]);
                decimal(*a, &mut left).cmp(decimal(*b, &mut right))
            }
            (Change::PullRequest(_), _) => Ordering::Less,
            (_, Change::PullRequest(_)) => Ordering::Greater,
        }
    }
}

impl PartialOrd for Change {
    fn partial_cmp(&self, other: &Change) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A number's decimal digits, written into `buffer` (no allocation: this
/// runs inside sorts of every review).
fn decimal(mut number: u32, buffer: &mut [u8; 10]) -> &[u8] {
    let mut start = buffer.len();
    loop {
        start -= 1;
        buffer[start] = b'0' + (number % 10) as u8;
        number /= 10;
        if number == 0 {
            return &buffer[start..];
        }
    }
}

/// One person's review of another's change, from whichever source recorded it.
#[derive(Clone, Debug)]
pub struct ResolvedReview {
    pub repo: usize,
    /// What was reviewed.
    pub change: Change,
    /// The pull request the change belongs to, where known: a review of a
    /// pull request is one review, however many of its commits credit it.
    pub pull: Option<u32>,
    pub time: Timestamp,
    /// The change's subject or title.
    pub summary: Arc<str>,
    pub author: PersonId,
    pub reviewer: PersonId,
    pub state: ReviewState,
    /// How the review is known, for the reader: "Reviewed-by trailer", ...
    pub origin: String,
    /// One word for the act: "review", "ack", "test".
    pub verb: &'static str,
    pub comments: u32,
    /// Whether the reviewer was asked for this review.
    pub requested: bool,
    /// From a code-review export, where states and comment counts are real
    /// (trailers and merge messages know neither).
    pub detailed: bool,
}

/// Someone was asked for their review of a change.
#[derive(Clone, Debug)]
pub struct ResolvedRequest {
    pub repo: usize,
    pub change: Change,
    pub summary: String,
    pub time: Timestamp,
    pub reviewer: PersonId,
    /// Who asked: the requester where the export says, else the change's author.
    pub asked_by: PersonId,
}

/// Every review, one per reviewer and change, sorted by time, and the
/// requests for reviews. Logins nobody matches become people of their own.
pub(super) fn resolve(
    context: &Context<'_>,
    export: &ReviewExport,
    people: &mut People,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<ResolvedReview>, Vec<ResolvedRequest>) {
    let mut reviews = history::trailer_reviews(context.commits);
    reviews.extend(history::applied_reviews(context.commits));
    let (export_reviews, review_requests) = export_reviews(context, export, people, diagnostics);
    reviews.extend(history::merge_reviews(context, people, diagnostics));
    reviews.extend(export_reviews);
    // Someone merging or applying their own change from a second address
    // (two identities of one name) is not reviewing it.
    reviews.retain(|r| !same_name(people, r.reviewer, r.author));
    let mut reviews = dedupe_reviews(reviews);
    reviews.sort_by(|a, b| (a.time, a.repo, &a.change).cmp(&(b.time, b.repo, &b.change)));
    (reviews, review_requests)
}

/// Design reviews the documents record: each person a document names as
/// its reviewer or approver reviewed its first author's proposal, dated
/// with the document. They are reviews like any other (reach across
/// teams, relationships), but never decide whether a repository records
/// reviews.
pub(super) fn document_reviews(
    documents: &[super::ResolvedDocument],
    people: &People,
) -> Vec<ResolvedReview> {
    let mut reviews = Vec::new();
    for document in documents {
        let Some(&author) = document.authors.first() else {
            continue;
        };
        let named = document.id.as_deref().unwrap_or(&document.path);
        for &reviewer in &document.reviewers {
            if document.authors.contains(&reviewer) || same_name(people, reviewer, author) {
                continue;
            }
            reviews.push(ResolvedReview {
                repo: document.repo,
                change: Change::Document(Arc::from(document.path.as_str())),
                pull: None,
                time: document.date,
                summary: Arc::from(document.title.as_str()),
                author,
                reviewer,
                state: ReviewState::Approved,
                origin: format!("{named}, which names them as a reviewer or approver"),
                verb: "design review",
                comments: 0,
                requested: true,
                detailed: false,
            });
        }
    }
    reviews
}

/// Whether two people go by the same name (case, accents, `ö` written
/// `oe`, and punctuation aside): one human at two addresses, as far as a
/// review can tell.
fn same_name(people: &People, a: PersonId, b: PersonId) -> bool {
    let name = |id| {
        super::suggest::normalize_name(&people.get(id).name)
            .replace("ae", "a")
            .replace("oe", "o")
            .replace("ue", "u")
    };
    a == b || name(a) == name(b)
}

/// One review per reviewer and change: a pull request counts once, whichever
/// sources and commits record it. The most detailed record wins (an export's
/// review, then a merge message, then a trailer); among equals, the first.
fn dedupe_reviews(reviews: Vec<ResolvedReview>) -> Vec<ResolvedReview> {
    let rank = |review: &ResolvedReview| -> u8 {
        if review.detailed {
            0
        } else if matches!(review.change, Change::PullRequest(_)) {
            1
        } else {
            2
        }
    };
    let mut best: BTreeMap<(usize, Change, PersonId), ResolvedReview> = BTreeMap::new();
    for review in reviews {
        let change = review
            .pull
            .map_or_else(|| review.change.clone(), Change::PullRequest);
        let key = (review.repo, change, review.reviewer);
        match best.get(&key) {
            Some(kept) if (rank(kept), kept.time) <= (rank(&review), review.time) => {}
            _ => {
                best.insert(key, review);
            }
        }
    }
    best.into_values().collect()
}

/// Reviews and review requests from code-review exports. A merged pull
/// request whose merge commit was collected links its author's login to the
/// person who wrote that commit (the merged branch's tip for a merge commit):
/// a certain link, so logins and commit emails meet without guessing.
fn export_reviews(
    context: &Context<'_>,
    export: &ReviewExport,
    people: &mut People,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<ResolvedReview>, Vec<ResolvedRequest>) {
    link_pull_authors(context, export, people, diagnostics);
    let pulls: HashMap<(&str, u32), &model::PullRequest> = export
        .pulls
        .iter()
        .map(|p| ((p.repo.as_str(), p.number), p))
        .collect();
    let mut unknown: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let (requests, requested) = export_requests(context, export, &pulls, people, &mut unknown);
    let reviews = export_review_records(context, export, &pulls, &requested, people, &mut unknown);
    for (repo, logins) in unknown.into_iter().filter(|(_, l)| !l.is_empty()) {
        diagnostics.push(Diagnostic::in_file(
            &repo,
            format!(
                "the code review export names GitHub users that no commit or identity matches: {}; their reviews are kept under these handles\nhint: add `github = \"<login>\"` to their entries in the identities file",
                logins.join(", ")
            ),
        ));
    }
    (reviews, requests)
}

/// Links each merged pull request's author login to the person who wrote its
/// collected merge commit (or the merged branch's tip); a login already linked
/// to someone else keeps its first link, reported.
fn link_pull_authors(
    context: &Context<'_>,
    export: &ReviewExport,
    people: &mut People,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for pull in &export.pulls {
        let (Some(&repo), Some(sha)) = (
            context.repo_index.get(pull.repo.as_str()),
            pull.merge_commit.as_deref(),
        ) else {
            continue;
        };
        let Some(author) = context.authorship.brought_in_by(repo, sha) else {
            continue;
        };
        let reason = || format!("wrote pull request #{}'s merged commit", pull.number);
        if let Err(other) = people.link_login(&pull.author, author, reason) {
            diagnostics.push(Diagnostic::in_file(
                &pull.repo,
                format!(
                    "pull request #{}: GitHub user `{}` wrote a commit of {}, but is already linked to {}; kept the first link",
                    pull.number,
                    pull.author,
                    people.get(author).name,
                    people.get(other).name
                ),
            ));
        }
    }
}

/// Requests for reviews, except people asking themselves, and every
/// (repository, pull request, reviewer) that was requested.
fn export_requests(
    context: &Context<'_>,
    export: &ReviewExport,
    pulls: &HashMap<(&str, u32), &model::PullRequest>,
    people: &mut People,
    unknown: &mut BTreeMap<String, Vec<String>>,
) -> (Vec<ResolvedRequest>, HashSet<(usize, u32, PersonId)>) {
    let mailmap = context.mailmap;
    let mut requests = Vec::new();
    let mut requested: HashSet<(usize, u32, PersonId)> = HashSet::new();
    for request in &export.requests {
        let (Some(&repo), Some(pull)) = (
            context.repo_index.get(request.repo.as_str()),
            pulls.get(&(request.repo.as_str(), request.number)),
        ) else {
            continue;
        };
        let logins = unknown.entry(request.repo.clone()).or_default();
        let reviewer = person_for_login(&request.reviewer, people, logins, mailmap);
        let asked_by = person_for_login(
            request.requested_by.as_deref().unwrap_or(&pull.author),
            people,
            logins,
            mailmap,
        );
        requested.insert((repo, request.number, reviewer));
        if reviewer != asked_by {
            requests.push(ResolvedRequest {
                repo,
                change: Change::PullRequest(request.number),
                summary: pull.title.clone(),
                time: if request.time > 0 {
                    request.time
                } else {
                    pull.created
                },
                reviewer,
                asked_by,
            });
        }
    }
    (requests, requested)
}

/// One review per reviewer and pull request: the strongest state, all comments.
fn export_review_records(
    context: &Context<'_>,
    export: &ReviewExport,
    pulls: &HashMap<(&str, u32), &model::PullRequest>,
    requested: &HashSet<(usize, u32, PersonId)>,
    people: &mut People,
    unknown: &mut BTreeMap<String, Vec<String>>,
) -> Vec<ResolvedReview> {
    let mailmap = context.mailmap;
    let mut merged: BTreeMap<(usize, u32, PersonId), ResolvedReview> = BTreeMap::new();
    for review in &export.reviews {
        let (Some(&repo), Some(pull)) = (
            context.repo_index.get(review.repo.as_str()),
            pulls.get(&(review.repo.as_str(), review.number)),
        ) else {
            continue;
        };
        let logins = unknown.entry(review.repo.clone()).or_default();
        let author = person_for_login(&pull.author, people, logins, mailmap);
        let reviewer = person_for_login(&review.reviewer, people, logins, mailmap);
        if author == reviewer {
            continue;
        }
        let was_requested = requested.contains(&(repo, review.number, reviewer));
        let entry = merged
            .entry((repo, review.number, reviewer))
            .or_insert_with(|| ResolvedReview {
                repo,
                change: Change::PullRequest(review.number),
                pull: Some(review.number),
                time: review.time,
                summary: pull.title.as_str().into(),
                author,
                reviewer,
                state: review.state,
                origin: if was_requested {
                    "GitHub review, requested".to_string()
                } else {
                    "GitHub review".to_string()
                },
                verb: "review",
                comments: 0,
                requested: was_requested,
                detailed: true,
            });
        entry.comments += review.comments;
        entry.time = entry.time.min(review.time);
        if review.state == ReviewState::ChangesRequested
            || (review.state == ReviewState::Approved && entry.state == ReviewState::Commented)
        {
            entry.state = review.state;
        }
    }
    merged.into_values().collect()
}
