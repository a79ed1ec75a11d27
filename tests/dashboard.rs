//! The web dashboard, tested end to end: the real binary serves a real
//! organization on a free loopback port, and headless Chromium, driven over
//! the W3C WebDriver protocol by `chromedriver`, clicks through it. The
//! WebDriver client is the few lines of HTTP/1.1 below (JSON over one local
//! socket needs no HTTP crate). Screenshots of every page are saved under
//! `target/dashboard-screenshots/`.
//!
//! Chromium and chromedriver are required (CI installs Debian's `chromium`
//! and `chromium-driver`); without them these tests fail and say so.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{TestOrg, lines};
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

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

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        .map(value)
        .collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let mut n = 0u32;
        for (i, d) in chunk.iter().enumerate() {
            n |= u32::from(*d) << (18 - 6 * i);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
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
    for line in BufReader::new(stderr).lines() {
        let line = line.expect("stderr is text");
        seen.push_str(&line);
        seen.push('\n');
        if let Some(rest) = line.split("dashboard at http://").nth(1) {
            let address = rest.split('/').next().expect("host:port").to_string();
            return Server {
                _process: process,
                address,
            };
        }
    }
    panic!(
        "staffscope {} ended without serving:\n{seen}",
        args.join(" ")
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// One headless Chromium session over WebDriver.
struct Browser {
    _driver: Process,
    _profile: tempfile::TempDir,
    driver: String,
    session: String,
    shots: PathBuf,
}

impl Browser {
    fn start(shots: &str) -> Browser {
        for (path, package) in [(CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")] {
            assert!(
                Path::new(path).exists(),
                "{path} is missing: the dashboard's browser tests need Chromium and its WebDriver\nhint: apt-get install -y chromium chromium-driver ({package}); .ci/run installs them"
            );
        }
        let port = free_port();
        let driver = Process(
            Command::new(CHROMEDRIVER)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver starts"),
        );
        let address = format!("127.0.0.1:{port}");
        let started = Instant::now();
        while TcpStream::connect(&address).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not listen on {address}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().expect("a fresh profile folder");
        let capabilities = json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }}}});
        let answer = http(
            "POST",
            &address,
            "/session",
            &[],
            Some(&capabilities.to_string()),
        );
        let value: Value = serde_json::from_str(&answer.body).expect("JSON from chromedriver");
        let session = value["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {}", answer.body))
            .to_string();
        let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .expect("the target folder")
            .join("dashboard-screenshots")
            .join(shots);
        std::fs::create_dir_all(&shots).expect("screenshot folder");
        let browser = Browser {
            _driver: driver,
            _profile: profile,
            driver: address,
            session,
            shots,
        };
        browser.command(
            "POST",
            "window/rect",
            json!({"width": 1400, "height": 1000}),
        );
        browser
    }

    fn command(&self, method: &str, path: &str, body: Value) -> Value {
        let path = format!("/session/{}/{path}", self.session);
        let body = (method == "POST").then(|| body.to_string());
        let answer = http(method, &self.driver, &path, &[], body.as_deref());
        let value: Value = serde_json::from_str(&answer.body).expect("JSON from chromedriver");
        assert!(
            answer.status == 200,
            "WebDriver {method} {path} failed: {}",
            answer.body
        );
        value["value"].clone()
    }

    fn open(&self, url: &str) {
        self.command("POST", "url", json!({ "url": url }));
    }

    fn title(&self) -> String {
        self.command("GET", "title", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn url(&self) -> String {
        self.command("GET", "url", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn source(&self) -> String {
        self.command("GET", "source", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn elements(&self, css: &str) -> Vec<String> {
        self.command(
            "POST",
            "elements",
            json!({"using": "css selector", "value": css}),
        )
        .as_array()
        .expect("a list of elements")
        .iter()
        .filter_map(|e| e.as_object()?.values().next()?.as_str().map(String::from))
        .collect()
    }

    fn element(&self, css: &str) -> String {
        self.elements(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no element {css:?} on {}", self.url()))
    }

    fn text(&self, css: &str) -> String {
        let id = self.element(css);
        self.command("GET", &format!("element/{id}/text"), Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn click(&self, css: &str) {
        let id = self.element(css);
        self.command("POST", &format!("element/{id}/click"), json!({}));
    }

    /// Saves a screenshot of the whole page (the window grown to fit it).
    fn screenshot(&self, name: &str) {
        let height = self
            .command(
                "POST",
                "execute/sync",
                json!({"script": "return document.documentElement.scrollHeight", "args": []}),
            )
            .as_u64()
            .unwrap_or(1000)
            .clamp(700, 6000);
        self.command(
            "POST",
            "window/rect",
            json!({"width": 1400, "height": height + 120}),
        );
        let png = self.command("GET", "screenshot", Value::Null);
        let bytes = base64_decode(png.as_str().expect("base64 PNG"));
        assert!(bytes.starts_with(b"\x89PNG"), "a PNG");
        std::fs::write(self.shots.join(format!("{name}.png")), bytes).expect("save screenshot");
        self.command(
            "POST",
            "window/rect",
            json!({"width": 1400, "height": 1000}),
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let path = format!("/session/{}", self.session);
        let _ = std::panic::catch_unwind(|| http("DELETE", &self.driver, &path, &[], None));
    }
}

// ---------------------------------------------------------------------------
// The demo organization, from the org view to one piece of evidence.

#[test]
fn a_manager_clicks_from_the_org_to_a_person_to_one_piece_of_evidence() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = dir.path().join("demo");
    let server = start_server(
        dir.path(),
        &[
            "demo",
            "--dir",
            demo.to_str().expect("utf-8"),
            "--serve",
            "--port",
            "0",
        ],
    );
    let base = format!("http://{}", server.address);
    let browser = Browser::start("demo");

    browser.open(&format!("{base}/"));
    assert_eq!(browser.title(), "Organization · staffscope");
    assert!(
        !browser.elements("svg.graph line.edge").is_empty(),
        "the interaction map has edges"
    );
    assert!(
        !browser.elements("table.levels-table svg.levels").is_empty(),
        "level bars"
    );
    assert!(browser.text(".bridges").contains("Priya Raman"));
    browser.screenshot("1-org");

    // The org view names the bridges; one click opens a person.
    browser.click(".bridges a[href='/person/priya']");
    assert!(
        browser.url().ends_with("/person/priya"),
        "{}",
        browser.url()
    );
    assert_eq!(browser.text("h1"), "Priya Raman");
    let dimensions = browser.text("table.dimensions");
    assert!(dimensions.contains("Scope"), "{dimensions}");
    assert!(
        !browser.elements("table.dimensions svg.spark").is_empty(),
        "trend charts"
    );
    browser.screenshot("2-person");

    // Her scope value opens every piece of evidence behind it.
    browser.click("table.dimensions a[href='/person/priya/scope']");
    assert!(browser.text("h1").contains("Scope"));
    assert!(browser.text(".conclusion").contains("teams_reached"));
    browser.screenshot("3-explain-scope");

    // One commit among them.
    let commit = browser
        .elements("a.evidence-id")
        .into_iter()
        .find(|id| self::is_commit_link(&browser, id))
        .expect("a commit among the evidence");
    browser.command("POST", &format!("element/{commit}/click"), json!({}));
    assert!(browser.url().contains("/evidence/"), "{}", browser.url());
    assert_eq!(browser.text(".kind span"), "COMMIT");
    let facts = browser.text("dl.facts");
    assert!(facts.contains("Author") && facts.contains("(@"), "{facts}");
    assert!(
        browser
            .text("body")
            .contains("Behind these numbers of Priya Raman")
    );
    assert!(
        !browser.elements("table td.add").is_empty(),
        "files with lines"
    );
    browser.screenshot("4-evidence-commit");

    // A document and an evidence-log entry open too.
    browser.open(&format!("{base}/person/priya/writing"));
    browser.click("a.evidence-id[href*='%3A'], a.evidence-id[href*='.md']");
    assert_eq!(browser.text(".kind span"), "DOCUMENT");
    browser.screenshot("5-evidence-document");

    for (path, name, title) in [
        ("/people", "6-people", "People"),
        ("/calibrate", "7-calibrate", "Calibration"),
        (
            "/calibrate?anonymize=1",
            "8-calibrate-anonymized",
            "Calibration",
        ),
        ("/patterns", "9-patterns", "Patterns"),
        ("/packet/priya", "10-packet", "Promotion packet"),
        ("/person/marcus", "11-person-senior-mode", "Marcus"),
    ] {
        browser.open(&format!("{base}{path}"));
        assert!(
            browser.title().starts_with(title),
            "{path}: {}",
            browser.title()
        );
        if path == "/patterns" {
            assert!(
                !browser.elements(".pattern a.evidence-id").is_empty(),
                "recurring problems with their evidence"
            );
        }
        if path.contains("anonymize") {
            assert!(
                !browser.source().contains("Priya Raman"),
                "the anonymized table names no one"
            );
        }
        browser.screenshot(name);
    }
}

fn is_commit_link(browser: &Browser, element: &str) -> bool {
    let href = browser.command(
        "GET",
        &format!("element/{element}/attribute/href"),
        Value::Null,
    );
    let href = href.as_str().unwrap_or_default();
    let reference = href.rsplit('/').next().unwrap_or_default();
    let reference = reference.split('?').next().unwrap_or_default();
    reference.len() == 12 && reference.bytes().all(|b| b.is_ascii_hexdigit())
}

#[test]
fn every_linked_page_of_the_demo_opens_and_none_shows_an_email_address() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = dir.path().join("demo");
    let server = start_server(
        dir.path(),
        &[
            "demo",
            "--dir",
            demo.to_str().expect("utf-8"),
            "--serve",
            "--port",
            "0",
        ],
    );
    // Every page the org, people and person pages link to, one level deep from each person.
    let get = |path: &str| http("GET", &server.address, path, &[], None);
    let mut pages = vec![
        "/".to_string(),
        "/people".into(),
        "/calibrate".into(),
        "/patterns".into(),
    ];
    let people = get("/people").body;
    let handles: Vec<String> = people
        .split("href=\"/person/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next().map(String::from))
        .collect();
    assert!(handles.len() >= 20, "{handles:?}");
    for handle in &handles {
        pages.push(format!("/person/{handle}"));
        pages.push(format!("/packet/{handle}"));
    }
    let priya = get("/person/priya").body;
    for link in priya
        .split("href=\"")
        .skip(1)
        .filter_map(|r| r.split('"').next())
    {
        if link.starts_with("/person/priya/") {
            let explain = get(&link.replace("&amp;", "&")).body;
            pages.push(link.replace("&amp;", "&"));
            pages.extend(
                explain
                    .split("href=\"")
                    .skip(1)
                    .filter_map(|r| r.split('"').next())
                    .filter(|l| l.starts_with("/evidence/"))
                    .map(|l| l.replace("&amp;", "&")),
            );
        }
    }
    pages.sort();
    pages.dedup();
    // Every kind of evidence opens: commits, pull requests, documents, evidence-log entries.
    for kind in [
        "/evidence/payments-api/",
        "%23",
        ".md",
        "evidence%2Fpriya.yaml/",
    ] {
        assert!(
            pages
                .iter()
                .any(|p| p.starts_with("/evidence/") && p.contains(kind)),
            "no evidence page like {kind}"
        );
    }
    for page in &pages {
        let response = get(page);
        assert_eq!(response.status, 200, "{page}");
        assert!(
            !response.body.contains("@acme.example"),
            "{page} shows an email address"
        );
    }
}

// ---------------------------------------------------------------------------
// Safety: escaping in the browser, traversal, loopback and the token.

const PLANTED_SUMMARY: &str = "<script>document.title='pwned'</script><img src=x onerror=\"document.body.appendChild(document.createElement('pwned'))\"> fix retries";
const PLANTED_NAME: &str = "<b id=\"planted\">Mallory</b><script>document.title='pwned'</script>";

/// A small organization whose commits carry markup in a message and a name.
fn planted_org() -> TestOrg {
    let org = TestOrg::new();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64;
    let day = 86_400;
    let repo = org.repo("payments");
    repo.commit(
        ("Ada Lovelace", "ada@acme.example"),
        now - 40 * day,
        &[("src/ledger.rs", Some(&lines("ledger", 30)))],
        "Add the ledger",
    );
    // git drops `<` and `>` from author names, so the name with markup comes
    // from the identities file, as a declared name would.
    org.write(
        "identities.toml",
        &format!(
            "[[person]]\nhandle = \"mallory\"\nname = {PLANTED_NAME:?}\nemails = [\"mallory@evil.example\"]\n"
        ),
    );
    repo.commit(
        ("Mallory \"&amp; <i>\" O'Brien", "mallory@evil.example"),
        now - 20 * day,
        &[("src/retry.rs", Some(&lines("retry", 12)))],
        &format!("{PLANTED_SUMMARY}\n\nReviewed-by: Ada Lovelace <ada@acme.example>"),
    );
    org.run(&["init"]).success();
    org.run(&["collect"]).success();
    org
}

#[test]
fn markup_planted_in_commits_and_names_shows_as_text_and_never_runs() {
    let org = planted_org();
    let commit = common::git(
        &org.path().join("payments"),
        &["rev-parse", "--short=12", "HEAD"],
    );
    let commit = commit.trim();
    let server = start_server(org.path(), &["serve", "--port", "0"]);
    let base = format!("http://{}", server.address);
    let browser = Browser::start("planted");
    let handle = "mallory";
    for (path, name) in [
        ("/".to_string(), "org"),
        ("/people".to_string(), "people"),
        (format!("/person/{handle}"), "person"),
        (format!("/person/{handle}/operating-mix"), "explain"),
        (
            format!("/evidence/payments/{commit}?person={handle}"),
            "evidence",
        ),
        ("/calibrate".to_string(), "calibrate"),
        (format!("/packet/{handle}"), "packet"),
    ] {
        browser.open(&format!("{base}{path}"));
        let title = browser.title();
        assert_ne!(title, "pwned", "{path}: a planted script ran");
        assert!(
            browser.elements("pwned").is_empty(),
            "{path}: a planted handler ran"
        );
        assert!(
            browser.elements("#planted").is_empty(),
            "{path}: planted markup became an element"
        );
        assert!(
            browser.elements("img").is_empty(),
            "{path}: a planted image became an element"
        );
        assert!(
            !browser.source().contains("@evil.example"),
            "{path} shows an email address"
        );
        browser.screenshot(name);
    }
    browser.open(&format!(
        "{base}/evidence/payments/{commit}?person={handle}"
    ));
    assert_eq!(
        browser.text("h1"),
        PLANTED_SUMMARY,
        "the summary shows as text"
    );
    assert!(
        browser.text("dl.facts").contains(PLANTED_NAME),
        "the name shows as text"
    );
}

#[test]
fn evidence_links_read_only_the_collected_data() {
    let org = planted_org();
    let server = start_server(org.path(), &["serve", "--port", "0"]);
    for path in [
        "/evidence/payments/..%2F..%2F..%2Fetc%2Fpasswd",
        "/evidence/..%2F..%2Fetc/passwd",
        "/evidence/%2Fetc%2Fpasswd/1",
        "/evidence/payments/..",
        "/evidence/staffscope.toml/1",
        "/evidence/payments/src%2Fretry.rs",
        "/evidence/payments/000000000000",
        "/evidence/payments/%2312",
        "/../../etc/passwd",
        "/static/..%2F..%2FCargo.toml",
        "/person/nobody",
        "/person/mallory/no-such-dimension",
        "/evidence/payments",
    ] {
        let response = http("GET", &server.address, path, &[], None);
        assert_eq!(response.status, 404, "{path}: {}", response.body);
        assert!(!response.body.contains("root:"), "{path}");
    }
}

#[test]
fn the_dashboard_listens_on_loopback_and_answers_only_loopback_names() {
    let org = planted_org();
    let server = start_server(org.path(), &["serve", "--port", "0"]);
    assert!(
        server.address.starts_with("127.0.0.1:"),
        "{}",
        server.address
    );
    let ok = http("GET", &server.address, "/", &[], None);
    assert_eq!(ok.status, 200);
    let policy = ok.header("content-security-policy").expect("a policy");
    assert!(
        policy.contains("default-src 'none'") && !policy.contains("script-src"),
        "{policy}"
    );
    let port = server.address.split(':').nth(1).expect("port");
    let localhost = format!("localhost:{port}");
    assert_eq!(
        http(
            "GET",
            &server.address,
            "/",
            &[("Host", localhost.as_str())],
            None
        )
        .status,
        200
    );
    // A page elsewhere reaching it through DNS rebinding sends its own host name.
    let rebound = http(
        "GET",
        &server.address,
        "/",
        &[("Host", "attacker.example")],
        None,
    );
    assert_eq!(rebound.status, 403);
    assert_eq!(
        http("POST", &server.address, "/", &[], Some("{}")).status,
        405
    );
}

#[test]
fn another_address_needs_a_flag_prints_a_warning_and_requires_the_token() {
    let org = planted_org();
    let mut child = Command::new(env!("CARGO_BIN_EXE_staffscope"))
        .current_dir(org.path())
        .args([
            "serve",
            "--bind",
            "0.0.0.0",
            "--port",
            "0",
            "--token",
            "s3cret-token",
        ])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("staffscope starts");
    let stderr = child.stderr.take().expect("stderr");
    let _process = Process(child);
    let mut warning = false;
    let mut address = String::new();
    for line in BufReader::new(stderr).lines() {
        let line = line.expect("text");
        warning |= line.starts_with("warning: serving on 0.0.0.0");
        if let Some(rest) = line.split("dashboard at http://").nth(1) {
            assert!(rest.contains("?token=s3cret-token"), "{line}");
            let port = rest
                .split('/')
                .next()
                .and_then(|a| a.rsplit(':').next())
                .expect("port");
            address = format!("127.0.0.1:{port}");
            break;
        }
    }
    assert!(warning, "a warning before serving beyond loopback");
    let host = [("Host", "dashboard.example:80")];
    assert_eq!(http("GET", &address, "/", &host, None).status, 401);
    assert_eq!(
        http("GET", &address, "/?token=wrong", &host, None).status,
        401
    );
    let bearer = [
        ("Host", "dashboard.example:80"),
        ("Authorization", "Bearer s3cret-token"),
    ];
    assert_eq!(http("GET", &address, "/people", &bearer, None).status, 200);
    let first = http("GET", &address, "/people?token=s3cret-token", &host, None);
    assert_eq!(first.status, 303);
    assert_eq!(first.header("location"), Some("/people"));
    let cookie = first.header("set-cookie").expect("a cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    let cookie = cookie.split(';').next().expect("name=value");
    let with_cookie = [("Host", "dashboard.example:80"), ("Cookie", cookie)];
    assert_eq!(
        http("GET", &address, "/people", &with_cookie, None).status,
        200
    );

    // Without --token, one is made up and printed.
    let generated = start_server(org.path(), &["serve", "--bind", "0.0.0.0", "--port", "0"]);
    let port = generated.address.rsplit(':').next().expect("port");
    let address = format!("127.0.0.1:{port}");
    assert_eq!(http("GET", &address, "/", &host, None).status, 401);
}
