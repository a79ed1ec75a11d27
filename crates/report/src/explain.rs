//! `staffscope explain`: every event behind one number, so anyone can check
//! it. Built from a person's report view; pure.

use serde::Serialize;

use super::{DimensionView, ItemView, PersonReport, RuleView};
use analysis::assess::{Better, Status};
use analysis::measure::{Evidence, metric_info};

#[derive(Debug, thiserror::Error)]
#[error(
    "`{what}` is not a dimension, metric, failure mode or signal of the rubric\nhint: dimensions: {dimensions}; `staffscope metrics` lists the metrics"
)]
pub struct UnknownSubject {
    pub what: String,
    pub dimensions: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Explanation {
    pub schema: &'static str,
    pub name: String,
    pub handle: String,
    pub window: super::WindowView,
    /// `dimension`, `metric`, `failure-mode` or `signal`.
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    /// The conclusion in a line: value and level, or the rule's outcome.
    pub conclusion: String,
    /// How the number is made: the metric, its source, thresholds, proxies.
    pub how: Vec<String>,
    pub metrics: Vec<ExplainedMetric>,
    /// Evidence-log entries that name this dimension or signal.
    pub self_reported: Vec<Evidence>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExplainedMetric {
    pub name: String,
    pub description: String,
    pub source: String,
    pub proxy: Option<String>,
    /// `None` with `measured`: no data; without `measured`: the source is not collected.
    pub value: Option<f64>,
    pub measured: bool,
    /// Every item with all of its evidence.
    pub items: Vec<ItemView>,
}

fn explained_metric(report: &PersonReport, name: &str) -> ExplainedMetric {
    let info = metric_info(name);
    let metric = report.metrics.get(name);
    ExplainedMetric {
        name: name.to_string(),
        description: info.map_or_else(String::new, |i| i.description.to_string()),
        source: info.map_or_else(String::new, |i| i.source.key().to_string()),
        proxy: info.and_then(|i| i.proxy).map(str::to_string),
        value: metric.and_then(|m| m.value),
        measured: metric.is_some()
            && info.is_some_and(|i| {
                report
                    .sources
                    .iter()
                    .any(|s| s.source == i.source && s.collected)
            }),
        items: metric
            .map(|m| m.items.iter().map(ItemView::from).collect())
            .unwrap_or_default(),
    }
}

fn dimension_conclusion(dimension: &DimensionView, target: &str) -> String {
    match &dimension.status {
        Status::Measured {
            value,
            level,
            meets_target,
        } => format!(
            "{} = {}: {}; the target level ({target}) is {}",
            dimension.metric,
            super::markdown::number(*value),
            level
                .as_ref()
                .map_or_else(|| "below every level".to_string(), |l| format!("level {l}")),
            if *meets_target { "met" } else { "not met" }
        ),
        Status::NoData => format!(
            "no data: the source is collected but holds nothing to compute {} from",
            dimension.metric
        ),
        Status::NoEvidence { .. } => format!(
            "{} = 0: no evidence to grade; a level that asks for 0 is not met by nothing, and no level is missed either",
            dimension.metric
        ),
        Status::NotMeasured { source } => format!(
            "not measured: {} needs {} ({}), which is not collected",
            dimension.metric,
            source.key(),
            source.description()
        ),
        Status::NotExpected { from } => format!(
            "not expected at the target level ({target}): the rubric expects it from {from} up"
        ),
    }
}

fn rule_conclusion(rule: &RuleView) -> String {
    use analysis::assess::Outcome;
    match &rule.outcome {
        Outcome::Found => "applies: every condition holds".to_string(),
        Outcome::NotFound => "does not apply: at least one condition does not hold".to_string(),
        Outcome::Possible { missing } => format!(
            "possible: every measured condition holds; {} would settle it",
            missing
                .iter()
                .map(|s| s.key())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Outcome::NotMeasured { missing } => format!(
            "not measured: needs {}",
            missing
                .iter()
                .map(|s| s.key())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Everything behind `what` for the person in `report`: a dimension id, a
/// metric name, a failure mode id or a signal id.
pub fn explain(report: &PersonReport, what: &str) -> Result<Explanation, UnknownSubject> {
    let base =
        |kind, id: &str, title: String, conclusion, how, metrics, self_reported| Explanation {
            schema: "staffscope.explanation/1",
            name: report.name.clone(),
            handle: report.handle.clone(),
            window: report.window.clone(),
            kind,
            id: id.to_string(),
            title,
            conclusion,
            how,
            metrics,
            self_reported,
        };
    if let Some(dimension) = report
        .dimensions
        .iter()
        .find(|d| d.id == what || d.name.eq_ignore_ascii_case(what))
    {
        let mut how = vec![format!(
            "The dimension reads the metric `{}`; {} is better.",
            dimension.metric,
            match dimension.better {
                Better::Higher => "higher",
                Better::Lower => "lower",
            }
        )];
        how.push(format!(
            "Thresholds{}: {}.",
            report
                .archetype
                .as_ref()
                .map(|a| format!(" (archetype {a})"))
                .unwrap_or_default(),
            dimension
                .thresholds
                .iter()
                .map(|t| format!("{} {}", t.level, super::markdown::number(t.value)))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if let Some(note) = &dimension.note {
            how.push(format!("Note: {note}"));
        }
        if !dimension.trend.is_empty() {
            how.push(format!(
                "By quarter (each measured alone): {}.",
                dimension
                    .trend
                    .iter()
                    .map(|point| format!(
                        "{}{} {}",
                        point.quarter,
                        if point.partial { " (part)" } else { "" },
                        point
                            .value
                            .map_or_else(|| "no data".to_string(), super::markdown::number)
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        return Ok(base(
            "dimension",
            &dimension.id,
            dimension.name.clone(),
            dimension_conclusion(dimension, &report.target),
            how,
            // Counted item by item (confirmed entries, filtered documents):
            // no metric to explain; the report lists what was counted.
            if dimension.counted {
                Vec::new()
            } else {
                vec![explained_metric(report, &dimension.evidence_metric)]
            },
            dimension.self_reported.clone(),
        ));
    }
    for (kind, rules) in [
        ("failure-mode", &report.failure_modes),
        ("signal", &report.signals),
    ] {
        if let Some(rule) = rules.iter().find(|r| r.id == what) {
            let mut how = vec![format!("{} Every condition must hold:", rule.about)];
            how.extend(rule.conditions.iter().map(|c| {
                format!(
                    "- {}: {}",
                    c.condition,
                    match (c.value, c.holds) {
                        (Some(value), Some(true)) =>
                            format!("holds (is {})", super::markdown::number(value)),
                        (Some(value), _) =>
                            format!("does not hold (is {})", super::markdown::number(value)),
                        (None, Some(_)) => "no data, so it does not hold".to_string(),
                        (None, None) => "not measured".to_string(),
                    }
                )
            }));
            if let Some(clear) = &rule.clear {
                how.push(format!("What would clear it: {clear}"));
            }
            let mut names: Vec<String> = Vec::new();
            for metric in rule.conditions.iter().flat_map(|c| &c.metrics) {
                if !names.contains(metric) {
                    names.push(metric.clone());
                }
            }
            return Ok(base(
                kind,
                &rule.id,
                rule.name.clone(),
                rule_conclusion(rule),
                how,
                names.iter().map(|n| explained_metric(report, n)).collect(),
                Vec::new(),
            ));
        }
    }
    if let Some(info) = metric_info(what) {
        return Ok(base(
            "metric",
            what,
            what.to_string(),
            match report.metrics.get(what) {
                Some(metric) => metric.value.map_or_else(
                    || "no data".to_string(),
                    |v| format!("{what} = {}", super::markdown::number(v)),
                ),
                None => format!("not measured: needs {}", info.source.key()),
            },
            vec![info.description.to_string()],
            vec![explained_metric(report, what)],
            Vec::new(),
        ));
    }
    Err(UnknownSubject {
        what: what.to_string(),
        dimensions: report
            .dimensions
            .iter()
            .map(|d| d.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// Markdown with every item and every piece of evidence: nothing is cut.
pub fn markdown(explanation: &Explanation) -> String {
    use std::fmt::Write;
    let clean = super::markdown::clean;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} (@{}): {}\n",
        clean(&explanation.name),
        clean(&explanation.handle),
        clean(&explanation.title)
    );
    let _ = writeln!(
        out,
        "- {} `{}`, window {} to {} (exclusive)",
        explanation.kind.replace('-', " "),
        explanation.id,
        explanation.window.since,
        explanation.window.until
    );
    let _ = writeln!(out, "- Conclusion: {}\n", explanation.conclusion);
    let _ = writeln!(out, "## How it is computed\n");
    for line in &explanation.how {
        let _ = writeln!(out, "{line}");
    }
    for metric in &explanation.metrics {
        let _ = writeln!(out, "\n## Metric `{}`\n", metric.name);
        let _ = writeln!(out, "{} (source: {}).", metric.description, metric.source);
        if let Some(proxy) = &metric.proxy {
            let _ = writeln!(out, "Proxy: {proxy}.");
        }
        let value = match (metric.measured, metric.value) {
            (false, _) => "not measured".to_string(),
            (true, None) => "no data".to_string(),
            (true, Some(v)) => super::markdown::number(v),
        };
        let evidence: usize = metric.items.iter().map(|i| i.evidence.len()).sum();
        let _ = writeln!(
            out,
            "\nValue: {value}, from {evidence} {}.\n",
            if evidence == 1 {
                "piece of evidence"
            } else {
                "pieces of evidence"
            }
        );
        for item in &metric.items {
            let _ = write!(out, "- {}", clean(&item.label));
            if !item.detail.is_empty() {
                let _ = write!(out, ": {}", clean(&item.detail));
            }
            let _ = writeln!(out);
            for e in &item.evidence {
                let _ = writeln!(
                    out,
                    "  - `{}` {} {}: {}",
                    e.id(),
                    super::date(e.time),
                    clean(&e.summary),
                    clean(&e.detail)
                );
            }
        }
    }
    if !explanation.self_reported.is_empty() {
        let _ = writeln!(out, "\n## Self-reported in the evidence log\n");
        for e in &explanation.self_reported {
            let _ = writeln!(
                out,
                "- `{}` {}: {}",
                e.id(),
                super::date(e.time),
                clean(&e.detail)
            );
        }
    }
    out
}
