//! Who is who at volume: identity resolution and suggestions.
//!
//! `cargo bench --bench identities [-- --commits N] [--people N] [--runs N]`
//!
//! Builds, in memory, an organization shaped like a real one (1,000 people
//! and 100,000 commits over five years by default, in 40 repositories):
//! people with a work address, some with a GitHub no-reply address or a
//! second address under the same name, review and co-author trailers, a
//! bors merge every twentieth commit naming its author's login, a GitHub
//! export of 10,000 pull requests and 20,000 reviews by login, and 500
//! documents naming their authors by `Name <address>`, by name or by
//! login. Then it times, best of N runs: resolution of the last year's
//! window with the four years before as history (what every report pays
//! for who is who), resolution of everything (what `identities` pays), and
//! the suggestions. Target: under 1 s for 100,000 commits and 1,000 people.

use std::time::{Duration, Instant};

use analysis::resolve::{BotRules, Inputs, MassChangeRules, Org, resolve, suggest};
use model::{
    Commit, FileChange, PullRequest, PullReview, RepoFile, ReviewExport, ReviewState, Signature,
    Window, parse_trailers,
};

const DAY: i64 = 86_400;
const START: i64 = 1_577_836_800; // 2020-01-01
const YEARS: i64 = 5;
const REPOS: usize = 40;

const FIRST: &[&str] = &[
    "Ana", "Ben", "Chloé", "Dana", "Erik", "Fatima", "Grace", "Hannah", "Ines", "James", "Kenji",
    "Lena", "Maya", "Noor", "Omar", "Priya", "Raj", "Sofia", "Tomasz", "Wei", "Yusuf", "Zoë",
];
const LAST: &[&str] = &[
    "Lima",
    "Okoro",
    "Dubois",
    "Okafor",
    "Lindqvist",
    "Al-Sayed",
    "Mensah",
    "Becker",
    "Carvalho",
    "Watanabe",
    "Vogel",
    "Cohen",
    "Khan",
    "Farouk",
    "Raman",
    "Malhotra",
    "Rossi",
    "Nowak",
    "Zhang",
    "Demir",
    "Clarke",
    "Smith",
    "Nguyen",
    "García",
    "Müller",
    "Kowalski",
    "Haddad",
    "Iyer",
    "Petrov",
    "Ortega",
    "Adeyemi",
    "Tanaka",
    "Aziz",
    "Marchetti",
    "Dahl",
    "Wagner",
    "Halvorsen",
    "Asante",
    "Nwosu",
    "Souza",
    "Chen",
    "Martin",
    "Kim",
    "Webb",
    "Brandt",
];

/// A deterministic generator (xorshift), so every run builds the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Busier people more often: a person drawn with a skew to low indexes.
    fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b)
    }
}

struct Person {
    name: String,
    work: String,
    login: String,
    /// A no-reply address or a second address, when the person has one.
    other: Option<String>,
}

fn people(count: usize, rng: &mut Rng) -> Vec<Person> {
    (0..count)
        .map(|i| {
            let name = format!(
                "{} {}",
                FIRST[i % FIRST.len()],
                LAST[(i / FIRST.len()) % LAST.len()]
            );
            let login = format!("dev{i}");
            let other = match rng.below(10) {
                0..=2 => Some(format!("{}+{login}@users.noreply.github.com", 1000 + i)),
                3..=4 => Some(format!("person{i}@home.example")),
                _ => None,
            };
            Person {
                name,
                work: format!("person{i}@corp.example"),
                login,
                other,
            }
        })
        .collect()
}

fn signature(person: &Person, rng: &mut Rng) -> Signature {
    let email = match &person.other {
        Some(other) if rng.below(3) == 0 => other.clone(),
        _ => person.work.clone(),
    };
    Signature {
        name: person.name.clone(),
        email,
    }
}

struct Generated {
    commits: Vec<Commit>,
    files: Vec<RepoFile>,
    reviews: ReviewExport,
    repos: Vec<String>,
}

