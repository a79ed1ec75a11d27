//! Results kept between runs: the generation that every write moves on,
//! so nothing computed before a write is read after it, and the results
//! table that keeps them.

use super::*;
use crate::Others;

/// Each kind of write, done once, moves the generation on by at least one;
/// reading, registering a known repository where it is, or writing a
/// setting's value again, does not.
pub(super) fn every_write_moves_the_generation_on(location: &StoreLocation) {
    let mut store = fill(location);
    let mut last = store.generation().unwrap();
    assert!(last > 0, "filling the store wrote, so the generation moved");
    let mut moved = |store: &mut Store, what: &str| {
        let now = store.generation().unwrap();
        assert!(
            now > last,
            "{what} did not move the generation ({last} -> {now})"
        );
        last = now;
    };
    let cursor = store.ensure_repository("third", "/repos/third").unwrap();
    moved(&mut store, "registering a repository");
    store
        .ensure_repository("third", "/elsewhere/third")
        .unwrap();
    moved(&mut store, "moving a repository");
    store
        .write_batch(cursor.repo_id, &[commit("d4", 40)], &[])
        .unwrap();
    moved(&mut store, "a batch of commits");
    store
        .finish_repository(cursor.repo_id, Some("d4"), &["d4".to_string()], &[], 100)
        .unwrap();
    moved(&mut store, "the end of a repository's run");
    store
        .replace_review_export(cursor.repo_id, &export())
        .unwrap();
    moved(&mut store, "a code-review export");
    store.set_document_folders("docs,rfcs").unwrap();
    moved(&mut store, "a setting");
    forget_bo(&mut store);
    moved(&mut store, "forgetting someone");

    let before = store.generation().unwrap();
    // A repository registered again where it is (every collect does) is
    // not a write.
    let again = store
        .ensure_repository("third", "/elsewhere/third")
        .unwrap();
    assert_eq!(again.repo_id, cursor.repo_id);
    // Nor is a setting written again with its value.
    store.set_document_folders("docs,rfcs").unwrap();
    store.snapshot(None).unwrap();
    store.counts().unwrap();
    store.pseudonym_key().unwrap();
    store
        .keep_results(before, "f", &[("k".into(), vec![1])], Others::Keep)
        .unwrap();
    store.result("f", "k").unwrap();
    assert_eq!(store.generation().unwrap(), before, "reading moved it");
}

/// Results are read back byte for byte under their fingerprint and key;
/// another generation's write drops those of earlier ones, and results of
/// the same generation under another fingerprint (another configuration
/// sharing the store) stay, unless a whole set replaces them.
pub(super) fn results_are_kept_until_a_later_generation_replaces_them(location: &StoreLocation) {
    let mut store = fill(location);
    let first = store.generation().unwrap();
    let body: Vec<u8> = (0..=255).collect();
    store
        .keep_results(
            first,
            "one",
            &[("a".into(), body.clone()), ("b".into(), vec![])],
            Others::Keep,
        )
        .unwrap();
    store
        .keep_results(first, "two", &[("a".into(), vec![7])], Others::Keep)
        .unwrap();
    assert_eq!(store.result("one", "a").unwrap(), Some(body));
    assert_eq!(store.result("one", "b").unwrap(), Some(vec![]));
    assert_eq!(store.result("two", "a").unwrap(), Some(vec![7]));
    assert_eq!(store.result("one", "c").unwrap(), None);
    // The same key again replaces it.
    store
        .keep_results(first, "two", &[("a".into(), vec![8])], Others::Keep)
        .unwrap();
    assert_eq!(store.result("two", "a").unwrap(), Some(vec![8]));

    store.set_document_folders("docs").unwrap();
    let second = store.generation().unwrap();
    store
        .keep_results(second, "three", &[("a".into(), vec![9])], Others::Keep)
        .unwrap();
    assert_eq!(store.result("one", "a").unwrap(), None);
    assert_eq!(store.result("two", "a").unwrap(), None);
    assert_eq!(store.result("three", "a").unwrap(), Some(vec![9]));
    // The dump, which compares stores, holds neither.
    let dump = store.dump().unwrap().to_string();
    assert!(!dump.contains("three"), "{dump}");

    // Results computed before a later write are not kept at all.
    store
        .keep_results(second, "late", &[("a".into(), vec![1])], Others::Keep)
        .unwrap();
    assert_eq!(store.result("late", "a").unwrap(), Some(vec![1]));
    store.set_document_folders("docs,adr").unwrap();
    store
        .keep_results(second, "stale", &[("a".into(), vec![2])], Others::Keep)
        .unwrap();
    assert_eq!(store.result("stale", "a").unwrap(), None);

    // A whole set kept in place of the others drops theirs, not its own.
    let third = store.generation().unwrap();
    for (fingerprint, body) in [("old-build", 1), ("new-build", 2)] {
        store
            .keep_results(
                third,
                fingerprint,
                &[("a".into(), vec![body])],
                Others::Keep,
            )
            .unwrap();
    }
    store
        .keep_results(third, "new-build", &[("b".into(), vec![3])], Others::Drop)
        .unwrap();
    assert_eq!(store.result("old-build", "a").unwrap(), None);
    assert_eq!(store.result("new-build", "a").unwrap(), Some(vec![2]));
    assert_eq!(store.result("new-build", "b").unwrap(), Some(vec![3]));
}

/// Forgetting someone drops every kept result, which could name them.
pub(super) fn forgetting_drops_every_kept_result(location: &StoreLocation) {
    let mut store = fill(location);
    let generation = store.generation().unwrap();
    store
        .keep_results(
            generation,
            "f",
            &[("person/1/-".into(), b"Bo".to_vec())],
            Others::Keep,
        )
        .unwrap();
    forget_bo(&mut store);
    assert_eq!(store.result("f", "person/1/-").unwrap(), None);
}

/// Forgets Bo, whom `fill` wrote.
fn forget_bo(store: &mut Store) {
    store
        .forget(&forget::Identities {
            names: vec!["Bo".to_string()],
            emails: vec!["bo@x.example".to_string()],
            logins: Vec::new(),
        })
        .unwrap();
}
