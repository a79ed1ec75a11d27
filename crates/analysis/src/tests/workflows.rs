//! One review model for the workflows organizations use: who gets which
//! credit, from the history itself, with the origin the evidence shows.

use crate::testing::{OrgBuilder, TestOrg};

/// Each review as (reviewer's handle, author's handle, verb, origin).
fn reviews(org: &TestOrg) -> Vec<(String, String, &'static str, String)> {
    let handle = |id| org.org.people.get(id).handle.clone();
    org.org
        .reviews
        .iter()
        .map(|r| {
            (
                handle(r.reviewer),
                handle(r.author),
                r.verb,
                r.origin.clone(),
            )
        })
        .collect()
}

#[test]
fn a_merge_queue_merge_is_its_approvers_review() {
    let org = OrgBuilder::new()
        .queue_merge("cargo", 1, (17382, "ana"), "ed")
        .queue_merge("cargo", 2, (17383, "ed"), "ed")
        .build();
    assert_eq!(
        reviews(&org),
        [(
            "ed".into(),
            "ana".into(),
            "merge",
            "GitHub merge queue merge of #17382, queued by its approver".into()
        )],
        "his own pull request is no review"
    );
    assert_eq!(org.measure().value("ed", "reviews_given"), Some(1.0));
}

#[test]
fn a_maintainer_applying_patches_integrates_them_once() {
    // Junio applies ana's patch from the list, then merges her topic: one
    // credit, for the patch. Ben's topic came as commits of his own.
    let org = OrgBuilder::new()
        .applied("ana", "junio", "git", 1)
        .topic_merge("git", 2, ("an/fix-leak", "ana"), ("junio", ""), true)
        .topic_merge("git", 3, ("bn/speedup", "ben"), ("junio", ""), false)
        .build();
    let found = reviews(&org);
    let applied = "applied the patch (its committer, who signed it off)";
    assert!(
        found.contains(&("junio".into(), "ana".into(), "apply", applied.into())),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            "junio".into(),
            "ben".into(),
            "merge",
            "merge of topic branch 'bn/speedup'".into()
        )),
        "{found:?}"
    );
    // The applied topic's patch and the applied patch: two; the merge of
    // ana's applied topic adds nothing; ben's topic: one.
    assert_eq!(found.len(), 3, "{found:?}");
    let measures = org.measure();
    assert_eq!(measures.value("junio", "reviews_given"), Some(3.0));
    assert_eq!(
        measures.value("junio", "commits"),
        Some(0.0),
        "merges are not coding"
    );
}

#[test]
fn a_gitlab_merge_request_is_one_review_of_the_request() {
    let org = OrgBuilder::new()
        .topic_merge(
            "api",
            1,
            ("retry", "ana"),
            ("bo", "Retry on timeout\n\nSee merge request acme/api!42"),
            false,
        )
        .build();
    assert_eq!(
        reviews(&org),
        [(
            "bo".into(),
            "ana".into(),
            "merge",
            "merge of branch 'retry' (merge request !42)".into()
        )]
    );
}

#[test]
fn help_and_mentoring_trailers_credit_who_shaped_the_change() {
    let org = OrgBuilder::new()
        .commit_with(
            "ana",
            "git",
            1,
            "Fix the parser\n\nHelped-by: Ben <ben@acme.example>\nMentored-by: Cy <cy@acme.example>\nCo-developed-by: Dee <dee@acme.example>",
            &[("parse.c", 10)],
        )
        .build();
    let found: Vec<(String, &str)> = reviews(&org)
        .into_iter()
        .map(|(reviewer, _, verb, _)| (reviewer, verb))
        .collect();
    assert_eq!(found, [("ben".into(), "help"), ("cy".into(), "mentoring")]);
    let measures = org.measure();
    assert_eq!(measures.value("dee", "commits"), Some(1.0), "a co-author");
}

/// `search` records reviews in trailers; `tools` does not.
fn mixed_recording() -> OrgBuilder {
    let mut org = OrgBuilder::new()
        .reviewed("ben", "cy", "search", 1)
        .reviewed("cy", "ben", "search", 2);
    for day in 3..12 {
        org = org.commit("ana", "tools", day, &[("t.py", 3)]);
    }
    org
}

