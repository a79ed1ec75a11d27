//! Line edits: how a file's text changes in a commit (a block inserted,
//! deleted or tweaked) and how prettier would rewrite a line. They work on
//! plain lines, so they know nothing of repositories or commits.

use crate::rng::Rng;

pub(crate) fn render_lines(lines: &[String]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

pub(crate) fn is_test_path(path: &str) -> bool {
    path.ends_with("_test.go") || path.ends_with(".test.ts") || path.contains("/test_")
}

/// What prettier would change on one line of checkout-web.
pub(crate) fn prettier_line(path: &str, line: &str) -> String {
    if path.ends_with(".json") {
        // Four-space indentation becomes two spaces.
        let trimmed = line.trim_start_matches(' ');
        let indent = (line.len() - trimmed.len()) / 2;
        format!("{}{}", " ".repeat(indent), trimmed)
    } else if path.ends_with(".css") {
        match line.find('#') {
            Some(at) => format!("{}{}", &line[..at], line[at..].to_lowercase()),
            None => line.to_string(),
        }
    } else if path.ends_with(".ts") || path.ends_with(".tsx") {
        // Single quotes in code, double quotes kept in JSX attributes.
        if line.contains('"') && !line.contains("=\"") && !line.contains('\'') {
            line.replace('"', "'")
        } else {
            line.to_string()
        }
    } else {
        line.to_string()
    }
}

/// Inserts a block between two existing blocks or at the end.
pub(crate) fn insert_block(rng: &mut Rng, lines: &mut Vec<String>, block: Vec<String>) {
    let runs = runs(lines);
    let editable: Vec<&(usize, usize)> = runs.iter().filter(|r| !protected(lines, r.0)).collect();
    let at = if editable.is_empty() || rng.chance(0.35) {
        lines.len()
    } else {
        editable[rng.index(editable.len())].0
    };
    let mut inserted = Vec::with_capacity(block.len() + 1);
    if at == lines.len() {
        inserted.push(String::new());
        inserted.extend(block);
    } else {
        inserted.extend(block);
        inserted.push(String::new());
    }
    lines.splice(at..at, inserted);
}

/// Deletes one block that is not part of the file header; false if there is none.
pub(crate) fn delete_block(rng: &mut Rng, lines: &mut Vec<String>) -> bool {
    let runs = runs(lines);
    let editable: Vec<&(usize, usize)> = runs.iter().filter(|r| !protected(lines, r.0)).collect();
    if editable.len() < 2 {
        return false;
    }
    let &(start, end) = editable[rng.index(editable.len())];
    // Remove the blank line before the block as well.
    let from = if start > 0 && lines[start - 1].is_empty() {
        start - 1
    } else {
        start
    };
    lines.drain(from..end);
    true
}

/// Changes one line inside a block: a number, or one domain word for another.
pub(crate) fn tweak_line(rng: &mut Rng, lines: &mut [String], nouns: &[&'static str]) {
    let runs = runs(lines);
    let editable: Vec<usize> = runs
        .iter()
        .filter(|r| !protected(lines, r.0))
        .flat_map(|&(s, e)| s..e)
        .collect();
    for _ in 0..8 {
        if editable.is_empty() {
            return;
        }
        let i = editable[rng.index(editable.len())];
        let line = &lines[i];
        if let Some(start) = line.find(|c: char| c.is_ascii_digit()) {
            let end = line[start..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(line.len(), |n| start + n);
            let old: u64 = line[start..end].parse().unwrap_or(0);
            let new = old + 1 + rng.below(40);
            lines[i] = format!("{}{}{}", &line[..start], new, &line[end..]);
            return;
        }
        if let Some(&noun) = nouns.iter().find(|n| line.contains(**n)) {
            let other = rng.pick(nouns);
            if other != noun {
                lines[i] = line.replacen(noun, other, 1);
                return;
            }
        }
    }
}

/// Runs of non-blank lines as half-open ranges.
fn runs(lines: &[String]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut start = None;
    for (i, line) in lines.iter().enumerate() {
        match (line.trim().is_empty(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                found.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        found.push((s, lines.len()));
    }
    found
}

/// Header runs (package clause, imports, module docs) are never edited.
fn protected(lines: &[String], start: usize) -> bool {
    const PREFIXES: &[&str] = &[
        "package ",
        "import",
        "use ",
        "from ",
        "on:",
        "jobs:",
        "name:",
        "logger =",
        "private const",
        "locals {",
    ];
    start == 0 || PREFIXES.iter().any(|p| lines[start].starts_with(p))
}
