//! Views kept in the store between runs, so that a report of one person
//! reads that person's view instead of resolving and measuring everyone.
//!
//! Everything here is computed by the same functions as a report computed
//! from scratch, then encoded (CBOR, deflated): a binary format keeps
//! floats exact and evidence references with their kind, so a view read
//! back renders byte for byte as the one computed. Which views are still
//! right is not decided here: the binary keys them on a fingerprint of
//! everything they were computed from (the store's write generation, every
//! input file, the program, the window).

use std::io::{Read, Write};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use analysis::resolve::{Lookup, PersonId};

use crate::analyzed::{archetype_error, choose};
mod texts;

pub use texts::{ExportText, TeamsText, TextError, documents, export, teams};

use crate::calibrate::Calibration;
use crate::people::PeopleView;
use crate::{Analysis, LookupError, PersonReport, WindowView};

/// What finds a person without the organization: the lookup indexes, who
/// each person is, and whether they were active in the window.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Directory {
    pub window: WindowView,
    lookup: Lookup,
    people: Vec<Entry>,
    /// The rubric's archetype ids, to refuse an unknown one as a report would.
    archetypes: Vec<String>,
    /// The rubric's levels, which the Markdown renderers read.
    pub levels: Vec<String>,
    /// The warnings the analysis gave (problems in input files), as text.
    pub warnings: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Entry {
    name: String,
    handle: String,
    bot: bool,
    active: bool,
}

impl Directory {
    pub fn new(analysis: &Analysis) -> Directory {
        let org = &analysis.org;
        Directory {
            window: analysis.measures.window.into(),
            lookup: org.people.index().clone(),
            people: org
                .people
                .all()
                .iter()
                .map(|person| Entry {
                    name: person.name.clone(),
                    handle: person.handle.clone(),
                    bot: person.bot,
                    active: analysis.measures.person(person.id).is_some(),
                })
                .collect(),
            archetypes: analysis
                .rubric
                .archetypes
                .iter()
                .map(|a| a.id.clone())
                .collect(),
            levels: analysis.rubric.levels.clone(),
            warnings: org.diagnostics.iter().map(ToString::to_string).collect(),
        }
    }

    /// The active person a query means, with the errors
    /// [`Analysis::find_person`] gives.
    pub fn find(&self, query: &str) -> Result<PersonId, LookupError> {
        let entry = |id: PersonId| self.people.get(id.0 as usize);
        let id = choose(query, self.lookup.lookup(query), |id| {
            entry(id).map_or(("", "", true), |e| (&e.name, &e.handle, e.bot))
        })?;
        match entry(id) {
            Some(found) if found.active => Ok(id),
            found => Err(LookupError::Inactive {
                name: found.map_or_else(String::new, |e| e.name.clone()),
                handle: found.map_or_else(String::new, |e| e.handle.clone()),
                since: self.window.since.clone(),
                until: self.window.until.clone(),
            }),
        }
    }

    /// Refuses an archetype the rubric does not define, as a report would.
    pub fn check_archetype(&self, id: &str) -> Result<(), LookupError> {
        if self.archetypes.iter().any(|a| a == id) {
            return Ok(());
        }
        let known: Vec<&str> = self.archetypes.iter().map(String::as_str).collect();
        Err(archetype_error(id, &known))
    }

    /// The people active in the window, as (handle, name): those with a
    /// view, whom the dashboard links.
    pub fn active(&self) -> impl Iterator<Item = (&str, &str)> {
        self.people
            .iter()
            .filter(|e| e.active)
            .map(|e| (e.handle.as_str(), e.name.as_str()))
    }
}

/// What the dashboard links in free text besides people: the collected
/// repositories (and evidence logs, which evidence ids name as theirs) and
/// the recurring problems' names, in the analysis's order.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Links {
    pub repos: Vec<String>,
    pub patterns: Vec<String>,
}

impl Links {
    pub fn new(analysis: &Analysis) -> Links {
        let org = &analysis.org;
        let mut repos: Vec<String> = org.repos.iter().map(|r| r.to_string()).collect();
        repos.extend(org.evidence_log.iter().map(|(_, file, _)| file.clone()));
        Links {
            repos,
            patterns: analysis.patterns.iter().map(|p| p.name.clone()).collect(),
        }
    }
}

