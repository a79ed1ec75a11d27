//! A small organization written as plain values, for the unit tests of the
//! pure crates: teams with members and owned folders, commits with files and
//! trailers, pull requests and reviews, documents at HEAD. It goes through
//! the real [`resolve`] and [`measure`], so a test states an organization and
//! the numbers it should produce, without git, a store or the binary.
//!
//! ```text
//! let org = OrgBuilder::new()
//!     .team("payments", &["ana"], &[("payments-api", "src/")])
//!     .team("search", &["ben"], &[("search", "src/")])
//!     .commit("ben", "payments-api", 10, &[("src/ledger.rs", 40)])
//!     .build();
//! let measures = org.measure();
//! assert_eq!(measures.value("ben", "commits"), Some(1.0));
//! ```
//!
//! Built only for tests (`cfg(test)`) and, for other crates' tests, with the
//! `testing` feature.

use std::fmt::Write as _;

use model::{
    Commit, FileChange, PullRequest, PullReview, RepoFile, ReviewExport, ReviewState, Signature,
    Timestamp, Window, parse_trailers,
};

use crate::assess::{DEFAULT_RUBRIC, Rubric, parse_rubric};
use crate::measure::{OrgMeasures, PersonMeasures, measure};
use crate::resolve::files::parse_teams_file;
use crate::resolve::{BotRules, Inputs, MassChangeRules, Org, PersonId, resolve};

/// 2025-01-01T00:00:00Z: day 0 of every builder's history.
pub const START: Timestamp = 1_735_689_600;
/// A paragraph of writing, for documents whose text a test does not read:
/// a file of a word or two is not writing (`resolve::prose`).
pub const PROSE: &str = "We propose one way to retry failed calls across the services, because every team retries differently today.\n";
const DAY: Timestamp = 86_400;

/// An organization under construction. People are named by handle: `ana`
/// commits as `Ana <ana@acme.example>`, so resolution gives her the handle
/// `ana`, as it would on a real history.
#[derive(Default)]
pub struct OrgBuilder {
    teams_toml: String,
    repos: Vec<String>,
    commits: Vec<Commit>,
    files: Vec<RepoFile>,
    reviews: ReviewExport,
}

/// The resolved organization, with the window it was built for.
pub struct TestOrg {
    pub org: Org,
    pub window: Window,
}

impl TestOrg {
    /// What resolution said about the inputs, as the command line prints it.
    pub fn said(&self) -> Vec<String> {
        self.org
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect()
    }
}

impl OrgBuilder {
    pub fn new() -> OrgBuilder {
        OrgBuilder::default()
    }

    /// A team with its members (handles) and the folders it owns, as
    /// `(repository, folder/)` pairs.
    pub fn team(self, name: &str, members: &[&str], owns: &[(&str, &str)]) -> OrgBuilder {
        self.team_in(name, None, members, owns)
    }

    /// A team that is part of `parent` (a squad of a tribe).
    pub fn subteam(
        self,
        name: &str,
        parent: &str,
        members: &[&str],
        owns: &[(&str, &str)],
    ) -> OrgBuilder {
        self.team_in(name, Some(parent), members, owns)
    }

    /// Teams-file text as it is, for what the other methods do not write.
    pub fn teams_toml(mut self, text: &str) -> OrgBuilder {
        self.teams_toml.push_str(text);
        self
    }

    fn team_in(
        mut self,
        name: &str,
        parent: Option<&str>,
        members: &[&str],
        owns: &[(&str, &str)],
    ) -> OrgBuilder {
        let members: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
        let _ = writeln!(
            self.teams_toml,
            "[[team]]\nname = {name:?}\nmembers = [{}]",
            members.join(", ")
        );
        if let Some(parent) = parent {
            let _ = writeln!(self.teams_toml, "parent = {parent:?}");
        }
        if !owns.is_empty() {
            let _ = writeln!(self.teams_toml, "[team.owns]");
            for (repo, folder) in owns {
                self.add_repo(repo);
                let _ = writeln!(self.teams_toml, "{repo:?} = [{folder:?}]");
            }
        }
        self
    }

