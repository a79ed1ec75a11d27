//! Ownership per path per commit: which team owned each file a commit changed,
//! at the time it changed it, and the commit resolved around those files.
//!
//! Sources are tried in a fixed order: the teams file's `owns`, then the
//! CODEOWNERS version in force at the commit's time, then the nearest OWNERS
//! file, then the most specific MAINTAINERS section. The order is the rule, so
//! it is written once, in [`Ownership::file_team`].

use std::collections::BTreeMap;
use std::sync::Arc;

use foldhash::HashMap;

use super::exclusions::Exclusions;
use super::identities::InternedPeople;
use super::org::Membership;
use super::teams::{DeclaredTeams, team_named};
use super::{CodeOwners, People, PersonId, ResolvedCommit, ResolvedFile, Team, TeamId, owners};
use model::{Commit, Diagnostic, RepoFile, Timestamp, TrailerKind};

/// The teams file and CODEOWNERS disagree about who owns an area.
#[derive(Clone, Debug)]
pub struct OwnershipConflict {
    /// `repository:area`, as components are named.
    pub area: String,
    pub teams_file: TeamId,
    pub codeowners: TeamId,
    /// File changes where they disagreed.
    pub file_changes: u64,
}

/// The files that name owners, read once for the whole history.
#[derive(Default)]
pub(super) struct OwnerFiles {
    /// Per repository, every CODEOWNERS version in time order (`None` from
    /// the commit that deleted the file).
    codeowners_versions: BTreeMap<usize, Vec<(Timestamp, Option<CodeOwners>)>>,
    /// OWNERS and OWNERS_ALIASES files, as they are at HEAD, per repository.
    owners_trees: HashMap<usize, owners::OwnersTree>,
    /// The top-level MAINTAINERS file at HEAD, per repository.
    maintainers_files: HashMap<usize, owners::Maintainers>,
}

impl OwnerFiles {
    /// Parses CODEOWNERS version by version, then OWNERS and MAINTAINERS at
    /// HEAD; problems are reported (each CODEOWNERS problem once) and the
    /// files that do not parse are left out.
    pub(super) fn read(
        repo_files: &[RepoFile],
        repo_index: &HashMap<&str, usize>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> OwnerFiles {
        let mut files = OwnerFiles::default();
        files.read_codeowners(repo_files, repo_index, diagnostics);
        files.read_owners_and_maintainers(repo_files, repo_index, diagnostics);
        files
    }

    fn read_codeowners(
        &mut self,
        repo_files: &[RepoFile],
        repo_index: &HashMap<&str, usize>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let mut patterns = super::codeowners::Patterns::default();
        let mut reported: std::collections::HashSet<Diagnostic> = Default::default();
        let mut ordered_files: Vec<&RepoFile> = repo_files.iter().collect();
        ordered_files
            .sort_by(|a, b| (&a.repo, a.time, &a.commit).cmp(&(&b.repo, b.time, &b.commit)));
        for file in ordered_files {
            let Some(&repo) = repo_index.get(file.repo.as_str()) else {
                continue;
            };
            if model::paths::CODEOWNERS_LOCATIONS.contains(&file.path.as_str())
                && file.commit.is_some()
            {
                let parsed = file.content.as_deref().map(|content| {
                    let name = format!("{}/{}", file.repo, file.path);
                    let (owners, problems) = CodeOwners::parse_with(&name, content, &mut patterns);
                    // Each problem once, though every later version repeats it.
                    for problem in problems {
                        if reported.insert(problem.clone()) {
                            diagnostics.push(problem);
                        }
                    }
                    owners
                });
                self.codeowners_versions
                    .entry(repo)
                    .or_default()
                    .push((file.time, parsed));
            }
        }
    }

    fn read_owners_and_maintainers(
        &mut self,
        repo_files: &[RepoFile],
        repo_index: &HashMap<&str, usize>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        for file in repo_files.iter().filter(|f| f.commit.is_none()) {
            let (Some(&repo), Some(content)) =
                (repo_index.get(file.repo.as_str()), file.content.as_deref())
            else {
                continue;
            };
            let shown = format!("{}/{}", file.repo, file.path);
            let file_name = file.path.rsplit('/').next().unwrap_or(&file.path);
            match file_name {
                "OWNERS" => match owners::parse_owners(&file.path, content) {
                    Ok(parsed) => self.owners_trees.entry(repo).or_default().add(parsed),
                    Err(mut problem) => {
                        problem.file = shown;
                        diagnostics.push(problem);
                    }
                },
                "OWNERS_ALIASES" if !file.path.contains('/') => {
                    match owners::parse_aliases(&file.path, content) {
                        Ok(aliases) => self.owners_trees.entry(repo).or_default().aliases = aliases,
                        Err(mut problem) => {
                            problem.file = shown;
                            diagnostics.push(problem);
                        }
                    }
                }
                "MAINTAINERS" if file.path == "MAINTAINERS" => {
                    let (parsed, problems) = owners::Maintainers::parse(&shown, content);
                    diagnostics.extend(problems);
                    self.maintainers_files.insert(repo, parsed);
                }
                _ => {}
            }
        }
    }

    /// The CODEOWNERS in force in `repo` at `time`. Before the first version
    /// the earliest one is the best estimate of who owned the code.
    fn codeowners_at(&self, repo: usize, time: Timestamp) -> Option<&CodeOwners> {
        let versions = self.codeowners_versions.get(&repo);
        versions.and_then(|versions| {
            let at = versions.partition_point(|(version, _)| *version <= time);
            versions[at.saturating_sub(1)].1.as_ref()
        })
    }
}

/// Owner names (CODEOWNERS owners, OWNERS labels and aliases, MAINTAINERS
/// sections) turned into teams, making a team for each name only those files
/// use.
struct TeamNames<'a> {
    teams: Vec<Team>,
    memberships: HashMap<PersonId, Vec<Membership>>,
    /// Owner names already mapped, lowercase: the teams file's own names
    /// first, then every `@org/slug` met, so each is looked up once.
    by_owner: HashMap<String, TeamId>,
    /// The teams file's own names for its teams, for OWNERS aliases and
    /// MAINTAINERS sections.
    declared_names: HashMap<String, TeamId>,
    people: &'a People,
}

