//! Kubernetes enhancement proposals: a KEP's `kep.yaml`, with its authors,
//! reviewers and approvers, owning and participating SIGs.

use serde_yaml_ng::Value as Yaml;

use super::{DocumentKind, ParsedDocument, people_in, yaml_text};
use model::{Diagnostic, parse_date};

#[derive(serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawKep {
    title: Option<String>,
    kep_number: Option<Yaml>,
    #[serde(default)]
    authors: Vec<String>,
    owning_sig: Option<String>,
    #[serde(default)]
    participating_sigs: Vec<String>,
    #[serde(default)]
    reviewers: Vec<String>,
    #[serde(default)]
    approvers: Vec<String>,
    status: Option<String>,
    creation_date: Option<String>,
}

/// Fields of `kep.yaml` that KEPs use; others are reported (and ignored).
const KEP_FIELDS: &[&str] = &[
    "title",
    "kep-number",
    "authors",
    "owning-sig",
    "participating-sigs",
    "reviewers",
    "approvers",
    "status",
    "creation-date",
    "last-updated",
    "editor",
    "see-also",
    "replaces",
    "superseded-by",
    "prr-approvers",
    "stage",
    "latest-milestone",
    "milestone",
    "feature-gates",
    "disable-supported",
    "metrics",
    "description",
];

/// A Kubernetes KEP's `kep.yaml`. Unknown fields are reported with their line
/// and otherwise ignored, so a newer KEP template still reads.
pub(super) fn parse_kep(path: &str, content: &str) -> (ParsedDocument, Vec<Diagnostic>) {
    let mut unknown = Vec::new();
    for (index, line) in content.lines().enumerate() {
        if line.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        if let Some((key, _)) = line.split_once(':')
            && !key.trim().is_empty()
            && !KEP_FIELDS.contains(&key.trim())
        {
            unknown.push(Diagnostic::at(
                path,
                index + 1,
                format!("unknown kep.yaml field `{}`; ignored", key.trim()),
            ));
        }
    }
    let (document, mut problems) = parse_kep_fields(path, content);
    problems.extend(unknown);
    (document, problems)
}

fn parse_kep_fields(path: &str, content: &str) -> (ParsedDocument, Vec<Diagnostic>) {
    let mut document = ParsedDocument {
        kind: Some(DocumentKind::Proposal),
        kind_rule: "a KEP's kep.yaml".to_string(),
        ..ParsedDocument::default()
    };
    if let Some(problem) = crate::resolve::yaml_depth::check(path, content, 1) {
        return (document, vec![problem]);
    }
    match serde_yaml_ng::from_str::<RawKep>(content) {
        Ok(kep) => {
            document.title = kep.title.unwrap_or_default();
            document.id = kep
                .kep_number
                .as_ref()
                .and_then(|n| yaml_text(Some(n)))
                .map(|n| format!("KEP-{n}"));
            document.authors = kep.authors.iter().flat_map(|a| people_in(a)).collect();
            // Reviewers and approvers, each once.
            for person in kep
                .reviewers
                .iter()
                .chain(&kep.approvers)
                .flat_map(|a| people_in(a))
            {
                if !document.reviewers.contains(&person) {
                    document.reviewers.push(person);
                }
            }
            document.status = kep.status;
            if let Some(written) = kep.creation_date.as_deref() {
                document.set_date(written, parse_date(written).ok());
            }
            document.teams_affected = kep
                .owning_sig
                .into_iter()
                .chain(kep.participating_sigs)
                .collect();
            (document, Vec::new())
        }
        Err(error) => {
            let mut problem = crate::resolve::owners::yaml_error(path, content, &error);
            problem.message = format!("malformed kep.yaml ({})", problem.message);
            if problem.line.is_none() {
                problem.line = Some(1);
            }
            (document, vec![problem])
        }
    }
}
