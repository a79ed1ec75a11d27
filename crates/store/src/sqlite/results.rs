//! Results kept between runs, in SQLite: read one, and replace a run's.

use rusqlite::{OptionalExtension, params};

use super::{SqliteStore, sqlite_error};
use crate::{Others, StoreError};

pub(super) fn result(
    store: &mut SqliteStore,
    fingerprint: &str,
    key: &str,
) -> Result<Option<Vec<u8>>, StoreError> {
    store
        .conn
        .query_row(
            "SELECT body FROM results WHERE fingerprint = ?1 AND key = ?2",
            params![fingerprint, key],
            |row| row.get(0),
        )
        .optional()
        .map_err(|e| store.sqlite(e))
}

/// Writes results under `fingerprint`, dropping those of earlier
/// generations (and with [`Others::Drop`] other fingerprints'), all or
/// nothing; writes nothing when the store has moved
/// past `generation` since (the results are stale, and a `forget` may
/// have dropped what they name). The generation is not moved: results
/// are computed from the rows, not rows themselves.
pub(super) fn keep_results(
    store: &mut SqliteStore,
    generation: i64,
    fingerprint: &str,
    results: &[(String, Vec<u8>)],
    others: Others,
) -> Result<(), StoreError> {
    let wrap = sqlite_error(&store.path);
    // Immediate: no other write comes between reading the generation and
    // writing the results.
    let tx = store
        .conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(wrap)?;
    let now: String = tx
        .query_row(
            "SELECT value FROM settings WHERE name = 'generation'",
            [],
            |row| row.get(0),
        )
        .map_err(wrap)?;
    if now != generation.to_string() {
        return Ok(());
    }
    tx.execute(
        "DELETE FROM results WHERE generation < ?1",
        params![generation],
    )
    .map_err(wrap)?;
    if others == Others::Drop {
        tx.execute(
            "DELETE FROM results WHERE fingerprint <> ?1",
            params![fingerprint],
        )
        .map_err(wrap)?;
    }
    {
        let mut insert = tx
            .prepare_cached(
                "INSERT INTO results (fingerprint, key, generation, body) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (fingerprint, key) DO UPDATE SET body = excluded.body",
            )
            .map_err(wrap)?;
        for (key, body) in results {
            insert
                .execute(params![fingerprint, key, generation, body])
                .map_err(wrap)?;
        }
    }
    tx.commit().map_err(wrap)
}
