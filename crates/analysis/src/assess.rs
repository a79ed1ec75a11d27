//! Assess: the rubric engine. A rubric is data (TOML); the engine reads it
//! from a string and applies it to a person's metrics. No I/O here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::measure::{MeasureParams, Metric, metric_info};
use model::Diagnostic;
use model::Source;
use model::{line_of, toml_error};

/// The rubric that ships with staffscope.
pub const DEFAULT_RUBRIC: &str = include_str!("../../../rubric/default.toml");

#[derive(Clone, Debug, Serialize)]
pub struct Rubric {
    pub name: String,
    pub levels: Vec<String>,
    pub target: String,
    pub measures: MeasureParams,
    pub dimensions: Vec<Dimension>,
    pub failure_modes: Vec<Rule>,
    pub signals: Vec<Rule>,
    /// Staff roles (tech lead, architect, solver, right hand) as profiles.
    pub archetypes: Vec<Archetype>,
}

/// A staff role as the rubric describes it: which dimensions are
/// characteristic of it, and thresholds it holds people to instead of the
/// dimensions' own.
#[derive(Clone, Debug, Serialize)]
pub struct Archetype {
    pub id: String,
    pub name: String,
    pub about: String,
    /// Per dimension id, in the rubric's dimension order: how characteristic
    /// the dimension is of the role. Dimensions not listed weigh nothing.
    pub weights: Vec<(String, f64)>,
    /// Per dimension id: thresholds per level replacing the dimension's own.
    pub thresholds: BTreeMap<String, Vec<(String, f64)>>,
}

impl Rubric {
    /// The rubric as an archetype holds people to it: its thresholds replace
    /// the dimensions' own. `None` when no archetype has this id.
    pub fn for_archetype(&self, id: &str) -> Option<Rubric> {
        let archetype = self.archetypes.iter().find(|a| a.id == id)?;
        let mut rubric = self.clone();
        for dimension in &mut rubric.dimensions {
            if let Some(thresholds) = archetype.thresholds.get(&dimension.id) {
                dimension.thresholds = thresholds.clone();
            }
        }
        Some(rubric)
    }
}

/// How far one person's evidence resembles an archetype.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArchetypeFit {
    pub id: String,
    pub name: String,
    /// Weighted attainment of the target level over the measured dimensions, 0 to 1.
    pub fit: f64,
    /// The share of the archetype's weight that could be measured.
    pub measured_weight: f64,
    /// Characteristic dimensions at the target level, and those below it.
    pub strong: Vec<String>,
    pub gaps: Vec<String>,
}

