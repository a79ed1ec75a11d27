//! The store end to end, on both backends: collect and reports agree on
//! SQLite and PostgreSQL, collectors sharing a PostgreSQL store, collects
//! killed at random moments, copies between backends, damaged files, and
//! forgetting a person. PostgreSQL comes from `STAFFSCOPE_TEST_POSTGRES`
//! (see `.ci/postgres`); without it these tests fail and say so.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::{Run, TestOrg, TestStore, at, git, lines, run_in};

/// The demo organization (ten repositories, about 4,000 commits, GitHub
/// exports), built once and only read by the tests.
struct Demo {
    _dir: tempfile::TempDir,
    root: PathBuf,
    config: PathBuf,
}

fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let demo = demo::generate(&dir.path().join("org"), &demo::DemoOptions::default())
            .expect("the demo organization builds");
        Demo {
            root: demo.root.clone(),
            config: demo.config.clone(),
            _dir: dir,
        }
    })
}

/// An organization made for the crash test: three bare repositories of 250
/// commits each (written with `git fast-import`, so in a moment), trailers,
/// a `.mailmap`, documents, and a GitHub export: enough that collect takes a
/// few hundred milliseconds in a debug build, in many small transactions.
fn crash_org() -> &'static Demo {
    static ORG: OnceLock<Demo> = OnceLock::new();
    ORG.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("org");
        let people = [
            ("Ana Lima", "ana@crash.example"),
            ("Bo Keeper", "bo@crash.example"),
            ("Cy Other", "cy@crash.example"),
            ("Di Fourth", "di@crash.example"),
        ];
        let mut last_commit = String::new();
        for (r, name) in ["alpha", "beta", "gamma"].iter().enumerate() {
            let repo = root.join(format!("repos/{name}.git"));
            std::fs::create_dir_all(&repo).unwrap();
            git(&repo, &["init", "-q", "--bare", "-b", "main"]);
            let mut stream = String::new();
            let mut files: Vec<String> = vec![String::new(); 12];
            for i in 0..250usize {
                let (author, reviewer) = (people[(i + r) % 4], people[(i + r + 1) % 4]);
                let time = at("2025-01-06") + (i as i64) * 7_200 + (r as i64) * 600;
                let mut message = format!("{name}: change {i}\n");
                if i % 3 != 0 {
                    message.push_str(&format!("\nReviewed-by: {} <{}>\n", reviewer.0, reviewer.1));
                }
                stream.push_str(&format!(
                    "commit refs/heads/main\nmark :{}\nauthor {} <{}> {time} +0000\ncommitter {} <{}> {time} +0000\ndata {}\n{message}",
                    i + 1,
                    author.0,
                    author.1,
                    author.0,
                    author.1,
                    message.len()
                ));
                if i > 0 {
                    stream.push_str(&format!("from :{i}\n"));
                }
                for k in [i % 12, (i * 7 + 3) % 12] {
                    files[k].push_str(&format!("line {i} of file {k}\n"));
                    let path = if k == 0 {
                        "docs/adr/0001-decision.md".to_string()
                    } else if k == 2 {
                        // Versions of CODEOWNERS are stored with each batch.
                        "CODEOWNERS".to_string()
                    } else if k == 1 && i < 5 {
                        ".mailmap".to_string()
                    } else {
                        format!("src/file{k}.rs")
                    };
                    let content = if path == ".mailmap" {
                        "Ana Lima <ana@crash.example> <ana@old.example>\n".to_string()
                    } else if path == "CODEOWNERS" {
                        format!("/src/file{}.rs @team-{}\n* @team-all\n", i % 12, i % 3)
                    } else {
                        files[k].clone()
                    };
                    stream.push_str(&format!(
                        "M 100644 inline {path}\ndata {}\n{content}\n",
                        content.len()
                    ));
                }
            }
            let mut child = common::git_command(&repo)
                .args(["fast-import", "--quiet"])
                .stdin(Stdio::piped())
                .spawn()
                .expect("git fast-import runs");
            use std::io::Write as _;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(stream.as_bytes())
                .unwrap();
            assert!(child.wait().unwrap().success(), "fast-import failed");
            last_commit = git(&repo, &["rev-parse", "HEAD"]).trim().to_string();
        }
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/github-web-app");
        for entry in std::fs::read_dir(sample).unwrap() {
            let path = entry.unwrap().path();
            let content = std::fs::read_to_string(&path)
                .unwrap()
                .replace("MERGE_SHA_7", &last_commit);
            let target = root.join("exports/gamma").join(path.file_name().unwrap());
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, content).unwrap();
        }
        let config = root.join("staffscope.toml");
        std::fs::write(
            &config,
            "repositories = [\"repos/*.git\"]\n\n[[code_review]]\nrepository = \"gamma\"\ngithub = \"exports/gamma\"\n\n[window]\nsince = \"2025-01-01\"\nuntil = \"2026-01-01\"\n",
        )
        .unwrap();
        Demo {
            root,
            config,
            _dir: dir,
        }
    })
}

