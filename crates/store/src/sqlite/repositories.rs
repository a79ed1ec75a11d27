//! What a collect writes for each repository, in SQLite: registering it and
//! reading its cursor, its commits with their file changes, the file
//! versions found in them, and the end of its run that moves the cursor.

use std::collections::HashSet;

use rusqlite::{OptionalExtension, params};

use super::{SqliteStore, sqlite_error};
use crate::migrations::BUMP_GENERATION;
use crate::{Cursor, RepositoryRow, StoreError};
use model::{Commit, RepoFile};

/// Registers a repository (or updates its path) and returns its cursor.
pub(super) fn ensure_repository(
    store: &mut SqliteStore,
    name: &str,
    path: &str,
) -> Result<Cursor, StoreError> {
    let wrap = sqlite_error(&store.path);
    // A savepoint: its own transaction, or part of an open group.
    let tx = store.conn.savepoint().map_err(wrap)?;
    let changed = tx
        .execute(
            "INSERT INTO repositories (name, path) VALUES (?1, ?2) \
             ON CONFLICT(name) DO UPDATE SET path = excluded.path \
             WHERE path IS NOT excluded.path",
            params![name, path],
        )
        .map_err(wrap)?;
    // A repository known at this path is not a write: a collect with
    // nothing new leaves the results kept for the store valid.
    if changed > 0 {
        tx.execute(BUMP_GENERATION, []).map_err(wrap)?;
    }
    let cursor = tx
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
        .map_err(wrap)?;
    tx.commit().map_err(wrap)?;
    Ok(cursor)
}

pub(super) fn cursor(store: &mut SqliteStore, name: &str) -> Result<Option<Cursor>, StoreError> {
    store
        .conn
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
        .map_err(|e| store.sqlite(e))
}

pub(super) fn repositories(store: &mut SqliteStore) -> Result<Vec<RepositoryRow>, StoreError> {
    let wrap = sqlite_error(&store.path);
    let mut statement = store
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

pub(super) fn stored_commit_ids(
    store: &mut SqliteStore,
    repo_id: i64,
) -> Result<HashSet<String>, StoreError> {
    let mut statement = store
        .conn
        .prepare_cached("SELECT id FROM commits WHERE repo_id = ?1")
        .map_err(|e| store.sqlite(e))?;
    let ids = statement
        .query_map(params![repo_id], |row| row.get::<_, String>(0))
        .map_err(|e| store.sqlite(e))?
        .collect::<Result<HashSet<_>, _>>()
        .map_err(|e| store.sqlite(e))?;
    Ok(ids)
}

/// Writes commits and the file versions found in them, all or nothing.
pub(super) fn write_batch(
    store: &mut SqliteStore,
    repo_id: i64,
    commits: &[Commit],
    files: &[RepoFile],
) -> Result<(), StoreError> {
    let wrap = sqlite_error(&store.path);
    // A savepoint: its own transaction, or part of an open group.
    let tx = store.conn.savepoint().map_err(wrap)?;
    write_commits(&tx, repo_id, commits).map_err(wrap)?;
    write_repo_files(&tx, repo_id, files).map_err(wrap)?;
    tx.execute(BUMP_GENERATION, []).map_err(wrap)?;
    tx.commit().map_err(wrap)
}

/// Commits and their file changes, replacing rows with the same keys.
fn write_commits(
    tx: &rusqlite::Connection,
    repo_id: i64,
    commits: &[Commit],
) -> rusqlite::Result<()> {
    let mut insert_commit = tx.prepare_cached(
        "INSERT OR REPLACE INTO commits (repo_id, id, author_name, author_email, author_time, \
         committer_name, committer_email, committer_time, message, parent_count, parents) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let mut insert_file = tx.prepare_cached(
        "INSERT OR REPLACE INTO file_changes (repo_id, commit_id, seq, path, added, removed, binary) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    // In key order: each page of the tables is then visited once
    // per batch, while it is still in the page cache.
    let mut ordered: Vec<&Commit> = commits.iter().collect();
    ordered.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    for commit in ordered {
        insert_commit.execute(params![
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
        ])?;
        for (seq, file) in commit.files.iter().enumerate() {
            insert_file.execute(params![
                repo_id,
                commit.id,
                seq as i64,
                file.path,
                file.added,
                file.removed,
                file.binary
            ])?;
        }
    }
    Ok(())
}

/// Ends a repository's run: drops commits the branch no longer reaches,
/// replaces the HEAD versions of files, and moves the cursor.
pub(super) fn finish_repository(
    store: &mut SqliteStore,
    repo_id: i64,
    head: Option<&str>,
    stale: &[String],
    head_files: &[RepoFile],
    collected_at: i64,
) -> Result<(), StoreError> {
    let wrap = sqlite_error(&store.path);
    // A savepoint: its own transaction, or part of an open group.
    let tx = store.conn.savepoint().map_err(wrap)?;
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
        tx.execute(BUMP_GENERATION, []).map_err(wrap)?;
    }
    tx.commit().map_err(wrap)
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
