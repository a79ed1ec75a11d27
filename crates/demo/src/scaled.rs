//! The demo organization at scale: as many repositories, engineers and
//! commits as asked for, for measuring staffscope on an organization the
//! size of a large company (`staffscope demo --scale N`, `cargo bench
//! --bench scale`).
//!
//! The hand-written demo tells a story (a staff-mode engineer, a
//! senior-mode coder, planted problems); this one is plain volume with the
//! same shape: teams owning repositories, engineers committing mostly to
//! their own team's repositories and sometimes to others', reviews as
//! trailers, fixes and design documents. Deterministic from the seed, and
//! streamed into `git fast-import` so a million commits never sit in memory.

use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::DemoError;
use crate::folders::{create_dir, refuse_existing, write_new};
use crate::git::{git_command, git_dir_args};
use crate::rng::Rng;

/// How big to make the organization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScaleOptions {
    pub repositories: usize,
    pub engineers: usize,
    pub teams: usize,
    pub commits_per_repository: usize,
    pub seed: u64,
    /// Each repository keeps a `.github/CODEOWNERS` that changes monthly,
    /// as real ones do: a long history of versions to read and match.
    pub codeowners: bool,
}

impl ScaleOptions {
    /// An organization of `repositories` repositories with as many
    /// engineers, a team per twenty of them, and `commits_per_repository`.
    pub fn new(repositories: usize, commits_per_repository: usize) -> ScaleOptions {
        let repositories = repositories.max(1);
        ScaleOptions {
            repositories,
            engineers: repositories.max(2),
            teams: (repositories / 20).max(1),
            commits_per_repository: commits_per_repository.max(1),
            seed: 42,
            codeowners: false,
        }
    }
}

/// What [`generate`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScaledOrg {
    pub root: PathBuf,
    /// `root/staffscope.toml`.
    pub config: PathBuf,
    /// Repository names; each lives at `root/repos/<name>.git`.
    pub repositories: Vec<String>,
    /// Engineers' handles.
    pub engineers: Vec<String>,
    pub commits: usize,
    pub options: ScaleOptions,
}

impl ScaledOrg {
    pub fn repository_path(&self, name: &str) -> PathBuf {
        self.root.join("repos").join(format!("{name}.git"))
    }
}

/// The window every generated commit falls in (the demo's own).
const START: i64 = 1_733_011_200; // 2024-12-01
const SPAN: i64 = 725 * 86_400;

const GIVEN: &[&str] = &[
    "Ada", "Bo", "Chen", "Dara", "Eli", "Farah", "Gus", "Hana", "Ivo", "June", "Kofi", "Lena",
    "Mads", "Nia", "Omar", "Pia", "Quinn", "Rafa", "Sana", "Tove", "Uma", "Vik", "Wren", "Yusuf",
];
const FAMILY: &[&str] = &[
    "Abara", "Berg", "Costa", "Dahl", "Eze", "Fry", "Gomez", "Holm", "Iqbal", "Jansen", "Kato",
    "Lund", "Moreau", "Nakamura", "Okafor", "Park", "Quist", "Rossi", "Silva", "Tan", "Ueda",
    "Varga", "Weber", "Zhou",
];
const NOUNS: &[&str] = &[
    "cache",
    "client",
    "config",
    "consumer",
    "handler",
    "index",
    "ledger",
    "limiter",
    "parser",
    "pool",
    "queue",
    "retry",
    "router",
    "scheduler",
    "session",
    "store",
    "token",
    "worker",
];
const VERBS: &[&str] = &[
    "add", "refactor", "simplify", "document", "rename", "extract",
];
const FAILURES: &[&str] = &[
    "timeout when the upstream is slow",
    "race between two workers",
    "leak of connections on error",
    "panic on empty input",
    "stale entries after reload",
];

fn handle(index: usize) -> String {
    format!("eng{index:05}")
}

fn engineer_name(index: usize) -> String {
    format!(
        "{} {} {}",
        GIVEN[index % GIVEN.len()],
        FAMILY[(index / GIVEN.len()) % FAMILY.len()],
        index
    )
}

fn team_name(index: usize) -> String {
    format!("team-{index:03}")
}

