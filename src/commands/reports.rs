//! The commands that print a view of the analysis: one person's report,
//! packet and explanation, calibration, export, and the organization-wide
//! views. Each builds its view in `report` and only picks the format here.

use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::kept::Kept;
use super::{Settings, analyze, analyze_config, emit};
use crate::cli::{
    CalibrateArgs, DocumentsArgs, ExplainArgs, ExportArgs, ExportFormat, Format, FormatArgs,
    PacketArgs, PacketFormat, PatternsArgs, ReportArgs, TeamsArgs,
};
use pipeline::Analysis;
use report::PersonReport;
use report::markdown;
use report::stored::{self, keys};

pub fn report(settings: &Settings, args: ReportArgs) -> Result<ExitCode> {
    let (view, levels) = person_view(settings, &args.person, args.archetype.as_deref())?;
    emit(&render_person(&view, &levels, args.format)?)?;
    Ok(ExitCode::SUCCESS)
}

/// One person's view with their trends, and the rubric's levels: kept in
/// the store when what it is computed from is unchanged, else computed
/// (and kept for the next run).
fn person_view(
    settings: &Settings,
    query: &str,
    archetype: Option<&str>,
) -> Result<(PersonReport, Vec<String>)> {
    let now = super::now();
    let config = settings.load(now)?;
    let mut kept = Kept::open(settings, &config, now);
    if let Some(kept) = &mut kept
        && let Some(directory) = kept.directory()
    {
        let person = archetype
            .map_or(Ok(()), |id| directory.check_archetype(id))
            .and_then(|()| directory.find(query));
        // Warnings come first, as an analysis gives them, also before an error.
        match person {
            Err(error) => {
                Kept::warn(&directory);
                return Err(error.into());
            }
            Ok(person) => {
                if let Some(view) = stored::person(person, archetype, |key| kept.bytes(key)) {
                    Kept::warn(&directory);
                    return Ok((view, directory.levels));
                }
            }
        }
    }
    let analysis = analyze_config(&config, now)?;
    if let Some(id) = archetype {
        analysis.check_archetype(id)?;
    }
    let view = analysis.person_view_with_trends(analysis.find_person(query)?, archetype);
    if let Some(kept) = &mut kept {
        let person = analysis.find_person(query)?.person;
        kept.keep_view(
            &analysis,
            &keys::person(person, archetype),
            stored::encode_person(&view, archetype),
        );
    }
    Ok((view, analysis.rubric.levels.clone()))
}

fn render_person(view: &PersonReport, levels: &[String], format: Format) -> Result<String> {
    Ok(match format {
        Format::Markdown => markdown::person(view, levels.first().map_or("", String::as_str)),
        Format::Json => serde_json::to_string_pretty(view)?,
    })
}

