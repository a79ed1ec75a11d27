//! Every parser of outside input under its coverage-guided fuzzer, briefly:
//! `fuzz/run` runs each cargo-fuzz target for `STAFFSCOPE_FUZZ_SECONDS`
//! (default 10) from the committed seeds and fails on any crash, leaving the
//! input in `fuzz/artifacts/`. Longer runs: `bash fuzz/run 600`.

use std::process::Command;

#[test]
fn every_parser_survives_its_fuzzer() {
    let root = env!("CARGO_MANIFEST_DIR");
    let installed = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        installed,
        "cargo-fuzz is not installed: `cargo install cargo-fuzz --locked` (.ci/run does)"
    );
    let seconds = std::env::var("STAFFSCOPE_FUZZ_SECONDS").unwrap_or_else(|_| "10".into());
    let output = Command::new("bash")
        .arg(format!("{root}/fuzz/run"))
        .arg(&seconds)
        .current_dir(root)
        // The outer `cargo test` sets variables meant for its own build.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET")
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(output.status.success(), "{stdout}\n{stderr}");
    // Every target ran and executed inputs.
    let table: Vec<&str> = stdout.lines().skip(1).collect();
    assert_eq!(table.len(), 13, "{stdout}");
    for row in table {
        let runs: u64 = row
            .split_whitespace()
            .nth(1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        assert!(runs > 0, "{row}");
    }
}
