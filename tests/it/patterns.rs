//! The patterns finder: classes of problems recurring across teams, on the
//! demo organization's planted truth and on a small organization built here.

use crate::common::{self, TestOrg, Who, at, run_in};
use demo::{FoundPattern, PLANTED_PATTERNS, Verdict, score};
use serde_json::Value;

fn found(patterns: &Value) -> Vec<FoundPattern> {
    patterns["patterns"]
        .as_array()
        .expect("patterns")
        .iter()
        .map(|p| FoundPattern {
            name: p["name"].as_str().unwrap().to_string(),
            teams: strings(&p["teams"]),
            summaries: p["occurrences"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["summary"].as_str().unwrap().to_string())
                .collect(),
        })
        .collect()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// The first pattern the finder reported for a planted class.
fn pattern_of<'a>(patterns: &'a Value, class: &str) -> &'a Value {
    let scored = score(&found(patterns));
    let index = scored
        .verdicts
        .iter()
        .position(|(_, v)| {
            *v == Verdict::Planted(
                PLANTED_PATTERNS
                    .iter()
                    .find(|p| p.class == class)
                    .unwrap()
                    .class,
            )
        })
        .unwrap_or_else(|| panic!("{class} not found: {:?}", scored.verdicts));
    &patterns["patterns"][index]
}

#[test]
fn finds_the_classes_the_demo_plants() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo");
    run_in(dir.path(), &["demo", "--dir", demo.to_str().unwrap()]).success();
    let config = demo.join("staffscope.toml");
    let config = config.to_str().unwrap();
    let run = run_in(
        dir.path(),
        &["--config", config, "patterns", "--format", "json"],
    )
    .success();
    let patterns = run.json();
    assert_eq!(patterns["schema"], "staffscope.patterns/1");
    let scored = score(&found(&patterns));

    // Every planted cross-team class, with the teams it was planted in.
    assert_eq!(scored.missed, Vec::<&str>::new(), "{:#?}", scored.verdicts);
    assert_eq!(scored.recall(), 1.0);
    // The bug one team fixes again and again is not a cross-team pattern.
    assert_eq!(
        scored.noise_reported,
        Vec::<&str>::new(),
        "{:#?}",
        scored.verdicts
    );
    // Whatever else it reports is one of the failure phrases the generator
    // writes into every team's fixes, not noise.
    assert!(
        scored.precision() >= 0.9,
        "precision {}: {:#?}",
        scored.precision(),
        scored.verdicts
    );

    let timeouts = pattern_of(&patterns, "http-read-timeouts");
    assert_eq!(
        strings(&timeouts["teams"]),
        ["payments", "checkout", "identity", "search"]
    );
    assert_eq!(timeouts["owned"], false, "no document, no cross-team fixer");
    assert!(timeouts["name"].as_str().unwrap().contains("read"));
    assert_eq!(timeouts["occurrences"].as_array().unwrap().len(), 5);
    assert!(
        timeouts["occurrences"][0]["id"]
            .as_str()
            .unwrap()
            .starts_with("payments-api@")
    );

    let connections = pattern_of(&patterns, "db-max-connections");
    let kinds: Vec<&str> = connections["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "incident-review").count(),
        2,
        "{kinds:?}"
    );
    assert!(
        strings(&connections["teams"]).contains(&"platform".to_string()),
        "{connections:#}"
    );

    // The retry class is named by Priya's RFC, which its changes cite: it
    // is owned, and the RFC comes first among its documents.
    let rfc = "platform-infra:rfcs/0001-unified-retry-policy.md";
    let retries = patterns["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["named_by"][0]["id"] == rfc)
        .unwrap_or_else(|| panic!("no class owned by the RFC: {patterns:#}"));
    assert_eq!(retries["owned"], true);
    let adoptions = retries["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["summary"].as_str().unwrap().contains("RFC-0001"))
        .count();
    assert!(adoptions >= 3, "{retries:#}");
    assert_eq!(strings(&retries["named_by"][0]["authors"]), ["Priya Raman"]);
    // An incident review whose remediation landed citing it names its class
    // (regression: the review was only counted as an occurrence, and the
    // class it named was reported as unowned).
    let incident_classes: Vec<&Value> = patterns["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p.to_string()
                .contains("checkout-web:postmortems/2025-08-14-checkout-outage.md")
        })
        .collect();
    assert!(!incident_classes.is_empty());
    for class in incident_classes {
        assert_eq!(class["owned"], true, "{class:#}");
    }

    // Deterministic, and the Markdown says the same.
    let again = run_in(
        dir.path(),
        &["--config", config, "patterns", "--format", "json"],
    )
    .success();
    assert_eq!(run.stdout(), again.stdout());
    let markdown = run_in(dir.path(), &["--config", config, "patterns"])
        .success()
        .stdout();
    assert!(markdown.starts_with("# Recurring cross-team problems"));
    assert!(markdown.contains("(unowned)"));
    assert!(markdown.contains("| # | Class | Teams | Episodes | Trend | Last seen | Owner |"));
    assert!(!markdown.contains("@acme.example"), "no email in reports");

    // The triage: only the unowned classes, keeping their ranks; and the
    // classes near one person's work, with whether they fixed each.
    let unowned = run_in(
        dir.path(),
        &[
            "--config",
            config,
            "patterns",
            "--unowned",
            "--format",
            "json",
        ],
    )
    .success()
    .json();
    let rows = unowned["triage"].as_array().unwrap();
    assert!(!rows.is_empty() && rows.len() < patterns["patterns"].as_array().unwrap().len());
    assert!(rows.iter().all(|r| r["owned"] == false), "{rows:#?}");
    assert!(
        unowned["patterns"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["owned"] == false)
    );
    let ranks: Vec<u64> = rows.iter().map(|r| r["rank"].as_u64().unwrap()).collect();
    assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{ranks:?}");
    let near = run_in(
        dir.path(),
        &[
            "--config", config, "patterns", "--person", "priya", "--format", "json",
        ],
    )
    .success()
    .json();
    let rows = near["triage"].as_array().unwrap();
    assert!(rows.iter().all(|r| r["you_fixed"].is_array()), "{rows:#?}");
    assert!(
        rows.iter()
            .any(|r| !r["you_fixed"].as_array().unwrap().is_empty()),
        "Priya fixed some of them: {rows:#?}"
    );
    run_in(
        dir.path(),
        &["--config", config, "patterns", "--person", "priya"],
    )
    .success()
    .stdout_has("| You fixed it |");
}