fn repository_name(index: usize, teams: usize) -> String {
    format!("svc-{:03}-{index:05}", index % teams)
}

/// Generates the organization into `root` (which must not hold one yet),
/// writing repositories on every core.
pub fn generate(root: &Path, options: &ScaleOptions) -> Result<ScaledOrg, DemoError> {
    let repos_dir = root.join("repos");
    let teams_path = root.join("teams.toml");
    let config_path = root.join("staffscope.toml");
    refuse_existing(&[&repos_dir], &[&teams_path, &config_path])?;
    create_dir(root)?;
    create_dir(&repos_dir)?;
    let teams = options.teams.max(1);
    let repositories: Vec<String> = (0..options.repositories)
        .map(|index| repository_name(index, teams))
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let results: Vec<Result<(), DemoError>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| -> Result<(), DemoError> {
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(name) = repositories.get(index) else {
                            return Ok(());
                        };
                        let dir = repos_dir.join(format!("{name}.git"));
                        write_history(
                            options,
                            index,
                            name,
                            &dir,
                            0,
                            options.commits_per_repository,
                        )?;
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))
            })
            .collect()
    });
    for result in results {
        result?;
    }
    write_new(&teams_path, &render_teams(options, &repositories))?;
    write_new(&config_path, CONFIG)?;
    Ok(ScaledOrg {
        root: root.to_path_buf(),
        config: config_path,
        repositories,
        engineers: (0..options.engineers).map(handle).collect(),
        commits: options.repositories * options.commits_per_repository,
        options: options.clone(),
    })
}

/// Adds `commits` new commits on top of repository `name`'s history (for
/// measuring incremental collection). Returns how many were written.
pub fn add_commits(org: &ScaledOrg, name: &str, commits: usize) -> Result<usize, DemoError> {
    let index = org
        .repositories
        .iter()
        .position(|r| r == name)
        .unwrap_or_default();
    let dir = org.repository_path(name);
    write_history(
        &org.options,
        index,
        name,
        &dir,
        org.options.commits_per_repository,
        commits,
    )?;
    Ok(commits)
}

/// The content of one file: lines of made-up code, edited commit by commit.
struct File {
    path: String,
    lines: Vec<String>,
}

fn code_line(rng: &mut Rng) -> String {
    let noun = rng.pick(NOUNS);
    match rng.below(4) {
        0 => format!("\tif err := {noun}.Check(ctx); err != nil {{ return err }}"),
        1 => format!("\t{noun}Count += {}", rng.below(100)),
        2 => format!("\tlog.Debug(\"{} {noun}\", id)", rng.pick(VERBS)),
        _ => format!("\treturn {noun}.Value({})", rng.below(1000)),
    }
}

/// Streams commits `from..from + count` of repository `index` into `git
/// fast-import`. The files' state is replayed from the seed, so a later call
/// continues the same history.
fn write_history(
    options: &ScaleOptions,
    index: usize,
    name: &str,
    dir: &Path,
    from: usize,
    count: usize,
) -> Result<(), DemoError> {
    let mut command = git_command();
    if from == 0 {
        init(name, dir)?;
    }
    let command_text = "git fast-import --quiet --done".to_string();
    command
        .args(git_dir_args(dir, &["fast-import", "--quiet", "--done"]))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = command.spawn().map_err(|source| DemoError::Spawn {
        repository: name.to_string(),
        command: command_text.clone(),
        source,
    })?;
    let stdin = child.stdin.take().expect("stdin is piped");
    let fed = feed(options, index, name, from, count, stdin);
    let output = child
        .wait_with_output()
        .map_err(|source| DemoError::Spawn {
            repository: name.to_string(),
            command: command_text.clone(),
            source,
        })?;
    if !output.status.success() {
        return Err(DemoError::Git {
            repository: name.to_string(),
            command: command_text,
            status: output.status.to_string(),
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        });
    }
    fed.map_err(|source| DemoError::Feed {
        repository: name.to_string(),
        command: command_text,
        source,
    })?;
    repack(name, dir)
}

