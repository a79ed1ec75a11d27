//! Opening stores that are not as this staffscope left them: written by an
//! older schema, by another program, truncated, or out of reach. Apart from
//! the round trips in `tests.rs` because each builds its odd store by hand.

use super::*;
use std::path::PathBuf;

#[test]
fn sqlite_store_written_by_schema_1_is_migrated_without_losing_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0].sqlite).unwrap();
        conn.pragma_update(None, "application_id", sqlite::APPLICATION_ID)
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO repositories (id, name, path, head) VALUES (1, 'r', 'r', 'b2')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO commits VALUES (1, 'b2', 'Ana', 'ana@x.example', 20, 'Ana', 'ana@x.example', 20, 'old commit', 1)",
            [],
        )
        .unwrap();
    }
    check_migrated_from_1(&StoreLocation::Sqlite(path));
}

#[test]
fn postgres_store_written_by_schema_1_is_migrated_without_losing_data() {
    let database = postgres_database();
    {
        let mut client = ::postgres::Client::connect(&database.url, ::postgres::NoTls).unwrap();
        client
            .batch_execute(
                "CREATE TABLE staffscope_schema (application TEXT NOT NULL, version BIGINT NOT NULL);
                 INSERT INTO staffscope_schema VALUES ('staffscope', 1);",
            )
            .unwrap();
        client.batch_execute(MIGRATIONS[0].postgres).unwrap();
        client
            .batch_execute(
                "INSERT INTO repositories (id, name, path, head) VALUES (1, 'r', 'r', 'b2');
                 INSERT INTO commits VALUES (1, 'b2', 'Ana', 'ana@x.example', 20, 'Ana', 'ana@x.example', 20, 'old commit', 1);",
            )
            .unwrap();
    }
    check_migrated_from_1(&StoreLocation::Postgres(database.url.clone()));
}

fn check_migrated_from_1(location: &StoreLocation) {
    let mut store = Store::open(location, false).unwrap();
    assert_eq!(store.opened_at_version(), 1);
    assert_eq!(store.schema_version().unwrap(), current_version());
    let snapshot = store.snapshot(None).unwrap();
    assert_eq!(snapshot.commits.len(), 1);
    assert_eq!(snapshot.commits[0].message, "old commit");
    assert!(snapshot.commits[0].parents.is_empty());
    // Migration 4 forgets cursors so the next collect reads the files at
    // HEAD again; the commits themselves stay.
    assert_eq!(store.cursor("r").unwrap().unwrap().head, None);
    // Migration 8 gave the old store a pseudonym key.
    assert_eq!(store.pseudonym_key().unwrap().len(), 64);
}

#[test]
fn postgres_database_of_another_program_is_refused_and_untouched() {
    let database = postgres_database();
    let mut client = ::postgres::Client::connect(&database.url, ::postgres::NoTls).unwrap();
    client
        .batch_execute("CREATE TABLE invoices (id BIGINT); INSERT INTO invoices VALUES (1);")
        .unwrap();
    let location = StoreLocation::Postgres(database.url.clone());
    let error = Store::open(&location, true).err().unwrap().to_string();
    assert!(error.contains("tables of another program"), "{error}");
    let tables: i64 = client
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 1);
}

#[test]
fn postgres_collectors_starting_together_migrate_once() {
    let database = postgres_database();
    let location = StoreLocation::Postgres(database.url.clone());
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let location = &location;
                scope.spawn(move || {
                    let mut store = Store::open(location, true).unwrap();
                    // Registering the same repository at once gives one row.
                    let cursor = store.ensure_repository("shared", "/repos/shared").unwrap();
                    let own = store
                        .ensure_repository(&format!("own-{i}"), "/repos/own")
                        .unwrap();
                    store
                        .write_batch(own.repo_id, &[commit(&format!("{i:040}"), i)], &[])
                        .unwrap();
                    cursor.repo_id
                })
            })
            .collect();
        let ids: HashSet<i64> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert_eq!(ids.len(), 1);
    });
    let mut store = Store::open(&location, false).unwrap();
    assert_eq!(store.schema_version().unwrap(), current_version());
    let counts = store.counts().unwrap();
    assert_eq!((counts.repositories, counts.commits), (5, 4));
}

