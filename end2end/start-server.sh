#!/usr/bin/env bash
# Starts the built server on a fresh SQLite database with the demo data, for Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-3107}"
data="target/e2e-data-$port"
rm -rf "$data"
export DATA_DIR="$data" LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}" LEPTOS_SITE_ADDR="127.0.0.1:$port"
export OUTBOX_POLL_MS=200 RUST_LOG="${RUST_LOG:-warn}"
unset DATABASE_URL
bin="${SERVER_BIN:-target/debug/server}"
"$bin" seed >/dev/null
exec "$bin"
