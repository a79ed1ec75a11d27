//! The dashboard's pages, rendered server-side from the report view models.
//! Pure: a view in, an HTML string out. No measuring happens here; every
//! number comes from `report` and links to the evidence behind it.

use std::fmt::Write;

use super::html::{Section, encode, evidence_link, page, person_href, text};
use super::svg;
use analysis::assess::{Outcome, Status};
use report::Analysis;
use report::calibrate::Calibration;
use report::evidence::EvidenceView;
use report::explain::Explanation;
use report::markdown::{number, number_or_no_data, status_value};
use report::people::PeopleView;
use report::{OrgReport, PersonReport, SourceView};

fn sources(sources: &[SourceView]) -> String {
    let mut out = String::from("<ul class=\"sources\">");
    for source in sources {
        let _ = write!(
            out,
            "<li class=\"{}\" title=\"{}\">{} <span>{}</span></li>",
            if source.collected {
                "present"
            } else {
                "missing"
            },
            text(source.description),
            text(source.source.key()),
            if source.collected {
                "collected"
            } else {
                "missing"
            }
        );
    }
    out.push_str("</ul>");
    out
}

fn level_badge(status: &Status, first_level: &str) -> String {
    match status {
        Status::Measured {
            level: Some(level),
            meets_target,
            ..
        } => format!(
            "<span class=\"badge{}\">{}</span>",
            if *meets_target { " met" } else { "" },
            text(level)
        ),
        Status::Measured { level: None, .. } => format!(
            "<span class=\"badge below\">below {}</span>",
            text(first_level)
        ),
        Status::NoData => "<span class=\"badge none\">no data</span>".to_string(),
        Status::NoEvidence { .. } => "<span class=\"badge none\">no evidence</span>".to_string(),
        Status::NotMeasured { source } => format!(
            "<span class=\"badge none\">not measured: needs {}</span>",
            text(source.key())
        ),
        Status::NotExpected { from } => format!(
            "<span class=\"badge none\">expected from {}</span>",
            text(from)
        ),
    }
}