impl TeamNames<'_> {
    /// The team a CODEOWNERS-style owner means at `time`: a name the teams
    /// file maps, an `@org/slug` team, or a person's declared team.
    fn owner_team(&mut self, owner: &str, time: Timestamp) -> Option<TeamId> {
        // Asked for every file of every commit: no allocation when the
        // owner is known as written.
        if let Some(&team) = self.by_owner.get(owner) {
            return Some(team);
        }
        let key = owner.to_lowercase();
        if let Some(&team) = self.by_owner.get(&key) {
            return Some(team);
        }
        if let Some((_, slug)) = key.trim_start_matches('@').split_once('/') {
            // `@org/slug` means the team named `slug` unless the teams file maps it.
            let team = team_named(slug, &mut self.teams);
            self.by_owner.insert(key, team);
            return Some(team);
        }
        // A person as owner: their declared team at that time.
        let found = self.people.lookup(owner.trim_start_matches('@'));
        let [person] = found.as_slice() else {
            return None;
        };
        self.memberships
            .get(person)?
            .iter()
            .find_map(|m| m.covers(time).then_some(m.team))
    }

    /// Of several CODEOWNERS owners, a team the teams file declares wins over
    /// one only CODEOWNERS names: `* @org/everyone @payments-lead` means payments.
    fn codeowners_team(&mut self, owners: &[String], time: Timestamp) -> Option<TeamId> {
        let mapped: Vec<TeamId> = owners
            .iter()
            .filter_map(|owner| self.owner_team(owner, time))
            .collect();
        mapped
            .iter()
            .find(|team| self.teams[team.0 as usize].declared)
            .or(mapped.first())
            .copied()
    }

    /// OWNERS: the nearest file that names a team, by label, alias or people.
    fn owners_tree_team(
        &mut self,
        tree: &owners::OwnersTree,
        path: &str,
        time: Timestamp,
    ) -> Option<TeamId> {
        tree.chain(path).into_iter().find_map(|owners_file| {
            self.owners_file_team(owners_file, &tree.aliases)
                .or_else(|| {
                    owners_file
                        .approvers
                        .iter()
                        .flat_map(|entry| {
                            tree.aliases
                                .get(entry)
                                .cloned()
                                .unwrap_or_else(|| vec![entry.clone()])
                        })
                        .find_map(|login| self.owner_team(&format!("@{login}"), time))
                })
        })
    }

    /// The team an `OWNERS` file names: a `team/<name>` or `sig/<name>` label,
    /// or an alias among its approvers named `<team>-approvers` (or `-reviewers`,
    /// `-maintainers`) or mapped in the teams file's `codeowners`.
    fn owners_file_team(
        &mut self,
        file: &owners::OwnersFile,
        aliases: &BTreeMap<String, Vec<String>>,
    ) -> Option<TeamId> {
        for label in &file.labels {
            if let Some(name) = label.strip_prefix("team/") {
                return Some(team_named(name, &mut self.teams));
            }
            if let Some(name) = label.strip_prefix("sig/") {
                return Some(team_named(&format!("sig-{name}"), &mut self.teams));
            }
        }
        for entry in file.approvers.iter().chain(&file.reviewers) {
            if !aliases.contains_key(entry) {
                continue;
            }
            if let Some(&team) = self.declared_names.get(&entry.to_lowercase()) {
                return Some(team);
            }
            let base = ["-approvers", "-reviewers", "-maintainers"]
                .iter()
                .find_map(|suffix| entry.strip_suffix(suffix));
            if let Some(base) = base
                && let Some(team) = self
                    .teams
                    .iter()
                    .find(|team| team.name.eq_ignore_ascii_case(base))
            {
                return Some(team.id);
            }
        }
        None
    }

    /// MAINTAINERS: the section's name is the area, and the team unless the
    /// teams file maps it to one of its own.
    fn maintainers_team(&mut self, section: &owners::MaintainersSection) -> TeamId {
        let mapped = self
            .declared_names
            .get(&section.name.to_lowercase())
            .copied();
        mapped.unwrap_or_else(|| team_named(&section.name, &mut self.teams))
    }
}

