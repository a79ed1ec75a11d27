//! `init` and a first run: what init finds and writes, and the hints
//! before there is a configuration or a store.

use crate::common::TestOrg;

use super::{CONFIG, small_org};

#[test]
fn init_finds_repositories_and_team_maps() {
    let org = small_org();
    org.run(&["init"])
        .success()
        .stderr_has("5 repositories (5 with CODEOWNERS), teams file teams.toml");
    let config = std::fs::read_to_string(org.path().join("staffscope.toml")).unwrap();
    for repo in ["payments-api", "platform", "search", "shared", "web-app"] {
        assert!(config.contains(&format!("\"{repo}\"")), "{config}");
    }
    assert!(config.contains("teams_file = \"teams.toml\""));
    org.run(&["init"])
        .expect_code(1)
        .stderr_has("already exists");
    // What init wrote collects as it is.
    org.run(&["collect"]).success();
}

#[test]
fn missing_config_and_store_give_hints() {
    let org = TestOrg::new();
    org.run(&["org"])
        .expect_code(1)
        .stderr_has("hint: run `staffscope init`");
    org.write("staffscope.toml", CONFIG);
    org.run(&["org"])
        .expect_code(1)
        .stderr_has("hint: run `staffscope collect` first");
}
