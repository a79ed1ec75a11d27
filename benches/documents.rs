//! Documents at volume: what hundreds of documents cost every report.
//!
//! `cargo bench --bench documents -- [--commits N] [--documents N] [--runs N] [--keep]`
//!
//! Generates one repository shaped like a Rust-style RFC process beside
//! its code (by default 40,000 code commits by 200 engineers over two
//! years, and 650 RFCs, each proposed as `text/0000-name.md` by its
//! author, revised, and merged by a maintainer renaming it to
//! `text/NNNN-name.md`; one code commit in fifty cites an RFC). It is
//! collected twice, once reading `text/` as documents and once with no
//! document folder, and `org`, `report` and `documents` run as their own
//! processes on each, best of `--runs`. Target: reports with the
//! documents cost no more than 1.2 times the same reports without them.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

#[path = "support/process.rs"]
mod process;
use process::{Run, measure, mib, secs};

const STAFFSCOPE: &str = env!("CARGO_BIN_EXE_staffscope");
const START: i64 = 1_704_067_200; // 2024-01-01
const SPAN: i64 = 700 * 86_400;
const ENGINEERS: usize = 200;
const MAINTAINER: &str = "Mara Tainer";

struct Args {
    commits: usize,
    documents: usize,
    runs: usize,
    /// Keep the generated repository and stores, to profile a command on them.
    keep: bool,
}

fn parse_args() -> Args {
    let mut args = Args {
        commits: 40_000,
        documents: 650,
        runs: 3,
        keep: false,
    };
    let mut given = std::env::args().skip(1);
    while let Some(arg) = given.next() {
        let mut value = || {
            given
                .next()
                .and_then(|v| v.parse().ok())
                .expect("a number after the flag")
        };
        match arg.as_str() {
            "--commits" => args.commits = value(),
            "--documents" => args.documents = value(),
            "--runs" => args.runs = value(),
            "--keep" => args.keep = true,
            _ => {} // `cargo bench` passes `--bench`.
        }
    }
    args
}

/// One commit of the generated history.
struct Change {
    author: String,
    time: i64,
    message: String,
    /// (path, content); `None` deletes the path.
    files: Vec<(String, Option<String>)>,
}

fn engineer(index: usize) -> String {
    format!("Dev{:03} Person", index % ENGINEERS)
}

fn lines(prefix: &str, count: usize) -> String {
    (0..count).map(|i| format!("{prefix} line {i}\n")).collect()
}

/// The history: code commits, and each RFC's proposal, revision and
/// merge by rename placed among them.
fn history(args: &Args) -> Vec<Change> {
    let step = SPAN / args.commits.max(1) as i64;
    let mut changes: Vec<Change> = (0..args.commits)
        .map(|i| {
            let cites = if i % 50 == 0 && args.documents > 0 {
                format!(" (RFC-{:04})", (i / 50) % args.documents + 1)
            } else {
                String::new()
            };
            Change {
                author: engineer(i * 7),
                time: START + i as i64 * step,
                message: format!("module {}: change {i}{cites}", i % 40),
                files: vec![(
                    format!("src/m{}/f{}.rs", i % 40, i % 400),
                    Some(lines(&format!("commit {i}"), 12)),
                )],
            }
        })
        .collect();
    for document in 0..args.documents {
        let at = START + (document * args.commits / args.documents.max(1)) as i64 * step;
        let author = engineer(document * 13 + 1);
        let draft = format!("text/0000-idea-{document}.md");
        let text = format!(
            "- Feature Name: `idea_{document}`\n- Start Date: 2024-01-01\n\n# Summary\n\n{}",
            lines("proposal", 110)
        );
        let revised = format!("{text}{}", lines("revision", 10));
        changes.push(Change {
            author: author.clone(),
            time: at + 1,
            message: format!("RFC: idea {document}"),
            files: vec![(draft.clone(), Some(text))],
        });
        changes.push(Change {
            author,
            time: at + 2,
            message: "Address review comments".into(),
            files: vec![(draft.clone(), Some(revised.clone()))],
        });
        changes.push(Change {
            author: MAINTAINER.into(),
            time: at + 3,
            message: format!("Merge RFC {:04}", document + 1),
            files: vec![
                (draft, None),
                (
                    format!("text/{:04}-idea-{document}.md", document + 1),
                    Some(revised),
                ),
            ],
        });
    }
    changes.sort_by_key(|c| c.time);
    changes
}

