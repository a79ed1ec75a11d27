//! The writing side of a collect: the one thread that owns the store writes
//! what the readers send, grouping writes into transactions of about a
//! batch's commits, and reports each repository's outcome as it ends.

use std::sync::mpsc;

use crate::channel::{InFlight, Message};
use crate::{Progress, RepoOutcome, RepoStatus};
use store::{Store, StoreError};

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

/// The writer's state while messages come in.
struct Writer<'a> {
    store: &'a mut Store,
    group: Group,
    in_flight: &'a InFlight,
    progress: &'a dyn Progress,
    /// The time recorded as each repository's last collect.
    now: i64,
    outcomes: Vec<RepoOutcome>,
}

/// Writes every message until the readers have all gone, and returns the
/// outcomes in the order the repositories ended. `repositories` is how many
/// outcomes to expect.
///
/// The receiver is owned here, so that when the writer stops on a store
/// error the receiver goes with it and the readers waiting for room are
/// told: they stop instead of waiting forever.
pub(crate) fn write_all(
    store: &mut Store,
    receiver: mpsc::Receiver<Message>,
    in_flight: &InFlight,
    batch_size: usize,
    progress: &dyn Progress,
    now: i64,
    repositories: usize,
) -> Result<Vec<RepoOutcome>, StoreError> {
    let _closing = CloseOnDrop(in_flight);
    // Writes are grouped into transactions of about a batch's commits,
    // whichever repositories they come from.
    let mut writer = Writer {
        store,
        group: Group::new(batch_size),
        in_flight,
        progress,
        now,
        outcomes: Vec::with_capacity(repositories),
    };
    for message in receiver.iter() {
        writer.write(message)?;
    }
    writer.group.end(writer.store)?;
    Ok(writer.outcomes)
}

impl Writer<'_> {
    fn write(&mut self, message: Message) -> Result<(), StoreError> {
        let now = self.now;
        match message {
            Message::Planned { repo, commits } => self.progress.planned(&repo, commits),
            Message::Batch {
                repo_id,
                repo,
                commits,
                files,
            } => {
                let written = self.group.write(self.store, commits.len(), |store| {
                    store.write_batch(repo_id, &commits, &files)
                });
                self.in_flight.release(commits.len());
                written?;
                self.progress.read(&repo, commits.len());
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
                self.group.write(self.store, 1, |store| {
                    store.finish_repository(repo_id, head.as_deref(), &stale, &head_files, now)
                })?;
                self.finished(
                    repo,
                    RepoStatus::Collected {
                        new_commits,
                        removed_commits: stale.len(),
                        missing_contents,
                    },
                );
            }
            Message::Unchanged { repo } => self.finished(repo, RepoStatus::Unchanged),
            Message::Reread {
                repo_id,
                repo,
                head,
                head_files,
            } => {
                self.group.write(self.store, 1, |store| {
                    store.finish_repository(repo_id, Some(&head), &[], &head_files, now)
                })?;
                self.finished(repo, RepoStatus::DocumentsReread);
            }
            Message::Empty { repo_id, repo } => {
                self.group.write(self.store, 1, |store| {
                    store.finish_repository(repo_id, None, &[], &[], now)
                })?;
                self.finished(repo, RepoStatus::Empty);
            }
            Message::Failed { repo, error } => self.finished(repo, RepoStatus::Failed(error)),
        }
        Ok(())
    }

    /// Reports a repository's outcome and keeps it.
    fn finished(&mut self, name: String, status: RepoStatus) {
        let outcome = RepoOutcome { name, status };
        self.progress.finished(&outcome);
        self.outcomes.push(outcome);
    }
}
