//! The SQLite backend: one file, versioned with `PRAGMA user_version`, marked
//! as ours with `application_id` so another program's file is never written.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::forget::Rewrite;
use super::{
    Backend, Counts, Cursor, MIGRATIONS, RepositoryRow, Snapshot, StoreError, StoreLocation,
};
use model::{
    Commit, FileChange, PullRequest, PullReview, RepoFile, ReviewExport, ReviewRequest,
    ReviewState, Window, parse_trailers,
};

/// Written into every store so that another SQLite file is never mistaken for one.
pub(super) const APPLICATION_ID: i64 = 0x5354_4653; // "STFS"

pub(super) struct SqliteStore {
    conn: Connection,
    path: PathBuf,
}

/// The page cache of a connection that writes, in SQLite's units (negative:
/// KiB): 64 MiB.
const WRITER_CACHE: i64 = -65_536;

/// The page cache of a snapshot, which reads each page once: 2 MiB.
const SNAPSHOT_CACHE: i64 = -2_048;

/// How much of the file a snapshot maps; SQLite caps it at its own limit
/// (2 GiB in the bundled build) and reads the rest as usual.
const SNAPSHOT_MMAP_BYTES: i64 = 1 << 40;

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
        let not_a_store = |message: String| StoreError::NotAStore {
            store: path.display().to_string(),
            message,
        };
        let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|error| not_a_store(error.to_string()))?;
        // Reading the schema fails on a file that is not SQLite or is truncated.
        let (application_id, version, tables): (i64, i64, i64) = conn
            .query_row(
                "SELECT (SELECT application_id FROM pragma_application_id), \
                        (SELECT user_version FROM pragma_user_version), \
                        (SELECT count(*) FROM sqlite_master)",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .map_err(|error| not_a_store(error.to_string()))?;
        if tables > 0 && application_id != APPLICATION_ID {
            return Err(not_a_store(
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
            let (pages, page_size): (i64, i64) = conn
                .query_row(
                    "SELECT (SELECT page_count FROM pragma_page_count), (SELECT page_size FROM pragma_page_size)",
                    [],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .map_err(|error| not_a_store(error.to_string()))?;
            let actual = std::fs::metadata(path).map(|m| m.len() as i64).unwrap_or(0);
            if actual < pages * page_size {
                return Err(not_a_store(format!(
                    "the file is truncated: {actual} bytes of {}",
                    pages * page_size
                )));
            }
        }
        let mut store = SqliteStore {
            conn,
            path: path.to_path_buf(),
        };
        store.pragma("PRAGMA journal_mode = WAL")?;
        store.pragma("PRAGMA synchronous = NORMAL")?;
        store.pragma("PRAGMA foreign_keys = ON")?;
        // Commit ids are random keys, so a batch touches pages all over the
        // tables; SQLite's default 2 MiB page cache made every batch read
        // them back from the file (a third of collect's time in profiles).
        store.pragma(&format!("PRAGMA cache_size = {WRITER_CACHE}"))?;
        store.migrate(version)?;
        Ok((store, version))
    }

    fn pragma(&self, sql: &str) -> Result<(), StoreError> {
        // journal_mode answers with a row; the others do not.
        let mut statement = self.conn.prepare(sql).map_err(|e| self.sqlite(e))?;
        let mut rows = statement.query([]).map_err(|e| self.sqlite(e))?;
        while rows.next().map_err(|e| self.sqlite(e))?.is_some() {}
        Ok(())
    }

    /// Everything [`Backend::snapshot`] returns, read with whatever settings are in force.
    fn read_snapshot(&mut self, window: Option<Window>) -> Result<Snapshot, StoreError> {
        let (since, until) = window.map_or((i64::MIN, i64::MAX), |w| (w.since, w.until));
        let wrap = |error: rusqlite::Error| self.sqlite(error);
        let mut repos_statement = self
            .conn
            .prepare("SELECT id, name FROM repositories ORDER BY name")
            .map_err(wrap)?;
        let repo_rows: Vec<(i64, String)> = repos_statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(wrap)?
            .collect::<Result<_, _>>()
            .map_err(wrap)?;
        let names: std::collections::HashMap<i64, String> = repo_rows.iter().cloned().collect();
        let name_of = |id: i64| -> String { names.get(&id).cloned().unwrap_or_default() };

        // Both tables are read in primary-key order, without a join or a
        // sort, and merged here: a commit's files follow it in the same order.
        // Files of commits outside the window are skipped as they pass, their
        // keys compared where SQLite holds them (no string per file).
        let mut commits_statement = self
            .conn
            .prepare(
                "SELECT repo_id, id, author_name, author_email, author_time, committer_name, \
                 committer_email, committer_time, message, parent_count, parents \
                 FROM commits NOT INDEXED WHERE author_time >= ?1 AND author_time < ?2 \
                 ORDER BY repo_id, id",
            )
            .map_err(wrap)?;
        let rows = commits_statement
            .query_map(params![since, until], |row| {
                let repo_id: i64 = row.get(0)?;
                let message: String = row.get(8)?;
                let commit = Commit {
                    repo: name_of(repo_id),
                    id: row.get(1)?,
                    author: model::Signature {
                        name: row.get(2)?,
                        email: row.get(3)?,
                    },
                    author_time: row.get(4)?,
                    committer: model::Signature {
                        name: row.get(5)?,
                        email: row.get(6)?,
                    },
                    committer_time: row.get(7)?,
                    trailers: parse_trailers(&message),
                    message,
                    parent_count: row.get(9)?,
                    parents: row
                        .get::<_, String>(10)?
                        .split_whitespace()
                        .map(str::to_string)
                        .collect(),
                    files: Vec::new(),
                };
                Ok((repo_id, commit))
            })
            .map_err(wrap)?;
        let mut commits: Vec<(i64, Commit)> = rows.collect::<Result<_, _>>().map_err(wrap)?;

        let mut files_statement = self
            .conn
            .prepare(
                "SELECT repo_id, commit_id, path, added, removed, binary \
                 FROM file_changes ORDER BY repo_id, commit_id, seq",
            )
            .map_err(wrap)?;
        let mut files = files_statement.query([]).map_err(wrap)?;
        let mut next_commit = commits.iter_mut().peekable();
        while let Some(row) = files.next().map_err(wrap)? {
            let repo_id: i64 = row.get(0).map_err(wrap)?;
            let commit_id = row
                .get_ref(1)
                .and_then(|value| value.as_str().map_err(Into::into))
                .map_err(wrap)?;
            // Past the commits whose keys sort before this file's.
            let owner = loop {
                let Some((commit_repo, commit)) = next_commit.peek_mut() else {
                    break None;
                };
                match (*commit_repo, commit.id.as_str()).cmp(&(repo_id, commit_id)) {
                    std::cmp::Ordering::Less => {
                        next_commit.next();
                    }
                    std::cmp::Ordering::Equal => break Some(commit),
                    std::cmp::Ordering::Greater => break None,
                }
            };
            let Some(commit) = owner else {
                if next_commit.peek().is_none() {
                    break;
                }
                continue;
            };
            commit.files.push(FileChange {
                path: row.get(2).map_err(wrap)?,
                added: row.get(3).map_err(wrap)?,
                removed: row.get(4).map_err(wrap)?,
                binary: row.get(5).map_err(wrap)?,
            });
        }
        drop(files);
        let commits: Vec<Commit> = commits.into_iter().map(|(_, commit)| commit).collect();

        let mut versions_statement = self
            .conn
            .prepare("SELECT repo_id, path, commit_id, time, content FROM repo_files ORDER BY repo_id, path, time, commit_id")
            .map_err(wrap)?;
        let repo_files = versions_statement
            .query_map([], |row| {
                let commit: String = row.get(2)?;
                Ok(RepoFile {
                    repo: name_of(row.get(0)?),
                    path: row.get(1)?,
                    commit: (!commit.is_empty()).then_some(commit),
                    time: row.get(3)?,
                    content: row.get(4)?,
                })
            })
            .map_err(wrap)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(wrap)?;

        let reviews = self.review_export(&name_of)?;
        Ok(Snapshot {
            repos: repo_rows.into_iter().map(|(_, name)| name).collect(),
            commits,
            repo_files,
            reviews,
        })
    }

    fn sqlite(&self, error: rusqlite::Error) -> StoreError {
        StoreError::Database {
            store: self.path.display().to_string(),
            message: error.to_string(),
        }
    }

    fn migrate(&mut self, from: i64) -> Result<(), StoreError> {
        for (index, migration) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            let store = self.path.display().to_string();
            let wrap = |error: rusqlite::Error| StoreError::Database {
                store: store.clone(),
                message: format!("migration {} failed: {error}", index + 1),
            };
            let tx = self.conn.transaction().map_err(wrap)?;
            tx.execute_batch(migration.sqlite).map_err(wrap)?;
            tx.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(wrap)?;
            tx.pragma_update(None, "user_version", (index + 1) as i64)
                .map_err(wrap)?;
            tx.commit().map_err(wrap)?;
        }
        Ok(())
    }

    fn review_export(&self, name_of: &dyn Fn(i64) -> String) -> Result<ReviewExport, StoreError> {
        let wrap = sqlite_error(&self.path);
        let mut export = ReviewExport::default();
        let mut statement = self
            .conn
            .prepare("SELECT repo_id, number, title, author, created, merge_commit, body FROM pull_requests ORDER BY repo_id, number")
            .map_err(wrap)?;
        export.pulls = statement
            .query_map([], |row| {
                Ok(PullRequest {
                    repo: name_of(row.get(0)?),
                    number: row.get(1)?,
                    title: row.get(2)?,
                    author: row.get(3)?,
                    created: row.get(4)?,
                    merge_commit: row.get(5)?,
                    body: row.get(6)?,
                })
            })
            .map_err(wrap)?
            .collect::<Result<_, _>>()
            .map_err(wrap)?;
        let mut statement = self
            .conn
            .prepare("SELECT repo_id, id, number, reviewer, state, time, comments FROM pull_reviews ORDER BY repo_id, time, id")
            .map_err(wrap)?;
        export.reviews = statement
            .query_map([], |row| {
                let state: String = row.get(4)?;
                Ok(PullReview {
                    repo: name_of(row.get(0)?),
                    id: row.get(1)?,
                    number: row.get(2)?,
                    reviewer: row.get(3)?,
                    state: ReviewState::from_key(&state).unwrap_or(ReviewState::Commented),
                    time: row.get(5)?,
                    comments: row.get(6)?,
                })
            })
            .map_err(wrap)?
            .collect::<Result<_, _>>()
            .map_err(wrap)?;
        let mut statement = self
            .conn
            .prepare("SELECT repo_id, number, reviewer, requested_by, time FROM review_requests ORDER BY repo_id, number, time, reviewer")
            .map_err(wrap)?;
        export.requests = statement
            .query_map([], |row| {
                Ok(ReviewRequest {
                    repo: name_of(row.get(0)?),
                    number: row.get(1)?,
                    reviewer: row.get(2)?,
                    requested_by: row.get(3)?,
                    time: row.get(4)?,
                })
            })
            .map_err(wrap)?
            .collect::<Result<_, _>>()
            .map_err(wrap)?;
        Ok(export)
    }
}

impl Backend for SqliteStore {
    fn location(&self) -> StoreLocation {
        StoreLocation::Sqlite(self.path.clone())
    }

    fn schema_version(&mut self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|e| self.sqlite(e))
    }

    /// Registers a repository (or updates its path) and returns its cursor.
    fn ensure_repository(&mut self, name: &str, path: &str) -> Result<Cursor, StoreError> {
        self.conn
            .execute(
                "INSERT INTO repositories (name, path) VALUES (?1, ?2) \
                 ON CONFLICT(name) DO UPDATE SET path = excluded.path",
                params![name, path],
            )
            .map_err(|e| self.sqlite(e))?;
        self.conn
            .query_row(
                "SELECT id, head FROM repositories WHERE name = ?1",
                params![name],
                |row| {
                    Ok(Cursor {
                        repo_id: row.get(0)?,
                        head: row.get(1)?,
                    })
                },
            )
            .map_err(|e| self.sqlite(e))
    }

    fn cursor(&mut self, name: &str) -> Result<Option<Cursor>, StoreError> {
        self.conn
            .query_row(
                "SELECT id, head FROM repositories WHERE name = ?1",
                params![name],
                |row| {
                    Ok(Cursor {
                        repo_id: row.get(0)?,
                        head: row.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    fn stored_commit_ids(&mut self, repo_id: i64) -> Result<HashSet<String>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id FROM commits WHERE repo_id = ?1")
            .map_err(|e| self.sqlite(e))?;
        let ids = statement
            .query_map(params![repo_id], |row| row.get::<_, String>(0))
            .map_err(|e| self.sqlite(e))?
            .collect::<Result<HashSet<_>, _>>()
            .map_err(|e| self.sqlite(e))?;
        Ok(ids)
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

    /// Writes commits and the file versions found in them, all or nothing.
    fn write_batch(
        &mut self,
        repo_id: i64,
        commits: &[Commit],
        files: &[RepoFile],
    ) -> Result<(), StoreError> {
        let wrap = sqlite_error(&self.path);
        // A savepoint: its own transaction, or part of an open group.
        let tx = self.conn.savepoint().map_err(wrap)?;
        {
            let mut insert_commit = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO commits (repo_id, id, author_name, author_email, author_time, \
                     committer_name, committer_email, committer_time, message, parent_count, parents) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )
                .map_err(wrap)?;
            let mut insert_file = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO file_changes (repo_id, commit_id, seq, path, added, removed, binary) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(wrap)?;
            // In key order: each page of the tables is then visited once
            // per batch, while it is still in the page cache.
            let mut ordered: Vec<&Commit> = commits.iter().collect();
            ordered.sort_unstable_by(|a, b| a.id.cmp(&b.id));
            for commit in ordered {
                insert_commit
                    .execute(params![
                        repo_id,
                        commit.id,
                        commit.author.name,
                        commit.author.email,
                        commit.author_time,
                        commit.committer.name,
                        commit.committer.email,
                        commit.committer_time,
                        commit.message,
                        commit.parent_count,
                        commit.parents.join(" "),
                    ])
                    .map_err(wrap)?;
                for (seq, file) in commit.files.iter().enumerate() {
                    insert_file
                        .execute(params![
                            repo_id,
                            commit.id,
                            seq as i64,
                            file.path,
                            file.added,
                            file.removed,
                            file.binary
                        ])
                        .map_err(wrap)?;
                }
            }
            write_repo_files(&tx, repo_id, files).map_err(wrap)?;
        }
        tx.commit().map_err(wrap)
    }

    /// Ends a repository's run: drops commits the branch no longer reaches,
    /// replaces the HEAD versions of files, and moves the cursor.
    fn finish_repository(
        &mut self,
        repo_id: i64,
        head: Option<&str>,
        stale: &[String],
        head_files: &[RepoFile],
        collected_at: i64,
    ) -> Result<(), StoreError> {
        let wrap = sqlite_error(&self.path);
        // A savepoint: its own transaction, or part of an open group.
        let tx = self.conn.savepoint().map_err(wrap)?;
        {
            let mut delete_commit = tx
                .prepare_cached("DELETE FROM commits WHERE repo_id = ?1 AND id = ?2")
                .map_err(wrap)?;
            let mut delete_files = tx
                .prepare_cached("DELETE FROM file_changes WHERE repo_id = ?1 AND commit_id = ?2")
                .map_err(wrap)?;
            let mut delete_versions = tx
                .prepare_cached("DELETE FROM repo_files WHERE repo_id = ?1 AND commit_id = ?2")
                .map_err(wrap)?;
            for id in stale {
                delete_commit.execute(params![repo_id, id]).map_err(wrap)?;
                delete_files.execute(params![repo_id, id]).map_err(wrap)?;
                delete_versions
                    .execute(params![repo_id, id])
                    .map_err(wrap)?;
            }
            tx.execute(
                "DELETE FROM repo_files WHERE repo_id = ?1 AND commit_id = ''",
                params![repo_id],
            )
            .map_err(wrap)?;
            write_repo_files(&tx, repo_id, head_files).map_err(wrap)?;
            tx.execute(
                "UPDATE repositories SET head = ?2, collected_at = ?3 WHERE id = ?1",
                params![repo_id, head, collected_at],
            )
            .map_err(wrap)?;
        }
        tx.commit().map_err(wrap)
    }

    /// Reads what resolution needs: every repository, the commits in `window`
    /// (all of them when `None`), and every stored file version.
    fn snapshot(&mut self, window: Option<Window>) -> Result<Snapshot, StoreError> {
        // A snapshot reads every table once, in order: pages are read in
        // place from a memory map instead of being copied into the page
        // cache, which the writers' 64 MiB would fill to no use (a third of
        // the snapshot's time and 46 MB for 100,000 commits). Both settings
        // are put back whatever the outcome.
        self.pragma(&format!("PRAGMA mmap_size = {SNAPSHOT_MMAP_BYTES}"))?;
        self.pragma(&format!("PRAGMA cache_size = {SNAPSHOT_CACHE}"))?;
        let snapshot = self.read_snapshot(window);
        let restored = self
            .pragma("PRAGMA mmap_size = 0")
            .and_then(|()| self.pragma(&format!("PRAGMA cache_size = {WRITER_CACHE}")));
        let snapshot = snapshot?;
        restored?;
        Ok(snapshot)
    }

    /// Replaces a repository's code-review export, all or nothing.
    fn replace_review_export(
        &mut self,
        repo_id: i64,
        export: &ReviewExport,
    ) -> Result<(), StoreError> {
        let wrap = sqlite_error(&self.path);
        let tx = self.conn.transaction().map_err(wrap)?;
        write_export(&tx, repo_id, export).map_err(wrap)?;
        tx.commit().map_err(wrap)
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

    fn repositories(&mut self) -> Result<Vec<RepositoryRow>, StoreError> {
        let wrap = sqlite_error(&self.path);
        let mut statement = self
            .conn
            .prepare("SELECT id, name, path, head, collected_at FROM repositories ORDER BY name")
            .map_err(wrap)?;
        statement
            .query_map([], |row| {
                Ok(RepositoryRow {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    path: row.get(2)?,
                    head: row.get(3)?,
                    collected_at: row.get(4)?,
                })
            })
            .map_err(wrap)?
            .collect::<Result<_, _>>()
            .map_err(wrap)
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
        let wrap = sqlite_error(&self.path);
        let mut statement = self
            .conn
            .prepare("SELECT kind, hash FROM forgotten")
            .map_err(wrap)?;
        statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(wrap)?
            .collect::<Result<_, _>>()
            .map_err(wrap)
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
        self.conn
            .execute(
                "INSERT INTO settings (name, value) VALUES (?1, ?2) \
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                [name, value],
            )
            .map(drop)
            .map_err(|e| self.sqlite(e))
    }

    fn rewrite(&mut self, rewrite: &Rewrite) -> Result<(), StoreError> {
        let wrap = sqlite_error(&self.path);
        let tx = self.conn.transaction().map_err(wrap)?;
        {
            let mut forget = tx
                .prepare_cached("INSERT OR IGNORE INTO forgotten (kind, hash) VALUES (?1, ?2)")
                .map_err(wrap)?;
            for (kind, hash) in &rewrite.forgotten {
                forget.execute(params![kind, hash]).map_err(wrap)?;
            }
            let mut update = tx
                .prepare_cached(
                    "UPDATE commits SET author_name = ?3, author_email = ?4, committer_name = ?5, \
                     committer_email = ?6, message = ?7 WHERE repo_id = ?1 AND id = ?2",
                )
                .map_err(wrap)?;
            for (repo_id, commit) in &rewrite.commits {
                update
                    .execute(params![
                        repo_id,
                        commit.id,
                        commit.author.name,
                        commit.author.email,
                        commit.committer.name,
                        commit.committer.email,
                        commit.message
                    ])
                    .map_err(wrap)?;
            }
            for (repo_id, export) in &rewrite.exports {
                write_export(&tx, *repo_id, export).map_err(wrap)?;
            }
            let mut update_file = tx
                .prepare_cached(
                    "UPDATE repo_files SET content = ?4 WHERE repo_id = ?1 AND path = ?2 AND commit_id = ?3",
                )
                .map_err(wrap)?;
            for (repo_id, file) in &rewrite.files {
                update_file
                    .execute(params![
                        repo_id,
                        file.path,
                        file.commit.as_deref().unwrap_or(""),
                        file.content
                    ])
                    .map_err(wrap)?;
            }
        }
        tx.commit().map_err(wrap)
    }
}

/// Maps SQLite errors to the store's error, naming the file; a function so
/// that it does not borrow the store while a transaction does.
fn sqlite_error(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + Copy + '_ {
    move |error| StoreError::Database {
        store: path.display().to_string(),
        message: error.to_string(),
    }
}

fn write_repo_files(
    tx: &rusqlite::Connection,
    repo_id: i64,
    files: &[RepoFile],
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO repo_files (repo_id, path, commit_id, time, content) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for file in files {
        insert.execute(params![
            repo_id,
            file.path,
            file.commit.as_deref().unwrap_or(""),
            file.time,
            file.content
        ])?;
    }
    Ok(())
}

/// Replaces a repository's code-review rows inside a transaction.
fn write_export(
    tx: &rusqlite::Transaction<'_>,
    repo_id: i64,
    export: &ReviewExport,
) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM pull_requests WHERE repo_id = ?1",
        params![repo_id],
    )?;
    tx.execute(
        "DELETE FROM pull_reviews WHERE repo_id = ?1",
        params![repo_id],
    )?;
    tx.execute(
        "DELETE FROM review_requests WHERE repo_id = ?1",
        params![repo_id],
    )?;
    {
        let mut pulls = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO pull_requests (repo_id, number, title, author, created, merge_commit, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                ?;
        for pull in &export.pulls {
            pulls.execute(params![
                repo_id,
                pull.number,
                pull.title,
                pull.author,
                pull.created,
                pull.merge_commit,
                pull.body
            ])?;
        }
        let mut reviews = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO pull_reviews (repo_id, id, number, reviewer, state, time, comments) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                ?;
        for review in &export.reviews {
            reviews.execute(params![
                repo_id,
                review.id,
                review.number,
                review.reviewer,
                review.state.key(),
                review.time,
                review.comments
            ])?;
        }
        let mut requests = tx
                .prepare_cached(
                    "INSERT INTO review_requests (repo_id, number, reviewer, requested_by, time) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                ?;
        for request in &export.requests {
            requests.execute(params![
                repo_id,
                request.number,
                request.reviewer,
                request.requested_by,
                request.time
            ])?;
        }
    }
    Ok(())
}
