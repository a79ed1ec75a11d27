//! The path: what a person could do next, from their gaps against the
//! rubric and the organization's own data. It is driven by the rubric, not
//! by the default rubric's dimension ids: the steps MODEL.md describes
//! (own a cross-team problem, build relationships, write) come from the
//! metrics a dimension reads, and every other dimension below its target
//! gets a step of its own with the rubric's advice and the numbers behind
//! it, whatever a company calls its dimensions.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use super::{Context, DimensionView, Step, patterns};
use analysis::assess::{Assessment, Status};
use analysis::measure::{PersonMeasures, names};
use analysis::resolve::{PersonId, TeamId};

/// What the path reads of the whole organization, the same whoever's path
/// it is: found once per analysis (on first use), so that building
/// everyone's path reads the organization once, not once per person.
#[derive(Default)]
pub(crate) struct Memo(OnceLock<Index>);

struct Index {
    /// Per repository, the teams whose files changed in the window.
    teams_in_repo: HashMap<String, BTreeSet<TeamId>>,
    /// Per author, their incident-like commits in the window that no
    /// document cites, oldest first (indexes into the organization's).
    incident_commits: HashMap<PersonId, Vec<usize>>,
    /// People who meet the target level on scope and on review reach.
    staff_mode: BTreeSet<PersonId>,
    /// Each recurring problem's summary, in the patterns' order.
    pattern_lines: Vec<patterns::PatternSummary>,
}

impl Memo {
    fn get(&self, context: &Context<'_>) -> &Index {
        self.0.get_or_init(|| Index::new(context))
    }
}

impl Index {
    fn new(context: &Context<'_>) -> Index {
        let (org, window) = (context.org, context.measures.window);
        let mut teams_in_repo: HashMap<String, BTreeSet<TeamId>> = HashMap::new();
        for commit in org.commits.iter().filter(|c| window.contains(c.time)) {
            let teams = commit.files.iter().filter_map(|file| file.team);
            teams_in_repo
                .entry(org.repos[commit.repo].to_string())
                .or_default()
                .extend(teams);
        }
        let cited: BTreeSet<usize> = org
            .documents
            .iter()
            .flat_map(|d| d.citations.iter().map(|c| c.commit))
            .collect();
        let mut incident_commits: HashMap<PersonId, Vec<usize>> = HashMap::new();
        for (index, commit) in org.commits.iter().enumerate() {
            if window.contains(commit.time)
                && commit.exclusion.is_none()
                && !commit.is_merge
                && !cited.contains(&index)
                && incident_like(&commit.summary)
            {
                incident_commits
                    .entry(commit.author)
                    .or_default()
                    .push(index);
            }
        }
        let staff_mode = context
            .measures
            .people
            .iter()
            .filter(|person| {
                let assessment = context.assessment(person);
                meets_target(&assessment, SCOPE) && meets_target(&assessment, REVIEW_REACH)
            })
            .map(|person| person.person)
            .collect();
        Index {
            teams_in_repo,
            incident_commits,
            staff_mode,
            pattern_lines: patterns::summary_lines(context),
        }
    }
}

/// A commit summary that reads like incident work.
fn incident_like(summary: &str) -> bool {
    let summary = summary.to_lowercase();
    [
        "revert",
        "hotfix",
        "rollback",
        "roll back",
        "outage",
        "incident",
    ]
    .iter()
    .any(|word| summary.contains(word))
}

/// Metrics that count reach beyond one's own team.
const SCOPE: &[&str] = &[
    names::TEAMS_REACHED,
    names::GROUPS_REACHED,
    names::CODE_TEAMS_REACHED,
];
/// Metrics of finding and fixing problems across teams.
const PROBLEMS: &[&str] = &[names::SYSTEMIC_PROBLEMS, names::ORIGINATED_WORK];
/// Metrics of working with people in other teams.
const RELATIONSHIPS: &[&str] = &[names::PEOPLE_OTHER_TEAMS];
/// Metrics of writing.
const WRITING: &[&str] = &[
    names::DOCUMENTS_AUTHORED,
    names::DOCUMENTS_CITED_BY_OTHER_TEAMS,
];
/// Metrics of reviewing beyond one's team.
const REVIEW_REACH: &[&str] = &[
    names::REVIEWS_GIVEN_OTHER_TEAMS,
    names::REVIEW_TEAMS,
    names::REVIEW_PEOPLE_OTHER_TEAMS,
    names::REVIEW_REQUEST_TEAMS,
    names::REVIEW_REQUESTS_FROM_OTHER_TEAMS,
];

