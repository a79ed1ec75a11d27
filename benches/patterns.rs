//! Quality and speed of the patterns finder.
//!
//! `cargo bench --bench patterns [-- --commits N] [--runs N] [--speed-only]`
//!
//! 1. Quality: builds the demo organization, collects it, runs the finder
//!    and prints its precision and recall against the planted truth
//!    (`demo::PLANTED_PATTERNS`), with the verdict on every
//!    pattern reported.
//! 2. Speed: builds N commits (300,000 by default) of a synthetic
//!    organization in memory (120 repositories, 12 teams, 1,200 people,
//!    Zipf-like vocabulary, a fifth of the commits fixes, ten planted
//!    cross-team classes), resolves them, and times the finder alone.

use std::time::{Duration, Instant};

use analysis::patterns::{self, Options, Pattern};
use analysis::resolve::files::parse_teams_file;
use analysis::resolve::{BotRules, Inputs, MassChangeRules, Org, resolve};
use collect::{CollectOptions, Silent};
use demo::{self, FoundPattern};
use model::{Commit, FileChange, ReviewExport, Signature, Window};

fn main() {
    let mut commits = 300_000usize;
    let mut runs = 3usize;
    let mut demo = true;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--commits" => commits = args.next().and_then(|n| n.parse().ok()).unwrap_or(commits),
            "--runs" => {
                runs = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(runs)
                    .max(1)
            }
            "--speed-only" => demo = false,
            _ => {}
        }
    }
    if demo {
        quality();
    }
    speed(commits, runs);
}

fn found(org: &Org, patterns: &[Pattern]) -> Vec<FoundPattern> {
    patterns
        .iter()
        .map(|p| FoundPattern {
            name: p.name.clone(),
            teams: p.teams.iter().map(|t| org.team(*t).name.clone()).collect(),
            summaries: p
                .occurrences
                .iter()
                .map(|o| o.evidence.summary.to_string())
                .collect(),
        })
        .collect()
}

