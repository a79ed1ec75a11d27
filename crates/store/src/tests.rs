//! The store's tests. Those written with `on_both_backends!` run once on a
//! SQLite file and once on a fresh PostgreSQL database.

use super::testing::postgres_database;
use super::*;
use model::parse_trailers;
use model::{FileChange, PullRequest, PullReview, ReviewRequest, ReviewState, Signature};

mod opening;
mod results;

use results::{
    every_write_moves_the_generation_on, forgetting_drops_every_kept_result,
    results_are_kept_until_a_later_generation_replaces_them,
};

fn commit(id: &str, time: i64) -> Commit {
    commit_by(id, time, ("Ana", "ana@x.example"))
}

fn commit_by(id: &str, time: i64, (name, email): (&str, &str)) -> Commit {
    let message = "fix it\n\nReviewed-by: Bo <bo@x.example>\n".to_string();
    Commit {
        repo: "r".into(),
        id: id.into(),
        author: Signature {
            name: name.into(),
            email: email.into(),
        },
        author_time: time,
        committer: Signature {
            name: name.into(),
            email: email.into(),
        },
        committer_time: time,
        trailers: parse_trailers(&message),
        message,
        parent_count: 1,
        parents: vec!["0".repeat(40)],
        files: vec![
            FileChange {
                path: "src/a.rs".into(),
                added: 3,
                removed: 1,
                binary: false,
            },
            FileChange {
                path: "logo.png".into(),
                added: 0,
                removed: 0,
                binary: true,
            },
        ],
    }
}

fn export() -> ReviewExport {
    ReviewExport {
        pulls: vec![PullRequest {
            repo: "r".into(),
            number: 7,
            title: "Fix it".into(),
            author: "ana-gh".into(),
            created: 5,
            body: "See RFC-1".into(),
            merge_commit: Some("b2".into()),
        }],
        reviews: vec![PullReview {
            repo: "r".into(),
            number: 7,
            id: "r1".into(),
            reviewer: "bo-gh".into(),
            state: ReviewState::Approved,
            time: 6,
            comments: 2,
        }],
        requests: vec![ReviewRequest {
            repo: "r".into(),
            number: 7,
            reviewer: "bo-gh".into(),
            requested_by: Some("ana-gh".into()),
            time: 5,
        }],
    }
}

fn file(path: &str, commit: Option<&str>, content: &str) -> RepoFile {
    RepoFile {
        repo: "r".into(),
        path: path.into(),
        commit: commit.map(str::to_string),
        time: 10,
        content: Some(content.into()),
    }
}

/// Writes a little of everything into a new store at `location`.
fn fill(location: &StoreLocation) -> Store {
    let mut store = Store::open(location, true).unwrap();
    let cursor = store.ensure_repository("r", "/repos/r").unwrap();
    store
        .write_batch(
            cursor.repo_id,
            &[
                commit("a1", 10),
                commit_by("b2", 20, ("Bo", "bo@x.example")),
            ],
            &[file("CODEOWNERS", Some("a1"), "* @ana-gh\n")],
        )
        .unwrap();
    store
        .finish_repository(
            cursor.repo_id,
            Some("b2"),
            &[],
            &[file("docs/rfc-1.md", None, "# RFC 1\n\0nul\n")],
            99,
        )
        .unwrap();
    store
        .replace_review_export(cursor.repo_id, &export())
        .unwrap();
    let other = store
        .ensure_repository("another/repo", "/repos/other")
        .unwrap();
    store
        .write_batch(other.repo_id, &[commit("c3", 30)], &[])
        .unwrap();
    store
}

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[test]
                fn sqlite() {
                    let dir = tempfile::tempdir().unwrap();
                    super::$name(&super::StoreLocation::Sqlite(dir.path().join("s/store.sqlite")));
                }

                #[test]
                fn postgres() {
                    let database = super::postgres_database();
                    super::$name(&super::StoreLocation::Postgres(database.url.clone()));
                }
            }
        )*
    };
}

