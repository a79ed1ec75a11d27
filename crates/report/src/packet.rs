//! `staffscope packet`: a promotion packet, the case per dimension in prose
//! with evidence, strongest first and gaps stated honestly, in Markdown or
//! self-contained HTML. Built from the person's report view; pure.

use serde::Serialize;

use super::html::text as escape;
use super::{DimensionView, PersonReport, RuleView};
use analysis::assess::{ArchetypeFit, Outcome, Status};

#[derive(Clone, Debug, Serialize)]
pub struct Packet {
    pub schema: &'static str,
    pub name: String,
    pub handle: String,
    pub window: super::WindowView,
    pub rubric: String,
    pub target: String,
    pub archetype: Option<String>,
    pub summary: String,
    pub sources_used: Vec<String>,
    pub sources_missing: Vec<String>,
    /// Signals of staff-level execution found, each with its evidence.
    pub signals: Vec<Section>,
    /// Dimensions at or above the target level, the strongest first.
    pub strengths: Vec<Section>,
    /// Dimensions below the target level or without data, with what would help.
    pub gaps: Vec<Section>,
    /// Dimensions nothing here can measure, with the source they need.
    pub not_measured: Vec<String>,
    pub failure_modes: Vec<Section>,
    pub archetypes: Vec<ArchetypeFit>,
    pub next_steps: Vec<String>,
}

/// A part of the packet as renderers show it: heading, what it says when
/// empty, its sections.
pub type Part<'a> = (&'static str, &'static str, &'a [Section]);

