//! `/evidence/<repo>/<reference>`: one piece of evidence, its people and
//! teams linked, the numbers of one person it is behind, and the evidence it
//! is linked with (an RFC to its adopting commits and back).

use std::fmt::Write;

use super::html::{Section, encode, page, person_href, team_link, text};
use super::links::Linker;
use report::PersonReport;
use report::evidence::EvidenceView;

pub fn evidence(view: &EvidenceView, person: Option<&PersonReport>, linker: &Linker) -> String {
    let handle = person.map(|p| p.handle.as_str());
    let mut body = String::from("<p class=\"crumbs\">");
    match person {
        Some(report) => {
            let _ = write!(
                body,
                "<a href=\"/people\">People</a> › <a href=\"{}\">{}</a> ›",
                text(&person_href(&report.handle)),
                text(&report.name)
            );
        }
        None => body.push_str("<a href=\"/\">Organization</a> ›"),
    }
    let _ = write!(
        body,
        "</p><p class=\"kind\"><span>{}</span> · <code>{}</code></p><h1 class=\"evidence-title\">{}</h1><p class=\"lede\">{}</p><section class=\"card\"><dl class=\"facts\">",
        text(view.kind),
        text(&view.id),
        text(&view.title),
        text(&view.date)
    );
    for (label, value) in &view.facts {
        let _ = write!(
            body,
            "<dt>{}</dt><dd>{}</dd>",
            text(label),
            linker.rich(value, handle)
        );
    }
    body.push_str("</dl></section>");
    if let Some(report) = person {
        cited_by(&mut body, view, report);
    }
    if !view.files.is_empty() {
        body.push_str("<section class=\"card\"><h2>Files changed</h2><div class=\"scroll\"><table><thead><tr><th scope=\"col\">File</th><th scope=\"col\">Owning team</th><th scope=\"col\" class=\"num\">Added</th><th scope=\"col\" class=\"num\">Removed</th></tr></thead><tbody>");
        for file in &view.files {
            let _ = write!(
                body,
                "<tr><td><code>{}</code></td><td>{}</td><td class=\"num add\">{}</td><td class=\"num del\">{}</td></tr>",
                text(&file.path),
                file.team.as_deref().map_or_else(
                    || "<span class=\"muted\">no owner</span>".to_string(),
                    team_link
                ),
                if file.binary {
                    "binary".to_string()
                } else {
                    format!("+{}", file.added)
                },
                if file.binary {
                    String::new()
                } else {
                    format!("-{}", file.removed)
                }
            );
        }
        body.push_str("</tbody></table></div></section>");
    }
    if !view.related.is_empty() {
        let _ = write!(
            body,
            "<section class=\"card\"><h2>Linked evidence <small class=\"muted\">{}</small></h2><ul class=\"evidence\">",
            view.related.len()
        );
        for (id, date, summary) in &view.related {
            let _ = write!(
                body,
                "<li>{} <span class=\"date\">{}</span> {}</li>",
                linker.rich(id, handle),
                text(date),
                text(summary)
            );
        }
        body.push_str("</ul></section>");
    }
    page(&view.title, Section::None, &body)
}

fn cited_by(body: &mut String, view: &EvidenceView, report: &PersonReport) {
    let _ = write!(
        body,
        "<section class=\"card\"><h2>Behind these numbers of {}</h2>",
        super::html::person_link(&report.name, &report.handle)
    );
    if view.cited_by.is_empty() {
        body.push_str("<p class=\"muted\">No number of this person cites it.</p>");
    } else {
        body.push_str("<ul class=\"plain\">");
        for cited in &view.cited_by {
            let _ = write!(
                body,
                "<li><a href=\"{}/{}\">{}</a>: {} <span class=\"muted\">{}</span></li>",
                text(&person_href(&report.handle)),
                encode(&cited.id),
                text(&cited.name),
                text(&cited.item),
                text(&cited.detail)
            );
        }
        body.push_str("</ul>");
    }
    body.push_str("</section>");
}
