//! Collect: sources in, raw events into the store.
//!
//! Repositories are read in parallel by worker threads; one writer (the
//! calling thread) owns the store and writes the batches in transactions
//! of about a batch's commits, however many repositories they come from.
//! Readers wait only while two batches each are not yet written. The
//! library prints nothing: it reports through [`Progress`] and returns one
//! [`RepoOutcome`] per repository.

pub mod gerrit;
pub mod git;
pub mod github;

use std::path::PathBuf;
use std::sync::{Condvar, Mutex, mpsc};

use git::GitRepo;
use model::{Commit, RepoFile};
use store::{Store, StoreError};

/// One repository to collect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepoSource {
    pub name: String,
    pub path: PathBuf,
}

#[derive(Clone, Debug)]
pub struct CollectOptions {
    /// Threads in all; default: the machine's cores.
    pub threads: usize,
    /// Commits per store transaction.
    pub batch_size: usize,
    /// Folder names whose Markdown, reStructuredText and text files are documents.
    pub document_folders: Vec<String>,
}

impl Default for CollectOptions {
    fn default() -> Self {
        CollectOptions {
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            // Commits land in the tables at random keys, so a transaction
            // rewrites about a page per commit: larger batches rewrite each
            // page fewer times (samba, 143k commits: 2,000 took 30.5 s,
            // 10,000 27.4 s, 20,000 28.0 s).
            batch_size: 10_000,
            document_folders: model::paths::FOLDERS
                .iter()
                .map(|f| f.to_string())
                .collect(),
        }
    }
}

/// How one repository's collection ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RepoStatus {
    Collected {
        new_commits: usize,
        removed_commits: usize,
        /// Changed files whose content the repository lacks (a partial clone).
        missing_contents: usize,
    },
    Unchanged,
    Empty,
    Failed(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepoOutcome {
    pub name: String,
    pub status: RepoStatus,
}

/// Receives progress; implemented by the binary (a progress bar or log lines).
pub trait Progress: Sync {
    fn planned(&self, _repo: &str, _commits: usize) {}
    fn read(&self, _repo: &str, _commits: usize) {}
    fn finished(&self, _outcome: &RepoOutcome) {}
}

/// Ignores all progress.
pub struct Silent;
impl Progress for Silent {}

/// Commits read and not yet written. The channel is unbounded so that a
/// repository's small messages (planned, done, unchanged) never hold a reader
/// back, which kept the cores of an organization of small repositories a
/// third idle; memory is bounded here instead, by the commits in flight.
struct InFlight {
    /// Commits in flight, and whether the writer has stopped.
    state: Mutex<(usize, bool)>,
    changed: Condvar,
    limit: usize,
}

impl InFlight {
    fn new(limit: usize) -> InFlight {
        InFlight {
            state: Mutex::new((0, false)),
            changed: Condvar::new(),
            limit,
        }
    }

    /// Waits until `commits` more fit (a batch larger than the limit goes
    /// alone); false when the writer has stopped.
    fn acquire(&self, commits: usize) -> bool {
        let mut state = self.state.lock().expect("no panics while locked");
        while !state.1 && state.0 > 0 && state.0 + commits > self.limit {
            state = self.changed.wait(state).expect("no panics while locked");
        }
        if state.1 {
            return false;
        }
        state.0 += commits;
        true
    }

    fn release(&self, commits: usize) {
        let mut state = self.state.lock().expect("no panics while locked");
        state.0 = state.0.saturating_sub(commits);
        self.changed.notify_all();
    }

    fn close(&self) {
        self.state.lock().expect("no panics while locked").1 = true;
        self.changed.notify_all();
    }
}

/// The writer's open transaction ([`Store::begin_group`]) and what it holds.
struct Group {
    open: bool,
    /// Commits written in it, and one for each repository finished.
    writes: usize,
    /// Writes after which the group is committed.
    limit: usize,
}

impl Group {
    fn new(limit: usize) -> Group {
        Group {
            open: false,
            writes: 0,
            limit: limit.max(1),
        }
    }

    /// Runs `write` inside the group (opened if none is), counted as
    /// `writes`; the group is committed once it holds its limit.
    fn write(
        &mut self,
        store: &mut Store,
        writes: usize,
        write: impl FnOnce(&mut Store) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        if !self.open {
            store.begin_group()?;
            self.open = true;
        }
        write(store)?;
        self.writes += writes;
        if self.writes >= self.limit {
            self.end(store)?;
        }
        Ok(())
    }

    fn end(&mut self, store: &mut Store) -> Result<(), StoreError> {
        if self.open {
            self.open = false;
            self.writes = 0;
            store.end_group()?;
        }
        Ok(())
    }
}

/// Tells waiting readers that the writer has stopped, however it stops.
struct CloseOnDrop<'a>(&'a InFlight);

