//! The local web dashboard (`staffscope serve`): the organization, people,
//! one person's assessment down to each piece of evidence, and calibration,
//! as server-rendered HTML with server-drawn SVG charts.
//!
//! The analysis is built once before serving and shared read-only; pages are
//! rendered from the report view models (no measuring here), and the pages
//! that do not depend on the request are rendered once and kept. Invariants:
//!
//! - Loopback by default. On loopback, requests must name a loopback host
//!   (a web page elsewhere cannot reach the dashboard through DNS rebinding);
//!   on any other address a token is required ([`Access::Token`]).
//! - Every text goes through [`html::text`]: escaped, email addresses hidden.
//!   Pages carry a Content-Security-Policy that allows no script at all.
//! - No I/O beyond the socket: evidence is looked up in the analysis in
//!   memory, so no URL can name a file.

mod evidence_page;
pub mod html;
mod links;
mod org_page;
pub mod pages;
pub mod patterns_page;
mod person_page;
pub mod svg;

use std::sync::{Arc, OnceLock};

use report::Analysis;

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

/// The dashboard's state: the analysis and the pages rendered once.
pub struct Dashboard {
    analysis: Analysis,
    access: Access,
    linker: links::Linker,
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
    /// People's views as the binary kept them between runs, when it did.
    kept: Option<KeptViews>,
}

/// A person's view against an archetype (or none), as kept between runs
/// for the analysis being served: equal to the one computed, and read
/// instead of measuring everyone's quarters at start. Keyed by the
/// person, never by anything a request names.
pub type KeptViews = Box<
    dyn Fn(analysis::resolve::PersonId, Option<&str>) -> Option<report::PersonReport> + Send + Sync,
>;

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
}

