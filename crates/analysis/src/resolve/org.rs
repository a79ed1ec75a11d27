//! The result of resolution, [`Org`], and the questions the measures ask it
//! about teams and homes.
//!
//! Memberships and inferred homes stay private to this module so that every
//! reader goes through [`Org::home_at`] and [`Org::homes_during`], which
//! apply the teams file's dates the same way everywhere.

use std::sync::Arc;

use foldhash::HashMap;

use super::{
    OwnershipConflict, People, PersonCalendar, PersonId, ResolvedCommit, ResolvedDocument,
    ResolvedRequest, ResolvedReview, Team, TeamId, evidence_log,
};
use model::{Diagnostic, Timestamp};

/// A person's home team at some time, and how we know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Home {
    pub team: TeamId,
    pub inferred: bool,
}

/// A declared membership, from the teams file, for the dates it gives.
#[derive(Clone, Debug)]
pub(super) struct Membership {
    pub(super) team: TeamId,
    pub(super) from: Option<Timestamp>,
    pub(super) until: Option<Timestamp>,
    /// Declared primary: the home among teams held at once.
    pub(super) primary: bool,
}

impl Membership {
    /// Whether the membership holds at `time`: from its start, up to but not
    /// including its end.
    pub(super) fn covers(&self, time: Timestamp) -> bool {
        self.from.is_none_or(|from| time >= from) && self.until.is_none_or(|until| time < until)
    }

    /// Whether the two memberships hold at some same time.
    fn overlaps(&self, other: &Membership) -> bool {
        self.from.unwrap_or(i64::MIN) < other.until.unwrap_or(i64::MAX)
            && other.from.unwrap_or(i64::MIN) < self.until.unwrap_or(i64::MAX)
    }
}

/// The pairs of different teams one person's memberships hold at some same
/// time, in the list's order.
pub(super) fn overlapping_teams(list: &[Membership]) -> Vec<(TeamId, TeamId)> {
    let mut pairs = Vec::new();
    for (i, a) in list.iter().enumerate() {
        for b in &list[i + 1..] {
            if a.team != b.team && a.overlaps(b) {
                pairs.push((a.team, b.team));
            }
        }
    }
    pairs
}

/// How the home was chosen for someone in several teams at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HomeChoice {
    /// The team map marks it primary.
    Declared,
    /// The team whose code they changed most.
    FromTheirCode,
    /// Neither says: the first in the team map.
    FirstInTheMap,
}

impl HomeChoice {
    pub fn describe(self) -> &'static str {
        match self {
            HomeChoice::Declared => "declared primary in the team map",
            HomeChoice::FromTheirCode => "inferred: the one whose code they change most",
            HomeChoice::FirstInTheMap => "the first in the team map, with no code in any of them",
        }
    }
}

/// Someone in several teams at once: their teams, the home first.
#[derive(Clone, Debug)]
pub struct SeveralTeams {
    pub person: PersonId,
    pub teams: Vec<TeamId>,
    pub choice: HomeChoice,
}

/// What an HR export says about a person beyond their teams.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// The level to assess them against, as the export writes it.
    pub level: Option<String>,
    /// Which rubric applies to them, as the export writes it.
    pub job_family: Option<String>,
    pub manager: Option<PersonId>,
}

/// Everything the measures read: resolved, in memory, no I/O.
pub struct Org {
    /// The collected repositories, then the plain document folders.
    pub repos: Vec<Arc<str>>,
    /// How many of `repos`, at the end, are plain document folders.
    pub document_folders: usize,
    pub teams: Vec<Team>,
    pub people: People,
    /// Sorted by time, then repository, then id.
    pub commits: Vec<ResolvedCommit>,
    /// Reviews from every source, one per reviewer and change, sorted by time.
    pub reviews: Vec<ResolvedReview>,
    /// Requests for someone's review, from code-review exports.
    pub review_requests: Vec<ResolvedRequest>,
    /// Whether any code-review export was collected.
    pub has_code_review: bool,
    /// Areas where the teams file and CODEOWNERS name different teams.
    pub ownership_conflicts: Vec<OwnershipConflict>,
    /// Documents found at HEAD in the document folders.
    pub documents: Vec<ResolvedDocument>,
    /// Files in the document folders not read as documents, with why.
    pub skipped_documents: Vec<super::SkippedDocument>,
    /// Evidence-log entries: (person, file, entry).
    pub evidence_log: Vec<(PersonId, String, evidence_log::LogEntry)>,
    /// Calendars: whose, from which file, and their meetings.
    pub calendars: Vec<PersonCalendar>,
    pub diagnostics: Vec<Diagnostic>,
    /// Level, job family and manager, for the people an HR export names.
    pub facts: HashMap<PersonId, Facts>,
    pub(super) memberships: HashMap<PersonId, Vec<Membership>>,
    pub(super) inferred_home: HashMap<PersonId, TeamId>,
    /// How the home was chosen, for people in several teams.
    pub(super) home_choice: HashMap<PersonId, HomeChoice>,
}

