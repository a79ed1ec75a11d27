//! The built-in demo organization: real, bare git repositories with two years
//! of deterministic history, plus the team roster and the staffscope
//! configuration that point at them.
//!
//! The history is synthetic but shaped like a real company: six teams, forty
//! engineers, pull-request merges, review trailers, bots, a mailmap, an
//! ownership change, a mass reformat and a vendoring commit. Some behaviours
//! are planted on purpose so that an assessment has something to find: a
//! staff-mode engineer (`priya`) who reviews far more than she commits and
//! works across team boundaries, and a senior-mode engineer (`marcus`) who
//! writes a lot of code inside his own team's area and hardly ever reviews.
//!
//! Four repositories also get a GitHub code-review export in
//! `exports/<repo>/`, shaped exactly like the output of `gh api --paginate`:
//! one pull request per `Merge pull request #N` commit (with that commit's
//! id), a few open ones, and their reviews, review comments and review
//! requests. There Priya is asked for reviews by authors from four other
//! teams and answers most of them with inline comments, while Marcus is
//! asked at most three times, inside payments, and leaves at most two bare
//! approvals.
//!
//! The histories also hold design documents, each written by one commit at a
//! fixed date (see `DOCUMENTS` and `CITATIONS`): Priya's RFC-0001 in
//! platform-infra, a unified retry policy that engineers of payments,
//! checkout, search and identity adopt in their own code between March and
//! July 2025 with commits citing it; a Nygard ADR in payments-api by an
//! ordinary payments engineer, who later edits it once; a MADR decision by
//! Priya in shared-libs with deciders from two other teams; Priya's
//! post-incident review INC-2025-014 in checkout-web, whose remediation owners
//! then land the fixes; and a draft design in search-indexer that a teammate
//! of its author implements. Marcus writes no document: he never touches a
//! Markdown file.
//!
//! Every random choice comes from a small SplitMix64 generator seeded from
//! [`DemoOptions::seed`] and every date is explicit, so the same seed always
//! produces byte-identical commits. History is written by piping an in-memory
//! stream into `git fast-import`, which keeps generation fast.

