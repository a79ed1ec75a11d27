//! One headless Chromium session, driven over WebDriver.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{Process, free_port, http};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

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

/// One headless Chromium session over WebDriver.
pub(super) struct Browser {
    _driver: Process,
    _profile: tempfile::TempDir,
    driver: String,
    session: String,
    shots: PathBuf,
    /// The window's width: a desktop's, or a phone's.
    width: std::cell::Cell<u64>,
}

impl Browser {
    pub(super) fn start(shots: &str) -> Browser {
        for (path, package) in [(CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")] {
            assert!(
                Path::new(path).exists(),
                "{path} is missing: the dashboard's browser tests need Chromium and its WebDriver\nhint: apt-get install -y chromium chromium-driver ({package}); scripts/test.sh installs them"
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
            width: std::cell::Cell::new(1400),
        };
        browser.command(
            "POST",
            "window/rect",
            json!({"width": 1400, "height": 1000}),
        );
        browser
    }

    pub(super) fn command(&self, method: &str, path: &str, body: Value) -> Value {
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

    pub(super) fn open(&self, url: &str) {
        self.command("POST", "url", json!({ "url": url }));
    }

    pub(super) fn title(&self) -> String {
        self.command("GET", "title", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub(super) fn url(&self) -> String {
        self.command("GET", "url", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub(super) fn source(&self) -> String {
        self.command("GET", "source", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub(super) fn elements(&self, css: &str) -> Vec<String> {
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

    pub(super) fn element(&self, css: &str) -> String {
        self.elements(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no element {css:?} on {}", self.url()))
    }

    pub(super) fn text(&self, css: &str) -> String {
        let id = self.element(css);
        self.command("GET", &format!("element/{id}/text"), Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Clicks the first element `css` matches that a reader can see.
    pub(super) fn click(&self, css: &str) {
        let id = self
            .elements(css)
            .into_iter()
            .find(|id| self.displayed(id))
            .unwrap_or_else(|| panic!("no visible element {css:?} on {}", self.url()));
        self.command("POST", &format!("element/{id}/click"), json!({}));
    }

    pub(super) fn displayed(&self, element: &str) -> bool {
        self.command("GET", &format!("element/{element}/displayed"), Value::Null)
            .as_bool()
            .unwrap_or(false)
    }

    /// Saves a screenshot of the whole page (the window grown to fit it).
    pub(super) fn screenshot(&self, name: &str) {
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
            json!({"width": self.width.get(), "height": height + 120}),
        );
        let png = self.command("GET", "screenshot", Value::Null);
        let bytes = base64_decode(png.as_str().expect("base64 PNG"));
        assert!(bytes.starts_with(b"\x89PNG"), "a PNG");
        std::fs::write(self.shots.join(format!("{name}.png")), bytes).expect("save screenshot");
        self.resize(self.width.get());
    }

    /// Makes the window `width` wide (390 is a phone), 1000 high.
    pub(super) fn resize(&self, width: u64) {
        self.width.set(width);
        self.command(
            "POST",
            "window/rect",
            json!({"width": width, "height": 1000}),
        );
    }

    /// Runs `script` in the page with `args`, returning its value.
    pub(super) fn run(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "execute/sync",
            json!({"script": script, "args": args}),
        )
    }

    /// Waits until the address holds `part`: a submitted form may still be
    /// loading when the click returns.
    pub(super) fn wait_for_url(&self, part: &str) {
        let started = Instant::now();
        while !self.url().contains(part) {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the address never held {part:?}: {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The browser's back button.
    pub(super) fn back(&self) {
        self.command("POST", "back", json!({}));
    }

    /// Clicks the first element `css` matches whose link target contains
    /// `href_part`, as a reader picks one link among several.
    pub(super) fn click_href(&self, css: &str, href_part: &str) {
        let element = self
            .elements(css)
            .into_iter()
            .find(|id| {
                self.command("GET", &format!("element/{id}/attribute/href"), Value::Null)
                    .as_str()
                    .is_some_and(|href| href.contains(href_part))
                    && self.displayed(id)
            })
            .unwrap_or_else(|| panic!("no {css} linking to {href_part:?} on {}", self.url()));
        self.command("POST", &format!("element/{element}/click"), json!({}));
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let path = format!("/session/{}", self.session);
        let _ = std::panic::catch_unwind(|| http("DELETE", &self.driver, &path, &[], None));
    }
}
