#!/usr/bin/env bash
# Installs what is missing, builds the release site, loads the demo data into the embedded
# SQLite database (./data/midsa.db, only when it has no meetings yet) and serves the app.
#   PORT (default 3000), DATABASE_URL (default: SQLite under ./data)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/end2end/node_modules/.bin:$PATH"
# leptos reads LEPTOS_OUTPUT_NAME at compile time (to name the wasm file in its hydration
# script): every build must see the value the site build uses, or a plain `cargo build/test`
# rebuilds the server with the wrong file name.
export LEPTOS_OUTPUT_NAME=midsa
# The same flag as the tests (scripts/test.sh): views are type-erased, which keeps the deep
# view types of the larger pages (plan, dashboard) within the compiler's limits and the builds
# sharing compiled dependencies.
export RUSTFLAGS="--cfg erase_components"
./scripts/build-site.sh --release
./scripts/precompress.sh
export LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR="127.0.0.1:${PORT:-3000}"
./target/release/server seed
echo
exec ./target/release/server
