//! The patterns view: classes of problems recurring across teams
//! (`staffscope patterns`), as a view model and as Markdown. Names and
//! handles only, like every view.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Context, WindowView, date};
use analysis::patterns::{OccurrenceKind, Pattern};

#[derive(Clone, Debug, Serialize)]
pub struct OccurrenceView {
    pub kind: OccurrenceKind,
    /// `repo@shortid` or `repo:path`.
    pub id: String,
    pub date: String,
    pub summary: String,
    pub teams: Vec<String>,
    /// Who fixed it, for commits.
    pub by: Option<String>,
    /// Its episode within the class, from 1: the occurrences of one pull
    /// request, patch series or topic branch share one.
    pub episode: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct NamingView {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub date: String,
    pub authors: Vec<String>,
    pub how: String,
    /// Cited by the class's fixes, which makes it the class's owner.
    pub cited: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct FixerView {
    pub name: String,
    pub handle: String,
    pub teams: Vec<String>,
    pub evidence: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PatternView {
    pub name: String,
    pub terms: Vec<String>,
    pub description: String,
    pub teams: Vec<String>,
    pub repositories: Vec<String>,
    pub first_seen: String,
    pub last_seen: String,
    pub recurring: bool,
    /// Independent occurrences: a pull request, patch series or topic
    /// branch counts once.
    pub episodes: usize,
    pub owned: bool,
    /// Who owns it and why, or why no one does.
    pub ownership: String,
    pub strength: f64,
    pub named_by: Vec<NamingView>,
    pub fixers: Vec<FixerView>,
    pub occurrences: Vec<OccurrenceView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PatternsReport {
    /// The JSON schema this view follows: fields are only ever added within a version.
    pub schema: &'static str,
    pub window: WindowView,
    pub patterns: Vec<PatternView>,
}

pub fn pattern_view(context: &Context<'_>, pattern: &Pattern) -> PatternView {
    let org = context.org;
    let team_names =
        |teams: &[analysis::resolve::TeamId]| teams.iter().map(|t| context.team_name(*t)).collect();
    let name_of = |person: analysis::resolve::PersonId| org.people.get(person).name.clone();
    PatternView {
        name: pattern.name.clone(),
        terms: pattern.terms.clone(),
        description: pattern.description.clone(),
        teams: team_names(&pattern.teams),
        repositories: pattern.repos.clone(),
        first_seen: date(pattern.first_seen),
        last_seen: date(pattern.last_seen),
        recurring: pattern.recurring,
        episodes: pattern.episodes,
        owned: pattern.owned,
        ownership: pattern.ownership.clone(),
        strength: (pattern.strength * 100.0).round() / 100.0,
        named_by: pattern
            .named_by
            .iter()
            .map(|naming| NamingView {
                id: naming.evidence.id(),
                kind: naming.evidence.detail.to_string(),
                title: naming.evidence.summary.to_string(),
                date: date(naming.evidence.time),
                authors: naming.authors.iter().map(|a| name_of(*a)).collect(),
                how: naming.how.clone(),
                cited: naming.cited,
            })
            .collect(),
        fixers: pattern
            .fixers
            .iter()
            .map(|fixer| {
                let person = org.people.get(fixer.person);
                FixerView {
                    name: person.name.clone(),
                    handle: person.handle.clone(),
                    teams: team_names(&fixer.teams),
                    evidence: fixer.evidence.iter().map(|e| e.id()).collect(),
                }
            })
            .collect(),
        occurrences: pattern
            .occurrences
            .iter()
            .map(|occurrence| OccurrenceView {
                kind: occurrence.kind,
                id: occurrence.evidence.id(),
                date: date(occurrence.evidence.time),
                summary: occurrence.evidence.summary.to_string(),
                teams: team_names(&occurrence.teams),
                by: occurrence.fixer.map(name_of),
                episode: occurrence.episode + 1,
            })
            .collect(),
    }
}

pub fn patterns_report(context: &Context<'_>) -> PatternsReport {
    PatternsReport {
        schema: "staffscope.patterns/1",
        window: context.measures.window.into(),
        patterns: context
            .patterns
            .iter()
            .map(|p| pattern_view(context, p))
            .collect(),
    }
}

/// One line for a pattern in other views: name, teams, occurrences, owner.
pub fn summary_line(pattern: &PatternView) -> String {
    let owner = if pattern.owned {
        match (pattern.named_by.first(), pattern.fixers.first()) {
            (Some(naming), _) => format!("named in {}", naming.id),
            (None, Some(fixer)) => format!("{} fixed it in {}", fixer.name, fixer.teams.join(", ")),
            (None, None) => "owned".into(),
        }
    } else {
        "nobody owns it".into()
    };
    format!(
        "{}: {} occurrences in {} ({} to {}{}); {owner}",
        pattern.name,
        pattern.occurrences.len(),
        pattern.teams.join(", "),
        pattern.first_seen,
        pattern.last_seen,
        if pattern.recurring {
            ", still recurring"
        } else {
            ""
        },
    )
}

/// Text from repositories must not break the Markdown around it.
fn clean(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
        .replace('`', "'")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub fn markdown(report: &PatternsReport) -> String {
    let mut out = String::from("# Recurring cross-team problems\n\n");
    let _ = writeln!(
        out,
        "Window {} to {} (exclusive). Classes of problems that recur in two or more teams, strongest first (teams x occurrences x recency), from fix commits, reverts and post-incident reviews. A class's name is its characteristic terms, not a diagnosis: read the occurrences.\n",
        report.window.since, report.window.until
    );
    if report.patterns.is_empty() {
        out.push_str("No class of problem recurs across teams in this data.\n");
        return out;
    }
    let unowned = report.patterns.iter().filter(|p| !p.owned).count();
    let _ = writeln!(
        out,
        "{} classes found, {unowned} with no owner (no document names them and nobody fixed them in more than one team).\n",
        report.patterns.len()
    );
    for (index, pattern) in report.patterns.iter().enumerate() {
        let _ = writeln!(
            out,
            "## {}. {}{}\n",
            index + 1,
            pattern.name,
            if pattern.owned { "" } else { " (unowned)" }
        );
        let _ = writeln!(out, "{}\n", pattern.description);
        let _ = writeln!(
            out,
            "- Teams: {}; repositories: {}",
            pattern.teams.join(", "),
            pattern.repositories.join(", ")
        );
        let _ = writeln!(
            out,
            "- Seen {} to {}: {}",
            pattern.first_seen,
            pattern.last_seen,
            if pattern.recurring {
                "still recurring"
            } else {
                "not seen lately"
            }
        );
        if pattern.named_by.is_empty() {
            let _ = writeln!(out, "- Named by: no document names this class");
        } else {
            for naming in &pattern.named_by {
                let _ = writeln!(
                    out,
                    "- Named by: {} \"{}\" ({}, {}) by {}: {}",
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
        }
        let fixers: Vec<String> = pattern
            .fixers
            .iter()
            .map(|f| format!("{} (@{}) in {}", f.name, f.handle, f.teams.join(", ")))
            .collect();
        if !fixers.is_empty() {
            let _ = writeln!(out, "- Fixed by: {}", fixers.join("; "));
        }
        let _ = writeln!(
            out,
            "- Owner: {}",
            if pattern.owned {
                "yes (named in a document, or fixed by one person in several teams)"
            } else {
                "none: no document names it and nobody fixed it in more than one team"
            }
        );
        let _ = writeln!(out, "- Occurrences:");
        for occurrence in &pattern.occurrences {
            let by = occurrence
                .by
                .as_ref()
                .map(|b| format!(", by {b}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  - {} {} `{}` {} ({}{by})",
                occurrence.date,
                match occurrence.kind {
                    OccurrenceKind::Fix => "fix",
                    OccurrenceKind::Revert => "revert",
                    OccurrenceKind::Remediation => "remediation",
                    OccurrenceKind::IncidentReview => "incident review",
                },
                occurrence.id,
                clean(&occurrence.summary),
                occurrence.teams.join(", ")
            );
        }
        out.push('\n');
    }
    out
}

/// A recurring problem as the org view lists it.
#[derive(Clone, Debug, Serialize)]
pub struct PatternSummary {
    pub name: String,
    pub teams: Vec<String>,
    pub occurrences: usize,
    pub first_seen: String,
    pub last_seen: String,
    pub recurring: bool,
    pub owned: bool,
    /// One line: name, teams, when, who owns it.
    pub summary: String,
    /// The first few occurrences' evidence ids.
    pub evidence: Vec<String>,
}

/// The org view's section: how many classes recur across teams, how many
/// nobody owns, and the strongest.
#[derive(Clone, Debug, Serialize)]
pub struct RecurringProblems {
    pub total: usize,
    pub unowned: usize,
    pub strongest: Vec<PatternSummary>,
}

/// How many recurring problems the org view and the path list.
const LISTED: usize = 5;

fn summary(view: &PatternView) -> PatternSummary {
    PatternSummary {
        name: view.name.clone(),
        teams: view.teams.clone(),
        occurrences: view.occurrences.len(),
        first_seen: view.first_seen.clone(),
        last_seen: view.last_seen.clone(),
        recurring: view.recurring,
        owned: view.owned,
        summary: summary_line(view),
        evidence: view
            .occurrences
            .iter()
            .take(3)
            .map(|o| o.id.clone())
            .collect(),
    }
}

pub fn recurring_problems(context: &Context<'_>) -> RecurringProblems {
    RecurringProblems {
        total: context.patterns.len(),
        unowned: analysis::patterns::unowned(context.patterns).count(),
        strongest: context
            .patterns
            .iter()
            .take(LISTED)
            .map(|p| summary(&pattern_view(context, p)))
            .collect(),
    }
}

/// The path's first step: recurring cross-team problems near the person's
/// work, the ones nobody owns first.
pub fn path_suggestions(
    context: &Context<'_>,
    person: &analysis::measure::PersonMeasures,
) -> Vec<String> {
    let near = analysis::patterns::near_person(context.patterns, person);
    if near.is_empty() {
        return vec![if context.patterns.is_empty() {
            "No class of problem recurs across teams in this data; `staffscope patterns` shows what it looks for.".to_string()
        } else {
            format!(
                "None of the {} recurring cross-team problems touches your teams or repositories; `staffscope patterns` lists them all.",
                context.patterns.len()
            )
        }];
    }
    near.into_iter()
        .take(3)
        .map(|pattern| {
            let line = summary(&pattern_view(context, pattern));
            let yours = pattern
                .fixers
                .iter()
                .find(|f| f.person == person.person)
                .map(|f| {
                    let teams: Vec<String> =
                        f.teams.iter().map(|t| context.team_name(*t)).collect();
                    format!(" You fixed it in {} already.", teams.join(", "))
                })
                .unwrap_or_default();
            format!(
                "{} (evidence: {}).{yours}",
                line.summary,
                line.evidence.join(", ")
            )
        })
        .collect()
}

/// The org view's Markdown section.
pub fn markdown_section(problems: &RecurringProblems) -> String {
    let mut out = String::from("\n## Recurring cross-team problems\n\n");
    if problems.total == 0 {
        out.push_str("- None found: no class of problem recurs across teams in this data.\n");
        return out;
    }
    let _ = writeln!(
        out,
        "{} classes of problems recur across teams, {} with no owner; the strongest (all of them with `staffscope patterns`):\n",
        problems.total, problems.unowned
    );
    for problem in &problems.strongest {
        let _ = writeln!(
            out,
            "- {} (evidence: {})",
            clean(&problem.summary),
            problem.evidence.join(", ")
        );
    }
    out
}
