//! Who a document's header names: the address first, then the name, and
//! never a new person beside someone who committed.

use crate::testing::{OrgBuilder, PROSE, TestOrg};

/// Two people named Guido (two addresses, as without a mailmap), a third
/// person who commits documents for others, and Ana.
fn pep_repository() -> OrgBuilder {
    OrgBuilder::new()
        .commit("Guido <guido@old.example>", "peps", -400, &[("a.rst", 5)])
        .commit("Guido <guido@new.example>", "peps", -300, &[("b.rst", 5)])
        .commit("Guido <guido@new.example>", "peps", -290, &[("c.rst", 5)])
        .commit("Guido <guido@new.example>", "peps", -280, &[("c.rst", 5)])
        .commit("Ana Lima <ana@x.example>", "peps", -200, &[("d.rst", 5)])
}

/// Each author of `path` as (handle, how it was decided).
fn credits(org: &TestOrg, path: &str) -> Vec<(String, &'static str)> {
    let document = org
        .org
        .documents
        .iter()
        .find(|d| d.path == path)
        .expect("the document was found");
    document
        .authors
        .iter()
        .zip(&document.author_links)
        .map(|(id, how)| (org.org.people.get(*id).handle.clone(), *how))
        .collect()
}

fn pep(author: &str) -> String {
    format!(
        "PEP: 9\nTitle: A proposal\nAuthor: {author}\nStatus: Draft\nCreated: 01-Feb-2025\n\n{PROSE}"
    )
}

/// PEP 9, committed by an editor, its header naming `authors`: the
/// organization and the PEP's credits.
fn credited(authors: &str) -> (TestOrg, Vec<(String, &'static str)>) {
    let org = pep_repository()
        .document("editor", "peps", 10, "peps/pep-0009.rst", &pep(authors))
        .build();
    let credits = credits(&org, "peps/pep-0009.rst");
    (org, credits)
}

#[test]
fn an_address_in_the_header_finds_who_committed_under_it() {
    let by_address = [("guido".into(), "its address in the header is theirs")];
    assert_eq!(credited("Guido <guido@old.example>").1, by_address);
}

#[test]
fn an_obfuscated_address_is_an_address() {
    let by_address = [("guido-2".into(), "its address in the header is theirs")];
    assert_eq!(credited("Guido <guido at new.example>").1, by_address);
}

#[test]
fn an_unknown_address_falls_back_to_the_only_person_of_the_name() {
    let (org, credits) = credited("Ana Lima <ana@work.example>");
    assert_eq!(
        credits,
        [("ana-lima".into(), "the only person of that name")]
    );
    let people = org.org.people.lookup("Ana Lima");
    assert_eq!(people.len(), 1, "no commitless second Ana");
}

#[test]
fn of_several_people_of_a_name_the_one_who_wrote_it_then_a_stated_guess() {
    let org = pep_repository()
        .document(
            "Guido <guido@old.example>",
            "peps",
            10,
            "peps/pep-0009.rst",
            &pep("Guido"),
        )
        .document("editor", "peps", 11, "peps/pep-0010.rst", &pep("Guido"))
        .build();
    assert_eq!(
        credits(&org, "peps/pep-0009.rst"),
        [(
            "guido".into(),
            "of the people of that name, the one who wrote to it"
        )]
    );
    let guess = credits(&org, "peps/pep-0010.rst");
    assert_eq!(guess[0].0, "guido-2", "three commits against two");
    assert!(guess[0].1.starts_with("a guess"), "{guess:?}");
}

#[test]
fn every_author_of_a_continued_field_is_credited() {
    let header =
        "Ana Lima <ana@x.example>,\n        Guido <guido@new.example>,\n        Nobody Known";
    let handles: Vec<String> = credited(header)
        .1
        .into_iter()
        .map(|(handle, _)| handle)
        .collect();
    assert_eq!(handles, ["ana-lima", "guido-2", "nobody-known"]);
}

/// The document `path` as resolved, with its credits.
fn document<'o>(org: &'o TestOrg, path: &str) -> &'o crate::resolve::ResolvedDocument {
    org.org
        .documents
        .iter()
        .find(|d| d.path == path)
        .expect("the document was found")
}

