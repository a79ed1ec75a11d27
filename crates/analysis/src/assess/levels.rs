//! Levels: what the rubric concludes about each dimension, the highest
//! level whose threshold a person's value meets, or why there is no value.
//! Kept apart from rules because a dimension grades a value while a rule
//! only holds or not.

use serde::{Deserialize, Serialize};

use super::Values;
use super::rubric::{Better, Combine, Dimension, Expr, Measure, Rubric};
use crate::measure::{Evidence, metric_info};
use model::Source;

/// What the rubric concluded about one dimension.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// A count of zero where the lowest level asks for zero or less: the
    /// person shows nothing to grade, which meets no level (a drive-by
    /// contributor is not "senior" on initiatives) and falls short of none.
    NoEvidence {
        value: f64,
    },
    NotMeasured {
        source: Source,
    },
    /// The rubric expects the dimension only from a level above the one
    /// the person is held to: neither met nor missed.
    NotExpected {
        from: String,
    },
}

#[derive(Clone, Debug, Serialize)]
pub struct DimensionResult {
    pub id: String,
    pub name: String,
    /// What the dimension reads, as the rubric writes it.
    pub metric: String,
    /// The measure that decided the level (one of `any_of`/`all_of`'s).
    pub decided_by: String,
    /// The metric whose evidence stands behind the value; empty where
    /// confirmed evidence-log entries are.
    pub evidence_metric: String,
    /// What a measure that is not a metric counted (confirmed entries, the
    /// documents a filter keeps): the evidence instead of the metric's.
    #[serde(skip)]
    pub counted: Option<Vec<Evidence>>,
    pub status: Status,
    pub proxy: Option<String>,
    pub note: Option<String>,
}

/// Zero where more is better and the lowest threshold is zero or less: a
/// level would be met by nothing at all.
fn is_no_evidence(better: Better, thresholds: &[(String, f64)], value: f64) -> bool {
    better == Better::Higher && value <= 0.0 && thresholds.iter().any(|(_, t)| *t <= 0.0)
}

/// One measure graded: its status, and the index of the level met.
fn grade(
    rubric: &Rubric,
    values: &Values,
    dimension: &Dimension,
    measure: &Measure,
) -> (Status, Option<usize>) {
    match values.value_of_expr(&measure.expr) {
        Err(source) => (Status::NotMeasured { source }, None),
        Ok(None) => (Status::NoData, None),
        Ok(Some(value)) if is_no_evidence(dimension.better, &measure.thresholds, value) => {
            (Status::NoEvidence { value }, None)
        }
        // No confirmed entry is not evidence of absence: what people do
        // for each other goes unlogged more often than not.
        Ok(Some(value)) if value <= 0.0 && matches!(measure.expr, Expr::Confirmed(_)) => {
            (Status::NoEvidence { value }, None)
        }
        Ok(Some(value)) => {
            let meets = |threshold: f64| match dimension.better {
                Better::Higher => value >= threshold,
                Better::Lower => value <= threshold,
            };
            let level = measure
                .thresholds
                .iter()
                .rev()
                .find(|(_, threshold)| meets(*threshold))
                .map(|(level, _)| level.clone());
            let level_index = level
                .as_ref()
                .and_then(|l| rubric.levels.iter().position(|x| x == l));
            let target_index = rubric.levels.iter().position(|l| *l == rubric.target);
            let meets_target = match (level_index, target_index) {
                (Some(level), Some(target)) => level >= target,
                _ => false,
            };
            let status = Status::Measured {
                value,
                level,
                meets_target,
            };
            (status, level_index)
        }
    }
}

/// How far a status goes towards a level, for choosing among measures:
/// not measured, no data, no evidence, then measured by level met.
fn rank(status: &Status, level: Option<usize>) -> (u8, Option<usize>) {
    match status {
        Status::NotMeasured { .. } | Status::NotExpected { .. } => (0, None),
        Status::NoData => (1, None),
        Status::NoEvidence { .. } => (2, None),
        Status::Measured { .. } => (3, level),
    }
}

/// One dimension's result: each measure graded against its thresholds,
/// highest level first; with several, the best (`any_of`) or the worst
/// (`all_of`) decides, and the result names the measure that did.
pub(super) fn assess_dimension(
    rubric: &Rubric,
    values: &Values,
    dimension: &Dimension,
) -> DimensionResult {
    let position = |level: &str| rubric.levels.iter().position(|l| l == level);
    if let Some(from) = &dimension.expected_from
        && position(&rubric.target) < position(from)
    {
        return result(
            dimension,
            &dimension.measures[0],
            Status::NotExpected { from: from.clone() },
            None,
        );
    }
    let graded = dimension
        .measures
        .iter()
        .map(|measure| (measure, grade(rubric, values, dimension, measure)));
    let decided = match dimension.combine {
        Combine::One | Combine::AnyOf => {
            graded.max_by_key(|(_, (status, level))| rank(status, *level))
        }
        Combine::AllOf => graded.min_by_key(|(_, (status, level))| rank(status, *level)),
    };
    let (measure, (status, _)) = decided.expect("a dimension has at least one measure");
    let counted = match measure.expr {
        Expr::Confirmed(_) | Expr::Documents { .. } => Some(values.evidence_of(&measure.expr)),
        Expr::Metric(_) | Expr::Ratio(..) => None,
    };
    result(dimension, measure, status, counted)
}

fn result(
    dimension: &Dimension,
    measure: &Measure,
    status: Status,
    counted: Option<Vec<Evidence>>,
) -> DimensionResult {
    let proxies: Vec<&str> = measure
        .expr
        .metrics()
        .into_iter()
        .filter_map(|m| metric_info(m).and_then(|info| info.proxy))
        .collect();
    DimensionResult {
        id: dimension.id.clone(),
        name: dimension.name.clone(),
        metric: dimension.metric.clone(),
        decided_by: measure.expr.to_string(),
        evidence_metric: measure
            .expr
            .metrics()
            .first()
            .map_or(String::new(), |m| m.to_string()),
        status,
        counted,
        proxy: (!proxies.is_empty()).then(|| proxies.join("; ")),
        note: dimension.note.clone(),
    }
}
