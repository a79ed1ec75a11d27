//! Clusters: single-pass clustering of the candidates in time order, then
//! the passes that repair what one pass in one order gets wrong (clusters
//! joined by a shared id, merged by alike centroids, pruned of members that
//! no longer fit).
//!
//! Every pass finds its comparisons through inverted indexes over terms, so
//! the cost grows with the occurrences rather than with their square.

use std::collections::BTreeMap;

use super::HashMap;
use super::text::is_reference;
use super::weights::{Candidate, Corpus};

/// How many recent clusters of each term's posting list a text is compared with.
const RECENT_PER_TERM: usize = 24;

/// Single-pass clustering: each candidate, in order, joins the most similar
/// cluster whose centroid is at least `threshold` away in cosine, or starts
/// a new one. Returns the members of each cluster, as candidate indices.
pub(super) fn cluster(candidates: &[Candidate], threshold: f64) -> Vec<Vec<usize>> {
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
pub(super) fn join_references(corpus: &Corpus, clusters: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
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
pub(super) fn prune(corpus: &Corpus, clusters: Vec<Vec<usize>>, threshold: f64) -> Vec<Vec<usize>> {
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

/// How many of a centroid's heaviest terms index it.
const INDEXED_TERMS: usize = 8;
/// How many clusters sharing one of those terms a cluster is compared with.
const MERGE_CANDIDATES_PER_TERM: usize = 64;

/// A cluster's centroid as the sum of its members' vectors, with its squared
/// length kept up to date as terms are added.
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

/// Merges clusters whose centroids are at least `threshold` alike, largest
/// clusters first, so a class told with different ids or words becomes one.
/// Clusters meet through the heaviest terms of their centroids; singletons
/// stay as they are. Returns the clusters' members in time order.
pub(super) fn merge(
    candidates: &[Candidate],
    clusters: Vec<Vec<usize>>,
    threshold: f64,
) -> Vec<Vec<usize>> {
    let sums: Vec<Sum> = clusters
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
    let heaviest: Vec<Vec<u32>> = sums.iter().map(Sum::heaviest).collect();
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::default();
    for &c in &order {
        for &t in &heaviest[c] {
            postings.entry(t).or_default().push(c);
        }
    }
    let mut merging = Merging {
        merged: vec![false; clusters.len()],
        seen: vec![usize::MAX; clusters.len()],
        members: clusters,
        sums,
        heaviest,
        postings,
        round: 0,
    };
    for &a in &order {
        if merging.merged[a] {
            continue;
        }
        // Every cluster alike enough joins at once; the merged centroid's
        // heaviest terms may reach more, so look again until none is found.
        loop {
            let alike = merging.alike(a, threshold);
            if alike.is_empty() {
                break;
            }
            merging.absorb(a, alike);
        }
        merging.members[a].sort_unstable();
    }
    let Merging {
        members, merged, ..
    } = merging;
    members
        .into_iter()
        .enumerate()
        .filter(|(c, m)| !merged[*c] && !m.is_empty())
        .map(|(_, m)| m)
        .collect()
}

/// The state of [`merge`]'s pass: each cluster's sum, members and heaviest
/// terms, the clusters indexed by those terms, and which are merged away.
struct Merging {
    sums: Vec<Sum>,
    members: Vec<Vec<usize>>,
    heaviest: Vec<Vec<u32>>,
    postings: HashMap<u32, Vec<usize>>,
    merged: Vec<bool>,
    /// The round in which each cluster was last compared, so that a cluster
    /// met through several terms is compared once per round.
    seen: Vec<usize>,
    round: usize,
}

impl Merging {
    /// The clusters at least `threshold` alike to cluster `a`, in a new round
    /// of comparisons; posting lists grown stale with merged clusters are
    /// cleaned on the way.
    fn alike(&mut self, a: usize, threshold: f64) -> Vec<usize> {
        self.round += 1;
        let round = self.round;
        let mut alike: Vec<usize> = Vec::new();
        let mut stale: Vec<u32> = Vec::new();
        for t in &self.heaviest[a] {
            let (mut compared, mut gone) = (0usize, 0usize);
            for &b in self.postings.get(t).into_iter().flatten() {
                if self.merged[b] {
                    gone += 1;
                    continue;
                }
                if b == a || self.seen[b] == round {
                    continue;
                }
                // The largest clusters come first in every list; a term
                // shared by thousands of clusters is compared with the
                // largest few, which keeps the pass linear.
                if compared == MERGE_CANDIDATES_PER_TERM {
                    break;
                }
                compared += 1;
                self.seen[b] = round;
                if self.sums[a].cosine(&self.sums[b]) >= threshold {
                    alike.push(b);
                }
            }
            if gone > MERGE_CANDIDATES_PER_TERM {
                stale.push(*t);
            }
        }
        for t in stale {
            if let Some(list) = self.postings.get_mut(&t) {
                list.retain(|b| !self.merged[*b]);
            }
        }
        alike
    }

    /// Merges the `alike` clusters into cluster `a`, in index order, and
    /// indexes `a` under its new heaviest terms.
    fn absorb(&mut self, a: usize, mut alike: Vec<usize>) {
        alike.sort_unstable();
        for b in alike {
            self.merged[b] = true;
            let taken = std::mem::take(&mut self.members[b]);
            self.members[a].extend(taken);
            let absorbed = std::mem::replace(
                &mut self.sums[b],
                Sum {
                    weights: HashMap::default(),
                    norm2: 0.0,
                },
            );
            for (t, w) in absorbed.weights {
                self.sums[a].add(t, w);
            }
        }
        self.heaviest[a] = self.sums[a].heaviest();
        for &t in &self.heaviest[a] {
            let list = self.postings.entry(t).or_default();
            if list.last() != Some(&a) {
                list.push(a);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::OccurrenceKind;
    use crate::patterns::terms;
    use crate::patterns::weights::Origin;

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
