//! Reading one git repository with gitoxide: the commits reachable from its
//! default branch, with trailers and per-file line counts, and the few files
//! that resolution needs (`.mailmap`, `CODEOWNERS` versions, `.git-blame-ignore-revs`).
//!
//! This file opens the repository and plans a run (which commits are new,
//! which stored ones are gone). Beside it: reading commits on several
//! threads (`read.rs`), counting changed lines (`diff.rs`) over blobs'
//! lines kept as hashes (`lines.rs`), and the files read at HEAD or in
//! history (`files.rs`).

mod diff;
mod files;
mod history;
mod lines;
mod read;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use gix::ObjectId;

pub use files::MAX_HEAD_FILE_BYTES;
pub use history::FileVersion;
use lines::LineCache;
pub use read::ReadBatch;

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("{path}: not a git repository ({message})")]
    NotARepository { path: PathBuf, message: String },
    #[error(
        "{path}: the repository is a shallow clone, so its history is incomplete\nhint: run `git fetch --unshallow` in it, or remove it from the configuration"
    )]
    Shallow { path: PathBuf },
    #[error("{path}: cannot read HEAD ({message})")]
    Head { path: PathBuf, message: String },
    #[error(
        "{path}: cannot walk the history from {head} ({message})\nhint: the repository may be corrupt; `git fsck` tells more"
    )]
    Walk {
        path: PathBuf,
        head: String,
        message: String,
    },
    #[error(
        "{path}: cannot read commit {commit} ({message})\nhint: the repository may be corrupt; `git fsck` tells more"
    )]
    Commit {
        path: PathBuf,
        commit: String,
        message: String,
    },
}

/// An opened repository and where its default branch points.
pub struct GitRepo {
    repo: gix::ThreadSafeRepository,
    path: PathBuf,
    head: Option<ObjectId>,
    /// Kept across batches: the next batch's newest commits share blobs with the last one's oldest.
    lines: LineCache,
    /// A partial clone, whose blobs may be absent by design; elsewhere an
    /// absent blob means a damaged repository.
    partial_clone: bool,
}

/// What a collect run must do for one repository.
#[derive(Debug, Default)]
pub struct Plan {
    /// Commits to read, newest first.
    pub new: Vec<ObjectId>,
    /// Stored commits that the branch no longer reaches (history was rewritten).
    pub stale: Vec<String>,
}

/// Whether `repo` is a partial clone, as git decides it: a promisor remote
/// named by `extensions.partialClone` or by a remote's `promisor = true`.
fn is_partial_clone(repo: &gix::Repository) -> bool {
    let config = repo.config_snapshot();
    if config.string("extensions.partialClone").is_some() {
        return true;
    }
    config
        .plumbing()
        .sections_by_name("remote")
        .into_iter()
        .flatten()
        .any(|section| {
            section.value("promisor").is_some_and(|value| {
                let value: &gix::bstr::BStr = value.as_ref();
                gix::config::Boolean::try_from(value).is_ok_and(|boolean| boolean.0)
            })
        })
}

impl GitRepo {
    pub fn open(path: &Path) -> Result<GitRepo, GitError> {
        // A delta-base cache like git's own: without it every delta chain is
        // inflated again from its base, which dominated the profile.
        let options =
            gix::open::Options::isolated().config_overrides(["core.deltaBaseCacheLimit=64m"]);
        let repo = gix::open_opts(path, options).map_err(|error| GitError::NotARepository {
            path: path.to_path_buf(),
            message: error.to_string(),
        })?;
        if repo.is_shallow().unwrap_or(false) {
            return Err(GitError::Shallow {
                path: path.to_path_buf(),
            });
        }
        let head = repo.head().map_err(|error| GitError::Head {
            path: path.to_path_buf(),
            message: error.to_string(),
        })?;
        let head = if head.is_unborn() {
            None
        } else {
            let id = head.into_peeled_id().map_err(|error| GitError::Head {
                path: path.to_path_buf(),
                message: error.to_string(),
            })?;
            Some(id.detach())
        };
        Ok(GitRepo {
            partial_clone: is_partial_clone(&repo),
            repo: repo.into_sync(),
            path: path.to_path_buf(),
            head,
            lines: LineCache::default(),
        })
    }

