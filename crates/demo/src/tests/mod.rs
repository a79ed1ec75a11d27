//! Tests of the demo organization. Generating it takes a few seconds, so
//! each test generates once and checks one concern in depth; the
//! submodules group those concerns.

mod documents;
mod exports;
mod generation;
mod owners;

use std::path::Path;

use crate::calendar::{DAY, date, iso_time, weekday};
use crate::git::git_command;
use crate::{DemoError, DemoOptions, generate};

pub(super) fn git_out(dir: &Path, args: &[&str]) -> String {
    let output = git_command()
        .arg("--git-dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("git runs in tests");
    assert!(
        output.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

#[test]
fn calendar_constants_match_jiff() {
    let check = |y: i16, m: i8, d: i8| {
        let ts = jiff::civil::date(y, m, d)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .expect("valid date")
            .timestamp()
            .as_second();
        assert_eq!(date(i64::from(y), i64::from(m), i64::from(d)), ts);
    };
    check(2024, 12, 1);
    check(2025, 7, 1);
    check(2026, 11, 20);
    check(2024, 2, 29);
    for time in [
        0,
        date(2024, 2, 29) + 3723,
        date(2026, 11, 20) - 1,
        951_782_400,
    ] {
        let expected = jiff::Timestamp::from_second(time)
            .expect("valid time")
            .strftime("%Y-%m-%dT%H:%M:%SZ")
            .to_string();
        assert_eq!(iso_time(time), expected);
    }
    assert_eq!(
        weekday(date(2024, 12, 1) / DAY),
        0,
        "2024-12-01 is a Sunday"
    );
}

#[test]
fn refuses_non_empty_exports_folder() {
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(root.path().join("exports/payments-api")).expect("setup");
    let error = generate(root.path(), &DemoOptions::default()).expect_err("must refuse");
    assert!(matches!(error, DemoError::NotEmpty { .. }), "{error}");
    assert!(!root.path().join("repos").exists());
}

#[test]
fn refuses_non_empty_repos_folder() {
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(root.path().join("repos/keep")).expect("setup");
    let error = generate(root.path(), &DemoOptions::default()).expect_err("must refuse");
    assert!(matches!(error, DemoError::NotEmpty { .. }), "{error}");
    assert!(root.path().join("repos/keep").exists());
    assert!(!root.path().join("teams.toml").exists());
}
