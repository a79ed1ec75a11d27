//! The store: one SQLite file holding raw events as collected.
//!
//! Only this module knows SQL. The schema is versioned with `PRAGMA
//! user_version`; each migration runs in its own transaction and a store
//! written by an older version is migrated forward, never rebuilt. Every write
//! is one transaction, so an interrupted collect leaves the store as it was
//! before the batch being written.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::model::{
    Commit, FileChange, PullRequest, PullReview, RepoFile, ReviewExport, ReviewRequest,
    ReviewState, Window, parse_trailers,
};

/// Written into every store so that another SQLite file is never mistaken for one.
const APPLICATION_ID: i64 = 0x5354_4653; // "STFS"

/// Migrations, in order; the store's `user_version` is how many have run.
const MIGRATIONS: &[&str] = &[
    // 1: repositories, commits, their files, and the files resolution reads.
    r#"
    CREATE TABLE repositories (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        head TEXT,
        collected_at INTEGER
    );
    CREATE TABLE commits (
        repo_id INTEGER NOT NULL REFERENCES repositories(id),
        id TEXT NOT NULL,
        author_name TEXT NOT NULL,
        author_email TEXT NOT NULL,
        author_time INTEGER NOT NULL,
        committer_name TEXT NOT NULL,
        committer_email TEXT NOT NULL,
        committer_time INTEGER NOT NULL,
        message TEXT NOT NULL,
        parent_count INTEGER NOT NULL,
        PRIMARY KEY (repo_id, id)
    ) WITHOUT ROWID;
    CREATE INDEX commits_by_time ON commits(author_time);
    CREATE TABLE file_changes (
        repo_id INTEGER NOT NULL,
        commit_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        path TEXT NOT NULL,
        added INTEGER NOT NULL,
        removed INTEGER NOT NULL,
        binary INTEGER NOT NULL,
        PRIMARY KEY (repo_id, commit_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE repo_files (
        repo_id INTEGER NOT NULL,
        path TEXT NOT NULL,
        commit_id TEXT NOT NULL,
        time INTEGER NOT NULL,
        content TEXT,
        PRIMARY KEY (repo_id, path, commit_id)
    ) WITHOUT ROWID;
    "#,
    // 2: parent ids, so merges can be traced to the branch they merged.
    r#"
    ALTER TABLE commits ADD COLUMN parents TEXT NOT NULL DEFAULT '';
    "#,
    // 3: code review exports: pull requests, reviews, review requests.
    r#"
    CREATE TABLE pull_requests (
        repo_id INTEGER NOT NULL,
        number INTEGER NOT NULL,
        title TEXT NOT NULL,
        author TEXT NOT NULL,
        created INTEGER NOT NULL,
        merge_commit TEXT,
        PRIMARY KEY (repo_id, number)
    ) WITHOUT ROWID;
    CREATE TABLE pull_reviews (
        repo_id INTEGER NOT NULL,
        id TEXT NOT NULL,
        number INTEGER NOT NULL,
        reviewer TEXT NOT NULL,
        state TEXT NOT NULL,
        time INTEGER NOT NULL,
        comments INTEGER NOT NULL,
        PRIMARY KEY (repo_id, id)
    ) WITHOUT ROWID;
    CREATE TABLE review_requests (
        repo_id INTEGER NOT NULL,
        number INTEGER NOT NULL,
        reviewer TEXT NOT NULL,
        requested_by TEXT,
        time INTEGER NOT NULL
    );
    CREATE INDEX review_requests_by_repo ON review_requests(repo_id, number);
    "#,
    // 4: OWNERS and MAINTAINERS files are now read at HEAD; forgetting the
    // cursors makes the next collect read them (commits are not read again).
    r#"
    UPDATE repositories SET head = NULL;
    "#,
    // 5: documents are now read at HEAD; again, forget the cursors.
    r#"
    UPDATE repositories SET head = NULL;
    "#,
    // 6: pull-request descriptions, for the documents they cite (exports are
    // read again on every collect, so nothing needs forgetting).
    r#"
    ALTER TABLE pull_requests ADD COLUMN body TEXT NOT NULL DEFAULT '';
    "#,
];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: no store here yet\nhint: run `staffscope collect` first")]
    Missing { path: PathBuf },
    #[error(
        "{path}: not a staffscope store, or the file is damaged ({message})\nhint: staffscope will not overwrite it; move it aside or set `store` in staffscope.toml to another file, then run `staffscope collect`"
    )]
    NotAStore { path: PathBuf, message: String },
    #[error(
        "{path}: written by a newer staffscope (schema {found}, this one knows {known})\nhint: upgrade staffscope"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{path}: {message}")]
    Sqlite { path: PathBuf, message: String },
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// What the store remembers of a repository between runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub repo_id: i64,
    pub head: Option<String>,
}

