//! Results kept between runs, in PostgreSQL: read one, and replace a run's.

use super::{PostgresStore, postgres_error};
use crate::{Others, StoreError};

pub(super) fn result(
    store: &mut PostgresStore,
    fingerprint: &str,
    key: &str,
) -> Result<Option<Vec<u8>>, StoreError> {
    let row = store
        .client
        .query_opt(
            "SELECT body FROM results WHERE fingerprint = $1 AND key = $2",
            &[&fingerprint, &key],
        )
        .map_err(|e| store.error(e))?;
    Ok(row.map(|row| row.get(0)))
}

/// Writes results under `fingerprint`, dropping those of earlier
/// generations (and with [`Others::Drop`] other fingerprints'), all or
/// nothing; writes nothing when the store has moved
/// past `generation` since (the results are stale, and a `forget` may
/// have dropped what they name). The generation is not moved: results
/// are computed from the rows, not rows themselves.
pub(super) fn keep_results(
    store: &mut PostgresStore,
    generation: i64,
    fingerprint: &str,
    results: &[(String, Vec<u8>)],
    others: Others,
) -> Result<(), StoreError> {
    let wrap = postgres_error(&store.url);
    let mut tx = store.client.transaction().map_err(wrap)?;
    // Locked until this commits: a write that moves the generation on (and
    // `forget`, which then drops every result) waits, and sees these.
    let now: String = tx
        .query_one(
            "SELECT value FROM settings WHERE name = 'generation' FOR UPDATE",
            &[],
        )
        .map_err(wrap)?
        .get(0);
    if now != generation.to_string() {
        return Ok(());
    }
    tx.execute("DELETE FROM results WHERE generation < $1", &[&generation])
        .map_err(wrap)?;
    if others == Others::Drop {
        tx.execute(
            "DELETE FROM results WHERE fingerprint <> $1",
            &[&fingerprint],
        )
        .map_err(wrap)?;
    }
    let insert = tx
        .prepare(
            "INSERT INTO results (fingerprint, key, generation, body) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (fingerprint, key) DO UPDATE SET body = EXCLUDED.body",
        )
        .map_err(wrap)?;
    for (key, body) in results {
        tx.execute(&insert, &[&fingerprint, key, &generation, body])
            .map_err(wrap)?;
    }
    tx.commit().map_err(wrap)
}
