//! `staffscope rubric` and `staffscope metrics`: what a rubric can say, for
//! the people who write one. Neither needs a store.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::emit;
use crate::cli::RubricCommand;

pub fn run(command: Option<RubricCommand>) -> Result<ExitCode> {
    match command {
        None | Some(RubricCommand::Show) => emit(analysis::assess::DEFAULT_RUBRIC)?,
        Some(RubricCommand::Check { file }) => check(&file)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// One line saying what the rubric file defines, or the first problem in it.
fn check(file: &Path) -> Result<()> {
    let content =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
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
    Ok(())
}

pub fn metrics() -> Result<ExitCode> {
    emit(&report::markdown::metrics())?;
    Ok(ExitCode::SUCCESS)
}
