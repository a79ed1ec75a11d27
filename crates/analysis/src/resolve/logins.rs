//! Certain links between GitHub logins and the people who commit, read from
//! the history itself: bors and homu write `Auto merge of #N - login:branch`
//! for the pull request they merge, and GitHub's merge button `Merge pull
//! request #N from owner/branch`, so `login` (or `owner`) is the author of
//! the commits that merge brings in. Linking it means the same login in
//! `r=login` on other merges, or in a code-review export, is that person,
//! not a second person with reviews and no commits.
//!
//! One merge can mislead (a maintainer may push the last commit of someone
//! else's branch; a company's fork names the company; a branch pushed to
//! the main repository names its organization), so every merge naming a
//! login votes for the author of the branch it merged, and the login is
//! linked only when at least two merges voted and one person has four
//! fifths of the votes: an organization whose branches many people wrote
//! never is. On cargo's 5,937 bors merges this rule linked the 23 real
//! reviewer logins behind 97.9% of `r=` credits (no-reply addresses and
//! names equal to logins reach 33.9%), and every link checked by hand was
//! right; single-merge links were wrong for company forks, so they are
//! left to a person to confirm. On alertmanager's GitHub merges, the
//! organization (474 merges, its most frequent branch author 39% of them)
//! is not linked, and 40 owners are. Bots never get a login this way.

use std::collections::BTreeMap;

use super::authorship::{Authorship, Merger};
use super::{People, PersonId};

/// The share of a login's merges whose branch one person wrote, from which
/// the login is theirs.
const MAJORITY: f64 = 0.8;

/// Merges a login needs before it is linked: one can be a fork's.
const MIN_MERGES: usize = 2;

/// Links each login a merge names as whose branch it merged to the person
/// who wrote most of the branches merged under it, over the whole history.
pub(super) fn link_merge_authors(authorship: &Authorship, people: &mut People) {
    let mut votes: BTreeMap<String, BTreeMap<PersonId, usize>> = BTreeMap::new();
    let mut mergers: BTreeMap<String, Vec<Merger>> = BTreeMap::new();
    for (login, author, merger) in authorship.named_merges() {
        if people.get(author).bot {
            continue;
        }
        let login = login.to_lowercase();
        let tools = mergers.entry(login.clone()).or_default();
        if !tools.contains(&merger) {
            tools.push(merger);
        }
        *votes.entry(login).or_default().entry(author).or_default() += 1;
    }
    for (login, counts) in votes {
        let total: usize = counts.values().sum();
        let Some((&person, &most)) = counts.iter().max_by_key(|(_, n)| **n) else {
            continue;
        };
        // A login already known for certain (the identities file, a
        // no-reply address) keeps what it is known as.
        let clear = total >= MIN_MERGES && most as f64 / total as f64 >= MAJORITY;
        if clear && people.by_login(&login).is_none() {
            let tools = match mergers.get(&login).map(Vec::as_slice) {
                Some([Merger::GitHub]) => "GitHub merges",
                Some([Merger::Bors]) => "bors merges",
                _ => "bors and GitHub merges",
            };
            let reason = || {
                format!("{tools} naming it brought in branches by this person ({most} of {total})")
            };
            let _ = people.link_login(&login, person, reason);
        }
    }
}
