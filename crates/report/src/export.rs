//! `staffscope export`: every person's assessment and metrics as data (JSON,
//! or CSV with one row per value), for a spreadsheet or another tool.
//!
//! With `anonymize`, people appear only as stable pseudonyms
//! ([`super::pseudonym`]): no name, no handle, no email address, and no
//! evidence ids (a commit id leads back to its author), only how many
//! pieces of evidence stand behind each value; a team with fewer than
//! three people in the export is not named either. People are listed in the
//! order of the name shown, never by a score.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Context, HomeView, SourceView, WindowView, sources_view};
use analysis::assess::{Outcome, RuleResult, Status};
use analysis::measure::metric_info;

pub const SCHEMA: &str = "staffscope.export/2";

/// Anonymized, a team with fewer people than this in the export is not
/// named: a pseudonym in a team of one or two is that team's member.
pub const SMALLEST_NAMED_TEAM: usize = 3;

/// What an anonymized export shows instead of a small team's name.
pub const SMALL_TEAM: &str = "(a team of fewer than 3)";

#[derive(Clone, Debug, Serialize)]
pub struct Export {
    pub schema: &'static str,
    pub anonymized: bool,
    pub window: WindowView,
    pub rubric: String,
    /// What was collected: a dimension whose source was not is "not measured",
    /// never zero.
    pub sources: Vec<SourceView>,
    /// The rubric's dimensions, once; each person's values refer to them by id.
    pub dimensions: Vec<DimensionInfo>,
    pub teams: Vec<String>,
    pub people: Vec<PersonExport>,
    /// Interactions from the team whose people did the work to the team reached.
    pub team_interactions: Vec<TeamInteraction>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PersonExport {
    /// The handle, or the pseudonym when anonymized.
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub teams: Vec<HomeView>,
    pub dimensions: Vec<DimensionExport>,
    /// Every metric whose source was collected; `null` when the source holds
    /// nothing to compute from.
    pub metrics: BTreeMap<String, MetricExport>,
    /// Failure modes and signals the rubric found.
    pub failure_modes: Vec<String>,
    pub signals: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DimensionInfo {
    pub id: String,
    pub name: String,
    pub metric: String,
    /// What the metric stands in for, when it is a proxy.
    pub proxy: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DimensionExport {
    pub id: String,
    #[serde(flatten)]
    pub status: Status,
    pub evidence: usize,
    /// `repository@commit` and the like; left out when anonymized.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence_ids: Option<Vec<String>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MetricExport {
    pub value: Option<f64>,
    pub proxy: bool,
    pub evidence: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct TeamInteraction {
    pub from: String,
    pub to: String,
    pub count: u64,
}

pub fn export(context: &Context<'_>, anonymize: bool) -> Export {
    let org = context.org;
    let measures = context.measures;
    // People per home team in the export, to hide small teams when anonymized.
    let mut team_sizes: BTreeMap<analysis::resolve::TeamId, usize> = BTreeMap::new();
    for person in &measures.people {
        for (team, _) in &person.homes {
            *team_sizes.entry(*team).or_default() += 1;
        }
    }
    let team_name = |team: analysis::resolve::TeamId| -> String {
        if anonymize && team_sizes.get(&team).copied().unwrap_or(0) < SMALLEST_NAMED_TEAM {
            SMALL_TEAM.to_string()
        } else {
            org.team(team).name.clone()
        }
    };
    let mut taken: BTreeMap<String, usize> = BTreeMap::new();
    let mut people: Vec<PersonExport> = measures
        .people
        .iter()
        .map(|person| {
            let who = org.people.get(person.person);
            let assessment = context.assessment(person);
            let id = if anonymize {
                let base = context.pseudonyms.of(&who.handle);
                // Two people with one pseudonym still get two ids.
                let seen = taken.entry(base.clone()).or_default();
                *seen += 1;
                if *seen == 1 {
                    base
                } else {
                    format!("{base}-{seen}")
                }
            } else {
                who.handle.clone()
            };
            let dimensions = assessment
                .dimensions
                .iter()
                .map(|result| {
                    let metric = person.metrics.get(result.evidence_metric.as_str());
                    let measured = matches!(result.status, Status::Measured { .. });
                    let ids: Vec<String> = metric
                        .filter(|_| measured)
                        .map(|m| {
                            m.items
                                .iter()
                                .flat_map(|item| item.evidence.iter().map(|e| e.id()))
                                .collect()
                        })
                        .unwrap_or_default();
                    DimensionExport {
                        id: result.id.clone(),
                        status: result.status.clone(),
                        evidence: ids.len(),
                        evidence_ids: (!anonymize).then_some(ids),
                    }
                })
                .collect();
            let metrics = person
                .metrics
                .iter()
                .filter(|(name, _)| {
                    metric_info(name).is_some_and(|info| measures.sources.contains(&info.source))
                })
                .map(|(name, metric)| {
                    (
                        name.to_string(),
                        MetricExport {
                            value: metric.value,
                            proxy: metric_info(name).is_some_and(|info| info.proxy.is_some()),
                            evidence: metric.evidence_count(),
                        },
                    )
                })
                .collect();
            PersonExport {
                id,
                name: (!anonymize).then(|| who.name.clone()),
                teams: person
                    .homes
                    .iter()
                    .map(|(team, inferred)| HomeView {
                        team: team_name(*team),
                        inferred: *inferred,
                    })
                    .collect(),
                dimensions,
                metrics,
                failure_modes: found(&assessment.failure_modes),
                signals: found(&assessment.signals),
            }
        })
        .collect();
    people.sort_by(|a, b| {
        let shown = |p: &PersonExport| p.name.clone().unwrap_or_else(|| p.id.clone());
        shown(a)
            .to_lowercase()
            .cmp(&shown(b).to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
    Export {
        schema: SCHEMA,
        anonymized: anonymize,
        window: measures.window.into(),
        rubric: context.rubric_origin.to_string(),
        sources: sources_view(&measures.sources),
        dimensions: context
            .assessment_template()
            .into_iter()
            .map(|result| DimensionInfo {
                id: result.id,
                name: result.name,
                metric: result.metric,
                proxy: result.proxy,
            })
            .collect(),
        teams: {
            let mut seen = std::collections::BTreeSet::new();
            org.teams
                .iter()
                .map(|team| team_name(team.id))
                .filter(|name| seen.insert(name.clone()))
                .collect()
        },
        people,
        team_interactions: {
            // Small teams share one name when anonymized: their counts add up.
            let mut pairs: BTreeMap<(String, String), u64> = BTreeMap::new();
            for ((from, to), count) in &measures.team_matrix {
                *pairs.entry((team_name(*from), team_name(*to))).or_default() += count;
            }
            pairs
                .into_iter()
                .map(|((from, to), count)| TeamInteraction { from, to, count })
                .collect()
        },
    }
}

fn found(results: &[RuleResult]) -> Vec<String> {
    results
        .iter()
        .filter(|r| r.outcome == Outcome::Found)
        .map(|r| r.id.clone())
        .collect()
}

/// One row per value: each dimension, metric, failure mode and signal of
/// each person. The `name` column is left out when anonymized.
pub fn csv(export: &Export) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["person"];
    if !export.anonymized {
        header.push("name");
    }
    header.extend([
        "team", "kind", "id", "status", "value", "level", "proxy", "evidence",
    ]);
    writer.write_record(&header)?;
    let proxy: BTreeMap<&str, bool> = export
        .dimensions
        .iter()
        .map(|d| (d.id.as_str(), d.proxy.is_some()))
        .collect();
    for person in &export.people {
        let team = person
            .teams
            .first()
            .map(|home| home.team.as_str())
            .unwrap_or("");
        let mut row = |fields: [&str; 7]| -> Result<(), csv::Error> {
            let mut record = vec![person.id.as_str()];
            if let Some(name) = &person.name {
                record.push(name);
            }
            record.push(team);
            record.extend(fields);
            writer.write_record(&record)
        };
        for dimension in &person.dimensions {
            let (status, value, level) = match &dimension.status {
                Status::Measured { value, level, .. } => (
                    "measured",
                    number(Some(*value)),
                    level.clone().unwrap_or_default(),
                ),
                Status::NoData => ("no-data", String::new(), String::new()),
                Status::NoEvidence { .. } => ("no-evidence", number(Some(0.0)), String::new()),
                Status::NotMeasured { .. } => ("not-measured", String::new(), String::new()),
                Status::NotExpected { .. } => ("not-expected", String::new(), String::new()),
            };
            row([
                "dimension",
                &dimension.id,
                status,
                &value,
                &level,
                yes_no(proxy.get(dimension.id.as_str()).copied().unwrap_or(false)),
                &dimension.evidence.to_string(),
            ])?;
        }
        for (name, metric) in &person.metrics {
            row([
                "metric",
                name,
                if metric.value.is_some() {
                    "measured"
                } else {
                    "no-data"
                },
                &number(metric.value),
                "",
                yes_no(metric.proxy),
                &metric.evidence.to_string(),
            ])?;
        }
        for (kind, ids) in [
            ("failure-mode", &person.failure_modes),
            ("signal", &person.signals),
        ] {
            for id in ids {
                row([kind, id, "found", "", "", "", ""])?;
            }
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8(bytes).expect("every field written is UTF-8"))
}

fn number(value: Option<f64>) -> String {
    value.map(|v| format!("{v}")).unwrap_or_default()
}

fn yes_no(flag: bool) -> &'static str {
    if flag { "yes" } else { "no" }
}
