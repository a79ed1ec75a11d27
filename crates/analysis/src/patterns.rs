//! Patterns: classes of problems that recur across teams. Pure: reads an
//! [`Org`], returns values.
//!
//! A staff engineer "notices when the same class of problem keeps appearing
//! across teams". This module finds such classes in data staffscope already
//! holds, with every occurrence linked to its evidence:
//!
//! 1. Occurrences: commits that say they fix something (fix, revert, hotfix,
//!    regression, flaky, crash, leak, race, incident markers in the subject,
//!    incident and root-cause markers in the body, or a citation of a
//!    post-incident review), and the post-incident reviews themselves.
//! 2. Text: the subject (a revert's reverted subject), normalized by
//!    [`terms`]: identifiers split on camelCase, snake_case, kebab-case and
//!    paths (the compound kept too), light stemming, English and commit stop
//!    words removed; ids such as `CVE-2025-1234` or `INC-2025-014` named
//!    anywhere in the message kept whole; and structural terms for the kind of
//!    configuration, manifest or CI file changed (`file:go.mod`).
//! 3. Weights: TF-IDF, with document frequencies over every commit subject in
//!    the window, so words common in this organization's commits weigh little
//!    and terms seen once are dropped (they cannot make two texts alike).
//! 4. Clusters: single-pass clustering in time order against cluster
//!    centroids by cosine similarity (the method of topic detection and
//!    tracking for streams of short texts), candidates found through an
//!    inverted index, so the cost grows with the occurrences, not their square.
//! 5. Patterns: clusters with enough occurrences in two or more teams, named
//!    by their characteristic terms, with the documents that name the class
//!    (cited by its fixes, or whose title says the same), the people who fixed
//!    it in which teams, and whether anyone owns it.
//!
//! Everything is deterministic: inputs are walked in the order the [`Org`]
//! keeps them, ties break on indices, and no hash map's order reaches output.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{BuildHasherDefault, Hasher};

use serde::Serialize;

use crate::measure::{Evidence, Item, OrgMeasures, PersonMeasures};
use crate::resolve::documents::DocumentKind;
use crate::resolve::{Org, PersonId, ResolvedCommit, ResolvedDocument, TeamId};
use model::{Timestamp, Window};

/// A small multiplicative hasher with no random state: hash maps here are
/// iterated in the same order on every run, and term ids hash fast.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 =
                (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(n)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// How the finder decides; the defaults are what the benchmark measures.
#[derive(Clone, Debug)]
pub struct Options {
    /// Cosine similarity to a cluster's centroid needed to join it.
    pub similarity: f64,
    /// Occurrences a class needs to count as recurring.
    pub min_occurrences: usize,
    /// Teams a class must reach.
    pub min_teams: usize,
    /// A class seen within this many days of the window's end is still recurring.
    pub recurring_days: i64,
    /// Cosine similarity between two clusters' centroids needed to merge them
    /// after the first pass (the same class told with different ids or words).
    pub merge_similarity: f64,
    /// Cosine similarity to its cluster's final centroid a member needs to
    /// stay: single-pass clustering depends on order, and an early member
    /// can be left far from what the class became. Members linked by an id
    /// always stay.
    pub fit_similarity: f64,
    /// Cosine similarity between a document's title and a class needed for
    /// the document to name the class (citations by the class's fixes always do).
    pub naming_similarity: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            similarity: 0.5,
            merge_similarity: 0.35,
            fit_similarity: 0.25,
            min_occurrences: 3,
            min_teams: 2,
            recurring_days: 120,
            naming_similarity: 0.5,
        }
    }
}

/// What kind of evidence an occurrence is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OccurrenceKind {
    Fix,
    Revert,
    /// A change citing a post-incident review or a proposal: work on the
    /// problem it describes, whatever its subject says.
    Remediation,
    IncidentReview,
}

impl OccurrenceKind {
    pub fn label(self) -> &'static str {
        match self {
            OccurrenceKind::Fix => "fix",
            OccurrenceKind::Revert => "revert",
            OccurrenceKind::Remediation => "remediation",
            OccurrenceKind::IncidentReview => "incident review",
        }
    }
}

/// One appearance of a class of problem.
#[derive(Clone, Debug)]
pub struct Occurrence {
    pub kind: OccurrenceKind,
    pub evidence: Evidence,
    /// The teams it happened in: the owners of the files a fix changed (its
    /// author's team where no one owns them), or the teams an incident review
    /// names as affected.
    pub teams: Vec<TeamId>,
    /// Who fixed it, for commits.
    pub fixer: Option<PersonId>,
}

/// A document that names the class.
#[derive(Clone, Debug)]
pub struct Naming {
    /// Index into `Org::documents`.
    pub document: usize,
    pub evidence: Evidence,
    pub authors: Vec<PersonId>,
    /// Why it counts: "cited by its fixes" or "its title describes the class".
    pub how: String,
}

/// Someone who fixed the class, and in which teams' code.
#[derive(Clone, Debug)]
pub struct Fixer {
    pub person: PersonId,
    pub teams: Vec<TeamId>,
    pub evidence: Vec<Evidence>,
}