/// Resolves commits one at a time, in time order, carrying the teams made so
/// far and the disagreements between the teams file and CODEOWNERS.
pub(super) struct Ownership<'a> {
    repos: &'a [String],
    files: &'a OwnerFiles,
    owned_paths: HashMap<usize, Vec<(super::codeowners::Matcher, TeamId)>>,
    /// The teams file's owner of each path seen, which does not change with
    /// time: most commits touch files others touched before.
    declared_owner: HashMap<usize, HashMap<Box<str>, Option<TeamId>>>,
    names: TeamNames<'a>,
    /// (area, the teams file's team, CODEOWNERS' team) -> file changes.
    /// Per (repository, the teams file's team, CODEOWNERS' team), file
    /// changes by path; grouped into areas at the end, so that a
    /// disagreement repeated on every commit costs no allocation.
    conflicts: HashMap<(usize, TeamId, TeamId), HashMap<Box<str>, u64>>,
}

impl<'a> Ownership<'a> {
    pub(super) fn new(
        declared: DeclaredTeams,
        files: &'a OwnerFiles,
        people: &'a People,
        repos: &'a [String],
    ) -> Self {
        let DeclaredTeams {
            teams,
            memberships,
            team_by_owner,
            owned_paths,
        } = declared;
        Ownership {
            repos,
            files,
            owned_paths,
            declared_owner: HashMap::default(),
            names: TeamNames {
                teams,
                memberships,
                declared_names: team_by_owner.clone(),
                by_owner: team_by_owner,
                people,
            },
            conflicts: HashMap::default(),
        }
    }

    /// The commits with their people, their files' owners and their exclusion.
    pub(super) fn resolve_commits(
        &mut self,
        commits: Vec<(String, Commit)>,
        interned: Vec<InternedPeople>,
        repo_index: &HashMap<&str, usize>,
        exclusions: &Exclusions<'_>,
    ) -> Vec<ResolvedCommit> {
        let mut resolved = Vec::with_capacity(commits.len());
        for ((_, commit), people) in commits.into_iter().zip(interned) {
            let repo = repo_index.get(commit.repo.as_str()).copied().unwrap_or(0);
            resolved.push(self.resolve_commit(repo, commit, people, exclusions));
        }
        resolved
    }