on_both_backends!(
    round_trip_and_stale_removal,
    window_filters_commits,
    a_newer_schema_is_refused,
    copies_both_ways_keep_every_row,
    forgotten_identities_are_rewritten_and_stay_forgotten,
    a_missing_store_is_not_created_by_readers,
    every_write_moves_the_generation_on,
    results_are_kept_until_a_later_generation_replaces_them,
    forgetting_drops_every_kept_result,
);

#[test]
fn sqlite_group_is_one_transaction_and_a_failed_write_undoes_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    let location = StoreLocation::Sqlite(dir.path().join("store.sqlite"));
    let mut store = Store::open(&location, true).unwrap();
    let cursor = store.ensure_repository("r", "r").unwrap();
    store.begin_group().unwrap();
    store
        .write_batch(cursor.repo_id, &[commit("a1", 10)], &[])
        .unwrap();
    store
        .finish_repository(cursor.repo_id, Some("a1"), &[], &[], 1)
        .unwrap();
    store.end_group().unwrap();

    store.begin_group().unwrap();
    store
        .write_batch(cursor.repo_id, &[commit("b2", 20)], &[])
        .unwrap();
    // No such repository: the write fails and takes back only itself.
    assert!(store.write_batch(9_999, &[commit("c3", 30)], &[]).is_err());
    store
        .write_batch(cursor.repo_id, &[commit("d4", 40)], &[])
        .unwrap();
    assert_eq!(
        store.stored_commit_ids(cursor.repo_id).unwrap(),
        ["a1".to_string(), "b2".to_string(), "d4".to_string()].into()
    );
    // Dropped before the group ends (a killed run): none of it is stored.
    drop(store);
    let mut store = Store::open(&location, false).unwrap();
    assert_eq!(
        store.stored_commit_ids(cursor.repo_id).unwrap(),
        ["a1".to_string()].into()
    );
    assert_eq!(
        store.cursor("r").unwrap().unwrap().head.as_deref(),
        Some("a1")
    );
}

fn round_trip_and_stale_removal(location: &StoreLocation) {
    let mut store = Store::open(location, true).unwrap();
    assert_eq!(store.opened_at_version(), 0);
    let cursor = store.ensure_repository("r", "/repos/r").unwrap();
    assert_eq!(cursor.head, None);
    store
        .write_batch(cursor.repo_id, &[commit("a1", 10), commit("b2", 20)], &[])
        .unwrap();
    assert_eq!(
        store.stored_commit_ids(cursor.repo_id).unwrap(),
        ["a1".to_string(), "b2".to_string()].into()
    );
    store
        .finish_repository(cursor.repo_id, Some("b2"), &["a1".to_string()], &[], 99)
        .unwrap();
    drop(store);
    let mut store = Store::open(location, false).unwrap();
    assert_eq!(store.opened_at_version(), current_version());
    assert_eq!(
        store.cursor("r").unwrap().unwrap().head.as_deref(),
        Some("b2")
    );
    let snapshot = store.snapshot(None).unwrap();
    assert_eq!(snapshot.commits, vec![commit("b2", 20)]);
    assert_eq!(store.schema_version().unwrap(), current_version());
    let counts = store.counts().unwrap();
    assert_eq!(
        (counts.repositories, counts.commits, counts.file_changes),
        (1, 1, 2)
    );
}

