//! Assess: the rubric engine. A rubric is data (TOML); the engine reads it
//! from a string and applies it to a person's metrics. No I/O here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::measure::{MeasureParams, Metric, metric_info};
use crate::model::Source;
use crate::resolve::Diagnostic;
use crate::resolve::files::{line_of, toml_error};

/// The rubric that ships with staffscope.
pub const DEFAULT_RUBRIC: &str = include_str!("../rubric/default.toml");

#[derive(Clone, Debug, Serialize)]
pub struct Rubric {
    pub name: String,
    pub levels: Vec<String>,
    pub target: String,
    pub measures: MeasureParams,
    pub dimensions: Vec<Dimension>,
    pub failure_modes: Vec<Rule>,
    pub signals: Vec<Rule>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Higher,
    Lower,
}

#[derive(Clone, Debug, Serialize)]
pub struct Dimension {
    pub id: String,
    pub name: String,
    pub metric: String,
    pub better: Better,
    /// Per level, in the rubric's level order.
    pub thresholds: Vec<(String, f64)>,
    pub about: String,
    pub advice: String,
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub conditions: Vec<Condition>,
    pub about: String,
    pub clear: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Condition {
    pub metric: String,
    pub op: Op,
    pub value: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Op {
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = ">")]
    Above,
    #[serde(rename = "<")]
    Below,
    #[serde(rename = "==")]
    Equal,
}

impl Op {
    fn symbol(self) -> &'static str {
        match self {
            Op::AtLeast => ">=",
            Op::AtMost => "<=",
            Op::Above => ">",
            Op::Below => "<",
            Op::Equal => "==",
        }
    }

    fn holds(self, left: f64, right: f64) -> bool {
        match self {
            Op::AtLeast => left >= right,
            Op::AtMost => left <= right,
            Op::Above => left > right,
            Op::Below => left < right,
            Op::Equal => (left - right).abs() < 1e-9,
        }
    }
}

