//! The store: raw events as collected, in one SQLite file or in a PostgreSQL
//! database that a whole organization's collectors share.
//!
//! Only this module knows SQL. [`Store`] is the one type callers see; it
//! holds a [`Backend`] (`sqlite.rs`, `postgres.rs`) behind a trait object, so
//! a backend is chosen once, when the store is opened, from a
//! [`StoreLocation`]. Both backends have the same tables and the same
//! numbered migrations ([`MIGRATIONS`], one SQL text per backend), and answer
//! the same queries with the same rows: [`Store::dump`] is the canonical text
//! of a store, equal for equal contents whichever backend holds them.
//!
//! A store written by an older version is migrated forward, never rebuilt.
//! Every write is one transaction, so an interrupted collect leaves the store
//! as it was before the batch being written; a repository's cursor moves
//! last. What this module adds above the backends: identities that were
//! forgotten (`staffscope forget`) are replaced by a tombstone on every
//! write, so collecting the same history again does not bring them back.

mod forget;
mod postgres;
mod sqlite;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use forget::{ForgetReport, Identities, TOMBSTONE_EMAIL, TOMBSTONE_LOGIN, TOMBSTONE_NAME};

use model::{Commit, RepoFile, ReviewExport, Window};

/// Where a store lives: a SQLite file, or a PostgreSQL database named by a
/// `postgres://` URL.
#[derive(Clone, PartialEq, Eq)]
pub enum StoreLocation {
    Sqlite(PathBuf),
    Postgres(String),
}

impl StoreLocation {
    /// Reads `store = ...` or `--store`: a `postgres://` or `postgresql://`
    /// URL, or a file (optionally written `sqlite:PATH`), relative to `root`.
    pub fn parse(value: &str, root: &Path) -> StoreLocation {
        let trimmed = value.trim();
        if trimmed.starts_with("postgres://") || trimmed.starts_with("postgresql://") {
            return StoreLocation::Postgres(trimmed.to_string());
        }
        let path = trimmed.strip_prefix("sqlite:").unwrap_or(trimmed);
        StoreLocation::Sqlite(root.join(path))
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, StoreLocation::Postgres(_))
    }
}

/// Shows a file's path, or a URL with its password hidden.
impl std::fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreLocation::Sqlite(path) => write!(f, "{}", path.display()),
            StoreLocation::Postgres(url) => write!(f, "{}", redact(url)),
        }
    }
}

impl std::fmt::Debug for StoreLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StoreLocation({self})")
    }
}

/// A URL with the password of its user (and any `password=` parameter)
/// replaced by `***`, for messages.
pub fn redact(url: &str) -> String {
    let mut out = url.to_string();
    if let Some(scheme_end) = out.find("://") {
        let rest = &out[scheme_end + 3..];
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        if let Some(at) = rest[..authority_end].rfind('@')
            && let Some(colon) = rest[..at].find(':')
        {
            let (start, end) = (scheme_end + 3 + colon + 1, scheme_end + 3 + at);
            out.replace_range(start..end, "***");
        }
    }
    if let Some(query_start) = out.find('?') {
        let (base, query) = out.split_at(query_start + 1);
        let query = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                _ => pair.to_string(),
            })
            .collect::<Vec<_>>()
            .join("&");
        out = format!("{base}{query}");
    }
    out
}

