//! `staffscope store` and `staffscope forget`: the commands that change or
//! print the store itself rather than a view of the analysis.
//!
//! The forget report is rendered here, not in `report`: it describes what
//! `store` removed (`store::ForgetReport`), and `report` sits below `store`
//! and `pipeline` in the crate graph, seeing only the analysis.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use super::{Settings, emit, emit_as_is, now};
use crate::cli::{ForgetArgs, Format, StoreCommand};

pub fn run(settings: &Settings, command: StoreCommand) -> Result<ExitCode> {
    use ::store::{Store, StoreLocation};
    // `--store` names the store without a configuration; otherwise the
    // configuration's store.
    let configured = || -> Result<StoreLocation> {
        match &settings.store {
            Some(store) => Ok(StoreLocation::parse(store, Path::new(""))),
            None => Ok(settings.load(now())?.store),
        }
    };
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
            let report = ::store::copy(&mut source, &mut destination, force)?;
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
            emit_as_is(&store.dump()?.to_string())?;
        }
        StoreCommand::Keep => {
            let (started, now) = (std::time::Instant::now(), now());
            let config = settings.load(now)?;
            let views =
                super::kept::keep_everything(settings, &config, now, super::kept::Keeping::All)?;
            eprintln!(
                "kept {views} report views in {:.1}s",
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn forget(settings: &Settings, args: ForgetArgs) -> Result<ExitCode> {
    let config = settings.load(now())?;
    let forgetting = pipeline::forget(&config, &args.person)?;
    emit(&forget_report(&forgetting, args.format)?)?;
    Ok(ExitCode::SUCCESS)
}

fn forget_report(forgetting: &pipeline::Forgetting, format: Format) -> Result<String> {
    let report = &forgetting.report;
    if format == Format::Json {
        #[derive(serde::Serialize)]
        struct Json<'a> {
            name: &'a str,
            handle: &'a str,
            removed: &'a ::store::ForgetReport,
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
        ::store::TOMBSTONE_NAME
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
