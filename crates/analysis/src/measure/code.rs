//! Code: what a person's commits add to their tally (commits, lines, the
//! areas and layers changed, code in other teams' areas, co-authoring), and
//! the metrics read from that alone. Reaching other teams, which code shares
//! with reviews and co-authoring, is in `reach`.

use std::collections::BTreeMap;

use super::areas::{component_of, layer_of};
use super::catalogue::names;
use super::evidence::{Evidence, Item, Metric, count, counted, evidence};
use super::tally::PersonMetrics;
use super::tally::{Collector, ComponentTally, Tally, is_bot};
use crate::resolve::{Exclusion, Org, PersonId, ResolvedCommit, TeamId};
use model::Reference;

impl Collector<'_> {
    /// Every commit in the window but merges: left out with why, or counted
    /// for each of its human authors.
    pub(super) fn add_commits(&mut self) {
        let org = self.org;
        let window = self.window;
        for commit in org
            .commits
            .iter()
            .filter(|c| window.contains(c.time) && !c.is_merge)
        {
            if let Some(exclusion) = &commit.exclusion {
                self.add_excluded(commit, exclusion);
                continue;
            }
            let authors: Vec<PersonId> = std::iter::once(commit.author)
                .chain(commit.coauthors.iter().copied())
                .filter(|p| !is_bot(org, *p))
                .collect();
            for &author in &authors {
                *self.commit_counts.entry(author).or_default() += 1;
                if !self.focus.wants(author) {
                    continue;
                }
                self.add_authored(author, commit);
            }
            self.add_coauthoring(commit, &authors);
        }
    }

    /// A commit left out of the measures: counted by kind for the
    /// organization, and shown to its author with the reason.
    fn add_excluded(&mut self, commit: &ResolvedCommit, exclusion: &Exclusion) {
        let org = self.org;
        let key = match exclusion {
            Exclusion::Bot => "bot commits",
            Exclusion::IgnoreRevs => "listed in .git-blame-ignore-revs",
            Exclusion::MassChange(_) => "mass changes",
        };
        *self.excluded_commits.entry(key.to_string()).or_default() += 1;
        if !is_bot(org, commit.author) && self.focus.wants(commit.author) {
            self.tallies
                .entry(commit.author)
                .or_default()
                .excluded
                .push((
                    evidence(org, commit, format!("{} files", commit.files.len())),
                    exclusion.to_string(),
                ));
        }
    }

    /// One author's share of a commit: the commit itself, its lines, the
    /// areas it changed, and the code it changed in other teams' areas.
    fn add_authored(&mut self, author: PersonId, commit: &ResolvedCommit) {
        let org = self.org;
        let home = org.home_at(author, commit.time);
        let tally = self.tallies.entry(author).or_default();
        let counted_lines: u64 = commit
            .files
            .iter()
            .filter(|f| !f.generated)
            .map(|f| f.lines())
            .sum();
        tally.commits.push(evidence(
            org,
            commit,
            format!(
                "{}, +{} -{}",
                counted(commit.files.len(), "file"),
                added(commit),
                removed(commit)
            ),
        ));
        tally.lines += counted_lines;
        let repo = org
            .repos
            .get(commit.repo)
            .map(|r| r.to_string())
            .unwrap_or_default();
        *tally.repo_commits.entry(repo.clone()).or_default() += 1;
        tally.repos.insert(repo);
        let own = |team| org.is_own_team(author, team, commit.time);
        let per_team = add_files(org, tally, commit, &own);
        let others = per_team.keys().filter(|team| !own(**team)).count();
        if let Some(why) = mechanical(commit, others) {
            if others > 0 {
                tally.excluded.push((
                    evidence(org, commit, format!("{} files", commit.files.len())),
                    format!("{why}: counted as a commit, not as reaching the {others} other teams whose files it changed"),
                ));
            }
            return;
        }
        for (team, (lines, paths)) in per_team {
            if own(team) {
                continue;
            }
            let entry = tally.code_by_team.entry(team).or_default();
            entry.0 += lines;
            let shown: Vec<&str> = paths.iter().take(2).copied().collect();
            let more = if paths.len() > 2 {
                format!(" and {} more", paths.len() - 2)
            } else {
                String::new()
            };
            entry.1.push(evidence(
                org,
                commit,
                format!(
                    "changed {}{more} ({} lines, owned by {})",
                    shown.join(", "),
                    lines,
                    org.team(team).name
                ),
            ));
            let interaction = tally.interactions.entry(team).or_default();
            interaction.code_commits += 1;
            interaction.code_lines += lines;
            if let Some(home) = home {
                *self.team_matrix.entry((home.team, team)).or_default() += 1;
            }
        }
    }

    /// Co-authoring across teams: each measured author works with every
    /// co-author whose home team differs from theirs.
    fn add_coauthoring(&mut self, commit: &ResolvedCommit, authors: &[PersonId]) {
        let (org, focus) = (self.org, self.focus);
        for &a in authors.iter().filter(|a| focus.wants(**a)) {
            for &b in authors {
                if a == b {
                    continue;
                }
                let (Some(_), Some(home_b)) =
                    (org.home_at(a, commit.time), org.home_at(b, commit.time))
                else {
                    continue;
                };
                // Not a team of `a`'s (their home is one of them).
                if org.is_own_team(a, home_b.team, commit.time) {
                    continue;
                }
                let other = org.people.get(b);
                let detail = format!(
                    "co-authored with {} ({})",
                    other.name,
                    org.team(home_b.team).name
                );
                let tally = self.tallies.entry(a).or_default();
                tally
                    .coauthor_teams
                    .entry(home_b.team)
                    .or_default()
                    .push(evidence(org, commit, detail.clone()));
                tally
                    .people
                    .entry(b)
                    .or_insert((home_b.team, Vec::new()))
                    .1
                    .push(evidence(org, commit, detail));
                let interaction = tally.interactions.entry(home_b.team).or_default();
                interaction.coauthored += 1;
                interaction.people.insert(b);
            }
        }
    }
}

