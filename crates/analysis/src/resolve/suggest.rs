//! Likely duplicate identities, for a human to confirm into the identities file.
//!
//! Nothing here merges anyone: resolution merges only on certain evidence
//! (the same email, `.mailmap`, the identities file). These are the guesses
//! that need a person to say yes.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Org, PersonId};
use model::Timestamp;

/// Activity that helps a human judge whether two identities are one person.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Activity {
    pub commits: usize,
    pub first: Option<Timestamp>,
    pub last: Option<Timestamp>,
    pub repositories: Vec<String>,
}

/// Commits per person over everything resolved, bots included.
pub fn activity(org: &Org) -> BTreeMap<PersonId, Activity> {
    let mut activity: BTreeMap<PersonId, Activity> = BTreeMap::new();
    for commit in &org.commits {
        let entry = activity.entry(commit.author).or_default();
        entry.commits += 1;
        entry.first = Some(entry.first.map_or(commit.time, |t| t.min(commit.time)));
        entry.last = Some(entry.last.map_or(commit.time, |t| t.max(commit.time)));
        let repo = &org.repos[commit.repo];
        if !entry.repositories.iter().any(|r| **r == **repo) {
            entry.repositories.push(repo.to_string());
        }
    }
    for entry in activity.values_mut() {
        entry.repositories.sort();
    }
    activity
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub people: Vec<PersonId>,
    /// Why they look like one person, in words.
    pub reason: String,
}

/// One-word names and local parts that many people use for nobody.
const GENERIC_NAMES: &[&str] = &["unknown", "anonymous", "nobody", "none", "user", "code"];

/// Email local parts too generic to suggest anything.
const GENERIC_LOCAL_PARTS: &[&str] = &[
    "admin",
    "contact",
    "dev",
    "developer",
    "git",
    "github",
    "hello",
    "info",
    "mail",
    "me",
    "noreply",
    "no-reply",
    "root",
    "support",
    "team",
    "test",
    "user",
];

/// Names tools write for nobody in particular (normalized: words sorted).
const PLACEHOLDER_NAMES: &[&str] = &["name your", "no author", "unknown user", "user unknown"];

/// Lowercase, accents folded, punctuation dropped, words sorted: "Dubois, Chloé" == "chloe dubois".
pub fn normalize_name(name: &str) -> String {
    let folded: String = name
        .to_lowercase()
        .chars()
        .map(fold_accent)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    words.sort_unstable();
    words.join(" ")
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ő' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ű' | 'ů' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' | 'ş' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' => 'l',
        'ğ' => 'g',
        'ř' => 'r',
        'ť' => 't',
        'ď' => 'd',
        other => other,
    }
}

/// Why a group of people looks like one person, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Why {
    /// The same name once case, accents and punctuation are ignored.
    Name,
    /// A login (a person known only by it) that reads like someone's name
    /// or address: `johnbelamaric` and John Belamaric, `wojtek-t` and
    /// `wojtekt@`.
    LoginLikeName,
    /// The same local part or GitHub handle at different addresses.
    LocalPart,
}

impl Why {
    fn say(self, key: &str) -> String {
        match self {
            Why::Name => {
                format!("the same name once case, accents and punctuation are ignored (\"{key}\")")
            }
            Why::LoginLikeName => format!(
                "a GitHub login no commit is linked to reads like the other's name or address (\"{key}\")"
            ),
            Why::LocalPart => format!(
                "the same email local part or GitHub handle (\"{key}\") at different addresses"
            ),
        }
    }
}

