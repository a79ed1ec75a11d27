//! An organization resolved and measured, with the rubric to assess it: what
//! every view is built from. Finding a person by what a user types (a name,
//! handle, alias or email) lives here too, since every command and page that
//! shows one person starts with it.

use analysis::assess::Rubric;
use analysis::measure::{OrgMeasures, PersonMeasures};
use analysis::resolve::{Org, PersonId};
use model::Window;

use crate::Context;
use crate::pseudonym::Pseudonyms;

/// Why a person or archetype a user named cannot be shown.
#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    #[error(
        "no person matches `{query}`\nhint: `staffscope people` lists everyone with their handles"
    )]
    UnknownPerson { query: String },
    #[error("`{query}` matches {count} people: {candidates}\nhint: use one of these handles")]
    AmbiguousPerson {
        query: String,
        count: usize,
        candidates: String,
    },
    #[error(
        "{name} (@{handle}) has no activity in the window {since} to {until}\nhint: widen [window] in staffscope.toml"
    )]
    Inactive {
        name: String,
        handle: String,
        since: String,
        until: String,
    },
    #[error("the rubric has no archetype `{id}`\nhint: {known}")]
    UnknownArchetype { id: String, known: String },
}

/// The organization resolved and measured, with the rubric to assess it.
pub struct Analysis {
    pub org: Org,
    pub measures: OrgMeasures,
    pub rubric: Rubric,
    pub rubric_origin: String,
    /// Rubrics by job family (lowercase), for people the team map gives one.
    pub family_rubrics: Vec<(String, Rubric)>,
    /// The window's quarters, measured alone; filled by [`Analysis::measure_quarters`].
    pub quarters: Vec<crate::Quarter>,
    /// Classes of problems recurring across teams, found once per run.
    pub patterns: Vec<analysis::patterns::Pattern>,
    pub pseudonyms: crate::pseudonym::Pseudonyms,
    /// What paths read of the whole organization; found again whenever
    /// the quarters (which assessments read) are measured again.
    path_memo: crate::path::Memo,
}

impl Analysis {
    /// Measures everyone in `window` and finds the recurring problems, then
    /// credits those who fixed them: everything a report needs but the
    /// quarters, which only some commands measure.
    pub fn new(
        org: Org,
        window: Window,
        (rubric, rubric_origin): (Rubric, String),
        pseudonyms: Pseudonyms,
    ) -> Analysis {
        // Measuring people and finding patterns read the same organization
        // and nothing of each other: one thread each.
        let (mut measures, patterns) = std::thread::scope(|scope| {
            let patterns = scope.spawn(|| {
                analysis::patterns::find(&org, window, &analysis::patterns::Options::default())
            });
            let measures = analysis::measure::measure(&org, window, &rubric.measures);
            (
                measures,
                patterns.join().expect("the patterns finder does not panic"),
            )
        });
        analysis::patterns::add_systemic_problems(&mut measures, &patterns, &org);
        Analysis {
            org,
            measures,
            rubric,
            rubric_origin,
            family_rubrics: Vec::new(),
            quarters: Vec::new(),
            patterns,
            pseudonyms,
            path_memo: Default::default(),
        }
    }

