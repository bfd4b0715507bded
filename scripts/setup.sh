#!/usr/bin/env bash
# Installs whatever is missing to build, run and test MIDSA Dialogue on a Debian machine:
# Debian packages (Chromium for the browser tests), the wasm32 target, the wasm-bindgen CLI
# (compiled from crates.io, never downloaded from GitHub), the npm packages (Playwright, axe-core,
# binaryen's wasm-opt, esbuild) and, for the tests, Python's icalendar (the independent .ics check),
# openpyxl, pypdf, openapi-spec-validator and schemathesis, cargo-machete and leptosfmt. The site is
# built by scripts/build-site.sh, which needs no cargo-leptos (`cargo install cargo-leptos@0.3.10
# --locked --features no_downloads` if you want its `watch` mode; the project's Cargo.toml
# configures it).
# Safe to run again: each step is skipped when its tool is already there.
#
#   ./scripts/setup.sh          what building and running the app needs (scripts/run.sh)
#   ./scripts/setup.sh --test   that and what the tests need besides (scripts/test.sh): Chromium,
#                               the PostgreSQL client, the Python checkers, cargo-machete, leptosfmt
set -euo pipefail
cd "$(dirname "$0")/.."

# Must equal the wasm-bindgen version in Cargo.lock (the crate and the CLI agree on the ABI).
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
ICALENDAR_VERSION=7.3.0
OPENPYXL_VERSION=3.1.5
OPENAPI_VALIDATOR_VERSION=0.9.0
SCHEMATHESIS_VERSION=4.32.5
PYPDF_VERSION=7.1.1

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

log() { printf '\n==> %s\n' "$*"; }

TEST=false
[ "${1:-}" = "--test" ] && TEST=true
CARGO_MACHETE_VERSION=0.9.2
LEPTOSFMT_VERSION=0.1.33

need_apt=()
if $TEST; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  command -v psql >/dev/null 2>&1 || need_apt+=(postgresql-client)
  command -v python3 >/dev/null 2>&1 || need_apt+=(python3 python3-pip)
fi
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v cc >/dev/null 2>&1 || need_apt+=(build-essential)
# Precompressed site files (scripts/precompress.sh); the benchmarks use wrk.
command -v brotli >/dev/null 2>&1 || need_apt+=(brotli)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 cargo install "wasm-bindgen-cli@$WASM_BINDGEN_VERSION" --locked
fi

if [ ! -x end2end/node_modules/.bin/playwright ] || [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ ! -x end2end/node_modules/.bin/esbuild ]; then
  log "npm ci (binaryen's wasm-opt, esbuild, Playwright, axe-core)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

if ! $TEST; then
  exit 0
fi

if ! python3 -c "import icalendar" 2>/dev/null; then
  log "pip install icalendar==$ICALENDAR_VERSION"
  python3 -m pip install --quiet "icalendar==$ICALENDAR_VERSION"
fi

if ! python3 -c "import openpyxl" 2>/dev/null; then
  log "pip install openpyxl==$OPENPYXL_VERSION (reads the XLSX exports in the tests)"
  python3 -m pip install --quiet "openpyxl==$OPENPYXL_VERSION"
fi

if ! python3 -c "import pypdf" 2>/dev/null; then
  log "pip install pypdf==$PYPDF_VERSION (reads the invitation letters and certificates back in the tests)"
  python3 -m pip install --quiet "pypdf==$PYPDF_VERSION"
fi

if ! schemathesis --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  log "pip install schemathesis==$SCHEMATHESIS_VERSION (fuzzes the JSON API from its OpenAPI document in the tests)"
  python3 -m pip install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi

if ! python3 -c "import openapi_spec_validator" 2>/dev/null; then
  log "pip install openapi-spec-validator==$OPENAPI_VALIDATOR_VERSION (checks the API's OpenAPI document in the tests)"
  python3 -m pip install --quiet "openapi-spec-validator==$OPENAPI_VALIDATOR_VERSION"
fi

if ! cargo machete --version 2>/dev/null | grep -q "$CARGO_MACHETE_VERSION"; then
  log "cargo install cargo-machete $CARGO_MACHETE_VERSION (unused dependencies, in the tests)"
  CARGO_PROFILE_DEV_DEBUG=0 cargo install "cargo-machete@$CARGO_MACHETE_VERSION" --locked --debug
fi

if ! leptosfmt --version 2>/dev/null | grep -q "$LEPTOSFMT_VERSION"; then
  log "cargo install leptosfmt $LEPTOSFMT_VERSION (formats the view! macros, checked in the tests)"
  CARGO_PROFILE_DEV_DEBUG=0 cargo install "leptosfmt@$LEPTOSFMT_VERSION" --locked --debug
fi
