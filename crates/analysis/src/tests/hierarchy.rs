//! Teams inside teams: squads of a tribe, subteams of a team. A sibling
//! squad is another team; another tribe is another group; the tribe a
//! person's squad is part of is their own.

use crate::testing::{OrgBuilder, TestOrg};

/// Commerce (payments, checkout) and platform (infra); ana is in payments.
/// She changes checkout's, infra's and commerce's own code, three commits
/// each, and her own squad's.
fn tribes() -> TestOrg {
    let mut builder = OrgBuilder::new()
        .team("commerce", &["lea"], &[("shop", "shared/")])
        .subteam("payments", "commerce", &["ana"], &[("shop", "payments/")])
        .subteam("checkout", "commerce", &["ben"], &[("shop", "checkout/")])
        .team("platform", &["pia"], &[])
        .subteam("infra", "platform", &["carl"], &[("infra", "src/")]);
    for day in 1..=3 {
        builder = builder
            .commit("ana", "shop", day, &[("payments/ledger.rs", 50)])
            .commit("ana", "shop", 10 + day, &[("checkout/cart.rs", 50)])
            .commit("ana", "shop", 20 + day, &[("shared/money.rs", 50)])
            .commit("ana", "infra", 30 + day, &[("src/deploy.rs", 50)]);
    }
    builder.build()
}

fn labels(org: &TestOrg, handle: &str, metric: &str) -> Vec<String> {
    org.measure().person(handle).unwrap().metrics[metric]
        .items
        .iter()
        .map(|item| item.label.clone())
        .collect()
}

#[test]
fn a_sibling_squad_is_another_team_but_not_another_group() {
    let org = tribes();
    // Her tribe's own code is hers: commerce is not reached.
    assert_eq!(labels(&org, "ana", "teams_reached"), ["checkout", "infra"]);
    assert_eq!(labels(&org, "ana", "groups_reached"), ["platform"]);
    let measures = org.measure();
    let groups = &measures.person("ana").unwrap().metrics["groups_reached"];
    assert_eq!(groups.value, Some(1.0));
    assert_eq!(groups.items[0].detail, "through infra");
    assert_eq!(groups.items[0].evidence.len(), 3);
}

#[test]
fn without_parents_groups_are_not_measured() {
    let org = OrgBuilder::new()
        .team("payments", &["ana"], &[("shop", "payments/")])
        .team("checkout", &["ben"], &[("shop", "checkout/")])
        .commit("ana", "shop", 1, &[("checkout/cart.rs", 50)])
        .build();
    let measures = org.measure();
    let groups = &measures.person("ana").unwrap().metrics["groups_reached"];
    assert_eq!(groups.value, None);
    assert!(groups.items[0].detail.contains("gives no team a parent"));
}

#[test]
fn an_unknown_or_circular_parent_is_reported_and_left_out() {
    let org = OrgBuilder::new()
        .subteam("a", "b", &["ana"], &[])
        .subteam("b", "a", &["ben"], &[])
        .subteam("c", "nowhere", &["carl"], &[])
        .commit("ana", "shop", 1, &[("x.rs", 5)])
        .build();
    let said = org.said();
    assert!(
        said.iter()
            .any(|d| d.contains("team `b`: parent `a` would make it part of itself")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|d| d.contains("team `c`: its parent `nowhere` is not a team in this file")),
        "{said:?}"
    );
    let parent = |name: &str| {
        let team = org.org.team_by_name(name).unwrap();
        org.org
            .team(team)
            .parent
            .map(|p| org.org.team(p).name.clone())
    };
    assert_eq!(parent("a").as_deref(), Some("b"));
    assert_eq!(parent("b"), None);
    assert_eq!(parent("c"), None);
}

#[test]
fn a_declared_primary_team_is_the_home_whatever_the_code_says() {
    // Josh writes lang's code but declares cargo his primary team.
    let org = OrgBuilder::new()
        .teams_toml(
            "[[team]]\nname = \"lang\"\nmembers = [\"josh\"]\n[team.owns]\n\"rust\" = [\"compiler/\"]\n",
        )
        .teams_toml(
            "[[team]]\nname = \"cargo\"\nmembers = [{ who = \"josh\", primary = true }]\n[team.owns]\n\"cargo\" = [\"src/\"]\n",
        )
        .commit("josh", "rust", 1, &[("compiler/parse.rs", 200)])
        .commit("josh", "cargo", 2, &[("src/ops.rs", 10)])
        .build();
    let person = org.org.people.lookup("josh")[0];
    let home = org
        .org
        .home_at(person, crate::testing::START + 5 * 86_400)
        .unwrap();
    assert_eq!(org.org.team(home.team).name, "cargo");
    assert!(!home.inferred);
}
