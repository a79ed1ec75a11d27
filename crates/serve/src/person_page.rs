//! One person: `/person/<handle>` (the verdict first, then each dimension,
//! the rules, the archetypes and the path), `/person/<handle>/<what>` (every
//! event behind one number) and `/packet/<handle>` (the promotion packet,
//! with every piece of evidence linked).

use std::fmt::Write;

use super::html::{Section, encode, evidence_link, page, person_href, team_link, text};
use super::links::Linker;
use super::pages::{counted, level_badge, rule_item, sources};
use super::svg;
use analysis::assess::{Better, Rubric, Status};
use report::explain::Explanation;
use report::markdown::{metric_value, number, status_value};
use report::packet::{Packet, Verdict, verdict};
use report::{DimensionView, PersonReport};

/// Where the person's pages link: their page, and the archetype they are
/// assessed as, kept in every link.
struct Base {
    href: String,
    archetype_query: String,
}

impl Base {
    fn new(rubric: &Rubric, report: &PersonReport) -> Base {
        Base {
            href: person_href(&report.handle),
            archetype_query: report
                .archetype
                .as_ref()
                .and_then(|name| rubric.archetypes.iter().find(|a| &a.name == name))
                .map(|a| format!("?archetype={}", encode(&a.id)))
                .unwrap_or_default(),
        }
    }

    fn explain(&self, id: &str) -> String {
        format!("{}/{}{}", self.href, encode(id), self.archetype_query)
    }
}

