//! Organization scale, every figure in one run.
//!
//! `cargo bench --bench scale -- [--quick] [--repo PATH]...`
//!
//! 1. Collect of one large repository against `git log --numstat
//!    --no-renames` on the same repository, same machine, same run (each
//!    `--repo`; without one, a generated repository).
//! 2. A generated organization of 1,000 repositories collected with every
//!    core: commits per second against the single-repository figure, and how
//!    busy the cores were.
//! 3. Incremental: a re-collect with no new commits, and with 1% new commits,
//!    then keeping every report view again. Sections 1-3 time the collect
//!    alone (`--fresh`); a plain `collect` also keeps the views.
//! 4. Memory: peak memory collecting 10k, 100k and 1M generated commits.
//! 5. `org`, `report <person>` (computed from the rows: `--fresh`),
//!    `patterns` and `identities [--suggest]` on the 1,000-engineer
//!    organization.
//! 6. Store bytes per commit, and with the report views kept.
//! 7. The reports' target organization: 1,000 engineers with about 1,000
//!    commits each over two years (100 repositories of 10,000), a review
//!    trailer on half the commits, design notes, and a CODEOWNERS in every
//!    repository that changes monthly: `org`, `report`, `people`,
//!    `calibrate` and `patterns` against the targets (report under 0.5 s,
//!    org under 1 s, under 500 MB each), reading the views the collect
//!    kept and, beside them, with `--fresh`; then `serve`: when it
//!    listens, when its pages answer and when its analysis is ready.
//!    Generating its million commits takes this machine's two cores tens
//!    of minutes.
//!
//! `--histories 10000,100000` sets the memory curve's history lengths
//! (generating and packing a million commits takes this machine's two
//! cores tens of minutes). `--quick` shrinks every size (100 repositories, up to 50k commits) so CI
//! can run it as a smoke test; its figures are not the targets' figures.
//! Every command runs as its own process, timed with its own resource usage.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use demo::scaled::{self, ScaleOptions, ScaledOrg};

#[path = "support/process.rs"]
mod process;
use process::{measure, mib, secs};
#[path = "support/serve.rs"]
mod serve;

const STAFFSCOPE: &str = env!("CARGO_BIN_EXE_staffscope");

struct Args {
    quick: bool,
    repos: Vec<PathBuf>,
    /// History lengths for the memory curve, overriding the defaults.
    histories: Option<Vec<usize>>,
}

fn parse_args() -> Args {
    let mut args = Args {
        quick: false,
        repos: Vec::new(),
        histories: None,
    };
    let mut iter = std::env::args().skip(1);
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--quick" => args.quick = true,
            "--repo" => args.repos.extend(iter.next().map(PathBuf::from)),
            "--histories" => {
                args.histories = iter.next().map(|list| {
                    list.split(',')
                        .filter_map(|n| n.trim().replace('_', "").parse().ok())
                        .collect()
                })
            }
            // cargo passes --bench to harness-less benches.
            "--bench" => {}
            other => eprintln!("ignoring unknown argument {other}"),
        }
    }
    args
}

fn staffscope(config: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(STAFFSCOPE);
    command.arg("--config").arg(config).args(args);
    command
}

fn git_log(repo: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .arg("--git-dir")
        .arg(repo)
        .args(["log", "--numstat", "--no-renames", "HEAD", "--"]);
    command
}

