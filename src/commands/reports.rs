//! The commands that print a view of the analysis: one person's report,
//! packet and explanation, calibration, export, and the organization-wide
//! views. Each builds its view in `report` and only picks the format here.

use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::{Settings, analyze, emit};
use crate::cli::{
    CalibrateArgs, DocumentsArgs, ExplainArgs, ExportArgs, ExportFormat, Format, FormatArgs,
    PacketArgs, PacketFormat, PatternsArgs, ReportArgs, TeamsArgs,
};
use pipeline::Analysis;
use report::markdown;

pub fn report(settings: &Settings, args: ReportArgs) -> Result<ExitCode> {
    let mut analysis = analyze(settings)?;
    analysis.measure_quarters_of(&args.person)?;
    emit(&person_report(
        &analysis,
        &args.person,
        args.archetype.as_deref(),
        args.format,
    )?)?;
    Ok(ExitCode::SUCCESS)
}

pub fn packet(settings: &Settings, args: PacketArgs) -> Result<ExitCode> {
    let mut analysis = analyze(settings)?;
    analysis.measure_quarters_of(&args.person)?;
    let view = analysis.person_view(&args.person, args.archetype.as_deref())?;
    let packet = report::packet::packet(&view);
    emit(&match args.format {
        PacketFormat::Markdown => report::packet::markdown(&packet),
        PacketFormat::Html => report::packet::html(&packet),
        PacketFormat::Json => serde_json::to_string_pretty(&packet)?,
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn explain(settings: &Settings, args: ExplainArgs) -> Result<ExitCode> {
    let analysis = analyze(settings)?;
    let view = analysis.person_view(&args.person, args.archetype.as_deref())?;
    let explanation = report::explain::explain(&view, &args.what)?;
    emit(&match args.format {
        Format::Markdown => report::explain::markdown(&explanation),
        Format::Json => serde_json::to_string_pretty(&explanation)?,
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn calibrate(settings: &Settings, args: CalibrateArgs) -> Result<ExitCode> {
    let analysis = analyze(settings)?;
    let context = analysis.context();
    let chosen = match (&args.team, args.people.is_empty()) {
        (Some(_), false) => {
            anyhow::bail!("give either people or --team, not both")
        }
        (Some(team), true) => {
            let team_id = analysis.org.team_by_name(team).ok_or_else(|| {
                anyhow::anyhow!("no team `{team}`\nhint: `staffscope teams` lists the teams")
            })?;
            report::calibrate::members(&context, Some(team_id))
        }
        (None, true) => report::calibrate::members(&context, None),
        (None, false) => args
            .people
            .iter()
            .map(|query| analysis.find_person(query))
            .collect::<Result<Vec<_>, _>>()?,
    };
    if let Some(family) = &args.job_family
        && context.family_named(family).is_none()
    {
        let known: Vec<&str> = analysis
            .family_rubrics
            .iter()
            .map(|(n, _)| n.as_str())
            .collect();
        anyhow::bail!(
            "no rubric for job family `{family}`\nhint: `[rubrics]` in staffscope.toml names {}",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        );
    }
    let view = report::calibrate::calibrate_family(
        &context,
        &chosen,
        args.anonymize,
        args.job_family.as_deref(),
    );
    emit(&match args.format {
        Format::Markdown => report::calibrate::markdown(&view),
        Format::Json => serde_json::to_string_pretty(&view)?,
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn export(settings: &Settings, args: ExportArgs) -> Result<ExitCode> {
    let analysis = analyze(settings)?;
    let view = report::export::export(&analysis.context(), args.anonymize);
    let text = match args.format {
        ExportFormat::Json => serde_json::to_string_pretty(&view)? + "\n",
        ExportFormat::Csv => report::export::csv(&view)?,
    };
    match args.output {
        Some(path) => {
            std::fs::write(&path, report::redact::hide_emails(&text))
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "wrote {} people to {}{}",
                view.people.len(),
                path.display(),
                if args.anonymize { " (anonymized)" } else { "" }
            );
        }
        None => emit(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn org(settings: &Settings, args: FormatArgs) -> Result<ExitCode> {
    let analysis = analyze(settings)?;
    emit(&org_report(&analysis, args.format)?)?;
    Ok(ExitCode::SUCCESS)
}

pub fn people(settings: &Settings, args: FormatArgs) -> Result<ExitCode> {
    let analysis = analyze(settings)?;
    let view = report::people::people(&analysis.context());
    emit(&match args.format {
        Format::Markdown => report::people::markdown(&view),
        Format::Json => serde_json::to_string_pretty(&view)?,
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn documents(settings: &Settings, args: DocumentsArgs) -> Result<ExitCode> {
    let analysis = analyze(settings)?;
    if args.check {
        let config = settings.load(super::now())?;
        let view = report::documents::check(&analysis.context(), left_at_collect(&config));
        emit(&match args.format {
            Format::Markdown => report::documents::check_markdown(&view),
            Format::Json => serde_json::to_string_pretty(&view)?,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let view = report::documents::documents(&analysis.context());
    emit(&match args.format {
        Format::Markdown => report::documents::markdown(&view),
        Format::Json => serde_json::to_string_pretty(&view)?,
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Files in the repositories' document folders at HEAD that the path
/// rules leave out at collect, read from the repositories themselves (a
/// repository that cannot be opened is skipped; `collect` reports it).
fn left_at_collect(config: &pipeline::config::Config) -> Vec<analysis::resolve::SkippedDocument> {
    let Ok(sources) = config.repository_sources() else {
        return Vec::new();
    };
    let mut skipped = Vec::new();
    for source in sources.sources {
        let Ok(repo) = ::collect::git::GitRepo::open(&source.path) else {
            continue;
        };
        for (path, skip) in repo.skipped_at_head(&config.document_folders) {
            skipped.push(analysis::resolve::SkippedDocument {
                repository: source.name.clone(),
                path,
                reason: skip.reason().to_string(),
            });
        }
    }
    skipped
}

pub fn teams(settings: &Settings, args: TeamsArgs) -> Result<ExitCode> {
    let analysis = analyze(settings)?;
    let view = report::teams_report(&analysis.context());
    emit(&match args.format {
        Format::Markdown => report::teams::markdown(&view, args.check, args.details),
        Format::Json => serde_json::to_string_pretty(&view)?,
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn patterns(settings: &Settings, args: PatternsArgs) -> Result<ExitCode> {
    let analysis = analyze(settings)?;
    let person = match &args.person {
        Some(query) => Some(analysis.find_person(query)?),
        None => None,
    };
    let filter = report::triage::Filter {
        unowned: args.unowned,
        person,
    };
    let view = report::triage::triage(&analysis.context(), filter);
    emit(&match args.format {
        Format::Markdown => view.markdown(),
        Format::Json => serde_json::to_string_pretty(&view)?,
    })?;
    Ok(ExitCode::SUCCESS)
}

/// One person's report in `format`; `demo` prints it too.
pub fn person_report(
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

/// The organization's report in `format`; `demo` prints it too.
pub fn org_report(analysis: &Analysis, format: Format) -> Result<String> {
    let view = report::org_report(&analysis.context());
    Ok(match format {
        Format::Markdown => markdown::org(&view, &analysis.rubric.levels),
        Format::Json => serde_json::to_string_pretty(&view)?,
    })
}
