//! The store: raw events as collected, in one SQLite file or in a PostgreSQL
//! database that a whole organization's collectors share.
//!
//! Only this module knows SQL. [`Store`] is the one type callers see; it
//! holds a [`Backend`] (`sqlite.rs`, `postgres.rs`) behind a trait object, so
//! a backend is chosen once, when the store is opened, from a
//! [`StoreLocation`]. Both backends have the same tables and the same
//! numbered migrations ([`MIGRATIONS`], one SQL text per backend), and answer
//! the same queries with the same rows: [`Store::dump`] is the canonical text
//! of a store, equal for equal contents whichever backend holds them.
//!
//! A store written by an older version is migrated forward, never rebuilt.
//! Every write is one transaction, so an interrupted collect leaves the store
//! as it was before the batch being written; a repository's cursor moves
//! last. What this module adds above the backends: identities that were
//! forgotten (`staffscope forget`) are replaced by a tombstone on every
//! write, so collecting the same history again does not bring them back.
//!
//! This file is the facade: [`Store`], its errors and the [`Backend`] trait.
//! Beside it, each in a module of its own: where a store lives
//! (`location.rs`), the schema changes (`migrations.rs`), what a snapshot
//! holds (`snapshot.rs`), the canonical dump (`dump.rs`), copying a store
//! (`copy.rs`) and forgetting a person (`forget.rs`).

mod copy;
mod dump;
mod forget;
mod location;
mod migrations;
mod postgres;
mod snapshot;
mod sqlite;

use std::collections::HashSet;
use std::path::Path;

pub use copy::{CopyReport, copy};
pub use dump::Dump;
pub use forget::{ForgetReport, Identities, TOMBSTONE_EMAIL, TOMBSTONE_LOGIN, TOMBSTONE_NAME};
pub use location::{StoreLocation, redact};
pub use migrations::{MIGRATIONS, Migration, PSEUDONYM_KEY, current_version};

/// The setting that records the document folders of the last collect.
const DOCUMENT_FOLDERS: &str = "document_folders";
pub use snapshot::{Scope, Snapshot};

use model::{Commit, RepoFile, ReviewExport, Window};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{store}: no store here yet\nhint: run `staffscope collect` first")]
    Missing { store: String },
    #[error(
        "{store}: not a staffscope store, or the file is damaged ({message})\nhint: staffscope will not overwrite it; move it aside or set `store` in staffscope.toml to another file, then run `staffscope collect`"
    )]
    NotAStore { store: String, message: String },
    #[error(
        "{store}: the database holds tables of another program and no staffscope store\nhint: staffscope will not write into it; create a database of its own (`createdb staffscope`) and point `store` at it"
    )]
    ForeignDatabase { store: String },
    #[error(
        "{store}: written by a newer staffscope (schema {found}, this one knows {known})\nhint: upgrade staffscope"
    )]
    TooNew {
        store: String,
        found: i64,
        known: i64,
    },
    #[error(
        "{store}: cannot connect: {message}\nhint: check that the server runs and that the URL's host, port, user, password and database are right (postgres://USER:PASSWORD@HOST:PORT/DATABASE)"
    )]
    Connect { store: String, message: String },
    #[error("{store}: {message}")]
    Database { store: String, message: String },
    #[error(
        "{store}: the destination already holds data ({commits} commits in {repositories} repositories)\nhint: pass --force to copy into it anyway (rows with the same keys are replaced)"
    )]
    NotEmpty {
        store: String,
        repositories: i64,
        commits: i64,
    },
}

/// What the store remembers of a repository between runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub repo_id: i64,
    pub head: Option<String>,
}

/// A repository's row, for copying a store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepositoryRow {
    pub id: i64,
    pub name: String,
    pub path: String,
    pub head: Option<String>,
    pub collected_at: Option<i64>,
}

/// How many rows of each kind a store holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub repositories: i64,
    pub commits: i64,
    pub file_changes: i64,
    pub repo_files: i64,
    pub pull_requests: i64,
    pub reviews: i64,
    pub review_requests: i64,
}