/// Whether the dimension falls short of the target, or cannot be shown to
/// meet it.
fn short(dimension: &DimensionView) -> bool {
    matches!(
        dimension.status,
        Status::Measured {
            meets_target: false,
            ..
        } | Status::NoData
            | Status::NoEvidence { .. }
            | Status::NotMeasured { .. }
    )
}

/// The dimensions short of the target that read one of `metrics`.
fn short_on<'d>(dimensions: &'d [DimensionView], metrics: &[&str]) -> Vec<&'d DimensionView> {
    dimensions
        .iter()
        .filter(|d| metrics.contains(&d.evidence_metric.as_str()) && short(d))
        .collect()
}

/// "Scope is", "Scope and Relationships are": the dimensions as the
/// rubric names them, with their verb.
fn named(dimensions: &[&DimensionView]) -> String {
    let names: Vec<&str> = dimensions.iter().map(|d| d.name.as_str()).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => format!("{one} is"),
        [rest @ .., last] => format!("{} and {last} are", rest.join(", ")),
    }
}

/// Whether any of the person's dimensions reading `metrics` meets the target.
fn meets_target(assessment: &Assessment, metrics: &[&str]) -> bool {
    assessment.dimensions.iter().any(|d| {
        metrics.contains(&d.evidence_metric.as_str())
            && matches!(
                d.status,
                Status::Measured {
                    meets_target: true,
                    ..
                }
            )
    })
}

/// MODEL.md's path, mapped to this person's gaps and to the organization's own data.
pub(super) fn the_path(
    context: &Context<'_>,
    person: &PersonMeasures,
    dimensions: &[DimensionView],
) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut covered: BTreeSet<&str> = BTreeSet::new();

    let problems: Vec<&DimensionView> = short_on(dimensions, &[SCOPE, PROBLEMS].concat());
    if !problems.is_empty() {
        covered.extend(problems.iter().map(|d| d.id.as_str()));
        steps.push(Step {
            title: "Find a problem that matters to several teams, and own it".into(),
            why: format!(
                "{} below the target level or not measured.",
                named(&problems)
            ),
            suggestions: patterns::path_suggestions(
                context,
                person,
                &context.path_memo.get(context).pattern_lines,
            ),
        });
    }
    let relationships: Vec<&DimensionView> = short_on(dimensions, &[SCOPE, RELATIONSHIPS].concat());
    if !relationships.is_empty() {
        covered.extend(relationships.iter().map(|d| d.id.as_str()));
        steps.push(relationship_step(context, person, &relationships));
    }
    let writing = short_on(dimensions, WRITING);
    if !writing.is_empty() {
        covered.extend(writing.iter().map(|d| d.id.as_str()));
        steps.push(writing_step(context, person, &writing));
    }
    // Every other dimension short of the target: its own advice and data.
    // One not measured here is listed by the report; no step can help it.
    let target = context.rubric_for(person.person).target.clone();
    for dimension in dimensions.iter().filter(|d| {
        short(d)
            && !covered.contains(d.id.as_str())
            && !matches!(d.status, Status::NotMeasured { .. })
    }) {
        steps.push(dimension_step(dimension, &target));
    }

    steps.push(Step {
        title: "Align with your manager on what staff means here".into(),
        why: "Companies disagree about the staff role; the rubric is where yours is written down.".into(),
        suggestions: vec![format!(
            "Go through the rubric ({}, {}) and this report together, and agree which gaps matter most.",
            context.rubric_for(person.person).name,
            context.rubric_origin
        )],
    });

    let observe = staff_mode_people_nearby(context, person, 3);
    steps.push(Step {
        title: "Find a staff or principal engineer to learn from".into(),
        why: "Watching someone do the job shows what no rubric can.".into(),
        suggestions: if observe.is_empty() {
            vec!["Nobody near your work meets the target level on scope and review reach in this data; ask your manager who operates in staff mode.".into()]
        } else {
            observe
                .into_iter()
                .map(|name| format!("{name}: meets the target level on scope and review reach, and works in repositories or teams you work with"))
                .collect()
        },
    });
    steps
}