const TEAMS: &str = r#"
[[team]]
name = "payments"
codeowners = ["@acme/payments"]
members = ["pat", "paul"]

[[team]]
name = "web"
codeowners = ["@acme/web"]
members = ["wendy"]

[[team]]
name = "search"
codeowners = ["@acme/search"]
members = ["sue"]
"#;

const CONFIG: &str = r#"
store = ".staffscope/store.sqlite"
repositories = ["*"]
teams_file = "teams.toml"

[window]
since = "2025-01-01"
until = "2026-01-01"
"#;

const PAT: Who = ("Pat Pay", "pat@acme.example");
const PAUL: Who = ("Paul Pay", "paul@acme.example");
const WENDY: Who = ("Wendy Web", "wendy@acme.example");
const SUE: Who = ("Sue Search", "sue@acme.example");

/// Three teams: a flaky-clock test class fixed in all three, a rounding
/// bug payments fixes three times on its own, and ordinary work.
fn org_with_a_recurring_problem() -> TestOrg {
    let org = TestOrg::new();
    org.write("teams.toml", TEAMS);
    org.write("staffscope.toml", CONFIG);
    let day = |n: i64| at("2025-02-03") + n * 86_400;
    let repos = [
        ("payments-api", "payments", PAT),
        ("web", "web", WENDY),
        ("search", "search", SUE),
    ];
    for (r, (name, team, who)) in repos.iter().enumerate() {
        let repo = org.repo(name);
        let offset = r as i64 * 3;
        repo.commit(
            *who,
            day(offset),
            &[(".github/CODEOWNERS", Some(&format!("* @acme/{team}\n")))],
            "add CODEOWNERS",
        );
        for i in 0..6 {
            repo.commit(
                *who,
                day(offset + 1 + i * 7),
                &[(
                    &format!("src/feature{i}.txt"),
                    Some(&format!("{name} {i}\n")),
                )],
                &format!("{name}: add feature {i} for the {team} page"),
            );
        }
    }
    let payments = org.existing("payments-api");
    payments.commit(
        PAT,
        day(60),
        &[("tests/clock_test.go", Some("fake clock\n"))],
        "Fix flaky settlement test that sleeps on the wall clock",
    );
    for (i, text) in [
        "fix(ledger): rounding of negative amounts in the ledger",
        "fix(ledger): negative amounts rounded the wrong way again",
        "Fix rounding of negative ledger amounts for refunds",
    ]
    .iter()
    .enumerate()
    {
        payments.commit(
            PAUL,
            day(70 + i as i64 * 20),
            &[("src/rounding.txt", Some(&format!("round {i}\n")))],
            text,
        );
    }
    let web = org.existing("web");
    web.commit(
        WENDY,
        day(90),
        &[("e2e/cart.spec.ts", Some("clock.install()\n"))],
        "Fix flaky cart e2e test: fake clock instead of a wall clock sleep",
    );
    let search = org.existing("search");
    search.commit(
        SUE,
        day(120),
        &[("tests/ingest.rs", Some("FakeClock\n"))],
        "fix flaky ingest test, replace the wall clock sleep with a fake clock",
    );
    org
}

