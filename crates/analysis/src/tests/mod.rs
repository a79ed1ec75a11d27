//! Resolve and measure together, on small organizations written as plain
//! values ([`crate::testing::OrgBuilder`]): each test states who did what and
//! the numbers that follow, as the rubric's users would read them.

mod document_roles;
mod documents;
mod hierarchy;
mod no_map;
mod several_teams;
mod suggestions;
mod workflows;

use crate::testing::{OrgBuilder, TestOrg};

/// Two teams, each owning its repository's `src/`.
fn two_teams() -> OrgBuilder {
    OrgBuilder::new()
        .team("payments", &["ana", "carl"], &[("payments-api", "src/")])
        .team("search", &["ben", "dana"], &[("search", "src/")])
}

/// Three teams, for scope across more than one other team.
fn three_teams() -> OrgBuilder {
    two_teams().team("identity", &["eve"], &[("identity", "src/")])
}

fn check(org: TestOrg, handle: &str, metric: &str, expected: Option<f64>) {
    let measures = org.measure();
    assert_eq!(
        measures.value(handle, metric),
        expected,
        "{handle}'s {metric}"
    );
}

#[test]
fn commits_count_once_each_and_lines_add_up() {
    let org = two_teams()
        .commit(
            "ana",
            "payments-api",
            1,
            &[("src/a.rs", 10), ("src/b.rs", 5)],
        )
        .commit("ana", "payments-api", 2, &[("src/a.rs", 7)])
        .build();
    let measures = org.measure();
    assert_eq!(measures.value("ana", "commits"), Some(2.0));
    assert_eq!(measures.value("ana", "lines_changed"), Some(22.0));
}

#[test]
fn code_in_another_teams_area_reaches_it_only_when_material() {
    // Three commits of 10 lines each in search's code: material by lines
    // (20) and by interactions (3).
    let reached = two_teams()
        .commit("ana", "search", 1, &[("src/q.rs", 10)])
        .commit("ana", "search", 2, &[("src/q.rs", 10)])
        .commit("ana", "search", 3, &[("src/q.rs", 10)])
        .build();
    check(reached, "ana", "code_teams_reached", Some(1.0));

    // One small commit there is a drive-by, not a team reached.
    let drive_by = two_teams()
        .commit("ana", "payments-api", 1, &[("src/a.rs", 50)])
        .commit("ana", "search", 2, &[("src/q.rs", 3)])
        .build();
    check(drive_by, "ana", "code_teams_reached", Some(0.0));
}

#[test]
fn dependency_updates_and_sweeps_reach_no_team() {
    // Five dependency bumps in search's repository: commits, not reach.
    let mut bumps = two_teams();
    for day in 1..=5 {
        bumps = bumps.commit(
            "ana",
            "search",
            day,
            &[("src/Cargo.toml", 2), ("src/Cargo.lock", 40)],
        );
    }
    let bumps = bumps.build();
    let measures = bumps.measure();
    assert_eq!(measures.value("ana", "commits"), Some(5.0));
    assert_eq!(measures.value("ana", "code_teams_reached"), Some(0.0));
    let excluded = &measures.person("ana").unwrap().excluded;
    assert_eq!(excluded.len(), 5);
    assert!(
        excluded[0].1.starts_with("a dependency update"),
        "{excluded:?}"
    );

    // A generated report written into eleven teams' folders at once, three
    // times: a sweep, not eleven teams reached.
    let names = [
        "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10", "t11",
    ];
    let mut org = OrgBuilder::new().team("core", &["ana"], &[("mono", "core/")]);
    for name in names {
        org = org.team(name, &[], &[("mono", &format!("{name}/"))]);
    }
    let paths: Vec<String> = names.iter().map(|n| format!("{n}/report.md")).collect();
    let files: Vec<(&str, u32)> = paths.iter().map(|p| (p.as_str(), 30)).collect();
    for day in 1..=3 {
        org = org.commit("ana", "mono", day, &files);
    }
    let org = org.build();
    let measures = org.measure();
    assert_eq!(measures.value("ana", "code_teams_reached"), Some(0.0));
    let excluded = &measures.person("ana").unwrap().excluded;
    assert!(
        excluded[0].1.starts_with("a sweep across 11 teams"),
        "{excluded:?}"
    );
}

#[test]
fn work_in_the_own_team_reaches_no_other_team() {
    let org = three_teams()
        .commit("ana", "payments-api", 1, &[("src/a.rs", 40)])
        .commit("ana", "payments-api", 2, &[("src/a.rs", 40)])
        .commit("ana", "payments-api", 3, &[("src/a.rs", 40)])
        .build();
    check(org, "ana", "teams_reached", Some(0.0));
}