/// Adds a commit's files (generated ones left out) to the tally's owned and
/// home lines, components and layers. Returns the lines and paths per owning
/// team, for the caller to credit the teams other than the home one.
fn add_files<'c>(
    org: &Org,
    tally: &mut Tally,
    commit: &'c ResolvedCommit,
    own: &dyn Fn(TeamId) -> bool,
) -> BTreeMap<TeamId, (u64, Vec<&'c str>)> {
    let mut per_team: BTreeMap<TeamId, (u64, Vec<&str>)> = BTreeMap::new();
    let mut touched_components: Vec<String> = Vec::new();
    for file in commit.files.iter().filter(|f| !f.generated) {
        let lines = file.lines();
        if let Some(team) = file.team {
            tally.owned_lines += lines;
            if own(team) {
                tally.home_lines += lines;
            }
            let entry = per_team.entry(team).or_default();
            entry.0 += lines;
            entry.1.push(&file.path);
        }
        // A component counts a commit once however many of its files change.
        let component = component_of(&org.repos[commit.repo], &file.path);
        let first_touch = !touched_components.contains(&component);
        if first_touch {
            touched_components.push(component.clone());
        }
        let entry = tally.components.entry(component).or_default();
        entry.0 += lines;
        if first_touch {
            entry.1 += 1;
            if entry.2.len() < 3 {
                entry
                    .2
                    .push(evidence(org, commit, format!("changed {}", file.path)));
            }
        }
        if let Some(layer) = layer_of(&file.path) {
            let entry = tally.layers.entry(layer).or_default();
            entry.0 += lines;
            if entry.1.len() < 3
                && entry
                    .1
                    .last()
                    .is_none_or(|e: &Evidence| !is_commit(&e.reference, commit.short_id()))
            {
                entry
                    .1
                    .push(evidence(org, commit, format!("changed {}", file.path)));
            }
        }
    }
    per_team
}

/// Teams one commit may change code of and still count as reaching each:
/// a change to more is a sweep (a rename, a generated report in every
/// team's folder), not work with those teams. On Kubernetes' community
/// repository the generated annual reports and bulk updates touch 15 to 25
/// teams' folders, while a new working group's charter touches 5 to 7.
const SWEEP_TEAMS: usize = 10;

