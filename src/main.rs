//! The staffscope command line: parses arguments, hands each command to its
//! module under `commands`, and maps errors to exit codes. Commands show
//! progress on stderr and print on stdout. Views of the analysis are built
//! and rendered in `report`, the same views the dashboard shows; only what
//! the command line alone prints is formatted here (progress, the
//! identities listing with its email addresses, store and forget summaries).

mod cli;
mod commands;

use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use cli::{Cli, Command, LogCommand};
use commands::{Settings, collect, demo, identities, init, log, reports, rubric, serve, store};

/// mimalloc: staffscope builds millions of small strings, vectors and maps
/// (commits, paths, identities) and frees them in bulk, where glibc's
/// allocator spent a fifth of a report's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            let hidden = |text: String| report::redact::hide_emails(&text);
            eprintln!("error: {}", hidden(error.to_string()));
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {}", hidden(cause.to_string()));
            }
            ExitCode::from(1)
        }
    }
}

/// A reader that stopped reading (`staffscope org | head`) is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    let settings = Settings {
        config: cli.config,
        store: cli.store,
        fresh: cli.fresh,
    };
    match cli.command {
        Command::Demo(args) => demo::run(&settings, args),
        Command::Init(args) => init::run(args),
        Command::Collect(args) => collect::run(&settings, args),
        Command::Report(args) => reports::report(&settings, args),
        Command::Packet(args) => reports::packet(&settings, args),
        Command::Explain(args) => reports::explain(&settings, args),
        Command::Calibrate(args) => reports::calibrate(&settings, args),
        Command::Export(args) => reports::export(&settings, args),
        Command::Org(args) => reports::org(&settings, args),
        Command::People(args) => reports::people(&settings, args),
        Command::Documents(args) => reports::documents(&settings, args),
        Command::Identities(args) => identities::run(&settings, args),
        Command::Teams(args) => reports::teams(&settings, args),
        Command::Log {
            command: LogCommand::Add(args),
        } => log::add(&settings, args),
        Command::Patterns(args) => reports::patterns(&settings, args),
        Command::Rubric { command } => rubric::run(command),
        Command::Metrics => rubric::metrics(),
        Command::Store { command } => store::run(&settings, command),
        Command::Forget(args) => store::forget(&settings, args),
        Command::Serve(args) => serve::run(&settings, args),
    }
}
