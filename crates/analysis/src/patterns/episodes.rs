//! Episodes: which occurrences are independent. A pull request's series of
//! fixes, a mailing-list patch series or a topic branch is one episode of a
//! problem, however many commits it has: counted once, it cannot make a
//! class on its own.
//!
//! Two commits are one episode when the same merge brought them into the
//! main line (a topic branch, a merged pull request), or when one author
//! committed them in the same repository within [`SERIES_GAP`] of each other
//! (a series rebased or squashed onto the main line, or a patch series
//! applied by a maintainer, keeps its author and dates).

use super::HashMap;
use crate::resolve::{Org, PersonId};
use model::Timestamp;

/// Commits of one author in one repository this close in time are one series.
pub(super) const SERIES_GAP: Timestamp = 2 * 86_400;

/// For each commit of the [`Org`], the index of the main-line merge that
/// brought it in, if one did.
pub(super) fn topic_merges(org: &Org) -> Vec<Option<u32>> {
    let mut merged_by: Vec<Option<u32>> = vec![None; org.commits.len()];
    let index: HashMap<(usize, &str), usize> = org
        .commits
        .iter()
        .enumerate()
        .map(|(i, c)| ((c.repo, c.id.as_str()), i))
        .collect();
    let parent = |child: usize, n: usize| -> Option<usize> {
        let commit = &org.commits[child];
        let id = commit.parents.get(n)?;
        index.get(&(commit.repo, id.as_str())).copied()
    };
    let mut main_line = vec![false; org.commits.len()];
    for head in heads(org, &index) {
        let mut at = Some(head);
        while let Some(i) = at {
            if main_line[i] {
                break;
            }
            main_line[i] = true;
            at = parent(i, 0);
        }
    }
    let mut stack = Vec::new();
    for merge in (0..org.commits.len()).filter(|&i| main_line[i] && org.commits[i].is_merge) {
        stack.extend((1..org.commits[merge].parents.len()).filter_map(|n| parent(merge, n)));
        while let Some(i) = stack.pop() {
            if main_line[i] || merged_by[i].is_some() {
                continue;
            }
            merged_by[i] = Some(merge as u32);
            stack.extend((0..org.commits[i].parents.len()).filter_map(|n| parent(i, n)));
        }
    }
    merged_by
}

/// Each repository's head: of the commits no other commit names as a
/// parent, the newest.
fn heads(org: &Org, index: &HashMap<(usize, &str), usize>) -> Vec<usize> {
    let mut is_parent = vec![false; org.commits.len()];
    for commit in &org.commits {
        for id in &commit.parents {
            if let Some(&i) = index.get(&(commit.repo, id.as_str())) {
                is_parent[i] = true;
            }
        }
    }
    let mut newest: HashMap<usize, usize> = HashMap::default();
    for (i, commit) in org
        .commits
        .iter()
        .enumerate()
        .filter(|(i, _)| !is_parent[*i])
    {
        let entry = newest.entry(commit.repo).or_insert(i);
        if org.commits[*entry].time < commit.time {
            *entry = i;
        }
    }
    let mut heads: Vec<usize> = newest.into_values().collect();
    heads.sort_unstable();
    heads
}

/// What makes an occurrence one episode with others.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum EpisodeKey {
    /// Brought in by this main-line merge (an index into `Org::commits`).
    Merge(u32),
    /// A series: author, repository, and the time its first commit was made.
    Series(PersonId, usize, Timestamp),
    /// A document (an incident review) is its own episode.
    Document(usize),
}

/// A commit's place in an episode, before series are chained.
#[derive(Clone, Copy, Debug)]
pub(super) enum Member {
    Commit {
        merge: Option<u32>,
        author: PersonId,
        repo: usize,
        time: Timestamp,
    },
    Document(usize),
}

/// The episode of each member, in the members' order. Commits without a
/// merge are chained into series: one author's commits in one repository,
/// each within [`SERIES_GAP`] of the one before.
pub(super) fn episodes(members: &[Member]) -> Vec<EpisodeKey> {
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.sort_by_key(|&m| match members[m] {
        Member::Commit {
            author, repo, time, ..
        } => (0, author.0, repo, time),
        Member::Document(i) => (1, 0, i, 0),
    });
    let mut keys = vec![EpisodeKey::Document(0); members.len()];
    let mut series: Option<(PersonId, usize, Timestamp, Timestamp)> = None;
    for m in order {
        keys[m] = match members[m] {
            Member::Document(i) => EpisodeKey::Document(i),
            Member::Commit {
                merge: Some(merge), ..
            } => EpisodeKey::Merge(merge),
            Member::Commit {
                author, repo, time, ..
            } => {
                let start = match series {
                    Some((a, r, start, last))
                        if a == author && r == repo && time - last <= SERIES_GAP =>
                    {
                        start
                    }
                    _ => time,
                };
                series = Some((author, repo, start, time));
                EpisodeKey::Series(author, repo, start)
            }
        };
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(author: u32, repo: usize, day: i64, merge: Option<u32>) -> Member {
        Member::Commit {
            merge,
            author: PersonId(author),
            repo,
            time: day * 86_400,
        }
    }

    #[test]
    fn a_series_and_a_topic_branch_are_one_episode_each() {
        let members = [
            commit(1, 0, 10, None),
            commit(1, 0, 11, None),
            commit(1, 0, 12, None),
            commit(1, 0, 30, None),
            commit(2, 0, 10, Some(7)),
            commit(3, 0, 50, Some(7)),
            commit(1, 1, 11, None),
            Member::Document(4),
        ];
        let keys = episodes(&members);
        let distinct: std::collections::BTreeSet<_> = keys.iter().collect();
        assert_eq!(keys[0], keys[1]);
        assert_eq!(keys[1], keys[2], "each within two days of the one before");
        assert_ne!(keys[2], keys[3]);
        assert_eq!(keys[4], keys[5], "one merge brought both in");
        assert_ne!(keys[6], keys[0], "another repository");
        assert_eq!(distinct.len(), 5);
    }
}
