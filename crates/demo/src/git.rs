//! Running git: an isolated `git` command, `git fast-import` fed from
//! memory, and the build of one repository from its planned events. Kept
//! apart so that every process the demo starts goes through one place.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::calendar::LAST_MOMENT;
use crate::events::{Event, Work};
use crate::org::Org;
use crate::repos::{Kind, Repo};
use crate::rng::Rng;
use crate::writer::{Body, PullRecord, Tip, Writer};
use crate::{DemoError, EXPORTED};

/// A `git` command isolated from the user's configuration and environment,
/// so that generation is the same on every machine.
pub(crate) fn git_command() -> Command {
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

pub(crate) fn git_dir_args(dir: &Path, rest: &[&str]) -> Vec<OsString> {
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
pub(crate) struct History {
    pub(crate) pulls: Vec<PullRecord>,
    /// The highest pull request number used in commit messages.
    pub(crate) last_number: u32,
    /// Source files of the final tree, for open pull requests to touch.
    pub(crate) paths: Vec<String>,
    /// Pull request number -> id of its `Merge pull request` commit.
    pub(crate) merges: BTreeMap<u32, String>,
}

/// Initializes one bare repository and writes its whole history.
pub(crate) fn build_repository(
    org: &Org,
    index: usize,
    dir: &Path,
    events: &[Event],
    seed: u64,
) -> Result<History, DemoError> {
    let spec = &org.repos[index];
    init_bare(spec.name, dir)?;
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
    Ok(History {
        paths: code_paths(spec, &writer.files),
        pulls: writer.pulls,
        last_number: writer.pr_number,
        merges,
    })
}

/// Creates an empty bare repository whose branch is `main`.
fn init_bare(repository: &str, dir: &Path) -> Result<(), DemoError> {
    let mut init = vec![
        OsString::from("init"),
        OsString::from("--bare"),
        OsString::from("-q"),
        OsString::from("-b"),
        OsString::from("main"),
    ];
    init.push(dir.as_os_str().to_os_string());
    run_git(repository, &init, None).map(|_| ())
}

/// The text files of a final tree that lie in code modules.
fn code_paths(spec: &Repo, files: &BTreeMap<String, Body>) -> Vec<String> {
    files
        .iter()
        .filter(|(path, body)| {
            matches!(body, Body::Text(_))
                && spec
                    .modules
                    .iter()
                    .any(|m| m.kind == Kind::Code && path.starts_with(m.dir))
        })
        .map(|(path, _)| path.clone())
        .collect()
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
