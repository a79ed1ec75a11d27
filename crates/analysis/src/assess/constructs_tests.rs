//! The rubric constructs a real career ladder needs beyond one metric per
//! dimension: ratios, comparisons between metrics, `or` in rules, any-of and
//! all-of dimensions, and dimensions expected only from some level up.
//! Each is read from TOML and applied to plain values.

use super::*;
use crate::measure::Metric;

fn metrics(values: &[(&'static str, Option<f64>)]) -> BTreeMap<&'static str, Metric> {
    values
        .iter()
        .map(|(name, value)| {
            let metric = Metric {
                value: *value,
                items: Vec::new(),
            };
            (*name, metric)
        })
        .collect()
}

const HEAD: &str =
    "name = \"ladder\"\nlevels = [\"senior\", \"staff\", \"principal\"]\ntarget = \"staff\"\n";

fn dimension(body: &str) -> String {
    format!(
        "{HEAD}\n[[dimension]]\nid = \"d\"\nname = \"D\"\nbetter = \"higher\"\nabout = \"a\"\nadvice = \"b\"\n{body}\n"
    )
}

fn graded(rubric: &str, values: &[(&'static str, Option<f64>)]) -> DimensionResult {
    let rubric = parse_rubric("ladder.toml", rubric).unwrap();
    let sources = [Source::Git, Source::Documents];
    assess(&rubric, &sources, &metrics(values))
        .dimensions
        .remove(0)
}

fn level(result: &DimensionResult) -> Option<&str> {
    match &result.status {
        Status::Measured { level, .. } => level.as_deref(),
        other => panic!("not measured: {other:?}"),
    }
}

fn error(text: &str) -> String {
    parse_rubric("ladder.toml", text).unwrap_err().to_string()
}

#[test]
fn a_ratio_divides_one_metric_by_another_and_is_no_data_over_zero() {
    let rubric = dimension(
        "metric = \"reviews_given / commits\"\nthresholds = { senior = 0.25, staff = 0.5, principal = 1 }",
    );
    let result = graded(
        &rubric,
        &[("reviews_given", Some(30.0)), ("commits", Some(40.0))],
    );
    assert_eq!(
        result.status,
        Status::Measured {
            value: 0.75,
            level: Some("staff".into()),
            meets_target: true
        }
    );
    assert_eq!(result.metric, "reviews_given / commits");
    assert_eq!(result.evidence_metric, "reviews_given");
    let none = graded(
        &rubric,
        &[("reviews_given", Some(3.0)), ("commits", Some(0.0))],
    );
    assert_eq!(none.status, Status::NoData);
}

#[test]
fn any_of_takes_the_best_measure_and_all_of_the_worst() {
    let alternatives = "[\n  { metric = \"lines_changed\", thresholds = { senior = 2000, staff = 5000, principal = 9000 } },\n  { metric = \"teams_reached\", thresholds = { senior = 1, staff = 3, principal = 5 } },\n]";
    let values = [
        ("lines_changed", Some(2500.0)),
        ("teams_reached", Some(5.0)),
    ];
    // Through implementation (senior) or through leadership (principal).
    let any = graded(&dimension(&format!("any_of = {alternatives}")), &values);
    assert_eq!(level(&any), Some("principal"));
    assert_eq!(any.decided_by, "teams_reached");
    assert_eq!(any.metric, "any of: lines_changed, teams_reached");
    let all = graded(&dimension(&format!("all_of = {alternatives}")), &values);
    assert_eq!(level(&all), Some("senior"));
    assert_eq!(all.decided_by, "lines_changed");
    // Any of: one measure without a source does not hide another's level.
    let rubric = dimension(
        "any_of = [\n  { metric = \"incidents_led\", thresholds = { senior = 1, staff = 2, principal = 3 } },\n  { metric = \"teams_reached\", thresholds = { senior = 1, staff = 3, principal = 5 } },\n]",
    );
    let partly = graded(&rubric, &[("teams_reached", Some(3.0))]);
    assert_eq!(level(&partly), Some("staff"));
}

#[test]
fn a_dimension_expected_from_a_level_up_is_not_expected_below_it() {
    let rubric = dimension(
        "metric = \"initiatives\"\nexpected_from = \"staff\"\nthresholds = { staff = 1, principal = 2 }",
    );
    let at_staff = graded(&rubric, &[("initiatives", Some(0.0))]);
    // At staff, where it is expected, nothing is below the first threshold.
    assert_eq!(
        at_staff.status,
        Status::Measured {
            value: 0.0,
            level: None,
            meets_target: false
        }
    );
    let senior = rubric.replace("target = \"staff\"", "target = \"senior\"");
    let below = graded(&senior, &[("initiatives", Some(3.0))]);
    assert_eq!(
        below.status,
        Status::NotExpected {
            from: "staff".into()
        }
    );
    assert!(
        error(&rubric.replace("{ staff = 1,", "{ senior = 0, staff = 1,")).contains(
            "dimension `d`: threshold for unknown level `senior`; the levels are staff, principal"
        )
    );
    assert!(
        error(&rubric.replace("expected_from = \"staff\"", "expected_from = \"cto\""))
            .contains("`expected_from` = `cto` is not one of `levels`")
    );
}

#[test]
fn rules_take_or_ratios_and_comparisons_between_metrics() {
    let rubric = format!(
        "{}\n[[failure_mode]]\nid = \"f\"\nname = \"F\"\nabout = \"a\"\nwhen = [\"reviews_given / commits < 0.25 or reviews_given < 5\", \"commits >= reviews_given\"]\n",
        dimension("metric = \"commits\"\nthresholds = { senior = 1, staff = 2, principal = 3 }")
    );
    let rubric = parse_rubric("ladder.toml", &rubric).unwrap();
    let outcome = |reviews: f64, commits: f64| {
        let values = metrics(&[("reviews_given", Some(reviews)), ("commits", Some(commits))]);
        assess(&rubric, &[Source::Git], &values)
            .failure_modes
            .remove(0)
    };
    let found = outcome(10.0, 100.0);
    assert_eq!(found.outcome, Outcome::Found);
    assert_eq!(
        found.conditions[0].condition,
        "reviews_given / commits < 0.25 or reviews_given < 5"
    );
    assert_eq!(found.conditions[0].metrics, ["reviews_given", "commits"]);
    assert_eq!(found.conditions[0].value, Some(0.1));
    // Neither alternative holds.
    assert_eq!(outcome(40.0, 100.0).outcome, Outcome::NotFound);
    // The second clause compares two metrics.
    assert_eq!(outcome(1.0, 0.5).outcome, Outcome::NotFound);
}

#[test]
fn a_rule_alternative_without_its_source_leaves_the_clause_open() {
    let rubric = format!(
        "{}\n[[signal]]\nid = \"s\"\nname = \"S\"\nabout = \"a\"\nwhen = [\"incidents_led >= 1 or commits >= 50\"]\n",
        dimension("metric = \"commits\"\nthresholds = { senior = 1, staff = 2, principal = 3 }")
    );
    let rubric = parse_rubric("ladder.toml", &rubric).unwrap();
    let values = metrics(&[("commits", Some(10.0))]);
    let signal = assess(&rubric, &[Source::Git], &values).signals.remove(0);
    assert_eq!(
        signal.outcome,
        Outcome::NotMeasured {
            missing: vec![Source::Incidents]
        }
    );
    let values = metrics(&[("commits", Some(60.0))]);
    let signal = assess(&rubric, &[Source::Git], &values).signals.remove(0);
    assert_eq!(signal.outcome, Outcome::Found);
}

#[test]
fn malformed_constructs_name_their_line() {
    let both = dimension(
        "metric = \"commits\"\nthresholds = { senior = 1, staff = 2, principal = 3 }\nany_of = []",
    );
    assert!(
        error(&both)
            .contains("give exactly one of `metric`, `any_of`, `all_of` and `evidence_log = true`"),
        "{}",
        error(&both)
    );
    let no_thresholds = dimension("metric = \"commits\"");
    assert!(
        error(&no_thresholds)
            .starts_with("ladder.toml:11: dimension `d`: `metric` needs `thresholds`"),
        "{}",
        error(&no_thresholds)
    );
    let unknown = dimension(
        "metric = \"commits / charm\"\nthresholds = { senior = 1, staff = 2, principal = 3 }",
    );
    assert!(
        error(&unknown).contains("unknown metric `charm`"),
        "{}",
        error(&unknown)
    );
    let shape =
        dimension("metric = \"a / b / c\"\nthresholds = { senior = 1, staff = 2, principal = 3 }");
    assert!(
        error(&shape).contains("must be a metric or `<metric> / <metric>`"),
        "{}",
        error(&shape)
    );
    let rule = format!(
        "{}\n[[signal]]\nid = \"s\"\nname = \"S\"\nabout = \"a\"\nwhen = [\"commits >= 1 or\"]\n",
        dimension("metric = \"commits\"\nthresholds = { senior = 1, staff = 2, principal = 3 }")
    );
    assert!(
        error(&rule).contains("condition `commits >= 1 or`: `or` needs a condition on each side"),
        "{}",
        error(&rule)
    );
}

#[test]
fn an_evidence_log_dimension_counts_confirmed_entries_only_where_the_log_is_collected() {
    let rubric =
        dimension("evidence_log = true\nthresholds = { senior = 1, staff = 2, principal = 4 }");
    let parsed = parse_rubric("ladder.toml", &rubric).unwrap();
    assert_eq!(
        parsed.dimensions[0].metric,
        "confirmed evidence-log entries"
    );
    // No confirmed entry: no evidence, never a level missed.
    let with_log = assess(&parsed, &[Source::Git, Source::EvidenceLog], &metrics(&[]));
    assert_eq!(
        with_log.dimensions[0].status,
        Status::NoEvidence { value: 0.0 }
    );
    let without = assess(&parsed, &[Source::Git], &metrics(&[]));
    assert_eq!(
        without.dimensions[0].status,
        Status::NotMeasured {
            source: Source::EvidenceLog
        }
    );
    let with_metric = dimension(
        "evidence_log = true\nmetric = \"commits\"\nthresholds = { senior = 1, staff = 2, principal = 4 }",
    );
    assert!(
        error(&with_metric)
            .contains("`evidence_log` grades confirmed entries; it takes no `metric`")
    );
    assert!(error(&dimension("evidence_log = true")).contains("`evidence_log` needs `thresholds`"));
}

#[test]
fn a_document_filter_names_known_kinds_and_states_on_documents_authored_only() {
    let filtered = |metric: &str, filter: &str| {
        dimension(&format!(
            "metric = \"{metric}\"\nfilter = {filter}\nthresholds = {{ senior = 1, staff = 2, principal = 4 }}"
        ))
    };
    let ok = parse_rubric(
        "ladder.toml",
        &filtered("documents_authored", "{ kind = [\"Strategy\"] }"),
    )
    .unwrap();
    assert_eq!(
        ok.dimensions[0].metric,
        "documents_authored (kind strategy)"
    );
    assert!(
        error(&filtered("commits", "{ kind = [\"adr\"] }"))
            .contains("`filter` applies to `metric = \"documents_authored\"` only")
    );
    assert!(
        error(&filtered("documents_authored", "{ kind = [\"memo\"] }")).contains(
            "`filter` kind `memo` is not one of proposal, rfc, design, adr, strategy, pir, other"
        )
    );
    assert!(
        error(&filtered(
            "documents_authored",
            "{ status = [\"shipped\"] }"
        ))
        .contains("`filter` status `shipped` is not one of draft")
    );
}

#[test]
fn persistence_is_read_and_checked_for_sense() {
    let rubric = dimension(
        "metric = \"commits\"\nthresholds = { senior = 1, staff = 2, principal = 4 }\npersist = { at_least = 3, of_last = 4 }",
    );
    let parsed = parse_rubric("ladder.toml", &rubric).unwrap();
    assert_eq!(
        parsed.dimensions[0].persist,
        Some(Persist {
            at_least: 3,
            of_last: 4
        })
    );
    let wrong = rubric.replace("at_least = 3", "at_least = 5");
    assert!(
        error(&wrong).contains("`persist` needs 1 <= at_least <= of_last <= 8"),
        "{}",
        error(&wrong)
    );
}

#[test]
fn archetype_weights_may_differ_by_level() {
    let rubric = format!(
        "{}\n[[dimension]]\nid = \"e\"\nname = \"E\"\nmetric = \"teams_reached\"\nbetter = \"higher\"\nthresholds = {{ senior = 1, staff = 2, principal = 4 }}\nabout = \"a\"\nadvice = \"b\"\n\n[[archetype]]\nid = \"lead\"\nname = \"Lead\"\nabout = \"a\"\nweights = {{ d = 1 }}\nweights_by_level = {{ principal = {{ e = 1 }} }}\n",
        dimension("metric = \"commits\"\nthresholds = { senior = 1, staff = 2, principal = 4 }")
    );
    let values = metrics(&[("commits", Some(2.0)), ("teams_reached", Some(1.0))]);
    let fit_at = |target: &str| {
        let text = rubric.replace("target = \"staff\"", &format!("target = \"{target}\""));
        let parsed = parse_rubric("ladder.toml", &text).unwrap();
        let assessment = assess(&parsed, &[Source::Git], &values);
        resemblance(&parsed, &assessment).remove(0)
    };
    // At staff the lead is weighed on commits (met); at principal on reach (1 of 4).
    assert_eq!(fit_at("staff").fit, 1.0);
    assert_eq!(fit_at("principal").fit, 0.25);
    let unknown = rubric.replace("weights_by_level = { principal", "weights_by_level = { cto");
    assert!(
        error(&unknown).contains("`weights_by_level` names `cto`, which is not one of `levels`"),
        "{}",
        error(&unknown)
    );
    let zero = rubric.replace("{ principal = { e = 1 } }", "{ principal = { e = 0 } }");
    assert!(
        error(&zero).contains("archetype `lead` must weigh at least one dimension above 0"),
        "{}",
        error(&zero)
    );
}
