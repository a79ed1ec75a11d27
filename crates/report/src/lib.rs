//! Report: what a reader sees. Builds view models from the measures and the
//! assessment (pure), then renders them as Markdown or JSON. Names and
//! handles only: no view model has a field for an email address.

mod analyzed;
pub mod calibrate;
pub mod documents;
pub mod evidence;
pub mod explain;
pub mod export;
mod facts;
mod fixed;
pub mod html;
pub mod markdown;
pub mod packet;
pub mod pairs;
mod path;
pub mod patterns;
pub mod people;
mod persist;
pub mod pseudonym;
pub mod redact;
pub mod stored;
pub mod teams;
pub mod triage;

pub use facts::FactsView;

pub use analyzed::{Analysis, LookupError, one_person};
pub use teams::{ConflictView, SeveralTeamsView, TeamMapView, TeamsReport, teams_report};

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use analysis::assess::{
    ArchetypeFit, Assessment, Outcome, Rubric, Status, assess, assess_person, resemblance,
};
use analysis::measure::{Evidence, OrgMeasures, PersonMeasures, names};
use analysis::resolve::{Org, TeamId};
use model::{Source, Window, date};

/// The JSON schemas of the person's and the organization's reports.
pub const PERSON_SCHEMA: &str = "staffscope.person-report/3";
pub const ORG_SCHEMA: &str = "staffscope.org-report/2";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WindowView {
    pub since: String,
    /// Exclusive.
    pub until: String,
}

