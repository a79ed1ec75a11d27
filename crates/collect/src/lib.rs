//! Collect: sources in, raw events into the store.
//!
//! Repositories are read in parallel by worker threads; one writer (the
//! calling thread) owns the store and writes the batches in transactions
//! of about a batch's commits, however many repositories they come from.
//! Readers wait only while two batches each are not yet written. The
//! library prints nothing: it reports through [`Progress`] and returns one
//! [`RepoOutcome`] per repository.
//!
//! This file holds the public types and starts a run; the readers
//! (`reader.rs`), the writer (`writer.rs`) and what passes between them
//! (`channel.rs`) each have a module, and reading one git repository is
//! `git.rs`.

mod channel;
pub mod gerrit;
pub mod git;
pub mod github;
mod reader;
mod writer;

use std::path::PathBuf;
use std::sync::atomic::AtomicUsize;
use std::sync::mpsc;

use channel::{InFlight, Message};
use reader::Readers;
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
    /// No new commits; documents read again because the document folders
    /// changed since the last collect.
    DocumentsReread,
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
    let (sender, receiver) = mpsc::channel::<Message>();
    // Two batches a reader, as a channel of two messages a reader allowed
    // when each message could be a batch.
    let in_flight = InFlight::new(workers * 2 * options.batch_size.max(1));
    let store_location = store.location();
    let folders = folders_key(&options.document_folders);
    let reread_documents = store.document_folders()?.as_deref() != Some(folders.as_str());
    let readers = Readers {
        sources,
        cursors: &cursors,
        next: AtomicUsize::new(0),
        store: &store_location,
        threads_per_repo: (threads / workers).max(1),
        options,
        in_flight: &in_flight,
        reread_documents,
    };

    let mut outcomes = std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let readers = &readers;
            scope.spawn(move || readers.run(sender));
        }
        drop(sender);
        writer::write_all(
            store,
            receiver,
            &in_flight,
            options.batch_size,
            progress,
            now,
            sources.len(),
        )
    })?;
    outcomes.sort_by(|a, b| a.name.cmp(&b.name));
    // Recorded once every repository read its documents with these
    // folders; after a failure the next collect reads them again.
    if !outcomes
        .iter()
        .any(|o| matches!(o.status, RepoStatus::Failed(_)))
    {
        store.set_document_folders(&folders)?;
    }
    Ok(outcomes)
}

/// The document folders as the store records them, after the version of
/// the path rules: lower-cased, sorted, one per line, so that the same set
/// written in another order is the same.
fn folders_key(folders: &[String]) -> String {
    let mut folders: Vec<String> = folders.iter().map(|f| f.to_lowercase()).collect();
    folders.sort_unstable();
    folders.dedup();
    format!(
        "path rules {}\n{}",
        model::paths::RULES_VERSION,
        folders.join("\n")
    )
}