/// Letters and digits only, accents folded: `wojtek-t` and `Wojtek T.` are
/// both `wojtekt`.
fn squash(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(fold_accent)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Whether every two of `group` could be one person by their names: they
/// share a word besides a first name (`Matt Kraai` and `Matthew Kraai`),
/// or one of them goes by a single word that is not a placeholder
/// (`elmiko`, likely a handle).
fn names_compatible(org: &Org, group: &[PersonId]) -> bool {
    let words = |id: PersonId| -> (Vec<String>, bool) {
        let person = org.people.get(id);
        let mut words = Vec::new();
        let mut single = false;
        for name in person.names.iter().chain(std::iter::once(&person.name)) {
            // `Ana Lima via GitGitGadget`: the tool is not part of the name.
            let name = name.split(" via ").next().unwrap_or(name);
            let name_words: Vec<String> = name.split_whitespace().map(squash).collect();
            single |= name_words.len() == 1 && !GENERIC_NAMES.contains(&name_words[0].as_str());
            words.extend(name_words.into_iter().skip(1).filter(|w| w.len() >= 2));
        }
        (words, single)
    };
    let all: Vec<(Vec<String>, bool)> = group.iter().map(|id| words(*id)).collect();
    all.iter().enumerate().all(|(i, (a, a_single))| {
        all[i + 1..]
            .iter()
            .all(|(b, b_single)| *a_single || *b_single || a.iter().any(|w| b.contains(w)))
    })
}

/// `ben@` for Benjamin, `danw@` for Dan Wilson: an address many people of
/// that first name could have.
fn is_first_name_like(local: &str, first_names: &[String]) -> bool {
    first_names.iter().any(|first| {
        first.starts_with(local)
            || local.starts_with(first.as_str()) && local.len() <= first.len() + 1
    })
}

/// Someone known only by a GitHub login: only no-reply addresses, or no
/// address and a name that is a login (a trailer's `Linus Torvalds`
/// without an address is not).
fn is_login_only(person: &super::Person) -> bool {
    if person.emails.is_empty() {
        return !person.name.contains(char::is_whitespace);
    }
    person
        .emails
        .iter()
        .all(|email| super::people::github_noreply_handle(email).is_some())
}

/// Shorter squashed keys match too much to suggest anything.
const MIN_SQUASHED: usize = 4;

/// The keys a person is grouped by, each with why it matters.
fn keys(person: &super::Person) -> Vec<(Why, String)> {
    let mut keys: Vec<(Why, String)> = Vec::new();
    let login_only = is_login_only(person);
    // `david@` for David Eads is a first name, shared by many.
    let first_names: Vec<String> = person
        .names
        .iter()
        .filter_map(|name| name.split_whitespace().next())
        .map(squash)
        .collect();
    for name in person.names.iter().chain(std::iter::once(&person.name)) {
        let normalized = normalize_name(name);
        // A single word ("admin", "bob") is too weak to suggest a merge,
        // and a placeholder is everyone's.
        if normalized.contains(' ') && !PLACEHOLDER_NAMES.contains(&normalized.as_str()) {
            keys.push((Why::Name, normalized.clone()));
        }
        keys.push((Why::LoginLikeName, squash(name)));
        // `jbelamaric` for John Belamaric.
        if let [first, .., last] = name.split_whitespace().collect::<Vec<_>>().as_slice()
            && !login_only
        {
            let initial: String = first.chars().take(1).collect();
            keys.push((Why::LoginLikeName, squash(&format!("{initial}{last}"))));
        }
    }
    for email in &person.emails {
        let local = super::people::github_noreply_handle(email)
            .unwrap_or_else(|| email.split('@').next().unwrap_or("").to_string())
            .to_lowercase();
        if local.len() >= 3
            && !GENERIC_LOCAL_PARTS.contains(&local.as_str())
            && !GENERIC_NAMES.contains(&local.as_str())
            && !is_first_name_like(&squash(&local), &first_names)
        {
            keys.push((Why::LoginLikeName, squash(&local)));
            keys.push((Why::LocalPart, local));
        }
    }
    keys.retain(|(why, key)| {
        *why != Why::LoginLikeName
            || key.chars().count() >= MIN_SQUASHED && !GENERIC_NAMES.contains(&key.as_str())
    });
    keys.sort();
    keys.dedup();
    keys
}

/// Groups of people who share a normalized name or an email local part
/// across domains, whose GitHub no-reply handle is another's local part,
/// or whose login (a person known only by it) reads like another's name;
/// strongest first (several reasons, then by reason).
pub fn suggest(org: &Org) -> Vec<Suggestion> {
    let people = org.people.all();
    let mut by_key: BTreeMap<(Why, String), Vec<PersonId>> = BTreeMap::new();
    // A placeholder name (`unknown`, `anonymous`) is nobody in particular.
    let placeholder = |p: &&super::Person| {
        let name = normalize_name(&p.name);
        GENERIC_NAMES.contains(&name.as_str()) || PLACEHOLDER_NAMES.contains(&name.as_str())
    };
    for person in people.iter().filter(|p| !p.bot && !placeholder(p)) {
        for key in keys(person) {
            let group = by_key.entry(key).or_default();
            if !group.contains(&person.id) {
                group.push(person.id);
            }
        }
    }
    let login_only = |id: &PersonId| is_login_only(org.people.get(*id));
    let mut found: Vec<(Vec<Why>, Suggestion)> = Vec::new();
    for ((why, key), mut group) in by_key {
        if group.len() < 2 {
            continue;
        }
        // A login-like key only links a login to someone who commits.
        if why == Why::LoginLikeName
            && (!group.iter().any(login_only) || group.iter().all(login_only))
        {
            continue;
        }
        // A shared local part alone (`tom@`, `lists@`) needs names that
        // could be one person's.
        if why == Why::LocalPart && !names_compatible(org, &group) {
            continue;
        }
        group.sort();
        match found.iter_mut().find(|(_, s)| s.people == group) {
            Some((whys, existing)) => {
                if !whys.contains(&why) {
                    whys.push(why);
                    existing.reason = format!("{}; and {}", existing.reason, why.say(&key));
                }
            }
            None => found.push((
                vec![why],
                Suggestion {
                    people: group,
                    reason: why.say(&key),
                },
            )),
        }
    }
    found.sort_by_key(|(whys, s)| (std::cmp::Reverse(whys.len()), whys[0], s.people.clone()));
    // A group that says nothing a stronger one did not is left out.
    let mut covered: BTreeSet<(PersonId, PersonId)> = BTreeSet::new();
    let mut suggestions = Vec::new();
    for (_, suggestion) in found {
        let people = &suggestion.people;
        let pairs: Vec<(PersonId, PersonId)> = people
            .iter()
            .enumerate()
            .flat_map(|(i, a)| people[i + 1..].iter().map(move |b| (*a, *b)))
            .collect();
        if pairs.iter().all(|pair| covered.contains(pair)) {
            continue;
        }
        covered.extend(pairs);
        suggestions.push(suggestion);
    }
    suggestions
}

/// Hides an email's local part but its first character: enough to tell
/// addresses apart, not enough to write to someone.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalize() {
        let cases = [
            ("Chloé Dubois", "chloe dubois"),
            ("Dubois, Chloe", "chloe dubois"),
            ("GYÖRGY  Krajcsovits", "gyorgy krajcsovits"),
            ("o'Brien-Smith", "brien o smith"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize_name(input), expected, "{input}");
        }
    }

    #[test]
    fn masks() {
        assert_eq!(mask_email("ana.lima@x.example"), "a***@x.example");
        assert_eq!(mask_email("nonsense"), "***");
    }
}
