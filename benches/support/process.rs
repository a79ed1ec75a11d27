//! Running a command as its own process and measuring what it cost:
//! wall and CPU time, peak resident memory and peak anonymous memory.
//! Shared by the benchmarks that time whole commands.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one finished process cost.
#[derive(Clone, Copy, Debug)]
pub struct Run {
    pub wall: Duration,
    pub cpu: Duration,
    pub peak_rss_kib: u64,
    /// Peak of memory not backed by files (heap, stacks), sampled.
    pub peak_anon_kib: u64,
}

/// Runs `command` to completion, failing loudly, and measures it.
pub fn measure(mut command: Command) -> Run {
    command.stdout(Stdio::null()).stderr(Stdio::piped());
    let started = Instant::now();
    // Waited for with wait4 below, which also gives its resource usage.
    #[allow(clippy::zombie_processes)]
    let child = command.spawn().expect("command starts");
    let pid = child.id() as libc::pid_t;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut peak = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if let Some(kib) = status_field(pid, "RssAnon:") {
                    peak = peak.max(kib);
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            peak
        })
    };
    // Read stderr before waiting, so a chatty child never blocks.
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr {
        use std::io::Read as _;
        let _ = pipe.read_to_string(&mut stderr);
    }
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills in; pid is our child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let peak_anon_kib = sampler.join().unwrap_or(0);
    assert!(
        waited == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{command:?} failed:\n{stderr}"
    );
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Run {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        peak_rss_kib: usage.ru_maxrss as u64,
        peak_anon_kib,
    }
}

fn status_field(pid: libc::pid_t, field: &str) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

pub fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

pub fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}
