//! The generated organization at scale, and incremental collects on it:
//! continuing histories and re-collecting give the store a fresh collect
//! of the same repositories gives.

use crate::common::run_in;
use demo::scaled::{self, ScaleOptions};

#[test]
fn incremental_collects_build_the_store_a_fresh_collect_builds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = ScaleOptions::new(6, 40);
    let org = scaled::generate(&dir.path().join("org"), &options).expect("generates");
    let root = &org.root;
    run_in(root, &["collect"])
        .success()
        .stderr_has("6 repositories (240 new commits)");

    // Nothing new: every repository is unchanged.
    run_in(root, &["collect"])
        .success()
        .stderr_has("6 repositories (0 new commits)");

    // New commits in two repositories: only those are read.
    scaled::add_commits(&org, &org.repositories[1], 7).expect("adds");
    scaled::add_commits(&org, &org.repositories[4], 3).expect("adds");
    run_in(root, &["collect"])
        .success()
        .stderr_has("(10 new commits)");
    let incremental = run_in(root, &["store", "dump"]).success().stdout();

    // The same repositories collected from scratch.
    std::fs::remove_dir_all(root.join(".staffscope")).expect("store removed");
    run_in(root, &["collect"]).success();
    let fresh = run_in(root, &["store", "dump"]).success().stdout();
    assert!(incremental.lines().count() > 250, "{incremental}");
    assert!(
        incremental == fresh,
        "incremental and fresh stores differ:\n{}",
        first_difference(&incremental, &fresh)
    );

    // The reports read it (a continued history can run past the window's
    // end, so fewer than all 250 commits may be in it).
    let org_view = run_in(root, &["org"]).success().stdout();
    assert!(org_view.contains("6 repositories, 2"), "{org_view}");
    assert!(org_view.contains("6 people active"), "{org_view}");
    run_in(root, &["report", &org.engineers[0]]).success();
}

fn first_difference(a: &str, b: &str) -> String {
    a.lines()
        .zip(b.lines())
        .find(|(x, y)| x != y)
        .map(|(x, y)| format!("incremental: {x}\nfresh:       {y}"))
        .unwrap_or_else(|| format!("{} lines against {}", a.lines().count(), b.lines().count()))
}
