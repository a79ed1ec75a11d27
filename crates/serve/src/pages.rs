//! The dashboard's pages, rendered server-side from the report view models.
//! Pure: a view in, an HTML string out. No measuring happens here; every
//! number comes from `report` and links to the evidence behind it. This
//! file has the parts pages share, the people list and calibration; the
//! organization and teams, a person, and one piece of evidence have their
//! own files.

use std::fmt::Write;

use super::html::{Section, encode, page, person_href, team_link, text};
use super::links::Linker;
use analysis::assess::{Outcome, Status};
use report::calibrate::Calibration;
use report::markdown::{number_or_no_data, status_value};
use report::people::PeopleView;
use report::{SourceView, markdown::conditions_text};

pub(crate) fn sources(sources: &[SourceView]) -> String {
    let mut out = String::from("<ul class=\"sources\" aria-label=\"Data sources\">");
    for source in sources {
        let _ = write!(
            out,
            "<li class=\"{}\">{} <span>{}</span><small>{}</small></li>",
            if source.collected {
                "present"
            } else {
                "missing"
            },
            text(source.source.key()),
            if source.collected {
                "collected"
            } else {
                "missing"
            },
            text(source.description),
        );
    }
    out.push_str("</ul>");
    out
}

/// "1 piece", "3 pieces".
pub(crate) fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(crate) fn level_badge(status: &Status, first_level: &str) -> String {
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

pub(crate) fn outcome_badge(outcome: &Outcome, found_class: &str) -> String {
    let sources = |missing: &[model::Source]| {
        text(
            &missing
                .iter()
                .map(|s| s.key())
                .collect::<Vec<_>>()
                .join(", "),
        )
    };
    match outcome {
        Outcome::Found => format!("<span class=\"badge {found_class}\">applies</span>"),
        Outcome::Possible { missing } => format!(
            "<span class=\"badge possible\">possible; needs {}</span>",
            sources(missing)
        ),
        Outcome::NotFound => "<span class=\"badge none\">not found</span>".to_string(),
        Outcome::NotMeasured { missing } => format!(
            "<span class=\"badge none\">not measured: needs {}</span>",
            sources(missing)
        ),
    }
}

pub(crate) fn stat(out: &mut String, value: &str, label: &str) {
    let _ = write!(
        out,
        "<div class=\"stat\"><strong>{}</strong><span>{}</span></div>",
        text(value),
        text(label)
    );
}

/// A team chooser, `name` the field, `chosen` selected.
pub(crate) fn team_select(name: &str, label: &str, teams: &[String], chosen: &str) -> String {
    let mut out = format!(
        "<label>{} <select name=\"{name}\"><option value=\"\">every team</option>",
        text(label)
    );
    for team in teams {
        let _ = write!(
            out,
            "<option value=\"{0}\"{1}>{0}</option>",
            text(team),
            if team == chosen { " selected" } else { "" }
        );
    }
    out.push_str("</select></label>");
    out
}

/// What the people list shows: a text to find and a team, both optional.
#[derive(Clone, Debug, Default)]
pub struct PeopleFilter {
    pub find: String,
    pub team: String,
    /// Grouped by team rather than in order of the name.
    pub by_team: bool,
}

/// `/people`: everyone active in the window, filtered by name and team.
/// Sorted by name or team only: a list sorted by a count is a ranking,
/// which this tool does not make.
pub fn people(view: &PeopleView, teams: &[String], filter: &PeopleFilter) -> String {
    let find = filter.find.to_lowercase();
    let team_of = |row: &report::people::PersonRow| {
        row.teams
            .first()
            .map(|t| t.trim_end_matches(" (inferred)").to_string())
            .unwrap_or_default()
    };
    let mut rows: Vec<&report::people::PersonRow> = view
        .people
        .iter()
        .filter(|row| {
            find.is_empty()
                || row.name.to_lowercase().contains(&find)
                || row.handle.to_lowercase().contains(&find)
        })
        .filter(|row| {
            filter.team.is_empty()
                || row
                    .teams
                    .iter()
                    .any(|t| t.trim_end_matches(" (inferred)") == filter.team)
        })
        .collect();
    if filter.by_team {
        rows.sort_by_key(|row| (team_of(row).to_lowercase(), row.name.to_lowercase()));
    }
    let mut body = format!(
        "<h1>People</h1><p class=\"lede\">{} people active in the window. Open someone for their assessment, or a team for its people together.</p><form class=\"inline\" method=\"get\" action=\"/people\" role=\"search\"><label>Name or handle <input type=\"search\" name=\"find\" value=\"{}\"></label>{}<label><input type=\"checkbox\" name=\"by\" value=\"team\"{}> Group by team</label><button type=\"submit\">Show</button></form>",
        view.people.len(),
        text(&filter.find),
        team_select("team", "Team", teams, &filter.team),
        if filter.by_team { " checked" } else { "" }
    );
    if rows.len() != view.people.len() {
        let _ = write!(
            body,
            "<p class=\"muted\" role=\"status\">Showing {} of {}. <a href=\"/people\">Show everyone</a></p>",
            rows.len(),
            view.people.len()
        );
    }
    body.push_str("<div class=\"scroll\"><table class=\"people\"><caption class=\"visually-hidden\">People active in the window</caption><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Handle</th><th scope=\"col\">Team</th><th scope=\"col\" class=\"num\">Commits</th><th scope=\"col\" class=\"num\">Reviews given</th><th scope=\"col\" class=\"num\">Other teams reached</th></tr></thead><tbody>");
    for row in rows {
        let href = person_href(&row.handle);
        let teams: Vec<String> = row
            .teams
            .iter()
            .map(|t| match t.strip_suffix(" (inferred)") {
                Some(team) => format!(
                    "{} <small class=\"muted\">(inferred)</small>",
                    team_link(team)
                ),
                None => team_link(t),
            })
            .collect();
        let _ = write!(
            body,
            "<tr><th scope=\"row\"><a href=\"{0}\">{1}</a></th><td><a class=\"handle\" href=\"{0}\">@{2}</a></td><td>{3}</td><td class=\"num\"><a href=\"{0}/commits\">{4}</a></td><td class=\"num\"><a href=\"{0}/reviews_given\">{5}</a></td><td class=\"num\"><a href=\"{0}/teams_reached\">{6}</a></td></tr>",
            text(&href),
            text(&row.name),
            text(&row.handle),
            if teams.is_empty() {
                "<span class=\"muted\">no team</span>".to_string()
            } else {
                teams.join(", ")
            },
            text(&number_or_no_data(row.commits)),
            text(&number_or_no_data(row.reviews_given)),
            text(&number_or_no_data(row.teams_reached))
        );
    }
    body.push_str("</tbody></table></div>");
    page("People", Section::People, &body)
}

/// Which calibration page was asked for.
pub struct CalibrationAsked<'a> {
    pub team: Option<&'a str>,
    /// From 0; a page holds [`CALIBRATION_ROWS`] people.
    pub page: usize,
}