impl From<Window> for WindowView {
    fn from(window: Window) -> Self {
        WindowView {
            since: date(window.since),
            until: date(window.until),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SourceView {
    pub source: Source,
    pub collected: bool,
    #[serde(deserialize_with = "fixed::source_description")]
    pub description: fixed::Fixed,
}

fn sources_view(collected: &[Source]) -> Vec<SourceView> {
    Source::ALL
        .into_iter()
        .map(|source| SourceView {
            source,
            collected: collected.contains(&source),
            description: source.description(),
        })
        .collect()
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HomeView {
    pub team: String,
    pub inferred: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemView {
    pub label: String,
    pub detail: String,
    pub evidence: Vec<Evidence>,
}

impl From<&analysis::measure::Item> for ItemView {
    fn from(item: &analysis::measure::Item) -> Self {
        ItemView {
            label: item.label.clone(),
            detail: item.detail.clone(),
            evidence: item.evidence.clone(),
        }
    }
}

/// The value a level needs on a dimension.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Threshold {
    pub level: String,
    pub value: f64,
}

/// A dimension by its id and name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DimensionName {
    pub id: String,
    pub name: String,
}

/// A dimension nobody can be assessed on here, and the source it needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotMeasured {
    pub dimension: String,
    pub source: Source,
}

/// As every view writes it: "Incidents (needs incidents)".
impl std::fmt::Display for NotMeasured {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (needs {})", self.dimension, self.source.key())
    }
}

/// An area (`repository:area`) and how many file changes it had in the window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaChanges {
    pub area: String,
    pub file_changes: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DimensionView {
    pub id: String,
    pub name: String,
    pub metric: String,
    pub better: analysis::assess::Better,
    /// The value each level needs, in the rubric's level order.
    pub thresholds: Vec<Threshold>,
    #[serde(flatten)]
    pub status: Status,
    pub about: String,
    pub advice: String,
    pub note: Option<String>,
    pub proxy: Option<String>,
    /// The measure that decided the level, where the dimension reads several.
    pub decided_by: String,
    /// The measure counted items itself (confirmed entries, filtered
    /// documents): `evidence` lists them, and no metric explains it.
    pub counted: bool,
    /// The metric whose evidence is listed: the one the dimension reads, the
    /// numerator of a ratio, or the measure that decided among several.
    pub evidence_metric: String,
    pub evidence: Vec<ItemView>,
    /// Evidence-log entries naming this dimension: shown, labelled, and
    /// counted only where the dimension reads the evidence log.
    pub self_reported: Vec<Evidence>,
    /// The metric quarter by quarter: each quarter measured on its own, so a
    /// count over a quarter is smaller than over the window (values, not levels).
    pub trend: Vec<TrendPoint>,
}

impl DimensionView {
    /// The first level the dimension grades: the rubric's first, or its
    /// `expected_from`. "Below" it is what a value under every threshold reads.
    pub fn first_level<'a>(&'a self, rubric_first: &'a str) -> &'a str {
        self.thresholds
            .first()
            .map_or(rubric_first, |t| t.level.as_str())
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TrendPoint {
    pub quarter: String,
    /// The quarter is cut by the window's start or end.
    pub partial: bool,
    /// `None`: no data that quarter (including no activity at all).
    pub value: Option<f64>,
}

/// One calendar quarter of the window, measured on its own: for everyone,
/// or only for the person a report is about.
pub struct Quarter {
    pub label: String,
    pub partial: bool,
    pub measures: OrgMeasures,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RuleView {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub outcome: Outcome,
    pub about: String,
    pub clear: Option<String>,
    pub conditions: Vec<analysis::assess::ConditionResult>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Step {
    pub title: String,
    pub why: String,
    pub suggestions: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ExcludedView {
    pub evidence: Evidence,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PersonReport {
    /// The JSON schema this view follows; see the README's "JSON output".
    #[serde(deserialize_with = "fixed::person_schema")]
    pub schema: fixed::Fixed,
    pub name: String,
    pub handle: String,
    pub homes: Vec<HomeView>,
    pub window: WindowView,
    pub rubric: String,
    pub target: String,
    /// Level, job family and manager from the team map, and whence the target.
    pub facts: FactsView,
    pub sources: Vec<SourceView>,
    pub dimensions: Vec<DimensionView>,
    pub failure_modes: Vec<RuleView>,
    pub signals: Vec<RuleView>,
    pub path: Vec<Step>,
    /// The archetype the person is assessed against, when one was chosen.
    pub archetype: Option<String>,
    /// How far the evidence resembles each of the rubric's archetypes.
    pub archetypes: Vec<ArchetypeFit>,
    pub excluded: Vec<ExcludedView>,
    /// Every metric measured for the person, with its evidence: what the
    /// failure modes and signals read, so their numbers can be checked too.
    #[serde(deserialize_with = "fixed::metrics")]
    pub metrics: std::collections::BTreeMap<&'static str, analysis::measure::Metric>,
}

/// Everything a report needs, assembled once per run.
pub struct Context<'a> {
    pub org: &'a Org,
    pub measures: &'a OrgMeasures,
    pub rubric: &'a Rubric,
    /// How the rubric was chosen, for the conversation with a manager.
    pub rubric_origin: &'a str,
    /// Rubrics by job family (lowercase): a person whose job family the
    /// team map gives is assessed on its rubric (`Context::rubric_for`).
    pub family_rubrics: &'a [(String, Rubric)],
    /// The window's quarters measured alone, for trends; empty when not needed.
    pub quarters: &'a [Quarter],
    /// Classes of problems recurring across teams (`analysis::patterns`).
    pub patterns: &'a [analysis::patterns::Pattern],
    /// Keyed by the store's secret, for anonymized views.
    pub pseudonyms: &'a pseudonym::Pseudonyms,
    /// What everyone's path reads of the whole organization, found once.
    pub(crate) path_memo: &'a path::Memo,
}

impl Context<'_> {
    pub fn assessment(&self, person: &PersonMeasures) -> Assessment {
        self.assess_on(&self.rubric_for(person.person), person)
    }

    /// The person assessed on `rubric`, as every view shows it: their
    /// metrics and confirmed log entries, team dimensions marked as proxies
    /// over inferred areas, and sustained dimensions checked by quarter.
    fn assess_on(&self, rubric: &Rubric, person: &PersonMeasures) -> Assessment {
        let mut assessment = assess_person(rubric, &self.measures.sources, person);
        self.mark_area_proxies(&mut assessment);
        self.check_persistence(person, rubric, &mut assessment);
        assessment
    }

    /// The rubric's dimensions as assessed for nobody: ids, names, metrics
    /// and proxies, with every status "not measured".
    pub fn assessment_template(&self) -> Vec<analysis::assess::DimensionResult> {
        assess(self.rubric, &[], &Default::default()).dimensions
    }

    fn team_name(&self, team: TeamId) -> String {
        self.org.team(team).name.clone()
    }

    fn primary_home(&self, person: &PersonMeasures) -> Option<TeamId> {
        person.homes.first().map(|(team, _)| *team)
    }
}

/// What a measure that is not a metric counted, as one item.
fn counted_items(measure: &str, evidence: Vec<Evidence>) -> Vec<ItemView> {
    if evidence.is_empty() {
        return Vec::new();
    }
    let detail = match evidence.len() {
        1 => format!("1 counted: {measure}"),
        n => format!("{n} counted: {measure}"),
    };
    vec![ItemView::from(&analysis::measure::Item {
        label: "counted".into(),
        detail,
        evidence,
    })]
}

/// One person's report; with `archetype` (an id the rubric defines, checked
/// by the caller) the thresholds are that archetype's.
pub fn person_report(
    context: &Context<'_>,
    person: &PersonMeasures,
    archetype: Option<&str>,
) -> PersonReport {
    let org = context.org;
    let who = org.people.get(person.person);
    let own = context.rubric_for(person.person);
    let chosen = archetype.and_then(|id| own.for_archetype(id));
    let rubric = chosen.as_ref().unwrap_or(&own);
    let assessment = context.assess_on(rubric, person);
    let archetypes = if chosen.is_some() {
        resemblance(&own, &context.assessment(person))
    } else {
        resemblance(&own, &assessment)
    };
    let trend_of = |metric: &str| -> Vec<TrendPoint> {
        context
            .quarters
            .iter()
            .map(|quarter| TrendPoint {
                quarter: quarter.label.clone(),
                partial: quarter.partial,
                value: quarter
                    .measures
                    .person(person.person)
                    .and_then(|p| p.metrics.get(metric))
                    .and_then(|m| m.value),
            })
            .collect()
    };
    let dimensions: Vec<DimensionView> = rubric
        .dimensions
        .iter()
        .zip(&assessment.dimensions)
        .map(|(dimension, result)| DimensionView {
            id: dimension.id.clone(),
            name: dimension.name.clone(),
            metric: dimension.metric.clone(),
            better: dimension.better,
            thresholds: dimension
                .thresholds
                .iter()
                .map(|(level, value)| Threshold {
                    level: level.clone(),
                    value: *value,
                })
                .collect(),
            status: result.status.clone(),
            about: dimension.about.clone(),
            advice: dimension.advice.clone(),
            note: result.note.clone(),
            proxy: result.proxy.clone(),
            self_reported: person
                .self_reported
                .get(&dimension.id)
                .cloned()
                .unwrap_or_default(),
            // A trend is a plain metric's, quarter by quarter.
            trend: match &result.status {
                Status::NotMeasured { .. } | Status::NotExpected { .. } => Vec::new(),
                _ if result.decided_by != result.evidence_metric => Vec::new(),
                _ => trend_of(&result.evidence_metric),
            },
            decided_by: result.decided_by.clone(),
            counted: result.counted.is_some(),
            evidence_metric: result.evidence_metric.clone(),
            evidence: match &result.status {
                Status::NotMeasured { .. } | Status::NotExpected { .. } => Vec::new(),
                // Counted item by item (confirmed entries, filtered
                // documents): what was counted is its evidence.
                _ if result.counted.is_some() => counted_items(
                    &result.decided_by,
                    result.counted.clone().unwrap_or_default(),
                ),
                _ => person
                    .metrics
                    .get(result.evidence_metric.as_str())
                    .map(|metric| metric.items.iter().map(ItemView::from).collect())
                    .unwrap_or_default(),
            },
        })
        .collect();
    let rule_view =
        |rule: &analysis::assess::Rule, result: &analysis::assess::RuleResult| RuleView {
            id: rule.id.clone(),
            name: rule.name.clone(),
            outcome: result.outcome.clone(),
            about: rule.about.clone(),
            clear: rule.clear.clone(),
            conditions: result.conditions.clone(),
        };
    let failure_modes = rubric
        .failure_modes
        .iter()
        .zip(&assessment.failure_modes)
        .map(|(rule, result)| rule_view(rule, result))
        .collect();
    let signals = rubric
        .signals
        .iter()
        .zip(&assessment.signals)
        .map(|(rule, result)| rule_view(rule, result))
        .collect();
    PersonReport {
        schema: PERSON_SCHEMA,
        name: who.name.clone(),
        handle: who.handle.clone(),
        homes: person
            .homes
            .iter()
            .map(|(team, inferred)| HomeView {
                team: context.team_name(*team),
                inferred: *inferred,
            })
            .collect(),
        window: context.measures.window.into(),
        rubric: rubric.name.clone(),
        target: rubric.target.clone(),
        facts: context.facts_view(person.person),
        sources: sources_view(&context.measures.sources),
        path: path::the_path(context, person, &dimensions),
        archetype: archetype.and_then(|id| {
            own.archetypes
                .iter()
                .find(|a| a.id == id)
                .map(|a| a.name.clone())
        }),
        archetypes,
        dimensions,
        failure_modes,
        signals,
        metrics: person.metrics.clone(),
        excluded: person
            .excluded
            .iter()
            .map(|(evidence, reason)| ExcludedView {
                evidence: evidence.clone(),
                reason: reason.clone(),
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------
// The organization view.

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TeamView {
    pub name: String,
    /// Declared in the teams file (as opposed to seen only in CODEOWNERS).
    pub declared: bool,
    pub declared_members: usize,
    pub active_people: usize,
    pub commits: u64,
    /// Per dimension id: level name (or "below <first level>", "no data") -> people.
    pub levels: BTreeMap<String, BTreeMap<String, usize>>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct InteractionView {
    pub from: String,
    pub to: String,
    pub count: u64,
    /// People of `from` who materially reached `to`, in alphabetical order.
    pub through: Vec<PersonRef>,
}

/// A person named in a view, with the handle their page is found by.
/// Written "Name (@handle)" in JSON, as it always was.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PersonRef {
    pub name: String,
    pub handle: String,
}

impl std::fmt::Display for PersonRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (@{})", self.name, self.handle)
    }
}

/// Binary formats (views kept in the store) carry both parts.
impl Serialize for PersonRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            return serializer.collect_str(self);
        }
        (&self.name, &self.handle).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for PersonRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            return Err(serde::de::Error::custom(
                "a person is read back only from a binary format",
            ));
        }
        let (name, handle) = <(String, String)>::deserialize(deserializer)?;
        Ok(PersonRef { name, handle })
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BridgeView {
    pub name: String,
    pub handle: String,
    pub home: Option<String>,
    pub teams_reached: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OrgReport {
    #[serde(deserialize_with = "fixed::org_schema")]
    pub schema: fixed::Fixed,
    pub window: WindowView,
    pub rubric: String,
    pub sources: Vec<SourceView>,
    pub repositories: usize,
    pub people: usize,
    pub commits: usize,
    pub excluded_commits: BTreeMap<String, u64>,
    pub teams: Vec<TeamView>,
    /// The measured dimensions, in the rubric's order.
    pub dimensions: Vec<DimensionName>,
    /// From the team whose people did the work to the team reached, with
    /// the people through whom (those who materially reached it).
    pub interactions: Vec<InteractionView>,
    pub bridges: Vec<BridgeView>,
    pub unbridged_teams: Vec<String>,
    pub not_measured: Vec<NotMeasured>,
    /// Repositories whose commits record no reviews in trailers.
    pub repos_without_review_trailers: Vec<String>,
    pub documents: DocumentsSummary,
    /// Classes of problems recurring across teams (`staffscope patterns`).
    pub recurring_problems: patterns::RecurringProblems,
    /// Set when the teams are areas inferred from the repositories.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub teams_proxy: Option<String>,
}

/// What was read of the organization's writing.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DocumentsSummary {
    pub total: usize,
    pub by_kind: BTreeMap<String, usize>,
    pub authors: usize,
    /// Documents whose authors came from the file's history.
    pub inferred_authors: usize,
    pub citations: usize,
    pub cited_documents: usize,
}

pub fn org_report(context: &Context<'_>) -> OrgReport {
    let org = context.org;
    let measures = context.measures;
    let rubric = context.rubric;
    let first_level = rubric.levels.first().cloned().unwrap_or_default();
    let mut teams: Vec<TeamView> = org
        .teams
        .iter()
        .map(|team| TeamView {
            name: team.name.clone(),
            declared: team.declared,
            declared_members: org.declared_members(team.id).len(),
            active_people: 0,
            commits: 0,
            levels: BTreeMap::new(),
        })
        .collect();
    let mut not_measured = Vec::new();
    let mut bridges = Vec::new();
    let mut reached_by_others: BTreeSet<TeamId> = BTreeSet::new();
    for person in &measures.people {
        let assessment = context.assessment(person);
        if not_measured.is_empty() {
            for dimension in &assessment.dimensions {
                if let Status::NotMeasured { source } = dimension.status {
                    not_measured.push(NotMeasured {
                        dimension: dimension.name.clone(),
                        source,
                    });
                }
            }
        }
        let teams_reached = person
            .metrics
            .get(names::TEAMS_REACHED)
            .and_then(|m| m.value)
            .unwrap_or(0.0);
        reached_by_others.extend(
            person
                .metrics
                .get(names::TEAMS_REACHED)
                .into_iter()
                .flat_map(|m| {
                    m.items
                        .iter()
                        .filter_map(|item| org.team_by_name(&item.label))
                }),
        );
        let home = context.primary_home(person);
        if teams_reached >= 3.0 {
            let who = org.people.get(person.person);
            bridges.push(BridgeView {
                name: who.name.clone(),
                handle: who.handle.clone(),
                home: home.map(|t| context.team_name(t)),
                teams_reached: person
                    .metrics
                    .get(names::TEAMS_REACHED)
                    .map(|m| m.items.iter().map(|i| i.label.clone()).collect())
                    .unwrap_or_default(),
            });
        }
        let Some(home) = home else { continue };
        let view = &mut teams[home.0 as usize];
        // Levels are the configured rubric's; people on a job family's
        // rubric are in its calibration instead.
        let on_rubric = context.family_of(person.person).is_none();
        view.active_people += 1;
        view.commits += person
            .metrics
            .get(names::COMMITS)
            .and_then(|m| m.value)
            .unwrap_or(0.0) as u64;
        for dimension in assessment.dimensions.iter().filter(|_| on_rubric) {
            let bucket = match &dimension.status {
                Status::Measured {
                    level: Some(level), ..
                } => level.clone(),
                Status::Measured { level: None, .. } => format!("below {first_level}"),
                Status::NoData => "no data".to_string(),
                Status::NoEvidence { .. } => "no evidence".to_string(),
                Status::NotMeasured { .. } | Status::NotExpected { .. } => continue,
            };
            *view
                .levels
                .entry(dimension.id.clone())
                .or_default()
                .entry(bucket)
                .or_default() += 1;
        }
    }
    bridges.sort_by(|a, b| a.name.cmp(&b.name));
    let unbridged_teams = org
        .teams
        .iter()
        .filter(|team| !reached_by_others.contains(&team.id))
        .map(|team| team.name.clone())
        .collect();
    let mut through: BTreeMap<(TeamId, TeamId), Vec<PersonRef>> = BTreeMap::new();
    for person in &measures.people {
        let Some(home) = context.primary_home(person) else {
            continue;
        };
        for (team, interaction) in &person.interactions {
            // What the person did towards the team, as the matrix counts it
            // (reviews received are the other team's acting).
            let acting = interaction.total() - interaction.reviews_received;
            if acting >= rubric.measures.material_interactions as u64 {
                let who = org.people.get(person.person);
                through.entry((home, *team)).or_default().push(PersonRef {
                    name: who.name.clone(),
                    handle: who.handle.clone(),
                });
            }
        }
    }
    let interactions = measures
        .team_matrix
        .iter()
        .map(|((from, to), count)| InteractionView {
            from: context.team_name(*from),
            to: context.team_name(*to),
            count: *count,
            through: {
                let mut people = through.remove(&(*from, *to)).unwrap_or_default();
                people.sort_by_key(|p| p.name.to_lowercase());
                people
            },
        })
        .collect();
    let commits = org
        .commits
        .iter()
        .filter(|c| measures.window.contains(c.time))
        .count();
    OrgReport {
        teams_proxy: context.areas_note(),
        schema: ORG_SCHEMA,
        window: measures.window.into(),
        rubric: rubric.name.clone(),
        sources: sources_view(&measures.sources),
        repositories: org.repos.len() - org.document_folders,
        people: measures.people.len(),
        commits,
        excluded_commits: measures.excluded_commits.clone(),
        teams: teams
            .into_iter()
            .filter(|t| t.declared || t.active_people > 0)
            .collect(),
        dimensions: rubric
            .dimensions
            .iter()
            .filter(|d| !not_measured.iter().any(|n| n.dimension == d.name))
            .map(|d| DimensionName {
                id: d.id.clone(),
                name: d.name.clone(),
            })
            .collect(),
        interactions,
        bridges,
        unbridged_teams,
        not_measured,
        repos_without_review_trailers: measures.repos_without_review_trailers.clone(),
        documents: DocumentsSummary {
            total: org.documents.len(),
            by_kind: org.documents.iter().fold(BTreeMap::new(), |mut kinds, d| {
                *kinds.entry(d.kind.label().to_string()).or_default() += 1;
                kinds
            }),
            authors: org
                .documents
                .iter()
                .flat_map(|d| d.authors.iter())
                .collect::<BTreeSet<_>>()
                .len(),
            inferred_authors: org.documents.iter().filter(|d| d.authors_inferred).count(),
            citations: org.documents.iter().map(|d| d.citations.len()).sum(),
            cited_documents: org
                .documents
                .iter()
                .filter(|d| !d.citations.is_empty())
                .count(),
        },
        recurring_problems: patterns::recurring_problems(context),
    }
}

#[cfg(test)]
mod tests;