/// What a backend does; [`Store`] adds what both share (forgotten identities,
/// text cleaning) above it. SQL lives in the implementations.
trait Backend: Send {
    fn location(&self) -> StoreLocation;
    fn schema_version(&mut self) -> Result<i64, StoreError>;
    fn ensure_repository(&mut self, name: &str, path: &str) -> Result<Cursor, StoreError>;
    fn cursor(&mut self, name: &str) -> Result<Option<Cursor>, StoreError>;
    fn repositories(&mut self) -> Result<Vec<RepositoryRow>, StoreError>;
    fn stored_commit_ids(&mut self, repo_id: i64) -> Result<HashSet<String>, StoreError>;
    /// Opens a transaction that the writes until [`Backend::end_group`] join;
    /// a backend without the need may ignore it.
    fn begin_group(&mut self) -> Result<(), StoreError> {
        Ok(())
    }
    fn end_group(&mut self) -> Result<(), StoreError> {
        Ok(())
    }
    fn write_batch(
        &mut self,
        repo_id: i64,
        commits: &[Commit],
        files: &[RepoFile],
    ) -> Result<(), StoreError>;
    fn finish_repository(
        &mut self,
        repo_id: i64,
        head: Option<&str>,
        stale: &[String],
        head_files: &[RepoFile],
        collected_at: i64,
    ) -> Result<(), StoreError>;
    fn snapshot(&mut self, scope: Scope) -> Result<Snapshot, StoreError>;
    fn replace_review_export(
        &mut self,
        repo_id: i64,
        export: &ReviewExport,
    ) -> Result<(), StoreError>;
    /// Every page readable, before a write that is not a collect's.
    fn check_integrity(&mut self) -> Result<(), StoreError>;
    /// Pull requests (or Gerrit changes) stored for one repository.
    fn stored_pulls(&mut self, repo_id: i64) -> Result<u64, StoreError>;
    fn counts(&mut self) -> Result<Counts, StoreError>;
    /// Runs one of [`dump::DUMP_QUERIES`]: rows of text.
    fn text_rows(&mut self, sql: &'static str) -> Result<Vec<Vec<Option<String>>>, StoreError>;
    fn forgotten(&mut self) -> Result<Vec<(String, String)>, StoreError>;
    fn setting(&mut self, name: &str) -> Result<Option<String>, StoreError>;
    fn set_setting(&mut self, name: &str, value: &str) -> Result<(), StoreError>;
    /// Records forgotten identities and rewrites the rows that named them,
    /// all in one transaction.
    fn rewrite(&mut self, rewrite: &forget::Rewrite) -> Result<(), StoreError>;
    fn result(&mut self, fingerprint: &str, key: &str) -> Result<Option<Vec<u8>>, StoreError>;
    fn keep_results(
        &mut self,
        generation: i64,
        fingerprint: &str,
        results: &[(String, Vec<u8>)],
        others: Others,
    ) -> Result<(), StoreError>;
}

/// What keeping results does with those kept under other fingerprints
/// (another configuration, input or program) at the same generation;
/// those of earlier generations are always dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Others {
    /// Left in place: one view computed on a miss, beside another
    /// configuration's set.
    Keep,
    /// Dropped: a whole set replaces what was kept, so sets of an older
    /// program or input do not pile up until the next write.
    Drop,
}

/// A store, whichever backend holds it.
pub struct Store {
    backend: Box<dyn Backend>,
    /// The schema version found when the store was opened, before migrating.
    opened_at_version: i64,
    forgotten: forget::Forgotten,
}

impl Store {
    /// Opens a SQLite store, creating the file if it does not exist.
    pub fn open_or_create(path: &Path) -> Result<Store, StoreError> {
        Store::open(&StoreLocation::Sqlite(path.to_path_buf()), true)
    }