/// Creates the empty bare repository a history starts in.
fn init(name: &str, dir: &Path) -> Result<(), DemoError> {
    let status = git_command()
        .args(["init", "--quiet", "--bare", "--initial-branch=main"])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|source| DemoError::Spawn {
            repository: name.to_string(),
            command: "git init".into(),
            source,
        })?;
    if !status.status.success() {
        return Err(DemoError::Git {
            repository: name.to_string(),
            command: "git init".into(),
            status: status.status.to_string(),
            stderr: String::from_utf8_lossy(&status.stderr).trim().to_string(),
        });
    }
    Ok(())
}

/// Packs the repository as a server would for a clone. fast-import stores
/// each version of a file as a delta on the version before it, so the
/// newest version sits at the end of a long chain; `git gc` and `git
/// pack-objects` make the newest versions the bases, as in every cloned
/// repository. A window of one delta candidate keeps this quick.
fn repack(name: &str, dir: &Path) -> Result<(), DemoError> {
    let command_text = "git repack -a -d -f --window=1 --quiet";
    let output = git_command()
        .args(git_dir_args(
            dir,
            &["repack", "-a", "-d", "-f", "--window=1", "--quiet"],
        ))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|source| DemoError::Spawn {
            repository: name.to_string(),
            command: command_text.into(),
            source,
        })?;
    if !output.status.success() {
        return Err(DemoError::Git {
            repository: name.to_string(),
            command: command_text.into(),
            status: output.status.to_string(),
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        });
    }
    Ok(())
}

/// Writes the fast-import stream of commits `from..from + count` of
/// repository `index`, drawing (and dropping) the earlier commits first.
fn feed(
    options: &ScaleOptions,
    index: usize,
    name: &str,
    from: usize,
    count: usize,
    stdin: std::process::ChildStdin,
) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, stdin);
    let teams = options.teams.max(1);
    let engineers = options.engineers.max(1);
    let team = index % teams;
    // Engineers of this team are those whose index is congruent to it.
    let members: Vec<usize> = (team..engineers).step_by(teams).collect();
    let mut rng = Rng::derived(options.seed, index as u64 + 1);
    let mut files = initial_files(&mut rng);
    // A tenth of the window is left for commits added later.
    let planned = options.commits_per_repository + options.commits_per_repository / 10 + 1;
    let step = (SPAN / planned as i64).max(1);
    let month = |number: usize| number as i64 * step / MONTH;
    for number in 0..from + count {
        // The same draws for every commit, written or not, so a later call
        // continues the same history.
        let own = rng.chance(0.85) && !members.is_empty();
        let author = if own {
            members[rng.index(members.len())]
        } else {
            rng.index(engineers)
        };
        let reviewer = members
            .get(rng.index(members.len().max(1)))
            .copied()
            .unwrap_or(0);
        let kind = rng.below(10);
        let noun = rng.pick(NOUNS);
        let subject = subject(&mut rng, kind, noun);
        let touched = edit_files(&mut rng, &mut files);
        if number < from {
            continue;
        }
        let mut message = format!("{subject}\n");
        if reviewer != author && rng_free_review(number, index) {
            message.push_str(&format!(
                "\nReviewed-by: {} <{}@example.org>\n",
                engineer_name(reviewer),
                handle(reviewer)
            ));
        }
        let commit = Commit {
            author,
            time: START + number as i64 * step + (index as i64 % 3600),
            message,
            // The root commit writes every file.
            files: if number == 0 {
                (0..files.len()).collect()
            } else {
                touched
            },
            continues: number == from && from > 0,
            document: (kind == 3 && number.is_multiple_of(7))
                .then(|| design_note(name, noun, number, author)),
            codeowners: (options.codeowners
                && (number == from || month(number) != month(number - 1)))
            .then(|| codeowners(team, teams, month(number) as usize, &files)),
        };
        write_commit(&mut out, &commit, &files)?;
    }
    writeln!(out, "done")?;
    out.flush()
}

/// The six files a repository starts with.
fn initial_files(rng: &mut Rng) -> Vec<File> {
    (0..6)
        .map(|f| File {
            path: format!("src/{}/{}.go", rng.pick(NOUNS), rng.pick(NOUNS))
                .replace(".go", &format!("_{f}.go")),
            lines: (0..20 + rng.below(40)).map(|_| code_line(rng)).collect(),
        })
        .collect()
}

