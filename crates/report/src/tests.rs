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

/// Resolved and measured as the pipeline does, judged by `rubric` (a
/// company's own, read from `acme.toml`).
fn with_rubric(builder: OrgBuilder, rubric: &str) -> Analysis {
    let built = builder.build();
    let rubric = analysis::assess::parse_rubric("acme.toml", rubric).unwrap();
    let origin = (rubric, "file acme.toml".to_string());
    Analysis::new(built.org, built.window, origin, Pseudonyms::new("test key"))
}

/// A company's own rubric, with its own dimension ids.
const COMPANY_RUBRIC: &str = r#"
name = "acme ladder"
levels = ["senior", "staff"]
target = "staff"

[[dimension]]
id = "org-reach"
name = "Organizational reach"
metric = "teams_reached"
better = "higher"
thresholds = { senior = 1, staff = 4 }
about = "Teams beyond your own your work changes."
advice = "Take on a problem two other teams share."

[[dimension]]
id = "code-quality-stewardship"
name = "Stewardship"
metric = "reviews_given"
better = "higher"
thresholds = { senior = 5, staff = 50 }
about = "Reviews given."
advice = "Review the hardest changes in the codebases you know."
"#;

#[test]
fn the_path_follows_a_company_rubric_whatever_its_dimension_ids() {
    let analysis = with_rubric(reviewer_across_teams(), COMPANY_RUBRIC);
    let report = report(&analysis, "ana");
    let titles: Vec<&str> = report.path.iter().map(|s| s.title.as_str()).collect();
    // Reach reads teams_reached: the cross-team steps; reviews get their own.
    assert_eq!(
        titles[..3],
        [
            "Find a problem that matters to several teams, and own it",
            "Build relationships across team boundaries",
            "Stewardship"
        ],
        "{titles:?}"
    );
    assert_eq!(
        report.path[0].why,
        "Organizational reach is below the target level or not measured."
    );
    let stewardship = &report.path[2];
    assert_eq!(
        stewardship.why,
        "Stewardship is 9 (`reviews_given`, senior level); the target level needs 50; 9 pieces of evidence behind it."
    );
    assert_eq!(
        stewardship.suggestions,
        ["Review the hardest changes in the codebases you know."]
    );
}

#[test]
fn the_org_view_names_dimensions_nobody_is_graded_on_instead_of_a_column() {
    // Documents are collected (one design note), but nobody led an
    // initiative: a column of "no evidence" says nothing.
    let builder = reviewer_across_teams().document(
        "ana",
        "infra",
        4,
        "docs/deploys.md",
        &format!("# Deploys\n\n{}", analysis::testing::PROSE),
    );
    let analysis = analysis(builder);
    let context = analysis.context();
    let org = markdown::org(&crate::org_report(&context), &analysis.rubric.levels);
    let header = org
        .lines()
        .find(|l| l.starts_with("| Team | Scope"))
        .expect("the levels table");
    assert!(!header.contains("Initiatives"), "{header}");
    let left_out = org
        .lines()
        .find(|l| l.starts_with("Left out, as nobody here is graded"))
        .unwrap_or_else(|| panic!("{org}"));
    assert!(left_out.contains("Initiatives"), "{left_out}");
}