impl Drop for CloseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

enum Message {
    Planned {
        repo: String,
        commits: usize,
    },
    Batch {
        repo_id: i64,
        repo: String,
        commits: Vec<Commit>,
        files: Vec<RepoFile>,
    },
    Done {
        repo_id: i64,
        repo: String,
        head: Option<String>,
        stale: Vec<String>,
        head_files: Vec<RepoFile>,
        new_commits: usize,
        missing_contents: usize,
    },
    Unchanged {
        repo: String,
    },
    Empty {
        repo_id: i64,
        repo: String,
    },
    Failed {
        repo: String,
        error: String,
    },
}

/// Collects every repository into the store. A repository that cannot be read
/// is reported in its outcome and skipped; only a store failure stops the run.
pub fn collect(
    store: &mut Store,
    sources: &[RepoSource],
    options: &CollectOptions,
    progress: &dyn Progress,
    now: i64,
) -> Result<Vec<RepoOutcome>, StoreError> {
    let mut cursors = Vec::with_capacity(sources.len());
    for source in sources {
        cursors.push(store.ensure_repository(&source.name, &source.path.to_string_lossy())?);
    }
    let threads = options.threads.max(1);
    let workers = threads.min(sources.len()).max(1);
    let threads_per_repo = (threads / workers).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel::<Message>();
    // Two batches a reader, as a channel of two messages a reader allowed
    // when each message could be a batch.
    let in_flight = InFlight::new(workers * 2 * options.batch_size.max(1));
    let mut outcomes = Vec::with_capacity(sources.len());
    let store_location = store.location();

    std::thread::scope(|scope| -> Result<(), StoreError> {
        for _ in 0..workers {
            let sender = sender.clone();
            let next = &next;
            let cursors = &cursors;
            let store_location = &store_location;
            let in_flight = &in_flight;
            scope.spawn(move || {
                // A reader of its own (a second connection): SQLite and
                // PostgreSQL both let readers run beside the writer.
                let mut reader = Store::open(store_location, false).ok();
                loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(source) = sources.get(index) else {
                        break;
                    };
                    let cursor = &cursors[index];
                    let keep_going = collect_one(
                        source,
                        cursor,
                        reader.as_mut(),
                        threads_per_repo,
                        options,
                        &sender,
                        in_flight,
                    );
                    if !keep_going {
                        break;
                    }
                }
            });
        }
        drop(sender);
        // Owned here, so that when the writer stops on a store error the
        // receiver goes with it and the readers waiting for room are told:
        // they stop instead of waiting forever.
        let receiver = receiver;
        let _closing = CloseOnDrop(&in_flight);
        // Writes are grouped into transactions of about a batch's commits,
        // whichever repositories they come from.
        let mut group = Group::new(options.batch_size);
        for message in receiver.iter() {
            match message {
                Message::Planned { repo, commits } => progress.planned(&repo, commits),
                Message::Batch {
                    repo_id,
                    repo,
                    commits,
                    files,
                } => {
                    let written = group.write(store, commits.len(), |store| {
                        store.write_batch(repo_id, &commits, &files)
                    });
                    in_flight.release(commits.len());
                    written?;
                    progress.read(&repo, commits.len());
                }
                Message::Done {
                    repo_id,
                    repo,
                    head,
                    stale,
                    head_files,
                    new_commits,
                    missing_contents,
                } => {
                    group.write(store, 1, |store| {
                        store.finish_repository(repo_id, head.as_deref(), &stale, &head_files, now)
                    })?;
                    let outcome = RepoOutcome {
                        name: repo,
                        status: RepoStatus::Collected {
                            new_commits,
                            removed_commits: stale.len(),
                            missing_contents,
                        },
                    };
                    progress.finished(&outcome);
                    outcomes.push(outcome);
                }
                Message::Unchanged { repo } => {
                    let outcome = RepoOutcome {
                        name: repo,
                        status: RepoStatus::Unchanged,
                    };
                    progress.finished(&outcome);
                    outcomes.push(outcome);
                }
                Message::Empty { repo_id, repo } => {
                    group.write(store, 1, |store| {
                        store.finish_repository(repo_id, None, &[], &[], now)
                    })?;
                    let outcome = RepoOutcome {
                        name: repo,
                        status: RepoStatus::Empty,
                    };
                    progress.finished(&outcome);
                    outcomes.push(outcome);
                }
                Message::Failed { repo, error } => {
                    let outcome = RepoOutcome {
                        name: repo,
                        status: RepoStatus::Failed(error),
                    };
                    progress.finished(&outcome);
                    outcomes.push(outcome);
                }
            }
        }
        group.end(store)
    })?;
    outcomes.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(outcomes)
}

