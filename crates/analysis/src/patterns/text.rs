//! Text: what a short engineering text is about, as terms. Identifiers are
//! split, words lightly stemmed, stop words dropped, and ids such as
//! `INC-2025-014` and configuration files kept as terms of their own.
//!
//! The rules are a public function, [`terms`], so that the fuzzers and the
//! tests can check them apart from the corpus that uses them.

use std::hash::BuildHasherDefault;

use super::IdHasher;
use super::stop_words::STOP_WORDS;

/// The stop words, and as the stemmer leaves them, so `updates` goes with
/// `update`; a set, since every word of every subject is looked up.
fn is_stop_word(word: &str) -> bool {
    static SET: std::sync::OnceLock<
        std::collections::HashSet<String, BuildHasherDefault<IdHasher>>,
    > = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        STOP_WORDS
            .iter()
            .flat_map(|w| [w.to_string(), stem(w)])
            .collect()
    })
    .contains(word)
}

/// Normalizes a short engineering text into the terms that characterize it,
/// sorted and without duplicates. Never panics, whatever the input.
pub fn terms(text: &str) -> Vec<String> {
    let mut out: Vec<String> = term_forms(text).into_iter().map(|(term, _)| term).collect();
    out.sort();
    out.dedup();
    out
}

/// Each term of a text with the word it came from, for naming classes in
/// words people wrote rather than in stems.
pub(super) fn term_forms(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for raw in text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))) {
        let word = raw.trim_matches(|c: char| matches!(c, '-' | '_' | '.' | '/'));
        if word.is_empty() || word.chars().count() > 80 {
            continue;
        }
        let lower = word.to_lowercase();
        if is_reference(&lower) {
            out.push((lower.clone(), lower));
            continue;
        }
        let parts = split_identifier(word);
        let long_parts = parts.iter().filter(|p| p.chars().count() >= 2).count();
        if parts.len() > 1 && long_parts >= 2 && lower.chars().count() >= 5 {
            // The compound itself is the most specific term: `max_connections`.
            let compound = lower.replace(['-', '.', '/'], "_");
            out.push((compound, lower.clone()));
        }
        for part in parts {
            let part = part.to_lowercase();
            if part.starts_with(|c: char| c.is_ascii_digit()) {
                // HTTP statuses are the only numbers that name a kind of problem.
                let status = part.len() == 3
                    && (part.starts_with('4') || part.starts_with('5'))
                    && (part.chars().all(|c| c.is_ascii_digit()) || part.ends_with("xx"));
                if status {
                    out.push((part.clone(), part));
                }
                continue;
            }
            if part.chars().count() < 2 || is_stop_word(&part) {
                continue;
            }
            let stemmed = stem(&part);
            if stemmed.chars().count() < 2 || is_stop_word(&stemmed) {
                continue;
            }
            out.push((stemmed, part));
        }
    }
    out
}

/// Ids named in a message that tie texts together: advisories, incidents,
/// proposals (`CVE-2025-1234`, `GHSA-xxxx-xxxx-xxxx`, `INC-2025-014`, `RFC-0001`).
pub fn references(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-').to_lowercase())
        .filter(|w| is_reference(w))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A quick look for `<letters>-<digit>` before the full search for ids:
/// most messages name none.
pub(super) fn may_name_reference(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(2).enumerate().any(|(i, pair)| {
        pair[0] == b'-' && pair[1].is_ascii_digit() && i >= 3 && bytes[i - 1].is_ascii_alphabetic()
            || pair[0] == b'-' && i >= 4 && bytes[i - 4..i].eq_ignore_ascii_case(b"ghsa")
    })
}

pub(super) fn is_reference(word: &str) -> bool {
    let mut segments = word.split('-');
    let Some(prefix) = segments.next() else {
        return false;
    };
    let rest: Vec<&str> = segments.collect();
    if rest.is_empty()
        || !matches!(
            prefix,
            "cve" | "ghsa" | "inc" | "rfc" | "adr" | "kep" | "pep"
        )
    {
        return false;
    }
    if prefix == "ghsa" {
        return rest.len() == 3
            && rest
                .iter()
                .all(|s| s.len() == 4 && s.chars().all(|c| c.is_ascii_alphanumeric()));
    }
    rest.iter()
        .all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
        && rest.iter().any(|s| s.len() >= 2)
}

/// `fetchQuote` -> fetch, Quote; `max_connections` -> max, connections;
/// `HTTPClient` -> HTTP, Client; `golang.org/x/net` -> golang, org, x, net.
fn split_identifier(word: &str) -> Vec<String> {
    let mut parts = Vec::new();
    for piece in word.split(['-', '_', '.', '/']) {
        let chars: Vec<char> = piece.chars().collect();
        let mut current = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let previous = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            let boundary = match previous {
                Some(p) if c.is_uppercase() => {
                    p.is_lowercase()
                        || p.is_ascii_digit()
                        || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
                }
                _ => false,
            };
            if boundary && !current.is_empty() {
                parts.push(std::mem::take(&mut current));
            }
            current.push(c);
        }
        if !current.is_empty() {
            parts.push(current);
        }
    }
    parts
}

