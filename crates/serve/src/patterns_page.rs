//! `/patterns`: the classes of problems recurring across teams, as a
//! triage table to act on (filterable to the unowned ones, or to those near
//! one person with whether they fixed each), then each class with its
//! evidence.

use std::fmt::Write;

use super::html::{Section, encode, page, pattern_anchor, team_links, text};
use super::links::Linker;
use report::patterns::{PatternView, capped};
use report::triage::{Row, Triage};

/// What the page was asked for, to keep in its links.
pub struct Asked<'a> {
    pub unowned: bool,
    /// (handle, name) of the person the page is for.
    pub person: Option<(&'a str, &'a str)>,
}

pub fn patterns(view: &Triage, asked: &Asked<'_>, linker: &Linker) -> String {
    let report = &view.report;
    let mut body = format!(
        "<h1>Recurring cross-team problems</h1><p class=\"lede\">Classes of problems that recur in two or more teams: the same kind of bug fixed, reverted or written up in several teams' code. Window {} to {} (exclusive); strongest first. A pull request, patch series or topic branch is one occurrence. A class is owned when a document its fixes cite names it, or one person fixed it in most of its teams.</p>",
        text(&report.window.since),
        text(&report.window.until)
    );
    body.push_str(&filters(asked));
    if let Some(why) = &report.not_measured {
        let _ = write!(
            body,
            "<section class=\"card\"><p>{}</p></section>",
            text(why)
        );
        return page("Patterns", Section::Patterns, &body);
    }
    if let Some(proxy) = &report.proxy {
        let _ = write!(body, "<p class=\"muted\">{}</p>", text(proxy));
    }
    if report.patterns.is_empty() {
        body.push_str("<section class=\"card\"><p>No class of problem recurs across teams here.</p></section>");
        return page("Patterns", Section::Patterns, &body);
    }
    body.push_str(&table(&view.triage));
    for (pattern, row) in report.patterns.iter().zip(&view.triage) {
        let shown = 0..pattern.occurrences.len().min(OCCURRENCES_SHOWN);
        class(&mut body, row, pattern, linker, shown, false);
    }
    page("Patterns", Section::Patterns, &body)
}

/// Occurrences a class shows on the patterns page; its own page has them
/// all, this many a page. A class of a large organization has thousands.
const OCCURRENCES_SHOWN: usize = 20;
const OCCURRENCES_PER_PAGE: usize = 200;

/// `/patterns/<anchor>`: one class with every occurrence, a page at a time.
pub fn class_page(
    view: &Triage,
    anchor: &str,
    page_index: usize,
    linker: &Linker,
) -> Option<String> {
    let (pattern, row) = view
        .report
        .patterns
        .iter()
        .zip(&view.triage)
        .find(|(pattern, _)| pattern_anchor(&pattern.name) == anchor)?;
    let total = pattern.occurrences.len();
    let pages = total.div_ceil(OCCURRENCES_PER_PAGE).max(1);
    let index = page_index.min(pages - 1);
    let start = index * OCCURRENCES_PER_PAGE;
    let mut body = format!(
        "<p class=\"crumbs\"><a href=\"/patterns\">Patterns</a> ›</p><h1>{}</h1><p class=\"lede\">A class of problems recurring across teams, with every occurrence.</p>",
        text(&pattern.name)
    );
    class(
        &mut body,
        row,
        pattern,
        linker,
        start..(start + OCCURRENCES_PER_PAGE).min(total),
        true,
    );
    if pages > 1 {
        let link = |to: usize, label: &str| {
            format!("<a href=\"/patterns/{anchor}?page={}\">{label}</a>", to + 1)
        };
        let _ = write!(
            body,
            "<nav class=\"pager\" aria-label=\"Pages of occurrences\">Page {} of {pages} {}{}</nav>",
            index + 1,
            if index > 0 {
                link(index - 1, "Previous")
            } else {
                String::new()
            },
            if index + 1 < pages {
                format!(" {}", link(index + 1, "Next"))
            } else {
                String::new()
            }
        );
    }
    Some(page(&pattern.name, Section::Patterns, &body))
}

/// Links that switch the filters, keeping the other one.
fn filters(asked: &Asked<'_>) -> String {
    let person = asked
        .person
        .map(|(handle, _)| format!("person={}", encode(handle)));
    let href = |unowned: bool| {
        let mut parts: Vec<String> = Vec::new();
        if unowned {
            parts.push("unowned=1".into());
        }
        parts.extend(person.clone());
        if parts.is_empty() {
            "/patterns".to_string()
        } else {
            format!("/patterns?{}", parts.join("&amp;"))
        }
    };
    let mut out = String::from("<p class=\"filters\">");
    if asked.unowned {
        let _ = write!(
            out,
            "Showing the classes nobody owns. <a href=\"{}\">Show all</a>",
            href(false)
        );
    } else {
        let _ = write!(
            out,
            "<a href=\"{}\">Show only the classes nobody owns</a>",
            href(true)
        );
    }
    if let Some((_, name)) = asked.person {
        let _ = write!(
            out,
            " · Near {}'s work. <a href=\"{}\">Everyone's</a>",
            text(name),
            if asked.unowned {
                "/patterns?unowned=1"
            } else {
                "/patterns"
            }
        );
    }
    out.push_str("</p>");
    out
}

