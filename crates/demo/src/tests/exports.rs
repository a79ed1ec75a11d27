//! The GitHub code-review exports: shaped like `gh api --paginate` output,
//! consistent with the repositories, and showing the planted reviewers.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::git::git_command;
use crate::people::{Team, person_index, team_at};
use crate::{EXPORTED, SENIOR, STAFF};

/// Every value of a `gh api --paginate` file: pages of arrays, back to back.
fn json_stream(path: &Path) -> Vec<serde_json::Value> {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let mut items = Vec::new();
    for page in serde_json::Deserializer::from_str(&text).into_iter::<serde_json::Value>() {
        match page.unwrap_or_else(|error| panic!("{}: {error}", path.display())) {
            serde_json::Value::Array(page) => items.extend(page),
            other => panic!("{}: a page is not an array: {other}", path.display()),
        }
    }
    items
}

fn seconds(value: &serde_json::Value) -> i64 {
    let text = value.as_str().expect("a time");
    assert!(text.ends_with('Z') && text.len() == 20, "{text}");
    text.parse::<jiff::Timestamp>()
        .expect("RFC 3339 time")
        .as_second()
}

fn login_of(value: &serde_json::Value) -> &str {
    value["login"].as_str().expect("a login")
}

fn is_sha(text: &str) -> bool {
    text.len() == 40 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The merge commits of merged pull requests, read with `git cat-file --batch`:
/// each must be a commit whose message names the pull request and its branch.
fn check_merge_commits(dir: &Path, merged: &[(u64, String, String)]) {
    let input: String = merged
        .iter()
        .map(|(_, sha, _)| format!("{sha}\n"))
        .collect();
    let mut child = git_command()
        .arg("--git-dir")
        .arg(dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("git cat-file runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("git cat-file output");
    writer.join().expect("writer").expect("written");
    let mut rest: &[u8] = &output.stdout;
    for (number, sha, branch) in merged {
        let line_end = rest.iter().position(|&b| b == b'\n').expect("header");
        let header = String::from_utf8_lossy(&rest[..line_end]).to_string();
        let mut fields = header.split(' ');
        assert_eq!(fields.next(), Some(sha.as_str()), "{header}");
        assert_eq!(fields.next(), Some("commit"), "#{number}: {header}");
        let size: usize = fields.next().and_then(|s| s.parse().ok()).expect("size");
        let body = String::from_utf8_lossy(&rest[line_end + 1..line_end + 1 + size]);
        assert!(
            body.contains(&format!(
                "Merge pull request #{number} from acme/{branch}\n"
            )),
            "#{number} {sha}: {body}"
        );
        rest = &rest[line_end + 2 + size..];
    }
}

/// What the checks of every exported pull request add up to, for the
/// assertions about the planted reviewers.
#[derive(Default)]
struct Tally {
    /// Teams, other than platform, whose authors asked Priya for a review.
    priya_teams: BTreeSet<Team>,
    priya_requests: usize,
    /// Requests to Priya that she answered with a review.
    priya_reviewed: usize,
    priya_reviews: usize,
    priya_comments: usize,
    marcus_reviews: usize,
    marcus_comments: usize,
    requests: usize,
    /// Requests to someone in the author's own team.
    teammate_requests: usize,
    /// Review ids seen so far, which must be unique across repositories.
    review_ids: BTreeSet<u64>,
}

/// One pull request of `pulls.json`, as the per-pull-request checks need it.
struct Pull<'a> {
    repo: &'a str,
    number: u64,
    author: &'a str,
    created: i64,
    pending: &'a [serde_json::Value],
}

pub(super) fn check_exports(root: &Path, other_root: &Path) {
    let mut tally = Tally::default();
    for name in EXPORTED {
        check_repository_export(root, other_root, name, &mut tally);
    }
    let Tally {
        priya_teams,
        priya_requests,
        priya_reviewed,
        priya_reviews,
        priya_comments,
        marcus_reviews,
        marcus_comments,
        requests,
        teammate_requests,
        review_ids: _,
    } = tally;
    assert!(
        priya_requests >= 30,
        "priya was asked {priya_requests} times"
    );
    assert!(priya_teams.len() >= 3, "priya was asked by {priya_teams:?}");
    assert!(
        priya_reviewed * 3 >= priya_requests * 2,
        "priya reviewed {priya_reviewed} of {priya_requests}"
    );
    assert!(
        priya_comments >= 2 * priya_reviews,
        "priya left {priya_comments} comments in {priya_reviews} reviews"
    );
    assert!(marcus_reviews <= 2 && marcus_comments == 0);
    assert!(
        teammate_requests * 10 >= requests * 7,
        "{teammate_requests} of {requests}"
    );
}

/// The export of one repository: the same in both runs, paged like
/// `gh api`, with merged pull requests that match the merge commits.
fn check_repository_export(root: &Path, other_root: &Path, name: &str, tally: &mut Tally) {
    let folder = root.join("exports").join(name);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("export folder")
        .map(|entry| entry.expect("entry").path())
        .collect();
    files.sort();
    check_same_in_both_runs(&files, &other_root.join("exports").join(name));

    let text = std::fs::read_to_string(folder.join("pulls.json")).expect("pulls.json");
    let pulls = json_stream(&folder.join("pulls.json"));
    assert_eq!(
        text.matches("][").count(),
        (pulls.len() - 1) / 100,
        "{name}: pages"
    );
    assert_eq!(files.len(), 1 + 3 * pulls.len(), "{name}: files");
    let mut numbers = BTreeSet::new();
    let mut merged = Vec::new();
    let mut open = 0;
    for pull in &pulls {
        let number = pull["number"].as_u64().expect("number");
        assert!(numbers.insert(number), "{name}: #{number} twice");
        let created = seconds(&pull["created_at"]);
        let sha = pull["merge_commit_sha"].as_str().expect("merge_commit_sha");
        assert!(is_sha(sha), "{name} #{number}: {sha}");
        let branch = pull["head"]["ref"].as_str().expect("head ref");
        let pending = pull["requested_reviewers"]
            .as_array()
            .expect("requested_reviewers");
        if pull["merged_at"].is_null() {
            open += 1;
            assert!(!pending.is_empty(), "{name} #{number}: nobody requested");
        } else {
            assert!(seconds(&pull["merged_at"]) > created, "{name} #{number}");
            merged.push((number, sha.to_string(), branch.to_string()));
        }
        let pull = Pull {
            repo: name,
            number,
            author: login_of(&pull["user"]),
            created,
            pending,
        };
        let ids = check_reviews(&folder, &pull, tally);
        check_comments(&folder, &pull, &ids, tally);
        let asked_priya = check_review_requests(&folder, &pull, tally);
        if asked_priya && ids.values().any(|r| r == "priya") {
            tally.priya_reviewed += 1;
        }
    }
    assert!((3..=5).contains(&open), "{name}: {open} open pull requests");
    assert!(
        merged.len() >= 20,
        "{name}: {} merged pull requests",
        merged.len()
    );
    check_merge_commits(&root.join("repos").join(format!("{name}.git")), &merged);
}

/// Each of `files` has the same bytes as its namesake in `other_folder`.
fn check_same_in_both_runs(files: &[PathBuf], other_folder: &Path) {
    for file in files {
        let other = other_folder.join(file.file_name().expect("name"));
        assert!(
            std::fs::read(file).ok() == std::fs::read(&other).ok(),
            "{} differs between runs",
            file.display()
        );
    }
}

/// A pull request's reviews; returns the reviewer of each review id.
fn check_reviews(folder: &Path, pull: &Pull, tally: &mut Tally) -> BTreeMap<u64, String> {
    let (name, number) = (pull.repo, pull.number);
    let reviews = json_stream(&folder.join(format!("reviews-{number}.json")));
    let mut ids = BTreeMap::new();
    for review in &reviews {
        let id = review["id"].as_u64().expect("review id");
        assert!(tally.review_ids.insert(id), "review id {id} twice");
        let reviewer = login_of(&review["user"]);
        ids.insert(id, reviewer.to_string());
        assert!(matches!(
            review["state"].as_str(),
            Some("APPROVED" | "CHANGES_REQUESTED" | "COMMENTED")
        ));
        assert!(seconds(&review["submitted_at"]) > pull.created);
        assert_eq!(
            review["pull_request_url"].as_str(),
            Some(format!("https://api.github.com/repos/acme/{name}/pulls/{number}").as_str())
        );
        assert!(
            !pull.pending.iter().any(|p| login_of(p) == reviewer),
            "{name} #{number}: {reviewer} reviewed but is still requested"
        );
        if reviewer == "priya" {
            tally.priya_reviews += 1;
        } else if reviewer == "marcus" {
            tally.marcus_reviews += 1;
        }
    }
    if pull.author.ends_with("[bot]") {
        assert!(
            reviews.is_empty(),
            "{name} #{number}: bots are not reviewed"
        );
    }
    ids
}

/// A pull request's review comments, each by the author of its review.
fn check_comments(folder: &Path, pull: &Pull, ids: &BTreeMap<u64, String>, tally: &mut Tally) {
    let number = pull.number;
    for comment in json_stream(&folder.join(format!("comments-{number}.json"))) {
        let review = comment["pull_request_review_id"]
            .as_u64()
            .expect("review id");
        let reviewer = ids
            .get(&review)
            .expect("the comment's review is this pull request's");
        assert_eq!(login_of(&comment["user"]), reviewer);
        assert!(comment["path"].as_str().is_some_and(|p| !p.is_empty()));
        assert!(
            comment["diff_hunk"]
                .as_str()
                .is_some_and(|h| h.starts_with("@@ -"))
        );
        assert!(comment["id"].as_u64().is_some());
        if reviewer == "priya" {
            tally.priya_comments += 1;
        } else if reviewer == "marcus" {
            tally.marcus_comments += 1;
        }
    }
}

/// A pull request's review requests, all made by its author; returns
/// whether Priya was asked.
fn check_review_requests(folder: &Path, pull: &Pull, tally: &mut Tally) -> bool {
    let (name, number) = (pull.repo, pull.number);
    let priya = person_index(STAFF);
    let marcus = person_index(SENIOR);
    let mut asked_priya = false;
    for event in json_stream(&folder.join(format!("events-{number}.json"))) {
        let time = seconds(&event["created_at"]);
        if event["event"].as_str() != Some("review_requested") {
            continue;
        }
        assert_eq!(login_of(&event["review_requester"]), pull.author);
        let reviewer = person_index(login_of(&event["requested_reviewer"]));
        let author = person_index(pull.author);
        tally.requests += 1;
        tally.teammate_requests += usize::from(team_at(reviewer, time) == team_at(author, time));
        if reviewer == priya {
            asked_priya = true;
            tally.priya_requests += 1;
            if team_at(author, time) != Team::Platform {
                tally.priya_teams.insert(team_at(author, time));
            }
        }
        assert!(
            reviewer != marcus || name == "payments-api",
            "{name} #{number} asks marcus"
        );
    }
    asked_priya
}