#[test]
fn review_trailers_credit_the_reviewer_and_cross_team_reviews_count_apart() {
    let mut builder = three_teams();
    for day in 1..=3 {
        builder = builder.commit_with(
            "ben",
            "search",
            day,
            "Speed up the query planner\n\nReviewed-by: Ana <ana@acme.example>",
            &[("src/q.rs", 30)],
        );
    }
    builder = builder.commit_with(
        "carl",
        "payments-api",
        4,
        "Round amounts once\n\nReviewed-by: Ana <ana@acme.example>",
        &[("src/a.rs", 30)],
    );
    let measures = builder.build();
    let measures = measures.measure();
    assert_eq!(measures.value("ana", "reviews_given"), Some(4.0));
    assert_eq!(
        measures.value("ana", "reviews_given_other_teams"),
        Some(3.0)
    );
    assert_eq!(measures.value("ana", "review_teams"), Some(1.0));
    assert_eq!(measures.value("ben", "reviews_received"), Some(3.0));
}

#[test]
fn reviews_across_three_teams_make_three_teams_reached() {
    let mut builder = three_teams().team("mobile", &["finn"], &[("mobile", "src/")]);
    for (author, repo) in [("ben", "search"), ("eve", "identity"), ("finn", "mobile")] {
        for day in 1..=3 {
            builder = builder.reviewed("ana", author, repo, day);
        }
    }
    check(builder.build(), "ana", "teams_reached", Some(3.0));
}

#[test]
fn a_person_with_no_activity_in_the_window_is_not_measured() {
    let org = two_teams()
        .commit("ana", "payments-api", 1, &[("src/a.rs", 10)])
        .build();
    let measures = org.measure();
    assert!(measures.person("ana").is_some());
    assert!(measures.person("ben").is_none(), "ben did nothing");
}

#[test]
fn code_review_exports_credit_approvals() {
    let org = two_teams()
        .commit("ben", "search", 1, &[("src/q.rs", 10)])
        .pull_request("search", 7, "ben", 1, &["ana", "dana"])
        .pull_request("search", 8, "ben", 2, &["ana"])
        .build();
    let measures = org.measure();
    assert_eq!(measures.value("ana", "reviews_given"), Some(2.0));
    assert_eq!(measures.value("dana", "reviews_given"), Some(1.0));
}

/// ana commits as `ana@acme.example`; bors names her pull requests by her
/// login, `ana-gh`, and her reviews of others' by `r=ana-gh`.
fn bors_organization() -> OrgBuilder {
    two_teams()
        .commit("ana", "payments-api", 1, &[("src/a.rs", 30)])
        .bors_merge("payments-api", 2, (11, "ana-gh", "ana"), &["carl"])
        .bors_merge("payments-api", 3, (12, "ana-gh", "ana"), &["carl"])
        .bors_merge("search", 4, (13, "ben-gh", "ben"), &["ana-gh"])
}

#[test]
fn a_login_bors_names_with_the_commits_it_merges_is_that_person() {
    let org = bors_organization().build();
    let measures = org.measure();
    // Her review of ben's pull request is hers, not a commitless `ana-gh`'s;
    // her login is her handle.
    assert_eq!(measures.value("ana-gh", "reviews_given"), Some(1.0));
    assert_eq!(
        measures.value("ana-gh", "commits"),
        Some(3.0),
        "hers and her branches'"
    );
    assert!(measures.person("ana").is_none(), "no second ana");
    let ana = org.org.people.by_login("ana-gh").expect("linked");
    assert_eq!(
        org.org.people.login_links(ana),
        vec![(
            "ana-gh".to_string(),
            "bors merges naming it brought in branches by this person (2 of 2)".to_string()
        )],
        "the link says how it was decided"
    );
}

#[test]
fn a_login_linked_before_the_window_is_the_same_person_in_it() {
    // ana's two merges are from the year before the window; her review of
    // ben's pull request is in it. Who is who does not depend on the window.
    let org = two_teams()
        .commit("ana", "payments-api", -300, &[("src/a.rs", 30)])
        .bors_merge("payments-api", -200, (11, "ana-gh", "ana"), &["carl"])
        .bors_merge("payments-api", -100, (12, "ana-gh", "ana"), &["carl"])
        .commit("ana", "payments-api", 1, &[("src/b.rs", 3)])
        .bors_merge("search", 4, (13, "ben-gh", "ben"), &["ana-gh"])
        .build();
    let measures = org.measure();
    assert_eq!(measures.value("ana-gh", "reviews_given"), Some(1.0));
    assert_eq!(measures.value("ana-gh", "commits"), Some(1.0));
    assert!(measures.person("ana").is_none(), "no second ana");
}

