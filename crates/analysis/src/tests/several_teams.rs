//! People in several teams at once: none of their teams is another team
//! reached.

use crate::testing::OrgBuilder;

#[test]
fn a_person_in_two_teams_reaches_neither_by_working_in_it() {
    // Ana is in platform and, at the same time, in payments; Carl is in
    // search only. Ana reviews Ben (payments) and Carl (search) three
    // times each and changes payments' code.
    let mut builder = OrgBuilder::new()
        .team("platform", &["ana"], &[("infra", "src/")])
        .team("payments", &["ana", "ben"], &[("payments-api", "src/")])
        .team("search", &["carl"], &[("search", "src/")])
        .commit("ana", "infra", 0, &[("src/deploy.rs", 30)]);
    for day in 1..=3 {
        builder = builder
            .reviewed("ana", "ben", "payments-api", day)
            .reviewed("ana", "carl", "search", day)
            .commit("ana", "payments-api", 10 + day, &[("src/ledger.rs", 40)]);
    }
    let org = builder.build();
    let measures = org.measure();
    let reached: Vec<String> = measures.person("ana").unwrap().metrics["teams_reached"]
        .items
        .iter()
        .map(|i| i.label.clone())
        .collect();
    assert_eq!(reached, ["search"]);
    let said: Vec<String> = org
        .org
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        said.iter()
            .any(|d| d.contains("1 person is in several teams at once")),
        "{said:?}"
    );
}
