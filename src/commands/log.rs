//! `staffscope log add`: one entry appended to a person's evidence log, the
//! record of what no tool sees, in whichever form the log already takes.

use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::{Settings, now};
use crate::cli::LogAddArgs;

pub fn add(settings: &Settings, args: LogAddArgs) -> Result<ExitCode> {
    let LogAddArgs {
        person,
        dimension,
        what,
        date,
        links,
        confirm,
    } = args;
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
    let entry =
        analysis::resolve::evidence_log::entry_text(&date, &dimension, &what, &links, &confirm);
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
