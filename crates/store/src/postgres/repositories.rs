//! What a collect writes for each repository, in PostgreSQL: registering it
//! and reading its cursor, its commits with their file changes, the file
//! versions found in them, and the end of its run that moves the cursor.
//!
//! Each table takes one statement per batch, its columns bound as arrays
//! and unnested by the server: a round trip per row would make a large
//! collect wait on the network.

use std::collections::HashSet;

use postgres::Transaction;

use super::{PostgresStore, postgres_error};
use crate::migrations::BUMP_GENERATION;
use crate::{Cursor, RepositoryRow, StoreError};
use model::{Commit, RepoFile};

pub(super) fn ensure_repository(
    store: &mut PostgresStore,
    name: &str,
    path: &str,
) -> Result<Cursor, StoreError> {
    // One statement, so that collectors registering the same repository
    // at once both get its row.
    let wrap = postgres_error(&store.url);
    let mut tx = store.client.transaction().map_err(wrap)?;
    let written = tx
        .query_opt(
            "INSERT INTO repositories (name, path) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET path = EXCLUDED.path \
             WHERE repositories.path IS DISTINCT FROM EXCLUDED.path RETURNING id, head",
            &[&name, &path],
        )
        .map_err(wrap)?;
    // A repository known at this path is not a write: a collect with
    // nothing new leaves the results kept for the store valid.
    let row = match written {
        Some(row) => {
            tx.execute(BUMP_GENERATION, &[]).map_err(wrap)?;
            row
        }
        None => tx
            .query_one(
                "SELECT id, head FROM repositories WHERE name = $1",
                &[&name],
            )
            .map_err(wrap)?,
    };
    tx.commit().map_err(wrap)?;
    Ok(Cursor {
        repo_id: row.get(0),
        head: row.get(1),
    })
}

pub(super) fn cursor(store: &mut PostgresStore, name: &str) -> Result<Option<Cursor>, StoreError> {
    let row = store
        .client
        .query_opt(
            "SELECT id, head FROM repositories WHERE name = $1",
            &[&name],
        )
        .map_err(|e| store.error(e))?;
    Ok(row.map(|row| Cursor {
        repo_id: row.get(0),
        head: row.get(1),
    }))
}

pub(super) fn repositories(store: &mut PostgresStore) -> Result<Vec<RepositoryRow>, StoreError> {
    let rows = store
        .client
        .query(
            "SELECT id, name, path, head, collected_at FROM repositories ORDER BY name COLLATE \"C\"",
            &[],
        )
        .map_err(|e| store.error(e))?;
    Ok(rows
        .iter()
        .map(|row| RepositoryRow {
            id: row.get(0),
            name: row.get(1),
            path: row.get(2),
            head: row.get(3),
            collected_at: row.get(4),
        })
        .collect())
}

pub(super) fn stored_commit_ids(
    store: &mut PostgresStore,
    repo_id: i64,
) -> Result<HashSet<String>, StoreError> {
    let rows = store
        .client
        .query("SELECT id FROM commits WHERE repo_id = $1", &[&repo_id])
        .map_err(|e| store.error(e))?;
    Ok(rows.iter().map(|row| row.get(0)).collect())
}

/// Writes commits and the file versions found in them, all or nothing.
pub(super) fn write_batch(
    store: &mut PostgresStore,
    repo_id: i64,
    commits: &[Commit],
    files: &[RepoFile],
) -> Result<(), StoreError> {
    let wrap = postgres_error(&store.url);
    let mut tx = store.client.transaction().map_err(wrap)?;
    write_commits(&mut tx, repo_id, commits).map_err(wrap)?;
    write_repo_files(&mut tx, repo_id, files).map_err(wrap)?;
    tx.execute(BUMP_GENERATION, &[]).map_err(wrap)?;
    tx.commit().map_err(wrap)
}

/// Ends a repository's run: drops commits the branch no longer reaches,
/// replaces the HEAD versions of files, and moves the cursor.
pub(super) fn finish_repository(
    store: &mut PostgresStore,
    repo_id: i64,
    head: Option<&str>,
    stale: &[String],
    head_files: &[RepoFile],
    collected_at: i64,
) -> Result<(), StoreError> {
    let wrap = postgres_error(&store.url);
    let mut tx = store.client.transaction().map_err(wrap)?;
    if !stale.is_empty() {
        tx.execute(
            "DELETE FROM commits WHERE repo_id = $1 AND id = ANY($2)",
            &[&repo_id, &stale],
        )
        .map_err(wrap)?;
        tx.execute(
            "DELETE FROM file_changes WHERE repo_id = $1 AND commit_id = ANY($2)",
            &[&repo_id, &stale],
        )
        .map_err(wrap)?;
        tx.execute(
            "DELETE FROM repo_files WHERE repo_id = $1 AND commit_id = ANY($2)",
            &[&repo_id, &stale],
        )
        .map_err(wrap)?;
    }
    tx.execute(
        "DELETE FROM repo_files WHERE repo_id = $1 AND commit_id = ''",
        &[&repo_id],
    )
    .map_err(wrap)?;
    write_repo_files(&mut tx, repo_id, head_files).map_err(wrap)?;
    tx.execute(
        "UPDATE repositories SET head = $2, collected_at = $3 WHERE id = $1",
        &[&repo_id, &head, &collected_at],
    )
    .map_err(wrap)?;
    tx.execute(BUMP_GENERATION, &[]).map_err(wrap)?;
    tx.commit().map_err(wrap)
}

