//! Charts drawn by the server as inline SVG: no script, nothing fetched.
//! Every label goes through [`super::html::text`]; tooltips are `<title>`
//! elements, which browsers show on hover and screen readers read.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::html::text;
use report::TrendPoint;

fn number(value: f64) -> String {
    report::markdown::number(value)
}

/// A dimension's value quarter by quarter: a line through the quarters with
/// data, a dot per quarter (hollow for a partial quarter), and the target's
/// threshold as a dashed line when it is in range.
pub fn sparkline(trend: &[TrendPoint], target: Option<f64>) -> String {
    // The plot between a top margin for the scale and a bottom one for
    // the first and last quarters' names.
    let (width, height, pad, top_margin, bottom_margin) = (150.0, 48.0, 4.0, 10.0, 11.0);
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
    let plot = height - top_margin - bottom_margin;
    let y = |value: f64| top_margin + plot - plot * (value / top);
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
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{pad}\" x2=\"{0}\" y1=\"{1:.1}\" y2=\"{1:.1}\"/><text class=\"scale\" x=\"{pad}\" y=\"7\">{2}</text>",
        width - pad,
        top_margin + plot,
        text(&format!("max {}", number(top)))
    );
    if let (Some(first), Some(last)) = (trend.first(), trend.last()) {
        let _ = write!(
            out,
            "<text class=\"scale\" x=\"{pad}\" y=\"{0}\">{1}</text><text class=\"scale\" x=\"{2}\" y=\"{0}\" text-anchor=\"end\">{3}</text>",
            height - 1.0,
            text(&first.quarter),
            width - pad,
            text(&last.quarter)
        );
    }
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

/// The level buckets in the order bars stack them, each with its colour's
/// class: no data, no evidence, below the first level, then the rubric's
/// levels (the sixth and later share the darkest colour).
pub fn buckets(levels: &[String]) -> Vec<(String, String)> {
    let mut buckets = vec![
        ("no data".to_string(), "b0".to_string()),
        ("no evidence".to_string(), "bn".to_string()),
    ];
    if let Some(first) = levels.first() {
        buckets.push((format!("below {first}"), "b1".to_string()));
    }
    buckets.extend(
        levels
            .iter()
            .enumerate()
            .map(|(index, level)| (level.clone(), format!("b{}", (index + 2).min(5)))),
    );
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
                .filter_map(|(b, _)| counts.get(b).map(|n| format!("{b} {n}")))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    );
    let mut x = 0.0;
    for (bucket, class) in &buckets(levels) {
        let Some(count) = counts.get(bucket) else {
            continue;
        };
        let w = width * *count as f64 / total as f64;
        let _ = write!(
            out,
            "<rect class=\"{class}\" x=\"{x:.2}\" y=\"0\" width=\"{w:.2}\" height=\"14\"><title>{}: {count}</title></rect>",
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
    for (bucket, class) in &buckets(levels) {
        let _ = write!(
            out,
            "<span><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect class=\"{class}\" width=\"12\" height=\"12\" rx=\"2\"/></svg>{}</span>",
            text(bucket)
        );
    }
    out.push_str("</div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_in_charts_are_escaped() {
        let counts: BTreeMap<String, usize> = [("staff".to_string(), 2)].into();
        let bar = level_bar(Some(&counts), &["staff".to_string()], "<b>core</b>");
        assert!(
            !bar.contains("<b>") && bar.contains("&lt;b&gt;core"),
            "{bar}"
        );
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
