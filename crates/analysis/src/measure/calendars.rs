//! Calendars: the meetings with others in a person's calendar, the people
//! from other teams met there, and the meeting metrics. Hours come only
//! from here, which is why the operating mix (in `mix`) reads them when
//! there is a calendar.

use super::catalogue::names;
use super::evidence::{Evidence, Item, Metric};
use super::tally::Collector;
use super::tally::PersonMetrics;
use std::sync::Arc;

use crate::resolve::{PersonId, TeamId};

impl Collector<'_> {
    /// Meetings with at least one other attendee, in the window, from each
    /// measured person's calendar.
    pub(super) fn add_calendars(&mut self) {
        let (org, window, focus) = (self.org, self.window, self.focus);
        for (owner, file, meetings) in org.calendars.iter().filter(|(o, _, _)| focus.wants(*o)) {
            let owner_home = |time| org.home_at(*owner, time);
            let with_others: Vec<_> = meetings
                .iter()
                .filter(|(m, _)| m.attendees.len() >= 2 && window.contains(m.start))
                .collect();
            let (Some(first), Some(last)) = (with_others.first(), with_others.last()) else {
                continue;
            };
            let weeks = ((last.0.end - first.0.start) as f64 / (7.0 * 86_400.0)).max(1.0);
            let tally = self.tallies.entry(*owner).or_default();
            tally.calendar_weeks = weeks;
            for (meeting, attendees) in with_others {
                let home = owner_home(meeting.start);
                let other_teams: Vec<(PersonId, TeamId)> = attendees
                    .iter()
                    .filter_map(|p| org.home_at(*p, meeting.start).map(|h| (*p, h.team)))
                    .filter(|(_, team)| {
                        home.is_some() && !org.is_own_team(*owner, *team, meeting.start)
                    })
                    .collect();
                let item = Evidence {
                    repo: file.as_str().into(),
                    reference: model::Reference::Line(meeting.line),
                    time: meeting.start,
                    summary: Arc::clone(&meeting.summary),
                    detail: format!(
                        "meeting of {:.1} h with {} others",
                        (meeting.end - meeting.start) as f64 / 3_600.0,
                        meeting.attendees.len() - 1
                    )
                    .into(),
                };
                for (person, team) in &other_teams {
                    tally
                        .people
                        .entry(*person)
                        .or_insert((*team, Vec::new()))
                        .1
                        .push(item.clone());
                    let interaction = tally.interactions.entry(*team).or_default();
                    interaction.people.insert(*person);
                }
                tally.meetings.push((
                    (meeting.end - meeting.start) as f64 / 3_600.0,
                    !other_teams.is_empty(),
                    item,
                ));
            }
        }
    }
}

impl PersonMetrics<'_> {
    /// Meeting hours a week, in all and with other teams, and the share of
    /// the working week met with other teams. Without meetings in the
    /// calendar (or without a calendar) these stay absent.
    pub(super) fn meetings(&mut self) {
        let (tally, params) = (self.tally, self.params);
        if tally.meetings.is_empty() {
            return;
        }
        let total: f64 = tally.meetings.iter().map(|(h, _, _)| h).sum();
        let cross: f64 = tally
            .meetings
            .iter()
            .filter(|(_, c, _)| *c)
            .map(|(h, _, _)| h)
            .sum();
        let weeks = tally.calendar_weeks;
        let all: Vec<Evidence> = tally.meetings.iter().map(|(_, _, e)| e.clone()).collect();
        let across: Vec<Evidence> = tally
            .meetings
            .iter()
            .filter(|(_, c, _)| *c)
            .map(|(_, _, e)| e.clone())
            .collect();
        let item = |label: &str, hours: f64, evidence: Vec<Evidence>| Item {
            label: label.into(),
            detail: format!("{hours:.1} h over {weeks:.1} weeks of calendar"),
            evidence,
        };
        self.metrics.insert(
            names::MEETING_HOURS_PER_WEEK,
            Metric {
                value: Some(total / weeks),
                items: vec![item("meetings", total, all)],
            },
        );
        self.metrics.insert(
            names::CROSS_TEAM_MEETING_HOURS_PER_WEEK,
            Metric {
                value: Some(cross / weeks),
                items: vec![item("with other teams", cross, across.clone())],
            },
        );
        self.metrics.insert(
            names::MEETING_SHARE,
            Metric {
                value: Some(cross / weeks / params.working_hours_per_week),
                items: vec![item(
                    &format!(
                        "with other teams, as a share of a {}-hour week",
                        params.working_hours_per_week
                    ),
                    cross,
                    across,
                )],
            },
        );
    }
}
