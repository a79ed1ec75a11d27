//! The metric catalogue: every metric a rubric may name, the data source it
//! needs and, for proxies, what it stands in for; beside it, the parameters a
//! rubric tunes the metrics with. It lives apart from the computing code so
//! that a reader (or `staffscope metrics`) can see the whole list at once,
//! and so that adding a metric starts in one place.

use serde::Serialize;

use model::Source;

/// Every metric's name, as rubrics write it: code names a metric through
/// these constants, so a typo is a compile error, not a metric that never
/// has data.
pub mod names {
    pub const TEAMS_REACHED: &str = "teams_reached";
    pub const CODE_TEAMS_REACHED: &str = "code_teams_reached";
    pub const GROUPS_REACHED: &str = "groups_reached";
    pub const COMMITS: &str = "commits";
    pub const LINES_CHANGED: &str = "lines_changed";
    pub const REVIEWS_GIVEN: &str = "reviews_given";
    pub const REVIEWS_GIVEN_OTHER_TEAMS: &str = "reviews_given_other_teams";
    pub const REVIEW_PEOPLE_OTHER_TEAMS: &str = "review_people_other_teams";
    pub const REVIEW_TEAMS: &str = "review_teams";
    pub const REVIEWS_RECEIVED: &str = "reviews_received";
    pub const PEOPLE_OTHER_TEAMS: &str = "people_other_teams";
    pub const COMPONENTS: &str = "components";
    pub const REPOSITORIES: &str = "repositories";
    pub const LAYERS: &str = "layers";
    pub const HOME_CONCENTRATION: &str = "home_concentration";
    pub const CODING_SHARE: &str = "coding_share";
    pub const REVIEWS_PER_COMMIT: &str = "reviews_per_commit";
    pub const OUTPUT_VS_ORG_MEDIAN: &str = "output_vs_org_median";
    pub const DOCUMENTS_AUTHORED: &str = "documents_authored";
    pub const DOCUMENTS_CITED_BY_OTHER_TEAMS: &str = "documents_cited_by_other_teams";
    pub const INITIATIVES: &str = "initiatives";
    pub const SYSTEMIC_PROBLEMS: &str = "systemic_problems";
    pub const ORIGINATED_WORK: &str = "originated_work";
    pub const DECISIONS_DOCUMENTED: &str = "decisions_documented";
    pub const INCIDENTS_LED: &str = "incidents_led";
    pub const REVIEW_REQUESTS_FROM_OTHER_TEAMS: &str = "review_requests_from_other_teams";
    pub const REVIEW_REQUEST_TEAMS: &str = "review_request_teams";
    pub const REVIEW_COMMENTS_PER_REVIEW: &str = "review_comments_per_review";
    pub const CHANGES_REQUESTED: &str = "changes_requested";
    pub const TRUSTED_JUDGMENT_ENTRIES: &str = "trusted_judgment_entries";
    pub const MEETING_HOURS_PER_WEEK: &str = "meeting_hours_per_week";
    pub const CROSS_TEAM_MEETING_HOURS_PER_WEEK: &str = "cross_team_meeting_hours_per_week";
    pub const MEETING_SHARE: &str = "meeting_share";
}

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
    ($name:expr, $source:ident, $description:literal) => {
        MetricInfo {
            name: $name,
            source: Source::$source,
            description: $description,
            proxy: None,
        }
    };
    ($name:expr, $source:ident, $description:literal, proxy: $proxy:literal) => {
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
        names::TEAMS_REACHED,
        Git,
        "other teams materially reached: code changed in their areas, reviews given to their authors, changes co-authored with them, documents naming them that the person wrote, reviewed or approved"
    ),
    metric!(
        names::GROUPS_REACHED,
        Git,
        "top-level teams (a tribe, an area, a parent team) other than the person's own that the teams reached are part of; a sibling team counts in teams_reached, not here"
    ),
    metric!(
        names::CODE_TEAMS_REACHED,
        Git,
        "other teams whose code areas the person changed materially"
    ),
    metric!(
        names::COMMITS,
        Git,
        "commits authored or co-authored, without bots, mass changes and merges"
    ),
    metric!(
        names::LINES_CHANGED,
        Git,
        "lines added plus removed in those commits, without generated or vendored files"
    ),
    metric!(names::REVIEWS_GIVEN, Git, "changes by others the person reviewed, acked or tested (commit trailers)", proxy: "trailers record reviews that were credited in the commit message, not every review"),
    metric!(names::REVIEWS_GIVEN_OTHER_TEAMS, Git, "reviews given to authors in other teams (commit trailers)", proxy: "trailers record reviews that were credited in the commit message, not every review"),
    metric!(
        names::REVIEW_PEOPLE_OTHER_TEAMS,
        Git,
        "distinct authors in other teams whose changes the person reviewed"
    ),
    metric!(names::REVIEW_TEAMS, Git, "distinct other teams whose authors the person reviewed (commit trailers)", proxy: "reviewing authors of several teams stands in for being sought for review until review-request data is collected"),
    metric!(
        names::REVIEWS_RECEIVED,
        Git,
        "reviews the person's own changes received (commit trailers)"
    ),
    metric!(
        names::PEOPLE_OTHER_TEAMS,
        Git,
        "distinct people in other teams worked with: reviews either way, co-authored changes"
    ),
    metric!(
        names::COMPONENTS,
        Git,
        "distinct components (repository and top-level area) changed materially"
    ),
    metric!(
        names::REPOSITORIES,
        Git,
        "distinct repositories with commits"
    ),
    metric!(names::LAYERS, Git, "distinct layers of the stack changed (frontend, backend, data, infrastructure, mobile, docs)", proxy: "layers are inferred from file types"),
    metric!(
        names::HOME_CONCENTRATION,
        Git,
        "share of changed lines in owned code that falls in the home team's area"
    ),
    metric!(names::CODING_SHARE, Git, "coding as a share of the person's work: in hours where a calendar gives meeting time, otherwise as a share of artifacts (weights in the rubric)", proxy: "without a calendar this is the mix of artifacts (commits against reviews, documents and incidents), not of hours; with one, meetings come from the calendar and the rest of the week is split as the artifacts are"),
    metric!(
        names::REVIEWS_PER_COMMIT,
        Git,
        "reviews given per commit authored"
    ),
    metric!(
        names::OUTPUT_VS_ORG_MEDIAN,
        Git,
        "commits relative to the organization's median among people with commits"
    ),
    metric!(
        names::DOCUMENTS_AUTHORED,
        Documents,
        "proposals, RFCs, design documents, ADRs, strategy documents and post-incident reviews authored"
    ),
    metric!(
        names::DOCUMENTS_CITED_BY_OTHER_TEAMS,
        Documents,
        "other teams that reviewed or cited the person's documents"
    ),
    metric!(
        names::INITIATIVES,
        Documents,
        "documents authored that were followed by adopting work in 3+ teams, or accepted proposals naming 3+ teams besides the authors' own as owning or taking part"
    ),
    metric!(
        names::SYSTEMIC_PROBLEMS,
        Documents,
        "documents the person wrote that were followed by fixes in two or more other teams citing them, and recurring classes of problems (staffscope patterns) the person fixed in three or more teams",
        proxy: "fixes citing a document, or the same class fixed in three teams, stand in for a class of problem solved at the root"
    ),
    metric!(
        names::ORIGINATED_WORK,
        Documents,
        "documents the person wrote that other people's commits then cite",
        proxy: "citations of the person's documents stand in for work they originated; issues opened are not read yet"
    ),
    metric!(
        names::DECISIONS_DOCUMENTED,
        Documents,
        "decisions recorded with the options weighed and the reasoning: an ADR's options and decision, a proposal's alternatives (or rejected ideas) and its decided status or merged RFC"
    ),
    metric!(
        names::INCIDENTS_LED,
        Incidents,
        "cross-team incidents where the person diagnosed the root cause and owned the remediation"
    ),
    metric!(
        names::REVIEW_REQUESTS_FROM_OTHER_TEAMS,
        CodeReview,
        "review requests received from people in other teams (code-review exports)"
    ),
    metric!(
        names::REVIEW_REQUEST_TEAMS,
        CodeReview,
        "distinct other teams whose people asked for the person's review"
    ),
    metric!(names::REVIEW_COMMENTS_PER_REVIEW, CodeReview, "inline comments per review given, in code-review exports", proxy: "comment counts stand in for the depth of a review"),
    metric!(names::CHANGES_REQUESTED, CodeReview, "reviews given that asked for changes, in code-review exports", proxy: "asking for changes stands in for reviews that changed the outcome"),
    metric!(
        names::TRUSTED_JUDGMENT_ENTRIES,
        EvidenceLog,
        "evidence-log entries recording recommendations accepted without re-litigation"
    ),
    metric!(
        names::MEETING_HOURS_PER_WEEK,
        Calendars,
        "hours a week in meetings with others (calendars)"
    ),
    metric!(
        names::CROSS_TEAM_MEETING_HOURS_PER_WEEK,
        Calendars,
        "hours a week in meetings with people from other teams (calendars)"
    ),
    metric!(
        names::MEETING_SHARE,
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