fn window_filters_commits(location: &StoreLocation) {
    let mut store = Store::open(location, true).unwrap();
    let cursor = store.ensure_repository("r", "r").unwrap();
    let mut old = commit("a1", 10);
    old.files.push(FileChange {
        path: "docs/rfcs/0001-retry.md".into(),
        added: 40,
        removed: 0,
        binary: false,
    });
    store
        .write_batch(cursor.repo_id, &[old, commit("b2", 20)], &[])
        .unwrap();
    let snapshot = store
        .snapshot(Some(Window {
            since: 15,
            until: 25,
        }))
        .unwrap();
    assert_eq!(snapshot.commits.len(), 1);
    assert_eq!(snapshot.commits[0].id, "b2");
    assert_eq!(snapshot.commits[0].files.len(), 2);
    // The rest is there for who is who: no files, the subject only.
    assert_eq!(snapshot.history.len(), 1);
    let old = &snapshot.history[0];
    assert_eq!((old.id.as_str(), old.files.len()), ("a1", 0));
    assert_eq!(old.author, commit("a1", 10).author);
    assert_eq!(old.message, "fix it");
    assert_eq!(old.trailers, commit("a1", 10).trailers);
    // Who wrote a document reads its changes outside the window too.
    let with_documents = store
        .snapshot_of(crate::Scope {
            window: Some(Window {
                since: 15,
                until: 25,
            }),
            files: true,
            document_folders: vec!["docs".into()],
        })
        .unwrap();
    let kept: Vec<&str> = with_documents.history[0]
        .files
        .iter()
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(kept, ["docs/rfcs/0001-retry.md"]);
    assert_eq!(with_documents.commits[0].files.len(), 2);
    // Who is who reads every commit, without files.
    let people = store.snapshot_of(crate::Scope::default()).unwrap();
    assert_eq!(people.commits.len(), 2);
    assert!(people.commits.iter().all(|c| c.files.is_empty()));
    assert_eq!(people.commits[0].message, commit("a1", 10).message);
}

fn a_newer_schema_is_refused(location: &StoreLocation) {
    let mut store = fill(location);
    let before = store.dump().unwrap();
    drop(store);
    match location {
        StoreLocation::Sqlite(path) => {
            let conn = rusqlite::Connection::open(path).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
        }
        StoreLocation::Postgres(url) => {
            let mut client = ::postgres::Client::connect(url, ::postgres::NoTls).unwrap();
            client
                .execute("UPDATE staffscope_schema SET version = 99", &[])
                .unwrap();
        }
    }
    let error = Store::open(location, true).err().unwrap().to_string();
    assert!(error.contains("newer staffscope (schema 99"), "{error}");
    // Set back, the data is all there.
    match location {
        StoreLocation::Sqlite(path) => {
            let conn = rusqlite::Connection::open(path).unwrap();
            conn.pragma_update(None, "user_version", current_version())
                .unwrap();
        }
        StoreLocation::Postgres(url) => {
            let mut client = ::postgres::Client::connect(url, ::postgres::NoTls).unwrap();
            client
                .execute(
                    "UPDATE staffscope_schema SET version = $1",
                    &[&current_version()],
                )
                .unwrap();
        }
    }
    assert_eq!(
        Store::open(location, false).unwrap().dump().unwrap(),
        before
    );
}

