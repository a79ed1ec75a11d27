//! The integration tests: one test binary, its topics as modules, so the
//! whole crate graph is linked once rather than once per file. Run one
//! topic with a filter, e.g. `cargo test --test it cli::` or
//! `cargo test --test it store::forget`.
//!
//! Every module drives the real binary (`CARGO_BIN_EXE_staffscope`) or the
//! workspace's crates; `common` holds what they share. Checked-in inputs are
//! in `tests/data`; insta snapshots sit in a `snapshots` folder beside the
//! module that asserts them.

mod common;

mod assessment;
mod cli;
mod dashboard;
mod demo;
mod git_parity;
mod layout;
mod parsers_never_panic;
mod patterns;
mod planted_addresses;
mod privacy;
mod scale;
mod store;
