//! What each page answers: from the analysis once built, from kept views
//! before (and instead, where they hold the page's view), or that the page
//! is being prepared.

use std::sync::OnceLock;

use super::links::Linker;
use super::{
    Dashboard, Kept, Reply, evidence_page, html, org_page, pages, patterns_page, person_page,
    query_value,
};
use report::Analysis;
use report::stored::{Directory, Links, TeamEntry};

/// A page, or the reply instead of it (not found, being prepared).
pub(super) type Answer = Result<Reply, Reply>;

/// `lock`'s value: the one kept when there is one, else computed.
fn once<T>(
    lock: &OnceLock<T>,
    kept: impl FnOnce() -> Option<T>,
    computed: impl FnOnce() -> Result<T, Reply>,
) -> Result<&T, Reply> {
    if let Some(value) = lock.get() {
        return Ok(value);
    }
    let value = match kept() {
        Some(value) => value,
        None => computed()?,
    };
    Ok(lock.get_or_init(|| value))
}

/// A page rendered once and kept for the server's life.
fn rendered_once(
    lock: &OnceLock<String>,
    render: impl FnOnce() -> Result<String, Reply>,
) -> Answer {
    Ok(Reply::html(200, once(lock, || None, render)?.clone()))
}

impl Dashboard {
    fn analysis(&self) -> Result<&Analysis, Reply> {
        self.analysis.get().ok_or_else(Reply::preparing)
    }

