//! Blobs' lines as hashes, and the cache that keeps them for the readers of
//! one repository: reading and hashing a blob is the costly part of counting
//! lines, and most blobs are needed twice.

use std::sync::{Arc, Mutex};

use gix::ObjectId;

/// A blob as the diff sees it.
#[derive(Clone)]
pub(super) enum BlobLines {
    /// A 128-bit hash of every line, terminator included.
    Text(Arc<[u128]>),
    Binary,
    /// Not in the object database.
    Missing,
}

/// Every line of `data` hashed, with its terminator, as git compares lines:
/// `a\r\n` differs from `a\n`, and a last line without a newline differs
/// from the same line with one. Two lines are taken as equal when their
/// 128-bit hashes are (a false match is less likely than a memory error).
pub(super) fn hash_lines(data: &[u8]) -> Arc<[u128]> {
    let lines = memchr::memchr_iter(b'\n', data).count()
        + usize::from(data.last().is_some_and(|b| *b != b'\n'));
    let mut rest = data;
    // A counted range: the hashes are written into the shared slice directly.
    (0..lines)
        .map(|_| {
            let end = memchr::memchr(b'\n', rest).map_or(rest.len(), |at| at + 1);
            let (line, next) = rest.split_at(end);
            rest = next;
            xxhash_rust::xxh3::xxh3_128(line)
        })
        .collect()
}

/// Lines of blobs kept as hashes, shared by one repository's readers.
///
/// Commits are read newest first, so a file's old version in one commit is
/// its new version in an older commit read soon after: keeping its lines
/// saves reading (inflating) and hashing every blob twice, which git's own
/// `log --numstat` does. Two generations bound it: when the young one is
/// full it becomes the old one, and what is found in the old one moves back.
#[derive(Default)]
pub(super) struct LineCache {
    generations: Mutex<Generations>,
}

#[derive(Default)]
struct Generations {
    young: gix::hashtable::HashMap<ObjectId, BlobLines>,
    old: gix::hashtable::HashMap<ObjectId, BlobLines>,
    /// Lines held by `young`.
    young_lines: usize,
    /// Lines `young` holds before it ages (0: [`GENERATION_LINES`]).
    generation_lines: usize,
}

/// Lines (16 bytes each) one generation holds before it ages: 16 MiB,
/// with each blob's own cost (its entry and allocation) counted as lines.
const GENERATION_LINES: usize = 1024 * 1024;

/// What keeping one blob costs besides its lines (the map's entry, the
/// shared slice's header), in lines of 16 bytes.
const BLOB_OVERHEAD_LINES: usize = 6;

impl LineCache {
    #[cfg(test)]
    fn with_generation_lines(lines: usize) -> LineCache {
        LineCache {
            generations: Mutex::new(Generations {
                generation_lines: lines,
                ..Generations::default()
            }),
        }
    }

    pub(super) fn get(&self, id: &ObjectId) -> Option<BlobLines> {
        let mut generations = self.generations.lock().expect("no panics while locked");
        if let Some(lines) = generations.young.get(id) {
            return Some(lines.clone());
        }
        let lines = generations.old.remove(id)?;
        generations.add(*id, lines.clone());
        Some(lines)
    }

    pub(super) fn insert(&self, id: ObjectId, lines: BlobLines) {
        self.generations
            .lock()
            .expect("no panics while locked")
            .add(id, lines);
    }
}

impl Generations {
    fn add(&mut self, id: ObjectId, lines: BlobLines) {
        self.young_lines += BLOB_OVERHEAD_LINES
            + match &lines {
                BlobLines::Text(hashes) => hashes.len(),
                _ => 0,
            };
        self.young.insert(id, lines);
        let limit = match self.generation_lines {
            0 => GENERATION_LINES,
            lines => lines,
        };
        if self.young_lines > limit {
            self.old = std::mem::take(&mut self.young);
            self.young_lines = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_cache_ages_but_keeps_what_is_used() {
        let cache = LineCache::with_generation_lines(25);
        let id = |n: u8| ObjectId::from_bytes_or_panic(&[n; 20]);
        let lines = |n: usize| BlobLines::Text(vec![0u128; n].into());
        cache.insert(id(1), lines(4));
        cache.insert(id(2), lines(4));
        // The third fills the young generation: it ages, all three are still found.
        cache.insert(id(3), lines(4));
        assert!(
            cache.get(&id(1)).is_some(),
            "moved back to the young generation"
        );
        cache.insert(id(4), lines(9));
        cache.insert(id(5), lines(9));
        // Two agings later, what was not used since is gone; the rest is there.
        assert!(cache.get(&id(2)).is_none());
        assert!(cache.get(&id(3)).is_none());
        assert!(cache.get(&id(5)).is_some());
        assert!(matches!(cache.get(&id(5)), Some(BlobLines::Text(hashes)) if hashes.len() == 9));
    }
}
