//! End-to-end: real git repositories in temp folders, the real binary.

mod common;

use common::{TestOrg, Who, at, git, lines};

const SAM: Who = ("Sam Staff", "sam@acme.example");
const CODY: Who = ("Cody Coder", "cody@acme.example");
const CODY_OLD: Who = ("C. Coder", "cody@old.example");
const PAT: Who = ("Pat Pay", "pat@acme.example");
const WENDY: Who = ("Wendy Web", "wendy@acme.example");
const SUE: Who = ("Sue Search", "sue@acme.example");
const BOT: Who = (
    "dependabot[bot]",
    "49699333+dependabot[bot]@users.noreply.github.com",
);

const TEAMS: &str = r#"
[[team]]
name = "platform"
codeowners = ["@acme/platform"]
members = ["sam"]

[[team]]
name = "payments"
codeowners = ["@acme/payments"]
members = ["cody", "pat"]

[[team]]
name = "web"
members = ["wendy"]

[[team]]
name = "search"
members = ["Sue Search"]
"#;

const CONFIG: &str = r#"
store = ".staffscope/store.sqlite"
repositories = ["*"]
teams_file = "teams.toml"

[window]
since = "2025-01-01"
until = "2026-01-01"
"#;

fn trailer(kind: &str, who: Who) -> String {
    format!("{kind}: {} <{}>", who.0, who.1)
}

/// A small organization with the behaviours the rubric should find: Sam works
/// across teams and reviews a lot; Cody codes a lot in one team.
fn small_org() -> TestOrg {
    let org = TestOrg::new();
    let day = |n: i64| at("2025-01-06") + n * 86_400;

    let payments = org.repo("payments-api");
    payments.commit(
        CODY_OLD,
        day(0),
        &[
            (".github/CODEOWNERS", Some("* @acme/payments\n")),
            (".mailmap", Some("# one person, two emails\nCody Coder <cody@acme.example> C. Coder <cody@old.example>\n")),
            ("src/ledger.go", Some(&lines("ledger", 30))),
        ],
        "ledger: first version",
    );
    for i in 1..40 {
        let who = if i < 10 { CODY_OLD } else { CODY };
        payments.commit(
            who,
            day(i),
            &[(&format!("src/ledger/part{i}.go"), Some(&lines("part", 30)))],
            &format!("ledger: add part {i}"),
        );
    }
    for i in 0..10 {
        let mut message = format!("api: endpoint {i}");
        if i < 5 {
            message.push_str(&format!("\n\n{}", trailer("Reviewed-by", SAM)));
        } else if i < 8 {
            message.push_str(&format!("\n\n{}", trailer("Reviewed-by", CODY)));
        }
        payments.commit(
            PAT,
            day(40 + i),
            &[(&format!("src/api/e{i}.go"), Some(&lines("endpoint", 12)))],
            &message,
        );
    }
    payments.commit(
        BOT,
        day(60),
        &[("go.sum", Some("bump\n"))],
        "Bump a dependency",
    );

    let web = org.repo("web-app");
    web.commit(
        WENDY,
        day(1),
        &[
            ("CODEOWNERS", Some("* @acme/web\n")),
            ("src/App.tsx", Some(&lines("app", 10))),
        ],
        "app: start",
    );
    for i in 0..9 {
        let mut message = format!("ui: screen {i}");
        if i < 6 {
            message.push_str(&format!(
                "\n\nSome context.\n\n{}",
                trailer("Reviewed-by", SAM)
            ));
        }
        web.commit(
            WENDY,
            day(10 + i),
            &[(&format!("src/screens/s{i}.tsx"), Some(&lines("screen", 15)))],
            &message,
        );
    }
    web.git(&["checkout", "-q", "-b", "feature"]);
    web.commit(
        SAM,
        day(30),
        &[("src/perf.ts", Some(&lines("perf", 25)))],
        &format!(
            "perf: cache the bundle\n\n{}",
            trailer("Co-authored-by", WENDY)
        ),
    );
    web.git(&["checkout", "-q", "main"]);
    web.merge(
        WENDY,
        day(31),
        "feature",
        "Merge pull request #7 from acme/feature",
    );

    let search = org.repo("search");
    search.commit(
        SUE,
        day(2),
        &[
            (".github/CODEOWNERS", Some("* @acme/search\n")),
            ("index.py", Some(&lines("index", 10))),
        ],
        "index: start",
    );
    for i in 0..7 {
        let mut message = format!("index: shard {i}");
        if i < 6 {
            message.push_str(&format!("\n\n{}", trailer("Reviewed-by", SAM)));
        }
        search.commit(
            SUE,
            day(20 + i),
            &[(&format!("shards/s{i}.py"), Some(&lines("shard", 10)))],
            &message,
        );
    }
    search.commit(
        SAM,
        day(50),
        &[("timeouts.py", Some(&lines("timeout", 30)))],
        "timeouts: one retry policy",
    );

    let platform = org.repo("platform");
    platform.commit(
        SAM,
        day(3),
        &[
            (".github/CODEOWNERS", Some("* @acme/platform\n")),
            ("ci/pipeline.yml", Some(&lines("step", 10))),
        ],
        "ci: pipeline",
    );
    platform.commit(
        SAM,
        day(4),
        &[("ci/cache.yml", Some(&lines("cache", 10)))],
        "ci: cache",
    );

    let shared = org.repo("shared");
    shared.commit(
        SAM,
        day(5),
        &[
            (
                ".github/CODEOWNERS",
                Some("* @acme/platform\n/money/ @acme/payments\n/ui/ @acme/web\n"),
            ),
            ("money/round.go", Some(&lines("round", 25))),
        ],
        "money: one rounding rule",
    );

    org.write("teams.toml", TEAMS);
    org
}

