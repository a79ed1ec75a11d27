//! People and identities: the people commits name, the people code-review
//! exports and documents name by login, and the evidence logs and calendars
//! kept under someone's name.
//!
//! Every phase that meets a name asks here, so that a login, a handle and a
//! commit signature become the same person by the same rules.

use super::calendar::Meeting;
use super::evidence_log::{EvidenceLog, LogEntry};
use foldhash::HashMap;

use super::authorship::Authorship;
use super::logins;
use super::{BotRules, IdentitiesFile, Mailmap, People, PersonId};
use model::{Commit, Diagnostic, Signature, TrailerKind};

/// One person's calendar, each meeting with the attendees staffscope knows.
pub type PersonCalendar = (PersonId, String, Vec<(Meeting, Vec<PersonId>)>);

/// The people of one commit.
#[derive(Clone, Debug)]
pub(super) struct InternedPeople {
    pub(super) author: PersonId,
    pub(super) coauthors: Vec<PersonId>,
    /// The other people its trailers name.
    pub(super) others: Vec<(TrailerKind, PersonId)>,
    /// Who applied another author's patch: the committer, when they signed
    /// it off (`Signed-off-by` with the committer's address), as a
    /// maintainer does who takes patches from a mailing list.
    pub(super) applied_by: Option<PersonId>,
}

/// The people the commits name, after the mailmap, in time order over the
/// whole history (the window's commits and the rest), so that who is who
/// does not depend on the window: each window commit's author and the
/// people of its trailers, with co-authors apart; and every commit's author
/// for the links made from merges and pull requests. Identities that merges
/// prove are one person are joined (a second pass, with them joined from
/// the start), and the logins merges name are linked.
pub(super) fn intern_commit_people(
    commits: &[(String, Commit)],
    history: &[Commit],
    repo_index: &HashMap<&str, usize>,
    sources: Sources<'_>,
) -> (People, Vec<InternedPeople>, Authorship) {
    let (people, interned, authorship) = intern_pass(commits, history, repo_index, sources, &[]);
    let joins: Vec<(Vec<String>, String)> = logins::certain_joins(&authorship, &people)
        .into_iter()
        .map(|join| {
            let emails = join
                .people
                .iter()
                .flat_map(|id| people.get(*id).emails().map(str::to_string))
                .collect();
            (emails, join.reason)
        })
        .collect();
    let (mut people, interned, authorship) = if joins.is_empty() {
        (people, interned, authorship)
    } else {
        intern_pass(commits, history, repo_index, sources, &joins)
    };
    logins::link_merge_authors(&authorship, &mut people);
    (people, interned, authorship)
}

/// What interning reads besides the commits: the mailmap, the identities
/// file, the bot rules, and whether a handle was someone forgotten's.
type Sources<'a> = (
    &'a Mailmap,
    Option<&'a IdentitiesFile>,
    &'a BotRules,
    &'a dyn Fn(&str) -> bool,
);

/// One pass of [`intern_commit_people`], with `joins` (each a set of
/// addresses that are one person, and why) known before the first commit.
fn intern_pass(
    commits: &[(String, Commit)],
    history: &[Commit],
    repo_index: &HashMap<&str, usize>,
    (mailmap, identities, bots, forgotten): Sources<'_>,
    joins: &[(Vec<String>, String)],
) -> (People, Vec<InternedPeople>, Authorship) {
    let mut people = People::new(identities);
    for (emails, reason) in joins {
        people.join(emails, reason);
    }
    let mut interned: Vec<Option<InternedPeople>> = vec![None; commits.len()];
    let mut authorship = Authorship::default();
    let mut order: Vec<(&Commit, Option<usize>)> = commits
        .iter()
        .enumerate()
        .map(|(index, (_, commit))| (commit, Some(index)))
        .chain(history.iter().map(|commit| (commit, None)))
        .collect();
    order.sort_by(|(a, _), (b, _)| {
        (a.author_time, &a.repo, &a.id).cmp(&(b.author_time, &b.repo, &b.id))
    });
    for (commit, index) in order {
        let named = intern_one(commit, &mut people, mailmap);
        let repo = repo_index.get(commit.repo.as_str()).copied().unwrap_or(0);
        authorship.add(repo, commit, (named.author, named.applied_by));
        if let Some(index) = index {
            interned[index] = Some(named);
        }
    }
    people.finish(|identities| bots.is_bot_account(identities), forgotten);
    let interned = interned
        .into_iter()
        .map(|named| named.expect("every window commit was interned"))
        .collect();
    (people, interned, authorship)
}

/// One commit's author, co-authors, the other people of its trailers, and
/// who applied it.
fn intern_one(commit: &Commit, people: &mut People, mailmap: &Mailmap) -> InternedPeople {
    let author = people.intern(&mailmap.resolve(&commit.author), commit.author_time);
    people.add_alias(author, &commit.author);
    people.note_author(author);
    let committer = commit.committer.email.trim().to_lowercase();
    let mut named = InternedPeople {
        author,
        coauthors: Vec::new(),
        others: Vec::new(),
        applied_by: None,
    };
    for trailer in &commit.trailers {
        let who = people.intern(&mailmap.resolve(&trailer.who), commit.author_time);
        people.add_alias(who, &trailer.who);
        match trailer.kind {
            TrailerKind::CoAuthoredBy | TrailerKind::CoDevelopedBy => {
                if who != author && !named.coauthors.contains(&who) {
                    named.coauthors.push(who);
                }
            }
            kind => named.others.push((kind, who)),
        }
        let signed_by_committer = trailer.kind == TrailerKind::SignedOffBy
            && !committer.is_empty()
            && trailer.who.email.trim().eq_ignore_ascii_case(&committer);
        if signed_by_committer && who != author && !commit.is_merge() {
            named.applied_by = Some(who);
        }
    }
    named
}

