//! Who is who: signatures (after `.mailmap`) and the identities file become people.
//!
//! Nothing is merged on a guess. Two signatures are one person when they share
//! an email address (case-insensitive), when `.mailmap` maps one to the other,
//! or when the identities file says so.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::files::IdentitiesFile;
use model::{Signature, Timestamp};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PersonId(pub u32);

#[derive(Clone, Debug)]
pub struct Person {
    pub id: PersonId,
    /// The name reports show.
    pub name: String,
    /// A short unique handle: declared in the identities file, else the
    /// person's GitHub login where one is known, else a slug of their name;
    /// never taken from an email address. Decided over the whole history,
    /// so it is the same in every window and command.
    pub handle: String,
    /// Every name this person has committed under.
    pub names: BTreeSet<String>,
    /// Kept for matching only; never shown in a report.
    pub(crate) emails: BTreeSet<String>,
    pub declared: bool,
    pub bot: bool,
    /// Why identities with different addresses are this one person, when
    /// certain evidence (not the identities file or `.mailmap`) said so.
    pub joined: Vec<String>,
    /// Whether the person wrote a commit (not only appeared in trailers,
    /// reviews or documents): such people come first for a handle.
    authored: bool,
    declared_handle: Option<String>,
    declared_name: Option<String>,
    latest_name: Option<(Timestamp, String)>,
    /// The latest name of more than one word that is not an address or
    /// garbled: `Abdullah Gharaibeh` rather than the login `ahg-g` he also
    /// commits under.
    latest_full_name: Option<(Timestamp, String)>,
}

impl Person {
    /// Every email seen for this person, for managing identities only:
    /// reports never show these.
    pub fn emails(&self) -> impl Iterator<Item = &str> {
        self.emails.iter().map(String::as_str)
    }

    /// Whether the person wrote a commit, rather than only appearing in a
    /// team map, trailers, reviews or documents.
    pub fn has_authored(&self) -> bool {
        self.authored
    }

    fn new(id: PersonId) -> Person {
        Person {
            id,
            name: String::new(),
            handle: String::new(),
            names: BTreeSet::new(),
            emails: BTreeSet::new(),
            declared: false,
            bot: false,
            joined: Vec::new(),
            authored: false,
            declared_handle: None,
            declared_name: None,
            latest_name: None,
            latest_full_name: None,
        }
    }
}

#[derive(Debug, Default)]
pub struct People {
    persons: Vec<Person>,
    index: Lookup,
    by_declared_name: HashMap<String, PersonId>,
    by_name_only: HashMap<String, PersonId>,
    /// How each login link was decided, for the reader.
    login_reasons: HashMap<String, String>,
}

/// What finds a person by what a user types, normalized: kept apart from
/// [`People`] so that results stored between runs can find people the
/// same way without the whole organization.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Lookup {
    by_email: HashMap<String, PersonId>,
    /// GitHub logins known to belong to someone.
    by_login: HashMap<String, PersonId>,
    /// Handles (chosen by `finish`), every name, and addresses' local parts.
    by_handle: HashMap<String, PersonId>,
    by_name: HashMap<String, Vec<PersonId>>,
    by_local_part: HashMap<String, Vec<PersonId>>,
}

impl Lookup {
    /// People matching a handle, GitHub login, name, alias or email
    /// (case-insensitive).
    /// Tried in that order: a handle that matches exactly wins over someone
    /// who merely committed under that name.
    pub fn lookup(&self, query: &str) -> Vec<PersonId> {
        let query = normalize(query);
        let query = query.trim_start_matches('@');
        if let Some(id) = self.by_handle.get(query).or(self.by_login.get(query)) {
            return vec![*id];
        }
        let named = self.by_name(query);
        if !named.is_empty() {
            return named;
        }
        if let Some(id) = self.by_email.get(query) {
            return vec![*id];
        }
        // An email's local part is a common way to name someone.
        let mut found = self.by_local_part.get(query).cloned().unwrap_or_default();
        found.sort_unstable();
        found
    }

