//! What an HR export says about a person (level, job family, manager) as
//! reports show it, and the target level it sets: a person whose level the
//! team map gives is assessed against that level, not the rubric's target.

use std::borrow::Cow;

use serde::Serialize;

use super::Context;
use analysis::assess::Rubric;
use analysis::resolve::PersonId;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FactsView {
    /// Their level as the team map writes it.
    pub level: Option<String>,
    pub job_family: Option<String>,
    /// Their manager's name.
    pub manager: Option<String>,
    /// Where the target level came from: the rubric, or the team map.
    pub target_from: &'static str,
}

impl<'a> Context<'a> {
    /// The rubric as it applies to `person`: at their level when the team
    /// map gives one the rubric knows.
    pub fn rubric_for(&self, person: PersonId) -> Cow<'a, Rubric> {
        match self.level_of(person) {
            Some(level) if level != self.rubric.target => Cow::Owned(self.rubric.at_level(level)),
            _ => Cow::Borrowed(self.rubric),
        }
    }

    fn level_of(&self, person: PersonId) -> Option<&'a str> {
        let level = self.org.facts.get(&person)?.level.as_deref()?;
        self.rubric.level_named(level)
    }

    pub fn facts_view(&self, person: PersonId) -> FactsView {
        let facts = self.org.facts.get(&person);
        FactsView {
            level: facts.and_then(|f| f.level.clone()),
            job_family: facts.and_then(|f| f.job_family.clone()),
            manager: facts
                .and_then(|f| f.manager)
                .map(|m| self.org.people.get(m).name.clone()),
            target_from: if self.level_of(person).is_some() {
                "their level in the team map"
            } else {
                "the rubric"
            },
        }
    }
}
