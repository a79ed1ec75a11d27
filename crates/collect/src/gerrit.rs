//! Gerrit changes, from the JSON lines `gerrit query --format=JSON
//! --all-approvals --comments` prints: one change per line, then a stats line.
//!
//! Gerrit names people by account (name, email, username); they are kept as
//! `Name <email>` so that resolution matches them like commit authors, through
//! `.mailmap` and the identities file. A `Code-Review` vote of +1 or +2 is an
//! approval, -1 or -2 a request for changes, and a comment without a vote a
//! comment. Votes and messages from bots (CI accounts) are left to the bot
//! rules at resolution, like commits.

use std::collections::BTreeMap;

use serde_json::Value;

use model::Diagnostic;
use model::{PullRequest, PullReview, ReviewExport, ReviewState, Timestamp};

/// Parses the query output; a line that is not JSON is reported with its
/// number and skipped, and every other line is still read.
/// Also says whether the file was read whole: no line broken off, and
/// something in it.
pub fn parse(repo: &str, name: &str, content: &str) -> (ReviewExport, Vec<Diagnostic>, bool) {
    let mut export = ReviewExport::default();
    let mut diagnostics = Vec::new();
    let mut complete = !content.trim().is_empty();
    for (index, line) in content.lines().enumerate() {
        let line_number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = match serde_json::from_str(line) {
            Ok(value) => value,
            Err(error) => {
                complete = false;
                diagnostics.push(Diagnostic::at(
                    name,
                    line_number,
                    format!("not a JSON line ({error}); skipped"),
                ));
                continue;
            }
        };
        if value.get("type").and_then(Value::as_str) == Some("stats") {
            continue;
        }
        if let Err(message) = read_change(repo, &value, &mut export) {
            diagnostics.push(Diagnostic::at(name, line_number, message));
        }
    }
    if content.trim().is_empty() {
        diagnostics.push(Diagnostic::in_file(name, "empty: no change in it"));
    }
    (export, diagnostics, complete)
}

/// `Name <email>`, or the username or name alone when that is all Gerrit gives.
fn account(value: &Value) -> Option<String> {
    let text = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    match (text("name"), text("email"), text("username")) {
        (name, Some(email), username) => {
            Some(format!("{} <{email}>", name.or(username).unwrap_or(email)))
        }
        (_, None, Some(username)) => Some(username.to_string()),
        (Some(name), None, None) => Some(name.to_string()),
        (None, None, None) => None,
    }
}

fn seconds(value: Option<&Value>) -> Timestamp {
    value.and_then(Value::as_i64).unwrap_or(0)
}

/// One change as a pull request, with a review from everyone but its owner
/// who voted or commented; the error says why a change was skipped.
fn read_change(repo: &str, change: &Value, export: &mut ReviewExport) -> Result<(), String> {
    let number = change
        .get("number")
        .and_then(|n| {
            n.as_u64()
                .or_else(|| n.as_str().and_then(|s| s.parse().ok()))
        })
        .ok_or("a change without a `number`; skipped")? as u32;
    let owner = change
        .get("owner")
        .and_then(account)
        .ok_or_else(|| format!("change {number} has no owner; skipped"))?;
    let patch_sets: Vec<&Value> = change
        .get("patchSets")
        .and_then(Value::as_array)
        .map(|sets| sets.iter().collect())
        .unwrap_or_default();
    let merged = change.get("status").and_then(Value::as_str) == Some("MERGED");
    export.pulls.push(PullRequest {
        repo: repo.to_string(),
        number,
        title: change
            .get("subject")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        author: owner.clone(),
        created: seconds(change.get("createdOn")),
        // Gerrit's description is the commit message, already read from git.
        body: String::new(),
        merge_commit: merged
            .then(|| {
                patch_sets
                    .last()
                    .and_then(|set| set.get("revision"))
                    .and_then(Value::as_str)
            })
            .flatten()
            .map(str::to_string),
    });
    for (by, reviewer) in reviewers(change, &patch_sets) {
        if by == owner {
            continue;
        }
        let state = match reviewer.vote.map(|(_, value)| value) {
            Some(value) if value > 0 => ReviewState::Approved,
            Some(value) if value < 0 => ReviewState::ChangesRequested,
            _ => ReviewState::Commented,
        };
        export.reviews.push(PullReview {
            repo: repo.to_string(),
            number,
            id: format!("gerrit-{number}-{by}"),
            reviewer: by,
            state,
            time: reviewer
                .vote
                .map(|(t, _)| t)
                .or(reviewer.first_seen)
                .unwrap_or(0),
            comments: reviewer.inline_comments,
        });
    }
    Ok(())
}

