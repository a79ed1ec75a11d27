//! A repository's code-review export in PostgreSQL: pull requests, reviews
//! and review requests, replaced whole on every collect and read back for
//! the snapshot.

use postgres::Transaction;

use super::{PostgresStore, postgres_error, small};
use crate::StoreError;
use model::{PullRequest, PullReview, ReviewExport, ReviewRequest, ReviewState};

/// Every stored pull request, review and review request, each kind in its
/// key's order.
pub(super) fn review_export(
    store: &mut PostgresStore,
    name_of: &dyn Fn(i64) -> String,
) -> Result<ReviewExport, StoreError> {
    let mut export = ReviewExport::default();
    let rows = store
        .client
        .query(
            "SELECT repo_id, number, title, author, created, merge_commit, body FROM pull_requests \
             ORDER BY repo_id, number",
            &[],
        )
        .map_err(|e| store.error(e))?;
    export.pulls = rows
        .iter()
        .map(|row| PullRequest {
            repo: name_of(row.get(0)),
            number: small(row.get(1)),
            title: row.get(2),
            author: row.get(3),
            created: row.get(4),
            merge_commit: row.get(5),
            body: row.get(6),
        })
        .collect();
    let rows = store
        .client
        .query(
            "SELECT repo_id, id, number, reviewer, state, time, comments FROM pull_reviews \
             ORDER BY repo_id, time, id COLLATE \"C\"",
            &[],
        )
        .map_err(|e| store.error(e))?;
    export.reviews = rows
        .iter()
        .map(|row| {
            let state: String = row.get(4);
            PullReview {
                repo: name_of(row.get(0)),
                id: row.get(1),
                number: small(row.get(2)),
                reviewer: row.get(3),
                state: ReviewState::from_key(&state).unwrap_or(ReviewState::Commented),
                time: row.get(5),
                comments: small(row.get(6)),
            }
        })
        .collect();
    let rows = store
        .client
        .query(
            "SELECT repo_id, number, reviewer, requested_by, time FROM review_requests \
             ORDER BY repo_id, number, time, reviewer COLLATE \"C\"",
            &[],
        )
        .map_err(|e| store.error(e))?;
    export.requests = rows
        .iter()
        .map(|row| ReviewRequest {
            repo: name_of(row.get(0)),
            number: small(row.get(1)),
            reviewer: row.get(2),
            requested_by: row.get(3),
            time: row.get(4),
        })
        .collect();
    Ok(export)
}

/// Replaces a repository's code-review export, all or nothing.
pub(super) fn replace_review_export(
    store: &mut PostgresStore,
    repo_id: i64,
    export: &ReviewExport,
) -> Result<(), StoreError> {
    let wrap = postgres_error(&store.url);
    let mut tx = store.client.transaction().map_err(wrap)?;
    write_export(&mut tx, repo_id, export).map_err(wrap)?;
    tx.execute(crate::migrations::BUMP_GENERATION, &[])
        .map_err(wrap)?;
    tx.commit().map_err(wrap)
}

/// Replaces a repository's code-review rows inside a transaction.
pub(super) fn write_export(
    tx: &mut Transaction<'_>,
    repo_id: i64,
    export: &ReviewExport,
) -> Result<(), postgres::Error> {
    tx.execute("DELETE FROM pull_requests WHERE repo_id = $1", &[&repo_id])?;
    tx.execute("DELETE FROM pull_reviews WHERE repo_id = $1", &[&repo_id])?;
    tx.execute(
        "DELETE FROM review_requests WHERE repo_id = $1",
        &[&repo_id],
    )?;
    let pulls = tx.prepare(
        "INSERT INTO pull_requests (repo_id, number, title, author, created, merge_commit, body) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (repo_id, number) DO UPDATE SET \
         title = EXCLUDED.title, author = EXCLUDED.author, created = EXCLUDED.created, \
         merge_commit = EXCLUDED.merge_commit, body = EXCLUDED.body",
    )?;
    for pull in &export.pulls {
        tx.execute(
            &pulls,
            &[
                &repo_id,
                &i64::from(pull.number),
                &pull.title,
                &pull.author,
                &pull.created,
                &pull.merge_commit,
                &pull.body,
            ],
        )?;
    }
    let reviews = tx.prepare(
        "INSERT INTO pull_reviews (repo_id, id, number, reviewer, state, time, comments) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (repo_id, id) DO UPDATE SET \
         number = EXCLUDED.number, reviewer = EXCLUDED.reviewer, state = EXCLUDED.state, \
         time = EXCLUDED.time, comments = EXCLUDED.comments",
    )?;
    for review in &export.reviews {
        tx.execute(
            &reviews,
            &[
                &repo_id,
                &review.id,
                &i64::from(review.number),
                &review.reviewer,
                &review.state.key(),
                &review.time,
                &i64::from(review.comments),
            ],
        )?;
    }
    let requests = tx.prepare(
        "INSERT INTO review_requests (repo_id, number, reviewer, requested_by, time) \
         VALUES ($1, $2, $3, $4, $5)",
    )?;
    for request in &export.requests {
        tx.execute(
            &requests,
            &[
                &repo_id,
                &i64::from(request.number),
                &request.reviewer,
                &request.requested_by,
                &request.time,
            ],
        )?;
    }
    Ok(())
}
