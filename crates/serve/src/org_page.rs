//! The organization and its teams: `/` (what is collected, the recurring
//! problems, who works across teams as a directed matrix, levels per team),
//! `/team/<name>` (one team: its people, its levels, its work with other
//! teams) and `/team/<from>/to/<to>` (one cell of the matrix, person by
//! person, with the evidence).

use std::collections::BTreeMap;
use std::fmt::Write;

use super::html::{
    Section, evidence_link, page, pair_href, pattern_anchor, team_link, team_links, text,
};
use super::links::Linker;
use super::pages::{counted, sources, stat};
use super::svg;
use report::pairs::PairView;
use report::people::PersonRow;
use report::{InteractionView, OrgReport, TeamView};

/// Teams the matrix shows; a larger organization's matrix keeps the teams
/// with the most interactions and says so.
const MATRIX_TEAMS: usize = 40;

/// `/`: sources, recurring problems, the team matrix, levels per team.
pub fn org(report: &OrgReport, levels: &[String], uniform: &[String], linker: &Linker) -> String {
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
    if let Some(proxy) = &report.teams_proxy {
        let _ = write!(body, "<p class=\"muted\">{}</p>", text(proxy));
    }
    body.push_str("</section>");
    recurring(&mut body, report, linker);
    matrix_card(&mut body, report);
    levels_card(&mut body, report, levels, uniform);
    if !report.repos_without_review_trailers.is_empty() {
        let _ = write!(
            body,
            "<section class=\"card\"><h2>Repositories without review records</h2><p>{}: their commits record no reviews in trailers, so review-based numbers there say “no data”.</p></section>",
            text(&report.repos_without_review_trailers.join(", "))
        );
    }
    page("Organization", Section::Org, &body)
}

fn recurring(body: &mut String, report: &OrgReport, linker: &Linker) {
    let problems = &report.recurring_problems;
    body.push_str("<section class=\"card\"><h2>Recurring cross-team problems</h2>");
    if let Some(why) = &problems.not_measured {
        let _ = write!(body, "<p>{}</p></section>", text(why));
        return;
    }
    if problems.strongest.is_empty() {
        body.push_str("<p>No class of problem recurs across teams here.</p></section>");
        return;
    }
    let _ = write!(
        body,
        "<p class=\"muted\">{} recur across teams; nobody owns {}. The strongest:</p><ul class=\"plain\">",
        counted(problems.total, "class of problems", "classes of problems"),
        problems.unowned
    );
    for problem in &problems.strongest {
        let _ = write!(
            body,
            "<li><a href=\"/patterns#{}\">{}</a> {} <small class=\"muted\">{} occurrences, {} to {}</small><br><small>{}</small></li>",
            pattern_anchor(&problem.name),
            text(&problem.name),
            if problem.owned {
                "<span class=\"badge met\">owned</span>"
            } else {
                "<span class=\"badge warn\">nobody owns it</span>"
            },
            problem.occurrences,
            text(&problem.first_seen),
            text(&problem.last_seen),
            team_links(&problem.teams)
        );
    }
    let _ = write!(
        body,
        "</ul><p><a href=\"/patterns\">All {} on the patterns page</a> · <a href=\"/patterns?unowned=1\">the ones nobody owns</a>{}</p></section>",
        problems.total,
        problems
            .proxy
            .as_ref()
            .map(|p| format!(
                "<br><small class=\"muted\">{}</small>",
                linker.rich(p, None)
            ))
            .unwrap_or_default()
    );
}

/// A cell's shade, by its share of the strongest cell: five steps.
fn shade(count: u64, most: u64) -> usize {
    if count == 0 {
        0
    } else {
        1 + (4 * count.saturating_sub(1) / most.max(1)) as usize
    }
}