#[test]
fn a_login_whose_merged_branches_disagree_is_not_linked() {
    // `pair` merged one branch written by ana and one by ben: whose login
    // it is cannot be told, so it stays a login of its own.
    let org = bors_organization()
        .bors_merge("payments-api", 5, (14, "pair", "ana"), &["carl"])
        .bors_merge("search", 6, (15, "pair", "ben"), &["dana"])
        .build();
    assert_eq!(org.org.people.by_login("pair"), None);
    assert!(org.org.people.by_login("ana-gh").is_some());
}

#[test]
fn an_owner_github_merges_name_with_branches_one_person_wrote_is_that_person() {
    // ana's fork `ana-gh` is merged twice; the organization's own branches
    // (`acme/...`) were written by three people, so `acme` is no one.
    let org = two_teams()
        .github_merge("search", 1, (21, "ana-gh", "ana"), "ben")
        .github_merge("search", 2, (22, "ana-gh", "ana"), "ben")
        .github_merge("search", 3, (23, "acme", "ana"), "ben")
        .github_merge("search", 4, (24, "acme", "ben"), "ana")
        .github_merge("search", 5, (25, "acme", "dana"), "ana")
        .pull_request("search", 30, "ben", 6, &["ana-gh", "acme"])
        .build();
    let ana = org.org.people.by_login("ana-gh").expect("linked");
    assert_eq!(
        org.org.people.login_links(ana),
        [(
            "ana-gh".to_string(),
            "GitHub merges naming it brought in branches by this person (2 of 2)".to_string()
        )]
    );
    assert_eq!(org.org.people.by_login("acme"), None);
    let measures = org.measure();
    // Her approval of #30 by login, and the two branches of others she merged.
    assert_eq!(measures.value("ana-gh", "reviews_given"), Some(3.0));
}

#[test]
fn one_name_committing_from_two_addresses_under_one_login_is_one_person() {
    // Neither address alone has four fifths of jonhoo's merges; his name
    // has all of them.
    let jon = |address: &str| format!("Jon Gjengset <{address}>");
    let org = OrgBuilder::new()
        .bors_merge("cargo", 1, (1, "jonhoo", &jon("jon@a.example")), &["ana"])
        .bors_merge("cargo", 2, (2, "jonhoo", &jon("jon@a.example")), &["ana"])
        .bors_merge("cargo", 3, (3, "jonhoo", &jon("jon@b.example")), &["ana"])
        .bors_merge("cargo", 4, (4, "ana", "Ana <ana@x.example>"), &["jonhoo"])
        .build();
    let people = &org.org.people;
    let [jon] = people.by_name("Jon Gjengset")[..] else {
        panic!("one Jon: {:?}", people.by_name("Jon Gjengset"));
    };
    assert_eq!(people.by_login("jonhoo"), Some(jon));
    assert_eq!(people.get(jon).emails().count(), 2);
    assert!(
        people.get(jon).joined[0].contains("bors merges naming login `jonhoo`"),
        "{:?}",
        people.get(jon).joined
    );
    let measures = org.measure();
    assert_eq!(measures.value("jonhoo", "reviews_given"), Some(1.0));
    // The repository's first commit and his three branches.
    assert_eq!(measures.value("jonhoo", "commits"), Some(4.0));
}

#[test]
fn a_no_reply_identity_and_the_one_a_logins_merges_bring_in_are_one_person() {
    let org = OrgBuilder::new()
        .commit(
            "Weihang Lo <1234+weihanglo@users.noreply.github.com>",
            "cargo",
            1,
            &[("src/a.rs", 5)],
        )
        .bors_merge(
            "cargo",
            2,
            (1, "weihanglo", "Weihang Lo <me@wl.example>"),
            &["ana"],
        )
        .bors_merge(
            "cargo",
            3,
            (2, "weihanglo", "Weihang Lo <me@wl.example>"),
            &["ana"],
        )
        .build();
    let people = &org.org.people;
    assert_eq!(people.by_name("Weihang Lo").len(), 1);
    assert_eq!(org.measure().value("weihanglo", "commits"), Some(3.0));
}

#[test]
fn different_people_sharing_a_login_s_merges_are_not_joined() {
    let org = OrgBuilder::new()
        .bors_merge("cargo", 1, (1, "pair", "Ana <ana@x.example>"), &["cy"])
        .bors_merge("cargo", 2, (2, "pair", "Ben <ben@x.example>"), &["cy"])
        .build();
    assert!(org.org.people.all().iter().all(|p| p.joined.is_empty()));
    assert_eq!(org.org.people.by_login("pair"), None);
}

#[test]
fn a_login_named_by_one_merge_only_is_not_linked() {
    // One merge can be a company fork's; ben-gh waits for a second one.
    let org = bors_organization().build();
    assert_eq!(org.org.people.by_login("ben-gh"), None);
}

#[test]
fn merge_robots_are_bots() {
    let org = bors_organization().build();
    let measures = org.measure();
    assert!(measures.person("bors").is_none(), "bors is not a person");
}
