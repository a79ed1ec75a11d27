//! Reading one git repository with gitoxide: the commits reachable from its
//! default branch, with trailers and per-file line counts, and the few files
//! that resolution needs (`.mailmap`, `CODEOWNERS` versions, `.git-blame-ignore-revs`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use gix::ObjectId;
use gix::bstr::ByteSlice;
use gix::object::tree::diff::Change;
use gix::prelude::TreeDiffChangeExt;

use crate::model::{Commit, FileChange, RepoFile, Signature, Timestamp, parse_trailers};
use crate::resolve::codeowners;

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
}

/// What a collect run must do for one repository.
#[derive(Debug, Default)]
pub struct Plan {
    /// Commits to read, newest first.
    pub new: Vec<ObjectId>,
    /// Stored commits that the branch no longer reaches (history was rewritten).
    pub stale: Vec<String>,
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
            repo: repo.into_sync(),
            path: path.to_path_buf(),
            head,
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
        let walk_error = |message: String| GitError::Walk {
            path: self.path.clone(),
            head: head.to_string(),
            message,
        };
        let walk = |tip: ObjectId, hidden: Option<ObjectId>| -> Result<Vec<ObjectId>, GitError> {
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
        };
        let mut plan = Plan::default();
        match previous {
            Some(previous) => {
                // The cursor bounds the work: only commits since it are read,
                // and the stored ids are not loaded, so a run with few new
                // commits costs the same however long the history is. (A run
                // killed after some batches reads those commits again; the
                // store replaces them.)
                plan.new = walk(head, Some(previous))?;
                plan.stale = walk(previous, Some(head))?
                    .into_iter()
                    .map(|id| id.to_string())
                    .collect();
            }
            None => {
                // No usable cursor: compare the whole reachable set with the store.
                let stored = stored();
                let reachable = walk(head, None)?;
                let reachable_hex: HashSet<String> =
                    reachable.iter().map(|id| id.to_string()).collect();
                plan.stale = stored
                    .iter()
                    .filter(|id| !reachable_hex.contains(*id))
                    .cloned()
                    .collect();
                plan.new = reachable;
                plan.new.retain(|id| !stored.contains(&id.to_string()));
            }
        }
        // Newest first, as the walk yields them: that is the order packs are
        // laid out in, so delta bases are still in cache when they are needed.

