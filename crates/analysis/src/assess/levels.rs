//! Levels: what the rubric concludes about each dimension, the highest
//! level whose threshold a person's value meets, or why there is no value.
//! Kept apart from rules because a dimension grades a value while a rule
//! only holds or not.

use serde::Serialize;

use super::Values;
use super::rubric::{Better, Dimension, Rubric};
use crate::measure::metric_info;
use model::Source;

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
    /// A count of zero where the lowest level asks for zero or less: the
    /// person shows nothing to grade, which meets no level (a drive-by
    /// contributor is not "senior" on initiatives) and falls short of none.
    NoEvidence {
        value: f64,
    },
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

/// Zero where more is better and the lowest threshold is zero or less: a
/// level would be met by nothing at all.
fn is_no_evidence(dimension: &Dimension, value: f64) -> bool {
    dimension.better == Better::Higher
        && value <= 0.0
        && dimension
            .thresholds
            .iter()
            .any(|(_, threshold)| *threshold <= 0.0)
}

/// One dimension's result: its metric's value graded against the
/// thresholds, highest level first.
pub(super) fn assess_dimension(
    rubric: &Rubric,
    values: &Values,
    dimension: &Dimension,
) -> DimensionResult {
    let status = match values.value_of(&dimension.metric) {
        Err(source) => Status::NotMeasured { source },
        Ok(None) => Status::NoData,
        Ok(Some(value)) if is_no_evidence(dimension, value) => Status::NoEvidence { value },
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
}
