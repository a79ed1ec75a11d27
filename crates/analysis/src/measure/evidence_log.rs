//! The evidence log: entries people record about their own work. They are
//! self-reported, so they feed one metric of their own and are otherwise
//! handed to reports by the dimension or signal they name, never mixed into
//! the counts from other sources.

use std::collections::BTreeMap;

use super::catalogue::names;
use super::evidence::{Evidence, Item, Metric, count, counted};
use super::tally::Collector;
use super::tally::PersonMetrics;

impl Collector<'_> {
    /// Entries dated in the window, for the measured people who wrote them.
    pub(super) fn add_evidence_log(&mut self) {
        let (org, window, focus) = (self.org, self.window, self.focus);
        for (person, file, entry) in org
            .evidence_log
            .iter()
            .filter(|(person, _, e)| window.contains(e.date) && focus.wants(*person))
        {
            let confirmers = confirmed_by(org, *person, entry);
            let mut detail = format!("self-reported: {}", entry.what);
            if !confirmers.is_empty() {
                detail.push_str(&format!(" (confirmed by {})", confirmers.join(", ")));
            } else if !entry.confirm.is_empty() {
                detail.push_str(&format!(" (can confirm: {})", entry.confirm.join(", ")));
            }
            if !entry.links.is_empty() {
                detail.push_str(&format!(" ({})", entry.links.join(", ")));
            }
            let evidence = Evidence {
                repo: file.as_str().into(),
                reference: model::Reference::Line(entry.line),
                time: entry.date,
                summary: format!("evidence log, {}", entry.dimension).into(),
                detail: detail.into(),
            };
            let tally = self.tallies.entry(*person).or_default();
            if !confirmers.is_empty() {
                tally
                    .confirmed
                    .push((entry.dimension.clone(), evidence.clone()));
            }
            tally
                .self_reported
                .push((entry.dimension.clone(), evidence));
        }
    }
}

impl PersonMetrics<'_> {
    /// Entries recording recommendations accepted without re-litigation.
    pub(super) fn trusted_judgment(&mut self) {
        let trusted: Vec<Evidence> = self
            .tally
            .self_reported
            .iter()
            .filter(|(dimension, _)| dimension == "trusted-judgment")
            .map(|(_, e)| e.clone())
            .collect();
        self.metrics.insert(
            names::TRUSTED_JUDGMENT_ENTRIES,
            Metric {
                value: count(trusted.len()),
                items: vec![Item {
                    label: "self-reported".into(),
                    detail: format!("{} in the evidence log", counted(trusted.len(), "entry")),
                    evidence: trusted,
                }],
            },
        );
    }
}

/// The names of the people who confirmed an entry: each one the entry names
/// as able to confirm it (`confirm`), found as one known person who is not
/// the log's owner. Anyone else in `confirmed_by` does not count.
fn confirmed_by(
    org: &crate::resolve::Org,
    owner: crate::resolve::PersonId,
    entry: &crate::resolve::evidence_log::LogEntry,
) -> Vec<String> {
    entry
        .confirmed_by
        .iter()
        .filter(|who| {
            entry
                .confirm
                .iter()
                .any(|c| c.eq_ignore_ascii_case(who.trim()))
        })
        .filter_map(|who| match org.people.lookup(who)[..] {
            [person] if person != owner => Some(org.people.get(person).name.clone()),
            _ => None,
        })
        .collect()
}

/// The person's entries by the dimension or signal they name, in the order
/// they were recorded.
pub(super) fn by_dimension(
    self_reported: &[(String, Evidence)],
) -> BTreeMap<String, Vec<Evidence>> {
    self_reported
        .iter()
        .fold(BTreeMap::new(), |mut map, (dimension, evidence)| {
            map.entry(dimension.clone())
                .or_insert_with(Vec::new)
                .push(evidence.clone());
            map
        })
}
