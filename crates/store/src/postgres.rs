//! The PostgreSQL backend: one database shared by every collector of an
//! organization.
//!
//! The schema version lives in the `staffscope_schema` table (the role
//! SQLite's `user_version` and `application_id` play): a database without it
//! that holds other tables is never written. Migrations run in one
//! transaction under an advisory lock, so collectors starting together
//! migrate once. Repositories are registered with `ON CONFLICT`, and every
//! batch is one transaction, so several collectors can write at once (each
//! on its own repositories). No TLS: the server is expected on loopback or a
//! trusted network.
//!
//! This file connects, migrates and routes [`Backend`]'s calls; the
//! statements live beside it by the tables they touch, as for SQLite:
//! `repositories.rs`, `snapshot.rs`, `reviews.rs` and `forgetting.rs`.

mod forgetting;
mod repositories;
mod results;
mod reviews;
mod snapshot;

use std::collections::HashSet;
use std::str::FromStr;
use std::time::Duration;

use postgres::{Client, NoTls, Transaction};

use super::forget::Rewrite;
use super::{
    Backend, Counts, Cursor, MIGRATIONS, RepositoryRow, Scope, Snapshot, StoreError, StoreLocation,
    redact,
};
use model::{Commit, RepoFile, ReviewExport};

/// The advisory lock migrations hold: "STFS", as SQLite's application id.
const MIGRATION_LOCK: i64 = 0x5354_4653;
/// What the `staffscope_schema` table says about whose tables these are.
const APPLICATION: &str = "staffscope";

pub(super) struct PostgresStore {
    client: Client,
    url: String,
}

impl PostgresStore {
    /// Connects, creates the schema when `create` and the database holds no
    /// store yet, migrates it, and says which schema version it had.
    pub fn open(url: &str, create: bool) -> Result<(PostgresStore, i64), StoreError> {
        let shown = redact(url);
        let connect_error = |message: String| StoreError::Connect {
            store: shown.clone(),
            message,
        };
        let mut config = postgres::Config::from_str(url)
            .map_err(|error| connect_error(format!("not a PostgreSQL URL: {error}")))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        config.application_name("staffscope");
        let client = config
            .connect(NoTls)
            .map_err(|error| connect_error(describe(&error)))?;
        let mut store = PostgresStore {
            client,
            url: url.to_string(),
        };
        let version = store.migrate(create)?;
        Ok((store, version))
    }

    fn error(&self, error: postgres::Error) -> StoreError {
        postgres_error(&self.url)(error)
    }

    /// Brings the schema to the current version under the migration lock;
    /// returns the version found.
    fn migrate(&mut self, create: bool) -> Result<i64, StoreError> {
        let shown = redact(&self.url);
        let wrap = |error: postgres::Error| StoreError::Database {
            store: shown.clone(),
            message: describe(&error),
        };
        let mut tx = self.client.transaction().map_err(wrap)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .map_err(wrap)?;
        let version = found_version(&mut tx, create, &shown)?;
        for (index, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let failed = |error: postgres::Error| StoreError::Database {
                store: shown.clone(),
                message: format!("migration {} failed: {}", index + 1, describe(&error)),
            };
            tx.batch_execute(migration.postgres).map_err(failed)?;
            tx.execute(
                "UPDATE staffscope_schema SET version = $1",
                &[&((index + 1) as i64)],
            )
            .map_err(failed)?;
        }
        tx.commit().map_err(wrap)?;
        Ok(version)
    }
}

/// The schema version of the database's store, after checking that the
/// tables are ours and not newer; marks an empty database as a store at
/// version 0 when `create`. `shown` names the server in errors.
fn found_version(tx: &mut Transaction<'_>, create: bool, shown: &str) -> Result<i64, StoreError> {
    let wrap = |error: postgres::Error| StoreError::Database {
        store: shown.to_string(),
        message: describe(&error),
    };
    let row = tx
        .query_one(
            "SELECT to_regclass('staffscope_schema') IS NOT NULL, \
             (SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema())",
            &[],
        )
        .map_err(wrap)?;
    let (marked, tables): (bool, i64) = (row.get(0), row.get(1));
    if !marked {
        if tables > 0 {
            return Err(StoreError::ForeignDatabase {
                store: shown.to_string(),
            });
        }
        if !create {
            return Err(StoreError::Missing {
                store: shown.to_string(),
            });
        }
        tx.batch_execute(
            "CREATE TABLE staffscope_schema (application TEXT NOT NULL, version BIGINT NOT NULL)",
        )
        .map_err(wrap)?;
        tx.execute(
            "INSERT INTO staffscope_schema (application, version) VALUES ($1, 0)",
            &[&APPLICATION],
        )
        .map_err(wrap)?;
    }
    let row = tx
        .query_opt("SELECT application, version FROM staffscope_schema", &[])
        .map_err(wrap)?;
    let Some(row) = row else {
        return Err(StoreError::ForeignDatabase {
            store: shown.to_string(),
        });
    };
    let (application, version): (String, i64) = (row.get(0), row.get(1));
    if application != APPLICATION {
        return Err(StoreError::ForeignDatabase {
            store: shown.to_string(),
        });
    }
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::TooNew {
            store: shown.to_string(),
            found: version,
            known,
        });
    }
    Ok(version)
}

/// The server's message with its detail and hint, never the URL.
fn describe(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => {
            let mut message = db.message().to_string();
            if let Some(detail) = db.detail() {
                message.push_str(&format!(" ({detail})"));
            }
            message
        }
        None => error.to_string(),
    }
}