#[test]
fn a_dimension_expected_from_staff_reads_below_staff_not_below_senior() {
    let rubric = format!(
        "{COMPANY_RUBRIC}\n[[dimension]]\nid = \"standards\"\nname = \"Standards\"\nmetric = \"reviews_given_other_teams\"\nbetter = \"higher\"\nexpected_from = \"staff\"\nthresholds = {{ staff = 50 }}\nabout = \"a\"\nadvice = \"b\"\n"
    );
    let analysis = with_rubric(reviewer_across_teams(), &rubric);
    let text = markdown::person(&report(&analysis, "ana"), "senior");
    let row = text
        .lines()
        .find(|l| l.starts_with("| Standards |"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(row.contains("below staff"), "{row}");
}

#[test]
fn a_filter_counts_only_the_documents_of_its_kinds_and_states() {
    let adr = format!(
        "---\nstatus: accepted\n---\n# 1. Use one queue\n\n## Decision\n\n{}",
        analysis::testing::PROSE
    );
    let proposed = format!(
        "---\nstatus: proposed\n---\n# 2. Split the ledger\n\n{}",
        analysis::testing::PROSE
    );
    let builder = reviewer_across_teams()
        .document("ana", "infra", 4, "docs/adr/0001-one-queue.md", &adr)
        .document(
            "ana",
            "infra",
            5,
            "docs/adr/0002-split-ledger.md",
            &proposed,
        )
        .document(
            "ana",
            "infra",
            6,
            "docs/design/deploys.md",
            &format!("# Deploys\n\n{}", analysis::testing::PROSE),
        );
    let rubric = format!(
        "{COMPANY_RUBRIC}\n[[dimension]]\nid = \"decisions\"\nname = \"Decisions\"\nmetric = \"documents_authored\"\nfilter = {{ kind = [\"adr\"], status = [\"accepted\", \"implemented\"] }}\nbetter = \"higher\"\nthresholds = {{ senior = 1, staff = 2 }}\nabout = \"a\"\nadvice = \"b\"\n"
    );
    let analysis = with_rubric(builder, &rubric);
    let report = report(&analysis, "ana");
    let decisions = report
        .dimensions
        .iter()
        .find(|d| d.id == "decisions")
        .unwrap();
    assert_eq!(
        decisions.metric,
        "documents_authored (kind adr; status accepted, implemented)"
    );
    let authored: Vec<String> = report.metrics["documents_authored"]
        .items
        .iter()
        .map(|i| format!("{} {}", i.label, i.detail))
        .collect();
    match &decisions.status {
        Status::Measured { value, level, .. } => {
            assert_eq!(
                (*value, level.as_deref()),
                (1.0, Some("senior")),
                "{authored:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(decisions.counted);
    let paths: Vec<String> = decisions.evidence[0]
        .evidence
        .iter()
        .map(|e| e.id().to_string())
        .collect();
    assert_eq!(paths.len(), 1);
    assert!(paths[0].contains("0001-one-queue"), "{paths:?}");
}

#[test]
fn a_sustained_dimension_meets_its_target_only_in_enough_quarters() {
    // Ana reviews three teams in the first quarter of 2025 only.
    let rubric = COMPANY_RUBRIC.replace(
        "thresholds = { senior = 1, staff = 4 }",
        "thresholds = { senior = 1, staff = 3 }\npersist = { at_least = 2, of_last = 4 }",
    );
    let mut analysis = with_rubric(reviewer_across_teams(), &rubric);
    let before = report(&analysis, "ana");
    assert!(
        matches!(
            status(&before, "org-reach"),
            Status::Measured {
                meets_target: true,
                ..
            }
        ),
        "without quarters measured it is not checked"
    );
    assert!(
        before.dimensions[0]
            .note
            .as_deref()
            .is_some_and(|n| n.contains("not checked: the window holds 0 full quarters")),
        "{:?}",
        before.dimensions[0].note
    );
    analysis.measure_quarters();
    let after = report(&analysis, "ana");
    assert!(matches!(
        status(&after, "org-reach"),
        Status::Measured { value, level: Some(level), meets_target: false } if *value == 3.0 && level == "staff"
    ));
    assert_eq!(
        after.dimensions[0].note.as_deref(),
        Some(
            "sustained: shows in 1 of the last 4 full quarters; the rubric asks 2, so the target is not met."
        )
    );
}

#[test]
fn the_packet_does_not_count_a_dimension_not_expected_at_the_level() {
    let rubric = format!(
        "{COMPANY_RUBRIC}\n[[dimension]]\nid = \"principal-only\"\nname = \"Principal only\"\nmetric = \"commits\"\nbetter = \"higher\"\nexpected_from = \"staff\"\nthresholds = {{ staff = 1 }}\nabout = \"a\"\nadvice = \"b\"\n"
    )
    .replace("target = \"staff\"", "target = \"senior\"");
    let analysis = with_rubric(reviewer_across_teams(), &rubric);
    let summary = crate::packet::packet(&report(&analysis, "ana")).summary;
    assert!(
        summary.contains("of the 2 dimensions the data can measure"),
        "{summary}"
    );
}

/// Views against an archetype are kept beside the view against none,
/// without the evidence they share with it, or whole after a miss: both
/// read back as computed, and a view of another person's plain view (or
/// none) is not taken for them.
#[test]
fn kept_archetype_views_read_back_as_computed() {
    let mut analysis = analysis(reviewer_across_teams());
    analysis.measure_quarters();
    let mut kept = std::collections::HashMap::new();
    crate::stored::everything(&analysis, &mut |batch| kept.extend(batch.iter().cloned()));
    let json = |view: &PersonReport| serde_json::to_string(view).unwrap();
    let archetypes: Vec<String> = analysis
        .rubric
        .archetypes
        .iter()
        .map(|a| a.id.clone())
        .collect();
    assert!(!archetypes.is_empty());
    for person in &analysis.measures.people {
        for archetype in archetypes.iter().map(|a| Some(a.as_str())).chain([None]) {
            let computed = analysis.person_view_with_trends(person, archetype);
            let read =
                crate::stored::person(person.person, archetype, |key| kept.get(key).cloned())
                    .expect("kept");
            assert_eq!(json(&read), json(&computed), "{archetype:?}");
            // Kept whole, as a report computed on a miss keeps it.
            let key = crate::stored::keys::person(person.person, archetype);
            let whole = crate::stored::encode_person(&computed, archetype);
            let alone = crate::stored::person(person.person, archetype, |k| {
                (k == key).then(|| whole.clone())
            })
            .expect("a view kept whole needs no other");
            assert_eq!(json(&alone), json(&computed));
        }
    }
    // Shared evidence was left out of the archetype views.
    let ana = analysis.find_person("ana").unwrap().person;
    let plain = kept[&crate::stored::keys::person(ana, None)].len();
    let tech_lead = kept[&crate::stored::keys::person(ana, Some("tech-lead"))].len();
    assert!(tech_lead < plain, "{tech_lead} >= {plain}");
}
