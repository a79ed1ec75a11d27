//! Whole outputs of the commands that print one view of everyone (`teams`,
//! `documents`, `export`), kept as the text they print in each format:
//! the command and a collect both render them here, so what is read back
//! is what would be printed.

use serde::{Deserialize, Serialize};

use super::{Kept, encode, keys};
use crate::Context;

/// How `teams` prints: JSON, or Markdown with its `--check` and
/// `--details` choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TeamsText {
    pub json: bool,
    pub check: bool,
    pub details: bool,
}

/// A text that could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// `teams`'s output.
pub fn teams(context: &Context<'_>, shape: TeamsText) -> Result<String, TextError> {
    teams_of(&crate::teams_report(context), shape)
}

fn teams_of(view: &crate::TeamsReport, shape: TeamsText) -> Result<String, TextError> {
    if shape.json {
        return Ok(serde_json::to_string_pretty(view)?);
    }
    Ok(crate::teams::markdown(view, shape.check, shape.details))
}

/// `documents`'s output (without `--check`, which reads the repositories).
pub fn documents(context: &Context<'_>, json: bool) -> Result<String, TextError> {
    documents_of(&crate::documents::documents(context), json)
}

fn documents_of(view: &crate::documents::DocumentsView, json: bool) -> Result<String, TextError> {
    if json {
        return Ok(serde_json::to_string_pretty(view)?);
    }
    Ok(crate::documents::markdown(view))
}

/// `export`'s output, before it goes to a file or the standard output,
/// with how many people it holds (which writing it to a file says).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ExportText {
    pub people: usize,
    pub text: String,
}

pub fn export(context: &Context<'_>, csv: bool, anonymize: bool) -> Result<ExportText, TextError> {
    export_of(&crate::export::export(context, anonymize), csv)
}

fn export_of(view: &crate::export::Export, csv: bool) -> Result<ExportText, TextError> {
    let text = if csv {
        crate::export::csv(view)?
    } else {
        serde_json::to_string_pretty(view)? + "\n"
    };
    Ok(ExportText {
        people: view.people.len(),
        text,
    })
}

/// Every variant of every text, each view built once.
pub(super) fn all(context: &Context<'_>) -> Vec<Kept> {
    let mut kept = Vec::new();
    let teams = crate::teams_report(context);
    // `--details` comes only with `--check`.
    let shapes = [(false, false), (true, false), (true, true)]
        .map(|(check, details)| TeamsText {
            json: false,
            check,
            details,
        })
        .into_iter()
        .chain([TeamsText {
            json: true,
            check: false,
            details: false,
        }]);
    for shape in shapes {
        if let Ok(text) = teams_of(&teams, shape) {
            kept.push((keys::teams(shape), encode(&text)));
        }
    }
    let documents = crate::documents::documents(context);
    for json in [false, true] {
        if let Ok(text) = documents_of(&documents, json) {
            kept.push((keys::documents(json).to_string(), encode(&text)));
        }
    }
    for anonymize in [false, true] {
        let export = crate::export::export(context, anonymize);
        for csv in [false, true] {
            if let Ok(text) = export_of(&export, csv) {
                kept.push((keys::export(csv, anonymize), encode(&text)));
            }
        }
    }
    kept
}
