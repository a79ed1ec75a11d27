//! The evidence log: self-reported entries, shown and labelled, and
//! `log add`.

use super::collected_small_org;

#[test]
fn the_evidence_log_feeds_trusted_judgment_and_stays_self_reported() {
    let org = collected_small_org();
    for (dimension, what) in [
        (
            "trusted-judgment",
            "The CTO adopted my queue recommendation as written.",
        ),
        (
            "trusted-judgment",
            "Leadership skipped the review of my storage plan.",
        ),
        ("relationships", "Paired with the search team for a week."),
    ] {
        org.run(&[
            "log",
            "add",
            "sam",
            "--dimension",
            dimension,
            "--what",
            what,
            "--date",
            "2025-06-01",
            "--confirm",
            "cto",
        ])
        .success()
        .stderr_has("added to");
    }
    org.run(&[
        "log",
        "add",
        "sam",
        "--dimension",
        "charisma",
        "--what",
        "x",
    ])
    .expect_code(1)
    .stderr_has("`charisma` is not a dimension or signal of the rubric");
    org.write("evidence/ghost.yaml", "person: ghost\nentries:\n  - date: 2025-01-01\n    dimension: trusted-judgment\n    what: x\n");
    let run = org.run(&["report", "sam", "--format", "json"]).success();
    assert!(
        run.stderr()
            .contains("evidence/ghost.yaml: the log is for `ghost`"),
        "{}",
        run.stderr()
    );
    let sam = run.json();
    let trusted = sam["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "trusted-judgment")
        .unwrap();
    assert_eq!(trusted["value"], 2.0, "{trusted:#}");
    assert_eq!(trusted["level"], "staff");
    assert!(
        trusted
            .to_string()
            .contains("self-reported: The CTO adopted"),
        "{trusted:#}"
    );
    let signal = sam["signals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "trusted-judgment")
        .unwrap();
    assert_eq!(signal["outcome"], "found");
    // Relationships keep their measured value; the entry is shown, labelled, not counted.
    let relationships = sam["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "relationships")
        .unwrap();
    assert_eq!(relationships["value"], 3.0);
    let markdown = org.run(&["report", "sam"]).success().stdout();
    assert!(
        markdown.contains("Self-reported in the evidence log (shown, not counted):"),
        "{markdown}"
    );
    assert!(markdown.contains("`evidence/sam.yaml:"), "{markdown}");
}

#[test]
fn log_add_keeps_the_rest_of_a_markdown_log() {
    let org = collected_small_org();
    org.write(
        "evidence/sam.md",
        "---\nentries:\n  - date: 2025-05-01\n    dimension: trusted-judgment\n    what: First.\n\n# whose log\nperson: sam\n---\n# My notes\n\nKept as written.\n",
    );
    org.run(&[
        "log",
        "add",
        "sam",
        "--dimension",
        "trusted-judgment",
        "--what",
        "Second.",
        "--date",
        "2025-06-01",
    ])
    .success()
    .stderr_has("evidence/sam.md");
    let log = std::fs::read_to_string(org.path().join("evidence/sam.md")).unwrap();
    assert!(
        log.ends_with("person: sam\n---\n# My notes\n\nKept as written.\n"),
        "{log}"
    );
    assert!(!org.path().join("evidence/sam.yaml").exists());
    let sam = org
        .run(&["report", "sam", "--format", "json"])
        .success()
        .json();
    assert_eq!(sam["metrics"]["trusted_judgment_entries"]["value"], 2.0);
    // A log staffscope cannot add to is named and left as it was.
    org.write(
        "evidence/pat.yaml",
        "person: pat\nentries: [{date: 2025-01-01, dimension: x, what: y}]\n",
    );
    org.run(&[
        "log",
        "add",
        "pat",
        "--dimension",
        "trusted-judgment",
        "--what",
        "z",
    ])
    .expect_code(1)
    .stderr_has("pat.yaml:2: `entries:` is written as a flow list");
    assert_eq!(
        std::fs::read_to_string(org.path().join("evidence/pat.yaml")).unwrap(),
        "person: pat\nentries: [{date: 2025-01-01, dimension: x, what: y}]\n"
    );
}

/// A ladder dimension nothing but people can see (mentoring): graded by the
/// entries someone the entry names has confirmed.
const MENTORING_RUBRIC_TAIL: &str = r#"
[[dimension]]
id = "mentoring"
name = "Mentoring"
evidence_log = true
better = "higher"
expected_from = "senior"
thresholds = { senior = 1, staff = 2, principal = 4 }
about = "Growing other engineers."
advice = "Mentor someone on another team through a change they could not make alone, and ask them to confirm it in your log."
"#;

#[test]
fn a_dimension_graded_by_confirmed_entries_counts_only_those() {
    let org = collected_small_org();
    org.write(
        "evidence/sam.yaml",
        "person: sam\nentries:\n  - date: 2025-05-01\n    dimension: mentoring\n    what: Mentored Cody through his first design review.\n    confirm: [cody]\n    confirmed_by: [cody]\n  - date: 2025-05-02\n    dimension: mentoring\n    what: Mentored myself.\n    confirm: [sam]\n    confirmed_by: [sam]\n  - date: 2025-05-03\n    dimension: mentoring\n    what: Mentored Pat.\n    confirm: [pat]\n    confirmed_by: [wendy]\n  - date: 2025-05-04\n    dimension: mentoring\n    what: Mentored Wendy.\n    confirm: [wendy]\n",
    );
    let rubric = format!(
        "{}{MENTORING_RUBRIC_TAIL}",
        analysis::assess::DEFAULT_RUBRIC
    );
    org.write("rubric.toml", &rubric);
    let config = std::fs::read_to_string(org.path().join("staffscope.toml")).unwrap();
    org.write(
        "staffscope.toml",
        &format!("rubric = \"rubric.toml\"\n{config}"),
    );
    let sam = org
        .run(&["report", "sam", "--format", "json"])
        .success()
        .json();
    let mentoring = sam["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "mentoring")
        .unwrap()
        .clone();
    // Only Cody's confirmation counts: not Sam's own, not Wendy's for Pat's entry.
    assert_eq!(mentoring["value"], 1.0, "{mentoring:#}");
    assert_eq!(mentoring["level"], "senior");
    assert_eq!(mentoring["evidence"][0]["label"], "counted");
    let confirmed = mentoring["evidence"][0]["evidence"].to_string();
    assert!(confirmed.contains("confirmed by Cody Coder"), "{confirmed}");
    // All four stay visible as self-reported.
    assert_eq!(mentoring["self_reported"].as_array().unwrap().len(), 4);
    let text = org.run(&["report", "sam"]).success().stdout();
    assert!(text.contains("### Mentoring: 1"), "{text}");
}
