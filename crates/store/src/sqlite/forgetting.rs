//! Forgetting a person in SQLite: the hashes of forgotten identities, and
//! the one transaction that records new ones and rewrites the rows that
//! named them (see `forget.rs` for what is rewritten and why).

use rusqlite::params;

use super::reviews::write_export;
use super::{SqliteStore, sqlite_error};
use crate::StoreError;
use crate::forget::Rewrite;
use model::{Commit, RepoFile};

/// Every forgotten identity as `(kind, hash)`.
pub(super) fn forgotten(store: &mut SqliteStore) -> Result<Vec<(String, String)>, StoreError> {
    let wrap = sqlite_error(&store.path);
    let mut statement = store
        .conn
        .prepare("SELECT kind, hash FROM forgotten")
        .map_err(wrap)?;
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .map_err(wrap)?
        .collect::<Result<_, _>>()
        .map_err(wrap)
}

/// Records forgotten identities and rewrites the rows that named them,
/// all in one transaction.
pub(super) fn rewrite(store: &mut SqliteStore, rewrite: &Rewrite) -> Result<(), StoreError> {
    let wrap = sqlite_error(&store.path);
    let tx = store.conn.transaction().map_err(wrap)?;
    record_forgotten(&tx, &rewrite.forgotten).map_err(wrap)?;
    update_commits(&tx, &rewrite.commits).map_err(wrap)?;
    for (repo_id, export) in &rewrite.exports {
        write_export(&tx, *repo_id, export).map_err(wrap)?;
    }
    update_files(&tx, &rewrite.files).map_err(wrap)?;
    tx.execute(crate::migrations::BUMP_GENERATION, [])
        .map_err(wrap)?;
    tx.execute(crate::migrations::DROP_RESULTS, [])
        .map_err(wrap)?;
    tx.commit().map_err(wrap)
}

fn record_forgotten(tx: &rusqlite::Connection, rows: &[(String, String)]) -> rusqlite::Result<()> {
    let mut forget =
        tx.prepare_cached("INSERT OR IGNORE INTO forgotten (kind, hash) VALUES (?1, ?2)")?;
    for (kind, hash) in rows {
        forget.execute(params![kind, hash])?;
    }
    Ok(())
}

/// Rewrites the identity columns and the message of each commit.
fn update_commits(tx: &rusqlite::Connection, commits: &[(i64, Commit)]) -> rusqlite::Result<()> {
    let mut update = tx.prepare_cached(
        "UPDATE commits SET author_name = ?3, author_email = ?4, committer_name = ?5, \
         committer_email = ?6, message = ?7 WHERE repo_id = ?1 AND id = ?2",
    )?;
    for (repo_id, commit) in commits {
        update.execute(params![
            repo_id,
            commit.id,
            commit.author.name,
            commit.author.email,
            commit.committer.name,
            commit.committer.email,
            commit.message
        ])?;
    }
    Ok(())
}

/// Rewrites the content of each file version.
fn update_files(tx: &rusqlite::Connection, files: &[(i64, RepoFile)]) -> rusqlite::Result<()> {
    let mut update_file = tx.prepare_cached(
        "UPDATE repo_files SET content = ?4 WHERE repo_id = ?1 AND path = ?2 AND commit_id = ?3",
    )?;
    for (repo_id, file) in files {
        update_file.execute(params![
            repo_id,
            file.path,
            file.commit.as_deref().unwrap_or(""),
            file.content
        ])?;
    }
    Ok(())
}