/// One schema change, written for each backend. The store's version is how
/// many have run: `PRAGMA user_version` in SQLite, the `staffscope_schema`
/// table in PostgreSQL.
pub struct Migration {
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

pub const MIGRATIONS: &[Migration] = &[
    // 1: repositories, commits, their files, and the files resolution reads.
    Migration {
        sqlite: r#"
    CREATE TABLE repositories (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        head TEXT,
        collected_at INTEGER
    );
    CREATE TABLE commits (
        repo_id INTEGER NOT NULL REFERENCES repositories(id),
        id TEXT NOT NULL,
        author_name TEXT NOT NULL,
        author_email TEXT NOT NULL,
        author_time INTEGER NOT NULL,
        committer_name TEXT NOT NULL,
        committer_email TEXT NOT NULL,
        committer_time INTEGER NOT NULL,
        message TEXT NOT NULL,
        parent_count INTEGER NOT NULL,
        PRIMARY KEY (repo_id, id)
    ) WITHOUT ROWID;
    CREATE INDEX commits_by_time ON commits(author_time);
    CREATE TABLE file_changes (
        repo_id INTEGER NOT NULL,
        commit_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        path TEXT NOT NULL,
        added INTEGER NOT NULL,
        removed INTEGER NOT NULL,
        binary INTEGER NOT NULL,
        PRIMARY KEY (repo_id, commit_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE repo_files (
        repo_id INTEGER NOT NULL,
        path TEXT NOT NULL,
        commit_id TEXT NOT NULL,
        time INTEGER NOT NULL,
        content TEXT,
        PRIMARY KEY (repo_id, path, commit_id)
    ) WITHOUT ROWID;
    "#,
        postgres: r#"
    CREATE TABLE repositories (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        head TEXT,
        collected_at BIGINT
    );
    CREATE TABLE commits (
        repo_id BIGINT NOT NULL REFERENCES repositories(id),
        id TEXT NOT NULL,
        author_name TEXT NOT NULL,
        author_email TEXT NOT NULL,
        author_time BIGINT NOT NULL,
        committer_name TEXT NOT NULL,
        committer_email TEXT NOT NULL,
        committer_time BIGINT NOT NULL,
        message TEXT NOT NULL,
        parent_count BIGINT NOT NULL,
        PRIMARY KEY (repo_id, id)
    );
    CREATE INDEX commits_by_time ON commits(author_time);
    CREATE TABLE file_changes (
        repo_id BIGINT NOT NULL,
        commit_id TEXT NOT NULL,
        seq BIGINT NOT NULL,
        path TEXT NOT NULL,
        added BIGINT NOT NULL,
        removed BIGINT NOT NULL,
        "binary" BOOLEAN NOT NULL,
        PRIMARY KEY (repo_id, commit_id, seq)
    );
    CREATE TABLE repo_files (
        repo_id BIGINT NOT NULL,
        path TEXT NOT NULL,
        commit_id TEXT NOT NULL,
        time BIGINT NOT NULL,
        content TEXT,
        PRIMARY KEY (repo_id, path, commit_id)
    );
    "#,
    },
    // 2: parent ids, so merges can be traced to the branch they merged.
    Migration {
        sqlite: "ALTER TABLE commits ADD COLUMN parents TEXT NOT NULL DEFAULT '';",
        postgres: "ALTER TABLE commits ADD COLUMN parents TEXT NOT NULL DEFAULT '';",
    },
    // 3: code review exports: pull requests, reviews, review requests.
    Migration {
        sqlite: r#"
    CREATE TABLE pull_requests (
        repo_id INTEGER NOT NULL,
        number INTEGER NOT NULL,
        title TEXT NOT NULL,
        author TEXT NOT NULL,
        created INTEGER NOT NULL,
        merge_commit TEXT,
        PRIMARY KEY (repo_id, number)
    ) WITHOUT ROWID;
    CREATE TABLE pull_reviews (
        repo_id INTEGER NOT NULL,
        id TEXT NOT NULL,
        number INTEGER NOT NULL,
        reviewer TEXT NOT NULL,
        state TEXT NOT NULL,
        time INTEGER NOT NULL,
        comments INTEGER NOT NULL,
        PRIMARY KEY (repo_id, id)
    ) WITHOUT ROWID;
    CREATE TABLE review_requests (
        repo_id INTEGER NOT NULL,
        number INTEGER NOT NULL,
        reviewer TEXT NOT NULL,
        requested_by TEXT,
        time INTEGER NOT NULL
    );
    CREATE INDEX review_requests_by_repo ON review_requests(repo_id, number);
    "#,
        postgres: r#"
    CREATE TABLE pull_requests (
        repo_id BIGINT NOT NULL,
        number BIGINT NOT NULL,
        title TEXT NOT NULL,
        author TEXT NOT NULL,
        created BIGINT NOT NULL,
        merge_commit TEXT,
        PRIMARY KEY (repo_id, number)
    );
    CREATE TABLE pull_reviews (
        repo_id BIGINT NOT NULL,
        id TEXT NOT NULL,
        number BIGINT NOT NULL,
        reviewer TEXT NOT NULL,
        state TEXT NOT NULL,
        time BIGINT NOT NULL,
        comments BIGINT NOT NULL,
        PRIMARY KEY (repo_id, id)
    );
    CREATE TABLE review_requests (
        repo_id BIGINT NOT NULL,
        number BIGINT NOT NULL,
        reviewer TEXT NOT NULL,
        requested_by TEXT,
        time BIGINT NOT NULL
    );
    CREATE INDEX review_requests_by_repo ON review_requests(repo_id, number);
    "#,
    },
    // 4: OWNERS and MAINTAINERS files are now read at HEAD; forgetting the
    // cursors makes the next collect read them (commits are not read again).
    Migration {
        sqlite: "UPDATE repositories SET head = NULL;",
        postgres: "UPDATE repositories SET head = NULL;",
    },
    // 5: documents are now read at HEAD; again, forget the cursors.
    Migration {
        sqlite: "UPDATE repositories SET head = NULL;",
        postgres: "UPDATE repositories SET head = NULL;",
    },
    // 6: pull-request descriptions, for the documents they cite (exports are
    // read again on every collect, so nothing needs forgetting).
    Migration {
        sqlite: "ALTER TABLE pull_requests ADD COLUMN body TEXT NOT NULL DEFAULT '';",
        postgres: "ALTER TABLE pull_requests ADD COLUMN body TEXT NOT NULL DEFAULT '';",
    },
    // 7: identities forgotten by `staffscope forget`, as salted-free SHA-256
    // hashes of the normalized value: applied on every write, so collecting
    // the same history again does not bring a forgotten person back.
    Migration {
        sqlite: r#"
    CREATE TABLE forgotten (
        kind TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (kind, hash)
    ) WITHOUT ROWID;
    "#,
        postgres: r#"
    CREATE TABLE forgotten (
        kind TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (kind, hash)
    );
    "#,
    },
    // 8: settings a store keeps for its organization; the first is the
    // secret that keys pseudonyms (`export --anonymize`, anonymized
    // calibration), drawn from the database's own strong random source so
    // that every store has one from the moment it is created or migrated.
    Migration {
        sqlite: r#"
    CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO settings (name, value) VALUES ('pseudonym_key', lower(hex(randomblob(32))));
    "#,
        postgres: r#"
    CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    INSERT INTO settings (name, value)
        VALUES ('pseudonym_key', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
    "#,
    },
];

/// The name of the setting that keys pseudonyms.
pub const PSEUDONYM_KEY: &str = "pseudonym_key";

/// The schema version this staffscope writes.
pub fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{store}: no store here yet\nhint: run `staffscope collect` first")]
    Missing { store: String },
    #[error(
        "{store}: not a staffscope store, or the file is damaged ({message})\nhint: staffscope will not overwrite it; move it aside or set `store` in staffscope.toml to another file, then run `staffscope collect`"
    )]
    NotAStore { store: String, message: String },
    #[error(
        "{store}: the database holds tables of another program and no staffscope store\nhint: staffscope will not write into it; create a database of its own (`createdb staffscope`) and point `store` at it"
    )]
    ForeignDatabase { store: String },
    #[error(
        "{store}: written by a newer staffscope (schema {found}, this one knows {known})\nhint: upgrade staffscope"
    )]
    TooNew {
        store: String,
        found: i64,
        known: i64,
    },
    #[error(
        "{store}: cannot connect: {message}\nhint: check that the server runs and that the URL's host, port, user, password and database are right (postgres://USER:PASSWORD@HOST:PORT/DATABASE)"
    )]
    Connect { store: String, message: String },
    #[error("{store}: {message}")]
    Database { store: String, message: String },
    #[error(
        "{store}: the destination already holds data ({commits} commits in {repositories} repositories)\nhint: pass --force to copy into it anyway (rows with the same keys are replaced)"
    )]
    NotEmpty {
        store: String,
        repositories: i64,
        commits: i64,
    },
}