/// Reads one repository and sends its batches; false when the writer has gone.
fn collect_one(
    source: &RepoSource,
    cursor: &store::Cursor,
    reader: Option<&mut Store>,
    threads: usize,
    options: &CollectOptions,
    sender: &mpsc::Sender<Message>,
    in_flight: &InFlight,
) -> bool {
    let (batch_size, document_folders) = (options.batch_size, &options.document_folders);
    let name = source.name.clone();
    let failed = |error: String| Message::Failed {
        repo: name.clone(),
        error,
    };
    let repo = match GitRepo::open(&source.path) {
        Ok(repo) => repo,
        Err(error) => return sender.send(failed(error.to_string())).is_ok(),
    };
    let Some(head) = repo.head() else {
        return sender
            .send(Message::Empty {
                repo_id: cursor.repo_id,
                repo: name,
            })
            .is_ok();
    };
    if cursor.head.as_deref() == Some(head.as_str()) {
        return sender.send(Message::Unchanged { repo: name }).is_ok();
    }
    let stored = || {
        reader
            .and_then(|store| store.stored_commit_ids(cursor.repo_id).ok())
            .unwrap_or_default()
    };
    let plan = match repo.plan(cursor.head.as_deref(), stored) {
        Ok(plan) => plan,
        Err(error) => return sender.send(failed(error.to_string())).is_ok(),
    };
    if sender
        .send(Message::Planned {
            repo: name.clone(),
            commits: plan.new.len(),
        })
        .is_err()
    {
        return false;
    }
    let mut missing_contents = 0;
    for chunk in plan.new.chunks(batch_size.max(1)) {
        let git::ReadBatch {
            commits,
            files,
            missing_contents: missing,
        } = match repo.read_commits(&name, chunk, threads) {
            Ok(read) => read,
            // Batches already written stay: they are whole commits, and the
            // next run reads only what is missing.
            Err(error) => return sender.send(failed(error.to_string())).is_ok(),
        };
        missing_contents += missing;
        if !in_flight.acquire(commits.len()) {
            return false;
        }
        let batch = Message::Batch {
            repo_id: cursor.repo_id,
            repo: name.clone(),
            commits,
            files,
        };
        if sender.send(batch).is_err() {
            return false;
        }
    }
    sender
        .send(Message::Done {
            repo_id: cursor.repo_id,
            repo: name.clone(),
            head: Some(head),
            stale: plan.stale,
            head_files: repo.head_files(&name, document_folders),
            new_commits: plan.new.len(),
            missing_contents,
        })
        .is_ok()
}
