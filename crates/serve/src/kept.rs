//! Views kept between runs (`report::stored`), which the dashboard reads
//! instead of computing them, and answers from before its analysis is
//! built. What is kept for which data is the binary's business: it gives
//! a function reading the bytes under a key, for the data being served.

use analysis::resolve::PersonId;
use report::stored::{self, Directory, Links, TeamEntry, keys};
use report::{LookupError, OrgReport, PersonReport};

/// Reads the bytes kept under a key, for exactly the data being served.
pub type ReadKept = Box<dyn Fn(&str) -> Option<Vec<u8>> + Send + Sync>;

/// Kept views, with the directory that finds people in them.
pub struct Kept {
    read: ReadKept,
    directory: Directory,
}

impl Kept {
    /// `None` when no directory is kept: nothing kept can be found then.
    pub fn new(read: ReadKept) -> Option<Kept> {
        let directory = stored::decode(&read(keys::DIRECTORY)?)?;
        Some(Kept { read, directory })
    }

    pub fn directory(&self) -> &Directory {
        &self.directory
    }

    /// The active person `query` names, with a report's errors.
    pub fn find(&self, query: &str) -> Result<PersonId, LookupError> {
        self.directory.find(query)
    }

    pub fn person(&self, id: PersonId, archetype: Option<&str>) -> Option<PersonReport> {
        stored::person(id, archetype, |key| (self.read)(key))
    }

    pub fn org(&self) -> Option<OrgReport> {
        stored::decode(&(self.read)(keys::ORG)?)
    }

    pub fn people(&self) -> Option<report::people::PeopleView> {
        stored::decode_people(&(self.read)(keys::PEOPLE)?)
    }

    pub fn links(&self) -> Option<Links> {
        stored::decode(&(self.read)(keys::LINKS)?)
    }

    /// What the team map says of each team.
    pub fn teams(&self) -> Option<Vec<TeamEntry>> {
        stored::decode(&(self.read)(keys::TEAM_MAP)?)
    }

    /// The recurring problems: all, or those nobody owns.
    pub fn patterns(&self, unowned: bool) -> Option<report::triage::Triage> {
        stored::decode(&(self.read)(keys::patterns(unowned))?)
    }

    /// Everyone's calibration (`team` `None`) or one team's.
    pub fn calibration(
        &self,
        team: Option<&str>,
        anonymize: bool,
    ) -> Option<report::calibrate::Calibration> {
        stored::decode_calibration(&(self.read)(&keys::calibration(team, anonymize))?)
    }
}

#[cfg(test)]
mod tests;