/// Writes the history into a new bare repository with `git fast-import`.
fn write_repository(path: &Path, changes: &[Change]) {
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(args)
            .stdout(Stdio::null())
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    let path_text = path.to_str().expect("a UTF-8 path");
    git(&[
        "init",
        "--quiet",
        "--bare",
        "--initial-branch=main",
        path_text,
    ]);
    let mut import = Command::new("git")
        .args(["--git-dir", path_text, "fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import starts");
    {
        let mut input = std::io::BufWriter::new(import.stdin.take().expect("stdin"));
        for change in changes {
            let email = change.author.to_lowercase().replace(' ', ".");
            let who = format!(
                "{} <{email}@acme.example> {} +0000",
                change.author, change.time
            );
            let _ = write!(
                input,
                "commit refs/heads/main\nauthor {who}\ncommitter {who}\ndata {}\n{}\n",
                change.message.len(),
                change.message
            );
            for (file, content) in &change.files {
                match content {
                    Some(content) => {
                        let _ = write!(
                            input,
                            "M 100644 inline {file}\ndata {}\n{content}\n",
                            content.len()
                        );
                    }
                    None => {
                        let _ = writeln!(input, "D {file}");
                    }
                }
            }
        }
    }
    assert!(import.wait().expect("fast-import ends").success());
}

/// A folder with a configuration reading the repository, with `folders`
/// as the document folders, collected.
fn collected(work: &Path, label: &str, repo: &Path, folders: &str) -> PathBuf {
    let dir = work.join(label);
    std::fs::create_dir_all(&dir).expect("folder");
    std::os::unix::fs::symlink(repo, dir.join("rfcs.git")).expect("symlink");
    let config = dir.join("staffscope.toml");
    std::fs::write(
        &config,
        format!(
            "store = \"store.sqlite\"\nrepositories = [\"rfcs.git\"]\n\n[window]\nsince = \"2025-01-01\"\nuntil = \"2026-01-01\"\n\n[documents]\nfolders = [{folders:?}]\n"
        ),
    )
    .expect("config");
    measure(staffscope(&config, &["collect"]));
    config
}

fn staffscope(config: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(STAFFSCOPE);
    command.arg("--config").arg(config).args(args);
    command
}

/// The fastest of `runs` runs (memory from the same run).
fn best(runs: usize, mut run: impl FnMut() -> Run) -> Run {
    (0..runs.max(1))
        .map(|_| run())
        .min_by_key(|r| r.wall)
        .expect("at least one run")
}

fn main() {
    let args = parse_args();
    let work =
        std::env::temp_dir().join(format!("staffscope-bench-documents-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("work folder");
    let repo = work.join("rfcs.git");
    let changes = history(&args);
    let started = std::time::Instant::now();
    write_repository(&repo, &changes);
    println!(
        "generated {} commits ({} RFCs merged by rename) in {:.1} s",
        changes.len(),
        args.documents,
        secs(started.elapsed())
    );
    let with = collected(&work, "with", &repo, "text");
    let without = collected(&work, "without", &repo, "no-documents-here");
    let commands: [(&str, &[&str]); 4] = [
        ("org", &["org"]),
        ("report (an engineer)", &["report", "dev001-person"]),
        ("report (the maintainer)", &["report", "mara-tainer"]),
        ("documents", &["documents"]),
    ];
    println!(
        "\n| command | with documents | without | ratio | CPU with / without | peak memory with / without (anonymous) |"
    );
    println!("|---|---|---|---|---|---|");
    for (label, command) in commands {
        // Computed from the rows, not read from the views a collect kept.
        let command = &[&["--fresh"], command].concat();
        let a = best(args.runs, || measure(staffscope(&with, command)));
        let b = best(args.runs, || measure(staffscope(&without, command)));
        println!(
            "| {label} | {:.2} s | {:.2} s | {:.2}x | {:.2} / {:.2} s | {:.0} / {:.0} MiB ({:.0} / {:.0}) |",
            secs(a.wall),
            secs(b.wall),
            secs(a.wall) / secs(b.wall.max(Duration::from_millis(1))),
            secs(a.cpu),
            secs(b.cpu),
            mib(a.peak_rss_kib),
            mib(b.peak_rss_kib),
            mib(a.peak_anon_kib),
            mib(b.peak_anon_kib)
        );
    }
    println!("\ntarget: every ratio at most 1.2");
    if args.keep {
        println!("kept: {}", work.display());
    } else {
        let _ = std::fs::remove_dir_all(&work);
    }
}
