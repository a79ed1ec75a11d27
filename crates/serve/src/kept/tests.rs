//! A dashboard still preparing its analysis answers from kept views exactly
//! as it answers once the analysis is built, and says the rest is being
//! prepared.

use std::collections::HashMap;
use std::sync::Arc;

use analysis::testing::{OrgBuilder, PROSE, default_rubric};
use report::Analysis;
use report::pseudonym::Pseudonyms;

use crate::{Access, Dashboard, Kept, Request};

/// Three teams and a fourth no one active is in; ana reviews two teams'
/// changes and writes a design.
fn analysis() -> Analysis {
    let mut builder = OrgBuilder::new()
        .team("platform", &["ana"], &[("infra", "src/")])
        .team("payments", &["ben"], &[("payments-api", "src/")])
        .team("search", &["carl"], &[("search", "src/")])
        // Declared, and no one in it active.
        .team("docs", &["dora"], &[("handbook", "docs/")])
        .commit("ana", "infra", 0, &[("src/deploy.rs", 30)])
        .document(
            "ana",
            "infra",
            2,
            "docs/retries.md",
            &format!("# Retries\n\n{PROSE}"),
        );
    for (author, repo) in [("ben", "payments-api"), ("carl", "search")] {
        for day in 1..=3 {
            builder = builder.reviewed("ana", author, repo, day);
        }
    }
    let built = builder.build();
    let rubric = (default_rubric(), "the built-in rubric".to_string());
    let mut analysis = Analysis::new(built.org, built.window, rubric, Pseudonyms::new("key"));
    analysis.measure_quarters();
    analysis
}

/// Every view a collect keeps, by key.
fn kept_views() -> HashMap<String, Vec<u8>> {
    let mut views = HashMap::new();
    report::stored::everything(&analysis(), &mut |batch| {
        views.extend(batch.iter().cloned());
    });
    views
}

/// A dashboard preparing its analysis, reading the views `keep` lets through.
fn preparing(keep: impl Fn(&str) -> bool + Send + Sync + 'static) -> Dashboard {
    let views = Arc::new(kept_views());
    let read = Box::new(move |key: &str| views.get(key).filter(|_| keep(key)).cloned());
    let kept = Kept::new(read).expect("the directory is kept");
    Dashboard::preparing(default_rubric(), Access::Loopback, Some(kept))
}

fn get(dashboard: &Dashboard, address: &str) -> (u16, String, Option<u32>) {
    let (path, query) = match address.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (address, None),
    };
    let reply = dashboard.respond(&Request {
        method: "GET",
        path,
        query,
        host: Some("127.0.0.1:8080"),
        ..Request::default()
    });
    (reply.status, reply.body, reply.retry_after)
}

/// Pages whose views are kept.
const KEPT_PAGES: &[&str] = &[
    "/",
    "/people",
    "/people?find=ben",
    "/people?by=team",
    "/calibrate",
    "/calibrate?anonymize=1",
    "/calibrate?team=payments",
    "/calibrate?team=search&anonymize=1",
    "/person/ana",
    "/person/ana/scope",
    "/person/ana?archetype=tech-lead",
    "/person/ben/review-reach?archetype=tech-lead",
    "/packet/carl",
    "/person/nobody",
    "/person/ana?archetype=no-such-archetype",
    "/patterns",
    "/patterns?unowned=1",
    "/team/platform",
    "/team/docs",
    "/team/no-such-team",
];

/// Pages that need the analysis itself.
const ANALYSIS_PAGES: &[&str] = &[
    "/team/platform/to/payments",
    "/patterns?person=ana",
    "/calibrate?team=no-such-team",
];

#[test]
fn before_its_analysis_a_kept_page_is_the_page_computed() {
    let computed = Dashboard::new(analysis(), Access::Loopback);
    let dashboard = preparing(|_| true);
    for address in KEPT_PAGES {
        let (status, body, retry) = get(&dashboard, address);
        let (expected_status, expected, _) = get(&computed, address);
        assert_eq!((status, &body), (expected_status, &expected), "{address}");
        assert_eq!(retry, None, "{address}");
    }
    // A team no one active is in still has its page, with who is quiet.
    let (status, docs, _) = get(&dashboard, "/team/docs");
    assert_eq!(status, 200, "{docs}");
    assert!(docs.contains("dora"), "{docs}");

    // The ids of evidence, linked where a number is explained, open only
    // once the analysis is there.
    let (_, page, _) = get(&dashboard, "/person/ana/review-reach");
    let evidence = page
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.starts_with("/evidence/"))
        .expect("the page links evidence")
        .replace("&amp;", "&");
    let mut later: Vec<&str> = ANALYSIS_PAGES.to_vec();
    later.push(&evidence);
    for address in &later {
        let (status, body, retry) = get(&dashboard, address);
        assert_eq!(status, 503, "{address}: {body}");
        assert!(body.contains("still analyzing"), "{address}: {body}");
        assert_eq!(retry, Some(crate::PREPARING_RETRY), "{address}");
    }

    dashboard.ready(analysis());
    for address in KEPT_PAGES.iter().chain(&later) {
        let (status, body, _) = get(&dashboard, address);
        let (expected_status, expected, _) = get(&computed, address);
        assert_eq!((status, &body), (expected_status, &expected), "{address}");
        assert_ne!(status, 503, "{address}");
    }
}

/// A report computed on a miss keeps its view with the directory and
/// links only: the dashboard answers people's pages and prepares the rest.
#[test]
fn what_is_not_kept_waits_for_the_analysis() {
    let dashboard =
        preparing(|key| ["directory", "links"].contains(&key) || key.starts_with("person/"));
    assert_eq!(get(&dashboard, "/person/ana").0, 200);
    assert_eq!(get(&dashboard, "/person/nobody").0, 404);
    for address in ["/", "/people", "/calibrate"] {
        assert_eq!(get(&dashboard, address).0, 503, "{address}");
    }
    dashboard.ready(analysis());
    for address in ["/", "/people", "/calibrate"] {
        assert_eq!(get(&dashboard, address).0, 200, "{address}");
    }
}
