//! Reading commits: several threads share a batch of ids, each with its own
//! view of the repository and caches, and turn each commit into the
//! model's record with its changed files and line counts.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use gix::ObjectId;
use gix::bstr::ByteSlice;
use gix::prelude::TreeDiffChangeExt;

use super::diff::Lines;
use super::files::codeowners_version;
use super::lines::LineCache;
use super::{GitError, GitRepo};
use model::{Commit, RepoFile, Signature, Timestamp, parse_trailers};

/// Commits read, the file versions found in them, and how many changed files
/// had no content in the repository.
pub struct ReadBatch {
    pub commits: Vec<Commit>,
    pub files: Vec<RepoFile>,
    /// Blobs absent from the object database, as in a partial clone
    /// (`--filter=blob:limit=...`); such files count as changed, with unknown lines.
    pub missing_contents: usize,
}

/// Ids a thread takes from the shared batch at a time.
const CHUNK: usize = 32;

/// What the threads reading one batch share.
struct Work<'ids> {
    ids: &'ids [ObjectId],
    /// The index of the next id no thread has taken.
    next: AtomicUsize,
    results: Mutex<Vec<(usize, Commit, Vec<RepoFile>)>>,
    first_error: Mutex<Option<GitError>>,
    missing_contents: AtomicUsize,
}

impl<'ids> Work<'ids> {
    fn new(ids: &'ids [ObjectId]) -> Work<'ids> {
        Work {
            ids,
            next: AtomicUsize::new(0),
            results: Mutex::new(Vec::with_capacity(ids.len())),
            first_error: Mutex::new(None),
            missing_contents: AtomicUsize::new(0),
        }
    }

    /// Records an error. The first error wins; the other threads see it and stop.
    fn fail(&self, error: GitError) {
        self.first_error
            .lock()
            .expect("no panics while locked")
            .get_or_insert(error);
    }

    fn failed(&self) -> bool {
        self.first_error
            .lock()
            .expect("no panics while locked")
            .is_some()
    }

    /// The commits in the order of the ids, or the first error.
    fn into_batch(self) -> Result<ReadBatch, GitError> {
        if let Some(error) = self.first_error.into_inner().expect("threads have ended") {
            return Err(error);
        }
        let mut results = self.results.into_inner().expect("threads have ended");
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
            missing_contents: self.missing_contents.into_inner(),
        })
    }
}

impl GitRepo {
    /// Reads `ids` with `threads` threads; the result keeps the order of `ids`.
    pub fn read_commits(
        &self,
        name: &str,
        ids: &[ObjectId],
        threads: usize,
    ) -> Result<ReadBatch, GitError> {
        let work = Work::new(ids);
        std::thread::scope(|scope| {
            for _ in 0..threads.max(1) {
                scope.spawn(|| self.read_share(name, &work));
            }
        });
        work.into_batch()
    }

    /// One thread's part of [`GitRepo::read_commits`]: takes chunks of ids
    /// until none are left or a thread has failed, and adds what it read to
    /// the results once, at the end.
    fn read_share(&self, name: &str, work: &Work<'_>) {
        let mut reader = match Reader::new(&self.repo, &self.lines, self.partial_clone) {
            Ok(reader) => reader,
            Err(message) => {
                return work.fail(GitError::NotARepository {
                    path: self.path.clone(),
                    message,
                });
            }
        };
        let mut local = Vec::new();
        loop {
            let start = work.next.fetch_add(CHUNK, Ordering::Relaxed);
            if start >= work.ids.len() || work.failed() {
                break;
            }
            for (index, id) in work.ids.iter().enumerate().skip(start).take(CHUNK) {
                match reader.read(name, *id) {
                    Ok((commit, files)) => local.push((index, commit, files)),
                    Err(message) => {
                        return work.fail(GitError::Commit {
                            path: self.path.clone(),
                            commit: id.to_string(),
                            message,
                        });
                    }
                }
            }
        }
        work.missing_contents
            .fetch_add(reader.lines.missing_contents, Ordering::Relaxed);
        work.results
            .lock()
            .expect("no panics while locked")
            .extend(local);
    }
}

