//! Both backends agree: the same store and reports from SQLite and
//! PostgreSQL, collectors sharing one PostgreSQL store, `store copy` between
//! them and `store migrate`.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::common::{TestStore, run_in};

use super::{Demo, assert_same_dump, command, demo, dump, small_org, staffscope};

fn postgres_and_sqlite_give_the_same_store_and_reports() {
    let demo = demo();
    let sqlite = TestStore::sqlite();
    let postgres = TestStore::postgres();
    for store in [&sqlite, &postgres] {
        staffscope(&demo.config, store, &["collect"]).success();
    }
    let expected = dump(&demo.config, &sqlite);
    assert!(
        expected.lines().count() > 10_000,
        "the demo fills the store"
    );
    assert_same_dump(&dump(&demo.config, &postgres), &expected, "postgres");
    for args in [
        &["org", "--format", "json"][..],
        &["people", "--format", "json"],
        &["report", "priya", "--format", "json"],
        &["patterns", "--format", "json"],
        &["teams", "--format", "json"],
    ] {
        let on_sqlite = staffscope(&demo.config, &sqlite, args).success().stdout();
        let on_postgres = staffscope(&demo.config, &postgres, args).success().stdout();
        assert!(
            on_sqlite == on_postgres,
            "`staffscope {}` differs between SQLite and PostgreSQL",
            args.join(" ")
        );
    }
    // A second collect reads nothing new and changes nothing.
    staffscope(&demo.config, &postgres, &["collect"])
        .success()
        .stderr_has("up to date");
    assert_same_dump(&dump(&demo.config, &postgres), &expected, "postgres again");
}

#[test]
fn collect_and_reports_are_the_same_on_both_backends() {
    postgres_and_sqlite_give_the_same_store_and_reports();
}

/// A configuration for some of the demo's repositories, with their exports.
fn shard_config(demo: &Demo, name: &str, repositories: &[String]) -> PathBuf {
    let mut toml = String::from("teams_file = \"teams.toml\"\nrepositories = [");
    toml.push_str(
        &repositories
            .iter()
            .map(|r| format!("\"repos/{r}.git\""))
            .collect::<Vec<_>>()
            .join(", "),
    );
    toml.push_str("]\n\n");
    for exported in demo::EXPORTED {
        if repositories.iter().any(|r| r == exported) {
            toml.push_str(&format!(
                "[[code_review]]\nrepository = \"{exported}\"\ngithub = \"exports/{exported}\"\n\n"
            ));
        }
    }
    toml.push_str("[window]\nsince = \"2024-12-01\"\nuntil = \"2026-11-30\"\n");
    let path = demo.root.join(name);
    std::fs::write(&path, toml).expect("write a shard's configuration");
    path
}