/// What a team's page says that no other view holds: whether the team map
/// declares the team, its declared members, its parent and its children.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TeamEntry {
    pub name: String,
    pub declared: bool,
    /// Declared members, as (handle, name).
    pub members: Vec<(String, String)>,
    pub parent: Option<String>,
    pub children: Vec<String>,
}

impl TeamEntry {
    pub fn new(org: &analysis::resolve::Org, id: analysis::resolve::TeamId) -> TeamEntry {
        let team = org.team(id);
        TeamEntry {
            name: team.name.clone(),
            declared: team.declared,
            members: org
                .declared_members(id)
                .into_iter()
                .map(|p| org.people.get(p))
                .map(|p| (p.handle.clone(), p.name.clone()))
                .collect(),
            parent: team.parent.map(|p| org.team(p).name.clone()),
            children: org
                .teams
                .iter()
                .filter(|t| t.parent == Some(id))
                .map(|t| t.name.clone())
                .collect(),
        }
    }
}

/// The keys views are kept under.
pub mod keys {
    use analysis::resolve::PersonId;

    pub const DIRECTORY: &str = "directory";
    pub const ORG: &str = "org";
    pub const PEOPLE: &str = "people";
    pub const LINKS: &str = "links";
    /// Every team's [`super::TeamEntry`].
    pub const TEAM_MAP: &str = "team-map";
    /// Written with the last batch of a whole set: every view is kept.
    pub const COMPLETE: &str = "complete";

    /// The calibration of everyone (`None`) or of one team's people, on
    /// the configured rubric, anonymized or not.
    pub fn calibration(team: Option<&str>, anonymize: bool) -> String {
        let anonymized = if anonymize { "anonymized" } else { "named" };
        match team {
            Some(team) => format!("calibrate/team/{anonymized}/{team}"),
            None => format!("calibrate/everyone/{anonymized}"),
        }
    }

    /// The recurring problems as `patterns` shows them: all, or only
    /// those nobody owns.
    pub fn patterns(unowned: bool) -> &'static str {
        if unowned {
            "patterns/unowned"
        } else {
            "patterns/all"
        }
    }

    /// `teams`'s output; JSON holds everything whatever the choices.
    pub fn teams(shape: super::TeamsText) -> String {
        if shape.json {
            return "text/teams/json".to_string();
        }
        format!("text/teams/markdown/{}/{}", shape.check, shape.details)
    }

    /// `documents`'s output in JSON or Markdown.
    pub fn documents(json: bool) -> &'static str {
        if json {
            "text/documents/json"
        } else {
            "text/documents/markdown"
        }
    }

    /// `export`'s output in CSV or JSON, anonymized or not.
    pub fn export(csv: bool, anonymize: bool) -> String {
        let format = if csv { "csv" } else { "json" };
        let anonymized = if anonymize { "anonymized" } else { "named" };
        format!("text/export/{format}/{anonymized}")
    }

    /// `identities`' masked listing, of everyone or of the suggestions, in
    /// JSON or Markdown.
    pub fn identities(suggest: bool, json: bool) -> String {
        let which = if suggest { "suggest" } else { "everyone" };
        let format = if json { "json" } else { "markdown" };
        format!("text/identities/{which}/{format}")
    }

    /// One person's view, assessed against an archetype or none.
    pub fn person(id: PersonId, archetype: Option<&str>) -> String {
        format!("person/{}/{}", id.0, archetype.unwrap_or("-"))
    }
}

/// A view as kept: its key and its bytes.
pub type Kept = (String, Vec<u8>);

/// People whose views are built and handed over at once: each batch is
/// written before the next is built, so the views of a large organization
/// are never all in memory.
const BATCH: usize = 128;