fn matrix_card(body: &mut String, report: &OrgReport) {
    let mut cells: BTreeMap<(&str, &str), &InteractionView> = BTreeMap::new();
    let mut weight: BTreeMap<&str, u64> = BTreeMap::new();
    for interaction in &report.interactions {
        if interaction.from == interaction.to {
            continue;
        }
        cells.insert((&interaction.from, &interaction.to), interaction);
        *weight.entry(&interaction.from).or_default() += interaction.count;
        *weight.entry(&interaction.to).or_default() += interaction.count;
    }
    let mut teams: Vec<&str> = report.teams.iter().map(|t| t.name.as_str()).collect();
    if teams.len() > MATRIX_TEAMS {
        teams.sort_by_key(|t| std::cmp::Reverse(weight.get(t).copied().unwrap_or(0)));
        teams.truncate(MATRIX_TEAMS);
        teams.sort_by_key(|t| t.to_lowercase());
    }
    let most = cells.values().map(|i| i.count).max().unwrap_or(1);
    let _ = write!(
        body,
        "<section class=\"card\"><h2>Who works across teams</h2><p class=\"muted\">A row is the team whose people did the work; a column the team reached (code changed in its area, reviews of its authors, changes made with its members). Darker is more; a bold number means someone reached the team materially. A cell opens the people and the evidence behind it.{}</p>",
        if report.teams.len() > teams.len() {
            format!(
                " The {} teams with the most interactions of {} are shown; every team's page has all of its own.",
                teams.len(),
                report.teams.len()
            )
        } else {
            String::new()
        }
    );
    if cells.is_empty() {
        body.push_str("<p>No team's people worked with another team in this window.</p>");
    } else {
        body.push_str("<div class=\"scroll\"><table class=\"matrix\"><caption class=\"visually-hidden\">Interactions from each row's team to each column's team</caption><thead><tr><th scope=\"col\">From \\ to</th>");
        for team in &teams {
            let _ = write!(
                body,
                "<th scope=\"col\"><span class=\"column\">{}</span></th>",
                team_link(team)
            );
        }
        body.push_str("</tr></thead><tbody>");
        for from in &teams {
            let _ = write!(body, "<tr><th scope=\"row\">{}</th>", team_link(from));
            for to in &teams {
                match cells.get(&(*from, *to)) {
                    Some(cell) => {
                        let _ = write!(
                            body,
                            "<td class=\"m{}\"><a href=\"{}\" title=\"{} → {}: {}\">{}</a></td>",
                            shade(cell.count, most),
                            text(&pair_href(from, to)),
                            text(from),
                            text(to),
                            text(&counted(cell.count as usize, "interaction", "interactions")),
                            if cell.through.is_empty() {
                                cell.count.to_string()
                            } else {
                                format!("<strong>{}</strong>", cell.count)
                            }
                        );
                    }
                    None if from == to => body.push_str("<td class=\"self\"></td>"),
                    None => body.push_str("<td></td>"),
                }
            }
            body.push_str("</tr>");
        }
        body.push_str("</tbody></table></div>");
    }
    bridges(body, report);
    body.push_str("</section>");
}

fn bridges(body: &mut String, report: &OrgReport) {
    body.push_str("<div class=\"two\"><div><h3>Bridges</h3><p class=\"muted\">People who materially reached 3 or more teams other than their own.</p>");
    if report.bridges.is_empty() {
        body.push_str("<p>No one reached 3 or more other teams in this window.</p>");
    } else {
        body.push_str("<ul class=\"plain bridges\">");
        for bridge in &report.bridges {
            let _ = write!(
                body,
                "<li>{} <span class=\"muted\">@{} · {}</span><br><small>reached {}</small></li>",
                super::html::person_link(&bridge.name, &bridge.handle),
                text(&bridge.handle),
                bridge
                    .home
                    .as_deref()
                    .map_or_else(|| "no home team".to_string(), team_link),
                team_links(&bridge.teams_reached)
            );
        }
        body.push_str("</ul>");
    }
    body.push_str("</div><div><h3>Teams no one from outside reached materially</h3>");
    if report.unbridged_teams.is_empty() {
        body.push_str("<p>None: someone from another team materially reached every team.</p>");
    } else {
        body.push_str("<p class=\"muted\">Some had lighter work from outside, counted in the matrix but below the rubric's bar for reaching a team.</p><ul class=\"plain\">");
        for team in &report.unbridged_teams {
            let light: u64 = report
                .interactions
                .iter()
                .filter(|i| &i.to == team && &i.from != team)
                .map(|i| i.count)
                .sum();
            let _ = write!(
                body,
                "<li>{}{}</li>",
                team_link(team),
                if light > 0 {
                    format!(
                        " <small class=\"muted\">{} from outside, none material</small>",
                        counted(light as usize, "interaction", "interactions")
                    )
                } else {
                    String::new()
                }
            );
        }
        body.push_str("</ul>");
    }
    body.push_str("</div></div>");
}

