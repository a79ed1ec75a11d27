//! Reading a whole SQLite store back for resolution: the one read that
//! touches every table, tuned apart from the writes (a memory map, a small
//! page cache, and commits merged with their files without a join).

use std::collections::HashMap;

use super::{SqliteStore, WRITER_CACHE, reviews};
use crate::snapshot::{Scope, in_window};
use crate::{Snapshot, StoreError};
use model::{Commit, FileChange, RepoFile, Window, parse_trailers};

/// The page cache of a snapshot, which reads each page once: 2 MiB.
const SNAPSHOT_CACHE: i64 = -2_048;

/// How much of the file a snapshot maps; SQLite caps it at its own limit
/// (2 GiB in the bundled build) and reads the rest as usual.
const SNAPSHOT_MMAP_BYTES: i64 = 1 << 40;

/// Reads what resolution needs: every repository, the commits in `window`
/// (all of them when `None`), and every stored file version.
pub(super) fn snapshot(store: &mut SqliteStore, scope: Scope) -> Result<Snapshot, StoreError> {
    // A snapshot reads every table once, in order: pages are read in
    // place from a memory map instead of being copied into the page
    // cache, which the writers' 64 MiB would fill to no use (a third of
    // the snapshot's time and 46 MB for 100,000 commits). Both settings
    // are put back whatever the outcome.
    store.pragma(&format!("PRAGMA mmap_size = {SNAPSHOT_MMAP_BYTES}"))?;
    store.pragma(&format!("PRAGMA cache_size = {SNAPSHOT_CACHE}"))?;
    let snapshot = read_snapshot(store, scope);
    let restored = store
        .pragma("PRAGMA mmap_size = 0")
        .and_then(|()| store.pragma(&format!("PRAGMA cache_size = {WRITER_CACHE}")));
    let snapshot = snapshot?;
    restored?;
    Ok(snapshot)
}

/// Everything [`snapshot`] returns, read with whatever settings are in force.
fn read_snapshot(store: &SqliteStore, scope: Scope) -> Result<Snapshot, StoreError> {
    let repo_rows = repository_names(store)?;
    let names: HashMap<i64, String> = repo_rows.iter().cloned().collect();
    let name_of = |id: i64| -> String { names.get(&id).cloned().unwrap_or_default() };
    let (mut commits, mut history) = read_commits(store, scope.window, &name_of)?;
    if scope.files {
        attach_files(store, (&mut commits, &mut history), &scope)?;
    }
    let commits: Vec<Commit> = commits.into_iter().map(|(_, commit)| commit).collect();
    let history: Vec<Commit> = history.into_iter().map(|(_, commit)| commit).collect();
    let repo_files = read_repo_files(store, &name_of)?;
    let reviews = reviews::review_export(store, &name_of)?;
    Ok(Snapshot {
        repos: repo_rows.into_iter().map(|(_, name)| name).collect(),
        commits,
        history,
        repo_files,
        reviews,
    })
}

/// Every repository's id and name, by name.
fn repository_names(store: &SqliteStore) -> Result<Vec<(i64, String)>, StoreError> {
    let wrap = |error: rusqlite::Error| store.sqlite(error);
    let mut repos_statement = store
        .conn
        .prepare("SELECT id, name FROM repositories ORDER BY name")
        .map_err(wrap)?;
    repos_statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .map_err(wrap)?
        .collect::<Result<_, _>>()
        .map_err(wrap)
}

/// Commits with their repository's id.
type KeyedCommits = Vec<(i64, Commit)>;

/// The commits in `window` without their files yet, each with its
/// repository's id, in primary-key order; and the others, for history.
fn read_commits(
    store: &SqliteStore,
    window: Option<Window>,
    name_of: &impl Fn(i64) -> String,
) -> Result<(KeyedCommits, KeyedCommits), StoreError> {
    let wrap = |error: rusqlite::Error| store.sqlite(error);
    let mut commits_statement = store
        .conn
        .prepare(
            "SELECT repo_id, id, author_name, author_email, author_time, committer_name, \
             committer_email, committer_time, message, parent_count, parents \
             FROM commits NOT INDEXED ORDER BY repo_id, id",
        )
        .map_err(wrap)?;
    let rows = commits_statement
        .query_map([], |row| {
            let repo_id: i64 = row.get(0)?;
            let message: String = row.get(8)?;
            let commit = Commit {
                repo: name_of(repo_id),
                id: row.get(1)?,
                author: model::Signature {
                    name: row.get(2)?,
                    email: row.get(3)?,
                },
                author_time: row.get(4)?,
                committer: model::Signature {
                    name: row.get(5)?,
                    email: row.get(6)?,
                },
                committer_time: row.get(7)?,
                trailers: parse_trailers(&message),
                message,
                parent_count: row.get(9)?,
                parents: row
                    .get::<_, String>(10)?
                    .split_whitespace()
                    .map(str::to_string)
                    .collect(),
                files: Vec::new(),
            };
            Ok((repo_id, commit))
        })
        .map_err(wrap)?;
    let (mut inside, mut history) = (Vec::new(), Vec::new());
    for row in rows {
        let (repo_id, commit) = row.map_err(wrap)?;
        if in_window(window, commit.author_time) {
            inside.push((repo_id, commit));
        } else {
            history.push((repo_id, commit.into_history()));
        }
    }
    Ok((inside, history))
}

