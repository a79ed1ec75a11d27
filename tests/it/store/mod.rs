//! The store end to end, on both backends: collect and reports agree on
//! SQLite and PostgreSQL, collectors sharing a PostgreSQL store, collects
//! killed at random moments, copies between backends, damaged files, and
//! forgetting a person. PostgreSQL comes from `STAFFSCOPE_TEST_POSTGRES`
//! (see `scripts/postgres.sh`); without it these tests fail and say so.

mod backends;
mod failures;
mod forget;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use crate::common::{
    self, Run, TestOrg, TestStore, at, git, github_export, lines, run_in, write_file,
};

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
        for (name, content) in github_export(&last_commit) {
            write_file(&root.join("exports/gamma").join(name), &content);
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
    // A design document naming her by name, login and in prose.
    lib.commit(
        CY,
        day(30),
        &[(
            "docs/design/retries.md",
            Some("---\ntitle: Retries\nauthors: [Zelda Quorn, cy]\ndeciders: [zquorn]\ndate: 2025-03-01\n---\n# Retries\n\nThanks to Zelda Quorn (@zquorn) for the numbers.\n"),
        )],
        "docs: retries",
    );
    // The checked-in export, with Zelda's login for the author of #7.
    for (name, content) in github_export(&merge) {
        let content = content
            .replace("\"login\":\"samstaff\"", "\"login\":\"zquorn\"")
            .replace("\"login\":\"wendy\"", "\"login\":\"bokeeper\"");
        org.write(&format!("exports/app/{name}"), &content);
    }
    org.write(
        "staffscope.toml",
        "repositories = [\"app\", \"lib\"]\n\n[[code_review]]\nrepository = \"app\"\ngithub = \"exports/app\"\n\n[window]\nsince = \"2025-01-01\"\nuntil = \"2026-01-01\"\n",
    );
    org
}
