#!/usr/bin/env bash
# Schemathesis (PyPI) against the JSON API's OpenAPI document: generated and mutated requests
# to every operation, anonymously and with a focal point's bearer token, on a fresh copy of the
# demo data; fails on any 5xx (check `not_a_server_error`) or a server that stops answering.
# Uses the server binary already built (target/debug/server by default; SERVER_BIN to change).
#
#   MAX_EXAMPLES   examples per operation and phase (default 100)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${SERVER_BIN:-target/debug/server}"
MAX_EXAMPLES="${MAX_EXAMPLES:-100}"
[ -x "$BIN" ] || { echo "$BIN not built (scripts/build-site.sh)" >&2; exit 1; }
command -v schemathesis >/dev/null || { echo "schemathesis not installed (scripts/setup.sh)" >&2; exit 1; }

port=3407
base="http://127.0.0.1:$port"
work=target/schemathesis
rm -rf "$work" && mkdir -p "$work"
export DATA_DIR="$work/data" DATABASE_URL="sqlite://$work/data/midsa.db?mode=rwc" RUST_LOG=warn \
  LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR="127.0.0.1:$port" OUTBOX_POLL_MS=1000
"$BIN" seed >/dev/null
token=$("$BIN" create-token focal.tz@midsa.example "schemathesis" | tail -1)
"$BIN" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "$base/health" >/dev/null && break; sleep 0.1; done

run() { # label, extra args…
  echo "==> schemathesis ($1)"
  shift
  schemathesis run "$base/api/v1/openapi.json" --checks not_a_server_error --max-examples "$MAX_EXAMPLES" \
    --phases examples,coverage,fuzzing --request-timeout 20 --workers 2 --suppress-health-check all \
    --report junit --report-dir "$work/reports" --seed 20261201 --generation-database none --no-color "$@"
}
run "anonymous"
run "focal point of Tanzania" -H "Authorization: Bearer $token"
# Still serving after all of it.
curl -fs "$base/health" >/dev/null || { echo "the server stopped answering" >&2; tail -50 "$work/server.log" >&2; exit 1; }
if grep -q "panicked" "$work/server.log"; then echo "the server panicked:" >&2; grep -A5 panicked "$work/server.log" >&2; exit 1; fi
echo "schemathesis: no server error"
