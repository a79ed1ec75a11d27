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

/// Per login a merge names: the votes of each person whose branch a merge
/// naming it brought in, and which tools wrote those merges.
#[derive(Default)]
struct Votes {
    by_login: BTreeMap<String, BTreeMap<PersonId, usize>>,
    mergers: BTreeMap<String, Vec<Merger>>,
}

impl Votes {
    fn count(authorship: &Authorship, people: &People) -> Votes {
        let mut votes = Votes::default();
        for (login, author, merger) in authorship.named_merges() {
            if people.get(author).bot {
                continue;
            }
            let login = login.to_lowercase();
            let tools = votes.mergers.entry(login.clone()).or_default();
            if !tools.contains(&merger) {
                tools.push(merger);
            }
            *votes
                .by_login
                .entry(login)
                .or_default()
                .entry(author)
                .or_default() += 1;
        }
        votes
    }

    /// "bors merges", "GitHub merges" or both, for a reason.
    fn tools(&self, login: &str) -> &'static str {
        match self.mergers.get(login).map(Vec::as_slice) {
            Some([Merger::GitHub]) => "GitHub merges",
            Some([Merger::Bors]) => "bors merges",
            _ => "bors and GitHub merges",
        }
    }
}

/// Links each login a merge names as whose branch it merged to the person
/// who wrote most of the branches merged under it, over the whole history.
pub(super) fn link_merge_authors(authorship: &Authorship, people: &mut People) {
    let votes = Votes::count(authorship, people);
    for (login, counts) in &votes.by_login {
        let total: usize = counts.values().sum();
        let Some((&person, &most)) = counts.iter().max_by_key(|(_, n)| **n) else {
            continue;
        };
        // A login already known for certain (the identities file, a
        // no-reply address) keeps what it is known as.
        let clear = total >= MIN_MERGES && most as f64 / total as f64 >= MAJORITY;
        if clear && people.by_login(login).is_none() {
            let tools = votes.tools(login);
            let reason = || {
                format!("{tools} naming it brought in branches by this person ({most} of {total})")
            };
            let _ = people.link_login(login, person, reason);
        }
    }
}

/// Identities that merges prove are one person, with why.
pub(super) struct Join {
    pub(super) people: Vec<PersonId>,
    pub(super) reason: String,
}

/// Identities the merges prove are one person: those of one name whose
/// branches together make the majority of a login's merges (one person
/// committing from two addresses), and those with a login's no-reply
/// address when the login's merges brought in another identity's
/// branches. Certain, so resolution joins them; each join says why.
pub(super) fn certain_joins(authorship: &Authorship, people: &People) -> Vec<Join> {
    let votes = Votes::count(authorship, people);
    let mut joins = Vec::new();
    for (login, counts) in &votes.by_login {
        let total: usize = counts.values().sum();
        if total < MIN_MERGES {
            continue;
        }
        let mut by_name: BTreeMap<String, (usize, Vec<PersonId>)> = BTreeMap::new();
        for (&person, &n) in counts {
            let name = super::suggest::normalize_name(&people.get(person).name);
            let entry = by_name.entry(name).or_default();
            entry.0 += n;
            entry.1.push(person);
        }
        let Some((_, (most, mut members))) = by_name.into_iter().max_by_key(|(_, (n, _))| *n)
        else {
            continue;
        };
        if (most as f64 / total as f64) < MAJORITY {
            continue;
        }
        let tools = votes.tools(login);
        let mut reason = format!(
            "{tools} naming login `{login}` brought in branches by them ({most} of {total})"
        );
        if let Some(known) = people.by_login(login)
            && !members.contains(&known)
        {
            members.push(known);
            reason
                .push_str(", and the login is theirs by a no-reply address or the identities file");
        } else {
            reason.push_str(" under one name");
        }
        if members.len() > 1 {
            joins.push(Join {
                people: members,
                reason,
            });
        }
    }
    joins
}
