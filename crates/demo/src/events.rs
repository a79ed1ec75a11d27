//! The vocabulary of a planned history: what a commit is meant to do, who
//! makes it, how its subject is written, and the planted documents it may
//! write. Planning decides events in these terms and every writer renders
//! them, so the types live apart from both.

use crate::repos::Bot;

/// The planted design documents; each is written by one commit, except the
/// ledger ADR, which its author edits once more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Doc {
    /// platform-infra: Priya's RFC that payments, checkout, search and identity adopt.
    RetryRfc,
    /// payments-api: a Nygard ADR without front matter.
    LedgerAdr,
    /// payments-api: the same engineer's later, small edit of the ADR.
    LedgerAdrEdit,
    /// shared-libs: a MADR decision by Priya with deciders from other teams.
    HttpClientMadr,
    /// checkout-web: Priya's post-incident review.
    CheckoutPostmortem,
    /// search-indexer: a draft design document by a search engineer.
    RankingDesign,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Intent {
    Fix,
    Feature,
    Refactor,
    Test,
    Docs,
    Chore,
    Perf,
}

/// How someone writes commit subjects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `fix(ledger): ...`
    Conventional,
    /// `ledger: ...`
    Scoped,
    /// `Retry settlement ...`
    Plain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Size {
    Small,
    Normal,
    Large,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Author {
    Person(usize),
    Bot(Bot),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Work {
    Initial,
    Change {
        module: usize,
        size: Size,
    },
    Bump,
    CodeownersMove,
    Prettier,
    BlameIgnore,
    Vendor,
    Binary(&'static str),
    /// Writes or edits one of the planted design documents.
    Document(Doc),
    /// One of [`PLANTED_CHANGES`]: a fixed file, subject and body, written
    /// without drawing on the repository's random stream, so the rest of the
    /// history stays byte-identical.
    Planted(usize),
    /// A change in a module whose message cites a design document.
    Cite {
        module: usize,
        size: Size,
        subject: &'static str,
        body: &'static str,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub(crate) time: i64,
    pub(crate) seq: u32,
    pub(crate) author: Author,
    /// Dana's old identity instead of her canonical one.
    pub(crate) alias: bool,
    pub(crate) work: Work,
    pub(crate) intent: Intent,
    pub(crate) style: Style,
    pub(crate) trailers: Vec<(&'static str, String)>,
    /// Commits on a pull-request branch; 0 means a direct commit on main.
    pub(crate) branch_commits: u8,
    /// Who merges a bot's pull request.
    pub(crate) merger: Option<usize>,
}
