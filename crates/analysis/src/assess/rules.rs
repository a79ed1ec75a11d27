//! Rules: failure modes and signals, each found when all its conditions
//! hold. A condition whose source is not collected is neither true nor
//! false, which is why a rule can also be possible or not measured.

use serde::Serialize;

use super::Values;
use super::rubric::Rule;
use model::Source;

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

/// One rule's outcome, with every condition's value and whether it holds.
pub(super) fn evaluate(values: &Values, rule: &Rule) -> RuleResult {
    let mut missing: Vec<Source> = Vec::new();
    let mut conditions = Vec::new();
    let mut any_false = false;
    let mut any_evaluated = false;
    for condition in &rule.conditions {
        let (value, holds) = match values.value_of(&condition.metric) {
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
}