fn table(rows: &[Row]) -> String {
    let person = rows.iter().any(|r| r.you_fixed.is_some());
    let mut out = String::from(
        "<div class=\"table-wrap\"><table class=\"triage\"><thead><tr><th scope=\"col\">#</th><th scope=\"col\">Class</th><th scope=\"col\">Teams</th><th scope=\"col\">Episodes</th><th scope=\"col\">Trend</th><th scope=\"col\">Last seen</th><th scope=\"col\">Owner</th>",
    );
    if person {
        out.push_str("<th scope=\"col\">Fixed it</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        let _ = write!(
            out,
            "<tr><td>{}</td><td><a href=\"#{}\">{}</a></td><td>{} <span class=\"muted\">({})</span></td><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td>",
            row.rank,
            pattern_anchor(&row.name),
            text(&row.name),
            row.teams.len(),
            text(&capped(&row.teams)),
            row.episodes,
            text(&row.trend),
            text(&row.last_seen),
            if row.recurring { ", recurring" } else { "" },
            if row.owned {
                "<span class=\"badge met\">owned</span>"
            } else {
                "<span class=\"badge warn\">nobody</span>"
            }
        );
        if let Some(fixed) = row.fixed_by_person() {
            let _ = write!(out, "<td>{}</td>", text(&fixed));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    out
}

/// How many fixers a class shows before "and N more".
const FIXERS_SHOWN: usize = 8;

fn class(
    body: &mut String,
    row: &Row,
    pattern: &PatternView,
    linker: &Linker,
    shown: std::ops::Range<usize>,
    own_page: bool,
) {
    let anchor = pattern_anchor(&pattern.name);
    let _ = write!(
        body,
        "<section class=\"card pattern\" id=\"{}\"><div class=\"pattern-head\"><h2>{}. <a href=\"/patterns/{anchor}\">{}</a></h2><div>{}{}</div></div><p>{}</p><dl class=\"facts\"><dt>Teams</dt><dd>{}</dd><dt>Repositories</dt><dd>{}</dd><dt>Seen</dt><dd>{} to {}, {} independent occurrences, {}</dd><dt>Owner</dt><dd>{}</dd>",
        anchor,
        row.rank,
        text(&pattern.name),
        if pattern.owned {
            "<span class=\"badge met\">owned</span>"
        } else {
            "<span class=\"badge warn\">nobody owns it</span>"
        },
        if pattern.recurring {
            " <span class=\"badge possible\">still recurring</span>"
        } else {
            ""
        },
        linker.rich(&pattern.description, None),
        team_links(&pattern.teams),
        text(&capped(&pattern.repositories)),
        text(&pattern.first_seen),
        text(&pattern.last_seen),
        pattern.episodes,
        text(&pattern.trend.text()),
        linker.rich(&pattern.ownership, None)
    );
    if !pattern.named_by.is_empty() {
        body.push_str("<dt>Documents</dt><dd>");
        for naming in &pattern.named_by {
            let _ = write!(
                body,
                "{} {} <span class=\"muted\">({}, {}; {})</span><br>",
                super::html::id_link(&naming.id),
                text(&naming.title),
                text(&naming.kind),
                linker.rich(&naming.authors.join(", "), None),
                text(&naming.how)
            );
        }
        body.push_str("</dd>");
    }
    if !pattern.fixers.is_empty() {
        let mut fixers: Vec<String> = pattern
            .fixers
            .iter()
            .take(FIXERS_SHOWN)
            .map(|fixer| {
                format!(
                    "{} <span class=\"muted\">({})</span>",
                    linker.person(&fixer.name, &fixer.handle),
                    team_links(&fixer.teams)
                )
            })
            .collect();
        if pattern.fixers.len() > FIXERS_SHOWN {
            fixers.push(format!("and {} more", pattern.fixers.len() - FIXERS_SHOWN));
        }
        let _ = write!(body, "<dt>Fixed by</dt><dd>{}</dd>", fixers.join(", "));
    }
    let total = pattern.occurrences.len();
    let _ = write!(
        body,
        "</dl><details{}><summary>{}</summary><ul class=\"evidence\">",
        if own_page { " open" } else { "" },
        if shown.len() == total {
            format!("Every occurrence ({total})")
        } else {
            format!(
                "Occurrences {} to {} of {total}",
                shown.start + 1,
                shown.end
            )
        }
    );
    for occurrence in &pattern.occurrences[shown.clone()] {
        let _ = write!(
            body,
            "<li>{} <span class=\"date\">{}</span> {} <span class=\"muted\">{} · {}{} · episode {}</span></li>",
            super::html::id_link(&occurrence.id),
            text(&occurrence.date),
            text(&occurrence.summary),
            text(occurrence.kind.label()),
            team_links(&occurrence.teams),
            occurrence
                .by
                .as_ref()
                .map(|by| format!(" · by {}", linker.rich(by, None)))
                .unwrap_or_default(),
            occurrence.episode
        );
    }
    body.push_str("</ul>");
    if !own_page && shown.len() < total {
        let _ = write!(
            body,
            "<p><a href=\"/patterns/{anchor}\">All {total} occurrences</a></p>"
        );
    }
    body.push_str("</details></section>");
}
