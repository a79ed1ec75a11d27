//! Markdown rendering of the report views.

use std::fmt::Write;

use super::{DimensionName, DimensionView, OrgReport, PersonReport, RuleView};
use analysis::assess::{ArchetypeFit, Outcome, Status};
use analysis::measure::names;

/// How many evidence ids a Markdown report prints per line item; JSON has all.
const EVIDENCE_SHOWN: usize = 5;
/// How many line items a Markdown report prints per dimension.
const ITEMS_SHOWN: usize = 8;

/// Text from repositories must not break the Markdown around it.
pub(crate) fn clean(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Which sources fed the report and which did not.
fn sources_line(sources: &[super::SourceView]) -> String {
    let keys = |collected: bool| -> Vec<&str> {
        sources
            .iter()
            .filter(|s| s.collected == collected)
            .map(|s| s.source.key())
            .collect()
    };
    let missing = keys(false);
    format!(
        "- Data sources: {}; not collected: {}",
        keys(true).join(", "),
        if missing.is_empty() {
            "none".to_string()
        } else {
            missing.join(", ")
        }
    )
}

pub fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e12 {
        format!("{}", value as i64)
    } else {
        format!("{value:.2}")
    }
}

/// A value that may be missing, as reports print it: "no data", never a zero.
pub fn number_or_no_data(value: Option<f64>) -> String {
    value.map_or_else(|| "no data".to_string(), number)
}

fn value_text(dimension: &DimensionView) -> String {
    status_value(&dimension.metric, &dimension.status)
}

/// A value of `metric` as reports print it: shares as percentages.
pub fn metric_value(metric: &str, value: f64) -> String {
    if metric.ends_with("_share") || metric.ends_with("_concentration") {
        format!("{:.0}%", value * 100.0)
    } else {
        number(value)
    }
}

/// A dimension's value as reports print it: shares as percentages, "no data", "not measured".
pub fn status_value(metric: &str, status: &Status) -> String {
    match status {
        Status::Measured { value, .. } => metric_value(metric, *value),
        Status::NoEvidence { .. } => metric_value(metric, 0.0),
        Status::NoData => "no data".into(),
        Status::NotMeasured { .. } => "not measured".into(),
        Status::NotExpected { .. } => "not expected".into(),
    }
}

fn level_text(status: &Status, first_level: &str) -> String {
    match status {
        Status::Measured {
            level: Some(level),
            meets_target: true,
            ..
        } => format!("**{level}**"),
        Status::Measured {
            level: Some(level), ..
        } => level.clone(),
        Status::Measured { level: None, .. } => format!("below {first_level}"),
        Status::NoEvidence { .. } => "no evidence".into(),
        Status::NoData => "-".into(),
        Status::NotMeasured { source } => format!("needs {}", source.key()),
        Status::NotExpected { from } => format!("expected from {from}"),
    }
}

/// A rule's comparison as a reader writes it: `≥`, `≤`, "below" and
/// "above" rather than `>=` (which Markdown would need escaped and a
/// packet would then print as `&gt;=`).
fn readable_condition(condition: &str) -> String {
    condition
        .replace(">=", "≥")
        .replace("<=", "≤")
        .replace(" > ", " above ")
        .replace(" < ", " below ")
}