/// `uniform`: the dimensions whose first level asks for nothing, so that
/// everyone with data meets it and the bars cannot tell people apart there.
fn levels_card(body: &mut String, report: &OrgReport, levels: &[String], uniform: &[String]) {
    let _ = write!(
        body,
        "<section class=\"card\"><h2>Levels per dimension, per team</h2><p class=\"muted\">How many of each team's active people meet each level, dimension by dimension. An aggregate for the conversation about a team, not a ranking. A bar opens the team's calibration, its team page has the counts in words.</p>{}<div class=\"scroll\"><table class=\"levels-table\"><caption class=\"visually-hidden\">People per level, per team and dimension</caption><thead><tr><th scope=\"col\">Team</th><th scope=\"col\" class=\"num\">People</th>",
        svg::level_legend(levels)
    );
    for report::DimensionName { id, name } in &report.dimensions {
        let _ = write!(
            body,
            "<th scope=\"col\">{}{}</th>",
            text(name),
            if uniform.contains(id) { " *" } else { "" }
        );
    }
    body.push_str("</tr></thead><tbody>");
    for team in &report.teams {
        level_row(body, report, team, levels);
    }
    body.push_str("</tbody></table></div>");
    if !uniform.is_empty() {
        let _ = write!(
            body,
            "<p class=\"muted small\">* The rubric's first level asks for 0 here, so everyone with data meets it: these bars tell people apart only above {}.</p>",
            text(levels.first().map_or("", String::as_str))
        );
    }
    body.push_str("</section>");
}

fn level_row(body: &mut String, report: &OrgReport, team: &TeamView, levels: &[String]) {
    let _ = write!(
        body,
        "<tr><th scope=\"row\">{}{}</th><td class=\"num\">{}</td>",
        team_link(&team.name),
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
            "<td><a href=\"/calibrate?team={}\" aria-label=\"{}, {}: each person in calibration\">{}</a></td>",
            super::html::encode(&team.name),
            text(&team.name),
            text(name),
            svg::level_bar(
                team.levels.get(id),
                levels,
                &format!("{}, {name}", team.name)
            )
        );
    }
    body.push_str("</tr>");
}

/// What the team page shows besides the org report's numbers.
pub struct TeamFacts<'a> {
    pub parent: Option<String>,
    pub children: Vec<String>,
    /// Active people whose home, in the window, is this team.
    pub members: Vec<&'a PersonRow>,
    /// Declared members with no activity in the window.
    pub quiet: Vec<String>,
}

/// `/team/<name>`: its people, its levels, its work with other teams.
pub fn team(
    report: &OrgReport,
    team: &TeamView,
    facts: &TeamFacts<'_>,
    levels: &[String],
) -> String {
    let mut body = format!(
        "<p class=\"crumbs\"><a href=\"/\">Organization</a> ›{}</p><h1>{}</h1><p class=\"lede\">{} · {} · {} commits in the window{}</p><p class=\"actions\"><a class=\"button\" href=\"/calibrate?team={}\">Calibrate this team</a> <a href=\"/people?team={}\">In the people list</a></p>",
        facts
            .parent
            .as_deref()
            .map(|p| format!(" {} ›", team_link(p)))
            .unwrap_or_default(),
        text(&team.name),
        if team.declared {
            "declared in the team map"
        } else {
            "seen only in CODEOWNERS"
        },
        counted(team.active_people, "active person", "active people"),
        team.commits,
        if facts.children.is_empty() {
            String::new()
        } else {
            format!(" · part of it: {}", team_links(&facts.children))
        },
        super::html::encode(&team.name),
        super::html::encode(&team.name)
    );
    body.push_str("<section class=\"card\"><h2>People</h2>");
    if facts.members.is_empty() {
        body.push_str("<p>No one active in the window has this team as their home.</p>");
    } else {
        body.push_str("<ul class=\"columns\">");
        for member in &facts.members {
            let _ = write!(
                body,
                "<li>{} <span class=\"muted\">@{}</span></li>",
                super::html::person_link(&member.name, &member.handle),
                text(&member.handle)
            );
        }
        body.push_str("</ul>");
    }
    if !facts.quiet.is_empty() {
        let _ = write!(
            body,
            "<p class=\"muted\">Members in the team map with no activity in the window (no page, as there is nothing to assess): {}</p>",
            text(&facts.quiet.join(", "))
        );
    }
    body.push_str("</section>");
    let _ = write!(
        body,
        "<section class=\"card\"><h2>Levels per dimension</h2><p class=\"muted\">How many of its active people meet each level; calibration has each person.</p>{}<div class=\"scroll\"><table class=\"levels-table team-levels\"><thead><tr><th scope=\"col\">Dimension</th><th scope=\"col\">People per level</th></tr></thead><tbody>",
        svg::level_legend(levels)
    );
    for report::DimensionName { id, name } in &report.dimensions {
        // The counts in words too: a chart's tooltip needs a mouse.
        let counts = team.levels.get(id);
        let words: Vec<String> = svg::buckets(levels)
            .iter()
            .filter_map(|(bucket, _)| {
                counts
                    .and_then(|c| c.get(bucket))
                    .map(|n| format!("{n} {bucket}"))
            })
            .collect();
        let _ = write!(
            body,
            "<tr><th scope=\"row\">{}</th><td>{} <small class=\"muted\">{}</small></td></tr>",
            text(name),
            svg::level_bar(counts, levels, name),
            text(&words.join(" · "))
        );
    }
    body.push_str("</tbody></table></div></section>");
    let direction = |out: bool| {
        let mut rows: Vec<&InteractionView> = report
            .interactions
            .iter()
            .filter(|i| i.from != i.to)
            .filter(|i| {
                if out {
                    i.from == team.name
                } else {
                    i.to == team.name
                }
            })
            .collect();
        rows.sort_by_key(|i| std::cmp::Reverse(i.count));
        rows
    };
    body.push_str("<section class=\"card\"><h2>Work with other teams</h2><div class=\"two\">");
    for (out, title) in [(true, "Its people reached"), (false, "Reached by")] {
        let rows = direction(out);
        let _ = write!(body, "<div><h3>{title}</h3>");
        if rows.is_empty() {
            body.push_str("<p class=\"muted\">No team.</p>");
        } else {
            body.push_str("<ul class=\"plain\">");
            for row in rows {
                let other = if out { &row.to } else { &row.from };
                let _ = write!(
                    body,
                    "<li>{} <a href=\"{}\">{}</a></li>",
                    team_link(other),
                    text(&pair_href(&row.from, &row.to)),
                    text(&counted(row.count as usize, "interaction", "interactions"))
                );
            }
            body.push_str("</ul>");
        }
        body.push_str("</div>");
    }
    body.push_str("</div></section>");
    page(&team.name, Section::Org, &body)
}