fn outcome_badge(outcome: &Outcome, found_class: &str) -> String {
    match outcome {
        Outcome::Found => format!("<span class=\"badge {found_class}\">applies</span>"),
        Outcome::Possible { missing } => format!(
            "<span class=\"badge possible\">possible; needs {}</span>",
            text(
                &missing
                    .iter()
                    .map(|s| s.key())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        ),
        Outcome::NotFound => "<span class=\"badge none\">not found</span>".to_string(),
        Outcome::NotMeasured { missing } => format!(
            "<span class=\"badge none\">not measured: needs {}</span>",
            text(
                &missing
                    .iter()
                    .map(|s| s.key())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        ),
    }
}

fn stat(out: &mut String, value: &str, label: &str) {
    let _ = write!(
        out,
        "<div class=\"stat\"><strong>{}</strong><span>{}</span></div>",
        text(value),
        text(label)
    );
}

/// Pairs of teams the org page's table lists; a large organization has
/// thousands, and the JSON report has them all.
const TABLE_PAIRS: usize = 100;

/// `/`: teams, the interaction map, levels per dimension per team, sources.
pub fn org(analysis: &Analysis, report: &OrgReport) -> String {
    let levels = &analysis.rubric.levels;
    let mut body = String::new();
    let _ = write!(
        body,
        "<h1>Organization</h1><p class=\"lede\">Window {} to {} (exclusive) · rubric {}</p><div class=\"stats\">",
        text(&report.window.since),
        text(&report.window.until),
        text(&report.rubric)
    );
    stat(&mut body, &report.people.to_string(), "active people");
    stat(&mut body, &report.teams.len().to_string(), "teams");
    stat(&mut body, &report.repositories.to_string(), "repositories");
    stat(
        &mut body,
        &report.commits.to_string(),
        "commits in the window",
    );
    stat(&mut body, &report.documents.total.to_string(), "documents");
    stat(
        &mut body,
        &report.bridges.len().to_string(),
        "people reaching 3+ teams",
    );
    body.push_str("</div>");
    let _ = write!(
        body,
        "<section class=\"card\"><h2>Data sources</h2><p class=\"muted\">Dimensions fed by a missing source say “not measured”, never zero.</p>{}",
        sources(&report.sources)
    );
    if !report.not_measured.is_empty() {
        let _ = write!(
            body,
            "<p>Not measured here: {}.</p>",
            text(
                &report
                    .not_measured
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        );
    }
    body.push_str("</section>");

    let teams: Vec<(String, usize)> = report
        .teams
        .iter()
        .map(|t| (t.name.clone(), t.active_people))
        .collect();
    let _ = write!(
        body,
        "<section class=\"card\"><h2>Who works across teams</h2><p class=\"muted\">Teams on a circle, sized by active people; a line per pair of teams that interacted (code changed in the other team's area, reviews either way, documents cited), thicker for more interactions. Hover a line for the people through whom.{}</p><div class=\"graph-row\">{}<div class=\"bridges\">",
        {
            let pairs: std::collections::BTreeSet<(&str, &str)> = report
                .interactions
                .iter()
                .map(|i| (i.from.as_str().min(&i.to), i.from.as_str().max(&i.to)))
                .collect();
            if pairs.len() > svg::GRAPH_EDGES {
                format!(
                    " The {} strongest of {} pairs are drawn.",
                    svg::GRAPH_EDGES,
                    pairs.len()
                )
            } else {
                String::new()
            }
        },
        svg::interaction_graph(&teams, &report.interactions)
    );
    body.push_str("<h3>Bridges</h3><p class=\"muted\">People who materially reached 3 or more teams other than their own.</p>");
    if report.bridges.is_empty() {
        body.push_str("<p>No one reached 3 or more other teams in this window.</p>");
    } else {
        body.push_str("<ul class=\"plain\">");
        for bridge in &report.bridges {
            let _ = write!(
                body,
                "<li><a href=\"{}\">{}</a> <span class=\"muted\">@{} · {}</span><br><small>reached {}</small></li>",
                text(&person_href(&bridge.handle)),
                text(&bridge.name),
                text(&bridge.handle),
                text(bridge.home.as_deref().unwrap_or("no home team")),
                text(&bridge.teams_reached.join(", "))
            );
        }
        body.push_str("</ul>");
    }
    if !report.unbridged_teams.is_empty() {
        let _ = write!(
            body,
            "<h3>Teams no one from outside reached</h3><p>{}</p>",
            text(&report.unbridged_teams.join(", "))
        );
    }
    body.push_str("</div></div>");
    let mut strongest: Vec<_> = report.interactions.iter().collect();
    strongest.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.from.cmp(&b.from)));
    let _ = write!(
        body,
        "<details><summary>Interactions between teams, as a table ({})</summary><table><thead><tr><th>From</th><th>To</th><th class=\"num\">Interactions</th><th>Through whom</th></tr></thead><tbody>",
        if strongest.len() > TABLE_PAIRS {
            format!(
                "the {TABLE_PAIRS} strongest of {} pairs; `staffscope org --format json` has all",
                strongest.len()
            )
        } else {
            format!("{} pairs", strongest.len())
        }
    );
    for interaction in strongest.iter().take(TABLE_PAIRS) {
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            text(&interaction.from),
            text(&interaction.to),
            interaction.count,
            if interaction.through.is_empty() {
                "<span class=\"muted\">no one person materially</span>".to_string()
            } else {
                text(&interaction.through.join(", "))
            }
        );
    }
    body.push_str("</tbody></table></details></section>");

    let _ = write!(
        body,
        "<section class=\"card\"><h2>Levels per dimension, per team</h2><p class=\"muted\">How many of each team's active people meet each level, dimension by dimension. An aggregate for the conversation about a team, not a ranking.</p>{}<div class=\"scroll\"><table class=\"levels-table\"><thead><tr><th>Team</th><th class=\"num\">People</th>",
        svg::level_legend(levels)
    );
    for report::DimensionName { name, .. } in &report.dimensions {
        let _ = write!(body, "<th>{}</th>", text(name));
    }
    body.push_str("</tr></thead><tbody>");
    for team in &report.teams {
        let _ = write!(
            body,
            "<tr><th scope=\"row\">{}{}</th><td class=\"num\">{}</td>",
            text(&team.name),
            if team.declared {
                ""
            } else {
                " <small class=\"muted\">(CODEOWNERS only)</small>"
            },
            team.active_people
        );
        for report::DimensionName { id, name } in &report.dimensions {
            let _ = write!(
                body,
                "<td>{}</td>",
                svg::level_bar(
                    team.levels.get(id),
                    levels,
                    &format!("{}, {name}", team.name)
                )
            );
        }
        body.push_str("</tr>");
    }
    body.push_str("</tbody></table></div></section>");
    if !report.repos_without_review_trailers.is_empty() {
        let _ = write!(
            body,
            "<section class=\"card\"><h2>Repositories without review records</h2><p>{}: their commits record no reviews in trailers, so review-based numbers there say “no data”.</p></section>",
            text(&report.repos_without_review_trailers.join(", "))
        );
    }
    page("Organization", Section::Org, &body)
}