/// Everything the resolver reads from the store.
pub struct Snapshot {
    pub repos: Vec<String>,
    pub commits: Vec<Commit>,
    pub repo_files: Vec<RepoFile>,
    pub reviews: ReviewExport,
}

impl Store {
    /// Opens the store, creating it if the file does not exist.
    pub fn open_or_create(path: &Path) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent).map_err(|error| StoreError::Sqlite {
                path: path.to_path_buf(),
                message: format!("cannot create its folder: {error}"),
            })?;
        }
        Store::open_with(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )
    }

    /// Opens a store that must already exist.
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        Store::open_with(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
    }

    fn open_with(path: &Path, flags: OpenFlags) -> Result<Store, StoreError> {
        let not_a_store = |message: String| StoreError::NotAStore {
            path: path.to_path_buf(),
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
                path: path.to_path_buf(),
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
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.pragma("PRAGMA journal_mode = WAL")?;
        store.pragma("PRAGMA synchronous = NORMAL")?;
        store.pragma("PRAGMA foreign_keys = ON")?;
        // Commit ids are random keys, so a batch touches pages all over the
        // tables; SQLite's default 2 MiB page cache made every batch read
        // them back from the file (a third of collect's time in profiles).
        store.pragma("PRAGMA cache_size = -65536")?;
        store.migrate(version)?;
        Ok(store)
    }

    fn pragma(&self, sql: &str) -> Result<(), StoreError> {
        // journal_mode answers with a row; the others do not.
        let mut statement = self.conn.prepare(sql).map_err(|e| self.sqlite(e))?;
        let mut rows = statement.query([]).map_err(|e| self.sqlite(e))?;
        while rows.next().map_err(|e| self.sqlite(e))?.is_some() {}
        Ok(())
    }

    fn sqlite(&self, error: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            message: error.to_string(),
        }
    }

    fn migrate(&mut self, from: i64) -> Result<(), StoreError> {
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            let path = self.path.clone();
            let wrap = |error: rusqlite::Error| StoreError::Sqlite {
                path: path.clone(),
                message: format!("migration {} failed: {error}", index + 1),
            };
            let tx = self.conn.transaction().map_err(wrap)?;
            tx.execute_batch(sql).map_err(wrap)?;
            tx.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(wrap)?;
            tx.pragma_update(None, "user_version", (index + 1) as i64)
                .map_err(wrap)?;
            tx.commit().map_err(wrap)?;
        }
        Ok(())
    }

    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|e| self.sqlite(e))
    }

    /// Registers a repository (or updates its path) and returns its cursor.
    pub fn ensure_repository(&mut self, name: &str, path: &str) -> Result<Cursor, StoreError> {
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

    pub fn cursor(&self, name: &str) -> Result<Option<Cursor>, StoreError> {
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

    pub fn stored_commit_ids(&self, repo_id: i64) -> Result<HashSet<String>, StoreError> {
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

    /// Writes commits and the file versions found in them, all or nothing.
    pub fn write_batch(
        &mut self,
        repo_id: i64,
        commits: &[Commit],
        files: &[RepoFile],
    ) -> Result<(), StoreError> {
        let wrap = sqlite_error(&self.path);
        let tx = self.conn.transaction().map_err(wrap)?;
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
            for commit in commits {
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
    pub fn finish_repository(
        &mut self,
        repo_id: i64,
        head: Option<&str>,
        stale: &[String],
        head_files: &[RepoFile],
        collected_at: i64,
    ) -> Result<(), StoreError> {
        let wrap = sqlite_error(&self.path);
        let tx = self.conn.transaction().map_err(wrap)?;
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
    pub fn snapshot(&self, window: Option<Window>) -> Result<Snapshot, StoreError> {
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

        let mut files_statement = self
            .conn
            .prepare(
                "SELECT f.repo_id, f.commit_id, f.path, f.added, f.removed, f.binary \
                 FROM file_changes f JOIN commits c ON c.repo_id = f.repo_id AND c.id = f.commit_id \
                 WHERE c.author_time >= ?1 AND c.author_time < ?2 \
                 ORDER BY f.repo_id, f.commit_id, f.seq",
            )
            .map_err(wrap)?;
        let mut files_by_commit: std::collections::HashMap<(i64, String), Vec<FileChange>> =
            std::collections::HashMap::new();
        let rows = files_statement
            .query_map(params![since, until], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    FileChange {
                        path: row.get(2)?,
                        added: row.get(3)?,
                        removed: row.get(4)?,
                        binary: row.get(5)?,
                    },
                ))
            })
            .map_err(wrap)?;
        for row in rows {
            let (repo_id, commit_id, file) = row.map_err(wrap)?;
            files_by_commit
                .entry((repo_id, commit_id))
                .or_default()
                .push(file);
        }

        let mut commits_statement = self
            .conn
            .prepare(
                "SELECT repo_id, id, author_name, author_email, author_time, committer_name, \
                 committer_email, committer_time, message, parent_count, parents \
                 FROM commits WHERE author_time >= ?1 AND author_time < ?2 ORDER BY repo_id, id",
            )
            .map_err(wrap)?;
        let rows = commits_statement
            .query_map(params![since, until], |row| {
                let repo_id: i64 = row.get(0)?;
                let message: String = row.get(8)?;
                let commit = Commit {
                    repo: name_of(repo_id),
                    id: row.get(1)?,
                    author: crate::model::Signature {
                        name: row.get(2)?,
                        email: row.get(3)?,
                    },
                    author_time: row.get(4)?,
                    committer: crate::model::Signature {
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
        let mut commits = Vec::new();
        for row in rows {
            let (repo_id, mut commit) = row.map_err(wrap)?;
            if let Some(files) = files_by_commit.remove(&(repo_id, commit.id.clone())) {
                commit.files = files;
            }
            commits.push(commit);
        }

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

    /// Replaces a repository's code-review export, all or nothing.
    pub fn replace_review_export(
        &mut self,
        repo_id: i64,
        export: &ReviewExport,
    ) -> Result<(), StoreError> {
        let wrap = sqlite_error(&self.path);
        let tx = self.conn.transaction().map_err(wrap)?;
        for table in ["pull_requests", "pull_reviews", "review_requests"] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE repo_id = ?1"),
                params![repo_id],
            )
            .map_err(wrap)?;
        }
        {
            let mut pulls = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO pull_requests (repo_id, number, title, author, created, merge_commit, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(wrap)?;
            for pull in &export.pulls {
                pulls
                    .execute(params![
                        repo_id,
                        pull.number,
                        pull.title,
                        pull.author,
                        pull.created,
                        pull.merge_commit,
                        pull.body
                    ])
                    .map_err(wrap)?;
            }
            let mut reviews = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO pull_reviews (repo_id, id, number, reviewer, state, time, comments) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(wrap)?;
            for review in &export.reviews {
                reviews
                    .execute(params![
                        repo_id,
                        review.id,
                        review.number,
                        review.reviewer,
                        review.state.key(),
                        review.time,
                        review.comments
                    ])
                    .map_err(wrap)?;
            }
            let mut requests = tx
                .prepare_cached(
                    "INSERT INTO review_requests (repo_id, number, reviewer, requested_by, time) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(wrap)?;
            for request in &export.requests {
                requests
                    .execute(params![
                        repo_id,
                        request.number,
                        request.reviewer,
                        request.requested_by,
                        request.time
                    ])
                    .map_err(wrap)?;
            }
        }
        tx.commit().map_err(wrap)
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

    /// Counts for the user: repositories, commits, file changes.
    pub fn counts(&self) -> Result<(i64, i64, i64), StoreError> {
        self.conn
            .query_row(
                "SELECT (SELECT count(*) FROM repositories), (SELECT count(*) FROM commits), (SELECT count(*) FROM file_changes)",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .map_err(|e| self.sqlite(e))
    }
}

/// Maps SQLite errors to the store's error, naming the file; a function so
/// that it does not borrow the store while a transaction does.
fn sqlite_error(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + Copy + '_ {
    move |error| StoreError::Sqlite {
        path: path.to_path_buf(),
        message: error.to_string(),
    }
}

fn write_repo_files(
    tx: &rusqlite::Transaction<'_>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Signature;

    fn commit(id: &str, time: i64) -> Commit {
        let message = "fix it\n\nReviewed-by: Bo <bo@x.example>\n".to_string();
        Commit {
            repo: "r".into(),
            id: id.into(),
            author: Signature {
                name: "Ana".into(),
                email: "ana@x.example".into(),
            },
            author_time: time,
            committer: Signature {
                name: "Ana".into(),
                email: "ana@x.example".into(),
            },
            committer_time: time,
            trailers: parse_trailers(&message),
            message,
            parent_count: 1,
            parents: vec!["0".repeat(40)],
            files: vec![FileChange {
                path: "src/a.rs".into(),
                added: 3,
                removed: 1,
                binary: false,
            }],
        }
    }

    #[test]
    fn round_trip_and_stale_removal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s/store.sqlite");
        let mut store = Store::open_or_create(&path).unwrap();
        let cursor = store.ensure_repository("r", "/repos/r").unwrap();
        assert_eq!(cursor.head, None);
        store
            .write_batch(cursor.repo_id, &[commit("a1", 10), commit("b2", 20)], &[])
            .unwrap();
        store
            .finish_repository(cursor.repo_id, Some("b2"), &["a1".to_string()], &[], 99)
            .unwrap();
        drop(store);
        let store = Store::open_existing(&path).unwrap();
        assert_eq!(
            store.cursor("r").unwrap().unwrap().head.as_deref(),
            Some("b2")
        );
        let snapshot = store.snapshot(None).unwrap();
        assert_eq!(snapshot.commits, vec![commit("b2", 20)]);
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
    }

    #[test]
    fn a_store_written_by_schema_1_is_migrated_without_losing_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(MIGRATIONS[0]).unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute(
                "INSERT INTO repositories (id, name, path, head) VALUES (1, 'r', 'r', 'b2')",
                [],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO commits VALUES (1, 'b2', 'Ana', 'ana@x.example', 20, 'Ana', 'ana@x.example', 20, 'old commit', 1)",
                [],
            )
            .unwrap();
        }
        let store = Store::open_existing(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        let snapshot = store.snapshot(None).unwrap();
        assert_eq!(snapshot.commits.len(), 1);
        assert_eq!(snapshot.commits[0].message, "old commit");
        assert!(snapshot.commits[0].parents.is_empty());
        // Migration 4 forgets cursors so the next collect reads the files at
        // HEAD again; the commits themselves stay.
        assert_eq!(store.cursor("r").unwrap().unwrap().head, None);
    }

    #[test]
    fn window_filters_commits() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_or_create(&dir.path().join("store.sqlite")).unwrap();
        let cursor = store.ensure_repository("r", "r").unwrap();
        store
            .write_batch(cursor.repo_id, &[commit("a1", 10), commit("b2", 20)], &[])
            .unwrap();
        let snapshot = store
            .snapshot(Some(Window {
                since: 15,
                until: 25,
            }))
            .unwrap();
        assert_eq!(snapshot.commits.len(), 1);
        assert_eq!(snapshot.commits[0].id, "b2");
    }

    #[test]
    fn refuses_files_that_are_not_stores() {
        let dir = tempfile::tempdir().unwrap();
        let garbage = dir.path().join("garbage.sqlite");
        std::fs::write(
            &garbage,
            b"this is not a database, it is a text file with enough bytes to look like one maybe",
        )
        .unwrap();
        let error = Store::open_or_create(&garbage).err().unwrap().to_string();
        assert!(error.contains("not a staffscope store"), "{error}");
        // The user's file is untouched.
        assert!(
            std::fs::read(&garbage)
                .unwrap()
                .starts_with(b"this is not a database")
        );

        let other = dir.path().join("other.sqlite");
        let conn = Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        drop(conn);
        let error = Store::open_or_create(&other).err().unwrap().to_string();
        assert!(error.contains("another program"), "{error}");

        let missing = Store::open_existing(&dir.path().join("nope.sqlite"))
            .err()
            .unwrap()
            .to_string();
        assert!(
            missing.contains("run `staffscope collect` first"),
            "{missing}"
        );
    }

    #[test]
    fn truncated_store_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        {
            let mut store = Store::open_or_create(&path).unwrap();
            let cursor = store.ensure_repository("r", "r").unwrap();
            let many: Vec<Commit> = (0..300).map(|i| commit(&format!("{i:040}"), i)).collect();
            store.write_batch(cursor.repo_id, &many, &[]).unwrap();
            store.pragma("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
        }
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        let _ = std::fs::remove_file(dir.path().join("store.sqlite-wal"));
        let _ = std::fs::remove_file(dir.path().join("store.sqlite-shm"));
        let error = Store::open_existing(&path).err().map(|e| e.to_string());
        let error = error.expect("a truncated store must not open silently");
        assert!(
            error.contains("damaged") || error.contains("not a staffscope store"),
            "{error}"
        );
        assert_eq!(std::fs::read(&path).unwrap().len(), bytes.len() / 2);
    }
}
