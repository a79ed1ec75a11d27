//! Archetypes applied: the rubric as one staff role holds people to it, and
//! how far a person's assessment resembles each role. They build on an
//! assessment rather than produce one, so they sit beside the levels and
//! rules instead of inside them.

use serde::{Deserialize, Serialize};

use super::Assessment;
use super::levels::{DimensionResult, Status};
use super::rubric::{Archetype, Better, Dimension, Rubric};

impl Rubric {
    /// The rubric as an archetype holds people to it: its thresholds replace
    /// the dimensions' own. `None` when no archetype has this id.
    pub fn for_archetype(&self, id: &str) -> Option<Rubric> {
        let archetype = self.archetypes.iter().find(|a| a.id == id)?;
        let mut rubric = self.clone();
        for dimension in &mut rubric.dimensions {
            if let Some(thresholds) = archetype.thresholds.get(&dimension.id) {
                dimension.thresholds = thresholds.clone();
                // The first measure is the one an archetype's thresholds replace.
                dimension.measures[0].thresholds = thresholds.clone();
            }
        }
        Some(rubric)
    }
}

/// How far one person's evidence resembles an archetype.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
        .map(|archetype| fit(rubric, assessment, archetype))
        .collect()
}

/// One archetype's fit: the weights of its dimensions, summed in the
/// archetype's order, over those that could be measured.
fn fit(rubric: &Rubric, assessment: &Assessment, archetype: &Archetype) -> ArchetypeFit {
    let (mut attained, mut measured, mut total) = (0.0, 0.0, 0.0);
    let (mut strong, mut gaps) = (Vec::new(), Vec::new());
    let weights = archetype
        .weights_by_level
        .get(&rubric.target)
        .unwrap_or(&archetype.weights);
    for (dimension_id, weight) in weights {
        total += weight;
        let (Some(dimension), Some(result)) = (
            rubric.dimensions.iter().find(|d| d.id == *dimension_id),
            assessment.dimensions.iter().find(|d| d.id == *dimension_id),
        ) else {
            continue;
        };
        let Some(attainment) = attainment(rubric, archetype, dimension, result) else {
            continue;
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
}

/// How much of the archetype's target threshold a dimension attains, from 0
/// to 1; `None` when the dimension is not measured, so it leaves the weighing.
fn attainment(
    rubric: &Rubric,
    archetype: &Archetype,
    dimension: &Dimension,
    result: &DimensionResult,
) -> Option<f64> {
    // The archetype's thresholds, else those of the measure that decided.
    let decided = dimension
        .measures
        .iter()
        .find(|m| m.expr.to_string() == result.decided_by)
        .map_or(&dimension.thresholds, |m| &m.thresholds);
    let thresholds = archetype.thresholds.get(&dimension.id).unwrap_or(decided);
    let status = &result.status;
    let target = thresholds
        .iter()
        .find(|(level, _)| *level == rubric.target)
        .map_or(0.0, |(_, t)| *t);
    Some(match status {
        Status::NotMeasured { .. } | Status::NotExpected { .. } => return None,
        Status::NoData | Status::NoEvidence { .. } => 0.0,
        Status::Measured { value, .. } => match dimension.better {
            Better::Higher if target <= 0.0 => 1.0,
            Better::Higher => (value / target).clamp(0.0, 1.0),
            Better::Lower if *value <= target => 1.0,
            Better::Lower => (target / value).clamp(0.0, 1.0),
        },
    })
}
