//! `forget`: a person leaves every output and the store, now and after
//! later collects, and the repositories' history stays whole.

use std::path::Path;

use crate::common::{TestStore, at, git};

use super::{CY, ZELDA, dump, small_org, staffscope};

/// Everything a user can read about the organization.
fn every_output(config: &Path, store: &TestStore) -> String {
    let mut all = String::new();
    for args in [
        &["org"][..],
        &["org", "--format", "json"],
        &["people"],
        &["people", "--format", "json"],
        &["report", "bo", "--format", "json"],
        &["report", "cy"],
        &["calibrate", "--format", "json"],
        &["identities", "--show-emails"],
        &["teams", "--format", "json"],
        &["documents", "--format", "json"],
        &["export", "--format", "csv"],
    ] {
        all.push_str(&staffscope(config, store, args).success().stdout());
    }
    all
}

fn forget_removes_a_person_from_every_output(store: TestStore) {
    let org = small_org();
    let config = org.path().join("staffscope.toml");
    staffscope(&config, &store, &["collect"]).success();
    let traces = ["Zelda", "Quorn", "zquorn", "zelda.quorn@", "12345+"];
    let before = every_output(&config, &store);
    for trace in ["Zelda", "zquorn", "zelda.quorn@"] {
        assert!(
            before.contains(trace),
            "before forgetting, {trace} is there"
        );
    }

    let forgot = staffscope(
        &config,
        &store,
        &["forget", "Zelda Quorn", "--format", "json"],
    )
    .success();
    assert!(
        !forgot.stdout().contains("forget.example"),
        "no emails in the report"
    );
    let report = forgot.json();
    assert_eq!(report["name"], "Zelda Quorn");
    let removed = &report["removed"];
    assert!(removed["emails"].as_u64() >= Some(2), "{report:#}");
    for kind in [
        "commits_authored",
        "trailers",
        "files",
        "pull_requests",
        "review_requests",
    ] {
        assert!(removed[kind].as_u64() > Some(0), "{kind}: {report:#}");
    }

    // She keeps committing; the next collect reads her new commits and the
    // export again, and still stores none of her identities.
    let app = org.existing("app");
    app.commit(
        ZELDA,
        at("2025-03-01"),
        &[("src/late.rs", Some("late\n"))],
        &format!("app: late\n\nReviewed-by: {} <{}>", CY.0, CY.1),
    );
    app.commit(
        CY,
        at("2025-03-02"),
        &[("src/later.rs", Some("later\n"))],
        &format!("app: later\n\nReviewed-by: {} <{}>", ZELDA.0, ZELDA.1),
    );
    staffscope(&config, &store, &["collect"]).success();
    let after = every_output(&config, &store);
    let dump = dump(&config, &store);
    for trace in traces {
        assert!(
            !after.contains(trace),
            "{trace} is still in an output:\n{after}"
        );
        assert!(
            !dump.to_lowercase().contains(&trace.to_lowercase()),
            "{trace} is still in the store"
        );
    }
    assert!(
        dump.contains("app: later"),
        "the new commits were collected"
    );
    assert!(after.contains("Cy Other"), "other people stay");
    staffscope(&config, &store, &["report", "zelda"])
        .expect_code(1)
        .stderr_has("no person matches");
    // The repository's history is whole: every commit is still stored.
    let commits = git(&org.existing("app").path, &["rev-list", "--count", "HEAD"]);
    let stored = dump
        .lines()
        .filter(|l| l.starts_with("commits\t\"app\""))
        .count();
    assert_eq!(stored.to_string(), commits.trim());
}

#[test]
fn forget_removes_a_person_from_every_output_on_sqlite() {
    forget_removes_a_person_from_every_output(TestStore::sqlite());
}

#[test]
fn forget_removes_a_person_from_every_output_on_postgres() {
    forget_removes_a_person_from_every_output(TestStore::postgres());
}

#[test]
fn a_forgotten_handle_goes_to_nobody_else() {
    let store = TestStore::sqlite();
    let org = small_org();
    let config = org.path().join("staffscope.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("teams_file = \"teams.toml\"\n{text}")).unwrap();
    org.write(
        "teams.toml",
        "[[team]]\nname = \"platform\"\nmembers = [\"zquorn\", \"cy\"]\n",
    );
    staffscope(&config, &store, &["collect"]).success();
    staffscope(&config, &store, &["forget", "Zelda Quorn"]).success();
    // Someone else whose name would make the same handle starts committing.
    org.existing("app").commit(
        ("zquorn", "someone.else@keep.example"),
        at("2025-03-05"),
        &[("src/new.rs", Some("new\n"))],
        "app: new",
    );
    staffscope(&config, &store, &["collect"]).success();
    let teams = staffscope(&config, &store, &["teams", "--format", "json"])
        .success()
        .stderr_has("teams.toml:3: a member of team `platform` was forgotten")
        .json();
    let members = teams.to_string();
    assert!(!members.contains("zquorn"), "{members}");
    staffscope(&config, &store, &["report", "zquorn-2"]).success();
}
