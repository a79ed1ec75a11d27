//! The metric catalogue: every metric a rubric may name, the data source it
//! needs and, for proxies, what it stands in for; beside it, the parameters a
//! rubric tunes the metrics with. It lives apart from the computing code so
//! that a reader (or `staffscope metrics`) can see the whole list at once,
//! and so that adding a metric starts in one place.

use serde::Serialize;

use model::Source;

/// A metric a rubric can name.
#[derive(Clone, Copy, Debug)]
pub struct MetricInfo {
    pub name: &'static str,
    pub source: Source,
    pub description: &'static str,
    /// Set for metrics that stand in for something the data cannot see directly.
    pub proxy: Option<&'static str>,
}

macro_rules! metric {
    ($name:literal, $source:ident, $description:literal) => {
        MetricInfo {
            name: $name,
            source: Source::$source,
            description: $description,
            proxy: None,
        }
    };
    ($name:literal, $source:ident, $description:literal, proxy: $proxy:literal) => {
        MetricInfo {
            name: $name,
            source: Source::$source,
            description: $description,
            proxy: Some($proxy),
        }
    };
}

pub const CATALOGUE: &[MetricInfo] = &[
    metric!(
        "teams_reached",
        Git,
        "other teams materially reached: code changed in their areas, reviews given to their authors, changes co-authored with them"
    ),
    metric!(
        "code_teams_reached",
        Git,
        "other teams whose code areas the person changed materially"
    ),
    metric!(
        "commits",
        Git,
        "commits authored or co-authored, without bots, mass changes and merges"
    ),
    metric!(
        "lines_changed",
        Git,
        "lines added plus removed in those commits, without generated or vendored files"
    ),
    metric!("reviews_given", Git, "changes by others the person reviewed, acked or tested (commit trailers)", proxy: "trailers record reviews that were credited in the commit message, not every review"),
    metric!("reviews_given_other_teams", Git, "reviews given to authors in other teams (commit trailers)", proxy: "trailers record reviews that were credited in the commit message, not every review"),
    metric!(
        "review_people_other_teams",
        Git,
        "distinct authors in other teams whose changes the person reviewed"
    ),
    metric!("review_teams", Git, "distinct other teams whose authors the person reviewed (commit trailers)", proxy: "reviewing authors of several teams stands in for being sought for review until review-request data is collected"),
    metric!(
        "reviews_received",
        Git,
        "reviews the person's own changes received (commit trailers)"
    ),
    metric!(
        "people_other_teams",
        Git,
        "distinct people in other teams worked with: reviews either way, co-authored changes"
    ),
    metric!(
        "components",
        Git,
        "distinct components (repository and top-level area) changed materially"
    ),
    metric!("repositories", Git, "distinct repositories with commits"),
    metric!("layers", Git, "distinct layers of the stack changed (frontend, backend, data, infrastructure, mobile, docs)", proxy: "layers are inferred from file types"),
    metric!(
        "home_concentration",
        Git,
        "share of changed lines in owned code that falls in the home team's area"
    ),
    metric!("coding_share", Git, "coding as a share of the person's work: in hours where a calendar gives meeting time, otherwise as a share of artifacts (weights in the rubric)", proxy: "without a calendar this is the mix of artifacts (commits against reviews, documents and incidents), not of hours; with one, meetings come from the calendar and the rest of the week is split as the artifacts are"),
    metric!(
        "reviews_per_commit",
        Git,
        "reviews given per commit authored"
    ),
    metric!(
        "output_vs_org_median",
        Git,
        "commits relative to the organization's median among people with commits"
    ),
    metric!(
        "documents_authored",
        Documents,
        "proposals, RFCs, design documents, ADRs, strategy documents and post-incident reviews authored"
    ),
    metric!(
        "documents_cited_by_other_teams",
        Documents,
        "other teams that reviewed or cited the person's documents"
    ),
    metric!(
        "initiatives",
        Documents,
        "documents authored that were followed by adopting work in 3+ teams"
    ),
    metric!(
        "systemic_problems",
        Documents,
        "documents the person wrote that were followed by fixes in two or more other teams citing them, and recurring classes of problems (staffscope patterns) the person fixed in three or more teams",
        proxy: "fixes citing a document, or the same class fixed in three teams, stand in for a class of problem solved at the root"
    ),
    metric!(
        "originated_work",
        Documents,
        "documents the person wrote that other people's commits then cite",
        proxy: "citations of the person's documents stand in for work they originated; issues opened are not read yet"
    ),
    metric!(
        "decisions_documented",
        Documents,
        "decisions recorded with the options weighed and the reasoning"
    ),
    metric!(
        "incidents_led",
        Incidents,
        "cross-team incidents where the person diagnosed the root cause and owned the remediation"
    ),
    metric!(
        "review_requests_from_other_teams",
        CodeReview,
        "review requests received from people in other teams (code-review exports)"
    ),
    metric!(
        "review_request_teams",
        CodeReview,
        "distinct other teams whose people asked for the person's review"
    ),
    metric!("review_comments_per_review", CodeReview, "inline comments per review given, in code-review exports", proxy: "comment counts stand in for the depth of a review"),
    metric!("changes_requested", CodeReview, "reviews given that asked for changes, in code-review exports", proxy: "asking for changes stands in for reviews that changed the outcome"),
    metric!(
        "trusted_judgment_entries",
        EvidenceLog,
        "evidence-log entries recording recommendations accepted without re-litigation"
    ),
    metric!(
        "meeting_hours_per_week",
        Calendars,
        "hours a week in meetings with others (calendars)"
    ),
    metric!(
        "cross_team_meeting_hours_per_week",
        Calendars,
        "hours a week in meetings with people from other teams (calendars)"
    ),
    metric!(
        "meeting_share",
        Calendars,
        "share of working time in meetings with other teams"
    ),
];

pub fn metric_info(name: &str) -> Option<&'static MetricInfo> {
    CATALOGUE.iter().find(|info| info.name == name)
}

/// Parameters the rubric sets for the measures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeasureParams {
    /// Lines a person must change in an area for the code to count.
    pub material_lines: u64,
    /// Commits a person must make in a component for it to count towards breadth.
    pub material_commits: usize,
    /// Interactions (commits in its code, reviews of its authors, changes
    /// co-authored) that make another team reached.
    pub material_interactions: usize,
    /// Weights of artifacts in the operating mix.
    pub commit_weight: f64,
    pub review_weight: f64,
    pub document_weight: f64,
    pub incident_weight: f64,
    /// The working week that calendar hours are shares of.
    pub working_hours_per_week: f64,
}

impl Default for MeasureParams {
    fn default() -> Self {
        MeasureParams {
            material_lines: 20,
            material_commits: 2,
            material_interactions: 3,
            commit_weight: 1.0,
            review_weight: 0.5,
            document_weight: 4.0,
            incident_weight: 2.0,
            working_hours_per_week: 40.0,
        }
    }
}
