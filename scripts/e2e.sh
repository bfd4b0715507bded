#!/usr/bin/env bash
# The Playwright suite, both projects (hydrated and JavaScript-off), each against its own server
# (its own port, SQLite database and mail folder under target/e2e-data-<port>). Needs the built
# site (`./scripts/build-site.sh && ./scripts/precompress.sh`).
#
# With four cores or more (or E2E_PARALLEL=1) the two projects run at the same time, one process
# each; on two cores they run one after the other, which measured as fast (the browser tests
# are CPU-bound: in parallel each took twice as long) and never starves a test into a timeout.
#
#   scripts/e2e.sh                          # everything
#   scripts/e2e.sh tests/trust.spec.ts      # arguments go to `playwright test`
set -euo pipefail
cd "$(dirname "$0")/../end2end"
export PATH="$PWD/node_modules/.bin:$PATH"
parallel="${E2E_PARALLEL:-}"
if [ -z "$parallel" ]; then
  if [ "$(nproc)" -ge 4 ]; then parallel=1; else parallel=0; fi
fi
if [ "$parallel" != 1 ]; then
  exec playwright test "$@"
fi
logs=$(mktemp -d)
for project in hydrated no-js; do
  E2E_PROJECT=$project playwright test --pass-with-no-tests "$@" >"$logs/$project.log" 2>&1 &
  echo $! >"$logs/$project.pid"
done
status=0
for project in hydrated no-js; do
  wait "$(cat "$logs/$project.pid")" || status=1
  printf '\n---- Playwright, %s project ----\n' "$project"
  cat "$logs/$project.log"
done
rm -rf "$logs"
exit "$status"
