//! GitHub pull requests, reviews, review comments and review requests, from
//! the JSON that `gh api --paginate` writes (see the README for the commands).
//!
//! Files are recognised by what they hold, not by their names: a folder may
//! mix pull request lists, reviews, comments, issue events and
//! `requested_reviewers` answers. Only for the last two, which do not carry the
//! pull request's number, the number comes from the file name (`events-42.json`).
//! A file that is not JSON, or is cut short, is reported with its line and
//! column; what was read before the error is kept.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Value};

use model::Diagnostic;
use model::{PullRequest, PullReview, ReviewExport, ReviewRequest, ReviewState, Timestamp};

/// Reads a file or every `.json` file of a folder (recursively, in name order).
pub fn read_export(repo: &str, path: &Path) -> (ReviewExport, Vec<Diagnostic>, bool) {
    let mut export = ReviewExport::default();
    let mut diagnostics = Vec::new();
    let mut complete = true;
    let mut files = Vec::new();
    if path.is_dir() {
        collect_json_files(path, &mut files);
    } else {
        files.push(path.to_path_buf());
    }
    if files.is_empty() {
        complete = false;
        diagnostics.push(Diagnostic::in_file(
            &path.to_string_lossy(),
            "no JSON files found",
        ));
    }
    let mut comments: HashMap<String, u32> = HashMap::new();
    for file in files {
        let name = file.to_string_lossy().into_owned();
        match std::fs::read_to_string(&file) {
            Ok(content) => {
                let (problems, whole) =
                    parse_file(repo, &name, &content, &mut export, &mut comments);
                complete &= whole;
                diagnostics.extend(problems);
            }
            Err(error) => {
                complete = false;
                diagnostics.push(Diagnostic::in_file(&name, format!("cannot read: {error}")))
            }
        }
    }
    for review in &mut export.reviews {
        review.comments = comments.get(&review.id).copied().unwrap_or(0);
    }
    dedupe_requests(&mut export.requests);
    (export, diagnostics, complete)
}

/// A request can appear twice: as a `review_requested` event (with who asked)
/// and in a pull request's `requested_reviewers` (without). Keeps one per
/// pull request and reviewer, the one that says who asked.
fn dedupe_requests(requests: &mut Vec<ReviewRequest>) {
    requests.sort_by(|a, b| {
        (a.number, &a.reviewer, a.requested_by.is_none(), a.time).cmp(&(
            b.number,
            &b.reviewer,
            b.requested_by.is_none(),
            b.time,
        ))
    });
    requests.dedup_by(|later, earlier| {
        later.number == earlier.number && later.reviewer == earlier.reviewer
    });
}

fn collect_json_files(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_json_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
}

/// Parses one file's JSON values (a stream: `gh --paginate` writes one array
/// per page) into `export`; `comments` counts inline comments per review id.
/// Returns the problems found, each naming the file and, where known, the
/// line, and whether the file was read whole: not broken off, not empty.
pub fn parse_file(
    repo: &str,
    name: &str,
    content: &str,
    export: &mut ReviewExport,
    comments: &mut HashMap<String, u32>,
) -> (Vec<Diagnostic>, bool) {
    let mut diagnostics = Vec::new();
    let mut values = 0usize;
    let mut broken = false;
    let number_from_name = number_in_file_name(name);
    let mut unrecognised = 0usize;
    let mut stream = serde_json::Deserializer::from_str(content).into_iter::<Value>();
    loop {
        let value = match stream.next() {
            None => break,
            Some(Ok(value)) => value,
            Some(Err(error)) => {
                broken = true;
                diagnostics.push(Diagnostic::at(
                    name,
                    error.line(),
                    format!(
                        "not valid JSON at column {}: {error}; what came before it was read",
                        error.column()
                    ),
                ));
                break;
            }
        };
        values += 1;
        let items: Vec<&Value> = match &value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for item in items {
            if !read_item(repo, item, number_from_name, export, comments) {
                unrecognised += 1;
            }
        }
    }
    if values == 0 && !broken {
        diagnostics.push(Diagnostic::in_file(name, "empty: no JSON value in it"));
    }
    if unrecognised > 0 {
        diagnostics.push(Diagnostic::in_file(
            name,
            format!(
                "{unrecognised} items are not pull requests, reviews, review comments or review requests (or lack the pull request number); they were skipped"
            ),
        ));
    }
    (diagnostics, values > 0 && !broken)
}

/// `events-42.json`, `42.json`, `pulls/42/requested_reviewers.json` -> 42.
fn number_in_file_name(name: &str) -> Option<u32> {
    let path = Path::new(name);
    let stem = path.file_stem()?.to_string_lossy();
    let digits = |text: &str| -> Option<u32> {
        let found: String = text
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(|c| c.is_ascii_digit())
            .collect();
        found.parse().ok()
    };
    digits(&stem).or_else(|| {
        path.parent()
            .and_then(|p| p.file_name())
            .and_then(|p| digits(&p.to_string_lossy()))
    })
}