#[test]
fn an_rfc_merged_by_renaming_it_is_its_writers() {
    // Ana proposes 0000-retry.md last year; Bo merges it by renaming it
    // to its number this year.
    let rfc = &format!("- Feature Name: `retry`\n\n# Summary\n\n{PROSE}");
    let org = OrgBuilder::new()
        .commit("ana", "rfcs", -100, &[("rfcs/0000-retry.md", 40)])
        .commit("ana", "rfcs", -90, &[("rfcs/0000-retry.md", 5)])
        .rename(
            "bo",
            "rfcs",
            10,
            ("rfcs/0000-retry.md", "rfcs/2345-retry.md"),
            45,
        )
        .head_file("rfcs", "rfcs/2345-retry.md", rfc)
        .build();
    let credits = credits(&org, "rfcs/2345-retry.md");
    assert_eq!(credits[0].0, "ana", "{credits:?}");
    assert!(credits[0].1.contains("through its renames"), "{credits:?}");
    let first = crate::testing::START - 100 * 86_400;
    assert!(
        (document(&org, "rfcs/2345-retry.md").date - first).abs() < 86_400,
        "dated at its first commit"
    );
}

#[test]
fn renames_git_would_see_are_followed_and_a_templates_past_is_not() {
    let rfc = &format!("# An RFC\n\n{PROSE}");
    let org = OrgBuilder::new()
        // Dee keeps the template; its history is hers.
        .commit("dee", "rfcs", -300, &[("rfcs/0000-template.md", 30)])
        .commit("dee", "rfcs", -250, &[("rfcs/0000-template.md", 30)])
        // A word added to the name under the same number.
        .commit("ana", "rfcs", -200, &[("rfcs/0003-doctor.md", 50)])
        .rename(
            "bo",
            "rfcs",
            -150,
            ("rfcs/0003-doctor.md", "rfcs/0003-cli-doctor.md"),
            50,
        )
        // A rename to an unrelated name, the only one in its commit.
        .commit("cy", "rfcs", -100, &[("rfcs/0066-draft.md", 60)])
        .rename(
            "bo",
            "rfcs",
            -90,
            ("rfcs/0066-draft.md", "rfcs/0091-weakmap.md"),
            60,
        )
        // Eve writes her proposal over a copy of the template, then names it.
        .commit("eve", "rfcs", -80, &[("rfcs/0000-template.md", 25)])
        .rename(
            "eve",
            "rfcs",
            -70,
            ("rfcs/0000-template.md", "rfcs/0105-deps.md"),
            25,
        )
        // Fay's squashed proposal lands at the template's path by mistake;
        // Bo renames it.
        .commit("fay", "rfcs", -60, &[("rfcs/0000-template.md", 102)])
        .rename(
            "bo",
            "rfcs",
            -59,
            ("rfcs/0000-template.md", "rfcs/0449-partials.md"),
            102,
        )
        // Later edits of an old path belong to whatever lives there now.
        .commit("gus", "rfcs", -10, &[("rfcs/0066-draft.md", 500)])
        .head_file("rfcs", "rfcs/0003-cli-doctor.md", rfc)
        .head_file("rfcs", "rfcs/0091-weakmap.md", rfc)
        .head_file("rfcs", "rfcs/0105-deps.md", rfc)
        .head_file("rfcs", "rfcs/0449-partials.md", rfc)
        .build();
    let first = |path: &str| credits(&org, path)[0].0.clone();
    assert_eq!(first("rfcs/0003-cli-doctor.md"), "ana");
    assert_eq!(
        first("rfcs/0091-weakmap.md"),
        "cy",
        "not gus, who wrote there later"
    );
    assert_eq!(
        first("rfcs/0105-deps.md"),
        "eve",
        "not dee, who keeps the template"
    );
    assert_eq!(first("rfcs/0449-partials.md"), "fay");
}