/// A dimension no other step covers: the rubric's own advice, with the
/// value, what the target needs and how much evidence there is.
fn dimension_step(dimension: &DimensionView, target: &str) -> Step {
    let needs = dimension
        .thresholds
        .iter()
        .find(|t| t.level == target)
        .map(|t| format!("; the target level needs {}", t.value))
        .unwrap_or_default();
    let why = match &dimension.status {
        Status::Measured { value, level, .. } => format!(
            "{} is {value} (`{}`, {}){needs}; {} behind it.",
            dimension.name,
            dimension.metric,
            level
                .as_deref()
                .map_or("below every level".to_string(), |l| format!("{l} level")),
            evidence_count(dimension)
        ),
        Status::NoEvidence { .. } => format!(
            "{} shows no evidence yet (`{}` is 0){needs}.",
            dimension.name, dimension.metric
        ),
        Status::NoData => format!(
            "{} has no data in this window (`{}`).",
            dimension.name, dimension.metric
        ),
        Status::NotMeasured { source } => format!(
            "{} is not measured: it needs {}.",
            dimension.name,
            source.key()
        ),
        Status::NotExpected { from } => format!("{} is expected from {from} up.", dimension.name),
    };
    Step {
        title: dimension.name.clone(),
        why,
        suggestions: vec![dimension.advice.clone()],
    }
}

fn evidence_count(dimension: &DimensionView) -> String {
    let n: usize = dimension.evidence.iter().map(|i| i.evidence.len()).sum();
    match n {
        1 => "1 piece of evidence".to_string(),
        n => format!("{n} pieces of evidence"),
    }
}

/// Adjacent teams: teams whose code shares repositories with the person's
/// work, fewest interactions first.
fn relationship_step(
    context: &Context<'_>,
    person: &PersonMeasures,
    short: &[&DimensionView],
) -> Step {
    let home = context.primary_home(person);
    let teams_in_repo = &context.path_memo.get(context).teams_in_repo;
    let mut adjacent: BTreeMap<TeamId, u64> = BTreeMap::new();
    for repo in &person.repositories {
        for team in teams_in_repo.get(repo).into_iter().flatten() {
            if Some(*team) != home {
                adjacent
                    .entry(*team)
                    .or_insert_with(|| person.interactions.get(team).map_or(0, |i| i.total()));
            }
        }
    }
    let mut adjacent: Vec<(TeamId, u64)> = adjacent.into_iter().collect();
    adjacent.sort_by_key(|(team, interactions)| (*interactions, *team));
    let suggestions = adjacent
        .iter()
        .take(3)
        .map(|(team, interactions)| {
            let people = bridges_in_team(context, *team, person.person, 2);
            let meet = if people.is_empty() {
                String::new()
            } else {
                format!("; people there who already work across teams: {}", people.join(", "))
            };
            format!(
                "{}: {} interactions in the window, and its code sits in repositories you work in{meet}",
                context.team_name(*team),
                interactions
            )
        })
        .collect::<Vec<_>>();
    Step {
        title: "Build relationships across team boundaries".into(),
        why: format!("{} below the target level.", named(short)),
        suggestions: if suggestions.is_empty() {
            vec!["No adjacent team found in the repositories you work in; look at the teams that depend on your team's systems.".into()]
        } else {
            suggestions
        },
    }
}

