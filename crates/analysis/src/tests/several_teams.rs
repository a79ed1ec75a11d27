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
    let said = org.said();
    assert!(
        said.iter()
            .any(|d| d.contains("1 person is in several teams at once")),
        "{said:?}"
    );
}

#[test]
fn of_the_teams_someone_is_in_at_once_the_home_is_where_their_code_is() {
    // Josh is in cargo (first in the file) and lang; he writes lang's code.
    // Ed is in both as well, with no code in either: the file's order.
    let org = OrgBuilder::new()
        .team("cargo", &["josh", "ed"], &[("cargo", "src/")])
        .team("lang", &["josh", "ed"], &[("rust", "compiler/")])
        .commit("josh", "rust", 1, &[("compiler/parse.rs", 200)])
        .commit("josh", "cargo", 2, &[("src/ops.rs", 10)])
        .commit("ed", "book", 3, &[("ch01.md", 10)])
        .build();
    let home = |handle: &str| {
        let person = org.org.people.lookup(handle)[0];
        let home = org
            .org
            .home_at(person, crate::testing::START + 5 * 86_400)
            .unwrap();
        (org.org.team(home.team).name.clone(), home.inferred)
    };
    assert_eq!(home("josh"), ("lang".to_string(), false));
    assert_eq!(home("ed"), ("cargo".to_string(), false));
}