        plan.stale.sort();
        Ok(plan)
    }

    /// Reads `ids` with `threads` threads; the result keeps the order of `ids`.
    pub fn read_commits(
        &self,
        name: &str,
        ids: &[ObjectId],
        threads: usize,
    ) -> Result<ReadBatch, GitError> {
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<(usize, Commit, Vec<RepoFile>)>> =
            Mutex::new(Vec::with_capacity(ids.len()));
        let first_error: Mutex<Option<GitError>> = Mutex::new(None);
        let missing_contents = AtomicUsize::new(0);
        const CHUNK: usize = 32;
        // The first error wins; the other threads see it and stop.
        let fail = |error: GitError| {
            first_error
                .lock()
                .expect("no panics while locked")
                .get_or_insert(error);
        };
        std::thread::scope(|scope| {
            for _ in 0..threads.max(1) {
                scope.spawn(|| {
                    let mut reader = match Reader::new(&self.repo) {
                        Ok(reader) => reader,
                        Err(message) => {
                            return fail(GitError::NotARepository {
                                path: self.path.clone(),
                                message,
                            });
                        }
                    };
                    let mut local = Vec::new();
                    loop {
                        let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                        if start >= ids.len()
                            || first_error
                                .lock()
                                .expect("no panics while locked")
                                .is_some()
                        {
                            break;
                        }
                        for (index, id) in ids.iter().enumerate().skip(start).take(CHUNK) {
                            match reader.read(name, *id) {
                                Ok((commit, files)) => local.push((index, commit, files)),
                                Err(message) => {
                                    return fail(GitError::Commit {
                                        path: self.path.clone(),
                                        commit: id.to_string(),
                                        message,
                                    });
                                }
                            }
                        }
                    }
                    missing_contents.fetch_add(reader.missing_contents, Ordering::Relaxed);
                    results
                        .lock()
                        .expect("no panics while locked")
                        .extend(local);
                });
            }
        });
        if let Some(error) = first_error.into_inner().expect("threads have ended") {
            return Err(error);
        }
        let mut results = results.into_inner().expect("threads have ended");
        results.sort_by_key(|(index, _, _)| *index);
        let mut commits = Vec::with_capacity(results.len());
        let mut files = Vec::new();
        for (_, commit, commit_files) in results {
            commits.push(commit);
            files.extend(commit_files);
        }
        Ok(ReadBatch {
            commits,
            files,
            missing_contents: missing_contents.into_inner(),
        })
    }

    /// The files resolution reads as they are at HEAD: `.mailmap`,
    /// `.git-blame-ignore-revs`, `MAINTAINERS`, and every `OWNERS` and
    /// `OWNERS_ALIASES` file in the tree.
    pub fn head_files(&self, name: &str, document_folders: &[String]) -> Vec<RepoFile> {
        let Some(head) = self.head else {
            return Vec::new();
        };
        let repo = self.repo.to_thread_local();
        let Ok(commit) = repo.find_commit(head) else {
            return Vec::new();
        };
        let time = commit.time().map(|t| t.seconds).unwrap_or(0);
        let Ok(tree) = commit.tree() else {
            return Vec::new();
        };
        let mut paths: Vec<(String, ObjectId)> = Vec::new();
        for path in [".mailmap", ".git-blame-ignore-revs", "MAINTAINERS"] {
            if let Ok(Some(entry)) = tree.lookup_entry_by_path(path) {
                paths.push((path.to_string(), entry.object_id()));
            }
        }
        // OWNERS files live in any folder; one walk of the tree finds them.
        if let Ok(entries) = tree.traverse().breadthfirst.files() {
            for entry in entries {
                let path = entry.filepath.to_str_lossy();
                let file_name = path.rsplit('/').next().unwrap_or(&path);
                if entry.mode.is_blob()
                    && (matches!(file_name, "OWNERS" | "OWNERS_ALIASES")
                        || crate::resolve::documents::is_document_path_in(&path, document_folders))
                {
                    paths.push((path.into_owned(), entry.oid));
                }
            }
        }
        paths
            .into_iter()
            .filter_map(|(path, id)| {
                // A file too large to be a document written by hand is kept
                // without content, so resolution can say it was skipped.
                let size = repo.find_header(id).ok()?.size();
                let content = if size > MAX_HEAD_FILE_BYTES {
                    None
                } else {
                    Some(repo.find_object(id).ok()?.data.to_str_lossy().into_owned())
                };
                Some(RepoFile {
                    repo: name.to_string(),
                    path,
                    commit: None,
                    time,
                    content,
                })
            })
            .collect()
    }
}

/// Files read at HEAD larger than this are not read (a 50 MB Markdown file is
/// not a design document).
pub const MAX_HEAD_FILE_BYTES: u64 = 1024 * 1024;

/// Commits read, the file versions found in them, and how many changed files
/// had no content in the repository.
pub struct ReadBatch {
    pub commits: Vec<Commit>,
    pub files: Vec<RepoFile>,
    /// Blobs absent from the object database, as in a partial clone
    /// (`--filter=blob:limit=...`); such files count as changed, with unknown lines.
    pub missing_contents: usize,
}

/// Blob data one reader keeps decoded between commits.
const RESOURCE_CACHE_BYTES: usize = 32 * 1024 * 1024;

/// One thread's view of the repository, with its own caches.
struct Reader {
    missing_contents: usize,
    /// Bytes of blob data put in `resource_cache` since it was last cleared
    /// (an upper bound: blobs found in the cache count again).
    cached_bytes: usize,
    repo: gix::Repository,
    /// The same repository without an object cache, for blobs: they are
    /// kept decoded in `resource_cache`, and the object cache would only
    /// copy each one more time.
    blobs: gix::Repository,
    resource_cache: gix::diff::blob::Platform,
    /// Only used by the tree walk, which wants a cache for rename tracking we do not do.
    walk_cache: gix::diff::blob::Platform,
}

