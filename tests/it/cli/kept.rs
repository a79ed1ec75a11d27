//! Results kept in the store between runs: what a report reads back is
//! what it computes from scratch (`--fresh`), and a change to anything the
//! results were computed from is seen at once.

use crate::common::{TestOrg, at, handles, kept_views, swap_kept_views};

use super::{CONFIG, SAM, TEAMS, collected_small_org};

/// Runs a command twice, reading kept results and with `--fresh`, and
/// checks both print the same, on stdout and stderr; returns stdout.
fn same(org: &TestOrg, args: &[&str]) -> String {
    let kept = org.run(args);
    let fresh = org.run(&[&["--fresh"], args].concat());
    assert_eq!(kept.code(), fresh.code(), "{args:?}: {}", kept.stderr());
    assert_eq!(kept.stdout(), fresh.stdout(), "{args:?}");
    assert_eq!(kept.stderr(), fresh.stderr(), "{args:?}");
    kept.stdout()
}

fn results_in(org: &TestOrg) -> Vec<(String, Vec<u8>)> {
    kept_views(&org.path().join(".staffscope/store.sqlite"))
}

/// How many sets of inputs the store keeps results for.
fn fingerprints(org: &TestOrg) -> i64 {
    rusqlite::Connection::open(org.path().join(".staffscope/store.sqlite"))
        .unwrap()
        .query_row(
            "SELECT COUNT(DISTINCT fingerprint) FROM results",
            [],
            |row| row.get(0),
        )
        .unwrap()
}

#[test]
fn kept_results_read_back_as_computed_from_scratch() {
    let org = collected_small_org();
    // A log for nobody: a warning every command gives, errors included.
    org.write(
        "evidence/ghost.yaml",
        "person: ghost\nentries:\n  - date: 2025-01-01\n    dimension: trusted-judgment\n    what: x\n",
    );
    org.run(&["collect"]).success();
    org.run(&["report", "sam"])
        .success()
        .stderr_has("evidence/ghost.yaml");
    let people = org.run(&["people", "--format", "json"]).success().json();
    let handles = handles(&people);
    assert!(handles.len() >= 5, "{handles:?}");
    for handle in &handles {
        for format in ["markdown", "json"] {
            same(&org, &["report", handle, "--format", format]);
            same(&org, &["explain", handle, "scope", "--format", format]);
        }
        for format in ["markdown", "html", "json"] {
            same(&org, &["packet", handle, "--format", format]);
        }
        same(&org, &["report", handle, "--archetype", "architect"]);
    }
    for format in ["markdown", "json"] {
        same(&org, &["org", "--format", format]);
        same(&org, &["people", "--format", format]);
        for team in [&[][..], &["--team", "payments"], &["--team", "web"]] {
            let calibrate = [&["calibrate", "--format", format], team].concat();
            same(&org, &calibrate);
            same(&org, &[&calibrate[..], &["--anonymize"]].concat());
        }
    }
    same(&org, &["calibrate", "sam", "cody"]);
    same(&org, &["calibrate", "--team", "nowhere"]);
    for format in ["markdown", "json"] {
        same(&org, &["documents", "--format", format]);
        for flags in [
            &[][..],
            &["--check"],
            &["--details"],
            &["--check", "--details"],
        ] {
            same(&org, &[&["teams", "--format", format], flags].concat());
        }
    }
    for format in ["markdown", "json"] {
        for suggest in [&[][..], &["--suggest"]] {
            // Twice: the first run keeps what the second reads.
            for _ in 0..2 {
                same(
                    &org,
                    &[&["identities", "--format", format], suggest].concat(),
                );
            }
        }
    }
    same(&org, &["identities", "--show-emails"]);
    let kept = results_in(&org);
    let identities: Vec<&str> = kept
        .iter()
        .map(|(key, _)| key.as_str())
        .filter(|key| key.starts_with("text/identities/"))
        .collect();
    assert_eq!(identities.len(), 4, "{identities:?}");
    let with_address: Vec<&str> = kept
        .iter()
        .filter(|(_, body)| {
            report::stored::decode::<String>(body).is_some_and(|text| text.contains(SAM.1))
        })
        .map(|(key, _)| key.as_str())
        .collect();
    assert!(
        with_address.is_empty(),
        "kept texts hold an address in full: {with_address:?}"
    );
    for format in ["json", "csv"] {
        same(&org, &["export", "--format", format]);
        same(&org, &["export", "--format", format, "--anonymize"]);
    }
    let written = |args: &[&str]| {
        let run = org.run(&[args, &["export", "--output", "export.json"]].concat());
        (
            run.stderr(),
            std::fs::read_to_string(org.path().join("export.json")).unwrap(),
        )
    };
    assert_eq!(written(&[]), written(&["--fresh"]));
    for format in ["markdown", "json"] {
        same(&org, &["patterns", "--format", format]);
        same(&org, &["patterns", "--unowned", "--format", format]);
        same(&org, &["patterns", "--person", "sam", "--format", format]);
    }
    // People are found by name, address and its local part as an analysis
    // finds them.
    for query in [
        "Sam Staff",
        "SAM@acme.example",
        "cody",
        "C. Coder",
        "@wendy-web",
    ] {
        same(&org, &["report", query, "--format", "json"]);
    }
    // Errors are the same too, warnings before them.
    same(&org, &["report", "nobody"]);
    same(&org, &["packet", "nobody", "--format", "html"]);
    same(&org, &["report", "sam", "--archetype", "astronaut"]);
    same(&org, &["explain", "sam", "no-such-dimension"]);
}

