//! Code review from every source: merge messages (bors, GitHub), GitHub
//! review exports and Gerrit query output.

use crate::common::{self, at, lines};

use super::{CONFIG, PAT, SAM, SUE, small_org, trailer, write_github_export};

#[test]
fn merge_messages_are_reviews_with_their_origin() {
    let org = small_org();
    let tools = org.repo("tools");
    tools.commit(
        PAT,
        at("2025-05-01"),
        &[
            ("CODEOWNERS", Some("* @acme/payments\n")),
            ("a.go", Some("a\n")),
        ],
        "tools: start",
    );
    tools.git(&["checkout", "-q", "-b", "fast"]);
    tools.commit(
        PAT,
        at("2025-05-02"),
        &[("b.go", Some(&lines("b", 30)))],
        "tools: faster",
    );
    tools.git(&["checkout", "-q", "main"]);
    tools.merge(
        ("bors", "bors@rust-lang.example"),
        at("2025-05-03"),
        "fast",
        "Auto merge of #12 - pat:fast, r=sam,ghost\n\nMake the tools faster",
    );
    org.write(
        "staffscope.toml",
        &CONFIG.replace(
            "[window]",
            "[bots]\nextra_patterns = [\"bors\"]\n\n[window]",
        ),
    );
    org.run(&["collect"]).success();
    let run = org.run(&["report", "sam", "--format", "json"]).success();
    assert!(
        run.stderr().contains(
            "tools: merge commits name GitHub users that no commit or identity matches: ghost"
        ),
        "{}",
        run.stderr()
    );
    let sam = run.json();
    let review_reach = sam["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "review-reach")
        .unwrap();
    // 17 trailer reviews, and the bors r= on Pat's pull request.
    assert_eq!(review_reach["value"], 18.0, "{review_reach:#}");
    let evidence: Vec<String> = review_reach["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|item| item["evidence"].as_array().unwrap().iter())
        .filter(|e| e["repo"] == "tools")
        .map(|e| {
            format!(
                "{}#{}",
                e["detail"].as_str().unwrap(),
                e["reference"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        evidence,
        vec!["review of Pat Pay's change (payments), from the bors merge of #12 (r=sam)##12"]
    );

    // GitHub's merge message: Wendy merged Sam's branch (#7), so she reviewed his change.
    let wendy = org
        .run(&["report", "wendy", "--format", "json"])
        .success()
        .json();
    let given = wendy["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "review-reach")
        .unwrap();
    assert_eq!(given["value"], 1.0, "{given:#}");
    assert!(
        given
            .to_string()
            .contains("GitHub merge of pull request #7")
    );
}

#[test]
fn github_review_exports_feed_reviews_requests_and_depth() {
    let org = small_org();
    let merge = org.existing("web-app").head();
    write_github_export(&org, &merge);
    org.write(
        "staffscope.toml",
        &CONFIG.replace(
            "[window]",
            "[[code_review]]\nrepository = \"web-app\"\ngithub = \"exports/web-app\"\n\n[window]",
        ),
    );
    org.run(&["collect"])
        .success()
        .stderr_has("web-app: code review export: 2 pull requests, 3 reviews, 3 review requests");

    let run = org.run(&["report", "wendy", "--format", "json"]).success();
    // A login nobody matches is reported by name, not dropped.
    assert!(
        run.stderr()
            .contains("names GitHub users that no commit or identity matches: sue-s"),
        "{}",
        run.stderr()
    );
    let wendy = run.json();
    let dimension = |report: &serde_json::Value, id: &str| {
        report["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .cloned()
            .unwrap()
    };
    let sources: Vec<&str> = wendy["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["collected"] == true)
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, vec!["git", "code-review"]);
    // The export's two reviews of #7 and the merge commit are one review.
    let reach = dimension(&wendy, "review-reach");
    assert_eq!(reach["value"], 1.0, "{reach:#}");
    let text = reach.to_string();
    assert!(text.contains("GitHub review, requested"), "{text}");
    assert!(!text.contains("GitHub merge of pull request #7"), "{text}");
    assert!(text.contains("\"reference\":\"#7\""), "{text}");

    // Metrics only the export can feed, each with its evidence.
    let metric = |name: &str| wendy["metrics"][name]["value"].clone();
    assert_eq!(metric("review_requests_from_other_teams"), 1.0);
    assert_eq!(metric("review_request_teams"), 1.0);
    assert_eq!(metric("review_comments_per_review"), 3.0);
    assert_eq!(metric("changes_requested"), 1.0);
    let asked = wendy["metrics"]["review_requests_from_other_teams"].to_string();
    assert!(
        asked.contains("Sam Staff (platform) asked for a review"),
        "{asked}"
    );
    // Someone no export covers has no data there, not zero.
    let sue = org
        .run(&["report", "sue", "--format", "json"])
        .success()
        .json();
    assert_eq!(
        sue["metrics"]["review_requests_from_other_teams"]["value"],
        serde_json::Value::Null
    );

    // samstaff is Sam, linked by the merge commit of #7, not by a guess:
    // one person, whose handle is the login, with the link's reason.
    let identities = org
        .run(&["identities", "--format", "json"])
        .success()
        .json();
    let people = identities.as_array().unwrap();
    let handles: Vec<&str> = people
        .iter()
        .map(|p| p["handle"].as_str().unwrap())
        .collect();
    assert!(!handles.contains(&"sam-staff"), "{handles:?}");
    assert!(handles.contains(&"sue-s"), "{handles:?}");
    let sam = people.iter().find(|p| p["handle"] == "samstaff").unwrap();
    assert_eq!(sam["name"], "Sam Staff");
    assert!(
        sam["logins"][0]["how"]
            .as_str()
            .unwrap()
            .contains("pull request #7"),
        "{sam}"
    );

    // Pat's review of Sam's pull request reaches platform.
    let pat = org
        .run(&["report", "pat", "--format", "json"])
        .success()
        .json();
    let reach = dimension(&pat, "review-reach");
    assert_eq!(reach["value"], 1.0, "{reach:#}");
    assert_eq!(reach["evidence"][0]["label"], "platform");
}

#[test]
fn a_broken_review_export_never_removes_what_the_store_holds() {
    let org = small_org();
    let merge = org.existing("web-app").head();
    write_github_export(&org, &merge);
    org.write(
        "exports/web-app/reviews-9.json",
        "[{\"id\": 901, \"user\": {\"login\": \"pat\"}, \"state\": \"APPRO",
    );
    org.write(
        "staffscope.toml",
        &CONFIG.replace("[window]", "[[code_review]]\nrepository = \"web-app\"\ngithub = \"exports/web-app\"\n\n[[code_review]]\nrepository = \"nope\"\ngithub = \"exports/nope\"\n\n[window]"),
    );
    // Nothing stored yet: what could be read is kept, and the run fails.
    org.run(&["collect"])
        .expect_code(3)
        .stderr_has("warning: exports/web-app/reviews-9.json:1: not valid JSON at column")
        .stderr_has("names repository `nope`, which is not among the collected repositories")
        .stderr_has("web-app: code review export: 2 pull requests, 3 reviews")
        .stderr_has("what could be read is stored, as the store held nothing from it");
    std::fs::remove_file(org.path().join("exports/web-app/reviews-9.json")).unwrap();
    org.run(&["collect"]).success();
    let sam_reviews = |org: &crate::common::TestOrg| {
        org.run(&["report", "sam", "--format", "json"])
            .success()
            .json()["metrics"]["reviews_given_other_teams"]["value"]
            .clone()
    };
    let whole = sam_reviews(&org);
    // A truncated file, an empty one, a folder gone: each keeps the last
    // complete read, says so and fails.
    let pulls = org.path().join("exports/web-app/pulls.json");
    let text = std::fs::read_to_string(&pulls).unwrap();
    for broken in [&text[..text.len() / 2], ""] {
        std::fs::write(&pulls, broken).unwrap();
        org.run(&["collect"])
            .expect_code(3)
            .stderr_has("the store keeps what it held from the last complete read");
        assert_eq!(sam_reviews(&org), whole);
    }
    std::fs::remove_dir_all(org.path().join("exports/web-app")).unwrap();
    org.run(&["collect"])
        .expect_code(3)
        .stderr_has("the store keeps what it held from the last complete read");
    assert_eq!(sam_reviews(&org), whole);
}

#[test]
fn a_pull_request_is_one_review_however_many_commits_credit_it() {
    let org = small_org();
    let search = org.existing("search");
    search.git(&["checkout", "-q", "-b", "ranking"]);
    let reviewed = format!("\n\n{}", trailer("Reviewed-by", SAM));
    search.commit(
        SUE,
        at("2025-06-01"),
        &[("rank.py", Some(&lines("rank", 30)))],
        &format!("rank: first{reviewed}"),
    );
    search.commit(
        SUE,
        at("2025-06-02"),
        &[("rank.py", Some(&lines("rank", 40)))],
        &format!("rank: second{reviewed}"),
    );
    search.git(&["checkout", "-q", "main"]);
    search.merge(
        PAT,
        at("2025-06-03"),
        "ranking",
        "Merge pull request #5 from acme/ranking\n\nBetter ranking",
    );
    // A squashed pull request credits one commit.
    search.commit(
        SUE,
        at("2025-06-04"),
        &[("boost.py", Some("b\n"))],
        &format!("Boost fresh documents (#6){reviewed}"),
    );
    org.write("staffscope.toml", CONFIG);
    org.run(&["collect"]).success();
    let sam = org
        .run(&["report", "sam", "--format", "json"])
        .success()
        .json();
    let reviews = &sam["metrics"]["reviews_given_other_teams"];
    // 17 before, one for pull request #5 (two commits), one for #6.
    assert_eq!(reviews["value"], 19.0, "{reviews:#}");
    let pat = org
        .run(&["report", "pat", "--format", "json"])
        .success()
        .json();
    let merged = pat["metrics"]["reviews_given"].to_string();
    assert!(
        merged.contains("GitHub merge of pull request #5"),
        "{merged}"
    );
}

#[test]
fn gerrit_query_output_feeds_reviews_matched_by_email() {
    let org = small_org();
    org.write(
        "exports/gerrit-search.jsonl",
        &std::fs::read_to_string(common::data("gerrit-search.jsonl")).unwrap(),
    );
    org.write(
        "staffscope.toml",
        &CONFIG.replace("[window]", "[[code_review]]\nrepository = \"search\"\ngerrit = \"exports/gerrit-search.jsonl\"\n\n[window]"),
    );
    org.run(&["collect"])
        .expect_code(3)
        .stderr_has("warning: exports/gerrit-search.jsonl:3: not a JSON line")
        .stderr_has("what could be read is stored, as the store held nothing from it")
        .stderr_has("search: code review export: 2 pull requests, 3 reviews");
    let sam = org
        .run(&["report", "sam", "--format", "json"])
        .success()
        .json();
    // 17 from trailers, and change 501 (a request for changes, then +2).
    assert_eq!(sam["metrics"]["reviews_given_other_teams"]["value"], 18.0);
    assert_eq!(sam["metrics"]["review_comments_per_review"]["value"], 3.0);
    assert_eq!(sam["metrics"]["changes_requested"]["value"], 0.0);
    let pat = org
        .run(&["report", "pat", "--format", "json"])
        .success()
        .json();
    assert_eq!(pat["metrics"]["reviews_given_other_teams"]["value"], 1.0);
    // Gerrit accounts matched commit emails: nobody new appeared.
    let people = org.run(&["people", "--format", "json"]).success().stdout();
    assert!(!people.contains("build-bot"), "the CI account is a bot");
    let identities = org.run(&["identities", "--suggest"]).success().stdout();
    assert!(!identities.contains("Sam Staff (@sam-2)"), "{identities}");
}
