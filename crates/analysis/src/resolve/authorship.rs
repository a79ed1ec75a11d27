//! Who wrote every commit of every repository, whatever the window.
//!
//! Who is who is decided over the whole store, not per window: a login is
//! linked to a person from merges and pull requests of any year, so the
//! same login is the same person in every window and command. The window's
//! commits are resolved in full elsewhere; this index keeps, for all of
//! them and the history outside the window, only what the links read.

use foldhash::HashMap;

use model::{Commit, MergeMessage};

use super::PersonId;

/// One commit as the links read it.
struct Authored {
    author: PersonId,
    /// Who applied the patch, when a maintainer did (see `InternedPeople`).
    applied_by: Option<PersonId>,
    /// The merged branch's tip, for a merge.
    tip: Option<String>,
}

/// Which tool wrote a merge's message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Merger {
    Bors,
    GitHub,
}

/// Every commit's author by repository and id, and the merges that name
/// whose branch they merged.
#[derive(Default)]
pub(super) struct Authorship {
    by_repo: HashMap<usize, HashMap<String, Authored>>,
    /// Commits by repository and author.
    counts: HashMap<(usize, PersonId), usize>,
    /// (repository, login, the merged branch's tip, who wrote the message)
    /// of each merge naming the author of what it merged: bors's pull
    /// request author, or the owner of the branch GitHub's merge button
    /// merged.
    named: Vec<(usize, String, String, Merger)>,
}

impl Authorship {
    pub(super) fn add(
        &mut self,
        repo: usize,
        commit: &Commit,
        (author, applied_by): (PersonId, Option<PersonId>),
    ) {
        let tip = commit
            .is_merge()
            .then(|| commit.parents.get(1).cloned())
            .flatten();
        let merge = tip
            .as_ref()
            .and_then(|_| model::parse_merge_message(&commit.message));
        let named = match merge {
            Some(MergeMessage::Bors {
                author: Some(login),
                ..
            }) => Some((login, Merger::Bors)),
            Some(MergeMessage::GitHub { owner, .. }) => Some((owner, Merger::GitHub)),
            _ => None,
        };
        if let (Some(tip), Some((login, merger))) = (&tip, named) {
            self.named.push((repo, login, tip.clone(), merger));
        }
        self.by_repo.entry(repo).or_default().insert(
            commit.id.clone(),
            Authored {
                author,
                applied_by,
                tip,
            },
        );
        *self.counts.entry((repo, author)).or_default() += 1;
    }

    /// How many commits of a repository a person wrote, in all its history.
    pub(super) fn commits_in(&self, repo: usize, person: PersonId) -> usize {
        self.counts.get(&(repo, person)).copied().unwrap_or(0)
    }

    /// The author of a commit, wherever in the history it is.
    pub(super) fn author_of(&self, repo: usize, id: &str) -> Option<PersonId> {
        Some(self.by_repo.get(&repo)?.get(id)?.author)
    }

    /// Who applied a commit's patch, wherever in the history it is.
    pub(super) fn applied_by(&self, repo: usize, id: &str) -> Option<PersonId> {
        self.by_repo.get(&repo)?.get(id)?.applied_by
    }

    /// Who wrote what a commit brought in: the merged branch's tip for a
    /// merge, the commit itself otherwise.
    pub(super) fn brought_in_by(&self, repo: usize, id: &str) -> Option<PersonId> {
        let commit = self.by_repo.get(&repo)?.get(id)?;
        match &commit.tip {
            Some(tip) => self.author_of(repo, tip),
            None => Some(commit.author),
        }
    }

    /// Each merge naming whose branch it merged, with who wrote the
    /// branch's tip when that commit is known.
    pub(super) fn named_merges(&self) -> impl Iterator<Item = (&str, PersonId, Merger)> {
        self.named.iter().filter_map(|(repo, login, tip, merger)| {
            Some((login.as_str(), self.author_of(*repo, tip)?, *merger))
        })
    }
}
