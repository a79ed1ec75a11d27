//! What the test modules share: a small builder of real git repositories, a
//! runner of the real binary that prints the command, stdout and stderr when
//! a check fails, stores on both backends, the checked-in test data, and a
//! seeded generator.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct TestOrg {
    pub dir: tempfile::TempDir,
}

pub struct Repo {
    pub path: PathBuf,
}

/// A person in a test: name and email.
pub type Who<'a> = (&'a str, &'a str);

/// A paragraph of writing, for documents whose text a test does not read:
/// staffscope does not count a file of a word or two as writing.
pub const PROSE: &str = "We propose one way to retry failed calls across the services, because every team retries differently today.\n";

/// Seconds for a date at noon UTC, so tests read in dates.
pub fn at(date: &str) -> i64 {
    let date: jiff::civil::Date = date.parse().expect("test dates are valid");
    date.at(12, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .expect("valid")
        .timestamp()
        .as_second()
}

/// Seconds now: for histories that must fall in the default window, which
/// ends today.
pub fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

pub fn git_command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
    command
}

pub fn git(dir: &Path, args: &[&str]) -> String {
    let output = git_command(dir).args(args).output().expect("git runs");
    assert!(
        output.status.success(),
        "git {} failed in {}:\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Writes a file, making its folder first.
pub fn write_file(path: &Path, content: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create dir");
    }
    std::fs::write(path, content).expect("write file");
}

impl TestOrg {
    pub fn new() -> TestOrg {
        TestOrg {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn repo(&self, name: &str) -> Repo {
        let path = self.path().join(name);
        std::fs::create_dir_all(&path).expect("create repo dir");
        git(&path, &["init", "-q", "-b", "main"]);
        Repo { path }
    }

    /// A repository made earlier by [`TestOrg::repo`].
    pub fn existing(&self, name: &str) -> Repo {
        Repo {
            path: self.path().join(name),
        }
    }

    pub fn write(&self, relative: &str, content: &str) {
        write_file(&self.path().join(relative), content);
    }

    /// Runs the real binary in the organization's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_staffscope"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("staffscope runs");
    Run {
        command: format!("staffscope {}", args.join(" ")),
        output,
    }
}

pub struct Run {
    pub command: String,
    pub output: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    fn describe(&self) -> String {
        format!(
            "command: {}\nexit: {}\n--- stdout\n{}\n--- stderr\n{}",
            self.command,
            self.code(),
            self.stdout(),
            self.stderr()
        )
    }

    /// Asserts the exit code and returns self for more checks.
    pub fn expect_code(self, code: i32) -> Run {
        assert_eq!(
            self.code(),
            code,
            "unexpected exit code\n{}",
            self.describe()
        );
        self
    }

    pub fn success(self) -> Run {
        self.expect_code(0)
    }

    pub fn stdout_has(self, needle: &str) -> Run {
        assert!(
            self.stdout().contains(needle),
            "stdout lacks {needle:?}\n{}",
            self.describe()
        );
        self
    }

    pub fn stderr_has(self, needle: &str) -> Run {
        assert!(
            self.stderr().contains(needle),
            "stderr lacks {needle:?}\n{}",
            self.describe()
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout())
            .unwrap_or_else(|e| panic!("not JSON ({e})\n{}", self.describe()))
    }
}

impl Repo {
    pub fn git(&self, args: &[&str]) -> String {
        git(&self.path, args)
    }

    pub fn write(&self, relative: &str, content: &str) {
        write_file(&self.path.join(relative), content);
    }

    /// Writes the files (`None` deletes one) and commits them as `who` at `time`.
    pub fn commit(
        &self,
        who: Who<'_>,
        time: i64,
        files: &[(&str, Option<&str>)],
        message: &str,
    ) -> String {
        for (path, content) in files {
            match content {
                Some(content) => self.write(path, content),
                None => {
                    let _ = std::fs::remove_file(self.path.join(path));
                }
            }
        }
        self.git(&["add", "-A"]);
        self.git_as(who, time, &["commit", "-q", "--allow-empty", "-m", message])
    }

    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// Merges `branch` into the current branch with a merge commit.
    pub fn merge(&self, who: Who<'_>, time: i64, branch: &str, message: &str) -> String {
        self.git_as(
            who,
            time,
            &["merge", "-q", "--no-ff", "-m", message, branch],
        )
    }

    /// Runs a git command that writes a commit as `who` at `time`; returns the new HEAD.
    fn git_as(&self, who: Who<'_>, time: i64, args: &[&str]) -> String {
        let date = format!("{time} +0000");
        let output = git_command(&self.path)
            .args(args)
            .env("GIT_AUTHOR_NAME", who.0)
            .env("GIT_AUTHOR_EMAIL", who.1)
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_NAME", who.0)
            .env("GIT_COMMITTER_EMAIL", who.1)
            .env("GIT_COMMITTER_DATE", &date)
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
        self.head()
    }
}

/// Lines of `n` numbered rows, to give files real content.
pub fn lines(prefix: &str, n: usize) -> String {
    (0..n).map(|i| format!("{prefix} line {i}\n")).collect()
}

/// The handles `people --format json` lists.
pub fn handles(people: &serde_json::Value) -> Vec<&str> {
    people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["handle"].as_str().unwrap())
        .collect()
}

/// The views a store (a SQLite file) keeps between runs, by key.
pub fn kept_views(store: &Path) -> Vec<(String, Vec<u8>)> {
    let store = rusqlite::Connection::open(store).unwrap();
    let mut statement = store
        .prepare("SELECT key, body FROM results ORDER BY key")
        .unwrap();
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Swaps two people's kept views (against no archetype) in a store, by
/// handle, so that each one's report shows the other if it reads them;
/// returns their keys.
pub fn swap_kept_views(store: &Path, first: &str, second: &str) -> (String, String) {
    let views = kept_views(store);
    let view_of = |handle: &str| {
        views
            .iter()
            .find(|(key, body)| {
                key.ends_with("/-")
                    && report::stored::decode::<report::PersonReport>(body)
                        .is_some_and(|view| view.handle == handle)
            })
            .cloned()
            .unwrap_or_else(|| panic!("no kept view of {handle}"))
    };
    let ((first_key, first_body), (second_key, second_body)) = (view_of(first), view_of(second));
    let store = rusqlite::Connection::open(store).unwrap();
    let swap = "UPDATE results SET body = ?2 WHERE key = ?1";
    store.execute(swap, (&first_key, &second_body)).unwrap();
    store.execute(swap, (&second_key, &first_body)).unwrap();
    (first_key, second_key)
}

/// A dimension of a JSON person report, by id.
pub fn dimension<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["dimensions"]
        .as_array()
        .expect("a person report has dimensions")
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("no dimension {id}"))
}

/// The areas a team owns in `staffscope teams --format json`.
pub fn team_areas(teams: &serde_json::Value, name: &str) -> Vec<String> {
    teams["teams"]
        .as_array()
        .expect("teams")
        .iter()
        .find(|t| t["name"] == name)
        .map(|t| {
            t["areas"]
                .as_array()
                .expect("areas")
                .iter()
                .map(|a| a["area"].as_str().expect("area name").to_string())
                .collect()
        })
        .unwrap_or_default()
}

pub use store::testing::{TestDatabase, postgres_database};

/// A store for one test: a SQLite file in a temp folder, or a fresh
/// PostgreSQL database. `arg` is what `--store` takes.
pub enum TestStore {
    Sqlite(tempfile::TempDir),
    Postgres(TestDatabase),
}

impl TestStore {
    pub fn sqlite() -> TestStore {
        TestStore::Sqlite(tempfile::tempdir().expect("temp dir"))
    }

    pub fn postgres() -> TestStore {
        TestStore::Postgres(postgres_database())
    }

    pub fn arg(&self) -> String {
        match self {
            TestStore::Sqlite(dir) => dir.path().join("store.sqlite").display().to_string(),
            TestStore::Postgres(database) => database.url.clone(),
        }
    }
}

/// The home team of every person in an `export` (JSON), one entry per home.
pub fn export_home_teams(export: &serde_json::Value) -> Vec<String> {
    export["people"]
        .as_array()
        .expect("people")
        .iter()
        .flat_map(|p| p["teams"].as_array().expect("teams").iter())
        .map(|home| home["team"].as_str().expect("a team name").to_string())
        .collect()
}

/// A file or folder of the checked-in test data, `tests/data/`.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// The checked-in GitHub export (`tests/data/github-web-app`): each file's
/// name and text, with pull request #7's merge commit set to `merge_commit`.
pub fn github_export(merge_commit: &str) -> Vec<(String, String)> {
    std::fs::read_dir(data("github-web-app"))
        .expect("the GitHub export is checked in")
        .map(|entry| {
            let path = entry.expect("a directory entry").path();
            let text = std::fs::read_to_string(&path)
                .expect("export files are text")
                .replace("MERGE_SHA_7", merge_commit);
            let name = path.file_name().expect("a file name");
            (name.to_string_lossy().into_owned(), text)
        })
        .collect()
}

/// A small seeded generator (xorshift64*), so that a failing run can be
/// repeated.
pub struct Rng(pub u64);

impl Rng {
    /// A number below `bound` (0 when `bound` is 0).
    pub fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % bound.max(1) as u64) as usize
    }
}