/// What one reviewer did on a change: the latest Code-Review vote, and
/// every inline comment and message.
#[derive(Default)]
struct Reviewer {
    vote: Option<(Timestamp, i64)>,
    first_seen: Option<Timestamp>,
    inline_comments: u32,
    messages: u32,
}

/// Everyone who voted or commented on a change, the owner included, by
/// account.
fn reviewers(change: &Value, patch_sets: &[&Value]) -> BTreeMap<String, Reviewer> {
    let mut reviewers: BTreeMap<String, Reviewer> = BTreeMap::new();
    for set in patch_sets {
        for approval in set
            .get("approvals")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            record_vote(&mut reviewers, approval);
        }
        for comment in set
            .get("comments")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(by) = comment.get("reviewer").and_then(account) {
                reviewers.entry(by).or_default().inline_comments += 1;
            }
        }
    }
    for message in change
        .get("comments")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(by) = message.get("reviewer").and_then(account) {
            let when = seconds(message.get("timestamp"));
            let entry = reviewers.entry(by).or_default();
            entry.messages += 1;
            entry.first_seen = Some(entry.first_seen.map_or(when, |t| t.min(when)));
        }
    }
    reviewers
}

/// Keeps an approval if it is a Code-Review vote no older than its voter's
/// last; votes on other labels (Verified, for one) are not reviews.
fn record_vote(reviewers: &mut BTreeMap<String, Reviewer>, approval: &Value) {
    if approval.get("type").and_then(Value::as_str) != Some("Code-Review") {
        return;
    }
    let (Some(by), Some(value)) = (
        approval.get("by").and_then(account),
        approval.get("value").and_then(|v| {
            v.as_str()
                .and_then(|s| s.parse::<i64>().ok())
                .or_else(|| v.as_i64())
        }),
    ) else {
        return;
    };
    let when = seconds(approval.get("grantedOn"));
    let entry = reviewers.entry(by).or_default();
    if entry.vote.is_none_or(|(time, _)| when >= time) {
        entry.vote = Some((when, value));
    }
    entry.first_seen = Some(entry.first_seen.map_or(when, |t| t.min(when)));
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUERY: &str = r#"{"project":"tools","branch":"main","id":"I1","number":1234,"subject":"Faster index","owner":{"name":"Ana Lima","email":"ana@x.example","username":"ana"},"createdOn":1736000000,"status":"MERGED","comments":[{"timestamp":1736000500,"reviewer":{"name":"Bo","email":"bo@x.example","username":"bo"},"message":"Patch Set 1:\n\n(2 comments)"},{"timestamp":1736000900,"reviewer":{"name":"CI","username":"ci-bot"},"message":"Build succeeded"}],"patchSets":[{"number":1,"revision":"aaaa","approvals":[{"type":"Code-Review","value":"-1","grantedOn":1736000500,"by":{"name":"Bo","email":"bo@x.example"}},{"type":"Verified","value":"1","grantedOn":1736000900,"by":{"name":"CI","username":"ci-bot"}}],"comments":[{"file":"a.rs","line":3,"reviewer":{"name":"Bo","email":"bo@x.example"},"message":"why?"},{"file":"a.rs","line":9,"reviewer":{"name":"Bo","email":"bo@x.example"},"message":"and this"}]},{"number":2,"revision":"bbbb","approvals":[{"type":"Code-Review","value":"2","grantedOn":1736001000,"by":{"name":"Bo","email":"bo@x.example"}}]}]}
not json at all
{"type":"stats","rowCount":1,"runTimeMilliseconds":5}
"#;

    #[test]
    fn votes_comments_and_a_broken_line() {
        let (export, problems, complete) = parse("tools", "gerrit.jsonl", QUERY);
        assert!(!complete, "a broken line makes the read partial");
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .to_string()
                .starts_with("gerrit.jsonl:2: not a JSON line"),
            "{problems:?}"
        );
        assert_eq!(export.pulls.len(), 1);
        assert_eq!(export.pulls[0].author, "Ana Lima <ana@x.example>");
        assert_eq!(export.pulls[0].merge_commit.as_deref(), Some("bbbb"));
        let reviews: Vec<(&str, ReviewState, u32)> = export
            .reviews
            .iter()
            .map(|r| (r.reviewer.as_str(), r.state, r.comments))
            .collect();
        assert_eq!(
            reviews,
            vec![
                ("Bo <bo@x.example>", ReviewState::Approved, 2),
                ("ci-bot", ReviewState::Commented, 0)
            ]
        );
    }
}
