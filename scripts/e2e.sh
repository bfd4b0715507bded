#!/usr/bin/env bash
# The Playwright suite: the hydrated and the JavaScript-off projects run at the same time, each
# against its own server (its own port, SQLite database and mail folder under
# target/e2e-data-<port>), so neither waits for the other. Needs the built site
# (`cargo leptos build && ./scripts/precompress.sh`).
#
#   scripts/e2e.sh                          # everything
#   scripts/e2e.sh tests/trust.spec.ts      # arguments go to `playwright test` in both projects
set -euo pipefail
cd "$(dirname "$0")/../end2end"
export PATH="$PWD/node_modules/.bin:$PATH"
logs=$(mktemp -d)
run() {
  local project=$1 port=$2
  shift 2
  E2E_PORT=$port playwright test --project="$project" --pass-with-no-tests "$@" >"$logs/$project.log" 2>&1
}
run hydrated "${E2E_PORT_HYDRATED:-3107}" "$@" &
hydrated=$!
run no-js "${E2E_PORT_NOJS:-3108}" "$@" &
nojs=$!
status=0
wait "$hydrated" || status=1
wait "$nojs" || status=1
for project in hydrated no-js; do
  printf '\n---- Playwright, %s project ----\n' "$project"
  cat "$logs/$project.log"
done
rm -rf "$logs"
exit "$status"
