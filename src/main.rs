//! The staffscope command line: a thin layer that parses arguments, shows
//! progress on stderr, prints reports on stdout and maps errors to exit codes.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use anyhow::{Context as _, Result};

/// mimalloc: staffscope builds millions of small strings, vectors and maps
/// (commits, paths, identities) and frees them in bulk, where glibc's
/// allocator spent a fifth of a report's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand, ValueEnum};

use collect::{CollectOptions, Progress, RepoOutcome, RepoStatus};
use pipeline::Analysis;
use pipeline::config::{self, Config};
use report::markdown;

const EXIT_CODES: &str = "Exit codes:
  0  success
  1  error (the message says what and where)
  2  invalid command-line arguments
  3  collect finished, but one or more repositories could not be read";

#[derive(Parser)]
#[command(name = "staffscope", version, about = "Evidence-linked staff engineering assessments from your organization's engineering activity", after_help = EXIT_CODES)]
struct Cli {
    /// The configuration file.
    #[arg(long, global = true, default_value = config::FILE_NAME)]
    config: PathBuf,
    /// The store, instead of `store` in the configuration: a SQLite file, or a PostgreSQL database as postgres://USER:PASSWORD@HOST:PORT/DATABASE.
    #[arg(long, global = true)]
    store: Option<String>,
    #[command(subcommand)]
    command: Command,
}

/// Where the configuration is, and the store that --store names instead of its own.
struct Settings {
    config: PathBuf,
    store: Option<String>,
}