/// Which archetypes the assessment resembles, in the rubric's order (the
/// reader compares; nothing is ranked). Attainment of a dimension is its value
/// against the archetype's target threshold, capped at 1; "no data" attains
/// nothing; dimensions not measured leave the weighing.
pub fn resemblance(rubric: &Rubric, assessment: &Assessment) -> Vec<ArchetypeFit> {
    rubric
        .archetypes
        .iter()
        .map(|archetype| {
            let (mut attained, mut measured, mut total) = (0.0, 0.0, 0.0);
            let (mut strong, mut gaps) = (Vec::new(), Vec::new());
            for (dimension_id, weight) in &archetype.weights {
                total += weight;
                let (Some(dimension), Some(result)) = (
                    rubric.dimensions.iter().find(|d| d.id == *dimension_id),
                    assessment.dimensions.iter().find(|d| d.id == *dimension_id),
                ) else {
                    continue;
                };
                let thresholds = archetype
                    .thresholds
                    .get(dimension_id)
                    .unwrap_or(&dimension.thresholds);
                let target = thresholds
                    .iter()
                    .find(|(level, _)| *level == rubric.target)
                    .map_or(0.0, |(_, t)| *t);
                let attainment = match &result.status {
                    Status::NotMeasured { .. } => continue,
                    Status::NoData => 0.0,
                    Status::Measured { value, .. } => match dimension.better {
                        Better::Higher if target <= 0.0 => 1.0,
                        Better::Higher => (value / target).clamp(0.0, 1.0),
                        Better::Lower if *value <= target => 1.0,
                        Better::Lower => (target / value).clamp(0.0, 1.0),
                    },
                };
                measured += weight;
                attained += weight * attainment;
                if *weight > 0.0 {
                    if attainment >= 1.0 {
                        strong.push(dimension.name.clone());
                    } else {
                        gaps.push(dimension.name.clone());
                    }
                }
            }
            ArchetypeFit {
                id: archetype.id.clone(),
                name: archetype.name.clone(),
                fit: if measured > 0.0 {
                    attained / measured
                } else {
                    0.0
                },
                measured_weight: if total > 0.0 { measured / total } else { 0.0 },
                strong,
                gaps,
            }
        })
        .collect()
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
    #[serde(default)]
    archetype: Vec<Spanned<RawArchetype>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArchetype {
    id: String,
    name: String,
    about: String,
    weights: Spanned<BTreeMap<String, f64>>,
    #[serde(default)]
    thresholds: BTreeMap<String, Spanned<BTreeMap<String, f64>>>,
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
        let thresholds = check_thresholds(
            &raw.levels,
            raw_dimension.better,
            raw_dimension.thresholds.get_ref(),
        )
        .map_err(|message| {
            at(
                thresholds_at,
                format!("dimension `{}`: {message}", raw_dimension.id),
            )
        })?;
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
    let mut archetypes: Vec<Archetype> = Vec::new();
    for spanned in raw.archetype {
        let archetype_at = spanned.span().start;
        let raw_archetype = spanned.into_inner();
        if archetypes.iter().any(|a| a.id == raw_archetype.id) {
            return Err(at(
                archetype_at,
                format!("archetype `{}` is defined twice", raw_archetype.id),
            ));
        }
        let weights_at = raw_archetype.weights.span().start;
        let given = raw_archetype.weights.into_inner();
        for (dimension, weight) in &given {
            if !dimensions.iter().any(|d| d.id == *dimension) {
                return Err(at(
                    weights_at,
                    format!(
                        "archetype `{}` weighs `{dimension}`, which is not a dimension of this rubric",
                        raw_archetype.id
                    ),
                ));
            }
            if !weight.is_finite() || *weight < 0.0 {
                return Err(at(
                    weights_at,
                    format!(
                        "archetype `{}`: the weight of `{dimension}` must be a number of 0 or more",
                        raw_archetype.id
                    ),
                ));
            }
        }
        if given.values().all(|w| *w == 0.0) {
            return Err(at(
                weights_at,
                format!(
                    "archetype `{}` must weigh at least one dimension above 0",
                    raw_archetype.id
                ),
            ));
        }
        let weights = dimensions
            .iter()
            .filter_map(|d| given.get(&d.id).map(|w| (d.id.clone(), *w)))
            .collect();
        let mut thresholds = BTreeMap::new();
        for (dimension_id, spanned) in raw_archetype.thresholds {
            let Some(dimension) = dimensions.iter().find(|d| d.id == dimension_id) else {
                return Err(at(
                    spanned.span().start,
                    format!(
                        "archetype `{}` sets thresholds for `{dimension_id}`, which is not a dimension of this rubric",
                        raw_archetype.id
                    ),
                ));
            };
            let checked = check_thresholds(&raw.levels, dimension.better, spanned.get_ref())
                .map_err(|message| {
                    at(
                        spanned.span().start,
                        format!(
                            "archetype `{}`, dimension `{dimension_id}`: {message}",
                            raw_archetype.id
                        ),
                    )
                })?;
            thresholds.insert(dimension_id, checked);
        }
        archetypes.push(Archetype {
            id: raw_archetype.id,
            name: raw_archetype.name,
            about: raw_archetype.about,
            weights,
            thresholds,
        });
    }
    Ok(Rubric {
        name: raw.name,
        levels: raw.levels,
        target: raw.target.into_inner(),
        measures,
        dimensions,
        failure_modes: rules(raw.failure_mode)?,
        signals: rules(raw.signal)?,
        archetypes,
    })
}

/// Thresholds in the rubric's level order: one for every level, each level
/// at least as demanding as the one before it.
fn check_thresholds(
    levels: &[String],
    better: Better,
    given: &BTreeMap<String, f64>,
) -> Result<Vec<(String, f64)>, String> {
    if let Some(unknown) = given.keys().find(|level| !levels.contains(level)) {
        return Err(format!(
            "threshold for unknown level `{unknown}`; the levels are {}",
            levels.join(", ")
        ));
    }
    let missing: Vec<&str> = levels
        .iter()
        .filter(|level| !given.contains_key(*level))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "no threshold for level {}; give one for every level in `levels`",
            missing
                .iter()
                .map(|l| format!("`{l}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let thresholds: Vec<(String, f64)> = levels
        .iter()
        .map(|level| (level.clone(), given[level]))
        .collect();
    if let Some((_, value)) = thresholds.iter().find(|(_, v)| !v.is_finite()) {
        return Err(format!("threshold {value} is not a number"));
    }
    for pair in thresholds.windows(2) {
        let ((lower, low), (higher, high)) = (&pair[0], &pair[1]);
        let out_of_order = match better {
            Better::Higher => high < low,
            Better::Lower => high > low,
        };
        if out_of_order {
            let direction = match better {
                Better::Higher => "higher is better, so it cannot be lower",
                Better::Lower => "lower is better, so it cannot be higher",
            };
            return Err(format!(
                "thresholds out of order: `{higher}` = {high} but `{lower}` = {low}; {direction}"
            ));
        }
    }
    Ok(thresholds)
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
            error.contains(
                "thresholds out of order: `staff` = 3 but `senior` = 4; higher is better"
            ),
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
}
