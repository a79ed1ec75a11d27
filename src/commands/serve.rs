//! `staffscope serve`: the dashboard over the store, with the access rules
//! decided here (loopback, or a token) and its address printed on stderr.

use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::{Settings, analyze, now};
use crate::cli::ServeArgs;
use pipeline::Analysis;

/// The shortest access token `--token` accepts.
const MIN_TOKEN: usize = 16;

pub fn run(settings: &Settings, ServeArgs { bind, port, token }: ServeArgs) -> Result<ExitCode> {
    let mut analysis = analyze(settings)?;
    analysis.measure_quarters();
    dashboard(
        std::mem::ManuallyDrop::into_inner(analysis),
        bind,
        port,
        token,
    )
}

/// Serves the dashboard until interrupted; the address goes to stderr.
pub fn dashboard(
    analysis: Analysis,
    bind: std::net::IpAddr,
    port: u16,
    token: Option<String>,
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
    ::serve::serve(listener, Dashboard::new(analysis, access)).context("the dashboard stopped")?;
    Ok(ExitCode::SUCCESS)
}
