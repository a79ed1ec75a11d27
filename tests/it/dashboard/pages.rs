//! The demo organization, from the org view to one piece of evidence, and
//! every page it links to.

use serde_json::{Value, json};

use super::browser::Browser;
use super::{http, serve_demo, start_server};

#[test]
fn a_manager_clicks_from_the_org_to_a_person_to_one_piece_of_evidence() {
    let (_dir, server) = serve_demo(&[]);
    let base = format!("http://{}", server.address);
    let browser = Browser::start("demo");

    browser.open(&format!("{base}/"));
    assert_eq!(browser.title(), "Organization · staffscope");
    assert!(
        !browser.elements("table.matrix td a").is_empty(),
        "the team matrix has cells"
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
            // The triage table opens each class, and filters to the unowned.
            assert!(
                !browser
                    .elements("table.triage a[href^='#class-']")
                    .is_empty()
            );
            browser.click("p.filters a");
            assert!(browser.source().contains("Showing the classes nobody owns"));
            assert!(!browser.source().contains("badge met\">owned"));
            browser.open(&format!("{base}{path}"));
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
    if !browser.displayed(element) {
        return false;
    }
    let reference = href.rsplit('/').next().unwrap_or_default();
    let reference = reference.split('?').next().unwrap_or_default();
    reference.len() == 12 && reference.bytes().all(|b| b.is_ascii_hexdigit())
}

#[test]
fn every_linked_page_of_the_demo_opens_and_none_shows_an_email_address() {
    let (_dir, server) = serve_demo(&[]);
    // Every page the org, people and person pages link to, one level deep from each person.
    let get = |path: &str| http("GET", &server.address, path, &[], None);
    let mut pages = vec![
        "/".to_string(),
        "/people".into(),
        "/calibrate".into(),
        "/patterns".into(),
        "/patterns?unowned=1".into(),
        "/patterns?person=priya".into(),
    ];
    let people = get("/people").body;
    let handles: Vec<String> = people
        .split("href=\"/person/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next().map(String::from))
        .filter(|handle| !handle.contains('/'))
        .collect::<std::collections::BTreeSet<String>>()
        .into_iter()
        .collect();
    assert!(handles.len() >= 20, "{handles:?}");
    for handle in &handles {
        pages.push(format!("/person/{handle}"));
        pages.push(format!("/packet/{handle}"));
    }
    let priya = get("/person/priya").body;
    assert!(
        priya.contains("href=\"/patterns?person=priya\""),
        "the path leads to the problems near her work"
    );
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
    // A path's slash may be written as it is, as people type or paste it.
    let slashed: Vec<String> = pages
        .iter()
        .filter(|p| p.starts_with("/evidence/") && p.contains("%2F"))
        .map(|p| p.replace("%2F", "/"))
        .collect();
    assert!(!slashed.is_empty(), "evidence at a path in a folder");
    pages.extend(slashed);
    for page in &pages {
        let response = get(page);
        assert_eq!(response.status, 200, "{page}");
        assert!(
            !response.body.contains("@acme.example"),
            "{page} shows an email address"
        );
    }
}

#[test]
fn a_large_organization_pages_its_long_lists_and_compresses_them() {
    let (_dir, server) = serve_demo(&["--scale", "160", "--commits-per-repo", "4"]);
    let get = |path: &str| http("GET", &server.address, path, &[], None);
    let rows = |body: &str| body.matches("<tr><th scope=\"row\">").count();
    let first = get("/calibrate").body;
    assert!(first.contains("160 people"), "everyone is counted");
    assert_eq!(rows(&first), 150, "one page of people");
    assert!(
        first.contains("href=\"/calibrate?page=2\""),
        "a link to the rest"
    );
    let second = get("/calibrate?page=2").body;
    assert_eq!(rows(&second), 10);
    assert!(second.contains("<strong aria-current=\"page\">2</strong>"));
    let anonymized = get("/calibrate?anonymize=1").body;
    assert!(anonymized.contains("href=\"/calibrate?anonymize=1&amp;page=2\""));

    // Compressed for a browser that takes gzip, and only then.
    let packed = http(
        "GET",
        &server.address,
        "/calibrate",
        &[("Accept-Encoding", "gzip, br")],
        None,
    );
    assert_eq!(packed.header("content-encoding"), Some("gzip"));
    assert_eq!(packed.header("vary"), Some("Accept-Encoding"));
    assert_eq!(get("/calibrate").header("content-encoding"), None);

    // Each recurring problem shows a few occurrences and has a page for all.
    let patterns = get("/patterns").body;
    let classes: Vec<&str> = patterns
        .split("href=\"/patterns/class-")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(
        !classes.is_empty(),
        "the generated organization has recurring problems"
    );
    for class in classes {
        let page = get(&format!("/patterns/class-{class}"));
        assert_eq!(page.status, 200, "{class}");
        assert!(page.body.contains("<h1>"), "{class}");
    }
    assert_eq!(get("/patterns/class-no-such-problem").status, 404);
}

#[test]
fn a_team_no_one_active_calls_home_still_has_a_page() {
    // CODEOWNERS names two teams; everyone works mostly in the first, so
    // the second is nobody's home, yet a commit changed its code and the
    // commit's page links to it.
    let org = crate::common::TestOrg::new();
    let now = crate::common::now();
    let day = 86_400;
    let repo = org.repo("payments");
    repo.commit(
        ("Ada Lovelace", "ada@acme.example"),
        now - 40 * day,
        &[
            (
                ".github/CODEOWNERS",
                Some("* @acme/ledger\n/vendor/ @acme/vendoring\n"),
            ),
            ("src/ledger.rs", Some(&crate::common::lines("ledger", 60))),
        ],
        "Add the ledger",
    );
    repo.commit(
        ("Ada Lovelace", "ada@acme.example"),
        now - 30 * day,
        &[("vendor/lib.rs", Some(&crate::common::lines("vendored", 12)))],
        "Vendor a library",
    );
    org.run(&["init"]).success();
    org.run(&["collect"]).success();
    let server = start_server(org.path(), &["serve", "--port", "0"]);
    let get = |path: &str| http("GET", &server.address, path, &[], None);
    let team = get("/team/vendoring");
    assert_eq!(team.status, 200, "{}", team.body);
    assert!(team.body.contains("<h1>vendoring</h1>"), "{}", team.body);
    assert!(team.body.contains("0 active people"), "{}", team.body);
    assert_eq!(get("/team/ledger").status, 200);
}
