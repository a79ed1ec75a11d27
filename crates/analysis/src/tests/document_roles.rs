//! What a document records beyond its authors: the teams it involves, the
//! decision it makes, and where its date came from.

use crate::testing::{OrgBuilder, PROSE, TestMeasures, TestOrg};

/// Five teams named as a KEP names SIGs, each with one member who has
/// committed once.
fn five_sigs() -> OrgBuilder {
    let mut builder = OrgBuilder::new();
    for (team, member) in [
        ("SIG Node", "ana"),
        ("SIG Storage", "bo"),
        ("SIG Network", "cy"),
        ("SIG API Machinery", "dee"),
        ("SIG Apps", "eve"),
    ] {
        builder = builder.team(team, &[member], &[]).commit(
            member,
            "enhancements",
            1,
            &[("README.md", 1)],
        );
    }
    builder
}

fn kep(number: u32, author: &str, sigs: (&str, &[&str]), status: &str, approver: &str) -> String {
    let participating: Vec<String> = sigs.1.iter().map(|s| format!("\"{s}\"")).collect();
    format!(
        "title: Proposal {number}\nkep-number: {number}\nauthors: [\"@{author}\"]\nowning-sig: {}\nparticipating-sigs: [{}]\napprovers: [\"@{approver}\"]\nstatus: {status}\ncreation-date: 2025-03-01\n",
        sigs.0,
        participating.join(", ")
    )
}

/// Three KEPs SIG Node owns, written by Eve (SIG Apps), approved by
/// `approver`.
fn node_keps_by_eve(mut builder: OrgBuilder, approver: &str) -> OrgBuilder {
    for number in 1..=3 {
        let path = format!("keps/sig-node/{number}-x/kep.yaml");
        let text = kep(number, "eve", ("sig-node", &[]), "implementable", approver);
        builder = builder.document("eve", "enhancements", 10 + i64::from(number), &path, &text);
    }
    builder
}