fn collected_small_org() -> TestOrg {
    let org = small_org();
    org.write("staffscope.toml", CONFIG);
    org.run(&["collect"])
        .success()
        .stderr_has("payments-api: 51 commits read");
    org
}

#[test]
fn init_finds_repositories_and_team_maps() {
    let org = small_org();
    org.run(&["init"])
        .success()
        .stderr_has("5 repositories (5 with CODEOWNERS), teams file teams.toml");
    let config = std::fs::read_to_string(org.path().join("staffscope.toml")).unwrap();
    for repo in ["payments-api", "platform", "search", "shared", "web-app"] {
        assert!(config.contains(&format!("\"{repo}\"")), "{config}");
    }
    assert!(config.contains("teams_file = \"teams.toml\""));
    org.run(&["init"])
        .expect_code(1)
        .stderr_has("already exists");
    // What init wrote collects as it is.
    org.run(&["collect"]).success();
}

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
fn reports_never_show_email_addresses() {
    let org = collected_small_org();
    for args in [
        vec!["report", "sam"],
        vec!["report", "sam", "--format", "json"],
        vec!["report", "cody"],
        vec!["org"],
        vec!["org", "--format", "json"],
        vec!["people"],
        vec!["people", "--format", "json"],
    ] {
        let run = org.run(&args).success();
        let out = run.stdout();
        for who in [SAM, CODY, CODY_OLD, PAT, WENDY, SUE, BOT] {
            assert!(!out.contains(who.1), "{} shows {}", run.command, who.1);
        }
    }
    // An email still finds the person; it is just never printed.
    org.run(&["report", "cody@old.example"])
        .success()
        .stdout_has("# Cody Coder (@cody)");
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
            "mass change (only generated or vendored files)"
        ]
    );
    let org_view = org.run(&["org"]).success().stdout();
    assert!(org_view.contains("1 bot commits"), "{org_view}");
}

#[test]
fn collect_is_incremental_and_survives_rewritten_history() {
    let org = collected_small_org();
    org.run(&["collect"])
        .success()
        .stderr_has("payments-api: up to date")
        .stderr_has("(0 new commits)");

    let search = org.existing("search");
    search.commit(SUE, at("2025-07-01"), &[("a.py", Some("a\n"))], "one");
    search.commit(SUE, at("2025-07-02"), &[("b.py", Some("b\n"))], "two");
    org.run(&["collect"])
        .success()
        .stderr_has("search: 2 commits read");

    // A force-push: two commits replaced by one.
    search.git(&["reset", "-q", "--hard", "HEAD~2"]);
    search.commit(SUE, at("2025-07-03"), &[("c.py", Some("c\n"))], "three");
    org.run(&["collect"])
        .success()
        .stderr_has("search: 1 commits read; history was rewritten, 2 commits no longer on the branch were removed");

    // Another force-push, the old commits pruned: the stored head is gone, so
    // the whole branch is compared with the store's ids.
    search.git(&["reset", "-q", "--hard", "HEAD~1"]);
    search.commit(SUE, at("2025-07-04"), &[("d.py", Some("d\n"))], "four");
    search.git(&["reflog", "expire", "--expire=now", "--all"]);
    search.git(&["gc", "-q", "--prune=now"]);
    org.run(&["collect"])
        .success()
        .stderr_has("search: 1 commits read; history was rewritten, 1 commits no longer on the branch were removed");

    // The store now equals a fresh collect of the same repositories.
    let incremental = org.run(&["people", "--format", "json"]).success().stdout();
    std::fs::remove_dir_all(org.path().join(".staffscope")).unwrap();
    org.run(&["collect"]).success();
    let fresh = org.run(&["people", "--format", "json"]).success().stdout();
    assert_eq!(incremental, fresh);
}

