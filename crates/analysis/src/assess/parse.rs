//! Reading a rubric: TOML into the rubric's types, with every check that
//! can fail (known metrics, thresholds for every level and in order, rule
//! conditions, archetypes naming real dimensions). A rubric is written by
//! hand, so each problem is reported with the file and line, and all of that
//! lives here so that applying a rubric can take it as valid.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::rubric::{
    Archetype, Better, Clause, Combine, Condition, Dimension, Expr, Measure, Op, Operand, Persist,
    Rubric, Rule,
};
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
    /// Weights that replace `weights` when the target is this level.
    #[serde(default)]
    weights_by_level: BTreeMap<String, Spanned<BTreeMap<String, f64>>>,
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
    metric: Option<Spanned<String>>,
    /// Graded by confirmed evidence-log entries naming the dimension.
    #[serde(default)]
    evidence_log: bool,
    better: Better,
    thresholds: Option<Spanned<BTreeMap<String, f64>>>,
    /// Which documents `documents_authored` counts.
    filter: Option<Spanned<RawFilter>>,
    persist: Option<Spanned<RawPersist>>,
    any_of: Option<Spanned<Vec<RawMeasure>>>,
    all_of: Option<Spanned<Vec<RawMeasure>>>,
    expected_from: Option<Spanned<String>>,
    about: String,
    advice: String,
    note: Option<String>,
}

/// `persist = { at_least = 3, of_last = 4 }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[derive(Clone, Copy)]
struct RawPersist {
    at_least: usize,
    of_last: usize,
}

/// `filter = { kind = ["strategy"], status = ["accepted", "implemented"] }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFilter {
    #[serde(default)]
    kind: Vec<String>,
    #[serde(default)]
    status: Vec<String>,
}