/// A folder with a configuration reading just `repo`.
fn single_repo_config(work: &Path, label: &str, repo: &Path) -> PathBuf {
    let dir = work.join(format!("single-{label}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("folder");
    let link = dir.join("repo.git");
    std::os::unix::fs::symlink(repo, &link).expect("symlink");
    let config = dir.join("staffscope.toml");
    std::fs::write(
        &config,
        "store = \"store.sqlite\"\nrepositories = [\"repo.git\"]\n",
    )
    .expect("config");
    config
}

fn store_bytes(config: &Path) -> u64 {
    let dir = config.parent().expect("config has a folder");
    [
        "store.sqlite",
        "store.sqlite-wal",
        ".staffscope/store.sqlite",
        ".staffscope/store.sqlite-wal",
    ]
    .iter()
    .filter_map(|name| std::fs::metadata(dir.join(name)).ok())
    .map(|m| m.len())
    .sum()
}

fn count_commits(repo: &Path) -> u64 {
    let out = Command::new("git")
        .arg("--git-dir")
        .arg(repo)
        .args(["rev-list", "--count", "HEAD"])
        .output()
        .expect("git runs");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

/// A generated single repository of `commits` commits.
fn generated_repo(work: &Path, commits: usize) -> PathBuf {
    let root = work.join(format!("history-{commits}"));
    let _ = std::fs::remove_dir_all(&root);
    let options = ScaleOptions {
        repositories: 1,
        engineers: 200,
        teams: 10,
        commits_per_repository: commits,
        seed: 7,
        codeowners: false,
    };
    let started = Instant::now();
    let org = scaled::generate(&root, &options).expect("generates");
    eprintln!(
        "generated one repository of {commits} commits in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    org.repository_path(&org.repositories[0])
}

fn main() {
    let args = parse_args();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let work = std::env::temp_dir().join(format!("staffscope-bench-scale-{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("work folder");
    let (org_repos, commits_per_repo, default_histories) = if args.quick {
        (100, 50, vec![2_000, 10_000, 50_000])
    } else {
        (1_000, 100, vec![10_000, 100_000, 1_000_000])
    };
    let histories = args
        .histories
        .clone()
        .filter(|h| h.len() >= 2)
        .unwrap_or(default_histories);
    println!(
        "# staffscope at organization scale{} ({cores} cores)\n",
        if args.quick {
            " (--quick: reduced sizes, not the targets' figures)"
        } else {
            ""
        }
    );

    // 4 first: it generates the histories that 1 uses without --repo.
    let mut generated = Vec::new();
    let mut memory_rows = Vec::new();
    for &commits in &histories {
        let repo = generated_repo(&work, commits);
        let config = single_repo_config(&work, &format!("mem-{commits}"), &repo);
        let run = measure(staffscope(&config, &["--fresh", "collect"]));
        memory_rows.push((commits, run, store_bytes(&config)));
        generated.push(repo);
    }

    // 1. One large repository against git.
    println!("## 1. Full collect of one repository vs `git log --numstat --no-renames`\n");
    println!(
        "| repository | commits | git log | staffscope collect | speed vs git | CPU (git / staffscope) | peak RSS (git / staffscope) |"
    );
    println!("|---|---|---|---|---|---|---|");
    let large: Vec<(String, PathBuf)> = if args.repos.is_empty() {
        vec![(
            format!("generated ({} commits)", histories[1]),
            generated[1].clone(),
        )]
    } else {
        args.repos
            .iter()
            .map(|r| (r.display().to_string(), r.clone()))
            .collect()
    };
    let mut single_rate = 0.0;
    for (label, repo) in &large {
        let commits = count_commits(repo);
        measure(git_log(repo)); // warms the page cache for both
        let git = measure(git_log(repo));
        let config = single_repo_config(&work, "large", repo);
        let ours = measure(staffscope(&config, &["--fresh", "collect"]));
        single_rate = commits as f64 / secs(ours.wall);
        println!(
            "| {label} | {commits} | {:.2}s | {:.2}s | **{:.2}x** | {:.1}s / {:.1}s | {:.0} / {:.0} MiB |",
            secs(git.wall),
            secs(ours.wall),
            secs(git.wall) / secs(ours.wall),
            secs(git.cpu),
            secs(ours.cpu),
            mib(git.peak_rss_kib),
            mib(ours.peak_rss_kib),
        );
    }
    println!("\nAbove 1 is faster than git. git log uses one core; staffscope uses {cores}.\n");

    // 2. Many repositories.
    println!("## 2. A generated organization of {org_repos} repositories\n");
    let root = work.join("org");
    let started = Instant::now();
    let org: ScaledOrg = scaled::generate(&root, &ScaleOptions::new(org_repos, commits_per_repo))
        .expect("organization generates");
    eprintln!(
        "generated the organization in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    let full = measure(staffscope(&org.config, &["--fresh", "collect"]));
    let rate = org.commits as f64 / secs(full.wall);
    // The generated single repository is the like-for-like baseline (same
    // kind of commits); a real repository's commits are larger.
    let (generated_commits, generated_run, _) = memory_rows[1];
    let generated_rate = generated_commits as f64 / secs(generated_run.wall);
    println!(
        "- {} commits in {org_repos} repositories: {:.2}s, **{:.0} commits/s**, {:.2}x the generated single repository's {:.0} commits/s ({:.0} commits/s on the repository of section 1)",
        org.commits,
        secs(full.wall),
        rate,
        rate / generated_rate.max(1e-9),
        generated_rate,
        single_rate
    );
    println!(
        "- cores busy: {:.0}% of {cores} cores over the run (CPU {:.1}s / wall {:.1}s); peak RSS {:.0} MiB\n",
        100.0 * secs(full.cpu) / (secs(full.wall) * cores as f64),
        secs(full.cpu),
        secs(full.wall),
        mib(full.peak_rss_kib)
    );

    // 3. Incremental.
    println!("## 3. Incremental collect\n");
    let unchanged = measure(staffscope(&org.config, &["--fresh", "collect"]));
    println!(
        "- no new commits: {:.2}s for {org_repos} repositories (**{:.2}s per 1,000 repositories**)",
        secs(unchanged.wall),
        secs(unchanged.wall) * 1000.0 / org_repos as f64
    );
    // 1% new commits: a tenth of the repositories get a tenth more history.
    let added_per_repo = (commits_per_repo / 10).max(1);
    let mut added = 0;
    for name in org.repositories.iter().step_by(10) {
        added += scaled::add_commits(&org, name, added_per_repo).expect("adds commits");
    }
    let incremental = measure(staffscope(&org.config, &["--fresh", "collect"]));
    let per_new = secs(incremental.wall) / added as f64;
    let per_full = secs(full.wall) / org.commits as f64;
    println!(
        "- {added} new commits ({:.1}% of {}) in {} repositories: {:.2}s, {:.2} ms per new commit against {:.2} ms per commit in the full collect ({:.1}x)",
        100.0 * added as f64 / org.commits as f64,
        org.commits,
        org.repositories.len().div_ceil(10),
        secs(incremental.wall),
        per_new * 1e3,
        per_full * 1e3,
        per_new / per_full
    );
    // What a plain `collect` does after reading: analyze and keep every
    // report view. Rows alone are measured first.
    let rows_bytes = store_bytes(&org.config);
    let kept = measure(staffscope(&org.config, &["collect"]));
    println!(
        "- then keeping every report view for the {} engineers: {:.2}s, {:.0} MiB peak: a whole analysis, not yet proportional to the new commits\n",
        org.engineers.len(),
        secs(kept.wall),
        mib(kept.peak_rss_kib)
    );

    // 4. Memory.
    println!("## 4. Peak memory against history length (one repository)\n");
    println!("| commits | collect | peak RSS | peak anonymous (heap) | store bytes/commit |");
    println!("|---|---|---|---|---|");
    for (commits, run, bytes) in &memory_rows {
        println!(
            "| {commits} | {:.2}s | {:.0} MiB | {:.0} MiB | {} |",
            secs(run.wall),
            mib(run.peak_rss_kib),
            mib(run.peak_anon_kib),
            bytes / *commits as u64
        );
    }
    let (first, last) = (memory_rows[0].1, memory_rows[memory_rows.len() - 1].1);
    println!(
        "\nFrom {} to {} commits ({}x the history), peak RSS grows {:.2}x and peak anonymous memory {:.2}x. RSS includes the pack files' mapped pages, which the kernel can drop. Anonymous memory grows while bounded caches fill (the store's 64 MiB page cache; per reading thread 80 MiB of delta bases and 16 MiB of trees; 32 MiB of line hashes); beyond them, what grows with the history is the list of commits to read, 20 bytes a commit.\n",
        memory_rows[0].0,
        memory_rows[memory_rows.len() - 1].0,
        memory_rows[memory_rows.len() - 1].0 / memory_rows[0].0,
        last.peak_rss_kib as f64 / first.peak_rss_kib.max(1) as f64,
        last.peak_anon_kib as f64 / first.peak_anon_kib.max(1) as f64,
    );

    // 5. Reports.
    println!(
        "## 5. Reports on the {}-engineer organization, computed from the store's rows (`--fresh`)\n",
        org.engineers.len()
    );
    println!("| command | wall | CPU | peak RSS |");
    println!("|---|---|---|---|");
    let person = org.engineers[0].clone();
    let mut walls = Vec::new();
    for args in [
        vec!["--fresh", "org"],
        vec!["--fresh", "report", person.as_str()],
        vec!["patterns"],
        vec!["identities"],
        vec!["identities", "--suggest"],
    ] {
        let run = measure(staffscope(&org.config, &args));
        println!(
            "| `staffscope {}` | {:.2}s | {:.2}s | {:.0} MiB |",
            args.join(" "),
            secs(run.wall),
            secs(run.cpu),
            mib(run.peak_rss_kib)
        );
        walls.push(secs(run.wall));
    }
    println!(
        "\n`identities` takes {:.2}x the time of `org` and `identities --suggest` {:.2}x (target: no slower).",
        walls[3] / walls[0].max(1e-9),
        walls[4] / walls[0].max(1e-9)
    );

    // 6. Store size.
    println!("\n## 6. Store size\n");
    let bytes = rows_bytes;
    println!(
        "- organization store: {:.1} MiB for {} commits, **{} bytes per commit** (commit metadata, message, paths and line counts; no file contents)",
        bytes as f64 / (1024.0 * 1024.0),
        org.commits + added,
        bytes / (org.commits + added) as u64
    );
    println!(
        "- with every report view kept: {:.1} MiB",
        store_bytes(&org.config) as f64 / (1024.0 * 1024.0)
    );
    realistic(&work, args.quick);
    let _ = std::fs::remove_dir_all(&work);
}

/// Section 7: the organization the reports' targets are set on.
fn realistic(work: &Path, quick: bool) {
    let (engineers, repositories, commits) = if quick {
        (100, 20, 500)
    } else {
        (1_000, 100, 10_000)
    };
    let options = ScaleOptions {
        engineers,
        teams: (engineers / 20).max(1),
        codeowners: true,
        ..ScaleOptions::new(repositories, commits)
    };
    let started = Instant::now();
    let org = scaled::generate(&work.join("realistic"), &options).expect("generates");
    eprintln!(
        "generated {} commits in {:.0}s",
        org.commits,
        started.elapsed().as_secs_f64()
    );
    let collect = measure(staffscope(&org.config, &["collect"]));
    println!(
        "\n## 7. The reports' target organization: {engineers} engineers, {} commits in {repositories} repositories, monthly CODEOWNERS\n",
        org.commits
    );
    println!(
        "Collect, then keeping every report view: {:.1}s wall, {:.0} MiB peak. Targets: `report` under 0.5 s, `org` under 1 s, each under 500 MB.\n",
        secs(collect.wall),
        mib(collect.peak_rss_kib)
    );
    println!("| command | wall | CPU | peak RSS | with `--fresh` | target |");
    println!("|---|---|---|---|---|---|");
    let person = org.engineers[0].clone();
    for (args, target) in [
        (vec!["org"], "1 s"),
        (vec!["report", person.as_str()], "0.5 s"),
        (vec!["packet", person.as_str()], "0.5 s"),
        (vec!["explain", person.as_str(), "scope"], "0.5 s"),
        (vec!["people"], ""),
        (vec!["calibrate"], "1 s (an aggregate)"),
        (vec!["patterns"], ""),
        (vec!["teams", "--check"], ""),
        (vec!["documents"], ""),
        (vec!["export", "--format", "csv"], ""),
        (vec!["export"], ""),
        (vec!["identities"], "kept by its first run, not a collect"),
    ] {
        if args[0] == "identities" {
            measure(staffscope(&org.config, &args));
        }
        let run = measure(staffscope(&org.config, &args));
        let fresh = measure(staffscope(&org.config, &[&["--fresh"], &args[..]].concat()));
        println!(
            "| `staffscope {}` | {:.2}s | {:.2}s | {:.0} MiB | {:.2}s, {:.0} MiB | {target} |",
            args.join(" "),
            secs(run.wall),
            secs(run.cpu),
            mib(run.peak_rss_kib),
            secs(fresh.wall),
            mib(fresh.peak_rss_kib)
        );
    }
    serving(&org.config, &person);
}

/// `serve` on the target organization: when it listens and answers, and
/// when its analysis (built meanwhile) lets every page answer.
fn serving(config: &Path, person: &str) {
    let pages: Vec<String> = [
        "/".to_string(),
        "/people".to_string(),
        format!("/person/{person}"),
        format!("/person/{person}/scope"),
        "/calibrate".to_string(),
        "/patterns".to_string(),
        // The first team `demo --scale` writes.
        "/team/team-000".to_string(),
    ]
    .to_vec();
    let served = serve::time_serve(STAFFSCOPE, config, &pages);
    println!(
        "\n`staffscope serve`: listening after {:.2}s (target: ready under 5 s); every page answers after {}.\n",
        secs(served.listening),
        served
            .every_page
            .map_or("the start (no kept views)".to_string(), |at| format!(
                "{:.1}s, when the analysis built meanwhile is ready",
                secs(at)
            ))
    );
    println!("| page | first ask: status, answered at | took | once the analysis is ready |");
    println!("|---|---|---|---|");
    for ((path, status, at, took), (_, later, later_took)) in
        served.first_pages.iter().zip(&served.later_pages)
    {
        println!(
            "| `{path}` | {status}, {:.2}s | {:.0} ms | {later}, {:.0} ms |",
            secs(*at),
            secs(*took) * 1000.0,
            secs(*later_took) * 1000.0
        );
    }
}
