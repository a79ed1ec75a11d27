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
//! Each step is a module: `occurrences` (1), `text` and `stop_words` (2),
//! `weights` (3), `clustering` (4) and `classes` (5); `credit` then gives the
//! people who fixed a class across teams their due in the measures.
//!
//! Everything is deterministic: inputs are walked in the order the [`Org`]
//! keeps them, ties break on indices, and no hash map's order reaches output.

mod classes;
mod clustering;
mod credit;
mod episodes;
mod naming;
mod occurrences;
mod stop_words;
mod text;
mod weights;

use std::collections::BTreeSet;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

use crate::measure::{Evidence, PersonMeasures};
use crate::resolve::{Org, PersonId, TeamId};
use model::{Timestamp, Window};

pub use credit::add_systemic_problems;
pub use occurrences::problem_kind;
pub use text::{references, terms};

use clustering::{cluster, join_references, merge, prune};
use weights::Corpus;

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
    /// Independent occurrences (episodes: a pull request, a patch series, a
    /// topic branch counts once) a class needs to count as recurring.
    pub min_occurrences: usize,
    /// People who fixed or wrote up the class.
    pub min_people: usize,
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
            min_people: 2,
            min_teams: 2,
            recurring_days: 120,
            naming_similarity: 0.5,
        }
    }
}

/// What kind of evidence an occurrence is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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
    /// Its episode within the class, numbered from 0 by first appearance:
    /// occurrences of one pull request, patch series or topic branch share one.
    pub episode: usize,
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
    /// Cited by the class's fixes: it owns the class.
    pub cited: bool,
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
    /// A short phrase its occurrences share ("hung connections"), or its
    /// characteristic terms joined by ", " where they share none.
    pub name: String,
    pub terms: Vec<String>,
    /// One line, built from the evidence.
    pub description: String,
    pub teams: Vec<TeamId>,
    pub repos: Vec<String>,
    /// Oldest first.
    pub occurrences: Vec<Occurrence>,
    /// Independent episodes among the occurrences.
    pub episodes: usize,
    pub first_seen: Timestamp,
    pub last_seen: Timestamp,
    /// Seen within `Options::recurring_days` of the window's end.
    pub recurring: bool,
    pub named_by: Vec<Naming>,
    /// Most teams first.
    pub fixers: Vec<Fixer>,
    /// A document its fixes cite names it, or one person fixed it in most
    /// of its teams (two at least).
    pub owned: bool,
    /// Who owns it and why, or why no one does.
    pub ownership: String,
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
