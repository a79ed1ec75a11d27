//! `staffscope calibrate`: a group side by side against the rubric, for
//! calibration conversations. Deliberately not a ranking: no total score,
//! rows in alphabetical order of the name (or pseudonym) shown, never by
//! output. Pure.

use serde::{Deserialize, Serialize};

use super::{Context, NotMeasured, WindowView};
use analysis::assess::{Outcome, Status};
use analysis::measure::PersonMeasures;
use analysis::resolve::TeamId;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Calibration {
    #[serde(deserialize_with = "schema")]
    pub schema: crate::fixed::Fixed,
    pub window: WindowView,
    pub rubric: String,
    pub levels: Vec<String>,
    pub target: String,
    /// Names were replaced by stable pseudonyms.
    pub anonymized: bool,
    /// The measured dimensions, in the rubric's order.
    pub dimensions: Vec<Column>,
    /// Dimensions no one can be assessed on here, and the source they need.
    pub not_measured: Vec<NotMeasured>,
    /// Dimensions measured here on which no one in the group shows data
    /// or evidence: a column of "no data" and "no evidence" says nothing,
    /// so it is left out of the table and named here.
    pub without_information: Vec<String>,
    /// People left out because their job family has a rubric of its own
    /// (family -> how many); `calibrate --job-family` shows them.
    pub other_rubrics: std::collections::BTreeMap<String, usize>,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Column {
    pub id: String,
    pub name: String,
    pub metric: String,
    /// The first level the dimension grades ("below" means below it).
    pub first_level: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Row {
    /// `Name (@handle)`, or a pseudonym such as `Engineer 3fa9c1`.
    pub who: String,
    /// The handle their page is found by; none when anonymized. The
    /// dashboard's only: neither printed nor kept in the store.
    #[serde(skip)]
    pub handle: Option<String>,
    pub team: Option<String>,
    /// The level this person is held to: their level in the team map where
    /// it gives one, otherwise the rubric's target.
    pub target: String,
    pub cells: Vec<Cell>,
    pub failure_modes: Vec<String>,
    pub signals: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Cell {
    #[serde(flatten)]
    pub status: Status,
    /// Pieces of evidence behind the value (`staffscope explain` lists them).
    pub evidence: usize,
}

/// The JSON schema a calibration follows.
const SCHEMA: &str = "staffscope.calibration/3";

fn schema<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    crate::fixed::one_of(d, [SCHEMA])
}

/// Who is compared when the user names nobody: everyone active in the
/// window, or the people whose home team in the window is `team`. The
/// command and the dashboard both choose this way, so a team's calibration
/// is the same group in both.
pub fn members<'a>(context: &Context<'a>, team: Option<TeamId>) -> Vec<&'a PersonMeasures> {
    context
        .measures
        .people
        .iter()
        .filter(|person| team.is_none_or(|team| person.homes.iter().any(|(t, _)| *t == team)))
        .collect()
}

pub fn calibrate(
    context: &Context<'_>,
    people: &[&PersonMeasures],
    anonymize: bool,
) -> Calibration {
    calibrate_family(context, people, anonymize, None)
}

/// The calibration of the people on one rubric: the configured one
/// (`family` `None`) or a job family's. People on another rubric are
/// counted in `other_rubrics`, never put in columns that are not theirs.
pub fn calibrate_family(
    context: &Context<'_>,
    people: &[&PersonMeasures],
    anonymize: bool,
    family: Option<&str>,
) -> Calibration {
    let rubric = family
        .and_then(|family| context.family_named(family))
        .map_or(context.rubric, |(_, rubric)| rubric);
    let mut other_rubrics: std::collections::BTreeMap<String, usize> = Default::default();
    let people: Vec<&PersonMeasures> = people
        .iter()
        .copied()
        .filter(|person| {
            let theirs = context.family_of(person.person);
            let same = match (theirs, family) {
                (None, None) => true,
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                _ => false,
            };
            if !same {
                *other_rubrics
                    .entry(theirs.unwrap_or("default").to_string())
                    .or_default() += 1;
            }
            same
        })
        .collect();
    let people = people.as_slice();
    let not_measured: Vec<NotMeasured> = rubric
        .dimensions
        .iter()
        .zip(
            analysis::assess::assess(rubric, &context.measures.sources, &Default::default())
                .dimensions,
        )
        .filter_map(|(dimension, result)| match result.status {
            Status::NotMeasured { source } => Some(NotMeasured {
                dimension: dimension.name.clone(),
                source,
            }),
            _ => None,
        })
        .collect();
    let measured: Vec<usize> = rubric
        .dimensions
        .iter()
        .enumerate()
        .filter(|(_, d)| !not_measured.iter().any(|n| n.dimension == d.name))
        .map(|(index, _)| index)
        .collect();
    let mut taken: Vec<String> = Vec::new();
    let mut rows: Vec<Row> = people
        .iter()
        .map(|person| {
            let who = context.org.people.get(person.person);
            let assessment = context.assessment(person);
            let mut shown = if anonymize {
                context.pseudonyms.of(&who.handle)
            } else {
                format!("{} (@{})", who.name, who.handle)
            };
            // Two handles with the same pseudonym still get two rows.
            let base = shown.clone();
            let mut n = 2;
            while taken.contains(&shown) {
                shown = format!("{base}-{n}");
                n += 1;
            }
            taken.push(shown.clone());
            let found = |results: &[analysis::assess::RuleResult]| {
                results
                    .iter()
                    .filter(|r| r.outcome == Outcome::Found)
                    .map(|r| r.name.clone())
                    .collect()
            };
            Row {
                who: shown,
                handle: (!anonymize).then(|| who.handle.clone()),
                team: context.primary_home(person).map(|t| context.team_name(t)),
                target: context.rubric_for(person.person).target.clone(),
                cells: measured
                    .iter()
                    .map(|&index| {
                        let result = &assessment.dimensions[index];
                        Cell {
                            status: result.status.clone(),
                            evidence: match &result.counted {
                                Some(counted) => counted.len(),
                                None => person
                                    .metrics
                                    .get(result.evidence_metric.as_str())
                                    .map_or(0, |m| m.evidence_count()),
                            },
                        }
                    })
                    .collect(),
                failure_modes: found(&assessment.failure_modes),
                signals: found(&assessment.signals),
            }
        })
        .collect();
    rows.sort_by_key(|row| row.who.to_lowercase());
    let informative: Vec<bool> = (0..measured.len())
        .map(|column| {
            rows.iter()
                .any(|row| matches!(row.cells[column].status, Status::Measured { .. }))
        })
        .collect();
    let nobody = rows.is_empty();
    let without_information = measured
        .iter()
        .zip(&informative)
        .filter(|(_, shown)| !**shown && !nobody)
        .map(|(&i, _)| rubric.dimensions[i].name.clone())
        .collect();
    let keep = |column: usize| informative[column] || nobody;
    for row in &mut rows {
        let cells = std::mem::take(&mut row.cells);
        row.cells = cells
            .into_iter()
            .enumerate()
            .filter(|(column, _)| keep(*column))
            .map(|(_, cell)| cell)
            .collect();
    }
    let measured: Vec<usize> = measured
        .iter()
        .enumerate()
        .filter(|(column, _)| keep(*column))
        .map(|(_, &index)| index)
        .collect();
    Calibration {
        schema: SCHEMA,
        window: context.measures.window.into(),
        rubric: rubric.name.clone(),
        levels: rubric.levels.clone(),
        target: rubric.target.clone(),
        anonymized: anonymize,
        dimensions: measured
            .iter()
            .map(|&i| Column {
                id: rubric.dimensions[i].id.clone(),
                name: rubric.dimensions[i].name.clone(),
                metric: rubric.dimensions[i].metric.clone(),
                first_level: rubric.dimensions[i]
                    .thresholds
                    .first()
                    .map_or_else(String::new, |(level, _)| level.clone()),
            })
            .collect(),
        not_measured,
        without_information,
        other_rubrics,
        rows,
    }
}