    /// A commit by `author` on `day` (days after [`START`]), changing each
    /// file by that many added lines. The subject says which files.
    pub fn commit(self, author: &str, repo: &str, day: i64, files: &[(&str, u32)]) -> OrgBuilder {
        let paths: Vec<&str> = files.iter().map(|(path, _)| *path).collect();
        let message = format!("Change {}", paths.join(", "));
        self.commit_with(author, repo, day, &message, files)
    }

    /// A commit with its whole message: trailers in its last paragraph
    /// (`Reviewed-by: Ben <ben@acme.example>`) are read as collect reads them.
    pub fn commit_with(
        mut self,
        author: &str,
        repo: &str,
        day: i64,
        message: &str,
        files: &[(&str, u32)],
    ) -> OrgBuilder {
        self.add_repo(repo);
        let time = START + day * DAY + self.commits.len() as i64;
        let id = format!("{:040x}", self.commits.len() + 1);
        self.commits.push(Commit {
            repo: repo.to_string(),
            id,
            author: signature(author),
            author_time: time,
            committer: signature(author),
            committer_time: time,
            message: message.to_string(),
            parent_count: 1,
            parents: Vec::new(),
            trailers: parse_trailers(message),
            files: files
                .iter()
                .map(|(path, added)| FileChange {
                    path: path.to_string(),
                    added: *added,
                    removed: 0,
                    binary: false,
                })
                .collect(),
        });
        self
    }

    /// A commit by `author` with a `Reviewed-by:` trailer naming `reviewer`:
    /// a review recorded in the history itself.
    pub fn reviewed(self, reviewer: &str, author: &str, repo: &str, day: i64) -> OrgBuilder {
        let reviewer = signature(reviewer);
        let message = format!(
            "Retry with backoff\n\nReviewed-by: {} <{}>",
            reviewer.name, reviewer.email
        );
        self.commit_with(author, repo, day, &message, &[("src/retry.rs", 25)])
    }

    /// A pull request merged by bors: a branch commit by `branch_author`,
    /// then `Auto merge of #N - login:branch, r=reviewers` on top of the
    /// repository's last commit (a first one by `branch_author` when the
    /// repository has none), committed by the merge robot.
    pub fn bors_merge(
        self,
        repo: &str,
        day: i64,
        (number, login, branch_author): (u32, &str, &str),
        reviewers: &[&str],
    ) -> OrgBuilder {
        let message = format!(
            "Auto merge of #{number} - {login}:topic-{number}, r={}\n\nPull request {number}",
            reviewers.join(",")
        );
        self.merge(repo, day, branch_author, ("bors", &message))
    }

    /// A pull request merged with GitHub's button by `merger`: `Merge pull
    /// request #N from owner/branch` over a branch commit by
    /// `branch_author`.
    pub fn github_merge(
        self,
        repo: &str,
        day: i64,
        (number, owner, branch_author): (u32, &str, &str),
        merger: &str,
    ) -> OrgBuilder {
        let message = format!(
            "Merge pull request #{number} from {owner}/topic-{number}\n\nPull request {number}"
        );
        self.merge(repo, day, branch_author, (merger, &message))
    }

    /// A pull request GitHub's merge queue merged: `<title> (#N)` authored
    /// by `approver`, who queued it.
    pub fn queue_merge(
        self,
        repo: &str,
        day: i64,
        (number, branch_author): (u32, &str),
        approver: &str,
    ) -> OrgBuilder {
        let message = format!("Retry on timeout (#{number})");
        self.merge(repo, day, branch_author, (approver, &message))
    }

    /// A topic branch merged by `merger` with `Merge branch '<branch>'`
    /// (and GitLab's `See merge request` line when `body` has one). With
    /// `applied`, the merger applied the branch's patch from a mailing list.
    pub fn topic_merge(
        self,
        repo: &str,
        day: i64,
        (branch, branch_author): (&str, &str),
        (merger, body): (&str, &str),
        applied: bool,
    ) -> OrgBuilder {
        let message = format!("Merge branch '{branch}'\n\n{body}");
        let mut built = self.merge(repo, day, branch_author, (merger, &message));
        if applied {
            let tip = built.commits.len() - 2;
            apply_patch(&mut built.commits[tip], branch_author, merger);
        }
        built
    }

