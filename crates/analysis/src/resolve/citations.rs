//! Documents resolved: the design documents, RFCs, ADRs and post-incident
//! reviews found at HEAD, with their people, their inferred authors, and the
//! commits and other documents that cite them.
//!
//! Parsing one document is [`super::documents`]'s job; this module needs the
//! whole history at once (who wrote a file, which commits name it), so it runs
//! after the commits are resolved.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt, HashSet};

use super::identities::{DocumentPlace, person_for_author, person_for_login};
use super::skipped::{self, DocumentRules, SkippedDocument};
use super::{Context, People, PersonId, Team, TeamId, documents};
use model::{Diagnostic, RepoFile, ReviewExport, Timestamp};

/// A commit that cites a document, by id or by path.
#[derive(Clone, Debug)]
pub struct Citation {
    pub commit: usize,
    /// How it cites: the id or the path it names.
    pub by: String,
}

/// A design document, RFC, ADR, proposal or post-incident review.
#[derive(Clone, Debug)]
pub struct ResolvedDocument {
    pub repo: usize,
    pub path: String,
    pub title: String,
    pub kind: documents::DocumentKind,
    pub kind_rule: String,
    pub id: Option<String>,
    pub authors: Vec<PersonId>,
    /// How each author was decided, in the order of `authors`: the address
    /// in the header, the only person of the name, inferred from history.
    pub author_links: Vec<&'static str>,
    /// Authors taken from the file's git history (who wrote most of it).
    pub authors_inferred: bool,
    pub reviewers: Vec<PersonId>,
    pub date: Timestamp,
    /// Where the date came from when the document gives none it can be
    /// read by (its first commit), for the reader; `None` when it does.
    pub date_note: Option<String>,
    /// The status as written, and as one of the states processes share.
    pub status: Option<String>,
    pub status_state: Option<documents::Status>,
    /// Teams as the document names them (owning and participating teams,
    /// teams affected by an incident).
    pub teams_affected: Vec<String>,
    /// The teams of `teams_affected` that the team map knows, set once
    /// teams are resolved.
    pub teams: Vec<TeamId>,
    pub diagnosed_by: Vec<PersonId>,
    pub remediation_owners: Vec<PersonId>,
    /// Options weighed and a decision recorded, in words (judgment in
    /// ambiguity); `None` unless the document has both.
    pub judgment: Option<String>,
    /// Commits citing it, index into `Org::commits`.
    pub citations: Vec<Citation>,
    /// Other documents citing it: (index into `Org::documents`, how).
    pub cited_by_documents: Vec<(usize, String)>,
}

/// Which commits touched each document, by (repository, path): commit indexes
/// in time order.
type Touching<'a> = HashMap<(usize, &'a str), Vec<usize>>;

/// Pull-request descriptions by the commit that carries the change: pull
/// request number and body.
type Descriptions<'a> = HashMap<usize, Vec<(u32, &'a str)>>;