    /// Everyone who has committed, or been declared, under a name
    /// (case-insensitive), in the order they first appeared.
    pub fn by_name(&self, name: &str) -> Vec<PersonId> {
        let mut found = self
            .by_name
            .get(&normalize(name))
            .cloned()
            .unwrap_or_default();
        found.sort_unstable();
        found
    }
}

/// Adds a person to an index entry once.
fn index(map: &mut HashMap<String, Vec<PersonId>>, key: String, id: PersonId) {
    let ids = map.entry(key).or_default();
    if !ids.contains(&id) {
        ids.push(id);
    }
}

fn normalize(text: &str) -> String {
    text.trim().to_lowercase()
}

/// `12345+handle@users.noreply.github.com` and `handle@users.noreply.github.com`.
pub fn github_noreply_handle(email: &str) -> Option<String> {
    let local = email.strip_suffix("@users.noreply.github.com")?;
    let handle = local.split_once('+').map_or(local, |(_, handle)| handle);
    (!handle.is_empty()).then(|| handle.to_string())
}

impl People {
    pub fn new(identities: Option<&IdentitiesFile>) -> People {
        let mut people = People::default();
        for spec in identities.map(|file| file.people.as_slice()).unwrap_or(&[]) {
            let id = people.create();
            let person = &mut people.persons[id.0 as usize];
            person.declared = true;
            person.declared_handle = Some(spec.handle.clone());
            person.declared_name = spec.name.clone();
            for email in &spec.emails {
                person.emails.insert(normalize(email));
                people.index.by_email.insert(normalize(email), id);
            }
            for email in &spec.emails {
                people.note_email(&normalize(email), id);
            }
            if let Some(github) = &spec.github {
                let noreply = format!("{}@users.noreply.github.com", normalize(github));
                people.index.by_email.insert(noreply, id);
                people.index.by_login.insert(normalize(github), id);
                people
                    .login_reasons
                    .insert(normalize(github), "named in the identities file".into());
            }
            for name in spec.names.iter().chain(spec.name.as_ref()) {
                people.persons[id.0 as usize].names.insert(name.clone());
                people.by_declared_name.insert(normalize(name), id);
                index(&mut people.index.by_name, normalize(name), id);
            }
        }
        people
    }

    /// Makes addresses one person before any commit is read, for a reason
    /// certain evidence gave: the person one of them already belongs to
    /// (the identities file's), or a new one. An address that is already
    /// someone else's stays theirs.
    pub fn join(&mut self, emails: &[String], reason: &str) {
        let emails: Vec<String> = emails.iter().map(|e| normalize(e)).collect();
        let id = emails
            .iter()
            .find_map(|email| self.index.by_email.get(email).copied())
            .unwrap_or_else(|| self.create());
        for email in emails {
            if self
                .index
                .by_email
                .get(&email)
                .is_none_or(|owner| *owner == id)
            {
                self.note_email(&email, id);
                self.index.by_email.insert(email.clone(), id);
                self.persons[id.0 as usize].emails.insert(email);
            }
        }
        let joined = &mut self.persons[id.0 as usize].joined;
        if !joined.iter().any(|r| r == reason) {
            joined.push(reason.to_string());
        }
    }

    fn create(&mut self) -> PersonId {
        let id = PersonId(self.persons.len() as u32);
        self.persons.push(Person::new(id));
        id
    }

