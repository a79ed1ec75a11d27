//! What results kept in the store were computed from, as one digest: the
//! store's write generation, the configuration, every file and folder it
//! names (read whole, so an edit anywhere in a team map or an evidence log
//! is seen), the history of a team map kept in git, the program, and the
//! window. Results kept under another digest are never read: a stale
//! result would assess someone on data that is no longer there.

use std::fmt::Write as _;
use std::path::Path;

use sha2::{Digest, Sha256};
use store::Store;

use crate::PipelineError;
use crate::config::Config;

/// A digest of everything results depend on, and the store generation it
/// includes (results are kept under that generation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    pub generation: i64,
    pub digest: String,
}

/// Reads the store's generation first: anything written after it moves
/// the generation on, so results computed later from a newer snapshot are
/// kept under a digest no reader will compute again.
pub fn fingerprint(
    config: &Config,
    store: &mut Store,
    now: i64,
    program: &str,
) -> Result<Fingerprint, PipelineError> {
    let generation = store.generation()?;
    let window = config.window.resolve(now);
    let mut hasher = Sha256::new();
    let mut part = |name: &str, bytes: &[u8]| {
        hasher.update(name.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    part("program", program.as_bytes());
    part("generation", &generation.to_le_bytes());
    part(
        "window",
        format!("{}..{}", window.since, window.until).as_bytes(),
    );
    part("configuration", format!("{config:?}").as_bytes());
    for path in inputs(config) {
        let mut digest = Vec::new();
        digest_path(&path, &mut digest, 0);
        part(&path.to_string_lossy(), &digest);
    }
    if let Some(path) = &config.teams_file
        && let Ok(repo) = collect::git::GitRepo::open(path)
    {
        // Memberships are dated by the team map's history.
        part(
            "team map history",
            repo.head().unwrap_or_default().as_bytes(),
        );
    }
    let digest = hasher.finalize();
    let mut text = String::with_capacity(64);
    for byte in digest {
        let _ = write!(&mut text, "{byte:02x}");
    }
    Ok(Fingerprint {
        generation,
        digest: text,
    })
}

/// Every file or folder the configuration names that an analysis reads.
fn inputs(config: &Config) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = [
        &config.teams_file,
        &config.identities_file,
        &config.mailmap,
        &config.rubric,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect();
    paths.extend(config.rubrics.iter().map(|(_, path)| path.clone()));
    paths.extend(config.document_paths.iter().cloned());
    paths.push(config.evidence_log_dir.clone());
    paths.push(config.calendar_dir.clone());
    paths
}

/// How deep folders are read: a link from a folder to one above it would
/// otherwise never end.
const DEPTH: usize = 32;

/// A file's bytes, or a folder's files with their names, in name order
/// (git's own folder is left out); a missing path is written as missing.
fn digest_path(path: &Path, out: &mut Vec<u8>, depth: usize) {
    if depth > DEPTH {
        out.extend_from_slice(b"too deep");
        return;
    }
    let Ok(metadata) = std::fs::metadata(path) else {
        out.extend_from_slice(b"missing");
        return;
    };
    if metadata.is_file() {
        let bytes = std::fs::read(path).unwrap_or_else(|e| format!("unreadable: {e}").into_bytes());
        out.extend_from_slice(&Sha256::digest(&bytes));
        return;
    }
    let mut entries: Vec<_> = std::fs::read_dir(path)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    for entry in entries {
        if entry.file_name().is_some_and(|name| name == ".git") {
            continue;
        }
        let name = entry
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        out.extend_from_slice(name.as_bytes());
        out.push(0);
        let mut inner = Vec::new();
        digest_path(&entry, &mut inner, depth + 1);
        out.extend_from_slice(&Sha256::digest(&inner));
    }
}
