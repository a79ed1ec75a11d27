//! `staffscope collect`: reading the repositories into the store, with the
//! progress shown on stderr (a bar on a terminal, log lines otherwise).
//! The progress display is the binary's: only it knows terminals.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Mutex;

use anyhow::Result;

use super::{Settings, now, warn};
use crate::cli::CollectArgs;
use ::collect::{CollectOptions, Progress, RepoOutcome, RepoStatus};
use pipeline::config::Config;

pub fn run(settings: &Settings, args: CollectArgs) -> Result<ExitCode> {
    let config = settings.load(now())?;
    let code = collect(&config, args.threads, args.batch_size)?;
    keep_results(settings);
    Ok(code)
}

/// Analyzes what was collected and keeps the views reports read, so that
/// the next report of one person reads theirs. An analysis that fails (a
/// broken team map) fails again, with its message, at the next report; the
/// collect itself stands.
fn keep_results(settings: &Settings) {
    if settings.fresh {
        return;
    }
    let started = std::time::Instant::now();
    let now = now();
    let kept = settings.load(now).and_then(|config| {
        super::kept::keep_everything(settings, &config, now, super::kept::Keeping::Missing)
    });
    match kept {
        Ok(0) => {}
        Ok(views) => eprintln!(
            "kept {views} report views for the next runs in {:.1}s",
            started.elapsed().as_secs_f64()
        ),
        Err(error) => warn(&format!(
            "no report views kept for the next runs: {error:#}"
        )),
    }
}

/// Collects `config`'s repositories; `demo` collects its organization with it.
pub fn collect(
    config: &Config,
    threads: Option<usize>,
    batch_size: Option<usize>,
) -> Result<ExitCode> {
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
    let mut exports_partial = 0;
    for export in &exports {
        for problem in &export.problems {
            warn(problem);
        }
        if export.kept_previous {
            exports_partial += 1;
            eprintln!(
                "error: {}: the code review export could not be read whole (see above); the store keeps what it held from the last complete read",
                export.repository
            );
            continue;
        }
        eprintln!(
            "{}: code review export: {} pull requests, {} reviews, {} review requests",
            export.repository, export.pulls, export.reviews, export.requests
        );
        if export.incomplete {
            exports_partial += 1;
            eprintln!(
                "error: {}: the code review export could not be read whole (see above); what could be read is stored, as the store held nothing from it",
                export.repository
            );
        }
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
    if failed > 0 || exports_partial > 0 {
        if failed > 0 {
            eprintln!("{failed} repositories could not be read; see the errors above");
        }
        if exports_partial > 0 {
            eprintln!(
                "{exports_partial} code review exports could not be read whole; fix them and collect again"
            );
        }
        return Ok(ExitCode::from(3));
    }
    Ok(ExitCode::SUCCESS)
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
            RepoStatus::DocumentsReread => format!(
                "{}: up to date; documents read again, as the document folders or the rules for them changed since the last collect",
                outcome.name
            ),
            RepoStatus::Empty => format!("{}: no commits yet, nothing to read", outcome.name),
            RepoStatus::Failed(error) => format!("error: {}: {error}", outcome.name),
        };
        self.log(line);
    }
}