/// The labels of a metric's items for a person.
fn items(measures: &TestMeasures<'_>, handle: &str, metric: &str) -> Vec<String> {
    measures
        .person(handle)
        .and_then(|p| p.metrics.get(metric))
        .map(|m| m.items.iter().map(|i| i.label.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn an_approver_reaches_the_team_that_owns_the_proposals() {
    // Eve (SIG Apps) writes three KEPs that SIG Node owns; Cy (SIG Network)
    // approves them. Cy's design reviews reach Eve's team, and the KEPs
    // reach the team that owns them.
    let org = node_keps_by_eve(five_sigs(), "cy").build();
    let measures = org.measure();
    assert_eq!(
        items(&measures, "cy", "teams_reached"),
        ["SIG Node", "SIG Apps"]
    );
    let node = measures.person("cy").unwrap().metrics["teams_reached"]
        .items
        .iter()
        .find(|i| i.label == "SIG Node")
        .unwrap()
        .detail
        .clone();
    assert_eq!(node, "3 documents naming it among the teams involved");
    // Eve, writing them, works with SIG Node too.
    assert_eq!(items(&measures, "eve", "teams_reached"), ["SIG Node"]);
}

#[test]
fn an_accepted_proposal_across_three_other_teams_is_an_initiative() {
    let sigs: &[&str] = &["sig-storage", "sig-network", "sig-api-machinery"];
    let org = five_sigs()
        .document(
            "ana",
            "enhancements",
            10,
            "keps/sig-node/1-a/kep.yaml",
            &kep(1, "ana", ("sig-node", sigs), "implemented", "eve"),
        )
        .document(
            "ana",
            "enhancements",
            11,
            "keps/sig-node/2-b/kep.yaml",
            &kep(2, "ana", ("sig-node", sigs), "provisional", "eve"),
        )
        .document(
            "ana",
            "enhancements",
            12,
            "keps/sig-node/3-c/kep.yaml",
            &kep(3, "ana", ("sig-node", &sigs[..2]), "implemented", "eve"),
        )
        .build();
    let measures = org.measure();
    // Only the implemented one naming three teams besides SIG Node; not
    // the one still provisional, nor the one naming two.
    assert_eq!(
        items(&measures, "ana", "initiatives"),
        ["proposal: Proposal 1"]
    );
    let detail = &measures.person("ana").unwrap().metrics["initiatives"].items[0].detail;
    assert!(
        detail.starts_with("names 3 teams besides its authors' own"),
        "{detail}"
    );
}

fn pep(number: u32, status: &str, sections: &str) -> String {
    format!(
        "PEP: {number}\nTitle: Proposal {number}\nAuthor: Ana <ana@acme.example>\nStatus: {status}\nCreated: 01-Feb-2025\n\nAbstract\n========\n\nText.\n\n{sections}"
    )
}

fn rfc(number: &str) -> String {
    format!(
        "- Feature Name: `f{number}`\n- Start Date: 2025-02-01\n- RFC PR: [rust-lang/rfcs#{number}](https://github.com/rust-lang/rfcs/pull/{number})\n\n# Summary\n\nText.\n\n# Rationale and alternatives\n\nOthers.\n"
    )
}

#[test]
fn proposals_that_weigh_alternatives_and_record_a_decision_are_judgment() {
    let rejected = "Rejected Ideas\n==============\n\nOthers.\n";
    let org = OrgBuilder::new()
        .document(
            "ana",
            "peps",
            10,
            "peps/pep-0001.rst",
            &pep(1, "Final", rejected),
        )
        .document(
            "ana",
            "peps",
            11,
            "peps/pep-0002.rst",
            &pep(2, "Draft", rejected),
        )
        .document(
            "ana",
            "peps",
            12,
            "peps/pep-0003.rst",
            &pep(3, "Accepted", ""),
        )
        .document(
            "ana",
            "peps",
            13,
            "peps/pep-0004.rst",
            &pep(4, "Rejected", rejected),
        )
        .document("ana", "rfcs", 14, "text/0012-a.md", &rfc("12"))
        .document("ana", "rfcs", 15, "text/0013-b.md", &rfc("0000"))
        .build();
    let measures = org.measure();
    // A draft has decided nothing, PEP 3 weighs no options, and an RFC whose
    // pull request is still `#0000` was never merged.
    assert_eq!(
        items(&measures, "ana", "decisions_documented"),
        ["Proposal 1", "Proposal 4", "f12"]
    );
    let details: Vec<String> = measures.person("ana").unwrap().metrics["decisions_documented"]
        .items
        .iter()
        .map(|i| i.detail.clone())
        .collect();
    assert_eq!(
        details[0],
        "options weighed under \"rejected ideas\"; decision recorded in its status `Final`; nothing cites it later yet"
    );
    assert!(details[1].ends_with("; decided against"), "{}", details[1]);
    assert!(
        details[2].contains("decision recorded in its `RFC PR` header"),
        "{}",
        details[2]
    );
}

fn document<'a>(org: &'a TestOrg, path: &str) -> &'a crate::resolve::ResolvedDocument {
    org.org.documents.iter().find(|d| d.path == path).unwrap()
}

#[test]
fn a_document_without_a_readable_date_is_dated_by_its_first_commit_and_says_so() {
    let unreadable = "title: x\nkep-number: 7\nauthors: [\"@ana\"]\ncreation-date: someday\n";
    let org = OrgBuilder::new()
        .document(
            "ana",
            "enhancements",
            20,
            "keps/sig-x/7-x/kep.yaml",
            unreadable,
        )
        .document(
            "ana",
            "enhancements",
            30,
            "docs/design/y.md",
            &format!("# Y\n\nNo date.\n\n{PROSE}"),
        )
        .build();
    let kep = document(&org, "keps/sig-x/7-x/kep.yaml");
    assert_eq!(
        kep.date_note.as_deref(),
        Some("its date `someday` could not be read; dated by its first commit")
    );
    assert_eq!(model::date(kep.date), "2025-01-21");
    let said = org.org.diagnostics.iter().map(ToString::to_string);
    assert!(
        said.clone()
            .any(|d| d.starts_with("enhancements/keps/sig-x/7-x/kep.yaml: its date `someday`")),
        "{:?}",
        said.collect::<Vec<_>>()
    );
    let design = document(&org, "docs/design/y.md");
    assert_eq!(
        design.date_note.as_deref(),
        Some("it gives no date; dated by its first commit")
    );
}

#[test]
fn an_rfc_is_credited_to_who_opened_the_pull_request_its_header_names() {
    // Bo wrote RFC 12 in pull request #12; Ed, who merges RFCs, committed
    // it under its number. The export says who opened #12.
    let org = OrgBuilder::new()
        .commit("bo", "rfcs", 1, &[("src.rs", 3)])
        .pull_request("rfcs", 12, "bo", 5, &["ed"])
        .document("ed", "rfcs", 14, "text/0012-a.md", &rfc("12"))
        .document("ed", "rfcs", 15, "text/0013-b.md", &rfc("13"))
        .build();
    let credits = |path: &str| {
        let document = document(&org, path);
        let authors: Vec<(String, &str)> = document
            .authors
            .iter()
            .zip(&document.author_links)
            .map(|(id, how)| (org.org.people.get(*id).handle.clone(), *how))
            .collect();
        authors
    };
    assert_eq!(
        credits("text/0012-a.md"),
        [(
            "bo".to_string(),
            "opened the pull request its `RFC PR` header names (from the code-review export)"
        )]
    );
    // #13 is not in the export: history decides, and says so.
    assert_eq!(
        credits("text/0013-b.md"),
        [(
            "ed".to_string(),
            "wrote most of its lines (inferred from history)"
        )]
    );
}

#[test]
fn a_chair_who_never_commits_here_is_found_by_the_proposals_they_approve() {
    // Zed chairs SIG Network and codes elsewhere: the team map and the
    // KEPs name them by login, no commit does.
    let builder = five_sigs().team("SIG Scheduling", &["zed"], &[]);
    let org = node_keps_by_eve(builder, "zed").build();
    let measures = org.measure();
    assert_eq!(
        items(&measures, "zed", "teams_reached"),
        ["SIG Node", "SIG Apps"]
    );
    // No commit here says nothing about how much of their work is coding.
    assert_eq!(measures.value("zed", "coding_share"), None);
    assert!(org.org.diagnostics.iter().any(|d| {
        d.to_string()
            .contains("kept as a member who has not committed here")
    }));
}

#[test]
fn a_kep_is_its_metadata_and_the_text_beside_it() {
    let readme = &format!("# KEP-7: Swap\n\n## Summary\n\n{PROSE}\n## Alternatives\n\nOthers.\n");
    let org = five_sigs()
        .document(
            "ana",
            "enhancements",
            10,
            "keps/sig-node/7-swap/kep.yaml",
            &kep(7, "ana", ("sig-node", &[]), "implementable", "eve"),
        )
        .document(
            "ana",
            "enhancements",
            10,
            "keps/sig-node/7-swap/README.md",
            readme,
        )
        .build();
    let paths: Vec<&str> = org.org.documents.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["keps/sig-node/7-swap/kep.yaml"]);
    assert_eq!(
        org.org.skipped_documents[0].reason,
        "the text of the KEP beside it, read with its kep.yaml"
    );
    assert_eq!(
        items(&org.measure(), "ana", "decisions_documented"),
        ["Proposal 7"]
    );
}