#[test]
fn sharded_collectors_build_the_same_store_as_one() {
    let demo = demo();
    let mut repositories: Vec<String> = std::fs::read_dir(demo.root.join("repos"))
        .expect("the demo has repositories")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|name| name.strip_suffix(".git").map(str::to_string))
        .collect();
    repositories.sort();
    assert!(repositories.len() >= 8);
    let (even, odd): (Vec<_>, Vec<_>) = repositories
        .iter()
        .cloned()
        .enumerate()
        .partition(|(i, _)| i % 2 == 0);
    let strip = |v: Vec<(usize, String)>| v.into_iter().map(|(_, r)| r).collect::<Vec<_>>();
    let shards = [
        shard_config(demo, "shard-even.toml", &strip(even)),
        shard_config(demo, "shard-odd.toml", &strip(odd)),
    ];

    let shared = TestStore::postgres();
    // Both collectors start at once on an empty database: both create and
    // migrate the schema, both write.
    let children: Vec<_> = shards
        .iter()
        .map(|config| {
            command(
                &demo.root,
                config,
                &shared,
                &["collect", "--threads", "1", "--batch-size", "200"],
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("staffscope runs")
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().expect("collect ends");
        assert!(
            output.status.success(),
            "a shard's collect failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    let single = TestStore::postgres();
    staffscope(&demo.config, &single, &["collect"]).success();
    let expected = dump(&demo.config, &single);
    assert_same_dump(&dump(&demo.config, &shared), &expected, "two collectors");
    // And the reports read from it are the same.
    let args = ["report", "priya", "--format", "json"];
    assert_eq!(
        staffscope(&demo.config, &shared, &args).success().stdout(),
        staffscope(&demo.config, &single, &args).success().stdout()
    );
}

#[test]
fn store_copy_moves_a_store_between_backends_and_back() {
    let demo = demo();
    let sqlite = TestStore::sqlite();
    staffscope(&demo.config, &sqlite, &["collect"]).success();
    let expected = dump(&demo.config, &sqlite);
    let postgres = TestStore::postgres();
    let copied = staffscope(
        &demo.config,
        &sqlite,
        &["store", "copy", "--to", &postgres.arg()],
    )
    .success();
    let counts = copied.stderr();
    assert!(
        counts.contains("copied") && counts.contains(" commits"),
        "{counts}"
    );
    assert!(
        !counts.contains(":staffscope@"),
        "the password is hidden: {counts}"
    );
    assert_same_dump(
        &dump(&demo.config, &postgres),
        &expected,
        "sqlite to postgres",
    );

    let back = TestStore::sqlite();
    staffscope(
        &demo.config,
        &back,
        &[
            "store",
            "copy",
            "--from",
            &postgres.arg(),
            "--to",
            &format!("sqlite:{}", back.arg()),
        ],
    )
    .success();
    assert_same_dump(&dump(&demo.config, &back), &expected, "postgres to sqlite");

    // A destination holding data is refused, and left as it was, unless forced.
    staffscope(
        &demo.config,
        &sqlite,
        &["store", "copy", "--to", &postgres.arg()],
    )
    .expect_code(1)
    .stderr_has("already holds data")
    .stderr_has("hint: pass --force");
    assert_same_dump(&dump(&demo.config, &postgres), &expected, "refused copy");
    staffscope(
        &demo.config,
        &sqlite,
        &["store", "copy", "--to", &postgres.arg(), "--force"],
    )
    .success();
    assert_same_dump(&dump(&demo.config, &postgres), &expected, "forced copy");
}

#[test]
fn store_migrate_says_from_which_version_to_which() {
    let org = small_org();
    let postgres = TestStore::postgres();
    let config = org.path().join("staffscope.toml");
    let current = store::current_version();
    staffscope(&config, &postgres, &["store", "migrate"])
        .success()
        .stderr_has(&format!("migrated from schema version 0 to {current}"));
    staffscope(&config, &postgres, &["store", "migrate"])
        .success()
        .stderr_has(&format!("already at schema version {current}"));
    // A file that is not there is not made.
    let sqlite = TestStore::sqlite();
    staffscope(&config, &sqlite, &["store", "migrate"])
        .expect_code(1)
        .stderr_has("no store here yet");
    assert!(!Path::new(&sqlite.arg()).exists());
    // A server that is not there is named without its password.
    let store = "postgres://someone:hunter2@127.0.0.1:1/nothing?connect_timeout=2";
    let run = run_in(org.path(), &["--store", store, "collect"]).expect_code(1);
    let stderr = run.stderr();
    assert!(
        stderr.contains("postgres://someone:***@127.0.0.1:1/nothing"),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"), "{stderr}");
}

#[test]
fn store_dump_with_a_store_named_needs_no_configuration() {
    let org = small_org();
    let config = org.path().join("staffscope.toml");
    let store = TestStore::sqlite();
    staffscope(&config, &store, &["collect"]).success();
    let elsewhere = tempfile::tempdir().unwrap();
    let dumped = run_in(
        elsewhere.path(),
        &["store", "dump", "--store", &store.arg()],
    )
    .success()
    .stdout();
    assert_eq!(dumped, dump(&config, &store));
}

#[test]
fn collectors_started_together_on_a_new_store_all_succeed() {
    let org = small_org();
    let config = org.path().join("staffscope.toml");
    for _ in 0..3 {
        let store = TestStore::sqlite();
        let children: Vec<std::process::Child> = (0..3)
            .map(|_| {
                command(org.path(), &config, &store, &["collect"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("collect starts")
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().expect("collect ends");
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let single = TestStore::sqlite();
        staffscope(&config, &single, &["collect"]).success();
        assert_same_dump(
            &dump(&config, &store),
            &dump(&config, &single),
            "three at once",
        );
    }
}