#[test]
fn a_class_fixed_in_several_teams_is_a_pattern_and_a_bug_of_one_team_is_not() {
    let org = org_with_a_recurring_problem();
    org.run(&["collect"]).success();
    let patterns = org.run(&["patterns", "--format", "json"]).success().json();
    let list = patterns["patterns"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{patterns:#}");
    let flaky = &list[0];
    assert_eq!(strings(&flaky["teams"]), ["payments", "web", "search"]);
    assert!(
        strings(&flaky["terms"]).contains(&"flaky".to_string()),
        "{flaky:#}"
    );
    assert_eq!(flaky["owned"], false);
    assert_eq!(flaky["first_seen"], "2025-04-04");
    assert_eq!(flaky["last_seen"], "2025-06-03");
    let ids = flaky["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            o["id"]
                .as_str()
                .unwrap()
                .split('@')
                .next()
                .unwrap()
                .to_string()
        })
        .collect::<Vec<_>>();
    assert_eq!(ids, ["payments-api", "web", "search"]);

    // The person report's path suggests it to someone in an affected team...
    let report = org.run(&["report", "paul"]).success().stdout();
    assert!(report.contains(flaky["name"].as_str().unwrap()), "{report}");
    // ...and the org view lists it.
    let view = org.run(&["org"]).success().stdout();
    assert!(view.contains("## Recurring cross-team problems"), "{view}");
    assert!(view.contains(flaky["name"].as_str().unwrap()), "{view}");
}

#[test]
fn no_recurring_problem_says_so() {
    let org = TestOrg::new();
    org.write("teams.toml", TEAMS);
    org.write("staffscope.toml", CONFIG);
    let repo = org.repo("web");
    repo.commit(
        WENDY,
        at("2025-03-03"),
        &[("README.md", Some("web\n"))],
        "Fix the broken link in the README",
    );
    org.run(&["collect"]).success();
    org.run(&["patterns"])
        .success()
        .stdout_has("No class of problem recurs across teams in this data.");

    // Without a team map (and no CODEOWNERS), nothing says what a team is:
    // that is not "no recurring problem", it is not measured.
    org.write(
        "staffscope.toml",
        &CONFIG.replace("teams_file = \"teams.toml\"\n", ""),
    );
    org.run(&["patterns"])
        .success()
        .stdout_has("Not measured: no team map, CODEOWNERS or OWNERS file");
    let json = org.run(&["patterns", "--format", "json"]).success().json();
    assert!(json["not_measured"].is_string(), "{json:#}");
    org.run(&["org"])
        .success()
        .stdout_has("- Not measured: no team map");
}

#[test]
fn fixing_one_class_in_three_teams_counts_as_systemic_problem_work() {
    const FRAN: Who = ("Fran Fixer", "fran@acme.example");
    let org = TestOrg::new();
    org.write(
        "teams.toml",
        &format!("{TEAMS}\n[[team]]\nname = \"platform\"\nmembers = [\"fran\"]\n"),
    );
    org.write("staffscope.toml", CONFIG);
    let day = |n: i64| at("2025-03-03") + n * 86_400;
    for (r, (name, team, who)) in [
        ("payments-api", "payments", PAT),
        ("web", "web", WENDY),
        ("search", "search", SUE),
    ]
    .iter()
    .enumerate()
    {
        let repo = org.repo(name);
        repo.commit(
            *who,
            day(r as i64),
            &[(".github/CODEOWNERS", Some(&format!("* @acme/{team}\n")))],
            "add CODEOWNERS",
        );
        for i in 0..4 {
            repo.commit(
                *who,
                day(10 + r as i64 + i * 5),
                &[(&format!("src/f{i}.txt"), Some(&format!("{i}\n")))],
                &format!("{name}: add feature {i} for the {team} page"),
            );
        }
        repo.commit(
            FRAN,
            day(60 + r as i64 * 30),
            &[(&format!("tests/clock{r}.txt"), Some("fake clock\n"))],
            &format!("Fix flaky {team} test that sleeps on the wall clock"),
        );
    }
    // A class needs more than one person: Sue met it too, in her own team.
    org.existing("search").commit(
        SUE,
        day(200),
        &[("tests/clock9.txt", Some("fake clock\n"))],
        "Fix flaky ranking test that sleeps on the wall clock",
    );
    // A design document, so that documents are a collected source.
    org.existing("web").commit(
        WENDY,
        day(150),
        &[(
            "docs/design/cart.md",
            Some(&format!(
                "---\ntitle: Cart totals\nauthors: [wendy]\n---\n# Cart totals\n{}",
                common::PROSE
            )),
        )],
        "docs: cart totals design",
    );
    org.run(&["collect"]).success();
    let fran = org
        .run(&["report", "fran", "--format", "json"])
        .success()
        .json();
    let systemic = common::dimension(&fran, "systemic-problems");
    assert_eq!(systemic["value"], 1.0, "{systemic:#}");
    let text = systemic.to_string();
    assert!(
        text.contains("fixed the same class of problem in 3 teams"),
        "{text}"
    );
    assert!(text.contains(r#""repo":"payments-api""#), "{text}");
}