/// Runs the binary on a configuration with `--store`.
fn staffscope(config: &Path, store: &TestStore, args: &[&str]) -> Run {
    let config = config.display().to_string();
    let store = store.arg();
    let mut all = vec!["--config", config.as_str(), "--store", store.as_str()];
    all.extend_from_slice(args);
    let dir = Path::new(&config).parent().expect("a config has a folder");
    run_in(dir, &all)
}

/// The binary on a configuration with `--store`, to start as a child process.
fn command(root: &Path, config: &Path, store: &TestStore, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_staffscope"));
    command
        .current_dir(root)
        .args([
            "--config",
            &config.display().to_string(),
            "--store",
            &store.arg(),
        ])
        .args(args);
    command
}

fn dump(config: &Path, store: &TestStore) -> String {
    staffscope(config, store, &["store", "dump"])
        .success()
        .stdout()
}

/// Equal dumps, or the first rows where they differ (a dump is megabytes).
fn assert_same_dump(actual: &str, expected: &str, context: &str) {
    if actual == expected {
        return;
    }
    let (a, e): (Vec<&str>, Vec<&str>) = (actual.lines().collect(), expected.lines().collect());
    let first = a.iter().zip(&e).position(|(x, y)| x != y);
    let cut = |line: &str| line.chars().take(300).collect::<String>();
    panic!(
        "{context}: the store differs from an uninterrupted collect ({} rows, expected {})\nfirst difference at row {:?}:\n  got      {}\n  expected {}",
        a.len(),
        e.len(),
        first,
        first.map_or_else(|| "(none)".to_string(), |i| cut(a[i])),
        first.map_or_else(|| "(none)".to_string(), |i| cut(e[i])),
    );
}

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

/// A small, seeded generator, so that a failing run can be repeated.
struct Rng(u64);

impl Rng {
    fn below(&mut self, bound: u64) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % bound.max(1)
    }
}

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
            let delay = Duration::from_millis(rng.below(full_run.as_millis() as u64 * 7 / 10));
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
        let store = format!("sqlite:{}", file.display());
        for args in [
            &["collect"][..],
            &["people"],
            &["store", "migrate"],
            &["forget", "pat"],
        ] {
            let mut all = vec![
                "--config",
                config.to_str().unwrap(),
                "--store",
                store.as_str(),
            ];
            all.extend_from_slice(args);
            run_in(org.path(), &all)
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

const ZELDA: (&str, &str) = ("Zelda Quorn", "zelda.quorn@forget.example");
const ZELDA_OLD: (&str, &str) = ("Z. Quorn", "12345+zquorn@users.noreply.github.com");
const BO: (&str, &str) = ("Bo Keeper", "bo@keep.example");
const CY: (&str, &str) = ("Cy Other", "cy@keep.example");

/// Two repositories where Zelda writes, reviews and is reviewed, with a
/// GitHub export in which she opened a pull request and asked for reviews.
fn small_org() -> TestOrg {
    let org = TestOrg::new();
    let day = |n: i64| at("2025-02-01") + n * 86_400;
    let app = org.repo("app");
    app.commit(
        ZELDA_OLD,
        day(0),
        &[
            (".mailmap", Some("Zelda Quorn <zelda.quorn@forget.example> <12345+zquorn@users.noreply.github.com>\n")),
            ("src/main.rs", Some(&lines("main", 20))),
        ],
        "app: start",
    );
    for i in 1..12 {
        let (author, reviewer) = match i % 3 {
            0 => (ZELDA, BO),
            1 => (BO, ZELDA),
            _ => (CY, BO),
        };
        app.commit(
            author,
            day(i),
            &[(&format!("src/part{i}.rs"), Some(&lines("part", 10)))],
            &format!(
                "app: part {i}\n\nReviewed-by: {} <{}>\nCc: {} <{}>",
                reviewer.0, reviewer.1, CY.0, CY.1
            ),
        );
    }
    let merge = app.head();
    let lib = org.repo("lib");
    for i in 0..6 {
        let author = if i % 2 == 0 { ZELDA } else { CY };
        lib.commit(
            author,
            day(20 + i),
            &[(&format!("lib/{i}.rs"), Some(&lines("lib", 8)))],
            &format!("lib: step {i}\n\nCo-authored-by: {} <{}>", ZELDA.0, ZELDA.1),
        );
    }
    // The checked-in export, with Zelda's login for the author of #7.
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/github-web-app");
    for entry in std::fs::read_dir(sample).unwrap() {
        let path = entry.unwrap().path();
        let content = std::fs::read_to_string(&path)
            .unwrap()
            .replace("MERGE_SHA_7", &merge)
            .replace("\"login\":\"samstaff\"", "\"login\":\"zquorn\"")
            .replace("\"login\":\"wendy\"", "\"login\":\"bokeeper\"");
        org.write(
            &format!(
                "exports/app/{}",
                path.file_name().unwrap().to_string_lossy()
            ),
            &content,
        );
    }
    org.write(
        "staffscope.toml",
        "repositories = [\"app\", \"lib\"]\n\n[[code_review]]\nrepository = \"app\"\ngithub = \"exports/app\"\n\n[window]\nsince = \"2025-01-01\"\nuntil = \"2026-01-01\"\n",
    );
    org
}

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
