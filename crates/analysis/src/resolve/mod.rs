//! Resolve: who is who and which team owns what.
//!
//! Resolution runs when the store is read, not when it is written, so editing
//! the teams file, the identities file or the bot rules never needs a new
//! `collect`. Input is plain values (stored commits and the contents of
//! `.mailmap`, `CODEOWNERS` and `.git-blame-ignore-revs` as collected); output
//! is an [`Org`]: people, teams, and commits whose every path has an owner.

pub mod calendar;
pub mod codeowners;
pub mod documents;
pub mod evidence_log;
pub mod files;
pub mod owners;
pub mod people;
pub mod suggest;

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::fmt;
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};

pub use codeowners::CodeOwners;
pub use files::{IdentitiesFile, TeamsFile};
use model::{
    Commit, Diagnostic, RepoFile, ReviewExport, ReviewState, Signature, Timestamp, TrailerKind,
};
pub use people::{People, Person, PersonId};

/// Git's `.mailmap`, all four line forms, merged across repositories so that
/// one person is one person in every repository.
#[derive(Default)]
pub struct Mailmap {
    snapshot: gix_mailmap::Snapshot,
}

impl Mailmap {
    /// Adds a file's entries; malformed lines are returned as diagnostics and skipped.
    pub fn merge(&mut self, file: &str, content: &str) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        let mut entries = Vec::new();
        for (index, line) in content.lines().enumerate() {
            for entry in gix_mailmap::parse(line.as_bytes()) {
                match entry {
                    Ok(entry) => entries.push(entry),
                    Err(error) => {
                        let message = error.to_string();
                        // gix numbers lines within what it was given; we gave it one.
                        let message = message
                            .trim_start_matches("Line 1 ")
                            .trim_start_matches("1: ")
                            .to_string();
                        diagnostics.push(Diagnostic::at(
                            file,
                            index + 1,
                            format!("malformed mailmap line: {}", lowercase_first(&message)),
                        ));
                    }
                }
            }
        }
        self.snapshot.merge(entries);
        diagnostics
    }

    pub fn resolve(&self, signature: &Signature) -> Signature {
        let actor = gix_actor::SignatureRef {
            name: signature.name.as_str().into(),
            email: signature.email.as_str().into(),
            time: "0 +0000",
        };
        match self.snapshot.try_resolve(actor) {
            Some(resolved) => Signature {
                name: resolved.name.to_string(),
                email: resolved.email.to_string(),
            },
            None => signature.clone(),
        }
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Which accounts are bots. Their commits stay in the store but are left out
/// of people's measures.
#[derive(Clone, Debug)]
pub struct BotRules {
    /// Wildcard patterns (`*` only, case-insensitive) matched against names and emails.
    pub patterns: Vec<String>,
}

impl Default for BotRules {
    fn default() -> Self {
        BotRules {
            patterns: [
                "*[bot]*",
                "dependabot*",
                "renovate*",
                "github-actions*",
                "*-bot",
                "*-bot@*",
                "*-robot",
                "*-robot@*",
                "* robot",
                "bot@*",
                "*@renovateapp.com",
                "jenkins*",
                "buildbot*",
                "ci",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}

impl BotRules {
    pub fn is_bot(&self, text: &str) -> bool {
        self.patterns
            .iter()
            .any(|pattern| people::wildcard_match(pattern, text))
    }
}

/// When a commit is a mass change (vendoring, reformatting, generated code)
/// rather than someone's coding.
#[derive(Clone, Debug)]
pub struct MassChangeRules {
    pub max_files: usize,
    pub max_lines: u64,
    /// Globs of generated or vendored paths; their lines never count as coding.
    pub generated: Vec<String>,
}

impl Default for MassChangeRules {
    fn default() -> Self {
        MassChangeRules {
            max_files: 150,
            max_lines: 8_000,
            generated: [
                "vendor/**",
                "**/vendor/**",
                "third_party/**",
                "**/third_party/**",
                "**/node_modules/**",
                "*.lock",
                "**/package-lock.json",
                "**/pnpm-lock.yaml",
                "**/go.sum",
                "*.min.js",
                "*.min.css",
                "*.pb.go",
                "*_pb2.py",
                "*_generated.*",
                "**/generated/**",
                "*.snap",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}

/// Why a commit is not counted as someone's work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Exclusion {
    Bot,
    /// Listed in the repository's `.git-blame-ignore-revs`.
    IgnoreRevs,
    MassChange(String),
}

impl fmt::Display for Exclusion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exclusion::Bot => f.write_str("bot commit"),
            Exclusion::IgnoreRevs => f.write_str("listed in .git-blame-ignore-revs"),
            Exclusion::MassChange(why) => write!(f, "mass change ({why})"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TeamId(pub u32);

#[derive(Clone, Debug)]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    /// Declared in the teams file, as opposed to discovered in CODEOWNERS.
    pub declared: bool,
}

#[derive(Clone, Debug)]
pub struct ResolvedFile {
    pub path: String,
    pub added: u32,
    pub removed: u32,
    pub binary: bool,
    pub team: Option<TeamId>,
    pub generated: bool,
}

impl ResolvedFile {
    pub fn lines(&self) -> u64 {
        u64::from(self.added) + u64::from(self.removed)
    }
}

#[derive(Clone, Debug)]
pub struct ResolvedCommit {
    pub repo: usize,
    pub id: String,
    pub time: Timestamp,
    pub summary: Arc<str>,
    pub author: PersonId,
    pub coauthors: Vec<PersonId>,
    /// People who reviewed, acked or tested the change.
    pub reviewers: Vec<(TrailerKind, PersonId)>,
    /// Reported-by and Suggested-by: who found the problem or had the idea.
    pub originators: Vec<(TrailerKind, PersonId)>,
    pub files: Vec<ResolvedFile>,
    pub is_merge: bool,
    pub parents: Vec<String>,
    /// The whole message, for citations of documents.
    pub message: String,
    /// What a merge bot or GitHub wrote, for merge commits that say it.
    pub merge: Option<model::MergeMessage>,
    pub exclusion: Option<Exclusion>,
}

impl ResolvedCommit {
    pub fn short_id(&self) -> &str {
        model::short_id(&self.id)
    }
}

/// One person's review of another's change, from whichever source recorded it.
#[derive(Clone, Debug)]
pub struct ResolvedReview {
    pub repo: usize,
    /// What was reviewed: a commit id, or `#N` for a pull request.
    pub change: String,
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

/// The teams file and CODEOWNERS disagree about who owns an area.
#[derive(Clone, Debug)]
pub struct OwnershipConflict {
    /// `repository:area`, as components are named.
    pub area: String,
    pub teams_file: TeamId,
    pub codeowners: TeamId,
    /// File changes where they disagreed.
    pub file_changes: u64,
}

/// A commit that cites a document, by id or by path.
#[derive(Clone, Debug)]
pub struct Citation {
    pub commit: usize,
    /// How it cites: the id or the path it names.
    pub by: String,
}

/// A design document, RFC, ADR, proposal or post-incident review.
#[derive(Clone, Debug)]
pub struct ResolvedDocument {
    pub repo: usize,
    pub path: String,
    pub title: String,
    pub kind: documents::DocumentKind,
    pub kind_rule: String,
    pub id: Option<String>,
    pub authors: Vec<PersonId>,
    /// Authors taken from the file's git history (who wrote most of it).
    pub authors_inferred: bool,
    pub reviewers: Vec<PersonId>,
    pub date: Timestamp,
    pub status: Option<String>,
    pub teams_affected: Vec<String>,
    pub diagnosed_by: Vec<PersonId>,
    pub remediation_owners: Vec<PersonId>,
    pub options_and_decision: bool,
    /// Commits citing it, index into `Org::commits`.
    pub citations: Vec<Citation>,
    /// Other documents citing it: (index into `Org::documents`, how).
    pub cited_by_documents: Vec<(usize, String)>,
}

/// Someone was asked for their review of a change.
#[derive(Clone, Debug)]
pub struct ResolvedRequest {
    pub repo: usize,
    pub change: String,
    pub summary: String,
    pub time: Timestamp,
    pub reviewer: PersonId,
    /// Who asked: the requester where the export says, else the change's author.
    pub asked_by: PersonId,
}

/// One person's calendar, each meeting with the attendees staffscope knows.
pub type PersonCalendar = (PersonId, String, Vec<(calendar::Meeting, Vec<PersonId>)>);

/// A person's home team at some time, and how we know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Home {
    pub team: TeamId,
    pub inferred: bool,
}

#[derive(Clone, Debug)]
struct Membership {
    team: TeamId,
    from: Option<Timestamp>,
    until: Option<Timestamp>,
}

/// Everything the measures read: resolved, in memory, no I/O.
pub struct Org {
    /// The collected repositories, then the plain document folders.
    pub repos: Vec<Arc<str>>,
    /// How many of `repos`, at the end, are plain document folders.
    pub document_folders: usize,
    pub teams: Vec<Team>,
    pub people: People,
    /// Sorted by time, then repository, then id.
    pub commits: Vec<ResolvedCommit>,
    /// Reviews from every source, one per reviewer and change, sorted by time.
    pub reviews: Vec<ResolvedReview>,
    /// Requests for someone's review, from code-review exports.
    pub review_requests: Vec<ResolvedRequest>,
    /// Whether any code-review export was collected.
    pub has_code_review: bool,
    /// Areas where the teams file and CODEOWNERS name different teams.
    pub ownership_conflicts: Vec<OwnershipConflict>,
    /// Documents found at HEAD in the document folders.
    pub documents: Vec<ResolvedDocument>,
    /// Evidence-log entries: (person, file, entry).
    pub evidence_log: Vec<(PersonId, String, evidence_log::LogEntry)>,
    /// Calendars: whose, from which file, and their meetings.
    pub calendars: Vec<PersonCalendar>,
    pub diagnostics: Vec<Diagnostic>,
    memberships: HashMap<PersonId, Vec<Membership>>,
    inferred_home: HashMap<PersonId, TeamId>,
}

impl Org {
    pub fn team(&self, id: TeamId) -> &Team {
        &self.teams[id.0 as usize]
    }

    pub fn team_by_name(&self, name: &str) -> Option<TeamId> {
        self.teams
            .iter()
            .find(|team| team.name == name)
            .map(|team| team.id)
    }

    /// The person's team at `time`: the teams file's membership if it covers
    /// that time, otherwise the team whose code they changed most (inferred).
    pub fn home_at(&self, person: PersonId, time: Timestamp) -> Option<Home> {
        if let Some(memberships) = self.memberships.get(&person) {
            let covering = memberships.iter().find(|m| {
                m.from.is_none_or(|from| time >= from) && m.until.is_none_or(|until| time < until)
            });
            if let Some(membership) = covering {
                return Some(Home {
                    team: membership.team,
                    inferred: false,
                });
            }
        }
        self.inferred_home.get(&person).map(|&team| Home {
            team,
            inferred: true,
        })
    }

    /// The teams the person belonged to by declaration during `[since, until)`,
    /// or their inferred team.
    pub fn homes_during(&self, person: PersonId, since: Timestamp, until: Timestamp) -> Vec<Home> {
        let mut homes: Vec<Home> = self
            .memberships
            .get(&person)
            .into_iter()
            .flatten()
            .filter(|m| {
                m.from.is_none_or(|from| from < until) && m.until.is_none_or(|end| end > since)
            })
            .map(|m| Home {
                team: m.team,
                inferred: false,
            })
            .collect();
        homes.dedup();
        if homes.is_empty()
            && let Some(&team) = self.inferred_home.get(&person)
        {
            homes.push(Home {
                team,
                inferred: true,
            });
        }
        homes
    }

    pub fn declared_members(&self, team: TeamId) -> Vec<PersonId> {
        let mut members: Vec<PersonId> = self
            .memberships
            .iter()
            .filter(|(_, memberships)| memberships.iter().any(|m| m.team == team))
            .map(|(person, _)| *person)
            .collect();
        members.sort();
        members
    }
}

/// Everything resolution needs, as plain values.
pub struct Inputs<'a> {
    pub commits: Vec<(String, Commit)>,
    pub repo_files: &'a [RepoFile],
    pub reviews: &'a ReviewExport,
    pub repos: Vec<String>,
    pub teams: Option<&'a TeamsFile>,
    pub teams_file_name: &'a str,
    pub identities: Option<&'a IdentitiesFile>,
    /// An organization-wide mailmap (file name, content), besides each repository's own.
    pub mailmap: Option<(&'a str, &'a str)>,
    pub bots: &'a BotRules,
    pub mass_changes: &'a MassChangeRules,
    /// Evidence logs with the file each came from.
    pub evidence_logs: &'a [(String, evidence_log::EvidenceLog)],
    /// Calendars: (file, whose, meetings in the window).
    pub calendars: &'a [(String, String, Vec<calendar::Meeting>)],
    /// Plain folders of documents, named like repositories; their files are
    /// in `repo_files` under these names.
    pub document_folders: Vec<String>,
}

/// A commit's author, co-authors, and the other people its trailers name.
type InternedPeople = (PersonId, Vec<PersonId>, Vec<(TrailerKind, PersonId)>);

pub fn resolve(mut inputs: Inputs<'_>) -> Org {
    let mut diagnostics = Vec::new();
    let document_folders = inputs.document_folders.len();
    let folders = std::mem::take(&mut inputs.document_folders);
    inputs.repos.extend(folders);
    let repo_index: HashMap<&str, usize> = inputs
        .repos
        .iter()
        .enumerate()
        .map(|(index, name)| (name.as_str(), index))
        .collect();

    // Identities: one mailmap for the whole organization.
    let mut mailmap = Mailmap::default();
    if let Some((file, content)) = inputs.mailmap {
        diagnostics.extend(mailmap.merge(file, content));
    }
    for file in inputs.repo_files {
        if file.path == ".mailmap"
            && file.commit.is_none()
            && let Some(content) = &file.content
        {
            diagnostics.extend(mailmap.merge(&format!("{}/.mailmap", file.repo), content));
        }
    }

    let mut commits = inputs.commits;
    commits.sort_by(|(_, a), (_, b)| {
        (a.author_time, &a.repo, &a.id).cmp(&(b.author_time, &b.repo, &b.id))
    });

    let mut people = People::new(inputs.identities);
    let mut interned: Vec<InternedPeople> = Vec::with_capacity(commits.len());
    for (_, commit) in &commits {
        let author = people.intern(&mailmap.resolve(&commit.author), commit.author_time);
        people.add_alias(author, &commit.author);
        let mut coauthors = Vec::new();
        let mut others = Vec::new();
        for trailer in &commit.trailers {
            let who = people.intern(&mailmap.resolve(&trailer.who), commit.author_time);
            people.add_alias(who, &trailer.who);
            match trailer.kind {
                TrailerKind::CoAuthoredBy => {
                    if who != author && !coauthors.contains(&who) {
                        coauthors.push(who);
                    }
                }
                kind => others.push((kind, who)),
            }
        }
        interned.push((author, coauthors, others));
    }
    people.finish(|text| inputs.bots.is_bot(text));

    // Teams: declared ones first, then those only CODEOWNERS names.
    let mut teams: Vec<Team> = Vec::new();
    let mut memberships: HashMap<PersonId, Vec<Membership>> = HashMap::new();
    let mut team_by_owner: HashMap<String, TeamId> = HashMap::new();
    let mut owned_paths: HashMap<usize, Vec<(GlobSet, TeamId)>> = HashMap::new();
    if let Some(teams_file) = inputs.teams {
        for spec in &teams_file.teams {
            let id = TeamId(teams.len() as u32);
            teams.push(Team {
                id,
                name: spec.name.clone(),
                declared: true,
            });
            for owner in &spec.codeowners {
                team_by_owner.insert(owner.to_lowercase(), id);
            }
            for member in &spec.members {
                let found = people.lookup(&member.who);
                match found.as_slice() {
                    [person] => memberships.entry(*person).or_default().push(Membership {
                        team: id,
                        from: member.from,
                        until: member.until,
                    }),
                    [] => diagnostics.push(Diagnostic::at(
                        inputs.teams_file_name,
                        member.line,
                        format!(
                            "unknown person `{}` in team `{}`: no commit or identity matches this handle, name or email",
                            member.who, spec.name
                        ),
                    )),
                    several => diagnostics.push(Diagnostic::at(
                        inputs.teams_file_name,
                        member.line,
                        format!(
                            "`{}` in team `{}` matches {} people; use a handle or add them to the identities file",
                            member.who,
                            spec.name,
                            several.len()
                        ),
                    )),
                }
            }
            for (repo, patterns) in &spec.owns {
                let Some(&repo_id) = repo_index.get(repo.as_str()) else {
                    diagnostics.push(Diagnostic::at(
                        inputs.teams_file_name,
                        spec.line,
                        format!(
                            "team `{}` owns paths in `{repo}`, which is not a collected repository",
                            spec.name
                        ),
                    ));
                    continue;
                };
                for pattern in patterns {
                    match owned_path_matcher(pattern) {
                        Ok(matcher) => owned_paths.entry(repo_id).or_default().push((matcher, id)),
                        Err(message) => diagnostics.push(Diagnostic::at(
                            inputs.teams_file_name,
                            spec.line,
                            format!("team `{}`: {message}", spec.name),
                        )),
                    }
                }
            }
        }
    }

    // One team at a time: overlapping memberships make the home team ambiguous.
    let mut overlapping: Vec<(PersonId, TeamId, TeamId)> = Vec::new();
    for (person, list) in &memberships {
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                let starts_before_b_ends = a.from.unwrap_or(i64::MIN) < b.until.unwrap_or(i64::MAX);
                let b_starts_before_a_ends =
                    b.from.unwrap_or(i64::MIN) < a.until.unwrap_or(i64::MAX);
                if a.team != b.team && starts_before_b_ends && b_starts_before_a_ends {
                    overlapping.push((*person, a.team, b.team));
                }
            }
        }
    }
    overlapping.sort();
    for (person, a, b) in overlapping {
        diagnostics.push(Diagnostic::in_file(
            inputs.teams_file_name,
            format!(
                "{} is in teams `{}` and `{}` at the same time; measures use `{}`\nhint: give the memberships `from`/`to` dates that do not overlap",
                people.get(person).name,
                teams[a.0 as usize].name,
                teams[b.0 as usize].name,
                teams[a.0 as usize].name
            ),
        ));
    }

    // CODEOWNERS, version by version, per repository.
    let mut codeowners_versions: BTreeMap<usize, Vec<(Timestamp, Option<CodeOwners>)>> =
        BTreeMap::new();
    let mut ignore_revs: HashSet<(usize, String)> = HashSet::new();
    let mut ordered_files: Vec<&RepoFile> = inputs.repo_files.iter().collect();
    ordered_files.sort_by(|a, b| (&a.repo, a.time, &a.commit).cmp(&(&b.repo, b.time, &b.commit)));
    for file in ordered_files {
        let Some(&repo) = repo_index.get(file.repo.as_str()) else {
            continue;
        };
        if file.path == ".git-blame-ignore-revs" && file.commit.is_none() {
            for line in file.content.as_deref().unwrap_or("").lines() {
                let line = line.trim();
                if !line.is_empty() && !line.starts_with('#') {
                    ignore_revs.insert((repo, line.to_lowercase()));
                }
            }
        }
        if model::paths::CODEOWNERS_LOCATIONS.contains(&file.path.as_str()) && file.commit.is_some()
        {
            let parsed = file.content.as_deref().map(|content| {
                let name = format!("{}/{}", file.repo, file.path);
                let (owners, problems) = CodeOwners::parse(&name, content);
                for problem in problems {
                    if !diagnostics.contains(&problem) {
                        diagnostics.push(problem);
                    }
                }
                owners
            });
            codeowners_versions
                .entry(repo)
                .or_default()
                .push((file.time, parsed));
        }
    }

    // The teams file's own names for its teams, for OWNERS aliases and
    // MAINTAINERS sections (the closure below caches CODEOWNERS owners too).
    let declared_owner_names: HashMap<String, TeamId> = team_by_owner.clone();
    let mut owner_team = |owner: &str,
                          teams: &mut Vec<Team>,
                          people: &People,
                          memberships: &HashMap<PersonId, Vec<Membership>>,
                          time: Timestamp|
     -> Option<TeamId> {
        let key = owner.to_lowercase();
        if let Some(&team) = team_by_owner.get(&key) {
            return Some(team);
        }
        if let Some((_, slug)) = key.trim_start_matches('@').split_once('/') {
            // `@org/slug` means the team named `slug` unless the teams file maps it.
            let team = match teams
                .iter()
                .find(|team| team.name.eq_ignore_ascii_case(slug))
            {
                Some(team) => team.id,
                None => {
                    let id = TeamId(teams.len() as u32);
                    teams.push(Team {
                        id,
                        name: slug.to_string(),
                        declared: false,
                    });
                    id
                }
            };
            team_by_owner.insert(key, team);
            return Some(team);
        }
        // A person as owner: their declared team at that time.
        let found = people.lookup(owner.trim_start_matches('@'));
        let [person] = found.as_slice() else {
            return None;
        };
        memberships.get(person)?.iter().find_map(|m| {
            (m.from.is_none_or(|from| time >= from) && m.until.is_none_or(|until| time < until))
                .then_some(m.team)
        })
    };

    // OWNERS and MAINTAINERS files, as they are at HEAD, per repository.
    let mut owners_trees: HashMap<usize, owners::OwnersTree> = HashMap::new();
    let mut maintainers_files: HashMap<usize, owners::Maintainers> = HashMap::new();
    for file in inputs.repo_files.iter().filter(|f| f.commit.is_none()) {
        let (Some(&repo), Some(content)) =
            (repo_index.get(file.repo.as_str()), file.content.as_deref())
        else {
            continue;
        };
        let shown = format!("{}/{}", file.repo, file.path);
        let file_name = file.path.rsplit('/').next().unwrap_or(&file.path);
        match file_name {
            "OWNERS" => match owners::parse_owners(&file.path, content) {
                Ok(parsed) => owners_trees.entry(repo).or_default().add(parsed),
                Err(mut problem) => {
                    problem.file = shown;
                    diagnostics.push(problem);
                }
            },
            "OWNERS_ALIASES" if !file.path.contains('/') => {
                match owners::parse_aliases(&file.path, content) {
                    Ok(aliases) => owners_trees.entry(repo).or_default().aliases = aliases,
                    Err(mut problem) => {
                        problem.file = shown;
                        diagnostics.push(problem);
                    }
                }
            }
            "MAINTAINERS" if file.path == "MAINTAINERS" => {
                let (parsed, problems) = owners::Maintainers::parse(&shown, content);
                diagnostics.extend(problems);
                maintainers_files.insert(repo, parsed);
            }
            _ => {}
        }
    }

    let generated = build_globset(&inputs.mass_changes.generated, &mut diagnostics);
    let mut ownership_conflicts: BTreeMap<(String, TeamId, TeamId), u64> = BTreeMap::new();
    let mut resolved = Vec::with_capacity(commits.len());
    for ((_, commit), (author, coauthors, others)) in commits.into_iter().zip(interned) {
        let repo = repo_index.get(commit.repo.as_str()).copied().unwrap_or(0);
        let versions = codeowners_versions.get(&repo);
        // Before the first CODEOWNERS version the earliest one is the best
        // estimate of who owned the code.
        let codeowners = versions.and_then(|versions| {
            let at = versions.partition_point(|(time, _)| *time <= commit.author_time);
            versions[at.saturating_sub(1)].1.as_ref()
        });
        let summary: Arc<str> = commit.summary().into();
        let is_merge = commit.is_merge();
        let merge = if is_merge {
            model::parse_merge_message(&commit.message)
        } else {
            None
        };
        let mut files = Vec::with_capacity(commit.files.len());
        for file in commit.files {
            let declared = owned_paths.get(&repo).and_then(|rules| {
                rules
                    .iter()
                    .rev()
                    .find(|(matcher, _)| matcher.is_match(&file.path))
                    .map(|(_, team)| *team)
            });
            // Of several owners, a team the teams file declares wins over one
            // only CODEOWNERS names: `* @org/everyone @payments-lead` means payments.
            let from_codeowners = (|| {
                let owners = codeowners.and_then(|owners| owners.owners_of(&file.path))?;
                let mapped: Vec<TeamId> = owners
                    .iter()
                    .filter_map(|owner| {
                        owner_team(owner, &mut teams, &people, &memberships, commit.author_time)
                    })
                    .collect();
                mapped
                    .iter()
                    .find(|team| teams[team.0 as usize].declared)
                    .or(mapped.first())
                    .copied()
            })();
            // The teams file wins; where it disagrees with CODEOWNERS, say so.
            if let (Some(declared), Some(other)) = (declared, from_codeowners)
                && declared != other
            {
                let area = crate::measure::component_of(&inputs.repos[repo], &file.path);
                *ownership_conflicts
                    .entry((area, declared, other))
                    .or_default() += 1;
            }
            let team = declared
                .or(from_codeowners)
                .or_else(|| {
                    // OWNERS: the nearest file that names a team, by label, alias or people.
                    let tree = owners_trees.get(&repo)?;
                    tree.chain(&file.path).into_iter().find_map(|owners_file| {
                        owners_file_team(
                            owners_file,
                            &tree.aliases,
                            &mut teams,
                            &declared_owner_names,
                        )
                        .or_else(|| {
                            owners_file
                                .approvers
                                .iter()
                                .flat_map(|entry| {
                                    tree.aliases
                                        .get(entry)
                                        .cloned()
                                        .unwrap_or_else(|| vec![entry.clone()])
                                })
                                .find_map(|login| {
                                    owner_team(
                                        &format!("@{login}"),
                                        &mut teams,
                                        &people,
                                        &memberships,
                                        commit.author_time,
                                    )
                                })
                        })
                    })
                })
                .or_else(|| {
                    // MAINTAINERS: the most specific section; its name is the area.
                    let section = maintainers_files.get(&repo)?.section_of(&file.path)?;
                    let mapped = declared_owner_names
                        .get(&section.name.to_lowercase())
                        .copied();
                    Some(mapped.unwrap_or_else(|| team_named(&section.name, &mut teams)))
                });
            files.push(ResolvedFile {
                generated: generated.is_match(&file.path),
                path: file.path,
                added: file.added,
                removed: file.removed,
                binary: file.binary,
                team,
            });
        }
        let exclusion = if people.get(author).bot {
            Some(Exclusion::Bot)
        } else if ignore_revs.contains(&(repo, commit.id.to_lowercase())) {
            Some(Exclusion::IgnoreRevs)
        } else {
            mass_change(&files, inputs.mass_changes).map(Exclusion::MassChange)
        };
        let (reviewers, rest): (Vec<_>, Vec<_>) =
            others.into_iter().partition(|(kind, _)| kind.is_review());
        let originators = rest
            .into_iter()
            .filter(|(kind, _)| matches!(kind, TrailerKind::ReportedBy | TrailerKind::SuggestedBy))
            .collect();
        resolved.push(ResolvedCommit {
            repo,
            summary,
            time: commit.author_time,
            is_merge,
            parents: commit.parents,
            message: commit.message,
            merge,
            id: commit.id,
            author,
            coauthors,
            reviewers,
            originators,
            files,
            exclusion,
        });
    }

    let inferred_home = infer_homes(&resolved);
    // Commits by repository and id, for the merges and exports that name them.
    let commit_index: HashMap<(usize, &str), usize> = resolved
        .iter()
        .enumerate()
        .map(|(i, c)| ((c.repo, c.id.as_str()), i))
        .collect();
    let mut reviews = trailer_reviews(&resolved);
    let (export_reviews, review_requests) = export_reviews(
        &mailmap,
        inputs.reviews,
        &resolved,
        &commit_index,
        &repo_index,
        &mut people,
        &mut diagnostics,
    );
    reviews.extend(merge_reviews(
        &mailmap,
        &resolved,
        &commit_index,
        &inputs.repos,
        &mut people,
        &mut diagnostics,
    ));
    reviews.extend(export_reviews);
    let mut reviews = dedupe_reviews(reviews);
    let mut evidence = Vec::new();
    for (file, log) in inputs.evidence_logs {
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
    let mut calendars = Vec::new();
    for (file, whose, meetings) in inputs.calendars {
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
        calendars.push((owner, file.clone(), resolved));
    }
    // Pull-request descriptions, by the commit that carries the change (the
    // merged branch's tip for a merge commit), for the documents they cite.
    let mut descriptions: HashMap<usize, Vec<(u32, &str)>> = HashMap::new();
    for pull in inputs.reviews.pulls.iter().filter(|p| !p.body.is_empty()) {
        let (Some(&repo), Some(sha)) = (
            repo_index.get(pull.repo.as_str()),
            pull.merge_commit.as_deref(),
        ) else {
            continue;
        };
        let Some(&index) = commit_index.get(&(repo, sha)) else {
            continue;
        };
        let carrier = if resolved[index].is_merge {
            resolved[index]
                .parents
                .get(1)
                .and_then(|tip| commit_index.get(&(repo, tip.as_str())).copied())
        } else {
            Some(index)
        };
        if let Some(carrier) = carrier {
            descriptions
                .entry(carrier)
                .or_default()
                .push((pull.number, pull.body.as_str()));
        }
    }
    let documents = resolve_documents(
        inputs.repo_files,
        &descriptions,
        &repo_index,
        &resolved,
        &mut people,
        &mailmap,
        &mut diagnostics,
    );
    people.finish(|text| inputs.bots.is_bot(text));
    reviews.sort_by(|a, b| (a.time, a.repo, &a.change).cmp(&(b.time, b.repo, &b.change)));
    Org {
        repos: inputs.repos.into_iter().map(Arc::from).collect(),
        document_folders,
        teams,
        people,
        commits: resolved,
        reviews,
        review_requests,
        documents,
        evidence_log: evidence,
        calendars,
        ownership_conflicts: ownership_conflicts
            .into_iter()
            .map(|((area, declared, codeowners), files)| OwnershipConflict {
                area,
                teams_file: declared,
                codeowners,
                file_changes: files,
            })
            .collect(),
        has_code_review: !inputs.reviews.pulls.is_empty() || !inputs.reviews.reviews.is_empty(),
        diagnostics,
        memberships,
        inferred_home,
    }
}

/// Reviews credited in commit trailers: one per reviewer and commit, never
/// by an author of the change, and only on commits counted as work.
fn trailer_reviews(commits: &[ResolvedCommit]) -> Vec<ResolvedReview> {
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
                _ => ("review", ReviewState::Approved),
            };
            reviews.push(ResolvedReview {
                repo: commit.repo,
                change: commit.id.clone(),
                pull: pulls.get(&(commit.repo, commit.id.as_str())).copied(),
                time: commit.time,
                summary: commit.summary.clone(),
                author: commit.author,
                reviewer,
                state,
                origin: format!("{} trailer", kind.key()),
                verb,
                comments: 0,
                requested: false,
                detailed: false,
            });
        }
    }
    reviews
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
                Some(model::MergeMessage::GitHub { number, .. }) => *number,
                Some(model::MergeMessage::Bors { number, .. }) => *number,
                None => continue,
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

/// One review per reviewer and change: a pull request counts once, whichever
/// sources and commits record it. The most detailed record wins (an export's
/// review, then a merge message, then a trailer); among equals, the first.
fn dedupe_reviews(reviews: Vec<ResolvedReview>) -> Vec<ResolvedReview> {
    let rank = |review: &ResolvedReview| -> u8 {
        if review.detailed {
            0
        } else if review.change.starts_with('#') {
            1
        } else {
            2
        }
    };
    let mut best: BTreeMap<(usize, String, PersonId), ResolvedReview> = BTreeMap::new();
    for review in reviews {
        let change = review
            .pull
            .map_or_else(|| review.change.clone(), |n| format!("#{n}"));
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

/// The person behind a GitHub login: certain links first, then the usual
/// lookup; a login nobody matches becomes a person of its own, reported.
fn person_for_login(
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

/// Reviews and review requests from code-review exports. A merged pull
/// request whose merge commit was collected links its author's login to the
/// person who wrote that commit (the merged branch's tip for a merge commit):
/// a certain link, so logins and commit emails meet without guessing.
fn export_reviews(
    mailmap: &Mailmap,
    export: &ReviewExport,
    commits: &[ResolvedCommit],
    by_id: &HashMap<(usize, &str), usize>,
    repo_index: &HashMap<&str, usize>,
    people: &mut People,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<ResolvedReview>, Vec<ResolvedRequest>) {
    for pull in &export.pulls {
        let (Some(&repo), Some(sha)) = (
            repo_index.get(pull.repo.as_str()),
            pull.merge_commit.as_deref(),
        ) else {
            continue;
        };
        let Some(&index) = by_id.get(&(repo, sha)) else {
            continue;
        };
        let commit = &commits[index];
        let author = if commit.is_merge {
            match commit
                .parents
                .get(1)
                .and_then(|p| by_id.get(&(repo, p.as_str())))
            {
                Some(&tip) => commits[tip].author,
                None => continue,
            }
        } else {
            commit.author
        };
        if let Err(other) = people.link_login(&pull.author, author) {
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
    let pulls: HashMap<(&str, u32), &model::PullRequest> = export
        .pulls
        .iter()
        .map(|p| ((p.repo.as_str(), p.number), p))
        .collect();
    let mut unknown: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut requests = Vec::new();
    let mut requested: HashSet<(usize, u32, PersonId)> = HashSet::new();
    for request in &export.requests {
        let (Some(&repo), Some(pull)) = (
            repo_index.get(request.repo.as_str()),
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
                change: format!("#{}", request.number),
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
    // One review per reviewer and pull request: the strongest state, all comments.
    let mut merged: BTreeMap<(usize, u32, PersonId), ResolvedReview> = BTreeMap::new();
    for review in &export.reviews {
        let (Some(&repo), Some(pull)) = (
            repo_index.get(review.repo.as_str()),
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
                change: format!("#{}", review.number),
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
    for (repo, logins) in unknown.into_iter().filter(|(_, l)| !l.is_empty()) {
        diagnostics.push(Diagnostic::in_file(
            &repo,
            format!(
                "the code review export names GitHub users that no commit or identity matches: {}; their reviews are kept under these handles\nhint: add `github = \"<login>\"` to their entries in the identities file",
                logins.join(", ")
            ),
        ));
    }
    (merged.into_values().collect(), requests)
}

/// Reviews recorded in merge commits: GitHub's "Merge pull request" (the
/// merger approved the author's change) and the bors family's `r=` lists.
/// The change's author is the author of the merged branch's tip where that
/// commit is collected, otherwise the user the message names.
fn merge_reviews(
    mailmap: &Mailmap,
    commits: &[ResolvedCommit],
    index: &HashMap<(usize, &str), usize>,
    repos: &[String],
    people: &mut People,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ResolvedReview> {
    use model::MergeMessage;
    let mut unknown: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut by_login = |login: &str, repo: usize, people: &mut People| -> PersonId {
        person_for_login(login, people, unknown.entry(repo).or_default(), mailmap)
    };
    let mut reviews = Vec::new();
    for commit in commits.iter().filter(|c| c.is_merge) {
        let Some(merge) = &commit.merge else { continue };
        let branch_author = commit
            .parents
            .get(1)
            .and_then(|parent| index.get(&(commit.repo, parent.as_str())))
            .map(|i| commits[*i].author);
        let review = |author: PersonId,
                      reviewer: PersonId,
                      number: u32,
                      title: &Option<String>,
                      verb,
                      origin: String| ResolvedReview {
            repo: commit.repo,
            change: format!("#{number}"),
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
        };
        match merge {
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
                    reviews.push(review(
                        author,
                        commit.author,
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
                        reviews.push(review(
                            author,
                            reviewer,
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
            &repos[repo],
            format!(
                "merge commits name GitHub users that no commit or identity matches: {}; their reviews are kept under these handles\nhint: add `github = \"<login>\"` to their entries in the identities file",
                logins.join(", ")
            ),
        ));
    }
    reviews
}

/// Documents at HEAD: parsed, their people resolved, their authors inferred
/// from history where they do not say, and the commits that cite them.
fn resolve_documents(
    repo_files: &[RepoFile],
    descriptions: &HashMap<usize, Vec<(u32, &str)>>,
    repo_index: &HashMap<&str, usize>,
    commits: &[ResolvedCommit],
    people: &mut People,
    mailmap: &Mailmap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ResolvedDocument> {
    // Which commits touched each document: one pass over the history, not one per document.
    let document_paths: HashSet<(usize, &str)> = repo_files
        .iter()
        .filter(|f| f.commit.is_none())
        .filter_map(|f| {
            repo_index
                .get(f.repo.as_str())
                .map(|&repo| (repo, f.path.as_str()))
        })
        .collect();
    let mut touching: HashMap<(usize, &str), Vec<usize>> = HashMap::new();
    for (index, commit) in commits
        .iter()
        .enumerate()
        .filter(|(_, c)| c.exclusion.is_none())
    {
        for file in &commit.files {
            if document_paths.contains(&(commit.repo, file.path.as_str())) {
                touching
                    .entry((commit.repo, file.path.as_str()))
                    .or_default()
                    .push(index);
            }
        }
    }
    let mut unknown: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut found = Vec::new();
    // Each document's text, in step with `found`, for citations between documents.
    let mut texts: Vec<String> = Vec::new();
    for file in repo_files.iter().filter(|f| {
        // Collect read documents from the configured folders; everything
        // else it kept at HEAD is a team map or an identity file.
        let name = f.path.rsplit('/').next().unwrap_or(&f.path);
        f.commit.is_none()
            && !model::paths::NOT_DOCUMENT_FILES.contains(&name)
            && !model::paths::is_template(&f.path)
    }) {
        let Some(&repo) = repo_index.get(file.repo.as_str()) else {
            continue;
        };
        let shown = format!("{}/{}", file.repo, file.path);
        let Some(content) = &file.content else {
            diagnostics.push(Diagnostic::in_file(
                &shown,
                "larger than 1 MiB; not read as a document",
            ));
            continue;
        };
        let (parsed, problems) = documents::parse(&shown, content);
        diagnostics.extend(problems);
        let names = unknown.entry(shown.clone()).or_default();
        let mut person =
            |name: &str, people: &mut People| person_for_login(name, people, names, mailmap);
        let mut authors: Vec<PersonId> = parsed.authors.iter().map(|a| person(a, people)).collect();
        let reviewers = parsed.reviewers.iter().map(|a| person(a, people)).collect();
        let diagnosed_by = parsed
            .diagnosed_by
            .iter()
            .map(|a| person(a, people))
            .collect();
        let remediation_owners = parsed
            .remediation_owners
            .iter()
            .map(|a| person(a, people))
            .collect();
        // History of the file: who wrote most of it, and when it first appeared.
        let mut added: BTreeMap<PersonId, u64> = BTreeMap::new();
        let mut first_seen: Option<Timestamp> = None;
        for &index in touching
            .get(&(repo, file.path.as_str()))
            .into_iter()
            .flatten()
        {
            let commit = &commits[index];
            if let Some(change) = commit.files.iter().find(|f| f.path == file.path) {
                *added.entry(commit.author).or_default() += u64::from(change.added);
                first_seen = Some(first_seen.map_or(commit.time, |t| t.min(commit.time)));
            }
        }
        let authors_inferred = authors.is_empty();
        if authors_inferred
            && let Some((author, _)) = added
                .iter()
                .max_by_key(|(person, lines)| (**lines, std::cmp::Reverse(**person)))
        {
            authors.push(*author);
        }
        found.push(ResolvedDocument {
            repo,
            path: file.path.clone(),
            title: parsed.title,
            kind: parsed.kind.unwrap_or(documents::DocumentKind::Other),
            kind_rule: parsed.kind_rule,
            id: parsed.id,
            authors,
            authors_inferred,
            reviewers,
            date: parsed.date.or(first_seen).unwrap_or(file.time),
            status: parsed.status,
            teams_affected: parsed.teams_affected,
            diagnosed_by,
            remediation_owners,
            options_and_decision: parsed.options_and_decision,
            citations: Vec::new(),
            cited_by_documents: Vec::new(),
        });
        texts.push(content.clone());
    }
    // Citations: a commit naming a document's id or path (not the commit that
    // wrote it), in its message or in its pull request's description.
    let keys: Vec<Option<(String, String)>> = found
        .iter()
        .map(|d| d.id.as_deref().and_then(documents::id_key))
        .collect();
    // Which documents a text may cite, found without trying every document
    // on every commit: ids through a map, paths with one automaton over all
    // of them (the pairwise search took 20 s for 1,000 repositories).
    let mut by_key: HashMap<&(String, String), Vec<usize>> = HashMap::new();
    for (document, key) in keys.iter().enumerate() {
        if let Some(key) = key {
            by_key.entry(key).or_default().push(document);
        }
    }
    let mut by_path: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (document, found) in found.iter().enumerate() {
        by_path
            .entry(found.path.clone())
            .or_default()
            .push(document);
    }
    let path_documents: Vec<&Vec<usize>> = by_path.values().collect();
    let paths = aho_corasick::AhoCorasick::new(by_path.keys()).ok();
    let candidates_in = |ids: &[(String, String)], text: &str, into: &mut BTreeSet<usize>| {
        for id in ids {
            into.extend(by_key.get(id).into_iter().flatten());
        }
        if let Some(paths) = &paths {
            for found in paths.find_overlapping_iter(text) {
                into.extend(path_documents[found.pattern().as_usize()]);
            }
        }
    };
    for (index, commit) in commits
        .iter()
        .enumerate()
        .filter(|(_, c)| c.exclusion.is_none() && !c.is_merge)
    {
        let ids = documents::cited_ids(&commit.message);
        let described: Vec<_> = descriptions
            .get(&index)
            .into_iter()
            .flatten()
            .map(|(number, body)| (*number, *body, documents::cited_ids(body)))
            .collect();
        let mut candidates = BTreeSet::new();
        candidates_in(&ids, &commit.message, &mut candidates);
        for (_, body, ids) in &described {
            candidates_in(ids, body, &mut candidates);
        }
        for candidate in candidates {
            let (document, key) = (&mut found[candidate], &keys[candidate]);
            let writes_it = touching
                .get(&(document.repo, document.path.as_str()))
                .is_some_and(|writers| writers.contains(&index));
            if writes_it {
                continue;
            }
            let cites = |ids: &[(String, String)], text: &str| match key {
                Some(key) if ids.contains(key) => document.id.clone(),
                _ if text.contains(&document.path) => Some(document.path.clone()),
                _ => None,
            };
            let by = cites(&ids, &commit.message).or_else(|| {
                described.iter().find_map(|(number, body, ids)| {
                    cites(ids, body)
                        .map(|by| format!("{by}, in pull request #{number}'s description"))
                })
            });
            if let Some(by) = by {
                document.citations.push(Citation { commit: index, by });
            }
        }
    }
    // Unknown people: one warning per document while there are few, one
    // summary when a whole repository of documents names logins no commit
    // carries (KEPs, RFCs with GitHub handles), so the warnings stay readable.
    let unknown: Vec<(String, Vec<String>)> =
        unknown.into_iter().filter(|(_, n)| !n.is_empty()).collect();
    const PER_FILE_WARNINGS: usize = 10;
    if unknown.len() <= PER_FILE_WARNINGS {
        for (file, names) in unknown {
            diagnostics.push(Diagnostic::in_file(
                &file,
                format!(
                    "names people that no commit or identity matches: {}; kept under these names\nhint: use handles, or add them to the identities file",
                    names.join(", ")
                ),
            ));
        }
    } else {
        let mut names: Vec<&str> = unknown
            .iter()
            .flat_map(|(_, n)| n.iter().map(String::as_str))
            .collect();
        names.sort_unstable();
        names.dedup();
        let repositories: std::collections::BTreeSet<&str> = unknown
            .iter()
            .map(|(file, _)| file.split('/').next().unwrap_or(file))
            .collect();
        diagnostics.push(Diagnostic::in_file(
            &repositories.into_iter().collect::<Vec<_>>().join(", "),
            format!(
                "{} documents name {} people that no commit or identity matches (for example {}; the first is {}); they are kept under these names\nhint: add them to the identities file with their `github` login and emails; `staffscope identities --suggest` lists likely matches",
                unknown.len(),
                names.len(),
                names.iter().take(5).copied().collect::<Vec<_>>().join(", "),
                unknown[0].0
            ),
        ));
    }
    // Documents citing documents, by id or path; indexes are taken after sorting.
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by(|a, b| (found[*a].repo, &found[*a].path).cmp(&(found[*b].repo, &found[*b].path)));
    let mut found: Vec<ResolvedDocument> = {
        let mut slots: Vec<Option<ResolvedDocument>> = found.into_iter().map(Some).collect();
        order
            .iter()
            .map(|i| slots[*i].take().expect("each index once"))
            .collect()
    };
    let texts: Vec<String> = order
        .iter()
        .map(|i| std::mem::take(&mut texts[*i]))
        .collect();
    let keys: Vec<Option<(String, String)>> = found
        .iter()
        .map(|d| d.id.as_deref().and_then(documents::id_key))
        .collect();
    for (citing, text) in texts.iter().enumerate() {
        let ids = documents::cited_ids(text);
        for (cited, key) in keys.iter().enumerate() {
            if cited == citing {
                continue;
            }
            let by = match key {
                Some(key) if ids.contains(key) => found[cited].id.clone(),
                _ if text.contains(&found[cited].path) => Some(found[cited].path.clone()),
                _ => None,
            };
            if let Some(by) = by {
                found[cited].cited_by_documents.push((citing, by));
            }
        }
    }
    found
}

/// The team with this name (case-insensitive), made from the name when no
/// team has it yet (as CODEOWNERS teams are).
fn team_named(name: &str, teams: &mut Vec<Team>) -> TeamId {
    match teams
        .iter()
        .find(|team| team.name.eq_ignore_ascii_case(name))
    {
        Some(team) => team.id,
        None => {
            let id = TeamId(teams.len() as u32);
            teams.push(Team {
                id,
                name: name.to_string(),
                declared: false,
            });
            id
        }
    }
}

/// The team an `OWNERS` file names: a `team/<name>` or `sig/<name>` label,
/// or an alias among its approvers named `<team>-approvers` (or `-reviewers`,
/// `-maintainers`) or mapped in the teams file's `codeowners`.
fn owners_file_team(
    file: &owners::OwnersFile,
    aliases: &BTreeMap<String, Vec<String>>,
    teams: &mut Vec<Team>,
    team_by_owner: &HashMap<String, TeamId>,
) -> Option<TeamId> {
    for label in &file.labels {
        if let Some(name) = label.strip_prefix("team/") {
            return Some(team_named(name, teams));
        }
        if let Some(name) = label.strip_prefix("sig/") {
            return Some(team_named(&format!("sig-{name}"), teams));
        }
    }
    for entry in file.approvers.iter().chain(&file.reviewers) {
        if !aliases.contains_key(entry) {
            continue;
        }
        if let Some(&team) = team_by_owner.get(&entry.to_lowercase()) {
            return Some(team);
        }
        let base = ["-approvers", "-reviewers", "-maintainers"]
            .iter()
            .find_map(|suffix| entry.strip_suffix(suffix));
        if let Some(base) = base
            && let Some(team) = teams
                .iter()
                .find(|team| team.name.eq_ignore_ascii_case(base))
        {
            return Some(team.id);
        }
    }
    None
}

/// The teams file's `owns` patterns read exactly like CODEOWNERS patterns.
fn owned_path_matcher(pattern: &str) -> Result<GlobSet, String> {
    codeowners::pattern_globset(pattern)
}

fn build_globset(patterns: &[String], diagnostics: &mut Vec<Diagnostic>) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        match Glob::new(pattern) {
            Ok(glob) => {
                builder.add(glob);
            }
            Err(error) => diagnostics.push(Diagnostic::in_file(
                "staffscope.toml",
                format!("generated-path pattern `{pattern}`: {}", error.kind()),
            )),
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

fn mass_change(files: &[ResolvedFile], rules: &MassChangeRules) -> Option<String> {
    if files.is_empty() {
        return None;
    }
    let lines: u64 = files.iter().map(ResolvedFile::lines).sum();
    if files.len() > rules.max_files {
        return Some(format!(
            "{} files, over the limit of {}",
            files.len(),
            rules.max_files
        ));
    }
    if lines > rules.max_lines {
        return Some(format!(
            "{lines} lines, over the limit of {}",
            rules.max_lines
        ));
    }
    if files.iter().all(|file| file.generated) {
        return Some("only generated or vendored files".to_string());
    }
    None
}

/// The team whose code each person changed most, for people the teams file does not place.
fn infer_homes(commits: &[ResolvedCommit]) -> HashMap<PersonId, TeamId> {
    let mut lines: HashMap<PersonId, BTreeMap<TeamId, u64>> = HashMap::new();
    for commit in commits.iter().filter(|c| c.exclusion.is_none()) {
        for file in commit.files.iter().filter(|f| !f.generated) {
            if let Some(team) = file.team {
                *lines
                    .entry(commit.author)
                    .or_default()
                    .entry(team)
                    .or_default() += file.lines().max(1);
            }
        }
    }
    lines
        .into_iter()
        .filter_map(|(person, by_team)| {
            by_team
                .into_iter()
                .max_by_key(|(team, lines)| (*lines, std::cmp::Reverse(*team)))
                .map(|(team, _)| (person, team))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_robots_are_bots_and_people_are_not() {
        let bots = BotRules::default();
        for bot in [
            "Kubernetes Prow Robot",
            "k8s-ci-robot@users.noreply.github.com",
            "renovate[bot]",
            "release-bot",
        ] {
            assert!(bots.is_bot(bot), "{bot}");
        }
        for person in ["Roberta Robotham", "robot.lover@acme.example", "Ana Souza"] {
            assert!(!bots.is_bot(person), "{person}");
        }
    }

    fn sig(name: &str, email: &str) -> Signature {
        Signature {
            name: name.into(),
            email: email.into(),
        }
    }

    #[test]
    fn mailmap_four_forms() {
        let mut mailmap = Mailmap::default();
        let problems = mailmap.merge(
            ".mailmap",
            "# comment\nProper Name <commit@a.example>\n<proper@b.example> <commit@b.example>\nProper C <proper@c.example> <commit@c.example>\nProper D <proper@d.example> Commit D <commit@d.example>\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let cases = [
            (
                sig("x", "commit@a.example"),
                sig("Proper Name", "commit@a.example"),
            ),
            (sig("x", "commit@b.example"), sig("x", "proper@b.example")),
            (
                sig("x", "commit@c.example"),
                sig("Proper C", "proper@c.example"),
            ),
            (
                sig("Commit D", "commit@d.example"),
                sig("Proper D", "proper@d.example"),
            ),
            (
                sig("Other", "commit@d.example"),
                sig("Other", "commit@d.example"),
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(mailmap.resolve(&input), expected, "{input:?}");
        }
    }

    #[test]
    fn malformed_mailmap_line_is_named_and_skipped() {
        let mut mailmap = Mailmap::default();
        let problems = mailmap.merge(
            "repo/.mailmap",
            "Good <good@x.example> <old@x.example>\nBroken <no-closing@x.example\n",
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(2));
        assert!(
            problems[0]
                .to_string()
                .starts_with("repo/.mailmap:2: malformed mailmap line"),
            "{}",
            problems[0]
        );
        assert_eq!(
            mailmap.resolve(&sig("x", "old@x.example")).email,
            "good@x.example"
        );
    }

    #[test]
    fn squash_merge_numbers() {
        assert_eq!(squash_number("Fix the retry loop (#123)"), Some(123));
        assert_eq!(squash_number("Fix (#12) and more"), None);
        assert_eq!(squash_number("Fix (#x)"), None);
    }

    #[test]
    fn mass_change_rules() {
        let rules = MassChangeRules::default();
        let file = |path: &str, lines: u32, generated: bool| ResolvedFile {
            path: path.into(),
            added: lines,
            removed: 0,
            binary: false,
            team: None,
            generated,
        };
        assert_eq!(mass_change(&[file("a.rs", 10, false)], &rules), None);
        assert!(mass_change(&[file("a.rs", 9_000, false)], &rules).is_some());
        assert!(mass_change(&[file("vendor/x.go", 10, true)], &rules).is_some());
        let many: Vec<_> = (0..151).map(|i| file(&format!("f{i}"), 1, false)).collect();
        assert!(mass_change(&many, &rules).unwrap().starts_with("151 files"));
    }
}
