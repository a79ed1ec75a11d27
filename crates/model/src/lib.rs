//! The domain model: raw events as collected, and the resolved view that the
//! measures read. Plain values only; nothing here knows git, SQL or the terminal.
//!
//! Every other crate of the pipeline depends on this one and on nothing
//! earlier, so what two stages must agree on lives here: the events, the
//! window, [`Diagnostic`] for problems in input files, dates as people write
//! them, and the path rules that say which files are documents.

mod dates;
mod diagnostic;
mod merge;
pub mod paths;
mod reference;

pub use dates::{date, parse_date};
pub use diagnostic::{Diagnostic, LineIndex, line_of, toml_error};
pub use merge::{MergeMessage, parse_merge_message};
pub use reference::{BadReference, EvidenceId, Reference};

use serde::{Deserialize, Serialize};

/// Seconds since the Unix epoch, UTC.
pub type Timestamp = i64;

/// A name and email as written in a commit or a trailer.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Signature {
    pub name: String,
    pub email: String,
}

impl Signature {
    /// Parses `Name <email>` as found in trailers; a value without an email
    /// keeps the whole text as the name.
    pub fn parse_trailer_value(value: &str) -> Signature {
        let value = value.trim();
        match (value.rfind('<'), value.rfind('>')) {
            (Some(open), Some(close)) if open < close => Signature {
                name: value[..open].trim().to_string(),
                email: value[open + 1..close].trim().to_string(),
            },
            _ => Signature {
                name: value.to_string(),
                email: String::new(),
            },
        }
    }
}

/// The trailer keys that carry people, and what each says about them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrailerKind {
    CoAuthoredBy,
    ReviewedBy,
    AckedBy,
    TestedBy,
    SignedOffBy,
    ReportedBy,
    SuggestedBy,
    /// Someone who shaped the change in review (git's `Helped-by`).
    HelpedBy,
    /// A mentor of the change's author (git's `Mentored-by`).
    MentoredBy,
    /// The kernel's co-author (`Co-developed-by`).
    CoDevelopedBy,
}

impl TrailerKind {
    pub const ALL: [TrailerKind; 10] = [
        TrailerKind::CoAuthoredBy,
        TrailerKind::ReviewedBy,
        TrailerKind::AckedBy,
        TrailerKind::TestedBy,
        TrailerKind::SignedOffBy,
        TrailerKind::ReportedBy,
        TrailerKind::SuggestedBy,
        TrailerKind::HelpedBy,
        TrailerKind::MentoredBy,
        TrailerKind::CoDevelopedBy,
    ];

    /// The canonical spelling, as git and GitHub write it.
    pub fn key(self) -> &'static str {
        match self {
            TrailerKind::CoAuthoredBy => "Co-authored-by",
            TrailerKind::ReviewedBy => "Reviewed-by",
            TrailerKind::AckedBy => "Acked-by",
            TrailerKind::TestedBy => "Tested-by",
            TrailerKind::SignedOffBy => "Signed-off-by",
            TrailerKind::ReportedBy => "Reported-by",
            TrailerKind::SuggestedBy => "Suggested-by",
            TrailerKind::HelpedBy => "Helped-by",
            TrailerKind::MentoredBy => "Mentored-by",
            TrailerKind::CoDevelopedBy => "Co-developed-by",
        }
    }

    /// Trailer keys are case-insensitive, as in git.
    pub fn from_key(key: &str) -> Option<TrailerKind> {
        TrailerKind::ALL
            .into_iter()
            .find(|kind| kind.key().eq_ignore_ascii_case(key.trim()))
    }

    /// Whether this trailer records someone looking at another person's
    /// change and shaping it: a review, an ack, a test, help given in
    /// review, mentoring.
    pub fn is_review(self) -> bool {
        matches!(
            self,
            TrailerKind::ReviewedBy
                | TrailerKind::AckedBy
                | TrailerKind::TestedBy
                | TrailerKind::HelpedBy
                | TrailerKind::MentoredBy
        )
    }
}

/// What `staffscope forget` writes where a forgotten person's name, email
/// or login was. The name looks like a bot's, so that the default bot rules
/// leave it out of people's measures; resolution also treats anyone with the
/// tombstone email as a bot, whatever the rules.
pub const TOMBSTONE_NAME: &str = "forgotten[bot]";
pub const TOMBSTONE_EMAIL: &str = "forgotten[bot]@staffscope.invalid";
pub const TOMBSTONE_LOGIN: &str = "forgotten[bot]";

/// A person named in a commit trailer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trailer {
    pub kind: TrailerKind,
    pub who: Signature,
}

/// One file changed by a commit, against its first parent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChange {
    pub path: String,
    pub added: u32,
    pub removed: u32,
    pub binary: bool,
}

/// A commit as collected from a repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    pub repo: String,
    pub id: String,
    pub author: Signature,
    pub author_time: Timestamp,
    pub committer: Signature,
    pub committer_time: Timestamp,
    pub message: String,
    pub parent_count: u32,
    /// Parent ids, first parent first; empty in stores written before they were kept.
    pub parents: Vec<String>,
    pub trailers: Vec<Trailer>,
    /// Empty for merge commits, like `git log --numstat`.
    pub files: Vec<FileChange>,
}