/// A collect keeps everyone's views, and reports read them: swapping two
/// people's kept views in the store swaps what their reports show (which
/// only reading them could do), until anything is written again.
#[test]
fn reports_read_the_views_collect_kept() {
    let org = collected_small_org();
    let kept = results_in(&org);
    let keys: Vec<&str> = kept.iter().map(|(key, _)| key.as_str()).collect();
    for key in [
        "directory",
        "links",
        "org",
        "people",
        "patterns/all",
        "patterns/unowned",
        "text/teams/json",
        "text/teams/markdown/true/false",
        "text/documents/markdown",
        "text/export/csv/anonymized",
    ] {
        assert!(keys.contains(&key), "{keys:?}");
    }
    let sam = org
        .run(&["report", "sam", "--format", "json"])
        .success()
        .json();
    let cody = org
        .run(&["report", "cody", "--format", "json"])
        .success()
        .json();
    let store_file = org.path().join(".staffscope/store.sqlite");
    let handle = |json: &serde_json::Value| json["handle"].as_str().unwrap().to_string();
    let (_, cody_key) = swap_kept_views(&store_file, &handle(&sam), &handle(&cody));
    let shown = org
        .run(&["report", "sam", "--format", "json"])
        .success()
        .json();
    assert_eq!(shown["handle"], cody["handle"]);
    let fresh = org
        .run(&["--fresh", "report", "sam", "--format", "json"])
        .success()
        .json();
    assert_eq!(fresh, sam);

    // A damaged view is not one: the report is computed again.
    let store = rusqlite::Connection::open(&store_file).unwrap();
    store
        .execute(
            "UPDATE results SET body = x'00ff' WHERE key = ?1",
            [&cody_key],
        )
        .unwrap();
    same(&org, &["report", "cody", "--format", "json"]);

    // Whole outputs are read too: with the documents' text kept in place
    // of the teams', `teams` prints it.
    let documents = org
        .run(&["documents", "--format", "json"])
        .success()
        .stdout();
    store
        .execute(
            "UPDATE results SET body = (SELECT body FROM results WHERE key = 'text/documents/json') WHERE key = 'text/teams/json'",
            [],
        )
        .unwrap();
    assert_eq!(
        org.run(&["teams", "--format", "json"]).success().stdout(),
        documents
    );

    // Any write moves the generation on: the swapped views are not read.
    org.existing("web-app").commit(
        SAM,
        at("2025-06-03"),
        &[("src/banner.ts", Some("export const banner = 1;\n"))],
        "Add a banner",
    );
    org.run(&["--fresh", "collect"]).success();
    same(&org, &["report", "sam", "--format", "json"]);
}

