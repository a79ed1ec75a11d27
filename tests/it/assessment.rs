//! The assessment people act on, over the demo organization: trends, the
//! archetypes, `explain`, the promotion packet, calibration and rubric files.

use std::path::{Path, PathBuf};

use crate::common::{Run, dimension, run_in};
use serde_json::Value;

/// A rubric unlike the default: other level names, fewer dimensions, other
/// thresholds, no archetypes.
const IC_TRACK: &str = r#"
name = "IC track"
levels = ["L5", "L6", "L7"]
target = "L6"

[[dimension]]
id = "reach"
name = "Cross-team reach"
metric = "teams_reached"
better = "higher"
thresholds = { L5 = 2, L6 = 4, L7 = 6 }
about = "Teams reached."
advice = "Reach more teams."

[[dimension]]
id = "reviews"
name = "Reviews across teams"
metric = "reviews_given_other_teams"
better = "higher"
thresholds = { L5 = 10, L6 = 100, L7 = 400 }
about = "Reviews of other teams' authors."
advice = "Review more."

[[dimension]]
id = "mix"
name = "Coding share"
metric = "coding_share"
better = "lower"
thresholds = { L5 = 0.9, L6 = 0.5, L7 = 0.3 }
about = "Coding share."
advice = "Code less."

[[failure_mode]]
id = "heads-down"
name = "Heads down"
when = ["coding_share >= 0.9"]
about = "Almost only coding."
"#;

struct Demo {
    _dir: tempfile::TempDir,
    root: PathBuf,
    config: String,
}

impl Demo {
    fn build() -> Demo {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let demo_dir = root.join("demo");
        run_in(&root, &["demo", "--dir", demo_dir.to_str().unwrap()]).success();
        let config = demo_dir
            .join("staffscope.toml")
            .to_string_lossy()
            .into_owned();
        Demo {
            _dir: dir,
            root,
            config,
        }
    }

    fn run(&self, args: &[&str]) -> Run {
        let mut all = vec!["--config", self.config.as_str()];
        all.extend_from_slice(args);
        run_in(&self.root, &all)
    }

    fn with_rubric(&self, rubric: &str) -> Demo {
        let path = Path::new(&self.config).with_file_name("ic-track.toml");
        std::fs::write(&path, rubric).unwrap();
        let config = std::fs::read_to_string(&self.config).unwrap().replacen(
            "\n",
            "\nrubric = \"ic-track.toml\"\n",
            1,
        );
        let other = Path::new(&self.config).with_file_name("staffscope-ic.toml");
        std::fs::write(&other, config).unwrap();
        Demo {
            _dir: tempfile::tempdir().unwrap(),
            root: self.root.clone(),
            config: other.to_string_lossy().into_owned(),
        }
    }
}

fn rule<'a>(report: &'a Value, list: &str, id: &str) -> &'a Value {
    report[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no {list} {id}"))
}

