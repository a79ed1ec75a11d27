//! Results kept in the store between runs (`report::stored`). A report of
//! one person, the org view and the people list read their view when
//! everything it was computed from is unchanged (the fingerprint), and are
//! computed as before when not. `collect` keeps everyone's afterwards, and
//! a report computed from scratch keeps what it computed.

use std::sync::OnceLock;

use anyhow::Result;
use pipeline::Fingerprint;
use pipeline::config::Config;
use report::stored::{self, Directory, Links};
use store::{Others, Store};

use super::{Settings, warn};

/// The store holding the results, with the fingerprint of what they must
/// have been computed from.
pub struct Kept {
    store: Store,
    fingerprint: Fingerprint,
}

impl Kept {
    /// `None` with `--fresh`, or when the store cannot be read (the
    /// analysis that follows then says why).
    pub fn open(settings: &Settings, config: &Config, now: i64) -> Option<Kept> {
        if settings.fresh {
            return None;
        }
        let mut store = Store::open(&config.store, false).ok()?;
        let fingerprint = pipeline::fingerprint(config, &mut store, now, program()).ok()?;
        Some(Kept { store, fingerprint })
    }

    /// The view kept under `key`, if it was computed from what is here now.
    pub fn read<T>(&mut self, key: &str, decode: impl FnOnce(&[u8]) -> Option<T>) -> Option<T> {
        decode(&self.bytes(key)?)
    }

    /// The bytes kept under `key`, if computed from what is here now.
    pub fn bytes(&mut self, key: &str) -> Option<Vec<u8>> {
        self.store.result(&self.fingerprint.digest, key).ok()?
    }

    /// The directory: who is who, the rubric's levels, and the warnings an
    /// analysis gives (see [`Kept::warn`]).
    pub fn directory(&mut self) -> Option<Directory> {
        self.read(stored::keys::DIRECTORY, stored::decode)
    }

    /// The view kept under `key`, with the rubric's levels, when the
    /// directory is kept too; the analysis's warnings are given then, as a
    /// command computing from scratch gives them.
    pub fn answer<T>(
        &mut self,
        key: &str,
        decode: impl FnOnce(&[u8]) -> Option<T>,
    ) -> Option<(T, Vec<String>)> {
        let directory = self.directory()?;
        let view = self.read(key, decode)?;
        Kept::warn(&directory);
        Some((view, directory.levels))
    }

    /// Gives the analysis's warnings, as a command computing from scratch
    /// would, once a command answers from kept results.
    pub fn warn(directory: &Directory) {
        for warning in &directory.warnings {
            warn(warning);
        }
    }

    /// Keeps one view computed from scratch, with the directory that finds
    /// people and what the dashboard links (an analysis computed them all).
    pub fn keep_view(&mut self, analysis: &pipeline::Analysis, key: &str, view: Vec<u8>) {
        let directory = stored::encode(&Directory::new(analysis));
        let links = stored::encode(&Links::new(analysis));
        self.keep(&[
            (key.to_string(), view),
            (stored::keys::LINKS.to_string(), links),
            (stored::keys::DIRECTORY.to_string(), directory),
        ]);
    }

    /// Keeps results computed from this fingerprint's data. Failing to keep
    /// them costs only time later, so it is a warning.
    pub fn keep(&mut self, results: &[(String, Vec<u8>)]) {
        self.keep_with(results, Others::Keep);
    }

    fn keep_with(&mut self, results: &[(String, Vec<u8>)], others: Others) {
        let Fingerprint { generation, digest } = &self.fingerprint;
        if let Err(error) = self
            .store
            .keep_results(*generation, digest, results, others)
        {
            warn(&format!("results not kept for the next run: {error}"));
        }
    }
}

/// Which views [`keep_everything`] computes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Keeping {
    /// None when a whole set is kept for exactly this data already (a
    /// collect that found nothing new).
    Missing,
    /// Every one, again (`store keep`).
    All,
}

/// Analyzes the store and keeps every view a later report reads: after a
/// collect, so that reports read one person's results. Returns how many
/// views were kept.
pub fn keep_everything(
    settings: &Settings,
    config: &Config,
    now: i64,
    keeping: Keeping,
) -> Result<usize> {
    let Some(mut kept) = Kept::open(settings, config, now) else {
        return Ok(0);
    };
    if keeping == Keeping::Missing && kept.bytes(stored::keys::COMPLETE).is_some() {
        return Ok(0);
    }
    let mut analysis = std::mem::ManuallyDrop::new(pipeline::analyze(config, now)?);
    if analysis.quarters.is_empty() {
        analysis.measure_quarters();
    }
    Ok(keep_set(&analysis, &mut kept))
}

/// Keeps every view of `analysis`, in place of any set kept for other
/// inputs or another build of the program (which would otherwise stay
/// until the next write).
pub fn keep_set(analysis: &pipeline::Analysis, kept: &mut Kept) -> usize {
    kept.keep_with(&[], Others::Drop);
    stored::everything(analysis, &mut |views| kept.keep(views))
}

/// What identifies this program: its version and its file, so that a
/// rebuilt binary never reads results an older build computed.
fn program() -> &'static str {
    static PROGRAM: OnceLock<String> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let file = std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|m| {
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                format!("{} bytes, modified {modified}", m.len())
            })
            .unwrap_or_default();
        format!("staffscope {} ({file})", env!("CARGO_PKG_VERSION"))
    })
}
