//! Tests of the path rules (components, layers) and of the catalogue, kept
//! out of the modules so that those read as the code they are.

use std::collections::BTreeSet;

use super::*;

#[test]
fn components() {
    let cases = [
        ("README.md", "r:/"),
        ("docs/a.md", "r:docs"),
        ("src/ledger/x.go", "r:src/ledger"),
        ("src/main.rs", "r:src"),
        ("services/payments/api/x.go", "r:services/payments"),
    ];
    for (path, expected) in cases {
        assert_eq!(component_of("r", path), expected, "{path}");
    }
}

#[test]
fn layers() {
    let cases = [
        ("web/src/App.tsx", Some("frontend")),
        (".github/workflows/ci.yml", Some("infrastructure")),
        ("infra/main.tf", Some("infrastructure")),
        ("src/ledger/x.go", Some("backend")),
        ("app/checkout/Cart.kt", Some("mobile")),
        ("migrations/001.sql", Some("data")),
        ("docs/adr/1.md", Some("docs")),
        ("LICENSE", None),
    ];
    for (path, expected) in cases {
        assert_eq!(layer_of(path), expected, "{path}");
    }
}

#[test]
fn catalogue_names_are_unique() {
    let names: BTreeSet<&str> = CATALOGUE.iter().map(|m| m.name).collect();
    assert_eq!(names.len(), CATALOGUE.len());
}
