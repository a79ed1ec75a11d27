//! What passes between the threads that read repositories and the one that
//! writes the store: the messages, and the bound on the commits in flight
//! that stands in for a bounded channel.

use std::sync::{Condvar, Mutex};

use model::{Commit, RepoFile};

/// What a reader tells the writer about one repository.
pub(crate) enum Message {
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
    /// No new commits, but the document folders changed since the last
    /// collect: the files kept at HEAD, read again.
    Reread {
        repo_id: i64,
        repo: String,
        head: String,
        head_files: Vec<RepoFile>,
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

/// Commits read and not yet written. The channel is unbounded so that a
/// repository's small messages (planned, done, unchanged) never hold a reader
/// back, which kept the cores of an organization of small repositories a
/// third idle; memory is bounded here instead, by the commits in flight.
pub(crate) struct InFlight {
    /// Commits in flight, and whether the writer has stopped.
    state: Mutex<(usize, bool)>,
    changed: Condvar,
    limit: usize,
}

impl InFlight {
    pub(crate) fn new(limit: usize) -> InFlight {
        InFlight {
            state: Mutex::new((0, false)),
            changed: Condvar::new(),
            limit,
        }
    }

    /// Waits until `commits` more fit (a batch larger than the limit goes
    /// alone); false when the writer has stopped.
    pub(crate) fn acquire(&self, commits: usize) -> bool {
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

    pub(crate) fn release(&self, commits: usize) {
        let mut state = self.state.lock().expect("no panics while locked");
        state.0 = state.0.saturating_sub(commits);
        self.changed.notify_all();
    }

    pub(crate) fn close(&self) {
        self.state.lock().expect("no panics while locked").1 = true;
        self.changed.notify_all();
    }
}
