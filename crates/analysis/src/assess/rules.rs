//! Rules: failure modes and signals, each found when all its conditions
//! hold. A condition whose source is not collected is neither true nor
//! false, which is why a rule can also be possible or not measured.

use serde::{Deserialize, Serialize};

use super::Values;
use super::rubric::{Clause, Condition, Operand, Rule};
use model::Source;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ConditionResult {
    pub condition: String,
    /// The metrics the condition reads, for explanations.
    pub metrics: Vec<String>,
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

/// One rule's outcome, with every clause's value and whether it holds.
pub(super) fn evaluate(values: &Values, rule: &Rule) -> RuleResult {
    let mut missing: Vec<Source> = Vec::new();
    let mut conditions = Vec::new();
    let mut any_false = false;
    let mut any_evaluated = false;
    for clause in &rule.conditions {
        let (value, holds) = clause_holds(values, clause, &mut missing);
        if let Some(holds) = holds {
            any_evaluated = true;
            any_false |= !holds;
        }
        conditions.push(ConditionResult {
            condition: clause.to_string(),
            metrics: clause_metrics(clause),
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
}

/// The metrics a clause reads, each once, in order.
fn clause_metrics(clause: &Clause) -> Vec<String> {
    let mut metrics: Vec<String> = Vec::new();
    for condition in &clause.any {
        for name in condition.metrics() {
            if !metrics.iter().any(|m| m == name) {
                metrics.push(name.to_string());
            }
        }
    }
    metrics
}

/// Whether a clause holds: any of its conditions. One that holds decides;
/// otherwise a condition that cannot be evaluated leaves the clause
/// unknown, as a missing source must never make a rule false. The value is
/// the deciding condition's left side.
fn clause_holds(
    values: &Values,
    clause: &Clause,
    missing: &mut Vec<Source>,
) -> (Option<f64>, Option<bool>) {
    let mut first_value = None;
    let mut unmeasured: Vec<Source> = Vec::new();
    for condition in &clause.any {
        match condition_holds(values, condition) {
            Err(source) => unmeasured.push(source),
            Ok((value, true)) => return (value, Some(true)),
            Ok((value, false)) => {
                first_value = first_value.or(value);
            }
        }
    }
    if unmeasured.is_empty() {
        return (first_value, Some(false));
    }
    // Only a clause left open by a missing source makes the rule wait on it.
    for source in unmeasured {
        if !missing.contains(&source) {
            missing.push(source);
        }
    }
    (first_value, None)
}

/// One condition: its left side's value and whether it holds; no data on
/// either side does not hold.
fn condition_holds(values: &Values, condition: &Condition) -> Result<(Option<f64>, bool), Source> {
    let left = values.value_of_expr(&condition.left)?;
    let right = match &condition.right {
        Operand::Number(value) => Some(*value),
        Operand::Expr(expr) => values.value_of_expr(expr)?,
    };
    Ok(match (left, right) {
        (Some(left), Some(right)) => (Some(left), condition.op.holds(left, right)),
        _ => (left, false),
    })
}
