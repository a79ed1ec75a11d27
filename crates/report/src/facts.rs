//! How the team map changes a person's assessment: what an HR export says
//! about them (level, job family, manager) and the target level it sets (a
//! person whose level the team map gives is assessed against that level,
//! not the rubric's target); and, without any team map, dimensions counted
//! across inferred areas, which say they are proxies.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::Context;
use analysis::assess::{Assessment, Rubric};
use analysis::resolve::PersonId;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FactsView {
    /// Their level as the team map writes it.
    pub level: Option<String>,
    pub job_family: Option<String>,
    /// Their manager's name.
    pub manager: Option<String>,
    /// Where the target level came from: the rubric, or the team map.
    #[serde(deserialize_with = "target_from")]
    pub target_from: crate::fixed::Fixed,
    /// The job family whose rubric the person is assessed on, if any.
    pub rubric_family: Option<String>,
}

/// Where a target level can come from, as [`FactsView::target_from`] says.
const TARGET_FROM: [&str; 2] = ["their level in the team map", "the rubric"];

fn target_from<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    crate::fixed::one_of(d, TARGET_FROM)
}

impl<'a> Context<'a> {
    /// The rubric as it applies to `person`: at their level when the team
    /// map gives one the rubric knows.
    pub fn rubric_for(&self, person: PersonId) -> Cow<'a, Rubric> {
        let base = self.base_rubric(person);
        match self.level_of(person) {
            Some(level) if level != base.target => Cow::Owned(base.at_level(level)),
            _ => Cow::Borrowed(base),
        }
    }

    /// The configured job family whose rubric applies to `person`, if any.
    pub fn family_of(&self, person: PersonId) -> Option<&'a str> {
        self.family_rubric(person).map(|(name, _)| name.as_str())
    }

    /// The `[rubrics]` entry of the person's job family, if one is configured.
    fn family_rubric(&self, person: PersonId) -> Option<&'a (String, Rubric)> {
        let family = self.org.facts.get(&person)?.job_family.as_deref()?;
        self.family_named(family)
    }

    /// The `[rubrics]` entry for the job family written `family`, whatever its case.
    pub fn family_named(&self, family: &str) -> Option<&'a (String, Rubric)> {
        self.family_rubrics
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(family))
    }

    /// The person's family's rubric, else the configured one.
    fn base_rubric(&self, person: PersonId) -> &'a Rubric {
        self.family_rubric(person)
            .map_or(self.rubric, |(_, rubric)| rubric)
    }

    fn level_of(&self, person: PersonId) -> Option<&'a str> {
        let level = self.org.facts.get(&person)?.level.as_deref()?;
        self.base_rubric(person).level_named(level)
    }

    pub fn facts_view(&self, person: PersonId) -> FactsView {
        let facts = self.org.facts.get(&person);
        FactsView {
            level: facts.and_then(|f| f.level.clone()),
            job_family: facts.and_then(|f| f.job_family.clone()),
            manager: facts
                .and_then(|f| f.manager)
                .map(|m| self.org.people.get(m).name.clone()),
            rubric_family: self.family_of(person).map(str::to_string),
            target_from: if self.level_of(person).is_some() {
                TARGET_FROM[0]
            } else {
                TARGET_FROM[1]
            },
        }
    }
}

/// What a dimension counting across teams stands on when the teams are
/// areas inferred from the repositories.
pub const AREAS_PROXY: &str = "no team map: teams are areas inferred from the repositories' folders and file names, and each person's area is where they change the most code";

impl Context<'_> {
    /// Marks the dimensions that count across teams as proxies when the
    /// teams are inferred areas.
    pub(crate) fn mark_area_proxies(&self, assessment: &mut Assessment) {
        if !self.org.areas_inferred() {
            return;
        }
        for dimension in &mut assessment.dimensions {
            if analysis::measure::TEAM_METRICS.contains(&dimension.evidence_metric.as_str()) {
                dimension.proxy = Some(match &dimension.proxy {
                    Some(proxy) => format!("{proxy}; {AREAS_PROXY}"),
                    None => AREAS_PROXY.to_string(),
                });
            }
        }
    }

    /// One line for views that count across teams, when the teams are
    /// inferred areas.
    pub fn areas_note(&self) -> Option<String> {
        self.org.areas_inferred().then(|| {
            format!("Teams here are a proxy ({AREAS_PROXY}); set `teams_file` in staffscope.toml to count real teams.")
        })
    }
}