/// Documents at HEAD: parsed, their people resolved, their authors inferred
/// from history where they do not say, and the commits that cite them.
pub(super) fn resolve_documents(
    context: &Context<'_>,
    (repo_files, export, rules): (&[RepoFile], &ReviewExport, &DocumentRules<'_>),
    cite: bool,
    people: &mut People,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<ResolvedDocument>, Vec<SkippedDocument>) {
    let descriptions = pull_descriptions(context, export);
    let touching = commits_touching(context, repo_files);
    let mut unknown: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut found = Vec::new();
    // Each document's text, in step with `found`, for citations between documents.
    let mut texts: Vec<String> = Vec::new();
    // Collect read documents from the configured folders; everything else
    // it kept at HEAD is a team map or an identity file.
    let candidates = repo_files.iter().filter(|f| {
        let name = f.path.rsplit('/').next().unwrap_or(&f.path);
        f.commit.is_none() && !model::paths::NOT_DOCUMENT_FILES.contains(&name)
    });
    let (read, mut skipped) = skipped::sort_out(candidates.collect(), rules, diagnostics);
    let (read, kep_bodies) = skipped::kep_bodies(read, &mut skipped);
    // Who opened each pull request of an export, for the documents that
    // name the pull request that proposed them.
    let opened_by: HashMap<(&str, u32), &str> = export
        .pulls
        .iter()
        .map(|p| ((p.repo.as_str(), p.number), p.author.as_str()))
        .collect();
    for file in read {
        let Some(&repo) = context.repo_index.get(file.repo.as_str()) else {
            continue;
        };
        let Some(content) = &file.content else {
            continue;
        };
        let shown = format!("{}/{}", file.repo, file.path);
        let (mut parsed, problems) = documents::parse(&shown, content);
        let folder = file.path.rsplit_once('/').map_or("", |(dirs, _)| dirs);
        if let Some(body) = kep_bodies.get(&(file.repo.as_str(), folder)) {
            documents::add_body(&mut parsed, body);
        }
        diagnostics.extend(problems);
        let names = unknown.entry(shown.clone()).or_default();
        let proposed_by = parsed
            .pull_request
            .and_then(|number| opened_by.get(&(file.repo.as_str(), number)).copied());
        let document = resolve_document(context, (repo, file, proposed_by), parsed, people, names);
        if let Some(note) = document
            .date_note
            .as_ref()
            .filter(|n| n.contains("could not"))
        {
            diagnostics.push(Diagnostic::in_file(&shown, note.clone()));
        }
        found.push(document);
        texts.push(content.clone());
    }
    warn_unknown_people(unknown, diagnostics);
    if !cite {
        return (found, skipped);
    }
    cite_from_commits(context, &descriptions, &touching, &mut found);
    (cite_between_documents(found, texts), skipped)
}

/// Pull-request descriptions, by the commit that carries the change (the
/// merged branch's tip for a merge commit), for the documents they cite.
fn pull_descriptions<'a>(context: &Context<'_>, export: &'a ReviewExport) -> Descriptions<'a> {
    let (resolved, commit_index) = (context.commits, &context.commit_index);
    let mut descriptions: Descriptions<'a> = HashMap::new();
    for pull in export.pulls.iter().filter(|p| !p.body.is_empty()) {
        let (Some(&repo), Some(sha)) = (
            context.repo_index.get(pull.repo.as_str()),
            pull.merge_commit.as_deref(),
        ) else {
            continue;
        };
        let Some(&index) = commit_index.get(&(repo, sha)) else {
            continue;
        };
        let carrier = if resolved[index].is_merge {
            resolved[index]
                .parents
                .get(1)
                .and_then(|tip| commit_index.get(&(repo, tip.as_str())).copied())
        } else {
            Some(index)
        };
        if let Some(carrier) = carrier {
            descriptions
                .entry(carrier)
                .or_default()
                .push((pull.number, pull.body.as_str()));
        }
    }
    descriptions
}

/// Which commits touched each document: one pass over the history, not one per document.
fn commits_touching<'a>(context: &Context<'a>, repo_files: &[RepoFile]) -> Touching<'a> {
    let commits = context.commits;
    let document_paths: HashSet<(usize, &str)> = repo_files
        .iter()
        .filter(|f| f.commit.is_none())
        .filter_map(|f| {
            context
                .repo_index
                .get(f.repo.as_str())
                .map(|&repo| (repo, f.path.as_str()))
        })
        .collect();
    let mut touching: Touching<'a> = HashMap::new();
    for (index, commit) in commits
        .iter()
        .enumerate()
        .filter(|(_, c)| c.exclusion.is_none())
    {
        for file in &commit.files {
            if document_paths.contains(&(commit.repo, file.path.as_str())) {
                touching
                    .entry((commit.repo, file.path.as_str()))
                    .or_default()
                    .push(index);
            }
        }
    }
    touching
}

