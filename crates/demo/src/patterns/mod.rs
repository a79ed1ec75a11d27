//! Recurring problems: the planted truth for the patterns finder, and the
//! score of what it found against that truth.

mod changes;

pub(crate) use changes::PLANTED_CHANGES;

use std::collections::BTreeSet;

use crate::documents::CITATIONS;
use crate::messages::{CASES, CONDITIONS, FAILURES};

/// A class of problem the demo plants, the truth `staffscope patterns` is
/// scored against (`tests/patterns.rs`, `cargo bench --bench patterns`).
#[derive(Debug, Clone, Copy)]
pub struct PlantedPattern {
    /// A short key, also the branch name of its planted commits.
    pub class: &'static str,
    pub description: &'static str,
    /// The teams whose code it happens in.
    pub teams: &'static [&'static str],
    /// Whether it is a class that recurs across teams; the others (one
    /// team's bug, one pull request, a subsystem's name, paperwork) must
    /// not be reported.
    pub cross_team: bool,
}

pub const PLANTED_PATTERNS: &[PlantedPattern] = &[
    PlantedPattern {
        class: "retry-storms",
        description: "retries without jitter or budget: RFC-0001's adoption, INC-2025-014 and its remediation",
        teams: &["payments", "checkout", "search", "identity", "platform"],
        cross_team: true,
    },
    PlantedPattern {
        class: "http-read-timeouts",
        description: "HTTP clients without a read timeout: hung connections exhaust the pool, fixed in four teams over a year",
        teams: &["payments", "checkout", "search", "identity"],
        cross_team: true,
    },
    PlantedPattern {
        class: "flaky-clock-tests",
        description: "tests that sleep on the wall clock flake, fixed with fake clocks in three teams",
        teams: &["checkout", "data", "search"],
        cross_team: true,
    },
    PlantedPattern {
        class: "db-max-connections",
        description: "database pools sized past max_connections: two incidents and their remediation",
        teams: &["payments", "identity", "platform"],
        cross_team: true,
    },
    PlantedPattern {
        class: "base-image-advisory",
        description: "the same advisory fixed by bumping the base image in three repositories within a week",
        teams: &["payments", "identity", "search"],
        cross_team: true,
    },
    PlantedPattern {
        class: "late-orders",
        description: "late-arriving orders counted twice, fixed again and again inside the data team only",
        teams: &["data"],
        cross_team: false,
    },
    PlantedPattern {
        class: "one-pull-request",
        description: "one author's series of fixes in four teams' libraries within the hour: one pull request, not a recurring class",
        teams: &["payments", "checkout", "search", "platform"],
        cross_team: false,
    },
    PlantedPattern {
        class: "subsystem-named",
        description: "fixes in four teams that share only the name of the search client, not a problem",
        teams: &["checkout", "payments", "identity", "search"],
        cross_team: false,
    },
    PlantedPattern {
        class: "proposal-paperwork",
        description: "RFC-0001's metadata fixed by four people: paperwork, not a problem",
        teams: &["platform"],
        cross_team: false,
    },
];

/// A planted commit of a recurring problem: a fixed file, subject and body.
pub(crate) struct PlantedChange {
    pub(crate) class: &'static str,
    pub(crate) repo: &'static str,
    pub(crate) author: &'static str,
    pub(crate) reviewer: &'static str,
    pub(crate) day: (i64, i64, i64),
    pub(crate) at: (i64, i64),
    pub(crate) path: &'static str,
    pub(crate) content: &'static str,
    pub(crate) subject: &'static str,
    pub(crate) body: &'static str,
}

/// The subjects (or titles) of a planted class's occurrences: its planted
/// commits, and for the retry class the commits citing RFC-0001 or
/// INC-2025-014 and the incident review.
pub fn planted_subjects(class: &str) -> Vec<&'static str> {
    let mut subjects: Vec<&'static str> = PLANTED_CHANGES
        .iter()
        .filter(|c| c.class == class)
        .map(|c| c.subject)
        .collect();
    if class == "db-max-connections" {
        subjects.extend([
            "Ledger outage, database max_connections exhausted after scale-out",
            "Session store outage, db pool exceeded max_connections after autoscaling",
        ]);
    }
    if class == "retry-storms" {
        subjects.extend(
            CITATIONS
                .iter()
                .filter(|c| c.body.contains("RFC-0001") || c.body.contains("INC-2025-014"))
                .map(|c| c.subject),
        );
        subjects.push("Checkout outage from retry storms");
    }
    subjects
}

/// Failure phrases every team's generated fix subjects draw from ("retry
/// the ledger on connection reset", "... when two workers race"): they recur
/// across all teams by construction, so a finder that reports them is right
/// about the data, and the benchmark counts them apart from the planted classes.
pub fn template_phrases() -> Vec<&'static str> {
    FAILURES
        .iter()
        .chain(CONDITIONS)
        .chain(CASES)
        .map(|phrase| phrase.trim_start_matches("the "))
        .collect()
}