#[test]
fn a_folder_moved_by_someone_else_keeps_its_writer() {
    let org = OrgBuilder::new()
        .commit("ana", "api", -50, &[("docs/guide.md", 120)])
        .rename(
            "bo",
            "api",
            20,
            ("docs/guide.md", "docs/book/guide.md"),
            120,
        )
        .head_file("api", "docs/book/guide.md", &format!("# Guide\n\n{PROSE}"))
        .build();
    assert_eq!(credits(&org, "docs/book/guide.md")[0].0, "ana");
}

#[test]
fn a_mass_move_of_every_document_is_nobodys_writing_but_keeps_histories() {
    // 80 proposals of 120 lines each, written by ana and ben, moved in one
    // commit (a mass change: 160 files, 19,200 lines) into their final folder.
    let mut org = OrgBuilder::new();
    let mut moved: Vec<(String, u32)> = Vec::new();
    for n in 0..80 {
        let writer = if n % 2 == 0 { "ana" } else { "ben" };
        let old = format!("rfcs/active/{n:04}-idea.md");
        org = org.commit(writer, "rfcs", -200 + n, &[(old.as_str(), 120)]);
        moved.push((old, 120));
    }
    let files: Vec<(String, u32)> = moved
        .iter()
        .map(|(old, lines)| (old.replace("active/", "text/"), *lines))
        .collect();
    let added: Vec<(&str, u32)> = files.iter().map(|(p, l)| (p.as_str(), *l)).collect();
    org = org.commit_with("cy", "rfcs", 30, "Move every RFC", &added);
    let mass = org.last_commit_mut();
    for (old, lines) in &moved {
        mass.files.push(model::FileChange {
            path: old.clone(),
            added: 0,
            removed: *lines,
            binary: false,
        });
    }
    let org = org
        .head_file("rfcs", "rfcs/text/0003-idea.md", PROSE)
        .head_file("rfcs", "rfcs/text/0004-idea.md", PROSE)
        .build();
    assert_eq!(credits(&org, "rfcs/text/0003-idea.md")[0].0, "ben");
    assert_eq!(credits(&org, "rfcs/text/0004-idea.md")[0].0, "ana");
}

#[test]
fn a_kep_approver_across_teams_reviewed_its_authors_proposal() {
    // Cy, in storage, approves ana's KEP from payments: a design review
    // across teams, dated with the KEP.
    let kep = "title: Node swap\nkep-number: 1234\nauthors:\n  - \"@ana\"\nreviewers: [\"@ana\"]\napprovers: [\"@cy\"]\nstatus: implementable\ncreation-date: 2025-03-01\n";
    let org = OrgBuilder::new()
        .team(
            "payments",
            &["ana"],
            &[("enhancements", "keps/sig-payments/")],
        )
        .team("storage", &["cy"], &[("storage", "src/")])
        .commit("cy", "storage", 1, &[("src/s.rs", 10)])
        .document(
            "ana",
            "enhancements",
            5,
            "keps/sig-payments/1234-swap/kep.yaml",
            kep,
        )
        .build();
    let reviews: Vec<(&str, String)> = org
        .org
        .reviews
        .iter()
        .map(|r| (r.verb, r.origin.clone()))
        .collect();
    assert_eq!(
        reviews,
        [(
            "design review",
            "KEP-1234, which names them as a reviewer or approver".to_string()
        )],
        "the author naming herself is no review"
    );
    let measures = org.measure();
    assert_eq!(measures.value("cy", "reviews_given"), Some(1.0));
    assert_eq!(measures.value("cy", "reviews_given_other_teams"), Some(1.0));
}
