//! `staffscope serve`: the dashboard over the store, with the access rules
//! decided here (loopback, or a token) and its address printed on stderr.

use std::io::Write as _;
use std::process::ExitCode;
use std::sync::Arc;

use ::serve::{Access, Dashboard};
use anyhow::{Context as _, Result};

use super::kept::Kept;
use super::{Settings, analyze_config, now};
use crate::cli::ServeArgs;
use pipeline::Analysis;

/// What the address line adds while the analysis is built.
const PREPARING: &str = "; preparing the analysis, while the organization, people, teams, calibration, patterns and each person's pages answer from the kept results";

/// The shortest access token `--token` accepts.
const MIN_TOKEN: usize = 16;

pub fn run(settings: &Settings, ServeArgs { bind, port, token }: ServeArgs) -> Result<ExitCode> {
    let now = now();
    let config = settings.load(now)?;
    // Views kept for exactly this data: the dashboard answers from them
    // while the analysis is built, and reads people's pages from them
    // after, so the analysis need not measure everyone's quarters.
    let kept = Kept::open(settings, &config, now).and_then(|kept| {
        let kept = std::sync::Mutex::new(kept);
        ::serve::Kept::new(Box::new(move |key| kept.lock().ok()?.bytes(key)))
    });
    let Some(kept) = kept else {
        let mut analysis = analyze_config(&config, now)?;
        analysis.measure_quarters();
        return dashboard(
            std::mem::ManuallyDrop::into_inner(analysis),
            bind,
            port,
            token,
        );
    };
    Kept::warn(kept.directory());
    let (rubric, _) = pipeline::load_rubric(&config)?;
    let access = access(bind, token)?;
    let dashboard = Arc::new(Dashboard::preparing(rubric, access.clone(), Some(kept)));
    let started = std::time::Instant::now();
    let server = listen(Arc::clone(&dashboard), bind, port, &access, PREPARING)?;
    // Its warnings were given from the kept directory, which holds them.
    let analysis = pipeline::analyze(&config, now)?;
    dashboard.ready(analysis);
    // Nothing to do if stderr is gone: the dashboard serves on.
    let _ = writeln!(
        std::io::stderr(),
        "analysis ready after {:.1}s: every page answers",
        started.elapsed().as_secs_f64()
    );
    until_stopped(server)
}

/// Serves the dashboard until interrupted; the address goes to stderr.
pub fn dashboard(
    analysis: Analysis,
    bind: std::net::IpAddr,
    port: u16,
    token: Option<String>,
) -> Result<ExitCode> {
    let access = access(bind, token)?;
    let dashboard = Arc::new(Dashboard::new(analysis, access.clone()));
    until_stopped(listen(dashboard, bind, port, &access, "")?)
}

/// Waits for the server's thread, which ends only if serving fails.
fn until_stopped(server: std::thread::JoinHandle<std::io::Result<()>>) -> Result<ExitCode> {
    server
        .join()
        .map_err(|_| anyhow::anyhow!("the dashboard stopped"))?
        .context("the dashboard stopped")?;
    Ok(ExitCode::SUCCESS)
}

/// Who may read: anyone on this machine through a loopback name, or
/// whoever has the token.
fn access(bind: std::net::IpAddr, token: Option<String>) -> Result<Access> {
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
    Ok(if bind.is_loopback() && token.is_none() {
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
    })
}

/// Listens, prints the address, and serves on a thread of its own until
/// the process ends.
fn listen(
    dashboard: Arc<Dashboard>,
    bind: std::net::IpAddr,
    port: u16,
    access: &Access,
    note: &str,
) -> Result<std::thread::JoinHandle<std::io::Result<()>>> {
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
    match access {
        Access::Loopback => eprintln!("dashboard at http://{host}/ (Ctrl-C stops it){note}"),
        Access::Token(token) => {
            eprintln!("dashboard at http://{host}/?token={token} (Ctrl-C stops it){note}")
        }
    }
    Ok(std::thread::spawn(move || {
        ::serve::serve(listener, dashboard)
    }))
}