pub fn markdown(view: &Calibration) -> String {
    use std::fmt::Write;
    let clean = super::markdown::clean;
    let mut out = String::new();
    let _ = writeln!(out, "# Calibration\n");
    let _ = writeln!(
        out,
        "- Window: {} to {} (exclusive); rubric: {}, target level {}",
        view.window.since,
        view.window.until,
        clean(&view.rubric),
        view.target
    );
    let _ = writeln!(
        out,
        "- {} people{}. Rows are in alphabetical order; there is no total score and no ranking: compare each dimension against the rubric, not people against each other.",
        view.rows.len(),
        if view.anonymized {
            ", names replaced by stable pseudonyms"
        } else {
            ""
        }
    );
    if !view.not_measured.is_empty() {
        let _ = writeln!(
            out,
            "- Not measured here: {}",
            view.not_measured
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if !view.other_rubrics.is_empty() {
        let groups: Vec<String> = view
            .other_rubrics
            .iter()
            .map(|(family, n)| format!("{n} on the `{}` rubric", clean(family)))
            .collect();
        let _ = writeln!(
            out,
            "- Not in this table, as their job family has its own rubric: {} (`staffscope calibrate --job-family <family>`)",
            groups.join(", ")
        );
    }
    if !view.without_information.is_empty() {
        let _ = writeln!(
            out,
            "- Left out, as no one here shows data or evidence for them: {}",
            view.without_information.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\nEach cell is the level met and the value; bold meets the target level (the person's own where the team map gives their level, named beside them). `staffscope explain <person> <dimension>` lists the evidence behind a cell.\n"
    );
    let _ = write!(out, "| Person | Team |");
    for column in &view.dimensions {
        let _ = write!(out, " {} |", column.name);
    }
    let _ = writeln!(out, " Failure modes | Signals |");
    let _ = writeln!(out, "|{}", "---|".repeat(view.dimensions.len() + 4));
    for row in &view.rows {
        let own_target = if row.target == view.target {
            String::new()
        } else {
            format!(" (target {})", clean(&row.target))
        };
        let _ = write!(
            out,
            "| {}{own_target} | {} |",
            clean(&row.who),
            row.team.as_deref().map_or_else(|| "-".to_string(), clean)
        );
        for (cell, column) in row.cells.iter().zip(&view.dimensions) {
            let text = match &cell.status {
                Status::Measured {
                    value,
                    level,
                    meets_target,
                } => {
                    let level = level
                        .clone()
                        .unwrap_or_else(|| format!("below {}", column.first_level));
                    let level = if *meets_target {
                        format!("**{level}**")
                    } else {
                        level
                    };
                    let value = super::markdown::metric_value(&column.metric, *value);
                    format!("{level} ({value})")
                }
                Status::NoData => "no data".to_string(),
                Status::NoEvidence { .. } => "no evidence (0)".to_string(),
                Status::NotMeasured { .. } => "not measured".to_string(),
                Status::NotExpected { from } => format!("not expected below {}", clean(from)),
            };
            let _ = write!(out, " {text} |");
        }
        let list = |items: &[String]| {
            if items.is_empty() {
                "-".to_string()
            } else {
                items.join("; ")
            }
        };
        let _ = writeln!(
            out,
            " {} | {} |",
            list(&row.failure_modes),
            list(&row.signals)
        );
    }
    out
}
