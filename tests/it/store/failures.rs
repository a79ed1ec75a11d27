//! A store through failures: collects killed at random moments, the
//! database lost mid-collect, and damaged SQLite files.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::{Rng, Run, TestStore, run_in};

use super::{assert_same_dump, command, crash_org, dump, small_org, staffscope};

/// Kills `collect` with SIGKILL at random moments (once or twice in a row),
/// then lets one finish; the store must equal an uninterrupted collect's.
/// Bounded: until ten kills have landed while collect was running, at most
/// twenty rounds or a minute.
fn killed_collects_lose_nothing(make_store: fn() -> TestStore, seed: u64) {
    const WANTED: usize = 10;
    const MAX_ROUNDS: usize = 20;
    const TIME_CAP: Duration = Duration::from_secs(60);
    let demo = crash_org();
    let baseline = make_store();
    let started = Instant::now();
    staffscope(&demo.config, &baseline, &["collect"]).success();
    let full_run = started.elapsed();
    let expected = dump(&demo.config, &baseline);
    drop(baseline);

    let mut rng = Rng(seed);
    let (mut kills, mut interrupted, mut rounds) = (0, 0, 0);
    let started = Instant::now();
    while interrupted < WANTED && rounds < MAX_ROUNDS && started.elapsed() < TIME_CAP {
        let store = make_store();
        let kills_this_round = 1 + rng.below(2);
        let mut moments = Vec::new();
        for _ in 0..kills_this_round {
            // Early in the run: a collect interrupted once is shorter.
            let delay =
                Duration::from_millis(rng.below(full_run.as_millis() as usize * 7 / 10) as u64);
            let mut child = command(
                &demo.root,
                &demo.config,
                &store,
                &["collect", "--batch-size", "20"],
            )
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("staffscope runs");
            std::thread::sleep(delay);
            if child.try_wait().expect("child status").is_none() {
                interrupted += 1;
            }
            child.kill().expect("SIGKILL");
            child.wait().expect("reaped");
            kills += 1;
            moments.push(delay.as_millis());
        }
        staffscope(&demo.config, &store, &["collect"]).success();
        assert_same_dump(
            &dump(&demo.config, &store),
            &expected,
            &format!("seed {seed:#x}, round {rounds}, killed after {moments:?} ms"),
        );
        rounds += 1;
    }
    eprintln!(
        "{kills} kills ({interrupted} while collect ran) in {rounds} rounds, {:.1}s; an uninterrupted collect takes {:.2}s",
        started.elapsed().as_secs_f64(),
        full_run.as_secs_f64()
    );
    assert!(
        interrupted >= 8,
        "only {interrupted} of {kills} kills landed while collect ran"
    );
}

#[test]
fn killed_collects_lose_nothing_on_sqlite() {
    killed_collects_lose_nothing(TestStore::sqlite, 0x5eed_0001);
}

#[test]
fn killed_collects_lose_nothing_on_postgres() {
    killed_collects_lose_nothing(TestStore::postgres, 0x5eed_0002);
}