fn generate(commit_count: usize, people: &[Person], rng: &mut Rng) -> Generated {
    let repos: Vec<String> = (0..REPOS).map(|r| format!("service-{r:02}")).collect();
    let span = YEARS * 365 * DAY;
    let mut commits: Vec<Commit> = Vec::with_capacity(commit_count);
    let mut reviews = ReviewExport::default();
    for index in 0..commit_count {
        let repo = repos[rng.below(REPOS)].clone();
        let author = &people[rng.skewed(people.len())];
        let time = START + (span / commit_count as i64) * index as i64;
        let id = format!("{index:040x}");
        let (message, parents) = if index % 20 == 19 && index > 0 {
            let tip = &commits[index - 1];
            let reviewer = &people[rng.skewed(people.len())];
            let branch_author = people
                .iter()
                .find(|p| p.name == tip.author.name)
                .map_or("ghost", |p| p.login.as_str());
            (
                format!(
                    "Auto merge of #{index} - {branch_author}:topic-{index}, r={}\n\nA change\n",
                    reviewer.login
                ),
                vec![format!("{:040x}", index.saturating_sub(2)), tip.id.clone()],
            )
        } else {
            let mut message = format!("Change the thing number {index}\n\nWhy it changes.\n");
            if rng.below(5) == 0 {
                let reviewer = &people[rng.skewed(people.len())];
                message.push_str(&format!(
                    "\nReviewed-by: {} <{}>\n",
                    reviewer.name, reviewer.work
                ));
            } else if rng.below(20) == 0 {
                let pair = &people[rng.below(people.len())];
                message.push_str(&format!(
                    "\nCo-authored-by: {} <{}>\n",
                    pair.name, pair.work
                ));
            }
            (message, vec![format!("{:040x}", index.saturating_sub(1))])
        };
        if index % 10 == 3 {
            let number = reviews.pulls.len() as u32 + 1;
            let login = author.login.clone();
            reviews.pulls.push(PullRequest {
                repo: repo.clone(),
                number,
                title: format!("Pull request {number}"),
                author: login,
                created: time - DAY,
                body: String::new(),
                merge_commit: Some(id.clone()),
            });
            for r in 0..2 {
                reviews.reviews.push(PullReview {
                    repo: repo.clone(),
                    number,
                    id: format!("{number}-{r}"),
                    reviewer: people[rng.skewed(people.len())].login.clone(),
                    state: ReviewState::Approved,
                    time,
                    comments: 1,
                });
            }
        }
        commits.push(Commit {
            repo,
            id,
            author: signature(author, rng),
            author_time: time,
            committer: signature(author, rng),
            committer_time: time,
            trailers: parse_trailers(&message),
            parent_count: parents.len() as u32,
            parents,
            message,
            files: vec![FileChange {
                path: format!("src/module{}.rs", rng.below(50)),
                added: 10,
                removed: 2,
                binary: false,
            }],
        });
    }
    let files = documents(people, &repos, rng);
    Generated {
        commits,
        files,
        reviews,
        repos,
    }
}

/// 500 design documents at HEAD, naming their authors three ways.
fn documents(people: &[Person], repos: &[String], rng: &mut Rng) -> Vec<RepoFile> {
    (0..500)
        .map(|n| {
            let author = &people[rng.skewed(people.len())];
            let named = match n % 3 {
                0 => format!("{} <{}>", author.name, author.work),
                1 => author.name.clone(),
                _ => format!("@{}", author.login),
            };
            RepoFile {
                repo: repos[n % repos.len()].clone(),
                path: format!("docs/design/{n:04}-a-design.md"),
                commit: None,
                time: START + YEARS * 365 * DAY,
                content: Some(format!(
                    "---\ntitle: Design {n}\nauthors: [\"{named}\"]\n---\n# Design {n}\n"
                )),
            }
        })
        .collect()
}

fn resolve_with(generated: &Generated, window: Option<Window>) -> Org {
    let (bots, mass) = (BotRules::default(), MassChangeRules::default());
    let inside =
        |c: &Commit| window.is_none_or(|w| c.author_time >= w.since && c.author_time < w.until);
    let commits = generated
        .commits
        .iter()
        .filter(|c| inside(c))
        .map(|c| (c.repo.clone(), c.clone()))
        .collect();
    let history = generated
        .commits
        .iter()
        .filter(|c| !inside(c))
        .map(|c| c.clone().into_history())
        .collect();
    resolve(Inputs {
        commits,
        history,
        repo_files: &generated.files,
        reviews: &generated.reviews,
        repos: generated.repos.clone(),
        teams: None,
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
        // `identities` resolves everything without citations.
        citations: window.is_some(),
    })
}

/// The best of `runs` timings of `work`, and its last result.
fn best<T>(runs: usize, mut work: impl FnMut() -> T) -> (Duration, T) {
    let mut fastest = Duration::MAX;
    let mut result = None;
    for _ in 0..runs {
        let started = Instant::now();
        let value = work();
        fastest = fastest.min(started.elapsed());
        result = Some(value);
    }
    (fastest, result.expect("at least one run"))
}

fn main() {
    let (mut commits, mut people_count, mut runs) = (100_000usize, 1_000usize, 3usize);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number =
            |default: usize| args.next().and_then(|n| n.parse().ok()).unwrap_or(default);
        match arg.as_str() {
            "--commits" => commits = number(commits),
            "--people" => people_count = number(people_count),
            "--runs" => runs = number(runs).max(1),
            _ => {}
        }
    }
    let mut rng = Rng(0x05ee_d1d5);
    let people = people(people_count, &mut rng);
    let generated = generate(commits, &people, &mut rng);
    let last_year = Window {
        since: START + (YEARS - 1) * 365 * DAY,
        until: START + YEARS * 365 * DAY,
    };
    println!("# Who is who: {commits} commits, {people_count} people, best of {runs} runs\n");
    let (window_time, org) = best(runs, || resolve_with(&generated, Some(last_year)));
    let (all_time, everything) = best(runs, || resolve_with(&generated, None));
    let (suggest_time, suggestions) = best(runs, || suggest::suggest(&everything));
    let linked = generated
        .reviews
        .reviews
        .iter()
        .filter(|r| org.people.by_login(&r.reviewer).is_some())
        .count();
    println!("| step | time |\n|---|---|");
    println!(
        "| resolve the last year, the four before as history | {:.3} s |",
        window_time.as_secs_f64()
    );
    println!(
        "| resolve everything (`identities`) | {:.3} s |",
        all_time.as_secs_f64()
    );
    println!(
        "| suggestions over everything | {:.3} s |",
        suggest_time.as_secs_f64()
    );
    println!(
        "\n{} people resolved; {} suggestions; {:.1}% of the export's reviews are by a login linked to someone who commits. Target: resolution under 1 s.",
        everything.people.all().len(),
        suggestions.len(),
        100.0 * linked as f64 / generated.reviews.reviews.len().max(1) as f64
    );
}