/// What the store remembers of a repository between runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub repo_id: i64,
    pub head: Option<String>,
}

/// A repository's row, for copying a store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepositoryRow {
    pub id: i64,
    pub name: String,
    pub path: String,
    pub head: Option<String>,
    pub collected_at: Option<i64>,
}

/// Everything the resolver reads from the store.
pub struct Snapshot {
    pub repos: Vec<String>,
    pub commits: Vec<Commit>,
    pub repo_files: Vec<RepoFile>,
    pub reviews: ReviewExport,
}

/// How many rows of each kind a store holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub repositories: i64,
    pub commits: i64,
    pub file_changes: i64,
    pub repo_files: i64,
    pub pull_requests: i64,
    pub reviews: i64,
    pub review_requests: i64,
}

/// The canonical text of a store: one line per row of every table, tables
/// and rows sorted, repository ids replaced by repository names. Two stores
/// with the same contents have the same dump whichever backend holds them.
/// The time a repository was last collected is left out: it is bookkeeping,
/// not data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dump {
    pub lines: Vec<String>,
}

impl std::fmt::Display for Dump {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for line in &self.lines {
            writeln!(f, "{line}")?;
        }
        Ok(())
    }
}

/// The queries behind [`Dump`]: plain SQL that both backends read the same
/// way, every column as text. They take no parameters. The `settings` table
/// is left out: its pseudonym key is a secret, different in every store.
const DUMP_QUERIES: &[(&str, &str)] = &[
    ("repositories", "SELECT name, path, head FROM repositories"),
    (
        "commits",
        "SELECT r.name, c.id, c.author_name, c.author_email, CAST(c.author_time AS TEXT), \
         c.committer_name, c.committer_email, CAST(c.committer_time AS TEXT), c.message, \
         CAST(c.parent_count AS TEXT), c.parents \
         FROM commits c JOIN repositories r ON r.id = c.repo_id",
    ),
    (
        "file_changes",
        "SELECT r.name, f.commit_id, CAST(f.seq AS TEXT), f.path, CAST(f.added AS TEXT), \
         CAST(f.removed AS TEXT), CASE WHEN f.\"binary\" THEN '1' ELSE '0' END \
         FROM file_changes f JOIN repositories r ON r.id = f.repo_id",
    ),
    (
        "repo_files",
        "SELECT r.name, f.path, f.commit_id, CAST(f.time AS TEXT), f.content \
         FROM repo_files f JOIN repositories r ON r.id = f.repo_id",
    ),
    (
        "pull_requests",
        "SELECT r.name, CAST(p.number AS TEXT), p.title, p.author, CAST(p.created AS TEXT), \
         p.merge_commit, p.body FROM pull_requests p JOIN repositories r ON r.id = p.repo_id",
    ),
    (
        "pull_reviews",
        "SELECT r.name, p.id, CAST(p.number AS TEXT), p.reviewer, p.state, CAST(p.time AS TEXT), \
         CAST(p.comments AS TEXT) FROM pull_reviews p JOIN repositories r ON r.id = p.repo_id",
    ),
    (
        "review_requests",
        "SELECT r.name, CAST(q.number AS TEXT), q.reviewer, q.requested_by, CAST(q.time AS TEXT) \
         FROM review_requests q JOIN repositories r ON r.id = q.repo_id",
    ),
    ("forgotten", "SELECT kind, hash FROM forgotten"),
];

