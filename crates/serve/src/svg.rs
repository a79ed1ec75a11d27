//! Charts drawn by the server as inline SVG: no script, nothing fetched.
//! Every label goes through [`super::html::text`]; tooltips are `<title>`
//! elements, which browsers show on hover and screen readers read.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::html::text;
use report::{InteractionView, TrendPoint};

fn number(value: f64) -> String {
    report::markdown::number(value)
}

/// A dimension's value quarter by quarter: a line through the quarters with
/// data, a dot per quarter (hollow for a partial quarter), and the target's
/// threshold as a dashed line when it is in range.
pub fn sparkline(trend: &[TrendPoint], target: Option<f64>) -> String {
    let (width, height, pad) = (132.0, 30.0, 4.0);
    let values: Vec<f64> = trend.iter().filter_map(|p| p.value).collect();
    if values.is_empty() {
        return "<span class=\"muted\">no data by quarter</span>".to_string();
    }
    let mut top = values.iter().copied().fold(0.0_f64, f64::max);
    if let Some(target) = target
        && target > top
        && target <= top * 1.6
    {
        top = target;
    }
    let top = if top <= 0.0 { 1.0 } else { top };
    let step = if trend.len() > 1 {
        (width - 2.0 * pad) / (trend.len() - 1) as f64
    } else {
        0.0
    };
    let x = |index: usize| pad + step * index as f64;
    let y = |value: f64| height - pad - (height - 2.0 * pad) * (value / top);
    let mut out = format!(
        "<svg class=\"spark\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\"><title>By quarter, each measured alone: {}</title>",
        text(
            &trend
                .iter()
                .map(|p| format!(
                    "{}{} {}",
                    p.quarter,
                    if p.partial { " (part)" } else { "" },
                    p.value.map_or_else(|| "no data".to_string(), number)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    if let Some(target) = target
        && target <= top
    {
        let _ = write!(
            out,
            "<line class=\"target\" x1=\"{pad}\" x2=\"{0}\" y1=\"{1:.1}\" y2=\"{1:.1}\"/>",
            width - pad,
            y(target)
        );
    }
    let mut path = String::new();
    for (index, point) in trend.iter().enumerate() {
        if let Some(value) = point.value {
            let _ = write!(
                path,
                "{}{:.1},{:.1} ",
                if path.is_empty() || trend[index - 1].value.is_none() {
                    "M"
                } else {
                    "L"
                },
                x(index),
                y(value)
            );
        }
    }
    let _ = write!(out, "<path class=\"line\" d=\"{}\"/>", path.trim_end());
    for (index, point) in trend.iter().enumerate() {
        if let Some(value) = point.value {
            let _ = write!(
                out,
                "<circle class=\"{}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.6\"><title>{}: {}</title></circle>",
                if point.partial { "dot partial" } else { "dot" },
                x(index),
                y(value),
                text(&point.quarter),
                number(value)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// The level buckets in the order bars stack them: no data, below the first
/// level, then the rubric's levels.
pub fn buckets(levels: &[String]) -> Vec<String> {
    let mut buckets = vec!["no data".to_string()];
    if let Some(first) = levels.first() {
        buckets.push(format!("below {first}"));
    }
    buckets.extend(levels.iter().cloned());
    buckets
}

/// A stacked bar of how many people of a team are at each level of one dimension.
pub fn level_bar(
    counts: Option<&BTreeMap<String, usize>>,
    levels: &[String],
    label: &str,
) -> String {
    let Some(counts) = counts.filter(|c| c.values().sum::<usize>() > 0) else {
        return "<span class=\"muted\">-</span>".to_string();
    };
    let total: usize = counts.values().sum();
    let width = 64.0;
    let mut out = format!(
        "<svg class=\"levels\" viewBox=\"0 0 {width} 14\" width=\"{width}\" height=\"14\" role=\"img\"><title>{}</title>",
        text(&format!(
            "{label}: {}",
            buckets(levels)
                .iter()
                .filter_map(|b| counts.get(b).map(|n| format!("{b} {n}")))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    );
    let mut x = 0.0;
    for (index, bucket) in buckets(levels).iter().enumerate() {
        let Some(count) = counts.get(bucket) else {
            continue;
        };
        let w = width * *count as f64 / total as f64;
        let _ = write!(
            out,
            "<rect class=\"b{index}\" x=\"{x:.2}\" y=\"0\" width=\"{w:.2}\" height=\"14\"><title>{}: {count}</title></rect>",
            text(bucket)
        );
        x += w;
    }
    out.push_str("</svg>");
    out
}

/// The legend for [`level_bar`].
pub fn level_legend(levels: &[String]) -> String {
    let mut out = String::from("<div class=\"legend\">");
    for (index, bucket) in buckets(levels).iter().enumerate() {
        let _ = write!(
            out,
            "<span><svg width=\"12\" height=\"12\"><rect class=\"b{index}\" width=\"12\" height=\"12\" rx=\"2\"/></svg>{}</span>",
            text(bucket)
        );
    }
    out.push_str("</div>");
    out
}

/// The most edges the interaction map draws.
pub const GRAPH_EDGES: usize = 150;

/// Teams on a circle, an edge per pair of teams that interacted, its width
/// by the number of interactions; hovering an edge names who bridges it.
pub fn interaction_graph(teams: &[(String, usize)], interactions: &[InteractionView]) -> String {
    if teams.is_empty() {
        return "<p class=\"muted\">No teams.</p>".to_string();
    }
    let size = 560.0;
    let center = size / 2.0;
    let radius = if teams.len() > 1 {
        size / 2.0 - 110.0
    } else {
        0.0
    };
    let position = |index: usize| {
        let angle =
            std::f64::consts::TAU * index as f64 / teams.len() as f64 - std::f64::consts::FRAC_PI_2;
        (center + radius * angle.cos(), center + radius * angle.sin())
    };
    let index_of: BTreeMap<&str, usize> = teams
        .iter()
        .enumerate()
        .map(|(index, (name, _))| (name.as_str(), index))
        .collect();
    // Both directions of a pair share one edge; its tooltip gives each.
    let mut edges: BTreeMap<(usize, usize), (u64, Vec<String>)> = BTreeMap::new();
    for interaction in interactions {
        let (Some(&from), Some(&to)) = (
            index_of.get(interaction.from.as_str()),
            index_of.get(interaction.to.as_str()),
        ) else {
            continue;
        };
        if from == to {
            continue;
        }
        let edge = edges.entry((from.min(to), from.max(to))).or_default();
        edge.0 += interaction.count;
        edge.1.push(format!(
            "{} → {}: {} interactions{}",
            interaction.from,
            interaction.to,
            interaction.count,
            if interaction.through.is_empty() {
                String::new()
            } else {
                format!(", through {}", interaction.through.join(", "))
            }
        ));
    }
    let most = edges.values().map(|e| e.0).max().unwrap_or(1).max(1) as f64;
    let most_people = teams.iter().map(|t| t.1).max().unwrap_or(1).max(1) as f64;
    // A large organization's map keeps its strongest edges, and says so:
    // a thousand lines on a circle are unreadable and heavy.
    let pairs = edges.len();
    let mut edges: Vec<_> = edges.into_iter().collect();
    edges.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(&b.0)));
    edges.truncate(GRAPH_EDGES);
    let mut out = format!(
        "<svg class=\"graph\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-labelledby=\"graph-title\"><title id=\"graph-title\">Cross-team interactions: {} teams, {pairs} connected pairs{}</title>",
        teams.len(),
        if pairs > GRAPH_EDGES {
            format!(", the {GRAPH_EDGES} strongest drawn")
        } else {
            String::new()
        }
    );
    for ((a, b), (count, lines)) in &edges {
        let ((x1, y1), (x2, y2)) = (position(*a), position(*b));
        let width = 1.0 + 9.0 * (*count as f64 / most);
        let _ = write!(
            out,
            "<line class=\"edge\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke-width=\"{width:.1}\"><title>{}</title></line>",
            text(&lines.join("\n"))
        );
    }
    for (index, (name, people)) in teams.iter().enumerate() {
        let (x, y) = position(index);
        let r = 7.0 + 11.0 * (*people as f64 / most_people).sqrt();
        let (dx, anchor) = if teams.len() == 1 || (x - center).abs() < 1.0 {
            (0.0, "middle")
        } else if x > center {
            (r + 6.0, "start")
        } else {
            (-(r + 6.0), "end")
        };
        let dy = if (x - center).abs() < 1.0 {
            if y < center { -(r + 6.0) } else { r + 16.0 }
        } else {
            4.0
        };
        let _ = write!(
            out,
            "<g class=\"node\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\"><title>{}: {people} active people</title></circle><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text></g>",
            text(name),
            x + dx,
            y + dy,
            text(name)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_in_charts_are_escaped() {
        let graph = interaction_graph(
            &[("<b>core</b>".to_string(), 2), ("web".to_string(), 1)],
            &[InteractionView {
                from: "<b>core</b>".into(),
                to: "web".into(),
                count: 3,
                through: vec!["<script>x</script> (@x)".into()],
            }],
        );
        assert!(
            !graph.contains("<b>") && !graph.contains("<script>"),
            "{graph}"
        );
        assert!(graph.contains("&lt;script&gt;"));
    }

    #[test]
    fn a_sparkline_skips_quarters_without_data() {
        let point = |quarter: &str, value| TrendPoint {
            quarter: quarter.into(),
            partial: false,
            value,
        };
        let svg = sparkline(
            &[
                point("Q1", Some(1.0)),
                point("Q2", None),
                point("Q3", Some(3.0)),
            ],
            Some(3.0),
        );
        assert_eq!(svg.matches("<circle").count(), 2);
        assert_eq!(svg.matches('M').count(), 2, "{svg}");
        assert!(sparkline(&[point("Q1", None)], None).contains("no data"));
    }
}
