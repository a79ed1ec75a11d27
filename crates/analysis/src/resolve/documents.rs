//! Design documents, RFCs, ADRs, proposals and post-incident reviews: the
//! staff job's main artifacts. Parsing only (pure): Markdown with YAML or TOML
//! front matter, Nygard and MADR ADRs, rust-lang style RFC headers and
//! PEP-style `Key: value` headers. Every document gets a kind, with the rule
//! that decided it, so a reader can check the classification.

mod decision;
mod headers;
mod kep;

pub use decision::Status;

use serde::Serialize;
use serde_yaml_ng::Value as Yaml;

use model::{Diagnostic, Timestamp, parse_date};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    Proposal,
    Rfc,
    Design,
    Adr,
    Strategy,
    Pir,
    Other,
}

impl DocumentKind {
    /// Every kind, as rubrics write it in a filter (`kind = ["strategy"]`).
    pub const KEYS: [&'static str; 7] = [
        "proposal", "rfc", "design", "adr", "strategy", "pir", "other",
    ];

    /// The kind as rubrics write it.
    pub fn key(self) -> &'static str {
        match self {
            DocumentKind::Proposal => "proposal",
            DocumentKind::Rfc => "rfc",
            DocumentKind::Design => "design",
            DocumentKind::Adr => "adr",
            DocumentKind::Strategy => "strategy",
            DocumentKind::Pir => "pir",
            DocumentKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::Proposal => "proposal",
            DocumentKind::Rfc => "RFC",
            DocumentKind::Design => "design document",
            DocumentKind::Adr => "ADR",
            DocumentKind::Strategy => "strategy document",
            DocumentKind::Pir => "post-incident review",
            DocumentKind::Other => "document",
        }
    }

    fn from_word(word: &str) -> Option<DocumentKind> {
        Some(match word.to_lowercase().as_str() {
            "proposal" | "enhancement" | "kep" | "pep" => DocumentKind::Proposal,
            "rfc" => DocumentKind::Rfc,
            "design" | "design-doc" | "design doc" => DocumentKind::Design,
            "adr" | "decision" => DocumentKind::Adr,
            "strategy" => DocumentKind::Strategy,
            "postmortem" | "post-mortem" | "pir" | "incident" | "post-incident review" => {
                DocumentKind::Pir
            }
            _ => return None,
        })
    }
}

/// What a document says about itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedDocument {
    pub title: String,
    pub kind: Option<DocumentKind>,
    /// How the kind was decided, for the reader.
    pub kind_rule: String,
    /// `RFC-0001`, `ADR-3`, `INC-2025-014`: as written, or from the file name.
    pub id: Option<String>,
    pub authors: Vec<String>,
    pub reviewers: Vec<String>,
    pub status: Option<String>,
    pub date: Option<Timestamp>,
    /// For post-incident reviews.
    pub teams_affected: Vec<String>,
    pub diagnosed_by: Vec<String>,
    pub remediation_owners: Vec<String>,
    /// The heading under which the document weighs options ("Considered
    /// Options", "Alternatives", "Rejected Ideas"), as listed in `decision`.
    pub options: Option<&'static str>,
    /// Where the document records a decision, in words: a `Decision`
    /// section, a decided status, a filled-in `RFC PR` or `Resolution`
    /// header.
    pub decided_in: Option<String>,
    /// A date the document gives that could not be read, as written.
    pub unreadable_date: Option<String>,
    /// The pull request that proposed it, in its own repository (a Rust
    /// RFC's `RFC PR: rust-lang/rfcs#2094`).
    pub pull_request: Option<u32>,
}

impl ParsedDocument {
    /// The status as one of the states every process shares.
    pub fn status_state(&self) -> Option<Status> {
        self.status.as_deref().and_then(Status::read)
    }

    /// Judgment in ambiguity: options weighed and a decision recorded, in
    /// words a reader can check; `None` unless the document has both.
    pub fn judgment(&self) -> Option<String> {
        let decided = match self.status_state() {
            Some(state) if state.is_decided() => Some(format!(
                "its status `{}`",
                self.status.as_deref().unwrap_or_default().trim()
            )),
            _ => self.decided_in.clone(),
        }?;
        let options = self.options?;
        Some(format!(
            "options weighed under \"{options}\"; decision recorded in {decided}"
        ))
    }

