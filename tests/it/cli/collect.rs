//! `collect`: incremental and rewritten histories, repositories it cannot
//! read, a store it must not overwrite, and a collect killed midway.

use crate::common::{self, at, git};

use super::{CONFIG, SUE, collected_small_org, small_org};

#[test]
fn collect_is_incremental_and_survives_rewritten_history() {
    let org = collected_small_org();
    org.run(&["collect"])
        .success()
        .stderr_has("payments-api: up to date")
        .stderr_has("(0 new commits)");

    let search = org.existing("search");
    search.commit(SUE, at("2025-07-01"), &[("a.py", Some("a\n"))], "one");
    search.commit(SUE, at("2025-07-02"), &[("b.py", Some("b\n"))], "two");
    org.run(&["collect"])
        .success()
        .stderr_has("search: 2 commits read");

    // A force-push: two commits replaced by one.
    search.git(&["reset", "-q", "--hard", "HEAD~2"]);
    search.commit(SUE, at("2025-07-03"), &[("c.py", Some("c\n"))], "three");
    org.run(&["collect"])
        .success()
        .stderr_has("search: 1 commits read; history was rewritten, 2 commits no longer on the branch were removed");

    // Another force-push, the old commits pruned: the stored head is gone, so
    // the whole branch is compared with the store's ids.
    search.git(&["reset", "-q", "--hard", "HEAD~1"]);
    search.commit(SUE, at("2025-07-04"), &[("d.py", Some("d\n"))], "four");
    search.git(&["reflog", "expire", "--expire=now", "--all"]);
    search.git(&["gc", "-q", "--prune=now"]);
    org.run(&["collect"])
        .success()
        .stderr_has("search: 1 commits read; history was rewritten, 1 commits no longer on the branch were removed");

    // The store now equals a fresh collect of the same repositories.
    let incremental = org.run(&["people", "--format", "json"]).success().stdout();
    std::fs::remove_dir_all(org.path().join(".staffscope")).unwrap();
    org.run(&["collect"]).success();
    let fresh = org.run(&["people", "--format", "json"]).success().stdout();
    assert_eq!(incremental, fresh);
}

