//! Tests of reading a rubric (and the errors it reports) and of applying it:
//! levels, rules and archetypes. They are here rather than in each module
//! because most of them go through both reading and applying.

use super::*;
use crate::measure::Metric;

fn metrics(values: &[(&'static str, Option<f64>)]) -> BTreeMap<&'static str, Metric> {
    values
        .iter()
        .map(|(name, value)| {
            (
                *name,
                Metric {
                    value: *value,
                    items: Vec::new(),
                },
            )
        })
        .collect()
}

const SMALL: &str = r#"
name = "small"
levels = ["senior", "staff"]
target = "staff"

[[dimension]]
id = "scope"
name = "Scope"
metric = "teams_reached"
better = "higher"
thresholds = { senior = 1, staff = 3 }
about = "a"
advice = "b"

[[dimension]]
id = "mix"
name = "Mix"
metric = "coding_share"
better = "lower"
thresholds = { senior = 1.0, staff = 0.5 }
about = "a"
advice = "b"

[[dimension]]
id = "writing"
name = "Writing"
metric = "documents_authored"
better = "higher"
thresholds = { senior = 1, staff = 2 }
about = "a"
advice = "b"

[[failure_mode]]
id = "avoid"
name = "Avoiding"
when = ["teams_reached <= 1", "documents_authored < 1"]
about = "a"

[[signal]]
id = "reach"
name = "Reach"
when = ["teams_reached >= 3"]
about = "a"
"#;

fn check(values: &[(&'static str, Option<f64>)], expected: &[(&str, Status)]) {
    let rubric = parse_rubric("small.toml", SMALL).unwrap();
    let assessment = assess(&rubric, &[Source::Git], &metrics(values));
    for (id, status) in expected {
        let got = assessment.dimensions.iter().find(|d| d.id == *id).unwrap();
        assert_eq!(&got.status, status, "dimension {id}");
    }
}

fn measured(value: f64, level: Option<&str>, meets_target: bool) -> Status {
    Status::Measured {
        value,
        level: level.map(str::to_string),
        meets_target,
    }
}

#[test]
fn levels_follow_thresholds_in_both_directions() {
    check(
        &[("teams_reached", Some(0.0)), ("coding_share", Some(0.9))],
        &[
            ("scope", measured(0.0, None, false)),
            ("mix", measured(0.9, Some("senior"), false)),
        ],
    );
    check(
        &[("teams_reached", Some(3.0)), ("coding_share", Some(0.5))],
        &[
            ("scope", measured(3.0, Some("staff"), true)),
            ("mix", measured(0.5, Some("staff"), true)),
        ],
    );
    check(
        &[("teams_reached", Some(2.0)), ("coding_share", None)],
        &[
            ("scope", measured(2.0, Some("senior"), false)),
            ("mix", Status::NoData),
        ],
    );
}

#[test]
fn zero_against_a_threshold_of_zero_is_no_evidence_not_a_level() {
    let rubric = parse_rubric(
        "zero.toml",
        &SMALL.replace(
            "thresholds = { senior = 1, staff = 3 }",
            "thresholds = { senior = 0, staff = 1 }",
        ),
    )
    .unwrap();
    let level_of = |value: f64| {
        let values = metrics(&[("teams_reached", Some(value))]);
        let assessment = assess(&rubric, &[Source::Git], &values);
        assessment.dimensions[0].status.clone()
    };
    // A drive-by contributor is not "senior" on a dimension where they
    // show nothing, nor below it.
    assert_eq!(level_of(0.0), Status::NoEvidence { value: 0.0 });
    assert_eq!(level_of(1.0), measured(1.0, Some("staff"), true));
}

#[test]
fn missing_source_is_not_measured_never_zero() {
    check(
        &[("teams_reached", Some(1.0))],
        &[(
            "writing",
            Status::NotMeasured {
                source: Source::Documents,
            },
        )],
    );
}

#[test]
fn rules_are_found_possible_or_not() {
    let rubric = parse_rubric("small.toml", SMALL).unwrap();
    let outcome = |values: &[(&'static str, Option<f64>)], sources: &[Source]| {
        let assessment = assess(&rubric, sources, &metrics(values));
        (
            assessment.failure_modes[0].outcome.clone(),
            assessment.signals[0].outcome.clone(),
        )
    };
    assert_eq!(
        outcome(&[("teams_reached", Some(1.0))], &[Source::Git]),
        (
            Outcome::Possible {
                missing: vec![Source::Documents]
            },
            Outcome::NotFound
        )
    );
    assert_eq!(
        outcome(&[("teams_reached", Some(4.0))], &[Source::Git]),
        (Outcome::NotFound, Outcome::Found)
    );
    assert_eq!(
        outcome(
            &[
                ("teams_reached", Some(0.0)),
                ("documents_authored", Some(0.0))
            ],
            &[Source::Git, Source::Documents]
        ),
        (Outcome::Found, Outcome::NotFound)
    );
    assert_eq!(
        outcome(&[], &[]),
        (
            Outcome::NotMeasured {
                missing: vec![Source::Git, Source::Documents]
            },
            Outcome::NotMeasured {
                missing: vec![Source::Git]
            }
        )
    );
}

fn error_of(content: &str) -> String {
    parse_rubric("rubric.toml", content)
        .unwrap_err()
        .to_string()
}

#[test]
fn broken_rubrics_name_file_and_line() {
    let unknown_metric = SMALL.replace("metric = \"coding_share\"", "metric = \"lines_of_genius\"");
    let error = error_of(&unknown_metric);
    assert!(
        error.starts_with("rubric.toml:18: unknown metric `lines_of_genius`"),
        "{error}"
    );
    let bad_condition = SMALL.replace("teams_reached >= 3", "teams_reached => 3");
    assert!(
        error_of(&bad_condition)
            .starts_with("rubric.toml:42: condition `teams_reached => 3`: unknown operator")
    );
    let bad_level = SMALL.replace(
        "{ senior = 1, staff = 2 }",
        "{ senior = 1, distinguished = 2 }",
    );
    assert!(error_of(&bad_level).contains("threshold for unknown level `distinguished`"));
    let bad_target = SMALL.replace("target = \"staff\"", "target = \"cto\"");
    assert!(error_of(&bad_target).starts_with("rubric.toml:4: target level `cto`"));
    assert!(error_of("name = 1").starts_with("rubric.toml:1:"));
}

#[test]
fn the_default_rubric_encodes_all_twelve_dimensions_and_parses() {
    let rubric = parse_rubric("default.toml", DEFAULT_RUBRIC).unwrap();
    assert_eq!(rubric.dimensions.len(), 12);
    assert_eq!(rubric.failure_modes.len(), 4);
    assert_eq!(rubric.signals.len(), 6);
    assert_eq!(rubric.target, "staff");
}

#[test]
fn thresholds_cover_every_level_in_order() {
    let missing = SMALL.replace("{ senior = 1, staff = 3 }", "{ staff = 3 }");
    let error = error_of(&missing);
    assert!(
        error.starts_with("rubric.toml:11: dimension `scope`: no threshold for level `senior`"),
        "{error}"
    );
    let reversed = SMALL.replace("{ senior = 1, staff = 3 }", "{ senior = 4, staff = 3 }");
    let error = error_of(&reversed);
    assert!(
        error.contains("thresholds out of order: `staff` = 3 but `senior` = 4; higher is better"),
        "{error}"
    );
    let reversed_lower = SMALL.replace(
        "{ senior = 1.0, staff = 0.5 }",
        "{ senior = 0.5, staff = 0.9 }",
    );
    assert!(error_of(&reversed_lower).contains("lower is better, so it cannot be higher"));
}

const ARCHETYPES: &str = r#"
[[archetype]]
id = "writer"
name = "Writer"
about = "writes"
weights = { writing = 3, scope = 1 }

[[archetype]]
id = "reacher"
name = "Reacher"
about = "reaches"
weights = { scope = 2, mix = 1 }
thresholds = { scope = { senior = 1, staff = 2 } }
"#;

#[test]
fn archetypes_weigh_dimensions_and_may_hold_people_to_other_thresholds() {
    let rubric = parse_rubric("small.toml", &format!("{SMALL}{ARCHETYPES}")).unwrap();
    let values = metrics(&[
        ("teams_reached", Some(2.0)),
        ("coding_share", Some(0.4)),
        ("documents_authored", Some(1.0)),
    ]);
    let sources = [Source::Git, Source::Documents];
    let assessment = assess(&rubric, &sources, &values);
    let fits = resemblance(&rubric, &assessment);
    // Writer: writing 1 of 2 (0.5) x3, scope 2 of 3 x1 -> (1.5 + 0.667) / 4.
    assert!(
        (fits[0].fit - (1.5 + 2.0 / 3.0) / 4.0).abs() < 1e-9,
        "{fits:?}"
    );
    assert_eq!(fits[0].gaps, ["Scope", "Writing"]);
    // Reacher holds scope to 2 for staff: everything attained.
    assert_eq!(fits[1].fit, 1.0);
    assert_eq!(fits[1].strong, ["Scope", "Mix"]);
    let as_reacher = rubric.for_archetype("reacher").unwrap();
    let scope = &assess(&as_reacher, &sources, &values).dimensions[0];
    assert_eq!(scope.status, measured(2.0, Some("staff"), true));
    assert!(rubric.for_archetype("nobody").is_none());
    // Without documents, writing leaves the weighing instead of counting as zero.
    let fits = resemblance(&rubric, &assess(&rubric, &[Source::Git], &values));
    assert_eq!(fits[0].measured_weight, 0.25);
    assert_eq!(fits[0].fit, 2.0 / 3.0);
}

#[test]
fn broken_archetypes_name_their_line() {
    let unknown = format!("{SMALL}{}", ARCHETYPES.replace("writing = 3", "charm = 3"));
    let error = error_of(&unknown);
    assert!(
        error.contains("archetype `writer` weighs `charm`, which is not a dimension"),
        "{error}"
    );
    assert!(error.starts_with("rubric.toml:49:"), "{error}");
    let disorder = format!(
        "{SMALL}{}",
        ARCHETYPES.replace("{ senior = 1, staff = 2 }", "{ senior = 3, staff = 2 }")
    );
    let error = error_of(&disorder);
    assert!(
        error.contains("archetype `reacher`, dimension `scope`: thresholds out of order"),
        "{error}"
    );
}

#[test]
fn the_default_rubric_is_valid_and_has_the_four_archetypes() {
    let rubric = parse_rubric("built-in", DEFAULT_RUBRIC).unwrap();
    let ids: Vec<&str> = rubric.archetypes.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["tech-lead", "architect", "solver", "right-hand"]);
}

#[test]
fn degenerate_operating_mix_weights_are_refused_with_their_line() {
    let with = |measures: &str| {
        parse_rubric("w.toml", &format!("{SMALL}\n[measures]\n{measures}\n"))
            .err()
            .map(|e| e.to_string())
    };
    let line = SMALL.lines().count() + 2;
    assert_eq!(
        with("commit_weight = nan"),
        Some(format!(
            "w.toml:{line}: [measures] commit_weight must be a number of 0 or more"
        ))
    );
    assert!(
        with("review_weight = 0.0\ndocument_weight = 0.0\nincident_weight = 0.0")
            .is_some_and(|e| e.contains("at least one of review_weight")),
    );
    assert_eq!(with("review_weight = 2.0"), None);
}