impl std::fmt::Display for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.metric, self.op.symbol(), self.value)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRubric {
    name: String,
    levels: Vec<String>,
    target: Spanned<String>,
    #[serde(default)]
    measures: Option<RawMeasures>,
    #[serde(default)]
    dimension: Vec<Spanned<RawDimension>>,
    #[serde(default)]
    failure_mode: Vec<Spanned<RawRule>>,
    #[serde(default)]
    signal: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasures {
    material_lines: Option<u64>,
    material_commits: Option<usize>,
    material_interactions: Option<usize>,
    commit_weight: Option<f64>,
    review_weight: Option<f64>,
    document_weight: Option<f64>,
    incident_weight: Option<f64>,
    working_hours_per_week: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDimension {
    id: String,
    name: String,
    metric: Spanned<String>,
    better: Better,
    thresholds: Spanned<BTreeMap<String, f64>>,
    about: String,
    advice: String,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    name: String,
    when: Vec<Spanned<String>>,
    about: String,
    clear: Option<String>,
}

/// Reads a rubric; every problem names the file and line.
pub fn parse_rubric(file: &str, content: &str) -> Result<Rubric, Diagnostic> {
    let raw: RawRubric =
        toml::from_str(content).map_err(|error| toml_error(file, content, &error))?;
    let at =
        |offset: usize, message: String| Diagnostic::at(file, line_of(content, offset), message);
    if raw.levels.is_empty() {
        return Err(Diagnostic::in_file(
            file,
            "`levels` must name at least one level",
        ));
    }
    if !raw.levels.contains(raw.target.get_ref()) {
        return Err(at(
            raw.target.span().start,
            format!(
                "target level `{}` is not one of `levels`",
                raw.target.get_ref()
            ),
        ));
    }
    let defaults = MeasureParams::default();
    let measures = match raw.measures {
        Some(m) => MeasureParams {
            material_lines: m.material_lines.unwrap_or(defaults.material_lines),
            material_commits: m.material_commits.unwrap_or(defaults.material_commits),
            material_interactions: m
                .material_interactions
                .unwrap_or(defaults.material_interactions),
            commit_weight: m.commit_weight.unwrap_or(defaults.commit_weight),
            review_weight: m.review_weight.unwrap_or(defaults.review_weight),
            document_weight: m.document_weight.unwrap_or(defaults.document_weight),
            incident_weight: m.incident_weight.unwrap_or(defaults.incident_weight),
            working_hours_per_week: m
                .working_hours_per_week
                .unwrap_or(defaults.working_hours_per_week),
        },
        None => defaults,
    };
    let known_metric = |name: &Spanned<String>| -> Result<String, Diagnostic> {
        match metric_info(name.get_ref()) {
            Some(_) => Ok(name.get_ref().clone()),
            None => Err(at(
                name.span().start,
                format!(
                    "unknown metric `{}`\nhint: `staffscope metrics` lists the metrics a rubric can use",
                    name.get_ref()
                ),
            )),
        }
    };

    let mut dimensions = Vec::new();
    for spanned in raw.dimension {
        let dimension_line = spanned.span().start;
        let raw_dimension = spanned.into_inner();
        if dimensions
            .iter()
            .any(|d: &Dimension| d.id == raw_dimension.id)
        {
            return Err(at(
                dimension_line,
                format!("dimension `{}` is defined twice", raw_dimension.id),
            ));
        }
        let metric = known_metric(&raw_dimension.metric)?;
        let thresholds_at = raw_dimension.thresholds.span().start;
        let given = raw_dimension.thresholds.into_inner();
        if let Some(unknown) = given.keys().find(|level| !raw.levels.contains(level)) {
            return Err(at(
                thresholds_at,
                format!("threshold for unknown level `{unknown}`"),
            ));
        }
        let thresholds = raw
            .levels
            .iter()
            .filter_map(|level| given.get(level).map(|value| (level.clone(), *value)))
            .collect::<Vec<_>>();
        if thresholds.is_empty() {
            return Err(at(
                thresholds_at,
                "thresholds must give a value for at least one level".to_string(),
            ));
        }
        dimensions.push(Dimension {
            id: raw_dimension.id,
            name: raw_dimension.name,
            metric,
            better: raw_dimension.better,
            thresholds,
            about: raw_dimension.about,
            advice: raw_dimension.advice,
            note: raw_dimension.note,
        });
    }
    let rules = |raw_rules: Vec<Spanned<RawRule>>| -> Result<Vec<Rule>, Diagnostic> {
        raw_rules
            .into_iter()
            .map(|spanned| {
                let rule = spanned.into_inner();
                if rule.when.is_empty() {
                    return Err(Diagnostic::in_file(
                        file,
                        format!("rule `{}` has no conditions in `when`", rule.id),
                    ));
                }
                let conditions = rule
                    .when
                    .iter()
                    .map(|text| {
                        parse_condition(text.get_ref())
                            .map_err(|message| at(text.span().start, message))
                            .and_then(|condition| {
                                let name = Spanned::new(text.span(), condition.metric.clone());
                                known_metric(&name).map(|_| condition)
                            })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Rule {
                    id: rule.id,
                    name: rule.name,
                    conditions,
                    about: rule.about,
                    clear: rule.clear,
                })
            })
            .collect()
    };
    Ok(Rubric {
        name: raw.name,
        levels: raw.levels,
        target: raw.target.into_inner(),
        measures,
        dimensions,
        failure_modes: rules(raw.failure_mode)?,
        signals: rules(raw.signal)?,
    })
}

fn parse_condition(text: &str) -> Result<Condition, String> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [metric, op, value] = parts.as_slice() else {
        return Err(format!(
            "condition `{text}` must read `<metric> <op> <number>`"
        ));
    };
    let op = match *op {
        ">=" => Op::AtLeast,
        "<=" => Op::AtMost,
        ">" => Op::Above,
        "<" => Op::Below,
        "==" => Op::Equal,
        other => {
            return Err(format!(
                "condition `{text}`: unknown operator `{other}`; use >=, <=, >, < or =="
            ));
        }
    };
    let value: f64 = value
        .parse()
        .map_err(|_| format!("condition `{text}`: `{value}` is not a number"))?;
    Ok(Condition {
        metric: metric.to_string(),
        op,
        value,
    })
}

/// What the rubric concluded about one dimension.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Status {
    Measured {
        value: f64,
        /// The highest level met; `None` when below the first level.
        level: Option<String>,
        meets_target: bool,
    },
    /// The source is collected but holds nothing to compute from.
    NoData,
    NotMeasured {
        source: Source,
    },
}

#[derive(Clone, Debug, Serialize)]
pub struct DimensionResult {
    pub id: String,
    pub name: String,
    pub metric: String,
    pub status: Status,
    pub proxy: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// Every condition holds.
    Found,
    /// Every measured condition holds; the rest need sources not collected.
    Possible {
        missing: Vec<Source>,
    },
    NotFound,
    /// No condition could be evaluated.
    NotMeasured {
        missing: Vec<Source>,
    },
}

#[derive(Clone, Debug, Serialize)]
pub struct ConditionResult {
    pub condition: String,
    pub value: Option<f64>,
    /// `None` when the metric is not measured.
    pub holds: Option<bool>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RuleResult {
    pub id: String,
    pub name: String,
    pub outcome: Outcome,
    pub conditions: Vec<ConditionResult>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Assessment {
    pub dimensions: Vec<DimensionResult>,
    pub failure_modes: Vec<RuleResult>,
    pub signals: Vec<RuleResult>,
}

/// Applies the rubric to one person's metrics. `sources` are the sources collected.
pub fn assess(
    rubric: &Rubric,
    sources: &[Source],
    metrics: &BTreeMap<&'static str, Metric>,
) -> Assessment {
    let value_of = |name: &str| -> Result<Option<f64>, Source> {
        let info = metric_info(name).expect("rubric metrics are checked when the rubric is read");
        if !sources.contains(&info.source) {
            return Err(info.source);
        }
        Ok(metrics.get(name).and_then(|metric| metric.value))
    };
    let dimensions = rubric
        .dimensions
        .iter()
        .map(|dimension| {
            let status = match value_of(&dimension.metric) {
                Err(source) => Status::NotMeasured { source },
                Ok(None) => Status::NoData,
                Ok(Some(value)) => {
                    let meets = |threshold: f64| match dimension.better {
                        Better::Higher => value >= threshold,
                        Better::Lower => value <= threshold,
                    };
                    let level = dimension
                        .thresholds
                        .iter()
                        .rev()
                        .find(|(_, threshold)| meets(*threshold))
                        .map(|(level, _)| level.clone());
                    let target_index = rubric.levels.iter().position(|l| *l == rubric.target);
                    let level_index = level
                        .as_ref()
                        .and_then(|l| rubric.levels.iter().position(|x| x == l));
                    let meets_target = match (level_index, target_index) {
                        (Some(level), Some(target)) => level >= target,
                        _ => false,
                    };
                    Status::Measured {
                        value,
                        level,
                        meets_target,
                    }
                }
            };
            DimensionResult {
                id: dimension.id.clone(),
                name: dimension.name.clone(),
                metric: dimension.metric.clone(),
                status,
                proxy: metric_info(&dimension.metric)
                    .and_then(|m| m.proxy)
                    .map(str::to_string),
                note: dimension.note.clone(),
            }
        })
        .collect();
    let evaluate = |rule: &Rule| -> RuleResult {
        let mut missing: Vec<Source> = Vec::new();
        let mut conditions = Vec::new();
        let mut any_false = false;
        let mut any_evaluated = false;
        for condition in &rule.conditions {
            let (value, holds) = match value_of(&condition.metric) {
                Err(source) => {
                    if !missing.contains(&source) {
                        missing.push(source);
                    }
                    (None, None)
                }
                Ok(None) => {
                    // Collected, but nothing to compute from: the rule cannot hold.
                    any_evaluated = true;
                    any_false = true;
                    (None, Some(false))
                }
                Ok(Some(value)) => {
                    any_evaluated = true;
                    let holds = condition.op.holds(value, condition.value);
                    any_false |= !holds;
                    (Some(value), Some(holds))
                }
            };
            conditions.push(ConditionResult {
                condition: condition.to_string(),
                value,
                holds,
            });
        }
        let outcome = if any_false {
            Outcome::NotFound
        } else if !any_evaluated {
            Outcome::NotMeasured { missing }
        } else if missing.is_empty() {
            Outcome::Found
        } else {
            Outcome::Possible { missing }
        };
        RuleResult {
            id: rule.id.clone(),
            name: rule.name.clone(),
            outcome,
            conditions,
        }
    };
    Assessment {
        dimensions,
        failure_modes: rubric.failure_modes.iter().map(evaluate).collect(),
        signals: rubric.signals.iter().map(evaluate).collect(),
    }
}

#[cfg(test)]
mod tests {
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
thresholds = { staff = 2 }
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
        let unknown_metric =
            SMALL.replace("metric = \"coding_share\"", "metric = \"lines_of_genius\"");
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
        let bad_level = SMALL.replace("{ staff = 2 }", "{ distinguished = 2 }");
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
}
