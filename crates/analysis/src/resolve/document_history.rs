//! Each document's whole history, through renames and moves.
//!
//! An RFC process merges a proposal by renaming `0000-name.md` to
//! `NNNN-name.md`; a documentation folder gets moved. Crediting whoever
//! first committed the final path gives the proposal to whoever merged or
//! moved it. Here every change to a document-like file, in the window or
//! before it (the store keeps documents' changes of the whole history), is
//! indexed by path, and a commit that deletes one document and adds another
//! of the same size and name (`0000-name.md` -> `2345-name.md`, or the same
//! file name in another folder) is a rename: the new path's history
//! continues with the old one's, and the rename itself is nobody's writing.

use foldhash::HashMap;

use model::{Commit, Timestamp};

use super::authorship::Authorship;
use super::{People, PersonId, ResolvedCommit};

/// Renames followed at most, in case of a cycle.
const MAX_RENAMES: usize = 20;

/// One commit's change to a document's file.
#[derive(Clone, Debug)]
pub(super) struct Edit {
    pub(super) commit: String,
    pub(super) time: Timestamp,
    pub(super) author: PersonId,
    pub(super) added: u32,
    pub(super) removed: u32,
}

/// A rename: in `commit`, at `time`, `from` became the path it is kept under.
#[derive(Clone, Debug)]
struct Rename {
    commit: String,
    time: Timestamp,
    from: String,
}

#[derive(Default)]
pub(super) struct DocumentHistory {
    by_path: HashMap<(usize, String), Vec<Edit>>,
    renamed_from: HashMap<(usize, String), Vec<Rename>>,
}

/// A document's history: its edits, oldest first, renames left out, and how
/// many renames were followed to find them.
pub(super) struct Followed<'a> {
    pub(super) edits: Vec<&'a Edit>,
    pub(super) renames: usize,
}

fn is_document_like(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".md", ".markdown", ".rst", ".txt", ".adoc", ".yaml"]
        .iter()
        .any(|extension| lower.ends_with(extension))
}

impl DocumentHistory {
    /// Indexes the window's commits counted as work and the history's
    /// (which carry only documents' changes), bots' commits left out.
    pub(super) fn build(
        window: &[ResolvedCommit],
        history: &[Commit],
        repo_index: &HashMap<&str, usize>,
        (authorship, people): (&Authorship, &People),
    ) -> DocumentHistory {
        let mut built = DocumentHistory::default();
        // A mass change (moving every document at once) is nobody's
        // writing, but its renames still join histories.
        for commit in window.iter().filter(|c| !c.is_merge) {
            let files = commit
                .files
                .iter()
                .map(|f| (f.path.as_str(), f.added, f.removed));
            let writes = commit.exclusion.is_none();
            built.add(
                commit.repo,
                (&commit.id, commit.time, commit.author),
                files,
                writes,
            );
        }
        for commit in history
            .iter()
            .filter(|c| !c.is_merge() && !c.files.is_empty())
        {
            let Some(&repo) = repo_index.get(commit.repo.as_str()) else {
                continue;
            };
            let Some(author) = authorship.author_of(repo, &commit.id) else {
                continue;
            };
            let writes = !people.get(author).bot;
            let files = commit
                .files
                .iter()
                .map(|f| (f.path.as_str(), f.added, f.removed));
            built.add(
                repo,
                (&commit.id, commit.author_time, author),
                files,
                writes,
            );
        }
        for edits in built.by_path.values_mut() {
            edits.sort_by(|a, b| (a.time, &a.commit).cmp(&(b.time, &b.commit)));
        }
        built
    }

    fn add<'f>(
        &mut self,
        repo: usize,
        (id, time, author): (&str, Timestamp, PersonId),
        files: impl Iterator<Item = (&'f str, u32, u32)>,
        writes: bool,
    ) {
        let files: Vec<(&str, u32, u32)> = files.filter(|(p, _, _)| is_document_like(p)).collect();
        for &(path, added, removed) in files.iter().filter(|_| writes) {
            self.by_path
                .entry((repo, path.to_string()))
                .or_default()
                .push(Edit {
                    commit: id.to_string(),
                    time,
                    author,
                    added,
                    removed,
                });
        }
        let deleted: Vec<&(&str, u32, u32)> =
            files.iter().filter(|(_, a, r)| *a == 0 && *r > 0).collect();
        let created: Vec<&(&str, u32, u32)> =
            files.iter().filter(|(_, a, r)| *r == 0 && *a > 0).collect();
        // One document gone and one of its size come in its place: a
        // rename whatever the names (`0066-template.md` -> `0091-weakmap.md`).
        let sole = created.len() == 1 && deleted.len() == 1;
        for &&(path, added, _) in &created {
            if let Some(from) = renamed_from(&deleted, path, added, sole) {
                self.renamed_from
                    .entry((repo, path.to_string()))
                    .or_default()
                    .push(Rename {
                        commit: id.to_string(),
                        time,
                        from: from.to_string(),
                    });
            }
        }
    }

