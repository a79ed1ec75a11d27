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

use super::Diagnostic;
use super::files::{line_of, parse_date};
use crate::model::Timestamp;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    pub date: Timestamp,
    /// A rubric dimension or signal id, as the person wrote it.
    pub dimension: String,
    pub what: String,
    pub links: Vec<String>,
    pub confirm: Vec<String>,
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
}

/// Parses a log. Entries with a bad date are reported and skipped; a file
/// that is not a log at all is an error naming its line.
pub fn parse(file: &str, content: &str) -> Result<(EvidenceLog, Vec<Diagnostic>), Diagnostic> {
    // A Markdown log keeps its entries in YAML front matter; the body is free text.
    let yaml = content
        .strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---").map(|end| &rest[..end]))
        .unwrap_or(content);
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
    let entry_lines: Vec<usize> = content
        .match_indices("- date:")
        .map(|(offset, _)| line_of(content, offset))
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
}
