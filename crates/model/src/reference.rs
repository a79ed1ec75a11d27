//! What a piece of evidence points at, typed: a commit, a pull request, a
//! file of a repository, or a line of a hand-written file (an evidence log,
//! a calendar). Reports print references and the dashboard reads them back
//! from its addresses; both go through [`Reference`]'s one `Display` and one
//! `FromStr`, and [`EvidenceId`]'s, so the kind is never guessed again from
//! a string's shape somewhere else.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// A reference within one repository (or one hand-written file).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reference {
    /// A commit's abbreviated id (twelve hex digits as reports print it; a
    /// reader may type fewer, down to seven).
    Commit(Arc<str>),
    /// A pull request (or Gerrit change) by number: `#N`.
    PullRequest(u32),
    /// A file at HEAD, such as a document: its path in the repository.
    Path(Arc<str>),
    /// A line of a hand-written file: an evidence-log entry, a meeting.
    Line(usize),
}

/// The shortest abbreviation of a commit id a reference may use, as git's
/// default `core.abbrev` minimum.
const MIN_ABBREVIATION: usize = 7;

impl Reference {
    pub fn commit(short_id: &str) -> Reference {
        Reference::Commit(short_id.into())
    }

    pub fn path(path: &str) -> Reference {
        Reference::Path(path.into())
    }

    /// The separator between a repository and this reference in an id:
    /// `repo@commit`, `repo#N`, `repo:path`, `repo:line`.
    fn separator(&self) -> &'static str {
        match self {
            Reference::Commit(_) => "@",
            Reference::PullRequest(_) => "",
            Reference::Path(_) | Reference::Line(_) => ":",
        }
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reference::Commit(id) => f.write_str(id),
            Reference::PullRequest(number) => write!(f, "#{number}"),
            Reference::Path(path) => f.write_str(path),
            Reference::Line(line) => write!(f, "{line}"),
        }
    }
}

/// JSON carries a reference as reports print it (`"#7"`, a commit id, a
/// path, a line number as text), as it always has. Binary formats (the
/// results a store keeps) carry its kind too, since the text alone cannot
/// tell a seven-digit line or an all-hex path from a commit.
impl serde::Serialize for Reference {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            return serializer.collect_str(self);
        }
        Tagged::from(self.clone()).serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Reference {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let text = String::deserialize(deserializer)?;
            return text.parse().map_err(serde::de::Error::custom);
        }
        Tagged::deserialize(deserializer).map(Reference::from)
    }
}

/// A reference with its kind, for binary formats.
#[derive(serde::Serialize, serde::Deserialize)]
enum Tagged {
    Commit(Arc<str>),
    PullRequest(u32),
    Path(Arc<str>),
    Line(usize),
}

impl From<Reference> for Tagged {
    fn from(reference: Reference) -> Tagged {
        match reference {
            Reference::Commit(id) => Tagged::Commit(id),
            Reference::PullRequest(number) => Tagged::PullRequest(number),
            Reference::Path(path) => Tagged::Path(path),
            Reference::Line(line) => Tagged::Line(line),
        }
    }
}

impl From<Tagged> for Reference {
    fn from(tagged: Tagged) -> Reference {
        match tagged {
            Tagged::Commit(id) => Reference::Commit(id),
            Tagged::PullRequest(number) => Reference::PullRequest(number),
            Tagged::Path(path) => Reference::Path(path),
            Tagged::Line(line) => Reference::Line(line),
        }
    }
}

/// Why a text is not a reference.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a commit id, `#N`, a path or a line number")]
pub struct BadReference(String);

impl FromStr for Reference {
    type Err = BadReference;

    /// `#N` is a pull request; digits only, a line (shorter than a commit
    /// abbreviation); seven to forty hex digits, a commit; anything else
    /// that is not empty, a path (document paths always have an extension,
    /// so none looks like a commit).
    fn from_str(text: &str) -> Result<Reference, BadReference> {
        let bad = || BadReference(text.to_string());
        if let Some(number) = text.strip_prefix('#') {
            return number
                .parse()
                .ok()
                .filter(|_| number.bytes().all(|b| b.is_ascii_digit()))
                .map(Reference::PullRequest)
                .ok_or_else(bad);
        }
        let digits = text.bytes().all(|b| b.is_ascii_digit());
        if digits && !text.is_empty() && text.len() < MIN_ABBREVIATION {
            return text.parse().map(Reference::Line).map_err(|_| bad());
        }
        let hex = text.bytes().all(|b| b.is_ascii_hexdigit());
        if hex && (MIN_ABBREVIATION..=40).contains(&text.len()) {
            return Ok(Reference::Commit(text.to_ascii_lowercase().into()));
        }
        if text.is_empty() {
            return Err(bad());
        }
        Ok(Reference::Path(text.into()))
    }
}

/// A piece of evidence's id as reports print it: the repository (or the
/// hand-written file) and the reference within it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EvidenceId {
    pub repo: Arc<str>,
    pub reference: Reference,
}

