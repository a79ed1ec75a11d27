//! Collect speed against git itself.
//!
//! `cargo bench --bench collect -- <repository> [--threads N] [--runs N]`
//! times `git log --numstat --no-renames` and a full `staffscope collect` of
//! the same repository (into a fresh store) in the same run, and prints the
//! ratio and staffscope's peak memory. Without a repository it builds the demo
//! organization and measures each of its repositories.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use collect::{self, CollectOptions, RepoSource, Silent};
use store::Store;

struct Args {
    repos: Vec<PathBuf>,
    threads: usize,
    runs: usize,
    child: bool,
}

fn parse_args() -> Args {
    let mut args = Args {
        repos: Vec::new(),
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        runs: 1,
        child: false,
    };
    let mut iter = std::env::args().skip(1);
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--threads" => {
                args.threads = iter
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(args.threads)
            }
            "--runs" => args.runs = iter.next().and_then(|n| n.parse().ok()).unwrap_or(1).max(1),
            "--child-collect" => args.child = true,
            // cargo passes --bench to harness-less benches.
            "--bench" => {}
            other => args.repos.push(PathBuf::from(other)),
        }
    }
    args
}

/// Peak resident memory of this process, from the kernel.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Runs in a child process so that its peak memory is its own.
fn child_collect(repo: &Path, threads: usize) {
    let dir = std::env::temp_dir().join(format!("staffscope-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store_path = dir.join("store.sqlite");
    let mut store = Store::open_or_create(&store_path).expect("bench store");
    let source = RepoSource {
        name: "bench".into(),
        path: repo.to_path_buf(),
    };
    let options = CollectOptions {
        threads,
        ..CollectOptions::default()
    };
    let started = Instant::now();
    let outcomes = collect::collect(&mut store, &[source], &options, &Silent, 0).expect("collect");
    let elapsed = started.elapsed();
    let counts = store.counts().expect("counts");
    let (commits, files) = (counts.commits, counts.file_changes);
    drop(store);
    let bytes = std::fs::metadata(&store_path).map(|m| m.len()).unwrap_or(0);
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "{} {} {} {} {} {:?}",
        elapsed.as_secs_f64(),
        commits,
        files,
        peak_rss_kib().unwrap_or(0),
        bytes,
        outcomes.first().map(|o| &o.status)
    );
}

/// Times git and samples its peak memory (VmHWM only grows, so the last
/// sample before it exits is close to its peak).
fn time_git(repo: &Path) -> (Duration, u64) {
    let started = Instant::now();
    let mut child = Command::new("git")
        .arg("--git-dir")
        .arg(repo_git_dir(repo))
        .args(["log", "--numstat", "--no-renames", "HEAD", "--"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("git runs");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for git") {
            break status;
        }
        if let Ok(text) = std::fs::read_to_string(&status_file)
            && let Some(kib) = text
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        {
            peak_kib = kib;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "git log failed on {}", repo.display());
    (started.elapsed(), peak_kib)
}

fn repo_git_dir(repo: &Path) -> PathBuf {
    if repo.join(".git").exists() {
        repo.join(".git")
    } else {
        repo.to_path_buf()
    }
}

struct Measured {
    staffscope: Duration,
    commits: u64,
    files: u64,
    peak_kib: u64,
    store_bytes: u64,
}

fn time_staffscope(repo: &Path, threads: usize) -> Measured {
    let exe = std::env::current_exe().expect("own path");
    let output = Command::new(exe)
        .arg("--child-collect")
        .arg("--threads")
        .arg(threads.to_string())
        .arg(repo)
        .output()
        .expect("child runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<&str> = stdout.split_whitespace().collect();
    assert!(
        fields.len() >= 5,
        "child failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Measured {
        staffscope: Duration::from_secs_f64(fields[0].parse().unwrap_or(0.0)),
        commits: fields[1].parse().unwrap_or(0),
        files: fields[2].parse().unwrap_or(0),
        peak_kib: fields[3].parse().unwrap_or(0),
        store_bytes: fields[4].parse().unwrap_or(0),
    }
}

fn main() {
    let args = parse_args();
    if args.child {
        child_collect(&args.repos[0], args.threads);
        return;
    }
    let _demo_dir;
    let repos = if args.repos.is_empty() {
        let dir = tempfile_dir();
        eprintln!(
            "no repository given: measuring the demo organization in {}",
            dir.display()
        );
        let demo = demo::generate(&dir, &demo::DemoOptions::default()).expect("demo builds");
        _demo_dir = dir;
        demo.repositories
            .iter()
            .map(|name| demo.root.join("repos").join(format!("{name}.git")))
            .collect()
    } else {
        args.repos.clone()
    };
    println!(
        "staffscope collect vs git log --numstat --no-renames ({} threads, best of {} runs)",
        args.threads, args.runs
    );
    println!(
        "| repository | commits | file changes | git log | staffscope | speed vs git | peak memory (git / staffscope) | store bytes/commit |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let (mut git_total, mut ours_total) = (Duration::ZERO, Duration::ZERO);
    for repo in &repos {
        // One untimed git run warms the page cache for both.
        time_git(repo);
        let (git, git_peak_kib) = (0..args.runs)
            .map(|_| time_git(repo))
            .min()
            .expect("runs >= 1");
        let measured = (0..args.runs)
            .map(|_| time_staffscope(repo, args.threads))
            .min_by_key(|m| m.staffscope)
            .expect("runs >= 1");
        git_total += git;
        ours_total += measured.staffscope;
        println!(
            "| {} | {} | {} | {:.2}s | {:.2}s | {:.2}x | {:.0} / {:.0} MiB | {} |",
            repo.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            measured.commits,
            measured.files,
            git.as_secs_f64(),
            measured.staffscope.as_secs_f64(),
            git.as_secs_f64() / measured.staffscope.as_secs_f64().max(1e-9),
            git_peak_kib as f64 / 1024.0,
            measured.peak_kib as f64 / 1024.0,
            measured.store_bytes / measured.commits.max(1)
        );
    }
    println!("\nPeak memory includes pages of memory-mapped pack files, for both.");
    println!(
        "\ntotal: git {:.2}s, staffscope {:.2}s, ratio {:.2}x git's speed (above 1 is faster than git)",
        git_total.as_secs_f64(),
        ours_total.as_secs_f64(),
        git_total.as_secs_f64() / ours_total.as_secs_f64().max(1e-9)
    );
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("staffscope-bench-demo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}