#[test]
fn bad_repositories_are_reported_and_skipped() {
    let org = small_org();
    std::fs::create_dir_all(org.path().join("not-a-repo")).unwrap();
    org.repo("empty");
    // A corrupt repository: its objects are gone.
    let broken = org.repo("broken");
    broken.commit(SUE, at("2025-03-01"), &[("x.txt", Some("x\n"))], "x");
    std::fs::remove_dir_all(broken.path.join(".git/objects")).unwrap();
    std::fs::create_dir_all(broken.path.join(".git/objects")).unwrap();
    // A shallow clone.
    let source = org.path().join("search");
    git(
        org.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &format!("file://{}", source.display()),
            "shallow",
        ],
    );
    org.write(
        "staffscope.toml",
        &CONFIG.replace(
            "repositories = [\"*\"]",
            "repositories = [\"*\", \"missing\", \"not-a-repo\"]",
        ),
    );
    let run = org.run(&["collect"]).expect_code(3);
    let stderr = run.stderr();
    assert!(stderr.contains("missing: not a git repository"), "{stderr}");
    assert!(
        stderr.contains("not-a-repo: not a git repository"),
        "{stderr}"
    );
    assert!(stderr.contains("shallow clone"), "{stderr}");
    assert!(stderr.contains("error: broken:"), "{stderr}");
    assert!(stderr.contains("empty: no commits yet"), "{stderr}");
    assert!(
        stderr.contains("4 repositories could not be read"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    // The good ones were collected.
    org.run(&["report", "sam"])
        .success()
        .stdout_has("# Sam Staff");
}

#[test]
fn a_glob_names_folders_that_are_not_repositories() {
    let org = small_org();
    // Matched by `*`: a mirror whose copy broke off, and a folder with a
    // bare repository's HEAD and refs but no objects. A plain folder of
    // files (`notes`) is not meant to be a repository and is passed over.
    std::fs::create_dir_all(org.path().join("mirror.git/refs")).unwrap();
    std::fs::create_dir_all(org.path().join("half/refs")).unwrap();
    std::fs::write(org.path().join("half/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::create_dir_all(org.path().join("notes")).unwrap();
    std::fs::write(org.path().join("notes/todo.txt"), "x\n").unwrap();
    org.write(
        "staffscope.toml",
        &CONFIG.replace(
            "repositories = [\"*\"]",
            "repositories = [\"*\", \"services/*\"]",
        ),
    );
    let run = org.run(&["collect"]).expect_code(3);
    let stderr = run.stderr();
    assert!(stderr.contains("error: mirror:"), "{stderr}");
    assert!(stderr.contains("error: half:"), "{stderr}");
    assert!(
        stderr.contains("error: services/*: matches no repository"),
        "{stderr}"
    );
    assert!(!stderr.contains("notes"), "{stderr}");
    assert!(
        stderr.contains("3 repositories could not be read"),
        "{stderr}"
    );
}

#[test]
fn a_missing_blob_fails_its_repository_unless_it_is_a_partial_clone() {
    let org = collected_small_org();
    let search = org.existing("search");
    search.commit(
        SUE,
        at("2025-07-01"),
        &[("lost.py", Some("gone\n"))],
        "lost",
    );
    let blob = search.git(&["rev-parse", "HEAD:lost.py"]);
    let blob = blob.trim();
    let object = search
        .path
        .join(".git/objects")
        .join(&blob[..2])
        .join(&blob[2..]);
    std::fs::remove_file(&object).unwrap();
    let before = org.run(&["people", "--format", "json"]).success().stdout();
    let run = org.run(&["collect"]).expect_code(3);
    let stderr = run.stderr();
    assert!(stderr.contains("error: search:"), "{stderr}");
    assert!(stderr.contains("`lost.py`"), "{stderr}");
    assert!(stderr.contains("is missing"), "{stderr}");
    // What the store held stays as it was.
    let after = org.run(&["people", "--format", "json"]).success().stdout();
    assert_eq!(before, after);

    // In a partial clone an absent blob is expected: its lines are not counted.
    search.git(&["config", "core.repositoryformatversion", "1"]);
    search.git(&["config", "extensions.partialClone", "origin"]);
    search.git(&["config", "remote.origin.promisor", "true"]);
    org.run(&["collect"])
        .success()
        .stderr_has("1 changed files have no content in the repository (a partial clone?)");
}

#[test]
fn corrupt_store_is_never_overwritten() {
    let org = small_org();
    org.write("staffscope.toml", CONFIG);
    org.write(
        ".staffscope/store.sqlite",
        "precious notes, not a database, long enough to look like a header......",
    );
    org.run(&["collect"])
        .expect_code(1)
        .stderr_has("not a staffscope store")
        .stderr_has("will not overwrite");
    let kept = std::fs::read_to_string(org.path().join(".staffscope/store.sqlite")).unwrap();
    assert!(kept.starts_with("precious notes"));
}

#[test]
fn an_interrupted_collect_loses_nothing() {
    // A repository big enough that collect is still writing when it is killed.
    let dir = tempfile::tempdir().unwrap();
    let demo = demo::generate(&dir.path().join("org"), &demo::DemoOptions::default()).unwrap();
    let root = demo.root.clone();
    let exe = env!("CARGO_BIN_EXE_staffscope");
    let fresh = {
        common::run_in(&root, &["collect", "--batch-size", "50"]).success();
        let people = common::run_in(&root, &["people", "--format", "json"])
            .success()
            .stdout();
        std::fs::remove_dir_all(root.join(".staffscope")).unwrap();
        people
    };
    // Kill at several moments, bounded in count; each re-run must converge.
    for delay_ms in [30u64, 80, 160, 320] {
        let mut child = std::process::Command::new(exe)
            .current_dir(&root)
            .args(["collect", "--batch-size", "50", "--threads", "1"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
    }
    common::run_in(&root, &["collect"]).success();
    let resumed = common::run_in(&root, &["people", "--format", "json"])
        .success()
        .stdout();
    assert_eq!(resumed, fresh);
}