#[test]
fn a_store_lost_mid_collect_ends_the_run_with_an_error_and_loses_nothing() {
    // Regression: when the database went away, the writer stopped but the
    // workers waited forever to hand it their next batch.
    let demo = crash_org();
    let complete = TestStore::sqlite();
    staffscope(&demo.config, &complete, &["collect"]).success();
    let expected = dump(&demo.config, &complete);
    let admin_url = std::env::var(store::testing::VARIABLE).unwrap_or_default();
    let mut cut_mid_run = 0;
    for delay in [100u64, 200, 300, 400, 500] {
        let store = TestStore::postgres();
        let TestStore::Postgres(database) = &store else {
            unreachable!()
        };
        let name = database.url.rsplit('/').next().unwrap().to_string();
        let mut admin = postgres::Client::connect(&admin_url, postgres::NoTls).unwrap();
        let mut child = command(
            &demo.root,
            &demo.config,
            &store,
            &["collect", "--batch-size", "5"],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("staffscope runs");
        std::thread::sleep(Duration::from_millis(delay));
        admin
            .execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                &[&name],
            )
            .unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                panic!(
                    "collect still runs 20 s after its database connections were cut ({delay} ms in)"
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut stderr = String::new();
        use std::io::Read as _;
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        if !status.success() {
            assert_eq!(status.code(), Some(1), "{stderr}");
            assert!(
                stderr.contains("error: postgres://staffscope:***@"),
                "{stderr}"
            );
            cut_mid_run += 1;
        }
        staffscope(&demo.config, &store, &["collect"]).success();
        assert_same_dump(
            &dump(&demo.config, &store),
            &expected,
            &format!("connections cut {delay} ms in"),
        );
    }
    assert!(
        cut_mid_run >= 2,
        "the connections were cut while collect ran only {cut_mid_run} times"
    );
}

#[test]
fn damaged_sqlite_stores_are_refused_and_left_byte_identical() {
    let org = small_org();
    let config = org.path().join("staffscope.toml");
    let good = TestStore::sqlite();
    staffscope(&config, &good, &["collect"]).success();
    let store_bytes = std::fs::read(good.arg()).expect("the store was written");
    assert!(store_bytes.len() > 8_192, "a store of several pages");

    let dir = tempfile::tempdir().unwrap();
    let truncated = dir.path().join("truncated.sqlite");
    std::fs::write(&truncated, &store_bytes[..store_bytes.len() / 2]).unwrap();
    let random = dir.path().join("random.sqlite");
    let mut rng = Rng(0xdead_beef);
    let noise: Vec<u8> = (0..65_536).map(|_| rng.below(256) as u8).collect();
    std::fs::write(&random, noise).unwrap();
    let foreign = dir.path().join("foreign.sqlite");
    {
        let conn = rusqlite::Connection::open(&foreign).unwrap();
        conn.execute_batch(
            "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);",
        )
        .unwrap();
    }

    for (file, why) in [
        (&truncated, "truncated"),
        (&random, "not a staffscope store"),
        (&foreign, "another program"),
    ] {
        let before = std::fs::read(file).unwrap();
        for args in [
            &["collect"][..],
            &["people"],
            &["store", "migrate"],
            &["forget", "pat"],
        ] {
            on_file(org.path(), &config, file, args)
                .expect_code(1)
                .stderr_has(&file.display().to_string())
                .stderr_has(why)
                .stderr_has("hint: staffscope will not overwrite it");
            assert!(
                std::fs::read(file).unwrap() == before,
                "{} changed after `{}`",
                file.display(),
                args.join(" ")
            );
        }
    }
}

#[test]
fn a_store_damaged_inside_is_refused_before_any_write() {
    let org = small_org();
    let config = org.path().join("staffscope.toml");
    let good = TestStore::sqlite();
    staffscope(&config, &good, &["collect"]).success();
    let mut bytes = std::fs::read(good.arg()).expect("the store was written");
    // Scribble over the start of a page in the middle of the file: the
    // header and the schema are intact, so the file still opens.
    let page = 4096;
    let at = (bytes.len() / page / 2) * page;
    for byte in &mut bytes[at..at + 64] {
        *byte = 0xA5;
    }
    let dir = tempfile::tempdir().unwrap();
    let damaged = dir.path().join("damaged.sqlite");
    std::fs::write(&damaged, &bytes).unwrap();
    for args in [&["collect"][..], &["forget", "pat"]] {
        on_file(org.path(), &config, &damaged, args)
            .expect_code(1)
            .stderr_has("damaged")
            .stderr_has("hint: staffscope will not overwrite it");
        assert!(
            std::fs::read(&damaged).unwrap() == bytes,
            "written to by `{}`",
            args.join(" ")
        );
    }
}

/// `staffscope` run in `dir` with `config`, on the SQLite store `file`.
fn on_file(dir: &Path, config: &Path, file: &Path, args: &[&str]) -> Run {
    let store = format!("sqlite:{}", file.display());
    let mut all = vec![
        "--config",
        config.to_str().unwrap(),
        "--store",
        store.as_str(),
    ];
    all.extend_from_slice(args);
    run_in(dir, &all)
}