pub fn conditions_text(rule: &RuleView) -> String {
    rule.conditions
        .iter()
        .map(|c| {
            let condition = readable_condition(&c.condition);
            match (c.value, c.holds) {
                (Some(value), _) => format!("{condition} (is {})", number(value)),
                (None, Some(_)) => format!("{condition} (no data)"),
                (None, None) => format!("{condition} (not measured)"),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn person(report: &PersonReport, first_level: &str) -> String {
    let mut out = String::new();
    let homes: Vec<String> = report
        .homes
        .iter()
        .map(|home| {
            if home.inferred {
                format!("{} (inferred from the code they change)", home.team)
            } else {
                home.team.clone()
            }
        })
        .collect();
    let _ = writeln!(
        out,
        "# {} (@{})\n",
        clean(&report.name),
        clean(&report.handle)
    );
    let _ = writeln!(
        out,
        "- Home team: {}",
        if homes.is_empty() {
            "unknown".to_string()
        } else {
            homes.join(", then ")
        }
    );
    let _ = writeln!(
        out,
        "- Window: {} to {} (exclusive)",
        report.window.since, report.window.until
    );
    let _ = writeln!(
        out,
        "- Rubric: {}, target level {} (from {})",
        clean(&report.rubric),
        report.target,
        report.facts.target_from
    );
    let facts: Vec<String> = [
        ("level", &report.facts.level),
        ("job family", &report.facts.job_family),
        ("manager", &report.facts.manager),
    ]
    .into_iter()
    .filter_map(|(what, value)| value.as_deref().map(|v| format!("{what} {}", clean(v))))
    .collect();
    if !facts.is_empty() {
        let _ = writeln!(out, "- From the team map: {}", facts.join(", "));
    }
    let _ = writeln!(out, "{}", sources_line(&report.sources));
    let mut feeds: Vec<(&str, Vec<&str>)> = Vec::new();
    for dimension in &report.dimensions {
        if let Status::NotMeasured { source } = &dimension.status {
            match feeds.iter_mut().find(|(key, _)| *key == source.key()) {
                Some((_, names)) => names.push(&dimension.name),
                None => feeds.push((source.key(), vec![&dimension.name])),
            }
        }
    }
    if !feeds.is_empty() {
        let _ = writeln!(
            out,
            "- Not measured for want of a source: {}",
            feeds
                .iter()
                .map(|(source, names)| format!("{} ({source})", names.join(", ")))
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    let _ = writeln!(
        out,
        "\nThis report is for growth and calibration conversations, not for ranking people. Every number links to the events behind it; `staffscope report --format json` lists all of them.\n"
    );

    if let Some(archetype) = &report.archetype {
        let _ = writeln!(
            out,
            "Assessed as the **{archetype}** archetype: its thresholds replace the rubric's own where it sets them.\n"
        );
    }
    let quarters: Vec<String> = report
        .dimensions
        .iter()
        .find(|d| !d.trend.is_empty())
        .map(|d| {
            d.trend
                .iter()
                .map(|p| format!("{}{}", p.quarter, if p.partial { "*" } else { "" }))
                .collect()
        })
        .unwrap_or_default();
    let _ = writeln!(out, "## Dimensions\n");
    if quarters.is_empty() {
        let _ = writeln!(out, "| Dimension | Value | Level | Evidence |");
        let _ = writeln!(out, "|---|---|---|---|");
    } else {
        let _ = writeln!(
            out,
            "| Dimension | Value | Level | Evidence | By quarter ({}) |",
            quarters.join(", ")
        );
        let _ = writeln!(out, "|---|---|---|---|---|");
    }
    for dimension in &report.dimensions {
        let evidence: usize = dimension.evidence.iter().map(|i| i.evidence.len()).sum();
        let _ = write!(
            out,
            "| {} | {} | {} | {} |",
            dimension.name,
            value_text(dimension),
            level_text(&dimension.status, dimension.first_level(first_level)),
            match dimension.status {
                Status::NotMeasured { .. } => "-".to_string(),
                _ => evidence.to_string(),
            }
        );
        if !quarters.is_empty() {
            let trend: Vec<String> = dimension
                .trend
                .iter()
                .map(|p| {
                    p.value
                        .map_or_else(|| "-".to_string(), |v| metric_value(&dimension.metric, v))
                })
                .collect();
            let _ = write!(
                out,
                " {} |",
                if trend.is_empty() {
                    "-".to_string()
                } else {
                    trend.join(" · ")
                }
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "\nLevels in bold meet the target level ({}).{}\n",
        report.target,
        if quarters.is_empty() {
            ""
        } else {
            " By quarter: each quarter measured on its own (counts over a quarter are smaller than over the window; * marks a quarter the window cuts; - is no data)."
        }
    );

    if let Some(line) = scope_levels(report) {
        let _ = writeln!(out, "{line}\n");
    }

    for dimension in &report.dimensions {
        let _ = writeln!(out, "### {}: {}\n", dimension.name, value_text(dimension));
        let _ = writeln!(out, "{}\n", dimension.about);
        match &dimension.status {
            Status::NotMeasured { source } => {
                let _ = writeln!(
                    out,
                    "Not measured: this needs {} ({}), which this store does not have.\n",
                    source.key(),
                    source.description()
                );
                continue;
            }
            Status::NoData => {
                // The measures say why where they know it.
                let reason = dimension
                    .evidence
                    .iter()
                    .find(|item| item.label == "no data")
                    .map(|item| item.detail.clone())
                    .unwrap_or_else(|| {
                        format!(
                            "nothing in the window to compute `{}` from",
                            dimension.metric
                        )
                    });
                let _ = writeln!(out, "No data: {reason}.\n");
                continue;
            }
            Status::NotExpected { from } => {
                let _ = writeln!(
                    out,
                    "Not expected at this target level: the rubric expects it from {from} up.\n"
                );
                continue;
            }
            Status::Measured { .. } | Status::NoEvidence { .. } => {}
        }
        if dimension.decided_by != dimension.metric {
            let _ = writeln!(
                out,
                "Reads {}; `{}` decided the level.\n",
                clean(&dimension.metric),
                clean(&dimension.decided_by)
            );
        }
        if let Some(note) = &dimension.note {
            let _ = writeln!(out, "Note: {note}\n");
        }
        if let Some(proxy) = &dimension.proxy {
            let _ = writeln!(out, "Proxy: {proxy}.\n");
        }
        for item in dimension.evidence.iter().take(ITEMS_SHOWN) {
            let _ = write!(out, "- {}", clean(&item.label));
            if !item.detail.is_empty() {
                let _ = write!(out, ": {}", clean(&item.detail));
            }
            let _ = writeln!(out);
            for evidence in item.evidence.iter().take(EVIDENCE_SHOWN) {
                let _ = writeln!(
                    out,
                    "  - `{}` {} {}: {}",
                    evidence.id(),
                    super::date(evidence.time),
                    clean(&evidence.summary),
                    clean(&evidence.detail)
                );
            }
            if item.evidence.len() > EVIDENCE_SHOWN {
                let _ = writeln!(out, "  - and {} more", item.evidence.len() - EVIDENCE_SHOWN);
            }
        }
        if dimension.evidence.len() > ITEMS_SHOWN {
            let _ = writeln!(out, "- and {} more", dimension.evidence.len() - ITEMS_SHOWN);
        }
        if !dimension.self_reported.is_empty()
            && dimension.metric != names::TRUSTED_JUDGMENT_ENTRIES
        {
            let _ = writeln!(
                out,
                "- Self-reported in the evidence log (shown, not counted):"
            );
            for evidence in &dimension.self_reported {
                let _ = writeln!(
                    out,
                    "  - `{}` {}: {}",
                    evidence.id(),
                    super::date(evidence.time),
                    clean(&evidence.detail)
                );
            }
        }
        let _ = writeln!(out);
    }

    let _ = writeln!(out, "## Failure modes\n");
    for rule in &report.failure_modes {
        let line = match &rule.outcome {
            Outcome::Found => format!("**Applies.** {}", rule.about),
            Outcome::Possible { missing } => format!(
                "**Possible**: every measured condition holds; {} would settle it. {}",
                missing
                    .iter()
                    .map(|s| s.key())
                    .collect::<Vec<_>>()
                    .join(", "),
                rule.about
            ),
            Outcome::NotFound => "Does not apply.".to_string(),
            Outcome::NotMeasured { missing } => format!(
                "Not measured (needs {}).",
                missing
                    .iter()
                    .map(|s| s.key())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let _ = writeln!(out, "- {}: {}", rule.name, line);
        if matches!(rule.outcome, Outcome::Found | Outcome::Possible { .. }) {
            let _ = writeln!(out, "  - Triggered by: {}", conditions_text(rule));
            if let Some(clear) = &rule.clear {
                let _ = writeln!(out, "  - What would clear it: {clear}");
            }
        }
    }

    let _ = writeln!(out, "\n## Signals of staff-level execution\n");
    let found: Vec<&RuleView> = report
        .signals
        .iter()
        .filter(|s| s.outcome == Outcome::Found)
        .collect();
    if found.is_empty() {
        let _ = writeln!(out, "- None found in this data.");
    }
    for signal in &found {
        let _ = writeln!(out, "- **{}**: {}", signal.name, conditions_text(signal));
        if let Some(dimension) = report.dimensions.iter().find(|d| {
            signal
                .conditions
                .iter()
                .any(|c| c.condition.starts_with(&format!("{} ", d.metric)))
        }) {
            let ids: Vec<String> = dimension
                .evidence
                .iter()
                .flat_map(|item| item.evidence.iter().take(2))
                .take(6)
                .map(|e| format!("`{}`", e.id()))
                .collect();
            if !ids.is_empty() {
                let _ = writeln!(
                    out,
                    "  - Evidence: {} (see {})",
                    ids.join(", "),
                    dimension.name
                );
            }
        }
    }
    for signal in report.signals.iter().filter(|s| {
        matches!(
            s.outcome,
            Outcome::NotMeasured { .. } | Outcome::Possible { .. }
        )
    }) {
        let missing = match &signal.outcome {
            Outcome::NotMeasured { missing } | Outcome::Possible { missing } => missing
                .iter()
                .map(|s| s.key())
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        };
        let _ = writeln!(out, "- {}: not measured (needs {missing})", signal.name);
    }

    if !report.archetypes.is_empty() {
        let _ = writeln!(out, "\n## Which staff role the evidence resembles\n");
        let _ = writeln!(
            out,
            "Staff roles leave different evidence. For each archetype of the rubric: how much of its target the evidence attains, weighted by what is characteristic of the role. This describes the evidence, not the person's worth; choose one with `--archetype` to be assessed against it.\n"
        );
        for fit in &report.archetypes {
            let _ = writeln!(out, "- {}", fit_line(fit));
        }
    }

    let _ = writeln!(out, "\n## The path: next steps\n");
    for (index, step) in report.path.iter().enumerate() {
        let _ = writeln!(out, "{}. **{}**. {}", index + 1, step.title, step.why);
        for suggestion in &step.suggestions {
            let _ = writeln!(out, "   - {}", clean(suggestion));
        }
    }

    if !report.excluded.is_empty() {
        let _ = writeln!(out, "\n## Left out of the measures\n");
        for excluded in report.excluded.iter().take(10) {
            let _ = writeln!(
                out,
                "- `{}` {}: {} ({})",
                excluded.evidence.id(),
                super::date(excluded.evidence.time),
                clean(&excluded.evidence.summary),
                excluded.reason
            );
        }
        if report.excluded.len() > 10 {
            let _ = writeln!(out, "- and {} more", report.excluded.len() - 10);
        }
    }
    out
}

pub fn org(report: &OrgReport, levels: &[String]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Organization\n");
    let _ = writeln!(
        out,
        "- Window: {} to {} (exclusive)",
        report.window.since, report.window.until
    );
    let _ = writeln!(
        out,
        "- {} repositories, {} commits in the window, {} people active",
        report.repositories, report.commits, report.people
    );
    if !report.excluded_commits.is_empty() {
        let parts: Vec<String> = report
            .excluded_commits
            .iter()
            .map(|(why, n)| format!("{n} {why}"))
            .collect();
        let _ = writeln!(out, "- Left out of people's measures: {}", parts.join(", "));
    }
    let _ = writeln!(out, "{}", sources_line(&report.sources));
    let _ = writeln!(out, "- Rubric: {}", clean(&report.rubric));
    if report.documents.total > 0 {
        let kinds: Vec<String> = report
            .documents
            .by_kind
            .iter()
            .map(|(k, n)| format!("{k}: {n}"))
            .collect();
        let _ = writeln!(
            out,
            "- Documents: {} ({}), by {} authors ({} inferred from history); {} cited by {} commits",
            report.documents.total,
            kinds.join(", "),
            report.documents.authors,
            report.documents.inferred_authors,
            report.documents.cited_documents,
            report.documents.citations
        );
    }
    if !report.repos_without_review_trailers.is_empty() {
        let _ = writeln!(
            out,
            "- Reviews are recorded in the history (trailers, merges by people) for almost none of the changes in: {}; people who work only there get \"no data\" for reviews, not zero; a code-review export would measure them",
            report
                .repos_without_review_trailers
                .iter()
                .map(|r| clean(r))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\nAggregates for calibration and planning; this view does not rank people.\n"
    );

    let _ = writeln!(out, "## Teams\n");
    if let Some(proxy) = &report.teams_proxy {
        let _ = writeln!(out, "{}\n", clean(proxy));
    }
    if report.teams.is_empty() {
        let _ = writeln!(
            out,
            "No teams are known: no team map names a team (CODEOWNERS teams, OWNERS `team/` or `sig/` labels or `<team>-approvers` aliases, MAINTAINERS sections) and no teams file is configured. Scope, relationships and review reach across teams need one (see `teams_file` in staffscope.toml).\n"
        );
    }
    let _ = writeln!(out, "| Team | Declared members | Active people | Commits |");
    let _ = writeln!(out, "|---|---|---|---|");
    for team in &report.teams {
        let declared = if team.declared {
            team.declared_members.to_string()
        } else {
            "not in teams file".into()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            clean(&team.name),
            declared,
            team.active_people,
            team.commits
        );
    }

    let mut buckets: Vec<String> = vec![format!(
        "below {}",
        levels.first().cloned().unwrap_or_default()
    )];
    buckets.extend(levels.iter().cloned());
    let graded = buckets.len();
    buckets.push("no evidence".into());
    buckets.push("no data".into());
    // A column where nobody is graded (everyone "no evidence" or "no
    // data") says nothing: it is named below the table instead.
    let active = || report.teams.iter().filter(|t| t.active_people > 0);
    let (shown, silent): (Vec<&DimensionName>, Vec<&DimensionName>) =
        report.dimensions.iter().partition(|d| {
            active().any(|team| {
                team.levels.get(&d.id).is_some_and(|counts| {
                    buckets[..graded]
                        .iter()
                        .any(|b| counts.get(b).copied().unwrap_or(0) > 0)
                })
            })
        });
    let _ = writeln!(out, "\n## Levels met, per team and dimension\n");
    let _ = writeln!(out, "People per level ({}).\n", buckets.join(" / "));
    let names: Vec<&str> = shown.iter().map(|d| d.name.as_str()).collect();
    let _ = writeln!(out, "| Team | {} |", names.join(" | "));
    let _ = writeln!(out, "|---|{}", "---|".repeat(names.len()));
    for team in active() {
        let cells: Vec<String> = shown
            .iter()
            .map(|DimensionName { id, .. }| {
                let counts = team.levels.get(id);
                buckets
                    .iter()
                    .map(|bucket| {
                        counts
                            .and_then(|c| c.get(bucket))
                            .copied()
                            .unwrap_or(0)
                            .to_string()
                    })
                    .collect::<Vec<_>>()
                    .join(" / ")
            })
            .collect();
        let _ = writeln!(out, "| {} | {} |", clean(&team.name), cells.join(" | "));
    }
    if !silent.is_empty() {
        let names: Vec<&str> = silent.iter().map(|d| d.name.as_str()).collect();
        let _ = writeln!(
            out,
            "\nLeft out, as nobody here is graded on them (everyone shows no evidence or no data): {}.",
            names.join(", ")
        );
    }
    if !report.not_measured.is_empty() {
        let parts: Vec<String> = report
            .not_measured
            .iter()
            .map(ToString::to_string)
            .collect();
        let _ = writeln!(out, "\nNot measured: {}.", parts.join(", "));
    }

    let _ = writeln!(out, "\n## Cross-team interactions\n");
    let _ = writeln!(
        out,
        "Code changed in another team's area, reviews of its authors, and changes co-authored, counted from the acting team to the team reached.\n"
    );
    if report.interactions.is_empty() {
        let _ = writeln!(out, "- None in the window.");
    } else {
        // The matrix: rows act, columns are reached.
        let mut teams: Vec<&str> = Vec::new();
        for interaction in &report.interactions {
            for team in [&interaction.from, &interaction.to] {
                if !teams.contains(&team.as_str()) {
                    teams.push(team);
                }
            }
        }
        let _ = writeln!(
            out,
            "| from \\ to | {} |",
            teams
                .iter()
                .map(|t| clean(t))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        let _ = writeln!(out, "|---|{}", "---|".repeat(teams.len()));
        for from in &teams {
            let cells: Vec<String> = teams
                .iter()
                .map(|to| {
                    report
                        .interactions
                        .iter()
                        .find(|i| i.from == *from && i.to == *to)
                        .map_or_else(|| "-".to_string(), |i| i.count.to_string())
                })
                .collect();
            let _ = writeln!(out, "| {} | {} |", clean(from), cells.join(" | "));
        }
        let _ = writeln!(
            out,
            "\nThrough whom (people who materially reached the other team):\n"
        );
        for interaction in &report.interactions {
            const SHOWN: usize = 4;
            let mut people: Vec<String> = interaction
                .through
                .iter()
                .take(SHOWN)
                .map(|p| clean(&p.to_string()))
                .collect();
            if interaction.through.len() > SHOWN {
                people.push(format!("and {} more", interaction.through.len() - SHOWN));
            }
            let _ = writeln!(
                out,
                "- {} -> {} ({}): {}",
                clean(&interaction.from),
                clean(&interaction.to),
                interaction.count,
                if people.is_empty() {
                    "no one person reached it materially".to_string()
                } else {
                    people.join(", ")
                }
            );
        }
    }

    let _ = writeln!(out, "\n## People who bridge teams\n");
    let _ = writeln!(
        out,
        "People whose work materially reached three or more other teams, in alphabetical order.\n"
    );
    if report.bridges.is_empty() {
        let _ = writeln!(out, "- Nobody in the window.");
    }
    for bridge in &report.bridges {
        let _ = writeln!(
            out,
            "- {} (@{}, {}): {}",
            clean(&bridge.name),
            clean(&bridge.handle),
            bridge.home.as_deref().unwrap_or("no team"),
            bridge.teams_reached.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\n## Teams no one from another team reached materially\n"
    );
    if report.unbridged_teams.is_empty() {
        let _ = writeln!(out, "- None: every team was reached from outside.");
    }
    for team in &report.unbridged_teams {
        let _ = writeln!(out, "- {}", clean(team));
    }
    out.push_str(&super::patterns::markdown_section(
        &report.recurring_problems,
    ));
    out
}

/// Scope counted at both levels of a team map with parent teams: other
/// teams, and other top-level teams; the rubric's dimension reads one.
fn scope_levels(report: &PersonReport) -> Option<String> {
    let value = |name: &str| report.metrics.get(name).and_then(|m| m.value);
    let (teams, groups) = (value(names::TEAMS_REACHED)?, value(names::GROUPS_REACHED)?);
    let read = report
        .dimensions
        .iter()
        .find(|d| d.metric == names::TEAMS_REACHED || d.metric == names::GROUPS_REACHED)
        .map(|d| format!("; {} counts `{}`", d.name, d.metric))
        .unwrap_or_default();
    Some(format!(
        "Teams reached at both levels of the team map: {teams} other teams (`teams_reached`, a sibling team included), {groups} other top-level teams (`groups_reached`){read}."
    ))
}

/// `staffscope metrics`: every metric a rubric can name, the source it
/// needs, and what it counts, as one table.
pub fn metrics() -> String {
    let mut out = String::from("| Metric | Source | What it counts |\n|---|---|---|\n");
    for metric in analysis::measure::CATALOGUE {
        let proxy = metric
            .proxy
            .map(|p| format!(" (proxy: {p})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {}{proxy} |",
            metric.name,
            metric.source.key(),
            metric.description
        );
    }
    out
}

/// One archetype's resemblance in a line, for every renderer.
pub fn fit_line(fit: &ArchetypeFit) -> String {
    format!(
        "{} (`{}`): {:.0}% attained over the {:.0}% of the profile the data measures{}{}",
        fit.name,
        fit.id,
        fit.fit * 100.0,
        fit.measured_weight * 100.0,
        if fit.strong.is_empty() {
            String::new()
        } else {
            format!("; at target: {}", fit.strong.join(", "))
        },
        if fit.gaps.is_empty() {
            String::new()
        } else {
            format!("; below: {}", fit.gaps.join(", "))
        }
    )
}