#[test]
fn postgres_errors_name_the_server_without_its_password() {
    // Nothing listens on port 1.
    let url = "postgres://someone:hunter2@127.0.0.1:1/staffscope?connect_timeout=2";
    let error = Store::open(&StoreLocation::Postgres(url.into()), true)
        .err()
        .unwrap()
        .to_string();
    assert!(
        error.contains("postgres://someone:***@127.0.0.1:1/staffscope"),
        "{error}"
    );
    assert!(error.contains("cannot connect"), "{error}");
    assert!(!error.contains("hunter2"), "{error}");
    let error = Store::open(&StoreLocation::Postgres("postgres://a:b@[bad".into()), true)
        .err()
        .unwrap()
        .to_string();
    assert!(!error.contains(":b@"), "{error}");
}

#[test]
fn urls_are_shown_without_passwords() {
    for (url, shown) in [
        ("postgres://u:pw@h:5432/db", "postgres://u:***@h:5432/db"),
        ("postgresql://u@h/db", "postgresql://u@h/db"),
        (
            "postgres://h/db?password=pw&sslmode=disable",
            "postgres://h/db?password=***&sslmode=disable",
        ),
        ("postgres://u:p@ss:w@h/db", "postgres://u:***@h/db"),
    ] {
        assert_eq!(redact(url), shown);
    }
    let root = Path::new("/org");
    assert_eq!(
        StoreLocation::parse("sqlite:data/s.sqlite", root),
        StoreLocation::Sqlite(PathBuf::from("/org/data/s.sqlite"))
    );
    assert!(StoreLocation::parse("postgres://u:p@h/db", root).is_postgres());
    assert_eq!(
        StoreLocation::parse("postgresql://u:p@h/db", root).to_string(),
        "postgresql://u:***@h/db"
    );
}

#[test]
fn sqlite_refuses_files_that_are_not_stores() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.sqlite");
    std::fs::write(
        &garbage,
        b"this is not a database, it is a text file with enough bytes to look like one maybe",
    )
    .unwrap();
    let error = Store::open_or_create(&garbage).err().unwrap().to_string();
    assert!(error.contains("not a staffscope store"), "{error}");
    // The user's file is untouched.
    assert!(
        std::fs::read(&garbage)
            .unwrap()
            .starts_with(b"this is not a database")
    );

    let other = dir.path().join("other.sqlite");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    let error = Store::open_or_create(&other).err().unwrap().to_string();
    assert!(error.contains("another program"), "{error}");

    let missing = Store::open_existing(&dir.path().join("nope.sqlite"))
        .err()
        .unwrap()
        .to_string();
    assert!(
        missing.contains("run `staffscope collect` first"),
        "{missing}"
    );
}

#[test]
fn sqlite_truncated_store_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite");
    {
        let mut store = Store::open_or_create(&path).unwrap();
        let cursor = store.ensure_repository("r", "r").unwrap();
        let many: Vec<Commit> = (0..300).map(|i| commit(&format!("{i:040}"), i)).collect();
        store.write_batch(cursor.repo_id, &many, &[]).unwrap();
    }
    // Closing the last connection checkpoints the WAL into the file.
    assert!(!dir.path().join("store.sqlite-wal").exists());
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let error = Store::open_existing(&path).err().map(|e| e.to_string());
    let error = error.expect("a truncated store must not open silently");
    assert!(
        error.contains("damaged") || error.contains("not a staffscope store"),
        "{error}"
    );
    assert_eq!(std::fs::read(&path).unwrap().len(), bytes.len() / 2);
}
