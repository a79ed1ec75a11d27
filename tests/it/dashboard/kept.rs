//! The dashboard over views kept between runs: served without measuring
//! everyone's quarters first, and the same pages as computed.

use super::{http, start_server};
use crate::common::{handles, run_in, swap_kept_views};

#[test]
fn people_pages_from_kept_views_are_the_pages_computed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = dir.path().join("demo");
    run_in(dir.path(), &["demo", "--dir", demo.to_str().unwrap()]).success();
    let people = run_in(&demo, &["people", "--format", "json"])
        .success()
        .json();
    let handles = handles(&people);
    let kept = start_server(&demo, &["serve", "--port", "0"]);
    let fresh = start_server(&demo, &["--fresh", "serve", "--port", "0"]);
    let page = |server: &super::Server, path: &str| http("GET", &server.address, path, &[], None);
    for handle in &handles {
        for path in [
            format!("/person/{handle}"),
            format!("/person/{handle}?archetype=architect"),
            format!("/person/{handle}/scope"),
            format!("/packet/{handle}"),
        ] {
            let (a, b) = (page(&kept, &path), page(&fresh, &path));
            assert_eq!((a.status, &a.body), (b.status, &b.body), "{path}");
        }
    }

    // Pages that read no person's view are the same too, though the kept
    // server measured no quarters.
    let org = run_in(&demo, &["org", "--format", "json"]).success().json();
    let teams: Vec<String> = org["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| format!("/team/{}", t["name"].as_str().unwrap()))
        .collect();
    let mut paths: Vec<String> = [
        "/",
        "/people",
        "/calibrate",
        "/calibrate?anonymize=1",
        "/patterns",
        "/patterns?unowned=1",
    ]
    .map(String::from)
    .to_vec();
    paths.extend(teams);
    for path in &paths {
        let (a, b) = (page(&kept, path), page(&fresh, path));
        assert_eq!((a.status, &a.body), (b.status, &b.body), "{path}");
    }

    // `patterns` reads its kept view: with the unowned classes' view in
    // place of everyone's, it shows those.
    let patterns = |args: &[&str]| {
        run_in(&demo, &[&["patterns", "--format", "json"], args].concat())
            .success()
            .stdout()
    };
    let (all, unowned) = (patterns(&[]), patterns(&["--unowned"]));
    assert_ne!(all, unowned, "the demo has owned classes");
    let store = rusqlite::Connection::open(demo.join(".staffscope/store.sqlite")).unwrap();
    store
        .execute(
            "UPDATE results SET body = (SELECT body FROM results WHERE key = 'patterns/unowned') WHERE key = 'patterns/all'",
            [],
        )
        .unwrap();
    assert_eq!(patterns(&[]), unowned);

    // The kept server did read them: two people's views swapped in the
    // store swap their pages.
    let (first, second) = (handles[0], handles[1]);
    swap_kept_views(&demo.join(".staffscope/store.sqlite"), first, second);
    let swapped = start_server(&demo, &["serve", "--port", "0"]);
    let shown = page(&swapped, &format!("/person/{first}"));
    assert!(shown.body.contains(&format!("@{second}")), "{}", shown.body);
}