fn login(value: &Value) -> Option<String> {
    value
        .get("login")
        .and_then(Value::as_str)
        .map(str::to_string)
}

fn time(value: Option<&Value>) -> Option<Timestamp> {
    value
        .and_then(Value::as_str)
        .and_then(|text| text.parse::<jiff::Timestamp>().ok())
        .map(|t| t.as_second())
}

fn number_from_url(url: &str) -> Option<u32> {
    url.trim_end_matches('/').rsplit('/').next()?.parse().ok()
}

/// Reads one item into `export`; false when it is not something we know.
/// Which kind of item it is shows in the fields it has, tried in this order.
fn read_item(
    repo: &str,
    item: &Value,
    number_from_name: Option<u32>,
    export: &mut ReviewExport,
    comments: &mut HashMap<String, u32>,
) -> bool {
    let Value::Object(object) = item else {
        return false;
    };
    // A review comment (pulls/N/comments).
    if let Some(review_id) = object.get("pull_request_review_id").and_then(Value::as_u64) {
        *comments.entry(review_id.to_string()).or_default() += 1;
        return true;
    }
    // A review (pulls/N/reviews).
    if let (Some(state), Some(url)) = (
        object.get("state").and_then(Value::as_str),
        object.get("pull_request_url").and_then(Value::as_str),
    ) {
        return read_review(repo, object, state, url, export);
    }
    // A pull request (pulls?state=all, or pulls/N).
    if let (Some(number), Some(author)) = (
        object.get("number").and_then(Value::as_u64),
        object.get("user").and_then(login),
    ) && (object.contains_key("head") || object.contains_key("merge_commit_sha"))
    {
        read_pull(repo, object, number as u32, author, export);
        return true;
    }
    // An issue event: someone asked for a review.
    if let Some(event) = object.get("event").and_then(Value::as_str) {
        if event != "review_requested" {
            // Other timeline events are expected in an events file and carry nothing for us.
            return true;
        }
        return read_review_requested(repo, object, number_from_name, export);
    }
    // The answer of pulls/N/requested_reviewers.
    if let (Some(users), Some(number)) = (
        object.get("users").and_then(Value::as_array),
        number_from_name,
    ) {
        for user in users {
            if let Some(reviewer) = login(user) {
                export.requests.push(ReviewRequest {
                    repo: repo.to_string(),
                    number,
                    reviewer,
                    requested_by: None,
                    time: 0,
                });
            }
        }
        return true;
    }
    false
}

/// A submitted review, in `state`, of the pull request at `url`; false when
/// it lacks its number, reviewer or id. A pending review was never
/// submitted and is passed over.
fn read_review(
    repo: &str,
    object: &Map<String, Value>,
    state: &str,
    url: &str,
    export: &mut ReviewExport,
) -> bool {
    let state = match state {
        "APPROVED" => ReviewState::Approved,
        "CHANGES_REQUESTED" => ReviewState::ChangesRequested,
        "COMMENTED" | "DISMISSED" => ReviewState::Commented,
        // A pending review was never submitted.
        _ => return true,
    };
    let (Some(number), Some(reviewer), Some(id)) = (
        number_from_url(url),
        object.get("user").and_then(login),
        object.get("id").and_then(Value::as_u64),
    ) else {
        return false;
    };
    export.reviews.push(PullReview {
        repo: repo.to_string(),
        number,
        id: id.to_string(),
        reviewer,
        state,
        time: time(object.get("submitted_at")).unwrap_or(0),
        comments: 0,
    });
    true
}

/// A pull request by `author`, and the reviews it still asks for (those
/// asked for and given are in its reviews and events instead).
fn read_pull(
    repo: &str,
    object: &Map<String, Value>,
    number: u32,
    author: String,
    export: &mut ReviewExport,
) {
    let created = time(object.get("created_at")).unwrap_or(0);
    export.pulls.push(PullRequest {
        repo: repo.to_string(),
        number,
        title: object
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        author,
        created,
        body: object
            .get("body")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        merge_commit: object
            .get("merged_at")
            .filter(|v| !v.is_null())
            .and(object.get("merge_commit_sha"))
            .and_then(Value::as_str)
            .map(str::to_string),
    });
    for reviewer in object
        .get("requested_reviewers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(reviewer) = login(reviewer) {
            export.requests.push(ReviewRequest {
                repo: repo.to_string(),
                number,
                reviewer,
                requested_by: None,
                time: created,
            });
        }
    }
}