fn copies_both_ways_keep_every_row(location: &StoreLocation) {
    let mut original = fill(location);
    // Forgotten identities travel too, and keep the copy clean of them.
    original
        .forget(&Identities {
            emails: vec!["someone@else.example".into()],
            ..Identities::default()
        })
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let database = postgres_database();
    // To the other backend and back again.
    let other = match location {
        StoreLocation::Sqlite(_) => StoreLocation::Postgres(database.url.clone()),
        StoreLocation::Postgres(_) => StoreLocation::Sqlite(dir.path().join("copy.sqlite")),
    };
    let mut middle = Store::open(&other, true).unwrap();
    let report = copy(&mut original, &mut middle, false).unwrap();
    assert_eq!(report.counts.commits, 3);
    assert_eq!(report.counts.file_changes, 6);
    assert_eq!(report.counts.repo_files, 2);
    assert_eq!(report.counts.reviews, 1);
    let back_path = dir.path().join("back.sqlite");
    let mut back = Store::open(&StoreLocation::Sqlite(back_path), true).unwrap();
    copy(&mut middle, &mut back, false).unwrap();
    let dump = original.dump().unwrap();
    assert!(dump.lines.iter().any(|l| l.starts_with("forgotten\t")));
    assert_eq!(middle.dump().unwrap(), dump);
    assert_eq!(back.dump().unwrap(), dump);
    // The pseudonym key travels, so pseudonyms survive a move; a store of
    // its own has a key of its own (64 hex digits from the database's
    // random source).
    let key = original.pseudonym_key().unwrap();
    assert_eq!(key.len(), 64, "{key}");
    assert!(key.chars().all(|c| c.is_ascii_hexdigit()), "{key}");
    assert_eq!(middle.pseudonym_key().unwrap(), key);
    assert_eq!(back.pseudonym_key().unwrap(), key);
    let unrelated = dir.path().join("unrelated.sqlite");
    assert_ne!(
        Store::open(&StoreLocation::Sqlite(unrelated), true)
            .unwrap()
            .pseudonym_key()
            .unwrap(),
        key
    );
    assert_eq!(
        middle.cursor("r").unwrap().unwrap().head.as_deref(),
        Some("b2")
    );
    // The same queries give the same answers on both backends.
    let (a, b) = (
        original.snapshot(None).unwrap(),
        middle.snapshot(None).unwrap(),
    );
    assert_eq!(a.repos, b.repos);
    assert_eq!(a.commits, b.commits);
    assert_eq!(a.repo_files, b.repo_files);
    assert_eq!(a.reviews, b.reviews);
    // A destination holding data is refused unless forced, and left as it was.
    let error = copy(&mut original, &mut middle, false)
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("already holds data"), "{error}");
    assert!(error.contains("--force"), "{error}");
    assert_eq!(middle.dump().unwrap(), dump);
    copy(&mut original, &mut middle, true).unwrap();
    assert_eq!(middle.dump().unwrap(), dump);
}

fn forgotten_identities_are_rewritten_and_stay_forgotten(location: &StoreLocation) {
    let mut store = fill(location);
    let cursor = store.ensure_repository("r", "/repos/r").unwrap();
    let message = "work\n\nCo-authored-by: Ana <ana@x.example>\nReviewed-by: Bo <bo@x.example>\n";
    let mut shared = commit_by("d4", 40, ("Bo", "bo@x.example"));
    shared.message = message.into();
    store
        .write_batch(cursor.repo_id, &[shared.clone()], &[])
        .unwrap();
    let report = store
        .forget(&Identities {
            emails: vec!["ANA@x.example".into()],
            names: vec!["Ana".into()],
            logins: vec!["ana-gh".into()],
        })
        .unwrap();
    assert_eq!(
        report,
        ForgetReport {
            emails: 1,
            names: 1,
            logins: 1,
            commits_authored: 2,
            commits_committed: 2,
            trailers: 1,
            files: 1,
            pull_requests: 1,
            reviews: 0,
            review_requests: 1,
        }
    );
    let check = |store: &mut Store| {
        let dump = store.dump().unwrap().to_string();
        assert!(!dump.contains("ana@"), "{dump}");
        assert!(!dump.contains("ana-gh"), "{dump}");
        assert!(!dump.contains("\"Ana\""), "{dump}");
        // Other people's rows are untouched, and the commits stay.
        assert!(dump.contains("bo@x.example"));
        assert_eq!(store.counts().unwrap().commits, 4);
    };
    check(&mut store);
    // Collecting the same history and exports again does not bring Ana back,
    // in this connection or in a new one.
    store
        .write_batch(cursor.repo_id, &[commit("a1", 10), shared.clone()], &[])
        .unwrap();
    check(&mut store);
    drop(store);
    let mut store = Store::open(location, false).unwrap();
    store
        .replace_review_export(cursor.repo_id, &export())
        .unwrap();
    store
        .write_batch(cursor.repo_id, &[commit("a1", 10), shared], &[])
        .unwrap();
    check(&mut store);
    let snapshot = store.snapshot(None).unwrap();
    let d4 = snapshot.commits.iter().find(|c| c.id == "d4").unwrap();
    assert_eq!(
        d4.trailers.len(),
        2,
        "the tombstone keeps the trailer's place"
    );
    assert_eq!(d4.trailers[0].who.email, TOMBSTONE_EMAIL);
}