impl Commit {
    pub fn is_merge(&self) -> bool {
        self.parent_count > 1
    }

    pub fn short_id(&self) -> &str {
        short_id(&self.id)
    }

    pub fn summary(&self) -> &str {
        self.message.lines().next().unwrap_or("").trim()
    }

    /// The commit as history outside a window keeps it, for who is who:
    /// no files, and only the subject and trailers of a message that is
    /// not a merge's (a merge's message names who it merged).
    pub fn into_history(mut self) -> Commit {
        self.files = Vec::new();
        if self.is_merge() {
            return self;
        }
        let subject = self.message.lines().next().unwrap_or("").len();
        self.message.truncate(subject);
        self.message.shrink_to_fit();
        self
    }
}

/// Twelve hex digits: unambiguous in any realistic repository and short enough to read.
pub fn short_id(id: &str) -> &str {
    &id[..id.len().min(12)]
}

/// Extracts the people-carrying trailers of a commit message: the last paragraph,
/// when every line of it is `Key: value` or a continuation, as git reads trailers.
pub fn parse_trailers(message: &str) -> Vec<Trailer> {
    let trimmed = message.trim_end();
    let last_paragraph = match trimmed.rfind("\n\n") {
        Some(at) => &trimmed[at + 2..],
        // A one-paragraph message is a subject only; git does not read trailers there.
        None => return Vec::new(),
    };
    let mut trailers = Vec::new();
    for line in last_paragraph.lines() {
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Vec::new();
        };
        if key.is_empty() || key.contains(char::is_whitespace) {
            return Vec::new();
        }
        if let Some(kind) = TrailerKind::from_key(key) {
            let who = Signature::parse_trailer_value(value);
            if !who.name.is_empty() || !who.email.is_empty() {
                trailers.push(Trailer { kind, who });
            }
        }
    }
    trailers
}

/// What a review concluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewState {
    Approved,
    ChangesRequested,
    Commented,
}

impl ReviewState {
    pub fn key(self) -> &'static str {
        match self {
            ReviewState::Approved => "approved",
            ReviewState::ChangesRequested => "changes-requested",
            ReviewState::Commented => "commented",
        }
    }

    pub fn from_key(key: &str) -> Option<ReviewState> {
        [
            ReviewState::Approved,
            ReviewState::ChangesRequested,
            ReviewState::Commented,
        ]
        .into_iter()
        .find(|state| state.key() == key)
    }
}

/// A pull request from a code-review export. People are logins, resolved later.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullRequest {
    pub repo: String,
    pub number: u32,
    pub title: String,
    pub author: String,
    pub created: Timestamp,
    /// The description, where the export has one (documents it cites are linked to it).
    pub body: String,
    /// The commit GitHub made when merging: the squashed or rebased change,
    /// or a merge commit.
    pub merge_commit: Option<String>,
}

/// One review submitted on a pull request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullReview {
    pub repo: String,
    pub number: u32,
    pub id: String,
    pub reviewer: String,
    pub state: ReviewState,
    pub time: Timestamp,
    /// Inline comments attached to this review.
    pub comments: u32,
}

/// Someone asked for someone's review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewRequest {
    pub repo: String,
    pub number: u32,
    pub reviewer: String,
    pub requested_by: Option<String>,
    pub time: Timestamp,
}

/// Everything read from code-review exports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReviewExport {
    pub pulls: Vec<PullRequest>,
    pub reviews: Vec<PullReview>,
    pub requests: Vec<ReviewRequest>,
}

/// A file whose content matters to resolution, as it was at some commit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepoFile {
    pub repo: String,
    pub path: String,
    /// The commit that wrote this version; `None` for the version at HEAD
    /// recorded without history.
    pub commit: Option<String>,
    pub time: Timestamp,
    /// `None` when the commit deleted the file.
    pub content: Option<String>,
}

/// The collection window, `[since, until)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Window {
    pub since: Timestamp,
    pub until: Timestamp,
}

impl Window {
    pub fn contains(&self, time: Timestamp) -> bool {
        time >= self.since && time < self.until
    }

