//! A repository's code-review export in SQLite: pull requests, reviews and
//! review requests, replaced whole on every collect and read back for the
//! snapshot.

use rusqlite::params;

use super::{SqliteStore, sqlite_error};
use crate::StoreError;
use model::{PullRequest, PullReview, ReviewExport, ReviewRequest, ReviewState};

/// Every stored pull request, review and review request, each kind in its
/// key's order.
pub(super) fn review_export(
    store: &SqliteStore,
    name_of: &dyn Fn(i64) -> String,
) -> Result<ReviewExport, StoreError> {
    let wrap = sqlite_error(&store.path);
    let mut export = ReviewExport::default();
    let mut statement = store
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
    let mut statement = store
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
    let mut statement = store
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

/// Replaces a repository's code-review export, all or nothing.
pub(super) fn replace_review_export(
    store: &mut SqliteStore,
    repo_id: i64,
    export: &ReviewExport,
) -> Result<(), StoreError> {
    let wrap = sqlite_error(&store.path);
    let tx = store.conn.transaction().map_err(wrap)?;
    write_export(&tx, repo_id, export).map_err(wrap)?;
    tx.execute(crate::migrations::BUMP_GENERATION, [])
        .map_err(wrap)?;
    tx.commit().map_err(wrap)
}

/// Replaces a repository's code-review rows inside a transaction.
pub(super) fn write_export(
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