impl Reader {
    fn new(shared: &gix::ThreadSafeRepository) -> Result<Reader, String> {
        let mut repo = shared.to_thread_local();
        // Trees and blobs of neighbouring commits repeat; a modest cache per thread pays off.
        repo.object_cache_size_if_unset(16 * 1024 * 1024);
        let resource_cache = repo
            .diff_resource_cache_for_tree_diff()
            .map_err(|error| error.to_string())?;
        let walk_cache = resource_cache.clone();
        let mut blobs = shared.to_thread_local();
        blobs.object_cache_size(0);
        Ok(Reader {
            blobs,
            missing_contents: 0,
            cached_bytes: 0,
            repo,
            resource_cache,
            walk_cache,
        })
    }

    fn read(&mut self, name: &str, id: ObjectId) -> Result<(Commit, Vec<RepoFile>), String> {
        let commit = self.repo.find_commit(id).map_err(|e| e.to_string())?;
        let decoded = commit.decode().map_err(|e| e.to_string())?;
        let author = decoded.author().map_err(|e| e.to_string())?;
        let committer = decoded.committer().map_err(|e| e.to_string())?;
        let signature = |s: &gix::actor::SignatureRef<'_>| Signature {
            name: s.name.trim().to_str_lossy().into_owned(),
            email: s.email.trim().to_str_lossy().into_owned(),
        };
        // A malformed date must not lose the commit; it reads as the epoch.
        let time = |s: &gix::actor::SignatureRef<'_>| -> Timestamp {
            s.time().map(|t| t.seconds).unwrap_or(0)
        };
        let message = decoded.message.to_str_lossy().into_owned();
        let parent_ids: Vec<ObjectId> = decoded.parents().collect();
        let author_time = time(&author);
        let mut record = Commit {
            repo: name.to_string(),
            id: id.to_string(),
            author: signature(&author),
            author_time,
            committer: signature(&committer),
            committer_time: time(&committer),
            trailers: parse_trailers(&message),
            message,
            parent_count: parent_ids.len() as u32,
            parents: parent_ids.iter().map(|id| id.to_string()).collect(),
            files: Vec::new(),
        };
        let mut repo_files = Vec::new();
        // Like `git log --numstat`, merges get no file list.
        if parent_ids.len() <= 1 {
            let tree = commit.tree().map_err(|e| e.to_string())?;
            let parent_tree = match parent_ids.first() {
                Some(parent) => self
                    .repo
                    .find_commit(*parent)
                    .map_err(|e| e.to_string())?
                    .tree()
                    .map_err(|e| e.to_string())?,
                None => self.repo.empty_tree(),
            };
            let mut changes = parent_tree.changes().map_err(|e| e.to_string())?;
            changes.options(|options| {
                options.track_path().track_rewrites(None);
            });
            // Walk the trees first, then count lines: the walk and the line
            // counts each need their own cache.
            let mut detached = Vec::new();
            changes
                .for_each_to_obtain_tree_with_cache(&tree, &mut self.walk_cache, |change| {
                    if !change.entry_mode().is_tree() {
                        detached.push(change.detach());
                    }
                    Ok(std::ops::ControlFlow::Continue(()))
                })
                .map_err(|e| e.to_string())?;
            for change in &detached {
                let change = change.attach(&self.blobs, &self.blobs);
                let file = file_change(
                    &self.blobs,
                    &change,
                    &mut self.resource_cache,
                    &mut self.missing_contents,
                    &mut self.cached_bytes,
                )?;
                // The cache is keyed by blob id: a file's new version here is
                // its old version in the next commit read (newest first), so
                // keeping it saves inflating every blob twice, as git does.
                // Bounded, so one huge commit cannot hold memory for long.
                if self.cached_bytes > RESOURCE_CACHE_BYTES {
                    // Dropping the buffers too: kept, each would keep the
                    // capacity of the largest blob it ever held.
                    self.resource_cache.clear_resource_cache();
                    self.cached_bytes = 0;
                }
                let Some(file) = file else { continue };
                if codeowners::LOCATIONS.contains(&file.path.as_str()) {
                    let content = match &change {
                        Change::Deletion { .. } => None,
                        _ => change
                            .id()
                            .object()
                            .ok()
                            .map(|blob| blob.data.to_str_lossy().into_owned()),
                    };
                    repo_files.push(RepoFile {
                        repo: name.to_string(),
                        path: file.path.clone(),
                        commit: Some(id.to_string()),
                        time: author_time,
                        content,
                    });
                }
                record.files.push(file);
            }
        }
        Ok((record, repo_files))
    }
}

