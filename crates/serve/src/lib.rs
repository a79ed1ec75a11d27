//! The local web dashboard (`staffscope serve`): the organization, people,
//! one person's assessment down to each piece of evidence, and calibration,
//! as server-rendered HTML with server-drawn SVG charts.
//!
//! The analysis is built once and shared read-only; pages are rendered from
//! the report view models (no measuring here), and the pages that do not
//! depend on the request are rendered once and kept. With views kept
//! between runs ([`Kept`]) the dashboard answers before its analysis is
//! built: the organization, people, calibration and each person's pages
//! read their kept views, as do the recurring problems and each team's
//! page, and the pages that need the analysis (a pair of teams, evidence,
//! patterns near a person) say it is being prepared until it is.
//! Invariants:
//!
//! - Loopback by default. On loopback, requests must name a loopback host
//!   (a web page elsewhere cannot reach the dashboard through DNS rebinding);
//!   on any other address a token is required ([`Access::Token`]).
//! - Every text goes through [`html::text`]: escaped, email addresses hidden.
//!   Pages carry a Content-Security-Policy that allows no script at all.
//! - No I/O beyond the socket: evidence is looked up in the analysis in
//!   memory, so no URL can name a file; kept views are read through a
//!   function the binary gives, by keys the dashboard makes.
//! - A page is the same from kept views as from the analysis.

mod answers;
mod evidence_page;
pub mod html;
mod kept;
mod links;
mod org_page;
pub mod pages;
pub mod patterns_page;
mod person_page;
mod server;
pub mod svg;

use std::sync::OnceLock;

use analysis::assess::Rubric;
use report::Analysis;

pub use kept::{Kept, ReadKept};
pub use server::{HEADER_TIMEOUT, serve};

/// The stylesheet, embedded: the dashboard fetches nothing from elsewhere.
pub const STYLE: &str = include_str!("style.css");

const PAGE_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const TOKEN_COOKIE: &str = "staffscope_token";

/// Who may read the dashboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    /// Bound to a loopback address: anyone on this machine, through a loopback host name.
    Loopback,
    /// Bound elsewhere: requests need the token (`?token=`, a bearer header or the cookie set after the first visit).
    Token(String),
}

/// The dashboard's state: the analysis once built, views kept between
/// runs, and the pages rendered once.
pub struct Dashboard {
    analysis: OnceLock<Analysis>,
    /// The configured rubric, which pages read for its names and levels.
    rubric: Rubric,
    access: Access,
    kept: Option<Kept>,
    linker: OnceLock<links::Linker>,
    /// The org view, which the org page and every team page read.
    org_report: OnceLock<report::OrgReport>,
    people_view: OnceLock<report::people::PeopleView>,
    /// Every recurring problem, which the patterns page and each class's
    /// page read.
    triage: OnceLock<report::triage::Triage>,
    org_page: OnceLock<String>,
    people_page: OnceLock<String>,
    patterns_page: OnceLock<String>,
    /// Everyone side by side, named and anonymized.
    calibrate_pages: [OnceLock<String>; 2],
}

/// The parts of a request the dashboard reads.
#[derive(Clone, Copy, Debug, Default)]
pub struct Request<'a> {
    pub method: &'a str,
    /// The path as sent, still percent-encoded.
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub host: Option<&'a str>,
    pub authorization: Option<&'a str>,
    pub cookie: Option<&'a str>,
}

/// What the dashboard answers.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
    pub policy: &'static str,
    pub location: Option<String>,
    pub set_cookie: Option<String>,
    /// Seconds after which to ask again (a page not ready yet).
    pub retry_after: Option<u32>,
}

/// Seconds a page being prepared asks the browser to wait before reloading.
const PREPARING_RETRY: u32 = 3;

impl Reply {
    /// What a page that needs the analysis answers while it is built: try
    /// again shortly (browsers reload on their own).
    fn preparing() -> Reply {
        Reply {
            retry_after: Some(PREPARING_RETRY),
            ..Reply::html(
                503,
                pages::message(
                    "Preparing",
                    "The dashboard is still analyzing the collected data. This page needs the analysis and reloads by itself in a few seconds; the organization, people, teams, calibration, patterns and each person's pages are ready.",
                ),
            )
        }
    }

    fn html(status: u16, body: String) -> Reply {
        Reply {
            status,
            content_type: "text/html; charset=utf-8",
            body,
            policy: PAGE_POLICY,
            location: None,
            set_cookie: None,
            retry_after: None,
        }
    }