impl Reply {
    fn html(status: u16, body: String) -> Reply {
        Reply {
            status,
            content_type: "text/html; charset=utf-8",
            body,
            policy: PAGE_POLICY,
            location: None,
            set_cookie: None,
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
    pub fn new(analysis: Analysis, access: Access) -> Dashboard {
        Dashboard {
            linker: links::Linker::new(&analysis),
            analysis,
            access,
            org_report: OnceLock::new(),
            people_view: OnceLock::new(),
            triage: OnceLock::new(),
            org_page: OnceLock::new(),
            people_page: OnceLock::new(),
            patterns_page: OnceLock::new(),
            calibrate_pages: [OnceLock::new(), OnceLock::new()],
            kept: None,
        }
    }

    /// Reads people's views from `kept` before computing them; with it the
    /// analysis need not have measured everyone's quarters.
    pub fn with_kept_views(mut self, kept: KeptViews) -> Dashboard {
        self.kept = Some(kept);
        self
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
        match segments.as_slice() {
            [""] => Reply::html(200, self.org_page.get_or_init(|| self.org()).clone()),
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
            ["static", "style.css"] => Reply {
                content_type: "text/css; charset=utf-8",
                ..Reply::html(200, STYLE.to_string())
            },
            _ => Reply::not_found("There is no page at this address."),
        }
    }

    fn context(&self) -> report::Context<'_> {
        self.analysis.context()
    }

    fn org_report(&self) -> &report::OrgReport {
        self.org_report
            .get_or_init(|| report::org_report(&self.context()))
    }

    fn people_view(&self) -> &report::people::PeopleView {
        self.people_view
            .get_or_init(|| report::people::people(&self.context()))
    }

    fn team_names(&self) -> Vec<String> {
        let mut teams: Vec<String> = self
            .org_report()
            .teams
            .iter()
            .map(|t| t.name.clone())
            .collect();
        teams.sort_by_key(|t| t.to_lowercase());
        teams
    }

    fn org(&self) -> String {
        let rubric = &self.analysis.rubric;
        let uniform: Vec<String> = rubric
            .dimensions
            .iter()
            .filter(|d| {
                d.better == analysis::assess::Better::Higher
                    && d.thresholds.first().is_some_and(|(_, value)| *value <= 0.0)
            })
            .map(|d| d.id.clone())
            .collect();
        org_page::org(self.org_report(), &rubric.levels, &uniform, &self.linker)
    }

    /// `/people`, `?find=` a name or handle, `?team=`, `?by=team`.
    fn people(&self, query: Option<&str>) -> Reply {
        let filter = pages::PeopleFilter {
            find: query_value(query, "find").unwrap_or_default(),
            team: query_value(query, "team").unwrap_or_default(),
            by_team: query_value(query, "by").is_some_and(|by| by == "team"),
        };
        if filter.find.is_empty() && filter.team.is_empty() && !filter.by_team {
            return Reply::html(
                200,
                self.people_page
                    .get_or_init(|| pages::people(self.people_view(), &self.team_names(), &filter))
                    .clone(),
            );
        }
        Reply::html(
            200,
            pages::people(self.people_view(), &self.team_names(), &filter),
        )
    }

    fn team(&self, name: &str) -> Reply {
        let report = self.org_report();
        let org = &self.analysis.org;
        let Some(id) = org.team_by_name(name) else {
            return Reply::not_found(&format!("There is no team `{name}`."));
        };
        // A team with no one active (one CODEOWNERS names, say) still owns
        // code others changed: its page says so rather than 404.
        let quiet_team;
        let view = match report.teams.iter().find(|t| t.name == name) {
            Some(view) => view,
            None => {
                quiet_team = report::TeamView {
                    name: name.to_string(),
                    declared: org.team(id).declared,
                    declared_members: org.declared_members(id).len(),
                    active_people: 0,
                    commits: 0,
                    levels: Default::default(),
                };
                &quiet_team
            }
        };
        let members: Vec<&report::people::PersonRow> = self
            .people_view()
            .people
            .iter()
            .filter(|row| {
                row.teams
                    .iter()
                    .any(|t| t.trim_end_matches(" (inferred)") == name)
            })
            .collect();
        let active: std::collections::HashSet<&str> =
            members.iter().map(|m| m.handle.as_str()).collect();
        let mut quiet: Vec<String> = org
            .declared_members(id)
            .into_iter()
            .map(|p| org.people.get(p))
            .filter(|p| !active.contains(p.handle.as_str()))
            .map(|p| p.name.clone())
            .collect();
        quiet.sort_by_key(|n| n.to_lowercase());
        let facts = org_page::TeamFacts {
            parent: org.team(id).parent.map(|p| org.team(p).name.clone()),
            children: org
                .teams
                .iter()
                .filter(|t| t.parent == Some(id))
                .map(|t| t.name.clone())
                .filter(|n| report.teams.iter().any(|t| &t.name == n))
                .collect(),
            members,
            quiet,
        };
        Reply::html(
            200,
            org_page::team(report, view, &facts, &self.analysis.rubric.levels),
        )
    }

    fn pair(&self, from: &str, to: &str) -> Reply {
        let org = &self.analysis.org;
        match (org.team_by_name(from), org.team_by_name(to)) {
            (Some(from), Some(to)) => Reply::html(
                200,
                org_page::pair(&report::pairs::pair(&self.context(), from, to)),
            ),
            _ => Reply::not_found("There is no such pair of teams."),
        }
    }

    /// A person's report, with the archetype the query names.
    fn report(&self, handle: &str, query: Option<&str>) -> Result<report::PersonReport, Reply> {
        let archetype = query_value(query, "archetype").filter(|a| !a.is_empty());
        if let Some(id) = &archetype {
            self.analysis
                .check_archetype(id)
                .map_err(|e| Reply::not_found(&e.to_string()))?;
        }
        let person = self
            .analysis
            .find_person(handle)
            .map_err(|e| Reply::not_found(&e.to_string()))?;
        let archetype = archetype.as_deref();
        let kept = self
            .kept
            .as_ref()
            .and_then(|kept| kept(person.person, archetype));
        Ok(kept.unwrap_or_else(|| self.analysis.person_view_with_trends(person, archetype)))
    }

    fn person(&self, handle: &str, query: Option<&str>, what: Option<&str>) -> Reply {
        let report = match self.report(handle, query) {
            Ok(report) => report,
            Err(reply) => return reply,
        };
        match what {
            None => Reply::html(
                200,
                person_page::person(&self.analysis, &report, &self.linker),
            ),
            Some(what) => match report::explain::explain(&report, what) {
                Ok(explanation) => Reply::html(
                    200,
                    person_page::explain(&report, &explanation, &self.linker),
                ),
                Err(error) => Reply::not_found(&error.to_string()),
            },
        }
    }

    /// `/evidence/<repo>/<reference>`. Links write a slash inside either
    /// as `%2F`; one typed or pasted as `/` is ambiguous (an evidence log's
    /// "repository" is a path too), so each split is tried, the shortest
    /// repository first.
    fn evidence(&self, segments: &[&str], query: Option<&str>) -> Reply {
        let person = match query_value(query, "person") {
            Some(handle) => match self.report(&handle, None) {
                Ok(report) => Some(report),
                Err(reply) => return reply,
            },
            None => None,
        };
        let found = (1..segments.len()).find_map(|split| {
            let repo = segments[..split].join("/");
            let reference = html::reference_of(&segments[split..].join("/"))?;
            report::evidence::evidence(&self.analysis.org, &repo, &reference, person.as_ref())
        });
        match found {
            Some(view) => Reply::html(
                200,
                evidence_page::evidence(&view, person.as_ref(), &self.linker),
            ),
            None => Reply::not_found("No evidence with this reference is in the collected data."),
        }
    }

    /// `/patterns`, `?unowned=1` for the classes nobody owns, `?person=`
    /// for those near one person's work.
    fn patterns(&self, query: Option<&str>) -> Reply {
        let unowned = query_value(query, "unowned").is_some_and(|v| v == "1" || v == "on");
        let handle = query_value(query, "person").filter(|h| !h.is_empty());
        let Some(handle) = handle else {
            if unowned {
                return Reply::html(200, self.patterns_page_for(true, None));
            }
            return Reply::html(
                200,
                self.patterns_page
                    .get_or_init(|| self.patterns_page_for(false, None))
                    .clone(),
            );
        };
        match self.analysis.find_person(&handle) {
            Ok(person) => Reply::html(200, self.patterns_page_for(unowned, Some(person))),
            Err(error) => Reply::not_found(&error.to_string()),
        }
    }

    /// `/patterns/<anchor>`, `?page=N` from 1.
    fn pattern_class(&self, anchor: &str, query: Option<&str>) -> Reply {
        let view = self.triage();
        let page = query_value(query, "page")
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(1)
            .saturating_sub(1);
        match patterns_page::class_page(view, anchor, page, &self.linker) {
            Some(html) => Reply::html(200, html),
            None => Reply::not_found("No recurring problem has this name in this data."),
        }
    }

    fn patterns_page_for(
        &self,
        unowned: bool,
        person: Option<&analysis::measure::PersonMeasures>,
    ) -> String {
        let context = self.context();
        let filtered;
        let view = if unowned || person.is_some() {
            let filter = report::triage::Filter { unowned, person };
            filtered = report::triage::triage(&context, filter);
            &filtered
        } else {
            self.triage()
        };
        let who = person.map(|p| context.org.people.get(p.person));
        let asked = patterns_page::Asked {
            unowned,
            person: who.map(|w| (w.handle.as_str(), w.name.as_str())),
        };
        patterns_page::patterns(view, &asked, &self.linker)
    }

    fn triage(&self) -> &report::triage::Triage {
        self.triage.get_or_init(|| {
            report::triage::triage(&self.context(), report::triage::Filter::default())
        })
    }

    fn calibrate(&self, query: Option<&str>) -> Reply {
        let team = query_value(query, "team").filter(|t| !t.is_empty());
        let anonymize = query_value(query, "anonymize").is_some_and(|v| v == "1" || v == "on");
        let page = query_value(query, "page")
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(1)
            .saturating_sub(1);
        let Some(team) = team else {
            if page > 0 {
                return Reply::html(200, self.calibrate_page(None, anonymize, page));
            }
            let everyone = &self.calibrate_pages[usize::from(anonymize)];
            return Reply::html(
                200,
                everyone
                    .get_or_init(|| self.calibrate_page(None, anonymize, 0))
                    .clone(),
            );
        };
        let Some(team_id) = self.analysis.org.team_by_name(&team) else {
            return Reply::not_found(&format!("There is no team `{team}`."));
        };
        Reply::html(
            200,
            self.calibrate_page(Some((team_id, &team)), anonymize, page),
        )
    }

    fn calibrate_page(
        &self,
        team: Option<(analysis::resolve::TeamId, &str)>,
        anonymize: bool,
        page: usize,
    ) -> String {
        let context = self.context();
        let chosen = report::calibrate::members(&context, team.map(|(id, _)| id));
        let view = report::calibrate::calibrate(&context, &chosen, anonymize);
        let rubric = &self.analysis.rubric;
        let rules: Vec<(String, String)> = rubric
            .failure_modes
            .iter()
            .chain(&rubric.signals)
            .map(|r| (r.id.clone(), r.name.clone()))
            .collect();
        let asked = pages::CalibrationAsked {
            team: team.map(|(_, name)| name),
            page,
        };
        pages::calibrate(&view, &self.team_names(), &asked, &rules)
    }

    fn packet(&self, handle: &str) -> Reply {
        match self.report(handle, None) {
            Ok(view) => Reply::html(
                200,
                person_page::packet(&report::packet::packet(&view), &self.linker),
            ),
            Err(reply) => reply,
        }
    }
}

async fn handle(
    axum::extract::State(dashboard): axum::extract::State<Arc<Dashboard>>,
    request: axum::extract::Request,
) -> axum::response::Response {
    let header = |name: axum::http::HeaderName| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
    };
    use axum::http::header;
    let reply = dashboard.respond(&Request {
        method: request.method().as_str(),
        path: request.uri().path(),
        query: request.uri().query(),
        host: header(header::HOST).or_else(|| request.uri().authority().map(|a| a.as_str())),
        authorization: header(header::AUTHORIZATION),
        cookie: header(header::COOKIE),
    });
    let mut response = axum::response::Response::builder()
        .status(reply.status)
        .header(header::CONTENT_TYPE, reply.content_type)
        .header(header::CONTENT_SECURITY_POLICY, reply.policy)
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::REFERRER_POLICY, "no-referrer")
        .header(header::CACHE_CONTROL, "no-store");
    if let Some(location) = &reply.location {
        response = response.header(header::LOCATION, location);
    }
    if let Some(cookie) = &reply.set_cookie {
        response = response.header(header::SET_COOKIE, cookie);
    }
    let gzip = header(header::ACCEPT_ENCODING).is_some_and(accepts_gzip);
    response = response.header(header::VARY, "Accept-Encoding");
    let body = if request.method() == axum::http::Method::HEAD {
        Vec::new()
    } else if gzip && reply.body.len() >= COMPRESS_FROM {
        response = response.header(header::CONTENT_ENCODING, "gzip");
        compress(reply.body.as_bytes())
    } else {
        reply.body.into_bytes()
    };
    response
        .body(axum::body::Body::from(body))
        .unwrap_or_else(|_| {
            let mut fallback = axum::response::Response::new(axum::body::Body::empty());
            *fallback.status_mut() = axum::http::StatusCode::INTERNAL_SERVER_ERROR;
            fallback
        })
}