    /// Sets the date from a field as written, keeping it when unreadable.
    fn set_date(&mut self, written: &str, read: Option<Timestamp>) {
        match read {
            Some(date) => self.date = Some(date),
            None if !written.trim().is_empty() => {
                self.unreadable_date = Some(written.trim().to_string());
            }
            None => {}
        }
    }
}

/// What documents write where nobody is named yet.
const PLACEHOLDERS: &[&str] = &["tbd", "todo", "n/a", "na", "none", "-", "?"];

/// Words that make a name a group's: `C API Working Group`, `The Python
/// core team and community`.
const GROUP_WORDS: &[&str] = &[
    "team",
    "group",
    "committee",
    "council",
    "community",
    "contributors",
    "maintainers",
    "developers",
];

/// Whether a person's place holds nobody: a placeholder (`TBD`, `n/a`) or
/// a group, which is not one person to credit (unless an address says
/// who).
fn is_placeholder(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    PLACEHOLDERS.contains(&lower.as_str())
        || (!lower.contains('@')
            && lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|word| GROUP_WORDS.contains(&word)))
}

/// The people an entry of a document's list names, as documents write
/// them: `@login`, `"name"`, `“@login”` all mean the same person; notes
/// after a login (`@ana - for the API part`) are dropped, logins inside a
/// sentence (`with input from @bo and @cy`) are each a person, and teams
/// (`@org/team`, `sig-node`) and placeholders are nobody.
fn people_in(text: &str) -> Vec<String> {
    let text = text
        .trim()
        .trim_matches(['"', '\'', '“', '”', '‘', '’', '`'])
        .trim();
    if text.is_empty() || is_placeholder(text) {
        return Vec::new();
    }
    if let Some(rest) = text.strip_prefix('@') {
        return login_at_start(rest).into_iter().collect();
    }
    // `@` after a space or `(`: a login, not an address.
    let logins: Vec<String> = text
        .match_indices('@')
        .filter(|(at, _)| text[..*at].ends_with([' ', '(']))
        .filter_map(|(at, _)| login_at_start(&text[at + 1..]))
        .collect();
    if !logins.is_empty() {
        return logins;
    }
    let lower = text.to_lowercase();
    if ["sig-", "wg-", "committee-", "ug-"]
        .iter()
        .any(|p| lower.starts_with(p))
        && !lower.contains(' ')
    {
        return Vec::new();
    }
    vec![text.to_string()]
}

/// The login at the start of `text` (GitHub's letters, digits and `-`,
/// with `_` and `.` that other forges allow); `None` for a team
/// (`org/team`) or nothing.
fn login_at_start(text: &str) -> Option<String> {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(text.len());
    let login = text[..end].trim_end_matches('.');
    if login.is_empty() || text[end..].starts_with('/') {
        return None;
    }
    Some(login.to_string())
}

