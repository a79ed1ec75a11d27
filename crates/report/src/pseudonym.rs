//! Pseudonyms for anonymized views and exports. The same handle gets the same
//! pseudonym from the same store, run after run and machine after machine
//! (the key lives in the store, and `store copy` carries it), so a
//! calibration or an export can refer back to an earlier one. The pseudonym
//! is a keyed SHA-256 of the handle: a plain hash could be reversed by anyone
//! holding the list of handles, which everyone in the organization has.

use sha2::{Digest, Sha256};

#[derive(Clone, Debug)]
pub struct Pseudonyms {
    key: Vec<u8>,
}

impl Pseudonyms {
    /// `key` is the store's secret (hex text; any text works).
    pub fn new(key: &str) -> Pseudonyms {
        Pseudonyms {
            key: key.as_bytes().to_vec(),
        }
    }

    /// `Engineer 3fa9c1d2`: 32 bits of the keyed hash, so that two people
    /// of an organization of thousands share one only rarely (views that
    /// list people add a suffix when they do).
    pub fn of(&self, handle: &str) -> String {
        let mut hasher = Sha256::new();
        hasher.update((self.key.len() as u64).to_le_bytes());
        hasher.update(&self.key);
        hasher.update(handle.as_bytes());
        let digest = hasher.finalize();
        let mut out = String::from("Engineer ");
        for byte in &digest[..4] {
            out.push_str(&format!("{byte:02x}"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Pseudonyms;

    #[test]
    fn pseudonyms_are_stable_per_key_and_hide_the_handle() {
        let ours = Pseudonyms::new("00ff");
        assert_eq!(ours.of("priya"), Pseudonyms::new("00ff").of("priya"));
        assert_ne!(ours.of("priya"), ours.of("marcus"));
        assert!(!ours.of("priya").contains("priya"));
        assert_eq!(ours.of("priya").len(), "Engineer ".len() + 8);
        // Another store's key gives other pseudonyms: nobody can recompute
        // them from the list of handles alone.
        assert_ne!(ours.of("priya"), Pseudonyms::new("00fe").of("priya"));
    }
}