    /// The person behind a signature that has already been through `.mailmap`.
    pub fn intern(&mut self, signature: &Signature, time: Timestamp) -> PersonId {
        let email = normalize(&signature.email);
        let name = signature.name.trim();
        let id = if !email.is_empty() {
            let by_noreply = github_noreply_handle(&email).and_then(|handle| {
                self.index
                    .by_email
                    .get(&format!("{handle}@users.noreply.github.com"))
                    .copied()
            });
            match self.index.by_email.get(&email).copied().or(by_noreply) {
                Some(id) => id,
                None => match self.by_declared_name.get(&normalize(name)).copied() {
                    Some(id) => id,
                    None => self.create(),
                },
            }
        } else {
            let key = normalize(name);
            match self
                .by_declared_name
                .get(&key)
                .or_else(|| self.by_name_only.get(&key))
                .copied()
            {
                Some(id) => id,
                None => {
                    let id = self.create();
                    self.by_name_only.insert(key, id);
                    id
                }
            }
        };
        if !email.is_empty() {
            self.index.by_email.insert(email.clone(), id);
            self.note_email(&email, id);
        }
        if !name.is_empty() {
            index(&mut self.index.by_name, normalize(name), id);
        }
        let person = &mut self.persons[id.0 as usize];
        if !email.is_empty() {
            person.emails.insert(email);
        }
        if !name.is_empty() {
            person.names.insert(name.to_string());
            if person
                .latest_name
                .as_ref()
                .is_none_or(|(at, _)| time >= *at)
            {
                person.latest_name = Some((time, name.to_string()));
            }
            let full = name.contains(char::is_whitespace)
                && !looks_like_address(name)
                && !looks_garbled(name);
            if full
                && person
                    .latest_full_name
                    .as_ref()
                    .is_none_or(|(at, _)| time >= *at)
            {
                person.latest_full_name = Some((time, name.to_string()));
            }
        }
        id
    }

    /// The person who committed under an address (any case), if anyone did.
    pub fn by_email(&self, email: &str) -> Option<PersonId> {
        self.index.by_email.get(&normalize(email)).copied()
    }

    /// Indexes a person's (normalized) address: its local part for
    /// lookups, and a GitHub no-reply address's login, which names the
    /// login for certain (the first person seen with it keeps it).
    fn note_email(&mut self, email: &str, id: PersonId) {
        if let Some(local) = email.split('@').next().filter(|l| !l.is_empty()) {
            index(&mut self.index.by_local_part, local.to_string(), id);
        }
        if let Some(login) = github_noreply_handle(email) {
            let login = normalize(&login);
            if !self.index.by_login.contains_key(&login) {
                self.login_reasons
                    .insert(login.clone(), "GitHub no-reply address".into());
                self.index.by_login.insert(login, id);
            }
        }
    }

    /// The person a GitHub login belongs to, when known for certain: the
    /// identities file's `github`, a no-reply address, or a link from
    /// [`People::link_login`].
    pub fn by_login(&self, login: &str) -> Option<PersonId> {
        self.index.by_login.get(&normalize(login)).copied()
    }

    /// The GitHub logins known to belong to a person: linked ones, and the
    /// handles of their no-reply addresses.
    pub fn logins_of(&self, id: PersonId) -> Vec<String> {
        self.login_links(id)
            .into_iter()
            .map(|(login, _)| login)
            .collect()
    }

    /// Records that a login belongs to a person, and why; returns the person
    /// it already belonged to when that is someone else (nothing changes
    /// then).
    pub fn link_login(
        &mut self,
        login: &str,
        person: PersonId,
        reason: impl FnOnce() -> String,
    ) -> Result<(), PersonId> {
        let login = normalize(login);
        match self.index.by_login.get(&login) {
            Some(&existing) if existing != person => Err(existing),
            Some(_) => Ok(()),
            None => {
                self.login_reasons.insert(login.clone(), reason());
                self.index.by_login.insert(login, person);
                Ok(())
            }
        }
    }

    /// A person's GitHub logins with how each link was decided.
    pub fn login_links(&self, id: PersonId) -> Vec<(String, String)> {
        let mut links: Vec<(String, String)> = self
            .index
            .by_login
            .iter()
            .filter(|(_, person)| **person == id)
            .map(|(login, _)| {
                let reason = self.login_reasons.get(login).cloned().unwrap_or_default();
                (login.clone(), reason)
            })
            .collect();
        links.sort();
        links
    }

