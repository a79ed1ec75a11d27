//! Reviews the history itself records: trailers (`Reviewed-by`,
//! `Helped-by`, ...), patches a maintainer applied and signed off, and
//! merges (GitHub's button and merge queue, bors, topic branches), each
//! with its origin for the reader.

use std::collections::BTreeMap;
use std::sync::Arc;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::super::identities::person_for_login;
use super::super::{Context, People, PersonId, ResolvedCommit};
use super::{Change, ResolvedReview};
use model::{Diagnostic, ReviewState, TrailerKind};

/// Reviews credited in commit trailers: one per reviewer and commit, never
/// by an author of the change, and only on commits counted as work.
pub(super) fn trailer_reviews(commits: &[ResolvedCommit]) -> Vec<ResolvedReview> {
    let pulls = pull_requests_of_commits(commits);
    let mut reviews = Vec::new();
    for commit in commits
        .iter()
        .filter(|c| !c.is_merge && c.exclusion.is_none())
    {
        let mut seen: Vec<PersonId> = Vec::new();
        for &(kind, reviewer) in &commit.reviewers {
            if reviewer == commit.author
                || commit.coauthors.contains(&reviewer)
                || seen.contains(&reviewer)
            {
                continue;
            }
            seen.push(reviewer);
            let (verb, state) = match kind {
                TrailerKind::AckedBy => ("ack", ReviewState::Approved),
                TrailerKind::TestedBy => ("test", ReviewState::Commented),
                TrailerKind::HelpedBy => ("help", ReviewState::Commented),
                TrailerKind::MentoredBy => ("mentoring", ReviewState::Commented),
                _ => ("review", ReviewState::Approved),
            };
            let origin = format!("{} trailer", kind.key());
            reviews.push(commit_review(
                commit,
                &pulls,
                reviewer,
                (verb, state),
                origin,
            ));
        }
    }
    reviews
}

