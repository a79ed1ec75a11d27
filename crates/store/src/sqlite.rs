//! The SQLite backend: one file, versioned with `PRAGMA user_version`, marked
//! as ours with `application_id` so another program's file is never written.
//!
//! This file opens, checks and migrates the file and routes [`Backend`]'s
//! calls; the statements live beside it by the tables they touch:
//! `repositories.rs` (what a collect writes per repository), `snapshot.rs`
//! (reading everything back), `reviews.rs` (code-review exports) and
//! `forgetting.rs` (rewriting a forgotten person's rows).

mod forgetting;
mod repositories;
mod results;
mod reviews;
mod snapshot;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::forget::Rewrite;
use super::{
    Backend, Counts, Cursor, MIGRATIONS, RepositoryRow, Scope, Snapshot, StoreError, StoreLocation,
};
use model::{Commit, RepoFile, ReviewExport};

/// Written into every store so that another SQLite file is never mistaken for one.
pub(super) const APPLICATION_ID: i64 = 0x5354_4653; // "STFS"

pub(super) struct SqliteStore {
    conn: Connection,
    path: PathBuf,
}

/// The page cache of a connection that writes, in SQLite's units (negative:
/// KiB): 64 MiB.
const WRITER_CACHE: i64 = -65_536;

impl SqliteStore {
    /// Opens the file (creating it when `create`), migrates it, and says
    /// which schema version it had.
    pub fn open(path: &Path, create: bool) -> Result<(SqliteStore, i64), StoreError> {
        if !create && !path.exists() {
            return Err(StoreError::Missing {
                store: path.display().to_string(),
            });
        }
        if create
            && let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent).map_err(|error| StoreError::Database {
                store: path.display().to_string(),
                message: format!("cannot create its folder: {error}"),
            })?;
        }
        let flags = if create {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        };
        SqliteStore::open_with(path, flags)
    }

    fn open_with(path: &Path, flags: OpenFlags) -> Result<(SqliteStore, i64), StoreError> {
        let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|error| not_a_store(path, error.to_string()))?;
        // Collectors started together wait for each other's transactions
        // instead of failing at once.
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|error| not_a_store(path, error.to_string()))?;
        let version = check_file(&conn, path)?;
        // Opened to write (collect): a page damaged anywhere is found
        // before anything is written, not when a write reaches it.
        if flags.contains(OpenFlags::SQLITE_OPEN_CREATE) && version > 0 {
            quick_check(&conn, path)?;
        }
        let mut store = SqliteStore {
            conn,
            path: path.to_path_buf(),
        };
        store.enter_wal()?;
        store.pragma("PRAGMA synchronous = NORMAL")?;
        store.pragma("PRAGMA foreign_keys = ON")?;
        // Commit ids are random keys, so a batch touches pages all over the
        // tables; SQLite's default 2 MiB page cache made every batch read
        // them back from the file (a third of collect's time in profiles).
        store.pragma(&format!("PRAGMA cache_size = {WRITER_CACHE}"))?;
        store.migrate(version)?;
        Ok((store, version))
    }

    /// Switches to write-ahead logging. The switch takes an exclusive lock,
    /// for which SQLite does not always call the busy handler: collectors
    /// opening a new store together could fail with "database is locked".
    /// Waits for the lock as `BUSY_TIMEOUT` would.
    fn enter_wal(&self) -> Result<(), StoreError> {
        let pause = std::time::Duration::from_millis(50);
        let mut waited = std::time::Duration::ZERO;
        loop {
            let result = self.conn.query_row("PRAGMA journal_mode = WAL", [], |row| {
                row.get::<_, String>(0)
            });
            match result {
                Err(rusqlite::Error::SqliteFailure(error, _))
                    if error.code == rusqlite::ErrorCode::DatabaseBusy && waited < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(pause);
                    waited += pause;
                }
                Err(error) => return Err(self.sqlite(error)),
                Ok(_) => return Ok(()),
            }
        }
    }

    fn pragma(&self, sql: &str) -> Result<(), StoreError> {
        // journal_mode answers with a row; the others do not.
        let mut statement = self.conn.prepare(sql).map_err(|e| self.sqlite(e))?;
        let mut rows = statement.query([]).map_err(|e| self.sqlite(e))?;
        while rows.next().map_err(|e| self.sqlite(e))?.is_some() {}
        Ok(())
    }

    fn sqlite(&self, error: rusqlite::Error) -> StoreError {
        store_error(&self.path, error)
    }

    fn migrate(&mut self, from: i64) -> Result<(), StoreError> {
        for (index, migration) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            let store = self.path.display().to_string();
            let wrap = |error: rusqlite::Error| StoreError::Database {
                store: store.clone(),
                message: format!("migration {} failed: {error}", index + 1),
            };
            // Taken before the version is read again: of collectors
            // opening a new store together, one migrates and the others
            // find it done.
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(wrap)?;
            let current: i64 = tx
                .query_row("PRAGMA user_version", [], |row| row.get(0))
                .map_err(wrap)?;
            if current > index as i64 {
                tx.commit().map_err(wrap)?;
                continue;
            }
            tx.execute_batch(migration.sqlite).map_err(wrap)?;
            tx.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(wrap)?;
            tx.pragma_update(None, "user_version", (index + 1) as i64)
                .map_err(wrap)?;
            tx.commit().map_err(wrap)?;
        }
        Ok(())
    }
}

