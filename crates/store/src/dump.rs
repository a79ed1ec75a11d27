//! The canonical text of a store (`staffscope store dump`): apart from the
//! facade because its queries are the one place where both backends run the
//! same SQL text, and a reader checking that they agree wants them together.

use crate::{Backend, StoreError};

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
pub(crate) const DUMP_QUERIES: &[(&str, &str)] = &[
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

/// Runs every query of [`DUMP_QUERIES`] on `backend` and makes the sorted
/// lines of its [`Dump`].
pub(crate) fn read(backend: &mut dyn Backend) -> Result<Dump, StoreError> {
    let mut lines = Vec::new();
    for (table, sql) in DUMP_QUERIES {
        for row in backend.text_rows(sql)? {
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
