//! `staffscope store copy`: every row of one store into another, through
//! the same writes a collect makes, so that a copy is cleaned of forgotten
//! identities and can be interrupted and run again like a collect.

use model::{Commit, RepoFile, ReviewExport};

use crate::{Counts, PSEUDONYM_KEY, RepositoryRow, Snapshot, Store, StoreError, forget};

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
    let forgotten = copy_settings(from, to)?;
    let repositories = from.repositories()?;
    let snapshot = from.snapshot(None)?;
    for repository in &repositories {
        copy_repository(repository, &snapshot, to)?;
    }
    Ok(CopyReport {
        counts: from.counts()?,
        forgotten,
    })
}

/// Copies the forgotten identities and the pseudonym key, and says how many
/// identities were forgotten. They go first, so that the rows copied after
/// them are cleaned like any write.
fn copy_settings(from: &mut Store, to: &mut Store) -> Result<usize, StoreError> {
    let forgotten = from.backend.forgotten()?;
    let count = forgotten.len();
    to.backend.rewrite(&forget::Rewrite {
        forgotten,
        ..forget::Rewrite::default()
    })?;
    to.forgotten = forget::Forgotten::from_rows(to.backend.forgotten()?);
    if let Some(key) = from.backend.setting(PSEUDONYM_KEY)? {
        to.backend.set_setting(PSEUDONYM_KEY, &key)?;
    }
    Ok(count)
}

/// Copies one repository's rows out of `snapshot`, in the order a collect
/// writes them: commits, file versions, the code-review export, and the
/// cursor last.
fn copy_repository(
    repository: &RepositoryRow,
    snapshot: &Snapshot,
    to: &mut Store,
) -> Result<(), StoreError> {
    let cursor = to.ensure_repository(&repository.name, &repository.path)?;
    let mine = |name: &str| name == repository.name;
    let commits: Vec<Commit> = snapshot
        .commits
        .iter()
        .filter(|c| mine(&c.repo))
        .cloned()
        .collect();
    let (history, at_head): (Vec<RepoFile>, Vec<RepoFile>) = snapshot
        .repo_files
        .iter()
        .filter(|f| mine(&f.repo))
        .cloned()
        .partition(|f| f.commit.is_some());
    for chunk in commits.chunks(2_000) {
        to.write_batch(cursor.repo_id, chunk, &[])?;
    }
    to.write_batch(cursor.repo_id, &[], &history)?;
    let reviews = &snapshot.reviews;
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
    to.finish_repository(
        cursor.repo_id,
        repository.head.as_deref(),
        &[],
        &at_head,
        repository.collected_at.unwrap_or(0),
    )
}
