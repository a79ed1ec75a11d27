//! One module per command group, each a function per command that takes its
//! parsed arguments and returns the exit code. What several commands share
//! is here: loading the configuration, analyzing, writing to stdout.

pub mod collect;
pub mod demo;
pub mod identities;
pub mod init;
pub mod kept;
pub mod log;
pub mod reports;
pub mod rubric;
pub mod serve;
pub mod store;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;

use pipeline::Analysis;
use pipeline::config::Config;

/// Where the configuration is, and the store that --store names instead of its own.
pub struct Settings {
    pub config: PathBuf,
    pub store: Option<String>,
    /// Neither read nor keep results between runs (`--fresh`).
    pub fresh: bool,
}

impl Settings {
    pub fn load(&self, now: i64) -> Result<Config> {
        let mut config = pipeline::load_config(&self.config, now)?;
        if let Some(store) = &self.store {
            config.store = ::store::StoreLocation::parse(store, Path::new(""));
        }
        Ok(config)
    }
}

pub fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// Data goes to stdout, with every email address hidden whatever field a
/// source put it in; a closed pipe ends the program quietly.
pub fn emit(text: &str) -> Result<()> {
    emit_as_is(&report::redact::hide_emails(text))
}

/// Data that shows addresses because the user asked for them
/// (`identities --show-emails`, `store dump`).
pub fn emit_as_is(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        stdout.write_all(b"\n")?;
    }
    stdout.flush()?;
    Ok(())
}

/// The organization analyzed for one command. It lives until the process
/// ends, so it is never dropped: freeing millions of small values one by
/// one took a tenth of a report's time on a large organization, and the
/// operating system takes the memory back at once.
pub fn analyze(settings: &Settings) -> Result<std::mem::ManuallyDrop<Analysis>> {
    let now = now();
    analyze_config(&settings.load(now)?, now)
}

/// [`analyze`] with the configuration already loaded at `now`.
pub fn analyze_config(config: &Config, now: i64) -> Result<std::mem::ManuallyDrop<Analysis>> {
    let analysis = pipeline::analyze(config, now)?;
    for diagnostic in &analysis.org.diagnostics {
        warn(diagnostic);
    }
    Ok(std::mem::ManuallyDrop::new(analysis))
}

/// A warning on stderr; a diagnostic may quote a line of a file, so
/// addresses are hidden as in the data.
pub fn warn(problem: &dyn std::fmt::Display) {
    eprintln!(
        "warning: {}",
        report::redact::hide_emails(&problem.to_string())
    );
}
