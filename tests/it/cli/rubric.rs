//! Rubric files: shown, checked, and their mistakes named with file and line.

use crate::common::TestOrg;

use super::{CONFIG, collected_small_org};

#[test]
fn unknown_rubric_metric_is_an_error_with_its_line() {
    let org = collected_small_org();
    let rubric = org
        .run(&["rubric"])
        .success()
        .stdout()
        .replace("metric = \"people_other_teams\"", "metric = \"charisma\"");
    org.write("rubric.toml", &rubric);
    org.write(
        "staffscope.toml",
        &format!("rubric = \"rubric.toml\"\n{CONFIG}"),
    );
    let line = rubric.lines().position(|l| l.contains("charisma")).unwrap() + 1;
    org.run(&["report", "sam"])
        .expect_code(1)
        .stderr_has(&format!(
            "error: rubric.toml:{line}: unknown metric `charisma`"
        ));
}

#[test]
fn rubric_files_are_checked_with_file_and_line() {
    let org = TestOrg::new();
    let shipped = org.run(&["rubric", "show"]).success().stdout();
    assert_eq!(shipped, org.run(&["rubric"]).success().stdout());
    org.write("mine.toml", &shipped);
    org.run(&["rubric", "check", "mine.toml"])
        .success()
        .stdout_has("mine.toml: ok: \"staffscope default rubric\", levels senior < staff < principal (target staff), 12 dimensions");
    let reversed = shipped.replacen(
        "thresholds = { senior = 1, staff = 3, principal = 5 }",
        "thresholds = { senior = 3, staff = 1, principal = 5 }",
        1,
    );
    org.write("reversed.toml", &reversed);
    org.run(&["rubric", "check", "reversed.toml"])
        .expect_code(1)
        .stderr_has("reversed.toml:")
        .stderr_has("dimension `scope`: thresholds out of order: `staff` = 1 but `senior` = 3");
    let missing = shipped.replacen(
        "thresholds = { senior = 1, staff = 3, principal = 5 }",
        "thresholds = { senior = 1, staff = 3 }",
        1,
    );
    org.write("missing.toml", &missing);
    org.run(&["rubric", "check", "missing.toml"])
        .expect_code(1)
        .stderr_has("no threshold for level `principal`");
    org.run(&["rubric", "check", "nowhere.toml"])
        .expect_code(1)
        .stderr_has("cannot read nowhere.toml");
}
