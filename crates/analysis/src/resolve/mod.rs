//! Resolve: who is who and which team owns what.
//!
//! Resolution runs when the store is read, not when it is written, so editing
//! the teams file, the identities file or the bot rules never needs a new
//! `collect`. Input is plain values (stored commits and the contents of
//! `.mailmap`, `CODEOWNERS` and `.git-blame-ignore-revs` as collected); output
//! is an [`Org`]: people, teams, and commits whose every path has an owner.
//!
//! [`resolve`] runs the phases in order, each in a module of its own:
//! `mailmap`, then `identities` (the people commits name), `teams` (the teams
//! file), `ownership` with `exclusions` (every path of every commit, and which
//! commits are not work), `reviews`, and `citations` (documents and who cites
//! them). `org` holds the result and the questions asked of it.

mod authorship;
pub mod backstage;
pub mod calendar;
mod citations;
pub mod codeowners;
mod document_history;
pub mod documents;
pub mod evidence_log;
mod exclusions;
pub mod files;
pub mod gitattributes;
pub mod github_teams;
mod identities;
mod inferred_areas;
mod logins;
mod mailmap;
mod org;
pub mod owners;
mod ownership;
pub mod people;
pub mod people_csv;
pub mod prose;
mod reviews;
pub mod rust_team;
pub mod sigs_yaml;
mod skipped;
pub mod suggest;
mod teams;
pub mod yaml_depth;

use std::sync::Arc;

use foldhash::HashMap;

pub use citations::{Citation, ResolvedDocument};
pub use codeowners::CodeOwners;
pub use exclusions::{BotRules, Exclusion, MassChangeRules};
pub use files::{IdentitiesFile, TeamsFile};
pub use identities::PersonCalendar;
pub use mailmap::Mailmap;
use model::{Commit, RepoFile, ReviewExport, Timestamp, TrailerKind};
pub use org::{Facts, Home, HomeChoice, Org, SeveralTeams};
pub use ownership::OwnershipConflict;
pub use people::{Lookup, People, Person, PersonId};
pub use reviews::{Change, ResolvedRequest, ResolvedReview};
pub use skipped::SkippedDocument;
pub use teams::{Team, TeamId};

use exclusions::Exclusions;
use ownership::{OwnerFiles, Ownership};
use teams::{DeclaredTeams, infer_homes};

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
    /// Who applied another author's patch and signed it off as committer
    /// (a mailing-list maintainer's integration).
    pub applied_by: Option<PersonId>,
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

/// Everything resolution needs, as plain values.
pub struct Inputs<'a> {
    /// The window's commits, with their files.
    pub commits: Vec<(String, Commit)>,
    /// The commits outside the window (files are not read): who is who is
    /// decided over the whole history.
    pub history: Vec<Commit>,
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
    /// Patterns of document paths not to read (the configuration's
    /// `[documents] skip`).
    pub document_skip: &'a [String],
    /// Whether a login, handle or name belonged to someone forgotten
    /// (`staffscope forget`): their handle goes to nobody else, and a
    /// team map still naming them is told so.
    pub forgotten: &'a dyn Fn(&str) -> bool,
    /// Whether to find the work and documents that cite each document:
    /// assessments need it, managing identities does not (it is most of
    /// resolving a whole history's cost).
    pub citations: bool,
}