    /// Records that a person wrote a commit.
    pub fn note_author(&mut self, id: PersonId) {
        self.persons[id.0 as usize].authored = true;
    }

    /// Records a signature as written before `.mailmap` rewrote it, so that
    /// the person can be found by it.
    pub fn add_alias(&mut self, id: PersonId, raw: &Signature) {
        let email = normalize(&raw.email);
        if !email.is_empty() {
            self.note_email(&email, id);
            self.persons[id.0 as usize].emails.insert(email.clone());
            self.index.by_email.entry(email).or_insert(id);
        }
        if !raw.name.trim().is_empty() {
            index(&mut self.index.by_name, normalize(&raw.name), id);
            let person = &mut self.persons[id.0 as usize];
            person.names.insert(raw.name.trim().to_string());
        }
    }

    /// Chooses display names and unique handles, and marks bots. Called once
    /// every signature was interned (and again once logins are linked), so
    /// the result does not depend on the order repositories were read in.
    /// `forgotten` says whether a login or handle belonged to someone
    /// forgotten: nobody else is given it.
    pub fn finish(&mut self, is_bot: impl Fn(&[&str]) -> bool, forgotten: &dyn Fn(&str) -> bool) {
        for person in &mut self.persons {
            person.name = display_name(person);
            let identities: Vec<&str> = person
                .names
                .iter()
                .chain(&person.emails)
                .map(String::as_str)
                .collect();
            person.bot = is_bot(&identities)
                || person.emails.contains(model::TOMBSTONE_EMAIL)
                || person.names.contains(model::TOMBSTONE_NAME);
        }
        self.choose_handles(forgotten);
    }

    /// Unique handles: declared ones first, so an inferred handle never
    /// takes a declared one; then logins, then slugs of names; a handle
    /// already taken gets `-2`, `-3`, ...: people who wrote commits before
    /// people only named in trailers, reviews or documents, each in the
    /// order they first appeared in the history. A forgotten person's
    /// handle is never given to someone else (who would inherit what the
    /// team map says of it).
    fn choose_handles(&mut self, forgotten: &dyn Fn(&str) -> bool) {
        let mut logins: HashMap<PersonId, &str> = HashMap::new();
        for (login, person) in &self.index.by_login {
            let known = logins.entry(*person).or_insert(login);
            if login.as_str() < *known {
                *known = login;
            }
        }
        let bases: Vec<(u8, String)> = self
            .persons
            .iter()
            .map(|person| match &person.declared_handle {
                Some(handle) => (0, handle.clone()),
                None => match logins.get(&person.id) {
                    Some(login) => (1, (*login).to_string()),
                    None => (2, slug(&person.name)),
                },
            })
            .collect();
        let mut order: Vec<usize> = (0..self.persons.len()).collect();
        order.sort_by_key(|&index| (bases[index].0, !self.persons[index].authored, index));
        let mut taken: BTreeMap<String, u32> = BTreeMap::new();
        self.index.by_handle.clear();
        for at in order {
            let base = &bases[at].1;
            let count = taken.entry(normalize(base)).or_insert(0);
            *count += 1;
            let person = &mut self.persons[at];
            let mut handle = if *count == 1 {
                base.clone()
            } else {
                format!("{base}-{count}")
            };
            while forgotten(&handle) {
                *count += 1;
                handle = format!("{base}-{count}");
            }
            person.handle = handle;
            self.index
                .by_handle
                .insert(normalize(&person.handle), person.id);
        }
        for person in &self.persons {
            if let Some(declared) = &person.declared_handle {
                self.index
                    .by_handle
                    .entry(normalize(declared))
                    .or_insert(person.id);
            }
        }
    }

    pub fn get(&self, id: PersonId) -> &Person {
        &self.persons[id.0 as usize]
    }