#[test]
fn no_review_found_is_no_data_unless_most_work_is_where_reviews_are_recorded() {
    // One commit of ana's ten is in a repository that records reviews.
    let org = mixed_recording()
        .commit("ana", "search", 12, &[("q.rs", 3)])
        .build();
    let measures = org.measure();
    assert_eq!(measures.value("ana", "reviews_given"), None);
    let why = &measures.person("ana").unwrap().metrics["reviews_given"].items[0].detail;
    assert!(why.starts_with("1 of the person's 10 commits"), "{why}");
    // Most of cy's work is where reviews are recorded: a measured zero is fair.
    let org = mixed_recording()
        .commit("dee", "search", 12, &[("q.rs", 3)])
        .build();
    assert_eq!(org.measure().value("dee", "reviews_given"), Some(0.0));
}

#[test]
fn a_review_received_does_not_turn_no_data_into_zero() {
    let org = mixed_recording()
        .reviewed("ben", "ana", "search", 13)
        .build();
    assert_eq!(org.measure().value("ana", "reviews_given"), None);
}

#[test]
fn too_little_activity_to_judge_is_never_a_failure_mode() {
    use crate::assess::{Outcome, assess};
    // Ten commits, no reviews, no documents in a team of three whose
    // others write: every failure mode's conditions but the activity
    // minimum hold.
    let mut org = OrgBuilder::new()
        .team("api", &["ana", "ben", "cy"], &[("api", "")])
        .reviewed("ben", "cy", "api", 1)
        .document("ben", "api", 2, "docs/design/cache.md", "# Cache\n\nWhy.\n")
        .document(
            "cy",
            "api",
            3,
            "postmortems/2025-01-04-outage.md",
            "---\ntitle: Outage\ntype: postmortem\nauthors: [cy]\n---\n# Outage\n",
        );
    for day in 4..14 {
        org = org.commit("ana", "api", day, &[("a.rs", 40)]);
    }
    let org = org.build();
    let measures = org.measure();
    let ana = measures.person("ana").expect("active");
    let rubric = crate::testing::default_rubric();
    let assessment = assess(&rubric, &measures.measures.sources, &ana.metrics);
    let found: Vec<&str> = assessment
        .failure_modes
        .iter()
        .filter(|mode| mode.outcome == Outcome::Found)
        .map(|mode| mode.id.as_str())
        .collect();
    assert_eq!(found, Vec::<&str>::new());
    let minimum = assessment.failure_modes.iter().all(|mode| {
        mode.conditions
            .iter()
            .any(|c| c.condition == "commits >= 30" && c.holds == Some(false))
    });
    assert!(
        minimum,
        "each says the minimum it needs, and that it is not met"
    );
}

#[test]
fn a_topic_applied_before_the_window_is_not_credited_again_when_merged() {
    // Junio applied ana's patch last year and merges her topic now: the
    // merge adds no review. Ben's topic, his own commit of last year, is one.
    let org = OrgBuilder::new()
        .commit("cy", "git", -60, &[("base.c", 3)])
        .applied("ana", "junio", "git", -30)
        .merge_last("git", 5, "junio", "Merge branch 'an/fix-leak'")
        .commit("ben", "git", -20, &[("speed.c", 3)])
        .merge_last("git", 6, "junio", "Merge branch 'bn/speedup'")
        .build();
    let merges: Vec<(String, String, &str, String)> = reviews(&org)
        .into_iter()
        .filter(|(_, _, verb, _)| *verb == "merge")
        .collect();
    assert_eq!(
        merges,
        [(
            "junio".into(),
            "ben".into(),
            "merge",
            "merge of topic branch 'bn/speedup'".into()
        )]
    );
}

#[test]
fn merging_ones_own_change_from_a_second_address_is_no_review() {
    let org = OrgBuilder::new()
        .github_merge(
            "am",
            1,
            (7, "beorn7", "Bjoern Rabenstein <b@home.example>"),
            "Björn Rabenstein <b@work.example>",
        )
        .build();
    assert_eq!(reviews(&org), []);
}
