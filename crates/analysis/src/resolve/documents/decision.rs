//! What a document says about the decision it records: its status read
//! into a few states every process shares, its headings in Markdown,
//! reStructuredText and AsciiDoc, and whether it weighs options and records
//! a decision (judgment in ambiguity).
//!
//! Processes name the same states differently: a KEP is `implementable`
//! where an ADR is `accepted` and a PEP `Final` where a KEP is
//! `implemented`. The raw status is always kept beside the state.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Draft,
    Proposed,
    Accepted,
    Implemented,
    /// In effect as a process or guideline (a PEP's `Active`).
    Active,
    Deferred,
    Rejected,
    Withdrawn,
    Superseded,
}

/// Words a status starts with, per state; the first match wins, so
/// `Superseded by ADR-7` and `Accepted (2024-03-01)` read.
const STATUS_WORDS: &[(&str, Status)] = &[
    ("draft", Status::Draft),
    ("wip", Status::Draft),
    ("work in progress", Status::Draft),
    ("proposed", Status::Proposed),
    ("exploring", Status::Proposed),
    ("provisional", Status::Proposed),
    ("open", Status::Proposed),
    ("in review", Status::Proposed),
    ("under review", Status::Proposed),
    ("under discussion", Status::Proposed),
    ("discussion", Status::Proposed),
    ("accepted", Status::Accepted),
    ("approved", Status::Accepted),
    ("implementable", Status::Accepted),
    ("ready-for-release", Status::Accepted),
    ("ready for release", Status::Accepted),
    ("adopted", Status::Accepted),
    ("agreed", Status::Accepted),
    ("implemented", Status::Implemented),
    ("final", Status::Implemented),
    ("complete", Status::Implemented),
    ("done", Status::Implemented),
    ("shipped", Status::Implemented),
    ("released", Status::Implemented),
    ("recommended", Status::Implemented),
    ("active", Status::Active),
    ("deferred", Status::Deferred),
    ("postponed", Status::Deferred),
    ("on hold", Status::Deferred),
    ("rejected", Status::Rejected),
    ("declined", Status::Rejected),
    ("withdrawn", Status::Withdrawn),
    ("abandoned", Status::Withdrawn),
    ("discontinued", Status::Withdrawn),
    ("superseded", Status::Superseded),
    ("replaced", Status::Superseded),
    ("deprecated", Status::Superseded),
    ("obsolete", Status::Superseded),
];

impl Status {
    /// The state a written status names, if any (`None` for a status no
    /// process we know uses; it is still shown as written).
    pub fn read(written: &str) -> Option<Status> {
        let lower = written
            .trim()
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        STATUS_WORDS
            .iter()
            .find(|(word, _)| {
                lower.starts_with(word)
                    && !lower[word.len()..].starts_with(|c: char| c.is_alphanumeric())
            })
            .map(|(_, status)| *status)
    }

    /// Every state, as rubrics write it in a filter (`status = ["accepted"]`).
    pub const KEYS: [&'static str; 9] = [
        "draft",
        "proposed",
        "accepted",
        "implemented",
        "active",
        "deferred",
        "rejected",
        "withdrawn",
        "superseded",
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::Implemented => "implemented",
            Status::Active => "active",
            Status::Deferred => "deferred",
            Status::Rejected => "rejected",
            Status::Withdrawn => "withdrawn",
            Status::Superseded => "superseded",
        }
    }

    /// Whether the status records a decision made (for or against), as
    /// opposed to one still open or dropped by its authors.
    pub fn is_decided(self) -> bool {
        matches!(
            self,
            Status::Accepted
                | Status::Implemented
                | Status::Active
                | Status::Rejected
                | Status::Superseded
        )
    }
}

/// Headings that weigh options, as processes name them: ADRs' "Considered
/// Options", RFCs' "Rationale and alternatives", KEPs' "Alternatives", PEPs'
/// "Rejected Ideas".
const OPTIONS_HEADINGS: &[&str] = &[
    "considered options",
    "options considered",
    "options",
    "alternatives considered",
    "alternatives",
    "alternative approaches",
    "alternative designs",
    "rationale and alternatives",
    "rejected ideas",
    "rejected alternatives",
    "rejected options",
];

/// Headings that record the decision itself (ADRs).
const DECISION_HEADINGS: &[&str] = &["decision outcome", "decision"];

/// The options heading a document has, as written in `OPTIONS_HEADINGS`.
pub(super) fn options_heading(headings: &[String]) -> Option<&'static str> {
    OPTIONS_HEADINGS
        .iter()
        .find(|name| headings.iter().any(|h| h.starts_with(**name)))
        .copied()
}

pub(super) fn has_decision_heading(headings: &[String]) -> bool {
    DECISION_HEADINGS
        .iter()
        .any(|name| headings.iter().any(|h| h.starts_with(name)))
}

/// The first line of text under a `Status` heading (`## Status`,
/// `== Status`), its emphasis dropped, when it reads as a status (a state
/// every process shares): a section of prose under that name is not one.
pub(super) fn status_section(body: &str) -> Option<String> {
    let mut lines = body.lines().map(str::trim);
    lines.find(|line| {
        let text = line.trim_start_matches(['#', '=']).trim();
        text.len() < line.len() && text.eq_ignore_ascii_case("status")
    })?;
    lines
        .find(|line| !line.is_empty())
        .filter(|line| !line.starts_with(['#', '=']))
        .map(|line| line.trim_matches(['*', '_', '`']).trim().to_string())
        .filter(|status| Status::read(status).is_some())
}