/// Commits and their file changes, replacing rows with the same keys, as
/// SQLite's `INSERT OR REPLACE` does.
fn write_commits(
    tx: &mut Transaction<'_>,
    repo_id: i64,
    commits: &[Commit],
) -> Result<(), postgres::Error> {
    // One row per key, the last one winning, as with INSERT OR REPLACE (a
    // statement may not update the same row twice).
    let mut seen = HashSet::new();
    let commits: Vec<&Commit> = commits
        .iter()
        .rev()
        .filter(|c| seen.insert(c.id.as_str()))
        .collect();
    if commits.is_empty() {
        return Ok(());
    }
    write_commit_rows(tx, repo_id, &commits)?;
    write_file_changes(tx, repo_id, &commits)
}

/// The commits' own rows; `commits` holds each key once.
fn write_commit_rows(
    tx: &mut Transaction<'_>,
    repo_id: i64,
    commits: &[&Commit],
) -> Result<(), postgres::Error> {
    let column = |f: &dyn Fn(&Commit) -> String| commits.iter().map(|c| f(c)).collect::<Vec<_>>();
    let number = |f: &dyn Fn(&Commit) -> i64| commits.iter().map(|c| f(c)).collect::<Vec<_>>();
    tx.execute(
        "INSERT INTO commits (repo_id, id, author_name, author_email, author_time, committer_name, \
         committer_email, committer_time, message, parent_count, parents) \
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::int8[], $6::text[], \
         $7::text[], $8::int8[], $9::text[], $10::int8[], $11::text[]) \
         ON CONFLICT (repo_id, id) DO UPDATE SET author_name = EXCLUDED.author_name, \
         author_email = EXCLUDED.author_email, author_time = EXCLUDED.author_time, \
         committer_name = EXCLUDED.committer_name, committer_email = EXCLUDED.committer_email, \
         committer_time = EXCLUDED.committer_time, message = EXCLUDED.message, \
         parent_count = EXCLUDED.parent_count, parents = EXCLUDED.parents",
        &[
            &repo_id,
            &column(&|c| c.id.clone()),
            &column(&|c| c.author.name.clone()),
            &column(&|c| c.author.email.clone()),
            &number(&|c| c.author_time),
            &column(&|c| c.committer.name.clone()),
            &column(&|c| c.committer.email.clone()),
            &number(&|c| c.committer_time),
            &column(&|c| c.message.clone()),
            &number(&|c| i64::from(c.parent_count)),
            &column(&|c| c.parents.join(" ")),
        ],
    )?;
    Ok(())
}

/// The file changes of `commits`, numbered in each commit from 0.
fn write_file_changes(
    tx: &mut Transaction<'_>,
    repo_id: i64,
    commits: &[&Commit],
) -> Result<(), postgres::Error> {
    let (mut ids, mut seqs, mut paths, mut added, mut removed, mut binary) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    for commit in commits {
        for (seq, file) in commit.files.iter().enumerate() {
            ids.push(commit.id.as_str());
            seqs.push(seq as i64);
            paths.push(file.path.as_str());
            added.push(i64::from(file.added));
            removed.push(i64::from(file.removed));
            binary.push(file.binary);
        }
    }
    if ids.is_empty() {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO file_changes (repo_id, commit_id, seq, path, added, removed, \"binary\") \
         SELECT $1, * FROM unnest($2::text[], $3::int8[], $4::text[], $5::int8[], $6::int8[], $7::bool[]) \
         ON CONFLICT (repo_id, commit_id, seq) DO UPDATE SET path = EXCLUDED.path, \
         added = EXCLUDED.added, removed = EXCLUDED.removed, \"binary\" = EXCLUDED.\"binary\"",
        &[&repo_id, &ids, &seqs, &paths, &added, &removed, &binary],
    )?;
    Ok(())
}

fn write_repo_files(
    tx: &mut Transaction<'_>,
    repo_id: i64,
    files: &[RepoFile],
) -> Result<(), postgres::Error> {
    let mut seen = HashSet::new();
    let files: Vec<&RepoFile> = files
        .iter()
        .rev()
        .filter(|f| seen.insert((f.path.as_str(), f.commit.as_deref().unwrap_or(""))))
        .collect();
    if files.is_empty() {
        return Ok(());
    }
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let commits: Vec<&str> = files
        .iter()
        .map(|f| f.commit.as_deref().unwrap_or(""))
        .collect();
    let times: Vec<i64> = files.iter().map(|f| f.time).collect();
    let contents: Vec<Option<&str>> = files.iter().map(|f| f.content.as_deref()).collect();
    tx.execute(
        "INSERT INTO repo_files (repo_id, path, commit_id, time, content) \
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int8[], $5::text[]) \
         ON CONFLICT (repo_id, path, commit_id) DO UPDATE SET time = EXCLUDED.time, \
         content = EXCLUDED.content",
        &[&repo_id, &paths, &commits, &times, &contents],
    )?;
    Ok(())
}