fn writing_step(context: &Context<'_>, person: &PersonMeasures, short: &[&DimensionView]) -> Step {
    let not_measured = short
        .iter()
        .any(|d| matches!(d.status, Status::NotMeasured { .. }));
    let mut suggestions = what_to_write(context, person);
    suggestions.extend(short.iter().map(|d| d.advice.clone()));
    suggestions.push("Write up a decision or a problem you know well from your recent work, and ask reviewers from the teams it touches.".into());
    suggestions.dedup();
    Step {
        title: "Write more: proposals, deep dives, post-incident analyses".into(),
        why: if not_measured {
            format!(
                "{} not measured: documents are not collected in this store, so the report cannot show what you have written.",
                named(short)
            )
        } else {
            format!("{} below the target level.", named(short))
        },
        suggestions,
    }
}

/// Concrete things this person could write, from their own work: incidents
/// they worked on that nobody wrote up, and incident reviews where they own
/// the fix but not the write-up.
fn what_to_write(context: &Context<'_>, person: &PersonMeasures) -> Vec<String> {
    let org = context.org;
    let window = context.measures.window;
    let incidents = &context.path_memo.get(context).incident_commits;
    let mut suggestions: Vec<String> = incidents
        .get(&person.person)
        .into_iter()
        .flatten()
        .rev()
        .take(2)
        .map(|index| {
            let commit = &org.commits[*index];
            format!(
                "`{}@{}` {}: an incident-like change no document cites; a short post-incident analysis (what broke, why, what prevents the class) would make it count beyond the fix",
                org.repos[commit.repo],
                commit.short_id(),
                commit.summary
            )
        })
        .collect();
    for document in &org.documents {
        let worked_on = document.remediation_owners.contains(&person.person)
            || document.diagnosed_by.contains(&person.person);
        if document.kind == analysis::resolve::documents::DocumentKind::Pir
            && worked_on
            && !document.authors.contains(&person.person)
            && window.contains(document.date)
        {
            suggestions.push(format!(
                "`{}:{}` ({}): you worked on this incident but did not write the review; a deep dive into the remediation you owned is writing only you can do",
                org.repos[document.repo], document.path, document.title
            ));
        }
    }
    suggestions
}

/// Up to `limit` people in `team` who work with the most people in other teams.
fn bridges_in_team(
    context: &Context<'_>,
    team: TeamId,
    except: PersonId,
    limit: usize,
) -> Vec<String> {
    let mut candidates: Vec<(usize, String)> = context
        .measures
        .people
        .iter()
        .filter(|p| p.person != except && context.primary_home(p) == Some(team))
        .map(|p| {
            let people = p
                .metrics
                .get(names::PEOPLE_OTHER_TEAMS)
                .and_then(|m| m.value)
                .unwrap_or(0.0) as usize;
            let who = context.org.people.get(p.person);
            (people, format!("{} (@{})", who.name, who.handle))
        })
        .filter(|(people, _)| *people > 0)
        .collect();
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    candidates
        .into_iter()
        .take(limit)
        .map(|(_, name)| name)
        .collect()
}

fn staff_mode_people_nearby(
    context: &Context<'_>,
    person: &PersonMeasures,
    limit: usize,
) -> Vec<String> {
    let my_teams: BTreeSet<TeamId> = person
        .homes
        .iter()
        .map(|(team, _)| *team)
        .chain(person.interactions.keys().copied())
        .collect();
    let mut names: Vec<String> = context
        .measures
        .people
        .iter()
        .filter(|other| other.person != person.person)
        // The few in staff mode first: comparing everyone's repositories
        // with everyone's was a tenth of keeping every view.
        .filter(|other| {
            context
                .path_memo
                .get(context)
                .staff_mode
                .contains(&other.person)
        })
        .filter(|other| {
            let shares_repo = other
                .repositories
                .intersection(&person.repositories)
                .next()
                .is_some();
            let shares_team = other.homes.iter().any(|(team, _)| my_teams.contains(team));
            shares_repo || shares_team
        })
        .map(|other| {
            let who = context.org.people.get(other.person);
            format!("{} (@{})", who.name, who.handle)
        })
        .collect();
    names.sort();
    names.truncate(limit);
    names
}
