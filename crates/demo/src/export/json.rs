//! The JSON the GitHub API returns, and the files `gh api --paginate`
//! writes from it.

use std::path::Path;

use super::{
    DEFAULT_PER_PAGE, GITHUB_ORG, PULLS_PER_PAGE, PlannedPull, PlannedReview, login, plan_export,
};
use crate::DemoError;
use crate::calendar::iso_time;
use crate::folders::write_new;
use crate::git::History;
use crate::org::Org;
use crate::people::ROSTER;

#[derive(serde::Serialize)]
struct UserJson {
    login: &'static str,
}

fn user(person: usize) -> UserJson {
    UserJson {
        login: ROSTER[person].handle,
    }
}

#[derive(serde::Serialize)]
struct RefJson<'a> {
    #[serde(rename = "ref")]
    name: &'a str,
}

#[derive(serde::Serialize)]
struct PullJson<'a> {
    url: String,
    number: u32,
    state: &'static str,
    title: &'a str,
    user: UserJson,
    created_at: String,
    updated_at: String,
    closed_at: Option<String>,
    merged_at: Option<String>,
    pub(super) merge_commit_sha: &'a str,
    requested_reviewers: Vec<UserJson>,
    head: RefJson<'a>,
    base: RefJson<'a>,
}

#[derive(serde::Serialize)]
struct ReviewJson<'a> {
    id: u64,
    user: UserJson,
    body: &'static str,
    state: &'static str,
    submitted_at: String,
    pull_request_url: &'a str,
}

#[derive(serde::Serialize)]
struct CommentJson<'a> {
    id: u64,
    pull_request_review_id: u64,
    user: UserJson,
    path: &'a str,
    pub(super) diff_hunk: &'a str,
    body: &'static str,
    created_at: String,
    pull_request_url: &'a str,
}

#[derive(serde::Serialize)]
struct LabelJson {
    name: &'static str,
}

#[derive(serde::Serialize)]
struct EventJson<'a> {
    id: u64,
    event: &'static str,
    actor: UserJson,
    created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) label: Option<LabelJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    requested_reviewer: Option<UserJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    review_requester: Option<UserJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commit_id: Option<&'a str>,
}

/// What `gh api --paginate` prints: one compact JSON array per page, back to back.
fn pages<T: serde::Serialize>(items: &[T], per_page: usize) -> Result<String, serde_json::Error> {
    if items.is_empty() {
        return Ok("[]".to_string());
    }
    items.chunks(per_page).map(serde_json::to_string).collect()
}

/// Plans and writes the export of one repository into `folder`.
pub(crate) fn write_export(
    org: &Org,
    index: usize,
    history: &History,
    seed: u64,
    folder: &Path,
) -> Result<(), DemoError> {
    let name = org.repos[index].name;
    let mut pulls = plan_export(org, index, history, seed)?;
    // `pulls?state=all` lists the newest first.
    pulls.sort_by_key(|p| std::cmp::Reverse((p.created, p.number)));
    let api = format!("https://api.github.com/repos/{GITHUB_ORG}/{name}");
    let list: Vec<PullJson> = pulls.iter().map(|pull| pull_json(&api, pull)).collect();
    write_pages(folder, "pulls.json".into(), pages(&list, PULLS_PER_PAGE))?;

    let mut event_id = 9_100_000_000 + 1_000_000 * index as u64;
    for pull in &pulls {
        let url = format!("{api}/pulls/{}", pull.number);
        let number = pull.number;
        let reviews = reviews_json(pull, &url);
        write_pages(
            folder,
            format!("reviews-{number}.json"),
            pages(&reviews, DEFAULT_PER_PAGE),
        )?;
        let comments = comments_json(pull, &url);
        write_pages(
            folder,
            format!("comments-{number}.json"),
            pages(&comments, DEFAULT_PER_PAGE),
        )?;
        let events = events_json(pull, &mut event_id);
        write_pages(
            folder,
            format!("events-{number}.json"),
            pages(&events, DEFAULT_PER_PAGE),
        )?;
    }
    Ok(())
}