    /// `None` for a repository without commits.
    pub fn head(&self) -> Option<String> {
        self.head.map(|id| id.to_string())
    }

    /// Works out which commits are new since `previous_head` and which stored
    /// ones are gone. `stored` is asked for the ids already in the store only
    /// when there is something to compare.
    pub fn plan(
        &self,
        previous_head: Option<&str>,
        stored: impl FnOnce() -> HashSet<String>,
    ) -> Result<Plan, GitError> {
        let Some(head) = self.head else {
            return Ok(Plan::default());
        };
        let repo = self.repo.to_thread_local();
        let previous = previous_head
            .and_then(|id| ObjectId::from_hex(id.as_bytes()).ok())
            .filter(|id| repo.find_commit(*id).is_ok());
        if previous == Some(head) {
            return Ok(Plan::default());
        }
        let walk = |tip: ObjectId, hidden: Option<ObjectId>| self.walk(&repo, head, tip, hidden);
        let mut plan = match previous {
            Some(previous) => {
                // The cursor bounds the work: only commits since it are read,
                // and the stored ids are not loaded, so a run with few new
                // commits costs the same however long the history is. (A run
                // killed after some batches reads those commits again; the
                // store replaces them.)
                Plan {
                    new: walk(head, Some(previous))?,
                    stale: walk(previous, Some(head))?
                        .into_iter()
                        .map(|id| id.to_string())
                        .collect(),
                }
            }
            None => {
                // No usable cursor: compare the whole reachable set with the store.
                let stored = stored();
                let reachable = walk(head, None)?;
                compare_with_store(reachable, stored)
            }
        };
        // New commits stay newest first, as the walk yields them: that is the
        // order packs are laid out in, so delta bases are still in cache when
        // they are needed. Only the stale ids are sorted.
        plan.stale.sort();
        Ok(plan)
    }

    /// The commits reachable from `tip` and not from `hidden`, newest
    /// first; `head` names the run's starting point in errors.
    fn walk(
        &self,
        repo: &gix::Repository,
        head: ObjectId,
        tip: ObjectId,
        hidden: Option<ObjectId>,
    ) -> Result<Vec<ObjectId>, GitError> {
        let walk_error = |message: String| GitError::Walk {
            path: self.path.clone(),
            head: head.to_string(),
            message,
        };
        let platform = repo.rev_walk([tip]);
        let platform = match hidden {
            Some(hidden) => platform.with_hidden([hidden]),
            None => platform,
        };
        let mut ids = Vec::new();
        for info in platform.all().map_err(|e| walk_error(e.to_string()))? {
            ids.push(info.map_err(|e| walk_error(e.to_string()))?.id);
        }
        Ok(ids)
    }
}

/// The plan of a run without a usable cursor: every `reachable` commit the
/// store does not hold is new, and every `stored` one not reachable is
/// stale.
///
/// Compared as binary ids: a hex string per reachable commit was the
/// largest allocation of a first collect (about 100 bytes a commit, 100 MB
/// for a million).
fn compare_with_store(reachable: Vec<ObjectId>, stored: HashSet<String>) -> Plan {
    let mut plan = Plan {
        new: reachable,
        stale: Vec::new(),
    };
    if !stored.is_empty() {
        let parse = |hex: &String| ObjectId::from_hex(hex.as_bytes()).ok();
        let stored_ids: gix::hashtable::HashSet<ObjectId> =
            stored.iter().filter_map(parse).collect();
        let reachable: gix::hashtable::HashSet<ObjectId> = plan.new.iter().copied().collect();
        // An id that is not even hex is no commit of this branch.
        plan.stale = stored
            .into_iter()
            .filter(|hex| parse(hex).is_none_or(|id| !reachable.contains(&id)))
            .collect();
        plan.new.retain(|id| !stored_ids.contains(id));
    }
    plan
}