#[test]
fn bad_repositories_are_reported_and_skipped() {
    let org = small_org();
    std::fs::create_dir_all(org.path().join("not-a-repo")).unwrap();
    org.repo("empty");
    // A corrupt repository: its objects are gone.
    let broken = org.repo("broken");
    broken.commit(SUE, at("2025-03-01"), &[("x.txt", Some("x\n"))], "x");
    std::fs::remove_dir_all(broken.path.join(".git/objects")).unwrap();
    std::fs::create_dir_all(broken.path.join(".git/objects")).unwrap();
    // A shallow clone.
    let source = org.path().join("search");
    git(
        org.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &format!("file://{}", source.display()),
            "shallow",
        ],
    );
    org.write(
        "staffscope.toml",
        &CONFIG.replace(
            "repositories = [\"*\"]",
            "repositories = [\"*\", \"missing\", \"not-a-repo\"]",
        ),
    );
    let run = org.run(&["collect"]).expect_code(3);
    let stderr = run.stderr();
    assert!(stderr.contains("missing: not a git repository"), "{stderr}");
    assert!(
        stderr.contains("not-a-repo: not a git repository"),
        "{stderr}"
    );
    assert!(stderr.contains("shallow clone"), "{stderr}");
    assert!(stderr.contains("error: broken:"), "{stderr}");
    assert!(stderr.contains("empty: no commits yet"), "{stderr}");
    assert!(
        stderr.contains("4 repositories could not be read"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    // The good ones were collected.
    org.run(&["report", "sam"])
        .success()
        .stdout_has("# Sam Staff");
}

#[test]
fn malformed_team_maps_are_named_with_file_and_line() {
    let org = small_org();
    let payments = org.existing("payments-api");
    payments.commit(
        CODY,
        at("2025-08-01"),
        &[
            (".mailmap", Some("Cody Coder <cody@acme.example> C. Coder <cody@old.example>\nBroken <nope@x.example\n")),
            (".github/CODEOWNERS", Some("* @acme/payments\nsrc/ not-an-owner\n")),
        ],
        "team maps with mistakes",
    );
    org.write("staffscope.toml", CONFIG);
    org.run(&["collect"]).success();
    org.run(&["report", "cody"])
        .success()
        .stderr_has("warning: payments-api/.mailmap:2: malformed mailmap line")
        .stderr_has("warning: payments-api/.github/CODEOWNERS:2: invalid owner `not-an-owner`");

    org.write(
        "teams.toml",
        "[[team]]\nname = \"x\"\nmembers = [{ who = \"sam\", from = \"soon\" }]\n",
    );
    org.run(&["report", "sam"])
        .expect_code(1)
        .stderr_has("error: teams.toml:3: `soon` is not a date");
    org.write(
        "teams.toml",
        "[[team]]\nname = \"x\"\nmembers = [\"ghost\"]\n",
    );
    org.run(&["report", "sam"])
        .success()
        .stderr_has("warning: teams.toml:3: unknown person `ghost` in team `x`");
}

#[test]
fn unknown_rubric_metric_is_an_error_with_its_line() {
    let org = collected_small_org();
    let rubric = org
        .run(&["rubric"])
        .success()
        .stdout()
        .replace("metric = \"people_other_teams\"", "metric = \"charisma\"");
    org.write("rubric.toml", &rubric);
    org.write(
        "staffscope.toml",
        &format!("rubric = \"rubric.toml\"\n{CONFIG}"),
    );
    let line = rubric.lines().position(|l| l.contains("charisma")).unwrap() + 1;
    org.run(&["report", "sam"])
        .expect_code(1)
        .stderr_has(&format!(
            "error: rubric.toml:{line}: unknown metric `charisma`"
        ));
}

#[test]
fn corrupt_store_is_never_overwritten() {
    let org = small_org();
    org.write("staffscope.toml", CONFIG);
    org.write(
        ".staffscope/store.sqlite",
        "precious notes, not a database, long enough to look like a header......",
    );
    org.run(&["collect"])
        .expect_code(1)
        .stderr_has("not a staffscope store")
        .stderr_has("will not overwrite");
    let kept = std::fs::read_to_string(org.path().join(".staffscope/store.sqlite")).unwrap();
    assert!(kept.starts_with("precious notes"));
}

#[test]
fn missing_config_and_store_give_hints() {
    let org = TestOrg::new();
    org.run(&["org"])
        .expect_code(1)
        .stderr_has("hint: run `staffscope init`");
    org.write("staffscope.toml", CONFIG);
    org.run(&["org"])
        .expect_code(1)
        .stderr_has("hint: run `staffscope collect` first");
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

#[test]
fn an_interrupted_collect_loses_nothing() {
    // A repository big enough that collect is still writing when it is killed.
    let dir = tempfile::tempdir().unwrap();
    let demo = demo::generate(&dir.path().join("org"), &demo::DemoOptions::default()).unwrap();
    let root = demo.root.clone();
    let exe = env!("CARGO_BIN_EXE_staffscope");
    let fresh = {
        common::run_in(&root, &["collect", "--batch-size", "50"]).success();
        let people = common::run_in(&root, &["people", "--format", "json"])
            .success()
            .stdout();
        std::fs::remove_dir_all(root.join(".staffscope")).unwrap();
        people
    };
    // Kill at several moments, bounded in count; each re-run must converge.
    for delay_ms in [30u64, 80, 160, 320] {
        let mut child = std::process::Command::new(exe)
            .current_dir(&root)
            .args(["collect", "--batch-size", "50", "--threads", "1"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
    }
    common::run_in(&root, &["collect"]).success();
    let resumed = common::run_in(&root, &["people", "--format", "json"])
        .success()
        .stdout();
    assert_eq!(resumed, fresh);
}

#[test]
fn identities_are_listed_suggested_and_merged_only_when_confirmed() {
    let org = small_org();
    let search = org.existing("search");
    search.commit(
        ("Sue  Search", "sue.search@home.example"),
        at("2025-04-01"),
        &[("x.py", Some("x\n"))],
        "from home",
    );
    search.commit(
        ("Sam Staff", "sam@personal.example"),
        at("2025-04-02"),
        &[("y.py", Some("y\n"))],
        "weekend fix",
    );
    org.write("staffscope.toml", CONFIG);
    org.run(&["collect"]).success();

    let listed = org.run(&["identities"]).success().stdout();
    assert!(
        listed.contains("s***@acme.example"),
        "emails are masked by default\n{listed}"
    );
    assert!(!listed.contains("sue@acme.example"), "{listed}");

    let suggested = org
        .run(&["identities", "--suggest", "--format", "json"])
        .success()
        .json();
    let groups: Vec<Vec<&str>> = suggested
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            g["people"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["handle"].as_str().unwrap())
                .collect()
        })
        .collect();
    assert!(groups.contains(&vec!["sam", "sam-2"]), "{groups:?}");
    assert!(groups.contains(&vec!["sue", "sue.search"]), "{groups:?}");
    // Nothing was merged on the guess.
    org.run(&["report", "sam-2"])
        .success()
        .stdout_has("# Sam Staff (@sam-2)");

    let pasted = org
        .run(&["identities", "--suggest", "--show-emails"])
        .success()
        .stdout();
    assert!(
        pasted.contains("emails = [\"sam@acme.example\", \"sam@personal.example\"]"),
        "{pasted}"
    );

    // Confirming in the identities file merges without collecting again.
    org.write(
        "identities.toml",
        "[[person]]\nhandle = \"sam\"\nname = \"Sam Staff\"\nemails = [\"sam@acme.example\", \"sam@personal.example\"]\n",
    );
    org.write(
        "staffscope.toml",
        &format!("identities_file = \"identities.toml\"\n{CONFIG}"),
    );
    let after = org
        .run(&["identities", "--suggest", "--format", "json"])
        .success()
        .json();
    assert!(!after.to_string().contains("sam-2"), "{after}");
    org.run(&["report", "sam-2"])
        .expect_code(1)
        .stderr_has("no person matches");
    let sam = org
        .run(&["report", "sam", "--format", "json"])
        .success()
        .json();
    let commits = sam["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "operating-mix")
        .unwrap()["evidence"][0]["evidence"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(commits, 6);
}

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

/// Copies the checked-in GitHub export for web-app, pointing pull request #7
/// at the real merge commit the test built.
fn write_github_export(org: &TestOrg, merge_commit: &str) {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/github-web-app");
    for entry in std::fs::read_dir(sample).unwrap() {
        let path = entry.unwrap().path();
        let content = std::fs::read_to_string(&path)
            .unwrap()
            .replace("MERGE_SHA_7", merge_commit);
        org.write(
            &format!(
                "exports/web-app/{}",
                path.file_name().unwrap().to_string_lossy()
            ),
            &content,
        );
    }
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

    // samstaff is Sam, linked by the merge commit of #7, not by a guess.
    let identities = org
        .run(&["identities", "--format", "json"])
        .success()
        .json();
    let logins: Vec<&str> = identities
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["handle"].as_str().unwrap())
        .collect();
    assert!(!logins.contains(&"samstaff"), "{logins:?}");
    assert!(logins.contains(&"sue-s"), "{logins:?}");

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
fn broken_review_exports_are_named_and_the_rest_is_read() {
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
    org.run(&["collect"])
        .success()
        .stderr_has("warning: exports/web-app/reviews-9.json:1: not valid JSON at column")
        .stderr_has("names repository `nope`, which is not among the collected repositories")
        .stderr_has("web-app: code review export: 2 pull requests, 3 reviews");
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
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/gerrit-search.jsonl"),
        )
        .unwrap(),
    );
    org.write(
        "staffscope.toml",
        &CONFIG.replace("[window]", "[[code_review]]\nrepository = \"search\"\ngerrit = \"exports/gerrit-search.jsonl\"\n\n[window]"),
    );
    org.run(&["collect"])
        .success()
        .stderr_has("warning: exports/gerrit-search.jsonl:3: not a JSON line")
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

#[test]
fn teams_check_lists_unowned_areas_conflicts_and_problems() {
    let org = small_org();
    // A GitLab-style CODEOWNERS with sections in a new repository; `tools/` is owned by nobody.
    let lab = org.repo("lab");
    lab.commit(
        SUE,
        at("2025-04-01"),
        &[
            (
                ".gitlab/CODEOWNERS",
                Some("[Search] @acme/search\n/index/\n\n^[Docs][1] @acme/web\n/docs/\n"),
            ),
            ("index/a.py", Some(&lines("a", 30))),
            ("docs/b.md", Some("b\n")),
            ("tools/c.sh", Some("c\n")),
        ],
        "lab: start",
    );
    org.write(
        "teams.toml",
        &format!("{TEAMS}\n[team.owns]\n\"lab\" = [\"/index/\"]\n").replace(
            "members = [\"Sue Search\"]",
            "members = [\"Sue Search\", { who = \"wendy\", from = \"2025-06-01\" }]",
        ),
    );
    org.write("staffscope.toml", CONFIG);
    org.run(&["collect"]).success();
    let check = org.run(&["teams", "--check"]).success().stdout();
    assert!(
        check.contains("- lab:tools (1 file changes in the window)"),
        "{check}"
    );
    // The teams file gives lab/index to search (last team declared: search owns it); CODEOWNERS agrees, so no conflict there.
    assert!(check.contains("- No disagreement."), "{check}");
    assert!(
        check.contains("Wendy Web is in teams `web` and `search` at the same time"),
        "{check}"
    );
    let teams = org.run(&["teams", "--format", "json"]).success().json();
    let web = teams["teams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "web")
        .unwrap();
    let areas: Vec<&str> = web["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a[0].as_str().unwrap())
        .collect();
    assert!(
        areas.contains(&"lab:docs"),
        "GitLab section owners apply: {areas:?}"
    );
}

#[test]
fn teams_file_and_codeowners_disagreeing_is_reported() {
    let org = small_org();
    // The teams file gives search's shards to payments; CODEOWNERS says search.
    org.write(
        "teams.toml",
        &TEAMS.replace(
            "members = [\"cody\", \"pat\"]",
            "members = [\"cody\", \"pat\"]\n[team.owns]\n\"search\" = [\"shards/\"]",
        ),
    );
    org.write("staffscope.toml", CONFIG);
    org.run(&["collect"]).success();
    let check = org.run(&["teams", "--check"]).success().stdout();
    assert!(
        check.contains(
            "- search:shards: teams file says payments, CODEOWNERS says search (7 file changes)"
        ),
        "{check}"
    );
    // The teams file wins: Sue's shard work now counts as payments' code.
    let sue = org
        .run(&["report", "sue", "--format", "json"])
        .success()
        .json();
    let reached = sue["metrics"]["code_teams_reached"].to_string();
    assert!(reached.contains("payments"), "{reached}");
}

#[test]
fn owners_and_maintainers_files_map_areas_to_teams() {
    let org = small_org();
    let mobile = org.repo("mobile");
    mobile.commit(
        WENDY,
        at("2025-04-01"),
        &[
            ("OWNERS_ALIASES", Some("aliases:\n  web-approvers:\n    - wendy\n  search-approvers:\n    - sue\n")),
            ("OWNERS", Some("# See the OWNERS docs\napprovers:\n  - web-approvers\n")),
            ("app/search/OWNERS", Some("options:\n  no_parent_owners: true\napprovers:\n  - search-approvers\nlabels:\n  - team/search\n")),
            ("app/search/broken/OWNERS", Some("approvers: [unclosed\n")),
            ("app/ui/a.kt", Some(&lines("ui", 30))),
            ("app/search/s.kt", Some(&lines("s", 30))),
        ],
        "mobile: start",
    );
    let kernelish = org.repo("kernelish");
    kernelish.commit(
        PAT,
        at("2025-04-02"),
        &[
            ("MAINTAINERS", Some("List of maintainers\n\nPAYMENTS DRIVERS\nM:\tPat Pay <pat@acme.example>\nF:\tdrivers/pay/\n\nLEDGER CORE\nM:\tCody Coder <cody@acme.example>\nF:\tcore/ledger*\n")),
            ("drivers/pay/card.c", Some(&lines("card", 30))),
            ("core/ledger.c", Some(&lines("ledger", 30))),
        ],
        "kernelish: start",
    );
    org.write(
        "teams.toml",
        &TEAMS.replace(
            "codeowners = [\"@acme/payments\"]",
            "codeowners = [\"@acme/payments\", \"payments drivers\"]",
        ),
    );
    org.write("staffscope.toml", CONFIG);
    org.run(&["collect"]).success();
    let run = org.run(&["teams", "--format", "json"]).success();
    assert!(
        run.stderr()
            .contains("warning: mobile/app/search/broken/OWNERS:2: did not find expected"),
        "{}",
        run.stderr()
    );
    let teams = run.json();
    let areas = |name: &str| common::team_areas(&teams, name);
    // The web alias owns the root; search's OWNERS stops inheritance and names its team by label.
    assert!(
        areas("web").contains(&"mobile:app/ui".to_string()),
        "{:?}",
        areas("web")
    );
    assert!(
        areas("search").contains(&"mobile:app/search".to_string()),
        "{:?}",
        areas("search")
    );
    // MAINTAINERS: a section the teams file maps, and one that becomes a team of its own.
    assert!(
        areas("payments").contains(&"kernelish:drivers".to_string()),
        "{:?}",
        areas("payments")
    );
    assert!(
        areas("LEDGER CORE").contains(&"kernelish:core".to_string()),
        "{:?}",
        areas("LEDGER CORE")
    );
}

#[test]
fn documents_feed_writing_initiatives_decisions_and_incidents() {
    let org = small_org();
    let platform = org.existing("platform");
    platform.commit(
        SAM,
        at("2025-02-01"),
        &[(
            "rfcs/0001-one-retry-policy.md",
            Some("---\nid: RFC-0001\ntitle: One retry policy\ntype: rfc\nauthors: [sam]\nreviewers: [pat, sue]\ndate: 2025-02-01\n---\n# One retry policy\n## Alternatives considered\n## Decision\n"),
        )],
        "rfcs: one retry policy",
    );
    platform.commit(
        SAM,
        at("2025-02-02"),
        &[(
            "docs/decisions/0002-one-http-client.md",
            Some("# 2. One HTTP client\n\n## Status\nAccepted\n\n## Context\nx\n\n## Considered Options\n* a\n* b\n\n## Decision Outcome\nChosen option: a\n"),
        )],
        "adr: one http client",
    );
    platform.commit(
        SAM,
        at("2025-08-20"),
        &[(
            "postmortems/2025-08-14-outage.md",
            Some("---\nid: INC-2025-014\ntitle: Checkout outage\ntype: postmortem\nauthors: [sam]\nteams_affected: [web, payments]\ndiagnosed_by: [sam]\nremediation:\n  - item: jitter\n    owner: pat\n---\n# Outage\n"),
        )],
        "postmortem: checkout outage",
    );
    platform.commit(
        SAM,
        at("2025-09-01"),
        &[("docs/design/huge.md", Some(&"x".repeat(1_100_000)))],
        "a huge file",
    );
    // Three other teams adopt the RFC.
    let web = org.existing("web-app");
    web.commit(
        WENDY,
        at("2025-03-01"),
        &[("src/retry.ts", Some(&lines("retry", 20)))],
        "retry: adopt the policy (RFC-0001)",
    );
    let payments = org.existing("payments-api");
    payments.commit(
        PAT,
        at("2025-03-02"),
        &[("src/retry.go", Some(&lines("retry", 20)))],
        "retry: implements rfc 1",
    );
    let search = org.existing("search");
    search.commit(
        SUE,
        at("2025-03-03"),
        &[("retry.py", Some(&lines("retry", 20)))],
        "retry\n\nSee rfcs/0001-one-retry-policy.md",
    );
    // Wendy's design document builds on Sam's ADR.
    web.commit(
        WENDY,
        at("2025-03-05"),
        &[("docs/design/frontend.md", Some("---\ntitle: Frontend client\nauthors: [wendy]\n---\n# Frontend client\n\nFollows ADR-2 for the HTTP client.\n"))],
        "design: frontend client",
    );
    // Cody writes a design document without saying so: authorship is inferred from history.
    payments.commit(
        CODY,
        at("2025-04-01"),
        &[("docs/design/ledger.md", Some("# Ledger v2\n\nWhy.\n"))],
        "design: ledger v2",
    );
    org.write("staffscope.toml", CONFIG);
    org.run(&["collect"]).success();

    let run = org.run(&["report", "sam", "--format", "json"]).success();
    assert!(
        run.stderr()
            .contains("platform/docs/design/huge.md: larger than 1 MiB"),
        "{}",
        run.stderr()
    );
    let sam = run.json();
    let dimension = |id: &str| {
        sam["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        dimension("writing")["value"],
        3.0,
        "{:#}",
        dimension("writing")
    );
    assert_eq!(
        dimension("initiatives")["value"],
        1.0,
        "{:#}",
        dimension("initiatives")
    );
    let initiative = dimension("initiatives").to_string();
    assert!(
        initiative.contains("adopted by work in payments, web, search"),
        "{initiative}"
    );
    assert!(
        initiative.contains("platform:rfcs/0001-one-retry-policy.md")
            || initiative.contains("rfcs/0001-one-retry-policy.md"),
        "{initiative}"
    );
    assert_eq!(dimension("judgment")["value"], 1.0);
    // The decision held up: Wendy's later design document relies on it.
    let judgment = dimension("judgment").to_string();
    assert!(
        judgment.contains("held up later: 0 changes and 1 other document rely on it"),
        "{judgment}"
    );
    assert_eq!(dimension("incidents")["value"], 1.0);
    assert_eq!(
        sam["metrics"]["documents_cited_by_other_teams"]["value"],
        3.0
    );
    let cited = sam["metrics"]["documents_cited_by_other_teams"].to_string();
    assert!(
        cited.contains("cites ADR-2 (2. One HTTP client) from web"),
        "{cited}"
    );
    // Still honest about what no source here feeds.
    // Adoption is not a fix: the RFC named no class of problem fixed across teams.
    assert_eq!(dimension("systemic-problems")["value"], 0.0);
    // Three people acted on what Sam wrote.
    assert_eq!(dimension("problem-finding")["value"], 1.0);
    assert_eq!(dimension("trusted-judgment")["status"], "not-measured");

    let cody = org
        .run(&["report", "cody", "--format", "json"])
        .success()
        .json();
    let writing = cody["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "writing")
        .unwrap()
        .to_string();
    assert!(
        writing.contains("author inferred from the file's history"),
        "{writing}"
    );
    let markdown = org.run(&["report", "sam"]).success().stdout();
    assert!(
        markdown.contains("`platform:rfcs/0001-one-retry-policy.md`"),
        "{markdown}"
    );
}

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
fn calendars_add_meeting_time_and_cross_team_relationships() {
    let org = collected_small_org();
    let before = org
        .run(&["report", "cody", "--format", "json"])
        .success()
        .json();
    assert_eq!(before["metrics"]["people_other_teams"]["value"], 0.0);
    org.write(
        "calendars/cody.ics",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Ledger and search sync\nDTSTART:20250106T100000Z\nDTEND:20250106T110000Z\nRRULE:FREQ=WEEKLY;COUNT=10\nORGANIZER:mailto:cody@acme.example\nATTENDEE:mailto:sue@acme.example\nATTENDEE:mailto:someone@outside.example\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Team standup\nDTSTART:20250107T090000Z\nDURATION:PT30M\nRRULE:FREQ=DAILY;COUNT=40\nATTENDEE:mailto:cody@acme.example\nATTENDEE:mailto:pat@acme.example\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Bad rule\nDTSTART:20250108T090000Z\nDURATION:PT1H\nRRULE:FREQ=FORTNIGHTLY\nATTENDEE:mailto:pat@acme.example\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    let run = org.run(&["report", "cody", "--format", "json"]).success();
    assert!(
        run.stderr()
            .contains("calendars/cody.ics:23: recurrence rule not understood (FREQ=FORTNIGHTLY)"),
        "{}",
        run.stderr()
    );
    let cody = run.json();
    // Ten one-hour meetings with search, over about nine weeks.
    let cross = cody["metrics"]["cross_team_meeting_hours_per_week"]["value"]
        .as_f64()
        .unwrap();
    assert!((cross - 10.0 / 9.0).abs() < 0.1, "{cross}");
    let total = cody["metrics"]["meeting_hours_per_week"]["value"]
        .as_f64()
        .unwrap();
    assert!(total > cross, "standups count as meetings too: {total}");
    assert_eq!(
        cody["metrics"]["people_other_teams"]["value"], 1.0,
        "Sue, met weekly"
    );
    // With a calendar the operating mix is in hours: meetings are leverage,
    // the rest of a 40-hour week is split as the artifacts are.
    let mix = &cody["metrics"]["coding_share"];
    let in_hours = mix["value"].as_f64().unwrap();
    let artifact_share = before["metrics"]["coding_share"]["value"].as_f64().unwrap();
    assert!(
        (in_hours - (40.0 - total) / 40.0 * artifact_share).abs() < 1e-9,
        "{in_hours} from {artifact_share} and {total} h of meetings"
    );
    assert!(in_hours < artifact_share, "{mix}");
    assert!(mix["items"][0]["label"] == "in hours", "{mix}");
    assert!(
        mix["items"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("a week in meetings (calendar) out of a 40-hour week"),
        "{mix}"
    );
    let sources: Vec<&str> = cody["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["collected"] == true)
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    assert!(sources.contains(&"calendars"), "{sources:?}");
}

#[test]
fn documents_in_folders_beside_the_repositories_are_read() {
    let org = small_org();
    org.write(
        "handbook/rfcs/0007-shared-timeouts.md",
        "---\nid: RFC-0007\ntitle: Shared timeouts\ntype: rfc\nauthors: [Sam Staff]\ndate: 2025-03-01\n---\n# Shared timeouts\n",
    );
    org.write("handbook/rfcs/README.md", "# Our RFCs\n");
    org.write("handbook/rfcs/notes.bin", "not a document");
    org.run(&["init"]).success();
    let config = std::fs::read_to_string(org.path().join("staffscope.toml")).unwrap();
    assert!(
        config.contains("paths = [\n    \"handbook/rfcs\",\n]"),
        "{config}"
    );
    org.write(
        "staffscope.toml",
        &config.replace(
            "months = 12",
            "since = \"2025-01-01\"\nuntil = \"2026-01-01\"",
        ),
    );
    org.run(&["collect"]).success();
    org.existing("search").commit(
        SUE,
        at("2025-04-01"),
        &[("timeouts.py", Some(&lines("shared timeout", 12)))],
        "timeouts: adopt RFC-0007",
    );
    org.run(&["collect"]).success();
    let sam = org
        .run(&["report", "sam", "--format", "json"])
        .success()
        .json();
    let writing = sam["metrics"]["documents_authored"].to_string();
    assert!(
        writing.contains("\"repo\":\"handbook/rfcs\"")
            && writing.contains("\"reference\":\"0007-shared-timeouts.md\""),
        "{writing}"
    );
    assert_eq!(
        sam["metrics"]["documents_authored"]["value"], 1.0,
        "{writing}"
    );
    let cited = sam["metrics"]["documents_cited_by_other_teams"].to_string();
    assert!(cited.contains("timeouts: adopt RFC-0007"), "{cited}");
    let org_view = org.run(&["org", "--format", "json"]).success().json();
    assert_eq!(
        org_view["repositories"], 5,
        "a document folder is not a repository"
    );
    // A folder that went away is a warning naming it, not an error.
    std::fs::remove_dir_all(org.path().join("handbook")).unwrap();
    org.run(&["report", "sam"])
        .success()
        .stderr_has("warning: handbook/rfcs: not a folder");
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

#[test]
fn pull_request_descriptions_cite_documents() {
    let org = small_org();
    org.existing("payments-api").commit(
        PAT,
        at("2025-01-20"),
        &[(
            "rfcs/0003-bundle-cache.md",
            Some("---\nid: RFC-0003\ntitle: Cache the bundle\nauthors: [pat]\n---\n# Cache the bundle\n"),
        )],
        "rfcs: cache the bundle",
    );
    let merge = org.existing("web-app").head();
    write_github_export(&org, &merge);
    let pulls = org.path().join("exports/web-app/pulls.json");
    let described = std::fs::read_to_string(&pulls).unwrap().replacen(
        "\"title\":\"perf: cache the bundle\"",
        "\"title\":\"perf: cache the bundle\",\"body\":\"As RFC-0003 proposes.\"",
        1,
    );
    std::fs::write(&pulls, described).unwrap();
    org.write(
        "staffscope.toml",
        &CONFIG.replace(
            "[window]",
            "[[code_review]]\nrepository = \"web-app\"\ngithub = \"exports/web-app\"\n\n[window]",
        ),
    );
    org.run(&["collect"]).success();
    let pat = org
        .run(&["report", "pat", "--format", "json"])
        .success()
        .json();
    let cited = pat["metrics"]["documents_cited_by_other_teams"].to_string();
    // The change is Sam's commit on the merged branch; the citation is in the description.
    assert!(
        cited.contains(
            "cites RFC-0003, in pull request #7's description (Cache the bundle) from platform"
        ),
        "{cited}"
    );
    assert_eq!(
        pat["metrics"]["documents_cited_by_other_teams"]["value"],
        1.0
    );
}

#[test]
fn rubric_files_are_checked_with_file_and_line() {
    let org = TestOrg::new();
    let shipped = org.run(&["rubric", "show"]).success().stdout();
    assert_eq!(shipped, org.run(&["rubric"]).success().stdout());
    org.write("mine.toml", &shipped);
    org.run(&["rubric", "check", "mine.toml"])
        .success()
        .stdout_has("mine.toml: ok: \"staffscope default rubric\", levels senior < staff < principal (target staff), 12 dimensions");
    let reversed = shipped.replacen(
        "thresholds = { senior = 1, staff = 3, principal = 5 }",
        "thresholds = { senior = 3, staff = 1, principal = 5 }",
        1,
    );
    org.write("reversed.toml", &reversed);
    org.run(&["rubric", "check", "reversed.toml"])
        .expect_code(1)
        .stderr_has("reversed.toml:")
        .stderr_has("dimension `scope`: thresholds out of order: `staff` = 1 but `senior` = 3");
    let missing = shipped.replacen(
        "thresholds = { senior = 1, staff = 3, principal = 5 }",
        "thresholds = { senior = 1, staff = 3 }",
        1,
    );
    org.write("missing.toml", &missing);
    org.run(&["rubric", "check", "missing.toml"])
        .expect_code(1)
        .stderr_has("no threshold for level `principal`");
    org.run(&["rubric", "check", "nowhere.toml"])
        .expect_code(1)
        .stderr_has("cannot read nowhere.toml");
}

#[test]
fn an_anonymized_export_names_no_team_small_enough_to_point_at_someone() {
    let org = collected_small_org();
    let named = org.run(&["export"]).success().json();
    let teams = common::export_home_teams(&named);
    // Sam alone in platform, Wendy alone in web: named in the named export.
    assert!(teams.contains(&"platform".to_string()), "{teams:?}");
    assert!(teams.contains(&"web".to_string()), "{teams:?}");
    for format in ["json", "csv"] {
        let anonymized = org
            .run(&["export", "--anonymize", "--format", format])
            .success()
            .stdout();
        for small in ["\"platform\"", "\"web\"", ",platform,", ",web,"] {
            assert!(!anonymized.contains(small), "{format}: {small}");
        }
        assert!(anonymized.contains("(a team of fewer than 3)"), "{format}");
    }
}
