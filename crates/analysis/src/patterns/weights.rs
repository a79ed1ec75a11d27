//! Weights: the corpus of texts to cluster, each a unit TF-IDF vector.
//!
//! Document frequencies are counted over every commit subject in the window
//! and every document title, not only over the occurrences, so that words
//! common in this organization's commits weigh little; terms seen once weigh
//! nothing, since they cannot make two texts alike.

use std::collections::{BTreeMap, BTreeSet};

use super::occurrences::{is_problem_word, written_subject};
use super::text::{file_kind, may_name_reference, references, term_forms};
use super::{HashMap, OccurrenceKind, problem_kind};
use crate::resolve::documents::DocumentKind;
use crate::resolve::{Org, ResolvedCommit, ResolvedDocument};
use model::{Timestamp, Window};

/// Where a candidate came from, as an index into the [`Org`]'s lists.
#[derive(Clone, Copy, Debug)]
pub(super) enum Origin {
    Commit(usize),
    Document(usize),
}

/// One occurrence, ready to cluster.
#[derive(Clone, Debug)]
pub(super) struct Candidate {
    pub(super) origin: Origin,
    pub(super) kind: OccurrenceKind,
    pub(super) time: Timestamp,
    /// (term id, weight), sorted by term id, unit length.
    pub(super) vector: Vec<(u32, f64)>,
}

pub(super) struct Corpus {
    pub(super) names: Vec<String>,
    /// Per term: whether it names a place of this organization (a
    /// repository, a team, a folder or a file), which says where a problem
    /// happened, not what it is.
    pub(super) places: Vec<bool>,
    /// Per commit of the [`Org`]: the main-line merge that brought it in.
    pub(super) merges: Vec<Option<u32>>,
    /// Per term: the words it came from in candidate texts, with counts.
    pub(super) forms: HashMap<u32, BTreeMap<String, u32>>,
    pub(super) idf: Vec<f64>,
    pub(super) candidates: Vec<Candidate>,
    /// Per document: its title's vector (for naming classes).
    pub(super) document_vectors: Vec<Vec<(u32, f64)>>,
}

/// A text to weigh: where it came from, what kind of occurrence it is, when,
/// and its term ids.
type Text = (Origin, Option<OccurrenceKind>, Timestamp, Vec<u32>);

/// A text's terms for the corpus: subject terms, ids named anywhere in the
/// message, and the kinds of configuration files changed.
fn commit_terms(commit: &ResolvedCommit, kind: Option<OccurrenceKind>) -> Vec<(String, String)> {
    let text = written_subject(&commit.summary, kind);
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

/// Term ids, in the order terms are first met, with their document
/// frequencies and, for occurrences, the words they came from.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
    names: Vec<String>,
    df: Vec<u32>,
    forms: HashMap<u32, BTreeMap<String, u32>>,
}

