#!/usr/bin/env bash
# The whole test suite: formatting, clippy (ssr and hydrate), the wasm dependency guard, unit
# tests, service and HTTP tests on SQLite and on PostgreSQL, then the Playwright end-to-end
# tests (hydrated and JavaScript-off) against the built app in Debian's Chromium, and schemathesis
# against the JSON API.
#
#   TEST_PG_URL   PostgreSQL server used for the PostgreSQL pass
#                 (default postgres://postgres@127.0.0.1:5432/test)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n==> [%4ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }

step "setup"
./scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/end2end/node_modules/.bin:$PATH"
# leptos reads LEPTOS_OUTPUT_NAME at compile time (to name the wasm file in its hydration
# script): every build must see the value cargo-leptos uses, or a plain `cargo build/test`
# rebuilds the server with the wrong file name.
export LEPTOS_OUTPUT_NAME=midsa
# cargo-leptos builds with this flag; using it everywhere lets tests and builds share artifacts.
export RUSTFLAGS="--cfg erase_components"
PG_URL="${TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"

step "cargo fmt --check"
cargo fmt --all -- --check

step "build the site (cargo leptos build)"
cargo leptos build
./scripts/precompress.sh

step "clippy (ssr, all targets)"
cargo clippy --workspace --all-targets -- -D warnings
step "clippy (hydrate, wasm32)"
cargo clippy -p app --features hydrate --target wasm32-unknown-unknown -- -D warnings

step "no server-only crate in the wasm dependency tree"
./scripts/check-wasm-deps.sh

step "unit, service and HTTP tests on SQLite"
cargo test --workspace

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

step "end-to-end tests (Playwright, Debian Chromium; hydrated and JavaScript-off)"
(cd end2end && npx playwright test)

step "schemathesis against the JSON API's OpenAPI document (no 5xx)"
./scripts/schemathesis.sh

step "all tests passed"
