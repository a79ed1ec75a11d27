//! Reading one git repository with gitoxide: the commits reachable from its
//! default branch, with trailers and per-file line counts, and the few files
//! that resolution needs (`.mailmap`, `CODEOWNERS` versions, `.git-blame-ignore-revs`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use gix::ObjectId;
use gix::bstr::ByteSlice;
use gix::object::tree::diff::Change;
use gix::prelude::TreeDiffChangeExt;

use model::{Commit, FileChange, RepoFile, Signature, Timestamp, parse_trailers};

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
                // Compared as binary ids: a hex string per reachable commit
                // was the largest allocation of a first collect (about 100
                // bytes a commit, 100 MB for a million).
                let stored = stored();
                plan.new = walk(head, None)?;
                if !stored.is_empty() {
                    let parse = |hex: &String| ObjectId::from_hex(hex.as_bytes()).ok();
                    let stored_ids: gix::hashtable::HashSet<ObjectId> =
                        stored.iter().filter_map(parse).collect();
                    let reachable: gix::hashtable::HashSet<ObjectId> =
                        plan.new.iter().copied().collect();
                    // An id that is not even hex is no commit of this branch.
                    plan.stale = stored
                        .into_iter()
                        .filter(|hex| parse(hex).is_none_or(|id| !reachable.contains(&id)))
                        .collect();
                    plan.new.retain(|id| !stored_ids.contains(id));
                }
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
                    let mut reader = match Reader::new(&self.repo, &self.lines) {
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
                    missing_contents.fetch_add(reader.lines.missing_contents, Ordering::Relaxed);
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
                        || model::paths::is_document_path_in(&path, document_folders))
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

/// One thread's view of the repository, with its own caches.
struct Reader<'cache> {
    repo: gix::Repository,
    /// Only used by the tree walk, which wants a cache for rename tracking we do not do.
    walk_cache: gix::diff::blob::Platform,
    lines: Lines<'cache>,
}

/// Line counts of changed files.
struct Lines<'cache> {
    missing_contents: usize,
    /// The repository without an object cache, for blobs: their lines are
    /// kept (as hashes) in `cache`, and the object cache would only copy
    /// each one more time.
    blobs: gix::Repository,
    cache: &'cache LineCache,
    counter: LineCounter,
}

