//! The command line's shape: every command, argument and its help text, as
//! clap types. Kept apart from the commands so the whole interface reads in
//! one place, and so each command module takes only its own arguments (a
//! struct per command, whose help text stays on its `Command` variant).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use pipeline::config;

const EXIT_CODES: &str = "Exit codes:
  0  success
  1  error (the message says what and where)
  2  invalid command-line arguments
  3  collect finished, but one or more repositories could not be read";

#[derive(Parser)]
#[command(name = "staffscope", version, about = "Evidence-linked staff engineering assessments from your organization's engineering activity", after_help = EXIT_CODES)]
pub struct Cli {
    /// The configuration file.
    #[arg(long, global = true, default_value = config::FILE_NAME)]
    pub config: PathBuf,
    /// The store, instead of `store` in the configuration: a SQLite file, or a PostgreSQL database as postgres://USER:PASSWORD@HOST:PORT/DATABASE.
    #[arg(long, global = true)]
    pub store: Option<String>,
    /// Compute from the store's rows, neither reading nor keeping the results a store keeps between runs.
    #[arg(long, global = true)]
    pub fresh: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum PacketFormat {
    Markdown,
    Html,
    Json,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the demo organization as real git repositories, collect it, and print an org summary and one assessment.
    Demo(DemoArgs),
    /// Write a commented staffscope.toml listing the repositories and team maps found below a folder.
    Init(InitArgs),
    /// Read the configured repositories into the store; only new commits are read again.
    Collect(CollectArgs),
    /// One person's assessment against the rubric, with evidence, trends by quarter and the path.
    Report(ReportArgs),
    /// A promotion packet: the case per dimension in prose, strongest evidence first, gaps stated honestly.
    Packet(PacketArgs),
    /// Every event behind one number: a dimension, metric, failure mode or signal of one person.
    Explain(ExplainArgs),
    /// People side by side against the rubric, for calibration conversations; no total, no ranking.
    Calibrate(CalibrateArgs),
    /// Everyone's assessment and metrics as data, for a spreadsheet or another tool.
    Export(ExportArgs),
    /// The organization: teams, levels per dimension, cross-team interactions, bridges.
    Org(FormatArgs),
    /// Everyone active in the window, with handles and home teams.
    People(FormatArgs),
    /// Every document found (RFCs, ADRs, PEPs, KEPs, designs, post-incident reviews), with its authors and how each was decided.
    Documents(DocumentsArgs),
    /// Everyone collected with their aliases; --suggest lists likely duplicates to confirm in the identities file.
    Identities(IdentitiesArgs),
    /// Teams with their members and the areas they own; --check lists unowned areas and conflicts.
    Teams(TeamsArgs),
    /// The evidence log: what no tool sees, kept by each engineer.
    Log {
        #[command(subcommand)]
        command: LogCommand,
    },
    /// Classes of problems that recur across teams, with their evidence, strongest first; a triage table on top.
    Patterns(PatternsArgs),
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
    Forget(ForgetArgs),
    /// The web dashboard over the store: org, people, evidence, calibration. Loopback only unless --bind says otherwise.
    Serve(ServeArgs),
}

/// The output format alone, for the commands that take nothing else.
#[derive(Args)]
pub struct FormatArgs {
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: Format,
}

#[derive(Args)]
pub struct PatternsArgs {
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: Format,
    /// Only the classes nobody owns.
    #[arg(long)]
    pub unowned: bool,
    /// Only the classes near this person's teams and repositories (name, handle or email), with whether they fixed each already.
    #[arg(long)]
    pub person: Option<String>,
}

#[derive(Args)]
pub struct DemoArgs {
    /// Where to build it; default: a `staffscope-demo` folder in the system's temporary folder.
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Whose assessment to print; default: the demo's staff-mode engineer.
    #[arg(long)]
    pub person: Option<String>,
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: Format,
    /// Open the demo in the web dashboard instead of printing it.
    #[arg(long)]
    pub serve: bool,
    /// The dashboard's port with --serve; 0 picks a free one.
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Generate a plain organization of this many repositories (as many
    /// engineers, a team per twenty) instead of the story demo, to see
    /// staffscope at scale.
    #[arg(long, value_name = "REPOSITORIES")]
    pub scale: Option<usize>,
    /// Commits per repository with --scale.
    #[arg(long, default_value_t = 100, requires = "scale")]
    pub commits_per_repo: usize,
    /// Engineers with --scale, instead of one per repository (with 1,000
    /// engineers and 100 repositories of 10,000 commits, each engineer
    /// writes about 1,000 commits).
    #[arg(long, requires = "scale")]
    pub engineers: Option<usize>,
    /// With --scale, a CODEOWNERS in every repository that changes monthly.
    #[arg(long, requires = "scale")]
    pub codeowners: bool,
}

#[derive(Args)]
pub struct InitArgs {
    /// The folder that holds your repositories.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Replace an existing staffscope.toml.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args)]
pub struct CollectArgs {
    /// Threads to use; default: all cores.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Commits written per store transaction; default: 10000.
    #[arg(long)]
    pub batch_size: Option<usize>,
}

#[derive(Args)]
pub struct ReportArgs {
    /// A name, handle, alias or email.
    pub person: String,
    /// Assess against one of the rubric's archetypes (e.g. architect) instead of its plain thresholds.
    #[arg(long)]
    pub archetype: Option<String>,
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: Format,
}

#[derive(Args)]
pub struct PacketArgs {
    /// A name, handle, alias or email.
    pub person: String,
    #[arg(long)]
    pub archetype: Option<String>,
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: PacketFormat,
}

#[derive(Args)]
pub struct ExplainArgs {
    /// A name, handle, alias or email.
    pub person: String,
    /// A dimension id (scope), a metric (teams_reached), a failure mode or a signal id.
    pub what: String,
    #[arg(long)]
    pub archetype: Option<String>,
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: Format,
}

#[derive(Args)]
pub struct CalibrateArgs {
    /// People to compare (names, handles); default: everyone active, or the team's members.
    pub people: Vec<String>,
    /// Compare the people whose home team this is.
    #[arg(long)]
    pub team: Option<String>,
    /// Replace names with stable pseudonyms.
    #[arg(long)]
    pub anonymize: bool,
    /// Compare the people of this job family, on its rubric (`[rubrics]` in staffscope.toml).
    #[arg(long)]
    pub job_family: Option<String>,
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: Format,
}

#[derive(Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "json")]
    pub format: ExportFormat,
    /// Stable pseudonyms instead of names and handles; no evidence ids.
    #[arg(long)]
    pub anonymize: bool,
    /// Write to this file instead of the standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Args)]
pub struct IdentitiesArgs {
    /// List likely duplicate identities, with the evidence, instead of everyone.
    #[arg(long)]
    pub suggest: bool,
    /// Show email addresses in full (they are masked by default).
    #[arg(long)]
    pub show_emails: bool,
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: Format,
}

#[derive(Args)]
pub struct DocumentsArgs {
    /// Print how many documents were read and every file of the document folders that was not, with why.
    #[arg(long)]
    pub check: bool,
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: Format,
}

#[derive(Args)]
pub struct TeamsArgs {
    /// What to look at in the team map, in summary lines: areas no team owns, people in several teams, members without commits, disagreements with CODEOWNERS, problems.
    #[arg(long)]
    pub check: bool,
    /// With --check: every case, not the first few of each kind.
    #[arg(long, requires = "check")]
    pub details: bool,
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: Format,
}

#[derive(Args)]
pub struct ForgetArgs {
    /// A name, handle, alias or email, as for `report`.
    pub person: String,
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: Format,
}

#[derive(Args)]
pub struct ServeArgs {
    /// The address to listen on; anything but loopback needs a token and prints a warning.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// 0 picks a free port.
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The access token required off loopback; default: a random one, printed.
    #[arg(long)]
    pub token: Option<String>,
}

#[derive(Subcommand)]
pub enum StoreCommand {
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
    /// Analyze now and keep every report view, as collect does after reading: after editing the team map, identities, rubric or window, so that every report reads its view again.
    Keep,
}

#[derive(Subcommand)]
pub enum RubricCommand {
    /// Print the built-in rubric (the default when no subcommand is given).
    Show,
    /// Check a rubric file: metrics, thresholds per level and their order, rules, archetypes.
    Check {
        /// The rubric file.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum LogCommand {
    /// Append an entry to a person's evidence log (`<evidence_log_dir>/<person>.yaml`).
    Add(LogAddArgs),
}

#[derive(Args)]
pub struct LogAddArgs {
    /// Whose log: their handle.
    pub person: String,
    /// The rubric dimension or signal it is evidence for, e.g. trusted-judgment.
    #[arg(long)]
    pub dimension: String,
    /// What happened, in a sentence.
    #[arg(long)]
    pub what: String,
    /// When, as YYYY-MM-DD; default: today.
    #[arg(long)]
    pub date: Option<String>,
    /// A link to the evidence (repeatable).
    #[arg(long = "link")]
    pub links: Vec<String>,
    /// Someone who can confirm it (repeatable).
    #[arg(long = "confirm")]
    pub confirm: Vec<String>,
}