/// A light suffix stemmer: plurals, -ing and -ed, then a final e, so
/// `retries`, `retried` and `retrying` meet at `retry`, and `caches`, `cached`
/// and `cache` at `cach`. Lowercase ASCII words only; others are returned as
/// they are.
pub(super) fn stem(word: &str) -> String {
    if !word.is_ascii() || word.len() <= 3 {
        return word.to_string();
    }
    let w = word;
    let base = if let Some(base) = w.strip_suffix("ies").filter(|b| b.len() >= 2) {
        format!("{base}y")
    } else if let Some(base) = w.strip_suffix("ied").filter(|b| b.len() >= 2) {
        format!("{base}y")
    } else if let Some(base) = w.strip_suffix("sses") {
        format!("{base}ss")
    } else if let Some(base) = w.strip_suffix("ing").filter(|b| b.len() >= 3) {
        undouble(base)
    } else if let Some(base) = w.strip_suffix("ed").filter(|b| b.len() >= 3) {
        undouble(base)
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w[..w.len() - 1].to_string()
    } else {
        w.to_string()
    };
    match base.strip_suffix('e') {
        Some(stripped) if stripped.len() >= 3 => stripped.to_string(),
        _ => base,
    }
}

/// `stopp` -> `stop`, but `install` stays.
fn undouble(base: &str) -> String {
    let bytes = base.as_bytes();
    let n = bytes.len();
    if n >= 3 && bytes[n - 1] == bytes[n - 2] && !matches!(bytes[n - 1], b'l' | b's' | b'z') {
        base[..n - 1].to_string()
    } else {
        base.to_string()
    }
}

/// A structural term for configuration, manifest and CI files: the same kind
/// of file changed by fixes in many repositories is a class of its own.
pub(super) fn file_kind(path: &str) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    if path.starts_with(".github/workflows/") || name == ".gitlab-ci.yml" || name == "jenkinsfile" {
        return Some("file:ci".into());
    }
    // Dependency manifests, and the files that build and deploy a service.
    const BUILD_FILES: &[&str] = &[
        "dockerfile",
        "makefile",
        "chart.yaml",
        "values.yaml",
        "kustomization.yaml",
    ];
    if model::paths::is_dependency_manifest(&name) || BUILD_FILES.contains(&name.as_str()) {
        return Some(format!("file:{name}"));
    }
    let extension = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match extension {
        "yaml" | "yml" | "toml" | "ini" | "conf" | "cfg" | "properties" | "env" | "json" => {
            let lower = path.to_lowercase();
            (!lower.contains("test") && !lower.contains("fixture")).then(|| format!("file:{name}"))
        }
        "tf" | "hcl" => Some("file:terraform".into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_terms(text: &str, expected: &[&str]) {
        assert_eq!(terms(text), expected, "terms of {text:?}");
    }

    #[test]
    fn terms_split_identifiers_and_drop_what_every_fix_says() {
        check_terms(
            "fix(api): set a read timeout on the HTTPClient",
            &["api", "client", "http", "httpclient", "read", "timeout"],
        );
        check_terms(
            "Lower max_connections for the db pool",
            &[
                "connection",
                "db",
                "lower",
                "max",
                "max_connections",
                "pool",
            ],
        );
        check_terms(
            "hooks: stop retrying quote requests inside useCart",
            &[
                "cart", "hook", "insid", "quot", "request", "retry", "stop", "usecart",
            ],
        );
        check_terms("Retries retried retrying", &["retry"]);
        check_terms("Fix the bug", &[]);
        check_terms("return 429 and 503, not 200", &["429", "503"]);
        check_terms(
            "bump golang.org/x/net for CVE-2025-22870",
            &[
                "bump",
                "cve-2025-22870",
                "golang",
                "golang_org_x_net",
                "net",
                "org",
            ],
        );
        check_terms("", &[]);
        check_terms("☃ ünïcode Ärger", &["ärger", "ünïcode"]);
    }

    #[test]
    fn ids_are_looked_for_only_where_they_may_be() {
        for (text, expected) in [
            ("Action item from INC-2025-014.", true),
            ("see ghsa-abcd-1234-wxyz", true),
            ("x-1", false),
            ("bump to v1.2-3", false),
            ("no ids here", false),
            ("", false),
        ] {
            assert_eq!(may_name_reference(text), expected, "{text}");
        }
    }

    #[test]
    fn references_keep_ids_whole() {
        assert_eq!(
            references("Action item from INC-2025-014; see RFC-0001 and GHSA-abcd-1234-wxyz."),
            ["ghsa-abcd-1234-wxyz", "inc-2025-014", "rfc-0001"]
        );
        assert!(references("rfc-x inc- cve-1").is_empty());
    }

    #[test]
    fn stems_meet() {
        for (word, expected) in [
            ("retries", "retry"),
            ("retried", "retry"),
            ("timeouts", "timeout"),
            ("exhausted", "exhaust"),
            ("stopping", "stop"),
            ("installing", "install"),
            ("status", "status"),
            ("analysis", "analysis"),
            ("pass", "pass"),
            ("cache", "cach"),
            ("caches", "cach"),
            ("cached", "cach"),
        ] {
            assert_eq!(stem(word), expected, "{word}");
        }
    }

    #[test]
    fn file_kinds_are_structural_terms() {
        for (path, expected) in [
            ("go.mod", Some("file:go.mod")),
            ("services/api/go.mod", Some("file:go.mod")),
            (".github/workflows/ci.yml", Some("file:ci")),
            ("config/http-client.yaml", Some("file:http-client.yaml")),
            ("terraform/envs/prod/main.tf", Some("file:terraform")),
            ("tests/fixtures/data.json", None),
            ("src/main.rs", None),
        ] {
            assert_eq!(file_kind(path).as_deref(), expected, "{path}");
        }
    }
}
