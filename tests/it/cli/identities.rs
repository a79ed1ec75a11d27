//! `identities`: listed with masked emails, suggested merges, and merges
//! only once an identities file confirms them.

use crate::common::at;

use super::{CONFIG, small_org};

#[test]
fn identities_are_listed_suggested_and_merged_only_when_confirmed() {
    let org = small_org();
    let search = org.existing("search");
    search.commit(
        ("Sue  Search", "sue.search@home.example"),
        at("2025-04-01"),
        &[("x.py", Some("x\n"))],
        "from home",
    );
    search.commit(
        ("Sam Staff", "sam@personal.example"),
        at("2025-04-02"),
        &[("y.py", Some("y\n"))],
        "weekend fix",
    );
    org.write("staffscope.toml", CONFIG);
    org.run(&["collect"]).success();

    let listed = org.run(&["identities"]).success().stdout();
    assert!(
        listed.contains("s***@acme.example"),
        "emails are masked by default\n{listed}"
    );
    assert!(!listed.contains("sue@acme.example"), "{listed}");

    let suggested = org
        .run(&["identities", "--suggest", "--format", "json"])
        .success()
        .json();
    let groups: Vec<Vec<&str>> = suggested
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            g["people"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["handle"].as_str().unwrap())
                .collect()
        })
        .collect();
    // Handles are slugs of names, never email local parts; the second
    // person of a name gets a number in the order they appeared.
    assert!(
        groups.contains(&vec!["sam-staff", "sam-staff-2"]),
        "{groups:?}"
    );
    assert!(
        groups.contains(&vec!["sue-search", "sue-search-2"]),
        "{groups:?}"
    );
    // Nothing was merged on the guess.
    org.run(&["report", "sam-staff-2"])
        .success()
        .stdout_has("# Sam Staff (@sam-staff-2)");

    let pasted = org
        .run(&["identities", "--suggest", "--show-emails"])
        .success()
        .stdout();
    assert!(
        pasted.contains("emails = [\"sam@acme.example\", \"sam@personal.example\"]"),
        "{pasted}"
    );

    // Confirming in the identities file merges without collecting again.
    org.write(
        "identities.toml",
        "[[person]]\nhandle = \"sam\"\nname = \"Sam Staff\"\nemails = [\"sam@acme.example\", \"sam@personal.example\"]\n",
    );
    org.write(
        "staffscope.toml",
        &format!("identities_file = \"identities.toml\"\n{CONFIG}"),
    );
    let after = org
        .run(&["identities", "--suggest", "--format", "json"])
        .success()
        .json();
    assert!(!after.to_string().contains("sam-staff-2"), "{after}");
    org.run(&["report", "sam-staff-2"])
        .expect_code(1)
        .stderr_has("no person matches");
    let sam = org
        .run(&["report", "sam", "--format", "json"])
        .success()
        .json();
    let commits = sam["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "operating-mix")
        .unwrap()["evidence"][0]["evidence"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(commits, 6);
}