/// What a backend does; [`Store`] adds what both share (forgotten identities,
/// text cleaning) above it. SQL lives in the implementations.
trait Backend: Send {
    fn location(&self) -> StoreLocation;
    fn schema_version(&mut self) -> Result<i64, StoreError>;
    fn ensure_repository(&mut self, name: &str, path: &str) -> Result<Cursor, StoreError>;
    fn cursor(&mut self, name: &str) -> Result<Option<Cursor>, StoreError>;
    fn repositories(&mut self) -> Result<Vec<RepositoryRow>, StoreError>;
    fn stored_commit_ids(&mut self, repo_id: i64) -> Result<HashSet<String>, StoreError>;
    /// Opens a transaction that the writes until [`Backend::end_group`] join;
    /// a backend without the need may ignore it.
    fn begin_group(&mut self) -> Result<(), StoreError> {
        Ok(())
    }
    fn end_group(&mut self) -> Result<(), StoreError> {
        Ok(())
    }
    fn write_batch(
        &mut self,
        repo_id: i64,
        commits: &[Commit],
        files: &[RepoFile],
    ) -> Result<(), StoreError>;
    fn finish_repository(
        &mut self,
        repo_id: i64,
        head: Option<&str>,
        stale: &[String],
        head_files: &[RepoFile],
        collected_at: i64,
    ) -> Result<(), StoreError>;
    fn snapshot(&mut self, window: Option<Window>) -> Result<Snapshot, StoreError>;
    fn replace_review_export(
        &mut self,
        repo_id: i64,
        export: &ReviewExport,
    ) -> Result<(), StoreError>;
    fn counts(&mut self) -> Result<Counts, StoreError>;
    /// Runs one of [`DUMP_QUERIES`]: rows of text.
    fn text_rows(&mut self, sql: &'static str) -> Result<Vec<Vec<Option<String>>>, StoreError>;
    fn forgotten(&mut self) -> Result<Vec<(String, String)>, StoreError>;
    fn setting(&mut self, name: &str) -> Result<Option<String>, StoreError>;
    fn set_setting(&mut self, name: &str, value: &str) -> Result<(), StoreError>;
    /// Records forgotten identities and rewrites the rows that named them,
    /// all in one transaction.
    fn rewrite(&mut self, rewrite: &forget::Rewrite) -> Result<(), StoreError>;
}

/// A store, whichever backend holds it.
pub struct Store {
    backend: Box<dyn Backend>,
    /// The schema version found when the store was opened, before migrating.
    opened_at_version: i64,
    forgotten: forget::Forgotten,
}

impl Store {
    /// Opens a SQLite store, creating the file if it does not exist.
    pub fn open_or_create(path: &Path) -> Result<Store, StoreError> {
        Store::open(&StoreLocation::Sqlite(path.to_path_buf()), true)
    }

