//! Certain links between GitHub logins and the people who commit, read from
//! the history itself: bors and homu write `Auto merge of #N - login:branch`
//! for the pull request they merge, so `login` is the author of the commits
//! that merge brings in. Linking it means the same login in `r=login` on
//! other merges, or in a code-review export, is that person, not a second
//! person with reviews and no commits.
//!
//! One merge can mislead (a maintainer may push the last commit of someone
//! else's branch), so every merge naming a login votes for the author of
//! the branch it merged, and the login is linked only to a clear majority:
//! at least two thirds of its votes. Bots never get a login this way.

use std::collections::BTreeMap;

use model::MergeMessage;

use super::{Context, Exclusion, People, PersonId};

/// The share of a login's merges whose branch one person wrote, above which
/// the login is theirs.
const MAJORITY: f64 = 2.0 / 3.0;

/// Links each login bors names as a pull request's author to the person
/// who wrote most of the branches merged under it.
pub(super) fn link_merge_authors(context: &Context<'_>, people: &mut People) {
    let mut votes: BTreeMap<String, BTreeMap<PersonId, usize>> = BTreeMap::new();
    for commit in context.commits.iter().filter(|c| c.is_merge) {
        let Some(MergeMessage::Bors {
            author: Some(login),
            ..
        }) = &commit.merge
        else {
            continue;
        };
        let Some(tip) = commit
            .parents
            .get(1)
            .and_then(|parent| context.commit_index.get(&(commit.repo, parent.as_str())))
            .map(|&index| &context.commits[index])
        else {
            continue;
        };
        if tip.exclusion == Some(Exclusion::Bot) {
            continue;
        }
        *votes
            .entry(login.to_lowercase())
            .or_default()
            .entry(tip.author)
            .or_default() += 1;
    }
    for (login, counts) in votes {
        let total: usize = counts.values().sum();
        let Some((&person, &most)) = counts.iter().max_by_key(|(_, n)| **n) else {
            continue;
        };
        // A login already known for certain (the identities file, a
        // no-reply address) keeps what it is known as.
        if most as f64 / total as f64 >= MAJORITY && people.by_login(&login).is_none() {
            let _ = people.link_login(&login, person);
        }
    }
}