    fn not_found(message: &str) -> Reply {
        Reply::html(404, pages::message("Not found", message))
    }
}

/// The query's value for `key`, decoded.
fn query_value(query: Option<&str>, key: &str) -> Option<String> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(k, _)| *k == key)
        .and_then(|(_, value)| html::decode(value, true))
}

/// Compares without stopping at the first difference, so timing tells nothing.
fn same_secret(given: &str, expected: &str) -> bool {
    // An empty token (an unset variable in `--token "$T"`) opens nothing.
    !expected.is_empty()
        && given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    // Any loopback address (127.0.0.0/8, ::1), as `--bind` may name one.
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|address| address.is_loopback())
}

impl Dashboard {
    /// A dashboard over a built analysis.
    pub fn new(analysis: Analysis, access: Access) -> Dashboard {
        let dashboard = Dashboard::preparing(analysis.rubric.clone(), access, None);
        dashboard.ready(analysis);
        dashboard
    }

    /// A dashboard whose analysis is still being built: until
    /// [`Dashboard::ready`], it answers what `kept` holds and says the rest
    /// is being prepared. `rubric` is the one the analysis will have.
    pub fn preparing(rubric: Rubric, access: Access, kept: Option<Kept>) -> Dashboard {
        Dashboard {
            analysis: OnceLock::new(),
            rubric,
            access,
            kept,
            linker: OnceLock::new(),
            org_report: OnceLock::new(),
            people_view: OnceLock::new(),
            triage: OnceLock::new(),
            org_page: OnceLock::new(),
            people_page: OnceLock::new(),
            patterns_page: OnceLock::new(),
            calibrate_pages: [OnceLock::new(), OnceLock::new()],
        }
    }

    /// The analysis is built: every page answers from now on. A second
    /// analysis is ignored.
    pub fn ready(&self, analysis: Analysis) {
        let _ = self.analysis.set(analysis);
    }

    /// Answers one request: checks access, then routes.
    pub fn respond(&self, request: &Request<'_>) -> Reply {
        if request.method != "GET" && request.method != "HEAD" {
            return Reply::html(
                405,
                pages::message("Not allowed", "The dashboard only reads."),
            );
        }
        match &self.access {
            Access::Loopback => {
                if !request.host.is_some_and(is_loopback_host) {
                    return Reply::html(
                        403,
                        pages::message(
                            "Forbidden",
                            "This dashboard answers only to a loopback host name (127.0.0.1 or another 127.x.y.z address, localhost or [::1]).",
                        ),
                    );
                }
            }
            Access::Token(token) => {
                let bearer = request
                    .authorization
                    .and_then(|h| h.strip_prefix("Bearer "))
                    .is_some_and(|given| same_secret(given.trim(), token));
                let cookie = request.cookie.is_some_and(|cookies| {
                    cookies.split(';').any(|c| {
                        c.trim()
                            .strip_prefix(TOKEN_COOKIE)
                            .and_then(|rest| rest.strip_prefix('='))
                            .is_some_and(|given| same_secret(given, token))
                    })
                });
                let in_query = query_value(request.query, "token");
                if in_query
                    .as_deref()
                    .is_some_and(|given| same_secret(given, token))
                {
                    // Into a cookie, and out of the address bar and history.
                    let rest: Vec<&str> = request
                        .query
                        .unwrap_or_default()
                        .split('&')
                        .filter(|pair| !pair.starts_with("token=") && !pair.is_empty())
                        .collect();
                    let mut reply = Reply::html(303, String::new());
                    // One leading slash: `//host` would send the browser elsewhere.
                    let path = format!("/{}", request.path.trim_start_matches('/'));
                    reply.location = Some(if rest.is_empty() {
                        path
                    } else {
                        format!("{path}?{}", rest.join("&"))
                    });
                    reply.set_cookie = Some(format!(
                        "{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
                    ));
                    return reply;
                }
                if !bearer && !cookie {
                    return Reply::html(
                        401,
                        pages::message(
                            "Access token needed",
                            "This dashboard is served beyond this machine, so it needs the access token printed when it started: open the address with ?token=<token>, or send the header Authorization: Bearer <token>.",
                        ),
                    );
                }
            }
        }
        self.route(request)
    }