/// One alternative of `any_of` or `all_of`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasure {
    metric: Spanned<String>,
    thresholds: Spanned<BTreeMap<String, f64>>,
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
            let dimension = self.dimension(levels, raw_dimension, dimension_line)?;
            dimensions.push(dimension);
        }
        Ok(dimensions)
    }

    /// One dimension: exactly one of `metric` (with `thresholds`), `any_of`
    /// and `all_of`, each measure on known metrics with thresholds for every
    /// level from `expected_from` (the first level when unset) up.
    fn dimension(
        &self,
        levels: &[String],
        raw: RawDimension,
        at: usize,
    ) -> Result<Dimension, Diagnostic> {
        let id = raw.id.clone();
        let err = |offset: usize, message: String| {
            self.at(offset, format!("dimension `{id}`: {message}"))
        };
        let expected_from = match &raw.expected_from {
            Some(level) if !levels.contains(level.get_ref()) => {
                return Err(err(
                    level.span().start,
                    format!(
                        "`expected_from` = `{}` is not one of `levels`",
                        level.get_ref()
                    ),
                ));
            }
            Some(level) => Some(level.get_ref().clone()),
            None => None,
        };
        let expected: &[String] = match &expected_from {
            Some(from) => &levels[levels.iter().position(|l| l == from).unwrap_or(0)..],
            None => levels,
        };
        let measure = |metric: &Spanned<String>, thresholds: &Spanned<BTreeMap<String, f64>>| {
            let expr = self.expression(metric)?;
            let checked = check_thresholds(expected, raw.better, thresholds.get_ref())
                .map_err(|message| err(thresholds.span().start, message))?;
            Ok::<Measure, Diagnostic>(Measure {
                expr,
                thresholds: checked,
            })
        };
        let (measures, combine) = match (&raw.metric, &raw.any_of, &raw.all_of) {
            (None, None, None) if raw.evidence_log => {
                let Some(thresholds) = &raw.thresholds else {
                    return Err(err(at, "`evidence_log` needs `thresholds`".into()));
                };
                let checked = check_thresholds(expected, raw.better, thresholds.get_ref())
                    .map_err(|message| err(thresholds.span().start, message))?;
                let measure = Measure {
                    expr: Expr::Confirmed(raw.id.clone()),
                    thresholds: checked,
                };
                (vec![measure], Combine::One)
            }
            _ if raw.evidence_log => {
                return Err(err(
                    at,
                    "`evidence_log` grades confirmed entries; it takes no `metric`, `any_of` or `all_of`".into(),
                ));
            }
            (Some(metric), None, None) => {
                let Some(thresholds) = &raw.thresholds else {
                    return Err(err(
                        metric.span().start,
                        "`metric` needs `thresholds`".into(),
                    ));
                };
                let mut one = measure(metric, thresholds)?;
                if let Some(filter) = &raw.filter {
                    one.expr = self
                        .filtered(&one.expr, filter.get_ref())
                        .map_err(|m| err(filter.span().start, m))?;
                }
                (vec![one], Combine::One)
            }
            (None, Some(list), None) | (None, None, Some(list)) => {
                if list.get_ref().is_empty() || raw.thresholds.is_some() {
                    return Err(err(
                        list.span().start,
                        "`any_of` and `all_of` list measures, each `{ metric = ..., thresholds = {...} }`, and the dimension has no `thresholds` of its own".into(),
                    ));
                }
                let measures = list
                    .get_ref()
                    .iter()
                    .map(|m| measure(&m.metric, &m.thresholds))
                    .collect::<Result<Vec<_>, _>>()?;
                let combine = if raw.any_of.is_some() {
                    Combine::AnyOf
                } else {
                    Combine::AllOf
                };
                (measures, combine)
            }
            _ => {
                return Err(err(
                    at,
                    "give exactly one of `metric`, `any_of`, `all_of` and `evidence_log = true`"
                        .into(),
                ));
            }
        };
        let metric = match combine {
            Combine::One => measures[0].expr.to_string(),
            Combine::AnyOf | Combine::AllOf => {
                let list: Vec<String> = measures.iter().map(|m| m.expr.to_string()).collect();
                let word = if combine == Combine::AnyOf {
                    "any of"
                } else {
                    "all of"
                };
                format!("{word}: {}", list.join(", "))
            }
        };
        let persist = match &raw.persist {
            Some(spanned) => {
                let RawPersist { at_least, of_last } = *spanned.get_ref();
                if at_least == 0 || at_least > of_last || of_last > 8 {
                    return Err(err(
                        spanned.span().start,
                        "`persist` needs 1 <= at_least <= of_last <= 8 (quarters)".into(),
                    ));
                }
                Some(Persist { at_least, of_last })
            }
            None => None,
        };
        Ok(Dimension {
            id: raw.id,
            name: raw.name,
            persist,
            metric,
            better: raw.better,
            thresholds: measures[0].thresholds.clone(),
            measures,
            combine,
            expected_from,
            about: raw.about,
            advice: raw.advice,
            note: raw.note,
        })
    }

    /// `documents_authored` counting only some kinds and states.
    fn filtered(&self, expr: &Expr, filter: &RawFilter) -> Result<Expr, String> {
        use crate::resolve::documents::{DocumentKind, Status};
        if *expr != Expr::Metric("documents_authored".into()) {
            return Err("`filter` applies to `metric = \"documents_authored\"` only".into());
        }
        let known = |given: &[String], keys: &[&str], what: &str| {
            let given: Vec<String> = given.iter().map(|g| g.trim().to_lowercase()).collect();
            match given.iter().find(|g| !keys.contains(&g.as_str())) {
                Some(unknown) => Err(format!(
                    "`filter` {what} `{unknown}` is not one of {}",
                    keys.join(", ")
                )),
                None => Ok(given),
            }
        };
        Ok(Expr::Documents {
            kinds: known(&filter.kind, &DocumentKind::KEYS, "kind")?,
            statuses: known(&filter.status, &Status::KEYS, "status")?,
        })
    }

    /// A metric or a ratio of two, each a metric the catalogue has.
    fn expression(&self, text: &Spanned<String>) -> Result<Expr, Diagnostic> {
        let expr = Expr::parse(text.get_ref()).map_err(|m| self.at(text.span().start, m))?;
        for metric in expr.metrics() {
            self.known_metric(&Spanned::new(text.span(), metric.to_string()))?;
        }
        Ok(expr)
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
                    .map(|text| self.clause(text))
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

    /// `a >= 1 or b / c < 0.5`: conditions on known metrics.
    fn clause(&self, text: &Spanned<String>) -> Result<Clause, Diagnostic> {
        let at = |message: String| self.at(text.span().start, message);
        let mut any = Vec::new();
        let words: Vec<&str> = text.get_ref().split_whitespace().collect();
        for part in words.split(|w| *w == "or") {
            if part.is_empty() {
                return Err(at(format!(
                    "condition `{}`: `or` needs a condition on each side",
                    text.get_ref()
                )));
            }
            let condition = parse_condition(&part.join(" ")).map_err(at)?;
            for metric in condition.metrics() {
                self.known_metric(&Spanned::new(text.span(), metric.to_string()))?;
            }
            any.push(condition);
        }
        Ok(Clause { any })
    }

    /// An archetype's weights: on the rubric's own dimensions, each a
    /// number of 0 or more, at least one above 0; in the rubric's order.
    fn weights(
        &self,
        id: &str,
        spanned: &Spanned<BTreeMap<String, f64>>,
        dimensions: &[Dimension],
    ) -> Result<Vec<(String, f64)>, Diagnostic> {
        let (at, given) = (spanned.span().start, spanned.get_ref());
        for (dimension, weight) in given {
            if !dimensions.iter().any(|d| d.id == *dimension) {
                return Err(self.at(
                    at,
                    format!("archetype `{id}` weighs `{dimension}`, which is not a dimension of this rubric"),
                ));
            }
            if !weight.is_finite() || *weight < 0.0 {
                return Err(self.at(
                    at,
                    format!("archetype `{id}`: the weight of `{dimension}` must be a number of 0 or more"),
                ));
            }
        }
        if given.values().all(|w| *w == 0.0) {
            return Err(self.at(
                at,
                format!("archetype `{id}` must weigh at least one dimension above 0"),
            ));
        }
        Ok(dimensions
            .iter()
            .filter_map(|d| given.get(&d.id).map(|w| (d.id.clone(), *w)))
            .collect())
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
        let weights = self.weights(&raw_archetype.id, &raw_archetype.weights, dimensions)?;
        let mut weights_by_level = BTreeMap::new();
        for (level, spanned) in &raw_archetype.weights_by_level {
            if !levels.contains(level) {
                return Err(self.at(
                    spanned.span().start,
                    format!(
                        "archetype `{}`: `weights_by_level` names `{level}`, which is not one of `levels`",
                        raw_archetype.id
                    ),
                ));
            }
            let checked = self.weights(&raw_archetype.id, spanned, dimensions)?;
            weights_by_level.insert(level.clone(), checked);
        }
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
            // The levels the dimension grades (from its `expected_from` up).
            let graded: Vec<String> = dimension
                .thresholds
                .iter()
                .map(|(l, _)| l.clone())
                .collect();
            let checked = check_thresholds(&graded, dimension.better, spanned.get_ref()).map_err(
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
            weights_by_level,
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

/// One condition of a rule's `when`: `<measure> <op> <number or measure>`,
/// where a measure is a metric or `<metric> / <metric>`.
fn parse_condition(text: &str) -> Result<Condition, String> {
    const OPS: [(&str, Op); 5] = [
        (">=", Op::AtLeast),
        ("<=", Op::AtMost),
        ("==", Op::Equal),
        (">", Op::Above),
        ("<", Op::Below),
    ];
    let shape = || {
        format!(
            "condition `{text}` must read `<metric> <op> <number>` (a metric may be `<metric> / <metric>`, and so may the right side)"
        )
    };
    let parts: Vec<&str> = text.split_whitespace().collect();
    let Some(at) = parts.iter().position(|p| OPS.iter().any(|(s, _)| s == p)) else {
        if let Some(other) = parts.get(1).filter(|_| parts.len() == 3) {
            return Err(format!(
                "condition `{text}`: unknown operator `{other}`; use >=, <=, >, < or =="
            ));
        }
        return Err(shape());
    };
    let op = OPS
        .iter()
        .find(|(s, _)| *s == parts[at])
        .map(|(_, op)| *op)
        .ok_or_else(shape)?;
    let (left, right) = (parts[..at].join(" "), parts[at + 1..].join(" "));
    if left.is_empty() || right.is_empty() {
        return Err(shape());
    }
    let left = Expr::parse(&left).map_err(|_| shape())?;
    let right = match right.parse::<f64>() {
        Ok(value) if value.is_finite() => Operand::Number(value),
        Ok(_) => {
            return Err(format!(
                "condition `{text}`: `{right}` is not a finite number"
            ));
        }
        Err(_) => match Expr::parse(&right) {
            Ok(expr)
                if right.contains('/')
                    || !right.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') =>
            {
                Operand::Expr(expr)
            }
            _ => return Err(format!("condition `{text}`: `{right}` is not a number")),
        },
    };
    Ok(Condition { left, op, right })
}
