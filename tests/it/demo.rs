//! The demo organization: the README's first command, and the behaviours it plants.

use crate::common::{self, dimension, run_in};
use serde_json::Value;

fn outcome<'a>(report: &'a Value, list: &str, id: &str) -> &'a str {
    report[list]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["id"] == id)
        .and_then(|r| r["outcome"].as_str())
        .unwrap_or_else(|| panic!("no {list} {id}"))
}

#[test]
fn demo_finds_what_it_planted() {
    let dir = tempfile::tempdir().unwrap();
    let demo_dir = dir.path().join("demo");
    let demo = demo_dir.to_str().unwrap();
    let run = run_in(dir.path(), &["demo", "--dir", demo, "--format", "json"]).success();
    assert!(
        run.stderr().contains("building the demo organization in"),
        "the output names the folder"
    );
    let both = run.json();
    let org = &both["org"];
    let priya = &both["person"];

    assert!(org["teams"].as_array().unwrap().len() >= 5);
    assert!(org["repositories"].as_u64().unwrap() >= 8);
    assert!(org["commits"].as_u64().unwrap() >= 2_000);
    let bridges: Vec<&str> = org["bridges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["handle"].as_str().unwrap())
        .collect();
    assert!(bridges.contains(&"priya"), "{bridges:?}");
    assert!(!bridges.contains(&"marcus"), "{bridges:?}");

    // The staff-mode engineer.
    assert_eq!(priya["handle"], "priya");
    for id in ["scope", "review-reach", "operating-mix"] {
        assert_eq!(
            dimension(priya, id)["meets_target"],
            true,
            "priya {id}: {:#}",
            dimension(priya, id)
        );
    }
    assert!(dimension(priya, "scope")["value"].as_f64().unwrap() >= 4.0);
    assert_eq!(outcome(priya, "signals", "sought-for-review"), "found");
    for flag in [
        "senior-mode",
        "single-team-depth",
        "impressive-not-multiplying",
        "avoiding-organizational-work",
    ] {
        assert_eq!(
            outcome(priya, "failure_modes", flag),
            "not-found",
            "priya {flag}"
        );
    }
    // The code-review export: people in several teams ask for her review, and
    // her review reach cites pull-request reviews by id.
    assert_eq!(outcome(priya, "signals", "asked-for-review"), "found");
    let reach = dimension(priya, "review-reach").to_string();
    assert!(
        reach.contains("GitHub review"),
        "review evidence keeps its origin"
    );
    assert!(
        priya["metrics"]["review_requests_from_other_teams"]["value"]
            .as_f64()
            .unwrap()
            >= 30.0,
        "{:#}",
        priya["metrics"]["review_requests_from_other_teams"]["value"]
    );
    let pull_reviews = dimension(priya, "review-reach")["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|item| item["evidence"].as_array().unwrap().iter())
        .filter(|e| e["reference"].as_str().is_some_and(|r| r.starts_with('#')))
        .count();
    assert!(
        pull_reviews >= 20,
        "{pull_reviews} pull-request reviews cited"
    );

    // Documents: her RFC was adopted by three or more teams, she led a
    // cross-team incident and recorded a decision with options weighed.
    for (id, at_least) in [
        ("writing", 3.0),
        ("initiatives", 1.0),
        ("incidents", 1.0),
        ("judgment", 1.0),
    ] {
        let value = dimension(priya, id)["value"].as_f64().unwrap_or(0.0);
        assert!(value >= at_least, "priya {id}: {:#}", dimension(priya, id));
    }
    let initiative = dimension(priya, "initiatives").to_string();
    assert!(
        initiative.contains("rfcs/0001-unified-retry-policy.md"),
        "{initiative}"
    );
    assert_eq!(outcome(priya, "signals", "initiative-3-teams"), "found");
    assert_eq!(outcome(priya, "signals", "cross-team-incident"), "found");
    // Honest gaps: what the demo has no source for says so.
    // The post-incident review named the retry-storm class; payments and
    // checkout fixed it citing the review.
    let systemic = dimension(priya, "systemic-problems");
    assert!(
        systemic["value"].as_f64().unwrap_or(0.0) >= 1.0,
        "{systemic:#}"
    );
    assert!(
        dimension(priya, "problem-finding")["value"]
            .as_f64()
            .unwrap_or(0.0)
            >= 1.0
    );
    assert_eq!(outcome(priya, "signals", "named-a-class"), "found");
    // Her evidence log: trusted judgment is measured from it, and labelled so.
    let trusted = dimension(priya, "trusted-judgment");
    assert_eq!(trusted["value"], 2.0, "{trusted:#}");
    assert!(trusted.to_string().contains("self-reported"), "{trusted:#}");
    assert_eq!(outcome(priya, "signals", "trusted-judgment"), "found");
    // Her calendar: weekly syncs with other teams.
    let across = priya["metrics"]["cross_team_meeting_hours_per_week"]["value"]
        .as_f64()
        .unwrap();
    assert!(across > 0.5, "{across}");

    // The senior-mode coder, through the CLI on the demo's own configuration.
    let config = demo_dir.join("staffscope.toml");
    let marcus = run_in(
        dir.path(),
        &[
            "--config",
            config.to_str().unwrap(),
            "report",
            "marcus",
            "--format",
            "json",
        ],
    )
    .success()
    .json();
    assert_eq!(outcome(&marcus, "failure_modes", "senior-mode"), "found");
    assert_eq!(
        outcome(&marcus, "failure_modes", "single-team-depth"),
        "found"
    );
    assert_eq!(
        outcome(&marcus, "failure_modes", "impressive-not-multiplying"),
        "found"
    );
    assert_eq!(dimension(&marcus, "scope")["meets_target"], false);
    assert_eq!(
        outcome(&marcus, "signals", "sought-for-review"),
        "not-found"
    );
    // He wrote nothing: writing is measured, and zero.
    assert_eq!(dimension(&marcus, "writing")["value"], 0.0);
    // His calendar has meetings, none with other teams.
    assert_eq!(
        marcus["metrics"]["cross_team_meeting_hours_per_week"]["value"],
        0.0
    );
    assert!(
        marcus["metrics"]["meeting_hours_per_week"]["value"]
            .as_f64()
            .unwrap()
            > 0.5
    );

    // Ordinary seniors: no staff-level scope, no senior-mode flag from reviewing teammates.
    let people = run_in(
        dir.path(),
        &[
            "--config",
            config.to_str().unwrap(),
            "people",
            "--format",
            "json",
        ],
    )
    .success()
    .json();
    let handles = common::handles(&people);
    assert!(handles.len() >= 35, "{handles:?}");
    // mobile-app's OWNERS files give app/login to identity and app/checkout to checkout.
    let teams = run_in(
        dir.path(),
        &[
            "--config",
            config.to_str().unwrap(),
            "teams",
            "--format",
            "json",
        ],
    )
    .success()
    .json();
    let areas = |name: &str| common::team_areas(&teams, name);
    assert!(
        areas("identity").contains(&"mobile-app:app/login".to_string()),
        "{:?}",
        areas("identity")
    );
    assert!(
        areas("checkout").contains(&"mobile-app:app/checkout".to_string()),
        "{:?}",
        areas("checkout")
    );

    // Dana's two emails are one person, thanks to the .mailmap.
    assert_eq!(
        handles.iter().filter(|h| h.starts_with("dana")).count(),
        1,
        "{handles:?}"
    );
    let markdown = run_in(
        dir.path(),
        &[
            "--config",
            config.to_str().unwrap(),
            "report",
            "Dana Okafor",
        ],
    )
    .success()
    .stdout();
    assert!(
        !markdown.contains("@acme.example") && !markdown.contains("oldmail"),
        "no email in reports"
    );
}