    /// The calendar quarters (UTC) the window overlaps, each clipped to the
    /// window: (label such as `2025-Q3`, whether clipped, the quarter's window).
    pub fn quarters(&self) -> Vec<(String, bool, Window)> {
        use jiff::civil::Date;
        let utc = jiff::tz::TimeZone::UTC;
        let date_of = |time: Timestamp| {
            jiff::Timestamp::from_second(time)
                .map(|t| t.to_zoned(utc.clone()).date())
                .ok()
        };
        let start_of = |date: Date| {
            date.to_zoned(utc.clone())
                .map(|z| z.timestamp().as_second())
                .ok()
        };
        let (Some(first), Some(_)) = (date_of(self.since), date_of(self.until - 1)) else {
            return Vec::new();
        };
        let mut quarters = Vec::new();
        let mut year = first.year();
        let mut quarter = (first.month() - 1) / 3;
        // Bounded: a window of many years still ends.
        for _ in 0..400 {
            let Ok(begin) = Date::new(year, quarter * 3 + 1, 1) else {
                break;
            };
            let (next_year, next_quarter) = if quarter == 3 {
                (year + 1, 0)
            } else {
                (year, quarter + 1)
            };
            let Ok(end) = Date::new(next_year, next_quarter * 3 + 1, 1) else {
                break;
            };
            let (Some(begin), Some(end)) = (start_of(begin), start_of(end)) else {
                break;
            };
            if begin >= self.until {
                break;
            }
            let clipped = Window {
                since: begin.max(self.since),
                until: end.min(self.until),
            };
            quarters.push((
                format!("{year}-Q{}", quarter + 1),
                clipped.since != begin || clipped.until != end,
                clipped,
            ));
            (year, quarter) = (next_year, next_quarter);
        }
        quarters
    }
}

/// Data sources a measure can come from. Only `Git` is collected today; the
/// others are named so that dimensions they would feed can say so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    Git,
    CodeReview,
    Documents,
    Incidents,
    Calendars,
    EvidenceLog,
}

impl Source {
    pub const ALL: [Source; 6] = [
        Source::Git,
        Source::CodeReview,
        Source::Documents,
        Source::Incidents,
        Source::Calendars,
        Source::EvidenceLog,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Source::Git => "git",
            Source::CodeReview => "code-review",
            Source::Documents => "documents",
            Source::Incidents => "incidents",
            Source::Calendars => "calendars",
            Source::EvidenceLog => "evidence-log",
        }
    }

    pub fn from_key(key: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|source| source.key() == key)
    }

    /// What a user would configure to provide this source.
    pub fn description(self) -> &'static str {
        match self {
            Source::Git => "git histories of the configured repositories",
            Source::CodeReview => "code review exports (GitHub pull requests, Gerrit)",
            Source::Documents => "design documents, RFCs, ADRs and post-incident reviews",
            Source::Incidents => "incident records and post-incident reviews",
            Source::Calendars => "calendar exports",
            Source::EvidenceLog => "a hand-written evidence log",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(message: &str, expected: &[(&str, &str, &str)]) {
        let got: Vec<(&str, String, String)> = parse_trailers(message)
            .into_iter()
            .map(|t| (t.kind.key(), t.who.name, t.who.email))
            .collect();
        let expected: Vec<(&str, String, String)> = expected
            .iter()
            .map(|(k, n, e)| (*k, n.to_string(), e.to_string()))
            .collect();
        assert_eq!(got, expected, "message: {message:?}");
    }

    #[test]
    fn trailers_in_last_paragraph() {
        check(
            "fix: thing\n\nbody text\n\nReviewed-by: Ana Lima <ana@x.example>\nco-authored-by: Bo <bo@x.example>\n",
            &[
                ("Reviewed-by", "Ana Lima", "ana@x.example"),
                ("Co-authored-by", "Bo", "bo@x.example"),
            ],
        );
    }

    #[test]
    fn subject_only_has_no_trailers() {
        check("Reviewed-by: Ana <ana@x.example>", &[]);
    }

    #[test]
    fn paragraph_with_prose_is_not_a_trailer_block() {
        check(
            "fix\n\nThis was Reviewed-by: nobody\nand more prose here\n",
            &[],
        );
    }

    #[test]
    fn unknown_keys_are_kept_out_but_do_not_break_the_block() {
        check(
            "fix\n\nChange-Id: I123\nAcked-by: Cy <cy@x.example>\nFixes: #12\n",
            &[("Acked-by", "Cy", "cy@x.example")],
        );
    }

    #[test]
    fn value_without_email() {
        check(
            "fix\n\nTested-by: the QA team\n",
            &[("Tested-by", "the QA team", "")],
        );
    }
}

#[cfg(test)]
mod window_tests {
    use super::Window;

    fn at(date: &str) -> i64 {
        let date: jiff::civil::Date = date.parse().unwrap();
        date.to_zoned(jiff::tz::TimeZone::UTC)
            .unwrap()
            .timestamp()
            .as_second()
    }

    #[test]
    fn a_window_splits_into_calendar_quarters_clipped_at_its_ends() {
        let window = Window {
            since: at("2025-02-15"),
            until: at("2025-10-01"),
        };
        let quarters: Vec<(String, bool)> = window
            .quarters()
            .into_iter()
            .map(|(label, partial, _)| (label, partial))
            .collect();
        assert_eq!(
            quarters,
            [
                ("2025-Q1".to_string(), true),
                ("2025-Q2".to_string(), false),
                ("2025-Q3".to_string(), false),
            ]
        );
        assert_eq!(window.quarters()[0].2.since, at("2025-02-15"));
        let year = Window {
            since: at("2025-01-01"),
            until: at("2026-01-01"),
        };
        assert_eq!(year.quarters().len(), 4);
        assert_eq!(year.quarters()[3].2.until, at("2026-01-01"));
    }
}
