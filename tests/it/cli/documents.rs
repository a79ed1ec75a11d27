//! Documents: RFCs, ADRs, postmortems and design documents in the
//! repositories or in folders beside them, and the work that cites them.

use crate::common::{PROSE, at, lines};

use super::{CODY, CONFIG, PAT, SAM, SUE, WENDY, small_org, write_github_export};

#[test]
fn documents_feed_writing_initiatives_decisions_and_incidents() {
    let org = small_org();
    let platform = org.existing("platform");
    platform.commit(
        SAM,
        at("2025-02-01"),
        &[(
            "rfcs/0001-one-retry-policy.md",
            Some(&format!("---\nid: RFC-0001\ntitle: One retry policy\ntype: rfc\nauthors: [sam]\nreviewers: [pat, sue]\ndate: 2025-02-01\n---\n# One retry policy\n{PROSE}## Alternatives considered\n## Decision\n")),
        )],
        "rfcs: one retry policy",
    );
    platform.commit(
        SAM,
        at("2025-02-02"),
        &[(
            "docs/decisions/0002-one-http-client.md",
            Some(&format!("# 2. One HTTP client\n\n## Status\nAccepted\n\n## Context\n{PROSE}\n## Considered Options\n* a\n* b\n\n## Decision Outcome\nChosen option: a\n")),
        )],
        "adr: one http client",
    );
    platform.commit(
        SAM,
        at("2025-08-20"),
        &[(
            "postmortems/2025-08-14-outage.md",
            Some(&format!("---\nid: INC-2025-014\ntitle: Checkout outage\ntype: postmortem\nauthors: [sam]\nteams_affected: [web, payments]\ndiagnosed_by: [sam]\nremediation:\n  - item: jitter\n    owner: pat\n---\n# Outage\n{PROSE}")),
        )],
        "postmortem: checkout outage",
    );
    platform.commit(
        SAM,
        at("2025-09-01"),
        &[("docs/design/huge.md", Some(&"x".repeat(1_100_000)))],
        "a huge file",
    );
    // Three other teams adopt the RFC.
    let web = org.existing("web-app");
    web.commit(
        WENDY,
        at("2025-03-01"),
        &[("src/retry.ts", Some(&lines("retry", 20)))],
        "retry: adopt the policy (RFC-0001)",
    );
    let payments = org.existing("payments-api");
    payments.commit(
        PAT,
        at("2025-03-02"),
        &[("src/retry.go", Some(&lines("retry", 20)))],
        "retry: implements rfc 1",
    );
    let search = org.existing("search");
    search.commit(
        SUE,
        at("2025-03-03"),
        &[("retry.py", Some(&lines("retry", 20)))],
        "retry\n\nSee rfcs/0001-one-retry-policy.md",
    );
    // Wendy's design document builds on Sam's ADR.
    web.commit(
        WENDY,
        at("2025-03-05"),
        &[("docs/design/frontend.md", Some(&format!("---\ntitle: Frontend client\nauthors: [wendy]\n---\n# Frontend client\n\nFollows ADR-2 for the HTTP client.\n{PROSE}")))],
        "design: frontend client",
    );
    // Cody writes a design document without saying so: authorship is inferred from history.
    payments.commit(
        CODY,
        at("2025-04-01"),
        &[(
            "docs/design/ledger.md",
            Some(&format!("# Ledger v2\n\nWhy.\n{PROSE}")),
        )],
        "design: ledger v2",
    );
    org.write("staffscope.toml", CONFIG);
    org.run(&["collect"]).success();

    let run = org.run(&["report", "sam", "--format", "json"]).success();
    assert!(
        run.stderr()
            .contains("platform/docs/design/huge.md: larger than 1 MiB"),
        "{}",
        run.stderr()
    );
    let sam = run.json();
    let dimension = |id: &str| {
        sam["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        dimension("writing")["value"],
        3.0,
        "{:#}",
        dimension("writing")
    );
    assert_eq!(
        dimension("initiatives")["value"],
        1.0,
        "{:#}",
        dimension("initiatives")
    );
    let initiative = dimension("initiatives").to_string();
    assert!(
        initiative.contains("adopted by work in payments, web, search"),
        "{initiative}"
    );
    assert!(
        initiative.contains("platform:rfcs/0001-one-retry-policy.md")
            || initiative.contains("rfcs/0001-one-retry-policy.md"),
        "{initiative}"
    );
    // The ADR, and the RFC: it weighs alternatives and records a decision.
    assert_eq!(dimension("judgment")["value"], 2.0);
    // The decision held up: Wendy's later design document relies on it.
    let judgment = dimension("judgment").to_string();
    assert!(
        judgment.contains("held up later: 0 changes and 1 other document rely on it"),
        "{judgment}"
    );
    assert_eq!(dimension("incidents")["value"], 1.0);
    assert_eq!(
        sam["metrics"]["documents_cited_by_other_teams"]["value"],
        3.0
    );
    let cited = sam["metrics"]["documents_cited_by_other_teams"].to_string();
    assert!(
        cited.contains("cites ADR-2 (2. One HTTP client) from web"),
        "{cited}"
    );
    // Still honest about what no source here feeds.
    // Adoption is not a fix: the RFC named no class of problem fixed across teams.
    assert_eq!(dimension("systemic-problems")["value"], 0.0);
    // Three people acted on what Sam wrote.
    assert_eq!(dimension("problem-finding")["value"], 1.0);
    assert_eq!(dimension("trusted-judgment")["status"], "not-measured");

    let cody = org
        .run(&["report", "cody", "--format", "json"])
        .success()
        .json();
    let writing = cody["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "writing")
        .unwrap()
        .to_string();
    assert!(
        writing.contains("author inferred from the file's history"),
        "{writing}"
    );

    // Every document with its authors and how each credit was decided.
    let documents = org.run(&["documents", "--format", "json"]).success().json();
    let credits = |path: &str| {
        let document = documents
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"] == path)
            .unwrap_or_else(|| panic!("{path} in {documents:#}"));
        document["authors"].clone()
    };
    let rfc = credits("rfcs/0001-one-retry-policy.md");
    assert_eq!(rfc[0]["handle"], "sam-staff", "{rfc}");
    assert!(
        rfc[0]["how"]
            .as_str()
            .unwrap()
            .starts_with("the only person it can mean"),
        "{rfc}"
    );
    let ledger = credits("docs/design/ledger.md");
    assert_eq!(ledger[0]["name"], "Cody Coder", "{ledger}");
    assert!(
        ledger[0]["how"].as_str().unwrap().contains("inferred"),
        "{ledger}"
    );
    let markdown = org.run(&["report", "sam"]).success().stdout();
    assert!(
        markdown.contains("`platform:rfcs/0001-one-retry-policy.md`"),
        "{markdown}"
    );
}

#[test]
fn documents_in_folders_beside_the_repositories_are_read() {
    let org = small_org();
    org.write(
        "handbook/rfcs/0007-shared-timeouts.md",
        &format!("---\nid: RFC-0007\ntitle: Shared timeouts\ntype: rfc\nauthors: [Sam Staff]\ndate: 2025-03-01\n---\n# Shared timeouts\n{PROSE}"),
    );
    org.write("handbook/rfcs/README.md", "# Our RFCs\n");
    org.write("handbook/rfcs/notes.bin", "not a document");
    org.run(&["init"]).success();
    let config = std::fs::read_to_string(org.path().join("staffscope.toml")).unwrap();
    assert!(
        config.contains("paths = [\n    \"handbook/rfcs\",\n]"),
        "{config}"
    );
    org.write(
        "staffscope.toml",
        &config.replace(
            "months = 12",
            "since = \"2025-01-01\"\nuntil = \"2026-01-01\"",
        ),
    );
    org.run(&["collect"]).success();
    org.existing("search").commit(
        SUE,
        at("2025-04-01"),
        &[("timeouts.py", Some(&lines("shared timeout", 12)))],
        "timeouts: adopt RFC-0007",
    );
    org.run(&["collect"]).success();
    let sam = org
        .run(&["report", "sam", "--format", "json"])
        .success()
        .json();
    let writing = sam["metrics"]["documents_authored"].to_string();
    assert!(
        writing.contains("\"repo\":\"handbook/rfcs\"")
            && writing.contains("\"reference\":\"0007-shared-timeouts.md\""),
        "{writing}"
    );
    assert_eq!(
        sam["metrics"]["documents_authored"]["value"], 1.0,
        "{writing}"
    );
    let cited = sam["metrics"]["documents_cited_by_other_teams"].to_string();
    assert!(cited.contains("timeouts: adopt RFC-0007"), "{cited}");
    let org_view = org.run(&["org", "--format", "json"]).success().json();
    assert_eq!(
        org_view["repositories"], 5,
        "a document folder is not a repository"
    );
    // A folder that went away is a warning naming it, not an error.
    std::fs::remove_dir_all(org.path().join("handbook")).unwrap();
    org.run(&["report", "sam"])
        .success()
        .stderr_has("warning: handbook/rfcs: not a folder");
}

#[test]
fn pull_request_descriptions_cite_documents() {
    let org = small_org();
    org.existing("payments-api").commit(
        PAT,
        at("2025-01-20"),
        &[(
            "rfcs/0003-bundle-cache.md",
            Some(&format!("---\nid: RFC-0003\ntitle: Cache the bundle\nauthors: [pat]\n---\n# Cache the bundle\n{PROSE}")),
        )],
        "rfcs: cache the bundle",
    );
    let merge = org.existing("web-app").head();
    write_github_export(&org, &merge);
    let pulls = org.path().join("exports/web-app/pulls.json");
    let described = std::fs::read_to_string(&pulls).unwrap().replacen(
        "\"title\":\"perf: cache the bundle\"",
        "\"title\":\"perf: cache the bundle\",\"body\":\"As RFC-0003 proposes.\"",
        1,
    );
    std::fs::write(&pulls, described).unwrap();
    org.write(
        "staffscope.toml",
        &CONFIG.replace(
            "[window]",
            "[[code_review]]\nrepository = \"web-app\"\ngithub = \"exports/web-app\"\n\n[window]",
        ),
    );
    org.run(&["collect"]).success();
    let pat = org
        .run(&["report", "pat", "--format", "json"])
        .success()
        .json();
    let cited = pat["metrics"]["documents_cited_by_other_teams"].to_string();
    // The change is Sam's commit on the merged branch; the citation is in the description.
    assert!(
        cited.contains(
            "cites RFC-0003, in pull request #7's description (Cache the bundle) from platform"
        ),
        "{cited}"
    );
    assert_eq!(
        pat["metrics"]["documents_cited_by_other_teams"]["value"],
        1.0
    );
}

#[test]
fn a_new_document_folder_is_read_without_a_new_commit() {
    let org = small_org();
    // A Rust-style RFC repository: proposals live in `text/`, which is no
    // folder staffscope reads by default.
    let rfcs = org.repo("rfcs");
    rfcs.commit(
        SAM,
        at("2025-03-01"),
        &[(
            "text/0042-shared-timeouts.md",
            Some(&format!("- Feature Name: `shared_timeouts`\n- Start Date: 2025-03-01\n- RFC PR: [acme/rfcs#42](https://example.invalid/acme/rfcs/pull/42)\n\n# Summary\n\nOne timeout. {PROSE}\n# Rationale and alternatives\n\nNone better.\n")),
        ), (
            "text/zh-CN/0042-shared-timeouts.md",
            Some("- Feature Name: `shared_timeouts`\n\n# 概要\n\n我们建议所有服务共用一个超时设置，因为现在每个团队的设置都不一样。\n"),
        ), ("text/README.md", Some("# Our RFCs\n"))],
        "RFC: shared timeouts",
    );
    org.write("staffscope.toml", CONFIG);
    org.run(&["collect"]).success();
    let listed = |org: &crate::common::TestOrg| {
        org.run(&["documents", "--format", "json"])
            .success()
            .json()
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["repository"] == "rfcs")
            .cloned()
            .collect::<Vec<_>>()
    };
    assert!(listed(&org).is_empty(), "text/ is not read yet");
    org.write(
        "staffscope.toml",
        &format!("{CONFIG}\n[documents]\nextra_folders = [\"text\"]\n"),
    );
    org.run(&["collect"])
        .success()
        .stderr_has("rfcs: up to date; documents read again, as the document folders or the rules for them changed");
    let rfcs = listed(&org);
    assert_eq!(rfcs.len(), 1, "{rfcs:?}");
    assert_eq!(rfcs[0]["title"], "shared_timeouts");
    assert_eq!(rfcs[0]["authors"][0]["name"], "Sam Staff");
    assert!(
        rfcs[0]["judgment"]
            .as_str()
            .unwrap()
            .contains("decision recorded in its `RFC PR` header"),
        "{:?}",
        rfcs[0]
    );
    // What was left out, and why.
    let check = org
        .run(&["documents", "--check", "--format", "json"])
        .success()
        .json();
    let reasons: Vec<(String, String)> = check["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["repository"] == "rfcs")
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_string(),
                s["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        reasons,
        [
            (
                "text/README.md".to_string(),
                "an index, table of contents, glossary, licence or contributing guide, by its name"
                    .to_string()
            ),
            (
                "text/zh-CN/0042-shared-timeouts.md".to_string(),
                "a translation of text/0042-shared-timeouts.md, which is read instead".to_string()
            ),
        ]
    );
    org.run(&["documents", "--check"])
        .success()
        .stdout_has("| rfcs | RFC | 1 |");
    // Once read, the next collect has nothing to do.
    org.run(&["collect"])
        .success()
        .stderr_has("rfcs: up to date\n");
}

#[test]
fn junk_under_docs_is_not_writing() {
    let org = small_org();
    let base64 = "QmFzZTY0IGVuY29kZWQgZGF0YSBpcyBub3Qgd3JpdGluZywgaXQgaXMgYSBkdW1w\n".repeat(50);
    let binary = "\u{1}\u{2}\u{7f}\u{fffd}PK\u{3}\u{4}".repeat(200);
    org.existing("platform").commit(
        CODY,
        at("2025-05-01"),
        &[
            ("docs/design/blob.md", Some(&base64)),
            ("docs/design/dump.txt", Some(&binary)),
            ("docs/design/empty.md", Some("")),
            (
                "docs/design/moved.md",
                Some("Moved to [the wiki](https://wiki.example/x).\n"),
            ),
            ("docs/design/real.md", Some(&format!("# Ledger\n\n{PROSE}"))),
        ],
        "docs: a design and some junk",
    );
    org.write("staffscope.toml", CONFIG);
    org.run(&["collect"]).success();
    let cody = org
        .run(&["report", "cody", "--format", "json"])
        .success()
        .json();
    assert_eq!(
        cody["metrics"]["documents_authored"]["value"], 1.0,
        "only the design is writing: {}",
        cody["metrics"]["documents_authored"]
    );
    let check = org
        .run(&["documents", "--check", "--format", "json"])
        .success()
        .json();
    let reason = |path: &str| -> String {
        check["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["path"] == path)
            .map(|s| s["reason"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("{path} is not listed: {check:#}"))
    };
    assert!(reason("docs/design/blob.md").starts_with("not prose"));
    assert!(reason("docs/design/dump.txt").starts_with("not text"));
    assert!(reason("docs/design/empty.md").starts_with("too short"));
    assert!(reason("docs/design/moved.md").starts_with("too short"));
}

#[test]
fn init_proposes_folders_of_numbered_documents() {
    let org = crate::common::TestOrg::new();
    let rfcs = org.repo("rfcs");
    let files: Vec<(String, String)> = (1..=3)
        .map(|n| (format!("text/000{n}-x.md"), format!("# RFC {n}\n")))
        .collect();
    let files: Vec<(&str, Option<&str>)> = files
        .iter()
        .map(|(path, text)| (path.as_str(), Some(text.as_str())))
        .collect();
    rfcs.commit(SAM, at("2025-03-01"), &files, "three RFCs");
    org.run(&["init"]).success();
    let config = std::fs::read_to_string(org.path().join("staffscope.toml")).unwrap();
    assert!(config.contains("extra_folders = [\"text\"]"), "{config}");
}
