//! Reading a whole PostgreSQL store back for resolution. The server sorts
//! text by its collation unless told otherwise, so every text key is sorted
//! `COLLATE "C"` (bytewise), as SQLite does.

use std::collections::HashMap;

use super::{PostgresStore, reviews, small};
use crate::snapshot::{Scope, in_window};
use crate::{Snapshot, StoreError};
use model::{Commit, FileChange, RepoFile, Signature, Window, parse_trailers};

/// A commit's file changes by its repository id and commit id.
type FilesByCommit = HashMap<(i64, String), Vec<FileChange>>;

/// Reads what resolution needs: every repository, the commits in `window`
/// (all of them when `None`), and every stored file version.
pub(super) fn snapshot(store: &mut PostgresStore, scope: Scope) -> Result<Snapshot, StoreError> {
    let window = scope.window;
    let (since, until) = window.map_or((i64::MIN, i64::MAX), |w| (w.since, w.until));
    let repo_rows: Vec<(i64, String)> = store
        .client
        .query(
            "SELECT id, name FROM repositories ORDER BY name COLLATE \"C\"",
            &[],
        )
        .map_err(|e| store.error(e))?
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    let names: HashMap<i64, String> = repo_rows.iter().cloned().collect();
    let name_of = |id: i64| -> String { names.get(&id).cloned().unwrap_or_default() };

    let mut files_by_commit = if scope.files {
        file_changes(store, (since, until), true)?
    } else {
        FilesByCommit::new()
    };
    if scope.files && !scope.document_folders.is_empty() && window.is_some() {
        // Outside the window, only documents' changes are kept.
        let mut outside = file_changes(store, (since, until), false)?;
        for files in outside.values_mut() {
            files.retain(|file| scope.keeps_in_history(&file.path));
        }
        files_by_commit.extend(outside.into_iter().filter(|(_, files)| !files.is_empty()));
    }
    let (commits, history) = read_commits(store, window, files_by_commit, &name_of)?;
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

/// The file changes of the commits in the window (`inside`) or outside
/// it, each commit's in order.
fn file_changes(
    store: &mut PostgresStore,
    (since, until): (i64, i64),
    inside: bool,
) -> Result<FilesByCommit, StoreError> {
    let mut files_by_commit: FilesByCommit = HashMap::new();
    let rows = store
        .client
        .query(
            "SELECT f.repo_id, f.commit_id, f.path, f.added, f.removed, f.\"binary\" \
             FROM file_changes f JOIN commits c ON c.repo_id = f.repo_id AND c.id = f.commit_id \
             WHERE (c.author_time >= $1 AND c.author_time < $2) = $3 \
             ORDER BY f.repo_id, f.commit_id COLLATE \"C\", f.seq",
            &[&since, &until, &inside],
        )
        .map_err(|e| store.error(e))?;
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
    Ok(files_by_commit)
}

/// The commits in the window, each given its files out of
/// `files_by_commit`; and the others, for history.
fn read_commits(
    store: &mut PostgresStore,
    window: Option<Window>,
    mut files_by_commit: FilesByCommit,
    name_of: &impl Fn(i64) -> String,
) -> Result<(Vec<Commit>, Vec<Commit>), StoreError> {
    let rows = store
        .client
        .query(
            "SELECT repo_id, id, author_name, author_email, author_time, committer_name, \
             committer_email, committer_time, message, parent_count, parents \
             FROM commits ORDER BY repo_id, id COLLATE \"C\"",
            &[],
        )
        .map_err(|e| store.error(e))?;
    let (mut commits, mut history) = (Vec::with_capacity(rows.len()), Vec::new());
    for row in &rows {
        let repo_id: i64 = row.get(0);
        let id: String = row.get(1);
        let message: String = row.get(8);
        let parents: String = row.get(10);
        let commit = Commit {
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
        };
        if in_window(window, commit.author_time) {
            commits.push(commit);
        } else {
            // Outside the window, only documents' changes were read.
            let mut commit = commit;
            let files = std::mem::take(&mut commit.files);
            let mut commit = commit.into_history();
            commit.files = files;
            history.push(commit);
        }
    }
    Ok((commits, history))
}

/// Every stored file version; one read at HEAD has an empty commit id.
fn read_repo_files(
    store: &mut PostgresStore,
    name_of: &impl Fn(i64) -> String,
) -> Result<Vec<RepoFile>, StoreError> {
    let rows = store
        .client
        .query(
            "SELECT repo_id, path, commit_id, time, content FROM repo_files \
             ORDER BY repo_id, path COLLATE \"C\", time, commit_id COLLATE \"C\"",
            &[],
        )
        .map_err(|e| store.error(e))?;
    Ok(rows
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
        .collect())
}
