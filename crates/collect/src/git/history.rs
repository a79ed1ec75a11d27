//! The history of one folder's files along the main line: every version of
//! each file directly inside it, as the commits that changed it wrote it.
//! A team map kept in git (the Rust project's `teams/`) says when each
//! person joined and left only through this history.

use gix::ObjectId;
use gix::bstr::ByteSlice;

use super::{GitError, GitRepo};
use model::Timestamp;

/// One version of a file: when its commit was made, its path, and its
/// content (`None`: the commit deleted it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileVersion {
    pub time: Timestamp,
    pub path: String,
    pub content: Option<String>,
}

/// A folder's files in one tree: (name, blob id), sorted by name.
type Listing = Vec<(String, ObjectId)>;

impl GitRepo {
    /// Every version of the files directly inside `folder`, oldest first,
    /// along the first parents from HEAD. Commits that leave the folder's
    /// tree as it was cost one tree lookup each.
    pub fn folder_history(&self, folder: &str) -> Result<Vec<FileVersion>, GitError> {
        let Some(head) = self.head else {
            return Ok(Vec::new());
        };
        let repo = self.repo.to_thread_local();
        let error = |message: String| GitError::Walk {
            path: self.path.clone(),
            head: head.to_string(),
            message,
        };
        let mut main_line = Vec::new();
        let mut at = Some(head);
        while let Some(id) = at {
            let commit = repo.find_commit(id).map_err(|e| error(e.to_string()))?;
            let time = commit.time().map(|t| t.seconds).unwrap_or(0);
            main_line.push((id, time));
            at = commit.parent_ids().next().map(|p| p.detach());
        }
        main_line.reverse();
        let mut versions = Vec::new();
        let mut previous: (Option<ObjectId>, Listing) = (None, Vec::new());
        for (id, time) in main_line {
            let tree = repo
                .find_commit(id)
                .map_err(|e| error(e.to_string()))?
                .tree()
                .map_err(|e| error(e.to_string()))?;
            let folder_id = tree
                .lookup_entry_by_path(folder)
                .map_err(|e| error(e.to_string()))?
                .filter(|entry| entry.mode().is_tree())
                .map(|entry| entry.object_id());
            if folder_id == previous.0 {
                continue;
            }
            let listing = match folder_id {
                Some(folder_id) => listing(&repo, folder_id).map_err(error)?,
                None => Vec::new(),
            };
            // Listings are sorted by name: a lookup is a binary search.
            let find = |files: &Listing, name: &str| {
                files
                    .binary_search_by(|(n, _)| n.as_str().cmp(name))
                    .ok()
                    .map(|i| files[i].1)
            };
            for (name, blob) in &listing {
                let unchanged = find(&previous.1, name) == Some(*blob);
                if !unchanged {
                    let data = repo.find_object(*blob).map_err(|e| error(e.to_string()))?;
                    versions.push(FileVersion {
                        time,
                        path: format!("{folder}/{name}"),
                        content: Some(data.data.to_str_lossy().into_owned()),
                    });
                }
            }
            for (name, _) in &previous.1 {
                if find(&listing, name).is_none() {
                    versions.push(FileVersion {
                        time,
                        path: format!("{folder}/{name}"),
                        content: None,
                    });
                }
            }
            previous = (folder_id, listing);
        }
        Ok(versions)
    }
}

/// The files directly inside tree `id`.
fn listing(repo: &gix::Repository, id: ObjectId) -> Result<Listing, String> {
    let tree = repo.find_tree(id).map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    for entry in tree.iter() {
        let entry = entry.map_err(|e| e.to_string())?;
        if entry.mode().is_blob() {
            files.push((
                entry.filename().to_str_lossy().into_owned(),
                entry.oid().to_owned(),
            ));
        }
    }
    files.sort();
    Ok(files)
}
