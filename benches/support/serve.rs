//! Timing `staffscope serve` from start: when it listens, when its first
//! pages answer, and when its analysis is ready for every page. Pages are
//! fetched over plain HTTP on loopback, one request per connection.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What serving cost, from the process's start.
pub struct Served {
    pub listening: Duration,
    /// Each page asked for at once: its path, status, when it answered
    /// (from start) and how long it took.
    pub first_pages: Vec<(String, u16, Duration, Duration)>,
    /// When the analysis was ready for every page (`None`: no analysis
    /// ran in the background, every page answered from the start).
    pub every_page: Option<Duration>,
    /// The same pages once the analysis is ready.
    pub later_pages: Vec<(String, u16, Duration)>,
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `serve` with `config`, asks for `pages` as soon as it listens,
/// waits for its analysis, asks again, and stops it.
pub fn time_serve(staffscope: &str, config: &Path, pages: &[String]) -> Served {
    let started = Instant::now();
    let mut child = Command::new(staffscope)
        .arg("--config")
        .arg(config)
        .args(["serve", "--port", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let stderr = child.stderr.take().expect("stderr");
    let _child = Killed(child);
    let mut lines = BufReader::new(stderr).lines();
    let (address, preparing) = loop {
        let line = lines
            .next()
            .expect("serve printed its address")
            .expect("text");
        if let Some(rest) = line.split("dashboard at http://").nth(1) {
            let host = rest.split('/').next().expect("host:port").to_string();
            break (host, line.contains("preparing the analysis"));
        }
    };
    let listening = started.elapsed();
    let first_pages = pages
        .iter()
        .map(|path| {
            let asked = Instant::now();
            let status = get(&address, path);
            (path.clone(), status, started.elapsed(), asked.elapsed())
        })
        .collect();
    let every_page = preparing.then(|| {
        for line in lines.by_ref() {
            if line.expect("text").contains("every page answers") {
                break;
            }
        }
        started.elapsed()
    });
    let later_pages = pages
        .iter()
        .map(|path| {
            let asked = Instant::now();
            (path.clone(), get(&address, path), asked.elapsed())
        })
        .collect();
    Served {
        listening,
        first_pages,
        every_page,
        later_pages,
    }
}

/// The status of a GET of `path`, after reading the whole answer.
fn get(address: &str, path: &str) -> u16 {
    let mut stream = TcpStream::connect(address).expect("connects");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .expect("sends");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("reads");
    String::from_utf8_lossy(&answer)
        .split_whitespace()
        .nth(1)
        .and_then(|status| status.parse().ok())
        .unwrap_or(0)
}