    pub fn all(&self) -> &[Person] {
        &self.persons
    }

    /// People matching a handle, GitHub login, name, alias or email; see
    /// [`Lookup::lookup`].
    pub fn lookup(&self, query: &str) -> Vec<PersonId> {
        self.index.lookup(query)
    }

    /// What [`People::lookup`] reads, for keeping beside stored results.
    pub fn index(&self) -> &Lookup {
        &self.index
    }

    /// Everyone who has committed, or been declared, under a name
    /// (case-insensitive), in the order they first appeared.
    pub fn by_name(&self, name: &str) -> Vec<PersonId> {
        self.index.by_name(name)
    }
}

/// The name reports show: declared, else the latest full name committed
/// under, else the latest name that is not an address (a source may put
/// one where a name goes), else any such name, else the declared handle.
fn display_name(person: &Person) -> String {
    let is_name = |name: &&String| !looks_like_address(name) && !looks_garbled(name);
    person
        .declared_name
        .clone()
        .or_else(|| {
            person
                .latest_full_name
                .as_ref()
                .map(|(_, name)| name.clone())
        })
        .or_else(|| {
            person
                .latest_name
                .as_ref()
                .map(|(_, name)| name)
                .filter(is_name)
                .cloned()
        })
        .or_else(|| person.names.iter().find(is_name).cloned())
        .or_else(|| {
            person
                .names
                .iter()
                .find(|n| !looks_like_address(n))
                .cloned()
        })
        .or_else(|| person.declared_handle.clone())
        .unwrap_or_else(|| "unknown".to_string())
}

/// UTF-8 read as Latin-1 somewhere on the way (`BjÃ¶rn`): another
/// spelling of the name is better when there is one.
fn looks_garbled(name: &str) -> bool {
    name.contains(['Ã', 'Â', '\u{FFFD}'])
}

/// A name that is really an email address, obfuscated or not.
fn looks_like_address(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    name.contains('@') || matches!(words.as_slice(), [_, "at", domain] if domain.contains('.'))
}

/// A handle made of a name: in ASCII letters (`Chloé` is `chloe`, `李雷`
/// `li-lei`), lowercase, runs of anything but letters and digits made one
/// `-`.
fn slug(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in deunicode::deunicode(name).to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "unknown".to_string()
    } else {
        slug.to_string()
    }
}