    /// Opens a SQLite store that must already exist.
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        Store::open(&StoreLocation::Sqlite(path.to_path_buf()), false)
    }

    /// Opens the store at `location`, migrating it to the current schema;
    /// `create` makes one where there is none yet (a new file, or the tables
    /// in an empty PostgreSQL database).
    pub fn open(location: &StoreLocation, create: bool) -> Result<Store, StoreError> {
        let (mut backend, opened_at_version): (Box<dyn Backend>, i64) = match location {
            StoreLocation::Sqlite(path) => {
                let (store, version) = sqlite::SqliteStore::open(path, create)?;
                (Box::new(store), version)
            }
            StoreLocation::Postgres(url) => {
                let (store, version) = postgres::PostgresStore::open(url, create)?;
                (Box::new(store), version)
            }
        };
        let forgotten = forget::Forgotten::from_rows(backend.forgotten()?);
        Ok(Store {
            backend,
            opened_at_version,
            forgotten,
        })
    }

    /// A second connection to the same store, for a reader beside the writer.
    pub fn reader(&self) -> Result<Store, StoreError> {
        Store::open(&self.backend.location(), false)
    }

    pub fn location(&self) -> StoreLocation {
        self.backend.location()
    }

    /// The schema version the store had when it was opened (0: it was created).
    pub fn opened_at_version(&self) -> i64 {
        self.opened_at_version
    }

    pub fn schema_version(&mut self) -> Result<i64, StoreError> {
        self.backend.schema_version()
    }

    /// Registers a repository (or updates its path) and returns its cursor.
    pub fn ensure_repository(&mut self, name: &str, path: &str) -> Result<Cursor, StoreError> {
        self.backend.ensure_repository(name, path)
    }

    pub fn cursor(&mut self, name: &str) -> Result<Option<Cursor>, StoreError> {
        self.backend.cursor(name)
    }

    pub fn repositories(&mut self) -> Result<Vec<RepositoryRow>, StoreError> {
        self.backend.repositories()
    }

    pub fn stored_commit_ids(&mut self, repo_id: i64) -> Result<HashSet<String>, StoreError> {
        self.backend.stored_commit_ids(repo_id)
    }