    pub fn context(&self) -> Context<'_> {
        Context {
            org: &self.org,
            measures: &self.measures,
            rubric: &self.rubric,
            rubric_origin: &self.rubric_origin,
            family_rubrics: &self.family_rubrics,
            quarters: &self.quarters,
            patterns: &self.patterns,
            pseudonyms: &self.pseudonyms,
            path_memo: &self.path_memo,
        }
    }

    /// Measures each calendar quarter of the window on its own, for
    /// everyone's trends (the dashboard shows them all).
    pub fn measure_quarters(&mut self) {
        // Paths read assessments, which read quarters: found again.
        self.path_memo = Default::default();
        self.quarters = self.quarters_for(analysis::measure::Focus::Everyone);
    }

    /// One person's view with their trends, whatever quarters the analysis
    /// measured: theirs are measured for it when everyone's were not (a
    /// report of one person, a dashboard that reads kept views).
    pub fn person_view_with_trends(
        &self,
        person: &PersonMeasures,
        archetype: Option<&str>,
    ) -> crate::PersonReport {
        if !self.quarters.is_empty() {
            return crate::person_report(&self.context(), person, archetype);
        }
        let quarters = self.quarters_for(analysis::measure::Focus::Only(person.person));
        let context = Context {
            quarters: &quarters,
            ..self.context()
        };
        crate::person_report(&context, person, archetype)
    }

    /// The window's quarters, each measured on its own for `focus`.
    fn quarters_for(&self, focus: analysis::measure::Focus) -> Vec<crate::Quarter> {
        // Quarters are measured independently: spread over the cores, each
        // quarter on one thread (everyone's shares would only add threads).
        let focus = match focus {
            analysis::measure::Focus::Everyone => {
                analysis::measure::Focus::Share { index: 0, of: 1 }
            }
            focus => focus,
        };
        let quarters = self.measures.window.quarters();
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let per_thread = quarters.len().div_ceil(threads.max(1)).max(1);
        let (org, params) = (&self.org, &self.rubric.measures);
        std::thread::scope(|scope| {
            let handles: Vec<_> = quarters
                .chunks(per_thread)
                .map(|chunk| {
                    scope.spawn(move || {
                        chunk
                            .iter()
                            .map(|(label, partial, window)| crate::Quarter {
                                label: label.clone(),
                                partial: *partial,
                                measures: analysis::measure::measure_for(
                                    org, *window, params, focus,
                                ),
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|handle| handle.join().expect("measuring does not panic"))
                .collect()
        })
    }

    /// One person's report view, assessed against `archetype` when given.
    pub fn person_view(
        &self,
        query: &str,
        archetype: Option<&str>,
    ) -> Result<crate::PersonReport, LookupError> {
        if let Some(id) = archetype {
            self.check_archetype(id)?;
        }
        let person = self.find_person(query)?;
        Ok(crate::person_report(&self.context(), person, archetype))
    }

    /// The rubric's archetype with this id, or an error listing the ones there are.
    pub fn check_archetype(&self, id: &str) -> Result<(), LookupError> {
        if self.rubric.archetypes.iter().any(|a| a.id == id) {
            return Ok(());
        }
        let known: Vec<&str> = self
            .rubric
            .archetypes
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        Err(archetype_error(id, &known))
    }

    /// The person a name, handle, alias or email means, with their measures.
    pub fn find_person(&self, query: &str) -> Result<&PersonMeasures, LookupError> {
        let id = one_person(&self.org, query)?;
        self.measures.person(id).ok_or_else(|| {
            let person = self.org.people.get(id);
            LookupError::Inactive {
                name: person.name.clone(),
                handle: person.handle.clone(),
                since: model::date(self.measures.window.since),
                until: model::date(self.measures.window.until),
            }
        })
    }
}

/// The one person (not a bot) a name, handle, alias or email means.
pub fn one_person(org: &Org, query: &str) -> Result<PersonId, LookupError> {
    choose(query, org.people.lookup(query), |id| {
        let person = org.people.get(id);
        (&person.name, &person.handle, person.bot)
    })
}

/// The one person (not a bot) among those a query found; `person` gives
/// each one's name, handle and whether they are a bot.
pub(crate) fn choose<'a>(
    query: &str,
    found: Vec<PersonId>,
    person: impl Fn(PersonId) -> (&'a str, &'a str, bool),
) -> Result<PersonId, LookupError> {
    let found: Vec<_> = found.into_iter().filter(|id| !person(*id).2).collect();
    match found.as_slice() {
        [] => Err(LookupError::UnknownPerson {
            query: query.to_string(),
        }),
        [id] => Ok(*id),
        several => Err(LookupError::AmbiguousPerson {
            query: query.to_string(),
            count: several.len(),
            candidates: several
                .iter()
                .map(|id| {
                    let (name, handle, _) = person(*id);
                    format!("{name} (@{handle})")
                })
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// An archetype the rubric does not define, with the ones it does.
pub(crate) fn archetype_error(id: &str, known: &[&str]) -> LookupError {
    LookupError::UnknownArchetype {
        id: id.to_string(),
        known: if known.is_empty() {
            "the rubric defines none".to_string()
        } else {
            format!("one of {}", known.join(", "))
        },
    }
}