/// Counts and numbers written from `u32` come back as `BIGINT`.
fn small(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// Each call goes to the module holding its statements; the few statements
/// that belong to no table family (the schema version, counts, the dump's
/// rows, settings) are written here.
impl Backend for PostgresStore {
    fn location(&self) -> StoreLocation {
        StoreLocation::Postgres(self.url.clone())
    }

    /// PostgreSQL checks its own pages.
    fn check_integrity(&mut self) -> Result<(), StoreError> {
        Ok(())
    }

    fn schema_version(&mut self) -> Result<i64, StoreError> {
        let row = self
            .client
            .query_one("SELECT version FROM staffscope_schema", &[])
            .map_err(|e| self.error(e))?;
        Ok(row.get(0))
    }

    fn ensure_repository(&mut self, name: &str, path: &str) -> Result<Cursor, StoreError> {
        repositories::ensure_repository(self, name, path)
    }

    fn cursor(&mut self, name: &str) -> Result<Option<Cursor>, StoreError> {
        repositories::cursor(self, name)
    }

    fn repositories(&mut self) -> Result<Vec<RepositoryRow>, StoreError> {
        repositories::repositories(self)
    }

    fn stored_commit_ids(&mut self, repo_id: i64) -> Result<HashSet<String>, StoreError> {
        repositories::stored_commit_ids(self, repo_id)
    }

    fn write_batch(
        &mut self,
        repo_id: i64,
        commits: &[Commit],
        files: &[RepoFile],
    ) -> Result<(), StoreError> {
        repositories::write_batch(self, repo_id, commits, files)
    }

    fn finish_repository(
        &mut self,
        repo_id: i64,
        head: Option<&str>,
        stale: &[String],
        head_files: &[RepoFile],
        collected_at: i64,
    ) -> Result<(), StoreError> {
        repositories::finish_repository(self, repo_id, head, stale, head_files, collected_at)
    }

    fn snapshot(&mut self, scope: Scope) -> Result<Snapshot, StoreError> {
        snapshot::snapshot(self, scope)
    }

    fn replace_review_export(
        &mut self,
        repo_id: i64,
        export: &ReviewExport,
    ) -> Result<(), StoreError> {
        reviews::replace_review_export(self, repo_id, export)
    }

    fn stored_pulls(&mut self, repo_id: i64) -> Result<u64, StoreError> {
        self.client
            .query_one(
                "SELECT count(*) FROM pull_requests WHERE repo_id = $1",
                &[&repo_id],
            )
            .map(|row| row.get::<_, i64>(0) as u64)
            .map_err(|e| self.error(e))
    }

    fn counts(&mut self) -> Result<Counts, StoreError> {
        let row = self
            .client
            .query_one(
                "SELECT (SELECT count(*) FROM repositories), (SELECT count(*) FROM commits), \
                 (SELECT count(*) FROM file_changes), (SELECT count(*) FROM repo_files), \
                 (SELECT count(*) FROM pull_requests), (SELECT count(*) FROM pull_reviews), \
                 (SELECT count(*) FROM review_requests)",
                &[],
            )
            .map_err(|e| self.error(e))?;
        Ok(Counts {
            repositories: row.get(0),
            commits: row.get(1),
            file_changes: row.get(2),
            repo_files: row.get(3),
            pull_requests: row.get(4),
            reviews: row.get(5),
            review_requests: row.get(6),
        })
    }

    fn text_rows(&mut self, sql: &'static str) -> Result<Vec<Vec<Option<String>>>, StoreError> {
        let rows = self.client.query(sql, &[]).map_err(|e| self.error(e))?;
        Ok(rows
            .iter()
            .map(|row| (0..row.len()).map(|index| row.get(index)).collect())
            .collect())
    }

    fn forgotten(&mut self) -> Result<Vec<(String, String)>, StoreError> {
        forgetting::forgotten(self)
    }

    fn setting(&mut self, name: &str) -> Result<Option<String>, StoreError> {
        let row = self
            .client
            .query_opt("SELECT value FROM settings WHERE name = $1", &[&name])
            .map_err(|e| self.error(e))?;
        Ok(row.map(|row| row.get(0)))
    }

    fn set_setting(&mut self, name: &str, value: &str) -> Result<(), StoreError> {
        let wrap = postgres_error(&self.url);
        let mut tx = self.client.transaction().map_err(wrap)?;
        let changed = tx
            .execute(
                "INSERT INTO settings (name, value) VALUES ($1, $2) \
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value \
                 WHERE settings.value IS DISTINCT FROM excluded.value",
                &[&name, &value],
            )
            .map_err(wrap)?;
        // The same value again is not a write.
        if changed > 0 {
            tx.execute(crate::migrations::BUMP_GENERATION, &[])
                .map_err(wrap)?;
        }
        tx.commit().map_err(wrap)
    }

    fn rewrite(&mut self, rewrite: &Rewrite) -> Result<(), StoreError> {
        forgetting::rewrite(self, rewrite)
    }

    fn result(&mut self, fingerprint: &str, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        results::result(self, fingerprint, key)
    }

    fn keep_results(
        &mut self,
        generation: i64,
        fingerprint: &str,
        results: &[(String, Vec<u8>)],
        others: crate::Others,
    ) -> Result<(), StoreError> {
        results::keep_results(self, generation, fingerprint, results, others)
    }
}

/// A database error naming the server without its password.
fn postgres_error(url: &str) -> impl Fn(postgres::Error) -> StoreError + Copy + '_ {
    move |error| StoreError::Database {
        store: redact(url),
        message: describe(&error),
    }
}