    /// Makes the writes until [`Store::end_group`] one transaction: a
    /// repository of a hundred commits rewrote about a hundred pages of the
    /// time index in a transaction of its own, so an organization of small
    /// repositories wrote its store a dozen times over. Until the group
    /// ends, nothing in it is stored; a failed write inside it undoes only
    /// itself, and dropping the store undoes the group.
    pub fn begin_group(&mut self) -> Result<(), StoreError> {
        self.backend.begin_group()
    }

    /// Commits the group [`Store::begin_group`] opened.
    pub fn end_group(&mut self) -> Result<(), StoreError> {
        self.backend.end_group()
    }

    /// Writes commits and the file versions found in them, all or nothing.
    /// Forgotten identities are replaced by the tombstone first.
    pub fn write_batch(
        &mut self,
        repo_id: i64,
        commits: &[Commit],
        files: &[RepoFile],
    ) -> Result<(), StoreError> {
        let commits = self.forgotten.clean_commits(commits);
        let files = self.forgotten.clean_files(files);
        self.backend.write_batch(repo_id, &commits, &files)
    }

    /// Ends a repository's run: drops commits the branch no longer reaches,
    /// replaces the HEAD versions of files, and moves the cursor.
    pub fn finish_repository(
        &mut self,
        repo_id: i64,
        head: Option<&str>,
        stale: &[String],
        head_files: &[RepoFile],
        collected_at: i64,
    ) -> Result<(), StoreError> {
        let head_files = self.forgotten.clean_files(head_files);
        self.backend
            .finish_repository(repo_id, head, stale, &head_files, collected_at)
    }

    /// Reads what resolution needs: every repository, the commits in `window`
    /// (all of them when `None`), and every stored file version.
    /// Rows come in the same order from both backends, whatever the
    /// repositories' ids (collectors sharing a store register them in any
    /// order): by repository name, then as each kind's key sorts, bytewise.
    pub fn snapshot(&mut self, window: Option<Window>) -> Result<Snapshot, StoreError> {
        let mut snapshot = self.backend.snapshot(window)?;
        snapshot.repos.sort();
        snapshot
            .commits
            .sort_by(|a, b| (&a.repo, &a.id).cmp(&(&b.repo, &b.id)));
        snapshot.repo_files.sort_by(|a, b| {
            (&a.repo, &a.path, a.time, &a.commit).cmp(&(&b.repo, &b.path, b.time, &b.commit))
        });
        let reviews = &mut snapshot.reviews;
        reviews
            .pulls
            .sort_by(|a, b| (&a.repo, a.number).cmp(&(&b.repo, b.number)));
        reviews
            .reviews
            .sort_by(|a, b| (&a.repo, a.time, &a.id).cmp(&(&b.repo, b.time, &b.id)));
        reviews.requests.sort_by(|a, b| {
            (&a.repo, a.number, a.time, &a.reviewer).cmp(&(&b.repo, b.number, b.time, &b.reviewer))
        });
        Ok(snapshot)
    }

    /// Replaces a repository's code-review export, all or nothing.
    /// Forgotten logins are replaced by the tombstone first.
    pub fn replace_review_export(
        &mut self,
        repo_id: i64,
        export: &ReviewExport,
    ) -> Result<(), StoreError> {
        let export = self.forgotten.clean_export(export);
        self.backend.replace_review_export(repo_id, &export)
    }

    /// Rows of each kind, for the user.
    pub fn counts(&mut self) -> Result<Counts, StoreError> {
        self.backend.counts()
    }

    /// The secret that keys this store's pseudonyms (hex). Made when the
    /// store was created or migrated; `store copy` carries it, so the same
    /// person keeps the same pseudonym in the copy.
    pub fn pseudonym_key(&mut self) -> Result<String, StoreError> {
        self.backend
            .setting(PSEUDONYM_KEY)?
            .ok_or_else(|| StoreError::Database {
                store: self.location().to_string(),
                message: "the store holds no pseudonym key (its settings table was emptied)"
                    .to_string(),
            })
    }