/// A document's headings, lower-cased and without their markup, in order:
/// Markdown (`# Title`), AsciiDoc (`== Title`) and reStructuredText (a
/// line underlined, and perhaps overlined, with `=`, `-`, `~`, `^`, `*` or
/// `+`). Lines inside fenced code blocks are not headings.
pub(super) fn headings(body: &str) -> Vec<String> {
    let mut headings = Vec::new();
    // The open fence (its character and length), as CommonMark reads
    // them: closed only by a line of that character alone, at least as
    // long. AsciiDoc's `----` is Markdown's rule, so it is no fence here.
    let mut fence: Option<(char, usize)> = None;
    let mut in_comment = false;
    let mut previous: Option<&str> = None;
    for line in body.lines() {
        let trimmed = line.trim();
        if let Some((marker, length)) = fence {
            let run = trimmed.chars().take_while(|c| *c == marker).count();
            if run >= length && run == trimmed.chars().count() {
                fence = None;
            }
            continue;
        }
        // An HTML comment (a template's guidance in every KEP) holds no
        // heading and no fence.
        if in_comment || trimmed.starts_with("<!--") {
            in_comment = !trimmed.contains("-->");
            previous = None;
            continue;
        }
        if let Some(opened) = fence_opened(trimmed) {
            fence = Some(opened);
            previous = None;
            continue;
        }
        if let Some(text) = marked_heading(line) {
            headings.push(text.to_lowercase());
        } else if let Some(above) = previous
            && is_underline(line, above)
        {
            headings.push(above.trim().to_lowercase());
        }
        previous = Some(line);
    }
    headings
}

/// A fence opening: three or more backticks (with no backtick after them)
/// or tildes.
fn fence_opened(trimmed: &str) -> Option<(char, usize)> {
    let marker = trimmed.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let length = trimmed.chars().take_while(|c| *c == marker).count();
    let info = &trimmed[length * marker.len_utf8()..];
    (length >= 3 && !(marker == '`' && info.contains('`'))).then_some((marker, length))
}

/// `# Title` or `== Title`: the text, without the markers.
fn marked_heading(line: &str) -> Option<&str> {
    let marker = line.chars().next().filter(|c| matches!(c, '#' | '='))?;
    let text = line.trim_start_matches(marker);
    text.starts_with(' ')
        .then(|| text.trim().trim_end_matches(marker).trim())
        .filter(|t| !t.is_empty())
}

/// Whether `line` underlines `above` as reStructuredText does: one
/// punctuation character repeated at least as long as the text.
fn is_underline(line: &str, above: &str) -> bool {
    let line = line.trim_end();
    let above = above.trim();
    let Some(first) = line.chars().next() else {
        return false;
    };
    !above.is_empty()
        && matches!(first, '=' | '-' | '~' | '^' | '*' | '+')
        && line.chars().all(|c| c == first)
        && line.chars().count() >= above.chars().count().max(3)
        && above.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_of_every_process_read_as_one_state() {
        let cases = [
            ("Accepted", Some(Status::Accepted)),
            ("implementable", Some(Status::Accepted)),
            ("Final", Some(Status::Implemented)),
            (
                "Superseded by [ADR-0007](0007-x.md)",
                Some(Status::Superseded),
            ),
            ("**Rejected**", Some(Status::Rejected)),
            ("provisional", Some(Status::Proposed)),
            ("Active", Some(Status::Active)),
            ("April Fool!", None),
            // A word that only starts like a status is not one.
            ("openness", None),
        ];
        for (written, status) in cases {
            assert_eq!(Status::read(written), status, "{written}");
        }
        assert!(Status::Rejected.is_decided());
        assert!(!Status::Withdrawn.is_decided());
        assert!(!Status::Draft.is_decided());
    }

    #[test]
    fn headings_in_three_markups_and_not_in_code() {
        let body = "# Summary\n\nText\n\nRejected Ideas\n==============\n\n```\n# not a heading\n```\n<!--\n``` a note\n## Not a heading\n-->\n== Alternatives ==\n\nA line\n-\n";
        assert_eq!(
            headings(body),
            vec!["summary", "rejected ideas", "alternatives"]
        );
        assert_eq!(options_heading(&headings(body)), Some("alternatives"));
    }
}

#[cfg(test)]
mod status_section_tests {
    use super::super::parse;
    use super::*;

    #[test]
    fn a_status_section_gives_the_status_a_header_would() {
        let (adr, _) = parse(
            "docs/adr/0001-one-queue.md",
            "# 1. Use one queue\n\n## Status\n\n*Accepted*\n\n## Context\n\nx\n\n## Decision\n\ny\n",
        );
        assert_eq!(adr.status.as_deref(), Some("Accepted"));
        assert_eq!(adr.status_state(), Some(Status::Accepted));
        // A header still wins, and an empty section gives nothing.
        let (headed, _) = parse(
            "docs/adr/0002-x.md",
            "---\nstatus: proposed\n---\n# 2. X\n\n## Status\n\nAccepted\n",
        );
        assert_eq!(headed.status.as_deref(), Some("proposed"));
        let (empty, _) = parse(
            "docs/adr/0003-y.md",
            "# 3. Y\n\n## Status\n\n## Context\n\nz\n",
        );
        assert_eq!(empty.status, None);
    }

    #[test]
    fn prose_under_a_status_heading_is_no_status() {
        // Go's design documents open their `Status` section with prose.
        let (prose, _) = parse(
            "design/43651-type-parameters.md",
            "# Type Parameters\n\n## Status\n\nThis is the design for adding generic programming using type parameters.\n",
        );
        assert_eq!(prose.status, None);
    }
}
