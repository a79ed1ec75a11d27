//! `identities --suggest`: guesses for a person to confirm, each with its
//! reason, strongest first; never merged.

use crate::resolve::suggest::suggest;
use crate::testing::{OrgBuilder, TestOrg};

/// Each suggestion as the handles it groups.
fn groups(org: &TestOrg) -> Vec<(Vec<String>, String)> {
    suggest(&org.org)
        .into_iter()
        .map(|s| {
            let handles = s
                .people
                .iter()
                .map(|id| org.org.people.get(*id).handle.clone())
                .collect();
            (handles, s.reason)
        })
        .collect()
}

fn org() -> TestOrg {
    OrgBuilder::new()
        .commit("John Belamaric <jb@corp.example>", "api", 1, &[("a.go", 5)])
        .commit(
            "Wojciech Tyczynski <wojtekt@corp.example>",
            "api",
            2,
            &[("b.go", 5)],
        )
        .commit("Ana Lima <ana@corp.example>", "api", 3, &[("c.go", 5)])
        .commit("Ana Lima <ana.lima@home.example>", "api", 4, &[("d.go", 5)])
        .pull_request(
            "api",
            7,
            "someone",
            5,
            &["johnbelamaric", "wojtek-t", "anabel"],
        )
        .build()
}

#[test]
fn a_login_that_reads_like_a_name_or_address_is_suggested() {
    let found = groups(&org());
    let johns: Vec<&(Vec<String>, String)> = found
        .iter()
        .filter(|(handles, _)| handles.contains(&"johnbelamaric".to_string()))
        .collect();
    assert_eq!(johns.len(), 1, "{found:?}");
    assert_eq!(johns[0].0, ["john-belamaric", "johnbelamaric"]);
    assert!(johns[0].1.contains("reads like"), "{:?}", johns[0]);
    assert!(
        found
            .iter()
            .any(|(handles, _)| handles == &["wojciech-tyczynski", "wojtek-t"]),
        "{found:?}"
    );
}

#[test]
fn no_suggestion_on_a_partial_likeness_and_nothing_is_merged() {
    let org = org();
    let found = groups(&org);
    assert!(
        !found
            .iter()
            .any(|(handles, _)| handles.contains(&"anabel".to_string())),
        "{found:?}"
    );
    // The two Anas are suggested on their name, and stay two people.
    assert!(
        found
            .iter()
            .any(|(handles, _)| handles == &["ana-lima", "ana-lima-2"]),
        "{found:?}"
    );
    assert_eq!(org.org.people.by_name("Ana Lima").len(), 2);
}

#[test]
fn a_first_name_address_suggests_nobody() {
    let org = OrgBuilder::new()
        .commit("David Eads <david@corp.example>", "api", 1, &[("a.go", 5)])
        .commit("David Smith <david@home.example>", "api", 2, &[("b.go", 5)])
        .build();
    assert_eq!(groups(&org), []);
}

#[test]
fn someone_known_by_a_no_reply_address_is_a_login_too() {
    // The no-reply identity committed nothing; the committer's git name is
    // the login itself.
    let org = OrgBuilder::new()
        .commit("ahg-g <abdullah@corp.example>", "api", 1, &[("a.go", 5)])
        .commit(
            "Abdullah G <1234+ahg-g@users.noreply.github.com>",
            "api",
            2,
            &[("b.go", 5)],
        )
        .build();
    let found = groups(&org);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("reads like"), "{found:?}");
}

#[test]
fn an_initial_and_surname_login_is_suggested_but_not_a_nickname_address() {
    let org = OrgBuilder::new()
        .commit(
            "John Belamaric <john@corp.example>",
            "api",
            1,
            &[("a.go", 5)],
        )
        .commit(
            "Benjamin Elder <ben@corp.example>",
            "api",
            2,
            &[("b.go", 5)],
        )
        .commit(
            "Benjamin Petersen <ben@home.example>",
            "api",
            3,
            &[("c.go", 5)],
        )
        .pull_request("api", 7, "someone", 5, &["jbelamaric"])
        .build();
    let found = groups(&org);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, ["john-belamaric", "jbelamaric"]);
}

#[test]
fn a_group_a_stronger_one_already_says_is_left_out() {
    // All three share the name; two also share a local part: one group.
    let org = OrgBuilder::new()
        .commit(
            "Linus Torvalds <torvalds@a.example>",
            "git",
            1,
            &[("a.c", 5)],
        )
        .commit("Linus Torvalds <linus@b.example>", "git", 2, &[("b.c", 5)])
        .commit(
            "Linus Torvalds <torvalds@c.example>",
            "git",
            3,
            &[("c.c", 5)],
        )
        .build();
    let found = groups(&org);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0.len(), 3);
}

#[test]
fn a_shared_local_part_needs_names_that_could_be_one_person() {
    let org = OrgBuilder::new()
        .commit("Thomas Sullivan <tom@a.example>", "git", 1, &[("a.c", 5)])
        .commit("Thomas Hurst <tom@b.example>", "git", 2, &[("b.c", 5)])
        .commit("Matt Kraai <matt.kraai@a.example>", "git", 3, &[("c.c", 5)])
        .commit(
            "Matthew Kraai <matt.kraai@b.example>",
            "git",
            4,
            &[("d.c", 5)],
        )
        .build();
    let found = groups(&org);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, ["matt-kraai", "matthew-kraai"]);
}