impl<'cache> Reader<'cache> {
    fn new(shared: &gix::ThreadSafeRepository, lines: &'cache LineCache) -> Result<Self, String> {
        let mut repo = shared.to_thread_local();
        // Trees of neighbouring commits repeat; a modest cache per thread pays off.
        repo.object_cache_size_if_unset(16 * 1024 * 1024);
        // Blobs keep the 64 MiB delta-base cache (without it samba's collect
        // is 7% slower); trees, whose objects the cache above holds, do as
        // well with a quarter of it, which is 96 MiB less for two threads on
        // long histories.
        repo.objects.set_pack_cache(|| {
            Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
                16 * 1024 * 1024,
            ))
        });
        let walk_cache = repo
            .diff_resource_cache_for_tree_diff()
            .map_err(|error| error.to_string())?;
        let mut blobs = shared.to_thread_local();
        blobs.object_cache_size(0);
        Ok(Reader {
            repo,
            walk_cache,
            lines: Lines {
                missing_contents: 0,
                blobs,
                cache: lines,
                counter: LineCounter::default(),
            },
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
                let change = change.attach(&self.repo, &self.repo);
                let Some(file) = self.lines.file_change(&change)? else {
                    continue;
                };
                if model::paths::CODEOWNERS_LOCATIONS.contains(&file.path.as_str()) {
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

impl Lines<'_> {
    /// One changed file with its line counts, as `git log --numstat --no-renames` reports it.
    fn file_change(&mut self, change: &Change<'_, '_, '_>) -> Result<Option<FileChange>, String> {
        let mode = change.entry_mode();
        if mode.is_tree() {
            return Ok(None);
        }
        let path = change.location().to_str_lossy().into_owned();
        let counted = |(added, removed)| FileChange {
            path: path.clone(),
            added,
            removed,
            binary: false,
        };
        if mode.is_commit() {
            // A submodule pointer: git counts the one "Subproject commit" line.
            return Ok(Some(counted(match change {
                Change::Addition { .. } => (1, 0),
                Change::Deletion { .. } => (0, 1),
                _ => (1, 1),
            })));
        }
        if let Change::Modification {
            previous_entry_mode,
            ..
        } = change
            && previous_entry_mode.is_commit()
        {
            return Ok(Some(counted((1, 1))));
        }
        // The old and new blob; `None` where the file did not exist.
        let (old, new) = match change {
            Change::Modification {
                previous_id, id, ..
            } => (Some(previous_id.detach()), Some(id.detach())),
            Change::Addition { id, .. } => (None, Some(id.detach())),
            Change::Deletion { id, .. } => (Some(id.detach()), None),
            Change::Rewrite { source_id, id, .. } => (Some(source_id.detach()), Some(id.detach())),
        };
        let old = match old {
            Some(id) => Some(self.blob_lines(id)?),
            None => None,
        };
        let new = match new {
            Some(id) => Some(self.blob_lines(id)?),
            None => None,
        };
        fn side(lines: &Option<BlobLines>) -> Option<&[u128]> {
            match lines {
                None => Some(&[]),
                Some(BlobLines::Text(hashes)) => Some(&hashes[..]),
                Some(BlobLines::Binary | BlobLines::Missing) => None,
            }
        }
        if matches!(old, Some(BlobLines::Missing)) || matches!(new, Some(BlobLines::Missing)) {
            self.missing_contents += 1;
        }
        Ok(Some(match (side(&old), side(&new)) {
            (Some(old), Some(new)) => counted(self.counter.count(old, new)),
            _ => FileChange {
                path,
                added: 0,
                removed: 0,
                binary: true,
            },
        }))
    }

    /// The lines of blob `id`, from the cache or read and hashed now.
    fn blob_lines(&mut self, id: ObjectId) -> Result<BlobLines, String> {
        if let Some(lines) = self.cache.get(&id) {
            return Ok(lines);
        }
        let lines = match self.blobs.try_find_header(id).map_err(|e| e.to_string())? {
            // Absent, as in a partial clone (`--filter=blob:limit=...`).
            None => BlobLines::Missing,
            // Git does not diff files above `core.bigFileThreshold` either.
            Some(header) if header.size() > BIG_FILE_THRESHOLD => BlobLines::Binary,
            Some(_) => match self.blobs.try_find_object(id).map_err(|e| e.to_string())? {
                None => BlobLines::Missing,
                Some(blob) if is_binary(&blob.data) => BlobLines::Binary,
                Some(blob) => BlobLines::Text(hash_lines(&blob.data)),
            },
        };
        self.cache.insert(id, lines.clone());
        Ok(lines)
    }
}

/// Git's `core.bigFileThreshold` default: larger blobs count as binary.
const BIG_FILE_THRESHOLD: u64 = 512 * 1024 * 1024;

/// Git's test for binary content (`buffer_is_binary`): a NUL byte in the
/// first 8,000 bytes.
fn is_binary(data: &[u8]) -> bool {
    data[..data.len().min(8000)].contains(&0)
}

/// A blob as the diff sees it.
#[derive(Clone)]
enum BlobLines {
    /// A 128-bit hash of every line, terminator included.
    Text(Arc<[u128]>),
    Binary,
    /// Not in the object database.
    Missing,
}

/// Every line of `data` hashed, with its terminator, as git compares lines:
/// `a\r\n` differs from `a\n`, and a last line without a newline differs
/// from the same line with one. Two lines are taken as equal when their
/// 128-bit hashes are (a false match is less likely than a memory error).
fn hash_lines(data: &[u8]) -> Arc<[u128]> {
    let lines = memchr::memchr_iter(b'\n', data).count()
        + usize::from(data.last().is_some_and(|b| *b != b'\n'));
    let mut rest = data;
    // A counted range: the hashes are written into the shared slice directly.
    (0..lines)
        .map(|_| {
            let end = memchr::memchr(b'\n', rest).map_or(rest.len(), |at| at + 1);
            let (line, next) = rest.split_at(end);
            rest = next;
            xxhash_rust::xxh3::xxh3_128(line)
        })
        .collect()
}

/// Lines of blobs kept as hashes, shared by one repository's readers.
///
/// Commits are read newest first, so a file's old version in one commit is
/// its new version in an older commit read soon after: keeping its lines
/// saves reading (inflating) and hashing every blob twice, which git's own
/// `log --numstat` does. Two generations bound it: when the young one is
/// full it becomes the old one, and what is found in the old one moves back.
#[derive(Default)]
pub(crate) struct LineCache {
    generations: Mutex<Generations>,
}

#[derive(Default)]
struct Generations {
    young: gix::hashtable::HashMap<ObjectId, BlobLines>,
    old: gix::hashtable::HashMap<ObjectId, BlobLines>,
    /// Lines held by `young`.
    young_lines: usize,
    /// Lines `young` holds before it ages (0: [`GENERATION_LINES`]).
    generation_lines: usize,
}

/// Lines (16 bytes each) one generation holds before it ages: 16 MiB,
/// with each blob's own cost (its entry and allocation) counted as lines.
const GENERATION_LINES: usize = 1024 * 1024;

/// What keeping one blob costs besides its lines (the map's entry, the
/// shared slice's header), in lines of 16 bytes.
const BLOB_OVERHEAD_LINES: usize = 6;

impl LineCache {
    #[cfg(test)]
    fn with_generation_lines(lines: usize) -> LineCache {
        LineCache {
            generations: Mutex::new(Generations {
                generation_lines: lines,
                ..Generations::default()
            }),
        }
    }

    fn get(&self, id: &ObjectId) -> Option<BlobLines> {
        let mut generations = self.generations.lock().expect("no panics while locked");
        if let Some(lines) = generations.young.get(id) {
            return Some(lines.clone());
        }
        let lines = generations.old.remove(id)?;
        generations.add(*id, lines.clone());
        Some(lines)
    }

    fn insert(&self, id: ObjectId, lines: BlobLines) {
        self.generations
            .lock()
            .expect("no panics while locked")
            .add(id, lines);
    }
}

impl Generations {
    fn add(&mut self, id: ObjectId, lines: BlobLines) {
        self.young_lines += BLOB_OVERHEAD_LINES
            + match &lines {
                BlobLines::Text(hashes) => hashes.len(),
                _ => 0,
            };
        self.young.insert(id, lines);
        let limit = match self.generation_lines {
            0 => GENERATION_LINES,
            lines => lines,
        };
        if self.young_lines > limit {
            self.old = std::mem::take(&mut self.young);
            self.young_lines = 0;
        }
    }
}

/// Counts added and removed lines between two hashed files with the Myers
/// diff git uses by default (gitoxide's, which follows git's choices), its
/// buffers kept from one file to the next.
#[derive(Default)]
struct LineCounter {
    ids: LineIds,
    before: Vec<gix::diff::blob::Token>,
    after: Vec<gix::diff::blob::Token>,
    diff: gix::diff::blob::Diff,
}

impl LineCounter {
    /// Lines added and removed from `old` to `new`.
    ///
    /// Every line of both files takes part, even the lines they share at the
    /// start and end: git's diff (and gitoxide's) decides which lines are
    /// too common to anchor on from their counts in the whole files, so a
    /// diff of only the differing middle can count differently (measured on
    /// git.git: 565 of 81,966 commits, by one line each way).
    fn count(&mut self, old: &[u128], new: &[u128]) -> (u32, u32) {
        if old == new {
            return (0, 0);
        }
        if old.is_empty() || new.is_empty() {
            return (new.len() as u32, old.len() as u32);
        }
        self.ids.start(old.len() + new.len());
        self.before.clear();
        self.before
            .extend(old.iter().map(|line| self.ids.id(*line)));
        self.after.clear();
        self.after.extend(new.iter().map(|line| self.ids.id(*line)));
        self.diff.compute_with(
            gix::diff::blob::Algorithm::Myers,
            &self.before,
            &self.after,
            self.ids.len,
        );
        (self.diff.count_additions(), self.diff.count_removals())
    }
}

/// Numbers the distinct line hashes of one pair of files densely, as the
/// diff wants its tokens. An open-addressing table with linear probing:
/// the hashes are uniform already, so their low bits are the slot, and a
/// slot belongs to the current pair only if it carries the pair's round, so
/// starting a pair clears nothing.
#[derive(Default)]
struct LineIds {
    slots: Vec<LineSlot>,
    round: u32,
    len: u32,
}

#[derive(Clone, Copy, Default)]
struct LineSlot {
    hash: u128,
    id: u32,
    /// The pair this slot was filled for; 0 is never a pair's round.
    round: u32,
}

impl LineIds {
    /// Starts a pair of files with at most `lines` lines in all.
    fn start(&mut self, lines: usize) {
        let wanted = (lines * 2).next_power_of_two().max(64);
        self.round = self.round.wrapping_add(1);
        if self.slots.len() < wanted || self.round == 0 {
            self.slots.clear();
            self.slots
                .resize(wanted.max(self.slots.len()), LineSlot::default());
            self.round = 1;
        }
        self.len = 0;
    }

    fn id(&mut self, hash: u128) -> gix::diff::blob::Token {
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            let slot = &mut self.slots[at];
            if slot.round != self.round {
                *slot = LineSlot {
                    hash,
                    id: self.len,
                    round: self.round,
                };
                self.len += 1;
                return gix::diff::blob::Token(slot.id);
            }
            if slot.hash == hash {
                return gix::diff::blob::Token(slot.id);
            }
            at = (at + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line counts as gitoxide's own interning computes them, which
    /// `LineCounter` replaces: the reference.
    fn reference(old: &[u8], new: &[u8]) -> (u32, u32) {
        let input = gix::diff::blob::InternedInput::new(
            gix::diff::blob::sources::byte_lines(old),
            gix::diff::blob::sources::byte_lines(new),
        );
        let diff = gix::diff::blob::Diff::compute(gix::diff::blob::Algorithm::Myers, &input);
        (diff.count_additions(), diff.count_removals())
    }

    /// A file of `lines` lines drawn from a small vocabulary, so lines repeat
    /// (blank lines and braces, as in code) and some are too common to anchor on.
    fn file(seed: &mut u64, lines: usize) -> Vec<u8> {
        const VOCABULARY: [&str; 9] = [
            "\n",
            "}\n",
            "{\n",
            "\treturn 0;\n",
            "x\r\n",
            "a\n",
            "b\n",
            "int f(void)\n",
            "c",
        ];
        let mut out = Vec::new();
        for _ in 0..lines {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            let word = VOCABULARY[(*seed % VOCABULARY.len() as u64) as usize];
            out.extend_from_slice(word.as_bytes());
            if (*seed).is_multiple_of(11) {
                out.extend_from_slice(format!("unique {seed}\n").as_bytes());
            }
        }
        out
    }

    #[test]
    fn counts_equal_gitoxides_interned_diff() {
        let mut seed = 0x9E37_79B9_7F4A_7C15;
        let mut counter = LineCounter::default();
        for round in 0..400 {
            let old = file(&mut seed, round % 60);
            let new = file(&mut seed, (round * 7) % 90);
            let got = counter.count(&hash_lines(&old), &hash_lines(&new));
            assert_eq!(got, reference(&old, &new), "round {round}");
            // An edit of a copy, the common case.
            let mut edited = old.clone();
            edited.splice(old.len() / 3..old.len() / 2, new.iter().take(40).copied());
            let got = counter.count(&hash_lines(&old), &hash_lines(&edited));
            assert_eq!(got, reference(&old, &edited), "edit in round {round}");
        }
    }

    #[test]
    fn lines_keep_their_terminators() {
        let hashes = |data: &str| hash_lines(data.as_bytes());
        assert_eq!(hashes("").len(), 0);
        assert_eq!(hashes("a").len(), 1);
        assert_eq!(hashes("a\n").len(), 1);
        assert_eq!(hashes("a\n\n").len(), 2);
        assert_eq!(hashes("a\nb").len(), 2);
        assert_ne!(hashes("a\n")[0], hashes("a")[0]);
        assert_ne!(hashes("a\n")[0], hashes("a\r\n")[0]);
        let mut counter = LineCounter::default();
        assert_eq!(counter.count(&hashes("a\nb\n"), &hashes("a\nb")), (1, 1));
        assert_eq!(
            counter.count(&hashes("a\nb\n"), &hashes("a\r\nb\n")),
            (1, 1)
        );
        assert_eq!(counter.count(&hashes(""), &hashes("a\nb\n")), (2, 0));
        assert_eq!(counter.count(&hashes("a\nb\n"), &hashes("")), (0, 2));
        assert_eq!(counter.count(&hashes("a\n"), &hashes("a\n")), (0, 0));
    }

    #[test]
    fn binary_is_a_nul_in_the_first_8000_bytes() {
        assert!(is_binary(b"ab\0c"));
        assert!(!is_binary(b"plain text\n"));
        let mut late = vec![b'a'; 8000];
        late.push(0);
        assert!(!is_binary(&late));
        late[7999] = 0;
        assert!(is_binary(&late));
    }

    #[test]
    fn the_line_cache_ages_but_keeps_what_is_used() {
        let cache = LineCache::with_generation_lines(25);
        let id = |n: u8| ObjectId::from_bytes_or_panic(&[n; 20]);
        let lines = |n: usize| BlobLines::Text(vec![0u128; n].into());
        cache.insert(id(1), lines(4));
        cache.insert(id(2), lines(4));
        // The third fills the young generation: it ages, all three are still found.
        cache.insert(id(3), lines(4));
        assert!(
            cache.get(&id(1)).is_some(),
            "moved back to the young generation"
        );
        cache.insert(id(4), lines(9));
        cache.insert(id(5), lines(9));
        // Two agings later, what was not used since is gone; the rest is there.
        assert!(cache.get(&id(2)).is_none());
        assert!(cache.get(&id(3)).is_none());
        assert!(cache.get(&id(5)).is_some());
        assert!(matches!(cache.get(&id(5)), Some(BlobLines::Text(hashes)) if hashes.len() == 9));
    }
}