    fn context(&self) -> Result<report::Context<'_>, Reply> {
        Ok(self.analysis()?.context())
    }

    fn org_report(&self) -> Result<&report::OrgReport, Reply> {
        once(
            &self.org_report,
            || self.kept.as_ref()?.org(),
            || Ok(report::org_report(&self.context()?)),
        )
    }

    fn people_view(&self) -> Result<&report::people::PeopleView, Reply> {
        once(
            &self.people_view,
            || self.kept.as_ref()?.people(),
            || Ok(report::people::people(&self.context()?)),
        )
    }

    fn linker(&self) -> Result<&Linker, Reply> {
        once(
            &self.linker,
            || {
                let kept = self.kept.as_ref()?;
                Some(Linker::new(kept.directory(), &kept.links()?))
            },
            || {
                let analysis = self.analysis()?;
                Ok(Linker::new(
                    &Directory::new(analysis),
                    &Links::new(analysis),
                ))
            },
        )
    }

    fn team_names(&self) -> Result<Vec<String>, Reply> {
        let mut teams: Vec<String> = self
            .org_report()?
            .teams
            .iter()
            .map(|t| t.name.clone())
            .collect();
        teams.sort_by_key(|t| t.to_lowercase());
        Ok(teams)
    }

    /// `/`, rendered once.
    pub(super) fn org(&self) -> Answer {
        rendered_once(&self.org_page, || {
            let rubric = &self.rubric;
            let uniform: Vec<String> = rubric
                .dimensions
                .iter()
                .filter(|d| {
                    d.better == analysis::assess::Better::Higher
                        && d.thresholds.first().is_some_and(|(_, value)| *value <= 0.0)
                })
                .map(|d| d.id.clone())
                .collect();
            let report = self.org_report()?;
            Ok(org_page::org(
                report,
                &rubric.levels,
                &uniform,
                self.linker()?,
            ))
        })
    }

    /// `/people`, `?find=` a name or handle, `?team=`, `?by=team`.
    pub(super) fn people(&self, query: Option<&str>) -> Answer {
        let filter = pages::PeopleFilter {
            find: query_value(query, "find").unwrap_or_default(),
            team: query_value(query, "team").unwrap_or_default(),
            by_team: query_value(query, "by").is_some_and(|by| by == "team"),
        };
        let render = || {
            Ok(pages::people(
                self.people_view()?,
                &self.team_names()?,
                &filter,
            ))
        };
        if filter.find.is_empty() && filter.team.is_empty() && !filter.by_team {
            return rendered_once(&self.people_page, render);
        }
        Ok(Reply::html(200, render()?))
    }

    /// What the team map says of the team `name`, kept or from the analysis.
    fn team_entry(&self, name: &str) -> Result<Option<TeamEntry>, Reply> {
        if let Some(entries) = self.kept.as_ref().and_then(Kept::teams) {
            return Ok(entries.into_iter().find(|entry| entry.name == name));
        }
        let org = &self.analysis()?.org;
        Ok(org.team_by_name(name).map(|id| TeamEntry::new(org, id)))
    }

    pub(super) fn team(&self, name: &str) -> Answer {
        let report = self.org_report()?;
        let Some(entry) = self.team_entry(name)? else {
            return Err(Reply::not_found(&format!("There is no team `{name}`.")));
        };
        // A team with no one active (one CODEOWNERS names, say) still owns
        // code others changed: its page says so rather than 404.
        let quiet_team;
        let view = match report.teams.iter().find(|t| t.name == name) {
            Some(view) => view,
            None => {
                quiet_team = report::TeamView {
                    name: name.to_string(),
                    declared: entry.declared,
                    declared_members: entry.members.len(),
                    active_people: 0,
                    commits: 0,
                    levels: Default::default(),
                };
                &quiet_team
            }
        };
        let members: Vec<&report::people::PersonRow> = self
            .people_view()?
            .people
            .iter()
            .filter(|row| {
                row.teams
                    .iter()
                    .any(|t| t.trim_end_matches(" (inferred)") == name)
            })
            .collect();
        let active: std::collections::HashSet<&str> =
            members.iter().map(|m| m.handle.as_str()).collect();
        let mut quiet: Vec<String> = entry
            .members
            .iter()
            .filter(|(handle, _)| !active.contains(handle.as_str()))
            .map(|(_, name)| name.clone())
            .collect();
        quiet.sort_by_key(|n| n.to_lowercase());
        let facts = org_page::TeamFacts {
            parent: entry.parent,
            children: entry
                .children
                .into_iter()
                .filter(|n| report.teams.iter().any(|t| &t.name == n))
                .collect(),
            members,
            quiet,
        };
        Ok(Reply::html(
            200,
            org_page::team(report, view, &facts, &self.rubric.levels),
        ))
    }

    pub(super) fn pair(&self, from: &str, to: &str) -> Answer {
        let context = self.context()?;
        let org = context.org;
        match (org.team_by_name(from), org.team_by_name(to)) {
            (Some(from), Some(to)) => Ok(Reply::html(
                200,
                org_page::pair(&report::pairs::pair(&context, from, to)),
            )),
            _ => Err(Reply::not_found("There is no such pair of teams.")),
        }
    }

    /// A person's report, with the archetype the query names: the view
    /// kept, else computed.
    fn report(&self, handle: &str, query: Option<&str>) -> Result<report::PersonReport, Reply> {
        let archetype = query_value(query, "archetype").filter(|a| !a.is_empty());
        let archetype = archetype.as_deref();
        let not_found = |e: report::LookupError| Reply::not_found(&e.to_string());
        let kept = self.kept.as_ref();
        let Some(analysis) = self.analysis.get() else {
            let kept = kept.ok_or_else(Reply::preparing)?;
            if let Some(id) = archetype {
                kept.directory().check_archetype(id).map_err(not_found)?;
            }
            let id = kept.find(handle).map_err(not_found)?;
            return kept.person(id, archetype).ok_or_else(Reply::preparing);
        };
        if let Some(id) = archetype {
            analysis.check_archetype(id).map_err(not_found)?;
        }
        let person = analysis.find_person(handle).map_err(not_found)?;
        let kept = kept.and_then(|kept| kept.person(person.person, archetype));
        Ok(kept.unwrap_or_else(|| analysis.person_view_with_trends(person, archetype)))
    }

    pub(super) fn person(&self, handle: &str, query: Option<&str>, what: Option<&str>) -> Answer {
        let report = self.report(handle, query)?;
        let linker = self.linker()?;
        match what {
            None => Ok(Reply::html(
                200,
                person_page::person(&self.rubric, &report, linker),
            )),
            Some(what) => match report::explain::explain(&report, what) {
                Ok(explanation) => Ok(Reply::html(
                    200,
                    person_page::explain(&report, &explanation, linker),
                )),
                Err(error) => Err(Reply::not_found(&error.to_string())),
            },
        }
    }

    /// `/evidence/<repo>/<reference>`. Links write a slash inside either
    /// as `%2F`; one typed or pasted as `/` is ambiguous (an evidence log's
    /// "repository" is a path too), so each split is tried, the shortest
    /// repository first.
    pub(super) fn evidence(&self, segments: &[&str], query: Option<&str>) -> Answer {
        let org = &self.analysis()?.org;
        let person = match query_value(query, "person") {
            Some(handle) => Some(self.report(&handle, None)?),
            None => None,
        };
        let found = (1..segments.len()).find_map(|split| {
            let repo = segments[..split].join("/");
            let reference = html::reference_of(&segments[split..].join("/"))?;
            report::evidence::evidence(org, &repo, &reference, person.as_ref())
        });
        match found {
            Some(view) => Ok(Reply::html(
                200,
                evidence_page::evidence(&view, person.as_ref(), self.linker()?),
            )),
            None => Err(Reply::not_found(
                "No evidence with this reference is in the collected data.",
            )),
        }
    }

    /// `/patterns`, `?unowned=1` for the classes nobody owns, `?person=`
    /// for those near one person's work.
    pub(super) fn patterns(&self, query: Option<&str>) -> Answer {
        let unowned = query_value(query, "unowned").is_some_and(|v| v == "1" || v == "on");
        let handle = query_value(query, "person").filter(|h| !h.is_empty());
        let Some(handle) = handle else {
            if unowned {
                return Ok(Reply::html(200, self.patterns_page_for(true, None)?));
            }
            return rendered_once(&self.patterns_page, || self.patterns_page_for(false, None));
        };
        match self.analysis()?.find_person(&handle) {
            Ok(person) => Ok(Reply::html(
                200,
                self.patterns_page_for(unowned, Some(person))?,
            )),
            Err(error) => Err(Reply::not_found(&error.to_string())),
        }
    }

    /// `/patterns/<anchor>`, `?page=N` from 1.
    pub(super) fn pattern_class(&self, anchor: &str, query: Option<&str>) -> Answer {
        let view = self.triage()?;
        let page = query_value(query, "page")
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(1)
            .saturating_sub(1);
        match patterns_page::class_page(view, anchor, page, self.linker()?) {
            Some(html) => Ok(Reply::html(200, html)),
            None => Err(Reply::not_found(
                "No recurring problem has this name in this data.",
            )),
        }
    }

    fn patterns_page_for(
        &self,
        unowned: bool,
        person: Option<&analysis::measure::PersonMeasures>,
    ) -> Result<String, Reply> {
        let filtered;
        let view = if person.is_some() || unowned {
            let kept = person
                .is_none()
                .then(|| self.kept.as_ref()?.patterns(true))
                .flatten();
            filtered = match kept {
                Some(view) => view,
                None => {
                    let filter = report::triage::Filter { unowned, person };
                    report::triage::triage(&self.context()?, filter)
                }
            };
            &filtered
        } else {
            self.triage()?
        };
        let who = match person {
            Some(p) => Some(self.analysis()?.org.people.get(p.person)),
            None => None,
        };
        let asked = patterns_page::Asked {
            unowned,
            person: who.map(|w| (w.handle.as_str(), w.name.as_str())),
        };
        Ok(patterns_page::patterns(view, &asked, self.linker()?))
    }

    fn triage(&self) -> Result<&report::triage::Triage, Reply> {
        once(
            &self.triage,
            || self.kept.as_ref()?.patterns(false),
            || {
                let context = self.context()?;
                Ok(report::triage::triage(
                    &context,
                    report::triage::Filter::default(),
                ))
            },
        )
    }

    /// `/calibrate`, `?team=`, `?anonymize=1`, `?page=N` from 1.
    pub(super) fn calibrate(&self, query: Option<&str>) -> Answer {
        let team = query_value(query, "team").filter(|t| !t.is_empty());
        let anonymize = query_value(query, "anonymize").is_some_and(|v| v == "1" || v == "on");
        let page = query_value(query, "page")
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(1)
            .saturating_sub(1);
        if team.is_none() && page == 0 {
            let everyone = &self.calibrate_pages[usize::from(anonymize)];
            return rendered_once(everyone, || self.calibrate_page(None, anonymize, 0));
        }
        Ok(Reply::html(
            200,
            self.calibrate_page(team.as_deref(), anonymize, page)?,
        ))
    }

    /// Everyone's calibration (`team` `None`) or one team's, kept or
    /// computed.
    fn calibrate_page(
        &self,
        team: Option<&str>,
        anonymize: bool,
        page: usize,
    ) -> Result<String, Reply> {
        let kept = self
            .kept
            .as_ref()
            .and_then(|kept| kept.calibration(team, anonymize));
        let view = match kept {
            Some(view) => view,
            None => {
                let context = self.context()?;
                let team_id =
                    match team {
                        Some(name) => Some(context.org.team_by_name(name).ok_or_else(|| {
                            Reply::not_found(&format!("There is no team `{name}`."))
                        })?),
                        None => None,
                    };
                let chosen = report::calibrate::members(&context, team_id);
                report::calibrate::calibrate(&context, &chosen, anonymize)
            }
        };
        let rubric = &self.rubric;
        let rules: Vec<(String, String)> = rubric
            .failure_modes
            .iter()
            .chain(&rubric.signals)
            .map(|r| (r.id.clone(), r.name.clone()))
            .collect();
        let asked = pages::CalibrationAsked { team, page };
        Ok(pages::calibrate(&view, &self.team_names()?, &asked, &rules))
    }

    pub(super) fn packet(&self, handle: &str) -> Answer {
        let view = self.report(handle, None)?;
        Ok(Reply::html(
            200,
            person_page::packet(&report::packet::packet(&view), self.linker()?),
        ))
    }
}