/// A review of one commit, by `reviewer`, with its act and origin.
fn commit_review(
    commit: &ResolvedCommit,
    pulls: &HashMap<(usize, &str), u32>,
    reviewer: PersonId,
    (verb, state): (&'static str, ReviewState),
    origin: String,
) -> ResolvedReview {
    ResolvedReview {
        repo: commit.repo,
        change: Change::Commit(commit.id.clone()),
        pull: pulls.get(&(commit.repo, commit.id.as_str())).copied(),
        time: commit.time,
        summary: commit.summary.clone(),
        author: commit.author,
        reviewer,
        state,
        origin,
        verb,
        comments: 0,
        requested: false,
        detailed: false,
    }
}

/// Patches a maintainer applied: the committer signed off another
/// author's commit (`Signed-off-by` with the committer's address), as
/// mailing-list maintainers do with every patch they take. An integration,
/// counted as a review of that patch.
pub(super) fn applied_reviews(commits: &[ResolvedCommit]) -> Vec<ResolvedReview> {
    let pulls = pull_requests_of_commits(commits);
    commits
        .iter()
        .filter(|c| !c.is_merge && c.exclusion.is_none())
        .filter_map(|commit| {
            let integrator = commit.applied_by?;
            if integrator == commit.author || commit.coauthors.contains(&integrator) {
                return None;
            }
            let origin = "applied the patch (its committer, who signed it off)".into();
            let act = ("apply", ReviewState::Approved);
            Some(commit_review(commit, &pulls, integrator, act, origin))
        })
        .collect()
}

/// The pull request each commit arrived in: the commits of a merged branch
/// (reachable from a main-line merge's second parent, not from the main line)
/// belong to the pull request the merge message names, and a squashed commit
/// whose subject ends in `(#N)` is pull request N.
fn pull_requests_of_commits(commits: &[ResolvedCommit]) -> HashMap<(usize, &str), u32> {
    let mut pulls: HashMap<(usize, &str), u32> = HashMap::new();
    let mut by_repo: BTreeMap<usize, HashMap<&str, &ResolvedCommit>> = BTreeMap::new();
    for commit in commits {
        by_repo
            .entry(commit.repo)
            .or_default()
            .insert(commit.id.as_str(), commit);
        if let Some(number) = squash_number(&commit.summary) {
            pulls.insert((commit.repo, commit.id.as_str()), number);
        }
    }
    for (repo, index) in by_repo {
        let parents: HashSet<&str> = index
            .values()
            .flat_map(|c| c.parents.iter().map(String::as_str))
            .collect();
        // The head is the newest commit nothing else descends from.
        let Some(head) = index
            .values()
            .filter(|c| !parents.contains(c.id.as_str()))
            .max_by_key(|c| (c.time, c.id.as_str()))
        else {
            continue;
        };
        let mut main_line: Vec<&ResolvedCommit> = Vec::new();
        let mut on_main_line: HashSet<&str> = HashSet::new();
        let mut current = Some(*head);
        while let Some(commit) = current {
            if !on_main_line.insert(commit.id.as_str()) {
                break;
            }
            main_line.push(commit);
            current = commit
                .parents
                .first()
                .and_then(|p| index.get(p.as_str()))
                .copied();
        }
        for merge in main_line {
            let number = match &merge.merge {
                Some(model::MergeMessage::GitHub { number, .. })
                | Some(model::MergeMessage::Bors { number, .. })
                | Some(model::MergeMessage::Queue { number, .. })
                | Some(model::MergeMessage::Topic {
                    request: Some(number),
                    ..
                }) => *number,
                Some(model::MergeMessage::Topic { request: None, .. }) | None => continue,
            };
            let mut stack: Vec<&str> = merge.parents.iter().skip(1).map(String::as_str).collect();
            let mut visited = 0usize;
            while let Some(id) = stack.pop() {
                // Long-lived branches are not pull requests; stop early.
                visited += 1;
                if visited > 10_000 || on_main_line.contains(id) || pulls.contains_key(&(repo, id))
                {
                    continue;
                }
                let Some(commit) = index.get(id) else {
                    continue;
                };
                pulls.insert((repo, commit.id.as_str()), number);
                stack.extend(commit.parents.iter().map(String::as_str));
            }
        }
    }
    pulls
}

/// `Fix the retry loop (#123)` -> 123, as GitHub writes squash merges.
fn squash_number(subject: &str) -> Option<u32> {
    let inner = subject.trim_end().strip_suffix(')')?;
    let (_, number) = inner.rsplit_once("(#")?;
    number.parse().ok()
}

/// Reviews recorded in merge commits: GitHub's "Merge pull request" (the
/// merger approved the author's change) and the bors family's `r=` lists.
/// The change's author is the author of the merged branch's tip where that
/// commit is collected, otherwise the user the message names.
pub(super) fn merge_reviews(
    context: &Context<'_>,
    people: &mut People,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ResolvedReview> {
    use model::MergeMessage;
    let (mailmap, commits, index) = (context.mailmap, context.commits, &context.commit_index);
    let mut unknown: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut by_login = |login: &str, repo: usize, people: &mut People| -> PersonId {
        person_for_login(login, people, unknown.entry(repo).or_default(), mailmap)
    };
    let mut reviews = Vec::new();
    for commit in commits.iter().filter(|c| c.is_merge) {
        let Some(merge) = &commit.merge else { continue };
        let tip_id = commit.parents.get(1).map(String::as_str);
        let tip = tip_id
            .and_then(|parent| index.get(&(commit.repo, parent)))
            .map(|i| &commits[*i]);
        // A branch begun before the window: its tip is in the history.
        let branch_author = tip
            .map(|tip| tip.author)
            .or_else(|| tip_id.and_then(|id| context.authorship.author_of(commit.repo, id)));
        match merge {
            MergeMessage::Queue { number, title } => {
                // Whoever queued the pull request approved it; GitHub committed.
                if let Some(author) = branch_author.filter(|a| *a != commit.author) {
                    reviews.push(merge_review(
                        commit,
                        (author, commit.author),
                        *number,
                        &Some(title.clone()),
                        "merge",
                        format!("GitHub merge queue merge of #{number}, queued by its approver"),
                    ));
                }
            }
            MergeMessage::Topic { branch, request } => {
                // A maintainer who applied the topic's patches was credited
                // for each of them; the merge adds nothing then.
                let applied_by = tip.map_or_else(
                    || tip_id.and_then(|id| context.authorship.applied_by(commit.repo, id)),
                    |t| t.applied_by,
                );
                let applied_by_merger = applied_by == Some(commit.author);
                let Some(author) = branch_author.filter(|a| *a != commit.author) else {
                    continue;
                };
                if !applied_by_merger {
                    reviews.push(topic_review(commit, author, branch, *request));
                }
            }
            MergeMessage::GitHub {
                number,
                owner,
                title,
            } => {
                // The owner is often the organization (a branch in the same
                // repository), so it names the author only when it is a
                // login someone is known by; otherwise nobody is invented.
                let known = || match people.lookup(owner).as_slice() {
                    [person] => Some(*person),
                    _ => people.by_login(owner),
                };
                let Some(author) = branch_author.or_else(known) else {
                    continue;
                };
                if author != commit.author {
                    reviews.push(merge_review(
                        commit,
                        (author, commit.author),
                        *number,
                        title,
                        "merge",
                        format!("GitHub merge of pull request #{number}"),
                    ));
                }
            }
            MergeMessage::Bors {
                number,
                author,
                reviewers,
                title,
            } => {
                let author = match (branch_author, author) {
                    (Some(author), _) => author,
                    (None, Some(login)) => by_login(login, commit.repo, people),
                    (None, None) => continue,
                };
                let mut seen = Vec::new();
                for login in reviewers {
                    let reviewer = by_login(login, commit.repo, people);
                    if reviewer != author && !seen.contains(&reviewer) {
                        seen.push(reviewer);
                        reviews.push(merge_review(
                            commit,
                            (author, reviewer),
                            *number,
                            title,
                            "review",
                            format!("bors merge of #{number} (r={login})"),
                        ));
                    }
                }
            }
        }
    }
    for (repo, logins) in unknown.into_iter().filter(|(_, l)| !l.is_empty()) {
        diagnostics.push(Diagnostic::in_file(
            &context.repos[repo],
            format!(
                "merge commits name GitHub users that no commit or identity matches: {}; their reviews are kept under these handles\nhint: add `github = \"<login>\"` to their entries in the identities file",
                logins.join(", ")
            ),
        ));
    }
    reviews
}

/// A topic branch's merge, as its integrator's review of the branch's
/// author's work: of the merge request it names (GitLab), or of the merge.
fn topic_review(
    commit: &ResolvedCommit,
    author: PersonId,
    branch: &str,
    request: Option<u32>,
) -> ResolvedReview {
    let (change, origin) = match request {
        Some(number) => (
            Change::PullRequest(number),
            format!("merge of branch '{branch}' (merge request !{number})"),
        ),
        None => (
            Change::Commit(commit.id.clone()),
            format!("merge of topic branch '{branch}'"),
        ),
    };
    ResolvedReview {
        repo: commit.repo,
        change,
        pull: request,
        time: commit.time,
        summary: Arc::from(branch),
        author,
        reviewer: commit.author,
        state: ReviewState::Approved,
        origin,
        verb: "merge",
        comments: 0,
        requested: false,
        detailed: false,
    }
}

/// An approval a merge commit records: of pull request `number`, by
/// `(author, reviewer)`, titled as the message says or else as the merge.
fn merge_review(
    commit: &ResolvedCommit,
    (author, reviewer): (PersonId, PersonId),
    number: u32,
    title: &Option<String>,
    verb: &'static str,
    origin: String,
) -> ResolvedReview {
    ResolvedReview {
        repo: commit.repo,
        change: Change::PullRequest(number),
        pull: Some(number),
        time: commit.time,
        summary: title
            .as_deref()
            .map_or_else(|| commit.summary.clone(), Arc::from),
        author,
        reviewer,
        state: ReviewState::Approved,
        origin,
        verb,
        comments: 0,
        requested: false,
        detailed: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squash_merge_numbers() {
        assert_eq!(squash_number("Fix the retry loop (#123)"), Some(123));
        assert_eq!(squash_number("Fix (#12) and more"), None);
        assert_eq!(squash_number("Fix (#x)"), None);
    }
}
