//! Views built from small organizations written as plain values
//! (`analysis::testing::OrgBuilder`), so what a reader sees is specified
//! without git, a store or the binary.

use analysis::assess::Status;
use analysis::testing::{OrgBuilder, default_rubric};

use crate::pseudonym::Pseudonyms;
use crate::{Analysis, PersonReport, markdown};

/// Resolved, measured and with its patterns, as the pipeline analyzes, with
/// the default rubric.
fn analysis(builder: OrgBuilder) -> Analysis {
    let built = builder.build();
    let rubric = (default_rubric(), "the built-in rubric".to_string());
    Analysis::new(built.org, built.window, rubric, Pseudonyms::new("test key"))
}

fn report(analysis: &Analysis, handle: &str) -> PersonReport {
    analysis
        .person_view(handle, None)
        .expect("the person is active")
}

fn status<'a>(report: &'a PersonReport, dimension: &str) -> &'a Status {
    &report
        .dimensions
        .iter()
        .find(|d| d.id == dimension)
        .unwrap_or_else(|| panic!("no dimension {dimension}"))
        .status
}

/// Four teams; ana (platform) reviews three other teams' changes, three
/// each, through `Reviewed-by:` trailers.
fn reviewer_across_teams() -> OrgBuilder {
    let mut builder = OrgBuilder::new()
        .team("platform", &["ana"], &[("infra", "src/")])
        .team("payments", &["ben"], &[("payments-api", "src/")])
        .team("search", &["carl"], &[("search", "src/")])
        .team("identity", &["dana"], &[("identity", "src/")])
        .commit("ana", "infra", 0, &[("src/deploy.rs", 30)]);
    for (author, repo) in [
        ("ben", "payments-api"),
        ("carl", "search"),
        ("dana", "identity"),
    ] {
        for day in 1..=3 {
            builder = builder.reviewed("ana", author, repo, day);
        }
    }
    builder
}

#[test]
fn scope_across_three_teams_meets_the_staff_threshold() {
    let analysis = analysis(reviewer_across_teams());
    let report = report(&analysis, "ana");
    match status(&report, "scope") {
        Status::Measured { value, level, .. } => {
            assert_eq!(*value, 3.0);
            assert_eq!(level.as_deref(), Some("staff"));
        }
        other => panic!("scope is {other:?}"),
    }
}

#[test]
fn reviews_where_none_are_recorded_are_no_data_not_zero() {
    // payments-api's history records no review at all: ben's review reach
    // cannot be known from it, so it must not read as zero.
    let analysis = analysis(
        OrgBuilder::new()
            .team("payments", &["ben"], &[("payments-api", "src/")])
            .commit("ben", "payments-api", 1, &[("src/a.rs", 40)])
            .commit("ben", "payments-api", 2, &[("src/a.rs", 40)]),
    );
    let report = report(&analysis, "ben");
    assert!(
        matches!(status(&report, "review-reach"), Status::NoData),
        "{:?}",
        status(&report, "review-reach")
    );
    // Nor is it among the dimensions the packet says the data can measure.
    let no_data = report
        .dimensions
        .iter()
        .filter(|d| matches!(d.status, Status::NoData))
        .count();
    let measurable = report
        .dimensions
        .iter()
        .filter(|d| !matches!(d.status, Status::NotMeasured { .. }))
        .count()
        - no_data;
    let summary = crate::packet::packet(&report).summary;
    assert!(
        summary.contains(&format!(
            "of the {measurable} dimensions the data can measure"
        )),
        "{summary}"
    );
}

#[test]
fn no_view_shows_an_email_address() {
    let analysis = analysis(reviewer_across_teams());
    let context = analysis.context();
    let person = markdown::person(&report(&analysis, "ana"), "senior");
    let org = markdown::org(&crate::org_report(&context), &analysis.rubric.levels);
    let json = serde_json::to_string(&report(&analysis, "ana")).expect("serializes");
    for (view, text) in [("person", &person), ("org", &org), ("json", &json)] {
        assert!(!text.contains("@acme.example"), "{view} shows an email");
        assert!(text.contains("Ana"), "{view} names her");
    }
}

#[test]
fn evidence_ids_name_the_commits_behind_review_reach() {
    let analysis = analysis(reviewer_across_teams());
    let report = report(&analysis, "ana");
    let reach = report
        .dimensions
        .iter()
        .find(|d| d.id == "review-reach")
        .expect("review reach");
    let ids: Vec<String> = reach
        .evidence
        .iter()
        .flat_map(|item| item.evidence.iter().map(|e| e.id()))
        .collect();
    assert_eq!(ids.len(), 9, "{ids:?}");
    for id in &ids {
        let parsed: model::EvidenceId = id.parse().expect("an id parses");
        assert!(
            matches!(parsed.reference, model::Reference::Commit(_)),
            "{id}"
        );
    }
}

#[test]
fn calibration_leaves_out_columns_no_one_has_evidence_for() {
    // Documents are collected, but nobody has driven an initiative: that
    // column would say "no evidence" for everyone.
    let analysis = analysis(reviewer_across_teams().document(
        "ana",
        "infra",
        1,
        "docs/design/deploys.md",
        "# Deploys\n\nEvery service deploys on its own schedule today; we propose one release train.\n",
    ));
    let context = analysis.context();
    let people = crate::calibrate::members(&context, None);
    let view = crate::calibrate::calibrate(&context, &people, false);
    assert!(
        view.without_information
            .contains(&"Initiatives".to_string()),
        "{:?}",
        view.without_information
    );
    for name in &view.without_information {
        assert!(!view.dimensions.iter().any(|c| &c.name == name), "{name}");
    }
    for row in &view.rows {
        assert_eq!(row.cells.len(), view.dimensions.len());
    }
    assert!(!view.without_information.is_empty());
    let text = crate::calibrate::markdown(&view);
    assert!(
        text.contains("Left out, as no one here shows data or evidence for them:"),
        "{text}"
    );
}