impl Settings {
    fn load(&self, now: i64) -> Result<Config> {
        let mut config = pipeline::load_config(&self.config, now)?;
        if let Some(store) = &self.store {
            config.store = store::StoreLocation::parse(store, Path::new(""));
        }
        Ok(config)
    }
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ExportFormat {
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum PacketFormat {
    Markdown,
    Html,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Build the demo organization as real git repositories, collect it, and print an org summary and one assessment.
    Demo {
        /// Where to build it; default: a `staffscope-demo` folder in the system's temporary folder.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Whose assessment to print; default: the demo's staff-mode engineer.
        #[arg(long)]
        person: Option<String>,
        #[arg(long, value_enum, default_value = "markdown")]
        format: Format,
        /// Open the demo in the web dashboard instead of printing it.
        #[arg(long)]
        serve: bool,
        /// The dashboard's port with --serve; 0 picks a free one.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Generate a plain organization of this many repositories (as many
        /// engineers, a team per twenty) instead of the story demo, to see
        /// staffscope at scale.
        #[arg(long, value_name = "REPOSITORIES")]
        scale: Option<usize>,
        /// Commits per repository with --scale.
        #[arg(long, default_value_t = 100, requires = "scale")]
        commits_per_repo: usize,
    },
    /// Write a commented staffscope.toml listing the repositories and team maps found below a folder.
    Init {
        /// The folder that holds your repositories.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Replace an existing staffscope.toml.
        #[arg(long)]
        force: bool,
    },
    /// Read the configured repositories into the store; only new commits are read again.
    Collect {
        /// Threads to use; default: all cores.
        #[arg(long)]
        threads: Option<usize>,
        /// Commits written per store transaction; default: 10000.
        #[arg(long)]
        batch_size: Option<usize>,
    },
    /// One person's assessment against the rubric, with evidence, trends by quarter and the path.
    Report {
        /// A name, handle, alias or email.
        person: String,
        /// Assess against one of the rubric's archetypes (e.g. architect) instead of its plain thresholds.
        #[arg(long)]
        archetype: Option<String>,
        #[arg(long, value_enum, default_value = "markdown")]
        format: Format,
    },
    /// A promotion packet: the case per dimension in prose, strongest evidence first, gaps stated honestly.
    Packet {
        /// A name, handle, alias or email.
        person: String,
        #[arg(long)]
        archetype: Option<String>,
        #[arg(long, value_enum, default_value = "markdown")]
        format: PacketFormat,
    },
    /// Every event behind one number: a dimension, metric, failure mode or signal of one person.
    Explain {
        /// A name, handle, alias or email.
        person: String,
        /// A dimension id (scope), a metric (teams_reached), a failure mode or a signal id.
        what: String,
        #[arg(long)]
        archetype: Option<String>,
        #[arg(long, value_enum, default_value = "markdown")]
        format: Format,
    },
    /// People side by side against the rubric, for calibration conversations; no total, no ranking.
    Calibrate {
        /// People to compare (names, handles); default: everyone active, or the team's members.
        people: Vec<String>,
        /// Compare the people whose home team this is.
        #[arg(long)]
        team: Option<String>,
        /// Replace names with stable pseudonyms.
        #[arg(long)]
        anonymize: bool,
        #[arg(long, value_enum, default_value = "markdown")]
        format: Format,
    },
    /// Everyone's assessment and metrics as data, for a spreadsheet or another tool.
    Export {
        #[arg(long, value_enum, default_value = "json")]
        format: ExportFormat,
        /// Stable pseudonyms instead of names and handles; no evidence ids.
        #[arg(long)]
        anonymize: bool,
        /// Write to this file instead of the standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// The organization: teams, levels per dimension, cross-team interactions, bridges.
    Org {
        #[arg(long, value_enum, default_value = "markdown")]
        format: Format,
    },
    /// Everyone active in the window, with handles and home teams.
    People {
        #[arg(long, value_enum, default_value = "markdown")]
        format: Format,
    },
    /// Everyone collected with their aliases; --suggest lists likely duplicates to confirm in the identities file.
    Identities {
        /// List likely duplicate identities, with the evidence, instead of everyone.
        #[arg(long)]
        suggest: bool,
        /// Show email addresses in full (they are masked by default).
        #[arg(long)]
        show_emails: bool,
        #[arg(long, value_enum, default_value = "markdown")]
        format: Format,
    },
    /// Teams with their members and the areas they own; --check lists unowned areas and conflicts.
    Teams {
        /// Print the areas no team owns, where the teams file and CODEOWNERS disagree, and problems in the team maps.
        #[arg(long)]
        check: bool,
        #[arg(long, value_enum, default_value = "markdown")]
        format: Format,
    },
    /// The evidence log: what no tool sees, kept by each engineer.
    Log {
        #[command(subcommand)]
        command: LogCommand,
    },
    /// Classes of problems that recur across teams, with their evidence, strongest first.
    Patterns {
        #[arg(long, value_enum, default_value = "markdown")]
        format: Format,
    },
    /// The rubric: `show` prints the built-in one to copy and edit, `check FILE` validates a rubric file.
    Rubric {
        #[command(subcommand)]
        command: Option<RubricCommand>,
    },
    /// List the metrics a rubric can use and the data source each needs.
    Metrics,
    /// The store: bring it to the current schema, copy it between SQLite and PostgreSQL, print it.
    Store {
        #[command(subcommand)]
        command: StoreCommand,
    },
    /// Forget a person (right to erasure): their names, emails and logins leave the store, now and on every later collect.
    Forget {
        /// A name, handle, alias or email, as for `report`.
        person: String,
        #[arg(long, value_enum, default_value = "markdown")]
        format: Format,
    },
    /// The web dashboard over the store: org, people, evidence, calibration. Loopback only unless --bind says otherwise.
    Serve {
        /// The address to listen on; anything but loopback needs a token and prints a warning.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// 0 picks a free port.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The access token required off loopback; default: a random one, printed.
        #[arg(long)]
        token: Option<String>,
    },
}

#[derive(Subcommand)]
enum StoreCommand {
    /// Bring the store to the current schema (every command does this on opening; this says from which version to which).
    Migrate,
    /// Copy every row of one store into another, e.g. --from sqlite:.staffscope/store.sqlite --to postgres://...
    Copy {
        /// The store to read: sqlite:PATH, a file, or postgres://...; default: the configured store.
        #[arg(long)]
        from: Option<String>,
        /// The store to write: sqlite:PATH, a file, or postgres://...
        #[arg(long)]
        to: String,
        /// Copy into a store that already holds data (rows with the same keys are replaced).
        #[arg(long)]
        force: bool,
    },
    /// Print the store's canonical text: every row of every table, sorted; it holds everything stored, emails included (not the pseudonym key).
    Dump,
}

#[derive(Subcommand)]
enum RubricCommand {
    /// Print the built-in rubric (the default when no subcommand is given).
    Show,
    /// Check a rubric file: metrics, thresholds per level and their order, rules, archetypes.
    Check {
        /// The rubric file.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum LogCommand {
    /// Append an entry to a person's evidence log (`<evidence_log_dir>/<person>.yaml`).
    Add {
        /// Whose log: their handle.
        person: String,
        /// The rubric dimension or signal it is evidence for, e.g. trusted-judgment.
        #[arg(long)]
        dimension: String,
        /// What happened, in a sentence.
        #[arg(long)]
        what: String,
        /// When, as YYYY-MM-DD; default: today.
        #[arg(long)]
        date: Option<String>,
        /// A link to the evidence (repeatable).
        #[arg(long = "link")]
        links: Vec<String>,
        /// Someone who can confirm it (repeatable).
        #[arg(long = "confirm")]
        confirm: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// Data goes to stdout; a closed pipe ends the program quietly.
fn emit(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        stdout.write_all(b"\n")?;
    }
    stdout.flush()?;
    Ok(())
}

fn run(cli: Cli) -> Result<ExitCode> {
    let settings = Settings {
        config: cli.config,
        store: cli.store,
    };
    match cli.command {
        Command::Demo {
            dir,
            person,
            format,
            serve,
            port,
            scale,
            commits_per_repo,
        } => demo(
            dir,
            person,
            format,
            serve.then_some(port),
            scale.map(|repositories| {
                demo::scaled::ScaleOptions::new(repositories, commits_per_repo)
            }),
        ),
        Command::Init { dir, force } => init(&dir, force),
        Command::Collect {
            threads,
            batch_size,
        } => {
            let config = settings.load(now())?;
            collect(&config, threads, batch_size)
        }
        Command::Report {
            person,
            archetype,
            format,
        } => {
            let mut analysis = analyze(&settings)?;
            analysis.measure_quarters_of(&person)?;
            emit(&person_report(
                &analysis,
                &person,
                archetype.as_deref(),
                format,
            )?)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Packet {
            person,
            archetype,
            format,
        } => {
            let mut analysis = analyze(&settings)?;
            analysis.measure_quarters_of(&person)?;
            let view = analysis.person_view(&person, archetype.as_deref())?;
            let packet = report::packet::packet(&view);
            emit(&match format {
                PacketFormat::Markdown => report::packet::markdown(&packet),
                PacketFormat::Html => report::packet::html(&packet),
                PacketFormat::Json => serde_json::to_string_pretty(&packet)?,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain {
            person,
            what,
            archetype,
            format,
        } => {
            let analysis = analyze(&settings)?;
            let view = analysis.person_view(&person, archetype.as_deref())?;
            let explanation = report::explain::explain(&view, &what)?;
            emit(&match format {
                Format::Markdown => report::explain::markdown(&explanation),
                Format::Json => serde_json::to_string_pretty(&explanation)?,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Calibrate {
            people,
            team,
            anonymize,
            format,
        } => {
            let analysis = analyze(&settings)?;
            let context = analysis.context();
            let chosen = match (&team, people.is_empty()) {
                (Some(_), false) => {
                    anyhow::bail!("give either people or --team, not both")
                }
                (Some(team), true) => {
                    let team_id = analysis.org.team_by_name(team).ok_or_else(|| {
                        anyhow::anyhow!(
                            "no team `{team}`\nhint: `staffscope teams` lists the teams"
                        )
                    })?;
                    analysis
                        .measures
                        .people
                        .iter()
                        .filter(|p| p.homes.iter().any(|(t, _)| *t == team_id))
                        .collect::<Vec<_>>()
                }
                (None, true) => analysis.measures.people.iter().collect(),
                (None, false) => people
                    .iter()
                    .map(|query| analysis.find_person(query))
                    .collect::<Result<Vec<_>, _>>()?,
            };
            let view = report::calibrate::calibrate(&context, &chosen, anonymize);
            emit(&match format {
                Format::Markdown => report::calibrate::markdown(&view),
                Format::Json => serde_json::to_string_pretty(&view)?,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            format,
            anonymize,
            output,
        } => {
            let analysis = analyze(&settings)?;
            let view = report::export::export(&analysis.context(), anonymize);
            let text = match format {
                ExportFormat::Json => serde_json::to_string_pretty(&view)? + "\n",
                ExportFormat::Csv => report::export::csv(&view)?,
            };
            match output {
                Some(path) => {
                    std::fs::write(&path, text)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    eprintln!(
                        "wrote {} people to {}{}",
                        view.people.len(),
                        path.display(),
                        if anonymize { " (anonymized)" } else { "" }
                    );
                }
                None => emit(&text)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Org { format } => {
            let analysis = analyze(&settings)?;
            emit(&org_report(&analysis, format)?)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::People { format } => {
            let analysis = analyze(&settings)?;
            emit(&people(&analysis, format)?)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Identities {
            suggest,
            show_emails,
            format,
        } => {
            let config = settings.load(now())?;
            let org = pipeline::resolve_everything(&config)?;
            emit(&identities(&org, suggest, show_emails, format)?)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Teams { check, format } => {
            let analysis = analyze(&settings)?;
            let view = report::teams_report(&analysis.context());
            emit(&match format {
                Format::Markdown => markdown::teams(&view, check),
                Format::Json => serde_json::to_string_pretty(&view)?,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Log {
            command:
                LogCommand::Add {
                    person,
                    dimension,
                    what,
                    date,
                    links,
                    confirm,
                },
        } => {
            let config = settings.load(now())?;
            let (rubric, _) = pipeline::load_rubric(&config)?;
            let known: Vec<&str> = rubric
                .dimensions
                .iter()
                .map(|d| d.id.as_str())
                .chain(rubric.signals.iter().map(|s| s.id.as_str()))
                .collect();
            if !known.contains(&dimension.as_str()) {
                anyhow::bail!(
                    "`{dimension}` is not a dimension or signal of the rubric\nhint: one of {}",
                    known.join(", ")
                );
            }
            let date = match date {
                Some(date) => {
                    model::parse_date(&date).map_err(|m| anyhow::anyhow!("--date: {m}"))?;
                    date
                }
                None => model::date(now()),
            };
            if person.is_empty() || person.contains(['/', '\\']) || person.starts_with('.') {
                anyhow::bail!("`{person}` cannot name a log file; use the person's handle");
            }
            std::fs::create_dir_all(&config.evidence_log_dir)
                .with_context(|| format!("cannot create {}", config.evidence_log_dir.display()))?;
            // The person's existing log, whichever form it takes; a new one is YAML.
            let existing = ["yaml", "yml", "md"]
                .iter()
                .map(|ext| config.evidence_log_dir.join(format!("{person}.{ext}")))
                .find(|path| path.exists());
            let entry = analysis::resolve::evidence_log::entry_text(
                &date, &dimension, &what, &links, &confirm,
            );
            let (path, text) = match existing {
                Some(path) => {
                    let content = std::fs::read_to_string(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    let text = analysis::resolve::evidence_log::with_entry(
                        &path.display().to_string(),
                        &content,
                        &entry,
                    )?;
                    (path, text)
                }
                None => (
                    config.evidence_log_dir.join(format!("{person}.yaml")),
                    format!(
                        "# The evidence log of {person}: what no tool sees. Entries are shown as self-reported.\nperson: {person}\nentries:\n{entry}"
                    ),
                ),
            };
            // Written beside and renamed over, so an interrupted write never leaves half a log.
            let temporary = path.with_extension("staffscope-new");
            std::fs::write(&temporary, &text)
                .with_context(|| format!("cannot write {}", temporary.display()))?;
            std::fs::rename(&temporary, &path)
                .with_context(|| format!("cannot replace {}", path.display()))?;
            eprintln!("added to {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Patterns { format } => {
            let analysis = analyze(&settings)?;
            emit(&patterns(&analysis, format)?)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Rubric {
            command: None | Some(RubricCommand::Show),
        } => {
            emit(analysis::assess::DEFAULT_RUBRIC)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Rubric {
            command: Some(RubricCommand::Check { file }),
        } => {
            let content = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let rubric = analysis::assess::parse_rubric(&file.display().to_string(), &content)?;
            emit(&format!(
                "{}: ok: \"{}\", levels {} (target {}), {} dimensions, {} failure modes, {} signals, {} archetypes{}",
                file.display(),
                rubric.name,
                rubric.levels.join(" < "),
                rubric.target,
                rubric.dimensions.len(),
                rubric.failure_modes.len(),
                rubric.signals.len(),
                rubric.archetypes.len(),
                if rubric.archetypes.is_empty() {
                    String::new()
                } else {
                    format!(
                        " ({})",
                        rubric
                            .archetypes
                            .iter()
                            .map(|a| a.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { bind, port, token } => {
            let mut analysis = analyze(&settings)?;
            analysis.measure_quarters();
            dashboard(
                std::mem::ManuallyDrop::into_inner(analysis),
                bind,
                port,
                token,
            )
        }
        Command::Store { command } => store_command(&settings, command),
        Command::Forget { person, format } => {
            let config = settings.load(now())?;
            let forgetting = pipeline::forget(&config, &person)?;
            emit(&forget_report(&forgetting, format)?)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Metrics => {
            let mut out = String::from("| Metric | Source | What it counts |\n|---|---|---|\n");
            for metric in analysis::measure::CATALOGUE {
                let proxy = metric
                    .proxy
                    .map(|p| format!(" (proxy: {p})"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "| {} | {} | {}{proxy} |\n",
                    metric.name,
                    metric.source.key(),
                    metric.description
                ));
            }
            emit(&out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The organization analyzed for one command. It lives until the process
/// ends, so it is never dropped: freeing millions of small values one by
/// one took a tenth of a report's time on a large organization, and the
/// operating system takes the memory back at once.
fn analyze(settings: &Settings) -> Result<std::mem::ManuallyDrop<Analysis>> {
    let now = now();
    let config = settings.load(now)?;
    let analysis = pipeline::analyze(&config, now)?;
    for diagnostic in &analysis.org.diagnostics {
        eprintln!("warning: {diagnostic}");
    }
    Ok(std::mem::ManuallyDrop::new(analysis))
}

fn person_report(
    analysis: &Analysis,
    query: &str,
    archetype: Option<&str>,
    format: Format,
) -> Result<String> {
    let view = analysis.person_view(query, archetype)?;
    Ok(match format {
        Format::Markdown => markdown::person(
            &view,
            analysis.rubric.levels.first().map_or("", String::as_str),
        ),
        Format::Json => serde_json::to_string_pretty(&view)?,
    })
}

fn org_report(analysis: &Analysis, format: Format) -> Result<String> {
    let view = report::org_report(&analysis.context());
    Ok(match format {
        Format::Markdown => markdown::org(&view, &analysis.rubric.levels),
        Format::Json => serde_json::to_string_pretty(&view)?,
    })
}

fn patterns(analysis: &Analysis, format: Format) -> Result<String> {
    let view = report::patterns::patterns_report(&analysis.context());
    Ok(match format {
        Format::Markdown => report::patterns::markdown(&view),
        Format::Json => serde_json::to_string_pretty(&view)?,
    })
}

fn people(analysis: &Analysis, format: Format) -> Result<String> {
    #[derive(serde::Serialize)]
    struct Row {
        name: String,
        handle: String,
        teams: Vec<String>,
        commits: u64,
        reviews_given: u64,
    }
    let mut rows: Vec<Row> = analysis
        .measures
        .people
        .iter()
        .map(|p| {
            let person = analysis.org.people.get(p.person);
            let value =
                |name: &str| p.metrics.get(name).and_then(|m| m.value).unwrap_or(0.0) as u64;
            Row {
                name: person.name.clone(),
                handle: person.handle.clone(),
                teams: p
                    .homes
                    .iter()
                    .map(|(team, inferred)| {
                        let name = analysis.org.team(*team).name.clone();
                        if *inferred {
                            format!("{name} (inferred)")
                        } else {
                            name
                        }
                    })
                    .collect(),
                commits: value("commits"),
                reviews_given: value("reviews_given"),
            }
        })
        .collect();
    rows.sort_by_key(|row| row.name.to_lowercase());
    Ok(match format {
        Format::Json => serde_json::to_string_pretty(&rows)?,
        Format::Markdown => {
            let mut out = String::from(
                "| Name | Handle | Team | Commits | Reviews given |\n|---|---|---|---|---|\n",
            );
            for row in rows {
                out.push_str(&format!(
                    "| {} | @{} | {} | {} | {} |\n",
                    row.name,
                    row.handle,
                    row.teams.join(", "),
                    row.commits,
                    row.reviews_given
                ));
            }
            out
        }
    })
}

fn identities(
    org: &analysis::resolve::Org,
    suggest: bool,
    show_emails: bool,
    format: Format,
) -> Result<String> {
    use analysis::resolve::suggest::{activity, mask_email, suggest as suggestions};
    #[derive(serde::Serialize)]
    struct Row {
        name: String,
        handle: String,
        other_names: Vec<String>,
        emails: Vec<String>,
        declared: bool,
        bot: bool,
        #[serde(flatten)]
        activity: analysis::resolve::suggest::Activity,
    }
    let activity = activity(org);
    let row = |id: analysis::resolve::PersonId| {
        let person = org.people.get(id);
        Row {
            name: person.name.clone(),
            handle: person.handle.clone(),
            other_names: person
                .names
                .iter()
                .filter(|n| **n != person.name)
                .cloned()
                .collect(),
            emails: person
                .emails()
                .map(|e| {
                    if show_emails {
                        e.to_string()
                    } else {
                        mask_email(e)
                    }
                })
                .collect(),
            declared: person.declared,
            bot: person.bot,
            activity: activity.get(&id).cloned().unwrap_or_default(),
        }
    };
    let when = |t: Option<i64>| t.map(model::date).unwrap_or_else(|| "-".into());
    if suggest {
        let groups = suggestions(org);
        if format == Format::Json {
            #[derive(serde::Serialize)]
            struct Group {
                reason: String,
                people: Vec<Row>,
            }
            let groups: Vec<Group> = groups
                .iter()
                .map(|g| Group {
                    reason: g.reason.clone(),
                    people: g.people.iter().map(|id| row(*id)).collect(),
                })
                .collect();
            return Ok(serde_json::to_string_pretty(&groups)?);
        }
        let mut out = String::from("# Likely the same person

Nothing is merged until you confirm it: add a `[[person]]` entry to the identities file, and the next report applies it without collecting again.
");
        if groups.is_empty() {
            out.push_str(
                "
No likely duplicates found.
",
            );
        }
        for (index, group) in groups.iter().enumerate() {
            out.push_str(&format!(
                "
## {}. {}

",
                index + 1,
                group.reason
            ));
            let rows: Vec<Row> = group.people.iter().map(|id| row(*id)).collect();
            for r in &rows {
                out.push_str(&format!(
                    "- {} (@{}): {} commits, {} to {}, in {}; emails {}
",
                    r.name,
                    r.handle,
                    r.activity.commits,
                    when(r.activity.first),
                    when(r.activity.last),
                    r.activity.repositories.join(", "),
                    r.emails.join(", ")
                ));
            }
            if show_emails {
                let first = &rows[0];
                let emails: Vec<String> = rows
                    .iter()
                    .flat_map(|r| r.emails.iter().map(|e| format!("{e:?}")))
                    .collect();
                out.push_str(&format!(
                    "
```toml
[[person]]
handle = {:?}
name = {:?}
emails = [{}]
```
",
                    first.handle,
                    first.name,
                    emails.join(", ")
                ));
            } else {
                out.push_str(
                    "
Run with --show-emails for an entry ready to paste.
",
                );
            }
        }
        return Ok(out);
    }
    let mut rows: Vec<Row> = org.people.all().iter().map(|p| row(p.id)).collect();
    rows.sort_by_key(|r| r.name.to_lowercase());
    Ok(match format {
        Format::Json => serde_json::to_string_pretty(&rows)?,
        Format::Markdown => {
            let mut out = String::from(
                "| Name | Handle | Other names | Emails | Commits | First | Last |\n|---|---|---|---|---|---|---|\n",
            );
            for r in rows {
                let handle = match (r.declared, r.bot) {
                    (_, true) => format!("@{} (bot)", r.handle),
                    (true, _) => format!("@{} (identities file)", r.handle),
                    _ => format!("@{}", r.handle),
                };
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} | {} |\n",
                    r.name,
                    handle,
                    r.other_names.join(", "),
                    r.emails.join(", "),
                    r.activity.commits,
                    when(r.activity.first),
                    when(r.activity.last)
                ));
            }
            out
        }
    })
}

fn init(dir: &Path, force: bool) -> Result<ExitCode> {
    let target = dir.join(config::FILE_NAME);
    if target.exists() && !force {
        anyhow::bail!(
            "{}: already exists\nhint: pass --force to replace it",
            target.display()
        );
    }
    let plan = config::plan_init(dir);
    std::fs::write(&target, config::render_init(&plan))
        .with_context(|| format!("cannot write {}", target.display()))?;
    eprintln!(
        "wrote {} with {} repositories ({} with CODEOWNERS){}",
        target.display(),
        plan.repositories.len(),
        plan.codeowners_found,
        plan.teams_file
            .as_ref()
            .map(|t| format!(", teams file {t}"))
            .unwrap_or_default()
    );
    eprintln!("next: review it, then run `staffscope collect`");
    Ok(ExitCode::SUCCESS)
}

fn collect(config: &Config, threads: Option<usize>, batch_size: Option<usize>) -> Result<ExitCode> {
    let mut options = CollectOptions {
        document_folders: config.document_folders.clone(),
        ..CollectOptions::default()
    };
    if let Some(threads) = threads {
        options.threads = threads.max(1);
    }
    if let Some(batch_size) = batch_size {
        options.batch_size = batch_size.max(1);
    }
    let started = std::time::Instant::now();
    let progress = CollectProgress::new(config.repositories.len());
    let (outcomes, exports) = pipeline::collect(config, &options, &progress, now())?;
    progress.finish();
    for export in &exports {
        for problem in &export.problems {
            eprintln!("warning: {problem}");
        }
        eprintln!(
            "{}: code review export: {} pull requests, {} reviews, {} review requests",
            export.repository, export.pulls, export.reviews, export.requests
        );
    }
    let failed = outcomes
        .iter()
        .filter(|o| matches!(o.status, RepoStatus::Failed(_)))
        .count();
    let new: usize = outcomes
        .iter()
        .map(|o| match o.status {
            RepoStatus::Collected { new_commits, .. } => new_commits,
            _ => 0,
        })
        .sum();
    eprintln!(
        "collected {} repositories ({} new commits) in {:.1}s into {}",
        outcomes.len() - failed,
        new,
        started.elapsed().as_secs_f64(),
        config.store
    );
    if failed > 0 {
        eprintln!("{failed} repositories could not be read; see the errors above");
        return Ok(ExitCode::from(3));
    }
    Ok(ExitCode::SUCCESS)
}

fn store_command(settings: &Settings, command: StoreCommand) -> Result<ExitCode> {
    use store::{Store, StoreLocation};
    let configured = || -> Result<StoreLocation> { Ok(settings.load(now())?.store) };
    match command {
        StoreCommand::Migrate => {
            let location = configured()?;
            // An empty PostgreSQL database gets the tables; a missing file stays missing.
            let mut store = Store::open(&location, location.is_postgres())?;
            let (from, to) = (store.opened_at_version(), store.schema_version()?);
            if from == to {
                eprintln!("{location}: already at schema version {to}, nothing to do");
            } else {
                eprintln!("{location}: migrated from schema version {from} to {to}");
            }
        }
        StoreCommand::Copy { from, to, force } => {
            let from = match from {
                Some(from) => StoreLocation::parse(&from, Path::new("")),
                None => configured()?,
            };
            let to = StoreLocation::parse(&to, Path::new(""));
            if from == to {
                anyhow::bail!("--from and --to name the same store ({from})");
            }
            let mut source = Store::open(&from, false)?;
            let mut destination = Store::open(&to, true)?;
            let started = std::time::Instant::now();
            let report = store::copy(&mut source, &mut destination, force)?;
            let counts = &report.counts;
            eprintln!(
                "copied {from} to {to} in {:.1}s: {} repositories, {} commits, {} file changes, {} file versions, {} pull requests, {} reviews, {} review requests, {} forgotten identities",
                started.elapsed().as_secs_f64(),
                counts.repositories,
                counts.commits,
                counts.file_changes,
                counts.repo_files,
                counts.pull_requests,
                counts.reviews,
                counts.review_requests,
                report.forgotten
            );
        }
        StoreCommand::Dump => {
            let mut store = Store::open(&configured()?, false)?;
            emit(&store.dump()?.to_string())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn forget_report(forgetting: &pipeline::Forgetting, format: Format) -> Result<String> {
    let report = &forgetting.report;
    if format == Format::Json {
        #[derive(serde::Serialize)]
        struct Json<'a> {
            name: &'a str,
            handle: &'a str,
            removed: &'a store::ForgetReport,
            files_naming: &'a [String],
        }
        return Ok(serde_json::to_string_pretty(&Json {
            name: &forgetting.name,
            handle: &forgetting.handle,
            removed: report,
            files_naming: &forgetting.files_naming,
        })?);
    }
    let mut out = format!(
        "# Forgot {} (@{})\n\nRecorded as forgotten (hashed), so that no later collect stores them again: {} emails, {} names, {} logins.\n\nReplaced by `{}` in the store:\n\n",
        forgetting.name,
        forgetting.handle,
        report.emails,
        report.names,
        report.logins,
        store::TOMBSTONE_NAME
    );
    for (count, what) in [
        (report.commits_authored, "commits as author"),
        (report.commits_committed, "commits as committer"),
        (
            report.trailers,
            "trailers, addresses and logins in commit messages",
        ),
        (
            report.files,
            "stored file versions (owners, addresses, .mailmap lines)",
        ),
        (report.pull_requests, "pull requests as author"),
        (report.reviews, "reviews"),
        (report.review_requests, "review requests"),
    ] {
        out.push_str(&format!("- {count} {what}\n"));
    }
    out.push_str("\nThe rows stay, so other people's reviews and the repositories' history still count; nothing in them says who this was.\n");
    if !forgetting.files_naming.is_empty() {
        out.push_str(&format!(
            "\nStill named in your own files, which staffscope does not edit: {}\nhint: remove them there too\n",
            forgetting.files_naming.join(", ")
        ));
    }
    Ok(out)
}

/// A progress bar on a terminal, plain log lines otherwise.
struct CollectProgress {
    bar: Option<indicatif::ProgressBar>,
    commits: Mutex<(u64, u64)>,
}

impl CollectProgress {
    fn new(repositories: usize) -> CollectProgress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(0);
            let style = indicatif::ProgressStyle::with_template(
                "{spinner} {pos}/{len} commits {wide_msg} [{elapsed}]",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            bar.set_style(style);
            bar.set_message(format!("from {repositories} repository patterns"));
            bar
        });
        CollectProgress {
            bar,
            commits: Mutex::new((0, 0)),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    fn log(&self, line: String) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }
}

impl Progress for CollectProgress {
    fn planned(&self, repo: &str, commits: usize) {
        let mut counts = self.commits.lock().expect("no panics while locked");
        counts.1 += commits as u64;
        match &self.bar {
            Some(bar) => {
                bar.set_length(counts.1);
                bar.set_message(repo.to_string());
            }
            None => eprintln!("{repo}: {commits} new commits to read"),
        }
    }

    fn read(&self, _repo: &str, commits: usize) {
        let mut counts = self.commits.lock().expect("no panics while locked");
        counts.0 += commits as u64;
        if let Some(bar) = &self.bar {
            bar.set_position(counts.0);
        }
    }

    fn finished(&self, outcome: &RepoOutcome) {
        let line = match &outcome.status {
            RepoStatus::Collected {
                new_commits,
                removed_commits,
                missing_contents,
            } => {
                let mut line = format!("{}: {new_commits} commits read", outcome.name);
                if *removed_commits > 0 {
                    line.push_str(&format!(
                        "; history was rewritten, {removed_commits} commits no longer on the branch were removed"
                    ));
                }
                if *missing_contents > 0 {
                    line.push_str(&format!(
                        "; {missing_contents} changed files have no content in the repository (a partial clone?), so their lines are not counted"
                    ));
                }
                line
            }
            RepoStatus::Unchanged => format!("{}: up to date", outcome.name),
            RepoStatus::Empty => format!("{}: no commits yet, nothing to read", outcome.name),
            RepoStatus::Failed(error) => format!("error: {}: {error}", outcome.name),
        };
        self.log(line);
    }
}

/// Serves the dashboard until interrupted; the address goes to stderr.
fn dashboard(
    analysis: Analysis,
    bind: std::net::IpAddr,
    port: u16,
    token: Option<String>,
) -> Result<ExitCode> {
    use serve::{Access, Dashboard};
    let access = if bind.is_loopback() {
        Access::Loopback
    } else {
        eprintln!(
            "warning: serving on {bind}, beyond this machine: anyone who can reach it and has the token can read every assessment"
        );
        Access::Token(token.unwrap_or_else(|| {
            use std::hash::{BuildHasher, Hasher};
            // Two 64-bit values from the operating system's random hash keys.
            (0..2)
                .map(|_| {
                    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
                    hasher.write_u64(now() as u64);
                    format!("{:016x}", hasher.finish())
                })
                .collect()
        }))
    };
    let listener = std::net::TcpListener::bind((bind, port))
        .with_context(|| format!("cannot listen on {bind} port {port}"))?;
    let address = listener
        .local_addr()
        .context("cannot read the bound address")?;
    let host = if bind.is_loopback() && bind.is_ipv4() {
        address.to_string()
    } else {
        format!(
            "{}:{}",
            if bind.is_ipv6() {
                format!("[{bind}]")
            } else {
                bind.to_string()
            },
            address.port()
        )
    };
    match &access {
        Access::Loopback => eprintln!("dashboard at http://{host}/ (Ctrl-C stops it)"),
        Access::Token(token) => {
            eprintln!("dashboard at http://{host}/?token={token} (Ctrl-C stops it)")
        }
    }
    serve::serve(listener, Dashboard::new(analysis, access)).context("the dashboard stopped")?;
    Ok(ExitCode::SUCCESS)
}

fn demo(
    dir: Option<PathBuf>,
    person: Option<String>,
    format: Format,
    serve_on: Option<u16>,
    scale: Option<demo::scaled::ScaleOptions>,
) -> Result<ExitCode> {
    let dir = match dir {
        Some(dir) => dir,
        None => {
            let dir = std::env::temp_dir().join("staffscope-demo");
            // Only a folder an earlier demo made is removed: it carries a marker.
            if dir.join(DEMO_MARKER).exists() {
                std::fs::remove_dir_all(&dir).with_context(|| {
                    format!("cannot clear the earlier demo at {}", dir.display())
                })?;
            } else if dir.exists() {
                anyhow::bail!(
                    "{}: exists and was not made by `staffscope demo`\nhint: pass --dir to build the demo elsewhere",
                    dir.display()
                );
            }
            dir
        }
    };
    let started = std::time::Instant::now();
    eprintln!("building the demo organization in {}", dir.display());
    let demo = match &scale {
        None => demo::generate(&dir, &demo::DemoOptions::default()),
        Some(options) => demo::scaled::generate(&dir, options).map(|org| {
            eprintln!(
                "generated {} repositories, {} engineers, {} commits in {:.1}s",
                org.repositories.len(),
                org.engineers.len(),
                org.commits,
                started.elapsed().as_secs_f64()
            );
            demo::DemoOrg {
                root: org.root,
                config: org.config,
                repositories: org.repositories,
                staff_engineer: org.engineers[0].clone(),
                senior_mode_engineer: org.engineers[1].clone(),
            }
        }),
    }
    .with_context(|| format!("cannot build the demo organization in {}", dir.display()))?;
    std::fs::write(
        dir.join(DEMO_MARKER),
        "made by `staffscope demo`; safe to delete\n",
    )
    .with_context(|| format!("cannot write into {}", dir.display()))?;
    let now = now();
    let config = pipeline::load_config(&demo.config, now)?;
    let code = collect(&config, None, None)?;
    let mut analysis = pipeline::analyze(&config, now)?;
    analysis.measure_quarters();
    for diagnostic in &analysis.org.diagnostics {
        eprintln!("warning: {diagnostic}");
    }
    if let Some(port) = serve_on {
        eprintln!(
            "demo built in {:.1}s; try @{} or @{}",
            started.elapsed().as_secs_f64(),
            demo.staff_engineer,
            demo.senior_mode_engineer
        );
        return dashboard(analysis, std::net::Ipv4Addr::LOCALHOST.into(), port, None);
    }
    let who = person.unwrap_or_else(|| demo.staff_engineer.clone());
    let (org_text, person_text) = (
        org_report(&analysis, format)?,
        person_report(&analysis, &who, None, format)?,
    );
    match format {
        Format::Json => emit(&format!(
            "{{\"org\": {org_text},\n\"person\": {person_text}}}"
        ))?,
        Format::Markdown => emit(&format!("{org_text}\n---\n\n{person_text}"))?,
    }
    eprintln!(
        "demo built and assessed in {:.1}s; explore it with `staffscope --config {} report <person>` (try @{} or @{})",
        started.elapsed().as_secs_f64(),
        demo.config.display(),
        demo.staff_engineer,
        demo.senior_mode_engineer
    );
    Ok(code)
}

const DEMO_MARKER: &str = ".staffscope-demo";
