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
    /// Per level: weights replacing `weights` when people are held to that
    /// level (what is characteristic of a principal tech lead differs).
    pub weights_by_level: BTreeMap<String, Vec<(String, f64)>>,
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
    /// What the dimension reads, as the rubric writes it: a metric, a
    /// ratio (`reviews_given / commits`), or its alternatives.
    pub metric: String,
    pub better: Better,
    /// Per level, in the rubric's level order: the first measure's.
    pub thresholds: Vec<(String, f64)>,
    /// What is graded: one measure, or several combined by `combine`.
    pub measures: Vec<Measure>,
    pub combine: Combine,
    /// The first level this dimension is expected at; below it the
    /// dimension is not expected, which is neither met nor missed.
    pub expected_from: Option<String>,
    /// Sustained: the target is met only if the measure shows in enough of
    /// the window's last full quarters.
    pub persist: Option<Persist>,
    pub about: String,
    pub advice: String,
    pub note: Option<String>,
}

/// `persist = { at_least = 3, of_last = 4 }`: in at least 3 of the last 4
/// full quarters of the window, the measure shows (a value above 0, or any
/// value where lower is better).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Persist {
    pub at_least: usize,
    pub of_last: usize,
}

/// One measure of a dimension with its thresholds, from `expected_from` up.
#[derive(Clone, Debug, Serialize)]
pub struct Measure {
    pub expr: Expr,
    pub thresholds: Vec<(String, f64)>,
}

/// How a dimension's measures make its level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Combine {
    /// One measure.
    One,
    /// The highest level any measure meets ("through implementation or
    /// through technical leadership").
    AnyOf,
    /// The lowest level every measure meets.
    AllOf,
}

/// What a dimension or a condition reads: a metric, or one metric divided
/// by another (no data where the divisor is 0).
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Metric(String),
    Ratio(String, String),
    /// The person's evidence-log entries naming this dimension id that
    /// someone they name as able to confirm has confirmed.
    Confirmed(String),
    /// The documents the person authored of these kinds and states (an
    /// empty list: any): `documents_authored` with a `filter`.
    Documents {
        kinds: Vec<String>,
        statuses: Vec<String>,
    },
}

impl Expr {
    /// The metrics it reads, the one whose evidence stands for it first.
    pub fn metrics(&self) -> Vec<&str> {
        match self {
            Expr::Metric(metric) => vec![metric],
            Expr::Ratio(numerator, denominator) => vec![numerator, denominator],
            Expr::Confirmed(_) => Vec::new(),
            Expr::Documents { .. } => vec!["documents_authored"],
        }
    }

    /// `teams_reached`, or `reviews_given / commits`.
    pub fn parse(text: &str) -> Result<Expr, String> {
        let word = |w: &str| {
            let w = w.trim();
            if !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                Ok(w.to_string())
            } else {
                Err(format!(
                    "`{text}` must be a metric or `<metric> / <metric>`"
                ))
            }
        };
        match text.split_once('/') {
            Some((numerator, denominator)) => Ok(Expr::Ratio(word(numerator)?, word(denominator)?)),
            None => Ok(Expr::Metric(word(text)?)),
        }
    }
}

impl std::fmt::Display for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expr::Metric(metric) => write!(f, "{metric}"),
            Expr::Ratio(numerator, denominator) => write!(f, "{numerator} / {denominator}"),
            Expr::Confirmed(_) => write!(f, "confirmed evidence-log entries"),
            Expr::Documents { kinds, statuses } => {
                let mut parts = Vec::new();
                if !kinds.is_empty() {
                    parts.push(format!("kind {}", kinds.join(", ")));
                }
                if !statuses.is_empty() {
                    parts.push(format!("status {}", statuses.join(", ")));
                }
                write!(f, "documents_authored ({})", parts.join("; "))
            }
        }
    }
}

impl Serialize for Expr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Rule {
    pub id: String,
    pub name: String,
    /// Every clause must hold; a clause holds when any of its conditions does.
    pub conditions: Vec<Clause>,
    pub about: String,
    pub clear: Option<String>,
}

/// `a >= 1 or b >= 2`: holds when any of its conditions holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Clause {
    pub any: Vec<Condition>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Condition {
    pub left: Expr,
    pub op: Op,
    pub right: Operand,
}

/// What a condition compares with: a number, or another measure.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Operand {
    Number(f64),
    Expr(Expr),
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

impl Condition {
    /// The metrics both sides read, left first.
    pub fn metrics(&self) -> Vec<&str> {
        let mut metrics = self.left.metrics();
        if let Operand::Expr(right) = &self.right {
            metrics.extend(right.metrics());
        }
        metrics
    }
}

impl std::fmt::Display for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} ", self.left, self.op.symbol())?;
        match &self.right {
            Operand::Number(value) => write!(f, "{value}"),
            Operand::Expr(expr) => write!(f, "{expr}"),
        }
    }
}

impl std::fmt::Display for Clause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, condition) in self.any.iter().enumerate() {
            if i > 0 {
                write!(f, " or ")?;
            }
            write!(f, "{condition}")?;
        }
        Ok(())
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
