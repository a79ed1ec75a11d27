//! Reading a rubric: TOML into the rubric's types, with every check that
//! can fail (known metrics, thresholds for every level and in order, rule
//! conditions, archetypes naming real dimensions). A rubric is written by
//! hand, so each problem is reported with the file and line, and all of that
//! lives here so that applying a rubric can take it as valid.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::rubric::{Archetype, Better, Condition, Dimension, Op, Rubric, Rule};
use crate::measure::{MeasureParams, metric_info};
use model::Diagnostic;
use model::{line_of, toml_error};

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
    let reader = Reader { file, content };
    if raw.levels.is_empty() {
        return Err(Diagnostic::in_file(
            file,
            "`levels` must name at least one level",
        ));
    }
    if !raw.levels.contains(raw.target.get_ref()) {
        return Err(reader.at(
            raw.target.span().start,
            format!(
                "target level `{}` is not one of `levels`",
                raw.target.get_ref()
            ),
        ));
    }
    let measures = measure_params(raw.measures);
    reader.check_measures(&measures)?;
    let dimensions = reader.dimensions(&raw.levels, raw.dimension)?;
    let archetypes = reader.archetypes(&raw.levels, &dimensions, raw.archetype)?;
    Ok(Rubric {
        name: raw.name,
        levels: raw.levels,
        target: raw.target.into_inner(),
        measures,
        dimensions,
        failure_modes: reader.rules(raw.failure_mode)?,
        signals: reader.rules(raw.signal)?,
        archetypes,
    })
}

/// The rubric's `[measures]`, each one left out taking its default.
fn measure_params(raw: Option<RawMeasures>) -> MeasureParams {
    let defaults = MeasureParams::default();
    match raw {
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
    }
}

/// The rubric's file and text, which every diagnostic needs to name a line.
struct Reader<'a> {
    file: &'a str,
    content: &'a str,
}