/// A commit subject of `kind`: three in ten are fixes, one a design note.
fn subject(rng: &mut Rng, kind: u64, noun: &str) -> String {
    match kind {
        0..=2 => format!("Fix {noun} {}", rng.pick(FAILURES)),
        3 => format!("Add design notes for the {noun}"),
        _ => format!(
            "{} the {noun} {}",
            capitalize(rng.pick(VERBS)),
            rng.pick(NOUNS)
        ),
    }
}

/// Edits one or two files in place: lines deleted, replaced or inserted.
/// Returns the indexes of the files that changed, in the order first
/// touched.
fn edit_files(rng: &mut Rng, files: &mut [File]) -> Vec<usize> {
    let changed = 1 + rng.index(2);
    let mut touched = Vec::new();
    for _ in 0..changed {
        let f = rng.index(files.len());
        let file = &mut files[f];
        let at = rng.index(file.lines.len() + 1);
        match rng.below(3) {
            0 if file.lines.len() > 10 => {
                let end = (at + 1 + rng.index(3)).min(file.lines.len());
                file.lines.drain(at.min(end)..end);
            }
            1 if !file.lines.is_empty() => {
                let line = at.min(file.lines.len() - 1);
                file.lines[line] = code_line(rng);
            }
            _ => {
                let new: Vec<String> = (0..1 + rng.index(4)).map(|_| code_line(rng)).collect();
                file.lines.splice(at..at, new);
            }
        }
        // Files stay small: history length, not file size, is what scales.
        if file.lines.len() > 80 {
            file.lines.truncate(60);
        }
        if !touched.contains(&f) {
            touched.push(f);
        }
    }
    touched
}

/// About a month: a CODEOWNERS version lasts this long.
const MONTH: i64 = 30 * 86_400;

/// The repository's CODEOWNERS in its `month`-th month: the team owns
/// everything, and each file goes to a team that moves on monthly (owners
/// reorganized, as in a real history). No random draw, so histories
/// continued later stay the same.
fn codeowners(team: usize, teams: usize, month: usize, files: &[File]) -> String {
    let mut out = format!(
        "# Owners, month {month}\n* @acme/{}\n/docs/ @acme/{}\n",
        team_name(team),
        team_name(team)
    );
    for (index, file) in files.iter().enumerate() {
        let owner = (team + month + index) % teams;
        out.push_str(&format!("/{} @acme/{}\n", file.path, team_name(owner)));
    }
    out
}

/// A design note some design-note commits add: its path and content.
fn design_note(name: &str, noun: &str, number: usize, author: usize) -> (String, String) {
    (
        format!("docs/rfcs/{:04}-{noun}.md", number),
        format!(
            "---\ntitle: The {noun} of {name}\nstatus: accepted\nauthors: [{}]\n---\n# The {noun} of {name}\n\nWhy the {noun} changes, and what was considered.\n",
            handle(author)
        ),
    )
}

/// One commit as fast-import receives it.
struct Commit {
    author: usize,
    time: i64,
    message: String,
    /// Indexes of the files whose current content the commit writes.
    files: Vec<usize>,
    /// Whether the commit continues the branch an earlier fast-import run
    /// wrote.
    continues: bool,
    /// A new document's path and content.
    document: Option<(String, String)>,
    /// A new version of `.github/CODEOWNERS`.
    codeowners: Option<String>,
}

/// Writes one commit and the files it changes to the fast-import stream.
fn write_commit(
    out: &mut impl std::io::Write,
    commit: &Commit,
    files: &[File],
) -> std::io::Result<()> {
    let (name, email, time) = (
        engineer_name(commit.author),
        handle(commit.author),
        commit.time,
    );
    writeln!(out, "commit refs/heads/main")?;
    writeln!(out, "author {name} <{email}@example.org> {time} +0000")?;
    writeln!(out, "committer {name} <{email}@example.org> {time} +0000")?;
    writeln!(out, "data {}\n{}", commit.message.len(), commit.message)?;
    if commit.continues {
        writeln!(out, "from refs/heads/main^0")?;
    }
    for &f in &commit.files {
        write_file(out, &files[f].path, &files[f].lines.join("\n"))?;
    }
    if let Some((path, content)) = &commit.document {
        write_file(out, path, content)?;
    }
    if let Some(content) = &commit.codeowners {
        write_file(out, ".github/CODEOWNERS", content)?;
    }
    Ok(())
}