    /// A patch by `author` that `maintainer` applied from a mailing list:
    /// committed by the maintainer, signed off by both.
    pub fn applied(mut self, author: &str, maintainer: &str, repo: &str, day: i64) -> OrgBuilder {
        self = self.commit_with(author, repo, day, "Fix the parser", &[("parse.c", 12)]);
        apply_patch(self.last_commit_mut(), author, maintainer);
        self
    }

    /// Merges the repository's last commit, as a branch's tip, onto the one
    /// before it: `merger` with `message`, on `day`.
    pub fn merge_last(mut self, repo: &str, day: i64, merger: &str, message: &str) -> OrgBuilder {
        let mut ids = self
            .commits
            .iter()
            .rev()
            .filter(|c| c.repo == repo)
            .map(|c| c.id.clone());
        let (tip, base) = (ids.next(), ids.next());
        self = self.commit_with(merger, repo, day, message, &[]);
        let merge = self.commits.last_mut().expect("just added");
        merge.parents = base.into_iter().chain(tip).collect();
        merge.parent_count = merge.parents.len() as u32;
        self
    }

    /// A branch commit by `branch_author` merged by `merger` with `message`
    /// on top of the repository's last commit.
    fn merge(
        mut self,
        repo: &str,
        day: i64,
        branch_author: &str,
        (merger, message): (&str, &str),
    ) -> OrgBuilder {
        if !self.commits.iter().any(|c| c.repo == repo) {
            self = self.commit(branch_author, repo, day, &[("README.md", 1)]);
        }
        let base = self
            .commits
            .iter()
            .rev()
            .find(|c| c.repo == repo)
            .map(|c| c.id.clone());
        self = self.commit(branch_author, repo, day, &[("src/merged.rs", 20)]);
        let tip = self.commits.last().expect("just added").id.clone();
        self = self.commit_with(merger, repo, day, message, &[]);
        let merge = self.commits.last_mut().expect("just added");
        merge.parents = base.into_iter().chain([tip]).collect();
        merge.parent_count = merge.parents.len() as u32;
        self
    }

    /// A pull request by `author` in a code-review export, approved by each
    /// of `reviewers` the day after `day`.
    pub fn pull_request(
        mut self,
        repo: &str,
        number: u32,
        author: &str,
        day: i64,
        reviewers: &[&str],
    ) -> OrgBuilder {
        self.add_repo(repo);
        let created = START + day * DAY;
        self.reviews.pulls.push(PullRequest {
            repo: repo.to_string(),
            number,
            title: format!("Pull request {number}"),
            author: author.to_string(),
            created,
            body: String::new(),
            merge_commit: None,
        });
        for (index, reviewer) in reviewers.iter().enumerate() {
            self.reviews.reviews.push(PullReview {
                repo: repo.to_string(),
                number,
                id: format!("{repo}-{number}-{index}"),
                reviewer: reviewer.to_string(),
                state: ReviewState::Approved,
                time: created + DAY,
                comments: 1,
            });
        }
        self
    }

    /// The last commit added, to change what the builder wrote.
    pub fn last_commit_mut(&mut self) -> &mut Commit {
        self.commits.last_mut().expect("a commit was added")
    }

    /// `author` renames or moves `from` to `to`, a file of `lines` lines.
    pub fn rename(
        self,
        author: &str,
        repo: &str,
        day: i64,
        (from, to): (&str, &str),
        lines: u32,
    ) -> Self {
        let mut built =
            self.commit_with(author, repo, day, &format!("Rename {from}"), &[(to, lines)]);
        built
            .commits
            .last_mut()
            .expect("just added")
            .files
            .push(FileChange {
                path: from.to_string(),
                added: 0,
                removed: lines,
                binary: false,
            });
        built
    }

    /// A document at HEAD, `text`, without its own commit: its history is
    /// what the builder committed before.
    pub fn head_file(mut self, repo: &str, path: &str, text: &str) -> Self {
        self.files.push(RepoFile {
            repo: repo.to_string(),
            path: path.to_string(),
            commit: None,
            time: START + 400 * DAY,
            content: Some(text.to_string()),
        });
        self
    }

    /// A document at HEAD, written by `author`'s commit on `day`.
    pub fn document(mut self, author: &str, repo: &str, day: i64, path: &str, text: &str) -> Self {
        let lines = text.lines().count() as u32;
        self = self.commit_with(author, repo, day, &format!("Add {path}"), &[(path, lines)]);
        let time = self.commits.last().expect("just added").author_time;
        // Documents are read at HEAD, where a file version has no commit.
        self.files.push(RepoFile {
            repo: repo.to_string(),
            path: path.to_string(),
            commit: None,
            time,
            content: Some(text.to_string()),
        });
        self
    }

