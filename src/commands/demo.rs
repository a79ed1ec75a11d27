//! `staffscope demo`: the demo organization built as real git repositories,
//! collected and assessed like any other, then printed or served.

use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::collect::collect;
use super::kept::Kept;
use super::reports::{org_report, person_report};
use super::serve::dashboard;
use super::{Settings, emit, warn};
use crate::cli::{DemoArgs, Format};

/// Marks a folder as made by `staffscope demo`, so that only such a folder
/// is ever removed to build the demo again.
const DEMO_MARKER: &str = ".staffscope-demo";

pub fn run(settings: &Settings, args: DemoArgs) -> Result<ExitCode> {
    let DemoArgs {
        dir,
        person,
        format,
        serve,
        port,
        scale,
        commits_per_repo,
        engineers,
        codeowners,
    } = args;
    let serve_on = serve.then_some(port);
    let scale = scale.map(|repositories| {
        let mut options = ::demo::scaled::ScaleOptions::new(repositories, commits_per_repo);
        if let Some(engineers) = engineers {
            options.engineers = engineers.max(2);
            options.teams = (options.engineers / 20).max(1);
        }
        options.codeowners = codeowners;
        options
    });
    let dir = match dir {
        Some(dir) => dir,
        None => {
            let dir = std::env::temp_dir().join("staffscope-demo");
            // Only a folder an earlier demo made is removed: it carries a marker.
            if dir.join(DEMO_MARKER).exists() {
                std::fs::remove_dir_all(&dir).with_context(|| {
                    format!("cannot clear the earlier demo at {}", dir.display())
                })?;
            } else if dir.exists() {
                anyhow::bail!(
                    "{}: exists and was not made by `staffscope demo`\nhint: pass --dir to build the demo elsewhere",
                    dir.display()
                );
            }
            dir
        }
    };
    let started = std::time::Instant::now();
    eprintln!("building the demo organization in {}", dir.display());
    let demo = match &scale {
        None => ::demo::generate(&dir, &::demo::DemoOptions::default()),
        Some(options) => ::demo::scaled::generate(&dir, options).map(|org| {
            eprintln!(
                "generated {} repositories, {} engineers, {} commits in {:.1}s",
                org.repositories.len(),
                org.engineers.len(),
                org.commits,
                started.elapsed().as_secs_f64()
            );
            ::demo::DemoOrg {
                root: org.root,
                config: org.config,
                repositories: org.repositories,
                staff_engineer: org.engineers[0].clone(),
                senior_mode_engineer: org.engineers[1].clone(),
            }
        }),
    }
    .with_context(|| format!("cannot build the demo organization in {}", dir.display()))?;
    std::fs::write(
        dir.join(DEMO_MARKER),
        "made by `staffscope demo`; safe to delete\n",
    )
    .with_context(|| format!("cannot write into {}", dir.display()))?;
    let now = super::now();
    let config = pipeline::load_config(&demo.config, now)?;
    let code = collect(&config, None, None)?;
    // Opened before the analysis reads the store, as `collect` does.
    let demo_settings = Settings {
        config: demo.config.clone(),
        store: None,
        fresh: settings.fresh,
    };
    let kept = Kept::open(&demo_settings, &config, now);
    let mut analysis = pipeline::analyze(&config, now)?;
    analysis.measure_quarters();
    for diagnostic in &analysis.org.diagnostics {
        warn(diagnostic);
    }
    if let Some(port) = serve_on {
        eprintln!(
            "demo built in {:.1}s; try @{} or @{}",
            started.elapsed().as_secs_f64(),
            demo.staff_engineer,
            demo.senior_mode_engineer
        );
        return dashboard(analysis, std::net::Ipv4Addr::LOCALHOST.into(), port, None);
    }
    let who = person.unwrap_or_else(|| demo.staff_engineer.clone());
    let (org_text, person_text) = (
        org_report(&analysis, format)?,
        person_report(&analysis, &who, None, format)?,
    );
    match format {
        Format::Json => emit(&format!(
            "{{\"org\": {org_text},\n\"person\": {person_text}}}"
        ))?,
        Format::Markdown => emit(&format!("{org_text}\n---\n\n{person_text}"))?,
    }
    // Everyone's views, so that the reports suggested below read them.
    if let Some(mut kept) = kept {
        super::kept::keep_set(&analysis, &mut kept);
    }
    eprintln!(
        "demo built and assessed in {:.1}s; explore it with `staffscope --config {} report <person>` (try @{} or @{})",
        started.elapsed().as_secs_f64(),
        demo.config.display(),
        demo.staff_engineer,
        demo.senior_mode_engineer
    );
    Ok(code)
}
