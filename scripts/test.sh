#!/usr/bin/env bash
# The whole test suite: formatting (rustfmt, leptosfmt), unused dependencies (cargo-machete),
# clippy (ssr, hydrate, tests and benches, inside the builds),
# the wasm dependency guard, unit tests, service and HTTP tests on SQLite and on PostgreSQL, then
# the Playwright end-to-end tests (hydrated and JavaScript-off; scripts/e2e.sh) against the built
# app in Debian's Chromium, and schemathesis against the JSON API.
#
#   TEST_PG_URL   PostgreSQL server used for the PostgreSQL pass
#                 (default postgres://postgres@127.0.0.1:5432/test)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n==> [%4ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }

step "setup"
./scripts/setup.sh --test
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/end2end/node_modules/.bin:$PATH"
# leptos reads LEPTOS_OUTPUT_NAME at compile time (to name the wasm file in its hydration
# script): every build must see the value the site build uses, or a plain `cargo build/test`
# rebuilds the server with the wrong file name.
export LEPTOS_OUTPUT_NAME=midsa
# The site build uses this flag; using it everywhere lets tests and builds share artifacts.
export RUSTFLAGS="--cfg erase_components"
PG_URL="${TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
# A clean clone compiles everything once: incremental compilation's bookkeeping would only cost
# time there (it pays off in a working copy, rebuilt after small edits).
if [ "${CI:-}" = true ]; then export CARGO_INCREMENTAL=0; fi

step "cargo fmt --check, leptosfmt --check (the view! macros), cargo machete (unused dependencies)"
cargo fmt --all -- --check
leptosfmt --check --quiet app/src
cargo machete

# Clippy runs inside the builds instead of as separate `cargo clippy` passes: clippy's driver
# compiles the workspace's own crates (what `cargo clippy` runs, with `-D warnings`), so each crate
# is compiled once for the site, the tests and the lints together. Everything the two clippy
# passes cover (`cargo clippy --workspace --all-targets` and `cargo clippy -p app --features
# hydrate --target wasm32-unknown-unknown`) goes through it: the site build (server with ssr, app
# with hydrate on wasm32), the test build and the benches. Dependencies are compiled as usual.
export RUSTC_WORKSPACE_WRAPPER="$(rustc --print sysroot)/bin/clippy-driver"
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"

step "build the site (scripts/build-site.sh; clippy on the ssr and hydrate code)"
./scripts/build-site.sh
./scripts/precompress.sh

step "no server-only crate in the wasm dependency tree"
./scripts/check-wasm-deps.sh

step "unit, service and HTTP tests on SQLite (clippy on the test targets)"
cargo test --workspace

step "clippy on the benches (compiled, not run)"
cargo test --workspace --benches --no-run

drop_test_databases() {
  psql "$PG_URL" -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'midsa_t_%'" | while read -r db; do
    psql "$PG_URL" -qc "DROP DATABASE IF EXISTS \"$db\"" >/dev/null
  done
}
step "service and HTTP tests on PostgreSQL ($PG_URL)"
drop_test_databases
# Same package/feature selection as above, so nothing is rebuilt.
TEST_DATABASE_URL="$PG_URL" cargo test --workspace --test services --test api
drop_test_databases

step "end-to-end tests (Playwright, Debian Chromium; hydrated and JavaScript-off) and schemathesis against the JSON API, at the same time"
# Each has its own servers and ports; their output is shown when both are done.
fuzz_log=$(mktemp)
./scripts/schemathesis.sh >"$fuzz_log" 2>&1 &
fuzz=$!
e2e_status=0
./scripts/e2e.sh || e2e_status=$?
fuzz_status=0
wait "$fuzz" || fuzz_status=$?
printf '\n---- schemathesis (no 5xx) ----\n'
cat "$fuzz_log"
rm -f "$fuzz_log"
[ "$e2e_status" -eq 0 ] || { echo "Playwright failed" >&2; exit 1; }
[ "$fuzz_status" -eq 0 ] || { echo "schemathesis failed" >&2; exit 1; }

step "all tests passed"