pub fn packet(settings: &Settings, args: PacketArgs) -> Result<ExitCode> {
    let (view, _) = person_view(settings, &args.person, args.archetype.as_deref())?;
    let packet = report::packet::packet(&view);
    emit(&match args.format {
        PacketFormat::Markdown => report::packet::markdown(&packet),
        PacketFormat::Html => report::packet::html(&packet),
        PacketFormat::Json => serde_json::to_string_pretty(&packet)?,
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn explain(settings: &Settings, args: ExplainArgs) -> Result<ExitCode> {
    let (view, _) = person_view(settings, &args.person, args.archetype.as_deref())?;
    let explanation = report::explain::explain(&view, &args.what)?;
    emit(&match args.format {
        Format::Markdown => report::explain::markdown(&explanation),
        Format::Json => serde_json::to_string_pretty(&explanation)?,
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn calibrate(settings: &Settings, args: CalibrateArgs) -> Result<ExitCode> {
    let now = super::now();
    let config = settings.load(now)?;
    // Everyone's and each team's calibration on the configured rubric are
    // kept; a list of people or a job family's rubric is computed.
    let kept_key = (args.people.is_empty() && args.job_family.is_none())
        .then(|| keys::calibration(args.team.as_deref(), args.anonymize));
    let mut kept = kept_key
        .as_ref()
        .and_then(|_| Kept::open(settings, &config, now));
    if let (Some(kept), Some(key)) = (&mut kept, &kept_key)
        && let Some((view, _)) = kept.answer(key, stored::decode_calibration)
    {
        emit(&render_calibration(&view, args.format)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let analysis = analyze_config(&config, now)?;
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
    if let (Some(kept), Some(key)) = (&mut kept, &kept_key) {
        kept.keep_view(&analysis, key, stored::encode_calibration(&view));
    }
    emit(&render_calibration(&view, args.format)?)?;
    Ok(ExitCode::SUCCESS)
}

fn render_calibration(view: &report::calibrate::Calibration, format: Format) -> Result<String> {
    Ok(match format {
        Format::Markdown => report::calibrate::markdown(view),
        Format::Json => serde_json::to_string_pretty(view)?,
    })
}

pub fn export(settings: &Settings, args: ExportArgs) -> Result<ExitCode> {
    let csv = matches!(args.format, ExportFormat::Csv);
    let key = keys::export(csv, args.anonymize);
    let stored::ExportText { people, text } = kept_or_computed(settings, &key, |analysis| {
        Ok(stored::export(&analysis.context(), csv, args.anonymize)?)
    })?;
    match args.output {
        Some(path) => {
            std::fs::write(&path, report::redact::hide_emails(&text))
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "wrote {people} people to {}{}",
                path.display(),
                if args.anonymize { " (anonymized)" } else { "" }
            );
        }
        None => emit(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The output kept under `key` for exactly this data, with the warnings
/// an analysis gives; else computed by `render` from an analysis, and kept.
fn kept_or_computed<T: serde::Serialize + serde::de::DeserializeOwned>(
    settings: &Settings,
    key: &str,
    render: impl FnOnce(&Analysis) -> Result<T>,
) -> Result<T> {
    let now = super::now();
    let config = settings.load(now)?;
    let mut kept = Kept::open(settings, &config, now);
    if let Some(kept) = &mut kept
        && let Some((output, _)) = kept.answer(key, stored::decode)
    {
        return Ok(output);
    }
    let analysis = analyze_config(&config, now)?;
    let output = render(&analysis)?;
    if let Some(kept) = &mut kept {
        kept.keep_view(&analysis, key, stored::encode(&output));
    }
    Ok(output)
}

pub fn org(settings: &Settings, args: FormatArgs) -> Result<ExitCode> {
    let now = super::now();
    let config = settings.load(now)?;
    let mut kept = Kept::open(settings, &config, now);
    if let Some(kept) = &mut kept
        && let Some((view, levels)) = kept.answer(keys::ORG, stored::decode)
    {
        emit(&render_org(&view, &levels, args.format)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let analysis = analyze_config(&config, now)?;
    let view = report::org_report(&analysis.context());
    if let Some(kept) = &mut kept {
        kept.keep_view(&analysis, keys::ORG, stored::encode(&view));
    }
    emit(&render_org(&view, &analysis.rubric.levels, args.format)?)?;
    Ok(ExitCode::SUCCESS)
}

pub fn people(settings: &Settings, args: FormatArgs) -> Result<ExitCode> {
    let now = super::now();
    let config = settings.load(now)?;
    let mut kept = Kept::open(settings, &config, now);
    let found = kept
        .as_mut()
        .and_then(|kept| kept.answer(keys::PEOPLE, stored::decode_people));
    let view = match found {
        Some((view, _)) => view,
        None => {
            let analysis = analyze_config(&config, now)?;
            let view = report::people::people(&analysis.context());
            if let Some(kept) = &mut kept {
                kept.keep_view(&analysis, keys::PEOPLE, stored::encode_people(&view));
            }
            view
        }
    };
    emit(&match args.format {
        Format::Markdown => report::people::markdown(&view),
        Format::Json => serde_json::to_string_pretty(&view)?,
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn documents(settings: &Settings, args: DocumentsArgs) -> Result<ExitCode> {
    let json = matches!(args.format, Format::Json);
    if args.check {
        let analysis = analyze(settings)?;
        let config = settings.load(super::now())?;
        let view = report::documents::check(&analysis.context(), left_at_collect(&config));
        emit(&match args.format {
            Format::Markdown => report::documents::check_markdown(&view),
            Format::Json => serde_json::to_string_pretty(&view)?,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let text: String = kept_or_computed(settings, keys::documents(json), |analysis| {
        Ok(stored::documents(&analysis.context(), json)?)
    })?;
    emit(&text)?;
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
    let shape = stored::TeamsText {
        json: matches!(args.format, Format::Json),
        check: args.check,
        details: args.details,
    };
    let text: String = kept_or_computed(settings, &keys::teams(shape), |analysis| {
        Ok(stored::teams(&analysis.context(), shape)?)
    })?;
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn patterns(settings: &Settings, args: PatternsArgs) -> Result<ExitCode> {
    let now = super::now();
    let config = settings.load(now)?;
    // Everyone's classes, and the unowned ones, are kept; those near one
    // person are computed.
    let key = args.person.is_none().then(|| keys::patterns(args.unowned));
    let mut kept = key.and_then(|_| Kept::open(settings, &config, now));
    if let (Some(kept), Some(key)) = (&mut kept, key)
        && let Some((view, _)) = kept.answer(key, stored::decode::<report::triage::Triage>)
    {
        return emit_patterns(&view, args.format);
    }
    let analysis = analyze_config(&config, now)?;
    let person = match &args.person {
        Some(query) => Some(analysis.find_person(query)?),
        None => None,
    };
    let filter = report::triage::Filter {
        unowned: args.unowned,
        person,
    };
    let view = report::triage::triage(&analysis.context(), filter);
    if let (Some(kept), Some(key)) = (&mut kept, key) {
        kept.keep_view(&analysis, key, stored::encode(&view));
    }
    emit_patterns(&view, args.format)
}

fn emit_patterns(view: &report::triage::Triage, format: Format) -> Result<ExitCode> {
    emit(&match format {
        Format::Markdown => view.markdown(),
        Format::Json => serde_json::to_string_pretty(view)?,
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
    render_person(&view, &analysis.rubric.levels, format)
}

/// The organization's report in `format`; `demo` prints it too.
pub fn org_report(analysis: &Analysis, format: Format) -> Result<String> {
    render_org(
        &report::org_report(&analysis.context()),
        &analysis.rubric.levels,
        format,
    )
}

fn render_org(view: &report::OrgReport, levels: &[String], format: Format) -> Result<String> {
    Ok(match format {
        Format::Markdown => markdown::org(view, levels),
        Format::Json => serde_json::to_string_pretty(view)?,
    })
}
