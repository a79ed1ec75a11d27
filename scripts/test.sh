#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine with only the Rust
# toolchain: installs or starts what the tests need, then runs every test.
# CI runs exactly this (.ci/run). Installing needs root, or sudo.
#
#   1. git (the tests build real repositories with it), Chromium and its
#      WebDriver (the dashboard's tests drive a real browser), PostgreSQL
#      (the store's tests run on a real server, started on loopback) and
#      cargo-fuzz; each is skipped when already there.
#   2. cargo test --workspace --locked: every crate's unit tests, the
#      integration tests, the doc tests.
#   3. Every parser's fuzz target for STAFFSCOPE_FUZZ_SECONDS (default 10)
#      each; STAFFSCOPE_FUZZ_SECONDS=0 skips this step.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v git >/dev/null 2>&1 || missing+=(git)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
    echo "test.sh: installing ${missing[*]}" >&2
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

. scripts/postgres.sh
export STAFFSCOPE_TEST_POSTGRES

cargo test --workspace --locked

seconds=${STAFFSCOPE_FUZZ_SECONDS:-10}
if [ "$seconds" != 0 ]; then
    if ! cargo fuzz --version >/dev/null 2>&1; then
        echo "test.sh: installing cargo-fuzz" >&2
        cargo install cargo-fuzz --locked
    fi
    bash fuzz/run "$seconds"
fi