/// People a calibration page shows: a thousand rows are 45,000 elements
/// and a second to lay out, and nobody compares that many at once.
pub const CALIBRATION_ROWS: usize = 150;

/// `/calibrate`: people side by side against the rubric. Named, every
/// name and cell opens its page; anonymized, nothing links, as a link
/// would name the person. The counts at target are over everyone chosen,
/// whichever page shows them.
pub fn calibrate(
    view: &Calibration,
    teams: &[String],
    asked: &CalibrationAsked<'_>,
    rules: &[(String, String)],
) -> String {
    let team = asked.team;
    let mut body = format!(
        "<h1>Calibration</h1><p class=\"lede\">People side by side against the rubric, in alphabetical order. There is no total score and no ranking: compare each dimension against the rubric, not people against each other.</p><form class=\"inline\" method=\"get\" action=\"/calibrate\">{}<label><input type=\"checkbox\" name=\"anonymize\" value=\"1\"{}> Replace names with stable pseudonyms</label> <button type=\"submit\">Show</button></form>",
        team_select("team", "Team", teams, team.unwrap_or_default()),
        if view.anonymized { " checked" } else { "" }
    );
    let _ = write!(
        body,
        "<p class=\"muted\">{} · window {} to {} (exclusive) · target level <strong>{}</strong>{}{}</p>",
        counted(view.rows.len(), "person", "people"),
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
        },
        if view.anonymized {
            " · anonymized: names and cells do not link, as a link would name the person"
        } else {
            " · a name opens the person, a cell the evidence behind it · under each dimension, how many here meet their target level · “below” is below the first level the dimension grades, “no ev.” no evidence"
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
    body.push_str("<div class=\"scroll\"><table class=\"calibrate\"><caption class=\"visually-hidden\">Each person's level per dimension</caption><thead><tr><th scope=\"col\">Person</th><th scope=\"col\">Team</th>");
    for (index, column) in view.dimensions.iter().enumerate() {
        let at_target = view
            .rows
            .iter()
            .filter(|row| {
                matches!(
                    row.cells.get(index).map(|c| &c.status),
                    Some(Status::Measured {
                        meets_target: true,
                        ..
                    })
                )
            })
            .count();
        let _ = write!(
            body,
            "<th scope=\"col\"><span class=\"column\">{}</span><small class=\"count\" title=\"{at_target} of {} at their target level\">{at_target}/{}</small></th>",
            text(&column.name),
            view.rows.len(),
            view.rows.len()
        );
    }
    body.push_str(
        "<th scope=\"col\">Failure modes</th><th scope=\"col\">Signals</th></tr></thead><tbody>",
    );
    let pages = view.rows.len().div_ceil(CALIBRATION_ROWS).max(1);
    let index = asked.page.min(pages - 1);
    for row in view
        .rows
        .iter()
        .skip(index * CALIBRATION_ROWS)
        .take(CALIBRATION_ROWS)
    {
        calibrate_row(&mut body, view, row, rules);
    }
    body.push_str("</tbody></table></div>");
    if pages > 1 {
        body.push_str(&calibration_pager(view, asked, index, pages));
    }
    page("Calibration", Section::Calibrate, &body)
}

fn calibration_pager(
    view: &Calibration,
    asked: &CalibrationAsked<'_>,
    index: usize,
    pages: usize,
) -> String {
    let mut query = String::new();
    if let Some(team) = asked.team {
        let _ = write!(query, "team={}&amp;", encode(team));
    }
    if view.anonymized {
        query.push_str("anonymize=1&amp;");
    }
    let mut out = format!(
        "<nav class=\"pager\" aria-label=\"Pages of people\">{CALIBRATION_ROWS} people a page, in alphabetical order:"
    );
    for page in 0..pages {
        if page == index {
            let _ = write!(out, " <strong aria-current=\"page\">{}</strong>", page + 1);
        } else {
            let first = view
                .rows
                .get(page * CALIBRATION_ROWS)
                .map_or("", |r| r.who.as_str());
            let _ = write!(
                out,
                " <a href=\"/calibrate?{query}page={}\" title=\"from {}\">{}</a>",
                page + 1,
                text(first),
                page + 1
            );
        }
    }
    out.push_str("</nav>");
    out
}

fn calibrate_row(
    body: &mut String,
    view: &Calibration,
    row: &report::calibrate::Row,
    rules: &[(String, String)],
) {
    let href = row.handle.as_deref().map(person_href);
    let _ = write!(
        body,
        "<tr><th scope=\"row\">{}</th><td>{}</td>",
        match &href {
            Some(href) => format!("<a href=\"{}\">{}</a>", text(href), text(&row.who)),
            None => text(&row.who),
        },
        match (&row.team, view.anonymized) {
            (Some(team), false) => team_link(team),
            (Some(team), true) => text(team),
            (None, _) => "-".to_string(),
        }
    );
    for (cell, column) in row.cells.iter().zip(&view.dimensions) {
        let badge = match &cell.status {
            // Narrow columns: the level's full name is in the tooltip.
            Status::Measured { level: None, .. } => format!(
                "<span class=\"badge below\" title=\"below {}\">below</span>",
                text(&column.first_level)
            ),
            Status::NoEvidence { .. } => {
                "<span class=\"badge none\" title=\"no evidence\">no ev.</span>".to_string()
            }
            Status::NotExpected { from } => format!(
                "<span class=\"badge none\" title=\"expected from {}\">n/e</span>",
                text(from)
            ),
            status => level_badge(status, &column.first_level),
        };
        let value = text(&status_value(&column.metric, &cell.status));
        let evidence = counted(cell.evidence, "piece of evidence", "pieces of evidence");
        let _ = match &href {
            Some(href) => write!(
                body,
                "<td><a class=\"cell\" href=\"{}/{}\" title=\"{}\">{badge} <small>{value}</small></a></td>",
                text(href),
                encode(&column.id),
                text(&evidence)
            ),
            None => write!(
                body,
                "<td>{badge} <small class=\"muted\" title=\"{}\">{value}</small></td>",
                text(&evidence)
            ),
        };
    }
    let rule_links = |names: &[String]| -> String {
        names
            .iter()
            .map(|name| {
                let id = rules.iter().find(|(_, n)| n == name).map(|(id, _)| id);
                match (&href, id) {
                    (Some(href), Some(id)) => format!(
                        "<a href=\"{}/{}\">{}</a>",
                        text(href),
                        encode(id),
                        text(name)
                    ),
                    _ => text(name),
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = write!(
        body,
        "<td class=\"rules\">{}</td><td class=\"rules\">{}</td></tr>",
        rule_links(&row.failure_modes),
        rule_links(&row.signals)
    );
}

/// A rule with what triggered it and what would clear it, linked to its
/// explanation.
pub(crate) fn rule_item(
    rule: &report::RuleView,
    href: &str,
    found_class: &str,
    linker: &Linker,
) -> String {
    format!(
        "<li><div><a href=\"{}\">{}</a> {}</div><small>{}</small>{}</li>",
        text(href),
        text(&rule.name),
        outcome_badge(&rule.outcome, found_class),
        linker.rich(&conditions_text(rule), None),
        match (&rule.outcome, &rule.clear) {
            (Outcome::Found, Some(clear)) => format!(
                "<small class=\"clear\">What would clear it: {}</small>",
                text(clear)
            ),
            _ => String::new(),
        }
    )
}

/// A page for an error: not found, or a token needed.
pub fn message(title: &str, message: &str) -> String {
    page(
        title,
        Section::None,
        &format!(
            "<h1>{}</h1><section class=\"card\"><p class=\"pre\">{}</p><p><a href=\"/\">Back to the organization</a> · <a href=\"/people\">Everyone</a></p></section>",
            text(title),
            text(message)
        ),
    )
}