/// Every view kept after a collect, handed to `keep` in batches: each
/// active person's view against each archetype (with their trends, so the
/// analysis must have measured everyone's quarters), then the
/// organization, the calibration of everyone and of each team (named and
/// anonymized), the recurring problems (all, and those nobody owns), the
/// outputs of `teams`, `documents` and `export` in each format, the
/// people, what the dashboard links and shows of each team, and last the
/// directory (before it, a reader finds nothing and computes) with the
/// mark that the set is whole. Returns how many views were kept.
pub fn everything(analysis: &Analysis, keep: &mut dyn FnMut(&[Kept])) -> usize {
    let directory = Directory::new(analysis);
    let context = analysis.context();
    let mut count = 0;
    for batch in analysis.measures.people.chunks(BATCH) {
        let views = people_views(&context, &directory, batch);
        count += views.len();
        keep(&views);
    }
    let mut kept = Vec::new();
    kept.push((keys::ORG.to_string(), encode(&crate::org_report(&context))));
    let teams = std::iter::once(None).chain(analysis.org.teams.iter().map(Some));
    for team in teams {
        let chosen = crate::calibrate::members(&context, team.map(|t| t.id));
        for anonymize in [false, true] {
            let view = crate::calibrate::calibrate(&context, &chosen, anonymize);
            let name = team.map(|t| t.name.as_str());
            kept.push((
                keys::calibration(name, anonymize),
                encode_calibration(&view),
            ));
        }
    }
    for unowned in [false, true] {
        let filter = crate::triage::Filter {
            unowned,
            person: None,
        };
        let view = crate::triage::triage(&context, filter);
        kept.push((keys::patterns(unowned).to_string(), encode(&view)));
    }
    kept.extend(texts::all(&context));
    let people = crate::people::people(&context);
    kept.push((keys::PEOPLE.to_string(), encode_people(&people)));
    kept.push((keys::LINKS.to_string(), encode(&Links::new(analysis))));
    let teams: Vec<TeamEntry> = (analysis.org.teams.iter())
        .map(|t| TeamEntry::new(&analysis.org, t.id))
        .collect();
    kept.push((keys::TEAM_MAP.to_string(), encode(&teams)));
    kept.push((keys::DIRECTORY.to_string(), encode(&directory)));
    kept.push((keys::COMPLETE.to_string(), Vec::new()));
    keep(&kept);
    count + kept.len()
}

/// The views of `people` against none and each archetype, in their order.
fn people_views(
    context: &crate::Context<'_>,
    directory: &Directory,
    people: &[analysis::measure::PersonMeasures],
) -> Vec<Kept> {
    // Most of the work, and independent: spread over the cores.
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let per_thread = people.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = people
            .chunks(per_thread)
            .map(|chunk| {
                scope.spawn(move || {
                    let mut views = Vec::new();
                    for person in chunk {
                        let plain = crate::person_report(context, person, None);
                        for archetype in directory.archetypes.iter().map(String::as_str) {
                            let view = crate::person_report(context, person, Some(archetype));
                            let key = keys::person(person.person, Some(archetype));
                            views.push((key, encode_beside_plain(view, &plain)));
                        }
                        views.push((keys::person(person.person, None), encode(&plain)));
                    }
                    views
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("building a view does not panic"))
            .collect()
    })
}

/// A view against an archetype as kept: whole (`None`, as a report
/// computed on a miss keeps it), or beside the view against none, without
/// what equals that view's (the metrics, and each dimension's evidence
/// marked `true`): four archetypes' views repeated every piece of
/// evidence four more times.
type AgainstArchetype = (PersonReport, Option<Vec<bool>>);

/// One person's view, as [`person`] reads it, on its own.
pub fn encode_person(view: &PersonReport, archetype: Option<&str>) -> Vec<u8> {
    match archetype {
        None => encode(view),
        Some(_) => encode(&(view, None::<Vec<bool>>)),
    }
}

/// A view against an archetype, kept beside `plain`, the view against none.
fn encode_beside_plain(mut view: PersonReport, plain: &PersonReport) -> Vec<u8> {
    view.metrics.clear();
    let from_plain: Vec<bool> = view
        .dimensions
        .iter_mut()
        .map(|dimension| {
            let same = (plain.dimensions.iter())
                .any(|p| p.id == dimension.id && p.evidence == dimension.evidence);
            if same {
                dimension.evidence = Vec::new();
            }
            same
        })
        .collect();
    encode(&(view, Some(from_plain)))
}

/// One person's kept view against `archetype`, read by `read` (a key and
/// the bytes kept under it), with what it shares with the view against
/// none put back.
pub fn person(
    id: PersonId,
    archetype: Option<&str>,
    mut read: impl FnMut(&str) -> Option<Vec<u8>>,
) -> Option<PersonReport> {
    let bytes = read(&keys::person(id, archetype))?;
    if archetype.is_none() {
        return decode(&bytes);
    }
    let (mut view, from_plain): AgainstArchetype = decode(&bytes)?;
    let Some(from_plain) = from_plain else {
        return Some(view);
    };
    if from_plain.len() != view.dimensions.len() {
        return None;
    }
    let plain: PersonReport = decode(&read(&keys::person(id, None))?)?;
    for (dimension, from_plain) in view.dimensions.iter_mut().zip(from_plain) {
        if from_plain {
            let same = plain.dimensions.iter().find(|p| p.id == dimension.id)?;
            dimension.evidence = same.evidence.clone();
        }
    }
    view.metrics = plain.metrics;
    Some(view)
}

/// A view as kept: CBOR, deflated.
pub fn encode<T: Serialize>(view: &T) -> Vec<u8> {
    // Encoded whole, then deflated in one write: the encoder's many small
    // writes straight into the deflater each grew and zeroed its output.
    // Level 2 (zlib-rs): on 200k commits 128 MB of views, against 153 MB
    // at level 1 for 8% less CPU in all, and 142 MB from miniz_oxide's
    // fastest level.
    let mut plain = Vec::new();
    ciborium::into_writer(view, &mut plain).expect("a view encodes into memory");
    let mut deflated = flate2::write::DeflateEncoder::new(
        Vec::with_capacity(plain.len() / 4),
        flate2::Compression::new(2),
    );
    deflated
        .write_all(&plain)
        .expect("deflating into memory cannot fail");
    deflated
        .finish()
        .expect("deflating into memory cannot fail")
}

/// A kept view read back; `None` when the bytes are not one (written by
/// another version, or damaged), which the caller treats as not kept.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    let mut plain = Vec::new();
    flate2::read::DeflateDecoder::new(bytes)
        .read_to_end(&mut plain)
        .ok()?;
    ciborium::from_reader(plain.as_slice()).ok()
}

