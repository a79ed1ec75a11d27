//! `report` and `org`: what the rubric finds in the small organization,
//! no data rather than zero, the layout, and what stays out of measures.

use crate::common::{at, lines};

use super::{CONFIG, WENDY, collected_small_org, small_org};

#[test]
fn report_finds_staff_mode_and_senior_mode() {
    let org = collected_small_org();
    let sam = org
        .run(&["report", "sam", "--format", "json"])
        .success()
        .json();
    let dimension = |report: &serde_json::Value, id: &str| -> serde_json::Value {
        report["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .cloned()
            .unwrap()
    };
    let scope = dimension(&sam, "scope");
    assert_eq!(scope["value"], 3.0, "{scope:#}");
    // Reviews to other teams: 17 reviews, 3 teams, 3 people.
    assert_eq!(sam["metrics"]["reviews_given_other_teams"]["value"], 17.0);
    assert_eq!(sam["metrics"]["review_teams"]["value"], 3.0);
    assert_eq!(sam["metrics"]["review_people_other_teams"]["value"], 3.0);
    assert_eq!(scope["level"], "staff");
    let reached: Vec<&str> = scope["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(reached, vec!["payments", "web", "search"]);
    assert_eq!(dimension(&sam, "review-reach")["value"], 17.0);
    assert_eq!(dimension(&sam, "writing")["status"], "not-measured");
    assert_eq!(dimension(&sam, "writing")["source"], "documents");
    assert_eq!(sam["homes"][0]["team"], "platform");

    let cody = org
        .run(&["report", "Cody Coder", "--format", "json"])
        .success()
        .json();
    // The mailmap merged both emails: 40 commits, not 30 and 10.
    assert_eq!(
        dimension(&cody, "operating-mix")["value"].as_f64().unwrap(),
        40.0 / 41.5
    );
    let flags: Vec<(&str, &str)> = cody["failure_modes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["id"].as_str().unwrap(), f["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(
        flags,
        vec![
            ("senior-mode", "found"),
            ("single-team-depth", "found"),
            ("impressive-not-multiplying", "found"),
            ("avoiding-organizational-work", "possible"),
        ]
    );
    let sam_flags: Vec<&str> = sam["failure_modes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["outcome"].as_str().unwrap())
        .collect();
    assert!(
        sam_flags.iter().all(|outcome| *outcome == "not-found"),
        "{sam_flags:?}"
    );
}

#[test]
fn no_review_trailers_means_no_data_not_zero() {
    let org = small_org();
    let docs = org.repo("docs-site");
    for i in 0..3 {
        docs.commit(
            ("Dee Docs", "dee@acme.example"),
            at("2025-03-01") + i,
            &[(&format!("p{i}.md"), Some("text\n"))],
            "page",
        );
    }
    org.write("staffscope.toml", CONFIG);
    org.run(&["collect"]).success();
    let dee = org
        .run(&["report", "dee", "--format", "json"])
        .success()
        .json();
    let review_reach = dee["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "review-reach")
        .unwrap();
    assert_eq!(review_reach["status"], "no-data", "{review_reach:#}");
    // Dee is in no team and changes no owned code: nothing crosses a team boundary, so no data, not zero.
    let scope = dee["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "scope")
        .unwrap();
    assert_eq!(scope["status"], "no-data", "{scope:#}");
    assert!(scope.to_string().contains("no home team"), "{scope:#}");
    // Reviews found elsewhere are still evidence.
    let sam = org
        .run(&["report", "sam", "--format", "json"])
        .success()
        .json();
    let review_reach = sam["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "review-reach")
        .unwrap();
    assert_eq!(review_reach["value"], 17.0);
    org.run(&["org"])
        .success()
        .stdout_has("for almost none of the changes in: docs-site, platform, shared");
}

#[test]
fn report_layout() {
    let org = collected_small_org();
    let report = org.run(&["report", "@sam"]).success().stdout();
    insta::assert_snapshot!("sam_report", report);
    let org_view = org.run(&["org"]).success().stdout();
    insta::assert_snapshot!("small_org", org_view);
}

#[test]
fn unknown_and_ambiguous_people_are_clear_errors() {
    let org = collected_small_org();
    org.run(&["report", "nobody"])
        .expect_code(1)
        .stderr_has("no person matches `nobody`");
    org.run(&["report", "dependabot[bot]"])
        .expect_code(1)
        .stderr_has("no person matches");
}

#[test]
fn bots_merges_and_mass_changes_stay_out_of_measures() {
    let org = small_org();
    let web = org.existing("web-app");
    let many: Vec<(String, String)> = (0..160)
        .map(|i| (format!("src/gen/f{i}.ts"), "x\n".to_string()))
        .collect();
    let files: Vec<(&str, Option<&str>)> = many
        .iter()
        .map(|(p, c)| (p.as_str(), Some(c.as_str())))
        .collect();
    web.commit(WENDY, at("2025-06-01"), &files, "Reformat everything");
    let reformat = web.head();
    web.commit(
        WENDY,
        at("2025-06-02"),
        &[("vendor/lib.js", Some(&lines("vendored", 50)))],
        "vendor a library",
    );
    web.commit(
        WENDY,
        at("2025-06-03"),
        &[(
            ".git-blame-ignore-revs",
            Some(&format!("# reformat\n{reformat}\n")),
        )],
        "ignore the reformat in blame",
    );
    // Code the repository's .gitattributes marks generated, as linguist reads it.
    web.commit(
        WENDY,
        at("2025-06-04"),
        &[(
            ".gitattributes",
            Some("schema/*.ts linguist-generated=true\n"),
        )],
        "mark the schema bindings generated",
    );
    web.commit(
        WENDY,
        at("2025-06-05"),
        &[("schema/api.ts", Some(&lines("binding", 60)))],
        "regenerate the schema bindings",
    );
    org.write("staffscope.toml", CONFIG);
    org.run(&["collect"]).success();
    let wendy = org
        .run(&["report", "wendy", "--format", "json"])
        .success()
        .json();
    let excluded: Vec<&str> = wendy["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        excluded,
        vec![
            "listed in .git-blame-ignore-revs",
            "mass change (only generated or vendored files)",
            "mass change (only generated or vendored files)"
        ]
    );
    let org_view = org.run(&["org"]).success().stdout();
    assert!(org_view.contains("1 bot commits"), "{org_view}");
}

#[test]
fn broken_pipe_ends_quietly() {
    let org = collected_small_org();
    let output = std::process::Command::new("sh")
        .current_dir(org.path())
        .arg("-c")
        .arg(format!(
            "'{}' report sam --format json | true",
            env!("CARGO_BIN_EXE_staffscope")
        ))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("error"),
        "{stderr}"
    );
}