/// A class of problem that recurs across teams.
#[derive(Clone, Debug)]
pub struct Pattern {
    /// The characteristic terms, most characteristic first, joined by ", ".
    pub name: String,
    pub terms: Vec<String>,
    /// One line, built from the evidence.
    pub description: String,
    pub teams: Vec<TeamId>,
    pub repos: Vec<String>,
    /// Oldest first.
    pub occurrences: Vec<Occurrence>,
    pub first_seen: Timestamp,
    pub last_seen: Timestamp,
    /// Seen within `Options::recurring_days` of the window's end.
    pub recurring: bool,
    pub named_by: Vec<Naming>,
    /// Most teams first.
    pub fixers: Vec<Fixer>,
    /// Someone named it in a document, or one person fixed it in two or more teams.
    pub owned: bool,
    /// Teams x occurrences x recency: the order of the list.
    pub strength: f64,
}

impl Pattern {
    /// Fixers who fixed the class in `teams` or more teams.
    pub fn fixed_across(&self, teams: usize) -> impl Iterator<Item = &Fixer> {
        self.fixers.iter().filter(move |f| f.teams.len() >= teams)
    }
}

/// Finds the classes of problems that recur across teams in `window`,
/// strongest first.
pub fn find(org: &Org, window: Window, options: &Options) -> Vec<Pattern> {
    let corpus = Corpus::build(org, window);
    let clusters = cluster(&corpus.candidates, options.similarity);
    let clusters = join_references(&corpus, clusters);
    let clusters = merge(&corpus.candidates, clusters, options.merge_similarity);
    let clusters = prune(&corpus, clusters, options.fit_similarity);
    let mut patterns: Vec<Pattern> = clusters
        .iter()
        .filter_map(|members| corpus.pattern(org, window, members, options))
        .collect();
    patterns.sort_by(|a, b| {
        b.strength
            .total_cmp(&a.strength)
            .then_with(|| a.first_seen.cmp(&b.first_seen))
            .then_with(|| a.name.cmp(&b.name))
    });
    patterns
}

/// Patterns that touch the person's teams or repositories: the ones nobody
/// owns first, among them the ones the person already fixed somewhere, then
/// the strongest.
pub fn near_person<'a>(patterns: &'a [Pattern], person: &PersonMeasures) -> Vec<&'a Pattern> {
    let teams: BTreeSet<TeamId> = person.homes.iter().map(|(team, _)| *team).collect();
    let mut near: Vec<&Pattern> = patterns
        .iter()
        .filter(|p| {
            p.teams.iter().any(|t| teams.contains(t))
                || p.repos.iter().any(|r| person.repositories.contains(r))
        })
        .collect();
    near.sort_by_key(|p| {
        let fixed_it = p.fixers.iter().any(|f| f.person == person.person);
        (p.owned, !fixed_it)
    });
    near
}

/// Patterns no document names and nobody fixed across teams.
pub fn unowned(patterns: &[Pattern]) -> impl Iterator<Item = &Pattern> {
    patterns.iter().filter(|p| !p.owned)
}

/// Adds "fixed the same class in 3+ teams" to the systemic-problems metric of
/// everyone who did (dimension 6). People whose metric is absent (documents
/// not collected) are left as they are: the dimension stays "not measured".
pub fn add_systemic_problems(measures: &mut OrgMeasures, patterns: &[Pattern], org: &Org) {
    let mut items: BTreeMap<PersonId, Vec<Item>> = BTreeMap::new();
    for pattern in patterns {
        for fixer in pattern.fixed_across(3) {
            let teams: Vec<String> = fixer
                .teams
                .iter()
                .map(|t| org.team(*t).name.clone())
                .collect();
            items.entry(fixer.person).or_default().push(Item {
                label: format!("recurring problem: {}", pattern.name),
                detail: format!(
                    "fixed the same class of problem in {} teams: {}",
                    teams.len(),
                    teams.join(", ")
                ),
                evidence: fixer.evidence.clone(),
            });
        }
    }
    for person in &mut measures.people {
        let Some(found) = items.remove(&person.person) else {
            continue;
        };
        if let Some(metric) = person.metrics.get_mut("systemic_problems") {
            metric.items.extend(found);
            metric.value = Some(metric.items.len() as f64);
        }
    }
}

// ---------------------------------------------------------------------------
// Text