/// The people list, with the column only the dashboard shows (which its
/// JSON leaves out) kept beside it.
pub fn encode_people(view: &PeopleView) -> Vec<u8> {
    let reached: Vec<Option<f64>> = view.people.iter().map(|row| row.teams_reached).collect();
    encode(&(view, reached))
}

pub fn decode_people(bytes: &[u8]) -> Option<PeopleView> {
    decode_beside(
        bytes,
        |view: &mut PeopleView| &mut view.people,
        |row, reached| row.teams_reached = reached,
    )
}

/// A calibration, with the handles the dashboard links names with (which
/// its JSON leaves out) kept beside it.
pub fn encode_calibration(view: &Calibration) -> Vec<u8> {
    let handles: Vec<&Option<String>> = view.rows.iter().map(|row| &row.handle).collect();
    encode(&(view, handles))
}

pub fn decode_calibration(bytes: &[u8]) -> Option<Calibration> {
    decode_beside(
        bytes,
        |view: &mut Calibration| &mut view.rows,
        |row, handle| row.handle = handle,
    )
}

/// A view kept with a field of each row beside it, put back in its rows;
/// `None` when the counts differ.
fn decode_beside<V: DeserializeOwned, R, F: DeserializeOwned>(
    bytes: &[u8],
    rows: impl FnOnce(&mut V) -> &mut Vec<R>,
    put: impl Fn(&mut R, F),
) -> Option<V> {
    let (mut view, fields): (V, Vec<F>) = decode(bytes)?;
    let rows = rows(&mut view);
    if fields.len() != rows.len() {
        return None;
    }
    for (row, field) in rows.iter_mut().zip(fields) {
        put(row, field);
    }
    Some(view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::Reference;

    /// A reference's text cannot always tell its kind (a seven-digit line
    /// reads as a commit), and JSON may round a float's last bit: kept
    /// views carry both exactly.
    #[test]
    fn kept_views_keep_reference_kinds_and_float_bits() {
        let references = vec![
            Reference::Line(1_234_567),
            Reference::Path("1234567".into()),
            Reference::Path("deadbeef".into()),
            Reference::Commit("deadbeef".into()),
            Reference::PullRequest(7),
        ];
        let text: Reference = serde_json::from_str("\"1234567\"").unwrap();
        assert_eq!(text, Reference::Commit("1234567".into()));
        assert_eq!(
            decode::<Vec<Reference>>(&encode(&references)),
            Some(references)
        );
        let floats = [0.1 + 0.2, 1.0 / 3.0, f64::MIN_POSITIVE, 1e300, -0.0];
        let back: Vec<f64> = decode(&encode(&floats)).unwrap();
        let bits = |values: &[f64]| values.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&back), bits(&floats));
        assert_eq!(decode::<Vec<f64>>(b"not deflated CBOR"), None);
    }
}