impl Packet {
    /// The parts made of sections, in reading order (renderers put "not
    /// measured" between the gaps and the failure modes).
    pub fn parts(&self) -> [Part<'_>; 4] {
        [
            (
                "Signals of staff-level execution",
                "None found in this data.",
                &self.signals,
            ),
            (
                "Where the evidence meets the target",
                "No dimension meets the target level in this data.",
                &self.strengths,
            ),
            (
                "Gaps, stated plainly",
                "No measured dimension is below the target level.",
                &self.gaps,
            ),
            (
                "Failure modes to address",
                "None of the rubric's failure modes applies.",
                &self.failure_modes,
            ),
        ]
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Section {
    /// The dimension or rule it is about, for a link to its explanation.
    #[serde(skip)]
    pub about: String,
    pub title: String,
    pub text: String,
    pub evidence: Vec<EvidenceRef>,
}

#[derive(Clone, Debug, Serialize)]
pub struct EvidenceRef {
    pub id: String,
    pub date: String,
    pub summary: String,
}

/// Evidence shown per section; `staffscope explain` has the rest.
const EVIDENCE_PER_SECTION: usize = 6;

fn evidence_of(dimension: &DimensionView) -> Vec<EvidenceRef> {
    // A few from each item first, so the breadth of the evidence shows.
    let mut refs = Vec::new();
    for round in 0..EVIDENCE_PER_SECTION {
        for item in &dimension.evidence {
            if let Some(e) = item.evidence.get(round) {
                refs.push(EvidenceRef {
                    id: e.id(),
                    date: super::date(e.time),
                    summary: e.summary.to_string(),
                });
            }
            if refs.len() == EVIDENCE_PER_SECTION {
                return refs;
            }
        }
    }
    refs
}

fn value_phrase(dimension: &DimensionView) -> String {
    super::markdown::status_value(&dimension.metric, &dimension.status)
}

/// What a level asks for: "3 or more", "at most 60%".
fn threshold_of(dimension: &DimensionView, level: &str) -> Option<String> {
    dimension
        .thresholds
        .iter()
        .find(|t| t.level == *level)
        .map(|t| {
            let value = super::markdown::metric_value(&dimension.metric, t.value);
            match dimension.better {
                analysis::assess::Better::Higher => format!("{value} or more"),
                analysis::assess::Better::Lower => format!("at most {value}"),
            }
        })
}

/// The items behind a value, in words: "payments: 14 commits, ...".
fn breakdown(dimension: &DimensionView) -> String {
    let parts: Vec<String> = dimension
        .evidence
        .iter()
        .filter(|item| item.label != "no data")
        .take(4)
        .map(|item| {
            if item.detail.is_empty() {
                item.label.clone()
            } else {
                format!("{} ({})", item.label, item.detail)
            }
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        let more = dimension.evidence.len().saturating_sub(parts.len());
        format!(
            " Behind it: {}{}.",
            parts.join("; "),
            if more > 0 {
                format!("; and {more} more")
            } else {
                String::new()
            }
        )
    }
}

fn rule_evidence(report: &PersonReport, rule: &RuleView) -> Vec<EvidenceRef> {
    report
        .dimensions
        .iter()
        .filter(|d| {
            rule.conditions
                .iter()
                .any(|c| c.condition.starts_with(&format!("{} ", d.metric)))
        })
        .flat_map(evidence_of)
        .take(EVIDENCE_PER_SECTION)
        .collect()
}

pub fn packet(report: &PersonReport) -> Packet {
    let level_rank = |status: &Status| match status {
        Status::Measured {
            level: Some(level), ..
        } => report
            .dimensions
            .first()
            .and_then(|d| d.thresholds.iter().position(|t| t.level == *level))
            .unwrap_or(0),
        _ => 0,
    };
    let mut strong: Vec<&DimensionView> = report
        .dimensions
        .iter()
        .filter(|d| {
            matches!(
                d.status,
                Status::Measured {
                    meets_target: true,
                    ..
                }
            )
        })
        .collect();
    // Strongest first: the highest level met, then the most evidence.
    strong.sort_by(|a, b| {
        level_rank(&b.status)
            .cmp(&level_rank(&a.status))
            .then_with(|| {
                let count =
                    |d: &DimensionView| d.evidence.iter().map(|i| i.evidence.len()).sum::<usize>();
                count(b).cmp(&count(a))
            })
    });
    let strengths = strong
        .iter()
        .map(|d| {
            let level = match &d.status {
                Status::Measured {
                    level: Some(level), ..
                } => level.clone(),
                _ => String::new(),
            };
            Section {
                about: d.id.clone(),
                title: format!("{}: {} ({level})", d.name, value_phrase(d)),
                text: format!(
                    "{} The {} level asks for {}; the evidence shows {}.{}{}",
                    d.about,
                    report.target,
                    threshold_of(d, &report.target).unwrap_or_default(),
                    value_phrase(d),
                    breakdown(d),
                    d.proxy
                        .as_ref()
                        .map(|p| format!(" This is a proxy: {p}."))
                        .unwrap_or_default()
                ),
                evidence: evidence_of(d),
            }
        })
        .collect();
    let gaps = report
        .dimensions
        .iter()
        .filter(|d| {
            matches!(
                d.status,
                Status::Measured {
                    meets_target: false,
                    ..
                } | Status::NoData
                    | Status::NoEvidence { .. }
            )
        })
        .map(|d| Section {
            about: d.id.clone(),
            title: format!("{}: {}", d.name, value_phrase(d)),
            text: format!(
                "The {} level asks for {}; {}.{} What would help: {}",
                report.target,
                threshold_of(d, &report.target).unwrap_or_default(),
                match &d.status {
                    // The measures say why where they know it.
                    Status::NoData => d
                        .evidence
                        .iter()
                        .find(|item| item.label == "no data")
                        .map_or_else(
                            || "the data holds nothing to show for it yet".to_string(),
                            |item| format!("there is no data: {}", item.detail),
                        ),
                    Status::NoEvidence { .. } => "there is no evidence of it yet".to_string(),
                    _ => format!("the evidence shows {}", value_phrase(d)),
                },
                breakdown(d),
                d.advice
            ),
            evidence: evidence_of(d),
        })
        .collect();
    let not_measured = report
        .dimensions
        .iter()
        .filter_map(|d| match &d.status {
            Status::NotMeasured { source } => Some(format!(
                "{} (needs {}: {})",
                d.name,
                source.key(),
                source.description()
            )),
            _ => None,
        })
        .collect();
    let signals = report
        .signals
        .iter()
        .filter(|s| s.outcome == Outcome::Found)
        .map(|s| Section {
            about: s.id.clone(),
            title: s.name.clone(),
            text: format!("{} ({})", s.about, super::markdown::conditions_text(s)),
            evidence: rule_evidence(report, s),
        })
        .collect();
    let failure_modes = report
        .failure_modes
        .iter()
        .filter(|f| matches!(f.outcome, Outcome::Found | Outcome::Possible { .. }))
        .map(|f| Section {
            about: f.id.clone(),
            title: format!(
                "{}{}",
                f.name,
                if f.outcome == Outcome::Found {
                    ""
                } else {
                    " (possible: some conditions are not measured)"
                }
            ),
            text: format!(
                "{} Triggered by: {}.{}",
                f.about,
                super::markdown::conditions_text(f),
                f.clear
                    .as_ref()
                    .map(|c| format!(" What would clear it: {c}"))
                    .unwrap_or_default()
            ),
            evidence: rule_evidence(report, f),
        })
        .collect();
    let sources = |collected: bool| {
        report
            .sources
            .iter()
            .filter(|s| s.collected == collected)
            .map(|s| format!("{} ({})", s.source.key(), s.description))
            .collect::<Vec<_>>()
    };
    let Verdict {
        met,
        measured,
        signals: signals_found,
        ..
    } = verdict(report);
    let signals_found = signals_found.len();
    let summary = format!(
        "{} (@{}) meets the {} level on {met} of the {measured} dimensions the data can measure, with {signals_found} signal{} of staff-level execution, between {} and {}.{}",
        report.name,
        report.handle,
        report.target,
        if signals_found == 1 { "" } else { "s" },
        report.window.since,
        report.window.until,
        report
            .archetype
            .as_ref()
            .map(|a| format!(" Assessed as the {a} archetype."))
            .unwrap_or_default(),
    );
    Packet {
        schema: "staffscope.packet/1",
        name: report.name.clone(),
        handle: report.handle.clone(),
        window: report.window.clone(),
        rubric: report.rubric.clone(),
        target: report.target.clone(),
        archetype: report.archetype.clone(),
        summary,
        sources_used: sources(true),
        sources_missing: sources(false),
        signals,
        strengths,
        gaps,
        not_measured,
        failure_modes,
        archetypes: report.archetypes.clone(),
        next_steps: report
            .path
            .iter()
            .map(|step| format!("{}. {}", step.title, step.why))
            .collect(),
    }
}

pub fn markdown(packet: &Packet) -> String {
    use std::fmt::Write;
    let clean = super::markdown::clean;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Promotion packet: {} (@{}), towards {}\n",
        clean(&packet.name),
        clean(&packet.handle),
        packet.target
    );
    let _ = writeln!(out, "{}\n", clean(&packet.summary));
    let _ = writeln!(
        out,
        "Every statement below links to the events behind it; `staffscope explain {} <dimension>` lists all of them.\n",
        clean(&packet.handle)
    );
    let _ = writeln!(
        out,
        "- Rubric: {}; window {} to {} (exclusive)",
        clean(&packet.rubric),
        packet.window.since,
        packet.window.until
    );
    let _ = writeln!(out, "- Data used: {}", packet.sources_used.join(", "));
    let _ = writeln!(
        out,
        "- Data not available: {}\n",
        if packet.sources_missing.is_empty() {
            "none".to_string()
        } else {
            packet.sources_missing.join(", ")
        }
    );
    let sections = |out: &mut String, (title, empty, sections): Part<'_>| {
        let _ = writeln!(out, "## {title}\n");
        if sections.is_empty() {
            let _ = writeln!(out, "{empty}\n");
        }
        for section in sections {
            let _ = writeln!(out, "### {}\n", clean(&section.title));
            let _ = writeln!(out, "{}\n", clean(&section.text));
            for e in &section.evidence {
                let _ = writeln!(out, "- `{}` {} {}", e.id, e.date, clean(&e.summary));
            }
            if !section.evidence.is_empty() {
                let _ = writeln!(out);
            }
        }
    };
    let [signals, strengths, gaps, failure_modes] = packet.parts();
    for part in [signals, strengths, gaps] {
        sections(&mut out, part);
    }
    if !packet.not_measured.is_empty() {
        let _ = writeln!(out, "## Not measured\n");
        let _ = writeln!(
            out,
            "Nothing in this data can speak to these; they need other evidence, such as the evidence log:\n"
        );
        for line in &packet.not_measured {
            let _ = writeln!(out, "- {line}");
        }
        let _ = writeln!(out);
    }
    sections(&mut out, failure_modes);
    if !packet.archetypes.is_empty() {
        let _ = writeln!(out, "## Which staff role the evidence resembles\n");
        for fit in &packet.archetypes {
            let _ = writeln!(out, "- {}", super::markdown::fit_line(fit));
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## Next steps\n");
    for step in &packet.next_steps {
        let _ = writeln!(out, "- {}", clean(step));
    }
    out
}

/// Where a person stands, in counts a reader takes in at a glance: the
/// opening line of the packet and of the dashboard's person page.
#[derive(Clone, Debug)]
pub struct Verdict<'r> {
    /// Dimensions at or above the target level.
    pub met: usize,
    /// Dimensions the data can measure for this person. One with no data
    /// for them is not, nor one not expected at their level; one with no
    /// evidence is (it is a gap).
    pub measured: usize,
    /// Measured dimensions below the target level, or without evidence.
    pub gaps: Vec<&'r DimensionView>,
    pub not_measured: Vec<&'r DimensionView>,
    pub signals: Vec<&'r RuleView>,
    /// Failure modes found, or possible where some condition is not measured.
    pub failure_modes: Vec<&'r RuleView>,
}

pub fn verdict(report: &PersonReport) -> Verdict<'_> {
    let measured: Vec<&DimensionView> = report
        .dimensions
        .iter()
        .filter(|d| {
            !matches!(
                d.status,
                Status::NotMeasured { .. } | Status::NoData | Status::NotExpected { .. }
            )
        })
        .collect();
    let meets = |d: &DimensionView| {
        matches!(
            d.status,
            Status::Measured {
                meets_target: true,
                ..
            }
        )
    };
    Verdict {
        met: measured.iter().filter(|d| meets(d)).count(),
        measured: measured.len(),
        gaps: measured.iter().copied().filter(|d| !meets(d)).collect(),
        not_measured: report
            .dimensions
            .iter()
            .filter(|d| matches!(d.status, Status::NotMeasured { .. }))
            .collect(),
        signals: report
            .signals
            .iter()
            .filter(|s| s.outcome == Outcome::Found)
            .collect(),
        failure_modes: report
            .failure_modes
            .iter()
            .filter(|f| matches!(f.outcome, Outcome::Found | Outcome::Possible { .. }))
            .collect(),
    }
}

/// A self-contained page: no script, no external resource, every text escaped.
pub fn html(packet: &Packet) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Promotion packet: {}</title>\n<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d2433}}h1{{font-size:1.6rem}}h2{{margin-top:2rem;border-bottom:1px solid #d8dde6}}h3{{font-size:1.05rem;margin-bottom:.25rem}}code{{background:#f1f3f7;padding:0 .25rem;border-radius:3px}}ul.evidence{{font-size:.9rem;color:#3d4557}}.meta{{color:#59617a}}</style></head><body>\n",
        escape(&packet.name)
    );
    let _ = writeln!(
        out,
        "<h1>Promotion packet: {} (@{}), towards {}</h1>",
        escape(&packet.name),
        escape(&packet.handle),
        escape(&packet.target)
    );
    let _ = writeln!(
        out,
        "<p>{} Every statement below links to the events behind it; <code>staffscope explain {} &lt;dimension&gt;</code> lists all of them.</p>",
        escape(&packet.summary),
        escape(&packet.handle)
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">Rubric: {}; window {} to {} (exclusive).<br>Data used: {}.<br>Data not available: {}.</p>",
        escape(&packet.rubric),
        escape(&packet.window.since),
        escape(&packet.window.until),
        escape(&packet.sources_used.join(", ")),
        escape(&if packet.sources_missing.is_empty() {
            "none".to_string()
        } else {
            packet.sources_missing.join(", ")
        })
    );
    let sections = |out: &mut String, (title, empty, sections): Part<'_>| {
        let _ = writeln!(out, "<h2>{}</h2>", escape(title));
        if sections.is_empty() {
            let _ = writeln!(out, "<p>{}</p>", escape(empty));
        }
        for section in sections {
            let _ = writeln!(
                out,
                "<h3>{}</h3>\n<p>{}</p>",
                escape(&section.title),
                escape(&section.text)
            );
            if !section.evidence.is_empty() {
                let _ = writeln!(out, "<ul class=\"evidence\">");
                for e in &section.evidence {
                    let _ = writeln!(
                        out,
                        "<li><code>{}</code> {} {}</li>",
                        escape(&e.id),
                        escape(&e.date),
                        escape(&e.summary)
                    );
                }
                let _ = writeln!(out, "</ul>");
            }
        }
    };
    let [signals, strengths, gaps, failure_modes] = packet.parts();
    for part in [signals, strengths, gaps] {
        sections(&mut out, part);
    }
    if !packet.not_measured.is_empty() {
        let _ = writeln!(out, "<h2>Not measured</h2>\n<ul>");
        for line in &packet.not_measured {
            let _ = writeln!(out, "<li>{}</li>", escape(line));
        }
        let _ = writeln!(out, "</ul>");
    }
    sections(&mut out, failure_modes);
    if !packet.archetypes.is_empty() {
        let _ = writeln!(
            out,
            "<h2>Which staff role the evidence resembles</h2>\n<ul>"
        );
        for fit in &packet.archetypes {
            let _ = writeln!(out, "<li>{}</li>", escape(&super::markdown::fit_line(fit)));
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(out, "<h2>Next steps</h2>\n<ul>");
    for step in &packet.next_steps {
        let _ = writeln!(out, "<li>{}</li>", escape(step));
    }
    let _ = writeln!(out, "</ul>\n</body></html>");
    out
}