impl Interner {
    /// The text's distinct term ids, sorted, each counted once in its
    /// document frequency; `keep_forms` records the words they came from.
    fn intern(&mut self, terms: Vec<(String, String)>, keep_forms: bool) -> Vec<u32> {
        let (names, df) = (&mut self.names, &mut self.df);
        let mut out: Vec<(u32, String)> = terms
            .into_iter()
            .map(|(term, form)| {
                let id = *self.ids.entry(term).or_insert_with_key(|term| {
                    names.push(term.clone());
                    df.push(0);
                    (names.len() - 1) as u32
                });
                (id, form)
            })
            .collect();
        if keep_forms {
            for (id, form) in &out {
                *self
                    .forms
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
    }

    /// Interns every commit counted as work in the window, and keeps the
    /// fixes, reverts and remediations among them as texts. Returns how many
    /// commits were interned.
    fn commits(&mut self, org: &Org, window: Window, texts: &mut Vec<Text>) -> usize {
        // Commits that cite a post-incident review or a proposal work on the
        // problem it describes.
        let mut remediation: BTreeSet<usize> = BTreeSet::new();
        for document in &org.documents {
            remediation.extend(document.citations.iter().map(|c| c.commit));
        }
        let mut size = 0usize;
        for (index, commit) in org.commits.iter().enumerate() {
            if !window.contains(commit.time) || commit.is_merge || commit.exclusion.is_some() {
                continue;
            }
            // A commit that only writes documents is the document's history
            // (a proposal's metadata, milestones, wording); an incident review
            // counts through the review itself.
            let documents_only =
                !commit.files.is_empty() && commit.files.iter().all(|f| is_writing(&f.path));
            let kind = problem_kind(&commit.summary, &commit.message).or_else(|| {
                remediation
                    .contains(&index)
                    .then_some(OccurrenceKind::Remediation)
            });
            let kind = kind.filter(|_| !documents_only);
            let terms = self.intern(commit_terms(commit, kind), kind.is_some());
            size += 1;
            if kind.is_some() {
                texts.push((Origin::Commit(index), kind, commit.time, terms));
            }
        }
        size
    }

    /// Interns every document's title and id, keeps the post-incident
    /// reviews in the window as texts, and returns each document's terms.
    fn documents(&mut self, org: &Org, window: Window, texts: &mut Vec<Text>) -> Vec<Vec<u32>> {
        let mut document_terms_list = Vec::with_capacity(org.documents.len());
        for (index, document) in org.documents.iter().enumerate() {
            let is_review = document.kind == DocumentKind::Pir;
            let terms = self.intern(document_terms(document), is_review);
            if is_review && window.contains(document.date) {
                texts.push((
                    Origin::Document(index),
                    Some(OccurrenceKind::IncidentReview),
                    document.date,
                    terms.clone(),
                ));
            }
            document_terms_list.push(terms);
        }
        document_terms_list
    }
}

/// How much a term that names a place weighs, against its rarity alone.
const PLACE_WEIGHT: f64 = 0.4;

/// Whether a changed file is writing rather than code: a file of a
/// document format, or any file in a document folder (a KEP's `kep.yaml`,
/// git's `Documentation/`).
fn is_writing(path: &str) -> bool {
    let lower = path.to_lowercase();
    [".md", ".rst", ".adoc"]
        .iter()
        .any(|extension| lower.ends_with(extension))
        || lower.starts_with("documentation/")
        || model::paths::document_verdict(&lower, model::paths::FOLDERS).is_some()
}

impl Interner {
    /// Per term, whether it names a place: the repositories, the teams, and
    /// the folders and files (without extension) the window's commits
    /// changed, outside test folders, whose file names describe cases.
    fn places(&self, org: &Org, window: Window) -> Vec<bool> {
        let mut names: std::collections::HashSet<
            &str,
            std::hash::BuildHasherDefault<super::IdHasher>,
        > = Default::default();
        names.extend(org.repos.iter().map(|r| r.as_ref()));
        names.extend(org.teams.iter().map(|t| t.name.as_str()));
        for commit in org.commits.iter().filter(|c| window.contains(c.time)) {
            for file in &commit.files {
                let parts: Vec<&str> = file.path.split('/').collect();
                if parts.iter().any(|p| is_test_folder(p)) {
                    continue;
                }
                let (file_name, dirs) = parts.split_last().expect("split yields one part");
                names.extend(dirs.iter().copied());
                names.insert(file_name.split('.').next().unwrap_or(file_name));
            }
        }
        let mut places = vec![false; self.names.len()];
        for name in names {
            for (term, _) in term_forms(name) {
                if let Some(&id) = self.ids.get(&term)
                    && !is_problem_word(&term)
                {
                    places[id as usize] = true;
                }
            }
        }
        places
    }
}

/// Whether a changed file is a test: in a test folder, or named as one
/// (`x_test.go`, `x.test.ts`, `x.spec.ts`, `test_x.py`).
pub(super) fn is_test_path(path: &str) -> bool {
    let lower = path.to_lowercase();
    let (dirs, file) = lower.rsplit_once('/').unwrap_or(("", &lower));
    dirs.split('/').any(is_test_folder)
        || file.contains("_test.")
        || file.contains(".test.")
        || file.contains(".spec.")
        || file.starts_with("test_")
}

fn is_test_folder(part: &str) -> bool {
    matches!(
        part,
        "t" | "test"
            | "tests"
            | "testdata"
            | "testsuite"
            | "e2e"
            | "spec"
            | "fixtures"
            | "__tests__"
    )
}

/// Inverse document frequencies over `size` texts; a term in fewer than two
/// texts weighs nothing.
fn inverse_frequencies(df: &[u32], size: usize) -> Vec<f64> {
    let total = size.max(1) as f64;
    df.iter()
        .map(|&d| {
            if d < 2 {
                0.0
            } else {
                (total / f64::from(d)).ln().max(0.0)
            }
        })
        .collect()
}

/// The text's weighted terms, scaled to unit length; terms of no weight are left out.
fn unit_vector(terms: &[u32], idf: &[f64]) -> Vec<(u32, f64)> {
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
}

impl Corpus {
    pub(super) fn build(org: &Org, window: Window) -> Corpus {
        let mut interner = Interner::default();
        let mut texts: Vec<Text> = Vec::new();
        let commits = interner.commits(org, window, &mut texts);
        let document_terms_list = interner.documents(org, window, &mut texts);
        let mut idf = inverse_frequencies(&interner.df, commits + org.documents.len());
        let places = interner.places(org, window);
        for (weight, _) in idf.iter_mut().zip(&places).filter(|(_, place)| **place) {
            *weight *= PLACE_WEIGHT;
        }
        let mut candidates: Vec<Candidate> = texts
            .into_iter()
            .filter_map(|(origin, kind, time, terms)| {
                let vector = unit_vector(&terms, &idf);
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
        let document_vectors = document_terms_list
            .iter()
            .map(|t| unit_vector(t, &idf))
            .collect();
        Corpus {
            names: interner.names,
            places,
            merges: super::episodes::topic_merges(org),
            forms: interner.forms,
            idf,
            candidates,
            document_vectors,
        }
    }

    /// A term as people wrote it: its most frequent word.
    pub(super) fn form(&self, term: u32) -> String {
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
}