/// A pattern as the finder reported it, for scoring.
#[derive(Debug, Clone)]
pub struct FoundPattern {
    pub name: String,
    pub teams: Vec<String>,
    /// Subjects or titles of its occurrences.
    pub summaries: Vec<String>,
}

/// What a found pattern turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Most occurrences belong to this planted class.
    Planted(&'static str),
    /// Most occurrences share one of the generator's failure phrases.
    Template(&'static str),
    /// Neither.
    Noise,
}

/// The finder's quality against [`PLANTED_PATTERNS`].
#[derive(Debug, Clone)]
pub struct Score {
    pub verdicts: Vec<(String, Verdict)>,
    /// Cross-team planted classes found, with the expected teams among the pattern's.
    pub found: Vec<&'static str>,
    pub missed: Vec<&'static str>,
    /// Planted single-team classes reported as cross-team patterns.
    pub noise_reported: Vec<&'static str>,
}

impl Score {
    /// Planted cross-team classes found / planted cross-team classes.
    pub fn recall(&self) -> f64 {
        let total = self.found.len() + self.missed.len();
        if total == 0 {
            return 1.0;
        }
        self.found.len() as f64 / total as f64
    }

    /// Patterns that are a planted cross-team class / patterns reported.
    pub fn precision_planted(&self) -> f64 {
        self.share(|v| matches!(v, Verdict::Planted(c) if cross_team(c)))
    }

    /// Patterns that are a planted cross-team class or one of the generator's
    /// repeated failure phrases / patterns reported.
    pub fn precision(&self) -> f64 {
        self.share(|v| match v {
            Verdict::Planted(c) => cross_team(c),
            Verdict::Template(_) => true,
            Verdict::Noise => false,
        })
    }

    fn share(&self, good: impl Fn(&Verdict) -> bool) -> f64 {
        if self.verdicts.is_empty() {
            return 1.0;
        }
        let n = self.verdicts.iter().filter(|(_, v)| good(v)).count();
        n as f64 / self.verdicts.len() as f64
    }
}

fn cross_team(class: &str) -> bool {
    PLANTED_PATTERNS
        .iter()
        .any(|p| p.class == class && p.cross_team)
}

/// Scores found patterns against the planted truth.
pub fn score(found: &[FoundPattern]) -> Score {
    let planted: Vec<(&'static str, Vec<&'static str>)> = PLANTED_PATTERNS
        .iter()
        .map(|p| (p.class, planted_subjects(p.class)))
        .collect();
    let phrases = template_phrases();
    let mut verdicts = Vec::new();
    let mut found_classes: BTreeSet<&'static str> = BTreeSet::new();
    let mut noise_reported = Vec::new();
    for pattern in found {
        let verdict = verdict(pattern, &planted, &phrases);
        if let Verdict::Planted(class) = verdict {
            let expected = PLANTED_PATTERNS
                .iter()
                .find(|p| p.class == class)
                .expect("verdicts name planted classes");
            if !expected.cross_team {
                noise_reported.push(class);
            } else if expected
                .teams
                .iter()
                .filter(|t| pattern.teams.iter().any(|found| found == *t))
                .count()
                >= 2
            {
                found_classes.insert(class);
            }
        }
        verdicts.push((pattern.name.clone(), verdict));
    }
    let (found, missed) = PLANTED_PATTERNS
        .iter()
        .filter(|p| p.cross_team)
        .map(|p| p.class)
        .partition(|class| found_classes.contains(class));
    Score {
        verdicts,
        found,
        missed,
        noise_reported,
    }
}

/// What a found pattern is: the planted class or the template phrase that
/// at least half of its occurrences share (the most widely shared one),
/// or noise.
fn verdict(
    pattern: &FoundPattern,
    planted: &[(&'static str, Vec<&'static str>)],
    phrases: &[&'static str],
) -> Verdict {
    let total = pattern.summaries.len().max(1);
    let mut verdict = Verdict::Noise;
    let mut best = 0usize;
    for (class, subjects) in planted {
        let n = pattern
            .summaries
            .iter()
            .filter(|s| subjects.iter().any(|subject| s.starts_with(subject)))
            .count();
        if n * 2 >= total && n > best {
            best = n;
            verdict = Verdict::Planted(class);
        }
    }
    if verdict == Verdict::Noise {
        for phrase in phrases {
            let n = pattern
                .summaries
                .iter()
                .filter(|s| s.to_lowercase().contains(phrase))
                .count();
            if n * 2 >= total && n > best {
                best = n;
                verdict = Verdict::Template(phrase);
            }
        }
    }
    verdict
}