    /// Every edit of `path` and, through its renames, of the paths it had
    /// before each rename (a path's later life is another document's).
    /// A proposal drafted in a copy of the process's template begins where
    /// that copy was created: the template's older history is not its own.
    pub(super) fn follow(&self, repo: usize, path: &str) -> Followed<'_> {
        let mut edits: Vec<&Edit> = Vec::new();
        let mut visited: Vec<String> = Vec::new();
        let mut renames = 0;
        let mut pending: Vec<(String, Option<Timestamp>)> = vec![(path.to_string(), None)];
        while let Some((current, until)) = pending.pop() {
            if visited.contains(&current) || visited.len() > MAX_RENAMES {
                continue;
            }
            visited.push(current.clone());
            let key = (repo, current);
            let into: Vec<&Rename> = self.renamed_from.get(&key).into_iter().flatten().collect();
            let mut own: Vec<&Edit> = self
                .by_path
                .get(&key)
                .into_iter()
                .flatten()
                .filter(|e| until.is_none_or(|until| e.time <= until))
                .filter(|e| !into.iter().any(|r| r.commit == e.commit))
                .collect();
            if until.is_some() && is_template_file(&key.1) {
                let created = own.iter().rposition(|e| e.added > 0 && e.removed == 0);
                own.drain(..created.unwrap_or(own.len()));
            }
            edits.extend(own);
            for rename in into {
                renames += 1;
                pending.push((rename.from.clone(), Some(rename.time)));
            }
        }
        edits.sort_by(|a, b| (a.time, &a.commit).cmp(&(b.time, &b.commit)));
        edits.dedup_by(|a, b| a.commit == b.commit && a.added == b.added);
        Followed { edits, renames }
    }
}

/// The document deleted in the same commit that `path` (of `added` lines)
/// is: the same file name in another folder, else the only one of the same
/// name after its number, or the only document the commit deleted when
/// `path` is the only one it created (`sole`); the same size in every case.
fn renamed_from<'f>(
    deleted: &[&(&'f str, u32, u32)],
    path: &str,
    added: u32,
    sole: bool,
) -> Option<&'f str> {
    let file = |path: &str| path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let sized: Vec<&str> = deleted
        .iter()
        .filter(|(_, _, removed)| same_size(added, *removed))
        .map(|(old, _, _)| *old)
        .collect();
    if let Some(old) = sized.iter().find(|old| file(old) == file(path)) {
        return Some(old);
    }
    match sized
        .iter()
        .filter(|old| sole || same_document(old, path))
        .collect::<Vec<_>>()
        .as_slice()
    {
        [old] => Some(old),
        _ => None,
    }
}

/// The process's template (`0000-template.md`, `templates/rfc.md`): a
/// proposal written by renaming a copy of it starts there, and the
/// template's own history is not the proposal's.
fn is_template_file(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let stem = file.split('.').next().unwrap_or(&file);
    let stem = stem.trim_start_matches(['0', 'n', 'x', '-']);
    matches!(stem, "template" | "_template") || model::paths::is_template(path)
}

/// A move keeps the content: the lines added within a tenth (or two
/// lines) of those removed.
fn same_size(added: u32, removed: u32) -> bool {
    added.abs_diff(removed) <= (added.max(removed) / 10).max(2)
}

/// The same document under another path: the same file name in another
/// folder, the same name after a number (`0000-name.md`, `2345-name.md`),
/// or the same number with a word added to or taken from the name
/// (`0003-ember-doctor.md`, `0003-cli-ember-doctor.md`).
fn same_document(old: &str, new: &str) -> bool {
    let file = |path: &str| path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let (old, new) = (file(old), file(new));
    let number = |name: &str| -> String { name.chars().take_while(char::is_ascii_digit).collect() };
    let slug = |name: &str| {
        name.trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches(['-', '_'])
            .to_string()
    };
    // `factoryFor` and `factory-for` are one name.
    let plain = |slug: &str| slug.replace(['-', '_'], "");
    let (old_slug, new_slug) = (slug(&old), slug(&new));
    let numbered = new_slug != new && !new_slug.is_empty();
    let renamed_slug = number(&old) == number(&new)
        && !old_slug.is_empty()
        && (new_slug.ends_with(&format!("-{old_slug}"))
            || old_slug.ends_with(&format!("-{new_slug}")));
    old == new || (numbered && (plain(&old_slug) == plain(&new_slug) || renamed_slug))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_renamed_proposal_is_the_same_document() {
        assert!(same_document("text/0000-retry.md", "text/2345-retry.md"));
        assert!(same_document("docs/a/guide.md", "book/guide.md"));
        assert!(!same_document("text/0000-retry.md", "text/2345-cache.md"));
        assert!(!same_document("text/retry.md", "text/cache.md"));
        assert!(same_document(
            "text/0003-ember-doctor.md",
            "text/0003-cli-ember-doctor.md"
        ));
        assert!(!same_document(
            "text/0003-doctor.md",
            "text/0004-cli-doctor.md"
        ));
        assert!(same_size(100, 104) && !same_size(100, 40));
    }
}