/// Each input a report reads, changed after the collect, changes the
/// report exactly as computing from scratch does.
#[test]
fn every_input_changed_after_the_collect_is_seen() {
    let org = collected_small_org();
    org.write("identities.toml", "");
    org.write("rubric.toml", &rubric(1.0));
    org.write(
        "staffscope.toml",
        &format!("identities_file = \"identities.toml\"\nrubric = \"rubric.toml\"\n{CONFIG}"),
    );
    org.run(&["collect"]).success();
    let report = ["report", "sam", "--format", "json"];
    let mut before = same(&org, &report);
    let mut changed = |what: &str, change: &dyn Fn(&TestOrg)| {
        change(&org);
        let after = same(&org, &report);
        assert!(
            after != before,
            "changing {what} changed nothing in the report"
        );
        before = after;
    };
    changed("the rubric", &|org| org.write("rubric.toml", &rubric(2.0)));
    changed("the teams file", &|org| {
        org.write(
            "teams.toml",
            &TEAMS.replace("name = \"platform\"", "name = \"infrastructure\""),
        );
    });
    changed("the identities file", &|org| {
        org.write(
            "identities.toml",
            &format!(
                "[[person]]\nhandle = \"sam\"\nname = \"Samantha Staff\"\nemails = [\"{}\"]\n",
                SAM.1
            ),
        );
    });
    changed("an evidence log", &|org| {
        org.write(
            "evidence/sam.yaml",
            "person: sam\nentries:\n  - date: 2025-05-01\n    dimension: trusted-judgment\n    what: Asked to judge the ledger design.\n",
        );
    });
    changed("a calendar", &|org| {
        org.write(
            "calendars/sam.ics",
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Sync\nDTSTART:20250106T100000Z\nDTEND:20250106T110000Z\nRRULE:FREQ=WEEKLY;COUNT=10\nATTENDEE:mailto:sam@acme.example\nATTENDEE:mailto:cody@acme.example\nEND:VEVENT\nEND:VCALENDAR\n",
        );
    });
    changed("the configuration", &|org| {
        org.write(
            "staffscope.toml",
            &format!(
                "identities_file = \"identities.toml\"\nrubric = \"rubric.toml\"\n{}",
                CONFIG.replace("2025-01-01", "2025-03-01")
            ),
        );
    });
    changed("the teams file again, then `store keep`", &|org| {
        org.write("teams.toml", TEAMS);
        assert!(fingerprints(org) > 1, "each input changed kept its views");
        org.run(&["store", "keep"])
            .success()
            .stderr_has("report views in");
        // A whole set, in place of the views kept for inputs no longer
        // there.
        assert_eq!(fingerprints(org), 1);
        let kept = results_in(org);
        assert!(kept.iter().any(|(key, _)| key == "org"), "no set kept");
    });
    changed("commits collected without keeping results", &|org| {
        let repo = org.existing("search");
        repo.commit(
            SAM,
            at("2025-06-02"),
            &[("index/new.rs", Some("fn new() {}\n"))],
            "Add an index across teams",
        );
        org.run(&["--fresh", "collect"]).success();
    });
}

/// The default rubric with the first scope threshold replaced: a change
/// a report shows.
fn rubric(threshold: f64) -> String {
    let default = analysis::assess::DEFAULT_RUBRIC;
    let scope = default.find("id = \"scope\"").unwrap();
    let at = scope + default[scope..].find("thresholds").unwrap();
    let end = at + default[at..].find('\n').unwrap();
    format!(
        "{}thresholds = {{ senior = {threshold}, staff = 3, principal = 5 }}{}",
        &default[..at],
        &default[end..]
    )
}

/// A collect that finds nothing new writes nothing, so the views kept stay
/// right and are not computed again; one new commit computes them again.
#[test]
fn a_collect_with_nothing_new_computes_no_views() {
    let org = collected_small_org();
    let before = results_in(&org);
    assert!(before.iter().any(|(key, _)| key == "complete"));
    let again = org.run(&["collect"]).success();
    assert!(
        !again.stderr().contains("report views"),
        "{}",
        again.stderr()
    );
    assert_eq!(results_in(&org), before);
    same(&org, &["report", "sam", "--format", "json"]);

    org.existing("search").commit(
        SAM,
        at("2025-06-02"),
        &[("index/new.rs", Some("fn new() {}\n"))],
        "Add an index across teams",
    );
    org.run(&["collect"]).success().stderr_has("report views");
    assert_ne!(results_in(&org), before);
}

/// Forgetting someone drops every kept view, which could name them; the
/// next report computes again without them.
#[test]
fn forgetting_someone_drops_the_kept_views() {
    let org = collected_small_org();
    assert!(!results_in(&org).is_empty());
    org.run(&["forget", "Pat Pay"]).success();
    assert!(results_in(&org).is_empty(), "views outlived the forgetting");
    let cody = same(&org, &["report", "cody", "--format", "json"]);
    assert!(!cody.contains("Pat Pay"), "{cody}");
}