    /// Resolves the organization over a window of the year 2025; commits
    /// outside it are history, as the store gives them.
    pub fn build(self) -> TestOrg {
        let window = Window {
            since: START,
            until: START + 365 * DAY,
        };
        let (commits, history): (Vec<Commit>, Vec<Commit>) = self
            .commits
            .into_iter()
            .partition(|c| c.author_time >= window.since && c.author_time < window.until);
        let teams = (!self.teams_toml.is_empty()).then(|| {
            parse_teams_file("teams.toml", &self.teams_toml).expect("the builder writes valid TOML")
        });
        let (bots, mass_changes) = (BotRules::default(), MassChangeRules::default());
        let org = resolve(Inputs {
            commits: commits
                .into_iter()
                .map(|commit| (commit.repo.clone(), commit))
                .collect(),
            history: history.into_iter().map(as_history).collect(),
            repo_files: &self.files,
            reviews: &self.reviews,
            repos: self.repos,
            teams: teams.as_ref(),
            teams_file_name: "teams.toml",
            identities: None,
            mailmap: None,
            bots: &bots,
            mass_changes: &mass_changes,
            evidence_logs: &[],
            calendars: &[],
            document_folders: Vec::new(),
            document_skip: &[],
            forgotten: &|_| false,
            citations: true,
        });
        TestOrg { org, window }
    }

    fn add_repo(&mut self, repo: &str) {
        if !self.repos.iter().any(|r| r == repo) {
            self.repos.push(repo.to_string());
        }
    }
}

impl TestOrg {
    /// Everyone measured with the default rubric's parameters.
    pub fn measure(&self) -> TestMeasures<'_> {
        let rubric = default_rubric();
        TestMeasures {
            org: &self.org,
            measures: measure(&self.org, self.window, &rubric.measures),
        }
    }
}

/// An organization's measures, read by handle and metric name.
pub struct TestMeasures<'a> {
    pub org: &'a Org,
    pub measures: OrgMeasures,
}

impl TestMeasures<'_> {
    /// The person with this handle, if they were active in the window.
    pub fn person(&self, handle: &str) -> Option<&PersonMeasures> {
        let id = self
            .org
            .people
            .all()
            .iter()
            .position(|person| person.handle == handle)?;
        self.measures.person(PersonId(id as u32))
    }

    /// A metric's value for a person: `None` for "no data" or nobody.
    pub fn value(&self, handle: &str, metric: &str) -> Option<f64> {
        self.person(handle)?.metrics.get(metric)?.value
    }
}

/// The rubric that ships with staffscope.
pub fn default_rubric() -> Rubric {
    parse_rubric("default.toml", DEFAULT_RUBRIC).expect("the default rubric parses")
}

/// Makes `commit` a patch by `author` that `maintainer` applied: signed off
/// by both, committed by the maintainer.
fn apply_patch(commit: &mut Commit, author: &str, maintainer: &str) {
    let (who, by) = (signature(author), signature(maintainer));
    commit.message = format!(
        "Fix the parser\n\nSigned-off-by: {} <{}>\nSigned-off-by: {} <{}>",
        who.name, who.email, by.name, by.email
    );
    commit.trailers = parse_trailers(&commit.message);
    commit.committer = by;
}

/// A commit outside the window as the store gives it: documents' changes
/// only.
fn as_history(commit: Commit) -> Commit {
    let mut commit = commit;
    let documents: Vec<FileChange> = commit
        .files
        .drain(..)
        .filter(|f| model::paths::in_document_history(&f.path, model::paths::FOLDERS))
        .collect();
    let mut commit = commit.into_history();
    commit.files = documents;
    commit
}

/// `ana` commits as `Ana <ana@acme.example>`; `Ana Lima <a@x.example>`
/// as written.
fn signature(handle: &str) -> Signature {
    if handle.contains('<') {
        return Signature::parse_trailer_value(handle);
    }
    let mut name = handle.to_string();
    if let Some(first) = name.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    Signature {
        name,
        email: format!("{handle}@acme.example"),
    }
}