/// Pages smaller than this go as they are: compressing them saves nothing.
const COMPRESS_FROM: usize = 1024;

/// Whether an `Accept-Encoding` header takes gzip (and does not refuse it with `q=0`).
fn accepts_gzip(header: &str) -> bool {
    header.split(',').any(|coding| {
        let mut parts = coding.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q == 0.0)
        });
        (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
    })
}

/// Pages are text that repeats itself (a person page is mostly markup):
/// gzip takes them to about a tenth. The fastest level: a page is rendered
/// per request, and level 1 already takes most of the gain.
fn compress(body: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 6),
        flate2::Compression::fast(),
    );
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(body);
    encoder.finish().unwrap_or_default()
}

/// Serves the dashboard on `listener` until the process ends.
/// How long a client may take to send a request's headers, and a kept-alive
/// connection may wait idle for its next request: a connection that
/// sends nothing is closed then, not held (a slow-loris client would hold
/// the dashboard's connections open).
pub const HEADER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

pub fn serve(listener: std::net::TcpListener, dashboard: Dashboard) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
        .build()?;
    listener.set_nonblocking(true)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let router = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::new(dashboard));
        loop {
            let (stream, _) = match listener.accept().await {
                Ok(accepted) => accepted,
                // Out of descriptors or a reset before accept: try again
                // shortly.
                Err(_) => {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            };
            let service = hyper_util::service::TowerToHyperService::new(router.clone());
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(HEADER_TIMEOUT)
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    })
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
    fn gzip_is_sent_to_those_who_take_it() {
        assert!(accepts_gzip("gzip, deflate, br"));
        assert!(accepts_gzip("br;q=1.0, gzip;q=0.8"));
        assert!(accepts_gzip("*"));
        assert!(!accepts_gzip("gzip;q=0"));
        assert!(!accepts_gzip("identity"));
        let page = "<tr><td>same</td></tr>".repeat(500);
        let packed = compress(page.as_bytes());
        assert!(packed.len() * 10 < page.len(), "{}", packed.len());
        let mut unpacked = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&packed[..]),
            &mut unpacked,
        )
        .expect("gzip");
        assert_eq!(unpacked, page);
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abd", "abc"));
        assert!(!same_secret("ab", "abc"));
    }
}