pub mod scaled;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Options for [`generate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    /// Seed of the pseudo-random generator; the same seed gives the same commits.
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions { seed: 42 }
    }
}

/// What [`generate`] wrote and who the planted engineers are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOrg {
    /// The folder that was given to [`generate`].
    pub root: PathBuf,
    /// `root/staffscope.toml`.
    pub config: PathBuf,
    /// Repository names, e.g. `payments-api`; each lives at `root/repos/<name>.git`.
    pub repositories: Vec<String>,
    /// Handle of the planted staff-mode engineer.
    pub staff_engineer: String,
    /// Handle of the planted senior-mode coder.
    pub senior_mode_engineer: String,
}

/// Why the demo organization could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The repositories or exports folder holds something already; the demo never overwrites data.
    #[error("{} already exists and is not empty; refusing to overwrite it", .path.display())]
    NotEmpty { path: PathBuf },
    /// A configuration file exists already; the demo never overwrites data.
    #[error("{} already exists; refusing to overwrite it", .path.display())]
    FileExists { path: PathBuf },
    /// A folder could not be created or inspected.
    #[error("cannot create or read folder {}", .path.display())]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A configuration file could not be written.
    #[error("cannot write {}", .path.display())]
    WriteFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Git could not be started (is it installed?).
    #[error("cannot run `{command}` for demo repository {repository}")]
    Spawn {
        repository: String,
        command: String,
        #[source]
        source: std::io::Error,
    },
    /// The history stream could not be fed to `git fast-import`.
    #[error("cannot feed `{command}` for demo repository {repository}")]
    Feed {
        repository: String,
        command: String,
        #[source]
        source: std::io::Error,
    },
    /// Git ran but failed.
    #[error("`{command}` failed for demo repository {repository} ({status}): {stderr}")]
    Git {
        repository: String,
        command: String,
        status: String,
        stderr: String,
    },
}

/// Handle of the planted staff-mode engineer.
const STAFF: &str = "priya";
/// Handle of the planted senior-mode coder.
const SENIOR: &str = "marcus";
/// Handle of the engineer who moves from search to data.
const MOVER: &str = "leo";
/// Handle of the engineer who also commits with an old address.
const TWO_EMAILS: &str = "dana";

/// Generates the demo organization into `root`.
///
/// Creates `root` if needed and refuses to touch a non-empty `root/repos` or
/// `root/exports` or existing `teams.toml` / `staffscope.toml`, so user data
/// is never overwritten.
///
/// Besides the repositories, `root/exports/<repo>/` receives a GitHub
/// code-review export (pull requests, reviews, review comments and issue
/// events, as `gh api --paginate` writes them) for each of [`EXPORTED`].
pub fn generate(root: &Path, options: &DemoOptions) -> Result<DemoOrg, DemoError> {
    let repos_dir = root.join("repos");
    let exports_dir = root.join("exports");
    let teams_path = root.join("teams.toml");
    let config_path = root.join("staffscope.toml");
    refuse_existing(&[&repos_dir, &exports_dir], &[&teams_path, &config_path])?;
    create_dir(root)?;
    create_dir(&repos_dir)?;
    for name in EXPORTED {
        create_dir(&exports_dir.join(name))?;
    }

    let org = Org::new();
    let plans = plan(&org, options.seed);

    // Each repository is independent once planned, so they are written in
    // parallel; the plans are fixed beforehand, so scheduling cannot change
    // the output.
    let results: Vec<Result<(), DemoError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = plans
            .into_iter()
            .enumerate()
            .map(|(index, events)| {
                let org = &org;
                let name = org.repos[index].name;
                let dir = repos_dir.join(format!("{name}.git"));
                let export = EXPORTED.contains(&name).then(|| exports_dir.join(name));
                let seed = options.seed;
                scope.spawn(move || {
                    let history = build_repository(org, index, &dir, &events, seed)?;
                    match export {
                        Some(folder) => write_export(org, index, &history, seed, &folder),
                        None => Ok(()),
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    for result in results {
        result?;
    }

    write_new(&teams_path, &render_teams())?;
    write_new(&config_path, &render_config())?;
    // The staff-mode engineer keeps an evidence log: what no tool sees.
    let evidence_dir = root.join("evidence");
    create_dir(&evidence_dir)?;
    write_new(&evidence_dir.join(format!("{STAFF}.yaml")), EVIDENCE_LOG)?;
    // Calendars for two people: the staff engineer meets other teams weekly;
    // the senior-mode coder has only his own team's standup.
    let calendar_dir = root.join("calendars");
    create_dir(&calendar_dir)?;
    write_new(&calendar_dir.join(format!("{STAFF}.ics")), STAFF_CALENDAR)?;
    write_new(&calendar_dir.join(format!("{SENIOR}.ics")), SENIOR_CALENDAR)?;
    Ok(DemoOrg {
        root: root.to_path_buf(),
        config: config_path,
        repositories: org.repos.iter().map(|r| r.name.to_string()).collect(),
        staff_engineer: STAFF.to_string(),
        senior_mode_engineer: SENIOR.to_string(),
    })
}

/// priya's evidence log: two recommendations leadership took as they were,
/// and one mentoring note that is shown but not counted.
const EVIDENCE_LOG: &str = "# The evidence log of priya: what no tool sees. Entries are shown as self-reported.
person: priya
entries:
  - date: 2025-03-18
    dimension: trusted-judgment
    what: The VP of Engineering approved moving every service to the unified retry policy without a second review.
    links: [https://wiki.acme.example/decisions/retry-policy]
    confirm: [daniel.kim]
  - date: 2025-09-02
    dimension: trusted-judgment
    what: Leadership adopted my post-incident remediation plan for the checkout outage as written.
    confirm: [felix]
  - date: 2025-11-10
    dimension: relationships
    what: Mentored two search engineers through their first cross-team design reviews.
";

/// priya's calendar: weekly syncs with payments, checkout and search, and
/// the platform standup.
const STAFF_CALENDAR: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//acme//demo//EN\r
BEGIN:VEVENT\r
UID:retry-rollout@acme.example\r
SUMMARY:Retry policy rollout sync (payments\\, checkout\\, search)\r
DTSTART:20250303T150000Z\r
DTEND:20250303T160000Z\r
RRULE:FREQ=WEEKLY;UNTIL=20250801T000000Z\r
ORGANIZER;CN=Priya Raman:mailto:priya@acme.example\r
ATTENDEE;CN=Ana Souza:mailto:ana@acme.example\r
ATTENDEE;CN=Erik Lindqvist:mailto:erik@acme.example\r
ATTENDEE;CN=Soren Dahl:mailto:soren@acme.example\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:identity-office-hours@acme.example\r
SUMMARY:Identity architecture office hours\r
DTSTART:20250106T130000Z\r
DURATION:PT45M\r
RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=40\r
ORGANIZER;CN=Priya Raman:mailto:priya@acme.example\r
ATTENDEE;CN=Yusuf Demir:mailto:yusuf@acme.example\r
ATTENDEE;CN=Hannah Becker:mailto:hannah@acme.example\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:platform-standup@acme.example\r
SUMMARY:Platform standup\r
DTSTART:20250106T090000Z\r
DURATION:PT15M\r
RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20251219T000000Z\r
ATTENDEE:mailto:priya@acme.example\r
ATTENDEE:mailto:felix@acme.example\r
ATTENDEE:mailto:noor@acme.example\r
END:VEVENT\r
END:VCALENDAR\r
";

/// marcus's calendar: his team's standup and long focus blocks.
const SENIOR_CALENDAR: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//acme//demo//EN\r
BEGIN:VEVENT\r
UID:payments-standup@acme.example\r
SUMMARY:Payments standup\r
DTSTART:20250106T091500Z\r
DURATION:PT15M\r
RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20251219T000000Z\r
ATTENDEE:mailto:marcus@acme.example\r
ATTENDEE:mailto:ana@acme.example\r
ATTENDEE:mailto:kenji@acme.example\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:focus@acme.example\r
SUMMARY:Focus time\r
DTSTART:20250106T100000Z\r
DURATION:PT4H\r
RRULE:FREQ=DAILY;UNTIL=20251219T000000Z\r
END:VEVENT\r
END:VCALENDAR\r
";

/// Repositories that get a GitHub code-review export in `root/exports/<name>/`.
pub const EXPORTED: [&str; 4] = [
    "payments-api",
    "checkout-web",
    "search-indexer",
    "identity-service",
];

const CONFIG_HEAD: &str = r#"# staffscope configuration for the built-in demo organization.
#
# Paths are relative to this file. The repositories are bare git
# repositories generated by `staffscope demo`; teams.toml says who belongs
# to which team and which CODEOWNERS owners stand for each team.

# Where collected activity is cached between runs.
store = ".staffscope/store.sqlite"

# Repositories to read (glob patterns are allowed).
repositories = ["repos/*.git"]

# Team roster with membership dates.
teams_file = "teams.toml"

# Code review: GitHub exports written by `gh api --paginate` (pull requests,
# their reviews, review comments and issue events; see the README for the
# commands), one [[code_review]] table per repository. `github` is a folder
# of JSON files or a single file.
"#;

const CONFIG_TAIL: &str = r#"
# Only activity inside this window is assessed (inclusive dates).
[window]
since = "2024-12-01"
until = "2026-11-30"
"#;

fn render_config() -> String {
    let mut out = String::from(CONFIG_HEAD);
    for name in EXPORTED {
        out.push_str(&format!(
            "[[code_review]]\nrepository = \"{name}\"\ngithub = \"exports/{name}\"\n\n"
        ));
    }
    out.pop();
    out.push_str(CONFIG_TAIL);
    out
}

fn refuse_existing(dirs: &[&Path], files: &[&Path]) -> Result<(), DemoError> {
    for dir in dirs {
        refuse_non_empty(dir)?;
    }
    for file in files {
        if std::fs::symlink_metadata(file).is_ok() {
            return Err(DemoError::FileExists {
                path: file.to_path_buf(),
            });
        }
    }
    Ok(())
}

fn refuse_non_empty(dir: &Path) -> Result<(), DemoError> {
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if !meta.is_dir() => {
            return Err(DemoError::NotEmpty {
                path: dir.to_path_buf(),
            });
        }
        Ok(_) => {
            let mut entries = std::fs::read_dir(dir).map_err(|source| DemoError::Folder {
                path: dir.to_path_buf(),
                source,
            })?;
            if entries.next().is_some() {
                return Err(DemoError::NotEmpty {
                    path: dir.to_path_buf(),
                });
            }
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => {
            return Err(DemoError::Folder {
                path: dir.to_path_buf(),
                source,
            });
        }
    }
    Ok(())
}

fn create_dir(path: &Path) -> Result<(), DemoError> {
    std::fs::create_dir_all(path).map_err(|source| DemoError::Folder {
        path: path.to_path_buf(),
        source,
    })
}

fn write_new(path: &Path, contents: &str) -> Result<(), DemoError> {
    let wrap = |source| DemoError::WriteFile {
        path: path.to_path_buf(),
        source,
    };
    // `create_new` makes the existence check and the creation one step, so a
    // file that appeared in the meantime is still not overwritten.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(wrap)?;
    file.write_all(contents.as_bytes()).map_err(wrap)
}

// ---------------------------------------------------------------------------
// Running git
// ---------------------------------------------------------------------------

/// A `git` command isolated from the user's configuration and environment,
/// so that generation is the same on every machine.
fn git_command() -> Command {
    let mut command = Command::new("git");
    command
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C");
    for variable in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR",
        "GIT_NAMESPACE",
        "GIT_CONFIG",
        "GIT_CONFIG_PARAMETERS",
        "GIT_CONFIG_COUNT",
        "GIT_AUTHOR_DATE",
        "GIT_COMMITTER_DATE",
    ] {
        command.env_remove(variable);
    }
    command
}

/// Runs git with `args`, optionally feeding `input` on stdin, and returns stdout.
fn run_git(
    repository: &str,
    args: &[OsString],
    input: Option<Vec<u8>>,
) -> Result<Vec<u8>, DemoError> {
    let command_text = std::iter::once("git".to_string())
        .chain(args.iter().map(|a| a.to_string_lossy().into_owned()))
        .collect::<Vec<_>>()
        .join(" ");
    let mut command = git_command();
    command
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().map_err(|source| DemoError::Spawn {
        repository: repository.to_string(),
        command: command_text.clone(),
        source,
    })?;
    // The input is written from another thread while this one drains stdout
    // and stderr, so a chatty child can never deadlock against a full pipe.
    let writer = match (input, child.stdin.take()) {
        (Some(bytes), Some(mut stdin)) => Some(std::thread::spawn(move || stdin.write_all(&bytes))),
        _ => None,
    };
    let output = child
        .wait_with_output()
        .map_err(|source| DemoError::Spawn {
            repository: repository.to_string(),
            command: command_text.clone(),
            source,
        })?;
    let written = match writer {
        Some(handle) => handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        None => Ok(()),
    };
    if !output.status.success() {
        return Err(DemoError::Git {
            repository: repository.to_string(),
            command: command_text,
            status: output.status.to_string(),
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        });
    }
    written.map_err(|source| DemoError::Feed {
        repository: repository.to_string(),
        command: command_text,
        source,
    })?;
    Ok(output.stdout)
}

fn git_dir_args(dir: &Path, rest: &[&str]) -> Vec<OsString> {
    let mut args = vec![OsString::from("--git-dir"), dir.as_os_str().to_os_string()];
    args.extend(rest.iter().map(OsString::from));
    args
}

fn fast_import(repository: &str, dir: &Path, stream: Vec<u8>) -> Result<(), DemoError> {
    run_git(
        repository,
        &git_dir_args(dir, &["fast-import", "--quiet", "--done"]),
        Some(stream),
    )
    .map(|_| ())
}

fn rev_parse_main(repository: &str, dir: &Path) -> Result<String, DemoError> {
    let args = git_dir_args(dir, &["rev-parse", "--verify", "refs/heads/main"]);
    let stdout = run_git(repository, &args, None)?;
    let id = String::from_utf8_lossy(&stdout).trim().to_string();
    if id.len() == 40 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(id)
    } else {
        Err(DemoError::Git {
            repository: repository.to_string(),
            command: "git rev-parse --verify refs/heads/main".to_string(),
            status: "unexpected output".to_string(),
            stderr: id,
        })
    }
}

/// What the code-review export needs to know about a written repository.
#[derive(Debug, Clone)]
struct History {
    pulls: Vec<PullRecord>,
    /// The highest pull request number used in commit messages.
    last_number: u32,
    /// Source files of the final tree, for open pull requests to touch.
    paths: Vec<String>,
    /// Pull request number -> id of its `Merge pull request` commit.
    merges: BTreeMap<u32, String>,
}

/// Initializes one bare repository and writes its whole history.
fn build_repository(
    org: &Org,
    index: usize,
    dir: &Path,
    events: &[Event],
    seed: u64,
) -> Result<History, DemoError> {
    let spec = &org.repos[index];
    let mut init = vec![
        OsString::from("init"),
        OsString::from("--bare"),
        OsString::from("-q"),
        OsString::from("-b"),
        OsString::from("main"),
    ];
    init.push(dir.as_os_str().to_os_string());
    run_git(spec.name, &init, None)?;

    let mut writer = Writer::new(org, index, Rng::derived(seed, 1000 + index as u64));
    for (position, event) in events.iter().enumerate() {
        // Planted recurring problems are direct commits that leave the timing
        // of everything else as it was.
        let next = events[position + 1..]
            .iter()
            .find(|e| !matches!(e.work, Work::Planted(_)))
            .map_or(LAST_MOMENT, |e| e.time);
        if matches!(event.work, Work::BlameIgnore) {
            // The ignore file must name the reformat commit, whose id only
            // exists once git has written it: import what we have, ask git,
            // and continue in a second fast-import run on top of main.
            fast_import(spec.name, dir, writer.take_stream())?;
            writer.prettier_id = Some(rev_parse_main(spec.name, dir)?);
            writer.tip = Tip::Continue;
        }
        writer.process(event, next);
    }
    fast_import(spec.name, dir, writer.take_stream())?;
    let merges = if EXPORTED.contains(&spec.name) {
        merge_commits(spec.name, dir)?
    } else {
        BTreeMap::new()
    };
    let paths = writer
        .files
        .iter()
        .filter(|(path, body)| {
            matches!(body, Body::Text(_))
                && spec
                    .modules
                    .iter()
                    .any(|m| m.kind == Kind::Code && path.starts_with(m.dir))
        })
        .map(|(path, _)| path.clone())
        .collect();
    Ok(History {
        pulls: writer.pulls,
        last_number: writer.pr_number,
        paths,
        merges,
    })
}

/// The ids of the `Merge pull request #N from ...` commits on main, by N.
fn merge_commits(repository: &str, dir: &Path) -> Result<BTreeMap<u32, String>, DemoError> {
    let args = git_dir_args(
        dir,
        &[
            "log",
            "--merges",
            "--first-parent",
            "--format=%H %s",
            "refs/heads/main",
        ],
    );
    let stdout = run_git(repository, &args, None)?;
    let mut merges = BTreeMap::new();
    for line in String::from_utf8_lossy(&stdout).lines() {
        let Some((id, subject)) = line.split_once(' ') else {
            continue;
        };
        let number = subject
            .strip_prefix("Merge pull request #")
            .and_then(|rest| rest.split_once(' '))
            .and_then(|(number, _)| number.parse::<u32>().ok());
        if let Some(number) = number {
            merges.insert(number, id.to_string());
        }
    }
    Ok(merges)
}

// ---------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------

/// SplitMix64: tiny, fast and fully specified, so output never depends on a
/// crate version.
#[derive(Debug, Clone)]
struct Rng {
    state: u64,
}

impl Rng {
    fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    /// A generator for an independent stream, e.g. one per repository.
    fn derived(seed: u64, salt: u64) -> Self {
        let mut mixer = Rng::new(seed ^ salt.wrapping_mul(0xA076_1D64_78BD_642F));
        Rng::new(mixer.next_u64())
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`; `n` must be positive.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    fn index(&mut self, len: usize) -> usize {
        self.below(len.max(1) as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }

    fn chance(&mut self, probability: f64) -> bool {
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        unit < probability
    }

    /// A random element of a table that is never empty.
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.index(items.len())]
    }

    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut roll = self.below(total.max(1));
        for (index, &weight) in weights.iter().enumerate() {
            if roll < u64::from(weight) {
                return index;
            }
            roll -= u64::from(weight);
        }
        weights.len().saturating_sub(1)
    }
}

// ---------------------------------------------------------------------------
// Calendar
// ---------------------------------------------------------------------------

const DAY: i64 = 86_400;

/// Unix seconds of midnight UTC on a civil date (proleptic Gregorian).
const fn date(year: i64, month: i64, day: i64) -> i64 {
    // Howard Hinnant's days_from_civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * DAY
}

/// First day on which ordinary work is planned (after the initial imports).
const FIRST_WORK_DAY: i64 = date(2024, 12, 3) / DAY;
/// Last day on which ordinary work is planned.
const LAST_WORK_DAY: i64 = date(2026, 11, 18) / DAY;
/// Nothing is ever dated after this moment.
const LAST_MOMENT: i64 = date(2026, 11, 20) - 3600;
/// Leo moves from search to data on this day.
const MOVE_DAY: i64 = date(2025, 7, 1);
/// `libs/auth/` in shared-libs moves from identity to platform at this moment.
const AUTH_MOVE: i64 = date(2025, 9, 16) + 14 * 3600;

/// 0 is Sunday, 6 is Saturday.
fn weekday(day: i64) -> i64 {
    (day + 4).rem_euclid(7)
}

/// A plausible moment of work for someone in `tz` minutes east of UTC.
fn work_time(rng: &mut Rng, tz: i32) -> i64 {
    let mut day = rng.between(FIRST_WORK_DAY, LAST_WORK_DAY);
    // Most people do not work at weekends; move most weekend picks to the
    // nearest weekday but keep a few, because real histories have them.
    if !rng.chance(0.05) {
        match weekday(day) {
            6 => day += if rng.chance(0.5) { -1 } else { 2 },
            0 => day += if rng.chance(0.5) { -2 } else { 1 },
            _ => {}
        }
    }
    let local = if rng.chance(0.05) {
        rng.between(20 * 3600, 23 * 3600)
    } else {
        rng.between(8 * 3600 + 1800, 19 * 3600)
    };
    day * DAY + local - i64::from(tz) * 60
}

/// A moment on a fixed day at a local hour and minute for someone in `tz`.
fn local_moment(day_start: i64, hour: i64, minute: i64, tz: i32) -> i64 {
    day_start + hour * 3600 + minute * 60 - i64::from(tz) * 60
}

// ---------------------------------------------------------------------------
// The organization
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Team {
    Payments,
    Checkout,
    Identity,
    Search,
    Data,
    Platform,
}

const TEAMS: [Team; 6] = [
    Team::Payments,
    Team::Checkout,
    Team::Identity,
    Team::Search,
    Team::Data,
    Team::Platform,
];

impl Team {
    fn name(self) -> &'static str {
        match self {
            Team::Payments => "payments",
            Team::Checkout => "checkout",
            Team::Identity => "identity",
            Team::Search => "search",
            Team::Data => "data",
            Team::Platform => "platform",
        }
    }

    /// CODEOWNERS owners that stand for the team; platform also runs the SRE alias.
    fn codeowners(self) -> &'static [&'static str] {
        match self {
            Team::Payments => &["@acme/payments"],
            Team::Checkout => &["@acme/checkout"],
            Team::Identity => &["@acme/identity"],
            Team::Search => &["@acme/search"],
            Team::Data => &["@acme/data"],
            Team::Platform => &["@acme/platform", "@acme/sre"],
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Person {
    handle: &'static str,
    name: &'static str,
    email: &'static str,
    team: Team,
    /// Fixed UTC offset in minutes.
    tz: i32,
}

/// Builds a roster entry; the email is `<handle>@acme.example`, which is how
/// the tool infers a handle.
macro_rules! person {
    ($handle:literal, $name:literal, $team:expr, $tz:expr) => {
        Person {
            handle: $handle,
            name: $name,
            email: concat!($handle, "@acme.example"),
            team: $team,
            tz: $tz,
        }
    };
}

const ROSTER: &[Person] = &[
    person!("marcus", "Marcus Webb", Team::Payments, 0),
    person!("ana", "Ana Souza", Team::Payments, -180),
    person!("kenji", "Kenji Watanabe", Team::Payments, 540),
    person!("fatima", "Fatima Al-Sayed", Team::Payments, 60),
    person!("oliver.brandt", "Oliver Brandt", Team::Payments, 60),
    person!("ines", "Inês Carvalho", Team::Payments, 0),
    person!("tomasz", "Tomasz Nowak", Team::Payments, 60),
    person!("sofia", "Sofia Rossi", Team::Checkout, 60),
    person!("james.okoro", "James Okoro", Team::Checkout, 0),
    person!("mei", "Mei Chen", Team::Checkout, -480),
    person!("lucas", "Lucas Martin", Team::Checkout, 60),
    person!("amara", "Amara Nwosu", Team::Checkout, 60),
    person!("erik", "Erik Lindqvist", Team::Checkout, 60),
    person!("nadia", "Nadia Haddad", Team::Checkout, 120),
    person!("yusuf", "Yusuf Demir", Team::Identity, 180),
    person!("hannah", "Hannah Becker", Team::Identity, 60),
    person!("raj", "Raj Malhotra", Team::Identity, 330),
    person!("chloe", "Chloé Dubois", Team::Identity, 60),
    person!("diego", "Diego Fernández", Team::Identity, -300),
    person!("aiko", "Aiko Tanaka", Team::Identity, 540),
    person!("tariq", "Tariq Aziz", Team::Identity, 300),
    person!("leo", "Leo Marchetti", Team::Search, 60),
    person!("soren", "Søren Dahl", Team::Search, 60),
    person!("wei", "Wei Zhang", Team::Search, 480),
    person!("maya", "Maya Cohen", Team::Search, 120),
    person!("pablo", "Pablo Ortega", Team::Search, -300),
    person!("grace", "Grace Mensah", Team::Search, 0),
    person!("nikolai", "Nikolai Petrov", Team::Search, 120),
    person!("dana", "Dana Okafor", Team::Data, -300),
    person!("omar", "Omar Farouk", Team::Data, 120),
    person!("lena", "Lena Vogel", Team::Data, 60),
    person!("arjun", "Arjun Iyer", Team::Data, 330),
    person!("zoe", "Zoë Clarke", Team::Data, 0),
    person!("kwame", "Kwame Asante", Team::Data, 0),
    person!("priya", "Priya Raman", Team::Platform, 0),
    person!("felix", "Felix Wagner", Team::Platform, 60),
    person!("ingrid", "Ingrid Halvorsen", Team::Platform, 60),
    person!("samuel", "Samuel Adeyemi", Team::Platform, 60),
    person!("noor", "Noor Khan", Team::Platform, 300),
    person!("daniel.kim", "Daniel Kim", Team::Platform, -480),
];

fn person_index(handle: &str) -> usize {
    ROSTER
        .iter()
        .position(|p| p.handle == handle)
        .expect("planted handles are in the static roster")
}

/// The team someone belongs to at a moment; only Leo ever changes team.
fn team_at(person: usize, time: i64) -> Team {
    let p = &ROSTER[person];
    if p.handle == MOVER && time >= MOVE_DAY {
        Team::Data
    } else {
        p.team
    }
}

/// An author or committer identity as written into a commit.
#[derive(Debug, Clone, Copy)]
struct Ident {
    name: &'static str,
    email: &'static str,
    tz: i32,
}

const GITHUB: Ident = Ident {
    name: "GitHub",
    email: "noreply@github.com",
    tz: 0,
};
const DEPENDABOT: Ident = Ident {
    name: "dependabot[bot]",
    email: "49699333+dependabot[bot]@users.noreply.github.com",
    tz: 0,
};
const RENOVATE: Ident = Ident {
    name: "renovate[bot]",
    email: "bot@renovateapp.com",
    tz: 0,
};
const DANA_OLD: Ident = Ident {
    name: "Dana O.",
    email: "dana.okafor@oldmail.example",
    tz: -300,
};

fn person_ident(person: usize) -> Ident {
    let p = &ROSTER[person];
    Ident {
        name: p.name,
        email: p.email,
        tz: p.tz,
    }
}

fn trailer_value(person: usize) -> String {
    let ident = person_ident(person);
    format!("{} <{}>", ident.name, ident.email)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Go,
    Rust,
    Ts,
    Tsx,
    Python,
    Kotlin,
    Sql,
    Terraform,
    Yaml,
    Markdown,
    Css,
    Json,
}

impl Lang {
    fn ext(self) -> &'static str {
        match self {
            Lang::Go => "go",
            Lang::Rust => "rs",
            Lang::Ts => "ts",
            Lang::Tsx => "tsx",
            Lang::Python => "py",
            Lang::Kotlin => "kt",
            Lang::Sql => "sql",
            Lang::Terraform => "tf",
            Lang::Yaml => "yaml",
            Lang::Markdown => "md",
            Lang::Css => "css",
            Lang::Json => "json",
        }
    }
}

/// How a module's files come to be and change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Ordinary source files that are edited over time.
    Code,
    /// Database migrations: every change adds a new numbered file.
    Migrations,
    /// GitHub Actions workflows.
    Workflows,
    /// Tests only.
    Tests,
    /// Generated icon components, only touched by the reformat.
    Icons,
    /// Translation catalogues, only touched by the reformat.
    Locales,
}

#[derive(Debug, Clone)]
struct Module {
    dir: &'static str,
    lang: Lang,
    kind: Kind,
    owner: Team,
    /// An ownership change recorded in CODEOWNERS: from this moment on the module belongs to another team.
    moved: Option<(i64, Team)>,
    /// How often the owning team works here, relative to its other modules.
    weight: u32,
    /// Scope used in commit subjects, e.g. `ledger`.
    scope: &'static str,
    nouns: &'static [&'static str],
    /// Files created by the initial import.
    initial: usize,
    /// Commands that CI jobs run, for workflow modules.
    commands: &'static [&'static str],
}

impl Module {
    fn owner_at(&self, time: i64) -> Team {
        match self.moved {
            Some((moment, team)) if time >= moment => team,
            _ => self.owner,
        }
    }

    /// File extension of the module's files.
    fn ext(&self) -> &'static str {
        if self.kind == Kind::Workflows {
            "yml"
        } else {
            self.lang.ext()
        }
    }

    /// The Go package, Kotlin package or similar name for the module.
    fn package(&self) -> &'static str {
        self.scope
    }
}

fn module(
    dir: &'static str,
    lang: Lang,
    owner: Team,
    weight: u32,
    scope: &'static str,
    nouns: &'static [&'static str],
    initial: usize,
) -> Module {
    Module {
        dir,
        lang,
        kind: Kind::Code,
        owner,
        moved: None,
        weight,
        scope,
        nouns,
        initial,
        commands: &[],
    }
}

fn with_kind(mut m: Module, kind: Kind) -> Module {
    m.kind = kind;
    m
}

/// Dependency manifests and lock files that bots keep bumping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ecosystem {
    Go,
    Npm,
    Cargo,
    Poetry,
    Terraform,
    Gradle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bot {
    Dependabot,
    Renovate,
}

#[derive(Debug, Clone)]
struct Repo {
    name: &'static str,
    owner: Team,
    description: &'static str,
    /// The team member who made the initial import.
    initializer: &'static str,
    modules: Vec<Module>,
    /// How the repository records which team owns which paths.
    team_map: TeamMap,
    ecosystem: Ecosystem,
    /// Folder of the manifest and lock file, "" for the repository root.
    manifest_dir: &'static str,
    bot: Bot,
    mailmap: bool,
}

#[derive(Debug, Clone, Copy)]
enum Owners {
    /// A fixed list of owners.
    Fixed(&'static [&'static str]),
    /// Whoever owns the module with this index at the time.
    Module(usize),
}

/// The team-map format a repository uses.
#[derive(Debug, Clone)]
enum TeamMap {
    /// `.github/CODEOWNERS`: a catch-all for the repository's owner, then these
    /// lines, each a pattern and the owners that apply to it.
    Codeowners(Vec<(&'static str, Owners)>),
    /// Kubernetes-style `OWNERS` files with a root `OWNERS_ALIASES`.
    Owners(&'static KubeOwners),
}

/// Kubernetes-style ownership: aliases for groups of handles and the `OWNERS`
/// files that name them.
#[derive(Debug)]
struct KubeOwners {
    /// `OWNERS_ALIASES` entries: alias name and the handles it stands for.
    aliases: &'static [(&'static str, &'static [&'static str])],
    files: &'static [OwnersFile],
}

/// One `OWNERS` file.
#[derive(Debug)]
struct OwnersFile {
    /// Folder holding the file, "" for the repository root.
    dir: &'static str,
    /// Whether approvers of parent folders stop applying here.
    no_parent_owners: bool,
    approvers: &'static [&'static str],
    reviewers: &'static [&'static str],
    labels: &'static [&'static str],
}

impl TeamMap {
    /// Where ownership is recorded, for commit messages.
    fn described(&self) -> &'static str {
        match self {
            TeamMap::Codeowners(_) => ".github/CODEOWNERS",
            TeamMap::Owners(_) => "OWNERS files",
        }
    }

    /// Where ownership is recorded, for Markdown.
    fn described_md(&self) -> &'static str {
        match self {
            TeamMap::Codeowners(_) => "`.github/CODEOWNERS`",
            TeamMap::Owners(_) => "the `OWNERS` files (aliases in `OWNERS_ALIASES`)",
        }
    }
}

impl OwnersFile {
    fn path(&self) -> String {
        format!("{}OWNERS", self.dir)
    }
}

/// mobile-app: checkout owns the app and `app/checkout/`, identity owns
/// `app/login/` on its own.
const MOBILE_OWNERS: KubeOwners = KubeOwners {
    aliases: &[
        ("checkout-approvers", &["erik", "mei"]),
        ("identity-approvers", &["yusuf", "raj"]),
        ("mobile-reviewers", &["lucas", "nadia", "tariq", "chloe"]),
    ],
    files: &[
        OwnersFile {
            dir: "",
            no_parent_owners: false,
            approvers: &["checkout-approvers"],
            reviewers: &["mobile-reviewers"],
            labels: &["team/checkout"],
        },
        OwnersFile {
            dir: "app/checkout/",
            no_parent_owners: false,
            approvers: &["checkout-approvers"],
            reviewers: &["mobile-reviewers"],
            labels: &["team/checkout"],
        },
        OwnersFile {
            dir: "app/login/",
            no_parent_owners: true,
            approvers: &["identity-approvers"],
            reviewers: &[],
            labels: &["team/identity"],
        },
    ],
};

struct Org {
    repos: Vec<Repo>,
}

const GO_CI: &[&str] = &[
    "go test ./...",
    "go vet ./...",
    "golangci-lint run",
    "make migrate-check",
];
const NPM_CI: &[&str] = &[
    "npm ci && npm test",
    "npm run lint",
    "npm run build",
    "npx playwright test",
];
const RUST_CI: &[&str] = &[
    "cargo test --locked",
    "cargo clippy -- -D warnings",
    "cargo bench --no-run",
];
const PY_CI: &[&str] = &[
    "poetry run pytest -q",
    "poetry run ruff check .",
    "dbt build --select state:modified+",
];
const TF_CI: &[&str] = &[
    "terraform fmt -check -recursive",
    "terraform validate",
    "kubeconform k8s/",
];
const GRADLE_CI: &[&str] = &[
    "./gradlew check",
    "./gradlew assembleRelease",
    "./gradlew lint",
];
const MIXED_CI: &[&str] = &[
    "make test",
    "make lint",
    "go test ./libs/...",
    "cargo test --manifest-path libs/money/Cargo.toml",
];
const CI_OWNERS_PAYMENTS: &[&str] = &["@acme/payments", "@acme/platform"];
const CI_OWNERS_CHECKOUT: &[&str] = &["@acme/checkout", "@acme/platform"];
const CI_OWNERS_IDENTITY: &[&str] = &["@acme/identity", "@acme/platform"];
const CI_OWNERS_SEARCH: &[&str] = &["@acme/search", "@acme/platform"];
const CI_OWNERS_DATA: &[&str] = &["@acme/data", "@acme/platform"];

impl Org {
    fn new() -> Self {
        use Lang::*;
        use Team::*;
        let workflows = |owner, commands| Module {
            commands,
            ..with_kind(
                module(
                    ".github/workflows/",
                    Yaml,
                    owner,
                    2,
                    "ci",
                    &["build", "test", "lint", "release", "deploy"],
                    1,
                ),
                Kind::Workflows,
            )
        };
        let docs =
            |owner, weight, nouns| module("docs/", Markdown, owner, weight, "docs", nouns, 2);
        let mut auth = module(
            "libs/auth/",
            Go,
            Identity,
            10,
            "auth",
            &["token", "verifier", "claims", "jwks", "session"],
            3,
        );
        auth.moved = Some((AUTH_MOVE, Platform));
        let repos = vec![
            Repo {
                name: "payments-api",
                owner: Payments,
                description: "Payment processing API: charges, refunds, the ledger and settlement with acquirers.",
                initializer: "oliver.brandt",
                modules: vec![
                    module(
                        "src/ledger/",
                        Go,
                        Payments,
                        30,
                        "ledger",
                        &[
                            "entry", "journal", "balance", "posting", "account", "reversal",
                        ],
                        4,
                    ),
                    module(
                        "src/api/",
                        Go,
                        Payments,
                        25,
                        "api",
                        &["handler", "charge", "refund", "webhook", "token", "request"],
                        4,
                    ),
                    module(
                        "src/settlement/",
                        Go,
                        Payments,
                        20,
                        "settlement",
                        &["settlement", "batch", "payout", "cutoff", "report"],
                        3,
                    ),
                    module(
                        "src/gateway/",
                        Go,
                        Payments,
                        15,
                        "gateway",
                        &["gateway", "acquirer", "card", "timeout", "capture"],
                        3,
                    ),
                    with_kind(
                        module(
                            "migrations/",
                            Sql,
                            Payments,
                            6,
                            "db",
                            &["ledger", "payout", "refund", "settlement", "fee"],
                            3,
                        ),
                        Kind::Migrations,
                    ),
                    docs(
                        Payments,
                        3,
                        &[
                            "runbook",
                            "settlement",
                            "ledger",
                            "incident",
                            "reconciliation",
                        ],
                    ),
                    workflows(Payments, GO_CI),
                ],
                team_map: TeamMap::Codeowners(vec![
                    ("/.github/workflows/", Owners::Fixed(CI_OWNERS_PAYMENTS)),
                    ("/migrations/", Owners::Module(4)),
                    ("/docs/", Owners::Module(5)),
                ]),
                ecosystem: Ecosystem::Go,
                manifest_dir: "",
                bot: Bot::Dependabot,
                mailmap: false,
            },
            Repo {
                name: "checkout-web",
                owner: Checkout,
                description: "The checkout web front end: cart, shipping, payment and confirmation pages.",
                initializer: "sofia",
                modules: vec![
                    module(
                        "src/cart/",
                        Ts,
                        Checkout,
                        25,
                        "cart",
                        &["cart", "line", "discount", "coupon", "total", "tax"],
                        4,
                    ),
                    module(
                        "src/components/",
                        Tsx,
                        Checkout,
                        25,
                        "components",
                        &[
                            "button", "summary", "banner", "modal", "stepper", "badge", "price",
                        ],
                        10,
                    ),
                    module(
                        "src/pages/",
                        Tsx,
                        Checkout,
                        15,
                        "pages",
                        &["checkout", "review", "confirmation", "shipping", "payment"],
                        5,
                    ),
                    module(
                        "src/hooks/",
                        Ts,
                        Checkout,
                        10,
                        "hooks",
                        &["session", "cart", "address", "promo"],
                        4,
                    ),
                    module(
                        "src/api/",
                        Ts,
                        Checkout,
                        10,
                        "api",
                        &["client", "order", "quote", "shipment"],
                        3,
                    ),
                    module(
                        "src/styles/",
                        Css,
                        Checkout,
                        5,
                        "styles",
                        &["layout", "theme", "form", "cart"],
                        6,
                    ),
                    with_kind(
                        module("src/icons/", Tsx, Checkout, 0, "icons", &["icon"], 0),
                        Kind::Icons,
                    ),
                    with_kind(
                        module("src/locales/", Json, Checkout, 0, "i18n", &["locale"], 0),
                        Kind::Locales,
                    ),
                    with_kind(
                        module(
                            "tests/",
                            Ts,
                            Checkout,
                            7,
                            "tests",
                            &["cart", "checkout", "coupon", "address"],
                            4,
                        ),
                        Kind::Tests,
                    ),
                    docs(
                        Checkout,
                        3,
                        &["architecture", "release", "accessibility", "analytics"],
                    ),
                    workflows(Checkout, NPM_CI),
                ],
                team_map: TeamMap::Codeowners(vec![
                    ("/.github/workflows/", Owners::Fixed(CI_OWNERS_CHECKOUT)),
                    ("/src/", Owners::Module(0)),
                    ("/docs/", Owners::Module(9)),
                ]),
                ecosystem: Ecosystem::Npm,
                manifest_dir: "",
                bot: Bot::Dependabot,
                mailmap: false,
            },
            Repo {
                name: "identity-service",
                owner: Identity,
                description: "Accounts, sessions, OAuth and multi-factor authentication.",
                initializer: "hannah",
                modules: vec![
                    module(
                        "src/sessions/",
                        Go,
                        Identity,
                        25,
                        "sessions",
                        &["session", "cookie", "refresh", "device"],
                        3,
                    ),
                    module(
                        "src/oauth/",
                        Go,
                        Identity,
                        25,
                        "oauth",
                        &["client", "grant", "token", "consent", "scope"],
                        4,
                    ),
                    module(
                        "src/users/",
                        Go,
                        Identity,
                        20,
                        "users",
                        &["user", "profile", "email", "password"],
                        3,
                    ),
                    module(
                        "src/mfa/",
                        Go,
                        Identity,
                        15,
                        "mfa",
                        &["totp", "challenge", "recovery", "webauthn"],
                        3,
                    ),
                    with_kind(
                        module(
                            "migrations/",
                            Sql,
                            Identity,
                            6,
                            "db",
                            &["user", "session", "grant", "device"],
                            2,
                        ),
                        Kind::Migrations,
                    ),
                    docs(
                        Identity,
                        3,
                        &["oauth", "sessions", "runbook", "threat-model"],
                    ),
                    workflows(Identity, GO_CI),
                ],
                team_map: TeamMap::Codeowners(vec![
                    ("/.github/workflows/", Owners::Fixed(CI_OWNERS_IDENTITY)),
                    ("/src/mfa/", Owners::Module(3)),
                    ("/docs/", Owners::Module(5)),
                ]),
                ecosystem: Ecosystem::Go,
                manifest_dir: "",
                bot: Bot::Dependabot,
                mailmap: false,
            },
            Repo {
                name: "search-indexer",
                owner: Search,
                description: "Builds and serves the product search index.",
                initializer: "soren",
                modules: vec![
                    module(
                        "src/index/",
                        Rust,
                        Search,
                        30,
                        "index",
                        &["segment", "posting", "shard", "writer", "merge"],
                        4,
                    ),
                    module(
                        "src/query/",
                        Rust,
                        Search,
                        30,
                        "query",
                        &["query", "token", "ranker", "filter", "facet"],
                        4,
                    ),
                    module(
                        "src/ingest/",
                        Rust,
                        Search,
                        20,
                        "ingest",
                        &["document", "batch", "feed", "schema"],
                        3,
                    ),
                    module(
                        "benches/",
                        Rust,
                        Search,
                        4,
                        "bench",
                        &["index", "query", "ranker"],
                        1,
                    ),
                    docs(Search, 3, &["ranking", "relevance", "runbook", "schema"]),
                    workflows(Search, RUST_CI),
                ],
                team_map: TeamMap::Codeowners(vec![
                    ("/.github/workflows/", Owners::Fixed(CI_OWNERS_SEARCH)),
                    ("/src/query/", Owners::Module(1)),
                    ("/docs/", Owners::Module(4)),
                ]),
                ecosystem: Ecosystem::Cargo,
                manifest_dir: "",
                bot: Bot::Dependabot,
                mailmap: false,
            },
            Repo {
                name: "data-pipeline",
                owner: Data,
                description: "Batch jobs and SQL models that feed the warehouse and the finance reports.",
                initializer: "lena",
                modules: vec![
                    module(
                        "pipeline/jobs/",
                        Python,
                        Data,
                        30,
                        "jobs",
                        &["export", "orders", "revenue", "cohort", "churn"],
                        4,
                    ),
                    module(
                        "pipeline/io/",
                        Python,
                        Data,
                        20,
                        "io",
                        &["reader", "writer", "bucket", "partition"],
                        3,
                    ),
                    module(
                        "models/",
                        Sql,
                        Data,
                        20,
                        "models",
                        &["order", "payment", "session", "funnel", "refund"],
                        4,
                    ),
                    with_kind(
                        module(
                            "tests/",
                            Python,
                            Data,
                            10,
                            "tests",
                            &["export", "orders", "reader", "revenue"],
                            3,
                        ),
                        Kind::Tests,
                    ),
                    module(
                        "dags/",
                        Python,
                        Data,
                        8,
                        "dags",
                        &["daily", "hourly", "backfill"],
                        2,
                    ),
                    docs(Data, 3, &["warehouse", "contracts", "runbook", "lineage"]),
                    workflows(Data, PY_CI),
                ],
                team_map: TeamMap::Codeowners(vec![
                    ("/.github/workflows/", Owners::Fixed(CI_OWNERS_DATA)),
                    ("/models/", Owners::Module(2)),
                    ("/docs/", Owners::Module(5)),
                ]),
                ecosystem: Ecosystem::Poetry,
                manifest_dir: "",
                bot: Bot::Dependabot,
                mailmap: true,
            },
            Repo {
                name: "platform-infra",
                owner: Platform,
                description: "Terraform and Kubernetes configuration for every environment.",
                initializer: "felix",
                modules: vec![
                    module(
                        "terraform/modules/network/",
                        Terraform,
                        Platform,
                        25,
                        "network",
                        &["vpc", "subnet", "nat", "route", "firewall"],
                        3,
                    ),
                    module(
                        "terraform/modules/cluster/",
                        Terraform,
                        Platform,
                        25,
                        "cluster",
                        &["cluster", "nodepool", "iam", "autoscaler"],
                        3,
                    ),
                    module(
                        "terraform/envs/",
                        Terraform,
                        Platform,
                        15,
                        "envs",
                        &["prod", "staging", "dev", "sandbox"],
                        3,
                    ),
                    module(
                        "k8s/",
                        Yaml,
                        Platform,
                        25,
                        "k8s",
                        &["ingress", "deployment", "configmap", "alert", "quota"],
                        4,
                    ),
                    docs(
                        Platform,
                        6,
                        &["oncall", "runbook", "postmortem", "capacity"],
                    ),
                    workflows(Platform, TF_CI),
                ],
                team_map: TeamMap::Codeowners(vec![
                    ("/k8s/", Owners::Fixed(&["@acme/sre"])),
                    ("/docs/", Owners::Module(4)),
                ]),
                ecosystem: Ecosystem::Terraform,
                manifest_dir: "terraform/",
                bot: Bot::Renovate,
                mailmap: false,
            },
            Repo {
                name: "mobile-app",
                owner: Checkout,
                description: "The Android shopping app.",
                initializer: "erik",
                modules: vec![
                    module(
                        "app/checkout/src/main/kotlin/com/acme/checkout/",
                        Kotlin,
                        Checkout,
                        22,
                        "checkout",
                        &["cart", "basket", "payment", "summary", "delivery"],
                        4,
                    ),
                    module(
                        "app/login/src/main/kotlin/com/acme/login/",
                        Kotlin,
                        Identity,
                        30,
                        "login",
                        &["login", "biometric", "session", "otp"],
                        3,
                    ),
                    module(
                        "app/core/src/main/kotlin/com/acme/core/",
                        Kotlin,
                        Checkout,
                        8,
                        "core",
                        &["network", "analytics", "theme", "storage"],
                        3,
                    ),
                    docs(Checkout, 1, &["release", "architecture"]),
                    workflows(Checkout, GRADLE_CI),
                ],
                team_map: TeamMap::Owners(&MOBILE_OWNERS),
                ecosystem: Ecosystem::Gradle,
                manifest_dir: "gradle/",
                bot: Bot::Renovate,
                mailmap: false,
            },
            Repo {
                name: "shared-libs",
                owner: Platform,
                description: "Libraries shared by every service: HTTP, auth, money, UI and the search client.",
                initializer: "ingrid",
                modules: vec![
                    module(
                        "libs/http/",
                        Go,
                        Platform,
                        12,
                        "http",
                        &["client", "retry", "middleware", "transport"],
                        3,
                    ),
                    auth,
                    module(
                        "libs/money/src/",
                        Rust,
                        Payments,
                        8,
                        "money",
                        &["amount", "currency", "rounding", "exchange"],
                        3,
                    ),
                    module(
                        "libs/ui/src/",
                        Tsx,
                        Checkout,
                        6,
                        "ui",
                        &["button", "input", "dialog", "toast"],
                        4,
                    ),
                    module(
                        "libs/search-client/src/",
                        Ts,
                        Search,
                        10,
                        "search-client",
                        &["client", "query", "facet", "suggest"],
                        3,
                    ),
                    docs(Platform, 2, &["versioning", "contributing"]),
                    workflows(Platform, MIXED_CI),
                ],
                team_map: TeamMap::Codeowners(vec![
                    ("libs/http/", Owners::Module(0)),
                    ("libs/auth/", Owners::Module(1)),
                    ("libs/money/", Owners::Module(2)),
                    ("libs/ui/", Owners::Module(3)),
                    ("libs/search-client/", Owners::Module(4)),
                ]),
                ecosystem: Ecosystem::Npm,
                manifest_dir: "libs/ui/",
                bot: Bot::Dependabot,
                mailmap: true,
            },
        ];
        Org { repos }
    }

    fn repo_index(&self, name: &str) -> usize {
        self.repos
            .iter()
            .position(|r| r.name == name)
            .expect("planted repositories are in the static table")
    }
}

// ---------------------------------------------------------------------------
// Planning: who changes what, when, and who reviews it
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Intent {
    Fix,
    Feature,
    Refactor,
    Test,
    Docs,
    Chore,
    Perf,
}

/// How someone writes commit subjects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `fix(ledger): ...`
    Conventional,
    /// `ledger: ...`
    Scoped,
    /// `Retry settlement ...`
    Plain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Size {
    Small,
    Normal,
    Large,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Author {
    Person(usize),
    Bot(Bot),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Work {
    Initial,
    Change {
        module: usize,
        size: Size,
    },
    Bump,
    CodeownersMove,
    Prettier,
    BlameIgnore,
    Vendor,
    Binary(&'static str),
    /// Writes or edits one of the planted design documents.
    Document(Doc),
    /// One of [`PLANTED_CHANGES`]: a fixed file, subject and body, written
    /// without drawing on the repository's random stream, so the rest of the
    /// history stays byte-identical.
    Planted(usize),
    /// A change in a module whose message cites a design document.
    Cite {
        module: usize,
        size: Size,
        subject: &'static str,
        body: &'static str,
    },
}

#[derive(Debug, Clone)]
struct Event {
    time: i64,
    seq: u32,
    author: Author,
    /// Dana's old identity instead of her canonical one.
    alias: bool,
    work: Work,
    intent: Intent,
    style: Style,
    trailers: Vec<(&'static str, String)>,
    /// Commits on a pull-request branch; 0 means a direct commit on main.
    branch_commits: u8,
    /// Who merges a bot's pull request.
    merger: Option<usize>,
}

/// Per-person habits fixed at planning time.
#[derive(Debug, Clone, Copy)]
struct Habits {
    commits: u64,
    review_rate: f64,
    style: Style,
    signs_off: bool,
}

struct Planner<'a> {
    org: &'a Org,
    rng: Rng,
    repos: Vec<Vec<Event>>,
    seq: u32,
    marcus_reviews: u32,
    habits: Vec<Habits>,
}

fn plan(org: &Org, seed: u64) -> Vec<Vec<Event>> {
    let mut rng = Rng::derived(seed, 1);
    let habits = ROSTER
        .iter()
        .map(|p| {
            let commits = match p.handle {
                SENIOR => 430 + rng.below(40),
                STAFF => 54 + rng.below(10),
                _ => 32 + rng.below(69),
            };
            let style = match rng.below(3) {
                0 => Style::Conventional,
                1 => Style::Scoped,
                _ => Style::Plain,
            };
            Habits {
                commits,
                review_rate: 0.40 + rng.below(21) as f64 / 100.0,
                style,
                signs_off: p.team == Team::Platform || rng.chance(0.15),
            }
        })
        .collect();
    let mut planner = Planner {
        org,
        rng,
        repos: vec![Vec::new(); org.repos.len()],
        seq: 0,
        marcus_reviews: 0,
        habits,
    };
    planner.initial_imports();
    for person in 0..ROSTER.len() {
        planner.person_work(person);
    }
    planner.planted_events();
    planner.planted_documents();
    planner.bot_work();
    planner.planted_patterns();
    let mut repos = planner.repos;
    for events in &mut repos {
        events.sort_by_key(|e| (e.time, e.seq));
    }
    repos
}

impl Planner<'_> {
    fn push(&mut self, repo: usize, mut event: Event) {
        event.seq = self.seq;
        self.seq += 1;
        self.repos[repo].push(event);
    }

    fn event(&self, time: i64, author: Author, work: Work) -> Event {
        let style = match author {
            Author::Person(p) => self.habits[p].style,
            Author::Bot(_) => Style::Conventional,
        };
        Event {
            time,
            seq: 0,
            author,
            alias: false,
            work,
            intent: Intent::Chore,
            style,
            trailers: Vec::new(),
            branch_commits: 0,
            merger: None,
        }
    }

    fn members(&self, team: Team, time: i64) -> Vec<usize> {
        (0..ROSTER.len())
            .filter(|&p| team_at(p, time) == team)
            .collect()
    }

    /// Someone from `team` other than the excluded handles, if there is anyone.
    fn someone(&mut self, team: Team, time: i64, exclude: &[usize]) -> Option<usize> {
        let pool: Vec<usize> = self
            .members(team, time)
            .into_iter()
            .filter(|p| !exclude.contains(p))
            .collect();
        if pool.is_empty() {
            None
        } else {
            Some(self.rng.pick(&pool))
        }
    }

    /// Modules a team owns at a moment, with their weights.
    fn team_modules(&self, team: Team, time: i64) -> Vec<(usize, usize, u32)> {
        let mut found = Vec::new();
        for (r, repo) in self.org.repos.iter().enumerate() {
            for (m, module) in repo.modules.iter().enumerate() {
                if module.weight > 0 && module.owner_at(time) == team {
                    found.push((r, m, module.weight));
                }
            }
        }
        found
    }

    /// A module of `team`, weighted; without `docs`, Markdown modules are left out.
    fn pick_module(&mut self, team: Team, time: i64, docs: bool) -> (usize, usize) {
        let mut candidates = self.team_modules(team, time);
        if !docs {
            candidates.retain(|&(r, m, _)| self.org.repos[r].modules[m].lang != Lang::Markdown);
        }
        let weights: Vec<u32> = candidates.iter().map(|c| c.2).collect();
        let chosen = candidates[self.rng.weighted(&weights)];
        (chosen.0, chosen.1)
    }

    fn initial_imports(&mut self) {
        for r in 0..self.org.repos.len() {
            let who = person_index(self.org.repos[r].initializer);
            let time = local_moment(date(2024, 12, 2), 9, 30 + r as i64 * 4, ROSTER[who].tz);
            let event = self.event(time, Author::Person(who), Work::Initial);
            self.push(r, event);
        }
    }

    fn person_work(&mut self, person: usize) {
        let marcus = person_index(SENIOR);
        let priya = person_index(STAFF);
        let habits = self.habits[person];
        for _ in 0..habits.commits {
            let time = work_time(&mut self.rng, ROSTER[person].tz);
            let home = team_at(person, time);
            // Priya works across the organization; everyone else mostly at home.
            let area_team = if person == priya {
                if self.rng.chance(0.35) {
                    home
                } else {
                    self.rng
                        .pick(&[Team::Payments, Team::Checkout, Team::Identity, Team::Search])
                }
            } else if person != marcus && self.rng.chance(0.04) {
                let others: Vec<Team> = TEAMS.iter().copied().filter(|&t| t != home).collect();
                self.rng.pick(&others)
            } else {
                home
            };
            // Marcus writes code, never documents.
            let (repo, module) = self.pick_module(area_team, time, person != marcus);
            let owner = self.org.repos[repo].modules[module].owner_at(time);
            let kind = self.org.repos[repo].modules[module].kind;
            let lang = self.org.repos[repo].modules[module].lang;
            let intent = if lang == Lang::Markdown {
                Intent::Docs
            } else if kind == Kind::Tests {
                Intent::Test
            } else if kind == Kind::Workflows {
                Intent::Chore
            } else {
                match self.rng.weighted(&[32, 30, 12, 8, 0, 8, 5]) {
                    0 => Intent::Fix,
                    1 => Intent::Feature,
                    2 => Intent::Refactor,
                    3 => Intent::Test,
                    5 => Intent::Chore,
                    _ => Intent::Perf,
                }
            };
            let size = if person == marcus {
                Size::Large
            } else if self.rng.chance(0.4) {
                Size::Small
            } else {
                Size::Normal
            };
            let pr_rate = if person == marcus { 0.10 } else { 0.13 };
            let branch_commits = if self.rng.chance(pr_rate) {
                1 + self.rng.below(3) as u8
            } else {
                0
            };
            let mut event = self.event(time, Author::Person(person), Work::Change { module, size });
            event.intent = intent;
            event.branch_commits = branch_commits;
            // Dana's old address only shows up where a .mailmap can resolve it.
            event.alias = ROSTER[person].handle == TWO_EMAILS
                && self.org.repos[repo].mailmap
                && time < date(2025, 12, 1)
                && self
                    .rng
                    .chance(if time < date(2025, 6, 1) { 0.45 } else { 0.2 });
            event.trailers = self.trailers(person, owner, time, intent, branch_commits);
            self.push(repo, event);
        }
    }

    /// Trailers for a change by `person` in an area owned by `owner`.
    fn trailers(
        &mut self,
        person: usize,
        owner: Team,
        time: i64,
        intent: Intent,
        branch_commits: u8,
    ) -> Vec<(&'static str, String)> {
        let marcus = person_index(SENIOR);
        let priya = person_index(STAFF);
        let home = team_at(person, time);
        let mut trailers = Vec::new();

        // Co-authors: Priya pairs with the owning team when she works in
        // their code; others occasionally pair with a teammate. Marcus never
        // pairs, and nobody pairs with him, which keeps his profile narrow.
        let co_author = if person == priya {
            if owner != Team::Platform && self.rng.chance(0.5) {
                self.someone(owner, time, &[person, marcus, priya])
            } else {
                None
            }
        } else if person != marcus && self.rng.chance(0.04) {
            self.someone(home, time, &[person, marcus, priya])
        } else {
            None
        };
        if let Some(co) = co_author {
            trailers.push(("Co-authored-by", trailer_value(co)));
        }
        if intent == Intent::Fix && self.rng.chance(0.2) {
            let reporter = self.rng.index(ROSTER.len());
            if reporter != person {
                trailers.push(("Reported-by", trailer_value(reporter)));
            }
        }
        if self.rng.chance(0.03) {
            let suggester = self.rng.index(ROSTER.len());
            if suggester != person && suggester != marcus {
                trailers.push(("Suggested-by", trailer_value(suggester)));
            }
        }

        let mut reviewers: Vec<usize> = Vec::new();
        if person == marcus {
            if self.rng.chance(0.35) {
                reviewers.extend(self.someone(owner, time, &[person, priya]));
            }
        } else if person == priya {
            if self.rng.chance(0.6) {
                reviewers.extend(self.someone(owner, time, &[person, marcus]));
            }
        } else if self.rng.chance(self.habits[person].review_rate) {
            // Marcus reviews a handful of direct commits and nothing else.
            if owner == Team::Payments
                && branch_commits == 0
                && self.marcus_reviews < 3
                && self.rng.chance(0.02)
            {
                self.marcus_reviews += 1;
                reviewers.push(marcus);
            } else {
                let mut exclude = vec![person, marcus];
                if owner != Team::Platform {
                    exclude.push(priya);
                }
                reviewers.extend(self.someone(owner, time, &exclude));
            }
        }
        // Priya is the organization's reviewer of choice outside platform.
        if person != marcus
            && person != priya
            && home != Team::Platform
            && !reviewers.contains(&priya)
            && self.rng.chance(0.13)
        {
            reviewers.push(priya);
        }
        for reviewer in reviewers {
            trailers.push(("Reviewed-by", trailer_value(reviewer)));
        }
        if person != marcus
            && self.rng.chance(0.04)
            && let Some(acker) = self.someone(owner, time, &[person, marcus, priya])
        {
            trailers.push(("Acked-by", trailer_value(acker)));
        }
        if person != marcus
            && self.rng.chance(0.05)
            && let Some(tester) = self.someone(home, time, &[person, marcus, priya])
        {
            trailers.push(("Tested-by", trailer_value(tester)));
        }
        if self.habits[person].signs_off {
            trailers.push(("Signed-off-by", trailer_value(person)));
        }
        trailers
    }

    fn planted_events(&mut self) {
        let checkout = self.org.repo_index("checkout-web");
        let data = self.org.repo_index("data-pipeline");
        let shared = self.org.repo_index("shared-libs");
        let mobile = self.org.repo_index("mobile-app");

        let felix = person_index("felix");
        let mut moved = self.event(AUTH_MOVE, Author::Person(felix), Work::CodeownersMove);
        moved.trailers = vec![
            ("Reviewed-by", trailer_value(person_index("yusuf"))),
            ("Reviewed-by", trailer_value(person_index(STAFF))),
            ("Acked-by", trailer_value(person_index("hannah"))),
            ("Signed-off-by", trailer_value(felix)),
        ];
        self.push(shared, moved);

        let lucas = person_index("lucas");
        let reformat_day = date(2025, 10, 14);
        let mut reformat = self.event(
            local_moment(reformat_day, 17, 40, ROSTER[lucas].tz),
            Author::Person(lucas),
            Work::Prettier,
        );
        reformat.trailers = vec![("Acked-by", trailer_value(person_index("sofia")))];
        self.push(checkout, reformat);
        let mut ignore = self.event(
            local_moment(reformat_day + DAY, 10, 5, ROSTER[lucas].tz),
            Author::Person(lucas),
            Work::BlameIgnore,
        );
        ignore.trailers = vec![("Reviewed-by", trailer_value(person_index("erik")))];
        self.push(checkout, ignore);

        let arjun = person_index("arjun");
        let mut vendor = self.event(
            local_moment(date(2025, 5, 20), 14, 10, ROSTER[arjun].tz),
            Author::Person(arjun),
            Work::Vendor,
        );
        vendor.trailers = vec![("Reviewed-by", trailer_value(person_index("lena")))];
        self.push(data, vendor);

        let mei = person_index("mei");
        let logo = self.event(
            local_moment(date(2025, 3, 11), 11, 20, ROSTER[mei].tz),
            Author::Person(mei),
            Work::Binary("public/brand/logo.png"),
        );
        self.push(checkout, logo);
        let amara = person_index("amara");
        let splash = self.event(
            local_moment(date(2025, 6, 3), 15, 45, ROSTER[amara].tz),
            Author::Person(amara),
            Work::Binary("app/core/src/main/res/drawable/splash.png"),
        );
        self.push(mobile, splash);
    }

    /// The design documents of [`DOCUMENTS`] and the commits of [`CITATIONS`]
    /// that cite them, at their fixed dates.
    fn planted_documents(&mut self) {
        for planted in DOCUMENTS {
            let repo = self.org.repo_index(planted.repo);
            let author = person_index(planted.author);
            let time = planted.time(ROSTER[author].tz);
            let mut event = self.event(time, Author::Person(author), Work::Document(planted.doc));
            event.intent = Intent::Docs;
            event.trailers = planted
                .trailers
                .iter()
                .map(|&(key, handle)| (key, trailer_value(person_index(handle))))
                .collect();
            if self.habits[author].signs_off {
                event
                    .trailers
                    .push(("Signed-off-by", trailer_value(author)));
            }
            self.push(repo, event);
        }
        for cite in CITATIONS {
            let repo = self.org.repo_index(cite.repo);
            let module = self.org.repos[repo]
                .modules
                .iter()
                .position(|m| m.dir == cite.dir)
                .expect("cited modules are in the static table");
            let author = person_index(cite.author);
            let time = cite.time(ROSTER[author].tz);
            let owner = self.org.repos[repo].modules[module].owner_at(time);
            let work = Work::Cite {
                module,
                size: Size::Normal,
                subject: cite.subject,
                body: cite.body,
            };
            let mut event = self.event(time, Author::Person(author), work);
            event.intent = cite.intent;
            event.trailers = self.trailers(author, owner, time, cite.intent, 0);
            self.push(repo, event);
        }
    }

    /// The recurring problems of [`PLANTED_CHANGES`], planned last so that no
    /// other event's randomness moves.
    fn planted_patterns(&mut self) {
        for (index, change) in PLANTED_CHANGES.iter().enumerate() {
            let repo = self.org.repo_index(change.repo);
            let author = person_index(change.author);
            let time = planted_time(change.day, change.at, ROSTER[author].tz);
            let mut event = self.event(time, Author::Person(author), Work::Planted(index));
            event.intent = Intent::Fix;
            event.trailers = vec![("Reviewed-by", trailer_value(person_index(change.reviewer)))];
            self.push(repo, event);
        }
    }

    fn bot_work(&mut self) {
        let marcus = person_index(SENIOR);
        let priya = person_index(STAFF);
        for r in 0..self.org.repos.len() {
            let repo = &self.org.repos[r];
            let (bot, owner) = (repo.bot, repo.owner);
            let human = self.repos[r].len() as u64;
            let count = match bot {
                Bot::Dependabot => (human * 6 / 100).max(6),
                Bot::Renovate => (human * 5 / 100).max(6),
            };
            for _ in 0..count {
                // Bots open their pull requests early in the morning (UTC).
                let day = self.rng.between(FIRST_WORK_DAY, LAST_WORK_DAY);
                let day = match weekday(day) {
                    6 => day + 2,
                    0 => day + 1,
                    _ => day,
                };
                let time = day * DAY + self.rng.between(4 * 3600, 7 * 3600);
                let mut event = self.event(time, Author::Bot(bot), Work::Bump);
                if self.rng.chance(0.7) {
                    event.branch_commits = 1;
                    event.merger = self.someone(owner, time, &[marcus, priya]);
                }
                self.push(r, event);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Writing history: file contents and the fast-import stream
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Body {
    Text(Vec<String>),
    Binary(Vec<u8>),
}

/// The parent a commit is written on top of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tip {
    /// No parent: the root commit.
    None,
    /// A commit written earlier in this stream.
    Mark(u32),
    /// The tip of `refs/heads/main` written by an earlier fast-import run.
    Continue,
}

#[derive(Debug, Clone)]
struct Dep {
    name: &'static str,
    alias: &'static str,
    url: &'static str,
    version: (u32, u32, u32),
}

struct Writer<'a> {
    repo: &'a Repo,
    rng: Rng,
    files: BTreeMap<String, Body>,
    deps: Vec<Dep>,
    out: Vec<u8>,
    tip: Tip,
    next_mark: u32,
    pr_number: u32,
    /// Paths changed by the commit being built.
    touched: BTreeSet<String>,
    /// While a pull request is being built: every path it touched and whether it existed before.
    pr_base: Option<BTreeMap<String, bool>>,
    /// Whether checkout-web has been reformatted with prettier.
    formatted: bool,
    prettier_id: Option<String>,
    /// Pull requests merged with a merge commit, in the order they were written.
    pulls: Vec<PullRecord>,
}

/// A pull request that was merged with a `Merge pull request #N` commit, as
/// the code-review export needs it.
#[derive(Debug, Clone)]
struct PullRecord {
    number: u32,
    title: String,
    branch: String,
    author: Author,
    /// When the pull request was opened (after its first commit was pushed).
    opened: i64,
    /// The merge commit's time.
    merged: i64,
    /// People named by the branch commits' `Reviewed-by` trailers.
    reviewers: Vec<usize>,
    /// Paths the pull request changed that still exist after it (all of them if none does).
    paths: Vec<String>,
}

/// One commit's subject, body and trailers before trailers are attached.
struct Draft {
    subject: String,
    body: Option<String>,
    branch: String,
}

impl<'a> Writer<'a> {
    fn new(org: &'a Org, index: usize, rng: Rng) -> Self {
        let repo = &org.repos[index];
        Writer {
            repo,
            rng,
            files: BTreeMap::new(),
            deps: initial_deps(repo.ecosystem),
            out: Vec::with_capacity(4 << 20),
            tip: Tip::None,
            next_mark: 1,
            pr_number: 0,
            touched: BTreeSet::new(),
            pr_base: None,
            formatted: false,
            prettier_id: None,
            pulls: Vec::new(),
        }
    }

    fn take_stream(&mut self) -> Vec<u8> {
        let mut stream = std::mem::take(&mut self.out);
        stream.extend_from_slice(b"done\n");
        stream
    }

    // --- file bookkeeping -------------------------------------------------

    fn touch(&mut self, path: &str) {
        let existed = self.files.contains_key(path);
        if let Some(base) = &mut self.pr_base {
            base.entry(path.to_string()).or_insert(existed);
        }
        self.touched.insert(path.to_string());
    }

    fn put_text(&mut self, path: String, lines: Vec<String>) {
        let lines = self.house_style(&path, lines);
        self.touch(&path);
        self.files.insert(path, Body::Text(lines));
    }

    fn remove(&mut self, path: &str) {
        self.touch(path);
        self.files.remove(path);
    }

    /// After the reformat, checkout-web code is written the way prettier wants it.
    fn house_style(&self, path: &str, lines: Vec<String>) -> Vec<String> {
        if self.formatted && path.starts_with("src/") {
            lines.into_iter().map(|l| prettier_line(path, &l)).collect()
        } else {
            lines
        }
    }

    /// Editable source files of a module.
    fn module_files(&self, module: &Module) -> Vec<String> {
        let ext = format!(".{}", module.ext());
        self.files
            .range(module.dir.to_string()..)
            .take_while(|(path, _)| path.starts_with(module.dir))
            .filter(|(path, body)| {
                path.ends_with(&ext)
                    && !path[module.dir.len()..].contains('/')
                    && matches!(body, Body::Text(_))
            })
            .map(|(path, _)| path.clone())
            .collect()
    }

    // --- stream output ----------------------------------------------------

    fn write_ident(&mut self, role: &str, ident: Ident, time: i64) {
        let sign = if ident.tz < 0 { '-' } else { '+' };
        let tz = ident.tz.abs();
        let line = format!(
            "{role} {} <{}> {time} {sign}{:02}{:02}\n",
            ident.name,
            ident.email,
            tz / 60,
            tz % 60
        );
        self.out.extend_from_slice(line.as_bytes());
    }

    fn write_data(&mut self, bytes: &[u8]) {
        self.out
            .extend_from_slice(format!("data {}\n", bytes.len()).as_bytes());
        self.out.extend_from_slice(bytes);
        self.out.push(b'\n');
    }

    fn write_file(&mut self, path: &str, deleted_ok: bool) {
        match self.files.get(path) {
            Some(body) => {
                let bytes = match body {
                    Body::Text(lines) => render_lines(lines).into_bytes(),
                    Body::Binary(bytes) => bytes.clone(),
                };
                self.out
                    .extend_from_slice(format!("M 100644 inline {path}\n").as_bytes());
                self.write_data(&bytes);
            }
            None if deleted_ok => {
                self.out.extend_from_slice(format!("D {path}\n").as_bytes());
            }
            None => {}
        }
    }

    /// Writes one commit and returns its mark. File changes come from
    /// `self.touched`, or, for a merge, from the whole pull request.
    fn commit(
        &mut self,
        author: (Ident, i64),
        committer: (Ident, i64),
        message: &str,
        from: Tip,
        merge: Option<u32>,
    ) -> u32 {
        let mark = self.next_mark;
        self.next_mark += 1;
        self.out
            .extend_from_slice(format!("commit refs/heads/main\nmark :{mark}\n").as_bytes());
        self.write_ident("author", author.0, author.1);
        self.write_ident("committer", committer.0, committer.1);
        self.write_data(message.as_bytes());
        match from {
            Tip::None => {}
            Tip::Mark(parent) => self
                .out
                .extend_from_slice(format!("from :{parent}\n").as_bytes()),
            Tip::Continue => self.out.extend_from_slice(b"from refs/heads/main^0\n"),
        }
        if let Some(branch) = merge {
            self.out
                .extend_from_slice(format!("merge :{branch}\n").as_bytes());
            let base = self.pr_base.take().unwrap_or_default();
            for (path, existed) in base {
                self.write_file(&path, existed);
            }
        } else {
            let touched = std::mem::take(&mut self.touched);
            for path in &touched {
                self.write_file(path, true);
            }
        }
        self.touched.clear();
        self.out.push(b'\n');
        mark
    }

    fn message(draft: &Draft, trailers: &[(&'static str, String)]) -> String {
        let mut message = draft.subject.clone();
        if let Some(body) = &draft.body {
            message.push_str("\n\n");
            message.push_str(body);
        }
        if !trailers.is_empty() {
            message.push_str("\n\n");
            let lines: Vec<String> = trailers.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            message.push_str(&lines.join("\n"));
        }
        message.push('\n');
        message
    }

    fn author_ident(&self, event: &Event) -> Ident {
        match event.author {
            Author::Person(_) if event.alias => DANA_OLD,
            Author::Person(p) => person_ident(p),
            Author::Bot(Bot::Dependabot) => DEPENDABOT,
            Author::Bot(Bot::Renovate) => RENOVATE,
        }
    }

    // --- events -----------------------------------------------------------

    fn process(&mut self, event: &Event, next: i64) {
        let author = self.author_ident(event);
        let gap = next - event.time;
        let commits = u64::from(event.branch_commits);
        if commits > 0 && gap >= 900 {
            // A short-lived branch merged with a merge commit; nothing else
            // lands on main in between, so the merge result is the branch tip.
            let step = gap.min(8 * 3600) / (commits as i64 + 2);
            let base = self.tip;
            self.pr_base = Some(BTreeMap::new());
            let mut branch_tip = base;
            let mut branch_mark = 0;
            let mut title = String::new();
            let mut branch = String::new();
            for part in 0..commits {
                let time = event.time + part as i64 * step;
                let draft = self.draft(event, part == 0);
                if part == 0 {
                    title = draft.subject.clone();
                    branch = draft.branch.clone();
                }
                let message = Self::message(&draft, &event.trailers);
                let mark = self.commit((author, time), (author, time), &message, branch_tip, None);
                branch_tip = Tip::Mark(mark);
                branch_mark = mark;
            }
            self.pr_number += 1 + self.rng.below(3) as u32;
            let merger = match (event.author, event.merger) {
                (_, Some(m)) => person_ident(m),
                (Author::Person(p), None) => person_ident(p),
                (Author::Bot(_), None) => GITHUB,
            };
            let merge_time = event.time + (commits as i64 + 1) * step;
            let changed = self.pr_base.as_ref().map_or_else(Vec::new, |base| {
                let paths: Vec<String> = base.keys().cloned().collect();
                let kept: Vec<String> = paths
                    .iter()
                    .filter(|p| self.files.contains_key(p.as_str()))
                    .cloned()
                    .collect();
                if kept.is_empty() { paths } else { kept }
            });
            self.pulls.push(PullRecord {
                number: self.pr_number,
                title: title.clone(),
                branch: branch.clone(),
                author: event.author,
                opened: event.time + step / 2,
                merged: merge_time,
                reviewers: trailer_reviewers(&event.trailers),
                paths: changed,
            });
            let message = format!(
                "Merge pull request #{} from acme/{branch}\n\n{title}\n",
                self.pr_number
            );
            let mark = self.commit(
                (merger, merge_time),
                (GITHUB, merge_time),
                &message,
                base,
                Some(branch_mark),
            );
            self.tip = Tip::Mark(mark);
        } else {
            let mut draft = self.draft(event, true);
            if matches!(event.work, Work::Change { .. } | Work::Cite { .. })
                && self.rng.chance(0.25)
            {
                self.pr_number += 1 + self.rng.below(3) as u32;
                draft.subject = format!("{} (#{})", draft.subject, self.pr_number);
            }
            let message = Self::message(&draft, &event.trailers);
            let mark = self.commit(
                (author, event.time),
                (author, event.time),
                &message,
                self.tip,
                None,
            );
            self.tip = Tip::Mark(mark);
        }
    }

    /// Applies one commit's worth of changes and describes it.
    fn draft(&mut self, event: &Event, first: bool) -> Draft {
        match &event.work {
            Work::Initial => self.initial_import(),
            Work::Change { module, size } => self.change(event, *module, *size, first),
            Work::Bump => self.bump(event.author),
            Work::CodeownersMove => self.codeowners_move(),
            Work::Prettier => self.prettier(),
            Work::BlameIgnore => self.blame_ignore(),
            Work::Vendor => self.vendor(),
            Work::Binary(path) => self.binary(path),
            Work::Document(doc) => self.document(*doc),
            Work::Planted(index) => self.planted(&PLANTED_CHANGES[*index]),
            Work::Cite {
                module,
                size,
                subject,
                body,
            } => {
                let mut draft = self.change(event, *module, *size, first);
                if first {
                    draft.subject = subject.to_string();
                    draft.body = Some(wrap_paragraphs(body));
                }
                draft
            }
        }
    }

    fn initial_import(&mut self) -> Draft {
        let repo = self.repo;
        for module in &repo.modules {
            match module.kind {
                Kind::Icons => self.scaffold_icons(module),
                Kind::Locales => self.scaffold_locales(module),
                _ => {
                    for _ in 0..module.initial {
                        self.new_file(module);
                    }
                }
            }
        }
        self.put_text("README.md".into(), readme(repo));
        self.put_text(".gitignore".into(), gitignore(repo.ecosystem));
        match &repo.team_map {
            TeamMap::Codeowners(_) => {
                self.put_text(".github/CODEOWNERS".into(), codeowners(repo, 0));
            }
            TeamMap::Owners(owners) => {
                self.put_text("OWNERS_ALIASES".into(), owners_aliases(owners));
                for file in owners.files {
                    self.put_text(file.path(), owners_file(file));
                }
            }
        }
        for (path, lines) in render_manifests(repo, &self.deps) {
            self.put_text(path, lines);
        }
        if repo.mailmap {
            self.put_text(
                ".mailmap".into(),
                vec![
                    "# Map old addresses to the canonical identity of each engineer.".into(),
                    "Dana Okafor <dana@acme.example> Dana O. <dana.okafor@oldmail.example>".into(),
                ],
            );
        }
        Draft {
            subject: format!("Initial import of {}", repo.name),
            body: Some(wrap(&format!(
                "Moves {} out of the legacy monorepo with its history squashed. Ownership is recorded in {}.",
                repo.name,
                repo.team_map.described()
            ))),
            branch: "initial-import".into(),
        }
    }

    fn scaffold_icons(&mut self, module: &Module) {
        const SHAPES: &[&str] = &["Arrow", "Chevron", "Caret", "Triangle"];
        const DIRECTIONS: &[&str] = &["Up", "Down", "Left", "Right"];
        const THINGS: &[&str] = &[
            "Cart", "Bag", "Card", "Wallet", "Truck", "Box", "Tag", "Gift", "Lock", "Unlock",
            "User", "Users", "Heart", "Star", "Search", "Filter", "Close", "Check", "Plus",
            "Minus", "Info", "Warning", "Error", "Clock", "Calendar", "Home", "Menu", "Store",
            "Receipt", "Coupon", "Percent", "Globe", "Phone", "Mail", "Chat", "Help", "Settings",
            "Trash", "Edit", "Copy", "Share", "Download", "Upload", "Refresh", "Eye", "EyeOff",
            "Bell", "Pin", "Map", "Qr",
        ];
        let mut names: Vec<String> = Vec::new();
        for shape in SHAPES {
            for direction in DIRECTIONS {
                names.push(format!("{shape}{direction}"));
            }
        }
        for thing in THINGS {
            names.push(thing.to_string());
            names.push(format!("{thing}Filled"));
        }
        for (i, name) in names.iter().enumerate() {
            let (a, b, c, d) = (2 + i % 9, 4 + i % 7, 20 - i % 5, 12 + i % 8);
            let lines = vec![
                "import * as React from \"react\";".to_string(),
                String::new(),
                format!("export function {name}Icon(props: React.SVGProps<SVGSVGElement>) {{"),
                "  return (".into(),
                "    <svg viewBox=\"0 0 24 24\" width={24} height={24} fill=\"none\" {...props}>"
                    .into(),
                format!(
                    "      <path d=\"M{a} {b}L{c} {d}\" stroke=\"currentColor\" strokeWidth={{2}} />"
                ),
                "    </svg>".into(),
                "  );".into(),
                "}".into(),
            ];
            self.put_text(format!("{}{name}Icon.tsx", module.dir), lines);
        }
    }

    fn scaffold_locales(&mut self, module: &Module) {
        const LOCALES: &[&str] = &[
            "en", "de", "fr", "es", "it", "nl", "pl", "pt", "sv", "ja", "ko", "tr",
        ];
        const NAMESPACES: &[(&str, &[&str])] = &[
            ("common", &["Continue", "Back", "Cancel", "Loading"]),
            ("cart", &["Your cart", "Remove", "Subtotal", "Apply coupon"]),
            (
                "checkout",
                &["Shipping address", "Payment method", "Place order"],
            ),
            (
                "errors",
                &["Something went wrong", "Card declined", "Try again"],
            ),
            (
                "confirmation",
                &["Thank you", "Order number", "Track your order"],
            ),
        ];
        for locale in LOCALES {
            for (namespace, texts) in NAMESPACES {
                let mut lines = vec!["{".to_string()];
                for (i, text) in texts.iter().enumerate() {
                    let comma = if i + 1 < texts.len() { "," } else { "" };
                    let key = text.to_lowercase().replace(' ', "_");
                    let value = if *locale == "en" {
                        text.to_string()
                    } else {
                        format!("[{locale}] {text}")
                    };
                    lines.push(format!("    \"{key}\": \"{value}\"{comma}"));
                }
                lines.push("}".into());
                self.put_text(format!("{}{locale}/{namespace}.json", module.dir), lines);
            }
        }
    }

    /// Creates a new file in a module and returns its path.
    fn new_file(&mut self, module: &Module) -> String {
        let words = Words::pick(&mut self.rng, module.nouns);
        let path = self.new_path(module, &words);
        let test = is_test_path(&path) || module.kind == Kind::Tests;
        let mut lines = header(module, &words, test);
        let blocks = 1 + self.rng.below(3);
        for _ in 0..blocks {
            let w = Words::pick(&mut self.rng, module.nouns);
            let target = self.rng.between(5, 16) as usize;
            lines.push(String::new());
            lines.extend(block(&mut self.rng, module, &w, test, target));
        }
        self.put_text(path.clone(), lines);
        path
    }

    /// A path for a new file that does not exist yet; other word choices
    /// are tried before falling back to a numbered name.
    fn new_path(&mut self, module: &Module, w: &Words) -> String {
        let mut name = self.file_name(module, w);
        for _ in 0..8 {
            if !self.files.contains_key(&format!("{}{name}", module.dir)) {
                break;
            }
            let other = Words::pick(&mut self.rng, module.nouns);
            name = self.file_name(module, &other);
        }
        let mut path = format!("{}{}", module.dir, name);
        let mut counter = 2;
        while self.files.contains_key(&path) {
            let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
            path = format!("{}{stem}{counter}.{ext}", module.dir);
            counter += 1;
        }
        path
    }

    fn file_name(&mut self, module: &Module, w: &Words) -> String {
        let (noun, noun2) = (w.noun, w.noun2);
        match (module.lang, module.kind) {
            (_, Kind::Workflows) => format!("{noun}.yml"),
            (Lang::Sql, Kind::Migrations) => {
                let number = self.module_files(module).len() + 1;
                format!("{number:04}_{}_{noun}_{noun2}.sql", w.verb.base)
            }
            (Lang::Go, _) if self.rng.chance(0.3) => format!("{noun}_test.go"),
            (Lang::Ts, Kind::Tests) => format!("{noun}{}.test.ts", pascal(noun2)),
            (Lang::Python, Kind::Tests) => format!("test_{noun}_{noun2}.py"),
            (Lang::Tsx, _) => format!("{}{}.tsx", pascal(noun), pascal(noun2)),
            (Lang::Kotlin, _) => format!("{}{}.kt", pascal(noun), pascal(noun2)),
            (Lang::Ts, _) => format!("{noun}{}.ts", pascal(noun2)),
            (Lang::Markdown, _) | (Lang::Yaml, _) | (Lang::Css, _) => {
                format!("{}-{}.{}", noun, noun2, module.lang.ext())
            }
            (Lang::Go, _) if self.rng.chance(0.5) => format!("{noun}.go"),
            (lang, _) => format!("{noun}_{noun2}.{}", lang.ext()),
        }
    }

    fn change(&mut self, event: &Event, m: usize, size: Size, first: bool) -> Draft {
        let repo = self.repo;
        let module = &repo.modules[m];
        let words = Words::pick(&mut self.rng, module.nouns);
        let existing = self.module_files(module);
        let file_count = match size {
            Size::Small => 1 + self.rng.below(2),
            Size::Normal => 1 + self.rng.below(4),
            Size::Large => 2 + self.rng.below(5),
        } as usize;
        let mut edited: Vec<String> = Vec::new();
        if module.kind == Kind::Migrations {
            edited.push(self.new_file(module));
        } else {
            let create_rate = match (module.kind, existing.len()) {
                // A repository has a handful of workflows, not one per topic.
                (Kind::Workflows, n) if n >= module.nouns.len() => 0.0,
                (Kind::Workflows, _) => 0.03,
                (_, 0..=2) => 0.5,
                _ => 0.08,
            };
            for slot in 0..file_count {
                let available: Vec<&String> =
                    existing.iter().filter(|p| !edited.contains(p)).collect();
                if available.is_empty() || (slot == 0 && self.rng.chance(create_rate)) {
                    edited.push(self.new_file(module));
                    continue;
                }
                let path = available[self.rng.index(available.len())].clone();
                self.edit_file(module, &path, size, &words);
                edited.push(path);
            }
            if existing.len() > 5 && self.rng.chance(0.015) {
                let candidates: Vec<&String> =
                    existing.iter().filter(|p| !edited.contains(p)).collect();
                if !candidates.is_empty() {
                    let doomed = candidates[self.rng.index(candidates.len())].clone();
                    self.remove(&doomed);
                }
            }
        }
        let subject = subject(&mut self.rng, event, module, &words, first);
        let body_rate = match event.author {
            Author::Person(p) if ROSTER[p].handle == STAFF => 0.6,
            Author::Person(p) if ROSTER[p].handle == SENIOR => 0.5,
            _ => 0.3,
        };
        let body = if self.rng.chance(body_rate) {
            Some(body(&mut self.rng, event.intent, &words))
        } else {
            None
        };
        let handle = match event.author {
            Author::Person(p) => ROSTER[p].handle.split('.').next().unwrap_or("dev"),
            Author::Bot(_) => "bot",
        };
        Draft {
            subject,
            body,
            branch: format!(
                "{handle}/{}-{}-{}",
                module.scope, words.verb.base, words.noun
            ),
        }
    }

    fn edit_file(&mut self, module: &Module, path: &str, size: Size, words: &Words) {
        let Some(Body::Text(current)) = self.files.get(path) else {
            return;
        };
        let mut lines = current.clone();
        let test = is_test_path(path) || module.kind == Kind::Tests;
        let before = lines.clone();
        let add = |rng: &mut Rng, lines: &mut Vec<String>, w: &Words, target: usize| {
            let new_block = block(rng, module, w, test, target);
            insert_block(rng, lines, new_block);
        };
        match size {
            Size::Large => {
                let blocks = 1 + self.rng.below(4);
                for i in 0..blocks {
                    let w = if i == 0 {
                        *words
                    } else {
                        Words::pick(&mut self.rng, module.nouns)
                    };
                    let target = self.rng.between(12, 40) as usize;
                    add(&mut self.rng, &mut lines, &w, target);
                }
                if self.rng.chance(0.3) {
                    delete_block(&mut self.rng, &mut lines);
                }
            }
            _ => {
                let target = if size == Size::Small {
                    self.rng.between(3, 10)
                } else {
                    self.rng.between(6, 24)
                } as usize;
                match self.rng.below(100) {
                    0..=49 => add(&mut self.rng, &mut lines, words, target),
                    50..=74 => {
                        let count = 1 + self.rng.below(3);
                        for _ in 0..count {
                            tweak_line(&mut self.rng, &mut lines, module.nouns);
                        }
                    }
                    75..=87 => {
                        delete_block(&mut self.rng, &mut lines);
                    }
                    _ => {
                        delete_block(&mut self.rng, &mut lines);
                        add(&mut self.rng, &mut lines, words, target);
                    }
                }
            }
        }
        // Keep files at a believable size by retiring old code.
        while lines.len() > 420 {
            if !delete_block(&mut self.rng, &mut lines) {
                break;
            }
        }
        if lines == before {
            let target = self.rng.between(4, 12) as usize;
            add(&mut self.rng, &mut lines, words, target);
        }
        self.put_text(path.to_string(), lines);
    }

    fn bump(&mut self, author: Author) -> Draft {
        let index = self.rng.index(self.deps.len());
        let old = self.deps[index].version;
        let minor = self.rng.chance(0.3);
        let new = if minor {
            (old.0, old.1 + 1, 0)
        } else {
            (old.0, old.1, old.2 + 1 + self.rng.below(3) as u32)
        };
        self.deps[index].version = new;
        for (path, lines) in render_manifests(self.repo, &self.deps) {
            let changed = match self.files.get(&path) {
                Some(Body::Text(existing)) => *existing != lines,
                _ => true,
            };
            if changed {
                // Lock files are never reformatted, so they bypass house style.
                self.touch(&path);
                self.files.insert(path, Body::Text(lines));
            }
        }
        let dep = &self.deps[index];
        let (old_v, new_v) = (version_text(old), version_text(new));
        let dir = self.repo.manifest_dir.trim_end_matches('/');
        match author {
            Author::Bot(Bot::Renovate) => {
                let kind = if self.repo.ecosystem == Ecosystem::Terraform {
                    "terraform"
                } else {
                    "dependency"
                };
                Draft {
                    subject: format!("chore(deps): update {kind} {} to v{new_v}", dep.alias),
                    body: Some(format!(
                        "This PR contains the following updates:\n\n| Package | Change |\n|---|---|\n| [{}]({}) | `{old_v}` -> `{new_v}` |\n\n---\n\n### Configuration\n\nSchedule: Branch creation - \"before 8am on monday\", Automerge - Disabled.\n\nThis PR was generated by Mend Renovate.",
                        dep.name, dep.url
                    )),
                    branch: format!("renovate/{}-{}.x", dep.alias, new.0),
                }
            }
            _ => {
                let in_dir = if dir.is_empty() {
                    String::new()
                } else {
                    format!(" in /{dir}")
                };
                let eco = match self.repo.ecosystem {
                    Ecosystem::Go => "go_modules",
                    Ecosystem::Npm => "npm_and_yarn",
                    Ecosystem::Cargo => "cargo",
                    Ecosystem::Poetry => "pip",
                    Ecosystem::Terraform => "terraform",
                    Ecosystem::Gradle => "gradle",
                };
                let branch_dir = if dir.is_empty() {
                    String::new()
                } else {
                    format!("{dir}/")
                };
                let update = if minor { "minor" } else { "patch" };
                Draft {
                    subject: format!(
                        "build(deps): bump {} from {old_v} to {new_v}{in_dir}",
                        dep.name
                    ),
                    body: Some(format!(
                        "Bumps [{name}]({url}) from {old_v} to {new_v}.\n- [Release notes]({url}/releases)\n- [Commits]({url}/compare/v{old_v}...v{new_v})\n\n---\nupdated-dependencies:\n- dependency-name: {name}\n  dependency-version: {new_v}\n  dependency-type: direct:production\n  update-type: version-update:semver-{update}\n...\n\nSigned-off-by: dependabot[bot] <support@github.com>",
                        name = dep.name,
                        url = dep.url,
                    )),
                    branch: format!(
                        "dependabot/{eco}/{branch_dir}{}-{new_v}",
                        dep.name.trim_start_matches('@')
                    ),
                }
            }
        }
    }

    fn codeowners_move(&mut self) -> Draft {
        self.put_text(
            ".github/CODEOWNERS".into(),
            codeowners(self.repo, AUTH_MOVE),
        );
        Draft {
            subject: "codeowners: move libs/auth to platform".into(),
            body: Some(wrap(
                "Identity is handing the shared auth middleware over to platform so that it can evolve together with libs/http. Identity keeps an eye on token validation changes, but platform now owns reviews and releases of libs/auth.",
            )),
            branch: "felix/codeowners-libs-auth".into(),
        }
    }

    fn prettier(&mut self) -> Draft {
        let paths: Vec<String> = self
            .files
            .range("src/".to_string()..)
            .take_while(|(p, _)| p.starts_with("src/"))
            .map(|(p, _)| p.clone())
            .chain(
                self.files
                    .range("tests/".to_string()..)
                    .take_while(|(p, _)| p.starts_with("tests/"))
                    .map(|(p, _)| p.clone()),
            )
            .collect();
        for path in paths {
            let Some(Body::Text(lines)) = self.files.get(&path) else {
                continue;
            };
            let formatted: Vec<String> = lines.iter().map(|l| prettier_line(&path, l)).collect();
            if formatted != *lines {
                self.touch(&path);
                self.files.insert(path, Body::Text(formatted));
            }
        }
        self.put_text(
            ".prettierrc.json".into(),
            vec![
                "{".into(),
                "  \"singleQuote\": true,".into(),
                "  \"printWidth\": 100".into(),
                "}".into(),
            ],
        );
        self.put_text(
            ".prettierignore".into(),
            vec![
                "package-lock.json".into(),
                "dist/".into(),
                "coverage/".into(),
            ],
        );
        self.formatted = true;
        Draft {
            subject: "Reformat codebase with prettier".into(),
            body: Some(wrap(
                "Mechanical change produced by `npx prettier --write src tests` with the new shared configuration. No behaviour changes; the commit id goes into .git-blame-ignore-revs in a follow-up.",
            )),
            branch: "lucas/prettier".into(),
        }
    }

    fn blame_ignore(&mut self) -> Draft {
        let id = self
            .prettier_id
            .clone()
            .unwrap_or_else(|| "0000000000000000000000000000000000000000".to_string());
        self.put_text(
            ".git-blame-ignore-revs".into(),
            vec![
                "# Commits that `git blame` should skip; GitHub honours this file too.".into(),
                "# prettier reformat".into(),
                id,
            ],
        );
        Draft {
            subject: "chore: ignore the prettier reformat in git blame".into(),
            body: Some(wrap(
                "Run `git config blame.ignoreRevsFile .git-blame-ignore-revs` locally to get the same view as GitHub.",
            )),
            branch: "lucas/blame-ignore".into(),
        }
    }

    fn vendor(&mut self) -> Draft {
        const PARTS: &[(&str, usize)] = &[
            ("_schema.py", 950),
            ("_validation.py", 800),
            ("_parser.py", 900),
            ("_types.py", 450),
            ("_logical.py", 300),
        ];
        let dir = "vendor/fastavro_schema/";
        let vendored = Module {
            dir,
            lang: Lang::Python,
            kind: Kind::Code,
            owner: Team::Data,
            moved: None,
            weight: 0,
            scope: "fastavro_schema",
            nouns: &[
                "schema", "record", "field", "union", "enum", "fixed", "array", "decimal",
            ],
            initial: 0,
            commands: &[],
        };
        for (name, target) in PARTS {
            let words = Words::pick(&mut self.rng, vendored.nouns);
            let mut lines = vec![
                "# Vendored from fastavro 1.9.7 (MIT licence); see vendor/fastavro_schema/LICENSE."
                    .to_string(),
                "# Do not edit by hand: update with scripts/vendor.sh instead.".to_string(),
            ];
            lines.extend(header(&vendored, &words, false));
            while lines.len() < *target {
                let w = Words::pick(&mut self.rng, vendored.nouns);
                let size = self.rng.between(8, 30) as usize;
                lines.push(String::new());
                lines.extend(block(&mut self.rng, &vendored, &w, false, size));
            }
            self.put_text(format!("{dir}{name}"), lines);
        }
        self.put_text(
            format!("{dir}__init__.py"),
            vec![
                "\"\"\"Schema helpers vendored from fastavro 1.9.7.\"\"\"".into(),
                String::new(),
                "from ._parser import parse_schema".into(),
                "from ._validation import validate".into(),
                String::new(),
                "__all__ = [\"parse_schema\", \"validate\"]".into(),
            ],
        );
        self.put_text(format!("{dir}LICENSE"), mit_licence());
        self.put_text(
            "vendor/modules.txt".into(),
            vec![
                "# Vendored third-party code; one line per package.".into(),
                "fastavro_schema 1.9.7 MIT".into(),
            ],
        );
        Draft {
            subject: "vendor: pin fastavro schema helpers 1.9.7".into(),
            body: Some(wrap(
                "Upstream 1.10 drops the legacy schema parser that the nightly export still relies on. Vendoring the helpers keeps the export working until the migration to the new parser lands.",
            )),
            branch: "arjun/vendor-fastavro".into(),
        }
    }

    fn planted(&mut self, change: &PlantedChange) -> Draft {
        self.put_text(
            change.path.to_string(),
            change.content.lines().map(str::to_string).collect(),
        );
        Draft {
            subject: change.subject.into(),
            body: Some(wrap_paragraphs(change.body)),
            branch: format!("{}/{}", change.author, change.class),
        }
    }

    fn document(&mut self, doc: Doc) -> Draft {
        self.put_text(doc.path().to_string(), doc.lines());
        let (subject, body, branch) = doc.message();
        Draft {
            subject: subject.into(),
            body: Some(wrap_paragraphs(body)),
            branch: branch.into(),
        }
    }

    fn binary(&mut self, path: &str) -> Draft {
        let mut bytes = vec![
            0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
        ];
        bytes.extend_from_slice(b"IHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00");
        let length = 1500 + self.rng.below(2500) as usize;
        for _ in 0..length {
            let byte = if self.rng.chance(0.25) {
                0
            } else {
                self.rng.below(256) as u8
            };
            bytes.push(byte);
        }
        bytes.extend_from_slice(b"\x00\x00\x00\x00IEND\xAE\x42\x60\x82");
        self.touch(path);
        self.files.insert(path.to_string(), Body::Binary(bytes));
        let subject = if path.contains("splash") {
            "assets: add the new splash screen"
        } else {
            "assets: add the refreshed brand logo"
        };
        Draft {
            subject: subject.into(),
            body: None,
            branch: "assets".into(),
        }
    }
}

fn render_lines(lines: &[String]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

fn is_test_path(path: &str) -> bool {
    path.ends_with("_test.go") || path.ends_with(".test.ts") || path.contains("/test_")
}

/// What prettier would change on one line of checkout-web.
fn prettier_line(path: &str, line: &str) -> String {
    if path.ends_with(".json") {
        // Four-space indentation becomes two spaces.
        let trimmed = line.trim_start_matches(' ');
        let indent = (line.len() - trimmed.len()) / 2;
        format!("{}{}", " ".repeat(indent), trimmed)
    } else if path.ends_with(".css") {
        match line.find('#') {
            Some(at) => format!("{}{}", &line[..at], line[at..].to_lowercase()),
            None => line.to_string(),
        }
    } else if path.ends_with(".ts") || path.ends_with(".tsx") {
        // Single quotes in code, double quotes kept in JSX attributes.
        if line.contains('"') && !line.contains("=\"") && !line.contains('\'') {
            line.replace('"', "'")
        } else {
            line.to_string()
        }
    } else {
        line.to_string()
    }
}

/// Inserts a block between two existing blocks or at the end.
fn insert_block(rng: &mut Rng, lines: &mut Vec<String>, block: Vec<String>) {
    let runs = runs(lines);
    let editable: Vec<&(usize, usize)> = runs.iter().filter(|r| !protected(lines, r.0)).collect();
    let at = if editable.is_empty() || rng.chance(0.35) {
        lines.len()
    } else {
        editable[rng.index(editable.len())].0
    };
    let mut inserted = Vec::with_capacity(block.len() + 1);
    if at == lines.len() {
        inserted.push(String::new());
        inserted.extend(block);
    } else {
        inserted.extend(block);
        inserted.push(String::new());
    }
    lines.splice(at..at, inserted);
}

/// Deletes one block that is not part of the file header; false if there is none.
fn delete_block(rng: &mut Rng, lines: &mut Vec<String>) -> bool {
    let runs = runs(lines);
    let editable: Vec<&(usize, usize)> = runs.iter().filter(|r| !protected(lines, r.0)).collect();
    if editable.len() < 2 {
        return false;
    }
    let &(start, end) = editable[rng.index(editable.len())];
    // Remove the blank line before the block as well.
    let from = if start > 0 && lines[start - 1].is_empty() {
        start - 1
    } else {
        start
    };
    lines.drain(from..end);
    true
}

/// Changes one line inside a block: a number, or one domain word for another.
fn tweak_line(rng: &mut Rng, lines: &mut [String], nouns: &[&'static str]) {
    let runs = runs(lines);
    let editable: Vec<usize> = runs
        .iter()
        .filter(|r| !protected(lines, r.0))
        .flat_map(|&(s, e)| s..e)
        .collect();
    for _ in 0..8 {
        if editable.is_empty() {
            return;
        }
        let i = editable[rng.index(editable.len())];
        let line = &lines[i];
        if let Some(start) = line.find(|c: char| c.is_ascii_digit()) {
            let end = line[start..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(line.len(), |n| start + n);
            let old: u64 = line[start..end].parse().unwrap_or(0);
            let new = old + 1 + rng.below(40);
            lines[i] = format!("{}{}{}", &line[..start], new, &line[end..]);
            return;
        }
        if let Some(&noun) = nouns.iter().find(|n| line.contains(**n)) {
            let other = rng.pick(nouns);
            if other != noun {
                lines[i] = line.replacen(noun, other, 1);
                return;
            }
        }
    }
}

/// Runs of non-blank lines as half-open ranges.
fn runs(lines: &[String]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut start = None;
    for (i, line) in lines.iter().enumerate() {
        match (line.trim().is_empty(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                found.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        found.push((s, lines.len()));
    }
    found
}

/// Header runs (package clause, imports, module docs) are never edited.
fn protected(lines: &[String], start: usize) -> bool {
    const PREFIXES: &[&str] = &[
        "package ",
        "import",
        "use ",
        "from ",
        "on:",
        "jobs:",
        "name:",
        "logger =",
        "private const",
        "locals {",
    ];
    start == 0 || PREFIXES.iter().any(|p| lines[start].starts_with(p))
}

// ---------------------------------------------------------------------------
// Design documents and the commits that cite them
// ---------------------------------------------------------------------------

/// The planted design documents; each is written by one commit, except the
/// ledger ADR, which its author edits once more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Doc {
    /// platform-infra: Priya's RFC that payments, checkout, search and identity adopt.
    RetryRfc,
    /// payments-api: a Nygard ADR without front matter.
    LedgerAdr,
    /// payments-api: the same engineer's later, small edit of the ADR.
    LedgerAdrEdit,
    /// shared-libs: a MADR decision by Priya with deciders from other teams.
    HttpClientMadr,
    /// checkout-web: Priya's post-incident review.
    CheckoutPostmortem,
    /// search-indexer: a draft design document by a search engineer.
    RankingDesign,
}

impl Doc {
    fn path(self) -> &'static str {
        match self {
            Doc::RetryRfc => "rfcs/0001-unified-retry-policy.md",
            Doc::LedgerAdr | Doc::LedgerAdrEdit => "docs/adr/0003-use-postgres-for-the-ledger.md",
            Doc::HttpClientMadr => "docs/decisions/0007-one-http-client.md",
            Doc::CheckoutPostmortem => "postmortems/2025-08-14-checkout-outage.md",
            Doc::RankingDesign => "docs/design/ranking-v2.md",
        }
    }

    fn lines(self) -> Vec<String> {
        let text = match self {
            Doc::RetryRfc => RETRY_RFC.to_string(),
            Doc::LedgerAdr => LEDGER_ADR.to_string(),
            Doc::LedgerAdrEdit => LEDGER_ADR.replace(LEDGER_ADR_BEFORE, LEDGER_ADR_AFTER),
            Doc::HttpClientMadr => HTTP_CLIENT_MADR.to_string(),
            Doc::CheckoutPostmortem => CHECKOUT_POSTMORTEM.to_string(),
            Doc::RankingDesign => RANKING_DESIGN.to_string(),
        };
        text.lines().map(str::to_string).collect()
    }

    /// Subject, body (paragraphs separated by blank lines) and branch name.
    /// The commits that write a document never cite its id: citations come
    /// from other people's work.
    fn message(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Doc::RetryRfc => (
                "rfcs: propose a unified retry and timeout policy",
                "Every service client retries in its own way today, and during the December settlement incident the retries of several clients stacked on top of each other. This proposes one policy: deadlines instead of per-attempt timeouts, at most three attempts, full jitter and a retry budget per client.\n\nReviewed with payments, checkout and search, who own most of the clients involved.",
                "priya/rfc-retry-policy",
            ),
            Doc::LedgerAdr => (
                "docs(adr): record the decision to keep the ledger in Postgres",
                "Writes down what we agreed in the ledger storage review: postings move from DynamoDB to a dedicated Postgres database, with balances materialised by the settlement job.",
                "kenji/adr-ledger-postgres",
            ),
            Doc::LedgerAdrEdit => (
                "docs(adr): reporting now reads from the ledger replica",
                "The read replica is live, so the consequence about reporting queries on the primary no longer holds.",
                "kenji/adr-ledger-replica",
            ),
            Doc::HttpClientMadr => (
                "decisions: use libs/http as the one HTTP client",
                "Records the decision taken with payments and identity: service-to-service calls in Go go through libs/http, which implements the platform retry policy, and new uses of http.DefaultClient are flagged in CI.",
                "priya/decision-one-http-client",
            ),
            Doc::CheckoutPostmortem => (
                "postmortems: add the 2025-08-14 checkout outage review",
                "Blameless review of the SEV2 on 14 August: a slow failover of the payments database, amplified by three clients that retried in lockstep. Action items have owners in payments, checkout and platform.",
                "priya/postmortem-checkout-outage",
            ),
            Doc::RankingDesign => (
                "docs: draft the ranking v2 design",
                "First draft of a learned second-stage ranker on top of BM25. Comments welcome before the offline evaluation starts.",
                "wei/ranking-v2-design",
            ),
        }
    }
}

/// A design document written at a fixed local time by a fixed author.
struct PlantedDocument {
    repo: &'static str,
    author: &'static str,
    day: (i64, i64, i64),
    at: (i64, i64),
    doc: Doc,
    /// Trailers besides the author's own sign-off: key and handle.
    trailers: &'static [(&'static str, &'static str)],
}

/// A code change whose message cites a design document.
struct Citation {
    repo: &'static str,
    author: &'static str,
    day: (i64, i64, i64),
    at: (i64, i64),
    /// Folder of the module that changes.
    dir: &'static str,
    intent: Intent,
    subject: &'static str,
    /// Paragraphs separated by blank lines.
    body: &'static str,
}

/// The moment of a local `day` and `at` time for someone in `tz`.
fn planted_time(day: (i64, i64, i64), at: (i64, i64), tz: i32) -> i64 {
    local_moment(date(day.0, day.1, day.2), at.0, at.1, tz)
}

impl PlantedDocument {
    fn time(&self, tz: i32) -> i64 {
        planted_time(self.day, self.at, tz)
    }
}

impl Citation {
    fn time(&self, tz: i32) -> i64 {
        planted_time(self.day, self.at, tz)
    }
}

/// Every planted document commit. Local times stay between 10:00 and 15:59,
/// so the date is the same in UTC and in the author's own time zone.
const DOCUMENTS: &[PlantedDocument] = &[
    PlantedDocument {
        repo: "platform-infra",
        author: STAFF,
        day: (2025, 2, 10),
        at: (11, 40),
        doc: Doc::RetryRfc,
        trailers: &[
            ("Reviewed-by", "ana"),
            ("Reviewed-by", "erik"),
            ("Reviewed-by", "soren"),
        ],
    },
    PlantedDocument {
        repo: "payments-api",
        author: "kenji",
        day: (2025, 4, 2),
        at: (14, 15),
        doc: Doc::LedgerAdr,
        trailers: &[("Reviewed-by", "ines"), ("Acked-by", "oliver.brandt")],
    },
    PlantedDocument {
        repo: "shared-libs",
        author: STAFF,
        day: (2025, 5, 20),
        at: (10, 25),
        doc: Doc::HttpClientMadr,
        trailers: &[("Reviewed-by", "tomasz"), ("Reviewed-by", "hannah")],
    },
    PlantedDocument {
        repo: "search-indexer",
        author: "wei",
        day: (2025, 6, 1),
        at: (11, 5),
        doc: Doc::RankingDesign,
        trailers: &[],
    },
    PlantedDocument {
        repo: "checkout-web",
        author: STAFF,
        day: (2025, 8, 20),
        at: (15, 30),
        doc: Doc::CheckoutPostmortem,
        trailers: &[("Reviewed-by", "sofia"), ("Acked-by", "fatima")],
    },
    PlantedDocument {
        repo: "payments-api",
        author: "kenji",
        day: (2025, 10, 8),
        at: (10, 50),
        doc: Doc::LedgerAdrEdit,
        trailers: &[],
    },
];

/// Adoption of RFC-0001 (March to July 2025, by the owning teams, never by
/// its author), one implementation of the ranking design, and the
/// post-incident remediation work.
const CITATIONS: &[Citation] = &[
    Citation {
        repo: "payments-api",
        author: "ines",
        day: (2025, 3, 12),
        at: (10, 35),
        dir: "src/gateway/",
        intent: Intent::Refactor,
        subject: "gateway: adopt the unified retry policy (RFC-0001)",
        body: "Acquirer calls now go through the shared policy: at most three attempts, exponential backoff with full jitter and the caller's deadline. The hand-rolled loop in the capture path is gone.",
    },
    Citation {
        repo: "search-indexer",
        author: "grace",
        day: (2025, 3, 18),
        at: (14, 20),
        dir: "src/ingest/",
        intent: Intent::Refactor,
        subject: "ingest: adopt the unified retry policy for feed fetches",
        body: "Feed fetches slept a fixed 500 ms between attempts. They now back off with full jitter and stop when the batch deadline passes.\n\nImplements RFC-0001.",
    },
    Citation {
        repo: "checkout-web",
        author: "james.okoro",
        day: (2025, 3, 20),
        at: (11, 10),
        dir: "src/api/",
        intent: Intent::Feature,
        subject: "api: move the order client to the unified retry policy",
        body: "GET requests retry up to three times with jittered backoff; POST requests retry only when they carry an Idempotency-Key.\n\nImplements RFC-0001.",
    },
    Citation {
        repo: "payments-api",
        author: "fatima",
        day: (2025, 4, 15),
        at: (13, 45),
        dir: "src/api/",
        intent: Intent::Fix,
        subject: "api: bound webhook delivery retries by the retry budget",
        body: "Webhook delivery retried forever on any 5xx. It now draws from the per-client retry budget and gives up once the delivery deadline passes.\n\nPart of the RFC-0001 rollout.",
    },
    Citation {
        repo: "identity-service",
        author: "raj",
        day: (2025, 4, 23),
        at: (12, 30),
        dir: "src/oauth/",
        intent: Intent::Fix,
        subject: "oauth: refresh JWKS with the shared retry policy (RFC-0001)",
        body: "Key refreshes back off with jitter and never hold up token validation past its deadline.",
    },
    Citation {
        repo: "checkout-web",
        author: "mei",
        day: (2025, 5, 6),
        at: (10, 55),
        dir: "src/hooks/",
        intent: Intent::Refactor,
        subject: "hooks: stop retrying quote requests inside useCart (RFC-0001)",
        body: "Retrying is the API client's job under the unified policy, so the hook no longer wraps fetchQuote in a loop of its own and the two layers stop multiplying each other.",
    },
    Citation {
        repo: "search-indexer",
        author: "nikolai",
        day: (2025, 5, 14),
        at: (15, 5),
        dir: "src/query/",
        intent: Intent::Perf,
        subject: "query: give each shard request a slice of the deadline per RFC-0001",
        body: "A slow shard is now retried once on a replica instead of three times on the same node, and the fan-out never outlives the query deadline.",
    },
    Citation {
        repo: "payments-api",
        author: "tomasz",
        day: (2025, 6, 10),
        at: (11, 25),
        dir: "src/settlement/",
        intent: Intent::Fix,
        subject: "settlement: retry payout submission only on retryable errors",
        body: "Follows rfcs/0001-unified-retry-policy.md in platform-infra: payouts are retried only for the errors the policy classifies as retryable, and the batch deadline is passed to every attempt.\n\nRefs: RFC-0001",
    },
    Citation {
        repo: "search-indexer",
        author: "maya",
        day: (2025, 6, 17),
        at: (13, 40),
        dir: "src/query/",
        intent: Intent::Feature,
        subject: "query: add the second-stage ranker behind a flag",
        body: "Implements docs/design/ranking-v2.md: a learned second stage reranks the top 200 BM25 candidates. It is off by default until the offline evaluation is in.",
    },
    Citation {
        repo: "search-indexer",
        author: "pablo",
        day: (2025, 6, 24),
        at: (10, 15),
        dir: "src/index/",
        intent: Intent::Fix,
        subject: "index: retry segment uploads with jittered backoff",
        body: "Segment uploads to object storage follow the shared policy and respect the retry budget instead of retrying until the writer times out.\n\nImplements RFC-0001.",
    },
    Citation {
        repo: "checkout-web",
        author: "lucas",
        day: (2025, 7, 8),
        at: (14, 50),
        dir: "src/api/",
        intent: Intent::Feature,
        subject: "api: send the request deadline with every call",
        body: "Per RFC-0001, retries never outlive the caller's deadline, so the client now sends it in X-Request-Deadline. The default timeouts follow the table in platform-infra's rfcs/0001-unified-retry-policy.md.",
    },
    Citation {
        repo: "identity-service",
        author: "chloe",
        day: (2025, 7, 15),
        at: (11, 0),
        dir: "src/sessions/",
        intent: Intent::Fix,
        subject: "sessions: treat store timeouts as retryable",
        body: "Timeouts and connection resets from the session store are retried; everything else fails fast.\n\nImplements RFC-0001 for the session store.",
    },
    Citation {
        repo: "payments-api",
        author: "oliver.brandt",
        day: (2025, 7, 22),
        at: (15, 20),
        dir: "src/ledger/",
        intent: Intent::Refactor,
        subject: "ledger: move journal writes to the shared retry policy",
        body: "The journal writer had its own fixed-interval retry loop. It now uses the RFC-0001 policy with the ledger's write deadline, so a slow primary no longer sees a burst of identical retries.",
    },
    Citation {
        repo: "payments-api",
        author: "ana",
        day: (2025, 8, 26),
        at: (12, 10),
        dir: "src/api/",
        intent: Intent::Fix,
        subject: "api: add full jitter to the payment status client",
        body: "The status poller backed off exponentially but without jitter, so every replica retried at the same moments during the failover.\n\nAction item from INC-2025-014.",
    },
    Citation {
        repo: "checkout-web",
        author: "james.okoro",
        day: (2025, 9, 2),
        at: (10, 40),
        dir: "src/api/",
        intent: Intent::Fix,
        subject: "api: cap checkout gateway retries at two attempts",
        body: "The gateway retried every failed call five times with a fixed sleep. It now stops after two attempts and hands a retryable error back to the page.\n\nRemediation for INC-2025-014.",
    },
    Citation {
        repo: "platform-infra",
        author: STAFF,
        day: (2025, 9, 4),
        at: (13, 15),
        dir: "k8s/",
        intent: Intent::Feature,
        subject: "k8s: publish the retry budget dashboard",
        body: "Retry rate and remaining budget per client, scraped from the libs/http metrics, with an alert when a client spends more than half of its budget for ten minutes.\n\nCloses the last action item of INC-2025-014.",
    },
];

const RETRY_RFC: &str = r#"---
id: RFC-0001
title: A unified retry and timeout policy for service clients
type: rfc
status: accepted
authors: [priya]
reviewers: [ana, erik, soren]
teams: [platform]
date: 2025-02-10
---
# A unified retry and timeout policy for service clients

## Summary

Every service client at Acme retries and times out in its own way. This RFC
proposes one policy for all of them: a deadline per call that travels
downstream, at most three attempts, exponential backoff with full jitter, one
classification of retryable errors, and a retry budget per client that keeps
retries from multiplying load during an incident.

## Motivation

We counted eleven hand-written retry loops across payments-api, checkout-web,
search-indexer and identity-service. They differ in every parameter that
matters:

- attempts range from two to "until it works";
- three loops sleep for a fixed interval, and none of them add jitter;
- timeouts are set per attempt, so a call with four attempts can take four
  times longer than its caller is willing to wait;
- POST requests are retried without an idempotency key in two places.

During the December settlement incident the ledger's retries and the checkout
gateway's retries stacked on top of each other and turned a 30-second database
blip into twelve minutes of elevated errors. Retries should hide transient
failures; they must never make an outage worse.

## Proposal

1. **Deadlines, not timeouts.** The caller sets a deadline for the whole
   operation. Each attempt gets what is left of it, and no attempt starts with
   less than 50 ms remaining. Deadlines travel in the `X-Request-Deadline`
   header and in gRPC metadata.
2. **At most three attempts.** The first call and two retries. Anything more
   needs a written exception in the service's README.
3. **Exponential backoff with full jitter.** Sleep a random duration in
   `[0, min(cap, base * 2^attempt)]`, with `base = 100ms` and `cap = 2s`.
4. **One classification of retryable errors.** Connection resets, timeouts,
   HTTP 502, 503, 504 and 429 (honouring `Retry-After`) are retryable; other
   4xx responses and 500 are not. Requests that are not idempotent are retried
   only when they carry an `Idempotency-Key`.
5. **A retry budget per client.** Retries may add at most 10% to a client's
   request rate over a 10-second window. Beyond that, calls fail fast with a
   retryable error and the caller decides what to do.
6. **Shared implementations.** `libs/http` in shared-libs implements the policy
   for Go; checkout-web and search-indexer get small equivalents in TypeScript
   and Rust with the same defaults and the same test cases.

| Setting      | Default | Who may change it           |
|--------------|---------|-----------------------------|
| attempts     | 3       | service owners, with a note |
| base backoff | 100 ms  | nobody                      |
| backoff cap  | 2 s     | service owners              |
| retry budget | 10%     | platform                    |

## Rollout

Each team moves its clients during the second quarter of 2025 and cites this
RFC in the commits that do, so that adoption can be followed with
`git log --grep=RFC-0001`. Platform publishes a dashboard of retry rates and
budgets per client.

## Alternatives considered

- **Retries in the service mesh.** Envoy can retry for us, but it cannot see
  the deadlines or idempotency keys set by the application, and during the
  migration it would add a second layer of retries on top of the existing
  ones.
- **Leaving it to each team.** This is what we do today; the December incident
  is the result.
- **No retries at all.** Simple, but every deploy and failover would surface
  transient errors to customers.

## Open questions

- Should batch jobs get a larger retry budget than interactive traffic?
- Do we need overrides per endpoint, or is one setting per client enough?
"#;

const LEDGER_ADR: &str = r#"# 3. Use Postgres for the ledger

Date: 2025-04-02

## Status

Accepted

## Context

The ledger records every money movement in payments-api: charges, refunds,
payouts and the fees we owe acquirers. It lives in a DynamoDB table that was
chosen when the service only stored payment intents. Since then the ledger has
grown requirements that a key-value store handles poorly:

- the postings of a journal entry must be written atomically, several rows at
  a time;
- settlement reconciles balances per account and per day, which needs range
  scans and aggregates;
- finance asks ad-hoc questions that we answer by exporting the table to the
  warehouse, a day late.

We compared Postgres 16 on RDS, the existing DynamoDB table with transactions,
and CockroachDB. The team already runs Postgres for the settlement batch, and
platform supports it with backups, failover and monitoring.

## Decision

We will store the ledger in Postgres, in a dedicated `ledger` database on the
payments RDS cluster.

- The postings of a journal entry are written in one transaction, and a
  constraint checks that debits and credits balance.
- Balances are materialised per account and day by the settlement job instead
  of being computed on every read.
- Migrations live in `migrations/` and run through the existing
  `make migrate` target.
- The DynamoDB table stays read-only for twelve months and is then deleted.

## Consequences

- We gain transactions across postings, and reconciliation becomes a handful
  of SQL queries instead of a nightly export.
- We take on schema migrations for the ledger; every migration needs a review
  from someone on the payments on-call rotation.
- A failover of the RDS cluster now interrupts ledger writes, so clients must
  retry failed writes as the platform retry policy (RFC-0001) describes.
- Reporting queries run against the primary for now; we will revisit this once
  settlement volume grows.
"#;

/// The line of [`LEDGER_ADR`] that the later edit replaces.
const LEDGER_ADR_BEFORE: &str =
    "- Reporting queries run against the primary for now; we will revisit this once
  settlement volume grows.";
const LEDGER_ADR_AFTER: &str =
    "- Reporting queries run against the read replica `ledger-ro` since October
  2025; the primary only serves the API and settlement.";

const HTTP_CLIENT_MADR: &str = r#"---
status: accepted
date: 2025-05-20
deciders: [priya, tomasz, hannah]
---
# Use one shared HTTP client

## Context and Problem Statement

Go services build their outgoing HTTP clients in at least four ways:
`http.DefaultClient`, a hand-tuned `http.Transport` copied from repository to
repository, a wrapper in the payments-api gateway, and the retrying client in
`libs/http`. RFC-0001 asks every client to follow one retry and timeout
policy, which is hard to check while every service owns its own client.

Which HTTP client should services use for calls to other services?

## Decision Drivers

* Deadlines, retries and the retry budget of RFC-0001 must behave the same way
  everywhere.
* Connection pooling and TLS settings should be tuned once, by the people who
  watch the dashboards.
* Teams still need per-call options such as extra headers or a timeout shorter
  than the deadline.

## Considered Options

* Keep per-service clients and document the settings to copy
* Use libs/http as the one client
* Retry in the service mesh and use plain clients

## Decision Outcome

Chosen option: "Use libs/http as the one client", because it is the only
option that applies RFC-0001 where the application knows the deadline and the
idempotency key, and it already runs in the payments-api gateway in
production.

### Consequences

* Good, because retry behaviour is defined and tested in one place.
* Good, because transport settings and metrics are the same in every service.
* Bad, because `libs/http` becomes a dependency of every Go service, so
  platform has to keep its API stable and release it with a changelog.
* Bad, because teams can no longer tune their own transports; they need an
  option in `libs/http` instead.

### Confirmation

A lint rule in the shared CI flags new uses of `http.DefaultClient` and of
`&http.Client{}` outside `libs/http`.

## Pros and Cons of the Options

### Keep per-service clients and document the settings to copy

* Good, because nothing has to change.
* Bad, because the settings drift apart again within months.

### Retry in the service mesh and use plain clients

* Good, because application code does not change.
* Bad, because the mesh cannot see deadlines or idempotency keys.
* Bad, because it adds a second layer of retries while services migrate.
"#;

const CHECKOUT_POSTMORTEM: &str = r#"---
id: INC-2025-014
title: Checkout outage from retry storms
type: postmortem
severity: SEV2
date: 2025-08-14
authors: [priya]
teams_affected: [checkout, payments, platform]
diagnosed_by: [priya]
root_cause: Retries without jitter in three services amplified a slow database failover.
remediation:
  - item: Add jitter to the payments client
    owner: ana
  - item: Cap retries in the checkout gateway
    owner: james.okoro
  - item: Publish the retry budget dashboard
    owner: priya
---
# Checkout outage from retry storms

## Summary

On 14 August 2025, between 14:02 and 14:49 UTC, 38% of checkout attempts
failed and another 20% took longer than ten seconds. A planned failover of the
payments database took 95 seconds instead of the usual 30. Three clients that
still retried on a fixed schedule, without jitter, retried in lockstep; their
combined load held the new primary at full CPU for more than forty minutes.

No payment was lost or charged twice: the idempotency keys held. About 4,100
orders were abandoned.

## Timeline

All times are UTC.

- 14:00 Platform starts the scheduled failover of `payments-prod`.
- 14:02 The failover stalls behind a long-running settlement transaction.
- 14:03 The checkout error-rate alert fires and pages the checkout on-call.
- 14:04 The new primary accepts connections; its CPU goes to 100% at once.
- 14:11 Payments on-call sees connection pool exhaustion in payments-api and
  restarts two pods, which does not help.
- 14:19 The incident is declared SEV2; priya joins as incident commander.
- 14:27 priya lines up the request spikes with 2, 4 and 8 second boundaries
  and finds synchronised retries from three clients.
- 14:34 The checkout gateway's retries are switched off by feature flag.
- 14:41 The payment status poller is scaled down to one replica.
- 14:49 Error rates are back to normal; the incident is closed at 15:10.

## Root cause

Retries without jitter in three services amplified a slow database failover.
The failover itself was slow but within its design. The outage came from three
clients that had not yet moved to the unified retry policy (RFC-0001):

1. the checkout gateway, which retried every failed call five times with a
   fixed two-second sleep;
2. the payment status poller in payments-api, which backed off exponentially
   but without jitter, so every replica retried at the same moments;
3. the order events consumer, which reconnected in a tight loop.

Together they sent the new primary about nine times its normal load, in waves
two seconds apart, so it never caught up. None of the three had a retry
budget.

## What went well

- Idempotency keys prevented every double charge.
- The feature flag for gateway retries existed and took effect within a minute.
- The database failover runbook was accurate.

## What went wrong

- Three clients still ran hand-written retry loops six months after RFC-0001
  was accepted, and nobody tracked the stragglers.
- No dashboard showed retry rates per client, so it took 23 minutes to see
  the pattern.
- Restarting payments-api pods added more connection churn.

## Action items

| Action                              | Owner       | Due        |
|-------------------------------------|-------------|------------|
| Add jitter to the payments client   | ana         | 2025-08-29 |
| Cap retries in the checkout gateway | james.okoro | 2025-09-05 |
| Publish the retry budget dashboard  | priya       | 2025-09-05 |
"#;

const RANKING_DESIGN: &str = r#"---
title: Ranking v2 with a learned second-stage reranker
type: design
authors: [wei]
status: draft
date: 2025-06-01
---
# Ranking v2

## Background

Search ranks products with BM25 over title, brand and description, plus a
hand-tuned boost for popularity. The boosts were last tuned two years ago.
Merchandising keeps asking for new ones, and every new boost makes the others
harder to reason about. Click-through on the first result page has fallen from
31% to 26% over the last year.

## Goals

- Improve click-through and add-to-cart rate on the first result page.
- Replace the hand-tuned boosts with features that are learned and measured.
- Keep the p99 latency of a query below 120 ms.

## Non-goals

- Personalisation per shopper; that comes after v2.
- Changes to tokenisation, synonyms or the index layout.

## Design

### Candidate generation

BM25 stays as the first stage and returns the top 200 candidates per shard.
The shard merge keeps the best 200 overall, as it does today.

### Second stage

A gradient-boosted ranker (LambdaMART) reorders those 200 candidates. The
model runs in-process in the query service, loaded from a versioned artifact
in object storage, so that a bad model can be rolled back by changing one
setting.

### Features

- the BM25 score of each field, not only the sum;
- popularity over 7 and 28 days, and the stock level;
- price relative to the median price of the category;
- the query's category intent, from the existing classifier.

Features are computed at indexing time wherever possible, so that the second
stage only reads stored values.

## Evaluation

Offline: NDCG@10 on three months of judged queries, against the current
ranking. Online: an A/B test on 10% of traffic for two weeks, with
add-to-cart rate as the primary metric and latency as a guardrail.

## Rollout

The second stage ships behind a flag, off by default. We turn it on for
internal traffic first, then run the A/B test, then ramp up per market.

## Risks

- Latency: 200 candidates with about 40 features each should score in under
  10 ms, but we need to measure it on production hardware.
- Feedback loops: the model learns from clicks on results it ranked itself,
  so 5% of traffic keeps the current ranking as a control.
"#;

// ---------------------------------------------------------------------------
// Source code generators
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct Verb {
    base: &'static str,
    third: &'static str,
    past: &'static str,
}

const fn verb(base: &'static str, third: &'static str, past: &'static str) -> Verb {
    Verb { base, third, past }
}

const VERBS: &[Verb] = &[
    verb("load", "loads", "loaded"),
    verb("save", "saves", "saved"),
    verb("validate", "validates", "validated"),
    verb("apply", "applies", "applied"),
    verb("build", "builds", "built"),
    verb("parse", "parses", "parsed"),
    verb("resolve", "resolves", "resolved"),
    verb("compute", "computes", "computed"),
    verb("fetch", "fetches", "fetched"),
    verb("record", "records", "recorded"),
    verb("reconcile", "reconciles", "reconciled"),
    verb("retry", "retries", "retried"),
    verb("normalize", "normalizes", "normalized"),
    verb("merge", "merges", "merged"),
    verb("schedule", "schedules", "scheduled"),
    verb("publish", "publishes", "published"),
    verb("refresh", "refreshes", "refreshed"),
    verb("expire", "expires", "expired"),
    verb("encode", "encodes", "encoded"),
    verb("decode", "decodes", "decoded"),
    verb("sync", "syncs", "synced"),
    verb("cancel", "cancels", "cancelled"),
];

const GENERIC_NOUNS: &[&str] = &[
    "cursor", "limit", "window", "state", "config", "event", "status", "region",
];

const PURPOSES: &[&str] = &[
    "for the current tenant",
    "before it is persisted",
    "and reports progress to the caller",
    "using the configured store",
    "without holding the global lock",
    "in a single transaction",
    "so retries stay idempotent",
    "for the nightly batch",
];

const COMMENTS: &[&str] = &[
    "Keep this in sync with the API contract.",
    "The upstream service may return stale data here.",
    "Retries are safe because the operation is idempotent.",
    "Order matters: the audit record must be written first.",
    "This path is hot; avoid allocating per item.",
    "Legacy clients still send the old field name.",
];

#[derive(Debug, Clone, Copy)]
struct Words {
    verb: Verb,
    noun: &'static str,
    noun2: &'static str,
    num: u32,
}

impl Words {
    fn pick(rng: &mut Rng, nouns: &'static [&'static str]) -> Self {
        let noun = rng.pick(nouns);
        let mut noun2 = if rng.chance(0.5) {
            rng.pick(nouns)
        } else {
            rng.pick(GENERIC_NOUNS)
        };
        if noun2 == noun {
            noun2 = rng.pick(GENERIC_NOUNS);
        }
        Words {
            verb: rng.pick(VERBS),
            noun: ident_word(noun),
            noun2: ident_word(noun2),
            num: rng.pick(&[2, 3, 5, 8, 10, 15, 20, 30, 45, 60, 90, 120, 250, 500]),
        }
    }

    fn snake(&self) -> String {
        format!("{}_{}_{}", self.verb.base, self.noun, self.noun2)
    }

    fn camel(&self) -> String {
        format!(
            "{}{}{}",
            self.verb.base,
            pascal(self.noun),
            pascal(self.noun2)
        )
    }

    fn pascal(&self) -> String {
        format!(
            "{}{}{}",
            pascal(self.verb.base),
            pascal(self.noun),
            pascal(self.noun2)
        )
    }

    fn ty(&self) -> String {
        pascal(self.noun)
    }

    fn result_ty(&self) -> String {
        format!("{}{}", pascal(self.noun), pascal(self.noun2))
    }

    fn doc(&self, rng: &mut Rng) -> String {
        format!(
            "{} the {} {} {}.",
            capitalize(self.verb.third),
            self.noun,
            self.noun2,
            rng.pick(PURPOSES)
        )
    }
}

/// Nouns such as `threat-model` are written as one identifier word.
fn ident_word(noun: &'static str) -> &'static str {
    match noun {
        "threat-model" => "threat",
        "search-client" => "search",
        other => other,
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn pascal(word: &str) -> String {
    word.split(['-', '_']).map(capitalize).collect()
}

/// The header of a new file: package clause, imports and the like.
fn header(module: &Module, w: &Words, test: bool) -> Vec<String> {
    let pkg = module.package().replace('-', "");
    let lines: Vec<String> = match module.lang {
        Lang::Go if test => vec![
            format!("package {pkg}"),
            String::new(),
            "import (".into(),
            "\t\"context\"".into(),
            "\t\"testing\"".into(),
            ")".into(),
        ],
        Lang::Go => vec![
            format!("package {pkg}"),
            String::new(),
            "import (".into(),
            "\t\"context\"".into(),
            "\t\"errors\"".into(),
            "\t\"fmt\"".into(),
            "\t\"log/slog\"".into(),
            "\t\"time\"".into(),
            ")".into(),
            String::new(),
            format!(
                "// {}Store persists {} records for the {pkg} package.",
                w.ty(),
                w.noun
            ),
            format!("type {}Store interface {{", w.ty()),
            format!(
                "\tLoad{}(ctx context.Context, id string) (*{}, error)",
                w.ty(),
                w.ty()
            ),
            format!("\tSave{}(ctx context.Context, v *{}) error", w.ty(), w.ty()),
            "}".into(),
        ],
        Lang::Rust if test => vec![
            format!("//! Benchmarks and tests for {} {}.", w.noun, w.noun2),
            String::new(),
            "use std::hint::black_box;".into(),
        ],
        Lang::Rust => vec![
            format!("//! {} {} handling.", capitalize(w.noun), w.noun2),
            String::new(),
            "use std::collections::HashMap;".into(),
            "use std::time::{Duration, Instant};".into(),
            String::new(),
            "use crate::error::Error;".into(),
            "use crate::store::Store;".into(),
        ],
        Lang::Ts if test => vec![
            "import { describe, expect, it } from \"vitest\";".into(),
            format!(
                "import {{ {} }} from \"../src/{}/{}\";",
                w.camel(),
                w.noun,
                w.noun
            ),
        ],
        Lang::Ts => vec![
            "import { client } from \"../api/client\";".into(),
            "import { logger } from \"../lib/logger\";".into(),
            format!(
                "import type {{ {}, {}Options }} from \"./types\";",
                w.ty(),
                w.ty()
            ),
        ],
        Lang::Tsx => vec![
            "import { useState } from \"react\";".into(),
            "import { useTranslation } from \"react-i18next\";".into(),
            format!("import type {{ {} }} from \"../types\";", w.ty()),
        ],
        Lang::Python if test => vec![
            format!("\"\"\"Tests for {} {}.\"\"\"", w.noun, w.noun2),
            String::new(),
            "import pytest".into(),
            String::new(),
            format!("from pipeline.jobs.{} import {}", w.noun, w.snake()),
        ],
        Lang::Python => vec![
            format!("\"\"\"{} {} helpers.\"\"\"", capitalize(w.noun), w.noun2),
            String::new(),
            "from __future__ import annotations".into(),
            String::new(),
            "import logging".into(),
            "from dataclasses import dataclass".into(),
            String::new(),
            "logger = logging.getLogger(__name__)".into(),
        ],
        Lang::Kotlin => vec![
            format!("package com.acme.{pkg}"),
            String::new(),
            "import android.util.Log".into(),
            "import kotlinx.coroutines.withTimeout".into(),
            String::new(),
            format!(
                "private const val TAG = \"{}{}\"",
                pascal(&pkg),
                pascal(w.noun)
            ),
        ],
        Lang::Sql if module.kind == Kind::Migrations => vec![
            format!("-- Migration: {} {} {}.", w.verb.base, w.noun, w.noun2),
            "-- Runs inside a transaction; keep it backwards compatible with the running release."
                .into(),
        ],
        Lang::Sql => vec![format!(
            "-- {} model: one row per {} and day.",
            capitalize(w.noun),
            w.noun2
        )],
        Lang::Terraform => vec![
            format!("# {} {} resources.", capitalize(w.noun), w.noun2),
            String::new(),
            "locals {".into(),
            "  common_tags = {".into(),
            "    team   = \"platform\"".into(),
            format!("    module = \"{}\"", w.noun),
            "  }".into(),
            "}".into(),
        ],
        Lang::Yaml if module.kind == Kind::Workflows => vec![
            format!("name: {}", capitalize(w.noun)),
            String::new(),
            "on:".into(),
            "  push:".into(),
            "    branches: [main]".into(),
            "  pull_request:".into(),
            String::new(),
            "jobs:".into(),
        ],
        Lang::Yaml => vec![format!(
            "# {} manifests, applied by Argo CD.",
            capitalize(w.noun)
        )],
        Lang::Markdown => vec![format!("# {} {}", capitalize(w.noun), w.noun2)],
        Lang::Css => vec![format!("/* {} {} styles */", w.noun, w.noun2)],
        Lang::Json => vec![
            "{".into(),
            format!("    \"{}\": \"{}\"", w.noun, w.noun2),
            "}".into(),
        ],
    };
    lines
}

/// A self-contained block (a function, resource, section...) of about `target` lines.
fn block(rng: &mut Rng, module: &Module, w: &Words, test: bool, target: usize) -> Vec<String> {
    let target = target.max(3);
    match module.lang {
        Lang::Go if test => go_test(rng, w),
        Lang::Go => go_func(rng, module, w, target),
        Lang::Rust if test || module.dir == "benches/" => rust_test(rng, w),
        Lang::Rust => rust_fn(rng, w, target),
        Lang::Ts if test => ts_test(rng, w),
        Lang::Ts => ts_fn(rng, w, target),
        Lang::Tsx => tsx_component(rng, w, target),
        Lang::Python if test => python_test(rng, w),
        Lang::Python => python_fn(rng, w, target),
        Lang::Kotlin => kotlin_fn(rng, w, target),
        Lang::Sql if module.kind == Kind::Migrations => sql_migration(rng, w),
        Lang::Sql => sql_model(rng, w),
        Lang::Terraform => terraform_block(rng, w),
        Lang::Yaml if module.kind == Kind::Workflows => workflow_job(rng, module, w),
        Lang::Yaml => k8s_document(rng, w),
        Lang::Markdown => markdown_section(rng, w, target),
        Lang::Css => css_rule(rng, w),
        Lang::Json => vec![format!("    \"{}\": \"{}\"", w.noun, w.noun2)],
    }
}

fn indent(prefix: &str, lines: Vec<String>) -> Vec<String> {
    lines.into_iter().map(|l| format!("{prefix}{l}")).collect()
}

/// Takes statements in a random order, each at most once, until the body
/// reaches `target` lines; real functions rarely repeat a statement.
fn statements(rng: &mut Rng, mut candidates: Vec<Vec<String>>, target: usize) -> Vec<String> {
    for i in (1..candidates.len()).rev() {
        let j = rng.index(i + 1);
        candidates.swap(i, j);
    }
    let mut body = Vec::new();
    for statement in candidates {
        if !body.is_empty() && body.len() + statement.len() > target {
            continue;
        }
        body.extend(statement);
        if body.len() >= target {
            break;
        }
    }
    body
}

fn go_func(rng: &mut Rng, module: &Module, w: &Words, target: usize) -> Vec<String> {
    let (n, ty, res) = (w.noun, w.ty(), w.result_ty());
    let pkg = module.package().replace('-', "");
    let doc = w.doc(rng);
    let comment = rng.pick(COMMENTS);
    let candidates = vec![
        vec![
            format!("if {n} == nil {{"),
            format!("\treturn nil, errors.New(\"{pkg}: nil {n}\")"),
            "}".into(),
        ],
        vec![
            format!("if err := {n}.Validate(); err != nil {{"),
            format!("\treturn nil, fmt.Errorf(\"invalid {n}: %w\", err)"),
            "}".into(),
        ],
        vec![
            format!(
                "if _, err := s.store.Load{}(ctx, {n}.ID); err != nil {{",
                pascal(w.noun2)
            ),
            format!("\treturn nil, fmt.Errorf(\"{} {n}: %w\", err)", w.verb.base),
            "}".into(),
        ],
        vec![format!("s.metrics.{ty}{}Total.Inc()", pascal(w.verb.past))],
        vec![
            format!(
                "ctx, cancel := context.WithTimeout(ctx, {}*time.Second)",
                w.num
            ),
            "defer cancel()".into(),
        ],
        vec![format!(
            "s.log.InfoContext(ctx, \"{n} {}\", \"id\", {n}.ID, \"attempt\", {})",
            w.verb.past,
            w.num % 7
        )],
        vec![
            format!("for _, item := range {n}.Items {{"),
            "\tif item.Amount <= 0 {".into(),
            "\t\tcontinue".into(),
            "\t}".into(),
            format!("\t{n}.Total += item.Amount"),
            "}".into(),
        ],
        vec![
            "start := time.Now()".into(),
            format!(
                "defer func() {{ s.metrics.{ty}Duration.Observe(time.Since(start).Seconds()) }}()"
            ),
        ],
        vec![
            format!("if {n}.Status == {ty}StatusClosed {{"),
            format!("\treturn nil, Err{ty}Closed"),
            "}".into(),
        ],
        vec![
            format!("if err := s.store.Save{ty}(ctx, {n}); err != nil {{"),
            format!("\treturn nil, fmt.Errorf(\"save {n}: %w\", err)"),
            "}".into(),
        ],
        vec![format!("// {comment}")],
    ];
    let mut lines = vec![
        format!("// {} {}", w.pascal(), lower_first(&doc)),
        format!(
            "func (s *{}Service) {}(ctx context.Context, {n} *{ty}) (*{res}, error) {{",
            pascal(&pkg),
            w.pascal()
        ),
    ];
    lines.extend(indent(
        "\t",
        statements(rng, candidates, target.saturating_sub(4)),
    ));
    lines.push(format!("\treturn &{res}{{ID: {n}.ID}}, nil"));
    lines.push("}".into());
    lines
}

fn go_test(rng: &mut Rng, w: &Words) -> Vec<String> {
    let variant = rng.pick(&["", "Empty", "Retries", "Stale", "Concurrent", "Timeout"]);
    let id = format!("{}-{}", w.noun, w.num);
    vec![
        format!("func Test{}{variant}(t *testing.T) {{", w.pascal()),
        format!("\ts := newTest{}Service(t)", w.ty()),
        format!(
            "\tgot, err := s.{}(context.Background(), &{}{{ID: \"{id}\"}})",
            w.pascal(),
            w.ty()
        ),
        "\tif err != nil {".into(),
        format!("\t\tt.Fatalf(\"{}: %v\", err)", w.pascal()),
        "\t}".into(),
        format!("\tif got.ID != \"{id}\" {{"),
        format!("\t\tt.Errorf(\"ID = %q, want %q\", got.ID, \"{id}\")"),
        "\t}".into(),
        "}".into(),
    ]
}

fn rust_fn(rng: &mut Rng, w: &Words, target: usize) -> Vec<String> {
    let (n, ty, res) = (w.noun, w.ty(), w.result_ty());
    let doc = w.doc(rng);
    let comment = rng.pick(COMMENTS);
    let candidates = vec![
        vec![
            format!("if {n}.is_empty() {{"),
            format!("    return Err(Error::Empty{ty});"),
            "}".into(),
        ],
        vec![format!(
            "let {} = store.{}s().get(&{n}.id).ok_or(Error::Missing{})?;",
            w.noun2,
            w.noun2,
            pascal(w.noun2)
        )],
        vec![format!(
            "tracing::debug!(id = %{n}.id, \"{n} {}\");",
            w.verb.past
        )],
        vec![
            "let mut total = 0u64;".into(),
            format!("for item in &{n}.items {{"),
            "    if item.weight == 0 {".into(),
            "        continue;".into(),
            "    }".into(),
            "    total += u64::from(item.weight);".into(),
            "}".into(),
        ],
        vec![format!(
            "let deadline = Instant::now() + Duration::from_millis({});",
            w.num * 10
        )],
        vec![
            "let mut seen = HashMap::new();".into(),
            format!("for (position, term) in {n}.terms.iter().enumerate() {{"),
            "    seen.entry(term.as_str()).or_insert(position);".into(),
            "}".into(),
        ],
        vec![
            format!("if {n}.len() > store.limits().max_{} {{", w.noun2),
            format!(
                "    return Err(Error::TooLarge {{ limit: store.limits().max_{} }});",
                w.noun2
            ),
            "}".into(),
        ],
        vec![format!(
            "store.record_{}({n}.id, deadline_or_now());",
            w.verb.base
        )],
        vec![format!("// {comment}")],
    ];
    let mut lines = vec![
        format!("/// {doc}"),
        format!(
            "pub fn {}(store: &Store, {n}: &{ty}) -> Result<{res}, Error> {{",
            w.snake()
        ),
    ];
    lines.extend(indent(
        "    ",
        statements(rng, candidates, target.saturating_sub(4)),
    ));
    lines.push(format!("    Ok({res}::from({n}))"));
    lines.push("}".into());
    lines
}

fn rust_test(rng: &mut Rng, w: &Words) -> Vec<String> {
    let variant = rng.pick(&[
        "works",
        "handles_empty_input",
        "is_stable",
        "respects_limit",
    ]);
    vec![
        "#[test]".into(),
        format!("fn {}_{variant}() {{", w.snake()),
        "    let store = Store::in_memory();".into(),
        format!("    let {} = {}::sample({});", w.noun, w.ty(), w.num),
        format!(
            "    let result = {}(&store, black_box(&{})).expect(\"{} succeeds\");",
            w.snake(),
            w.noun,
            w.snake()
        ),
        format!("    assert_eq!(result.id, {}.id);", w.noun),
        "}".into(),
    ]
}

fn ts_fn(rng: &mut Rng, w: &Words, target: usize) -> Vec<String> {
    let (n, ty, res) = (w.noun, w.ty(), w.result_ty());
    let doc = w.doc(rng);
    let comment = rng.pick(COMMENTS);
    let timeout = w.num * 100;
    let candidates = vec![
        vec![
            format!("if (!{n}) {{"),
            format!("  throw new Error(\"{n} is required\");"),
            "}".into(),
        ],
        vec![format!(
            "const response = await client.get(`/{n}s/${{{n}.id}}/{}`);",
            w.noun2
        )],
        vec![format!(
            "logger.debug(\"{n} {}\", {{ id: {n}.id }});",
            w.verb.past
        )],
        vec![format!(
            "const total = {n}.items.reduce((sum, item) => sum + item.amount, 0);"
        )],
        vec![
            format!("if (options.timeoutMs === undefined || options.timeoutMs > {timeout}) {{"),
            format!("  options.timeoutMs = {timeout};"),
            "}".into(),
        ],
        vec![
            "try {".into(),
            format!(
                "  await client.post(`/{n}s/${{{n}.id}}/{}`, {{ reason: options.reason }});",
                w.verb.base
            ),
            "} catch (error) {".into(),
            format!(
                "  logger.warn(\"{n} {} failed\", {{ id: {n}.id, error }});",
                w.verb.base
            ),
            "  throw error;".into(),
            "}".into(),
        ],
        vec![format!(
            "const {}s = {n}.items.filter((item) => item.quantity > 0);",
            w.noun2
        )],
        vec![format!("// {comment}")],
    ];
    let mut lines = vec![
        format!("/** {doc} */"),
        format!(
            "export async function {}({n}: {ty}, options: {ty}Options = {{}}): Promise<{res}> {{",
            w.camel()
        ),
    ];
    lines.extend(indent(
        "  ",
        statements(rng, candidates, target.saturating_sub(4)),
    ));
    lines.push(format!(
        "  return {{ id: {n}.id, {}: {n}.{} }};",
        w.noun2, w.noun2
    ));
    lines.push("}".into());
    lines
}

fn ts_test(rng: &mut Rng, w: &Words) -> Vec<String> {
    let case = rng.pick(&[
        "for an empty cart",
        "when the coupon expired",
        "with several currencies",
        "after a retry",
    ]);
    let id = format!("{}-{}", w.noun, w.num);
    vec![
        format!("describe(\"{}\", () => {{", w.camel()),
        format!(
            "  it(\"{} the {} {case}\", async () => {{",
            w.verb.third, w.noun
        ),
        format!("    const {} = make{}({{ id: \"{id}\" }});", w.noun, w.ty()),
        format!(
            "    await expect({}({})).resolves.toMatchObject({{ id: \"{id}\" }});",
            w.camel(),
            w.noun
        ),
        "  });".into(),
        "});".into(),
    ]
}

fn tsx_component(rng: &mut Rng, w: &Words, target: usize) -> Vec<String> {
    let suffix = rng.pick(&["Panel", "Row", "Card", "List", "Footer", "Header"]);
    let name = format!("{}{}{suffix}", w.ty(), pascal(w.noun2));
    let n = w.noun;
    let on = format!("on{}", pascal(w.verb.base));
    let mut lines = vec![
        format!("type {name}Props = {{"),
        format!("  {n}: {};", w.ty()),
        format!("  {on}: ({n}: {}) => void;", w.ty()),
        "};".into(),
        format!("export function {name}({{ {n}, {on} }}: {name}Props) {{"),
        "  const { t } = useTranslation();".into(),
        "  const [open, setOpen] = useState(false);".into(),
    ];
    let comment = rng.pick(COMMENTS);
    let extras = vec![
        vec![format!("  // {comment}")],
        vec![format!(
            "  const label = {n}.{} ?? t(\"{n}.empty\");",
            w.noun2
        )],
        vec![
            "  useEffect(() => {".into(),
            format!("    if (open) track(\"{n}_opened\", {{ id: {n}.id }});"),
            "  }, [open]);".into(),
        ],
    ];
    lines.extend(statements(rng, extras, target.saturating_sub(16)));
    lines.extend([
        "  return (".to_string(),
        format!("    <section className=\"{}-{}\">", w.noun, w.noun2),
        format!("      <h2>{{t(\"{n}.title\")}}</h2>"),
        format!(
            "      <button type=\"button\" onClick={{() => {{ setOpen(!open); {on}({n}); }}}}>"
        ),
        format!("        {{t(\"{n}.{}\")}}", w.verb.base),
        "      </button>".into(),
        "    </section>".into(),
        "  );".into(),
        "}".into(),
    ]);
    lines
}

fn python_fn(rng: &mut Rng, w: &Words, target: usize) -> Vec<String> {
    let (n, ty, res) = (w.noun, w.ty(), w.result_ty());
    let doc = w.doc(rng);
    let comment = rng.pick(COMMENTS);
    let candidates = vec![
        vec![
            format!("if not {n}.rows:"),
            format!("    raise ValueError(\"{n} has no rows\")"),
        ],
        vec![format!("logger.info(\"%s {}\", {n}.id)", w.verb.past)],
        vec![format!(
            "frame = read_partition({n}.partition, limit=limit)"
        )],
        vec![format!(
            "{}s = [row for row in {n}.rows if row.{} is not None]",
            w.noun2, w.noun2
        )],
        vec![
            "total = 0".into(),
            format!("for row in {n}.rows:"),
            "    if row.amount < 0:".into(),
            "        continue".into(),
            "    total += row.amount".into(),
        ],
        vec![
            "with metrics.timer(\"{}_seconds\"):".replace("{}", &w.snake()),
            format!("    write_partition({n}.partition, {n}.rows)"),
        ],
        vec![format!("seen = {{row.id for row in {n}.rows}}")],
        vec![format!("# {comment}")],
    ];
    let mut lines = vec![
        format!(
            "def {}({n}: {ty}, *, limit: int = {}) -> {res}:",
            w.snake(),
            w.num
        ),
        format!("    \"\"\"{doc}\"\"\""),
    ];
    lines.extend(indent(
        "    ",
        statements(rng, candidates, target.saturating_sub(3)),
    ));
    lines.push(format!("    return {res}(id={n}.id)"));
    lines
}

fn python_test(rng: &mut Rng, w: &Words) -> Vec<String> {
    let variant = rng.pick(&[
        "handles_empty_input",
        "keeps_order",
        "skips_negative_amounts",
        "is_idempotent",
    ]);
    vec![
        format!("def test_{}_{variant}() -> None:", w.snake()),
        format!("    {} = make_{}(rows={})", w.noun, w.noun, w.num),
        format!("    result = {}({})", w.snake(), w.noun),
        format!("    assert result.id == {}.id", w.noun),
    ]
}

fn kotlin_fn(rng: &mut Rng, w: &Words, target: usize) -> Vec<String> {
    let (n, ty, res) = (w.noun, w.ty(), w.result_ty());
    let doc = w.doc(rng);
    let comment = rng.pick(COMMENTS);
    let candidates = vec![
        vec![format!(
            "require({n}.id.isNotBlank()) {{ \"{n} id must not be blank\" }}"
        )],
        vec![format!("Log.d(TAG, \"{n} {}: ${{{n}.id}}\")", w.verb.past)],
        vec![format!(
            "val {}s = {n}.items.filter {{ it.quantity > 0 }}",
            w.noun2
        )],
        vec![format!(
            "withTimeout({}_000L) {{ repository.refresh({n}.id) }}",
            w.num
        )],
        vec![
            format!("if ({n}.isExpired()) {{"),
            format!("    return {res}.Expired"),
            "}".into(),
        ],
        vec![
            format!("val cached = cache.get({n}.id)"),
            "if (cached != null) {".into(),
            "    return cached".into(),
            "}".into(),
        ],
        vec![format!(
            "analytics.track(\"{n}_{}\", mapOf(\"id\" to {n}.id))",
            w.verb.past
        )],
        vec![format!("// {comment}")],
    ];
    let mut lines = vec![
        format!("/** {doc} */"),
        format!(
            "suspend fun {}({n}: {ty}, {}: {}? = null): {res} {{",
            w.camel(),
            w.noun2,
            pascal(w.noun2)
        ),
    ];
    lines.extend(indent(
        "    ",
        statements(rng, candidates, target.saturating_sub(4)),
    ));
    lines.push(format!("    return {res}(id = {n}.id)"));
    lines.push("}".into());
    lines
}

fn sql_migration(rng: &mut Rng, w: &Words) -> Vec<String> {
    let table = format!("{}_{}s", w.noun, w.noun2);
    match rng.below(3) {
        0 => vec![
            format!("CREATE TABLE IF NOT EXISTS {table} ("),
            "    id BIGSERIAL PRIMARY KEY,".into(),
            format!("    {}_id BIGINT NOT NULL,", w.noun),
            "    amount_minor BIGINT NOT NULL,".into(),
            "    currency CHAR(3) NOT NULL,".into(),
            "    created_at TIMESTAMPTZ NOT NULL DEFAULT now()".into(),
            ");".into(),
        ],
        1 => vec![format!(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS {table}_{}_id_idx ON {table} ({}_id);",
            w.noun, w.noun
        )],
        _ => vec![
            format!("ALTER TABLE {table}"),
            format!(
                "    ADD COLUMN IF NOT EXISTS {}_{} TEXT;",
                w.verb.past, w.noun2
            ),
        ],
    }
}

fn sql_model(rng: &mut Rng, w: &Words) -> Vec<String> {
    vec![
        format!("-- {}", rng.pick(COMMENTS)),
        "select".into(),
        format!("    {}_id,", w.noun),
        "    date_trunc('day', created_at) as day,".into(),
        "    sum(amount_minor) as amount_minor,".into(),
        format!("    count(*) as {}_count", w.noun2),
        format!("from {{{{ ref('stg_{}s') }}}}", w.noun),
        format!(
            "where created_at >= current_date - interval '{} days'",
            w.num
        ),
        "group by 1, 2;".into(),
    ]
}

fn terraform_block(rng: &mut Rng, w: &Words) -> Vec<String> {
    let name = format!("{}_{}", w.noun, w.noun2);
    if rng.chance(0.3) {
        return vec![
            format!("variable \"{name}_count\" {{"),
            format!(
                "  description = \"How many {} {} instances to run.\"",
                w.noun, w.noun2
            ),
            "  type        = number".into(),
            format!("  default     = {}", w.num),
            "}".into(),
        ];
    }
    let kind = rng.pick(&[
        "security_group",
        "iam_role",
        "s3_bucket",
        "cloudwatch_metric_alarm",
        "sqs_queue",
        "lb_target_group",
    ]);
    vec![
        format!("resource \"aws_{kind}\" \"{name}\" {{"),
        format!("  name = \"${{var.environment}}-{}-{}\"", w.noun, w.noun2),
        format!(
            "  description = \"{} {} for ${{var.environment}}\"",
            capitalize(w.noun),
            w.noun2
        ),
        "  tags = local.common_tags".into(),
        "}".into(),
    ]
}

fn workflow_job(rng: &mut Rng, module: &Module, w: &Words) -> Vec<String> {
    let command = rng.pick(module.commands);
    vec![
        format!("  {}-{}:", w.noun2, w.verb.base),
        "    runs-on: ubuntu-latest".into(),
        format!("    timeout-minutes: {}", 5 + w.num % 40),
        "    steps:".into(),
        "      - uses: actions/checkout@v4".into(),
        format!("      - run: {command}"),
    ]
}

fn k8s_document(rng: &mut Rng, w: &Words) -> Vec<String> {
    let namespace = rng.pick(&[
        "payments", "checkout", "identity", "search", "data", "platform",
    ]);
    vec![
        "---".into(),
        "apiVersion: v1".into(),
        "kind: ConfigMap".into(),
        "metadata:".into(),
        format!("  name: {}-{}", w.noun, w.noun2),
        format!("  namespace: {namespace}"),
        "data:".into(),
        format!(
            "  {}_{}_TIMEOUT_SECONDS: \"{}\"",
            w.noun.to_uppercase(),
            w.noun2.to_uppercase(),
            w.num
        ),
    ]
}

fn markdown_section(rng: &mut Rng, w: &Words, target: usize) -> Vec<String> {
    let mut lines = vec![
        format!("## {} {}", capitalize(w.noun), w.noun2),
        String::new(),
    ];
    let mut paragraph = String::new();
    let sentences = 1 + target / 4;
    for _ in 0..sentences {
        let sentence = body_sentence(rng, Intent::Docs, w);
        if paragraph.contains(&sentence) {
            continue;
        }
        if !paragraph.is_empty() {
            paragraph.push(' ');
        }
        paragraph.push_str(&sentence);
    }
    lines.extend(wrap(&paragraph).lines().map(str::to_string));
    if rng.chance(0.4) {
        lines.push(String::new());
        lines.push(format!(
            "- Check the {} dashboard before paging anyone.",
            w.noun
        ));
        lines.push(format!(
            "- Escalate to the owning team if the {} backlog keeps growing.",
            w.noun2
        ));
    }
    lines
}

fn css_rule(rng: &mut Rng, w: &Words) -> Vec<String> {
    let hex = rng.pick(&[
        "#1A73E8", "#FFFFFF", "#202124", "#E8F0FE", "#D93025", "#188038",
    ]);
    vec![
        format!(".{}-{} {{", w.noun, w.noun2),
        "  display: flex;".into(),
        format!("  gap: {}px;", 4 + w.num % 20),
        format!("  color: {hex};"),
        "}".into(),
    ]
}

fn mit_licence() -> Vec<String> {
    [
        "MIT License",
        "",
        "Copyright (c) 2011 Miki Tebeka",
        "",
        "Permission is hereby granted, free of charge, to any person obtaining a copy",
        "of this software and associated documentation files (the \"Software\"), to deal",
        "in the Software without restriction, including without limitation the rights",
        "to use, copy, modify, merge, publish, distribute, sublicense, and/or sell",
        "copies of the Software, and to permit persons to whom the Software is",
        "furnished to do so, subject to the following conditions:",
        "",
        "The above copyright notice and this permission notice shall be included in all",
        "copies or substantial portions of the Software.",
        "",
        "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR",
        "IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,",
        "FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

// ---------------------------------------------------------------------------
// Commit messages
// ---------------------------------------------------------------------------

const FAILURES: &[&str] = &[
    "timeout",
    "gateway timeout",
    "connection reset",
    "stale cache",
    "duplicate delivery",
    "partial failure",
    "429 responses",
];
const CONDITIONS: &[&str] = &[
    "the batch is empty",
    "the cursor expires",
    "two workers race",
    "the clock skews",
    "the retry budget runs out",
    "the upstream returns 503",
];
const CASES: &[&str] = &[
    "partial refunds",
    "zero-amount items",
    "multi-currency carts",
    "legacy accounts",
    "paginated results",
    "large tenants",
];

fn subject(rng: &mut Rng, event: &Event, module: &Module, w: &Words, first: bool) -> String {
    let (n, n2, v) = (w.noun, w.noun2, w.verb.base);
    let phrase = match event.intent {
        Intent::Fix => match rng.below(7) {
            0 => format!("retry {n} on {}", rng.pick(FAILURES)),
            1 => format!("avoid duplicate {n} {n2} when {}", rng.pick(CONDITIONS)),
            2 => format!("guard against empty {n2} in {n}"),
            3 => format!("correct {n} {n2} for {}", rng.pick(CASES)),
            4 => format!("return an error when the {n} is missing"),
            5 => format!("release the {n} lock on {}", rng.pick(FAILURES)),
            _ => format!("handle {n} {n2} when {}", rng.pick(CONDITIONS)),
        },
        Intent::Feature => match rng.below(5) {
            0 => format!("add {n} {n2} support"),
            1 => format!("support {n2} in {n}"),
            2 => format!("expose {n} {n2} through the api"),
            3 => format!(
                "{v} {n} {}",
                rng.pick(&[
                    "in the background",
                    "per tenant",
                    "behind a feature flag",
                    "incrementally"
                ])
            ),
            _ => format!("introduce a {n} {n2} cache"),
        },
        Intent::Refactor => match rng.below(4) {
            0 => format!("extract {n} {n2} into its own file"),
            1 => format!("simplify the {n} {v} path"),
            2 => format!("split {n} and {n2} handling"),
            _ => format!("rename {n2} helpers in {n}"),
        },
        Intent::Test => match rng.below(3) {
            0 => format!("cover {n} {n2} for {}", rng.pick(CASES)),
            1 => format!("add a regression test for {n} {}", rng.pick(FAILURES)),
            _ => format!("make {n} tests deterministic"),
        },
        Intent::Docs => match rng.below(3) {
            0 => format!("document {n} {n2}"),
            1 => format!("update the {n} runbook"),
            _ => format!("explain {n} {n2} trade-offs"),
        },
        Intent::Chore => match rng.below(3) {
            0 => format!("bump {n} timeout to {}s", w.num),
            1 => format!("tidy {n} logging"),
            _ => format!("clean up unused {n2} helpers"),
        },
        Intent::Perf => match rng.below(3) {
            0 => format!("speed up {n} {v} by batching {n2} lookups"),
            1 => format!("avoid allocating in the {n} hot path"),
            _ => format!("cache {n2} lookups in {n}"),
        },
    };
    // Later commits on a pull-request branch are often review fix-ups.
    let phrase = if !first && rng.chance(0.35) {
        rng.pick(&[
            "address review comments",
            "apply review suggestions",
            "fix lint",
        ])
        .to_string()
    } else {
        phrase
    };
    let kind = match event.intent {
        Intent::Fix => "fix",
        Intent::Feature => "feat",
        Intent::Refactor => "refactor",
        Intent::Test => "test",
        Intent::Docs => "docs",
        Intent::Chore => "chore",
        Intent::Perf => "perf",
    };
    let scope = module.scope;
    match event.style {
        _ if module.kind == Kind::Workflows => format!("ci: {phrase}"),
        Style::Conventional => format!("{kind}({scope}): {phrase}"),
        Style::Scoped => format!("{scope}: {phrase}"),
        Style::Plain => capitalize(&phrase),
    }
}

fn body_sentence(rng: &mut Rng, intent: Intent, w: &Words) -> String {
    let (n, n2) = (w.noun, w.noun2);
    let general = [
        format!(
            "The {n} path assumed a single {n2} per request, which stopped being true with {}.",
            rng.pick(CASES)
        ),
        format!(
            "Until now a {} left the {n} half written and someone had to repair it by hand.",
            rng.pick(FAILURES)
        ),
        format!("This keeps the existing behaviour for callers that do not pass a {n2}."),
        format!(
            "Measured on staging this cuts {n} latency by roughly {}%.",
            5 + w.num % 40
        ),
        "The old code stays behind a flag for one release so that we can roll back quickly."
            .to_string(),
        format!("See the {n} design doc for the alternatives we considered."),
        format!("Follow-up to the {n} incident review."),
    ];
    let pick = match intent {
        Intent::Refactor => rng.pick(&[2usize, 4, 5]),
        Intent::Perf => 3,
        Intent::Fix => rng.pick(&[0usize, 1, 6]),
        _ => rng.index(general.len()),
    };
    general[pick].clone()
}

fn body(rng: &mut Rng, intent: Intent, w: &Words) -> String {
    let count = 1 + rng.below(3);
    let mut text = String::new();
    for _ in 0..count {
        let sentence = body_sentence(rng, intent, w);
        if !text.contains(&sentence) {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&sentence);
        }
    }
    if intent == Intent::Refactor && rng.chance(0.5) {
        text.push_str(" No functional change intended.");
    }
    wrap(&text)
}

/// Wraps each blank-line separated paragraph at 72 columns.
fn wrap_paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(wrap)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Wraps prose at 72 columns like a careful committer would.
fn wrap(text: &str) -> String {
    let mut out = String::new();
    let mut column = 0;
    for word in text.split_whitespace() {
        if column > 0 && column + 1 + word.chars().count() > 72 {
            out.push('\n');
            column = 0;
        } else if column > 0 {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += word.chars().count();
    }
    out
}

// ---------------------------------------------------------------------------
// Repository furniture: README, CODEOWNERS, manifests and lock files
// ---------------------------------------------------------------------------

fn readme(repo: &Repo) -> Vec<String> {
    let mut lines = vec![
        format!("# {}", repo.name),
        String::new(),
        repo.description.to_string(),
        String::new(),
        "## Ownership".to_string(),
        String::new(),
        format!(
            "Owned by the {} team; see {} for the paths other teams own.",
            repo.owner.name(),
            repo.team_map.described_md()
        ),
        String::new(),
        "## Layout".to_string(),
        String::new(),
    ];
    for module in &repo.modules {
        lines.push(format!("- `{}`: {} code", module.dir, module.scope));
    }
    lines
}

fn gitignore(ecosystem: Ecosystem) -> Vec<String> {
    let specific: &[&str] = match ecosystem {
        Ecosystem::Go => &["/bin/", "*.test", "coverage.out"],
        Ecosystem::Npm => &["node_modules/", "dist/", "coverage/"],
        Ecosystem::Cargo => &["/target/"],
        Ecosystem::Poetry => &["__pycache__/", ".venv/", "*.pyc"],
        Ecosystem::Terraform => &[".terraform/", "*.tfstate", "*.tfstate.backup"],
        Ecosystem::Gradle => &[".gradle/", "build/", "local.properties"],
    };
    let mut lines = vec![".DS_Store".to_string(), ".idea/".to_string()];
    lines.extend(specific.iter().map(|s| s.to_string()));
    lines
}

fn codeowners(repo: &Repo, at: i64) -> Vec<String> {
    let mut lines = vec![
        format!("# Code owners for {}.", repo.name),
        "# The last matching pattern wins, so the catch-all comes first and more".to_string(),
        "# specific paths follow.".to_string(),
        String::new(),
        format!("* {}", repo.owner.codeowners()[0]),
        String::new(),
    ];
    let entries = match &repo.team_map {
        TeamMap::Codeowners(entries) => entries.as_slice(),
        TeamMap::Owners(_) => &[],
    };
    for (pattern, owners) in entries {
        let owners = match owners {
            Owners::Fixed(list) => list.join(" "),
            Owners::Module(m) => repo.modules[*m].owner_at(at).codeowners()[0].to_string(),
        };
        lines.push(format!("{pattern} {owners}"));
    }
    lines
}

/// A YAML block list under `key`, nothing if the list is empty.
fn yaml_list(lines: &mut Vec<String>, indent: &str, key: &str, items: &[&str]) {
    if items.is_empty() {
        return;
    }
    lines.push(format!("{indent}{key}:"));
    lines.extend(items.iter().map(|item| format!("{indent}  - {item}")));
}

fn owners_aliases(owners: &KubeOwners) -> Vec<String> {
    let mut lines = vec![
        "# See the OWNERS docs at https://go.k8s.io/owners#owners_aliases".to_string(),
        String::new(),
        "aliases:".to_string(),
    ];
    for (alias, handles) in owners.aliases {
        yaml_list(&mut lines, "  ", alias, handles);
    }
    lines
}

fn owners_file(file: &OwnersFile) -> Vec<String> {
    let mut lines = vec![
        "# See the OWNERS docs at https://go.k8s.io/owners".to_string(),
        String::new(),
    ];
    if file.no_parent_owners {
        lines.push("options:".to_string());
        lines.push("  no_parent_owners: true".to_string());
    }
    yaml_list(&mut lines, "", "approvers", file.approvers);
    yaml_list(&mut lines, "", "reviewers", file.reviewers);
    yaml_list(&mut lines, "", "labels", file.labels);
    lines
}

const fn dep(
    name: &'static str,
    alias: &'static str,
    url: &'static str,
    version: (u32, u32, u32),
) -> Dep {
    Dep {
        name,
        alias,
        url,
        version,
    }
}

fn initial_deps(ecosystem: Ecosystem) -> Vec<Dep> {
    match ecosystem {
        Ecosystem::Go => vec![
            dep(
                "github.com/jackc/pgx/v5",
                "pgx",
                "https://github.com/jackc/pgx",
                (5, 5, 5),
            ),
            dep(
                "github.com/prometheus/client_golang",
                "prometheus",
                "https://github.com/prometheus/client_golang",
                (1, 19, 1),
            ),
            dep(
                "github.com/stretchr/testify",
                "testify",
                "https://github.com/stretchr/testify",
                (1, 9, 0),
            ),
            dep(
                "go.opentelemetry.io/otel",
                "otel",
                "https://github.com/open-telemetry/opentelemetry-go",
                (1, 28, 0),
            ),
            dep(
                "golang.org/x/sync",
                "xsync",
                "https://github.com/golang/sync",
                (0, 7, 0),
            ),
            dep(
                "google.golang.org/grpc",
                "grpc",
                "https://github.com/grpc/grpc-go",
                (1, 64, 1),
            ),
            dep(
                "github.com/redis/go-redis/v9",
                "goredis",
                "https://github.com/redis/go-redis",
                (9, 5, 3),
            ),
        ],
        Ecosystem::Npm => vec![
            dep(
                "react",
                "react",
                "https://github.com/facebook/react",
                (18, 3, 1),
            ),
            dep(
                "react-dom",
                "react-dom",
                "https://github.com/facebook/react",
                (18, 3, 1),
            ),
            dep(
                "react-i18next",
                "react-i18next",
                "https://github.com/i18next/react-i18next",
                (14, 1, 2),
            ),
            dep(
                "zod",
                "zod",
                "https://github.com/colinhacks/zod",
                (3, 23, 8),
            ),
            dep("vite", "vite", "https://github.com/vitejs/vite", (5, 3, 4)),
            dep(
                "vitest",
                "vitest",
                "https://github.com/vitest-dev/vitest",
                (2, 0, 3),
            ),
            dep(
                "typescript",
                "typescript",
                "https://github.com/microsoft/TypeScript",
                (5, 5, 3),
            ),
            dep(
                "@testing-library/react",
                "testing-library",
                "https://github.com/testing-library/react-testing-library",
                (16, 0, 0),
            ),
        ],
        Ecosystem::Cargo => vec![
            dep(
                "anyhow",
                "anyhow",
                "https://github.com/dtolnay/anyhow",
                (1, 0, 86),
            ),
            dep(
                "serde",
                "serde",
                "https://github.com/serde-rs/serde",
                (1, 0, 204),
            ),
            dep(
                "tokio",
                "tokio",
                "https://github.com/tokio-rs/tokio",
                (1, 38, 1),
            ),
            dep(
                "tantivy",
                "tantivy",
                "https://github.com/quickwit-oss/tantivy",
                (0, 22, 0),
            ),
            dep(
                "tracing",
                "tracing",
                "https://github.com/tokio-rs/tracing",
                (0, 1, 40),
            ),
            dep(
                "rayon",
                "rayon",
                "https://github.com/rayon-rs/rayon",
                (1, 10, 0),
            ),
            dep(
                "bytes",
                "bytes",
                "https://github.com/tokio-rs/bytes",
                (1, 6, 1),
            ),
        ],
        Ecosystem::Poetry => vec![
            dep(
                "pandas",
                "pandas",
                "https://github.com/pandas-dev/pandas",
                (2, 2, 2),
            ),
            dep(
                "pyarrow",
                "pyarrow",
                "https://github.com/apache/arrow",
                (16, 1, 0),
            ),
            dep(
                "sqlalchemy",
                "sqlalchemy",
                "https://github.com/sqlalchemy/sqlalchemy",
                (2, 0, 31),
            ),
            dep(
                "pydantic",
                "pydantic",
                "https://github.com/pydantic/pydantic",
                (2, 8, 2),
            ),
            dep(
                "requests",
                "requests",
                "https://github.com/psf/requests",
                (2, 32, 3),
            ),
            dep(
                "pytest",
                "pytest",
                "https://github.com/pytest-dev/pytest",
                (8, 2, 2),
            ),
        ],
        Ecosystem::Terraform => vec![
            dep(
                "hashicorp/aws",
                "aws",
                "https://github.com/hashicorp/terraform-provider-aws",
                (5, 58, 0),
            ),
            dep(
                "hashicorp/kubernetes",
                "kubernetes",
                "https://github.com/hashicorp/terraform-provider-kubernetes",
                (2, 31, 0),
            ),
            dep(
                "hashicorp/helm",
                "helm",
                "https://github.com/hashicorp/terraform-provider-helm",
                (2, 14, 0),
            ),
            dep(
                "hashicorp/random",
                "random",
                "https://github.com/hashicorp/terraform-provider-random",
                (3, 6, 2),
            ),
        ],
        Ecosystem::Gradle => vec![
            dep(
                "org.jetbrains.kotlin:kotlin-gradle-plugin",
                "kotlin",
                "https://github.com/JetBrains/kotlin",
                (2, 0, 0),
            ),
            dep(
                "org.jetbrains.kotlinx:kotlinx-coroutines-android",
                "coroutines",
                "https://github.com/Kotlin/kotlinx.coroutines",
                (1, 8, 1),
            ),
            dep(
                "androidx.compose:compose-bom",
                "compose-bom",
                "https://developer.android.com/jetpack/androidx/releases/compose",
                (2024, 6, 0),
            ),
            dep(
                "com.squareup.okhttp3:okhttp",
                "okhttp",
                "https://github.com/square/okhttp",
                (4, 12, 0),
            ),
            dep(
                "com.squareup.retrofit2:retrofit",
                "retrofit",
                "https://github.com/square/retrofit",
                (2, 11, 0),
            ),
        ],
    }
}

fn version_text(v: (u32, u32, u32)) -> String {
    format!("{}.{}.{}", v.0, v.1, v.2)
}

/// Stable pseudo-hashes for lock files, derived from the package and version.
fn fake_hash(
    name: &str,
    version: (u32, u32, u32),
    salt: u64,
    len: usize,
    alphabet: &[u8],
) -> String {
    let mut seed = 0xCBF2_9CE4_8422_2325u64 ^ salt;
    for byte in name.bytes() {
        seed = (seed ^ u64::from(byte)).wrapping_mul(0x0100_0000_01B3);
    }
    seed ^= (u64::from(version.0) << 40) ^ (u64::from(version.1) << 20) ^ u64::from(version.2);
    let mut rng = Rng::new(seed);
    (0..len)
        .map(|_| char::from(alphabet[rng.index(alphabet.len())]))
        .collect()
}

const HEX: &[u8] = b"0123456789abcdef";
const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Manifest and lock file contents for the current dependency versions.
fn render_manifests(repo: &Repo, deps: &[Dep]) -> Vec<(String, Vec<String>)> {
    let dir = repo.manifest_dir;
    let mut manifest: Vec<String> = Vec::new();
    let mut lock: Vec<String> = Vec::new();
    let (manifest_name, lock_name) = match repo.ecosystem {
        Ecosystem::Go => {
            manifest.push(format!("module github.com/acme/{}", repo.name));
            manifest.push(String::new());
            manifest.push("go 1.22".into());
            manifest.push(String::new());
            manifest.push("require (".into());
            for d in deps {
                let v = version_text(d.version);
                manifest.push(format!("\t{} v{v}", d.name));
                lock.push(format!(
                    "{} v{v} h1:{}=",
                    d.name,
                    fake_hash(d.name, d.version, 1, 43, BASE64)
                ));
                lock.push(format!(
                    "{} v{v}/go.mod h1:{}=",
                    d.name,
                    fake_hash(d.name, d.version, 2, 43, BASE64)
                ));
            }
            manifest.push(")".into());
            ("go.mod", "go.sum")
        }
        Ecosystem::Npm => {
            let package = if dir.is_empty() {
                repo.name.to_string()
            } else {
                "ui".to_string()
            };
            manifest.extend([
                "{".to_string(),
                format!("  \"name\": \"@acme/{package}\","),
                "  \"version\": \"1.0.0\",".into(),
                "  \"private\": true,".into(),
                "  \"scripts\": {".into(),
                "    \"build\": \"vite build\",".into(),
                "    \"test\": \"vitest run\"".into(),
                "  },".into(),
                "  \"dependencies\": {".into(),
            ]);
            lock.extend([
                "{".to_string(),
                format!("  \"name\": \"@acme/{package}\","),
                "  \"version\": \"1.0.0\",".into(),
                "  \"lockfileVersion\": 3,".into(),
                "  \"requires\": true,".into(),
                "  \"packages\": {".into(),
            ]);
            for (i, d) in deps.iter().enumerate() {
                let v = version_text(d.version);
                let comma = if i + 1 < deps.len() { "," } else { "" };
                manifest.push(format!("    \"{}\": \"^{v}\"{comma}", d.name));
                let base = d.name.rsplit('/').next().unwrap_or(d.name);
                lock.push(format!("    \"node_modules/{}\": {{", d.name));
                lock.push(format!("      \"version\": \"{v}\","));
                lock.push(format!(
                    "      \"resolved\": \"https://registry.npmjs.org/{}/-/{base}-{v}.tgz\",",
                    d.name
                ));
                lock.push(format!(
                    "      \"integrity\": \"sha512-{}==\"",
                    fake_hash(d.name, d.version, 3, 86, BASE64)
                ));
                lock.push(format!("    }}{comma}"));
            }
            manifest.push("  }".into());
            manifest.push("}".into());
            lock.push("  }".into());
            lock.push("}".into());
            ("package.json", "package-lock.json")
        }
        Ecosystem::Cargo => {
            manifest.extend([
                "[package]".to_string(),
                format!("name = \"{}\"", repo.name),
                "version = \"0.1.0\"".into(),
                "edition = \"2021\"".into(),
                String::new(),
                "[dependencies]".into(),
            ]);
            lock.extend([
                "# This file is automatically @generated by Cargo.".to_string(),
                "# It is not intended for manual editing.".into(),
                "version = 4".into(),
            ]);
            for d in deps {
                let v = version_text(d.version);
                manifest.push(format!("{} = \"{v}\"", d.name));
                lock.extend([
                    String::new(),
                    "[[package]]".into(),
                    format!("name = \"{}\"", d.name),
                    format!("version = \"{v}\""),
                    "source = \"registry+https://github.com/rust-lang/crates.io-index\"".into(),
                    format!(
                        "checksum = \"{}\"",
                        fake_hash(d.name, d.version, 4, 64, HEX)
                    ),
                ]);
            }
            ("Cargo.toml", "Cargo.lock")
        }
        Ecosystem::Poetry => {
            manifest.extend([
                "[tool.poetry]".to_string(),
                format!("name = \"{}\"", repo.name),
                "version = \"0.1.0\"".into(),
                "description = \"Warehouse batch jobs\"".into(),
                String::new(),
                "[tool.poetry.dependencies]".into(),
                "python = \"^3.11\"".into(),
            ]);
            lock.push("# This file is automatically @generated by Poetry 1.8.3 and should not be changed by hand.".into());
            for d in deps {
                let v = version_text(d.version);
                manifest.push(format!("{} = \"^{v}\"", d.name));
                lock.extend([
                    String::new(),
                    "[[package]]".into(),
                    format!("name = \"{}\"", d.name),
                    format!("version = \"{v}\""),
                    "optional = false".into(),
                    "python-versions = \">=3.9\"".into(),
                    "files = [".into(),
                    format!(
                        "    {{file = \"{}-{v}.tar.gz\", hash = \"sha256:{}\"}},",
                        d.name,
                        fake_hash(d.name, d.version, 5, 64, HEX)
                    ),
                    "]".into(),
                ]);
            }
            ("pyproject.toml", "poetry.lock")
        }
        Ecosystem::Terraform => {
            manifest.extend(["terraform {".to_string(), "  required_providers {".into()]);
            lock.extend([
                "# This file is maintained automatically by \"terraform init\".".to_string(),
                "# Manual edits may be lost in future updates.".into(),
            ]);
            for d in deps {
                let (major, minor, _) = d.version;
                manifest.extend([
                    format!("    {} = {{", d.alias),
                    format!("      source  = \"{}\"", d.name),
                    format!("      version = \"~> {major}.{minor}\""),
                    "    }".into(),
                ]);
                lock.extend([
                    String::new(),
                    format!("provider \"registry.terraform.io/{}\" {{", d.name),
                    format!("  version     = \"{}\"", version_text(d.version)),
                    format!("  constraints = \"~> {major}.{minor}\""),
                    "  hashes = [".into(),
                    format!(
                        "    \"h1:{}=\",",
                        fake_hash(d.name, d.version, 6, 43, BASE64)
                    ),
                    format!("    \"zh:{}\",", fake_hash(d.name, d.version, 7, 64, HEX)),
                    format!("    \"zh:{}\",", fake_hash(d.name, d.version, 8, 64, HEX)),
                    "  ]".into(),
                    "}".into(),
                ]);
            }
            manifest.extend(["  }".to_string(), "}".into()]);
            ("versions.tf", ".terraform.lock.hcl")
        }
        Ecosystem::Gradle => {
            manifest.push("[versions]".into());
            for d in deps {
                manifest.push(format!("{} = \"{}\"", d.alias, version_text(d.version)));
            }
            manifest.push(String::new());
            manifest.push("[libraries]".into());
            for d in deps {
                manifest.push(format!(
                    "{} = {{ module = \"{}\", version.ref = \"{}\" }}",
                    d.alias, d.name, d.alias
                ));
            }
            ("libs.versions.toml", "")
        }
    };
    let mut files = vec![(format!("{dir}{manifest_name}"), manifest)];
    if !lock_name.is_empty() {
        files.push((format!("{dir}{lock_name}"), lock));
    }
    files
}

// ---------------------------------------------------------------------------
// GitHub code-review export
// ---------------------------------------------------------------------------
//
// For the repositories in EXPORTED, `root/exports/<repo>/` holds what
// `gh api --paginate` writes for
//
//   repos/acme/<repo>/pulls?state=all&per_page=100  -> pulls.json
//   repos/acme/<repo>/pulls/<N>/reviews             -> reviews-<N>.json
//   repos/acme/<repo>/pulls/<N>/comments            -> comments-<N>.json
//   repos/acme/<repo>/issues/<N>/events             -> events-<N>.json
//
// that is, compact JSON arrays, one per page, written back to back. Every
// merged pull request is one of the repository's `Merge pull request #N`
// commits; a few open ones are added at the end of the history.

/// Page size of the pull request list (`per_page=100`).
const PULLS_PER_PAGE: usize = 100;
/// GitHub's default page size, which the other endpoints are fetched with.
const DEFAULT_PER_PAGE: usize = 30;
/// The GitHub organization of the demo.
const GITHUB_ORG: &str = "acme";

/// The people a commit's `Reviewed-by` trailers name, in order.
fn trailer_reviewers(trailers: &[(&'static str, String)]) -> Vec<usize> {
    let mut found = Vec::new();
    for (key, value) in trailers {
        if *key != "Reviewed-by" {
            continue;
        }
        let person = ROSTER.iter().position(|p| {
            value
                .strip_suffix('>')
                .and_then(|v| v.rsplit_once('<'))
                .is_some_and(|(_, email)| email == p.email)
        });
        if let Some(person) = person
            && !found.contains(&person)
        {
            found.push(person);
        }
    }
    found
}

/// `2025-03-04T10:11:12Z` for Unix seconds, as the GitHub API writes times.
fn iso_time(time: i64) -> String {
    // Howard Hinnant's civil_from_days.
    let days = time.div_euclid(DAY);
    let seconds = time.rem_euclid(DAY);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}

fn login(author: Author) -> &'static str {
    match author {
        Author::Person(p) => ROSTER[p].handle,
        Author::Bot(Bot::Dependabot) => "dependabot[bot]",
        Author::Bot(Bot::Renovate) => "renovate[bot]",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReviewState {
    Approved,
    ChangesRequested,
    Commented,
}

impl ReviewState {
    fn api(self) -> &'static str {
        match self {
            ReviewState::Approved => "APPROVED",
            ReviewState::ChangesRequested => "CHANGES_REQUESTED",
            ReviewState::Commented => "COMMENTED",
        }
    }
}

#[derive(Debug, Clone)]
struct PlannedReview {
    id: u64,
    reviewer: usize,
    state: ReviewState,
    time: i64,
    body: &'static str,
}

#[derive(Debug, Clone)]
struct PlannedComment {
    id: u64,
    /// Index into the pull request's reviews.
    review: usize,
    path: String,
    diff_hunk: String,
    body: &'static str,
}

#[derive(Debug, Clone)]
struct PlannedPull {
    number: u32,
    title: String,
    branch: String,
    author: Author,
    created: i64,
    merged: Option<i64>,
    /// The merge commit for a merged pull request, GitHub's test merge for an open one.
    merge_commit_sha: String,
    /// Review requests: who and when; the pull request's author asked.
    requests: Vec<(usize, i64)>,
    reviews: Vec<PlannedReview>,
    comments: Vec<PlannedComment>,
    labels: Vec<(&'static str, i64)>,
    /// Files the pull request changes, where review comments go.
    paths: Vec<String>,
}

impl PlannedPull {
    /// Requested reviewers who have not reviewed: GitHub's `requested_reviewers`.
    fn pending(&self) -> Vec<usize> {
        let mut pending = Vec::new();
        for &(reviewer, _) in &self.requests {
            if !self.reviews.iter().any(|r| r.reviewer == reviewer) && !pending.contains(&reviewer)
            {
                pending.push(reviewer);
            }
        }
        pending
    }

    fn updated(&self) -> i64 {
        let mut last = self.merged.unwrap_or(self.created);
        last = last.max(self.reviews.iter().map(|r| r.time).max().unwrap_or(0));
        last.max(self.requests.iter().map(|r| r.1).max().unwrap_or(0))
    }
}

const LABELS: &[&str] = &[
    "enhancement",
    "bug",
    "refactor",
    "tech-debt",
    "needs-review",
    "documentation",
    "performance",
];

const APPROVAL_BODIES: &[&str] = &["", "", "LGTM", "Looks good to me.", "Ship it"];
const CHANGES_BODIES: &[&str] = &[
    "A few things to address before this goes in.",
    "This needs a test for the failure path.",
    "Let's not change the public contract here; see inline comments.",
    "",
];
const COMMENT_BODIES: &[&str] = &[
    "Left some questions inline.",
    "Drive-by comments, not blocking.",
    "",
];
const REMARKS: &[&str] = &[
    "Can we add a test for the error path here?",
    "nit: this name is a bit misleading, maybe describe what it returns?",
    "This runs on every request; can we avoid the extra allocation?",
    "What happens if the upstream call times out halfway through?",
    "Should this be behind the feature flag until the migration is done?",
    "We already have a helper for this in the shared library.",
    "Is this idempotent if the job is retried?",
    "Please log the identifier here, it makes incidents much easier to debug.",
    "This changes the public contract; let's version it.",
    "Could you split this into its own function? It is hard to follow inline.",
    "I think this needs a lock, two workers can get here at once.",
    "Nice, much clearer than before.",
];

/// Plans the review activity of one repository's pull requests.
struct ReviewPlanner<'a> {
    repo: &'a Repo,
    rng: Rng,
    /// How often Marcus has been asked for a review so far.
    marcus_requests: u32,
}

impl ReviewPlanner<'_> {
    /// Someone from `team` at `time` who is not in `exclude`.
    fn someone(&mut self, team: Team, time: i64, exclude: &[usize]) -> Option<usize> {
        let pool: Vec<usize> = (0..ROSTER.len())
            .filter(|&p| team_at(p, time) == team && !exclude.contains(&p))
            .collect();
        (!pool.is_empty()).then(|| self.rng.pick(&pool))
    }

    fn labels(&mut self, pull: &mut PlannedPull) {
        let count = match self.rng.below(100) {
            0..=39 => 0,
            40..=84 => 1,
            _ => 2,
        };
        for _ in 0..count {
            let label = self.rng.pick(LABELS);
            if !pull.labels.iter().any(|(l, _)| *l == label) {
                let time = pull.created + self.rng.between(5, 90);
                pull.labels.push((label, time));
            }
        }
    }

    fn comment_count(&mut self, reviewer: usize, state: ReviewState) -> u64 {
        if ROSTER[reviewer].handle == SENIOR {
            0
        } else if ROSTER[reviewer].handle == STAFF {
            match state {
                ReviewState::ChangesRequested => 3 + self.rng.below(2),
                ReviewState::Approved => 1 + self.rng.below(3),
                ReviewState::Commented => 2 + self.rng.below(3),
            }
        } else {
            match state {
                ReviewState::ChangesRequested => 1 + self.rng.below(4),
                ReviewState::Approved => u64::from(self.rng.chance(0.3)),
                ReviewState::Commented => 1 + self.rng.below(3),
            }
        }
    }

    /// Adds one review with its inline comments.
    fn review(&mut self, pull: &mut PlannedPull, reviewer: usize, state: ReviewState, time: i64) {
        let body = match state {
            ReviewState::Approved => self.rng.pick(APPROVAL_BODIES),
            ReviewState::ChangesRequested => self.rng.pick(CHANGES_BODIES),
            ReviewState::Commented => self.rng.pick(COMMENT_BODIES),
        };
        let index = pull.reviews.len();
        pull.reviews.push(PlannedReview {
            id: 0,
            reviewer,
            state,
            time,
            body,
        });
        for _ in 0..self.comment_count(reviewer, state) {
            let path = if pull.paths.is_empty() {
                "README.md".to_string()
            } else {
                pull.paths[self.rng.index(pull.paths.len())].clone()
            };
            let start = self.rng.between(1, 320);
            let old = self.rng.between(3, 12);
            let new = old + self.rng.between(0, 6);
            pull.comments.push(PlannedComment {
                id: 0,
                review: index,
                path,
                diff_hunk: format!("@@ -{start},{old} +{start},{new} @@"),
                body: self.rng.pick(REMARKS),
            });
        }
    }

    /// Requests, reviews and labels of a pull request merged by a person.
    fn merged(&mut self, pull: &mut PlannedPull, author: usize, trailer: &[usize]) {
        let marcus = person_index(SENIOR);
        let priya = person_index(STAFF);
        let start = pull.created;
        let span = pull.merged.unwrap_or(start + 3600) - start;
        let home = team_at(author, start);
        // The owning team reviews: the author's own team, unless they work
        // in another team's repository.
        let team = self.repo.owner;
        self.labels(pull);

        let mut requested: Vec<usize> = trailer.iter().copied().filter(|&r| r != author).collect();
        let others = requested.iter().filter(|&&r| r != priya).count();
        let extra = if others == 0 {
            if self.rng.chance(0.3) { 2 } else { 1 }
        } else {
            usize::from(self.rng.chance(0.12))
        };
        for _ in 0..extra {
            let mut exclude = vec![author, marcus, priya];
            exclude.extend(&requested);
            if let Some(reviewer) = self.someone(team, start, &exclude) {
                requested.push(reviewer);
            }
        }
        // Marcus is asked three times in his own team and answers twice,
        // with a bare approval.
        let mut marcus_answers = false;
        if team == Team::Payments
            && home == Team::Payments
            && author != marcus
            && trailer.is_empty()
            && self.marcus_requests < 3
            && start >= date(2025, 3, 1)
            && self.rng.chance(0.15)
        {
            self.marcus_requests += 1;
            marcus_answers = self.marcus_requests <= 2;
            requested.push(marcus);
        }
        // Priya is the organization's reviewer of choice outside platform.
        if author != priya
            && author != marcus
            && home != Team::Platform
            && !requested.contains(&priya)
            && self.rng.chance(0.17)
        {
            requested.push(priya);
        }

        let window = (span / 10).max(2);
        for &reviewer in &requested {
            let time = start + self.rng.between(1, window);
            pull.requests.push((reviewer, time));
        }
        use ReviewState::{Approved, ChangesRequested, Commented};
        for &reviewer in &requested {
            let in_trailer = trailer.contains(&reviewer);
            let states: &[ReviewState] = if reviewer == marcus {
                if marcus_answers { &[Approved] } else { &[] }
            } else if in_trailer {
                let first_rejects = self.rng.chance(if reviewer == priya { 0.35 } else { 0.15 });
                if first_rejects {
                    &[ChangesRequested, Approved]
                } else {
                    &[Approved]
                }
            } else if reviewer == priya {
                if !self.rng.chance(0.85) {
                    &[]
                } else if !trailer.is_empty() {
                    // Someone else's approval is what the trailers record.
                    if self.rng.chance(0.6) {
                        &[ChangesRequested]
                    } else {
                        &[Commented]
                    }
                } else if self.rng.chance(0.4) {
                    &[ChangesRequested, Approved]
                } else {
                    &[Approved]
                }
            } else if !trailer.is_empty() {
                if self.rng.chance(0.5) {
                    &[Commented]
                } else {
                    &[]
                }
            } else {
                match self.rng.below(100) {
                    0..=14 => &[],
                    15..=68 => &[Approved],
                    69..=82 => &[ChangesRequested, Approved],
                    _ => &[Commented],
                }
            };
            for &state in states {
                let (lo, hi) = match state {
                    ChangesRequested => (2, 4),
                    _ => (5, 9),
                };
                let time = start + self.rng.between(span * lo / 10, span * hi / 10);
                self.review(pull, reviewer, state, time);
            }
        }
        // Now and then a teammate comments without being asked.
        if self.rng.chance(0.05) {
            let mut exclude = vec![author, marcus, priya];
            exclude.extend(&requested);
            if let Some(reviewer) = self.someone(team, start, &exclude) {
                let time = start + self.rng.between(span * 3 / 10, span * 9 / 10);
                self.review(pull, reviewer, ReviewState::Commented, time);
            }
        }
    }

    /// A pull request that is still open at the end of the history, opened
    /// after `earliest`; its number is set by the caller.
    fn open(&mut self, paths: &[String], earliest: i64) -> Option<PlannedPull> {
        let marcus = person_index(SENIOR);
        let priya = person_index(STAFF);
        let team = self.repo.owner;
        let author = self.someone(team, LAST_MOMENT, &[priya])?;
        let module_dirs: Vec<&Module> = self
            .repo
            .modules
            .iter()
            .filter(|m| m.kind == Kind::Code && paths.iter().any(|p| p.starts_with(m.dir)))
            .collect();
        if module_dirs.is_empty() {
            return None;
        }
        let module = module_dirs[self.rng.index(module_dirs.len())];
        let words = Words::pick(&mut self.rng, module.nouns);
        let candidates: Vec<&String> = paths.iter().filter(|p| p.starts_with(module.dir)).collect();
        let mut changed = Vec::new();
        for _ in 0..1 + self.rng.below(3) {
            let path = candidates[self.rng.index(candidates.len())].clone();
            if !changed.contains(&path) {
                changed.push(path);
            }
        }
        let latest = LAST_MOMENT - 12 * 3600;
        let created = self.rng.between(
            earliest.max(LAST_MOMENT - 20 * DAY).min(latest - 3600),
            latest,
        );
        let handle = ROSTER[author].handle.split('.').next().unwrap_or("dev");
        let mut sha = String::with_capacity(40);
        while sha.len() < 40 {
            sha.push_str(&format!("{:016x}", self.rng.next_u64()));
        }
        sha.truncate(40);
        let mut pull = PlannedPull {
            number: 0,
            title: format!(
                "{} {} {} {}",
                capitalize(words.verb.base),
                words.noun,
                words.noun2,
                self.rng.pick(PURPOSES)
            ),
            branch: format!(
                "{handle}/{}-{}-{}",
                module.scope, words.verb.base, words.noun
            ),
            author: Author::Person(author),
            created,
            merged: None,
            merge_commit_sha: sha,
            requests: Vec::new(),
            reviews: Vec::new(),
            comments: Vec::new(),
            labels: Vec::new(),
            paths: changed,
        };
        self.labels(&mut pull);
        let mut requested = Vec::new();
        for _ in 0..1 + self.rng.below(2) {
            let mut exclude = vec![author, marcus, priya];
            exclude.extend(&requested);
            if let Some(reviewer) = self.someone(team, created, &exclude) {
                requested.push(reviewer);
            }
        }
        if author != marcus && self.rng.chance(0.4) {
            requested.push(priya);
        }
        for &reviewer in &requested {
            let time = created + self.rng.between(60, 3600);
            pull.requests.push((reviewer, time));
        }
        // One of several reviewers may have looked already; the others are
        // still pending, so `requested_reviewers` is never empty.
        if requested.len() >= 2 && self.rng.chance(0.5) {
            let state = if self.rng.chance(0.5) {
                ReviewState::Commented
            } else {
                ReviewState::ChangesRequested
            };
            let time = (created + self.rng.between(2 * 3600, 2 * DAY)).min(LAST_MOMENT);
            self.review(&mut pull, requested[0], state, time);
        }
        Some(pull)
    }
}

/// Plans the export of one repository: every merged pull request of its
/// history and a few open ones, with ids assigned in time order.
fn plan_export(
    org: &Org,
    index: usize,
    history: &History,
    seed: u64,
) -> Result<Vec<PlannedPull>, DemoError> {
    let repo = &org.repos[index];
    let mut planner = ReviewPlanner {
        repo,
        rng: Rng::derived(seed, 3000 + index as u64),
        marcus_requests: 0,
    };
    let mut pulls = Vec::new();
    for record in &history.pulls {
        let sha = history
            .merges
            .get(&record.number)
            .ok_or_else(|| DemoError::Git {
                repository: repo.name.to_string(),
                command: "git log --merges --first-parent refs/heads/main".to_string(),
                status: "incomplete history".to_string(),
                stderr: format!("no merge commit for pull request #{}", record.number),
            })?;
        let mut pull = PlannedPull {
            number: record.number,
            title: record.title.clone(),
            branch: record.branch.clone(),
            author: record.author,
            created: record.opened,
            merged: Some(record.merged),
            merge_commit_sha: sha.clone(),
            requests: Vec::new(),
            reviews: Vec::new(),
            comments: Vec::new(),
            labels: Vec::new(),
            paths: record.paths.clone(),
        };
        match record.author {
            // Bots' pull requests are labelled and merged without a review.
            Author::Bot(_) => pull
                .labels
                .push(("dependencies", record.opened + planner.rng.between(1, 20))),
            Author::Person(author) => planner.merged(&mut pull, author, &record.reviewers),
        }
        pulls.push(pull);
    }
    // GitHub numbers pull requests in the order they are opened, so the open
    // ones come after everything in the history.
    let earliest = pulls.iter().map(|p| p.created).max().unwrap_or(0) + 60;
    let mut open = Vec::new();
    for _ in 0..3 + planner.rng.below(3) {
        open.extend(planner.open(&history.paths, earliest));
    }
    open.sort_by_key(|p| p.created);
    let mut number = history.last_number;
    for mut pull in open {
        number += 1 + planner.rng.below(2) as u32;
        pull.number = number;
        pulls.push(pull);
    }

    // Ids grow with time, as GitHub's do, and never collide across repositories.
    let base = 1_000_000 * index as u64;
    let mut order: Vec<(i64, usize, usize)> = Vec::new();
    for (p, pull) in pulls.iter().enumerate() {
        for (r, review) in pull.reviews.iter().enumerate() {
            order.push((review.time, p, r));
        }
    }
    order.sort_unstable();
    for (k, &(_, p, r)) in order.iter().enumerate() {
        pulls[p].reviews[r].id = 2_200_000_000 + base + k as u64;
    }
    let mut order: Vec<(u64, usize, usize)> = Vec::new();
    for (p, pull) in pulls.iter().enumerate() {
        for (c, comment) in pull.comments.iter().enumerate() {
            order.push((pull.reviews[comment.review].id, p, c));
        }
    }
    order.sort_unstable();
    for (k, &(_, p, c)) in order.iter().enumerate() {
        pulls[p].comments[c].id = 1_700_000_000 + base + k as u64;
    }
    Ok(pulls)
}

#[derive(serde::Serialize)]
struct UserJson {
    login: &'static str,
}

fn user(person: usize) -> UserJson {
    UserJson {
        login: ROSTER[person].handle,
    }
}

#[derive(serde::Serialize)]
struct RefJson<'a> {
    #[serde(rename = "ref")]
    name: &'a str,
}

#[derive(serde::Serialize)]
struct PullJson<'a> {
    url: String,
    number: u32,
    state: &'static str,
    title: &'a str,
    user: UserJson,
    created_at: String,
    updated_at: String,
    closed_at: Option<String>,
    merged_at: Option<String>,
    merge_commit_sha: &'a str,
    requested_reviewers: Vec<UserJson>,
    head: RefJson<'a>,
    base: RefJson<'a>,
}

#[derive(serde::Serialize)]
struct ReviewJson<'a> {
    id: u64,
    user: UserJson,
    body: &'static str,
    state: &'static str,
    submitted_at: String,
    pull_request_url: &'a str,
}

#[derive(serde::Serialize)]
struct CommentJson<'a> {
    id: u64,
    pull_request_review_id: u64,
    user: UserJson,
    path: &'a str,
    diff_hunk: &'a str,
    body: &'static str,
    created_at: String,
    pull_request_url: &'a str,
}

#[derive(serde::Serialize)]
struct LabelJson {
    name: &'static str,
}

#[derive(serde::Serialize)]
struct EventJson<'a> {
    id: u64,
    event: &'static str,
    actor: UserJson,
    created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<LabelJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    requested_reviewer: Option<UserJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    review_requester: Option<UserJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commit_id: Option<&'a str>,
}

/// What `gh api --paginate` prints: one compact JSON array per page, back to back.
fn pages<T: serde::Serialize>(items: &[T], per_page: usize) -> Result<String, serde_json::Error> {
    if items.is_empty() {
        return Ok("[]".to_string());
    }
    items.chunks(per_page).map(serde_json::to_string).collect()
}

/// Plans and writes the export of one repository into `folder`.
fn write_export(
    org: &Org,
    index: usize,
    history: &History,
    seed: u64,
    folder: &Path,
) -> Result<(), DemoError> {
    let name = org.repos[index].name;
    let mut pulls = plan_export(org, index, history, seed)?;
    // `pulls?state=all` lists the newest first.
    pulls.sort_by_key(|p| std::cmp::Reverse((p.created, p.number)));
    let write = |file: String, text: Result<String, serde_json::Error>| {
        let path = folder.join(file);
        let text = text.map_err(|error| DemoError::WriteFile {
            path: path.clone(),
            source: std::io::Error::other(error),
        })?;
        write_new(&path, &text)
    };
    let api = format!("https://api.github.com/repos/{GITHUB_ORG}/{name}");
    let list: Vec<PullJson> = pulls
        .iter()
        .map(|pull| PullJson {
            url: format!("{api}/pulls/{}", pull.number),
            number: pull.number,
            state: if pull.merged.is_some() {
                "closed"
            } else {
                "open"
            },
            title: &pull.title,
            user: UserJson {
                login: login(pull.author),
            },
            created_at: iso_time(pull.created),
            updated_at: iso_time(pull.updated()),
            closed_at: pull.merged.map(iso_time),
            merged_at: pull.merged.map(iso_time),
            merge_commit_sha: &pull.merge_commit_sha,
            requested_reviewers: pull.pending().into_iter().map(user).collect(),
            head: RefJson { name: &pull.branch },
            base: RefJson { name: "main" },
        })
        .collect();
    write("pulls.json".into(), pages(&list, PULLS_PER_PAGE))?;

    let mut event_id = 9_100_000_000 + 1_000_000 * index as u64;
    for pull in &pulls {
        let url = format!("{api}/pulls/{}", pull.number);
        let mut reviews: Vec<&PlannedReview> = pull.reviews.iter().collect();
        reviews.sort_by_key(|r| r.id);
        let reviews: Vec<ReviewJson> = reviews
            .into_iter()
            .map(|review| ReviewJson {
                id: review.id,
                user: user(review.reviewer),
                body: review.body,
                state: review.state.api(),
                submitted_at: iso_time(review.time),
                pull_request_url: &url,
            })
            .collect();
        write(
            format!("reviews-{}.json", pull.number),
            pages(&reviews, DEFAULT_PER_PAGE),
        )?;

        let mut comments: Vec<(u64, CommentJson)> = pull
            .comments
            .iter()
            .map(|comment| {
                let review = &pull.reviews[comment.review];
                (
                    comment.id,
                    CommentJson {
                        id: comment.id,
                        pull_request_review_id: review.id,
                        user: user(review.reviewer),
                        path: &comment.path,
                        diff_hunk: &comment.diff_hunk,
                        body: comment.body,
                        created_at: iso_time(review.time),
                        pull_request_url: &url,
                    },
                )
            })
            .collect();
        comments.sort_by_key(|c| c.0);
        let comments: Vec<CommentJson> = comments.into_iter().map(|c| c.1).collect();
        write(
            format!("comments-{}.json", pull.number),
            pages(&comments, DEFAULT_PER_PAGE),
        )?;

        let author = UserJson {
            login: login(pull.author),
        };
        let mut events: Vec<(i64, u8, EventJson)> = Vec::new();
        for &(label, time) in &pull.labels {
            events.push((
                time,
                0,
                EventJson {
                    id: 0,
                    event: "labeled",
                    actor: UserJson {
                        login: author.login,
                    },
                    created_at: iso_time(time),
                    label: Some(LabelJson { name: label }),
                    requested_reviewer: None,
                    review_requester: None,
                    commit_id: None,
                },
            ));
        }
        for &(reviewer, time) in &pull.requests {
            events.push((
                time,
                1,
                EventJson {
                    id: 0,
                    event: "review_requested",
                    actor: UserJson {
                        login: author.login,
                    },
                    created_at: iso_time(time),
                    label: None,
                    requested_reviewer: Some(user(reviewer)),
                    review_requester: Some(UserJson {
                        login: author.login,
                    }),
                    commit_id: None,
                },
            ));
        }
        if let Some(merged) = pull.merged {
            for (order, event, commit) in [
                (2, "merged", Some(pull.merge_commit_sha.as_str())),
                (3, "closed", None),
                (4, "head_ref_deleted", None),
            ] {
                events.push((
                    merged,
                    order,
                    EventJson {
                        id: 0,
                        event,
                        actor: UserJson {
                            login: author.login,
                        },
                        created_at: iso_time(merged),
                        label: None,
                        requested_reviewer: None,
                        review_requester: None,
                        commit_id: commit,
                    },
                ));
            }
        }
        events.sort_by_key(|e| (e.0, e.1));
        let events: Vec<EventJson> = events
            .into_iter()
            .map(|(_, _, mut event)| {
                event.id = event_id;
                event_id += 1;
                event
            })
            .collect();
        write(
            format!("events-{}.json", pull.number),
            pages(&events, DEFAULT_PER_PAGE),
        )?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// teams.toml
// ---------------------------------------------------------------------------

fn render_teams() -> String {
    let mut out = String::from(
        "# Teams of the staffscope demo organization.
#
# Each [[team]] has:
#   name        the team's name as it appears in reports
#   codeowners  the CODEOWNERS owners (GitHub teams) that stand for this team
#   members     handles, i.e. the local part of an engineer's email address;
#               an entry may be a table { who, from, to } with optional
#               inclusive YYYY-MM-DD dates for people who joined, left or
#               moved between teams
#
# A team may also own paths that no CODEOWNERS file assigns, per
# repository, written as CODEOWNERS-style patterns:
#   [team.owns]
#   \"some-repo\" = [\"docs/payments/\"]
#
# Bots (dependabot, renovate) are not engineers and are not listed.
",
    );
    for team in TEAMS {
        out.push_str("\n[[team]]\n");
        out.push_str(&format!("name = \"{}\"\n", team.name()));
        let owners: Vec<String> = team
            .codeowners()
            .iter()
            .map(|o| format!("\"{o}\""))
            .collect();
        out.push_str(&format!("codeowners = [{}]\n", owners.join(", ")));
        out.push_str("members = [\n");
        for p in ROSTER {
            if p.handle == MOVER {
                if team == Team::Search {
                    out.push_str("  { who = \"leo\", to = \"2025-06-30\" },  # moved to data\n");
                } else if team == Team::Data {
                    out.push_str(
                        "  { who = \"leo\", from = \"2025-07-01\" },  # joined from search\n",
                    );
                }
            } else if p.team == team {
                out.push_str(&format!("  \"{}\",\n", p.handle));
            }
        }
        out.push_str("]\n");
    }
    out
}

// ---------------------------------------------------------------------------
// Recurring problems: planted truth for the patterns finder
// ---------------------------------------------------------------------------

/// A class of problem the demo plants, the truth `staffscope patterns` is
/// scored against (`tests/patterns.rs`, `cargo bench --bench patterns`).
#[derive(Debug, Clone, Copy)]
pub struct PlantedPattern {
    /// A short key, also the branch name of its planted commits.
    pub class: &'static str,
    pub description: &'static str,
    /// The teams whose code it happens in.
    pub teams: &'static [&'static str],
    /// Whether it recurs across teams; single-team noise must not be reported.
    pub cross_team: bool,
}

pub const PLANTED_PATTERNS: &[PlantedPattern] = &[
    PlantedPattern {
        class: "retry-storms",
        description: "retries without jitter or budget: RFC-0001's adoption, INC-2025-014 and its remediation",
        teams: &["payments", "checkout", "search", "identity", "platform"],
        cross_team: true,
    },
    PlantedPattern {
        class: "http-read-timeouts",
        description: "HTTP clients without a read timeout: hung connections exhaust the pool, fixed in four teams over a year",
        teams: &["payments", "checkout", "search", "identity"],
        cross_team: true,
    },
    PlantedPattern {
        class: "flaky-clock-tests",
        description: "tests that sleep on the wall clock flake, fixed with fake clocks in three teams",
        teams: &["checkout", "data", "search"],
        cross_team: true,
    },
    PlantedPattern {
        class: "db-max-connections",
        description: "database pools sized past max_connections: two incidents and their remediation",
        teams: &["payments", "identity", "platform"],
        cross_team: true,
    },
    PlantedPattern {
        class: "base-image-advisory",
        description: "the same advisory fixed by bumping the base image in three repositories within a week",
        teams: &["payments", "identity", "search"],
        cross_team: true,
    },
    PlantedPattern {
        class: "late-orders",
        description: "late-arriving orders counted twice, fixed again and again inside the data team only",
        teams: &["data"],
        cross_team: false,
    },
];

/// A planted commit of a recurring problem: a fixed file, subject and body.
struct PlantedChange {
    class: &'static str,
    repo: &'static str,
    author: &'static str,
    reviewer: &'static str,
    day: (i64, i64, i64),
    at: (i64, i64),
    path: &'static str,
    content: &'static str,
    subject: &'static str,
    body: &'static str,
}

const PLANTED_CHANGES: &[PlantedChange] = &[
    // HTTP clients without read timeouts, in four teams over a year.
    PlantedChange {
        class: "http-read-timeouts",
        repo: "payments-api",
        author: "fatima",
        reviewer: "ines",
        day: (2025, 2, 18),
        at: (16, 40),
        path: "config/http-client.yaml",
        content: "acquirer:\n  connect_timeout: 2s\n  read_timeout: 5s\n  max_idle_connections: 32\n",
        subject: "fix(gateway): set a read timeout on the acquirer HTTP client",
        body: "Hung connections to the acquirer held every slot of the connection pool for minutes, because the client had no read timeout. It now gives up after five seconds.",
    },
    PlantedChange {
        class: "http-read-timeouts",
        repo: "checkout-web",
        author: "nadia",
        reviewer: "erik",
        day: (2025, 5, 27),
        at: (16, 40),
        path: "config/http-client.json",
        content: "{\n  \"inventory\": { \"connectTimeoutMs\": 2000, \"readTimeoutMs\": 4000 }\n}\n",
        subject: "Fix hung connections: add a read timeout to the inventory HTTP client",
        body: "The inventory client waited forever on a stalled socket, and under load the hung connections exhausted the pool.",
    },
    PlantedChange {
        class: "http-read-timeouts",
        repo: "search-indexer",
        author: "wei",
        reviewer: "maya",
        day: (2025, 9, 9),
        at: (16, 40),
        path: "config/http-client.toml",
        content: "[feed]\nconnect_timeout = \"2s\"\nread_timeout = \"10s\"\n",
        subject: "fix(ingest): feed HTTP client hung without a read timeout",
        body: "A stalled feed kept its connection open for hours, and once enough of them hung the connection pool was exhausted and ingestion stopped.",
    },
    PlantedChange {
        class: "http-read-timeouts",
        repo: "identity-service",
        author: "diego",
        reviewer: "aiko",
        day: (2025, 12, 2),
        at: (16, 40),
        path: "config/http-client.yaml",
        content: "jwks:\n  connect_timeout: 1s\n  read_timeout: 3s\n",
        subject: "fix(oauth): add a read timeout so hung JWKS connections stop exhausting the pool",
        body: "The JWKS fetcher used a client without a read timeout; a slow identity provider left its connections hung until the pool ran dry.",
    },
    PlantedChange {
        class: "http-read-timeouts",
        repo: "payments-api",
        author: "kenji",
        reviewer: "tomasz",
        day: (2026, 3, 10),
        at: (16, 40),
        path: "config/http-client.yaml",
        content: "acquirer:\n  connect_timeout: 2s\n  read_timeout: 5s\n  max_idle_connections: 32\nbank:\n  connect_timeout: 2s\n  read_timeout: 8s\n",
        subject: "fix(settlement): read timeout for the bank HTTP client, hung connections exhausted the pool",
        body: "The same failure as the acquirer client last year: the bank client had no read timeout.",
    },
    // Tests that sleep on the wall clock, in three teams.
    PlantedChange {
        class: "flaky-clock-tests",
        repo: "checkout-web",
        author: "amara",
        reviewer: "sofia",
        day: (2025, 3, 4),
        at: (16, 50),
        path: "e2e/cart.spec.ts",
        content: "test('cart totals', async ({ page, clock }) => {\n  await clock.install();\n  await page.goto('/cart');\n  await clock.runFor(1000);\n});\n",
        subject: "Fix flaky cart e2e test: use a fake clock instead of sleeping",
        body: "The test slept for a second of wall-clock time and failed whenever CI was slow.",
    },
    PlantedChange {
        class: "flaky-clock-tests",
        repo: "data-pipeline",
        author: "zoe",
        reviewer: "kwame",
        day: (2025, 6, 10),
        at: (16, 50),
        path: "integration/test_export_clock.py",
        content: "def test_export_window(fake_clock):\n    fake_clock.advance(hours=1)\n    assert export_window(fake_clock.now()).closed\n",
        subject: "fix(tests): flaky export test slept on the wall clock, use a fake clock",
        body: "time.sleep made the test depend on how fast the runner was.",
    },
    PlantedChange {
        class: "flaky-clock-tests",
        repo: "search-indexer",
        author: "soren",
        reviewer: "pablo",
        day: (2025, 10, 14),
        at: (16, 50),
        path: "tests/ingest_clock.rs",
        content: "#[test]\nfn batches_flush_after_the_interval() {\n    let clock = FakeClock::new();\n    clock.advance(FLUSH_INTERVAL);\n}\n",
        subject: "Fix flaky ingest test: replace the sleep with a fake clock",
        body: "The flush test slept on the wall clock and raced the batcher on busy runners.",
    },
    PlantedChange {
        class: "flaky-clock-tests",
        repo: "checkout-web",
        author: "lucas",
        reviewer: "mei",
        day: (2026, 2, 3),
        at: (16, 50),
        path: "e2e/payment.spec.ts",
        content: "test('payment timeout banner', async ({ page, clock }) => {\n  await clock.install();\n  await clock.runFor(30000);\n});\n",
        subject: "Fix flaky payment e2e test that sleeps on the wall clock",
        body: "Same fix as the cart test: a fake clock instead of a sleep.",
    },
    PlantedChange {
        class: "flaky-clock-tests",
        repo: "data-pipeline",
        author: "arjun",
        reviewer: "lena",
        day: (2026, 5, 19),
        at: (16, 50),
        path: "integration/test_backfill_clock.py",
        content: "def test_backfill_waits_for_the_window(fake_clock):\n    fake_clock.advance(days=1)\n",
        subject: "Fix flaky backfill test: fake clock instead of a wall clock sleep",
        body: "The backfill test slept until the next minute and failed near midnight.",
    },
    // Database pools sized past max_connections: two incidents and their remediation.
    PlantedChange {
        class: "db-max-connections",
        repo: "payments-api",
        author: "ines",
        reviewer: "kenji",
        day: (2025, 11, 4),
        at: (16, 20),
        path: "postmortems/2025-11-04-ledger-connections.md",
        content: "---\nid: INC-2025-031\ntitle: Ledger outage, database max_connections exhausted after scale-out\ntype: postmortem\ndate: 2025-11-04\nauthors: [ines]\nteams_affected: [payments, platform]\ndiagnosed_by: [ines]\nremediation:\n  - item: Size the pool from max_connections\n    owner: tomasz\n  - item: Raise max_connections and alert on pool saturation\n    owner: samuel\n---\n# Ledger outage, database max_connections exhausted after scale-out\n\nEvery replica opened fifty connections; scaling out past eight replicas\nexceeded the database's max_connections and new requests failed.\n",
        subject: "postmortems: ledger outage from exhausted max_connections",
        body: "Blameless review of INC-2025-031.",
    },
    PlantedChange {
        class: "db-max-connections",
        repo: "payments-api",
        author: "tomasz",
        reviewer: "ines",
        day: (2025, 11, 6),
        at: (16, 20),
        path: "config/database.yaml",
        content: "ledger:\n  pool_size: from_max_connections\n  max_connections_share: 0.8\n",
        subject: "fix(config): size the db pool from max_connections and the replica count",
        body: "Remediation for INC-2025-031: every replica opened fifty connections, so scaling out exceeded max_connections.",
    },
    PlantedChange {
        class: "db-max-connections",
        repo: "platform-infra",
        author: "samuel",
        reviewer: "felix",
        day: (2025, 11, 12),
        at: (16, 20),
        path: "k8s/postgres/ledger-db.yaml",
        content: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ledger-db\ndata:\n  max_connections: \"800\"\n",
        subject: "fix(k8s): raise ledger db max_connections and alert on pool saturation",
        body: "Action item from INC-2025-031.",
    },
    PlantedChange {
        class: "db-max-connections",
        repo: "identity-service",
        author: "hannah",
        reviewer: "raj",
        day: (2026, 4, 21),
        at: (16, 20),
        path: "postmortems/2026-04-21-session-store.md",
        content: "---\nid: INC-2026-007\ntitle: Session store outage, db pool exceeded max_connections after autoscaling\ntype: postmortem\ndate: 2026-04-21\nauthors: [hannah]\nteams_affected: [identity, platform]\ndiagnosed_by: [hannah]\nremediation:\n  - item: Cap the pool below max_connections\n    owner: yusuf\n  - item: Size max_connections for autoscaling\n    owner: noor\n---\n# Session store outage, db pool exceeded max_connections after autoscaling\n\nThe same mistake as INC-2025-031 in another service: the pool size was\nset per replica, and autoscaling multiplied it past max_connections.\n",
        subject: "postmortems: session store outage from exceeded max_connections",
        body: "Blameless review of INC-2026-007.",
    },
    PlantedChange {
        class: "db-max-connections",
        repo: "identity-service",
        author: "yusuf",
        reviewer: "hannah",
        day: (2026, 4, 23),
        at: (16, 20),
        path: "config/database.yaml",
        content: "sessions:\n  pool_size: 20\n  max_connections_share: 0.7\n",
        subject: "fix(config): cap the session store db pool below max_connections",
        body: "Remediation for INC-2026-007.",
    },
    PlantedChange {
        class: "db-max-connections",
        repo: "platform-infra",
        author: "noor",
        reviewer: "samuel",
        day: (2026, 4, 28),
        at: (16, 20),
        path: "k8s/postgres/sessions-db.yaml",
        content: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sessions-db\ndata:\n  max_connections: \"600\"\n",
        subject: "fix(k8s): size the sessions db max_connections for autoscaling",
        body: "Action item from INC-2026-007.",
    },
    // One advisory, one base image, three repositories in a week.
    PlantedChange {
        class: "base-image-advisory",
        repo: "payments-api",
        author: "oliver.brandt",
        reviewer: "fatima",
        day: (2025, 3, 5),
        at: (16, 30),
        path: "Dockerfile",
        content: "FROM alpine:3.21.3\nCOPY payments-api /usr/local/bin/\nENTRYPOINT [\"payments-api\"]\n",
        subject: "Bump the alpine base image to 3.21.3 for CVE-2025-26519",
        body: "musl's iconv could write out of bounds; 3.21.3 carries the patched musl.",
    },
    PlantedChange {
        class: "base-image-advisory",
        repo: "identity-service",
        author: "tariq",
        reviewer: "chloe",
        day: (2025, 3, 7),
        at: (16, 30),
        path: "Dockerfile",
        content: "FROM alpine:3.21.3\nCOPY identity-service /usr/local/bin/\nENTRYPOINT [\"identity-service\"]\n",
        subject: "deps: alpine 3.21.3 base image (CVE-2025-26519)",
        body: "Picks up the patched musl.",
    },
    PlantedChange {
        class: "base-image-advisory",
        repo: "search-indexer",
        author: "grace",
        reviewer: "nikolai",
        day: (2025, 3, 12),
        at: (16, 30),
        path: "Dockerfile",
        content: "FROM alpine:3.21.3\nCOPY search-indexer /usr/local/bin/\nENTRYPOINT [\"search-indexer\"]\n",
        subject: "Move the base image to alpine 3.21.3 for CVE-2025-26519",
        body: "Same advisory as payments-api and identity-service.",
    },
    // Noise: one team fixing its own bug again and again.
    PlantedChange {
        class: "late-orders",
        repo: "data-pipeline",
        author: "omar",
        reviewer: "lena",
        day: (2025, 4, 8),
        at: (16, 10),
        path: "sql/late_orders.sql",
        content: "select distinct on (order_id) * from orders_raw\n",
        subject: "fix(revenue): dedupe late-arriving orders in the revenue export",
        body: "Orders that arrived after the cutoff were counted in two days.",
    },
    PlantedChange {
        class: "late-orders",
        repo: "data-pipeline",
        author: "kwame",
        reviewer: "omar",
        day: (2025, 8, 19),
        at: (16, 10),
        path: "sql/late_orders.sql",
        content: "select distinct on (order_id) * from orders_raw order by order_id, arrived_at desc\n",
        subject: "Fix late-arriving orders counted twice in the revenue export",
        body: "The dedupe kept the first copy, not the latest.",
    },
    PlantedChange {
        class: "late-orders",
        repo: "data-pipeline",
        author: "lena",
        reviewer: "zoe",
        day: (2026, 1, 13),
        at: (16, 10),
        path: "sql/late_orders.sql",
        content: "select distinct on (order_id) * from orders_raw where not is_replay order by order_id, arrived_at desc\n",
        subject: "fix: late-arriving orders duplicated in the revenue export again",
        body: "Replays of the order feed bypassed the dedupe.",
    },
    PlantedChange {
        class: "late-orders",
        repo: "data-pipeline",
        author: "omar",
        reviewer: "arjun",
        day: (2026, 6, 30),
        at: (16, 10),
        path: "sql/late_orders.sql",
        content: "select distinct on (order_id) * from orders_dedup\n",
        subject: "Fix the revenue export: late-arriving orders counted twice after the backfill",
        body: "The backfill wrote straight into orders_raw.",
    },
];

/// The subjects (or titles) of a planted class's occurrences: its planted
/// commits, and for the retry class the commits citing RFC-0001 or
/// INC-2025-014 and the incident review.
pub fn planted_subjects(class: &str) -> Vec<&'static str> {
    let mut subjects: Vec<&'static str> = PLANTED_CHANGES
        .iter()
        .filter(|c| c.class == class)
        .map(|c| c.subject)
        .collect();
    if class == "db-max-connections" {
        subjects.extend([
            "Ledger outage, database max_connections exhausted after scale-out",
            "Session store outage, db pool exceeded max_connections after autoscaling",
        ]);
    }
    if class == "retry-storms" {
        subjects.extend(
            CITATIONS
                .iter()
                .filter(|c| c.body.contains("RFC-0001") || c.body.contains("INC-2025-014"))
                .map(|c| c.subject),
        );
        subjects.push("Checkout outage from retry storms");
    }
    subjects
}

/// Failure phrases every team's generated fix subjects draw from ("retry
/// the ledger on connection reset", "... when two workers race"): they recur
/// across all teams by construction, so a finder that reports them is right
/// about the data, and the benchmark counts them apart from the planted classes.
pub fn template_phrases() -> Vec<&'static str> {
    FAILURES
        .iter()
        .chain(CONDITIONS)
        .chain(CASES)
        .map(|phrase| phrase.trim_start_matches("the "))
        .collect()
}

/// A pattern as the finder reported it, for scoring.
#[derive(Debug, Clone)]
pub struct FoundPattern {
    pub name: String,
    pub teams: Vec<String>,
    /// Subjects or titles of its occurrences.
    pub summaries: Vec<String>,
}

/// What a found pattern turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Most occurrences belong to this planted class.
    Planted(&'static str),
    /// Most occurrences share one of the generator's failure phrases.
    Template(&'static str),
    /// Neither.
    Noise,
}

/// The finder's quality against [`PLANTED_PATTERNS`].
#[derive(Debug, Clone)]
pub struct Score {
    pub verdicts: Vec<(String, Verdict)>,
    /// Cross-team planted classes found, with the expected teams among the pattern's.
    pub found: Vec<&'static str>,
    pub missed: Vec<&'static str>,
    /// Planted single-team classes reported as cross-team patterns.
    pub noise_reported: Vec<&'static str>,
}

impl Score {
    /// Planted cross-team classes found / planted cross-team classes.
    pub fn recall(&self) -> f64 {
        let total = self.found.len() + self.missed.len();
        if total == 0 {
            return 1.0;
        }
        self.found.len() as f64 / total as f64
    }

    /// Patterns that are a planted cross-team class / patterns reported.
    pub fn precision_planted(&self) -> f64 {
        self.share(|v| matches!(v, Verdict::Planted(c) if cross_team(c)))
    }

    /// Patterns that are a planted cross-team class or one of the generator's
    /// repeated failure phrases / patterns reported.
    pub fn precision(&self) -> f64 {
        self.share(|v| match v {
            Verdict::Planted(c) => cross_team(c),
            Verdict::Template(_) => true,
            Verdict::Noise => false,
        })
    }

    fn share(&self, good: impl Fn(&Verdict) -> bool) -> f64 {
        if self.verdicts.is_empty() {
            return 1.0;
        }
        let n = self.verdicts.iter().filter(|(_, v)| good(v)).count();
        n as f64 / self.verdicts.len() as f64
    }
}

fn cross_team(class: &str) -> bool {
    PLANTED_PATTERNS
        .iter()
        .any(|p| p.class == class && p.cross_team)
}

/// Scores found patterns against the planted truth.
pub fn score(found: &[FoundPattern]) -> Score {
    let planted: Vec<(&'static str, Vec<&'static str>)> = PLANTED_PATTERNS
        .iter()
        .map(|p| (p.class, planted_subjects(p.class)))
        .collect();
    let phrases = template_phrases();
    let mut verdicts = Vec::new();
    let mut found_classes: BTreeSet<&'static str> = BTreeSet::new();
    let mut noise_reported = Vec::new();
    for pattern in found {
        let total = pattern.summaries.len().max(1);
        let mut verdict = Verdict::Noise;
        let mut best = 0usize;
        for (class, subjects) in &planted {
            let n = pattern
                .summaries
                .iter()
                .filter(|s| subjects.iter().any(|subject| s.starts_with(subject)))
                .count();
            if n * 2 >= total && n > best {
                best = n;
                verdict = Verdict::Planted(class);
            }
        }
        if verdict == Verdict::Noise {
            for phrase in &phrases {
                let n = pattern
                    .summaries
                    .iter()
                    .filter(|s| s.to_lowercase().contains(phrase))
                    .count();
                if n * 2 >= total && n > best {
                    best = n;
                    verdict = Verdict::Template(phrase);
                }
            }
        }
        if let Verdict::Planted(class) = verdict {
            let expected = PLANTED_PATTERNS
                .iter()
                .find(|p| p.class == class)
                .expect("verdicts name planted classes");
            if !expected.cross_team {
                noise_reported.push(class);
            } else if expected
                .teams
                .iter()
                .filter(|t| pattern.teams.iter().any(|found| found == *t))
                .count()
                >= 2
            {
                found_classes.insert(class);
            }
        }
        verdicts.push((pattern.name.clone(), verdict));
    }
    let (found, missed) = PLANTED_PATTERNS
        .iter()
        .filter(|p| p.cross_team)
        .map(|p| p.class)
        .partition(|class| found_classes.contains(class));
    Score {
        verdicts,
        found,
        missed,
        noise_reported,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git_out(dir: &Path, args: &[&str]) -> String {
        let output = git_command()
            .arg("--git-dir")
            .arg(dir)
            .args(args)
            .output()
            .expect("git runs in tests");
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    #[test]
    fn calendar_constants_match_jiff() {
        let check = |y: i16, m: i8, d: i8| {
            let ts = jiff::civil::date(y, m, d)
                .to_zoned(jiff::tz::TimeZone::UTC)
                .expect("valid date")
                .timestamp()
                .as_second();
            assert_eq!(date(i64::from(y), i64::from(m), i64::from(d)), ts);
        };
        check(2024, 12, 1);
        check(2025, 7, 1);
        check(2026, 11, 20);
        check(2024, 2, 29);
        for time in [
            0,
            date(2024, 2, 29) + 3723,
            date(2026, 11, 20) - 1,
            951_782_400,
        ] {
            let expected = jiff::Timestamp::from_second(time)
                .expect("valid time")
                .strftime("%Y-%m-%dT%H:%M:%SZ")
                .to_string();
            assert_eq!(iso_time(time), expected);
        }
        assert_eq!(
            weekday(date(2024, 12, 1) / DAY),
            0,
            "2024-12-01 is a Sunday"
        );
    }

    #[test]
    fn generates_deterministic_organization() {
        let first = tempfile::tempdir().expect("temp dir");
        let second = tempfile::tempdir().expect("temp dir");
        let options = DemoOptions::default();
        let org = generate(first.path(), &options).expect("first generation");
        let again = generate(second.path(), &options).expect("second generation");
        assert_eq!(org.repositories, again.repositories);
        assert_eq!(org.staff_engineer, "priya");
        assert_eq!(org.senior_mode_engineer, "marcus");
        assert_eq!(org.config, first.path().join("staffscope.toml"));
        assert!(org.repositories.len() >= 8);

        let mut total = 0;
        for name in &org.repositories {
            let a = first.path().join("repos").join(format!("{name}.git"));
            let b = second.path().join("repos").join(format!("{name}.git"));
            assert_eq!(
                git_out(&a, &["rev-parse", "HEAD"]),
                git_out(&b, &["rev-parse", "HEAD"]),
                "{name} differs between runs"
            );
            let count: u32 = git_out(&a, &["rev-list", "--count", "HEAD"])
                .parse()
                .expect("count");
            assert!((100..=2500).contains(&count), "{name} has {count} commits");
            total += count;
            let merges: u32 = git_out(&a, &["rev-list", "--merges", "--count", "HEAD"])
                .parse()
                .expect("count");
            assert!(merges > 0, "{name} has no merges");
            assert_eq!(git_out(&a, &["symbolic-ref", "HEAD"]), "refs/heads/main");
        }
        assert!((3000..=7000).contains(&total), "{total} commits in total");

        let repos = first.path().join("repos");
        let data = repos.join("data-pipeline.git");
        assert_eq!(
            git_out(
                &data,
                &["check-mailmap", "Dana O. <dana.okafor@oldmail.example>"]
            ),
            "Dana Okafor <dana@acme.example>"
        );

        // Priya reviews authors from at least four other teams.
        let mut reviewed_teams = BTreeSet::new();
        let mut reviews = 0;
        for name in &org.repositories {
            let log = git_out(
                &repos.join(format!("{name}.git")),
                &[
                    "log",
                    "--no-merges",
                    "--format=%ae%x09%(trailers:key=Reviewed-by,valueonly,separator=%x2C)",
                ],
            );
            for line in log.lines() {
                let (email, reviewers) = line.split_once('\t').unwrap_or((line, ""));
                if reviewers.contains("priya@acme.example") {
                    reviews += 1;
                    let handle = email.split('@').next().unwrap_or("");
                    if let Some(p) = ROSTER
                        .iter()
                        .find(|p| p.handle == handle && p.team != Team::Platform)
                    {
                        reviewed_teams.insert(p.team);
                    }
                }
            }
        }
        assert!(reviews >= 250, "priya reviewed {reviews} commits");
        assert!(
            reviewed_teams.len() >= 4,
            "priya reviewed {reviewed_teams:?}"
        );

        // The blame-ignore file names the reformat commit.
        let web = repos.join("checkout-web.git");
        let ignored = git_out(&web, &["show", "HEAD:.git-blame-ignore-revs"]);
        let id = ignored.lines().last().unwrap_or("").to_string();
        assert_eq!(
            git_out(&web, &["log", "-1", "--format=%s", &id]),
            "Reformat codebase with prettier"
        );
        let touched = git_out(&web, &["show", "--format=", "--name-only", &id]);
        assert!(
            touched.lines().count() >= 200,
            "reformat touched {} files",
            touched.lines().count()
        );

        let teams = std::fs::read_to_string(first.path().join("teams.toml")).expect("teams.toml");
        let parsed: toml::Value = toml::from_str(&teams).expect("teams.toml parses");
        assert_eq!(parsed["team"].as_array().map(Vec::len), Some(6));
        let config = std::fs::read_to_string(&org.config).expect("staffscope.toml");
        let parsed: toml::Value = toml::from_str(&config).expect("staffscope.toml parses");
        let sources = parsed["code_review"]
            .as_array()
            .expect("code_review tables");
        assert_eq!(sources.len(), EXPORTED.len());
        for (source, name) in sources.iter().zip(EXPORTED) {
            assert_eq!(source["repository"].as_str(), Some(name));
            let folder = source["github"].as_str().expect("github folder");
            assert!(first.path().join(folder).join("pulls.json").is_file());
        }
        let teams_at = config.find("teams_file").expect("teams_file");
        let review_at = config.find("[[code_review]]").expect("code_review");
        assert!(teams_at < review_at && review_at < config.find("[window]").expect("window"));

        check_exports(first.path(), second.path());
    }

    /// Every value of a `gh api --paginate` file: pages of arrays, back to back.
    fn json_stream(path: &Path) -> Vec<serde_json::Value> {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let mut items = Vec::new();
        for page in serde_json::Deserializer::from_str(&text).into_iter::<serde_json::Value>() {
            match page.unwrap_or_else(|error| panic!("{}: {error}", path.display())) {
                serde_json::Value::Array(page) => items.extend(page),
                other => panic!("{}: a page is not an array: {other}", path.display()),
            }
        }
        items
    }

    fn seconds(value: &serde_json::Value) -> i64 {
        let text = value.as_str().expect("a time");
        assert!(text.ends_with('Z') && text.len() == 20, "{text}");
        text.parse::<jiff::Timestamp>()
            .expect("RFC 3339 time")
            .as_second()
    }

    fn login_of(value: &serde_json::Value) -> &str {
        value["login"].as_str().expect("a login")
    }

    fn is_sha(text: &str) -> bool {
        text.len() == 40 && text.bytes().all(|b| b.is_ascii_hexdigit())
    }

    /// The merge commits of merged pull requests, read with `git cat-file --batch`:
    /// each must be a commit whose message names the pull request and its branch.
    fn check_merge_commits(dir: &Path, merged: &[(u64, String, String)]) {
        let input: String = merged
            .iter()
            .map(|(_, sha, _)| format!("{sha}\n"))
            .collect();
        let mut child = git_command()
            .arg("--git-dir")
            .arg(dir)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("git cat-file runs");
        let mut stdin = child.stdin.take().expect("stdin");
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let output = child.wait_with_output().expect("git cat-file output");
        writer.join().expect("writer").expect("written");
        let mut rest: &[u8] = &output.stdout;
        for (number, sha, branch) in merged {
            let line_end = rest.iter().position(|&b| b == b'\n').expect("header");
            let header = String::from_utf8_lossy(&rest[..line_end]).to_string();
            let mut fields = header.split(' ');
            assert_eq!(fields.next(), Some(sha.as_str()), "{header}");
            assert_eq!(fields.next(), Some("commit"), "#{number}: {header}");
            let size: usize = fields.next().and_then(|s| s.parse().ok()).expect("size");
            let body = String::from_utf8_lossy(&rest[line_end + 1..line_end + 1 + size]);
            assert!(
                body.contains(&format!(
                    "Merge pull request #{number} from acme/{branch}\n"
                )),
                "#{number} {sha}: {body}"
            );
            rest = &rest[line_end + 2 + size..];
        }
    }

    fn check_exports(root: &Path, other_root: &Path) {
        let priya = person_index(STAFF);
        let marcus = person_index(SENIOR);
        let mut priya_teams = BTreeSet::new();
        let (mut priya_requests, mut priya_reviewed, mut priya_reviews, mut priya_comments) =
            (0, 0, 0, 0);
        let (mut marcus_reviews, mut marcus_comments) = (0, 0);
        let (mut requests, mut teammate_requests) = (0, 0);
        let mut review_ids = BTreeSet::new();
        for name in EXPORTED {
            let folder = root.join("exports").join(name);
            let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
                .expect("export folder")
                .map(|entry| entry.expect("entry").path())
                .collect();
            files.sort();
            for file in &files {
                let other = other_root
                    .join("exports")
                    .join(name)
                    .join(file.file_name().expect("name"));
                assert!(
                    std::fs::read(file).ok() == std::fs::read(&other).ok(),
                    "{} differs between runs",
                    file.display()
                );
            }

            let text = std::fs::read_to_string(folder.join("pulls.json")).expect("pulls.json");
            let pulls = json_stream(&folder.join("pulls.json"));
            assert_eq!(
                text.matches("][").count(),
                (pulls.len() - 1) / 100,
                "{name}: pages"
            );
            assert_eq!(files.len(), 1 + 3 * pulls.len(), "{name}: files");
            let mut numbers = BTreeSet::new();
            let mut merged = Vec::new();
            let mut open = 0;
            for pull in &pulls {
                let number = pull["number"].as_u64().expect("number");
                assert!(numbers.insert(number), "{name}: #{number} twice");
                let author = login_of(&pull["user"]);
                let created = seconds(&pull["created_at"]);
                let sha = pull["merge_commit_sha"].as_str().expect("merge_commit_sha");
                assert!(is_sha(sha), "{name} #{number}: {sha}");
                let branch = pull["head"]["ref"].as_str().expect("head ref");
                let pending = pull["requested_reviewers"]
                    .as_array()
                    .expect("requested_reviewers");
                if pull["merged_at"].is_null() {
                    open += 1;
                    assert!(!pending.is_empty(), "{name} #{number}: nobody requested");
                } else {
                    assert!(seconds(&pull["merged_at"]) > created, "{name} #{number}");
                    merged.push((number, sha.to_string(), branch.to_string()));
                }

                let reviews = json_stream(&folder.join(format!("reviews-{number}.json")));
                let mut ids = BTreeMap::new();
                for review in &reviews {
                    let id = review["id"].as_u64().expect("review id");
                    assert!(review_ids.insert(id), "review id {id} twice");
                    let reviewer = login_of(&review["user"]);
                    ids.insert(id, reviewer.to_string());
                    assert!(matches!(
                        review["state"].as_str(),
                        Some("APPROVED" | "CHANGES_REQUESTED" | "COMMENTED")
                    ));
                    assert!(seconds(&review["submitted_at"]) > created);
                    assert_eq!(
                        review["pull_request_url"].as_str(),
                        Some(
                            format!("https://api.github.com/repos/acme/{name}/pulls/{number}")
                                .as_str()
                        )
                    );
                    assert!(
                        !pending.iter().any(|p| login_of(p) == reviewer),
                        "{name} #{number}: {reviewer} reviewed but is still requested"
                    );
                    if reviewer == "priya" {
                        priya_reviews += 1;
                    } else if reviewer == "marcus" {
                        marcus_reviews += 1;
                    }
                }
                if author.ends_with("[bot]") {
                    assert!(
                        reviews.is_empty(),
                        "{name} #{number}: bots are not reviewed"
                    );
                }
                for comment in json_stream(&folder.join(format!("comments-{number}.json"))) {
                    let review = comment["pull_request_review_id"]
                        .as_u64()
                        .expect("review id");
                    let reviewer = ids
                        .get(&review)
                        .expect("the comment's review is this pull request's");
                    assert_eq!(login_of(&comment["user"]), reviewer);
                    assert!(comment["path"].as_str().is_some_and(|p| !p.is_empty()));
                    assert!(
                        comment["diff_hunk"]
                            .as_str()
                            .is_some_and(|h| h.starts_with("@@ -"))
                    );
                    assert!(comment["id"].as_u64().is_some());
                    if reviewer == "priya" {
                        priya_comments += 1;
                    } else if reviewer == "marcus" {
                        marcus_comments += 1;
                    }
                }
                let mut asked_priya = false;
                for event in json_stream(&folder.join(format!("events-{number}.json"))) {
                    let time = seconds(&event["created_at"]);
                    if event["event"].as_str() != Some("review_requested") {
                        continue;
                    }
                    assert_eq!(login_of(&event["review_requester"]), author);
                    let reviewer = person_index(login_of(&event["requested_reviewer"]));
                    let author = person_index(author);
                    requests += 1;
                    teammate_requests +=
                        usize::from(team_at(reviewer, time) == team_at(author, time));
                    if reviewer == priya {
                        asked_priya = true;
                        priya_requests += 1;
                        if team_at(author, time) != Team::Platform {
                            priya_teams.insert(team_at(author, time));
                        }
                    }
                    assert!(
                        reviewer != marcus || name == "payments-api",
                        "{name} #{number} asks marcus"
                    );
                }
                if asked_priya && ids.values().any(|r| r == "priya") {
                    priya_reviewed += 1;
                }
            }
            assert!((3..=5).contains(&open), "{name}: {open} open pull requests");
            assert!(
                merged.len() >= 20,
                "{name}: {} merged pull requests",
                merged.len()
            );
            check_merge_commits(&root.join("repos").join(format!("{name}.git")), &merged);
        }
        assert!(
            priya_requests >= 30,
            "priya was asked {priya_requests} times"
        );
        assert!(priya_teams.len() >= 3, "priya was asked by {priya_teams:?}");
        assert!(
            priya_reviewed * 3 >= priya_requests * 2,
            "priya reviewed {priya_reviewed} of {priya_requests}"
        );
        assert!(
            priya_comments >= 2 * priya_reviews,
            "priya left {priya_comments} comments in {priya_reviews} reviews"
        );
        assert!(marcus_reviews <= 2 && marcus_comments == 0);
        assert!(
            teammate_requests * 10 >= requests * 7,
            "{teammate_requests} of {requests}"
        );
    }

    /// The top-level keys of a block-YAML mapping at `indent` spaces, each with
    /// the `- item` entries listed under it.
    fn yaml_lists(text: &str, indent: usize) -> Vec<(String, Vec<String>)> {
        let mut lists: Vec<(String, Vec<String>)> = Vec::new();
        for line in text.lines() {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let depth = line.len() - line.trim_start().len();
            let content = line.trim();
            if depth == indent && !content.starts_with('-') {
                let key = content
                    .strip_suffix(':')
                    .unwrap_or_else(|| panic!("{line:?}: a key with a nested block is expected"));
                assert!(!key.contains(' '), "{line:?}");
                lists.push((key.to_string(), Vec::new()));
            } else if depth == indent + 2
                && let Some(item) = content.strip_prefix("- ")
            {
                let (_, items) = lists.last_mut().expect("an item belongs to a key");
                items.push(item.to_string());
            } else {
                assert!(depth > indent, "{line:?}: unexpected indentation");
            }
        }
        lists
    }

    #[test]
    fn mobile_app_uses_owners_files() {
        let root = tempfile::tempdir().expect("temp dir");
        generate(root.path(), &DemoOptions::default()).expect("generation");
        let mobile = root.path().join("repos").join("mobile-app.git");

        let tree = git_out(&mobile, &["ls-tree", "-r", "--name-only", "HEAD"]);
        let paths: BTreeSet<&str> = tree.lines().collect();
        for path in [
            "OWNERS_ALIASES",
            "OWNERS",
            "app/checkout/OWNERS",
            "app/login/OWNERS",
        ] {
            assert!(paths.contains(path), "mobile-app has no {path}");
        }
        assert!(
            !paths.iter().any(|p| p.contains("CODEOWNERS")),
            "mobile-app still has a CODEOWNERS file"
        );
        let history = git_out(&mobile, &["log", "--all", "--format=", "--name-only"]);
        assert!(
            !history.lines().any(|p| p.contains("CODEOWNERS")),
            "a CODEOWNERS file appears in mobile-app's history"
        );
        // The OWNERS files arrive with the first commit.
        let first = git_out(&mobile, &["rev-list", "--max-parents=0", "HEAD"]);
        let initial = git_out(&mobile, &["ls-tree", "-r", "--name-only", &first]);
        assert!(
            initial.lines().any(|p| p == "app/login/OWNERS"),
            "{initial}"
        );
        assert!(initial.lines().any(|p| p == "OWNERS_ALIASES"), "{initial}");

        let aliases_text = git_out(&mobile, &["show", "HEAD:OWNERS_ALIASES"]);
        let top = yaml_lists(&aliases_text, 0);
        assert_eq!(top.len(), 1, "{aliases_text}");
        assert_eq!(top[0].0, "aliases");
        let body: String = aliases_text
            .lines()
            .skip_while(|l| *l != "aliases:")
            .skip(1)
            .map(|l| format!("{l}\n"))
            .collect();
        let aliases = yaml_lists(&body, 2);
        let names: Vec<&str> = aliases.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names,
            [
                "checkout-approvers",
                "identity-approvers",
                "mobile-reviewers"
            ]
        );
        let team_of = |alias: &str| -> BTreeSet<Team> {
            aliases
                .iter()
                .find(|(name, _)| name == alias)
                .expect("alias")
                .1
                .iter()
                .map(|handle| ROSTER[person_index(handle)].team)
                .collect()
        };
        assert_eq!(
            team_of("checkout-approvers"),
            BTreeSet::from([Team::Checkout])
        );
        assert_eq!(
            team_of("identity-approvers"),
            BTreeSet::from([Team::Identity])
        );
        assert_eq!(
            team_of("mobile-reviewers"),
            BTreeSet::from([Team::Checkout, Team::Identity])
        );
        for (_, handles) in &aliases {
            assert!(handles.len() >= 2, "{aliases:?}");
        }

        let owners = |path: &str| {
            let text = git_out(&mobile, &["show", &format!("HEAD:{path}")]);
            assert!(
                text.starts_with("# See the OWNERS docs at https://go.k8s.io/owners"),
                "{path}: {text}"
            );
            (
                text.contains("no_parent_owners: true"),
                yaml_lists(&text, 0),
            )
        };
        let list = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let checkout = vec![
            ("approvers".to_string(), list(&["checkout-approvers"])),
            ("reviewers".to_string(), list(&["mobile-reviewers"])),
            ("labels".to_string(), list(&["team/checkout"])),
        ];
        assert_eq!(owners("OWNERS"), (false, checkout.clone()));
        assert_eq!(owners("app/checkout/OWNERS"), (false, checkout));
        let (no_parent, login) = owners("app/login/OWNERS");
        assert!(no_parent);
        assert_eq!(
            login,
            vec![
                ("options".to_string(), Vec::new()),
                ("approvers".to_string(), list(&["identity-approvers"])),
                ("labels".to_string(), list(&["team/identity"])),
            ]
        );
        let login_text = git_out(&mobile, &["show", "HEAD:app/login/OWNERS"]);
        assert!(login_text.contains("\noptions:\n  no_parent_owners: true\n"));

        // The other repositories keep their CODEOWNERS.
        let web = root.path().join("repos").join("checkout-web.git");
        assert!(
            git_out(&web, &["ls-tree", "-r", "--name-only", "HEAD"])
                .lines()
                .any(|p| p == ".github/CODEOWNERS")
        );
    }

    /// The front matter of a Markdown document, parsed as YAML.
    fn front_matter(text: &str) -> serde_yaml_ng::Value {
        let rest = text
            .strip_prefix("---\n")
            .expect("front matter opens the file");
        let (matter, _) = rest.split_once("\n---\n").expect("front matter is closed");
        serde_yaml_ng::from_str(matter).expect("front matter is valid YAML")
    }

    fn yaml_handles(value: &serde_yaml_ng::Value) -> Vec<&str> {
        value
            .as_sequence()
            .expect("a list of handles")
            .iter()
            .map(|v| v.as_str().expect("a handle"))
            .collect()
    }

    fn yaml_str<'a>(matter: &'a serde_yaml_ng::Value, key: &str) -> &'a str {
        matter[key]
            .as_str()
            .unwrap_or_else(|| panic!("{key} is text"))
    }

    #[test]
    fn design_documents_are_planted() {
        let root = tempfile::tempdir().expect("temp dir");
        let org = generate(root.path(), &DemoOptions::default()).expect("generation");
        let repos = root.path().join("repos");
        let dir = |name: &str| repos.join(format!("{name}.git"));
        let team_of = |handle: &str| ROSTER[person_index(handle)].team;
        let lines_of = |text: &str| text.lines().count();

        // Each document: where it is, its first line, its title heading, who
        // wrote it and when (in the author's time zone), and how many commits
        // touched it.
        let expected = [
            (
                "platform-infra",
                "rfcs/0001-unified-retry-policy.md",
                "---",
                "# A unified retry and timeout policy for service clients",
                STAFF,
                "2025-02-10",
                1,
            ),
            (
                "payments-api",
                "docs/adr/0003-use-postgres-for-the-ledger.md",
                "# 3. Use Postgres for the ledger",
                "# 3. Use Postgres for the ledger",
                "kenji",
                "2025-04-02",
                2,
            ),
            (
                "shared-libs",
                "docs/decisions/0007-one-http-client.md",
                "---",
                "# Use one shared HTTP client",
                STAFF,
                "2025-05-20",
                1,
            ),
            (
                "checkout-web",
                "postmortems/2025-08-14-checkout-outage.md",
                "---",
                "# Checkout outage from retry storms",
                STAFF,
                "2025-08-20",
                1,
            ),
            (
                "search-indexer",
                "docs/design/ranking-v2.md",
                "---",
                "# Ranking v2",
                "wei",
                "2025-06-01",
                1,
            ),
        ];
        let mut texts = BTreeMap::new();
        for (repo, path, first, heading, author, day, commits) in expected {
            let text = git_out(&dir(repo), &["show", &format!("HEAD:{path}")]);
            assert_eq!(text.lines().next(), Some(first), "{repo}:{path}");
            assert_eq!(
                text.lines().find(|l| l.starts_with("# ")),
                Some(heading),
                "{repo}:{path}"
            );
            assert!(
                (30..=120).contains(&lines_of(&text)),
                "{repo}:{path} has {} lines",
                lines_of(&text)
            );
            let log = git_out(
                &dir(repo),
                &["log", "--format=%ae %ad", "--date=short", "--", path],
            );
            let entries: Vec<&str> = log.lines().collect();
            assert_eq!(entries.len(), commits, "{repo}:{path}: {log}");
            let email = format!("{author}@acme.example");
            assert_eq!(
                entries.last().copied(),
                Some(format!("{email} {day}").as_str()),
                "{repo}:{path} is added by {author} on {day}"
            );
            assert!(
                entries.iter().all(|e| e.starts_with(&format!("{email} "))),
                "{repo}:{path}: {log}"
            );
            texts.insert(path, text);
        }

        let rfc = &texts["rfcs/0001-unified-retry-policy.md"];
        let matter = front_matter(rfc);
        assert_eq!(yaml_str(&matter, "id"), "RFC-0001");
        assert_eq!(
            yaml_str(&matter, "title"),
            "A unified retry and timeout policy for service clients"
        );
        assert_eq!(yaml_str(&matter, "type"), "rfc");
        assert_eq!(yaml_str(&matter, "status"), "accepted");
        assert_eq!(yaml_str(&matter, "date"), "2025-02-10");
        assert_eq!(yaml_handles(&matter["authors"]), [STAFF]);
        assert_eq!(yaml_handles(&matter["teams"]), ["platform"]);
        let reviewer_teams: Vec<Team> = yaml_handles(&matter["reviewers"])
            .into_iter()
            .map(team_of)
            .collect();
        assert_eq!(
            reviewer_teams,
            [Team::Payments, Team::Checkout, Team::Search]
        );
        for section in [
            "## Summary",
            "## Motivation",
            "## Proposal",
            "## Alternatives considered",
        ] {
            assert!(rfc.lines().any(|l| l == section), "RFC lacks {section}");
        }

        let adr_path = "docs/adr/0003-use-postgres-for-the-ledger.md";
        let adr = &texts[adr_path];
        let sections: Vec<&str> = adr.lines().filter(|l| l.starts_with("## ")).collect();
        assert_eq!(
            sections,
            ["## Status", "## Context", "## Decision", "## Consequences"]
        );
        assert!(adr.contains("## Status\n\nAccepted\n"));
        assert!(!adr.contains("---"), "the ADR has no front matter");
        let payments = dir("payments-api");
        let (added, edited) = {
            let log = git_out(&payments, &["log", "--format=%H", "--", adr_path]);
            let ids: Vec<String> = log.lines().map(str::to_string).collect();
            (ids[1].clone(), ids[0].clone())
        };
        let stat = git_out(&payments, &["show", "--format=", "--numstat", &edited]);
        assert_eq!(stat, format!("2\t2\t{adr_path}"), "a small edit");
        assert_ne!(
            git_out(&payments, &["show", &format!("{added}:{adr_path}")]),
            *adr
        );
        assert!(adr.contains("`ledger-ro`"));

        let madr = &texts["docs/decisions/0007-one-http-client.md"];
        let matter = front_matter(madr);
        assert_eq!(yaml_str(&matter, "status"), "accepted");
        assert_eq!(yaml_str(&matter, "date"), "2025-05-20");
        let deciders = yaml_handles(&matter["deciders"]);
        assert_eq!(deciders.len(), 3);
        assert_eq!(deciders[0], STAFF);
        assert!(
            deciders[1..]
                .iter()
                .all(|d| team_of(d) != Team::Platform && *d != SENIOR),
            "{deciders:?}"
        );
        for section in [
            "## Context and Problem Statement",
            "## Considered Options",
            "## Decision Outcome",
            "### Consequences",
        ] {
            assert!(madr.lines().any(|l| l == section), "MADR lacks {section}");
        }
        let options = madr
            .split("## Considered Options\n\n")
            .nth(1)
            .expect("options")
            .lines()
            .take_while(|l| l.starts_with("* "))
            .count();
        assert_eq!(options, 3);
        assert!(
            madr.lines()
                .any(|l| l.starts_with("Chosen option: \"") && l.contains("\", because ")),
            "{madr}"
        );

        let postmortem = &texts["postmortems/2025-08-14-checkout-outage.md"];
        let matter = front_matter(postmortem);
        assert_eq!(yaml_str(&matter, "id"), "INC-2025-014");
        assert_eq!(yaml_str(&matter, "type"), "postmortem");
        assert_eq!(yaml_str(&matter, "severity"), "SEV2");
        assert_eq!(yaml_str(&matter, "date"), "2025-08-14");
        assert_eq!(
            yaml_str(&matter, "root_cause"),
            "Retries without jitter in three services amplified a slow database failover."
        );
        assert_eq!(yaml_handles(&matter["authors"]), [STAFF]);
        assert_eq!(yaml_handles(&matter["diagnosed_by"]), [STAFF]);
        assert_eq!(
            yaml_handles(&matter["teams_affected"]),
            ["checkout", "payments", "platform"]
        );
        let owners: Vec<Team> = matter["remediation"]
            .as_sequence()
            .expect("remediation items")
            .iter()
            .map(|item| {
                assert!(item["item"].as_str().is_some_and(|i| !i.is_empty()));
                team_of(item["owner"].as_str().expect("owner"))
            })
            .collect();
        assert_eq!(owners, [Team::Payments, Team::Checkout, Team::Platform]);
        assert_eq!(
            matter["remediation"][2]["owner"].as_str(),
            Some(STAFF),
            "priya owns the dashboard"
        );
        for section in [
            "## Summary",
            "## Timeline",
            "## Root cause",
            "## What went well",
            "## Action items",
        ] {
            assert!(
                postmortem.lines().any(|l| l == section),
                "postmortem lacks {section}"
            );
        }

        let design = &texts["docs/design/ranking-v2.md"];
        let matter = front_matter(design);
        assert_eq!(yaml_str(&matter, "type"), "design");
        assert_eq!(yaml_str(&matter, "status"), "draft");
        assert_eq!(yaml_str(&matter, "date"), "2025-06-01");
        assert_eq!(yaml_handles(&matter["authors"]), ["wei"]);
        let search = dir("search-indexer");
        let implements = git_out(
            &search,
            &[
                "log",
                "--fixed-strings",
                "--grep=Implements docs/design/ranking-v2.md",
                "--format=%ae",
            ],
        );
        let implementers: Vec<&str> = implements.lines().collect();
        assert_eq!(implementers.len(), 1, "{implements}");
        let implementer = implementers[0].trim_end_matches("@acme.example");
        assert!(implementer != "wei" && team_of(implementer) == Team::Search);

        // RFC-0001 is adopted between March and July 2025 by the teams that
        // own the code, in their own areas, never by its author.
        let mut citing: BTreeMap<&str, usize> = BTreeMap::new();
        let mut path_references = 0;
        for name in &org.repositories {
            let repo = dir(name);
            let owner = Org::new().repos[Org::new().repo_index(name)].owner;
            let log = git_out(
                &repo,
                &["log", "--grep=RFC-0001", "--format=%H %ae %at %an"],
            );
            for line in log.lines() {
                let mut fields = line.splitn(4, ' ');
                let (id, email, at) = (
                    fields.next().expect("id"),
                    fields.next().expect("email"),
                    fields.next().expect("time"),
                );
                let handle = email.trim_end_matches("@acme.example");
                let time: i64 = at.parse().expect("time");
                assert!(handle != STAFF && handle != SENIOR, "{name}: {line}");
                assert!(
                    (date(2025, 3, 1)..date(2025, 8, 1)).contains(&time),
                    "{name}: {line}"
                );
                assert_eq!(team_at(person_index(handle), time), owner, "{name}: {line}");
                let paths = git_out(&repo, &["show", "--format=", "--name-only", id]);
                assert!(
                    !paths.is_empty() && paths.lines().all(|p| p.starts_with("src/")),
                    "{name}: {line}: {paths}"
                );
                *citing.entry(name.as_str()).or_default() += 1;
            }
            path_references += git_out(
                &repo,
                &[
                    "log",
                    "--fixed-strings",
                    "--grep=rfcs/0001-unified-retry-policy.md",
                    "--format=%H",
                ],
            )
            .lines()
            .count();
        }
        for name in ["payments-api", "checkout-web", "search-indexer"] {
            assert!(citing.get(name).is_some_and(|&n| n >= 3), "{citing:?}");
        }
        assert!(
            citing
                .get("identity-service")
                .is_some_and(|n| (1..=2).contains(n)),
            "{citing:?}"
        );
        assert_eq!(citing.len(), 4, "{citing:?}");
        assert!((1..=2).contains(&path_references), "{path_references}");

        // Marcus writes no document: he never touches a Markdown file.
        for name in &org.repositories {
            let touched = git_out(
                &dir(name),
                &[
                    "log",
                    "--author=marcus@acme.example",
                    "--format=",
                    "--name-only",
                ],
            );
            assert!(
                !touched.lines().any(|p| p.ends_with(".md")),
                "marcus edits documents in {name}"
            );
        }
    }

    #[test]
    fn refuses_non_empty_exports_folder() {
        let root = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(root.path().join("exports/payments-api")).expect("setup");
        let error = generate(root.path(), &DemoOptions::default()).expect_err("must refuse");
        assert!(matches!(error, DemoError::NotEmpty { .. }), "{error}");
        assert!(!root.path().join("repos").exists());
    }

    #[test]
    fn refuses_non_empty_repos_folder() {
        let root = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(root.path().join("repos/keep")).expect("setup");
        let error = generate(root.path(), &DemoOptions::default()).expect_err("must refuse");
        assert!(matches!(error, DemoError::NotEmpty { .. }), "{error}");
        assert!(root.path().join("repos/keep").exists());
        assert!(!root.path().join("teams.toml").exists());
    }
}