/// How long a connection waits for another's write transaction.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// The file's schema version, after checking that the file is a store this
/// staffscope may write: SQLite, ours (or empty), not newer, not truncated.
fn check_file(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    // Reading the schema fails on a file that is not SQLite or is truncated.
    let (application_id, version, tables): (i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id), \
                    (SELECT user_version FROM pragma_user_version), \
                    (SELECT count(*) FROM sqlite_master)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .map_err(|error| not_a_store(path, error.to_string()))?;
    if tables > 0 && application_id != APPLICATION_ID {
        return Err(not_a_store(
            path,
            "it holds tables of another program".to_string(),
        ));
    }
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::TooNew {
            store: path.display().to_string(),
            found: version,
            known,
        });
    }
    // A truncated file still opens; its header says how big it should be.
    // This costs one read, where `PRAGMA quick_check` would read everything.
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    if tables > 0 && !wal.exists() {
        check_length(conn, path)?;
    }
    Ok(version)
}

/// Reads every page once (`PRAGMA quick_check`): a damaged store is refused
/// before a write, which could make the damage worse, reaches it.
fn quick_check(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let verdict: String = conn
        .query_row("PRAGMA quick_check(1)", [], |row| row.get(0))
        .map_err(|error| not_a_store(path, error.to_string()))?;
    if verdict == "ok" {
        Ok(())
    } else {
        Err(not_a_store(path, format!("damaged: {verdict}")))
    }
}

/// Refuses a file shorter than its header says it is.
fn check_length(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let (pages, page_size): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT page_count FROM pragma_page_count), (SELECT page_size FROM pragma_page_size)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .map_err(|error| not_a_store(path, error.to_string()))?;
    let actual = std::fs::metadata(path).map(|m| m.len() as i64).unwrap_or(0);
    if actual < pages * page_size {
        return Err(not_a_store(
            path,
            format!(
                "the file is truncated: {actual} bytes of {}",
                pages * page_size
            ),
        ));
    }
    Ok(())
}

fn not_a_store(path: &Path, message: String) -> StoreError {
    StoreError::NotAStore {
        store: path.display().to_string(),
        message,
    }
}

/// Each call goes to the module holding its statements; the few statements
/// that belong to no table family (the schema version, transactions,
/// counts, the dump's rows, settings) are written here.
impl Backend for SqliteStore {
    fn location(&self) -> StoreLocation {
        StoreLocation::Sqlite(self.path.clone())
    }

    fn check_integrity(&mut self) -> Result<(), StoreError> {
        quick_check(&self.conn, &self.path)
    }

