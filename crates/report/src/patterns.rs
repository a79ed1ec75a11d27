//! The patterns view: classes of problems recurring across teams
//! (`staffscope patterns`), as a view model and as Markdown. Names and
//! handles only, like every view.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::{Context, WindowView, date};
use analysis::patterns::{OccurrenceKind, Pattern};

#[derive(Clone, Debug, Serialize, Deserialize)]
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

#[derive(Clone, Debug, Serialize, Deserialize)]
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

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FixerView {
    pub name: String,
    pub handle: String,
    pub teams: Vec<String>,
    pub evidence: Vec<String>,
}

/// How many names a table cell or list shows before "and N more".
pub const SHOWN: usize = 6;

/// A list of names, the first [`SHOWN`] of them and how many more.
pub fn capped(names: &[String]) -> String {
    capped_by(names, ", ")
}

/// [`capped`], for entries that hold commas themselves.
pub fn capped_by(names: &[String], separator: &str) -> String {
    if names.len() <= SHOWN {
        return names.join(separator);
    }
    format!(
        "{} and {} more",
        names[..SHOWN].join(separator),
        names.len() - SHOWN
    )
}

/// The JSON schema of the patterns view.
pub const SCHEMA: &str = "staffscope.patterns/1";

/// The schema read back from a kept view.
fn schema<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    crate::fixed::one_of(d, [SCHEMA])
}

/// Independent episodes in the first and second half of the window.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct TrendView {
    pub earlier: usize,
    pub later: usize,
}

impl TrendView {
    /// "rising (1 then 4)", "fading", "steady".
    pub fn text(&self) -> String {
        let word = if self.later * 2 > self.earlier * 3 && self.later >= 2 {
            "rising"
        } else if self.earlier * 2 > self.later * 3 && self.earlier >= 2 {
            "fading"
        } else {
            "steady"
        };
        format!("{word} ({} then {})", self.earlier, self.later)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
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
    /// Episodes in each half of the window.
    pub trend: TrendView,
    pub owned: bool,
    /// Who owns it and why, or why no one does.
    pub ownership: String,
    pub strength: f64,
    pub named_by: Vec<NamingView>,
    pub fixers: Vec<FixerView>,
    pub occurrences: Vec<OccurrenceView>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PatternsReport {
    /// The JSON schema this view follows: fields are only ever added within a version.
    #[serde(deserialize_with = "schema")]
    pub schema: crate::fixed::Fixed,
    pub window: WindowView,
    pub patterns: Vec<PatternView>,
    /// Why recurring problems cannot be found here at all, when they cannot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_measured: Option<String>,
    /// Set when the teams are areas inferred from the repositories.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy: Option<String>,
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
        trend: trend(context, pattern),
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

/// When each episode was first seen, split at the middle of the window.
fn trend(context: &Context<'_>, pattern: &Pattern) -> TrendView {
    let window = context.measures.window;
    let middle = window.since + (window.until - window.since) / 2;
    let mut first = vec![i64::MAX; pattern.episodes];
    for occurrence in &pattern.occurrences {
        if let Some(time) = first.get_mut(occurrence.episode) {
            *time = (*time).min(occurrence.evidence.time);
        }
    }
    let later = first
        .iter()
        .filter(|t| **t >= middle && **t != i64::MAX)
        .count();
    TrendView {
        earlier: first.len() - later,
        later,
    }
}

/// One line for a pattern in other views: name, teams, occurrences, owner.
pub fn summary_line(pattern: &PatternView) -> String {
    let owner = if pattern.owned {
        pattern.ownership.clone()
    } else {
        "nobody owns it".into()
    };
    format!(
        "{}: {} independent occurrences in {} ({} to {}{}); {owner}",
        pattern.name,
        pattern.episodes,
        capped(&pattern.teams),
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
pub(crate) fn clean(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
        .replace('`', "'")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A recurring problem as the org view lists it.
#[derive(Clone, Debug, Serialize, Deserialize)]
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
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RecurringProblems {
    pub total: usize,
    pub unowned: usize,
    pub strongest: Vec<PatternSummary>,
    /// Why recurring problems cannot be found here at all, when they cannot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_measured: Option<String>,
    /// Set when the teams are areas inferred from the repositories.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy: Option<String>,
}

/// Why no class can be seen recurring across teams, when no team owns
/// anything: without a team map, CODEOWNERS or OWNERS files, an empty list
/// would read as "no recurring problem", which the data cannot say.
pub fn not_measured(context: &Context<'_>) -> Option<String> {
    context.org.teams.is_empty().then(|| {
        "Not measured: no team map, CODEOWNERS or OWNERS file says which team owns what, so no problem can be seen recurring across teams. Set `teams_file` in staffscope.toml to measure it.".to_string()
    })
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
        not_measured: not_measured(context),
        proxy: context.areas_note(),
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
/// Every recurring problem's summary, in the order of `context.patterns`:
/// what [`path_suggestions`] quotes, found once for everyone's paths.
pub(crate) fn summary_lines(context: &Context<'_>) -> Vec<PatternSummary> {
    context
        .patterns
        .iter()
        .map(|pattern| summary(&pattern_view(context, pattern)))
        .collect()
}

/// `lines` are [`summary_lines`].
pub(crate) fn path_suggestions(
    context: &Context<'_>,
    person: &analysis::measure::PersonMeasures,
    lines: &[PatternSummary],
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
            let index = context
                .patterns
                .iter()
                .position(|p| std::ptr::eq(p, pattern))
                .expect("a pattern near a person is one of the organization's");
            let line = &lines[index];
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
    if let Some(why) = &problems.not_measured {
        let _ = writeln!(out, "- {why}");
        return out;
    }
    if let Some(proxy) = &problems.proxy {
        let _ = writeln!(out, "- {proxy}");
    }
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