/// A `review_requested` issue event; false when neither it nor the file's
/// name gives the pull request's number, or it names no reviewer.
fn read_review_requested(
    repo: &str,
    object: &Map<String, Value>,
    number_from_name: Option<u32>,
    export: &mut ReviewExport,
) -> bool {
    let number = object
        .get("issue")
        .and_then(|issue| issue.get("number"))
        .and_then(Value::as_u64)
        .map(|n| n as u32)
        .or(number_from_name);
    let (Some(number), Some(reviewer)) = (number, object.get("requested_reviewer").and_then(login))
    else {
        return false;
    };
    export.requests.push(ReviewRequest {
        repo: repo.to_string(),
        number,
        reviewer,
        requested_by: object.get("review_requester").and_then(login),
        time: time(object.get("created_at")).unwrap_or(0),
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str, content: &str) -> (ReviewExport, Vec<String>) {
        let mut export = ReviewExport::default();
        let mut comments = HashMap::new();
        let (problems, _) = parse_file("r", name, content, &mut export, &mut comments);
        for review in &mut export.reviews {
            review.comments = comments.get(&review.id).copied().unwrap_or(0);
        }
        (export, problems.iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn paginated_pulls_reviews_and_comments() {
        let pulls = r#"[{"number": 7, "title": "Retry", "user": {"login": "ana"}, "created_at": "2025-01-02T03:04:05Z",
            "merged_at": "2025-01-03T00:00:00Z", "merge_commit_sha": "abc", "head": {}, "requested_reviewers": [{"login": "bo"}]}]
            [{"number": 8, "title": "Open", "user": {"login": "cy"}, "merged_at": null, "merge_commit_sha": "def", "head": {}}]"#;
        let (export, problems) = parse("pulls.json", pulls);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(export.pulls.len(), 2);
        assert_eq!(export.pulls[0].merge_commit.as_deref(), Some("abc"));
        assert_eq!(export.pulls[1].merge_commit, None);
        assert_eq!(export.requests[0].reviewer, "bo");

        let reviews = r#"[{"id": 11, "user": {"login": "bo"}, "state": "CHANGES_REQUESTED", "submitted_at": "2025-01-02T05:00:00Z",
              "pull_request_url": "https://api.github.com/repos/o/r/pulls/7"},
            {"id": 12, "user": {"login": "bo"}, "state": "PENDING", "pull_request_url": "https://api.github.com/repos/o/r/pulls/7"}]
            [{"id": 5, "pull_request_review_id": 11, "path": "a.go", "diff_hunk": "@@"},
             {"id": 6, "pull_request_review_id": 11, "path": "b.go", "diff_hunk": "@@"}]"#;
        let (export, problems) = parse("reviews-7.json", reviews);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(export.reviews.len(), 1);
        assert_eq!(
            (export.reviews[0].state, export.reviews[0].comments),
            (ReviewState::ChangesRequested, 2)
        );
    }

    #[test]
    fn review_requests_from_events_and_requested_reviewers() {
        let events = r#"[{"event": "labeled"}, {"event": "review_requested", "created_at": "2025-02-01T00:00:00Z",
            "requested_reviewer": {"login": "bo"}, "review_requester": {"login": "ana"}}]"#;
        let (export, problems) = parse("exports/events-42.json", events);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(export.requests[0].number, 42);
        assert_eq!(export.requests[0].requested_by.as_deref(), Some("ana"));
        let (export, _) = parse(
            "pulls/43/requested_reviewers.json",
            r#"{"users": [{"login": "cy"}], "teams": []}"#,
        );
        assert_eq!(
            (
                export.requests[0].number,
                export.requests[0].reviewer.as_str()
            ),
            (43, "cy")
        );
    }

    #[test]
    fn truncated_json_names_file_and_line_and_keeps_what_came_before() {
        let content = "[{\"number\": 1, \"user\": {\"login\": \"ana\"}, \"head\": {}}]\n[{\"number\": 2, \"user\": {\"login\"";
        let (export, problems) = parse("pulls.json", content);
        assert_eq!(export.pulls.len(), 1);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("pulls.json:2: not valid JSON at column"),
            "{problems:?}"
        );
        let (_, problems) = parse("x.json", "[{\"hello\": 1}]");
        assert!(
            problems[0].contains("1 items are not pull requests"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_request_in_both_places_counts_once() {
        let mut export = ReviewExport::default();
        let mut comments = HashMap::new();
        parse_file(
            "r",
            "pulls.json",
            r#"[{"number": 9, "user": {"login": "ana"}, "head": {}, "requested_reviewers": [{"login": "bo"}]}]"#,
            &mut export,
            &mut comments,
        );
        parse_file(
            "r",
            "events-9.json",
            r#"[{"event": "review_requested", "requested_reviewer": {"login": "bo"}, "review_requester": {"login": "ana"}}]"#,
            &mut export,
            &mut comments,
        );
        assert_eq!(export.requests.len(), 2);
        dedupe_requests(&mut export.requests);
        assert_eq!(export.requests.len(), 1);
        assert_eq!(export.requests[0].requested_by.as_deref(), Some("ana"));
    }

    #[test]
    fn numbers_from_file_names() {
        for (name, expected) in [
            ("events-42.json", Some(42)),
            ("42.json", Some(42)),
            ("pulls/43/requested_reviewers.json", Some(43)),
            ("pulls.json", None),
        ] {
            assert_eq!(number_in_file_name(name), expected, "{name}");
        }
    }
}