fn yaml_strings(value: Option<&Yaml>) -> Vec<String> {
    match value {
        Some(Yaml::String(text)) => text.split([',', ';']).flat_map(people_in).collect(),
        Some(Yaml::Sequence(items)) => items
            .iter()
            .flat_map(|item| match item {
                Yaml::String(text) => people_in(text),
                Yaml::Mapping(map) => map
                    .get(Yaml::String("name".into()))
                    .or_else(|| map.get(Yaml::String("handle".into())))
                    .and_then(Yaml::as_str)
                    .map(str::to_string)
                    .into_iter()
                    .collect(),
                _ => Vec::new(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn yaml_text(value: Option<&Yaml>) -> Option<String> {
    match value? {
        Yaml::String(text) => Some(text.clone()),
        Yaml::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Splits front matter (`---` YAML or `+++` TOML) from the body; the line
/// number where the body starts is returned for error messages.
fn front_matter(content: &str) -> Option<(&str, &str, bool)> {
    for (fence, yaml) in [("---", true), ("+++", false)] {
        let Some(rest) = content.strip_prefix(fence) else {
            continue;
        };
        let rest = rest
            .strip_prefix('\n')
            .or_else(|| rest.strip_prefix("\r\n"))?;
        let end = rest.find(&format!("\n{fence}"))?;
        let matter = &rest[..end];
        let body = &rest[end + 1 + fence.len()..];
        return Some((matter, body, yaml));
    }
    None
}

/// Parses one document; `path` names it in problems and supplies the kind
/// and id when the document does not say.
pub fn parse(path: &str, content: &str) -> (ParsedDocument, Vec<Diagnostic>) {
    if path
        .rsplit('/')
        .next()
        .is_some_and(|f| f.eq_ignore_ascii_case("kep.yaml"))
    {
        return kep::parse_kep(path, content);
    }
    let mut problems = Vec::new();
    let mut document = ParsedDocument::default();
    let mut body = content;
    if let Some((matter, rest, yaml)) = front_matter(content) {
        body = rest;
        let too_deep = super::yaml_depth::check(path, matter, 2);
        let value: Result<Yaml, String> = if let Some(problem) = too_deep {
            Err(format!(
                "line {}: {}",
                problem.line.unwrap_or(2),
                problem.message
            ))
        } else if yaml {
            serde_yaml_ng::from_str(matter).map_err(|e| {
                let line = e.location().map(|l| l.line() + 1);
                format!(
                    "{}{}",
                    line.map(|l| format!("line {l} of the front matter: "))
                        .unwrap_or_default(),
                    e
                )
            })
        } else {
            toml::from_str::<toml::Value>(matter)
                .map_err(|e| e.message().to_string())
                .and_then(|value| serde_yaml_ng::to_value(value).map_err(|e| e.to_string()))
        };
        match value {
            Ok(Yaml::Mapping(map)) => {
                let get = |key: &str| map.get(Yaml::String(key.to_string()));
                document.title = yaml_text(get("title")).unwrap_or_default();
                if let Some(kind) = yaml_text(get("type")).or_else(|| yaml_text(get("kind")))
                    && let Some(parsed) = DocumentKind::from_word(&kind)
                {
                    document.kind = Some(parsed);
                    document.kind_rule = format!("front matter `type: {kind}`");
                }
                document.id = yaml_text(get("id"));
                document.authors = yaml_strings(get("authors").or_else(|| get("author")));
                document.reviewers = yaml_strings(
                    get("reviewers")
                        .or_else(|| get("approvers"))
                        .or_else(|| get("deciders")),
                );
                // Ember's RFCs: `stage`, `start-date`, `prs: {accepted: URL}`.
                document.status = yaml_text(get("status")).or_else(|| yaml_text(get("stage")));
                if let Some(Yaml::Mapping(prs)) = get("prs")
                    && let Some(accepted) = yaml_text(prs.get(Yaml::String("accepted".into())))
                    && accepted.contains("/pull/")
                {
                    document.decided_in =
                        Some("its accepted pull request (`prs: accepted`)".to_string());
                    document.pull_request = headers::pull_number(&accepted);
                }
                let date = ["date", "created", "start-date", "start_date"]
                    .into_iter()
                    .find_map(|key| yaml_text(get(key)));
                if let Some(written) = date {
                    let read = parse_date(written.get(..10).unwrap_or(&written)).ok();
                    document.set_date(&written, read);
                }
                document.teams_affected =
                    yaml_strings(get("teams_affected").or_else(|| get("teams")));
                document.diagnosed_by = yaml_strings(get("diagnosed_by"));
                if let Some(Yaml::Sequence(items)) = get("remediation") {
                    for item in items {
                        if let Some(owner) = item.get("owner").and_then(Yaml::as_str) {
                            document
                                .remediation_owners
                                .push(owner.trim_start_matches('@').to_string());
                        }
                    }
                }
            }
            Ok(_) => problems.push(Diagnostic::at(
                path,
                1,
                "front matter is not a mapping of keys to values; read the body only",
            )),
            Err(message) => problems.push(Diagnostic::at(
                path,
                1,
                format!("malformed front matter ({message}); read the body only"),
            )),
        }
    }
    let lower_path = path.to_lowercase();
    if lower_path.ends_with(".adoc") || lower_path.ends_with(".asciidoc") {
        headers::read_asciidoc(body, &mut document);
    } else {
        headers::read_headers(body, &mut document);
        if document.authors.is_empty() {
            headers::read_byline(body, &mut document);
        }
    }
    read_sections(body, &mut document);
    if document.kind.is_none() {
        let lower = path.to_lowercase();
        let by_path = [
            ("adr", DocumentKind::Adr),
            ("decisions", DocumentKind::Adr),
            ("postmortem", DocumentKind::Pir),
            ("incident", DocumentKind::Pir),
            ("/pir", DocumentKind::Pir),
            ("rfc", DocumentKind::Rfc),
            ("design", DocumentKind::Design),
            ("proposal", DocumentKind::Proposal),
            ("enhancement", DocumentKind::Proposal),
            ("kep", DocumentKind::Proposal),
            ("pep", DocumentKind::Proposal),
            ("strategy", DocumentKind::Strategy),
        ];
        if let Some((word, kind)) = by_path.iter().find(|(word, _)| lower.contains(word)) {
            document.kind = Some(*kind);
            document.kind_rule = format!("the path contains `{}`", word.trim_start_matches('/'));
        } else {
            document.kind = Some(DocumentKind::Other);
            document.kind_rule = "no rule matched".to_string();
        }
    }
    if document.id.is_none() {
        document.id = id_from_file_name(path, document.kind.unwrap_or(DocumentKind::Other));
    }
    if document.title.trim().is_empty() {
        document.title = title_from_path(path);
    }
    (document, problems)
}

/// Reads a document's text kept in a file of its own (a KEP's README beside
/// its `kep.yaml`): its options section, its decision section, and its
/// title if the metadata gave none.
pub fn add_body(document: &mut ParsedDocument, body: &str) {
    let kind = document.kind;
    read_sections(body, document);
    document.kind = kind;
}

/// Headings that name a section of a process's template, never a title.
const SECTION_NAMES: &[&str] = &[
    "summary",
    "abstract",
    "motivation",
    "introduction",
    "overview",
    "context",
    "background",
    "table of contents",
];

/// A title from the file's name, for a document that gives none:
/// `text/0001-private-fields.md` -> `private fields`; a file named for its
/// format (`kep.yaml`, `README.md`) takes its folder's name.
fn title_from_path(path: &str) -> String {
    let mut parts = path.rsplit('/');
    let file = parts.next().unwrap_or(path);
    let stem = file.split('.').next().unwrap_or(file);
    let generic = ["kep", "readme", "index", "_index"].contains(&stem.to_lowercase().as_str());
    let stem = match parts.next() {
        Some(folder) if generic => folder,
        _ => stem,
    };
    stem.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '_')
        .replace(['-', '_'], " ")
}

/// Headings: the title, ADR sections, and whether options were weighed.
fn read_sections(body: &str, document: &mut ParsedDocument) {
    let headings = decision::headings(body);
    // The first top-level heading, or a heading of any level the document
    // opens with (`## Proposal: ...`), unless it is a section every
    // document of a process has (`# Summary` opens every Rust RFC).
    let opening = body
        .lines()
        .find(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#'));
    if document.title.is_empty()
        && let Some(first) = body
            .lines()
            .find(|l| l.starts_with("# ") || l.starts_with("= "))
            .map(|l| &l[2..])
            .or(opening)
            .map(str::trim)
            .filter(|h| !SECTION_NAMES.contains(&h.to_lowercase().as_str()))
    {
        document.title = first.to_string();
    }
    let has = |names: &[&str]| {
        headings
            .iter()
            .any(|h| names.iter().any(|n| h.starts_with(n)))
    };
    document.options = decision::options_heading(&headings);
    // A `Status` section (Nygard's ADRs: `## Status` then `Accepted`) says
    // what a header would.
    if document.status.is_none() && has(&["status"]) {
        document.status = decision::status_section(body);
    }
    if document.decided_in.is_none() && decision::has_decision_heading(&headings) {
        document.decided_in = Some("its `Decision` section".to_string());
    }
    if document.kind.is_none() {
        if has(&["considered options"]) && has(&["decision outcome"]) {
            document.kind = Some(DocumentKind::Adr);
            document.kind_rule =
                "MADR sections (`Considered Options`, `Decision Outcome`)".to_string();
        } else if has(&["status"])
            && has(&["context"])
            && has(&["decision"])
            && has(&["consequences"])
        {
            document.kind = Some(DocumentKind::Adr);
            document.kind_rule =
                "Nygard ADR sections (Status, Context, Decision, Consequences)".to_string();
        }
    }
}

/// `rfcs/0001-retries.md` -> `RFC-1`; `docs/adr/0003-x.md` -> `ADR-3`.
fn id_from_file_name(path: &str, kind: DocumentKind) -> Option<String> {
    let mut parts = path.rsplit('/');
    let file = parts.next()?;
    // `rfcs/0042-name/README.md`: the folder is the document's name.
    let file = if file.to_lowercase().starts_with("readme.") {
        parts.next()?
    } else {
        file
    };
    let digits: String = file.chars().take_while(|c| c.is_ascii_digit()).collect();
    let number: u32 = digits.parse().ok()?;
    let prefix = match kind {
        DocumentKind::Rfc => "RFC",
        DocumentKind::Adr => "ADR",
        DocumentKind::Proposal if path.to_lowercase().contains("kep") => "KEP",
        DocumentKind::Proposal if path.to_lowercase().contains("pep") => "PEP",
        _ => return None,
    };
    Some(format!("{prefix}-{number}"))
}

/// The `(prefix, number)` an id stands for, so `RFC-0001`, `RFC 1` and `rfc#1` meet.
pub fn id_key(id: &str) -> Option<(String, String)> {
    let upper = id.to_uppercase();
    let prefix: String = upper
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    if prefix.is_empty() {
        return None;
    }
    let rest = upper[prefix.len()..].trim_start_matches([' ', '-', '#', '_']);
    let number: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    let number = number.trim_end_matches('-');
    if number.is_empty() {
        return None;
    }
    // Leading zeros do not matter: RFC-0001 is RFC 1.
    let normalized = number
        .split('-')
        .map(|part| part.trim_start_matches('0').to_string())
        .map(|part| {
            if part.is_empty() {
                "0".to_string()
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join("-");
    Some((prefix, normalized))
}

/// Every id a commit message cites: `RFC-0001`, `ADR 7`, `KEP-1234`, `PEP 8`, `INC-2025-014`.
pub fn cited_ids(message: &str) -> Vec<(String, String)> {
    let upper = message.to_uppercase();
    let mut found = Vec::new();
    for prefix in ["RFC", "ADR", "KEP", "PEP", "INC"] {
        let mut start = 0;
        while let Some(at) = upper[start..].find(prefix) {
            let begin = start + at;
            start = begin + prefix.len();
            let before_ok = begin == 0 || !upper.as_bytes()[begin - 1].is_ascii_alphanumeric();
            if !before_ok {
                continue;
            }
            let tail: String = upper[begin..].chars().take(20).collect();
            if let Some(key) = id_key(&tail)
                && key.0 == prefix
                && !found.contains(&key)
            {
                found.push(key);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::paths::is_document_path;

    #[test]
    fn document_paths() {
        let cases = [
            ("rfcs/0001-retries.md", true),
            ("docs/adr/0003-postgres.md", true),
            ("platform/docs/design/x.markdown", true),
            ("peps/pep-0008.txt", true),
            ("rfcs/README.md", false),
            ("rfcs/0000-template.md", false),
            ("src/docs.rs", false),
            ("notes/x.md", false),
            // A template to copy is not a document, in any form.
            ("keps/NNNN-kep-template/kep.yaml", false),
            ("keps/NNNN-kep-template/README.md", false),
            ("docs/templates/design.md", false),
            ("keps/sig-node/123-x/kep.yaml", true),
        ];
        for (path, expected) in cases {
            assert_eq!(is_document_path(path), expected, "{path}");
        }
    }

    #[test]
    fn front_matter_rfc() {
        let (doc, problems) = parse(
            "rfcs/0001-retries.md",
            "---\nid: RFC-0001\ntitle: Retries\ntype: rfc\nauthors: [priya, \"@bo\", \"“@cy”\", TBD]\nreviewers: ana, cy, TODO\ndate: 2025-02-10\n---\n# Retries\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(doc.kind, Some(DocumentKind::Rfc));
        assert_eq!(doc.kind_rule, "front matter `type: rfc`");
        // Quotes, `@` and placeholders are how people write names, not names.
        assert_eq!(doc.authors, vec!["priya", "bo", "cy"]);
        assert_eq!(doc.reviewers, vec!["ana", "cy"]);
        assert_eq!(doc.date, Some(parse_date("2025-02-10").unwrap()));
        assert_eq!(doc.id.as_deref(), Some("RFC-0001"));
    }

    #[test]
    fn toml_front_matter_and_postmortem_fields() {
        let (doc, problems) = parse(
            "incidents/2025-08.md",
            "+++\ntitle = \"Outage\"\ntype = \"postmortem\"\nauthors = [\"priya\"]\nteams_affected = [\"checkout\", \"payments\"]\ndiagnosed_by = [\"priya\"]\n[[remediation]]\nitem = \"jitter\"\nowner = \"ana\"\n+++\nbody\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(doc.kind, Some(DocumentKind::Pir));
        assert_eq!(doc.teams_affected, vec!["checkout", "payments"]);
        assert_eq!(doc.remediation_owners, vec!["ana"]);
    }

    #[test]
    fn adrs_in_both_formats() {
        let (nygard, _) = parse(
            "docs/architecture/0003-postgres.md",
            "# 3. Use Postgres\n\n## Status\n\nAccepted\n\n## Context\n\nx\n\n## Decision\n\ny\n\n## Consequences\n\nz\n",
        );
        assert_eq!(nygard.kind, Some(DocumentKind::Adr));
        assert!(
            nygard.kind_rule.starts_with("Nygard"),
            "{}",
            nygard.kind_rule
        );
        assert_eq!(nygard.title, "3. Use Postgres");
        assert_eq!(nygard.id.as_deref(), Some("ADR-3"));
        assert_eq!(nygard.judgment(), None);
        let (madr, _) = parse(
            "docs/decisions/0007-http.md",
            "---\nstatus: accepted\ndeciders: [priya, ana]\n---\n# One HTTP client\n## Considered Options\n* a\n* b\n## Decision Outcome\nChosen option: a\n",
        );
        assert_eq!(madr.kind, Some(DocumentKind::Adr));
        assert_eq!(
            madr.judgment().as_deref(),
            Some(
                "options weighed under \"considered options\"; decision recorded in its status `accepted`"
            )
        );
        assert_eq!(madr.reviewers, vec!["priya", "ana"]);
    }

    #[test]
    fn pep_and_rust_rfc_headers() {
        let (pep, _) = parse(
            "peps/pep-0008.txt",
            "PEP: 8\nTitle: Style Guide for Python Code\nAuthor: Guido van Rossum <guido@python.example>, Barry Warsaw\nStatus: Active\nType: Process\nCreated: 05-Jul-2001\n\nIntroduction\n",
        );
        assert_eq!(pep.id.as_deref(), Some("PEP-8"));
        assert_eq!(
            pep.authors,
            vec!["Guido van Rossum <guido@python.example>", "Barry Warsaw"]
        );
        assert_eq!(pep.date, Some(parse_date("2001-07-05").unwrap()));
        let (rfc, _) = parse(
            "text/0001-private-fields.md",
            "- Feature Name: `private_fields`\n- Start Date: 2014-03-11\n- RFC PR: [rust-lang/rfcs#1](x)\n\n# Summary\n",
        );
        assert_eq!(rfc.kind, Some(DocumentKind::Rfc));
        assert_eq!(rfc.id.as_deref(), Some("RFC-1"));
    }

    #[test]
    fn go_design_headers_under_the_title() {
        let cases: [(&str, &[&str]); 15] = [
            (
                "Author(s): Austin Clements, Rick Hudson",
                &["Austin Clements", "Rick Hudson"],
            ),
            (
                "Author: Dave Cheney &lt;dave@cheney.example&gt;",
                &["Dave Cheney <dave@cheney.example>"],
            ),
            (
                "Author: [Ian Lance Taylor](iant@go.example)",
                &["Ian Lance Taylor <iant@go.example>"],
            ),
            (
                "Authors: Robert Griesemer & Rob Pike.",
                &["Robert Griesemer", "Rob Pike"],
            ),
            (
                "Author: Russ Cox\\\nRobert Griesemer",
                &["Russ Cox", "Robert Griesemer"],
            ),
            (
                "Author: Bryan Mills (with substantial input from Russ Cox, Jay Conrod, and",
                &["Bryan Mills"],
            ),
            (
                "Author: Austin Clements, with input from Cherry Zhang, Michael",
                &["Austin Clements"],
            ),
            (
                "Author: Alexander Musman (Advanced Software Technology Lab, Huawei)",
                &["Alexander Musman"],
            ),
            (
                "Author(s): Michael Knyszek \\<mk@go.example\\> Last Updated: 2019-02-20",
                &["Michael Knyszek <mk@go.example>"],
            ),
            (
                "Author(s): Ana Saioc (ana@x.example), Bo Chabbi (bo@x.example)",
                &["Ana Saioc <ana@x.example>", "Bo Chabbi <bo@x.example>"],
            ),
            (
                "Author(s): Jay Conrod based on discussion with Daniel Martí",
                &["Jay Conrod"],
            ),
            ("Author(s): [Adrien Delorme]", &["Adrien Delorme"]),
            ("Author: Ana Lima and Bo Chen", &["Ana Lima", "Bo Chen"]),
            // A group is not one person to credit.
            ("Author: The core team and community", &[]),
            ("Author: Ana Lima, C API Working Group", &["Ana Lima"]),
        ];
        for (header, authors) in cases {
            let text = format!(
                "## Proposal: a change\n\n{header}\n\nLast updated: March 6, 2019\n\n## Abstract\n"
            );
            let (doc, _) = parse("design/12345-change.md", &text);
            assert_eq!(doc.authors, authors, "{header}");
            assert_eq!(doc.title, "Proposal: a change");
        }
    }

    #[test]
    fn a_byline_under_the_title_names_the_authors() {
        let byline = |text: &str| parse("design/1-x.md", text).0.authors;
        assert_eq!(
            byline(
                "# Proposal: X\n\nRuss Cox\\\nRobert Griesemer\n\nLast updated: March 6, 2019\n"
            ),
            ["Russ Cox", "Robert Griesemer"]
        );
        assert_eq!(
            byline(
                "# Proposal: X\n\nJonathan Amsterdam\\\nMarcel van Lohuizen\\\nJuly 2020\n\n## Abstract\n"
            ),
            ["Jonathan Amsterdam", "Marcel van Lohuizen"]
        );
        assert_eq!(
            byline("# Proposal: X\n\nRuss Cox\\\nbased on work by Keith Rarick\\\nJuly 2015\n"),
            ["Russ Cox"]
        );
        // Two capitalised words alone are a heading-like line, not a byline.
        assert!(byline("# X\n\nDraft Design\n\nText.\n").is_empty());
        assert!(byline("# X\n\nThis document describes a method.\n").is_empty());
    }

    #[test]
    fn ember_front_matter() {
        let (doc, problems) = parse(
            "text/0785-test-helpers.md",
            "---\nstage: released # FIXME\nstart-date: 2021-11-30T00:00:00.000Z\nteams:\n  - framework\n  - learning\nprs:\n  accepted: https://github.com/emberjs/rfcs/pull/785\nproject-link:\n---\n\n# Test helpers\n\n## Alternatives\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(doc.date, Some(parse_date("2021-11-30").unwrap()));
        assert_eq!(doc.status_state(), Some(Status::Implemented));
        assert_eq!(doc.pull_request, Some(785));
        assert_eq!(doc.teams_affected, vec!["framework", "learning"]);
        assert!(doc.judgment().is_some());
        assert_eq!(doc.title, "Test helpers");
    }

    #[test]
    fn asciidoc_header_and_sections() {
        let (doc, problems) = parse(
            "docs/design/retries.adoc",
            "= Shared retries\nAna Lima <ana@x.example>; Bo Chen\n:revdate: 2025-04-02\n:status: Accepted\n\n== Context\n\nx\n\n== Alternatives\n\ny\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(doc.title, "Shared retries");
        assert_eq!(doc.authors, vec!["Ana Lima <ana@x.example>", "Bo Chen"]);
        assert_eq!(doc.date, Some(parse_date("2025-04-02").unwrap()));
        assert_eq!(doc.kind, Some(DocumentKind::Design));
        assert_eq!(
            doc.judgment().as_deref(),
            Some(
                "options weighed under \"alternatives\"; decision recorded in its status `Accepted`"
            )
        );
        assert!(is_document_path("docs/design/retries.adoc"));
    }

    #[test]
    fn deeply_nested_front_matter_is_refused_before_parsing() {
        let deep = format!(
            "---\ntitle: x\nauthors: {}{}\n---\n# Still a title\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let (doc, problems) = parse("docs/design/x.md", &deep);
        assert_eq!(
            problems[0].to_string(),
            "docs/design/x.md:1: malformed front matter (line 3: YAML nested more than 64 levels deep; not read); read the body only"
        );
        assert_eq!(doc.title, "Still a title");
        let (_, problems) = parse(
            "keps/x/1-a/kep.yaml",
            &format!("title: {}", "[".repeat(1_000)),
        );
        assert_eq!(
            problems[0].to_string(),
            "keps/x/1-a/kep.yaml:1: YAML nested more than 64 levels deep; not read"
        );
    }

    #[test]
    fn malformed_front_matter_is_named_and_the_body_still_read() {
        let (doc, problems) = parse(
            "docs/design/x.md",
            "---\ntitle: [unclosed\n---\n# Still a title\n",
        );
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .to_string()
                .starts_with("docs/design/x.md:1: malformed front matter"),
            "{problems:?}"
        );
        assert_eq!(doc.title, "Still a title");
        assert_eq!(doc.kind, Some(DocumentKind::Design));
    }

    #[test]
    fn list_entries_name_logins_not_notes_teams_or_placeholders() {
        let cases: [(&str, &[&str]); 8] = [
            (
                "@deads2k - For Kube API Server portion of KEP",
                &["deads2k"],
            ),
            ("“@ana”", &["ana"]),
            (
                "with input from @bgrant0607, and (@cy)",
                &["bgrant0607", "cy"],
            ),
            ("@kubernetes/wg-component-standard", &[]),
            ("sig-node", &[]),
            ("TBD", &[]),
            ("Ana Lima <ana@x.example>", &["Ana Lima <ana@x.example>"]),
            ("Ana Lima", &["Ana Lima"]),
        ];
        for (entry, people) in cases {
            assert_eq!(people_in(entry), people, "{entry}");
        }
    }

    #[test]
    fn kep_yaml() {
        assert!(is_document_path("keps/sig-node/1234-swap/kep.yaml"));
        let (kep, problems) = parse(
            "keps/sig-node/1234-swap/kep.yaml",
            "title: Node swap\nkep-number: 1234\nauthors:\n  - \"@ana\"\nowning-sig: sig-node\nparticipating-sigs: [sig-storage]\nreviewers: [\"@bo\"]\napprovers: [\"@cy\"]\nstatus: implementable\ncreation-date: 2021-01-05\nlatest-milestone: v1.30\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(kep.id.as_deref(), Some("KEP-1234"));
        assert_eq!(kep.authors, vec!["ana"]);
        assert_eq!(kep.reviewers, vec!["bo", "cy"]);
        assert_eq!(kep.teams_affected, vec!["sig-node", "sig-storage"]);
        assert_eq!(kep.kind, Some(DocumentKind::Proposal));
        let (_, problems) = parse("keps/x/kep.yaml", "title: x\nsponsor: ana\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            "keps/x/kep.yaml:2: unknown kep.yaml field `sponsor`; ignored"
        );
        let (_, problems) = parse("keps/x/kep.yaml", "title: [oops\n");
        assert!(
            problems[0].to_string().starts_with("keps/x/kep.yaml:"),
            "{problems:?}"
        );
    }

    #[test]
    fn citations() {
        assert_eq!(
            cited_ids(
                "client: adopt the retry policy (RFC-0001)\n\nSee adr 7 and KEP-1234; not BRFC-9.\nFixes INC-2025-014."
            ),
            vec![
                ("RFC".to_string(), "1".to_string()),
                ("ADR".to_string(), "7".to_string()),
                ("KEP".to_string(), "1234".to_string()),
                ("INC".to_string(), "2025-14".to_string()),
            ]
        );
        assert_eq!(id_key("RFC-0001"), id_key("rfc 1"));
    }
}
