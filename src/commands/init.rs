//! `staffscope init`: a first configuration written from what is found on
//! disk, for the user to review before the first collect.

use std::process::ExitCode;

use anyhow::{Context as _, Result};

use crate::cli::InitArgs;
use pipeline::config;

pub fn run(InitArgs { dir, force }: InitArgs) -> Result<ExitCode> {
    let target = dir.join(config::FILE_NAME);
    if target.exists() && !force {
        anyhow::bail!(
            "{}: already exists\nhint: pass --force to replace it",
            target.display()
        );
    }
    let plan = config::plan_init(&dir);
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