/// `/people`: everyone active in the window.
pub fn people(view: &PeopleView) -> String {
    let mut body = format!(
        "<h1>People</h1><p class=\"lede\">{} people active in the window, in alphabetical order. Open someone for their assessment.</p><table class=\"people\"><thead><tr><th>Name</th><th>Handle</th><th>Team</th><th class=\"num\">Commits</th><th class=\"num\">Reviews given</th><th class=\"num\">Other teams reached</th></tr></thead><tbody>",
        view.people.len()
    );
    for row in &view.people {
        let _ = write!(
            body,
            "<tr><td><a href=\"{}\">{}</a></td><td class=\"muted\">@{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            text(&person_href(&row.handle)),
            text(&row.name),
            text(&row.handle),
            text(&row.teams.join(", ")),
            text(&number_or_no_data(row.commits)),
            text(&number_or_no_data(row.reviews_given)),
            text(&number_or_no_data(row.teams_reached))
        );
    }
    body.push_str("</tbody></table>");
    page("People", Section::People, &body)
}

/// `/person/<handle>`: the assessment as the CLI report has it.
pub fn person(analysis: &Analysis, report: &PersonReport) -> String {
    let first_level = analysis.rubric.levels.first().map_or("", String::as_str);
    let handle = report.handle.as_str();
    let base = person_href(handle);
    let archetype_query = report
        .archetype
        .as_ref()
        .and_then(|name| analysis.rubric.archetypes.iter().find(|a| &a.name == name))
        .map(|a| format!("?archetype={}", encode(&a.id)))
        .unwrap_or_default();
    let mut body = format!(
        "<p class=\"crumbs\"><a href=\"/people\">People</a> ›</p><div class=\"person-head\"><div><h1>{}</h1><p class=\"lede\">@{} · {} · window {} to {} (exclusive)</p></div><div class=\"actions\"><a class=\"button\" href=\"/packet/{}\">Promotion packet</a></div></div>",
        text(&report.name),
        text(handle),
        text(
            &report
                .homes
                .iter()
                .map(|h| if h.inferred {
                    format!("{} (inferred)", h.team)
                } else {
                    h.team.clone()
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
        text(&report.window.since),
        text(&report.window.until),
        encode(handle)
    );
    let _ = write!(
        body,
        "<form class=\"inline\" method=\"get\" action=\"{}\"><label>Assess against <select name=\"archetype\"><option value=\"\">the rubric's plain thresholds</option>",
        text(&base)
    );
    for archetype in &analysis.rubric.archetypes {
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
    let _ = write!(
        body,
        "</select></label> <button type=\"submit\">Show</button></form><p class=\"muted\">Rubric {}, target level <strong>{}</strong>. Click a value for every piece of evidence behind it.</p>{}",
        text(&report.rubric),
        text(&report.target),
        sources(&report.sources)
    );

    body.push_str("<section class=\"card\"><h2>Dimensions</h2><table class=\"dimensions\"><thead><tr><th>Dimension</th><th class=\"num\">Value</th><th>Level</th><th>By quarter</th><th class=\"num\">Evidence</th></tr></thead><tbody>");
    for dimension in &report.dimensions {
        let target = dimension
            .thresholds
            .iter()
            .find(|t| t.level == report.target)
            .map(|t| t.value);
        let evidence: usize = dimension.evidence.iter().map(|i| i.evidence.len()).sum();
        let explain = format!("{base}/{}{archetype_query}", encode(&dimension.id));
        let value = status_value(&dimension.metric, &dimension.status);
        let _ = write!(
            body,
            "<tr><td><a href=\"{}\">{}</a><br><small class=\"muted\">{}</small></td><td class=\"num value\"><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            text(&explain),
            text(&dimension.name),
            text(&match &dimension.proxy {
                Some(proxy) => format!("{} Proxy: {proxy}.", dimension.about),
                None => dimension.about.clone(),
            }),
            text(&explain),
            text(&value),
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
                    "<a href=\"{}\">{evidence}{}</a>",
                    text(&explain),
                    if dimension.self_reported.is_empty() {
                        String::new()
                    } else {
                        format!(" + {} self-reported", dimension.self_reported.len())
                    }
                )
            }
        );
    }
    body.push_str("</tbody></table><p class=\"muted small\">Quarter charts: each quarter measured on its own (a count over a quarter is smaller than over the window); the dashed line is the target level's threshold; a hollow dot is a partial quarter.</p></section>");

    let rules = |title: &str, intro: &str, rules: &[report::RuleView], found: &str| {
        let mut out = format!(
            "<section class=\"card\"><h2>{}</h2><p class=\"muted\">{}</p><ul class=\"rules\">",
            text(title),
            text(intro)
        );
        for rule in rules {
            let _ = write!(
                out,
                "<li><div><a href=\"{}\">{}</a> {}</div><small>{}</small>{}</li>",
                text(&format!("{base}/{}{archetype_query}", encode(&rule.id))),
                text(&rule.name),
                outcome_badge(&rule.outcome, found),
                text(&report::markdown::conditions_text(rule)),
                match (&rule.outcome, &rule.clear) {
                    (Outcome::Found, Some(clear)) => format!(
                        "<small class=\"clear\">What would clear it: {}</small>",
                        text(clear)
                    ),
                    _ => String::new(),
                }
            );
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

    if !report.archetypes.is_empty() {
        body.push_str("<section class=\"card\"><h2>Which staff role the evidence resembles</h2><table><thead><tr><th>Archetype</th><th>Resemblance</th><th>Strong</th><th>Gaps</th></tr></thead><tbody>");
        for fit in &report.archetypes {
            let _ = write!(
                body,
                "<tr><td><a href=\"{}?archetype={}\">{}</a></td><td><svg class=\"meter\" width=\"80\" height=\"8\"><rect class=\"track\" width=\"80\" height=\"8\" rx=\"4\"/><rect class=\"fill\" width=\"{:.1}\" height=\"8\" rx=\"4\"/></svg> {:.0}% <small class=\"muted\">({:.0}% of its weight measured)</small></td><td>{}</td><td>{}</td></tr>",
                text(&base),
                encode(&fit.id),
                text(&fit.name),
                fit.fit * 80.0,
                fit.fit * 100.0,
                fit.measured_weight * 100.0,
                text(&fit.strong.join(", ")),
                text(&fit.gaps.join(", "))
            );
        }
        body.push_str("</tbody></table></section>");
    }

    body.push_str("<section class=\"card\"><h2>The path</h2><ol class=\"path\">");
    for step in &report.path {
        let _ = write!(
            body,
            "<li><strong>{}</strong><p class=\"muted\">{}</p>",
            text(&step.title),
            text(&step.why)
        );
        if !step.suggestions.is_empty() {
            body.push_str("<ul>");
            for suggestion in &step.suggestions {
                let _ = write!(body, "<li>{}</li>", text(suggestion));
            }
            body.push_str("</ul>");
        }
        body.push_str("</li>");
    }
    let _ = write!(
        body,
        "</ol><p><a href=\"/patterns?person={}\">Recurring problems near this work, and which of them were fixed here already</a></p></section>",
        encode(handle)
    );

    if !report.excluded.is_empty() {
        let _ = write!(
            body,
            "<details class=\"card\"><summary>{} commits left out of the numbers, with why</summary><ul class=\"evidence\">",
            report.excluded.len()
        );
        for excluded in &report.excluded {
            let _ = write!(
                body,
                "<li>{} {} <span class=\"muted\">{}</span></li>",
                evidence_link(&excluded.evidence, Some(handle)),
                text(&excluded.evidence.summary),
                text(&excluded.reason)
            );
        }
        body.push_str("</ul></details>");
    }
    page(&report.name, Section::People, &body)
}

/// `/person/<handle>/<what>`: every event behind one number.
pub fn explain(report: &PersonReport, explanation: &Explanation) -> String {
    let handle = report.handle.as_str();
    let mut body = format!(
        "<p class=\"crumbs\"><a href=\"/people\">People</a> › <a href=\"{}\">{}</a> ›</p><h1>{}</h1><p class=\"lede\">{} of {} (@{}) · window {} to {} (exclusive)</p><p class=\"conclusion\">{}</p><section class=\"card\"><h2>How it is computed</h2><ul class=\"plain\">",
        text(&person_href(handle)),
        text(&report.name),
        text(&explanation.title),
        text(&explanation.kind.replace('-', " ")),
        text(&report.name),
        text(handle),
        text(&explanation.window.since),
        text(&explanation.window.until),
        text(&explanation.conclusion)
    );
    for line in &explanation.how {
        let _ = write!(body, "<li>{}</li>", text(line));
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
            "<section class=\"card\"><h2>Metric <code>{}</code> = {}</h2><p>{} <span class=\"muted\">(source: {}{})</span></p><p class=\"muted\">{count} {} of evidence, every one listed.</p>",
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
            if count == 1 { "piece" } else { "pieces" }
        );
        for item in &metric.items {
            let _ = write!(
                body,
                "<h3>{}{}</h3><ul class=\"evidence\">",
                text(&item.label),
                if item.detail.is_empty() {
                    String::new()
                } else {
                    format!(" <small class=\"muted\">{}</small>", text(&item.detail))
                }
            );
            for e in &item.evidence {
                let _ = write!(
                    body,
                    "<li>{} <span class=\"date\">{}</span> {} <span class=\"muted\">{}</span></li>",
                    evidence_link(e, Some(handle)),
                    text(&model::date(e.time)),
                    text(&e.summary),
                    text(&e.detail)
                );
            }
            body.push_str("</ul>");
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

/// `/evidence/<repo>/<reference>`: one piece of evidence.
pub fn evidence(view: &EvidenceView, person: Option<&PersonReport>) -> String {
    let mut body = String::from("<p class=\"crumbs\">");
    if let Some(report) = person {
        let _ = write!(
            body,
            "<a href=\"/people\">People</a> › <a href=\"{}\">{}</a> ›",
            text(&person_href(&report.handle)),
            text(&report.name)
        );
    }
    let _ = write!(
        body,
        "</p><p class=\"kind\"><span>{}</span> · <code>{}</code></p><h1 class=\"evidence-title\">{}</h1><p class=\"lede\">{}</p><section class=\"card\"><dl class=\"facts\">",
        text(view.kind),
        text(&view.id),
        text(&view.title),
        text(&view.date)
    );
    for (label, value) in &view.facts {
        let _ = write!(body, "<dt>{}</dt><dd>{}</dd>", text(label), text(value));
    }
    body.push_str("</dl></section>");
    if let Some(report) = person {
        let _ = write!(
            body,
            "<section class=\"card\"><h2>Behind these numbers of {}</h2>",
            text(&report.name)
        );
        if view.cited_by.is_empty() {
            body.push_str("<p class=\"muted\">No number of this person cites it.</p>");
        } else {
            body.push_str("<ul class=\"plain\">");
            for cited in &view.cited_by {
                let _ = write!(
                    body,
                    "<li><a href=\"{}/{}\">{}</a>: {} <span class=\"muted\">{}</span></li>",
                    text(&person_href(&report.handle)),
                    encode(&cited.id),
                    text(&cited.name),
                    text(&cited.item),
                    text(&cited.detail)
                );
            }
            body.push_str("</ul>");
        }
        body.push_str("</section>");
    }
    if !view.files.is_empty() {
        let _ = write!(
            body,
            "<section class=\"card\"><h2>Files changed</h2><table><thead><tr><th>File</th><th>Owning team</th><th class=\"num\">Added</th><th class=\"num\">Removed</th></tr></thead><tbody>"
        );
        for file in &view.files {
            let _ = write!(
                body,
                "<tr><td><code>{}</code></td><td>{}</td><td class=\"num add\">{}</td><td class=\"num del\">{}</td></tr>",
                text(&file.path),
                text(file.team.as_deref().unwrap_or("no owner")),
                if file.binary {
                    "binary".to_string()
                } else {
                    format!("+{}", file.added)
                },
                if file.binary {
                    String::new()
                } else {
                    format!("-{}", file.removed)
                }
            );
        }
        body.push_str("</tbody></table></section>");
    }
    if !view.related.is_empty() {
        body.push_str("<section class=\"card\"><h2>Linked evidence</h2><ul class=\"evidence\">");
        for (id, date, summary) in &view.related {
            let _ = write!(
                body,
                "<li><code>{}</code> <span class=\"date\">{}</span> {}</li>",
                text(id),
                text(date),
                text(summary)
            );
        }
        body.push_str("</ul></section>");
    }
    page(&view.title, Section::None, &body)
}

/// `/calibrate`: people side by side against the rubric.
pub fn calibrate(view: &Calibration, teams: &[String], team: Option<&str>) -> String {
    let mut body = String::from(
        "<h1>Calibration</h1><p class=\"lede\">People side by side against the rubric, in alphabetical order. There is no total score and no ranking: compare each dimension against the rubric, not people against each other.</p><form class=\"inline\" method=\"get\" action=\"/calibrate\"><label>Team <select name=\"team\"><option value=\"\">everyone active</option>",
    );
    for name in teams {
        let _ = write!(
            body,
            "<option value=\"{0}\"{1}>{0}</option>",
            text(name),
            if Some(name.as_str()) == team {
                " selected"
            } else {
                ""
            }
        );
    }
    let _ = write!(
        body,
        "</select></label> <label><input type=\"checkbox\" name=\"anonymize\" value=\"1\"{}> Replace names with stable pseudonyms</label> <button type=\"submit\">Show</button></form>",
        if view.anonymized { " checked" } else { "" }
    );
    let _ = write!(
        body,
        "<p class=\"muted\">{} people · window {} to {} (exclusive) · target level <strong>{}</strong>{}</p>",
        view.rows.len(),
        text(&view.window.since),
        text(&view.window.until),
        text(&view.target),
        if view.not_measured.is_empty() {
            String::new()
        } else {
            text(&format!(
                " · not measured here: {}",
                view.not_measured
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }
    );
    if !view.without_information.is_empty() {
        let _ = write!(
            body,
            "<p class=\"muted\">{}</p>",
            text(&format!(
                "Left out, as no one here shows data or evidence for them: {}",
                view.without_information.join(", ")
            ))
        );
    }
    if !view.other_rubrics.is_empty() {
        let groups: Vec<String> = view
            .other_rubrics
            .iter()
            .map(|(family, n)| format!("{n} on the {family} rubric"))
            .collect();
        let _ = write!(
            body,
            "<p class=\"muted\">{}</p>",
            text(&format!(
                "Not in this table, as their job family has its own rubric: {} (staffscope calibrate --job-family).",
                groups.join(", ")
            ))
        );
    }
    body.push_str(
        "<div class=\"scroll\"><table class=\"calibrate\"><thead><tr><th>Person</th><th>Team</th>",
    );
    for column in &view.dimensions {
        let _ = write!(body, "<th>{}</th>", text(&column.name));
    }
    body.push_str("<th>Failure modes</th><th>Signals</th></tr></thead><tbody>");
    for row in &view.rows {
        let _ = write!(
            body,
            "<tr><th scope=\"row\">{}</th><td>{}</td>",
            text(&row.who),
            text(row.team.as_deref().unwrap_or("-"))
        );
        for (cell, column) in row.cells.iter().zip(&view.dimensions) {
            let _ = write!(
                body,
                "<td>{} <small class=\"muted\" title=\"{} pieces of evidence\">{}</small></td>",
                match &cell.status {
                    // Narrow columns: the level's full name is in the tooltip.
                    Status::Measured { level: None, .. } => format!(
                        "<span class=\"badge below\" title=\"below {}\">below</span>",
                        text(&column.first_level)
                    ),
                    status => level_badge(status, &column.first_level),
                },
                cell.evidence,
                text(&status_value(&column.metric, &cell.status))
            );
        }
        let _ = write!(
            body,
            "<td>{}</td><td>{}</td></tr>",
            text(&row.failure_modes.join(", ")),
            text(&row.signals.join(", "))
        );
    }
    body.push_str("</tbody></table></div>");
    page("Calibration", Section::Calibrate, &body)
}

/// A page for an error: not found, or a token needed.
pub fn message(title: &str, message: &str) -> String {
    page(
        title,
        Section::None,
        &format!(
            "<h1>{}</h1><section class=\"card\"><p class=\"pre\">{}</p><p><a href=\"/\">Back to the organization</a></p></section>",
            text(title),
            text(message)
        ),
    )
}
