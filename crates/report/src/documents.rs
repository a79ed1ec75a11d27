//! Every document found, with its authors and how each was decided:
//! `staffscope documents`, so that a reader can check the credits writing,
//! initiatives and decisions are built on, and disagree with one. Pure.

use std::fmt::Write;

use serde::Serialize;

use super::Context;

/// The documents, by repository and path. As JSON it is the list itself.
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub struct DocumentsView {
    pub documents: Vec<DocumentRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DocumentRow {
    pub repository: String,
    pub path: String,
    pub id: Option<String>,
    pub title: String,
    pub kind: &'static str,
    pub date: String,
    /// Where the date came from when the document gives none.
    pub date_note: Option<String>,
    /// As written, and as one of the states processes share.
    pub status: Option<String>,
    pub state: Option<&'static str>,
    pub authors: Vec<Credit>,
    pub reviewers: Vec<Credit>,
    /// Teams the document names as owning or taking part (or affected).
    pub teams: Vec<String>,
    /// Options weighed and a decision recorded, in words.
    pub judgment: Option<String>,
}

/// A person a document credits, and how the credit was decided.
#[derive(Clone, Debug, Serialize)]
pub struct Credit {
    pub handle: String,
    pub name: String,
    pub how: &'static str,
}

pub fn documents(context: &Context<'_>) -> DocumentsView {
    let org = context.org;
    let credit = |id: analysis::resolve::PersonId, how: &'static str| {
        let person = org.people.get(id);
        Credit {
            handle: person.handle.clone(),
            name: person.name.clone(),
            how,
        }
    };
    let mut documents: Vec<DocumentRow> = org
        .documents
        .iter()
        .map(|document| DocumentRow {
            repository: org.repos[document.repo].to_string(),
            path: document.path.clone(),
            id: document.id.clone(),
            title: document.title.clone(),
            kind: document.kind.label(),
            date: model::date(document.date),
            date_note: document.date_note.clone(),
            status: document.status.clone(),
            state: document.status_state.map(|s| s.label()),
            authors: document
                .authors
                .iter()
                .zip(&document.author_links)
                .map(|(id, how)| credit(*id, how))
                .collect(),
            reviewers: document
                .reviewers
                .iter()
                .map(|id| credit(*id, "named in the document"))
                .collect(),
            teams: document.teams_affected.clone(),
            judgment: document.judgment.clone(),
        })
        .collect();
    documents.sort_by(|a, b| (&a.repository, &a.path).cmp(&(&b.repository, &b.path)));
    DocumentsView { documents }
}

/// What `staffscope documents --check` shows: how many documents were
/// read, by repository and kind, and every file of a document folder that
/// was not, with why.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentsCheck {
    /// (repository, kind, documents).
    pub read: Vec<(String, &'static str, usize)>,
    pub skipped: Vec<analysis::resolve::SkippedDocument>,
}

/// The check, from the organization and the files the path rules left out
/// at collect (given by the caller, who can read the repositories).
pub fn check(
    context: &Context<'_>,
    left_at_collect: Vec<analysis::resolve::SkippedDocument>,
) -> DocumentsCheck {
    let org = context.org;
    let mut read: std::collections::BTreeMap<(String, &'static str), usize> = Default::default();
    for document in &org.documents {
        *read
            .entry((org.repos[document.repo].to_string(), document.kind.label()))
            .or_default() += 1;
    }
    let mut skipped = org.skipped_documents.clone();
    skipped.extend(left_at_collect);
    skipped.sort_by(|a, b| (&a.repository, &a.path).cmp(&(&b.repository, &b.path)));
    DocumentsCheck {
        read: read
            .into_iter()
            .map(|((repo, kind), count)| (repo, kind, count))
            .collect(),
        skipped,
    }
}

/// The check as text: counts read, then skipped files grouped by reason
/// (long groups capped, with their size).
pub fn check_markdown(check: &DocumentsCheck) -> String {
    const SHOWN: usize = 20;
    let mut out = String::from(
        "# Documents read

| Repository | Kind | Documents |
|---|---|---|
",
    );
    for (repo, kind, count) in &check.read {
        let _ = writeln!(out, "| {repo} | {kind} | {count} |");
    }
    let mut by_reason: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for skipped in &check.skipped {
        by_reason
            .entry(skipped.reason.as_str())
            .or_default()
            .push(format!("{}:{}", skipped.repository, skipped.path));
    }
    let _ = writeln!(
        out,
        "
# Not read as documents ({} files)
",
        check.skipped.len()
    );
    if by_reason.is_empty() {
        out.push_str(
            "None.
",
        );
    }
    for (reason, paths) in by_reason {
        let _ = writeln!(
            out,
            "## {reason} ({})
",
            paths.len()
        );
        for path in paths.iter().take(SHOWN) {
            let _ = writeln!(out, "- {path}");
        }
        if paths.len() > SHOWN {
            let _ = writeln!(out, "- and {} more", paths.len() - SHOWN);
        }
        out.push('\n');
    }
    out.push_str("To skip more, add patterns to `skip` under `[documents]` in staffscope.toml (for example `skip = [\"docs/drafts/**\"]`).\n");
    out
}

/// The table `staffscope documents` prints.
pub fn markdown(view: &DocumentsView) -> String {
    let mut out = String::from(
        "| Document | Kind | Status | Date | Authors (how each was decided) |\n|---|---|---|---|---|\n",
    );
    for row in &view.documents {
        let authors: Vec<String> = row
            .authors
            .iter()
            .map(|a| format!("{} (@{}; {})", a.name, a.handle, a.how))
            .collect();
        let _ = writeln!(
            out,
            "| {}:{}{} | {} | {} | {}{} | {} |",
            row.repository,
            row.path,
            row.id
                .as_ref()
                .map(|id| format!(" ({id})"))
                .unwrap_or_default(),
            row.kind,
            row.state.or(row.status.as_deref()).unwrap_or(""),
            row.date,
            if row.date_note.is_some() {
                " (from history)"
            } else {
                ""
            },
            authors.join(", ")
        );
    }
    out
}
