//! Triage: the recurring problems as a table to act on, for a staff
//! engineer looking for a problem to own and a manager looking for the
//! ones nobody owns. One row per class: teams, independent episodes, the
//! trend, when it was last seen, who owns it and, for one person, whether
//! they fixed it already. Filterable to the unowned classes, or to those
//! near one person's work.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::Context;
use super::patterns::{PatternView, PatternsReport, capped, capped_by, clean, pattern_view};
use analysis::measure::PersonMeasures;
use analysis::patterns::near_person;

/// Which classes the triage shows.
#[derive(Clone, Copy, Debug, Default)]
pub struct Filter<'a> {
    /// Only the classes nobody owns.
    pub unowned: bool,
    /// Only the classes near this person's teams and repositories, the
    /// unowned and the ones they already fixed first.
    pub person: Option<&'a PersonMeasures>,
}

/// One class as a row.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Row {
    /// Its rank among all classes, strongest first, from 1.
    pub rank: usize,
    pub name: String,
    pub teams: Vec<String>,
    pub episodes: usize,
    pub trend: String,
    pub last_seen: String,
    pub recurring: bool,
    pub owned: bool,
    pub ownership: String,
    /// With a person: the teams in which they fixed it (empty: not yet).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub you_fixed: Option<Vec<String>>,
}

/// The patterns view with only the classes a filter keeps, in its order,
/// and a row for each.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Triage {
    #[serde(flatten)]
    pub report: PatternsReport,
    pub triage: Vec<Row>,
}

impl Triage {
    pub fn markdown(&self) -> String {
        markdown(&self.report, &self.triage)
    }
}

/// The patterns view with only the classes `filter` keeps, and their rows.
pub fn triage(context: &Context<'_>, filter: Filter<'_>) -> Triage {
    let ranked: Vec<(usize, &analysis::patterns::Pattern)> = match filter.person {
        Some(person) => near_person(context.patterns, person)
            .into_iter()
            .map(|p| (rank_of(context, p), p))
            .collect(),
        None => context
            .patterns
            .iter()
            .enumerate()
            .map(|(i, p)| (i + 1, p))
            .collect(),
    };
    let kept: Vec<(usize, &analysis::patterns::Pattern)> = ranked
        .into_iter()
        .filter(|(_, p)| !filter.unowned || !p.owned)
        .collect();
    let handle = filter
        .person
        .map(|person| context.org.people.get(person.person).handle.clone());
    let mut views = Vec::with_capacity(kept.len());
    let mut rows = Vec::with_capacity(kept.len());
    for (rank, pattern) in kept {
        let view = pattern_view(context, pattern);
        rows.push(row(rank, &view, handle.as_deref()));
        views.push(view);
    }
    Triage {
        report: PatternsReport {
            schema: super::patterns::SCHEMA,
            window: context.measures.window.into(),
            patterns: views,
            not_measured: super::patterns::not_measured(context),
            proxy: context.areas_note(),
        },
        triage: rows,
    }
}

impl Row {
    /// With a person, whether they fixed the class: "yes, in <teams>" or "-".
    pub fn fixed_by_person(&self) -> Option<String> {
        self.you_fixed.as_ref().map(|teams| {
            if teams.is_empty() {
                "-".to_string()
            } else {
                format!("yes, in {}", teams.join(", "))
            }
        })
    }
}

fn rank_of(context: &Context<'_>, pattern: &analysis::patterns::Pattern) -> usize {
    context
        .patterns
        .iter()
        .position(|p| std::ptr::eq(p, pattern))
        .map_or(0, |i| i + 1)
}

fn row(rank: usize, view: &PatternView, handle: Option<&str>) -> Row {
    Row {
        rank,
        name: view.name.clone(),
        teams: view.teams.clone(),
        episodes: view.episodes,
        trend: view.trend.text(),
        last_seen: view.last_seen.clone(),
        recurring: view.recurring,
        owned: view.owned,
        ownership: view.ownership.clone(),
        you_fixed: handle.map(|handle| {
            view.fixers
                .iter()
                .find(|f| f.handle == handle)
                .map(|f| f.teams.clone())
                .unwrap_or_default()
        }),
    }
}

/// How many occurrences a class lists in Markdown before pointing to JSON.
const LISTED_OCCURRENCES: usize = 25;