/// Case-insensitive wildcard match where only `*` is special, so that bot
/// patterns like `*[bot]*` mean what they look like.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let pattern = pattern.to_lowercase();
    let text = text.to_lowercase();
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let mut rest = text.as_str();
    for (index, part) in parts.iter().enumerate() {
        if index == 0 {
            match rest.strip_prefix(part) {
                Some(after) => rest = after,
                None => return false,
            }
        } else if index == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::files::parse_identities_file;

    fn sig(name: &str, email: &str) -> Signature {
        Signature {
            name: name.into(),
            email: email.into(),
        }
    }

    #[test]
    fn same_email_any_case_is_one_person() {
        let mut people = People::new(None);
        let a = people.intern(&sig("Ana Lima", "Ana@X.example"), 1);
        let b = people.intern(&sig("Ana L.", "ana@x.example"), 2);
        assert_eq!(a, b);
        people.finish(|_| false, &|_| false);
        assert_eq!(people.get(a).name, "Ana L.");
        assert_eq!(people.get(a).handle, "ana-l", "a slug of the name");
    }

    #[test]
    fn same_name_different_email_is_not_merged_on_a_guess() {
        let mut people = People::new(None);
        let a = people.intern(&sig("Ana Lima", "ana@x.example"), 1);
        let b = people.intern(&sig("Ana Lima", "ana@y.example"), 2);
        assert_ne!(a, b);
        people.finish(|_| false, &|_| false);
        assert_eq!(people.get(a).handle, "ana-lima");
        assert_eq!(
            people.get(b).handle,
            "ana-lima-2",
            "in the order they appeared"
        );
        assert_eq!(people.lookup("ana@y.example"), vec![b]);
    }

    #[test]
    fn a_garbled_spelling_is_not_the_name_and_committers_get_plain_handles() {
        let mut people = People::new(None);
        let named = people.intern(&sig("Kristoffer Haugsbakk", ""), 1);
        let bjorn = people.intern(&sig("Björn Steinbrink", "b@x.example"), 2);
        people.intern(&sig("BjÃ¶rn Steinbrink", "b@x.example"), 3);
        let committer = people.intern(&sig("Kristoffer Haugsbakk", "k@x.example"), 4);
        people.note_author(committer);
        people.finish(|_| false, &|_| false);
        assert_eq!(people.get(bjorn).name, "Björn Steinbrink");
        let login_named = people.intern(&sig("Abdullah Gharaibeh", "ahg@x.example"), 5);
        people.intern(&sig("ahg-g", "ahg@x.example"), 6);
        people.finish(|_| false, &|_| false);
        assert_eq!(
            people.get(login_named).name,
            "Abdullah Gharaibeh",
            "a full name over a login"
        );
        assert_eq!(people.get(bjorn).handle, "bjorn-steinbrink");
        // Named only in a trailer first, but the committer keeps the plain handle.
        assert_eq!(people.get(committer).handle, "kristoffer-haugsbakk");
        assert_eq!(people.get(named).handle, "kristoffer-haugsbakk-2");
    }

    #[test]
    fn identities_file_merges_and_names() {
        let file = parse_identities_file(
            "identities.toml",
            "[[person]]\nhandle = \"alima\"\nname = \"Ana Lima\"\nemails = [\"ana@x.example\", \"ana@y.example\"]\ngithub = \"analima\"\n",
        )
        .unwrap();
        let mut people = People::new(Some(&file));
        let a = people.intern(&sig("Ana", "ana@x.example"), 1);
        let b = people.intern(&sig("A. Lima", "ANA@y.example"), 2);
        let c = people.intern(&sig("analima", "1234+analima@users.noreply.github.com"), 3);
        assert_eq!((a, a), (b, c));
        people.finish(|_| false, &|_| false);
        let person = people.get(a);
        assert_eq!(
            (person.name.as_str(), person.handle.as_str()),
            ("Ana Lima", "alima")
        );
        assert_eq!(people.lookup("A. Lima"), vec![a]);
        assert_eq!(people.lookup("@alima"), vec![a]);
        assert_eq!(people.lookup("ana@y.example"), vec![a]);
    }

    #[test]
    fn bots_and_noreply_handles() {
        let mut people = People::new(None);
        let bot = people.intern(
            &sig(
                "dependabot[bot]",
                "49699333+dependabot[bot]@users.noreply.github.com",
            ),
            1,
        );
        let human = people.intern(
            &sig("Octo Cat", "583231+octocat@users.noreply.github.com"),
            1,
        );
        people.finish(
            |identities| {
                identities
                    .iter()
                    .any(|text| wildcard_match("*[bot]*", text))
            },
            &|_| false,
        );
        assert!(people.get(bot).bot);
        assert!(!people.get(human).bot);
        assert_eq!(people.get(human).handle, "octocat");
    }

    #[test]
    fn wildcards() {
        let cases = [
            ("*[bot]*", "dependabot[bot]", true),
            ("dependabot*", "Dependabot-Preview", true),
            ("*-bot", "ci-bot", true),
            ("*-bot", "ci-bots", false),
            ("bot@*", "bot@renovateapp.com", true),
            ("ci", "ci", true),
            ("ci", "cia", false),
            ("a*b*c", "axxbyyc", true),
            ("a*b*c", "axxcyyb", false),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(
                wildcard_match(pattern, text),
                expected,
                "{pattern} vs {text}"
            );
        }
    }
}
