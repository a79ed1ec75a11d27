//! Calendars: meeting time and cross-team relationships.

use super::collected_small_org;

#[test]
fn calendars_add_meeting_time_and_cross_team_relationships() {
    let org = collected_small_org();
    let before = org
        .run(&["report", "cody", "--format", "json"])
        .success()
        .json();
    assert_eq!(before["metrics"]["people_other_teams"]["value"], 0.0);
    org.write(
        "calendars/cody.ics",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Ledger and search sync\nDTSTART:20250106T100000Z\nDTEND:20250106T110000Z\nRRULE:FREQ=WEEKLY;COUNT=10\nORGANIZER:mailto:cody@acme.example\nATTENDEE:mailto:sue@acme.example\nATTENDEE:mailto:someone@outside.example\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Team standup\nDTSTART:20250107T090000Z\nDURATION:PT30M\nRRULE:FREQ=DAILY;COUNT=40\nATTENDEE:mailto:cody@acme.example\nATTENDEE:mailto:pat@acme.example\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Bad rule\nDTSTART:20250108T090000Z\nDURATION:PT1H\nRRULE:FREQ=FORTNIGHTLY\nATTENDEE:mailto:pat@acme.example\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    let run = org.run(&["report", "cody", "--format", "json"]).success();
    assert!(
        run.stderr()
            .contains("calendars/cody.ics:23: recurrence rule not understood (FREQ=FORTNIGHTLY)"),
        "{}",
        run.stderr()
    );
    let cody = run.json();
    // Ten one-hour meetings with search, over about nine weeks.
    let cross = cody["metrics"]["cross_team_meeting_hours_per_week"]["value"]
        .as_f64()
        .unwrap();
    assert!((cross - 10.0 / 9.0).abs() < 0.1, "{cross}");
    let total = cody["metrics"]["meeting_hours_per_week"]["value"]
        .as_f64()
        .unwrap();
    assert!(total > cross, "standups count as meetings too: {total}");
    assert_eq!(
        cody["metrics"]["people_other_teams"]["value"], 1.0,
        "Sue, met weekly"
    );
    // With a calendar the operating mix is in hours: meetings are leverage,
    // the rest of a 40-hour week is split as the artifacts are.
    let mix = &cody["metrics"]["coding_share"];
    let in_hours = mix["value"].as_f64().unwrap();
    let artifact_share = before["metrics"]["coding_share"]["value"].as_f64().unwrap();
    assert!(
        (in_hours - (40.0 - total) / 40.0 * artifact_share).abs() < 1e-9,
        "{in_hours} from {artifact_share} and {total} h of meetings"
    );
    assert!(in_hours < artifact_share, "{mix}");
    assert!(mix["items"][0]["label"] == "in hours", "{mix}");
    assert!(
        mix["items"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("a week in meetings (calendar) out of a 40-hour week"),
        "{mix}"
    );
    let sources: Vec<&str> = cody["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["collected"] == true)
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    assert!(sources.contains(&"calendars"), "{sources:?}");
}
