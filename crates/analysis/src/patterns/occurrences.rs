//! Occurrences: what counts as an appearance of a problem. A commit whose
//! subject says it fixes or reverts something, or whose body speaks of a root
//! cause or a post-mortem; housekeeping fixes (typos, lint) do not count.
//!
//! The markers are word lists that people tune, so they sit together here,
//! apart from the clustering that never needs to know them.

use super::OccurrenceKind;

/// Words in a subject that say a commit fixes something.
const FIX_MARKERS: &[&str] = &[
    "fix",
    "fixes",
    "fixed",
    "fixing",
    "bugfix",
    "hotfix",
    "bug",
    "bugs",
    "regression",
    "flaky",
    "flake",
    "flakes",
    "flakiness",
    "crash",
    "crashes",
    "panic",
    "panics",
    "leak",
    "leaks",
    "deadlock",
    "race",
    "broken",
    "workaround",
    "outage",
    "cve",
    "vulnerability",
    "security",
    "hang",
    "hung",
    "corruption",
];

/// Words in a subject that say a fix is housekeeping, not a problem.
const HOUSEKEEPING: &[&str] = &[
    "typo",
    "typos",
    "comment",
    "comments",
    "spelling",
    "grammar",
    "wording",
    "lint",
    "linter",
    "linting",
    "fmt",
    "formatting",
    "whitespace",
    "unused",
    "rebase",
    "nit",
    "nits",
    "docstring",
    "godoc",
    "changelog",
];

/// Words in a message body that say the commit fixes something.
const BODY_MARKERS: &[&str] = &["regression", "postmortem", "remediation", "hotfix"];

/// Whether a commit is a fix or a revert, from its subject and message.
pub fn problem_kind(subject: &str, message: &str) -> Option<OccurrenceKind> {
    if reverted_subject(subject).is_some() {
        return Some(OccurrenceKind::Revert);
    }
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let subject_words = words(subject);
    // Fixing a comment, a typo or the linter's complaints is housekeeping.
    if subject_words
        .iter()
        .any(|w| HOUSEKEEPING.contains(&w.as_str()))
    {
        return None;
    }
    if subject_words
        .iter()
        .any(|w| FIX_MARKERS.contains(&w.as_str()))
    {
        return Some(OccurrenceKind::Fix);
    }
    let body = message.get(subject.len()..).unwrap_or("");
    let lower = body.to_lowercase();
    if lower.contains("root cause")
        || lower.contains("post-mortem")
        || words(body)
            .iter()
            .any(|w| BODY_MARKERS.contains(&w.as_str()))
    {
        return Some(OccurrenceKind::Fix);
    }
    None
}

/// The subject a `Revert "..."` commit reverts.
pub(super) fn reverted_subject(subject: &str) -> Option<&str> {
    let rest = subject
        .strip_prefix("Revert \"")
        .or_else(|| subject.strip_prefix("revert \""))?;
    Some(rest.strip_suffix('"').unwrap_or(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_kind(message: &str, expected: Option<OccurrenceKind>) {
        let subject = message.lines().next().unwrap_or("");
        assert_eq!(problem_kind(subject, message), expected, "{message:?}");
    }

    #[test]
    fn fixes_and_reverts_are_recognised() {
        use OccurrenceKind::*;
        check_kind("fix(ledger): release the lock", Some(Fix));
        check_kind("Deflake the checkout test", None);
        check_kind("Fix flaky cart test", Some(Fix));
        check_kind("Revert \"add the cache\"", Some(Revert));
        check_kind(
            "api: add jitter\n\nRemediation for INC-2025-014.",
            Some(Fix),
        );
        check_kind("docs: describe the debug flag\n\nDebugging notes.", None);
        check_kind("Prefix the logger", None);
        check_kind("chore: fix function names in comment", None);
        check_kind("Fix unused import", None);
        check_kind("Fix typo", None);
        check_kind("feat: add the ranker", None);
    }
}