/// Why a commit is mechanical work that reaches no team: a dependency
/// update (only manifests and lockfiles), or a sweep across many teams.
fn mechanical(commit: &ResolvedCommit, other_teams: usize) -> Option<String> {
    let dependencies = !commit.files.is_empty()
        && commit
            .files
            .iter()
            .all(|f| model::paths::is_dependency_manifest(&f.path));
    if dependencies {
        return Some("a dependency update (only manifests and lockfiles)".to_string());
    }
    (other_teams >= SWEEP_TEAMS).then(|| format!("a sweep across {other_teams} teams' code"))
}

fn added(commit: &ResolvedCommit) -> u64 {
    commit.files.iter().map(|f| u64::from(f.added)).sum()
}

fn removed(commit: &ResolvedCommit) -> u64 {
    commit.files.iter().map(|f| u64::from(f.removed)).sum()
}

impl PersonMetrics<'_> {
    /// `commits` and `lines_changed`.
    pub(super) fn output(&mut self) {
        let tally = self.tally;
        let commits = tally.commits.len();
        self.metrics.insert(
            names::COMMITS,
            Metric {
                value: count(commits),
                items: vec![Item {
                    label: "commits".into(),
                    detail: format!("{commits} commits authored or co-authored"),
                    evidence: tally.commits.clone(),
                }],
            },
        );
        self.metrics.insert(
            names::LINES_CHANGED,
            Metric {
                value: Some(tally.lines as f64),
                items: vec![Item {
                    label: "lines".into(),
                    detail: format!("{} lines added or removed", tally.lines),
                    evidence: Vec::new(),
                }],
            },
        );
    }

    /// Breadth: components, repositories and layers changed. Without
    /// commits there is nothing to count them from, so no data.
    pub(super) fn breadth(&mut self) {
        let (tally, params) = (self.tally, self.params);
        let commits = tally.commits.len();
        let material_components: Vec<(&String, &ComponentTally)> = tally
            .components
            .iter()
            .filter(|(_, (lines, commits, _))| {
                *lines >= params.material_lines && *commits >= params.material_commits
            })
            .collect();
        self.metrics.insert(
            names::COMPONENTS,
            Metric {
                value: if commits == 0 {
                    None
                } else {
                    count(material_components.len())
                },
                items: material_components
                    .iter()
                    .map(|(component, (lines, commits, evidence))| Item {
                        label: (*component).clone(),
                        detail: format!("{}, {lines} lines", counted(*commits, "commit")),
                        evidence: evidence.clone(),
                    })
                    .collect(),
            },
        );
        self.metrics.insert(
            names::REPOSITORIES,
            Metric {
                value: if commits == 0 {
                    None
                } else {
                    count(tally.repos.len())
                },
                items: tally
                    .repos
                    .iter()
                    .map(|repo| Item {
                        label: repo.clone(),
                        detail: String::new(),
                        evidence: Vec::new(),
                    })
                    .collect(),
            },
        );
        self.metrics.insert(
            names::LAYERS,
            Metric {
                value: if commits == 0 {
                    None
                } else {
                    count(tally.layers.len())
                },
                items: tally
                    .layers
                    .iter()
                    .map(|(layer, (lines, evidence))| Item {
                        label: layer.to_string(),
                        detail: format!("{lines} lines"),
                        evidence: evidence.clone(),
                    })
                    .collect(),
            },
        );
    }

    /// Concentration in the home team's code.
    pub(super) fn home_concentration(&mut self) {
        let tally = self.tally;
        let concentration =
            (tally.owned_lines > 0).then(|| tally.home_lines as f64 / tally.owned_lines as f64);
        self.metrics.insert(
            names::HOME_CONCENTRATION,
            Metric {
                value: concentration,
                items: vec![Item {
                    label: "home team's area".into(),
                    detail: format!(
                        "{} of {} changed lines in owned code are in the home team's area",
                        tally.home_lines, tally.owned_lines
                    ),
                    evidence: Vec::new(),
                }],
            },
        );
    }
}

/// Whether a reference points at the commit with this short id.
fn is_commit(reference: &Reference, short_id: &str) -> bool {
    matches!(reference, Reference::Commit(id) if **id == *short_id)
}