/// Resolves everything, phase by phase. Each phase reads what the earlier
/// ones resolved, and diagnostics come out in phase order.
pub fn resolve(mut inputs: Inputs<'_>) -> Org {
    let document_folders = inputs.document_folders.len();
    let folders = std::mem::take(&mut inputs.document_folders);
    inputs.repos.extend(folders);
    let repo_index: HashMap<&str, usize> = inputs
        .repos
        .iter()
        .enumerate()
        .map(|(index, name)| (name.as_str(), index))
        .collect();
    let mut diagnostics = Vec::new();

    // People: one mailmap for the whole organization, then everyone the
    // commits name, in time order.
    let mailmap = mailmap::for_organization(inputs.mailmap, inputs.repo_files, &mut diagnostics);
    let mut commits = inputs.commits;
    commits.sort_by(|(_, a), (_, b)| {
        (a.author_time, &a.repo, &a.id).cmp(&(b.author_time, &b.repo, &b.id))
    });
    let (mut people, interned, authorship) = identities::intern_commit_people(
        &commits,
        &inputs.history,
        &repo_index,
        (&mailmap, inputs.identities, inputs.bots, inputs.forgotten),
    );

    // Teams: the declared ones and their members.
    let declared = DeclaredTeams::read(
        inputs.teams,
        (inputs.teams_file_name, inputs.forgotten),
        &mut people,
        &repo_index,
        &mut diagnostics,
    );
    declared.warn_overlapping(&people, inputs.teams_file_name, &mut diagnostics);
    let facts = teams::person_facts(
        inputs.teams,
        &people,
        inputs.teams_file_name,
        &mut diagnostics,
    );

    // Commits: every path's owner at the time, and which commits are not work.
    let owner_files = OwnerFiles::read(inputs.repo_files, &repo_index, &mut diagnostics);
    let exclusions = Exclusions::new(
        inputs.mass_changes,
        inputs.repo_files,
        &repo_index,
        &mut diagnostics,
    );
    let mut ownership = Ownership::new(declared, &owner_files, &people, &inputs.repos);
    let mut commits = ownership.resolve_commits(commits, interned, &repo_index, &exclusions);
    let (mut teams, mut memberships, ownership_conflicts) = ownership.finish();
    // No team map anywhere: areas inferred from the repositories stand in.
    if teams.is_empty() {
        inferred_areas::assign(&mut commits, &mut teams, &inputs.repos);
    }
    let lines = teams::lines_by_team(&commits);
    let inferred_home = infer_homes(&lines);
    let home_choice = teams::order_homes(&mut memberships, &lines);
    let document_history = document_history::DocumentHistory::build(
        &commits,
        &inputs.history,
        &repo_index,
        (&authorship, &people),
    );
    drop(inputs.history);

    // What names people by login or handle: reviews, evidence logs,
    // calendars and documents. Logins nobody matches become people.
    let context = Context::new(
        &inputs.repos,
        &repo_index,
        &mailmap,
        &commits,
        (&authorship, &document_history),
    );
    let (reviews, review_requests) =
        reviews::resolve(&context, inputs.reviews, &mut people, &mut diagnostics);
    let evidence_log =
        identities::evidence_entries(inputs.evidence_logs, &people, &mut diagnostics);
    let calendars = identities::calendars(inputs.calendars, &people, &mut diagnostics);
    let skip = exclusions::build_globset(inputs.document_skip, "document skip", &mut diagnostics);
    let rules = skipped::DocumentRules {
        skip_patterns: inputs.document_skip,
        skip: &skip,
    };
    let (documents, skipped_documents) = citations::resolve_documents(
        &context,
        (inputs.repo_files, inputs.reviews, &rules),
        inputs.citations,
        &mut people,
        &mut diagnostics,
    );
    let mut documents = documents;
    citations::name_teams(&mut documents, &teams);
    people.finish(
        |identities| inputs.bots.is_bot_account(identities),
        inputs.forgotten,
    );
    let mut reviews = reviews;
    reviews.extend(reviews::document_reviews(&documents, &people));
    reviews.sort_by(|a, b| (a.time, a.repo, &a.change).cmp(&(b.time, b.repo, &b.change)));

    Org {
        repos: inputs.repos.into_iter().map(Arc::from).collect(),
        document_folders,
        teams,
        people,
        commits,
        reviews,
        review_requests,
        documents,
        skipped_documents,
        evidence_log,
        calendars,
        ownership_conflicts,
        has_code_review: !inputs.reviews.pulls.is_empty() || !inputs.reviews.reviews.is_empty(),
        diagnostics,
        facts,
        memberships,
        inferred_home,
        home_choice,
    }
}

/// What the phases after the commits read: repositories, the mailmap, the
/// window's resolved commits with the index that finds them, and who wrote
/// every commit.
struct Context<'a> {
    repos: &'a [String],
    repo_index: &'a HashMap<&'a str, usize>,
    mailmap: &'a Mailmap,
    commits: &'a [ResolvedCommit],
    /// The window's commits by repository and id, for the merges and
    /// exports that name them.
    commit_index: HashMap<(usize, &'a str), usize>,
    authorship: &'a authorship::Authorship,
    /// Every document's changes, in the window and before, through renames.
    document_history: &'a document_history::DocumentHistory,
}

impl<'a> Context<'a> {
    fn new(
        repos: &'a [String],
        repo_index: &'a HashMap<&'a str, usize>,
        mailmap: &'a Mailmap,
        commits: &'a [ResolvedCommit],
        (authorship, document_history): (
            &'a authorship::Authorship,
            &'a document_history::DocumentHistory,
        ),
    ) -> Self {
        let commit_index = commits
            .iter()
            .enumerate()
            .map(|(i, c)| ((c.repo, c.id.as_str()), i))
            .collect();
        Context {
            repos,
            repo_index,
            mailmap,
            commits,
            commit_index,
            authorship,
            document_history,
        }
    }
}