fn quality() {
    let dir =
        std::env::temp_dir().join(format!("staffscope-patterns-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let org = demo::generate(&dir, &demo::DemoOptions::default()).expect("demo builds");
    let now = jiff::Timestamp::now().as_second();
    let config = pipeline::load_config(&org.config, now).expect("demo config");
    let options = CollectOptions {
        document_folders: config.document_folders.clone(),
        ..CollectOptions::default()
    };
    pipeline::collect(&config, &options, &Silent, now).expect("demo collects");
    let analysis = pipeline::analyze(&config, now).expect("demo analyzes");
    let started = Instant::now();
    let patterns = patterns::find(&analysis.org, analysis.measures.window, &Options::default());
    let elapsed = started.elapsed();
    let score = demo::score(&found(&analysis.org, &patterns));
    println!("# Demo organization: the finder against the planted truth\n");
    println!(
        "{} commits in the window, {} patterns in {:.1} ms\n",
        analysis
            .org
            .commits
            .iter()
            .filter(|c| analysis.measures.window.contains(c.time))
            .count(),
        patterns.len(),
        elapsed.as_secs_f64() * 1000.0
    );
    for (index, ((name, verdict), pattern)) in score.verdicts.iter().zip(&patterns).enumerate() {
        println!(
            "{:>2}. {name} ({} occurrences, {} teams): {verdict:?}",
            index + 1,
            pattern.occurrences.len(),
            pattern.teams.len()
        );
    }
    println!();
    println!(
        "recall (planted cross-team classes found with their teams): {:.2} ({} of {}; missed: {:?})",
        score.recall(),
        score.found.len(),
        score.found.len() + score.missed.len(),
        score.missed
    );
    println!(
        "precision, planted classes only: {:.2}",
        score.precision_planted()
    );
    println!(
        "precision, planted classes and the generator's repeated failure phrases: {:.2}",
        score.precision()
    );
    println!(
        "single-team noise reported as cross-team: {:?}\n",
        score.noise_reported
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// SplitMix64, as the demo uses: deterministic and tiny.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A Zipf-like word index: log-uniform over `1..=n`.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) as usize).clamp(1, n) - 1
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "so", "ga", "du", "fi", "ho", "ju", "xe",
];

fn word(index: usize) -> String {
    let mut n = index + 16;
    let mut out = String::new();
    while n > 0 {
        out.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    out
}

const VERBS: &[&str] = &[
    "add", "support", "refactor", "rename", "extract", "speed up", "cache", "document", "expose",
    "split", "simplify", "move",
];
const FIX_TEMPLATES: &[&str] = &[
    "fix {a} {b} when {c} is empty",
    "fix crash in {a} on {b}",
    "handle {a} {b} race",
    "fix {a} leak in {b}",
    "revert {a} {b} change",
    "fix off-by-one in {a} {b}",
];
/// Planted classes, each written into random repositories (so random teams).
const PLANTED: &[&str] = &[
    "fix retry storm: add jitter to {a} backoff",
    "fix hung {a} connections, set a read timeout",
    "fix flaky {a} test sleeping on the wall clock",
    "fix {a} pool exceeding db max_connections",
    "fix deadlock between {a} lock and flush mutex",
    "bump openssl for CVE-2026-1001 in {a}",
    "fix utf-8 truncation of {a} unicode names",
    "fix dst timezone shift in {a} cron schedule",
    "fix memory leak from unbounded {a} lru cache",
    "fix ssl certificate expiry alert for {a}",
];

fn speed(commits: usize, runs: usize) {
    const REPOS: usize = 120;
    const TEAMS: usize = 12;
    const PEOPLE: usize = 1_200;
    const VOCABULARY: usize = 20_000;
    let mut rng = Rng(7);
    let repos: Vec<String> = (0..REPOS).map(|r| format!("service-{r:03}")).collect();
    let mut teams_file = String::new();
    for t in 0..TEAMS {
        teams_file.push_str(&format!("[[team]]\nname = \"team-{t:02}\"\nmembers = ["));
        let members: Vec<String> = (0..PEOPLE)
            .filter(|p| p % TEAMS == t)
            .map(|p| format!("\"p{p}@corp.example\""))
            .collect();
        teams_file.push_str(&members.join(", "));
        teams_file.push_str("]\n[team.owns]\n");
        for r in (0..REPOS).filter(|r| r % TEAMS == t) {
            teams_file.push_str(&format!("\"{}\" = [\"*\"]\n", repos[r]));
        }
    }
    let teams = parse_teams_file("teams.toml", &teams_file).expect("synthetic teams file");
    let since = 1_735_689_600; // 2025-01-01
    let span = 2 * 365 * 86_400;
    let mut planted_done = 0usize;
    let mut list: Vec<(String, Commit)> = Vec::with_capacity(commits);
    for i in 0..commits {
        let repo = rng.below(REPOS);
        let team = repo % TEAMS;
        let person = team + TEAMS * rng.below(PEOPLE / TEAMS);
        let (a, b, c) = (
            word(rng.zipf(VOCABULARY)),
            word(rng.zipf(VOCABULARY)),
            word(rng.zipf(VOCABULARY)),
        );
        // Planted occurrences: about one in a thousand commits, each class
        // in its own set of teams.
        let subject = if i % 1_000 == 500 {
            let phrase = PLANTED[planted_done % PLANTED.len()];
            planted_done += 1;
            phrase.replace("{a}", &a)
        } else if rng.below(5) == 0 {
            FIX_TEMPLATES[rng.below(FIX_TEMPLATES.len())]
                .replace("{a}", &a)
                .replace("{b}", &b)
                .replace("{c}", &c)
        } else {
            format!("{} {a} {b} {c}", VERBS[rng.below(VERBS.len())])
        };
        let time = since + (i as i64 * span) / commits as i64;
        let files = (0..1 + rng.below(3))
            .map(|f| FileChange {
                path: format!("src/{}/{}_{f}.go", word(rng.zipf(200)), a),
                added: 1 + rng.below(40) as u32,
                removed: rng.below(20) as u32,
                binary: false,
            })
            .collect();
        let who = Signature {
            name: format!("Person {person}"),
            email: format!("p{person}@corp.example"),
        };
        list.push((
            repos[repo].clone(),
            Commit {
                repo: repos[repo].clone(),
                id: format!("{:040x}", (i as u128) * 0x9E37_79B9 + 1),
                author: who.clone(),
                author_time: time,
                committer: who,
                committer_time: time,
                message: format!("{subject}\n"),
                parent_count: 1,
                parents: Vec::new(),
                trailers: Vec::new(),
                files,
            },
        ));
    }
    let bots = BotRules::default();
    let mass = MassChangeRules::default();
    let reviews = ReviewExport::default();
    let started = Instant::now();
    let org = resolve(Inputs {
        commits: list,
        history: Vec::new(),
        repo_files: &[],
        reviews: &reviews,
        repos: repos.clone(),
        teams: Some(&teams),
        teams_file_name: "teams.toml",
        identities: None,
        mailmap: None,
        bots: &bots,
        mass_changes: &mass,
        evidence_logs: &[],
        calendars: &[],
        document_folders: Vec::new(),
        document_skip: &[],
        forgotten: &|_| false,
        citations: true,
    });
    let resolved = started.elapsed();
    let window = Window {
        since,
        until: since + span,
    };
    let mut times: Vec<Duration> = Vec::new();
    let mut last = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        last = patterns::find(&org, window, &Options::default());
        times.push(started.elapsed());
    }
    times.sort();
    let (found, missed): (Vec<&&str>, Vec<&&str>) = PLANTED.iter().partition(|phrase| {
        let key = phrase.split("{a}").next().unwrap_or(phrase);
        last.iter().any(|p| {
            let n = p
                .occurrences
                .iter()
                .filter(|o| o.evidence.summary.starts_with(key))
                .count();
            n * 2 >= p.occurrences.len() && n >= 3
        })
    });
    let found_planted = found.len();
    println!("# Synthetic organization: speed\n");
    println!(
        "{commits} commits in {REPOS} repositories, {TEAMS} teams, {PEOPLE} people (resolved in {:.1} s, not timed)",
        resolved.as_secs_f64()
    );
    println!(
        "patterns::find: best {:.2} s, median {:.2} s over {runs} runs; {} patterns; {found_planted} of {} planted classes found",
        times[0].as_secs_f64(),
        times[times.len() / 2].as_secs_f64(),
        last.len(),
        PLANTED.len()
    );
    if !missed.is_empty() {
        println!("missed: {missed:?}");
    }
}
