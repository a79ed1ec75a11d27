//! One piece of evidence on its own: a commit, a pull request, a document,
//! an evidence-log entry or a meeting, looked up in the resolved
//! organization by the repository and reference every evidence id carries
//! (`repo@shortid`, `repo#N`, `repo:path`, `evidence/handle.yaml:line`).
//! Pure: it reads nothing but the organization in memory, so a reference
//! that is not in the data is simply not found, and no reference can name a
//! file. Names and handles only, never an email address.

use serde::Serialize;

use super::{PersonReport, date};
use analysis::resolve::{Change, Org, PersonId};
use model::Reference;

#[derive(Clone, Debug, Serialize)]
pub struct EvidenceView {
    /// The id reports print, such as `payments@1a2b3c4d5e6f`.
    pub id: String,
    /// `commit`, `pull request`, `document`, `evidence-log entry` or `meeting`.
    pub kind: &'static str,
    pub title: String,
    pub date: String,
    /// What the data says about it, in order: (label, value).
    pub facts: Vec<(String, String)>,
    /// A commit's files: path, lines added, lines removed, owning team.
    pub files: Vec<FileView>,
    /// Other evidence it is linked with: (evidence id, date, summary).
    pub related: Vec<(String, String, String)>,
    /// For one person: the dimensions and metrics whose numbers it is behind.
    pub cited_by: Vec<CitedBy>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FileView {
    pub path: String,
    pub added: u32,
    pub removed: u32,
    pub binary: bool,
    pub team: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CitedBy {
    /// A dimension id or a metric name.
    pub id: String,
    pub name: String,
    /// The item of the metric it is listed under, and what it shows there.
    pub item: String,
    pub detail: String,
}

fn who(org: &Org, person: PersonId) -> String {
    let person = org.people.get(person);
    format!("{} (@{})", person.name, person.handle)
}

fn people(org: &Org, ids: &[PersonId]) -> String {
    if ids.is_empty() {
        return "none recorded".to_string();
    }
    ids.iter()
        .map(|id| who(org, *id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A document's authors, each with how the credit was decided.
fn authors(org: &Org, document: &analysis::resolve::ResolvedDocument) -> String {
    if document.authors.is_empty() {
        return "none recorded".to_string();
    }
    document
        .authors
        .iter()
        .zip(&document.author_links)
        .map(|(id, how)| format!("{} ({how})", who(org, *id)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The evidence `reference` of `repo` names, if the data has it; with a
/// person's report, also where that person's numbers cite it.
pub fn evidence(
    org: &Org,
    repo: &str,
    reference: &str,
    person: Option<&PersonReport>,
) -> Option<EvidenceView> {
    let mut view = find(org, repo, reference)?;
    if let Some(report) = person {
        view.cited_by = cited_by(report, &view.id);
    }
    Some(view)
}

fn find(org: &Org, repo: &str, reference: &str) -> Option<EvidenceView> {
    let repo_index = org.repos.iter().position(|r| **r == *repo);
    match (reference.parse().ok()?, repo_index) {
        (Reference::PullRequest(number), Some(index)) => pull_request(org, index, repo, number),
        (Reference::Commit(prefix), Some(index)) => org
            .commits
            .iter()
            .find(|c| c.repo == index && c.id.starts_with(&*prefix))
            .map(|commit| commit_view(org, repo, commit)),
        (Reference::Path(path), Some(index)) => org
            .documents
            .iter()
            .find(|d| d.repo == index && *d.path == *path)
            .map(|document| document_view(org, repo, document)),
        (Reference::Line(line), _) => hand_written(org, repo, line),
        (_, None) => None,
    }
}

/// An evidence-log entry or a meeting: a line of a hand-written file.
fn hand_written(org: &Org, repo: &str, line: usize) -> Option<EvidenceView> {
    if let Some((person, _, entry)) = org
        .evidence_log
        .iter()
        .find(|(_, file, entry)| file == repo && entry.line == line)
    {
        let mut facts = vec![
            ("Whose log".to_string(), who(org, *person)),
            ("Dimension".to_string(), entry.dimension.clone()),
            (
                "Standing".to_string(),
                "self-reported: written by hand in the evidence log".to_string(),
            ),
        ];
        if !entry.links.is_empty() {
            facts.push(("Links".to_string(), entry.links.join(", ")));
        }
        if !entry.confirm.is_empty() {
            facts.push(("Who can confirm".to_string(), entry.confirm.join(", ")));
        }
        return Some(EvidenceView {
            id: format!("{repo}:{line}"),
            kind: "evidence-log entry",
            title: entry.what.clone(),
            date: date(entry.date),
            facts,
            files: Vec::new(),
            related: Vec::new(),
            cited_by: Vec::new(),
        });
    }
    for (person, file, meetings) in &org.calendars {
        if file != repo {
            continue;
        }
        if let Some((meeting, attendees)) = meetings.iter().find(|(m, _)| m.line == line) {
            return Some(EvidenceView {
                id: format!("{repo}:{line}"),
                kind: "meeting",
                title: meeting.summary.to_string(),
                date: date(meeting.start),
                facts: vec![
                    ("Calendar of".to_string(), who(org, *person)),
                    (
                        "Length".to_string(),
                        format!("{:.1} h", (meeting.end - meeting.start) as f64 / 3600.0),
                    ),
                    ("Known attendees".to_string(), people(org, attendees)),
                ],
                files: Vec::new(),
                related: Vec::new(),
                cited_by: Vec::new(),
            });
        }
    }
    None
}

fn commit_view(org: &Org, repo: &str, commit: &analysis::resolve::ResolvedCommit) -> EvidenceView {
    let mut facts = vec![
        ("Repository".to_string(), repo.to_string()),
        ("Commit".to_string(), commit.id.clone()),
        ("Author".to_string(), who(org, commit.author)),
    ];
    if !commit.coauthors.is_empty() {
        facts.push(("Co-authors".to_string(), people(org, &commit.coauthors)));
    }
    if !commit.reviewers.is_empty() {
        let reviewers: Vec<PersonId> = commit.reviewers.iter().map(|(_, p)| *p).collect();
        facts.push((
            "Reviewed by (trailers)".to_string(),
            people(org, &reviewers),
        ));
    }
    if commit.is_merge {
        facts.push((
            "Merge".to_string(),
            "yes; a merge counts no lines".to_string(),
        ));
    }
    if let Some(exclusion) = &commit.exclusion {
        facts.push((
            "Not counted as anyone's work".to_string(),
            exclusion.to_string(),
        ));
    }
    let (added, removed) = commit.files.iter().fold((0u64, 0u64), |(a, r), f| {
        (a + u64::from(f.added), r + u64::from(f.removed))
    });
    facts.push((
        "Change".to_string(),
        format!(
            "{} {}, +{added} -{removed} lines",
            commit.files.len(),
            if commit.files.len() == 1 {
                "file"
            } else {
                "files"
            }
        ),
    ));
    let index = org.commits.iter().position(|c| std::ptr::eq(c, commit));
    let related = org
        .documents
        .iter()
        .filter(|d| {
            d.citations
                .iter()
                .any(|citation| Some(citation.commit) == index)
        })
        .map(|d| {
            (
                format!("{}:{}", org.repos[d.repo], d.path),
                date(d.date),
                format!("cites the {} {}", d.kind.label(), d.title),
            )
        })
        .collect();
    EvidenceView {
        id: format!("{repo}@{}", commit.short_id()),
        kind: "commit",
        title: commit.summary.to_string(),
        date: date(commit.time),
        facts,
        files: commit
            .files
            .iter()
            .map(|f| FileView {
                path: f.path.clone(),
                added: f.added,
                removed: f.removed,
                binary: f.binary,
                team: f.team.map(|t| org.team(t).name.clone()),
            })
            .collect(),
        related,
        cited_by: Vec::new(),
    }
}

fn pull_request(org: &Org, index: usize, repo: &str, number: u32) -> Option<EvidenceView> {
    let change = Change::PullRequest(number);
    let reviews: Vec<_> = org
        .reviews
        .iter()
        .filter(|r| r.repo == index && (r.change == change || r.pull == Some(number)))
        .collect();
    let requests: Vec<_> = org
        .review_requests
        .iter()
        .filter(|r| r.repo == index && r.change == change)
        .collect();
    let (title, time, author) = match (reviews.first(), requests.first()) {
        (Some(review), _) => (review.summary.to_string(), review.time, review.author),
        (None, Some(request)) => (request.summary.clone(), request.time, request.asked_by),
        (None, None) => return None,
    };
    let mut facts = vec![
        ("Repository".to_string(), repo.to_string()),
        ("Pull request".to_string(), format!("#{number}")),
        ("Author".to_string(), who(org, author)),
    ];
    for review in &reviews {
        facts.push((
            format!("Review, {}", date(review.time)),
            format!(
                "{} {} ({}{}), from the {}",
                who(org, review.reviewer),
                review.verb,
                review.state.key(),
                if review.comments > 0 {
                    format!(
                        ", {} {}",
                        review.comments,
                        if review.comments == 1 {
                            "comment"
                        } else {
                            "comments"
                        }
                    )
                } else {
                    String::new()
                },
                review.origin
            ),
        ));
    }
    for request in &requests {
        facts.push((
            format!("Review asked, {}", date(request.time)),
            format!(
                "{} asked {}",
                who(org, request.asked_by),
                who(org, request.reviewer)
            ),
        ));
    }
    Some(EvidenceView {
        id: format!("{repo}#{number}"),
        kind: "pull request",
        title,
        date: date(time),
        facts,
        files: Vec::new(),
        related: Vec::new(),
        cited_by: Vec::new(),
    })
}

fn document_view(
    org: &Org,
    repo: &str,
    document: &analysis::resolve::ResolvedDocument,
) -> EvidenceView {
    let mut facts = vec![
        ("Where".to_string(), format!("{repo}:{}", document.path)),
        (
            "Kind".to_string(),
            format!("{} ({})", document.kind.label(), document.kind_rule),
        ),
        (
            if document.authors_inferred {
                "Authors (from the file's history)".to_string()
            } else {
                "Authors".to_string()
            },
            authors(org, document),
        ),
    ];
    if let Some(id) = &document.id {
        facts.push(("Id".to_string(), id.clone()));
    }
    if let Some(status) = &document.status {
        let state = document
            .status_state
            .map(|s| format!(" ({})", s.label()))
            .unwrap_or_default();
        facts.push(("Status".to_string(), format!("{status}{state}")));
    }
    if let Some(note) = &document.date_note {
        facts.push(("Date".to_string(), note.clone()));
    }
    if !document.reviewers.is_empty() {
        facts.push(("Reviewers".to_string(), people(org, &document.reviewers)));
    }
    if !document.teams_affected.is_empty() {
        let label = if document.kind == analysis::resolve::documents::DocumentKind::Pir {
            "Teams affected"
        } else {
            "Teams involved"
        };
        facts.push((label.to_string(), document.teams_affected.join(", ")));
    }
    if !document.diagnosed_by.is_empty() {
        facts.push((
            "Diagnosed by".to_string(),
            people(org, &document.diagnosed_by),
        ));
    }
    if !document.remediation_owners.is_empty() {
        facts.push((
            "Remediation owned by".to_string(),
            people(org, &document.remediation_owners),
        ));
    }
    if let Some(judgment) = &document.judgment {
        facts.push(("Decision".to_string(), judgment.clone()));
    }
    let mut related: Vec<(String, String, String)> = document
        .citations
        .iter()
        .filter_map(|citation| org.commits.get(citation.commit))
        .map(|commit| {
            (
                format!("{}@{}", org.repos[commit.repo], commit.short_id()),
                date(commit.time),
                format!("{} (by {})", commit.summary, who(org, commit.author)),
            )
        })
        .collect();
    related.extend(
        document
            .cited_by_documents
            .iter()
            .filter_map(|(index, _)| org.documents.get(*index))
            .map(|d| {
                (
                    format!("{}:{}", org.repos[d.repo], d.path),
                    date(d.date),
                    format!("the {} {}", d.kind.label(), d.title),
                )
            }),
    );
    EvidenceView {
        id: format!("{repo}:{}", document.path),
        kind: "document",
        title: document.title.clone(),
        date: date(document.date),
        facts,
        files: Vec::new(),
        related,
        cited_by: Vec::new(),
    }
}

/// Every dimension and metric of the report that lists the evidence `id`.
fn cited_by(report: &PersonReport, id: &str) -> Vec<CitedBy> {
    let mut found = Vec::new();
    for dimension in &report.dimensions {
        for item in &dimension.evidence {
            for e in item.evidence.iter().filter(|e| e.id() == id) {
                found.push(CitedBy {
                    id: dimension.id.clone(),
                    name: dimension.name.clone(),
                    item: item.label.clone(),
                    detail: e.detail.to_string(),
                });
            }
        }
        for e in dimension.self_reported.iter().filter(|e| e.id() == id) {
            found.push(CitedBy {
                id: dimension.id.clone(),
                name: dimension.name.clone(),
                item: "self-reported".to_string(),
                detail: e.detail.to_string(),
            });
        }
    }
    for (name, metric) in &report.metrics {
        // A dimension's own metric is listed under the dimension above.
        if report.dimensions.iter().any(|d| d.metric == *name) {
            continue;
        }
        for item in &metric.items {
            for e in item.evidence.iter().filter(|e| e.id() == id) {
                found.push(CitedBy {
                    id: name.to_string(),
                    name: name.to_string(),
                    item: item.label.clone(),
                    detail: e.detail.to_string(),
                });
            }
        }
    }
    // A dimension that reads the evidence log lists an entry both as
    // evidence and as self-reported: once is enough.
    let mut seen = std::collections::BTreeSet::new();
    found.retain(|c| seen.insert((c.id.clone(), c.detail.clone())));
    found
}