/// One thread's view of the repository, with its own caches.
struct Reader<'cache> {
    repo: gix::Repository,
    /// Only used by the tree walk, which wants a cache for rename tracking we do not do.
    walk_cache: gix::diff::blob::Platform,
    lines: Lines<'cache>,
}

impl<'cache> Reader<'cache> {
    fn new(
        shared: &gix::ThreadSafeRepository,
        lines: &'cache LineCache,
        partial_clone: bool,
    ) -> Result<Self, String> {
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
            lines: Lines::new(blobs, lines, partial_clone),
        })
    }

    /// Commit `id` as the model's record, and the CODEOWNERS versions it wrote.
    fn read(&mut self, name: &str, id: ObjectId) -> Result<(Commit, Vec<RepoFile>), String> {
        let commit = self.repo.find_commit(id).map_err(|e| e.to_string())?;
        let decoded = commit.decode().map_err(|e| e.to_string())?;
        let parent_ids: Vec<ObjectId> = decoded.parents().collect();
        let mut record = record(name, id, &decoded, &parent_ids)?;
        // Like `git log --numstat`, merges get no file list.
        if parent_ids.len() > 1 {
            return Ok((record, Vec::new()));
        }
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
        let repo_files = changed_files(
            &self.repo,
            &mut self.walk_cache,
            &mut self.lines,
            &mut record,
            &parent_tree,
            &tree,
        )?;
        Ok((record, repo_files))
    }
}

/// Adds the files changed from `parent_tree` to `tree` to the commit's
/// record, with their line counts; returns the CODEOWNERS versions among
/// them. The tree walk and the line counts each take their own cache
/// (`walk_cache`, `lines`) beside the repository the trees are read from.
fn changed_files(
    repo: &gix::Repository,
    walk_cache: &mut gix::diff::blob::Platform,
    lines: &mut Lines<'_>,
    record: &mut Commit,
    parent_tree: &gix::Tree<'_>,
    tree: &gix::Tree<'_>,
) -> Result<Vec<RepoFile>, String> {
    let mut changes = parent_tree.changes().map_err(|e| e.to_string())?;
    changes.options(|options| {
        options.track_path().track_rewrites(None);
    });
    // Walk the trees first, then count lines: the walk and the line
    // counts each need their own cache.
    let mut detached = Vec::new();
    changes
        .for_each_to_obtain_tree_with_cache(tree, walk_cache, |change| {
            if !change.entry_mode().is_tree() {
                detached.push(change.detach());
            }
            Ok(std::ops::ControlFlow::Continue(()))
        })
        .map_err(|e| e.to_string())?;
    let mut repo_files = Vec::new();
    for change in &detached {
        let change = change.attach(repo, repo);
        let Some(file) = lines.file_change(&change)? else {
            continue;
        };
        let (name, commit, time) = (&record.repo, &record.id, record.author_time);
        if let Some(version) = codeowners_version(&change, &file.path, name, commit, time) {
            repo_files.push(version);
        }
        record.files.push(file);
    }
    Ok(repo_files)
}

/// The model's record of a decoded commit, without its files: signatures
/// trimmed, trailers parsed from the message.
fn record(
    name: &str,
    id: ObjectId,
    decoded: &gix::objs::CommitRef<'_>,
    parent_ids: &[ObjectId],
) -> Result<Commit, String> {
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
    Ok(Commit {
        repo: name.to_string(),
        id: id.to_string(),
        author: signature(&author),
        author_time: time(&author),
        committer: signature(&committer),
        committer_time: time(&committer),
        trailers: parse_trailers(&message),
        message,
        parent_count: parent_ids.len() as u32,
        parents: parent_ids.iter().map(|id| id.to_string()).collect(),
        files: Vec::new(),
    })
}