/// The person behind a GitHub login: certain links first, then the usual
/// lookup; a login nobody matches becomes a person of its own, reported.
pub(super) fn person_for_login(
    login: &str,
    people: &mut People,
    unknown: &mut Vec<String>,
    mailmap: &Mailmap,
) -> PersonId {
    // Gerrit names accounts by email: match them like commit authors.
    if login.ends_with('>') && login.contains('<') {
        let signature = Signature::parse_trailer_value(login);
        if !signature.email.is_empty() {
            return people.intern(&mailmap.resolve(&signature), 0);
        }
    }
    if let Some(person) = people.by_login(login) {
        return person;
    }
    if let [person] = people.lookup(login).as_slice() {
        return *person;
    }
    if !unknown.iter().any(|l| l == login) {
        unknown.push(login.to_string());
    }
    people.intern(
        &Signature {
            name: login.to_string(),
            email: String::new(),
        },
        0,
    )
}

/// Where a document is, as far as finding the people it names goes: who
/// wrote to it, and how many commits of its repository each person wrote.
pub(super) struct DocumentPlace<'a> {
    pub(super) writers: &'a [PersonId],
    pub(super) commits_here: &'a dyn Fn(PersonId) -> usize,
}

/// The person a document's header or front matter names, and how that was
/// decided: `Name <address>` by the address when someone committed under
/// it; then a login known for certain; then the name when one person has
/// it, or when, of the people who have it, one wrote to the document. Of
/// several people of the name with commits in the repository, the one with
/// the most is a guess, and says so. Anyone else is kept under the name as
/// a person of their own, and reported.
pub(super) fn person_for_author(
    text: &str,
    place: &DocumentPlace<'_>,
    people: &mut People,
    unknown: &mut Vec<String>,
    mailmap: &Mailmap,
) -> (PersonId, &'static str) {
    let (name, address) = match text.split_once('<') {
        Some((name, address)) => (name.trim(), address.trim_end_matches('>').trim()),
        None if text.contains('@') && !text.starts_with('@') => ("", text.trim()),
        None => (text.trim_start_matches('@').trim(), ""),
    };
    let signature = Signature {
        name: name.to_string(),
        email: address.to_string(),
    };
    if !address.is_empty()
        && let Some(person) = people.by_email(&mailmap.resolve(&signature).email)
    {
        return (person, "its address in the header is theirs");
    }
    if let Some(person) = people.by_login(name) {
        return (person, "a login known to be theirs");
    }
    // A header names people by name: names first, then handles and the rest.
    let mut named = people.by_name(name);
    let mut how = "the only person of that name";
    if named.is_empty() {
        named = people.lookup(name);
        how = "the only person it can mean (a handle, or an address's first part)";
    }
    if let [person] = named.as_slice() {
        return (*person, how);
    }
    let writing: Vec<PersonId> = named
        .iter()
        .copied()
        .filter(|p| place.writers.contains(p))
        .collect();
    if let [person] = writing.as_slice() {
        return (
            *person,
            "of the people of that name, the one who wrote to it",
        );
    }
    let most_active = named
        .iter()
        .map(|&p| ((place.commits_here)(p), std::cmp::Reverse(p)))
        .filter(|(commits, _)| *commits > 0)
        .max();
    if let Some((_, std::cmp::Reverse(person))) = most_active {
        return (
            person,
            "a guess: of the people of that name, the one with the most commits here (confirm it in the identities file)",
        );
    }
    let shown = if name.is_empty() { "an address" } else { name };
    if !unknown.iter().any(|u| u == shown) {
        unknown.push(shown.to_string());
    }
    (
        people.intern(&signature, 0),
        "no commit or identity matches",
    )
}

/// Evidence-log entries under the person each log is for; a log whose person
/// is unknown or ambiguous is reported and left out.
pub(super) fn evidence_entries(
    logs: &[(String, EvidenceLog)],
    people: &People,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(PersonId, String, LogEntry)> {
    let mut evidence = Vec::new();
    for (file, log) in logs {
        match people.lookup(&log.person).as_slice() {
            [person] => evidence.extend(log.entries.iter().map(|e| (*person, file.clone(), e.clone()))),
            found => diagnostics.push(Diagnostic::in_file(
                file,
                if found.is_empty() {
                    format!("the log is for `{}`, whom no commit or identity matches; its entries are not shown", log.person)
                } else {
                    format!("the log is for `{}`, who matches {} people; use a handle", log.person, found.len())
                },
            )),
        }
    }
    evidence
}

/// Each calendar under its owner, each meeting with the attendees staffscope
/// knows (the owner left out); a calendar whose owner is not one known
/// person is reported and not read.
pub(super) fn calendars(
    calendars: &[(String, String, Vec<Meeting>)],
    people: &People,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<PersonCalendar> {
    let mut resolved_calendars = Vec::new();
    for (file, whose, meetings) in calendars {
        let found = people.lookup(whose);
        let [owner] = found.as_slice() else {
            diagnostics.push(Diagnostic::in_file(
                file,
                format!("the calendar is for `{whose}`, whom no commit or identity matches (one person, by handle); not read"),
            ));
            continue;
        };
        let owner = *owner;
        let resolved = meetings
            .iter()
            .map(|meeting| {
                let attendees = meeting
                    .attendees
                    .iter()
                    .filter_map(|email| match people.lookup(email).as_slice() {
                        [person] if *person != owner => Some(*person),
                        _ => None,
                    })
                    .collect();
                (meeting.clone(), attendees)
            })
            .collect();
        resolved_calendars.push((owner, file.clone(), resolved));
    }
    resolved_calendars
}
