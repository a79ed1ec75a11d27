//! Sustained performance: a dimension with `persist` meets its target only
//! if its measure shows in enough of the window's last full quarters (a
//! ladder's "in at least three of the last four quarters"). Checked on the
//! quarters measured alone; where the window holds too few full quarters,
//! or a measure counts item by item, it is not checked, and the dimension
//! says so rather than failing anyone.

use analysis::assess::{Assessment, Better, Rubric, Status};
use analysis::measure::PersonMeasures;

use super::Context;

impl Context<'_> {
    /// Applies each `persist` of `rubric` to the person's assessment.
    pub(crate) fn check_persistence(
        &self,
        person: &PersonMeasures,
        rubric: &Rubric,
        assessment: &mut Assessment,
    ) {
        for (dimension, result) in rubric.dimensions.iter().zip(&mut assessment.dimensions) {
            let Some(persist) = dimension.persist else {
                continue;
            };
            let Status::Measured { meets_target, .. } = &mut result.status else {
                continue;
            };
            let full: Vec<Option<f64>> = self
                .quarters
                .iter()
                .filter(|q| !q.partial)
                .map(|q| {
                    q.measures
                        .person(person.person)
                        .and_then(|p| p.metrics.get(result.evidence_metric.as_str()))
                        .and_then(|m| m.value)
                })
                .collect();
            let note = if result.counted.is_some() || result.decided_by != result.evidence_metric {
                "sustained over quarters is not checked for a measure that is not one metric"
                    .to_string()
            } else if full.len() < persist.of_last {
                format!(
                    "sustained over quarters is not checked: the window holds {} full quarters, the rubric asks about the last {}",
                    full.len(),
                    persist.of_last
                )
            } else {
                let shows = |value: &Option<f64>| match dimension.better {
                    Better::Higher => value.is_some_and(|v| v > 0.0),
                    Better::Lower => value.is_some(),
                };
                let shown = full[full.len() - persist.of_last..]
                    .iter()
                    .filter(|v| shows(v))
                    .count();
                if shown < persist.at_least {
                    *meets_target = false;
                }
                format!(
                    "sustained: shows in {shown} of the last {} full quarters; the rubric asks {}{}",
                    persist.of_last,
                    persist.at_least,
                    if shown < persist.at_least {
                        ", so the target is not met"
                    } else {
                        ""
                    }
                )
            };
            result.note = Some(match result.note.take() {
                Some(note_before) => format!("{note_before} {note}."),
                None => format!("{note}."),
            });
        }
    }
}
