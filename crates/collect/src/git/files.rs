//! The files resolution reads besides commits: the versions of CODEOWNERS
//! found in history, and the files read as they are at HEAD (`.mailmap`,
//! `.git-blame-ignore-revs`, `MAINTAINERS`, `OWNERS`, `.gitattributes` and
//! documents).

use gix::ObjectId;
use gix::bstr::ByteSlice;
use gix::object::tree::diff::Change;

use super::GitRepo;
use model::paths::Skip;
use model::{RepoFile, Timestamp};

/// Files read at HEAD larger than this are not read (a 50 MB Markdown file is
/// not a design document).
pub const MAX_HEAD_FILE_BYTES: u64 = 1024 * 1024;

impl GitRepo {
    /// The files resolution reads as they are at HEAD: `.mailmap`,
    /// `.git-blame-ignore-revs`, `MAINTAINERS`, and every `OWNERS`,
    /// `OWNERS_ALIASES` and `.gitattributes` file in the tree.
    pub fn head_files(&self, name: &str, document_folders: &[String]) -> Vec<RepoFile> {
        let Some(head) = self.head else {
            return Vec::new();
        };
        let repo = self.repo.to_thread_local();
        let Ok(commit) = repo.find_commit(head) else {
            return Vec::new();
        };
        let time = commit.time().map(|t| t.seconds).unwrap_or(0);
        let Ok(tree) = commit.tree() else {
            return Vec::new();
        };
        head_paths(&tree, document_folders)
            .into_iter()
            .filter_map(|(path, id)| {
                // A file too large to be a document written by hand is kept
                // without content, so resolution can say it was skipped.
                let size = repo.find_header(id).ok()?.size();
                let content = if size > MAX_HEAD_FILE_BYTES {
                    None
                } else {
                    Some(repo.find_object(id).ok()?.data.to_str_lossy().into_owned())
                };
                Some(RepoFile {
                    repo: name.to_string(),
                    path,
                    commit: None,
                    time,
                    content,
                })
            })
            .collect()
    }
}

impl GitRepo {
    /// Files at HEAD in the document folders that the path rules leave
    /// out (templates, test data, indexes, other formats), each with why:
    /// what `staffscope documents --check` shows beside what was read.
    pub fn skipped_at_head(&self, document_folders: &[String]) -> Vec<(String, Skip)> {
        let Some(head) = self.head else {
            return Vec::new();
        };
        let repo = self.repo.to_thread_local();
        let Some(tree) = repo.find_commit(head).ok().and_then(|c| c.tree().ok()) else {
            return Vec::new();
        };
        let Ok(entries) = tree.traverse().breadthfirst.files() else {
            return Vec::new();
        };
        entries
            .iter()
            .filter(|entry| entry.mode.is_blob())
            .filter_map(|entry| {
                let path = entry.filepath.to_str_lossy();
                match model::paths::document_verdict(&path, document_folders)? {
                    Err(skip) => Some((path.into_owned(), skip)),
                    Ok(()) => None,
                }
            })
            .collect()
    }
}

/// The paths and blobs of the files [`GitRepo::head_files`] reads in `tree`.
fn head_paths(tree: &gix::Tree<'_>, document_folders: &[String]) -> Vec<(String, ObjectId)> {
    let mut paths: Vec<(String, ObjectId)> = Vec::new();
    for path in [".mailmap", ".git-blame-ignore-revs", "MAINTAINERS"] {
        if let Ok(Some(entry)) = tree.lookup_entry_by_path(path) {
            paths.push((path.to_string(), entry.object_id()));
        }
    }
    // OWNERS files live in any folder; one walk of the tree finds them.
    if let Ok(entries) = tree.traverse().breadthfirst.files() {
        for entry in entries {
            let path = entry.filepath.to_str_lossy();
            let file_name = path.rsplit('/').next().unwrap_or(&path);
            if entry.mode.is_blob()
                && (matches!(file_name, "OWNERS" | "OWNERS_ALIASES" | ".gitattributes")
                    || model::paths::is_document_path_in(&path, document_folders))
            {
                paths.push((path.into_owned(), entry.oid));
            }
        }
    }
    paths
}

/// The version of a CODEOWNERS file that `change` wrote in commit `commit`
/// of `repo`, its content `None` where the commit deleted it; `None` for
/// any other file.
pub(super) fn codeowners_version(
    change: &Change<'_, '_, '_>,
    path: &str,
    repo: &str,
    commit: &str,
    time: Timestamp,
) -> Option<RepoFile> {
    if !model::paths::CODEOWNERS_LOCATIONS.contains(&path) {
        return None;
    }
    let content = match change {
        Change::Deletion { .. } => None,
        _ => change
            .id()
            .object()
            .ok()
            .map(|blob| blob.data.to_str_lossy().into_owned()),
    };
    Some(RepoFile {
        repo: repo.to_string(),
        path: path.to_string(),
        commit: Some(commit.to_string()),
        time,
        content,
    })
}
