//! `staffscope serve`: the dashboard over the store, with the access rules
//! decided here (loopback, or a token) and its address printed on stderr.

use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::kept::Kept;
use super::{Settings, analyze_config, now};
use crate::cli::ServeArgs;
use pipeline::Analysis;

/// The shortest access token `--token` accepts.
const MIN_TOKEN: usize = 16;

pub fn run(settings: &Settings, ServeArgs { bind, port, token }: ServeArgs) -> Result<ExitCode> {
    let now = now();
    let config = settings.load(now)?;
    // Opened before the analysis reads the store: views kept for exactly
    // this data spare measuring everyone's quarters before listening.
    let kept = Kept::open(settings, &config, now).and_then(|mut kept| {
        kept.directory()?;
        Some(kept)
    });
    let mut analysis = analyze_config(&config, now)?;
    if kept.is_none() {
        analysis.measure_quarters();
    }
    let views = kept.map(|kept| {
        let kept = std::sync::Mutex::new(kept);
        Box::new(move |person, archetype: Option<&str>| {
            let mut kept = kept.lock().ok()?;
            report::stored::person(person, archetype, |key| kept.bytes(key))
        }) as ::serve::KeptViews
    });
    serve_dashboard(
        std::mem::ManuallyDrop::into_inner(analysis),
        views,
        (bind, port, token),
    )
}

/// Serves the dashboard until interrupted; the address goes to stderr.
pub fn dashboard(
    analysis: Analysis,
    bind: std::net::IpAddr,
    port: u16,
    token: Option<String>,
) -> Result<ExitCode> {
    serve_dashboard(analysis, None, (bind, port, token))
}

fn serve_dashboard(
    analysis: Analysis,
    views: Option<::serve::KeptViews>,
    (bind, port, token): (std::net::IpAddr, u16, Option<String>),
) -> Result<ExitCode> {
    use ::serve::{Access, Dashboard};
    if let Some(given) = &token
        && given.trim().chars().count() < MIN_TOKEN
    {
        anyhow::bail!(
            "--token is {} characters long: a token opens every assessment to whoever can reach {bind}, so it needs at least {MIN_TOKEN} (an unset variable in `--token \"$T\"` gives an empty one); leave --token out for a random one",
            given.trim().chars().count()
        );
    }
    // A token asked for is used even on loopback (another user of this
    // machine could reach it).
    let access = if bind.is_loopback() && token.is_none() {
        Access::Loopback
    } else if bind.is_loopback() {
        Access::Token(token.clone().unwrap_or_default())
    } else {
        eprintln!(
            "warning: serving on {bind}, beyond this machine: anyone who can reach it and has the token can read every assessment"
        );
        Access::Token(token.unwrap_or_else(|| {
            use std::hash::{BuildHasher, Hasher};
            // Two 64-bit values from the operating system's random hash keys.
            (0..2)
                .map(|_| {
                    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
                    hasher.write_u64(now() as u64);
                    format!("{:016x}", hasher.finish())
                })
                .collect()
        }))
    };
    let listener = std::net::TcpListener::bind((bind, port))
        .with_context(|| format!("cannot listen on {bind} port {port}"))?;
    let address = listener
        .local_addr()
        .context("cannot read the bound address")?;
    let host = if bind.is_loopback() && bind.is_ipv4() {
        address.to_string()
    } else {
        format!(
            "{}:{}",
            if bind.is_ipv6() {
                format!("[{bind}]")
            } else {
                bind.to_string()
            },
            address.port()
        )
    };
    match &access {
        Access::Loopback => eprintln!("dashboard at http://{host}/ (Ctrl-C stops it)"),
        Access::Token(token) => {
            eprintln!("dashboard at http://{host}/?token={token} (Ctrl-C stops it)")
        }
    }
    let mut dashboard = Dashboard::new(analysis, access);
    if let Some(views) = views {
        dashboard = dashboard.with_kept_views(views);
    }
    ::serve::serve(listener, dashboard).context("the dashboard stopped")?;
    Ok(ExitCode::SUCCESS)
}
