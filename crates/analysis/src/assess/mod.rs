//! Assess: the rubric engine. A rubric is data (TOML); the engine reads it
//! from a string and applies it to a person's metrics. No I/O here.
//!
//! Reading and checking a rubric is in `parse`, its types in `rubric`;
//! applying it is here, with `levels` for dimensions, `rules` for failure
//! modes and signals, and `archetypes` for how far a person resembles each
//! staff role.

mod archetypes;
#[cfg(test)]
mod constructs_tests;
mod levels;
mod parse;
mod rubric;
mod rules;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::measure::{AuthoredDocument, Evidence, Metric, PersonMeasures, metric_info};
use model::Source;

pub use archetypes::{ArchetypeFit, resemblance};
pub use levels::{DimensionResult, Status};
pub use parse::parse_rubric;
pub use rubric::{
    Archetype, Better, Clause, Combine, Condition, Dimension, Expr, Measure, Op, Operand, Persist,
    Rubric, Rule,
};
pub use rules::{ConditionResult, Outcome, RuleResult};

/// The rubric that ships with staffscope.
pub const DEFAULT_RUBRIC: &str = include_str!("../../../../rubric/default.toml");

#[derive(Clone, Debug, Serialize)]
pub struct Assessment {
    pub dimensions: Vec<DimensionResult>,
    pub failure_modes: Vec<RuleResult>,
    pub signals: Vec<RuleResult>,
}

/// Applies the rubric to one person's metrics. `sources` are the sources
/// collected. Dimensions graded by confirmed evidence-log entries count
/// none here; [`assess_person`] gives them the person's.
pub fn assess(
    rubric: &Rubric,
    sources: &[Source],
    metrics: &BTreeMap<&'static str, Metric>,
) -> Assessment {
    assess_values(
        rubric,
        Values {
            sources,
            metrics,
            confirmed: None,
            documents: &[],
        },
    )
}

/// Applies the rubric to one person: their metrics and their confirmed
/// evidence-log entries.
pub fn assess_person(rubric: &Rubric, sources: &[Source], person: &PersonMeasures) -> Assessment {
    let values = Values {
        sources,
        metrics: &person.metrics,
        confirmed: Some(&person.confirmed),
        documents: &person.documents,
    };
    assess_values(rubric, values)
}

fn assess_values(rubric: &Rubric, values: Values<'_>) -> Assessment {
    Assessment {
        dimensions: rubric
            .dimensions
            .iter()
            .map(|dimension| levels::assess_dimension(rubric, &values, dimension))
            .collect(),
        failure_modes: rubric
            .failure_modes
            .iter()
            .map(|rule| rules::evaluate(&values, rule))
            .collect(),
        signals: rubric
            .signals
            .iter()
            .map(|rule| rules::evaluate(&values, rule))
            .collect(),
    }
}

/// A person's metrics as dimensions and rules read them: a metric whose
/// source is not collected is not measured, which differs from one that is
/// collected but has no value.
struct Values<'a> {
    sources: &'a [Source],
    metrics: &'a BTreeMap<&'static str, Metric>,
    /// Confirmed evidence-log entries by dimension id.
    confirmed: Option<&'a BTreeMap<String, Vec<Evidence>>>,
    /// The person's authored documents, for filters.
    documents: &'a [AuthoredDocument],
}

impl Values<'_> {
    /// The metric's value; `Err` with its source when that is not collected.
    fn value_of(&self, name: &str) -> Result<Option<f64>, Source> {
        let info = metric_info(name).expect("rubric metrics are checked when the rubric is read");
        if !self.sources.contains(&info.source) {
            return Err(info.source);
        }
        Ok(self.metrics.get(name).and_then(|metric| metric.value))
    }

    /// A measure's value: a metric's, or a ratio's (no data where either
    /// side has none or the divisor is 0).
    fn value_of_expr(&self, expr: &Expr) -> Result<Option<f64>, Source> {
        match expr {
            Expr::Metric(metric) => self.value_of(metric),
            Expr::Ratio(numerator, denominator) => {
                let (top, bottom) = (self.value_of(numerator)?, self.value_of(denominator)?);
                Ok(match (top, bottom) {
                    (Some(top), Some(bottom)) if bottom != 0.0 => Some(top / bottom),
                    _ => None,
                })
            }
            Expr::Confirmed(_) => {
                if !self.sources.contains(&Source::EvidenceLog) {
                    return Err(Source::EvidenceLog);
                }
                Ok(Some(self.evidence_of(expr).len() as f64))
            }
            Expr::Documents { .. } => {
                // Measured where documents_authored is: the same source.
                self.value_of("documents_authored")?;
                Ok(Some(self.evidence_of(expr).len() as f64))
            }
        }
    }

    /// What a measure that is not a metric counts, item by item: confirmed
    /// entries, or the documents a filter keeps; empty for metrics, whose
    /// own items are their evidence.
    pub(super) fn evidence_of(&self, expr: &Expr) -> Vec<Evidence> {
        match expr {
            Expr::Confirmed(dimension) => self
                .confirmed
                .and_then(|c| c.get(dimension))
                .cloned()
                .unwrap_or_default(),
            Expr::Documents { kinds, statuses } => self
                .documents
                .iter()
                .filter(|d| kinds.is_empty() || kinds.iter().any(|k| k == d.kind))
                .filter(|d| {
                    statuses.is_empty() || d.status.is_some_and(|s| statuses.iter().any(|k| k == s))
                })
                .map(|d| d.evidence.clone())
                .collect(),
            Expr::Metric(_) | Expr::Ratio(..) => Vec::new(),
        }
    }
}