fn a_missing_store_is_not_created_by_readers(location: &StoreLocation) {
    let error = Store::open(location, false).err().unwrap().to_string();
    assert!(error.contains("no store here yet"), "{error}");
    if let StoreLocation::Sqlite(path) = location {
        assert!(!path.exists());
    }
}

/// The store's own source files, for the checks below that read the code.
/// `testing.rs` and the tests are left out: they build SQL by hand on
/// purpose, to make databases and odd stores.
const SOURCES: &[(&str, &str)] = &[
    ("lib.rs", include_str!("lib.rs")),
    ("location.rs", include_str!("location.rs")),
    ("migrations.rs", include_str!("migrations.rs")),
    ("snapshot.rs", include_str!("snapshot.rs")),
    ("dump.rs", include_str!("dump.rs")),
    ("copy.rs", include_str!("copy.rs")),
    ("forget.rs", include_str!("forget.rs")),
    ("sqlite.rs", include_str!("sqlite.rs")),
    (
        "sqlite/repositories.rs",
        include_str!("sqlite/repositories.rs"),
    ),
    ("sqlite/snapshot.rs", include_str!("sqlite/snapshot.rs")),
    ("sqlite/reviews.rs", include_str!("sqlite/reviews.rs")),
    ("sqlite/forgetting.rs", include_str!("sqlite/forgetting.rs")),
    ("sqlite/results.rs", include_str!("sqlite/results.rs")),
    ("postgres.rs", include_str!("postgres.rs")),
    (
        "postgres/repositories.rs",
        include_str!("postgres/repositories.rs"),
    ),
    ("postgres/snapshot.rs", include_str!("postgres/snapshot.rs")),
    ("postgres/reviews.rs", include_str!("postgres/reviews.rs")),
    (
        "postgres/forgetting.rs",
        include_str!("postgres/forgetting.rs"),
    ),
    ("postgres/results.rs", include_str!("postgres/results.rs")),
];

/// All SQL is parameterized: no statement of the store is built by
/// formatting text (values go through `?N` / `$N` parameters, and the only
/// query taking SQL text takes `&'static str`). Test databases' names in
/// `testing.rs` are made by the tests themselves, not read from outside.
#[test]
fn no_sql_is_built_from_text() {
    for &(file, source) in SOURCES {
        for (at, _) in source.match_indices("format!(") {
            let call: String = source[at..].chars().take(160).collect();
            // The store writes its SQL keywords in capitals.
            let call = call.split(");").next().unwrap_or(&call);
            for keyword in [
                "SELECT ", "INSERT ", "UPDATE ", "DELETE ", "WHERE ", "CREATE ",
            ] {
                assert!(
                    !call.contains(keyword),
                    "{file}: SQL built with format!: {call}"
                );
            }
        }
    }
}

/// The SQL check reads a list of files; a file added to the store and not
/// to the list would go unchecked, so the list is compared with the folder.
#[test]
fn the_sql_check_reads_every_source_file() {
    fn rust_files(root: &Path, folder: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(root, &path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(root).unwrap();
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    rust_files(&root, &root, &mut found);
    let listed: HashSet<&str> = SOURCES.iter().map(|(file, _)| *file).collect();
    for file in found {
        let left_out = file == "testing.rs" || file == "tests.rs" || file.starts_with("tests/");
        assert!(
            left_out || listed.contains(file.as_str()),
            "{file} is not in SOURCES, so the SQL check does not read it"
        );
    }
}
