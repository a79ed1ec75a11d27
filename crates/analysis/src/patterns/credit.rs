//! People's credit for systemic problems: the patterns feed back into the
//! measures, as items of the systemic-problems metric.
//!
//! It runs after both the measures and the patterns are computed, which is
//! why it is a step of its own rather than part of either.

use std::collections::BTreeMap;

use super::Pattern;
use crate::measure::{Item, OrgMeasures};
use crate::resolve::{Org, PersonId};

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
        if let Some(metric) = person
            .metrics
            .get_mut(crate::measure::names::SYSTEMIC_PROBLEMS)
        {
            metric.items.extend(found);
            metric.value = Some(metric.items.len() as f64);
        }
    }
}