    fn schema_version(&mut self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|e| self.sqlite(e))
    }

    fn ensure_repository(&mut self, name: &str, path: &str) -> Result<Cursor, StoreError> {
        repositories::ensure_repository(self, name, path)
    }

    fn cursor(&mut self, name: &str) -> Result<Option<Cursor>, StoreError> {
        repositories::cursor(self, name)
    }

    fn repositories(&mut self) -> Result<Vec<RepositoryRow>, StoreError> {
        repositories::repositories(self)
    }

    fn stored_commit_ids(&mut self, repo_id: i64) -> Result<HashSet<String>, StoreError> {
        repositories::stored_commit_ids(self, repo_id)
    }

    fn begin_group(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(sqlite_error(&self.path))
    }

    fn end_group(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute_batch("COMMIT")
            .map_err(sqlite_error(&self.path))
    }

    fn write_batch(
        &mut self,
        repo_id: i64,
        commits: &[Commit],
        files: &[RepoFile],
    ) -> Result<(), StoreError> {
        repositories::write_batch(self, repo_id, commits, files)
    }

    fn finish_repository(
        &mut self,
        repo_id: i64,
        head: Option<&str>,
        stale: &[String],
        head_files: &[RepoFile],
        collected_at: i64,
    ) -> Result<(), StoreError> {
        repositories::finish_repository(self, repo_id, head, stale, head_files, collected_at)
    }

    fn snapshot(&mut self, scope: Scope) -> Result<Snapshot, StoreError> {
        snapshot::snapshot(self, scope)
    }

    fn replace_review_export(
        &mut self,
        repo_id: i64,
        export: &ReviewExport,
    ) -> Result<(), StoreError> {
        reviews::replace_review_export(self, repo_id, export)
    }

    fn stored_pulls(&mut self, repo_id: i64) -> Result<u64, StoreError> {
        self.conn
            .query_row(
                "SELECT count(*) FROM pull_requests WHERE repo_id = ?1",
                [repo_id],
                |row| row.get::<_, i64>(0),
            )
            .map(|count| count as u64)
            .map_err(|e| self.sqlite(e))
    }

    /// Counts for the user: repositories, commits, file changes.
    fn counts(&mut self) -> Result<Counts, StoreError> {
        self.conn
            .query_row(
                "SELECT (SELECT count(*) FROM repositories), (SELECT count(*) FROM commits), \
                 (SELECT count(*) FROM file_changes), (SELECT count(*) FROM repo_files), \
                 (SELECT count(*) FROM pull_requests), (SELECT count(*) FROM pull_reviews), \
                 (SELECT count(*) FROM review_requests)",
                [],
                |row| {
                    Ok(Counts {
                        repositories: row.get(0)?,
                        commits: row.get(1)?,
                        file_changes: row.get(2)?,
                        repo_files: row.get(3)?,
                        pull_requests: row.get(4)?,
                        reviews: row.get(5)?,
                        review_requests: row.get(6)?,
                    })
                },
            )
            .map_err(|e| self.sqlite(e))
    }

    fn text_rows(&mut self, sql: &'static str) -> Result<Vec<Vec<Option<String>>>, StoreError> {
        let wrap = sqlite_error(&self.path);
        let mut statement = self.conn.prepare(sql).map_err(wrap)?;
        let columns = statement.column_count();
        statement
            .query_map([], |row| {
                (0..columns)
                    .map(|index| row.get::<_, Option<String>>(index))
                    .collect::<Result<Vec<_>, _>>()
            })
            .map_err(wrap)?
            .collect::<Result<_, _>>()
            .map_err(wrap)
    }

    fn forgotten(&mut self) -> Result<Vec<(String, String)>, StoreError> {
        forgetting::forgotten(self)
    }

    fn setting(&mut self, name: &str) -> Result<Option<String>, StoreError> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row(
                "SELECT value FROM settings WHERE name = ?1",
                [name],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    fn set_setting(&mut self, name: &str, value: &str) -> Result<(), StoreError> {
        let wrap = sqlite_error(&self.path);
        let tx = self.conn.transaction().map_err(wrap)?;
        let changed = tx
            .execute(
                "INSERT INTO settings (name, value) VALUES (?1, ?2) \
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value \
                 WHERE value IS NOT excluded.value",
                [name, value],
            )
            .map_err(wrap)?;
        // The same value again is not a write.
        if changed > 0 {
            tx.execute(crate::migrations::BUMP_GENERATION, [])
                .map_err(wrap)?;
        }
        tx.commit().map_err(wrap)
    }

    fn rewrite(&mut self, rewrite: &Rewrite) -> Result<(), StoreError> {
        forgetting::rewrite(self, rewrite)
    }

    fn result(&mut self, fingerprint: &str, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        results::result(self, fingerprint, key)
    }

    fn keep_results(
        &mut self,
        generation: i64,
        fingerprint: &str,
        results: &[(String, Vec<u8>)],
        others: crate::Others,
    ) -> Result<(), StoreError> {
        results::keep_results(self, generation, fingerprint, results, others)
    }
}

/// Maps SQLite errors to the store's error, naming the file; a function so
/// that it does not borrow the store while a transaction does.
fn sqlite_error(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + Copy + '_ {
    move |error| store_error(path, error)
}

/// An error of the file as a store error: a damaged file says so, with the
/// hint that it is left alone; any other error is the database's.
fn store_error(path: &Path, error: rusqlite::Error) -> StoreError {
    let damaged = matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    );
    if damaged {
        not_a_store(path, format!("damaged: {error}"))
    } else {
        StoreError::Database {
            store: path.display().to_string(),
            message: error.to_string(),
        }
    }
}