/// Writes one file of the export; a serialization error is reported as a
/// failed write of that file.
fn write_pages(
    folder: &Path,
    file: String,
    text: Result<String, serde_json::Error>,
) -> Result<(), DemoError> {
    let path = folder.join(file);
    let text = text.map_err(|error| DemoError::WriteFile {
        path: path.clone(),
        source: std::io::Error::other(error),
    })?;
    write_new(&path, &text)
}

/// A pull request as the list of pull requests shows it.
fn pull_json<'a>(api: &str, pull: &'a PlannedPull) -> PullJson<'a> {
    PullJson {
        url: format!("{api}/pulls/{}", pull.number),
        number: pull.number,
        state: if pull.merged.is_some() {
            "closed"
        } else {
            "open"
        },
        title: &pull.title,
        user: UserJson {
            login: login(pull.author),
        },
        created_at: iso_time(pull.created),
        updated_at: iso_time(pull.updated()),
        closed_at: pull.merged.map(iso_time),
        merged_at: pull.merged.map(iso_time),
        merge_commit_sha: &pull.merge_commit_sha,
        requested_reviewers: pull.pending().into_iter().map(user).collect(),
        head: RefJson { name: &pull.branch },
        base: RefJson { name: "main" },
    }
}

/// A pull request's reviews in id order, as GitHub lists them.
fn reviews_json<'a>(pull: &PlannedPull, url: &'a str) -> Vec<ReviewJson<'a>> {
    let mut reviews: Vec<&PlannedReview> = pull.reviews.iter().collect();
    reviews.sort_by_key(|r| r.id);
    reviews
        .into_iter()
        .map(|review| ReviewJson {
            id: review.id,
            user: user(review.reviewer),
            body: review.body,
            state: review.state.api(),
            submitted_at: iso_time(review.time),
            pull_request_url: url,
        })
        .collect()
}

/// A pull request's review comments in id order; each is dated with its
/// review.
fn comments_json<'a>(pull: &'a PlannedPull, url: &'a str) -> Vec<CommentJson<'a>> {
    let mut comments: Vec<(u64, CommentJson)> = pull
        .comments
        .iter()
        .map(|comment| {
            let review = &pull.reviews[comment.review];
            (
                comment.id,
                CommentJson {
                    id: comment.id,
                    pull_request_review_id: review.id,
                    user: user(review.reviewer),
                    path: &comment.path,
                    diff_hunk: &comment.diff_hunk,
                    body: comment.body,
                    created_at: iso_time(review.time),
                    pull_request_url: url,
                },
            )
        })
        .collect();
    comments.sort_by_key(|c| c.0);
    comments.into_iter().map(|c| c.1).collect()
}

/// A pull request's issue events in time order: labels, review requests
/// and, once merged, the merge itself. Ids continue from `next_id`.
fn events_json<'a>(pull: &'a PlannedPull, next_id: &mut u64) -> Vec<EventJson<'a>> {
    let author = login(pull.author);
    let mut events: Vec<(i64, u8, EventJson)> = Vec::new();
    for &(label, time) in &pull.labels {
        let mut event = event_json("labeled", author, time);
        event.label = Some(LabelJson { name: label });
        events.push((time, 0, event));
    }
    for &(reviewer, time) in &pull.requests {
        let mut event = event_json("review_requested", author, time);
        event.requested_reviewer = Some(user(reviewer));
        event.review_requester = Some(UserJson { login: author });
        events.push((time, 1, event));
    }
    if let Some(merged) = pull.merged {
        for (order, name, commit) in [
            (2, "merged", Some(pull.merge_commit_sha.as_str())),
            (3, "closed", None),
            (4, "head_ref_deleted", None),
        ] {
            let mut event = event_json(name, author, merged);
            event.commit_id = commit;
            events.push((merged, order, event));
        }
    }
    events.sort_by_key(|e| (e.0, e.1));
    events
        .into_iter()
        .map(|(_, _, mut event)| {
            event.id = *next_id;
            *next_id += 1;
            event
        })
        .collect()
}

/// An event by `actor` at `time` with none of the optional fields; the
/// caller fills in those its kind has.
fn event_json<'a>(event: &'static str, actor: &'static str, time: i64) -> EventJson<'a> {
    EventJson {
        id: 0,
        event,
        actor: UserJson { login: actor },
        created_at: iso_time(time),
        label: None,
        requested_reviewer: None,
        review_requester: None,
        commit_id: None,
    }
}
