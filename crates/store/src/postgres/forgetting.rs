//! Forgetting a person in PostgreSQL: the hashes of forgotten identities,
//! and the one transaction that records new ones and rewrites the rows that
//! named them (see `forget.rs` for what is rewritten and why).

use postgres::Transaction;

use super::reviews::write_export;
use super::{PostgresStore, postgres_error};
use crate::StoreError;
use crate::forget::Rewrite;
use model::{Commit, RepoFile};

/// Every forgotten identity as `(kind, hash)`.
pub(super) fn forgotten(store: &mut PostgresStore) -> Result<Vec<(String, String)>, StoreError> {
    let rows = store
        .client
        .query("SELECT kind, hash FROM forgotten", &[])
        .map_err(|e| store.error(e))?;
    Ok(rows.iter().map(|row| (row.get(0), row.get(1))).collect())
}

/// Records forgotten identities and rewrites the rows that named them,
/// all in one transaction.
pub(super) fn rewrite(store: &mut PostgresStore, rewrite: &Rewrite) -> Result<(), StoreError> {
    let wrap = postgres_error(&store.url);
    let mut tx = store.client.transaction().map_err(wrap)?;
    record_forgotten(&mut tx, &rewrite.forgotten).map_err(wrap)?;
    update_commits(&mut tx, &rewrite.commits).map_err(wrap)?;
    for (repo_id, export) in &rewrite.exports {
        write_export(&mut tx, *repo_id, export).map_err(wrap)?;
    }
    update_files(&mut tx, &rewrite.files).map_err(wrap)?;
    tx.execute(crate::migrations::BUMP_GENERATION, &[])
        .map_err(wrap)?;
    tx.execute(crate::migrations::DROP_RESULTS, &[])
        .map_err(wrap)?;
    tx.commit().map_err(wrap)
}

fn record_forgotten(
    tx: &mut Transaction<'_>,
    rows: &[(String, String)],
) -> Result<(), postgres::Error> {
    let forget = tx.prepare(
        "INSERT INTO forgotten (kind, hash) VALUES ($1, $2) ON CONFLICT (kind, hash) DO NOTHING",
    )?;
    for (kind, hash) in rows {
        tx.execute(&forget, &[kind, hash])?;
    }
    Ok(())
}

/// Rewrites the identity columns and the message of each commit.
fn update_commits(
    tx: &mut Transaction<'_>,
    commits: &[(i64, Commit)],
) -> Result<(), postgres::Error> {
    let update = tx.prepare(
        "UPDATE commits SET author_name = $3, author_email = $4, committer_name = $5, \
         committer_email = $6, message = $7 WHERE repo_id = $1 AND id = $2",
    )?;
    for (repo_id, commit) in commits {
        tx.execute(
            &update,
            &[
                repo_id,
                &commit.id,
                &commit.author.name,
                &commit.author.email,
                &commit.committer.name,
                &commit.committer.email,
                &commit.message,
            ],
        )?;
    }
    Ok(())
}

/// Rewrites the content of each file version.
fn update_files(
    tx: &mut Transaction<'_>,
    files: &[(i64, RepoFile)],
) -> Result<(), postgres::Error> {
    let update_file = tx.prepare(
        "UPDATE repo_files SET content = $4 WHERE repo_id = $1 AND path = $2 AND commit_id = $3",
    )?;
    for (repo_id, file) in files {
        tx.execute(
            &update_file,
            &[
                repo_id,
                &file.path,
                &file.commit.as_deref().unwrap_or(""),
                &file.content,
            ],
        )?;
    }
    Ok(())
}
