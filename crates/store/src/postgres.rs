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

use std::collections::{HashMap, HashSet};
use std::str::FromStr;
use std::time::Duration;

use postgres::{Client, NoTls, Transaction};

use super::forget::Rewrite;
use super::{
    Backend, Counts, Cursor, MIGRATIONS, RepositoryRow, Snapshot, StoreError, StoreLocation, redact,
};
use model::{
    Commit, FileChange, PullRequest, PullReview, RepoFile, ReviewExport, ReviewRequest,
    ReviewState, Signature, Window, parse_trailers,
};

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
                return Err(StoreError::ForeignDatabase { store: shown });
            }
            if !create {
                return Err(StoreError::Missing { store: shown });
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
            return Err(StoreError::ForeignDatabase { store: shown });
        };
        let (application, version): (String, i64) = (row.get(0), row.get(1));
        if application != APPLICATION {
            return Err(StoreError::ForeignDatabase { store: shown });
        }
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew {
                store: shown,
                found: version,
                known,
            });
        }
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

    fn review_export(
        &mut self,
        name_of: &dyn Fn(i64) -> String,
    ) -> Result<ReviewExport, StoreError> {
        let mut export = ReviewExport::default();
        let rows = self
            .client
            .query(
                "SELECT repo_id, number, title, author, created, merge_commit, body FROM pull_requests \
                 ORDER BY repo_id, number",
                &[],
            )
            .map_err(|e| self.error(e))?;
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
        let rows = self
            .client
            .query(
                "SELECT repo_id, id, number, reviewer, state, time, comments FROM pull_reviews \
                 ORDER BY repo_id, time, id COLLATE \"C\"",
                &[],
            )
            .map_err(|e| self.error(e))?;
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
        let rows = self
            .client
            .query(
                "SELECT repo_id, number, reviewer, requested_by, time FROM review_requests \
                 ORDER BY repo_id, number, time, reviewer COLLATE \"C\"",
                &[],
            )
            .map_err(|e| self.error(e))?;
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

impl Backend for PostgresStore {
    fn location(&self) -> StoreLocation {
        StoreLocation::Postgres(self.url.clone())
    }

    fn schema_version(&mut self) -> Result<i64, StoreError> {
        let row = self
            .client
            .query_one("SELECT version FROM staffscope_schema", &[])
            .map_err(|e| self.error(e))?;
        Ok(row.get(0))
    }

    fn ensure_repository(&mut self, name: &str, path: &str) -> Result<Cursor, StoreError> {
        // One statement, so that collectors registering the same repository
        // at once both get its row.
        let row = self
            .client
            .query_one(
                "INSERT INTO repositories (name, path) VALUES ($1, $2) \
                 ON CONFLICT (name) DO UPDATE SET path = EXCLUDED.path RETURNING id, head",
                &[&name, &path],
            )
            .map_err(|e| self.error(e))?;
        Ok(Cursor {
            repo_id: row.get(0),
            head: row.get(1),
        })
    }

    fn cursor(&mut self, name: &str) -> Result<Option<Cursor>, StoreError> {
        let row = self
            .client
            .query_opt(
                "SELECT id, head FROM repositories WHERE name = $1",
                &[&name],
            )
            .map_err(|e| self.error(e))?;
        Ok(row.map(|row| Cursor {
            repo_id: row.get(0),
            head: row.get(1),
        }))
    }

    fn repositories(&mut self) -> Result<Vec<RepositoryRow>, StoreError> {
        let rows = self
            .client
            .query(
                "SELECT id, name, path, head, collected_at FROM repositories ORDER BY name COLLATE \"C\"",
                &[],
            )
            .map_err(|e| self.error(e))?;
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

    fn stored_commit_ids(&mut self, repo_id: i64) -> Result<HashSet<String>, StoreError> {
        let rows = self
            .client
            .query("SELECT id FROM commits WHERE repo_id = $1", &[&repo_id])
            .map_err(|e| self.error(e))?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }

    fn write_batch(
        &mut self,
        repo_id: i64,
        commits: &[Commit],
        files: &[RepoFile],
    ) -> Result<(), StoreError> {
        let wrap = postgres_error(&self.url);
        let mut tx = self.client.transaction().map_err(wrap)?;
        write_commits(&mut tx, repo_id, commits).map_err(wrap)?;
        write_repo_files(&mut tx, repo_id, files).map_err(wrap)?;
        tx.commit().map_err(wrap)
    }

    fn finish_repository(
        &mut self,
        repo_id: i64,
        head: Option<&str>,
        stale: &[String],
        head_files: &[RepoFile],
        collected_at: i64,
    ) -> Result<(), StoreError> {
        let wrap = postgres_error(&self.url);
        let mut tx = self.client.transaction().map_err(wrap)?;
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
        tx.commit().map_err(wrap)
    }

    fn snapshot(&mut self, window: Option<Window>) -> Result<Snapshot, StoreError> {
        let (since, until) = window.map_or((i64::MIN, i64::MAX), |w| (w.since, w.until));
        let repo_rows: Vec<(i64, String)> = self
            .client
            .query(
                "SELECT id, name FROM repositories ORDER BY name COLLATE \"C\"",
                &[],
            )
            .map_err(|e| self.error(e))?
            .iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect();
        let names: HashMap<i64, String> = repo_rows.iter().cloned().collect();
        let name_of = |id: i64| -> String { names.get(&id).cloned().unwrap_or_default() };

        let mut files_by_commit: HashMap<(i64, String), Vec<FileChange>> = HashMap::new();
        let rows = self
            .client
            .query(
                "SELECT f.repo_id, f.commit_id, f.path, f.added, f.removed, f.\"binary\" \
                 FROM file_changes f JOIN commits c ON c.repo_id = f.repo_id AND c.id = f.commit_id \
                 WHERE c.author_time >= $1 AND c.author_time < $2 \
                 ORDER BY f.repo_id, f.commit_id COLLATE \"C\", f.seq",
                &[&since, &until],
            )
            .map_err(|e| self.error(e))?;
        for row in &rows {
            files_by_commit
                .entry((row.get(0), row.get(1)))
                .or_default()
                .push(FileChange {
                    path: row.get(2),
                    added: small(row.get(3)),
                    removed: small(row.get(4)),
                    binary: row.get(5),
                });
        }
        drop(rows);

        let rows = self
            .client
            .query(
                "SELECT repo_id, id, author_name, author_email, author_time, committer_name, \
                 committer_email, committer_time, message, parent_count, parents \
                 FROM commits WHERE author_time >= $1 AND author_time < $2 \
                 ORDER BY repo_id, id COLLATE \"C\"",
                &[&since, &until],
            )
            .map_err(|e| self.error(e))?;
        let mut commits = Vec::with_capacity(rows.len());
        for row in &rows {
            let repo_id: i64 = row.get(0);
            let id: String = row.get(1);
            let message: String = row.get(8);
            let parents: String = row.get(10);
            commits.push(Commit {
                repo: name_of(repo_id),
                files: files_by_commit
                    .remove(&(repo_id, id.clone()))
                    .unwrap_or_default(),
                id,
                author: Signature {
                    name: row.get(2),
                    email: row.get(3),
                },
                author_time: row.get(4),
                committer: Signature {
                    name: row.get(5),
                    email: row.get(6),
                },
                committer_time: row.get(7),
                trailers: parse_trailers(&message),
                message,
                parent_count: small(row.get(9)),
                parents: parents.split_whitespace().map(str::to_string).collect(),
            });
        }
        drop(rows);

        let rows = self
            .client
            .query(
                "SELECT repo_id, path, commit_id, time, content FROM repo_files \
                 ORDER BY repo_id, path COLLATE \"C\", time, commit_id COLLATE \"C\"",
                &[],
            )
            .map_err(|e| self.error(e))?;
        let repo_files = rows
            .iter()
            .map(|row| {
                let commit: String = row.get(2);
                RepoFile {
                    repo: name_of(row.get(0)),
                    path: row.get(1),
                    commit: (!commit.is_empty()).then_some(commit),
                    time: row.get(3),
                    content: row.get(4),
                }
            })
            .collect();
        drop(rows);

        let reviews = self.review_export(&name_of)?;
        Ok(Snapshot {
            repos: repo_rows.into_iter().map(|(_, name)| name).collect(),
            commits,
            repo_files,
            reviews,
        })
    }

    fn replace_review_export(
        &mut self,
        repo_id: i64,
        export: &ReviewExport,
    ) -> Result<(), StoreError> {
        let wrap = postgres_error(&self.url);
        let mut tx = self.client.transaction().map_err(wrap)?;
        write_export(&mut tx, repo_id, export).map_err(wrap)?;
        tx.commit().map_err(wrap)
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
        let rows = self
            .client
            .query("SELECT kind, hash FROM forgotten", &[])
            .map_err(|e| self.error(e))?;
        Ok(rows.iter().map(|row| (row.get(0), row.get(1))).collect())
    }

    fn setting(&mut self, name: &str) -> Result<Option<String>, StoreError> {
        let row = self
            .client
            .query_opt("SELECT value FROM settings WHERE name = $1", &[&name])
            .map_err(|e| self.error(e))?;
        Ok(row.map(|row| row.get(0)))
    }

    fn set_setting(&mut self, name: &str, value: &str) -> Result<(), StoreError> {
        self.client
            .execute(
                "INSERT INTO settings (name, value) VALUES ($1, $2) \
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                &[&name, &value],
            )
            .map(drop)
            .map_err(|e| self.error(e))
    }

    fn rewrite(&mut self, rewrite: &Rewrite) -> Result<(), StoreError> {
        let wrap = postgres_error(&self.url);
        let mut tx = self.client.transaction().map_err(wrap)?;
        let forget = tx
            .prepare(
                "INSERT INTO forgotten (kind, hash) VALUES ($1, $2) ON CONFLICT (kind, hash) DO NOTHING",
            )
            .map_err(wrap)?;
        for (kind, hash) in &rewrite.forgotten {
            tx.execute(&forget, &[kind, hash]).map_err(wrap)?;
        }
        let update = tx
            .prepare(
                "UPDATE commits SET author_name = $3, author_email = $4, committer_name = $5, \
                 committer_email = $6, message = $7 WHERE repo_id = $1 AND id = $2",
            )
            .map_err(wrap)?;
        for (repo_id, commit) in &rewrite.commits {
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
            )
            .map_err(wrap)?;
        }
        for (repo_id, export) in &rewrite.exports {
            write_export(&mut tx, *repo_id, export).map_err(wrap)?;
        }
        let update_file = tx
            .prepare(
                "UPDATE repo_files SET content = $4 WHERE repo_id = $1 AND path = $2 AND commit_id = $3",
            )
            .map_err(wrap)?;
        for (repo_id, file) in &rewrite.files {
            tx.execute(
                &update_file,
                &[
                    repo_id,
                    &file.path,
                    &file.commit.as_deref().unwrap_or(""),
                    &file.content,
                ],
            )
            .map_err(wrap)?;
        }
        tx.commit().map_err(wrap)
    }
}

/// Commits and their file changes, replacing rows with the same keys, as
/// SQLite's `INSERT OR REPLACE` does. Each table takes one statement per
/// batch, its columns bound as arrays and unnested by the server: a round
/// trip per row would make a large collect wait on the network.
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
    let (mut ids, mut seqs, mut paths, mut added, mut removed, mut binary) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    for commit in &commits {
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

/// Replaces a repository's code-review rows inside a transaction.
fn write_export(
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

/// A database error naming the server without its password.
fn postgres_error(url: &str) -> impl Fn(postgres::Error) -> StoreError + Copy + '_ {
    move |error| StoreError::Database {
        store: redact(url),
        message: describe(&error),
    }
}