impl Reader<'_> {
    /// A problem at `offset` into the text, reported at its line.
    fn at(&self, offset: usize, message: String) -> Diagnostic {
        Diagnostic::at(self.file, line_of(self.content, offset), message)
    }

    /// The operating mix's weights: finite, none below 0, coding and at
    /// least one kind of leverage above 0 (otherwise every share is 0, 1
    /// or no number at all, whatever the person did); hours per week above
    /// 0. Reported at the `[measures]` table.
    fn check_measures(&self, measures: &MeasureParams) -> Result<(), Diagnostic> {
        let at = self.content.find("[measures]").unwrap_or(0);
        let weights = [
            ("commit_weight", measures.commit_weight),
            ("review_weight", measures.review_weight),
            ("document_weight", measures.document_weight),
            ("incident_weight", measures.incident_weight),
        ];
        if let Some((name, _)) = weights.iter().find(|(_, w)| !w.is_finite() || *w < 0.0) {
            return Err(self.at(
                at,
                format!("[measures] {name} must be a number of 0 or more"),
            ));
        }
        let leverage = measures.review_weight + measures.document_weight + measures.incident_weight;
        if measures.commit_weight <= 0.0 || leverage <= 0.0 {
            return Err(self.at(
                at,
                "[measures] commit_weight and at least one of review_weight, document_weight and incident_weight must be above 0, or the operating mix means nothing".to_string(),
            ));
        }
        let hours = measures.working_hours_per_week;
        if !hours.is_finite() || hours <= 0.0 {
            return Err(self.at(
                at,
                "[measures] working_hours_per_week must be a number above 0".to_string(),
            ));
        }
        Ok(())
    }

    /// The metric `name`, if the catalogue has it.
    fn known_metric(&self, name: &Spanned<String>) -> Result<String, Diagnostic> {
        match metric_info(name.get_ref()) {
            Some(_) => Ok(name.get_ref().clone()),
            None => Err(self.at(
                name.span().start,
                format!(
                    "unknown metric `{}`\nhint: `staffscope metrics` lists the metrics a rubric can use",
                    name.get_ref()
                ),
            )),
        }
    }

    /// The dimensions, in the rubric's order, each with a known metric and
    /// thresholds for every level.
    fn dimensions(
        &self,
        levels: &[String],
        raw: Vec<Spanned<RawDimension>>,
    ) -> Result<Vec<Dimension>, Diagnostic> {
        let mut dimensions = Vec::new();
        for spanned in raw {
            let dimension_line = spanned.span().start;
            let raw_dimension = spanned.into_inner();
            if dimensions
                .iter()
                .any(|d: &Dimension| d.id == raw_dimension.id)
            {
                return Err(self.at(
                    dimension_line,
                    format!("dimension `{}` is defined twice", raw_dimension.id),
                ));
            }
            let metric = self.known_metric(&raw_dimension.metric)?;
            let thresholds_at = raw_dimension.thresholds.span().start;
            let thresholds = check_thresholds(
                levels,
                raw_dimension.better,
                raw_dimension.thresholds.get_ref(),
            )
            .map_err(|message| {
                self.at(
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
        Ok(dimensions)
    }

    /// Failure modes or signals: each needs at least one condition, and
    /// every condition a known metric.
    fn rules(&self, raw_rules: Vec<Spanned<RawRule>>) -> Result<Vec<Rule>, Diagnostic> {
        raw_rules
            .into_iter()
            .map(|spanned| {
                let rule = spanned.into_inner();
                if rule.when.is_empty() {
                    return Err(Diagnostic::in_file(
                        self.file,
                        format!("rule `{}` has no conditions in `when`", rule.id),
                    ));
                }
                let conditions = rule
                    .when
                    .iter()
                    .map(|text| {
                        parse_condition(text.get_ref())
                            .map_err(|message| self.at(text.span().start, message))
                            .and_then(|condition| {
                                let name = Spanned::new(text.span(), condition.metric.clone());
                                self.known_metric(&name).map(|_| condition)
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
    }

    /// The archetypes, each defined once.
    fn archetypes(
        &self,
        levels: &[String],
        dimensions: &[Dimension],
        raw: Vec<Spanned<RawArchetype>>,
    ) -> Result<Vec<Archetype>, Diagnostic> {
        let mut archetypes: Vec<Archetype> = Vec::new();
        for spanned in raw {
            let archetype_at = spanned.span().start;
            let raw_archetype = spanned.into_inner();
            if archetypes.iter().any(|a| a.id == raw_archetype.id) {
                return Err(self.at(
                    archetype_at,
                    format!("archetype `{}` is defined twice", raw_archetype.id),
                ));
            }
            archetypes.push(self.archetype(levels, dimensions, raw_archetype)?);
        }
        Ok(archetypes)
    }

    /// One archetype: weights of 0 or more on the rubric's own dimensions,
    /// at least one above 0, and thresholds checked as a dimension's are.
    fn archetype(
        &self,
        levels: &[String],
        dimensions: &[Dimension],
        raw_archetype: RawArchetype,
    ) -> Result<Archetype, Diagnostic> {
        let weights_at = raw_archetype.weights.span().start;
        let given = raw_archetype.weights.into_inner();
        for (dimension, weight) in &given {
            if !dimensions.iter().any(|d| d.id == *dimension) {
                return Err(self.at(
                    weights_at,
                    format!(
                        "archetype `{}` weighs `{dimension}`, which is not a dimension of this rubric",
                        raw_archetype.id
                    ),
                ));
            }
            if !weight.is_finite() || *weight < 0.0 {
                return Err(self.at(
                    weights_at,
                    format!(
                        "archetype `{}`: the weight of `{dimension}` must be a number of 0 or more",
                        raw_archetype.id
                    ),
                ));
            }
        }
        if given.values().all(|w| *w == 0.0) {
            return Err(self.at(
                weights_at,
                format!(
                    "archetype `{}` must weigh at least one dimension above 0",
                    raw_archetype.id
                ),
            ));
        }
        // Weights follow the rubric's dimension order, not the file's.
        let weights = dimensions
            .iter()
            .filter_map(|d| given.get(&d.id).map(|w| (d.id.clone(), *w)))
            .collect();
        let mut thresholds = BTreeMap::new();
        for (dimension_id, spanned) in raw_archetype.thresholds {
            let Some(dimension) = dimensions.iter().find(|d| d.id == dimension_id) else {
                return Err(self.at(
                    spanned.span().start,
                    format!(
                        "archetype `{}` sets thresholds for `{dimension_id}`, which is not a dimension of this rubric",
                        raw_archetype.id
                    ),
                ));
            };
            let checked = check_thresholds(levels, dimension.better, spanned.get_ref()).map_err(
                |message| {
                    self.at(
                        spanned.span().start,
                        format!(
                            "archetype `{}`, dimension `{dimension_id}`: {message}",
                            raw_archetype.id
                        ),
                    )
                },
            )?;
            thresholds.insert(dimension_id, checked);
        }
        Ok(Archetype {
            id: raw_archetype.id,
            name: raw_archetype.name,
            about: raw_archetype.about,
            weights,
            thresholds,
        })
    }
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

/// One condition of a rule's `when`: `<metric> <op> <number>`.
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
