//! A fresh PostgreSQL database per test, on the server that
//! `STAFFSCOPE_TEST_POSTGRES` names; dropped when the test ends.

use std::sync::atomic::{AtomicUsize, Ordering};

pub const VARIABLE: &str = "STAFFSCOPE_TEST_POSTGRES";

pub struct TestDatabase {
    pub url: String,
    admin_url: String,
    name: String,
}

/// The URL of a new, empty database. Fails, saying how to get one, when the
/// variable is not set: these tests never pass silently.
pub fn postgres_database() -> TestDatabase {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let admin_url = std::env::var(VARIABLE).unwrap_or_else(|_| {
        panic!(
            "{VARIABLE} is not set: the store's tests need a PostgreSQL server.\n\
             Set it to a role that may create databases, e.g.\n\
             {VARIABLE}=postgres://staffscope:staffscope@127.0.0.1:5432/staffscope\n\
             (`bash scripts/postgres.sh` installs PostgreSQL from Debian's packages, starts it and creates that role)"
        )
    });
    let name = format!(
        "staffscope_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = postgres::Client::connect(&admin_url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("cannot connect to {VARIABLE}: {e}"));
    // One statement each: neither may run inside a transaction block.
    for sql in [
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        format!("CREATE DATABASE {name}"),
    ] {
        admin
            .batch_execute(&sql)
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e:?}"));
    }
    TestDatabase {
        url: with_database(&admin_url, &name),
        admin_url,
        name,
    }
}

/// The same URL naming another database.
fn with_database(url: &str, database: &str) -> String {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let query = url[after_scheme..].find('?').map(|i| after_scheme + i);
    let authority_end = url[after_scheme..query.unwrap_or(url.len())]
        .find('/')
        .map_or(query.unwrap_or(url.len()), |i| after_scheme + i);
    let rest = query.map_or("", |q| &url[q..]);
    format!("{}/{database}{rest}", &url[..authority_end])
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.admin_url, postgres::NoTls) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}