/// One changed file with its line counts, as `git log --numstat --no-renames` reports it.
fn file_change(
    repo: &gix::Repository,
    change: &Change<'_, '_, '_>,
    cache: &mut gix::diff::blob::Platform,
    missing_contents: &mut usize,
    cached_bytes: &mut usize,
) -> Result<Option<FileChange>, String> {
    let mode = change.entry_mode();
    if mode.is_tree() {
        return Ok(None);
    }
    let path = change.location().to_str_lossy().into_owned();
    if mode.is_commit() {
        // A submodule pointer: git counts the one "Subproject commit" line.
        let (added, removed) = match change {
            Change::Addition { .. } => (1, 0),
            Change::Deletion { .. } => (0, 1),
            _ => (1, 1),
        };
        return Ok(Some(FileChange {
            path,
            added,
            removed,
            binary: false,
        }));
    }
    if let Change::Modification {
        previous_entry_mode,
        ..
    } = change
        && previous_entry_mode.is_commit()
    {
        return Ok(Some(FileChange {
            path,
            added: 1,
            removed: 1,
            binary: false,
        }));
    }
    let blobs_present = match change {
        Change::Modification {
            previous_id, id, ..
        } => repo.has_object(previous_id.detach()) && repo.has_object(id.detach()),
        Change::Addition { id, .. } | Change::Deletion { id, .. } => repo.has_object(id.detach()),
        Change::Rewrite { source_id, id, .. } => {
            repo.has_object(source_id.detach()) && repo.has_object(id.detach())
        }
    };
    if !blobs_present {
        *missing_contents += 1;
        return Ok(Some(FileChange {
            path,
            added: 0,
            removed: 0,
            binary: true,
        }));
    }
    change.diff(cache).map_err(|e| e.to_string())?;
    let counts = line_counts(cache, cached_bytes)?;
    Ok(Some(match counts {
        Some((added, removed)) => FileChange {
            path,
            added,
            removed,
            binary: false,
        },
        None => FileChange {
            path,
            added: 0,
            removed: 0,
            binary: true,
        },
    }))
}

/// Lines added and removed between the resources set in `cache`, or `None`
/// when either side is binary. Lines keep their terminators, as git compares
/// them: `a\r\n` differs from `a\n`, and a last line without a newline
/// differs from the same line with one.
fn line_counts(
    cache: &mut gix::diff::blob::Platform,
    cached_bytes: &mut usize,
) -> Result<Option<(u32, u32)>, String> {
    use gix::diff::blob::platform::prepare_diff::Operation;
    cache.options.skip_internal_diff_if_external_is_configured = false;
    let prepared = cache.prepare_diff().map_err(|e| e.to_string())?;
    let (old, new) = (
        prepared.old.data.as_slice().unwrap_or_default(),
        prepared.new.data.as_slice().unwrap_or_default(),
    );
    *cached_bytes += old.len() + new.len();
    match prepared.operation {
        Operation::InternalDiff { algorithm } => Ok(Some(count_changed_lines(algorithm, old, new))),
        Operation::ExternalCommand { .. } => {
            Err("an external diff command is configured; staffscope does not run it".into())
        }
        Operation::SourceOrDestinationIsBinary => Ok(None),
    }
}

/// Lines added and removed from `old` to `new`, as git counts them.
///
/// Every line of both files is hashed, even the lines they share at the
/// start and end: git's diff (and gitoxide's, which follows it) decides
/// which lines are too common to anchor on from their counts in the whole
/// files, so a diff of only the differing middle can count differently
/// (measured on git.git: 565 of 81,966 commits, by one line each way).
fn count_changed_lines(
    algorithm: gix::diff::blob::Algorithm,
    old: &[u8],
    new: &[u8],
) -> (u32, u32) {
    let input = gix::diff::blob::InternedInput::new(
        gix::diff::blob::sources::byte_lines(old),
        gix::diff::blob::sources::byte_lines(new),
    );
    let diff = gix::diff::blob::Diff::compute(algorithm, &input);
    (diff.count_additions(), diff.count_removals())
}