#[test]
fn the_assessment_people_act_on() {
    let demo = Demo::build();

    // Trends: every measured dimension, quarter by quarter over the window.
    let priya = demo
        .run(&["report", "priya", "--format", "json"])
        .success()
        .json();
    let scope = dimension(&priya, "scope");
    let quarters: Vec<&str> = scope["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["quarter"].as_str().unwrap())
        .collect();
    assert_eq!(quarters.first(), Some(&"2024-Q4"));
    assert_eq!(quarters.last(), Some(&"2026-Q4"));
    assert_eq!(quarters.len(), 9);
    assert_eq!(scope["trend"][0]["partial"], true);
    // Each quarter counts at most what the window counts.
    let window_reviews = dimension(&priya, "review-reach")["value"].as_f64().unwrap();
    let per_quarter: f64 = dimension(&priya, "review-reach")["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["value"].as_f64().unwrap_or(0.0))
        .sum();
    assert_eq!(per_quarter, window_reviews, "quarters partition the window");
    // Her RFC came in early 2025: initiatives show there, not everywhere.
    let initiatives: Vec<f64> = dimension(&priya, "initiatives")["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["value"].as_f64().unwrap_or(0.0))
        .collect();
    assert!(initiatives[1] >= 1.0, "{initiatives:?}");

    // Archetypes: the report says which the evidence resembles, and can
    // assess against one the person chooses.
    let fits = priya["archetypes"].as_array().unwrap();
    assert_eq!(fits.len(), 4);
    for fit in fits {
        assert!(fit["fit"].as_f64().unwrap() > 0.7, "{fit}");
    }
    let marcus = demo
        .run(&["report", "marcus", "--format", "json"])
        .success()
        .json();
    for fit in marcus["archetypes"].as_array().unwrap() {
        assert!(fit["fit"].as_f64().unwrap() < 0.3, "{fit}");
    }
    let solver = demo
        .run(&[
            "report",
            "marcus",
            "--archetype",
            "solver",
            "--format",
            "json",
        ])
        .success()
        .json();
    assert_eq!(solver["schema"], "staffscope.person-report/3");
    assert_eq!(solver["archetype"], "Solver");
    // The solver archetype accepts more coding: 0.75 for staff.
    let mix = dimension(&solver, "operating-mix");
    assert_eq!(
        mix["thresholds"][1],
        serde_json::json!({ "level": "staff", "value": 0.75 })
    );
    demo.run(&["report", "marcus", "--archetype", "wizard"])
        .expect_code(1)
        .stderr_has("the rubric has no archetype `wizard`\nhint: one of tech-lead, architect, solver, right-hand");

    // The senior-mode coder's failure modes, with the numbers and what would clear them.
    let senior_mode = rule(&marcus, "failure_modes", "senior-mode");
    assert_eq!(senior_mode["outcome"], "found");
    assert!(senior_mode["clear"].as_str().unwrap().contains("0.75"));
    // An ordinary senior engineer in payments: not in senior mode, no staff signals.
    let ana = demo
        .run(&["report", "ana", "--format", "json"])
        .success()
        .json();
    assert_eq!(
        rule(&ana, "failure_modes", "senior-mode")["outcome"],
        "not-found"
    );
    assert_eq!(dimension(&ana, "scope")["meets_target"], false);
    for signal in ana["signals"].as_array().unwrap() {
        assert_ne!(signal["outcome"], "found", "{signal}");
    }

    // explain: every event behind a number, nothing cut.
    let explained = demo
        .run(&["explain", "priya", "initiatives", "--format", "json"])
        .success()
        .json();
    assert_eq!(explained["kind"], "dimension");
    let items = explained["metrics"][0]["items"].as_array().unwrap();
    let evidence: usize = items
        .iter()
        .map(|i| i["evidence"].as_array().unwrap().len())
        .sum();
    let in_report: usize = priya["metrics"]["initiatives"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["evidence"].as_array().unwrap().len())
        .sum();
    assert_eq!(evidence, in_report);
    assert!(evidence >= 10, "{evidence}");
    let text = demo
        .run(&["explain", "priya", "initiatives"])
        .success()
        .stdout();
    assert!(text.contains("rfcs/0001-unified-retry-policy.md"), "{text}");
    assert_eq!(
        text.matches("\n  - `").count(),
        evidence,
        "every piece of evidence is listed: {text}"
    );
    let rule_text = demo
        .run(&["explain", "marcus", "senior-mode"])
        .success()
        .stdout();
    assert!(
        rule_text.contains("coding_share >= 0.75: holds"),
        "{rule_text}"
    );
    assert!(rule_text.contains("## Metric `commits`"), "{rule_text}");
    demo.run(&["explain", "priya", "charisma"])
        .expect_code(1)
        .stderr_has("`charisma` is not a dimension, metric, failure mode or signal");

    // The promotion packet: strongest evidence first, gaps stated.
    let packet = demo
        .run(&["packet", "priya", "--format", "json"])
        .success()
        .json();
    let signals: Vec<&str> = packet["signals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert!(
        signals.contains(&"Drove an initiative that changed how three or more teams work"),
        "{signals:?}"
    );
    let first_strength = packet["strengths"][0]["title"].as_str().unwrap();
    assert!(first_strength.ends_with("(principal)"), "{first_strength}");
    assert!(
        packet["strengths"][0]["evidence"].as_array().unwrap().len() >= 3,
        "{packet:#}"
    );
    let gaps: Vec<&str> = packet["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["title"].as_str().unwrap())
        .collect();
    assert!(
        gaps.iter().any(|g| g.starts_with("Judgment in ambiguity")),
        "{gaps:?}"
    );
    let html = demo
        .run(&["packet", "marcus", "--format", "html"])
        .success()
        .stdout();
    assert!(html.starts_with("<!doctype html>"), "{html}");
    assert!(html.contains("<h2>Failure modes to address</h2>"));
    assert!(html.contains("<h3>Senior mode</h3>"), "{html}");
    assert!(
        !html.contains("<script") && !html.contains("http"),
        "self-contained, no script"
    );
    assert!(!html.contains("@acme.example"), "no email address");
    let markdown = demo.run(&["packet", "marcus"]).success().stdout();
    assert!(markdown.contains("## Gaps, stated plainly"), "{markdown}");
    assert!(markdown.contains("### Scope: 0"), "{markdown}");
    // Rules read as written for people, not escaped for HTML.
    assert!(
        !markdown.contains("&gt;") && !markdown.contains("&lt;"),
        "{markdown}"
    );
    assert!(
        markdown.contains(" ≤ ") || markdown.contains(" ≥ "),
        "{markdown}"
    );

    // Calibration: side by side, anonymizable, never a ranking.
    let people = demo.run(&["people", "--format", "json"]).success().json();
    let anonymous = demo
        .run(&["calibrate", "--team", "payments", "--anonymize"])
        .success()
        .stdout();
    for person in people.as_array().unwrap() {
        let name = person["name"].as_str().unwrap();
        let handle = person["handle"].as_str().unwrap();
        assert!(!anonymous.contains(name), "{name} in {anonymous}");
        assert!(
            !anonymous.contains(&format!("@{handle}")),
            "{handle} in {anonymous}"
        );
    }
    assert!(anonymous.contains("no total score and no ranking"));
    let named = demo
        .run(&["calibrate", "--team", "payments", "--format", "json"])
        .success()
        .json();
    let rows: Vec<&str> = named["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["who"].as_str().unwrap())
        .collect();
    let mut sorted = rows.clone();
    sorted.sort_by_key(|r| r.to_lowercase());
    assert_eq!(rows, sorted, "alphabetical, not by output");
    assert!(rows.contains(&"Marcus Webb (@marcus)"), "{rows:?}");
    assert!(!named.to_string().contains("total"));
    let again = demo
        .run(&["calibrate", "--team", "payments", "--anonymize"])
        .success()
        .stdout();
    assert_eq!(anonymous, again, "pseudonyms are stable");
    demo.run(&["calibrate", "--team", "nowhere"])
        .expect_code(1)
        .stderr_has("no team `nowhere`");

    // Two very different rubrics over the same organization: the same
    // numbers, judged by each file's own levels and thresholds.
    let ic = demo.with_rubric(IC_TRACK);
    ic.run(&["rubric", "check", Path::new(&demo.config).with_file_name("ic-track.toml").to_str().unwrap()])
        .success()
        .stdout_has("ok: \"IC track\", levels L5 < L6 < L7 (target L6), 3 dimensions, 1 failure modes, 0 signals, 0 archetypes");
    let default_view = demo
        .run(&["calibrate", "priya", "marcus", "ana"])
        .success()
        .stdout();
    let ic_view = ic
        .run(&["calibrate", "priya", "marcus", "ana"])
        .success()
        .stdout();
    insta::assert_snapshot!("calibrate_default_rubric", default_view);
    insta::assert_snapshot!("calibrate_ic_track_rubric", ic_view);
    let ic_priya = ic
        .run(&["report", "priya", "--format", "json"])
        .success()
        .json();
    assert_eq!(
        dimension(&ic_priya, "reach")["value"],
        dimension(&priya, "scope")["value"],
        "the same metric gives the same value under both rubrics"
    );
    assert_eq!(dimension(&ic_priya, "reach")["level"], "L6");
    assert_eq!(ic_priya["archetypes"].as_array().unwrap().len(), 0);
    let ic_marcus = ic
        .run(&["report", "marcus", "--format", "json"])
        .success()
        .json();
    assert_eq!(
        rule(&ic_marcus, "failure_modes", "heads-down")["outcome"],
        "found"
    );
}

/// A report measures its quarters for its one person only; every person's
/// numbers, in the window and in each quarter, must be those measured with
/// everyone (the organization's median of commits included).
#[test]
fn measuring_one_person_or_in_shares_gives_the_numbers_measured_with_everyone() {
    use analysis::measure::{Focus, measure, measure_for};
    let dir = tempfile::tempdir().unwrap();
    let demo = demo::generate(&dir.path().join("org"), &demo::DemoOptions::default()).unwrap();
    let now = jiff::Timestamp::now().as_second();
    let config = pipeline::load_config(&demo.config, now).unwrap();
    let options = collect::CollectOptions {
        document_folders: config.document_folders.clone(),
        ..Default::default()
    };
    pipeline::collect(&config, &options, &collect::Silent, now).unwrap();
    let analysis = pipeline::analyze(&config, now).unwrap();
    let params = &analysis.rubric.measures;
    let mut windows = vec![analysis.measures.window];
    windows.extend(analysis.measures.window.quarters().into_iter().map(|q| q.2));
    let mut compared = 0;
    for window in windows {
        let everyone = measure(&analysis.org, window, params);
        assert!(
            everyone.people.len() > 10,
            "the demo has people in {window:?}"
        );
        // Everyone is measured in shares on threads of their own; merged,
        // they equal everyone measured in one.
        let serial = measure_for(
            &analysis.org,
            window,
            params,
            Focus::Share { index: 0, of: 1 },
        );
        assert_eq!(
            format!("{serial:?}"),
            format!("{everyone:?}"),
            "in {window:?}"
        );
        for person in &everyone.people {
            let one = measure_for(&analysis.org, window, params, Focus::Only(person.person));
            assert_eq!(one.people.len(), 1);
            assert_eq!(one.median_commits, everyone.median_commits);
            assert_eq!(
                format!("{:?}", one.people[0]),
                format!("{person:?}"),
                "{:?} in {window:?}",
                analysis.org.people.get(person.person).handle
            );
            compared += 1;
        }
    }
    assert!(compared > 100, "{compared}");
}

/// The example rubrics shipped in `rubric/examples/`, each encoding a public
/// engineering ladder: they read, and their judgement of the demo's staff
/// engineer is pinned.
#[test]
fn the_shipped_example_rubrics_judge_the_demo() {
    let demo = Demo::build();
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("rubric/examples");
    for (file, snapshot) in [
        ("dropbox-ic.toml", "example_rubric_dropbox_priya"),
        ("gitlab-engineering.toml", "example_rubric_gitlab_priya"),
    ] {
        let rubric = std::fs::read_to_string(folder.join(file)).unwrap();
        let judged = demo.with_rubric(&rubric);
        let report = judged.run(&["report", "priya"]).success().stdout();
        assert!(
            !report.contains("Rubric: staffscope default rubric"),
            "{file} was not used"
        );
        insta::assert_snapshot!(snapshot, report);
        judged.run(&["calibrate", "priya", "marcus"]).success();
    }
}