    fn route(&self, request: &Request<'_>) -> Reply {
        let Some(segments) = request
            .path
            .strip_prefix('/')
            .unwrap_or(request.path)
            .split('/')
            .map(|segment| html::decode(segment, false))
            .collect::<Option<Vec<String>>>()
        else {
            return Reply::not_found("This address is not valid UTF-8.");
        };
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        let query = request.query;
        let answer = match segments.as_slice() {
            [""] => self.org(),
            ["people"] => self.people(query),
            ["team", name] => self.team(name),
            ["team", from, "to", to] => self.pair(from, to),
            ["person", handle] => self.person(handle, query, None),
            ["person", handle, what] => self.person(handle, query, Some(what)),
            ["evidence", rest @ ..] if rest.len() >= 2 => self.evidence(rest, query),
            ["calibrate"] => self.calibrate(query),
            ["packet", handle] => self.packet(handle),
            ["patterns"] => self.patterns(query),
            ["patterns", class] => self.pattern_class(class, query),
            ["static", "style.css"] => Ok(Reply {
                content_type: "text/css; charset=utf-8",
                ..Reply::html(200, STYLE.to_string())
            }),
            _ => Err(Reply::not_found("There is no page at this address.")),
        };
        answer.unwrap_or_else(|reply| reply)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_host_names() {
        // `--bind 127.0.0.2` prints that address: it must answer. An
        // address names no one else (a rebound name would be a name).
        for host in [
            "127.0.0.1:8080",
            "127.0.0.2:80",
            "localhost:1",
            "[::1]:80",
            "localhost",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "evil.example:8080",
            "127.0.0.1.evil.example",
            "[::2]:80",
            "localhost.evil.example",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn query_values_are_decoded() {
        assert_eq!(
            query_value(Some("a=1&team=core+platform"), "team").as_deref(),
            Some("core platform")
        );
        assert_eq!(
            query_value(Some("anonymize"), "anonymize").as_deref(),
            Some("")
        );
        assert_eq!(query_value(None, "team"), None);
    }

    #[test]
    fn the_token_in_the_address_becomes_a_cookie_and_leaves_the_address() {
        let dashboard = Dashboard::new(empty_analysis(), Access::Token("t0k".into()));
        let request = |path, query| Request {
            method: "GET",
            path,
            query,
            host: Some("dashboard.example"),
            ..Request::default()
        };
        let reply = dashboard.respond(&request("//evil.example", Some("token=t0k&team=a")));
        assert_eq!(reply.status, 303);
        assert_eq!(reply.location.as_deref(), Some("/evil.example?team=a"));
        assert!(
            reply
                .set_cookie
                .is_some_and(|c| c.starts_with("staffscope_token=t0k;"))
        );
        assert_eq!(
            dashboard.respond(&request("/", Some("token=t0"))).status,
            401
        );
        assert_eq!(dashboard.respond(&request("/", None)).status, 401);
        let with_cookie = Request {
            cookie: Some("a=b; staffscope_token=t0k"),
            ..request("/patterns", None)
        };
        assert_eq!(dashboard.respond(&with_cookie).status, 200);
    }

    #[test]
    fn an_empty_token_opens_nothing() {
        let dashboard = Dashboard::new(empty_analysis(), Access::Token(String::new()));
        let request = |query, cookie| Request {
            method: "GET",
            path: "/",
            query,
            cookie,
            host: Some("dashboard.example"),
            ..Request::default()
        };
        assert_eq!(
            dashboard.respond(&request(Some("token="), None)).status,
            401
        );
        let empty_cookie = request(None, Some("staffscope_token="));
        assert_eq!(dashboard.respond(&empty_cookie).status, 401);
    }

    fn empty_analysis() -> Analysis {
        let rubric = analysis::assess::parse_rubric("built-in", analysis::assess::DEFAULT_RUBRIC)
            .expect("valid");
        let org = analysis::resolve::resolve(analysis::resolve::Inputs {
            commits: Vec::new(),
            history: Vec::new(),
            repo_files: &[],
            reviews: &Default::default(),
            repos: Vec::new(),
            teams: None,
            teams_file_name: "",
            identities: None,
            mailmap: None,
            bots: &Default::default(),
            mass_changes: &Default::default(),
            evidence_logs: &[],
            calendars: &[],
            document_folders: Vec::new(),
            document_skip: &[],
            forgotten: &|_| false,
            citations: true,
        });
        let window = model::Window { since: 0, until: 1 };
        Analysis::new(
            org,
            window,
            (rubric, String::new()),
            report::pseudonym::Pseudonyms::new("test"),
        )
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abd", "abc"));
        assert!(!same_secret("ab", "abc"));
    }
}