/// Gives each window commit its file changes, and each commit outside the
/// window the changes `scope` keeps in history (documents').
///
/// Both tables are read in primary-key order, without a join or a sort,
/// and merged here: a commit's files follow it in the same order. Other
/// files are skipped as they pass, their keys compared where SQLite holds
/// them (no string per file).
fn attach_files(
    store: &SqliteStore,
    (window, history): (&mut KeyedCommits, &mut KeyedCommits),
    scope: &Scope,
) -> Result<(), StoreError> {
    let wrap = |error: rusqlite::Error| store.sqlite(error);
    let mut files_statement = store
        .conn
        .prepare(
            "SELECT repo_id, commit_id, path, added, removed, binary \
             FROM file_changes ORDER BY repo_id, commit_id, seq",
        )
        .map_err(wrap)?;
    let mut files = files_statement.query([]).map_err(wrap)?;
    let mut next_window = window.iter_mut().peekable();
    let mut next_history = history.iter_mut().peekable();
    let keep_history = !scope.document_folders.is_empty();
    while let Some(row) = files.next().map_err(wrap)? {
        let repo_id: i64 = row.get(0).map_err(wrap)?;
        let commit_id = row
            .get_ref(1)
            .and_then(|value| value.as_str().map_err(Into::into))
            .map_err(wrap)?;
        let key = (repo_id, commit_id);
        let target = if advance_to(&mut next_window, key) {
            next_window.peek_mut()
        } else if keep_history
            && advance_to(&mut next_history, key)
            && row
                .get_ref(2)
                .ok()
                .and_then(|v| v.as_str().ok())
                .is_some_and(|path| scope.keeps_in_history(path))
        {
            next_history.peek_mut()
        } else {
            None
        };
        let Some((_, commit)) = target else {
            if next_window.peek().is_none() && (!keep_history || next_history.peek().is_none()) {
                break;
            }
            continue;
        };
        commit.files.push(FileChange {
            path: row.get(2).map_err(wrap)?,
            added: row.get(3).map_err(wrap)?,
            removed: row.get(4).map_err(wrap)?,
            binary: row.get(5).map_err(wrap)?,
        });
    }
    Ok(())
}

/// Moves a list in key order past the commits before `key`; whether the
/// next one is the commit with `key`.
fn advance_to<'c, I>(commits: &mut std::iter::Peekable<I>, key: (i64, &str)) -> bool
where
    I: Iterator<Item = &'c mut (i64, Commit)>,
{
    while let Some((commit_repo, commit)) = commits.peek() {
        match (*commit_repo, commit.id.as_str()).cmp(&key) {
            std::cmp::Ordering::Less => {
                commits.next();
            }
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Greater => return false,
        }
    }
    false
}

/// Every stored file version; one read at HEAD has an empty commit id.
fn read_repo_files(
    store: &SqliteStore,
    name_of: &impl Fn(i64) -> String,
) -> Result<Vec<RepoFile>, StoreError> {
    let wrap = |error: rusqlite::Error| store.sqlite(error);
    let mut versions_statement = store
        .conn
        .prepare("SELECT repo_id, path, commit_id, time, content FROM repo_files ORDER BY repo_id, path, time, commit_id")
        .map_err(wrap)?;
    versions_statement
        .query_map([], |row| {
            let commit: String = row.get(2)?;
            Ok(RepoFile {
                repo: name_of(row.get(0)?),
                path: row.get(1)?,
                commit: (!commit.is_empty()).then_some(commit),
                time: row.get(3)?,
                content: row.get(4)?,
            })
        })
        .map_err(wrap)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(wrap)
}