/// Half the commits carry a review, on a pattern that needs no random draw
/// (so the draws stay the same whether a commit is written or not).
fn rng_free_review(number: usize, index: usize) -> bool {
    (number + index).is_multiple_of(2)
}

fn write_file(out: &mut impl std::io::Write, path: &str, content: &str) -> std::io::Result<()> {
    let body = format!("{content}\n");
    writeln!(out, "M 100644 inline {path}")?;
    writeln!(out, "data {}", body.len())?;
    out.write_all(body.as_bytes())?;
    writeln!(out)
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

const CONFIG: &str = r#"# staffscope configuration for the organization `staffscope demo --scale` generates.
store = ".staffscope/store.sqlite"
repositories = ["repos/*.git"]
teams_file = "teams.toml"

[window]
since = "2024-12-01"
until = "2026-11-30"
"#;

fn render_teams(options: &ScaleOptions, repositories: &[String]) -> String {
    let teams = options.teams.max(1);
    let mut out = String::from("# Teams of the generated organization.\n");
    for team in 0..teams {
        out.push_str(&format!(
            "\n[[team]]\nname = \"{0}\"\ncodeowners = [\"@acme/{0}\"]\nmembers = [",
            team_name(team)
        ));
        let members: Vec<String> = (team..options.engineers)
            .step_by(teams)
            .map(|e| format!("\"{}\"", handle(e)))
            .collect();
        out.push_str(&members.join(", "));
        out.push_str("]\n\n[team.owns]\n");
        for (index, repository) in repositories.iter().enumerate() {
            if index % teams == team {
                out.push_str(&format!("\"{repository}\" = [\"*\"]\n"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuing_a_history_writes_the_commits_a_longer_one_has() {
        // The incremental benchmark relies on this: generating n commits and
        // then adding k gives the same repository as generating n + k.
        let dir = tempfile::tempdir().expect("temp dir");
        let options = ScaleOptions::new(2, 12);
        let org = generate(&dir.path().join("a"), &options).expect("generates");
        add_commits(&org, &org.repositories[1], 5).expect("adds");
        let longer = ScaleOptions {
            commits_per_repository: 17,
            ..options.clone()
        };
        let other = generate(&dir.path().join("b"), &longer).expect("generates");
        let head = |org: &ScaledOrg, name: &str| {
            let out = git_command()
                .args(git_dir_args(
                    &org.repository_path(name),
                    &["rev-list", "--count", "main"],
                ))
                .output()
                .expect("git runs");
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        };
        assert_eq!(head(&org, &org.repositories[1]), "17");
        assert_eq!(head(&org, &org.repositories[0]), "12");
        // Same content at the tip: the trees are equal.
        let tree = |org: &ScaledOrg, name: &str| {
            let out = git_command()
                .args(git_dir_args(
                    &org.repository_path(name),
                    &["rev-parse", "main^{tree}"],
                ))
                .output()
                .expect("git runs");
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        };
        assert_eq!(
            tree(&org, &org.repositories[1]),
            tree(&other, &other.repositories[1])
        );
        let teams = std::fs::read_to_string(dir.path().join("a/teams.toml")).expect("teams");
        assert!(teams.contains("eng00000") && teams.contains(&org.repositories[1]));
    }

    #[test]
    fn codeowners_change_monthly_and_name_the_teams_file_s_teams() {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = ScaleOptions {
            codeowners: true,
            ..ScaleOptions::new(1, 300)
        };
        let org = generate(dir.path(), &options).expect("generates");
        let out = git_command()
            .args(git_dir_args(
                &org.repository_path(&org.repositories[0]),
                &["log", "--format=%H", "--", ".github/CODEOWNERS"],
            ))
            .output()
            .expect("git runs");
        // Two years less the tenth left for later commits: about 22 months.
        let versions = String::from_utf8_lossy(&out.stdout).lines().count();
        assert!((20..=25).contains(&versions), "{versions} versions");
        let teams = std::fs::read_to_string(dir.path().join("teams.toml")).expect("teams");
        assert!(
            teams.contains("codeowners = [\"@acme/team-000\"]"),
            "{teams}"
        );
    }
}