    /// The canonical text of the store; see [`Dump`].
    pub fn dump(&mut self) -> Result<Dump, StoreError> {
        let mut lines = Vec::new();
        for (table, sql) in DUMP_QUERIES {
            for row in self.backend.text_rows(sql)? {
                let mut line = table.to_string();
                for value in row {
                    line.push('\t');
                    match value {
                        Some(text) => line.push_str(&format!("{:?}", text)),
                        None => line.push_str("NULL"),
                    }
                }
                lines.push(line);
            }
        }
        lines.sort();
        Ok(Dump { lines })
    }

    /// Forgets a person: records their identities (hashed) so that no later
    /// write stores them again, and replaces them by the tombstone in every
    /// stored commit, trailer, pull request, review and review request.
    pub fn forget(&mut self, identities: &Identities) -> Result<ForgetReport, StoreError> {
        self.forgotten.add(identities);
        let repositories = self.backend.repositories()?;
        let snapshot = self.snapshot(None)?;
        let (rewrite, report) = self.forgotten.rewrite(identities, &repositories, &snapshot);
        self.backend.rewrite(&rewrite)?;
        Ok(report)
    }
}

/// How many rows `store copy` copied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyReport {
    pub counts: Counts,
    pub forgotten: usize,
}

/// Copies every row of `from` into `to`, repository by repository, each in
/// the same transactions a collect writes (so an interrupted copy can be run
/// again). Refuses a destination that holds commits unless `force`.
pub fn copy(from: &mut Store, to: &mut Store, force: bool) -> Result<CopyReport, StoreError> {
    let existing = to.counts()?;
    if !force && (existing.repositories > 0 || existing.commits > 0) {
        return Err(StoreError::NotEmpty {
            store: to.location().to_string(),
            repositories: existing.repositories,
            commits: existing.commits,
        });
    }
    // Forgotten identities first, so that the copy is cleaned like any write.
    let forgotten = from.backend.forgotten()?;
    to.backend.rewrite(&forget::Rewrite {
        forgotten: forgotten.clone(),
        ..forget::Rewrite::default()
    })?;
    to.forgotten = forget::Forgotten::from_rows(to.backend.forgotten()?);
    if let Some(key) = from.backend.setting(PSEUDONYM_KEY)? {
        to.backend.set_setting(PSEUDONYM_KEY, &key)?;
    }

    let repositories = from.repositories()?;
    let Snapshot {
        commits,
        repo_files,
        reviews,
        ..
    } = from.snapshot(None)?;
    for repository in &repositories {
        let cursor = to.ensure_repository(&repository.name, &repository.path)?;
        let mine = |name: &str| name == repository.name;
        let commits: Vec<Commit> = commits.iter().filter(|c| mine(&c.repo)).cloned().collect();
        let (history, at_head): (Vec<RepoFile>, Vec<RepoFile>) = repo_files
            .iter()
            .filter(|f| mine(&f.repo))
            .cloned()
            .partition(|f| f.commit.is_some());
        for chunk in commits.chunks(2_000) {
            to.write_batch(cursor.repo_id, chunk, &[])?;
        }
        to.write_batch(cursor.repo_id, &[], &history)?;
        let export = ReviewExport {
            pulls: reviews
                .pulls
                .iter()
                .filter(|p| mine(&p.repo))
                .cloned()
                .collect(),
            reviews: reviews
                .reviews
                .iter()
                .filter(|r| mine(&r.repo))
                .cloned()
                .collect(),
            requests: reviews
                .requests
                .iter()
                .filter(|r| mine(&r.repo))
                .cloned()
                .collect(),
        };
        to.replace_review_export(cursor.repo_id, &export)?;
        // The cursor last, as in a collect.
        to.finish_repository(
            cursor.repo_id,
            repository.head.as_deref(),
            &[],
            &at_head,
            repository.collected_at.unwrap_or(0),
        )?;
    }
    Ok(CopyReport {
        counts: from.counts()?,
        forgotten: forgotten.len(),
    })
}

/// For the test suites (the unit tests here and the integration tests):
/// a fresh PostgreSQL database per test. Not part of the store's API: only
/// the tests build it (`--features testing` for the integration tests).
#[cfg(any(test, feature = "testing"))]
pub mod testing;

#[cfg(test)]
mod tests;
