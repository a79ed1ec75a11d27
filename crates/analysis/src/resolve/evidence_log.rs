//! The evidence log: what an engineer writes down that no tool sees.
//!
//! One YAML file per person, `<folder>/<handle>.yaml`:
//!
//! ```yaml
//! person: priya
//! entries:
//!   - date: 2025-06-01
//!     dimension: trusted-judgment
//!     what: The CTO took my recommendation to retire the old queue as written.
//!     links: [https://wiki.example/decisions/queue]
//!     confirm: [cto]
//! ```
//!
//! Entries are always shown as self-reported. Only the dimensions no data
//! source can see (trusted judgment) take a value from them, and that value
//! says where it came from.

use serde::Deserialize;

use model::Diagnostic;
use model::Timestamp;
use model::parse_date;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    pub date: Timestamp,
    /// A rubric dimension or signal id, as the person wrote it.
    pub dimension: String,
    pub what: String,
    pub links: Vec<String>,
    /// Who can confirm the entry.
    pub confirm: Vec<String>,
    /// Who of them has: the entry then counts where a dimension reads
    /// confirmed entries; until then it is self-reported only.
    pub confirmed_by: Vec<String>,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvidenceLog {
    /// Whose log: a handle, name or email.
    pub person: String,
    pub entries: Vec<LogEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLog {
    person: String,
    #[serde(default)]
    entries: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    date: String,
    dimension: String,
    what: String,
    #[serde(default)]
    links: Vec<String>,
    #[serde(default)]
    confirm: Vec<String>,
    #[serde(default)]
    confirmed_by: Vec<String>,
}

/// Parses a log. Entries with a bad date are reported and skipped; a file
/// that is not a log at all is an error naming its line.
pub fn parse(file: &str, content: &str) -> Result<(EvidenceLog, Vec<Diagnostic>), Diagnostic> {
    // A Markdown log keeps its entries in YAML front matter; the body is free text.
    let yaml = content
        .strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---").map(|end| &rest[..end]))
        .unwrap_or(content);
    let first_line = if yaml.len() != content.len() { 2 } else { 1 };
    if let Some(problem) = super::yaml_depth::check(file, yaml, first_line) {
        return Err(problem);
    }
    let raw: RawLog = serde_yaml_ng::from_str(yaml).map_err(|error| {
        let mut problem = super::owners::yaml_error(file, yaml, &error);
        if yaml.len() != content.len() {
            problem.line = problem.line.map(|line| line + 1);
        }
        problem
    })?;
    let mut problems = Vec::new();
    let mut entries = Vec::new();
    // Line numbers for messages: the n-th `- date:` line is the n-th entry.
    let lines = model::LineIndex::new(content);
    let entry_lines: Vec<usize> = content
        .match_indices("- date:")
        .map(|(offset, _)| lines.line(offset))
        .collect();
    for (index, entry) in raw.entries.into_iter().enumerate() {
        let line = entry_lines.get(index).copied().unwrap_or(1);
        match parse_date(&entry.date) {
            Ok(date) => entries.push(LogEntry {
                date,
                dimension: entry.dimension.trim().to_string(),
                what: entry.what.trim().to_string(),
                links: entry.links,
                confirm: entry.confirm,
                confirmed_by: entry.confirmed_by,
                line,
            }),
            Err(message) => problems.push(Diagnostic::at(
                file,
                line,
                format!("{message}; entry skipped"),
            )),
        }
    }
    Ok((
        EvidenceLog {
            person: raw.person,
            entries,
        },
        problems,
    ))
}

/// Text to append to a log file for one new entry (the file is never
/// rewritten, so the author's comments and layout stay).
pub fn entry_text(
    date: &str,
    dimension: &str,
    what: &str,
    links: &[String],
    confirm: &[String],
) -> String {
    let quote = |text: &str| {
        serde_yaml_ng::to_string(text)
            .map(|s| s.trim_end().to_string())
            .unwrap_or_default()
    };
    let list = |items: &[String]| {
        format!(
            "[{}]",
            items
                .iter()
                .map(|i| quote(i))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let mut text = format!(
        "  - date: {date}\n    dimension: {}\n    what: {}\n",
        quote(dimension),
        quote(what)
    );
    if !links.is_empty() {
        text.push_str(&format!("    links: {}\n", list(links)));
    }
    if !confirm.is_empty() {
        text.push_str(&format!("    confirm: {}\n", list(confirm)));
    }
    text
}

/// The log with one more entry: `entry` (from [`entry_text`]) goes at the end
/// of the `entries:` list wherever that list is in the file, in a YAML log or
/// in a Markdown log's front matter; everything else stays as written. The
/// result is checked by reading it back, so a log is never left unreadable.
pub fn with_entry(file: &str, content: &str, entry: &str) -> Result<String, Diagnostic> {
    let before = parse(file, content)?.0.entries.len();
    // The YAML part: all of a plain log, the front matter of a Markdown one.
    let (yaml_start, yaml_end) = match content.strip_prefix("---\n") {
        Some(rest) => {
            let end = rest.find("\n---").map_or(content.len(), |end| 4 + end + 1);
            (4, end)
        }
        None => (0, content.len()),
    };
    let yaml = &content[yaml_start..yaml_end];
    let mut lines: Vec<&str> = yaml.split_inclusive('\n').collect();
    let entries_at = match lines.iter().position(|line| line.starts_with("entries:")) {
        Some(at) => at,
        None => {
            // No list yet: it starts at the end of the YAML.
            if lines.last().is_some_and(|line| !line.ends_with('\n')) {
                lines.push("\n");
            }
            lines.push("entries:\n");
            lines.len() - 1
        }
    };
    let header = lines[entries_at].trim_end();
    let rest_of_header = header["entries:".len()..].trim();
    let mut block_end = entries_at + 1;
    if rest_of_header.is_empty() || rest_of_header.starts_with('#') {
        // The list's own lines: indented, list items, comments or blank,
        // up to the next top-level key. Trailing blank lines and comments
        // stay after the new entry.
        let mut last_item_line = entries_at + 1;
        while block_end < lines.len() {
            let line = lines[block_end];
            let trimmed = line.trim();
            let inside = line.starts_with([' ', '\t', '-'])
                || trimmed.is_empty()
                || trimmed.starts_with('#');
            if !inside {
                break;
            }
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                last_item_line = block_end + 1;
            }
            block_end += 1;
        }
        block_end = last_item_line;
    } else if rest_of_header.starts_with("[]") {
        // `entries: []`: an empty flow list becomes a block list.
        lines[entries_at] = "entries:\n";
    } else {
        return Err(Diagnostic::at(
            file,
            entries_at + 1 + usize::from(yaml_start > 0),
            "`entries:` is written as a flow list; write it as a block list (`- date: ...` lines) to add entries",
        ));
    }
    let mut updated = String::with_capacity(content.len() + entry.len() + 1);
    updated.push_str(&content[..yaml_start]);
    for line in &lines[..block_end] {
        updated.push_str(line);
    }
    if !updated.ends_with('\n') {
        updated.push('\n');
    }
    updated.push_str(entry);
    for line in &lines[block_end..] {
        updated.push_str(line);
    }
    updated.push_str(&content[yaml_end..]);
    let after = parse(file, &updated)?.0.entries.len();
    if after != before + 1 {
        return Err(Diagnostic::in_file(
            file,
            "adding the entry would not give one more entry; the file was left as it is",
        ));
    }
    Ok(updated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_with_dates_and_a_bad_one() {
        let content = "person: priya\nentries:\n  - date: 2025-06-01\n    dimension: trusted-judgment\n    what: Took my call.\n    confirm: [cto]\n  - date: June\n    dimension: trusted-judgment\n    what: Bad date.\n";
        let (log, problems) = parse("evidence/priya.yaml", content).unwrap();
        assert_eq!(log.person, "priya");
        assert_eq!(log.entries.len(), 1);
        assert_eq!(log.entries[0].confirm, vec!["cto"]);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .to_string()
                .starts_with("evidence/priya.yaml:7: `June` is not a date"),
            "{problems:?}"
        );
        let error = parse(
            "evidence/x.yaml",
            "person: x\nentries:\n  - dat: 2025-01-01\n",
        )
        .unwrap_err();
        assert_eq!(error.line, Some(3), "{error}");
    }

    #[test]
    fn markdown_logs_keep_entries_in_front_matter() {
        let content = "---\nperson: priya\nentries:\n  - date: 2025-06-01\n    dimension: trusted-judgment\n    what: Took my call.\n---\n# Notes\n\nFree text.\n";
        let (log, problems) = parse("evidence/priya.md", content).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(log.entries.len(), 1);
        assert_eq!(log.entries[0].line, 4);
    }

    #[test]
    fn appended_entries_parse_back() {
        let mut content = "person: priya\nentries:\n".to_string();
        content.push_str(&entry_text(
            "2025-07-01",
            "trusted-judgment",
            "Said: \"yes\" # not a comment",
            &["https://x.example/a".into()],
            &[],
        ));
        content.push_str(&entry_text(
            "2025-07-02",
            "relationships",
            "Paired with search",
            &[],
            &["sue".into()],
        ));
        let (log, problems) = parse("p.yaml", &content).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(log.entries[0].what, "Said: \"yes\" # not a comment");
        assert_eq!(log.entries[1].confirm, vec!["sue"]);
    }

    fn add(content: &str) -> String {
        with_entry(
            "p.yaml",
            content,
            &entry_text("2025-07-03", "trusted-judgment", "New", &[], &[]),
        )
        .unwrap()
    }

    #[test]
    fn entries_are_added_wherever_the_list_is() {
        // At the end of the file.
        let end =
            add("person: p\nentries:\n  - date: 2025-01-01\n    dimension: x\n    what: Old\n");
        assert!(
            end.ends_with(
                "what: Old\n  - date: 2025-07-03\n    dimension: trusted-judgment\n    what: New\n"
            ),
            "{end}"
        );
        // Before a later key, with comments kept.
        let middle = add(
            "# my log\nentries:\n  - date: 2025-01-01\n    dimension: x\n    what: Old\n\n# who\nperson: p\n",
        );
        let (log, _) = parse("p.yaml", &middle).unwrap();
        assert_eq!(log.person, "p");
        assert_eq!(
            log.entries
                .iter()
                .map(|e| e.what.as_str())
                .collect::<Vec<_>>(),
            ["Old", "New"]
        );
        assert!(
            middle.starts_with("# my log\n") && middle.contains("# who\nperson: p\n"),
            "{middle}"
        );
        // An empty flow list.
        let empty = add("person: p\nentries: []\n");
        assert_eq!(
            parse("p.yaml", &empty).unwrap().0.entries.len(),
            1,
            "{empty}"
        );
        // No final newline.
        let unterminated =
            add("person: p\nentries:\n  - date: 2025-01-01\n    dimension: x\n    what: Old");
        assert_eq!(parse("p.yaml", &unterminated).unwrap().0.entries.len(), 2);
        // A Markdown log: the entry goes into the front matter, the body stays.
        let markdown = add(
            "---\nperson: p\nentries:\n  - date: 2025-01-01\n    dimension: x\n    what: Old\n---\n# Notes\n",
        );
        assert!(
            markdown.ends_with("what: New\n---\n# Notes\n"),
            "{markdown}"
        );
        assert_eq!(parse("p.md", &markdown).unwrap().0.entries.len(), 2);
    }

    #[test]
    fn a_log_that_cannot_take_an_entry_is_left_alone() {
        let entry = entry_text("2025-07-03", "x", "New", &[], &[]);
        let flow = with_entry(
            "p.yaml",
            "person: p\nentries: [{date: 2025-01-01, dimension: x, what: a}]\n",
            &entry,
        )
        .unwrap_err();
        assert_eq!(flow.line, Some(2), "{flow}");
        let broken = with_entry("p.yaml", "person: [\n", &entry).unwrap_err();
        assert!(broken.to_string().starts_with("p.yaml:"), "{broken}");
        let none = with_entry("p.yaml", "person: p", &entry).unwrap();
        assert_eq!(parse("p.yaml", &none).unwrap().0.entries.len(), 1, "{none}");
    }
}