    fn resolve_commit(
        &mut self,
        repo: usize,
        commit: Commit,
        named: InternedPeople,
        exclusions: &Exclusions<'_>,
    ) -> ResolvedCommit {
        let InternedPeople {
            author,
            coauthors,
            others,
            applied_by,
        } = named;
        let codeowners = self.files.codeowners_at(repo, commit.author_time);
        let summary: Arc<str> = commit.summary().into();
        let is_merge = commit.is_merge();
        let merge = if is_merge {
            model::parse_merge_message(&commit.message)
        } else {
            None
        };
        let mut files = Vec::with_capacity(commit.files.len());
        for file in commit.files {
            let team = self.file_team(repo, codeowners, &file.path, commit.author_time);
            files.push(ResolvedFile {
                generated: exclusions.is_generated(repo, &file.path),
                path: file.path,
                added: file.added,
                removed: file.removed,
                binary: file.binary,
                team,
            });
        }
        let bot = self.names.people.get(author).bot;
        let exclusion = exclusions.of(bot, repo, &commit.id, &files);
        let (reviewers, rest): (Vec<_>, Vec<_>) =
            others.into_iter().partition(|(kind, _)| kind.is_review());
        let originators = rest
            .into_iter()
            .filter(|(kind, _)| matches!(kind, TrailerKind::ReportedBy | TrailerKind::SuggestedBy))
            .collect();
        ResolvedCommit {
            repo,
            summary,
            time: commit.author_time,
            is_merge,
            parents: commit.parents,
            message: commit.message,
            merge,
            id: commit.id,
            author,
            coauthors,
            applied_by,
            reviewers,
            originators,
            files,
            exclusion,
        }
    }

    /// The team that owned `path` at `time`. The teams file wins; where it
    /// disagrees with CODEOWNERS, the disagreement is counted. OWNERS and
    /// MAINTAINERS are read only where neither names an owner.
    fn file_team(
        &mut self,
        repo: usize,
        codeowners: Option<&CodeOwners>,
        path: &str,
        time: Timestamp,
    ) -> Option<TeamId> {
        let known = self
            .declared_owner
            .get(&repo)
            .and_then(|paths| paths.get(path));
        let declared = match known {
            Some(known) => *known,
            None => {
                let found = self.owned_paths.get(&repo).and_then(|rules| {
                    rules
                        .iter()
                        .rev()
                        .find(|(matcher, _)| matcher.is_match(path))
                        .map(|(_, team)| *team)
                });
                self.declared_owner
                    .entry(repo)
                    .or_default()
                    .insert(path.into(), found);
                found
            }
        };
        let from_codeowners = codeowners
            .and_then(|owners| owners.owners_of(path))
            .and_then(|owners| self.names.codeowners_team(&owners, time));
        if let (Some(declared), Some(other)) = (declared, from_codeowners)
            && declared != other
        {
            let paths = self.conflicts.entry((repo, declared, other)).or_default();
            match paths.get_mut(path) {
                Some(changes) => *changes += 1,
                None => {
                    paths.insert(path.into(), 1);
                }
            }
        }
        let files = self.files;
        declared
            .or(from_codeowners)
            .or_else(|| {
                let tree = files.owners_trees.get(&repo)?;
                self.names.owners_tree_team(tree, path, time)
            })
            .or_else(|| {
                let section = files.maintainers_files.get(&repo)?.section_of(path)?;
                Some(self.names.maintainers_team(section))
            })
    }

    /// The teams (declared ones first, then those only owner files name),
    /// the declared memberships, and the areas where the teams file and
    /// CODEOWNERS disagree.
    pub(super) fn finish(
        self,
    ) -> (
        Vec<Team>,
        HashMap<PersonId, Vec<Membership>>,
        Vec<OwnershipConflict>,
    ) {
        let mut by_area: BTreeMap<(String, TeamId, TeamId), u64> = BTreeMap::new();
        for ((repo, declared, codeowners), paths) in self.conflicts {
            for (path, changes) in paths {
                let area = crate::measure::component_of(&self.repos[repo], &path);
                *by_area.entry((area, declared, codeowners)).or_default() += changes;
            }
        }
        let conflicts = by_area
            .into_iter()
            .map(|((area, declared, codeowners), files)| OwnershipConflict {
                area,
                teams_file: declared,
                codeowners,
                file_changes: files,
            })
            .collect();
        (self.names.teams, self.names.memberships, conflicts)
    }
}
