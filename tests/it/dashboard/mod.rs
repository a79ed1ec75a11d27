//! The web dashboard, tested end to end: the real binary serves a real
//! organization on a free loopback port, and headless Chromium, driven over
//! the W3C WebDriver protocol by `chromedriver`, clicks through it. The
//! WebDriver client is the few lines of HTTP/1.1 here (JSON over one local
//! socket needs no HTTP crate). Screenshots of every page are saved under
//! `target/dashboard-screenshots/`.
//!
//! Chromium and chromedriver are required (CI installs Debian's `chromium`
//! and `chromium-driver`); without them these tests fail and say so.

mod browser;
mod kept;
mod pages;
mod paths;
mod safety;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

// ---------------------------------------------------------------------------
// A minimal HTTP/1.1 client: one request per connection.

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one request to `address` (`host:port`) with extra headers.
fn http(
    method: &str,
    address: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Response {
    let mut stream =
        TcpStream::connect(address).unwrap_or_else(|e| panic!("cannot connect to {address}: {e}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .expect("timeout");
    let mut request = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        request.push_str(&format!("Host: {address}\r\n"));
    }
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = body.unwrap_or("");
    if method == "POST" {
        request.push_str("Content-Type: application/json\r\n");
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).expect("send request");
    // Read the head, then exactly the body's length: a WebDriver server may
    // keep the connection open whatever the request asked.
    let mut raw = Vec::new();
    let mut buffer = [0u8; 65536];
    let mut split = None;
    let mut length = None;
    loop {
        if let (Some(at), Some(length)) = (split, length)
            && raw.len() >= at + 4 + length
        {
            break;
        }
        let read = stream.read(&mut buffer).expect("read response");
        if read == 0 {
            break;
        }
        raw.extend_from_slice(&buffer[..read]);
        if split.is_none()
            && let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n")
        {
            split = Some(at);
            length = String::from_utf8_lossy(&raw[..at])
                .lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(n, _)| n.trim().eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.trim().parse::<usize>().ok());
        }
    }
    let split = split.expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let mut head_lines = head.lines();
    let status = head_lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = head_lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    if headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"))
    {
        let mut decoded = Vec::new();
        let mut rest = &body[..];
        while let Some(end) = rest.windows(2).position(|w| w == b"\r\n") {
            let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..end]).trim(), 16)
                .expect("chunk size");
            if size == 0 {
                break;
            }
            decoded.extend_from_slice(&rest[end + 2..end + 2 + size]);
            rest = &rest[end + 2 + size + 2..];
        }
        body = decoded;
    }
    Response {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

// ---------------------------------------------------------------------------
// Processes that end with the test.

struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The dashboard, started by the real binary; its address from stderr.
struct Server {
    _process: Process,
    address: String,
}

fn start_server(dir: &Path, args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_staffscope"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("staffscope starts");
    let stderr = child.stderr.take().expect("stderr");
    let process = Process(child);
    let mut seen = String::new();
    let mut address: Option<String> = None;
    for line in BufReader::new(stderr).lines() {
        let line = line.expect("stderr is text");
        seen.push_str(&line);
        seen.push('\n');
        if let Some(address) = &address
            && line.contains("every page answers")
        {
            return Server {
                _process: process,
                address: address.clone(),
            };
        }
        if let Some(rest) = line.split("dashboard at http://").nth(1) {
            let host = rest.split('/').next().expect("host:port").to_string();
            // Served from kept results while the analysis is built: the
            // tests read every page, so they wait for it.
            if !line.contains("preparing the analysis") {
                return Server {
                    _process: process,
                    address: host,
                };
            }
            address = Some(host);
        }
    }
    panic!(
        "staffscope {} ended without serving:\n{seen}",
        args.join(" ")
    );
}

/// The demo organization, built in a fresh temporary folder and served;
/// `extra` adds options to `demo` (`--scale 160`). The folder lives as long
/// as the server.
fn serve_demo(extra: &[&str]) -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = dir.path().join("demo");
    let mut args = vec!["demo", "--dir", demo.to_str().expect("utf-8")];
    args.extend_from_slice(extra);
    args.extend(["--serve", "--port", "0"]);
    let server = start_server(dir.path(), &args);
    (dir, server)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}