impl fmt::Display for EvidenceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}{}",
            self.repo,
            self.reference.separator(),
            self.reference
        )
    }
}

impl FromStr for EvidenceId {
    type Err = BadReference;

    /// The inverse of `Display`. Repository names may hold `@` and `#`
    /// but not `:` (paths may hold all three), so: a commit after the last
    /// `@`, a pull request after the last `#`, each only where what comes
    /// before has no `:`; else a path or line after the first `:`.
    fn from_str(text: &str) -> Result<EvidenceId, BadReference> {
        let bad = || BadReference(text.to_string());
        let id = |repo: &str, reference: Reference| EvidenceId {
            repo: repo.into(),
            reference,
        };
        let is_repo = |repo: &str| !repo.is_empty() && !repo.contains(':');
        if let Some((repo, commit)) = text.rsplit_once('@')
            && let Ok(reference @ Reference::Commit(_)) = commit.parse()
            && is_repo(repo)
        {
            return Ok(id(repo, reference));
        }
        if let Some((repo, number)) = text.rsplit_once('#')
            && let Ok(reference @ Reference::PullRequest(_)) = format!("#{number}").parse()
            && is_repo(repo)
        {
            return Ok(id(repo, reference));
        }
        let (repo, rest) = text.split_once(':').ok_or_else(bad)?;
        if repo.is_empty() {
            return Err(bad());
        }
        let reference = match rest.parse().map_err(|_| bad())? {
            Reference::Line(line) => Reference::Line(line),
            // After `:` only paths and lines are written.
            _ => Reference::Path(rest.into()),
        };
        Ok(id(repo, reference))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Reference) {
        assert_eq!(text.parse::<Reference>(), Ok(expected.clone()), "{text}");
        assert_eq!(expected.to_string(), text, "prints back");
    }

    #[test]
    fn each_kind_of_reference_parses_and_prints_back() {
        check("0123456789ab", Reference::commit("0123456789ab"));
        check("abcdef0", Reference::commit("abcdef0"));
        check("#42", Reference::PullRequest(42));
        check(
            "docs/rfcs/0001-retries.md",
            Reference::path("docs/rfcs/0001-retries.md"),
        );
        check("12", Reference::Line(12));
    }

    #[test]
    fn what_is_not_a_reference() {
        for text in ["", "#", "#x1", "#-3", "#99999999999"] {
            assert!(text.parse::<Reference>().is_err(), "{text:?}");
        }
    }

    #[test]
    fn ids_print_as_reports_show_them_and_parse_back() {
        let cases = [
            (
                "payments-api@0123456789ab",
                "payments-api",
                Reference::commit("0123456789ab"),
            ),
            ("payments-api#7", "payments-api", Reference::PullRequest(7)),
            (
                "shared-libs:docs/adr/0002-money.md",
                "shared-libs",
                Reference::path("docs/adr/0002-money.md"),
            ),
            (
                "evidence/priya.yaml:14",
                "evidence/priya.yaml",
                Reference::Line(14),
            ),
            (
                "mirror@host:docs/a.md",
                "mirror@host",
                Reference::path("docs/a.md"),
            ),
            (
                "mirror@host@0123456789ab",
                "mirror@host",
                Reference::commit("0123456789ab"),
            ),
            ("web:docs/c:d.md", "web", Reference::path("docs/c:d.md")),
            ("web:docs/#5", "web", Reference::path("docs/#5")),
            ("web:notes@0123456", "web", Reference::path("notes@0123456")),
        ];
        for (text, repo, reference) in cases {
            let id = EvidenceId {
                repo: repo.into(),
                reference,
            };
            assert_eq!(id.to_string(), text);
            assert_eq!(text.parse::<EvidenceId>(), Ok(id), "{text}");
        }
    }

    #[test]
    fn text_without_a_repository_is_not_an_id() {
        for text in ["", "docs/a.md", "@0123456789ab", "#7", ":docs/a.md"] {
            assert!(text.parse::<EvidenceId>().is_err(), "{text:?}");
        }
    }

    /// Whatever the text, parsing never panics, and an id that parses
    /// prints back to a text that parses to the same id.
    #[test]
    fn parsing_any_text_is_total_and_round_trips() {
        let alphabet = ["a", "0", "9", "f", "#", "@", ":", "/", ".md", "é", " ", "-"];
        let mut seed: u64 = 0x5eed;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut bits = seed;
            for _ in 0..(bits % 14) {
                bits = bits.rotate_right(5);
                text.push_str(alphabet[(bits % alphabet.len() as u64) as usize]);
            }
            if let Ok(id) = text.parse::<EvidenceId>() {
                assert_eq!(id.to_string().parse::<EvidenceId>(), Ok(id), "{text:?}");
            }
            if let Ok(reference) = text.parse::<Reference>() {
                assert_eq!(reference.to_string().parse::<Reference>(), Ok(reference));
            }
        }
    }
}