/// `/team/<from>/to/<to>`: who in `from` worked towards `to`, with the evidence.
pub fn pair(view: &PairView) -> String {
    let mut body = format!(
        "<p class=\"crumbs\"><a href=\"/\">Organization</a> › {} ›</p><h1>{} → {}</h1><p class=\"lede\">{} from {}'s people to {}; {} the other way (<a href=\"{}\">see them</a>).</p>",
        team_link(&view.from),
        text(&view.from),
        text(&view.to),
        counted(view.count as usize, "interaction", "interactions"),
        team_link(&view.from),
        team_link(&view.to),
        view.back,
        text(&pair_href(&view.to, &view.from))
    );
    if view.people.is_empty() {
        body.push_str("<section class=\"card\"><p>No one whose home is this team worked with the other team in the window.</p></section>");
    }
    for person in &view.people {
        let mut did = Vec::new();
        if person.commits > 0 {
            did.push(format!(
                "{} changing its code ({} lines)",
                counted(person.commits as usize, "commit", "commits"),
                person.lines
            ));
        }
        if person.reviews_given > 0 {
            did.push(format!(
                "{} of its authors",
                counted(person.reviews_given as usize, "review", "reviews")
            ));
        }
        if person.coauthored > 0 {
            did.push(format!(
                "{} with its members",
                counted(
                    person.coauthored as usize,
                    "change made together",
                    "changes made together"
                )
            ));
        }
        let _ = write!(
            body,
            "<section class=\"card\"><h2>{} <small class=\"muted\">@{}</small> {}</h2><p>{}.</p>",
            super::html::person_link(&person.name, &person.handle),
            text(&person.handle),
            if person.material {
                "<span class=\"badge met\">reached it</span>"
            } else {
                "<span class=\"badge none\">below the bar</span>"
            },
            text(&did.join(", ")),
        );
        if person.evidence.is_empty() {
            let href = text(&super::html::person_href(&person.handle));
            let mut where_listed = Vec::new();
            if person.commits > 0 {
                where_listed.push(format!(
                    "the commits under <a href=\"{href}/code_teams_reached\">their code in other teams' areas</a>"
                ));
            }
            if person.reviews_given > 0 {
                where_listed.push(format!(
                    "the reviews under <a href=\"{href}/reviews_given\">reviews given</a>"
                ));
            }
            let _ = write!(
                body,
                "<p class=\"muted\">Below the rubric's bar for reaching a team, so not itemized here{}{}.</p>",
                if where_listed.is_empty() { "" } else { "; " },
                where_listed.join(", ")
            );
        } else {
            let _ = write!(
                body,
                "<details{}><summary>{}</summary><ul class=\"evidence\">",
                if person.evidence.len() <= 8 {
                    " open"
                } else {
                    ""
                },
                counted(
                    person.evidence.len(),
                    "piece of evidence",
                    "pieces of evidence"
                )
            );
            for e in &person.evidence {
                let _ = write!(
                    body,
                    "<li>{} <span class=\"date\">{}</span> {}</li>",
                    evidence_link(e, Some(&person.handle)),
                    text(&model::date(e.time)),
                    text(&e.summary)
                );
            }
            body.push_str("</ul></details>");
        }
        body.push_str("</section>");
    }
    page(&format!("{} → {}", view.from, view.to), Section::Org, &body)
}
