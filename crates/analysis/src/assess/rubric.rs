//! The rubric as data: dimensions with thresholds per level, rules made of
//! conditions, and archetypes. These are the types `parse` builds and the
//! rest of `assess` applies, kept apart from both so that either can be read
//! against them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::measure::MeasureParams;

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
    pub(super) fn symbol(self) -> &'static str {
        match self {
            Op::AtLeast => ">=",
            Op::AtMost => "<=",
            Op::Above => ">",
            Op::Below => "<",
            Op::Equal => "==",
        }
    }

    pub(super) fn holds(self, left: f64, right: f64) -> bool {
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

impl Rubric {
    /// The rubric's level written as `text` (case-insensitive), if any.
    pub fn level_named(&self, text: &str) -> Option<&str> {
        self.levels
            .iter()
            .find(|level| level.eq_ignore_ascii_case(text.trim()))
            .map(String::as_str)
    }

    /// The rubric holding people to `level` instead of its own target.
    pub fn at_level(&self, level: &str) -> Rubric {
        Rubric {
            target: level.to_string(),
            ..self.clone()
        }
    }
}
