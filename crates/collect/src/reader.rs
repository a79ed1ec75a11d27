//! The reading side of a collect: threads that take repositories one at a
//! time, plan what is new in each and send it to the writer in batches.
//! Nothing here writes the store; a reader only asks it which commits it
//! holds.

use std::ops::ControlFlow;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use crate::channel::{InFlight, Message};
use crate::git::{self, GitRepo};
use crate::{CollectOptions, RepoSource};
use gix::ObjectId;
use store::{Store, StoreLocation};

/// What every reader thread of a run shares.
pub(crate) struct Readers<'a> {
    pub sources: &'a [RepoSource],
    /// Each source's cursor, at the source's index.
    pub cursors: &'a [store::Cursor],
    /// The index of the next source no reader has taken.
    pub next: AtomicUsize,
    pub store: &'a StoreLocation,
    /// Threads each repository is read with.
    pub threads_per_repo: usize,
    pub options: &'a CollectOptions,
    pub in_flight: &'a InFlight,
    /// The document folders changed since the last collect: read the
    /// files at HEAD again even where no commit is new.
    pub reread_documents: bool,
}

impl Readers<'_> {
    /// One reader thread: takes repositories until none are left or the
    /// writer has gone. The sender is dropped when the thread ends, so the
    /// writer sees the channel close once every reader has.
    pub(crate) fn run(&self, sender: mpsc::Sender<Message>) {
        // A reader of its own (a second connection): SQLite and
        // PostgreSQL both let readers run beside the writer.
        let mut reader = Store::open(self.store, false).ok();
        loop {
            let index = self.next.fetch_add(1, Ordering::Relaxed);
            let Some(source) = self.sources.get(index) else {
                break;
            };
            let cursor = &self.cursors[index];
            let keep_going = self.collect_one(source, cursor, reader.as_mut(), &sender);
            if !keep_going {
                break;
            }
        }
    }

    /// Reads one repository and sends its batches; false when the writer has gone.
    fn collect_one(
        &self,
        source: &RepoSource,
        cursor: &store::Cursor,
        reader: Option<&mut Store>,
        sender: &mpsc::Sender<Message>,
    ) -> bool {
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
            let message = if self.reread_documents {
                Message::Reread {
                    repo_id: cursor.repo_id,
                    head_files: repo.head_files(&name, &self.options.document_folders),
                    repo: name,
                    head,
                }
            } else {
                Message::Unchanged { repo: name }
            };
            return sender.send(message).is_ok();
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
        let missing_contents =
            match self.send_batches(&repo, &name, cursor.repo_id, &plan.new, sender) {
                ControlFlow::Continue(missing_contents) => missing_contents,
                ControlFlow::Break(keep_going) => return keep_going,
            };
        sender
            .send(Message::Done {
                repo_id: cursor.repo_id,
                repo: name.clone(),
                head: Some(head),
                stale: plan.stale,
                head_files: repo.head_files(&name, &self.options.document_folders),
                new_commits: plan.new.len(),
                missing_contents,
            })
            .is_ok()
    }

    /// Reads the commits `new` batch by batch and sends each batch once it
    /// has room. Continues with how many changed files had no content when
    /// every batch is sent; breaks with whether to go on with the next
    /// repository when this one failed (true) or the writer has gone (false).
    fn send_batches(
        &self,
        repo: &GitRepo,
        name: &str,
        repo_id: i64,
        new: &[ObjectId],
        sender: &mpsc::Sender<Message>,
    ) -> ControlFlow<bool, usize> {
        let mut missing_contents = 0;
        for chunk in new.chunks(self.options.batch_size.max(1)) {
            let git::ReadBatch {
                commits,
                files,
                missing_contents: missing,
            } = match repo.read_commits(name, chunk, self.threads_per_repo) {
                Ok(read) => read,
                // Batches already written stay: they are whole commits, and the
                // next run reads only what is missing.
                Err(error) => {
                    let failed = Message::Failed {
                        repo: name.to_string(),
                        error: error.to_string(),
                    };
                    return ControlFlow::Break(sender.send(failed).is_ok());
                }
            };
            missing_contents += missing;
            if !self.in_flight.acquire(commits.len()) {
                return ControlFlow::Break(false);
            }
            let batch = Message::Batch {
                repo_id,
                repo: name.to_string(),
                commits,
                files,
            };
            if sender.send(batch).is_err() {
                return ControlFlow::Break(false);
            }
        }
        ControlFlow::Continue(missing_contents)
    }
}