fn homes(report: &PersonReport) -> String {
    if report.homes.is_empty() {
        return "no home team".to_string();
    }
    report
        .homes
        .iter()
        .map(|h| {
            if h.inferred {
                format!(
                    "{} <small class=\"muted\">(inferred)</small>",
                    team_link(&h.team)
                )
            } else {
                team_link(&h.team)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `/person/<handle>`: the verdict, then the assessment as the CLI report has it.
pub fn person(rubric: &Rubric, report: &PersonReport, linker: &Linker) -> String {
    let base = Base::new(rubric, report);
    let mut body = format!(
        "<p class=\"crumbs\"><a href=\"/people\">People</a> ›</p><div class=\"person-head\"><div><h1>{}</h1><p class=\"lede\">@{} · {} · window {} to {} (exclusive)</p></div><div class=\"actions\"><a class=\"button\" href=\"/packet/{}\">Promotion packet</a></div></div>",
        text(&report.name),
        text(&report.handle),
        homes(report),
        text(&report.window.since),
        text(&report.window.until),
        encode(&report.handle)
    );
    verdict_card(&mut body, report, &verdict(report), &base, linker);
    archetype_form(&mut body, rubric, report, &base);
    dimensions(&mut body, rubric, report, &base);
    let rules = |title: &str, intro: &str, rules: &[report::RuleView], found: &str| {
        let mut out = format!(
            "<section class=\"card\"><h2>{}</h2><p class=\"muted\">{}</p><ul class=\"rules\">",
            text(title),
            text(intro)
        );
        for rule in rules {
            out.push_str(&rule_item(rule, &base.explain(&rule.id), found, linker));
        }
        out.push_str("</ul></section>");
        out
    };
    body.push_str("<div class=\"two\">");
    body.push_str(&rules(
        "Failure modes",
        "Patterns that keep someone in or aiming at a staff role from doing the staff job.",
        &report.failure_modes,
        "warn",
    ));
    body.push_str(&rules(
        "Signals of staff-level execution",
        "What good looks like, found in the data.",
        &report.signals,
        "met",
    ));
    body.push_str("</div>");
    archetypes(&mut body, report, &base);
    path(&mut body, report, linker);
    if !report.excluded.is_empty() {
        let _ = write!(
            body,
            "<details class=\"card\"><summary>{} left out of the numbers, with why</summary><ul class=\"evidence\">",
            counted(report.excluded.len(), "commit", "commits")
        );
        for excluded in &report.excluded {
            let _ = write!(
                body,
                "<li>{} {} <span class=\"muted\">{}</span></li>",
                evidence_link(&excluded.evidence, Some(&report.handle)),
                text(&excluded.evidence.summary),
                text(&excluded.reason)
            );
        }
        body.push_str("</ul></details>");
    }
    page(&report.name, Section::People, &body)
}

/// The verdict first: how many measured dimensions meet the target, the
/// failure modes that apply, the gaps and what is not measured, each linked.
fn verdict_card(
    body: &mut String,
    report: &PersonReport,
    verdict: &Verdict<'_>,
    base: &Base,
    linker: &Linker,
) {
    let _ = write!(
        body,
        "<section class=\"card verdict\" aria-labelledby=\"verdict\"><h2 id=\"verdict\">Meets {} on {} of {} measured dimensions · {} · {}</h2>",
        text(&report.target),
        verdict.met,
        verdict.measured,
        counted(verdict.signals.len(), "signal", "signals"),
        match verdict.failure_modes.len() {
            0 => "no failure mode applies".to_string(),
            n => counted(n, "failure mode applies", "failure modes apply"),
        }
    );
    if report.archetype.is_some() {
        let _ = write!(
            body,
            "<p class=\"muted\">Held to <strong>{}</strong>{}.</p>",
            text(&report.target),
            report
                .archetype
                .as_ref()
                .map(|a| format!(", with the {} archetype's thresholds", text(a)))
                .unwrap_or_default()
        );
    }
    if !verdict.failure_modes.is_empty() {
        body.push_str("<h3>Failure modes that apply</h3><ul class=\"rules\">");
        for rule in &verdict.failure_modes {
            body.push_str(&rule_item(rule, &base.explain(&rule.id), "warn", linker));
        }
        body.push_str("</ul>");
    }
    let list =
        |title: &str, dimensions: &[&DimensionView], what: &dyn Fn(&DimensionView) -> String| {
            if dimensions.is_empty() {
                return String::new();
            }
            let items: Vec<String> = dimensions
                .iter()
                .map(|d| {
                    format!(
                        "<a href=\"{}\">{}</a> <small class=\"muted\">{}</small>",
                        text(&base.explain(&d.id)),
                        text(&d.name),
                        text(&what(d))
                    )
                })
                .collect();
            format!(
                "<p><strong>{}:</strong> {}</p>",
                text(title),
                items.join(" · ")
            )
        };
    body.push_str(&list("Below the target", &verdict.gaps, &|d| {
        let asked = target_of(d, &report.target).unwrap_or_default();
        format!("{} (asks {asked})", status_value(&d.metric, &d.status))
    }));
    body.push_str(&list(
        "Not measured",
        &verdict.not_measured,
        &|d| match &d.status {
            Status::NotMeasured { source } => format!("needs {}", source.key()),
            _ => String::new(),
        },
    ));
    if !verdict.signals.is_empty() {
        let items: Vec<String> = verdict
            .signals
            .iter()
            .map(|s| {
                format!(
                    "<a href=\"{}\">{}</a>",
                    text(&base.explain(&s.id)),
                    text(&s.name)
                )
            })
            .collect();
        let _ = write!(
            body,
            "<p><strong>Signals:</strong> {}</p>",
            items.join(" · ")
        );
    }
    body.push_str("</section>");
}

/// What the target level asks of a dimension: "3 or more", "at most 60%".
fn target_of(dimension: &DimensionView, target: &str) -> Option<String> {
    let threshold = dimension.thresholds.iter().find(|t| t.level == target)?;
    let value = metric_value(&dimension.metric, threshold.value);
    Some(match dimension.better {
        Better::Higher => format!("≥ {value}"),
        Better::Lower => format!("≤ {value}"),
    })
}

fn archetype_form(body: &mut String, rubric: &Rubric, report: &PersonReport, base: &Base) {
    if rubric.archetypes.is_empty() {
        return;
    }
    let _ = write!(
        body,
        "<form class=\"inline\" method=\"get\" action=\"{}\"><label>Assess against <select name=\"archetype\"><option value=\"\">the rubric's plain thresholds</option>",
        text(&base.href)
    );
    for archetype in &rubric.archetypes {
        let _ = write!(
            body,
            "<option value=\"{}\"{}>the {} archetype</option>",
            text(&archetype.id),
            if report.archetype.as_deref() == Some(archetype.name.as_str()) {
                " selected"
            } else {
                ""
            },
            text(&archetype.name)
        );
    }
    body.push_str("</select></label> <button type=\"submit\">Show</button> <small class=\"muted\">An archetype changes the thresholds: see the “Target asks” column.</small></form>");
}

fn dimensions(body: &mut String, rubric: &Rubric, report: &PersonReport, base: &Base) {
    let first_level = rubric.levels.first().map_or("", String::as_str);
    let _ = write!(
        body,
        "<section class=\"card\"><h2>Dimensions</h2><p class=\"muted\">Rubric {}, target level <strong>{}</strong>. A name or value opens every piece of evidence behind it, and what the dimension measures.</p>{}<div class=\"scroll\"><table class=\"dimensions\"><thead><tr><th scope=\"col\">Dimension</th><th scope=\"col\" class=\"num\">Value</th><th scope=\"col\">Level</th><th scope=\"col\">Target asks</th><th scope=\"col\">By quarter</th><th scope=\"col\" class=\"num\">Evidence</th></tr></thead><tbody>",
        text(&report.rubric),
        text(&report.target),
        sources(&report.sources)
    );
    for dimension in &report.dimensions {
        let target = dimension
            .thresholds
            .iter()
            .find(|t| t.level == report.target)
            .map(|t| t.value);
        let evidence: usize = dimension.evidence.iter().map(|i| i.evidence.len()).sum();
        let explain = text(&base.explain(&dimension.id));
        // What an archetype changed, against the rubric's plain threshold.
        let plain = rubric
            .dimensions
            .iter()
            .find(|d| d.id == dimension.id)
            .and_then(|d| {
                d.thresholds
                    .iter()
                    .find(|(level, _)| *level == report.target)
            })
            .map(|(_, value)| *value);
        let asks = match (plain, target) {
            (Some(plain), Some(target)) if report.archetype.is_some() && plain != target => {
                format!(
                    "<td class=\"changed\"><strong>{}</strong> <small>(plain rubric: {})</small></td>",
                    text(&target_of(dimension, &report.target).unwrap_or_default()),
                    text(&metric_value(&dimension.metric, plain))
                )
            }
            _ => format!(
                "<td class=\"muted\">{}</td>",
                text(&target_of(dimension, &report.target).unwrap_or_else(|| "-".into()))
            ),
        };
        let _ = write!(
            body,
            "<tr><th scope=\"row\"><a href=\"{explain}\">{}</a>{}</th><td class=\"num value\"><a href=\"{explain}\">{}</a></td><td>{}</td>{asks}<td>{}</td><td class=\"num\">{}</td></tr>",
            text(&dimension.name),
            if dimension.proxy.is_some() {
                " <small class=\"badge none\" title=\"a proxy: the explanation says for what\">proxy</small>"
            } else {
                ""
            },
            text(&status_value(&dimension.metric, &dimension.status)),
            level_badge(&dimension.status, dimension.first_level(first_level)),
            if matches!(dimension.status, Status::NotMeasured { .. }) {
                String::new()
            } else {
                svg::sparkline(&dimension.trend, target)
            },
            if evidence == 0 && dimension.self_reported.is_empty() {
                "<span class=\"muted\">-</span>".to_string()
            } else {
                format!(
                    "<a href=\"{explain}\">{evidence}{}</a>",
                    if dimension.self_reported.is_empty() {
                        String::new()
                    } else {
                        format!(" + {} self-reported", dimension.self_reported.len())
                    }
                )
            }
        );
    }
    body.push_str("</tbody></table></div><p class=\"muted small\">By quarter: each quarter measured on its own (a count over a quarter is smaller than over the window), from the first quarter to the last, with the highest value on the scale; the dashed line is the target level's threshold; a hollow dot is a partial quarter.</p></section>");
}

fn archetypes(body: &mut String, report: &PersonReport, base: &Base) {
    if report.archetypes.is_empty() {
        return;
    }
    body.push_str("<section class=\"card\"><h2>Which staff role the evidence resembles</h2><div class=\"scroll\"><table><thead><tr><th scope=\"col\">Archetype</th><th scope=\"col\">Resemblance</th><th scope=\"col\">Strong</th><th scope=\"col\">Gaps</th></tr></thead><tbody>");
    for fit in &report.archetypes {
        let _ = write!(
            body,
            "<tr><th scope=\"row\"><a href=\"{}?archetype={}\">{}</a></th><td><svg class=\"meter\" width=\"80\" height=\"8\" aria-hidden=\"true\"><rect class=\"track\" width=\"80\" height=\"8\" rx=\"4\"/><rect class=\"fill\" width=\"{:.1}\" height=\"8\" rx=\"4\"/></svg> {:.0}% <small class=\"muted\">({:.0}% of its weight measured)</small></td><td>{}</td><td>{}</td></tr>",
            text(&base.href),
            encode(&fit.id),
            text(&fit.name),
            fit.fit * 80.0,
            fit.fit * 100.0,
            fit.measured_weight * 100.0,
            text(&fit.strong.join(", ")),
            text(&fit.gaps.join(", "))
        );
    }
    body.push_str("</tbody></table></div></section>");
}

fn path(body: &mut String, report: &PersonReport, linker: &Linker) {
    body.push_str("<section class=\"card\"><h2>The path</h2><ol class=\"path\">");
    for step in &report.path {
        let _ = write!(
            body,
            "<li><strong>{}</strong><p class=\"muted\">{}</p>",
            text(&step.title),
            linker.rich(&step.why, Some(&report.handle))
        );
        if !step.suggestions.is_empty() {
            body.push_str("<ul>");
            for suggestion in &step.suggestions {
                let _ = write!(
                    body,
                    "<li>{}</li>",
                    linker.rich(suggestion, Some(&report.handle))
                );
            }
            body.push_str("</ul>");
        }
        body.push_str("</li>");
    }
    let _ = write!(
        body,
        "</ol><p><a href=\"/patterns?person={}\">Recurring problems near this work, and which of them were fixed here already</a></p></section>",
        encode(&report.handle)
    );
}

/// `/person/<handle>/<what>`: every event behind one number.
pub fn explain(report: &PersonReport, explanation: &Explanation, linker: &Linker) -> String {
    let handle = report.handle.as_str();
    let mut body = format!(
        "<p class=\"crumbs\"><a href=\"/people\">People</a> › <a href=\"{0}\">{1}</a> ›</p><h1>{2}</h1><p class=\"lede\">{3} of <a href=\"{0}\">{1}</a> (@{4}) · window {5} to {6} (exclusive)</p><p class=\"conclusion\">{7}</p><section class=\"card\"><h2>How it is computed</h2><ul class=\"plain\">",
        text(&person_href(handle)),
        text(&report.name),
        text(&explanation.title),
        text(&explanation.kind.replace('-', " ")),
        text(handle),
        text(&explanation.window.since),
        text(&explanation.window.until),
        linker.rich(&explanation.conclusion, Some(handle))
    );
    // What a dimension measures, which the person page leaves out to keep
    // its table short.
    if let Some(dimension) = report.dimensions.iter().find(|d| d.id == explanation.id) {
        let _ = write!(
            body,
            "<li><strong>What it measures:</strong> {}{}</li>",
            text(&dimension.about),
            dimension
                .proxy
                .as_ref()
                .map(|p| format!(" <strong>A proxy:</strong> {}.", text(p)))
                .unwrap_or_default()
        );
    }
    for line in &explanation.how {
        let _ = write!(body, "<li>{}</li>", linker.rich(line, Some(handle)));
    }
    body.push_str("</ul></section>");
    for metric in &explanation.metrics {
        let value = match (metric.measured, metric.value) {
            (false, _) => "not measured".to_string(),
            (true, None) => "no data".to_string(),
            (true, Some(v)) => number(v),
        };
        let count: usize = metric.items.iter().map(|i| i.evidence.len()).sum();
        let _ = write!(
            body,
            "<section class=\"card\"><h2>Metric <code>{}</code> = {}</h2><p>{} <span class=\"muted\">(source: {}{})</span></p><p class=\"muted\">{}, every one listed{}.</p>",
            text(&metric.name),
            text(&value),
            text(&metric.description),
            text(&metric.source),
            metric
                .proxy
                .as_ref()
                .map(|p| format!("; proxy: {p}"))
                .map(|p| text(&p))
                .unwrap_or_default(),
            counted(count, "piece of evidence", "pieces of evidence"),
            if metric.items.len() > 1 {
                format!(
                    " under {} headings, each opened or closed by its count",
                    metric.items.len()
                )
            } else {
                String::new()
            }
        );
        for (index, item) in metric.items.iter().enumerate() {
            // The first heading open, and any short one: a reader sees
            // evidence at once, and long lists stay one click away.
            let _ = write!(
                body,
                "<details{}><summary><strong>{}</strong> <small class=\"muted\">{} · {}</small></summary><ul class=\"evidence\">",
                if index == 0 || item.evidence.len() <= 10 {
                    " open"
                } else {
                    ""
                },
                text(&item.label),
                linker.rich(&item.detail, Some(handle)),
                counted(item.evidence.len(), "piece", "pieces")
            );
            for e in &item.evidence {
                let _ = write!(
                    body,
                    "<li>{} <span class=\"date\">{}</span> {} <span class=\"muted\">{}</span></li>",
                    evidence_link(e, Some(handle)),
                    text(&model::date(e.time)),
                    text(&e.summary),
                    linker.rich(&e.detail, Some(handle))
                );
            }
            body.push_str("</ul></details>");
        }
        body.push_str("</section>");
    }
    if !explanation.self_reported.is_empty() {
        body.push_str("<section class=\"card\"><h2>Self-reported in the evidence log</h2><ul class=\"evidence\">");
        for e in &explanation.self_reported {
            let _ = write!(
                body,
                "<li>{} <span class=\"date\">{}</span> {}</li>",
                evidence_link(e, Some(handle)),
                text(&model::date(e.time)),
                text(&e.detail)
            );
        }
        body.push_str("</ul></section>");
    }
    page(&explanation.title, Section::People, &body)
}

/// `/packet/<handle>`: the promotion packet in the dashboard's frame, every
/// section opening its explanation and every piece of evidence its page.
/// `staffscope packet --format html` writes the self-contained file.
pub fn packet(packet: &Packet, linker: &Linker) -> String {
    let handle = packet.handle.as_str();
    let href = person_href(handle);
    let mut body = format!(
        "<p class=\"crumbs\"><a href=\"/people\">People</a> › <a href=\"{}\">{}</a> ›</p><h1>Promotion packet: {}, towards {}</h1><p class=\"conclusion verdict\">{}</p><p class=\"muted\">Rubric {}; window {} to {} (exclusive). Data used: {}. Not available: {}. Every section opens all of its evidence; for a file to share, <code>staffscope packet {} --format html</code>.</p>",
        text(&href),
        text(&packet.name),
        text(&packet.name),
        text(&packet.target),
        linker.rich(&packet.summary, Some(handle)),
        text(&packet.rubric),
        text(&packet.window.since),
        text(&packet.window.until),
        text(&packet.sources_used.join(", ")),
        text(&if packet.sources_missing.is_empty() {
            "none".to_string()
        } else {
            packet.sources_missing.join(", ")
        }),
        text(handle)
    );
    for (title, empty, sections) in packet.parts() {
        if title.starts_with("Failure") && !packet.not_measured.is_empty() {
            body.push_str("<section class=\"card\"><h2>Not measured</h2><ul>");
            for line in &packet.not_measured {
                let _ = write!(body, "<li>{}</li>", text(line));
            }
            body.push_str("</ul></section>");
        }
        let _ = write!(body, "<section class=\"card\"><h2>{}</h2>", text(title));
        if sections.is_empty() {
            let _ = write!(body, "<p>{}</p>", text(empty));
        }
        for section in sections {
            let _ = write!(
                body,
                "<h3><a href=\"{}/{}\">{}</a></h3><p>{}</p>",
                text(&href),
                encode(&section.about),
                text(&section.title),
                linker.rich(&section.text, Some(handle))
            );
            if !section.evidence.is_empty() {
                body.push_str("<ul class=\"evidence\">");
                for e in &section.evidence {
                    let _ = write!(
                        body,
                        "<li>{} <span class=\"date\">{}</span> {}</li>",
                        linker.rich(&e.id, Some(handle)),
                        text(&e.date),
                        text(&e.summary)
                    );
                }
                body.push_str("</ul>");
            }
        }
        body.push_str("</section>");
    }
    if !packet.archetypes.is_empty() {
        body.push_str(
            "<section class=\"card\"><h2>Which staff role the evidence resembles</h2><ul>",
        );
        for fit in &packet.archetypes {
            let _ = write!(body, "<li>{}</li>", text(&report::markdown::fit_line(fit)));
        }
        body.push_str("</ul></section>");
    }
    body.push_str("<section class=\"card\"><h2>Next steps</h2><ul>");
    for step in &packet.next_steps {
        let _ = write!(body, "<li>{}</li>", linker.rich(step, Some(handle)));
    }
    body.push_str("</ul></section>");
    page(
        &format!("Promotion packet: {}", packet.name),
        Section::People,
        &body,
    )
}
