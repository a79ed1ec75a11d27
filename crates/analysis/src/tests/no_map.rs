//! Without any team map, areas inferred from the repository stand in for
//! teams: a single repository still has scope, marked as a proxy.

use crate::testing::OrgBuilder;

#[test]
fn without_a_team_map_areas_of_the_repository_stand_in_for_teams() {
    // Ana works in refs and, three times, in diff; Ben only in diff.
    let mut builder = OrgBuilder::new();
    for day in 1..=6 {
        builder = builder
            .commit("ana", "git", day, &[("refs/files.c", 40), ("refs.h", 5)])
            .commit("ben", "git", day, &[("diff.c", 30), ("diff.h", 5)]);
    }
    for day in 10..=12 {
        builder = builder.commit("ana", "git", day, &[("diff-lib.c", 30), ("t/t1.sh", 90)]);
    }
    let org = builder.build();
    let names: Vec<&str> = org.org.teams.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["git:refs", "git:diff*"]);
    assert!(org.org.areas_inferred());
    let measures = org.measure();
    let ana = measures.person("ana").unwrap();
    assert_eq!(ana.homes.len(), 1);
    assert_eq!(org.org.team(ana.homes[0].0).name, "git:refs");
    assert!(ana.homes[0].1, "an area is never a declared home");
    let reached: Vec<&str> = ana.metrics["teams_reached"]
        .items
        .iter()
        .map(|i| i.label.as_str())
        .collect();
    assert_eq!(reached, ["git:diff*"]);
    assert_eq!(measures.value("ben", "teams_reached"), Some(0.0));
}

#[test]
fn a_team_map_of_any_kind_means_no_inferred_areas() {
    let org = OrgBuilder::new()
        .team("refs", &["ana"], &[("git", "refs/")])
        .commit("ana", "git", 1, &[("refs/files.c", 40)])
        .commit("ben", "git", 2, &[("diff.c", 30), ("diff.h", 5)])
        .build();
    assert!(!org.org.areas_inferred());
    assert_eq!(org.org.teams.len(), 1);
}
