//! What the reports and exports of the small organization never show:
//! email addresses, and teams small enough to point at someone.

use crate::common;

use super::{BOT, CODY, CODY_OLD, PAT, SAM, SUE, WENDY, collected_small_org};

#[test]
fn reports_never_show_email_addresses() {
    let org = collected_small_org();
    for args in [
        vec!["report", "sam"],
        vec!["report", "sam", "--format", "json"],
        vec!["report", "cody"],
        vec!["org"],
        vec!["org", "--format", "json"],
        vec!["people"],
        vec!["people", "--format", "json"],
    ] {
        let run = org.run(&args).success();
        let out = run.stdout();
        for who in [SAM, CODY, CODY_OLD, PAT, WENDY, SUE, BOT] {
            assert!(!out.contains(who.1), "{} shows {}", run.command, who.1);
        }
    }
    // An email still finds the person; it is just never printed.
    org.run(&["report", "cody@old.example"])
        .success()
        .stdout_has("# Cody Coder (@cody-coder)");
}

#[test]
fn an_anonymized_export_names_no_team_small_enough_to_point_at_someone() {
    let org = collected_small_org();
    let named = org.run(&["export"]).success().json();
    let teams = common::export_home_teams(&named);
    // Sam alone in platform, Wendy alone in web: named in the named export.
    assert!(teams.contains(&"platform".to_string()), "{teams:?}");
    assert!(teams.contains(&"web".to_string()), "{teams:?}");
    for format in ["json", "csv"] {
        let anonymized = org
            .run(&["export", "--anonymize", "--format", format])
            .success()
            .stdout();
        for small in ["\"platform\"", "\"web\"", ",platform,", ",web,"] {
            assert!(!anonymized.contains(small), "{format}: {small}");
        }
        assert!(anonymized.contains("(a team of fewer than 3)"), "{format}");
    }
}
