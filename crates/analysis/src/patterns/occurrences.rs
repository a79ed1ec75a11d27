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

/// Words that name what goes wrong, besides the fix markers: a file or
/// folder named after one (`timeout.go`, `leaks/`) does not make it a place.
const PROBLEM_WORDS: &[&str] = &[
    "timeout",
    "overflow",
    "underflow",
    "null",
    "nil",
    "oom",
    "memory",
    "slow",
    "stale",
    "duplicate",
    "retry",
    "reset",
    "stuck",
    "loop",
    "infinite",
    "encoding",
    "unicode",
    "permission",
    "separator",
    "truncated",
    "corrupt",
    "exhausted",
    "starvation",
    "contention",
    "jitter",
    "backoff",
    "skew",
    "saturation",
    "expiry",
    "expired",
    "expiration",
    "truncation",
    "exceed",
    "exceeding",
    "exceeded",
    "utf",
];

/// Words that name a symptom specific enough to be a class on their own.
const SYMPTOMS: &[&str] = &[
    "leak",
    "leaks",
    "leaking",
    "race",
    "races",
    "racy",
    "deadlock",
    "crash",
    "crashes",
    "panic",
    "panics",
    "hang",
    "hangs",
    "flaky",
    "flake",
    "overflow",
    "underflow",
    "timeout",
    "timeouts",
    "corruption",
    "oom",
    "segfault",
    "sigsegv",
    "vulnerability",
    "cve",
    "uninitialized",
    "nondeterministic",
    "spurious",
    "intermittent",
    "unsound",
    "use_after_free",
    "double_free",
    "null",
    "nil",
    "stale",
    "duplicate",
    "infinite",
    "starvation",
    "exhausted",
];

/// Where things break: platforms, toolchains and text that a class of
/// problem is often about ("breaks on Windows", "fails on nightly").
const ENVIRONMENTS: &[&str] = &[
    "windows",
    "macos",
    "msvc",
    "mingw",
    "cygwin",
    "nightly",
    "musl",
    "wasm",
    "freebsd",
    "32bit",
    "i686",
    "aarch64",
    "endian",
    "unicode",
    "utf8",
    "ascii",
    "separator",
    "separators",
    "symlink",
    "symlinks",
    "permission",
    "permissions",
    "encoding",
    "locale",
    "timezone",
];

/// A word set with each word's stem beside it, built once.
fn stem_set(words: &[&[&str]]) -> std::collections::BTreeSet<String> {
    words
        .iter()
        .flat_map(|list| list.iter())
        .flat_map(|w| [w.to_string(), super::text::stem(w)])
        .collect()
}

/// Whether a term (a stem) names a symptom specific enough to be a class.
pub(super) fn is_symptom(term: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::BTreeSet<String>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| stem_set(&[SYMPTOMS])).contains(term)
}

/// Whether a term says what went wrong or where things break, so that a
/// class sharing it is about a problem and not a coincidence of topic
/// words ("align, help"): a symptom, a problem word, an environment, or an
/// HTTP error status.
pub(super) fn is_class_word(term: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::BTreeSet<String>> =
        std::sync::OnceLock::new();
    let status = term.len() == 3 && (term.starts_with('4') || term.starts_with('5'));
    status
        || SET
            .get_or_init(|| stem_set(&[SYMPTOMS, ENVIRONMENTS, PROBLEM_WORDS]))
            .contains(term)
}

/// Whether a term (a stem) names what goes wrong or where things break,
/// or marks a fix: a file or folder named after one (`timeout.go`,
/// `windows/`) does not make it a place.
pub(super) fn is_problem_word(term: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::BTreeSet<String>> =
        std::sync::OnceLock::new();
    is_class_word(term) || SET.get_or_init(|| stem_set(&[FIX_MARKERS])).contains(term)
}

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
    // Renames, reformatting and wording are sweeps, not problems.
    "rename",
    "renamed",
    "renames",
    "renaming",
    "casing",
    "reformat",
    "clippy",
    "rustfmt",
    "gofmt",
    "prettier",
    "eslint",
    "indentation",
    "docs",
    "documentation",
    "readme",
    "milestone",
    "metadata",
];

/// Prefixes of commits meant to be folded into another before merging.
const FOLDED: &[&str] = &["fixup!", "squash!", "amend!"];

/// Words in a message body that say the commit fixes something.
const BODY_MARKERS: &[&str] = &["regression", "postmortem", "remediation", "hotfix"];

/// Whether a commit is a fix or a revert, from its subject and message.
pub fn problem_kind(subject: &str, message: &str) -> Option<OccurrenceKind> {
    if reverted_subject(subject).is_some() {
        return Some(OccurrenceKind::Revert);
    }
    // Part of another commit's change, whatever it says.
    if FOLDED
        .iter()
        .any(|prefix| subject.trim_start().starts_with(prefix))
    {
        return None;
    }
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    // Whole words only: `panic-abort-tests` names a feature, not a panic.
    let subject_words: Vec<String> = subject
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.')))
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .map(|w| {
            // An advisory id says a vulnerability is fixed.
            if w.starts_with("cve-") || w.starts_with("ghsa-") {
                "cve".to_string()
            } else {
                w
            }
        })
        .filter(|w| !w.is_empty() && !w.contains(['-', '_', '/', '.']))
        .collect();
    // Fixing a comment, a typo or the linter's complaints is housekeeping.
    if subject_words
        .iter()
        .any(|w| HOUSEKEEPING.contains(&w.as_str()))
    {
        return None;
    }
    // Removing a workaround says the problem is gone, not that it happened.
    let removes = subject_words.iter().any(|w| {
        matches!(
            w.as_str(),
            "remove" | "removes" | "drop" | "drops" | "delete"
        )
    });
    if removes && subject_words.iter().any(|w| w.starts_with("workaround")) {
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

/// The words a commit's author wrote about the problem: its subject, or for
/// a revert the subject it reverts.
pub(super) fn written_subject(summary: &str, kind: Option<OccurrenceKind>) -> &str {
    match kind {
        Some(OccurrenceKind::Revert) => reverted_subject(summary).unwrap_or(summary),
        _ => summary,
    }
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
        check_kind("fixup! KEP-4785: fix the graduation criteria", None);
        check_kind("Fix casing of the error message", None);
        check_kind("Fix kep.yaml metadata", None);
        check_kind("Rename fix.rs to repair.rs", None);
        check_kind("Support rustc's -Z panic-abort-tests in Cargo", None);
        check_kind("Remove the workaround for rustc frontmatter support", None);
        check_kind(
            "fix: remove unnecessary workaround in standard_lib test",
            None,
        );
        check_kind("fix(ledger): retry on timeout", Some(Fix));
        check_kind(
            "Move the base image to alpine 3.21.3 for CVE-2025-26519",
            Some(Fix),
        );
    }
}