    /// Opens a SQLite store that must already exist.
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        Store::open(&StoreLocation::Sqlite(path.to_path_buf()), false)
    }

    /// Opens the store at `location`, migrating it to the current schema;
    /// `create` makes one where there is none yet (a new file, or the tables
    /// in an empty PostgreSQL database).
    pub fn open(location: &StoreLocation, create: bool) -> Result<Store, StoreError> {
        let (mut backend, opened_at_version): (Box<dyn Backend>, i64) = match location {
            StoreLocation::Sqlite(path) => {
                let (store, version) = sqlite::SqliteStore::open(path, create)?;
                (Box::new(store), version)
            }
            StoreLocation::Postgres(url) => {
                let (store, version) = postgres::PostgresStore::open(url, create)?;
                (Box::new(store), version)
            }
        };
        let forgotten = forget::Forgotten::from_rows(backend.forgotten()?);
        Ok(Store {
            backend,
            opened_at_version,
            forgotten,
        })
    }

    /// A second connection to the same store, for a reader beside the writer.
    pub fn reader(&self) -> Result<Store, StoreError> {
        Store::open(&self.backend.location(), false)
    }

    pub fn location(&self) -> StoreLocation {
        self.backend.location()
    }

    /// The schema version the store had when it was opened (0: it was created).
    pub fn opened_at_version(&self) -> i64 {
        self.opened_at_version
    }

    pub fn schema_version(&mut self) -> Result<i64, StoreError> {
        self.backend.schema_version()
    }

    /// Registers a repository (or updates its path) and returns its cursor.
    pub fn ensure_repository(&mut self, name: &str, path: &str) -> Result<Cursor, StoreError> {
        self.backend.ensure_repository(name, path)
    }

    pub fn cursor(&mut self, name: &str) -> Result<Option<Cursor>, StoreError> {
        self.backend.cursor(name)
    }

    pub fn repositories(&mut self) -> Result<Vec<RepositoryRow>, StoreError> {
        self.backend.repositories()
    }

    pub fn stored_commit_ids(&mut self, repo_id: i64) -> Result<HashSet<String>, StoreError> {
        self.backend.stored_commit_ids(repo_id)
    }

    /// Makes the writes until [`Store::end_group`] one transaction: a
    /// repository of a hundred commits rewrote about a hundred pages of the
    /// time index in a transaction of its own, so an organization of small
    /// repositories wrote its store a dozen times over. Until the group
    /// ends, nothing in it is stored; a failed write inside it undoes only
    /// itself, and dropping the store undoes the group.
    pub fn begin_group(&mut self) -> Result<(), StoreError> {
        self.backend.begin_group()
    }

    /// Commits the group [`Store::begin_group`] opened.
    pub fn end_group(&mut self) -> Result<(), StoreError> {
        self.backend.end_group()
    }

    /// Writes commits and the file versions found in them, all or nothing.
    /// Forgotten identities are replaced by the tombstone first.
    pub fn write_batch(
        &mut self,
        repo_id: i64,
        commits: &[Commit],
        files: &[RepoFile],
    ) -> Result<(), StoreError> {
        let commits = self.forgotten.clean_commits(commits);
        let files = self.forgotten.clean_files(files);
        self.backend.write_batch(repo_id, &commits, &files)
    }

    /// Ends a repository's run: drops commits the branch no longer reaches,
    /// replaces the HEAD versions of files, and moves the cursor.
    pub fn finish_repository(
        &mut self,
        repo_id: i64,
        head: Option<&str>,
        stale: &[String],
        head_files: &[RepoFile],
        collected_at: i64,
    ) -> Result<(), StoreError> {
        let head_files = self.forgotten.clean_files(head_files);
        self.backend
            .finish_repository(repo_id, head, stale, &head_files, collected_at)
    }

    /// Reads what resolution needs: every repository, the commits in `window`
    /// (all of them when `None`), and every stored file version.
    /// Rows come in the same order from both backends, whatever the
    /// repositories' ids (collectors sharing a store register them in any
    /// order): by repository name, then as each kind's key sorts, bytewise.
    pub fn snapshot(&mut self, window: Option<Window>) -> Result<Snapshot, StoreError> {
        self.snapshot_of(Scope {
            window,
            files: true,
            document_folders: Vec::new(),
        })
    }

    /// What `scope` says: [`Store::snapshot`] with the changes of documents
    /// outside the window too, or every commit without files (the default
    /// scope, for who is who).
    pub fn snapshot_of(&mut self, scope: Scope) -> Result<Snapshot, StoreError> {
        let mut snapshot = self.backend.snapshot(scope)?;
        snapshot.sort();
        Ok(snapshot)
    }

    /// Replaces a repository's code-review export, all or nothing.
    /// Forgotten logins are replaced by the tombstone first.
    pub fn replace_review_export(
        &mut self,
        repo_id: i64,
        export: &ReviewExport,
    ) -> Result<(), StoreError> {
        let export = self.forgotten.clean_export(export);
        self.backend.replace_review_export(repo_id, &export)
    }

    /// Checks the whole store can be read before writing to it (a collect
    /// opening it checks already): a damaged SQLite file is refused.
    pub fn check_integrity(&mut self) -> Result<(), StoreError> {
        self.backend.check_integrity()
    }

    /// How many pull requests (or changes) the store holds from a
    /// repository's code-review export.
    pub fn stored_pulls(&mut self, repo_id: i64) -> Result<u64, StoreError> {
        self.backend.stored_pulls(repo_id)
    }

    /// Rows of each kind, for the user.
    pub fn counts(&mut self) -> Result<Counts, StoreError> {
        self.backend.counts()
    }

    /// The secret that keys this store's pseudonyms (hex). Made when the
    /// store was created or migrated; `store copy` carries it, so the same
    /// person keeps the same pseudonym in the copy.
    pub fn pseudonym_key(&mut self) -> Result<String, StoreError> {
        self.backend
            .setting(PSEUDONYM_KEY)?
            .ok_or_else(|| StoreError::Database {
                store: self.location().to_string(),
                message: "the store holds no pseudonym key (its settings table was emptied)"
                    .to_string(),
            })
    }

    /// Whether a login, handle or name belonged to someone forgotten: only
    /// hashes are kept, so this is the one way to ask.
    pub fn is_forgotten(&self, text: &str) -> bool {
        self.forgotten.names_someone(text)
    }

    /// The document folders the last complete collect read documents
    /// with, as the collector wrote them (`None` before the first).
    pub fn document_folders(&mut self) -> Result<Option<String>, StoreError> {
        self.backend.setting(DOCUMENT_FOLDERS)
    }

    pub fn set_document_folders(&mut self, folders: &str) -> Result<(), StoreError> {
        self.backend.set_setting(DOCUMENT_FOLDERS, folders)
    }

    /// How many writes the store has seen: every transaction that writes
    /// rows (a collect's batches, an export, `forget`, a setting) moves it
    /// on. Read it before a snapshot: results computed from the snapshot
    /// are then never taken for results of a later write.
    pub fn generation(&mut self) -> Result<i64, StoreError> {
        let text = self.backend.setting(migrations::GENERATION)?;
        text.as_deref()
            .and_then(|text| text.parse().ok())
            .ok_or_else(|| StoreError::Database {
                store: self.location().to_string(),
                message: "the store holds no write generation (its settings table was changed)"
                    .to_string(),
            })
    }

    /// A result kept under `fingerprint`: bytes its writer encoded.
    pub fn result(&mut self, fingerprint: &str, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.backend.result(fingerprint, key)
    }

    /// Keeps results computed at `generation` under `fingerprint`, and
    /// drops every result of an earlier generation, and with
    /// [`Others::Drop`] every other fingerprint's.
    pub fn keep_results(
        &mut self,
        generation: i64,
        fingerprint: &str,
        results: &[(String, Vec<u8>)],
        others: Others,
    ) -> Result<(), StoreError> {
        self.backend
            .keep_results(generation, fingerprint, results, others)
    }

    /// The canonical text of the store; see [`Dump`].
    pub fn dump(&mut self) -> Result<Dump, StoreError> {
        dump::read(self.backend.as_mut())
    }

    /// Forgets a person: records their identities (hashed) so that no later
    /// write stores them again, and replaces them by the tombstone in every
    /// stored commit, trailer, pull request, review and review request.
    pub fn forget(&mut self, identities: &Identities) -> Result<ForgetReport, StoreError> {
        self.forgotten.add(identities);
        let repositories = self.backend.repositories()?;
        let snapshot = self.snapshot(None)?;
        let (rewrite, report) = self.forgotten.rewrite(identities, &repositories, &snapshot);
        self.backend.rewrite(&rewrite)?;
        Ok(report)
    }
}
/// For the test suites (the unit tests here and the integration tests):
/// a fresh PostgreSQL database per test. Not part of the store's API: only
/// the tests build it (`--features testing` for the integration tests).
#[cfg(any(test, feature = "testing"))]
pub mod testing;

#[cfg(test)]
mod tests;
