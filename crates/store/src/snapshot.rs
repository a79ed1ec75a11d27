//! What resolution reads from the store, and the one order both backends'
//! rows are put in: the backends read in whatever order is cheap for them,
//! and this module is where the order callers rely on is decided.

use model::{Commit, RepoFile, ReviewExport, Window};

/// What a snapshot reads: the commits of a window (all when `None`), with
/// or without their file changes, and for the commits outside the window
/// the changes of documents under these folder names (for who wrote a
/// document and when it began, whatever the window).
#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub window: Option<Window>,
    pub files: bool,
    pub document_folders: Vec<String>,
}

impl Scope {
    /// Whether a file change of a commit outside the window is kept.
    pub(crate) fn keeps_in_history(&self, path: &str) -> bool {
        !self.document_folders.is_empty()
            && model::paths::in_document_history(path, &self.document_folders)
    }
}

/// Everything the resolver reads from the store.
pub struct Snapshot {
    pub repos: Vec<String>,
    /// The commits in the window, with their files.
    pub commits: Vec<Commit>,
    /// The commits outside the window, for who is who: without their
    /// files, each message but a merge's cut to its subject (its trailers
    /// already read; a merge's message names who it merged),
    /// so that the same people and logins are found whatever the window.
    /// Empty when the snapshot has no window.
    pub history: Vec<Commit>,
    pub repo_files: Vec<RepoFile>,
    pub reviews: ReviewExport,
}

impl Snapshot {
    /// Puts the rows in the order both backends give: by repository name,
    /// then as each kind's key sorts, bytewise. Sorting here rather than in
    /// SQL keeps the order independent of the repositories' ids (collectors
    /// sharing a store register them in any order) and of a server's
    /// collation.
    pub(crate) fn sort(&mut self) {
        self.repos.sort();
        self.commits
            .sort_by(|a, b| (&a.repo, &a.id).cmp(&(&b.repo, &b.id)));
        self.history
            .sort_by(|a, b| (&a.repo, &a.id).cmp(&(&b.repo, &b.id)));
        self.repo_files.sort_by(|a, b| {
            (&a.repo, &a.path, a.time, &a.commit).cmp(&(&b.repo, &b.path, b.time, &b.commit))
        });
        let reviews = &mut self.reviews;
        reviews
            .pulls
            .sort_by(|a, b| (&a.repo, a.number).cmp(&(&b.repo, b.number)));
        reviews
            .reviews
            .sort_by(|a, b| (&a.repo, a.time, &a.id).cmp(&(&b.repo, b.time, &b.id)));
        reviews.requests.sort_by(|a, b| {
            (&a.repo, a.number, a.time, &a.reviewer).cmp(&(&b.repo, b.number, b.time, &b.reviewer))
        });
    }
}

/// Whether a commit belongs to the window's part of a snapshot.
pub(crate) fn in_window(window: Option<Window>, author_time: i64) -> bool {
    window.is_none_or(|w| author_time >= w.since && author_time < w.until)
}