/// The patterns as Markdown: the triage table, then each class.
pub fn markdown(report: &PatternsReport, rows: &[Row]) -> String {
    let mut out = String::from("# Recurring cross-team problems\n\n");
    let _ = writeln!(
        out,
        "Window {} to {} (exclusive). Classes of problems that recur in two or more teams, strongest first (teams x independent occurrences x recency), from fix commits, reverts and post-incident reviews. A pull request, patch series or topic branch is one occurrence. A class's name is a phrase its fixes share, not a diagnosis: read the occurrences.\n",
        report.window.since, report.window.until
    );
    if let Some(why) = &report.not_measured {
        let _ = writeln!(out, "{why}");
        return out;
    }
    if let Some(proxy) = &report.proxy {
        let _ = writeln!(out, "{proxy}\n");
    }
    if report.patterns.is_empty() {
        out.push_str("No class of problem recurs across teams in this data.\n");
        return out;
    }
    let unowned = report.patterns.iter().filter(|p| !p.owned).count();
    let _ = writeln!(
        out,
        "{} classes, {unowned} with no owner (no document that their fixes cite names them, and no one fixed them in most of their teams).\n",
        report.patterns.len()
    );
    out.push_str(&table(rows));
    out.push('\n');
    for (pattern, row) in report.patterns.iter().zip(rows) {
        class_markdown(&mut out, row.rank, pattern);
    }
    out
}

fn class_markdown(out: &mut String, rank: usize, pattern: &PatternView) {
    let _ = writeln!(
        out,
        "## {}. {}{}\n",
        rank,
        pattern.name,
        if pattern.owned { "" } else { " (unowned)" }
    );
    let _ = writeln!(out, "{}\n", pattern.description);
    let _ = writeln!(
        out,
        "- Teams: {}; repositories: {}",
        pattern.teams.join(", "),
        capped(&pattern.repositories)
    );
    let _ = writeln!(
        out,
        "- Seen {} to {}, {} independent occurrences ({}): {}",
        pattern.first_seen,
        pattern.last_seen,
        pattern.episodes,
        pattern.trend.text(),
        if pattern.recurring {
            "still recurring"
        } else {
            "not seen lately"
        }
    );
    for naming in &pattern.named_by {
        let _ = writeln!(
            out,
            "- {}: {} \"{}\" ({}, {}) by {}: {}",
            if naming.cited { "Named by" } else { "Related" },
            naming.kind,
            naming.title,
            naming.id,
            naming.date,
            if naming.authors.is_empty() {
                "unknown authors".to_string()
            } else {
                naming.authors.join(", ")
            },
            naming.how
        );
    }
    let fixers: Vec<String> = pattern
        .fixers
        .iter()
        .map(|f| format!("{} (@{}) in {}", f.name, f.handle, f.teams.join(", ")))
        .collect();
    if !fixers.is_empty() {
        let _ = writeln!(out, "- Fixed by: {}", capped_by(&fixers, "; "));
    }
    let _ = writeln!(out, "- Owner: {}", pattern.ownership);
    let _ = writeln!(out, "- Occurrences:");
    for occurrence in pattern.occurrences.iter().take(LISTED_OCCURRENCES) {
        let by = occurrence
            .by
            .as_ref()
            .map(|b| format!(", by {b}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  - {} {} `{}` {} ({}{by}; episode {})",
            occurrence.date,
            occurrence.kind.label(),
            occurrence.id,
            clean(&occurrence.summary),
            occurrence.teams.join(", "),
            occurrence.episode
        );
    }
    if pattern.occurrences.len() > LISTED_OCCURRENCES {
        let _ = writeln!(
            out,
            "  - and {} more (`--format json` lists every one)",
            pattern.occurrences.len() - LISTED_OCCURRENCES
        );
    }
    out.push('\n');
}

/// The rows as a Markdown table; a "You fixed it" column with a person.
pub fn table(rows: &[Row]) -> String {
    let person = rows.iter().any(|r| r.you_fixed.is_some());
    let mut out = String::from("| # | Class | Teams | Episodes | Trend | Last seen | Owner |");
    out.push_str(if person { " You fixed it |\n" } else { "\n" });
    out.push_str("|---|---|---|---|---|---|---|");
    out.push_str(if person { "---|\n" } else { "\n" });
    for row in rows {
        let _ = write!(
            out,
            "| {} | {} | {} ({}) | {} | {} | {}{} | {} |",
            row.rank,
            cell(&row.name),
            row.teams.len(),
            cell(&capped(&row.teams)),
            row.episodes,
            row.trend,
            row.last_seen,
            if row.recurring { ", recurring" } else { "" },
            if row.owned { "owned" } else { "**nobody**" }
        );
        if let Some(fixed) = row.fixed_by_person() {
            let _ = write!(out, " {} |", cell(&fixed));
        }
        out.push('\n');
    }
    out
}

/// Text from repositories must not break a table row.
fn cell(text: &str) -> String {
    text.replace(['\n', '\r'], " ").replace('|', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_are_capped_with_a_count() {
        let names: Vec<String> = (0..9).map(|i| format!("t{i}")).collect();
        assert_eq!(capped(&names), "t0, t1, t2, t3, t4, t5 and 3 more");
        assert_eq!(capped(&names[..2]), "t0, t1");
    }
}