impl Org {
    pub fn team(&self, id: TeamId) -> &Team {
        &self.teams[id.0 as usize]
    }

    pub fn team_by_name(&self, name: &str) -> Option<TeamId> {
        self.teams
            .iter()
            .find(|team| team.name == name)
            .map(|team| team.id)
    }

    /// The person's team at `time`: the teams file's membership if it covers
    /// that time, otherwise the team whose code they changed most (inferred).
    pub fn home_at(&self, person: PersonId, time: Timestamp) -> Option<Home> {
        if let Some(memberships) = self.memberships.get(&person) {
            let covering = memberships.iter().find(|m| m.covers(time));
            if let Some(membership) = covering {
                return Some(Home {
                    team: membership.team,
                    inferred: false,
                });
            }
        }
        self.inferred_home.get(&person).map(|&team| Home {
            team,
            inferred: true,
        })
    }

    /// The team and the teams it is part of, nearest first.
    pub fn lineage(&self, team: TeamId) -> impl Iterator<Item = TeamId> + '_ {
        std::iter::successors(Some(team), |t| self.team(*t).parent)
    }

    /// The top-level team `team` is part of (itself when it has no parent).
    pub fn top_of(&self, team: TeamId) -> TeamId {
        self.lineage(team).last().unwrap_or(team)
    }

    /// Whether the teams are areas inferred from the repositories, there
    /// being no team map at all.
    pub fn areas_inferred(&self) -> bool {
        self.teams.iter().any(|t| t.inferred)
    }

    /// Whether any team map gave a team a parent.
    pub fn has_hierarchy(&self) -> bool {
        self.teams.iter().any(|t| t.parent.is_some())
    }

    /// Whether one of `a` and `b` is part of the other (or they are the
    /// same): a squad and its tribe are one line, two squads are not.
    pub fn same_line(&self, a: TeamId, b: TeamId) -> bool {
        self.lineage(a).any(|t| t == b) || self.lineage(b).any(|t| t == a)
    }

    /// Whether `team` is one of the person's own at `time`. A person may be
    /// in several teams at once (a SIG chair who also sits on a committee):
    /// every declared membership covering the time is theirs, and none of
    /// them is another team reached. Without one, the inferred home. A
    /// team their own is part of, or one part of theirs, is theirs too.
    pub fn is_own_team(&self, person: PersonId, team: TeamId, time: Timestamp) -> bool {
        let declared = self
            .memberships
            .get(&person)
            .into_iter()
            .flatten()
            .filter(|m| m.covers(time));
        let mut any = false;
        for membership in declared {
            if self.same_line(membership.team, team) {
                return true;
            }
            any = true;
        }
        !any && self
            .inferred_home
            .get(&person)
            .is_some_and(|home| self.same_line(*home, team))
    }

    /// The teams the person belonged to by declaration during `[since, until)`,
    /// or their inferred team.
    pub fn homes_during(&self, person: PersonId, since: Timestamp, until: Timestamp) -> Vec<Home> {
        let mut homes: Vec<Home> = self
            .memberships
            .get(&person)
            .into_iter()
            .flatten()
            .filter(|m| {
                m.from.is_none_or(|from| from < until) && m.until.is_none_or(|end| end > since)
            })
            .map(|m| Home {
                team: m.team,
                inferred: false,
            })
            .collect();
        homes.dedup();
        if homes.is_empty()
            && let Some(&team) = self.inferred_home.get(&person)
        {
            homes.push(Home {
                team,
                inferred: true,
            });
        }
        homes
    }

    /// Everyone whose declared memberships overlap in time, by person id,
    /// with their teams (the home first) and how the home was chosen.
    pub fn several_teams(&self) -> Vec<SeveralTeams> {
        let mut found: Vec<SeveralTeams> = self
            .memberships
            .iter()
            .filter_map(|(person, list)| {
                let mut teams: Vec<TeamId> = Vec::new();
                for (a, b) in overlapping_teams(list) {
                    for team in [a, b] {
                        if !teams.contains(&team) {
                            teams.push(team);
                        }
                    }
                }
                let order = |t: &TeamId| list.iter().position(|m| m.team == *t);
                teams.sort_by_key(order);
                (!teams.is_empty()).then(|| SeveralTeams {
                    person: *person,
                    teams,
                    choice: self
                        .home_choice
                        .get(person)
                        .copied()
                        .unwrap_or(HomeChoice::FirstInTheMap),
                })
            })
            .collect();
        found.sort_by_key(|s| s.person);
        found
    }

    pub fn declared_members(&self, team: TeamId) -> Vec<PersonId> {
        let mut members: Vec<PersonId> = self
            .memberships
            .iter()
            .filter(|(_, memberships)| memberships.iter().any(|m| m.team == team))
            .map(|(person, _)| *person)
            .collect();
        members.sort();
        members
    }
}