/// Words that say nothing about which problem it was: English function
/// words, and the verbs and nouns every commit message uses.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "else",
    "etc",
    "every",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "let",
    "may",
    "me",
    "might",
    "more",
    "most",
    "must",
    "my",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "per",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "instead",
    "still",
    "already",
    "again",
    "always",
    "never",
    "anymore",
    "properly",
    "correctly",
    "actually",
    "really",
    "even",
    "because",
    "since",
    "whether",
    "though",
    // What every fix says, whatever it fixes.
    "fix",
    "fixe",
    "fixed",
    "fixing",
    "bug",
    "bugfix",
    "hotfix",
    "issue",
    "problem",
    "patch",
    "revert",
    "regression",
    "incident",
    "outage",
    "postmortem",
    "mortem",
    "post",
    "review",
    "follow",
    "followup",
    "remediation",
    "root",
    "cause",
    "action",
    "item",
    "inc",
    // Conventional-commit types and the verbs of every commit.
    "feat",
    "chore",
    "ci",
    "docs",
    "doc",
    "perf",
    "refactor",
    "style",
    "build",
    "wip",
    "add",
    "added",
    "adding",
    "remove",
    "removed",
    "removing",
    "update",
    "updated",
    "updating",
    "change",
    "changed",
    "make",
    "made",
    "use",
    "used",
    "using",
    "handle",
    "handled",
    "handling",
    "ensure",
    "allow",
    "support",
    "improve",
    "correct",
    "avoid",
    "guard",
    "return",
    "set",
    "get",
    "try",
    "new",
    "old",
    "case",
    "cases",
    "code",
    "work",
    "works",
    "working",
    "error",
    "errors",
    "err",
    "minor",
    "small",
    "some",
    "bit",
    "thing",
    "stuff",
    "one",
    "two",
    "three",
    "first",
    "last",
    "second",
    "way",
    "need",
    "needed",
    "should",
    "via",
    "call",
    "called",
    "run",
    "running",
    "clean",
    "cleanup",
    "tidy",
    "again",
    "wrong",
    "missing",
    "bad",
    "broken",
    "properly",
    "do",
    "don",
    "doesn",
    "isn",
    "won",
    "can",
    "cannot",
    "let",
    "lets",
    "pr",
    "mr",
    "merge",
    "branch",
    "main",
    "master",
    // Housekeeping after review, which says nothing about a problem.
    "lint",
    "linter",
    "typo",
    "typos",
    "nit",
    "nits",
    "fmt",
    "format",
    "formatting",
    "whitespace",
    "suggestion",
    "comment",
    "comments",
    "apply",
    "address",
    "conflict",
    "conflicts",
    "spelling",
    "wording",
    "warning",
    "warnings",
    "clippy",
    "rustfmt",
    "prettier",
    "eslint",
    "rebase",
    "rebased",
];

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
fn term_forms(text: &str) -> Vec<(String, String)> {
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
fn may_name_reference(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(2).enumerate().any(|(i, pair)| {
        pair[0] == b'-' && pair[1].is_ascii_digit() && i >= 3 && bytes[i - 1].is_ascii_alphabetic()
            || pair[0] == b'-' && i >= 4 && bytes[i - 4..i].eq_ignore_ascii_case(b"ghsa")
    })
}

fn is_reference(word: &str) -> bool {
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
fn stem(word: &str) -> String {
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
fn reverted_subject(subject: &str) -> Option<&str> {
    let rest = subject
        .strip_prefix("Revert \"")
        .or_else(|| subject.strip_prefix("revert \""))?;
    Some(rest.strip_suffix('"').unwrap_or(rest))
}

/// A structural term for configuration, manifest and CI files: the same kind
/// of file changed by fixes in many repositories is a class of its own.
fn file_kind(path: &str) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    if path.starts_with(".github/workflows/") || name == ".gitlab-ci.yml" || name == "jenkinsfile" {
        return Some("file:ci".into());
    }
    const MANIFESTS: &[&str] = &[
        "go.mod",
        "go.sum",
        "package.json",
        "package-lock.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "cargo.toml",
        "cargo.lock",
        "pyproject.toml",
        "poetry.lock",
        "requirements.txt",
        "gemfile",
        "gemfile.lock",
        "pom.xml",
        "build.gradle",
        "build.gradle.kts",
        "libs.versions.toml",
        "dockerfile",
        "makefile",
        "chart.yaml",
        "values.yaml",
        "kustomization.yaml",
    ];
    if MANIFESTS.contains(&name.as_str()) {
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

// ---------------------------------------------------------------------------
// Corpus and clustering

#[derive(Clone, Copy, Debug)]
enum Origin {
    Commit(usize),
    Document(usize),
}

#[derive(Clone, Debug)]
struct Candidate {
    origin: Origin,
    kind: OccurrenceKind,
    time: Timestamp,
    /// (term id, weight), sorted by term id, unit length.
    vector: Vec<(u32, f64)>,
}

struct Corpus {
    names: Vec<String>,
    /// Per term: the words it came from in candidate texts, with counts.
    forms: HashMap<u32, BTreeMap<String, u32>>,
    idf: Vec<f64>,
    candidates: Vec<Candidate>,
    /// Per document: its title's vector (for naming classes).
    document_vectors: Vec<Vec<(u32, f64)>>,
}

/// A text's terms for the corpus: subject terms, ids named anywhere in the
/// message, and the kinds of configuration files changed.
fn commit_terms(commit: &ResolvedCommit, kind: Option<OccurrenceKind>) -> Vec<(String, String)> {
    let text = match kind {
        Some(OccurrenceKind::Revert) => reverted_subject(&commit.summary).unwrap_or(""),
        _ => &commit.summary,
    };
    let mut all = term_forms(text);
    if may_name_reference(&commit.message) {
        all.extend(
            references(&commit.message)
                .into_iter()
                .map(|r| (r.clone(), r)),
        );
    }
    all.extend(
        commit
            .files
            .iter()
            .filter_map(|f| file_kind(&f.path))
            .map(|k| (k.clone(), k)),
    );
    all
}

fn document_terms(document: &ResolvedDocument) -> Vec<(String, String)> {
    let mut all = term_forms(&document.title);
    all.extend(
        document
            .id
            .as_deref()
            .map(|id| (id.to_lowercase(), id.to_lowercase())),
    );
    all
}

impl Corpus {
    fn build(org: &Org, window: Window) -> Corpus {
        let mut ids: HashMap<String, u32> = HashMap::default();
        let mut names: Vec<String> = Vec::new();
        let mut df: Vec<u32> = Vec::new();
        let mut forms: HashMap<u32, BTreeMap<String, u32>> = HashMap::default();
        let mut intern = |terms: Vec<(String, String)>,
                          df: &mut Vec<u32>,
                          forms: Option<&mut HashMap<u32, BTreeMap<String, u32>>>|
         -> Vec<u32> {
            let mut out: Vec<(u32, String)> = terms
                .into_iter()
                .map(|(term, form)| {
                    let id = *ids.entry(term).or_insert_with_key(|term| {
                        names.push(term.clone());
                        df.push(0);
                        (names.len() - 1) as u32
                    });
                    (id, form)
                })
                .collect();
            if let Some(forms) = forms {
                for (id, form) in &out {
                    *forms
                        .entry(*id)
                        .or_default()
                        .entry(form.clone())
                        .or_default() += 1;
                }
            }
            let mut out: Vec<u32> = out.drain(..).map(|(id, _)| id).collect();
            out.sort_unstable();
            out.dedup();
            for &id in &out {
                df[id as usize] += 1;
            }
            out
        };
        // Commits that cite a post-incident review or a proposal work on the
        // problem it describes.
        let mut remediation: BTreeSet<usize> = BTreeSet::new();
        for document in &org.documents {
            remediation.extend(document.citations.iter().map(|c| c.commit));
        }
        let mut texts: Vec<(Origin, Option<OccurrenceKind>, Timestamp, Vec<u32>)> = Vec::new();
        let mut size = 0usize;
        for (index, commit) in org.commits.iter().enumerate() {
            if !window.contains(commit.time) || commit.is_merge || commit.exclusion.is_some() {
                continue;
            }
            // A commit that only writes documents is the document's history;
            // an incident review counts through the review itself.
            let documents_only = !commit.files.is_empty()
                && commit.files.iter().all(|f| {
                    let lower = f.path.to_lowercase();
                    lower.ends_with(".md") || lower.ends_with(".rst") || lower.ends_with(".adoc")
                });
            let kind = problem_kind(&commit.summary, &commit.message).or_else(|| {
                remediation
                    .contains(&index)
                    .then_some(OccurrenceKind::Remediation)
            });
            let kind = kind.filter(|_| !documents_only);
            let forms = kind.is_some().then_some(&mut forms);
            let terms = intern(commit_terms(commit, kind), &mut df, forms);
            size += 1;
            if kind.is_some() {
                texts.push((Origin::Commit(index), kind, commit.time, terms));
            }
        }
        let mut document_terms_list = Vec::with_capacity(org.documents.len());
        for (index, document) in org.documents.iter().enumerate() {
            let forms = (document.kind == DocumentKind::Pir).then_some(&mut forms);
            let terms = intern(document_terms(document), &mut df, forms);
            size += 1;
            if document.kind == DocumentKind::Pir && window.contains(document.date) {
                texts.push((
                    Origin::Document(index),
                    Some(OccurrenceKind::IncidentReview),
                    document.date,
                    terms.clone(),
                ));
            }
            document_terms_list.push(terms);
        }
        let total = size.max(1) as f64;
        let idf: Vec<f64> = df
            .iter()
            .map(|&d| {
                if d < 2 {
                    0.0
                } else {
                    (total / f64::from(d)).ln().max(0.0)
                }
            })
            .collect();
        let vector = |terms: &[u32]| -> Vec<(u32, f64)> {
            let mut v: Vec<(u32, f64)> = terms
                .iter()
                .map(|&t| (t, idf[t as usize]))
                .filter(|(_, w)| *w > 0.0)
                .collect();
            let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
            if norm > 0.0 {
                for (_, w) in &mut v {
                    *w /= norm;
                }
            }
            v
        };
        let mut candidates: Vec<Candidate> = texts
            .into_iter()
            .filter_map(|(origin, kind, time, terms)| {
                let vector = vector(&terms);
                // One word cannot say what went wrong ("fix test").
                (vector.len() >= 2).then(|| Candidate {
                    origin,
                    kind: kind.unwrap_or(OccurrenceKind::Fix),
                    time,
                    vector,
                })
            })
            .collect();
        // Time order; the order the Org keeps breaks ties.
        candidates.sort_by_key(|c| {
            (
                c.time,
                match c.origin {
                    Origin::Commit(i) => (0, i),
                    Origin::Document(i) => (1, i),
                },
            )
        });
        let document_vectors = document_terms_list.iter().map(|t| vector(t)).collect();
        Corpus {
            names,
            forms,
            idf,
            candidates,
            document_vectors,
        }
    }

    /// A term as people wrote it: its most frequent word.
    fn form(&self, term: u32) -> String {
        self.forms
            .get(&term)
            .and_then(|forms| {
                forms
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(form, _)| form.clone())
            })
            .unwrap_or_else(|| self.names[term as usize].clone())
    }

    fn evidence(&self, org: &Org, candidate: &Candidate) -> Evidence {
        match candidate.origin {
            Origin::Commit(index) => {
                let commit = &org.commits[index];
                Evidence {
                    repo: org.repos.get(commit.repo).cloned().unwrap_or_default(),
                    reference: commit.short_id().into(),
                    time: commit.time,
                    summary: commit.summary.clone(),
                    detail: candidate.kind.label().into(),
                }
            }
            Origin::Document(index) => {
                document_evidence(org, &org.documents[index], "incident review")
            }
        }
    }

    /// The teams an occurrence happened in, and who fixed it.
    fn teams(&self, org: &Org, candidate: &Candidate) -> (Vec<TeamId>, Option<PersonId>) {
        match candidate.origin {
            Origin::Commit(index) => {
                let commit = &org.commits[index];
                let mut owners: BTreeMap<TeamId, usize> = BTreeMap::new();
                for file in commit.files.iter().filter(|f| !f.generated) {
                    if let Some(team) = file.team {
                        *owners.entry(team).or_default() += 1;
                    }
                }
                let team = owners
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(team, _)| *team)
                    .or_else(|| org.home_at(commit.author, commit.time).map(|h| h.team));
                (team.into_iter().collect(), Some(commit.author))
            }
            Origin::Document(index) => {
                let document = &org.documents[index];
                let mut teams: Vec<TeamId> = document
                    .teams_affected
                    .iter()
                    .filter_map(|name| org.team_by_name(name))
                    .collect();
                if teams.is_empty() {
                    teams.extend(
                        document
                            .authors
                            .iter()
                            .filter_map(|a| org.home_at(*a, document.date))
                            .map(|h| h.team),
                    );
                }
                teams.sort();
                teams.dedup();
                (teams, None)
            }
        }
    }

    fn pattern(
        &self,
        org: &Org,
        window: Window,
        members: &[usize],
        options: &Options,
    ) -> Option<Pattern> {
        if members.len() < options.min_occurrences {
            return None;
        }
        let mut occurrences: Vec<Occurrence> = members
            .iter()
            .map(|&m| {
                let candidate = &self.candidates[m];
                let (teams, fixer) = self.teams(org, candidate);
                Occurrence {
                    kind: candidate.kind,
                    evidence: self.evidence(org, candidate),
                    teams,
                    fixer,
                }
            })
            .collect();
        let teams: BTreeSet<TeamId> = occurrences.iter().flat_map(|o| o.teams.clone()).collect();
        if teams.len() < options.min_teams {
            return None;
        }
        // The centroid, and the terms most members share.
        let mut centroid: BTreeMap<u32, f64> = BTreeMap::new();
        let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
        for &m in members {
            for &(term, weight) in &self.candidates[m].vector {
                *centroid.entry(term).or_default() += weight;
                *counts.entry(term).or_default() += 1;
            }
        }
        let norm = centroid.values().map(|w| w * w).sum::<f64>().sqrt();
        let mut core: Vec<(u32, f64)> = counts
            .iter()
            .filter(|(_, n)| **n * 2 >= members.len() && **n >= 2)
            .map(|(&term, &n)| (term, n as f64 * self.idf[term as usize]))
            .collect();
        // One shared word is a topic, not a class of problem; and a kind of
        // file changed together is a class only with words people wrote.
        if core.len() < 2
            || core
                .iter()
                .filter(|(t, _)| !self.names[*t as usize].starts_with("file:"))
                .count()
                < 2
        {
            return None;
        }
        core.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        // Compounds first (they sort first, being rarer); their parts add nothing.
        let mut terms: Vec<String> = Vec::new();
        for (term, _) in &core {
            let form = self.form(*term);
            let covered = terms.iter().any(|chosen| {
                chosen.split(['_', '-', '.', '/']).any(|part| {
                    part != chosen && part.starts_with(self.names[*term as usize].as_str())
                })
            });
            if !covered {
                terms.push(form);
            }
            if terms.len() == 4 {
                break;
            }
        }
        // The most typical member: the closest to the centroid.
        let typical = members
            .iter()
            .map(|&m| {
                let similarity: f64 = self.candidates[m]
                    .vector
                    .iter()
                    .map(|(t, w)| w * centroid.get(t).copied().unwrap_or(0.0))
                    .sum();
                (m, similarity)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map(|(m, _)| m)
            .expect("a cluster has members");

        // Documents naming the class: cited by its fixes, or a title that says the same.
        let member_commits: BTreeSet<usize> = members
            .iter()
            .filter_map(|&m| match self.candidates[m].origin {
                Origin::Commit(i) => Some(i),
                Origin::Document(_) => None,
            })
            .collect();
        let member_documents: BTreeSet<usize> = members
            .iter()
            .filter_map(|&m| match self.candidates[m].origin {
                Origin::Document(i) => Some(i),
                Origin::Commit(_) => None,
            })
            .collect();
        let mut named_by = Vec::new();
        for (index, document) in org.documents.iter().enumerate() {
            let cited = document
                .citations
                .iter()
                .any(|c| member_commits.contains(&c.commit));
            // A member document names the class only when the class's fixes
            // cite it (an incident review whose remediation landed citing it);
            // otherwise it is one more occurrence.
            if member_documents.contains(&index) && !cited {
                continue;
            }
            let similarity: f64 = if norm > 0.0 {
                self.document_vectors[index]
                    .iter()
                    .map(|(t, w)| w * centroid.get(t).copied().unwrap_or(0.0))
                    .sum::<f64>()
                    / norm
            } else {
                0.0
            };
            let how = if cited {
                "cited by its fixes"
            } else if similarity >= options.naming_similarity {
                "its title describes the class"
            } else {
                continue;
            };
            named_by.push(Naming {
                document: index,
                evidence: document_evidence(org, document, document.kind.label()),
                authors: document.authors.clone(),
                how: how.to_string(),
            });
        }

        // Who fixed it where.
        let mut by_fixer: BTreeMap<PersonId, (BTreeSet<TeamId>, Vec<Evidence>)> = BTreeMap::new();
        for occurrence in &occurrences {
            if let Some(person) = occurrence.fixer
                && !org.people.get(person).bot
            {
                let entry = by_fixer.entry(person).or_default();
                entry.0.extend(occurrence.teams.iter().copied());
                entry.1.push(occurrence.evidence.clone());
            }
        }
        let mut fixers: Vec<Fixer> = by_fixer
            .into_iter()
            .map(|(person, (teams, evidence))| Fixer {
                person,
                teams: teams.into_iter().collect(),
                evidence,
            })
            .collect();
        fixers.sort_by(|a, b| {
            b.teams
                .len()
                .cmp(&a.teams.len())
                .then_with(|| b.evidence.len().cmp(&a.evidence.len()))
                .then_with(|| a.person.cmp(&b.person))
        });
        let owned = !named_by.is_empty() || fixers.iter().any(|f| f.teams.len() >= 2);

        occurrences.sort_by(|a, b| {
            a.evidence
                .time
                .cmp(&b.evidence.time)
                .then_with(|| a.evidence.id().cmp(&b.evidence.id()))
        });
        let first_seen = occurrences.first().map_or(0, |o| o.evidence.time);
        let last_seen = occurrences.last().map_or(0, |o| o.evidence.time);
        let recurring = last_seen >= window.until - options.recurring_days * 86_400;
        let span = (window.until - window.since).max(1) as f64;
        let recency = 0.5 + 0.5 * ((last_seen - window.since) as f64 / span).clamp(0.0, 1.0);
        let strength = teams.len() as f64 * occurrences.len() as f64 * recency;
        let repos: BTreeSet<String> = occurrences
            .iter()
            .map(|o| o.evidence.repo.to_string())
            .collect();
        let team_names: Vec<String> = teams.iter().map(|t| org.team(*t).name.clone()).collect();
        let typical_evidence = self.evidence(org, &self.candidates[typical]);
        let description = format!(
            "{} in {} teams ({}) share the terms {}; most typical: \"{}\" ({})",
            kinds_text(&occurrences),
            teams.len(),
            team_names.join(", "),
            terms
                .iter()
                .map(|t| shown_term(t))
                .collect::<Vec<_>>()
                .join(", "),
            typical_evidence.summary,
            typical_evidence.id()
        );
        Some(Pattern {
            name: terms
                .iter()
                .map(|t| shown_term(t))
                .collect::<Vec<_>>()
                .join(", "),
            terms,
            description,
            teams: teams.into_iter().collect(),
            repos: repos.into_iter().collect(),
            occurrences,
            first_seen,
            last_seen,
            recurring,
            named_by,
            fixers,
            owned,
            strength,
        })
    }
}

fn shown_term(term: &str) -> String {
    match term.strip_prefix("file:") {
        Some(file) => format!("{file} files"),
        None => term.to_string(),
    }
}

/// "4 fixes, 1 revert and 2 incident reviews".
fn kinds_text(occurrences: &[Occurrence]) -> String {
    let mut counts: BTreeMap<OccurrenceKind, usize> = BTreeMap::new();
    for occurrence in occurrences {
        *counts.entry(occurrence.kind).or_default() += 1;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(kind, n)| {
            let label = kind.label();
            match (n, *kind) {
                (1, _) => format!("1 {label}"),
                (_, OccurrenceKind::Fix) => format!("{n} fixes"),
                (_, OccurrenceKind::Remediation) => format!("{n} remediations"),
                _ => format!("{n} {label}s"),
            }
        })
        .collect();
    match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn document_evidence(org: &Org, document: &ResolvedDocument, detail: &str) -> Evidence {
    Evidence {
        repo: org.repos.get(document.repo).cloned().unwrap_or_default(),
        reference: document.path.as_str().into(),
        time: document.date,
        summary: document.title.as_str().into(),
        detail: detail.into(),
    }
}

/// How many recent clusters of each term's posting list a text is compared with.
const RECENT_PER_TERM: usize = 24;

/// Single-pass clustering: each candidate, in order, joins the most similar
/// cluster whose centroid is at least `threshold` away in cosine, or starts
/// a new one. Returns the members of each cluster, as candidate indices.
fn cluster(candidates: &[Candidate], threshold: f64) -> Vec<Vec<usize>> {
    struct Cluster {
        centroid: HashMap<u32, f64>,
        norm2: f64,
        members: Vec<usize>,
    }
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut postings: HashMap<u32, Vec<u32>> = HashMap::default();
    let mut seen: Vec<usize> = Vec::new();
    for (index, candidate) in candidates.iter().enumerate() {
        let mut best: Option<(u32, f64)> = None;
        for &(term, _) in &candidate.vector {
            let Some(list) = postings.get(&term) else {
                continue;
            };
            for &id in list.iter().rev().take(RECENT_PER_TERM) {
                if seen.get(id as usize) == Some(&(index + 1)) {
                    continue;
                }
                if seen.len() <= id as usize {
                    seen.resize(id as usize + 1, 0);
                }
                seen[id as usize] = index + 1;
                let cluster = &clusters[id as usize];
                let dot: f64 = candidate
                    .vector
                    .iter()
                    .map(|(t, w)| w * cluster.centroid.get(t).copied().unwrap_or(0.0))
                    .sum();
                let similarity = dot / cluster.norm2.sqrt().max(f64::MIN_POSITIVE);
                let better = match best {
                    None => true,
                    Some((best_id, best_similarity)) => {
                        similarity > best_similarity
                            || (similarity == best_similarity && id < best_id)
                    }
                };
                if better {
                    best = Some((id, similarity));
                }
            }
        }
        let id = match best {
            Some((id, similarity)) if similarity >= threshold => id,
            _ => {
                clusters.push(Cluster {
                    centroid: HashMap::default(),
                    norm2: 0.0,
                    members: Vec::new(),
                });
                (clusters.len() - 1) as u32
            }
        };
        let cluster = &mut clusters[id as usize];
        for &(term, weight) in &candidate.vector {
            let entry = cluster.centroid.entry(term).or_insert(0.0);
            cluster.norm2 += (*entry + weight) * (*entry + weight) - *entry * *entry;
            *entry += weight;
            // Active clusters stay at the recent end of their terms' lists.
            let list = postings.entry(term).or_default();
            if list.last() != Some(&id) {
                list.push(id);
            }
        }
        cluster.members.push(index);
    }
    clusters.into_iter().map(|c| c.members).collect()
}

/// Occurrences naming the same incident, advisory or proposal id are about
/// the same problem, whatever their words: their clusters become one. An id
/// named by very many occurrences is a convention, not a problem, and joins
/// nothing.
fn join_references(corpus: &Corpus, clusters: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    const MOST_OCCURRENCES: usize = 200;
    let mut cluster_of: Vec<usize> = vec![0; corpus.candidates.len()];
    for (c, members) in clusters.iter().enumerate() {
        for &m in members {
            cluster_of[m] = c;
        }
    }
    let mut by_reference: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (index, candidate) in corpus.candidates.iter().enumerate() {
        for &(term, _) in &candidate.vector {
            if is_reference(&corpus.names[term as usize]) {
                by_reference.entry(term).or_default().push(index);
            }
        }
    }
    // Union-find over clusters.
    let mut parent: Vec<usize> = (0..clusters.len()).collect();
    fn root(parent: &mut [usize], mut c: usize) -> usize {
        while parent[c] != c {
            parent[c] = parent[parent[c]];
            c = parent[c];
        }
        c
    }
    for members in by_reference.values() {
        if members.len() < 2 || members.len() > MOST_OCCURRENCES {
            continue;
        }
        for &m in &members[1..] {
            let first = root(&mut parent, cluster_of[members[0]]);
            let other = root(&mut parent, cluster_of[m]);
            if other != first {
                parent[first.max(other)] = first.min(other);
            }
        }
    }
    let mut joined: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (c, members) in clusters.into_iter().enumerate() {
        let r = root(&mut parent, c);
        joined.entry(r).or_default().extend(members);
    }
    joined
        .into_values()
        .map(|mut members| {
            members.sort_unstable();
            members
        })
        .collect()
}

/// Drops the members of each cluster that fit its final centroid less than
/// `threshold`, unless they name an id (an incident, an advisory) that
/// another member names too.
fn prune(corpus: &Corpus, clusters: Vec<Vec<usize>>, threshold: f64) -> Vec<Vec<usize>> {
    let candidates = &corpus.candidates;
    let is_linking = |term: u32| is_reference(&corpus.names[term as usize]);
    clusters
        .into_iter()
        .map(|members| {
            if members.len() < 2 {
                return members;
            }
            let mut centroid: HashMap<u32, f64> = HashMap::default();
            let mut counts: HashMap<u32, usize> = HashMap::default();
            for &m in &members {
                for &(t, w) in &candidates[m].vector {
                    *centroid.entry(t).or_default() += w;
                    *counts.entry(t).or_default() += 1;
                }
            }
            let norm = centroid.values().map(|w| w * w).sum::<f64>().sqrt();
            members
                .into_iter()
                .filter(|&m| {
                    let vector = &candidates[m].vector;
                    let fit: f64 = vector
                        .iter()
                        .map(|(t, w)| w * centroid.get(t).copied().unwrap_or(0.0))
                        .sum::<f64>()
                        / norm.max(f64::MIN_POSITIVE);
                    let linked = vector
                        .iter()
                        .any(|(t, _)| counts.get(t).copied().unwrap_or(0) >= 2 && is_linking(*t));
                    fit >= threshold || linked
                })
                .collect()
        })
        .collect()
}

/// Merges clusters whose centroids are at least `threshold` alike, largest
/// clusters first, so a class told with different ids or words becomes one.
/// Clusters meet through the heaviest terms of their centroids; singletons
/// stay as they are. Returns the clusters' members in time order.
fn merge(candidates: &[Candidate], clusters: Vec<Vec<usize>>, threshold: f64) -> Vec<Vec<usize>> {
    /// How many of a centroid's heaviest terms index it.
    const INDEXED_TERMS: usize = 8;
    /// How many clusters sharing one of those terms a cluster is compared with.
    const MERGE_CANDIDATES_PER_TERM: usize = 64;
    struct Sum {
        weights: HashMap<u32, f64>,
        norm2: f64,
    }
    impl Sum {
        fn add(&mut self, term: u32, weight: f64) {
            let entry = self.weights.entry(term).or_insert(0.0);
            self.norm2 += (*entry + weight) * (*entry + weight) - *entry * *entry;
            *entry += weight;
        }
        fn cosine(&self, other: &Sum) -> f64 {
            let (small, large) = if self.weights.len() <= other.weights.len() {
                (self, other)
            } else {
                (other, self)
            };
            let dot: f64 = small
                .weights
                .iter()
                .map(|(t, w)| *w * large.weights.get(t).copied().unwrap_or(0.0))
                .sum();
            dot / (self.norm2.sqrt() * other.norm2.sqrt()).max(f64::MIN_POSITIVE)
        }
        fn heaviest(&self) -> Vec<u32> {
            let mut terms: Vec<(u32, f64)> = self.weights.iter().map(|(t, w)| (*t, *w)).collect();
            let order = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            if terms.len() > INDEXED_TERMS {
                terms.select_nth_unstable_by(INDEXED_TERMS, order);
                terms.truncate(INDEXED_TERMS);
            }
            terms.sort_by(order);
            terms.into_iter().map(|(t, _)| t).collect()
        }
    }
    let mut sums: Vec<Sum> = clusters
        .iter()
        .map(|members| {
            let mut sum = Sum {
                weights: HashMap::default(),
                norm2: 0.0,
            };
            if members.len() >= 2 {
                for &m in members {
                    for &(t, w) in &candidates[m].vector {
                        sum.add(t, w);
                    }
                }
            }
            sum
        })
        .collect();
    let mut order: Vec<usize> = (0..clusters.len())
        .filter(|&c| clusters[c].len() >= 2)
        .collect();
    order.sort_by(|a, b| clusters[*b].len().cmp(&clusters[*a].len()).then(a.cmp(b)));
    let mut heaviest: Vec<Vec<u32>> = sums.iter().map(Sum::heaviest).collect();
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::default();
    for &c in &order {
        for &t in &heaviest[c] {
            postings.entry(t).or_default().push(c);
        }
    }
    let mut merged = vec![false; clusters.len()];
    let mut seen: Vec<usize> = vec![usize::MAX; clusters.len()];
    let mut members = clusters;
    let mut round = 0usize;
    for &a in &order {
        if merged[a] {
            continue;
        }
        // Every cluster alike enough joins at once; the merged centroid's
        // heaviest terms may reach more, so look again until none is found.
        loop {
            round += 1;
            let mut alike: Vec<usize> = Vec::new();
            let mut stale: Vec<u32> = Vec::new();
            for t in &heaviest[a] {
                let (mut compared, mut gone) = (0usize, 0usize);
                for &b in postings.get(t).into_iter().flatten() {
                    if merged[b] {
                        gone += 1;
                        continue;
                    }
                    if b == a || seen[b] == round {
                        continue;
                    }
                    // The largest clusters come first in every list; a term
                    // shared by thousands of clusters is compared with the
                    // largest few, which keeps the pass linear.
                    if compared == MERGE_CANDIDATES_PER_TERM {
                        break;
                    }
                    compared += 1;
                    seen[b] = round;
                    if sums[a].cosine(&sums[b]) >= threshold {
                        alike.push(b);
                    }
                }
                if gone > MERGE_CANDIDATES_PER_TERM {
                    stale.push(*t);
                }
            }
            for t in stale {
                if let Some(list) = postings.get_mut(&t) {
                    list.retain(|b| !merged[*b]);
                }
            }
            if alike.is_empty() {
                break;
            }
            alike.sort_unstable();
            for b in alike {
                merged[b] = true;
                let taken = std::mem::take(&mut members[b]);
                members[a].extend(taken);
                let absorbed = std::mem::replace(
                    &mut sums[b],
                    Sum {
                        weights: HashMap::default(),
                        norm2: 0.0,
                    },
                );
                for (t, w) in absorbed.weights {
                    sums[a].add(t, w);
                }
            }
            heaviest[a] = sums[a].heaviest();
            for &t in &heaviest[a] {
                let list = postings.entry(t).or_default();
                if list.last() != Some(&a) {
                    list.push(a);
                }
            }
        }
        members[a].sort_unstable();
    }
    members
        .into_iter()
        .enumerate()
        .filter(|(c, m)| !merged[*c] && !m.is_empty())
        .map(|(_, m)| m)
        .collect()
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

    fn candidate(text: &str, vocabulary: &mut Vec<String>) -> Vec<u32> {
        terms(text)
            .into_iter()
            .map(|t| match vocabulary.iter().position(|v| *v == t) {
                Some(i) => i as u32,
                None => {
                    vocabulary.push(t);
                    (vocabulary.len() - 1) as u32
                }
            })
            .collect()
    }

    /// Clusters texts with equal weights for every term, for plain checks.
    fn check_clusters(texts: &[&str], threshold: f64, expected: &[&[usize]]) {
        let mut vocabulary = Vec::new();
        let candidates: Vec<Candidate> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let ids = candidate(text, &mut vocabulary);
                let weight = 1.0 / (ids.len().max(1) as f64).sqrt();
                Candidate {
                    origin: Origin::Commit(i),
                    kind: OccurrenceKind::Fix,
                    time: i as i64,
                    vector: ids.into_iter().map(|t| (t, weight)).collect(),
                }
            })
            .collect();
        let clusters: Vec<Vec<usize>> = cluster(&candidates, threshold)
            .into_iter()
            .filter(|c| c.len() > 1)
            .collect();
        let expected: Vec<Vec<usize>> = expected.iter().map(|c| c.to_vec()).collect();
        assert_eq!(clusters, expected, "{texts:?}");
    }

    #[test]
    fn similar_texts_cluster_and_others_do_not() {
        check_clusters(
            &[
                "set a read timeout on the payments http client",
                "release the ledger lock",
                "set a read timeout on the search http client",
                "add jitter to exponential backoff",
                "read timeout for the identity http client",
                "exponential backoff needs jitter",
            ],
            0.5,
            &[&[0, 2, 4], &[3, 5]],
        );
        check_clusters(&["alpha beta", "gamma delta"], 0.5, &[]);
        check_clusters(&[], 0.5, &[]);
    }
}