/// One parsed document with its people resolved (names nobody matches are
/// added to `names`) and, where it names no author, the person who added
/// most of its lines.
fn resolve_document(
    context: &Context<'_>,
    (repo, file, proposed_by): (usize, &RepoFile, Option<&str>),
    parsed: documents::ParsedDocument,
    people: &mut People,
    names: &mut Vec<String>,
) -> ResolvedDocument {
    let mailmap = context.mailmap;
    // History of the file, through its renames: who wrote most of it, and
    // when it first appeared. A rename is nobody's writing.
    let followed = context.document_history.follow(repo, &file.path);
    let mut added: BTreeMap<PersonId, u64> = BTreeMap::new();
    let mut first_seen: Option<Timestamp> = None;
    for edit in &followed.edits {
        if edit.added > 0 {
            *added.entry(edit.author).or_default() += u64::from(edit.added);
        }
        first_seen = Some(first_seen.map_or(edit.time, |t| t.min(edit.time)));
    }
    let writers: Vec<PersonId> = added.keys().copied().collect();
    let commits_here = |person| context.authorship.commits_in(repo, person);
    let place = DocumentPlace {
        writers: &writers,
        commits_here: &commits_here,
    };
    let mut person =
        |text: &str, people: &mut People| person_for_author(text, &place, people, names, mailmap);
    let (mut authors, mut author_links): (Vec<PersonId>, Vec<&'static str>) =
        parsed.authors.iter().map(|a| person(a, people)).unzip();
    let mut people_of = |texts: &[String], people: &mut People| -> Vec<PersonId> {
        texts.iter().map(|a| person(a, people).0).collect()
    };
    let reviewers = people_of(&parsed.reviewers, people);
    let diagnosed_by = people_of(&parsed.diagnosed_by, people);
    let remediation_owners = people_of(&parsed.remediation_owners, people);
    // The pull request that proposed it names its author for certain.
    if authors.is_empty()
        && let Some(login) = proposed_by
    {
        authors.push(person_for_login(login, people, names, mailmap));
        author_links.push(
            "opened the pull request its `RFC PR` header names (from the code-review export)",
        );
    }
    let authors_inferred = authors.is_empty();
    if authors_inferred
        && let Some((author, _)) = added
            .iter()
            .max_by_key(|(person, lines)| (**lines, std::cmp::Reverse(**person)))
    {
        authors.push(*author);
        author_links.push(if followed.renames > 0 {
            "wrote most of its lines (inferred from history, through its renames)"
        } else {
            "wrote most of its lines (inferred from history)"
        });
    }
    let (status_state, judgment) = (parsed.status_state(), parsed.judgment());
    let (date, date_note) = match (parsed.date, first_seen) {
        (Some(date), _) => (date, None),
        (None, Some(first)) => (first, Some(undated(&parsed, "dated by its first commit"))),
        (None, None) => (
            file.time,
            Some(undated(&parsed, "dated by the commit it was read at")),
        ),
    };
    ResolvedDocument {
        repo,
        path: file.path.clone(),
        title: parsed.title,
        kind: parsed.kind.unwrap_or(documents::DocumentKind::Other),
        kind_rule: parsed.kind_rule,
        id: parsed.id,
        authors,
        author_links,
        authors_inferred,
        reviewers,
        date,
        date_note,
        status_state,
        judgment,
        status: parsed.status,
        teams_affected: parsed.teams_affected,
        teams: Vec::new(),
        diagnosed_by,
        remediation_owners,
        citations: Vec::new(),
        cited_by_documents: Vec::new(),
    }
}

/// The teams each document names that the team map knows: `sig-node`
/// meets a team called `SIG Node` or `sig_node` (case and punctuation
/// aside). Names no team matches stay text.
pub(super) fn name_teams(documents: &mut [ResolvedDocument], teams: &[Team]) {
    let key = |name: &str| -> String {
        name.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let by_key: HashMap<String, TeamId> = teams.iter().map(|t| (key(&t.name), t.id)).collect();
    for document in documents {
        let mut named: Vec<TeamId> = Vec::new();
        for team in document
            .teams_affected
            .iter()
            .filter_map(|n| by_key.get(&key(n)))
        {
            if !named.contains(team) {
                named.push(*team);
            }
        }
        document.teams = named;
    }
}

/// Why a document's date is not its own: none given, or one that could
/// not be read, and what it was dated by instead.
fn undated(parsed: &documents::ParsedDocument, instead: &str) -> String {
    match &parsed.unreadable_date {
        Some(written) => format!("its date `{written}` could not be read; {instead}"),
        None => format!("it gives no date; {instead}"),
    }
}

/// Citations: a commit naming a document's id or path (not the commit that
/// wrote it), in its message or in its pull request's description.
fn cite_from_commits(
    context: &Context<'_>,
    descriptions: &Descriptions<'_>,
    touching: &Touching<'_>,
    found: &mut [ResolvedDocument],
) {
    let commits = context.commits;
    let keys: Vec<Option<(String, String)>> = found
        .iter()
        .map(|d| d.id.as_deref().and_then(documents::id_key))
        .collect();
    // Which documents a text may cite, found without trying every document
    // on every commit: ids through a map, paths with one automaton over all
    // of them (the pairwise search took 20 s for 1,000 repositories).
    let mut by_key: HashMap<&(String, String), Vec<usize>> = HashMap::new();
    for (document, key) in keys.iter().enumerate() {
        if let Some(key) = key {
            by_key.entry(key).or_default().push(document);
        }
    }
    let mut by_path: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (document, found) in found.iter().enumerate() {
        by_path
            .entry(found.path.clone())
            .or_default()
            .push(document);
    }
    let path_documents: Vec<&Vec<usize>> = by_path.values().collect();
    let paths = aho_corasick::AhoCorasick::new(by_path.keys()).ok();
    let candidates_in = |ids: &[(String, String)], text: &str, into: &mut BTreeSet<usize>| {
        for id in ids {
            into.extend(by_key.get(id).into_iter().flatten());
        }
        if let Some(paths) = &paths {
            for found in paths.find_overlapping_iter(text) {
                into.extend(path_documents[found.pattern().as_usize()]);
            }
        }
    };
    for (index, commit) in commits
        .iter()
        .enumerate()
        .filter(|(_, c)| c.exclusion.is_none() && !c.is_merge)
    {
        let ids = documents::cited_ids(&commit.message);
        let described: Vec<_> = descriptions
            .get(&index)
            .into_iter()
            .flatten()
            .map(|(number, body)| (*number, *body, documents::cited_ids(body)))
            .collect();
        let mut candidates = BTreeSet::new();
        candidates_in(&ids, &commit.message, &mut candidates);
        for (_, body, ids) in &described {
            candidates_in(ids, body, &mut candidates);
        }
        for candidate in candidates {
            let (document, key) = (&mut found[candidate], &keys[candidate]);
            let writes_it = touching
                .get(&(document.repo, document.path.as_str()))
                .is_some_and(|writers| writers.contains(&index));
            if writes_it {
                continue;
            }
            let cites = |ids: &[(String, String)], text: &str| match key {
                Some(key) if ids.contains(key) => document.id.clone(),
                _ if text.contains(&document.path) => Some(document.path.clone()),
                _ => None,
            };
            let by = cites(&ids, &commit.message).or_else(|| {
                described.iter().find_map(|(number, body, ids)| {
                    cites(ids, body)
                        .map(|by| format!("{by}, in pull request #{number}'s description"))
                })
            });
            if let Some(by) = by {
                document.citations.push(Citation { commit: index, by });
            }
        }
    }
}

/// Unknown people: one warning per document while there are few, one
/// summary when a whole repository of documents names logins no commit
/// carries (KEPs, RFCs with GitHub handles), so the warnings stay readable.
fn warn_unknown_people(unknown: BTreeMap<String, Vec<String>>, diagnostics: &mut Vec<Diagnostic>) {
    let unknown: Vec<(String, Vec<String>)> =
        unknown.into_iter().filter(|(_, n)| !n.is_empty()).collect();
    const PER_FILE_WARNINGS: usize = 10;
    if unknown.len() <= PER_FILE_WARNINGS {
        for (file, names) in unknown {
            diagnostics.push(Diagnostic::in_file(
                &file,
                format!(
                    "names people that no commit or identity matches: {}; kept under these names\nhint: use handles, or add them to the identities file",
                    names.join(", ")
                ),
            ));
        }
    } else {
        let mut names: Vec<&str> = unknown
            .iter()
            .flat_map(|(_, n)| n.iter().map(String::as_str))
            .collect();
        names.sort_unstable();
        names.dedup();
        let repositories: std::collections::BTreeSet<&str> = unknown
            .iter()
            .map(|(file, _)| file.split('/').next().unwrap_or(file))
            .collect();
        diagnostics.push(Diagnostic::in_file(
            &repositories.into_iter().collect::<Vec<_>>().join(", "),
            format!(
                "{} documents name {} people that no commit or identity matches (for example {}; the first is {}); they are kept under these names\nhint: add them to the identities file with their `github` login and emails; `staffscope identities --suggest` lists likely matches",
                unknown.len(),
                names.len(),
                names.iter().take(5).copied().collect::<Vec<_>>().join(", "),
                unknown[0].0
            ),
        ));
    }
}

/// Sorts the documents by repository and path, then records documents citing
/// documents, by id or path; indexes are taken after sorting.
fn cite_between_documents(
    found: Vec<ResolvedDocument>,
    mut texts: Vec<String>,
) -> Vec<ResolvedDocument> {
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by(|a, b| (found[*a].repo, &found[*a].path).cmp(&(found[*b].repo, &found[*b].path)));
    let mut found: Vec<ResolvedDocument> = {
        let mut slots: Vec<Option<ResolvedDocument>> = found.into_iter().map(Some).collect();
        order
            .iter()
            .map(|i| slots[*i].take().expect("each index once"))
            .collect()
    };
    let texts: Vec<String> = order
        .iter()
        .map(|i| std::mem::take(&mut texts[*i]))
        .collect();
    // Which documents a text names, found with a map of ids and one
    // automaton over every path, not by searching each text for each
    // document (650 RFCs made that 420,000 searches of whole texts).
    let mut by_key: HashMap<(String, String), Vec<usize>> = HashMap::new();
    let mut by_path: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, document) in found.iter().enumerate() {
        if let Some(key) = document.id.as_deref().and_then(documents::id_key) {
            by_key.entry(key).or_default().push(index);
        }
        by_path
            .entry(document.path.as_str())
            .or_default()
            .push(index);
    }
    let path_documents: Vec<Vec<usize>> = by_path.values().cloned().collect();
    let paths = aho_corasick::AhoCorasick::new(by_path.keys()).ok();
    let mut cited_by: Vec<Vec<(usize, String)>> = vec![Vec::new(); found.len()];
    for (citing, text) in texts.iter().enumerate() {
        // By id first, then by path: the first way found is the one shown.
        let mut cites: BTreeMap<usize, String> = BTreeMap::new();
        for key in documents::cited_ids(text) {
            for &cited in by_key.get(&key).into_iter().flatten() {
                if let Some(id) = &found[cited].id {
                    cites.entry(cited).or_insert_with(|| id.clone());
                }
            }
        }
        for matched in paths.iter().flat_map(|p| p.find_overlapping_iter(text)) {
            for &cited in &path_documents[matched.pattern().as_usize()] {
                cites
                    .entry(cited)
                    .or_insert_with(|| found[cited].path.clone());
            }
        }
        cites.remove(&citing);
        for (cited, by) in cites {
            cited_by[cited].push((citing, by));
        }
    }
    for (document, cited_by) in found.iter_mut().zip(cited_by) {
        document.cited_by_documents.extend(cited_by);
    }
    found
}
